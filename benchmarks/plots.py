"""The README's plots from the benchmark outputs (matplotlib, in benchmarks/requirements.txt).

    python benchmarks/plots.py   # reads benchmarks/out/peers_*.json and scale.json -> docs/*.png
"""
from __future__ import annotations

import json
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
DOCS = ROOT / "docs"


def latency_plot():
    runs = json.loads((OUT / "peers_ours.json").read_text())
    ours = runs["qa"]
    hs = json.loads((OUT / "peers_haystack.json").read_text())
    fig, ax = plt.subplots(figsize=(7, 3.6), dpi=120)
    top = max(max(ours["latencies_ms"]), max(hs["latencies_ms"]))
    bins = [i * top / 60 for i in range(61)]
    for run, name, color in ((ours, ours["system"], "tab:blue"), (hs, hs["system"] + " (top 5)", "tab:orange")):
        ax.hist(run["latencies_ms"], bins=bins, alpha=0.6, color=color,
                label=f"{name}: p50 {run['p50_ms']:.0f} ms, p95 {run['p95_ms']:.0f} ms, F1 {run['f1']:.1f}")
        ax.axvline(run["p50_ms"], color=color, linestyle="--", linewidth=1)
    ax.set_xlabel("time to answer one question, ms (retrieval + reader, k=5)")
    ax.set_ylabel("questions")
    ax.set_title(f"Same corpus, questions, embedder and reader weights ({ours['questions']} SQuAD dev questions)",
                 fontsize=9)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(DOCS / "latency.png")


def scale_plot():
    rows = json.loads((OUT / "scale.json").read_text())["results"]
    fig, ax = plt.subplots(figsize=(7, 3.6), dpi=120)
    for kind, color in (("flat", "tab:gray"), ("ivf-sq8", "tab:blue"), ("hnsw", "tab:green")):
        pts = sorted((r["paragraphs"], r["hybrid_ms"][0], r["dense_ms"][0]) for r in rows if r["kind"] == kind)
        if pts:
            ax.plot([p[0] for p in pts], [p[1] for p in pts], "o-", color=color, label=f"{kind}: hybrid search p50")
            ax.plot([p[0] for p in pts], [p[2] for p in pts], "x:", color=color, label=f"{kind}: FAISS alone p50")
    ax.set_xscale("log")
    ax.set_xlabel("paragraphs in the index")
    ax.set_ylabel("ms per query")
    ax.axhline(50, color="red", linewidth=0.8, linestyle="--", label="aim: 50 ms")
    ax.set_title("Search latency against corpus size (2-core AMD EPYC, AVX2)", fontsize=9)
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(DOCS / "scale.png")


if __name__ == "__main__":
    DOCS.mkdir(exist_ok=True)
    for fn in (latency_plot, scale_plot):
        try:
            fn()
            print(f"wrote {fn.__name__}")
        except FileNotFoundError as e:
            print(f"skipped {fn.__name__}: {e.filename} missing (run the benchmark first)")
