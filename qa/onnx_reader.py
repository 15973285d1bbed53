"""The reader on ONNX Runtime: exported once from the reader's own weights into a cache folder
(offline: torch does the export, nothing is downloaded), optionally int8 (dynamic, per channel,
the most sensitive layers kept in fp32), then run without torch. Opt-in for now
(QA_READER_BACKEND=onnx or onnx-int8): the int8 variant becomes the default only once it holds
SQuAD dev F1 within 0.5 of fp32 and wrong-paragraph declines at 96% on the full dev set, with its
own calibrated threshold (benchmarks/RESULTS.md, session 9).
"""
from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path

import numpy as np

from .errors import QAError

log = logging.getLogger("qa")
INPUTS = ("input_ids", "attention_mask", "token_type_ids")
OPSET = 17


def weights_digest(model_dir: str) -> str:
    """Which weights an export was made from: its file names are keyed by this."""
    h = hashlib.sha256()
    for name in ("config.json", "model.safetensors"):
        p = Path(model_dir) / name
        if p.exists():
            with open(p, "rb") as f:
                while chunk := f.read(1 << 22):
                    h.update(chunk)
    return h.hexdigest()[:16]


def export_dir() -> Path:
    if os.environ.get("QA_ONNX_CACHE"):
        return Path(os.environ["QA_ONNX_CACHE"]).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("qa", appauthor=False)) / "onnx"


def exported_path(model_dir: str, int8: bool) -> Path:
    return export_dir() / f"reader-{weights_digest(model_dir)}{'-int8' if int8 else ''}.onnx"


def export(model_dir: str, int8: bool) -> Path:
    """Export the reader in model_dir (and quantise it) into the cache; returns the file."""
    import tempfile

    import torch
    from transformers import AutoModelForQuestionAnswering, AutoTokenizer

    out = exported_path(model_dir, int8)
    out.parent.mkdir(parents=True, exist_ok=True)
    fp32 = exported_path(model_dir, False)
    if not fp32.exists() or fp32 == out:
        tok = AutoTokenizer.from_pretrained(model_dir, local_files_only=True)
        net = AutoModelForQuestionAnswering.from_pretrained(model_dir, dtype=torch.float32,
                                                            local_files_only=True).eval()
        enc = tok(["Who?", "Which one?"], ["A passage.", "A longer passage of words."], padding=True,
                  return_tensors="pt")
        fd, tmp = tempfile.mkstemp(dir=out.parent, suffix=".onnx.tmp")
        os.close(fd)
        torch.onnx.export(net, tuple(enc[n] for n in INPUTS), tmp, input_names=list(INPUTS),
                          output_names=["start_logits", "end_logits"], opset_version=OPSET, dynamo=False,
                          dynamic_axes={n: {0: "batch", 1: "tokens"} for n in (*INPUTS, "start_logits", "end_logits")})
        os.replace(tmp, fp32)
    if int8:
        import onnx
        from onnxruntime.quantization import QuantType, quantize_dynamic

        fd, tmp = tempfile.mkstemp(dir=out.parent, suffix=".onnx.tmp")
        os.close(fd)
        quantize_dynamic(str(fp32), tmp, weight_type=QuantType.QInt8, per_channel=True,
                         nodes_to_exclude=kept_in_fp32(onnx.load(str(fp32))))
        os.replace(tmp, out)
    return out


def kept_in_fp32(graph_model) -> list[str]:
    """MatMuls left in fp32 by the int8 export: each layer's feed-forward down-projection (its input
    comes out of GELU with the widest range) and the span head. On 1,500 SQuAD dev questions all
    layers in int8 lost 0.7 F1 (results/reader_1500_onnx_int8_all_layers.json); these kept in fp32,
    0.2 (results/reader_1500_onnx_int8.json against reader_1500_torch.json)."""
    return [n.name for n in graph_model.graph.node if n.op_type == "MatMul" and (
        (n.name.endswith("/output/dense/MatMul") and "/attention/" not in n.name) or n.name.startswith("/qa_outputs"))]


class OnnxQA:
    """An exported reader in an ONNX Runtime session; Reader.logits calls it with numpy arrays."""

    def __init__(self, path: Path, threads: int | None = None):
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = threads or min(os.cpu_count() or 1, 4)
        options.inter_op_num_threads = 1
        self.path = path
        self.session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])

    def __call__(self, batch: dict) -> tuple[np.ndarray, np.ndarray]:
        start, end = self.session.run(None, {n: batch[n].astype(np.int64) for n in INPUTS if n in batch})
        return start, end


def load(model_dir: str, backend: str) -> OnnxQA:
    """The session for backend ("onnx" or "onnx-int8"), exporting first when there is no usable file.
    A damaged export is rebuilt, with a message."""
    import importlib.util

    if importlib.util.find_spec("onnxruntime") is None:
        raise QAError(f"The {backend} reader needs onnxruntime (pip install 'qa[onnx]'), "
                      "or set QA_READER_BACKEND=torch.")
    int8 = backend == "onnx-int8"
    path = exported_path(model_dir, int8)
    if path.exists():
        try:
            return OnnxQA(path)
        except Exception as e:  # noqa: BLE001 - a truncated or garbage file: make it again
            log.warning("The exported reader %s is damaged (%s); exporting it again.", path, type(e).__name__)
            path.unlink(missing_ok=True)
            if int8:
                exported_path(model_dir, False).unlink(missing_ok=True)
    else:
        log.info("Exporting the reader to ONNX%s (once): %s", " int8" if int8 else "", path)
    return OnnxQA(export(model_dir, int8))
