"""The local store: FAISS vectors + bm25s + paragraphs (JSON lines) + manifest.json in a folder.

Crash safety: every build writes a new *generation* of data files (``faiss.<g>.index``,
``paragraphs.<g>.jsonl``, ``bm25.<g>/``, and ``vectors.<g>.npy`` for the compressed index
kinds), fsyncs them, and only then atomically replaces ``manifest.json``, which names the
generation in use. A build killed at any point leaves the previous manifest pointing at the
previous, complete files. Nothing is pickled: FAISS's own format, JSON, JSON lines, and
numpy arrays saved with allow_pickle=False.

Memory: paragraphs are read from their file on demand (an offset per row stays in RAM) and
BM25 is memory-mapped, so serving 1M paragraphs needs well under 2 GB.
"""
from __future__ import annotations

import hashlib
import json
import math
import os
import re
import shutil
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

import numpy as np

from ..embed import passage_text
from ..errors import QAError
from ..types import Paragraph
from .base import (IVF_MIN_VECTORS, BuildReport, IndexBusy, IndexCorrupt, IndexMissing, IndexWriteFailed, StoreInfo,
                   article_names, embedder_mismatch, index_kind_for, plan_sync, scoped_doc_ids)

FORMAT_VERSION = 2  # 2: every data file's size and SHA-256 in the manifest, BM25 over title + text
MANIFEST = "manifest.json"
__all__ = ["IVF_MIN_VECTORS", "IndexBusy", "IndexCorrupt", "IndexMissing", "LocalStore"]


class IndexLock:
    """An exclusive lock on an index folder, held for a whole build, so two indexers (two processes,
    or an upload and `qa index`) never interleave: the second waits, saying so, and gives up with
    IndexBusy after `wait` seconds. The lock is flock on the folder itself, not on a file in it: no
    file a user could delete by accident defeats it, and a read-only folder can still be locked (and
    an up-to-date index in it served). The kernel drops the lock when its holder dies, so a killed
    build never locks the folder out."""

    def __init__(self, directory, wait: float = 600.0, say=None):
        self.path = Path(directory)
        self.wait = wait
        self.say = say
        self._fd = None

    def __enter__(self):
        import fcntl

        try:
            self.path.mkdir(parents=True, exist_ok=True)
            self._fd = os.open(self.path, os.O_RDONLY | os.O_DIRECTORY)
        except OSError as e:
            raise QAError(f"Cannot use the index folder {self.path}/ ({e.strerror or e}).") from None
        deadline, told = time.monotonic() + self.wait, False
        while True:
            try:
                fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return self
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    os.close(self._fd)
                    raise IndexBusy(f"Another build of {self.path}/ is still running; try again when it ends.")
                if not told and self.say:
                    self.say(f"Another build of {self.path}/ is running; waiting for it to finish...")
                    told = True
                time.sleep(0.2)

    def __exit__(self, *exc):
        import fcntl

        fcntl.flock(self._fd, fcntl.LOCK_UN)
        os.close(self._fd)


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


def atomic_write_bytes(path: Path, data) -> None:
    """Write bytes (or an iterable of bytes) to a temp file in the same folder, fsync, then os.replace."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            for chunk in ([data] if isinstance(data, (bytes, bytearray, memoryview)) else data):
                f.write(chunk)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def ivf_nlist(n: int) -> int:
    """~2*sqrt(n) lists (a power of two, at least 40 vectors each); each query scans about
    IVF_SCAN_VECTORS (8-bit codes, a few ms): at 1M that is 128 of 2048 lists (results/scale.json:
    dense recall@10 against the exact scan)."""
    return max(1, min(n // 40, 2 ** round(math.log2(max(1.0, 2 * math.sqrt(max(n, 1)))))))


def ivf_nprobe(n: int, nlist: int) -> int:
    return max(1, min(nlist, max(16, math.ceil(IVF_SCAN_VECTORS * nlist / max(n, 1)))))


KMEANS_SEED = 0  # which vectors train the IVF lists: fixed, so the same corpus builds the same index
IVF_SCAN_VECTORS = 65536  # vectors scanned per query (nprobe lists): dense recall@10 0.982 at 1M


def make_faiss_index(vectors: np.ndarray, kind: str):
    """(index, params) for vectors: kind "flat" or "ivf-sq8"."""
    import faiss

    n, dim = vectors.shape
    params: dict = {}
    if kind == "flat":
        index = faiss.IndexFlatIP(dim)
    elif kind == "ivf-sq8":
        nlist = ivf_nlist(n)
        index = faiss.IndexIVFScalarQuantizer(faiss.IndexFlatIP(dim), dim, nlist,
                                              faiss.ScalarQuantizer.QT_8bit, faiss.METRIC_INNER_PRODUCT)
        sample = vectors
        if n > 40 * nlist:  # k-means on a seeded sample: 40 points per list (what faiss asks for)
            sample = vectors[np.sort(np.random.default_rng(KMEANS_SEED).choice(n, 40 * nlist, replace=False))]
        index.train(np.ascontiguousarray(sample, dtype=np.float32))
        index.nprobe = ivf_nprobe(n, nlist)
        params = {"nlist": nlist, "nprobe": index.nprobe}
    else:
        raise ValueError(f"unknown index kind {kind!r}")
    for i in range(0, n, 100_000):  # in slices: no float32 copy of a float16/mmap'd array at once
        index.add(np.ascontiguousarray(vectors[i:i + 100_000], dtype=np.float32))
    return index, params


def _line_offsets(path: Path) -> np.ndarray:
    """Byte offset of every line start, plus the file size at the end (read in 16 MB chunks)."""
    starts = [np.zeros(1, np.int64)]
    pos = 0
    with open(path, "rb") as f:
        while chunk := f.read(1 << 24):
            nl = np.flatnonzero(np.frombuffer(chunk, np.uint8) == 10).astype(np.int64)
            starts.append(nl + pos + 1)
            pos += len(chunk)
    offsets = np.concatenate(starts)
    if offsets[-1] != pos:  # last line without a newline
        offsets = np.append(offsets, pos)
    return offsets


class ParagraphTable(Sequence):
    """The paragraphs file, row by row on demand: only an offset per row is kept in memory.

    Reads use an open descriptor (os.pread), so a retriever keeps reading its own generation
    even after a newer build has deleted the file name.
    """

    def __init__(self, path: Path):
        self.path = Path(path)
        self._offsets = _line_offsets(self.path)
        self._fd = os.open(self.path, os.O_RDONLY)

    def __del__(self):
        fd = getattr(self, "_fd", None)
        if fd is not None:
            try:
                os.close(fd)
            except OSError:
                pass

    def __len__(self) -> int:
        return len(self._offsets) - 1

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        n = len(self)
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError(i)
        a, b = int(self._offsets[i]), int(self._offsets[i + 1])
        try:
            return Paragraph(**json.loads(os.pread(self._fd, b - a, a)))
        except (ValueError, TypeError) as e:
            raise IndexCorrupt(f"{self.path} row {i} is damaged ({type(e).__name__}); "
                               "rebuild with: qa index PATH...") from None

    def __iter__(self):
        for i in range(len(self)):
            yield self[i]


REBUILD = "rebuild with: qa index PATH..."


def _file_digest(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 22):
            h.update(chunk)
    return h.hexdigest()


def _checksums(d: Path, names: list[str]) -> dict[str, list]:
    """{relative file name: [size, sha256]} for the named files, and every file in named folders."""
    out = {}
    for name in names:
        p = d / name
        for f in sorted(p.iterdir()) if p.is_dir() else [p]:
            out[f.relative_to(d).as_posix()] = [f.stat().st_size, _file_digest(f)]
    return out


def _check_manifest(manifest, mpath: Path) -> None:
    """The manifest's shape, so that a valid JSON file of the wrong shape is a clear error."""
    def bad(what):
        raise IndexCorrupt(f"{mpath} is damaged ({what}); {REBUILD}")

    if not isinstance(manifest, dict):
        bad("not a JSON object")
    if manifest.get("format") != FORMAT_VERSION:
        raise IndexCorrupt(f"{mpath.parent}/ holds index format {manifest.get('format')!r}, this qa reads format "
                           f"{FORMAT_VERSION}; {REBUILD}")
    shapes = {"embedder": dict, "files": dict, "documents": dict, "paragraphs": int, "index_type": str,
              "index_params": dict}
    for key, kind in shapes.items():
        if not isinstance(manifest.get(key), kind):
            bad(f"{key!r} missing or not a {kind.__name__}")
    emb, files = manifest["embedder"], manifest["files"]
    if not isinstance(emb.get("name"), str) or not isinstance(emb.get("dim"), int):
        bad("embedder name or dim")
    for key in ("vectors", "paragraphs"):
        if not isinstance(files.get(key), str) or "/" in files[key] or files[key].startswith("."):
            bad(f"files.{key}")
    if not isinstance(files.get("checksums"), dict):
        bad("no checksums")
    for name, entry in files["checksums"].items():
        if (not isinstance(name, str) or name.startswith((".", "/")) or ".." in name.split("/")
                or not (isinstance(entry, list) and len(entry) == 2 and isinstance(entry[0], int)
                        and isinstance(entry[1], str))):
            bad(f"checksum entry {name!r}")
    for doc_id, meta in manifest["documents"].items():
        if not (isinstance(meta, dict) and isinstance(meta.get("hash"), str) and isinstance(meta.get("title"), str)
                and isinstance(meta.get("source"), str) and isinstance(meta.get("paragraphs"), int)):
            bad(f"document {doc_id!r}")


def _check_article_table(documents: dict, paragraphs, d: Path) -> None:
    """Each article's run of rows must start and end with its own paragraphs (two row reads per
    article): a per-article table that was edited, with the total unchanged, would otherwise serve
    one article's paragraph as another's."""
    row = 0
    for doc_id, meta in documents.items():
        n = meta["paragraphs"]
        if n < 0 or (n and (paragraphs[row].doc_id != doc_id or paragraphs[row + n - 1].doc_id != doc_id)):
            raise IndexCorrupt(f"{d}/: the manifest's rows for {doc_id} hold another article's paragraphs; {REBUILD}")
        row += n


def manifest_stamp(d: Path):
    """The manifest file's identity (inode, size, modification time): a new generation replaces the
    file, so its stamp changes; None when there is none."""
    try:
        st = (Path(d) / MANIFEST).stat()
    except OSError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def _live_generation(d: Path):
    try:
        return json.loads((d / MANIFEST).read_text(encoding="utf-8"))["files"]["generation"]
    except Exception:  # noqa: BLE001 - an unreadable manifest is reported by the load itself
        return None


class Generation:
    """One loaded generation of the folder: manifest, paragraphs (read on demand), FAISS vectors, and
    BM25 (memory-mapped when first searched). Never changed once loaded: a build makes a new one."""

    def __init__(self, directory: Path, manifest: dict, paragraphs: Sequence[Paragraph], index, stamp=None):
        self.dir = directory
        self.manifest = manifest
        self.paragraphs = paragraphs
        self.index = index
        self.stamp = stamp  # the manifest file's identity when read (manifest_stamp)
        self._bm25 = None
        self._names: dict[str, list[range]] | None = None
        self.bm25  # opened now, not at the first question: a later build may delete its files by then

    @property
    def documents(self) -> dict[str, dict]:
        return self.manifest["documents"]

    @property
    def bm25(self):
        """Saved with the index and memory-mapped; None for an index of no paragraphs."""
        name = self.manifest["files"].get("bm25")
        if self._bm25 is None and name:
            from .. import lexical

            self._bm25 = lexical.load(self.dir / name)
        return self._bm25

    def rows_of(self) -> dict[str, list[range]]:
        """Article name -> its runs of rows: documents lie in row order, each a run of rows."""
        if self._names is None:
            runs, row = {}, 0
            for doc_id, meta in self.documents.items():
                runs[doc_id] = range(row, row + meta["paragraphs"])
                row += meta["paragraphs"]
            self._names = {name: [runs[d] for d in ids] for name, ids in article_names(self.documents).items()}
        return self._names

    def vectors(self) -> np.ndarray:
        """The exact embeddings in row order (compressed index kinds keep them in vectors.<g>.npy)."""
        n = self.index.ntotal
        if n == 0:
            return np.zeros((0, self.index.d), dtype=np.float32)
        name = self.manifest["files"].get("vectors_npy")
        if name:
            return np.load(self.dir / name, mmap_mode="r", allow_pickle=False)
        return self.index.reconstruct_n(0, n)

    @classmethod
    def load(cls, directory: Path) -> "Generation":
        """Open the live generation after checking the manifest's shape and every data file against
        the size and SHA-256 it records: damage is an IndexCorrupt naming the file, never a wrong answer.
        A build that replaces the generation while this reads it is waited out (read again)."""
        directory = Path(directory)
        attempts = 3
        for attempt in range(attempts):
            before = _live_generation(directory)
            try:
                return cls._load_once(directory)
            except IndexCorrupt:
                if attempt == attempts - 1 or _live_generation(directory) == before:
                    raise  # damage, not a build swapping generations under this read
        raise AssertionError("unreachable")

    @classmethod
    def _load_once(cls, d: Path) -> "Generation":
        import faiss

        mpath = d / MANIFEST
        if not mpath.exists():
            raise IndexMissing(f"No index in {d}/ (build one with: qa index PATH...)")
        stamp = manifest_stamp(d)
        try:
            manifest = json.loads(mpath.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError, RecursionError) as e:
            raise IndexCorrupt(f"{mpath} is unreadable ({type(e).__name__}); {REBUILD}") from None
        except OSError as e:
            raise IndexCorrupt(f"{mpath} cannot be read ({e.strerror or e}); {REBUILD}") from None
        _check_manifest(manifest, mpath)
        files = manifest["files"]
        for name, (size, digest) in files["checksums"].items():
            p = d / name
            try:
                if p.stat().st_size != size or _file_digest(p) != digest:
                    raise IndexCorrupt(f"{p} is damaged (size or checksum differs from the manifest); {REBUILD}")
            except OSError:
                raise IndexCorrupt(f"{p} is missing or unreadable; {REBUILD}") from None
        names = set(files["checksums"])
        for key in ("vectors", "paragraphs", "vectors_npy"):
            if files.get(key) and files[key] not in names:
                raise IndexCorrupt(f"{mpath} is damaged (no checksum for {files[key]}); {REBUILD}")
        try:
            paragraphs = ParagraphTable(d / files["paragraphs"])
            index = faiss.read_index(str(d / files["vectors"]))
        except (IndexCorrupt, RuntimeError, OSError) as e:
            raise IndexCorrupt(f"{d}/ is damaged ({type(e).__name__}); {REBUILD}") from None
        if (index.ntotal != len(paragraphs) or len(paragraphs) != manifest["paragraphs"]
                or index.d != manifest["embedder"]["dim"]
                or sum(m["paragraphs"] for m in manifest["documents"].values()) != len(paragraphs)):
            raise IndexCorrupt(f"{d}/: vectors, paragraphs and documents disagree; {REBUILD}")
        _check_article_table(manifest["documents"], paragraphs, d)
        if "nprobe" in manifest["index_params"]:
            index.nprobe = int(manifest["index_params"]["nprobe"])
        try:
            return cls(d, manifest, paragraphs, index, stamp)
        except (ValueError, OSError) as e:  # BM25's files, opened with the generation
            raise IndexCorrupt(f"{d}/: its BM25 index is damaged ({type(e).__name__}); {REBUILD}") from None

    @staticmethod
    def write(directory: str | os.PathLike, embedder: dict, documents: dict[str, dict],
              paragraphs: list[Paragraph], vectors: np.ndarray, index_kind: str | None = None,
              ivf_min_vectors: int = IVF_MIN_VECTORS) -> "Generation":
        """Write a new generation and make it live (see the module docstring); index_kind None
        picks by size (index_kind_for)."""
        d = Path(directory)
        d.mkdir(parents=True, exist_ok=True)
        gen = _next_generation(d)
        kind = index_kind or index_kind_for(len(vectors), ivf_min_vectors)
        index, params = make_faiss_index(vectors, kind)
        files = {"generation": gen}
        files.update(_write_vectors(d, gen, index, vectors if kind != "flat" else None))
        files.update(_write_paragraphs(d, gen, paragraphs))
        files["bm25"] = _write_bm25(d, gen, paragraphs)
        files["checksums"] = _checksums(d, [files[k] for k in ("vectors", "vectors_npy", "paragraphs", "bm25")
                                            if files.get(k)])
        manifest = {
            "format": FORMAT_VERSION,
            "embedder": embedder,
            "index_type": kind,
            "index_params": params,
            "files": files,
            "paragraphs": len(paragraphs),
            "documents": documents,
        }
        atomic_write_bytes(d / MANIFEST, (json.dumps(manifest, indent=1, ensure_ascii=False) + "\n").encode())
        stamp = manifest_stamp(d)
        _remove_other_generations(d, gen)
        return Generation(d, manifest, ParagraphTable(d / files["paragraphs"]), index, stamp)


class LocalStore:
    """The Store protocol over an index folder (see the module docstring). An instance reads one
    generation, loaded whole when opened; sync writes the next and returns a new LocalStore for it,
    so questions on this one never see a half-swapped index."""

    backend = "local"

    def __init__(self, directory: str | os.PathLike, generation: Generation | None = None):
        self.dir = Path(directory)
        self.generation = generation

    @classmethod
    def open(cls, directory: str | os.PathLike, must_exist: bool = True) -> "LocalStore":
        """The folder's live generation (IndexMissing/IndexCorrupt when there is none or it is
        damaged); with must_exist=False, nothing is read until a sync."""
        store = cls(directory)
        if must_exist:
            store.generation = Generation.load(store.dir)
        return store

    @property
    def location(self) -> str:
        return f"{self.dir}/"

    # --- reading ------------------------------------------------------------------------------
    def describe(self) -> StoreInfo:
        g = self.generation
        if g is None:
            return StoreInfo("local", self.location, {}, "flat", 0, 0)
        return StoreInfo("local", self.location, dict(g.manifest["embedder"]), g.manifest["index_type"],
                         len(g.documents), len(g.paragraphs))

    @property
    def documents(self) -> dict[str, dict]:
        return self.generation.documents if self.generation else {}

    def __len__(self) -> int:
        return len(self.generation.paragraphs) if self.generation else 0

    def refresh(self) -> None:
        """Nothing to do: a LocalStore holds one generation for its life (changed_elsewhere says when
        another process has written a newer one)."""

    def changed_elsewhere(self) -> bool:
        """Whether the folder's live generation is no longer this store's: another process (`qa index`,
        `qa restore`, a second server) wrote a newer one. One stat of the manifest."""
        stamp = manifest_stamp(self.dir)
        mine = self.generation.stamp if self.generation else None
        return stamp != mine

    def scope(self, articles=None, since: str = "", until: str = "") -> np.ndarray | None:
        """The rows of the articles in scope (base.scoped_doc_ids), or None for all."""
        doc_ids = scoped_doc_ids(self.documents, articles, since, until)
        if doc_ids is None:
            return None
        runs = self.generation.rows_of() if self.generation else {}
        rows = [np.arange(runs[d][0].start, runs[d][0].stop) for d in doc_ids]
        return np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)

    def dense_search(self, vector, depth: int, scope=None) -> list[tuple[int, float]]:
        import faiss

        g = self.generation
        if g is None or not len(self) or (scope is not None and not len(scope)):
            return []
        params = None
        if scope is not None:  # only these rows: FAISS skips the others while it scans
            selector = faiss.IDSelectorBatch(np.ascontiguousarray(scope, dtype=np.int64))
            params = (faiss.SearchParametersIVF(sel=selector, nprobe=g.index.nprobe)
                      if hasattr(g.index, "nprobe") else faiss.SearchParameters(sel=selector))
        q = np.ascontiguousarray(np.asarray(vector, dtype=np.float32).reshape(1, -1))
        scores, found = g.index.search(q, min(depth, len(self)), params=params)
        return [(int(r), float(s)) for r, s in zip(found[0], scores[0]) if r >= 0]

    def lexical_search(self, terms: list[str], depth: int, scope=None) -> list[tuple[int, float]]:
        g = self.generation
        if g is None or not terms or g.bm25 is None or (scope is not None and not len(scope)):
            return []
        mask = None
        if scope is not None:
            mask = np.zeros(len(self), dtype=np.float32)
            mask[scope] = 1.0
        found, scores = g.bm25.retrieve([terms], k=min(depth, len(self)), show_progress=False, weight_mask=mask)
        return [(int(r), float(s)) for r, s in zip(found[0], scores[0]) if s > 0]

    def paragraphs(self, keys) -> dict[int, Paragraph]:
        table = self.generation.paragraphs
        return {int(k): table[int(k)] for k in keys}

    def article_paragraphs(self, doc_id: str) -> list[Paragraph]:
        if doc_id not in self.documents:
            return []
        run = self.generation.rows_of()[doc_id][0]
        return [self.generation.paragraphs[r] for r in run]

    def close(self) -> None:
        self.generation = None

    # --- writing ------------------------------------------------------------------------------
    def sync(self, documents, embedder, report: BuildReport, progress: bool = False,
             ivf_min_vectors: int = IVF_MIN_VECTORS, lock_wait: float = 600.0, say=None) -> "LocalStore":
        """Make the folder's index hold exactly ``documents``, under the folder's writer lock: the
        live generation is read again inside the lock (another process may have written one), its
        unchanged documents' rows and vectors are reused, and a new generation is written only when
        something changed. Returns the store to read from now."""
        with IndexLock(self.dir, wait=lock_wait, say=say):
            current = self._current_for(embedder, report)
            try:
                plan = self._plan(documents, current, report)
            except IndexCorrupt as e:  # damage the checksums could not see (e.g. the per-article table)
                report.__init__(warnings=report.warnings, rebuilt_because=f"rebuilding: {e}")
                current = None
                plan = self._plan(documents, None, report)
            if plan is None:  # the index on disk already matches
                return LocalStore(self.dir, current)
            paragraphs, vec_parts, new_docs, to_embed = plan
            texts = [passage_text(p.title, p.text) for _, paras in to_embed for p in paras]
            # Nothing new to embed (only removals): don't load the embedding model for it.
            fresh = embedder.encode_documents(texts, progress=progress) if texts else None
            report.embedded = len(texts)
            pos = 0
            for slot, paras in to_embed:
                vec_parts[slot] = fresh[pos:pos + len(paras)]
                pos += len(paras)
            parts = [v for v in vec_parts if v is not None and len(v)]
            vectors = np.concatenate(parts) if parts else np.zeros((0, embedder.dim), np.float32)
            try:
                made_by = {"name": embedder.name, "dim": int(embedder.dim), "backend": embedder.backend}
                generation = Generation.write(self.dir, made_by, new_docs, paragraphs, vectors,
                                              ivf_min_vectors=ivf_min_vectors)
            except OSError as e:  # disk full, read-only folder: the previous generation is still live
                raise IndexWriteFailed(f"Could not write the index in {self.dir}/ ({e.strerror or type(e).__name__}); "
                                       "the previous index is unchanged.") from None
        return LocalStore(self.dir, generation)

    def _current_for(self, embedder, report: BuildReport) -> Generation | None:
        """The live generation if it can be reused with this embedder, else None (and why, in report)."""
        try:
            current = Generation.load(self.dir)
        except IndexMissing:
            return None
        except IndexCorrupt as e:
            report.rebuilt_because = f"rebuilding: {e}"
            return None
        why = embedder_mismatch(current.manifest["embedder"], embedder)
        if why:
            report.rebuilt_because = f"rebuilding: {why}"
            return None
        return current

    @staticmethod
    def _plan(documents, current: Generation | None, report: BuildReport):
        """(paragraphs, vector parts, document records, what to embed) for the new generation,
        reusing the unchanged documents' rows and vectors; None when it would hold exactly these.
        Each reused row must belong to its document (the per-article table is checked against the
        data, not trusted): a mismatch is IndexCorrupt, and the caller rebuilds."""
        old_docs = current.documents if current else {}
        runs = current.rows_of() if current else {}
        plan = plan_sync(documents, old_docs, report)
        old_vectors = current.vectors() if current and plan.documents else None
        embed_now = {doc.doc_id: paras for doc, paras in plan.to_embed}
        paragraphs, vec_parts, to_embed = [], [], []
        for doc_id in plan.documents:
            if doc_id in embed_now:
                paragraphs += embed_now[doc_id]
                vec_parts.append(None)  # filled after one batched embedding call
                to_embed.append((len(vec_parts) - 1, embed_now[doc_id]))
                continue
            rows = list(runs[doc_id][0])
            kept = [current.paragraphs[r] for r in rows]
            if any(p.doc_id != doc_id for p in kept):
                raise IndexCorrupt(f"{current.dir}/: the manifest's rows for {doc_id} hold another article's "
                                   "paragraphs")
            paragraphs += kept
            vec_parts.append(old_vectors[rows])
        if current and not report.changed and list(old_docs) == list(plan.documents):
            return None
        return paragraphs, vec_parts, plan.documents, to_embed


GENERATION_FILE = re.compile(r"(?:faiss|paragraphs|vectors|bm25)\.(\d+)(?:\.index|\.jsonl|\.npy)?")


def _next_generation(d: Path) -> int:
    old = {}
    try:
        old = json.loads((d / MANIFEST).read_text(encoding="utf-8")).get("files", {})
    except (OSError, ValueError, AttributeError, RecursionError):
        pass
    gen = int(old.get("generation", 0)) + 1 if isinstance(old, dict) else 1
    while any(d.glob(f"*.{gen}.*")) or (d / f"bm25.{gen}").exists():
        gen += 1  # leftovers of a killed build: never overwrite, just skip the number
    return gen


def _write_vectors(d: Path, gen: int, index, exact: np.ndarray | None) -> dict:
    """FAISS's own format; for compressed kinds also the exact vectors (float16 .npy) for rebuilds."""
    import faiss

    files = {"vectors": f"faiss.{gen}.index"}
    data = faiss.serialize_index(index).tobytes()
    atomic_write_bytes(d / files["vectors"], data)
    files["vectors_bytes"] = len(data)
    if exact is not None:
        files["vectors_npy"] = f"vectors.{gen}.npy"
        tmp = d / f".vectors.{gen}.npy.tmp"
        with open(tmp, "wb") as f:
            np.save(f, np.asarray(exact, dtype=np.float16), allow_pickle=False)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, d / files["vectors_npy"])
    return files


def _write_paragraphs(d: Path, gen: int, paragraphs: list[Paragraph]) -> dict:
    name, size = f"paragraphs.{gen}.jsonl", 0

    def rows():
        nonlocal size
        for p in paragraphs:
            line = (json.dumps(asdict(p), ensure_ascii=False) + "\n").encode("utf-8")
            size += len(line)
            yield line

    atomic_write_bytes(d / name, rows())
    return {"paragraphs": name, "paragraphs_bytes": size}


def _write_bm25(d: Path, gen: int, paragraphs: list[Paragraph]) -> str | None:
    if not paragraphs:
        return None
    from .. import lexical

    name = f"bm25.{gen}"
    lexical.save(lexical.build(passage_text(p.title, p.text) for p in paragraphs), d / name)
    return name


def _remove_other_generations(d: Path, gen: int) -> None:
    """The new generation is live; older data files, killed builds' temp files and the lock file of
    older versions are garbage. Only generations older than the live one are ever removed."""
    for f in d.iterdir():
        m = GENERATION_FILE.fullmatch(f.name)
        if (m and int(m.group(1)) < gen) or re.fullmatch(r"\..+\.tmp", f.name) or f.name == ".lock":
            if f.is_dir():
                shutil.rmtree(f, ignore_errors=True)
            else:
                f.unlink(missing_ok=True)
