"""``prepare``: one ``RawInput`` to one ``Document`` ready for the language stages.

Clean text (HTML through ``html.extract_html``; plain text through ``cleanup``), segments with
their languages, title, URL, publication date, the main language and a status. Never raises.

Publication date, first found: the input's own field (timestamps normalised); the page's HTML
metadata (htmldate); a date in the URL; a dateline at the start of the story; the
``--pub-date`` setting; else None.
"""
from __future__ import annotations

from ..config import Settings
from ..model import Document, RawInput, Segment
from .cleanup import clean_text, cut_text, unwrap_hard_wraps
from .dates import dateline_date, normalize_date, url_date
from .html import extract_html, looks_like_html
from .language import detect_language
from .segment import segment_text

# the language of the article is read from at most this much of it
_LANG_SAMPLE = 4000
# a segment shorter than this (in letters) takes the article's language: too short to tell
_SEGMENT_MIN_LETTERS = 30
# article pieces shorter than this (characters) between furniture lines take the article's language
_SHORT_ARTICLE_PIECE = 150


def prepare(raw: RawInput, settings: Settings) -> Document:
    """The clean, segmented document for ``raw``; problems become a status and a reason."""
    try:
        return _prepare(raw, settings)
    except Exception as exc:  # last line of defence: a failed document, never an exception
        return Document(
            doc_id=str(getattr(raw, "doc_id", "") or "?"),
            url=getattr(raw, "url", None),
            title=getattr(raw, "title", None),
            status="failed",
            reason=f"internal error while preparing the input: {type(exc).__name__}: {exc}"[:300],
            source=getattr(raw, "source", None),
        )


def _title(value: str | None) -> str | None:
    if not value or not isinstance(value, str):
        return None
    value = " ".join(clean_text(value).split())
    return value or None


def _prepare(raw: RawInput, settings: Settings) -> Document:
    doc = Document(doc_id=str(raw.doc_id), url=raw.url or None, title=_title(raw.title), source=raw.source,
                   text="", segments=[])
    given_date = normalize_date(raw.pub_date)
    fallback_date = normalize_date(settings.pub_date)
    if raw.error:
        doc.status = raw.status_if_error if raw.status_if_error in ("skipped", "failed") else "failed"
        doc.reason = raw.error
        doc.pub_date = given_date
        return doc

    max_chars = max(1, int(settings.max_chars or 0)) if settings.max_chars else 1_000_000
    original_len = None
    comments_from = None
    html_date = None
    from_html = False
    html_in_text = isinstance(raw.text, str) and not raw.html and looks_like_html(raw.text[:5000])
    if isinstance(raw.text, str) and raw.text.strip() and not html_in_text:
        text = raw.text
        pre_cut = max_chars + max_chars // 10 + 1000  # cleaning only shrinks; the exact cut is below
        if len(text) > pre_cut:
            original_len = len(text)
            text = text[:pre_cut]
        text = unwrap_hard_wraps(clean_text(text))
    elif (isinstance(raw.html, str) and raw.html.strip()) or html_in_text:
        from_html = True  # (a "text" that is a whole HTML page is read as HTML)
        html = raw.html if raw.html else raw.text
        html_limit = max(2_000_000, 5 * max_chars)  # markup is several times the text it holds
        if len(html) > html_limit:
            original_len = len(html)
            html = html[:html_limit]
        extracted = extract_html(html, raw.url)
        body = "\n\n".join(p for p in (clean_text(x) for x in extracted.paragraphs) if p)
        comments = "\n\n".join(p for p in (clean_text(x) for x in extracted.comments) if p)
        text = body
        if body and comments:
            comments_from = len(body) + 2
            text = body + "\n\n" + comments
        doc.title = doc.title or _title(extracted.title)
        doc.url = doc.url or extracted.url
        html_date = normalize_date(extracted.date)
        if not body.strip():
            doc.status, doc.reason = "skipped", "no article text found in the HTML"
            doc.pub_date = given_date or html_date or url_date(doc.url) or fallback_date
            return doc
    else:
        doc.status, doc.reason = "skipped", "empty text"
        doc.pub_date = given_date or url_date(doc.url) or fallback_date
        return doc

    if not text.strip():
        doc.status, doc.reason = "skipped", "empty text (nothing left after removing control characters)"
        doc.pub_date = given_date or html_date or url_date(doc.url) or fallback_date
        return doc
    if len(text) > max_chars:
        original_len = original_len or len(text)
        text = cut_text(text, max_chars)
        if comments_from is not None and comments_from >= len(text):
            comments_from = None
    doc.text = text

    layout = segment_text(text, comments_from, page=from_html)
    doc.segments = [Segment(kind, start, end) for kind, start, end in layout.spans]
    articles = [s for s in doc.segments if s.kind == "article"]

    # languages: the article's, then each segment's (short ones take the article's)
    if len(articles) == 1:
        doc.language = detect_language(text[articles[0].start: articles[0].end])
        articles[0].language = doc.language
    elif articles:
        sample = "\n".join(text[s.start: s.end] for s in articles)
        doc.language = detect_language(sample[:_LANG_SAMPLE] if len(sample) > _LANG_SAMPLE else sample)
    else:
        doc.language = detect_language(text)
    for seg in doc.segments:
        if seg.language is None:
            piece = text[seg.start: seg.end]
            if seg.kind == "article" and len(piece) < _SHORT_ARTICLE_PIECE:
                seg.language = doc.language  # a scrap between furniture: the article's language
            else:
                seg.language = detect_language(piece, min_letters=_SEGMENT_MIN_LETTERS) or doc.language

    if doc.title is None and layout.headline:
        doc.title = layout.headline
    doc.pub_date = (given_date or html_date or url_date(doc.url) or _dateline(text, articles, layout.headline)
                    or fallback_date)

    teasers = settings.include_teasers and any(s.kind == "teaser" for s in doc.segments)
    if not articles and not teasers:
        doc.status = "skipped"
        doc.reason = ("no article text found in the HTML" if from_html else
                      "no article text found (only boilerplate, teasers or comments)")
    else:
        doc.status = "coded"
        doc.reason = None
    if original_len is not None:
        note = (f"text cut to {len(text):,} characters (the input had {original_len:,}"
                f"{' characters of HTML' if from_html else ''}; limit max_chars)")
        doc.notes.append(note)
        if doc.status != "coded":
            doc.reason = f"{doc.reason}; {note}"
    return doc


def _dateline(text: str, articles: list[Segment], headline: str | None) -> str | None:
    if not articles:
        return None
    first = articles[0]
    lines = [ln.strip() for ln in text[first.start: min(first.end, first.start + 1200)].split("\n") if ln.strip()]
    if headline and lines and lines[0] == headline:
        lines = lines[1:]
    return dateline_date(lines[:3])
