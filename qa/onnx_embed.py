"""The sentence embedder's transformer on ONNX Runtime (qa/onnx_export.py: eager export, fused,
optionally int8). Tokenising, pooling and normalising stay in qa/embed.py.

Why not sentence-transformers' own ONNX backend: it needs optimum (not a dependency here) and does
not fuse the graph for ONNX Runtime's CPU kernels, which is where the speed is.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from . import onnx_export
from .onnx_export import export_fp32, load_or_export

INPUTS = ("input_ids", "attention_mask", "token_type_ids")
KIND = "embedder"


def write_fp32(model_dir: str, fp32: Path) -> None:
    import torch
    from transformers import AutoModel, AutoTokenizer

    tok = AutoTokenizer.from_pretrained(model_dir, local_files_only=True)
    net = AutoModel.from_pretrained(model_dir, dtype=torch.float32, local_files_only=True,
                                    attn_implementation="eager").eval()
    enc = tok(["A passage.", "A longer passage of words."], padding=True, return_tensors="pt")
    names = [n for n in INPUTS if n in enc]

    class Hidden(torch.nn.Module):  # last_hidden_state alone: pooling is done in numpy
        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, *args):
            return self.inner(**dict(zip(names, args))).last_hidden_state

    export_fp32(Hidden(net), {n: enc[n] for n in names}, ["hidden"], net.config, fp32)


def export(model_dir: str, int8: bool) -> Path:
    """Export the transformer in model_dir (and quantise it) into the cache; returns the file."""
    return onnx_export.export(KIND, model_dir, int8, write_fp32)


class OnnxEncoder:
    """The exported transformer in an ONNX Runtime session: hidden states for a tokenised batch."""

    def __init__(self, session, path: Path):
        self.session, self.path = session, path
        self.inputs = [i.name for i in session.get_inputs()]

    def __call__(self, batch: dict) -> np.ndarray:
        return self.session.run(None, {n: np.asarray(batch[n], dtype=np.int64) for n in self.inputs})[0]


def load(model_dir: str, backend: str) -> OnnxEncoder:
    """The session for backend ("onnx" or "onnx-int8"), exported first when there is no usable file."""
    return OnnxEncoder(*load_or_export(KIND, model_dir, backend, export, "QA_EMBEDDER_BACKEND"))
