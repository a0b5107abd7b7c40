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
    num_events INTEGER, num_quotes INTEGER,
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

DOC_COLS = ["doc_id", "title", "url", "pub_date", "language", "status", "reason", "text", "segments"]
EVENT_COLS = ["event_id", "doc_id", "event_type", "mode", "context", "actors", "recipients", "date",
              "date_source", "location", "trigger", "sentence", "cameo", "score", "confidence", "why"]
QUOTE_COLS = ["quote_id", "doc_id", "form", "text", "start", "end", "speaker", "cue", "sentence_index"]
RECORD_COLS = {"documents": DOC_COLS, "events": EVENT_COLS, "quotes": QUOTE_COLS}
KIND = {"documents": "document", "events": "event", "quotes": "quote"}


def _q(col: str) -> str:
    return f'"{col}"'


class Store:
    def __init__(self, path: str | Path, read_only: bool = False):
        self.path = str(path)
        if read_only and not Path(self.path).exists():
            raise FileNotFoundError(f"no database at {self.path}: run `eventwire run INPUT --db {self.path}` first")
        self.con = duckdb.connect(self.path, read_only=read_only)
        if not read_only:
            self.con.execute(SCHEMA)

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
            con.executemany(f"INSERT INTO documents ({', '.join(map(_q, dcols))}) VALUES ({', '.join('?' * len(dcols))})",
                            doc_rows)
            if ev_rows:
                ecols = EVENT_COLS + ["actor_countries", "recipient_countries", "pub_date"]
                con.executemany(f"INSERT INTO events ({', '.join(map(_q, ecols))}) VALUES ({', '.join('?' * len(ecols))})",
                                ev_rows)
            if q_rows:
                qcols = QUOTE_COLS + ["speaker_name", "speaker_country"]
                con.executemany(f"INSERT INTO quotes ({', '.join(map(_q, qcols))}) VALUES ({', '.join('?' * len(qcols))})",
                                q_rows)
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
