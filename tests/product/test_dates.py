"""Dates as data: read from what an article gives, normalised to ISO 8601, filterable in both stores."""
import pytest

from qa.dates import bound, in_range, normalize, question_dates
from qa.errors import BadInput


@pytest.mark.parametrize("given, iso", [
    ("2022-01-05", "2022-01-05"), ("2022-01-05T10:00:00+00:00", "2022-01-05"), ("2022/1/5", "2022-01-05"),
    ("Wednesday, January 5, 2022", "2022-01-05"), ("5 Jan 2022", "2022-01-05"), ("Jan. 5th, 2022", "2022-01-05"),
    ("the 5th of January 2022", "2022-01-05"), ("D:20220105120000Z", "2022-01-05"),
    ("Published: 12 March 2005 10:14 GMT", "2005-03-12"),
    ("05/01/2022", ""),  # day first or month first: left undated rather than guessed
    ("31 February 2022", ""), ("sometime last week", ""), ("", ""), (None, ""),
])
def test_dates_are_normalised_or_left_undated(given, iso):
    assert normalize(given) == iso


def test_since_and_until_take_a_day_a_month_or_a_year():
    assert (bound("2005", "since"), bound("2005", "until")) == ("2005-01-01", "2005-12-31")
    assert (bound("2024-02", "since"), bound("2024-02", "until")) == ("2024-02-01", "2024-02-29")
    assert bound("2005-3-15", "since") == "2005-03-15" and bound("March 15, 2005", "until") == "2005-03-15"
    assert bound(None, "since") == "" and bound("  ", "until") == ""
    with pytest.raises(BadInput, match="since must be a date such as 2005-01-15"):
        bound("last tuesday", "since")
    assert in_range("2005-03-15", "2005-01-01", "2005-12-31") and not in_range("", "2005-01-01")
    assert in_range("", "", "") and not in_range("2006-01-01", until="2005-12-31")


def test_a_text_article_dated_by_its_date_line(tmp_path):
    from qa.documents import load_file

    f = tmp_path / "a.md"
    f.write_text("Council votes on the bridge\n\nDate: Wednesday, January 5, 2022\n\nThe council voted 9 to 2.")
    [doc] = load_file(f)
    assert doc.date == "2022-01-05" and "Date:" not in doc.text


def test_a_scanned_pdf_says_it_has_no_text_layer(tmp_path):
    from hostile import pdf

    from qa.documents import load_file

    f = tmp_path / "scan.pdf"
    f.write_bytes(pdf(b"q 612 0 0 792 0 0 cm Q"))  # a page with no text at all
    with pytest.raises(BadInput, match="no text layer .scanned.. — OCR is not built in"):
        load_file(f)


@pytest.mark.parametrize("question, since, until, phrase", [
    ("What was the offer in March 2005?", "2005-03-01", "2005-03-31", "in March 2005"),
    ("What happened in 2005?", "2005-01-01", "2005-12-31", "in 2005"),
    ("What did the court say on January 5, 2022?", "2022-01-05", "2022-01-08", "on January 5, 2022"),
    ("What was said last week?", "2022-01-31", "2022-02-06", "last week"),  # the week before 2022-02-10's
    ("What was the bid in January?", "2022-01-01", "2022-01-31", "in January"),  # the newest article's year
    ("What did he say yesterday?", "2022-02-09", "2022-02-09", "yesterday"),
    ("What happened this month?", "2022-02-01", "2022-02-28", "this month"),
])
def test_dates_in_questions_become_a_range(question, since, until, phrase):
    from qa.dates import question_dates

    named = question_dates(question, "2022-02-10")
    assert (named.since, named.until, named.phrase) == (since, until, phrase)


def test_questions_without_dates_and_relative_ones_without_a_dated_article():
    from qa.dates import asks_for_latest, question_dates

    assert question_dates("Who won the vote?", "2022-02-10") is None
    assert question_dates("What was said last week?", "") is None  # nothing to count from
    assert question_dates("How many of the 2005 votes were lost?", "2022-02-10") is None  # a year, not "in"
    assert asks_for_latest("What is the latest offer?") and asks_for_latest("How much is the bid now?")
    assert not asks_for_latest("What was the first offer?")


def test_latest_answers_from_the_newest_article_and_lists_the_others_by_date():
    from qa.judge import decide
    from qa.render import reply_html
    from qa.types import Answer, Hit, Paragraph, Reply

    def span(text, doc, day, score):
        p = Paragraph(id=f"{doc}:0", doc_id=doc, title=doc, text=f"The bid was {text}.", start=0, end=20)
        return Answer(text, score, 0, 12, 12 + len(text), margin=5.0, hit=Hit(p, 0.5, date=day))

    spans = [span("530 pence", "jan.md", "2022-01-12", 0.9), span("600 pence", "feb.md", "2022-01-27", 0.7),
             span("550 pence", "undated.md", "", 0.95)]
    v = decide("What is the latest offer?", spans, 0.3, latest=True)
    assert v.answer.text == "600 pence" and [(d, a.text) for d, a in v.dated_answers] == \
        [("2022-01-27", "600 pence"), ("2022-01-12", "530 pence")]
    assert decide("What was the offer?", spans, 0.3).answer.text == "530 pence"  # not asked: the best-ranked
    html = reply_html(Reply(question="q", answer=v.answer, hits=[a.hit for a in spans], dated_answers=v.dated_answers))
    assert "Newest first — 2022-01-27: 600 pence; 2022-01-12: 530 pence" in html


def test_without_phrase_takes_the_date_phrase_out_of_the_question():
    from qa.assistant import without_phrase

    assert without_phrase("Who dissented in May 2006?", "in May 2006") == "Who dissented?"
    assert without_phrase("In March 2009, what was bought?", "In March 2009") == "what was bought?"
    assert without_phrase("in 2005", "in 2005") == "in 2005"  # nothing left: the question stays whole


def test_a_month_naming_which_statement_or_meeting_is_a_date_filter():
    from qa.dates import question_dates

    named = question_dates("What did the attacks do, according to the October 2001 statement?")
    assert (named.since, named.until, named.phrase) == ("2001-10-01", "2001-10-31", "October 2001")
    day = question_dates("What was the target after the January 22, 2008 decision?")
    assert (day.since, day.until, day.phrase) == ("2008-01-22", "2008-01-23", "January 22, 2008")
    assert question_dates("Which banks asked for the May 2006 discount rate increase?").since == "2006-05-01"
    assert question_dates("What did the 2004 statements say?") is None  # a bare year names no meeting
    # A month without its year takes the year the question names elsewhere; with none, no guess.
    may = question_dates("How strong had growth been so far in 2006, according to the May statement?")
    assert (may.since, may.until, may.phrase) == ("2006-05-01", "2006-05-31", "May")
    assert question_dates("How strong was growth, according to the May statement?", "2009-04-29") is None
    # A month without its year beside a named statement is said in that statement: not the newest year's.
    statement = question_dates("What has the economy done since the Committee met in December, according to "
                               "the January 2009 statement?", "2016-03-16")
    assert (statement.since, statement.until, statement.phrase) == ("2009-01-01", "2009-01-31", "January 2009")
    assert question_dates("What did the Committee decide in December?", "2016-03-16").since == "2016-12-01"


def test_a_day_an_event_is_of_is_that_day_not_a_month_of_the_newest_year():
    """"the cut of September 17, 2001" names an event's day: that day, not September of the newest
    article's year (it used to be read so)."""
    from qa.dates import question_dates

    cut = question_dates("Which Reserve Banks requested the discount rate cut of September 17, 2001?", "2016-03-16")
    assert (cut.since, cut.named_day, cut.phrase) == ("2001-09-17", "2001-09-17", "of September 17, 2001")
    assert question_dates("What did it do in May?", "2016-03-16").since == "2016-05-01"  # a month alone still is


@pytest.mark.parametrize("question, phrase, day", [
    # business: the report of a day, its "of" taken out with it ("according to the report?")
    ("What level had the FTSE 100 risen to according to the report of September 20, 2008?",
     "of September 20, 2008", "2008-09-20"),
    # health: a day-first date after "of"
    ("How many cases did the WHO's report of 27 January 2020 list?", "of 27 January 2020", "2020-01-27"),
    # courts
    ("In news of 15 February 2020, what is the maximum prison term?", "of 15 February 2020", "2020-02-15"),
])
def test_a_whole_day_with_its_year_anywhere_in_a_question_is_that_day(question, phrase, day):
    named = question_dates(question, "2023-03-20")
    assert (named.since, named.named_day, named.phrase, named.day) == (day, day, phrase, True)


@pytest.mark.parametrize("question", [
    "How many of the 2008 votes did he win?",  # a bare year is no day
    "How much has security spending grown since the September 11, 2001 attacks?",  # after it, not its articles
    "What did the president do after September 11, 2001?",
    "How many died from January 1, 2020 to March 5, 2020?",  # a range's first day is not the range
    "What did the company post for the quarter ended September 30, 2008?",  # results come weeks later
    "Which player, born September 20, 1988, scored the goal?",
])
def test_a_day_not_said_of_a_thing_is_no_day_filter(question):
    assert question_dates(question, "2023-03-20") is None


@pytest.mark.parametrize("question, since, until, phrase", [
    # weather: an event of a day is told after it ...
    ("Who was the governor when the January 7, 2020 earthquake struck?", "2020-01-01", "2020-01-31", "January 7, 2020"),
    # technology: ... and announced before it: the event's month, its words kept in the question
    ("Where did Apple say it would hold its October 12, 2005 special event?", "2005-10-01", "2005-10-31",
     "October 12, 2005"),
    # politics: "of the 3 November 2020 election": the date alone, not "of the"
    ("What were the results of the 3 November 2020 election?", "2020-11-01", "2020-11-30", "3 November 2020"),
    # a day at a month's end: the days reporting it too
    ("How many died in the December 30, 2019 fire?", "2019-12-01", "2020-01-02", "December 30, 2019"),
])
def test_a_day_before_the_thing_it_is_of_is_that_things_month_with_its_words_kept(question, since, until, phrase):
    named = question_dates(question, "2023-03-20")
    assert (named.since, named.until, named.phrase, named.kept, named.day) == (since, until, phrase, True, False)


def test_reports_up_to_a_day_are_the_value_as_of_that_day():
    named = question_dates("How many homes had the quake destroyed, according to reports up to January 20, 2020?")
    assert (named.since, named.until, named.as_of, named.phrase) == ("", "2020-01-23", True, "up to January 20, 2020")


def test_as_of_a_date_means_the_newest_article_up_to_then_and_a_part_of_a_year_a_range():
    from qa.dates import question_dates

    as_of = question_dates("What was the target as of November 30, 2004?")
    assert (as_of.since, as_of.until, as_of.as_of) == ("", "2004-12-03", True)  # reported up to 3 days later
    assert question_dates("What was the target at the end of 2007?").until == "2007-12-31"
    assert question_dates("What was it at the start of July 2006?").until == "2006-07-01"
    late = question_dates("Who was Chairman in late 2008?")
    assert (late.since, late.until, late.as_of) == ("2008-09-01", "2008-12-31", False)
    assert question_dates("What did the bank do by the end of the day?") is None


@pytest.mark.parametrize("phrase, since, until", [
    # a day: its articles and those of the next REPORTED_WITHIN_DAYS (3) days, which report it
    ("on 9 March 2023", "2023-03-09", "2023-03-12"), ("on 9 March", "2023-03-09", "2023-03-12"),
    ("on 9th March 2023", "2023-03-09", "2023-03-12"), ("on March 9, 2023", "2023-03-09", "2023-03-12"),
    ("on Thursday, March 9", "2023-03-09", "2023-03-12"), ("on the 9th of March", "2023-03-09", "2023-03-12"),
    ("on 25 March", "2022-03-25", "2022-03-28"),  # after the newest article: the year before
    ("last Tuesday", "2023-03-14", "2023-03-17"), ("two weeks ago", "2023-03-06", "2023-03-12"),
    ("between 5 and 12 March", "2023-03-05", "2023-03-15"), ("between March 5 and 12, 2023", "2023-03-05", "2023-03-15"),
    ("as of 12 February 2020", "", "2020-02-15"), ("by 5 September", "", "2022-09-08"),
])
def test_date_phrases_in_any_common_style_reach_the_same_filter(phrase, since, until):
    """Day-first and month-first, ordinals, weekdays, counted back and ranges (dateparser reads them),
    relative to the newest article's date (here Monday 20 March 2023)."""
    from qa.dates import question_dates

    named = question_dates(f"How much did Corvex offer {phrase}?", "2023-03-20")
    assert named is not None and (named.since, named.until) == (since, until) and named.phrase.endswith(phrase.split()[-1])


@pytest.mark.parametrize("question, newest, day", [
    # politics: Super Tuesday 2020, asked over a collection whose newest article is of 2023
    ("In how many states did Biden win on Tuesday, March 3rd?", "2023-06-01", "2020-03-03"),
    # weather: the base year's own date when it falls on that weekday
    ("How strong was the earthquake on Tuesday, 7 January?", "2020-06-01", "2020-01-07"),
    # business: the takeover's Thursday
    ("How much did Corvex offer on Thursday, 9 March?", "2023-03-20", "2023-03-09"),
    # no weekday named: the base's year (or the year before, when the day is after the base)
    ("How much did Corvex offer on 9 March?", "2023-03-20", "2023-03-09"),
])
def test_a_yearless_day_with_its_weekday_is_of_the_last_year_it_fell_on_that_weekday(question, newest, day):
    named = question_dates(question, newest)
    assert named.since == day and named.named_day == day


@pytest.mark.parametrize("question, newest, since, until, as_of", [
    # technology: as of a third of a month, the value then (reports of its last days included)
    ("How old was Steve Jobs as of mid-January 2011?", "2011-10-06", "", "2011-01-23", True),
    # health: a third of a month with no year is the newest article's year
    ("How many cases were reported in early March?", "2020-06-01", "2020-03-01", "2020-03-13", False),
    # weather: ... or the year before, when that month is still to come
    ("How many died in late December?", "2020-01-10", "2019-12-21", "2020-01-03", False),
])
def test_early_mid_or_late_in_a_month_is_a_third_of_it(question, newest, since, until, as_of):
    named = question_dates(question, newest)
    assert (named.since, named.until, named.as_of) == (since, until, as_of)


@pytest.mark.parametrize("question, since, phrase", [
    # business: a month said of a plan, after a possessive
    ("What is Ford's January 2006 restructuring plan called?", "2006-01-01", "January 2006"),
    # politics: after "the", before the rest of the noun phrase
    ("What was the voter turnout in the December 2019 UK general election?", "2019-12-01", "December 2019"),
    # weather
    ("How many customers lost power in PG&E's October 2019 shutoffs?", "2019-10-01", "October 2019"),
])
def test_a_month_said_of_a_thing_filters_and_keeps_its_words(question, since, phrase):
    named = question_dates(question, "2023-03-20")
    assert (named.since, named.phrase, named.kept) == (since, phrase, True)
    # a month naming a report is read without its words ("according to the statement"), as before
    assert not question_dates("What is damping activity, according to the November 2001 statement?").kept


def test_a_year_the_question_is_asked_of_comes_before_a_month_said_of_a_thing():
    # business: "In 2008, ... its March 2007 plan": 2008; "said that May 2008 sales fell": no filter
    assert question_dates("In 2008, what did the company say about its March 2007 plan?").since == "2008-01-01"
    assert question_dates("Which company said that May 2008 sales fell?") is None
