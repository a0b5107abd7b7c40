"""Checks on the leaders table (src/eventwire/data/actors/leaders.tsv).

The file is plain data read by the actor resolver; these tests check what a user of the
table would check by hand: the layout documented in docs/DATA_FORMATS.md, valid codes and
dates, no two people holding the same office at the same time without a note saying why,
broad coverage, and a set of facts anyone can verify.
"""

from __future__ import annotations

import calendar
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pycountry
import pytest

LEADERS = Path(__file__).resolve().parents[1] / "src" / "eventwire" / "data" / "actors" / "leaders.tsv"

HEADER = ["name", "aliases", "country", "role", "start", "end", "sectors", "note"]
ROLES = {"head_of_state", "head_of_government", "foreign_minister", "defence_minister", "igo_head", "other"}
OFFICES = ("head_of_state", "head_of_government", "foreign_minister", "defence_minister")
# PLOVER sector codes (docs: ../shared/docs/PLOVER.md)
SECTORS = {
    "GOV", "MIL", "COP", "JUD", "LEG", "PTY", "REB", "OPP", "SPY", "PRM", "UAF", "UNK", "CVL",
    "BUS", "CRM", "EDU", "ELI", "JRN", "LAB", "MED", "REF", "REL", "SOC", "AGR", "PRE", "IGO", "NGO",
}
# A note containing one of these words explains why two holders of one office overlap.
OVERLAP_REASONS = (
    "acting", "interim", "co-president", "rival", "disputed", "concurrent", "caretaker",
    "de facto", "suspended", "provisional",
)
PERIOD = (date(2000, 1, 1), date(2026, 11, 27))
DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
FAR_FUTURE = date(9999, 12, 31)

# The countries the table promises to cover (the most reported in international news).
REQUIRED_COUNTRIES = """
USA RUS CHN GBR FRA DEU ITA ESP UKR BLR POL TUR IRN IRQ SYR ISR PSE LBN JOR EGY SAU ARE QAT KWT
OMN BHR YEM LBY TUN DZA MAR SDN SSD ETH ERI SOM KEN UGA RWA COD NGA NER MLI BFA TCD ZAF ZWE AFG
PAK IND BGD LKA MMR THA VNM IDN PHL MYS JPN KOR PRK TWN AUS CAN MEX BRA ARG VEN COL CUB NIC HTI
SRB HUN GEO ARM AZE KAZ
""".split()


# Offices whose current holder the table does not know (see the notes in the file).
KNOWN_CURRENT_GAPS = {
    "COL": "Petro's single term ended on 2026-08-07; his elected successor is not known to the authors",
}


def _bounds(value: str) -> tuple[date, date]:
    """Earliest and latest day a (possibly partial) date can stand for."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 1:
        return date(parts[0], 1, 1), date(parts[0], 12, 31)
    if len(parts) == 2:
        y, m = parts
        return date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])
    return date(*parts), date(*parts)


@dataclass(frozen=True)
class Row:
    line: int
    name: str
    aliases: tuple[str, ...]
    country: str
    role: str
    start: str
    end: str
    sectors: tuple[str, ...]
    note: str

    @property
    def start_lo(self) -> date:
        return _bounds(self.start)[0]

    @property
    def start_hi(self) -> date:
        return _bounds(self.start)[1]

    @property
    def end_lo(self) -> date:
        return _bounds(self.end)[0] if self.end else FAR_FUTURE

    @property
    def end_hi(self) -> date:
        return _bounds(self.end)[1] if self.end else FAR_FUTURE

    def held_on(self, day: date) -> bool:
        return self.start_hi <= day <= self.end_lo

    def touches(self, lo: date, hi: date) -> bool:
        return self.start_lo <= hi and self.end_hi >= lo


def _read() -> tuple[list[str], list[list[str]]]:
    header: list[str] | None = None
    body: list[list[str]] = []
    for number, raw in enumerate(LEADERS.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip() or raw.startswith("#"):
            continue
        cells = raw.split("\t")
        if header is None:
            header = cells
        else:
            body.append([str(number)] + cells)
    assert header is not None, "no header line"
    return header, body


@pytest.fixture(scope="module")
def rows() -> list[Row]:
    header, body = _read()
    assert header == HEADER
    out = []
    for cells in body:
        assert len(cells) == len(HEADER) + 1, f"line {cells[0]}: {len(cells) - 1} cells, expected {len(HEADER)}"
        line, name, aliases, country, role, start, end, sectors, note = cells
        out.append(Row(int(line), name, tuple(aliases.split("|")) if aliases else (), country, role,
                       start, end, tuple(sectors.split("|")) if sectors else (), note))
    return out


def _who(rows: list[Row], country: str, role: str, day: str) -> set[str]:
    d = date.fromisoformat(day)
    return {r.name for r in rows if r.country == country and r.role == role and r.held_on(d)}


# ----------------------------------------------------------------------------- layout


def test_header_is_documented_columns_plus_note():
    header, _ = _read()
    assert header == HEADER


def test_every_row_is_complete(rows):
    assert len(rows) > 1000
    for r in rows:
        where = f"line {r.line} ({r.name})"
        assert r.name and r.name == r.name.strip(), where
        assert r.role in ROLES, f"{where}: role {r.role!r}"
        assert r.start, f"{where}: no start date"
        assert r.sectors, f"{where}: no sectors"
        assert all(a and a == a.strip() for a in r.aliases), f"{where}: empty or padded alias"
        assert r.name not in r.aliases, f"{where}: canonical name repeated as alias"
        assert len(set(r.aliases)) == len(r.aliases), f"{where}: duplicate alias"


def test_sectors_are_plover_codes(rows):
    for r in rows:
        assert set(r.sectors) <= SECTORS, f"line {r.line} ({r.name}): {r.sectors}"


def test_country_codes(rows):
    for r in rows:
        where = f"line {r.line} ({r.name})"
        if r.role == "igo_head":
            assert r.country == "", f"{where}: IGO heads have no country"
            assert r.sectors == ("IGO",), where
            assert r.note, f"{where}: the note names the organisation"
        else:
            assert pycountry.countries.get(alpha_3=r.country) is not None, f"{where}: {r.country!r}"
            assert "IGO" not in r.sectors, where


def test_dates_parse_and_are_ordered(rows):
    for r in rows:
        where = f"line {r.line} ({r.name})"
        for value in (r.start, r.end):
            if value:
                assert DATE_RE.match(value), f"{where}: bad date {value!r}"
                _bounds(value)  # raises on impossible dates such as 2010-02-30
        assert r.start_lo <= r.end_hi, f"{where}: starts after it ends"
        assert r.start_lo <= PERIOD[1], f"{where}: starts after today"
        if r.end:
            assert r.end_lo <= PERIOD[1], f"{where}: ends in the future; leave end empty instead"


def test_no_unexplained_overlapping_terms(rows):
    """Two people (or two rows) holding one office at once need a note that says why."""
    by_office: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for r in rows:
        if r.role in OFFICES:
            by_office[(r.country, r.role)].append(r)
    problems = []
    for (country, role), group in by_office.items():
        group.sort(key=lambda r: r.start_lo)
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                if b.start_lo > a.end_hi:
                    continue
                overlap = max(a.start_hi, b.start_hi) < min(a.end_lo, b.end_lo)
                explained = any(w in (a.note + " " + b.note).lower() for w in OVERLAP_REASONS)
                if overlap and not explained:
                    problems.append(f"{country} {role}: {a.name} ({a.start}..{a.end}) / {b.name} ({b.start}..{b.end})")
    assert not problems, "\n".join(problems)


def test_no_alias_shared_across_countries_at_the_same_time(rows):
    """A bare name must not point to leaders of two countries in office at the same time."""
    by_form: dict[str, list[Row]] = defaultdict(list)
    for r in rows:
        for form in {r.name, *r.aliases}:
            by_form[form.casefold()].append(r)
    clashes = []
    for form, group in by_form.items():
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                if a.country == b.country:
                    continue
                if max(a.start_hi, b.start_hi) < min(a.end_lo, b.end_lo):
                    clashes.append(f"{form!r}: {a.name} ({a.country or 'IGO'}) / {b.name} ({b.country or 'IGO'})")
    assert not clashes, "\n".join(sorted(set(clashes)))


def test_open_ended_rows_are_at_most_one_per_office_or_explained(rows):
    """Only one current holder per office (unless the note explains, e.g. co-presidents)."""
    current: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for r in rows:
        if r.role in OFFICES and not r.end:
            current[(r.country, r.role)].append(r)
    for key, group in current.items():
        if len(group) > 1:
            assert any(any(w in r.note.lower() for w in OVERLAP_REASONS) for r in group), (key, [r.name for r in group])


# ----------------------------------------------------------------------------- coverage


def test_at_least_60_countries_with_all_four_offices(rows):
    offices: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        if r.role in OFFICES and r.touches(*PERIOD):
            offices[r.country].add(r.role)
    complete = sorted(c for c, roles in offices.items() if roles == set(OFFICES))
    assert len(complete) >= 60, complete


def test_required_countries_have_a_leader_in_the_period(rows):
    leading = {r.country for r in rows
               if r.role in ("head_of_state", "head_of_government") and r.touches(*PERIOD)}
    missing = [c for c in REQUIRED_COUNTRIES if c not in leading]
    assert not missing, missing


def test_required_countries_have_a_current_leader(rows):
    today = PERIOD[1]
    current = {r.country for r in rows
               if r.role in ("head_of_state", "head_of_government") and r.held_on(today)}
    missing = {c for c in REQUIRED_COUNTRIES if c not in current}
    assert missing <= set(KNOWN_CURRENT_GAPS), missing


@pytest.mark.parametrize("organisation, current_head", [
    ("Secretary-General of the United Nations", "António Guterres"),
    ("Secretary General of NATO", "Mark Rutte"),
    ("President of the European Commission", "Ursula von der Leyen"),
    ("EU High Representative", "Kaja Kallas"),
    ("Chairperson of the African Union Commission", "Mahmoud Ali Youssouf"),
    ("Director General of the IAEA", "Rafael Grossi"),
    ("Director-General of the WHO", "Tedros Adhanom Ghebreyesus"),
    ("Managing Director of the IMF", "Kristalina Georgieva"),
    ("President of the World Bank", "Ajay Banga"),
    ("Prosecutor of the International Criminal Court", "Karim Khan"),
])
def test_igo_heads(rows, organisation, current_head):
    heads = [r for r in rows if r.role == "igo_head" and r.note.startswith(organisation)]
    assert any(r.touches(date(2000, 1, 1), date(2003, 12, 31)) for r in heads), "no head listed for the early 2000s"
    assert {r.name for r in heads if r.held_on(PERIOD[1])} == {current_head}


# ----------------------------------------------------------------------------- facts a user would check


def _terms(rows, name, country, role):
    return sorted((r.start, r.end) for r in rows if r.name == name and r.country == country and r.role == role)


def test_trump_two_terms(rows):
    assert _terms(rows, "Donald Trump", "USA", "head_of_state") == [("2017-01-20", "2021-01-20"), ("2025-01-20", "")]
    trump = next(r for r in rows if r.name == "Donald Trump")
    assert "Trump" in trump.aliases and trump.sectors == ("GOV",)


def test_obama(rows):
    assert _terms(rows, "Barack Obama", "USA", "head_of_state") == [("2009-01-20", "2017-01-20")]


def test_tillerson_secretary_of_state(rows):
    assert _terms(rows, "Rex Tillerson", "USA", "foreign_minister") == [("2017-02-01", "2018-03-31")]


def test_lavrov_foreign_minister_since_2004(rows):
    terms = _terms(rows, "Sergey Lavrov", "RUS", "foreign_minister")
    assert len(terms) == 1 and terms[0][0].startswith("2004") and terms[0][1] == ""
    lavrov = next(r for r in rows if r.name == "Sergey Lavrov" and r.role == "foreign_minister")
    assert {"Sergei Lavrov", "Lavrov"} <= set(lavrov.aliases)


def test_putin_president_then_prime_minister_then_president(rows):
    hos = _terms(rows, "Vladimir Putin", "RUS", "head_of_state")
    assert len(hos) == 2
    (s1, e1), (s2, e2) = hos
    assert s1[:4] in ("1999", "2000") and e1.startswith("2008")
    assert s2.startswith("2012") and e2 == ""
    hog = [t for t in _terms(rows, "Vladimir Putin", "RUS", "head_of_government") if t[0].startswith("2008")]
    assert len(hog) == 1 and hog[0][1].startswith("2012")


@pytest.mark.parametrize("country, role, day, expected", [
    ("USA", "head_of_state", "2003-03-20", "George W. Bush"),
    ("USA", "defence_minister", "2003-03-20", "Donald Rumsfeld"),
    ("USA", "foreign_minister", "2015-07-14", "John Kerry"),
    ("RUS", "head_of_state", "2010-06-01", "Dmitry Medvedev"),
    ("RUS", "head_of_government", "2010-06-01", "Vladimir Putin"),
    ("RUS", "defence_minister", "2022-02-24", "Sergei Shoigu"),
    ("CHN", "head_of_state", "2015-09-03", "Xi Jinping"),
    ("CHN", "head_of_government", "2008-08-08", "Wen Jiabao"),
    ("GBR", "head_of_government", "2003-03-20", "Tony Blair"),
    ("GBR", "head_of_government", "2016-06-23", "David Cameron"),
    ("GBR", "head_of_government", "2020-03-23", "Boris Johnson"),
    ("GBR", "head_of_state", "2022-09-07", "Elizabeth II"),
    ("FRA", "head_of_state", "2015-11-13", "François Hollande"),
    ("DEU", "head_of_government", "2015-09-05", "Angela Merkel"),
    ("DEU", "head_of_government", "2022-02-27", "Olaf Scholz"),
    ("UKR", "head_of_state", "2022-02-24", "Volodymyr Zelensky"),
    ("UKR", "head_of_state", "2014-01-01", "Viktor Yanukovych"),
    ("TUR", "head_of_government", "2010-01-01", "Recep Tayyip Erdoğan"),
    ("TUR", "head_of_state", "2016-07-15", "Recep Tayyip Erdoğan"),
    ("IRN", "head_of_state", "2015-07-14", "Ali Khamenei"),
    ("IRN", "head_of_government", "2015-07-14", "Hassan Rouhani"),
    ("IRN", "foreign_minister", "2015-07-14", "Mohammad Javad Zarif"),
    ("ISR", "head_of_government", "2023-10-07", "Benjamin Netanyahu"),
    ("ISR", "defence_minister", "2023-10-07", "Yoav Gallant"),
    ("EGY", "head_of_state", "2013-01-01", "Mohamed Morsi"),
    ("SYR", "head_of_state", "2013-08-21", "Bashar al-Assad"),
    ("SAU", "defence_minister", "2016-01-01", "Mohammed bin Salman"),
    ("IRQ", "head_of_government", "2016-10-17", "Haider al-Abadi"),
    ("IND", "head_of_government", "2010-01-01", "Manmohan Singh"),
    ("PAK", "head_of_state", "2005-01-01", "Pervez Musharraf"),
    ("JPN", "head_of_government", "2015-08-14", "Shinzo Abe"),
    ("KOR", "head_of_state", "2018-04-27", "Moon Jae-in"),
    ("PRK", "head_of_state", "2018-06-12", "Kim Jong Un"),
    ("PRK", "head_of_state", "2006-10-09", "Kim Jong Il"),
    ("BRA", "head_of_state", "2020-01-01", "Jair Bolsonaro"),
    ("VEN", "head_of_state", "2010-01-01", "Hugo Chávez"),
    ("AFG", "head_of_state", "2010-01-01", "Hamid Karzai"),
    ("ZWE", "head_of_state", "2010-01-01", "Robert Mugabe"),
    ("POL", "head_of_government", "2024-06-01", "Donald Tusk"),
    ("ITA", "head_of_government", "2023-06-01", "Giorgia Meloni"),
])
def test_who_held_office(rows, country, role, day, expected):
    assert _who(rows, country, role, day) == {expected}


def test_same_surname_leaders_share_alias(rows):
    """Bush, Aliyev and Castro point to both holders; the publication date picks one."""
    for alias, country, names in [
        ("Aliyev", "AZE", {"Heydar Aliyev", "Ilham Aliyev"}),
        ("Castro", "CUB", {"Fidel Castro", "Raúl Castro"}),
    ]:
        assert {r.name for r in rows if alias in r.aliases and r.country == country} == names


def test_no_bare_ambiguous_aliases(rows):
    """Surnames that are common words or shared across many leaders are not aliases."""
    forbidden = {"Kim", "Lee", "Khan", "Ali", "Singh", "Li", "Wang", "May", "Brown", "King Abdullah"}
    for r in rows:
        assert not forbidden & set(r.aliases), (r.line, r.name)
