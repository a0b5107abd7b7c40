"""The REST API over the event database (read-only). OpenAPI at /openapi.json.

Every endpoint reads the DuckDB file opened read-only; query parameters are validated with
limits; there is no write endpoint.
"""
from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException, Query
from fastapi.responses import HTMLResponse

from . import __version__
from .store import EVENT_COLS, QUOTE_COLS, Store, _q

MAX_LIMIT = 500


def create_app(db: str | Path) -> FastAPI:
    store = Store(db, read_only=True)
    app = FastAPI(title="eventwire", version=__version__,
                  description="Coded PLOVER events, actors and quotes, with their evidence.")

    def rows(sql: str, params: list[Any], cols: list[str]) -> list[dict]:
        cur = store.con.cursor()
        try:
            return [dict(zip(cols, r)) for r in cur.execute(sql, params).fetchall()]
        finally:
            cur.close()

    @app.get("/api/events")
    def events(
        type: str | None = Query(None, max_length=20, pattern="^[A-Za-z]+$", description="PLOVER type"),
        actor_country: str | None = Query(None, min_length=3, max_length=3, pattern="^[A-Za-z]{3}$"),
        recipient_country: str | None = Query(None, min_length=3, max_length=3, pattern="^[A-Za-z]{3}$"),
        doc_id: str | None = Query(None, max_length=500),
        date_from: str | None = Query(None, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$"),
        date_to: str | None = Query(None, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$"),
        q: str | None = Query(None, max_length=200, description="text search in the sentence"),
        limit: int = Query(50, ge=1, le=MAX_LIMIT),
        offset: int = Query(0, ge=0, le=10_000_000),
    ) -> dict:
        where, params = [], []
        if type:
            where.append("event_type = ?")
            params.append(type.upper())
        if actor_country:
            where.append("list_contains(actor_countries, ?)")
            params.append(actor_country.upper())
        if recipient_country:
            where.append("list_contains(recipient_countries, ?)")
            params.append(recipient_country.upper())
        if doc_id:
            where.append("doc_id = ?")
            params.append(doc_id)
        if date_from:
            where.append("date >= ?")
            params.append(date_from)
        if date_to:
            where.append("date <= ? || '~'")
            params.append(date_to)
        if q:
            where.append("contains(lower(sentence.text), lower(?))")
            params.append(q)
        w = ("WHERE " + " AND ".join(where)) if where else ""
        cur = store.con.cursor()
        try:
            total = cur.execute(f"SELECT count(*) FROM events {w}", params).fetchone()[0]
        finally:
            cur.close()
        items = rows(f"SELECT {', '.join(map(_q, EVENT_COLS))} FROM events {w} "
                     f"ORDER BY date DESC NULLS LAST, event_id LIMIT ? OFFSET ?", params + [limit, offset], EVENT_COLS)
        return {"total": total, "limit": limit, "offset": offset, "items": items}

    @app.get("/api/events/{event_id}")
    def event(event_id: str) -> dict:
        found = rows(f"SELECT {', '.join(map(_q, EVENT_COLS))} FROM events WHERE event_id = ?", [event_id], EVENT_COLS)
        if not found:
            raise HTTPException(404, "no such event")
        return found[0]

    @app.get("/api/quotes")
    def quotes(
        speaker: str | None = Query(None, max_length=200),
        q: str | None = Query(None, max_length=200),
        limit: int = Query(50, ge=1, le=MAX_LIMIT),
        offset: int = Query(0, ge=0, le=10_000_000),
    ) -> dict:
        where, params = [], []
        if speaker:
            where.append("contains(lower(coalesce(speaker_name, '')), lower(?))")
            params.append(speaker)
        if q:
            where.append("contains(lower(text), lower(?))")
            params.append(q)
        w = ("WHERE " + " AND ".join(where)) if where else ""
        items = rows(f"SELECT {', '.join(map(_q, QUOTE_COLS))} FROM quotes {w} ORDER BY doc_id, start LIMIT ? OFFSET ?",
                     params + [limit, offset], QUOTE_COLS)
        return {"limit": limit, "offset": offset, "items": items}

    @app.get("/api/documents/{doc_id:path}")
    def document(doc_id: str) -> dict:
        found = list(store_records("documents", doc_id))
        if not found:
            raise HTTPException(404, "no such document")
        doc = found[0]
        doc["events"] = list(store_records("events", doc_id))
        doc["quotes"] = list(store_records("quotes", doc_id))
        return doc

    def store_records(table: str, doc_id: str):
        return Store.records(_Cursor(store), table, "WHERE doc_id = ?", [doc_id])

    @app.get("/", response_class=HTMLResponse)
    def index() -> str:
        cur = store.con.cursor()
        try:
            n_docs = cur.execute("SELECT count(*) FROM documents").fetchone()[0]
            n_ev = cur.execute("SELECT count(*) FROM events").fetchone()[0]
            by_type = cur.execute("SELECT event_type, count(*) FROM events GROUP BY 1 ORDER BY 2 DESC").fetchall()
        finally:
            cur.close()
        items = "".join(f"<li><a href='/api/events?type={html.escape(t)}'>{html.escape(t)}</a>: {n}</li>"
                        for t, n in by_type)
        return (f"<!doctype html><html><head><meta charset='utf-8'><title>eventwire</title></head><body>"
                f"<h1>eventwire</h1><p>{n_docs} documents, {n_ev} events.</p><ul>{items}</ul>"
                f"<p>API: <a href='/docs'>/docs</a>, <a href='/openapi.json'>/openapi.json</a></p></body></html>")

    return app


class _Cursor:
    """Gives Store.records a fresh cursor (DuckDB connections are not shared across threads)."""

    def __init__(self, store: Store):
        self.con = store.con.cursor()
