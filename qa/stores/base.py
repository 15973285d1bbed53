"""What a store does (the ``Store`` protocol), and what every store shares: the sync plan (which
documents are new, changed, unchanged or gone), the embedder check, and the article-name filter.

A new backend (Qdrant, OpenSearch, pgvector...) is one module implementing ``Store`` plus one line
in ``open_store`` (stores/__init__.py); docs/scale-out.md lists what it has to do.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Hashable, Iterable, Mapping, Protocol, runtime_checkable

from ..errors import BadInput, QAError
from ..types import Paragraph, article_file

# From this many vectors on, compressed/approximate dense search (local: IVF with 8-bit codes; Milvus:
# HNSW): at 1M paragraphs flat search takes 262 ms p50 against 36 ms, and RSS 2.6 against 1.5 GB
# (results/scale.json).
IVF_MIN_VECTORS = 200_000


class IndexMissing(QAError):
    pass


class IndexCorrupt(QAError):
    pass


class IndexBusy(QAError):
    pass


class StoreUnavailable(QAError):
    pass


class IndexWriteFailed(QAError):
    """A build could not write (a full disk, a read-only folder); the previous index is unchanged."""


def index_kind_for(n: int, ivf_min_vectors: int = IVF_MIN_VECTORS) -> str:
    """Exact flat scan for small corpora; the compressed kind from ivf_min_vectors on.

    IVF-SQ8 rather than HNSW at 1M (local store): a quarter of flat's RAM (384 B per vector against
    ~1.8 KB for HNSW-flat), a build of minutes rather than tens of minutes on 2 cores, and search in
    single-digit ms (benchmarks/RESULTS.md, session 2).
    """
    return "ivf-sq8" if n >= ivf_min_vectors else "flat"


@dataclass
class BuildReport:
    """What a sync changed (both stores fill it alike)."""
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


@dataclass(frozen=True)
class StoreInfo:
    """What a store says about itself."""
    backend: str  # "local", "milvus"
    location: str  # shown to the user: "index/" or "http://host:19530 (collection qa)"
    embedder: Mapping[str, Any]  # {"name", "dim", "backend"} of the paragraph vectors; {} when empty
    index_type: str  # the dense index: "flat", "ivf-sq8", "hnsw"
    documents: int
    paragraphs: int

    @property
    def embedder_name(self) -> str:
        return str(self.embedder.get("name", ""))


@runtime_checkable
class Store(Protocol):
    """An index of paragraphs: dense vectors, BM25 terms, and the documents they came from.

    Keys are the store's own handle on a paragraph (a row number, a primary key); they mean
    something only to the store that returned them. A ``scope`` (from ``scope()``) limits a search
    to some articles; None searches them all.
    """
    backend: str

    def describe(self) -> StoreInfo: ...

    @property
    def documents(self) -> Mapping[str, dict]:
        """doc_id -> {title, source, date, hash, paragraphs}, in corpus order."""

    def __len__(self) -> int:
        """Paragraphs held."""

    def sync(self, documents, embedder, report: BuildReport, progress: bool = False,
             ivf_min_vectors: int = IVF_MIN_VECTORS, lock_wait: float = 600.0) -> "Store":
        """Make the store hold exactly ``documents`` (embedding only what is new or changed), fill
        ``report``, and return the store to read from now (this one, or a fresh one)."""

    def refresh(self) -> None:
        """See what another writer changed since this store was read (cheap when nothing did)."""

    def changed_elsewhere(self) -> bool:
        """Whether another writer replaced what this store reads, so that the owner should open the
        store again (a store that follows other writers in place with refresh() says False)."""

    def scope(self, articles: Iterable[str] | None = None, since: str = "", until: str = "") -> Any:
        """A search scope: these article names (see check_names; BadInput names an unknown one) and/or
        articles dated within [since, until] (ISO dates; an undated article is in no range); None: all."""

    def dense_search(self, vector, depth: int, scope: Any = None) -> list[tuple[Hashable, float]]:
        """(key, cosine) of the ``depth`` nearest paragraphs, best first."""

    def lexical_search(self, terms: list[str], depth: int, scope: Any = None) -> list[tuple[Hashable, float]]:
        """(key, BM25 score > 0) of the ``depth`` best paragraphs for qa's BM25 terms, best first."""

    def paragraphs(self, keys: Iterable[Hashable]) -> dict[Hashable, Paragraph]:
        """The paragraphs behind keys a search of this store returned."""

    def article_paragraphs(self, doc_id: str) -> list[Paragraph]:
        """One article's paragraphs in reading order ([] when it is not held)."""

    def close(self) -> None: ...


@dataclass
class SyncPlan:
    """The documents after the sync (doc_id -> metadata, corpus order) and those to (re-)embed."""
    documents: dict[str, dict]
    to_embed: list[tuple[Any, list[Paragraph]]]  # (Document, its paragraphs)

    @property
    def doc_ids_to_embed(self) -> set[str]:
        return {doc.doc_id for doc, _ in self.to_embed}


def plan_sync(documents, old: Mapping[str, dict], report: BuildReport, reusable=lambda doc_id: True) -> SyncPlan:
    """Compare the corpus with what a store holds (``old``: doc_id -> metadata with its ``hash``):
    unchanged documents keep their paragraphs (when ``reusable`` says the store still has them),
    new and changed ones are split to be embedded; fills report.added/updated/unchanged/removed."""
    from ..documents import split_paragraphs

    from ..duplicates import duplicates, signature

    new_docs, to_embed = {}, []
    for doc in documents:
        prev = old.get(doc.doc_id)
        meta = {"title": doc.title, "source": doc.source, "hash": doc.hash, "date": doc.date}
        same = prev and prev.get("hash") == doc.hash
        meta["minhash"] = prev["minhash"] if same and prev.get("minhash") else signature(doc.text)
        if same and reusable(doc.doc_id):
            meta["paragraphs"] = int(prev["paragraphs"])
            report.unchanged.append(doc.doc_id)
        else:
            paras = split_paragraphs(doc)
            meta["paragraphs"] = len(paras)
            to_embed.append((doc, paras))
            (report.updated if prev else report.added).append(doc.doc_id)
        new_docs[doc.doc_id] = meta
    repeats = duplicates({d: m["minhash"] for d, m in new_docs.items()})
    for doc_id, meta in new_docs.items():
        meta["duplicate_of"] = repeats.get(doc_id, "")  # the same story under another name, first in the corpus
    report.removed = [d for d in old if d not in new_docs]
    report.paragraphs = sum(m["paragraphs"] for m in new_docs.values())
    return SyncPlan(new_docs, to_embed)


def embedder_mismatch(recorded: Mapping[str, Any], embedder, queries_only: bool = False) -> str:
    """Why vectors recorded as made by ``recorded`` ({name, dim, backend}) cannot be used with
    ``embedder`` ("" when they can). Questions only need the same model (``queries_only``); the
    paragraphs' runtime matters when documents are added beside the old ones."""
    if not recorded:
        return ""
    if recorded.get("name") != embedder.name:
        return f"the vectors were made by embedder {recorded.get('name')!r}, and {embedder.name!r} is configured"
    if recorded.get("dim") is not None and int(recorded["dim"]) != int(embedder.dim):
        return f"the vectors have dimension {recorded['dim']}, the embedder makes {embedder.dim}"
    made_on = recorded.get("backend", "torch")  # indexes from before runtimes were recorded: torch
    if not queries_only and made_on != embedder.backend:
        return (f"the vectors were made on {made_on}, and the embedder now runs on {embedder.backend} "
                "(QA_EMBEDDER_BACKEND)")
    return ""


def article_names(documents: Iterable[str]) -> dict[str, list[str]]:
    """The names an article can be picked by (its document id, and its file as the corpus names it:
    "news.jsonl" for all its records) -> the document ids they pick, in corpus order."""
    names: dict[str, list[str]] = {}
    for doc_id in documents:
        for name in dict.fromkeys((doc_id, article_file(doc_id))):
            names.setdefault(name, []).append(doc_id)
    return names


def scoped_doc_ids(documents: Mapping[str, dict], articles=None, since: str = "", until: str = "") -> list[str] | None:
    """The document ids a scope keeps, in corpus order (None: no scope, every document): those the
    article names pick, dated within [since, until]. Both stores scope through this one rule."""
    from ..dates import in_range

    if not articles and not since and not until:
        return None
    picked = set(documents)
    if articles:
        names = article_names(documents)
        picked = {d for name in check_names(articles, names) for d in names[name]}
    return [d for d in documents if d in picked and in_range(documents[d].get("date", ""), since, until)]


def check_names(articles: Iterable[str], known: Mapping[str, Any]) -> set[str]:
    """The wanted names, or BadInput naming those no article has."""
    wanted = set(articles)
    missing = wanted - known.keys()
    if missing:
        raise BadInput(f"No article named {', '.join(sorted(missing))} in the index.")
    return wanted
