"""The shared working object of one document while it goes through the stages.

``Analysis`` holds the spaCy ``Doc`` of each coded segment (with the segment's offset into the
document text) and the sentences; each stage adds its findings (mentions, time expressions,
places, events, quotes). Stages read what earlier stages wrote and never go back upstream.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from spacy.tokens import Doc, Span, Token

from .model import Document, Event, Place, Quote, Sentence, Timex

if TYPE_CHECKING:  # pragma: no cover
    from .actors.mentions import Mention


@dataclass
class Part:
    """One coded segment: its spaCy Doc and where it starts in the document text."""

    doc: Doc
    offset: int
    segment_kind: str


@dataclass
class SentenceInfo:
    sentence: Sentence
    span: Span
    offset: int  # add to token.idx to get a document offset

    @property
    def index(self) -> int:
        return self.sentence.index


@dataclass
class Analysis:
    document: Document
    pub_date: dt.date | None
    parts: list[Part] = field(default_factory=list)
    sentences: list[SentenceInfo] = field(default_factory=list)
    mentions: list["Mention"] = field(default_factory=list)
    timexes: list[Timex] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    # free space for stages to share intermediate results (e.g. token -> mention index)
    notes: dict[str, Any] = field(default_factory=dict)

    def add_part(self, doc: Doc, offset: int, segment_kind: str) -> None:
        self.parts.append(Part(doc, offset, segment_kind))
        if len(doc):
            # spaCy rebuilds Doc.text from its tokens at every call: keep the text once
            end = doc[-1].idx + len(doc[-1].text_with_ws)
            text = self.document.text[offset:offset + end]
            if len(text) == end:
                doc.user_data["text"] = text
        kept = doc.user_data.get("text")
        for span in doc.sents:
            full = kept[span.start_char:span.end_char] if kept is not None else span.text
            text = full.rstrip()
            if not text.strip():
                continue
            lead = len(full) - len(full.lstrip())
            start = offset + span.start_char + lead
            end = offset + span.start_char + len(text)
            sent = Sentence(len(self.sentences), self.document.text[start:end], start, end)
            self.sentences.append(SentenceInfo(sent, span, offset))

    def offset_of(self, doc: Doc) -> int:
        for part in self.parts:
            if part.doc is doc:
                return part.offset
        raise KeyError("token from an unknown Doc")

    def char(self, tok: Token) -> int:
        """Document offset of a token's first character."""
        return self.offset_of(tok.doc) + tok.idx

    def span_chars(self, first: Token, last: Token) -> tuple[int, int]:
        off = self.offset_of(first.doc)
        return off + first.idx, off + last.idx + len(last.text)

    def sentence_of(self, tok: Token) -> SentenceInfo:
        off = self.offset_of(tok.doc)
        c = off + tok.idx
        for s in self.sentences:
            if s.offset == off and s.span.start <= tok.i < s.span.end:
                return s
        # whitespace tokens that were trimmed: the nearest sentence before
        best = self.sentences[0]
        for s in self.sentences:
            if s.sentence.start <= c:
                best = s
        return best
