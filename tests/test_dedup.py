"""Deduplication across reports (dedup.py): one real-world event told by several articles is one
cluster; different events stay apart; clusters are the same every time they are computed."""
from __future__ import annotations

import atexit
import functools
import random
import shutil
import tempfile
from pathlib import Path


from eventwire.dedup import cluster_mentions, incompatible, mention, rebuild_clusters
from eventwire.model import Actor, Document, Event, Place, Quote, Result, Segment, Sentence, Span
from eventwire.store import Store

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "src" / "eventwire" / "data" / "demo"

# Five short stories written for these tests: one expulsion told three ways (a wire story, a
# newspaper's own words, a follow-up the next day that retells it), the same two countries doing
# the same thing six weeks later, and another country doing the same thing on the same day.
STORIES = [
    {"id": "wire-a", "pub_date": "2021-05-11", "title": "Poland expels five Belarusian diplomats",
     "text": "Poland expels five Belarusian diplomats\n\nWARSAW, May 11 - Poland expelled five Belarusian "
             "diplomats on Tuesday, accusing them of spying for Minsk, the Polish foreign ministry said.\n\n"
             "The diplomats were given 72 hours to leave the country."},
    {"id": "paper-b", "pub_date": "2021-05-11", "title": "Warsaw orders out Belarus envoys",
     "text": "Warsaw orders out Belarus envoys\n\nThe Polish government on Tuesday expelled five diplomats "
             "from Belarus over espionage allegations, officials in Warsaw said.\n\nIt was the largest such "
             "expulsion between the two neighbours in a decade."},
    {"id": "follow-c", "pub_date": "2021-05-12", "title": "Belarus vows response to expulsions",
     "text": "Belarus vows response to expulsions\n\nBelarus said on Wednesday it would respond to the "
             "expulsion of its diplomats by Poland.\n\nPoland expelled five Belarusian diplomats on Tuesday, "
             "saying they had been spying."},
    {"id": "later-d", "pub_date": "2021-06-21", "title": "Poland expels two more Belarusian diplomats",
     "text": "Poland expels two more Belarusian diplomats\n\nWARSAW, June 21 - Poland expelled two more "
             "Belarusian diplomats on Monday, the foreign ministry said."},
    {"id": "other-e", "pub_date": "2021-05-11", "title": "Lithuania expels Russian diplomat",
     "text": "Lithuania expels Russian diplomat\n\nVILNIUS, May 11 - Lithuania expelled a Russian diplomat on "
             "Tuesday over what it called activities incompatible with his status."},
]


def raw_inputs(stories):
    from eventwire.model import RawInput
    return [RawInput(doc_id=s["id"], text=s["text"], pub_date=s["pub_date"], title=s["title"], source="test")
            for s in stories]


def code_into(db: Path, inputs) -> dict:
    """`eventwire run` through the runner API (in this process)."""
    from eventwire.config import Settings
    from eventwire.runner import run_corpus
    return run_corpus(inputs, str(db), Settings(), progress=False)


def _tmpdir() -> Path:
    d = Path(tempfile.mkdtemp(prefix="eventwire-test-"))
    atexit.register(shutil.rmtree, d, ignore_errors=True)
    return d


@functools.lru_cache(maxsize=None)
def demo_db() -> Path:
    """The bundled demo corpus coded into a database with its clusters (once per test session)."""
    from eventwire.ingest import iter_inputs
    db = _tmpdir() / "demo.duckdb"
    code_into(db, iter_inputs([str(DEMO)]))
    with Store(db) as store:
        rebuild_clusters(store)
    return db


# -- the rules, on hand-made records (no language model) -------------------------------------------
def rec(event_id="e1", doc_id="d1", event_type="SANCTION", mode="expel", date="2021-05-11", actors=(("POL", ["GOV"]),),
        recipients=(("BLR", ["GOV"]),), trigger="expelled", sentence="Poland expelled five Belarusian diplomats.",
        context=(), location=None, cameo="166", pub_date="2021-05-11", confidence=0.9, score=-6.0):
    def actor(c, s):
        return {"text": c or "someone", "start": 0, "end": 1, "name": None, "country": c, "sectors": list(s),
                "resolved_from": "test"}
    return {"event_id": event_id, "doc_id": doc_id, "event_type": event_type, "mode": mode, "context": list(context),
            "actors": [actor(c, s) for c, s in actors], "recipients": [actor(c, s) for c, s in recipients],
            "date": date, "date_source": "text", "location": location, "cameo": cameo,
            "trigger": {"text": trigger, "start": 10, "end": 10 + len(trigger)},
            "sentence": {"index": 1, "text": sentence, "start": 0, "end": len(sentence)},
            "confidence": confidence, "score": score, "pub_date": pub_date}


def groups(*records) -> list[set[str]]:
    """The clusters of these records, as sets of event ids."""
    return sorted(({m.event_id for m in c.members} for c in cluster_mentions(mention(r) for r in records)),
                  key=lambda s: sorted(s))


KYIV = {"name": "Kyiv", "country": "UKR", "lat": 50.45, "lon": 30.52}
LVIV = {"name": "Lviv", "country": "UKR", "lat": 49.84, "lon": 24.03}
UKRAINE = {"name": "Ukraine", "country": "UKR", "lat": 49.0, "lon": 32.0}


def test_one_event_told_in_different_words_is_one_cluster():
    a = rec("a", "d1", sentence="Poland expelled five Belarusian diplomats on Tuesday, accusing them of spying.")
    b = rec("b", "d2", trigger="expels", sentence="Warsaw expels five diplomats from Belarus over espionage.")
    c = rec("c", "d3", trigger="ordered out", mode="expel", pub_date="2021-05-12",
            sentence="The Polish government ordered out five Belarusian envoys on Tuesday.")
    assert groups(a, b, c) == [{"a", "b", "c"}]


def test_dates_within_a_day_join_and_two_days_apart_do_not():
    a = rec("a", "d1", date="2021-05-11")
    b = rec("b", "d2", date="2021-05-12")
    c = rec("c", "d3", date="2021-05-14")
    assert groups(a, b, c) == [{"a", "b"}, {"c"}]


def test_hard_rules_keep_different_events_apart():
    base = rec("a", "d1")
    cases = {
        "different types": rec("b", "d2", event_type="COERCE", mode="deport"),
        "one is negated": rec("b", "d2", context=["negated"]),
        "different countries": rec("b", "d2", recipients=(("RUS", ["GOV"]),)),
        "different sectors": rec("b", "d2", recipients=(("BLR", ["REB"]),)),
        "dates of different precision": rec("b", "d2", date="2021-05"),
    }
    for reason, other in cases.items():
        assert incompatible(mention(base), mention(other)) == reason
        assert groups(base, other) == [{"a"}, {"b"}], reason


def test_unknown_countries_and_related_sectors_are_compatible():
    a = rec("a", "d1", recipients=(("BLR", ["GOV"]),))
    b = rec("b", "d2", actors=((None, ["GOV"]),), recipients=(("BLR", ["MIL"]),))  # actor country unknown; GOV ~ MIL
    assert incompatible(mention(a), mention(b)) is None
    assert groups(a, b) == [{"a", "b"}]


def test_places_far_apart_are_different_events_but_a_country_contains_its_cities():
    kw = dict(event_type="ASSAULT", mode=None, cameo="190", actors=(("RUS", ["MIL"]),), recipients=(("UKR", []),),
              trigger="struck", sentence="Russian missiles struck the city overnight, officials said.")
    assert groups(rec("a", "d1", location=KYIV, **kw), rec("b", "d2", location=LVIV, **kw)) == [{"a"}, {"b"}]
    assert groups(rec("a", "d1", location=KYIV, **kw), rec("b", "d2", location=UKRAINE, **kw)) == [{"a", "b"}]
    assert groups(rec("a", "d1", location=KYIV, **kw), rec("b", "d2", location=None, **kw)) == [{"a", "b"}]


def test_mutual_types_ignore_who_is_actor_and_who_is_recipient():
    kw = dict(event_type="CONSULT", mode=None, cameo="040", trigger="met")
    a = rec("a", "d1", actors=(("USA", ["GOV"]), ("PRK", ["GOV"])), recipients=(),
            sentence="Trump and Kim met in Singapore on Tuesday.", **kw)
    b = rec("b", "d2", actors=(("PRK", ["GOV"]),), recipients=(("USA", ["GOV"]),),
            sentence="Kim met Trump in Singapore on Tuesday.", **kw)
    assert groups(a, b) == [{"a", "b"}]
    # an attack is not mutual: A on B and B on A are two events
    kw = dict(event_type="ASSAULT", mode=None, cameo="190", trigger="shelled")
    c = rec("c", "d1", actors=(("ARM", ["MIL"]),), recipients=(("AZE", ["MIL"]),), sentence="Armenian forces shelled Azerbaijani positions.", **kw)
    d = rec("d", "d2", actors=(("AZE", ["MIL"]),), recipients=(("ARM", ["MIL"]),), sentence="Azerbaijani forces shelled Armenian positions.", **kw)
    assert groups(c, d) == [{"c"}, {"d"}]


def test_two_actions_in_one_story_stay_apart_unless_nearly_identical():
    a = rec("a", "d1", event_type="AGREE", mode=None, cameo="030", trigger="pledge", actors=(("USA", ["GOV"]), ("PRK", ["GOV"])),
            recipients=(), sentence="The two countries pledge to establish new relations.")
    b = rec("b", "d1", event_type="AGREE", mode=None, cameo="030", trigger="agree", actors=(("USA", ["GOV"]), ("PRK", ["GOV"])),
            recipients=(), sentence="They also agree to recover the remains of prisoners of war.")
    assert groups(a, b) == [{"a"}, {"b"}]
    # a story that tells the same action twice, and a second story: 3 mentions in 2 documents
    s = "Poland expelled five Belarusian diplomats on Tuesday."
    c1, c2 = rec("c1", "d1", sentence=s), rec("c2", "d1", sentence=s.replace("on Tuesday", "this week"))
    c3 = rec("c3", "d2", sentence=s)
    (cluster,) = cluster_mentions(mention(r) for r in (c1, c2, c3))
    row = cluster.row()
    assert (row["num_mentions"], row["num_documents"]) == (3, 2)


def test_clusters_do_not_depend_on_the_order_of_the_input():
    records = [rec(f"e{i}", f"d{i % 4}", date=f"2021-05-{10 + i % 3:02d}", pub_date=f"2021-05-{10 + i % 5:02d}",
                   recipients=((["BLR", "RUS", "UKR"][i % 3], ["GOV"]),),
                   sentence=f"Poland expelled {i} diplomats from the embassy on Tuesday.") for i in range(24)]
    first = {(c.cluster_id, frozenset(m.event_id for m in c.members)) for c in cluster_mentions(map(mention, records))}
    for seed in range(3):
        random.Random(seed).shuffle(records)
        again = {(c.cluster_id, frozenset(m.event_id for m in c.members)) for c in cluster_mentions(map(mention, records))}
        assert again == first


def test_cluster_row_first_and_last_report_and_representative():
    a = rec("a", "d2", pub_date="2021-05-12", actors=((None, []),), sentence="Five Belarusian diplomats were expelled.")
    b = rec("b", "d1", pub_date="2021-05-11", sentence="Poland expelled five Belarusian diplomats.",
            location={"name": "Warsaw", "country": "POL", "lat": 52.2, "lon": 21.0})
    c = rec("c", "d3", pub_date="2021-05-13", sentence="Poland expelled five Belarusian diplomats on Tuesday.")
    (cl,) = cluster_mentions(map(mention, (a, b, c)))
    row = cl.row()
    assert row["first_doc_id"] == "d1" and row["first_pub_date"] == "2021-05-11"
    assert row["last_doc_id"] == "d3" and row["last_pub_date"] == "2021-05-13"
    assert row["doc_ids"] == ["d1", "d2", "d3"]
    # the most complete report stands for the cluster: known actor, and a place
    assert row["representative_event_id"] == "b"
    assert row["actor_countries"] == ["POL"] and row["recipient_countries"] == ["BLR"]


# -- the database -----------------------------------------------------------------------------------
def generated_result(doc_id: str, pub_date: str, sentence: str, trigger: str, actor=("POL", "Poland"),
                     recipient=("BLR", "Belarus")) -> Result:
    text = "Headline\n\n" + sentence
    s0 = text.index(sentence)
    t0 = text.index(trigger)
    doc = Document(doc_id=doc_id, text=text, title="Headline", pub_date=pub_date, language="en",
                   segments=[Segment("article", 0, len(text), "en")])
    a0 = text.index(actor[1])
    r0 = text.index(recipient[1])
    ev = Event(doc_id=doc_id, event_type="SANCTION", trigger=Span(trigger, t0, t0 + len(trigger)),
               sentence=Sentence(1, sentence, s0, s0 + len(sentence)),
               actors=[Actor(actor[1], a0, a0 + len(actor[1]), actor[1], actor[0], ["GOV"], "test")],
               recipients=[Actor(recipient[1], r0, r0 + len(recipient[1]), recipient[1], recipient[0], ["GOV"], "test")],
               mode="expel", date=pub_date, date_source="pub_date", cameo="166", score=-6.0, confidence=0.9,
               location=Place("Warsaw", "POL", 52.23, 21.01) if "Warsaw" in sentence else None, why=["test"])
    return Result(doc, [ev], [Quote(doc_id, "indirect", sentence[:20], s0, s0 + 20, 1)])


def test_rebuild_clusters_stores_them_and_is_idempotent(tmp_path):
    db = tmp_path / "g.duckdb"
    with Store(db) as store:
        store.write([
            generated_result("g1", "2021-05-11", "Poland expelled five Belarusian diplomats in Warsaw.", "expelled"),
            generated_result("g2", "2021-05-11", "Poland expels five diplomats of Belarus.", "expels"),
            generated_result("g3", "2021-05-20", "Poland expelled a Belarus diplomat again.", "expelled"),
        ])
        first = rebuild_clusters(store)
        tables = {t: store.con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall()
                  for t in ("event_clusters", "event_cluster_members")}
        second = rebuild_clusters(store)
        again = {t: store.con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in tables}
        by_pair = dict(store.con.execute("SELECT month, num_events FROM events_by_dyad WHERE source = 'POL' "
                                         "AND target = 'BLR'").fetchall())
        by_day = dict(store.con.execute("SELECT day, num_clusters FROM events_by_day").fetchall())
    assert first == second == {"events": 3, "clusters": 2, "multi_report_clusters": 1}
    assert tables == again
    assert by_pair == {"2021-05": 3}
    assert by_day == {"2021-05-11": 1, "2021-05-20": 1}
    # the contract's tables are untouched
    with Store(db, read_only=True) as store:
        assert store.con.execute("SELECT count(*) FROM events").fetchone()[0] == 3
        assert [r["doc_id"] for r in store.records("documents")] == ["g1", "g2", "g3"]


def test_stories_told_several_ways_through_the_runner(tmp_path):
    db = tmp_path / "stories.duckdb"
    stats = code_into(db, raw_inputs(STORIES))
    assert stats["coded"] == len(STORIES)
    with Store(db) as store:
        result = rebuild_clusters(store)
        rows = store.con.execute("""
            SELECT c.cluster_id, c.num_mentions, c.num_documents, c.first_pub_date, c.last_doc_id, c.last_pub_date,
                   c.doc_ids, c.representative_event_id
            FROM event_clusters c WHERE c.event_type = 'SANCTION' ORDER BY c.num_documents DESC, c.date""").fetchall()
        first = store.con.execute("SELECT * FROM event_clusters ORDER BY ALL").fetchall()
    by_docs = {frozenset(r[6]): r for r in rows}
    told = by_docs[frozenset({"wire-a", "paper-b", "follow-c"})]
    assert told[1:6] == (3, 3, "2021-05-11", "follow-c", "2021-05-12")
    assert frozenset({"later-d"}) in by_docs      # six weeks later: another expulsion
    assert frozenset({"other-e"}) in by_docs      # same day, other countries: another event
    assert result["multi_report_clusters"] >= 1
    # run again on the same input, and again after that: same clusters
    code_into(db, raw_inputs(STORIES))
    with Store(db) as store:
        rebuild_clusters(store)
        assert store.con.execute("SELECT * FROM event_clusters ORDER BY ALL").fetchall() == first


def _clusters_of(db: Path) -> dict[str, set[str]]:
    with Store(db, read_only=True) as store:
        return {cid: set(docs) for cid, docs in
                store.con.execute("SELECT cluster_id, doc_ids FROM event_clusters").fetchall()}


# Documents of the demo corpus that tell one real-world event (expected.tsv's same_event_as), and
# one more pair found while checking the clusters: demo-021 (2017-06-23) retells the cutting of
# ties with Qatar on June 5 that demo-036 reports.
SAME_EVENT = [
    {"demo-001", "singapore_summit_joint_statement.txt", "singapore_summit_reactions.html"},
    {"demo-034", "skripal_expulsions_reaction.txt"},
    {"demo-036", "demo-021"},
]


def test_demo_corpus_reports_of_one_event():
    """On the demo corpus: the Singapore summit's reports share a cluster; the two Skripal reports
    share one wherever the coder gives both an action of the same type between the same countries
    on the same day (today it codes "Britain will expel" as THREATEN and the retelling "Britain
    also froze contacts" as SANCTION, which the rules keep apart); and no cluster joins documents
    that tell different events."""
    db = demo_db()
    named = {cid: {Path(d).name for d in docs} for cid, docs in _clusters_of(db).items()}
    singapore = SAME_EVENT[0]
    assert any(len(docs & singapore) >= 2 for docs in named.values()), "no cluster joins the Singapore reports"
    for cid, docs in named.items():
        if len(docs) > 1:
            assert any(docs <= group for group in SAME_EVENT), f"cluster {cid} joins different events: {docs}"
    with Store(db, read_only=True) as store:
        pairs = store.con.execute("""
            SELECT ma.cluster_id, mb.cluster_id, a.event_type FROM events a JOIN events b
              ON a.event_type = b.event_type AND a.date = b.date AND length(a.date) = 10
             AND list_has_any(a.actor_countries, b.actor_countries)
             AND list_has_any(a.recipient_countries, b.recipient_countries)
             AND list_contains(a.context, 'negated') = list_contains(b.context, 'negated')
            JOIN event_cluster_members ma ON ma.event_id = a.event_id
            JOIN event_cluster_members mb ON mb.event_id = b.event_id
            WHERE a.doc_id = 'demo-034' AND b.doc_id LIKE '%skripal_expulsions_reaction.txt'""").fetchall()
    for ca, cb, typ in pairs:
        assert ca == cb, f"two Skripal reports of one {typ} are not one cluster"


def test_dedup_command_line(tmp_path):
    db = tmp_path / "g.duckdb"
    with Store(db) as store:
        store.write([generated_result("g1", "2021-05-11", "Poland expelled five Belarusian diplomats.", "expelled"),
                     generated_result("g2", "2021-05-11", "Poland expels five Belarusian diplomats.", "expels")])
    import subprocess
    import sys
    out = subprocess.run([sys.executable, "-m", "eventwire.dedup", "--db", str(db)], capture_output=True, text=True,
                         check=True).stdout
    assert "2 event reports in 1 clusters" in out
    assert list(_clusters_of(db).values()) == [{"g1", "g2"}]
