"""End to end with the shipped reader: questions about the seed article and a second test article."""
import pytest

from qa.errors import BadInput


def ask(assistant, q, history=()):
    reply = assistant.ask(q, history)
    assert reply.answer is not None, f"no answer for {q!r} (interpreted {reply.question!r})"
    hit = reply.hit
    assert hit.text[reply.answer.start:reply.answer.end] == reply.answer.text
    return reply


def test_peskov_question_answers_from_his_words(assistant):
    reply = ask(assistant, "What did Peskov say about the talks?")
    assert "Peskov" in reply.hit.text
    assert reply.hit.doc_id == "nato_russia_talks.txt"
    assert reply.hit.title == "US, NATO officials discuss Russia’s military buildup and Ukraine issues"
    assert reply.answer.text in reply.hit.text and 0 < reply.answer.score <= 1


@pytest.mark.parametrize("question, expected", [
    ("Who welcomed Zelenskyy to NATO headquarters?", "Stoltenberg"),
    ("When did Blinken and Stoltenberg hold phone talks?", "December 23"),
    ("Who is the spokesperson of the U.S. State Department?", "Ned Price"),
    ("How much will the harbour bridge cost?", "14 million euros"),
    ("Who designed the harbour bridge?", "Delacroix & Partners"),
    ("Who voted against the bridge?", "Tom Reyes"),
])
def test_factual_questions(assistant, question, expected):
    reply = ask(assistant, question)
    assert expected in reply.answer.text


def test_answer_comes_with_its_own_article(assistant):
    reply = ask(assistant, "How long will the bridge be?")
    assert reply.hit.doc_id == "harbour_bridge.md" and "240 metres" in reply.answer.text


def test_unanswerable_question_is_declined(assistant):
    reply = assistant.ask("What is the boiling point of liquid nitrogen?")
    assert reply.answer is None
    assert reply.hits  # the closest passages are still offered


def test_follow_up_conversation_over_the_seed_article(assistant):
    first = ask(assistant, "Who welcomed Zelenskyy to NATO headquarters?")
    second = ask(assistant, "What did he say?", [("Who welcomed Zelenskyy to NATO headquarters?", first)])
    assert "Stoltenberg" in second.question
    assert "Stoltenberg" in second.hit.text


def test_ellipsis_follow_up(assistant):
    q1 = "What did Peskov say about the talks?"
    first = assistant.ask(q1)
    second = ask(assistant, "And Lavrov?", [(q1, first)])
    assert second.question == "What did Lavrov say about the talks?"
    assert "Lavrov" in second.hit.text


def test_follow_up_over_the_second_article(assistant):
    q1 = "Who is the mayor of Millbrook?"
    first = ask(assistant, q1)
    assert "Helen Okafor" in first.answer.text
    second = ask(assistant, "When should construction begin, according to her?", [(q1, first)])
    assert "Helen Okafor" in second.question
    assert "spring" in second.answer.text


def test_bad_questions(assistant):
    with pytest.raises(BadInput):
        assistant.ask("   ")
    with pytest.raises(BadInput):
        assistant.ask("x" * 5000)
