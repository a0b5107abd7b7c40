"""The trigger lexicon: which words, in which constructions, signal which PLOVER event.

One YAML file per type under ``data/events/`` (``agree.yaml`` ...), plus user files in the same
format. A file::

    type: SANCTION
    entries:
      - verb: impose            # verb lemma(s), '|'-separated; "hand over" = verb + particle
        object: sanction|embargo  # required direct object lemma(s)
        mode: discontinue
        cameo: "163"
      - noun: sanction|embargo  # noun lemma(s); "hunger strike" = modifier(s) + head
        recipient: [prep:against, prep:on]

Keys of an entry: exactly one of ``verb``, ``noun``; then optional ``object``, ``not_object``
(for verbs the direct or passive object, or the object of ``prep``; for nouns the object of their
"of" phrase or a compound: "the lifting *of the curfew*"), ``not_compound`` (nouns: a compound
word that rules the entry out: "*press* release"), ``prep`` (a required preposition: "call
for"), ``xcomp`` (true: needs "to do ..."), ``ccomp`` (true: needs "that ..."; with both, either
will do), ``not_xcomp`` (verbs whose "to do" rules the entry out: "declined *to comment*"),
``mode``, ``cameo``, ``context`` (list), ``recipient`` (argument sources in order:
``dobj``, ``iobj``, ``prep:with`` ...), ``reciprocal`` (all participants are actors),
``swap`` (the subject hosts: actor and recipient swap), ``light`` (more verbs that carry out
the noun), ``score`` (overrides the type's), ``note``; for reported speech ``ccomp_aux`` (an
auxiliary the complement clause must have: "said Libya *must* hand over" -> REQUEST) and
``ccomp_mark`` (a conditional word inside it: "will withdraw *unless* ..." -> THREATEN); and
``actor_sectors`` (the entry applies only when an actor has one of these sectors; ``country``
stands for a bare country, ``unknown`` for an actor without country or sector), which lets one
word mean two things ("protesters protested" vs "the ministry protested"); ``joint`` (the type
the event takes when its actors are of two or more countries: exercises are MOBILIZE, joint
ones COOPERATE).

``plover.yaml`` holds the types (quad, score, CAMEO root, modes, what a future event becomes)
and the word lists the coder uses: light verbs, occurrence verbs, containers, recipient and
reference prepositions, the types whose recipient defaults to the place of the event,
commentators, opinion verbs, accident nouns, and the modes of embedding events. YAML 1.1 reads a
bare ``on`` as true: the loader reads it back as the preposition.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..config import DATA_DIR

EVENT_DIR = DATA_DIR / "events"
ENTRY_KEYS = {"verb", "noun", "object", "not_object", "prep", "xcomp", "mode", "cameo", "context",
              "recipient", "reciprocal", "swap", "light", "score", "note", "pos", "subject",
              "ccomp_aux", "ccomp_mark", "actor_sectors", "ccomp", "not_xcomp", "not_compound", "joint"}


@dataclass(frozen=True)
class TypeInfo:
    name: str
    quad: str
    score: float
    cameo: str
    recipient_required: bool = False
    embeds: bool = False
    verbal: bool = False
    future: str | None = None
    modes: dict[str, float] = field(default_factory=dict)

    def score_for(self, mode: str | None) -> float:
        if mode and mode in self.modes:
            return float(self.modes[mode])
        return float(self.score)


@dataclass(frozen=True)
class LexEntry:
    event_type: str
    pos: str  # "verb" or "noun"
    words: tuple[str, ...]  # the lemmas, head last ("hunger", "strike")
    object: frozenset[str] = frozenset()
    not_object: frozenset[str] = frozenset()
    subject: frozenset[str] = frozenset()
    prep: frozenset[str] = frozenset()
    xcomp: bool = False
    mode: str | None = None
    cameo: str | None = None
    context: tuple[str, ...] = ()
    recipient: tuple[str, ...] = ()
    reciprocal: bool = False
    swap: bool = False
    light: frozenset[str] = frozenset()
    score: float | None = None
    any_pos: bool = False
    ccomp: bool = False
    not_xcomp: frozenset[str] = frozenset()
    not_compound: frozenset[str] = frozenset()
    ccomp_aux: frozenset[str] = frozenset()
    ccomp_mark: frozenset[str] = frozenset()
    actor_sectors: frozenset[str] = frozenset()
    joint: str | None = None  # the type when the actors are of two or more countries (joint exercises)
    source: str = ""

    @property
    def head(self) -> str:
        """The word that is looked up: a verb's first word ("pull out"), a noun's last ("hunger strike")."""
        return self.words[0] if self.pos == "verb" else self.words[-1]

    @property
    def specificity(self) -> int:
        return (len(self.words) - 1) * 2 + bool(self.object) * 2 + bool(self.prep) * 2 + (self.xcomp or self.ccomp) \
            + bool(self.subject) + bool(self.ccomp_aux) * 2 + bool(self.ccomp_mark) * 2 + bool(self.actor_sectors)

    def describe(self) -> str:
        s = " ".join(self.words)
        if self.prep:
            s += " " + "|".join(sorted(self.prep))
        if self.object:
            s += " + " + "|".join(sorted(self.object))
        if self.xcomp:
            s += " to ..."
        if self.ccomp_aux:
            s += " that ... " + "|".join(sorted(self.ccomp_aux))
        if self.ccomp_mark:
            s += " ... " + "|".join(sorted(self.ccomp_mark))
        return f"{self.event_type} {self.pos} '{s}'"


def _words(cell: Any) -> list[str]:
    if cell is None:
        return []
    if isinstance(cell, bool):
        # YAML 1.1 reads a bare `on` / `off` as a boolean: in a word list it is the preposition
        return ["on" if cell else "off"]
    if isinstance(cell, (list, tuple)):
        out = []
        for c in cell:
            out += _words(c)
        return out
    return [w.strip().lower() for w in str(cell).split("|") if w.strip()]


@dataclass
class Lexicon:
    types: dict[str, TypeInfo]
    entries: list[LexEntry]
    light_verbs: frozenset[str]
    occurrence_verbs: frozenset[str]
    containers: frozenset[str]
    recipient_preps: tuple[str, ...]
    reference_preps: frozenset[str]
    embedded_modes: dict[str, dict[str, str]]
    place_recipient_types: frozenset[str] = frozenset()
    commentators: frozenset[str] = frozenset()
    opinion_verbs: frozenset[str] = frozenset()
    accident_nouns: frozenset[str] = frozenset()
    question_verbs: frozenset[str] = frozenset()
    purpose_acts: frozenset[str] = frozenset()
    hedges: frozenset[str] = frozenset()
    by_verb: dict[str, list[LexEntry]] = field(default_factory=dict)
    by_noun: dict[str, list[LexEntry]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for e in self.entries:
            index = self.by_verb if e.pos == "verb" else self.by_noun
            index.setdefault(e.head, []).append(e)
        for index in (self.by_verb, self.by_noun):
            for k in index:
                index[k].sort(key=lambda e: -e.specificity)


def parse_entries(data: dict, source: str, types: dict[str, TypeInfo]) -> list[LexEntry]:
    etype = str(data.get("type", "")).upper()
    if etype not in types:
        raise ValueError(f"{source}: 'type' must be one of the PLOVER types (or one defined in plover.yaml), got {etype!r}")
    out = []
    for i, raw in enumerate(data.get("entries") or [], 1):
        where = f"{source} entry {i}"
        unknown = set(raw) - ENTRY_KEYS
        if unknown:
            raise ValueError(f"{where}: unknown keys {sorted(unknown)}")
        if ("verb" in raw) == ("noun" in raw):
            raise ValueError(f"{where}: give exactly one of 'verb' or 'noun'")
        pos = "verb" if "verb" in raw else "noun"
        mode = raw.get("mode")
        info = types[etype]
        if mode and info.modes and mode not in info.modes:
            raise ValueError(f"{where}: mode {mode!r} is not a mode of {etype}")
        for lemma in _words(raw[pos]):
            out.append(LexEntry(
                event_type=etype, pos=pos, words=tuple(lemma.replace("-", " - ").split()) if pos == "noun"
                else tuple(lemma.split()),
                object=frozenset(_words(raw.get("object"))),
                not_object=frozenset(_words(raw.get("not_object"))),
                subject=frozenset(_words(raw.get("subject"))),
                prep=frozenset(_words(raw.get("prep"))),
                xcomp=bool(raw.get("xcomp", False)),
                ccomp=bool(raw.get("ccomp", False)),
                not_xcomp=frozenset(_words(raw.get("not_xcomp"))),
                not_compound=frozenset(_words(raw.get("not_compound"))),
                mode=mode or None,
                cameo=str(raw["cameo"]) if raw.get("cameo") is not None else None,
                context=tuple(_words(raw.get("context"))),
                recipient=tuple(str(r) for r in (raw.get("recipient") or [])),
                reciprocal=bool(raw.get("reciprocal", False)),
                swap=bool(raw.get("swap", False)),
                light=frozenset(_words(raw.get("light"))),
                score=float(raw["score"]) if raw.get("score") is not None else None,
                any_pos=str(raw.get("pos", "")).lower() == "any",
                ccomp_aux=frozenset(_words(raw.get("ccomp_aux"))),
                ccomp_mark=frozenset(_words(raw.get("ccomp_mark"))),
                actor_sectors=frozenset(w.upper() if w not in ("country", "unknown") else w
                                        for w in _words(raw.get("actor_sectors"))),
                joint=str(raw["joint"]).upper() if raw.get("joint") else None,
                source=source,
            ))
    return out


def _types(data: dict) -> dict[str, TypeInfo]:
    out = {}
    for name, t in data["types"].items():
        out[name] = TypeInfo(name=name, quad=t["quad"], score=float(t["score"]), cameo=str(t["cameo"]),
                             recipient_required=bool(t.get("recipient_required")),
                             embeds=bool(t.get("embeds")), verbal=bool(t.get("verbal")),
                             future=t.get("future"), modes=dict(t.get("modes") or {}))
    return out


@functools.lru_cache(maxsize=8)
def load(extra: tuple[Path, ...] = ()) -> Lexicon:
    with open(EVENT_DIR / "plover.yaml", encoding="utf-8") as fh:
        table = yaml.safe_load(fh)
    types = _types(table)
    entries: list[LexEntry] = []
    files = sorted(p for p in EVENT_DIR.glob("*.yaml") if p.name != "plover.yaml")
    for path in [*files, *map(Path, extra)]:
        with open(path, encoding="utf-8") as fh:
            data = yaml.safe_load(fh) or {}
        for name, t in (data.get("define_types") or {}).items():  # user-defined categories
            types[name.upper()] = _types({"types": {name.upper(): t}})[name.upper()]
        entries += parse_entries(data, path.name, types)
    return Lexicon(
        types=types, entries=entries,
        light_verbs=frozenset(_words(table.get("light_verbs"))),
        occurrence_verbs=frozenset(_words(table.get("occurrence_verbs"))),
        containers=frozenset(_words(table.get("containers"))),
        recipient_preps=tuple(_words(table.get("recipient_preps"))),
        reference_preps=frozenset(_words(table.get("reference_preps"))),
        embedded_modes={k: dict(v) for k, v in (table.get("embedded_modes") or {}).items()},
        place_recipient_types=frozenset(w.upper() for w in _words(table.get("place_recipient_types"))),
        commentators=frozenset(_words(table.get("commentators"))),
        opinion_verbs=frozenset(_words(table.get("opinion_verbs"))),
        accident_nouns=frozenset(_words(table.get("accident_nouns"))),
        question_verbs=frozenset(_words(table.get("question_verbs"))),
        purpose_acts=frozenset(_words(table.get("purpose_acts"))),
        hedges=frozenset(_words(table.get("hedges"))),
    )
