"""The assistant: follow-up resolution -> hybrid retrieval -> one batched read -> Reply."""
from __future__ import annotations

import logging
import os
import threading
from collections import OrderedDict
from dataclasses import replace

from . import followups, grounding
from .embed import Embedder
from .errors import BadInput
from .indexing import BuildReport, sync_index
from .milvus_store import as_location, store_location
from .reader import Reader
from .retrieve import Retriever
from .types import Reply

log = logging.getLogger("qa")
MAX_QUESTION_CHARS = 1000
MAX_K = 50  # passages per question: more only costs time
DEFAULT_K = 5  # passages retrieved per question (all shown when the answer is declined)
# The reader reads the first READ_FIRST of them, and the rest only when the best answer so far is
# unsure (calibrated score < READ_MORE_BELOW). Picked on 800 held-out SQuAD train questions
# (benchmarks/read_policy.py, results/read_policy.json "policies"): F1 71.68 reading 2.52 passages
# on average, against 71.98 reading all 5.
READ_FIRST = 2
READ_MORE_BELOW = 0.6
# Candidates from different passages are ranked by the reader's margin plus RETRIEVAL_WEIGHT times
# the passage's fused retrieval score minus the top hit's (<= 0): a look-alike paragraph that
# retrieval put well below the first must beat it clearly in the reader too. Declines still use
# the reader's own calibrated score, the one the user sees. results/read_policy.json
# "retrieval_weights": F1 71.01 at 0 (the reader alone decides), 71.68 at 12, 71.9 at 15-20.
RETRIEVAL_WEIGHT = 12.0
CACHE_SIZE = 256  # (question, k) -> passages and read spans; repeated and example questions cost nothing


class Assistant:
    def __init__(self, retriever: Retriever, reader: Reader, paths=None, index_dir="index", k: int = DEFAULT_K,
                 cache_size: int = CACHE_SIZE, allow_empty: bool = False, store: str | None = None,
                 collection: str | None = None):
        self.retriever = retriever
        self.reader = reader
        self.paths = paths
        self.index_dir = as_location(store_location(index_dir, store))  # a folder or a Milvus URI
        self.collection = collection
        self.k = k
        self.report: BuildReport | None = None
        self.allow_empty = allow_empty  # whether reindex may leave the index with no articles
        self._lock = threading.RLock()  # index updates swap the retriever; questions read it
        self._cache: OrderedDict = OrderedDict()
        self.cache_size = cache_size  # 0: off (benchmarks time every question)

    @classmethod
    def from_corpus(cls, paths="seeds", index_dir: str | os.PathLike = "index", embedder: str | None = None,
                    reader: str | os.PathLike | None = None, k: int = DEFAULT_K, progress: bool = True,
                    allow_empty: bool = False, store: str | None = None,
                    collection: str | None = None) -> "Assistant":
        """Build or update the index for paths (a folder, a file, or a list), then load both models.
        ``allow_empty``: a corpus with no articles yet is an empty index, not an error.
        ``store``: a Milvus URI (or a folder) instead of index_dir; default $QA_STORE."""
        emb = Embedder(embedder)
        report, loaded = sync_index(paths, index_dir, embedder=emb, progress=progress, allow_empty=allow_empty,
                                    store=store, collection=collection)
        for w in report.warnings:
            log.warning(w)
        self = cls(Retriever.for_store(loaded, emb), Reader.load(reader), paths, index_dir, k,
                   allow_empty=allow_empty, store=store, collection=collection)
        self.report = report
        return self

    def reindex(self, paths=None, progress: bool = False) -> BuildReport:
        """Make the index match paths (default: the corpus it was built from) and start using it.

        Questions never wait for this: the new generation is built and loaded without the
        assistant's lock (builds take the index folder's own lock), then swapped in under it."""
        report, store = sync_index(paths or self.paths, embedder=self.retriever.embedder, progress=progress,
                                   allow_empty=self.allow_empty, store=str(self.index_dir),
                                   collection=self.collection)
        fresh = None
        if report.changed or report.rebuilt_because:
            fresh = Retriever.for_store(store, self.retriever.embedder)
        with self._lock:
            if paths is not None:
                self.paths = paths
            if fresh is not None:
                self.retriever = fresh
                self._cache.clear()  # answers from the old index; also frees what they pinned
            self.report = report
        return report

    def answer_candidates(self, question: str, hits) -> list:
        """Candidate answers over hits, best first: the reader reads the first READ_FIRST hits,
        then the rest only if no answer from those reaches READ_MORE_BELOW. Scores do not depend on
        what else is read, so the two reads merge exactly."""
        first = hits[:READ_FIRST]
        found = self.reader.candidates(question, first) if first else []
        if len(hits) > len(first) and (not found or max(a.score for a in found) < READ_MORE_BELOW):
            more = self.reader.candidates(question, hits[len(first):])
            found += [replace(a, passage_index=a.passage_index + len(first)) for a in more]
        return rank(found, hits)

    def ask(self, question: str, history=(), k: int | None = None, threshold: float | None = None,
            articles=None, check_names: bool = True, person: str | None = None) -> Reply:
        """Answer question from the articles; ``history`` holds earlier (question, Reply | answer) turns;
        ``articles`` (article file names, see Retriever.article_rows) limits the search to those.
        ``check_names``: decline an answer whose article never mentions a name or number the
        question asks about (grounding.py); off only to measure what that check changes.
        When it is unsure who "he"/"she" means, nothing is searched: ``Reply.clarify`` lists who it
        might be, and the same question asked again with ``person`` (the user's pick) is answered."""
        if not isinstance(question, str) or not question.strip():
            raise BadInput("Please type a question.")
        if len(question) > MAX_QUESTION_CHARS:
            raise BadInput(f"That question is too long ({len(question)} characters; at most {MAX_QUESTION_CHARS}).")
        if k is not None and (not isinstance(k, int) or not 1 <= k <= MAX_K):
            raise BadInput(f"k must be a whole number from 1 to {MAX_K}.")
        resolution = followups.resolve_turn(question, history, person=person)
        if resolution.choices:
            return Reply(question=resolution.question, answer=None, original_question=question.strip(),
                         clarify=resolution.choices)
        interpreted = resolution.question
        with self._lock:
            retriever = self.retriever
        # reindex() clears the cache when it swaps the retriever; its id guards a swap made by hand.
        scope = tuple(sorted(articles)) if articles else ()
        key = (interpreted, k or self.k, scope, id(retriever))
        with self._lock:
            cached = self._cache.get(key) if self.cache_size else None
            if cached is not None:
                self._cache.move_to_end(key)
        if cached is None:
            hits = retriever.search(interpreted, k or self.k, articles=scope or None)
            found = self.answer_candidates(interpreted, hits)
            with self._lock:
                self._cache[key] = cached = (hits, found)
                while len(self._cache) > self.cache_size:
                    self._cache.popitem(last=False)
        hits, found = cached
        limit = self.reader.threshold if threshold is None else threshold
        good = [a for a in found if a.score >= limit]
        # Other candidates: the best span of each other passage that clears the bar.
        others, seen = [], set()
        for a in good[1:]:
            if a.passage_index != good[0].passage_index and a.passage_index not in seen:
                seen.add(a.passage_index)
                others.append(a)
        reply = Reply(question=interpreted, answer=good[0] if good else None, hits=hits,
                      candidates=others[:3], original_question=question.strip())
        if reply.answer is not None and check_names:
            missing = grounding.unmentioned(interpreted, retriever.article_text(reply.answer.hit.doc_id))
            if missing:
                reply.unmentioned, reply.closest, reply.answer = missing, reply.answer, None
        return reply


def rank(found: list, hits, weight: float = RETRIEVAL_WEIGHT) -> list:
    """Candidates best first by reader margin + weight * (their hit's fused score - the top hit's)."""
    if not hits:
        return sorted(found, key=lambda a: -a.margin)
    top = hits[0].score
    return sorted(found, key=lambda a: -(a.margin + weight * (hits[a.passage_index].score - top)))
