"""Normalising one time expression against the publication date (no spaCy here).

``normalize(expr, pub_date, tense=None, anchor=None)`` returns ``(value, granularity)``:
``("2017-06-20", "day")``, ``("2016-12", "month")``, ``("2016", "year")`` or ``(None, None)``.
``to_timex3(expr, pub_date, tense=None, anchor=None, value=None)`` returns the TIMEX3 value, which
can say what the contract's value cannot: ``2009-Q3``, ``2013-W50``, ``2009-SU``, ``PAST_REF``,
``199``, ``P3D`` ... (otherwise the value itself).

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


_ORD_WORDS = (r"second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|"
              r"\d+(?:st|nd|rd|th)")
# "the same period last year", "the same month a year ago", "the same quarter of the previous year"
_SAME_PERIOD_RE = re.compile(
    r"(?:the\s+)?same\s+(?:period|month|quarter|time|week|day|date|season|half)\s+(?:of\s+|in\s+)?"
    r"(?:(?:the\s+)?(?:last|previous|prior|preceding)\s+year|the\s+year\s+before|"
    r"a\s+year\s+(?:ago|earlier|before|prior|previously))")
# "a second consecutive day", "for the third straight session", "fourth week in a row"
_STREAK_RE = re.compile(
    rf"(?:(?:a|the)\s+)?(?:{_ORD_WORDS})\s+(?:(?:consecutive|straight|successive)\s+"
    r"(?P<u1>day|session|trading day|trading session|week|month|year)|"
    r"(?P<u2>day|session|week|month|year)\s+(?:in\s+a\s+row|running))")
# "the last week of March", "the first week of 2019"
_WEEK_OF_RE = re.compile(r"(?:the\s+)?(?P<ord>first|second|third|fourth|last|final)\s+week\s+(?:of|in)\s+"
                         r"(?!a row)(?P<rest>.+)")

_THAT_TIME_RE = re.compile(r"that (?:time|point)")

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


def _week_day(unit: str, base: dt.date, offset: int) -> dt.date:
    """The Thursday of the week (the Saturday of the weekend) ``offset`` weeks from ``base``'s."""
    d = base + dt.timedelta(days=7 * offset)
    return d - dt.timedelta(days=d.weekday()) + dt.timedelta(days=5 if unit == "weekend" else 3)


def _weekend_offset(pub: dt.date, tense: str | None) -> int:
    """Which weekend "the weekend" is: the coming one in the future tense, else the last one."""
    if pub.weekday() >= 5 or _tense_dir(tense) == "future":
        return 0  # this week's: the one under way, or the coming one
    return -1


def _unit_period(unit: str, base: dt.date, offset: int) -> Result:
    """this/last/next week|month|year relative to ``base``."""
    if unit in ("week", "weekend"):
        return _fmt(_week_day(unit, base, offset), "month")
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


# ---------------------------------------------------------------------------- periods of a year

_QUARTER_RE = re.compile(
    r"(?:the\s+)?(?:(?P<ord>first|second|third|fourth|final|last|1st|2nd|3rd|4th)[- ](?:fiscal[- ])?quarter"
    r"|q(?P<q>[1-4])|(?P<half>first|second|latter)[- ]half)"
    rf"(?:\s+(?:of\s+)?(?:(?P<rel>this year|last year|next year|the year|the previous year|"
    rf"the following year)|(?:fiscal\s+|the\s+)?{_YEAR_RE}))?")
_SEASON_RE = re.compile(
    rf"(?:(?P<mod>this|last|next|this past|this coming|past|coming|the)\s+)?"
    rf"(?P<season>spring|summer|fall|autumn|winter)(?:\s+(?:of\s+)?(?:{_YEAR_RE}|"
    r"(?P<rel>this year|last year|next year)))?")
_UNIT_QUARTER_RE = re.compile(r"(?P<mod>this|next|the current|current|the coming|the previous|previous|"
                              r"the following)\s+(?:fiscal\s+)?quarter")
SEASON_CODES = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}


def _quarter_of(d: dt.date) -> int:
    return (d.month - 1) // 3 + 1


def _period_in_year(s: str, pub: dt.date | None, tense: str | None,
                    anchor: dt.date | None) -> tuple[int | None, str] | None:
    """A quarter, half or season: ``(year, "Q3" | "H1" | "SU" ...)``; year None when it cannot be
    placed; None when ``s`` is no such form. The year: given, or relative ("of last year"), or the
    one the tense points to (past: the latest that has begun; future: the next that has not ended)."""
    m = _QUARTER_RE.fullmatch(s)
    if m:
        if m.group("half"):
            tag = "H1" if m.group("half") == "first" else "H2"
        else:
            q = int(m.group("q")) if m.group("q") else ORDINALS[m.group("ord")]
            tag = f"Q{q}"
        if m.group("year"):
            return int(m.group("year")), tag
        rel = m.group("rel")
        if rel in ("the previous year", "the following year"):
            if anchor is None:
                return None, tag
            return anchor.year + (1 if "following" in rel else -1), tag
        if pub is None:
            return None, tag
        if rel:
            return pub.year + {"this year": 0, "the year": 0, "last year": -1, "next year": 1}[rel], tag
        if m.group("half"):
            return pub.year, tag
        if m.group("ord") == "last":  # "last quarter", "the last quarter": the one before this one
            prev = _add_months(dt.date(pub.year, 3 * (_quarter_of(pub) - 1) + 1, 1), -3)
            return prev.year, f"Q{_quarter_of(prev)}"
        start = dt.date(pub.year, 3 * (q - 1) + 1, 1)
        if _tense_dir(tense) == "future":
            return (start if start >= dt.date(pub.year, pub.month, 1) else _add_years(start, 1)).year, tag
        return (start if start <= pub else _add_years(start, -1)).year, tag
    m = _UNIT_QUARTER_RE.fullmatch(s)
    if m:
        base = anchor if m.group("mod") in ("the previous", "previous", "the following") else pub
        if base is None:
            return None, "Q"
        off = {"this": 0, "the current": 0, "current": 0, "next": 1, "the coming": 1,
               "the previous": -1, "previous": -1, "the following": 1}[m.group("mod")]
        d = _add_months(dt.date(base.year, base.month, 1), 3 * off)
        return d.year, f"Q{_quarter_of(d)}"
    m = _SEASON_RE.fullmatch(s)
    if m:
        tag = SEASON_CODES[m.group("season")]
        if m.group("year"):
            return int(m.group("year")), tag
        if pub is None:
            return None, tag
        if m.group("rel"):
            return pub.year + {"this year": 0, "last year": -1, "next year": 1}[m.group("rel")], tag
        start = dt.date(pub.year, SEASONS[m.group("season")], 1)
        mod = m.group("mod")
        if mod in ("last", "this past", "past"):
            # the latest season of that name that has ended before the publication date
            return (start if _add_months(start, 3) <= pub else _add_years(start, -1)).year, tag
        if mod in ("next", "this coming", "coming"):
            return (start if start > pub else _add_years(start, 1)).year, tag
        if mod in (None, "the") and _tense_dir(tense) == "past":
            return (start if start <= pub else _add_years(start, -1)).year, tag
        if mod in (None, "the") and _tense_dir(tense) == "future":
            return (start if _add_months(start, 3) > pub else _add_years(start, 1)).year, tag
        return pub.year, tag
    return None


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
    period = _period_in_year(s, pub, tense, anchor)
    if period is not None:
        year, _tag = period
        return _fmt(dt.date(year, 1, 1), "year") if year is not None else NONE

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
            return _unit_period("weekend", pub, _weekend_offset(pub, tense))
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

    # ---- anaphoric: the same period last year, a third straight day, the first week of March -----
    m = _SAME_PERIOD_RE.fullmatch(s)
    if m:  # the reference period a year back, as precise as the reference
        if anchor is None:
            return NONE
        return _fmt(_add_years(anchor, -1), anchor_gran)
    m = _STREAK_RE.fullmatch(s)
    if m:  # "for a third straight day": the reference day (week, month, year) itself
        if anchor is None:
            return NONE
        unit = m.group("u1") or m.group("u2")
        if unit in ("week", "month", "year") and anchor_gran == "day":
            return _unit_period(unit, anchor, 0)
        return _fmt(anchor, anchor_gran)
    if _THAT_TIME_RE.fullmatch(s):  # "by that time": the date told before, as precise as it is
        return _fmt(anchor, anchor_gran) if anchor is not None else NONE
    m = _WEEK_OF_RE.fullmatch(s)
    if m:  # "the last week of March": the month (the contract has no week)
        inner = _normalize_core(m.group("rest"), pub, tense, anchor, anchor_gran)
        return inner if inner[1] in ("month", "year") else NONE

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
                     r"|(?P<that>that|the same|the entire|the whole|the full)\s+(?P<unit3>week|month|year)", s)
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


# ---------------------------------------------------------------------------- TIMEX3 values

# TimeML's words for times that are only "now", "before now" or "after now"
_PRESENT_REF = re.compile(r"(?:right |even )?now|currently|current|present|the present|at present|nowadays|"
                          r"these days|the time being|the moment")
_PAST_REF = re.compile(r"(?:(?:more|most|very|until|as|only)\s+)?(?:recently|recent)|lately|"
                       r"(?:the )?(?:recent |distant )?past|recent (?:days|weeks|months|years|decades|times|history)|"
                       r"(?:the )?(?:last|past) (?:few|several|many) (?:days|weeks|months|years|decades)")
_FUTURE_REF = re.compile(r"(?:very\s+)?soon|(?:the )?(?:near |distant |foreseeable |not-too-distant |immediate )?"
                         r"future|(?:the )?(?:near|long|short|medium) term|the long run|"
                         r"(?:the )?(?:coming|next few|upcoming) (?:days|weeks|months|years|decades)|"
                         r"the (?:days|weeks|months|years) (?:ahead|to come)")
_DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6,
                 "seventies": 7, "eighties": 8, "nineties": 9}
_DECADE_RE = re.compile(
    r"(?:the\s+)?(?:(?:early|mid|late)[- ]?)?(?:(?P<full>1\d|20)(?P<d>\d)0s|'?(?P<short>\d)0s|"
    r"(?P<word>" + "|".join(_DECADE_WORDS) + "))")
_CENTURY_ORD = {"first": 1, "second": 2, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17,
                "eighteenth": 18, "nineteenth": 19, "twentieth": 20, "twenty-first": 21}
_CENTURY_RE = re.compile(r"(?:the\s+)?(?:(?:early|mid|late)[- ]?)?(?:(?P<n>\d{1,2})(?:st|nd|rd|th)|"
                         r"(?P<w>" + "|".join(_CENTURY_ORD) + r"))[- ]century")
_FISCAL_RE = re.compile(
    rf"(?:(?:fiscal|financial)(?: year)?|fy|the (?:fiscal|financial) year)\s*{_YEAR_RE}|"
    rf"(?:the )?{_YEAR_RE.replace('year>', 'year2>')} (?:fiscal|financial) year|"
    r"(?P<mod>the|this|the current|current|last|the last|the previous|previous|next|the next|the coming)"
    r" (?:fiscal|financial) year")
_PART_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "tonight": "NI",
                "overnight": "NI", "midday": "MI", "noon": "MI"}
_DUR_UNITS = {"second": ("T", 1, "S"), "minute": ("T", 1, "M"), "hour": ("T", 1, "H"), "day": ("", 1, "D"),
              "week": ("", 1, "W"), "fortnight": ("", 2, "W"), "month": ("", 1, "M"), "year": ("", 1, "Y"),
              "decade": ("", 10, "Y"), "century": ("", 100, "Y"), "centurie": ("", 100, "Y")}
_DURATION_RE = re.compile(
    r"(?:(?:about|around|almost|nearly|more than|less than|over|under|some|roughly|at least|another|"
    r"an additional|only|just|barely|a full|up to|the (?:past|last|next|previous|coming|following|"
    r"first|final))\s+)*"
    rf"(?:(?P<n>\d+|{_NUM_WORDS}|single|a few|few|several|many|multiple|a couple of|couple of)[- ])?"
    r"(?P<unit>second|minute|hour|day|week|fortnight|month|year|decade|century|centurie)(?P<pl>s)?"
    r"(?:[- ]long)?")
_REF_WORDS = re.compile(r"(?:(?:more|most|very|until|right)\s+)?(?:now|currently|current|recently|recent|"
                        r"lately|nowadays|soon|present|at present)")


def needs_explicit_anchor(expr: str) -> bool:
    """"that time", "that point": only a date told before gives them a value (never the
    publication date)."""
    return bool(_THAT_TIME_RE.fullmatch(_clean(expr)))


def is_same_period(expr: str) -> bool:
    """"the same period last year", "the same month a year ago"."""
    return bool(_SAME_PERIOD_RE.fullmatch(_clean(expr)))


def is_ref_word(expr: str) -> bool:
    """A bare "now", "currently", "recently", "soon", "current", "recent": about the time of writing."""
    return bool(_REF_WORDS.fullmatch(_clean(expr)))


def _iso_week(d: dt.date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y:04d}-W{w:02d}"


def _nth_thursday(year: int, month: int, nth: str) -> dt.date:
    """The Thursday that names the first/second/.../last week of a month (ISO: a week is the
    month's when its Thursday is)."""
    first = dt.date(year, month, 1)
    thursday = first + dt.timedelta(days=(3 - first.weekday()) % 7)
    if nth in ("last", "final"):
        while (thursday + dt.timedelta(days=7)).month == month:
            thursday += dt.timedelta(days=7)
        return thursday
    return thursday + dt.timedelta(days=7 * (ORDINALS[nth] - 1))


def _duration(s: str) -> str | None:
    if re.search(r"\b(?:ago|later|earlier|before|after|from now|hence|prior|since|old)\b", s):
        return None
    m = _DURATION_RE.fullmatch(s)
    if not m:
        return None
    time_part, factor, code = _DUR_UNITS[m.group("unit")]
    word = m.group("n")
    if word is None:
        n = None if m.group("pl") else 1
    elif word == "single":
        n = 1
    else:
        n = _num(word)
    if n is None and word is None and not m.group("pl"):
        return None
    amount = "X" if n is None else str(n * factor)
    return f"P{time_part}{amount}{code}"


def _timex3_core(s: str, pub: dt.date | None, tense: str | None, anchor: dt.date | None,
                 anchor_gran: str, value: str | None) -> str | None:
    # now, before now, after now
    if _PRESENT_REF.fullmatch(s):
        return "PRESENT_REF"
    if _PAST_REF.fullmatch(s):
        return "PAST_REF"
    if _FUTURE_REF.fullmatch(s):
        return "FUTURE_REF"
    # decades and centuries: TimeML writes the digits that are known ("199", "19")
    m = _DECADE_RE.fullmatch(s)
    if m:
        if m.group("full"):
            if m.group("d") == "0" and int(m.group("full")) < 20:  # "the 1800s": a century
                return m.group("full")
            return m.group("full") + m.group("d")
        d = int(m.group("short")) if m.group("short") else _DECADE_WORDS[m.group("word")]
        century = (pub.year // 100) if pub else 19
        if pub and century * 100 + d * 10 > pub.year:
            century -= 1
        return f"{century:02d}{d}"
    m = _CENTURY_RE.fullmatch(s)
    if m:
        n = int(m.group("n")) if m.group("n") else _CENTURY_ORD[m.group("w")]
        return f"{n - 1:02d}"
    m = re.fullmatch(r"(?P<mod>this|the current|the present|last|the last|the past|the previous) "
                     r"(?P<unit>century|decade)", s)
    if m and pub is not None:
        mod, unit = m.group("mod"), m.group("unit")
        if mod in ("the last", "the past"):  # "over the past decade": a stretch of time
            return "P10Y" if unit == "decade" else "P100Y"
        back = 1 if mod in ("last", "the previous") else 0
        return f"{pub.year // 100 - back:02d}" if unit == "century" else f"{pub.year // 10 - back:03d}"
    # quarters, halves, seasons
    period = _period_in_year(s, pub, tense, anchor)
    if period is not None:
        year, tag = period
        return f"{year:04d}-{tag}" if year is not None else None
    stripped = _strip_part_of(s)
    if stripped and stripped != s:  # "the end of last week" -> last week (TimeML puts the part in a mod)
        period = _period_in_year(stripped, pub, tense, anchor)
        if period is not None:
            return f"{period[0]:04d}-{period[1]}" if period[0] is not None else None
        s = stripped
    # fiscal years
    m = _FISCAL_RE.fullmatch(s)
    if m:
        if m.group("year") or m.group("year2"):
            return f"FY{m.group('year') or m.group('year2')}"
        if pub is None:
            return None
        mod = m.group("mod")
        off = -1 if mod and ("last" in mod or "previous" in mod) else (1 if mod and ("next" in mod or "coming" in mod) else 0)
        return f"FY{pub.year + off}"
    # weeks and weekends
    m = re.fullmatch(r"(?:(?:earlier|later|early|late)\s+)?(?P<mod>this|last|next|this past|this coming|the current|"
                     r"current|the past|past|previous|the previous|the coming|coming|the last|the next|the|"
                     r"that|the same|the following)\s+(?P<unit>week|weekend)", s)
    if m:
        mod, unit = m.group("mod"), m.group("unit")
        suffix = "-WE" if unit == "weekend" else ""
        if mod in ("that", "the same", "the following", "the previous", "the next") and anchor is not None \
                and pub is not None and (anchor != pub or mod in ("that", "the same")):
            if anchor_gran != "day":
                return None
            off = {"that": 0, "the same": 0, "the following": 1, "the next": 1, "the previous": -1}[mod]
            return _iso_week(_week_day(unit, anchor, off)) + suffix
        if pub is None:
            return None
        if mod in ("the past", "the last", "the coming", "the next") and unit == "week":
            return "P1W"
        if mod == "the":
            if unit == "week":
                return None
            return _iso_week(_week_day(unit, pub, _weekend_offset(pub, tense))) + suffix
        if mod in ("that", "the same", "the following"):
            return None
        return _iso_week(_week_day(unit, pub, _PERIOD_MOD[mod])) + suffix
    m = _WEEK_OF_RE.fullmatch(s)
    if m and value is not None and len(value) == 7:
        return _iso_week(_nth_thursday(int(value[:4]), int(value[5:7]), m.group("ord")))
    m = _STREAK_RE.fullmatch(s)
    if m and (m.group("u1") or m.group("u2")) == "week" and anchor is not None and anchor_gran == "day":
        return _iso_week(anchor)
    if value is not None:
        if len(value) == 10:  # a part of a day: "this morning", "Monday night"
            m = re.search(r"\b(morning|afternoon|evening|night|tonight|overnight|midday|noon)\b", s)
            if m:
                return f"{value}T{_PART_OF_DAY[m.group(1)]}"
        return value
    return _duration(s)


@functools.lru_cache(maxsize=8192)
def _timex3_cached(expr: str, pub: dt.date | None, tense: str | None, anchor: dt.date | None,
                   anchor_gran: str, value: str | None) -> str | None:
    return _timex3_core(_clean(expr), pub, tense, anchor, anchor_gran, value)


def to_timex3(expr: str, pub_date: dt.date | None, tense: str | None = None,
              anchor: dt.date | str | None = None, value: str | None = None) -> str | None:
    """The TIMEX3 (TimeML) value of an expression: what ``value`` says, or more than the contract
    can: quarters ``2009-Q3``, halves ``2009-H1``, seasons ``2009-SU``, ISO weeks ``2013-W50``
    and weekends ``2010-W04-WE``, parts of days ``2008-01-09TMO``, fiscal years ``FY2007``,
    decades ``199`` and centuries ``19``, ``PRESENT_REF``/``PAST_REF``/``FUTURE_REF``, and
    durations ``P3D``, ``P10Y``, ``PXM`` (X: a number not given). ``value`` is the contract value
    already found for the expression (None when it has none)."""
    a, a_gran = _parse_anchor(anchor)
    return _timex3_cached(expr, pub_date, tense, a, a_gran, value)


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
    if _SAME_PERIOD_RE.fullmatch(s) or _STREAK_RE.fullmatch(s) or _THAT_TIME_RE.fullmatch(s):
        return True
    return bool(re.fullmatch(r"(?:(?:earlier|later)\s+)?(?:that|the same|the next|the following|"
                             r"the previous|the preceding|the entire|the whole|the full)\s+"
                             r"(?:day|morning|evening|night|afternoon|week|month|year)", s))


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
