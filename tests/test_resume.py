"""`run` is resumable: a real `eventwire run` process is killed (SIGKILL) mid-corpus, twice, and
run again to the end. Then every input document is stored exactly once, nothing committed before
a kill is lost or rewritten, and the database equals the one an uninterrupted run makes (so no
event or quote is stored twice).

The corpus is generated here: short news items built from sentence templates written for this
test, every document distinct (and far from being a near-duplicate of another).
"""
from __future__ import annotations

import contextlib
import itertools
import json
import os
import random
import re
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from conftest import ROOT

N_DOCS = 160  # five batches of 32 (Settings.batch_size)

COUNTRIES = ["France", "Germany", "Kenya", "Brazil", "India", "Japan", "Egypt", "Mexico", "Poland", "Chile",
             "Vietnam", "Nigeria", "Canada", "Turkey", "Peru", "Ghana", "Norway", "Iraq", "Spain", "Israel"]
CITIES = ["Paris", "Berlin", "Nairobi", "Brasilia", "Delhi", "Tokyo", "Cairo", "Lima", "Warsaw", "Santiago",
          "Hanoi", "Abuja", "Ottawa", "Ankara", "Accra", "Oslo", "Baghdad", "Madrid", "Geneva", "Vienna"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
TOPICS = ["trade", "energy", "security", "water", "fishing", "customs", "health", "rail", "grain", "border"]
GROUPS = ["police", "soldiers", "protesters", "farmers", "students", "workers", "rebels", "officials"]
TEMPLATES = [
    "{c1} and {c2} signed a {t} agreement in {city} on {d}, officials said.",
    "The foreign minister of {c1} met her counterpart from {c2} in {city} on {d} to discuss {t} policy.",
    "{c1} accused {c2} of violating the {t} accord and recalled its ambassador on {d}.",
    "Thousands of {g} marched through {city} on {d} to demand higher wages and cheaper {t}.",
    "{c1} police arrested {n} {g} in {city} after clashes that lasted until {d} night.",
    "The government of {c1} promised {n} million dollars in {t} aid to {c2} on {d}.",
    "Troops from {c1} shelled positions near the {c2} border on {d}, killing {n} people.",
    "{c2} rejected a proposal from {c1} to hold new {t} talks in {city} next month.",
    "Leaders of {c1} urged {c2} to release {n} detained {g} before the summit in {city}.",
    "A court in {city} sentenced {n} {g} from {c2} to prison for smuggling {t} goods on {d}.",
    "{c1} threatened to impose sanctions on {c2} unless the {t} dispute is settled by {d}.",
    "The parliament of {c1} approved a {t} budget of {n} billion on {d} after a long debate.",
    '"We will not accept this," the {c1} president said of the {t} plan announced by {c2} on {d}.',
]


def make_corpus(path: Path, n: int) -> list[str]:
    rng = random.Random(20240601)
    ids = []
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            sentences = []
            for tpl in rng.sample(TEMPLATES, 4):
                c1, c2 = rng.sample(COUNTRIES, 2)
                sentences.append(tpl.format(c1=c1, c2=c2, city=rng.choice(CITIES), d=rng.choice(DAYS),
                                            t=rng.choice(TOPICS), g=rng.choice(GROUPS), n=rng.randint(2, 990)))
            doc_id = f"resume-{i:04d}"
            ids.append(doc_id)
            fh.write(json.dumps({"id": doc_id, "title": f"Item {i}", "text": "\n\n".join(sentences),
                                 "pub_date": f"2021-{1 + i % 12:02d}-{1 + i % 28:02d}"}) + "\n")
    return ids


def start_run(corpus: Path, db: Path) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    return subprocess.Popen([sys.executable, "-m", "eventwire.cli", "run", str(corpus), "--db", str(db), "--quiet"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)


_ID = re.compile(rb"resume-(\d{4})")


def committed_ids_in_wal(db: Path) -> set[str]:
    """doc_ids written to the write-ahead log: DuckDB appends a transaction to it when it commits
    (the database file itself is locked by the running process, even against readers)."""
    try:
        data = Path(str(db) + ".wal").read_bytes()
    except FileNotFoundError:
        return set()
    return {f"resume-{m.decode()}" for m in _ID.findall(data)}


def kill_after_new_commit(proc: subprocess.Popen, db: Path, before: set[str], timeout: float = 300) -> None:
    """SIGKILL ``proc`` as soon as the log shows a document committed that ``before`` lacks."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            out, err = proc.communicate()
            pytest.fail(f"the run ended (exit {proc.returncode}) before it could be killed mid-corpus:\n"
                        f"{out.decode()[-800:]}\n{err.decode()[-2000:]}")
        if committed_ids_in_wal(db) - before:
            time.sleep(0.2)  # let the commit finish (the log may be caught half written)
            kids = _children(proc.pid)
            proc.kill()  # SIGKILL: no clean-up, no checkpoint, no closing of the database
            proc.wait()
            _no_orphans(kids)
            return
        time.sleep(0.02)
    proc.kill()
    proc.wait()
    pytest.fail("no new document was committed in time")


def _children(pid: int) -> list:
    try:
        import psutil
    except ImportError:  # the check of worker processes needs psutil
        return []
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.Error:
        return []


def _no_orphans(kids: list, grace: float = 30) -> None:
    """Worker processes of a killed run leave by themselves (their pipe to the parent is gone)."""
    if not kids:
        return
    import psutil
    _gone, alive = psutil.wait_procs(kids, timeout=grace)
    for p in alive:
        with contextlib.suppress(psutil.Error):
            p.kill()
    assert not alive, f"{len(alive)} worker process(es) still running {grace} s after the run was killed"


def snapshot(db: Path) -> dict[str, dict[str, tuple]]:
    """Every row of the three tables, by key (documents with coded_at: a rewrite would show)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        out = {}
        for table, key in (("documents", "doc_id"), ("events", "event_id"), ("quotes", "quote_id")):
            cur = con.execute(f"SELECT * FROM {table}")
            cols = [c[0] for c in cur.description]
            rows = cur.fetchall()
            k = cols.index(key)
            out[table] = {r[k]: r for r in rows}
            assert len(out[table]) == len(rows), f"duplicate {key} in {table}"
        out["_cols"] = {t: [c[0] for c in con.execute(f"SELECT * FROM {t} LIMIT 0").description]
                        for t in ("documents", "events", "quotes")}
        return out
    finally:
        con.close()


def without_time(snap: dict) -> dict[str, dict]:
    i = snap["_cols"]["documents"].index("coded_at")
    return {"documents": {k: r[:i] + r[i + 1:] for k, r in snap["documents"].items()},
            "events": snap["events"], "quotes": snap["quotes"]}


def rows_of(snap: dict, doc_ids: set[str]) -> dict[str, dict]:
    """The rows belonging to some documents (documents, their events and quotes)."""
    di = {t: snap["_cols"][t].index("doc_id") for t in ("documents", "events", "quotes")}
    return {t: {k: r for k, r in snap[t].items() if r[di[t]] in doc_ids} for t in ("documents", "events", "quotes")}


def test_killed_run_resumes_without_losing_or_repeating_anything(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    ids = make_corpus(corpus, N_DOCS)
    from eventwire.ingest.near_dup import shingle_hashes
    texts = [json.loads(line)["text"] for line in corpus.read_text(encoding="utf-8").splitlines()]
    shingles = [set(shingle_hashes(t).tolist()) for t in texts]
    assert max(len(a & b) / len(a | b) for a, b in itertools.combinations(shingles, 2)) < 0.3, \
        "the generated documents must be distinct stories"

    # the reference: the same corpus, uninterrupted (runs beside the others to save time)
    ref_db = tmp_path / "reference.duckdb"
    ref = start_run(corpus, ref_db)

    db = tmp_path / "resumed.duckdb"
    first = start_run(corpus, db)
    kill_after_new_commit(first, db, set())
    s1 = snapshot(db)
    done1 = set(s1["documents"])
    assert 0 < len(done1) < N_DOCS, len(done1)

    # (ids of a transaction cut short by the kill may be in the log without being committed)
    seen = done1 | committed_ids_in_wal(db)
    second = start_run(corpus, db)
    kill_after_new_commit(second, db, seen)
    s2 = snapshot(db)
    done2 = set(s2["documents"])
    assert done1 < done2 and len(done2) < N_DOCS, (len(done1), len(done2))
    assert rows_of(s2, done1) == rows_of(s1, done1), "rows committed before the first kill changed"

    third = start_run(corpus, db)
    out, err = third.communicate(timeout=600)
    assert third.returncode == 0, err.decode()[-3000:]
    assert f"{N_DOCS - len(done2)} coded, 0 skipped, 0 failed, {len(done2)} already stored" in out.decode()
    final = snapshot(db)
    assert sorted(final["documents"]) == ids, "every input document stored exactly once"
    assert rows_of(final, done2) == rows_of(s2, done2), "rows committed before the second kill changed"
    statuses = {r[final["_cols"]["documents"].index("status")] for r in final["documents"].values()}
    assert statuses == {"coded"}
    # events and quotes: as many as each document says, none twice
    cols = final["_cols"]
    for table, count_col in (("events", "num_events"), ("quotes", "num_quotes")):
        per_doc: dict[str, int] = {}
        for r in final[table].values():
            per_doc[r[cols[table].index("doc_id")]] = per_doc.get(r[cols[table].index("doc_id")], 0) + 1
        for doc_id, r in final["documents"].items():
            assert per_doc.get(doc_id, 0) == r[cols["documents"].index(count_col)], (table, doc_id)
    assert len(final["events"]) > N_DOCS  # the stories do have events

    out, err = ref.communicate(timeout=600)
    assert ref.returncode == 0, err.decode()[-3000:]
    assert without_time(final) == without_time(snapshot(ref_db)), \
        "the resumed database differs from the one an uninterrupted run makes"
