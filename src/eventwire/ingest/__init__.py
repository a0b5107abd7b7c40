"""Ingest: everything before language analysis.

``iter_inputs(paths, stdin)`` reads files, folders, standard input, JSON Lines, WARC archives,
RSS/Atom feeds and http(s) URLs into ``RawInput`` objects (never raising: unreadable inputs carry
an ``error``); ``prepare(raw, settings)`` turns one into a ``Document``: clean text, segments
(article / teaser / boilerplate / comments, each with a language), title, URL, publication date,
language and status.
"""
from __future__ import annotations

from .prepare import prepare
from .sources import iter_inputs

__all__ = ["iter_inputs", "prepare"]
