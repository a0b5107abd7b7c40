"""The event coder: triggers from the lexicon, arguments from the dependency parse, context
flags, dates, places, scores, and a ``why`` for every event.

Per sentence:
1. triggers: verbs and nouns whose lemma (and construction: object, particle, preposition,
   "to"-complement) match a lexicon entry; the most specific entry wins;
2. scope: an embedding trigger ("agreed to ...", "called for ...", "threatened to ...") takes
   the triggers inside its complement as its content (one action is one event); a noun
   trigger counts only where it reports an event (carried out by a light verb, subject of an
   occurrence verb, or with its participants) and never in a reference ("after the meeting");
3. arguments: subject -> actor (passive: the by-agent), object and prepositional objects ->
   recipients; control verbs, conjuncts, relative clauses and participles pass their subject
   on; nouns take possessors, adjectives and between/with/against/on phrases;
4. context: negated, future (PLOVER: future CONSULT/SUPPORT/COOPERATE/AID is AGREE, future
   RETREAT is CONCEDE), hypothetical, historical;
5. when and where from the when_where stage; score, CAMEO code, confidence, why.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Callable

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from ..actors.resolve import DocActors, Resolved
from ..analysis import Analysis, SentenceInfo
from ..model import Actor, Event, Sentence, Span
from ..when_where import places, timex
from .lexicon import LexEntry, Lexicon

SUBJ = ("nsubj", "nsubjpass", "csubj", "expl")
FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
HYPOTHETICAL_AUX = frozenset({"could", "might", "may", "would", "should"})
FUTURE_GOVERNORS = frozenset({"plan", "intend", "schedule", "set", "due", "prepare", "expect", "aim",
                              "promise", "pledge", "vow", "agree", "offer", "decide", "propose"})
HYPOTHETICAL_GOVERNORS = frozenset({"hope", "want", "seek", "try", "wish", "consider", "could", "may",
                                    "might", "threaten", "urge", "ask", "call", "demand", "would",
                                    "fail", "refuse", "reject", "deny", "able", "willing", "ready"})
FUTURE_ADJ = frozenset({"upcoming", "planned", "next", "future", "proposed", "forthcoming", "scheduled",
                        "possible", "potential"})
HISTORICAL_DAYS = 180
# participles that describe their subject's state, not something done to it
STATIVE_PARTICIPLES = frozenset("oppose commit engage involve determine prepare dedicate poise set resolve "
                                "intend".split())
# verbal cooperation that did not happen is a rejection (with the REJECT mode it implies)
NEGATED_AS_REJECT = {"AGREE": None, "SUPPORT": None, "CONSULT": "meet", "CONCEDE": "yield"}


@dataclass
class Trigger:
    tok: Token
    entry: LexEntry
    first: Token
    last: Token
    consumed: set[int] = field(default_factory=set)
    absorbed: list["Trigger"] = field(default_factory=list)
    # other entries that also match this word, in order (tried when the first one's
    # actor_sectors do not fit the resolved actors)
    alternatives: list[LexEntry] = field(default_factory=list)

    @property
    def is_noun(self) -> bool:
        return self.entry.pos == "noun"


class EventCoder:
    def __init__(self, lexicon: Lexicon):
        self.lex = lexicon
        # the objects of a verb per preposition set, for the sentence being read (`triggers`)
        self._objects_seen: dict[tuple, list[Token]] = {}

    # ------------------------------------------------------------------------------------
    def code(self, analysis: Analysis, actors: DocActors) -> list[Event]:
        events: list[Event] = []
        title = (analysis.document.title or "").strip()
        for si in analysis.sentences:
            if title and si.sentence.text.strip() == title:
                continue  # a headline repeats the story it heads
            events.extend(self._sentence(analysis, actors, si))
        events = self._dedupe_document(events)
        analysis.events = events
        return events

    # -- triggers -----------------------------------------------------------------------
    def triggers(self, span: SpacySpan) -> list[Trigger]:
        found: list[Trigger] = []
        consumed: set[int] = set()
        self._objects_seen.clear()  # a verb's objects, per preposition set, for this sentence
        for tok in span:
            lemma = tok.lemma_.lower()
            if tok.pos_ == "VERB" or (tok.pos_ == "AUX" and (tok.dep_ == "ROOT" or any(
                    c.dep_ == "acomp" for c in tok.children))):
                best = _first_match(tok, self.lex.by_verb.get(lemma, []), self._match_verb)
                if best is not None:
                    found.append(best)
                    consumed |= best.consumed
            entries = self.lex.by_noun.get(lemma, []) or self.lex.by_noun.get(tok.lower_, [])
            if entries and tok.pos_ != "VERB":
                if tok.pos_ not in ("NOUN", "PROPN"):
                    entries = [e for e in entries if e.any_pos]
                best = _first_match(tok, entries, self._match_noun)
                if best is not None:
                    found.append(best)
        return [t for t in found if not (t.is_noun and t.tok.i in consumed)]

    def _match_verb(self, tok: Token, e: LexEntry) -> Trigger | None:
        last = tok
        consumed: set[int] = set()
        if len(e.words) > 1:
            rest = list(e.words[1:])
            kids = [c for c in tok.children if c.dep_ in ("prt", "prep", "advmod", "dobj", "acomp")]
            for w in rest:
                hit = next((c for c in kids if c.lemma_.lower() == w or c.lower_ == w), None)
                if hit is None:
                    return None
                last = max(last, hit, key=lambda x: x.i)
                if hit.dep_ == "dobj":
                    consumed.add(hit.i)
        key = (tok.i, e.prep)
        objs = self._objects_seen.get(key)
        if objs is None:
            objs = self._objects_seen[key] = self._objects(tok, e)
        if e.object:
            hit = next((o for o in objs if _lemma_in(o, e.object)), None)
            if hit is None:
                return None
            consumed.add(hit.i)
        described = [tok.head] if tok.dep_ == "acl" and tok.tag_ == "VBN" else []
        if e.not_object and any(_lemma_in(o, e.not_object) for o in objs + described):
            return None
        if e.prep and not any(c.dep_ in ("prep", "prt", "agent", "dative") and c.lemma_.lower() in e.prep
                              for c in tok.children) and not any(
                c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in e.prep for m in c.children)
                for c in tok.children):  # "pushed for the US to support ...": a clause after the preposition
            return None
        if e.xcomp or e.ccomp:
            want = ({"xcomp"} if e.xcomp else set()) | ({"ccomp"} if e.ccomp else set())
            heads = [tok] + ([last] if last != tok else [])  # "is willing [to ...]"
            if not any(c.dep_ in want for h in heads for c in h.children):
                return None
        if e.not_xcomp and any(c.dep_ == "xcomp" and c.lemma_.lower() in e.not_xcomp for c in tok.children):
            return None
        if e.subject:
            subj = next((c for c in tok.children if c.dep_ in SUBJ), None)
            if subj is None or not _lemma_in(subj, e.subject):
                return None
        if e.ccomp_aux or e.ccomp_mark:
            comp = _complement(tok)
            if comp is None:
                return None
            if e.ccomp_aux and not _has_aux(comp, e.ccomp_aux):
                return None
            if e.ccomp_mark and not any(d.lower_ in e.ccomp_mark for d in comp.subtree):
                return None
        return Trigger(tok, e, tok, last, consumed)

    def _objects(self, tok: Token, e: LexEntry) -> list[Token]:
        out = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass", "attr", "oprd")]
        if any(c.dep_ == "oprd" for c in out) and any(c.dep_ in ("dobj", "nsubjpass") for c in out):
            out = [c for c in out if c.dep_ != "oprd"]  # "called the death an achievement": a name, not an object
        for c in tok.children:
            if c.dep_ in ("prep", "dative") and e.prep and c.lemma_.lower() in e.prep:
                out += [g for g in c.children if g.dep_ in ("pobj", "pcomp")]
        # "impose new economic sanctions": the object's own compound words count too, and so does
        # what a quantity is of ("25,000 tons of food aid", "$50,000 worth of goods")
        more = []
        # "a sanctions package", "an aid package": the container's compound says what it is
        for o in list(out):
            comps = [g for g in o.children if g.dep_ == "compound"]
            if o.lemma_.lower() in self.lex.containers and comps:
                out.remove(o)
                out += comps
        for o in out:
            more += [g for g in o.children if g.dep_ in ("compound",)]
            more += [g for g in o.children if g.dep_ == "conj"]
            for p in o.children:
                if p.dep_ == "prep" and p.lower_ == "of":
                    for g in p.children:
                        if g.dep_ == "pobj":
                            comps = [x for x in g.children if x.dep_ == "compound"]
                            if not (g.lemma_.lower() in self.lex.containers and comps):
                                more.append(g)
                            more += comps
        return out + more

    def _match_noun(self, tok: Token, e: LexEntry) -> Trigger | None:
        first = tok
        if len(e.words) > 1:
            # preceding words, skipping hyphens: "hunger strike", "cease - fire"
            j = tok.i - 1
            for w in reversed(e.words[:-1]):
                while j >= 0 and tok.doc[j].text == "-" and w != "-":
                    j -= 1
                if j < 0:
                    return None
                t = tok.doc[j]
                if not (t.lemma_.lower() == w or t.lower_ == w):
                    return None
                first = t
                j -= 1
        if e.object or e.not_object or e.not_compound:
            comps = [c for c in tok.children if c.dep_ in ("compound", "amod") and c.i < first.i]
            ofs = [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
                   for g in c.children if g.dep_ == "pobj"]
            objs = ofs + [x for o in ofs for x in o.children if x.dep_ == "compound"] + comps
            if e.object and not any(_lemma_in(o, e.object) for o in objs):
                return None
            if e.not_object and any(_lemma_in(o, e.not_object) for o in objs):
                return None
            if e.not_compound and any(_lemma_in(c, e.not_compound) for c in comps):
                return None
        return Trigger(tok, e, first, tok)

    # -- sentence ------------------------------------------------------------------------
    def _sentence(self, analysis: Analysis, actors: DocActors, si: SentenceInfo) -> list[Event]:
        trigs = [t for t in self.triggers(si.span)
                 if not _in_document_content(t.tok) and not _gerund_of_noun(t.tok) and not _attributive(t.tok)]
        trigs = self._scope(trigs)
        trigs = [t for t in trigs if not self._opinion(t.tok, actors) and not _habitual(t.tok)
                 and not _purpose(t.tok, self.lex.purpose_acts) and not self._question(t)
                 and not self._prediction(t.tok)]
        events = []
        for t in trigs:
            if t.is_noun and not self._noun_reports_event(t, actors):
                continue
            ev = self._event(analysis, actors, si, t)
            if ev is not None:
                events.append(ev)
        return self._dedupe_sentence(events)

    def _scope(self, trigs: list[Trigger]) -> list[Trigger]:
        by_tok = {t.tok.i: t for t in trigs}
        absorbed: set[int] = set()
        for t in sorted(trigs, key=lambda t: _depth(t.tok)):
            if t.tok.i in absorbed:
                continue
            info = self.lex.types[t.entry.event_type]
            if t.entry.event_type == "PROTEST":
                # what protesters demand is the protest's topic, not a separate event (PLOVER):
                # "marched ... calling for independence", "staged demonstrations to demand reforms"
                bases = [t.tok] + ([t.tok.head] if t.is_noun and t.tok.dep_ in ("dobj", "nsubj", "pobj") else [])
                for base in bases:
                    for c in base.children:
                        if c.dep_ not in ("advcl", "xcomp", "acl", "prep", "conj") or c.i == t.tok.i:
                            continue
                        if c.dep_ == "conj" and c.pos_ != "VERB":
                            continue
                        for d in c.subtree:
                            other = by_tok.get(d.i)
                            if other is not None and other is not t and d.i not in absorbed and \
                                    other.entry.event_type in ("REQUEST", "ACCUSE", "REJECT"):
                                absorbed.add(d.i)
                                t.absorbed.append(other)
            if t.entry.event_type == "CONSULT":
                # "negotiations on a troop pullback", "talks about a ceasefire": the topic of talks
                # is not an event that happened
                bases = [t.tok] + ([t.tok.head] if t.is_noun and t.tok.dep_ == "dobj" else [])
                for c in (c for base in bases for c in base.children):
                    if c.dep_ == "prep" and c.lower_ in ("on", "over", "about", "regarding", "concerning"):
                        for d in c.subtree:
                            other = by_tok.get(d.i)
                            if other is not None and d.i not in absorbed and other is not t:
                                absorbed.add(d.i)
                                t.absorbed.append(other)
            if t.entry.event_type == "ASSAULT":
                # "police fired tear gas to disperse the crowd": the dispersal is the aim of the force
                for c in t.tok.children:
                    if c.dep_ in ("advcl", "xcomp") and any(x.dep_ == "aux" and x.lower_ == "to" for x in c.children):
                        other = by_tok.get(c.i)
                        if other is not None and c.i not in absorbed and other.entry.event_type in ("COERCE", "MOBILIZE"):
                            absorbed.add(c.i)
                            t.absorbed.append(other)
            if t.is_noun and info.embeds and t.tok.dep_ == "dobj":
                # "reiterated its demand that Israel ease restrictions": the clause after the noun
                # (parsed as the verb's) is what is demanded
                for c in t.tok.head.children:
                    if c.dep_ == "ccomp" and c.i > t.tok.i:
                        for d in c.subtree:
                            other = by_tok.get(d.i)
                            if other is not None and d.i not in absorbed and other is not t:
                                absorbed.add(d.i)
                                t.absorbed.append(other)
            if not (info.embeds or t.entry.xcomp):
                # a verb's own object noun of the same type is the same action ("attacked in an attack")
                for c in t.tok.children:
                    if c.dep_ in ("dobj", "nsubjpass") and c.i in by_tok and \
                            by_tok[c.i].entry.event_type == t.entry.event_type:
                        absorbed.add(c.i)
                        t.absorbed.append(by_tok[c.i])
                continue
            for c in t.tok.children:
                content_clause = c.dep_ == "advcl" and (
                    (t.entry.prep and any(m.dep_ == "mark" and m.lower_ in t.entry.prep for m in c.children)) or
                    # "called on the authorities to loosen restrictions": what is asked
                    (t.entry.event_type == "REQUEST" and any(x.dep_ == "aux" and x.lower_ == "to" for x in c.children)))
                if (c.dep_ in SUBJ or c.dep_ in ("agent", "advcl", "conj", "cc", "punct", "relcl", "parataxis",
                                                "advmod", "npadvmod", "mark", "aux", "auxpass", "neg")) \
                        and not content_clause:
                    continue
                if c.dep_ == "prep" and c.lower_ in self.lex.reference_preps:
                    continue
                for d in c.subtree:
                    if d.i in by_tok and d.i != t.tok.i and d.i not in absorbed:
                        absorbed.add(d.i)
                        t.absorbed.append(by_tok[d.i])
        return [t for t in trigs if t.tok.i not in absorbed]

    def _opinion(self, tok: Token, actors: DocActors) -> bool:
        """Is the word inside what an opinion verb reports ("analysts believe the EU may make
        compromises"), or what a commentator says ("an analyst said Trump is turning away")?"""
        cur = tok
        for _ in range(8):
            if cur.dep_ in ("ccomp", "acl") and cur.head.pos_ == "NOUN" and \
                    cur.head.lemma_.lower() in OPINION_NOUNS:
                return True  # "expressed hope that economic cooperation could resume"
            if cur.dep_ == "ccomp" or (cur.dep_ == "parataxis" and cur.head.lemma_.lower() in SPEECH_LEMMAS):
                verb = cur.head
                lemma = verb.lemma_.lower()
                if lemma in self.lex.opinion_verbs:
                    return True
                if lemma in SPEECH_LEMMAS | {"tell", "note", "explain", "write"}:
                    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
                    if subj is None:
                        return False
                    if subj.lemma_.lower() in self.lex.commentators or subj.lower_ in self.lex.commentators:
                        return True
                    m = actors.mention_at(subj)
                    words = {w.lower() for w in (getattr(m, "role_words", ()) or ())} if m is not None else set()
                    return bool(words & self.lex.commentators)
                # "make sure they make concessions": not a report; what is above it may be an
                # opinion ("I'm hoping ... make sure they make concessions")
            if cur.dep_ in ("ROOT", "relcl") or cur.head == cur:
                return False
            cur = cur.head
        return False

    def _question(self, t: Trigger) -> bool:
        """Is the word what a question asks ("asked him if he agreed", "discussed whether to
        impose sanctions", "wondered why troops withdrew"), or a verb of asking that puts a
        question rather than a request ("asked him if he agreed")?"""
        tok = t.tok
        if tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in self.lex.question_verbs and \
                t.entry.event_type == "REQUEST" and any(
                    c.dep_ in ("ccomp", "advcl") and _asks(c) for c in tok.children):
            return True
        cur = tok if tok.pos_ in ("VERB", "AUX") else (tok.head if tok.dep_ in ("dobj", "nsubjpass") else tok)
        for _ in range(4):
            if cur.dep_ in ("ccomp", "advcl", "csubj", "xcomp", "conj") and cur.head != cur:
                marks = {c.lower_ for c in cur.children if c.dep_ == "mark"}
                if "whether" in marks:
                    return True
                if cur.dep_ in ("ccomp", "advcl") and cur.head.lemma_.lower() in self.lex.question_verbs \
                        and _asks(cur):
                    return True
                if cur.dep_ in ("ccomp", "advcl", "csubj"):
                    return False
                cur = cur.head
            else:
                return False
        return False

    def _prediction(self, tok: Token) -> bool:
        """"Japan will likely increase cooperation", "is expected to sign", "appears to be
        preparing to launch": what someone foresees, not an event or a commitment; and the
        condition of an "if" or "unless" clause."""
        cur = tok if tok.pos_ in ("VERB", "AUX") else (tok.head if tok.dep_ in ("dobj", "nsubjpass") else tok)
        for _ in range(4):
            if any(c.dep_ == "advmod" and c.lower_ in self.lex.hedges for c in cur.children):
                return True
            if cur.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in cur.children):
                return True  # "if North Korea conducts a test, ...": a condition, not an event
            if cur.dep_ != "xcomp" or cur.head == cur:
                return False
            head = cur.head
            lemma = head.lemma_.lower()
            if lemma in ("appear", "seem", "likely", "unlikely") or (
                    lemma == "expect" and any(c.dep_ == "auxpass" for c in head.children)):
                return True
            cur = head
        return False

    def _commentator(self, tok: Token) -> bool:
        """"analysts", "security analyst Kabiru Adamu", "Smith, an economist at ...": someone who
        comments rather than acts."""
        words = self.lex.commentators
        if tok.lemma_.lower() in words or tok.lower_ in words:
            return True
        for c in tok.children:
            if c.dep_ in ("compound", "appos") and (c.lemma_.lower() in words or c.lower_ in words):
                return True
            if c.dep_ == "appos" and any(g.dep_ == "compound" and g.lemma_.lower() in words for g in c.children):
                return True
        return False

    def _noun_position(self, tok: Token) -> Token:
        """The token that stands in the clause for an event noun, through containers
        ("a sanctions package", "a round of talks")."""
        cur = tok
        for _ in range(3):
            if cur.dep_ == "compound" and cur.head.lemma_.lower() in self.lex.containers:
                cur = cur.head
            elif cur.dep_ == "pobj" and cur.head.lower_ == "of" and cur.head.head.lemma_.lower() in self.lex.containers:
                cur = cur.head.head
            else:
                break
        return cur

    def _noun_reports_event(self, t: Trigger, actors: DocActors) -> bool:
        if _unspecific(t.tok) or _tally(t.tok):
            return False
        pos = self._noun_position(t.tok)
        head = pos.head
        if pos.dep_ == "pobj" and head.lower_ in self.lex.reference_preps:
            return False
        if pos.dep_ == "pobj" and head.dep_ == "prep" and head.head.lower_ in ("ahead", "prior"):
            return False
        light = self.lex.light_verbs | t.entry.light
        if pos.dep_ in ("dobj", "nsubjpass", "attr", "oprd") and head.pos_ in ("VERB", "AUX") and \
                head.lemma_.lower() in light:
            return True
        if pos.dep_ in ("nsubj",) and head.lemma_.lower() in self.lex.occurrence_verbs:
            return True
        if pos.dep_ == "pobj" and head.lower_ in ("in", "by") and head.head.pos_ == "VERB" and \
                head.head.lemma_.lower() in ("kill", "injure", "wound", "die", "destroy", "damage", "hit"):
            return True
        if _participation(pos) is not None:
            return True  # "thousands took part in protests", "joined the strike"
        if self.lex.types[t.entry.event_type].verbal:
            return False
        if pos.dep_ in ("nsubj", "nsubjpass", "dobj", "poss", "compound", "attr") or (
                pos.dep_ == "pobj" and head.lower_ == "of" and head.head.lower_ not in ("because", "out")) or (
                pos.dep_ == "pobj" and head.lower_ in ("on", "at", "against", "to", "toward", "towards", "for",
                                                      "about", "over", "into")):
            # "Mhlanga's arrest has had a chilling effect", "the handlers of Tuesday's attack",
            # "the importance of the IMF loan": a reference to an event, not its report
            return False
        return bool(self._noun_participants(t, actors)[0])

    # -- arguments -----------------------------------------------------------------------
    def _subject(self, tok: Token) -> tuple[Token | None, bool]:
        """The subject of a verb (and whether it is the agent of a passive)."""
        for c in tok.children:
            if c.dep_ == "agent":
                pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
                if pobj is not None:
                    return pobj, True
        for c in tok.children:
            if c.dep_ in ("nsubj", "csubj"):
                return c, False
        passive = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
        if passive is not None:
            if tok.tag_ == "VBN" and (any(c.dep_ == "prep" and c.lower_ == "to" for c in tok.children)
                                      or tok.lemma_.lower() in STATIVE_PARTICIPLES):
                return passive, False  # a state, not a passive: "Israel is opposed to ...", "were engaged in"
            return None, False
        cur = tok
        for _ in range(4):
            dep, head = cur.dep_, cur.head
            if head == cur:
                return _left_subject(cur), False
            if dep == "xcomp":
                obj = next((c for c in head.children if c.dep_ == "dobj"), None)
                if obj is not None and not any(c.dep_ == "nsubjpass" for c in head.children):
                    return obj, False
                s = next((c for c in head.children if c.dep_ in ("nsubj", "csubj")), None)
                if s is not None:
                    return s, False
                ag = next((g for c in head.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None)
                if ag is not None:
                    return ag, False
                cur = head
                continue
            if dep == "conj" and not any(c.dep_ in ("nsubjpass",) for c in cur.children):
                s, is_agent = self._subject(head)
                return s, is_agent
            if dep in ("relcl", "acl") and head.pos_ in ("NOUN", "PROPN", "PRON"):
                if dep == "acl" and cur.tag_ == "VBN":
                    return None, False  # "sanctions imposed on ..." has no subject here
                return head, False
            if dep == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in cur.children):
                cur = head  # "passed a law to strengthen ...": the purpose has the main subject
                s = next((c for c in cur.children if c.dep_ in ("nsubj",)), None)
                if s is not None:
                    return s, False
                continue
            if dep == "advcl" and cur.tag_ == "VBG":
                cur = head
                s = next((c for c in cur.children if c.dep_ in ("nsubj",)), None)
                if s is not None:
                    return s, False
                continue
            if dep == "pcomp":
                cur = head.head
                s = next((c for c in cur.children if c.dep_ in ("nsubj",)), None)
                if s is not None:
                    return s, False
                continue
            return None, False
        return None, False

    def _verb_arguments(self, t: Trigger, e: LexEntry) -> tuple[list[Token], list[Token], list[str]]:
        tok = t.tok
        notes = []
        subj, _agent = self._subject(tok)
        actors = [subj] if subj is not None else []
        recips: list[Token] = []
        passive_subj = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
        if passive_subj is not None and subj is passive_subj:
            passive_subj = None
        specs = list(e.recipient) or ["dobj", "iobj"] + [f"prep:{p}" for p in self.lex.recipient_preps]
        for spec in specs:
            if spec == "dobj":
                for c in tok.children:
                    if c.dep_ == "dobj":
                        recips.append(c)
                if passive_subj is not None:
                    recips.append(passive_subj)
            elif spec == "iobj":
                recips += [c for c in tok.children if c.dep_ in ("dative", "iobj") and c.pos_ != "ADP"]
                for c in tok.children:
                    if c.dep_ == "dative" and c.pos_ == "ADP":
                        recips += [g for g in c.children if g.dep_ == "pobj"]
            elif spec.startswith("prep:"):
                want = spec[5:]
                for c in tok.children:
                    if c.dep_ in ("prep", "dative") and c.lower_ == want:
                        recips += [g for g in c.children if g.dep_ == "pobj"]
                    if c.dep_ == "advcl" and c.lower_ == want:  # "targeting ..."
                        recips += [g for g in c.children if g.dep_ == "dobj"]
            elif spec == "xcomp_object":
                for c in tok.children:
                    if c.dep_ == "xcomp":
                        recips += [g for g in c.children if g.dep_ == "dobj"]
            elif spec == "ccomp_subject":
                comp = _complement(tok)
                if comp is not None:
                    inner = comp
                    if comp.lemma_.lower() in ("have", "need"):
                        inner = comp
                    recips += [g for g in inner.children if g.dep_ in ("nsubj", "nsubjpass")]
        if e.swap:
            actors, recips = recips[:1], actors
            notes.append("host: the subject receives the visit")
        return actors, recips, notes

    def _noun_participants(self, t: Trigger, actors: DocActors) -> tuple[list[Token], list[Token]]:
        tok = t.tok
        acts: list[Token] = []
        recs: list[Token] = []
        mods = [c for c in tok.children if c.dep_ in ("poss", "amod", "compound", "nmod")]
        country_compounds = []
        for c in mods:
            if c.i in range(t.first.i, t.last.i + 1):
                continue
            m = actors.mention_at(c)
            if c.dep_ == "poss":
                acts.append(c)
            elif m is not None and (m.kind in ("adjective", "person", "org", "demonym") or m.sectors):
                acts.append(c)
            elif m is not None and m.kind in ("country", "capital"):
                country_compounds.append(c)
        if len(country_compounds) + len(acts) >= 2 or (country_compounds and any(
                x.dep_ == "conj" for c in country_compounds for x in c.children)):
            acts += country_compounds  # "US-China talks": both are participants
        for c in tok.children:
            if c.dep_ == "prep":
                p = c.lower_
                objs = [g for g in c.children if g.dep_ == "pobj"]
                if p == "by":
                    acts += objs
                elif p in ("between", "among", "amongst"):
                    acts += objs or self._linear_objects(c, actors)
                elif p in ("with",) and t.entry.reciprocal:
                    acts += objs
                elif p in self.lex.recipient_preps or p == "of" or p in (x[5:] for x in t.entry.recipient):
                    recs += objs
            elif c.dep_ == "acl" and c.lemma_.lower() in ("target", "against"):
                recs += [g for g in c.children if g.dep_ == "dobj"]
        return acts, recs

    @staticmethod
    def _unresolved(tok: Token, analysis: Analysis) -> Resolved | None:
        ent = next((e for e in tok.doc.ents if e.start <= tok.i < e.end and
                    e.label_ in ("ORG", "NORP", "PERSON", "GPE", "FAC")), None)
        if ent is None:
            if tok.pos_ != "PROPN":
                return None
            first = min([tok.i] + [c.i for c in tok.children if c.i < tok.i and c.dep_ in ("compound", "amod")])
            s0, s1 = analysis.span_chars(tok.doc[first], tok)
        else:
            s0, s1 = analysis.span_chars(ent[0], ent[-1])
        text = analysis.document.text[s0:s1]
        return Resolved([Actor(text=text, start=s0, end=s1, name=None, country=None, sectors=[],
                               resolved_from="unresolved")], [], "unresolved")

    def _content_recipients(self, t: Trigger, actors: DocActors, acts: list[Actor]) -> list[Actor]:
        own = {a.country for a in acts if a.country}
        found: list[Actor] = []
        for x in t.absorbed:
            if x.is_noun:
                xa, xr, _ = self._noun_arguments(x, actors)
            else:
                xa, xr, _ = self._verb_arguments(x, x.entry)
            toks = xr + [a for a in xa if a.dep_ not in ("nsubj",) or a.head != t.tok]
            # a condition's subject ("if the United States goes ahead")
            for d in x.tok.subtree:
                if d.dep_ == "mark" and d.lower_ in ("if", "unless"):
                    toks += [c for c in d.head.children if c.dep_ in ("nsubj", "nsubjpass")]
            for r in self._resolve_args(toks, actors, search_subtree=True):
                for a in r.actors:
                    if (a.country or a.sectors) and not any(_same_actor(a, b) for b in acts):
                        found.append(a)
            if found:
                break
        return _unique(found)

    def _complement_recipients(self, tok: Token, actors: DocActors, acts: list[Actor]) -> list[Actor]:
        comps = [c for c in tok.children if c.dep_ in ("ccomp", "xcomp")]
        # "insisted on its demands that Burundi's government grant ...", "a call for X to ..."
        for c in tok.children:
            if c.dep_ in ("prep", "dobj"):
                objs = [c] if c.dep_ == "dobj" else [g for g in c.children if g.dep_ == "pobj"]
                comps += [g for o in objs for g in o.children if g.dep_ in ("acl", "ccomp", "relcl") and
                          g.pos_ in ("VERB", "AUX") and g.dep_ != "relcl"]
        for comp in comps:
            toks = [c for c in comp.children if c.dep_ in ("nsubj", "nsubjpass")]
            toks += [c for c in comp.children if c.dep_ in ("dobj", "dative")]
            for c in comp.children:
                if c.dep_ in ("prep", "dative") and c.lower_ in ("to", "with", "against", "on", "from", "toward", "towards"):
                    toks += [g for g in c.children if g.dep_ == "pobj"]
            for r in self._resolve_args(toks, actors, search_subtree=True):
                found = [a for a in r.actors if (a.country or a.sectors) and not any(_same_actor(a, b) for b in acts)]
                if found:
                    return _unique(found)
        return []

    def _target_search(self, t: Trigger, actors: DocActors, acts: list[Actor]) -> list[Actor]:
        """Whom a protest (or a threat) is against, named in its purpose, reason or condition:
        "to show their disapproval for the United States' policies", "in defiance of Chinese
        authorities", "calling for the removal of President Mubarak", "if the United States goes
        ahead". The state is the usual target: a government actor is preferred."""
        bases = [t.tok] + ([t.tok.head] if t.is_noun and t.tok.dep_ in ("dobj", "pobj") else [])
        found: list[Actor] = []
        seen: set[int] = set()
        for base in bases:
            for c in base.children:
                if c.dep_ in SUBJ or c.dep_ in ("punct", "cc", "det", "aux", "neg", "npadvmod") or c.i == t.tok.i:
                    continue
                for d in c.subtree:
                    if d.i in seen or d.pos_ in ("ADP", "VERB", "AUX", "PRON", "DET"):
                        continue
                    seen.add(d.i)
                    m = actors.mention_at(d)
                    if m is None or m.locative or d.i != m.head.i:
                        continue
                    for a in m.actors():
                        if (a.country or {"IGO", "NGO"} & set(a.sectors)) and not any(_same_actor(a, b) for b in acts):
                            found.append(a)
        state = [a for a in found if set(a.sectors) & STATE_SECTORS]
        return _unique((state or found)[:1])

    def _linear_objects(self, prep: Token, actors: DocActors) -> list[Token]:
        """Mentions right after a preposition the parser left without an object
        ("bilateral - between US President Donald Trump and Russian President Vladimir Putin")."""
        out: list[Token] = []
        doc = prep.doc
        for i in range(prep.i + 1, min(len(doc), prep.i + 20)):
            t = doc[i]
            if t.pos_ in ("VERB", "AUX") or t.text in ("–", "—", ";", ":", "(") or t.is_sent_start:
                break
            m = actors.mention_at(t)
            if m is not None and (m.country or m.name) and m.head not in out:
                if not out or out[-1] != m.head:
                    out.append(m.head)
        return out

    def _noun_arguments(self, t: Trigger, actors: DocActors) -> tuple[list[Token], list[Token], list[str]]:
        acts, recs = self._noun_participants(t, actors)
        notes = []
        pos = self._noun_position(t.tok)
        part = _participation(pos)
        if not acts and part is not None:
            subj, _ = self._subject(part)
            if subj is not None:
                acts = [subj]
                notes.append(f"actor: took part ('{part.text}')")
        if acts and all(a.dep_ == "poss" and a.pos_ == "PRON" for a in acts) and \
                pos.dep_ == "dobj" and pos.head.pos_ == "VERB":
            acts = []  # "the ILO reiterated its demand": the subject says who "its" is
        if not acts and pos.dep_ in ("dobj", "nsubjpass", "attr", "oprd") and pos.head.pos_ in ("VERB", "AUX"):
            subj, _ = self._subject(pos.head)
            if subj is not None:
                acts = [subj]
                notes.append(f"actor: subject of '{pos.head.text}'")
            if not recs:
                for c in pos.head.children:
                    if c.dep_ in ("prep", "dative") and c.lower_ in self.lex.recipient_preps:
                        recs += [g for g in c.children if g.dep_ == "pobj"]
        return acts, recs, notes

    def _resolve_args(self, toks: list[Token], actors: DocActors, search_subtree: bool) -> list[Resolved]:
        out: list[Resolved] = []
        for tok in toks:
            r = actors.resolve_all(tok)
            if search_subtree and (r is None or not any(a.country for a in r.actors)):
                # "sanctions targeting businesses ... supporting the Russian government": when the
                # word itself has no country, an actor inside its phrase that has one stands for it
                deeper = self._search(tok, actors)
                if deeper is not None and any(a.country or {"IGO", "NGO"} & set(a.sectors) for a in deeper.actors):
                    r = deeper
            if r is not None:
                out.append(r)
        return out

    def _search(self, tok: Token, actors: DocActors, depth: int = 4,
                exclude: set[int] | None = None) -> Resolved | None:
        """The first actor with a country inside a phrase that is not itself an actor ("concerns
        regarding Moscow's interference" -> Moscow)."""
        frontier = [tok]
        exclude = exclude or set()
        for _ in range(depth):
            nxt = []
            for cur in frontier:
                for c in cur.children:
                    if c.dep_ in ("relcl", "ccomp", "advcl", "punct", "cc", "det", "appos") + SUBJ + ("agent",):
                        continue
                    if c.lower_ in self.lex.reference_preps:
                        continue
                    r = actors.resolve_all(c) if c.pos_ not in ("ADP", "VERB", "AUX") else None
                    if r is not None and not all(a.resolved_from == "pronoun" for a in r.actors) and \
                            any(a.country or {"IGO", "NGO"} & set(a.sectors) for a in r.actors) and \
                            not any(a.start in exclude for a in r.actors):
                        return r
                    nxt.append(c)
            frontier = nxt
            if not frontier:
                break
        return None

    # -- one event ---------------------------------------------------------------------------
    def _event(self, analysis: Analysis, actors: DocActors, si: SentenceInfo, t: Trigger) -> Event | None:
        """The event of a trigger, with the first of its lexicon entries whose conditions on
        the resolved actors hold."""
        for e in [t.entry, *t.alternatives]:
            ev = self._event_for(analysis, actors, si, t, e)
            if ev is not _UNFIT:
                return ev
        return None

    def _event_for(self, analysis: Analysis, actors: DocActors, si: SentenceInfo, t: Trigger,
                   e: LexEntry) -> "Event | None | object":
        info = self.lex.types[e.event_type]
        why = [f"trigger '{t.tok.text}': {e.describe()} ({e.source})"]
        if t.is_noun:
            a_toks, r_toks, notes = self._noun_arguments(t, actors)
        else:
            a_toks, r_toks, notes = self._verb_arguments(t, e)
        why += notes
        a_res = self._resolve_args(a_toks, actors, search_subtree=False)
        if not a_res:
            # a named subject we cannot place ("the Forces for Defence of Democracy") is still the actor
            a_res = [r for r in (self._unresolved(tk, analysis) for tk in a_toks) if r is not None]
        r_res = self._resolve_args(r_toks, actors, search_subtree=True)
        acts = _unique([a for r in a_res for a in r.actors])
        recs = _unique([a for r in r_res for a in r.actors])
        if not recs and not t.is_noun and (info.embeds or e.xcomp):
            # "demanded that the US cancel ...", "offered to hand over to Great Britain ...",
            # "refused to meet Jordan's king": the recipient is in what the event is about
            recs = self._complement_recipients(t.tok, actors, acts)
            if recs:
                why.append("recipient: from the clause the event is about")
        if not recs and e.event_type in ("PROTEST", "THREATEN"):
            recs = self._target_search(t, actors, acts)
            if recs:
                why.append("recipient: the target named in the event's purpose, reason or condition")
        if not recs and t.absorbed:
            # "demonstrated to demand reforms by Suharto's government", "threatened to stop talks if
            # the United States goes ahead": the target is named in what the event is about
            recs = self._content_recipients(t, actors, acts)
            if recs:
                why.append("recipient: from what the event is about")
        if e.reciprocal or (e.event_type == "CONSULT" and not e.swap and e.mode != "visit"):
            acts = _unique(acts + recs)
            recs = []
        if info.recipient_required and not any(r.country for r in recs):
            # the type needs a recipient: take the first actor with a country inside the event's phrase
            # ("sanctions targeting businesses alleged to be supporting the Russian government")
            deeper = self._search(t.tok, actors, exclude={a.start for a in acts})
            if deeper is not None:
                recs = _unique(deeper.actors)
                why.append("recipient: found inside the event's phrase")
        recs = [r for r in recs if not any(_same_actor(r, a) or _state_on_itself(a, r) for a in acts)]
        if not acts and not recs:
            return None
        if any(self._commentator(tk) for tk in a_toks):
            return None  # "Security analyst Kabiru Adamu welcomed the move": an opinion, not a party's act
        if e.event_type == "ASSAULT" and not acts and any(
                c.dep_ == "prep" and c.lower_ in ("in", "during", "after") and
                any(g.lemma_.lower() in self.lex.accident_nouns for g in c.children if g.dep_ == "pobj")
                for c in t.tok.children):
            return None  # "killed in the crash": an accident, not an attack
        if not acts and e.event_type not in ("ASSAULT", "COERCE", "PROTEST", "SANCTION", "MOBILIZE", "RETREAT"):
            return None
        if e.actor_sectors and not any(_actor_kinds(a) & e.actor_sectors for a in acts):
            return _UNFIT
        if e.ccomp_mark and not t.absorbed:
            return _UNFIT  # a conditional statement is a threat only when it says what will be done
        plural_actor = any(m.plural or m.members for r in a_res for m in r.mentions)
        if e.event_type == "CONSULT" and e.mode != "visit" and len(acts) + len(recs) < 2 and not plural_actor:
            return _UNFIT  # "the cabinet met": a body meeting by itself is not a consultation
        for a in acts:
            why.append(f"actor '{a.text}' -> {a.country or '?'} {'/'.join(a.sectors) or '-'} ({a.resolved_from})")
        for r in recs:
            why.append(f"recipient '{r.text}' -> {r.country or '?'} {'/'.join(r.sectors) or '-'} ({r.resolved_from})")
        context = list(e.context)
        flags = self._flags(t)
        etype, mode = e.event_type, e.mode
        if e.joint and e.joint in self.lex.types and len({a.country for a in acts + recs if a.country}) >= 2:
            # "French and Egyptian warships launched war games": one country's exercise is
            # MOBILIZE, a joint one COOPERATE (PLOVER)
            why.append(f"actors of two or more countries: {e.joint}")
            etype, mode = e.joint, None
            info = self.lex.types[etype]
        if t.absorbed:
            inner = min(t.absorbed, key=lambda x: _depth(x.tok))
            itype, imode = inner.entry.event_type, inner.entry.mode
            why.append(f"content: '{inner.tok.text}' ({itype}) is what this event is about")
            table = self.lex.embedded_modes.get(etype, {})
            m = table.get(f"{itype}/{imode}") or table.get(itype)
            if m and not mode:
                mode = m
            if etype == "AGREE" and itype in ("ASSAULT", "COERCE", "SANCTION", "MOBILIZE") and \
                    t.tok.lemma_.lower() in ("vow", "pledge", "promise", "swear", "resolve"):
                # "vowed to crush the rebels": a promise of force is a threat
                why.append(f"a promise to use force ({itype}) is coded THREATEN")
                etype = "THREATEN"
                table = self.lex.embedded_modes.get(etype, {})
                mode = table.get(f"{itype}/{imode}") or table.get(itype)
                info = self.lex.types[etype]
            elif etype == "REQUEST" and itype in ("MOBILIZE", "ASSAULT", "COERCE") and \
                    t.tok.lemma_.lower() in ("order", "instruct", "direct", "command") and \
                    all(r.sectors and set(r.sectors) <= {"MIL", "COP", "PRM"} and
                        r.country in {a.country for a in acts} for r in recs):
                # "ordered the army to deploy troops": a government moving its own forces
                why.append(f"an order to its own forces is the {itype} itself")
                etype, mode = itype, imode
                info = self.lex.types[etype]
                recs = []
        # when and where
        value, source, tx = timex.date_for(analysis, t.tok)
        if tx is not None:
            why.append(f"date {value} from '{tx.text}'")
        else:
            why.append("date: publication date (no time expression governs the event)")
        place = places.place_for(analysis, t.tok)
        if place is not None:
            why.append(f"place '{place.text or place.name}' -> {place.name}, {place.country}")
            # "protesters" or "police" with no country of their own belong to where the event is
            for a in acts + recs:
                if not a.country and a.sectors and not {"IGO", "NGO"} & set(a.sectors) and place.country:
                    a.country = place.country
                    a.resolved_from = f"{a.resolved_from}+place"
                    why.append(f"'{a.text}' takes the country of the place ({place.country})")
        if not recs and place is not None and place.country and etype in self.lex.place_recipient_types:
            recs = [Actor(text=place.text or place.name, start=place.start, end=place.end, name=None,
                          country=place.country, sectors=[], resolved_from="place of the event")]
            why.append(f"recipient: the place where it happened ({place.country})")
        if value and source == "text" and analysis.pub_date and _ends_before(value, analysis.pub_date, HISTORICAL_DAYS):
            flags.append("historical")
        if value and source == "text" and analysis.pub_date and _starts_after(value, analysis.pub_date) \
                and "future" not in flags:
            flags.append("future")
        for f in flags:
            if f not in context:
                context.append(f)
        if etype == "CONSULT" and not recs and acts and all(a.country for a in acts) and \
                all(_same_side(a, acts[0]) for a in acts) and not t.is_noun and not any(
                    c.dep_ in ("dobj", "dative") or (c.dep_ == "prep" and c.lower_ in ("with", "between", "to"))
                    for c in t.tok.children):
            # "officials would convene this weekend": a body meeting itself, nobody to meet
            return None
        if "future" in context and info.future and "negated" not in context:
            why.append(f"future {etype} is coded {info.future} (PLOVER)")
            etype, mode = info.future, self.lex.embedded_modes.get(info.future, {}).get(etype)
            info = self.lex.types[etype]
        if "negated" in context and etype == "SUPPORT" and not recs and \
                _classifies(t.tok):
            # "does not recognize dog meat as edible": a classification of a thing, nobody rejected
            return None
        if "negated" in context and etype in NEGATED_AS_REJECT and _refusal(t.tok):
            # "did not agree", "failed to reach agreement", "would not meet their demands": a refusal
            why.append(f"negated {etype} is coded REJECT")
            mode = NEGATED_AS_REJECT[etype]
            etype = "REJECT"
            context.remove("negated")
            info = self.lex.types[etype]
        score = e.score if e.score is not None and etype == e.event_type else info.score_for(mode)
        cameo = e.cameo if etype == e.event_type and e.cameo else info.cameo
        conf = 0.45
        conf += 0.25 if any(a.country for a in acts) else 0.0
        conf += 0.15 if (any(r.country for r in recs) or not info.recipient_required) else 0.0
        conf += 0.1 if not t.is_noun else 0.0
        conf += 0.05 if e.specificity else 0.0
        conf -= 0.15 if "hypothetical" in context else 0.0
        conf -= 0.1 if "negated" in context else 0.0
        if info.recipient_required and not recs:
            why.append(f"{etype} normally has a recipient; none found")
        s0, s1 = analysis.span_chars(t.first, t.last)
        return Event(
            doc_id=analysis.document.doc_id, event_type=etype,
            trigger=Span(analysis.document.text[s0:s1], s0, s1),
            sentence=Sentence(si.sentence.index, si.sentence.text, si.sentence.start, si.sentence.end),
            actors=acts, recipients=recs, mode=mode, context=context,
            date=value, date_source=source, location=place, cameo=cameo, score=score,
            confidence=max(0.05, min(0.99, conf)), why=why,
        )

    def _flags(self, t: Trigger) -> list[str]:
        flags: list[str] = []
        chain = [t.tok]
        if t.is_noun:
            pos = self._noun_position(t.tok)
            if pos.head != pos and pos.dep_ in ("dobj", "nsubjpass", "nsubj", "attr", "pobj"):
                verb = pos.head.head if pos.dep_ == "pobj" else pos.head
                chain.append(verb)
            if any(c.lower_ in ("no",) for c in t.tok.children):
                flags.append("negated")
            if any(c.lower_ in FUTURE_ADJ for c in t.tok.children):
                flags.append("future")
        cur = chain[-1]
        for _ in range(3):
            own = [c for c in cur.children if c.dep_ in ("nsubj", "nsubjpass") or
                   (c.dep_ == "aux" and c.lower_ != "to")]
            contrast = cur.dep_ == "conj" and any(
                x.lower_ in ("but", "yet", "although", "though") for x in cur.doc[cur.head.i:cur.i])
            if cur.dep_ in ("xcomp", "conj") and cur.head != cur and not own and not contrast:
                cur = cur.head
                chain.append(cur)
            else:
                break
        for i, v in enumerate(chain):
            kids = list(v.children)
            if (any(c.dep_ == "neg" for c in kids) or (i > 0 and v.lemma_.lower() == "fail")) \
                    and "negated" not in flags:
                flags.append("negated")
            auxes = [c.lower_ for c in kids if c.dep_ in ("aux", "auxpass")]
            if any(a in FUTURE_AUX for a in auxes) and "future" not in flags:
                flags.append("future")
            if any(a in HYPOTHETICAL_AUX for a in auxes) and "hypothetical" not in flags and \
                    "negated" not in flags:
                if "would" in auxes and _reported(v) and "future" not in flags:
                    flags.append("future")  # "said they would boycott": future in the past
                else:
                    flags.append("hypothetical")
            if i > 0 and v.lemma_.lower() in FUTURE_GOVERNORS and "future" not in flags and \
                    t.entry.event_type not in ("AGREE",):
                flags.append("future")
            if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in kids):
                flags.append("hypothetical")
        # "expects X to visit", "is going to meet", "plans for Y to sign"
        head = chain[-1]
        infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in head.children)
        if head.dep_ in ("xcomp", "ccomp") and infinitive and \
                head.head.lemma_.lower() in FUTURE_GOVERNORS | {"go"} and "future" not in flags:
            flags.append("future")
        # "in the (near) future", "in the coming days"
        for c in t.tok.children:
            if c.dep_ == "prep" and c.lower_ == "in" and any(
                    g.lower_ in ("future",) or (g.lower_ in ("days", "weeks", "months") and any(
                        x.lower_ in ("coming", "next") for x in g.children)) for g in c.children):
                if "future" not in flags:
                    flags.append("future")
        return flags

    # -- duplicates ------------------------------------------------------------------------
    def _dedupe_sentence(self, events: list[Event]) -> list[Event]:
        out: list[Event] = []
        for ev in sorted(events, key=lambda e: -e.confidence):
            dup = False
            for kept in out:
                if kept.event_type != ev.event_type:
                    continue
                ka = {a.country for a in kept.actors if a.country}
                ea = {a.country for a in ev.actors if a.country}
                if not ea or not ka or ea <= ka or ka <= ea:
                    dup = True
                    if not kept.mode and ev.mode:
                        # "A drone strike killed three": keep the verb's event, the noun's mode
                        kept.mode = ev.mode
                        kept.score = self.lex.types[kept.event_type].score_for(ev.mode)
                        kept.why.append(f"mode {ev.mode} from '{ev.trigger.text}'")
                    break
            if not dup:
                out.append(ev)
        out.sort(key=lambda e: e.trigger.start)
        return out

    def _dedupe_document(self, events: list[Event]) -> list[Event]:
        """A noun trigger that names an event already coded elsewhere in the document (same type
        and mode, same countries involved, same date) is a second mention of it, not a new event."""
        def key(e: Event) -> tuple:
            return (e.event_type, e.mode, e.date, frozenset(a.country for a in e.actors + e.recipients if a.country))
        verbal = {key(e) for e in events if not _is_nominal(e)}
        return [e for e in events if not (_is_nominal(e) and key(e) in verbal and key(e)[3])]


_UNFIT = object()  # an entry whose conditions on the actors do not hold


def _first_match(tok: Token, entries: list[LexEntry],
                 match: Callable[[Token, LexEntry], "Trigger | None"]) -> "Trigger | None":
    """The trigger of the first (most specific) entry that matches; the other matching entries
    are kept as its alternatives."""
    best = None
    for entry in entries:
        t = match(tok, entry)
        if t is None:
            continue
        if best is None:
            best = t
        else:
            best.alternatives.append(entry)
    return best


def _refusal(tok: Token) -> bool:
    """Is a negated cooperation a refusal ("did not agree", "would not meet", "will not accept",
    "failed to reach", "does not support") rather than something that has not happened (yet)
    ("has not agreed", "never condemned")?"""
    cur = tok
    for _ in range(3):
        kids = list(cur.children)
        if any(c.lower_ in ("never", "yet") for c in kids):
            return False
        auxes = {c.lower_ for c in kids if c.dep_ in ("aux", "auxpass")}
        if any(c.dep_ == "neg" for c in kids):
            return not (auxes & {"has", "have", "had", "'s", "'ve"})
        if cur.dep_ in ("xcomp", "conj") and cur.head != cur:
            cur = cur.head
            continue
        break
    return True


OPINION_NOUNS = frozenset("hope hopes expectation expectations fear fears belief wish wishes".split())
HABITUAL = frozenset("usually typically generally normally customarily".split())


PERMISSION_VERBS = frozenset("allow permit authorize authorise enable empower entitle".split())
CEASE_VERBS = frozenset("stop cease halt quit".split())


def _purpose(tok: Token, acts: frozenset[str] = frozenset()) -> bool:
    """What an action or an effort is for ("led talks to reach the agreement", "the campaign to
    secure his release") is an aim, not an event that happened; so is what a law allows ("allows
    the government to seize assets") and what someone stops doing ("stop detaining migrants")."""
    verb = tok if tok.pos_ in ("VERB", "AUX") else (tok.head if tok.dep_ in ("dobj", "nsubjpass") else None)
    if verb is None:
        return False
    if verb.dep_ in ("xcomp", "ccomp") and verb.head.lemma_.lower() in PERMISSION_VERBS and \
            any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return True
    if verb.dep_ == "xcomp" and verb.tag_ == "VBG" and verb.head.lemma_.lower() in CEASE_VERBS:
        return True
    if verb.dep_ not in ("advcl", "acl", "relcl"):
        return False
    if verb.dep_ == "advcl" and verb.lemma_.lower() in acts:
        # "kept the tariffs in place to pressure Mexico": what the action itself does, not an aim
        return False
    return verb.dep_ != "relcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _classifies(verb: Token) -> bool:
    """"recognize dog meat as edible": the verb puts a thing (its object) in a class ("as ...")."""
    objs = [c for c in verb.children if c.dep_ == "dobj"]
    if not objs:
        return False
    near = list(verb.children) + [g for o in objs for g in o.children]
    return any(c.dep_ in ("prep", "oprd") and c.lower_ == "as" for c in near)


def _same_side(a: Actor, b: Actor) -> bool:
    """Are two actors of one country and sector?"""
    return a.country == b.country and set(a.sectors) == set(b.sectors)


def _unspecific(noun: Token) -> bool:
    """"before granting any relaxation of sanctions", "ruled out any talks": no particular event."""
    return any(c.dep_ == "det" and c.lower_ == "any" for c in noun.children)


TALLY_MIN = 20
_PERIOD = re.compile(r"^(?:(?:in|of|during|since)\s+)?(?:1[89]|20)\d\d$|\byears?\b|\bmonths\b|\bso far\b|\bsince\b", re.I)


def _tally(noun: Token) -> bool:
    """"launched 504 attacks in 2024": a count of events over a period (a year, months), as reports
    and statistics give it, not the report of an event ("fired 30 rockets on Tuesday" is one)."""
    if noun.tag_ not in ("NNS", "NNPS"):
        return False
    if not any(c.dep_ == "nummod" and c.text.replace(",", "").isdigit() and
               int(c.text.replace(",", "")) >= TALLY_MIN for c in noun.children):
        return False
    return any(e.label_ == "DATE" and _PERIOD.search(e.text) for e in noun.sent.ents)


WH_WORDS = frozenset("why how what when where who whom which".split())


def _asks(clause: Token) -> bool:
    """Is a clause put as a question: "if/whether ...", or opened by a wh-word ("why ...")?"""
    if any(c.dep_ == "mark" and c.lower_ in ("if", "whether") for c in clause.children):
        return True
    first = min(clause.subtree, key=lambda x: x.i)
    return first.lower_ in WH_WORDS and first.tag_ in ("WRB", "WP", "WDT", "WP$")


def _habitual(tok: Token) -> bool:
    """"the person is usually deported": what happens as a rule, not an event."""
    return any(c.dep_ == "advmod" and c.lower_ in HABITUAL for c in tok.children)


def _left_subject(verb: Token) -> Token | None:
    """The subject of a finite main verb that the parser left without one, because it hung the
    noun phrase on a fronted phrase ("With the signing of a memorandum, the government and the
    rebels have agreed ..."): the noun phrase right before the verb and its auxiliaries."""
    if verb.tag_ not in ("VBD", "VBZ", "VBP", "VBN") or any(c.dep_ in ("nsubjpass", "expl") for c in verb.children):
        return None
    if verb.tag_ == "VBN" and not any(c.dep_ == "aux" for c in verb.children):
        return None
    j = min([verb.i] + [c.i for c in verb.children if c.dep_ in ("aux", "neg", "advmod") and c.i < verb.i]) - 1
    if j < verb.sent.start:
        return None
    tok = verb.doc[j]
    if tok.pos_ not in ("NOUN", "PROPN") or tok.dep_ not in ("conj", "appos", "pobj", "compound"):
        return None
    # climb the coordination, but not into the phrase it was wrongly attached to
    while tok.dep_ in ("conj", "compound", "appos") and tok.head.i < tok.i:
        head = tok.head
        if head.dep_ == "pobj" or head.pos_ not in ("NOUN", "PROPN"):
            break
        tok = head
    if tok.dep_ == "conj" and any(x.text == "," for x in verb.doc[tok.head.i:tok.i]) is False:
        return None
    return tok


def _actor_kinds(a: Actor) -> set[str]:
    kinds = set(a.sectors)
    if a.country and not a.sectors:
        kinds.add("country")
    if not a.country and not a.sectors:
        kinds.add("unknown")
    return kinds


SPEECH_LEMMAS = frozenset("say tell announce confirm declare state warn add insist vow promise pledge "
                          "threaten write report claim argue stress indicate".split())


# what a document says it will do is its content, not an event ("a resolution that aims to
# tighten sanctions", "a plan calling for elections")
DOCUMENT_NOUNS = frozenset("resolution plan proposal bill law agreement deal treaty measure draft initiative "
                           "program programme accord declaration statement document roadmap framework "
                           "memorandum motion amendment decree charter strategy email e-mail letter message "
                           "query questionnaire petition".split())


def _attributive(tok: Token) -> bool:
    """A verb used as an adjective ("the China-funded port", "the detained journalists"): it
    describes a noun, it does not report an event."""
    return tok.pos_ == "VERB" and tok.dep_ in ("amod", "compound") and tok.tag_ in ("VBN", "VBD", "VBG", "JJ")


def _gerund_of_noun(tok: Token) -> bool:
    """"the decision of sending troops", "plans for attacking": a gerund that names an action
    under discussion, not one being reported."""
    return tok.tag_ == "VBG" and tok.dep_ in ("pcomp", "pobj") and tok.head.dep_ == "prep" and \
        tok.head.head.pos_ in ("NOUN", "PROPN")


def _participation(pos: Token) -> Token | None:
    """The verb of "took part in protests", "participated in talks", "joined the strike"."""
    head = pos.head
    if pos.dep_ == "pobj" and head.lower_ == "in":
        v = head.head
        if v.lemma_.lower() in ("participate", "engage") or (
                v.lemma_.lower() == "take" and any(c.lower_ == "part" for c in v.children)) or (
                v.lower_ == "part" and v.head.lemma_.lower() == "take"):
            return v if v.pos_ in ("VERB", "AUX") else v.head
    if pos.dep_ == "dobj" and head.lemma_.lower() in ("join",):
        return head
    return None


def _in_document_content(tok: Token) -> bool:
    cur = tok
    for _ in range(8):
        if cur.dep_ in ("relcl", "acl") and cur.head.lemma_.lower() in DOCUMENT_NOUNS:
            return True
        if cur.head == cur:
            return False
        cur = cur.head
    return False


def _reported(v: Token) -> bool:
    """Is the clause the complement of a speech verb ("said they would boycott")?"""
    cur = v
    for _ in range(3):
        if cur.dep_ in ("ccomp", "xcomp", "conj") and cur.head != cur:
            if cur.dep_ == "ccomp" and cur.head.lemma_.lower() in SPEECH_LEMMAS:
                return True
            cur = cur.head
        else:
            return False
    return False


def _complement(tok: Token) -> Token | None:
    """The clause a speech verb reports ("said [that Libya must hand over ...]")."""
    return next((c for c in tok.children if c.dep_ == "ccomp"), None)


def _has_aux(verb: Token, auxes: frozenset[str]) -> bool:
    """Does the clause carry one of these auxiliaries? "has to" and "needs to" count as "must"."""
    kids = list(verb.children)
    if any(c.dep_ in ("aux", "auxpass") and (c.lower_ in auxes or c.lemma_.lower() in auxes) for c in kids):
        return True
    if "must" in auxes and verb.lemma_.lower() in ("have", "need") and any(c.dep_ == "xcomp" for c in kids):
        return True
    return False


def _is_nominal(ev: Event) -> bool:
    return any(w.startswith("trigger") and " noun '" in w for w in ev.why[:1])


def _lemma_in(tok: Token, words: frozenset[str]) -> bool:
    return tok.lemma_.lower() in words or tok.lower_ in words


def _depth(tok: Token) -> int:
    d = 0
    while tok.head != tok and d < 50:
        tok = tok.head
        d += 1
    return d


def _unique(actors: list[Actor]) -> list[Actor]:
    out: list[Actor] = []
    for a in actors:
        if not any(_same_actor(a, b) for b in out):
            out.append(a)
    return out


def _same_actor(a: Actor, b: Actor) -> bool:
    """The same entity: the same named person or organization, or the same unnamed
    country-and-sector group."""
    if a.name and b.name:
        return a.name == b.name
    if a.name or b.name:
        return False
    if a.country or b.country:
        return a.country == b.country and a.sectors == b.sectors
    return a.start == b.start and a.end == b.end


STATE_SECTORS = frozenset({"GOV", "MIL", "LEG", "JUD", "COP", "SPY"})


def _state_on_itself(a: Actor, r: Actor) -> bool:
    """"Putin denied any involvement by Russia": the state as its own recipient adds nothing; but
    protesters against their own government, or a court against a minister, are real dyads."""
    if not r.country or r.country != a.country:
        return False
    if r.sectors and r.sectors != a.sectors:
        return False
    return not a.sectors or bool(set(a.sectors) & STATE_SECTORS)


def _period(value: str) -> tuple[dt.date, dt.date]:
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        d = dt.date(*parts)
        return d, d
    if len(parts) == 2:
        y, m = parts
        start = dt.date(y, m, 1)
        end = dt.date(y + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1)
        return start, end
    return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)


def _ends_before(value: str, pub: dt.date, days: int) -> bool:
    try:
        return _period(value)[1] < pub - dt.timedelta(days=days)
    except ValueError:
        return False


def _starts_after(value: str, pub: dt.date) -> bool:
    try:
        return _period(value)[0] > pub
    except ValueError:
        return False
