"""qa: answers questions about a collection of articles with the articles' own words.

Heavy libraries (torch, transformers, sentence-transformers, faiss, gradio) load
lazily, inside the functions that need them, so ``import qa`` stays fast.
"""
from __future__ import annotations

from .errors import BadInput, ModelNotFound, QAError
from .types import Answer, Document, Hit, Paragraph, Reply

__version__ = "0.1.0"
__all__ = ["Answer", "Assistant", "BadInput", "Document", "Hit", "ModelNotFound", "Paragraph", "QAError",
           "Reader", "Reply", "Retriever", "build_index"]

_LAZY = {"Assistant": ".assistant", "Reader": ".reader", "Retriever": ".retrieve", "build_index": ".indexing"}


def __getattr__(name):
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name], __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'qa' has no attribute {name!r}")
