"""One store suite, run against both stores: the local folder (FAISS + bm25s) and Milvus (a
milvus-lite server the session starts, see conftest.milvus). With MILVUS_URI=http://host:19530 the
Milvus half runs against that Milvus instead (the opt-in check against a real one); the test that
kills and restarts a server always uses a milvus-lite of its own."""
import shutil
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from qa.errors import BadInput, QAError
from qa.indexing import build_index
from qa.retrieve import Retriever

from conftest import DATA, ROOT, SEED, milvus_lite, new_collection

PESKOV = "What did Peskov say about the talks?"
BRIDGE = "How long will the harbour footbridge be?"


def two_articles(folder):
    folder.mkdir()
    shutil.copy(SEED, folder / SEED.name)
    shutil.copy(DATA / "harbour_bridge.md", folder / "harbour_bridge.md")
    return folder


def load(store, embedder):
    location, collection = store
    return Retriever.load(location, embedder, collection=collection)


def build(paths, store, embedder, **kw):
    location, collection = store
    return build_index(paths, location, embedder=embedder, progress=False, collection=collection, **kw)


def test_add_reload_update_remove(store, corpus, embedder):
    r1 = build(corpus, store, embedder)
    assert r1.added == [SEED.name] and r1.embedded == 15
    r2 = build(corpus, store, embedder)  # nothing changed: nothing embedded, nothing written
    assert r2.embedded == 0 and not r2.changed and r2.unchanged == [SEED.name]
    assert "Peskov" in load(store, embedder).search(PESKOV, k=1)[0].text

    shutil.copy(DATA / "harbour_bridge.md", corpus / "harbour_bridge.md")
    r3 = build(corpus, store, embedder)
    assert r3.added == ["harbour_bridge.md"] and r3.embedded == 4  # only the new article
    retriever = load(store, embedder)
    assert len(retriever) == 19 and list(retriever.documents) == ["harbour_bridge.md", SEED.name]  # corpus order
    hits = retriever.search(BRIDGE, k=3)
    assert hits[0].doc_id == "harbour_bridge.md" and hits[0].source.endswith("harbour_bridge.md")
    assert any("240 metres" in h.text for h in hits)

    f = corpus / SEED.name  # an update: the new version replaces the old, paragraphs not doubled
    f.write_text(f.read_text() + "\n\nA new closing paragraph about the Geneva talks scheduled for January 10.\n")
    r4 = build(corpus, store, embedder)
    assert r4.updated == [SEED.name] and r4.embedded == 16
    retriever = load(store, embedder)
    paragraphs = retriever.article_paragraphs(SEED.name)
    assert len(paragraphs) == 16 and len({p.id for p in paragraphs}) == 16
    assert "January 10" in paragraphs[-1].text and "January 10" in retriever.article_text(SEED.name)
    hits = retriever.search("When are the Geneva talks scheduled?", k=19)
    assert len({h.paragraph.id for h in hits}) == len(hits) == 19

    (corpus / "harbour_bridge.md").unlink()
    r5 = build(corpus, store, embedder)
    assert r5.removed == ["harbour_bridge.md"] and r5.embedded == 0
    retriever = load(store, embedder)
    assert list(retriever.documents) == [SEED.name] and len(retriever) == 16
    assert all(h.doc_id == SEED.name for h in retriever.search(BRIDGE, k=10))
    assert retriever.article_paragraphs("harbour_bridge.md") == []


@pytest.mark.parametrize("ivf", [False, True])
def test_search_within_chosen_articles(store, tmp_path, embedder, ivf):
    corpus = two_articles(tmp_path / "c")
    build(corpus, store, embedder, ivf_min_vectors=1 if ivf else 10**9)
    r = load(store, embedder)
    info = r.store.describe()
    assert info.index_type == ({"local": "ivf-sq8", "milvus": "hnsw"}[info.backend] if ivf else "flat")
    assert r.search(PESKOV, k=3)[0].doc_id == SEED.name
    within = r.search(PESKOV, k=3, articles=["harbour_bridge.md"])
    assert within and all(h.doc_id == "harbour_bridge.md" for h in within)
    both = r.search(PESKOV, k=19, articles=["harbour_bridge.md", SEED.name])
    assert {h.doc_id for h in both} == {SEED.name, "harbour_bridge.md"} and len(both) == 19
    with pytest.raises(BadInput, match="No article named nope.md"):
        r.search(PESKOV, articles=["nope.md"])


def test_assistant_answers_uploads_and_forgets_removed_articles(store, corpus, embedder, reader):
    from qa.assistant import Assistant

    from qa.indexing import sync_index

    location, collection = store
    report, loaded = sync_index(corpus, location, embedder=embedder, progress=False, collection=collection)
    assert report.added == [SEED.name]
    assistant = Assistant(Retriever(loaded, embedder), reader, corpus, location, collection=collection)
    reply = assistant.ask("Who is the spokesman of the Russian government?")
    assert reply.answer is not None and "Peskov" in reply.answer.text
    shutil.copy(DATA / "harbour_bridge.md", corpus / "harbour_bridge.md")  # an upload
    assert assistant.reindex().added == ["harbour_bridge.md"]
    reply = assistant.ask("How much will the harbour bridge cost?")
    assert reply.answer is not None and "14 million euros" in reply.answer.text
    assert reply.hit.source.endswith("harbour_bridge.md")
    (corpus / "harbour_bridge.md").unlink()  # a removal
    assert assistant.reindex().removed == ["harbour_bridge.md"]
    reply = assistant.ask("How much will the harbour bridge cost?")
    assert reply.answer is None or "14 million" not in reply.answer.text
    assert all(h.doc_id == SEED.name for h in reply.hits)


# An ingest killed with SIGKILL at a chosen point: the child patches one write to say "STALL" and
# hang there. Points: local, after the new generation's vector file; Milvus, after the new
# version's rows (before its document row switches) and after the switch (before the old rows go).
STALL_POINTS = {
    "local": ["""
        import qa.stores.local as s
        real = s.atomic_write_bytes
        def stall(path, data):
            real(path, data)
            print("STALL", flush=True); time.sleep(120)
        s.atomic_write_bytes = stall
    """],
    "milvus": ["""
        import qa.stores.milvus as m
        real = m.MilvusStore._write_rows
        def stall(self, *a):
            real(self, *a)
            print("STALL", flush=True); time.sleep(120)
        m.MilvusStore._write_rows = stall
    """, """
        import qa.stores.milvus as m
        real = m.MilvusStore._put_docs
        def stall(self, rows):
            real(self, rows)
            print("STALL", flush=True); time.sleep(120)
        m.MilvusStore._put_docs = stall
    """],
}


@pytest.mark.parametrize("kind, point", [("local", 0), ("milvus", 0), ("milvus", 1)])
def test_ingest_killed_leaves_every_article_answerable(request, tmp_path, embedder, kind, point):
    if kind == "local":
        store = location, collection = str(tmp_path / "index"), None
    else:
        store = location, collection = request.getfixturevalue("milvus").uri, new_collection(request.node.name)
    corpus = two_articles(tmp_path / "c")
    build(corpus, store, embedder)
    old = {p.id: p.text for p in load(store, embedder).article_paragraphs(SEED.name)}
    f = corpus / SEED.name
    f.write_text(f.read_text().replace("Peskov", "Dmitry Peskov") + "\n\nA new closing paragraph about the Geneva talks scheduled for January 10.\n")
    child = textwrap.dedent("import time\n") + textwrap.dedent(STALL_POINTS[kind][point]) + textwrap.dedent(f"""
        from qa.indexing import build_index
        build_index({str(corpus)!r}, {location!r}, progress=False, collection={collection!r})
    """)
    proc = subprocess.Popen([sys.executable, "-c", child], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        line = proc.stdout.readline()
        assert line.startswith("STALL"), f"the child ingest did not reach its stall point: {line!r}"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    retriever = load(store, embedder)
    for question, doc in ((PESKOV, SEED.name), (BRIDGE, "harbour_bridge.md")):
        hits = retriever.search(question, k=25, articles=[doc])
        assert hits and len({h.paragraph.id for h in hits}) == len(hits)  # one version, never both
    paragraphs = retriever.article_paragraphs(SEED.name)
    assert len(paragraphs) in (len(old), len(old) + 1) and len({p.id for p in paragraphs}) == len(paragraphs)
    report = build(corpus, store, embedder)  # the next ingest finishes the job
    assert report.updated == [SEED.name] or (kind == "milvus" and point == 1 and not report.changed)
    retriever = load(store, embedder)
    texts = [p.text for p in retriever.article_paragraphs(SEED.name)]
    assert len(texts) == len(old) + 1 and "Geneva" in texts[-1] and len(retriever) == len(texts) + 4


# --- Milvus only: the two stores agree; failures are one clear message ------------------------

def test_milvus_search_matches_the_local_store(milvus, tmp_path, embedder):
    corpus = two_articles(tmp_path / "c")
    build_index(corpus, tmp_path / "local", embedder=embedder, progress=False)
    collection = new_collection("parity")
    build_index(corpus, milvus.uri, embedder=embedder, progress=False, collection=collection)
    local = Retriever.load(tmp_path / "local", embedder)
    remote = Retriever.load(milvus.uri, embedder, collection=collection)
    questions = [PESKOV, BRIDGE, "Who met in Geneva?", "What did Blinken say?", "the council vote on the bridge",
                 "NATO expansion", "Ryabkov security guarantees"]
    for q in questions:
        a, b = local.search(q, k=5), remote.search(q, k=5)
        assert [h.paragraph.id for h in a] == [h.paragraph.id for h in b], q
        assert [h.score for h in a] == pytest.approx([h.score for h in b], abs=1e-4), q
        assert [(h.dense_rank, h.bm25_rank) for h in a] == [(h.dense_rank, h.bm25_rank) for h in b], q
        assert [h.paragraph for h in a] == [h.paragraph for h in b]


def test_milvus_failures_are_one_clear_message(milvus, tmp_path, corpus, embedder):
    from qa.stores import IndexMissing, StoreUnavailable

    dead = milvus_lite(tmp_path / "unused")  # a port nothing listens on
    with pytest.raises(StoreUnavailable, match=f"Milvus at {dead.uri} cannot be reached"):
        Retriever.load(dead.uri, embedder)
    with pytest.raises(IndexMissing, match="No index in collection 'absent'"):
        Retriever.load(milvus.uri, embedder, collection="absent")
    collection = new_collection("dims")
    build_index(corpus, milvus.uri, embedder=embedder, progress=False, collection=collection)

    class Wider:
        name, dim, backend = "other/model", 768, "torch"

    with pytest.raises(QAError, match=r"made by embedder 'sentence-transformers/all-MiniLM-L6-v2', and "
                                      r"'other/model' is configured"):
        build_index(corpus, milvus.uri, embedder=Wider(), progress=False, collection=collection)
    # the command line: one error line, no traceback
    for args in (["search", "talks", "--store", dead.uri], ["ask", "Who?", "--store", milvus.uri, "--collection", "absent"]):
        r = subprocess.run([sys.executable, "-m", "qa", *args], capture_output=True, text=True, cwd=ROOT, timeout=120)
        assert r.returncode == 2 and r.stderr.startswith("error: ") and "Traceback" not in r.stderr, r.stderr
        assert len(r.stderr.strip().splitlines()) == 1


def test_a_hung_milvus_is_an_error_within_the_timeout(tmp_path, corpus, embedder):
    from qa.stores import StoreUnavailable
    from qa.stores.milvus import MilvusStore

    server = milvus_lite(tmp_path / "data").start()
    try:
        build_index(corpus, server.uri, embedder=embedder, progress=False, collection="hung")
        store = MilvusStore.open(server.uri, "hung", timeout=2.0)
        vector = embedder.encode(["Peskov"])[0]
        assert store.dense_search(vector, 5) and store.lexical_search(["peskov"], 5)
        server.proc.send_signal(signal.SIGSTOP)  # alive, listening, answering nothing
        try:
            with pytest.raises(StoreUnavailable, match=f"Milvus at {server.uri} failed"):
                store.dense_search(vector, 5)
        finally:
            server.proc.send_signal(signal.SIGCONT)
    finally:
        server.stop()


def test_milvus_server_killed_mid_conversation_then_back(tmp_path, corpus, embedder, reader):
    from qa.assistant import Assistant
    from qa.stores import StoreUnavailable

    server = milvus_lite(tmp_path / "data").start()
    try:
        assistant = Assistant.from_corpus(corpus, store=server.uri, collection="chat", progress=False)
        assistant.reader, assistant.cache_size = reader, 0
        assert "Peskov" in assistant.ask("Who is the spokesman of the Russian government?").answer.text
        server.kill()
        with pytest.raises(StoreUnavailable, match=f"Milvus at {server.uri} failed .* Is the server running"):
            assistant.ask("What did Ryabkov say?")
        server.start()  # back, same data: the same assistant answers again (gRPC may need a second to reconnect)
        for attempt in range(20):
            try:
                reply = assistant.ask("Who is the spokesman of the Russian government?")
                break
            except StoreUnavailable:
                time.sleep(0.5)
        assert "Peskov" in reply.answer.text
    finally:
        server.stop()
