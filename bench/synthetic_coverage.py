"""Coverage of the trigger lexicon on synthetic stories labelled with a PLOVER type and mode.

    .venv/bin/python bench/synthetic_coverage.py [--per-type 60] [--all] [--seed 13] [--write]
                                                 [--modes] [--dump events.jsonl] [--type PROTEST]

Reads ../shared/eval/synthetic_stories/synthetic_events.csv.gz (stories written by a language
model to show one PLOVER type each; see its README: a coverage check, never a score, and no
text of it is ever committed). For each sampled story the whole pipeline runs; per labelled type
the table gives

* coverage: share of stories in which at least one (non-negated) event of the labelled type is
  coded;
* mode: among stories whose label has a mode we also have, share in which an event of the
  labelled type *and* mode is coded;
* events/story: all events coded per story (a proxy for spraying);
* other types: the types coded most often besides the labelled one (share of stories).

Stories are sampled per type (``--per-type``, seeded) unless ``--all``. ``--modes`` adds a table
per labelled mode. ``--dump`` writes each story's label and events (type, mode, trigger,
sentence) as JSON lines for reading misses; keep such dumps outside the repository. ``--write``
puts the main table into docs/ACCURACY.md between markers.
"""
from __future__ import annotations

import argparse
import csv
import gzip
import json
import random
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))
DATA = ROOT.parent / "shared" / "eval" / "synthetic_stories" / "synthetic_events.csv.gz"
MARK = "synthetic_coverage"

# The stories' mode labels (an older PLOVER draft, with its spellings) -> today's modes.
# None: the label names no mode we code (the type still counts for coverage).
MODE_MAP = {
    ("ASSAULT", "ASSASSINATE"): "targeted", ("ASSAULT", "EXECUTE"): "targeted",
    ("ASSAULT", "MASSACRE"): "targeted", ("ASSAULT", "PRIMATIVE"): "primitive",
    ("ASSAULT", "CLEANSING"): None,
    ("COERCE", "SIEZE"): "seize", ("COERCE", "BAN"): "restrict",
    ("THREATEN", "BAN"): "restrict",
    ("RETREAT", "RETURN"): None,
}


def our_mode(label: str, mode: str) -> str | None:
    if not mode:
        return None
    key = (label, mode.upper())
    if key in MODE_MAP:
        return MODE_MAP[key]
    return mode.lower()


def load_rows() -> list[dict]:
    with gzip.open(DATA, "rt", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for i, r in enumerate(rows):
        r["_id"] = f"syn-{i}"
    return rows


def sample(rows: list[dict], per_type: int, seed: int, only: set[str] | None) -> list[dict]:
    by_type: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        if only is None or r["label"] in only:
            by_type[r["label"]].append(r)
    rng = random.Random(seed)
    out = []
    for t in sorted(by_type):
        rs = by_type[t]
        out += rs if per_type <= 0 or len(rs) <= per_type else rng.sample(rs, per_type)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--per-type", type=int, default=60)
    ap.add_argument("--all", action="store_true", help="every story (4,500)")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--type", action="append", help="only this labelled type (repeatable)")
    ap.add_argument("--modes", action="store_true", help="add a table per labelled mode")
    ap.add_argument("--dump", help="write each story's label and events as JSON lines here")
    ap.add_argument("--write", action="store_true", help="update docs/ACCURACY.md")
    args = ap.parse_args()
    if not DATA.exists():
        sys.exit(f"{DATA} not found: the shared material is needed")

    from eventwire.config import Settings
    from eventwire.model import RawInput
    from eventwire.pipeline import Pipeline

    rows = sample(load_rows(), 0 if args.all else args.per_type, args.seed,
                  {t.upper() for t in args.type} if args.type else None)
    pipe = Pipeline(Settings())
    raws = [RawInput(doc_id=r["_id"], text=r["text"], pub_date="2023-06-01") for r in rows]
    t0 = time.perf_counter()
    results = {res.document.doc_id: res for res in pipe.process(raws)}
    secs = time.perf_counter() - t0

    per_type: dict[str, dict] = defaultdict(lambda: {"n": 0, "hit": 0, "mode_n": 0, "mode_hit": 0,
                                                     "events": 0, "other": Counter()})
    per_mode: dict[tuple[str, str], dict] = defaultdict(lambda: {"n": 0, "hit": 0, "mode_hit": 0,
                                                                 "found": Counter()})
    dump = open(args.dump, "w", encoding="utf-8") if args.dump else None
    for r in rows:
        label, mode = r["label"], our_mode(r["label"], r["mode"])
        evs = [e for e in results[r["_id"]].events if "negated" not in e.context]
        types = {e.event_type for e in evs}
        s = per_type[label]
        s["n"] += 1
        s["events"] += len(evs)
        hit = label in types
        s["hit"] += hit
        for t in types - {label}:
            s["other"][t] += 1
        mode_hit = any(e.event_type == label and e.mode == mode for e in evs)
        if mode:
            s["mode_n"] += 1
            s["mode_hit"] += mode_hit
        m = per_mode[(label, r["mode"] or "-")]
        m["n"] += 1
        m["hit"] += hit
        m["mode_hit"] += mode_hit
        for e in evs:
            if e.event_type == label:
                m["found"][e.mode or "-"] += 1
        if dump:
            dump.write(json.dumps({
                "id": r["_id"], "label": label, "mode": r["mode"], "hit": hit, "mode_hit": mode_hit,
                "events": [{"type": e.event_type, "mode": e.mode, "trigger": e.trigger.text,
                            "cameo": e.cameo, "context": e.context,
                            "actors": [a.country for a in e.actors],
                            "recipients": [a.country for a in e.recipients],
                            "sentence": e.sentence.text} for e in results[r["_id"]].events],
            }) + "\n")
    if dump:
        dump.close()

    n_all = sum(s["n"] for s in per_type.values())
    cmd = "`.venv/bin/python bench/synthetic_coverage.py" + (" --all" if args.all else
                                                            f" --per-type {args.per_type} --seed {args.seed}") + "`"
    lines = [
        f"Command: {cmd} ({n_all} stories, {secs:.0f} s). Stories written by a language model to show "
        "one PLOVER type each (NGEC-2025 synthetic set): a coverage check, not an accuracy score. "
        "Coverage: share of stories with an event of the labelled type; mode: share with that type "
        "and the labelled mode (stories whose label has one of our modes); events/story: all events "
        "coded (spraying proxy); other types: share of stories that also get them.",
        "",
        "| type | stories | coverage | mode | events/story | other types coded (share of stories) |",
        "|---|---|---|---|---|---|",
    ]
    tot = {"n": 0, "hit": 0, "mode_n": 0, "mode_hit": 0, "events": 0}
    for t in sorted(per_type):
        s = per_type[t]
        for k in tot:
            tot[k] += s[k]
        mode = f"{s['mode_hit'] / s['mode_n']:.0%} of {s['mode_n']}" if s["mode_n"] else "-"
        other = ", ".join(f"{k} {v / s['n']:.0%}" for k, v in s["other"].most_common(3))
        lines.append(f"| {t} | {s['n']} | {s['hit'] / s['n']:.0%} | {mode} | {s['events'] / s['n']:.1f} | {other} |")
    macro = sum(s["hit"] / s["n"] for s in per_type.values()) / max(1, len(per_type))
    lines.append(f"| **all** | {tot['n']} | {tot['hit'] / max(1, tot['n']):.0%} (macro {macro:.0%}) | "
                 f"{tot['mode_hit'] / max(1, tot['mode_n']):.0%} of {tot['mode_n']} | "
                 f"{tot['events'] / max(1, tot['n']):.1f} | |")
    table = "\n".join(lines)
    print(table)
    if args.modes:
        print("\n| type | labelled mode | stories | coverage | mode found | modes of the type's events |")
        print("|---|---|---|---|---|---|")
        for (t, md) in sorted(per_mode):
            m = per_mode[(t, md)]
            found = ", ".join(f"{k} {v}" for k, v in m["found"].most_common(4))
            print(f"| {t} | {md} | {m['n']} | {m['hit'] / m['n']:.0%} | {m['mode_hit'] / m['n']:.0%} | {found} |")
    if args.write:
        from throughput_code import write_section
        write_section(ROOT / "docs" / "ACCURACY.md", MARK, table)


if __name__ == "__main__":
    main()
