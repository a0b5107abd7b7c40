"""Apache Spark: the same coding as `eventwire run`, on a cluster (optional extra ``eventwire[spark]``).

    from eventwire.spark import code_dataframe
    coded = code_dataframe(docs)          # docs: id, text or html, pub_date (+ url, title)
    coded.documents, coded.events, coded.quotes   # DataFrames with the contract's fields

The documents go through two ``mapInPandas`` stages. The first prepares them (ingest: clean
text, segments, language, publication date) and the second codes them (spaCy and our stages,
exactly as ``Pipeline.process``, through ``parallel.code_documents``). Between the two, a document
whose clean text equals that of another coded document is marked ``skipped``,
``duplicate of <doc_id>`` (the smallest doc_id of the group is coded), so duplicates cost no
parsing, as in `run`. The pipeline (spaCy model, knowledge base, lexicon) is loaded once per
executor Python process and kept for the tasks that follow (Spark reuses its Python workers).

The column types come from ``schema/records.schema.json`` (the public records), less ``kind``;
events and quotes carry the document's ``pub_date`` too, and documents their ``content_hash``.

The command reads JSON Lines, Parquet or WARC files and writes Parquet partitioned by
publication date::

    python -m eventwire.spark INPUT... --out DIR [--format jsonl|parquet|warc] [--master local[*]]
                                        [--partition day|month|year]

See docs/SCALING.md for clusters (spark-submit, Databricks, EMR) and Common Crawl news.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

from .config import Settings
from .model import Document, RawInput, Result, Segment

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from pyspark.sql import DataFrame, SparkSession

SCHEMA_FILE = Path(__file__).parent / "schema" / "records.schema.json"
INPUT_COLUMNS = ("id", "text", "html", "pub_date", "url", "title")
PARTITIONS = {"day": ("pub_day", 10), "month": ("pub_month", 7), "year": ("pub_year", 4)}

# -- Spark types from the records' JSON Schema ---------------------------------------------------------


def _load_schema() -> dict:
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


def _spark_type(node: dict, defs: dict):
    from pyspark.sql import types as T
    if "$ref" in node:
        return _spark_type(defs[node["$ref"].rsplit("/", 1)[1]], defs)
    if "oneOf" in node:
        alts = [a for a in node["oneOf"] if a.get("type") != "null"]
        return _spark_type(alts[0], defs) if alts else T.StringType()
    if "const" in node or "enum" in node:
        return T.StringType()
    typ = node.get("type", "string")
    if isinstance(typ, list):
        typ = next((t for t in typ if t != "null"), "string")
    if typ == "integer":
        return T.IntegerType()
    if typ == "number":
        return T.DoubleType()
    if typ == "boolean":
        return T.BooleanType()
    if typ == "array":
        return T.ArrayType(_spark_type(node.get("items", {}), defs))
    if typ == "object":
        props = node.get("properties", {})
        order = list(node.get("required", [])) + [k for k in props if k not in node.get("required", [])]
        return T.StructType([T.StructField(k, _spark_type(props[k], defs), True) for k in order if k in props])
    return T.StringType()


def record_type(kind: str):
    """The Spark StructType of one record kind (``document``, ``event``, ``quote``), without ``kind``."""
    from pyspark.sql import types as T
    schema = _load_schema()
    struct = _spark_type(schema["$defs"][kind], schema["$defs"])
    return T.StructType([f for f in struct.fields if f.name != "kind"])


# -- the executor side: one pipeline per Python process ------------------------------------------------

_PIPELINES: dict[str, Any] = {}


def _pipeline(settings: Settings):
    """The pipeline for these settings, loaded once per (executor) process."""
    key = repr(settings)
    pipe = _PIPELINES.get(key)
    if pipe is None:
        from .pipeline import Pipeline
        pipe = _PIPELINES[key] = Pipeline(settings)
    return pipe


def _none(value: Any) -> Any:
    """pandas' missing values (None, NaN, NaT) as None."""
    if value is None:
        return None
    try:
        import pandas as pd
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return value


def _str(value: Any) -> str | None:
    value = _none(value)
    if value is None:
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


PREPARED_COLUMNS = ["doc_id", "title", "url", "pub_date", "language", "status", "reason", "text", "segments",
                    "content_hash", "source", "notes"]


def _prepared_schema():
    from pyspark.sql import types as T
    return T.StructType([T.StructField(c, T.StringType(), True) for c in PREPARED_COLUMNS])


def _prepare_batches(batches: Iterator["pd.DataFrame"], settings: Settings) -> Iterator["pd.DataFrame"]:
    import pandas as pd
    from .parallel import prepare_safely
    pipe = _pipeline(settings)
    for frame in batches:
        rows = []
        for rec in frame.to_dict("records"):
            raw = RawInput(doc_id=_str(rec.get("id")) or "?", text=_str(rec.get("text")), html=_str(rec.get("html")),
                           pub_date=_str(rec.get("pub_date")), url=_str(rec.get("url")), title=_str(rec.get("title")),
                           source=_str(rec.get("source")), error=_str(rec.get("error")))
            if raw.text is None and raw.html is None and raw.error is None:
                raw.error = f'record "{raw.doc_id}" has neither "text" nor "html"'
            d = prepare_safely(pipe, raw)
            rows.append([d.doc_id, d.title, d.url, d.pub_date, d.language, d.status, d.reason, d.text,
                         json.dumps([s.to_record() for s in d.segments]),
                         d.content_hash if d.status == "coded" and d.text else None, d.source,
                         json.dumps(list(d.notes or []), ensure_ascii=False)])
        yield pd.DataFrame(rows, columns=PREPARED_COLUMNS)


def _document(rec: dict) -> Document:
    segs = [Segment(kind=s["kind"], start=s["start"], end=s["end"], language=s.get("language"))
            for s in json.loads(rec.get("segments") or "[]")]
    return Document(doc_id=rec["doc_id"], text=rec.get("text") or "", title=_none(rec.get("title")),
                    url=_none(rec.get("url")), pub_date=_none(rec.get("pub_date")),
                    language=_none(rec.get("language")), status=rec["status"], reason=_none(rec.get("reason")),
                    segments=segs, source=_none(rec.get("source")),
                    notes=list(json.loads(rec.get("notes") or "[]")))


CODED_COLUMNS = PREPARED_COLUMNS + ["events", "quotes"]


def _coded_schema():
    from pyspark.sql import types as T
    return T.StructType([T.StructField(c, T.StringType(), True) for c in CODED_COLUMNS])


def _code_batches(batches: Iterator["pd.DataFrame"], settings: Settings) -> Iterator["pd.DataFrame"]:
    import pandas as pd
    from .parallel import code_documents
    pipe = _pipeline(settings)
    size = max(1, settings.batch_size)
    for frame in batches:
        recs = frame.to_dict("records")
        for start in range(0, len(recs), size):
            chunk = [_document(r) for r in recs[start:start + size]]
            todo = [d for d in chunk if d.status == "coded"]
            results = iter(code_documents(pipe, todo))
            rows = []
            for d in chunk:
                r = next(results) if d.status == "coded" else Result(d)
                d = r.document
                rows.append([d.doc_id, d.title, d.url, d.pub_date, d.language, d.status, d.reason, d.text,
                             json.dumps([s.to_record() for s in d.segments]),
                             d.content_hash if d.text else None, d.source,
                             json.dumps(list(d.notes or []), ensure_ascii=False),
                             json.dumps([e.to_record() for e in r.events], ensure_ascii=False),
                             json.dumps([q.to_record() for q in r.quotes], ensure_ascii=False)])
            yield pd.DataFrame(rows, columns=CODED_COLUMNS)


# -- the driver side -------------------------------------------------------------------------------------

@dataclass
class Coded:
    """The coded corpus as three DataFrames (and the persisted frame they are read from)."""

    documents: "DataFrame"
    events: "DataFrame"
    quotes: "DataFrame"
    coded: "DataFrame"

    def unpersist(self) -> None:
        self.coded.unpersist()


def _input_frame(df: "DataFrame") -> "DataFrame":
    from pyspark.sql import functions as F
    cols = {c.lower(): c for c in df.columns}
    sel = []
    for name, alts in (("id", ("id", "doc_id")), ("text", ("text",)), ("html", ("html",)),
                       ("pub_date", ("pub_date", "published", "publish_date", "published_at", "date")),
                       ("url", ("url",)), ("title", ("title",)), ("source", ("source",)), ("error", ("error",))):
        found = next((cols[a] for a in alts if a in cols), None)
        sel.append((F.col(found).cast("string") if found else F.lit(None).cast("string")).alias(name))
    if not any(a in cols for a in ("id", "doc_id")):
        raise ValueError("the documents need an 'id' column")
    if "text" not in cols and "html" not in cols:
        raise ValueError("the documents need a 'text' or an 'html' column")
    return df.select(*sel)


def code_dataframe(df: "DataFrame", settings: Settings | None = None, dedup: bool = True,
                   persist: bool = True) -> Coded:
    """Code a DataFrame of documents (``id``, ``text`` or ``html``, ``pub_date``, optionally
    ``url`` and ``title``) and return the documents, events and quotes with the contract's fields.

    The result is persisted (memory and disk) so that the three outputs come from one pass of the
    language stages; call ``unpersist()`` when done. ``dedup`` marks a document whose clean text
    equals another's as ``duplicate of <smallest doc_id>`` before parsing."""
    from pyspark import StorageLevel
    from pyspark.sql import Window
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    settings = settings or Settings()
    frame = _input_frame(df)
    prepared = frame.mapInPandas(lambda it: _prepare_batches(it, settings), _prepared_schema())
    if dedup:
        w = Window.partitionBy("content_hash")
        first = F.min(F.when(F.col("status") == "coded", F.col("doc_id"))).over(w)
        dup = (F.col("status") == "coded") & F.col("content_hash").isNotNull() & (F.col("doc_id") != first)
        prepared = (prepared.withColumn("_first", first)
                    .withColumn("reason", F.when(dup, F.concat(F.lit("duplicate of "), F.col("_first")))
                                .otherwise(F.col("reason")))
                    .withColumn("status", F.when(dup, F.lit("skipped")).otherwise(F.col("status")))
                    .drop("_first"))
    coded = prepared.mapInPandas(lambda it: _code_batches(it, settings), _coded_schema())
    if persist:
        coded = coded.persist(StorageLevel.MEMORY_AND_DISK)

    doc_t, event_t, quote_t = record_type("document"), record_type("event"), record_type("quote")
    doc_cols = []
    for f in doc_t.fields:
        if f.name in ("segments", "notes"):
            doc_cols.append(F.from_json(f.name, f.dataType).alias(f.name))
        else:
            doc_cols.append(F.col(f.name).cast(f.dataType).alias(f.name))
    documents = coded.select(*doc_cols, "content_hash",
                             F.size(F.from_json("events", T.ArrayType(T.StringType()))).alias("num_events"),
                             F.size(F.from_json("quotes", T.ArrayType(T.StringType()))).alias("num_quotes"))
    events = (coded.select("pub_date", F.explode(F.from_json("events", T.ArrayType(event_t))).alias("e"))
              .select(*[F.col("e").getField(f.name).alias(f.name) for f in event_t.fields], "pub_date"))
    quotes = (coded.select("pub_date", F.explode(F.from_json("quotes", T.ArrayType(quote_t))).alias("q"))
              .select(*[F.col("q").getField(f.name).alias(f.name) for f in quote_t.fields], "pub_date"))
    return Coded(documents, events, quotes, coded)


# -- reading inputs --------------------------------------------------------------------------------------

def _jsonl_batches(batches: Iterator["pd.DataFrame"]) -> Iterator["pd.DataFrame"]:
    """JSON Lines (one line a row, with its file) to input rows, by the rules of `eventwire run`
    (``ingest.records``); an unusable line becomes a row with ``error`` (a failed document)."""
    import pandas as pd
    from .ingest.records import record_to_input
    for frame in batches:
        rows = []
        for line, path in zip(frame["value"], frame["path"]):
            line = (line or "").strip().lstrip("\ufeff")
            if not line:
                continue
            where = f"{path}:{hashlib.sha1(line.encode('utf-8')).hexdigest()[:12]}"
            try:
                obj = json.loads(line)
            except ValueError as exc:
                rows.append([where, None, None, None, None, None, path, f"{where}: malformed JSON ({exc})"])
                continue
            raw = record_to_input(obj, where, path)
            rows.append([raw.doc_id, raw.text, raw.html, raw.pub_date, raw.url, raw.title, path, raw.error])
        yield pd.DataFrame(rows, columns=["id", "text", "html", "pub_date", "url", "title", "source", "error"])


def _input_row_schema():
    from pyspark.sql import types as T
    return T.StructType([T.StructField(c, T.StringType(), True)
                         for c in ("id", "text", "html", "pub_date", "url", "title", "source", "error")])


def _local_copy(path: str) -> tuple[str, bool]:
    """A local file for ``path``: itself, or a temporary copy of a remote one (fsspec)."""
    if path.startswith("file:"):
        from urllib.parse import unquote, urlparse
        return unquote(urlparse(path).path), False
    if "://" not in path:
        return path, False
    try:
        import fsspec
    except ImportError:
        raise RuntimeError(f"cannot read {path}: install fsspec (and s3fs, gcsfs or aiohttp for the scheme), "
                           f"or put the WARC files on a file system the executors mount") from None
    url = path.replace("s3a://", "s3://", 1).replace("s3n://", "s3://", 1)
    fd, tmp = tempfile.mkstemp(suffix=".warc.gz" if path.endswith(".gz") else ".warc")
    with os.fdopen(fd, "wb") as out, fsspec.open(url, "rb") as src:
        while True:
            block = src.read(1 << 22)
            if not block:
                break
            out.write(block)
    return tmp, True


def _warc_batches(batches: Iterator["pd.DataFrame"]) -> Iterator["pd.DataFrame"]:
    """WARC files (one path a row) to one input row per HTML page (``ingest.warc``)."""
    import pandas as pd
    from .ingest.warc import iter_warc
    cols = ["id", "text", "html", "pub_date", "url", "title", "source", "error"]
    for frame in batches:
        for path in frame["path"]:
            local, temporary = _local_copy(path)
            name = local if path.startswith("file:") else path  # ids as `eventwire run` gives them
            try:
                rows = []
                for raw in iter_warc(local):
                    doc_id = name + raw.doc_id[len(local):] if raw.doc_id.startswith(local) else raw.doc_id
                    rows.append([doc_id, raw.text, raw.html, raw.pub_date, raw.url, raw.title, path, raw.error])
                    if len(rows) >= 500:
                        yield pd.DataFrame(rows, columns=cols)
                        rows = []
                if rows:
                    yield pd.DataFrame(rows, columns=cols)
            finally:
                if temporary:
                    os.unlink(local)


def _guess_format(paths: list[str]) -> str:
    p = paths[0].lower().rstrip("/")
    if p.endswith((".warc", ".warc.gz", ".arc.gz")):
        return "warc"
    if p.endswith(".parquet") or p.endswith(".pq"):
        return "parquet"
    return "jsonl"


def read_inputs(spark: "SparkSession", paths: list[str], fmt: str | None = None,
                partitions: int | None = None) -> "DataFrame":
    """A DataFrame of input documents from JSON Lines, Parquet or WARC paths (files, folders or
    globs on any file system Spark reads). WARC pages are spread over ``partitions`` tasks
    (default: the default parallelism x 4), since one archive holds thousands of pages."""
    from pyspark.sql import functions as F
    fmt = fmt or _guess_format(paths)
    if fmt == "parquet":
        return _input_frame(spark.read.parquet(*paths))
    if fmt == "jsonl":
        lines = spark.read.text(paths).withColumn("path", F.input_file_name())
        return lines.mapInPandas(_jsonl_batches, _input_row_schema())
    if fmt == "warc":
        files = (spark.read.format("binaryFile").option("recursiveFileLookup", "true")
                 .load(paths).select("path"))
        n_files = files.count()
        files = files.repartition(max(1, n_files))
        pages = files.mapInPandas(_warc_batches, _input_row_schema())
        n = partitions or spark.sparkContext.defaultParallelism * 4
        return pages.repartition(n)
    raise ValueError(f"unknown input format {fmt!r}: use jsonl, parquet or warc")


# -- writing ---------------------------------------------------------------------------------------------

def write_parquet(coded: Coded, out: str, partition: str = "day", mode: str = "overwrite") -> dict[str, str]:
    """Write documents, events and quotes as Parquet under ``out``, partitioned by publication
    date (``pub_day`` YYYY-MM-DD, ``pub_month`` YYYY-MM or ``pub_year`` YYYY; no date:
    Spark's ``__HIVE_DEFAULT_PARTITION__``). Returns the folders written."""
    from pyspark.sql import functions as F
    col, width = PARTITIONS[partition]
    written = {}
    for name, frame in (("documents", coded.documents), ("events", coded.events), ("quotes", coded.quotes)):
        path = f"{out.rstrip('/')}/{name}"
        (frame.withColumn(col, F.substring("pub_date", 1, width))
         .write.mode(mode).partitionBy(col).parquet(path))
        written[name] = path
    return written


def local_session(master: str = "local[2]", app: str = "eventwire", **conf: str) -> "SparkSession":
    """A Spark session for one machine (tests, small corpora); executors use this Python."""
    from pyspark.sql import SparkSession
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    builder = (SparkSession.builder.master(master).appName(app)
               .config("spark.ui.enabled", "false")
               .config("spark.ui.showConsoleProgress", "false")
               .config("spark.sql.shuffle.partitions", "8")
               .config("spark.sql.execution.arrow.maxRecordsPerBatch", "256"))
    for k, v in conf.items():
        builder = builder.config(k.replace("_", "."), v)
    return builder.getOrCreate()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m eventwire.spark",
                                 description="Code JSONL, Parquet or WARC files with Apache Spark into Parquet "
                                             "(documents, events, quotes) partitioned by publication date.")
    ap.add_argument("inputs", nargs="+", help="files, folders or globs (any file system Spark reads)")
    ap.add_argument("--out", required=True, help="output folder: OUT/documents, OUT/events, OUT/quotes")
    ap.add_argument("--format", choices=["jsonl", "parquet", "warc"], default=None,
                    help="input format (default: from the first path's extension; jsonl otherwise)")
    ap.add_argument("--partition", choices=sorted(PARTITIONS), default="day")
    ap.add_argument("--master", default=None,
                    help="Spark master when not started by spark-submit (default: local[*])")
    ap.add_argument("--partitions", type=int, default=None,
                    help="tasks to spread the documents over (default: Spark's default parallelism x 4)")
    ap.add_argument("--model", default=None, help="spaCy model (must be installed on every executor)")
    ap.add_argument("--teasers", action="store_true", help="code teaser segments too")
    ap.add_argument("--pub-date", default=None, help="publication date for inputs that carry none (YYYY-MM-DD)")
    ap.add_argument("--no-dedup", action="store_true", help="code documents with the same text each")
    ap.add_argument("--mode", choices=["overwrite", "append", "error"], default="overwrite")
    args = ap.parse_args(argv)

    from pyspark.sql import SparkSession
    active = SparkSession.getActiveSession()
    if args.master:
        spark = (local_session(args.master) if args.master.startswith("local")
                 else SparkSession.builder.master(args.master).appName("eventwire").getOrCreate())
    elif active is not None:
        spark = active
    elif os.environ.get("PYSPARK_GATEWAY_PORT"):  # started by spark-submit: its --master and --conf rule
        spark = SparkSession.builder.appName("eventwire").getOrCreate()
    else:
        spark = local_session("local[*]")
    settings = Settings()
    if args.model:
        settings.model = args.model
    settings.include_teasers = args.teasers
    if args.pub_date:
        settings.pub_date = args.pub_date
    docs = read_inputs(spark, args.inputs, args.format, args.partitions)
    if args.partitions and (args.format or _guess_format(args.inputs)) != "warc":
        docs = docs.repartition(args.partitions)
    coded = code_dataframe(docs, settings, dedup=not args.no_dedup)
    written = write_parquet(coded, args.out, args.partition, args.mode)
    counts = {r["status"]: r["count"] for r in coded.documents.groupBy("status").count().collect()}
    n_events = coded.events.count()
    n_quotes = coded.quotes.count()
    coded.unpersist()
    print(f"documents: {', '.join(f'{k} {v}' for k, v in sorted(counts.items())) or 'none'}; "
          f"events: {n_events}; quotes: {n_quotes}")
    for name, path in written.items():
        print(f"wrote {name} to {path}")
    return 1 if counts.get("failed") else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
