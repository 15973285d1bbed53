from qa_lab.metrics import answer_right


def test_the_news_rule_takes_close_wording_but_never_another_number():
    assert answer_right("$20 billion per month", ["$20 billion per month"])
    assert answer_right("about $20 billion per month", ["$20 billion per month"])
    assert not answer_right("$25 billion per month", ["$20 billion per month"])  # 3 words in 4, another amount
    assert not answer_right("2 percent", ["2-1/2 percent"])
    assert answer_right("the tightening of credit conditions and the deepening of the housing contraction",
                        ["tightening of credit conditions and deepening of housing contraction"])
    assert answer_right("strains in global financial market", ["strains in global financial markets"])


def _benchmark_news():
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "benchmarks" / "news.py"
    spec = importlib.util.spec_from_file_location("benchmark_news", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_reading_counts_a_typographic_apostrophe_as_the_plain_one():
    news = _benchmark_news()
    asked, expected = "How many of its passengers died?", "How many of the Conception's passengers died?"
    assert news.reading_right("How many of the Conception’s passengers died?", asked, expected)
    assert news.reading_right("How many of the Conception's passengers died?", asked, expected)
    assert not news.reading_right("How many of the boat’s passengers died?", asked, expected)
