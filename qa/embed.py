"""Sentence embeddings, L2-normalised for inner-product search.

Models in the sentence-transformers layout. When the model is the common plain recipe
(Transformer -> mean or CLS pooling -> optional Normalize, as all-MiniLM-L6-v2 is), we run it with
transformers directly: the same vectors (tested to 1e-5), without importing sentence_transformers,
which pulls in scikit-learn and costs seconds of start-up on a laptop CPU. Anything else (extra
Dense layers, other pooling) goes through sentence_transformers.SentenceTransformer.
"""
from __future__ import annotations

import json
import threading
from pathlib import Path

import numpy as np

from .errors import QAError
from .weights import resolve_embedder

BACKENDS = ("auto", "torch", "torch-bf16", "onnx", "onnx-int8")
# "auto": paragraphs on torch bf16 where the CPU multiplies bf16 in hardware (Intel AMX), else on
# ONNX Runtime int8 (qa/onnx_export.py); questions always on ONNX Runtime int8, which is fastest for
# one short text. Why the split, on a 2-core Xeon with AMX: builds of SQuAD dev at 33.4 paragraphs/s
# on torch fp32, 66.0 on ONNX int8, 84.1 on torch bf16 (benchmarks/results/embedder.json); one
# question 2.5 ms on ONNX int8, 7.3 ms on torch bf16; without AMX (oneDNN told to stay below it),
# bf16 ran at 26 /s, under fp32, so it is never picked there (RESULTS.md, session 12). Any other
# value of QA_EMBEDDER_BACKEND runs both on that runtime.
DEFAULT_BACKEND = "auto"
QUERY_BACKEND = "onnx-int8"
TOKENIZE_CHUNK = 4096
# bf16 batches are padded to a multiple of 16 tokens: oneDNN makes (and keeps) a kernel per shape on
# AMX, so fewer widths ran faster and held less memory — SQuAD dev, 2 runs each: 95-111 paragraphs/s
# and 1,010 MB RSS at every width, 111-118 /s and 675 MB at multiples of 16. Not on ONNX Runtime int8
# (73 -> 61 /s) or torch fp32 (37 -> 34 /s). RESULTS.md, session 12.
BF16_WIDTH_STEP = 16


def has_amx(cpuinfo: str = "/proc/cpuinfo", isa_limit: str | None = None) -> bool:
    """Whether this CPU has AMX bf16 tiles (and oneDNN is not told to stay below them). Read from
    /proc/cpuinfo rather than asked of torch: no torch import to decide, and other systems say no."""
    from .settings import current

    limit = (current().onednn_max_cpu_isa if isa_limit is None else isa_limit).upper()
    if limit and limit != "ALL" and "AMX" not in limit:
        return False
    try:
        with open(cpuinfo, encoding="ascii", errors="replace") as f:
            for line in f:
                if line.startswith("flags"):
                    return "amx_bf16" in line.split()
    except OSError:
        pass
    return False


def _plain_recipe(path: str) -> dict | None:
    """{'pooling': 'mean'|'cls', 'max_length': int, 'lower': bool, 'dim': int} when the model is
    Transformer+Pooling(+Normalize)."""
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
        tok_cfg = d / "tokenizer_config.json"
        if tok_cfg.exists() and json.loads(tok_cfg.read_text()).get("padding_side", "right") != "right":
            return None  # _Plain pads on the right, as this recipe's models expect
        return {"pooling": mode, "max_length": int(cfg.get("max_seq_length", 512)),
                "lower": bool(cfg.get("do_lower_case", False)),
                "dim": int(json.loads((d / "config.json").read_text())["hidden_size"])}
    except (OSError, ValueError, KeyError, IndexError, TypeError):
        return None


class _Plain:
    """Transformer + pooling with transformers' tokenizer, the transformer run by torch or by ONNX
    Runtime (backend "onnx" / "onnx-int8", qa/onnx_embed.py); pooling in numpy."""

    def __init__(self, path: str, recipe: dict, backend: str = "torch"):
        from transformers import AutoTokenizer

        self.recipe, self.backend = recipe, backend
        self.tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
        self._tokenizing = threading.Lock()  # a fast tokenizer's truncation state is not thread-safe
        self.dim = recipe["dim"]
        if backend.startswith("torch"):
            import torch
            from transformers import AutoModel

            dtype = torch.bfloat16 if backend == "torch-bf16" else torch.float32
            self.net = AutoModel.from_pretrained(path, dtype=dtype, local_files_only=True).eval()
        else:
            from . import onnx_embed

            self.net = onnx_embed.load(path, backend)

    def hidden(self, batch: dict) -> np.ndarray:
        """Last hidden states of one padded batch of token ids (numpy in, numpy out)."""
        if self.backend.startswith("torch"):
            import torch

            with torch.inference_mode():  # pooled in fp32 whatever the weights' type
                return self.net(**{k: torch.from_numpy(v) for k, v in batch.items()}).last_hidden_state.float().numpy()
        return self.net(batch)

    def encode(self, texts: list[str], batch_size: int, progress: bool) -> np.ndarray:
        from tqdm import tqdm

        if self.recipe["lower"]:
            texts = [t.lower() for t in texts]
        names = [n for n in ("input_ids", "attention_mask", "token_type_ids") if n in self.tokenizer.model_input_names]
        pad = self.tokenizer.pad_token_id or 0
        step = BF16_WIDTH_STEP if self.backend == "torch-bf16" else 1
        out = np.zeros((len(texts), self.dim), np.float32)
        bar = tqdm(total=len(texts), disable=not progress, desc="Embedding", unit="paragraph")
        # Tokenised a chunk at a time, then batched longest first by token count: sorting by
        # characters instead (as sentence-transformers does) padded SQuAD dev to 18% more tokens
        # than it holds (389,486 against 329,849 in batches of 16; RESULTS.md, session 12), and
        # each batch was tokenised on its own. The chunk bounds the token lists held at once.
        for c in range(0, len(texts), TOKENIZE_CHUNK):
            with self._tokenizing:
                ids = self.tokenizer(texts[c:c + TOKENIZE_CHUNK], truncation=True,
                                     max_length=self.recipe["max_length"], return_attention_mask=False,
                                     return_token_type_ids=False)["input_ids"]
            lengths = np.fromiter(map(len, ids), np.int64, len(ids))
            order = np.argsort(-lengths, kind="stable")
            for i in range(0, len(order), batch_size):
                idx = order[i:i + batch_size]
                width = -(-int(lengths[idx[0]]) // step) * step
                batch = {"input_ids": np.full((len(idx), width), pad, np.int64)}
                for row, j in enumerate(idx):
                    batch["input_ids"][row, :lengths[j]] = ids[j]
                mask = (np.arange(batch["input_ids"].shape[1]) < lengths[idx][:, None]).astype(np.int64)
                batch["attention_mask"] = mask
                if "token_type_ids" in names:
                    batch["token_type_ids"] = np.zeros_like(mask)
                hidden = self.hidden({n: batch[n] for n in names})
                if self.recipe["pooling"] == "cls":
                    v = hidden[:, 0]
                else:
                    m = mask[:, :, None].astype(np.float32)
                    v = (hidden * m).sum(1) / np.maximum(m.sum(1), 1e-9)
                out[c + idx] = v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-12)
                bar.update(len(idx))
        bar.close()
        return out


def configured_backends(backend: str | None = None) -> tuple[str, str]:
    """(the paragraphs' runtime, the questions' runtime) for backend, else the embedder_backend
    setting (QA_EMBEDDER_BACKEND, default "auto": see DEFAULT_BACKEND)."""
    from .settings import current

    backend = backend or current().embedder_backend or DEFAULT_BACKEND
    if backend not in BACKENDS:
        raise QAError(f"Unknown embedder backend {backend!r}; QA_EMBEDDER_BACKEND takes {', '.join(BACKENDS)}")
    if backend == "auto":
        return ("torch-bf16" if has_amx() else "onnx-int8"), QUERY_BACKEND
    return backend, backend


class Embedder:
    def __init__(self, name: str | None = None, backend: str | None = None):
        self.name, self.path = resolve_embedder(name)
        self._models: dict = {}
        # The runtimes: torch (fp32 or bf16) or ONNX Runtime (fp32 or int8) for the plain recipe;
        # anything else runs through sentence-transformers on torch. The index records the
        # paragraphs' runtime, `backend` (a change re-embeds); `query_backend` embeds questions.
        self.plain_recipe = _plain_recipe(self.path)
        if self.plain_recipe is not None:
            self.backend, self.query_backend = configured_backends(backend)
        else:
            self.backend = self.query_backend = "torch"

    def runtime(self, backend: str):
        """The model on one runtime, loaded (and on first use exported) when first needed."""
        if backend not in self._models:
            from transformers.utils import logging as hf_logging

            hf_logging.disable_progress_bar()
            if self.plain_recipe is not None:
                self._models[backend] = _Plain(self.path, self.plain_recipe, backend)
            else:
                from sentence_transformers import SentenceTransformer

                self._models[backend] = SentenceTransformer(self.path, device="cpu", local_files_only=True)
        return self._models[backend]

    @property
    def model(self):
        """The paragraphs' model."""
        return self.runtime(self.backend)

    @property
    def dim(self) -> int:
        if self.plain_recipe is not None:  # from the model's config: no model loaded to know it
            return self.plain_recipe["dim"]
        m = self.model
        return int(m.get_embedding_dimension() if hasattr(m, "get_embedding_dimension")
                   else m.get_sentence_embedding_dimension())

    def encode(self, texts: list[str], batch_size: int | None = None, progress: bool = False) -> np.ndarray:
        """Vectors of questions (and other short texts), on the questions' runtime."""
        return self._encode(self.query_backend, texts, batch_size, progress)

    def encode_documents(self, texts: list[str], batch_size: int | None = None, progress: bool = False) -> np.ndarray:
        """Vectors of paragraphs for the index, on the paragraphs' runtime (the one it records)."""
        return self._encode(self.backend, texts, batch_size, progress)

    def _encode(self, backend: str, texts, batch_size: int | None, progress: bool) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        # Small batches run fastest on both int8 ONNX Runtime and bf16 torch here (SQuAD dev
        # paragraphs, 2 cores, int8: 58.6 paragraphs/s at 16, 52.4 at 32, 42.0 at 64; RESULTS.md,
        # session 10; bf16 at 16 ahead of 32 and 64 in session 12's trial); torch fp32 prefers 64.
        batch_size = batch_size or (64 if backend == "torch" else 16)
        model = self.runtime(backend)
        if isinstance(model, _Plain):
            return model.encode(list(texts), batch_size, progress)
        vecs = model.encode(list(texts), batch_size=batch_size, show_progress_bar=progress,
                            convert_to_numpy=True, normalize_embeddings=True)
        return np.ascontiguousarray(vecs, dtype=np.float32)


def passage_text(title: str, text: str) -> str:
    """What gets embedded for a paragraph: its article title gives it context."""
    return f"{title}\n{text}" if title else text
