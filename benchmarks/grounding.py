"""Declining what the articles do not say: names and numbers the answer's article never mentions.

    python benchmarks/grounding.py

Corpus: the seed article, tests/data/harbour_bridge.md and the four articles in tests/data/articles/
(a town library, a company report, a football final, a comet), indexed together. Questions:
benchmarks/data/grounding.json — 40 answerable ones (right = the expected words are in the answer)
and 64 written to look answerable but not answered by the articles. Each question is asked once per
setting: the reader's calibrated threshold or a higher one, with and without the name check
(qa/grounding.py). Prints the trade-off table, writes benchmarks/results/grounding.json.
"""
from __future__ import annotations

import json
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    from followups import six_article_assistant, write_result

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
    write_result("grounding.json", out)
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
