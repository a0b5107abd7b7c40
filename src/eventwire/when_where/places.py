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
(or "to"/"into" after a verb of motion, "from" after a verb of removal such as "deport" or
"withdraw", or the object of "visit") -- whose phrase hangs on
1. the trigger, its governing verb, or a noun that is a direct argument of them ("completed
   the work in the capital of Jordan, Amman"), possibly through other locative phrases
   ("at the summit in Hamburg");
2. else another part of the trigger's clause;
3. else any locative mention of the sentence hanging on a verb or a direct argument (not one
   buried in the description of a thing: "a memorandum on a zone in southwestern Syria");
4. else, when the trigger's subject is a pronoun ("They agreed ..."), the place of the main verb
   of the previous sentence of the same paragraph or of the same open quotation;
5. else, when the trigger's verb says "there", the last place a locative phrase of the sentence
   before names (same paragraph).
Within one phrase the most specific place wins ("in Aleppo, Syria" -> Aleppo; "in the capital
of Jordan, Amman" -> Amman). Subjects and possessors are never locations ("Moscow said").
Mentions after a colon do not locate a verb before it (a list that details a noun).
Locative forms beyond in/at/near (docs/WHEN_WHERE.md lists them): "the Singapore summit", "in
Iraq's Anbar desert", "on the streets of", "trips to", the object of an attack or seizure
("shelled Kharkiv"), a target's place ("an assault on a base in Lamu"), "the Afghan capital".
The clauses that frame a trigger (3.) stop at a clause that reports it ("said in Moscow that ...")
and at a noun it describes.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Collection

from spacy.attrs import LOWER
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from ..model import Place
from .gazetteer import Entry, get_gazetteer, name_key, population_score
from .syntax import (WHERE_PREPS, clause_chain, clause_head, doc_ents, governing_verb, phrase_root,
                     subject_is_pronoun)

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
# verbs whose "from" phrase is where they happen ("deported from Guantanamo Bay", "withdrew from Gao")
_REMOVAL_VERBS = {"deport", "expel", "evacuate", "withdraw", "remove", "extradite", "repatriate",
                  "evict", "airlift", "pull"}
# verbs whose object is where they happen ("shelled Kharkiv", "annexed Crimea")
_TERRITORY_VERBS = {"attack", "strike", "bomb", "shell", "bombard", "capture", "seize", "occupy", "annex",
                    "invade", "raid", "storm", "besiege", "recapture", "retake", "liberate", "overrun", "encircle",
                    "blockade", "enter", "evacuate"}
_GEO_NOUNS = _PLACE_NOUNS | {"desert", "mountains", "valley", "basin", "strait", "sea", "gulf", "river",
                              "delta", "plain", "plains", "plateau", "forest", "corridor", "enclave", "strip",
                              "peninsula", "highlands", "lake", "bay"}
_MOTION_NOUNS = {"trip", "trips", "visit", "visits", "journey", "travel", "flight", "return", "deployment",
                 "tour", "mission", "pilgrimage", "voyage", "delegation"}
_ARG_DEPS = {"dobj", "nsubj", "nsubjpass", "attr", "dative", "oprd", "npadvmod", "appos", "obj"}
# prepositions whose object can itself hold a place ("at the summit in Hamburg")
_CHAIN_PREPS = {"in", "at", "near", "inside", "outside", "within", "across", "throughout", "around",
                "to", "into"}
# ... and these after an attack ("an assault on a base in Lamu", "strikes against IS in Syria", "the
# bombing of a school in Kabul"), not after a topic ("a memorandum on a zone in Syria")
_TARGET_PREPS = {"on", "against", "of"}
_ATTACK_WORDS = {"attack", "attacks", "assault", "assaults", "raid", "raids", "strike", "strikes", "airstrike",
                 "airstrikes", "bombing", "bombings", "offensive", "crackdown", "siege", "shelling", "killing",
                 "killings", "shooting", "massacre", "ambush", "invasion", "occupation", "blockade",
                 "seizure", "capture", "fire", "rocket", "rockets", "missiles", "drone", "drones"}
# "on" is locative before these ("on the outskirts of Kyiv", "on the streets of New York City")
_ON_PLACE_NOUNS = {"border", "borders", "outskirts", "streets", "street", "coast", "shores", "island",
                   "islands", "frontline", "front", "edge", "banks", "bank", "ground", "soil", "territory",
                   "side", "road", "highway", "peninsula", "mainland"}
# events named after where they happen ("the Singapore summit", "his White House meeting")
_PLACE_EVENT_NOUNS = {"summit", "meeting", "meetings", "talks", "conference", "visit", "rally", "protest",
                      "protests", "attack", "attacks", "clashes", "fighting", "battle", "ceremony", "session",
                      "negotiations", "forum", "gathering", "trip", "tour", "march", "demonstration",
                      "demonstrations", "bombing", "explosion", "blast", "raid", "offensive", "hearing", "trial",
                      "massacre", "siege", "standoff", "shooting", "riots", "uprising"}
# kind words that make the capitalised name after "of" a place ("the Somali city of Beledweyne")
_OF_KINDS = {"city", "town", "village", "province", "region", "district", "governorate", "state",
             "county", "municipality", "island", "port", "oblast", "prefecture", "capital"}
_SLIP_PREPS = {"in", "near", "at", "outside", "across", "throughout"}
_LOOK_AT = frozenset(get_string_id(w) for w in _SLIP_PREPS | {"capital", "of"})
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
    if t.dep_ == "poss" and t.head.dep_ in ("pobj", "dobj"):
        t = t.head  # "in Iraq's Anbar desert", "to Mexico's northern border": the phrase it opens
    elif t.dep_ in ("compound", "nmod") and t.head.dep_ == "pobj" and t.head.lower_ in _GEO_NOUNS:
        t = t.head  # "in the Anbar desert", "in the Kherson region" (not "in the US election")
    if t.dep_ in ("compound", "nmod") and t.head.lower_ in _PLACE_EVENT_NOUNS:
        return t.head, t.head  # "the Singapore summit": where the summit is
    if t.dep_ == "pobj" and t.head.dep_ in ("prep", "agent") or (t.dep_ == "pobj" and t.head.pos_ == "ADP"):
        prep = t.head
        # "the capital of Jordan", "the outskirts of Kyiv": climb to the outer locative phrase
        if prep.lower_ == "of" and prep.head.lower_ in _PLACE_NOUNS and prep.head.dep_ == "pobj":
            outer = prep.head.head
            if outer.lower_ in WHERE_PREPS or outer.lower_ in ("to", "into", "from"):
                prep = outer
        if _is_locative_prep(prep):
            host = prep.head
            if host.pos_ == "ADP" and host.dep_ == "prep" and host.head != host:
                host = host.head  # "On Thursday in Washington, ...": the phrase of the verb
            return prep, host
    # the object of "visit" ("to visit Moscow"), of an attack or a seizure ("shelled Kharkiv",
    # "captured the town of Bakhmut", "seized control of Afghanistan")
    verbs = _TERRITORY_VERBS
    if t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head.dep_ == "dobj":
        if t.head.head.lower_ == "control":
            t, verbs = t.head.head, _TERRITORY_VERBS | {"take", "gain", "regain", "wrest", "assume", "lose"}
        elif t.head.head.lower_ in _OF_KINDS:
            t = t.head.head
    if t.dep_ == "dobj" and (t.head.lemma_ in ("visit", "tour") or t.head.lemma_ in verbs):
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
            return any(c.dep_ == "pobj" and c.lower_ in _ON_PLACE_NOUNS for c in prep.children)
        return True
    if w in ("to", "into") and prep.head.lower_ in _MOTION_NOUNS and prep.head.dep_ not in ("nsubj", "nsubjpass"):
        return True  # "conducted trips to the Afghan capital", "during his visit to Moscow"
    if w in ("to", "into") and governing_verb(prep) is not None:
        return governing_verb(prep).lemma_ in _MOTION_VERBS
    if w == "from" and governing_verb(prep) is not None:
        return governing_verb(prep).lemma_ in _REMOVAL_VERBS  # "deported 40 migrants from Guantanamo"
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
        # small-model slips: a PERSON/ORG/NORP "entity" right after in/near/at that is a known place,
        # or naming an event ("his White House meeting")
        for ent in ents:
            if ent.label_ in ("PERSON", "ORG", "NORP") and _ent_ok(ent) and ent.start > 0:
                prev = doc[ent.start - 1]
                after_prep = prev.lower_ in _SLIP_PREPS or (
                    prev.lower_ in (",", "and", "or") and ent.root.dep_ == "conj" and
                    any(t.i in taken for t in (ent.root.head,))) or (
                    ent.root.dep_ == "compound" and ent.root.head.lower_ in _PLACE_EVENT_NOUNS)
                if after_prep:
                    mentions.append((part, ent.start, ent.end, "slip"))
                    taken.update(range(ent.start, ent.end))
        # names the small model leaves untagged: "the (Somali) city of Beledweyne", "in Beledweyne",
        # and "the Afghan capital" (the capital of the country the adjective names)
        gaz = get_gazetteer()
        lowers = doc.to_array(LOWER).tolist()
        for i, lower_id in enumerate(lowers):
            # fast path: only "capital", "of" and the prepositions of place can start a name here
            if lower_id not in _LOOK_AT or i in taken:
                continue
            tok = doc[i]
            if tok.lower_ == "capital" and tok.i > 0 and doc[tok.i - 1].text in gaz.adjectives \
                    and tok.i - 1 not in taken:
                mentions.append((part, tok.i - 1, tok.i + 1, "capital"))
                taken.update((tok.i - 1, tok.i))
                continue
            after_of = tok.lower_ == "of" and tok.head.lower_ in _OF_KINDS and tok.head.i < tok.i
            after_in = tok.lower_ in _SLIP_PREPS and tok.pos_ == "ADP"
            if (after_of or after_in) and tok.i + 1 < len(doc):
                cs, ce = tok.i + 1, tok.i + 1
                while ce < len(doc) and ce - cs < 4 and doc[ce].pos_ == "PROPN" and doc[ce].text[:1].isupper() \
                        and not doc[ce].ent_type_ and ce not in taken:
                    ce += 1
                if ce > cs and (ce == len(doc) or doc[ce].pos_ != "PROPN"):
                    mentions.append((part, cs, ce, "kind" if after_of else "slip"))
                    taken.update(range(cs, ce))
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
        first.append(_resolve_mention(part.doc, s, e, how, ()))
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
        place = _resolve_mention(doc, s, e, how, context, hint=hint, inside=inside)
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


def _resolve_mention(doc: Doc, s: int, e: int, how: str, context: Collection[str], hint: str | None = None,
                     inside: str | None = None) -> Place | None:
    """ner: as tagged; slip: a name the tagger missed or mistook (strict); kind: a name after "the
    city of" (the kind word says it is a place); capital: "the Afghan capital"."""
    text = _strip_possessive(doc[s:e].text)
    if how == "capital":
        entry = get_gazetteer().capital_of(get_gazetteer().adjectives[doc[s].text])
        if entry is None:
            return None
        return Place(name=entry.name, country=entry.country, lat=entry.lat, lon=entry.lon, text=text,
                     feature=entry.feature)
    if how == "kind":
        kind = doc[s - 1].head.lower_ if s > 0 else ""
        hint = hint or ("city" if kind in _CITY_WORDS | {"port", "island"} else "region")
        return resolve(text, context, hint=hint, inside=inside)
    return resolve(text, context, hint=hint, inside=inside, strict=(how != "ner"))


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


def _chains(prep: Token) -> bool:
    """Does a place inside this preposition's object place what the preposition hangs on?"""
    w = prep.lower_
    if w in ("to", "into"):  # "travelled to the summit in Hamburg", not "responded to the attack in ..."
        return _is_locative_prep(prep)
    if w in _CHAIN_PREPS:
        return True
    if w not in _TARGET_PREPS:
        return False
    head = prep.head
    if head.lower_ in _ATTACK_WORDS:
        return True
    # "launched an assault on a base in ...", "carried out strikes against IS in ...", "fired on ..."
    return w != "of" and head.pos_ == "VERB" and (head.lemma_ in ("fire", "open") or any(
        c.dep_ == "dobj" and c.lower_ in _ATTACK_WORDS for c in head.children))


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
    if host.dep_ == "pobj" and _chains(host.head):
        return _host_ok(host.head.head, depth + 1)
    return host.dep_ == "ROOT"


def _attaches_to(host: Token | None, targets: list[Token], depth: int = 0) -> bool:
    """Is ``host`` one of ``targets``, a direct argument of one, or inside a locative phrase on one?"""
    if host is None or depth > 4:
        return False
    if any(host == t for t in targets):
        return True
    while host.dep_ == "conj" and host.head != host and host.head.pos_ in ("NOUN", "PROPN"):
        host = host.head  # "the journalist and host Alinejad in New York": the argument it belongs to
    if host.dep_ in _ARG_DEPS and any(host.head == t for t in targets):
        return True
    if host.dep_ == "pobj" and (_chains(host.head) or host.ent_type_ in ("DATE", "TIME")):
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
        if head in chain or (head.dep_ in ("nsubj", "nsubjpass", "dobj") and head.head in chain):
            return True  # "ambushed a bus transporting troops in Kalat"
        if head.dep_ == "pobj" and head.head.head in chain:
            return True  # "killed in an airstrike targeting his hideout in the Anbar desert"
    return False


def _frame(tok: Token) -> list[Token]:
    """The trigger's clause, the clauses above it that frame it (through purpose, adverbial and
    coordinated clauses), up to a clause it is reported in ("Putin said in Moscow that troops
    attacked ...") or a noun it describes ("those involved in the attack are based in ..."), and
    the verbs coordinated after it."""
    chain = clause_chain(tok)
    out = [chain[0]]
    for lower, upper in zip(chain, chain[1:]):
        participle = lower == tok and lower.dep_ == "acl" and lower.tag_ in ("VBN", "VBG") and \
            lower.head.dep_ in ("nsubj", "nsubjpass")
        if lower.dep_ not in ("xcomp", "advcl", "conj", "pcomp") and not participle:
            break  # ("soldiers, supported by militias, are fighting in ...": the participle frames)
        out.append(upper)
    # a verb coordinated after it shares what follows both ("rescued 190 passengers and killed 30
    # militants, a day after an attack on a train in Balochistan")
    out += [c for c in chain[0].children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")]
    return out


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
    chain = _frame(tok)
    # "in Syria's coastal region, where security forces clashed": the clause is about that place;
    # "the bombing of a base in Ivory Coast that killed ...": about that event
    where = own.head if own.dep_ == "relcl" and any(c.lower_ == "where" for c in own.children) else None
    if own.dep_ == "relcl" and where is None and own.head.lower_ in _EVENT_NOUNS | _ATTACK_WORDS:
        targets.append(own.head)
    cands = []
    for i, info in enumerate(infos):
        if info.doc is not tok.doc or info.sentence_index != sent_index or info.prep is None:
            continue
        if _colon_between(tok, info.doc[info.start]):
            continue
        host = info.host
        if _attaches_to(host, targets) or (where is not None and any(
                c == where for c in info.prep.children if c.dep_ == "pobj")):
            tier = 1
        elif host is not None and clause_head(host) == own and _host_ok(host):
            tier = 2
        elif info.prep.pos_ in ("NOUN", "PROPN"):
            continue  # "the Bouake attack" places its own clause only ("responded to ... by destroying")
        elif _host_ok(host) and (host is None or _clause_reaches(clause_head(host), chain)):
            tier = 3
        else:
            continue
        if tier <= max_tier:
            cands.append((tier, abs(info.start - tok.i), info.group, i))
    return _pick(cands, places) if cands else None


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
    if sent.index > 0 and subject_is_pronoun(tok) and _same_stretch(analysis, sent.index - 1, sent.index):
        prev = analysis.sentences[sent.index - 1]
        if prev.offset == sent.offset:
            root = prev.span.root
            place = _sentence_place(analysis, root, prev.index, 2)
            if place is not None:
                return place
    verb = governing_verb(tok)
    if sent.index > 0 and verb is not None and any(c.dep_ == "advmod" and c.lower_ == "there" for c in verb.children):
        # "... arrived in Gonaives. Police found him there": the place named last before, in the
        # sentence before (same paragraph)
        prev = analysis.sentences[sent.index - 1]
        if _same_stretch(analysis, prev.index, sent.index):
            infos: list[PlaceInfo] = analysis.notes["place_tokens"]
            before = [p for p, info in zip(analysis.places, infos)
                      if prev.sentence.start <= p.start and p.end <= prev.sentence.end and info.prep is not None
                      and p.feature != "country"]
            if before:
                return max(before, key=lambda p: p.start)
    return None
