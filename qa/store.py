"""The on-disk index: FAISS vectors + paragraphs (JSON lines) + manifest.json.

Crash safety: every build writes a new *generation* of data files (``faiss.<g>.index``,
``paragraphs.<g>.jsonl``), fsyncs them, and only then atomically replaces
``manifest.json``, which names the generation in use. A build killed at any point
leaves the previous manifest pointing at the previous, complete files. Nothing is
pickled: FAISS's own format, JSON and JSON lines.
"""
from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import asdict
from pathlib import Path

import numpy as np

from .errors import QAError
from .types import Paragraph

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
HNSW_MIN_VECTORS = 200_000  # below this an exact flat scan is fast enough (~13 ms per 100k)


class IndexMissing(QAError):
    pass


class IndexCorrupt(QAError):
    pass


def fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write to a temp file in the same folder, fsync, then os.replace."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def make_faiss_index(vectors: np.ndarray, kind: str | None = None):
    """Exact inner product below HNSW_MIN_VECTORS vectors, HNSW (approximate) above."""
    import faiss

    n, dim = vectors.shape
    kind = kind or ("hnsw" if n >= HNSW_MIN_VECTORS else "flat")
    if kind == "flat":
        index = faiss.IndexFlatIP(dim)
    elif kind == "hnsw":
        index = faiss.IndexHNSWFlat(dim, 32, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = 80
        index.hnsw.efSearch = 64
    else:
        raise ValueError(f"unknown index kind {kind!r}")
    if n:
        index.add(vectors)
    return index, kind


class Store:
    """A loaded index: paragraphs in FAISS row order, documents, and the vectors."""

    def __init__(self, directory: Path, manifest: dict, paragraphs: list[Paragraph], index):
        self.dir = directory
        self.manifest = manifest
        self.paragraphs = paragraphs
        self.index = index

    @property
    def documents(self) -> dict[str, dict]:
        return self.manifest["documents"]

    @property
    def embedder_name(self) -> str:
        return self.manifest["embedder"]["name"]

    def vectors(self) -> np.ndarray:
        n = self.index.ntotal
        if n == 0:
            return np.zeros((0, self.index.d), dtype=np.float32)
        return self.index.reconstruct_n(0, n)

    @classmethod
    def load(cls, directory: str | os.PathLike = "index") -> "Store":
        import faiss

        d = Path(directory)
        mpath = d / MANIFEST
        if not mpath.exists():
            raise IndexMissing(f"No index in {d}/ (build one with: python -m qa index PATH...)")
        try:
            manifest = json.loads(mpath.read_text(encoding="utf-8"))
            files = manifest["files"]
            version = manifest["format"]
        except (json.JSONDecodeError, KeyError, TypeError, UnicodeDecodeError) as e:
            raise IndexCorrupt(f"{mpath} is unreadable ({e}); rebuild with: python -m qa index PATH...") from None
        if version != FORMAT_VERSION:
            raise IndexCorrupt(f"{d}/ holds index format {version}, this qa reads format {FORMAT_VERSION}; "
                               "rebuild with: python -m qa index PATH...")
        ppath, vpath = d / files["paragraphs"], d / files["vectors"]
        for p, size in ((ppath, files.get("paragraphs_bytes")), (vpath, files.get("vectors_bytes"))):
            if not p.exists() or (size is not None and p.stat().st_size != size):
                raise IndexCorrupt(f"{p} is missing or truncated; rebuild with: python -m qa index PATH...")
        try:
            paragraphs = [Paragraph(**json.loads(line))
                          for line in ppath.read_text(encoding="utf-8").splitlines() if line]
            index = faiss.read_index(str(vpath))
        except (json.JSONDecodeError, TypeError, UnicodeDecodeError, RuntimeError) as e:
            raise IndexCorrupt(f"{d}/ is damaged ({type(e).__name__}); rebuild with: python -m qa index PATH...") from None
        if index.ntotal != len(paragraphs) or index.d != manifest["embedder"]["dim"]:
            raise IndexCorrupt(f"{d}/: vectors and paragraphs disagree; rebuild with: python -m qa index PATH...")
        return cls(d, manifest, paragraphs, index)

    @staticmethod
    def write(directory: str | os.PathLike, embedder: dict, documents: dict[str, dict],
              paragraphs: list[Paragraph], vectors: np.ndarray, index_kind: str | None = None) -> "Store":
        import faiss

        d = Path(directory)
        d.mkdir(parents=True, exist_ok=True)
        old = {}
        try:
            old = json.loads((d / MANIFEST).read_text(encoding="utf-8")).get("files", {})
        except (OSError, ValueError):
            pass
        gen = int(old.get("generation", 0)) + 1
        while (d / f"faiss.{gen}.index").exists() or (d / f"paragraphs.{gen}.jsonl").exists():
            gen += 1  # leftovers of a killed build: never overwrite, just skip the number
        vname, pname = f"faiss.{gen}.index", f"paragraphs.{gen}.jsonl"

        index, kind = make_faiss_index(vectors, index_kind)
        data = faiss.serialize_index(index).tobytes()
        atomic_write_bytes(d / vname, data)
        ptext = "".join(json.dumps(asdict(p), ensure_ascii=False) + "\n" for p in paragraphs).encode("utf-8")
        atomic_write_bytes(d / pname, ptext)
        manifest = {
            "format": FORMAT_VERSION,
            "embedder": embedder,
            "index_type": kind,
            "files": {"generation": gen, "vectors": vname, "paragraphs": pname,
                      "vectors_bytes": len(data), "paragraphs_bytes": len(ptext)},
            "paragraphs": len(paragraphs),
            "documents": documents,
        }
        atomic_write_bytes(d / MANIFEST, (json.dumps(manifest, indent=1, ensure_ascii=False) + "\n").encode())
        # The new generation is live; older data files are garbage now.
        for f in d.iterdir():
            m = re.fullmatch(r"(?:faiss\.(\d+)\.index|paragraphs\.(\d+)\.jsonl)", f.name)
            if (m and int(m.group(1) or m.group(2)) != gen) or re.fullmatch(r"\..+\.tmp", f.name):
                f.unlink(missing_ok=True)
        return Store(d, manifest, paragraphs, index)
