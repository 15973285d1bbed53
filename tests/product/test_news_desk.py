"""The news desk over four invented dated articles about one takeover (tests/data/takeover: offers of
410, 455, 470 and 495 pence over two weeks), issue #45's scenario."""
import pytest

from conftest import DATA

TAKEOVER = sorted((DATA / "takeover").glob("*.txt"))


@pytest.fixture(scope="module")
def desk(tmp_path_factory, embedder, reader, assistant_over):
    return assistant_over(tmp_path_factory.mktemp("takeover"), TAKEOVER, embedder, reader)


@pytest.mark.parametrize("phrase", ["on 9 March 2023", "on 9 March", "on 9th March 2023", "on March 9, 2023",
                                    "on Thursday, 9 March"])
def test_a_day_in_any_style_reaches_the_same_filter_and_the_articles_of_that_day(desk, phrase):
    reply = desk.ask(f"How much did Corvex offer {phrase}?")
    f = reply.date_filter
    assert f is not None and f["since"] == "2023-03-09" and f["applied"], f
    assert reply.answer is None or reply.hit.date == "2023-03-09"


def test_a_follow_up_about_its_chief_executive_quotes_the_rival(desk):
    first = desk.ask("Who made a rival offer?")
    assert first.answer is not None and "Brantwood" in first.answer.text
    then = desk.ask("What did its chief executive say?", history=[("Who made a rival offer?", first)])
    assert "Brantwood" in then.question and then.answer is not None and "full and fair" in then.answer.text


def test_the_latest_offer_is_the_newest_with_every_earlier_value_listed(desk):
    reply = desk.ask("What is the latest offer?")
    assert reply.answer is not None and "495" in reply.answer.text and reply.hit.date == "2023-03-20"
    assert [d for d, _ in reply.dated_answers] == ["2023-03-20", "2023-03-14", "2023-03-09", "2023-03-06"]


@pytest.mark.xfail(strict=True, reason="known miss: the articles say 'offer', the question 'bid'; the language "
                                        "layer knows no synonyms (no lexical resource ships) and the reader's spans "
                                        "stay below its threshold (issue #45)")
def test_the_latest_bid_is_an_amount_not_a_company(desk):
    reply = desk.ask("What is the latest bid?")
    assert reply.answer is not None and "495" in reply.answer.text


def test_what_corvex_offered_on_a_day_is_that_days_offer(desk):
    reply = desk.ask("How much did Corvex offer on 9 March 2023?")
    assert reply.answer is not None and "455" in reply.answer.text


def test_the_latest_offer_as_of_a_day_is_the_newest_stated_by_then(desk):
    reply = desk.ask("What was the latest offer as of 15 March 2023?")
    assert reply.answer is not None and "470" in reply.answer.text
    assert [d for d, _ in reply.dated_answers] == ["2023-03-14", "2023-03-09", "2023-03-06"]


def test_a_latest_value_no_article_states_is_not_made_up(desk):
    reply = desk.ask("What is the latest death toll?")
    assert reply.answer is None or not any(ch.isdigit() for ch in reply.answer.text)
