"""Sentence embeddings, L2-normalised for inner-product search.

Models in the sentence-transformers layout. When the model is the common plain recipe
(Transformer -> mean or CLS pooling -> optional Normalize, as all-MiniLM-L6-v2 is), we run it with
transformers directly: the same vectors (tested to 1e-5), without importing sentence_transformers,
which pulls in scikit-learn and costs seconds of start-up on a laptop CPU. Anything else (extra
Dense layers, other pooling) goes through sentence_transformers.SentenceTransformer.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np

from .errors import QAError
from .weights import resolve_embedder

# ONNX Runtime int8 on the fused graph (qa/onnx_export.py): faster indexing and query vectors, with
# retrieval on SQuAD dev within 0.5 recall@5 of torch fp32 (benchmarks/results/embedder.json).
# QA_EMBEDDER_BACKEND=torch goes back.
DEFAULT_BACKEND = "onnx-int8"


def _plain_recipe(path: str) -> dict | None:
    """{'pooling': 'mean'|'cls', 'max_length': int} when the model is Transformer+Pooling(+Normalize)."""
    d = Path(path)
    try:
        modules = json.loads((d / "modules.json").read_text())
        kinds = [m["type"].rsplit(".", 1)[-1] for m in modules]
        if kinds not in (["Transformer", "Pooling"], ["Transformer", "Pooling", "Normalize"]):
            return None
        if modules[0].get("path", "") not in ("", "."):
            return None
        pool = json.loads((d / modules[1]["path"] / "config.json").read_text())
        modes = [k for k, v in pool.items() if k.startswith("pooling_mode") and v]
        mode = {"pooling_mode_mean_tokens": "mean", "pooling_mode_cls_token": "cls"}.get(modes[0]) if len(modes) == 1 else None
        if mode is None:
            return None
        cfg = json.loads((d / "sentence_bert_config.json").read_text())
        return {"pooling": mode, "max_length": int(cfg.get("max_seq_length", 512)),
                "lower": bool(cfg.get("do_lower_case", False))}
    except (OSError, ValueError, KeyError, IndexError, TypeError):
        return None


class _Plain:
    """Transformer + pooling with transformers' tokenizer, the transformer run by torch or by ONNX
    Runtime (backend "onnx" / "onnx-int8", qa/onnx_embed.py); pooling in numpy."""

    def __init__(self, path: str, recipe: dict, backend: str = "torch"):
        from transformers import AutoTokenizer

        self.recipe, self.backend = recipe, backend
        self.tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
        self.dim = int(json.loads((Path(path) / "config.json").read_text())["hidden_size"])
        if backend == "torch":
            import torch
            from transformers import AutoModel

            self.net = AutoModel.from_pretrained(path, dtype=torch.float32, local_files_only=True).eval()
        else:
            from . import onnx_embed

            self.net = onnx_embed.load(path, backend)

    def hidden(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """(last hidden states, attention mask) of one batch, as numpy."""
        tensors = "pt" if self.backend == "torch" else "np"
        batch = self.tokenizer(texts, padding=True, truncation=True, max_length=self.recipe["max_length"],
                               return_tensors=tensors)
        if self.backend == "torch":
            import torch

            with torch.inference_mode():
                return self.net(**batch).last_hidden_state.numpy(), batch["attention_mask"].numpy()
        return self.net(batch), batch["attention_mask"]

    def encode(self, texts: list[str], batch_size: int, progress: bool) -> np.ndarray:
        from tqdm import tqdm

        if self.recipe["lower"]:
            texts = [t.lower() for t in texts]
        # Longest first, so each batch pads to similar lengths (as sentence-transformers does).
        order = np.argsort([-len(t) for t in texts], kind="stable")
        out = np.zeros((len(texts), self.dim), np.float32)
        for i in tqdm(range(0, len(texts), batch_size), disable=not progress, desc="Embedding", unit="batch"):
            idx = order[i:i + batch_size]
            hidden, mask = self.hidden([texts[j] for j in idx])
            if self.recipe["pooling"] == "cls":
                v = hidden[:, 0]
            else:
                m = mask[:, :, None].astype(np.float32)
                v = (hidden * m).sum(1) / np.maximum(m.sum(1), 1e-9)
            out[idx] = v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-12)
        return out


def configured_backend(backend: str | None = None) -> str:
    from .onnx_embed import BACKENDS

    backend = backend or os.environ.get("QA_EMBEDDER_BACKEND") or DEFAULT_BACKEND
    if backend not in BACKENDS:
        raise QAError(f"Unknown embedder backend {backend!r}; QA_EMBEDDER_BACKEND takes {', '.join(BACKENDS)}")
    return backend


class Embedder:
    def __init__(self, name: str | None = None, backend: str | None = None):
        self.name, self.path = resolve_embedder(name)
        self._model = None
        # The runtime: torch, or ONNX Runtime (fp32 or int8) for the plain recipe; anything else runs
        # through sentence-transformers on torch. The index records it (a change re-embeds).
        self.backend = configured_backend(backend) if _plain_recipe(self.path) is not None else "torch"

    @property
    def model(self):
        if self._model is None:
            from transformers.utils import logging as hf_logging

            hf_logging.disable_progress_bar()
            recipe = _plain_recipe(self.path)
            if recipe is not None:
                self._model = _Plain(self.path, recipe, self.backend)
            else:
                from sentence_transformers import SentenceTransformer

                self._model = SentenceTransformer(self.path, device="cpu", local_files_only=True)
        return self._model

    @property
    def dim(self) -> int:
        m = self.model
        if isinstance(m, _Plain):
            return m.dim
        return int(m.get_embedding_dimension() if hasattr(m, "get_embedding_dimension")
                   else m.get_sentence_embedding_dimension())

    def encode(self, texts: list[str], batch_size: int | None = None, progress: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        # ONNX Runtime's int8 kernels run fastest on small batches here (2 AVX2 cores, SQuAD dev
        # paragraphs: 58.6 paragraphs/s at 16, 52.4 at 32, 42.0 at 64; benchmarks/RESULTS.md,
        # session 10); torch prefers 64.
        batch_size = batch_size or (16 if self.backend.startswith("onnx") else 64)
        if isinstance(self.model, _Plain):
            return self.model.encode(list(texts), batch_size, progress)
        vecs = self.model.encode(list(texts), batch_size=batch_size, show_progress_bar=progress,
                                 convert_to_numpy=True, normalize_embeddings=True)
        return np.ascontiguousarray(vecs, dtype=np.float32)


def passage_text(title: str, text: str) -> str:
    """What gets embedded for a paragraph: its article title gives it context."""
    return f"{title}\n{text}" if title else text
