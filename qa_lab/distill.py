"""Distilling a larger reader (the teacher) into qa's small one, across tokenizers.

The teacher (e.g. all-mpnet-base-v2 fine-tuned by ``qa_lab train --base``) and the student
(MiniLM, BERT's uncased vocabulary) split text into different tokens, so token logits cannot be
compared. Both map tokens back to characters, though: the teacher's view of a (question, paragraph)
pair is kept as characters — its "no answer" logits and its top start characters and end
characters with their logits — and each student window turns that into a distribution over its own
tokens (a start character goes to the token that holds it; what falls outside the window, and the
teacher's "no answer", go to [CLS]). The student learns from
``(1 - kd_weight) * hard loss + kd_weight * T^2 * KL(teacher || student)`` at temperature T.
Teacher labels are computed once per run and cached (JSON lines, gzip) in the checkpoint folder.
"""
from __future__ import annotations

import bisect
import gzip
import hashlib
import json
import math
from pathlib import Path

TOP_CHARS = 20  # start/end characters kept per pair; the rest of the teacher's mass is negligible
TEACHER_MAX_LENGTH = 512  # one window holds nearly every SQuAD paragraph
TEACHER_STRIDE = 128


def pair_key(question: str, context: str) -> str:
    return hashlib.sha1(f"{question}\x00{context}".encode()).hexdigest()[:20]


def teacher_view(start_logits, end_logits, seq_ids, offsets, top: int = TOP_CHARS) -> dict:
    """One window's view as characters: null logits and the top start/end characters with logits."""
    import numpy as np

    ctx = np.array([s == 1 for s in seq_ids])
    idx = np.flatnonzero(ctx)
    best_s = idx[np.argsort(-start_logits[idx])[:top]]
    best_e = idx[np.argsort(-end_logits[idx])[:top]]
    return {"null_start": float(start_logits[0]), "null_end": float(end_logits[0]),
            "start": [[int(offsets[t][0]), round(float(start_logits[t]), 3)] for t in best_s],
            "end": [[int(offsets[t][1]), round(float(end_logits[t]), 3)] for t in best_e],
            "best": float(start_logits[best_s[0]] + end_logits[best_e[0]]) if len(idx) else -1e9}


def teacher_labels(teacher_dir: str, pairs, device, batch: int = 64, say=print) -> dict[str, dict]:
    """pair_key -> teacher view for each (question, context, ...) pair. A paragraph longer than one
    window keeps the window where the teacher's best span scores highest."""
    import torch
    from transformers import AutoModelForQuestionAnswering, AutoTokenizer

    tok = AutoTokenizer.from_pretrained(teacher_dir)
    model = AutoModelForQuestionAnswering.from_pretrained(teacher_dir, dtype=torch.float32).to(device).eval()
    unique = list({pair_key(p[0], p[1]): (p[0], p[1]) for p in pairs}.items())
    unique.sort(key=lambda kv: len(kv[1][1]))  # similar lengths per batch: less padding
    out: dict[str, dict] = {}
    for b in range(0, len(unique), batch):
        chunk = unique[b:b + batch]
        enc = tok([q for _, (q, _) in chunk], [c for _, (_, c) in chunk], truncation="only_second",
                  max_length=TEACHER_MAX_LENGTH, stride=TEACHER_STRIDE, return_overflowing_tokens=True,
                  return_offsets_mapping=True, padding=True, return_tensors="pt")
        inputs = {k: enc[k].to(device) for k in ("input_ids", "attention_mask", "token_type_ids") if k in enc}
        with torch.no_grad(), torch.autocast(device.type, dtype=torch.bfloat16, enabled=device.type == "cuda"):
            o = model(**inputs)
        starts, ends = o.start_logits.float().cpu().numpy(), o.end_logits.float().cpu().numpy()
        for w in range(starts.shape[0]):
            key = chunk[int(enc["overflow_to_sample_mapping"][w])][0]
            view = teacher_view(starts[w], ends[w], enc.sequence_ids(w), enc["offset_mapping"][w].tolist())
            if key not in out or view["best"] > out[key]["best"]:
                out[key] = view
        if b // batch % 200 == 0:
            say(f"teacher labels {min(b + batch, len(unique))}/{len(unique)}")
    del model
    if device.type == "cuda":
        torch.cuda.empty_cache()
    return out


def save_labels(labels: dict[str, dict], path: Path) -> None:
    tmp = path.with_suffix(".tmp")
    with gzip.open(tmp, "wt", encoding="utf-8") as f:
        for key, view in labels.items():
            f.write(json.dumps({"key": key, **view}) + "\n")
    tmp.replace(path)


def load_labels(path: Path) -> dict[str, dict]:
    out = {}
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            out[row.pop("key")] = row
    return out


def window_targets(view: dict, offsets, seq_ids, temperature: float) -> tuple[list, list]:
    """The teacher's start and end distributions over one student window's tokens, as sparse
    [(token index, probability)] lists: softmax(logits / T) over "no answer" and the top characters;
    each character's mass goes to the student token that holds it, or to [CLS] (index 0) when the
    window does not hold it."""
    ctx_tokens = [t for t, s in enumerate(seq_ids) if s == 1]
    starts = [offsets[t][0] for t in ctx_tokens]  # increasing: bisect finds a character's token

    def holder(c: int, is_end: bool) -> int:
        i = (bisect.bisect_left(starts, c) if is_end else bisect.bisect_right(starts, c)) - 1
        if i < 0:
            return 0
        t = ctx_tokens[i]
        inside = offsets[t][0] < c <= offsets[t][1] if is_end else c < offsets[t][1]
        return t if inside else 0

    def spread(null: float, chars, is_end: bool):
        logits = [null] + [lg for _, lg in chars]
        m = max(logits)
        w = [math.exp((lg - m) / temperature) for lg in logits]
        total = sum(w)
        mass: dict[int, float] = {0: w[0] / total}
        for (c, _), wi in zip(chars, w[1:]):
            tok = holder(c, is_end)
            mass[tok] = mass.get(tok, 0.0) + wi / total
        return sorted(mass.items())

    return spread(view["null_start"], view["start"], False), spread(view["null_end"], view["end"], True)


def kd_loss(start_logits, end_logits, attention_mask, start_targets, end_targets, temperature: float):
    """T^2 * KL(teacher || student), averaged over the batch and the two ends; targets are dense
    (batch, seq) tensors, zero where the teacher puts no mass."""
    import torch

    def one(logits, target):
        logits = logits.float().masked_fill(attention_mask == 0, -1e4) / temperature
        logp = torch.log_softmax(logits, dim=-1)
        t = target.clamp_min(1e-12)
        return (target * (t.log() - logp)).sum(-1).mean()

    return temperature ** 2 * (one(start_logits, start_targets) + one(end_logits, end_targets)) / 2
