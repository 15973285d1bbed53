"""The assistant: follow-up resolution -> hybrid retrieval -> one batched read -> the verdict -> Reply.

It is also the service surface the faces call (chat, JSON API, CLI): ask, search, the article list,
one article's paragraphs, what the store is; none of them reaches past it into the retriever or store."""
from __future__ import annotations

import logging
import os
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, replace

from . import followups, judge, values
from .paraphrase import paraphrase
from .embed import Embedder
from .errors import BadInput, QAError
from .indexing import BuildReport, sync_index
from .reader import Reader
from .retrieve import Retriever
from .settings import DEFAULT_K, MAX_K, MAX_QUESTION_CHARS, Settings, current
from .stores import StoreInfo, as_location
from .types import Article, Hit, Paragraph, Reply, article_file

# Invisible characters (zero-width space, word joiner, soft hyphen, bidi controls), taken out of a question
# before it is read; the zero-width joiner and non-joiner stay (Persian, Indic scripts, emoji need them).
_INVISIBLE = re.compile("[\u00ad\u200b\u200e\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
log = logging.getLogger("qa")
# The reader reads the first READ_FIRST of them, and the rest only when the best answer so far is
# unsure (calibrated score < READ_MORE_BELOW). Picked on 800 held-out SQuAD train questions
# (benchmarks/read_policy.py, results/read_policy.json "policies"): F1 71.68 reading 2.52 passages
# on average, against 71.98 reading all 5.
READ_FIRST = 2
READ_MORE_BELOW = 0.6
# Spans from different passages are ranked by the reader's margin plus RETRIEVAL_WEIGHT times
# the passage's fused retrieval score minus the top hit's (<= 0): a look-alike paragraph that
# retrieval put well below the first must beat it clearly in the reader too. Declines still use
# the reader's own calibrated score, the one the user sees. results/read_policy.json
# "retrieval_weights": F1 71.01 at 0 (the reader alone decides), 71.68 at 12, 71.9 at 15-20.
RETRIEVAL_WEIGHT = 12.0
LATEST_DEPTH = 3  # a latest/as-of question reads 3x the passages (at most MAX_K)
CACHE_SIZE = 256  # (question, k) -> passages and read spans; repeated and example questions cost nothing


def _checked_question(question, k) -> str:
    """The question as asked, without the invisible controls that hide a word; BadInput for an
    empty or overlong question or a k out of range."""
    if not isinstance(question, str) or not question.strip():
        raise BadInput("Please type a question.")
    question = _INVISIBLE.sub("", question)  # zero-width and bidi controls inside a word hide it
    if not question.strip():
        raise BadInput("Please type a question.")
    if len(question) > MAX_QUESTION_CHARS:
        raise BadInput(f"That question is too long ({len(question)} characters; at most {MAX_QUESTION_CHARS}).")
    if k is not None and (not isinstance(k, int) or not 1 <= k <= MAX_K):
        raise BadInput(f"k must be a whole number from 1 to {MAX_K}.")
    return question


def _conversation_article(question: str, resolved: str, history) -> tuple[tuple, str]:
    """(prefer, base_date): a follow-up prefers the article the conversation was answered from (a
    nudge, not a filter), when it was rewritten from the conversation or names no date or name new to
    it; and "later this year", "last week" count from that article's date, not the newest article's."""
    if not history or (resolved == " ".join(question.split()) and not followups.continues(resolved, history)):
        return (), ""
    last = list(history)[-1][1]
    shown = getattr(last, "answer", None) or getattr(last, "closest", None)
    if getattr(shown, "hit", None) is None:
        return (), ""
    return (shown.hit.doc_id,), shown.hit.date or ""


def _filter_named(named) -> dict | None:
    """The date filter a date the question names becomes (dates.question_dates), as the reply says it."""
    if not named:
        return None
    date_filter = {"since": named.since, "until": named.until, "phrase": named.phrase,
                   "relative_to": named.relative_to, "applied": True}
    if named.as_of:
        date_filter["as_of"] = True
    if named.day:
        date_filter["day"] = True
    if named.named_day:
        date_filter["named_day"] = named.named_day
    if named.kept:
        date_filter["kept"] = True
    return date_filter


def plain_history(history) -> list:
    """History as (question, Reply | answer text | None) turns, whatever form a face was given it in:
    a Reply, the answer's text, the JSON API's own reply ({"question", "answer": "...", ...}), an
    answer object ({"text", ...}), or a {"question", "answer"} turn."""
    out = []
    for item in history or ():
        if isinstance(item, dict):
            item = (item.get("question") or "", item)
        question, reply = item
        if isinstance(reply, dict):
            answer = reply.get("answer", reply)
            text = answer.get("text") if isinstance(answer, dict) else answer
            reply = text if isinstance(text, str) else None
            question = item[1].get("question") or question if isinstance(item[1], dict) else question
        out.append((question, reply))
    return out


class Assistant:
    def __init__(self, retriever: Retriever, reader: Reader, paths=None, index_dir="index", k: int = DEFAULT_K,
                 cache_size: int = CACHE_SIZE, allow_empty: bool = False, store: str | None = None,
                 collection: str | None = None, settings: Settings | None = None,
                 read_first: int = READ_FIRST, read_more_below: float = READ_MORE_BELOW):
        self.retriever = retriever
        self.reader = reader
        self.paths = paths
        self.settings = settings or current()
        self.index_dir = as_location(self.settings.store_location(index_dir, store))  # a folder or a server URI
        self.collection = collection
        # The read policy (benchmarks pass their own instead of patching the module's constants).
        self.read_first, self.read_more_below = read_first, read_more_below
        self.k = k
        self.report: BuildReport | None = None
        self.allow_empty = allow_empty  # whether reindex may leave the index with no articles
        self._lock = threading.RLock()  # index updates swap the retriever; questions read it
        self._cache: OrderedDict = OrderedDict()
        self._newest: tuple = (None, "")  # (retriever, its newest article's date)
        self.cache_size = cache_size  # 0: off (benchmarks time every question)
        # The decision fitted for this reader (qa_reader.json's "judge", `python -m qa_lab fit-judge`);
        # None: the reader's threshold and the name check decide (judge.decide).
        self.policy = judge.Policy.from_meta(getattr(reader, "meta", {}).get("judge"))

    @classmethod
    def from_corpus(cls, paths="seeds", index_dir: str | os.PathLike = "index", embedder: str | None = None,
                    reader: str | os.PathLike | None = None, k: int | None = None, progress: bool = True,
                    allow_empty: bool = False, store: str | None = None,
                    collection: str | None = None, settings: Settings | None = None) -> "Assistant":
        """Build or update the index for paths (a folder, a file, or a list), then load both models.
        ``allow_empty``: a corpus with no articles yet is an empty index, not an error.
        ``store``: a Milvus URI (or a folder) instead of index_dir; default: the store setting (QA_STORE)."""
        settings = settings or current()
        emb = Embedder(embedder)
        report, loaded = sync_index(paths, index_dir, embedder=emb, progress=progress, allow_empty=allow_empty,
                                    store=store, collection=collection, settings=settings)
        for w in report.warnings:
            log.warning(w)
        self = cls(Retriever(loaded, emb), Reader.load(reader), paths, index_dir, k or settings.k,
                   allow_empty=allow_empty, store=store, collection=collection, settings=settings)
        self.report = report
        return self

    def reindex(self, paths=None, progress: bool = False) -> BuildReport:
        """Make the index match paths (default: the corpus it was built from) and start using it.

        Questions never wait for this: the new generation is built and loaded without the
        assistant's lock (builds take the index folder's own lock), then swapped in under it."""
        report, store = sync_index(paths or self.paths, embedder=self.retriever.embedder, progress=progress,
                                   allow_empty=self.allow_empty, store=str(self.index_dir),
                                   collection=self.collection, settings=self.settings)
        fresh = None
        if report.changed or report.rebuilt_because:
            fresh = Retriever(store, self.retriever.embedder)
        with self._lock:
            if paths is not None:
                self.paths = paths
            if fresh is not None:
                self.retriever = fresh
                self._cache.clear()  # answers from the old index; also frees what they pinned
            self.report = report
        return report

    def read_spans(self, question: str, hits, read_all: bool = False) -> list:
        """The reader's spans over hits, ranked best first: it reads the first ``read_first`` hits,
        then the rest only if no span from those reaches ``read_more_below`` (``read_all``: every hit,
        for a question whose answer depends on which article is newest). Scores do not depend on
        what else is read, so the two reads merge exactly."""
        first = hits if read_all else hits[:self.read_first]
        regions = judge.asks_level(question)  # the level is often not among a window's best variants
        found = self.reader.spans(question, first, regions=regions) if first else []
        if len(hits) > len(first) and (not found or max(a.score for a in found) < self.read_more_below):
            more = self.reader.spans(question, hits[len(first):], regions=regions)
            found += [replace(a, passage_index=a.passage_index + len(first)) for a in more]
        return rank(found, hits)

    def ask(self, question: str, history=(), k: int | None = None, threshold: float | None = None,
            articles=None, check_names: bool = True, person: str | None = None, since=None, until=None,
            date_phrases: bool = True) -> Reply:
        """Answer question from the articles; ``history`` holds earlier (question, Reply | answer) turns;
        ``articles`` (article file names, see Retriever.article_rows) limits the search to those.
        ``check_names``: decline an answer whose article never mentions a name or number the
        question asks about (grounding.py); off only to measure what that check changes.
        When it is unsure who "he"/"she" means, nothing is searched: ``Reply.clarify`` lists who it
        might be, and the same question asked again with ``person`` (the user's pick) is answered.
        ``since``/``until``: only articles dated within (ISO dates, "2005-01-15"; a month or a year too).
        ``date_phrases``: a date the question names ("in March 2005", "last week": counted from the
        newest article's date) becomes the same filter, said in ``Reply.date_filter``; when it leaves
        nothing to read, all articles are searched and the reply says so. A question asking for the
        latest value reads every passage and answers from the newest article that answers it, the
        earlier ones listed with their dates (``Reply.dated_answers``)."""
        from .dates import bound

        question = _checked_question(question, k)
        since, until = bound(since, "since"), bound(until, "until")
        history = plain_history(history)
        resolution = followups.resolve_turn(question, history, person=person)
        if resolution.choices:
            return Reply(question=resolution.question, answer=None, original_question=question.strip(),
                         clarify=resolution.choices)
        prefer, base_date = _conversation_article(question, resolution.question, history)
        asked = dict(k=k, threshold=threshold, articles=articles, since=since, until=until,
                     date_phrases=date_phrases, prefer=prefer, base_date=base_date, check_names=check_names)
        r, verdict = self._read_and_decide(resolution.question, **asked)
        interpreted = r.interpreted
        other_words = paraphrase(resolution.question) if verdict.answer is None else None
        if other_words:
            # "Who dissented?" unanswered: read again in the words a vote's record uses ("Voting against
            # was ..."). The question stays as the user asked it; the passage shown says the rest.
            r2, verdict2 = self._read_and_decide(other_words, **asked)
            if verdict2.answer is not None:
                r, verdict = r2, verdict2
        return Reply(question=interpreted, answer=verdict.answer, hits=r.hits, alternatives=verdict.alternatives,
                     original_question=question.strip(), unmentioned=verdict.unmentioned, closest=verdict.closest,
                     date_filter=r.date_filter, dated_answers=verdict.dated_answers,
                     disagreeing=[] if verdict.dated_answers else judge.disagreeing(verdict.answer, verdict.alternatives),
                     threshold=verdict.threshold)

    def _read_and_decide(self, asked: str, k, threshold, articles, since, until, date_phrases, prefer, base_date,
                         check_names) -> tuple["Reading", "judge.Verdict"]:
        """The reading of a resolved question and the verdict on it: the fitted decision (for a latest
        value, the newest article whose span it answers; the reader's threshold when one is set or no
        policy is shipped), then, for the latest value of a kind, the newest article that states an
        amount of it (values.py), unless the reader's answer is such an amount, as new and as well said."""
        r = self.reading(asked, k, threshold, articles, since, until, date_phrases, prefer, base_date)
        article_text = r.retriever.article_context if check_names else None
        fitted = self.policy is not None and check_names and threshold is None
        if fitted and not r.latest:
            read = judge.decide_fitted(r.checked, r.found, self.policy, article_text)
        elif fitted:
            read = judge.decide(r.checked, r.found, self.policy.threshold, article_text, latest=True,
                                chance=judge.fitted_chance(r.checked, r.found, self.policy, article_text))
        else:
            read = judge.decide(r.checked, r.found, self.reader.threshold if threshold is None else threshold,
                                article_text, latest=r.latest)
        if threshold is None and values.asks_for_value(r.checked, r.date_filter, read.answer):
            stated = values.latest_values(r.checked, r.hits, article_text)
            if stated and not values.reader_holds(r.checked, read.answer, stated[0][1]):
                return r, judge.dated_verdict(stated, values.MIN_COVERAGE)
        return r, read

    def reading(self, interpreted: str, k: int | None = None, threshold: float | None = None, articles=None,
                since: str = "", until: str = "", date_phrases: bool = True, prefer=(),
                base_date: str = "") -> "Reading":
        """What ask() decides on, for a question already resolved: the passages, the reader's spans
        over them, and the question as checked (without a date phrase that became the filter).
        ``base_date``: what "last week" counts from (default: the newest article's date)."""
        from . import dates

        retriever = self._current_retriever()
        date_filter = None
        if date_phrases and not since and not until:
            date_filter = _filter_named(dates.question_dates(interpreted, base_date or self._newest_date(retriever)))
            if date_filter:
                since, until = date_filter["since"], date_filter["until"]
        # "As of November 2004": the newest article up to then that answers is the one in force.
        latest = dates.asks_for_latest(interpreted) or bool(date_filter and date_filter.get("as_of"))
        if latest and prefer and base_date and date_filter is None and date_phrases and not since and not until:
            # "What is currently inhibiting spending?" in a conversation about the November 2002 statement:
            # current then (as "last week" counts from that article's day), the newest article up to it.
            until = base_date
            date_filter = {"since": "", "until": base_date, "phrase": dates.latest_phrase(interpreted),
                           "relative_to": base_date, "applied": True, "as_of": True, "conversation": True}
        # reindex() clears the cache when it swaps the retriever; its id guards a swap made by hand.
        scope = tuple(sorted(articles)) if articles else ()
        key = (interpreted, k or self.k, scope, since, until, latest, tuple(prefer), base_date, id(retriever))
        with self._lock:
            cached = self._cache.get(key) if self.cache_size else None
            if cached is not None:
                self._cache.move_to_end(key)
        # A date phrase that became the filter is left out of what is searched and read: the filter
        # already holds the passages to those dates, and a reader shown "in August 2006" beside a
        # paragraph that never says so takes it for a question the paragraph does not answer.
        # A relative phrase ("earlier this month") stays: news text says it in those very words.
        # A day counted from the newest article ("on 9 March", "last Tuesday") is a day all the same.
        absolute = date_filter and not date_filter.get("kept") and (not date_filter["relative_to"] or date_filter.get("day"))
        undated = without_phrase(interpreted, date_filter["phrase"]) if absolute else interpreted
        if cached is None:
            cached = self._read_fresh(retriever, interpreted, undated, k, threshold, scope, since, until, latest,
                                      prefer, date_filter, absolute)
            with self._lock:
                self._cache[key] = cached
                while len(self._cache) > self.cache_size:
                    self._cache.popitem(last=False)
        hits, found = cached[0], cached[1]
        if date_filter is not None:
            date_filter = cached[2]  # as it was when read (whether the filter left anything to read)
        # The name check reads the article with its title and date, and leaves out a date phrase that
        # became the filter (the filter already holds the article to those dates).
        checked = undated if date_filter and (date_filter["applied"] or date_filter.get("spoken_of")) else interpreted
        return Reading(interpreted, checked, hits, found, date_filter, latest, retriever)

    def _read_fresh(self, retriever, interpreted, undated, k, threshold, scope, since, until, latest, prefer,
                    date_filter, absolute) -> tuple[list, list, dict | None]:
        """(hits, spans, date filter as applied) read afresh. A latest or as-of question reads
        LATEST_DEPTH times as many passages: the newest article that answers must be among them, and
        its sisters of other days rank alike."""
        from . import dates

        depth = min(MAX_K, LATEST_DEPTH * (k or self.k)) if latest else (k or self.k)
        hits = retriever.search(undated, depth, articles=scope or None, since=since, until=until, prefer=prefer)
        found = self.read_spans(undated, hits, read_all=latest)
        named_day = (date_filter or {}).get("named_day")
        if named_day:
            # An article dated after the day named answers only where it speaks of that day.
            found = [a for a in found if a.hit is None or not a.hit.date or a.hit.date <= named_day
                     or dates.refers_to_day(a.hit.text, named_day, a.hit.date)]
        limit = self.reader.threshold if threshold is None else threshold
        if date_filter and date_filter.get("day") and not hits:
            # No article of that day: the nearest before it (said in the reply).
            hits = retriever.search(undated, depth, articles=scope or None, until=date_filter["since"], prefer=prefer)
            if hits:
                newest = max(h.date for h in hits if h.date)
                hits = [h for h in hits if h.date == newest] or hits
                date_filter = {**date_filter, "nearest_before": newest}
                found = self.read_spans(undated, hits, read_all=latest)
        # No article of those dates, or, for a relative phrase, none that answers ("earlier this month" may
        # be the words of an article of another month): all of them, and the reply says so.
        if date_filter and (not hits or not absolute and not any(judge.accept(a, limit) for a in found)):
            date_filter = {**date_filter, "applied": False}
            hits = retriever.search(interpreted, depth, articles=scope or None)
            found = self.read_spans(interpreted, hits, read_all=latest)
            spoken = _speaking_of(found, date_filter, limit) if absolute else []
            if spoken:
                found, date_filter = spoken, {**date_filter, "spoken_of": True}
        elif date_filter and date_filter["since"] and not any(judge.accept(a, limit) for a in found):
            # "What did he do in 2018?" reported in 2019: no article of that year or month answers, so the
            # paragraphs of other dates that speak of it ("In 2018, while preparing for his trial ..."); so
            # too for a day ("when the January 7, 2020 earthquake struck", told on January 17).
            others = retriever.search(interpreted, depth, articles=scope or None)
            spoken = _speaking_of(self.read_spans(interpreted, others, read_all=latest), date_filter, limit)
            if spoken:
                hits, found = others, spoken
                date_filter = {**date_filter, "applied": False, "spoken_of": True}
        return hits, found, date_filter

    def _newest_date(self, retriever) -> str:
        """The newest article's date ("" when none is dated): what "last week" counts from."""
        with self._lock:
            if self._newest[0] is not retriever:  # once per index
                self._newest = (retriever, max((m.get("date", "") for m in retriever.documents.values()), default=""))
            return self._newest[1]

    def _current_retriever(self) -> Retriever:
        """The retriever to answer from: when another process has written a newer index (`qa index` or
        `qa restore` on this folder), it is opened whole and swapped in; the old one keeps serving
        until then, and keeps serving if the new one cannot be opened."""
        with self._lock:
            retriever = self.retriever
        if not retriever.store.changed_elsewhere():
            return retriever
        from .stores import open_store

        try:
            fresh = Retriever(open_store(self.index_dir, self.settings, self.collection), retriever.embedder)
        except QAError as e:
            log.warning("a newer index in %s could not be opened (%s); answering from the one loaded", self.index_dir, e)
            return retriever
        with self._lock:
            if self.retriever is retriever:
                self.retriever = fresh
                self._cache.clear()
            return self.retriever

    # --- the rest of the service surface (what the faces call) ---------------------------------
    def search(self, query: str, k: int | None = None, articles=None, since=None, until=None) -> list[Hit]:
        """The passages that best match query (k of them; only from ``articles`` and dated within
        [since, until] when given)."""
        if k is not None and (not isinstance(k, int) or not 1 <= k <= MAX_K):
            raise BadInput(f"k must be a whole number from 1 to {MAX_K}.")
        if isinstance(query, str) and len(query) > MAX_QUESTION_CHARS:
            raise BadInput(f"That query is too long ({len(query)} characters; at most {MAX_QUESTION_CHARS}).")
        retriever = self._current_retriever()
        return retriever.search(query, k or self.k, articles=articles or None, since=since, until=until)

    def articles(self) -> list[Article]:
        """Every indexed article, in corpus order."""
        docs = self._current_retriever().documents
        return [Article(doc_id=d, file=article_file(d), title=m["title"], source=m.get("source", ""),
                        date=m.get("date", ""), paragraphs=int(m["paragraphs"]),
                        duplicate_of=m.get("duplicate_of", "")) for d, m in docs.items()]

    def article(self, doc_id: str) -> tuple[Article, list[Paragraph]] | None:
        """One article and its paragraphs in reading order (None when it is not indexed)."""
        retriever = self._current_retriever()
        meta = retriever.documents.get(doc_id)
        if meta is None:
            return None
        info = Article(doc_id=doc_id, file=article_file(doc_id), title=meta["title"], source=meta.get("source", ""),
                       date=meta.get("date", ""), paragraphs=int(meta["paragraphs"]),
                       duplicate_of=meta.get("duplicate_of", ""))
        return info, retriever.article_paragraphs(doc_id)

    def describe(self) -> StoreInfo:
        """What the index is: backend, location, embedder, counts."""
        return self._current_retriever().store.describe()

    def warm_up(self) -> None:
        """Load what the first question would (the query embedder, BM25, the reader's runtime)."""
        with self._lock:
            retriever = self.retriever
        retriever.search("warm up", 1)
        self.reader.read("What warms up?", ["The model warms up."])


@dataclass
class Reading:
    """A question read: as interpreted, as checked (without a date phrase that became the filter),
    its passages, the reader's spans over them best first, the date filter as applied, whether it
    asks for the latest value, and the retriever it was read from."""
    interpreted: str
    checked: str
    hits: list
    found: list
    date_filter: dict | None
    latest: bool
    retriever: Retriever


def _speaking_of(found: list, date_filter: dict, limit: float) -> list:
    """The spans whose paragraph speaks of the year, month or day the question named (dates.speaks_of_period),
    when one of them is accepted; [] otherwise."""
    from . import dates

    day = date_filter.get("named_day", "") if date_filter.get("day") else ""
    spoken = [a for a in found if a.hit is not None and dates.speaks_of_period(
        a.hit.text, date_filter["since"], date_filter["until"], a.hit.date, day)]
    return spoken if any(judge.accept(a, limit) for a in spoken) else []


def without_phrase(question: str, phrase: str) -> str:
    """The question with a date phrase taken out ("Who dissented in May 2006?" -> "Who dissented?")."""
    rest = " ".join(question.replace(phrase, " ").split())
    return re.sub(r"\s+([?.!,;:])", r"\1", rest).strip(" ,;:") or question


def rank(found: list, hits, weight: float = RETRIEVAL_WEIGHT) -> list:
    """Spans best first by reader margin + weight * (their hit's fused score - the top hit's)."""
    if not hits:
        return sorted(found, key=lambda a: -a.margin)
    top = hits[0].score
    return sorted(found, key=lambda a: -(a.margin + weight * (hits[a.passage_index].score - top)))
