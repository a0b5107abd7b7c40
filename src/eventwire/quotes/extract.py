"""Quotations: who said what.

* direct: a quotation that is a whole statement (``"It was agreed ...," Lavrov confirmed``),
  including quotations running over several sentences and paragraphs (a paragraph that ends
  inside a quotation continues when the next one opens with a quote mark);
* mixed: a quoted fragment inside reported speech (``Tillerson said that the meeting revealed
  "a very clear, positive chemistry"``);
* indirect: reported speech without quote marks (``X said (that) ...``, ``..., X said``,
  ``according to X, ...``).

The speaker is the subject of the reporting verb (the cue), resolved by the actor stage; a
pronoun ("he added") goes to the last speaker, else to the last person named.
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from ..actors.resolve import DocActors
from ..analysis import Analysis, SentenceInfo
from ..model import Actor, Quote, Span
from ..nlp import doc_text

SPEECH_VERBS = frozenset("""
say tell add note confirm stress state declare announce explain insist warn claim argue write tweet
remark respond reply ask quote emphasize emphasise underline acknowledge admit suggest report
predict promise vow pledge threaten deny assert contend maintain observe comment reiterate repeat
urge caution complain allege disclose post rule testify concede counter lament boast accuse demand
mention
""".split())
# verbs that introduce a quotation only when they stand right after it ('"...," agreed X')
ATTRIBUTION_ONLY = frozenset("agree explain continue recall conclude describe recount remember "
                             "laugh joke sigh shout cry answer".split())
OPENERS = {"“": "”", "«": "»", "„": "“", '"': '"', "‘": "’", "‹": "›"}
MIN_UNATTRIBUTED_WORDS = 4


@dataclass
class QuoteSpan:
    start: int  # content start (after the opening mark)
    end: int    # content end (before the closing mark)
    open_at: int
    close_at: int


def find_quote_spans(text: str, start: int, end: int) -> list[QuoteSpan]:
    """Quoted passages in text[start:end]. Straight double quotes pair up; curly and guillemet
    quotes pair by kind; single curly quotes only where they cannot be apostrophes. A
    paragraph break inside a quotation ends it, unless the next paragraph opens with a quote
    mark (then the quotation continues)."""
    out: list[QuoteSpan] = []
    i = start
    while i < end:
        ch = text[i]
        if ch in OPENERS and _can_open(text, i, start):
            closer = OPENERS[ch]
            j = i + 1
            content_start = j
            while j < end:
                c = text[j]
                if (c == closer and (closer != "’" or _can_close_single(text, j, end))) or \
                        (ch in DOUBLE and c in DOUBLE and c != ch and _can_close_double(text, j, end)):
                    if j > content_start:
                        out.append(QuoteSpan(content_start, j, i, j))
                    i = j + 1
                    break
                if c == "\n":
                    k = j
                    while k < end and text[k] in "\n \t\r\xa0":
                        k += 1
                    para_break = text.count("\n", j, k) >= 1
                    if para_break and k < end and text[k] in (ch, "“", '"', "«", "„") and ch != "‘":
                        j = k + 1  # the quotation goes on in the next paragraph
                        continue
                    if para_break and ch != "‘" and _closes_in_next_paragraph(text, k, end, closer):
                        j = k  # no mark opens the next paragraph, but its closing mark ends the quotation
                        continue
                    if para_break:
                        # unbalanced: the quotation ends with its paragraph
                        e = j
                        while e > content_start and text[e - 1] in " \t\xa0":
                            e -= 1
                        if e - content_start > 20:
                            out.append(QuoteSpan(content_start, e, i, e))
                        i = j
                        break
                j += 1
            else:
                i = j
            continue
        i += 1
    return out


def _closes_in_next_paragraph(text: str, k: int, end: int, closer: str) -> bool:
    """The next paragraph holds a closing mark (a mark glued to the word before it, followed by
    space or punctuation) before any opening mark: the quotation runs on into it."""
    stop = text.find("\n", k)
    stop = end if stop < 0 else min(stop, end)
    for j in range(k, stop):
        c = text[j]
        if c == closer or (closer == '"' and c == '"'):
            prev = text[j - 1] if j > k else " "
            nxt = text[j + 1] if j + 1 < len(text) else " "
            if not prev.isspace() and (nxt.isspace() or nxt in ".,;:!?)"):
                return True
            return False
        if c in OPENERS and c != closer:
            return False
    return False


def _can_open(text: str, i: int, lo: int) -> bool:
    ch = text[i]
    prev = text[i - 1] if i > lo else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if nxt.isspace():
        return False
    if ch in ("‘", "'"):
        return not prev.isalnum()
    if ch == '"':
        return not prev.isalnum() or prev in "(["
    return True


DOUBLE = frozenset('“”„"')


def _can_close_double(text: str, j: int, end: int) -> bool:
    """A double mark of another kind than the opener closes the quotation where it stands as a
    closing mark (glued to the word before it, then space, punctuation or the end): texts mix
    straight and curly marks ('“We will go," he said')."""
    prev = text[j - 1] if j > 0 else " "
    nxt = text[j + 1] if j + 1 < end else " "
    return not prev.isspace() and (nxt.isspace() or nxt in ".,;:!?)]—–-'’")


def _can_close_single(text: str, j: int, end: int) -> bool:
    nxt = text[j + 1] if j + 1 < end else " "
    return not nxt.isalpha()


class QuoteExtractor:
    _person_speaker = False  # whether the speaker just resolved is a person (for "he said" later)

    def extract(self, analysis: Analysis, actors: DocActors) -> list[Quote]:
        text = analysis.document.text
        quotes: list[Quote] = []
        covered: list[tuple[int, int]] = []
        last_speaker: tuple[int, Actor] | None = None
        spans: list[QuoteSpan] = []
        for part in analysis.parts:
            spans += find_quote_spans(text, part.offset, part.offset + len(doc_text(part.doc)))
        title = (analysis.document.title or "").strip()
        for qs in spans:
            s_first = self._sentence_at(analysis, qs.start)
            s_last = self._sentence_at(analysis, max(qs.start, qs.end - 1))
            if s_first is None or s_last is None:
                continue
            if title and s_first.sentence.text.strip() == title:
                continue
            content = text[qs.start:qs.end].strip()
            lead = len(text[qs.start:qs.end]) - len(text[qs.start:qs.end].lstrip())
            q_start = qs.start + lead
            q_end = q_start + len(content.rstrip(" ,."))
            content = text[q_start:q_end]
            if not content:
                continue
            cue_tok = self._cue_for(analysis, qs, s_first, s_last)
            form = "direct" if self._is_whole_statement(text, qs, s_first) else "mixed"
            speaker = None
            cue = None
            self._person_speaker = False
            if cue_tok is not None:
                c0 = analysis.char(cue_tok)
                cue = Span(cue_tok.text, c0, c0 + len(cue_tok.text))
                speaker = self._speaker(analysis, actors, cue_tok, last_speaker, s_first.index)
            elif last_speaker is not None and s_first.index - last_speaker[0] <= 2 and form == "direct":
                speaker = _relabel(last_speaker[1], "previous quote")
                self._person_speaker = True
            if speaker is None and cue is None and len(content.split()) < MIN_UNATTRIBUTED_WORDS:
                continue  # a scare quote, not a quotation
            if speaker is not None and self._person_speaker:
                last_speaker = (s_last.index, speaker)
            quotes.append(Quote(doc_id=analysis.document.doc_id, form=form, text=content, start=q_start,
                                end=q_end, sentence_index=s_first.index, speaker=speaker, cue=cue))
            covered.append((qs.open_at, qs.close_at + 1))
        quotes += self._indirect(analysis, actors, covered, quotes)
        quotes.sort(key=lambda q: q.start)
        analysis.quotes = quotes
        return quotes

    # -- helpers ----------------------------------------------------------------------------
    def _sentence_at(self, analysis: Analysis, char: int) -> SentenceInfo | None:
        best = None
        for s in analysis.sentences:
            if s.sentence.start <= char:
                best = s
            else:
                break
        return best

    def _is_whole_statement(self, text: str, qs: QuoteSpan, s_first: SentenceInfo) -> bool:
        before = text[s_first.sentence.start:qs.open_at].strip()
        if not before:
            return True
        if before.endswith(":"):
            return True
        if before.endswith(","):
            # "He said, "...": the words before are only an attribution
            words = before.rstrip(",").split()
            return len(words) <= 6
        return False

    def _tokens_outside(self, analysis: Analysis, qs: QuoteSpan, sents: list[SentenceInfo]) -> list[Token]:
        out = []
        for s in sents:
            for t in s.span:
                c = analysis.char(t)
                if qs.open_at <= c <= qs.close_at:
                    continue
                out.append(t)
        return out

    def _cue_for(self, analysis: Analysis, qs: QuoteSpan, s_first: SentenceInfo,
                 s_last: SentenceInfo) -> Token | None:
        sents = [s for s in analysis.sentences if s_first.index <= s.index <= s_last.index]
        outside = self._tokens_outside(analysis, qs, sents)
        verbs = [t for t in outside if t.pos_ in ("VERB", "AUX") and (
            t.lemma_.lower() in SPEECH_VERBS or
            (t.lemma_.lower() in ATTRIBUTION_ONLY and 0 <= analysis.char(t) - qs.close_at <= 6))]
        # prefer a verb whose clause holds the quotation (mixed quotes), else one that has a subject
        inside = [t for t in outside if False]
        for v in verbs:
            sub = [analysis.char(x) for x in v.subtree]
            if sub and min(sub) <= qs.start and max(sub) >= qs.end - 1 and any(c.dep_ in ("nsubj",) for c in v.children):
                inside.append(v)
        if inside:
            return inside[-1]
        with_subject = [v for v in verbs if any(c.dep_ in ("nsubj", "nsubjpass") for c in v.children) or
                        _saying(v)]
        if with_subject:
            # the one nearest the quotation's end (attributions follow the quote)
            return min(with_subject, key=lambda v: abs(analysis.char(v) - qs.close_at))
        acc = self._according_to(outside)
        if acc is not None:
            return acc
        return None

    def _according_to(self, toks: list[Token]) -> Token | None:
        for t in toks:
            if t.lower_ == "according" and t.i + 1 < len(t.doc) and t.doc[t.i + 1].lower_ == "to":
                return t
        return None

    def _speaker(self, analysis: Analysis, actors: DocActors, cue: Token,
                 last_speaker: tuple[int, Actor] | None, sent_index: int) -> Actor | None:
        if cue.lower_ == "according":
            to = cue.doc[cue.i + 1]
            obj = next((c for c in to.children if c.dep_ == "pobj"), None)
            if obj is None:
                return None
            r = actors.resolve(obj)
            return r.actors[0] if r and r.actors else None
        subjects = sorted((c for c in cue.children if c.dep_ == "nsubj"), key=lambda c: abs(c.i - cue.i))
        if not subjects and _saying(cue):  # "..., saying ...": the subject of the verb it hangs on
            subjects = [c for c in cue.head.children if c.dep_ == "nsubj"]
        if not subjects:
            return None
        subj = next((c for c in subjects if c.pos_ == "PRON" or actors.resolve(c) is not None), subjects[0])
        if subj.lower_ in ("he", "she") and last_speaker is not None and sent_index - last_speaker[0] <= 3 \
                and not self._person_named_since(analysis, actors, subj, last_speaker[0]):
            c0 = analysis.char(subj)
            prev = last_speaker[1]
            self._person_speaker = True
            return Actor(text=subj.text, start=c0, end=c0 + len(subj.text), name=prev.name, country=prev.country,
                         sectors=list(prev.sectors), resolved_from="pronoun")
        r = actors.resolve(subj)
        if r is None or not r.actors:
            return _unresolved_speaker(analysis, subj)
        self._person_speaker = bool(r.mentions) and r.mentions[0].is_person
        a = r.actors[0]
        if len(r.actors) > 1:  # "the two leaders said": one quote, speaker the group's first
            a = _relabel(a, a.resolved_from)
        return a

    @staticmethod
    def _person_named_since(analysis: Analysis, actors: DocActors, pron: Token, since: int) -> bool:
        """Was another person named after the last speaker's sentence ("Trump said ... . Hassett
        told Fox ... . 'We launched a drug war,' he said")? Then the pronoun is that person's, as
        the actor stage resolves it, not the last speaker's."""
        r = actors.resolve(pron)
        if r is None or not r.mentions or not r.mentions[0].is_person or \
                not r.mentions[0].head.text[:1].isupper():
            return False  # not a name ("fentanyl" tagged as a person by the small model)
        return analysis.sentence_of(r.mentions[0].head).index > since

    def _indirect(self, analysis: Analysis, actors: DocActors, covered: list[tuple[int, int]],
                  direct: list[Quote]) -> list[Quote]:
        out: list[Quote] = []
        text = analysis.document.text
        title = (analysis.document.title or "").strip()
        for si in analysis.sentences:
            if title and si.sentence.text.strip() == title:
                continue
            for tok in si.span:
                if tok.lemma_.lower() not in SPEECH_VERBS or tok.pos_ not in ("VERB", "AUX"):
                    continue
                tc = analysis.char(tok)
                if any(a <= tc < b for a, b in covered):
                    continue  # a verb inside a quotation
                comp = next((c for c in tok.children if c.dep_ == "ccomp"), None)
                if comp is None:
                    sub = _told_clause(tok)
                    if not sub:
                        continue
                else:
                    sub = sorted(comp.subtree, key=lambda x: x.i)
                first = sub[0]
                if first.dep_ == "mark" and first.lower_ in ("that", "whether", "if"):
                    sub = sub[1:]
                while sub and (sub[-1].is_punct or sub[-1].is_space):
                    sub = sub[:-1]
                while sub and (sub[0].is_punct or sub[0].is_space):
                    sub = sub[1:]
                if len(sub) < 3:
                    continue
                s0, s1 = analysis.span_chars(sub[0], sub[-1])
                if any(a <= s0 < b or a < s1 <= b or (s0 <= a and b <= s1) for a, b in covered):
                    continue  # holds a quoted fragment: that is the mixed quote
                speaker = self._speaker(analysis, actors, tok, None, si.index)
                if speaker is None:
                    continue  # "it is said that ...", "I said": no one to attribute it to
                c0 = analysis.char(tok)
                out.append(Quote(doc_id=analysis.document.doc_id, form="indirect", text=text[s0:s1], start=s0,
                                 end=s1, sentence_index=si.index, speaker=speaker,
                                 cue=Span(tok.text, c0, c0 + len(tok.text))))
            # "..., according to X."
            acc = self._according_to(list(si.span))
            if acc is not None:
                root = si.span.root
                toks = [t for t in si.span if not (acc.i <= t.i) and not t.is_space]
                while toks and toks[-1].is_punct:
                    toks = toks[:-1]
                if len(toks) >= 3 and root.i not in range(acc.i, si.span.end):
                    s0, s1 = analysis.span_chars(toks[0], toks[-1])
                    if not any(a <= s0 < b for a, b in covered) and not any(q.start <= s0 < q.end for q in out):
                        speaker = self._speaker(analysis, actors, acc, None, si.index)
                        c0 = analysis.char(acc)
                        out.append(Quote(doc_id=analysis.document.doc_id, form="indirect", text=text[s0:s1],
                                         start=s0, end=s1, sentence_index=si.index, speaker=speaker,
                                         cue=Span("according to", c0, c0 + len("according to"))))
        return out


def _told_clause(tok: Token) -> list[Token]:
    """"X told VOA the Taliban jettison anything ...": the parser often reads the clause after
    "told <someone>" as an object; when what follows the listener holds a verb, it is the
    reported clause."""
    if tok.lemma_.lower() != "tell":
        return []
    listener = next((c for c in tok.children if c.dep_ in ("dative", "iobj") and c.i > tok.i), None)
    if listener is None:
        return []
    end = tok.sent.end
    rest = [t for t in tok.doc[max(x.i for x in listener.subtree) + 1:end] if not t.is_space]
    if rest and rest[0].lower_ == "that":
        rest = rest[1:]
    while rest and rest[-1].is_punct:
        rest = rest[:-1]
    if len(rest) < 5 or not any(t.pos_ in ("VERB", "AUX") for t in rest) or rest[0].is_punct:
        return []
    return rest


def _saying(v: Token) -> bool:
    """A participle cue hanging on a verb with a subject ("the ministry denied it, saying ...")."""
    return v.tag_ == "VBG" and v.dep_ in ("advcl", "xcomp", "conj") and \
        any(c.dep_ == "nsubj" for c in v.head.children)


def _unresolved_speaker(analysis: Analysis, subj: Token) -> Actor | None:
    """A speaker the actor stage cannot place ("analysts", "Lynch", "the consultancy") is still
    who said it: the words of the subject's noun phrase, with no country."""
    if subj.pos_ == "PRON" or subj.lower_ in ("it", "this", "that", "which", "who"):
        return None
    toks = [subj] + [c for c in subj.children if c.i < subj.i and c.dep_ in ("compound", "amod", "poss", "det",
                                                                              "nmod", "case", "nummod")]
    for c in list(toks):
        toks += [g for g in c.subtree if g.i < subj.i]
    first = min(t.i for t in toks)
    while first < subj.i and subj.doc[first].dep_ == "det":
        first += 1
    s0, s1 = analysis.span_chars(subj.doc[first], subj)
    text = analysis.document.text[s0:s1]
    is_name = subj.ent_type_ == "PERSON" or subj.pos_ == "PROPN"
    return Actor(text=text, start=s0, end=s1, name=text if is_name else None, country=None, sectors=[],
                 resolved_from="unresolved")


def _relabel(a: Actor, how: str) -> Actor:
    return Actor(text=a.text, start=a.start, end=a.end, name=a.name, country=a.country,
                 sectors=list(a.sectors), resolved_from=how)
