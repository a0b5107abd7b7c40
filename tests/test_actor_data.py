"""Checks on the built-in actor knowledge files (src/eventwire/data/actors/*.tsv).

The files are plain data; these tests check what a user editing them would check by hand:
the layout documented in docs/DATA_FORMATS.md (header, number of cells in every row), valid
ISO-3166 codes and PLOVER sector codes, no canonical name written twice, no name that points
to two different countries by accident, a few facts users rely on, and that the product's
loader reads everything.

A file that does not exist (yet) is skipped with a message; every other check runs.
"""

from __future__ import annotations

import csv
import re
import sys
from collections import defaultdict
from pathlib import Path

import pycountry
import pytest

ROOT = Path(__file__).resolve().parents[1]
ACTORS = ROOT / "src" / "eventwire" / "data" / "actors"
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

ORG_HEADER = ["name", "aliases", "country", "sectors", "note"]
HEADERS = {
    "countries.tsv": ["iso3", "iso2", "name", "names", "adjectives", "demonyms", "capital"],
    "institutions.tsv": ORG_HEADER,
    "igos.tsv": ORG_HEADER,
    "groups.tsv": ORG_HEADER,
    "roles.tsv": ["phrases", "sectors", "title", "note"],
    "leaders.tsv": ["name", "aliases", "country", "role", "start", "end", "sectors"],
}
OPTIONAL_TRAILING = {"leaders.tsv": ["note"],  # leaders.tsv may end with a note column
                     # organizations may have dated rows
                     "institutions.tsv": ["start", "end"], "igos.tsv": ["start", "end"],
                     "groups.tsv": ["start", "end"]}
ORG_FILES = ("institutions.tsv", "igos.tsv", "groups.tsv")
# the files whose names must not point to two countries (see test_no_name_with_two_countries)
COUNTRY_FILES = ("countries.tsv", "institutions.tsv", "groups.tsv")

# PLOVER sector codes (../shared/docs/PLOVER.md)
SECTORS = frozenset(
    "GOV MIL COP JUD LEG PTY REB OPP SPY PRM UAF UNK CVL BUS CRM EDU ELI JRN LAB MED REF REL SOC "
    "AGR PRE IGO NGO".split())
LEADER_ROLES = {"head_of_state", "head_of_government", "foreign_minister", "defence_minister",
                "igo_head", "other"}
DATE_RE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")

# Kosovo has no ISO-3166 code yet; XK/XKX are the user-assigned codes everybody uses.
EXTRA_ALPHA3 = {"XKX"}
EXTRA_ALPHA2 = {"XK"}
ALPHA3 = {c.alpha_3 for c in pycountry.countries} | EXTRA_ALPHA3
ALPHA2 = {c.alpha_2 for c in pycountry.countries} | EXTRA_ALPHA2
ALPHA3_TO_2 = {c.alpha_3: c.alpha_2 for c in pycountry.countries} | {"XKX": "XK"}


# ---------------------------------------------------------------- reading helpers

class Table:
    """One knowledge file: header, rows as lists (with their line numbers) and as dicts."""

    def __init__(self, path: Path):
        self.path = path
        self.name = path.name
        with open(path, encoding="utf-8", newline="") as fh:
            numbered = [(i, line) for i, line in enumerate(fh, 1)
                        if line.strip() and not line.lstrip().startswith("#")]
        self.comments = " ".join(line for line in path.read_text(encoding="utf-8").splitlines()
                                 if line.lstrip().startswith("#"))
        reader = csv.reader([line for _, line in numbered], delimiter="\t", quoting=csv.QUOTE_NONE)
        parsed = list(reader)
        self.header = [c.strip() for c in parsed[0]] if parsed else []
        self.lines = [n for n, _ in numbered[1:]]
        self.cells = parsed[1:]
        self.rows = [dict(zip(self.header, (c.strip() for c in cells))) for cells in self.cells]

    def numbered(self):
        return zip(self.lines, self.rows)


_CACHE: dict[str, Table] = {}


def table(name: str) -> Table:
    """The parsed file, or skip the calling test when the file does not exist."""
    path = ACTORS / name
    if not path.exists():
        pytest.skip(f"{path.relative_to(ROOT)} does not exist (yet): nothing to check")
    if name not in _CACHE:
        _CACHE[name] = Table(path)
    return _CACHE[name]


def split(cell: str | None) -> list[str]:
    return [p.strip() for p in (cell or "").split("|") if p.strip()]


def norm(surface: str) -> str:
    """How the matcher compares names: case and spacing ignored, a leading "the" dropped."""
    s = re.sub(r"\s+", " ", surface.replace("\u2019", "'")).strip()
    if s.lower().startswith("the "):
        s = s[4:]
    return s.lower()


def surfaces(name: str, row: dict[str, str]) -> list[str]:
    """Every form under which a row can be found in the text."""
    if name == "countries.tsv":
        cols = ["name", "names", "adjectives", "demonyms", "capital"]
    elif name == "roles.tsv":
        cols = ["phrases"]
    else:
        cols = ["name", "aliases"]
    return [s for c in cols for s in split(row.get(c))]


def find(name: str, surface: str) -> list[dict[str, str]]:
    """Rows of a file that can be found under ``surface``."""
    t = table(name)
    key = norm(surface)
    return [r for r in t.rows if key in {norm(s) for s in surfaces(name, r)}]


# ---------------------------------------------------------------- layout

@pytest.mark.parametrize("name", list(HEADERS))
def test_header(name):
    t = table(name)
    expected = HEADERS[name]
    allowed = [expected]
    if name in OPTIONAL_TRAILING:
        allowed.append(expected + OPTIONAL_TRAILING[name])
    assert t.header in allowed, (
        f"{name}: header is {t.header}, docs/DATA_FORMATS.md says {expected}"
        + (f" (optionally followed by {OPTIONAL_TRAILING[name]})" if name in OPTIONAL_TRAILING else ""))


@pytest.mark.parametrize("name", list(HEADERS))
def test_every_row_has_one_cell_per_column(name):
    t = table(name)
    assert t.rows, f"{name} has a header but no rows"
    bad = [f"line {n}: {len(cells)} cells, header has {len(t.header)}"
           for n, cells in zip(t.lines, t.cells) if len(cells) != len(t.header)]
    assert not bad, f"{name}: rows with the wrong number of tab-separated cells:\n" + "\n".join(bad)


@pytest.mark.parametrize("name", list(HEADERS))
def test_no_empty_alternatives(name):
    """'a||b' or a trailing '|' is a typing slip: the empty form is silently dropped."""
    t = table(name)
    bad = [f"line {n}: {col} = {val!r}" for n, row in t.numbered() for col, val in row.items()
           if col != "note" and val and "|" in val and any(not p.strip() for p in val.split("|"))]
    assert not bad, f"{name}: empty entries between '|':\n" + "\n".join(bad)


@pytest.mark.parametrize("name", list(HEADERS))
def test_canonical_names_are_unique(name):
    t = table(name)
    seen: dict[tuple, int] = {}
    dups = []
    for n, row in t.numbered():
        if name == "countries.tsv":
            keys = [("iso3", row["iso3"]), ("name", norm(row["name"]))]
        elif name == "roles.tsv":
            keys = [("phrase", norm(p)) for p in split(row["phrases"])]
        elif name == "leaders.tsv":
            # one row per person, office and term: the same person may appear several times
            keys = [("term", norm(row["name"]), row["role"], row["start"])]
        else:
            # an organization may have one row per period (optional start/end columns)
            keys = [("name", norm(row["name"]), row.get("start") or "", row.get("end") or "")]
        for k in keys:
            if not k[1]:
                dups.append(f"line {n}: empty {k[0]}")
            elif k in seen:
                dups.append(f"line {n}: {k[1:]} already on line {seen[k]}")
            else:
                seen[k] = n
    assert not dups, f"{name}: duplicated canonical entries:\n" + "\n".join(dups)


# ---------------------------------------------------------------- codes

def test_country_codes_are_iso():
    t = table("countries.tsv")
    bad = []
    for n, row in t.numbered():
        iso3, iso2 = row["iso3"], row["iso2"]
        if iso3 not in ALPHA3:
            bad.append(f"line {n}: {iso3!r} is not an ISO-3166 alpha-3 code")
        if iso2 not in ALPHA2:
            bad.append(f"line {n}: {iso2!r} is not an ISO-3166 alpha-2 code")
        elif iso3 in ALPHA3_TO_2 and ALPHA3_TO_2[iso3] != iso2:
            bad.append(f"line {n}: {iso3} goes with {ALPHA3_TO_2[iso3]}, not {iso2}")
    assert not bad, "countries.tsv:\n" + "\n".join(bad)


@pytest.mark.parametrize("name", [*ORG_FILES, "leaders.tsv"])
def test_country_column_is_iso_or_empty(name):
    t = table(name)
    bad = [f"line {n}: {row['country']!r}" for n, row in t.numbered()
           if row["country"] and row["country"] not in ALPHA3]
    assert not bad, f"{name}: country must be an ISO-3166 alpha-3 code (or XKX) or empty:\n" + "\n".join(bad)


@pytest.mark.parametrize("name", [*ORG_FILES, "roles.tsv", "leaders.tsv"])
def test_sectors_are_plover(name):
    t = table(name)
    bad = []
    for n, row in t.numbered():
        codes = split(row["sectors"])
        unknown = [c for c in codes if c not in SECTORS]
        if unknown:
            bad.append(f"line {n}: unknown sector code(s) {unknown}")
        if not codes and name in ORG_FILES:
            bad.append(f"line {n}: an organisation needs at least one sector")
        if not codes and name == "roles.tsv" and row["title"] != "yes":
            # only an honorific ("sheikh") may carry no sector: it keeps the person's own
            bad.append(f"line {n}: a role word without a sector must at least be a title")
    assert not bad, f"{name}:\n" + "\n".join(bad)


def test_role_title_column():
    t = table("roles.tsv")
    bad = [f"line {n}: title = {row['title']!r}" for n, row in t.numbered() if row["title"] not in ("", "yes")]
    assert not bad, "roles.tsv: the title column holds 'yes' or nothing:\n" + "\n".join(bad)


def test_leader_roles_and_dates():
    t = table("leaders.tsv")
    bad = []
    for n, row in t.numbered():
        if row["role"] not in LEADER_ROLES:
            bad.append(f"line {n}: role {row['role']!r}")
        for col in ("start", "end"):
            if row[col] and not DATE_RE.match(row[col]):
                bad.append(f"line {n}: {col} {row[col]!r} is not YYYY-MM-DD, YYYY-MM or YYYY")
        if not row["start"]:
            bad.append(f"line {n}: no start date")
    assert not bad, "leaders.tsv:\n" + "\n".join(bad)


# ---------------------------------------------------------------- names across files

def test_no_name_with_two_countries():
    """A surface form that resolves to two different countries must be deliberate.

    Across countries.tsv, institutions.tsv and groups.tsv, a name, alias, adjective, demonym or
    capital pointing to two countries is accepted only when a note explains it: the note column
    of one of the rows involved (or, for countries.tsv, which has no note column, a comment
    line of the file) mentions that very form.
    """
    present = [f for f in COUNTRY_FILES if (ACTORS / f).exists()]
    if not present:
        pytest.skip("none of " + ", ".join(COUNTRY_FILES) + " exists yet")
    where: dict[str, list[tuple[str, int, str, str]]] = defaultdict(list)
    for name in present:
        t = table(name)
        for n, row in t.numbered():
            country = row["iso3"] if name == "countries.tsv" else row["country"]
            if not country:
                continue  # a row without a country cannot contradict another one
            note = t.comments if name == "countries.tsv" else row.get("note", "")
            for s in set(surfaces(name, row)):
                where[norm(s)].append((name, n, country, note.lower()))
    clashes = []
    for key, hits in sorted(where.items()):
        if len({c for _, _, c, _ in hits}) < 2:
            continue
        pattern = re.compile(r"(?<![\w.])" + re.escape(key) + r"(?![\w])")
        if any(pattern.search(note) for *_, note in hits):
            continue
        clashes.append(f"{key!r}: " + ", ".join(f"{c} ({f} line {n})" for f, n, c, _ in hits))
    assert not clashes, ("names pointing to two countries without a note that mentions them:\n"
                         + "\n".join(clashes))


# ---------------------------------------------------------------- facts users rely on

def _countries_of(name: str, surface: str) -> set[str]:
    col = "iso3" if name == "countries.tsv" else "country"
    return {r[col] for r in find(name, surface)}


@pytest.mark.parametrize("surface,iso3", [("Emirati", "ARE"), ("U.S.", "USA")])
def test_country_forms(surface, iso3):
    assert _countries_of("countries.tsv", surface) == {iso3}


def test_pyongyang_is_the_capital_of_north_korea():
    rows = [r for r in table("countries.tsv").rows if r["iso3"] == "PRK"]
    assert rows, "countries.tsv has no PRK row"
    assert "Pyongyang" in split(rows[0]["capital"])


@pytest.mark.parametrize("name,surface,country,sector", [
    ("institutions.tsv", "Kremlin", "RUS", "GOV"),
    ("institutions.tsv", "Pentagon", "USA", "MIL"),
    ("igos.tsv", "Security Council", None, "IGO"),
    ("groups.tsv", "Houthis", "YEM", None),
    ("groups.tsv", "Hamas", "PSE", None),
])
def test_organisations(name, surface, country, sector):
    rows = find(name, surface)
    assert rows, f"{surface!r} is not in {name}"
    if country is not None:
        assert {r["country"] for r in rows} == {country}, rows
    if sector is not None:
        assert all(sector in split(r["sectors"]) for r in rows), rows


@pytest.mark.parametrize("surface,sector", [("military police", "MIL"), ("protesters", "CVL")])
def test_role_sectors(surface, sector):
    rows = find("roles.tsv", surface)
    assert rows, f"{surface!r} is not in roles.tsv"
    assert all(sector in split(r["sectors"]) for r in rows), rows


def test_president_is_a_title():
    rows = find("roles.tsv", "President")
    assert rows and all(r["title"] == "yes" for r in rows), rows


# ---------------------------------------------------------------- the product's loader

def test_loader_reads_everything():
    if not any((ACTORS / f).exists() for f in HEADERS):
        pytest.skip("no actor knowledge file exists yet")
    from eventwire.actors.kb import load
    load.cache_clear()
    kb = load()
    assert kb.by_key, "the loader found no names at all"
    if (ACTORS / "institutions.tsv").exists():
        assert any(e.country == "RUS" for e in kb.lookup("Kremlin")), kb.lookup("Kremlin")
    if (ACTORS / "groups.tsv").exists():
        assert any(e.country == "PSE" for e in kb.lookup("Hamas")), kb.lookup("Hamas")
    if (ACTORS / "roles.tsv").exists():
        assert any("CVL" in e.sectors for e in kb.lookup("protesters")), kb.lookup("protesters")
