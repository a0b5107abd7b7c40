"""Bytes to text: recognise binary files, find the encoding, drop byte-order marks.

``decode_bytes`` turns the bytes of a text, HTML or feed file into ``str`` or raises
``Unreadable`` with a reason a person can act on (``cleanup.clean_text`` tidies the result).
"""
from __future__ import annotations

import codecs
import re

# magic numbers of formats people drop into a corpus folder by mistake
_MAGIC = (
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"\xd0\xcf\x11\xe0", "an old Office document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"RIFF", "a RIFF (audio, video or WebP) file"),
    (b"ID3", "an MP3 file"),
    (b"OggS", "an Ogg file"),
    (b"\x7fELF", "an executable"),
    (b"MZ", "a Windows executable"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"SQLite format 3", "a SQLite database"),
    (b"PAR1", "a Parquet file"),
    (b"wOFF", "a font file"),
)

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# bytes that do not occur in text files (tab, line feed, form feed, carriage return and escape do)
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27))
# when charset-normalizer finds several equally good single-byte encodings, take the most common
_PREFERRED = ("utf_8", "cp1252", "cp1251", "cp1250", "cp1256", "iso8859_15", "latin_1", "gb18030",
              "big5", "shift_jis", "euc_kr", "cp1253", "cp1254", "cp1255", "koi8_r")
_SAMPLE = 8192


class Unreadable(ValueError):
    """An input that cannot be read as text; ``reason`` says why, ``status`` how to record it."""

    def __init__(self, reason: str, status: str = "failed") -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status


def binary_kind(data: bytes) -> str | None:
    """What kind of binary file ``data`` starts like, or None when it may be text."""
    head = data[:_SAMPLE]
    for magic, what in _MAGIC:
        if head.startswith(magic):
            # "MZ" and "ID3" also start some words; only trust them when control bytes follow
            if len(magic) < 4 and not head[:512].translate(None, bytes(range(32, 256)) + b"\t\n\r"):
                continue
            return what
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return None
    if _utf16_guess(head):
        return None
    if head.count(0) > len(head) // 1000 + 1:  # a stray NUL in a text file is only noise
        return "a binary file"
    if head and len(head) - len(head.translate(None, _CONTROL_BYTES)) > len(head) * 0.05:
        return "a binary file"
    return None


def _utf16_guess(head: bytes) -> str | None:
    """UTF-16 without a BOM: every other byte is zero in mostly-ASCII text."""
    if len(head) < 8:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML or XML file declares in its first bytes (meta tag or XML declaration)."""
    head = data[:4096]
    m = re.search(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", head, re.I)
    if not m:
        m = re.search(rb"""<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9_.:-]{2,40})""", head, re.I)
    if not m:
        return None
    return _codec_name(m.group(1).decode("ascii", "ignore"))


def _codec_name(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None


def decode_bytes(data: bytes, declared: str | None = None, html: bool = False) -> str:
    """Decode the bytes of a text file. Raises ``Unreadable`` for empty, binary or undecodable data.

    Order: byte-order mark; UTF-8 when the bytes are valid UTF-8; the charset declared by the
    transport (``declared``) or, for HTML/XML, by the document; charset-normalizer's guess;
    UTF-8 with a few bad bytes replaced when the rest is clearly UTF-8.
    """
    if not data.strip():
        raise Unreadable("empty file", status="skipped")
    what = binary_kind(data)
    if what:
        raise Unreadable(f"binary file ({what}), not text")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(enc, errors="replace")
    guess16 = _utf16_guess(data[:_SAMPLE])
    if guess16:
        return data.decode(guess16, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    for enc in (_codec_name(declared), declared_charset(data) if html else None):
        if not enc or enc in ("utf-8", "utf-16", "utf-32"):
            continue
        # as browsers do, a page that says Latin-1 or ASCII is read as Windows-1252
        for candidate in (("cp1252", enc) if enc in ("iso8859-1", "ascii") else (enc,)):
            try:
                return data.decode(candidate)
            except (UnicodeDecodeError, LookupError):
                pass
    sample = data[:1_000_000].decode("utf-8", errors="replace")
    bad = sample.count("\ufffd")
    multibyte = sum(1 for ch in sample if ord(ch) > 127) - bad
    # UTF-8 with a few corrupt bytes: legacy encodings (cp1252, cp1251, ...) almost never make
    # valid multibyte UTF-8 sequences by chance, so twice as many valid ones as bad ones tell
    if multibyte >= 2 * bad and multibyte >= 2:
        return data.decode("utf-8", errors="replace")
    enc = guess_encoding(data)
    if enc:
        return data.decode(enc, errors="replace")
    raise Unreadable("cannot decode the text: not UTF-8 and no other text encoding fits")


def guess_encoding(data: bytes) -> str | None:
    """charset-normalizer's guess, preferring common encodings among equally good candidates."""
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - installed with trafilatura/requests
        return None
    try:
        matches = list(from_bytes(data[:200_000]))
    except Exception:  # charset-normalizer may fail on odd inputs; treat as no guess
        return None
    if not matches:
        return None
    low = min(m.chaos for m in matches)
    pool = [m for m in matches if m.chaos <= low + 0.01]
    high = max(m.coherence for m in pool)
    pool = [m for m in pool if m.coherence >= high - 0.1]  # coherence is rough on short texts

    def rank(m):  # noqa: ANN001, ANN202
        name = (_codec_name(m.encoding) or m.encoding).replace("-", "_")
        return _PREFERRED.index(name) if name in _PREFERRED else len(_PREFERRED)

    pool.sort(key=rank)
    return pool[0].encoding
