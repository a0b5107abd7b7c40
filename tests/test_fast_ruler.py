"""The fast attribute ruler gives every token the attributes spaCy's own ruler gives it."""
from __future__ import annotations

import json

import pytest
import spacy

from conftest import ROOT, shared_path
from eventwire.config import Settings
from eventwire.fast_ruler import FastAttributeRuler, Unsupported, replace_attribute_ruler

ATTRS = ("pos_", "tag_", "lemma_", "dep_", "ent_type_", "ent_iob_")


def _stock_and_fast():
    model = Settings().model
    stock = spacy.load(model)
    fast = spacy.load(model)
    assert replace_attribute_ruler(fast), "the default model's attribute ruler should be compiled"
    assert fast.pipe_names == stock.pipe_names
    assert isinstance(fast.get_pipe("attribute_ruler"), FastAttributeRuler)
    return stock, fast


def _differences(stock, fast, texts):
    diffs = []
    for a, b in zip(stock.pipe(texts), fast.pipe(texts)):
        assert len(a) == len(b)
        for s, t in zip(a, b):
            left = tuple(getattr(s, x) for x in ATTRS) + (str(s.morph), s.head.i)
            right = tuple(getattr(t, x) for x in ATTRS) + (str(t.morph), t.head.i)
            if left != right:
                diffs.append((s.text, left, right))
    return diffs


@pytest.fixture(scope="module")
def pipelines():
    return _stock_and_fast()


def test_same_attributes_on_the_demo_corpus(pipelines):
    stock, fast = pipelines
    rows = [json.loads(line) for line in (ROOT / "src/eventwire/data/demo/stories.jsonl").open(encoding="utf-8")]
    texts = [r["text"] for r in rows if r.get("text")]
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "src/eventwire/data/demo").glob("*.txt"))]
    assert texts
    assert _differences(stock, fast, texts) == []


def test_same_attributes_on_real_stories(pipelines):
    stock, fast = pipelines
    voa = shared_path("corpora", "voa", "voa_stories.jsonl")
    texts = [json.loads(line)["text"] for line in voa.open(encoding="utf-8") if line.strip()][:40]
    texts.append("  \n\n Spaces  everywhere ,  and n't a   thing got done . ")  # whitespace tokens
    texts.append("")
    assert _differences(stock, fast, texts) == []


def test_a_ruler_with_other_patterns_is_left_in_place():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "the"}, {"LOWER": "big"}, {"LOWER": "apple"}]], {"POS": "PROPN"})
    with pytest.raises(Unsupported):
        FastAttributeRuler(ruler)
    assert replace_attribute_ruler(nlp) is False
    assert nlp.get_pipe("attribute_ruler") is ruler


def test_a_custom_ruler_in_the_supported_forms():
    nlp = spacy.blank("en")
    stock = nlp.add_pipe("attribute_ruler")
    stock.add([[{"LOWER": {"IN": ["gets", "got"]}}]], {"LEMMA": "get", "POS": "VERB"})
    stock.add([[{"LOWER": "new"}, {"LOWER": "york"}]], {"POS": "PROPN"}, index=1)
    stock.add([[{"LOWER": {"REGEX": "^n'?t$"}}]], {"POS": "PART"})
    stock.add([[{"LOWER": "got"}]], {"POS": "AUX"})  # a later rule wins
    text = "She got to New York and didn't stay; he gets it."
    expected = [(t.pos_, t.lemma_) for t in nlp(text)]
    fast = spacy.blank("en")
    fast.add_pipe("attribute_ruler").add_patterns(stock.patterns)
    assert replace_attribute_ruler(fast)
    assert [(t.pos_, t.lemma_) for t in fast(text)] == expected
    assert ("AUX", "get") in expected and ("PROPN", "") in expected and ("PART", "") in expected
