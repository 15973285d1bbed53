"""Careless hands (issue #45): what a new user does by mistake gets one clear line, never a silent
loss or a server that serves nothing."""
import json

import pytest

from qa import cli, onnx_export, server
from qa.assistant import plain_history


def test_serve_with_a_missing_corpus_folder_exits_with_one_line(tmp_path, capsys):
    assert server.main(["--corpus", str(tmp_path / "no" / "such"), "--port", "0"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "no folder or file" in err and "mkdir -p" in err
    assert not (tmp_path / "no").exists()


def test_index_without_store_refuses_to_drop_another_corpus(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "index").mkdir()
    (tmp_path / "seeds").mkdir()
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "a.txt").write_text("A title\n\nThe council voted on Tuesday to build the bridge.")
    manifest = {"documents": {"nato_russia_talks.txt": {"source": "seeds/nato_russia_talks.txt", "paragraphs": 3},
                              "news/old.txt": {"source": str(tmp_path / "news" / "old.txt"), "paragraphs": 1}}}
    (tmp_path / "index" / "manifest.json").write_text(json.dumps(manifest))
    assert cli.main(["index", "news"]) == 2
    err = capsys.readouterr().err
    assert "nato_russia_talks.txt" in err and "--store DIR" in err and "--replace" in err
    assert "old.txt" not in err  # a file of the same corpus that is gone is an ordinary removal
    assert json.loads((tmp_path / "index" / "manifest.json").read_text()) == manifest


def test_history_takes_the_apis_own_reply_objects():
    reply = {"question": "Who made a rival offer?", "answer": "Corvex", "score": 0.8, "passages": []}
    assert plain_history([("Who made a rival offer?", reply)]) == [("Who made a rival offer?", "Corvex")]
    assert plain_history([reply]) == [("Who made a rival offer?", "Corvex")]
    assert plain_history([("Q?", {"text": "495p"})]) == [("Q?", "495p")]
    assert plain_history([("Q?", {"question": "Q?", "answer": None})]) == [("Q?", None)]
    assert plain_history([("Q?", "plain")]) == [("Q?", "plain")]


def test_the_first_export_says_what_it_is_doing(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(onnx_export, "exported_path", lambda kind, model_dir, int8: tmp_path / "model.onnx")
    monkeypatch.setattr(onnx_export, "session", lambda path: "session")
    made = onnx_export.load_or_export("reader", "weights", "onnx-int8", lambda model_dir, int8: tmp_path / "m", "X")
    assert made[0] == "session"
    assert "preparing the reader for this machine, once" in capsys.readouterr().err


def test_the_json_api_takes_its_own_reply_as_a_history_answer():
    from qa.api import _answer_text

    reply = {"question": "Who made a rival offer?", "answer": "Corvex", "score": 0.8, "alternatives": []}
    assert _answer_text(reply) == "Corvex" and _answer_text({"text": "495p"}) == "495p"
    assert _answer_text({"answer": None}) is None and _answer_text("plain") == "plain"
