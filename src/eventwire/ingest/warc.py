"""WARC files (warcio): one ``RawInput`` per HTML page captured in the archive.

Response (and resource) records with an HTML payload and HTTP status 2xx become inputs with
``doc_id`` ``<path>#<n>``, where n counts the response and resource records of the file from 1
(redirects, images and other records still count, so an id never changes with the filter), and
``url`` the record's target URI. A damaged or truncated archive gives one error input (``doc_id``
the path) where reading stopped; the pages before it are kept.
"""
from __future__ import annotations

from typing import Iterator

from ..model import RawInput
from .decode import Unreadable, decode_bytes
from .records import error_input

MAX_PAYLOAD_BYTES = 20_000_000


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def _looks_like_html(payload: bytes) -> bool:
    head = payload[:2048].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<body" in head or b"<head" in head


def _truncated(record) -> bool:  # noqa: ANN001
    """True when the archive ended inside the record (its block is shorter than declared)."""
    raw = record.raw_stream
    while raw.read(1 << 16):
        pass
    return getattr(raw, "limit", 0) > 0


def iter_warc(path: str) -> Iterator[RawInput]:
    from warcio.archiveiterator import ArchiveIterator

    n = 0
    found = 0
    try:
        with open(path, "rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type is None:
                    raise ValueError("a record without WARC headers")
                if record.rec_type not in ("response", "resource"):
                    continue
                n += 1
                doc_id = f"{path}#{n}"
                uri = record.rec_headers.get_header("WARC-Target-URI")
                if record.rec_type == "response":
                    http = record.http_headers
                    if http is None:
                        continue
                    status = http.get_statuscode() or ""
                    if not status.startswith("2"):
                        continue
                    ctype = http.get_header("Content-Type") or ""
                else:
                    ctype = record.rec_headers.get_header("Content-Type") or ""
                payload = record.content_stream().read(MAX_PAYLOAD_BYTES)
                if _truncated(record):
                    raise ValueError(f"record {n} ends before its declared length")
                if "html" not in ctype.lower() and not (not ctype and _looks_like_html(payload)):
                    continue
                found += 1
                try:
                    html = decode_bytes(payload, declared=_charset(ctype), html=True)
                except Unreadable as exc:
                    yield RawInput(doc_id=doc_id, url=uri, source=path, error=exc.reason,
                                   status_if_error=exc.status)
                    continue
                yield RawInput(doc_id=doc_id, html=html, url=uri, source=path)
    except FileNotFoundError:
        yield error_input(path, "no such file", path)
        return
    except PermissionError:
        yield error_input(path, "permission denied", path)
        return
    except Exception as exc:  # warcio raises several kinds on damaged archives
        yield error_input(path, f"damaged or truncated WARC file ({type(exc).__name__}: {exc}); "
                                f"the pages before it were read"[:300], path)
        return
    if found == 0:
        yield error_input(path, "no HTML pages in the WARC file", path, status="skipped")
