"""The same story twice: exact and near-duplicate articles (a wire copy saved under two names, a
re-save with a new headline), found when indexing so that an answer never repeats itself.

MinHash over word 5-shingles of each article's text (not its title: a re-save often changes only
that), 64 hashes, written here in numpy rather than taken from datasketch: it is thirty lines, its
signatures are stored in the index's document table (so only new or changed articles are hashed),
and they must stay the same across processes and versions, which crc32 and fixed seeds give.
Articles whose estimated Jaccard similarity reaches NEAR_DUPLICATE are one story; the first in
corpus order is the original, the others its duplicates.
"""
from __future__ import annotations

import re
import zlib

import numpy as np

HASHES = 64
SHINGLE_WORDS = 5
BANDS = 16  # locality-sensitive hashing: 16 bands of 4 hashes; pairs sharing a band are compared
NEAR_DUPLICATE = 0.8  # estimated Jaccard of the shingle sets
_PRIME = (1 << 61) - 1
_rng = np.random.default_rng(20261203)  # fixed: signatures are stored, so they must not change
_A = _rng.integers(1, _PRIME, HASHES, dtype=np.uint64)
_B = _rng.integers(0, _PRIME, HASHES, dtype=np.uint64)


def signature(text: str) -> str:
    """The article's MinHash signature, as hex (stored with the document)."""
    words = re.findall(r"\w+", text.lower())
    shingles = {" ".join(words[i:i + SHINGLE_WORDS]) for i in range(max(1, len(words) - SHINGLE_WORDS + 1))}
    h = np.fromiter((zlib.crc32(s.encode("utf-8")) for s in shingles), dtype=np.uint64, count=len(shingles))
    # (a*h + b) mod p in 64 bits: h < 2^32 and a < 2^61 would overflow, so a is split in halves.
    lo, hi = _A & np.uint64(0xFFFFFFFF), _A >> np.uint64(32)
    mixed = ((np.outer(h, hi) % _PRIME) * np.uint64(1 << 32) % _PRIME + np.outer(h, lo) + _B) % _PRIME
    return (mixed.min(axis=0) & np.uint64(0xFFFFFFFF)).astype(">u4").tobytes().hex()


def similarity(a: str, b: str) -> float:
    """Estimated Jaccard similarity of two articles from their signatures."""
    x = np.frombuffer(bytes.fromhex(a), dtype=">u4")
    y = np.frombuffer(bytes.fromhex(b), dtype=">u4")
    return float((x == y).mean()) if len(x) == len(y) == HASHES else 0.0


def duplicates(signatures: dict[str, str]) -> dict[str, str]:
    """doc_id -> the doc_id of the story it repeats (the first in corpus order), for the duplicates only."""
    rows = HASHES // BANDS
    buckets: dict[tuple, list[str]] = {}
    original: dict[str, str] = {}
    for doc_id, sig in signatures.items():
        if not sig or len(sig) != HASHES * 8:
            continue
        for band in range(BANDS):
            key = (band, sig[band * rows * 8:(band + 1) * rows * 8])
            for other in buckets.get(key, ()):
                first = original.get(other, other)
                if doc_id not in original and similarity(sig, signatures[first]) >= NEAR_DUPLICATE:
                    original[doc_id] = first
            buckets.setdefault(key, []).append(doc_id)
    return original
