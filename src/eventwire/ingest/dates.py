"""Publication dates: normalise a given date or timestamp, find one in a URL or in a dateline.

Every function returns ``YYYY-MM-DD`` or None, never raises, and never runs a date parser over a
whole text (only over a short field or the first lines).
"""
from __future__ import annotations

import datetime as dt
import email.utils
import re
from urllib.parse import urlsplit

_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12,
    "dec": 12,
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DATE_PATTERNS = [
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.I),
    re.compile(rf"\b{_DAY}\s+{_MONTH},?\s+{_YEAR}\b", re.I),
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b"),
]
_ISO_RE = re.compile(r"^\s*((?:1[89]|20)\d\d)[-/.](\d{1,2})[-/.](\d{1,2})(?:$|[T\s_]|\b)")
_COMPACT_RE = re.compile(r"^\s*((?:19|20)\d\d)(\d\d)(\d\d)(?:$|T|\s)")
_URL_RES = [
    re.compile(r"(?<!\d)((?:19|20)\d\d)[/_.-](0?[1-9]|1[0-2])[/_.-](0?[1-9]|[12]\d|3[01])(?!\d)"),
    re.compile(r"(?<!\d)((?:19|20)\d\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?!\d)"),
]
# a dateline: place and/or agency around the date, then a dash: "WASHINGTON, June 12, 2018 -"
_DASH_AFTER_RE = re.compile(r"^[^\n.!?]{0,40}?\s[-\u2013\u2014]{1,2}(?:\s|$)|^\s*[-\u2013\u2014]{1,2}\s")
# what may stand before the date in a dateline: capitalised place words, a weekday, "(Agency)",
# "Published:" and the like ("WASHINGTON, ", "Kyiv, Ukraine, ", "Monday, ", "Updated ")
_DATELINE_LEAD_RE = re.compile(
    r"(?:(?:[A-Z\u00c0-\u00de][\w.'\u2019&-]*|\([^()]{1,30}\)|"
    r"(?i:published|posted|updated|last updated|first published|date))[,:]?\s+)*")
_DATE_LINE_WORDS_RE = re.compile(
    r"^(?:(?:published|posted|updated|last updated|first published|date)\b[^\n]{0,20}?)?$", re.I)


def _valid(year: int, month: int, day: int) -> str | None:
    try:
        d = dt.date(year, month, day)
    except ValueError:
        return None
    if d.year < 1900 or d > dt.date.today() + dt.timedelta(days=366):
        return None
    return d.isoformat()


def normalize_date(value: object) -> str | None:
    """``YYYY-MM-DD`` from a date, timestamp, epoch number or date-like string; None if unclear.

    Timestamps keep the calendar day they were written with ("2025-03-14 20:30:26Z" ->
    "2025-03-14"); RFC 2822 dates (feeds, HTTP) likewise keep their own day.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, dt.datetime):
        return _valid(value.year, value.month, value.day)
    if isinstance(value, dt.date):
        return _valid(value.year, value.month, value.day)
    if isinstance(value, (int, float)):
        return _from_epoch(float(value))
    if not isinstance(value, str):
        return None
    s = value.strip()
    if not s or len(s) > 80:
        return None
    m = _ISO_RE.match(s)
    if m:
        return _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = _COMPACT_RE.match(s)
    if m:
        return _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if re.fullmatch(r"\d{9,13}(?:\.\d+)?", s):
        return _from_epoch(float(s))
    try:
        parsed = email.utils.parsedate_to_datetime(s)
        if parsed is not None:
            return _valid(parsed.year, parsed.month, parsed.day)
    except (TypeError, ValueError, IndexError):
        pass
    found = find_date_in(s)
    if found:
        return found
    return _dateparser(s)


def _from_epoch(x: float) -> str | None:
    if x > 1e11:  # milliseconds
        x /= 1000.0
    try:
        d = dt.datetime.fromtimestamp(x, tz=dt.timezone.utc)
    except (OverflowError, OSError, ValueError):
        return None
    return _valid(d.year, d.month, d.day)


def _dateparser(s: str) -> str | None:
    """Last resort for a short date field in another language or format."""
    if not re.search(r"\d", s):
        return None
    try:
        import dateparser

        d = dateparser.parse(s, settings={"PREFER_DAY_OF_MONTH": "first", "STRICT_PARSING": True,
                                          "REQUIRE_PARTS": ["day", "month", "year"]})
    except Exception:  # dateparser raises various errors on odd strings
        return None
    return _valid(d.year, d.month, d.day) if d else None


def find_date_in(s: str) -> str | None:
    """The first full written date ("June 12, 2018", "12 June 2018", "2018-06-12") in a short string."""
    for pat in _DATE_PATTERNS:
        m = pat.search(s)
        if m:
            month = m.group("month")
            month_n = int(month) if month.isdigit() else _MONTHS[month.lower().rstrip(".")]
            return _valid(int(m.group("year")), month_n, int(m.group("day")))
    return None


def url_date(url: str | None) -> str | None:
    """A date written in a URL's path: ``/2017/07/07/``, ``/2017-07-07-title``, ``/20170707/``."""
    if not url:
        return None
    try:
        path = urlsplit(url).path
    except ValueError:
        return None
    for pat in _URL_RES:
        for m in pat.finditer(path):
            found = _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            if found:
                return found
    return None


def dateline_date(lines: list[str]) -> str | None:
    """A date in a dateline at the start of a story.

    ``lines`` are the first few lines of the article. Recognised: "WASHINGTON, June 12, 2018 —",
    "June 12, 2018 (Reuters) -", "Monday, 12 June 2018 - ...", and a short line that is only a
    date, optionally after "Published", "Posted" or "Updated".
    """
    for line in lines[:4]:
        head = line[:160]
        for pat in _DATE_PATTERNS:
            m = pat.search(head)
            if not m:
                continue
            before, after = head[: m.start()], head[m.end():]
            if len(before) > 45 or not _DATELINE_LEAD_RE.fullmatch(before):
                continue
            dated = find_date_in(m.group(0))
            if not dated:
                continue
            if _DASH_AFTER_RE.match(after):
                return dated
            # a line that is only a (published/posted/updated) date
            rest = (before + " " + after).strip(" ,:|-\u2013\u2014()")
            rest = re.sub(r"^(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b,?\s*", "", rest, flags=re.I)
            rest = re.sub(r"\b(?:at\s+)?\d{1,2}[:.]\d\d(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?$", "", rest,
                          flags=re.I).strip(" ,:|")
            if _DATE_LINE_WORDS_RE.match(rest):
                return dated
    return None
