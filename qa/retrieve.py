"""Hybrid retrieval: dense (FAISS) and BM25 (bm25s) candidates, fused by a weighted sum of their scores.

Score fusion beats reciprocal-rank fusion on SQuAD (weights picked on train questions, see
benchmarks/RESULTS.md; on all dev questions, results/fusion_dev.json "rules": recall@1 80.5 vs 73.8
and recall@5 95.4 vs 93.5 for RRF k=60). RRF throws away how far ahead the best BM25 hit is, which
on questions that reuse the passage's words is the strongest signal there is.
"""
from __future__ import annotations

import os

import numpy as np

from .embed import Embedder
from .errors import BadInput, QAError
from .milvus_store import collection_name, is_milvus_uri, store_location
from .store import Store
from .types import Hit, Paragraph, article_file

DENSE_WEIGHT = 0.7  # score = 0.7 * cosine + 0.3 * BM25 / best BM25 of this query
# Candidates per retriever: CANDIDATES_PER_K * k, at least MIN_CANDIDATES (40: the depth the fusion
# weights were picked at, benchmarks/RESULTS.md session 3); the multiplier keeps the depth per
# answer for large k.
MIN_CANDIDATES = 40
CANDIDATES_PER_K = 8


class Retriever:
    """Search over the local store (FAISS + bm25s); MilvusRetriever does the same over Milvus."""

    def __init__(self, store: Store, embedder: Embedder | None = None):
        self.store = store
        self.embedder = embedder or Embedder(store.embedder_name if os.path.isdir(store.embedder_name) else None)
        if self.embedder.name != store.embedder_name:
            raise QAError(f"The index in {store.location} was built with embedder {store.embedder_name!r} but "
                          f"{self.embedder.name!r} is configured; rebuild it (python -m qa index PATH...) "
                          "or set QA_EMBEDDER to match.")
        self._bm25 = None
        self._article_texts: dict[str, str] = {}
        self._name_rows: dict[str, list[range]] | None = None

    @classmethod
    def load(cls, index_dir: str | os.PathLike = "index", embedder: Embedder | None = None, store: str | None = None,
             collection: str | None = None) -> "Retriever":
        """The index in index_dir, or in ``store`` (a folder or a Milvus URI; default $QA_STORE)."""
        location = store_location(index_dir, store)
        if is_milvus_uri(location):
            from .milvus_store import MilvusStore

            return MilvusRetriever(MilvusStore.load(location, collection_name(collection)), embedder)
        return cls(Store.load(location), embedder)

    @staticmethod
    def for_store(store, embedder: Embedder | None = None) -> "Retriever":
        """The retriever for a loaded store of either kind."""
        return (MilvusRetriever if store.kind == "milvus" else Retriever)(store, embedder)

    def __len__(self) -> int:
        return len(self.store.paragraphs)

    @property
    def bm25(self):
        """Saved with the index and memory-mapped; None for an index of no paragraphs."""
        if self._bm25 is None and self.store.bm25_dir is not None:
            from . import lexical

            self._bm25 = lexical.load(self.store.bm25_dir)
        return self._bm25

    def article_rows(self, articles) -> np.ndarray:
        """Rows of the paragraphs of the named articles: each name an article's file as the corpus
        names it ("a.md", "news.jsonl" for all its records) or a document id ("news.jsonl#3")."""
        if self._name_rows is None:  # once per index: documents lie in row order, each a run of rows
            self._name_rows, row = {}, 0
            for doc_id, meta in self.store.documents.items():
                rows = range(row, row + meta["paragraphs"])
                for name in {doc_id, article_file(doc_id)}:
                    self._name_rows.setdefault(name, []).append(rows)
                row += meta["paragraphs"]
        wanted = set(articles)
        missing = wanted - self._name_rows.keys()
        if missing:
            raise BadInput(f"No article named {', '.join(sorted(missing))} in the index.")
        runs = {r for name in wanted for r in self._name_rows[name]}  # a record named twice counts once
        rows = [np.arange(r.start, r.stop) for r in sorted(runs, key=lambda r: r.start)]
        return np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)

    def article_paragraphs(self, doc_id: str) -> list[Paragraph]:
        """One indexed article's paragraphs in reading order ([] when it is not indexed)."""
        if doc_id not in self.store.documents:
            return []
        return [self.store.paragraphs[int(r)] for r in self.article_rows([doc_id])]

    ARTICLE_TEXTS_KEPT = 256  # the most recently asked-about articles' texts stay in memory

    def article_text(self, doc_id: str) -> str:
        """All paragraphs of one indexed article, joined (the last few kept)."""
        text = self._article_texts.pop(doc_id, None)
        if text is None:
            text = "\n\n".join(p.text for p in self.article_paragraphs(doc_id))
        self._article_texts[doc_id] = text  # most recent last
        while len(self._article_texts) > self.ARTICLE_TEXTS_KEPT:
            self._article_texts.pop(next(iter(self._article_texts)))
        return text

    def dense(self, query: str, k: int, rows: np.ndarray | None = None) -> list[tuple[int, float]]:
        import faiss

        q = self.embedder.encode([query])
        params = None
        if rows is not None:  # only these rows: FAISS skips the others while it scans
            selector = faiss.IDSelectorBatch(np.ascontiguousarray(rows, dtype=np.int64))
            params = (faiss.SearchParametersIVF(sel=selector, nprobe=self.store.index.nprobe)
                      if hasattr(self.store.index, "nprobe") else faiss.SearchParameters(sel=selector))
        scores, found = self.store.index.search(q, min(k, len(self)), params=params)
        return [(int(r), float(s)) for r, s in zip(found[0], scores[0]) if r >= 0]

    def sparse(self, query: str, k: int, rows: np.ndarray | None = None) -> list[tuple[int, float]]:
        from . import lexical

        tokens = lexical.query_tokens(query)
        if not tokens or self.bm25 is None:
            return []
        mask = None
        if rows is not None:
            mask = np.zeros(len(self), dtype=np.float32)
            mask[rows] = 1.0
        found, scores = self.bm25.retrieve([tokens], k=min(k, len(self)), show_progress=False, weight_mask=mask)
        return [(int(r), float(s)) for r, s in zip(found[0], scores[0]) if s > 0]

    def search(self, query: str, k: int = 5, candidates: int | None = None, articles=None) -> list[Hit]:
        """The k best paragraphs for query, best first; only from the named articles when
        ``articles`` is given (see article_rows)."""
        if not isinstance(query, str) or not query.strip():
            raise BadInput("The query is empty.")
        if k < 1 or not len(self):
            return []
        depth = candidates or max(CANDIDATES_PER_K * k, MIN_CANDIDATES)
        dense, sparse, paragraphs = self.candidates(query, depth, articles)
        fused = fuse(dense, sparse)
        dense_rank = {row: r + 1 for r, (row, _) in enumerate(dense)}
        sparse_rank = {row: r + 1 for r, (row, _) in enumerate(sparse)}
        best = sorted(fused, key=lambda r: (-fused[r], dense_rank.get(r, 1e9)))[:k]
        docs = self.store.documents
        out = []
        for row in best:
            p = paragraphs[row]
            out.append(Hit(paragraph=p, score=round(fused[row], 6), source=docs.get(p.doc_id, {}).get("source", ""),
                           dense_rank=dense_rank.get(row), bm25_rank=sparse_rank.get(row)))
        return out

    def candidates(self, query: str, depth: int, articles=None):
        """(dense [(row, cosine)], BM25 [(row, score)], rows -> Paragraph) for one query."""
        rows = self.article_rows(articles) if articles else None
        if rows is not None and not len(rows):
            return [], [], self.store.paragraphs
        return self.dense(query, depth, rows), self.sparse(query, depth, rows), self.store.paragraphs


class MilvusRetriever(Retriever):
    """The same search over a Milvus collection: the store runs both searches on the server (dense
    and BM25, filtered to the chosen articles) and the candidates are fused here, by the same rule
    as the local store's (see fuse; benchmarks/milvus.py compares it with Milvus's own rankers)."""

    def __len__(self) -> int:
        return self.store.paragraph_count

    def article_rows(self, articles):
        missing = set(articles) - self.store.names
        if missing:
            raise BadInput(f"No article named {', '.join(sorted(missing))} in the index.")
        return sorted(set(articles))

    def article_paragraphs(self, doc_id: str) -> list[Paragraph]:
        return self.store.article_paragraphs(doc_id)

    def article_text(self, doc_id: str) -> str:
        # Not kept: another server may have replaced the article since (the store's version check).
        return "\n\n".join(p.text for p in self.article_paragraphs(doc_id))

    def candidates(self, query: str, depth: int, articles=None):
        from . import lexical

        self.store.refresh()  # one primary-key read: another server's changes are seen by this question
        if articles:
            self.article_rows(articles)  # an unknown name is an error, as in the local store
        vector = self.embedder.encode([query])[0]
        return self.store.candidates(vector, " ".join(lexical.query_tokens(query)), depth, articles)


def fuse(dense: list[tuple[int, float]], sparse: list[tuple[int, float]],
         dense_weight: float = DENSE_WEIGHT) -> dict[int, float]:
    """row -> weighted sum of its cosine and its BM25 score relative to the query's best BM25 hit.

    A row that only one retriever returned gets the other's floor: the lowest cosine in the dense
    candidates (its own is at most that), or 0 for BM25.
    """
    cos = dict(dense)
    floor = min(cos.values(), default=0.0)
    top = max((s for _, s in sparse), default=0.0)
    lex = {row: s / top for row, s in sparse} if top > 0 else {}
    return {row: dense_weight * cos.get(row, floor) + (1 - dense_weight) * lex.get(row, 0.0)
            for row in cos.keys() | lex.keys()}
