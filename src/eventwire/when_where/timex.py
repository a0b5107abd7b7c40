"""Time expressions: finding them in a parsed document and dating events with them.

* ``normalize(expr, pub_date, tense=None, anchor=None)``: one expression -> ``(value, granularity)``
  (rules in ``dates.py``).
* ``find_timexes(analysis)``: every time expression of the coded parts, normalised, stored on
  ``analysis.timexes``; ``analysis.notes["timex_tokens"]`` keeps, in the same order, a
  ``TimexInfo`` per expression (its Doc and tokens, the verb it hangs on, its tense, ...).
* ``date_for(analysis, trigger)``: the date of an event from its trigger token:
  ``(value, "text" | "pub_date", Timex | None)``.

Finding: spaCy DATE entities, TIME entities that name a day ("Wednesday night", "this
morning"), and our own patterns for what the small model misses (weekdays, month-day dates,
"in 2016", "last week", "earlier in the day"...). An entity is widened over a following
"ago/later/earlier/before/after" ("a week" + "after" -> "a week after"). Ages ("51-year-old")
and bare numbers are dropped.

Expressions that count from another event:

* without a complement ("two days later", "just a day before", "the next day", "earlier in the
  day") they count from the *reference date*: the last explicit date of the same sentence
  before them, else of the previous sentence, else the publication date;
* with a complement ("X came a week after Y happened"): when X's subject points back to an
  event already dated ("The announcement came ...", "It came ...", "The move ..."), X takes the
  reference date and Y that date minus the interval; otherwise Y takes the reference date (when
  there is an explicit one) and X that date plus the interval. The Timex value is X's date; an
  event inside the complement (Y) gets Y's date from ``date_for``.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from spacy.attrs import IDX
from spacy.tokens import Doc, Span, Token

from ..model import Timex
from ..nlp import doc_text, span_text
from .dates import (NONE, _clean, _num, _parse_anchor, _relative, anaphora_unit, is_anaphoric,
                    is_duration, is_ref_word, is_same_period, is_vague_point, needs_explicit_anchor,
                    normalize, to_timex3)
from .syntax import (attach_point, clause_chain, clause_head, doc_ents, governing_verb, phrase_root,
                     subject_is_pronoun, tense_of)

if TYPE_CHECKING:  # pragma: no cover
    from ..analysis import Analysis

__all__ = ["normalize", "to_timex3", "find_timexes", "date_for", "TimexInfo"]

# how many sentences back "later in the day", "the next day" may look for the day they count from
DAY_REF_SENTENCES = 3

_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|"
          r"December|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept\.|Sep\.|Oct\.|Nov\.|Dec\.)")
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAYPART = r"(?:\s+(?:morning|afternoon|evening|night))?"
# a year that is a number of things ("2000 people")
_NOT_A_COUNT = (r"(?![-%])(?!\s*(?:people|troops|soldiers|percent|dollars|euros|members|residents|cases|"
                r"deaths|votes|seats|km|miles|tons|tonnes|meters|metres|feet)\b)")
# our own patterns, for what the small model leaves out
_OWN_PATTERNS = [
    re.compile(rf"\b(?:(?:[Ll]ast|[Nn]ext|[Tt]his|[Ee]arly|[Ll]ate)\s+)?{_WEEKDAY}'?s?{_DAYPART}\b"),
    re.compile(rf"\b{_MONTH}\s+[0-3]?\d(?:st|nd|rd|th)?\b(?:,?\s+(?:1[89]|20)\d\d\b)?"),
    re.compile(rf"\b[0-3]?\d(?:st|nd|rd|th)?\s+{_MONTH}(?:,?\s+(?:1[89]|20)\d\d\b)?"),
    re.compile(rf"\b{_MONTH},?\s+(?:1[89]|20)\d\d\b"),
    # a month or a year after a word that makes it a date ("in March", "since 2016", "mid-2011")
    re.compile(rf"\b(?:[Ii]n|[Ss]ince|[Uu]ntil|[Bb]y|[Ee]arly|[Ll]ate|[Ll]ast|[Nn]ext|[Tt]his|[Ff]rom|"
               rf"[Ss]tarting)\s+(?P<d>(?!May\b){_MONTH})(?!\w)|\bmid-(?P<d2>{_MONTH})(?!\w)"),
    re.compile(r"\b(?:[Ii]n|[Ss]ince|[Uu]ntil|[Bb]y|[Dd]uring|[Ee]arly|[Ll]ate|[Oo]f|[Ff]rom|[Tt]he)\s+"
               rf"(?P<d>(?:1[89]|20)\d\d)\b{_NOT_A_COUNT}|\bmid-(?P<d2>(?:1[89]|20)\d\d)\b"),
    # a range of years ("from 2009 to 2011"), marked apart later
    re.compile(rf"\b(?:1[89]|20)\d\d\s*(?:-|\u2013|to|through|until|and)\s*(?:1[89]|20)\d\d\b{_NOT_A_COUNT}"),
    # "by that time", "at that point": the time of an event told before
    re.compile(r"\b(?:[Bb]y|[Aa]t|[Uu]ntil|[Ss]ince|[Bb]efore|[Aa]fter|[Ff]rom|[Uu]p to)\s+(?P<d>that\s+(?:time|point))\b"),
    # seasons the small model leaves out ("spring shows signs of hope"), not the "Arab Spring"
    re.compile(r"(?<!Arab )\b(?:spring|summer|autumn|winter)\b(?![-\u2010])"),
    re.compile(r"\b(?:[Ee]arlier|[Ll]ater|[Ee]arly|[Ll]ate)\s+(?:today|tonight|this (?:week|month|year|morning)|"
               r"in the (?:day|week|month|year)|that (?:day|week|month|year|morning|evening|night)|"
               r"on (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))\b"),
    re.compile(r"\b(?:[Tt]oday|[Tt]onight|[Yy]esterday|[Tt]omorrow|[Ll]ast night|[Tt]his (?:morning|"
               r"afternoon|evening))\b"),
    re.compile(r"\b(?:[Ll]ast|[Nn]ext|[Tt]his)\s+(?:week|weekend|month|year)\b"),
    re.compile(r"\b(?:[Tt]he|[Aa])\s+(?:day|week)\s+(?:before|after|earlier|later)\b"),
    re.compile(r"\b(?:[Tt]he\s+)?(?:next|following|previous|same)\s+day\b"),
    # vague times: they still tell that an event is not at the publication date
    re.compile(r"\b(?:[Tt]he\s+)?(?:near|distant|foreseeable|not-too-distant)\s+future\b|"
               r"\b[Tt]he\s+future\b(?!\s+of\b)|\b[Tt]he\s+coming\s+(?:days|weeks|months|years)\b|\b[Rr]ecent\s+(?:days|weeks|months|years)\b|"
               r"\b[Tt]he\s+(?:near|long|short|medium)\s+term\b|\b[Tt]he\s+long\s+run\b|"
               r"\b[Tt]he\s+(?:recent\s+|distant\s+)?past\b(?=\s*[,.;:!?\"'\u201d)]|\s*$|\s+(?:and|or|but|when|that|"
               r"as|is|was|were|has|have|had|will|would|because|with|for|of|to|in|on)\b)"),
    # about the time of writing: TIMEX3 PRESENT_REF / PAST_REF / FUTURE_REF ("now", "recently")
    re.compile(r"\b(?:(?:[Mm]ore|[Mm]ost|[Vv]ery|[Uu]ntil|[Rr]ight)\s+)?(?:[Nn]ow|[Cc]urrently|[Rr]ecently|"
               r"[Ll]ately|[Nn]owadays|[Ss]oon(?!\s+as\b))\b(?![-\u2010'\u2019])|\b[Tt]he\s+time\s+being\b|"
               r"\b(?:[Cc]urrent|[Rr]ecent)\b(?=\s+[A-Za-z])"),
    # dates in figures ("7/8/07") and lengths used as adjectives ("a single-day decline")
    re.compile(r"(?<![\d/])[01]?\d/[0-3]?\d/(?:\d{4}|\d\d)(?![\d/])"),
    re.compile(r"\b(?:single|one|two|three|four|five|six|seven|eight|nine|ten|\d+)[-\u2010]"
               r"(?:day|week|month|year|hour|minute|decade)\b(?![-\u2010])"),
]
_NAMED_DAY_WORDS = {"black", "bloody", "super", "ash", "good", "holy", "easter", "cyber", "maundy", "palm",
                    "shrove", "blue", "giving", "fat"}
_WEEKDAY_WORDS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
_RANGE_WORDS = {"and", "to", "through", "until", "till", "-", "\u2013", "\u2014"}
_RANGE_END = re.compile(r"\b(?:1[6-9]|20|21)\d\d\b|\b(?:January|February|March|April|May|June|July|August|"
                        r"September|October|November|December)\b")
# words a real time expression contains at least one of
_TIME_WORDS = re.compile(
    r"\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|"
    r"april|june|july|august|september|october|november|december|monday|tuesday|wednesday|"
    r"thursday|friday|saturday|sunday|today|tonight|yesterday|tomorrow|day|days|week|weeks|"
    r"weekend|month|months|year|years|decade|decades|century|centuries|quarter|spring|summer|"
    r"fall|autumn|winter|christmas|ramadan|eid|easter|past|future|recent|recently|now|"
    r"currently|present|morning|evening|night|afternoon|season|era|ago|anniversary|fiscal|"
    r"weekly|daily|annual|annually|monthly|yearly|half)\b", re.I)
_AGE = re.compile(r"\b\d+[- ]years?[- ]old\b|\byears? old\b|\bage of\b|^(?:under|over|aged?)\s+\d+$|"
                  r"-year-old\b|\bold\b", re.I)
_DATE_IN_TIME = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|tonight|yesterday|"
    r"tomorrow|last night|this morning|this afternoon|this evening|january|february|march|april|"
    r"june|july|august|september|october|november|december)\b", re.I)
_TIME_OF_DAY = re.compile(
    r"\b(?:\d{1,2}(?::\d\d)?\s*(?:[aA]\.?[mM]\.?|[pP]\.?[mM]\.?)|\d{1,2}:\d\d|[Nn]oon|[Mm]idday|"
    r"[Mm]idnight|local time|GMT|UTC|(?:[ECMP][SD]T|BST|CET|CEST|EET|EEST|IST|JST))\b"
    r"|\b(?:[Ee]arly|[Ll]ate)\s+(?=\w+day\b)")
# a length of time: "a week", "two days", "just a day", "several months", "days"
_LENGTH = re.compile(r"(?i)(?:(?:just|only|barely|nearly|almost|about|some|more than|less than)\s+)?"
                     r"(?:(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                     r"a few|several|a couple of|\d+)[- ])?(?:day|week|month|year|hour|decade)s?")
_AFTER_WORDS = {"ago", "earlier", "later", "before", "after", "prior", "previously", "on"}
_EVENT_NOUN = re.compile(
    r"(?:ment|tion|sion|sal|ure|ance|ence)s?$|^(?:move|decision|vote|attack|strike|deal|visit|talks|"
    r"meeting|call|remarks|statement|step|ruling|raid|blast|explosion|offensive|announcement|"
    r"news|report|trip|summit|agreement|accord|sanctions|action|bill|law|order|measure|verdict|"
    r"arrest|killing|shooting|bombing|election|protest|protests|crash|incident)$")
_LIGHT_VERBS = {"make", "issue", "give", "deliver", "release", "publish", "post"}
_FUTURE_ADJ = {"expected", "expect", "planned", "plan", "scheduled", "schedule", "upcoming",
               "proposed", "propose", "coming", "next", "future", "forthcoming", "anticipated"}
_PREMODIFIER_DEPS = {"nummod", "compound", "amod", "nmod", "poss", "quantmod"}
# clauses that tell what a noun is about ("the announcement that ...", "the deal under which ...")
_CONTENT_DEPS = {"acl", "relcl", "ccomp"}
_NARRATIVE_DEPS = {"pobj", "npadvmod", "advmod", "tmod", "obl", "ROOT", "appos", "dobj", "attr",
                   "conj", "nsubj", "dep", "pcomp", "advcl", "oprd", "parataxis"}


@dataclass
class TimexInfo:
    """What the finder knows about one time expression, beside its ``Timex`` record."""

    doc: Doc
    start: int  # token index of the first token in ``doc``
    end: int  # token index after the last token
    sentence_index: int
    host: Token  # the token the expression modifies (for "X a week after Y": X's verb)
    root: Token  # the head token of the expression itself
    tense: str | None
    # point | relative | vague ("recent years", "the future") | ref ("now", "recently": about the
    # time of writing) | duration | range_end ("2016" in "between 2014 and 2016") | unknown
    kind: str
    anaphoric: bool = False
    narrative: bool = False  # a date the story is told at (usable as reference date)
    complement: Token | None = None  # head of the "after/before ..." complement, if any
    complement_value: str | None = None
    complement_granularity: str | None = None
    anchor_value: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def span(self) -> Span:
        return self.doc[self.start: self.end]


# ---------------------------------------------------------------------------- finding

def _keep_entity(ent: Span) -> bool:
    text = ent.text
    if _AGE.search(text) or not _TIME_WORDS.search(text):
        return False
    if re.fullmatch(r"[\d\s,.\-/%]+", text) and not re.fullmatch(r"(?:1[6-9]|20|21)\d\d", text.strip()):
        return False
    if ent.label_ == "TIME":
        return bool(_DATE_IN_TIME.search(text))
    return True


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    while start < end and not (doc[start].text in ("'", "\u2019") and start + 1 < end and
                               re.fullmatch(r"\d\d", doc[start + 1].text)) and (doc[start].is_punct or doc[start].is_space or doc[start].lower_ in
                           ("and", "or", "'s", "’s")):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space or
                           doc[end - 1].lower_ in ("and", "or", "'s", "’s")):
        end -= 1
    return start, end


def _extend(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Widen over a following 'ago/later/after...' ("a week" + "after")."""
    if end < len(doc) and doc[end].lower_ in _AFTER_WORDS and doc[end].lower_ != "on":
        nxt = doc[end]
        # "after"/"before" only right after a length ("a week after"), not after a date
        if nxt.lower_ in ("after", "before") and not _LENGTH.fullmatch(doc[start:end].text):
            return start, end
        if nxt.lower_ in ("earlier", "later", "ago", "before", "after", "prior", "previously"):
            end += 1
    return start, end


def _candidate_spans(doc: Doc, ents: tuple[Span, ...]) -> list[tuple[int, int, str]]:
    spans: list[tuple[int, int, str]] = []
    for ent in ents:
        if ent.label_ in ("DATE", "TIME") and _keep_entity(ent):
            s, e = _trim(doc, ent.start, ent.end)
            if s < e:
                s, e = _extend(doc, s, e)
                spans.extend((a, b, ent.label_) for a, b in _split_at_commas(doc, s, e))
    owner = [-1] * len(doc)  # token -> index in spans (-1: free)
    for k, (s, e, _) in enumerate(spans):
        for i in range(s, e):
            owner[i] = k
    text = doc_text(doc)
    starts = doc.to_array(IDX).tolist()  # token start offsets, to map a match to tokens (char_span is slow)
    for pat in _OWN_PATTERNS:
        for m in pat.finditer(text):
            group = "d" if "d" in pat.groupindex and m.group("d") else (
                "d2" if "d2" in pat.groupindex and m.group("d2") else 0)
            a, b = bisect.bisect_right(starts, m.start(group)) - 1, bisect.bisect_left(starts, m.end(group))
            if a < 0 or b <= a:
                continue
            sp = doc[a:b]
            if _AGE.search(sp.text):
                continue
            over = {owner[i] for i in range(sp.start, sp.end) if owner[i] >= 0}
            if over:
                # a longer own match swallows shorter entities inside it ("earlier this month")
                inside = all(sp.start <= spans[k][0] and spans[k][1] <= sp.end for k in over)
                if not inside or sp.end - sp.start <= max(spans[k][1] - spans[k][0] for k in over):
                    continue
                for k in over:
                    spans[k] = (spans[k][0], spans[k][0], "DROPPED")
            k = len(spans)
            s, e = _extend(doc, sp.start, sp.end)
            spans.append((s, e, "RULE"))
            for i in range(s, e):
                owner[i] = k
    return sorted(x for x in spans if x[0] < x[1] and not _named_day(doc, x[0], x[1]))


def _named_day(doc: Doc, start: int, end: int) -> bool:
    """"Black Monday", "Super Tuesday", "Good Friday": a day with a name, not the nearest weekday."""
    return start > 0 and doc[start - 1].lower_ in _NAMED_DAY_WORDS and doc[start - 1].text[:1].isupper() and \
        doc[start].lower_ in _WEEKDAY_WORDS


def _split_at_commas(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """'November 11, three days later' is two expressions; 'Wednesday, June 3, 2009' is one."""
    commas = [t.i for t in doc[start:end] if t.text == ","]
    if not commas:
        return [(start, end)]
    c = commas[0]
    rest = doc[c + 1: end].text
    if c > start and (is_anaphoric(rest) or re.search(r"\bago\b", rest)):
        return [(start, c)] + _split_at_commas(doc, c + 1, end)
    return [(start, end)]


def _expr_text(span: Span) -> str:
    """The text handed to the normaliser: without clock times ("10 a.m. Tuesday" -> "Tuesday")."""
    t = _TIME_OF_DAY.sub(" ", span_text(span))
    return re.sub(r"\s+", " ", t).strip(" ,")


def _complement(root: Token, span_end: Token) -> tuple[Token | None, Token | None]:
    """For "a week after Y": (head of Y, head of the main clause), else (None, None)."""
    head = root.head
    marks = [c for c in head.children if c.dep_ == "mark" and c.lower_ in ("after", "before")]
    if root.dep_ == "npadvmod" and head.pos_ in ("VERB", "AUX") and marks and marks[0].i > root.i:
        main = head.head if head.head != head else None
        return head, (clause_head(main) if main is not None else None)
    if root.dep_ == "npadvmod" and head.lower_ in ("after", "before") and head.i > root.i:
        objs = [c for c in head.children if c.dep_ in ("pobj", "pcomp")]
        if objs:
            return objs[0], clause_head(head.head)
    # surface: "a week after the vote" with the span widened over "after"
    if span_end.lower_ in ("after", "before") and span_end.i + 1 < len(span_end.doc):
        nxt = span_end.doc[span_end.i + 1]
        if not nxt.is_punct:
            objs = [c for c in span_end.children if c.dep_ in ("pobj", "pcomp")]
            if objs:
                return objs[0], clause_head(span_end.head)
            if span_end.dep_ == "mark":
                return span_end.head, clause_head(span_end.head.head)
    return None, None


def _main_is_anaphoric(main: Token | None) -> bool:
    """Does the main clause's subject (or object) point back to an event already told ("The
    announcement came ...", "He made the statement ...")?"""
    if main is None:
        return False
    for c in main.children:
        if c.dep_ in ("nsubj", "nsubjpass") or (c.dep_ == "dobj" and main.lemma_ in _LIGHT_VERBS):
            if c.dep_ != "dobj" and c.lower_ in ("it", "this", "that"):
                return True
            # "The announcement came ...", "He made the statement a day after ..."
            dets = {d.lower_ for d in c.children if d.dep_ in ("det", "poss")}
            if dets & {"the", "this", "that", "these", "its", "their", "his", "her"} and _EVENT_NOUN.search(c.lower_):
                return True
    return False


def _shift_value(value: str, gran: str, text: str, sign: int) -> tuple[str | None, str | None]:
    """``value`` moved by the length named in ``text`` ("a week", "two days") times ``sign``."""
    m = re.search(r"(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                  r"a couple of|several|a few)\s+(day|week|month|year|fortnight)s?", _clean(text))
    if not m:
        return None, None
    n = _num(m.group(1))
    if n is None:
        return None, None
    base, base_gran = _parse_anchor(value)
    if base is None:
        return None, None
    return _relative(base, base_gran, sign * n, m.group(2))


def _range_halves(doc: Doc, s: int, e: int) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """"between 2014 and 2016", "from 2009 to 2011": the token ranges of the two ends, when each
    end names a month or a year of its own (not "June 20-22")."""
    conns = [i for i in range(s + 1, e - 1) if doc[i].lower_ in _RANGE_WORDS]
    if len(conns) != 1:
        return None
    c = conns[0]
    a = s + 1 if doc[s].lower_ in ("between", "from") else s
    if a >= c or not all(_RANGE_END.search(doc[x:y].text) for x, y in ((a, c), (c + 1, e))):
        return None
    return (a, c), (c + 1, e)


def find_timexes(analysis: "Analysis") -> list[Timex]:
    """Find, normalise and store every time expression of the analysis' parts."""
    pub = analysis.pub_date
    raw: list[tuple[int, object, int, int, str]] = []
    for part in analysis.parts:
        for s, e, label in _candidate_spans(part.doc, doc_ents(analysis.notes, part.doc)):
            raw.append((part.offset + part.doc[s].idx, part, s, e, label))
    raw.sort(key=lambda r: r[0])

    timexes: list[Timex] = []
    infos: list[TimexInfo] = []
    # the explicit dates the story is told at, in order: (sentence index, value, granularity, timex3)
    history: list[tuple[int, str, str, str | None]] = []

    def reference(sent_index: int, unit: str | None) -> tuple[int, str, str, str | None] | None:
        """The reference date of an anaphoric expression: the last explicit date of this sentence,
        else of the sentence before; a day-level expression ("later in the day") takes the last
        day-level date of this sentence or the DAY_REF_SENTENCES before it."""
        if unit == "day":
            days = [h for h in history if sent_index - DAY_REF_SENTENCES <= h[0] <= sent_index and h[2] == "day"]
            return days[-1] if days else None
        for h in reversed(history):
            if h[0] in (sent_index, sent_index - 1):
                return h
            if h[0] < sent_index - 1:
                break
        return None

    def add(part, s: int, e: int, range_end: bool = False, split: bool = True) -> None:
        doc = part.doc
        span = doc[s:e]
        core_end = e - 1
        while core_end > s and doc[core_end].lower_ in _AFTER_WORDS:
            core_end -= 1
        root = phrase_root(doc[s], doc[core_end])
        host = attach_point(doc[s], doc[core_end])
        verb = governing_verb(host)
        tense = tense_of(verb)
        if host.pos_ in ("NOUN", "PROPN") and any(
                c.dep_ == "amod" and c.lemma_ in _FUTURE_ADJ for c in host.children):
            tense = "future"  # "an expected arrival of March 26", "the planned vote on May 5"
        if tense == "past" and root.dep_ == "pobj" and root.head.lower_ in ("until", "till", "through"):
            tense = "present"  # "closed until Friday": the end of a state that still holds
        expr = _expr_text(span)
        if split:
            halves = _range_halves(doc, s, e)
            if halves is not None:
                (a, b), (c, d) = halves
                whole = normalize(expr, pub, tense)
                if whole[0] is not None and normalize(_expr_text(doc[a:b]), pub, tense) == whole and \
                        normalize(_expr_text(doc[c:d]), pub, tense)[0] is not None:
                    # TIMEX3 marks the two ends apart; the start dates the event (the end is kept aside)
                    add(part, a, b, split=False)
                    add(part, c, d, range_end=True, split=False)
                    return
        sent_index = analysis.sentence_of(doc[s]).index
        anaphoric = is_anaphoric(expr)
        complement, main = _complement(root, doc[e - 1]) if anaphoric else (None, None)
        info = TimexInfo(doc, s, e, sent_index, host, root, tense, "point")

        ref = reference(sent_index, anaphora_unit(expr)) if anaphoric else None
        ref_value = ref[1] if ref else (pub.isoformat() if pub and not needs_explicit_anchor(expr) else None)
        explicit_ref = ref is not None
        value, gran = NONE
        timex3 = None
        prev = infos[-1] if infos else None
        appositive = (anaphoric and prev is not None and prev.doc is doc and timexes[-1].value is not None
                      and not prev.anaphoric and prev.end < s and
                      all(t.text in (",", "(", "-", "\u2013", "\u2014") for t in doc[prev.end:s]))
        if appositive:
            # "on November 11, three days later than planned" / "on June 20, a week after the vote":
            # the expression restates the date before it
            info.kind = "relative"
            info.anaphoric = True
            value, gran, timex3 = timexes[-1].value, timexes[-1].granularity, timexes[-1].timex3
            info.anchor_value = value
            if complement is not None and value is not None:
                info.complement = complement
                sign = -1 if doc[e - 1].lower_ == "before" else 1
                info.complement_value, info.complement_granularity = _shift_value(value, gran or "day", expr, -sign)
            info.host = prev.host
            info.notes.append("restates the date before it")
        elif anaphoric:
            info.kind = "relative"
            info.anaphoric = True
            info.anchor_value = ref_value
            if complement is not None:
                info.complement = complement
                if main is not None:
                    info.host = main  # the expression dates the main clause; the complement gets its own
                sign = -1 if doc[e - 1].lower_ == "before" or any(
                    c.lower_ == "before" for c in complement.children if c.dep_ == "mark") else 1
                if ref_value is not None and _main_is_anaphoric(main):
                    value, gran = _fmt_ref(ref_value)
                    info.complement_value, info.complement_granularity = _shift_value(ref_value, gran or "day", expr, -sign)
                    info.notes.append("main clause refers back: it takes the reference date")
                elif explicit_ref:
                    info.complement_value, info.complement_granularity = _fmt_ref(ref_value)
                    value, gran = _shift_value(ref_value, "day", expr, sign)
                    info.notes.append("complement takes the reference date")
                timex3 = value
            elif ref_value is not None:
                value, gran = normalize(expr, pub, tense, anchor=ref_value)
                timex3 = to_timex3(expr, pub, tense, anchor=ref_value, value=value)
                if ref is not None and ref[3] and is_same_period(expr):
                    m = re.fullmatch(r"(\d{4})(-(?:Q\d|H\d|SP|SU|FA|WI|W\d\d))", ref[3])
                    if m:  # "the same period a year earlier" after "the third quarter": that quarter
                        timex3 = f"{int(m.group(1)) - 1:04d}{m.group(2)}"
                if value is not None and explicit_ref:
                    history.append((sent_index, value, gran, timex3))  # the story moves on to that date
        else:
            value, gran = normalize(expr, pub, tense)
            timex3 = to_timex3(expr, pub, tense, value=value)
            if range_end:
                info.kind = "range_end"
            elif value is None:
                info.kind = ("ref" if is_ref_word(expr) or timex3 == "PRESENT_REF" else
                             "duration" if is_duration(expr) or re.match(r"P[T\dX]", timex3 or "") else
                             "vague" if is_vague_point(expr) else "unknown")
            elif root.dep_ in _NARRATIVE_DEPS or host.pos_ in ("VERB", "AUX"):
                info.narrative = True
                history.append((sent_index, value, gran, timex3))
        start = part.offset + span.start_char
        end = part.offset + span.end_char
        timexes.append(Timex(text=analysis.document.text[start:end], start=start, end=end,
                             value=value, granularity=gran, timex3=timex3))
        infos.append(info)

    for _, part, s, e, _label in raw:
        add(part, s, e)
    analysis.timexes = timexes
    analysis.notes["timex_tokens"] = infos
    return timexes


def _fmt_ref(value: str) -> tuple[str, str]:
    return value, {10: "day", 7: "month", 4: "year"}.get(len(value), "day")


# ---------------------------------------------------------------------------- dating events

def _token_of(trigger: Token | Span) -> Token:
    return trigger.root if isinstance(trigger, Span) else trigger


def _colon_between(a: Token, b: Token) -> bool:
    lo, hi = sorted((a.i, b.i))
    return any(t.text in (":", ";") for t in a.doc[lo + 1: hi])


def date_for(analysis: "Analysis", trigger: Token | Span) -> tuple[str | None, str, Timex | None]:
    """The date of the event whose trigger is ``trigger``.

    1. a time expression attached to the trigger's own clause (the trigger, its governing verb,
       or a noun of that clause), or whose "after/before ..." complement holds the trigger;
    2. else one attached to a clause above the trigger's clause ("said on Friday that ...");
       expressions inside other clauses (a relative clause, a sibling clause, a list after a
       colon) are not used;
    3. else, when the trigger's subject is a pronoun and its verb is in the past tense ("He
       accused the envoy ..."), the date the previous sentence gives its own past-tense main verb
       (steps 1-2 there), if both sentences are in the same part;
    4. else the publication date (date_source "pub_date"; None when there is none).
    A governing expression that cannot be dated ("in the future", "in recent years") gives
    ``(None, "text", timex)``: the event is not at the publication date, and we do not know when.
    """
    found = _date_in_sentence(analysis, _token_of(trigger))
    if found is not None:
        return found
    tok = _token_of(trigger)
    sent = analysis.sentence_of(tok)
    if sent.index > 0 and subject_is_pronoun(tok) and _simple_past(governing_verb(tok)):
        prev = analysis.sentences[sent.index - 1]
        root = prev.span.root
        if prev.offset == sent.offset and _simple_past(governing_verb(root)):
            found = _date_in_sentence(analysis, root)
            if found is not None and found[0] is not None:
                return found
    pub = analysis.pub_date
    return (pub.isoformat() if pub else None), "pub_date", None


def _simple_past(verb: Token | None) -> bool:
    """A verb in the simple past ("accused", "was killed"), not the present perfect ("has been")."""
    return verb is not None and tense_of(verb) == "past" and not any(
        c.dep_ in ("aux", "auxpass") and c.lower_ in ("has", "have", "'ve", "'s") for c in verb.children)


def _date_in_sentence(analysis: "Analysis", tok: Token) -> tuple[str | None, str, Timex | None] | None:
    """Steps 1 and 2 of ``date_for``: the date the trigger's own sentence gives it, or None."""
    if "timex_tokens" not in analysis.notes:
        find_timexes(analysis)
    infos: list[TimexInfo] = analysis.notes["timex_tokens"]
    sent = analysis.sentence_of(tok)
    chain = clause_chain(tok)
    own = chain[0]
    gov = governing_verb(tok)
    best: tuple[int, int, int] | None = None  # (tier, distance, index)
    for i, info in enumerate(infos):
        if info.doc is not tok.doc or info.sentence_index != sent.index:
            continue
        if info.kind in ("duration", "unknown", "ref", "range_end"):
            continue
        host_is_noun = info.host.pos_ in ("NOUN", "PROPN", "PRON", "NUM") and info.complement is None
        premodifier = host_is_noun and info.host != tok and info.root.dep_ in _PREMODIFIER_DEPS
        if premodifier and not any(c.head == info.host and c.dep_ in _CONTENT_DEPS for c in chain):
            continue  # "the 2016 elections" dates the elections, not the verb of the clause
        in_complement = info.complement is not None and (
            clause_head(info.complement) == own or tok in info.complement.subtree)
        # "since 2011, when the government sent troops": a clause on the time expression itself
        when_clause = own.dep_ in ("relcl", "advcl") and info.start <= own.head.i < info.end
        if in_complement:
            tier = 0
        elif when_clause:
            tier = 1
        elif premodifier:
            tier = 2  # "Tuesday's announcement that Ukraine had agreed": the noun's date frames its content
        elif info.host == tok or info.host == gov or (clause_head(info.host) == own and not host_is_noun):
            tier = 1
        elif clause_head(info.host) in chain:
            tier = 2
        else:
            continue
        if tier == 2 and info.root.head.lower_ == "since":
            continue  # "has increased tests since May to pressure the U.S. to grant ...": a stretch, not a point
        if tier > 0 and _colon_between(tok, info.doc[info.start]):
            continue
        dist = abs(info.start - tok.i)
        key = (tier, dist, i)
        if best is None or key < best:
            best = key
    if best is not None:
        tier, _, i = best
        info, timex = infos[i], analysis.timexes[i]
        if tier == 0:
            if info.complement_value is not None:
                return info.complement_value, "text", timex
        elif timex.value is not None:
            return timex.value, "text", timex
        elif info.kind in ("vague", "relative"):
            if not (info.kind == "relative" and info.anchor_value is None):
                return None, "text", timex
    return None
