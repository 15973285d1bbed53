"""Make the index match a set of article files: embed only what is new or changed."""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field

import numpy as np

from .documents import load_corpus, split_paragraphs
from .embed import Embedder, passage_text
from .errors import BadInput, QAError
from .milvus_store import collection_name, is_milvus_uri, store_location
from .store import IVF_MIN_VECTORS, IndexCorrupt, IndexLock, IndexMissing, Store

log = logging.getLogger("qa")


@dataclass
class BuildReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    paragraphs: int = 0
    embedded: int = 0  # paragraphs embedded by this build
    rebuilt_because: str = ""  # why an existing index was not reused

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)

    def summary(self) -> str:
        parts = [f"{len(self.added) + len(self.updated) + len(self.unchanged)} documents, {self.paragraphs} paragraphs"]
        for name in ("added", "updated", "removed"):
            if getattr(self, name):
                parts.append(f"{len(getattr(self, name))} {name}")
        if self.embedded:
            parts.append(f"{self.embedded} paragraphs embedded")
        return "; ".join(parts)


def open_existing(index_dir, embedder: Embedder, report: BuildReport) -> Store | None:
    """The current index if it can be reused with this embedder, else None (and why)."""
    try:
        store = Store.load(index_dir)
    except IndexMissing:
        return None
    except IndexCorrupt as e:
        report.rebuilt_because = f"rebuilding: {e}"
        return None
    if store.embedder_name != embedder.name:
        report.rebuilt_because = (f"rebuilding: index was built with embedder {store.embedder_name!r}, "
                                  f"now {embedder.name!r}")
        return None
    built_on = store.manifest["embedder"].get("backend", "torch")  # indexes from before backends: torch
    if built_on != embedder.backend:
        report.rebuilt_because = (f"rebuilding: the vectors were made on {built_on}, the embedder now runs on "
                                  f"{embedder.backend} (QA_EMBEDDER_BACKEND)")
        return None
    return store


def build_index(paths, index_dir: str | os.PathLike = "index", embedder: Embedder | None = None,
                progress: bool = True, documents=None, ivf_min_vectors: int = IVF_MIN_VECTORS,
                lock_wait: float = 600.0, allow_empty: bool = False, store: str | None = None,
                collection: str | None = None) -> BuildReport:
    """Add, update and remove documents so the index holds exactly the given files (see sync_index)."""
    return sync_index(paths, index_dir, embedder, progress, documents, ivf_min_vectors, lock_wait, allow_empty,
                      store, collection)[0]


def sync_index(paths, index_dir: str | os.PathLike = "index", embedder: Embedder | None = None,
               progress: bool = True, documents=None, ivf_min_vectors: int = IVF_MIN_VECTORS,
               lock_wait: float = 600.0, allow_empty: bool = False, store: str | None = None,
               collection: str | None = None) -> tuple[BuildReport, Store]:
    """Add, update and remove documents so the index holds exactly the given files: the report,
    and the live index, already loaded and checked (callers serve from it without loading it again).

    ``documents`` (already loaded Documents) may be given instead of reading ``paths``.
    ``ivf_min_vectors``: from this many paragraphs on, the compressed vector index (store.py).
    Files that cannot be read are reported in ``report.warnings`` and left out; if no file
    at all is readable the index is left as it was and BadInput is raised, unless ``allow_empty``
    (the chat's own corpus folder, which starts empty): then the index holds no articles. One build at a time
    per folder: a second one waits up to ``lock_wait`` seconds, then raises IndexBusy.
    ``store`` (or $QA_STORE): a Milvus URI instead of the folder, ``collection`` its name (MilvusStore).
    """
    report = BuildReport()
    if documents is None:
        documents, report.warnings = load_corpus(paths)
    if not documents and not allow_empty:
        detail = ("; ".join(report.warnings[:5])) if report.warnings else "no supported files"
        raise BadInput(f"No readable articles in {paths}: {detail}")
    embedder = embedder or Embedder()
    location = store_location(index_dir, store)
    if is_milvus_uri(location):
        from .milvus_store import MilvusStore

        milvus = MilvusStore(location, collection_name(collection)).sync(documents, embedder, report, progress,
                                                                         ivf_min_vectors)
        return report, milvus
    index_dir = location
    with IndexLock(index_dir, wait=lock_wait, say=log.warning):
        store = open_existing(index_dir, embedder, report)
        try:
            plan = _plan(documents, store, report)
        except IndexCorrupt as e:  # damage the checksums could not see: start over
            report = BuildReport(warnings=report.warnings, rebuilt_because=f"rebuilding: {e}")
            plan = _plan(documents, None, report)
        if report.rebuilt_because:
            log.warning(report.rebuilt_because)
        if plan is None:
            return report, store  # nothing to write: the index on disk already matches
        paragraphs, vec_parts, new_docs, to_embed = plan
        texts = [passage_text(p.title, p.text) for _, paras in to_embed for p in paras]
        # Nothing new to embed (only removals): don't load the embedding model for it.
        fresh = embedder.encode_documents(texts, progress=progress) if texts else None
        report.embedded = len(texts)
        pos = 0
        for slot, paras in to_embed:
            vec_parts[slot] = fresh[pos:pos + len(paras)] if paras else None
            pos += len(paras)
        parts = [v for v in vec_parts if v is not None]
        vectors = np.concatenate(parts) if parts else np.zeros((0, embedder.dim), np.float32)
        try:
            made_by = {"name": embedder.name, "dim": int(vectors.shape[1]), "backend": embedder.backend}
            store = Store.write(index_dir, made_by, new_docs, paragraphs, vectors, ivf_min_vectors=ivf_min_vectors)
        except OSError as e:  # disk full, read-only folder: the previous generation is still live
            raise QAError(f"Could not write the index in {index_dir}/ ({e.strerror or e}); "
                          "the previous index is unchanged.") from None
    return report, store


def _plan(documents, store: Store | None, report: BuildReport):
    """(paragraphs, vector parts, document records, what to embed) for the new index, reusing the
    unchanged documents' rows and vectors; None when the index already holds exactly these."""
    old_docs = store.documents if store else {}
    old_rows: dict[str, list[int]] = {}
    if store:
        for row, p in enumerate(store.paragraphs):
            old_rows.setdefault(p.doc_id, []).append(row)
    old_vectors = store.vectors() if store else None

    paragraphs, vec_parts, new_docs, to_embed = [], [], {}, []
    for doc in documents:
        first_row = len(paragraphs)
        meta = {"title": doc.title, "source": doc.source, "hash": doc.hash, "date": doc.date}
        prev = old_docs.get(doc.doc_id)
        if prev and prev["hash"] == doc.hash and doc.doc_id in old_rows:
            rows = old_rows[doc.doc_id]
            paragraphs += [store.paragraphs[r] for r in rows]
            vec_parts.append(old_vectors[rows])
            report.unchanged.append(doc.doc_id)
        else:
            paras = split_paragraphs(doc)
            paragraphs += paras
            vec_parts.append(None)  # filled after one batched embedding call
            to_embed.append((len(vec_parts) - 1, paras))
            (report.updated if prev else report.added).append(doc.doc_id)
        meta["paragraphs"] = len(paragraphs) - first_row
        new_docs[doc.doc_id] = meta
    report.removed = [d for d in old_docs if d not in new_docs]
    report.paragraphs = len(paragraphs)
    if store and not report.changed and list(old_docs) == list(new_docs):
        return None
    return paragraphs, vec_parts, new_docs, to_embed
