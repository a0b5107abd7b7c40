"""The embedded database (DuckDB, one file): tables ``documents``, ``events``, ``quotes`` with the
contract's fields as native columns (lists and objects as LIST and STRUCT), plus a few flat
columns for fast filtering (``actor_countries``, ``recipient_countries``, ``speaker_country``).

Writes are per batch of documents in one transaction: a document's row, its events and its
quotes land together or not at all, so a killed run loses at most the batch in flight, and a
re-run skips what is already stored (same id, same text) and replaces what changed.
"""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any, Iterable, Iterator

import duckdb

from . import __version__
from .model import Result

ACTOR = 'STRUCT(text VARCHAR, start INTEGER, "end" INTEGER, name VARCHAR, country VARCHAR, sectors VARCHAR[], resolved_from VARCHAR)'
SPAN = 'STRUCT(text VARCHAR, start INTEGER, "end" INTEGER)'

SCHEMA = f"""
CREATE TABLE IF NOT EXISTS documents (
    doc_id VARCHAR PRIMARY KEY,
    title VARCHAR, url VARCHAR, pub_date VARCHAR, language VARCHAR,
    status VARCHAR NOT NULL, reason VARCHAR,
    text VARCHAR,
    segments STRUCT(kind VARCHAR, language VARCHAR, start INTEGER, "end" INTEGER)[],
    content_hash VARCHAR, source VARCHAR,
    num_events INTEGER, num_quotes INTEGER, notes VARCHAR[],
    coded_at TIMESTAMP, eventwire_version VARCHAR
);
CREATE TABLE IF NOT EXISTS events (
    event_id VARCHAR PRIMARY KEY,
    doc_id VARCHAR NOT NULL,
    event_type VARCHAR NOT NULL, mode VARCHAR, context VARCHAR[],
    actors {ACTOR}[], recipients {ACTOR}[],
    date VARCHAR, date_source VARCHAR,
    location STRUCT(name VARCHAR, country VARCHAR, lat DOUBLE, lon DOUBLE),
    "trigger" {SPAN},
    sentence STRUCT("index" INTEGER, text VARCHAR, start INTEGER, "end" INTEGER),
    cameo VARCHAR, score DOUBLE, confidence DOUBLE, why VARCHAR[],
    actor_countries VARCHAR[], recipient_countries VARCHAR[], pub_date VARCHAR
);
CREATE TABLE IF NOT EXISTS quotes (
    quote_id VARCHAR PRIMARY KEY,
    doc_id VARCHAR NOT NULL,
    form VARCHAR NOT NULL, text VARCHAR, start INTEGER, "end" INTEGER,
    speaker {ACTOR}, cue {SPAN}, sentence_index INTEGER,
    speaker_name VARCHAR, speaker_country VARCHAR
);
CREATE INDEX IF NOT EXISTS events_doc ON events(doc_id);
CREATE INDEX IF NOT EXISTS events_type ON events(event_type);
CREATE INDEX IF NOT EXISTS events_date ON events(date);
CREATE INDEX IF NOT EXISTS quotes_doc ON quotes(doc_id);
CREATE INDEX IF NOT EXISTS documents_hash ON documents(content_hash);
"""

DOC_COLS = ["doc_id", "title", "url", "pub_date", "language", "status", "reason", "text", "segments", "notes"]
EVENT_COLS = ["event_id", "doc_id", "event_type", "mode", "context", "actors", "recipients", "date",
              "date_source", "location", "trigger", "sentence", "cameo", "score", "confidence", "why"]
QUOTE_COLS = ["quote_id", "doc_id", "form", "text", "start", "end", "speaker", "cue", "sentence_index"]
RECORD_COLS = {"documents": DOC_COLS, "events": EVENT_COLS, "quotes": QUOTE_COLS}
KIND = {"documents": "document", "events": "event", "quotes": "quote"}


def _q(col: str) -> str:
    return f'"{col}"'


def _insert_rows(con: duckdb.DuckDBPyConnection, table: str, cols: list[str], rows: list[list]) -> None:
    """Insert a batch of rows in one statement: each column goes in as one list parameter that
    DuckDB unnests (executemany sends one statement per row and is many times slower)."""
    if not rows:
        return
    columns = [list(col) for col in zip(*rows)]
    con.execute(f"INSERT INTO {table} ({', '.join(map(_q, cols))}) SELECT {', '.join('unnest(?)' for _ in cols)}",
                columns)


class Store:
    def __init__(self, path: str | Path, read_only: bool = False):
        self.path = str(path)
        if read_only and not Path(self.path).exists():
            raise FileNotFoundError(f"no database at {self.path}: run `eventwire run INPUT --db {self.path}` first")
        self.con = duckdb.connect(self.path, read_only=read_only)
        if not read_only:
            self.con.execute(SCHEMA)
            # databases made by earlier versions
            self.con.execute("ALTER TABLE documents ADD COLUMN IF NOT EXISTS notes VARCHAR[]")

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # -- reading state for resumable runs ---------------------------------------------------
    def stored_hash(self, doc_id: str) -> tuple[str | None, str] | None:
        row = self.con.execute("SELECT content_hash, status FROM documents WHERE doc_id = ?", [doc_id]).fetchone()
        return (row[0], row[1]) if row else None

    def doc_with_hash(self, content_hash: str, other_than: str) -> str | None:
        row = self.con.execute(
            "SELECT doc_id FROM documents WHERE content_hash = ? AND doc_id <> ? AND status = 'coded' "
            "ORDER BY doc_id LIMIT 1", [content_hash, other_than]).fetchone()
        return row[0] if row else None

    # -- near-duplicate signatures (ingest/near_dup.py) -------------------------------------------
    # One row per coded document: its MinHash signature, valid while the document's text
    # (content_hash) and the signature parameters (params) are unchanged. The table only saves
    # time: anything missing or stale is recomputed from the documents table.
    NEAR_DUP_TABLE = """
    CREATE TABLE IF NOT EXISTS near_dup_signatures (
        doc_id VARCHAR PRIMARY KEY,
        content_hash VARCHAR NOT NULL,
        params VARCHAR NOT NULL,
        signature BLOB NOT NULL
    )"""

    def _near_dup_table(self) -> bool:
        """True when the table is there (made here unless the store is read-only)."""
        try:
            self.con.execute(self.NEAR_DUP_TABLE)
            return True
        except duckdb.Error:  # read-only database without the table
            n = self.con.execute("SELECT count(*) FROM information_schema.tables "
                                 "WHERE table_name = 'near_dup_signatures'").fetchone()[0]
            return bool(n)

    def near_dup_signatures(self, params: str) -> Iterator[tuple[str, bytes]]:
        """(doc_id, signature) of the coded documents whose saved signature is current."""
        if not self._near_dup_table():
            return
        cur = self.con.execute(
            "SELECT s.doc_id, s.signature FROM near_dup_signatures s JOIN documents d USING (doc_id) "
            "WHERE d.status = 'coded' AND d.content_hash = s.content_hash AND s.params = ? ORDER BY s.doc_id",
            [params])
        while True:
            rows = cur.fetchmany(5000)
            if not rows:
                break
            for doc_id, sig in rows:
                yield doc_id, bytes(sig)

    def coded_documents_without_signature(self, params: str) -> Iterator[tuple[str, str, str, list]]:
        """(doc_id, content_hash, text, segments) of the coded documents with no current signature."""
        where = "d.status = 'coded' AND d.text IS NOT NULL"
        if self._near_dup_table():
            where += (" AND NOT EXISTS (SELECT 1 FROM near_dup_signatures s WHERE s.doc_id = d.doc_id "
                      "AND s.content_hash = d.content_hash AND s.params = ?)")
            params_list = [params]
        else:
            params_list = []
        cur = self.con.execute(f"SELECT d.doc_id, d.content_hash, d.text, d.segments FROM documents d "
                               f"WHERE {where} ORDER BY d.doc_id", params_list)
        while True:
            rows = cur.fetchmany(500)
            if not rows:
                break
            yield from rows

    def save_near_dup_signatures(self, rows: list[tuple[str, str, str, bytes]]) -> list[str]:
        """Save (doc_id, content_hash, params, signature) rows, in one transaction, for documents
        stored as coded with that content hash. Returns the doc_ids of the rows whose document is
        stored at all (coded or not): their signature needs no further attempt."""
        if not rows or not self._near_dup_table():
            return []
        ids = [r[0] for r in rows]
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(
                "INSERT OR REPLACE INTO near_dup_signatures "
                "SELECT v.doc_id, v.content_hash, v.params, v.signature FROM ("
                "  SELECT unnest(?::VARCHAR[]) AS doc_id, unnest(?::VARCHAR[]) AS content_hash,"
                "         unnest(?::VARCHAR[]) AS params, unnest(?::BLOB[]) AS signature) v "
                "JOIN documents d ON d.doc_id = v.doc_id AND d.content_hash = v.content_hash "
                "WHERE d.status = 'coded'",
                [ids, [r[1] for r in rows], [r[2] for r in rows], [r[3] for r in rows]])
            stored = con.execute("SELECT doc_id FROM documents WHERE list_contains(?::VARCHAR[], doc_id)",
                                 [ids]).fetchall()
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        return [r[0] for r in stored]

    # -- writing ---------------------------------------------------------------------------
    def write(self, results: Iterable[Result]) -> int:
        """Store a batch of results in one transaction; returns the number of documents."""
        results = list(results)
        if not results:
            return 0
        now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
        doc_rows, ev_rows, q_rows, ids = [], [], [], []
        for r in results:
            d = r.document
            rec = d.to_record()
            ids.append(d.doc_id)
            doc_rows.append([rec[c] for c in DOC_COLS] + [d.content_hash if d.text else None, d.source,
                                                          len(r.events), len(r.quotes), now, __version__])
            for e in r.events:
                er = e.to_record()
                ev_rows.append([er[c] for c in EVENT_COLS] + [
                    sorted({a["country"] for a in er["actors"] if a["country"]}),
                    sorted({a["country"] for a in er["recipients"] if a["country"]}),
                    d.pub_date])
            for q in r.quotes:
                qr = q.to_record()
                sp = qr["speaker"] or {}
                q_rows.append([qr[c] for c in QUOTE_COLS] + [sp.get("name") or sp.get("text"), sp.get("country")])
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            for table in ("events", "quotes", "documents"):
                con.executemany(f"DELETE FROM {table} WHERE doc_id = ?", [[i] for i in ids])
            dcols = DOC_COLS + ["content_hash", "source", "num_events", "num_quotes", "coded_at", "eventwire_version"]
            _insert_rows(con, "documents", dcols, doc_rows)
            _insert_rows(con, "events", EVENT_COLS + ["actor_countries", "recipient_countries", "pub_date"], ev_rows)
            _insert_rows(con, "quotes", QUOTE_COLS + ["speaker_name", "speaker_country"], q_rows)
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        return len(results)

    # -- reading records ---------------------------------------------------------------------
    def records(self, table: str, where: str = "", params: list | None = None) -> Iterator[dict]:
        """Rows of a table as contract records (the same objects `eventwire code` prints)."""
        cols = RECORD_COLS[table]
        order = {"documents": "doc_id", "events": "doc_id, \"sentence\".\"index\", \"trigger\".start",
                 "quotes": "doc_id, start"}[table]
        sql = f"SELECT {', '.join(map(_q, cols))} FROM {table} {where} ORDER BY {order}"
        cur = self.con.execute(sql, params or [])
        while True:
            rows = cur.fetchmany(1000)
            if not rows:
                break
            for row in rows:
                rec = {"kind": KIND[table]}
                rec.update(zip(cols, row))
                yield rec

    def summary(self) -> dict[str, Any]:
        q = self.con.execute
        by_status = dict(q("SELECT status, count(*) FROM documents GROUP BY status ORDER BY status").fetchall())
        by_type = q("SELECT event_type, count(*) FROM events GROUP BY event_type ORDER BY count(*) DESC, event_type").fetchall()
        pairs = q("""
            SELECT a, r, count(*) AS n FROM (
              SELECT unnest(CASE WHEN len(actor_countries) = 0 THEN ['?'] ELSE actor_countries END) AS a,
                     unnest(CASE WHEN len(recipient_countries) = 0 THEN ['-'] ELSE recipient_countries END) AS r
              FROM events WHERE NOT list_contains(context, 'negated'))
            WHERE a <> r GROUP BY a, r ORDER BY n DESC, a, r LIMIT 10""").fetchall()
        n_quotes = q("SELECT count(*) FROM quotes").fetchone()[0]
        forms = dict(q("SELECT form, count(*) FROM quotes GROUP BY form").fetchall())
        speakers = q("""SELECT speaker_name, speaker_country, count(*) n FROM quotes WHERE speaker_name IS NOT NULL
                        GROUP BY 1, 2 ORDER BY n DESC, 1 LIMIT 5""").fetchall()
        n_events = q("SELECT count(*) FROM events").fetchone()[0]
        reasons = q("""SELECT status, reason, count(*) FROM documents WHERE status <> 'coded'
                       GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 10""").fetchall()
        return {"documents": by_status, "events": n_events, "events_by_type": by_type, "top_pairs": pairs,
                "quotes": n_quotes, "quote_forms": forms, "top_speakers": speakers, "not_coded": reasons}


def format_summary(s: dict[str, Any], db: str) -> str:
    lines = [f"Database: {db}"]
    docs = s["documents"]
    lines.append("Documents: " + (", ".join(f"{k} {v}" for k, v in docs.items()) or "none")
                 + f" (total {sum(docs.values())})")
    for status, reason, n in s["not_coded"]:
        lines.append(f"  {status}: {reason} ({n})")
    lines.append(f"Events: {s['events']}")
    for t, n in s["events_by_type"]:
        lines.append(f"  {t:<10} {n:>5}")
    lines.append("Top actor -> recipient pairs (countries, negated events left out):")
    for a, r, n in s["top_pairs"]:
        lines.append(f"  {a} -> {r:<4} {n:>5}")
    forms = ", ".join(f"{k} {v}" for k, v in sorted(s["quote_forms"].items()))
    lines.append(f"Quotes: {s['quotes']}" + (f" ({forms})" if forms else ""))
    for name, country, n in s["top_speakers"]:
        lines.append(f"  {name} ({country or '?'}): {n}")
    return "\n".join(lines)


def export(store: Store, what: str, to: str | Path) -> int:
    """Write a table to .jsonl, .csv or .parquet (by the file's extension); returns rows written."""
    table = {"events": "events", "quotes": "quotes", "documents": "documents"}[what]
    path = Path(to)
    ext = "".join(path.suffixes[-1:]).lower()
    cols = RECORD_COLS[table]
    if ext == ".jsonl":
        n = 0
        with open(path, "w", encoding="utf-8") as fh:
            for rec in store.records(table):
                fh.write(json.dumps(rec, ensure_ascii=False, default=str) + "\n")
                n += 1
        return n
    if ext == ".parquet":
        store.con.execute(f"COPY (SELECT {', '.join(map(_q, cols))} FROM {table}) TO ? (FORMAT parquet)", [str(path)])
    elif ext == ".csv":
        # nested fields become JSON text in CSV
        sel = []
        for c in cols:
            typ = store.con.execute(f"SELECT typeof({_q(c)}) FROM {table} LIMIT 1").fetchone()
            nested = typ is not None and any(k in typ[0] for k in ("STRUCT", "[]", "MAP"))
            sel.append(f"to_json({_q(c)})::VARCHAR AS {_q(c)}" if nested else _q(c))
        store.con.execute(f"COPY (SELECT {', '.join(sel)} FROM {table}) TO ? (HEADER, DELIMITER ',')", [str(path)])
    else:
        raise ValueError(f"unknown export format {ext!r}: use .jsonl, .csv or .parquet")
    return store.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


# -- the explorer's tables: clusters of reports of one event, views, indexes ---------------------
# ``dedup.rebuild_clusters(store)`` rebuilds all of them after a run, in one transaction; they are
# derived from the contract's tables only (never the other way round). ``serve`` only reads them,
# and computes them in memory when a database has none or they are out of date.
#
# * ``event_clusters``: one row per real-world event (cluster of reports), with num_mentions,
#   num_documents, first and last report, member ids and the representative report;
# * ``event_cluster_members``: one row per event report: its cluster, and why it joined;
# * ``event_index``: one row per event report, sorted by date (newest first), with the columns the
#   explorer filters and sorts on (countries, "country:sector" pairs, lower-case sentence and
#   names, cluster sizes) and the whole record as JSON: an index for the REST API;
# * ``event_dyads``: one row per event report and ordered country pair (actor country -> recipient
#   country; for CONSULT, COOPERATE and AGREE without recipients, each pair of actors both ways),
#   sorted by pair;
# * ``event_actors``: one row per actor or recipient of an event report, with a key (the actor's
#   canonical name, or "country sector");
# * views ``events_by_day`` and ``events_by_dyad`` (by pair and month).
CLUSTER_SCHEMA = """
CREATE TABLE IF NOT EXISTS {p}event_clusters (
    cluster_id VARCHAR PRIMARY KEY,
    event_type VARCHAR NOT NULL, mode VARCHAR, negated BOOLEAN, date VARCHAR,
    actor_countries VARCHAR[], recipient_countries VARCHAR[],
    location_name VARCHAR, location_country VARCHAR,
    score DOUBLE, mean_score DOUBLE,
    representative_event_id VARCHAR NOT NULL,
    num_mentions INTEGER NOT NULL, num_documents INTEGER NOT NULL,
    first_doc_id VARCHAR, first_pub_date VARCHAR, last_doc_id VARCHAR, last_pub_date VARCHAR,
    event_ids VARCHAR[], doc_ids VARCHAR[]
);
CREATE TABLE IF NOT EXISTS {p}event_cluster_members (
    event_id VARCHAR PRIMARY KEY,
    cluster_id VARCHAR NOT NULL, doc_id VARCHAR, pub_date VARCHAR,
    is_representative BOOLEAN NOT NULL,
    matched_event_id VARCHAR, similarity DOUBLE, reason VARCHAR
);
CREATE TABLE IF NOT EXISTS {p}event_clusters_info (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE INDEX IF NOT EXISTS members_cluster ON {p}event_cluster_members(cluster_id);
"""

CLUSTER_COLS = ["cluster_id", "event_type", "mode", "negated", "date", "actor_countries", "recipient_countries",
                "location_name", "location_country", "score", "mean_score", "representative_event_id",
                "num_mentions", "num_documents", "first_doc_id", "first_pub_date", "last_doc_id",
                "last_pub_date", "event_ids", "doc_ids"]
MEMBER_COLS = ["event_id", "cluster_id", "doc_id", "pub_date", "is_representative", "matched_event_id",
               "similarity", "reason"]
EXPLORER_TABLES = ["event_clusters", "event_cluster_members", "event_clusters_info", "event_index", "event_dyads",
                   "event_actors"]
EXPLORER_VIEWS = ["events_by_day", "events_by_dyad"]
# bumped whenever the explorer's tables change shape: `serve` recomputes them (in memory) for a
# database whose tables were made by another version
EXPLORER_VERSION = "1"


def explorer_tables(p: str = "", events: str = "events", documents: str = "documents") -> str:
    """SQL that (re)builds the derived tables from ``events`` and the clusters under prefix ``p``."""
    members, clusters = f"{p}event_cluster_members", f"{p}event_clusters"
    record = ", ".join(f"'{c}': e.{_q(c)}" for c in EVENT_COLS)
    key = ("coalesce(x.name, CASE WHEN x.country IS NOT NULL OR len(x.sectors) > 0 THEN "
           "concat_ws(' ', coalesce(x.country, '?'), nullif(array_to_string(x.sectors, '/'), '')) END)")
    return f"""
CREATE OR REPLACE TABLE {p}event_index AS
SELECT e.event_id, e.doc_id, e.event_type, e.mode, e.date, e.pub_date, e.score, e.confidence,
       list_contains(e.context, 'negated') AS negated, e.actor_countries, e.recipient_countries,
       flatten([[coalesce(x.country, '') || ':' || s for s in x.sectors] for x in e.actors]) AS actor_sectors,
       flatten([[coalesce(x.country, '') || ':' || s for s in x.sectors] for x in e.recipients]) AS recipient_sectors,
       lower(e.sentence.text) AS sentence_lc,
       lower(array_to_string([coalesce(x.name, '') || ' ' || x.text for x in list_concat(e.actors, e.recipients)], ' | '))
           AS names_lc,
       coalesce(m.cluster_id, e.event_id) AS cluster_id, coalesce(m.is_representative, true) AS is_representative,
       coalesce(c.num_documents, 1) AS cluster_documents, coalesce(c.num_mentions, 1) AS cluster_mentions,
       dense_rank() OVER (ORDER BY coalesce(m.cluster_id, e.event_id)) AS cluster_no,
       dense_rank() OVER (ORDER BY e.doc_id) AS doc_no,
       to_json({{'kind': 'event', {record}, 'pub_date': e.pub_date, 'actor_countries': e.actor_countries,
                'recipient_countries': e.recipient_countries, 'doc_title': d.title, 'cluster_id': m.cluster_id,
                'is_representative': coalesce(m.is_representative, true),
                'cluster_mentions': coalesce(c.num_mentions, 1), 'cluster_documents': coalesce(c.num_documents, 1)}}
              )::VARCHAR AS record
FROM {events} e
LEFT JOIN {members} m ON m.event_id = e.event_id
LEFT JOIN {clusters} c ON c.cluster_id = m.cluster_id
LEFT JOIN {documents} d ON d.doc_id = e.doc_id
ORDER BY e.date DESC NULLS LAST, e.event_id;

CREATE OR REPLACE TABLE {p}event_dyads AS
SELECT e.event_id, e.doc_id, coalesce(m.cluster_id, e.event_id) AS cluster_id,
       coalesce(m.is_representative, true) AS is_representative,
       e.pair.source AS source, e.pair.target AS target, e.event_type, e.mode, e.score, e.date, e.pub_date,
       CASE WHEN length(e.date) >= 7 THEN substr(e.date, 1, 7) END AS month,
       list_contains(e.context, 'negated') AS negated
FROM (
    SELECT *, unnest(CASE
        WHEN len(recipient_countries) > 0 THEN
            flatten([[{{'source': a, 'target': r}} for r in recipient_countries if r <> a] for a in actor_countries])
        WHEN event_type IN ('CONSULT', 'COOPERATE', 'AGREE') THEN
            flatten([[{{'source': a, 'target': b}} for b in actor_countries if b <> a] for a in actor_countries])
        ELSE [] END) AS pair
    FROM {events}) e
LEFT JOIN {members} m ON m.event_id = e.event_id
ORDER BY source, target, e.date;

CREATE OR REPLACE TABLE {p}event_actors AS
SELECT event_id, dense_rank() OVER (ORDER BY event_id) AS event_no, doc_id, role, {key} AS key, x.name AS name,
       x.country AS country, array_to_string(x.sectors, '/') AS sectors, event_type, score
FROM (SELECT event_id, doc_id, event_type, score, 'actor' AS role, unnest(actors) AS x FROM {events}
      UNION ALL
      SELECT event_id, doc_id, event_type, score, 'recipient' AS role, unnest(recipients) AS x FROM {events})
ORDER BY key;

CREATE OR REPLACE VIEW {p}events_by_day AS
SELECT date AS day, event_type, count(*) AS num_events, count(DISTINCT cluster_id) AS num_clusters,
       count(DISTINCT doc_id) AS num_documents, avg(score) AS mean_score
FROM {p}event_index
WHERE length(date) = 10
GROUP BY date, event_type;

CREATE OR REPLACE VIEW {p}events_by_dyad AS
SELECT source, target, month, count(DISTINCT event_id) AS num_events, count(DISTINCT cluster_id) AS num_clusters,
       avg(score) AS mean_score, count(*) FILTER (WHERE score < 0) AS conflict,
       count(*) FILTER (WHERE score > 0) AS cooperation
FROM {p}event_dyads
WHERE NOT negated AND month IS NOT NULL
GROUP BY source, target, month;
"""


def write_clusters(store: Store, clusters: list) -> None:
    """Replace the clusters (``dedup.Cluster`` objects) and the tables derived from them, in one
    transaction."""
    _write_clusters(store.con, clusters)


def _write_clusters(con: duckdb.DuckDBPyConnection, clusters: list, p: str = "", events: str = "events",
                    documents: str = "documents") -> None:
    """Write clusters and rebuild the explorer's tables under catalog prefix ``p`` (``""``: the
    connection's default; ``serve`` uses ``"memory.main."`` to hold what it computed beside a
    read-only file)."""
    crow = [c.row() for c in clusters]
    mrows = []
    for c in clusters:
        rep = c.representative.event_id
        for m in c.members:
            matched, sim, reason = c.links[m.event_id]
            mrows.append([m.event_id, c.cluster_id, m.doc_id, m.pub_date, m.event_id == rep, matched, sim, reason])
    n_events = con.execute(f"SELECT count(*) FROM {events}").fetchone()[0]
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(CLUSTER_SCHEMA.format(p=p))
        con.execute(f"DELETE FROM {p}event_cluster_members")
        con.execute(f"DELETE FROM {p}event_clusters")
        con.execute(f"DELETE FROM {p}event_clusters_info")
        _insert_columns(con, f"{p}event_clusters", CLUSTER_COLS, [[r[c] for c in CLUSTER_COLS] for r in crow])
        _insert_columns(con, f"{p}event_cluster_members", MEMBER_COLS, mrows)
        _insert_columns(con, f"{p}event_clusters_info", ["key", "value"],
                        [["events", str(n_events)], ["clusters", str(len(clusters))],
                         ["eventwire_version", __version__], ["explorer_version", EXPLORER_VERSION]])
        con.execute(explorer_tables(p, events, documents))
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


def _insert_columns(con: duckdb.DuckDBPyConnection, table: str, cols: list[str], rows: list[list]) -> None:
    """Insert many rows at once (as parallel lists unnested by DuckDB: much faster than executemany)."""
    if not rows:
        return
    columns = [list(col) for col in zip(*rows)]
    sel = ", ".join("unnest(?)" for _ in cols)
    con.execute(f"INSERT INTO {table} ({', '.join(map(_q, cols))}) SELECT {sel}", columns)
