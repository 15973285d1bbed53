"""The synthetic-unanswerable generator: each kind turns an answerable question into one whose
premise the paragraph does not contain; and SQuAD 2.0 scoring by the official rules."""
import re

import pytest

from qa_lab import unanswerable
from qa_lab.eval_reader import squad2_scores
from qa_lab.squad import Example, squad2_split

LIBRARY = ("The Hartwell Library opened in 1998 in Brookfield. Its first director, Elena Voss, bought "
           "three thousand books and 12 maps. By March the largest reading room held 40 desks.")
STADIUM = ("Riverside Stadium was built by Marcus Lind for the Brookfield Rovers. It seats 20,000 people "
           "and was the biggest ground in the county until 1987.")
OTHER_ARTICLE = "Captain Ada Quinn sailed the Northern Star from Valparaiso to Lisbon, reaching Lisbon first."


def ex(question, context, article=0, paragraph=0, answer="x"):
    return Example(id=f"{article}-{paragraph}-{question}", title=f"t{article}", question=question,
                   context=context, answers=[answer], answer_starts=[0], article=article, paragraph=paragraph)


POOL = [ex("Who built it?", STADIUM, 0, 1), ex("Who sailed?", OTHER_ARTICLE, 1, 0)]

CASES = {  # kind: an answerable question about LIBRARY that the kind applies to
    "name_swap": "Who was Elena Voss?",
    "absent_entity": "Who was Elena Voss?",
    "number_swap": "How many maps did the director buy besides 12 maps?",
    "date_swap": "When did the library open in 1998?",
    "negation": "What did the first director buy?",
    "antonym": "How many desks did the largest reading room hold?",
    "condition": "Who was the first director?",
}


def words_in(text):
    return {w.lower() for w in re.findall(r"[\w']+", text)}


@pytest.mark.parametrize("kind", unanswerable.KINDS)
def test_each_kind_makes_a_question_the_paragraph_does_not_answer(kind):
    gen = unanswerable.Generator(POOL + [ex(CASES[kind], LIBRARY)], seed=1)
    made = gen.make(ex(CASES[kind], LIBRARY), kind)
    assert made is not None, kind
    assert made.kind == kind and made.context == LIBRARY and made.question != CASES[kind]
    assert made.inserted in made.question
    # The changed premise is nowhere in the paragraph, word by word.
    new_words = {w for w in words_in(made.inserted) if len(w) > 3 or w.isdigit()} - {"didn't"}
    assert not new_words & words_in(LIBRARY), (made.question, new_words & words_in(LIBRARY))
    if kind == "negation":
        assert made.inserted == "didn't" and made.question == "What didn't the first director buy?"
    if kind == "name_swap":  # a name from the same article (the harder kind) ...
        assert made.inserted in STADIUM
    if kind == "absent_entity":  # ... or from another article
        assert made.inserted in OTHER_ARTICLE


def test_kinds_that_do_not_apply_make_nothing():
    gen = unanswerable.Generator(POOL, seed=1)
    plain = ex("What did the first director buy?", LIBRARY)
    assert gen.make(plain, "date_swap") is None  # no date in the question
    assert gen.make(plain, "number_swap") is None
    negated_paragraph = LIBRARY + " It did not lend maps."
    assert gen.make(ex("What did the first director buy?", negated_paragraph), "negation") is None
    # The opposite word is in the paragraph ("first" director), so "last" is no impossible condition there.
    assert gen.make(ex("Who bought the last maps?", LIBRARY), "antonym") is None
    undated = "The library has a garden and a cafe."
    assert gen.make(ex("What does the library have?", undated), "condition") is None


def test_generate_counts_kinds_and_uses_each_question_once():
    exs = [ex(q, LIBRARY, 0, i) for i, q in enumerate(CASES.values())] * 3
    exs = [Example(**{**e.__dict__, "id": f"q{i}"}) for i, e in enumerate(exs)]
    made = unanswerable.generate(exs, POOL + exs, {"negation": 2, "condition": 2}, seed=3)
    assert sorted(m.kind for m in made) == ["condition", "condition", "negation", "negation"]
    assert len({m.source_id for m in made}) == 4
    with pytest.raises(ValueError):
        unanswerable.generate(exs, exs, {"made_up": 1})


def test_squad2_scores_follow_the_official_rules():
    has = ex("Who?", "Ann met Bob.", answer="Ann")
    no = Example(id="n", title="t", question="Who else?", context="Ann met Bob.", answers=[], answer_starts=[],
                 article=0, paragraph=1)
    exs = [has, no]
    # Both answered: HasAns right, NoAns wrong.
    r = squad2_scores(exs, [("Ann", 0.9, 5.0), ("Bob", 0.8, 4.0)], threshold=0.5)
    assert (r["f1"], r["has_ans_f1"], r["no_ans_declined"]) == (50.0, 100.0, 0.0)
    # The NoAns one under the threshold: declined, scores 1.
    r = squad2_scores(exs, [("Ann", 0.9, 5.0), ("Bob", 0.3, 1.0)], threshold=0.5)
    assert (r["f1"], r["exact"], r["no_ans_declined"]) == (100.0, 100.0, 100.0)
    # A declined answerable one scores 0; threshold 0 answers everything.
    r = squad2_scores(exs, [("Ann", 0.4, 1.0), ("Bob", 0.3, 1.0)], threshold=0.5)
    assert (r["has_ans_f1"], r["has_ans_answered"], r["no_ans_declined"], r["f1"]) == (0.0, 0.0, 100.0, 50.0)
    assert squad2_scores(exs, [("Ann", 0.4, 1.0), ("Bob", 0.3, 1.0)], threshold=0.0)["no_ans_declined"] == 0.0


def test_squad2_split_is_by_paragraph_and_covers_every_question():
    exs = [ex("q", "c", a, p) for a in range(2) for p in range(3)]
    tune, report = squad2_split(exs)
    assert {e.paragraph for e in tune} == {0, 2} and {e.paragraph for e in report} == {1}
    assert len(tune) + len(report) == len(exs)
