"""The samples for the hand reviews of events, actor mentions and quotes on VOA stories.

    .venv/bin/python bench/review_sample.py OUT.md [--seed 11] [--stories 30] [--n 50]
                     [--recall-stories 10] [--context FILE] [--exclude-stories-of REVIEW]
    .venv/bin/python bench/review_sample.py OUT.md --recheck [--seed 11] [--context FILE]
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
   ``--exclude-stories-of REVIEW`` draws the stories from those a first review did not use (a
   held-out sample to check the fixes made after it): the stories its ``Sample command`` line
   draws (its ``--seed`` and ``--stories``), and any other story its tables' keys name.
   ``--corpus`` reads another copy of the VOA stories (for a checkout in another folder).
2. Recheck (``--recheck``): codes the stories of ``--seed`` again and writes, for every item of
   the first table of each review (docs/reviews/events_voa.md, actors_voa.md, quotes_voa.md),
   what the code gives now under the same key, marking the items that changed (type, mode,
   context or participants of an event; country, sectors, name, link or roles of a mention; span
   end, form, speaker or cue of a quote) and those no longer produced (for a quote, the one that
   now covers the old start is shown). Only the changed items need a new verdict.
3. Totals (``--totals``): counts the verdicts of the three filled-in reviews
   (docs/reviews/events_voa.md, actors_voa.md, quotes_voa.md): sample A as first drawn (the
   first table with verdicts), sample A rechecked (section "Sample A rechecked ...": its rows
   replace the verdicts of the same keys; rows whose verdict starts with "no longer" leave the
   count) and the held-out sample B (section "Held-out sample B ..."); events only, the held-out
   sample C ("Held-out sample C ...") and the rechecks of B and C ("Sample B rechecked ...", once
   per commit, each applied on the state the one before left; "Sample C rechecked ..."), the
   later ones shown as not held out; actor mentions and quotes, the rechecks of B ("Sample B
   rechecked ..." in actors_voa.md and quotes_voa.md, likewise, each table headed by its own
   file's commits), shown as not held out after the held-out headline; quotes only, the held-out
   sample C of quotes_voa.md ("Held-out sample C ...", the events' sample C stories reviewed for
   quotes at a later commit), then the headline; actor mentions only, likewise the held-out sample C
   of actors_voa.md; prints the sections, with the first items of
   each review's list of recurring errors (those of its last held-out sample); ``--write`` puts
   them into docs/ACCURACY.md between the ``events_review``, ``actors_review`` and
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
        sys.exit(f"{VOA} not found: the shared corpus is needed (or give --corpus)")
    return [json.loads(line) for line in VOA.open(encoding="utf-8") if line.strip()]


def choose_stories(seed: int, n: int, exclude: set[str] = frozenset()) -> list[dict]:
    """The stories of bench/review_when_where.py for the same seed (same generator, same call),
    drawn from the stories not in ``exclude``."""
    return random.Random(seed).sample([s for s in load_stories() if s["id"] not in exclude], n)


def later_section(heading: str) -> bool:
    """A section added after the first review: a recheck ('Sample X rechecked ...') or a held-out
    sample ('Held-out sample X ...')."""
    return bool(re.match(r"(Sample \w+ rechecked|Held-out sample )", heading))


def stories_of_review(spec: str | Path) -> set[str]:
    """The stories a filled-in review used. ``spec`` is a review file, or ``FILE#SECTION`` for
    the held-out sample of the section whose heading starts with SECTION.

    A file alone: the stories its first 'Sample command' line draws, and the story of every key
    of its tables (not those of the sections added later for a recheck or a held-out sample, so
    that the held-out sample drawn from it stays the same). ``FILE#SECTION``: the stories that
    section's 'Sample command' draws (its ``--seed``, ``--stories`` and ``--exclude-stories-of``,
    resolved the same way) and the stories of its tables' keys."""
    path, _, section = str(spec).partition("#")
    path = Path(path) if Path(path).is_absolute() or Path(path).exists() else ROOT / path
    cmd, _ = review_header(path, section or None)
    ids: set[str] = set()
    seed = re.search(r"--seed (\d+)", cmd)
    if seed:
        n = re.search(r"--stories (\d+)", cmd)
        exclude: set[str] = set()
        if section:  # the held-out sample's own exclusions, as its command gave them
            for ex in exclude_specs(cmd):
                exclude |= stories_of_review(ex)
        ids |= {s["id"] for s in choose_stories(int(seed.group(1)), int(n.group(1)) if n else 30, exclude)}
    for heading, t in parse_tables(path, sections=True):
        if heading.startswith(section) if section else not later_section(heading):
            ids |= {r["key"].split(":")[0] for r in t if ":" in r.get("key", "")}
            ids |= {r["story"] for r in t if r.get("story", "").isdigit()}
    return ids


def exclude_specs(cmd: str) -> list[str]:
    """The ``--exclude-stories-of`` values of a sample command (quoted or not)."""
    import shlex
    words = shlex.split(cmd)
    return [words[i + 1] for i, w in enumerate(words[:-1]) if w == "--exclude-stories-of"]


def code(stories: list[dict]) -> dict[str, dict]:
    """Each story coded: document, sentences, events, quotes (one document at a time, so that the
    sentences of the analysis are kept for the evidence)."""
    from eventwire.config import Settings
    from eventwire.model import RawInput
    from eventwire.pipeline import Pipeline

    import eventwire
    print(f"coding with {Path(eventwire.__file__).parent}", file=sys.stderr)
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


def write_sample(path: Path, seed: int, n_stories: int, n: int, n_recall: int, context: str | None,
                 exclude_reviews: list[str] | None = None) -> None:
    exclude: set[str] = set()
    for spec in exclude_reviews or ():
        exclude |= stories_of_review(spec)
    exclude_review = " and ".join(exclude_reviews or ())
    chosen = choose_stories(seed, n_stories, exclude)
    coded = code(chosen)
    ev, n_events = event_rows(chosen, coded, random.Random(seed * 1000 + 1), n)
    me, m_info = mention_rows(chosen, coded, random.Random(seed * 1000 + 2), n)
    qu, n_quotes = quote_rows(chosen, coded, random.Random(seed * 1000 + 3), n)
    recall = random.Random(seed * 1000 + 4).sample([s["id"] for s in chosen], min(n_recall, len(chosen)))
    recall.sort(key=[s["id"] for s in chosen].index)

    drawn_from = (f" of the stories other than the {len(exclude)} of {exclude_review}" if exclude_review else "")
    out = [f"# Review sample (seed {seed})", "", f"Code: {code_version()}", "",
           f"Stories ({len(chosen)}, `random.Random({seed}).sample`{drawn_from}): "
           + ", ".join(s["id"] for s in chosen), "",
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


def sample_section(path: Path, seed: int) -> str | None:
    """The heading of the held-out section of a review whose 'Sample command' has ``--seed seed``
    (None: the review's first sample, or no such section)."""
    cmd, _ = review_header(path)
    if re.search(rf"--seed {seed}\b", cmd):
        return None
    text = path.read_text(encoding="utf-8")
    for at in re.finditer(r"^## (Held-out sample .*)$", text, re.M):
        c, _ = review_header(path, at.group(1))
        if re.search(rf"--seed {seed}\b", c):
            return at.group(1)
    return None


def reviewed_table(path: Path, column: str, seed: int) -> list[dict]:
    """The reviewed items of the sample of ``seed``: the first table with the column (sample A),
    or that of the held-out section drawn with this seed; none when the review has no sample of
    this seed (sample C was reviewed for events and quotes, not for actor mentions)."""
    section = sample_section(path, seed)
    if section:
        return first_table_with(path, column, section)
    cmd, _ = review_header(path)
    if not re.search(rf"--seed {seed}\b", cmd):
        return []
    return first_table_with(path, column)


def write_recheck(path: Path, seed: int, n_stories: int, context: str | None,
                  exclude_reviews: list[str] | None = None) -> None:
    """Every item of the reviewed sample of ``seed`` (the first table of each review, or the
    held-out section drawn with this seed), as the code gives it now under its key."""
    exclude: set[str] = set()
    for spec in exclude_reviews or ():
        exclude |= stories_of_review(spec)
    chosen = choose_stories(seed, n_stories, exclude)
    coded = code(chosen)
    stories = {s["id"]: s for s in chosen}
    order = {s["id"]: i for i, s in enumerate(chosen)}
    every = [m for s in chosen for m in mentions_of(s["id"], coded[s["id"]])]
    out = [f"# Recheck of the reviewed items (seed {seed})", "", f"Code: {code_version()}", "",
           f"Now in the {len(chosen)} stories: {sum(len(c['events']) for c in coded.values())} events, "
           f"{sum(is_resolved(m['actor']) for m in every)} resolved mentions ({len(every)} in all), "
           f"{sum(len(c['quotes']) for c in coded.values())} quotes.", ""]
    counts = {}
    ctx_rows: dict[str, list] = {"EVENT": [], "MENTION": [], "QUOTE": []}

    # events
    old = reviewed_table(REVIEWS / "events_voa.md", "verdict", seed)
    by_key = {}
    for s in chosen:
        for e in coded[s["id"]]["events"]:
            by_key.setdefault(f"{e.doc_id}:{e.trigger.start}", e)
    fields = ("type", "context", "actors", "recipients")
    rows, n_changed, n_gone = [], 0, 0
    for r in old:
        e = by_key.get(r["key"])
        if e is None:
            n_gone += 1
            rows.append([r["#"], r["key"], "no longer coded", r["type"], "-", "-", "-", r["verdict"]])
            continue
        text = coded[r["key"].split(":")[0]]["doc"].text
        now = {"type": e.event_type + (f" {e.mode}" if e.mode else ""), "context": ",".join(e.context) or "-",
               "actors": actors_cell(e.actors), "recipients": actors_cell(e.recipients)}
        changed = [f for f in fields if now[f] != r[f]]
        n_changed += bool(changed)
        rows.append([r["#"], r["key"], ("changed: " + ", ".join(changed)) if changed else "same",
                     now["type"], now["context"], now["actors"], now["recipients"], r["verdict"]])
        if changed:
            ctx_rows["EVENT"].append({"key": r["key"], "_story": stories[r["key"].split(":")[0]], "_item": e,
                                      "_lo": e.sentence.start, "type": now["type"], "context": now["context"],
                                      "actors": now["actors"], "recipients": now["recipients"],
                                      "sentence": marked(text, e.sentence.start, e.sentence.end,
                                                         [(e.trigger.start, e.trigger.end, "**", "**")])})
    counts["events"] = (len(old), n_changed, n_gone)
    out += [f"## Events: {len(old)} reviewed, {n_changed} changed, {n_gone} no longer coded", "",
            table(["#", "key", "now", "type", "context", "actors", "recipients", "old verdict"], rows), ""]

    # mentions
    old = reviewed_table(REVIEWS / "actors_voa.md", "verdict", seed)
    by_key = {f"{m['story_id']}:{m['actor'].start}": m
              for s in chosen for m in mentions_of(s["id"], coded[s["id"]])}
    fields = ("mention", "roles", "country", "sectors", "name", "resolved_from")
    rows, n_changed, n_gone = [], 0, 0
    for r in old:
        m = by_key.get(r["key"])
        if m is None or not is_resolved(m["actor"]):
            n_gone += 1
            what = "no longer a participant or speaker" if m is None else "now unresolved"
            rows.append([r["#"], r["key"], what, r["mention"], "-", "-", "-", "-", "-", r["verdict"]])
            continue
        a = m["actor"]
        now = {"mention": clean(a.text), "roles": ", ".join(m["roles"]), "country": a.country or "-",
               "sectors": ",".join(a.sectors) or "-", "name": clean(a.name or "-"), "resolved_from": a.resolved_from}
        changed = [f for f in fields if now[f] != r[f]]
        # a change of roles alone does not change what is judged (country and sectors)
        judged = [f for f in changed if f != "roles"]
        n_changed += bool(judged)
        rows.append([r["#"], r["key"], ("changed: " + ", ".join(changed)) if changed else "same",
                     *(now[f] for f in fields), r["verdict"]])
        if judged:
            sid = r["key"].split(":")[0]
            sent = m["sentence"]
            lo, hi = (sent.start, sent.end) if sent is not None else covering(coded[sid]["sentences"], a.start, a.end)
            ctx_rows["MENTION"].append(dict(now, key=r["key"], _story=stories[sid], _item=a, _lo=lo,
                                            sentence=marked(coded[sid]["doc"].text, lo, hi,
                                                            [(a.start, a.end, "**", "**")])))
    counts["mentions"] = (len(old), n_changed, n_gone)
    out += [f"## Actor mentions: {len(old)} reviewed, {n_changed} changed (country, sectors, name or link), "
            f"{n_gone} no longer resolved participants or speakers", "",
            table(["#", "key", "now", *fields, "old verdict"], rows), ""]

    # quotes
    old = reviewed_table(REVIEWS / "quotes_voa.md", "speaker verdict", seed)
    rows, n_changed, n_gone = [], 0, 0
    for r in old:
        sid, start = r["key"].split(":")[0], int(r["key"].split(":")[1])
        c = coded[sid]
        q = next((q for q in c["quotes"] if q.start == start), None)
        status = ""
        if q is None:
            q = next((q for q in c["quotes"] if q.start <= start < q.end), None)
            status = "no longer produced" + (f"; now inside {sid}:{q.start}" if q else "")
            n_gone += 1
        text = c["doc"].text
        if q is None:
            rows.append([r["#"], r["key"], status, "-", "-", "-", "-", r["span"], r["speaker verdict"]])
            continue
        span_lo = min([q.start] + ([q.cue.start] if q.cue else []) + ([q.speaker.start] if q.speaker else []))
        span_hi = max([q.end] + ([q.cue.end] if q.cue else []) + ([q.speaker.end] if q.speaker else []))
        lo, hi = covering(c["sentences"], span_lo, span_hi)
        marks = [(q.start, q.end, "⟦", "⟧")] + ([(q.cue.start, q.cue.end, "**", "**")] if q.cue else [])
        now = {"form": q.form, "sentence": marked(text, lo, hi, marks, limit=MAX_SENTENCE + 60),
               "speaker": actors_cell([q.speaker]) if q.speaker else "-", "cue": clean(q.cue.text) if q.cue else "-"}
        if not status:
            changed = [f for f in ("form", "sentence", "speaker", "cue") if now[f] != r[f]]
            n_changed += bool(changed)
            status = ("changed: " + ", ".join(changed)) if changed else "same"
        if status != "same":
            ctx_rows["QUOTE"].append(dict(now, key=r["key"], _story=stories[sid], _item=q, _lo=lo))
        rows.append([r["#"], r["key"], status, now["form"], now["sentence"], now["speaker"], now["cue"],
                     r["span"], r["speaker verdict"]])
    counts["quotes"] = (len(old), n_changed, n_gone)
    out += [f"## Quotes: {len(old)} reviewed, {n_changed} changed, {n_gone} no longer produced under their key", "",
            table(["#", "key", "now", "form", "sentence", "speaker", "cue", "old span", "old speaker verdict"], rows),
            ""]
    rec = reviewed_table(REVIEWS / "quotes_voa.md", "of them found", seed)
    out += ["## Quote recall stories: quotes found now", "",
            table(["story", "quotes found then", "quotes found now"],
                  [[r["story"], r["quotes found"], str(len(coded[r["story"]]["quotes"]))] for r in rec]), ""]
    path.write_text("\n".join(out), encoding="utf-8")
    print(f"wrote {path}: " + "; ".join(f"{k}: {n} reviewed, {ch} changed, {g} gone" for k, (n, ch, g) in counts.items()))
    if context:
        recall = [r["story"] for r in rec]
        ev = sorted(ctx_rows["EVENT"], key=lambda r: (order[r["_story"]["id"]], r["_lo"]))
        write_context(Path(context), chosen, coded, ev, ctx_rows["MENTION"], ctx_rows["QUOTE"], recall)


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
def parse_tables(path: Path, sections: bool = False) -> list:
    """The tables of a review file, each a list of rows (columns by lower-case header); with
    ``sections``, (heading of the last '## ' section above it, rows) pairs."""
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
        tables[-1][1].append(dict(zip(header, cells)))
    tables = [(h, t) for h, t in tables if t]
    return tables if sections else [t for _, t in tables]


def first_table_with(path: Path, column: str, section: str | None = None) -> list[dict]:
    """The rows of the first table of a review file that has the column (with ``section``: the
    first one in a section whose heading starts with it)."""
    for heading, t in parse_tables(path, sections=True):
        if column in t[0] and (section is None or heading.startswith(section)):
            return t
    return []


def pct(a: int, b: int) -> str:
    return f"{a}/{b} = {a / b:.0%}" if b else "-"


RECHECK, HELD_OUT = "Sample A rechecked", "Held-out sample B"
RECHECK_B, HELD_OUT_C = "Sample B rechecked", "Held-out sample C"  # events and quotes
RECHECK_C = "Sample C rechecked"  # events only


def sections_starting(path: Path, prefix: str) -> list[str]:
    """The headings of the '## ' sections that start with ``prefix``, in the order of the file
    (a sample rechecked more than once: one section per commit)."""
    return re.findall(rf"^## ({re.escape(prefix)}.*)$", path.read_text(encoding="utf-8"), re.M)


def recheck_keys(path: Path) -> dict[str, str]:
    """The events-only rechecks: 'B2', 'B3', ... for the sections 'Sample B rechecked ...' in file
    order, 'C2', 'C3', ... for 'Sample C rechecked ...'; each key to its section's heading."""
    out = {}
    for letter, prefix in (("B", RECHECK_B), ("C", RECHECK_C)):
        for i, heading in enumerate(sections_starting(path, prefix), 2):
            out[f"{letter}{i}"] = heading
    return out


def rechecked(first: list[dict], again: list[dict]) -> list[dict]:
    """The rows of a first review with the verdicts of the rows judged again (same key) in their
    place; rows judged again as 'no longer ...' (not produced any more) are left out."""
    again_by_key = {r["key"]: r for r in again}
    out = []
    for r in first:
        r2 = again_by_key.get(r["key"], r)
        if any(v.lower().startswith("no longer") for k, v in r2.items() if "verdict" in k or k == "span"):
            continue
        out.append(r2)
    return out


def count(ev: list[dict], me: list[dict], qu: list[dict], rec: list[dict]) -> dict[str, dict]:
    """Counts of the verdicts of one sample. Events: the verdict column starts with one of
    EVENT_VERDICTS; mentions: ``right`` or ``wrong: ...``; quotes: ``span`` and ``speaker verdict``
    start with ``right`` or ``wrong``; recall: the hand count and the found count of each story."""
    counts = {v: sum(r["verdict"].lower().startswith(v) for r in ev) for v in EVENT_VERDICTS}
    right = sum(r["verdict"].lower().startswith("right") for r in me)
    span = sum(r["span"].lower().startswith("right") for r in qu)
    speaker = sum(r["speaker verdict"].lower().startswith("right") for r in qu)
    both = sum(r["span"].lower().startswith("right") and r["speaker verdict"].lower().startswith("right") for r in qu)
    counted = sum(int(r["quotations counted by hand"]) for r in rec)
    found = sum(int(r["of them found"]) for r in rec)
    return {
        "events": {"n": len(ev), **counts},
        "actors": {"n": len(me), "right": right},
        "quotes": {"n": len(qu), "span": span, "speaker": speaker, "both": both,
                   "recall_stories": len(rec), "counted": counted, "found": found},
    }


def totals() -> dict[str, dict]:
    """The counts of sample A as first drawn, sample A rechecked and held-out sample B (the last
    two empty when the review has no such section)."""
    ev_f, me_f, qu_f = REVIEWS / "events_voa.md", REVIEWS / "actors_voa.md", REVIEWS / "quotes_voa.md"
    ev = first_table_with(ev_f, "verdict")
    me = first_table_with(me_f, "verdict")
    qu = first_table_with(qu_f, "speaker verdict")
    rec = first_table_with(qu_f, "of them found")
    out = {"A": count(ev, me, qu, rec)}
    if first_table_with(ev_f, "verdict", RECHECK) or first_table_with(qu_f, "of them found", RECHECK):
        out["A2"] = count(rechecked(ev, first_table_with(ev_f, "verdict", RECHECK)),
                          rechecked(me, first_table_with(me_f, "verdict", RECHECK)),
                          rechecked(qu, first_table_with(qu_f, "speaker verdict", RECHECK)),
                          first_table_with(qu_f, "of them found", RECHECK) or rec)
        out["A2"]["gone"] = {k: n - out["A2"][k2]["n"] for k, k2, n in
                             (("events", "events", len(ev)), ("actors", "actors", len(me)),
                              ("quotes", "quotes", len(qu)))}
    if first_table_with(ev_f, "verdict", HELD_OUT):
        out["B"] = count(first_table_with(ev_f, "verdict", HELD_OUT), first_table_with(me_f, "verdict", HELD_OUT),
                         first_table_with(qu_f, "speaker verdict", HELD_OUT),
                         first_table_with(qu_f, "of them found", HELD_OUT))
    # events only: held-out sample C, and the rechecks of B and C, each applied on the state the
    # one before it left (its changed rows replace the verdicts; rows 'no longer ...' leave)
    ev_c = first_table_with(ev_f, "verdict", HELD_OUT_C)
    if ev_c:
        out["C"] = count(ev_c, [], [], [])
    state = {"B": first_table_with(ev_f, "verdict", HELD_OUT), "C": ev_c}
    drawn = {k: len(v) for k, v in state.items()}
    for key, heading in recheck_keys(ev_f).items():
        first = state[key[0]]
        again = first_table_with(ev_f, "verdict", heading)
        if not first or not again:
            continue
        # every row stays in the state (a row no longer coded at one recheck can be coded again
        # at a later one, judged again there); rows 'no longer ...' are left out of the counts
        by_key = {r["key"]: r for r in again}
        state[key[0]] = [by_key.get(r["key"], r) for r in first]
        out[key] = count(rechecked(state[key[0]], []), [], [], [])
        out[key]["gone"] = {"events": drawn[key[0]] - out[key]["events"]["n"]}
    # actor mentions and quotes: the rechecks of held-out sample B ('Sample B rechecked ...' in
    # actors_voa.md and quotes_voa.md, one per commit), each applied on the state the one before
    # left, under the keys 'aqB2', 'aqB3', ... (after fixes informed by sample B: not held out)
    me_b, qu_b = first_table_with(me_f, "verdict", HELD_OUT), first_table_with(qu_f, "speaker verdict", HELD_OUT)
    rec_b = first_table_with(qu_f, "of them found", HELD_OUT)
    n_me, n_qu = len(me_b), len(qu_b)
    me_heads, qu_heads = sections_starting(me_f, RECHECK_B), sections_starting(qu_f, RECHECK_B)
    for i in range(max(len(me_heads), len(qu_heads)) if me_b or qu_b else 0):
        if i < len(me_heads):
            me_b = rechecked(me_b, first_table_with(me_f, "verdict", me_heads[i]))
        if i < len(qu_heads):
            qu_b = rechecked(qu_b, first_table_with(qu_f, "speaker verdict", qu_heads[i]))
            rec_b = first_table_with(qu_f, "of them found", qu_heads[i]) or rec_b
        key = f"aqB{i + 2}"
        out[key] = count([], me_b, qu_b, rec_b)
        out[key]["gone"] = {"actors": n_me - len(me_b), "quotes": n_qu - len(qu_b)}
    # quotes only: the held-out sample C of quotes_voa.md (the events' sample C stories, reviewed
    # for quotes later, at its own commit), under the key 'qC'
    qu_c = first_table_with(qu_f, "speaker verdict", HELD_OUT_C)
    if qu_c:
        out["qC"] = count([], [], qu_c, first_table_with(qu_f, "of them found", HELD_OUT_C))
    # actor mentions only: the held-out sample C of actors_voa.md (the same stories, reviewed for
    # mentions at its own commit), under the key 'mC'
    me_c = first_table_with(me_f, "verdict", HELD_OUT_C)
    if me_c:
        out["mC"] = count([], me_c, [], [])
    return out


def aq_recheck_heads() -> dict[str, tuple[str, str]]:
    """Sample command and commit of each recheck of sample B in actors_voa.md (else quotes_voa.md),
    under the keys of ``totals``: 'aqB2', 'aqB3', ..."""
    out = {}
    for f in (REVIEWS / "quotes_voa.md", REVIEWS / "actors_voa.md"):
        for i, heading in enumerate(sections_starting(f, RECHECK_B), 2):
            out[f"aqB{i}"] = review_header(f, heading)
    return out


def quote_recheck_heads() -> dict[str, tuple[str, str]]:
    """Sample command and commit of each recheck of sample B in quotes_voa.md alone, under the
    same keys ('aqB2', 'aqB3', ...): the headers of the quotes table (the rechecks of quotes and of
    actor mentions are made at different commits)."""
    f = REVIEWS / "quotes_voa.md"
    return {f"aqB{i}": review_header(f, heading) for i, heading in enumerate(sections_starting(f, RECHECK_B), 2)}


SECTIONS = {
    "events_review": ("VOA events review (issue 3)", "events_voa.md"),
    "actors_review": ("VOA actor mentions review (issue 4)", "actors_voa.md"),
    "quotes_review": ("VOA quotes review (issue 5)", "quotes_voa.md"),
}


def error_patterns(path: Path, n: int = 3) -> str:
    """The first ``n`` items of a review's numbered list of recurring errors: 'title (count)'; the
    list of the held-out sample B where there is one."""
    text = path.read_text(encoding="utf-8")
    held_out = list(re.finditer(r"^## Held-out sample .*$", text, re.M))
    if held_out:  # the list of the last held-out sample
        text = text[held_out[-1].start():]
    items = re.findall(r"^\d+\. \*\*(.+?)\*\* \(([^):\n]*)[:)]", text, re.M)
    return "; ".join(f"{title[0].lower() + title[1:]} ({count})" for title, count in items[:n])


def _b_recheck_said(keys: list[str], heads: dict, held_out_c: bool) -> list[str]:
    """What ACCURACY.md says of the rechecks of sample B (actors or quotes) under ``keys``."""
    out = [f"Sample B rechecked at {heads[k][1]}: its items coded in a clean checkout of {heads[k][1]} "
           f"(`{heads[k][0]}`), looked up by key, only those changed since their last review judged again; "
           "items no longer produced leave the count." for k in keys]
    if keys:
        one = len(keys) == 1
        out.append(("This recheck comes" if one else "These rechecks come")
                   + " after fixes informed by samples A and B: " + ("it is" if one else "they are")
                   + " not held out" + ("." if held_out_c else ", and the headline stays held-out sample B as "
                                        "first measured."))
    return out


def section_bodies(t: dict, heads: dict[str, tuple[str, str]]) -> dict[str, str]:
    """The three sections of docs/ACCURACY.md: one column per sample measured."""
    cols = [("A", "sample A as first drawn")]
    if "A2" in t:
        cols.append(("A2", "sample A rechecked"))
    if "B" in t:
        cols.append(("B", "**held-out sample B**"))

    # events only: sample B rechecked and held-out sample C (the headline), then the later
    # rechecks of C and B (after fixes informed by those samples: not held out)
    ev_cols = list(cols)
    if "B2" in t:
        ev_cols.append(("B2", "sample B rechecked"))
    if "C" in t:
        ev_cols = [(k, "held-out sample B" if k == "B" else lab) for k, lab in ev_cols]
        ev_cols.append(("C", "**held-out sample C**"))
    later = [k for k in t if re.fullmatch(r"C\d+", k)] + [k for k in t if re.fullmatch(r"B\d+", k) and k != "B2"]
    for k in later:
        ev_cols.append((k, f"sample {k[0]} rechecked, not held out"))
    headline = "C" if "C" in t else cols[-1][0]

    def hdr(key, cols, hd=heads):
        _, commit = hd[key]
        return next(lab for k, lab in cols if k == key) + f" ({commit})"

    def rows(measures, cols=cols, bold_key=None, hd=heads):
        bold_key = bold_key or cols[-1][0]
        lines = ["| measure | " + " | ".join(hdr(k, cols, hd) for k, _ in cols) + " | goal |",
                 "|---|" + "---|" * (len(cols) + 1)]
        for label, f, goal, bold in measures:
            vals = []
            for k, _ in cols:
                v = f(t[k])
                vals.append(f"**{v}**" if bold and k == bold_key else v)
            lines.append(f"| {label} | " + " | ".join(vals) + f" | {goal} |")
        return lines

    cmd_a, commit_a = heads["A"]
    made = [f"Sample A: `{cmd_a}` at commit {commit_a} (30 VOA stories of `../shared/corpora/voa`, 50 items of "
            "each kind, each judged by hand against its story)."]
    if "A2" in t:
        cmd, commit = heads["A2"]
        made.append(f"Sample A rechecked: the same items coded at commit {commit}, in a clean checkout of it "
                    f"(`{cmd}`), each looked up by its key and only the changed ones judged again; items no longer "
                    "produced leave the count (new items drawn in their place are not counted).")
    if "B" in t:
        cmd, commit = heads["B"]
        made.append(f"Held-out sample B (the headline figure): `{cmd}` at commit {commit} (clean checkout), "
                    "30 stories other than those of sample A, every item judged with the same rules.")
    ev_made = list(made)
    if "C" in t:
        ev_made[-1] = ev_made[-1].replace("Held-out sample B (the headline figure)", "Held-out sample B")
    if "B2" in t:
        cmd, commit = heads["B2"]
        ev_made.append(f"Sample B rechecked: the events of sample B coded at commit {commit}, in a clean checkout of "
                       f"it (`{cmd}`), looked up by key, only the changed ones judged again.")
    if "C" in t:
        cmd, commit = heads["C"]
        ev_made.append(f"Held-out sample C (the headline figure): `{cmd}` at commit {commit} (clean checkout), "
                       f"events only: {t['C']['events']['n']} events drawn from the stories of the corpus other than "
                       "those of samples A and B (17, all it has left), every one judged with the same rules.")
    for k in later:
        cmd, commit = heads[k]
        ev_made.append(f"Sample {k[0]} rechecked at {commit}: its events coded in a clean checkout of {commit} "
                       f"(`{cmd}`), looked up by key, only those changed since their last review judged again.")
    if later:
        ev_made.append("These later rechecks come after fixes informed by samples B and C: they are not held out, "
                       "and the headline stays held-out sample C as first measured.")
    made.append("Totals: `.venv/bin/python bench/review_sample.py --totals --write`.")
    ev_made.append(made[-1])
    # actor mentions and quotes: the rechecks of sample B, after the held-out headline
    aq_later = sorted((k for k in t if re.fullmatch(r"aqB\d+", k)), key=lambda k: int(k[3:]))
    aq_cols = list(cols) + [(k, "sample B rechecked, not held out") for k in aq_later]
    aq_made = list(made[:-1]) + _b_recheck_said(aq_later, heads, "mC" in t)
    if "mC" in t:  # actor mentions: held-out sample C, the headline
        cmd, commit = heads["mC"]
        aq_made = [m.replace("Held-out sample B (the headline figure)", "Held-out sample B") for m in aq_made]
        aq_made.append(f"Held-out sample C (the headline figure): `{cmd}` at commit {commit} (clean checkout), "
                       f"mentions: {t['mC']['actors']['n']} resolved mentions drawn from the 17 stories of the events' "
                       "held-out sample C (all the corpus has besides those of samples A and B), reviewed for events "
                       "only before; no actor fix up to that commit was made on them, so they are held out for "
                       "mentions; every mention judged with the same rules.")
        aq_cols = [(k, "held-out sample B" if k == "B" else lab) for k, lab in aq_cols]
        aq_cols.append(("mC", "**held-out sample C**"))
    aq_made.append(made[-1])
    # quotes: the rechecks of sample B in quotes_voa.md (their own commits), then held-out sample C
    # (the headline) where there is one
    q_heads = dict(heads, **quote_recheck_heads())
    q_later = [k for k in aq_later if k in quote_recheck_heads()]
    q_cols = list(cols) + [(k, "sample B rechecked, not held out") for k in q_later]
    q_headline = "B" if "B" in t else None
    q_made = list(made[:-1]) + _b_recheck_said(q_later, q_heads, "qC" in t)
    if "qC" in t:
        cmd, commit = q_heads["qC"]
        q_made = [m.replace("Held-out sample B (the headline figure)", "Held-out sample B") for m in q_made]
        q_made.append(f"Held-out sample C (the headline figure): `{cmd}` at commit {commit} (clean checkout), "
                      f"quotes: {t['qC']['quotes']['n']} quotes drawn from the 17 stories of the events' held-out "
                      "sample C (all the corpus has besides those of samples A and B), reviewed for events only "
                      "before; no quote fix was made on them (every one came from samples A and B), so they are "
                      "held out for quotes; every quote judged with the same rules.")
        q_cols = [(k, "held-out sample B" if k == "B" else lab) for k, lab in q_cols]
        q_cols.append(("qC", "**held-out sample C**"))
        q_headline = "qC"
    q_made.append(made[-1])
    made, ev_made, aq_made, q_made = " ".join(made), " ".join(ev_made), " ".join(aq_made), " ".join(q_made)

    def gone(key):
        return lambda x: (f" ({x['gone'][key]} no longer produced)" if x.get("gone", {}).get(key) else "")

    main = {mark: "Most frequent errors" + (" in held-out sample B" if "B" in t else "") + ": "
            + error_patterns(REVIEWS / file) + "." for mark, (_, file) in SECTIONS.items()}
    if "C" in t:
        main["events_review"] = main["events_review"].replace("held-out sample B", "held-out sample C")
    if "qC" in t:
        main["quotes_review"] = main["quotes_review"].replace("held-out sample B", "held-out sample C")
    if "mC" in t:
        main["actors_review"] = main["actors_review"].replace("held-out sample B", "held-out sample C")
    return {
        "events_review": "\n".join([
            f"Review: [`docs/reviews/events_voa.md`](reviews/events_voa.md). {ev_made}", "",
            *rows([
                ("events a careful coder accepts as coded (type, actor and recipient right)",
                 lambda x: pct(x["events"]["accept"], x["events"]["n"]) + gone("events")(x), ">= 80%", True),
                ("not an event (commentary, prediction, back-reference, other word sense)",
                 lambda x: pct(x["events"]["not an event"], x["events"]["n"]), "", False),
                ("wrong type", lambda x: pct(x["events"]["wrong type"], x["events"]["n"]), "", False),
                ("wrong actor", lambda x: pct(x["events"]["wrong actor"], x["events"]["n"]), "", False),
                ("wrong recipient (wrong or missed)",
                 lambda x: pct(x["events"]["wrong recipient"], x["events"]["n"]), "", False),
                ("real events of the right type (accepted + wrong actor + wrong recipient)",
                 lambda x: pct(x["events"]["accept"] + x["events"]["wrong actor"] + x["events"]["wrong recipient"],
                               x["events"]["n"]), "", False),
            ], ev_cols, headline),
            "", main["events_review"],
        ]),
        "actors_review": "\n".join([
            f"Review: [`docs/reviews/actors_voa.md`](reviews/actors_voa.md). {aq_made} Mentions: actors and "
            "recipients of events and speakers of quotes that were resolved (a country, a sector or a link).", "",
            *rows([("resolved mentions with the right country and sector",
                    lambda x: pct(x["actors"]["right"], x["actors"]["n"]) + gone("actors")(x), ">= 90%", True)],
                  aq_cols, "mC" if "mC" in t else "B" if "B" in t else None),
            "", main["actors_review"],
        ]),
        "quotes_review": "\n".join([
            f"Review: [`docs/reviews/quotes_voa.md`](reviews/quotes_voa.md). {q_made} Recall: every quotation "
            "(direct and indirect attributed speech) counted by hand in 10 of the stories of each sample.", "",
            *rows([
                ("quotes with the right span and the right speaker",
                 lambda x: pct(x["quotes"]["both"], x["quotes"]["n"]) + gone("quotes")(x), ">= 90%", True),
                ("... span right", lambda x: pct(x["quotes"]["span"], x["quotes"]["n"]), "", False),
                ("... speaker right", lambda x: pct(x["quotes"]["speaker"], x["quotes"]["n"]), "", False),
                ("recall: quotations found, 10 stories",
                 lambda x: pct(x["quotes"]["found"], x["quotes"]["counted"]), ">= 85%", True),
            ], q_cols, q_headline, q_heads),
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


def review_header(path: Path, section: str | None = None) -> tuple[str, str]:
    """The sample command and commit a review file states (lines 'Sample command: `...`' and
    'Commit: ...'; with ``section``, the first such lines after the heading that starts with it)."""
    text = path.read_text(encoding="utf-8")
    if section:
        at = re.search(rf"^## {re.escape(section)}.*$", text, re.M)
        if not at:
            return ("?", "?")
        text = text[at.start():]
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
    ap.add_argument("--exclude-stories-of", metavar="REVIEW", action="append",
                    help="a filled-in review (e.g. docs/reviews/events_voa.md): draw from the other stories "
                         "(a held-out sample); REVIEW#SECTION for the held-out sample of a section "
                         "('docs/reviews/events_voa.md#Held-out sample B'); may be given several times")
    ap.add_argument("--recheck", action="store_true",
                    help="list every reviewed item as the code gives it now (by key), marking those that changed")
    ap.add_argument("--corpus", help="the VOA stories (jsonl); default ../shared/corpora/voa/voa_stories.jsonl")
    ap.add_argument("--totals", action="store_true", help="count the verdicts of docs/reviews/*_voa.md")
    ap.add_argument("--write", action="store_true", help="with --totals: update docs/ACCURACY.md (our sections only)")
    ap.add_argument("--only", nargs="+", choices=list(SECTIONS),
                    help="with --totals: only these sections (e.g. events_review)")
    args = ap.parse_args()
    if args.corpus:
        global VOA
        VOA = Path(args.corpus)
    if args.totals:
        t = totals()
        path = REVIEWS / "events_voa.md"
        heads = {"A": review_header(path), "A2": review_header(path, RECHECK), "B": review_header(path, HELD_OUT),
                 "C": review_header(path, HELD_OUT_C), "qC": review_header(REVIEWS / "quotes_voa.md", HELD_OUT_C)}
        heads.update({k: review_header(path, heading) for k, heading in recheck_keys(path).items()})
        heads.update(aq_recheck_heads())
        heads["mC"] = review_header(REVIEWS / "actors_voa.md", HELD_OUT_C)
        bodies = section_bodies(t, heads)
        if args.only:
            bodies = {k: v for k, v in bodies.items() if k in args.only}
        for mark, body in bodies.items():
            print(f"## {SECTIONS[mark][0]}\n\n{body}\n")
        if args.write:
            write_sections(ROOT / "docs" / "ACCURACY.md", bodies)
            print("wrote docs/ACCURACY.md (" + ", ".join(bodies) + ")")
        return
    if not args.out:
        ap.error("give the output path (or --totals)")
    if args.recheck:
        write_recheck(Path(args.out), args.seed, args.stories, args.context, args.exclude_stories_of)
        return
    write_sample(Path(args.out), args.seed, args.stories, args.n, args.recall_stories, args.context,
                 args.exclude_stories_of)


if __name__ == "__main__":
    main()
