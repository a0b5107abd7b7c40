"""Near-duplicates: a syndicated copy of a story is stored once, different stories on the same
topic are both kept, and a resumed run still knows the documents of earlier runs.

The stories are written for these tests (fictional places and people).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys

import duckdb
import numpy as np

from conftest import ROOT
from eventwire.ingest.near_dup import (THRESHOLD, NearDupIndex, as_signature, document_text, shingle_hashes,
                                        signature_bytes)
from eventwire.model import Document, Result, Segment
from eventwire.store import Store

WIRE = """Danube states agree to share flood data

VIENNA, April 14 (Courier Wire) - Ministers from seven Danube states agreed on Tuesday to share river gauge readings every hour and to warn each other before opening dams, after floods last spring killed 41 people and drove thousands from their homes.

The accord, signed at a one-day meeting in Vienna, sets up a joint centre in Budapest that will collect the readings and publish flood forecasts for the whole basin. Each government will pay for the gauges on its own stretch of the river.

"Water does not stop at a border, and neither should a warning," Austrian Environment Minister Clara Weidinger told reporters after the signing. She said the first forecasts would be issued before the end of the year.

Serbia and Romania had long complained that upstream neighbours released water from reservoirs without notice. Under the new rules a state must give twelve hours of warning before a planned release, or explain the delay within a day.

Environmental groups welcomed the deal but said it did nothing to restore the flood plains that were drained for farming in the last century. They plan to raise the issue at a conference in Belgrade next month.
"""

# the same story as another paper ran it: its own headline, its own dateline, a few words edited
COPY = """Seven nations sign Danube flood warning pact

VIENNA (Daily Ledger) - Ministers from seven Danube states agreed on Tuesday to share river gauge readings every hour and to warn each other before opening dams, after floods last spring killed 41 people and forced thousands from their homes.

The accord, signed at a one-day summit in Vienna, sets up a joint centre in Budapest that will collect the readings and publish flood forecasts for the whole basin. Each government will pay for the gauges on its own stretch of the river.

"Water does not stop at a border, and neither should a warning," Austrian Environment Minister Clara Weidinger told journalists after the signing. She said the first forecasts would be issued before the end of the year.

Serbia and Romania had long complained that upstream neighbours released water from reservoirs without notice. Under the new rules a country must give twelve hours of warning before a planned release, or explain the delay within a day.

Environmental groups welcomed the deal but said it did nothing to restore the flood plains that were drained for farming in the last century. They plan to raise the issue at a conference in Belgrade next month.
"""

# a different story on the same topic, a day later, with the same people and places
FOLLOW_UP = """Romania asks for Danube dam inspections

BUCHAREST, April 15 (Courier Wire) - Romania on Wednesday asked its Danube neighbours to let independent engineers inspect their dams, a day after seven states agreed in Vienna to share flood data.

Foreign Minister Andrei Munteanu said the new warning rules were a good start but would not prevent a disaster if the dams themselves were unsafe. He wants the inspectors to report to the joint centre in Budapest.

"We signed because our people need warnings, but warnings are not enough," Munteanu said at a news conference. Officials in Vienna said the request would be discussed by experts in the autumn.

Floods last spring killed 41 people along the river, most of them in Romanian villages near the delta. Farmers there are still waiting for compensation promised by the government.
"""


def _doc(doc_id: str, text: str) -> Document:
    """A document as ingest would give it: a headline and the story, all of it an article."""
    return Document(doc_id=doc_id, text=text, segments=[Segment("article", 0, len(text), "en")])


def jaccard(a: str, b: str) -> float:
    sa, sb = set(shingle_hashes(a).tolist()), set(shingle_hashes(b).tolist())
    return len(sa & sb) / len(sa | sb)


# --- the index ---------------------------------------------------------------------------------

def test_the_test_stories_are_what_they_claim():
    # the copy is a real near-duplicate, the follow-up a real different story (measured exactly)
    assert 0.7 < jaccard(WIRE, COPY) < 0.95
    assert jaccard(WIRE, FOLLOW_UP) < 0.1 and jaccard(COPY, FOLLOW_UP) < 0.1


def test_syndicated_copy_found_same_topic_story_not():
    index = NearDupIndex()
    assert index.check_and_add(_doc("wire", WIRE)) is None
    assert index.check_and_add(_doc("copy", COPY)) == "wire"
    assert index.check_and_add(_doc("follow", FOLLOW_UP)) is None
    assert "wire" in index and "follow" in index and "copy" not in index
    assert len(index) == 2
    # the estimate is close to the exact similarity
    sim = NearDupIndex.similarity(index.signature(WIRE), index.signature(COPY))
    assert abs(sim - jaccard(WIRE, COPY)) < 0.15


def test_query_threshold_self_exclusion_and_remove():
    index = NearDupIndex()
    sig = index.signature(WIRE)
    index.add("wire", sig)
    hit = index.query(index.signature(COPY))
    assert hit is not None and hit[0] == "wire" and hit[1] >= THRESHOLD
    assert index.query(sig, exclude="wire") is None  # a document is not its own duplicate
    assert index.query(index.signature(FOLLOW_UP)) is None
    strict = NearDupIndex(threshold=0.99)
    strict.add("wire", strict.signature(WIRE))
    assert strict.query(strict.signature(COPY)) is None
    index.remove("wire")
    assert index.query(index.signature(COPY)) is None and len(index) == 0


def test_the_most_similar_document_wins_and_changed_text_replaces():
    index = NearDupIndex()
    paras = WIRE.split("\n\n")
    shorter = "\n\n".join(paras[:-1])  # the copy minus its last paragraph
    index.add("short", index.signature(shorter))
    index.add("wire", index.signature(WIRE))
    assert index.query(index.signature(WIRE), exclude="nobody")[0] == "wire"
    # the same id with another text replaces the earlier signature
    index.add("wire", index.signature(FOLLOW_UP))
    assert index.query(index.signature(FOLLOW_UP))[0] == "wire"
    assert index.query(index.signature(COPY))[0] == "short"


def test_short_texts_are_left_to_the_exact_check():
    index = NearDupIndex()
    assert index.signature("Talks ended.") is None
    assert index.check_and_add(_doc("a", "Talks ended.")) is None
    # an exact copy of a short text is still found (by its content hash) within a run
    assert index.check_and_add(_doc("b", "Talks ended.")) == "a"
    assert index.check_and_add(_doc("c", "Talks resumed.")) is None


def test_exact_copy_within_a_run_and_a_repeated_id():
    index = NearDupIndex()
    assert index.check_and_add(_doc("a", WIRE)) is None
    assert index.check_and_add(_doc("b", WIRE)) == "a"
    # a second input with id "a" (another text) does not replace the first one's signature
    assert index.check_and_add(_doc("a", FOLLOW_UP)) is None
    assert index.check_and_add(_doc("c", COPY)) == "a"


def test_document_text_is_the_article():
    text = "Home | World | Sport\n\n" + WIRE + "\n\nRelated: Floods hit the delta again"
    start = text.index("Danube states")
    end = start + len(WIRE.rstrip())
    doc = Document(doc_id="p", text=text, segments=[Segment("boilerplate", 0, 20), Segment("article", start, end),
                                                    Segment("teaser", end + 2, len(text))])
    assert document_text(doc) == WIRE.rstrip()
    index = NearDupIndex()
    index.check_and_add(_doc("wire", WIRE))
    assert index.check_and_add(doc) == "wire"


def test_shingle_hashes_do_not_depend_on_the_process():
    # signatures are saved in the database: they must be the same in every process
    code = ("import sys; from eventwire.ingest.near_dup import NearDupIndex; "
            "print(list(NearDupIndex().signature(sys.stdin.read())[:16]))")
    outs = set()
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed, PYTHONPATH=str(ROOT / "src"))
        out = subprocess.run([sys.executable, "-c", code], input=WIRE, capture_output=True, text=True,
                             env=env, timeout=120)
        assert out.returncode == 0, out.stderr
        outs.add(out.stdout)
    assert len(outs) == 1
    assert outs.pop().strip() == str(list(NearDupIndex().signature(WIRE)[:16]))


def test_many_documents_bulk_load_and_tail_agree():
    # signatures merged into the sorted part and those still in the tail are both searched
    rng = np.random.default_rng(7)
    index = NearDupIndex()
    sigs = rng.integers(0, 2 ** 32, (5000, index.num_perm), dtype=np.uint32)
    index.add_many((f"d{i}", sigs[i]) for i in range(3000))
    for i in range(3000, 5000):
        index.add(f"d{i}", sigs[i])
    for i in (0, 1500, 2999, 3000, 4200, 4999):
        near = sigs[i].copy()
        near[: index.num_perm // 4] = rng.integers(0, 2 ** 32, index.num_perm // 4, dtype=np.uint32)
        assert index.query(near)[0] == f"d{i}"
    assert index.query(rng.integers(0, 2 ** 32, index.num_perm, dtype=np.uint32)) is None


# --- the database ------------------------------------------------------------------------------

def test_index_from_store_saves_and_reuses_signatures(tmp_path):
    db = tmp_path / "nd.duckdb"
    with Store(db) as store:
        store.write([Result(_doc("wire", WIRE)), Result(_doc("follow", FOLLOW_UP))])
        index = NearDupIndex.for_store(store)
        assert len(index) == 2
        n = store.con.execute("SELECT count(*) FROM near_dup_signatures").fetchone()[0]
        assert n == 2
        assert index.check_and_add(_doc("copy", COPY)) == "wire"
        new = _doc("other", "Fishermen in the delta blocked the main channel with their boats on Friday "
                            "to protest against a new licence fee, police said. The fee, which the port "
                            "authority says will pay for dredging, doubles the cost of a season's permit for "
                            "the smallest boats.")
        assert index.check_and_add(new) is None
        assert index.save() == 0  # not stored yet: nothing to save, still pending
        store.write([Result(new)])
        assert index.save() == 1
        saved = dict(store.con.execute("SELECT doc_id, signature FROM near_dup_signatures").fetchall())
        assert set(saved) == {"wire", "follow", "other"}
        assert np.array_equal(np.frombuffer(saved["other"], dtype=np.uint32), index.signature(new.text))
        # a stored signature is only used while the document's text is the same
        changed = _doc("follow", WIRE.replace("seven", "eight"))
        store.write([Result(changed)])
        stale = list(store.near_dup_signatures(index.params))
        assert [d for d, _ in stale] == ["other", "wire"]
        assert [r[0] for r in store.coded_documents_without_signature(index.params)] == ["follow"]
        again = NearDupIndex.for_store(store)
        assert len(again) == 3
        assert again.query(again.signature(COPY))[0] in ("follow", "wire")
    # a read-only store gives what is saved and writes nothing
    with Store(db, read_only=True) as store:
        assert len(list(store.near_dup_signatures(again.params))) == 3


def test_failed_and_skipped_documents_are_not_indexed(tmp_path):
    with Store(tmp_path / "x.duckdb") as store:
        failed = _doc("f", WIRE)
        failed.status, failed.reason = "failed", "internal error in the events stage: boom"
        store.write([Result(failed)])
        index = NearDupIndex.for_store(store)
        assert len(index) == 0
        assert index.check_and_add(_doc("copy", COPY)) is None


# --- through `eventwire run` --------------------------------------------------------------------

def ew(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    return subprocess.run([sys.executable, "-m", "eventwire.cli", *args], capture_output=True, text=True,
                           env=env, timeout=600)


def _rows(db) -> dict[str, tuple[str, str | None]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {d: (s, r) for d, s, r in con.execute("SELECT doc_id, status, reason FROM documents").fetchall()}
    finally:
        con.close()


def test_run_stores_a_syndicated_copy_once_and_remembers_it_next_run(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a_wire.txt").write_text(WIRE, encoding="utf-8")
    (corpus / "b_copy.txt").write_text(COPY, encoding="utf-8")
    (corpus / "c_follow.txt").write_text(FOLLOW_UP, encoding="utf-8")
    db = tmp_path / "nd.duckdb"
    p = ew("run", str(corpus), "--db", str(db), "--quiet")
    assert p.returncode == 0, p.stderr
    wire, copy, follow = (str(corpus / n) for n in ("a_wire.txt", "b_copy.txt", "c_follow.txt"))
    rows = _rows(db)
    assert rows == {wire: ("coded", None), copy: ("skipped", f"duplicate of {wire}"), follow: ("coded", None)}
    # a later run (another process) still knows the wire story: a second copy, as JSONL
    later = tmp_path / "later.jsonl"
    second_copy = COPY.replace("Daily Ledger", "Evening Post").replace("summit", "conference")
    later.write_text(json.dumps({"id": "post-1", "text": second_copy}) + "\n", encoding="utf-8")
    p = ew("run", str(later), "--db", str(db), "--quiet")
    assert p.returncode == 0, p.stderr
    assert _rows(db)["post-1"] == ("skipped", f"duplicate of {wire}")
    # re-running the first corpus changes nothing
    before = _rows(db)
    p = ew("run", str(corpus), "--db", str(db), "--quiet")
    assert p.returncode == 0, p.stderr
    assert _rows(db) == before


def test_signature_bytes_for_worker_processes(tmp_path):
    # a worker sends 512 bytes; the process that holds the index queries and adds with them
    doc = _doc("wire", WIRE)
    sig = signature_bytes(doc)
    assert isinstance(sig, bytes) and len(sig) == 4 * NearDupIndex().num_perm
    assert np.array_equal(as_signature(sig), NearDupIndex().signature(document_text(doc)))
    skipped = _doc("s", WIRE)
    skipped.status = "skipped"
    assert signature_bytes(skipped) is None and signature_bytes(_doc("t", "Talks ended.")) is None
    with Store(tmp_path / "w.duckdb") as store:
        index = NearDupIndex.for_store(store)
        assert index.query(signature_bytes(_doc("copy", COPY))) is None
        index.add("wire", sig, doc.content_hash)
        assert index.query(signature_bytes(_doc("copy", COPY)))[0] == "wire"
        store.write([Result(doc)])
        assert index.save() == 1
        assert NearDupIndex.for_store(store).query(signature_bytes(_doc("copy", COPY)))[0] == "wire"


def test_one_sentence_items_differing_in_a_word_are_not_duplicates():
    # too short to tell a copy from another event (another day): only exact copies count
    index = NearDupIndex()
    a = "Chinese President Xi Jinping met French President Emmanuel Macron in Beijing on Wednesday."
    assert index.check_and_add(_doc("a", a)) is None
    assert index.check_and_add(_doc("b", a.replace("Wednesday", "Friday"))) is None
    assert index.check_and_add(_doc("c", a)) == "a"
