"""Which parts of a document are coded, decided without loading any model (so `extract` and
`run` agree): article segments (and teasers with --teasers) in a language the model codes.
Long segments are parsed in pieces cut at paragraph breaks, so a huge input never becomes one
huge spaCy Doc."""
from __future__ import annotations

from .config import Settings
from .model import Document, Segment

PIECE_CHARS = 20_000


def codable_segments(doc: Document, settings: Settings) -> list[Segment]:
    kinds = ("article", "teaser") if settings.include_teasers else ("article",)
    return [s for s in doc.segments_of(*kinds)
            if (s.language or doc.language) in settings.languages and s.end > s.start]


def decide(doc: Document, settings: Settings) -> Document:
    """Mark a ready document ``skipped`` (with the reason) when nothing in it can be coded."""
    if doc.status != "coded" or codable_segments(doc, settings):
        return doc
    lang = doc.language
    if doc.segments_of("article") and lang and lang not in settings.languages:
        doc.status, doc.reason = "skipped", (
            f"language '{lang}' is not supported (model {settings.model} codes {', '.join(settings.languages)})")
    else:
        doc.status, doc.reason = "skipped", "no article text to code"
    return doc


def pieces(doc: Document, seg: Segment, limit: int = PIECE_CHARS) -> list[Segment]:
    """The segment cut at paragraph breaks into pieces of at most about ``limit`` characters."""
    if seg.end - seg.start <= limit:
        return [seg]
    out: list[Segment] = []
    start = seg.start
    text = doc.text
    while start < seg.end:
        end = min(seg.end, start + limit)
        if end < seg.end:
            cut = text.rfind("\n\n", start + limit // 4, end)
            if cut < 0:
                cut = text.rfind("\n", start + limit // 4, end)
            if cut < 0:
                cut = text.rfind(". ", start + limit // 4, end)
                cut = cut + 1 if cut >= 0 else -1
            end = cut if cut > start else end
        out.append(Segment(seg.kind, start, end, seg.language))
        start = end
        while start < seg.end and text[start] in "\n \t":
            start += 1
    return out
