"""Hybrid retrieval: dense (FAISS) top-k and BM25 (bm25s) top-k, fused by reciprocal rank."""
from __future__ import annotations

import os

import numpy as np

from .embed import Embedder
from .errors import BadInput, QAError
from .store import Store
from .types import Hit

RRF_K = 60  # the usual reciprocal-rank-fusion constant (Cormack et al., 2009)


class Retriever:
    def __init__(self, store: Store, embedder: Embedder | None = None):
        self.store = store
        self.embedder = embedder or Embedder(store.embedder_name if os.path.isdir(store.embedder_name) else None)
        if self.embedder.name != store.embedder_name:
            raise QAError(f"The index in {store.dir}/ was built with embedder {store.embedder_name!r} but "
                          f"{self.embedder.name!r} is configured; rebuild it (python -m qa index PATH...) "
                          "or set QA_EMBEDDER to match.")
        self._bm25 = None

    @classmethod
    def load(cls, index_dir: str | os.PathLike = "index", embedder: Embedder | None = None) -> "Retriever":
        return cls(Store.load(index_dir), embedder)

    def __len__(self) -> int:
        return len(self.store.paragraphs)

    @property
    def bm25(self):
        # Saved with the index (memory-mapped); indexes written before that get one built in memory.
        if self._bm25 is None:
            from . import lexical

            folder = self.store.bm25_dir
            if folder is not None:
                self._bm25 = lexical.load(folder)
            else:
                texts = self.store.paragraphs.texts() if hasattr(self.store.paragraphs, "texts") else \
                    (p.text for p in self.store.paragraphs)
                self._bm25 = lexical.build(texts)
        return self._bm25

    def dense(self, query: str, k: int) -> list[tuple[int, float]]:
        q = self.embedder.encode([query])
        scores, rows = self.store.index.search(q, min(k, len(self)))
        return [(int(r), float(s)) for r, s in zip(rows[0], scores[0]) if r >= 0]

    def sparse(self, query: str, k: int) -> list[tuple[int, float]]:
        from . import lexical

        tokens = lexical.query_tokens(query)
        if not tokens:
            return []
        rows, scores = self.bm25.retrieve([tokens], k=min(k, len(self)), show_progress=False)
        return [(int(r), float(s)) for r, s in zip(rows[0], scores[0]) if s > 0]

    def search(self, query: str, k: int = 5, candidates: int | None = None) -> list[Hit]:
        """The k best paragraphs for query, best first."""
        if not isinstance(query, str) or not query.strip():
            raise BadInput("The query is empty.")
        if k < 1 or not len(self):
            return []
        depth = candidates or max(4 * k, 20)
        dense, sparse = self.dense(query, depth), self.sparse(query, depth)
        fused: dict[int, float] = {}
        for ranking in (dense, sparse):
            for rank, (row, _) in enumerate(ranking):
                fused[row] = fused.get(row, 0.0) + 1.0 / (RRF_K + rank + 1)
        dense_rank = {row: r + 1 for r, (row, _) in enumerate(dense)}
        sparse_rank = {row: r + 1 for r, (row, _) in enumerate(sparse)}
        best = sorted(fused, key=lambda r: (-fused[r], dense_rank.get(r, 1e9)))[:k]
        docs = self.store.documents
        out = []
        for row in best:
            p = self.store.paragraphs[row]
            out.append(Hit(text=p.text, score=round(fused[row], 6), doc_id=p.doc_id, title=p.title,
                           paragraph_id=p.id, start=p.start, end=p.end,
                           source=docs.get(p.doc_id, {}).get("source", ""),
                           dense_rank=dense_rank.get(row), bm25_rank=sparse_rank.get(row)))
        return out
