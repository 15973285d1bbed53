"""BM25 (bm25s): built with the index, saved beside it, memory-mapped when searched."""
from __future__ import annotations

import logging
import os
from pathlib import Path


def _stemmer():
    try:
        import Stemmer

        return Stemmer.Stemmer("english")
    except ImportError:  # stemming is a nicety: BM25 works without it
        return None


_STEM = None


def stemmer():
    global _STEM
    if _STEM is None:
        _STEM = _stemmer() or False
    return _STEM or None


def _quiet():
    import bm25s

    logging.getLogger("bm25s").setLevel(logging.WARNING)
    return bm25s


def build(texts):
    """A BM25 index over texts (Lucene IDF: positive even for terms in most passages of a tiny corpus)."""
    bm25s = _quiet()
    index = bm25s.BM25(method="lucene")
    tokens = bm25s.tokenize(list(texts), stopwords="en", stemmer=stemmer(), show_progress=False)
    index.index(tokens, show_progress=False)
    return index


def save(index, folder: Path) -> None:
    """bm25s's own format (numpy arrays without pickle + JSON), every file fsynced."""
    index.save(str(folder), allow_pickle=False, show_progress=False)
    for f in folder.iterdir():
        fd = os.open(f, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def load(folder: Path):
    # mmap: the score matrix stays on disk (page cache), not in the process's own memory.
    return _quiet().BM25.load(str(folder), mmap=True, allow_pickle=False, load_vocab=True)


def terms(texts: list[str]) -> list[list[str]]:
    """Each text as BM25 terms: the tokens the local index is built from (stop words out, stems)."""
    if not texts:
        return []
    return _quiet().tokenize(list(texts), stopwords="en", stemmer=stemmer(), show_progress=False,
                             return_ids=False)


def query_tokens(query: str) -> list[str]:
    tokens = terms([query])
    return tokens[0] if tokens else []
