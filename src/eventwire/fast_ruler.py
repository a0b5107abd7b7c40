"""A faster stand-in for spaCy's ``attribute_ruler``, with the same output.

The English models map each fine-grained tag to a coarse part of speech and morphology with an
``AttributeRuler``: about 180 one- and two-token ``Matcher`` patterns over TAG, LOWER, DEP and
IS_SPACE. The ``Matcher`` is general and costs about 8% of the whole parse. Here the same
patterns are compiled to plain comparisons of the tokens' attribute hashes, memoized by the
token's (tag, lower, dep, is_space), and the rules' attributes are set with spaCy's own
``set_token_attrs``, in the ruler's order (a later rule wins), exactly as the ruler does.

Only the pattern forms those rulers use are compiled (a value, ``IN``, ``NOT_IN`` or ``REGEX`` over TAG,
LOWER, DEP, or a boolean IS_SPACE; one or two tokens); a ruler with anything else is left in
place (``replace_attribute_ruler`` returns False). ``tests/test_fast_ruler.py`` checks that every
token of real stories gets the same attributes from both.
"""
from __future__ import annotations

import re
from typing import Any, Callable, Iterable, Iterator

from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

# pattern keys we compile, and the column of each in the array of a Doc
COLUMNS = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}
ARRAY_ATTRS = [TAG, LOWER, DEP, IS_SPACE]

Predicate = Callable[[tuple], bool]


class Unsupported(ValueError):
    """A pattern this module does not compile."""


def _predicate(spec: dict, strings: Any) -> Predicate:
    """One token's pattern as a function of the token's row (tag, lower, dep, is_space); the
    hashes are read back as text through ``strings`` for a REGEX."""
    tests: list[tuple[int, str, Any]] = []
    for key, value in spec.items():
        if key not in COLUMNS:
            raise Unsupported(f"attribute {key}")
        col = COLUMNS[key]
        if key == "IS_SPACE":
            if not isinstance(value, bool):
                raise Unsupported(f"IS_SPACE {value!r}")
            tests.append((col, "==", int(value)))
        elif isinstance(value, str):
            tests.append((col, "==", get_string_id(value)))
        elif isinstance(value, dict) and len(value) == 1 and next(iter(value)) in ("IN", "NOT_IN"):
            op, values = next(iter(value.items()))
            tests.append((col, op, frozenset(get_string_id(v) for v in values)))
        elif isinstance(value, dict) and len(value) == 1 and next(iter(value)) == "REGEX":
            tests.append((col, "REGEX", re.compile(value["REGEX"])))
        else:
            raise Unsupported(f"{key} {value!r}")

    def test(row: tuple) -> bool:
        for col, op, value in tests:
            v = row[col]
            if op == "==":
                if v != value:
                    return False
            elif op == "IN":
                if v not in value:
                    return False
            elif op == "REGEX":
                if not value.search(strings[v]):
                    return False
            elif v in value:  # NOT_IN
                return False
        return True

    return test


class FastAttributeRuler:
    """Callable pipeline component doing what the given ``AttributeRuler`` does."""

    def __init__(self, ruler: Any):
        self.name = getattr(ruler, "name", "attribute_ruler")
        self.attrs: list[dict] = list(ruler.attrs)
        self.indices: list[int] = list(ruler.indices)
        # rules[i] = list of patterns, each a list of token predicates
        self.single: list[tuple[int, Predicate]] = []  # (rule, predicate) of one-token patterns
        self.double: list[tuple[int, int, Predicate, Predicate]] = []  # (rule, index, first, second)
        for i, rule in enumerate(ruler.patterns):
            index = self.indices[i]
            for pattern in rule["patterns"]:
                preds = [_predicate(spec, ruler.vocab.strings) for spec in pattern]
                if len(preds) == 1:
                    if index not in (0, -1):
                        raise Unsupported(f"index {index} of a one-token pattern")
                    self.single.append((i, preds[0]))
                elif len(preds) == 2:
                    if index not in (0, 1, -1, -2):
                        raise Unsupported(f"index {index} of a two-token pattern")
                    self.double.append((i, index % 2, preds[0], preds[1]))
                else:
                    raise Unsupported(f"a pattern of {len(preds)} tokens")
        # row -> (rules of one-token patterns matching it, in order; two-token patterns it opens)
        self._memo: dict[tuple, tuple[list[int], list[tuple[int, int, Predicate]]]] = {}

    def _lookup(self, row: tuple) -> tuple[list[int], list[tuple[int, int, Predicate]]]:
        hit = self._memo.get(row)
        if hit is None:
            singles = [rule for rule, pred in self.single if pred(row)]
            opens = [(rule, index, second) for rule, index, first, second in self.double if first(row)]
            hit = self._memo[row] = (singles, opens)
        return hit

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if not n:
            return doc
        rows = [tuple(r) for r in doc.to_array(ARRAY_ATTRS).tolist()]
        lookup = self._lookup
        # per token, the rules that set its attributes; applied in rule order (later rules win)
        targets: list[list[int] | None] = [None] * n
        for k, row in enumerate(rows):
            singles, opens = lookup(row)
            if opens and k + 1 < n:
                nxt = rows[k + 1]
                for rule, index, second in opens:
                    if second(nxt):
                        t = k + index
                        lst = targets[t]
                        if lst is None:
                            targets[t] = [rule]
                        else:
                            lst.append(rule)
            if singles:
                lst = targets[k]
                if lst is None:
                    targets[k] = list(singles)
                else:
                    lst.extend(singles)
        attrs = self.attrs
        for k, rules in enumerate(targets):
            if rules:
                if len(rules) > 1:
                    rules.sort()
                token = doc[k]
                for rule in rules:
                    set_token_attrs(token, attrs[rule])
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 1000) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)


@Language.factory("eventwire_fast_attribute_ruler", default_config={"source": "attribute_ruler"})
def make_fast_attribute_ruler(nlp, name, source):  # noqa: ANN001, ANN201 (spaCy reads the hints)
    """Built from the pipeline's component ``source`` (an ``AttributeRuler``)."""
    return FastAttributeRuler(nlp.get_pipe(source))


def replace_attribute_ruler(nlp: Language) -> bool:
    """Swap the pipeline's ``attribute_ruler`` for a ``FastAttributeRuler`` built from it (same
    place, same name). False, and nothing changed, when there is none or it uses patterns this
    module does not compile."""
    if "attribute_ruler" not in nlp.pipe_names:
        return False
    try:
        FastAttributeRuler(nlp.get_pipe("attribute_ruler"))
    except Unsupported:
        return False
    nlp.add_pipe("eventwire_fast_attribute_ruler", name="eventwire_fast_ruler", after="attribute_ruler")
    nlp.remove_pipe("attribute_ruler")
    nlp.rename_pipe("eventwire_fast_ruler", "attribute_ruler")
    return True
