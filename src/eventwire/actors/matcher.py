"""Find knowledge-base names in a spaCy Doc with one PhraseMatcher (built once per model and
knowledge base): countries, adjectives, capitals, organizations, role words, leaders' names."""
from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from .kb import PROPER_KINDS, Entry, KnowledgeBase, needs_exact_case, norm


@dataclass
class KBMatch:
    span: Span
    entries: list[Entry]

    @property
    def start(self) -> int:
        return self.span.start

    @property
    def end(self) -> int:
        return self.span.end

    def kinds(self) -> set[str]:
        return {e.kind for e in self.entries}

    def of_kind(self, *kinds: str) -> list[Entry]:
        return [e for e in self.entries if e.kind in kinds]


class ActorMatcher:
    def __init__(self, nlp: Language, kb: KnowledgeBase):
        self.kb = kb
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        keys: dict[str, list] = {}
        for key, entries in kb.by_key.items():
            surfaces = {e.surface for e in entries} | {key}
            keys[key] = [nlp.make_doc(s) for s in sorted(surfaces)]
        for key, docs in keys.items():
            self.matcher.add(key, docs)
        self.strings = nlp.vocab.strings

    def __call__(self, doc: Doc) -> list[KBMatch]:
        found: list[KBMatch] = []
        for match_id, start, end in self.matcher(doc):
            key = self.strings[match_id]
            span = doc[start:end]
            entries = [e for e in self.kb.by_key.get(key, []) if _case_ok(e, span)]
            if entries:
                found.append(KBMatch(span, entries))
        # longest first, then leftmost; keep non-overlapping
        found.sort(key=lambda m: (-(m.end - m.start), m.start))
        taken = [False] * len(doc)
        kept = []
        for m in found:
            if any(taken[m.start:m.end]):
                continue
            for i in range(m.start, m.end):
                taken[i] = True
            kept.append(m)
        kept.sort(key=lambda m: m.start)
        return kept


def _case_ok(entry: Entry, span: Span) -> bool:
    text = span.text
    if needs_exact_case(entry.surface):
        return text == entry.surface or text.replace(".", "") == entry.surface.replace(".", "")
    if entry.kind in PROPER_KINDS:
        if text[:4].lower() == "the ":
            text = text[4:]
        first = next((c for c in text if c.isalpha()), "")
        return first.isupper() or not first.isalpha()
    return True


__all__ = ["ActorMatcher", "KBMatch", "norm"]
