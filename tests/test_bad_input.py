"""Bad input never stops a run and never disappears, end to end: the real command line
(`extract`, `code`, `run` into a database) on a folder of broken files.

Every input gives a `document` record (for `run`: a row) with a status and a reason a person can
read; every failure also gives one line on standard error; the exit status is 0 when every input
was handled and 1 when some failed (CONTRACT.md). What each reader does with each kind of damage
is tested in test_ingest.py; here the question is whether the whole tool keeps its promise.
"""
from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from conftest import ROOT

GOOD = """Iran protests

TEHRAN, March 3, 2019 - Iranian police arrested dozens of protesters in Tehran on Sunday after thousands of people marched against rising prices.

The European Union condemned the arrests and urged Iran to release the detainees.
"""

GERMAN = ("<html><body><article><h1>Hilfen f\u00fcr Landwirte</h1><p>Die Regierung hat am Montag neue Hilfen "
          "f\u00fcr die Landwirte beschlossen. Der Minister sagte, man werde die Betriebe im Norden des Landes "
          "weiter unterst\u00fctzen, bis die D\u00fcrre vorbei ist.</p></article></body></html>")

# UTF-8 with two corrupt bytes in the middle
UTF8_TEXT = ("Der B\u00fcrgermeister von Z\u00fcrich sagte am Montag, the mayor of Z\u00fcrich said on Monday "
             "that the caf\u00e9 owners would be compensated for the flood.")
BROKEN_UTF8 = UTF8_TEXT.encode("utf-8")[:61] + b"\xff\xfe" + UTF8_TEXT.encode("utf-8")[61:]


def ew(*args: str, stdin: bytes | None = None, timeout: float = 600) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    p = subprocess.run([sys.executable, "-m", "eventwire.cli", *args], input=stdin, capture_output=True,
                       env=env, timeout=timeout)
    p.stdout = p.stdout.decode("utf-8")
    p.stderr = p.stderr.decode("utf-8")
    return p


def records(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def failure_lines(stderr: str) -> list[str]:
    assert "Traceback" not in stderr, stderr[-3000:]
    return [ln for ln in stderr.splitlines() if ln.startswith("eventwire: failed: ")]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, list[str], dict[str, tuple[str, str | None]]]:
    """A folder of broken (and two good) files, the paths to give the command line, and what
    each input must become: doc_id -> (status, words in the reason) for `code` and `run`."""
    d = tmp_path_factory.mktemp("bad") / "corpus"
    d.mkdir()
    w = lambda name, data: (d / name).write_bytes(data)  # noqa: E731
    w("01_good.txt", GOOD.encode())
    w("02_image.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    w("03_empty.txt", b"")
    story = gzip.compress(("The council met on Monday and argued about the budget until late. " * 400).encode())
    w("04_cut.txt.gz", story[: len(story) // 2])
    w("05_broken_utf8.txt", BROKEN_UTF8)
    w("06_lines.jsonl", b"\n".join([
        json.dumps({"id": "j-ok", "text": "Russia and China signed a trade agreement in Moscow on Monday."}).encode(),
        b'{"id": "j-broken", "text": "unterminated',
        b'{"id": "j-latin1", "text": "caf\xe9 owners protested"}',
        b"[1, 2, 3]",
        json.dumps({"text": "a record without an id"}).encode(),
        json.dumps({"id": "j-none"}).encode(),
        json.dumps({"id": "j-number", "text": 42}).encode(),
    ]) + b"\n")
    w("07_no_text.html", b"<html><head><title>Courier</title><script>var x = 1;</script></head>"
                         b"<body><nav><a href='/'>Home</a> <a href='/w'>World</a></nav></body></html>")
    w("08_undecodable.txt", bytes(range(0x80, 0x100)) * 40)
    w("09_german.html", GERMAN.encode("utf-8"))
    lines = b"".join(json.dumps({"id": f"g{i:03d}", "text": f"Item {i}: the council met on Monday."}).encode() + b"\n"
                     for i in range(400))
    w("10_cut.jsonl.gz", gzip.compress(lines)[:1500])
    w("11_empty.jsonl", b"\n\n")
    w("12_photo.html", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 4)
    missing = str(d.parent / "not-there.txt")

    p = lambda name: str(d / name)  # noqa: E731
    expected: dict[str, tuple[str, str | None]] = {
        p("01_good.txt"): ("coded", None),
        p("02_image.txt"): ("failed", "binary file (a PNG image)"),
        p("03_empty.txt"): ("skipped", "empty file"),
        p("04_cut.txt.gz"): ("failed", "truncated gzip"),
        p("05_broken_utf8.txt"): ("coded", None),
        "j-ok": ("coded", None),
        p("06_lines.jsonl") + ":2": ("failed", "malformed JSON"),
        p("06_lines.jsonl") + ":3": ("failed", "not valid UTF-8"),
        p("06_lines.jsonl") + ":4": ("failed", "not a JSON object"),
        p("06_lines.jsonl") + ":5": ("failed", 'no "id"'),
        p("06_lines.jsonl") + ":6": ("failed", 'neither "text" nor "html"'),
        p("06_lines.jsonl") + ":7": ("failed", "is not a string"),
        p("07_no_text.html"): ("skipped", "no article text"),
        p("08_undecodable.txt"): ("failed", "cannot decode"),
        p("09_german.html"): ("skipped", "language 'de' is not supported"),
        p("10_cut.jsonl.gz"): ("failed", "truncated gzip"),
        p("11_empty.jsonl"): ("skipped", "empty file"),
        p("12_photo.html"): ("failed", "binary file (a JPEG image)"),
        missing: ("failed", "no such file"),
    }
    return d, [str(d), missing], expected


def _check_documents(docs: dict[str, dict], expected: dict, *, extract: bool = False) -> None:
    cut = [i for i in docs if i.startswith("g")]
    assert cut and len(cut) < 400, "the records before the cut in the gzipped JSONL are read"
    assert all(docs[i]["status"] == "coded" for i in cut)
    assert set(docs) == set(expected) | set(cut)
    for doc_id, (status, words) in expected.items():
        d = docs[doc_id]
        if doc_id.endswith("09_german.html"):
            assert d["language"] == "de"
        assert d["status"] == status, (doc_id, d["status"], d["reason"])
        if status == "coded":
            assert d["reason"] is None, (doc_id, d["reason"])
        else:
            assert words in (d["reason"] or ""), (doc_id, d["reason"])
            assert doc_id not in d["reason"], f"the reason repeats the id: {d['reason']}"
    broken = next(d for i, d in docs.items() if i.endswith("05_broken_utf8.txt"))
    # the good characters survive (not read as a legacy encoding); the corrupt bytes are dropped
    assert broken["text"] == UTF8_TEXT


def _check_stderr(stderr: str, docs: dict[str, dict]) -> None:
    failed = {i: d["reason"] for i, d in docs.items() if d["status"] == "failed"}
    lines = failure_lines(stderr)
    assert sorted(lines) == sorted(f"eventwire: failed: {i}: {r}" for i, r in failed.items())


def test_extract_gives_every_input_a_record(corpus):
    _folder, args, expected = corpus
    p = ew("extract", *args)
    assert p.returncode == 1, p.stderr  # some inputs failed
    recs = records(p.stdout)
    assert all(r["kind"] == "document" for r in recs)
    docs = {r["doc_id"]: r for r in recs}
    assert len(docs) == len(recs), "one record per input"
    _check_documents(docs, expected, extract=True)
    _check_stderr(p.stderr, docs)


def test_code_gives_every_input_a_record_and_codes_the_good_ones(corpus):
    _folder, args, expected = corpus
    p = ew("code", *args, "--format", "jsonl")
    assert p.returncode == 1, p.stderr
    recs = records(p.stdout)
    docs = {r["doc_id"]: r for r in recs if r["kind"] == "document"}
    assert len(docs) == sum(r["kind"] == "document" for r in recs)
    _check_documents(docs, expected)
    _check_stderr(p.stderr, docs)
    good = str(corpus[0] / "01_good.txt")
    assert any(r["kind"] == "event" and r["doc_id"] == good for r in recs)
    # records other than documents belong to coded documents only
    assert {r["doc_id"] for r in recs if r["kind"] != "document"} <= {i for i, d in docs.items()
                                                                     if d["status"] == "coded"}


def _table(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_run_stores_a_row_for_every_input_and_a_rerun_changes_nothing(corpus, tmp_path):
    _folder, args, expected = corpus
    db = tmp_path / "bad.duckdb"
    p = ew("run", *args, "--db", str(db), "--quiet")
    assert p.returncode == 1, p.stderr
    rows = _table(db, "SELECT doc_id, status, reason, text, language FROM documents")
    docs = {r[0]: {"status": r[1], "reason": r[2], "text": r[3], "language": r[4]} for r in rows}
    assert len(docs) == len(rows)
    _check_documents(docs, expected)
    _check_stderr(p.stderr, docs)
    count = {st: sum(d["status"] == st for d in docs.values()) for st in ("coded", "skipped", "failed")}
    assert f"This run: {count['coded']} coded, {count['skipped']} skipped, {count['failed']} failed" in p.stdout
    good = str(corpus[0] / "01_good.txt")
    assert _table(db, f"SELECT count(*) FROM events WHERE doc_id = '{good}'")[0][0] > 0

    snap = "SELECT * EXCLUDE (coded_at) FROM documents ORDER BY doc_id"
    first = (_table(db, snap), _table(db, "SELECT * FROM events ORDER BY ALL"),
             _table(db, "SELECT * FROM quotes ORDER BY ALL"))
    again = ew("run", *args, "--db", str(db), "--quiet")
    assert again.returncode == 1, again.stderr  # the same inputs fail again, and say so again
    assert sorted(failure_lines(again.stderr)) == sorted(failure_lines(p.stderr))
    assert (_table(db, snap), _table(db, "SELECT * FROM events ORDER BY ALL"),
            _table(db, "SELECT * FROM quotes ORDER BY ALL")) == first


def test_exit_status_0_when_every_input_is_coded_or_skipped(tmp_path):
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "german.html").write_text(GERMAN, encoding="utf-8")
    (tmp_path / "menu.html").write_text("<html><body><nav>Home</nav></body></html>", encoding="utf-8")
    db = tmp_path / "ok.duckdb"
    for cmd in (["extract"], ["code", "--format", "jsonl"], ["run", "--db", str(db), "--quiet"]):
        p = ew(*cmd, str(tmp_path / "good.txt"), str(tmp_path / "empty.txt"), str(tmp_path / "german.html"),
               str(tmp_path / "menu.html"))
        assert p.returncode == 0, (cmd, p.stderr)
        assert failure_lines(p.stderr) == []
    statuses = dict(_table(db, "SELECT doc_id, status FROM documents"))
    assert sorted(statuses.values()) == ["coded", "skipped", "skipped", "skipped"]


def test_bad_standard_input(tmp_path):
    for cmd, data, status, words in (
            ("code", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "failed", "binary file"),
            ("extract", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "failed", "binary file"),
            ("extract", b"", "skipped", "empty input"),
            ("extract", b" \n\t\n", "skipped", "empty input"),
            ("extract", b"\x1f\x8b\x08\x00" + b"\x00" * 20, "failed", "gzip")):
        p = ew(cmd, stdin=data)
        recs = records(p.stdout)
        assert [(r["doc_id"], r["status"]) for r in recs] == [("<stdin>", status)], (cmd, recs)
        assert words in recs[0]["reason"]
        assert p.returncode == (1 if status == "failed" else 0), p.stderr
        assert len(failure_lines(p.stderr)) == (status == "failed")


def test_an_id_given_twice_in_one_run_is_stored_once_and_the_run_goes_on(tmp_path):
    # two records with one id: the database holds one row per id, so the second is refused with a
    # message rather than overwriting the first (or aborting the batch)
    first = "Russia and China signed a trade agreement in Moscow on Monday, officials said."
    second = "Turkish troops shelled Kurdish positions in northern Syria on Tuesday, the rebels said."
    third = "The parliament of Ghana passed the budget on Friday after a long debate."
    f = tmp_path / "twice.jsonl"
    f.write_text("\n".join(json.dumps(r) for r in (
        {"id": "a", "text": first}, {"id": "a", "text": second},
        {"id": "b", "text": third},
    )) + "\n", encoding="utf-8")
    db = tmp_path / "twice.duckdb"
    for _ in range(2):  # and a re-run changes nothing
        p = ew("run", str(f), "--db", str(db), "--quiet")
        assert p.returncode == 0, p.stderr
        assert "Traceback" not in p.stderr
        assert any(ln.startswith("eventwire: ") and ": a:" in ln and "same id" in ln for ln in p.stderr.splitlines())
        assert _table(db, "SELECT doc_id, status, text FROM documents ORDER BY doc_id") == [
            ("a", "coded", first), ("b", "coded", third)]


def test_fifty_megabyte_text_file(tmp_path):
    big = tmp_path / "huge.txt"
    para = ("The regional assembly debated the budget for the coming year late into the night, and the "
            "opposition walked out before the final vote was taken by the remaining members.\n\n")
    with open(big, "w", encoding="utf-8") as fh:
        fh.write(para * (50_000_000 // len(para) + 1))
    assert big.stat().st_size >= 50_000_000
    t0 = time.monotonic()
    p = ew("extract", str(big))
    assert time.monotonic() - t0 < 60
    assert p.returncode == 0, p.stderr
    (doc,) = records(p.stdout)
    assert doc["status"] == "coded" and doc["reason"] is None
    assert any("cut" in n and "50,000," in n for n in doc["notes"])
    assert 0 < len(doc["text"]) <= 1_000_000

    db = tmp_path / "huge.duckdb"
    p = ew("run", str(big), "--db", str(db), "--quiet", timeout=900)
    (row,) = _table(db, "SELECT status, coalesce(reason, array_to_string(notes, '; ')), length(text) FROM documents")
    status, reason, n = row
    assert reason, "a cut (or refused) document says why"
    if status == "coded":  # cut to the limit, and coded
        assert p.returncode == 0 and "cut" in reason and n <= 1_000_000, (p.stderr, reason)
    else:  # a time or size limit refused it: a failure with its message
        assert status == "failed" and p.returncode == 1, (status, p.stderr)
        assert failure_lines(p.stderr) == [f"eventwire: failed: {big}: {reason}"]
