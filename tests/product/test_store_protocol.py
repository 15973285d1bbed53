"""The Store protocol's behaviour, checked the same way on every backend: sync, search, filters,
remove, reload, describe, and the checks written once beside the protocol (the sync plan, the
embedder check). The local store runs in the fast lane with a tiny deterministic embedder; the
Milvus half (conftest.store's "milvus" parameter: a milvus-lite server CI starts) in the slow lane."""
import json
import shutil

import pytest

from qa.errors import BadInput, QAError
from qa.indexing import sync_index
from qa.retrieve import Retriever
from qa.stores import BuildReport, Store, open_store
from qa.stores.base import article_names, embedder_mismatch, plan_sync
from qa.types import Document

from conftest import DATA, SEED

BRIDGE_Q = "harbour footbridge metres long council"
PESKOV_Q = "Peskov talks concrete results"


def corpus_of(folder, *files):
    folder.mkdir(exist_ok=True)
    for f in files:
        shutil.copy(f, folder / f.name)
    return folder


def sync(corpus, store, embedder, **kw):
    location, collection = store
    return sync_index(corpus, location, embedder=embedder, progress=False, collection=collection, **kw)


def test_sync_search_filter_remove_reload(store, tmp_path, tiny_embedder):
    corpus = corpus_of(tmp_path / "c", SEED)
    report, live = sync(corpus, store, tiny_embedder)
    assert isinstance(live, Store) and report.added == [SEED.name] and report.embedded == 15
    info = live.describe()
    assert (info.documents, info.paragraphs, info.embedder["name"], info.embedder["dim"]) == \
        (1, 15, tiny_embedder.name, tiny_embedder.dim)

    again, _ = sync(corpus, store, tiny_embedder)  # nothing changed: nothing embedded
    assert not again.changed and again.embedded == 0 and again.unchanged == [SEED.name]

    shutil.copy(DATA / "harbour_bridge.md", corpus / "harbour_bridge.md")
    added, live = sync(corpus, store, tiny_embedder)
    assert added.added == ["harbour_bridge.md"] and added.embedded == 4  # only the new article
    r = Retriever(live, tiny_embedder)
    assert list(r.documents) == ["harbour_bridge.md", SEED.name] and len(r) == 19  # corpus order
    assert r.search(BRIDGE_Q, k=1)[0].doc_id == "harbour_bridge.md"
    assert r.search(PESKOV_Q, k=1)[0].doc_id == SEED.name
    within = r.search(PESKOV_Q, k=5, articles=["harbour_bridge.md"])
    assert within and {h.doc_id for h in within} == {"harbour_bridge.md"}
    with pytest.raises(BadInput, match="No article named nope.md"):
        r.search(PESKOV_Q, articles=["nope.md"])
    paragraphs = r.article_paragraphs("harbour_bridge.md")
    assert [p.number for p in paragraphs] == [1, 2, 3, 4] and "240 metres" in r.article_text("harbour_bridge.md")

    (corpus / "harbour_bridge.md").unlink()
    removed, live = sync(corpus, store, tiny_embedder)
    assert removed.removed == ["harbour_bridge.md"] and removed.embedded == 0
    location, collection = store
    reloaded = Retriever.load(location, tiny_embedder, collection=collection)  # a fresh process's view
    assert list(reloaded.documents) == [SEED.name] and len(reloaded) == 15
    assert reloaded.article_paragraphs("harbour_bridge.md") == []
    assert all(h.doc_id == SEED.name for h in reloaded.search(BRIDGE_Q, k=10))


def test_dense_and_lexical_search_through_the_protocol(store, tmp_path, tiny_embedder):
    from qa.lexical import query_tokens

    _, live = sync(corpus_of(tmp_path / "c", SEED, DATA / "harbour_bridge.md"), store, tiny_embedder)
    vector = tiny_embedder.encode([BRIDGE_Q])[0]
    dense = live.dense_search(vector, 5)
    lexical = live.lexical_search(query_tokens(BRIDGE_Q), 5)
    assert len(dense) == 5 and [s for _, s in dense] == sorted((s for _, s in dense), reverse=True)
    assert lexical and all(s > 0 for _, s in lexical)
    found = live.paragraphs([k for k, _ in dense + lexical])
    assert found[lexical[0][0]].doc_id == "harbour_bridge.md"
    scope = live.scope([SEED.name])
    assert {found_p.doc_id for found_p in live.paragraphs([k for k, _ in live.dense_search(vector, 5, scope)]).values()} \
        == {SEED.name}
    assert live.lexical_search([], 5) == []


def test_a_changed_embedder_is_refused_or_rebuilt(store, tmp_path, tiny_embedder):
    location, collection = store
    corpus = corpus_of(tmp_path / "c", SEED)
    sync(corpus, store, tiny_embedder)

    class Other(type(tiny_embedder)):
        name = "tests/other-model"

    if location.startswith("http"):  # a shared collection is never rebuilt behind other servers' backs
        with pytest.raises(QAError, match="tests/other-model"):
            sync(corpus, store, Other())
    else:
        report, _ = sync(corpus, store, Other())
        assert "tests/other-model" in report.rebuilt_because and report.embedded == 15
    with pytest.raises(QAError, match="cannot be searched"):
        Retriever.load(location, Other() if location.startswith("http") else tiny_embedder, collection=collection)


def test_the_manifest_per_article_table_is_checked_and_repaired(tmp_path, tiny_embedder):
    corpus = corpus_of(tmp_path / "c", SEED, DATA / "harbour_bridge.md")
    index = tmp_path / "index"
    sync(corpus, (str(index), None), tiny_embedder)
    manifest = json.loads((index / "manifest.json").read_text())
    docs = manifest["documents"]
    docs["harbour_bridge.md"]["paragraphs"] += 2  # total unchanged: the rows now point at the wrong article
    docs[SEED.name]["paragraphs"] -= 2
    (index / "manifest.json").write_text(json.dumps(manifest))
    from qa.stores import IndexCorrupt

    with pytest.raises(IndexCorrupt, match="another article's paragraphs"):  # never served as it is
        Retriever.load(str(index), tiny_embedder)
    report, live = sync(corpus, (str(index), None), tiny_embedder)
    assert "another article's paragraphs" in report.rebuilt_because and report.embedded == 19
    r = Retriever(live, tiny_embedder)
    assert {p.doc_id for p in r.article_paragraphs("harbour_bridge.md")} == {"harbour_bridge.md"}
    assert len(r.article_paragraphs("harbour_bridge.md")) == 4


def test_open_store_chooses_the_backend_in_one_place(tmp_path):
    from qa.stores import BACKENDS, IndexMissing, as_location, is_remote
    from qa.stores.local import LocalStore

    assert is_remote("http://127.0.0.1:19530") and not is_remote(str(tmp_path))
    assert set(BACKENDS) >= {"http://", "https://"}
    assert as_location("index").name == "index" and as_location("http://h:1") == "http://h:1"
    empty = open_store(tmp_path / "nothing", must_exist=False)
    assert isinstance(empty, LocalStore) and len(empty) == 0 and empty.describe().documents == 0
    with pytest.raises(IndexMissing, match="No index in"):
        open_store(tmp_path / "nothing")


def test_the_sync_plan_is_written_once():
    def doc(doc_id, text):
        return Document(doc_id=doc_id, title=doc_id, text=text, source=doc_id, hash=str(hash(text)))

    old = {"a.md": {"hash": str(hash("same")), "paragraphs": 1}, "gone.md": {"hash": "x", "paragraphs": 2}}
    report = BuildReport()
    plan = plan_sync([doc("a.md", "same"), doc("b.md", "new text here.")], old, report)
    assert report.unchanged == ["a.md"] and report.added == ["b.md"] and report.removed == ["gone.md"]
    assert list(plan.documents) == ["a.md", "b.md"] and plan.doc_ids_to_embed == {"b.md"}
    assert report.paragraphs == 1 + len(plan.to_embed[0][1])


def test_the_embedder_check_is_written_once(tiny_embedder):
    made = {"name": tiny_embedder.name, "dim": 64, "backend": "numpy"}
    assert embedder_mismatch(made, tiny_embedder) == "" and embedder_mismatch({}, tiny_embedder) == ""
    assert "dimension 32" in embedder_mismatch(dict(made, dim=32), tiny_embedder)
    assert "made on torch" in embedder_mismatch(dict(made, backend="torch"), tiny_embedder)
    assert embedder_mismatch(dict(made, backend="torch"), tiny_embedder, queries_only=True) == ""
    assert article_names(["news.jsonl#1", "news.jsonl#2", "a.md"]) == {
        "news.jsonl#1": ["news.jsonl#1"], "news.jsonl": ["news.jsonl#1", "news.jsonl#2"],
        "news.jsonl#2": ["news.jsonl#2"], "a.md": ["a.md"]}


def test_a_store_keeps_serving_after_another_process_builds_and_sees_it(tmp_path, tiny_embedder):
    index = str(tmp_path / "index")
    corpus = corpus_of(tmp_path / "c", SEED)
    _, first = sync(corpus, (index, None), tiny_embedder)
    old = Retriever(first, tiny_embedder)
    assert not first.changed_elsewhere()
    shutil.copy(DATA / "harbour_bridge.md", corpus / "harbour_bridge.md")
    sync(corpus, (index, None), tiny_embedder)  # as `qa index` in another process: the old files are deleted
    assert first.changed_elsewhere()
    hits = old.search(PESKOV_Q, k=3)  # BM25 and paragraphs of the old generation are still open
    assert hits and hits[0].doc_id == SEED.name and old.store.lexical_search(["peskov"], 3)
    fresh = Retriever.load(index, tiny_embedder)
    assert not fresh.store.changed_elsewhere() and "harbour_bridge.md" in fresh.documents


def test_the_writer_lock_is_on_the_folder_and_a_read_only_index_is_served(tmp_path, tiny_embedder):
    import os
    import stat

    from qa.stores import IndexBusy
    from qa.stores.local import IndexLock

    index = tmp_path / "index"
    corpus = corpus_of(tmp_path / "c", SEED)
    sync(corpus, (str(index), None), tiny_embedder)
    assert not (index / ".lock").exists()  # no lock file anyone could delete mid-build
    with IndexLock(index, wait=0):
        with pytest.raises(IndexBusy, match="Another build"):
            with IndexLock(index, wait=0.3):
                pass
    if os.geteuid() != 0:  # root writes anywhere: a read-only folder means nothing to it
        index.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        report, live = sync(corpus, (str(index), None), tiny_embedder)  # up to date: nothing written
        assert not report.changed and Retriever(live, tiny_embedder).search(PESKOV_Q, k=1)
    finally:
        index.chmod(stat.S_IRWXU)


def test_a_deeply_nested_manifest_is_a_damaged_index_not_a_crash(tmp_path, tiny_embedder):
    from qa.stores import IndexCorrupt

    index = tmp_path / "index"
    corpus = corpus_of(tmp_path / "c", SEED)
    sync(corpus, (str(index), None), tiny_embedder)
    (index / "manifest.json").write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(IndexCorrupt, match="unreadable"):
        Retriever.load(str(index), tiny_embedder)
    report, live = sync(corpus, (str(index), None), tiny_embedder)  # `qa index` repairs it
    assert "rebuilding" in report.rebuilt_because and len(live) == 15


def dated_corpus(folder):
    folder.mkdir()
    for name, day, text in (("jan.md", "2022-01-05", "The bid for the harbour company was 530 pence a share."),
                            ("feb.md", "February 2, 2022", "The bid for the harbour company rose to 600 pence."),
                            ("undated.md", "", "The harbour company's bid was discussed by the board.")):
        dated = f"Date: {day}\n\n" if day else ""
        (folder / name).write_text(f"Harbour bid {name}\n\n{dated}{text}\n")
    return folder


def test_dates_filter_alike_on_every_store(store, tmp_path, tiny_embedder):
    _, live = sync(dated_corpus(tmp_path / "c"), store, tiny_embedder)
    assert {d: m["date"] for d, m in live.documents.items()} == {"feb.md": "2022-02-02", "jan.md": "2022-01-05",
                                                                  "undated.md": ""}
    r = Retriever(live, tiny_embedder)
    q = "harbour company bid pence"
    assert {h.doc_id for h in r.search(q, k=5)} == {"jan.md", "feb.md", "undated.md"}
    assert {h.doc_id: h.date for h in r.search(q, k=5)}["jan.md"] == "2022-01-05"
    assert [h.doc_id for h in r.search(q, k=5, since="2022-02-01")] == ["feb.md"]
    assert [h.doc_id for h in r.search(q, k=5, until="2022-01")] == ["jan.md"]
    assert {h.doc_id for h in r.search(q, k=5, since="2022")} == {"jan.md", "feb.md"}  # the undated one is in no range
    assert r.search(q, k=5, since="2023-01-01") == []
    assert [h.doc_id for h in r.search(q, k=5, articles=["jan.md", "undated.md"], since="2022-01-01")] == ["jan.md"]
    with pytest.raises(BadInput, match="until must be a date"):
        r.search(q, until="soon")


def test_one_story_once_on_every_store(store, tmp_path, tiny_embedder):
    """A story saved twice (the same text under a new headline and file name) is marked as a duplicate
    of the first, and its paragraphs never come back twice from one search."""
    corpus = corpus_of(tmp_path / "c", SEED, DATA / "harbour_bridge.md")
    text = SEED.read_text(encoding="utf-8").split("\n", 1)[1]
    (corpus / "zz_resaved.txt").write_text("Talks on Russia and Ukraine, re-saved\n" + text, encoding="utf-8")
    _, live = sync(corpus, store, tiny_embedder)
    docs = live.documents
    assert docs["zz_resaved.txt"]["duplicate_of"] == SEED.name
    assert docs[SEED.name]["duplicate_of"] == "" and docs["harbour_bridge.md"]["duplicate_of"] == ""
    r = Retriever(live, tiny_embedder)
    hits = r.search(PESKOV_Q, k=10)
    texts = [" ".join(h.text.split()) for h in hits]
    assert len(hits) == 10 and len(set(texts)) == len(texts)  # never the same paragraph twice
    assert "zz_resaved.txt" not in {h.doc_id for h in hits}  # the story is cited by its original
    (corpus / SEED.name).unlink()  # the original goes: the re-save is no longer a duplicate
    _, live = sync(corpus, store, tiny_embedder)
    assert live.documents["zz_resaved.txt"]["duplicate_of"] == ""


def test_minhash_finds_near_duplicates_only():
    from qa.duplicates import duplicates, signature, similarity

    a = SEED.read_text(encoding="utf-8")
    new_headline = "Officials meet over Russia\n" + a.split("\n", 1)[1]
    half = a[:len(a) // 2] + " an entirely different second half about a harbour bridge and its cost" * 30
    other = (DATA / "harbour_bridge.md").read_text(encoding="utf-8")
    sigs = {"a": signature(a), "b": signature(new_headline), "c": signature(half), "d": signature(other)}
    assert similarity(sigs["a"], sigs["b"]) >= 0.9 and similarity(sigs["a"], sigs["d"]) < 0.2
    assert duplicates(sigs) == {"b": "a"} and signature(a) == sigs["a"]  # stable: stored in the index
