"""Exporting a BERT-style model to ONNX Runtime, shared by the reader (qa/onnx_reader.py) and the
embedder (qa/onnx_embed.py): exported once, offline, with torch, into the user's cache folder.

The recipe, and why (2 AVX2 cores; benchmarks/RESULTS.md, session 10):
1. export with eager attention: the graph torch writes for its fused SDPA attention is not one
   ONNX Runtime's transformer optimizer recognises, the eager one is;
2. onnxruntime.transformers.optimizer fuses it (Attention, SkipLayerNormalization, BiasGelu,
   EmbedLayerNormalization) — the fp32 file;
3. int8: ONNX Runtime's dynamic per-channel quantisation of that fused graph (QAttention and
   MatMulInteger), optionally leaving named MatMuls in fp32.
On 256 SQuAD dev paragraphs the embedder went from 32.6 paragraphs/s (torch) to 61.3 (fused int8)
with vectors at cosine ≥ 0.99 to fp32; the unfused int8 graph managed 32.2 (benchmarks/RESULTS.md,
session 10).
"""
from __future__ import annotations

import hashlib
import logging
import os
import sys
import tempfile
from pathlib import Path

log = logging.getLogger("qa")
OPSET = 17
RECIPE = "v2"  # in the cache file names: a new recipe never reuses an old export


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
    from .settings import current

    if current().onnx_cache:
        return Path(current().onnx_cache).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("qa", appauthor=False)) / "onnx"


def exported_path(kind: str, model_dir: str, int8: bool) -> Path:
    return export_dir() / f"{kind}-{weights_digest(model_dir)}-{RECIPE}{'-int8' if int8 else ''}.onnx"


def _temp(folder: Path) -> str:
    fd, tmp = tempfile.mkstemp(dir=folder, suffix=".onnx.tmp")
    os.close(fd)
    return tmp


def export_fp32(module, example: dict, outputs: list[str], config, out: Path) -> None:
    """torch.onnx.export of module(*example.values()) with dynamic batch and length, then fused by
    ONNX Runtime's transformer optimizer (the unfused graph is kept if the optimizer fails)."""
    import torch

    import warnings

    names = list(example)
    raw = _temp(out.parent)
    try:
        with warnings.catch_warnings():  # the tracer's notes about Python conditionals: not the user's business
            warnings.simplefilter("ignore")
            torch.onnx.export(module, tuple(example[n] for n in names), raw, input_names=names, output_names=outputs,
                              opset_version=OPSET, dynamo=False,
                              dynamic_axes={n: {0: "batch", 1: "tokens"} for n in (*names, *outputs)})
        fused = _temp(out.parent)
        try:
            from onnxruntime.transformers.optimizer import optimize_model

            logging.disable(logging.WARNING)  # it reports every fusion at INFO
            try:
                optimize_model(raw, model_type="bert", num_heads=int(config.num_attention_heads),
                               hidden_size=int(config.hidden_size)).save_model_to_file(fused)
            finally:
                logging.disable(logging.NOTSET)
            os.replace(fused, out)
        except Exception as e:  # noqa: BLE001 - an architecture the optimizer does not know: unfused
            log.warning("ONNX Runtime's optimizer could not fuse %s (%s); using the plain export.", out.name,
                        type(e).__name__)
            Path(fused).unlink(missing_ok=True)
            os.replace(raw, out)
    finally:
        Path(raw).unlink(missing_ok=True)


def quantize(fp32: Path, out: Path, keep_fp32=lambda names: []) -> None:
    """int8 weights (dynamic, per channel) of fp32 into out; MatMuls named by keep_fp32(all MatMul
    names) stay fp32."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    matmuls = [n.name for n in onnx.load(str(fp32)).graph.node if n.op_type == "MatMul"]
    tmp = _temp(out.parent)
    logging.disable(logging.WARNING)  # the quantiser logs every tensor on the root logger; once, at export
    try:
        quantize_dynamic(str(fp32), tmp, weight_type=QuantType.QInt8, per_channel=True,
                         nodes_to_exclude=list(keep_fp32(matmuls)),
                         extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT})  # fused ops have no inferred types
        os.replace(tmp, out)
    finally:
        logging.disable(logging.NOTSET)
        Path(tmp).unlink(missing_ok=True)


def session(path: Path, threads: int | None = None):
    """An ONNX Runtime CPU session: intra-op threads = the cores (at most 4), one inter-op thread
    (the embedder and the reader never run at the same time within a question)."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = threads or min(os.cpu_count() or 1, 4)
    options.inter_op_num_threads = 1
    # Each session's threads would otherwise spin after a run, waiting for the next one: the
    # embedder's pool then burns the cores the reader's pool needs a moment later. Ask p50 on 200
    # dev questions: 58-60 ms without spinning, 88-99 ms with (RESULTS.md, session 10).
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


def export(kind: str, model_dir: str, int8: bool, write_fp32, keep_fp32=lambda names: []) -> Path:
    """The cached export of kind for model_dir (int8 or fp32), made when missing: write_fp32(model_dir,
    path) writes the fused fp32 graph, quantize() the int8 one from it. An fp32 graph made only to be
    quantised is not kept (90 MB each for these models)."""
    out = exported_path(kind, model_dir, int8)
    out.parent.mkdir(parents=True, exist_ok=True)
    fp32 = exported_path(kind, model_dir, False)
    made_for_int8 = int8 and not fp32.exists()
    if not fp32.exists():
        write_fp32(model_dir, fp32)
    if int8 and not out.exists():
        quantize(fp32, out, keep_fp32)
    if made_for_int8:
        fp32.unlink(missing_ok=True)
    return out


def load_or_export(kind: str, model_dir: str, backend: str, export, setting: str):
    """The session for backend ("onnx" or "onnx-int8"), made by export(model_dir, int8) when there is
    no usable file; a damaged export is made again, with a message."""
    import importlib.util

    if importlib.util.find_spec("onnxruntime") is None:
        raise _missing(kind, backend, setting)
    int8 = backend == "onnx-int8"
    path = exported_path(kind, model_dir, int8)
    if path.exists():
        try:
            return session(path), path
        except Exception as e:  # noqa: BLE001 - a truncated or garbage file: make it again
            log.warning("The exported %s %s is damaged (%s); exporting it again.", kind, path, type(e).__name__)
            path.unlink(missing_ok=True)
            if int8:
                exported_path(kind, model_dir, False).unlink(missing_ok=True)
    else:
        # Said on stderr whatever the log level: the first start on a machine would look hung otherwise.
        print(f"qa: preparing the {kind} for this machine, once (exporting it to ONNX{' int8' if int8 else ''}; "
              "later starts skip this)...", file=sys.stderr, flush=True)
    return session(export(model_dir, int8)), path


def _missing(kind: str, backend: str, setting: str):
    from .errors import QAError

    return QAError(f"The {backend} {kind} needs onnxruntime (pip install onnxruntime), or set {setting}=torch.")
