"""Hostile files through indexing and the upload path, and property-based tests of the parsers, the
follow-up rewriter and the question box: nothing raises past its clear error, nothing else is lost."""
import shutil
import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qa import uploads
from qa.documents import load_corpus, load_file, printable_path, split_paragraphs
from qa.errors import BadInput, QAError
from qa.followups import resolve
from qa.indexing import build_index
from qa.retrieve import Retriever

from conftest import SEED
from hostile import hostile_files

# Files whose readable parts are indexed; every other hostile file is skipped with a warning naming it.
READABLE = {"nested.jsonl", "bigint.jsonl", "surrogate.jsonl", "not_objects.jsonl", "latin1.txt",
            "no_sentences.txt", "deep.html", "broken.html", "crlf_bom.md"}


@pytest.fixture(scope="module")
def hostile_corpus(tmp_path_factory):
    d = tmp_path_factory.mktemp("hostile") / "corpus"
    d.mkdir()
    for name, data in hostile_files().items():
        (d / name).write_bytes(data)
    shutil.copy(SEED, d / SEED.name)
    return d


def test_one_bad_file_never_stops_the_others(hostile_corpus, tmp_path, embedder):
    report = build_index(hostile_corpus, tmp_path / "index", embedder=embedder, progress=False)
    indexed = {d.split("#")[0] for d in report.added}
    assert SEED.name in indexed and READABLE <= indexed
    # A name that is not UTF-8 is skipped with a warning naming its bytes (the folder watch cannot name it either).
    assert not any("bad" in d and d.endswith("name.txt") for d in indexed)
    assert any("not UTF-8" in w and "name.txt" in w for w in report.warnings), report.warnings
    for name in set(hostile_files()) - READABLE - {n for n in hostile_files() if n.startswith("bad")}:
        assert any(name in w for w in report.warnings), (name, report.warnings)
    assert any("nested deeper than 50" in w for w in report.warnings)
    assert any("4300 digits" in w for w in report.warnings)
    assert any("expands past pypdf's limits" in w for w in report.warnings)
    retriever = Retriever.load(tmp_path / "index", embedder)
    assert all(len(p.text) <= 1000 for d in retriever.documents for p in retriever.article_paragraphs(d))  # the 150 KB run-on text was cut
    hits = retriever.search("What did Peskov say about the talks?", k=1)
    assert hits[0].doc_id == SEED.name


def test_hostile_uploads_are_refused_or_taken_never_a_crash(hostile_corpus, tmp_path):
    folder = tmp_path / "uploaded"
    for src in sorted(hostile_corpus.iterdir()):
        name = printable_path(src.name)
        try:
            dest = uploads.add_file(src, name, folder)
        except BadInput as e:
            assert str(e)  # a clear message
            continue
        assert dest.parent == folder and dest.read_bytes() == src.read_bytes()
    taken = {p.name for p in folder.iterdir()}
    assert SEED.name in taken and "bomb.pdf" not in taken and "unsupported.exe" not in taken


@pytest.fixture()
def disk_full_after_a_build(corpus, tmp_path, embedder, monkeypatch):
    """An index of the corpus, one more article added, then every index write fails with ENOSPC: the index."""
    import errno

    import qa.stores.local

    index = tmp_path / "index"
    build_index(corpus, index, embedder=embedder, progress=False)
    (corpus / "more.txt").write_text("More\n\nAnother article about the harbour and its new ferry timetable.")

    def full(path, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(qa.stores.local, "atomic_write_bytes", full)
    return index



def test_a_full_disk_or_unwritable_folder_is_one_error_and_the_old_index_stays(corpus, tmp_path, embedder,
                                                                                monkeypatch, disk_full_after_a_build):
    index = disk_full_after_a_build
    with pytest.raises(QAError, match="No space left on device.*previous index is unchanged"):
        build_index(corpus, index, embedder=embedder, progress=False)
    monkeypatch.undo()
    assert len(Retriever.load(index, embedder)) == 15
    blocked = tmp_path / "a_file"
    blocked.write_text("not a folder")
    with pytest.raises(QAError, match="Cannot use the index folder"):
        build_index(corpus, blocked / "index", embedder=embedder, progress=False)


def test_a_server_whose_index_cannot_be_updated_serves_the_one_it_has(corpus, tmp_path, disk_full_after_a_build):
    """A full disk at start-up: the page says so, without a server path, and answers from the old index
    (the next start tries again)."""
    from qa.service import Service

    index = disk_full_after_a_build
    service = Service([str(corpus)], index, corpus)
    service._load()
    assert service.ready and service.error is None
    status = service.status()
    assert "Ready: 1 article." in status and "No space left on device" in status
    assert str(tmp_path) not in status and "the index folder" in status
    assert "Peskov" in service.ask("Who is the Russian government spokesman?").answer.text


# -- properties -----------------------------------------------------------------------------------

texts = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)) | st.sampled_from("\n\r\t .!?\"“”"),
                max_size=3000)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=texts, ext=st.sampled_from([".txt", ".md", ".html", ".jsonl"]))
def test_any_text_file_reads_or_is_refused_clearly(tmp_path_factory, body, ext):
    f = tmp_path_factory.mktemp("p") / f"a{ext}"
    f.write_bytes(body.encode("utf-8", "surrogatepass"))
    warnings = []
    try:
        docs = load_file(f, warnings=warnings)
    except BadInput:
        return
    for doc in docs:
        paras = split_paragraphs(doc)
        for p in paras:
            assert doc.text[p.start:p.end] == p.text and 0 < len(p.text) <= 1000
            p.text.encode("utf-8")  # always storable


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=4000), ext=st.sampled_from([".txt", ".pdf", ".jsonl", ".html"]))
def test_any_bytes_in_a_corpus_never_raise(tmp_path_factory, data, ext):
    d = tmp_path_factory.mktemp("b")
    (d / f"x{ext}").write_bytes(data)
    docs, warnings = load_corpus(d)  # never raises: a document, or a warning naming the file
    assert docs or any("x" + ext in w for w in warnings)


words = st.sampled_from(["he", "she", "they", "it", "that", "and", "what", "about", "Lavrov", "Peskov", "NATO",
                         "when", "was", "did", "say", "the", "talks", "?", "U.S.", "her", "their", "Who", "is"])


@settings(max_examples=300, deadline=None)
@given(q=st.lists(words, min_size=1, max_size=10).map(" ".join),
       prev=st.lists(words, min_size=0, max_size=10).map(" ".join),
       answer=st.text(alphabet=string.ascii_letters + " .", max_size=40))
def test_the_rewriter_always_returns_a_question(q, prev, answer):
    out = resolve(q, [(prev, answer)])
    assert isinstance(out, str) and out.strip()
    assert resolve(q, []) == " ".join(q.split())  # no history, no rewrite


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=st.text(max_size=1500))
def test_the_question_box_takes_anything(assistant, q):
    try:
        reply = assistant.ask(q)
    except BadInput as e:
        assert not q.strip() or len(q) > 1000, str(e)
        return
    if reply.answer:
        assert reply.hit.text[reply.answer.start:reply.answer.end] == reply.answer.text
