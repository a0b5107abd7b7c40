"""The PETRARCH/Phoenix dictionary importer (eventwire.actors.phoenix).

The reference dictionaries are read from ../shared/dictionaries at test time (they are not part
of the repository and nothing from them is written here): each test that needs one is skipped
with a message when the folder is absent. Entries are picked by the well-known names the tests
name (``BARACK_OBAMA``), and what is checked are properties a user would check by hand: the
dates of a president's term, the country of an armed group, the sector of a role word.

The small dictionaries written below are made up for these tests.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pycountry
import pytest

from conftest import shared_path
from eventwire.actors import kb
from eventwire.actors import phoenix as ph

ACTOR_FILES = ["Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt",
               "Phoenix.MilNonState.actors.txt"]
AGENT_FILE = "Phoenix.agents.txt"
ISO3 = {r["iso3"] for r in kb.read_tsv(kb.ACTOR_DIR / "countries.tsv")}


def ref(name: str) -> Path:
    return shared_path("dictionaries", name)


_parsed: dict[str, ph.PhoenixFile] = {}


def parsed(name: str) -> ph.PhoenixFile:
    if name not in _parsed:
        _parsed[name] = ph.parse(ref(name))
    return _parsed[name]


def _content(path: Path):
    """Lines of a reference file with '#' comments removed (an independent, simple reading)."""
    for raw in path.read_text(encoding="utf-8").splitlines():
        text = raw.split("#", 1)[0]
        if text.strip():
            yield text


def entry_with(pf: ph.PhoenixFile, word: str) -> ph.ActorEntry:
    hits = [e for e in pf.actors if any(word in p.upper() for p in e.phrases)]
    assert hits, f"no entry of {pf.source} has a phrase with {word!r}"
    return hits[0]


def convert_one(pf: ph.PhoenixFile, entry: ph.ActorEntry) -> ph.Conversion:
    return ph.convert_parsed(ph.PhoenixFile(pf.source, pf.kind, actors=[entry]))


# ------------------------------------------------------------------ the reference files parse

@pytest.mark.parametrize("name", ACTOR_FILES)
def test_reference_actor_file_parses(name):
    path = ref(name)
    pf = parsed(name)  # raises PhoenixError on anything that cannot be read
    assert pf.kind == ph.ACTORS
    lines = list(_content(path))
    records = [t for t in lines if not t.strip().startswith(("+", "["))]
    synonyms = [t for t in lines if t.strip().startswith("+")]
    brackets = sum(len(re.findall(r"\[[^\]]*[\]}]", t)) for t in lines)
    # one entry per primary phrase, every synonym line read
    assert len(pf.actors) == len(records)
    assert sum(len(e.synonyms) for e in pf.actors) >= len(synonyms)
    # every code is read, or named in a problem with its line
    read = sum(len(e.codes) for e in pf.actors if not e.shared_from)
    dropped = [i for i in pf.issues if "ignored" in i.message and ("code [" in i.message or "'[]'" in i.message)]
    assert read + len(dropped) == brackets
    # problems are few, and each names a line of the file
    assert len(pf.issues) < 0.005 * pf.lines, [str(i) for i in pf.issues[:20]]
    assert all(i.source == path.name and 1 <= i.line <= pf.lines for i in pf.issues)
    coded = [e for e in pf.actors if e.codes]
    assert len(coded) >= 0.99 * len(pf.actors)


def test_reference_agent_file_parses():
    path = ref(AGENT_FILE)
    pf = parsed(AGENT_FILE)
    assert pf.kind == ph.AGENTS
    lines = list(_content(path))
    definitions = [t for t in lines if re.match(r"\s*!\w+!\s*=", t)]
    with_code = [t for t in lines if "[" in t]
    left_out = [i for i in pf.issues if "left out" in i.message]
    assert len(pf.markers) == len(definitions) > 0
    assert len(pf.agents) == len(with_code) - len([i for i in left_out if "has no code" not in i.message])
    assert len(pf.issues) < 0.005 * pf.lines, [str(i) for i in pf.issues]
    # substitution sets expand to one phrase per member, without plurals
    marked = [a for a in pf.agents if len(a.phrases) > 1]
    assert marked and all(not a.plurals for a in marked)


@pytest.mark.parametrize("name", ACTOR_FILES + [AGENT_FILE])
def test_reference_file_converts(name):
    pf = parsed(name)
    conv = ph.convert_parsed(pf)  # every name, whether eventwire knows it or not
    rows = conv.rows
    for fmt, header in ph.FORMATS.items():
        for r in rows[fmt]:
            assert list(r) == header, (fmt, r)
            for s in (r.get("sectors") or "").split("|"):
                assert not s or s in kb.SECTORS, (fmt, r)
            country = r.get("country") or r.get("iso3") or ""
            assert not country or country in ISO3, (fmt, r)
    for r in rows["leaders"]:
        assert r["sectors"], r
        assert not (r["start"] and r["end"]) or r["start"] <= r["end"], r
    if pf.kind == ph.AGENTS:
        assert conv.stats["role_rows"] > 0.8 * len(pf.agents)
        return
    converted = conv.stats["people"] + conv.stats["orgs"] + conv.stats["countries"] + conv.stats["non_actors"]
    assert converted + conv.stats["left_out"] == len(pf.actors)
    assert converted >= 0.99 * len(pf.actors)
    if name == "Phoenix.Countries.actors.txt":
        assert len({r["iso3"] for r in rows["countries"]}) >= 190  # nearly every country has names
        assert conv.stats["people"] > 10 * conv.stats["orgs"]      # the file is mostly office holders
    if name == "Phoenix.International.actors.txt":
        igos = [r for r in rows["orgs"] if "IGO" in r["sectors"].split("|")]
        assert len(igos) > 100 and all(r["country"] == "" for r in igos)
        assert sum("BUS" in r["sectors"] for r in rows["orgs"]) > len(rows["orgs"]) / 3  # corporations
    if name == "Phoenix.MilNonState.actors.txt":
        armed = [r for r in rows["orgs"] if "REB" in r["sectors"].split("|")]
        assert len(armed) > 0.9 * len(rows["orgs"])


# ------------------------------------------------------------------ spot checks a user would make

def test_a_president_term_becomes_dated_rows():
    pf = parsed("Phoenix.Countries.actors.txt")
    rows = convert_one(pf, entry_with(pf, "BARACK_OBAMA")).rows["leaders"]
    gov = [r for r in rows if "GOV" in r["sectors"].split("|")]
    assert gov and all(r["country"] == "USA" for r in rows), rows
    assert any(r["start"] == "2009-01-20" and (not r["end"] or r["end"] >= "2016-12-31") for r in gov), gov
    assert "Obama" in gov[0]["name"] and "|" in gov[0]["aliases"]


def test_the_default_code_fills_the_time_outside_the_terms():
    pf = parsed("Phoenix.International.actors.txt")
    entry = entry_with(pf, "KOFI_ANNAN")
    assert any(c.dated for c in entry.codes) and any(not c.dated for c in entry.codes)
    rows = convert_one(pf, entry).rows["leaders"]
    un = [r for r in rows if "IGO" in r["sectors"]]
    assert len(un) == 1 and un[0]["country"] == "" and un[0]["start"] <= "1997-01-01" <= un[0]["end"], rows
    after = dt.date.fromisoformat(un[0]["end"]) + dt.timedelta(days=1)
    assert any(r["start"] == after.isoformat() and r["end"] == "" for r in rows if r is not un[0]), rows
    assert any(r["start"] == "" for r in rows), rows  # and the time before


def test_country_names_go_to_the_country():
    pf = parsed("Phoenix.Countries.actors.txt")
    entry = next(e for e in pf.actors if e.phrase.strip("_ ").upper() == "FRANCE")
    rows = convert_one(pf, entry).rows["countries"]
    assert [(r["iso3"], r["name"]) for r in rows] == [("FRA", "France")]


def test_the_un_is_an_igo_without_country():
    pf = parsed("Phoenix.International.actors.txt")
    entry = next(e for e in pf.actors if any(p.strip("_ ").upper() == "UN" for p in e.phrases))
    rows = convert_one(pf, entry).rows["orgs"]
    assert rows and rows[0]["sectors"].split("|")[0] == "IGO" and rows[0]["country"] == ""
    assert rows[0]["name"] == "UN"  # a short abbreviation stays in capitals (matched only so)


def test_an_armed_group_keeps_its_country():
    pf = parsed("Phoenix.MilNonState.actors.txt")
    rows = convert_one(pf, entry_with(pf, "HAMAS")).rows
    found = rows["orgs"] + rows["leaders"]
    assert found and all(r["country"] == "PSE" and "REB" in r["sectors"] for r in found), found


def test_role_words_of_the_agents_file():
    pf = parsed(AGENT_FILE)
    conv = ph.convert_parsed(pf)
    by_phrase = {p: r for r in conv.rows["roles"] for p in r["phrases"].split("|")}
    # a substitution set: FOREIGN_!MINIST!
    assert by_phrase["foreign minister"] is by_phrase["foreign ministry"]
    assert by_phrase["foreign minister"]["sectors"].startswith("GOV")
    # POLICE {}: no plural made
    assert "police" in by_phrase and "polices" not in by_phrase
    # CAMEO MED is media (PLOVER JRN), CAMEO HLH is health (PLOVER MED)
    for a in pf.agents:
        code = a.code.strip("~")
        if code in ("MED", "HLH"):
            row = by_phrase.get(a.phrases[0].lower())
            if row is not None and row["note"].endswith(f":{a.line}"):
                assert row["sectors"] == {"MED": "JRN", "HLH": "MED"}[code], (a, row)


# ------------------------------------------------------------------ round trip through the loader

def test_converted_files_load_and_resolve(tmp_path):
    paths = [ref(n) for n in ACTOR_FILES + [AGENT_FILE]]
    report = ph.import_actors(paths, tmp_path)
    files = report.files
    assert files and all(p.parent == tmp_path for p in files)
    assert {p.name.split(".")[-2] for p in files} == {"countries", "orgs", "leaders", "non_actors", "roles"}
    base = kb.load()
    loaded = kb.load(extra=tuple(files))
    assert len(loaded.by_key) > len(base.by_key) + 10000
    order = [p.name for p in files]
    for path in files:
        rows = kb.read_tsv(path)
        assert rows, path
        for r in rows[:40] + rows[-40:]:
            name = r.get("name") or r.get("phrases", "").split("|")[0]
            hits = loaded.lookup(name)
            assert hits, (path.name, name)
            mine = [h for h in hits if h.source == path.name]
            # a file read later may override the name (as any user dictionary may)
            later = [h for h in hits if h.source in order and order.index(h.source) > order.index(path.name)]
            assert mine or later, (path.name, name, hits)
            country = r.get("country") or r.get("iso3")
            if mine and country:  # (a name may be in several rows: terms, duplicates)
                assert any(h.country == country for h in mine), (path.name, name, hits)
    # names eventwire knew are left to the built-in files
    assert [e.source for e in loaded.lookup("Barack Obama")] == [e.source for e in base.lookup("Barack Obama")]
    summary = report.summary()
    for n in ACTOR_FILES + [AGENT_FILE]:
        assert n in summary


def test_a_phoenix_file_is_a_user_dictionary_as_it_is():
    path = ref("Phoenix.MilNonState.actors.txt")
    assert ph.looks_like_phoenix(path)
    assert not any(ph.looks_like_phoenix(p) for p in kb.default_files())
    direct = kb.entries_from_file(path)
    converted = ph.convert_parsed(parsed("Phoenix.MilNonState.actors.txt"), kb.load()).entries(path.name)
    assert direct == converted and direct
    loaded = kb.load(extra=(path,))
    org = next(e for e in direct if e.kind == kb.ORG and e.country and len(e.surface.split()) >= 3)
    assert org in loaded.lookup(org.surface)


def test_resolver_finds_an_imported_group(tmp_path):
    from eventwire.actors.resolve import DocActors
    from eventwire.config import Settings
    from eventwire.model import RawInput
    from eventwire.pipeline import Pipeline

    files = ph.convert(ref("Phoenix.MilNonState.actors.txt"), tmp_path)
    orgs = kb.read_tsv(next(p for p in files if p.name.endswith(".orgs.tsv")))
    row = next(r for r in orgs if r["country"] and r["sectors"] == "REB"
               and re.fullmatch(r"[A-Z][a-z]+( [A-Z][a-z]+){2,}", r["name"]))
    pipe = Pipeline(Settings(actor_dictionaries=tuple(files)))
    raw = RawInput(doc_id="t", text=f"Police blamed the {row['name']} for the bombing on Tuesday.",
                   pub_date="2012-05-01")
    analysis = pipe.analyse(raw)
    DocActors(analysis, pipe.finder)
    hit = [m for m in analysis.mentions if row["name"] in m.text]
    assert hit, [(m.text, m.country) for m in analysis.mentions]
    assert hit[0].country == row["country"] and "REB" in hit[0].sectors, (row, hit[0])


# ------------------------------------------------------------------ problems have line numbers

@pytest.mark.parametrize("text, line, words", [
    ("+A_SYNONYM_FIRST\n", 1, "before any actor"),
    ("# comment\nFOO_ [USA]\n\n\t[USAGOV]\n", None, None),  # fine: codes may follow a blank line
    ("FOO_\n+BAR_\n\t[USAGOV 20090120\nBAZ_ [USA]\n", 3, "never closed"),
    ("<!-- starts here\nFOO_ [USA]\n", 1, "never closed"),
    ("\t[USAGOV]\nFOO_\n", 1, "before any actor"),
])
def test_malformed_lines_raise_with_their_number(text, line, words):
    if line is None:
        pf = ph.parse_text(text, "mine.actors", kind=ph.ACTORS)
        assert pf.actors[0].codes[-1].code == "USAGOV"
        return
    with pytest.raises(ph.PhoenixError) as info:
        ph.parse_text(text, "mine.actors", kind=ph.ACTORS)
    assert info.value.line == line and str(info.value).startswith(f"mine.actors:{line}: ")
    assert words in str(info.value)


@pytest.mark.parametrize("text, line, words", [
    ("FOO_\n\t[USAGOV 20091399]\n", 2, "not a day"),
    ("FOO_\n\t[USAGOV 2009011-20100101]\n", 2, "7 digits"),
    ("FOO_\n\t[USAGOV 20100101-20090101]\n", 2, "ends before"),
    ("FOO_\n\t[USA%GOV]\n", 2, "not a CAMEO code"),
    ("FOO_\n\t[USAGOV next-year]\n", 2, "date restriction"),
    ("FOO_\nBAR_ [USA]\n\nBAZ_\n\n", 4, "no code"),
])
def test_recoverable_problems(text, line, words):
    pf = ph.parse_text(text, "mine.actors", kind=ph.ACTORS)
    assert any(i.line == line and words in i.message for i in pf.issues), [str(i) for i in pf.issues]
    with pytest.raises(ph.PhoenixError) as info:
        ph.parse_text(text, "mine.actors", kind=ph.ACTORS, strict=True)
    assert info.value.line == line and words in info.value.message


def test_agent_problems():
    text = "!X! = A, B\nHARBOR!Y! [~LAB]\nNO_CODE_HERE\nDOCK {DOCKS [~LAB]\nPIER [~LAB}\n"
    pf = ph.parse_text(text, "mine.agents")
    assert pf.kind == ph.AGENTS
    found = {(i.line, i.message.split(":")[0]) for i in pf.issues}
    assert {n for n, _ in found} == {2, 3, 4, 5}, found
    assert [a.phrases for a in pf.agents] == [["PIER"]]
    with pytest.raises(ph.PhoenixError) as info:
        ph.parse_text(text, "mine.agents", strict=True)
    assert info.value.line == 2 and "!Y!" in info.value.message


# ------------------------------------------------------------------ a dictionary written here

MY_ACTORS = """\
# A made-up dictionary for this test: every name in it is invented.
<!-- a comment
     over two lines -->
ESPANOLANDIA_  [ESP]
+GRAN_ESPANOLANDIA

SILVER_FERN_BRIGADE [NZLREB]   # armed group
+SFB
MOON_TREATY_COUNCIL [IGOUNO]
DAILY_TRUMPET_ [GBRMED]
ST_HILDA_INFIRMARY [CANHLH]
OLD_MINSK_WORKS_COUNCIL [USRBLRGOV]
GREEN_VALLEY_ROAD [---]

KARL_VONDERHEIM
+CHANCELLOR_VONDERHEIM
\t[DEUELI 19900101-20011231]
\t[DEUGOV >20020101]

PETRA_KOWALSKA_
MRS_KOWALSKA
\t[POLGOV 150101-191231]
\t[POLELI]
"""

MY_AGENTS = """\
# Made-up role words for this test.
!FOLK! = MAN, MEN, WOMAN, WOMEN
HARBOR!FOLK! [~LAB]
TOLL_COLLECTOR [~GOV]
SHEEP_HERDING_GUILD {} [~AGR]
GOOSE_HERD {GEESE_HERDS} [~AGR]
CITY_WATCH [~COP]    # plural of a word in -CH
NEWSLADY [~MED]
HEALER [~HLH]
TRUCE_BROKER [IGO~]
COUNCIL_OF_ELDERS [~CVL]
DOCK_WORKERS [~LAB]  # already plural
RADICAL_CHEESEMAKER [~RAD]
"""


def _rows(conv: ph.Conversion, fmt: str) -> list[dict[str, str]]:
    for r in conv.rows[fmt]:
        assert r["note"].startswith("Phoenix"), r
    return [{k: v for k, v in r.items() if k != "note"} for r in conv.rows[fmt]]


def test_my_actor_dictionary_converts_exactly():
    pf = ph.parse_text(MY_ACTORS, "mine.actors")
    assert pf.kind == ph.ACTORS and not pf.issues
    conv = ph.convert_parsed(pf)
    assert conv.rows["countries"] == [{"iso3": "ESP", "iso2": "", "name": "Spain",
                                       "names": "Espanolandia|Gran Espanolandia",
                                       "adjectives": "", "demonyms": "", "capital": ""}]
    assert _rows(conv, "orgs") == [
        {"name": "Silver Fern Brigade", "aliases": "SFB", "country": "NZL", "sectors": "REB"},
        {"name": "Moon Treaty Council", "aliases": "", "country": "", "sectors": "IGO"},
        {"name": "Daily Trumpet", "aliases": "", "country": "GBR", "sectors": "JRN"},
        {"name": "St Hilda Infirmary", "aliases": "", "country": "CAN", "sectors": "MED"},
        {"name": "Old Minsk Works Council", "aliases": "", "country": "BLR", "sectors": "GOV"},
    ]
    assert _rows(conv, "non_actors") == [{"phrases": "Green Valley Road"}]
    karl = {"name": "Karl Vonderheim", "aliases": "Chancellor Vonderheim", "country": "DEU", "role": "other"}
    petra = {"aliases": "", "country": "POL", "role": "other"}
    assert _rows(conv, "leaders") == [
        {**karl, "start": "1990-01-01", "end": "2001-12-31", "sectors": "ELI"},
        {**karl, "start": "2002-01-01", "end": "", "sectors": "GOV"},
        # two code-less phrases on adjacent lines share the codes below them
        {"name": "Petra Kowalska", **petra, "start": "", "end": "2014-12-31", "sectors": "ELI"},
        {"name": "Petra Kowalska", **petra, "start": "2015-01-01", "end": "2019-12-31", "sectors": "GOV"},
        {"name": "Petra Kowalska", **petra, "start": "2020-01-01", "end": "", "sectors": "ELI"},
        {"name": "Mrs Kowalska", **petra, "start": "", "end": "2014-12-31", "sectors": "ELI"},
        {"name": "Mrs Kowalska", **petra, "start": "2015-01-01", "end": "2019-12-31", "sectors": "GOV"},
        {"name": "Mrs Kowalska", **petra, "start": "2020-01-01", "end": "", "sectors": "ELI"},
    ]
    assert conv.stats["left_out"] == 0


def test_my_agent_dictionary_converts_exactly():
    pf = ph.parse_text(MY_AGENTS, "mine.agents")
    assert pf.kind == ph.AGENTS and not pf.issues
    conv = ph.convert_parsed(pf)
    assert _rows(conv, "roles") == [
        {"phrases": "harborman|harbormen|harborwoman|harborwomen", "sectors": "LAB", "title": ""},
        {"phrases": "toll collector|toll collectors", "sectors": "GOV", "title": ""},
        {"phrases": "sheep herding guild", "sectors": "AGR", "title": ""},
        {"phrases": "goose herd|geese herds", "sectors": "AGR", "title": ""},
        {"phrases": "city watch|city watches", "sectors": "COP", "title": ""},
        {"phrases": "newslady|newsladies", "sectors": "JRN", "title": ""},
        {"phrases": "healer|healers", "sectors": "MED", "title": ""},
        {"phrases": "truce broker|truce brokers", "sectors": "IGO", "title": ""},
        {"phrases": "council of elders|councils of elders", "sectors": "CVL", "title": ""},
        {"phrases": "dock workers", "sectors": "LAB", "title": ""},
    ]
    assert [i.message for i in conv.left_out] == ["RADICAL CHEESEMAKER [~RAD]: no PLOVER sector"]


def test_names_eventwire_knows_are_left_out_unless_asked(tmp_path):
    text = "PROTESTER [~CVL]\nWEAVERS_GUILD_ELDER [~LAB]\n"
    pf = ph.parse_text(text, "mine.agents")
    kept = ph.convert_parsed(pf, kb.load()).rows["roles"]
    assert [r["phrases"] for r in kept] == ["weavers guild elder|weavers guild elders"]
    everything = ph.convert_parsed(pf).rows["roles"]
    assert [r["phrases"] for r in everything] == ["protester|protesters", "weavers guild elder|weavers guild elders"]
    src = tmp_path / "mine.agents"
    src.write_text(text, encoding="utf-8")
    files = ph.convert(src, tmp_path / "out", keep_builtin=False)
    assert [p.name for p in files] == ["mine.agents.roles.tsv"]
    assert kb.entries_from_file(files[0])[0].surface == "protester"


def test_my_dictionary_loads_directly(tmp_path):
    path = tmp_path / "mine.actors.txt"
    path.write_text(MY_ACTORS, encoding="utf-8")
    loaded = kb.load(extra=(path,))
    brigade = loaded.lookup("Silver Fern Brigade")
    assert [(e.kind, e.country, e.sectors) for e in brigade] == [(kb.ORG, "NZL", ("REB",))]
    karl = loaded.lookup("Chancellor Vonderheim")
    hit, in_office = loaded.leader_at(karl, dt.date(2005, 6, 1))
    assert in_office and hit.country == "DEU" and hit.sectors == ("GOV",)
    assert [e.kind for e in loaded.lookup("Green Valley Road")] == [kb.NON_ACTOR]
    assert any(e.kind == kb.COUNTRY and e.country == "ESP" for e in loaded.lookup("Espanolandia"))


# ------------------------------------------------------------------ CAMEO codes

@pytest.mark.parametrize("code, country, sectors", [
    ("USAGOVMIL", "USA", ("GOV", "MIL")),
    ("IGOUNOREFHCR", None, ("IGO",)),       # an IGO: no country, its field is not a sector
    ("IMGMUSALQ", None, ("REB",)),          # a militarized group: REB, not REL
    ("NGOUSAHRI", "USA", ("NGO",)),
    ("MNCCHNHKG", "HKG", ("BUS",)),         # the more specific country wins
    ("USAPRIGOV", "PRI", ("GOV",)),
    ("USRARM", "ARM", ()),                  # Soviet Armenia: the constituent country
    ("SUN", "RUS", ()),
    ("YUGBIH", "BIH", ()),
    ("ROMGOV", "ROU", ("GOV",)),            # old ISO code
    ("TMP", "TLS", ()),
    ("KSVGOV", "XKX", ("GOV",)),
    ("KRJUNR", "HRV", ("PRE",)),            # breakaway region: PLOVER partially recognized entity
    ("SDNSSDAUT", "SSD", ()),               # AUT after a country: autonomous, not Austria
    ("MNCAUT", "AUT", ("BUS",)),            # right after a type: Austria
    ("AFGGOVMUS", "AFG", ("GOV",)),         # MUS after a sector: Muslim, not Mauritius
    ("MUSGOV", "MUS", ("GOV",)),            # first: Mauritius
    ("GBRMED", "GBR", ("JRN",)),            # CAMEO media -> PLOVER JRN
    ("USAHLH", "USA", ("MED",)),            # CAMEO health -> PLOVER MED
    ("USAGOVHLH", "USA", ("GOV",)),         # a health ministry is government
    ("CHRCTH", None, ("REL",)),
    ("ELI", None, ("ELI",)),
    ("---", None, ()),
])
def test_decode(code, country, sectors):
    d = ph.CodeBook.default().decode(code)
    assert (d.country, d.sectors) == (country, sectors), d


def test_decode_agent_codes():
    book = ph.CodeBook.default()
    assert book.decode("~MUS").sectors == ("REL",)          # not Mauritius
    assert book.decode("~GOVMED").sectors == ("GOV",)
    assert book.decode("NGO~").sectors == ("NGO",)
    assert book.decode("~XQZ").unknown == ("XQZ",) and book.decode("~XQZ").empty


def test_code_tables():
    countries = kb.read_tsv(kb.ACTOR_DIR / "cameo_countries.tsv")
    elements = kb.read_tsv(kb.ACTOR_DIR / "cameo_sectors.tsv")
    historic = {c.alpha_3 for c in pycountry.historic_countries}
    # CAMEO-only codes for former states: the Soviet Union (USR), FR Yugoslavia (FRY); ISO changed
    # Romania's code ROM to ROU without the country changing, so ISO 3166-3 does not list it
    not_in_iso_3166_3 = {"USR", "FRY", "ROM"}
    for r in countries:
        assert r["country"] in ISO3, r
        assert r["cameo"] not in ISO3, r            # a current code is never remapped
        assert r["kind"] in {"old_iso", "former_state", "cameo", "legacy"}, r
        if r["kind"] in ("old_iso", "former_state"):
            assert r["cameo"] in historic | not_in_iso_3166_3, r
    kinds = {"type", "role", "field", "religion", "ethnic", "region", "status", "organization"}
    for r in elements:
        assert r["kind"] in kinds, r
        assert all(s in kb.SECTORS for s in r["sectors"].split("|") if s), r
    # elements that are also ISO codes are read by position (see test_decode)
    assert {r["cameo"] for r in elements} & ISO3 == {"MUS", "AUT"}
    assert len({r["cameo"] for r in elements}) == len(elements)
    assert len({r["cameo"] for r in countries}) == len(countries)
    # the loader skips the two tables
    assert kb.entries_from_file(kb.ACTOR_DIR / "cameo_sectors.tsv") == []


def test_display_names():
    assert ph.display_name("SECRETARY-GENERAL_BAN_KI-MOON") == "Secretary-General Ban Ki-Moon"
    assert ph.display_name("U.N._SECURITY_COUNCIL") == "U.N. Security Council"
    assert ph.display_name("UN") == "UN" and ph.display_name("PKK") == "PKK"
    assert ph.display_name("MR._SMITH_") == "Mr. Smith"
    assert ph.display_name("O'BRIEN_OF_THE_GLEN") == "O'Brien of the Glen"
    assert ph.display_name("MEN'S_LEAGUE_(MLX)") == "Men's League (MLX)"
    assert ph.display_name("UN_Secy_Gen") == "UN Secy Gen"  # mixed case is kept


def test_gaps():
    d = dt.date
    codes = [ph.Code("A", d(2000, 1, 1), d(2001, 12, 31), True), ph.Code("B", d(2001, 6, 1), d(2003, 1, 1), True),
             ph.Code("C", d(2005, 1, 1), None, True)]
    assert ph._gaps(codes) == [(None, d(1999, 12, 31)), (d(2003, 1, 2), d(2004, 12, 31))]
    assert ph._gaps([ph.Code("A", None, d(1990, 1, 1), True)]) == [(d(1990, 1, 2), None)]
    assert ph._gaps([]) == [(None, None)]
