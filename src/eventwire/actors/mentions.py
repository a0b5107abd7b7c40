"""Actor mentions: from knowledge-base matches and named entities to resolved noun phrases.

Steps, per coded segment, in document order:
1. knowledge-base matches (countries, adjectives, capitals, organizations, roles, leaders) and
   spaCy PERSON entities (and ORG entities that are really people);
2. person chunks, read left to right: ``[former] [Russian|Russia's] [Foreign Minister] Sergey
   Lavrov``, with an apposition on the right (``Lavrov, Russia's foreign minister``);
3. noun phrases: a unit whose syntactic head lies in another unit becomes its modifier
   (``the US Senate``: US modifies Senate); other units head a mention of their own;
4. resolution of each mention to name, country and sectors, with the reason in
   ``resolved_from``; people are linked within the document by full name and surname.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from ..model import Actor
from .kb import ADJECTIVE, CAPITAL, COUNTRY, DEMONYM, LEADER, ORG, ROLE, Entry, KnowledgeBase
from .matcher import ActorMatcher, KBMatch

MOD_DEPS = frozenset({"compound", "amod", "nmod", "poss", "flat", "appos"})
FORMER = frozenset({"former", "ex", "ex-", "then", "erstwhile", "retired"})
LOCATIVE_PREPS = frozenset({"in", "at", "near", "inside", "outside", "across", "around", "throughout",
                            "into", "within", "to", "from", "toward", "towards", "via", "through"})
PERSON_LABELS = frozenset({"PERSON"})
# nouns that, with a country adjective, stand for that country's forces or people
HARDWARE = frozenset("tank helicopter jet warplane drone artillery ship warship gunboat aircraft missile "
                     "gunship bomber plane vessel submarine frigate destroyer".split())
PEOPLE_NOUNS = frozenset("kurd kurds people man woman men women youth youths family families worker "
                         "farmer fisherman fishermen migrant migrants muslim christian jew arab tribesman "
                         "tribesmen villager resident".split())
# words that name the offices of the leaders table ("the Russian minister" -> Lavrov)
OFFICE_WORDS = {
    "head_of_state": ("president", "leader", "head of state", "king", "queen", "emir", "monarch"),
    "head_of_government": ("prime minister", "premier", "chancellor", "leader", "head of government"),
    "foreign_minister": ("foreign minister", "minister", "secretary of state", "state secretary",
                         "foreign secretary", "top diplomat", "diplomat"),
    "defence_minister": ("defence minister", "defense minister", "minister", "defense secretary",
                         "defence secretary"),
    "igo_head": ("secretary-general", "secretary general", "chief", "head", "director-general", "president"),
}


@dataclass
class Unit:
    """A run of tokens that names one thing (before noun phrases are assembled)."""

    start: int
    end: int
    kind: str  # country, adjective, demonym, capital, org, role, person
    entries: list[Entry]
    doc: Doc
    # person units: what the words around the name say
    title_entries: list[Entry] = field(default_factory=list)
    country_hint: str | None = None
    former: bool = False
    name_start: int = -1

    @property
    def span(self) -> Span:
        return self.doc[self.start:self.end]

    @property
    def root(self) -> Token:
        span = self.span
        return span.root


@dataclass
class Mention:
    doc: Doc
    start: int  # token indices in doc
    end: int
    head: Token
    kind: str
    char_start: int
    char_end: int
    text: str
    name: str | None = None
    country: str | None = None
    sectors: tuple[str, ...] = ()
    resolved_from: str = "unresolved"
    plural: bool = False
    modifier: bool = False    # modifies a non-actor noun ("Russian airstrikes", "Putin's denial")
    locative: bool = False    # object of a locative preposition ("in Moscow")
    members: list["Mention"] = field(default_factory=list)  # "experts from A, B and C"
    role_words: tuple[str, ...] = ()  # canonical role phrases in the mention ("president")

    def actor(self, resolved_from: str | None = None, text_span: tuple[str, int, int] | None = None) -> Actor:
        text, start, end = text_span or (self.text, self.char_start, self.char_end)
        return Actor(text=text, start=start, end=end, name=self.name, country=self.country,
                     sectors=list(self.sectors), resolved_from=resolved_from or self.resolved_from)

    def actors(self) -> list[Actor]:
        """The actors this mention stands for (several for 'experts from A, B and C')."""
        if self.members:
            return [m.actor(resolved_from=m.resolved_from) for m in self.members]
        return [self.actor()]

    @property
    def is_person(self) -> bool:
        return self.kind == "person"


@dataclass
class Person:
    name: str
    country: str | None
    sectors: tuple[str, ...]
    role_words: tuple[str, ...] = ()


HONORIFICS = frozenset("mr mr. mrs mrs. ms ms. dr dr. sir madam".split())


class PersonRegistry:
    """People already met in this document, by full name and by surname."""

    def __init__(self) -> None:
        self.by_key: dict[str, Person] = {}
        self.last_seen: dict[int, int] = {}  # id(person) -> order of its latest mention
        self.clock = 0

    def seen(self, person: Person) -> None:
        self.clock += 1
        self.last_seen[id(person)] = self.clock

    def get(self, name: str) -> Person | None:
        key = name.lower().replace("’", "'")
        if key in self.by_key:
            return self.by_key[key]
        parts = key.split()
        if parts and parts[0] in HONORIFICS:
            parts = parts[1:]
        if parts and parts[-1] in self.by_key:
            p = self.by_key[parts[-1]]
            if len(parts) == 1 or p.name.lower().split()[:1] == parts[:1]:
                return p
            return None  # "Sebastien Lai" after "Jimmy Lai": another person of the same surname
        if len(parts) == 1:
            # a lone first name ("Anwar" after "Anwar al-Bunni"): the one person of this document
            # whose full name has that part
            fits = [p for p in self.people() if len(p.name.split()) >= 2
                    and parts[0] in p.name.lower().replace("’", "'").split()]
            if len(fits) == 1:
                return fits[0]
        return None

    def add(self, person: Person, surface: str) -> None:
        for key in {person.name.lower(), surface.lower()}:
            self.by_key.setdefault(key, person)
            parts = key.split()
            if len(parts) >= 2:
                # a lone surname is the person of that surname named last ("Jimmy Lai ... his son
                # Sebastien Lai ... Lai said": the son)
                self.by_key[parts[-1]] = person

    def people(self) -> list[Person]:
        seen, out = set(), []
        for p in self.by_key.values():
            if id(p) not in seen:
                seen.add(id(p))
                out.append(p)
        return out


class MentionFinder:
    def __init__(self, matcher: ActorMatcher, kb: KnowledgeBase):
        self.matcher = matcher
        self.kb = kb

    # -- step 1 and 2: units -------------------------------------------------------------
    def units(self, doc: Doc, registry: PersonRegistry) -> list[Unit]:
        matches = self.matcher(doc)
        taken: dict[int, KBMatch] = {}
        for m in matches:
            for i in range(m.start, m.end):
                taken[i] = m
        names: list[tuple[int, int, list[Entry]]] = []
        for m in matches:
            if m.of_kind(LEADER):
                names.append((m.start, m.end, m.of_kind(LEADER)))
        for ent in doc.ents:
            if ent.label_ not in PERSON_LABELS and ent.label_ != "ORG":
                continue
            if any(i in taken for i in range(ent.start, ent.end)):
                # a PERSON entity that contains a leader's surname match: widen to the full name
                if ent.label_ in PERSON_LABELS:
                    inner = [taken[i] for i in range(ent.start, ent.end) if i in taken]
                    if all(LEADER in x.kinds() for x in inner):
                        names = [n for n in names if not (ent.start <= n[0] < ent.end)]
                        entries = [e for x in inner for e in x.of_kind(LEADER)]
                        full = self.kb.lookup(ent.text)
                        entries = [e for e in full if e.kind == LEADER] or entries
                        if not full and len(ent) >= 2:
                            # a name written in full is that person: "Richard Bennett" is not Naftali
                            # Bennett and "Anwar al-Bunni" is not Anwar Ibrahim; every other part of
                            # the name must be a part of the entry's name (or an initial)
                            entries = [e for e in entries if _name_fits(list(ent), e)]
                        names.append((ent.start, ent.end, entries))
                        for x in inner:
                            matches = [y for y in matches if y is not x]
                continue
            if ent.label_ == "ORG":
                # the small model tags lone surnames as ORG: a person when known in this document
                # or when a title stands right before it
                prev = doc[ent.start - 1] if ent.start > 0 else None
                title_before = prev is not None and prev.i in taken and any(
                    e.title for e in taken[prev.i].of_kind(ROLE))
                if not (registry.get(ent.text) or (title_before and len(ent) <= 3
                                                   and all(t.pos_ == "PROPN" for t in ent))):
                    continue
            names.append((ent.start, ent.end, []))
        # PROPN runs right after a title ("President Trump") that NER missed
        for m in matches:
            if any(e.title for e in m.of_kind(ROLE)):
                j = m.end
                k = j
                while k < len(doc) and doc[k].pos_ == "PROPN" and doc[k].is_title and k not in taken:
                    k += 1
                if k > j and not any(s <= j < e for s, e, _ in names):
                    names.append((j, k, []))
        # "between the towns of Bocaranga and Bazoum": a place that the model took for a person
        names = [n for n in names if not _is_place_name(doc, n[0], n[1])]
        names.sort()
        units: list[Unit] = []
        used: set[int] = set()
        for start, end, entries in names:
            if any(i in used for i in range(start, end)):
                continue
            unit = self._person_chunk(doc, start, end, entries, taken)
            used.update(range(unit.start, unit.end))
            units.append(unit)
        for m in matches:
            if any(i in used for i in range(m.start, m.end)):
                continue
            kinds = m.kinds()
            if LEADER in kinds and len(kinds) == 1:
                continue  # handled above
            kind = next((k for k in (ROLE, ORG, COUNTRY, CAPITAL, ADJECTIVE, DEMONYM, LEADER) if k in kinds), None)
            if kind is None or kind == LEADER:
                continue  # a leader's name (handled above) or a phrase that is not an actor
            if kind == ROLE and _in_proper_name(doc, m, taken):
                continue  # "a National Emergency on Electricity": a word of a name, not "nationals"
            units.append(Unit(m.start, m.end, kind, m.of_kind(kind), doc))
        units.sort(key=lambda u: u.start)
        return units

    def _person_chunk(self, doc: Doc, start: int, end: int, entries: list[Entry],
                      taken: dict[int, KBMatch]) -> Unit:
        unit = Unit(start, end, "person", entries, doc, name_start=start)
        j = start - 1
        chunk_start = start  # where the chunk starts, as of the last word that belongs to it
        # descriptive words between a country and the name ("Hong Kong publisher Jimmy Lai",
        # "Syrian human rights lawyer X"): kept only when a country, an organization, a title or
        # "former" stands before them
        pending: list[Entry] = []
        while j >= 0:
            tok = doc[j]
            m = taken.get(j)
            if m is not None and any(e.title for e in m.of_kind(ROLE)):
                unit.title_entries = m.of_kind(ROLE) + pending + unit.title_entries
                pending = []
                j = chunk_start = m.start
                j -= 1
                continue
            if m is not None and m.of_kind(ADJECTIVE, COUNTRY):
                unit.country_hint = unit.country_hint or m.of_kind(ADJECTIVE, COUNTRY)[0].country
                unit.title_entries = pending + unit.title_entries
                pending = []
                j = chunk_start = m.start
                j -= 1
                continue
            if tok.text in ("'s", "’s", "'") and j > 0 and (j - 1) in taken and taken[j - 1].of_kind(COUNTRY, ORG):
                src = taken[j - 1]
                unit.country_hint = unit.country_hint or src.entries[0].country
                unit.title_entries = pending + unit.title_entries
                pending = []
                j = chunk_start = src.start
                j -= 1
                continue
            if tok.lower_ in FORMER or (tok.text == "-" and j > 0 and doc[j - 1].lower_ == "ex"):
                unit.former = True
                unit.title_entries = pending + unit.title_entries
                pending = []
                chunk_start = j
                j -= 1
                continue
            if tok.pos_ in ("NOUN", "ADJ") and tok.is_lower and tok.dep_ in ("compound", "amod", "nmod") \
                    and start <= tok.head.i < end and j >= start - 5:
                if m is not None and m.of_kind(ROLE):
                    pending = m.of_kind(ROLE) + pending
                    j = m.start - 1
                else:
                    j -= 1
                continue
            break
        unit.start = chunk_start
        if unit.start == start and not unit.title_entries:
            # an apposition after the name: "Sergey Lavrov, Russia's foreign minister,"
            k = end
            if k < len(doc) and doc[k].text == ",":
                k += 1
                if k < len(doc) and doc[k].lower_ in ("the", "a"):
                    k += 1
                while k < len(doc):
                    m = taken.get(k)
                    if m is not None and m.of_kind(ADJECTIVE, COUNTRY):
                        unit.country_hint = unit.country_hint or m.of_kind(ADJECTIVE, COUNTRY)[0].country
                        k = m.end
                        if k < len(doc) and doc[k].text in ("'s", "’s"):
                            k += 1
                        continue
                    if m is not None and m.of_kind(ROLE):
                        unit.title_entries = m.of_kind(ROLE)
                        k = m.end
                        continue
                    if doc[k].lower_ in FORMER:
                        unit.former = True
                        k += 1
                        continue
                    break
        return unit

    # -- step 3 and 4: noun phrases and resolution -----------------------------------------
    def mentions(self, doc: Doc, offset: int, pub_date: dt.date | None,
                 registry: PersonRegistry) -> list[Mention]:
        units = self.units(doc, registry)
        owner: dict[int, Unit] = {}
        for u in units:
            for i in range(u.start, u.end):
                owner[i] = u
        modifiers: dict[int, list[Unit]] = {}
        heads: list[Unit] = []
        modifier_of_noun: set[int] = set()
        for u in units:
            root = u.root
            host = owner.get(root.head.i) if root.head.i != root.i else None
            if root.dep_ == "conj" and u.kind in (ADJECTIVE, COUNTRY, CAPITAL) and root.head.dep_ in MOD_DEPS:
                # "French and Egyptian warships": the second adjective modifies the same noun
                other = owner.get(root.head.head.i)
                if other is not None and other is not u and other.kind == ROLE:
                    modifiers.setdefault(id(other), []).append(u)
                    continue
            if root.dep_ in MOD_DEPS and host is not None and host is not u and u.kind != "person" \
                    and root.dep_ != "appos":
                modifiers.setdefault(id(host), []).append(u)
                continue
            if host is not None and host is not u and u.kind == "person" and root.dep_ in ("compound", "poss") \
                    and host.kind == ROLE:
                modifiers.setdefault(id(host), []).append(u)  # "the Trump administration"
                continue
            if root.dep_ in ("compound", "amod", "nmod", "poss") and host is None and root.head.pos_ in ("NOUN", "PROPN"):
                modifier_of_noun.add(id(u))
            heads.append(u)
        out: list[Mention] = []
        for u in heads:
            # modifiers, and the modifiers' own modifiers ("U.S. negotiator Paul Nitze")
            mods = list(modifiers.get(id(u), []))
            for mod in list(mods):
                mods += [x for x in modifiers.get(id(mod), []) if x not in mods]
            out.append(self._resolve(u, mods, doc, offset, pub_date, registry, id(u) in modifier_of_noun))
        self._members(out, doc, owner)
        return out

    def _resolve(self, u: Unit, mods: list[Unit], doc: Doc, offset: int, pub_date: dt.date | None,
                 registry: PersonRegistry, is_modifier: bool) -> Mention:
        start = min([u.start] + [m.start for m in mods])
        end = max([u.end] + [m.end for m in mods])
        if start > 0 and doc[start - 1].lower_ in ("the",) and doc[start - 1].head.i in range(start, end):
            start -= 1
        # words like "former" right before the phrase
        former = u.former
        k = start - 1
        while k >= 0 and (doc[k].lower_ in FORMER or doc[k].pos_ == "DET"):
            if doc[k].lower_ in FORMER:
                former = True
            k -= 1
        span = doc[start:end]
        root = u.root
        m = Mention(doc=doc, start=start, end=end, head=root, kind=u.kind,
                    char_start=offset + span.start_char, char_end=offset + span.end_char,
                    text=span.text, modifier=is_modifier)
        m.plural = root.tag_ in ("NNS", "NNPS")
        m.locative = root.dep_ == "pobj" and root.head.lower_ in LOCATIVE_PREPS
        mod_country = None
        mod_person: Person | None = None
        for mod in mods:
            c = self._unit_country(mod, pub_date, registry)
            if c and not mod_country:
                mod_country = c
            if mod.kind == "person" and mod_person is None:
                mod_person = self._person(mod, pub_date, registry)[0]
        if u.kind == "person":
            person, how = self._person(u, pub_date, registry)
            m.name, m.country, m.sectors, m.resolved_from = person.name, person.country, person.sectors, how
            m.role_words = person.role_words
            role_mods = [mod for mod in mods if mod.kind == ROLE]
            if not m.sectors and role_mods:
                m.sectors = tuple(role_mods[0].entries[0].sectors)
            if not m.country and mod_country:
                m.country, m.resolved_from = mod_country, "role+country" if role_mods else "country+name"
                person.country = person.country or mod_country
            if not m.country:
                # "Joao Paulo Pinto, the former director of Guinea-Bissau's National Institute",
                # "Yang is a Chinese businessman": the description gives the country
                c = self._described_country(root, doc)
                if c:
                    m.country, m.resolved_from = c, "description"
                    person.country = person.country or c
            if not m.country and root.dep_ == "nsubj" and root.head.lemma_.lower() in LIVE_VERBS \
                    and not any(t.lower_ == "exile" for t in root.head.subtree):
                # "X works in a bar in the nearby city of Cessnock": where the person works or lives
                c = self._place_country(root.head, doc)
                if c:
                    m.country, m.resolved_from = c, "description"
                    person.country = person.country or c
            if not former and not u.former:
                # "X, president of Wan Guo Company", "X of the Heritage Foundation", "X, who works at
                # Oxfam", "X founded Beru Corporation": the organization tells what the person is
                org = self._described_org(root, doc)
                role_sec, role_word = self._described_role(root, doc)
                if role_sec and role_word not in GENERIC_HEADS and not m.sectors:
                    org = None  # "an analyst at a consultancy" is an analyst
                if org is not None and (not m.sectors or set(m.role_words) & GENERIC_HEADS):
                    sectors, org_country = org
                    m.sectors = sectors
                    if org_country and not m.country:
                        m.country, m.resolved_from = org_country, "description"
                    person.sectors = m.sectors
                    person.country = person.country or m.country
            if not m.sectors:
                # "X, a Syrian human rights lawyer", "the journalist's lawyer, X": the role named
                # in the apposition
                sec = self._described_role(root, doc)[0]
                if sec:
                    m.sectors = person.sectors = sec
            if former and "ELI" not in m.sectors:
                m.sectors = ("ELI",)
                person.sectors = m.sectors
        elif u.kind == ROLE:
            e = u.entries[0]
            m.role_words = (e.name or e.surface,)
            m.sectors = tuple(e.sectors)
            for mod in mods:  # "opposition candidates", "rebel commanders": both words count
                if mod.kind == ROLE:
                    m.sectors += tuple(x for x in mod.entries[0].sectors if x not in m.sectors)
            m.country = mod_country
            country_mods = [mod for mod in mods if mod.kind in (ADJECTIVE, COUNTRY, CAPITAL)]
            if len({mod.entries[0].country for mod in country_mods}) >= 2:
                # "French and Egyptian warships": one group, two countries
                m.members = [Mention(doc=doc, start=mod.start, end=mod.end, head=mod.root, kind=ROLE,
                                     char_start=offset + mod.span.start_char, char_end=offset + mod.span.end_char,
                                     text=mod.span.text, name=None, country=mod.entries[0].country,
                                     sectors=m.sectors, resolved_from="role+country", plural=True,
                                     role_words=m.role_words) for mod in country_mods]
                m.plural = True
            m.resolved_from = "role+country" if mod_country else "role"
            if mod_person is not None:
                m.country = m.country or mod_person.country
                m.resolved_from = "role+person"
            if former:
                m.sectors = ("ELI",)
            if not m.country and not self._coordinated_pp(root):
                c = self._pp_country(root, doc)
                if c:
                    m.country, m.resolved_from = c, "role+country"
            if not m.country:
                c = self._place_country(root, doc)
                if c:
                    m.country, m.resolved_from = c, "role+place"
            intl = next((mod.entries[0] for mod in mods if mod.kind == ORG and not mod.entries[0].country and
                         {"IGO", "NGO"} & set(mod.entries[0].sectors)), None)
            state = next((mod.entries[0] for mod in mods if mod.kind == ORG and
                          set(mod.entries[0].sectors) & STATE_SECTORS), None)
            if state is not None and (set(m.sectors) <= {"CVL"} or set(m.sectors) <= {"CVL", "COP", "LAB"}
                                      and "COP" not in state.sectors):
                # "ICE attorneys", "Kremlin lawyers": a state body's staff work for the state; "a
                # State Department press officer" is the department's (an officer is police only
                # in a police body)
                m.sectors = tuple(x for x in state.sectors if x in STATE_SECTORS)
                m.country = m.country or state.country
                m.resolved_from = "role+organization"
            if intl is not None:
                # "the U.N. war crimes court", "Red Cross officials": the organization's people
                kind = "IGO" if "IGO" in intl.sectors else "NGO"
                m.sectors = (kind,) + tuple(x for x in m.sectors if x not in ("GOV", kind))
                m.name = m.name or intl.name
                m.resolved_from = "role+organization"
                if not mod_country:
                    m.country = None  # "the U.N. special envoy for Syria" is the UN's, of no country
            if not m.country:
                # "the Russian minister" or "the minister" -> a person already met in this document
                p = self._link_role(m, registry, mod_country)
                if p is not None:
                    m.name, m.country, m.resolved_from = p.name, p.country, "earlier mention"
        elif u.kind == ORG:
            e = _org_at(u.entries, pub_date)
            # a country named with it wins ("Kenya's National Intelligence Service")
            m.name, m.country, m.sectors = e.name, mod_country or e.country, tuple(e.sectors)
            m.resolved_from = "knowledge base" if not mod_country or mod_country == e.country else "country+organization"
            if not m.country and "IGO" not in m.sectors:
                c = self._pp_country(root, doc)
                if c:
                    m.country, m.resolved_from = c, "country+organization"
        elif u.kind == CAPITAL:
            e = u.entries[0]
            m.name, m.country = e.name, e.country
            if m.locative or is_modifier and root.dep_ != "poss":
                m.sectors, m.resolved_from = (), "capital (place)"
            else:
                m.sectors, m.resolved_from = ("GOV",), "capital metonymy"
        elif u.kind in (COUNTRY, ADJECTIVE, DEMONYM):
            e = u.entries[0]
            m.name, m.country = e.name, e.country
            if u.kind == ADJECTIVE and is_modifier:
                noun = root.head.lemma_.lower()  # "Israeli tanks", "Iraqi Kurds"
                m.sectors = ("MIL",) if noun in HARDWARE else (("CVL",) if noun in PEOPLE_NOUNS else ())
            m.resolved_from = {COUNTRY: "knowledge base", ADJECTIVE: "demonym", DEMONYM: "demonym"}[u.kind]
            if u.kind == DEMONYM:
                m.plural = True
                m.sectors = ("CVL",)  # "Algerians", "the Palestinians": the country's people
        return m

    def _unit_country(self, u: Unit, pub_date, registry) -> str | None:
        if u.kind == "person":
            return self._person(u, pub_date, registry)[0].country
        if u.kind in (COUNTRY, ADJECTIVE, DEMONYM, CAPITAL, ORG):
            return u.entries[0].country
        return None

    def _person(self, u: Unit, pub_date: dt.date | None, registry: PersonRegistry) -> tuple[Person, str]:
        doc = u.doc
        name_text = doc[u.name_start:u.end].text if u.name_start >= 0 else u.span.text
        if name_text.endswith(("'s", "’s")):
            name_text = name_text[:-2].rstrip()
        title_sectors: tuple[str, ...] = ()
        role_words: tuple[str, ...] = ()
        for e in u.title_entries:
            title_sectors = title_sectors or tuple(e.sectors)
            role_words += (e.name or e.surface,)
        known = registry.get(name_text)
        leader = self.kb.leader_at(u.entries or self.kb.lookup(name_text), pub_date)
        name = country = None
        sectors: tuple[str, ...] = ()
        how = "unresolved"
        if known is not None:
            name, country, sectors, how = known.name, known.country, known.sectors, "earlier mention"
            role_words = role_words or known.role_words
        elif leader is not None:
            e, in_office = leader
            name, country = e.name, e.country
            if country is None and not in_office:
                # a former head of an international organization is again of his own country
                # (Anders Fogh Rasmussen, NATO's secretary general, was Denmark's prime minister)
                home = [x for x in self.kb.lookup(e.name) if x.kind == LEADER and x.country and x.name == e.name]
                if home:
                    country = max(home, key=lambda x: x.end or dt.date.max).country
            if in_office:
                role_words = role_words + OFFICE_WORDS.get(e.role or "", ())
            sectors = tuple(e.sectors) if in_office else (("ELI",) if e.end and pub_date and e.end < pub_date else ())
            how = "knowledge base"
        if u.country_hint:
            if country and country != u.country_hint and known is None and leader is not None:
                # a namesake from another country: the text wins, and the leader's office is not his
                name, sectors = None, ()
                role_words = tuple(e.name or e.surface for e in u.title_entries)
            country = u.country_hint
            how = "title+demonym" if u.title_entries else "country+name"
        if title_sectors:
            sectors = title_sectors
            if how in ("unresolved", "knowledge base") and not u.country_hint:
                how = "title+" + how if how != "unresolved" else "title"
        if u.former:
            sectors = ("ELI",)
        person = Person(name or name_text, country, sectors, role_words)
        if known is None:
            registry.add(person, name_text)
            registry.seen(person)
        else:
            registry.seen(known)
        return person, how

    def _place_country(self, root: Token, doc: Doc) -> str | None:
        """"Darfur rebels", "security forces in Guinea", "the government of Sindh province": the
        country of a place named in the phrase."""
        from ..when_where import places
        cands = [c for c in root.children if c.dep_ in ("compound", "nmod") and c.ent_type_ in ("GPE", "LOC")]
        for child in root.children:
            if child.dep_ == "prep" and child.lower_ in ("in", "of", "from"):
                for g in child.children:
                    if g.dep_ != "pobj":
                        continue
                    if g.ent_type_ in ("GPE", "LOC", "FAC"):
                        cands.append(g)
                    else:  # "of Sindh province", "in the city of Kirkuk"
                        cands += [x for x in g.subtree if x.ent_type_ in ("GPE", "LOC") and x.i != root.i][:1]
        for c in cands:
            ent = next((e for e in doc.ents if e.start <= c.i < e.end), None)
            name = ent.text if ent is not None else c.text
            p = places.resolve(name)
            if p is not None and p.country:
                return p.country
        return None

    def _described_country(self, root: Token, doc: Doc) -> str | None:
        """The first country named in a person's apposition or in what the person is said to be
        ("X, a former CIA officer", "X is the director of Guinea-Bissau's institute")."""
        parts = [c for c in self._description_parts(root)
                 if c.dep_ in ("appos", "attr") or c.dep_ == "prep" and c.lower_ in ("of", "from")
                 and c.head.i == root.i]
        for part in parts:
            toks = sorted(part.subtree, key=lambda t: t.i)
            if len(toks) > 40:
                continue
            i, end = toks[0].i, toks[-1].i + 1
            while i < end:
                for n in (3, 2, 1):
                    if i + n > end:
                        continue
                    text = doc[i:i + n].text
                    # a capital counts where it is where the person is ("an analyst in Washington",
                    # "a Moscow-based lawyer"), not where they are sent ("ambassador to Moscow")
                    where = doc[i:i + n].root.head
                    at_capital = where.lower_ in ("in", "from", "at") or \
                        (i + n < len(doc) and doc[i + n].text == "-" and i + n + 1 < len(doc)
                         and doc[i + n + 1].lower_ == "based")
                    span = doc[i:i + n]
                    # a country's name on a common noun is its subject, not the person's country:
                    # "a senior Iran analyst", "the Africa director" (adjectives and possessives are)
                    topical = span.root.dep_ == "compound" and span.root.head.pos_ == "NOUN" \
                        and span.root.head.is_lower
                    hit = next((e for e in self.kb.lookup(text) if e.country and
                                (e.kind in (ADJECTIVE, DEMONYM, ORG) or e.kind == COUNTRY and not topical
                                 or e.kind == CAPITAL and at_capital)), None)
                    if hit is not None:
                        return hit.country
                if i + 2 < end and doc[i + 1].text == "-" and doc[i + 2].lower_ == "based" \
                        and doc[i].pos_ == "PROPN":
                    # "a New York-based consultancy": the place's country
                    from ..when_where import places
                    j = i
                    while j > toks[0].i and doc[j - 1].pos_ == "PROPN":
                        j -= 1
                    place = places.resolve(doc[j:i + 1].text)
                    if place is not None and place.country:
                        return place.country
                i += 1
        return None

    @staticmethod
    def _description_parts(root: Token) -> list[Token]:
        """The phrases that say who a person is: an apposition ("X, a Syrian lawyer"), the role
        the name is in apposition to ("the journalist's lawyer, X"), what the person is said to be
        ("X is the director of ..."), a relative clause ("X, who works at Oxfam"), an of/from/at
        phrase ("X of Kenya's Law Society") and the organization the person runs or works for ("X
        founded Beru Corporation")."""
        parts = [c for c in root.children if c.dep_ in ("appos", "relcl")]
        if root.dep_ == "appos" and root.head.i < root.i:
            parts += [root.head] + [c for c in root.head.children if c.dep_ == "appos" and c.i != root.i]
        if root.dep_ == "nsubj" and root.head.lemma_ == "be":
            parts += [c for c in root.head.children if c.dep_ == "attr"]
        parts += [c for c in root.children if c.dep_ == "prep" and c.lower_ in ("of", "from", "at", "with")]
        if root.dep_ == "nsubj" and root.head.lemma_.lower() in WORK_VERBS:
            verb = root.head
            parts += [c for c in verb.children if c.dep_ == "dobj"]
            parts += [c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("at", "for", "with")]
        return parts

    def _described_org(self, root: Token, doc: Doc) -> tuple[tuple[str, ...], str | None] | None:
        """The sectors and country of an organization that the person's description names."""
        for part in self._description_parts(root):
            toks = sorted(part.subtree, key=lambda t: t.i)
            if len(toks) > 30:
                continue
            if part is root.head and part.dep_ != "appos" and root.dep_ == "appos":
                toks = [t for t in toks if t.i < root.i]
            i, end = toks[0].i, toks[-1].i + 1
            while i < end:
                for n in range(min(6, end - i), 0, -1):
                    span = doc[i:i + n]
                    hit = next((e for e in self.kb.lookup(span.text) if e.kind == ORG), None)
                    if hit is not None and not (n == 1 and span[0].is_lower):
                        secs = tuple(hit.sectors)
                        if not hit.country and not {"IGO", "NGO"} & set(secs):
                            break
                        return secs, hit.country
                if doc[i].lower_ in COMPANY_WORDS and doc[i].is_title and i > toks[0].i \
                        and doc[i - 1].pos_ == "PROPN":
                    return ("BUS",), None
                i += 1
            # "the leader of the Village de Dieu gang", "head of a militia": an unknown group named
            # by a role word
            for t in toks:
                if t.dep_ == "pobj" and t.head.lower_ == "of" and t.pos_ == "NOUN":
                    hit = next((e for e in self.kb.lookup(t.text) if e.kind == ROLE and e.sectors), None)
                    if hit is not None:
                        return tuple(hit.sectors), None
        return None

    def _described_role(self, root: Token, doc: Doc) -> tuple[tuple[str, ...], str | None]:
        """The sectors of the role word that heads the person's apposition."""
        for part in self._description_parts(root):
            if part.dep_ == "prep" or part.pos_ not in ("NOUN",) or part.dep_ == "relcl":
                continue
            for head in [part, *_conjuncts(part)]:
                if head.pos_ != "NOUN":
                    continue
                comps = [c for c in head.children if c.dep_ in ("compound", "amod") and c.i < head.i
                         and c.is_lower]
                cands = []
                if comps:
                    cands.append(doc[min(c.i for c in comps):head.i + 1].text)
                    cands.append(doc[comps[-1].i:head.i + 1].text)
                cands.append(head.text)
                for text in cands:
                    hit = next((e for e in self.kb.lookup(text) if e.kind == ROLE and e.sectors), None)
                    if hit is not None:
                        return tuple(hit.sectors), (hit.name or hit.surface).lower()
        return (), None

    def _pp_country(self, root: Token, doc: Doc) -> str | None:
        """"the president of Russia", "experts from Jordan": a country in an of/from phrase."""
        for child in root.children:
            if child.dep_ == "prep" and child.lower_ in ("of", "from", "in", "for"):
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        m = self.matcher.kb.lookup(obj.text)
                        for e in m:
                            if e.kind in (COUNTRY, CAPITAL) and e.country:
                                return e.country
        return None

    @staticmethod
    def _coordinated_pp(root: Token) -> bool:
        return any(c.dep_ == "prep" and c.lower_ in ("of", "from") and any(
            g.dep_ == "pobj" and any(x.dep_ == "conj" for x in g.children) for g in c.children)
            for c in root.children)

    def _link_role(self, m: Mention, registry: PersonRegistry, country: str | None) -> Person | None:
        if m.plural or not m.head.doc[m.start].lower_ == "the":
            return None
        words = {w.lower() for w in m.role_words}
        surfaces = {e.surface.lower() for e in self.kb.lookup(m.text)} | words
        fits = [p for p in registry.people() if (country is None or p.country == country)
                and (words | surfaces) & {w.lower() for w in p.role_words}]
        if not fits:
            return None
        # the one named most recently (discourse salience)
        return max(fits, key=lambda p: registry.last_seen.get(id(p), 0))

    def _members(self, mentions: list[Mention], doc: Doc, owner: dict[int, Unit]) -> None:
        """'Experts from Russia, the United States and Jordan' stands for three countries."""
        by_head = {m.head.i: m for m in mentions}
        for m in mentions:
            if m.kind != ROLE or m.country:
                continue
            for child in m.head.children:
                if child.dep_ == "prep" and child.lower_ in ("from", "of"):
                    objs = [c for c in child.children if c.dep_ == "pobj"]
                    found = []
                    for obj in objs:
                        for t in [obj, *_conjuncts(obj)]:
                            sub = by_head.get(t.i)
                            if sub is not None and sub.country:
                                found.append(sub)
                    if len(found) >= 2:
                        m.members = [Mention(doc=doc, start=s.start, end=s.end, head=s.head, kind=m.kind,
                                             char_start=s.char_start, char_end=s.char_end, text=s.text,
                                             name=s.name, country=s.country, sectors=m.sectors,
                                             resolved_from="role+country", plural=m.plural,
                                             role_words=m.role_words) for s in found]
                        m.plural = True
                    elif len(found) == 1:
                        m.country, m.resolved_from = found[0].country, "role+country"


def _name_parts(text: str) -> list[str]:
    import unicodedata
    text = unicodedata.normalize("NFKD", text.replace("’", "'"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return [w for w in re.split(r"[\s\-]+", text.replace("'s", "")) if w]


def _name_fits(extra: list[Token], entry: Entry) -> bool:
    """Are all the words of a full name parts of the entry's own name (or initials)? "Donald J.
    Trump" fits Donald Trump; "Anwar al-Bunni" does not fit Anwar Ibrahim, nor "Anwar Kassem" any
    of two leaders called Anwar and Kassem."""
    parts = set(_name_parts(entry.name or "")) | set(_name_parts(entry.surface))
    words = [t for t in extra if not (t.is_punct or (len(t.text.rstrip(".")) == 1 and t.text[:1].isupper())
                                      or t.lower_ in HONORIFICS)]
    if len(words) >= 3 and len(_name_parts(entry.name or "")) >= 2:
        # a middle name the entry leaves out ("Aden Barre Duale" is Aden Duale): first and last fit
        words = [words[0], words[-1]]
    return all(set(_name_parts(t.text)) <= parts for t in words)


def _in_proper_name(doc: Doc, m: KBMatch, taken: dict[int, KBMatch]) -> bool:
    """Is a one-word role that is no title written with a capital before capitalised words that
    name nothing the knowledge base knows ("declaring a National Emergency on Electricity")?"""
    if m.end - m.start != 1 or any(e.title for e in m.of_kind(ROLE)):
        return False
    tok = doc[m.start]
    if not tok.is_title or tok.is_sent_start or tok.i == 0 or doc[tok.i - 1].is_punct:
        return False
    k = m.end
    while k < len(doc) and doc[k].is_title and doc[k].pos_ == "PROPN":
        if k in taken:
            return False  # "Baghdad University Medical School": a name of an institution
        k += 1
    return k > m.end


HONORIFICS = frozenset("mr mr. mrs mrs. ms ms. dr dr. sir dame sheikh shaikh ayatollah 's ’s".split())


PLACE_NOUNS = frozenset("""town towns city cities village villages region regions district districts
province provinces county counties area areas municipality municipalities state states neighborhood
neighbourhood neighborhoods neighbourhoods suburb suburbs camp camps settlement settlements locality
localities commune communes prefecture prefectures""".split())
PLACE_PREPS = frozenset({"in", "near", "at", "between", "around", "outside", "inside", "from", "to",
                         "toward", "towards", "into", "across"})


def _is_place_name(doc: Doc, start: int, end: int) -> bool:
    """Is the name a place, by its phrase: "the towns of A and B", "the village of A", "the A
    district", "between A and B" where A is a place the model recognised?"""
    span = doc[start:end]
    if any(t.lower_ in ("president", "minister") for t in span):
        return False
    root = span.root
    first = root
    while first.dep_ == "conj" and first.head.i != first.i:
        first = first.head
    if first.dep_ == "pobj" and first.head.lower_ == "of" and first.head.head.lemma_.lower() in PLACE_NOUNS \
            and first.head.head.i < first.i:
        return True
    if first.dep_ == "appos" and first.head.lemma_.lower() in PLACE_NOUNS:
        return True
    if root.dep_ == "compound" and root.head.lemma_.lower() in PLACE_NOUNS and root.head.i == end:
        return True
    if first.dep_ == "pobj" and first.head.lower_ in PLACE_PREPS and end - start == 1 \
            and not any(c.dep_ in ("compound", "amod", "nmod", "poss", "det") for c in root.lefts):
        group = [first, *_conjuncts(first)]
        others = [t for t in group if not (start <= t.i < end)]
        if others and all(t.ent_type_ in ("GPE", "LOC", "FAC") for t in others):
            return True
    return False


def _conjuncts(tok: Token) -> list[Token]:
    out = []
    stack = [c for c in tok.children if c.dep_ == "conj"]
    while stack:
        t = stack.pop(0)
        out.append(t)
        stack.extend(c for c in t.children if c.dep_ == "conj")
    return out


STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "JUD", "SPY", "LEG"})
# verbs that tie a person to the organization they run or work for ("X founded Beru Corporation")
WORK_VERBS = frozenset("found co-found cofound run own head lead work direct chair manage establish".split())
# verbs that say where a person works or lives
LIVE_VERBS = frozenset("work live teach farm reside".split())
# the last word of a company's name ("Wan Guo Jin Liang Company")
COMPANY_WORDS = frozenset("company corporation corp. corp inc. inc ltd ltd. limited holdings group "
                          "bank airlines enterprises industries".split())
# titles whose sector is the organization's ("president of a company" is BUS, not GOV)
GENERIC_HEADS = frozenset({"president", "chairman", "chief", "head", "director", "spokesman", "leader",
                           "chief executive", "executive", "secretary-general", "secretary general",
                           "director-general", "director general"})



def _org_at(entries: list, day: dt.date | None):
    """The organization entry for the publication date, when an organization has rows for
    periods (the Taliban as rebels, then as the government); the current one without a date."""
    orgs = [e for e in entries if e.kind == ORG] or entries
    if len(orgs) == 1:
        return orgs[0]
    if day is not None:
        now = [e for e in orgs if e.in_office(day)]
        if now:
            return now[0]
    current = [e for e in orgs if e.end is None]
    return (current or orgs)[0]
