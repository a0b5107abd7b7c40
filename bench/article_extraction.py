#!/usr/bin/env python3
"""Article extraction benchmark: eventwire's article segments against trafilatura alone.

Data: ../shared/eval/article_extraction (181 gzipped news and blog pages and ground-truth.json,
``{key: {url, articleBody}}``). Scoring follows that benchmark: per page, the word 4-gram
shingles (``\\w+`` tokens, counted with multiplicity) of the extracted text against those of
``articleBody``, true/false positives and negatives normalised by the page's total; precision
averaged over pages where something was extracted, recall over pages with gold text, F1 of the two
averages.

Run:  .venv/bin/python bench/article_extraction.py [--data DIR] [--show-worst N] [--write]

``--write`` puts the table, with the command, into docs/ACCURACY.md between the markers
``<!-- article_extraction:start -->`` and ``<!-- article_extraction:end -->``.
"""
from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from eventwire.config import Settings  # noqa: E402
from eventwire.ingest import prepare  # noqa: E402
from eventwire.model import RawInput  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "eval" / "article_extraction"
MARK = "article_extraction"
COMMAND = ".venv/bin/python bench/article_extraction.py --write"
_WORD = re.compile(r"\w+")


def shingles(text: str, n: int = 4) -> Counter:
    words = _WORD.findall(text or "")
    if len(words) < n:
        return Counter([tuple(words)]) if words else Counter()
    return Counter(tuple(words[i: i + n]) for i in range(len(words) - n + 1))


def page_counts(gold: str, pred: str) -> tuple[float, float, float]:
    """(tp, fp, fn) of one page, as shares of their sum."""
    g, p = shingles(gold), shingles(pred)
    tp = sum((g & p).values())
    fp = sum((p - g).values())
    fn = sum((g - p).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def summary(rows: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    def prec(tp: float, fp: float, fn: float) -> float:
        if fp == 0 and fn == 0:
            return 1.0
        return tp / (tp + fp) if tp + fp else 0.0

    def rec(tp: float, fp: float, fn: float) -> float:
        if fp == 0 and fn == 0:
            return 1.0
        return tp / (tp + fn) if tp + fn else 0.0

    ps = [prec(*r) for r in rows if r[0] + r[1] > 0]
    rs = [rec(*r) for r in rows if r[0] + r[2] > 0]
    p = sum(ps) / len(ps) if ps else 0.0
    r = sum(rs) / len(rs) if rs else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def eventwire_article(html: str, url: str | None, settings: Settings) -> str:
    doc = prepare(RawInput(doc_id="page", html=html, url=url), settings)
    return "\n\n".join(doc.text[s.start: s.end] for s in doc.segments if s.kind == "article")


def trafilatura_alone(html: str, url: str | None, settings: Settings) -> str:
    import trafilatura

    return trafilatura.extract(html) or ""


def trafilatura_no_comments(html: str, url: str | None, settings: Settings) -> str:
    import trafilatura

    return trafilatura.extract(html, include_comments=False) or ""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--show-worst", type=int, default=0, help="list the N pages where eventwire scores worst")
    ap.add_argument("--write", action="store_true", help="put the table into docs/ACCURACY.md")
    args = ap.parse_args()
    truth_path = args.data / "ground-truth.json"
    if not truth_path.exists():
        print(f"benchmark data not found at {args.data}", file=sys.stderr)
        return 2
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    pages = {}
    for key in truth:
        with gzip.open(args.data / "html" / f"{key}.html.gz", "rt", encoding="utf-8") as fh:
            pages[key] = fh.read()
    settings = Settings()
    prepare(RawInput(doc_id="warm-up", text="Warm up the language identifier."), settings)

    systems = {"eventwire prepare() article segments": eventwire_article,
               "trafilatura.extract (bare)": trafilatura_alone,
               "trafilatura.extract(include_comments=False) (the benchmark's own runner)": trafilatura_no_comments}
    results = {}
    per_page: dict[str, dict[str, tuple[float, float, float]]] = {}
    for name, fn in systems.items():
        rows = {}
        t0 = time.perf_counter()
        for key, html in pages.items():
            rows[key] = page_counts(truth[key].get("articleBody", ""), fn(html, truth[key].get("url"), settings))
        ms = (time.perf_counter() - t0) * 1000 / len(pages)
        results[name] = (*summary(list(rows.values())), ms)
        per_page[name] = rows

    table = report(results, len(pages))
    print(f"Article extraction, {len(pages)} pages ({args.data})\n")
    print(table)
    if args.write:
        from throughput_code import write_section

        write_section(ROOT / "docs" / "ACCURACY.md", MARK, table)
        print("\nwrote docs/ACCURACY.md", file=sys.stderr)
    if args.show_worst:
        ours = per_page["eventwire prepare() article segments"]
        base = per_page["trafilatura.extract (bare)"]
        print("\nworst pages for eventwire (tp share, ours vs trafilatura):")
        for key in sorted(ours, key=lambda k: ours[k][0])[: args.show_worst]:
            print(f"  {key[:16]}  {ours[key][0]:.2f}  {base[key][0]:.2f}  {truth[key].get('url')}")
    return 0


def report(results: dict[str, tuple[float, float, float, float]], n_pages: int) -> str:
    """The markdown table and how it was made (what --write puts into docs/ACCURACY.md)."""
    ours = results["eventwire prepare() article segments"]
    lines = [
        f"Command: `{COMMAND}` (data: `../shared/eval/article_extraction`, {n_pages} news and blog pages "
        "with gold article text). Score as in that benchmark: per page, precision and recall of word "
        "4-gram shingles of the extracted text against the gold `articleBody`, averaged over pages; F1 of "
        "the averages. eventwire's text is the `article` segments of `eventwire extract` (teasers, "
        "boilerplate and comments left out).",
        "",
        "| system | precision | recall | F1 | ms/page |",
        "|---|---|---|---|---|",
    ]
    for name, (p, r, f, ms) in results.items():
        lines.append(f"| {name} | {p:.3f} | {r:.3f} | {f:.3f} | {ms:.1f} |")
    lines += ["", f"Target (issue 6): F1 >= 0.95 for eventwire; measured **{ours[2]:.3f}**."]
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
