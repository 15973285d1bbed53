from qa.render import reply_html
from qa.serialize import reply_json
from qa.types import Answer, Hit, Paragraph, Reply


def hit(text, title="T", n=0):
    return Hit(Paragraph(id=f"d:{n}", doc_id="d", title=title, text=text, start=0, end=len(text)), score=0.1)


def test_document_text_is_escaped_and_answer_marked():
    text = "Before <script>alert(1)</script> the <img src=x onerror=alert(2)> answer here."
    start = text.index("answer")
    passage = hit(text, title="<b>Evil</b> title")
    reply = Reply(question="q", answer=Answer("answer", 0.8, 0, start, start + 6, hit=passage), hits=[passage])
    html = reply_html(reply)
    assert "<script>" not in html and "<img" not in html and "<b>Evil" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<mark>answer</mark>" in html
    assert "paragraph 1" in html and "high confidence" in html


def test_no_answer_message_shows_closest_passages():
    reply = Reply(question="q", answer=None, hits=[hit("closest <passage>")])
    html = reply_html(reply)
    assert "couldn't find that in the articles" in html and "closest &lt;passage&gt;" in html
    assert reply_json(reply)["answer"] is None


def test_interpreted_question_is_shown():
    reply = Reply(question="What did Peskov say?", answer=None, original_question="What did he say?")
    assert "Interpreting as: <em>What did Peskov say?</em>" in reply_html(reply)


def test_alternative_with_higher_reader_score_says_why_it_ranks_lower():
    first, second, third = hit("alpha answer", n=0), hit("beta other", n=1), hit("gamma third", n=2)
    answer = Answer("alpha", 0.55, 0, 0, 5, hit=first)
    stronger = Answer("beta", 0.81, 1, 0, 4, hit=second)  # the reader likes it more, search ranked it lower
    weaker = Answer("gamma", 0.40, 2, 0, 5, hit=third)
    html = reply_html(Reply(question="q", answer=answer, hits=[first, second, third],
                            alternatives=[stronger, weaker]))
    beta = html[html.index("<strong>beta</strong>"):html.index("<strong>gamma</strong>")]
    assert "81%" in beta and "search put its passage #2, the answer's #1" in beta
    gamma = html[html.index("<strong>gamma</strong>"):]
    assert "40%" in gamma and "ranked below the answer" not in gamma.split("</li>")[0]


def test_unmentioned_names_are_said_plainly_and_escaped():
    passage = hit("Mayor Elena Voss cut the ribbon.", title="Ashford library")
    closest = Answer("Elena Voss", 0.4, 0, 6, 16, hit=passage)
    reply = Reply(question="Who is the mayor of <Paris>?", answer=None, hits=[passage],
                  unmentioned=["<Paris>"], closest=closest)
    html = reply_html(reply)
    assert "The articles don't mention &lt;Paris&gt;." in html and "<em>Elena Voss</em>" in html
    assert reply_json(reply)["answer"] is None and reply_json(reply)["unmentioned"] == ["<Paris>"]


def test_each_way_a_date_filter_went_is_said_in_words():
    from qa.render import date_filter_line

    base = {"since": "2018-01-01", "until": "2018-12-31", "phrase": "in 2018", "relative_to": ""}
    assert date_filter_line({**base, "applied": True}).startswith("Only articles dated 2018-01-01 to 2018-12-31")
    assert "searched all of them" in date_filter_line({**base, "applied": False})
    spoken = date_filter_line({**base, "applied": False, "spoken_of": True})
    assert "No article dated 2018-01-01 to 2018-12-31 answers" in spoken and "speaks of it" in spoken
