"""Places: resolving names offline and attaching a location to an event.

* ``get_gazetteer()``: countries, cities and our regions file (``gazetteer.py``), cached.
* ``resolve(name, context_countries=())``: the best ``Place`` for a name, or None.
* ``find_places(analysis)``: every place mention of the coded parts, resolved with the countries
  the document names as context; stored on ``analysis.places`` (document offsets in
  ``Place.text/start/end``) with a ``PlaceInfo`` per mention in ``analysis.notes["place_tokens"]``.
* ``place_for(analysis, trigger)``: the place where an event happened, or None.

Ranking of candidates for a name (``resolve``): a country beats everything of the same name
("Jordan", "Georgia"); a world region or sea of our regions file comes next ("Asia", "the
Gulf"); then cities score 10 points a factor of ten of population, +20 when the name is the
city's main name, +40 for a capital of 100,000 people or
more named by its main name (+10 for a smaller one); a province or region of our file scores 75 (about a city of
300,000 named by its main name); +15 for a candidate in a country the document names, +100 for
one that fits a kind word after the name ("Idlib province", "Washington state"). So
"Washington" is the US capital (the state needs "state"), "New York" the city, "Paris" the
French capital even in a US story, "Daraa" the governorate, "Georgia" the country (the US state
needs "state" or a US city before it: "Atlanta, Georgia").

Which place an event gets (``place_for``): a *locative* mention -- the object of in/at/near/...
(or "to"/"into" after a verb of motion, or the object of "visit") -- whose phrase hangs on
1. the trigger, its governing verb, or a noun that is a direct argument of them ("completed
   the work in the capital of Jordan, Amman"), possibly through other locative phrases
   ("at the summit in Hamburg");
2. else another part of the trigger's clause;
3. else any locative mention of the sentence hanging on a verb or a direct argument (not one
   buried in the description of a thing: "a memorandum on a zone in southwestern Syria");
4. else, when the trigger's subject is a pronoun ("They agreed ..."), the place of the main verb
   of the previous sentence of the same paragraph or of the same open quotation.
Within one phrase the most specific place wins ("in Aleppo, Syria" -> Aleppo; "in the capital
of Jordan, Amman" -> Amman). Subjects and possessors are never locations ("Moscow said").
Mentions after a colon do not locate a verb before it (a list that details a noun).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Collection

from spacy.tokens import Doc, Span, Token

from ..model import Place
from .gazetteer import Entry, get_gazetteer, name_key, population_score
from .syntax import WHERE_PREPS, clause_chain, clause_head, doc_ents, governing_verb, phrase_root

if TYPE_CHECKING:  # pragma: no cover
    from ..analysis import Analysis

__all__ = ["get_gazetteer", "resolve", "find_places", "place_for", "PlaceInfo"]

_REGION_WORDS = {"province", "provinces", "governorate", "governorates", "region", "regions",
                 "oblast", "oblasts", "state", "states", "district", "districts", "county",
                 "counties", "prefecture", "department", "territory", "krai"}
_CITY_WORDS = {"city", "town", "village", "capital"}
_REGION_FEATURES = {"province", "state", "region", "zone"}
_SPECIFICITY = {"site": 0, "city": 1, "province": 2, "state": 2, "zone": 3, "region": 3,
                "river": 4, "sea": 4, "country": 5}
_DIRECTION = re.compile(r"^(?:(?:north|south|east|west|central|northern|southern|eastern|western|"
                        r"north ?eastern|north ?western|south ?eastern|south ?western|upper|lower)\s+)+")
_PLACE_NOUNS = {"capital", "city", "town", "village", "province", "region", "outskirts", "suburbs",
                "suburb", "center", "centre", "border", "north", "south", "east", "west", "part",
                "area", "heart", "district", "parts", "areas", "streets", "port", "coast", "shores",
                "neighborhood", "countryside", "state", "territory", "governorate", "oblast",
                "camp", "island", "islands", "waters", "skies", "side", "edge"}
_EVENT_NOUNS = {"summit", "meeting", "meetings", "talks", "conference", "visit", "rally", "protest",
                "protests", "attack", "attacks", "strike", "strikes", "clashes", "fighting", "battle",
                "ceremony", "session", "negotiations", "forum", "gathering", "event", "trip", "tour",
                "election", "elections", "vote", "march", "demonstration", "demonstrations",
                "bombing", "explosion", "blast", "raid", "offensive", "operation", "exercise",
                "exercises", "drills", "bilateral", "work", "sidelines", "hearing", "trial"}
_MOTION_VERBS = {"visit", "travel", "arrive", "fly", "go", "come", "return", "head", "move",
                 "deploy", "send", "sail", "march", "tour", "flee", "enter", "reach"}
_ARG_DEPS = {"dobj", "nsubj", "nsubjpass", "attr", "dative", "oprd", "npadvmod", "appos", "obj"}
# prepositions whose object can itself hold a place ("at the summit in Hamburg")
_CHAIN_PREPS = {"in", "at", "near", "inside", "outside", "within", "across", "throughout", "around",
                "to", "into"}
_SLIP_PREPS = {"in", "near", "at", "outside", "across", "throughout"}
_ADJ_LIKE = {"det", "amod", "compound", "nummod", "advmod", "nmod", "poss", "punct", "case"}


# ---------------------------------------------------------------------------- resolving

def _candidates(key: str) -> list[tuple[Entry, bool]]:
    gaz = get_gazetteer()
    return [(gaz.entries[eid], prim) for eid, prim in gaz.index.get(key, ())]


def _score(entry: Entry, primary: bool, context: Collection[str], hint: str | None,
           inside: str | None) -> float:
    if entry.feature == "country":
        s = 1000.0
    elif entry.curated:
        # world regions and seas ("Asia", "the Gulf") are what these names mean in the news
        s = 300.0 if entry.country is None else 75.0
    else:
        s = population_score(entry.population) + (20 if primary else 0)
        if entry.capital and primary:
            s += 40 if entry.population >= 100_000 else 10
    if entry.country and entry.country in context:
        s += 15
    if hint == "region" and entry.feature in _REGION_FEATURES:
        s += 100
    elif hint == "city" and entry.feature == "city":
        s += 100
    if inside and entry.country == inside and entry.feature in _REGION_FEATURES:
        s += 1100  # "Atlanta, Georgia": inside a US city -> the US state
    return s


def resolve(name: str, context_countries: Collection[str] = (), hint: str | None = None,
            inside: str | None = None, strict: bool = False) -> Place | None:
    """The best place for ``name``.

    ``context_countries``: ISO alpha-3 codes of countries the document names; ``hint``:
    "region" or "city" when a kind word follows the name; ``inside``: the country of a place
    this one is written after ("Atlanta, Georgia"); ``strict``: only main names of countries,
    our regions and cities of 100,000 people or more (for words the tagger did not call places).
    """
    key = name_key(name)
    if not key:
        return None
    words = key.split()
    cands = _candidates(key)
    if not cands and len(words) > 1 and words[-1] in _REGION_WORDS | _CITY_WORDS:
        hint = hint or ("region" if words[-1] in _REGION_WORDS else "city")
        key = " ".join(words[:-1])
        cands = _candidates(key)
    if not cands:
        stripped = _DIRECTION.sub("", key)
        if stripped != key:
            cands = _candidates(stripped)
    if strict:
        cands = [(e, p) for e, p in cands if p and (e.feature != "city" or e.population >= 100_000
                                                    or e.country in context_countries)]
    if not cands:
        return None
    ctx = set(context_countries)
    entry, _ = max(cands, key=lambda c: _score(c[0], c[1], ctx, hint, inside))
    return Place(name=entry.name, country=entry.country, lat=entry.lat, lon=entry.lon,
                 text=name, feature=entry.feature)


# ---------------------------------------------------------------------------- finding

@dataclass
class PlaceInfo:
    doc: Doc
    start: int
    end: int
    sentence_index: int
    prep: Token | None  # the locative preposition, when the mention is the place of something
    host: Token | None  # the token that preposition hangs on
    group: int  # mentions in one phrase ("in Aleppo, Syria") share a group number

    @property
    def span(self) -> Span:
        return self.doc[self.start: self.end]

    @property
    def root(self) -> Token:
        return phrase_root(self.doc[self.start], self.doc[self.end - 1])


def _kind_hint(doc: Doc, start: int, end: int, root: Token) -> str | None:
    """'Idlib province', 'in Daraa, Quneitra and As-Suwayda provinces' -> region."""
    probe = [end]
    # the last member of a coordinated list carries the kind word for all
    head = root
    while head.dep_ == "conj" and head.head != head:
        head = head.head
    members = [head] + [t for t in head.subtree if t.dep_ == "conj" and t.head.i >= head.i]
    if members:
        last = max(members, key=lambda t: t.i)
        probe.append(last.i + 1)
        if last.lower_ in _REGION_WORDS:
            return "region"
    for i in probe:
        if i < len(doc):
            w = doc[i].lower_
            if w in _REGION_WORDS:
                return "region"
            if w in _CITY_WORDS and w != "capital":
                return "city"
    return None


def _locative(doc: Doc, start: int, end: int) -> tuple[Token | None, Token | None]:
    """(preposition, host) when the mention is the object of a locative phrase, else (None, None)."""
    root = phrase_root(doc[start], doc[end - 1])
    t = root
    for _ in range(6):  # "Amman" (appos) -> "Jordan" (conj/appos) -> pobj
        if t.dep_ in ("appos", "conj") and t.head != t:
            t = t.head
        else:
            break
    if t.dep_ == "pobj" and t.head.dep_ in ("prep", "agent") or (t.dep_ == "pobj" and t.head.pos_ == "ADP"):
        prep = t.head
        # "the capital of Jordan", "the outskirts of Kyiv": climb to the outer locative phrase
        if prep.lower_ == "of" and prep.head.lower_ in _PLACE_NOUNS and prep.head.dep_ == "pobj":
            outer = prep.head.head
            if outer.lower_ in WHERE_PREPS or outer.lower_ in ("to", "into", "from"):
                prep = outer
        if _is_locative_prep(prep):
            return prep, prep.head
    # the object of "visit" ("to visit Moscow")
    if t.dep_ == "dobj" and t.head.lemma_ in ("visit", "tour"):
        return t.head, t.head
    # surface: "in Hamburg" when the parse disagrees ("summit in Hamburg bilateral")
    i = start - 1
    while i >= 0 and (doc[i].dep_ in _ADJ_LIKE and doc[i].pos_ in ("DET", "ADJ", "PROPN", "NOUN", "NUM")
                      or doc[i].lower_ in ("the", "southwestern", "northwestern")) and start - i < 4:
        i -= 1
    if i >= 0 and doc[i].lower_ in WHERE_PREPS - {"on", "over"} and doc[i].pos_ == "ADP":
        nxt = doc[end] if end < len(doc) else None
        # not a modifier of a following noun ("in the US-Russian relations", "in US affairs")
        if nxt is not None and (nxt.pos_ in ("NOUN", "PROPN") or nxt.text in ("-", "\u2010") or
                                (nxt.pos_ == "ADJ" and not nxt.text[:1].islower())):
            return None, None
        if nxt is not None and nxt.is_alpha and nxt.text[:1].islower() and nxt.pos_ in ("ADJ", "NOUN") \
                and root.head.i > root.i and root.dep_ in ("compound", "nmod", "amod", "npadvmod"):
            # "in the US presidential election": a name that modifies the noun after it
            if name_key(doc[start:end].text) in _country_keys():
                return None, None
        return doc[i], doc[i].head if doc[i].head != doc[i] else None
    return None, None


def _country_keys() -> set[str]:
    return get_gazetteer().country_keys


def _is_locative_prep(prep: Token) -> bool:
    w = prep.lower_
    if w in WHERE_PREPS:
        if w == "on":  # "on the border", "on the outskirts" but not "sanctions on Russia"
            return False
        return True
    if w in ("to", "into") and governing_verb(prep) is not None:
        return governing_verb(prep).lemma_ in _MOTION_VERBS
    return False


def _ent_ok(ent: Span) -> bool:
    text = ent.text.strip()
    return bool(text) and any(c.isalpha() for c in text) and text[0].isupper()


def find_places(analysis: "Analysis") -> list[Place]:
    """Find and resolve the place mentions of the analysis' parts."""
    mentions: list[tuple[object, int, int, str]] = []  # (part, start, end, how)
    for part in analysis.parts:
        doc = part.doc
        ents = doc_ents(analysis.notes, doc)
        taken: set[int] = set()
        for ent in ents:
            if ent.label_ in ("GPE", "LOC", "FAC") and _ent_ok(ent):
                mentions.append((part, ent.start, ent.end, "ner"))
                taken.update(range(ent.start, ent.end))
        # small-model slips: a PERSON/ORG/NORP "entity" right after in/near/at that is a known place
        for ent in ents:
            if ent.label_ in ("PERSON", "ORG", "NORP") and _ent_ok(ent) and ent.start > 0:
                prev = doc[ent.start - 1]
                after_prep = prev.lower_ in _SLIP_PREPS or (
                    prev.lower_ in (",", "and", "or") and ent.root.dep_ == "conj" and
                    any(t.i in taken for t in (ent.root.head,)))
                if after_prep:
                    mentions.append((part, ent.start, ent.end, "slip"))
                    taken.update(range(ent.start, ent.end))
        # untagged members of a place list ("in Daraa, Quneitra and As-Suwayda provinces")
        for _, s, e, _how in [m for m in mentions if m[0] is part]:
            root = doc[s:e].root
            for conj in [t for t in root.subtree if t.dep_ == "conj" and t.i >= e]:
                cs, ce = _name_chunk(doc, conj)
                if cs is not None and not (set(range(cs, ce)) & taken):
                    mentions.append((part, cs, ce, "list"))
                    taken.update(range(cs, ce))

    # resolve: countries first, then everything with the document's countries as context
    first: list[Place | None] = []
    for part, s, e, how in mentions:
        first.append(resolve(part.doc[s:e].text, strict=(how != "ner")))
    context = {p.country for p in first if p is not None and p.feature == "country" and p.country}
    places: list[Place] = []
    infos: list[PlaceInfo] = []
    order = sorted(range(len(mentions)), key=lambda i: (mentions[i][0].offset + mentions[i][0].doc[mentions[i][1]].idx))
    group_of: dict[tuple[int, int, int], int] = {}
    prev_city_country: dict[int, str] = {}
    for i in order:
        part, s, e, how = mentions[i]
        doc = part.doc
        span = doc[s:e]
        root = span.root
        hint = _kind_hint(doc, s, e, root)
        inside = None
        if root.dep_ in ("appos", "npadvmod", "conj") and s > 0 and doc[s - 1].text == ",":
            inside = prev_city_country.get(id(doc) * 100003 + root.head.i)
        text = _strip_possessive(span.text)
        place = resolve(text, context, hint=hint, inside=inside, strict=(how != "ner"))
        if place is None:
            continue
        start = part.offset + span.start_char
        end = start + len(text)
        place.text = analysis.document.text[start:end]
        place.start, place.end = start, end
        if place.feature == "city" and place.country:
            prev_city_country[id(doc) * 100003 + root.i] = place.country
        prep, host = _locative(doc, s, e)
        gkey = (id(doc), prep.i if prep is not None else -1 - s, 0)
        group = group_of.setdefault(gkey, len(group_of))
        places.append(place)
        infos.append(PlaceInfo(doc, s, e, analysis.sentence_of(doc[s]).index, prep, host, group))
    analysis.places = places
    analysis.notes["place_tokens"] = infos
    return places


def _strip_possessive(text: str) -> str:
    return re.sub(r"(?:'s|\u2019s|')$", "", text.strip())


def _name_chunk(doc: Doc, tok: Token) -> tuple[int | None, int]:
    """The capitalised name around ``tok`` (with hyphenated parts), without a trailing kind word."""
    end = tok.i + 1
    if tok.lower_ in _REGION_WORDS | _CITY_WORDS:
        end = tok.i
    start = end
    while start - 1 >= 0 and (doc[start - 1].text[:1].isupper() or doc[start - 1].text in ("-", "\u2010")) \
            and not doc[start - 1].is_sent_start and doc[start - 1].text not in (",", "and"):
        start -= 1
        if tok.i - start > 5:
            break
    if start >= end or not doc[start].text[:1].isupper():
        return None, end
    return start, end


# ---------------------------------------------------------------------------- events

def _token_of(trigger: Token | Span) -> Token:
    return trigger.root if isinstance(trigger, Span) else trigger


def _host_ok(host: Token | None, depth: int = 0) -> bool:
    """Does a locative phrase on ``host`` say where something happened (not describe a thing)?"""
    if host is None or depth > 4:
        return host is None and depth == 0
    if host.pos_ in ("VERB", "AUX"):
        return True
    if host.ent_type_ in ("DATE", "TIME"):  # "On Thursday in Washington, ..."
        return True
    if host.lower_ in _EVENT_NOUNS:
        return True
    if host.dep_ in _ARG_DEPS and host.head.pos_ in ("VERB", "AUX"):
        return True
    if host.dep_ == "pobj" and host.head.lower_ in _CHAIN_PREPS:
        return _host_ok(host.head.head, depth + 1)
    return host.dep_ == "ROOT"


def _attaches_to(host: Token | None, targets: list[Token], depth: int = 0) -> bool:
    """Is ``host`` one of ``targets``, a direct argument of one, or inside a locative phrase on one?"""
    if host is None or depth > 4:
        return False
    if any(host == t for t in targets):
        return True
    if host.dep_ in _ARG_DEPS and any(host.head == t for t in targets):
        return True
    if host.dep_ == "pobj" and (host.head.lower_ in _CHAIN_PREPS or host.ent_type_ in ("DATE", "TIME")):
        return _attaches_to(host.head.head, targets, depth + 1)
    if host.ent_type_ in ("DATE", "TIME") and host.dep_ in ("npadvmod", "tmod"):
        return _attaches_to(host.head, targets, depth + 1)
    return False


def _clause_reaches(clause: Token, chain: list[Token]) -> bool:
    """A clause that frames the trigger's: one of its clauses, or a participle hanging on one of
    them or on its subject ("Goldfein, speaking at an event in Washington, said ...")."""
    if clause in chain:
        return True
    if clause.tag_ in ("VBG", "VBN") and clause.dep_ in ("advcl", "acl", "xcomp"):
        head = clause.head
        if head in chain or (head.dep_ in ("nsubj", "nsubjpass") and head.head in chain):
            return True
    return False


def _colon_between(a: Token, b: Token) -> bool:
    lo, hi = sorted((a.i, b.i))
    return any(t.text in (":", ";") for t in a.doc[lo + 1: hi])


def _pick(cands: list[tuple[int, int, int, int]], places: list[Place]) -> Place:
    """cands: (tier, distance, group, index) -> the best group, then its most specific place."""
    tier, _, group, _ = min(cands)
    members = [c for c in cands if c[0] == tier and c[2] == group]
    best = min(members, key=lambda c: (_SPECIFICITY.get(places[c[3]].feature or "", 3), c[3]))
    return places[best[3]]


def _sentence_place(analysis: "Analysis", tok: Token, sent_index: int, max_tier: int) -> Place | None:
    infos: list[PlaceInfo] = analysis.notes["place_tokens"]
    places = analysis.places
    gov = governing_verb(tok)
    targets = [tok] + ([gov] if gov is not None and gov != tok else [])
    if tok.pos_ in ("NOUN", "PROPN") and tok.head.pos_ in ("VERB", "AUX"):
        targets.append(tok.head)
    own = clause_head(tok)
    chain = clause_chain(tok)
    cands = []
    for i, info in enumerate(infos):
        if info.doc is not tok.doc or info.sentence_index != sent_index or info.prep is None:
            continue
        if _colon_between(tok, info.doc[info.start]):
            continue
        host = info.host
        if _attaches_to(host, targets):
            tier = 1
        elif host is not None and clause_head(host) == own and _host_ok(host):
            tier = 2
        elif _host_ok(host) and (host is None or _clause_reaches(clause_head(host), chain)):
            tier = 3
        else:
            continue
        if tier <= max_tier:
            cands.append((tier, abs(info.start - tok.i), info.group, i))
    return _pick(cands, places) if cands else None


def _subject_is_pronoun(tok: Token) -> bool:
    head = clause_head(tok)
    subj = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")]
    return bool(subj) and subj[0].pos_ == "PRON" and subj[0].lower_ in (
        "they", "he", "she", "it", "we", "i", "both", "the two")


def _same_stretch(analysis: "Analysis", prev_index: int, index: int) -> bool:
    """Same paragraph, or the same quotation running on over a paragraph break."""
    a = analysis.sentences[prev_index].sentence
    b = analysis.sentences[index].sentence
    between = analysis.document.text[a.end: b.start]
    if "\n" not in between:
        return True
    text = analysis.document.text
    para_start = text.rfind("\n", 0, a.start) + 1
    para = text[para_start: a.end]
    opened = para.count("\u201c") - para.count("\u201d")
    straight = para.count('"')
    return opened > 0 or straight % 2 == 1


def place_for(analysis: "Analysis", trigger: Token | Span) -> Place | None:
    """The place of the event whose trigger is ``trigger`` (rules in the module docstring)."""
    tok = _token_of(trigger)
    if "place_tokens" not in analysis.notes:
        find_places(analysis)
    sent = analysis.sentence_of(tok)
    place = _sentence_place(analysis, tok, sent.index, 3)
    if place is not None:
        return place
    if sent.index > 0 and _subject_is_pronoun(tok) and _same_stretch(analysis, sent.index - 1, sent.index):
        prev = analysis.sentences[sent.index - 1]
        if prev.offset == sent.offset:
            root = prev.span.root
            return _sentence_place(analysis, root, prev.index, 2)
    return None
