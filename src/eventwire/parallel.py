"""Worker processes for `eventwire run --workers N`.

Each worker is a process started with the 'spawn' method (no fork of a parent holding a DuckDB
connection or threads): it loads the spaCy model, the knowledge base and the lexicon once, then
codes tasks (a batch of inputs, or a single input when one is retried) that the parent sends.
The parent process is the only one that touches the database: a worker prepares its inputs, asks
the parent what to do with each one (code it, or skip it as already stored or as a duplicate),
codes the rest and sends every ``Result`` back as soon as it is done.

Messages on a worker's pipe (tuples, first item the kind)::

    worker -> parent                                   parent -> worker
    ("ready", pid, rss)            model loaded        ("task", task_id, [(seq, raw, decision)])
    ("begin", task_id)             task started        ("decide", task_id, {seq: decision})
    ("ask", task_id, info)         after ingest        ("stop",)
    ("tick", task_id, stage)       heartbeat
    ("result", task_id, seq, payload)
    ("done", task_id, rss, timings)
    ("retire", rss)                memory above the recycling threshold: the worker leaves
    ("fatal", message, is_model_error)

A decision is ``"code"``, ``"unchanged"`` (already stored with the same text: no work at all),
``"refused"`` (an id met earlier in the run with another text) or ``("duplicate", doc_id,
where)``; ``info`` lists ``(seq, doc_id, content_hash, status)`` of the prepared documents.
The parent watches the time a worker spends on its task and kills and replaces a worker that
exceeds the per-document time limit or dies (see ``runner.py``).

``code_documents`` (prepared documents -> results) is shared with the in-process mode and with
the Spark job (``spark.py``), so all three code a document exactly as ``Pipeline.process`` does.
"""
from __future__ import annotations

import gc
import multiprocessing as mp
import os
import signal
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Iterator

from .ingest.near_dup import signature_bytes
from .model import Document, RawInput, Result

if TYPE_CHECKING:  # pragma: no cover
    from .config import Settings
    from .pipeline import Pipeline

# a worker leaves (and is replaced) after a task that left it above this resident memory; spaCy's
# string store and caches only grow, so on a long run this keeps the memory of a worker bounded
WORKER_MAX_RSS_MB = float(os.environ.get("EVENTWIRE_WORKER_MAX_RSS_MB", "1500"))

# characters of text per spaCy batch (see nlp_chunks)
NLP_BATCH_CHARS = int(os.environ.get("EVENTWIRE_NLP_BATCH_CHARS", "40000"))

UNCHANGED = "unchanged"
REFUSED = "refused"
CODE = "code"


# -- coding ---------------------------------------------------------------------------------------

def prepare_safely(pipe: "Pipeline", raw: RawInput) -> Document:
    """``Pipeline.prepare`` that never raises (a failure becomes a failed document)."""
    try:
        return pipe.prepare(raw)
    except Exception as exc:  # ingest promises not to raise; keep the run going if it does
        return Document(doc_id=str(raw.doc_id), url=raw.url, title=raw.title, source=raw.source,
                        status="failed",
                        reason=f"internal error while preparing the input: {type(exc).__name__}: {exc}"[:300])


def code_documents(pipe: "Pipeline", docs: list[Document],
                   on_parsed: Callable[[], None] | None = None) -> Iterator[Result]:
    """Code prepared documents (status ``coded``), in order, the way ``Pipeline.process`` does:
    one ``nlp.pipe`` over the coded segments of all of them, then the stages document by document.

    A spaCy error on the batch is retried document by document so that only the document that
    causes it fails."""
    from . import nlp as nlp_mod
    from .analysis import Analysis
    from .pipeline import parse_date

    if not docs:
        if on_parsed:
            on_parsed()
        return
    t0 = time.perf_counter()
    analyses = [Analysis(d, parse_date(d.pub_date)) for d in docs]
    items = []
    for i, d in enumerate(docs):
        for seg in pipe.codable_segments(d):
            items.append((d.text[seg.start:seg.end], (i, seg)))
    failed: dict[int, str] = {}
    try:
        for chunk in nlp_chunks(items):
            for sdoc, (i, seg) in nlp_mod.pipe(pipe.nlp, chunk, batch_size=len(chunk)):
                analyses[i].add_part(sdoc, seg.start, seg.kind)
    except Exception:
        analyses = [Analysis(d, parse_date(d.pub_date)) for d in docs]
        for i, d in enumerate(docs):
            mine = [it for it in items if it[1][0] == i]
            try:
                for sdoc, (_, seg) in nlp_mod.pipe(pipe.nlp, mine, batch_size=pipe.settings.batch_size):
                    analyses[i].add_part(sdoc, seg.start, seg.kind)
            except Exception as exc:
                failed[i] = f"internal error in the spaCy stage: {type(exc).__name__}: {exc}"[:300]
    pipe.timings["spacy"] += time.perf_counter() - t0
    if on_parsed:
        on_parsed()
    for i, analysis in enumerate(analyses):
        if i in failed:
            d = docs[i]
            d.status, d.reason = "failed", failed[i]
            yield Result(d)
        else:
            yield pipe.annotate(analysis)


def nlp_chunks(items: list[tuple[str, Any]], budget: int | None = None) -> Iterator[list[tuple[str, Any]]]:
    """Consecutive runs of (text, context) items of at most ``budget`` characters (at least one
    item each). spaCy's parser holds arrays for every token of the batch it is given: batching
    by characters, not by documents, keeps a worker's peak memory bounded and barely moves its
    speed; the parse of each text does not depend on the batch it is in."""
    budget = budget or NLP_BATCH_CHARS
    chunk: list[tuple[str, Any]] = []
    size = 0
    for it in items:
        n = len(it[0])
        if chunk and size + n > budget:
            yield chunk
            chunk, size = [], 0
        chunk.append(it)
        size += n
    if chunk:
        yield chunk


def run_task(pipe: "Pipeline", task_id: int, items: list[tuple[int, RawInput, Any]],
             ask: Callable[[list[tuple]], dict[int, Any]], emit: Callable[[tuple], None]) -> None:
    """Prepare, ask what to do with each document (unless the decisions came with the task), code
    what is to be coded, and emit one ``result`` message per input, in order of completion."""
    emit(("begin", task_id))
    t0 = time.perf_counter()
    docs: list[tuple[int, Document]] = [(seq, prepare_safely(pipe, raw)) for seq, raw, _ in items]
    pipe.timings["ingest"] += time.perf_counter() - t0
    decisions = {seq: decision for seq, _, decision in items}
    undecided = [seq for seq, d in docs if d.status == "coded" and decisions.get(seq) is None]
    if undecided:
        info = [(seq, d.doc_id, d.content_hash if d.status == "coded" else None, d.status, signature_bytes(d))
                for seq, d in docs]
        decisions.update(ask(info))
    else:
        emit(("tick", task_id, "prepared"))
    to_code: list[tuple[int, Document]] = []
    for seq, d in docs:
        if d.status != "coded":
            emit(("result", task_id, seq, Result(d)))
            continue
        decision = decisions.get(seq) or CODE
        if decision in (UNCHANGED, REFUSED):  # nothing to do: the parent knows why
            emit(("result", task_id, seq, decision))
        elif isinstance(decision, tuple) and decision[0] == "duplicate":
            d.status, d.reason = "skipped", f"duplicate of {decision[1]}"
            emit(("result", task_id, seq, Result(d)))
        else:
            to_code.append((seq, d))
    results = code_documents(pipe, [d for _, d in to_code],
                             on_parsed=lambda: emit(("tick", task_id, "parsed")))
    for (seq, _), result in zip(to_code, results):
        emit(("result", task_id, seq, result))


# -- the worker process ----------------------------------------------------------------------------

def rss_bytes(pid: int | None = None) -> int:
    """Resident memory of a process (this one by default), in bytes; 0 when it cannot be read."""
    try:
        import psutil
        return int(psutil.Process(pid or os.getpid()).memory_info().rss)
    except Exception:
        pass
    try:
        with open(f"/proc/{pid or 'self'}/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except Exception:
        return 0


WARM_UP_TEXT = ("BERLIN, March 2, 2021 - German Chancellor Angela Merkel met French President Emmanuel Macron "
                "in Paris on Monday and urged Russia to release the protesters it arrested last week.\n\n"
                "\"We will not accept this,\" Macron said.")


def warm_up(pipe: "Pipeline") -> None:
    """Code one small story so that what the stages load on first use (place names, date
    parsing, caches) is loaded before the first real document, whose time limit it would eat."""
    try:
        list(pipe.process([RawInput(doc_id="warm-up", text=WARM_UP_TEXT, pub_date="2021-03-02")]))
    except Exception:
        pass
    pipe.timings.clear()


def _worker_main(conn, settings: "Settings", max_rss_mb: float) -> None:  # noqa: ANN001
    """The body of a worker process."""
    # Ctrl-C goes to the whole process group: the parent decides what stops, not the workers
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # one core per worker: the workers are the parallelism (no BLAS/OpenMP threads on top)
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    try:
        from .nlp import ModelNotFound
        from .pipeline import Pipeline
        try:
            pipe = Pipeline(settings)
        except (ModelNotFound, ValueError) as exc:  # as `eventwire code` says: a usage error
            conn.send(("fatal", str(exc), True))
            return
        except Exception as exc:
            conn.send(("fatal", f"the worker could not load the pipeline: {type(exc).__name__}: {exc}", False))
            return
        warm_up(pipe)
        # a worker makes many short-lived objects per batch and few cycles: collecting the
        # youngest generation every 50,000 allocations instead of 700 saves ~5% of our stages'
        # time, for a few MB at most
        gc.set_threshold(50_000, 50, 1000)
        conn.send(("ready", os.getpid(), rss_bytes()))
        while True:
            msg = conn.recv()
            if msg[0] != "task":
                return
            task_id, items = msg[1], msg[2]

            def ask(info: list[tuple], task_id: int = task_id) -> dict[int, Any]:
                conn.send(("ask", task_id, info))
                reply = conn.recv()
                if reply[0] != "decide":
                    raise SystemExit(0)
                return reply[2]

            pipe.timings.clear()
            run_task(pipe, task_id, items, ask, conn.send)
            rss = rss_bytes()
            conn.send(("done", task_id, rss, dict(pipe.timings)))
            if max_rss_mb and rss > max_rss_mb * 1e6:
                conn.send(("retire", rss))
                return
    except (EOFError, BrokenPipeError, ConnectionResetError, KeyboardInterrupt):
        return  # the parent went away


@dataclass
class Worker:
    """The parent's handle on one worker process."""

    number: int
    proc: Any
    conn: Any
    state: str = "starting"  # starting | idle | busy | asking | gone
    task: int | None = None
    deadline: float | None = None  # monotonic time by which the worker must report again
    started: float = field(default_factory=time.monotonic)
    peak_rss: int = 0
    docs: int = 0
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def pid(self) -> int | None:
        return self.proc.pid

    def send(self, msg: tuple) -> bool:
        try:
            self.conn.send(msg)
            return True
        except (BrokenPipeError, ConnectionResetError, OSError):
            return False

    def kill(self) -> int | None:
        """End the process (it may be stuck in a document) and return its exit code."""
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(5)
        try:
            self.conn.close()
        except OSError:
            pass
        self.state = "gone"
        return self.proc.exitcode

    def stop(self) -> None:
        """Ask an idle worker to leave, then make sure it did."""
        self.send(("stop",))
        self.proc.join(5)
        self.kill()


def start_worker(number: int, settings: "Settings", max_rss_mb: float = WORKER_MAX_RSS_MB,
                 method: str = "spawn") -> Worker:
    """Start a worker process ('spawn' by default: safe with threads and open files in the parent)."""
    ctx = mp.get_context(method)
    parent_end, child_end = ctx.Pipe(duplex=True)
    proc = ctx.Process(target=_worker_main, args=(child_end, settings, max_rss_mb),
                       name=f"eventwire-worker-{number}", daemon=True)
    proc.start()
    child_end.close()
    return Worker(number=number, proc=proc, conn=parent_end)


def default_workers() -> int:
    """The cores this process may use (CPU affinity and, on Linux, the cgroup CPU quota)."""
    try:
        n = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        n = os.cpu_count() or 1
    try:  # containers: cgroup v2 quota "max 100000" or "200000 100000"
        with open("/sys/fs/cgroup/cpu.max") as fh:
            quota, period = fh.read().split()[:2]
        if quota != "max":
            n = min(n, max(1, int(int(quota) / int(period))))
    except (OSError, ValueError):
        pass
    return max(1, n)


def exit_reason(code: int | None) -> str:
    if code is None:
        return "the worker process stopped answering"
    if code < 0:
        sig = -code
        try:
            name = signal.Signals(sig).name
        except ValueError:
            name = f"signal {sig}"
        hint = " (out of memory?)" if sig == signal.SIGKILL else ""
        return f"the worker process was killed by {name}{hint}"
    return f"the worker process exited with status {code}"
