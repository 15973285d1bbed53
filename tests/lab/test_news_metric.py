from qa_lab.metrics import answer_right


def test_the_news_rule_takes_close_wording_but_never_another_number():
    assert answer_right("$20 billion per month", ["$20 billion per month"])
    assert answer_right("about $20 billion per month", ["$20 billion per month"])
    assert not answer_right("$25 billion per month", ["$20 billion per month"])  # 3 words in 4, another amount
    assert not answer_right("2 percent", ["2-1/2 percent"])
    assert answer_right("the tightening of credit conditions and the deepening of the housing contraction",
                        ["tightening of credit conditions and deepening of housing contraction"])
    assert answer_right("strains in global financial market", ["strains in global financial markets"])
