"""The command line as a user drives it: real processes, real files, the contract's records."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, shared_path

SCHEMA = json.loads((ROOT / "src" / "eventwire" / "schema" / "records.schema.json").read_text())


def ew(*args: str, stdin: str | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    return subprocess.run([sys.executable, "-m", "eventwire.cli", *args], input=stdin, capture_output=True,
                          text=True, cwd=cwd, env=env, timeout=600)


def records(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def validate(recs: list[dict]) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator(SCHEMA)
    for r in recs:
        errors = sorted(validator.iter_errors(r), key=lambda e: e.path)
        assert not errors, f"{r.get('kind')} record breaks the schema: {errors[0].message} at {list(errors[0].path)}"


STORY = """Iran protests

TEHRAN, March 3, 2019 - Iranian police arrested dozens of protesters in Tehran on Sunday after thousands of people marched against rising prices.

Foreign Minister Mohammad Javad Zarif said the government would not bow to foreign pressure. "We will defend our people," he said.

The European Union condemned the arrests and urged Iran to release the detainees.
"""


def test_code_txt_writes_valid_records(tmp_path):
    f = tmp_path / "story.txt"
    f.write_text(STORY, encoding="utf-8")
    p = ew("code", str(f), "--format", "jsonl")
    assert p.returncode == 0, p.stderr
    recs = records(p.stdout)
    validate(recs)
    doc = recs[0]
    assert doc["kind"] == "document" and doc["doc_id"] == str(f) and doc["status"] == "coded"
    kinds = {r["kind"] for r in recs}
    assert {"event", "quote"} <= kinds
    for r in recs[1:]:
        assert r["doc_id"] == str(f)
    # every event keeps its evidence: the trigger and sentence offsets point into the text
    for r in recs:
        if r["kind"] == "event":
            assert doc["text"][r["trigger"]["start"]:r["trigger"]["end"]] == r["trigger"]["text"]
            assert doc["text"][r["sentence"]["start"]:r["sentence"]["end"]] == r["sentence"]["text"]
            assert r["why"]
            for a in r["actors"] + r["recipients"]:
                assert doc["text"][a["start"]:a["end"]] == a["text"]


def test_code_stdin_and_event_ids_stable():
    a = records(ew("code", "--pub-date", "2019-03-03", stdin=STORY).stdout)
    b = records(ew("code", "--pub-date", "2019-03-03", stdin=STORY).stdout)
    ids = [r["event_id"] for r in a if r["kind"] == "event"]
    assert ids and ids == [r["event_id"] for r in b if r["kind"] == "event"]
    assert a[0]["pub_date"] == "2019-03-03" or a[0]["pub_date"] is not None


def test_bad_input_gets_a_record_and_the_rest_goes_on(tmp_path):
    good = {"id": "ok-1", "text": "Russia and China signed a trade agreement in Moscow on Monday.", "pub_date": "2021-05-10"}
    lines = [json.dumps(good), "{this is not json", json.dumps({"id": "empty", "text": ""}),
             json.dumps({"text": "no id here"})]
    f = tmp_path / "mixed.jsonl"
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    missing = tmp_path / "does-not-exist.txt"
    p = ew("code", str(f), str(missing), "--format", "jsonl")
    assert p.returncode == 1  # some input failed
    recs = records(p.stdout)
    validate(recs)
    docs = [r for r in recs if r["kind"] == "document"]
    assert len(docs) == 5  # one record per input, bad ones included
    by_status = {d["status"] for d in docs}
    assert "coded" in by_status and "failed" in by_status
    for d in docs:
        if d["status"] != "coded":
            assert d["reason"], d
    assert "failed" in p.stderr
    assert any(r["kind"] == "event" and r["doc_id"] == "ok-1" for r in recs)


def test_run_twice_same_rows_and_export(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(STORY, encoding="utf-8")
    (corpus / "b.jsonl").write_text(json.dumps(
        {"id": "b1", "text": "Turkish troops shelled Kurdish positions in northern Syria on Tuesday, "
                             "the Syrian Democratic Forces said.", "pub_date": "2019-10-15"}) + "\n", encoding="utf-8")
    db = tmp_path / "ew.duckdb"
    p1 = ew("run", str(corpus), "--db", str(db), "--quiet")
    assert p1.returncode == 0, p1.stderr
    assert "Events:" in p1.stdout

    def snapshot():
        import duckdb
        con = duckdb.connect(str(db), read_only=True)
        try:
            return {t: con.execute(f"SELECT * EXCLUDE (coded_at) FROM {t} ORDER BY ALL").fetchall() if t == "documents"
                    else con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in ("documents", "events", "quotes")}
        finally:
            con.close()
    first = snapshot()
    assert first["events"]
    p2 = ew("run", str(corpus), "--db", str(db), "--quiet")
    assert p2.returncode == 0, p2.stderr
    assert "2 already stored" in p2.stdout
    assert snapshot() == first

    for ext in ("jsonl", "csv", "parquet"):
        out = tmp_path / f"events.{ext}"
        p = ew("export", "--db", str(db), "--what", "events", "--to", str(out))
        assert p.returncode == 0, p.stderr
        assert out.stat().st_size > 0
    exported = records((tmp_path / "events.jsonl").read_text(encoding="utf-8"))
    validate(exported)
    assert len(exported) == len(first["events"])


def test_usage_errors_exit_2(tmp_path):
    assert ew("code", "--pub-date", "yesterday", stdin="x").returncode == 2
    assert ew("export", "--db", str(tmp_path / "none.duckdb"), "--what", "events",
              "--to", str(tmp_path / "x.jsonl")).returncode == 2
    assert ew("nonsense").returncode == 2


def test_extract_is_ingest_only(tmp_path):
    f = tmp_path / "s.txt"
    f.write_text(STORY, encoding="utf-8")
    p = ew("extract", str(f))
    assert p.returncode == 0, p.stderr
    recs = records(p.stdout)
    validate(recs)
    assert [r["kind"] for r in recs] == ["document"]
    assert recs[0]["segments"]


def test_timex_command(tmp_path):
    f = tmp_path / "t.txt"
    f.write_text("The talks began on Monday and will resume on July 9. In December 2016 the deal collapsed.",
                 encoding="utf-8")
    p = ew("timex", str(f), "--pub-date", "2017-07-07")
    assert p.returncode == 0, p.stderr
    recs = records(p.stdout)
    validate(recs)
    values = {r["text"]: r["value"] for r in recs}
    assert values.get("July 9") == "2017-07-09"
    assert values.get("December 2016") == "2016-12"
    assert values.get("Monday") == "2017-07-03"


def test_seed_page_from_the_command_line():
    seed = shared_path("seed", "g20_hamburg_blog_page.txt")
    p = ew("code", str(seed), "--pub-date", "2017-07-07", "--format", "jsonl")
    assert p.returncode == 0, p.stderr
    recs = records(p.stdout)
    validate(recs)
    assert recs[0]["pub_date"] == "2017-07-07"
    assert 9 <= sum(r["kind"] == "event" for r in recs) <= 20
