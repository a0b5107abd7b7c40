"""RSS and Atom feeds (feedparser): one ``RawInput`` per entry.

Each entry gives its link (``url``), title, date and its content (or, without content, its
summary) as HTML. ``doc_id`` is the entry's link, so the same story read from successive
snapshots of a feed keeps its id; entries without a link (or repeating one) get
``<feed path or URL>#<n>`` (n counts entries from 1).
"""
from __future__ import annotations

import re
import time
from typing import Iterator

from ..model import RawInput
from .dates import normalize_date
from .records import error_input

_FEED_RE = re.compile(r"<(?:rss|feed|rdf:RDF)\b", re.I)


def looks_like_feed(head: str) -> bool:
    start = head.lstrip("\ufeff \t\r\n")[:3000]
    return bool(_FEED_RE.search(start)) and not re.match(r"<!doctype html|<html", start, re.I)


def _content(entry) -> tuple[str | None, bool]:  # noqa: ANN001
    """(content, is_html) of an entry: the longest HTML content, else the summary."""
    best, best_html = None, True
    for c in entry.get("content") or []:
        value = c.get("value") or ""
        if value.strip() and (best is None or len(value) > len(best)):
            best, best_html = value, "plain" not in (c.get("type") or "html")
    if best is None:
        summary = entry.get("summary") or ""
        if summary.strip():
            detail = entry.get("summary_detail") or {}
            best, best_html = summary, "plain" not in (detail.get("type") or "html")
    return best, best_html


def _entry_date(entry) -> str | None:  # noqa: ANN001
    for key in ("published", "updated", "created"):
        raw = entry.get(key)
        if raw and normalize_date(raw):
            return raw
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if parsed:
            return time.strftime("%Y-%m-%d", parsed)
    return None


def iter_feed(data: bytes | str, name: str, source: str | None) -> Iterator[RawInput]:
    """Entries of the feed in ``data``; ``name`` is the file path or URL the feed came from."""
    import feedparser

    parsed = feedparser.parse(data)
    if not parsed.get("version") and not parsed.entries:
        yield error_input(name, "not a readable RSS or Atom feed", source)
        return
    if not parsed.entries:
        yield error_input(name, "the feed has no entries", source, status="skipped")
        return
    used: set[str] = set()
    for n, entry in enumerate(parsed.entries, 1):
        link = (entry.get("link") or "").strip() or None
        doc_id = link if link and link not in used else f"{name}#{n}"
        if link:
            used.add(link)
        title = (entry.get("title") or "").strip() or None
        content, is_html = _content(entry)
        if content is None:
            yield RawInput(doc_id=doc_id, url=link, title=title, source=source, pub_date=_entry_date(entry),
                           error="the feed entry has no text (only a title or link)", status_if_error="skipped")
            continue
        yield RawInput(
            doc_id=doc_id,
            html=content if is_html else None,
            text=None if is_html else content,
            url=link,
            title=title,
            pub_date=_entry_date(entry),
            source=source,
        )
