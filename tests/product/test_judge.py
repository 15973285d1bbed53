"""One rule decides whether to answer (qa.judge), used by Reader.read and Assistant.ask alike."""
from qa.judge import ALTERNATIVES_SHOWN, accept, accepts, decide
from qa.types import Answer, Hit, Paragraph


def hit(n, doc="d", text="Mayor Elena Voss of Millbrook cut the ribbon."):
    return Hit(Paragraph(id=f"{doc}:{n}", doc_id=doc, title="T", text=text, start=0, end=len(text)), score=0.5)


def span(text, score, margin, passage=0, hits=None):
    return Answer(text, score, passage, 0, len(text), margin=margin, hit=(hits or {}).get(passage))


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
