"""The founding page against ../shared/acceptance/seed_expected.json, as a report.

    .venv/bin/python bench/seed_report.py [--write]

Prints which expected events and quotes are found (the rules of seed_expected.json), how many
events and quotes were coded in all, and the actor mentions. ``--write`` puts the report into
docs/ACCURACY.md between markers.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))
SHARED = ROOT.parent / "shared"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args()
    from eventwire.config import Settings
    from eventwire.ingest import iter_inputs
    from eventwire.pipeline import Pipeline
    from test_seed_acceptance import _line_of, _line_spans, _matches

    expected = json.loads((SHARED / "acceptance" / "seed_expected.json").read_text(encoding="utf-8"))
    path = SHARED / "seed" / "g20_hamburg_blog_page.txt"
    pipe = Pipeline(Settings(pub_date=expected["pub_date"]))
    raw = next(iter_inputs([str(path)]))
    analysis = pipe.analyse(raw)
    result = pipe.annotate(analysis)
    lines = path.read_text(encoding="utf-8").split("\n")
    spans = _line_spans(result.document.text, lines)
    out = ["Command: `eventwire code ../shared/seed/g20_hamburg_blog_page.txt --pub-date 2017-07-07` "
           "(report: `.venv/bin/python bench/seed_report.py --write`)", "",
           "| expected event | type | found | system event (actors -> recipients, date, place) |", "|---|---|---|---|"]
    n_ev = 0
    for e in expected["events"]:
        hit = next((ev for ev in result.events if _matches(ev, e)), None)
        n_ev += hit is not None
        desc = "-"
        if hit:
            a = ",".join(x.country or "?" for x in hit.actors)
            r = ",".join(x.country or "?" for x in hit.recipients) or "-"
            desc = f"{a} -> {r}, {hit.date}, {hit.location.name + ' ' + str(hit.location.country) if hit.location else '-'}"
        out.append(f"| {e['id']} | {e['event_type']} | {'yes' if hit else 'no'} | {desc} |")
    out += ["", f"Expected events found: **{n_ev} of {len(expected['events'])}**; events coded in all: "
            f"**{len(result.events)}** (a careful human finds about 15; the ceiling is 20).", ""]
    out += ["| expected quote (line) | form | found with the right speaker | system speaker |", "|---|---|---|---|"]
    n_q = 0
    for exp in expected["quotes"]:
        hit = None
        for q in result.quotes:
            if q.form == exp["kind"] and q.text.startswith(exp["starts_with"]) and _line_of(spans, q.start) == exp["line"]:
                hit = q
                break
        ok = bool(hit and hit.speaker and hit.speaker.name == exp["speaker"] and hit.speaker.country == exp["speaker_country"])
        n_q += ok
        sp = f"{hit.speaker.name} ({hit.speaker.country}, via {hit.speaker.resolved_from})" if hit and hit.speaker else "-"
        out.append(f"| {exp['starts_with'][:40]}... ({exp['line']}) | {exp['kind']} | {'yes' if ok else 'no'} | {sp} |")
    teaser = [g for g in result.document.segments if g.kind == "teaser"]
    langs = sorted({g.language for g in teaser})
    out += ["", f"Quotes right: **{n_q} of {len(expected['quotes'])}**; quotes found in all: {len(result.quotes)}. "
            f"Teaser segments: {len(teaser)} (languages {', '.join(langs)}); events or quotes from teasers: "
            f"{sum(any(g.start <= x.start < g.end for g in teaser) for x in [e.trigger for e in result.events] + result.quotes)}."]
    report = "\n".join(out)
    print(report)
    if args.write:
        from throughput_code import write_section
        write_section(ROOT / "docs" / "ACCURACY.md", "seed", report)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "bench"))
    main()
