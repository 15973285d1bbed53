"""The Store protocol over a Milvus collection (Milvus >= 2.5, or milvus-lite's server for tests).

Two collections per index name N:
- ``N``: one row per paragraph version: the paragraph's fields, its document's content hash, the
  dense vector, and ``terms`` (title + text as qa's BM25 tokens) from which Milvus's own BM25
  function computes the sparse vector on the server: no client-side BM25 index, at any size.
- ``N_docs``: the manifest: a ``meta`` row (format, embedder name and dimension, dense index
  kind, a version bumped by every change) and one row per document (title, source, date, hash,
  paragraph count, position in the corpus). Several chat servers share it; each checks the
  version before a question and reloads the document list when another one changed it.

Safety: a paragraph row's key is a hash of (document hash, paragraph id), so a document's new
version is written beside the old one; then its document row is switched to the new hash (one
upsert); only then are the old version's rows deleted. Searches keep only rows whose hash is the
live one, so an ingest killed at any point leaves every article answerable, in its old or its
new version, and a later sync finishes the job (same keys: upserts, never duplicates).

The BM25 terms are tokenised here, with the local store's tokeniser (stop words out, English
stems), and the server only splits them on spaces: milvus-lite 3.2.2 ignores analyzer filter
chains (stop words and stemmers; measured: "the" still matches), so letting the server analyse
the raw text would rank differently on lite and on Milvus, and both differently from the local
store. With the same terms, BM25 ranks the same everywhere.
"""
from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections import OrderedDict

from ..embed import passage_text
from ..errors import QAError
from ..types import Paragraph, article_file
from .base import (IVF_MIN_VECTORS, BuildReport, IndexMissing, StoreInfo, StoreUnavailable, embedder_mismatch,
                   index_kind_for, plan_sync, scoped_doc_ids)

FORMAT_VERSION = 1
# Seconds one call may take (the milvus_timeout setting): a dead server fails at once, a hung one after this.
TIMEOUT = 5.0
WRITE_BATCH = 512  # paragraph rows per upsert
EMBED_CHUNK = 4096  # paragraphs embedded and written per step: a killed ingest keeps what it wrote
QUERY_LIMIT = 16384  # Milvus's cap on rows per query
META_KEY = "meta"
DOC_PREFIX = "doc:"
VARCHAR_MAX = 65535
# Dense index per size, at the local store's threshold: exact (FLAT) below IVF_MIN_VECTORS, HNSW from
# there on (ef 128 at search). Not IVF_SQ8 as in the local store: milvus-lite 3.2.2's IVF loses hits
# after an index rebuild over several segments (8 of 10 asked for on 19 vectors, none under a
# filter; its HNSW and FLAT return all), so IVF could not be tested here. Memory per index kind at
# 10M-100M vectors: docs/scale-out.md.
MILVUS_INDEX_TYPES = {"flat": "FLAT", "hnsw": "HNSW"}
HNSW_PARAMS = {"M": 16, "efConstruction": 200, "ef": 128}

log = logging.getLogger("qa")


def quote(value: str) -> str:
    """A string literal for a Milvus filter expression (milvus-lite has no filter templates)."""
    return json.dumps(value, ensure_ascii=False)


def row_key(doc_hash: str, paragraph_id: str) -> str:
    return hashlib.sha1(f"{doc_hash}\0{paragraph_id}".encode("utf-8", "surrogatepass")).hexdigest()


def bm25_terms(texts: list[str]) -> list[str]:
    """qa's BM25 terms of each text, space-separated (see the module docstring); "_" for none,
    so that every row has a document for Milvus's BM25 function."""
    from .. import lexical

    return [" ".join(t) or "_" for t in lexical.terms(texts)]


def dense_index_params(kind: str, n: int) -> dict:
    if kind == "flat":
        return {}
    return dict(HNSW_PARAMS)


def _quiet_pymilvus():
    # pymilvus logs every failed call with a traceback at ERROR; qa reports failures itself.
    for name in ("pymilvus", "pymilvus.decorators", "grpc"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


PARAGRAPH_FIELDS = ["paragraph_id", "doc_id", "doc_hash", "title", "text", "start", "end"]


SEEN_PARAGRAPHS = 4096  # paragraphs of recent search results kept for paragraphs(): no second round trip


class MilvusStore:
    """The Store protocol over a Milvus collection (see the module docstring)."""

    backend = "milvus"

    def __init__(self, uri: str, collection: str = "qa", timeout: float = TIMEOUT):
        try:
            from pymilvus import MilvusClient
        except ImportError:
            raise QAError("A Milvus store needs pymilvus: pip install 'qa[milvus]' (or pymilvus).") from None
        _quiet_pymilvus()  # after the import: pymilvus sets its logging up when imported
        self.uri, self.collection, self.timeout = uri, collection or "qa", timeout
        self.docs_collection = f"{self.collection}_docs"
        self.meta: dict = {}
        self._documents: dict[str, dict] = {}
        self._hashes: dict[str, str] = {}
        self.paragraph_count = 0
        self._broken = False
        self._seen: OrderedDict = OrderedDict()  # key -> Paragraph of recent search results
        self._seen_lock = threading.Lock()
        self._connect = lambda: MilvusClient(uri=uri, timeout=timeout)
        self.client = None
        self.client = self._call("cannot be reached", self._connect)

    @property
    def location(self) -> str:
        return f"{self.uri} (collection {self.collection})"

    # --- errors -----------------------------------------------------------------------------
    def _call(self, what: str, fn):
        """Run one client call; any failure becomes a StoreUnavailable naming the server. After a
        failure the next call connects afresh (pymilvus's channel does not come back by itself when
        a restarted server is back)."""
        try:
            if self._broken:
                self.client = self._connect()
                self._broken = False
            try:
                return fn()
            except Exception as e:  # noqa: BLE001
                text = str(getattr(e, "message", "") or e).lower()
                if "released" not in text and "not loaded" not in text:
                    raise
                # A restarted server may come back with the collections released (milvus-lite
                # does; Milvus reloads them itself): load them and try once more.
                for name in (self.collection, self.docs_collection):
                    self.client.load_collection(name, timeout=max(self.timeout, 60))
                return fn()
        except QAError:
            raise
        except Exception as e:  # noqa: BLE001 - MilvusException, gRPC errors, timeouts: all one message
            self._broken = True
            reason = getattr(e, "message", None) or str(e) or type(e).__name__
            reason = " ".join(str(reason).split())[:200]
            raise StoreUnavailable(f"Milvus at {self.uri} {what} ({reason}). Is the server running, and is "
                                   "--store / QA_STORE right?") from None

    # --- reading ----------------------------------------------------------------------------
    @classmethod
    def open(cls, uri: str, collection: str = "qa", timeout: float = TIMEOUT, must_exist: bool = True) -> "MilvusStore":
        """The collection's index (IndexMissing when there is none, with must_exist); without
        must_exist, only connected: a sync creates the collections."""
        store = cls(uri, collection, timeout)
        if not must_exist:
            return store
        if not store.exists():
            raise IndexMissing(f"No index in collection {store.collection!r} at {uri} (build one with: "
                               f"qa index PATH... --store {uri} --collection {store.collection})")
        store.refresh(force=True)
        return store

    def exists(self) -> bool:
        return self._call("cannot be reached", lambda: self.client.has_collection(self.collection)
                          and self.client.has_collection(self.docs_collection))

    def _read_meta(self) -> dict:
        rows = self._call("failed to read the index", lambda: self.client.get(
            self.docs_collection, ids=[META_KEY], output_fields=["info"], timeout=self.timeout))
        return dict(rows[0]["info"]) if rows else {}

    def refresh(self, force: bool = False) -> None:
        """Reload the document list when the collection changed since it was read (another server's
        upload, a batch job): one primary-key read per call."""
        meta = self._read_meta()
        if not meta:
            raise IndexMissing(f"Collection {self.collection!r} at {self.uri} has no qa manifest; build it with: "
                               f"qa index PATH... --store {self.uri} --collection {self.collection}")
        if meta.get("format") != FORMAT_VERSION:
            raise QAError(f"Collection {self.collection!r} at {self.uri} holds qa index format "
                          f"{meta.get('format')!r}; this qa reads {FORMAT_VERSION}. Index into another "
                          "--collection, or drop this one and index again.")
        if force or meta.get("version") != self.meta.get("version"):
            docs = {}
            for row in self._query_all(self.docs_collection, f'key like "{DOC_PREFIX}%"', ["key", "info"]):
                docs[row["key"][len(DOC_PREFIX):]] = dict(row["info"])
            ordered = sorted(docs.items(), key=lambda kv: (kv[1].get("order", 0), kv[0]))
            self._documents = {d: {k: v for k, v in info.items() if k != "order"} for d, info in ordered}
            self._hashes = {d: info["hash"] for d, info in ordered}
            self.paragraph_count = sum(info["paragraphs"] for info in self._documents.values())
        self.meta = meta

    def _query_all(self, collection: str, expr: str, fields: list[str]) -> list[dict]:
        def run():
            it = self.client.query_iterator(collection, filter=expr, output_fields=fields, batch_size=4096,
                                            timeout=self.timeout)
            out = []
            try:
                while batch := it.next():
                    out.extend(batch)
            finally:
                it.close()
            return out

        return self._call("failed to read the index", run)

    @property
    def documents(self) -> dict[str, dict]:
        return self._documents

    def __len__(self) -> int:
        return self.paragraph_count

    def describe(self) -> StoreInfo:
        return StoreInfo("milvus", self.location, dict(self.meta.get("embedder", {})),
                         self.meta.get("index_type", "flat"), len(self._documents), self.paragraph_count)

    def changed_elsewhere(self) -> bool:
        """Never: refresh() follows other writers in place (rows are keyed by content, not position)."""
        return False

    def close(self) -> None:
        if self.client is not None:
            try:
                self.client.close()
            except Exception:  # noqa: BLE001 - closing a dead connection
                pass

    def _live(self, row: dict) -> bool:
        return self._hashes.get(row["doc_id"]) == row["doc_hash"]

    @staticmethod
    def _paragraph(row: dict) -> Paragraph:
        return Paragraph(id=row["paragraph_id"], doc_id=row["doc_id"], title=row["title"], text=row["text"],
                         start=int(row["start"]), end=int(row["end"]))

    def article_paragraphs(self, doc_id: str) -> list[Paragraph]:
        """The live version's paragraphs of one article, in reading order."""
        want = self._hashes.get(doc_id)
        if want is None:
            return []
        rows = self._call("failed to read an article", lambda: self.client.query(
            self.collection, filter=f"doc_id == {quote(doc_id)} and doc_hash == {quote(want)}",
            output_fields=PARAGRAPH_FIELDS, limit=QUERY_LIMIT, timeout=self.timeout))
        return sorted((self._paragraph(r) for r in rows), key=lambda p: p.number)

    def scope(self, articles=None, since: str = "", until: str = "") -> str | None:
        """A filter expression keeping the articles in scope (base.scoped_doc_ids); None for all."""
        doc_ids = scoped_doc_ids(self._documents, articles, since, until)
        if doc_ids is None:
            return None
        return f"doc_id in {quote(doc_ids)}" if doc_ids else 'doc_id == ""'  # "": no document has that id

    def _search(self, data, field: str, depth: int, scope, params: dict) -> list[tuple[str, float]]:
        """(key, score) of the live rows among one search's results; their paragraphs are kept for
        paragraphs(). Stale rows (an ingest in progress or killed) are dropped after the search, so a
        few more are asked for."""
        limit = min(16384, depth + 8)
        hits = self._call("failed to search", lambda: self.client.search(
            self.collection, data=[data], anns_field=field, limit=limit, filter=scope or "",
            output_fields=PARAGRAPH_FIELDS, search_params=params, timeout=self.timeout)[0])
        out = []
        with self._seen_lock:
            for h in hits:
                row = h["entity"]
                if not self._live(row):
                    continue
                key = h.get("key") or row.get("key") or h.get("id")
                self._seen[key] = self._paragraph(row)
                self._seen.move_to_end(key)
                # milvus-lite reports BM25 as a negative distance, Milvus as a positive score: the
                # order is the ranking either way, and the size is the BM25 score.
                out.append((key, abs(float(h["distance"]))))
            while len(self._seen) > SEEN_PARAGRAPHS:
                self._seen.popitem(last=False)
        return out[:depth]

    def dense_search(self, vector, depth: int, scope=None) -> list[tuple[str, float]]:
        ef = {k: v for k, v in self.meta.get("index_params", {}).items() if k == "ef"}
        return self._search(list(map(float, vector)), "vector", depth, scope, {"metric_type": "IP", "params": ef})

    def lexical_search(self, terms: list[str], depth: int, scope=None) -> list[tuple[str, float]]:
        if not terms:
            return []
        return [(k, s) for k, s in self._search(" ".join(terms), "sparse", depth, scope, {"metric_type": "BM25"})
                if s > 0]

    def paragraphs(self, keys) -> dict[str, Paragraph]:
        keys = list(keys)
        with self._seen_lock:
            out = {k: self._seen[k] for k in keys if k in self._seen}
        missing = [k for k in keys if k not in out]
        if missing:
            rows = self._call("failed to read the index", lambda: self.client.get(
                self.collection, ids=missing, output_fields=PARAGRAPH_FIELDS, timeout=self.timeout))
            out.update({r["key"]: self._paragraph(r) for r in rows})
        return out

    # --- writing ----------------------------------------------------------------------------
    def _create(self, dim: int) -> None:
        from pymilvus import DataType, Function, FunctionType, MilvusClient

        client = self.client
        if not client.has_collection(self.collection):
            schema = MilvusClient.create_schema(auto_id=False)
            schema.add_field("key", DataType.VARCHAR, max_length=64, is_primary=True)
            for name in ("paragraph_id", "doc_id", "article", "title", "source", "text"):
                schema.add_field(name, DataType.VARCHAR, max_length=VARCHAR_MAX)
            schema.add_field("doc_hash", DataType.VARCHAR, max_length=64)
            schema.add_field("terms", DataType.VARCHAR, max_length=VARCHAR_MAX, enable_analyzer=True,
                             analyzer_params={"tokenizer": "standard"})
            schema.add_field("start", DataType.INT64)
            schema.add_field("end", DataType.INT64)
            schema.add_field("sparse", DataType.SPARSE_FLOAT_VECTOR)
            schema.add_field("vector", DataType.FLOAT_VECTOR, dim=dim)
            schema.add_function(Function(name="bm25", function_type=FunctionType.BM25,
                                         input_field_names=["terms"], output_field_names=["sparse"]))
            index = client.prepare_index_params()
            index.add_index("vector", index_type=MILVUS_INDEX_TYPES["flat"], metric_type="IP")
            index.add_index("sparse", index_type="SPARSE_INVERTED_INDEX", metric_type="BM25")
            client.create_collection(self.collection, schema=schema, index_params=index,
                                     consistency_level="Strong", timeout=self.timeout)
        if not client.has_collection(self.docs_collection):
            schema = MilvusClient.create_schema(auto_id=False)
            schema.add_field("key", DataType.VARCHAR, max_length=VARCHAR_MAX, is_primary=True)
            schema.add_field("info", DataType.JSON)
            schema.add_field("v", DataType.FLOAT_VECTOR, dim=2)  # Milvus wants a vector field in every collection
            index = client.prepare_index_params()
            index.add_index("v", index_type="FLAT", metric_type="L2")
            client.create_collection(self.docs_collection, schema=schema, index_params=index,
                                     consistency_level="Strong", timeout=self.timeout)

    def _put_docs(self, rows: dict[str, dict]) -> None:
        data = [{"key": k, "info": info, "v": [0.0, 0.0]} for k, info in rows.items()]
        for i in range(0, len(data), WRITE_BATCH):
            self.client.upsert(self.docs_collection, data[i:i + WRITE_BATCH], timeout=self.timeout)

    def _write_meta(self, meta: dict) -> None:
        self._put_docs({META_KEY: meta})
        self.meta = meta

    def _write_rows(self, doc, paragraphs: list[Paragraph], vectors) -> None:
        terms = bm25_terms([passage_text(p.title, p.text) for p in paragraphs])
        rows = [{"key": row_key(doc.hash, p.id), "paragraph_id": p.id, "doc_id": p.doc_id,
                 "article": article_file(p.doc_id), "title": p.title, "source": doc.source, "text": p.text,
                 "doc_hash": doc.hash, "terms": t, "start": p.start, "end": p.end,
                 "vector": [float(x) for x in v]}
                for p, v, t in zip(paragraphs, vectors, terms)]
        for i in range(0, len(rows), WRITE_BATCH):
            self.client.upsert(self.collection, rows[i:i + WRITE_BATCH], timeout=self.timeout)

    def sync(self, documents, embedder, report: BuildReport, progress: bool = False,
             ivf_min_vectors: int = IVF_MIN_VECTORS, lock_wait: float = 600.0, say=None) -> "MilvusStore":
        """Make the collection hold exactly ``documents`` (see the module docstring for the order of
        writes); fills ``report`` as the local build does. A collection that is not qa's (another
        application's, with no qa manifest) is refused, never written."""

        def run():
            exists = self.exists()
            meta = self._sync_manifest(exists, embedder)
            old = dict(self._documents)
            plan = plan_sync(documents, old, report)
            new_docs = {d: dict(info, order=order) for order, (d, info) in enumerate(plan.documents.items())}
            leftovers = list(meta.get("pending", []))
            if exists and not report.changed and list(old) == list(new_docs) and not leftovers:
                return
            # What this sync is about to change is recorded first: if it is killed, the next sync
            # deletes whatever it left that is not the live version (rows of a half-written version).
            changing = [doc.doc_id for doc, _ in plan.to_embed] + report.removed
            meta = dict(meta, pending=sorted(set(leftovers + changing)), version=int(meta.get("version", 0)) + 1)
            self._write_meta(meta)
            for doc_id in leftovers:
                live = old.get(doc_id)
                expr = f"doc_id == {quote(doc_id)}" + (f" and doc_hash != {quote(live['hash'])}" if live else "")
                self.client.delete(self.collection, filter=expr, timeout=self.timeout)
            self._write_changed(plan.to_embed, old, new_docs, embedder, report, progress)
            self._finish_sync(old, new_docs, report, meta, ivf_min_vectors)

        self._call("failed while indexing", run)
        self.refresh(force=True)
        return self

    def _sync_manifest(self, exists: bool, embedder) -> dict:
        """The collection's manifest, checked against the embedder; a new collection (and manifest)
        where there is none. Refuses a collection that is not qa's."""
        meta = self._read_meta() if exists else {}
        if not meta and (self.client.has_collection(self.collection)
                         or self.client.has_collection(self.docs_collection)):
            raise QAError(f"Collection {self.collection!r} at {self.uri} exists but is not a qa index (no qa "
                          "manifest); it was left alone. Index into another --collection.")
        if meta:
            why = embedder_mismatch(meta.get("embedder", {}), embedder)
            if why:
                raise QAError(f"Collection {self.collection!r} at {self.uri}: {why}. Index into another "
                              "--collection, or set QA_EMBEDDER / QA_EMBEDDER_BACKEND to match.")
            self.refresh(force=True)
            return meta
        self._create(embedder.dim)
        self._documents, self._hashes = {}, {}
        return {"format": FORMAT_VERSION, "index_type": "flat", "index_params": {}, "version": 0,
                "embedder": {"name": embedder.name, "dim": int(embedder.dim), "backend": embedder.backend}}

    def _write_changed(self, work, old: dict, new_docs: dict, embedder, report: BuildReport, progress: bool) -> None:
        """New and changed documents, a chunk of paragraphs at a time: rows, then the document's row
        (the switch), then the old version's rows."""
        chunk: list = []
        for n, item in enumerate(work):
            chunk.append(item)
            if sum(len(p) for _, p in chunk) >= EMBED_CHUNK or n == len(work) - 1:
                texts = [passage_text(p.title, p.text) for _, paras in chunk for p in paras]
                vectors = embedder.encode_documents(texts, progress=progress)
                report.embedded += len(texts)
                pos = 0
                for doc, paras in chunk:
                    self._write_rows(doc, paras, vectors[pos:pos + len(paras)])
                    pos += len(paras)
                    self._put_docs({DOC_PREFIX + doc.doc_id: new_docs[doc.doc_id]})
                    if doc.doc_id in old:
                        self.client.delete(self.collection, filter=f"doc_id == {quote(doc.doc_id)} and "
                                           f"doc_hash != {quote(doc.hash)}", timeout=self.timeout)
                chunk = []

    def _finish_sync(self, old: dict, new_docs: dict, report: BuildReport, meta: dict, ivf_min_vectors: int) -> None:
        """Moved and removed documents, the segments sealed, the dense index kind for the new size, and
        the manifest with nothing pending."""
        # Unchanged documents whose place in the corpus moved keep their rows; only the order changes.
        # ... and unchanged documents whose duplicate link changed (another copy came or went).
        moved = {DOC_PREFIX + d: info for d, info in new_docs.items()
                 if d in old and d in report.unchanged and (list(old).index(d) != info["order"]
                                                            or old[d].get("duplicate_of", "") != info["duplicate_of"])}
        if moved:
            self._put_docs(moved)
        for doc_id in report.removed:  # its document row first: from then on its rows are not live
            self.client.delete(self.docs_collection, ids=[DOC_PREFIX + doc_id], timeout=self.timeout)
            self.client.delete(self.collection, filter=f"doc_id == {quote(doc_id)}", timeout=self.timeout)
        # Seal what was written into indexed segments: milvus-lite searches unsealed rows by a
        # scan (20k paragraphs: ~1 s per search before, 50-110 ms after; benchmarks/milvus.py).
        for name in (self.collection, self.docs_collection):
            self.client.flush(name, timeout=max(self.timeout, 600))
        kind = "flat" if index_kind_for(report.paragraphs, ivf_min_vectors) == "flat" else "hnsw"
        params = dense_index_params(kind, report.paragraphs)
        if kind != meta.get("index_type"):
            self._rebuild_dense_index(kind, params)
        self._write_meta(dict(meta, index_type=kind, index_params=params, pending=[],
                              version=int(meta.get("version", 0)) + 1))

    def _rebuild_dense_index(self, kind: str, params: dict) -> None:
        """Switch the dense index kind (the corpus crossed ivf_min_vectors): questions wait for it."""
        client = self.client
        client.release_collection(self.collection, timeout=self.timeout)
        client.drop_index(self.collection, "vector", timeout=self.timeout)
        index = client.prepare_index_params()
        index.add_index("vector", index_type=MILVUS_INDEX_TYPES[kind], metric_type="IP",
                        params={k: v for k, v in params.items() if k != "ef"})
        client.create_index(self.collection, index, timeout=max(self.timeout, 600))
        client.load_collection(self.collection, timeout=max(self.timeout, 600))

    def drop(self) -> None:
        """Remove both collections (tests and benchmarks)."""
        for name in (self.collection, self.docs_collection):
            self._call("failed to drop the index", lambda n=name: self.client.has_collection(n)
                       and self.client.drop_collection(n))
