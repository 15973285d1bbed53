import pytest

from qa.followups import entities, resolve

PESKOV = "What did Peskov say about the talks?"


@pytest.mark.parametrize("question, previous, answer, expected", [
    ("What did he say about it?", PESKOV, "", "What did Peskov say about the talks?"),
    ("And Lavrov?", PESKOV, "", "What did Lavrov say about the talks?"),
    ("What about Blinken?", PESKOV, "", "What did Blinken say about the talks?"),
    ("What did he say?", "Who welcomed Zelenskyy to NATO headquarters?", "Jens Stoltenberg",
     "What did Jens Stoltenberg say?"),
    ("When was that?", "What did Putin call the U.S. readiness to engage in Geneva talks?", "positive",
     "When did Putin call the U.S. readiness to engage in Geneva talks?"),
    ("What did they refuse?", "What did Russia demand from NATO?", "", "What did Russia refuse?"),
    ("What did the mayor say about it?", "What did the council approve on Tuesday?", "a new footbridge",
     "What did the mayor say about a new footbridge?"),
])
def test_follow_ups_are_resolved(question, previous, answer, expected):
    assert resolve(question, [(previous, answer)]) == expected


@pytest.mark.parametrize("question", [
    "What did Lavrov say about war?",
    "Who is the spokesman of the Russian government?",
    "Where will the talks be held?",
    "When did Blinken and Stoltenberg speak?",
])
def test_standalone_questions_are_left_alone(question):
    assert resolve(question, [(PESKOV, "concrete results")]) == question


def test_no_history_no_rewrite():
    assert resolve("What did he say about it?", []) == "What did he say about it?"


def test_chained_follow_ups_use_the_interpreted_question():
    from qa.types import Reply

    first = Reply(question=PESKOV, answer=None)
    second_q = resolve("And Lavrov?", [(PESKOV, first)])
    second = Reply(question=second_q, answer=None, original_question="And Lavrov?")
    assert resolve("What about Putin?", [(PESKOV, first), ("And Lavrov?", second)]) == \
        "What did Putin say about the talks?"


def test_entities_skip_question_words():
    assert entities("What did Peskov say about NATO and the U.S.?") == ["Peskov", "NATO", "U.S"]
