"""End to end with the shipped reader: questions about the seed article and a second test article.

Tests marked `quality` check answers the shipped reader gets right: a reader change that breaks
one shows as a quality change (pytest -m quality), not as a broken unit."""
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


@pytest.mark.quality
@pytest.mark.parametrize("question, expected", [
    ("When did Blinken and Stoltenberg hold phone talks?", "December 23"),
    ("Who is the spokesperson of the U.S. State Department?", "Ned Price"),
    ("Who is the Russian government spokesman?", "Dmitry Peskov"),
    ("What did Russia submit earlier this month?", "draft security document"),
    ("When did Lavrov say Russia does not want a war?", "December 23"),
    ("How much will the harbour bridge cost?", "14 million euros"),
    ("Which firm designed the bridge?", "Delacroix"),
    ("Who voted against the bridge?", "Tom Reyes"),
    # These three once came from a look-alike paragraph, when spans were ranked by p(start)p(end)
    # within their window; ranking by the margin over "no answer" fixed them (the 1,500-step reader
    # missed the bridge designer again; the 2,000-step one finds it).
    ("Who welcomed Zelenskyy to NATO headquarters?", "Stoltenberg"),
    ("Who designed the harbour bridge?", "Delacroix"),
    ("When is the United States ready to engage in diplomacy?", "January"),
    # The seed's old misses (issue #30): "Europe" alone for where, the approach's name, who decides.
    ("Where are the talks?", "Organization for Security and Cooperation in Europe"),
    ("What approach to Russia did the officials discuss?", "dual-track"),
    ("Who decides when Ukraine is ready to become a member?", "NATO Allies"),
])
def test_factual_questions(assistant, question, expected):
    reply = ask(assistant, question)
    assert expected in reply.answer.text


@pytest.mark.quality
def test_answer_comes_with_its_own_article(assistant):
    reply = ask(assistant, "How long will the bridge be?")
    assert reply.hit.doc_id == "harbour_bridge.md" and "240 metres" in reply.answer.text


@pytest.mark.quality
def test_unanswerable_question_is_declined(assistant):
    reply = assistant.ask("What is the boiling point of liquid nitrogen?")
    assert reply.answer is None
    assert reply.hits  # the closest passages are still offered


def test_follow_up_conversation_over_the_seed_article(assistant):
    q1 = "Who is the Russian government spokesman?"
    first = ask(assistant, q1)
    assert "Dmitry Peskov" in first.answer.text
    second = assistant.ask("What did he say about the talks?", [(q1, first)])
    assert second.question == "What did Dmitry Peskov say about the talks?"
    assert "Peskov" in second.hits[0].text  # retrieval follows the resolved question
    third = assistant.ask("When was that?", [(q1, first), ("What did he say about the talks?", second)])
    assert third.question == "When did Dmitry Peskov say that about the talks?"
    # The article never says when Peskov spoke; "December 23" is the date of Blinken's and Stoltenberg's
    # call, in a sentence without him, and was answered until the person check came in.
    assert third.answer is None


@pytest.mark.quality
def test_follow_up_answer_comes_from_peskovs_words(assistant):
    q1 = "Who is the Russian government spokesman?"
    second = ask(assistant, "What did he say about the talks?", [(q1, assistant.ask(q1))])
    assert "Peskov" in second.hit.text


def test_ellipsis_follow_up(assistant):
    q1 = "What did Peskov say about the talks?"
    first = assistant.ask(q1)
    second = assistant.ask("And Lavrov?", [(q1, first)])
    assert second.question == "What did Lavrov say about the talks?"
    assert any("Lavrov" in h.text for h in second.hits[:2])


@pytest.mark.quality
def test_follow_up_pronoun_over_the_second_article(assistant):
    q1 = "Who voted against the bridge?"
    first = ask(assistant, q1)
    second = ask(assistant, "What did he argue?", [(q1, first)])
    # The subject is carried over as answered ("Tom Reyes" or "Councillor Tom Reyes").
    assert second.question.startswith("What did ") and second.question.endswith("Tom Reyes argue?")
    assert "sea wall" in second.answer.text


@pytest.mark.quality
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


def test_repeated_question_is_served_from_the_cache(assistant, monkeypatch):
    calls = []
    real = assistant.reader.spans
    monkeypatch.setattr(assistant.reader, "spans", lambda *a, **kw: calls.append(a) or real(*a, **kw))
    q = "Which city hosted the talks between the U.S. and Russia?"
    first = assistant.ask(q)
    n = len(calls)
    assert n >= 1
    second = assistant.ask(q)
    assert len(calls) == n and first.answer == second.answer and first.hits == second.hits
    strict = assistant.ask(q, threshold=0.999)  # the threshold applies after the cache
    assert len(calls) == n and strict.answer is None
    assistant.ask(q, k=2)  # another k is another read
    assert len(calls) > n


def test_reads_the_lower_ranked_passages_only_when_unsure(assistant, monkeypatch):
    from qa.assistant import READ_FIRST, READ_MORE_BELOW

    monkeypatch.setattr(assistant, "cache_size", 0)  # count real reads, not earlier tests' cached ones
    read = []
    real = assistant.reader.spans
    monkeypatch.setattr(assistant.reader, "spans", lambda q, hits, **kw: read.append(len(hits)) or real(q, hits, **kw))
    sure = assistant.ask("Who is the spokesperson of the U.S. State Department?", k=5)
    assert read == [READ_FIRST] and sure.answer.score >= READ_MORE_BELOW
    read.clear()
    # Retrieval that ranks the answer's paragraph last: the first passages give only weak spans,
    # so the rest are read and the answer is still found.
    q = "What did Russia submit earlier this month?"
    hits = assistant.retriever.search(q, 5)
    hits = [h for h in hits if "draft security" not in h.text] + [h for h in hits if "draft security" in h.text]
    assert "draft security" in hits[-1].text
    monkeypatch.setattr(assistant.retriever, "search", lambda query, k=5, **kw: hits[:k])
    unsure = assistant.ask(q, k=5)
    assert read == [READ_FIRST, 5 - READ_FIRST] and "draft security document" in unsure.answer.text
    assert unsure.hit is hits[-1]
    assert unsure.hit.text[unsure.answer.start:unsure.answer.end] == unsure.answer.text


def test_a_look_alike_far_down_the_ranking_must_beat_the_top_passage_clearly():
    from qa.assistant import RETRIEVAL_WEIGHT, rank
    from qa.types import Answer, Hit, Paragraph

    def hit(score):
        return Hit(Paragraph(id=f"d:{score}", doc_id="d", title="t", text="x" * 10, start=0, end=10), score=score)

    top, near, far = hit(0.90), hit(0.89), hit(0.60)
    mine = Answer("a", 0.8, 0, 0, 1, margin=10.0)
    # Slightly surer in a passage retrieval ranked almost as high: the reader decides.
    assert rank([mine, Answer("b", 0.82, 1, 0, 1, margin=10.5)], [top, near])[0].text == "b"
    # Just as sure in a passage far below: retrieval decides, unless the reader is much surer.
    assert rank([mine, Answer("b", 0.82, 1, 0, 1, margin=10.5)], [top, far])[0].text == "a"
    gap = RETRIEVAL_WEIGHT * (top.score - far.score)
    assert rank([mine, Answer("b", 0.99, 1, 0, 1, margin=10.0 + gap + 0.1)], [top, far])[0].text == "b"
    # Without retrieval scores to go by (no hits), the reader's margin alone ranks.
    assert [a.text for a in rank([mine, Answer("b", 0.9, 0, 2, 3, margin=11.0)], [])] == ["b", "a"]


def test_fifty_questions_at_once_all_answered(assistant):
    """One reader and one embedder serve every thread: their tokenizers' state must not race."""
    from concurrent.futures import ThreadPoolExecutor

    asks = [("What did Peskov say about the talks", "concrete results"),
            ("Who is the Russian government spokesman", "Peskov"),
            ("What did Russia submit earlier this month", "draft security document")]
    jobs = [(f"{q} (asked {i} times)?", want) for i in range(17) for q, want in asks][:50]
    with ThreadPoolExecutor(50) as pool:
        replies = list(pool.map(lambda job: assistant.ask(job[0], check_names=False), jobs))
    for (q, want), reply in zip(jobs, replies):
        assert reply.answer is not None and want in reply.hit.text, (q, reply.answer)


def test_a_running_assistant_follows_qa_index_run_beside_it(tmp_path, embedder, reader, assistant_over):
    """`qa index` (another process) writes a new generation and deletes the old one's files: the
    assistant keeps answering, and answers from the new articles from the next question on."""
    import shutil
    import subprocess
    import sys

    from conftest import DATA, ROOT, SEED

    a = assistant_over(tmp_path, [SEED], embedder, reader)
    assert "Peskov" in a.ask("Who is the Russian government spokesman?").answer.text
    shutil.copy(DATA / "harbour_bridge.md", tmp_path / "corpus" / "harbour_bridge.md")
    r = subprocess.run([sys.executable, "-m", "qa", "index", str(tmp_path / "corpus"), "--index",
                        str(tmp_path / "index")], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert r.returncode == 0, r.stderr
    reply = a.ask("How much will the harbour bridge cost?")
    assert reply.answer is not None and "14 million euros" in reply.answer.text
    assert {x.file for x in a.articles()} == {SEED.name, "harbour_bridge.md"}


def dated_assistant(tmp_path, assistant_over, embedder, reader, articles: dict):
    """An assistant over the articles {file name: text}, written to tmp_path/src."""
    corpus = tmp_path / "src"
    corpus.mkdir()
    for name, text in articles.items():
        (corpus / name).write_text(text)
    (tmp_path / "a").mkdir()
    return assistant_over(tmp_path / "a", [corpus / name for name in articles], embedder, reader)


def test_dated_questions_filter_by_date_and_latest_prefers_the_newest(tmp_path, embedder, reader, assistant_over):
    """Two dated reports of one bid: the latest question answers from the newer one and lists both;
    a month named in the question filters to that month, and says so; a month with no article is
    said too, and all articles are searched."""
    a = dated_assistant(tmp_path, assistant_over, embedder, reader, {
        "bid_jan.md": "Harbour Holdings bid\n\nDate: January 12, 2022\n\nNorvik Ports offered 530 pence a share "
                      "for Harbour Holdings on Wednesday, the company said.\n",
        "bid_feb.md": "Harbour Holdings bid raised\n\nDate: February 3, 2022\n\nNorvik Ports raised its offer for "
                      "Harbour Holdings to 600 pence a share on Thursday.\n"})
    latest = a.ask("What is the latest offer for Harbour Holdings?")
    assert latest.answer is not None and "600 pence" in latest.answer.text and latest.hit.date == "2022-02-03"
    assert [d for d, _ in latest.dated_answers] == ["2022-02-03", "2022-01-12"]
    january = a.ask("What did Norvik Ports offer for Harbour Holdings in January?")
    assert january.date_filter["since"] == "2022-01-01" and january.date_filter["applied"]
    assert "530 pence" in january.answer.text and {h.doc_id for h in january.hits} == {"bid_jan.md"}
    none = a.ask("What did Norvik Ports offer in March 2021?")
    assert none.date_filter["applied"] is False and none.hits
    off = a.ask("What did Norvik Ports offer for Harbour Holdings in January?", date_phrases=False)
    assert off.date_filter is None and {h.doc_id for h in off.hits} == {"bid_jan.md", "bid_feb.md"}
    then = a.ask("What was the offer for Harbour Holdings as of January 31, 2022?")  # the value in force then
    # Up to the day and the 3 after it (news reports a day later), a later article only where it speaks of
    # January 31: the February 3 article does not, so the value in force is January's.
    assert then.date_filter["as_of"] and then.date_filter["until"] == "2022-02-03"
    assert then.date_filter["named_day"] == "2022-01-31"
    assert "530 pence" in then.answer.text and then.answer.hit.doc_id == "bid_jan.md"


def test_currently_in_a_dated_conversation_is_as_of_its_article(tmp_path, embedder, reader, assistant_over):
    """After a question about the November 2002 statement, "What is currently inhibiting spending?" is current
    then: the newest article up to that day (the reply says so), not the newest article of all; asked alone,
    "currently" is the newest."""
    a = dated_assistant(tmp_path, assistant_over, embedder, reader, {
        "nov2002.txt": "FOMC statement\nDate: 2002-11-06\n\nThe Committee decided today to lower its target for the "
                       "federal funds rate by 50 basis points to 1 1/4 percent. Greater uncertainty, in part "
                       "attributable to heightened geopolitical risks, is currently inhibiting spending, production, "
                       "and employment.\n",
        "may2013.txt": "FOMC statement\nDate: 2013-05-01\n\nThe Committee decided to keep the target range at 0 to "
                       "1/4 percent. Fiscal policy is currently inhibiting spending and restraining economic growth.\n"})
    first = a.ask("How much did the FOMC lower its federal funds rate target in November 2002?")
    assert first.answer is not None and first.answer.hit.doc_id == "nov2002.txt"
    then = a.ask("What is currently inhibiting spending?", [("How much did the FOMC lower its federal funds rate "
                                                               "target in November 2002?", first)])
    assert then.answer is not None and then.answer.hit.doc_id == "nov2002.txt"
    assert then.date_filter["until"] == "2002-11-06" and then.date_filter["conversation"]
    assert then.question == "What is currently inhibiting spending?"  # as asked
    alone = a.ask("What is currently inhibiting spending?")
    assert alone.answer is not None and alone.answer.hit.doc_id == "may2013.txt" and alone.date_filter is None


def test_a_date_phrase_that_filters_is_not_read_as_part_of_the_question(tmp_path, embedder, reader, assistant_over):
    """Two statements that differ only by date: "in August 2006" picks the article, and the reader is
    asked the rest ("Who voted against the action?"), since the paragraph itself never names its
    month; with the phrase left in, the reader took it for an unanswered question."""
    a = dated_assistant(tmp_path, assistant_over, embedder, reader, {name: (
        f"FOMC statement\nDate: {date}\n\nThe Federal Open Market Committee decided today to keep its target "
        f"for the federal funds rate at {rate} percent.\n\nVoting for the FOMC monetary policy action were: "
        f"Ben S. Bernanke, Chairman; Susan S. Bies; and Donald L. Kohn. Voting against was {dissent}, who "
        f"preferred an increase of 25 basis points in the federal funds rate target at this meeting.\n")
        for name, date, rate, dissent in (("aug.txt", "2006-08-08", "5-1/4", "Jeffrey M. Lacker"),
                                          ("sep.txt", "2006-09-20", "5-1/2", "Thomas M. Hoenig"))})
    reply = a.ask("Who voted against the action in August 2006?")
    assert reply.date_filter["applied"] and reply.answer is not None
    assert reply.answer.text == "Jeffrey M. Lacker" and reply.answer.hit.doc_id == "aug.txt"
    september = a.ask("What was the federal funds rate target in September 2006?")
    assert september.answer is not None and "5-1/2 percent" in september.answer.text
    dissent = a.ask("Who dissented in August 2006?")  # the record says "Voting against was ..."
    assert dissent.answer is not None and dissent.answer.text == "Jeffrey M. Lacker"
    assert dissent.question == "Who dissented in August 2006?"  # as asked: read again in other words, not rewritten


def test_a_relative_date_nothing_answers_within_is_read_as_words_of_an_older_article(tmp_path, embedder, reader,
                                                                                        assistant_over):
    """"Earlier this month" counts from the newest article (February), where nothing answers it; the
    January article says it in those words, so all articles are read and the reply says the filter
    was not applied."""
    a = dated_assistant(tmp_path, assistant_over, embedder, reader, {
        "jan.txt": "Security talks\nDate: 2022-01-05\n\nEarlier this month, Russia submitted two draft treaties "
                   "to NATO and the United States.\n",
        "feb.txt": "Harbour news\nDate: 2022-02-20\n\nThe harbour bridge opened to traffic on Sunday after two "
                   "years of work.\n"})
    reply = a.ask("What did Russia submit earlier this month?")
    assert reply.answer is not None and "draft treaties" in reply.answer.text and reply.answer.hit.doc_id == "jan.txt"
    assert reply.date_filter["phrase"] == "this month" and reply.date_filter["applied"] is False


def test_a_year_no_article_of_it_answers_is_read_from_a_later_article_that_speaks_of_it(tmp_path, embedder, reader,
                                                                                           assistant_over):
    """Courts: "in 2018" filters to the 2018 article, which does not answer; the 2019 article says "In
    2018, ..." and answers, and the reply says the filter read articles of other dates. Health: a
    yearless "in December" in an article of the February after is that December."""
    a = dated_assistant(tmp_path, assistant_over, embedder, reader, {
        "trial.txt": "Trial opens\nDate: 2018-07-31\n\nThe trial of the former campaign chairman opened in "
                     "Alexandria on Tuesday.\n",
        "sentence.txt": "Second sentence\nDate: 2019-03-15\n\nIn 2018, while preparing for his first trial, the "
                        "former chairman was kept in solitary confinement at least 23 hours per day.\n",
        "doctor.txt": "Doctor dies\nDate: 2020-02-07\n\nPolice detained eight people for spreading rumors, "
                      "including ophthalmologist Li Wenliang, who tried to warn people about the outbreak in "
                      "December.\n"})
    reply = a.ask("How many hours a day was the former chairman kept in solitary confinement in 2018?")
    assert reply.answer is not None and "23" in reply.answer.text and reply.answer.hit.doc_id == "sentence.txt"
    assert reply.date_filter["applied"] is False and reply.date_filter["spoken_of"]
    doctor = a.ask("Which ophthalmologist tried to warn people about the outbreak in December 2019?")
    assert doctor.answer is not None and "Li Wenliang" in doctor.answer.text and doctor.date_filter["spoken_of"]
    none = a.ask("How many hours a day was the former chairman kept in solitary confinement in 2016?")
    assert not none.date_filter.get("spoken_of")  # no article speaks of 2016


def test_a_day_no_article_of_it_answers_is_read_from_a_later_article_that_says_its_date(tmp_path, embedder, reader,
                                                                                         assistant_over):
    """Weather: "the quake of 7 January 2020" filters to the articles of 7-10 January, which do not
    answer; the article of 17 January says "the January 7 quake" and answers."""
    a = dated_assistant(tmp_path, assistant_over, embedder, reader, {
        "quake.txt": "Quake shakes island\nDate: 2020-01-07\n\nA magnitude 6.4 earthquake struck the south of the "
                     "island before dawn, causing an island-wide blackout.\n",
        "later.txt": "Aftershocks go on\nDate: 2020-01-17\n\nGovernor Wanda Vazquez declared a state of emergency "
                     "after the January 7 quake damaged the Costa Sur power plant.\n"})
    reply = a.ask("Which power plant did the quake of 7 January 2020 damage?")
    assert reply.answer is not None and "Costa Sur" in reply.answer.text and reply.answer.hit.doc_id == "later.txt"
    assert reply.date_filter["applied"] is False and reply.date_filter["spoken_of"]


def test_a_paragraph_speaks_of_a_year_or_a_month_as_news_reports_it_later():
    from qa.dates import speaks_of_period

    assert speaks_of_period("In 2018, while preparing for his trial, he was kept alone.", "2018-01-01", "2018-12-31",
                            "2019-03-15")
    assert speaks_of_period("who tried to warn people in December.", "2019-12-01", "2019-12-31", "2020-02-07")
    assert not speaks_of_period("who tried to warn people in December.", "2018-12-01", "2018-12-31", "2020-02-07")
    assert speaks_of_period("The storm of December 2018 flooded the valley.", "2018-12-01", "2018-12-31", "2020-06-01")
    assert not speaks_of_period("The storm flooded the valley.", "2018-01-01", "2018-12-31", "2019-01-05")
    assert not speaks_of_period("in December", "2019-12-01", "2019-12-31", "2019-12-20")  # not yet over: its own
    assert not speaks_of_period("In 2018, it opened.", "2018-01-01", "2018-12-31", "2018-06-01")  # of that year
    assert not speaks_of_period("It will open in 2018.", "2018-01-01", "2018-12-31", "2016-05-01")  # said before
    assert not speaks_of_period("in March 2023", "2023-03-01", "2023-03-04", "2023-06-01")  # a part of a month


def test_a_paragraph_speaks_of_a_day_by_its_date_in_words_in_a_later_article():
    """Weather: "the January 7 quake" in an article of January 17 speaks of 7 January 2020; courts: "on
    14 January" does too; a weekday alone, another day or an article of those days does not."""
    from qa.dates import speaks_of_period

    args = ("2020-01-07", "2020-01-10")
    assert speaks_of_period("The Costa Sur plant was close to the January 7 quake's epicenter.", *args, "2020-01-17",
                            day="2020-01-07")
    assert speaks_of_period("The mayor was stabbed on 7th January.", *args, "2020-03-01", day="2020-01-07")
    assert not speaks_of_period("The mayor was stabbed on Tuesday.", *args, "2020-01-17", day="2020-01-07")
    assert not speaks_of_period("The January 8 quake was weaker.", *args, "2020-01-17", day="2020-01-07")
    assert not speaks_of_period("The January 7 quake.", *args, "2020-01-09", day="2020-01-07")  # of those days
    assert not speaks_of_period("The January 7 quake.", *args, "2021-06-01", day="2020-01-07")  # no year, too late
    assert speaks_of_period("The January 7, 2020 quake.", *args, "2021-06-01", day="2020-01-07")


def test_a_follow_up_goes_on_with_its_article_and_counts_this_year_from_its_date(tmp_path, embedder, reader,
                                                                                  assistant_over):
    """Two statements of different years that say alike things: a follow-up that names no new date or
    name ("What did the discount rate fall to?") answers from the conversation's article, and "this
    year" in a follow-up counts from that article's date, not from the newest article's."""
    a = dated_assistant(tmp_path, assistant_over, embedder, reader, {name: (
        f"FOMC statement\nDate: {date}\n\nThe Federal Open Market Committee decided today to lower its target "
        f"for the federal funds rate to {rate} percent. In a related action, the Board of Governors approved a "
        f"reduction in the discount rate to {discount} percent.\n\nThe Committee anticipates that a gradual "
        f"recovery will begin {later} this year.\n")
        for name, date, rate, discount, later in (("y2001.txt", "2001-11-06", "2", "1-1/2", "early"),
                                                  ("y2008.txt", "2008-10-29", "1", "1-1/4", "late"))})
    first = a.ask("What did the FOMC lower its target to in November 2001?")
    assert first.answer is not None and first.answer.hit.doc_id == "y2001.txt"
    follow = a.ask("What did the discount rate fall to?", [(first.question, first)])
    assert follow.answer is not None and "1-1/2 percent" in follow.answer.text
    assert follow.answer.hit.doc_id == "y2001.txt"
    when = a.ask("When does the Committee anticipate a recovery will begin this year?", [(first.question, first)])
    assert when.date_filter["since"] == "2001-01-01" and when.answer.hit.doc_id == "y2001.txt"
    alone = a.ask("When does the Committee anticipate a recovery will begin this year?")
    assert alone.date_filter["since"] == "2008-01-01"  # no conversation: from the newest article
