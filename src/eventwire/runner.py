"""`eventwire run`: code a corpus into the database, resumably, on every core.

The parent process reads the inputs as a stream, in batches, and is the only process that
touches the database. With ``workers >= 1`` the batches go to worker processes (``parallel.py``:
the spaCy model and the knowledge loaded once per worker); with ``workers=0`` everything runs in
this process. Both paths share the bookkeeping below, so they store the same rows:

* a document already stored with the same text is skipped before any language analysis
  (``already stored``); a different document with the same text as one already coded (stored
  before, or earlier in this run's input) is stored as ``skipped``, ``duplicate of <doc_id>``.
  Decisions are taken in input order, whatever the number of workers;
* results are written in input order, one transaction per input batch (a document with its
  events and quotes, or nothing), so a killed run loses at most the batches in flight, and a
  re-run stores nothing twice;
* a worker that dies, or spends longer than the time limit (``Settings.time_limit``) on a
  document, is replaced; the documents of its batch are retried one at a time, and the one that
  kills or blocks a worker on its own is stored as ``failed`` with the reason;
* memory stays flat: at most a few batches per worker are held at once, and a worker whose memory
  grew above ``parallel.WORKER_MAX_RSS_MB`` is replaced between two batches.
"""
from __future__ import annotations

import heapq
import itertools
import os
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator

import click

from .config import Settings
from .ingest.near_dup import NearDupIndex, signature_bytes
from .model import Document, RawInput, Result

DEFAULT_TIME_LIMIT = 120.0
# batches read ahead of the slowest one still being coded, per worker (bounds memory)
WINDOW_PER_WORKER = 4


# -- progress -------------------------------------------------------------------------------------

def _duration(seconds: float) -> str:
    seconds = max(0, int(round(seconds)))
    if seconds < 90:
        return f"{seconds} s"
    if seconds < 3600 * 2:
        return f"{seconds // 60} min {seconds % 60:02d} s" if seconds < 600 else f"{round(seconds / 60)} min"
    return f"{seconds // 3600} h {(seconds % 3600) // 60:02d} min"


class Progress:
    """Progress on standard error: documents done (of the total when it is known), documents per
    second over the last minute, and the time left. A line redrawn in place on a terminal; one
    line a minute otherwise (logs of overnight runs)."""

    def __init__(self, enabled: bool, total: "int | TotalEstimate | None" = None, label: str = ""):
        self.enabled = enabled
        self.total = total
        self.label = label
        self.tty = enabled and sys.stderr.isatty()
        self.n = 0
        self.failed = 0
        self.t0 = time.monotonic()
        self.last = 0.0
        self.samples: deque[tuple[float, int]] = deque([(self.t0, 0)])
        self.drawn = False

    def _total(self) -> int | None:
        t = self.total
        if isinstance(t, TotalEstimate):
            return t.value
        return t

    def rate(self) -> float | None:
        """Documents per second over the last minute (from the first document done: model
        loading does not count); None until there is something to measure."""
        now = time.monotonic()
        while len(self.samples) > 2 and now - self.samples[1][0] > 60:
            self.samples.popleft()
        t_old, n_old = self.samples[0]
        span = now - t_old
        if span < 1.0 or self.n == n_old:
            return None
        return (self.n - n_old) / span

    def line(self) -> str:
        rate = self.rate()
        total = self._total()
        if total and total >= self.n:
            done = f"{self.n:,}/{total:,} documents ({self.n / max(total, 1):.0%})"
            left = (f", about {_duration((total - self.n) / rate)} left" if rate else "")
        else:
            done, left = f"{self.n:,} documents", ""
        failed = f", {self.failed} failed" if self.failed else ""
        if self.n == 0:
            return f"{done}, loading the model{self.label}"
        speed = f"{rate:.1f} docs/s" if rate else "measuring speed"
        return f"{done}, {speed}{left}{failed}{self.label}"

    def step(self, k: int = 1, failed: bool = False) -> None:
        if self.n == 0:  # the clock of the rate starts with the first document done
            self.samples = deque([(time.monotonic(), 0)])
        self.n += k
        self.failed += int(failed)
        self.tick()

    def tick(self) -> None:
        now = time.monotonic()
        if now - self.samples[-1][0] >= 1.0:
            self.samples.append((now, self.n))
        if not self.enabled:
            return
        if self.tty and now - self.last > 0.5:
            self.last = now
            click.echo(f"\r  {self.line()}\x1b[K", err=True, nl=False)
            self.drawn = True
        elif not self.tty and now - self.last > 60 and now - self.t0 > 30:
            self.last = now
            click.echo(f"eventwire: {self.line()}", err=True)

    def clear(self) -> None:
        """Wipe the progress line before another message is printed."""
        if self.drawn:
            click.echo("\r\x1b[K", err=True, nl=False)
            self.drawn = False
            self.last = 0.0

    def close(self) -> float:
        elapsed = time.monotonic() - self.t0
        self.clear()
        return elapsed


class TotalEstimate:
    """Counts the documents of the inputs in a background thread (JSON Lines lines, files in
    folders, HTML pages in WARC files), so the progress line can tell the time left without
    delaying the start. ``value`` is None until the count is done, or when it cannot be known
    (standard input, URLs, feeds)."""

    def __init__(self, paths: Iterable[str]):
        self.value: int | None = None
        self._paths = [os.fspath(p) for p in paths] or ["-"]
        self._thread = threading.Thread(target=self._count, name="eventwire-count", daemon=True)
        self._thread.start()

    def _count(self) -> None:
        try:
            self.value = count_inputs(self._paths)
        except Exception:
            self.value = None


def count_inputs(paths: list[str]) -> int | None:
    """About how many inputs ``iter_inputs(paths)`` yields, or None when it cannot be told cheaply."""
    from .ingest.sources import file_type
    total = 0
    for p in paths:
        if p == "-" or p.lower().startswith(("http://", "https://")):
            return None
        if os.path.isdir(p):
            for root, dirs, files in os.walk(p):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                for f in files:
                    kind, gz = file_type(f)
                    if f.startswith(".") or kind in (None, "json"):
                        continue
                    n = _count_file(os.path.join(root, f), kind, gz)
                    if n is None:
                        return None
                    total += n
        elif os.path.isfile(p):
            kind, gz = file_type(p)
            n = _count_file(p, kind, gz)
            if n is None:
                return None
            total += n
        else:
            total += 1  # an error record
    return total


def _count_file(path: str, kind: str | None, gz: bool) -> int | None:
    import gzip
    if kind in ("text", "html"):
        return 1
    if kind == "jsonl":
        opener = gzip.open if gz else open
        n, tail = 0, b""
        with opener(path, "rb") as fh:  # type: ignore[operator]
            while True:
                chunk = fh.read(1 << 20)
                if not chunk:
                    break
                n += chunk.count(b"\n")
                tail = chunk[-1:]
        return n + (1 if tail and tail != b"\n" else 0)
    if kind == "warc":
        from warcio.archiveiterator import ArchiveIterator
        n = 0
        with open(path, "rb") as fh:
            for rec in ArchiveIterator(fh):
                if rec.rec_type == "response" and rec.http_headers is not None:
                    if (rec.http_headers.get_statuscode() or "").startswith("2") and \
                            "html" in (rec.http_headers.get_header("Content-Type") or "").lower():
                        n += 1
                elif rec.rec_type == "resource":
                    n += 1
        return n
    return None


# -- the run ----------------------------------------------------------------------------------------

NA = "n/a"  # no decision needed: the document was not codable after ingest
REFUSED = "refused"  # an id met earlier in this run with another text: only the first is stored


class SeenIds:
    """The document ids met in this run, in 8 bytes each (a 64-bit hash: a sorted array plus a
    small set of recent ones), so that a long run remembers them in little memory."""

    def __init__(self, merge_at: int = 50_000):
        import numpy as np
        self._np = np
        self.sorted = np.empty(0, dtype=np.uint64)
        self.recent: set[int] = set()
        self.merge_at = merge_at

    @staticmethod
    def _key(doc_id: str) -> int:
        import hashlib
        return int.from_bytes(hashlib.blake2b(doc_id.encode("utf-8", "surrogatepass"), digest_size=8).digest(),
                              "little")

    def add(self, doc_id: str) -> bool:
        """Remember ``doc_id``; True when it was met before."""
        np = self._np
        k = self._key(doc_id)
        if k in self.recent:
            return True
        if self.sorted.size:
            i = int(np.searchsorted(self.sorted, np.uint64(k)))
            if i < self.sorted.size and int(self.sorted[i]) == k:
                return True
        self.recent.add(k)
        if len(self.recent) >= self.merge_at:
            self.sorted = np.union1d(self.sorted, np.fromiter(self.recent, dtype=np.uint64, count=len(self.recent)))
            self.recent = set()
        return False


@dataclass
class Slot:
    """One input, from the moment it is read until it is written (or found already stored)."""

    seq: int
    group: int
    raw: RawInput
    info: tuple | None = None     # (doc_id, content_hash, status) once prepared by a worker
    decision: Any = None          # None until decided: "code", "unchanged", REFUSED, NA,
    #                               or ("duplicate", doc_id, "db" | "run")
    payload: Any = None           # a Result, or "unchanged", once done
    repeat: bool = False          # its id was met earlier in this run
    sig: bytes | None = None      # its near-duplicate signature (MinHash), once prepared


@dataclass
class Task:
    task_id: int
    seqs: list[int]
    worker: Any = None
    asked: list | None = None     # the info of a pending "ask", until it is answered
    begun: float | None = None
    waited: float = 0.0           # seconds spent waiting for the parent's decisions
    ask_started: float | None = None


@dataclass
class RunStats:
    coded: int = 0
    skipped: int = 0
    failed: int = 0
    unchanged: int = 0
    refused: int = 0
    events: int = 0
    quotes: int = 0
    workers: int = 0
    worker_peak_rss: int = 0
    parent_peak_rss: int = 0
    replaced: int = 0
    timeouts: int = 0
    crashes: int = 0
    retired: int = 0
    clusters: dict = field(default_factory=dict)
    timings: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return dict(self.__dict__)


class Run:
    """The bookkeeping of one run: decisions in input order, results written in input order."""

    def __init__(self, store, settings: Settings, bar: Progress, workers: int, time_limit: float):
        self.store = store
        self.settings = settings
        self.bar = bar
        self.n_workers = workers
        self.time_limit = time_limit
        self.stats = RunStats(workers=workers)
        self.slots: dict[int, Slot] = {}
        self.next_seq = 0
        self.head = 0            # the first slot not yet finalized
        self.decide_ptr = 0      # the first slot not yet decided
        self.group_last: dict[int, int] = {}
        self.next_group = 0
        # documents decided "code" and not yet written: content hash -> doc_id, doc_id -> hash
        self.pending_hash: dict[str, str] = {}
        self.pending_id: dict[str, str] = {}
        # duplicates of a pending document wait for its outcome: doc_id -> count; outcomes
        self.targets: dict[str, int] = {}
        self.final_status: dict[str, str] = {}
        # ids met in this run; the text hash of those decided and not yet written
        self.seen = SeenIds()
        self.recent_ids: dict[str, str | None] = {}
        # finalized results of the batch being assembled for the next write
        self.buffer: list[Result] = []
        self.buffer_hashes: dict[str, str] = {}
        self.input_done = False
        # near-duplicates: the signatures of the stored coded documents and of those being coded
        self.near = NearDupIndex.for_store(store)

    # -- reading ------------------------------------------------------------------------------------
    def read_batch(self, it: Iterator[RawInput]) -> list[int]:
        raws = list(itertools.islice(it, self.settings.batch_size))
        if not raws:
            self.input_done = True
            return []
        g = self.next_group
        self.next_group += 1
        seqs = []
        for raw in raws:
            s = Slot(self.next_seq, g, raw)
            self.slots[s.seq] = s
            seqs.append(s.seq)
            self.next_seq += 1
        self.group_last[g] = seqs[-1]
        return seqs

    # -- decisions ----------------------------------------------------------------------------------
    def note_info(self, info: list[tuple]) -> None:
        for seq, doc_id, content_hash, status, *rest in info:
            s = self.slots.get(seq)
            if s is not None and s.info is None:
                s.info = (doc_id, content_hash, status)
                s.sig = rest[0] if rest else None

    def advance_decisions(self) -> None:
        while self.decide_ptr < self.next_seq:
            s = self.slots.get(self.decide_ptr)
            if s is not None and s.decision is None:
                if s.info is not None:
                    doc_id, content_hash, status = s.info
                elif s.payload is not None and s.payload != "unchanged":
                    d = s.payload.document
                    doc_id, content_hash, status = d.doc_id, (d.content_hash if d.text else None), d.status
                    s.sig = signature_bytes(d)
                else:
                    return
                if self.seen.add(doc_id):  # met before in this run
                    s.repeat = True
                    s.decision = "unchanged" if content_hash is not None and \
                        self._earlier_hash(doc_id) == content_hash else REFUSED
                else:
                    s.decision = self.decide(doc_id, content_hash, s.sig) if status == "coded" else NA
                    self.recent_ids[doc_id] = content_hash
            self.decide_ptr += 1

    def _earlier_hash(self, doc_id: str) -> str | None:
        """The text hash of this run's first input with this id (in flight or stored)."""
        if doc_id in self.recent_ids:
            return self.recent_ids[doc_id]
        stored = self.store.stored_hash(doc_id)
        return stored[0] if stored else None

    def _clock(self, what: str, t0: float) -> None:
        t = self.stats.timings
        t[what] = t.get(what, 0.0) + time.perf_counter() - t0

    def decide(self, doc_id: str, content_hash: str, sig: bytes | None = None) -> Any:
        """What to do with a prepared document; called in input order."""
        t0 = time.perf_counter()
        try:
            return self._decide(doc_id, content_hash, sig)
        finally:
            self._clock("main: decisions", t0)

    def _decide(self, doc_id: str, content_hash: str, sig: bytes | None) -> Any:
        if self.store.stored_hash(doc_id) == (content_hash, "coded"):
            return "unchanged"
        dup = self.store.doc_with_hash(content_hash, doc_id)
        if dup is not None:
            return ("duplicate", dup, "db")
        first = self.pending_hash.get(content_hash)
        if first is not None:
            self.targets[first] = self.targets.get(first, 0) + 1
            return ("duplicate", first, "run")
        near = self.near.query(sig, exclude=doc_id) if self.settings.near_duplicates else None
        if near is not None:  # a syndicated copy of a document stored or being coded
            first = near[0]
            if first in self.pending_id:
                self.targets[first] = self.targets.get(first, 0) + 1
                return ("duplicate", first, "run")
            return ("duplicate", first, "db")
        self.near.add(doc_id, sig, content_hash)
        self.pending_hash[content_hash] = doc_id
        self.pending_id[doc_id] = content_hash
        return "code"

    def decisions_for(self, task: Task) -> dict[int, Any] | None:
        """The decisions a worker asked for, once every coded document of its task has one."""
        out = {}
        for seq in task.seqs:
            s = self.slots.get(seq)
            if s is None or s.payload is not None:
                continue
            if s.info is not None and s.info[2] == "coded":
                if s.decision is None:
                    return None
                out[seq] = s.decision
        return out

    # -- results ------------------------------------------------------------------------------------
    def finalize(self) -> list[int]:
        """Take finished slots in input order, write each completed batch; returns the slots that
        must be coded again (a duplicate whose original failed)."""
        redo: list[int] = []
        self.advance_decisions()
        while self.head < self.next_seq:
            s = self.slots[self.head]
            if s.payload is None or s.decision is None:
                break
            if not self._finalize_one(s):
                redo.append(s.seq)
                break
            del self.slots[s.seq]
            self.head += 1
            if self.group_last.get(s.group) == s.seq:
                del self.group_last[s.group]
                self._write()
        return redo

    def _finalize_one(self, s: Slot) -> bool:
        payload = s.payload
        if s.decision == REFUSED:
            doc_id = s.info[0] if s.info else (payload.document.doc_id if isinstance(payload, Result) else s.raw.doc_id)
            self.stats.refused += 1
            self.bar.clear()
            click.echo(f"eventwire: refused: {doc_id}: an input earlier in this run has the same id and another "
                       f"text; only the first is stored", err=True)
            self.bar.step()
            return True
        if payload == "unchanged":
            if s.info and not s.repeat:
                self.recent_ids.pop(s.info[0], None)  # the database has it, with this text
            self.stats.unchanged += 1
            self.bar.step()
            return True
        doc: Document = payload.document
        dec = s.decision
        if isinstance(dec, tuple) and dec[2] == "run" and doc.status == "skipped":
            target = dec[1]
            outcome = self.final_status.get(target)
            self._release_target(target)
            if outcome != "coded":  # the original could not be coded: look again, else code this one
                h = doc.content_hash
                other = self.buffer_hashes.get(h) or self.store.doc_with_hash(h, doc.doc_id)
                if other is None and self.pending_hash.get(h) not in (None, doc.doc_id, target):
                    other = self.pending_hash[h]
                if other is None and self.settings.near_duplicates:
                    near = self.near.query(s.sig, exclude=doc.doc_id)
                    other = near[0] if near is not None and near[0] != target else None
                if other is None:
                    self.near.add(doc.doc_id, s.sig, h)
                    s.decision, s.payload = "code", None
                    self.pending_hash[h] = doc.doc_id
                    self.pending_id[doc.doc_id] = h
                    return False
                doc.reason = f"duplicate of {other}"
                s.decision = ("duplicate", other, "db")
        if doc.doc_id in self.targets:
            self.final_status[doc.doc_id] = doc.status
        if doc.status == "coded" and doc.text:
            self.buffer_hashes.setdefault(doc.content_hash, doc.doc_id)
        elif s.decision == "code":
            self._forget_pending(doc.doc_id)
            self.near.remove(doc.doc_id)
        if doc.status == "failed":
            self.bar.clear()
            click.echo(f"eventwire: failed: {doc.doc_id}: {doc.reason}", err=True)
        st = self.stats
        setattr(st, doc.status, getattr(st, doc.status) + 1)
        st.events += len(payload.events)
        st.quotes += len(payload.quotes)
        self.buffer.append(payload)
        self.bar.step(failed=doc.status == "failed")
        return True

    def _release_target(self, target: str) -> None:
        n = self.targets.get(target, 0) - 1
        if n <= 0:
            self.targets.pop(target, None)
            self.final_status.pop(target, None)
        else:
            self.targets[target] = n

    def _forget_pending(self, doc_id: str) -> None:
        h = self.pending_id.pop(doc_id, None)
        if h is not None and self.pending_hash.get(h) == doc_id:
            del self.pending_hash[h]

    def _write(self) -> None:
        if self.buffer:
            t0 = time.perf_counter()
            self.store.write(self.buffer)
            self.near.save()
            self._clock("main: database writes", t0)
            for r in self.buffer:
                if r.document.status == "coded":
                    self._forget_pending(r.document.doc_id)
                self.recent_ids.pop(r.document.doc_id, None)
        self.buffer = []
        self.buffer_hashes = {}

    def failed_result(self, s: Slot, reason: str) -> Result:
        from .ingest.dates import normalize_date
        raw = s.raw
        doc_id = s.info[0] if s.info else str(raw.doc_id)
        return Result(Document(doc_id=doc_id, title=raw.title, url=raw.url, pub_date=normalize_date(raw.pub_date),
                               status="failed", reason=reason, source=raw.source))

    def items(self, seqs: list[int]) -> list[tuple[int, RawInput, Any]]:
        out = []
        for seq in seqs:
            s = self.slots[seq]
            dec = s.decision if s.decision not in (None, NA) else None
            out.append((seq, s.raw, dec))
        return out

    def done(self) -> bool:
        return self.input_done and self.head >= self.next_seq


# -- in this process ---------------------------------------------------------------------------------

def _run_inline(run: Run, inputs: Iterator[RawInput]) -> None:
    from .cli import _pipeline
    from .parallel import run_task
    pipe = _pipeline(run.settings)
    task_ids = itertools.count()
    redo: list[int] = []
    while True:
        if redo:
            seqs = redo
        else:
            seqs = run.read_batch(inputs)
            if not seqs:
                break
        tid = next(task_ids)

        def ask(info: list[tuple]) -> dict[int, Any]:
            run.note_info(info)
            run.advance_decisions()
            return run.decisions_for(Task(tid, seqs)) or {}

        def emit(msg: tuple) -> None:
            if msg[0] == "result":
                run.slots[msg[2]].payload = msg[3]
            run.bar.tick()

        run_task(pipe, tid, run.items(seqs), ask, emit)
        run.advance_decisions()
        redo = run.finalize()
    for k, v in pipe.timings.items():
        run.stats.timings[k] = run.stats.timings.get(k, 0.0) + v


# -- in worker processes ---------------------------------------------------------------------------------

class WorkersFailed(click.ClickException):
    """The worker processes cannot run at all (they fail to start): the run stops with the reason."""


def _run_workers(run: Run, inputs: Iterator[RawInput]) -> None:
    from multiprocessing.connection import wait

    from .parallel import exit_reason, rss_bytes, start_worker

    settings = run.settings
    limit = run.time_limit
    workers: list = []
    tasks: dict[int, Task] = {}
    new_tasks: deque[int] = deque()
    retry: list[tuple[int, int]] = []  # heap of (seq, task_id): retried alone, in input order
    task_ids = itertools.count()
    numbers = itertools.count(1)
    start_failures = 0
    window = settings.batch_size * run.n_workers * WINDOW_PER_WORKER

    def alive() -> list:
        return [w for w in workers if w.state != "gone"]

    def add_task(seqs: list[int], alone: bool = False) -> None:
        t = Task(next(task_ids), seqs)
        tasks[t.task_id] = t
        if alone:
            heapq.heappush(retry, (seqs[0], t.task_id))
        else:
            new_tasks.append(t.task_id)

    def fill() -> None:
        while not run.input_done and len(new_tasks) < run.n_workers and len(run.slots) < window:
            seqs = run.read_batch(inputs)
            if seqs:
                add_task(seqs)

    def dispatch() -> None:
        now = time.monotonic()
        for w in alive():
            if w.state != "idle":
                continue
            if retry:
                _, tid = heapq.heappop(retry)
            elif new_tasks:
                tid = new_tasks.popleft()
            else:
                break
            t = tasks[tid]
            t.worker, t.begun, t.waited = w, None, 0.0
            w.state, w.task, w.deadline = "busy", tid, now + limit
            if not w.send(("task", tid, run.items(t.seqs))):
                lost(w, "the worker process could not be reached")
        waiting = len(retry) + len(new_tasks)
        ready_soon = sum(1 for w in alive() if w.state in ("idle", "starting"))
        while waiting > ready_soon and len(alive()) < run.n_workers:
            workers.append(start_worker(next(numbers), settings))
            ready_soon += 1

    def answer(t: Task) -> None:
        if t.asked is None:
            return
        dec = run.decisions_for(t)
        if dec is None:
            return
        w = t.worker
        t.asked = None
        now = time.monotonic()
        if t.ask_started is not None:
            t.waited += now - t.ask_started
            t.ask_started = None
        w.state = "busy"
        w.deadline = _deadline(t, now)
        if not w.send(("decide", t.task_id, dec)):
            lost(w, "the worker process could not be reached")

    def _deadline(t: Task, now: float) -> float:
        if len(t.seqs) == 1 and t.begun is not None:  # alone: the whole document within the limit
            return t.begun + t.waited + limit
        return now + limit  # a batch: no silence longer than the limit

    def lost(w, reason: str | None, timeout: bool = False) -> None:
        """A worker died or overran: replace it, retry or fail the documents of its task."""
        code = w.kill()
        if reason is None:
            reason = exit_reason(code)
        tid = w.task
        w.task = None
        if tid is None:
            return
        t = tasks.pop(tid)
        run.stats.replaced += 1
        if timeout:
            run.stats.timeouts += 1
        else:
            run.stats.crashes += 1
        unfinished = [q for q in t.seqs if q in run.slots and run.slots[q].payload is None]
        if len(t.seqs) == 1:
            for q in unfinished:
                s = run.slots[q]
                s.payload = run.failed_result(s, reason)
                if s.decision is None:
                    s.decision = NA
        else:
            for q in unfinished:
                add_task([q], alone=True)

    def handle(w, msg: tuple) -> None:
        nonlocal start_failures
        kind = msg[0]
        now = time.monotonic()
        t = tasks.get(w.task) if w.task is not None else None
        if kind == "ready":
            w.state = "idle"
            w.peak_rss = max(w.peak_rss, msg[2])
            start_failures = 0
        elif kind == "begin" and t is not None:
            t.begun = now
            w.deadline = now + limit
        elif kind == "ask" and t is not None:
            run.note_info(msg[2])
            t.asked = msg[2]
            t.ask_started = now
            w.state, w.deadline = "asking", None
            run.advance_decisions()
            answer(t)
        elif kind == "tick" and t is not None:
            w.deadline = _deadline(t, now)
        elif kind == "result" and t is not None:
            s = run.slots.get(msg[2])
            if s is not None and s.payload is None:
                s.payload = msg[3]
                w.docs += 1
            w.deadline = _deadline(t, now)
        elif kind == "done":
            tasks.pop(msg[1], None)
            w.state, w.task, w.deadline = "idle", None, None
            w.peak_rss = max(w.peak_rss, msg[2])
            for k, v in msg[3].items():
                run.stats.timings[k] = run.stats.timings.get(k, 0.0) + v
        elif kind == "retire":  # the worker leaves after its task; a task sent meanwhile goes back
            w.peak_rss = max(w.peak_rss, msg[1])
            run.stats.retired += 1
            tid = w.task
            w.proc.join(10)
            w.kill()
            w.task = None
            if tid is not None and tid in tasks:
                tasks[tid].worker = None
                new_tasks.appendleft(tid)
        elif kind == "fatal":
            if msg[2]:
                raise click.UsageError(msg[1])
            raise WorkersFailed(msg[1])

    last_rss = 0.0
    try:
        while True:
            fill()
            dispatch()
            run.advance_decisions()
            for t in list(tasks.values()):
                if t.asked is not None:
                    answer(t)
            for q in run.finalize():
                add_task([q], alone=True)
            if run.done() and not tasks:
                break
            conns = {w.conn: w for w in alive()}
            if not conns:
                dispatch()
                continue
            now = time.monotonic()
            deadlines = [w.deadline for w in conns.values() if w.deadline is not None]
            timeout = max(0.0, min([*deadlines, now + 1.0]) - now)
            for conn in wait(list(conns), timeout=timeout):
                w = conns[conn]
                try:
                    while w.state != "gone" and conn.poll():
                        handle(w, conn.recv())
                except (EOFError, OSError):
                    if w.state == "starting":
                        start_failures += 1
                        code = w.kill()
                        if start_failures >= 3:
                            raise WorkersFailed(f"worker processes fail to start ({exit_reason(code)})")
                    elif w.state != "gone":
                        lost(w, None)
            now = time.monotonic()
            for w in alive():
                if w.deadline is not None and now > w.deadline and w.task is not None:
                    lost(w, f"time limit exceeded ({limit:g} s)", timeout=True)
            run.bar.tick()
            if now - last_rss > 1.0:
                last_rss = now
                run.stats.parent_peak_rss = max(run.stats.parent_peak_rss, rss_bytes())
    finally:
        for w in workers:
            if w.state != "gone":
                if w.state == "idle":
                    w.stop()
                else:
                    w.kill()
            run.stats.worker_peak_rss = max(run.stats.worker_peak_rss, w.peak_rss)
        run.stats.parent_peak_rss = max(run.stats.parent_peak_rss, rss_bytes())


# -- entry point -------------------------------------------------------------------------------------

def run_corpus(inputs: Iterable[RawInput], db: str, settings: Settings, progress: bool = True,
               total: "int | TotalEstimate | None" = None, workers: int = 0,
               time_limit: float | None = None) -> dict:
    """Code a corpus into the database; safe to interrupt and re-run.

    ``workers=0`` codes in this process; ``workers=N`` in N worker processes (see the module
    docstring). ``time_limit`` (seconds a worker may spend on one document) defaults to
    ``settings.time_limit``. Returns the counts of this run, with ``seconds``."""
    from .parallel import rss_bytes
    from .store import Store
    limit = time_limit or getattr(settings, "time_limit", None) or DEFAULT_TIME_LIMIT
    workers = max(0, int(workers))
    label = f" ({workers} worker{'s' if workers != 1 else ''})" if workers else ""
    bar = Progress(progress, total, label)
    it = iter(inputs)
    with Store(db) as store:
        run = Run(store, settings, bar, workers, limit)
        try:
            if workers == 0:
                _run_inline(run, it)
            else:
                _run_workers(run, it)
            from .dedup import rebuild_clusters
            t0 = time.perf_counter()
            run.stats.clusters = rebuild_clusters(store)
            run._clock("main: clusters", t0)
        finally:
            seconds = bar.close()
    stats = run.stats.as_dict()
    stats["seconds"] = seconds
    if workers == 0:
        stats["parent_peak_rss"] = rss_bytes()
    return stats


def format_run_extra(stats: dict) -> str:
    """The closing lines about the machinery: workers, memory, replaced workers."""
    mb = 1e6
    w = stats.get("workers", 0)
    refused = ""
    if stats.get("refused"):
        refused = (f"\n{stats['refused']} input(s) refused: an earlier input of this run had the same id "
                   f"and another text.")
    if not w:
        return f"Ran in one process; memory {stats.get('parent_peak_rss', 0) / mb:.0f} MB.{refused}"
    parts = [f"Workers: {w}, peak memory per worker {stats['worker_peak_rss'] / mb:.0f} MB, "
             f"main process {stats['parent_peak_rss'] / mb:.0f} MB"]
    trouble = []
    if stats.get("timeouts"):
        trouble.append(f"{stats['timeouts']} over the time limit")
    if stats.get("crashes"):
        trouble.append(f"{stats['crashes']} crashed")
    if stats.get("retired"):
        trouble.append(f"{stats['retired']} recycled for memory")
    if trouble:
        parts.append("workers replaced: " + ", ".join(trouble))
    return "; ".join(parts) + "." + refused
