"""``http(s)://`` inputs: one polite GET (urllib), then the page or feed is read like a file.

Polite means: a User-Agent that names eventwire, a timeout, a size limit, no retries and no
parallel requests. HTTP errors, timeouts and unsupported content types become error inputs.
"""
from __future__ import annotations

import gzip
import socket
import urllib.error
import urllib.request
import zlib
from typing import Callable, Iterator

from ..model import RawInput
from .records import error_input

TIMEOUT_SECONDS = 20.0
MAX_BYTES = 10_000_000
USER_AGENT = "eventwire/0.1 (political event coder; one request per page)"
_BINARY_TYPES = ("image/", "audio/", "video/", "application/pdf", "application/zip", "application/octet-stream",
                 "font/")


def _kind(content_type: str) -> str | None:
    ct = content_type.lower()
    if "html" in ct:
        return "html"
    if "rss" in ct or "atom" in ct or "rdf" in ct:
        return "feed"
    if "ndjson" in ct or "jsonl" in ct or "json-seq" in ct:
        return "jsonl"
    if "json" in ct:
        return None  # sniff: a record, a list or JSON lines
    if "xml" in ct:
        return None  # sniff: a feed or XHTML
    if ct.startswith("text/plain"):
        return "text"
    return None


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def fetch_url(url: str, read_bytes: Callable[..., Iterator[RawInput]]) -> Iterator[RawInput]:
    """Fetch ``url`` and hand its bytes to ``read_bytes(data, kind, name, source, url, declared)``."""
    req = urllib.request.Request(url, headers={
        "User-Agent": USER_AGENT,
        "Accept": "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
                  "application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5",
        "Accept-Encoding": "identity",
    })
    try:
        with urllib.request.urlopen(req, timeout=TIMEOUT_SECONDS) as resp:  # noqa: S310 (user-given URL)
            content_type = resp.headers.get("Content-Type", "") or ""
            encoding = (resp.headers.get("Content-Encoding", "") or "").lower()
            data = resp.read(MAX_BYTES)
            final_url = resp.geturl() or url
    except urllib.error.HTTPError as exc:
        yield error_input(url, f"HTTP error {exc.code} {exc.reason} for {url}", url)
        return
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, (socket.timeout, TimeoutError)):
            yield error_input(url, f"timed out after {TIMEOUT_SECONDS:.0f} s fetching {url}", url)
        else:
            yield error_input(url, f"cannot fetch {url}: {reason}", url)
        return
    except (socket.timeout, TimeoutError):
        yield error_input(url, f"timed out after {TIMEOUT_SECONDS:.0f} s fetching {url}", url)
        return
    except (ValueError, OSError) as exc:
        yield error_input(url, f"cannot fetch {url}: {exc}", url)
        return
    if encoding in ("gzip", "x-gzip", "deflate"):
        try:
            data = gzip.decompress(data) if "gzip" in encoding else zlib.decompress(data)
        except (OSError, EOFError, zlib.error) as exc:
            yield error_input(url, f"cannot decompress the response from {url}: {exc}", url)
            return
    if content_type.lower().startswith(_BINARY_TYPES):
        yield error_input(url, f"unsupported content type {content_type.split(';')[0]} at {url}", url)
        return
    yield from read_bytes(data, _kind(content_type), url, url, final_url, _charset(content_type))
