"""The REST API and the web explorer over an event database (read-only). OpenAPI at /openapi.json.

The database file is attached read-only to an in-memory DuckDB: nothing here can write to it.
When the file holds no clusters of reports (a database made before they existed, or events added
since they were computed), they are computed at start-up and kept in memory only.

Every query parameter is validated with limits; there is no write endpoint; static files are
served by name from one folder; document text only ever reaches the page as JSON, and the
explorer puts it in the page as text (never as HTML).
"""
from __future__ import annotations

import csv
import datetime as dt
import json
import threading
import time
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import FileResponse, HTMLResponse, Response

from . import __version__
from .store import CLUSTER_COLS, QUOTE_COLS

MAX_LIMIT = 500
MAX_OFFSET = 100_000
PLOVER_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
                "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
WEB = Path(__file__).resolve().parent / "web"
STATIC = WEB / "static"
STATIC_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
                ".svg": "image/svg+xml"}
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")

CODE3 = r"^[A-Za-z]{3}$"
DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
EVENT_ID = r"^[0-9a-f]{1,64}$"


def _q(col: str) -> str:
    return f'"{col}"'


class Database:
    """The database file attached read-only, with one cursor per thread."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        if not self.path.exists():
            raise FileNotFoundError(f"no database at {path}: run `eventwire run INPUT --db {path}` first")
        self.con = duckdb.connect(":memory:")
        quoted = str(self.path).replace("'", "''")
        try:
            self.con.execute(f"ATTACH '{quoted}' AS db (READ_ONLY)")
        except duckdb.Error as exc:
            raise RuntimeError(f"cannot open {path} read-only (is `eventwire run` writing to it?): {exc}") from exc
        self._local = threading.local()
        self._lock = threading.Lock()
        self.clusters_source = "database"
        self.clusters_seconds = 0.0
        self._prepare_clusters()

    def cursor(self) -> duckdb.DuckDBPyConnection:
        cur = getattr(self._local, "cur", None)
        if cur is None:
            with self._lock:
                cur = self.con.cursor()
            cur.execute("SET search_path = 'memory.main,db.main'")
            self._local.cur = cur
        return cur

    def rows(self, sql: str, params: list | None = None) -> list[tuple]:
        return self.cursor().execute(sql, params or []).fetchall()

    def dicts(self, sql: str, params: list | None = None) -> list[dict]:
        cur = self.cursor().execute(sql, params or [])
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, r)) for r in cur.fetchall()]

    def one(self, sql: str, params: list | None = None) -> tuple | None:
        return self.cursor().execute(sql, params or []).fetchone()

    def tables(self) -> set[str]:
        return {r[0] for r in self.rows("SELECT table_name FROM duckdb_tables() WHERE database_name = 'db'")}

    def _prepare_clusters(self) -> None:
        """Use the file's clusters and explorer tables when they cover every event; otherwise
        compute them in memory (the file is never written)."""
        from .store import EXPLORER_TABLES, EXPLORER_VERSION, EXPLORER_VIEWS
        have = self.tables()
        for table in ("documents", "events", "quotes"):
            if table not in have:
                raise RuntimeError(f"{self.path} is not an eventwire database (no table {table})")
        views = {r[0] for r in self.rows("SELECT view_name FROM duckdb_views() WHERE database_name = 'db'")}
        if set(EXPLORER_TABLES) <= have and set(EXPLORER_VIEWS) <= views:
            n_events = self.one("SELECT count(*) FROM db.main.events")[0]
            covered = self.one("SELECT count(*) FROM db.main.events e JOIN db.main.event_index i "
                               "ON i.event_id = e.event_id JOIN db.main.event_cluster_members m "
                               "ON m.event_id = e.event_id")[0]
            n_index = self.one("SELECT count(*) FROM db.main.event_index")[0]
            n_members = self.one("SELECT count(*) FROM db.main.event_cluster_members")[0]
            version = self.one("SELECT max(value) FROM db.main.event_clusters_info WHERE key = 'explorer_version'")[0]
            if covered == n_events == n_index == n_members and version == EXPLORER_VERSION:
                return
        from .dedup import cluster_mentions, load_mentions
        from .store import _write_clusters
        t0 = time.perf_counter()
        cur = self.cursor()
        clusters = cluster_mentions(load_mentions(cur, "db.main.events", "db.main.documents"))
        _write_clusters(cur, clusters, p="memory.main.", events="db.main.events", documents="db.main.documents")
        self.clusters_source = "computed in memory at start-up"
        self.clusters_seconds = time.perf_counter() - t0

    def records(self, rowids: list[int]) -> list[str]:
        """The JSON records of event_index rows, in the order of ``rowids``."""
        if not rowids:
            return []
        found = dict(self.rows("SELECT rowid, record FROM event_index WHERE rowid = ANY(?)", [rowids]))
        return [found[r] for r in rowids if r in found]


def _country_names() -> dict[str, str]:
    out: dict[str, str] = {}
    try:
        path = resources.files("eventwire") / "data" / "actors" / "countries.tsv"
        with path.open(encoding="utf-8") as fh:
            for row in csv.DictReader((line for line in fh if not line.startswith("#")), delimiter="\t"):
                out[row["iso3"]] = row["name"]
    except (OSError, KeyError):  # pragma: no cover
        pass
    return out


def _json(obj: Any, status: int = 200) -> Response:
    return Response(json.dumps(obj, ensure_ascii=False, default=str, separators=(",", ":")),
                    status_code=status, media_type="application/json")


def _check_type(value: str | None) -> str | None:
    if value is None:
        return None
    v = value.upper()
    if v not in PLOVER_TYPES:
        raise HTTPException(422, f"unknown event type {value!r}: one of {', '.join(PLOVER_TYPES)}")
    return v


def _date_to(value: str) -> str:
    """Upper bound for a date prefix: '2018' -> everything in 2018 (string order)."""
    return value + "~"


class EventFilters:
    """Filters shared by the event endpoints (all optional; combined with AND)."""

    def __init__(
        self,
        type: str | None = Query(None, max_length=12, pattern=r"^[A-Za-z]+$", description="PLOVER type, e.g. ASSAULT"),
        mode: str | None = Query(None, max_length=40, pattern=r"^[a-z][a-z_-]*$", description="PLOVER mode, e.g. arrest"),
        actor_country: str | None = Query(None, pattern=CODE3, description="ISO alpha-3 country of an actor"),
        actor_sector: str | None = Query(None, pattern=CODE3, description="PLOVER sector of an actor (with actor_country: the same actor)"),
        recipient_country: str | None = Query(None, pattern=CODE3, description="ISO alpha-3 country of a recipient"),
        recipient_sector: str | None = Query(None, pattern=CODE3, description="PLOVER sector of a recipient"),
        country: str | None = Query(None, pattern=CODE3, description="a country on either side"),
        actor: str | None = Query(None, min_length=2, max_length=100, description="words of an actor's or recipient's name"),
        date_from: str | None = Query(None, pattern=DATE, description="event date on or after (YYYY, YYYY-MM or YYYY-MM-DD)"),
        date_to: str | None = Query(None, pattern=DATE, description="event date on or before (a prefix: 2018-03 takes the whole month)"),
        q: str | None = Query(None, min_length=1, max_length=200, description="text search in the sentence"),
        cluster: str | None = Query(None, pattern=EVENT_ID, description="only the reports of this cluster"),
        doc_id: str | None = Query(None, max_length=1000, description="only this document's events"),
        negated: str = Query("include", pattern="^(include|exclude|only)$", description="negated events: include, exclude or only"),
        min_confidence: float = Query(0.0, ge=0.0, le=1.0),
    ):
        self.type = _check_type(type)
        self.mode = mode
        self.actor_country = actor_country.upper() if actor_country else None
        self.actor_sector = actor_sector.upper() if actor_sector else None
        self.recipient_country = recipient_country.upper() if recipient_country else None
        self.recipient_sector = recipient_sector.upper() if recipient_sector else None
        self.country = country.upper() if country else None
        self.actor = actor
        self.date_from, self.date_to = date_from, date_to
        self.q = q
        self.cluster = cluster
        self.doc_id = doc_id
        self.negated = negated
        self.min_confidence = min_confidence

    def sql(self, x: str = "x") -> tuple[list[str], list[Any]]:
        """Conditions on ``event_index`` (alias ``x``) and their parameters."""
        where: list[str] = []
        params: list[Any] = []

        def add(cond: str, *values: Any) -> None:
            where.append(cond)
            params.extend(values)

        if self.type:
            add(f"{x}.event_type = ?", self.type)
        if self.mode:
            add(f"{x}.mode = ?", self.mode)
        for role, c, s in (("actor", self.actor_country, self.actor_sector),
                           ("recipient", self.recipient_country, self.recipient_sector)):
            if c and s:
                add(f"list_contains({x}.{role}_sectors, ?)", f"{c}:{s}")
            elif c:
                add(f"list_contains({x}.{role}_countries, ?)", c)
            elif s:
                add(f"list_contains([split_part(p, ':', 2) for p in {x}.{role}_sectors], ?)", s)
        if self.country:
            add(f"(list_contains({x}.actor_countries, ?) OR list_contains({x}.recipient_countries, ?))",
                self.country, self.country)
        if self.actor:
            add(f"contains({x}.names_lc, lower(?))", self.actor)
        if self.date_from:
            add(f"{x}.date >= ?", self.date_from)
        if self.date_to:
            add(f"{x}.date <= ?", _date_to(self.date_to))
        if self.q:
            add(f"contains({x}.sentence_lc, lower(?))", self.q)
        if self.cluster:
            add(f"{x}.cluster_id = ?", self.cluster)
        if self.doc_id:
            add(f"{x}.doc_id = ?", self.doc_id)
        if self.negated == "exclude":
            add(f"NOT {x}.negated")
        elif self.negated == "only":
            add(f"{x}.negated")
        if self.min_confidence > 0:
            add(f"{x}.confidence >= ?", self.min_confidence)
        return where, params


EVENT_SORTS = {"date": "x.date", "pub_date": "x.pub_date", "score": "x.score", "confidence": "x.confidence",
               "type": "x.event_type", "reports": "x.cluster_documents"}
CLUSTER_SORTS = {"reports": "c.num_documents", "mentions": "c.num_mentions", "date": "c.date",
                 "first_report": "c.first_pub_date", "last_report": "c.last_pub_date", "score": "c.score"}


def _page(meta: dict[str, Any], items: list[str]) -> Response:
    """A JSON page whose items are JSON texts already (no parsing, no re-encoding)."""
    head = json.dumps(meta, ensure_ascii=False, separators=(",", ":"))[:-1]
    body = head + ',"items":[' + ",".join(items) + "]}"
    return Response(body, media_type="application/json")


def _member_order(rec: dict) -> tuple:
    return (rec.get("pub_date") or "9999", rec["doc_id"], (rec.get("sentence") or {}).get("index") or 0,
            (rec.get("trigger") or {}).get("start") or 0)


def create_app(db: str | Path) -> FastAPI:
    """The FastAPI application over a database file (opened read-only)."""
    data = Database(db)
    names = _country_names()
    app = FastAPI(title="eventwire", version=__version__, docs_url=None, redoc_url=None,
                  description="Coded PLOVER events, actors and quotes, with their evidence, read-only. "
                              "Event *reports* (one per article that tells an event) are grouped into "
                              "*clusters* (one per real-world event); both are counted.")
    app.state.db = data

    @app.middleware("http")
    async def headers(request: Request, call_next):
        response = await call_next(request)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Content-Security-Policy"] = CSP
        return response

    # -- events ----------------------------------------------------------------------------------
    @app.get("/api/events", tags=["events"], summary="Event reports, filtered, sorted and paginated")
    def events(
        f: EventFilters = Depends(),
        unique: bool = Query(False, description="one row per cluster (its representative report)"),
        sort: str = Query("date", pattern="^(" + "|".join(EVENT_SORTS) + ")$"),
        order: str = Query("desc", pattern="^(asc|desc)$"),
        limit: int = Query(50, ge=1, le=MAX_LIMIT),
        offset: int = Query(0, ge=0, le=MAX_OFFSET),
    ) -> Response:
        where, params = f.sql()
        if unique:
            where.append("x.is_representative")
        w = ("WHERE " + " AND ".join(where)) if where else ""
        total, clusters, documents = data.one(
            f"SELECT count(*), count(DISTINCT x.cluster_no), count(DISTINCT x.doc_no) FROM event_index x {w}", params)
        direction = "DESC" if order == "desc" else "ASC"
        # the table is stored newest first (date DESC NULLS LAST, event_id): that order is the rowid's
        by = "x.rowid" if (sort, order) == ("date", "desc") else \
            f"{EVENT_SORTS[sort]} {direction} NULLS LAST, x.event_id"
        rowids = [r[0] for r in data.rows(f"SELECT x.rowid FROM event_index x {w} ORDER BY {by} LIMIT ? OFFSET ?",
                                          params + [limit, offset])]
        return _page({"total": total, "clusters": clusters, "documents": documents, "limit": limit,
                      "offset": offset}, data.records(rowids))

    @app.get("/api/events/{event_id}", tags=["events"], summary="One event report, with its cluster")
    def event(event_id: str = PathParam(..., pattern=EVENT_ID)) -> Response:
        found = data.rows("SELECT record FROM event_index WHERE event_id = ?", [event_id])
        if not found:
            raise HTTPException(404, "no such event")
        rec = json.loads(found[0][0])
        rec["cluster"] = _cluster(rec["cluster_id"]) if rec.get("cluster_id") else None
        return _json(rec)

    # -- clusters --------------------------------------------------------------------------------
    def _cluster(cluster_id: str) -> dict | None:
        found = data.dicts(f"SELECT {', '.join('c.' + _q(c) for c in CLUSTER_COLS)} FROM event_clusters c "
                           "WHERE c.cluster_id = ?", [cluster_id])
        if not found:
            return None
        cl = found[0]
        members = []
        for record, sim, matched, reason in data.rows(
                "SELECT i.record, m.similarity, m.matched_event_id, m.reason FROM event_cluster_members m "
                "JOIN event_index i ON i.event_id = m.event_id WHERE m.cluster_id = ?", [cluster_id]):
            rec = json.loads(record)
            rec.update(similarity=sim, matched_event_id=matched, reason=reason)
            members.append(rec)
        cl["members"] = sorted(members, key=_member_order)
        return cl

    @app.get("/api/clusters", tags=["clusters"],
             summary="Clusters: one per real-world event, with the number of reports and documents")
    def clusters(
        type: str | None = Query(None, max_length=12, pattern=r"^[A-Za-z]+$"),
        actor_country: str | None = Query(None, pattern=CODE3),
        recipient_country: str | None = Query(None, pattern=CODE3),
        country: str | None = Query(None, pattern=CODE3, description="a country on either side"),
        date_from: str | None = Query(None, pattern=DATE),
        date_to: str | None = Query(None, pattern=DATE),
        min_documents: int = Query(1, ge=1, le=10_000, description="told by at least this many documents"),
        q: str | None = Query(None, min_length=1, max_length=200, description="text search in the representative sentence"),
        sort: str = Query("reports", pattern="^(" + "|".join(CLUSTER_SORTS) + ")$"),
        order: str = Query("desc", pattern="^(asc|desc)$"),
        limit: int = Query(50, ge=1, le=MAX_LIMIT),
        offset: int = Query(0, ge=0, le=MAX_OFFSET),
    ) -> Response:
        where, params = ["c.num_documents >= ?"], [min_documents]
        t = _check_type(type)
        if t:
            where.append("c.event_type = ?")
            params.append(t)
        if actor_country:
            where.append("list_contains(c.actor_countries, ?)")
            params.append(actor_country.upper())
        if recipient_country:
            where.append("list_contains(c.recipient_countries, ?)")
            params.append(recipient_country.upper())
        if country:
            where.append("(list_contains(c.actor_countries, ?) OR list_contains(c.recipient_countries, ?))")
            params += [country.upper()] * 2
        if date_from:
            where.append("c.date >= ?")
            params.append(date_from)
        if date_to:
            where.append("c.date <= ?")
            params.append(_date_to(date_to))
        join = ""
        if q:
            join = "JOIN event_index i ON i.event_id = c.representative_event_id"
            where.append("contains(i.sentence_lc, lower(?))")
            params.append(q)
        w = "WHERE " + " AND ".join(where)
        n_clusters, n_reports = data.one(f"SELECT count(*), coalesce(sum(c.num_mentions), 0) FROM event_clusters c "
                                         f"{join} {w}", params)
        direction = "DESC" if order == "desc" else "ASC"
        items = data.dicts(
            f"SELECT {', '.join('c.' + _q(c) for c in CLUSTER_COLS)} FROM event_clusters c {join} {w} "
            f"ORDER BY {CLUSTER_SORTS[sort]} {direction} NULLS LAST, c.date DESC NULLS LAST, c.cluster_id "
            f"LIMIT ? OFFSET ?", params + [limit, offset])
        reps = dict(data.rows("SELECT i.event_id, i.rowid FROM event_index i WHERE i.event_id = ANY(?)",
                              [[c["representative_event_id"] for c in items]]))
        order_ids = [reps[c["representative_event_id"]] for c in items if c["representative_event_id"] in reps]
        by_id = {}
        for text in data.records(order_ids):
            rec = json.loads(text)
            by_id[rec["event_id"]] = rec
        for c in items:
            rep = by_id.get(c["representative_event_id"]) or {}
            sent = rep.get("sentence") or {}
            c.update(sentence=sent.get("text"), sentence_start=sent.get("start"), trigger=rep.get("trigger"),
                     actors=rep.get("actors") or [], recipients=rep.get("recipients") or [],
                     representative_doc_id=rep.get("doc_id"))
        return _json({"total": n_clusters, "reports": int(n_reports), "limit": limit, "offset": offset,
                      "items": items})

    @app.get("/api/clusters/{cluster_id}", tags=["clusters"], summary="One cluster with its member reports")
    def cluster(cluster_id: str = PathParam(..., pattern=EVENT_ID)) -> Response:
        found = _cluster(cluster_id)
        if found is None:
            raise HTTPException(404, "no such cluster")
        return _json(found)

    # -- quotes ----------------------------------------------------------------------------------
    @app.get("/api/quotes", tags=["quotes"], summary="Quotations, by speaker and text")
    def quotes(
        speaker: str | None = Query(None, min_length=1, max_length=200, description="words of the speaker's name"),
        speaker_country: str | None = Query(None, pattern=CODE3),
        form: str | None = Query(None, pattern="^(direct|indirect|mixed)$"),
        q: str | None = Query(None, min_length=1, max_length=200, description="text search in the quotation"),
        doc_id: str | None = Query(None, max_length=1000),
        limit: int = Query(50, ge=1, le=MAX_LIMIT),
        offset: int = Query(0, ge=0, le=MAX_OFFSET),
    ) -> Response:
        where, params = [], []
        if speaker:
            where.append("contains(lower(coalesce(q.speaker_name, '') || ' ' || coalesce(q.speaker.text, '')), lower(?))")
            params.append(speaker)
        if speaker_country:
            where.append("q.speaker_country = ?")
            params.append(speaker_country.upper())
        if form:
            where.append("q.form = ?")
            params.append(form)
        if q:
            where.append("contains(lower(q.text), lower(?))")
            params.append(q)
        if doc_id:
            where.append("q.doc_id = ?")
            params.append(doc_id)
        w = ("WHERE " + " AND ".join(where)) if where else ""
        total = data.one(f"SELECT count(*) FROM quotes q {w}", params)[0]
        items = data.dicts(
            f"SELECT {', '.join('q.' + _q(c) for c in QUOTE_COLS)}, q.speaker_name, q.speaker_country, "
            f"d.title AS doc_title, d.pub_date FROM quotes q LEFT JOIN documents d ON d.doc_id = q.doc_id {w} "
            f"ORDER BY d.pub_date DESC NULLS LAST, q.doc_id, q.start LIMIT ? OFFSET ?", params + [limit, offset])
        for i in items:
            i["kind"] = "quote"
        return _json({"total": total, "limit": limit, "offset": offset, "items": items})

    # -- documents -------------------------------------------------------------------------------
    @app.get("/api/documents", tags=["documents"], summary="Documents (without their text)")
    def documents(
        q: str | None = Query(None, min_length=1, max_length=200, description="words of the title or id"),
        status: str | None = Query(None, pattern="^(coded|skipped|failed)$"),
        limit: int = Query(50, ge=1, le=MAX_LIMIT),
        offset: int = Query(0, ge=0, le=MAX_OFFSET),
    ) -> Response:
        where, params = [], []
        if q:
            where.append("contains(lower(coalesce(title, '') || ' ' || doc_id), lower(?))")
            params.append(q)
        if status:
            where.append("status = ?")
            params.append(status)
        w = ("WHERE " + " AND ".join(where)) if where else ""
        total = data.one(f"SELECT count(*) FROM documents {w}", params)[0]
        items = data.dicts(f"SELECT doc_id, title, url, pub_date, language, status, reason, num_events, num_quotes "
                           f"FROM documents {w} ORDER BY pub_date DESC NULLS LAST, doc_id LIMIT ? OFFSET ?",
                           params + [limit, offset])
        return _json({"total": total, "limit": limit, "offset": offset, "items": items})

    @app.get("/api/documents/{doc_id:path}", tags=["documents"],
             summary="A document: clean text, segments, events, quotes and every annotation with its span")
    def document(doc_id: str = PathParam(..., max_length=1000)) -> Response:
        found = data.dicts("SELECT doc_id, title, url, pub_date, language, status, reason, text, segments, "
                           "num_events, num_quotes FROM documents WHERE doc_id = ?", [doc_id])
        if not found:
            raise HTTPException(404, "no such document")
        doc = found[0]
        doc["kind"] = "document"
        evs = sorted((json.loads(r[0]) for r in data.rows("SELECT record FROM event_index WHERE doc_id = ?", [doc_id])),
                     key=lambda e: ((e.get("sentence") or {}).get("index") or 0, (e.get("trigger") or {}).get("start") or 0))
        qs = data.dicts(f"SELECT {', '.join(_q(c) for c in QUOTE_COLS)} FROM quotes WHERE doc_id = ? ORDER BY start",
                        [doc_id])
        for x in qs:
            x["kind"] = "quote"
        doc["events"] = evs
        doc["quotes"] = qs
        doc["annotations"] = annotations(doc["text"] or "", evs, qs)
        return _json(doc)

    @app.get("/api/document", tags=["documents"],
             summary="The same as /api/documents/{doc_id}, with the id as a query parameter (any id, even one with '..')")
    def document_by_id(id: str = Query(..., min_length=1, max_length=1000)) -> Response:
        return document(id)

    # -- aggregates ------------------------------------------------------------------------------
    @app.get("/api/dyads", tags=["aggregates"],
             summary="A country pair over time: reports, clusters and mean PLOVER score by month or week")
    def dyads(
        a: str = Query(..., pattern=CODE3, description="first country (ISO alpha-3)"),
        b: str = Query(..., pattern=CODE3, description="second country"),
        by: str = Query("month", pattern="^(month|week)$"),
        type: str | None = Query(None, max_length=12, pattern=r"^[A-Za-z]+$"),
        date_from: str | None = Query(None, pattern=DATE),
        date_to: str | None = Query(None, pattern=DATE),
    ) -> Response:
        a, b = a.upper(), b.upper()
        if by == "month":
            period = "substr(date, 1, 7)"
            cond = "length(date) >= 7"
        else:
            period = "strftime(date_trunc('week', CAST(date AS DATE)), '%Y-%m-%d')"
            cond = "length(date) = 10"
        where, params = [cond, "NOT negated"], []
        t = _check_type(type)
        if t:
            where.append("event_type = ?")
            params.append(t)
        if date_from:
            where.append("date >= ?")
            params.append(date_from)
        if date_to:
            where.append("date <= ?")
            params.append(_date_to(date_to))
        w = " AND ".join(where)
        # the table is sorted by pair: each half reads only its pair's blocks
        rows = data.rows(f"""
            SELECT {period} AS period, source, event_id, cluster_id, score FROM (
                SELECT * FROM event_dyads WHERE source = ? AND target = ?
                UNION ALL SELECT * FROM event_dyads WHERE source = ? AND target = ?) WHERE {w}""",
                         [a, b, b, a] + params)
        acc: dict[tuple[str, str], dict] = {}
        for period, source, event_id, cluster_id, score in rows:
            for d in ("ab" if source == a else "ba", "both"):
                cell = acc.setdefault((period, d), {"events": {}, "clusters": {}})
                cell["events"][event_id] = score
                cell["clusters"].setdefault(cluster_id, {})[event_id] = score

        def summary(cell: dict) -> dict:
            scores = [x for x in cell["events"].values() if x is not None]
            per_cluster = [sum(v for v in c.values() if v is not None) / max(1, sum(v is not None for v in c.values()))
                           for c in cell["clusters"].values() if any(v is not None for v in c.values())]
            return {"events": len(cell["events"]), "clusters": len(cell["clusters"]),
                    "mean_score": round(sum(scores) / len(scores), 3) if scores else None,
                    "mean_cluster_score": round(sum(per_cluster) / len(per_cluster), 3) if per_cluster else None,
                    "conflict": sum(1 for x in scores if x < 0), "cooperation": sum(1 for x in scores if x > 0)}

        empty = {"events": 0, "clusters": 0, "mean_score": None, "mean_cluster_score": None,
                 "conflict": 0, "cooperation": 0}
        found = sorted({p for p, _ in acc})
        series = [{"period": p, **{k: summary(acc[(p, k)]) if (p, k) in acc else empty for k in ("both", "ab", "ba")}}
                  for p in _periods(found, by)]
        total: dict = {"events": {}, "clusters": {}}
        for (p, d), cell in acc.items():
            if d == "both":
                total["events"].update(cell["events"])
                for cid, members in cell["clusters"].items():
                    total["clusters"].setdefault(cid, {}).update(members)
        tot = summary(total)
        return _json({"a": a, "b": b, "a_name": names.get(a), "b_name": names.get(b), "by": by,
                      "events": tot["events"], "clusters": tot["clusters"], "mean_score": tot["mean_score"],
                      "series": series})

    @app.get("/api/network", tags=["aggregates"], summary="Who acts on whom: countries and directed links")
    def network(
        type: str | None = Query(None, max_length=12, pattern=r"^[A-Za-z]+$"),
        date_from: str | None = Query(None, pattern=DATE),
        date_to: str | None = Query(None, pattern=DATE),
        nodes: int = Query(30, ge=2, le=150, description="at most this many countries (the most active)"),
        min_events: int = Query(1, ge=1, le=100_000, description="links with at least this many reports"),
    ) -> Response:
        where, params = ["NOT negated"], []
        t = _check_type(type)
        if t:
            where.append("event_type = ?")
            params.append(t)
        if date_from:
            where.append("date >= ?")
            params.append(date_from)
        if date_to:
            where.append("date <= ?")
            params.append(_date_to(date_to))
        w = " AND ".join(where)
        edges = data.dicts(f"""
            SELECT source, target, count(DISTINCT event_id) AS events, count(DISTINCT cluster_id) AS clusters,
                   round(avg(score), 3) AS mean_score
            FROM event_dyads WHERE {w} GROUP BY source, target""", params)
        weight: dict[str, dict] = {}
        for e in edges:
            for key, role in ((e["source"], "as_actor"), (e["target"], "as_recipient")):
                n = weight.setdefault(key, {"id": key, "name": names.get(key), "as_actor": 0, "as_recipient": 0})
                n[role] += e["events"]
        top = sorted(weight.values(), key=lambda n: (-(n["as_actor"] + n["as_recipient"]), n["id"]))[:nodes]
        keep = {n["id"] for n in top}
        links = sorted((e for e in edges if e["source"] in keep and e["target"] in keep and e["events"] >= min_events),
                       key=lambda e: (-e["events"], e["source"], e["target"]))
        return _json({"nodes": top, "edges": links})

    @app.get("/api/actors", tags=["aggregates"], summary="The most active actors, with counts")
    def actors(
        by: str = Query("entity", pattern="^(entity|country)$",
                        description="entity: a named actor, or a country and sector; country: countries"),
        type: str | None = Query(None, max_length=12, pattern=r"^[A-Za-z]+$"),
        country: str | None = Query(None, pattern=CODE3),
        limit: int = Query(50, ge=1, le=MAX_LIMIT),
    ) -> Response:
        where, params = ["a.key IS NOT NULL"], []
        t = _check_type(type)
        if t:
            where.append("a.event_type = ?")
            params.append(t)
        if by == "entity":
            key = "a.key"
            qkey = ("coalesce(q.speaker.name, CASE WHEN q.speaker.country IS NOT NULL OR len(q.speaker.sectors) > 0 "
                    "THEN concat_ws(' ', coalesce(q.speaker.country, '?'), "
                    "nullif(array_to_string(q.speaker.sectors, '/'), '')) END)")
            sectors_sql, name_sql = "max(nullif(a.sectors, ''))", "any_value(a.name)"
        else:
            key, qkey = "a.country", "q.speaker.country"
            where[0] = "a.country IS NOT NULL"
            sectors_sql, name_sql = "NULL", "NULL"
        if country:
            where.append("a.country = ?")
            params.append(country.upper())
        sql = f"""
            WITH ev AS (
                SELECT {key} AS key, any_value(a.country) AS country, {sectors_sql} AS sectors, {name_sql} AS name,
                       count(DISTINCT a.event_no) FILTER (WHERE a.role = 'actor') AS as_actor,
                       count(DISTINCT a.event_no) FILTER (WHERE a.role = 'recipient') AS as_recipient,
                       count(DISTINCT a.event_no) AS events,
                       round(avg(a.score) FILTER (WHERE a.role = 'actor'), 3) AS mean_score_as_actor
                FROM event_actors a WHERE {' AND '.join(where)} GROUP BY 1
                ORDER BY events DESC, key LIMIT ?),
            qs AS (SELECT key, count(*) AS quotes FROM (SELECT {qkey} AS key FROM quotes q)
                   WHERE key IN (SELECT key FROM ev) GROUP BY 1)
            SELECT ev.*, coalesce(qs.quotes, 0) AS quotes FROM ev LEFT JOIN qs USING (key)
            ORDER BY ev.events DESC, coalesce(qs.quotes, 0) DESC, key"""
        items = data.dicts(sql, params + [limit])
        for i in items:
            i["country_name"] = names.get(i["country"]) if i["country"] else None
            i["sectors"] = [s for s in (i["sectors"] or "").split("/") if s]
        return _json({"by": by, "items": items})

    @app.get("/api/meta", tags=["aggregates"], summary="Counts, and the values the filters can take")
    def meta() -> Response:
        docs = dict(data.rows("SELECT status, count(*) FROM documents GROUP BY status"))
        n_events = data.one("SELECT count(*) FROM event_index")[0]
        n_clusters, multi = data.one("SELECT count(*), count(*) FILTER (WHERE num_documents > 1) FROM event_clusters")
        n_quotes = data.one("SELECT count(*) FROM quotes")[0]
        types = data.rows("SELECT event_type, count(*), count(DISTINCT cluster_id) FROM event_index "
                          "GROUP BY 1 ORDER BY 2 DESC, 1")
        modes = data.rows("SELECT event_type, mode, count(*) FROM event_index WHERE mode IS NOT NULL "
                          "GROUP BY 1, 2 ORDER BY 1, 3 DESC, 2")
        countries = data.rows("""SELECT c, count(*) FROM (SELECT unnest(list_concat(actor_countries, recipient_countries)) AS c
                                 FROM event_index) GROUP BY c ORDER BY 2 DESC, c""")
        sectors = data.rows("""SELECT split_part(p, ':', 2) AS s, count(*) FROM (
                                 SELECT unnest(list_concat(actor_sectors, recipient_sectors)) AS p FROM event_index)
                               GROUP BY s ORDER BY 2 DESC, s""")
        dates = data.one("SELECT min(date), max(date) FROM event_index WHERE length(date) = 10")
        mode_map: dict[str, list[str]] = {}
        for t, m, _ in modes:
            mode_map.setdefault(t, []).append(m)
        return _json({
            "version": __version__, "database": data.path.name, "documents": docs,
            "events": n_events, "clusters": n_clusters, "multi_report_clusters": multi, "quotes": n_quotes,
            "clusters_source": data.clusters_source,
            "types": [{"type": t, "events": n, "clusters": c} for t, n, c in types],
            "all_types": list(PLOVER_TYPES), "modes": mode_map,
            "countries": [{"code": c, "name": names.get(c), "events": n} for c, n in countries],
            "sectors": [{"code": s, "events": n} for s, n in sectors],
            "date_min": dates[0], "date_max": dates[1]})

    # -- the explorer ----------------------------------------------------------------------------
    from jinja2 import Environment, FileSystemLoader, select_autoescape
    env = Environment(loader=FileSystemLoader(str(WEB / "templates")), autoescape=select_autoescape(default=True))

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index() -> HTMLResponse:
        page = env.get_template("index.html").render(version=__version__, database=data.path.name)
        return HTMLResponse(page)

    @app.api_route("/static/{name}", methods=["GET", "HEAD"], include_in_schema=False)
    def static(name: str = PathParam(..., max_length=64)) -> Response:
        # a plain file name (letters, digits, '.', '_', '-'; not hidden), then checked again
        # after resolving links: the file must sit in the static folder itself
        if (not name or name.startswith(".") or not all(ch.isascii() and (ch.isalnum() or ch in "._-") for ch in name)
                or Path(name).suffix not in STATIC_TYPES):
            raise HTTPException(404, "not found")
        root = STATIC.resolve()
        target = (root / name).resolve()
        if target.parent != root or not target.is_file():
            raise HTTPException(404, "not found")
        return FileResponse(target, media_type=STATIC_TYPES[target.suffix], headers={"Cache-Control": "no-cache"})

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return FileResponse(STATIC / "icon.svg", media_type="image/svg+xml")

    return app


def _periods(found: list[str], by: str) -> list[str]:
    """Every period from the first to the last found (so the timeline shows the gaps)."""
    if not found:
        return []
    out = []
    if by == "month":
        y, m = map(int, found[0].split("-"))
        ey, em = map(int, found[-1].split("-"))
        while (y, m) <= (ey, em) and len(out) < 2400:
            out.append(f"{y:04d}-{m:02d}")
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    else:
        d = dt.date.fromisoformat(found[0])
        end = dt.date.fromisoformat(found[-1])
        while d <= end and len(out) < 5200:
            out.append(d.isoformat())
            d += dt.timedelta(days=7)
    if len(out) >= 2400 and by == "month" or len(out) >= 5200:
        return found  # a very long range: only the periods with events
    return out


# -- annotations of a document ---------------------------------------------------------------------
def _find_near(text: str, needle: str, lo: int, hi: int, near: int) -> int | None:
    """Offset of ``needle`` in text[lo:hi] nearest to ``near``, or None."""
    if not needle:
        return None
    best = None
    i = text.find(needle, lo, hi)
    while i != -1:
        if best is None or abs(i - near) < abs(best - near):
            best = i
        i = text.find(needle, i + 1, hi)
    return best


def _quoted(line: str, prefix: str) -> str | None:
    """The first '...' quoted text of a `why` line that starts with ``prefix``."""
    if not line.startswith(prefix):
        return None
    a = line.find("'")
    b = line.find("'", a + 1) if a != -1 else -1
    # the quoted text may itself contain a quote mark: take the last one before ' -> ' or the end
    arrow = line.find("' ->", a + 1)
    if arrow != -1:
        b = arrow
    elif line.endswith("'"):
        b = len(line) - 1
    return line[a + 1:b] if a != -1 and b > a else None


def annotations(text: str, events: list[dict], quotes: list[dict]) -> list[dict]:
    """Every span the explorer highlights, from the stored records:

    * ``trigger`` (one per event), ``actor`` (a participant of one or more events, or a quote's
      speaker; ``roles`` says which), ``quote`` and ``cue``;
    * ``time`` and ``place``: the time expression and the place each event was dated and placed
      with, found in its sentence from the event's ``why`` (the store keeps no other time
      expressions or places).
    """
    out: list[dict] = []
    actors: dict[tuple[int, int], dict] = {}

    def actor_span(a: dict, role: str, ref: str) -> None:
        if a is None or a.get("start") is None or a.get("end") is None or a["start"] < 0 or a["end"] > len(text):
            return
        key = (a["start"], a["end"])
        span = actors.get(key)
        if span is None:
            span = actors[key] = {"kind": "actor", "start": a["start"], "end": a["end"], "text": text[a["start"]:a["end"]],
                                  "name": a.get("name"), "country": a.get("country"), "sectors": a.get("sectors") or [],
                                  "resolved_from": a.get("resolved_from"), "roles": [], "refs": []}
        if role not in span["roles"]:
            span["roles"].append(role)
        if ref not in span["refs"]:
            span["refs"].append(ref)

    seen_extra: set[tuple] = set()
    for e in events:
        trig = e.get("trigger") or {}
        if trig.get("start") is not None:
            out.append({"kind": "trigger", "start": trig["start"], "end": trig["end"], "text": trig.get("text"),
                        "event_id": e["event_id"], "event_type": e["event_type"], "mode": e.get("mode"),
                        "score": e.get("score"), "why": e.get("why") or []})
        for a in e.get("actors") or []:
            actor_span(a, "actor", e["event_id"])
        for a in e.get("recipients") or []:
            actor_span(a, "recipient", e["event_id"])
        sent = e.get("sentence") or {}
        s0, s1 = sent.get("start"), sent.get("end")
        if s0 is None or s1 is None:
            continue
        near = trig.get("start") or s0
        for line in e.get("why") or []:
            tx = _quoted(line, "date ")
            if tx:
                i = _find_near(text, tx, s0, s1, near)
                value = line[5:line.find(" from ")] if " from " in line else None
                if i is not None and (i, "time") not in seen_extra:
                    seen_extra.add((i, "time"))
                    out.append({"kind": "time", "start": i, "end": i + len(tx), "text": tx,
                                "value": None if value == "None" else value, "event_id": e["event_id"]})
            px = _quoted(line, "place ")
            if px:
                i = _find_near(text, px, s0, s1, near)
                loc = e.get("location") or {}
                if i is not None and (i, "place") not in seen_extra:
                    seen_extra.add((i, "place"))
                    out.append({"kind": "place", "start": i, "end": i + len(px), "text": px,
                                "name": loc.get("name"), "country": loc.get("country"),
                                "lat": loc.get("lat"), "lon": loc.get("lon"), "event_id": e["event_id"]})
    for q in quotes:
        if q.get("start") is not None:
            out.append({"kind": "quote", "start": q["start"], "end": q["end"], "quote_id": q["quote_id"],
                        "form": q["form"], "speaker": (q.get("speaker") or {}).get("name")
                        or (q.get("speaker") or {}).get("text")})
        cue = q.get("cue")
        if cue and cue.get("start") is not None:
            out.append({"kind": "cue", "start": cue["start"], "end": cue["end"], "text": cue.get("text"),
                        "quote_id": q["quote_id"]})
        if q.get("speaker"):
            actor_span(q["speaker"], "speaker", q["quote_id"])
    out.extend(actors.values())
    rank = {"quote": 0, "actor": 1, "place": 2, "time": 3, "cue": 4, "trigger": 5}
    out = [a for a in out if 0 <= a["start"] < a["end"] <= len(text)]
    out.sort(key=lambda a: (a["start"], -a["end"], rank[a["kind"]]))
    return out
