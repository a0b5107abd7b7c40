"""The samples for the hand reviews of events, actor mentions and quotes on VOA stories.

    .venv/bin/python bench/review_sample.py OUT.md [--seed 11] [--stories 30] [--n 50]
                     [--recall-stories 10] [--context FILE]
    .venv/bin/python bench/review_sample.py --totals [--write]

1. Sample (``OUT.md``): codes ``--stories`` stories of ../shared/corpora/voa/voa_stories.jsonl
   drawn with ``random.Random(seed).sample`` (the selection of bench/review_when_where.py), then
   draws, each with its own generator seeded from ``seed`` (so that one sample does not move
   when another one's population changes):

   * ``--n`` events (``Random(seed * 1000 + 1)``);
   * ``--n`` resolved actor mentions (``Random(seed * 1000 + 2)``): the actors and recipients of
     the events and the speakers of the quotes, one row per distinct span of a story (its roles
     listed), those resolved: with a country or a sector, or linked (``resolved_from`` other than
     'unresolved'); the others are counted;
   * ``--n`` quotes (``Random(seed * 1000 + 3)``);
   * ``--recall-stories`` of the stories (``Random(seed * 1000 + 4)``) for the quote recall count.

   Each sample is written as a markdown table ready for a reviewer (key, the sentence with the
   item marked, the coded fields, empty verdict and note columns), in story order. ``--context
   FILE`` also writes, for the reviewer only (never into the repository: the stories are not
   ours to commit), every drawn item with the text before it, and the recall stories in full with
   the quotes the code found marked.
   The key of an item is the story id and a character offset in the story's clean text: the
   trigger's start (events), the mention's start (mentions), the quote's content start (quotes).
   The output is the same on every run of the same code and corpus.
2. Totals (``--totals``): counts the verdicts of the three filled-in reviews
   (docs/reviews/events_voa.md, actors_voa.md, quotes_voa.md) and prints the sections, with the
   first items of each review's list of recurring errors; ``--write`` puts them into docs/ACCURACY.md between the ``events_review``, ``actors_review`` and
   ``quotes_review`` markers (the rest of the file is left as it is).
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
REVIEWS = ROOT / "docs" / "reviews"
MAX_SENTENCE = 260  # characters of evidence kept around the marked item
EVENT_VERDICTS = ("accept", "wrong type", "wrong actor", "wrong recipient", "not an event")


# -- coding -----------------------------------------------------------------------------------
def load_stories() -> list[dict]:
    if not VOA.exists():
        sys.exit(f"{VOA} not found: the shared corpus is needed")
    return [json.loads(line) for line in VOA.open(encoding="utf-8") if line.strip()]


def choose_stories(seed: int, n: int) -> list[dict]:
    """The stories of bench/review_when_where.py for the same seed (same generator, same call)."""
    return random.Random(seed).sample(load_stories(), n)


def code(stories: list[dict]) -> dict[str, dict]:
    """Each story coded: document, sentences, events, quotes (one document at a time, so that the
    sentences of the analysis are kept for the evidence)."""
    from eventwire.config import Settings
    from eventwire.model import RawInput
    from eventwire.pipeline import Pipeline

    pipe = Pipeline(Settings())
    out = {}
    for s in stories:
        raw = RawInput(doc_id=s["id"], text=s["text"], pub_date=s.get("published"), title=s.get("title"),
                       url=s.get("url"))
        analysis = pipe.analyse(raw)
        if analysis is None:
            out[s["id"]] = {"doc": pipe.prepare(raw), "sentences": [], "events": [], "quotes": []}
            continue
        result = pipe.annotate(analysis)
        out[s["id"]] = {"doc": result.document, "sentences": [si.sentence for si in analysis.sentences],
                        "events": list(result.events), "quotes": list(result.quotes)}
    return out


# -- evidence ---------------------------------------------------------------------------------
def clean(text: str) -> str:
    return text.replace("|", "/").replace("\n", " ")


def covering(sentences, start: int, end: int) -> tuple[int, int]:
    """Character span of the sentences that cover [start, end)."""
    lo, hi = start, end
    for s in sentences:
        if s.start <= start < s.end or (s.start < start and start == s.end):
            lo = min(lo, s.start)
        if s.start < end <= s.end:
            hi = max(hi, s.end)
    return lo, hi


def marked(text: str, lo: int, hi: int, marks: list[tuple[int, int, str, str]], limit: int = MAX_SENTENCE) -> str:
    """text[lo:hi] with each (start, end, open, close) mark inserted, cut to about ``limit``
    characters around the first mark (a long middle of a quote is cut to '[…]')."""
    marks = sorted(m for m in marks if lo <= m[0] <= m[1] <= hi)
    if hi - lo > limit and marks:
        focus = marks[0][0]
        lo2 = max(lo, min(focus - limit // 3, hi - limit))
        hi2 = min(hi, lo2 + limit)
        last_end = max(m[1] for m in marks)
        if last_end > hi2:  # keep the end of the marked span too
            head = _render(text, lo2, lo2 + limit * 2 // 3, [m for m in marks if m[0] < lo2 + limit * 2 // 3])
            tail_lo = max(lo2 + limit * 2 // 3, last_end - limit // 3)
            tail = _render(text, tail_lo, min(hi, last_end + 40), [m for m in marks if m[0] >= tail_lo],
                           closes=[m for m in marks if m[0] < tail_lo <= m[1]])
            return clean(("…" if lo2 > lo else "") + head + " […] " + tail + ("…" if last_end + 40 < hi else ""))
        return clean(("…" if lo2 > lo else "") + _render(text, lo2, hi2, marks) + ("…" if hi2 < hi else ""))
    return clean(_render(text, lo, hi, marks))


def _render(text: str, lo: int, hi: int, marks, closes=()) -> str:
    """text[lo:hi] with the opening marks of ``marks`` that start in it and the closing marks that
    end in it (and the closing marks of ``closes``, spans opened before lo)."""
    ins: dict[int, list[str]] = {}
    for a, b, o, c in marks:
        if a >= lo:
            ins.setdefault(a, []).append(o)
        if b <= hi:
            ins.setdefault(b, []).insert(0, c)
    for a, b, o, c in closes:
        if lo <= b <= hi:
            ins.setdefault(b, []).insert(0, c)
    out = []
    for i in range(lo, hi):
        out.extend(ins.get(i, []))
        out.append(text[i])
    out.extend(ins.get(hi, []))
    return "".join(out)


def actor_text(a) -> str:
    """'text' -> COUNTRY/SECTORS (name; resolved_from)"""
    where = f"{a.country or '?'}/{','.join(a.sectors) or '-'}"
    name = f"{a.name}; " if a.name else ""
    return f"{a.text} → {where} ({name}{a.resolved_from})"


def actors_cell(actors) -> str:
    return clean("; ".join(actor_text(a) for a in actors)) if actors else "-"


# -- samples ----------------------------------------------------------------------------------
def event_rows(chosen, coded, rng: random.Random, n: int):
    events = [(s, e) for s in chosen for e in coded[s["id"]]["events"]]
    picked = rng.sample(events, min(n, len(events)))
    order = {s["id"]: i for i, s in enumerate(chosen)}
    picked.sort(key=lambda x: (order[x[0]["id"]], x[1].trigger.start))
    rows = []
    for s, e in picked:
        text = coded[s["id"]]["doc"].text
        rows.append({
            "key": f"{e.doc_id}:{e.trigger.start}",
            "sentence": marked(text, e.sentence.start, e.sentence.end, [(e.trigger.start, e.trigger.end, "**", "**")]),
            "type": e.event_type + (f" {e.mode}" if e.mode else ""),
            "context": ",".join(e.context) or "-",
            "actors": actors_cell(e.actors), "recipients": actors_cell(e.recipients),
            "_story": s, "_item": e, "_lo": e.sentence.start})
    return rows, len(events)


def mentions_of(story_id: str, c: dict) -> list[dict]:
    """Distinct actor spans of a story (event actors, recipients, quote speakers) with their roles."""
    by_span: dict[tuple[int, int], dict] = {}
    for e in c["events"]:
        for role, group in (("actor", e.actors), ("recipient", e.recipients)):
            for a in group:
                m = by_span.setdefault((a.start, a.end), {"actor": a, "roles": [], "sentence": e.sentence})
                m["roles"].append(f"{role} of {e.event_type}")
    for q in c["quotes"]:
        a = q.speaker
        if a is None:
            continue
        sent = next((s for s in c["sentences"] if s.start <= a.start < s.end), None)
        m = by_span.setdefault((a.start, a.end), {"actor": a, "roles": [], "sentence": sent})
        m["roles"].append(f"speaker ({q.form})")
    out = []
    for (start, end), m in sorted(by_span.items()):
        roles = sorted(set(m["roles"]), key=m["roles"].index)
        out.append(dict(m, roles=roles, story_id=story_id))
    return out


def is_resolved(a) -> bool:
    """Resolved: given a country or a sector, or linked to somebody (a name kept from the words
    alone, ``resolved_from`` 'unresolved', does not count)."""
    return bool(a.country or a.sectors) or a.resolved_from != "unresolved"


def mention_rows(chosen, coded, rng: random.Random, n: int):
    every = [m for s in chosen for m in mentions_of(s["id"], coded[s["id"]])]
    resolved = [m for m in every if is_resolved(m["actor"])]
    picked = rng.sample(resolved, min(n, len(resolved)))
    order = {s["id"]: i for i, s in enumerate(chosen)}
    picked.sort(key=lambda m: (order[m["story_id"]], m["actor"].start))
    stories = {s["id"]: s for s in chosen}
    rows = []
    for m in picked:
        a, text = m["actor"], coded[m["story_id"]]["doc"].text
        sent = m["sentence"]
        lo, hi = (sent.start, sent.end) if sent is not None else covering(coded[m["story_id"]]["sentences"], a.start, a.end)
        rows.append({
            "key": f"{m['story_id']}:{a.start}",
            "sentence": marked(text, lo, hi, [(a.start, a.end, "**", "**")]),
            "mention": clean(a.text), "roles": ", ".join(m["roles"]),
            "country": a.country or "-", "sectors": ",".join(a.sectors) or "-", "name": clean(a.name or "-"),
            "resolved_from": a.resolved_from, "_story": stories[m["story_id"]], "_item": a, "_lo": lo})
    return rows, {"mentions": len(every), "resolved": len(resolved)}


def quote_rows(chosen, coded, rng: random.Random, n: int):
    quotes = [(s, q) for s in chosen for q in coded[s["id"]]["quotes"]]
    picked = rng.sample(quotes, min(n, len(quotes)))
    order = {s["id"]: i for i, s in enumerate(chosen)}
    picked.sort(key=lambda x: (order[x[0]["id"]], x[1].start))
    rows = []
    for s, q in picked:
        c = coded[s["id"]]
        text = c["doc"].text
        span_lo = min([q.start] + ([q.cue.start] if q.cue else []) + ([q.speaker.start] if q.speaker else []))
        span_hi = max([q.end] + ([q.cue.end] if q.cue else []) + ([q.speaker.end] if q.speaker else []))
        lo, hi = covering(c["sentences"], span_lo, span_hi)
        marks = [(q.start, q.end, "⟦", "⟧")]
        if q.cue:
            marks.append((q.cue.start, q.cue.end, "**", "**"))
        rows.append({
            "key": f"{s['id']}:{q.start}", "form": q.form,
            "sentence": marked(text, lo, hi, marks, limit=MAX_SENTENCE + 60),
            "speaker": actors_cell([q.speaker]) if q.speaker else "-",
            "cue": clean(q.cue.text) if q.cue else "-",
            "_story": s, "_item": q, "_lo": lo})
    return rows, len(quotes)


def code_version() -> str:
    """The commit the sample is made at, and whether src/ has uncommitted changes."""
    import subprocess

    def git(*a):
        return subprocess.run(["git", *a], cwd=ROOT, capture_output=True, text=True).stdout.rstrip()

    dirty = git("status", "--porcelain", "--", "src")
    return f"commit {git('rev-parse', '--short', 'HEAD')}" + (
        f" with uncommitted changes in src/ ({', '.join(line[3:] for line in dirty.splitlines())})" if dirty else "")


# -- output -----------------------------------------------------------------------------------
def table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def write_sample(path: Path, seed: int, n_stories: int, n: int, n_recall: int, context: str | None) -> None:
    chosen = choose_stories(seed, n_stories)
    coded = code(chosen)
    ev, n_events = event_rows(chosen, coded, random.Random(seed * 1000 + 1), n)
    me, m_info = mention_rows(chosen, coded, random.Random(seed * 1000 + 2), n)
    qu, n_quotes = quote_rows(chosen, coded, random.Random(seed * 1000 + 3), n)
    recall = random.Random(seed * 1000 + 4).sample([s["id"] for s in chosen], min(n_recall, len(chosen)))
    recall.sort(key=[s["id"] for s in chosen].index)

    out = [f"# Review sample (seed {seed})", "", f"Code: {code_version()}", "",
           f"Stories ({len(chosen)}, `random.Random({seed}).sample`): " + ", ".join(s["id"] for s in chosen), "",
           f"## Events: {len(ev)} drawn of {n_events}", "",
           table(["#", "key", "sentence", "type", "context", "actors", "recipients", "verdict", "note"],
                 [[str(i), r["key"], r["sentence"], r["type"], r["context"], r["actors"], r["recipients"], "", ""]
                  for i, r in enumerate(ev, 1)]), "",
           f"## Actor mentions: {len(me)} drawn of {m_info['resolved']} resolved "
           f"({m_info['mentions']} distinct participant and speaker spans)", "",
           table(["#", "key", "sentence", "mention", "roles", "country", "sectors", "name", "resolved_from",
                  "verdict", "note"],
                 [[str(i), r["key"], r["sentence"], r["mention"], r["roles"], r["country"], r["sectors"], r["name"],
                   r["resolved_from"], "", ""] for i, r in enumerate(me, 1)]), "",
           f"## Quotes: {len(qu)} drawn of {n_quotes}", "",
           "The quote's span is between ⟦ ⟧, the cue in bold.", "",
           table(["#", "key", "form", "sentence", "speaker", "cue", "span", "speaker verdict", "note"],
                 [[str(i), r["key"], r["form"], r["sentence"], r["speaker"], r["cue"], "", "", ""]
                  for i, r in enumerate(qu, 1)]), "",
           f"## Quote recall: {len(recall)} stories (`random.Random({seed * 1000 + 4})`)", "",
           table(["story", "title", "quotes found", "quotations counted by hand", "of them found", "missed"],
                 [[sid, clean(next(s["title"] for s in chosen if s["id"] == sid)),
                   str(len(coded[sid]["quotes"])), "", "", ""] for sid in recall]), ""]
    path.write_text("\n".join(out), encoding="utf-8")
    print(f"wrote {path}: {len(ev)} of {n_events} events, {len(me)} of {m_info['resolved']} resolved mentions "
          f"({m_info['mentions']} in all), {len(qu)} of {n_quotes} quotes, {len(recall)} recall stories")

    if context:
        write_context(Path(context), chosen, coded, ev, me, qu, recall)


def write_context(path: Path, chosen, coded, ev, me, qu, recall) -> None:
    """For the reviewer only: each item with the text before it; the recall stories in full."""
    with path.open("w", encoding="utf-8") as fh:
        for name, rows in (("EVENT", ev), ("MENTION", me), ("QUOTE", qu)):
            for i, r in enumerate(rows, 1):
                text = coded[r["_story"]["id"]]["doc"].text
                item = r["_item"]
                fh.write(f"=== {name} {i} {r['key']}  {r['_story']['title']}\n")
                if name == "EVENT":
                    fh.write(f"    {r['type']} [{r['context']}] trigger {item.trigger.text!r}\n"
                             f"    actors: {r['actors']}\n    recipients: {r['recipients']}\n")
                    fh.write("    why: " + " | ".join(item.why) + "\n")
                elif name == "MENTION":
                    fh.write(f"    {r['mention']!r} -> {r['country']}/{r['sectors']} name={r['name']} "
                             f"({r['resolved_from']}); {r['roles']}\n")
                else:
                    fh.write(f"    {r['form']} speaker: {r['speaker']} cue: {r['cue']}\n    TEXT: {item.text}\n")
                fh.write(text[max(0, r["_lo"] - 600): r["_lo"]] + " >>> " + r["sentence"] + "\n\n")
        for sid in recall:
            c = coded[sid]
            text = c["doc"].text
            marks = []
            for j, q in enumerate(c["quotes"], 1):
                marks.append((q.start, q.end, f"⟦Q{j}:", f"⟧"))
            fh.write(f"##### RECALL {sid} {next(s['title'] for s in chosen if s['id'] == sid)}\n")
            fh.write(_render(text, 0, len(text), sorted(marks)) + "\n")
            for j, q in enumerate(c["quotes"], 1):
                sp = actor_text(q.speaker) if q.speaker else "-"
                fh.write(f"  Q{j} {q.form} {sp}: {q.text[:100]!r}\n")
            fh.write("\n")


# -- totals -----------------------------------------------------------------------------------
def parse_tables(path: Path) -> list[list[dict]]:
    """The tables of a review file, each a list of rows (columns by lower-case header)."""
    tables: list[list[dict]] = []
    header = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("|"):
            header = None
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if header is None:
            header = [c.lower() for c in cells]
            tables.append([])
            continue
        if set(line) <= set("|-: "):
            continue
        tables[-1].append(dict(zip(header, cells)))
    return [t for t in tables if t]


def first_table_with(path: Path, column: str) -> list[dict]:
    """The rows of the first table of a review file that has the column."""
    for t in parse_tables(path):
        if column in t[0]:
            return t
    return []


def pct(a: int, b: int) -> str:
    return f"{a}/{b} = {a / b:.0%}" if b else "-"


def totals() -> dict[str, dict]:
    """Counts of the verdicts of the three reviews. Events: the verdict column starts with one of
    EVENT_VERDICTS; mentions: ``right`` or ``wrong: ...``; quotes: ``span`` and ``speaker verdict``
    start with ``right`` or ``wrong``; recall: the hand count and the found count of each story."""
    ev = first_table_with(REVIEWS / "events_voa.md", "verdict")
    counts = {v: sum(r["verdict"].lower().startswith(v) for r in ev) for v in EVENT_VERDICTS}
    me = first_table_with(REVIEWS / "actors_voa.md", "verdict")
    right = sum(r["verdict"].lower().startswith("right") for r in me)
    qu = first_table_with(REVIEWS / "quotes_voa.md", "speaker verdict")
    span = sum(r["span"].lower().startswith("right") for r in qu)
    speaker = sum(r["speaker verdict"].lower().startswith("right") for r in qu)
    both = sum(r["span"].lower().startswith("right") and r["speaker verdict"].lower().startswith("right") for r in qu)
    rec = first_table_with(REVIEWS / "quotes_voa.md", "of them found")
    counted = sum(int(r["quotations counted by hand"]) for r in rec)
    found = sum(int(r["of them found"]) for r in rec)
    return {
        "events": {"n": len(ev), **counts},
        "actors": {"n": len(me), "right": right},
        "quotes": {"n": len(qu), "span": span, "speaker": speaker, "both": both,
                   "recall_stories": len(rec), "counted": counted, "found": found},
    }


SECTIONS = {
    "events_review": ("VOA events review (issue 3)", "events_voa.md"),
    "actors_review": ("VOA actor mentions review (issue 4)", "actors_voa.md"),
    "quotes_review": ("VOA quotes review (issue 5)", "quotes_voa.md"),
}


def error_patterns(path: Path, n: int = 3) -> str:
    """The first ``n`` items of a review's numbered list of recurring errors: 'title (count)'."""
    items = re.findall(r"^\d+\. \*\*(.+?)\*\* \(([^):\n]*)[:)]", path.read_text(encoding="utf-8"), re.M)
    return "; ".join(f"{title[0].lower() + title[1:]} ({count})" for title, count in items[:n])


def section_bodies(t: dict, sample_command: str, commit: str) -> dict[str, str]:
    e, a, q = t["events"], t["actors"], t["quotes"]
    main = {mark: "Most frequent errors: " + error_patterns(REVIEWS / file) + "."
            for mark, (_, file) in SECTIONS.items()}
    made = (f"Sample: `{sample_command}` at commit {commit} (30 VOA stories of `../shared/corpora/voa`, "
            "each item judged by hand against its story); totals: `.venv/bin/python bench/review_sample.py "
            "--totals --write`.")
    return {
        "events_review": "\n".join([
            f"Review: [`docs/reviews/events_voa.md`](reviews/events_voa.md). {made}", "",
            "| measure | value | goal |", "|---|---|---|",
            f"| events a careful coder accepts as coded (type, actor and recipient right) | "
            f"**{pct(e['accept'], e['n'])}** | >= 80% |",
            f"| not an event (commentary, prediction, back-reference, other word sense) | {pct(e['not an event'], e['n'])} | |",
            f"| wrong type | {pct(e['wrong type'], e['n'])} | |",
            f"| wrong actor | {pct(e['wrong actor'], e['n'])} | |",
            f"| wrong recipient (wrong or missed) | {pct(e['wrong recipient'], e['n'])} | |",
            f"| real events of the right type (accepted + wrong actor + wrong recipient) | "
            f"{pct(e['accept'] + e['wrong actor'] + e['wrong recipient'], e['n'])} | |",
            "", main["events_review"],
        ]),
        "actors_review": "\n".join([
            f"Review: [`docs/reviews/actors_voa.md`](reviews/actors_voa.md). {made} Mentions: actors and "
            "recipients of events and speakers of quotes that were resolved (a country, a sector or a link).", "",
            "| measure | value | goal |", "|---|---|---|",
            f"| resolved mentions with the right country and sector | **{pct(a['right'], a['n'])}** | >= 90% |",
            "", main["actors_review"],
        ]),
        "quotes_review": "\n".join([
            f"Review: [`docs/reviews/quotes_voa.md`](reviews/quotes_voa.md). {made} Recall: every quotation "
            f"(direct and indirect attributed speech) counted by hand in {q['recall_stories']} of the stories.", "",
            "| measure | value | goal |", "|---|---|---|",
            f"| quotes with the right span and the right speaker | **{pct(q['both'], q['n'])}** | >= 90% |",
            f"| ... span right | {pct(q['span'], q['n'])} | |",
            f"| ... speaker right | {pct(q['speaker'], q['n'])} | |",
            f"| recall: quotations found, {q['recall_stories']} stories | **{pct(q['found'], q['counted'])}** | >= 85% |",
            "", main["quotes_review"],
        ]),
    }


def write_sections(path: Path, bodies: dict[str, str]) -> None:
    """Put each body between its markers in docs/ACCURACY.md, or append a new section with its
    heading at the end; nothing else in the file changes."""
    text = path.read_text(encoding="utf-8")
    for mark, body in bodies.items():
        start, end = f"<!-- {mark}:start -->", f"<!-- {mark}:end -->"
        block = f"{start}\n{body}\n{end}"
        if start in text and end in text:
            text = text.split(start)[0] + block + text.split(end, 1)[1]
        else:
            text = text.rstrip() + f"\n\n## {SECTIONS[mark][0]}\n\n{block}\n"
    path.write_text(text, encoding="utf-8")


def review_header(path: Path) -> tuple[str, str]:
    """The sample command and commit a review file states (lines 'Sample command: `...`' and
    'Commit: ...')."""
    text = path.read_text(encoding="utf-8")
    cmd = re.search(r"^Sample command: `([^`]+)`", text, re.M)
    commit = re.search(r"^Commit: (\S+)", text, re.M)
    return (cmd.group(1) if cmd else "?", commit.group(1) if commit else "?")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", nargs="?", help="where to write the sample tables (markdown)")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--stories", type=int, default=30)
    ap.add_argument("--n", type=int, default=50, help="items drawn in each sample")
    ap.add_argument("--recall-stories", type=int, default=10)
    ap.add_argument("--context", help="also write the items with their context here (for the reviewer only)")
    ap.add_argument("--totals", action="store_true", help="count the verdicts of docs/reviews/*_voa.md")
    ap.add_argument("--write", action="store_true", help="with --totals: update docs/ACCURACY.md (our sections only)")
    args = ap.parse_args()
    if args.totals:
        t = totals()
        cmd, commit = review_header(REVIEWS / "events_voa.md")
        bodies = section_bodies(t, cmd, commit)
        for mark, body in bodies.items():
            print(f"## {SECTIONS[mark][0]}\n\n{body}\n")
        if args.write:
            write_sections(ROOT / "docs" / "ACCURACY.md", bodies)
            print("wrote docs/ACCURACY.md (" + ", ".join(bodies) + ")")
        return
    if not args.out:
        ap.error("give the output path (or --totals)")
    write_sample(Path(args.out), args.seed, args.stories, args.n, args.recall_stories, args.context)


if __name__ == "__main__":
    main()
