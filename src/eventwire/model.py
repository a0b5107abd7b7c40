"""The records eventwire reads and writes.

Every stage passes these small dataclasses along; ``to_record()`` turns each one into the
JSON object of the public contract (``../shared/docs/CONTRACT.md``, schema in
``schema/records.schema.json``). Character offsets are always indices into ``Document.text``.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

SEGMENT_KINDS = ("article", "teaser", "boilerplate", "comments")
STATUSES = ("coded", "skipped", "failed")


@dataclass
class RawInput:
    """One input as a reader found it, before cleaning. ``error`` is set when it could not be read."""

    doc_id: str
    text: str | None = None
    html: str | None = None
    pub_date: str | None = None
    url: str | None = None
    title: str | None = None
    source: str | None = None  # file path, URL or "<stdin>"
    error: str | None = None   # human-readable reason the input could not be read
    status_if_error: str = "failed"  # "failed" or "skipped" when error is set


@dataclass
class Segment:
    kind: str  # one of SEGMENT_KINDS
    start: int
    end: int
    language: str | None = None

    def to_record(self) -> dict[str, Any]:
        return {"kind": self.kind, "language": self.language, "start": self.start, "end": self.end}


@dataclass
class Document:
    doc_id: str
    text: str = ""
    title: str | None = None
    url: str | None = None
    pub_date: str | None = None  # YYYY-MM-DD
    language: str | None = None
    status: str = "coded"
    reason: str | None = None
    segments: list[Segment] = field(default_factory=list)
    source: str | None = None
    # remarks that do not change the status ("text cut to 1,000,000 characters ...")
    notes: list[str] = field(default_factory=list)

    @property
    def content_hash(self) -> str:
        return hashlib.sha1(self.text.encode("utf-8")).hexdigest()

    def segments_of(self, *kinds: str) -> list[Segment]:
        return [s for s in self.segments if s.kind in kinds]

    def to_record(self) -> dict[str, Any]:
        return {
            "kind": "document",
            "doc_id": self.doc_id,
            "title": self.title,
            "url": self.url,
            "pub_date": self.pub_date,
            "language": self.language,
            "status": self.status,
            "reason": self.reason,
            "text": self.text,
            "segments": [s.to_record() for s in self.segments],
            "notes": list(self.notes),
        }


@dataclass
class Actor:
    """A resolved actor mention: the words in the document and who they stand for."""

    text: str
    start: int
    end: int
    name: str | None = None
    country: str | None = None  # ISO-3166 alpha-3
    sectors: list[str] = field(default_factory=list)
    resolved_from: str = "unresolved"

    def to_record(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "name": self.name,
            "country": self.country,
            "sectors": list(self.sectors),
            "resolved_from": self.resolved_from,
        }


@dataclass
class Place:
    name: str
    country: str | None
    lat: float | None
    lon: float | None
    text: str = ""
    start: int = -1
    end: int = -1
    feature: str | None = None  # city, country, region, ...

    def to_record(self) -> dict[str, Any]:
        return {"name": self.name, "country": self.country, "lat": self.lat, "lon": self.lon}


@dataclass
class Timex:
    """A time expression normalised against the publication date."""

    text: str
    start: int
    end: int
    value: str | None  # YYYY-MM-DD, YYYY-MM, YYYY or None
    granularity: str | None  # day, month, year or None
    timex3: str | None = None  # TimeML TIMEX3 value: also 2009-Q3, 2013-W50, PAST_REF, P3D, ...

    def to_record(self, doc_id: str) -> dict[str, Any]:
        return {
            "kind": "timex",
            "doc_id": doc_id,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "value": self.value,
            "granularity": self.granularity,
            "timex3": self.timex3,
        }


@dataclass
class Span:
    text: str
    start: int
    end: int

    def to_record(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass
class Sentence:
    index: int
    text: str
    start: int
    end: int

    def to_record(self) -> dict[str, Any]:
        return {"index": self.index, "text": self.text, "start": self.start, "end": self.end}


def stable_id(*parts: object) -> str:
    """A short id that is the same for the same input on every run."""
    h = hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return h[:16]


@dataclass
class Event:
    doc_id: str
    event_type: str
    trigger: Span
    sentence: Sentence
    actors: list[Actor] = field(default_factory=list)
    recipients: list[Actor] = field(default_factory=list)
    mode: str | None = None
    context: list[str] = field(default_factory=list)
    date: str | None = None
    date_source: str | None = None
    location: Place | None = None
    cameo: str | None = None
    score: float = 0.0
    confidence: float = 0.5
    why: list[str] = field(default_factory=list)

    @property
    def event_id(self) -> str:
        return stable_id(self.doc_id, self.event_type, self.trigger.start, self.trigger.end)

    def to_record(self) -> dict[str, Any]:
        return {
            "kind": "event",
            "doc_id": self.doc_id,
            "event_id": self.event_id,
            "event_type": self.event_type,
            "mode": self.mode,
            "context": list(self.context),
            "actors": [a.to_record() for a in self.actors],
            "recipients": [a.to_record() for a in self.recipients],
            "date": self.date,
            "date_source": self.date_source,
            "location": self.location.to_record() if self.location else None,
            "trigger": self.trigger.to_record(),
            "sentence": self.sentence.to_record(),
            "cameo": self.cameo,
            "score": self.score,
            "confidence": round(self.confidence, 3),
            "why": list(self.why),
        }


@dataclass
class Quote:
    doc_id: str
    form: str  # direct | indirect | mixed
    text: str
    start: int
    end: int
    sentence_index: int
    speaker: Actor | None = None
    cue: Span | None = None

    @property
    def quote_id(self) -> str:
        return stable_id(self.doc_id, "quote", self.start, self.end)

    def to_record(self) -> dict[str, Any]:
        return {
            "kind": "quote",
            "doc_id": self.doc_id,
            "quote_id": self.quote_id,
            "form": self.form,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "speaker": self.speaker.to_record() if self.speaker else None,
            "cue": self.cue.to_record() if self.cue else None,
            "sentence_index": self.sentence_index,
        }


@dataclass
class Result:
    """Everything the pipeline found in one document."""

    document: Document
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)

    def records(self) -> list[dict[str, Any]]:
        out = [self.document.to_record()]
        out += [e.to_record() for e in self.events]
        out += [q.to_record() for q in self.quotes]
        return out
