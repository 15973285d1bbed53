"""The embedder on ONNX Runtime: torch's vectors in fp32, close ones in int8; a damaged export is
made again with a message; the index records which runtime made its vectors, and a change
re-embeds."""
import json
import logging

import numpy as np
import pytest

from qa.embed import Embedder
from qa.errors import QAError
from qa.indexing import build_index


@pytest.fixture(scope="module")
def torch_embedder():
    return Embedder(backend="torch")

TEXTS = ["What did Peskov say about the talks?", "Zürich’s “café” — naïve?",
         " ".join(f"word{i} and more text" for i in range(400)),  # longer than 256 tokens
         "x", "The bridge will cost 14 million euros, most of it paid by a regional fund."]


def test_onnx_fp32_gives_torch_vectors(onnx_cache, torch_embedder):
    onnx = Embedder(backend="onnx")
    ours, ref = onnx.encode(TEXTS, batch_size=2), torch_embedder.encode(TEXTS, batch_size=2)
    assert onnx.backend == "onnx" and list(onnx_cache.glob("embedder-*.onnx"))
    assert ours.shape == ref.shape and np.abs(ours - ref).max() < 1e-4
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)


def test_onnx_int8_vectors_point_the_same_way(onnx_cache, torch_embedder):
    int8 = Embedder(backend="onnx-int8")
    cos = (int8.encode(TEXTS) * torch_embedder.encode(TEXTS)).sum(1)
    assert cos.min() > 0.97, cos


def test_int8_is_the_default_and_the_way_back_is_torch(monkeypatch, embedder):
    monkeypatch.delenv("QA_EMBEDDER_BACKEND", raising=False)
    assert Embedder().backend == "onnx-int8" == embedder.backend
    monkeypatch.setenv("QA_EMBEDDER_BACKEND", "torch")
    assert Embedder().backend == "torch"


def test_int8_search_finds_the_same_paragraphs(onnx_cache, retriever, torch_embedder):
    from qa.retrieve import Retriever

    fp32 = Retriever(retriever.store, torch_embedder)  # torch queries over the int8 index
    for q in ("What did Peskov say about the talks?", "Who welcomed Zelenskyy to NATO headquarters?",
              "What did Russia submit earlier this month?"):
        assert fp32.search(q, 1)[0].paragraph.id == retriever.search(q, 1)[0].paragraph.id


def test_a_damaged_embedder_export_is_made_again_with_a_message(onnx_cache, caplog):
    Embedder(backend="onnx").encode(["warm"])
    [exported] = [p for p in onnx_cache.glob("embedder-*.onnx") if "int8" not in p.name]
    exported.write_bytes(b"not an onnx file")
    with caplog.at_level(logging.WARNING, logger="qa"):
        again = Embedder(backend="onnx")
        vec = again.encode(["hello"])
    assert any("damaged" in r.message and "exporting it again" in r.message for r in caplog.records)
    assert vec.shape == (1, 384)


def test_the_index_records_the_runtime_and_a_change_re_embeds(onnx_cache, corpus, tmp_path, embedder):
    index = tmp_path / "index"
    build_index(corpus, index, embedder=embedder, progress=False)
    made_by = json.loads((index / "manifest.json").read_text())["embedder"]
    assert made_by["backend"] == embedder.backend and made_by["dim"] == 384
    other = "onnx-int8" if embedder.backend != "onnx-int8" else "torch"
    report = build_index(corpus, index, embedder=Embedder(backend=other), progress=False)
    assert f"made on {embedder.backend}" in report.rebuilt_because and report.embedded == 15
    assert json.loads((index / "manifest.json").read_text())["embedder"]["backend"] == other


def test_an_unknown_embedder_backend_is_one_clear_error():
    with pytest.raises(QAError, match="QA_EMBEDDER_BACKEND takes torch, onnx, onnx-int8"):
        Embedder(backend="tensorrt")
