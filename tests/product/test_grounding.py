"""Answers whose article never mentions what the question names are declined, saying which names."""
import pytest

from qa.grounding import named_things, unmentioned

from conftest import DATA, SEED

LIBRARY = (DATA / "articles" / "town_library.md").read_text()


@pytest.mark.parametrize("question, missing", [
    ("Who is the mayor of Paris?", ["Paris"]),
    ("Who is the mayor of Ashford?", []),
    ("What did Mayor Voss say?", []),  # a title and a surname: "Mayor Elena Voss" in the article
    ("What did Mayor Johnson say?", ["Mayor Johnson"]),
    ("How much did the renovation of the Bristol library cost?", ["Bristol"]),
    ("What happened in 1998?", ["1998"]),
    ("How many books are there, 64,000?", []),
    ("What did the Prime Minister of Canada say?", ["Prime Minister of Canada"]),
    ("What did Hollin & Webb design?", []),
    ("What did Ashford's head librarian say?", []),  # a possessive is the same name
])
def test_names_the_article_does_not_mention(question, missing):
    assert unmentioned(question, LIBRARY) == missing


@pytest.mark.parametrize("question, missing", [
    ("Rather than a museum, what did Ashford build?", []),  # an opening adverb is not a name
    ("Besides the library, what did Elena Voss open?", []),
    ("Roughly how many books does the library hold?", []),
    ("Beginning in what year did the library hold 64,000 books?", []),
    ("Who's the mayor of Ashford?", []),  # a question word, contracted
    ("Paris has how many libraries?", ["Paris"]),  # a name may still open the question
    ("What did Élena Voss say?", []),  # accents folded, both ways
    ("What did Elena Vöss say?", []),
])
def test_opening_adverbs_and_accents_are_not_missing_names(question, missing):
    assert unmentioned(question, LIBRARY) == missing


@pytest.mark.parametrize("question, missing, without_other_forms", [
    ("Renovations of what took two years?", [], []),  # "renovation" in the article: a plural is the same name
    ("Which Victorians designed the reading room?", [], []),  # "Victorian"
    ("How many Ashforders queued?", [], ["Ashforders"]),  # "Ashford"
    ("What did the Bristolians build?", ["Bristolians"], ["Bristolians"]),
    ("What did Dunn say?", ["Dunn"], ["Dunn"]),  # "Dunmore": names of five letters or fewer need all of them
    ("What did Hollin & Webster design?", ["Webster"], ["Webster"]),  # "Webb" is not "Webst..."
    ("Who is the mayor of New Ashforders?", ["New Ashforders"], ["New Ashforders"]),  # only one-word names
])
def test_a_one_word_name_counts_in_another_form(question, missing, without_other_forms):
    assert unmentioned(question, LIBRARY) == missing
    assert unmentioned(question, LIBRARY, other_forms=False) == without_other_forms


def test_question_words_and_titles_are_not_names():
    assert named_things("Who is the mayor?") == []
    assert named_things("According to the report, what did U.S. officials say?") == ["U.S"]


@pytest.fixture(scope="module")
def library_assistant(tmp_path_factory, embedder, reader, assistant_over):
    return assistant_over(tmp_path_factory.mktemp("library"), [SEED, DATA / "articles" / "town_library.md"],
                          embedder, reader)


@pytest.mark.parametrize("question, missing, reader_alone", [
    ("How much did the renovation of the Bristol library cost?", ["Bristol"], "8.2 million pounds"),
    ("Who cut the ribbon at the London museum?", ["London"], "Elena Voss"),
    ("How many books does the Oxford library hold?", ["Oxford"], "64,000"),
])
def test_an_answer_from_an_article_that_never_names_the_subject_is_declined(library_assistant, question, missing,
                                                                              reader_alone):
    # The reader alone answers from the Ashford article (a look-alike question) ...
    assert reader_alone in library_assistant.ask(question, check_names=False).answer.text
    # ... the assistant says what the articles don't mention instead, and what it found closest.
    reply = library_assistant.ask(question)
    assert reply.answer is None and reply.unmentioned == missing and reader_alone in reply.closest.text


def test_the_mayor_of_paris_is_not_the_mayor_of_ashford(library_assistant):
    # The case: the reader gives "Elena Voss" 0.26 here, under the calibrated threshold,
    # and would show it under a lower one (the Settings slider); the name check declines it anyway.
    reply = library_assistant.ask("Who is the mayor of Paris?", threshold=0.1)
    assert reply.answer is None and reply.unmentioned == ["Paris"] and "Voss" in reply.closest.text


@pytest.mark.quality
def test_answers_whose_names_are_there_stay(library_assistant):
    reply = library_assistant.ask("How much did the renovation cost?")
    assert reply.answer is not None and "8.2 million pounds" in reply.answer.text and not reply.unmentioned
    reply = library_assistant.ask("Who cut the ribbon?")
    assert reply.answer is not None and "Elena Voss" in reply.answer.text


@pytest.mark.parametrize("question, article", [
    ("How big is the U.S. economy?", "The United States has the largest economy."),
    ("What did the EU decide?", "The European Union decided to act."),
    ("What did the European Central Bank do?", "The ECB raised rates."),
    ("At what temperature in Celsius does it boil?", "It boils at 100 °C at sea level."),
    ("Where did the Bronco's defense line up?", "The Broncos defense lined up at midfield."),
    ("How many of the 3 reactors failed?", "Of the three reactors, one failed."),
    ("Into what did the river flow?", "The river flowed into the sea."),
    ("What did the Term Asset Backed Securities Loan Facility do?", "The Term Asset-Backed Securities Loan Facility lent."),
    ("What did the Goverment announce?", "The government announced a plan."),  # a typo in the question
    ("Who broadcast the game on TV?", "CBS broadcast the game on television."),
    ("What is the UN's climate treaty?", "The United Nations Framework Convention on Climate Change."),
    ("When did the Cretaceous-Paleogene extinction happen?", "The Cretaceous–Paleogene extinction event."),
    ("What do Beriods use as teeth?", "Beroids use macrocilia as teeth."),  # two letters swapped
    ("Besides 1,3 and 7, what do primes end with?", "Primes end with 1, 3, 7 or 9."),
    ("What famous author wrote of Percy Shelly?", "Percy Shelley inspired many."),
    ("What did Donald Davies Develop", "Donald Davies developed packet switching."),
    # abbreviations spelled out, a country by its adjective, a capitalised common noun
    ("What helps the biosphere from UV?", "The ozone layer protects it from ultraviolet radiation."),
    ("What turns CO2 into sugar?", "Plants make sugar from carbon dioxide."),
    ("Which movement in the US was known for disobedience?", "The American civil rights movement."),
    ("Which politician from Switzerland was it?", "The Swiss politician Besançon Hugues."),
    ("What did the French say?", "France said no."),
    ("Who broadcast the Super Bowl on TV?", "CBS broadcast the Super Bowl."),
    # a hyphenated name whose capitalised part is there, a year range written short
    ("Where were the French-language scriptures published?", "A French version was printed in Paris."),
    ("What station flew missions in 1973-1974?", "Skylab flew three missions in 1973–74."),
    # slips in a name of several words, a particle typed apart
    ("Who wrote the poem The Mark of Anarchy?", "Percy Shelley wrote The Mask of Anarchy."),
    ("When did Setanta win Primeier Leage rights?", "Setanta won two Premier League packages in 2006."),
    ("What does Le Grande write?", "LeGrande writes that it is hard."),
    ("What does Le grand say students meet?", "LeGrande writes that students meet niceties."),
])
def test_the_name_check_finds_other_ways_an_article_writes_a_name(question, article):
    from qa.grounding import unmentioned

    assert unmentioned(question, article) == []


@pytest.mark.parametrize("question, article, missing", [
    ("What did the IMF decide?", "The European Union decided to act.", ["IMF"]),
    ("What did Janet Yellen say?", "Ben Bernanke said rates would stay low.", ["Janet Yellen"]),
    ("How many of the 5 reactors failed?", "Of the three reactors, one failed.", ["5"]),
    # a one-word name changed by a letter is how SQuAD 2.0 makes a look-alike: no slack for it
    ("How many units of the CameCube version sold?", "The GameCube version sold 590,000 units.", ["CameCube"]),
    ("Who is taken to the old MI66 building?", "Bond is taken to the old MI6 building.", ["MI66"]),
    # a slip needs the rest of the name in order; a different word is not a slip
    ("Who wrote the poem The Mark of Fury?", "Percy Shelley wrote The Mask of Anarchy.", ["Mark of Fury"]),
    ("What did the Swiss bank say?", "The French bank said no.", ["Swiss"]),
    ("What happened in 1975?", "Skylab flew three missions in 1973–74.", ["1975"]),
])
def test_the_name_check_still_declines_what_the_article_never_names(question, article, missing):
    from qa.grounding import unmentioned

    assert unmentioned(question, article) == missing


# A name built from two of the article's names, as SQuAD 2.0 builds look-alikes, and names an article
# writes apart, longer, coordinated or with a title, that must stay mentioned.
_GAME = ("Twilight Princess is an action-adventure game. It was praised by Games Radar and by Jeff "
         "Gerstmann. Reviewers at Gaming Nexus liked it, and Javier Nexus wrote the manual.\n\n"
         "The game was released for the GameCube and Wii consoles.")


@pytest.mark.parametrize("question, missing", [
    ("What accolade did Radar Princess receive?", ["Radar Princess"]),
    ("Which publication does Jeff Nexus work for?", ["Jeff Nexus"]),
])
def test_a_name_made_of_two_of_the_articles_names_is_not_mentioned(question, missing):
    from qa.grounding import unmentioned

    assert unmentioned(question, _GAME) == missing


@pytest.mark.parametrize("question, article", [
    ("What did Twilight Princess receive?", _GAME),
    ("Which console, the GameCube or the Wii, came first?", _GAME),
    ("What did Chairman Greenspan say?", "Alan Greenspan, the Chairman of the Board, said rates would rise."),
    ("What did Alan Greenspan say?", "Chairman Alan Greenspan said rates would rise."),
    ("Where is the New York Fire Department?", "The New York City Fire Department is in Brooklyn."),
    ("Who was this season's NFL MVP?", "Cam Newton was the NFL's Most Valuable Player (MVP) and Super Bowl MVP."),
    ("Where was France's Huguenot population?", "France had Huguenot towns. The Huguenot Cross is a symbol."),
    ("What did the Richmond Reserve Bank request?", "The Federal Reserve Bank of Richmond requested a cut."),
])
def test_names_written_apart_longer_or_with_a_title_stay_mentioned(question, article):
    from qa.grounding import unmentioned

    assert unmentioned(question, article) == []
