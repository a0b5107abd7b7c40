"""The actor knowledge base: countries, organizations, role words and a time-aware leaders table,
loaded once from the TSV files under ``data/actors/`` (format: ``docs/DATA_FORMATS.md``) plus any
user dictionaries in the same formats.

Every surface form (a name, an adjective, an alias) maps to one or more ``Entry`` objects; the
resolver decides between them with the document's context and publication date.
"""
from __future__ import annotations

import csv
import datetime as dt
import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from ..config import DATA_DIR

ACTOR_DIR = DATA_DIR / "actors"

SECTORS = frozenset(
    "GOV MIL COP JUD LEG PTY REB OPP SPY PRM UAF UNK CVL BUS CRM EDU ELI JRN LAB MED REF REL SOC "
    "AGR PRE IGO NGO".split()
)

# kinds of entries
COUNTRY, ADJECTIVE, DEMONYM, CAPITAL, ORG, ROLE, LEADER, NON_ACTOR = (
    "country", "adjective", "demonym", "capital", "org", "role", "leader", "non_actor")
PROPER_KINDS = frozenset({COUNTRY, ADJECTIVE, DEMONYM, CAPITAL, ORG, LEADER})

# leaders' roles, most senior first (used to break ties between offices held at once)
ROLE_RANK = {"head_of_state": 0, "head_of_government": 1, "foreign_minister": 2,
             "defence_minister": 3, "igo_head": 4, "other": 5}


@dataclass(frozen=True)
class Entry:
    kind: str
    surface: str
    country: str | None = None
    sectors: tuple[str, ...] = ()
    name: str | None = None
    title: bool = False            # roles: can stand before a person's name
    role: str | None = None        # leaders: head_of_state, foreign_minister, ...
    start: dt.date | None = None   # leaders: first day in office
    end: dt.date | None = None     # leaders: last day (None = still in office)
    source: str = ""               # file the entry came from

    def in_office(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


def _split(cell: str | None) -> list[str]:
    return [p.strip() for p in (cell or "").split("|") if p.strip()]


def _sectors(cell: str | None, where: str) -> tuple[str, ...]:
    out = []
    for s in _split(cell):
        s = s.upper()
        if s not in SECTORS:
            raise ValueError(f"{where}: unknown sector code {s!r}")
        out.append(s)
    return tuple(out)


def _date(cell: str | None, end: bool = False) -> dt.date | None:
    """Parse YYYY-MM-DD, YYYY-MM or YYYY; a partial end date means the last day of that period."""
    cell = (cell or "").strip()
    if not cell:
        return None
    parts = [int(p) for p in cell.split("-")]
    if len(parts) == 3:
        return dt.date(*parts)
    if len(parts) == 2:
        y, m = parts
        if not end:
            return dt.date(y, m, 1)
        nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
        return nxt - dt.timedelta(days=1)
    return dt.date(parts[0], 12, 31) if end else dt.date(parts[0], 1, 1)


def read_tsv(path: Path) -> list[dict[str, str]]:
    """Rows of a knowledge TSV as dicts; '#' lines and blank lines are skipped."""
    with open(path, encoding="utf-8", newline="") as fh:
        lines = [ln for ln in fh if ln.strip() and not ln.lstrip().startswith("#")]
    reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    return [{k.strip(): (v or "").strip() for k, v in row.items() if k} for row in reader]


def _country_entries(rows: list[dict[str, str]], src: str) -> Iterable[Entry]:
    for row in rows:
        iso3 = row["iso3"].upper()
        name = row.get("name") or iso3
        for s in [name, *_split(row.get("names"))]:
            yield Entry(COUNTRY, s, iso3, (), name, source=src)
        for s in _split(row.get("adjectives")):
            yield Entry(ADJECTIVE, s, iso3, (), name, source=src)
        for s in _split(row.get("demonyms")):
            yield Entry(DEMONYM, s, iso3, (), name, source=src)
        for s in _split(row.get("capital")):
            yield Entry(CAPITAL, s, iso3, ("GOV",), name, source=src)


def _org_entries(rows: list[dict[str, str]], src: str) -> Iterable[Entry]:
    for i, row in enumerate(rows, 2):
        name = row["name"]
        country = (row.get("country") or "").upper() or None
        sectors = _sectors(row.get("sectors"), f"{src}:{i}")
        # optional columns `start` and `end`: a group that changed role ("Taliban": rebels until
        # 2021-08-14, the government of Afghanistan from 2021-08-15) has one row per period
        start, end = _date(row.get("start")), _date(row.get("end"), end=True)
        for s in [name, *_split(row.get("aliases"))]:
            yield Entry(ORG, s, country, sectors, name, start=start, end=end, source=src)


def _role_entries(rows: list[dict[str, str]], src: str) -> Iterable[Entry]:
    for i, row in enumerate(rows, 2):
        phrases = _split(row["phrases"])
        sectors = _sectors(row.get("sectors"), f"{src}:{i}")
        title = (row.get("title") or "").lower() in ("yes", "y", "true", "1")
        for s in phrases:
            yield Entry(ROLE, s, None, sectors, phrases[0], title=title, source=src)


def _non_actor_entries(rows: list[dict[str, str]], src: str) -> Iterable[Entry]:
    for row in rows:
        for s in _split(row["phrases"]):
            yield Entry(NON_ACTOR, s, None, (), None, source=src)


def _leader_entries(rows: list[dict[str, str]], src: str) -> Iterable[Entry]:
    for i, row in enumerate(rows, 2):
        name = row["name"]
        country = (row.get("country") or "").upper() or None
        sectors = _sectors(row.get("sectors") or "GOV", f"{src}:{i}")
        start, end = _date(row.get("start")), _date(row.get("end"), end=True)
        role = row.get("role") or "other"
        for s in [name, *_split(row.get("aliases"))]:
            yield Entry(LEADER, s, country, sectors, name, role=role, start=start, end=end, source=src)


def entries_from_file(path: Path) -> list[Entry]:
    """Read one knowledge file; its kind is told by its header columns."""
    from . import phoenix  # hook: a PETRARCH/Phoenix dictionary is converted as it is read
    if phoenix.looks_like_phoenix(path):
        return phoenix.entries(path)
    rows = read_tsv(path)
    cols = set(rows[0]) if rows else set()
    src = path.name
    if "cameo" in cols:
        return []  # cameo_*.tsv: the Phoenix importer's code tables, not actors
    if "iso3" in cols:
        return list(_country_entries(rows, src))
    if "phrases" in cols and "sectors" not in cols:
        return list(_non_actor_entries(rows, src))
    if "phrases" in cols:
        return list(_role_entries(rows, src))
    if "role" in cols and "start" in cols:
        return list(_leader_entries(rows, src))
    if "name" in cols and "sectors" in cols:
        return list(_org_entries(rows, src))
    if not rows:
        return []
    raise ValueError(f"{path}: header does not match any knowledge file format (docs/DATA_FORMATS.md)")


def norm(surface: str) -> str:
    """The key a surface form is looked up by: lower case, one space, no leading 'the'."""
    s = re.sub(r"\s+", " ", surface.replace("’", "'")).strip()
    if s.lower().startswith("the "):
        s = s[4:]
    return s.lower()


def needs_exact_case(surface: str) -> bool:
    """All-capital abbreviations (US, IS, UN, U.S.) only match when written in capitals."""
    letters = [c for c in surface if c.isalpha()]
    return len(letters) <= 5 and all(c.isupper() for c in letters) and bool(letters)


class KnowledgeBase:
    def __init__(self, entries: Iterable[Entry]):
        self.by_key: dict[str, list[Entry]] = {}
        for e in entries:
            self.add(e)
        self.countries: dict[str, str] = {
            e.country: e.name for es in self.by_key.values() for e in es
            if e.kind == COUNTRY and e.country and e.name
        }

    def add(self, entry: Entry) -> None:
        key = norm(entry.surface)
        if not key:
            return
        bucket = self.by_key.setdefault(key, [])
        # a later file (a user dictionary) overrides an earlier entry of the same kind and surface
        if entry.kind != LEADER:
            bucket[:] = [e for e in bucket if not (e.kind == entry.kind and e.source != entry.source)]
        bucket.append(entry)

    def lookup(self, surface: str) -> list[Entry]:
        return self.by_key.get(norm(surface), [])

    def surfaces(self) -> list[str]:
        out = []
        for es in self.by_key.values():
            out.extend({e.surface for e in es})
        return out

    def leader_at(self, entries: Sequence[Entry], day: dt.date | None) -> tuple[Entry, bool] | None:
        """The leader entry that fits the date best, and whether the person was in office then.

        In office on ``day`` -> that office (the most senior if several); otherwise the latest
        term that ended before ``day`` (the person is then a former official). Without a date,
        the most recent term.
        """
        leaders = [e for e in entries if e.kind == LEADER]
        if not leaders:
            return None
        if day is None:
            return max(leaders, key=lambda e: e.start or dt.date.min), True
        current = [e for e in leaders if e.in_office(day)]
        if current:
            return min(current, key=lambda e: ROLE_RANK.get(e.role or "other", 9)), True
        past = [e for e in leaders if e.end is not None and e.end < day]
        if past:
            return max(past, key=lambda e: e.end), False
        return min(leaders, key=lambda e: e.start or dt.date.max), False


def default_files() -> list[Path]:
    order = ["countries.tsv", "institutions.tsv", "igos.tsv", "groups.tsv", "roles.tsv", "leaders.tsv",
             "non_actors.tsv"]
    files = [ACTOR_DIR / f for f in order if (ACTOR_DIR / f).exists()]
    # more knowledge files (e.g. leaders_historic.tsv); other TSVs here (code mappings used by the
    # dictionary importer) are not actor knowledge and are left alone
    files += sorted(p for p in ACTOR_DIR.glob("*.tsv") if p.name not in order and _knowledge_header(p))
    return files


def _knowledge_header(path: Path) -> bool:
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip() and not line.lstrip().startswith("#"):
                cols = {c.strip() for c in line.rstrip("\n").split("\t")}
                return bool(cols & {"iso3", "phrases"}) or {"name", "sectors"} <= cols
    return False


@functools.lru_cache(maxsize=8)
def load(extra: tuple[Path, ...] = ()) -> KnowledgeBase:
    """The built-in knowledge plus user dictionaries (later files override earlier ones)."""
    entries: list[Entry] = []
    for path in [*default_files(), *map(Path, extra)]:
        entries.extend(entries_from_file(path))
    return KnowledgeBase(entries)
