"""Near-duplicate documents: a syndicated copy of a story already stored is stored once.

Two texts are near-duplicates when the Jaccard similarity of their sets of word 4-grams
("shingles": lower-cased ``\\w+`` words) is at least ``THRESHOLD`` (0.5). A wire story and its
syndicated copy with another headline, another dateline and a few edited words share 80-95% of
their shingles; two different stories on the same topic (a follow-up that repeats background
paragraphs) share less than 30% (measured on the VOA corpus).

Each text gets a MinHash signature (datasketch, 128 permutations, the ``affine32`` scheme; the
fraction of equal positions in two signatures estimates the Jaccard similarity). The index
finds candidates by banding the signatures (LSH: 42 bands of 3 values; a pair at the threshold
becomes a candidate with probability 0.996) and keeps the candidates whose estimated similarity
reaches the threshold. Band keys live in one sorted numpy array plus a small unsorted tail, so
a document costs about 1 KB of memory and a query is a few binary searches.

``NearDupIndex.for_store(store)`` builds the index for a ``run`` from the database: signatures
saved in the table ``near_dup_signatures`` (valid while the document's text and the parameters
are unchanged) plus signatures computed for coded documents that have none yet (a run killed
before ``save()``, or a database made before this table existed). Only ``coded`` documents are
indexed, so a copy is always a ``duplicate of`` a document whose events are stored.

Texts with fewer than ``MIN_SHINGLES`` (25) shingles, about 28 words, are left to the exact check
(content hash): in a one-sentence item a single changed word (another day, another place) may
well be another event, and it already decides the similarity.

Use in ``run``: in one process, ``check_and_add(document)`` before coding a document (the
doc_id of the document it copies, or None, and then the document is remembered); with worker
processes, the worker sends ``signature_bytes(document)`` with the document's hash and the
process that holds the index calls ``query(signature, exclude=doc_id)`` and, for a document it
decides to code, ``add(doc_id, signature, content_hash)``; ``remove(doc_id)`` when it fails after
all. Either way ``save()`` after each database write.
"""
from __future__ import annotations

import re
import zlib
from typing import TYPE_CHECKING, Iterable

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    from ..model import Document
    from ..store import Store

SHINGLE_WORDS = 4
NUM_PERM = 128
THRESHOLD = 0.5
MIN_SHINGLES = 25
SEED = 1
_TAIL_LIMIT = 2048  # recent signatures searched by brute force before they are merged

_WORD = re.compile(r"\w+")
# odd 64-bit multipliers that mix the word hashes of a shingle and the values of a band
_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0x27D4EB2F165667C5,
                 0x94D049BB133111EB, 0xBF58476D1CE4E5B9, 0xD6E8FEB86659FD93, 0xFF51AFD7ED558CCD],
                dtype=np.uint64)


def document_text(doc: "Document") -> str:
    """The text a document is compared by: its article segments (what is coded), else all of it."""
    parts = [doc.text[s.start: s.end] for s in doc.segments if s.kind == "article"]
    return "\n".join(parts) if parts else (doc.text or "")


def shingle_hashes(text: str, words: int = SHINGLE_WORDS) -> np.ndarray:
    """The distinct 32-bit hashes of the word ``words``-grams of ``text`` (a text shorter than
    that is one shingle); stable across processes and platforms."""
    toks = _WORD.findall(text.lower())
    if not toks:
        return np.zeros(0, dtype=np.uint32)
    tok = np.fromiter((zlib.crc32(t.encode("utf-8")) for t in toks), dtype=np.uint64, count=len(toks))
    k = min(words, len(toks))
    n = len(toks) - k + 1
    h = np.zeros(n, dtype=np.uint64)
    for j in range(k):
        h += tok[j: j + n] * _MIX[j]  # wraps around modulo 2**64, as meant
    h ^= h >> np.uint64(29)
    h *= _MIX[7]
    h ^= h >> np.uint64(32)
    return np.unique(h.astype(np.uint32))


class _Hasher:
    """MinHash signatures with one set of permutations (made once: making them is the slow part)."""

    def __init__(self, num_perm: int, seed: int):
        from datasketch import MinHash

        self._cls = MinHash
        self.num_perm, self.seed = num_perm, seed
        self.permutations = MinHash(num_perm=num_perm, seed=seed, scheme="affine32").permutations

    def signature(self, hashes: np.ndarray) -> np.ndarray:
        m = self._cls(num_perm=self.num_perm, seed=self.seed, hashfunc=int, permutations=self.permutations,
                      scheme="affine32")
        m.update_batch(hashes)
        return np.asarray(m.hashvalues, dtype=np.uint32)


def _band_shape(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows): the most rows per band that still makes a pair at the threshold a candidate
    with probability >= 0.99."""
    for rows in range(min(num_perm, 16), 0, -1):
        bands = num_perm // rows
        if 1 - (1 - threshold ** rows) ** bands >= 0.99:
            return bands, rows
    return num_perm, 1


class NearDupIndex:
    """Signatures of the documents seen so far; ``query`` finds the most similar one above the
    threshold. Not thread-safe (one per ``run``)."""

    def __init__(self, threshold: float = THRESHOLD, num_perm: int = NUM_PERM, shingle_words: int = SHINGLE_WORDS,
                 min_shingles: int = MIN_SHINGLES, seed: int = SEED):
        if not 0 < threshold <= 1:
            raise ValueError("threshold must be in (0, 1]")
        self.threshold = threshold
        self.num_perm = num_perm
        self.shingle_words = shingle_words
        self.min_shingles = min_shingles
        self.seed = seed
        self.bands, self.rows = _band_shape(threshold, num_perm)
        self._hasher: _Hasher | None = None
        self._ids: list[str] = []
        self._pos: dict[str, int] = {}          # doc_id -> row of the live signature
        self._sigs = np.zeros((0, num_perm), dtype=np.uint32)
        self._n = 0                             # rows used in _sigs
        self._alive = np.zeros(0, dtype=bool)
        # band keys: a sorted part (keys, rows) and a tail of recent rows not merged yet
        self._keys = np.zeros(0, dtype=np.uint64)
        self._key_rows = np.zeros(0, dtype=np.int64)
        self._tail_from = 0                     # rows >= this are in the tail
        self._tail = np.zeros((0, self.bands), dtype=np.uint64)
        self._tail_n = 0
        self._store: "Store | None" = None
        self._unsaved: dict[str, tuple[str, np.ndarray]] = {}
        # content hash <-> doc_id of the documents check_and_add took in (exact copies of a text too
        # short for a signature, or not written to the database yet)
        self._hashes: dict[str, str] = {}
        self._hash_of: dict[str, str] = {}

    # -- parameters ------------------------------------------------------------------------------
    @property
    def params(self) -> str:
        """What a stored signature must have been made with to be reused."""
        import datasketch

        version = ".".join(getattr(datasketch, "__version__", "0").split(".")[:2])
        return (f"minhash affine32 words={self.shingle_words} perm={self.num_perm} seed={self.seed} "
                f"datasketch={version}")

    def __len__(self) -> int:
        return len(self._pos)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._pos

    # -- signatures ------------------------------------------------------------------------------
    def signature(self, text: str) -> np.ndarray | None:
        """The MinHash signature of ``text``, or None when it is too short to compare."""
        hashes = shingle_hashes(text, self.shingle_words)
        if len(hashes) < self.min_shingles:
            return None
        if self._hasher is None:
            self._hasher = _Hasher(self.num_perm, self.seed)
        return self._hasher.signature(hashes)

    @staticmethod
    def similarity(a: np.ndarray, b: np.ndarray) -> float:
        """Estimated Jaccard similarity of the texts behind two signatures."""
        return float(np.count_nonzero(a == b)) / len(a)

    def _band_keys(self, sigs: np.ndarray) -> np.ndarray:
        """(n, bands) uint64 keys; the band number is mixed in so equal values in different bands differ."""
        used = sigs[:, : self.bands * self.rows].reshape(len(sigs), self.bands, self.rows).astype(np.uint64)
        keys = np.zeros((len(sigs), self.bands), dtype=np.uint64)
        for j in range(self.rows):
            keys += used[:, :, j] * _MIX[j % 7]
        keys += np.arange(self.bands, dtype=np.uint64) * _MIX[7]
        keys ^= keys >> np.uint64(31)
        return keys

    # -- adding and removing -----------------------------------------------------------------------
    def _reserve(self, n: int) -> None:
        if self._n + n <= len(self._sigs):
            return
        cap = max(64, 2 * len(self._sigs), self._n + n)
        grown = np.zeros((cap, self.num_perm), dtype=np.uint32)
        grown[: self._n] = self._sigs[: self._n]
        alive = np.zeros(cap, dtype=bool)
        alive[: self._n] = self._alive[: self._n]
        self._sigs, self._alive = grown, alive

    def add(self, doc_id: str, sig: "np.ndarray | bytes | None", content_hash: str | None = None) -> None:
        """Remember ``doc_id`` with its signature (replacing an earlier one); None is ignored.
        With ``content_hash`` (the document's), an index made by ``for_store`` saves the signature
        at the next ``save()`` once the document is stored as coded with that text."""
        self.remove(doc_id)
        sig = as_signature(sig)
        if sig is None:
            return
        if sig.shape != (self.num_perm,):
            raise ValueError(f"a signature has {self.num_perm} values, not {sig.shape}")
        self._reserve(1)
        row = self._n
        self._sigs[row] = sig
        self._alive[row] = True
        self._n += 1
        self._ids.append(doc_id)
        self._pos[doc_id] = row
        if self._tail_n == len(self._tail):
            grown = np.zeros((max(64, 2 * len(self._tail)), self.bands), dtype=np.uint64)
            grown[: self._tail_n] = self._tail[: self._tail_n]
            self._tail = grown
        self._tail[self._tail_n] = self._band_keys(sig[None, :])[0]
        self._tail_n += 1
        if self._tail_n >= _TAIL_LIMIT:
            self._merge()
        if content_hash is not None and self._store is not None:
            self._unsaved[doc_id] = (content_hash, sig)

    def add_many(self, items: Iterable[tuple[str, np.ndarray]]) -> None:
        """Add many (doc_id, signature) pairs at once (loading a database)."""
        self._merge()
        ids: list[str] = []
        sigs: list[np.ndarray] = []
        for doc_id, sig in items:
            self.remove(doc_id)
            sig = as_signature(sig)
            if sig is None:
                continue
            if sig.shape != (self.num_perm,):
                raise ValueError(f"a signature has {self.num_perm} values, not {sig.shape}")
            ids.append(doc_id)
            sigs.append(sig)
        if not ids:
            return
        if len(set(ids)) != len(ids):  # the same doc_id twice: the last signature wins
            last = {d: i for i, d in enumerate(ids)}
            keep = sorted(last.values())
            ids, sigs = [ids[i] for i in keep], [sigs[i] for i in keep]
        self._reserve(len(ids))
        start = self._n
        self._sigs[start: start + len(ids)] = np.stack(sigs)
        self._alive[start: start + len(ids)] = True
        for i, doc_id in enumerate(ids):
            self._pos[doc_id] = start + i
        self._ids.extend(ids)
        self._n += len(ids)
        self._merge(self._band_keys(self._sigs[start: self._n]))

    def remove(self, doc_id: str) -> None:
        """Forget ``doc_id`` (for example a document that failed after ``check_and_add`` took it)."""
        row = self._pos.pop(doc_id, None)
        if row is not None:
            self._alive[row] = False
        self._unsaved.pop(doc_id, None)
        h = self._hash_of.pop(doc_id, None)
        if h is not None and self._hashes.get(h) == doc_id:
            del self._hashes[h]

    def _merge(self, tail: np.ndarray | None = None) -> None:
        """Move the tail (or the given keys of the rows after it) into the sorted part."""
        if tail is None:
            if not self._tail_n:
                return
            tail = self._tail[: self._tail_n]
        rows = np.repeat(np.arange(self._tail_from, self._n, dtype=np.int64), self.bands)
        keys = np.concatenate([self._keys, tail.reshape(-1)])
        krows = np.concatenate([self._key_rows, rows])
        keep = self._alive[krows]  # drop the keys of removed rows while we are at it
        keys, krows = keys[keep], krows[keep]
        order = np.argsort(keys, kind="stable")
        self._keys, self._key_rows = keys[order], krows[order]
        self._tail_n = 0
        self._tail_from = self._n

    # -- querying --------------------------------------------------------------------------------
    def _candidates(self, sig: np.ndarray) -> np.ndarray:
        q = self._band_keys(sig[None, :])[0]
        found = []
        if len(self._keys):
            lo = np.searchsorted(self._keys, q, side="left")
            hi = np.searchsorted(self._keys, q, side="right")
            for a, b in zip(lo[hi > lo], hi[hi > lo]):
                found.append(self._key_rows[a:b])
        if self._tail_n:
            hit = np.flatnonzero((self._tail[: self._tail_n] == q).any(axis=1))
            if len(hit):
                found.append(hit + self._tail_from)
        if not found:
            return np.zeros(0, dtype=np.int64)
        rows = np.unique(np.concatenate(found))
        return rows[self._alive[rows]]

    def query(self, sig: np.ndarray | None, exclude: str | None = None) -> tuple[str, float] | None:
        """(doc_id, estimated similarity) of the most similar document at or above the threshold
        (ties: the smallest doc_id), or None. ``exclude`` leaves one document out (itself)."""
        sig = as_signature(sig)
        if sig is None or not self._pos:
            return None
        rows = self._candidates(sig)
        if not len(rows):
            return None
        sims = np.count_nonzero(self._sigs[rows] == sig, axis=1) / self.num_perm
        best: tuple[str, float] | None = None
        for row, sim in zip(rows.tolist(), sims.tolist()):
            if sim + 1e-9 < self.threshold:
                continue
            doc_id = self._ids[row]
            if doc_id == exclude:
                continue
            if best is None or sim > best[1] or (sim == best[1] and doc_id < best[0]):
                best = (doc_id, sim)
        return best

    def check_and_add(self, doc: "Document") -> str | None:
        """For ``run``: the doc_id of an indexed document that ``doc`` nearly duplicates, or None,
        in which case ``doc`` is remembered (it is about to be coded) so that later copies of it,
        in this run or a resumed one, are found. A second document with a doc_id taken in
        earlier by this method changes nothing: ``run`` stores only the first input with an id."""
        if doc.doc_id in self._hash_of:
            return None
        same = self._hashes.get(doc.content_hash)
        if same is not None and same != doc.doc_id:
            return same
        sig = self.signature(document_text(doc))
        hit = self.query(sig, exclude=doc.doc_id)
        if hit is not None:
            return hit[0]
        self.add(doc.doc_id, sig, doc.content_hash)
        self._hashes[doc.content_hash] = doc.doc_id
        self._hash_of[doc.doc_id] = doc.content_hash
        return None

    # -- the database ----------------------------------------------------------------------------
    @classmethod
    def for_store(cls, store: "Store", **kw) -> "NearDupIndex":
        """The index of the coded documents in ``store``: saved signatures that are still valid,
        and new ones for coded documents without one (saved at once)."""
        index = cls(**kw)
        index._store = store
        params = index.params
        index.add_many((doc_id, np.frombuffer(blob, dtype=np.uint32))
                       for doc_id, blob in store.near_dup_signatures(params))
        missing: list[tuple[str, str, np.ndarray]] = []

        def flush() -> None:
            index.add_many((d, sig) for d, _h, sig in missing)
            store.save_near_dup_signatures([(d, h, params, sig.tobytes()) for d, h, sig in missing])
            missing.clear()

        for doc_id, content_hash, text, segments in store.coded_documents_without_signature(params):
            sig = index.signature(_article_text(text or "", segments))
            if sig is not None:
                missing.append((doc_id, content_hash, sig))
            if len(missing) >= 5000:
                flush()
        if missing:
            flush()
        return index

    def save(self) -> int:
        """Save the signatures added (with a content hash) since the last save whose documents are
        now stored as coded (call after each ``store.write``); returns how many pending ones were
        settled. Those not stored yet stay pending; a run killed before saving loses nothing
        (``for_store`` recomputes what is missing)."""
        if self._store is None or not self._unsaved:
            return 0
        params = self.params
        rows = [(doc_id, h, params, sig.tobytes()) for doc_id, (h, sig) in self._unsaved.items()]
        settled = self._store.save_near_dup_signatures(rows)
        for doc_id in settled:  # stored: saved when coded with this text, else not needed
            self._unsaved.pop(doc_id, None)
        return len(settled)


def as_signature(sig: "np.ndarray | bytes | None") -> np.ndarray | None:
    """A signature from what ``signature_bytes`` or ``NearDupIndex.signature`` gave."""
    if sig is None:
        return None
    if isinstance(sig, (bytes, bytearray, memoryview)):
        return np.frombuffer(bytes(sig), dtype=np.uint32)
    return np.asarray(sig, dtype=np.uint32)


_DEFAULT: NearDupIndex | None = None


def signature_bytes(doc: "Document") -> bytes | None:
    """The signature of a prepared document with the default parameters, as 512 bytes (small
    to send from a worker process to the one that holds the index), or None when the document
    is not coded or too short to compare."""
    global _DEFAULT
    if doc.status != "coded" or not doc.text:
        return None
    if _DEFAULT is None:
        _DEFAULT = NearDupIndex()
    sig = _DEFAULT.signature(document_text(doc))
    return None if sig is None else sig.tobytes()


def _article_text(text: str, segments: list | None) -> str:
    """``document_text`` for a stored row (segments as dicts or tuples from the database)."""
    parts = []
    for seg in segments or []:
        kind, start, end = ((seg.get("kind"), seg.get("start"), seg.get("end")) if isinstance(seg, dict)
                            else (seg[0], seg[2], seg[3]))
        if kind == "article" and start is not None and end is not None:
            parts.append(text[start:end])
    return "\n".join(parts) if parts else text
