"""The embedder on ONNX Runtime and bf16 torch: torch's vectors in fp32, close ones in int8 and bf16;
"auto" picks bf16 for paragraphs only on AMX CPUs and asks on int8; a damaged export is
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


def test_bf16_vectors_point_the_same_way(torch_embedder):
    bf16 = Embedder(backend="torch-bf16")
    ours = bf16.encode_documents(TEXTS, batch_size=2)
    assert bf16.backend == bf16.query_backend == "torch-bf16"
    assert ours.dtype == np.float32 and np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    cos = (ours * torch_embedder.encode(TEXTS, batch_size=2)).sum(1)
    assert cos.min() > 0.999, cos
    alone = np.stack([bf16.encode_documents([t])[0] for t in TEXTS])  # padded to 16 tokens, or not at all
    assert (alone * ours).sum(1).min() > 0.9999


def test_auto_puts_paragraphs_on_bf16_only_where_the_cpu_has_amx(monkeypatch, settings_env):
    import qa.embed

    settings_env(QA_EMBEDDER_BACKEND=None)
    monkeypatch.setattr(qa.embed, "has_amx", lambda: True)
    amx = Embedder()
    assert (amx.backend, amx.query_backend) == ("torch-bf16", "onnx-int8")
    monkeypatch.setattr(qa.embed, "has_amx", lambda: False)
    plain = Embedder()
    assert (plain.backend, plain.query_backend) == ("onnx-int8", "onnx-int8")
    settings_env(QA_EMBEDDER_BACKEND="torch")  # the way back: one runtime for both
    assert (Embedder().backend, Embedder().query_backend) == ("torch", "torch")


def test_amx_is_read_from_the_cpu_flags(tmp_path, settings_env):
    from qa.embed import has_amx

    settings_env(ONEDNN_MAX_CPU_ISA=None)
    xeon, epyc = tmp_path / "xeon", tmp_path / "epyc"
    xeon.write_text("processor\t: 0\nmodel name\t: Xeon\nflags\t\t: fpu avx2 avx512f amx_bf16 amx_tile\n")
    epyc.write_text("processor\t: 0\nflags\t\t: fpu avx2 fma\n")
    assert has_amx(str(xeon)) and not has_amx(str(epyc)) and not has_amx(str(tmp_path / "missing"))
    settings_env(ONEDNN_MAX_CPU_ISA="AVX512_CORE_BF16")  # oneDNN told to stay below AMX
    assert not has_amx(str(xeon))


def test_auto_indexes_on_its_paragraph_runtime_and_asks_on_int8(monkeypatch, onnx_cache, corpus, tmp_path,
                                                              torch_embedder, settings_env):
    import qa.embed
    from qa.retrieve import Retriever

    settings_env(QA_EMBEDDER_BACKEND=None)
    monkeypatch.setattr(qa.embed, "has_amx", lambda: True)
    auto = Embedder()
    build_index(corpus, tmp_path / "index", embedder=auto, progress=False)
    assert json.loads((tmp_path / "index" / "manifest.json").read_text())["embedder"]["backend"] == "torch-bf16"
    assert set(auto._models) == {"torch-bf16"}  # nothing asked yet: the questions' runtime is not loaded
    mixed, fp32 = Retriever.load(tmp_path / "index", auto), Retriever.load(tmp_path / "index", torch_embedder)
    for q in ("What did Peskov say about the talks?", "Who welcomed Zelenskyy to NATO headquarters?",
              "What did Russia submit earlier this month?"):
        assert mixed.search(q, 1)[0].paragraph.id == fp32.search(q, 1)[0].paragraph.id
    assert set(auto._models) == {"torch-bf16", "onnx-int8"}


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
    with pytest.raises(QAError, match="QA_EMBEDDER_BACKEND takes auto, torch, torch-bf16, onnx, onnx-int8"):
        Embedder(backend="tensorrt")
