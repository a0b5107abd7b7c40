"""Actors of a whole document: mentions in order, and what a word stands for when an event or a
quote needs it: a mention, a pronoun ("he" -> the person last named), a pair ("the two leaders"
-> the two people last named together)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from spacy.tokens import Token

from ..analysis import Analysis
from ..model import Actor
from .mentions import HARDWARE, PEOPLE_NOUNS, Mention, MentionFinder, PersonRegistry, _conjuncts

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers", "himself", "herself"})
THING_PRONOUNS = frozenset({"it", "its", "itself"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their", "theirs", "themselves"})
RELATIVE = frozenset({"who", "which", "that", "whom", "whose"})
# "thousands of protesters", "members of Hamas", "a group of gunmen": the actor is after "of"
PARTITIVES = frozenset("""thousands hundreds dozens scores tens millions some many most all several few
one two three four five six seven eight nine ten members member group groups number numbers crowd crowds
supporters supporter wave units unit elements element part rest majority minority handful""".split())
PAIR_NOUNS = {
    # plural nouns that, with "the two"/"both", stand for a pair named earlier; value: prefer people?
    "leaders": True, "presidents": True, "ministers": True, "men": True, "heads": True,
    "sides": False, "countries": False, "states": False, "nations": False, "governments": False,
    "parties": False, "neighbors": False, "neighbours": False, "allies": False, "rivals": False,
    "delegations": False, "capitals": False, "powers": False,
}


@dataclass
class Resolved:
    actors: list[Actor]
    mentions: list[Mention]
    how: str


def _is_subject(tok: Token) -> bool:
    """Is the word (or the noun it is coordinated with or in apposition to) a subject?"""
    cur = tok
    for _ in range(6):
        if cur.dep_ in ("nsubj", "nsubjpass"):
            return True
        if cur.dep_ in ("conj", "appos") or (cur.dep_ == "pobj" and cur.head.lower_ in ("from", "of")) \
                or cur.dep_ == "prep":
            cur = cur.head
            continue
        return False
    return False


class DocActors:
    """All actor mentions of one analysed document, with lookups for the event and quote stages."""

    def __init__(self, analysis: Analysis, finder: MentionFinder):
        self.analysis = analysis
        self.registry = PersonRegistry()
        self.mentions: list[Mention] = []
        pub: dt.date | None = analysis.pub_date
        for part in analysis.parts:
            self.mentions.extend(finder.mentions(part.doc, part.offset, pub, self.registry))
        self.mentions.sort(key=lambda m: m.char_start)
        self.by_token: dict[tuple[int, int], Mention] = {}
        for m in self.mentions:
            for i in range(m.start, m.end):
                self.by_token.setdefault((id(m.doc), i), m)
        self.by_head = {(id(m.doc), m.head.i): m for m in self.mentions}
        self.groups = self._groups()
        self._definite_roles()
        self.focus = self._focus_country()
        if self.focus:
            for m in self.mentions:
                # an official or a group with no country of its own, in a story about one country
                if not m.country and m.sectors and not {"IGO", "NGO"} & set(m.sectors) and not m.members \
                        and not (m.is_person and m.resolved_from in KB_PERSON):
                    m.country = self.focus
                    m.resolved_from = f"{m.resolved_from}+document country"
        analysis.mentions = self.mentions

    def _definite_roles(self) -> None:
        """"A VOA reporter in the town said ... The reporter said ...": a definite singular role
        with no country of its own is the one named with that role before (its country, not the
        document's)."""
        for i, m in enumerate(self.mentions):
            if m.kind != "role" or m.country or m.plural or m.members or not m.role_words \
                    or m.doc[m.start].lower_ != "the" or m.end - m.start > 2:
                continue
            for prev in reversed(self.mentions[:i]):
                if prev.kind == "role" and prev.country and not prev.plural and not prev.members \
                        and prev.role_words[:1] == m.role_words[:1]:
                    m.country, m.name = prev.country, m.name or prev.name
                    m.resolved_from = "earlier mention"
                    break

    def _focus_country(self) -> str | None:
        """The country a document is about: the only one named, or one named in at least half of
        the mentions that name a country (and at least twice)."""
        from collections import Counter
        # a news agency or broadcaster ("told VOA", "Reuters reported") does not make a story about
        # its country
        counts = Counter(m.country for m in self.mentions if m.country
                         and not (m.kind == "org" and set(m.sectors) <= {"JRN"}))
        if not counts:
            return None
        (top, n), total = counts.most_common(1)[0], sum(counts.values())
        if len(counts) == 1 or (n >= 2 and n * 2 >= total and
                                (len(counts) == 1 or n > counts.most_common(2)[1][1])):
            return top
        return None

    # -- lookups -------------------------------------------------------------------------
    def mention_at(self, tok: Token) -> Mention | None:
        return self.by_head.get((id(tok.doc), tok.i)) or self.by_token.get((id(tok.doc), tok.i))

    def resolve(self, tok: Token) -> Resolved | None:
        """What the word (usually an argument's head) stands for, or None."""
        m = self.mention_at(tok)
        if m is not None and (m.country or m.name or m.sectors or m.members):
            if m.kind == "role" and not m.country and not m.members and tok.lower_ != "police":
                pair = self._pair_for(tok)
                if pair is not None:
                    return pair
            return Resolved(m.actors(), [m], m.resolved_from)
        low = tok.lower_
        if tok.pos_ == "PRON" or low in PERSON_PRONOUNS | THING_PRONOUNS | PLURAL_PRONOUNS:
            return self._pronoun(tok)
        if low in RELATIVE and tok.dep_ in ("nsubj", "nsubjpass") and tok.head.dep_ == "relcl":
            return self.resolve(tok.head.head)
        pair = self._pair_for(tok)
        if pair is not None:
            return pair
        if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ not in ("compound", "amod"):
            # "the Islamic Jihad movement", "the Hamas leadership": a noun named by an organization
            orgs = [self.mention_at(c) for c in tok.children if c.dep_ in ("compound", "nmod")]
            orgs = [m for m in orgs if m is not None and m.kind == "org"]
            if orgs:
                m = orgs[0]
                first = min([tok.i] + [c.i for c in tok.children if c.i < tok.i and c.dep_ != "det"])
                s0, s1 = self.analysis.span_chars(tok.doc[first], tok)
                return Resolved([m.actor(f"{m.resolved_from}+noun", (self.analysis.document.text[s0:s1], s0, s1))],
                                [m], "organization+noun")
            # "Iraqi Kurds", "Israeli tanks": a noun with a country adjective is that country's
            mods = [self.mention_at(c) for c in tok.children if c.dep_ in ("amod", "compound", "nmod")]
            mods = [m for m in mods if m is not None and m.kind in ("adjective", "demonym") and m.country]
            if mods:
                m = mods[0]
                first = min([tok.i] + [c.i for c in tok.children if c.i < tok.i and c.dep_ != "det"])
                s0, s1 = self.analysis.span_chars(tok.doc[first], tok)
                lemma = tok.lemma_.lower()
                sectors = ["MIL"] if lemma in HARDWARE else (["CVL"] if lemma in PEOPLE_NOUNS else [])
                a = Actor(text=self.analysis.document.text[s0:s1], start=s0, end=s1, name=None,
                          country=m.country, sectors=sectors, resolved_from="demonym+noun")
                return Resolved([a], [m], "demonym+noun")
        if low in PARTITIVES or tok.pos_ == "NUM":
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ == "of":
                    obj = next((g for g in c.children if g.dep_ == "pobj"), None)
                    if obj is None:
                        continue
                    r = self.resolve_all(obj)
                    if r is not None and low in ("supporters", "supporter") and any(m.is_person for m in r.mentions):
                        # "supporters of former President Ben Bella": his country's people, not him
                        s0, s1 = self.analysis.span_chars(tok, obj)
                        a = Actor(text=self.analysis.document.text[s0:s1], start=s0, end=s1, name=None,
                                  country=r.actors[0].country, sectors=["CVL"], resolved_from="supporters of a person")
                        return Resolved([a], r.mentions, "supporters of a person")
                    return r
        return None

    def resolve_all(self, tok: Token) -> Resolved | None:
        """Like resolve, for the word and its conjuncts ("Russia and the US")."""
        parts = [self.resolve(t) for t in [tok, *_conjuncts(tok)]]
        parts = [p for p in parts if p is not None]
        if not parts:
            return None
        actors, mentions, hows = [], [], []
        for p in parts:
            actors += p.actors
            mentions += p.mentions
            hows.append(p.how)
        return Resolved(actors, mentions, ", ".join(dict.fromkeys(hows)))

    # -- pronouns and pairs --------------------------------------------------------------
    def _before(self, tok: Token, window_sentences: int = 3) -> list[Mention]:
        c = self.analysis.char(tok)
        sent = self.analysis.sentence_of(tok).index
        lo = self.analysis.sentences[max(0, sent - window_sentences)].sentence.start
        return [m for m in self.mentions if lo <= m.char_start and m.char_end <= c]

    def _pronoun(self, tok: Token) -> Resolved | None:
        low = tok.lower_
        c0 = self.analysis.char(tok)
        span = (tok.text, c0, c0 + len(tok.text))
        before = self._before(tok)
        if low in PERSON_PRONOUNS:
            # people by name, and one person named by office ("the Kenyan finance minister ... he")
            people = [m for m in before if (m.is_person or _one_official(m, low)) and not m.modifier]
            subjects = [m for m in people if m.head.dep_ in ("nsubj", "nsubjpass")]
            pick = (subjects or people)[-1:] if (subjects or people) else []
            if pick:
                return Resolved([pick[0].actor("pronoun", span)], pick, "pronoun")
            return None
        if low in THING_PRONOUNS:
            things = [m for m in before if not m.is_person and not m.locative and m.country
                      and not m.plural and m.kind in ("country", "org", "capital", "adjective", "role")]
            things = [m for m in things if not (m.kind == "adjective" and m.modifier)]
            if things:
                return Resolved([things[-1].actor("pronoun", span)], [things[-1]], "pronoun")
            return None
        if low in PLURAL_PRONOUNS:
            lo = before[0].char_start if before else c0
            cands: list[tuple[bool, int, list[Mention]]] = []
            for group in self.groups:
                if group[-1].char_end <= c0 and group[0].char_start >= lo:
                    cands.append((_is_subject(group[0].head), group[-1].char_end, list(group)))
            for m in before:
                if m.plural and not m.locative and (m.country or m.members) and not m.modifier:
                    cands.append((_is_subject(m.head), m.char_end, [m]))
            if cands:
                subj = [c for c in cands if c[0]]
                _, _, pick = max(subj or cands, key=lambda c: c[1])
                actors = [a for m in pick for a in self._actors_as(m, span)]
                return Resolved(actors, pick, "pronoun")
        return None

    def _actors_as(self, m: Mention, span: tuple[str, int, int]) -> list[Actor]:
        if m.members:
            return [x.actor("pronoun", span) for x in m.members]
        return [m.actor("pronoun", span)]

    def _pair_for(self, tok: Token) -> Resolved | None:
        """"the two leaders", "both sides", "the two" -> the pair last named together."""
        low = tok.lower_
        kids = {c.lower_ for c in tok.children}
        is_two = low == "two" and tok.dep_ in ("nsubj", "nsubjpass", "pobj", "dobj") and "the" in kids
        is_pair_noun = low in PAIR_NOUNS and ({"two", "both"} & kids or
                                              ("the" in kids and low in ("leaders", "presidents", "sides")))
        if not (is_two or is_pair_noun):
            return None
        want_people = PAIR_NOUNS.get(low, True)
        c0 = self.analysis.char(tok)
        first = min([tok.i] + [c.i for c in tok.children if c.i < tok.i])
        s, e = self.analysis.span_chars(tok.doc[first], tok)
        span = (self.analysis.document.text[s:e], s, e)
        for group in reversed(self.groups):
            if group[-1].char_end > c0 or any(m.start <= tok.i < m.end and m.doc is tok.doc for m in group):
                continue
            countries = {m.country for m in group if m.country}
            if len(countries) < 2:
                continue
            if want_people and not all(m.is_person for m in group) and any(
                    g for g in self.groups if all(m.is_person for m in g) and g[-1].char_end <= c0):
                continue
            return Resolved([m.actor("reciprocal", span) for m in group], list(group), "reciprocal")
        return None

    def _groups(self) -> list[list[Mention]]:
        """Mentions named together: coordinated ("Russia and the US", "experts from Russia, the
        United States and Jordan"), or modifiers of one noun ("the Trump-Putin meeting"), in
        document order of their last member."""
        groups: list[list[Mention]] = []
        seen_roots: set[tuple[int, int]] = set()
        for m in self.mentions:
            root = m.head
            while root.dep_ == "conj" and root.head != root:
                root = root.head
            key = (id(m.doc), root.i)
            if key in seen_roots:
                continue
            seen_roots.add(key)
            toks = [root, *_conjuncts(root)]
            if self.by_head.get(key) is None:
                # the coordination hangs on a word that is not an actor ("experts from A, B and C")
                for c in root.children:
                    if c.dep_ == "prep" and c.lower_ in ("from", "of", "between"):
                        for obj in c.children:
                            if obj.dep_ == "pobj":
                                toks += [obj, *_conjuncts(obj)]
            group = []
            for t in toks:
                other = self.by_head.get((id(m.doc), t.i))
                if other is not None and other not in group:
                    group.append(other)
            if len(group) >= 2:
                group.sort(key=lambda x: x.char_start)
                groups.append(group)
        for m in self.mentions:
            if m.modifier:
                sibs = [x for x in self.mentions if x.doc is m.doc and x.modifier and x.head.head.i == m.head.head.i]
                if len(sibs) >= 2 and sibs[0] is m:
                    groups.append(sorted(sibs, key=lambda x: x.char_start))
        groups.sort(key=lambda g: g[-1].char_end)
        return groups


# people whose country the knowledge base would have given: no country of the document for them
KB_PERSON = frozenset({"knowledge base", "title+knowledge base"})


PERSON_OFFICES = frozenset("""minister president premier chancellor spokesman spokesperson
governor mayor senator lawmaker legislator congressman congresswoman commander general chief secretary
ambassador envoy judge prosecutor officer official diplomat king queen emir prince leader adviser advisor
director chairman chairwoman head""".split())


FEMALE_OFFICES = frozenset("spokeswoman chairwoman congresswoman queen".split())


def _one_official(m: Mention, pronoun: str = "he") -> bool:
    """A singular role mention whose head is an office held by one person; "she" only for an
    office that says it is held by a woman (the small model gives no gender to a bare office)."""
    if m.kind != "role" or m.plural or m.head.tag_ != "NN":
        return False
    word = m.head.lemma_.lower()
    if pronoun in ("she", "her", "hers", "herself"):
        return word in FEMALE_OFFICES
    return word in PERSON_OFFICES
