from qa.render import reply_dict, reply_html
from qa.types import Answer, Hit, Reply


def hit(text, title="T", n=0):
    return Hit(text=text, score=0.1, doc_id="d", title=title, paragraph_id=f"d:{n}", start=0, end=len(text))


def test_document_text_is_escaped_and_answer_marked():
    text = "Before <script>alert(1)</script> the <img src=x onerror=alert(2)> answer here."
    start = text.index("answer")
    reply = Reply(question="q", answer=Answer("answer", 0.8, 0, start, start + 6),
                  hits=[hit(text, title="<b>Evil</b> title")])
    html = reply_html(reply)
    assert "<script>" not in html and "<img" not in html and "<b>Evil" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<mark>answer</mark>" in html
    assert "paragraph 1" in html and "high confidence" in html


def test_no_answer_message_shows_closest_passages():
    reply = Reply(question="q", answer=None, hits=[hit("closest <passage>")])
    html = reply_html(reply)
    assert "couldn't find that in the articles" in html and "closest &lt;passage&gt;" in html
    assert reply_dict(reply)["answer"] is None


def test_interpreted_question_is_shown():
    reply = Reply(question="What did Peskov say?", answer=None, original_question="What did he say?")
    assert "Interpreting as: <em>What did Peskov say?</em>" in reply_html(reply)
