"""User dictionaries: files in eventwire's own formats (or Phoenix dictionaries) given with
``Settings(actor_dictionaries=...)`` add actors and override built-in ones in a real pipeline run.

Everything in the dictionaries below is made up for the tests, except the built-in entry that is
overridden (the Wagner Group, which eventwire's groups.tsv places in Russia).
"""
from __future__ import annotations

import pytest

from eventwire.actors import kb

MY_ORGS = """\
# my own organizations (docs/DATA_FORMATS.md, organizations)
name\taliases\tcountry\tsectors\tnote
Brightwater Coalition\tBrightwater\tNOR\tNGO\ta made-up aid group
Wagner Group\tWagner|PMC Wagner\tBLR\tPRM\toverride: the user places the group in Belarus
"""

MY_PHOENIX = """\
# a made-up Phoenix actors file
KARL_VONDERHEIM
+CHANCELLOR_VONDERHEIM
\t[DEUELI 19900101-20011231]
\t[DEUGOV >20020101]
"""

TEXT = "The Brightwater Coalition accused the Wagner Group of attacking villages near the border."


@pytest.fixture(scope="module")
def dictionaries(tmp_path_factory):
    d = tmp_path_factory.mktemp("dicts")
    orgs, phx = d / "my_orgs.tsv", d / "my.actors.txt"
    orgs.write_text(MY_ORGS, encoding="utf-8")
    phx.write_text(MY_PHOENIX, encoding="utf-8")
    return orgs, phx


@pytest.fixture(scope="module")
def my_pipeline(dictionaries):
    from eventwire.config import Settings
    from eventwire.pipeline import Pipeline
    return Pipeline(Settings(actor_dictionaries=dictionaries))


def mentions(pipe, text: str, pub_date: str = "2024-03-01"):
    from eventwire.actors.resolve import DocActors
    from eventwire.model import RawInput
    analysis = pipe.analyse(RawInput(doc_id="t", text=text, pub_date=pub_date))
    DocActors(analysis, pipe.finder)
    return analysis.mentions


def find(ms, words: str):
    hits = [m for m in ms if words in m.text]
    assert hits, f"no mention of {words!r}: {[(m.text, m.country) for m in ms]}"
    return hits[0]


def test_built_in_reading(pipeline):
    ms = mentions(pipeline, TEXT)
    wagner = find(ms, "Wagner Group")
    assert (wagner.country, wagner.sectors) == ("RUS", ("PRM",))
    assert not any("Brightwater" in m.text and m.country for m in ms)


def test_user_dictionary_adds_and_overrides(my_pipeline):
    ms = mentions(my_pipeline, TEXT)
    bright = find(ms, "Brightwater Coalition")
    assert (bright.name, bright.country, bright.sectors) == ("Brightwater Coalition", "NOR", ("NGO",))
    wagner = find(ms, "Wagner Group")
    assert (wagner.name, wagner.country, wagner.sectors) == ("Wagner Group", "BLR", ("PRM",))
    # and the coded event carries them
    from eventwire.model import RawInput
    result = next(my_pipeline.process([RawInput(doc_id="t", text=TEXT, pub_date="2024-03-01")]))
    accuse = [e for e in result.events if e.event_type == "ACCUSE"]
    assert accuse, [(e.event_type, e.trigger.text) for e in result.events]
    assert [(a.country, a.sectors) for a in accuse[0].actors] == [("NOR", ["NGO"])]
    assert [(a.country, a.sectors) for a in accuse[0].recipients] == [("BLR", ["PRM"])]


def test_a_phoenix_file_as_user_dictionary(my_pipeline):
    text = "Chancellor Vonderheim met business leaders in Hamburg."
    now = find(mentions(my_pipeline, text, "2006-05-01"), "Vonderheim")
    assert (now.country, now.sectors) == ("DEU", ("GOV",))
    before = find(mentions(my_pipeline, text, "1995-05-01"), "Vonderheim")
    assert (before.country, before.sectors) == ("DEU", ("ELI",))


def test_the_later_file_wins(tmp_path):
    first, second = tmp_path / "a.tsv", tmp_path / "b.tsv"
    first.write_text("name\taliases\tcountry\tsectors\tnote\nHarbor Pilots Union\t\tNLD\tLAB\t\n", encoding="utf-8")
    second.write_text("name\taliases\tcountry\tsectors\tnote\nHarbor Pilots Union\t\tBEL\tLAB\t\n", encoding="utf-8")
    assert [e.country for e in kb.load(extra=(first, second)).lookup("Harbor Pilots Union")] == ["BEL"]
    assert [e.country for e in kb.load(extra=(second, first)).lookup("Harbor Pilots Union")] == ["NLD"]
