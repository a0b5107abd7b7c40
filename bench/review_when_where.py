"""The sample for the hand review of event dates and places on VOA stories.

    .venv/bin/python bench/review_when_where.py [--seed 7] [--stories 30] [--events 50] [--context FILE]
    .venv/bin/python bench/review_when_where.py --seed 8 --exclude-stories-of docs/reviews/when_where_voa.md
    .venv/bin/python bench/review_when_where.py --seed 9 --stories 19 \
        --exclude-stories-of "docs/reviews/when_where_voa.md#Sample A" \
        --exclude-stories-of "docs/reviews/when_where_voa.md#Held-out sample B"
    .venv/bin/python bench/review_when_where.py --recheck docs/reviews/when_where_voa.md
    .venv/bin/python bench/review_when_where.py --totals docs/reviews/when_where_voa.md [--write]

1. Sample: codes ``--stories`` stories of ../shared/corpora/voa/voa_stories.jsonl drawn with a
   seeded ``random.Random(seed).sample``, then draws ``--events`` of their events with the same
   generator, and prints them as the rows of the review table (story id, publication date, the
   sentence shortened around the trigger, type, date and its source and evidence, location), with
   empty verdict columns for the reviewer. ``--context FILE`` also writes, for the reviewer only
   (never into the repository), each event with the paragraph before it.
   ``--exclude-stories-of REVIEW`` draws from the stories a first review did not use (a held-out
   sample to check rules fixed on the first one): a file alone, the stories of its first table's
   keys (what sample B excluded); ``FILE#SECTION`` (as in bench/review_sample.py), every story
   the sample of the section whose heading starts with SECTION drew (its 'Sample command: `...`'
   line, its own exclusions resolved the same way) and the stories of that section's table keys.
   The option can be given more than once. ``--events`` beyond the stories' events lists them all.
2. Recheck: codes the stories of a filled-in review again and lists the reviewed events whose date
   or location changed since (their key is story id + trigger offset), to be judged again.
3. Totals: counts the verdicts of a filled-in review (``right``/``wrong`` for dates;
   ``right``/``wrong``/``missed`` where the text states a place, ``none``/``spurious`` where it
   states none). The review file holds a sample's table, then a table of its rows judged again
   after the fixes (key, new values, new verdicts), and the same two for a held-out sample B; then
   a held-out sample C (section "Held-out sample C ..."; its rows judged again, if any, in a
   section "Sample C: ..."), and the places over every event of C's stories whose place the text
   states (section "Held-out sample C: every event ...", place verdicts only, date verdict "-").
   ``--write`` puts the totals into docs/ACCURACY.md between the ``when_where_review`` markers.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
VOA = ROOT.parent / "shared" / "corpora" / "voa" / "voa_stories.jsonl"
MARK = "when_where_review"
MAX_SENTENCE = 240  # characters of the sentence kept as evidence


def load_stories() -> list[dict]:
    if not VOA.exists():
        sys.exit(f"{VOA} not found: the shared corpus is needed")
    return [json.loads(line) for line in VOA.open(encoding="utf-8") if line.strip()]


def code(stories: list[dict]) -> dict[str, tuple[dict, list]]:
    from eventwire.config import Settings
    from eventwire.model import RawInput
    from eventwire.pipeline import Pipeline

    pipe = Pipeline(Settings())
    raws = [RawInput(doc_id=s["id"], text=s["text"], pub_date=s.get("published"), title=s.get("title"),
                     url=s.get("url")) for s in stories]
    return {r.document.doc_id: (r.document, r.events) for r in pipe.process(raws)}


def key_of(event) -> str:
    return f"{event.doc_id}:{event.trigger.start}"


def short_sentence(event) -> str:
    """The sentence with the trigger in bold, cut to MAX_SENTENCE characters around it."""
    sent = event.sentence
    a, b = event.trigger.start - sent.start, event.trigger.end - sent.start
    text = sent.text
    lo, hi = 0, len(text)
    if len(text) > MAX_SENTENCE:
        lo = max(0, min(a - MAX_SENTENCE // 2, len(text) - MAX_SENTENCE))
        hi = lo + MAX_SENTENCE
    out = ("…" if lo > 0 else "") + text[lo:a] + "**" + text[a:b] + "**" + text[b:hi] + ("…" if hi < len(text) else "")
    return out.replace("|", "/").replace("\n", " ")


def date_evidence(event) -> str:
    for w in event.why:
        m = re.match(r"date (\S+) from '(.*)'$", w)
        if m:
            return m.group(2)
    return ""


def place_text(event) -> str:
    p = event.location
    return f"{p.name} ({p.country})" if p is not None else "-"


def row(event, pub: str | None) -> dict:
    return {"key": key_of(event), "pub": (pub or "")[:10], "sentence": short_sentence(event),
            "type": event.event_type, "date": event.date or "null", "source": event.date_source,
            "evidence": date_evidence(event), "place": place_text(event)}


def sample(seed: int, n_stories: int, n_events: int, exclude: set[str] = frozenset()) -> tuple[list[dict], dict]:
    stories = [s for s in load_stories() if s["id"] not in exclude]
    rng = random.Random(seed)
    chosen = rng.sample(stories, n_stories)
    coded = code(chosen)
    events = [(s, e) for s in chosen for e in coded[s["id"]][1]]
    picked = rng.sample(events, min(n_events, len(events)))
    order = {s["id"]: i for i, s in enumerate(chosen)}
    picked.sort(key=lambda x: (order[x[0]["id"]], x[1].trigger.start))
    return [dict(row(e, s.get("published")), _event=e, _story=s) for s, e in picked], {
        "stories": len(chosen), "events": len(events)}


def trigger_when_where(stories: list[dict], key: str) -> tuple[str | None, str, str]:
    """``date_for`` and ``place_for`` of the word at a review key, without the event coder."""
    from eventwire.config import Settings
    from eventwire.model import RawInput
    from eventwire.pipeline import Pipeline
    from eventwire.when_where import places, timex

    doc_id, offset = key.rsplit(":", 1)
    story = next(s for s in stories if s["id"] == doc_id)
    analysis = Pipeline(Settings()).analyse(RawInput(doc_id=doc_id, text=story["text"], pub_date=story.get("published")))
    tok = next(t for part in analysis.parts for t in part.doc if part.offset + t.idx == int(offset))
    value, source, _ = timex.date_for(analysis, tok)
    place = places.place_for(analysis, tok)
    return value, source, f"{place.name} ({place.country})" if place else "-"


def context_of(story: dict, event) -> str:
    text = story["text"]
    start = max(0, event.sentence.start - 400)
    return text[start: event.sentence.end]


def parse_tables(path: Path, sections: bool = False) -> list:
    """The tables of a filled-in review file, in order, each a list of rows (columns by header);
    with ``sections``, (heading of the last '## ' section above it, rows) pairs."""
    tables: list = []
    header, heading = None, ""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            heading = line[3:].strip()
        if not line.startswith("|"):
            header = None
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if header is None:
            header = [c.lower() for c in cells]
            tables.append((heading, []))
            continue
        if set(line) <= set("|-: "):
            continue
        row = dict(zip(header, cells))
        if row.get("key"):
            tables[-1][1].append(row)
    tables = [(h, t) for h, t in tables if t]
    return tables if sections else [t for _, t in tables]


def review_path(path: str) -> Path:
    p = Path(path)
    return p if p.is_absolute() or p.exists() else ROOT / path


def section_command(path: Path, section: str) -> str:
    """The 'Sample command: `...`' line of the first section whose heading starts with ``section``."""
    text = path.read_text(encoding="utf-8")
    at = re.search(rf"^## {re.escape(section)}.*$", text, re.M)
    if not at:
        sys.exit(f"{path}: no section whose heading starts with {section!r}")
    nxt = re.search(r"^## ", text[at.end():], re.M)
    body = text[at.end(): at.end() + nxt.start() if nxt else len(text)]
    cmd = re.search(r"^Sample command: `([^`]+)`", body, re.M)
    return cmd.group(1) if cmd else ""


def exclude_specs(cmd: str) -> list[str]:
    """The ``--exclude-stories-of`` values of a sample command (quoted or not)."""
    import shlex
    words = shlex.split(cmd)
    return [words[i + 1] for i, w in enumerate(words[:-1]) if w == "--exclude-stories-of"]


def stories_of_review(spec: str) -> set[str]:
    """The stories a filled-in review used. A file alone: the stories of its first table's keys
    (the exclusion sample B was drawn with). ``FILE#SECTION``: every story the sample of the first
    section whose heading starts with SECTION drew (its 'Sample command' line: ``--seed``,
    ``--stories``, ``--exclude-stories-of`` resolved the same way), and the stories of the keys of
    the tables of all sections whose heading starts with SECTION."""
    file, _, section = spec.partition("#")
    path = review_path(file)
    if not section:
        return {r["key"].split(":")[0] for r in parse_review(path)}
    ids: set[str] = set()
    cmd = section_command(path, section)
    seed = re.search(r"--seed (\d+)", cmd)
    if seed:
        n = re.search(r"--stories (\d+)", cmd)
        exclude: set[str] = set()
        for ex in exclude_specs(cmd):
            exclude |= stories_of_review(ex)
        stories = [s for s in load_stories() if s["id"] not in exclude]
        ids |= {s["id"] for s in random.Random(int(seed.group(1))).sample(stories, int(n.group(1)) if n else 30)}
    for heading, t in parse_tables(path, sections=True):
        if heading.startswith(section):
            ids |= {r["key"].split(":")[0] for r in t}
    return ids


def parse_review(path: Path) -> list[dict]:
    """The rows of the first table (the full sample)."""
    tables = parse_tables(path)
    return tables[0] if tables else []


def overridden(rows: list[dict], changes: list[dict]) -> list[dict]:
    """A sample's rows with the rows re-judged after a change put in their place."""
    by_key = {r["key"]: r for r in changes}
    return [by_key.get(r["key"], r) for r in rows]


def totals(rows: list[dict]) -> dict:
    """Counts of the verdicts. Place verdicts: right / wrong / missed where the text states a place
    (with "(before)" when only the sentence before states it, "(story)" when only the story around
    it does), none / spurious where it states none."""
    t = {"n": 0, "date_right": 0, "place_stated": 0, "place_right": 0, "place_none": 0, "place_spurious": 0,
         "own_stated": 0, "own_right": 0}
    for r in rows:
        d, p = r.get("date verdict", "").lower(), r.get("place verdict", "").lower()
        if not d:
            continue
        t["n"] += 1
        t["date_right"] += d.startswith("right")
        if p.startswith(("right", "wrong", "missed")):
            t["place_stated"] += 1
            t["place_right"] += p.startswith("right")
            if "(before)" not in p and "(story)" not in p:
                t["own_stated"] += 1
                t["own_right"] += p.startswith("right")
        elif p.startswith("spurious"):
            t["place_spurious"] += 1
        else:
            t["place_none"] += 1
    return t


# The samples of the review file, by the headings of their sections: (name as drawn, its table's
# section, name after the fixes, the section of its rows judged again). Sample A's and B's
# columns are always both shown (as before); C's "after" only once such a section exists.
SAMPLES = [("sample A, before the fixes", "Sample A (", "sample A, after", "Sample A:"),
           ("held-out sample B, as drawn", "Held-out sample B", "held-out sample B, after", "Sample B:"),
           ("held-out sample C, as drawn", "Held-out sample C at", "held-out sample C, after", "Sample C:")]
EVERY_PLACE = ("sample C's stories: every event whose place the text states", "Held-out sample C: every event")


def totals_table(path: Path) -> str:
    """The totals of a review file: each sample as drawn and after the fixes (its rows judged again
    put in place), found by the headings of their sections (SAMPLES), then the places of every
    event of sample C's stories whose place the text states (location lines only)."""
    tables = parse_tables(path, sections=True)

    def table(prefix: str) -> list[dict] | None:
        return next((t for h, t in tables if h.startswith(prefix)), None)

    names, columns, places_only = [], [], []
    for name, section, name_after, section_after in SAMPLES:
        rows = table(section)
        if rows is None:
            continue
        names.append(name)
        columns.append(totals(rows))
        places_only.append(False)
        changes = table(section_after)
        if changes is not None or section != "Held-out sample C at":
            names.append(name_after)
            columns.append(totals(overridden(rows, changes or [])))
            places_only.append(False)
    every = table(EVERY_PLACE[1])
    if every is not None:
        names.append(EVERY_PLACE[0])
        columns.append(totals(every))
        places_only.append(True)

    def pct(a: int, b: int) -> str:
        return f"{a}/{b} = {a / b:.0%}" if b else "-"

    def line(label: str, cell, places: bool = False) -> str:
        return (f"| {label} | " + " | ".join("-" if only and not places else cell(c)
                                              for c, only in zip(columns, places_only)) + " |")

    lines = ["| measure | " + " | ".join(names) + " |", "|---" * (len(names) + 1) + "|"]
    lines.append(line("date right (or null/publication date where the text gives no date)",
                      lambda c: pct(c["date_right"], c["n"])))
    lines.append(line("location right, where the text states one", lambda c: pct(c["place_right"], c["place_stated"]),
                      places=True))
    lines.append(line("... where the event's own sentence states it", lambda c: pct(c["own_right"], c["own_stated"]),
                      places=True))
    lines.append(line("no place stated: none given / a place given anyway",
                      lambda c: f"{c['place_none']} / {c['place_spurious']}"))
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--stories", type=int, default=30)
    ap.add_argument("--events", type=int, default=50)
    ap.add_argument("--context", help="write the events with their preceding text here (for the reviewer)")
    ap.add_argument("--exclude-stories-of", metavar="REVIEW", action="append",
                    help="a filled-in review (FILE, or FILE#SECTION: the stories that section's sample drew): "
                         "draw from the other stories (a held-out sample); may be repeated")
    ap.add_argument("--recheck", help="a filled-in review: list the events whose date or place changed")
    ap.add_argument("--totals", help="a filled-in review: count its verdicts")
    ap.add_argument("--write", action="store_true", help="with --totals: update docs/ACCURACY.md")
    args = ap.parse_args()

    if args.totals:
        table = totals_table(Path(args.totals))
        body = "\n".join([
            "Review: [`docs/reviews/when_where_voa.md`](reviews/when_where_voa.md): 50 events drawn at random "
            "from 30 random VOA stories (`../shared/corpora/voa`, sample A, seed 7), each judged by hand "
            "against its story, before and after the fixes it led to; then 50 more from 30 of the other "
            "stories (held-out sample B, seed 8), judged as drawn and after a second round of fixes; "
            "then 50 from the 19 stories neither sample drew (held-out sample C, seed 9, judged as "
            "drawn, no fixes since), and, as C has few events with a stated place, the places of every "
            "event of those 19 stories whose place the text states (its sentence, the sentence before, "
            "or clearly the story). "
            "Sample: `.venv/bin/python bench/review_when_where.py --seed 7` (B: `--seed 8 "
            "--exclude-stories-of docs/reviews/when_where_voa.md`; C: the `Sample command` of its "
            "section); totals: `.venv/bin/python "
            "bench/review_when_where.py --totals docs/reviews/when_where_voa.md --write`.",
            "",
            table,
        ])
        print(body)
        if args.write:
            from throughput_code import write_section
            write_section(ROOT / "docs" / "ACCURACY.md", MARK, body)
            print("wrote docs/ACCURACY.md (when_where_review)")
        return

    if args.recheck:
        rows = {r["key"]: r for r in parse_review(Path(args.recheck))}
        ids = {k.split(":")[0] for k in rows}
        stories = [s for s in load_stories() if s["id"] in ids]
        coded = code(stories)
        now = {key_of(e): (e, doc) for _, (doc, evs) in coded.items() for e in evs}
        for k, r in rows.items():
            if k not in now:
                # the event coder no longer codes it: date and place of the same trigger word
                value, source, place = trigger_when_where(stories, k)
                print(f"{k}: no longer coded; its trigger now gets date {value} ({source}), place {place}"
                      f" (was {r.get('date', '')}, {r.get('location', '')})")
                continue
            e, doc = now[k]
            cur = row(e, doc.pub_date)
            was_date = r.get("date", "").split(" ")[0]
            if cur["date"] != was_date or cur["place"] != r.get("location", ""):
                print(f"{k}: date {was_date} -> {cur['date']} ({cur['source']}, {cur['evidence']!r}); "
                      f"place {r.get('location')} -> {cur['place']}")
        return

    exclude: set[str] = set()
    for spec in args.exclude_stories_of or ():
        exclude |= stories_of_review(spec)
    rows, info = sample(args.seed, args.stories, args.events, exclude)
    import eventwire
    print(f"<!-- {info['events']} events in {info['stories']} stories; {len(rows)} drawn; "
          f"coded with {Path(eventwire.__file__).parent} -->")
    print("| # | key | pub | sentence | type | date | evidence | location | date verdict | place verdict | reason |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for i, r in enumerate(rows, 1):
        print(f"| {i} | {r['key']} | {r['pub']} | {r['sentence']} | {r['type']} | {r['date']} ({r['source']}) | "
              f"{r['evidence']} | {r['place']} |  |  |  |")
    if args.context:
        with open(args.context, "w", encoding="utf-8") as fh:
            for i, r in enumerate(rows, 1):
                e = r["_event"]
                fh.write(f"=== {i} {r['key']} pub {r['pub']} {r['type']} trigger {e.trigger.text!r} "
                         f"date {r['date']} ({r['source']}, {r['evidence']!r}) place {r['place']}\n")
                fh.write(f"    actors {[a.text for a in e.actors]} -> {[a.text for a in e.recipients]}\n")
                fh.write(context_of(r["_story"], e) + "\n\n")


if __name__ == "__main__":
    main()
