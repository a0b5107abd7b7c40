"""JSON Lines (and JSON) records to ``RawInput``: the contract's fields ``id``, ``text`` or
``html``, ``pub_date``, ``url``, ``title``.

A line that is not JSON, not an object, or lacks ``id`` or both ``text`` and ``html`` becomes a
``RawInput`` with ``error`` set and ``doc_id`` ``<file>:<line number>`` (the reason does not
repeat it: messages print the doc_id beside the reason); reading goes on.
"""
from __future__ import annotations

import json
from typing import Any, Iterable, Iterator

from ..model import RawInput

# accepted spellings of the publication date field, first found wins
DATE_FIELDS = ("pub_date", "published", "publish_date", "published_at", "date", "datePublished")
ID_FIELDS = ("id", "doc_id")


def error_input(doc_id: str, reason: str, source: str | None, status: str = "failed") -> RawInput:
    return RawInput(doc_id=doc_id, source=source, error=reason, status_if_error=status)


def _str_or_none(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return None


def record_to_input(obj: Any, where: str, source: str | None) -> RawInput:
    """One JSON object to a RawInput; ``where`` (``<file>:<line>``) names it when it is unusable."""
    if not isinstance(obj, dict):
        return error_input(where, "not a JSON object", source)
    doc_id = next((obj[k] for k in ID_FIELDS if obj.get(k) not in (None, "")), None)
    if isinstance(doc_id, (dict, list, bool)) or doc_id is None:
        return error_input(where, 'record has no "id"', source)
    doc_id = str(doc_id)
    text, html = obj.get("text"), obj.get("html")
    if text is None and html is None:
        return error_input(where, f'record "{doc_id}" has neither "text" nor "html"', source)
    for name, value in (("text", text), ("html", html)):
        if value is not None and not isinstance(value, str):
            return error_input(where, f'"{name}" of record "{doc_id}" is not a string', source)
    pub = next((obj[k] for k in DATE_FIELDS if obj.get(k) not in (None, "")), None)
    return RawInput(
        doc_id=doc_id,
        text=text,
        html=html if text is None or not text.strip() else None,
        pub_date=_str_or_none(pub),
        url=_str_or_none(obj.get("url")),
        title=_str_or_none(obj.get("title")),
        source=source,
    )


def _json_error(exc: ValueError) -> str:
    """json's message with the column: "Expecting ',' delimiter at column 12"."""
    msg = getattr(exc, "msg", None) or str(exc)
    col = getattr(exc, "colno", None)
    if not col:
        return msg
    return f"{msg} column {col}" if msg.endswith(" at") else f"{msg} at column {col}"


def iter_jsonl(lines: Iterable[bytes | str], name: str, source: str | None) -> Iterator[RawInput]:
    """RawInputs from the lines of a JSONL file; ``name`` prefixes error ids (``name:line``)."""
    seen = False
    for lineno, raw in enumerate(lines, 1):
        where = f"{name}:{lineno}"
        if isinstance(raw, bytes):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                seen = True
                yield error_input(where, f"line is not valid UTF-8 (byte 0x{raw[exc.start]:02x} at byte "
                                         f"{exc.start + 1} of the line)", source)
                continue
        else:
            line = raw
        line = line.strip().lstrip("\ufeff").strip()
        if not line:
            continue
        seen = True
        try:
            obj = json.loads(line)
        except ValueError as exc:
            yield error_input(where, f"malformed JSON ({_json_error(exc)})", source)
            continue
        yield record_to_input(obj, where, source)
    if not seen:
        yield error_input(name, "empty file: no JSON records", source, status="skipped")


def iter_json(text: str, name: str, source: str | None) -> Iterator[RawInput]:
    """A ``.json`` file: one record object, or a list of them."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        yield error_input(name, f"malformed JSON ({_json_error(exc)})", source)
        return
    if isinstance(data, dict):
        yield record_to_input(data, name, source)
    elif isinstance(data, list):
        if not data:
            yield error_input(name, "empty file: no JSON records", source, status="skipped")
        for n, obj in enumerate(data, 1):
            yield record_to_input(obj, f"{name}#{n}", source)
    else:
        yield error_input(name, "a JSON file must hold a record or a list of records", source)


def looks_like_jsonl(text: str) -> bool:
    """Every non-blank line looks like a JSON object: most of them parse, or all are ``{...}``
    (so that malformed lines are reported as such rather than read as text)."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    if not lines or not all(ln.startswith("{") for ln in lines):
        return False
    good = 0
    for ln in lines[:200]:
        try:
            if isinstance(json.loads(ln), dict):
                good += 1
        except ValueError:
            pass
    sample = min(len(lines), 200)
    if good == sample or (good >= 1 and good >= 0.5 * sample):
        return True
    return all(ln.endswith("}") for ln in lines)  # object-shaped lines, however damaged
