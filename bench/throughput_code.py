"""Throughput of the whole pipeline against bare spaCy on the same texts, in the same run.

    .venv/bin/python bench/throughput_code.py [--rounds 3] [--write]

Reads every story of ../shared/corpora/voa/voa_stories.jsonl. Each round times
(1) bare spaCy: the same model loaded with spacy.load, ``nlp.pipe`` over the texts, and
(2) eventwire: the whole pipeline (ingest, spaCy, actors, dates and places, events, quotes) on
the same stories as JSONL input. Rounds alternate so machine noise hits both; the ratio is the
median over rounds. ``--write`` puts the table into docs/BENCHMARKS.md between markers.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
VOA = ROOT.parent / "shared" / "corpora" / "voa" / "voa_stories.jsonl"
MARK = "throughput_code"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--write", action="store_true", help="update docs/BENCHMARKS.md")
    args = ap.parse_args()
    if not VOA.exists():
        sys.exit(f"{VOA} not found: the shared corpus is needed")
    import spacy

    from eventwire.config import Settings
    from eventwire.model import RawInput
    from eventwire.pipeline import Pipeline

    rows = [json.loads(line) for line in VOA.open(encoding="utf-8") if line.strip()]
    texts = [r["text"] for r in rows]
    settings = Settings()
    bare = spacy.load(settings.model)
    pipe = Pipeline(settings)
    # warm up both (first-call costs: lazy tables, caches)
    list(bare.pipe(texts[:5]))
    list(pipe.process([RawInput(doc_id="w", text=t, pub_date="2020-01-01") for t in texts[:5]]))

    def raws():
        return [RawInput(doc_id=r["id"], text=r["text"], pub_date=r.get("published"), title=r.get("title"),
                         url=r.get("url")) for r in rows]

    base_t, ew_t = [], []
    n_events = n_quotes = 0
    stage_totals: dict[str, float] = {}
    for _ in range(args.rounds):
        t0 = time.perf_counter()
        for _doc in bare.pipe(texts, batch_size=settings.batch_size):
            pass
        base_t.append(time.perf_counter() - t0)
        pipe.timings.clear()
        t0 = time.perf_counter()
        n_events = n_quotes = 0
        for res in pipe.process(raws()):
            n_events += len(res.events)
            n_quotes += len(res.quotes)
        ew_t.append(time.perf_counter() - t0)
        stage_totals = dict(pipe.timings)
    n = len(texts)
    chars = sum(len(t) for t in texts)
    ratios = [b / e for b, e in zip(base_t, ew_t)]
    b_med, e_med = statistics.median(base_t), statistics.median(ew_t)
    total = sum(stage_totals.values()) or 1.0
    lines = [
        f"Corpus: {n} VOA stories ({chars / n:.0f} characters on average), model `{settings.model}`, "
        f"{args.rounds} alternating rounds, batch size {settings.batch_size}, one process.",
        "",
        "| measure | value |",
        "|---|---|",
        f"| bare spaCy `nlp.pipe` | {n / b_med:.1f} docs/s |",
        f"| `eventwire` whole pipeline | {n / e_med:.1f} docs/s |",
        f"| ratio eventwire / bare spaCy (median of rounds) | {statistics.median(ratios):.2f} |",
        f"| events, quotes found | {n_events}, {n_quotes} |",
        "",
        "Time by stage in the last round (share of the pipeline's time):",
        "",
        "| stage | seconds | share |",
        "|---|---|---|",
    ]
    for k, v in sorted(stage_totals.items(), key=lambda kv: -kv[1]):
        lines.append(f"| {k} | {v:.2f} | {v / total:.1%} |")
    lines += ["", "Command: `.venv/bin/python bench/throughput_code.py --rounds 3 --write`"]
    table = "\n".join(lines)
    print(table)
    if args.write:
        write_section(ROOT / "docs" / "BENCHMARKS.md", MARK, table)


def write_section(path: Path, mark: str, body: str) -> None:
    start, end = f"<!-- {mark}:start -->", f"<!-- {mark}:end -->"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    block = f"{start}\n{body}\n{end}"
    if start in text and end in text:
        before = text.split(start)[0]
        after = text.split(end, 1)[1]
        text = before + block + after
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
