"""Would an answer verifier on top of the reader close issue #16's gap? The reader's margin together
with cheap lexical signs of an unanswerable question, against the margin alone.

    python benchmarks/verifier.py --squad2 ../shared/data/squad2-train-part.json \
        --reader "shipped=qa/models/reader" --reader "leg A=$HOME/reader-unans"

For each reader (ONNX Runtime int8), its best span for every question of the SQuAD 2.0 sample, and:
- margin: the reader's margin alone (what qa thresholds today);
- verifier: a logistic regression on the margin and the features below, fitted on the tune half
  (even-numbered paragraphs; classes balanced), scored on the report half (odd ones);
- and one verifier on the features of all readers together.
Features: the margin, its gap to the second span, the share of the question's content words in the
paragraph / the answer's sentence / 150 characters around the answer, how many are missing from
the paragraph and the sentence, a negation in the question (and none in the sentence), names the
paragraph never mentions (qa.grounding.unmentioned), answer length, answer words in the question,
question length.

Reported on the report half: HasAns F1 (a declined answerable question scores 0) at the best point
of the trade-off with at least 30/50/60/75% of NoAns declined (the curve; no threshold picked), and
at the score that declines 75% of the tune half's NoAns, carried over to the report half.
Writes benchmarks/results/verifier.json.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DECLINE_GOALS = (30, 50, 60, 75)
STOPWORDS = set("""a an the of in on at to for by with from and or but is are was were be been being do does did what
which who whom whose when where why how that this these those it its as into than then there their they he she
his her him them not no has have had can could would should will may might must about after before over under
between during""".split())
NEGATIONS = {"not", "never", "no", "without", "none", "nobody", "neither", "nor", "cannot"}
FEATURES = ("margin", "gap_to_second", "q_in_paragraph", "q_in_sentence", "q_near_answer", "q_missing_paragraph",
            "q_missing_sentence", "negation_not_in_sentence", "negation_in_question", "unmentioned_names",
            "answer_words", "answer_words_in_question", "question_words")


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def content(text: str) -> set[str]:
    # First five letters: a crude stem, enough for "elected"/"election".
    return {w[:5] for w in words(text) if w not in STOPWORDS and len(w) > 2}


def sentence_at(context: str, pos: int) -> str:
    start = max(context.rfind(". ", 0, pos), context.rfind("? ", 0, pos), context.rfind("! ", 0, pos)) + 1
    ends = [i for i in (context.find(". ", pos), context.find("? ", pos), context.find("! ", pos)) if i >= 0]
    return context[start:min(ends or [len(context)]) + 1]


def features(question: str, context: str, answers) -> list[float]:
    from qa.grounding import unmentioned

    best = answers[0] if answers else None
    text, start, end, margin = (best.text, best.start, best.end, best.margin) if best else ("", 0, 0, -20.0)
    second = answers[1].margin if len(answers) > 1 else margin - 10
    q = content(question)
    n = max(1, len(q))
    sentence = sentence_at(context, start)
    in_par, in_sent = q & content(context), q & content(sentence)
    near = q & content(context[max(0, start - 150):end + 150])
    negated_q = bool(set(words(question)) & NEGATIONS) or "n't" in question
    negated_s = bool(set(words(sentence)) & NEGATIONS) or "n't" in sentence
    return [margin, margin - second, len(in_par) / n, len(in_sent) / n, len(near) / n, len(q - in_par),
            len(q - in_sent), float(negated_q and not negated_s), float(negated_q),
            float(len(unmentioned(question, context))), float(len(words(text))), float(len(content(text) & q)),
            float(len(words(question)))]


def trade_off(p_answer, answerable, f1, tune_p, tune_answerable) -> dict:
    import numpy as np

    points = []
    for t in np.unique(np.quantile(p_answer, np.linspace(0, 0.7, 141))):
        answered = p_answer >= t
        points.append((100 * (~answered[~answerable]).mean(), 100 * (f1[answerable] * answered[answerable]).mean()))
    out = {}
    for goal in DECLINE_GOALS:
        reach = [f for d, f in points if d >= goal]
        out[f"has_ans_f1_at_no_ans_{goal}"] = round(max(reach), 1) if reach else None
    t = float(np.quantile(tune_p[~tune_answerable], 0.75))  # declines 75% of the tune half's NoAns
    answered = p_answer >= t
    out["tune_threshold_75"] = {"no_ans_declined": round(100 * (~answered[~answerable]).mean(), 1),
                                "has_ans_f1": round(100 * (f1[answerable] * answered[answerable]).mean(), 1)}
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--squad2", required=True)
    ap.add_argument("--reader", action="append", required=True, metavar="NAME=DIR")
    ap.add_argument("--backend", default="onnx-int8")
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "verifier.json"))
    args = ap.parse_args()

    import numpy as np
    from sklearn.linear_model import LogisticRegression

    from qa.reader import Reader
    from qa_lab import metrics, squad
    from qa_lab.spans import read_pairs

    exs = squad.examples(squad.load_json(args.squad2))
    answerable = np.array([bool(e.answers) for e in exs])
    tune = np.array([e.paragraph % 2 == 0 for e in exs])
    report = ~tune
    per_reader = {}
    for spec in args.reader:
        name, folder = spec.split("=", 1)
        found = read_pairs(Reader.load(folder, backend=args.backend), [e.question for e in exs],
                           [e.context for e in exs])
        x = np.array([features(e.question, e.context, a) for e, a in zip(exs, found)])
        f1 = np.array([metrics.best_over(metrics.f1_score, a[0].text if a else "", e.answers) if e.answers else 0.0
                       for e, a in zip(exs, found)])
        per_reader[name] = (x, f1)
        print(f"{name}: read {len(exs)} questions", flush=True)

    def fit(x):
        balance = np.where(answerable[tune], 1.0, answerable[tune].sum() / (~answerable[tune]).sum())
        model = LogisticRegression(max_iter=3000).fit(x[tune], answerable[tune], sample_weight=balance)
        return model, model.predict_proba(x)[:, 1]

    rows = []
    for name, (x, f1) in per_reader.items():
        margin = x[:, 0]
        rows.append({"reader": name, "decider": "margin",
                     **trade_off(margin[report], answerable[report], f1[report], margin[tune], answerable[tune])})
        model, p = fit(x)
        rows.append({"reader": name, "decider": "verifier",
                     **trade_off(p[report], answerable[report], f1[report], p[tune], answerable[tune]),
                     "coefficients": dict(zip(FEATURES, np.round(model.coef_[0], 3).tolist()))})
    if len(per_reader) > 1:
        first = next(iter(per_reader))
        x_all = np.hstack([x for x, _ in per_reader.values()])
        _, p = fit(x_all)
        f1 = per_reader[first][1]
        rows.append({"reader": " + ".join(per_reader), "decider": f"verifier on all readers (spans of {first})",
                     **trade_off(p[report], answerable[report], f1[report], p[tune], answerable[tune])})

    head = ["reader", "decider"] + [f"HasAns F1, NoAns >= {g}%" for g in DECLINE_GOALS] + ["tune 75% -> NoAns / HasAns F1"]
    lines = [" | ".join(head), " | ".join("---" for _ in head)]
    for r in rows:
        t = r["tune_threshold_75"]
        lines.append(" | ".join([r["reader"], r["decider"]]
                                + [str(r[f"has_ans_f1_at_no_ans_{g}"]) for g in DECLINE_GOALS]
                                + [f"{t['no_ans_declined']}% / {t['has_ans_f1']}"]))
    print("\n".join(lines))
    Path(args.out).write_text(json.dumps({
        "squad2_file": Path(args.squad2).name, "backend": args.backend, "fitted_on": "tune half (even paragraphs)",
        "scored_on": "report half (odd paragraphs)", "report_no_ans": int((~answerable[report]).sum()),
        "report_has_ans": int(answerable[report].sum()), "readers": {s.split("=", 1)[0]: s.split("=", 1)[1] for s in args.reader},
        "rows": rows}, indent=2) + "\n")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
