"""Normalising one time expression against the publication date (no spaCy here).

``normalize(expr, pub_date, tense=None, anchor=None)`` returns ``(value, granularity)``:
``("2017-06-20", "day")``, ``("2016-12", "month")``, ``("2016", "year")`` or ``(None, None)``.

Fast hand-written rules cover the forms news uses; only what they do not recognise and that
still looks like a date (a digit, a month or weekday name) goes to ``dateparser`` (slow, cached).

Decisions on ambiguous forms (also in docs/WHEN_WHERE.md):

* A date without a year ("July 9") takes the year that puts it nearest the publication date in
  the direction of the tense: past tense -> not after the publication date (a few days of slack,
  PAST_SLACK_DAYS, for stories dated a little before what they report); future -> not before
  it; present or unknown -> the nearest. A month without a year ("December") likewise.
* A weekday that is the publication day's weekday means the publication day itself (news
  writes "last Wednesday" for the week before). Otherwise: past tense -> the latest such day
  before the publication date, future -> the next one, present/unknown -> the nearer of the two.
* The contract has no week unit: a week ("this week", "last week", "two weeks ago", "a week
  after ...") is given as the month that holds it (granularity "month"), or the year when the
  week runs across two months of the same year, else None. The same for weekends.
* Quarters, halves and seasons are given as their year ("the third quarter of 2009" -> "2009").
* "mid-June", "early 2017", "late last year", "the end of the month" -> the month or year named.
* Ranges ("June 20-22", "from 2001 to 2019", "between 2014 and 2021") -> their start.
* Decades, centuries, durations and vague words ("the 1990s", "recent years", "the past",
  "the future", "now", "two years") -> None.
* Anaphoric forms ("a week later", "two days after", "the next day", "earlier in the day",
  "that day") count from ``anchor`` (the date of the event or sentence they refer to); without
  an anchor they resolve to None. Deictic forms ("today", "yesterday", "three days ago", "last
  week") count from the publication date.
"""
from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from typing import Optional

Result = tuple[Optional[str], Optional[str]]
NONE: Result = (None, None)

PAST_SLACK_DAYS = 3

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}
WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4,
    "saturday": 5, "sat": 5, "sunday": 6, "sun": 6,
}
NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "a couple of": 2,
    "couple of": 2, "a single": 1, "just one": 1, "a full": 1,
}
ORDINALS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
    "final": 4, "last": 4,
}
SEASONS = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 12}
FIXED_HOLIDAYS = {
    "christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24),
    "new year's day": (1, 1), "new year's eve": (12, 31), "valentine's day": (2, 14),
    "independence day": (7, 4), "halloween": (10, 31), "bastille day": (7, 14),
    "international women's day": (3, 8), "may day": (5, 1), "boxing day": (12, 26),
}

_MONTH_RE = (r"(?P<mon>january|february|march|april|may|june|july|august|september|october|"
             r"november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?")
_WD_RE = (r"(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues|tue|wed|"
          r"thurs|thur|thu|fri|sat|sun)\.?")
_DAY_RE = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR_RE = r"(?P<year>1[6-9]\d\d|20\d\d|21\d\d)"
_NUM_WORDS = "|".join(sorted((re.escape(k) for k in NUMBERS), key=len, reverse=True))
_N_RE = rf"(?P<n>\d+|{_NUM_WORDS})"
_UNIT_RE = r"(?P<unit>day|week|month|year|decade|fortnight)s?"

# words that make an expression vague (no point in time we can give)
_VAGUE = re.compile(
    r"^(?:the )?(?:past|future|present|recent|recently|now|currently|current|today's|nowadays|"
    r"lately|soon|later|earlier|before|after|previously|once|ever|then|meantime|meanwhile|"
    r"time|times|era|history|long term|short term|near term|medium term|near future|"
    r"distant future|foreseeable future|moment|season|the time)$"
    r"|\b(?:recent|coming|next few|past few|last few|previous few|few|several|many|some|"
    r"decades?|centur(?:y|ies)|\d0s|\d{3}0s|era|ages|long|annual|annually|daily|weekly|monthly|"
    r"yearly|every|each|per|a year-old|years? old|year-old|age of|half-century)\b")
_DURATION_HEAD = re.compile(
    rf"^(?:(?:about|around|almost|nearly|more than|less than|over|under|some|roughly|at least|"
    rf"another|an additional|only|just|barely|a full|the (?:past|last|next|previous|"
    rf"first|coming|following))\s+)*{_N_RE}[- ]{_UNIT_RE}$")


def _clean(expr: str) -> str:
    s = expr.strip().lower()
    s = s.replace("\u2019", "'").replace("\u2018", "'").replace("\u2013", "-").replace("\u2014", "-")
    s = re.sub(r"\s+", " ", s)
    s = re.sub(r"'s\b", "", s)
    s = s.strip(" ,.;:!?\"()[]")
    if not re.fullmatch(r"'\d\d", s):
        s = s.strip("'")
    s = re.sub(r"(?:\s*,|\s+and|\s+or|\s+-)+$", "", s)
    s = re.sub(r"^\d[\d,.]*\s+(?=(?:last|this|next|earlier|later|on|in|since|yesterday|today)\b)", "", s)
    # leading prepositions and hedges that do not change the point
    prev = None
    while prev != s:
        prev = s
        s = re.sub(r"^(?:up until|until|till|on|in|at|by|since|from|during|through|throughout|"
                   r"as of|as early as|as late as|as recently as|starting|beginning|effective|"
                   r"around|about|approximately|circa|sometime|some time|just|only|as soon as|"
                   r"no later than|not until|shortly|right|back|also|exactly)\s+", "", s)
    return s


def _fmt(d: dt.date, gran: str) -> Result:
    if not (1000 <= d.year <= 2999):
        return NONE
    if gran == "day":
        return d.isoformat(), "day"
    if gran == "month":
        return f"{d.year:04d}-{d.month:02d}", "month"
    if gran == "year":
        return f"{d.year:04d}", "year"
    return NONE


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _add_months(d: dt.date, n: int) -> dt.date:
    m = d.month - 1 + n
    y = d.year + m // 12
    m = m % 12 + 1
    return dt.date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def _add_years(d: dt.date, n: int) -> dt.date:
    y = d.year + n
    return dt.date(y, d.month, min(d.day, calendar.monthrange(y, d.month)[1]))


def _tense_dir(tense: str | None) -> str:
    if tense in ("past", "future", "present"):
        return tense
    return "none"  # also "posterior" (later than a past moment): the nearest date


def pick_year_for_day(month: int, day: int, pub: dt.date, tense: str | None) -> dt.date | None:
    cands = [c for c in (_safe_date(y, month, day) for y in (pub.year - 1, pub.year, pub.year + 1)) if c]
    if not cands:
        return None
    direction = _tense_dir(tense)
    if direction == "past":
        ok = [c for c in cands if c <= pub + dt.timedelta(days=PAST_SLACK_DAYS)]
        return max(ok) if ok else min(cands)
    if direction == "future":
        ok = [c for c in cands if c >= pub]
        return min(ok) if ok else max(cands)
    return min(cands, key=lambda c: (abs((c - pub).days), c > pub))


def pick_year_for_month(month: int, pub: dt.date, tense: str | None) -> dt.date:
    cands = [dt.date(y, month, 1) for y in (pub.year - 1, pub.year, pub.year + 1)]
    this_month = dt.date(pub.year, pub.month, 1)
    direction = _tense_dir(tense)
    if direction == "past":
        return max(c for c in cands if c <= this_month)
    if direction == "future":
        return min(c for c in cands if c >= this_month)

    def dist(c: dt.date) -> tuple[int, bool]:
        return abs((c.year - pub.year) * 12 + c.month - pub.month), c > this_month

    return min(cands, key=dist)


def pick_weekday(wd: int, pub: dt.date, tense: str | None, mod: str | None = None) -> dt.date:
    back = (pub.weekday() - wd) % 7
    fwd = (wd - pub.weekday()) % 7
    if mod in ("last", "past", "this past", "previous"):
        return pub - dt.timedelta(days=back or 7)
    if mod in ("next", "coming", "this coming", "following"):
        return pub + dt.timedelta(days=fwd or 7)
    if mod == "this":
        return pub - dt.timedelta(days=pub.weekday()) + dt.timedelta(days=wd)
    if back == 0:
        return pub
    direction = "future" if tense == "posterior" else _tense_dir(tense)
    if direction == "past":
        return pub - dt.timedelta(days=back)
    if direction == "future":
        return pub + dt.timedelta(days=fwd)
    return pub - dt.timedelta(days=back) if back <= fwd else pub + dt.timedelta(days=fwd)


def span_to_result(first: dt.date, last: dt.date) -> Result:
    """A stretch of days the contract cannot name exactly: the month (or year) that holds it."""
    if (first.year, first.month) == (last.year, last.month):
        return _fmt(first, "month")
    if first.year == last.year:
        return _fmt(first, "year")
    return NONE


def week_result(day: dt.date) -> Result:
    """The month that holds most of the (Monday-Sunday) week of ``day``: its Thursday's month."""
    thursday = day - dt.timedelta(days=day.weekday()) + dt.timedelta(days=3)
    return _fmt(thursday, "month")


def _num(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return NUMBERS.get(word)


def _shift(base: dt.date, n: int, unit: str) -> tuple[dt.date, str]:
    """base moved by n units (n may be negative), with the granularity the unit supports."""
    if unit == "day":
        return base + dt.timedelta(days=n), "day"
    if unit in ("week", "fortnight"):
        return base + dt.timedelta(days=n * (14 if unit == "fortnight" else 7)), "week"
    if unit == "month":
        return _add_months(base, n), "month"
    if unit == "year":
        return _add_years(base, n), "year"
    return base, "none"


_GRAN_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}


def _relative(base: dt.date, base_gran: str, n: int, unit: str) -> Result:
    d, gran = _shift(base, n, unit)
    if gran == "none":
        return NONE
    # never more precise than the anchor
    if _GRAN_RANK.get(base_gran, 0) > _GRAN_RANK[gran]:
        gran = base_gran
    if gran == "week":  # "two weeks ago", "a week after": the day that many weeks away
        return _fmt(d, "day")
    return _fmt(d, gran)


def _parse_anchor(anchor: dt.date | str | None) -> tuple[dt.date | None, str]:
    if anchor is None:
        return None, "day"
    if isinstance(anchor, dt.date):
        return anchor, "day"
    a = str(anchor)
    try:
        if len(a) == 10:
            return dt.date.fromisoformat(a), "day"
        if len(a) == 7:
            return dt.date(int(a[:4]), int(a[5:7]), 1), "month"
        if len(a) == 4:
            return dt.date(int(a), 1, 1), "year"
    except ValueError:
        pass
    return None, "day"


def _unit_period(unit: str, base: dt.date, offset: int) -> Result:
    """this/last/next week|month|year relative to ``base``."""
    if unit in ("week", "weekend"):
        d = base + dt.timedelta(days=7 * offset)
        if unit == "weekend":
            sat = d - dt.timedelta(days=d.weekday()) + dt.timedelta(days=5)
            return _fmt(sat, "month")
        return week_result(d)
    if unit == "month":
        return _fmt(_add_months(base.replace(day=1), offset), "month")
    if unit == "year":
        return _fmt(dt.date(base.year + offset, 1, 1), "year")
    return NONE


_PERIOD_MOD = {
    "this": 0, "the current": 0, "current": 0, "the": 0, "last": -1, "past": -1,
    "the past": -1, "previous": -1, "the previous": -1, "next": 1, "coming": 1,
    "the coming": 1, "this coming": 1, "this past": -1, "the last": -1, "the next": 1,
}
_ANAPHORIC_MOD = {"the previous": -1, "the following": 1, "the next": 1, "that": 0, "the same": 0}


def _strip_part_of(s: str) -> str:
    """'mid-June' -> 'june', 'the end of last year' -> 'last year', 'early 2017' -> '2017'."""
    s = re.sub(r"^(?:the )?(?:very )?(?:early|late|mid|middle|end|beginning|start|"
               r"close|turn|spring|summer|fall|autumn|winter|first half|second half|"
               r"latter half|latter part|first part|early part|last part|(?:first|second|third|"
               r"fourth|final|last|1st|2nd|3rd|4th) quarter|q[1-4])(?:\s*-\s*|\s+of\s+|\s+)", "", s)
    return s


def _normalize_core(s: str, pub: dt.date | None, tense: str | None,
                    anchor: dt.date | None, anchor_gran: str) -> Result:
    if not s:
        return NONE

    # ---- ranges: keep the start ---------------------------------------------------------
    m = re.match(r"^(?:between|from)\s+(.+?)\s+(?:and|to|until|through|-)\s+(.+)$", s)
    if m:
        first, second = m.group(1), m.group(2)
        if re.fullmatch(r"[0-3]?\d(?:st|nd|rd|th)?", first):  # "between 20 and 22 June"
            first = first + " " + re.sub(r"^[0-3]?\d(?:st|nd|rd|th)?\s*", "", second)
        elif re.fullmatch(_MONTH_RE, first) or re.fullmatch(rf"{_MONTH_RE}\s+{_DAY_RE}", first):
            ym = re.search(_YEAR_RE, second)
            if ym:
                first = f"{first} {ym.group(0)}"
        return _normalize_core(first, pub, tense, anchor, anchor_gran)
    m = re.match(rf"^({_MONTH_RE}(?:\s+{_DAY_RE})?)\s+(?:to|through|until|till|-)\s+(?:{_MONTH_RE.replace('mon>', 'mon3>')}|{_WD_RE})"
                 r"(?:\s+[0-3]?\d(?:st|nd|rd|th)?)?(?P<tail>(?:,?\s+\d{4})?(?:\s+(?:this|last|next) year)?)$", s)
    if m:
        return _normalize_core((m.group(1) + m.group("tail")).strip(" ,"), pub, tense, anchor, anchor_gran)
    m = re.match(rf"^(.*?\b{_DAY_RE})\s*(?:-|to|through|and)\s*[0-3]?\d(?:st|nd|rd|th)?\b(.*)$", s)
    if m and re.search(_MONTH_RE, m.group(1)):
        return _normalize_core((m.group(1) + m.group(m.lastindex)).strip(), pub, tense, anchor, anchor_gran)
    m = re.match(rf"^{_YEAR_RE}\s*(?:-|to|through|and|/)\s*(?:\d\d|\d{{4}})$", s)
    if m:
        return _fmt(dt.date(int(m.group("year")), 1, 1), "year")
    m = re.match(rf"^{_MONTH_RE}\s*(?:-|to|through|and|or)\s*{_MONTH_RE.replace('mon>', 'mon2>')}(?:\s+{_YEAR_RE})?$", s)
    if m:
        return _normalize_core(m.group("mon") + (" " + m.group("year") if m.group("year") else ""),
                               pub, tense, anchor, anchor_gran)
    m = re.match(r"^(.+?)\s*(?:,|and|or)\s+(?:(?:early|late|mid)[- ])?(?:\w+)$", s)
    if m and not re.search(r"\d", s.split()[-1] if s.split() else "") and \
            re.search(_MONTH_RE + r"|" + _WD_RE, m.group(1)) and \
            re.search(_MONTH_RE + r"|" + _WD_RE, s[m.end(1):]):
        return _normalize_core(m.group(1), pub, tense, anchor, anchor_gran)

    # ---- absolute forms -----------------------------------------------------------------
    m = re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)", s)
    if m:
        d = _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        return _fmt(d, "day") if d else NONE
    m = re.fullmatch(r"(\d{4})-(\d\d)", s)
    if m and 1 <= int(m.group(2)) <= 12:
        return _fmt(dt.date(int(m.group(1)), int(m.group(2)), 1), "month")
    m = re.fullmatch(r"(\d{1,2})[/.](\d{1,2})[/.](\d{2}|\d{4})", s)
    if m:
        a, b, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        y = y + 2000 if y < 100 else y
        mon, day = (a, b) if a <= 12 else (b, a)
        d = _safe_date(y, mon, day)
        return _fmt(d, "day") if d else NONE

    # weekday followed by an explicit date: the date wins ("Wednesday, June 3")
    s = re.sub(rf"^{_WD_RE},?\s+(?=(?:the\s+)?(?:{_MONTH_RE}|[0-3]?\d))", "", s)
    s = re.sub(r"^the\s+(?=[0-3]?\d(?:st|nd|rd|th)?\s+of\s)", "", s)

    m = re.fullmatch(rf"{_MONTH_RE}\s+{_DAY_RE},?\s+{_YEAR_RE}", s) or \
        re.fullmatch(rf"{_DAY_RE}\s+(?:of\s+)?{_MONTH_RE},?\s+{_YEAR_RE}", s)
    if m:
        d = _safe_date(int(m.group("year")), MONTHS[m.group("mon")], int(m.group("day")))
        return _fmt(d, "day") if d else NONE
    m = re.fullmatch(rf"{_MONTH_RE}\s+{_DAY_RE}", s) or \
        re.fullmatch(rf"{_DAY_RE}\s+(?:of\s+)?{_MONTH_RE}", s)
    if m:
        if pub is None:
            return NONE
        d = pick_year_for_day(MONTHS[m.group("mon")], int(m.group("day")), pub, tense)
        return _fmt(d, "day") if d else NONE
    m = re.fullmatch(rf"{_MONTH_RE},?\s+(?:of\s+)?{_YEAR_RE}", s)
    if m:
        return _fmt(dt.date(int(m.group("year")), MONTHS[m.group("mon")], 1), "month")
    m = re.fullmatch(r"'(\d\d)", s)
    if m and pub is not None:  # "'82": the latest such year not after the publication year
        y = pub.year // 100 * 100 + int(m.group(1))
        return _fmt(dt.date(y if y <= pub.year else y - 100, 1, 1), "year")
    m = re.fullmatch(rf"(?:the\s+)?(?:year\s+)?{_YEAR_RE}", s)
    if m:
        return _fmt(dt.date(int(m.group("year")), 1, 1), "year")
    m = re.fullmatch(rf"(?:fiscal|fiscal year|fy|the fiscal year|financial year)\s*{_YEAR_RE}", s)
    if m:
        return _fmt(dt.date(int(m.group("year")), 1, 1), "year")
    m = re.fullmatch(rf"(?:(?P<mod>last|this|next|this past|this coming|past|coming)\s+)?{_MONTH_RE}"
                     r"(?:\s+(?P<rel>last year|this year|next year|of last year|of this year|of next year))?", s)
    if m and pub is not None:
        mon = MONTHS[m.group("mon")]
        rel = (m.group("rel") or "").replace("of ", "")
        if rel:
            y = pub.year + {"last year": -1, "this year": 0, "next year": 1}[rel]
            return _fmt(dt.date(y, mon, 1), "month")
        mod = m.group("mod")
        this_month = dt.date(pub.year, pub.month, 1)
        if mod in ("last", "this past", "past"):
            d = dt.date(pub.year, mon, 1)
            return _fmt(d if d < this_month else dt.date(pub.year - 1, mon, 1), "month")
        if mod in ("next", "this coming", "coming"):
            d = dt.date(pub.year, mon, 1)
            return _fmt(d if d > this_month else dt.date(pub.year + 1, mon, 1), "month")
        if mod == "this":
            return _fmt(dt.date(pub.year, mon, 1), "month")
        return _fmt(pick_year_for_month(mon, pub, tense), "month")
    if s in FIXED_HOLIDAYS or re.fullmatch(rf"(?:{'|'.join(map(re.escape, FIXED_HOLIDAYS))})\s+{_YEAR_RE}", s):
        ym = re.search(_YEAR_RE + r"$", s)
        mon, day = FIXED_HOLIDAYS[s[: ym.start()].strip() if ym else s]
        if ym:
            return _fmt(dt.date(int(ym.group("year")), mon, day), "day")
        if pub is None:
            return NONE
        d = pick_year_for_day(mon, day, pub, tense)
        return _fmt(d, "day") if d else NONE

    # ---- quarters, halves, seasons -> the year --------------------------------------------
    m = re.fullmatch(r"(?:the\s+)?(?:(?P<ord>first|second|third|fourth|final|last|1st|2nd|3rd|4th)"
                     r"[- ](?:fiscal[- ])?quarter|q(?P<q>[1-4])|(?P<half>first|second|latter)[- ]half)"
                     rf"(?:\s+(?:of\s+)?(?:(?P<rel>this year|last year|next year|the year|the previous year|"
                     rf"the following year)|(?:fiscal\s+|the\s+)?{_YEAR_RE}))?", s)
    if m:
        if m.group("year"):
            return _fmt(dt.date(int(m.group("year")), 1, 1), "year")
        rel = m.group("rel")
        if rel in ("the previous year", "the following year"):
            if anchor is None:
                return NONE
            return _fmt(dt.date(anchor.year + (1 if "following" in rel else -1), 1, 1), "year")
        if pub is None:
            return NONE
        if rel:
            return _fmt(dt.date(pub.year + {"this year": 0, "the year": 0, "last year": -1,
                                            "next year": 1}[rel], 1, 1), "year")
        if m.group("half"):
            return _fmt(pub, "year")
        q = int(m.group("q")) if m.group("q") else ORDINALS[m.group("ord")]
        start = dt.date(pub.year, 3 * (q - 1) + 1, 1)
        direction = _tense_dir(tense)
        if direction == "future":
            return _fmt(start if start >= dt.date(pub.year, pub.month, 1) else _add_years(start, 1), "year")
        return _fmt(start if start <= pub else _add_years(start, -1), "year")
    m = re.fullmatch(rf"(?:(?P<mod>this|last|next|this past|this coming|past|coming|the)\s+)?"
                     rf"(?P<season>spring|summer|fall|autumn|winter)(?:\s+(?:of\s+)?(?:{_YEAR_RE}|"
                     r"(?P<rel>this year|last year|next year)))?", s)
    if m:
        if m.group("year"):
            return _fmt(dt.date(int(m.group("year")), 1, 1), "year")
        if pub is None:
            return NONE
        if m.group("rel"):
            return _fmt(dt.date(pub.year + {"this year": 0, "last year": -1, "next year": 1}[m.group("rel")], 1, 1), "year")
        start = dt.date(pub.year, SEASONS[m.group("season")], 1)
        mod = m.group("mod")
        if mod in ("last", "this past", "past"):
            # the latest season of that name that has ended before the publication date
            end = _add_months(start, 3)
            return _fmt(start if end <= pub else _add_years(start, -1), "year")
        if mod in ("next", "this coming", "coming"):
            return _fmt(start if start > pub else _add_years(start, 1), "year")
        if mod in (None, "the") and _tense_dir(tense) == "past":
            return _fmt(start if start <= pub else _add_years(start, -1), "year")
        if mod in (None, "the") and _tense_dir(tense) == "future":
            return _fmt(start if _add_months(start, 3) > pub else _add_years(start, 1), "year")
        return _fmt(pub, "year")

    # ---- parts of a period: mid-June, early 2017, the end of last year -----------------------
    stripped = _strip_part_of(s)
    if stripped != s:
        if re.fullmatch(r"(?:the\s+)?(?:month|year|week)", stripped):
            stripped = "this " + stripped.split()[-1]
        return _normalize_core(stripped, pub, tense, anchor, anchor_gran)

    # ---- deictic: today, yesterday, tomorrow, tonight --------------------------------------
    m = re.fullmatch(r"(?:(?:earlier|later)\s+)?(?P<w>today|tonight|this morning|this afternoon|"
                     r"this evening|yesterday|tomorrow|last night|overnight|the day before yesterday|"
                     r"the day after tomorrow)(?:\s+(?:morning|afternoon|evening|night))?", s)
    if m:
        if pub is None:
            return NONE
        off = {"yesterday": -1, "last night": -1, "tomorrow": 1, "the day before yesterday": -2,
               "the day after tomorrow": 2}.get(m.group("w"), 0)
        return _fmt(pub + dt.timedelta(days=off), "day")

    # ---- weekdays -----------------------------------------------------------------------
    m = re.fullmatch(rf"(?:(?P<mod>last|this|next|this past|this coming|past|coming|previous|"
                     rf"following|early|late)\s+)?{_WD_RE}(?:\s+(?:morning|afternoon|evening|night|"
                     rf"overnight|midday|noon))?", s)
    if m:
        if pub is None:
            return NONE
        mod = m.group("mod")
        mod = None if mod in ("early", "late") else mod
        return _fmt(pick_weekday(WEEKDAYS[m.group("wd")], pub, tense, mod), "day")

    # ---- this/last/next week|month|year ---------------------------------------------------
    m = re.fullmatch(r"(?:(?:earlier|later|early|late)\s+)?(?P<mod>this|last|next|this past|this coming|"
                     r"the current|current|the past|past|previous|the previous|the coming|coming|"
                     r"the last|the next|the)\s+(?P<unit>week|weekend|month|year|calendar year)", s)
    if m:
        mod, unit = m.group("mod"), m.group("unit").replace("calendar ", "")
        if mod in ("the previous", "the next") and anchor is not None and pub is not None and anchor != pub:
            # "the next month" in a story about an earlier date counts from that date
            return _unit_period(unit, anchor, 1 if mod == "the next" else -1)
        if pub is None:
            return NONE
        if mod in ("the past", "the last", "the coming", "the next") and unit != "weekend":
            # "over the past year", "in the coming week": a stretch of time, not a point
            return NONE
        if mod == "the" and unit == "weekend":
            direction = _tense_dir(tense)
            return _unit_period("weekend", pub, 1 if direction == "future" and pub.weekday() < 5 else
                                (0 if pub.weekday() >= 5 or direction == "future" else -1))
        if mod == "the":
            return NONE
        return _unit_period(unit, pub, _PERIOD_MOD[mod])

    # ---- N units ago / from now / in N units ------------------------------------------------
    m = re.fullmatch(rf"(?:(?:about|around|almost|nearly|more than|less than|over|some|roughly|"
                     rf"at least|just|only|barely|exactly)\s+)?{_N_RE}[- ]{_UNIT_RE}\s+"
                     r"(?P<dir>ago|from now|hence|earlier|later|before|after|prior|previously|on)", s)
    if m:
        n = _num(m.group("n"))
        unit = m.group("unit")
        if n is None or unit == "decade":
            return NONE
        if m.group("dir") in ("ago", "from now", "hence"):
            if pub is None:
                return NONE
            sign = -1 if m.group("dir") == "ago" else 1
            return _relative(pub, "day", sign * n, unit)
        if anchor is None:
            return NONE
        sign = -1 if m.group("dir") in ("earlier", "before", "prior", "previously") else 1
        return _relative(anchor, anchor_gran, sign * n, unit)
    m = re.fullmatch(rf"in\s+{_N_RE}[- ]{_UNIT_RE}(?:'?\s*time)?", s)
    if m and pub is not None:
        n = _num(m.group("n"))
        if n is None or m.group("unit") == "decade":
            return NONE
        return _relative(pub, "day", n, m.group("unit"))
    m = re.fullmatch(r"(?:(?:just|only|barely|mere)\s+)?(?:days|weeks|months|years|hours|moments|"
                     r"minutes)\s+(?:later|earlier|before|after|ago|prior)", s)
    if m:
        return NONE

    # ---- anaphoric: the day before, the next day, earlier in the day, that day ------------------
    m = re.fullmatch(r"(?:(?:earlier|later|late|early)\s+)?(?:(?:the )?(?:start|end|close|rest) of\s+)?"
                     r"(?:in|on|that|the same|on the same|the|this|for the)?\s*"
                     r"(?P<what>day|that day|the day|the same day|same day|that morning|"
                     r"that evening|that night|that afternoon|the session|the trading day|trading day)", s)
    if m:
        if anchor is None:
            return NONE
        return _fmt(anchor, anchor_gran if anchor_gran in ("month", "year") else "day")
    m = re.fullmatch(r"(?:the|a)\s+(?P<unit>day|week|month|year)\s+(?P<dir>before|after|earlier|later|prior|previous)|"
                     r"the\s+(?P<mod>next|following|previous|preceding|prior)\s+(?P<unit2>day|week|month|year)"
                     r"|(?P<that>that|the same)\s+(?P<unit3>week|month|year)", s)
    if m:
        if anchor is None:
            return NONE
        if m.group("that"):
            return _unit_period(m.group("unit3"), anchor, 0) if anchor_gran == "day" or m.group("unit3") == "year" \
                else _fmt(anchor, anchor_gran)
        unit = m.group("unit") or m.group("unit2")
        back = (m.group("dir") in ("before", "earlier", "prior", "previous")) or (m.group("mod") in ("previous", "preceding", "prior"))
        if unit == "day":
            return _relative(anchor, anchor_gran, -1 if back else 1, "day")
        return _unit_period(unit, anchor, -1 if back else 1) if anchor_gran == "day" or unit == "year" \
            else _relative(anchor, anchor_gran, -1 if back else 1, unit)

    # ---- durations and vague expressions ------------------------------------------------
    if _DURATION_HEAD.match(s) or _VAGUE.search(s):
        return NONE
    return NONE


@functools.lru_cache(maxsize=8192)
def _normalize_cached(expr: str, pub: dt.date | None, tense: str | None,
                      anchor: dt.date | None, anchor_gran: str) -> Result:
    s = _clean(expr)
    res = _normalize_core(s, pub, tense, anchor, anchor_gran)
    if res == NONE:
        # a list ("today, tomorrow", "November and January"): its first member
        m = re.match(r"^(.+?)(?:,|\s+and\s+|\s+or\s+)\s*\S", s)
        if m and not _VAGUE.search(m.group(1)):
            res = _normalize_core(m.group(1).strip(), pub, tense, anchor, anchor_gran)
    if res == NONE:
        # "the 2024 hunting season", "its 2016 budget": the year that qualifies the thing
        m = re.fullmatch(rf"(?:the|its|their|his|her|this|that)\s+{_YEAR_RE}(?:\s+[a-z]+){{1,3}}", s)
        if m and not re.search(r"\b(?:years?|old|percent|people|km|miles)\b", s):
            res = _fmt(dt.date(int(m.group("year")), 1, 1), "year")
    if res == NONE and _worth_dateparser(s):
        res = _dateparser(s, pub, tense)
    return res


def normalize(expr: str, pub_date: dt.date | None, tense: str | None = None,
              anchor: dt.date | str | None = None) -> Result:
    """Normalise one time expression; see the module docstring for the rules."""
    a, a_gran = _parse_anchor(anchor)
    return _normalize_cached(expr, pub_date, tense, a, a_gran)


def is_anaphoric(expr: str) -> bool:
    """True for expressions that count from another event ("a week later", "the next day")."""
    s = _clean(expr)
    if re.search(r"\b(?:later|earlier|before|after|prior|previously|previous)$", s) and \
            not re.search(r"\b(?:ago|today|tonight|this|yesterday|tomorrow)\b", s):
        return True
    if re.search(r"\b(?:earlier|later|late|early)\s+(?:in|on|that)\s+(?:the\s+)?(?:day|morning|evening|week)\b", s):
        return True
    if re.fullmatch(r"(?:(?:the )?(?:start|end|close|rest) of )?(?:the|that|the same) (?:day|session|trading day)", s):
        return True
    return bool(re.fullmatch(r"(?:(?:earlier|later)\s+)?(?:that|the same|the next|the following|"
                             r"the previous|the preceding)\s+(?:day|morning|evening|night|afternoon|week|month|year)", s))


def anaphora_unit(expr: str) -> str | None:
    """The unit an anaphoric expression counts in: day, week, month or year."""
    s = _clean(expr)
    m = re.search(r"\b(day|morning|evening|night|afternoon|session|week|month|year)s?\b", s)
    if not m:
        return None
    return {"morning": "day", "evening": "day", "night": "day", "afternoon": "day",
            "session": "day"}.get(m.group(1), m.group(1))


def is_vague_point(expr: str) -> bool:
    """A point in time we cannot date ("recent years", "the past", "the future", "now")."""
    s = _clean(expr)
    return bool(re.search(r"\b(?:past|future|recent|recently|now|currently|present|current|soon|"
                          r"coming|upcoming|decades?|centur(?:y|ies)|\d0s|era|ago|later|earlier|"
                          r"nowadays|lately)\b", s))


def is_duration(expr: str) -> bool:
    """A length of time rather than a point ("two years", "30 minutes", "a five-year")."""
    s = _clean(expr)
    if re.search(r"\b(?:ago|later|earlier|before|after|from now|hence|prior)\b", s):
        return False
    if re.match(r"^(?:the\s+)?(?:past|last|next|coming|previous|first|final)\s+(?:\S+\s+)?"
                r"(?:days|weeks|months|years|decades|hours)\b", s):
        return True
    return bool(_DURATION_HEAD.match(s) or re.search(
        r"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|a|an|several|few|many|"
        r"couple of)[- ](?:day|week|month|year|decade|hour|minute)s?(?:[- ]long)?$", s)) or \
        s in ("years", "months", "weeks", "days", "decades", "hours", "centuries")


_DATEISH = re.compile(r"\b(?:" + _MONTH_RE + r"|" + _WD_RE + r")(?:\b|$)|\d")


_DATE_VOCAB = re.compile(
    rf"(?:{_MONTH_RE}|{_WD_RE}|\d{{1,4}}(?:st|nd|rd|th)?|of|the|at|on|,|a\.?m\.?|p\.?m\.?|noon|midnight)")


def _worth_dateparser(s: str) -> bool:
    """Only strings made of date words alone go to dateparser (it reads "Su-35" as 2035)."""
    if not s or len(s) > 40 or not _DATEISH.search(s):
        return False
    tokens = re.findall(r"[a-z]+\.?|\d+(?:st|nd|rd|th)?|,", s)
    if not tokens or not all(_DATE_VOCAB.fullmatch(t) for t in tokens):
        return False
    has_month = any(re.fullmatch(_MONTH_RE, t) for t in tokens)
    has_year = any(re.fullmatch(r"(?:1[6-9]|20|21)\d\d", t) for t in tokens)
    return has_month or has_year


def _dateparser(s: str, pub: dt.date | None, tense: str | None) -> Result:
    if pub is None:
        return NONE
    settings = {
        "RELATIVE_BASE": dt.datetime(pub.year, pub.month, pub.day, 12, 0),
        "PREFER_DAY_OF_MONTH": "first",
        "RETURN_AS_TIMEZONE_AWARE": False,
        "STRICT_PARSING": False,
    }
    if tense == "future":
        settings["PREFER_DATES_FROM"] = "future"
    try:
        from dateparser.date import DateDataParser  # slow import: only when needed
        parser = DateDataParser(languages=["en"], settings=settings)
        data = parser.get_date_data(s)
    except Exception:  # dateparser raises on odd input; an unparsed expression is just None
        return NONE
    if data is None or data.date_obj is None:
        return NONE
    d = data.date_obj.date()
    period = data.period or "day"
    if period == "week":
        return week_result(d)
    if period in ("time", "day"):
        return _fmt(d, "day")
    if period == "month":
        return _fmt(d, "month")
    if period == "year":
        return _fmt(d, "year")
    return NONE
