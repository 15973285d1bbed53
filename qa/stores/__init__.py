"""Where the index lives: one ``Store`` protocol (base.py), two backends, chosen here and only here.

- ``local``: a folder with FAISS + bm25s + a manifest (local.py), the default;
- ``milvus``: a Milvus collection (milvus.py), for an index shared by several servers.

A third backend is one module implementing ``Store`` and one line in ``BACKENDS``.
"""
from __future__ import annotations

import os
from pathlib import Path

from .base import (IVF_MIN_VECTORS, BuildReport, IndexBusy, IndexCorrupt, IndexMissing, IndexWriteFailed, Store,
                   StoreInfo, StoreUnavailable)

# URI scheme -> the module and class of its backend; anything else is a local folder.
BACKENDS = {
    "http://": ("milvus", "MilvusStore"),
    "https://": ("milvus", "MilvusStore"),
    "tcp://": ("milvus", "MilvusStore"),
    "grpc://": ("milvus", "MilvusStore"),
}

__all__ = ["BACKENDS", "IVF_MIN_VECTORS", "BuildReport", "IndexBusy", "IndexCorrupt", "IndexMissing",
           "IndexWriteFailed", "Store",
           "StoreInfo", "StoreUnavailable", "as_location", "is_remote", "open_store"]


def is_remote(location) -> bool:
    """Whether location names a server (a URI of a backend) rather than a folder."""
    return isinstance(location, str) and location.startswith(tuple(BACKENDS))


def as_location(where):
    """A server URI as it is, anything else as a folder Path."""
    return where if is_remote(where) else Path(where)


def open_store(location: str | os.PathLike, settings=None, collection: str | None = None,
               must_exist: bool = True) -> Store:
    """The store at location (a folder, or a server URI). ``must_exist``: load it now, raising
    IndexMissing when there is no index there; otherwise only open it, for a sync to fill."""
    from ..settings import current

    settings = settings or current()
    location = str(location) if is_remote(location) else location
    if is_remote(location):
        import importlib

        module, name = next(v for scheme, v in BACKENDS.items() if location.startswith(scheme))
        cls = getattr(importlib.import_module(f".{module}", __name__), name)
        return cls.open(location, settings.collection_name(collection), settings.milvus_timeout, must_exist)
    from .local import LocalStore

    return LocalStore.open(location, must_exist)
