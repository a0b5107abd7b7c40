"""Import PETRARCH/Phoenix (TABARI-style) actor and agent dictionaries.

Decades of CAMEO-coded dictionaries are written in this format. This module reads them and turns
them into eventwire's own knowledge files (``docs/DATA_FORMATS.md``), so they can be loaded as
user dictionaries, either converted once (``import_actors`` / ``convert``, the command
``eventwire import-actors``) or given directly to the loader (``kb.entries_from_file`` calls
``entries`` for a file that ``looks_like_phoenix``).

The format, as the parser reads it
----------------------------------
Comments: a line starting with ``#``; anything after ``#`` (or after a blank and ``;``, the old
KEDS/TABARI rule) on a line; ``<!-- ... -->``, also over several lines. Blank lines are skipped.

Actor files (``*.actors``): a record is a primary phrase, then synonyms (lines starting with
``+``), then codes, either on the phrase's line or on indented lines::

    BARACK_OBAMA            primary phrase; ``_`` and blanks both separate words
    +PRESIDENT_OBAMA        synonym
        [USAELI 780101-000101]   code with a date restriction
        [USAGOV >090120]
        [USAELI]                 code without a date: the default outside every restriction

Code-less primary phrases on the lines right before an entry (no blank line, no comment line and
no unreadable code between them) share that entry's codes: the files are written that way
(``LEONID_BREZHNEV_`` / ``LEONID_ILYICH_BREZHNEV`` / ... then the codes). PETRARCH itself leaves
them without a code; eventwire follows the writers' evident intent.

A code is a CAMEO actor code (three-letter elements: ``USAGOVMIL``, ``IGOUNOREFHCR``) or ``---``,
the null code (the phrase is not an actor). A restriction is ``<DATE`` (up to and including),
``>DATE`` (from and including) or ``DATE-DATE``; dates are ``YYYYMMDD`` or ``YYMMDD`` (``YY`` up to
30 is 20YY, else 19YY, as in TABARI).

Agent files (``*.agents``): one role phrase per line with its code, ``~`` before the code
(``[~GOV]``: added after the actor's code) or after it (``[NGO~]``: added before); an optional
``{PLURAL}`` (``{}``: no plural); otherwise the regular English plural is made (of the word before
the first preposition, else of the last word; none when that word already ends in S).
Substitution sets: ``!PERSON! = MAN, MEN, WOMAN`` defines a set; ``CONGRESS!PERSON! [~LEG]`` stands
for one phrase per member of the set (no plural made).

Problems
--------
A line that leaves the rest of the file ambiguous raises ``PhoenixError`` with the file and the
line number: a synonym or a code before any actor entry, a ``[`` never closed, a ``<!--`` never
closed. Other problems (a date that is not a date, a code with stray characters, an agent without
a code ...) are recorded as ``Issue`` objects with their line number and the line is skipped or
repaired as the message says; with ``strict=True`` they raise ``PhoenixError`` as well.

Conversion to eventwire's formats
---------------------------------
- an actor whose codes carry dates -> rows of the leaders format, one per dated code, plus rows
  for the default code over the periods no dated code covers (the Phoenix meaning of a default);
- an actor with one undated code -> an organization row (country and sectors), or, when the code
  names only a country, a country row (all the names of one country are merged into one row);
- an actor whose only code is ``---`` -> a non-actor phrase (it keeps longer names from being read
  as an actor, as in Phoenix);
- an agent -> a role row (phrases with every inflected form written out, sectors).
CAMEO elements are read with ``data/actors/cameo_countries.tsv`` and ``cameo_sectors.tsv``.
By default names eventwire already knows (any built-in knowledge file) are left out, so an import
adds knowledge without changing what eventwire already resolves (``keep_builtin=False`` lets the
imported entries override the built-in ones, as any user dictionary does).
"""
from __future__ import annotations

import datetime as dt
import functools
import itertools
import logging
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from . import kb as kbmod

log = logging.getLogger(__name__)

NULL_CODE = "---"
ACTORS, AGENTS = "actors", "agents"

# the formats the converter writes, in the order the loader should read them
FORMATS: dict[str, list[str]] = {
    "countries": ["iso3", "iso2", "name", "names", "adjectives", "demonyms", "capital"],
    "orgs": ["name", "aliases", "country", "sectors", "note"],
    "roles": ["phrases", "sectors", "title", "note"],
    "leaders": ["name", "aliases", "country", "role", "start", "end", "sectors", "note"],
    "non_actors": ["phrases", "note"],
}

# sectors that say "state or armed actor": field and religion elements give no sector beside them
STATE_ARMED = frozenset("GOV MIL COP JUD LEG SPY REB UAF PRM".split())


# ------------------------------------------------------------------------------------ problems

class PhoenixError(ValueError):
    """A problem in a Phoenix file, with the file and line it is on."""

    def __init__(self, source: str, line: int, message: str):
        self.source, self.line, self.message = source, line, message
        super().__init__(f"{source}:{line}: {message}")


@dataclass(frozen=True)
class Issue:
    """A problem the parser worked around (the message says how)."""

    source: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.source}:{self.line}: {self.message}"


class _Reporter:
    def __init__(self, source: str, strict: bool):
        self.source, self.strict = source, strict
        self.issues: list[Issue] = []

    def fatal(self, line: int, message: str) -> PhoenixError:
        return PhoenixError(self.source, line, message)

    def problem(self, line: int, message: str) -> None:
        if self.strict:
            raise PhoenixError(self.source, line, message)
        self.issues.append(Issue(self.source, line, message))


# ------------------------------------------------------------------------------------ records

@dataclass(frozen=True)
class Code:
    """One code of an actor, with its date restriction (``start``/``end`` are inclusive)."""

    code: str
    start: dt.date | None = None
    end: dt.date | None = None
    dated: bool = False
    line: int = 0
    written: str = ""  # the bracket's content as written

    @property
    def null(self) -> bool:
        return self.code == NULL_CODE


@dataclass
class ActorEntry:
    phrase: str                      # primary phrase as written (``BARACK_OBAMA``)
    line: int
    synonyms: list[str] = field(default_factory=list)
    codes: list[Code] = field(default_factory=list)
    shared_from: int = 0             # line of the entry whose codes this code-less phrase shares
    brackets: int = 0                # codes written, readable or not

    @property
    def phrases(self) -> list[str]:
        return [self.phrase, *self.synonyms]


@dataclass
class AgentEntry:
    phrases: list[str]               # singular forms, markers substituted (``FOREIGN MINISTER``)
    plurals: list[str]               # plural forms (given in ``{}`` or made)
    code: str                        # as written: ``~GOVMED``, ``NGO~``
    line: int


@dataclass
class PhoenixFile:
    source: str
    kind: str                        # "actors" or "agents"
    actors: list[ActorEntry] = field(default_factory=list)
    agents: list[AgentEntry] = field(default_factory=list)
    markers: dict[str, list[str]] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    lines: int = 0


# ------------------------------------------------------------------------------------ reading

def _read_text(path: Path, rep: _Reporter | None = None) -> str:
    data = Path(path).read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        if rep is not None:
            rep.problem(line, "the file is not UTF-8: read as Latin-1")
        text = data.decode("latin-1")
    return text.lstrip("\ufeff")


def _content_lines(text: str, rep: _Reporter) -> Iterator[tuple[int, str]]:
    """(line number, content) for every line with something left once comments are removed."""
    open_at = 0  # line where a <!-- comment that is not closed yet began
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw
        kept = []
        while line:
            if open_at:
                k = line.find("-->")
                if k < 0:
                    line = ""
                    break
                line = line[k + 3:]
                open_at = 0
                continue
            k = line.find("<!--")
            if k < 0:
                kept.append(line)
                break
            kept.append(line[:k] + " ")
            line = line[k + 4:]
            open_at = n
        line = "".join(kept)
        if line.lstrip().startswith("#"):
            continue
        k = line.find("#")
        if k >= 0:
            line = line[:k]
        m = re.search(r"(^|\s);", line)
        if m:
            line = line[:m.start()]
        if line.strip():
            yield n, line.rstrip()
    if open_at:
        raise rep.fatal(open_at, "comment opened with '<!--' is never closed with '-->'")


def _split_brackets(content: str, n: int, rep: _Reporter) -> tuple[str, list[str]]:
    """The text outside ``[...]`` and the contents of every bracket, in order."""
    outside: list[str] = []
    inside: list[str] = []
    i = 0
    after_code = False
    while i < len(content):
        k = content.find("[", i)
        rest = content[i:] if k < 0 else content[i:k]
        if "]" in rest:
            rep.problem(n, f"']' without '[' in {rest.strip()!r}: the ']' is dropped")
            rest = rest.replace("]", "")
        if after_code and rest.strip():
            rep.problem(n, f"text after a code is ignored: {rest.strip()!r}")
        elif rest:
            outside.append(rest)
        if k < 0:
            break
        close = content.find("]", k + 1)
        reopen = content.find("[", k + 1)
        if close < 0 or (0 <= reopen < close):
            brace = content.find("}", k + 1)
            if brace >= 0 and (reopen < 0 or brace < reopen):
                rep.problem(n, "code closed with '}' instead of ']': read as ']'")
                close = brace
            else:
                raise rep.fatal(n, f"'[' is never closed in {content.strip()!r}")
        inside.append(content[k + 1:close])
        i = close + 1
        after_code = True
    return "".join(outside), inside


def _date(digits: str) -> dt.date:
    """``YYYYMMDD`` or ``YYMMDD`` (YY <= 30 -> 20YY, else 19YY); ValueError says what is wrong."""
    if len(digits) == 8:
        y, m, d = int(digits[:4]), int(digits[4:6]), int(digits[6:])
    elif len(digits) == 6:
        y, m, d = int(digits[:2]), int(digits[2:4]), int(digits[4:])
        y += 2000 if y <= 30 else 1900
    else:
        raise ValueError(f"date {digits!r} has {len(digits)} digits: YYMMDD or YYYYMMDD expected")
    try:
        return dt.date(y, m, d)
    except ValueError:
        raise ValueError(f"date {digits!r} is not a day of the calendar") from None


_CODE_RE = re.compile(r"[A-Z0-9]+")


def _actor_code(inner: str, n: int, rep: _Reporter) -> Code | None:
    parts = inner.split()
    if not parts:
        rep.problem(n, "empty code '[]' is ignored")
        return None
    code, restriction = parts[0], "".join(parts[1:])
    if code != NULL_CODE:
        if code != code.upper() and _CODE_RE.fullmatch(code.upper()):
            rep.problem(n, f"code {code!r} written in lower case: read as {code.upper()!r}")
            code = code.upper()
        if not _CODE_RE.fullmatch(code):
            rep.problem(n, f"code {code!r} is not a CAMEO code (letters and digits): ignored")
            return None
        if len(code) % 3:
            rep.problem(n, f"code {code!r} is not made of three-letter elements: "
                           f"its last {len(code) % 3} character(s) are not read")
    if not restriction:
        return Code(code, line=n, written=inner.strip())
    try:
        m = re.fullmatch(r"([<>]?)(\d+)", restriction)
        if m:
            day = _date(m.group(2))
            if m.group(1) == "<":
                return Code(code, None, day, True, n, inner.strip())
            if m.group(1) == "":
                rep.problem(n, f"date {restriction!r} without '<', '>' or a range: read as '>{restriction}'")
            return Code(code, day, None, True, n, inner.strip())
        m = re.fullmatch(r"(\d+)-(\d+)", restriction)
        if m:
            start, end = _date(m.group(1)), _date(m.group(2))
            if end < start:
                raise ValueError(f"date range {restriction!r} ends before it starts")
            return Code(code, start, end, True, n, inner.strip())
        raise ValueError(f"date restriction {restriction!r} is not '<DATE', '>DATE' or 'DATE-DATE'")
    except ValueError as exc:
        rep.problem(n, f"{exc}: code [{inner.strip()}] ignored")
        return None


def _phrases(text: str, n: int, rep: _Reporter) -> list[str]:
    """A phrase as written, split where a '+' inside it joins two synonyms by mistake."""
    parts = [p.strip() for p in text.split("+")]
    parts = [p for p in parts if p.strip("_ ")]
    if len(parts) > 1:
        rep.problem(n, f"'+' inside a phrase: read as {len(parts)} synonyms")
    return parts


def _parse_actors(pf: PhoenixFile, lines: Iterable[tuple[int, str]], rep: _Reporter) -> None:
    current: ActorEntry | None = None
    chain: list[ActorEntry] = []  # code-less entries on the lines right before ``current``
    last = 0

    def close(next_line: int) -> None:
        """``current`` is complete: it shares its codes with the chain, or joins the chain."""
        nonlocal chain
        if current is None:
            return
        if current.codes:
            for e in chain:
                e.codes = list(current.codes)
                e.shared_from = current.line
            chain = []
        elif next_line == last + 1 and not current.brackets:
            chain.append(current)
        else:
            chain = []

    for n, content in lines:
        stripped = content.strip()
        text, brackets = _split_brackets(content, n, rep)
        codes = [c for c in (_actor_code(b, n, rep) for b in brackets) if c is not None]
        if stripped.startswith("+"):
            if current is None:
                raise rep.fatal(n, f"synonym {stripped!r} comes before any actor entry")
            current.synonyms.extend(_phrases(text.strip()[1:], n, rep))
            current.codes.extend(codes)
            current.brackets += len(brackets)
        elif stripped.startswith("["):
            if current is None:
                raise rep.fatal(n, f"code {stripped!r} comes before any actor entry")
            if text.strip():
                rep.problem(n, f"text before a code is ignored: {text.strip()!r}")
            current.codes.extend(codes)
            current.brackets += len(brackets)
        else:
            phrases = _phrases(text, n, rep)
            if not phrases:
                rep.problem(n, f"line without a phrase is ignored: {stripped!r}")
                last = n
                continue
            close(n)
            current = ActorEntry(phrases[0], n, phrases[1:], codes, brackets=len(brackets))
            pf.actors.append(current)
        last = n
    close(-1)
    for e in pf.actors:
        if not e.codes:
            what = "no readable code" if e.brackets else "no code"
            rep.problem(e.line, f"actor {e.phrase!r} has {what}: left out")
        undated = [c for c in e.codes if not c.dated]
        if len(undated) > 1:
            rep.problem(undated[1].line, f"actor {e.phrase!r} has {len(undated)} codes without a date: "
                                         f"the first ([{undated[0].written}]) is its default, the others are ignored")


_HEAD_ENDS = frozenset("OF FOR TO AT IN ON WITH FROM ALONG AGAINST".split())


def _plural(phrase: str) -> str | None:
    """The regular English plural of a phrase (None when its head already looks plural).

    The head is the word before the first preposition (``COUNCIL_OF_ELDERS`` -> ``COUNCILS OF
    ELDERS``), else the last word; a head ending in S (but not SS) is taken as plural already
    (``ARMED_FORCES``, ``FOREIGN_AFFAIRS``).
    """
    words = phrase.split(" ")
    head = next((i - 1 for i, w in enumerate(words) if i > 0 and w.upper() in _HEAD_ENDS), len(words) - 1)
    w = words[head]
    up = w.upper()
    if not up.isalpha() or (up.endswith("S") and not up.endswith("SS")):
        return None
    irregular = {"MAN": "MEN", "PERSON": "PEOPLE", "CHILD": "CHILDREN", "WIFE": "WIVES", "THIEF": "THIEVES"}
    not_man = ("HUMAN", "GERMAN", "ROMAN", "SHAMAN", "OTTOMAN", "TALISMAN")
    plural = None
    for sing, plur in irregular.items():
        if up.endswith(sing) and not (sing == "MAN" and up.endswith(not_man)):
            plural = up[: len(up) - len(sing)] + plur
            break
    if plural is None:
        if up.endswith(("S", "X", "Z", "CH", "SH")):
            plural = up + "ES"
        elif up.endswith("Y") and len(up) > 1 and up[-2] not in "AEIOU":
            plural = up[:-1] + "IES"
        else:
            plural = up + "S"
    if w != up:
        plural = plural.lower()
    return " ".join([*words[:head], plural, *words[head + 1:]])


def _words(raw: str) -> str:
    return " ".join(raw.replace("_", " ").split())


_MARKER_DEF = re.compile(r"^!([^!\s]+)!\s*=(.*)$")
_MARKER_USE = re.compile(r"!([^!\s]+)!")


def _parse_agents(pf: PhoenixFile, lines: Iterable[tuple[int, str]], rep: _Reporter) -> None:
    for n, content in lines:
        stripped = content.strip()
        m = _MARKER_DEF.match(stripped)
        if m:
            values = [v.strip() for v in m.group(2).split(",") if v.strip()]
            if not values:
                rep.problem(n, f"substitution set !{m.group(1)}! has no members: ignored")
                continue
            if m.group(1) in pf.markers:
                rep.problem(n, f"substitution set !{m.group(1)}! defined again: the new definition is used")
            pf.markers[m.group(1)] = values
            continue
        if "=" in stripped and stripped.startswith("!"):
            rep.problem(n, f"substitution set not written '!NAME! = A, B, C': {stripped!r} ignored")
            continue
        text, brackets = _split_brackets(content, n, rep)
        if not brackets:
            rep.problem(n, f"agent {stripped!r} has no code: left out")
            continue
        if len(brackets) > 1:
            rep.problem(n, "agent with more than one code: the first is used")
        code = brackets[0].strip().upper()
        if not re.fullmatch(r"~?[A-Z0-9]+~?", code) or code.count("~") > 1:
            rep.problem(n, f"agent code [{brackets[0].strip()}] is not '~CODE' or 'CODE~': left out")
            continue
        if "~" not in code:
            rep.problem(n, f"agent code [{code}] without '~': read as [~{code}]")
            code = "~" + code
        plural: str | None = None  # None: make the regular plural
        if "{" in text:
            k = text.find("{")
            e = text.find("}", k)
            if e < 0:
                rep.problem(n, "'{' is never closed: agent left out")
                continue
            if text[e + 1:].strip():
                rep.problem(n, f"text after the plural is ignored: {text[e + 1:].strip()!r}")
            plural = _words(text[k + 1:e])
            text = text[:k]
        phrase = _words(text)
        if not phrase:
            rep.problem(n, "agent without a phrase: left out")
            continue
        if "!" in phrase:
            if phrase.count("!") % 2:
                rep.problem(n, f"unpaired '!' in {phrase!r}: agent left out")
                continue
            names = list(dict.fromkeys(_MARKER_USE.findall(phrase)))
            missing = [x for x in names if x not in pf.markers]
            if missing:
                rep.problem(n, f"substitution set !{missing[0]}! is not defined: agent left out")
                continue
            forms = []
            for combo in itertools.product(*(pf.markers[x] for x in names)):
                sub = dict(zip(names, combo))
                forms.append(_words(_MARKER_USE.sub(lambda mm: sub[mm.group(1)], phrase)))
            pf.agents.append(AgentEntry(forms, [], code, n))
            continue
        made = _plural(phrase) if plural is None else None
        plurals = [made] if made else ([plural] if plural else [])
        pf.agents.append(AgentEntry([phrase], plurals, code, n))


def guess_kind(text: str) -> str:
    """``agents`` when the text has agent codes (``[~GOV]``) or substitution sets, else ``actors``."""
    if re.search(r"\[\s*~|~\s*\]", text) or re.search(r"^\s*!\w+!\s*=", text, re.M):
        return AGENTS
    return ACTORS


def parse_text(text: str, source: str = "<text>", kind: str | None = None, strict: bool = False) -> PhoenixFile:
    """Parse the text of a Phoenix actors or agents file (``kind`` guessed when not given)."""
    rep = _Reporter(source, strict)
    kind = kind or guess_kind(text)
    if kind not in (ACTORS, AGENTS):
        raise ValueError(f"kind must be {ACTORS!r} or {AGENTS!r}, not {kind!r}")
    pf = PhoenixFile(source, kind, lines=text.count("\n") + (0 if text.endswith("\n") or not text else 1))
    lines = _content_lines(text, rep)
    (_parse_actors if kind == ACTORS else _parse_agents)(pf, lines, rep)
    pf.issues = rep.issues
    return pf


def parse(path: Path | str, kind: str | None = None, strict: bool = False) -> PhoenixFile:
    """Parse a Phoenix actors or agents file; see the module documentation."""
    path = Path(path)
    rep = _Reporter(path.name, strict)
    text = _read_text(path, rep)
    pf = parse_text(text, path.name, kind, strict)
    pf.issues = rep.issues + pf.issues
    return pf


def looks_like_phoenix(path: Path | str) -> bool:
    """True for a file in the Phoenix format (never for ``.tsv``/``.csv`` files)."""
    path = Path(path)
    if path.suffix.lower() in (".tsv", ".csv"):
        return False
    try:
        with open(path, "rb") as fh:
            head = fh.read(1 << 16).decode("utf-8", "replace")
    except OSError:
        return False
    for line in head.splitlines():
        s = line.strip().lstrip("\ufeff")
        if not s or s.startswith(("#", "<!")):
            continue
        if "\t" in s and "[" not in s:
            return False  # a header of tab-separated columns
        if (re.search(r"\[\s*(~?[A-Z0-9]{3,}~?|---)(\s[^\]]*)?\]", s) or s.startswith("+")
                or _MARKER_DEF.match(s)):
            return True
    return False


# ------------------------------------------------------------------------------------ CAMEO codes

@dataclass(frozen=True)
class Element:
    code: str
    sectors: tuple[str, ...]
    kind: str
    note: str


@dataclass(frozen=True)
class Decoded:
    """What a CAMEO actor code says in eventwire's terms."""

    code: str
    country: str | None
    sectors: tuple[str, ...]
    labels: tuple[str, ...] = ()    # organizations, regions, peoples, status named by the code
    unknown: tuple[str, ...] = ()   # elements the mapping tables do not know
    organization: bool = False      # the code names a type (IGO, NGO ...) or an organization

    @property
    def empty(self) -> bool:
        return not self.country and not self.sectors


class CodeBook:
    """CAMEO code elements -> ISO countries and PLOVER sectors (``cameo_*.tsv``, ``countries.tsv``)."""

    def __init__(self, iso: dict[str, str], countries: dict[str, tuple[str, str, tuple[str, ...], str]],
                 elements: dict[str, Element]):
        self.iso = iso                  # ISO alpha-3 -> canonical name
        self.countries = countries      # CAMEO -> (ISO alpha-3, kind, sectors, note)
        self.elements = elements
        self._cache: dict[str, Decoded] = {}

    @classmethod
    @functools.lru_cache(maxsize=1)
    def default(cls) -> "CodeBook":
        d = kbmod.ACTOR_DIR
        iso = {r["iso3"].upper(): r.get("name") or r["iso3"] for r in kbmod.read_tsv(d / "countries.tsv")}
        countries = {}
        for i, r in enumerate(kbmod.read_tsv(d / "cameo_countries.tsv"), 2):
            target = r["country"].upper()
            if target not in iso:
                raise ValueError(f"cameo_countries.tsv: {r['cameo']} maps to {target}, not in countries.tsv")
            countries[r["cameo"].upper()] = (target, r.get("kind") or "cameo",
                                             kbmod._sectors(r.get("sectors"), f"cameo_countries.tsv:{r['cameo']}"),
                                             r.get("note") or "")
        elements = {}
        for r in kbmod.read_tsv(d / "cameo_sectors.tsv"):
            code = r["cameo"].upper()
            elements[code] = Element(code, kbmod._sectors(r.get("sectors"), f"cameo_sectors.tsv:{code}"),
                                     r.get("kind") or "role", r.get("note") or "")
        return cls(iso, countries, elements)

    def _country(self, el: str, first: bool) -> tuple[str, tuple[str, ...]] | None:
        if el in self.iso:
            return el, ()
        hit = self.countries.get(el)
        if hit and (first or hit[1] != "former_state"):
            return hit[0], hit[2]
        return None

    def decode(self, code: str, agent: bool = False) -> Decoded:
        """Read a CAMEO actor code (``~`` of agent codes is ignored).

        Element by element: the first element is a country if it can be one (else a type such as
        IGO, a region or a sector); later elements are sectors, organizations ... if the tables know
        them, else countries (a later country is more specific: USAPRI is Puerto Rico); right after
        a type (NGOUSA, MNCCHN) a country comes before everything but a religion (IMGMUS). IGOs get
        no country. Agent codes (``~GOV``, ``NGO~``, or ``agent=True``) read their first element
        like the later ones (``~MUS`` is Muslim, not Mauritius). Field and religion elements give
        their sector only when the code has no type and no state or armed sector.
        """
        agent = agent or "~" in code
        code = code.replace("~", "").strip().upper()
        key = ("~" if agent else "") + code
        if key in self._cache:
            return self._cache[key]
        if code == NULL_CODE:
            return Decoded(code, None, ())
        els = [code[i:i + 3] for i in range(0, len(code), 3)]
        country: str | None = None
        sectors: list[str] = []
        fields: list[str] = []
        labels: list[str] = []
        unknown: list[str] = []
        igo = typed = organization = False
        prev_type = False
        for i, el in enumerate(els):
            element = self.elements.get(el)
            as_country = None
            if len(el) == 3 and not el.isdigit():
                if i == 0 and not agent:
                    as_country = self._country(el, True)
                elif prev_type:
                    if not (element and element.kind == "religion"):
                        as_country = self._country(el, False)
                elif element is None:
                    as_country = self._country(el, False)
            prev_type = False
            if as_country:
                country = as_country[0]
                sectors.extend(as_country[1])
                continue
            if element is None:
                unknown.append(el)
                continue
            if element.kind == "type":
                typed = prev_type = True
                igo = igo or el == "IGO"
                sectors.extend(element.sectors)
            elif element.kind in ("field", "religion"):
                fields.extend(element.sectors)
            else:
                sectors.extend(element.sectors)
            if element.kind in ("organization", "region", "ethnic", "status"):
                labels.append(element.note.split(";")[0].split(" (")[0].split(":")[0])
            organization = organization or element.kind in ("organization", "type")
        if not typed and not STATE_ARMED.intersection(sectors):
            sectors.extend(fields)
        out = Decoded(code, None if igo else country, tuple(dict.fromkeys(sectors)),
                      tuple(dict.fromkeys(labels)), tuple(unknown), organization)
        self._cache[key] = out
        return out


# ------------------------------------------------------------------------------------ names

_PARTICLES = frozenset("of the and for in on at to by de del della der des di du da dos das van von "
                       "y et la le les bin ibn bint".split())
_HONORIFICS = frozenset("MR MRS MS DR ST JR SR GEN COL LT CAPT SGT MAJ ADM SEN REP GOV PRES PROF REV".split())
_VOWELS = frozenset("AEIOUY")


def _cap(part: str) -> str:
    """'O'BRIEN' -> "O'Brien", "MEN'S" -> "Men's", 'KI' -> 'Ki'."""
    if "'" in part:
        a, _, b = part.partition("'")
        if sum(c.isalpha() for c in a) == 1 and len(b) >= 2:
            return _cap(a) + "'" + _cap(b)
        return _cap(a) + "'" + b.lower()
    for i, c in enumerate(part):
        if c.isalpha():
            return part[:i] + c.upper() + part[i + 1:].lower()
    return part


def display_name(phrase: str, acronyms: frozenset[str] = frozenset()) -> str:
    """A Phoenix phrase (``SECRETARY-GENERAL_BAN_KI-MOON``) as a name (``Secretary-General Ban Ki-Moon``).

    Abbreviations stay in capitals, so that eventwire matches them only when written in capitals:
    a single word of three letters or less (``UN``, ``PKK``), a word with dots or digits
    (``U.N.``), a word without vowels (``DPRK``), a word in parentheses (``(AAIA)``) and the
    ``acronyms`` of the file. A phrase written in mixed case is kept as it is.
    """
    words = phrase.replace("_", " ").split()
    if any(c.islower() for c in phrase):
        return re.sub(r"[\t|]+", " ", " ".join(words)).strip()  # written in mixed case: kept
    out = []
    for i, w in enumerate(words):
        if w.startswith("(") and w.rstrip(",.").endswith(")"):
            out.append(w)
            continue
        parts = []
        for part in w.split("-"):
            bare = "".join(c for c in part if c.isalpha())
            if not bare:
                parts.append(part)
            elif len(words) == 1 and len(w.split("-")) == 1 and len(bare) <= 3:
                parts.append(part)
            elif bare in _HONORIFICS and part.rstrip(".") == bare:
                parts.append(_cap(part))
            elif "." in part.rstrip(".") or any(c.isdigit() for c in part):
                parts.append(part)
            elif len(bare) >= 2 and not _VOWELS.intersection(bare):
                parts.append(part)
            elif bare in acronyms:
                parts.append(part)
            elif i > 0 and bare.lower() in _PARTICLES:
                parts.append(part.lower())
            else:
                parts.append(_cap(part))
        out.append("-".join(parts))
    name = " ".join(out)
    return re.sub(r"[\t|]+", " ", name).strip()


def _initials(phrases: Iterable[str]) -> set[str]:
    """Initials of the multi-word phrases (NORTH_ATLANTIC_TREATY_ORGANIZATION -> NATO), with
    and without their small words."""
    out = set()
    for p in phrases:
        words = [w for w in re.split(r"[\s_\-]+", p.upper()) if any(c.isalpha() for c in w)]
        if len(words) < 2:
            continue
        for keep_small in (True, False):
            kept = [w for w in words if keep_small or w.lower() not in _PARTICLES]
            out.add("".join(w[0] for w in kept if w[0].isalpha()))
            # abbreviations inside the phrase count whole: UN_SECRETARY_GENERAL -> UNSG
            out.add("".join(w if len(w) <= 3 and w.isalpha() and not _VOWELS.issuperset(w) and
                            w.lower() not in _PARTICLES else w[0] for w in kept if w[0].isalpha()))
    return out


def _acronyms(pf: PhoenixFile) -> frozenset[str]:
    """Short single-word names of organizations and places in the file (UN, US, CIA ...)."""
    out = set()
    for e in pf.actors:
        if any(c.dated for c in e.codes):
            continue  # people: their short names are surnames
        for p in e.phrases:
            words = p.replace("_", " ").split()
            if len(words) == 1:
                bare = "".join(c for c in words[0] if c.isalpha())
                if 2 <= len(bare) <= 3 and bare.isupper():
                    out.add(bare)
    return frozenset(out)


# ------------------------------------------------------------------------------------ conversion

@dataclass
class Conversion:
    """A parsed file in eventwire's formats (rows by format, see ``FORMATS``)."""

    source: str
    kind: str
    rows: dict[str, list[dict[str, str]]] = field(default_factory=lambda: {f: [] for f in FORMATS})
    stats: Counter = field(default_factory=Counter)
    unknown: Counter = field(default_factory=Counter)   # CAMEO elements the tables do not know
    left_out: list[Issue] = field(default_factory=list)  # entries not converted, and why

    def entries(self, src: str | None = None) -> list[kbmod.Entry]:
        """The knowledge-base entries of the rows, read exactly as the TSV loader reads them."""
        src = src or self.source
        readers = {"countries": kbmod._country_entries, "orgs": kbmod._org_entries,
                   "roles": kbmod._role_entries, "leaders": kbmod._leader_entries,
                   "non_actors": kbmod._non_actor_entries}
        out: list[kbmod.Entry] = []
        for fmt in FORMATS:
            if self.rows[fmt]:
                out.extend(readers[fmt](self.rows[fmt], src))
        return out


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def _gaps(codes: Sequence[Code]) -> list[tuple[dt.date | None, dt.date | None]]:
    """The periods no dated code covers (bounds inclusive; None = open)."""
    lo, hi = dt.date.min, dt.date.max
    one = dt.timedelta(days=1)
    spans = sorted(((c.start or lo), (c.end or hi)) for c in codes if c.dated)
    gaps: list[tuple[dt.date, dt.date]] = []
    cursor: dt.date | None = lo  # first day not covered yet
    for s, e in spans:
        if s > cursor:
            gaps.append((cursor, s - one))
        if e >= cursor:
            if e == hi:
                cursor = None
                break
            cursor = e + one
    if cursor is not None:
        gaps.append((cursor, hi))
    return [(None if s == lo else s, None if e == hi else e) for s, e in gaps]


def _describe(d: Decoded) -> str:
    extra = [*d.labels, *(f"{u}?" for u in d.unknown)]
    return f"Phoenix {d.code}" + (f" ({', '.join(extra)})" if extra else "")


class _Known:
    """Names eventwire already knows (any built-in knowledge file)."""

    def __init__(self, kb: kbmod.KnowledgeBase | None):
        self.kb = kb

    def __call__(self, surface: str) -> bool:
        return bool(self.kb and self.kb.lookup(surface))


def _unique(names: Iterable[str]) -> list[str]:
    seen, out = set(), []
    for n in names:
        k = kbmod.norm(n)
        if n and k and k not in seen:
            seen.add(k)
            out.append(n)
    return out


_TITLE_WORDS = frozenset(
    "mr mr. mrs mrs. ms ms. dr dr. president president-elect premier prime minister senator sen sen. "
    "secretary secretary-general chancellor king queen general gen gen. former ex ex- leader chief "
    "administration government governor ambassador spokesman spokeswoman representative "
    "congressman congresswoman vice vice-president chairman".split())


def _canonical_first(names: list[str]) -> list[str]:
    """The names with, first, one that is a bare name (no title: "Barack H. Obama" before "Mr Obama")."""
    for i, n in enumerate(names):
        if not _TITLE_WORDS.intersection(n.lower().split()):
            return [n, *names[:i], *names[i + 1:]]
    return names


def _convert_actors(pf: PhoenixFile, book: CodeBook, known: _Known, conv: Conversion) -> None:
    acronyms = _acronyms(pf)
    countries: dict[str, list[str]] = {}
    st = conv.stats
    where = pf.source

    def leave(e: ActorEntry, why: str) -> None:
        st["left_out"] += 1
        conv.left_out.append(Issue(where, e.line, f"{e.phrase!r}: {why}"))

    def decode(code: Code) -> Decoded:
        d = book.decode(code.code)
        conv.unknown.update(d.unknown)
        return d

    for e in pf.actors:
        st["entries"] += 1
        short = {b for b in ("".join(c for c in p if c.isalpha()) for p in e.phrases)
                 if 4 <= len(b) <= 5 and b.isupper()}
        mine = acronyms | (short & _initials(e.phrases)) if short else acronyms
        all_names = _unique(display_name(p, mine) for p in e.phrases)
        names = [n for n in all_names if not known(n)]
        if not e.codes:
            leave(e, "no readable code" if e.brackets else "no code")
            continue
        if len(names) < len(all_names):
            st["names_known"] += len(all_names) - len(names)
        if not names:
            st["already_known"] += 1
            continue
        dated = [c for c in e.codes if c.dated]
        undated = [c for c in e.codes if not c.dated]
        default = undated[0] if undated else None
        ref = f"{where}:{e.line}"
        if dated:
            decoded = [(c, decode(c)) for c in dated if not c.null]
            if decoded and all(not set(d.sectors) - {"PRE"} for _, d in decoded):
                # a place whose country changed (LEIPZIG: DDR, then DEU): keep the latest code
                open_end = [c for c, _ in decoded if c.end is None]
                if open_end:
                    current = max(open_end, key=lambda c: c.start or dt.date.min)
                elif default is not None:
                    current = default
                else:
                    current = max((c for c, _ in decoded), key=lambda c: c.end or dt.date.max)
                st["places_with_dates"] += 1
                dated, default = [], current
            elif not decoded and (default is None or default.null):
                if default is None:
                    leave(e, "only null codes (---) with dates")
                    continue
                dated = []
        if dated:
            rows = []
            for c, d in decoded:
                if not d.sectors:
                    conv.left_out.append(Issue(where, c.line,
                                               f"{e.phrase!r}: [{c.written}] gives no sector: row left out"))
                    continue
                rows.append((c.start, c.end, d))
            if default is not None and not default.null:
                d0 = decode(default)
                if d0.sectors:
                    rows.extend((s, t, d0) for s, t in _gaps(dated))
                else:
                    conv.left_out.append(Issue(where, default.line, f"{e.phrase!r}: default [{default.written}] "
                                                                   "gives no sector: no rows for it"))
            if not rows:
                leave(e, "no code gives a sector")
                continue
            st["people"] += 1
            names = _canonical_first(names)
            for s, t, d in sorted(rows, key=lambda r: r[0] or dt.date.min):
                conv.rows["leaders"].append({
                    "name": names[0], "aliases": "|".join(names[1:]), "country": d.country or "",
                    "role": "other", "start": _iso(s), "end": _iso(t), "sectors": "|".join(d.sectors),
                    "note": f"{_describe(d)}; {ref}"})
                st["leader_rows"] += 1
            continue
        if default.null:
            conv.rows["non_actors"].append({"phrases": "|".join(names), "note": f"Phoenix null code (---); {ref}"})
            st["non_actors"] += 1
            continue
        d = decode(default)
        if d.empty:
            leave(e, f"code [{default.written}] gives neither a country nor a sector")
            continue
        if d.country and not d.sectors and not d.organization:
            countries.setdefault(d.country, []).extend(names)
            st["countries"] += 1
            continue
        conv.rows["orgs"].append({"name": names[0], "aliases": "|".join(names[1:]), "country": d.country or "",
                                  "sectors": "|".join(d.sectors), "note": f"{_describe(d)}; {ref}"})
        st["orgs"] += 1
    for iso3, names in countries.items():
        canonical = book.iso.get(iso3, iso3)
        rest = [n for n in _unique(names) if kbmod.norm(n) != kbmod.norm(canonical)]
        if not rest:
            continue
        conv.rows["countries"].append({"iso3": iso3, "iso2": "", "name": canonical, "names": "|".join(rest),
                                       "adjectives": "", "demonyms": "", "capital": ""})
    st["country_rows"] = len(conv.rows["countries"])


def _convert_agents(pf: PhoenixFile, book: CodeBook, known: _Known, conv: Conversion) -> None:
    st = conv.stats
    owner: dict[str, int] = {}          # phrase -> index of the row that has it (the last one wins)
    rows: list[tuple[list[str], tuple[str, ...], str]] = []
    for a in pf.agents:
        st["agents"] += 1
        d = book.decode(a.code)
        conv.unknown.update(d.unknown)
        if not d.sectors:
            st["left_out"] += 1
            conv.left_out.append(Issue(pf.source, a.line, f"{' / '.join(a.phrases)} [{a.code}]: no PLOVER sector"))
            continue
        phrases = []
        for p in _unique(x.lower() for x in [*a.phrases, *a.plurals]):
            if known(p):
                st["names_known"] += 1
                continue
            phrases.append(p)
        if not phrases:
            st["already_known"] += 1
            continue
        for p in phrases:
            k = kbmod.norm(p)
            if k in owner:
                st["phrases_redefined"] += 1
                old = rows[owner[k]]
                old[0][:] = [q for q in old[0] if kbmod.norm(q) != k]
            owner[k] = len(rows)
        rows.append((phrases, d.sectors, f"Phoenix [{a.code}]; {pf.source}:{a.line}"))
    for phrases, sectors, note in rows:
        if phrases:
            conv.rows["roles"].append({"phrases": "|".join(phrases), "sectors": "|".join(sectors),
                                       "title": "", "note": note})
            st["role_rows"] += 1
            st["role_phrases"] += len(phrases)


def convert_parsed(pf: PhoenixFile, builtin: kbmod.KnowledgeBase | None = None,
                   book: CodeBook | None = None) -> Conversion:
    """Rows in eventwire's formats for a parsed file; names ``builtin`` knows are left out."""
    book = book or CodeBook.default()
    conv = Conversion(pf.source, pf.kind)
    (_convert_actors if pf.kind == ACTORS else _convert_agents)(pf, book, _Known(builtin), conv)
    return conv


# ------------------------------------------------------------------------------------ files

def write_tsv(path: Path, header: Sequence[str], rows: Iterable[dict[str, str]], comments: Sequence[str] = ()) -> None:
    def cell(v: str) -> str:
        return re.sub(r"[\t\r\n]+", " ", v or "").strip()

    with open(path, "w", encoding="utf-8", newline="") as fh:
        for c in comments:
            fh.write(f"# {c}\n")
        fh.write("\t".join(header) + "\n")
        for r in rows:
            fh.write("\t".join(cell(r.get(h, "")) for h in header) + "\n")


@dataclass
class FileReport:
    path: Path
    parsed: PhoenixFile
    conversion: Conversion
    files: list[Path]


@dataclass
class ImportReport:
    reports: list[FileReport] = field(default_factory=list)

    @property
    def files(self) -> list[Path]:
        return [p for r in self.reports for p in r.files]

    @property
    def issues(self) -> list[Issue]:
        return [i for r in self.reports for i in r.parsed.issues]

    def summary(self) -> str:
        out = []
        for r in self.reports:
            pf, st = r.parsed, r.conversion.stats
            if pf.kind == ACTORS:
                what = (f"{len(pf.actors)} actor entries: {st['people']} people ({st['leader_rows']} dated rows), "
                        f"{st['orgs']} organizations, {st['countries']} country names, "
                        f"{st['non_actors']} non-actor phrases; {st['already_known']} already known, "
                        f"{st['left_out']} left out")
            else:
                what = (f"{len(pf.agents)} agents: {st['role_rows']} role rows ({st['role_phrases']} phrases); "
                        f"{st['already_known']} already known, {st['left_out']} left out")
            unknown = r.conversion.unknown
            tail = (f"; unknown CAMEO elements: {', '.join(f'{k} ({v})' for k, v in unknown.most_common(8))}"
                    if unknown else "")
            n = len(pf.issues)
            out.append(f"{pf.source}: {pf.lines} lines, {n} problem{'' if n == 1 else 's'} worked around; "
                       f"{what}{tail}")
            out.extend(f"  wrote {p}" for p in r.files)
        return "\n".join(out)


def _stem(path: Path) -> str:
    name = path.name
    for suffix in (".txt", ".dict", ".dic"):
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
    return re.sub(r"[^\w.+-]+", "_", name) or "phoenix"


def import_actors(paths: Iterable[Path | str], out_dir: Path | str, *, strict: bool = False,
                  keep_builtin: bool = True, kind: str | None = None) -> ImportReport:
    """Convert Phoenix files to eventwire knowledge files in ``out_dir``.

    For ``X.actors.txt`` the files are ``X.actors.countries.tsv``, ``.orgs.tsv``, ``.leaders.tsv``
    and ``.non_actors.tsv``; for an agents file ``X.agents.roles.tsv`` (only those with rows).
    Pass them to eventwire with ``--actors`` (``Settings.actor_dictionaries``), in the order of
    ``ImportReport.files``. Raises ``PhoenixError`` for a file that cannot be read.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    builtin = kbmod.load() if keep_builtin else None
    report = ImportReport()
    used: set[str] = set()
    for path in map(Path, paths):
        pf = parse(path, kind=kind, strict=strict)
        conv = convert_parsed(pf, builtin)
        stem = _stem(path)
        base, k = stem, 2
        while base in used:
            base, k = f"{stem}-{k}", k + 1
        used.add(base)
        written = []
        for fmt, header in FORMATS.items():
            rows = conv.rows[fmt]
            if not rows:
                continue
            target = out_dir / f"{base}.{fmt}.tsv"
            write_tsv(target, header, rows, [
                f"Converted by eventwire from the Phoenix {pf.kind} file {path.name} "
                f"({'built-in names left out' if keep_builtin else 'all names'}).",
                "Format: docs/DATA_FORMATS.md. Load with --actors (Settings.actor_dictionaries)."])
            written.append(target)
        report.reports.append(FileReport(path, pf, conv, written))
    return report


def convert(paths: Path | str | Iterable[Path | str], out_dir: Path | str, **options) -> list[Path]:
    """Convert Phoenix files to eventwire knowledge files; the paths of the files written."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    return import_actors(paths, out_dir, **options).files


def entries(path: Path | str, keep_builtin: bool = True) -> list[kbmod.Entry]:
    """Knowledge-base entries of a Phoenix file, for ``kb.entries_from_file`` (problems are logged)."""
    path = Path(path)
    pf = parse(path)
    for issue in pf.issues:
        log.warning("%s", issue)
    conv = convert_parsed(pf, kbmod.load() if keep_builtin else None)
    return conv.entries(path.name)


__all__ = ["ACTORS", "AGENTS", "ActorEntry", "AgentEntry", "Code", "CodeBook", "Conversion", "Decoded",
           "ImportReport", "Issue", "PhoenixError", "PhoenixFile", "convert", "convert_parsed",
           "display_name", "entries", "guess_kind", "import_actors", "looks_like_phoenix", "parse",
           "parse_text"]
