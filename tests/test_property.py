"""Property-based: random text and HTML thrown at the whole pipeline (what `code` runs) and at
ingestion (what `extract` runs), in process for speed and through the real command line a few
times. For every input: no crash, no hang, exactly one document record, and every offset points
into the document's text at what the record says is there.

(test_ingest.py checks the segments of random files at the ingest level; here the whole coding
pipeline and the command line are under test.)
"""
from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import ROOT
from eventwire.config import Settings
from eventwire.ingest import prepare
from eventwire.model import SEGMENT_KINDS, RawInput

# words and marks that make the stages work: actors, triggers, quotes, dates, datelines, furniture
VOCAB = ["Russia", "Iranian police", "President Putin", "the European Union", "Tehran", "Washington", "he",
         "Foreign Minister Zarif", "the rebels", "NATO", "arrested", "said", "condemned", "urged", "met",
         "signed an agreement with", "imposed sanctions on", "attacked", "denied", "will", "not", "on Monday",
         "last week", "March 3, 2019", "in 2016", "according to", "told reporters", "that", "and", "the",
         "protesters", "troops", ".", ",", ";", "?", "!", "\"", "\u201c", "\u201d", "\u2018", "\u2019", "\u00ab",
         "\u00bb", "\u201e", "'", " - ", " \u2014 ", "(", ")", "WASHINGTON, June 12, 2018 \u2014", "Read more",
         "Related articles", "3 comments", "Share this", "Advertisement", "Home | World", "\n", "\n\n", " ",
         "  ", "\t", "\r\n", "\u00a0", "\u2028", "\ufeff", "\x00", "\u200b",
         "\u0648\u0632\u06cc\u0631 \u06af\u0641\u062a",
         "Die Regierung hat", "\u4e2d\u56fd", "\U0001f600", "&amp;", "<", ">", "&#8217;"]
TAGS = ["p", "div", "article", "main", "nav", "header", "footer", "li", "ul", "h1", "h2", "section", "span",
        "a", "script", "style", "blockquote", "aside", "time", "b", "br", "table", "td"]

ACTORS = ["Russia", "Iranian police", "President Putin", "The European Union", "Foreign Minister Zarif",
          "The rebels", "NATO", "Turkish troops", "Protesters", "He", "The United States", "China's army"]
VERBS = ["arrested", "condemned", "urged", "met", "signed an agreement with", "imposed sanctions on",
         "attacked", "accused", "will meet", "did not attack", "threatened", "agreed to help"]
TARGETS = ["dozens of protesters", "Ukraine", "the opposition", "Iran", "him", "Kurdish positions",
           "the two leaders", "NATO", "Tehran"]
TAILS = ["", " in Tehran", " on Monday", " last week", " on March 3, 2019", " in 2016", ", officials said",
         ", according to the ministry"]

words = st.lists(st.one_of(st.sampled_from(VOCAB), st.text(max_size=12)), max_size=60).map(" ".join)
tight = st.lists(st.one_of(st.sampled_from(VOCAB), st.text(max_size=8)), max_size=40).map("".join)
sentence = st.one_of(
    st.builds(lambda a, v, t, tail, end: f"{a} {v} {t}{tail}{end}", st.sampled_from(ACTORS), st.sampled_from(VERBS),
              st.sampled_from(TARGETS), st.sampled_from(TAILS), st.sampled_from([".", ".", "!", "", "?"])),
    st.builds(lambda q1, a, v, t, q2, who: f'{q1}{a} {v} {t},{q2} {who} said.',
              st.sampled_from(['"', "\u201c", "\u00ab", "'"]),
              st.sampled_from(ACTORS), st.sampled_from(VERBS), st.sampled_from(TARGETS),
              st.sampled_from(['"', "\u201d", "\u00bb", ""]), st.sampled_from(ACTORS)))
# news-like paragraphs, with noise mixed in: most inputs are coded and have events and quotes
newsy = st.lists(st.lists(st.one_of(sentence, sentence, sentence, words.map(lambda w: w[:60])), min_size=1, max_size=4)
                 .map(" ".join), min_size=1, max_size=5).map(lambda ps: "\n\n".join(ps))
texts = st.one_of(newsy, newsy, words, tight)


@st.composite
def html_pages(draw):
    parts = []
    for _ in range(draw(st.integers(0, 12))):
        tag = draw(st.sampled_from(TAGS))
        body = draw(texts)
        closed = draw(st.booleans())
        parts.append(f"<{tag}>{body}" + (f"</{tag}>" if closed else ""))
    head = ""
    if draw(st.booleans()):
        head = (f"<head><title>{draw(words)}</title><meta property=\"article:published_time\" "
                f"content=\"{draw(st.sampled_from(['2019-03-03', '2019-13-45', 'yesterday', '']))}\"></head>")
    return f"<html>{head}<body>{''.join(parts)}</body></html>" if draw(st.booleans()) else "".join(parts)


@st.composite
def raw_inputs(draw, n_max: int = 4):
    items = []
    for i in range(draw(st.integers(1, n_max))):
        kind = draw(st.sampled_from(["text", "html", "html-as-text", "both"]))
        text = draw(texts)
        page = draw(html_pages())
        pub = draw(st.sampled_from([None, "2019-03-03", "2019-03-03T23:59:00-05:00", "not a date", "0000-00-00"]))
        doc_id = f"d{i}"
        if kind == "text":
            items.append(RawInput(doc_id=doc_id, text=text, pub_date=pub))
        elif kind == "html":
            items.append(RawInput(doc_id=doc_id, html=page, pub_date=pub, url=draw(st.sampled_from(
                [None, "https://news.example/2019/03/04/story", "not a url"]))))
        elif kind == "html-as-text":
            items.append(RawInput(doc_id=doc_id, text=page, pub_date=pub))
        else:
            items.append(RawInput(doc_id=doc_id, text=text, html=page, pub_date=pub))
    return items


class Hang(Exception):
    pass


@contextlib.contextmanager
def time_limit(seconds: float):
    """Fail instead of hanging: SIGALRM interrupts the work after ``seconds``."""
    def on_alarm(signum, frame):  # noqa: ANN001, ARG001
        raise Hang(f"no result after {seconds} s")
    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def check_document(d: dict) -> None:
    text = d["text"]
    assert isinstance(text, str)
    assert d["status"] in ("coded", "skipped", "failed")
    if d["status"] == "coded":
        assert d["segments"] and any(s["kind"] == "article" for s in d["segments"])
    else:
        assert d["reason"] and not d["reason"].startswith("internal error"), d["reason"]
    pos = 0
    for s in d["segments"]:
        assert s["kind"] in SEGMENT_KINDS
        assert pos <= s["start"] < s["end"] <= len(text), (s, pos, len(text))
        pos = s["end"]


def check_span(text: str, span: dict | None, what: str) -> None:
    if span is None:
        return
    assert 0 <= span["start"] <= span["end"] <= len(text), (what, span, len(text))
    assert text[span["start"]: span["end"]] == span["text"], (what, span)


def check_records(recs: list[dict], doc_ids: list[str]) -> None:
    """One document record per input, in order, each followed by its own events and quotes, whose
    offsets point at their words."""
    docs = [r for r in recs if r["kind"] == "document"]
    assert [d["doc_id"] for d in docs] == doc_ids
    current = None
    for r in recs:
        if r["kind"] == "document":
            check_document(r)
            current = r
            continue
        assert current is not None and r["doc_id"] == current["doc_id"] and current["status"] == "coded", r
        text = current["text"]
        if r["kind"] == "event":
            check_span(text, r["trigger"], "trigger")
            check_span(text, r["sentence"], "sentence")
            assert r["sentence"]["start"] <= r["trigger"]["start"] and r["trigger"]["end"] <= r["sentence"]["end"]
            for a in r["actors"] + r["recipients"]:
                check_span(text, a, "actor")
            assert r["why"]
        elif r["kind"] == "quote":
            check_span(text, {"start": r["start"], "end": r["end"], "text": r["text"]}, "quote")
            check_span(text, r["cue"], "cue")
            check_span(text, r["speaker"], "speaker")
        else:
            pytest.fail(f"unexpected record kind {r['kind']!r}")


@settings(max_examples=120, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(raws=raw_inputs())
def test_random_inputs_through_the_whole_pipeline(pipeline, raws):
    t0 = time.monotonic()
    with time_limit(60):
        results = list(pipeline.process(raws))
    assert time.monotonic() - t0 < 60
    recs = [rec for res in results for rec in res.records()]
    check_records(recs, [r.doc_id for r in raws])


@settings(max_examples=200, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(raws=raw_inputs(n_max=1))
def test_random_inputs_through_ingestion(raws):
    with time_limit(20):
        doc = prepare(raws[0], Settings())
    rec = doc.to_record()
    assert rec["doc_id"] == raws[0].doc_id
    check_document(rec)
    for s in rec["segments"]:  # segments start and end on words, not on blanks
        assert not rec["text"][s["start"]].isspace() and not rec["text"][s["end"] - 1].isspace()


# --- through the command line (a few examples: each starts a process) ------------------------------

files = st.lists(st.one_of(st.tuples(st.just(".txt"), texts.map(str.encode)),
                           st.tuples(st.just(".html"), html_pages().map(str.encode)),
                           st.tuples(st.just(".txt"), st.binary(max_size=300)),
                           st.tuples(st.just(".jsonl"), st.lists(st.one_of(
                               st.builds(lambda i, t: json.dumps({"id": f"j{i}", "text": t}),
                                         st.integers(0, 10 ** 6), texts),
                               st.builds(lambda i, h: json.dumps({"id": f"h{i}", "html": h}),
                                         st.integers(0, 10 ** 6), html_pages()),
                               texts), min_size=1, max_size=3).map(lambda ls: "\n".join(ls).encode()))),
                 min_size=1, max_size=5)


def _cli_case(tmp_path_factory, command: str, items: list[tuple[str, bytes]]) -> None:
    folder = tmp_path_factory.mktemp("cli")
    paths = []
    for i, (ext, data) in enumerate(items):
        p = folder / f"f{i}{ext}"
        p.write_bytes(data)
        paths.append(str(p))
    # what the inputs are, read the same way in process: the expected doc_ids, in order
    from eventwire.ingest import iter_inputs
    expected = [r.doc_id for r in iter_inputs(paths)]
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    args = [command, *paths] + (["--format", "jsonl"] if command == "code" else [])
    p = subprocess.run([sys.executable, "-m", "eventwire.cli", *args], capture_output=True, env=env, timeout=300)
    stderr = p.stderr.decode("utf-8")
    assert "Traceback" not in stderr, stderr[-3000:]
    recs = [json.loads(line) for line in p.stdout.decode("utf-8").splitlines() if line.strip()]
    if command == "extract":
        assert all(r["kind"] == "document" for r in recs)
    check_records(recs, expected)
    failed = [r for r in recs if r["kind"] == "document" and r["status"] == "failed"]
    assert p.returncode == (1 if failed else 0), (p.returncode, stderr)
    assert sorted(ln for ln in stderr.splitlines() if ln.startswith("eventwire: failed: ")) == \
        sorted(f"eventwire: failed: {r['doc_id']}: {r['reason']}" for r in failed)


@settings(max_examples=8, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(items=files)
def test_random_files_through_extract(tmp_path_factory, items):
    _cli_case(tmp_path_factory, "extract", items)


@settings(max_examples=3, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(items=files)
def test_random_files_through_code(tmp_path_factory, items):
    _cli_case(tmp_path_factory, "code", items)
