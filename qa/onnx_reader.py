"""The reader on ONNX Runtime (qa/onnx_export.py: eager export, fused, optionally int8), run
without torch. int8 keeps each layer's feed-forward down-projection and the span head in fp32
(kept_in_fp32)."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from . import onnx_export
from .onnx_export import export_fp32, load_or_export

INPUTS = ("input_ids", "attention_mask", "token_type_ids")
KIND = "reader"


def write_fp32(model_dir: str, fp32: Path) -> None:
    import torch
    from transformers import AutoModelForQuestionAnswering, AutoTokenizer

    tok = AutoTokenizer.from_pretrained(model_dir, local_files_only=True)
    net = AutoModelForQuestionAnswering.from_pretrained(model_dir, dtype=torch.float32, local_files_only=True,
                                                        attn_implementation="eager").eval()
    enc = tok(["Who?", "Which one?"], ["A passage.", "A longer passage of words."], padding=True, return_tensors="pt")
    export_fp32(net, {n: enc[n] for n in INPUTS}, ["start_logits", "end_logits"], net.config, fp32)


def export(model_dir: str, int8: bool) -> Path:
    """Export the reader in model_dir (and quantise it) into the cache; returns the file."""
    return onnx_export.export(KIND, model_dir, int8, write_fp32, kept_in_fp32)


def kept_in_fp32(matmuls: list[str]) -> list[str]:
    """MatMuls left in fp32 by the int8 export: each layer's feed-forward down-projection (its input
    comes out of GELU with the widest range) and the span head. On 1,500 SQuAD dev questions all
    layers in int8 lost 0.7 F1 (results/reader_1500_onnx_int8_all_layers.json); these kept in fp32,
    0.2 (results/reader_1500_onnx_int8.json against reader_1500_torch.json)."""
    return [n for n in matmuls if ("/output/dense/" in n and "/attention/" not in n) or n.startswith("/qa_outputs")]


class OnnxQA:
    """An exported reader in an ONNX Runtime session; Reader.logits calls it with numpy arrays."""

    def __init__(self, session, path: Path):
        self.session, self.path = session, path

    def __call__(self, batch: dict) -> tuple[np.ndarray, np.ndarray]:
        start, end = self.session.run(None, {n: batch[n].astype(np.int64) for n in INPUTS if n in batch})
        return start, end


def load(model_dir: str, backend: str) -> OnnxQA:
    """The session for backend ("onnx" or "onnx-int8"), exported first when there is no usable file."""
    return OnnxQA(*load_or_export(KIND, model_dir, backend, export, "QA_READER_BACKEND"))
