"""Event coding and actor resolution on the PLOVER gold-standard sentences (dev part).

    .venv/bin/python bench/plover_dev.py [--write] [--gold PATH]

Runs the same scoring as ``eventwire evaluate ../shared/eval/plover_gsr/dev.jsonl`` and, with
``--write``, puts the figures, the per-type table, the targets of issues 3 and 4 and the actor
resolution misses into docs/ACCURACY.md between the ``plover_dev`` markers.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
SHARED = ROOT.parent / "shared"

TARGETS = [("recall", "event-type recall", 0.85), ("precision", "event-type precision", 0.80),
           ("macro_f1", "macro-F1", 0.80), ("actor_country_accuracy", "actor-country accuracy (matched events)", 0.85),
           ("recipient_country_accuracy", "recipient-country accuracy (matched events)", 0.80)]


def report(r: dict, commit: str) -> str:
    ar = r["actor_resolution"]
    out = [f"Command: `eventwire evaluate ../shared/eval/plover_gsr/dev.jsonl` (this section: "
           f"`.venv/bin/python bench/plover_dev.py --write`), at commit `{commit}`. "
           f"{r['sentences']} sentences, {r['gold_events']} gold events, {r['system_events']} system events. "
           "A system event counts when its type matches a gold event of its sentence; actor and recipient "
           "countries are then compared (gold countries among the system's; IGO/NGO as sectors).", "",
           "| measure | value | target |", "|---|---|---|"]
    for key, label, goal in TARGETS:
        v = r[key]
        out.append(f"| {label} | **{v:.3f}** | >= {goal:.2f} {'(met)' if v >= goal else '(not met)'} |")
    out.append(f"| event-type F1 | {r['f1']:.3f} | |")
    out.append(f"| gold actor/recipient texts resolved to the gold country (issue 4) | **{ar['country_accuracy']:.3f}** "
               f"of {ar['mentions']} | >= 0.90 {'(met)' if ar['country_accuracy'] >= 0.90 else '(not met)'} |")
    out.append(f"| ... to the gold sector, where the gold gives one | **{ar['sector_accuracy']:.3f}** "
               f"of {ar['with_gold_sector']} | >= 0.75 {'(met)' if ar['sector_accuracy'] >= 0.75 else '(not met)'} |")
    out += ["", "| type | gold | system | matched | P | R | F1 |", "|---|---|---|---|---|---|---|"]
    for t, s in r["per_type"].items():
        out.append(f"| {t} | {s['gold']} | {s['system']} | {s['matched']} | {s['precision']:.3f} | "
                   f"{s['recall']:.3f} | {s['f1']:.3f} |")
    out += ["", f"Gold events missed: {len(r['misses'])}; system events matching no gold event: "
            f"{len(r.get('false_positives', []))} (many are real second events of a sentence that the gold, "
            "one event per sentence, leaves out). `eventwire evaluate ... --json` lists both, with each "
            "event's `why`.", "",
            f"Actor resolution misses ({len(ar['misses'])}; gold span -> gold country, system country):", ""]
    for m in ar["misses"]:
        out.append(f"- \"{m['text']}\" -> {m['gold']}, got {m['got'] or 'nothing'}")
    return "\n".join(out)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--gold", default=str(SHARED / "eval" / "plover_gsr" / "dev.jsonl"))
    args = ap.parse_args()
    from eventwire.config import Settings
    from eventwire.evaluate import evaluate_file
    from eventwire.pipeline import Pipeline
    r = evaluate_file(args.gold, Pipeline(Settings()))
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                            text=True).stdout.strip() or "?"
    body = report(r, commit)
    print(body)
    if args.write:
        sys.path.insert(0, str(ROOT / "bench"))
        from throughput_code import write_section
        write_section(ROOT / "docs" / "ACCURACY.md", "plover_dev", body)


if __name__ == "__main__":
    main()
