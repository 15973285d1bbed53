"""The shipped reader weights: real spans on the seed article, and declines."""
import pytest

from qa.documents import load_file, split_paragraphs

from conftest import SEED

pytestmark = pytest.mark.quality  # what the shipped weights get right (pytest -m quality)


def paragraphs():
    return [p.text for p in split_paragraphs(load_file(SEED)[0])]


def test_shipped_reader_has_calibrated_threshold(reader):
    assert "threshold" in reader.meta and 0 < reader.threshold < 1
    assert reader.model_path.endswith("models/reader")


def test_seed_spans(reader):
    paras = paragraphs()
    cases = [("Who is the Russian government spokesman?", 12, "Dmitry Peskov"),
             ("What did Russia submit earlier this month?", 7, "draft security document"),
             ("Where are the negotiations expected to be held?", 14, "Organization for Security and Cooperation in Europe")]
    for q, i, expected in cases:
        answers = reader.read(q, [paras[i]])
        assert answers and expected in answers[0].text, (q, answers)


def test_unrelated_paragraph_is_declined(reader):
    paras = paragraphs()
    assert reader.read("How long will the harbour bridge be?", [paras[3], paras[9]]) == []
    assert reader.read("Who won the 1998 football World Cup?", paras[:5]) == []


@pytest.mark.xfail(strict=True, reason="a known miss of the shipped reader: it answers "
                   "'security proposals for limiting NATO’s expansion plans' (0.77)")
def test_putin_positive_sign(reader):
    answers = reader.read("What did Putin call the U.S. readiness to engage in Geneva talks?", [paragraphs()[11]])
    assert answers and "positive" in answers[0].text
