"""Tidy a decoded text before segmentation: line breaks, invisible characters, hard-wrapped
paragraphs, and cutting over-long texts at a paragraph boundary."""
from __future__ import annotations

import re
import unicodedata

_LINEBREAKS = {"\r\n": "\n", "\r": "\n", "\u2028": "\n", "\u2029": "\n\n", "\x0b": "\n", "\x0c": "\n",
               "\x85": "\n"}
_LINEBREAK_RE = re.compile("\r\n|[\r\u2028\u2029\x0b\x0c\x85]")
# C0/C1 controls (except tab and line feed), DEL, BOMs, soft hyphens, replacement characters
_DROP = dict.fromkeys([c for c in range(32) if c not in (9, 10)] + [0x7F] + list(range(0x80, 0xA0))
                      + [0xFEFF, 0xAD, 0xFFFD, 0xFFFE, 0xFFFF])
_TRAILING_SPACE_RE = re.compile(r"[ \t\u00a0\u3000]+$", re.M)
_EXCESS_BLANK_RE = re.compile(r"\n{4,}")
_BULLET_RE = re.compile(r"^\s*(?:[-*\u2022\u25aa>#]|\d{1,3}[.)])\s")
_WRAP_END = ".!?:;\"'\u201d\u2019)"


def clean_text(text: str) -> str:
    """Normalise line breaks, drop control and invisible characters, compose Unicode (NFC),
    strip trailing spaces of each line and blank lines around the text.

    Line structure is otherwise kept: the line numbers of a plain-text file stay the same unless
    it had more than two blank lines in a row or started with blank lines.
    """
    if not text:
        return ""
    text = _LINEBREAK_RE.sub(lambda m: _LINEBREAKS[m.group(0)], text)
    text = text.translate(_DROP)
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    text = _TRAILING_SPACE_RE.sub("", text)
    text = _EXCESS_BLANK_RE.sub("\n\n\n", text)
    return text.strip("\n").rstrip()


def unwrap_hard_wraps(text: str) -> str:
    """Join the lines of paragraphs that were wrapped at a fixed width (e-mail, wire copy).

    Each line break inside such a paragraph becomes a space, so offsets do not move. A block is
    taken as hard-wrapped when it has three or more lines, its lines (but the last) are all
    about the same width (40 to 100 characters), most of them end mid-sentence and none starts
    like a list item.
    """
    if "\n" not in text:
        return text
    blocks = text.split("\n\n")
    changed = False
    for b, block in enumerate(blocks):
        lines = block.split("\n")
        if len(lines) < 3:
            continue
        body = lines[:-1]
        widths = [len(ln) for ln in body]
        widest = max(widths)
        if not 40 <= widest <= 100:
            continue
        if sum(w >= 0.7 * widest for w in widths) < 0.8 * len(body):
            continue
        if sum(not ln.rstrip().endswith(tuple(_WRAP_END)) for ln in body) < 0.5 * len(body):
            continue
        if any(_BULLET_RE.match(ln) for ln in lines[1:]) or any(not ln.strip() for ln in lines):
            continue
        blocks[b] = " ".join(lines)
        changed = True
    return "\n\n".join(blocks) if changed else text


def cut_text(text: str, max_chars: int) -> str:
    """``text`` cut to at most ``max_chars`` characters, at a paragraph, line or word boundary."""
    if len(text) <= max_chars:
        return text
    head = text[:max_chars]
    for sep in ("\n\n", "\n", ". ", " "):
        k = head.rfind(sep)
        if k >= max_chars // 2:
            return head[: k + (1 if sep == ". " else 0)].rstrip()
    return head.rstrip()
