"""Does the reader's last-layer [CLS] state tell a question its paragraph does not answer? A probe.

    python benchmarks/no_answer_probe.py [--squad2 ../shared/data/squad2-train-part.json]

Runs the shipped reader (torch, fp32) over every question of the SQuAD 2.0 sample with its own
paragraph and keeps, per question, the [CLS] vector of the last layer and the span logits' summary
(best span minus "no answer", the [CLS] start and end logits, the best start and end logits). A
logistic regression (scikit-learn, balanced classes) is fitted to tell unanswerable questions from
answerable ones, on two splits: even against odd paragraphs (the split the fitted decision uses; the
same ten articles on both sides) and five articles against the other five. Reported per split and
feature set: held-out ROC AUC, and the share of answerable questions declined when the probe's
threshold declines 30% of the unanswerable ones (the SQuAD 2.0 bar of issue #30). Writes
benchmarks/results/no_answer_probe.json. Lab only: nothing here is in the product.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def features(squad2: str):
    import torch
    from transformers import AutoModelForQuestionAnswering, AutoTokenizer

    from qa_lab import squad

    exs = squad.examples(squad.load_json(squad2))
    reader = ROOT / "qa" / "models" / "reader"
    tok = AutoTokenizer.from_pretrained(reader)
    model = AutoModelForQuestionAnswering.from_pretrained(reader).eval()
    rows = []
    with torch.inference_mode():
        for i in range(0, len(exs), 32):
            batch = exs[i:i + 32]
            enc = tok([e.question for e in batch], [e.context for e in batch], truncation="only_second",
                      max_length=384, padding=True, return_tensors="pt")
            out = model(**enc, output_hidden_states=True)
            cls = out.hidden_states[-1][:, 0, :].numpy()
            s, e = out.start_logits.numpy(), out.end_logits.numpy()
            context = (enc["token_type_ids"].numpy() == 1) & (enc["attention_mask"].numpy() == 1)
            for j in range(len(batch)):
                sj, ej = np.where(context[j], s[j], -1e9), np.where(context[j], e[j], -1e9)
                stats = [sj.max() + ej.max() - (s[j, 0] + e[j, 0]), s[j, 0], e[j, 0], sj.max(), ej.max()]
                rows.append(np.concatenate([cls[j], stats]))
    x = np.array(rows)
    y = np.array([0 if e.answers else 1 for e in exs])
    return x, y, np.array([e.paragraph for e in exs]), np.array([e.article for e in exs])


def probe(x, y, train, test) -> dict:
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score
    from sklearn.preprocessing import StandardScaler

    scale = StandardScaler().fit(x[train])
    fit = LogisticRegression(C=0.01, max_iter=3000, class_weight="balanced").fit(scale.transform(x[train]), y[train])
    p = fit.predict_proba(scale.transform(x[test]))[:, 1]
    yt = y[test]
    threshold = np.quantile(p[yt == 1], 0.70)  # declines 30% of the unanswerable questions
    return {"auc": round(float(roc_auc_score(yt, p)), 3),
            "answerable_declined_at_30pct_pct": round(100 * float((p[yt == 0] >= threshold).mean()), 1),
            "test_unanswerable": int((yt == 1).sum()), "test_answerable": int((yt == 0).sum())}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--squad2", default=str(ROOT.parent / "shared" / "data" / "squad2-train-part.json"))
    args = parser.parse_args()
    x, y, paragraph, article = features(args.squad2)
    sets = {"margin": slice(384, 385), "logit summary": slice(384, 389), "[CLS] + logit summary": slice(0, 389)}
    splits = {"even/odd paragraphs (same articles)": (paragraph % 2 == 0, paragraph % 2 == 1),
              "articles 0-4 / 5-9": (article < 5, article >= 5), "articles 5-9 / 0-4": (article >= 5, article < 5)}
    result = {}
    print(f"{'split':<38} {'features':<24} {'AUC':>6}  answerable declined at 30% unanswerable declined")
    for split, (train, test) in splits.items():
        for name, cols in sets.items():
            r = probe(x[:, cols], y, train, test)
            result[f"{split} | {name}"] = r
            print(f"{split:<38} {name:<24} {r['auc']:>6.3f}  {r['answerable_declined_at_30pct_pct']:>5.1f}%")
    out = ROOT / "benchmarks" / "results" / "no_answer_probe.json"
    out.write_text(json.dumps({"squad2": args.squad2, "questions": int(len(y)), "unanswerable": int(y.sum()),
                               "results": result}, indent=1))
    print(f"wrote {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
