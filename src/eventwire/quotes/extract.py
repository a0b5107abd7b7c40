"""Quotations: who said what.

* direct: a quotation that is a whole statement (``"It was agreed ...," Lavrov confirmed``),
  including quotations running over several sentences and paragraphs (a paragraph that ends
  inside a quotation continues when the next one opens with a quote mark);
* mixed: a quoted fragment inside reported speech (``Tillerson said that the meeting revealed
  "a very clear, positive chemistry"``);
* indirect: reported speech without quote marks (``X said (that) ...``, ``..., X said``,
  ``according to X, ...``).

The speaker is the subject of the reporting verb (the cue), resolved by the actor stage. A
pronoun ("he added") goes to the person the text last names as the subject of a sentence (the
same sentence or up to three before it, never inside a quotation), else to the last speaker. A
quotation with no cue of its own that follows a quote whose speaker is known goes on with that
speaker. A run-in subheading ("Chinese demand The changes ...": the corpus has no line breaks)
is not a cue.
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from ..actors.resolve import FEMALE_OFFICES, PERSON_OFFICES, DocActors
from ..analysis import Analysis, SentenceInfo
from ..model import Actor, Quote, Span
from ..nlp import doc_text

SPEECH_VERBS = frozenset("""
say tell add note confirm stress state declare announce explain insist warn claim argue write tweet
remark respond reply ask quote emphasize emphasise underline acknowledge admit suggest report
predict promise vow pledge threaten deny assert contend maintain observe comment reiterate repeat
urge caution complain allege disclose post rule testify concede counter lament boast accuse demand
mention reaffirm affirm
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
        self._quoted = [(qs.open_at, qs.close_at + 1) for qs in spans]
        self._pronouns: dict[int, tuple[Actor, bool] | None] = {}
        prev_quote: tuple[int, Actor | None, bool] | None = None  # the quote before: sentence, speaker, a person?
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
            elif prev_quote is not None and prev_quote[1] is not None and form == "direct" and \
                    s_first.index - prev_quote[0] <= 2:
                # no cue of its own right after a quote whose speaker is known: the speaker goes on
                speaker = _relabel(prev_quote[1], "previous quote")
                self._person_speaker = prev_quote[2]
            if speaker is None and cue is None and len(content.split()) < MIN_UNATTRIBUTED_WORDS:
                continue  # a scare quote, not a quotation
            if speaker is not None and self._person_speaker:
                last_speaker = (s_last.index, speaker)
            prev_quote = (s_last.index, speaker, self._person_speaker)
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
        if subj.lower_ in ("he", "she"):
            found = self._pronoun_person(analysis, actors, subj)
            if found is not None:
                c0 = analysis.char(subj)
                a = found[0]
                self._person_speaker = not found[1]
                return Actor(text=subj.text, start=c0, end=c0 + len(subj.text), name=a.name, country=a.country,
                             sectors=list(a.sectors), resolved_from="pronoun")
        if subj.lower_ in ("he", "she") and last_speaker is not None and sent_index - last_speaker[0] <= 3 \
                and not self._person_named_since(analysis, actors, subj, last_speaker[0]):
            c0 = analysis.char(subj)
            prev = last_speaker[1]
            self._person_speaker = True
            return Actor(text=subj.text, start=c0, end=c0 + len(subj.text), name=prev.name, country=prev.country,
                         sectors=list(prev.sectors), resolved_from="pronoun")
        r = actors.resolve(subj)
        if r is None or not r.actors:
            a = _unresolved_speaker(analysis, subj)
            # a name the actor stage does not know ("Ditta said") is a person who may go on speaking
            self._person_speaker = a is not None and (_is_name(subj) or _says_name(subj))
            return a
        self._person_speaker = bool(r.mentions) and r.mentions[0].is_person
        a = r.actors[0]
        if len(r.actors) > 1:  # "the two leaders said": one quote, speaker the group's first
            a = _relabel(a, a.resolved_from)
        return a

    # -- pronouns -------------------------------------------------------------------------
    def _in_quote(self, char: int) -> bool:
        return any(a <= char < b for a, b in self._quoted)

    def _pronoun_person(self, analysis: Analysis, actors: DocActors, pron: Token,
                        depth: int = 0) -> tuple[Actor, bool] | None:
        """Who "he"/"she" stands for: the person the text last names as the subject of a sentence,
        in the pronoun's own sentence (before it) or in the three before it, outside quotations
        (the people a speaker talks about are not the speaker). In one sentence, a subject of the
        main verb or of a saying verb comes first, a named person before an office ("the
        minister"), and an office only for "he" unless it says a woman holds it. A pronoun
        subject stands for the person its own sentences give. Returns the actor and whether it
        is an office, or None when no sentence names one."""
        key = analysis.char(pron)
        if key in self._pronouns:
            return self._pronouns[key]
        self._pronouns[key] = None  # no cycles
        here = analysis.sentence_of(pron).index
        found = None
        for idx in range(here, max(-1, here - 4), -1):
            sent = analysis.sentences[idx]
            root = sent.span.root
            # the parser leaves some sentences without a subject ("Like X, Kevin Hassett, director
            # of ..., emphasized ...": the name hangs as an apposition): a name before the verb
            # stands in for it
            no_subject = not any(c.dep_ in ("nsubj", "nsubjpass") for c in root.children)
            cands = []
            for t in sent.span:
                if idx == here and t.doc is pron.doc and t.i >= pron.i:
                    break
                if self._in_quote(analysis.char(t)):
                    continue
                if t.dep_ in ("nsubj", "nsubjpass") or (t.dep_ == "conj" and t.head.dep_ in ("nsubj", "nsubjpass")):
                    rank = 2
                elif t.dep_ == "appos" and no_subject and t.i < root.i:
                    rank = 2
                elif t.dep_ in ("intj", "npadvmod", "dep") and t.head == root and t.i < root.i:
                    rank = 2  # "Trump, in a taped interview ..., dodged ...": a subject misparsed
                elif idx == here and t.dep_ == "pobj" and t.head.lower_ == "for" and t.head.i > 0 and \
                        t.doc[t.head.i - 1].lower_ == "as":
                    rank = 1  # "As for Banjai, he hopes ...": the person the sentence is about
                elif t.dep_ not in ("compound", "poss", "nmod") and t.text[:1].isupper() and \
                        analysis.document.text.find(t.text, 0, sent.sentence.start) < 0:
                    rank = 0  # a person named here for the first time ("criticism from economist X")
                else:
                    continue
                got = self._person_subject(analysis, actors, t, pron.lower_, depth)
                if got is None:
                    continue
                head = t.head if t.dep_ != "conj" else t.head.head
                main = head == root or head.lemma_.lower() in SPEECH_VERBS or t.dep_ == "appos" or \
                    (head.dep_ == "conj" and head.head == root)
                cands.append(((rank > 0, not got[1], rank, main, t.i), got))
            if cands:
                found = max(cands, key=lambda c: c[0])[1]
                break
        self._pronouns[key] = found
        return found

    def _person_subject(self, analysis: Analysis, actors: DocActors, t: Token, pronoun: str,
                        depth: int) -> tuple[Actor, bool] | None:
        """The person a subject names (and whether by office), if it names one "he"/"she" can
        stand for."""
        low = t.lower_
        if low in ("he", "she"):
            if low != pronoun or depth >= 4:
                return None
            return self._pronoun_person(analysis, actors, t, depth + 1)
        if t.pos_ == "PRON" and low not in ("who",):
            return None
        r = actors.resolve(t)
        if r is not None and r.mentions and r.actors:
            m = r.mentions[0]
            if m.is_person and m.head.text[:1].isupper() and len(r.mentions) == 1:
                return r.actors[0], False
            if len(r.mentions) == 1 and _office(m, pronoun):
                return r.actors[0], True
            return None
        if r is None and (_is_name(t) or _says_name(t)):
            # a surname the actor stage does not link ("Yapande" after "Bruno Yapande"): the
            # person named in full before, else the name as written
            c = analysis.char(t)
            full = [m for m in actors.mentions if m.is_person and m.char_end <= c and m.name and
                    m.name.split()[-1] == t.text]
            if full:
                return full[-1].actor("earlier mention"), False
            a = _unresolved_speaker(analysis, t)
            return (a, False) if a is not None else None
        return None

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
            body = _run_in_heading(si.span)
            for tok in si.span:
                if tok.lemma_.lower() not in SPEECH_VERBS or tok.pos_ not in ("VERB", "AUX"):
                    continue
                if body is not None and tok.i < body:
                    continue  # a word of a subheading ("Chinese demand"), not a cue
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
                if len(sub) < 3 or (body is not None and sub[0].i < body):
                    continue  # (a clause that would hold the subheading is a misparse)
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


HEADING_OPENERS = frozenset({"the", "a", "an"})


def _run_in_heading(sent) -> int | None:
    """The corpus has no line breaks: a subheading runs into the sentence after it ("Chinese
    demand The changes in Japanese immigration policy have come ...", "BLA surges Since last
    August, ..."). A sentence starts with one when, within its first seven words and before any
    punctuation, a capitalized function word ("The", "Since", "If") follows a word that is not
    one; not where the words around it are capitalized too, as in a name ("Reporters Without
    Borders", "The Hague"). Returns the index of the token where the
    sentence proper starts, or None."""
    toks = [t for t in sent if not t.is_space]
    if len(toks) < 4 or not toks[0].text[:1].isupper():
        return None
    for k in range(1, min(len(toks) - 2, 7)):
        t, prev = toks[k], toks[k - 1]
        if prev.is_punct or not prev.text[:1].isalnum():
            return None  # a heading has no punctuation
        if not (t.is_title and t.is_stop) or t.text == "I" or prev.is_stop:
            continue
        nxt = toks[k + 1]
        if not nxt.text[:1].isalnum() or (nxt.i == t.i + 1 and t.whitespace_ == ""):
            continue  # "Islamic Front,", "So-young"
        if nxt.text[:1].isupper() and (t.lower_ in HEADING_OPENERS or prev.text[:1].isupper()):
            continue  # inside a name: "Reporters Without Borders", "Bring Back Our Girls", "The Hague"
        return t.i
    return None


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


def _is_name(t: Token) -> bool:
    """A proper name that may be a person's (the small model's PERSON, or a name it gives no
    type)."""
    return t.pos_ == "PROPN" and t.text[:1].isupper() and t.ent_type_ in ("PERSON", "")


def _says_name(t: Token) -> bool:
    """A proper name the small model tags as an organization but that speaks for itself in
    the text ("Dakin-Grimm said ..."): the subject of a saying verb, a name of one or two words
    the actor stage does not know (organizations it knows are resolved before)."""
    if t.pos_ != "PROPN" or not t.text[:1].isupper() or t.ent_type_ != "ORG":
        return False
    if t.head.lemma_.lower() not in SPEECH_VERBS | ATTRIBUTION_ONLY:
        return False
    return len([c for c in t.children if c.dep_ == "compound"]) <= 1 and \
        not any(c.dep_ == "det" for c in t.children)


def _office(m, pronoun: str) -> bool:
    """A mention of one office held by one person ("the spokesperson", "the deputy minister");
    "she" only for an office that says a woman holds it."""
    if m.kind != "role" or m.plural or m.head.tag_ != "NN":
        return False
    word = m.head.lemma_.lower()
    return word in (FEMALE_OFFICES if pronoun == "she" else PERSON_OFFICES)


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
