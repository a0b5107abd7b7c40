"""`eventwire run`: code a corpus into the database, resumably.

Documents already stored with the same text are skipped before any language analysis; a
different document with the same text is recorded as a duplicate; results are written in
batches, each in one transaction, so a killed run loses at most the batch in flight.
"""
from __future__ import annotations

import time
from typing import Iterable

import click

from .config import Settings
from .model import Document, RawInput, Result


class Progress:
    """A one-line progress report on standard error: documents, rate, elapsed."""

    def __init__(self, enabled: bool, total: int | None = None):
        self.enabled = enabled
        self.total = total
        self.n = 0
        self.t0 = time.monotonic()
        self.last = 0.0

    def step(self, k: int = 1) -> None:
        self.n += k
        now = time.monotonic()
        if self.enabled and now - self.last > 0.5:
            self.last = now
            rate = self.n / max(now - self.t0, 1e-9)
            left = ""
            if self.total:
                left = f", about {max(self.total - self.n, 0) / max(rate, 1e-9):.0f} s left"
                click.echo(f"\r  {self.n}/{self.total} documents, {rate:.1f} docs/s{left}   ", err=True, nl=False)
            else:
                click.echo(f"\r  {self.n} documents, {rate:.1f} docs/s   ", err=True, nl=False)

    def close(self) -> float:
        elapsed = time.monotonic() - self.t0
        if self.enabled and self.n:
            click.echo("", err=True)
        return elapsed


def run_corpus(inputs: Iterable[RawInput], db: str, settings: Settings, progress: bool = True,
               total: int | None = None) -> dict:
    """Code a corpus into the database; safe to interrupt and re-run."""
    from .cli import _complain, _pipeline
    from .store import Store
    pipe = _pipeline(settings)
    stats = {"coded": 0, "skipped": 0, "failed": 0, "unchanged": 0, "events": 0, "quotes": 0}
    bar = Progress(progress, total)
    with Store(db) as store:
        def skip(doc: Document) -> Result | None:
            prev = store.stored_hash(doc.doc_id)
            if prev is not None and prev == (doc.content_hash, "coded"):
                return _Unchanged(doc)
            dup = store.doc_with_hash(doc.content_hash, doc.doc_id)
            if dup is not None:
                doc.status, doc.reason = "skipped", f"duplicate of {dup}"
                return Result(doc)
            return None

        batch: list[Result] = []
        for result in pipe.process(inputs, skip=skip):
            bar.step()
            if isinstance(result, _Unchanged):
                stats["unchanged"] += 1
                continue
            _complain(result.document)
            stats[result.document.status] += 1
            stats["events"] += len(result.events)
            stats["quotes"] += len(result.quotes)
            batch.append(result)
            if len(batch) >= settings.batch_size:
                store.write(batch)
                batch = []
        store.write(batch)
        stats["seconds"] = bar.close()
    return stats


class _Unchanged(Result):
    """A document already stored with the same text: nothing to do."""


