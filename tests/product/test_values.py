"""The latest value of a kind (qa/values.py), from the language layer's parse: what the question asks
the value of, and the amount an article's sentence states of it. Sentences of several genres (a
takeover, an outbreak, a disaster, an election, an airliner's orders), invented for these tests."""
import pytest

from qa import values
from qa.types import Answer, Hit, Paragraph


def hit(text, doc="d", n=0, date="2023-03-06", title="T"):
    return Hit(Paragraph(id=f"{doc}:{n}", doc_id=doc, title=title, text=text, start=n * 1000,
                         end=n * 1000 + len(text)), score=0.5, date=date)


@pytest.mark.parametrize("question, lemma", [
    ("What is the latest offer?", "offer"),
    ("What is the latest reported death toll from the flood in Kerala?", "toll"),
    ("How many orders does Boeing have for the jet, according to the latest report?", "order"),
    ("What is the newest estimate of the turnout?", "estimate"),
    ("How much in loans has the carmaker received, according to the most recent report?", "loan"),
])
def test_the_asked_value_is_the_noun_that_latest_qualifies_or_how_much_counts(question, lemma):
    asked = values.asked_value(question)
    assert asked is not None and lemma in asked.lemmas


def test_the_number_of_something_asks_for_that_something_too():
    asked = values.asked_value("What is the latest number of cases in the outbreak?")
    assert {"number", "case"} <= asked.lemmas


def test_whose_value_an_of_phrase_says_is_not_what_is_counted():
    # weather: "the death toll of the storm" counts deaths, not storms; business: "the number of orders" counts orders
    toll = values.asked_value("What is the latest death toll of the storm?").lemmas
    assert "toll" in toll and "storm" not in toll
    assert "order" in values.asked_value("What is the latest number of orders for the plane?").lemmas


def test_a_question_about_no_value_names_none():
    assert values.asked_value("Who won the election?") is None


@pytest.mark.parametrize("question, sentence, amount", [
    ("What is the latest offer?", "Corvex Capital raised its offer for Halvard Foods to 455 pence a share on "
                                  "Thursday, three days after the board rejected it.", "455 pence a share"),
    ("What is the latest offer?", "Brantwood made a rival offer of 470 pence a share for the company.",
     "470 pence a share"),
    ("What is the latest death toll?", "The death toll from the landslide rose to 41 on Sunday, officials said.", "41"),
    ("How many cases, according to the latest report?", "Health officials have confirmed 58 cases at the base.", "58"),
    ("How many orders does the airliner have?", "The manufacturer has won 144 orders for the aircraft from "
                                                "airlines in Asia.", "144"),
])
def test_the_amount_stated_of_the_asked_noun_is_found_in_its_sentence(question, sentence, amount):
    span = values.stated_value(values.asked_value(question), sentence)
    assert span is not None and sentence[span[0]:span[1]] == amount


@pytest.mark.parametrize("question, sentence", [
    # an amount of something else: the storm's deaths are no "offer"
    ("What is the latest offer?", "The storm killed 12 people and damaged 300 homes on the coast."),
    # the noun without an amount near it
    ("What is the latest death toll?", "Officials said the death toll was expected to rise as rescuers searched "
                                       "the rubble of buildings that collapsed in the early hours of Monday, 3 May."),
])
def test_no_amount_is_taken_from_a_sentence_that_does_not_state_one_of_the_noun(question, sentence):
    assert values.stated_value(values.asked_value(question), sentence) is None


def test_the_newest_article_answers_and_each_earlier_value_is_listed_once():
    hits = [hit("Brantwood made a rival offer of 470 pence a share.", "b", date="2023-03-14"),
            hit("Corvex made an offer of 410 pence a share for Halvard.", "a", date="2023-03-06"),
            hit("Corvex raised its offer to 455 pence a share.", "c", date="2023-03-09"),
            hit("Halvard's shares rose 6 per cent.", "c", n=1, date="2023-03-09"),
            hit("Brantwood said its offer of 470 pence a share was final.", "e", date="2023-03-15")]
    found = values.latest_values("What is the latest offer?", hits)
    assert [(d, a.text) for d, a in found] == [("2023-03-15", "470 pence a share"), ("2023-03-14", "470 pence a share"),
                                               ("2023-03-09", "455 pence a share"), ("2023-03-06", "410 pence a share")]
    assert all(a.hit.text[a.start:a.end] == a.text and a.score >= values.MIN_COVERAGE for _, a in found)


def test_an_article_is_read_lead_first_and_an_undated_one_not_at_all():
    lead = hit("Corvex raised its offer to 455 pence a share.", "c", n=0, date="2023-03-09")
    later = hit("The new offer values Halvard at about 1.33 billion pounds.", "c", n=1, date="2023-03-09")
    undated = hit("An offer of 999 pence a share was rumoured.", "u", date="")
    found = values.latest_values("What is the latest offer?", [later, undated, lead])
    assert [(d, a.text) for d, a in found] == [("2023-03-09", "455 pence a share")]


def test_an_article_that_does_not_name_what_the_question_names_is_not_read():
    hits = [hit("Brantwood made a rival offer of 470 pence a share.", "b", date="2023-03-14"),
            hit("Corvex made an offer of 410 pence a share.", "a", date="2023-03-06")]
    articles = {"b": "Brantwood makes rival offer\nBrantwood made a rival offer of 470 pence a share.",
                "a": "Corvex makes offer\nCorvex made an offer of 410 pence a share."}
    found = values.latest_values("What is the latest offer from Corvex?", hits, articles.get)
    assert [a.text for _, a in found] == ["410 pence a share"]


def test_a_paragraph_that_states_little_of_the_question_is_held_below_the_threshold():
    hits = [hit("Rescuers said the toll rose to 41.", "a", date="2021-05-03", title="Rescue goes on")]
    question = "What is the latest death toll from the landslide in Kerala's Idukki district after the monsoon rains?"
    assert values.latest_values(question, hits) == []


def answer(text, sentence, date, doc="d"):
    h = hit(sentence, doc, date=date)
    at = sentence.index(text)
    return Answer(text, 0.9, 0, at, at + len(text), hit=h)


def test_the_readers_amount_stands_when_its_sentence_says_as_much_of_the_question():
    question = "How many people died in the landslide on 3 May?"
    read = answer("41", "Officials said 41 people died in the landslide near the village.", "2021-05-03")
    found = answer("12", "The landslide buried 12 houses and a school.", "2021-05-03")
    assert values.reader_holds(question, read, found)
    assert not values.reader_holds(question, found, read)


def test_the_readers_answer_gives_way_when_it_is_no_amount_or_older():
    question = "What is the latest offer?"
    found = answer("495 pence", "Corvex increased its offer to 495 pence a share.", "2023-03-20")
    company = answer("Halvard Foods", "Corvex made an offer for Halvard Foods.", "2023-03-20")
    older = answer("410 pence", "Corvex made an offer of 410 pence a share.", "2023-03-06")
    assert not values.reader_holds(question, company, found)
    assert not values.reader_holds(question, older, found)
    assert not values.reader_holds(question, None, found)


@pytest.mark.parametrize("question, date_filter, read, reads", [
    ("What is the latest death toll?", None, "x", True),  # the latest, whatever the reader said
    ("How many cases were reported?", {"applied": True, "day": True}, "x", True),  # an amount on a named day
    ("How many cases were reported?", None, None, False),  # no date, no "latest": the reader's question
    ("Who led the vote?", {"applied": True, "day": True}, None, False),  # no amount asked
    ("What was the price?", {"applied": True, "as_of": True}, None, True),  # as of a date, the reader silent
    ("What was the price?", {"applied": True, "as_of": True}, "x", False),  # ... or the reader answered
    ("What was the price?", {"applied": False, "as_of": True}, None, False),  # the filter left nothing
    ("Who is the current chairman of the board?", None, "x", False),  # a person, whatever is "current"
    ("Where is the ship now?", None, "x", False),  # a place
    ("When is the latest hearing?", None, "x", False),  # a time
])
def test_which_questions_the_value_path_reads(question, date_filter, read, reads):
    assert values.asks_for_value(question, date_filter, read) is reads


def test_a_value_said_of_another_company_or_party_than_the_one_asked_is_not_its_value():
    # business: the newest article states GM's cuts, not Ford's
    hits = [hit("Toyota is seeking to cut 31,500 jobs by 2012, the company said.", "g", date="2009-02-03"),
            hit("Ford will cut 30,000 jobs and close 14 plants.", "f", date="2006-01-23")]
    found = values.latest_values("What is the latest number of jobs Ford plans to cut?", hits)
    assert [(d, a.text) for d, a in found] == [("2006-01-23", "30,000")]
    # politics: a party of the same kind named instead
    asked = values.asked_value("How many seats did the Republicans win, according to the latest count?")
    assert values.stated_value(asked, "The Democrats won 48 seats in the latest count.") is None
    assert values.stated_value(asked, "The Republicans won 52 seats in the latest count.") is not None
    # the reader's amount from the other company's sentence gives way
    read = answer("31,500", "Toyota is seeking to cut 31,500 jobs by 2012.", "2009-02-03")
    ford = answer("30,000", "Ford will cut 30,000 jobs and close 14 plants.", "2006-01-23")
    assert not values.reader_holds("What is the latest number of jobs Ford plans to cut?", read, ford)


def test_the_source_of_a_report_is_no_other_body_than_the_one_asked_about():
    """Health: "the Disease Surveillance Team reported a total of 5667 cases" states Samoa's cases,
    though it names a body and not Samoa; business: a rival company that acts is still another's
    value, and a rival company that reports does not make it so."""
    asked = values.asked_value("What is the latest total number of measles cases reported in Samoa?")
    assert values.stated_value(asked, "The Disease Surveillance Team reported a total of 5667 cases.") is not None
    jobs = values.asked_value("What is the latest number of jobs Ford plans to cut?")
    assert values.stated_value(jobs, "Toyota is seeking to cut 31,500 jobs by 2012.") is None
    assert values.stated_value(jobs, "Reuters reported that the carmaker will cut 30,000 jobs.") is not None


def test_a_number_that_names_one_thing_is_no_value_of_the_asked_noun():
    """Weather: "a magnitude 6.3 earthquake" names the quake, it counts no deaths; business: a serial
    number "001" is an identifier; a count of a plural ("five people") and the asked noun's own number
    stay values."""
    quake = "The magnitude 6.3 earthquake killed 12 people on Saturday."
    span = values.stated_value(values.asked_value("What is the latest death toll of the earthquake?"), quake)
    assert span is not None and quake[span[0]:span[1]] == "12"
    serial = "Its serial number is 001, and 144 planes have already been ordered."
    span = values.stated_value(values.asked_value("What is the latest number of planes ordered?"), serial)
    assert span is not None and serial[span[0]:span[1]] == "144"


def test_a_count_is_answered_by_a_count_not_a_share_or_a_sum():
    """Health: a death toll is a count, so "a 95% immunization rate" beside "the last death" is no toll;
    business: "these orders are worth US$5.62 billion" is no number of orders."""
    toll = values.asked_value("What is the latest death toll of the outbreak?")
    assert toll.counted
    rate = "Officials reported a 95% immunization rate and the last death of the outbreak on December 26."
    assert values.stated_value(toll, rate) is None
    orders = values.asked_value("What is the latest number of orders for the jet?")
    assert values.stated_value(orders, "These orders are worth US$5.62 billion at list prices.") is None
    assert not values.asked_value("What is the latest offer?").counted


def test_a_value_named_otherwise_is_found_in_the_words_news_says_it_with():
    """Health: a death toll is said as who "lost their lives" (qa/genre/value_words.json); the noun
    itself is said then too, for the paragraph's coverage of the question."""
    asked = values.asked_value("What is the latest reported death toll of the outbreak in Samoa?")
    said = "Of these, 1846 persons were hospitalized, while 81 had lost their lives during the outbreak in Samoa."
    span = values.stated_value(asked, said)
    assert span is not None and said[span[0]:span[1]] == "81"
    assert values.coverage(asked, said, "Samoa ends its state of emergency") == 1.0


def test_a_word_of_a_class_news_says_alike_says_the_others_for_the_share_of_the_question():
    """Weather: "How many people were reported dead ...?" is said as much by "seventeen people died" as
    by "120 people were in the hotel" (dead/died are one class of value_words.json), so the reader's
    amount of the first stands against the second."""
    asked = values.asked_value("How many people were reported dead in the Karol Bagh hotel fire?")
    died = "At least seventeen people died and 35 were rescued, according to officials."
    guests = "The hotel's website estimated 120 people were in the building."
    assert values._sentence_share(asked, died, 0) >= values._sentence_share(asked, guests, 0)


def test_a_count_asked_of_a_unit_takes_a_measure_and_a_reporting_verb_adds_no_word():
    """Business: "How many kilometres of track" is answered by "300 kilometres" (a measure, no sum or
    share); health: "the number of cases reported" does not read "Reuters reported that 12 hospitals"."""
    track = "So far 300 kilometres of track have been built."
    span = values.stated_value(values.asked_value("How many kilometres of track have been built, according to the "
                                                  "latest report?"), track)
    assert span is not None and track[span[0]:span[1]] == "300 kilometres"
    asked = values.asked_value("What is the latest number of cases reported?")
    assert "report" not in asked.lemmas
    assert values.stated_value(asked, "Reuters reported that 12 hospitals were full.") is None


def test_a_word_said_of_another_count_does_not_say_the_asked_one():
    """Health: "the number of deaths" does not say "the number of cases", though both say "number"."""
    asked = values.asked_value("What is the latest number of cases?")
    text = "The number of deaths rose to 81. The number of cases rose to 5,700."
    span = values.stated_value(asked, text)
    assert span is not None and text[span[0]:span[1]] == "5,700"
