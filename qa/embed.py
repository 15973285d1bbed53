"""Sentence embeddings (sentence-transformers), L2-normalised for inner-product search."""
from __future__ import annotations

import numpy as np

from .models import resolve_embedder


class Embedder:
    def __init__(self, name: str | None = None):
        self.name, self.path = resolve_embedder(name)
        self._model = None

    @property
    def model(self):
        if self._model is None:
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as hf_logging

            hf_logging.disable_progress_bar()

            self._model = SentenceTransformer(self.path, device="cpu", local_files_only=True)
        return self._model

    @property
    def dim(self) -> int:
        return int(self.model.get_embedding_dimension() if hasattr(self.model, "get_embedding_dimension")
                   else self.model.get_sentence_embedding_dimension())

    def encode(self, texts: list[str], batch_size: int = 64, progress: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vecs = self.model.encode(list(texts), batch_size=batch_size, show_progress_bar=progress,
                                 convert_to_numpy=True, normalize_embeddings=True)
        return np.ascontiguousarray(vecs, dtype=np.float32)


def passage_text(title: str, text: str) -> str:
    """What gets embedded for a paragraph: its article title gives it context."""
    return f"{title}\n{text}" if title else text
