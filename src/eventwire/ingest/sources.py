"""Expand what the user named (files, folders, ``-``, URLs) into ``RawInput`` objects.

File types by name: ``.txt``/``.text`` text, ``.html``/``.htm``/``.xhtml`` HTML,
``.jsonl``/``.ndjson`` JSON Lines, ``.json`` records, ``.xml``/``.rss``/``.atom``/``.rdf``
feeds, ``.warc`` archives, each also gzipped (``.gz``). A file named explicitly with another or
no extension is sniffed (JSON Lines, feed, HTML, else text). Folders are walked recursively in
sorted order of the paths below them; only files of those types are read, except ``.json``
files and ``.xml`` files that are not feeds (hidden files and folders are skipped too).

``doc_id`` is the JSONL ``id``, else the path as given (for a file found in a folder: the folder
as given joined with the path below it); records inside archives and feeds are described in
``warc.py`` and ``feeds.py``. Nothing here raises for bad input: every problem becomes a
``RawInput`` with ``error`` set.
"""
from __future__ import annotations

import gzip
import os
import sys
import zlib
from typing import Iterator, Sequence, TextIO

from ..model import RawInput
from .decode import Unreadable, binary_kind, decode_bytes
from .feeds import iter_feed, looks_like_feed
from .fetch import fetch_url
from .html import looks_like_html
from .records import error_input, iter_json, iter_jsonl, looks_like_jsonl
from .warc import iter_warc

STDIN_ID = "<stdin>"
MAX_FILE_BYTES = 256_000_000  # read at most this much of one file (prepare cuts long texts anyway)

_TYPES = {
    ".txt": "text", ".text": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".json": "json",
    ".xml": "feed", ".rss": "feed", ".atom": "feed", ".rdf": "feed",
}


def file_type(path: str) -> tuple[str | None, bool]:
    """(type, gzipped) from a file name; type None when the name does not tell."""
    name = os.path.basename(path).lower()
    if name.endswith((".warc", ".warc.gz", ".arc", ".arc.gz")):
        return "warc", name.endswith(".gz")
    gz = False
    for suffix in (".gz", ".gzip"):
        if name.endswith(suffix):
            name, gz = name[: -len(suffix)], True
            break
    return _TYPES.get(os.path.splitext(name)[1]), gz


def sniff(text: str) -> str:
    """The type of an unnamed input from its content: jsonl, json, feed, html or text."""
    head = text.lstrip("\ufeff \t\r\n")
    if head.startswith("{") and looks_like_jsonl(text):
        return "jsonl"
    if head.startswith("[") and head.rstrip().endswith("]"):
        return "json"
    if looks_like_feed(head[:3000]):
        return "feed"
    if looks_like_html(head):
        return "html"
    return "text"


# --- from bytes or text ---------------------------------------------------------------------

def inputs_from_bytes(data: bytes, kind: str | None, name: str, source: str | None,
                      url: str | None = None, declared: str | None = None) -> Iterator[RawInput]:
    """RawInputs from the whole content of a file, stream or HTTP response."""
    if not data.strip():
        yield error_input(name, "empty input" if source == STDIN_ID else "empty file", source, "skipped")
        return
    if data[:2] == b"\x1f\x8b":  # gzipped without saying so in the name
        try:
            data = _gunzip(data)
        except Unreadable as exc:
            yield error_input(name, exc.reason, source, exc.status)
            return
    if kind == "feed" and not binary_kind(data) and data.strip():
        head = data[:3000].decode("utf-8", errors="ignore")
        if looks_like_feed(head):
            yield from iter_feed(data, name, source)
            return
        # not a feed: inputs_from_text reads it as HTML if it is XHTML, else reports it
    try:
        text = decode_bytes(data, declared=declared, html=kind in (None, "html", "feed"))
    except Unreadable as exc:
        yield error_input(name, exc.reason, source, exc.status)
        return
    yield from inputs_from_text(text, kind, name, source, url)


def inputs_from_text(text: str, kind: str | None, name: str, source: str | None,
                     url: str | None = None) -> Iterator[RawInput]:
    if not text.strip():
        yield error_input(name, "empty file" if source != STDIN_ID else "empty input", source, "skipped")
        return
    if kind is None:
        kind = sniff(text)
    if kind == "jsonl":
        yield from iter_jsonl(text.splitlines(), name, source)
    elif kind == "json":
        yield from iter_json(text, name, source)
    elif kind == "feed":
        if looks_like_feed(text[:3000]):
            yield from iter_feed(text, name, source)
        elif looks_like_html(text):
            yield RawInput(doc_id=name, html=text, url=url, source=source)
        else:
            yield error_input(name, "not a readable RSS or Atom feed", source)
    elif kind == "html":
        yield RawInput(doc_id=name, html=text, url=url, source=source)
    else:
        yield RawInput(doc_id=name, text=text, url=url, source=source)


def _gunzip(data: bytes) -> bytes:
    try:
        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        out = d.decompress(data, MAX_FILE_BYTES)
        if not d.eof and len(out) < MAX_FILE_BYTES:
            raise Unreadable("truncated gzip file (the compressed data ends too early)")
        return out
    except zlib.error as exc:
        raise Unreadable(f"not a valid gzip file ({exc})") from None


# --- files and folders ------------------------------------------------------------------------

def _read_bytes(path: str, gz: bool) -> bytes:
    if gz:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_FILE_BYTES)
        if not raw:
            raise Unreadable("empty file", status="skipped")
        if raw[:2] != b"\x1f\x8b":
            return raw  # named .gz but not compressed: read it as it is
        return _gunzip(raw)
    with open(path, "rb") as fh:
        return fh.read(MAX_FILE_BYTES)


def _jsonl_lines(path: str, gz: bool) -> Iterator[bytes]:
    opener = gzip.open if gz else open
    with opener(path, "rb") as fh:  # type: ignore[operator]
        yield from fh


def read_file(path: str, name: str | None = None) -> Iterator[RawInput]:
    name = name or path
    try:
        if not os.path.exists(path):
            yield error_input(name, "no such file", path)
            return
        if os.path.isdir(path):
            yield from read_folder(path)
            return
        if not os.path.isfile(path):
            yield error_input(name, "not a regular file", path)
            return
        if not os.access(path, os.R_OK):
            yield error_input(name, "permission denied", path)
            return
        kind, gz = file_type(path)
        if kind == "warc":
            yield from iter_warc(path)
            return
        if kind == "jsonl":
            yield from _read_jsonl(path, name, gz)
            return
        try:
            data = _read_bytes(path, gz)
        except Unreadable as exc:
            yield error_input(name, exc.reason, path, exc.status)
            return
        yield from inputs_from_bytes(data, kind, name, path)
    except PermissionError:
        yield error_input(name, "permission denied", path)
    except IsADirectoryError:
        yield error_input(name, "is a folder", path)
    except OSError as exc:
        yield error_input(name, f"cannot read the file: {exc.strerror or exc}", path)


def _read_jsonl(path: str, name: str, gz: bool) -> Iterator[RawInput]:
    count = 0
    try:
        if gz:
            with open(path, "rb") as fh:
                magic = fh.read(2)
            gz = magic == b"\x1f\x8b"
        for item in iter_jsonl(_jsonl_lines(path, gz), name, path):
            count += 1
            yield item
    except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
        what = "truncated gzip file" if isinstance(exc, EOFError) else f"not a valid gzip file ({exc})"
        yield error_input(name, f"{what}; stopped after {count} records", path)


def _feed_file(path: str) -> bool:
    try:
        with open(path, "rb") as fh:
            head = fh.read(3000)
    except OSError:
        return True  # let read_file report the problem
    return looks_like_feed(head.decode("utf-8", errors="ignore"))


def read_folder(folder: str) -> Iterator[RawInput]:
    """Files of known types below ``folder``, in sorted order of their paths below it."""
    errors: list[OSError] = []
    found: list[tuple[tuple[str, ...], str]] = []
    for root, dirs, files in os.walk(folder, onerror=errors.append):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for fname in files:
            kind, gz = file_type(fname)
            if fname.startswith(".") or kind is None or kind == "json":
                continue  # .json files in a corpus folder are more often settings than records
            path = os.path.join(root, fname)
            if kind == "feed" and not gz and not _feed_file(path):
                continue  # other XML (sitemaps, settings) is not news
            found.append((tuple(os.path.relpath(path, folder).split(os.sep)), path))
    for _key, path in sorted(found):
        yield from read_file(path, path)
    for exc in errors:
        where = getattr(exc, "filename", None) or folder
        yield error_input(str(where), f"cannot read the folder: {exc.strerror or exc}", str(where))
    if not found and not errors:
        yield error_input(folder, "no readable files (.txt, .html, .jsonl, .warc, feeds) in the folder",
                          folder, "skipped")


# --- standard input -------------------------------------------------------------------------

def read_stdin(stdin: TextIO | None) -> Iterator[RawInput]:
    stream = stdin if stdin is not None else sys.stdin
    if stream is None:
        yield error_input(STDIN_ID, "no standard input", STDIN_ID)
        return
    try:
        buffer = getattr(stream, "buffer", None)
        data = buffer.read() if buffer is not None else stream.read()
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        yield error_input(STDIN_ID, f"cannot read standard input: {exc}", STDIN_ID)
        return
    if isinstance(data, bytes):
        yield from inputs_from_bytes(data, None, STDIN_ID, STDIN_ID)
    else:
        yield from inputs_from_text(data, None, STDIN_ID, STDIN_ID)


# --- everything -----------------------------------------------------------------------------

def iter_inputs(paths: Sequence[str], stdin: TextIO | None = None) -> Iterator[RawInput]:
    """RawInputs for the given paths (``-`` or none: standard input; folders; http(s) URLs)."""
    items = [os.fspath(p) for p in paths] if paths else ["-"]
    for item in items:
        try:
            if item == "-":
                yield from read_stdin(stdin)
            elif item.lower().startswith(("http://", "https://")):
                yield from fetch_url(item, inputs_from_bytes)
            else:
                yield from read_file(item)
        except Exception as exc:  # never let one bad input stop the run
            yield error_input(item, f"cannot read the input: {type(exc).__name__}: {exc}"[:300], item)
