"""Hybrid retrieval: dense (FAISS) and BM25 (bm25s) candidates, fused by a weighted sum of their scores.

Score fusion beats reciprocal-rank fusion on SQuAD (weights picked on train questions, see
benchmarks/RESULTS.md; on all dev questions, results/fusion_dev.json "rules": recall@1 80.5 vs 73.8
and recall@5 95.4 vs 93.5 for RRF k=60). RRF throws away how far ahead the best BM25 hit is, which
on questions that reuse the passage's words is the strongest signal there is.
"""
from __future__ import annotations

import os
import threading
from collections import OrderedDict

from .embed import Embedder
from .errors import BadInput, QAError
from .settings import DEFAULT_K
from .stores import Store, open_store
from .stores.base import embedder_mismatch
from .types import Hit, Paragraph

DENSE_WEIGHT = 0.7  # score = 0.7 * cosine + 0.3 * BM25 / best BM25 of this query
# Paragraphs each search method returns (the search depth): DEPTH_PER_K * k, at least MIN_DEPTH (40:
# the depth the fusion weights were picked at, benchmarks/RESULTS.md session 3); the multiplier keeps
# the depth per answer for large k.
MIN_DEPTH = 40
DEPTH_PER_K = 8
# What a follow-up's topic article adds to its paragraphs' fused score (0.7 cosine + 0.3 BM25 share;
# the top hits of a question score about 0.7-0.8): enough for the conversation's article to beat a
# sister article of another day that says the same thing with other figures. On the news dev chats
# (benchmarks/news.py, session 16) turns right were 70/74/74/75/75 of 80 at 0.05/0.1/0.15/0.2/0.3.
PREFER_BONUS = 0.2


class Retriever:
    """Hybrid search over any Store (stores/): the store runs its dense and lexical searches, and
    the two ranked lists are fused here by one rule, whatever the backend."""

    def __init__(self, store: Store, embedder: Embedder | None = None):
        self.store = store
        info = store.describe()
        recorded = info.embedder_name
        self.embedder = embedder or Embedder(recorded if recorded and os.path.isdir(recorded) else None)
        why = embedder_mismatch(info.embedder, self.embedder, queries_only=True)
        if why:
            raise QAError(f"The index in {info.location} cannot be searched: {why}. Rebuild it "
                          "(qa index PATH...) or set QA_EMBEDDER to match.")
        self._article_texts: OrderedDict = OrderedDict()
        self._texts_lock = threading.Lock()
        self._pool = None

    @classmethod
    def load(cls, index_dir: str | os.PathLike = "index", embedder: Embedder | None = None, store: str | None = None,
             collection: str | None = None, settings=None) -> "Retriever":
        """The index in index_dir, or in ``store`` (a folder or a Milvus URI; default: the store setting)."""
        from .settings import current

        settings = settings or current()
        return cls(open_store(settings.store_location(index_dir, store), settings, collection), embedder)

    def __len__(self) -> int:
        return len(self.store)

    @property
    def documents(self):
        """doc_id -> {title, source, date, hash, paragraphs} of every indexed article, in corpus order."""
        return self.store.documents

    def article_paragraphs(self, doc_id: str) -> list[Paragraph]:
        """One indexed article's paragraphs in reading order ([] when it is not indexed)."""
        return self.store.article_paragraphs(doc_id)

    ARTICLE_TEXTS_KEPT = 256  # the most recently asked-about articles' texts stay in memory

    def article_text(self, doc_id: str) -> str:
        """All paragraphs of one indexed article, joined (the last few kept, by content hash: another
        server may have replaced the article in a shared store)."""
        key = (doc_id, self.store.documents.get(doc_id, {}).get("hash"))
        with self._texts_lock:
            text = self._article_texts.pop(key, None)
        if text is None:
            text = "\n\n".join(p.text for p in self.article_paragraphs(doc_id))
        with self._texts_lock:
            self._article_texts[key] = text  # most recent last
            while len(self._article_texts) > self.ARTICLE_TEXTS_KEPT:
                self._article_texts.popitem(last=False)
        return text

    def article_context(self, doc_id: str) -> str:
        """What an article says, for checking a question against it: its title and its date (as ISO and
        in words, weekday too: "2022-01-12, Wednesday, January 12 2022") before its text, so that a day
        the question names is found in the article of that day."""
        meta = self.store.documents.get(doc_id, {})
        day = meta.get("date", "")
        words = ""
        if day:
            from datetime import date

            d = date.fromisoformat(day)
            words = f"{day}, {d.strftime('%A')}, {d.strftime('%B')} {d.day} {d.year}"
        return "\n\n".join(x for x in (meta.get("title", ""), words, self.article_text(doc_id)) if x)

    def ranked_lists(self, query: str, depth: int, articles=None, since: str = "", until: str = ""):
        """(dense [(key, cosine)], lexical [(key, BM25)]) for one query, each best first."""
        from . import lexical

        scope = self.store.scope(articles, since, until)  # an unknown name is an error on every backend
        vector = self.embedder.encode([query])[0]
        terms = lexical.query_tokens(query)
        if self.store.backend == "local":
            return self.store.dense_search(vector, depth, scope), self.store.lexical_search(terms, depth, scope)
        if self._pool is None:  # a server: both searches at once, each a round trip
            from concurrent.futures import ThreadPoolExecutor

            self._pool = ThreadPoolExecutor(2, thread_name_prefix="qa-search")
        dense = self._pool.submit(self.store.dense_search, vector, depth, scope)
        lexical_hits = self.store.lexical_search(terms, depth, scope)
        return dense.result(), lexical_hits

    def search(self, query: str, k: int = DEFAULT_K, depth: int | None = None, articles=None,
               since=None, until=None, prefer=()) -> list[Hit]:
        """The k best paragraphs for query, best first; only from the named articles when
        ``articles`` is given (article files as the corpus names them, or document ids), and only from
        articles dated within [since, until] when either is given (ISO dates; undated articles out).
        ``prefer``: document ids a conversation is about, whose paragraphs rank PREFER_BONUS higher
        (a follow-up's topic: a nudge, not a filter)."""
        from .dates import bound

        if not isinstance(query, str) or not query.strip():
            raise BadInput("The query is empty.")
        since, until = bound(since, "since"), bound(until, "until")
        self.store.refresh()  # another server's changes to a shared store are seen by this question
        if k < 1 or not len(self.store):
            return []
        depth = depth or max(DEPTH_PER_K * k, MIN_DEPTH)
        dense, lexical_hits = self.ranked_lists(query, depth, articles, since, until)
        fused = fuse(dense, lexical_hits)
        paragraphs = {}  # key -> Paragraph, fetched once
        if prefer:
            paragraphs = self.store.paragraphs(list(fused))
            fused = {key: s + PREFER_BONUS * (key in paragraphs and paragraphs[key].doc_id in prefer)
                     for key, s in fused.items()}
        dense_rank = {key: r + 1 for r, (key, _) in enumerate(dense)}
        lexical_rank = {key: r + 1 for r, (key, _) in enumerate(lexical_hits)}
        ranked = sorted(fused, key=lambda key: (-fused[key], dense_rank.get(key, 1e9)))
        docs = self.store.documents
        best, told = [], set()
        # One story once: a paragraph repeated by a duplicate article (the same wire copy under another
        # name) is left out, so the reader never gives the same answer twice.
        for start in range(0, len(ranked), 2 * k):
            window = ranked[start:start + 2 * k]
            missing = [key for key in window if key not in paragraphs]
            if missing:
                paragraphs.update(self.store.paragraphs(missing))
            for key in window:
                p = paragraphs.get(key)
                if p is None:
                    continue
                story = docs.get(p.doc_id, {}).get("duplicate_of") or p.doc_id
                said = (story, " ".join(p.text.split()).lower())
                if said in told:
                    continue
                told.add(said)
                best.append(key)
                if len(best) == k:
                    break
            if len(best) == k:
                break
        hits = []
        for key in best:
            p = self._as_original(paragraphs[key], docs)
            meta = docs.get(p.doc_id, {})
            hits.append(Hit(paragraph=p, score=round(fused[key], 6), source=meta.get("source", ""),
                            dense_rank=dense_rank.get(key), bm25_rank=lexical_rank.get(key), date=meta.get("date", "")))
        return hits

    def _as_original(self, paragraph: Paragraph, docs) -> Paragraph:
        """A duplicate article's paragraph as its original's (the same text), so that a story is cited
        by the first copy in the corpus, whichever copy retrieval ranked first."""
        original = docs.get(paragraph.doc_id, {}).get("duplicate_of")
        if not original:
            return paragraph
        said = " ".join(paragraph.text.split())
        return next((p for p in self.article_paragraphs(original) if " ".join(p.text.split()) == said), paragraph)


def fuse(dense: list[tuple], sparse: list[tuple], dense_weight: float = DENSE_WEIGHT) -> dict:
    """key -> weighted sum of its cosine and its BM25 score relative to the query's best BM25 hit.

    A row that only one retriever returned gets the other's floor: the lowest cosine in the dense
    candidates (its own is at most that), or 0 for BM25.
    """
    cos = dict(dense)
    floor = min(cos.values(), default=0.0)
    top = max((s for _, s in sparse), default=0.0)
    lex = {row: s / top for row, s in sparse} if top > 0 else {}
    return {row: dense_weight * cos.get(row, floor) + (1 - dense_weight) * lex.get(row, 0.0)
            for row in cos.keys() | lex.keys()}
