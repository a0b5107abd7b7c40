"""Apache Spark in local mode (local[2]) on real stories: the same documents, events and quotes as
`eventwire code`, and the command that writes Parquet partitioned by date (JSONL and WARC in).

Needs the optional extra (pip install -e ".[spark]") and Java 17; skipped with a message otherwise."""
from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, shared_path

pytest.importorskip("pyspark", reason="pyspark is not installed: pip install -e '.[spark]' to run the Spark tests")
pytest.importorskip("pandas", reason="pandas is not installed: pip install -e '.[spark]'")
pytest.importorskip("pyarrow", reason="pyarrow is not installed: pip install -e '.[spark]'")
if not (shutil.which("java") or os.environ.get("JAVA_HOME")):
    pytest.skip("Java is not installed: Spark needs Java 17 (e.g. apt-get install openjdk-17-jre-headless)",
                allow_module_level=True)

N_STORIES = 5


@pytest.fixture(scope="module")
def spark():
    from eventwire.spark import local_session
    session = local_session("local[2]", "eventwire-tests", spark_sql_shuffle_partitions="2")
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def stories(tmp_path_factory) -> Path:
    """A handful of VOA stories as the JSONL that both `eventwire code` and Spark read."""
    src = shared_path("corpora", "voa", "voa_stories.jsonl")
    rows = [json.loads(line) for line in src.open(encoding="utf-8") if line.strip()][:N_STORIES]
    path = tmp_path_factory.mktemp("spark") / "stories.jsonl"
    path.write_text("".join(json.dumps({"id": r["id"], "text": r["text"], "pub_date": r["published"],
                                        "title": r["title"], "url": r["url"]}) + "\n" for r in rows),
                    encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def code_records(stories) -> dict[str, list[dict]]:
    """What `eventwire code` prints for the stories, by kind."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    p = subprocess.run([sys.executable, "-m", "eventwire.cli", "code", str(stories), "--format", "jsonl"],
                       capture_output=True, text=True, env=env, timeout=600)
    assert p.returncode == 0, p.stderr
    out: dict[str, list[dict]] = {"document": [], "event": [], "quote": []}
    for line in p.stdout.splitlines():
        rec = json.loads(line)
        out[rec.pop("kind")].append(rec)
    return out


def rows(frame, drop=()) -> list[dict]:
    return [{k: v for k, v in r.asDict(recursive=True).items() if k not in drop} for r in frame.collect()]


def by(key: str, recs: list[dict]) -> dict[str, dict]:
    return {r[key]: r for r in recs}


def test_spark_gives_the_same_records_as_eventwire_code(spark, stories, code_records):
    from eventwire.spark import code_dataframe
    recs = [json.loads(line) for line in stories.open(encoding="utf-8")]
    df = spark.createDataFrame([(r["id"], r["text"], r["pub_date"], r["title"], r["url"]) for r in recs],
                               "id string, text string, pub_date string, title string, url string")
    coded = code_dataframe(df.repartition(2))
    try:
        docs = rows(coded.documents, drop=("content_hash", "num_events", "num_quotes"))
        events = rows(coded.events, drop=("pub_date",))
        quotes = rows(coded.quotes, drop=("pub_date",))
    finally:
        coded.unpersist()
    assert len(code_records["event"]) > 10, "the stories should give events"
    assert by("doc_id", docs) == by("doc_id", code_records["document"])
    assert by("event_id", events) == by("event_id", code_records["event"])
    assert by("quote_id", quotes) == by("quote_id", code_records["quote"])


def test_command_reads_jsonl_and_writes_parquet_partitioned_by_date(spark, stories, code_records, tmp_path):
    duckdb = pytest.importorskip("duckdb")
    from eventwire.spark import main
    first = json.loads(stories.open(encoding="utf-8").readline())
    src = tmp_path / "in.jsonl"
    src.write_text(stories.read_text(encoding="utf-8")
                   + json.dumps(dict(first, id="copy-of-first", pub_date="2030-01-02")) + "\n"
                   + "{not json\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main([str(src), "--out", str(out), "--partition", "day"]) == 1  # the broken line fails
    for table in ("documents", "events", "quotes"):
        days = sorted(p.name for p in (out / table).iterdir() if p.is_dir())
        assert days and all(d.startswith("pub_day=") for d in days), days
    con = duckdb.connect()
    got = dict(con.execute(
        f"SELECT doc_id, status || coalesce(': ' || reason, '') FROM read_parquet('{out}/documents/*/*.parquet')"
    ).fetchall())
    assert got["copy-of-first"] == f"skipped: duplicate of {first['id']}"
    assert sum(1 for v in got.values() if v.startswith("failed: ") and "malformed JSON" in v) == 1
    assert sum(1 for v in got.values() if v == "coded") == N_STORIES
    n_events, days = con.execute(
        f"SELECT count(*), count(DISTINCT pub_day) FROM read_parquet('{out}/events/*/*.parquet', "
        f"hive_partitioning = true)").fetchone()
    assert n_events == len(code_records["event"])
    # every event sits in the partition of its document's publication date
    assert con.execute(f"SELECT count(*) FROM read_parquet('{out}/events/*/*.parquet', hive_partitioning = true) "
                       f"WHERE CAST(pub_day AS VARCHAR) <> pub_date").fetchone()[0] == 0


def test_warc_pages_are_coded_like_the_same_pages_in_process(spark, stories, tmp_path, pipeline):
    pytest.importorskip("warcio")
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    from eventwire.ingest import iter_inputs
    from eventwire.spark import code_dataframe, read_inputs
    recs = [json.loads(line) for line in stories.open(encoding="utf-8")][:2]
    warc = tmp_path / "news.warc.gz"
    with warc.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for r in recs:
            paras = "".join(f"<p>{p}</p>" for p in r["text"].split("\n") if p.strip())
            html = (f"<html><head><title>{r['title']}</title><meta property=\"article:published_time\" "
                    f"content=\"{r['pub_date']}\"></head><body><article><h1>{r['title']}</h1>{paras}"
                    f"</article></body></html>").encode("utf-8")
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(r["url"], "response", payload=io.BytesIO(html),
                                                          http_headers=http))
    coded = code_dataframe(read_inputs(spark, [str(warc)], "warc", partitions=2))
    try:
        events = rows(coded.events, drop=("pub_date",))
        docs = rows(coded.documents)
    finally:
        coded.unpersist()
    expected = [res for res in pipeline.process(iter_inputs([str(warc)]))]
    # the pages get the ids `eventwire run` gives them: <archive>#<record number>
    assert sorted(d["doc_id"] for d in docs) == [f"{warc}#1", f"{warc}#2"]
    assert all(d["status"] == "coded" for d in docs)
    want = {e.event_id: e.to_record() for res in expected for e in res.events}
    for rec in want.values():
        rec.pop("kind")
    assert want, "the pages should give events"
    assert by("event_id", events) == want
