"""Throughput of `eventwire run` with 1 and 2 worker processes against bare spaCy, in one run.

    .venv/bin/python bench/throughput.py [--docs 2000] [--write]
    .venv/bin/python bench/throughput.py --memory [--docs 10000] [--write]

The corpus: the stories of ../shared/corpora/voa/voa_stories.jsonl repeated to about --docs
documents. Copy k of a story gets the id ``<id>~<k>`` and one extra closing line, ``Copy <k>.``,
so that no two texts are equal; the run keeps near-duplicates (``--keep-near-duplicates``), so every
copy is coded.

Default mode, in this order, on the same texts:
1. bare spaCy: the same model loaded with ``spacy.load``, ``nlp.pipe`` over the texts in this
   process (the floor: parsing alone);
2. ``eventwire run`` with 1 worker, then with 2 workers: ``runner.run_corpus`` on the corpus as a
   JSONL file into a fresh DuckDB file (the code path of the command: reading, worker processes,
   decisions, one transaction per batch). Times are wall clock from start to the last write,
   model loading in the workers included.
Peak memory per worker is the largest resident set (RSS) a worker reported after its batches.

``--memory``: one run with 2 workers over --docs documents (default 10,000), sampling the
resident memory of the main process and of each worker as the documents go by; the table shows
it at 1,000 and at the last sample. ``--write`` puts the table into docs/BENCHMARKS.md between
the markers of the mode.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))
VOA = ROOT.parent / "shared" / "corpora" / "voa" / "voa_stories.jsonl"
MB = 1e6


def make_corpus(n: int, folder: Path) -> tuple[Path, list[str]]:
    """The VOA stories repeated to n documents, with distinct ids and texts; (JSONL path, texts)."""
    rows = [json.loads(line) for line in VOA.open(encoding="utf-8") if line.strip()]
    path = folder / "corpus.jsonl"
    texts = []
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            r = rows[i % len(rows)]
            k = i // len(rows)
            text = r["text"] if k == 0 else f"{r['text'].rstrip()}\n\nCopy {k}."
            texts.append(text)
            fh.write(json.dumps({"id": f"{r['id']}~{k}", "text": text, "pub_date": r.get("published"),
                                 "title": r.get("title"), "url": r.get("url")}, ensure_ascii=False) + "\n")
    return path, texts


def bare_spacy(texts: list[str], model: str) -> tuple[float, float]:
    """Seconds to load the model (import and ``spacy.load``, in a fresh process), and seconds for
    ``nlp.pipe`` over the texts, batched by characters as eventwire batches them."""
    t_start = time.perf_counter()
    import spacy

    from eventwire.parallel import nlp_chunks
    nlp = spacy.load(model)
    t_load = time.perf_counter() - t_start
    list(nlp.pipe(texts[:8]))  # warm up
    t0 = time.perf_counter()
    for chunk in nlp_chunks([(t, None) for t in texts]):
        for _ in nlp.pipe([t for t, _ in chunk], batch_size=len(chunk)):
            pass
    return t_load, time.perf_counter() - t0


class Sampler:
    """Samples the memory of this process and of its child processes (the workers)."""

    def __init__(self, counter):
        import psutil
        self.me = psutil.Process()
        self.counter = counter
        self.samples: list[tuple[int, float, list[float]]] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.loop, daemon=True)

    def sample(self) -> None:
        kids = []
        for c in self.me.children(recursive=True):
            try:
                if any("resource_tracker" in part for part in c.cmdline()):
                    continue  # multiprocessing's helper process, not a worker
                kids.append(c.memory_info().rss / MB)
            except Exception:
                pass
        self.samples.append((self.counter(), self.me.memory_info().rss / MB, kids))

    def loop(self) -> None:
        while not self.stop.wait(2.0):
            self.sample()

    def __enter__(self) -> "Sampler":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        self.thread.join()


def run_eventwire(corpus: Path, db: Path, workers: int, settings, counter=None) -> tuple[float, dict]:
    from eventwire.ingest import iter_inputs
    from eventwire.runner import run_corpus

    def inputs():
        for raw in iter_inputs([str(corpus)]):
            if counter is not None:
                counter[0] += 1
            yield raw
    import psutil
    me = psutil.Process()
    c0 = me.cpu_times()
    t0 = time.perf_counter()
    stats = run_corpus(inputs(), str(db), settings, progress=sys.stderr.isatty(), workers=workers)
    secs = time.perf_counter() - t0
    c1 = me.cpu_times()
    stats["cpu_main"] = (c1.user - c0.user) + (c1.system - c0.system)
    stats["cpu_workers"] = (c1.children_user - c0.children_user) + (c1.children_system - c0.children_system)
    return secs, stats


def done_of(stats: dict) -> int:
    return stats["coded"] + stats["skipped"] + stats["failed"]


def speed(args, settings, tmp: Path) -> str:
    corpus, texts = make_corpus(args.docs, tmp)
    n = len(texts)
    chars = sum(len(t) for t in texts) / n
    load0 = os.getloadavg()[0]
    print(f"bare spaCy on {n} texts ...", file=sys.stderr)
    import multiprocessing as mp
    with mp.get_context("spawn").Pool(1) as pool:  # its own process: the main one stays as `run` has it
        t_load, t_bare = pool.apply(bare_spacy, (texts, settings.model))
    rows = []
    results = {}
    for w in args.workers:
        print(f"eventwire run, {w} worker(s) ...", file=sys.stderr)
        secs, stats = run_eventwire(corpus, tmp / f"w{w}.duckdb", w, settings)
        done = stats["coded"] + stats["skipped"] + stats["failed"]
        assert stats["skipped"] == 0 and stats["failed"] == 0, stats
        results[w] = (secs, stats)
        rows.append((w, done / secs, stats))
        print(f"  {done / secs:.1f} docs/s; {stats['timings']}", file=sys.stderr)
    load1 = os.getloadavg()[0]
    bare_rate = n / t_bare
    cold_rate = n / (t_load + t_bare)
    one = next((r for w, r, _ in rows if w == 1), None)
    lines = [
        f"Corpus: the {min(n, 77)} VOA stories repeated to {n} documents ({chars:.0f} characters on average); "
        "copy k of a story has the id `<id>~<k>` and an extra closing line `Copy <k>.`, so every text differs (and near-duplicates are kept, `--keep-near-duplicates`) "
        "and none is skipped as a duplicate. "
        f"Model `{settings.model}`, batch size {settings.batch_size}, {os.cpu_count()} cores.",
        "",
        "| measure | docs/s | against bare spaCy | against bare spaCy from a cold start | against 1 worker "
        "| peak RSS per worker | main process RSS | CPU: main process, workers | cores used |",
        "|---|---|---|---|---|---|---|---|---|",
        f"| bare spaCy `nlp.pipe`, model already loaded | {bare_rate:.1f} | 1.00 | | | | | | |",
        f"| bare spaCy from a cold start: `spacy.load` ({t_load:.1f} s) + `nlp.pipe` | {cold_rate:.1f} | "
        f"{cold_rate / bare_rate:.2f} | 1.00 | | | | | |",
    ]
    for w, rate, stats in rows:
        vs_one = f"{rate / one:.2f}x" if one else ""
        lines.append(f"| `eventwire run --workers {w}` | {rate:.1f} | {rate / bare_rate:.2f} | "
                     f"{rate / cold_rate:.2f} | {vs_one} | "
                     f"{stats['worker_peak_rss'] / MB:.0f} MB | {stats['parent_peak_rss'] / MB:.0f} MB | "
                     f"{stats['cpu_main']:.0f} s, {stats['cpu_workers']:.0f} s | "
                     f"{(stats['cpu_main'] + stats['cpu_workers']) / (done_of(stats) / rate):.2f} |")
    w_last, _, st = rows[-1]
    ev = {w: (s["events"], s["quotes"]) for w, (_, s) in results.items()}
    same = len(set(ev.values())) == 1
    lines += [
        "",
        f"Events, quotes stored: {ev[w_last][0]}, {ev[w_last][1]}"
        + (" (the same with every worker count)" if same else f" (differ by worker count: {ev})") + ". "
        "eventwire times are wall clock for the whole run: reading the JSONL, starting the workers "
        "(each loads the model and the knowledge once, a few seconds), coding, and writing every batch "
        "to a fresh DuckDB file, and rebuilding the clusters of reports; bare spaCy times `nlp.pipe` alone, "
        "model already loaded, with the same batches (about 40,000 characters each), and, for the same work "
        "from a cold start as `run` does it, with the model's loading added (a fresh process: importing "
        "spaCy and `spacy.load`). "
        f"Load average of the machine (1 min) before and after: {load0:.1f}, {load1:.1f}. "
        "Cores used = CPU seconds of the main process and the workers over wall seconds: when it stays "
        "near 1 with 2 workers, other processes held the second core and the 2-worker figure measures "
        "that, not scaling. Per-document worker CPU: "
        + ", ".join(f"{w} worker(s) {1000 * st['cpu_workers'] / done_of(st):.0f} ms" for w, _, st in rows)
        + "; main process: "
        + ", ".join(f"{1000 * st['cpu_main'] / done_of(st):.0f} ms" for w, _, st in rows)
        + " (mostly `Store.write`).",
        "",
        f"Command: `.venv/bin/python bench/throughput.py --docs {args.docs} --write`",
    ]
    return "\n".join(lines)


def memory(args, settings, tmp: Path) -> str:
    corpus, texts = make_corpus(args.docs, tmp)
    n = len(texts)
    counter = [0]
    w = args.workers[-1]
    with Sampler(lambda: counter[0]) as sampler:
        secs, stats = run_eventwire(corpus, tmp / "mem.duckdb", w, settings, counter=counter)
    samples = sampler.samples

    def at(k: int) -> tuple[int, float, list[float]]:
        best = min(samples, key=lambda s: abs(s[0] - k))
        return best

    marks = [m for m in (1_000, 2_500, 5_000, 7_500, 10_000, 20_000, 50_000) if m <= n]
    if not marks or marks[-1] != n:
        marks.append(n)
    lines = [
        f"One run of `eventwire run --workers {w}` over {n} documents (the VOA stories repeated, as above) "
        f"in {secs:.0f} s ({n / secs:.1f} docs/s); resident memory sampled every 2 s, shown at the sample "
        "nearest each count of documents read.",
        "",
        "| documents read | main process | each worker |",
        "|---|---|---|",
    ]
    for m in marks:
        k, parent, kids = at(m)
        lines.append(f"| {k:,} | {parent:.0f} MB | {', '.join(f'{x:.0f} MB' for x in kids) or '-'} |")
    first, last = at(1_000), at(n)
    grow_p = last[1] - first[1]
    grow_w = (max(last[2]) if last[2] else 0) - (max(first[2]) if first[2] else 0)
    lines += [
        "",
        f"From 1,000 to {n:,} documents: main process {grow_p:+.0f} MB, largest worker {grow_w:+.0f} MB; "
        f"peak per worker {stats['worker_peak_rss'] / MB:.0f} MB, workers recycled for memory: {stats['retired']}.",
        "",
        f"Command: `.venv/bin/python bench/throughput.py --memory --docs {n} --write`",
    ]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=None, help="documents (default 2,000; 10,000 with --memory)")
    ap.add_argument("--workers", type=int, nargs="+", default=None, help="worker counts to measure (default 1 2)")
    ap.add_argument("--memory", action="store_true", help="memory over a long run instead of speed")
    ap.add_argument("--write", action="store_true", help="update docs/BENCHMARKS.md")
    args = ap.parse_args()
    if not VOA.exists():
        sys.exit(f"{VOA} not found: the shared corpus is needed")
    args.docs = args.docs or (10_000 if args.memory else 2_000)
    args.workers = args.workers or ([2] if args.memory else [1, 2])
    from eventwire.config import Settings
    from throughput_code import write_section

    settings = Settings(near_duplicates=False)  # the copies are near-duplicates by design: code them all
    with tempfile.TemporaryDirectory(prefix="eventwire-bench-") as tmp:
        if args.memory:
            table, mark = memory(args, settings, Path(tmp)), "throughput_memory"
        else:
            table, mark = speed(args, settings, Path(tmp)), "throughput"
    print(table)
    if args.write:
        write_section(ROOT / "docs" / "BENCHMARKS.md", mark, table)


if __name__ == "__main__":
    main()
