"""The sentence embedder's transformer on ONNX Runtime: exported once from the packaged weights into
the same cache folder as the reader's export (offline: torch does the export), optionally int8
(dynamic, per channel). Pooling and normalising stay in qa/embed.py, in numpy.

Why not sentence-transformers' own ONNX backend: it needs optimum, which is not a dependency, and
would export through the hub's conventions; the graph here is the plain transformer, the one
thing that costs time.
"""
from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

import numpy as np

from .errors import QAError
from .onnx_reader import OPSET, export_dir, weights_digest

log = logging.getLogger("qa")
INPUTS = ("input_ids", "attention_mask", "token_type_ids")
BACKENDS = ("torch", "onnx", "onnx-int8")


def exported_path(model_dir: str, int8: bool) -> Path:
    return export_dir() / f"embedder-{weights_digest(model_dir)}{'-int8' if int8 else ''}.onnx"


def export(model_dir: str, int8: bool) -> Path:
    """Export the transformer in model_dir (and quantise it) into the cache; returns the file."""
    out = exported_path(model_dir, int8)
    out.parent.mkdir(parents=True, exist_ok=True)
    fp32 = exported_path(model_dir, False)
    if not fp32.exists():
        import torch
        from transformers import AutoModel, AutoTokenizer

        tok = AutoTokenizer.from_pretrained(model_dir, local_files_only=True)
        net = AutoModel.from_pretrained(model_dir, dtype=torch.float32, local_files_only=True).eval()
        enc = tok(["A passage.", "A longer passage of words."], padding=True, return_tensors="pt")
        names = [n for n in INPUTS if n in enc]

        class Hidden(torch.nn.Module):  # last_hidden_state alone: pooling is done in numpy
            def __init__(self, inner):
                super().__init__()
                self.inner = inner

            def forward(self, *args):
                return self.inner(**dict(zip(names, args))).last_hidden_state

        fd, tmp = tempfile.mkstemp(dir=out.parent, suffix=".onnx.tmp")
        os.close(fd)
        torch.onnx.export(Hidden(net), tuple(enc[n] for n in names), tmp, input_names=names,
                          output_names=["hidden"], opset_version=OPSET, dynamo=False,
                          dynamic_axes={n: {0: "batch", 1: "tokens"} for n in (*names, "hidden")})
        os.replace(tmp, fp32)
    if int8 and not out.exists():
        from onnxruntime.quantization import QuantType, quantize_dynamic

        fd, tmp = tempfile.mkstemp(dir=out.parent, suffix=".onnx.tmp")
        os.close(fd)
        quantize_dynamic(str(fp32), tmp, weight_type=QuantType.QInt8, per_channel=True)
        os.replace(tmp, out)
    return out


class OnnxEncoder:
    """The exported transformer in an ONNX Runtime session: hidden states for a tokenised batch."""

    def __init__(self, path: Path, threads: int | None = None):
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = threads or min(os.cpu_count() or 1, 4)
        options.inter_op_num_threads = 1
        self.path = path
        self.session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        self.inputs = [i.name for i in self.session.get_inputs()]

    def __call__(self, batch: dict) -> np.ndarray:
        return self.session.run(None, {n: np.asarray(batch[n], dtype=np.int64) for n in self.inputs})[0]


def load(model_dir: str, backend: str) -> OnnxEncoder:
    """The session for backend ("onnx" or "onnx-int8"), exporting first when there is no usable
    file; a damaged export is made again, with a message."""
    import importlib.util

    if importlib.util.find_spec("onnxruntime") is None:
        raise QAError(f"The {backend} embedder needs onnxruntime (pip install onnxruntime), "
                      "or set QA_EMBEDDER_BACKEND=torch.")
    int8 = backend == "onnx-int8"
    path = exported_path(model_dir, int8)
    if path.exists():
        try:
            return OnnxEncoder(path)
        except Exception as e:  # noqa: BLE001 - a truncated or garbage file: make it again
            log.warning("The exported embedder %s is damaged (%s); exporting it again.", path, type(e).__name__)
            path.unlink(missing_ok=True)
            if int8:
                exported_path(model_dir, False).unlink(missing_ok=True)
    else:
        log.info("Exporting the embedder to ONNX%s (once): %s", " int8" if int8 else "", path)
    return OnnxEncoder(export(model_dir, int8))
