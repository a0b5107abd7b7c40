"""The REST API (api.py) over a database coded from stories written for these tests: filters,
counts of reports and of clusters, documents with their annotations, aggregates, and safety
(read-only, validated parameters, escaped text, static files that stay in their folder)."""
from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from eventwire.api import create_app
from eventwire.dedup import rebuild_clusters
from eventwire.model import Actor, Document, Event, Quote, Result, Segment, Sentence, Span
from eventwire.store import Store
from test_dedup import STORIES, code_into, raw_inputs

SCRIPT = "<script>window.__xss = 1; alert('xss')</script>"
IMG = '<img src=x onerror="window.__xss = 2">'
XSS_ID = "hostile/<b>page</b>.html"
XSS_TITLE = "<b onmouseover=\"window.__xss = 3\">Hostile</b> markup"


def hostile_result() -> Result:
    """A stored document whose text, title, actors and quote contain HTML that must show as text."""
    text = (f"{XSS_TITLE}\n\nThe mayor said {SCRIPT} was found on the city website.\n\n"
            f"Officials in {IMG} France condemned the attack on the website.")
    s2 = text.index("Officials")
    sent2 = text[s2:]
    t0 = text.index("condemned")
    a0 = s2
    a1 = text.index(" condemned")
    q0 = text.index(SCRIPT)
    doc = Document(doc_id=XSS_ID, text=text, title=XSS_TITLE, url="javascript:alert(1)", pub_date="2021-05-11",
                   language="en", segments=[Segment("article", 0, len(text), "en")])
    ev = Event(doc_id=XSS_ID, event_type="ACCUSE", trigger=Span("condemned", t0, t0 + 9),
               sentence=Sentence(2, sent2, s2, len(text)),
               actors=[Actor(text[a0:a1], a0, a1, None, "FRA", ["GOV"], "test")],
               mode="disapprove", date="2021-05-11", date_source="pub_date", cameo="111", score=-2.0,
               confidence=0.8, why=[f"trigger 'condemned': {SCRIPT}", f"actor {IMG} -> FRA GOV"])
    quote = Quote(XSS_ID, "indirect", SCRIPT, q0, q0 + len(SCRIPT), 1,
                  speaker=Actor("The mayor", text.index("The mayor"), text.index("The mayor") + 9, None, None, ["GOV"], "test"),
                  cue=Span("said", text.index("said"), text.index("said") + 4))
    return Result(doc, [ev], [quote])


def placed_result() -> Result:
    """A document whose event was dated and placed from words of its sentence (the `why` lines in
    the coder's format): the explorer highlights those words."""
    from eventwire.model import Place
    text = "Shelling in the east\n\nRussian forces shelled Kharkiv on Monday, Ukrainian officials said."
    s0 = text.index("Russian")
    t0 = text.index("shelled")
    doc = Document(doc_id="placed-g", text=text, title="Shelling in the east", pub_date="2022-03-08", language="en",
                   segments=[Segment("article", 0, len(text), "en")])
    ev = Event(doc_id="placed-g", event_type="ASSAULT", trigger=Span("shelled", t0, t0 + 7),
               sentence=Sentence(1, text[s0:], s0, len(text)),
               actors=[Actor("Russian forces", s0, s0 + 14, None, "RUS", ["MIL"], "test")],
               mode=None, date="2022-03-07", date_source="text", location=Place("Kharkiv", "UKR", 49.99, 36.23),
               cameo="190", score=-9.0, confidence=0.9,
               why=["trigger 'shelled': ASSAULT verb 'shell' (assault.yaml)", "date 2022-03-07 from 'on Monday'",
                    "place 'Kharkiv' -> Kharkiv, UKR"])
    return Result(doc, [ev], [])


def build_explorer_db(folder: Path, extra_inputs=()) -> Path:
    """Code the test stories (and any extra inputs) with the runner, add the hostile document,
    compute the clusters. Returns the database path."""
    db = folder / "explore.duckdb"
    code_into(db, list(raw_inputs(STORIES)) + list(extra_inputs))
    with Store(db) as store:
        store.write([hostile_result(), placed_result()])
        rebuild_clusters(store)
    return db


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    return build_explorer_db(tmp_path_factory.mktemp("api"))


@pytest.fixture(scope="module")
def client(db) -> TestClient:
    return TestClient(create_app(db))


def sha1(path: Path) -> str:
    return hashlib.sha1(path.read_bytes()).hexdigest()


# -- events ------------------------------------------------------------------------------------------
def test_events_filters_and_both_counts(client):
    r = client.get("/api/events", params={"type": "SANCTION", "actor_country": "POL"})
    assert r.status_code == 200
    j = r.json()
    docs = {i["doc_id"] for i in j["items"]}
    assert docs == {"wire-a", "paper-b", "follow-c", "later-d"}
    # four reports of two real-world expulsions (11 May, told three times; 21 June)
    assert (j["total"], j["clusters"], j["documents"]) == (4, 2, 4)
    for i in j["items"]:
        assert i["event_type"] == "SANCTION" and "POL" in i["actor_countries"]
        assert i["cluster_documents"] == (1 if i["doc_id"] == "later-d" else 3)
    unique = client.get("/api/events", params={"type": "sanction", "actor_country": "pol", "unique": "true"}).json()
    assert unique["total"] == 2 and len(unique["items"]) == 2


def test_events_filter_by_sector_date_text_and_cluster(client):
    j = client.get("/api/events", params={"recipient_country": "BLR", "recipient_sector": "GOV", "type": "SANCTION"}).json()
    assert j["total"] == 4
    for i in j["items"]:
        assert any(a["country"] == "BLR" and "GOV" in a["sectors"] for a in i["recipients"])
    may = client.get("/api/events", params={"actor_country": "POL", "type": "SANCTION", "date_from": "2021-05-01",
                                            "date_to": "2021-05"}).json()
    assert {i["doc_id"] for i in may["items"]} == {"wire-a", "paper-b", "follow-c"}
    june = client.get("/api/events", params={"actor_country": "POL", "date_from": "2021-06"}).json()
    assert {i["doc_id"] for i in june["items"]} == {"later-d"}
    text = client.get("/api/events", params={"q": "ESPIONAGE"}).json()
    assert [i["doc_id"] for i in text["items"]] == ["paper-b"]
    cluster_id = may["items"][0]["cluster_id"]
    members = client.get("/api/events", params={"cluster": cluster_id}).json()
    assert {i["doc_id"] for i in members["items"]} == {"wire-a", "paper-b", "follow-c"}
    assert members["clusters"] == 1
    lit = client.get("/api/events", params={"country": "LTU"}).json()
    assert {i["doc_id"] for i in lit["items"]} == {"other-e"}
    rus = client.get("/api/events", params={"country": "RUS"}).json()
    assert {i["doc_id"] for i in rus["items"]} == {"other-e", "placed-g"}  # recipient in one, actor in the other
    named = client.get("/api/events", params={"actor": "lithuania"}).json()
    assert {i["doc_id"] for i in named["items"]} == {"other-e"}


def test_events_sort_and_pagination(client):
    asc = client.get("/api/events", params={"sort": "date", "order": "asc", "limit": 500}).json()
    dates = [i["date"] for i in asc["items"] if i["date"]]
    assert dates == sorted(dates)
    pages = [client.get("/api/events", params={"limit": 2, "offset": o}).json() for o in range(0, asc["total"], 2)]
    ids = [i["event_id"] for p in pages for i in p["items"]]
    assert len(ids) == len(set(ids)) == asc["total"]
    assert all(p["total"] == asc["total"] for p in pages)
    by_score = client.get("/api/events", params={"sort": "score", "order": "desc", "limit": 500}).json()["items"]
    assert [i["score"] for i in by_score] == sorted((i["score"] for i in by_score), reverse=True)


def test_one_event_and_its_cluster(client):
    item = client.get("/api/events", params={"q": "espionage"}).json()["items"][0]
    r = client.get(f"/api/events/{item['event_id']}")
    assert r.status_code == 200
    e = r.json()
    assert e["doc_id"] == "paper-b" and e["kind"] == "event"
    cl = e["cluster"]
    assert cl["num_documents"] == 3 and cl["num_mentions"] == 3
    assert {m["doc_id"] for m in cl["members"]} == {"wire-a", "paper-b", "follow-c"}
    assert cl["representative_event_id"] in {m["event_id"] for m in cl["members"]}
    assert client.get("/api/events/0123456789abcdef").status_code == 404
    assert client.get("/api/events/not-an-id!").status_code == 422


def test_clusters_endpoint(client):
    j = client.get("/api/clusters", params={"min_documents": 2}).json()
    assert j["total"] == 1
    c = j["items"][0]
    assert (c["event_type"], c["num_documents"], c["num_mentions"]) == ("SANCTION", 3, 3)
    assert c["first_pub_date"] == "2021-05-11" and c["last_doc_id"] == "follow-c" and c["last_pub_date"] == "2021-05-12"
    assert set(c["doc_ids"]) == {"wire-a", "paper-b", "follow-c"}
    assert c["actor_countries"] == ["POL"] and c["recipient_countries"] == ["BLR"]
    everything = client.get("/api/clusters", params={"limit": 500}).json()
    events = client.get("/api/events").json()
    # both counts: every report belongs to exactly one cluster
    assert everything["reports"] == events["total"]
    assert everything["total"] == events["clusters"] < events["total"]
    one = client.get(f"/api/clusters/{c['cluster_id']}").json()
    assert [m["pub_date"] for m in one["members"]] == sorted(m["pub_date"] for m in one["members"])
    assert any(m["reason"] == "first report" for m in one["members"])
    assert client.get("/api/clusters/ffffffffffffffff").status_code == 404


# -- quotes and documents ----------------------------------------------------------------------------
def test_quotes_by_speaker_and_text(client):
    j = client.get("/api/quotes", params={"speaker": "foreign ministry"}).json()
    assert j["total"] >= 1
    assert all("ministry" in (i["speaker_name"] or i["speaker"]["text"]).lower() for i in j["items"])
    j = client.get("/api/quotes", params={"q": "espionage"}).json()
    assert [i["doc_id"] for i in j["items"]] == ["paper-b"]
    assert client.get("/api/quotes", params={"form": "shouted"}).status_code == 422


def test_document_with_every_annotation(client):
    r = client.get("/api/documents/wire-a")
    assert r.status_code == 200
    d = r.json()
    text = d["text"]
    assert text.startswith("Poland expels five Belarusian diplomats")
    assert d["segments"] and d["segments"][0]["kind"] in ("article", "teaser", "boilerplate", "comments")
    kinds = {a["kind"] for a in d["annotations"]}
    assert {"trigger", "actor", "quote"} <= kinds
    for a in d["annotations"]:
        assert 0 <= a["start"] < a["end"] <= len(text)
        if a["kind"] in ("trigger", "actor", "time", "place", "cue"):
            assert text[a["start"]:a["end"]] == a["text"], a
    trig = [a for a in d["annotations"] if a["kind"] == "trigger" and a["text"] == "expelled"]
    assert trig and trig[0]["event_type"] == "SANCTION" and trig[0]["why"]
    poland = [a for a in d["annotations"] if a["kind"] == "actor" and a["text"] == "Poland"]
    assert poland and poland[0]["country"] == "POL" and "actor" in poland[0]["roles"]
    assert {e["event_id"] for e in d["events"]} >= {trig[0]["event_id"]}
    # the same document by query parameter
    assert client.get("/api/document", params={"id": "wire-a"}).json()["text"] == text
    assert client.get("/api/documents/no-such-doc").status_code == 404


def test_time_and_place_highlights_come_from_the_events(client):
    d = client.get("/api/documents/placed-g").json()
    text = d["text"]
    (place,) = [a for a in d["annotations"] if a["kind"] == "place"]
    assert text[place["start"]:place["end"]] == "Kharkiv" and (place["country"], place["name"]) == ("UKR", "Kharkiv")
    (time_,) = [a for a in d["annotations"] if a["kind"] == "time"]
    assert text[time_["start"]:time_["end"]] == "on Monday" and time_["value"] == "2022-03-07"
    # on the coded stories: every time and place found lies inside its event's sentence
    for doc_id in ("wire-a", "paper-b", "follow-c", "later-d", "other-e"):
        d = client.get(f"/api/documents/{doc_id}").json()
        sentences = {e["event_id"]: e["sentence"] for e in d["events"]}
        for a in d["annotations"]:
            if a["kind"] in ("time", "place"):
                s = sentences[a["event_id"]]
                assert s["start"] <= a["start"] < a["end"] <= s["end"]


# -- aggregates --------------------------------------------------------------------------------------
def test_dyads_by_month_and_week(client):
    j = client.get("/api/dyads", params={"a": "POL", "b": "BLR"}).json()
    assert (j["a_name"], j["b_name"]) == ("Poland", "Belarus")
    assert [s["period"] for s in j["series"]] == ["2021-05", "2021-06"]
    may, june = j["series"]
    assert may["ab"]["events"] >= 3 and may["ab"]["clusters"] < may["ab"]["events"]
    assert may["ab"]["mean_score"] < 0 and may["ab"]["conflict"] >= 3
    assert june["ab"]["events"] == 1 and june["ba"]["events"] == 0
    assert j["events"] == sum(s["both"]["events"] for s in j["series"])
    weeks = client.get("/api/dyads", params={"a": "BLR", "b": "POL", "by": "week", "type": "SANCTION"}).json()
    periods = [s["period"] for s in weeks["series"]]
    assert periods[0] == "2021-05-10" and periods[-1] == "2021-06-21" and len(periods) == 7  # gaps kept
    assert weeks["series"][0]["ba"]["events"] == 3 and weeks["series"][0]["ba"]["clusters"] == 1
    assert client.get("/api/dyads", params={"a": "POL"}).status_code == 422


def test_actors_and_network(client):
    items = client.get("/api/actors", params={"by": "country"}).json()["items"]
    pol = next(i for i in items if i["key"] == "POL")
    assert pol["as_actor"] >= 4 and pol["country_name"] == "Poland"
    assert items[0]["events"] == max(i["events"] for i in items)
    ents = client.get("/api/actors").json()["items"]
    assert any(i["name"] == "Poland" or i["key"] == "Poland" for i in ents)
    net = client.get("/api/network").json()
    edge = next(e for e in net["edges"] if (e["source"], e["target"]) == ("POL", "BLR"))
    assert edge["events"] >= 4 and edge["clusters"] < edge["events"] and edge["mean_score"] < 0
    assert any((e["source"], e["target"]) == ("LTU", "RUS") for e in net["edges"])
    assert {n["id"] for n in net["nodes"]} >= {"POL", "BLR", "LTU", "RUS"}


def test_meta_and_openapi(client):
    m = client.get("/api/meta").json()
    assert m["documents"]["coded"] == len(STORIES) + 2
    assert m["clusters"] < m["events"] and m["multi_report_clusters"] == 1
    assert m["clusters_source"] == "database"
    spec = client.get("/openapi.json").json()
    for path in ("/api/events", "/api/events/{event_id}", "/api/clusters", "/api/quotes", "/api/documents/{doc_id}",
                 "/api/dyads", "/api/actors"):
        assert path in spec["paths"], path
    # read-only: every operation is a GET
    assert {method for ops in spec["paths"].values() for method in ops} == {"get"}


# -- safety ------------------------------------------------------------------------------------------
def test_parameters_are_validated_with_limits(client):
    bad = [("limit", "501"), ("limit", "0"), ("offset", "-1"), ("offset", "100001"), ("actor_country", "USAA"),
           ("actor_country", "U1A"), ("type", "EXPLODE"), ("q", "x" * 201), ("sort", "event_id; DROP TABLE events"),
           ("date_from", "yesterday"), ("min_confidence", "2"), ("negated", "maybe")]
    for key, value in bad:
        assert client.get("/api/events", params={key: value}).status_code == 422, (key, value)
    assert client.get("/api/network", params={"nodes": 1000}).status_code == 422
    assert client.get("/api/actors", params={"limit": 10_000}).status_code == 422


def test_sql_in_parameters_is_only_text(client, db):
    before = client.get("/api/events").json()["total"]
    r = client.get("/api/events", params={"q": "'; DROP TABLE events; --"})
    assert r.status_code == 200 and r.json()["total"] == 0
    r = client.get("/api/quotes", params={"speaker": "x') OR 1=1 --"})
    assert r.status_code == 200 and r.json()["total"] == 0
    assert client.get("/api/events").json()["total"] == before


def test_no_write_endpoint_and_the_file_is_never_written(db):
    digest = sha1(db)
    app = create_app(db)
    c = TestClient(app)
    for method in ("post", "put", "patch", "delete"):
        assert getattr(c, method)("/api/events").status_code == 405
    for path in ("/api/events", "/api/clusters", "/api/quotes", "/api/dyads?a=POL&b=BLR", "/api/network",
                 "/api/actors", "/api/meta", "/api/documents/wire-a", "/"):
        assert c.get(path).status_code == 200
    import duckdb
    with pytest.raises(duckdb.Error):
        app.state.db.con.execute("DELETE FROM db.main.events")
    del c, app
    assert sha1(db) == digest


def test_hostile_document_text_is_data_not_markup(client):
    r = client.get("/api/document", params={"id": XSS_ID})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/json")
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "script-src 'self'" in r.headers["content-security-policy"]
    d = r.json()
    assert SCRIPT in d["text"] and IMG in d["text"] and d["title"] == XSS_TITLE  # kept exactly, as data
    assert any(q["text"] == SCRIPT for q in d["quotes"])
    page = client.get("/")
    assert page.headers["content-type"].startswith("text/html")
    assert "<script>window.__xss" not in page.text and "onerror" not in page.text
    # the only scripts of the page are our own file
    assert page.text.count("<script") == 1 and 'src="/static/app.js"' in page.text


def test_database_name_is_escaped_in_the_page(db, tmp_path):
    odd = tmp_path / "<img src=x onerror=alert(1)>.duckdb"
    shutil.copy(db, odd)
    page = TestClient(create_app(odd)).get("/").text
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;.duckdb" in page


def test_static_files_cannot_escape_their_folder(client):
    assert client.get("/static/app.js").status_code == 200
    assert client.get("/static/app.css").headers["content-type"].startswith("text/css")
    for path in ("/static/../api.py", "/static/..%2fapi.py", "/static/..%2F..%2Fstore.py", "/static/%2e%2e/api.py",
                 "/static/%2e%2e%2f%2e%2e%2fstore.py", "/static/....//api.py", "/static/..\\api.py",
                 "/static/%2e%2e%5capi.py", "/static/app.js%00.py", "/static/.hidden", "/static/",
                 "/static/../../../../etc/passwd", "/static/%2Fetc%2Fpasswd", "/static/icon.svg/../../api.py"):
        r = client.get(path)
        assert r.status_code in (404, 405, 422), (path, r.status_code)
        assert "def create_app" not in r.text and "root:" not in r.text


@pytest.mark.parametrize("state", ["none", "stale"])
def test_clusters_are_computed_in_memory_when_the_file_has_none_or_old_ones(db, tmp_path, state):
    from eventwire.store import EXPLORER_TABLES, EXPLORER_VIEWS
    from test_dedup import generated_result
    plain = tmp_path / "plain.duckdb"
    shutil.copy(db, plain)
    with Store(plain) as store:
        if state == "none":  # a database from a run that did not compute them
            for v in EXPLORER_VIEWS:
                store.con.execute(f"DROP VIEW {v}")
            for t in EXPLORER_TABLES:
                store.con.execute(f"DROP TABLE {t}")
        else:  # events stored after the clusters were computed
            store.write([generated_result("late-f", "2021-05-12", "Poland expelled five Belarusian diplomats.",
                                          "expelled")])
    digest = sha1(plain)
    c = TestClient(create_app(plain))
    m = c.get("/api/meta").json()
    assert m["clusters_source"] == "computed in memory at start-up"
    j = c.get("/api/clusters", params={"min_documents": 2}).json()
    told = {"wire-a", "paper-b", "follow-c"} | ({"late-f"} if state == "stale" else set())
    assert j["total"] == 1 and set(j["items"][0]["doc_ids"]) == told
    assert c.get("/api/events", params={"cluster": j["items"][0]["cluster_id"]}).json()["total"] == len(told)
    assert c.get("/api/dyads", params={"a": "POL", "b": "BLR"}).json()["events"] >= 4
    del c
    assert sha1(plain) == digest
    with Store(plain, read_only=True) as store:
        tables = {r[0] for r in store.con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert ("event_clusters" in tables) == (state == "stale")


def test_missing_database_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="eventwire run"):
        create_app(tmp_path / "none.duckdb")


def test_static_traversal_over_real_http(db):
    """The same, on a real server, with paths sent exactly as written (no client normalisation)."""
    import socket
    import threading
    import time

    import uvicorn
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)

    def raw_get(path: str) -> tuple[int, bytes]:
        with socket.create_connection(("127.0.0.1", port), timeout=10) as c:
            c.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode("latin-1"))
            data = b""
            while chunk := c.recv(65536):
                data += chunk
        return int(data.split(b" ", 2)[1]), data

    try:
        assert raw_get("/static/app.js")[0] == 200
        for path in ("/static/../api.py", "/static/../../store.py", "/static/..%2fapi.py", "/static/%2e%2e/api.py",
                     "/static/%2e%2e%2f%2e%2e%2fstore.py", "/static/../../../../../../etc/passwd",
                     "/static/..\\api.py", "/static/%00", "/static//etc/passwd"):
            status, body = raw_get(path)
            assert status in (400, 404), (path, status)
            assert b"def create_app" not in body and b"root:" not in body
    finally:
        srv.should_exit = True
        thread.join(timeout=10)
