import json

import pytest

from qa.errors import BadInput
from qa.indexing import build_index
from qa.lexical import query_tokens
from qa.retrieve import Retriever


def test_peskov_paragraph_ranks_first(retriever):
    hits = retriever.search("What did Peskov say about the talks?", k=5)
    assert len(hits) == 5
    assert "Peskov" in hits[0].text
    h = hits[0]
    assert h.doc_id == "nato_russia_talks.txt" and h.title.startswith("US, NATO officials")
    assert h.paragraph_id.startswith("nato_russia_talks.txt:") and h.end > h.start
    assert [x.score for x in hits] == sorted((x.score for x in hits), reverse=True)


@pytest.mark.parametrize("query, must_contain", [
    ("Who welcomed Zelenskyy to NATO headquarters?", "welcomed Ukrainian President Volodymyr Zelenskyy"),
    ("What did Lavrov say about war?", "We don’t want a war"),
    ("Organization for Security and Cooperation in Europe", "Organization for Security and Cooperation"),
    ("red line", "“red line”"),
])
def test_relevant_paragraph_in_top_two(retriever, query, must_contain):
    assert any(must_contain in h.text for h in retriever.search(query, k=2))


def test_k_larger_than_corpus_and_empty_query(retriever):
    assert len(retriever.search("talks", k=100)) == 15
    with pytest.raises(BadInput):
        retriever.search("   ", k=3)


def test_one_paragraph_corpus_still_answers_bm25(tmp_path, embedder):
    """Classic BM25 IDF goes to zero or below on tiny corpora; the query must still find it."""
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "one.txt").write_text("Only article\n\nThe harbour bridge opens in May, the mayor said.")
    build_index(tmp_path / "c", tmp_path / "i", embedder=embedder, progress=False)
    r = Retriever.load(tmp_path / "i", embedder)
    assert r.store.lexical_search(query_tokens("harbour bridge mayor"), 5), "BM25 found nothing on a one-paragraph corpus"
    assert r.search("When does the bridge open?", 5)[0].text.startswith("The harbour bridge")
    assert r.search("the of and", 5)  # stop words only: dense retrieval still answers


def test_fusion_weighs_scores_not_just_ranks():
    from qa.retrieve import fuse

    # Row 7 is BM25's runaway best and a close second on cosine: rank fusion would tie it with
    # row 3; score fusion puts it first.
    dense = [(3, 0.62), (7, 0.60), (9, 0.30)]
    sparse = [(7, 24.0), (3, 6.0)]
    f = fuse(dense, sparse)
    assert max(f, key=f.get) == 7
    # A row only BM25 found gets the lowest cosine of the dense candidates, not zero.
    f = fuse(dense, [(5, 10.0)])
    assert f[5] == pytest.approx(0.7 * 0.30 + 0.3 * 1.0)
    # No BM25 hit (stop words only): the dense order stands.
    f = fuse(dense, [])
    assert sorted(f, key=f.get, reverse=True) == [3, 7, 9]


def test_bm25_indexes_the_article_title(tmp_path, embedder):
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "a.txt").write_text("Zanzibar cloves\n\nThe harvest doubled this year, growers said.")
    (tmp_path / "c" / "b.txt").write_text("Ferry timetable\n\nBoats leave every hour from the harbour.")
    build_index(tmp_path / "c", tmp_path / "i", embedder=embedder, progress=False)
    r = Retriever.load(tmp_path / "i", embedder)
    rows = r.store.lexical_search(query_tokens("Zanzibar"), 5)
    assert rows and r.store.paragraphs([rows[0][0]])[rows[0][0]].text.startswith("The harvest")
    # An index of the previous format (no checksums, BM25 without titles) is rebuilt, with a message.
    m = json.loads((tmp_path / "i" / "manifest.json").read_text())
    m["format"] = 1
    (tmp_path / "i" / "manifest.json").write_text(json.dumps(m))
    report = build_index(tmp_path / "c", tmp_path / "i", embedder=embedder, progress=False)
    assert "format 1" in report.rebuilt_because and report.embedded == 2
    r = Retriever.load(tmp_path / "i", embedder)
    assert r.store.lexical_search(query_tokens("Zanzibar"), 5)


@pytest.mark.parametrize("ivf", [False, True])
def test_search_within_chosen_articles(tmp_path, embedder, ivf):
    import shutil

    from conftest import DATA, SEED

    corpus = tmp_path / "c"
    corpus.mkdir()
    shutil.copy(SEED, corpus / SEED.name)
    shutil.copy(DATA / "harbour_bridge.md", corpus / "harbour_bridge.md")
    build_index(corpus, tmp_path / "i", embedder=embedder, progress=False, ivf_min_vectors=1 if ivf else 10**9)
    r = Retriever.load(tmp_path / "i", embedder)
    assert r.store.describe().index_type == ("ivf-sq8" if ivf else "flat")
    q = "What did Peskov say about the talks?"
    assert r.search(q, k=3)[0].doc_id == SEED.name
    within = r.search(q, k=3, articles=["harbour_bridge.md"])
    assert within and all(h.doc_id == "harbour_bridge.md" for h in within)
    both = r.search(q, k=19, articles=["harbour_bridge.md", SEED.name])
    assert {h.doc_id for h in both} == {SEED.name, "harbour_bridge.md"}
    with pytest.raises(BadInput, match="No article named nope.md"):
        r.search(q, articles=["nope.md"])
