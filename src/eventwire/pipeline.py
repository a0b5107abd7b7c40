"""The pipeline: document -> sentences -> actors -> events & quotes -> when/where -> records.

One ``Pipeline`` per process loads the spaCy model, the knowledge base and the lexicon once.
``process`` streams inputs in batches: each batch is cleaned (ingest), parsed with ``nlp.pipe``,
then annotated stage by stage. A failure inside one document's stages fails that document only
(status ``failed`` with the reason); the others go on.
"""
from __future__ import annotations

import datetime as dt
import gc
import itertools
import logging
import time
import traceback
from collections import defaultdict
from typing import Callable, Iterable, Iterator

from . import coding
from . import nlp as nlp_mod
from .actors import kb as kb_mod
from .actors.matcher import ActorMatcher
from .actors.mentions import MentionFinder
from .actors.resolve import DocActors
from .analysis import Analysis
from .config import Settings
from .events import lexicon as lexicon_mod
from .events.coder import EventCoder
from .ingest import prepare as ingest_prepare
from .model import Document, RawInput, Result, Segment
from .quotes.extract import QuoteExtractor
from .when_where import places, timex

log = logging.getLogger("eventwire")


def parse_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


class Pipeline:
    def __init__(self, settings: Settings | None = None):
        self.settings = settings or Settings()
        self.nlp = nlp_mod.load(self.settings.model)
        self.kb = kb_mod.load(tuple(self.settings.actor_dictionaries))
        self.finder = MentionFinder(ActorMatcher(self.nlp, self.kb), self.kb)
        self.lexicon = lexicon_mod.load(tuple(self.settings.event_lexicons))
        self.coder = EventCoder(self.lexicon)
        self.quoter = QuoteExtractor()
        # seconds spent per stage since the pipeline was made (for benchmarks)
        self.timings: dict[str, float] = defaultdict(float)
        # The model, the knowledge base and the lexicon live as long as the process: moved out of
        # the garbage collector's sight, they are not walked again at every collection (which
        # the many small objects of parsing and coding trigger), about a tenth of the time.
        gc.collect()
        gc.freeze()

    # -- ingest ------------------------------------------------------------------------------
    def codable_segments(self, doc: Document) -> list[Segment]:
        return coding.codable_segments(doc, self.settings)

    def prepare(self, raw: RawInput) -> Document:
        return coding.decide(ingest_prepare(raw, self.settings), self.settings)

    # -- the whole pipeline -------------------------------------------------------------------------
    def process(self, raws: Iterable[RawInput],
                skip: Callable[[Document], Result | None] | None = None) -> Iterator[Result]:
        """Code inputs; ``skip(document)`` may return a finished Result to bypass coding (used by
        ``run`` for documents already stored)."""
        it = iter(raws)
        while True:
            chunk = list(itertools.islice(it, self.settings.batch_size))
            if not chunk:
                return
            t0 = time.perf_counter()
            docs = [self.prepare(r) for r in chunk]
            self.timings["ingest"] += time.perf_counter() - t0
            done: dict[int, Result] = {}
            analyses: dict[int, Analysis] = {}
            items = []
            for i, d in enumerate(docs):
                if d.status != "coded":
                    done[i] = Result(d)
                    continue
                if skip is not None:
                    pre = skip(d)
                    if pre is not None:
                        done[i] = pre
                        continue
                analyses[i] = Analysis(d, parse_date(d.pub_date))
                for seg in self.codable_segments(d):
                    for piece in coding.pieces(d, seg):
                        items.append((d.text[piece.start:piece.end], (i, piece)))
            t0 = time.perf_counter()
            for sdoc, (i, seg) in nlp_mod.pipe(self.nlp, items, batch_size=self.settings.batch_size):
                analyses[i].add_part(sdoc, seg.start, seg.kind)
            self.timings["spacy"] += time.perf_counter() - t0
            for i, d in enumerate(docs):
                if i in done:
                    yield done[i]
                else:
                    yield self.annotate(analyses[i])

    def annotate(self, analysis: Analysis) -> Result:
        doc = analysis.document
        stage = "actors"
        clock = self.timings
        try:
            t0 = time.perf_counter()
            actors = DocActors(analysis, self.finder)
            t1 = time.perf_counter()
            clock["actors"] += t1 - t0
            stage = "time expressions"
            timex.find_timexes(analysis)
            stage = "places"
            places.find_places(analysis)
            t2 = time.perf_counter()
            clock["when_where"] += t2 - t1
            stage = "events"
            events = self.coder.code(analysis, actors)
            t3 = time.perf_counter()
            clock["events"] += t3 - t2
            stage = "quotes"
            quotes = self.quoter.extract(analysis, actors)
            clock["quotes"] += time.perf_counter() - t3
        except Exception as exc:  # one bad document must not stop a run
            log.debug("stage %s failed on %s:\n%s", stage, doc.doc_id, traceback.format_exc())
            doc.status = "failed"
            doc.reason = f"internal error in the {stage} stage: {type(exc).__name__}: {exc}"
            return Result(doc)
        return Result(doc, events, quotes)

    def analyse(self, raw: RawInput) -> Analysis | None:
        """Ingest and parse one input without coding (for tools and tests)."""
        d = self.prepare(raw)
        if d.status != "coded":
            return None
        a = Analysis(d, parse_date(d.pub_date))
        segs = [p for s in self.codable_segments(d) for p in coding.pieces(d, s)]
        for sdoc, seg in nlp_mod.pipe(self.nlp, [(d.text[s.start:s.end], s) for s in segs]):
            a.add_part(sdoc, seg.start, seg.kind)
        return a

    def timexes(self, raws: Iterable[RawInput]) -> Iterator[tuple[Document, list]]:
        """Time expressions only (the `timex` command)."""
        for raw in raws:
            d = self.prepare(raw)
            if d.status != "coded":
                yield d, []
                continue
            a = Analysis(d, parse_date(d.pub_date))
            segs = [p for s in self.codable_segments(d) for p in coding.pieces(d, s)]
            for sdoc, seg in nlp_mod.pipe(self.nlp, [(d.text[s.start:s.end], s) for s in segs]):
                a.add_part(sdoc, seg.start, seg.kind)
            yield d, timex.find_timexes(a)
