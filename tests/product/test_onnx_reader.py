"""The reader on ONNX Runtime (int8 is the default): the same spans and scores as torch in fp32,
the same answers in int8; a damaged export is rebuilt with a message."""
import logging

import pytest

from qa.documents import load_file, split_paragraphs
from qa.errors import QAError
from qa.reader import Reader

from conftest import SEED

QUESTIONS = [("Who is the Russian government spokesman?", 12), ("What did Russia submit earlier this month?", 7),
             ("Where are the negotiations expected to be held?", 14), ("Who welcomed Zelenskyy to NATO headquarters?", 4),
             ("When did Blinken and Stoltenberg hold phone talks?", 0)]


@pytest.fixture(scope="module")
def torch_reader():
    return Reader.load(backend="torch")


def paragraphs():
    return [p.text for p in split_paragraphs(load_file(SEED)[0])]


def test_onnx_fp32_gives_the_torch_spans_and_scores(onnx_cache, torch_reader):
    reader = torch_reader
    onnx = Reader.load(backend="onnx", threshold=0.0)
    assert onnx.backend == "onnx" and list(onnx_cache.glob("reader-*.onnx"))
    paras = paragraphs()
    for q, _ in QUESTIONS:
        ours = onnx.spans(q, paras[:8] + paras[12:])  # several passages: batched, padded windows
        theirs = reader.spans(q, paras[:8] + paras[12:])
        assert [(a.text, a.passage_index) for a in ours[:3]] == [(a.text, a.passage_index) for a in theirs[:3]]
        assert all(abs(a.score - b.score) < 1e-4 for a, b in zip(ours[:3], theirs[:3]))


@pytest.mark.quality
def test_onnx_int8_finds_the_same_answers(onnx_cache, torch_reader):
    reader = torch_reader
    int8 = Reader.load(backend="onnx-int8", threshold=0.0)
    paras = paragraphs()
    for q, i in QUESTIONS:
        a, b = int8.read(q, [paras[i]])[0], reader.read(q, [paras[i]], threshold=0.0)[0]
        assert a.text == b.text and abs(a.score - b.score) < 0.15, (q, a, b)


def test_a_damaged_export_is_rebuilt_with_a_message(onnx_cache, caplog):
    Reader.load(backend="onnx")
    [exported] = [p for p in onnx_cache.glob("reader-*.onnx") if "int8" not in p.name]
    exported.write_bytes(exported.read_bytes()[:1000])
    with caplog.at_level(logging.WARNING, logger="qa"):
        again = Reader.load(backend="onnx", threshold=0.0)
    assert any("damaged" in r.message and "exporting it again" in r.message for r in caplog.records)
    assert again.read("Who is the spokesman?", ["The spokesman is Dmitry Peskov."])[0].text == "Dmitry Peskov"


def test_int8_is_the_default_and_one_setting_goes_back_to_torch(settings_env, reader):
    from qa.reader import configured_variant

    settings_env(QA_READER_BACKEND=None)
    assert configured_variant() == "onnx-int8" and reader.backend == "onnx-int8"
    assert reader.threshold == reader.meta["threshold_onnx_int8"]  # its own calibrated threshold
    settings_env(QA_READER_BACKEND="torch")
    assert configured_variant() == "torch"
    settings_env(QA_READER_BACKEND="onnx")
    assert configured_variant() == "onnx"


def test_an_unknown_backend_is_one_clear_error():
    with pytest.raises(QAError, match="QA_READER_BACKEND takes"):
        Reader.load(backend="tensorrt")
