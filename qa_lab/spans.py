"""Reading (question, paragraph) pairs in batches, and sampling wrong paragraphs: what evaluation,
calibration and training share (imported by each; it imports none of them)."""
from __future__ import annotations

import random

from . import squad

PAIRS_PER_BATCH = 64  # (question, paragraph) pairs per batched read
WRONG_PARAGRAPH_SEED = 7  # which other paragraph each question meets: fixed, so runs compare


def wrong_paragraph(e: squad.Example, paras: dict[int, dict[int, str]], rng: random.Random) -> str | None:
    """Another paragraph of e's article that does not contain an answer (None when there is none):
    the one sampler of wrong-paragraph pairs, for evaluation, calibration and training alike."""
    options = [c for p, c in paras[e.article].items()
               if p != e.paragraph and not any(a.lower() in c.lower() for a in e.answers)]
    return rng.choice(options) if options else None


def wrong_paragraphs(exs: list[squad.Example], pool: list[squad.Example] | None = None,
                     seed: int = WRONG_PARAGRAPH_SEED) -> list[str | None]:
    """For each question, another paragraph of its article (from pool) that does not contain an answer."""
    rng = random.Random(seed)
    paras = squad.paragraphs_by_article(pool or exs)
    return [wrong_paragraph(e, paras, rng) for e in exs]


def read_pairs(reader, questions: list[str], contexts: list[str], progress: str = "") -> list[list]:
    """The reader's candidate Answers per (question, paragraph) pair, best first, no threshold. Pairs are
    read in order of length, so a batch pads to similar lengths (about 1.5x faster than file order)."""
    from tqdm import tqdm

    order = sorted(range(len(questions)), key=lambda i: len(contexts[i]) + len(questions[i]))
    out: list[list] = [[] for _ in questions]
    for i in tqdm(range(0, len(order), PAIRS_PER_BATCH), desc=progress, disable=not progress,
                  unit_scale=PAIRS_PER_BATCH):
        idx = order[i:i + PAIRS_PER_BATCH]
        for j, answers in zip(idx, reader.pair_spans([questions[j] for j in idx], [contexts[j] for j in idx])):
            out[j] = answers
    return out


def best_spans(reader, questions: list[str], contexts: list[str], progress: str = "") -> list[tuple[str, float, float]]:
    """(best span text, score, raw margin) per pair, no threshold (read_pairs)."""
    return [(a[0].text, a[0].score, a[0].margin) if a else ("", 0.0, -1e9)
            for a in read_pairs(reader, questions, contexts, progress)]
