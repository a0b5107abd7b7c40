"""The trigger lexicon (src/eventwire/data/events/*.yaml): its format, and a few constructions
per PLOVER type on sentences written for these tests (coverage and accuracy are measured by
bench/synthetic_coverage.py and `eventwire evaluate`, not here)."""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from eventwire.events import lexicon as lexicon_mod

from conftest import SHARED

EVENT_DIR = lexicon_mod.EVENT_DIR
TYPE_FILES = sorted(p for p in EVENT_DIR.glob("*.yaml") if p.name != "plover.yaml")
CAMEO_TABLE = SHARED / "docs" / "reference" / "CAMEO2PLOVER-2021.txt"
# The CAMEO two-digit families and the PLOVER types the conversion table files them under
# (the family 08 holds both CONCEDE and RETREAT; 19 and 20 are ASSAULT).
FAMILIES = {"03": {"AGREE"}, "04": {"CONSULT"}, "05": {"SUPPORT"}, "06": {"COOPERATE"}, "07": {"AID"},
            "08": {"CONCEDE", "RETREAT"}, "09": {"ACCUSE"}, "10": {"REQUEST"}, "11": {"ACCUSE"},
            "12": {"REJECT"}, "13": {"THREATEN"}, "14": {"PROTEST"}, "15": {"MOBILIZE"}, "16": {"SANCTION"},
            "17": {"COERCE"}, "18": {"ASSAULT"}, "19": {"ASSAULT"}, "20": {"ASSAULT"}}
# Acts the PLOVER manual files under another type than CAMEO did; the entry keeps the CAMEO
# code of the act itself.
CROSSWALK_EXCEPTIONS = {
    ("SANCTION", "116"),  # a conviction: the manual's SANCTION convict; CAMEO 116 "find guilty" is in 11
    ("CONCEDE", "055"),   # an apology: the manual codes regret as CONCEDE; CAMEO 055 is in 05
}
FUNCTION_WORDS = {"of", "on", "to", "in", "for", "with", "at", "by", "from", "the", "a", "an", "and", "or"}


def _raw_files() -> list[tuple[Path, dict]]:
    return [(p, yaml.safe_load(p.read_text(encoding="utf-8")) or {}) for p in TYPE_FILES]


def _table_rows() -> dict[str, str]:
    rows = {}
    for line in CAMEO_TABLE.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^(\d{2,4}):\s*([A-Z]+)", line)
        if m and len(m.group(1)) >= 3:
            rows.setdefault(m.group(1), m.group(2))
    return rows


@pytest.fixture(scope="module")
def lex():
    return lexicon_mod.load()


# -- format -------------------------------------------------------------------------------------

def test_every_file_loads_and_names_a_type(lex):
    table = yaml.safe_load((EVENT_DIR / "plover.yaml").read_text(encoding="utf-8"))
    assert len(table["types"]) == 16
    for path, data in _raw_files():
        assert str(data.get("type", "")).upper() in lex.types, path.name
        assert data.get("entries"), f"{path.name} has no entries"
    assert {e.event_type for e in lex.entries} == set(table["types"])


def test_plover_lists_have_no_repeats():
    table = yaml.safe_load((EVENT_DIR / "plover.yaml").read_text(encoding="utf-8"))
    for name in ("light_verbs", "occurrence_verbs", "containers", "recipient_preps", "reference_preps"):
        repeats = [w for w, n in Counter(table[name]).items() if n > 1]
        assert not repeats, f"plover.yaml {name} repeats {repeats}"


def test_modes_belong_to_their_type(lex):
    for e in lex.entries:
        if e.mode:
            assert e.mode in lex.types[e.event_type].modes, f"{e.source}: {e.describe()} has mode {e.mode}"


def test_every_mode_has_a_trigger(lex):
    used = {(e.event_type, e.mode) for e in lex.entries}
    for name, info in lex.types.items():
        for mode in info.modes:
            assert (name, mode) in used, f"no entry codes {name} {mode}"


def test_cameo_codes_look_like_cameo_and_fit_the_type(lex):
    rows = _table_rows() if CAMEO_TABLE.exists() else {}
    for e in lex.entries:
        if e.cameo is None:
            continue
        assert re.fullmatch(r"\d{3,4}", e.cameo), f"{e.source}: {e.describe()} has CAMEO {e.cameo!r}"
        if (e.event_type, e.cameo) in CROSSWALK_EXCEPTIONS:
            continue
        allowed = set(FAMILIES.get(e.cameo[:2], set()))
        if rows:
            assert e.cameo in rows, f"{e.source}: CAMEO {e.cameo} is not in the conversion table"
            allowed.add(rows[e.cameo])
        assert e.event_type in allowed, f"{e.source}: {e.describe()} has CAMEO {e.cameo} of {sorted(allowed)}"


def test_no_duplicate_entries(lex):
    def key(e):
        return (e.event_type, e.pos, e.words, e.object, e.not_object, e.prep, e.xcomp, e.subject,
                e.actor_sectors, e.ccomp_aux, e.ccomp_mark, e.mode)
    dups = [k for k, n in Counter(key(e) for e in lex.entries).items() if n > 1]
    assert not dups, f"duplicate entries: {dups[:5]}"


def test_entries_are_well_formed(lex):
    for e in lex.entries:
        assert all(w and w == w.strip().lower() for w in e.words), e.describe()
        if e.pos == "noun" and "-" not in e.words:  # "sit-in" is tokenized sit - in
            assert e.words[-1] not in FUNCTION_WORDS, f"{e.source}: noun {e.words} ends in a function word"
        # a generic verb alone is never a trigger of these types: it needs its object
        if e.pos == "verb" and len(e.words) == 1 and e.words[0] in {"raise", "take", "make", "give", "hold",
                                                                   "put", "call", "open", "end", "cut"}:
            assert e.object or e.prep or e.subject or e.xcomp, f"{e.source}: bare '{e.words[0]}' in {e.event_type}"


# -- behaviour: one or more constructions per type ---------------------------------------------------

def _events(code_text, text):
    return code_text(text, pub_date="2021-03-10").events


def _one(evs, etype, mode=None):
    found = [e for e in evs if e.event_type == etype and (mode is None or e.mode == mode)]
    assert found, f"no {etype} {mode or ''} in {[(e.event_type, e.mode, e.trigger.text) for e in evs]}"
    return found[0]


def _countries(actors):
    return {a.country for a in actors if a.country}


@pytest.mark.parametrize("text, etype, mode", [
    ("Ethiopia and Eritrea reached an agreement on the disputed border town.", "AGREE", None),
    ("The Egyptian foreign minister held talks with his Jordanian counterpart in Amman.", "CONSULT", None),
    ("The Indian prime minister spoke by phone with the Japanese prime minister.", "CONSULT", "phone"),
    ("Norway praised Colombia's efforts to end the conflict.", "SUPPORT", None),
    ("The Sudanese government lifted the curfew in Khartoum.", "CONCEDE", None),
    ("Vietnam and the Philippines held joint naval exercises in the South China Sea.", "COOPERATE", None),
    ("Canada sent humanitarian aid to Haiti after the earthquake.", "AID", None),
    ("Armenian forces withdrew from three villages near the border with Azerbaijan.", "RETREAT", "withdraw"),
    ("Iran released two Australian nationals on Friday.", "RETREAT", "release"),
    ("The Kenyan president called for the release of the kidnapped aid workers.", "REQUEST", "yield"),
    ("Egypt rejected Ethiopia's offer of aid.", "REJECT", "assist"),
    ("The Japanese government raised concerns about China's military buildup.", "ACCUSE", "disapprove"),
    ("Brazilian prosecutors charged the former president with corruption.", "ACCUSE", "allege"),
    ("North Korea threatened to attack South Korea.", "THREATEN", "violence"),
    ("Thousands of teachers went on strike in Nigeria over unpaid salaries.", "PROTEST", "strike"),
    ("Thousands of students protested in Tehran on Sunday.", "PROTEST", "demo"),
    ("The European Union imposed new sanctions on Belarus.", "SANCTION", "discontinue"),
    ("Poland expelled two Russian diplomats.", "SANCTION", "expel"),
    ("Turkey deployed troops to the Syrian border.", "MOBILIZE", "troops"),
    ("Police in Minsk detained dozens of opposition activists.", "COERCE", "arrest"),
    ("The Myanmar junta imposed a curfew in Yangon.", "COERCE", "curfew"),
    ("Israeli warplanes struck targets in Gaza on Tuesday.", "ASSAULT", "aerial"),
    ("Police fired tear gas at protesters in Nairobi.", "ASSAULT", "crowd-control"),
    ("Russia fired missiles at Kyiv overnight.", "ASSAULT", "heavy-weapons"),
])
def test_type_and_mode(code_text, text, etype, mode):
    _one(_events(code_text, text), etype, mode)


def test_mode_and_recipient_of_sanctions(code_text):
    ev = _one(_events(code_text, "The United States imposed sanctions on Iran over its nuclear programme."), "SANCTION")
    assert _countries(ev.actors) == {"USA"} and "IRN" in _countries(ev.recipients)
    assert ev.cameo == "163"


def test_protest_by_a_government_is_a_complaint(code_text):
    ev = _one(_events(code_text, "China protested the American decision to sell weapons to Taiwan."), "ACCUSE")
    assert ev.mode == "disapprove"
    assert not [e for e in _events(code_text, "China protested the American decision.") if e.event_type == "PROTEST"]


def test_military_withdrawal_has_no_own_troops_as_recipient(code_text):
    ev = _one(_events(code_text, "Russia withdrew its troops from the town."), "RETREAT", "withdraw")
    assert "RUS" not in _countries(ev.recipients)


@pytest.mark.parametrize("text, etype", [
    ("The central bank raised interest rates by half a point.", "ACCUSE"),     # raise alone is nothing
    ("The ministry declined to comment on the report.", "REJECT"),            # no comment is no refusal
    ("The spokesman told reporters that the talks were constructive.", "REQUEST"),
    ("The government took office in January after the election.", "COERCE"),
    ("The company released its annual report on Monday.", "RETREAT"),
    ("Teachers welcomed the new school year.", "CONSULT"),
    ("The president called the decision a mistake.", "CONSULT"),
    ("The minister fired his chief of staff on Monday.", "ASSAULT"),
])
def test_generic_words_do_not_make_events(code_text, text, etype):
    assert not [e for e in _events(code_text, text) if e.event_type == etype]
