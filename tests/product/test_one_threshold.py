"""One threshold, honestly shown (issue #45): on every path that answers — plain, dated, latest,
disagreeing articles, a follow-up, a paraphrase retry — no answer, alternative, listed earlier value
or disagreeing answer is shown below the threshold the reply says it was held to (the reader's
calibrated threshold, or the fitted decision's on P(right)), so the confidence shown is the quantity
the decision used; and that threshold is one of the three the README states (the reader's, the fitted
decision's, and the latest-value path's coverage, qa/values.py)."""
from pathlib import Path

import pytest

from conftest import DATA, SEED

TAKEOVER = sorted((DATA / "takeover").glob("*.txt"))
PATHS = {
    "plain": ["What is the offer?", "Who made a rival offer?", "Where is Brantwood based?", "What does Halvard make?",
              "How many people does Halvard employ?", "What did Peskov say about the talks?", "Who is Lavrov?",
              "What did the mayor say?", "What is the capital of Peru?", "Who won the match?"],
    "dated": ["How much did Corvex offer on 9 March 2023?", "What happened on 14 March 2023?",
              "What did the board say on 6 March?", "What was offered in March 2023?", "What did Brantwood say last Tuesday?"],
    "latest": ["What is the latest offer?", "What is the latest bid?", "What is the latest offer for Halvard Foods?",
               "What is the current share price?", "What is the most recent valuation of Halvard?"],
    "paraphrase": ["Who dissented?", "Who voted against the offer?"],
}
FOLLOW_UPS = [("Who made a rival offer?", "What did its chief executive say?"),
              ("Who made a rival offer?", "How much did they offer?"),
              ("What did Peskov say about the talks?", "And Lavrov?"),
              ("Who is the chief executive of Halvard?", "What did she say?")]


@pytest.fixture(scope="module")
def desk(tmp_path_factory, embedder, reader, assistant_over):
    return assistant_over(tmp_path_factory.mktemp("desk"), [*TAKEOVER, SEED, DATA / "harbour_bridge.md"],
                          embedder, reader)


def shown_scores(reply) -> list[float]:
    """Every score a reply shows beside an answer it gives."""
    if reply.answer is None:
        return []
    return [reply.answer.score, *(a.score for a in reply.alternatives), *(a.score for _, a in reply.dated_answers),
            *(a.score for a in reply.disagreeing)]


def stated(desk, path: str = "plain") -> set:
    """The thresholds a reply on this path may say: the reader's or the fitted decision's; and on the
    paths that ask for a latest or dated amount, the latest-value path's coverage (qa/values.py)."""
    from qa import values

    held = {desk.reader.threshold, desk.policy.threshold if desk.policy else desk.reader.threshold}
    return held | {values.MIN_COVERAGE} if path in ("latest", "dated") else held


@pytest.mark.parametrize("path", sorted(PATHS))
def test_no_path_answers_below_the_threshold(desk, path):
    answered = 0
    for question in PATHS[path]:
        reply = desk.ask(question)
        answered += reply.answer is not None
        if reply.answer is not None:
            assert reply.threshold in stated(desk, path)
            assert all(s >= reply.threshold for s in shown_scores(reply)), (question, shown_scores(reply), reply.threshold)
    assert path == "paraphrase" or answered > 0  # the path was taken, not only declined


def test_a_follow_up_answers_at_the_threshold_too(desk):
    for first, then in FOLLOW_UPS:
        reply = desk.ask(then, history=[(first, desk.ask(first))])
        if reply.answer is not None:
            assert reply.threshold in stated(desk)
            assert all(s >= reply.threshold for s in shown_scores(reply)), (then, reply.question, shown_scores(reply))


def test_a_lower_threshold_asked_for_is_the_one_held_to(desk):
    reply = desk.ask("What is the offer?", threshold=0.05)
    assert reply.threshold == 0.05 and (reply.answer is None or reply.answer.score >= 0.05)
