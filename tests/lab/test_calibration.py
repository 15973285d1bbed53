"""Score calibration (Platt scaling of the reader's margin) and its reliability measure."""
import numpy as np

from qa_lab.calibration import fit_platt, threshold_curve
from qa_lab.metrics import reliability
from qa_lab.squad import Example


def test_platt_fit_recovers_a_known_curve():
    rng = np.random.default_rng(0)
    m = rng.normal(2, 10, 20000)
    right = rng.random(m.size) < 1 / (1 + np.exp(-(0.3 * m - 1)))
    scale, bias = fit_platt(m, right)
    assert abs(scale - 0.3) < 0.03 and abs(bias + 1) < 0.1
    scores = 1 / (1 + np.exp(-(scale * m + bias)))
    ece, bins = reliability(list(zip(scores, right)))
    assert ece < 0.02 and sum(b["n"] for b in bins) == m.size


def test_platt_fit_survives_separable_margins_of_tens_of_logits():
    m = np.r_[np.linspace(5, 40, 300), np.linspace(-40, -5, 300)]
    scale, bias = fit_platt(m, np.r_[np.ones(300), np.zeros(300)])
    assert np.isfinite(scale) and np.isfinite(bias) and scale > 0
    assert 1 / (1 + np.exp(-(scale * 20 + bias))) > 0.99 and 1 / (1 + np.exp(-(scale * -20 + bias))) < 0.01


def test_reliability_flags_overconfidence():
    pairs = [(0.95, i % 2 == 0) for i in range(1000)]  # says 95%, right half the time
    ece, bins = reliability(pairs)
    assert abs(ece - 0.45) < 1e-6 and bins == [{"bin": "0.9-1.0", "n": 1000, "mean_score": 0.95, "right": 0.5}]


def test_threshold_curve_trades_answers_for_declines():
    exs = [Example(str(i), "t", "q?", "c", [a], [0], 0, 0) for i, a in enumerate(["Geneva", "Peskov", "positive"])]
    gold = [("Geneva", 0.9, 5.0), ("Dmitry Peskov", 0.3, 1.0), ("talks", 0.1, -2.0)]  # right, half right, wrong
    wrong = [("x", 0.05, -4.0), ("y", 0.25, 2.0)]  # (text, calibrated score, margin): scores rise with margins
    curve = threshold_curve(exs, gold, wrong, [0.0, 0.2, 0.5])
    assert [c["answered_gold"] for c in curve] == [100.0, 66.67, 33.33]
    assert [c["declined_wrong_paragraph"] for c in curve] == [0.0, 50.0, 100.0]
    assert [c["f1"] for c in curve] == [55.56, 55.56, 33.33]  # (1 + 2/3 + 0) / 3: "Dmitry Peskov" vs "Peskov" is 2/3


def test_unanswerable_questions_raise_the_threshold_only_within_the_f1_budget():
    from qa_lab.calibration import choose_threshold

    exs = [Example(str(i), "t", "q?", "c", ["Geneva"], [0], 0, 0) for i in range(4)]
    gold = [("Geneva", s, 2.0) for s in (0.9, 0.8, 0.7, 0.35)]  # all right
    wrong = [("x", 0.1, 2.0)] * 4
    alone, r = choose_threshold(exs, gold, wrong)
    assert 0.1 < alone <= 0.35 and r["f1_given_up"] == 0.0  # above the wrong paragraphs, below every answer
    # Unanswerable questions scored 0.3: declining them (threshold above 0.3) costs nothing.
    t, r = choose_threshold(exs, gold, wrong, [("y", 0.3, 2.0)] * 4)
    assert 0.3 < t <= 0.35 and r["declined_unanswerable"] == 100.0 and r["f1"] == 100.0
    # Scored 0.75: declining them would cost half the answers, far over the budget.
    t, r = choose_threshold(exs, gold, wrong, [("y", 0.75, 2.0)] * 4)
    assert t <= 0.35 and r["declined_unanswerable"] == 0.0 and r["f1"] == 100.0
    # With a budget of 60 points it may give them up.
    t, r = choose_threshold(exs, gold, wrong, [("y", 0.75, 2.0)] * 4, f1_budget=60)
    assert t > 0.75 and r["declined_unanswerable"] == 100.0 and r["f1_given_up"] == 50.0


def test_the_f1_budget_is_a_cap_in_points_of_f1():
    from qa_lab.calibration import F1_BUDGET, choose_threshold

    def pick(n_questions):
        # One right answer scored 0.2 among n; unanswerable questions at 0.25 are declined only by
        # also declining it, which costs 100/n points of F1.
        exs = [Example(str(i), "t", "q?", "c", ["Geneva"], [0], 0, 0) for i in range(n_questions)]
        gold = [("Geneva", 0.2 if i == 0 else 0.9, 2.0) for i in range(n_questions)]
        return choose_threshold(exs, gold, [("x", 0.05, 2.0)], [("y", 0.25, 2.0)] * 3)

    fits = int(100 / F1_BUDGET)  # 40 questions: 2.5 points, just within
    t, r = pick(fits)
    assert t > 0.25 and r["declined_unanswerable"] == 100.0 and abs(r["f1_given_up"] - 100 / fits) < 1e-9
    t, r = pick(fits - 10)  # 3.3 points: over
    assert 0.05 < t <= 0.2 and r["declined_unanswerable"] == 0.0 and r["f1_given_up"] == 0.0
