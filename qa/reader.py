"""Extractive reader: AutoModelForQuestionAnswering + our own span decoding.

transformers 5 has no question-answering pipeline, so windowing, offset mapping and
span scoring live here. A span is ranked by its margin over "no answer" in its window:
start + end logits minus [CLS]'s start + end logits (the log of p(s)p(e) / p(null) under the
window's softmax). It depends only on the question and that window, never on the rest of the
batch. Ranking across passages by this margin picks the right paragraph far more often than
ranking by p(s)p(e), which is near 1 for the best span of any window (measured on 300 SQuAD
dev questions, top-5 retrieved passages: F1 65.4 vs 52.8, gold paragraph chosen 83% vs 60%).
The score shown is sigmoid(scale * margin + bias), with scale and bias fitted on held-out
questions (Platt scaling, stored in the model's ``qa_reader.json``), so a score of 0.7 means
about 7 in 10 such answers are right. A span must reach the calibrated threshold to be returned.
"""
from __future__ import annotations

import json
import os
import re
import threading
from pathlib import Path

import numpy as np

from .errors import BadInput, QAError
from .weights import resolve_reader
from .types import Answer, Hit

META_FILE = "qa_reader.json"
BACKENDS = ("torch", "onnx", "onnx-int8")
# ONNX Runtime int8 (fused graph; feed-forward down-projections and span head kept in fp32): on all
# 10,570 SQuAD dev questions, F1 with its own threshold within 0.5 of torch fp32 and as many wrong
# paragraphs declined, at about two thirds of the time (benchmarks/RESULTS.md, session 10).
# QA_READER_BACKEND=torch goes back to torch fp32 (settings.py).
DEFAULT_BACKEND = "onnx-int8"
DEFAULT_THRESHOLD = 0.1  # for models without a calibrated threshold
MAX_QUESTION_TOKENS = 64  # longer questions are cut: the passage keeps the window's room
# Windows are batched by length; a batch may be padded by at most this share over its own tokens.
# The forward pass costs per token, padding included: five passages of 120-250 tokens padded to the
# longest waste a third of the work.
MAX_PADDING = 0.2
_STRIP = " \t\n,;:"
# Double quote marks and the marks that may close (or open) them: a span that starts inside a
# quotation but ends before it closes (or the reverse) shows a dangling mark. “ closes a German „,
# and » « pair either way (German »…«, French «…»). Single quotes are left alone (apostrophes).
_CLOSERS = {"“": "”", "„": "“”", "«": "»", "»": "«"}
_OPENERS = {"”": "“„", "“": "„", "»": "«", "«": "»"}


def _trim(passage: str, cs: int, ce: int) -> tuple[int, int]:
    """Shrink [cs, ce) past edge spaces/punctuation and unbalanced double quotes."""
    while True:
        while cs < ce and passage[cs] in _STRIP:
            cs += 1
        while ce > cs and passage[ce - 1] in _STRIP:
            ce -= 1
        span = passage[cs:ce]
        if not span:
            return cs, ce
        if span[0] in _CLOSERS and not any(c in span[1:] for c in _CLOSERS[span[0]]):
            cs += 1
        elif span[-1] in _OPENERS and not any(c in span[:-1] for c in _OPENERS[span[-1]]):
            ce -= 1
        elif span[0] == '"' and span.count('"') % 2:
            cs += 1
        elif span[-1] == '"' and span.count('"') % 2:
            ce -= 1
        else:
            return cs, ce


def _whole_number(passage: str, cs: int, ce: int) -> tuple[int, int]:
    """A span that starts inside a number grows to the number's start: "75-billion" in "the SGD1.75-billion
    Terminal 3" -> "SGD1.75-billion" (the word pieces split "1.75" at its point; a number is read whole)."""
    before = passage[max(0, cs - 2):cs]
    inside = len(before) == 2 and (before[1].isalnum() or before[1] in ".," and before[0].isalnum())
    if not passage[cs:cs + 1].isdigit() or not inside:
        return cs, ce
    start = cs
    while start > 0 and not passage[start - 1].isspace() and passage[start - 1] not in "(\"“'‘[":
        start -= 1
    return start, ce


# Words that stand before a name without being part of it ("Chairman Ben S. Bernanke").
_NAME_TITLES = {"mr", "mrs", "ms", "dr", "sir", "chairman", "chairwoman", "chair", "president", "minister",
                "secretary", "governor", "senator", "judge", "professor", "prof", "general", "king", "queen",
                "prince", "princess", "pope", "saint", "st", "lord", "lady", "vice", "chief", "director", "mayor",
                "commissioner", "coach", "ceo", "spokesman", "spokeswoman", "ambassador", "captain", "chancellor",
                "officer", "emperor", "bishop", "archbishop", "rev", "reverend", "sheikh", "gen", "col", "lt"}
_CAP_WORD = re.compile(r"[A-Z][\w&'’.-]*$")


def _whole_name(passage: str, cs: int, ce: int) -> tuple[int, int]:
    """A span of two or more capitalised words that cuts a name grows to the whole name: "Asset-Backed
    Securities Loan Facility" in "the Term Asset-Backed Securities Loan Facility" -> "Term ...". Not past
    a title ("Chairman"), a sentence's first word, or punctuation: the reader's own ends are kept
    wherever the text marks a boundary."""
    words = passage[cs:ce].split()
    if len(words) < 2 or not all(_CAP_WORD.match(w) or w in ("of", "and", "for") for w in words):
        return cs, ce  # a one-word span ("Broncos") is often the whole answer; SQuAD agrees
    while True:
        m = re.search(r"(?:^|(?<=\s))(\S+) $", passage[max(0, cs - 40):cs])
        word = m.group(1) if m else ""
        if not _CAP_WORD.match(word) or word.lower().rstrip(".") in _NAME_TITLES or word.endswith(("'s", "’s")) \
                or word.endswith(".") and len(word) > 2 and "." not in word[:-1]:
            break  # not "Kraków." (a sentence ended), "Shelley's"; but "S." and "U.S." are in names
        word_start = cs - len(word) - 1
        before = passage[:word_start].rstrip()
        if not before or before[-1] in ".!?:;\"“(\n" or not passage[word_start - 1:word_start].isspace():
            break  # the word opens a sentence: capitalised for that, not as part of the name
        cs = word_start
    while _CAP_WORD.match(passage[cs:ce].split()[-1]) and passage[ce - 1:ce].isalnum():
        m = re.match(r" [A-Z][\w&'’-]*", passage[ce:ce + 40])
        if not m:
            break
        ce += len(m.group(0))
    return cs, ce


def _softmax_masked(logits: np.ndarray, allowed: np.ndarray) -> np.ndarray:
    x = np.where(allowed, logits, -np.inf)
    x = x - x.max(axis=-1, keepdims=True)
    e = np.exp(x)
    return e / e.sum(axis=-1, keepdims=True)


def variant_suffix(variant: str) -> str:
    """The suffix of a runtime variant's own calibration keys in qa_reader.json: "torch" -> ""
    ("threshold"), "onnx-int8" -> "_onnx_int8"."""
    return "" if variant == "torch" else "_" + variant.replace("-", "_")


def variant_meta(meta: dict, variant: str) -> dict:
    """meta with the variant's own threshold and score curve in place of the plain ones, where
    the variant has been calibrated (python -m qa_lab calibrate --backend)."""
    suffix = variant_suffix(variant)
    own = {key: meta[key + suffix] for key in ("threshold", "platt") if suffix and key + suffix in meta}
    return {**meta, **own}


def read_meta(path: str) -> dict:
    meta_path = Path(path) / META_FILE
    return json.loads(meta_path.read_text()) if meta_path.exists() else {}


def configured_variant(backend: str | None = None) -> str:
    """The runtime a load will use: backend, else the reader_backend setting (QA_READER_BACKEND)."""
    from .settings import current

    backend = backend or current().reader_backend
    if backend not in BACKENDS:
        raise QAError(f"Unknown reader backend {backend!r}; QA_READER_BACKEND takes {', '.join(BACKENDS)}")
    return backend


def stored_threshold(model: str | os.PathLike | None = None) -> float:
    """The calibrated threshold the configured variant of a reader uses, read without loading it."""
    meta = variant_meta(read_meta(resolve_reader(model)), configured_variant())
    return float(meta.get("threshold", DEFAULT_THRESHOLD))


class Reader:
    def __init__(self, model, tokenizer, model_path: str, threshold: float | None = None,
                 max_length: int = 384, stride: int = 128, max_answer_tokens: int = 30,
                 batch_size: int = 32, meta: dict | None = None, backend: str = "torch"):
        self.model = model
        self.tokenizer = tokenizer
        self.model_path = model_path
        self.meta = meta or {}
        self.threshold = float(self.meta.get("threshold", DEFAULT_THRESHOLD) if threshold is None else threshold)
        platt = self.meta.get("platt", {})
        self.platt = (float(platt.get("scale", 1.0)), float(platt.get("bias", 0.0)))
        self.max_length = max_length
        self.stride = stride
        self.max_answer_tokens = max_answer_tokens
        self.batch_size = batch_size
        self.backend = backend
        # A fast tokenizer keeps its truncation and padding settings as state, set on each call:
        # two threads tokenising at once can each get the other's (questions failed under load).
        self._tokenizing = threading.Lock()

    @classmethod
    def load(cls, model: str | os.PathLike | None = None, threshold: float | None = None,
             backend: str | None = None, **kw) -> "Reader":
        """model: None (the shipped reader), a local folder, or a hub id already in the local cache.

        backend: "onnx-int8" (default, ONNX Runtime int8), "onnx" (ONNX Runtime fp32) or "torch"
        (fp32); default from the reader_backend setting (configured_variant).
        """
        from transformers import AutoTokenizer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
        path = resolve_reader(model)
        tok = AutoTokenizer.from_pretrained(path, local_files_only=True)
        if not getattr(tok, "is_fast", False):
            raise BadInput(f"{path}: the reader needs a fast tokenizer (tokenizer.json) for offset mapping")
        variant = configured_variant(backend)
        if variant.startswith("onnx"):
            from . import onnx_reader

            net = onnx_reader.load(path, variant)
        else:
            import torch
            from transformers import AutoModelForQuestionAnswering

            net = AutoModelForQuestionAnswering.from_pretrained(path, dtype=torch.float32, local_files_only=True)
            net.eval()
        return cls(net, tok, path, threshold=threshold, meta=variant_meta(read_meta(path), variant),
                   backend=variant, **kw)

    # -- tokenisation -------------------------------------------------------------------
    def _clip_question(self, question: str) -> str:
        enc = self.tokenizer(question, add_special_tokens=False, return_offsets_mapping=True)
        if len(enc["input_ids"]) <= MAX_QUESTION_TOKENS:
            return question
        return question[:enc["offset_mapping"][MAX_QUESTION_TOKENS - 1][1]]

    def encode(self, questions: list[str], passages: list[str]):
        """Windows of (question, passage) pairs: 384 tokens, 128 overlapping, offsets kept."""
        with self._tokenizing:
            clipped = {q: self._clip_question(q) for q in set(questions)}  # one question with k passages: once
            return self.tokenizer([clipped[q] for q in questions], passages, truncation="only_second",
                                  max_length=self.max_length, stride=self.stride,
                                  return_overflowing_tokens=True, return_offsets_mapping=True,
                                  padding="longest", return_tensors="np")

    def logits(self, enc) -> tuple[np.ndarray, np.ndarray]:
        """Start and end logits for every window: windows grouped by length (at most MAX_PADDING
        of a group is padding), one batched forward pass per group."""
        names = [n for n in ("input_ids", "attention_mask", "token_type_ids") if n in enc]
        n, width_all = enc["input_ids"].shape
        lengths = enc["attention_mask"].sum(1)
        starts = np.full((n, width_all), -1e4, np.float32)
        ends = starts.copy()
        groups, cur = [], []
        for i in np.argsort(-lengths, kind="stable"):
            if cur and (len(cur) >= self.batch_size
                        or lengths[cur[0]] * (len(cur) + 1) > (1 + MAX_PADDING) * (lengths[cur].sum() + lengths[i])):
                groups.append(cur)
                cur = []
            cur.append(int(i))
        if cur:
            groups.append(cur)
        for idx in groups:
            width = int(lengths[idx[0]])  # the longest in the group (sorted, longest first)
            batch = {k: np.ascontiguousarray(enc[k][idx, :width]) for k in names}
            starts[idx, :width], ends[idx, :width] = self._forward(batch)
        return starts, ends

    def _forward(self, batch: dict) -> tuple[np.ndarray, np.ndarray]:
        """Start and end logits of one batch (numpy in, numpy out), on torch or ONNX Runtime."""
        if not hasattr(self.model, "parameters"):  # onnx_reader.OnnxQA
            return self.model(batch)
        import torch

        device = self.device
        with torch.inference_mode():
            out = self.model(**{k: torch.from_numpy(v).to(device) for k, v in batch.items()})
        return out.start_logits.float().cpu().numpy(), out.end_logits.float().cpu().numpy()

    @property
    def device(self):
        """Where the model's weights are: the CPU unless someone moved them (eval-reader --device)."""
        if not hasattr(self.model, "parameters"):
            return "cpu"  # ONNX Runtime's CPU provider
        import torch

        return next(iter(self.model.parameters()), torch.empty(0)).device

    # -- decoding -----------------------------------------------------------------------
    def spans(self, question: str, passages, per_window: int = 5, regions: bool = False) -> list[Answer]:
        """Every non-overlapping span the model proposes over all passages, best first (no threshold).
        ``regions``: each window's best spans in ``per_window`` distinct places (see _window_spans)."""
        if not isinstance(question, str) or not question.strip():
            raise BadInput("The question is empty.")
        passages = list(passages)
        texts = [p.text if isinstance(p, Hit) else p for p in passages]
        per_pair = self.pair_spans([question.strip()] * len(texts), texts, per_window, regions)
        found = [a for answers in per_pair for a in answers]
        for a in found:
            if isinstance(passages[a.passage_index], Hit):
                a.hit = passages[a.passage_index]
        found.sort(key=lambda a: -a.margin)
        return found

    def pair_spans(self, questions: list[str], texts: list[str], per_window: int = 5,
                   regions: bool = False) -> list[list[Answer]]:
        """For each (question, passage) pair, its spans, best first, non-overlapping;
        ``passage_index`` is the pair's index. All windows go through the model in one batched run."""
        out: list[list[Answer]] = [[] for _ in texts]
        keep = [i for i, t in enumerate(texts) if isinstance(t, str) and t.strip()]
        if not keep:
            return out
        enc = self.encode([questions[i] for i in keep], [texts[i] for i in keep])
        start_logits, end_logits = self.logits(enc)
        for w in range(start_logits.shape[0]):
            pidx = keep[int(enc["overflow_to_sample_mapping"][w])]
            out[pidx] += self._window_spans(texts[pidx], pidx, enc.sequence_ids(w), enc["offset_mapping"][w],
                                            start_logits[w], end_logits[w], per_window, regions)
        for i, found in enumerate(out):
            found.sort(key=lambda a: -a.margin)
            # The same or an overlapping span from two windows (or two spans sharing words):
            # keep the best one per region of the passage.
            kept: list[Answer] = []
            for a in found:
                if not any(a.start < b.end and b.start < a.end for b in kept):
                    kept.append(a)
            out[i] = kept
        return out

    def _window_spans(self, passage, pidx, seq_ids, offsets, start_logits, end_logits, n,
                      regions: bool = False) -> list[Answer]:
        ctx = np.array([s == 1 for s in seq_ids])
        if not ctx.any():
            return []
        allowed = ctx.copy()
        allowed[0] = True  # [CLS]: the model's "no answer"
        ps = _softmax_masked(start_logits, allowed)
        pe = _softmax_masked(end_logits, allowed)
        null = float(start_logits[0] + end_logits[0])
        ctx_idx = np.flatnonzero(ctx)
        top_s = ctx_idx[np.argsort(-ps[ctx_idx])[:n * 2]]
        top_e = ctx_idx[np.argsort(-pe[ctx_idx])[:n * 2]]
        out = []
        for s in top_s:
            for e in top_e:
                if e < s or e - s + 1 > self.max_answer_tokens:
                    continue
                cs, ce = _trim(passage, int(offsets[s][0]), int(offsets[e][1]))
                if ce > cs:
                    out.append((float(start_logits[s] + end_logits[e]) - null, cs, ce))
        out.sort(key=lambda t: -t[0])
        kept = out[:n]
        if regions:
            # n distinct places of the window, not n variants of one: a window's best spans are mostly
            # one phrase with its edges moved ("federal funds rate", "the federal funds rate by 50 basis
            # points"), and pair_spans keeps one per place, so the level "2-1/2 percent" that "What did
            # the FOMC lower its target to?" asks for was not among them. Only for such questions: for
            # all, it cost open-book F1 (more low candidates for the kind check to prefer; RESULTS.md, session 17).
            kept = []
            for t in out:
                if len(kept) == n:
                    break
                if not any(t[1] < k[2] and k[1] < t[2] for k in kept):
                    kept.append(t)
        answers = []
        for margin, cs, ce in kept:  # names made whole only for the spans kept
            cs, ce = _whole_number(passage, *_whole_name(passage, cs, ce))
            answers.append(Answer(text=passage[cs:ce], score=self.calibrated(margin), passage_index=pidx,
                                  start=cs, end=ce, margin=margin))
        return answers

    def calibrated(self, margin: float) -> float:
        z = self.platt[0] * margin + self.platt[1]
        return float(1.0 / (1.0 + np.exp(-z))) if z > -500 else 0.0

    def read(self, question: str, passages, top_k: int = 1, threshold: float | None = None) -> list[Answer]:
        """The top_k answers over all passages, best first; [] when none is accepted (judge.accept: the
        span beats the model's own "no answer" and reaches the threshold); spans() lists them all, for
        evaluating the reader with no threshold."""
        from .judge import accept

        limit = self.threshold if threshold is None else threshold
        return [a for a in self.spans(question, passages) if accept(a, limit)][:top_k]
