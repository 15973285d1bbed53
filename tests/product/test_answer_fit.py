"""The parse checks of qa.answer_fit: a span read in its own sentence's parse is, or is not, the kind
of thing the question asks for. Sentences of several genres (markets, courts, weather, politics,
health, technology), each rule with a case it declines and one it must leave alone."""
from qa import answer_fit, judge
from qa.types import Answer, Hit, Paragraph


def words_in(text):
    """A maker of spans over text: at(words) is the first occurrence of words, as the reader gives it."""
    h = Hit(Paragraph(id="d:0", doc_id="d", title="T", text=text, start=0, end=len(text)), score=0.5)

    def at(words, nth=0):
        i = -1
        for _ in range(nth + 1):
            i = text.index(words, i + 1)
        return Answer(words, 0.8, 0, i, i + len(words), margin=5.0, hit=h)
    return at


def test_a_change_does_not_answer_a_level():
    at = words_in("The S&P 500 fell 2.9 percent while the Nasdaq composite index fell 3.2 percent to close at 2,255.")
    assert answer_fit.change_for_level("At what level did the Nasdaq composite index close?", at("3.2 percent"))
    assert not answer_fit.change_for_level("At what level did the Nasdaq composite index close?", at("2,255"))
    assert not answer_fit.change_for_level("How much did the Nasdaq composite index fall?", at("3.2 percent"))
    by = words_in("Before the suspension, the exchange fell by 6.4 percent in two hours.")
    assert answer_fit.change_for_level("At what level did the exchange stand?", by("6.4 percent"))
    held = words_in("The central bank kept its main rate unchanged at 4.5 percent.")  # a level: "at X"
    assert not answer_fit.change_for_level("At what level did the central bank keep its main rate?",
                                           held("4.5 percent"))


def test_a_value_asked_is_a_level_and_up_or_down_by_an_amount_is_a_change():
    """Business: "What was the Dow Jones's value at 16:08 UTC?" is not answered by "2.62%" of "was down
    2.62%" (the amount hangs from the adverb of the change), while "a value of 10769.00" is a level;
    health: "up 3 percent" is a change too; "How much was it down?" asks the change."""
    dow = words_in("The Dow Jones was down 2.62% at 16:08 UTC. The Dow Jones currently has a value of 10769.00.")
    assert answer_fit.level_named("What was the Dow Jones's value at 16:08 UTC?")
    assert answer_fit.level_named("What is the value of the contract?")
    assert answer_fit.change_for_level("What was the Dow Jones's value at 16:08 UTC?", dow("2.62%"))
    assert not answer_fit.change_for_level("What was the Dow Jones's value at 16:08 UTC?", dow("10769.00"))
    assert not answer_fit.change_for_level("How much was the Dow Jones down?", dow("2.62%"))
    cases = words_in("Cases were up 3 percent on the week, to 4,100.")
    assert answer_fit.change_for_level("What was the level of cases?", cases("3 percent"))
    assert not answer_fit.change_for_level("What was the level of cases?", cases("4,100"))


def test_a_level_asked_with_its_preposition_left_at_the_end_is_a_level_asked_by_name():
    """Business: "What level had the FTSE 100 risen to ...?" (its "to" stranded, as the parse shows);
    "What level of support ...?" names a degree, no level a thing stands at."""
    assert answer_fit.level_named("What level had the FTSE 100 risen to according to the report?")
    assert answer_fit.level_named("What level did the Dow close at on Monday?")
    assert answer_fit.level_named("At what level did the Nasdaq close?")
    assert not answer_fit.level_named("What level of support did the plan get?")
    rose = words_in("The FTSE 100 rose in value by 8.04%, which is 392.50 points, to above the 5000 mark at 5272.50.")
    assert answer_fit.change_for_level("What level had the FTSE 100 risen to according to the report?", rose("8.04%"))
    assert not answer_fit.change_for_level("What level had the FTSE 100 risen to according to the report?",
                                           rose("5272.50"))


def test_the_source_of_a_report_is_not_the_one_who_acted():
    at = words_in("At least seventeen people died in the hotel fire, according to officials.")
    assert answer_fit.source_for_agent("Who owns the hotel?", at("officials"))
    said = words_in("At least seventeen people died in the hotel fire, officials said, according to officials.")
    assert not answer_fit.source_for_agent("Who said seventeen people died?", said("officials", 1))
    rescued = words_in("The hikers were rescued on Sunday, according to the coast guard, which rescued them.")
    assert not answer_fit.source_for_agent("Who rescued the hikers?", rescued("the coast guard"))  # the verb is said
    capital = words_in("According to officials, seventeen people died in the fire.")
    assert answer_fit.source_for_agent("Who owns the hotel?", capital("officials"))
    reported = words_in("Apple's share of the market rose to 5 percent in 2007, according to Bloomberg Online.")
    assert not answer_fit.source_for_agent("Who reported Apple's market share in 2007?", reported("Bloomberg Online"))
    owner = words_in("The hotel is owned by Rakesh Goel, according to the police.")
    assert not answer_fit.source_for_agent("Who owns the hotel?", owner("Rakesh Goel"))


def test_every_veto_is_named_once_with_the_genre_it_came_from():
    names = [name for name, _, _ in judge.VETOES]
    assert len(names) == len(set(names))
    assert all(genre and callable(test) for _, genre, test in judge.VETOES)





def test_a_persons_name_asked_is_not_answered_without_a_proper_noun():
    """Business: "the tug operator who ..." asks a person's name; "left winglet" is none. A name in the
    span, a question asking no person, a "who" said of another noun or a "whose" are left alone."""
    at = words_in("The left winglet of the jet struck the hangar while a tug operator named Somchai Prasert pushed it.")
    asked = "What was the name of the tug operator who pushed the jet into the hangar?"
    assert answer_fit.no_name_for_person(asked, at("left winglet"))
    assert not answer_fit.no_name_for_person(asked, at("Somchai Prasert"))
    assert not answer_fit.no_name_for_person("What was the name of the part that struck the hangar?", at("left winglet"))
    drugs = words_in("Patients who died had been given oxycodone, and regulators worried about hydroxychloroquine.")
    assert not answer_fit.no_name_for_person("What was the name of the drug given to the patients who died?",
                                             drugs("oxycodone"))  # health: the "who" is the patients'
    assert not answer_fit.no_name_for_person("What is the name of the drug whose side effects worried regulators?",
                                             drugs("hydroxychloroquine"))


def test_a_count_is_shown_with_the_noun_the_question_counts():
    """Chats of every genre: "How many passengers ...?" over "carrying 150 passengers" shows "150
    passengers"; modifiers between stay ("eighteen infected volunteers"), a hyphenated noun stays whole;
    a number that counts something else, or a question that counts nothing, is left as it is."""
    plane = words_in("The A380 was carrying 150 passengers when it left, 20 minutes late.")
    assert judge.with_counted_noun("How many passengers was it carrying?", plane("150")).text == "150 passengers"
    assert judge.with_counted_noun("How many minutes late was it?", plane("150")).text == "150"
    assert judge.with_counted_noun("How much did it cost?", plane("150")).text == "150"
    swab = words_in("Researchers swabbed eighteen infected volunteers in Zhuhai.")  # health
    assert judge.with_counted_noun("How many infected volunteers were swabbed?",
                                   swab("eighteen")).text == "eighteen infected volunteers"
    petition = words_in("Joanna Cherry and 78 co-petitioners filed the case.")  # politics
    assert judge.with_counted_noun("How many co-petitioners joined her?", petition("78")).text == "78 co-petitioners"
    bench = words_in("All 11 Justices of the Supreme Court backed the judgment.")  # politics: a capital noun
    assert judge.with_counted_noun("How many justices backed the judgment?", bench("11")).text == "11 Justices"
    assert judge.with_counted_noun("How many co-owners signed?", petition("78")).text == "78"  # another word
    crowd = words_in("Police said 15 million people marched, or 150 to 200 people per street.")
    assert judge.with_counted_noun("How many people marched?", crowd("15")).text == "15"  # the number judged stays
    assert judge.with_counted_noun("How many people marched?", crowd("150")).text == "150"
    court = words_in("He was sentenced to 40 years in prison for 859 counts.")  # courts
    assert judge.with_counted_noun("How many years was he sentenced to?", court("40")).text == "40 years"
    assert judge.with_counted_noun("How many counts was he convicted on?", court("40")).text == "40"
    shown = judge.with_counted_noun("How many years was he sentenced to?", court("40"))
    assert shown.hit.paragraph.text[shown.start:shown.end] == shown.text  # offsets still highlight it


def test_an_age_given_of_another_person_does_not_answer_how_old_the_one_asked_is():
    """Courts: "James Alex Fields, now 22" is not Heather Heyer's age; technology: "Jobs, aged 55" is not
    Tim Cook's; health: "the 34-year-old nurse Ana Ruiz" describes the one asked, and "He was 71" (a
    clause, not a description of another name) is left to the other checks."""
    court = words_in("Judge Michael Urbanski sentenced Ohio man James Alex Fields, now 22, to life in prison.")
    assert answer_fit.age_of_another("How old was Heather Heyer when she was killed?", court("22"))
    assert not answer_fit.age_of_another("How old is James Alex Fields?", court("22"))
    tech = words_in("It was the third time in a decade that Jobs, aged 55, has taken medical leave.")
    assert answer_fit.age_of_another("How old was Tim Cook when he succeeded Steve Jobs?", tech("55"))
    assert not answer_fit.age_of_another("How old was Steve Jobs when he took medical leave?", tech("55"))
    nurse = words_in("The 34-year-old nurse Ana Ruiz was the first patient in Madrid.")
    assert not answer_fit.age_of_another("How old is Ana Ruiz?", nurse("34"))
    clause = words_in("The senator died on Sunday. He was 71.")
    assert not answer_fit.age_of_another("How old was Senator Ray Dunn?", clause("71"))


def test_a_sentence_that_says_the_asked_noun_with_the_opposite_preposition_does_not_answer():
    """Technology: "cost without a contract" is not answered by "cost $250 with a two-year contract";
    health: "patients treated with the drug" not by "patients without the drug"; a sentence that says
    both, or the question's own preposition, is left alone (business)."""
    phone = words_in("It will cost $250 with a two-year cell service contract.")
    assert answer_fit.opposite_preposition("How much does the phone cost without a contract?", phone("$250"))
    assert not answer_fit.opposite_preposition("How much does the phone cost with a contract?", phone("$250"))
    trial = words_in("Patients treated without the drug had a death rate of 49%.")
    assert answer_fit.opposite_preposition("What was the death rate of patients treated with the drug?", trial("49%"))
    both = words_in("Shares cost $8 with a discount and $9 without a discount.")
    assert not answer_fit.opposite_preposition("How much does a share cost without a discount?", both("$8"))


def test_an_age_is_not_vetoed_when_the_question_names_no_person():
    """Courts: "How old was the victim?" or "How old was she?" names no one, so "Heather Heyer, 32" may
    answer it; technology: nor does "Apple's chief executive" ("Tim Cook, 50")."""
    court = words_in("Heather Heyer, 32, was killed when a car drove into the crowd.")
    assert not answer_fit.age_of_another("How old was the victim when she was killed?", court("32"))
    assert not answer_fit.age_of_another("How old was she?", court("32"))
    tech = words_in("The company named Tim Cook, 50, its chief executive.")
    assert not answer_fit.age_of_another("How old was Apple's chief executive when he took over?", tech("50"))


def test_a_with_or_without_of_another_clause_does_not_veto():
    # business: "with a contract" is said of the customers, not of what the phone costs
    text = words_in("Customers with a contract pay nothing; the phone costs $600 for others.")
    assert not answer_fit.opposite_preposition("How much does the phone cost without a contract?", text("$600"))


def test_money_asked_by_that_noun_is_answered_by_an_amount_of_money():
    """Courts: "How much hush money was paid?" is not answered by "two" of "two payments"; business: an
    amount the text says in money, with the currency inside the span, or just outside it, does answer;
    sport: a question that does not ask money by that noun is left alone."""
    court = words_in("Cohen arranged two payments to the actress before the election.")
    assert answer_fit.money_not_said("How much hush money was paid to the actress?", court("two"))
    deal = words_in("The firm paid $130,000 to the actress, and 150,000 euros to a second party.")
    assert not answer_fit.money_not_said("How much hush money was paid to the actress?", deal("$130,000"))
    assert not answer_fit.money_not_said("How much money did the second party get?", deal("150,000"))
    tour = words_in("The tour grossed $119.5 million in 2009.")
    assert not answer_fit.money_not_said("How much money did the tour gross?", tour("119.5 million"))
    match = words_in("The club scored two goals in the second half.")
    assert not answer_fit.money_not_said("How many goals did the club score?", match("two"))
