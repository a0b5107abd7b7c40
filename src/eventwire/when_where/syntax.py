"""Small dependency-tree helpers shared by the time and place finders.

A *clause head* is the verb that heads a clause: the sentence root, or a verb attached by a
clausal relation (ccomp, advcl, relcl, xcomp, conj between verbs, ...). Time and place
expressions belong to the clause whose head they reach by climbing non-clausal relations.
"""
from __future__ import annotations

from spacy.tokens import Doc, Span, Token

CLAUSAL_DEPS = frozenset({"ROOT", "ccomp", "advcl", "relcl", "acl", "csubj", "csubjpass",
                          "parataxis", "xcomp", "conj", "pcomp"})
VERBAL_POS = frozenset({"VERB", "AUX"})
# prepositions that say where something happened (not where it went or came from)
WHERE_PREPS = frozenset({"in", "at", "near", "outside", "inside", "across", "throughout",
                         "around", "within", "off", "along", "amid", "aboard", "on", "beside"})
FUTURE_MODALS = frozenset({"will", "shall", "'ll", "wo", "would", "could", "may", "might",
                           "should", "must", "can", "ca", "'d"})
POSTERIOR_MODALS = frozenset({"would", "could", "might", "'d"})
# verbs whose "to" complement happens when they do ("tried to enter on Monday")
IMPLICATIVE = frozenset({"try", "manage", "fail", "attempt", "begin", "start", "continue", "seem",
                         "appear", "happen", "use", "help", "dare", "bother", "neglect", "remember",
                         "forget", "refuse", "decline", "rush", "move", "stop", "cease"})
FUTURE_PARTICIPLES = frozenset({"schedule", "plan", "slate", "expect", "set", "due", "intend",
                                "timetable", "earmark"})
FUTURE_FRAMES = frozenset({"plan", "expect", "schedule", "set", "due", "intend", "aim", "hope",
                           "prepare", "want", "seek", "promise", "pledge", "vow", "threaten",
                           "propose", "agree", "decide", "go"})


def is_clause_head(tok: Token) -> bool:
    if tok.dep_ == "ROOT" or tok.head == tok:
        return True
    if tok.dep_ not in CLAUSAL_DEPS:
        return False
    if tok.dep_ == "conj":
        return tok.pos_ in VERBAL_POS and tok.head.pos_ in VERBAL_POS
    if tok.dep_ in ("acl", "pcomp"):
        return tok.pos_ in VERBAL_POS
    return True


def clause_head(tok: Token) -> Token:
    """The head of the clause ``tok`` belongs to."""
    seen = 0
    while not is_clause_head(tok) and seen < 60:
        tok = tok.head
        seen += 1
    return tok


def clause_chain(tok: Token) -> list[Token]:
    """The clause of ``tok`` and every clause above it, innermost first."""
    out: list[Token] = []
    cur = clause_head(tok)
    while True:
        out.append(cur)
        if cur.head == cur or len(out) > 30:
            return out
        cur = clause_head(cur.head)


def attach_point(first: Token, last: Token) -> Token:
    """The token a phrase (tokens first..last) modifies: for "on June 20" the verb it hangs on."""
    root = phrase_root(first, last)
    head = root.head
    if head == root:
        return root
    if root.dep_ in ("pobj", "pcomp") and (head.dep_ in ("prep", "agent") or head.pos_ == "ADP"):
        return head.head if head.head != head else head
    return head


def phrase_root(first: Token, last: Token) -> Token:
    """The token of first..last whose head lies outside the phrase (the highest one)."""
    best = first
    best_depth = 10 ** 6
    for tok in first.doc[first.i: last.i + 1]:
        if not (first.i <= tok.head.i <= last.i) or tok.head == tok:
            depth = 0
            t = tok
            while t.head != t and depth < 60:
                t = t.head
                depth += 1
            if depth < best_depth:
                best, best_depth = tok, depth
    return best


def governing_verb(tok: Token) -> Token | None:
    """The nearest verb at or above ``tok``."""
    cur = tok
    for _ in range(40):
        if cur.pos_ in VERBAL_POS and cur.dep_ not in ("aux", "auxpass"):
            return cur
        if cur.head == cur:
            return None
        cur = cur.head
    return None


def tense_of(verb: Token | None, _depth: int = 0) -> str | None:
    """past, present, future or None for a verb, from its tag and auxiliaries."""
    if verb is None or _depth > 8:
        return None
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    aux_lower = {a.lower_ for a in auxes}
    if aux_lower & FUTURE_MODALS:
        if "have" in aux_lower and verb.tag_ == "VBN":  # "would have agreed"
            return "past"
        if aux_lower & POSTERIOR_MODALS and not aux_lower & {"will", "shall", "'ll", "wo"}:
            return "posterior"  # "said he would visit on Monday": later than a past moment
        return "future"
    if verb.lower_ in FUTURE_MODALS and verb.tag_ == "MD":
        return "future"
    # "is going to meet", "plans to meet", "was ordered to appear", "tried to enter"
    if verb.dep_ in ("xcomp", "advcl", "ccomp") and any(c.lower_ == "to" and c.dep_ == "aux" for c in verb.children):
        parent = verb.head
        if parent == verb:
            return None
        if parent.lemma_ in IMPLICATIVE:
            return tense_of(parent, _depth + 1)
        if parent.lemma_ in FUTURE_FRAMES or parent.lower_ == "going":
            return "future"
        above = tense_of(parent, _depth + 1)
        return "posterior" if above == "past" else ("future" if above in ("present", "future") else above)
    if any(a.tag_ == "VBD" for a in auxes) or verb.tag_ == "VBD":
        return "past"
    if verb.tag_ == "VBN":
        if verb.lemma_ in FUTURE_PARTICIPLES:  # "has been scheduled for June 3"
            return "future"
        if aux_lower & {"has", "have", "'ve", "had", "'s", "was", "were", "been"}:
            return "past"
        if aux_lower & {"is", "are", "am", "'re", "be"}:
            return "present"
        # participle without auxiliary ("plans announced in January"): a past passive
        return "past"
    if verb.tag_ in ("VBZ", "VBP"):
        return "present"
    if verb.tag_ == "VBG":
        if aux_lower & {"is", "are", "am", "'re", "was", "were"}:
            return "past" if aux_lower & {"was", "were"} else "present"
        if verb.head != verb:
            return tense_of(governing_verb(verb.head), _depth + 1)
        return None
    if verb.tag_ == "VB":
        if any(c.lower_ == "to" for c in verb.children):
            return "future"
        if verb.head != verb and verb.dep_ in ("conj", "xcomp", "ccomp"):
            return tense_of(governing_verb(verb.head), _depth + 1)
    return None


def doc_ents(notes: dict, doc: Doc) -> tuple[Span, ...]:
    """``doc.ents``, computed once per Doc (spaCy rebuilds the tuple on every access, ~1-3 ms)."""
    cache = notes.setdefault("doc_ents", {})
    key = id(doc)
    hit = cache.get(key)
    if hit is None or hit[0] is not doc:
        hit = (doc, tuple(doc.ents))
        cache[key] = hit
    return hit[1]


def subject_is_pronoun(tok: Token) -> bool:
    """Is the subject of ``tok``'s clause a personal pronoun that points outside its sentence ("They
    agreed ...", "He accused ...")? Not when a noun subject comes before it in the sentence
    ("Militants said they released ...": "they" are the militants)."""
    head = clause_head(tok)
    subj = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subj or subj[0].pos_ != "PRON" or subj[0].lower_ not in (
            "they", "he", "she", "it", "we", "i", "both", "the two"):
        return False
    pron = subj[0]
    start = pron.sent.start if pron.doc.has_annotation("SENT_START") else 0
    return not any(t.dep_ in ("nsubj", "nsubjpass") and t.pos_ != "PRON" for t in pron.doc[start:pron.i])
