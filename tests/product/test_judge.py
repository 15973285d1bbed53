"""One rule decides whether to answer (qa.judge), used by Reader.read and Assistant.ask alike."""
import pytest

from qa.judge import ALTERNATIVES_SHOWN, accept, accepts, decide
from qa.types import Answer, Hit, Paragraph


def hit(n, doc="d", text="Mayor Elena Voss of Millbrook cut the ribbon."):
    return Hit(Paragraph(id=f"{doc}:{n}", doc_id=doc, title="T", text=text, start=0, end=len(text)), score=0.5)


def span(text, score, margin, passage=0, hits=None):
    return Answer(text, score, passage, 0, len(text), margin=margin, hit=(hits or {}).get(passage))


def words_in(text, doc="fomc"):
    """A maker of spans over text (one passage of article doc): at(words, margin, score)."""
    h = hit(0, doc, text)

    def at(words, margin, score=0.5):
        i = text.index(words)
        return Answer(words, score, 0, i, i + len(words), margin=margin, hit=h)
    return at


def confident(text, words):
    """A span the reader is sure of: ``words`` of a one-passage text."""
    return words_in(text)(words, 9.0, 0.9)


def test_a_span_that_loses_to_no_answer_is_never_answered():
    assert accepts(0.9, 0.1, 0.3) and not accepts(0.9, 0.0, 0.3) and not accepts(0.9, -1.0, 0.0)
    assert not accepts(0.29, 5.0, 0.3) and accepts(0.3, 5.0, 0.3)
    assert accept(span("x", 0.5, 2.0), 0.5) and not accept(span("x", 0.5, -2.0), 0.1)


def test_decide_answers_the_best_accepted_span_and_one_alternative_per_other_passage():
    hits = {i: hit(i) for i in range(6)}
    spans = [span("a", 0.2, 1.0, 0, hits), span("b", 0.9, 9.0, 1, hits), span("b2", 0.8, 8.0, 1, hits),
             span("c", 0.7, 7.0, 2, hits), span("d", 0.6, -1.0, 3, hits), span("e", 0.5, 5.0, 4, hits),
             span("f", 0.45, 4.0, 5, hits)]
    v = decide("Who cut the ribbon?", spans, 0.3)
    assert v.answer.text == "b" and [a.text for a in v.alternatives] == ["c", "e", "f"][:ALTERNATIVES_SHOWN]
    assert decide("Who?", [span("a", 0.2, 1.0)], 0.3).answer is None


def test_decide_declines_when_the_article_never_mentions_what_the_question_names():
    hits = {0: hit(0)}
    spans = [span("Elena Voss", 0.9, 9.0, 0, hits)]
    text = hits[0].text
    v = decide("Who is the mayor of Paris?", spans, 0.3, lambda doc_id: text)
    assert v.answer is None and v.unmentioned == ["Paris"] and v.closest.text == "Elena Voss"
    v = decide("Who is the mayor of Millbrook?", spans, 0.3, lambda doc_id: text)
    assert v.answer.text == "Elena Voss" and v.unmentioned == []
    assert decide("Who is the mayor of Paris?", spans, 0.3, None).answer is not None  # no check asked


def test_when_the_best_spans_article_misses_a_name_the_next_article_that_names_it_answers():
    """The name check runs against every article in play: Paris's mayor from the Paris article,
    though Millbrook's article had the reader's best span."""
    texts = {"millbrook": "Mayor Elena Voss of Millbrook cut the ribbon.",
             "paris": "Anne Hidalgo, the mayor of Paris, opened the bridge."}
    hits = {0: hit(0, "millbrook", texts["millbrook"]), 1: hit(0, "paris", texts["paris"])}
    spans = [span("Elena Voss", 0.9, 9.0, 0, hits), span("Anne Hidalgo", 0.6, 5.0, 1, hits)]
    v = decide("Who is the mayor of Paris?", spans, 0.3, texts.get)
    assert v.answer.text == "Anne Hidalgo" and v.unmentioned == [] and v.alternatives == []
    v = decide("Who is the mayor of Lyon?", spans, 0.3, texts.get)  # no article names Lyon
    assert v.answer is None and v.unmentioned == ["Lyon"] and v.closest.text == "Elena Voss"


def test_the_kind_of_answer_a_question_wants_is_checked_against_the_span():
    from qa.judge import expected_type, type_fit

    assert expected_type("How many basis points was the cut?") == "number" and expected_type("Who dissented?") == "person"
    assert type_fit("How many basis points was the cut?", "50 basis points") == 1
    assert type_fit("How many basis points was the cut?", "3 percent") == -1  # a number, not of the unit asked
    assert type_fit("When did the bridge open?", "on Sunday") == 1 and type_fit("When did it open?", "the mayor") == -1
    assert type_fit("Who voted against?", "an increase of 25 basis points") == -1
    assert type_fit("What did he say?", "anything") == 0  # no kind asked for


def test_the_kind_of_answer_is_read_after_a_clause_that_leads_the_question():
    """Courts, weather, politics: a clause before the question proper does not hide what it asks for;
    a comma inside the question does not cut it."""
    from qa.judge import expected_type, type_fit

    assert expected_type("As reported, on what date is the suspect due back in court?") == "date"
    assert type_fit("As reported, on what date is the suspect due back in court?", "Friday") == -1
    assert type_fit("As reported, on what date is the suspect due back in court?", "April 5") == 1
    assert expected_type("According to officials, who owns the hotel?") == "person"
    assert expected_type("In news of that week, how many seats did the party win?") == "number"
    assert expected_type("What, if anything, did the minister say?") == ""
    assert expected_type("Who, according to police, fired first?") == "person"
    assert expected_type("John Smith, who was arrested, faces what charge?") == ""  # a name opens no clause


def test_what_time_wants_a_time_of_day_not_a_calendar_day():
    """Politics: "What time was the ruling issued?" is answered by "10:30 BST", not "October 14";
    technology: "8:17 a.m."; "rush hour" and music's "triple time" may be; "what time of year" is no clock."""
    from qa.judge import expected_type, type_fit

    asked = "What time was the ruling issued?"
    assert expected_type(asked) == "time" and type_fit(asked, "10:30 BST") == 1
    assert type_fit(asked, "October 14") == -1 and type_fit(asked, "2019") == -1
    assert type_fit("At what time did the flight start?", "8:17 a.m. local time") == 1
    assert type_fit("At what time are drivers most likely to be stuck in traffic?", "rush hour") == 0
    assert expected_type("What time of year do the storms come?") == ""


def test_signals_see_a_contradiction_and_names_missing_near_the_answer():
    from qa.judge import signals

    text = ("The Committee decided today to lower its target to 3 percent. Voting for the action were: "
            "Ben S. Bernanke and Janet L. Yellen. Voting against was Richard W. Fisher, who preferred no change.")
    h = hit(0, "fomc", text)
    cut = Answer("3 percent", 0.8, 0, text.index("3 percent"), text.index("3 percent") + 9, margin=6.0, hit=h)
    raised = signals("How much did the Committee raise its target?", cut, [cut], lambda d: text)
    lowered = signals("How much did the Committee lower its target?", cut, [cut], lambda d: text)
    assert raised["contradiction"] == 1.0 and lowered["contradiction"] == 0.0
    pref = text.index("no change")
    fisher = Answer("no change", 0.7, 0, pref, pref + 9, margin=5.0, hit=h)
    assert signals("What did Richard Fisher prefer?", fisher, [fisher], lambda d: text)["coverage_sentence"] == 1.0
    yellen = signals("What did Janet Yellen prefer?", fisher, [fisher], lambda d: text)
    assert yellen["missing_near"] == 0.0 and yellen["missing_in_sentence"] == 1.0  # named in the list before
    assert signals("What did Richard Fisher prefer?", fisher, [fisher], lambda d: text)["missing_in_sentence"] == 0.0
    absent = signals("What did Paul Volcker prefer?", fisher, [fisher], lambda d: text)
    assert absent["missing_in_article"] == 1.0


_BOND = ("Spectre (2015) is the twenty-fourth James Bond film. It opened on 26 October 2015 in London. "
         "Monica Bellucci became the oldest actress to be cast as a Bond girl. Christoph Waltz has signed "
         "on for two more films. The Hoffler Klinik is a private medical clinic.")


@pytest.mark.parametrize("question, answer, swapped", [
    # a SQuAD 2.0 look-alike: one word or number of the fact changed
    ("What is the thirty-fourth James Bond film?", "Spectre", True),
    ("Where did it open on 16 October 2015?", "London", True),
    ("Who was the youngest actress to be cast as a Bond girl?", "Monica Bellucci", True),
    ("Who has signed on for three more films?", "Christoph Waltz", True),
    ("The Hoffler Klinik is a public medical what?", "clinic", True),
    # the fact as the text gives it, numbers in words or digits, a compass point in a name
    ("What is the twenty-fourth James Bond film?", "Spectre", False),
    ("Where did it open on 26 October 2015?", "London", False),
    ("Who was the oldest actress to be cast as a Bond girl?", "Monica Bellucci", False),
    ("Who has signed on for 2 more films?", "Christoph Waltz", False),
    ("Where did Spectre open in North America?", "London", False),
    ("How many more films has Christoph Waltz signed on for?", "two", False),
    ("How public is the Hoffler Klinik?", "private", False),  # a degree asked, not a claim
])
def test_a_swapped_word_or_number_contradicts_the_answers_sentence(question, answer, swapped):
    from qa.judge import signals

    h = hit(0, "bond", _BOND)
    i = _BOND.index(answer)
    a = Answer(answer, 0.8, 0, i, i + len(answer), margin=6.0, hit=h)
    assert signals(question, a, [a], lambda d: _BOND)["contradiction"] == float(swapped)


@pytest.mark.parametrize("question, sentence", [
    # health: the 19 of "COVID-19" is part of a name, no number of deaths
    ("How many COVID-19 deaths had been recorded in Bangladesh?", "A total of 17 deaths have been recorded."),
    # business: the 380 of "A-380" is part of a name, no number of orders
    ("How many A-380 orders had Emirates placed?", "Emirates had placed 43 orders by then."),
])
def test_a_number_hyphened_to_a_word_is_part_of_a_name_not_a_swapped_number(question, sentence):
    from qa.judge import _swapped_number

    assert not _swapped_number(question, sentence)
    # a number standing alone is still a swap (weather), and so is a range of numbers (business, SQuAD 2.0)
    # and a code with other digits after the same letters (politics: "G-20" is not "G-8")
    assert _swapped_number("When did the G-20 leaders meet?", "The G-8 leaders met in June.")
    assert _swapped_number("How many people did the magnitude 7 quake kill?", "The magnitude 6 quake killed 12 people.")
    assert _swapped_number("Where was the film projected to gross $80-85 million?", "It was projected to gross "
                           "$70-75 million from 3,927 screens.")


def test_a_fitted_policy_decides_over_the_signals_and_keeps_what_the_article_misses():
    from qa.judge import SIGNALS, Policy, decide_fitted

    assert Policy.from_meta(None) is None and Policy.from_meta({"weights": {"score": 1.0}, "bias": 0, "threshold": .5}) is None
    from qa.judge import candidate
    text2 = "The Committee decided today to lower its target by 50 basis points to 3 percent."
    h2 = hit(0, "fomc", text2)
    pct = Answer("3 percent", 0.9, 0, text2.index("3 percent"), len(text2) - 1, margin=6.0, hit=h2)
    bps = Answer("50 basis points", 0.5, 0, text2.index("50"), text2.index("50") + 15, margin=2.0, hit=h2)
    assert candidate("How many basis points was the cut?", [pct, bps], lambda d: text2) is bps  # the unit asked for
    weights = {k: 0.0 for k in SIGNALS} | {"score": 4.0, "contradiction": -10.0, "missing_in_article": -10.0}
    policy = Policy.from_meta({"weights": weights, "bias": -1.0, "threshold": 0.5})
    text = "The Committee decided today to lower its target to 3 percent."
    h = hit(0, "fomc", text)
    span = Answer("3 percent", 0.9, 0, text.index("3 percent"), len(text) - 1, margin=6.0, hit=h)
    fitted = decide_fitted("What did the Committee lower its target to?", [span], policy, lambda d: text)
    # The span answered, showing the P(right) the decision held to its threshold as its score.
    assert fitted.answer.text == span.text and fitted.answer.start == span.start
    assert fitted.answer.score >= policy.threshold == fitted.threshold and fitted.answer.score != span.score
    assert decide_fitted("What did the Committee raise its target to?", [span], policy, lambda d: text).answer is None
    v = decide_fitted("What did the ECB lower its target to?", [span], policy, lambda d: text)
    assert v.answer is None and v.unmentioned == ["ECB"] and v.closest is span


def test_answers_of_other_articles_that_differ_nearly_as_confidently_are_a_disagreement():
    from qa.judge import disagreeing

    a = span("530 pence", 0.8, 6.0, 0, {0: hit(0, "jan")})
    other = span("600 pence", 0.7, 5.0, 1, {1: hit(0, "feb")})
    weak = span("450 pence", 0.5, 2.0, 2, {2: hit(0, "mar")})
    same_article = span("a share", 0.78, 5.0, 3, {3: hit(1, "jan")})
    same_words = span("530 pence a share", 0.79, 5.0, 4, {4: hit(0, "apr")})
    assert disagreeing(a, [other, weak, same_article, same_words]) == [other]
    assert disagreeing(None, [other]) == []


def test_a_number_of_the_unit_asked_for_and_by_how_much_the_amount_after_by():
    from qa.judge import candidate

    text = "The Committee decided today to lower its target by 25 basis points to 1-3/4 percent."
    at = words_in(text)
    level, bare, amount = at("1-3/4 percent", 12.0, 0.7), at("25", 10.0, 0.6), at("25 basis points", 9.0, 0.55)
    picked = candidate("How many basis points was the target cut?", [level, bare], lambda d: text)
    assert picked is bare  # the number the unit asked for follows; the unit stays with the question
    assert candidate("By how much was the target cut?", [level, amount], lambda d: text) is amount
    assert candidate("What was the target cut to?", [level, amount], lambda d: text) is level


def test_a_latest_answer_lists_each_change_of_value_once_newest_first():
    from dataclasses import replace as with_

    days = ["2022-03-01", "2022-02-01", "2022-01-15", "2022-01-01"]
    said = ["600 pence", "600 pence", "530 pence", "530 pence"]
    hits = {i: with_(hit(0, f"d{i}"), date=day) for i, day in enumerate(days)}
    spans = [span(text, 0.8, 6.0, i, hits) for i, text in enumerate(said)]
    v = decide("What is the latest offer?", spans, 0.3, latest=True)
    assert [(d, a.text) for d, a in v.dated_answers] == [("2022-03-01", "600 pence"), ("2022-01-15", "530 pence")]


@pytest.mark.parametrize("question, said, listed", [
    # business: the offers, not the deadline an article's best span was
    ("What is the latest offer?", ["495 pence", "3 April", "455 pence", "410 pence"],
     ["495 pence", "455 pence", "410 pence"]),
    # weather: the death tolls, not how long the search went on
    ("What is the latest death toll?", ["81", "three days", "53"], ["81", "53"]),
])
def test_a_latest_value_lists_earlier_values_of_its_own_kind_only(question, said, listed):
    from dataclasses import replace as with_

    days = ["2023-03-20", "2023-03-14", "2023-03-09", "2023-03-06"][:len(said)]
    hits = {i: with_(hit(0, f"d{i}"), date=day) for i, day in enumerate(days)}
    spans = [span(text, 0.8, 6.0, i, hits) for i, text in enumerate(said)]
    v = decide(question, spans, 0.3, latest=True)
    assert v.answer.text == said[0] and [a.text for _, a in v.dated_answers] == listed


def test_who_is_the_role_prefers_the_name_the_text_gives_that_role():
    from qa.judge import candidate

    text = ("Chief executive Ingrid Solberg said demand had grown. Chief financial officer Lars Henning said the "
            "factory would cost 900 million kroner.")
    at = words_in(text, "report")
    lars, ingrid = at("Lars Henning", 8.0, 0.7), at("Ingrid Solberg", 3.0, 0.4)
    assert candidate("Who is the chief executive of Norvik Foods?", [lars, ingrid], lambda d: text) is ingrid
    assert candidate("Who is the chief financial officer?", [ingrid, lars], lambda d: text) is lars
    assert candidate("Who said the factory would cost 900 million kroner?", [lars, ingrid], lambda d: text) is lars


def test_an_amount_keeps_its_currency():
    from qa.judge import candidate

    text = "The factory would cost around 900 million kroner and employ 350 people."
    i = text.index("900 million")
    cost = Answer("900 million", 0.8, 0, i, i + 11, margin=6.0, hit=hit(0, "r", text))
    assert candidate("How much will the factory cost?", [cost], lambda d: text).text == "900 million kroner"
    assert candidate("What will the factory do?", [cost], lambda d: text).text == "900 million"


def test_a_level_is_asked_for_by_changed_to_and_a_bare_time_word_answers_only_when():
    from qa.judge import candidate, expected_type, type_fit

    assert expected_type("What did the FOMC lower its target to?") == "number"
    assert expected_type("What did the FOMC keep its target range at, according to the January 2009 statement?") \
        == "number"
    assert expected_type("What did Peskov say to reporters?") == ""  # "to" of someone, no change asked
    text = "The Committee decided today to lower its target for the federal funds rate to 2-1/2 percent."
    at = words_in(text)
    rate, level, today = at("federal funds rate", 9.0), at("2-1/2 percent", 4.0), at("today", 8.0)
    assert candidate("What did the FOMC lower its target to?", [rate, level], lambda d: text) is level
    assert type_fit("What did the Committee decide?", "today") == -1 and type_fit("When did it decide?", "today") == 1
    assert candidate("What did the Committee decide?", [today, rate], lambda d: text).start == rate.start


def test_a_plural_asked_reads_the_whole_list_of_names():
    from qa.judge import candidate

    text = ("The Board approved the requests submitted by the Federal Reserve Banks of Boston, New York, "
            "Philadelphia, Chicago and San Francisco.")
    i = text.index("Boston")
    boston = Answer("Boston", 0.8, 0, i, i + 6, margin=6.0, hit=hit(0, "fomc", text))
    assert candidate("Which Reserve Banks requested it?", [boston], lambda d: text).text == \
        "Boston, New York, Philadelphia, Chicago and San Francisco"
    assert candidate("Which Reserve Bank requested it?", [boston], lambda d: text).text == "Boston"  # one asked
    assert candidate("What was the status?", [boston], lambda d: text).text == "Boston"


def test_who_was_a_role_without_an_article_prefers_the_name_given_that_role():
    from qa.judge import candidate

    text = "Voting for the action were: Ben S. Bernanke, Chairman; Timothy F. Geithner, Vice Chairman; Susan S. Bies."
    at = words_in(text)
    bernanke, geithner, bies = at("Ben S. Bernanke", 3.0), at("Timothy F. Geithner", 5.0), at("Susan S. Bies", 6.0)
    assert candidate("Who was Chairman?", [bies, geithner, bernanke], lambda d: text) is bernanke
    assert candidate("Who was Vice Chairman?", [bies, bernanke, geithner], lambda d: text) is geithner


def test_how_much_of_a_thing_prefers_the_amount_the_text_says_of_it():
    from qa.judge import candidate

    text = ("The Committee decided to increase its purchases of agency debt this year by up to $100 billion. "
            "It decided to purchase up to $300 billion of longer-term Treasury securities.")
    at = words_in(text)
    treasury, agency = at("up to $300 billion", 9.0), at("$100 billion", 8.5)
    assert candidate("How much agency debt did the Committee decide to buy?", [treasury, agency],
                     lambda d: text) is agency
    assert candidate("How much Treasury securities did it decide to buy?", [agency, treasury],
                     lambda d: text).text == treasury.text
    assert candidate("How much did the Committee decide to buy?", [treasury, agency], lambda d: text) is treasury
    # One passage, its span the other amount: the amount said "of" the thing asked about.
    said = ("The Federal Reserve will purchase up to $200 billion of agency debt by the end of the year. In addition, "
            "it will buy up to $300 billion of Treasury securities by autumn.")
    at = words_in(said)
    assert candidate("How much agency debt will it buy by autumn?", [at("up to $300 billion", 9.0)],
                     lambda d: said).text == "up to $200 billion"
    assert candidate("How much of Treasury securities will it buy?", [at("up to $300 billion", 9.0)],
                     lambda d: said).text == "up to $300 billion"
    assert candidate("How much gold will it buy?", [at("up to $300 billion", 9.0)], lambda d: said).text == \
        "up to $300 billion"  # no amount said of gold: the reader's span


def test_a_person_asked_about_must_be_in_the_answers_sentence():
    """A look-alike: "What did Janet Yellen prefer?" over a statement where Yellen voted for the action
    and Lacker, in the next sentence, preferred something; the same question of Lacker is answered,
    and so is one whose answer's sentence refers back to the person with "he"."""
    from qa.judge import subject_elsewhere

    text = ("Voting for the action were: Ben S. Bernanke, Chairman; and Janet L. Yellen. Voting against was "
            "Jeffrey M. Lacker, who preferred an increase of 25 basis points.")
    i = text.index("an increase")
    span = Answer("an increase of 25 basis points", 0.8, 0, i, i + 30, margin=6.0, hit=hit(0, "fomc", text))
    assert subject_elsewhere("What did Janet Yellen prefer at the August 2006 meeting?", span)
    assert not subject_elsewhere("What did Jeffrey Lacker prefer?", span)
    assert not subject_elsewhere("What did the Committee prefer?", span)  # a body: left to the other signals
    said = "Dmitry Peskov spoke on Monday. He said the talks were useful."
    j = said.index("the talks")
    peskov = Answer("the talks were useful", 0.8, 0, j, j + 21, margin=6.0, hit=hit(0, "seed", said))
    assert not subject_elsewhere("What did Peskov say?", peskov)
    # "its" refers back to no person: the list before it that names Esther George does not say what she believed.
    text = ("Voting for the action were: Esther L. George; and Janet L. Yellen. Voting against the action was Eric "
            "S. Rosengren, who believes that growth is below its potential rate, so changes are premature.")
    premature = words_in(text)("premature", 9.0, 0.9)
    assert subject_elsewhere("What did Esther George believe about changes?", premature)
    assert not subject_elsewhere("What did Rosengren believe about changes?", premature)
    # A middle initial ends no sentence: the first of two dissenters is in the answer's sentence.
    text = ("Voting against were Richard W. Fisher and Charles I. Plosser, who preferred less aggressive action at "
            "this meeting. Dr. Smith voted for it.")
    less = words_in(text)("less aggressive action", 9.0, 0.9)
    assert not subject_elsewhere("What did Fisher prefer?", less)
    assert not subject_elsewhere("What did Richard W. Fisher and Charles I. Plosser prefer?", less)
    assert subject_elsewhere("What did Smith prefer?", less)


def test_the_person_asked_about_is_the_subject_the_parse_finds():
    """The person asked about is the proper name the parse makes the question's subject: "Labour leader
    Jeremy Corbyn" asks about Corbyn, not Labour (politics); a possessive asks about a thing ("Katrina's
    devastation", FOMC); "it" refers back to a storm named earlier in the paragraph (weather); and a "he"
    with no one named before it in the paragraph refers to someone of an earlier one, unknown here."""
    from qa.judge import subject_elsewhere

    labour = "Labour called the plan a smash and grab on our democracy."
    grab = confident(labour, "a smash and grab on our democracy")
    assert subject_elsewhere("How did Labour leader Jeremy Corbyn describe the plan?", grab)
    corbyn = "Jeremy Corbyn called the plan a smash and grab on our democracy."
    assert not subject_elsewhere("How did Labour leader Jeremy Corbyn describe the plan?",
                                 confident(corbyn, "a smash and grab on our democracy"))
    storm = ("Tropical Depression Three formed over the Bahamas this weekend. If it strengthened, it would be named "
             "Tropical Storm Chantal.")
    chantal = confident(storm, "Tropical Storm Chantal")
    assert not subject_elsewhere("What would Tropical Depression Three have been named if it had strengthened?",
                                 chantal)
    implied = "The devastation implies that spending and employment will be set back in the near term."
    set_back = confident(implied, "spending and employment will be set back in the near term")
    assert not subject_elsewhere("What does Katrina’s devastation imply?", set_back)
    alone = "He said the talks were aimed at reaching concrete results."
    results = confident(alone, "aimed at reaching concrete results")
    assert not subject_elsewhere("What did Lavrov say about the talks?", results)  # "he": of an earlier paragraph
    named = "Dmitry Peskov spoke on Monday. " + alone
    assert subject_elsewhere("What did Lavrov say about the talks?",
                             confident(named, "aimed at reaching concrete results"))
    # The name before the pronoun may be in the answer's own sentence (news paragraphs are often one sentence).
    peskov = "Peskov said he expected the talks to reach concrete results."
    assert subject_elsewhere("What did Lavrov say about the talks?", confident(peskov, "concrete results"))


def test_where_the_parse_finds_no_subject_the_capitalised_words_are_the_person():
    """The small model reads some short questions' verbs as nouns ("What did Nadal win?"): the words the
    question pattern matched are the person then (sport); a subject of a clause after the main verb is
    not the one asked about ("after Federer retired"); and without the spaCy pipeline the check still runs."""
    from qa import language
    from qa.judge import subject_elsewhere

    federer = "Roger Federer won the Wimbledon title on Sunday."
    assert subject_elsewhere("What did Nadal win?", confident(federer, "the Wimbledon title"))
    nadal = "Rafael Nadal won his tenth French Open title."
    assert not subject_elsewhere("What did Nadal win after Federer retired?",
                                 confident(nadal, "his tenth French Open title"))
    votes = ("Voting for the action were: Ben S. Bernanke, Chairman; and Janet L. Yellen. Voting against was "
             "Jeffrey M. Lacker, who preferred an increase of 25 basis points at its meeting.")
    increase = confident(votes, "an increase of 25 basis points")
    assert subject_elsewhere("What did Janet Yellen prefer?", increase)
    saved = language._state.get("nlp")
    language._state["nlp"] = None  # as when the model is not installed: "its" is no person's
    try:
        assert subject_elsewhere("What did Janet Yellen prefer?", increase)
    finally:
        language._state["nlp"] = saved


def test_a_subject_the_model_types_as_no_person_is_left_to_the_other_signals():
    """"Where did Apple say it would hold its event?": a company is said as "the company" or "it", so
    its absence from the answer's sentence is no veto (technology); a person's still is (FOMC)."""
    from qa.judge import subject_elsewhere

    text = "Apple sent invitations on Tuesday. The company will hold the event at the California Theater in San Jose."
    theater = words_in(text)("California Theater", 9.0, 0.9)
    assert not subject_elsewhere("Where did Apple say it would hold its special event?", theater)
    # FOMC: a surname the small model types as an organisation in the question ("Tarullo") is still a
    # person where the passage names him in full, so Lacker's preference does not answer for him
    text = ("Voting for the action were: Ben S. Bernanke, Chairman; Daniel K. Tarullo; and Janet L. Yellen. Voting "
            "against was Jeffrey M. Lacker, who preferred an increase of 25 basis points.")
    increase = words_in(text)("an increase of 25 basis points", 9.0, 0.9)
    assert subject_elsewhere("What did Tarullo prefer?", increase)
    assert not subject_elsewhere("What did Lacker prefer?", increase)


def test_a_span_past_the_amount_asked_is_cut_to_that_amount():
    """Two amounts, or an amount and another clause, in one span: the amount said of what the question
    names ("agency" or "Treasury" securities); for a level ("increased to"), the amount after "to",
    for "by how much" the one after "by"; a range and an amount with its noun stay whole."""
    from qa.judge import candidate

    text = ("The Committee decided to continue purchasing additional agency mortgage-backed securities at a pace of "
            "$40 billion per month and longer-term Treasury securities at a pace of $45 billion per month. It "
            "intends to purchase a further $600 billion of longer-term Treasury securities by the end of the second "
            "quarter of 2011, a pace of about $75 billion per month. It will increase its purchases of agency debt "
            "by up to $100 billion to a total of up to $200 billion. The range stays 0 to 1/4 percent.")
    at = words_in(text)
    both = at("$40 billion per month and longer-term Treasury securities at a pace of $45 billion per month", 9.0)

    def read(question, span):
        return candidate(question, [span], lambda d: text).text
    assert read("At what pace will it purchase agency mortgage-backed securities?", both) == "$40 billion per month"
    assert read("At what pace will it purchase longer-term Treasury securities?", both) == "$45 billion per month"
    assert read("At what monthly pace will it purchase Treasury securities?",
                at("second quarter of 2011, a pace of about $75 billion per month", 9.0)) == "about $75 billion per month"
    change = at("up to $100 billion to a total of up to $200 billion", 9.0)
    assert read("What will its purchases of agency debt be increased to?", change) == "up to $200 billion"
    assert read("By how much will its purchases of agency debt be increased?", change) == "up to $100 billion"
    # "by up to" before the span: the change still, though "to" is among the words before it
    assert read("What will its purchases of agency debt be increased to?",
                at("$100 billion to a total of up to $200 billion", 9.0)) == "up to $200 billion"
    assert read("What percent is the range?", at("0 to 1/4 percent", 9.0)) == "0 to 1/4 percent"
    assert read("How much will it purchase?", at("$600 billion of longer-term Treasury securities", 9.0)) == \
        "$600 billion of longer-term Treasury securities"
    # Bare numbers, whose units are many and whose noun may come after them, stay whole (SQuAD dev).
    wiki = "Ctenophores grow from a few millimeters to 1.5 m (4 ft 11 in) in size. It has 79 libraries with over 18 million volumes."
    at = words_in(wiki)
    assert candidate("How large can ctenophora grow?", [at("1.5 m (4 ft 11 in)", 9.0)], lambda d: wiki).text == \
        "1.5 m (4 ft 11 in)"
    assert candidate("How many volumes are in the library?", [at("79 libraries with over 18 million", 9.0)],
                     lambda d: wiki).text == "79 libraries with over 18 million"


def test_an_act_or_thing_asked_for_keeps_the_level_its_clause_gives():
    from qa.judge import candidate

    text = ("The Committee decided today to keep its target for the federal funds rate unchanged at 1-3/4 percent. "
            "It established a target range for the federal funds rate of 0 to 1/4 percent.")
    at = words_in(text)
    kept, established = at("keep its target for the federal funds rate unchanged", 9.0), at("a target range", 9.0)
    assert candidate("What did the Committee do with the target?", [kept], lambda d: text).text == \
        "keep its target for the federal funds rate unchanged at 1-3/4 percent"
    assert candidate("What did the FOMC establish?", [established], lambda d: text).text == \
        "a target range for the federal funds rate of 0 to 1/4 percent"
    # a level the question states is not added again; a question of another kind keeps the span
    assert candidate("What did the Committee do with the target at 1-3/4 percent?", [kept],
                     lambda d: text).text == "keep its target for the federal funds rate unchanged"
    assert candidate("Why did the Committee decide to keep it?", [kept], lambda d: text).text == \
        "keep its target for the federal funds rate unchanged"


def test_who_was_a_role_when_something_happened_prefers_the_name_given_that_role():
    from qa.judge import candidate

    text = "Voting for the action were: Ben S. Bernanke, Chairman; Timothy F. Geithner, Vice Chairman."
    at = words_in(text)
    bernanke, fomc = at("Ben S. Bernanke", 3.0), at("Voting", 8.0)
    assert candidate("Who was Chairman when the FOMC raised its target to 5 percent?", [fomc, bernanke],
                     lambda d: text) is bernanke


def test_a_level_asked_prefers_the_level_to_the_change_by():
    from qa.judge import asks_level, candidate

    text = "The Committee decided today to lower its target for the federal funds rate by 50 basis points to 2-1/2 percent."
    at = words_in(text)
    change, level, both = at("50 basis points", 9.0), at("2-1/2 percent", 7.0), at("50 basis points to 2-1/2 percent", 8.0)
    assert asks_level("What did the FOMC lower its target to in October 2001?")
    assert not asks_level("How much did the FOMC lower its target?")
    assert candidate("What did the FOMC lower its target to?", [change, level], lambda d: text) is level
    # a span that holds the level too is cut to the level ("50 basis points to 2-1/2 percent" is a change
    # and a level, not a range), and for "by how much" to the change
    assert candidate("What did the FOMC lower its target to?", [both, level], lambda d: text).text == "2-1/2 percent"
    assert candidate("By how much did the FOMC lower its target?", [both], lambda d: text).text == "50 basis points"
    assert candidate("By how much did the FOMC lower its target?", [level, change], lambda d: text) is change


def test_how_much_keeps_basis_points_with_the_number():
    from qa.judge import candidate

    text = "The Board of Governors approved a 25 basis point reduction in the discount rate to 1-1/4 percent."
    at = words_in(text)
    assert candidate("By how much did the Board cut the discount rate?", [at("25", 6.0)], lambda d: text).text == \
        "25 basis point"
    # a counted unit stays with the question
    assert candidate("How many basis points did the Board cut the discount rate?", [at("25", 6.0)],
                     lambda d: text).text == "25"


def test_a_subject_asked_for_is_not_the_clause_joined_before_it():
    """"What is restraining economic growth?" over "... mortgage rates have risen further and fiscal
    policy is restraining economic growth": "fiscal policy"; a list of subjects stays whole."""
    from qa.judge import candidate

    text = ("The housing sector has been strengthening, but mortgage rates have risen further and fiscal policy is "
            "restraining economic growth. Industrial production, housing starts, and employment have continued to "
            "decline steeply.")
    at = words_in(text)
    assert candidate("What is restraining economic growth?", [at("mortgage rates have risen further and fiscal policy",
                                                                   9.0)], lambda d: text).text == "fiscal policy"
    listed = at("Industrial production, housing starts, and employment", 9.0)
    assert candidate("What have continued to decline steeply?", [listed], lambda d: text).text == listed.text


def test_how_much_a_rate_was_changed_is_the_change_not_the_level():
    """"How much did the FOMC lower its target?" over "lower its target 75 basis points to 2-1/4 percent":
    the change, said just before the level; "... lower its target to?" is the level."""
    from qa.judge import asks_by_how_much, candidate

    text = "The Committee decided today to lower its target for the federal funds rate 75 basis points to 2-1/4 percent."
    at = words_in(text)
    spans = [at("2-1/4 percent", 15.5, 0.82), at("75 basis points", 14.2, 0.77)]
    assert asks_by_how_much("How much did the FOMC lower its target in March 2008?")
    assert not asks_by_how_much("How much did the FOMC lower its target to?")
    assert not asks_by_how_much("How much money did the company raise?")
    assert candidate("How much did the FOMC lower its target in March 2008?", spans, None).text == "75 basis points"
    assert candidate("What did the FOMC lower its target to?", spans, None).text == "2-1/4 percent"


def test_an_amount_said_of_another_thing_a_roster_and_an_echo_are_vetoed():
    """Look-alikes the reader answers confidently: an amount the text says is of Treasury securities for
    "How much agency debt"; a name from the list of those voting for, for what a person preferred; the
    question's own word back ("At what pace" -> "pace")."""
    from qa.judge import amount_of_other_thing, echoes_question, roster_only

    text = "The Committee intends to purchase $400 billion of Treasury securities by the end of June 2012."
    at = words_in(text)
    assert amount_of_other_thing("How much agency debt does the Committee intend to purchase?", at("$400 billion", 9.0))
    assert not amount_of_other_thing("How much in Treasury securities will it purchase?", at("$400 billion", 9.0))
    assert not amount_of_other_thing("How much money will it spend?", at("$400 billion", 9.0))  # one word: not held
    more = "It intends to purchase a further $600 billion of longer-term Treasury securities by mid-2011."
    six = words_in(more)("$600 billion", 9.0)
    assert amount_of_other_thing("How much in agency mortgage-backed securities does it intend to purchase?", six)
    assert not amount_of_other_thing("How much in Treasury securities does it intend to purchase?", six)
    roster = ("Voting for the action were: Ben S. Bernanke, Chairman; Elizabeth A. Duke; Richard W. Fisher; and "
              "Donald L. Kohn.")
    duke = words_in(roster)("Elizabeth A. Duke", 6.0, 0.3)
    assert roster_only("What did Richard Fisher prefer in December 2008?", duke)
    assert not roster_only("What did Richard Fisher vote for?", duke)  # the roster says what they voted for
    dissent = ("Voting against the action were: Richard W. Fisher, Narayana Kocherlakota, and Charles I. Plosser, "
               "who would have preferred to continue the guidance.")
    assert not roster_only("What did Fisher prefer?", words_in(dissent)("to continue the guidance", 9.0, 0.9))
    pace = "Policy accommodation can be removed at a pace that is likely to be measured."
    assert echoes_question("At what pace can policy accommodation be removed?", words_in(pace)("pace", 12.0, 0.7))
    assert not echoes_question("At what pace can it be removed?", words_in(pace)("likely to be measured", 9.0))
    assert not echoes_question("Is the pace measured or fast?", words_in(pace)("measured", 9.0))  # a choice


def test_both_subjects_of_a_plural_verb_and_the_object_of_the_preposition_asked():
    """A subject asked for whose verb is plural in the text is both subjects joined by "and", whichever of
    them the reader's span is; "In what ...?" reads what follows the span's last "in"."""
    from qa.judge import candidate

    text = ("Elevated energy prices and hurricane-related disruptions in economic activity have temporarily depressed "
            "output and employment. Financial markets remain under considerable stress, and the tightening of "
            "credit conditions and the deepening of the housing contraction are likely to weigh on economic growth. "
            "Output is rising and prices have risen.")
    at = words_in(text)
    assert candidate("What have temporarily depressed output and employment?", [at("Elevated energy prices", 9.0)],
                     None).text == "Elevated energy prices and hurricane-related disruptions in economic activity"
    assert candidate("What is likely to weigh on economic growth?", [at("the deepening of the housing contraction",
                                                                          9.0)], None).text == \
        "the tightening of credit conditions and the deepening of the housing contraction"
    assert candidate("What have risen?", [at("prices", 9.0)], None).text == "prices"  # "Output is rising": a clause
    reinvest = ("The Committee will now reinvest principal payments from its holdings of agency debt and agency "
                "mortgage-backed securities in agency mortgage-backed securities.")
    held = words_in(reinvest)("agency debt and agency mortgage-backed securities in agency mortgage-backed securities",
                              9.0)
    assert candidate("In what will the Committee reinvest principal payments?", [held], None).text == \
        "agency mortgage-backed securities"
    assert candidate("What will the Committee reinvest principal payments from?", [held], None).text == \
        "its holdings of " + held.text  # the object of "from", from the verb on


def test_the_object_of_the_verb_asked_starts_right_after_it():
    """"What did Plosser object to?" over "objected to the guidance indicating ... | maintain the current target
    range" reads from "the guidance"; "What is the Committee prepared to do?" over "is monitoring the situation
    and is prepared to act as needed ..." reads what follows "prepared to"; a sentence that names the question's
    subject after the verb is left to the reader."""
    from qa.judge import candidate

    text = ("President Plosser objected to the guidance indicating that it likely will be appropriate to maintain the "
            "current target range for a considerable time. The Committee is monitoring the situation and is prepared "
            "to act as needed to mitigate the adverse effects on the economy. The album was bundled with replicas of "
            "the sword.")
    at = words_in(text)
    assert candidate("What did Plosser object to?", [at("maintain the current target range", 9.0)], None).text == \
        "the guidance indicating that it likely will be appropriate to maintain the current target range"
    assert candidate("What is the Committee prepared to do, according to the August 17, 2007 statement?",
                     [at("monitoring the situation", 9.0)], None).text == \
        "act as needed to mitigate the adverse effects on the economy"
    assert candidate("What were replicas of the sword bundled with?", [at("The album", 9.0)], None).text == "The album"


def test_the_value_a_decision_replaced_is_not_the_answer():
    """"at a pace of $20 billion per month rather than $25 billion per month": the reader's best span is the
    old pace; the new one is answered."""
    from qa.judge import candidate

    text = ("Beginning in May, the Committee will add to its holdings of agency mortgage-backed securities at a pace "
            "of $20 billion per month rather than $25 billion per month.")
    at = words_in(text)
    spans = [at("$25 billion per month", 18.2, 0.6), at("$20 billion per month", 17.6, 0.5)]
    assert candidate("At what pace will the Committee add to its holdings beginning in May?", spans, None).text == \
        "$20 billion per month"


def test_of_two_amounts_in_one_sentence_the_one_whose_clause_names_the_thing_asked():
    """"At what pace will it add to its holdings of agency mortgage-backed securities?" over a sentence that
    gives the agency pace and then the Treasury pace: the agency one, though the reader scores the other
    higher; bare counts in prose are left in the reader's order."""
    from qa.judge import candidate

    text = ("Beginning in May, the Committee will add to its holdings of agency mortgage-backed securities at a pace "
            "of $20 billion per month rather than $25 billion per month, and will add to its holdings of longer-term "
            "Treasury securities at a pace of $25 billion per month rather than $30 billion per month.")
    at = words_in(text)
    i = text.index("$25 billion per month", text.index("Treasury"))
    treasury = Answer("$25 billion per month", 0.9, 0, i, i + 21, margin=18.2, hit=at("$20 billion per month", 1).hit)
    agency = at("$20 billion per month", 17.6, 0.88)
    asked = "At what pace will the Committee add to its holdings of agency mortgage-backed securities?"
    assert candidate(asked, [treasury, agency], None).text == "$20 billion per month"
    assert candidate(asked, [treasury, agency], None).start == agency.start
    assert candidate("At what pace will it add to its holdings of Treasury securities?", [treasury, agency],
                     None).start == treasury.start
    chained = ("It will purchase up to an additional $750 billion of agency mortgage-backed securities, bringing its "
               "total purchases of these securities to up to $1.25 trillion this year, and increase its purchases of "
               "agency debt this year by up to $100 billion to a total of up to $200 billion.")
    ch = words_in(chained)
    assert candidate("What will the purchases of agency debt be increased to?",
                     [ch("up to $200 billion", 12.0, 0.8), ch("$1.25 trillion", 11.0, 0.7)], None).text == \
        "up to $200 billion"  # "by $100 billion to ... $200 billion": one clause, of agency debt
    counts = "The team won seven games and lost three games in the season."
    c = words_in(counts)
    assert candidate("How many games did the team lose in the season?", [c("seven", 9.0), c("three", 8.0)],
                     None).text == "seven"  # bare counts: the reader's order


def test_dissented_is_asked_again_as_voted_against():
    """Only a vote's words change: "Who dissented?" -> "Who voted against the action?"; "Why did George
    dissent from the decision?" keeps its object; a question without the word has no paraphrase."""
    from qa.paraphrase import paraphrase

    assert paraphrase("Who dissented in September 2013?") == "Who voted against the action in September 2013?"
    assert paraphrase("Why did George dissent?") == "Why did George vote against the action?"
    assert paraphrase("Why did George dissent from the decision?") == "Why did George vote against the decision?"
    assert paraphrase("Who voted against the action?") is None
    assert paraphrase("What was his dissent about?") is None  # the noun
    assert paraphrase("Was there a dissent?") is None  # the noun after "a"


def test_the_verb_asked_in_the_next_sentence_and_a_pace_said_in_words():
    """"What did Charles I. Plosser object to?" over a span in the sentence that only lists the dissenters:
    the next sentence that says he objected holds the answer (to the quotation); "What pace of economic
    growth ...?" is answered "moderate", a pace in words (a number was wanted, and "third quarter" won)."""
    from qa.judge import candidate, type_fit

    text = ("Voting against the action were Richard W. Fisher and Charles I. Plosser. President Fisher believed that "
            "the outlook warranted an earlier reduction. President Plosser objected to the guidance indicating that "
            "it likely will be appropriate to maintain the current target range for \"a considerable time,\" because "
            "such language is time dependent.")
    at = words_in(text)
    assert candidate("What did Charles I. Plosser object to?", [at("Voting against the action", 8.0, 0.45)],
                     None).text == ("the guidance indicating that it likely will be appropriate to maintain the "
                                    "current target range")
    assert type_fit("What pace of economic growth does the Committee expect?", "moderate") == 0
    assert type_fit("At what pace will it purchase securities?", "$40 billion per month") == 1
    assert type_fit("How many basis points was the cut?", "moderate") == -1


def test_a_belief_or_a_concern_is_read_to_the_end_of_its_clause():
    """"What did Hoenig believe?" over "who believed that | economic and financial conditions | had changed ..."
    reads the whole that-clause (to its reason, "because ..."); "What was George concerned about?" and "What
    was George's concern?" read "concerned that ..." to the second predicate ("and, over time, ..."); a
    preference stays as the reader read it ("preferred at this meeting | to raise ...")."""
    from qa.judge import candidate

    text = ("Voting against the policy action was Thomas M. Hoenig, who believed that economic and financial "
            "conditions had changed sufficiently that the expectation was no longer warranted because it could lead "
            "to the buildup of financial imbalances.")
    at = words_in(text)
    assert candidate("What did Thomas M. Hoenig believe?", [at("economic and financial conditions", 9.0)], None).text \
        == "economic and financial conditions had changed sufficiently that the expectation was no longer warranted"
    text = ("Voting against the action was Esther L. George, who was concerned that the continued high level of "
            "monetary accommodation increased the risks of future economic and financial imbalances and, over time, "
            "could cause an increase in long-term inflation expectations.")
    at = words_in(text)
    wanted = ("the continued high level of monetary accommodation increased the risks of future economic and "
              "financial imbalances")
    for question in ("What was Esther L. George concerned about?", "What was Esther L. George’s concern?"):
        assert candidate(question, [at("increased the risks of future economic and financial imbalances", 9.0)],
                         None).text == wanted
    text = ("Voting against the action was Esther L. George, who preferred at this meeting to raise the target range "
            "for the federal funds rate to 1/2 to 3/4 percent.")
    at = words_in(text)
    wanted = "to raise the target range for the federal funds rate to 1/2 to 3/4 percent"
    assert candidate("What did Esther L. George prefer?", [at(wanted, 9.0)], None).text == wanted


def test_the_object_of_the_verb_asked_in_another_paragraph_comes_first():
    """The reader reads each paragraph apart: "What did Gramlich and McTeer prefer?" over "Voting against the
    action were: Edward M. Gramlich and Robert D. McTeer, Jr." (its best span) and "Governor Gramlich and
    President McTeer preferred a reduction ..." answers the latter; a best span whose sentence says the verb
    stays first."""
    from qa.judge import candidate

    roll = words_in("Voting against the action were: Edward M. Gramlich and Robert D. McTeer, Jr.", doc="a")
    said = words_in("Governor Gramlich and President McTeer preferred a reduction in the target for the federal "
                    "funds rate.", doc="a")
    spans = [roll("Voting against the action", 15.2, 0.8), said("a reduction in the target", 12.2, 0.7)]
    assert candidate("What did Edward M. Gramlich and Robert D. McTeer, Jr. prefer?", spans, None).text == \
        "a reduction in the target"
    assert candidate("Who voted against the action?", spans, None).text == "Voting against the action"


def test_the_subject_of_the_verb_asked_and_the_noun_it_depends_on():
    """"What is restraining economic growth?" over "mortgage rates have risen somewhat and fiscal policy is
    restraining economic growth": the subject of that verb, though the reader scores "mortgage rates" higher;
    "What does the Committee judge has strengthened?" over "the case for | an increase in the federal funds
    rate | has strengthened" reads the noun "the case for"; "How much did the FOMC lower its target?" over
    "by 50 basis points to | 1 1/4 percent" is the change."""
    from qa.judge import candidate

    at = words_in("Household spending advanced, but mortgage rates have risen somewhat and fiscal policy is "
                  "restraining economic growth.")
    spans = [at("mortgage rates", 18.7, 0.76), at("fiscal policy", 15.8, 0.7)]
    assert candidate("What is restraining economic growth?", spans, None).text == "fiscal policy"
    assert candidate("What have risen somewhat?", spans, None).text == "mortgage rates"
    at = words_in("The Committee judges that the case for an increase in the federal funds rate has strengthened "
                  "but decided to wait.")
    assert candidate("What does the Committee judge has strengthened?",
                     [at("an increase in the federal funds rate", 18.7)], None).text == \
        "the case for an increase in the federal funds rate"
    at = words_in("The Federal Open Market Committee decided today to lower its target for the federal funds rate "
                  "by 50 basis points to 1 1/4 percent.")
    assert candidate("How much did the FOMC lower its federal funds rate target?", [at("1 1/4 percent", 18.3)],
                     None).text == "50 basis points"
    assert candidate("What did the FOMC lower its federal funds rate target to?", [at("1 1/4 percent", 18.3)],
                     None).text == "1 1/4 percent"


def test_what_they_would_have_preferred_starts_after_the_verb():
    """"What would they have preferred?" over "who would have preferred to continue to describe | economic
    conditions | as likely to warrant ..." reads from "to continue"; "at this meeting" between the verb and the
    span is when, not what, and is left out."""
    from qa.judge import candidate

    at = words_in("Voting against the action were: Richard W. Fisher, Narayana Kocherlakota, and Charles I. Plosser, "
                  "who would have preferred to continue to describe economic conditions as likely to warrant "
                  "exceptionally low levels for the federal funds rate for an extended period.")
    assert candidate("What would Richard W. Fisher, Narayana Kocherlakota, and Charles I. Plosser have preferred?",
                     [at("economic conditions", 9.0)], None).text == "to continue to describe economic conditions"


@pytest.mark.parametrize("question, span, missing", [
    ("How many forks of the tool did the notice ask GitHub to take down?", "number", True),  # technology
    ("By how much did Apple's share price fall after the announcement?", "sharp decrease", True),  # business
    ("How many people were reported dead in the hotel fire?", "At least seventeen", False),  # disasters
    ("How much hush money was paid?", "$130,000", False),  # courts
    ("What percentage of the vote did Sanders receive?", "25.7%", False),  # politics
    ("How old was the mayor?", "53", False),
    ("Who is the lawyer representing the suspect?", "Australian", False),  # not an amount question
])
def test_an_amount_asked_for_needs_an_amount_in_the_answer(question, span, missing):
    from qa.judge import amount_missing
    from qa.types import Answer

    assert amount_missing(question, Answer(text=span, score=0.9, passage_index=0, start=0, end=len(span))) is missing


def test_a_count_in_words_is_a_number_and_its_noun_after_it_is_the_kind_asked():
    from qa.judge import candidate, says_number

    assert says_number("seventeen") and says_number("twenty-one") and says_number("1,000") and says_number("a dozen")
    assert not says_number("the mayor") and not says_number("Florida")
    # weather: a count written in words, the counted noun after it
    text = "At least nineteen people died and 40 were rescued after the flood, officials said."
    at = words_in(text, "weather")
    dead, rescued = at("nineteen", 5.0), at("40", 6.0)
    assert candidate("How many people died in the flood?", [rescued, dead], lambda d: text) is dead
    # technology: two counts in one list, the counted noun after the pair
    text = "The player comes in two sizes, holding 500 and 1,000 songs, and a case sold apart."
    at = words_in(text, "technology")
    songs, case = at("500 and 1,000", 4.0), at("a case", 6.0)
    assert candidate("How many songs can the player hold?", [case, songs], lambda d: text) is songs


def test_amounts_listed_respectively_answer_for_the_item_the_question_names():
    from qa.judge import candidate

    # technology: the item named by a number and its word ("60GB")
    text = "The player comes in a 30GB edition and a 60GB edition for US$299 and US$399, respectively."
    at = words_in(text, "technology")
    assert candidate("How much does the 60GB edition cost?", [at("US$299", 6.0)], lambda d: text).text == "US$399"
    assert candidate("How much does the 30GB edition cost?", [at("US$299", 6.0)], lambda d: text).text == "US$299"
    # politics: the item named by a word of a coordination
    text = "In the vote, Democrats and Republicans won 48 and 52 seats respectively, officials said."
    at = words_in(text, "politics")
    assert candidate("How many seats did the Republicans win?", [at("48 and 52", 6.0)], lambda d: text).text == "52"
    # health: places named before their counts
    text = "Confirmed cases in Ohio and Utah rose to 120 and 45 respectively by Friday."
    at = words_in(text, "health")
    assert candidate("How many confirmed cases did Utah have?", [at("120", 6.0)], lambda d: text).text == "45"


def test_how_long_is_answered_by_a_duration_said_in_words():
    from qa.judge import amount_missing, candidate, type_fit

    assert type_fit("How long could the repairs take?", "a year") == 1
    assert type_fit("How long did the strike last?", "the union") == -1
    assert type_fit("How many people died?", "a year") == -1  # a duration is no count
    # weather: the reader's best is a duration in words, its rival a number of another clause
    text = "The official said fixing the plant may take a year, after crews worked for two days on the line."
    at = words_in(text, "weather")
    year = at("a year", 6.0)
    assert not amount_missing("How long may fixing the plant take?", year)
    assert candidate("How long may fixing the plant take?", [year, at("two days", 5.0)], lambda d: text) is year
    # courts: a sentence in years
    text = "The judge sentenced him to six years in prison."
    assert not amount_missing("How long was the sentence?", words_in(text, "courts")("six years", 5.0))


def test_of_near_tied_spans_the_one_whose_sentence_names_what_the_question_names_comes_first():
    from qa.judge import candidate

    # politics: the best span's sentence names another party than the one asked about
    text = ("For a candidate to win the Democratic Party's nomination, at least 1,991 delegates are needed. "
            "On the Republican side, 1,276 delegates are required to secure the nomination.")
    at = words_in(text, "politics")
    dem, rep = at("1,991", 9.0, 0.92), at("1,276", 8.8, 0.91)
    asked = "How many delegates does a candidate need to secure the Republican nomination?"
    assert candidate(asked, [dem, rep], lambda d: text) is rep
    assert candidate("How many delegates are needed for the Democratic nomination?", [dem, rep], lambda d: text) is dem
    # health: far apart in score, the reader's best stands
    text = "In Ohio, 120 cases were confirmed. Officials in Utah confirmed 45 cases."
    at = words_in(text, "health")
    ohio, utah = at("120", 9.0, 0.9), at("45", 5.0, 0.5)
    assert candidate("How many cases were confirmed in Utah?", [ohio, utah], lambda d: text) is ohio


def test_who_reads_the_persons_name_where_a_place_runs_into_it():
    from qa.judge import candidate

    # politics: "Senator from Vermont Bernie Sanders" read as "Vermont Bernie Sanders"
    text = "Yesterday, United States Senator from Vermont Bernie Sanders won the Democratic caucuses in Nevada."
    at = words_in(text, "politics")
    assert candidate("Who won the Nevada caucuses?", [at("Vermont Bernie Sanders", 6.0)], lambda d: text).text \
        == "Bernie Sanders"
    # business: a name with its company before it in a list stays as the reader read it
    text = "The deal was signed by Airbus chief Tom Enders and Boeing's Jim McNerney on Monday."
    at = words_in(text, "business")
    assert candidate("Who signed the deal?", [at("Airbus chief Tom Enders", 6.0)], lambda d: text).text \
        == "Airbus chief Tom Enders"
    # not a who-question: the span stays
    text = "Voters in Vermont Bernie Sanders' home state turned out."
    assert candidate("Where did voters turn out?", [words_in(text, "politics")("Vermont", 6.0)],
                     lambda d: text).text == "Vermont"


def test_on_what_date_wants_a_day_of_a_month_not_a_weekday():
    from qa.judge import type_fit

    assert type_fit("On what date is the suspect due back in court?", "Friday") == -1
    assert type_fit("On what date is the suspect due back in court?", "April 5") == 1
    assert type_fit("When is the suspect due back in court?", "Friday") == 1  # "when" takes a weekday


@pytest.mark.parametrize("genre, text, spans, question, picked", [
    # courts: the weekday the reader prefers, the date "on what date" asks for
    ("courts", "The suspect appeared in court on Friday and is due back on April 5, the judge said.",
     [("Friday", 9.0, 0.6), ("April 5", 4.0, 0.2)], "On what date is the suspect due back in court?", "April 5"),
    # politics: a place in an order asked, read from the sentence that says it; the winner for "who won"
    ("politics", "Bernie Sanders won the primary with 26 percent. Pete Buttigieg came in second with 24 percent.",
     [("Bernie Sanders", 9.0, 0.5), ("Pete Buttigieg", 7.0, 0.4)], "Who finished second in the primary?",
     "Pete Buttigieg"),
    ("politics", "Bernie Sanders won the primary with 26 percent. Pete Buttigieg came in second with 24 percent.",
     [("Bernie Sanders", 9.0, 0.5), ("Pete Buttigieg", 7.0, 0.4)], "Who won the primary?", "Bernie Sanders"),
    # business: no sentence says the place asked: the reader's order stands
    ("business", "Profits rose in the quarter. Sales fell in March.",
     [("Profits rose", 9.0, 0.5), ("Sales fell", 7.0, 0.4)], "What happened in the third quarter?", "Profits rose"),
    # business: "at what level" is the amount the text says the index is at, not its fall
    ("business", "The index fell 344.65 on Thursday. The fall left the index at 11,188.23, its lowest close in a year.",
     [("344.65", 9.0, 0.85), ("11,188.23", 3.0, 0.12)], "At what level did the index close on Thursday?",
     "11,188.23"),
    ("business", "The index fell 344.65 on Thursday. The fall left the index at 11,188.23, its lowest close in a year.",
     [("344.65", 9.0, 0.85), ("11,188.23", 3.0, 0.12)], "How much did the index fall on Thursday?", "344.65"),
    # weather: a river's rise and the level it reached
    ("weather", "The river rose 2 metres overnight to 9.5 metres at the bridge.",
     [("2 metres", 8.0, 0.7), ("9.5 metres", 6.0, 0.5)], "To what level did the river rise?", "9.5 metres"),
    # courts: the holder of the role asked, not one the text calls its former holder
    ("courts", "Ex-Prime Minister Donald Tusk wrote a message. Prime Minister Mateusz Morawiecki tweeted prayers.",
     [("Donald Tusk", 9.0, 0.66), ("Mateusz Morawiecki", 7.0, 0.57)], "Who was Poland's prime minister in 2019?",
     "Mateusz Morawiecki"),
    ("business", "Former chief executive Tom Berg spoke first. Chief executive Ingrid Solberg spoke later.",
     [("Tom Berg", 9.0, 0.7), ("Ingrid Solberg", 7.0, 0.5)], "Who is Norvik's chief executive?", "Ingrid Solberg"),
    # the former holder's title said with more words before the role
    ("politics", "Former Polish Prime Minister Donald Tusk wrote a message. Prime Minister Mateusz Morawiecki "
     "tweeted prayers.", [("Donald Tusk", 9.0, 0.66), ("Mateusz Morawiecki", 7.0, 0.57)],
     "Who is Poland's prime minister?", "Mateusz Morawiecki"),
    # another owner's holder, a deputy, a hyphenated name ending in "ex": not the holder; the reader's order stands
    ("technology", "Tim Cook unveiled the phone on Tuesday. Microsoft CEO Satya Nadella praised it.",
     [("Tim Cook", 9.0, 0.7), ("Satya Nadella", 7.0, 0.5)], "Who is Apple's CEO?", "Tim Cook"),
    ("politics", "Donald Trump spoke first. Vice President Mike Pence spoke later.",
     [("Donald Trump", 9.0, 0.7), ("Mike Pence", 7.0, 0.5)], "Who is the president?", "Donald Trump"),
    ("business", "Former chief executive Tom Berg spoke first. Chief executive Ingrid Solberg spoke later.",
     [("Tom Berg", 9.0, 0.7), ("Ingrid Solberg", 7.0, 0.5)], "Who's Norvik's chief executive?", "Ingrid Solberg"),
    ("business", "Tom Berg spoke first. Fed-Ex chief executive Fred Smith spoke later.",
     [("Tom Berg", 9.0, 0.7), ("Fred Smith", 7.0, 0.5)], "Who is the chief executive of Fed-Ex?", "Fred Smith"),
])
def test_the_candidate_is_the_span_the_question_asks_for_among_close_ones(genre, text, spans, question, picked):
    """Ordering steps of the candidate: the kind a question asks ("on what date"), a place in an order,
    a level rather than a change; where none applies, the reader's order stands."""
    from qa.judge import candidate

    at = words_in(text, genre)
    made = {words: at(words, margin, score) for words, margin, score in spans}
    assert candidate(question, list(made.values()), lambda d: text) is made[picked]


def test_a_former_holder_holds_the_role_for_a_year_asked_before_the_article():
    """Courts and politics: "Former Prime Minister" is no holder for the article's own time, but was for a
    year before it ("Who was the prime minister of Poland in 2014?" over a 2019 article)."""
    from dataclasses import replace

    from qa.judge import candidate

    text = "Former Prime Minister Donald Tusk spoke first. Prime Minister Mateusz Morawiecki spoke later."
    at = words_in(text, "politics")
    dated = {w: replace(a, hit=replace(a.hit, date="2019-01-15"))
             for w, a in (("Donald Tusk", at("Donald Tusk", 9.0, 0.7)), ("Mateusz Morawiecki", at("Mateusz Morawiecki", 7.0, 0.5)))}
    spans = list(dated.values())  # the reader's order: Tusk first
    assert candidate("Who was the prime minister of Poland in 2014?", spans, lambda d: text) is dated["Donald Tusk"]
    assert candidate("Who was the prime minister of Poland in 2019?", spans, lambda d: text) is dated["Mateusz Morawiecki"]
    assert candidate("Who is Poland's prime minister?", spans, lambda d: text) is dated["Mateusz Morawiecki"]


def test_who_did_it_is_the_one_he_or_she_refers_back_to():
    """Politics: "He won" refers back to the subject of the sentence before (Johnson), not to the
    rival named after "against"; sport: "She won" likewise. A paragraph that says the verb with a
    name as its subject leaves the reader's order alone."""
    from qa.judge import _antecedent_of_pronoun_doer, _pronoun_doer_first

    text = ("Boris Johnson competed for the role against Jeremy Hunt, who succeeded him as Foreign Secretary. "
            "He won with 92,153 votes.")
    at = words_in(text, "politics")
    hunt, johnson = at("Jeremy Hunt", 3.0), at("Boris Johnson", 3.0)
    assert _antecedent_of_pronoun_doer("Who won the leadership contest?", hunt) == "Boris Johnson"
    assert _pronoun_doer_first("Who won the leadership contest?", [hunt, johnson])[0] is johnson
    at = words_in("Maria Lund raced against Anna Berg in the final. She won by two seconds.", "sport")
    berg, lund = at("Anna Berg", 3.0), at("Maria Lund", 3.0)
    assert _pronoun_doer_first("Who won the final?", [berg, lund])[0] is lund
    at = words_in("Boris Johnson competed against the others. Jeremy Hunt won the vote.", "politics")
    hunt, boris = at("Jeremy Hunt", 3.0), at("Boris Johnson", 3.0)
    assert _pronoun_doer_first("Who won the vote?", [hunt, boris])[0] is hunt


def test_a_percentage_written_with_the_sign_is_one_amount():
    """Technology: "By how much did Apple shares slide?" over "$19.37 in after hours trading - a drop
    of over 5%" reads "$19.37" (the "%" was not read as the amount's unit, so the span stayed whole);
    health: a rate with its sign is one amount too."""
    from qa.followups import AMOUNT
    from qa.judge import candidate

    assert [m.group(0) for m in AMOUNT.finditer("a drop of over 5% on the day")] == ["over 5%"]
    assert [m.group(0) for m in AMOUNT.finditer("a 95% immunization rate, up from 31%")] == ["95%", "31%"]
    text = "Apple shares slid by $19.37 in after hours trading - a drop of over 5%."
    span = words_in(text)("$19.37 in after hours trading - a drop of over 5%", 9.0)
    assert candidate("By how much did Apple shares slide in after-hours trading?", [span], lambda d: text).text \
        == "$19.37"


def test_a_grounded_count_is_shown_with_its_noun_and_not_again_among_the_alternatives():
    """Weather: the best span's article lacks "Millbrook", the next one's names it: that one answers,
    shown with the noun counted, and is not listed again beside itself."""
    other_text, own_text = "The ferry was carrying 90 passengers.", "The Millbrook ferry was carrying 120 passengers."
    other = Answer("90", 0.9, 0, 23, 25, margin=9.0, hit=hit(0, "a", other_text))
    own = Answer("120", 0.8, 1, own_text.index("120"), own_text.index("120") + 3, margin=8.0, hit=hit(1, "b", own_text))
    articles = {"a": other_text, "b": own_text}
    v = decide("How many passengers was the Millbrook ferry carrying?", [other, own], 0.3, articles.get)
    assert v.answer.text == "120 passengers" and own_text[v.answer.start:v.answer.end] == "120 passengers"
    assert [a.text for a in v.alternatives] == []


def test_a_latest_answer_comes_from_the_newest_article_the_decision_answers_with_its_chance_as_score():
    """Business: a newer article's span the decision declines ("12-hour" of a flight, asked how late a
    delivery was) does not make that article the newest that answers; the older article's span is
    answered, scored with the chance the decision gave it."""
    from qa.judge import decide

    from dataclasses import replace as with_

    older = Answer("18 months", 0.89, 0, 0, 9, margin=17.0,
                   hit=with_(hit(0, "a", "18 months behind."), date="2007-10-15"))
    newer = Answer("12-hour", 0.52, 1, 0, 7, margin=4.0, hit=with_(hit(1, "b", "12-hour flight."), date="2007-10-17"))
    chance = {id(older): 0.7, id(newer): None}.get
    verdict = decide("How far behind schedule was the delivery, according to the latest report?", [older, newer],
                     0.3, latest=True, chance=lambda a: chance(id(a)))
    assert verdict.answer.text == "18 months" and verdict.answer.score == 0.7
    plain = decide("How far behind schedule was the delivery, according to the latest report?", [older, newer],
                   0.3, latest=True)
    assert plain.answer.text == "12-hour"  # without the decision, the newest accepted span


def test_a_latest_span_the_reader_ranks_below_its_own_no_answer_is_not_answered():
    """Business: a span with a negative margin is not answered on the latest path either, whatever the
    fitted decision would give it (the rule every path keeps: the reader must prefer it to no answer)."""
    from dataclasses import replace as with_

    h = with_(hit(0, "a", "455 pence a share."), date="2023-03-09")
    below = Answer("455 pence", 0.8, 0, 0, 9, margin=-3.0, hit=h)
    assert decide("What is the latest offer?", [below], 0.21, latest=True, chance=lambda a: 0.5).answer is None
