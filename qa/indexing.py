"""Make the index match a set of article files: read them, then let the store sync (embedding only
what is new or changed). The store does the writing; this module only reads the corpus and reports."""
from __future__ import annotations

import logging
import os

from .documents import load_corpus
from .embed import Embedder
from .errors import BadInput
from .stores import IVF_MIN_VECTORS, BuildReport, Store, open_store

log = logging.getLogger("qa")
__all__ = ["BuildReport", "build_index", "sync_index"]


def build_index(paths, index_dir: str | os.PathLike = "index", embedder: Embedder | None = None,
                progress: bool = True, documents=None, ivf_min_vectors: int = IVF_MIN_VECTORS,
                lock_wait: float = 600.0, allow_empty: bool = False, store: str | None = None,
                collection: str | None = None, settings=None) -> BuildReport:
    """Add, update and remove documents so the index holds exactly the given files (see sync_index)."""
    return sync_index(paths, index_dir, embedder, progress, documents, ivf_min_vectors, lock_wait, allow_empty,
                      store, collection, settings)[0]


def sync_index(paths, index_dir: str | os.PathLike = "index", embedder: Embedder | None = None,
               progress: bool = True, documents=None, ivf_min_vectors: int = IVF_MIN_VECTORS,
               lock_wait: float = 600.0, allow_empty: bool = False, store: str | None = None,
               collection: str | None = None, settings=None) -> tuple[BuildReport, Store]:
    """Add, update and remove documents so the index holds exactly the given files: the report,
    and the live store, already loaded and checked (callers serve from it without loading it again).

    ``documents`` (already loaded Documents) may be given instead of reading ``paths``.
    ``ivf_min_vectors``: from this many paragraphs on, the compressed vector index (stores/).
    Files that cannot be read are reported in ``report.warnings`` and left out; if no file
    at all is readable the index is left as it was and BadInput is raised, unless ``allow_empty``
    (the chat's own corpus folder, which starts empty): then the index holds no articles. One build at a time
    per folder: a second one waits up to ``lock_wait`` seconds, then raises IndexBusy.
    ``store`` (or the store setting, QA_STORE): a Milvus URI instead of the folder, ``collection`` its name.
    """
    from .settings import current

    settings = settings or current()
    report = BuildReport()
    if documents is None:
        documents, report.warnings = load_corpus(paths)
    if not documents and not allow_empty:
        detail = ("; ".join(report.warnings[:5])) if report.warnings else "no supported files"
        raise BadInput(f"No readable articles in {paths}: {detail}")
    embedder = embedder or Embedder()
    target = open_store(settings.store_location(index_dir, store), settings, collection, must_exist=False)
    live = target.sync(documents, embedder, report, progress, ivf_min_vectors=ivf_min_vectors, lock_wait=lock_wait,
                       say=log.warning)
    if report.rebuilt_because:
        log.warning(report.rebuilt_because)
    return report, live
