"""The official SQuAD metrics (re-implemented from the published v1.1/v2.0 script), calibration
error, and the one percentile definition every benchmark uses."""
from __future__ import annotations

import collections
import re
import string

import numpy as np

_PUNCT = set(string.punctuation)


def normalize_answer(s: str) -> str:
    s = "".join(ch for ch in s.lower() if ch not in _PUNCT)
    s = re.sub(r"\b(a|an|the)\b", " ", s)
    return " ".join(s.split())


def f1_score(prediction: str, truth: str) -> float:
    p, t = normalize_answer(prediction).split(), normalize_answer(truth).split()
    if not p or not t:  # SQuAD 2.0: an empty answer scores 1 only against an empty truth
        return float(p == t)
    same = sum((collections.Counter(p) & collections.Counter(t)).values())
    if same == 0:
        return 0.0
    precision, recall = same / len(p), same / len(t)
    return 2 * precision * recall / (precision + recall)


def exact_match(prediction: str, truth: str) -> float:
    return float(normalize_answer(prediction) == normalize_answer(truth))


def best_over(metric, prediction: str, truths: list[str]) -> float:
    """The best score against any of the gold answers ('' stands for "no answer" in SQuAD 2.0)."""
    return max(metric(prediction, t) for t in (truths or [""]))


def _numbers(words: list[str]) -> list[str]:
    return [w for w in words if any(ch.isdigit() for ch in w)]


def _inside(short: list[str], long: list[str]) -> bool:
    n = len(short)
    return n > 0 and any(long[i:i + n] == short for i in range(len(long) - n + 1))


def answer_right(predicted: str, expected: list[str]) -> bool:
    """The real-news collection's rule: the expected words with at most a few more around them, or at
    least half of the expected phrase. Stricter than SQuAD's F1 on purpose: "2 percent" is not half
    right against "2-1/2 percent"."""
    p = normalize_answer(predicted).split()
    for exp in expected:
        e = normalize_answer(exp).split()
        if _inside(e, p) and len(p) <= len(e) + 5:
            return True
        if _inside(p, e) and len(p) >= 0.5 * len(e):
            return True
        # Most words in common, and the same numbers: "$25 billion per month" shares three words in four
        # with "$20 billion per month" and is wrong.
        if len(e) >= 4 and f1_score(predicted, exp) >= 0.7 and _numbers(p) == _numbers(e):
            return True
    return False


def percentiles(values, qs=(50, 95)) -> dict[str, float]:
    """{"p50": ..., "p95": ...}: numpy's linear interpolation, the one definition all benchmarks use."""
    arr = np.asarray(list(values), dtype=np.float64)
    return {f"p{q}": float(np.percentile(arr, q)) if arr.size else float("nan") for q in qs}


def reliability(pairs, bins: int = 10) -> tuple[float, list[dict]]:
    """Expected calibration error and per-bin (mean score, share right) for (score, right) pairs."""
    rows, ece, n = [], 0.0, len(pairs)
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        sel = [(s, r) for s, r in pairs if lo <= s < hi or (b == bins - 1 and s == 1.0)]
        if sel:
            conf = sum(s for s, _ in sel) / len(sel)
            acc = sum(r for _, r in sel) / len(sel)
            ece += len(sel) / n * abs(conf - acc)
            rows.append({"bin": f"{lo:.1f}-{hi:.1f}", "n": len(sel), "mean_score": round(conf, 3),
                         "right": round(acc, 3)})
    return ece, rows


def finish_report(result: dict, lines: list[str], out: str | None) -> int:
    """Print a command's report and write its result as JSON (--out); the exit code."""
    import json
    from pathlib import Path

    print("\n".join(lines))
    if out:
        Path(out).write_text(json.dumps(result, indent=2) + "\n")
    return 0
