"""Answer or decline: the one rule every path uses (chat, JSON API, CLI, Python API, evaluation,
benchmarks). The reader proposes spans; this decides.

A span is answered when the reader ranks it above its own "no answer" (margin > 0) and its
calibrated score reaches the threshold; then, when the question names things (people, places,
numbers) its article never mentions, the best accepted span of an article that does mention them is
answered instead, and when there is none the answer is declined and kept as the closest (grounding.py).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from . import grounding
from .types import Answer

ALTERNATIVES_SHOWN = 3  # best answers of other passages shown beside the answer


def accepts(score: float, margin: float, threshold: float) -> bool:
    """Whether a span of this calibrated score and margin may be answered at this threshold."""
    return margin > 0 and score >= threshold


def accept(span: Answer, threshold: float) -> bool:
    """Whether a span may be answered at this threshold (accepts)."""
    return accepts(span.score, span.margin, threshold)


@dataclass
class Verdict:
    answer: Answer | None
    alternatives: list[Answer] = field(default_factory=list)  # best spans of other passages, best first
    unmentioned: list[str] = field(default_factory=list)  # what the question names and the article does not
    closest: Answer | None = None  # the span declined for unmentioned names
    # A question asking for the latest value, answered differently by articles of different dates:
    # (date, answer) newest first, the answer's own first.
    dated_answers: list[tuple[str, Answer]] = field(default_factory=list)


def _norm(text: str) -> str:
    return " ".join(text.lower().split()).strip(" .,;:")


def decide(question: str, spans: list[Answer], threshold: float, article_text=None, latest: bool = False) -> Verdict:
    """The verdict on ``spans`` (ranked best first) for ``question``. ``article_text(doc_id)`` gives
    the answer's whole article for the name check (None: no check, only to measure what it changes).
    ``latest`` (the question asks for the latest or current value): the answer comes from the newest
    dated article among those with an accepted span, and when the dated answers differ, each
    article's is listed with its date, newest first."""
    good = [a for a in spans if accept(a, threshold)]
    if not good:
        return Verdict(None)
    dated_answers = []
    if latest:
        per_article: dict[str, Answer] = {}
        for a in good:  # best first: each article's best span
            if a.hit is not None and a.hit.date and a.hit.doc_id not in per_article:
                per_article[a.hit.doc_id] = a
        newest_first = sorted(per_article.values(), key=lambda a: a.hit.date, reverse=True)
        if newest_first:
            good = [newest_first[0]] + [a for a in good if a is not newest_first[0]]
            if len({_norm(a.text) for a in newest_first}) > 1:
                dated_answers = [(a.hit.date, a) for a in newest_first]
    best, alternatives, seen = good[0], [], {good[0].passage_index}
    for a in good[1:]:
        if a.passage_index not in seen:
            seen.add(a.passage_index)
            alternatives.append(a)
    verdict = Verdict(best, alternatives[:ALTERNATIVES_SHOWN], dated_answers=dated_answers)
    if article_text is not None and best.hit is not None:
        missing = grounding.unmentioned(question, article_text(best.hit.doc_id))
        if missing:
            # The best accepted span whose article names everything the question does, if any: the
            # check runs against every article in play, not only the first.
            grounded = next((a for a in good[1:] if a.hit is not None and not latest
                             and not grounding.unmentioned(question, article_text(a.hit.doc_id))), None)
            if grounded is None:
                verdict.unmentioned, verdict.closest, verdict.answer = missing, best, None
            else:
                verdict.answer = grounded
                verdict.alternatives = [a for a in verdict.alternatives if a is not grounded]
    return verdict
