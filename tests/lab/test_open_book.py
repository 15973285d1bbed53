"""The open-book harness (python -m qa_lab eval) on a small SQuAD 2.0-format file written here."""
import json

import pytest

from qa_lab.__main__ import main


def squad_file(path):
    def par(context, qas):
        return {"context": context, "qas": qas}

    def qa(i, question, answer=None, context=""):
        if answer is None:
            return {"id": i, "question": question, "answers": [], "is_impossible": True}
        answers = [answer] if isinstance(answer, str) else answer
        return {"id": i, "question": question, "is_impossible": False,
                "answers": [{"text": a, "answer_start": context.index(a)} for a in answers]}

    bridge = "The Millbrook harbour bridge was designed by the engineer Clara Voss and opened in 1931."
    ferry = "Ferries to the island leave every two hours from the north pier, the port authority said."
    cloves = "Zanzibar exported 8,000 tonnes of cloves last year, most of them to India."
    data = {"version": "v2.0", "data": [
        {"title": "Millbrook", "paragraphs": [
            par(bridge, [qa("q1", "Who designed the Millbrook harbour bridge?", "Clara Voss", bridge),
                         qa("q2", "What colour is the Millbrook bridge painted?")]),
            par(ferry, [qa("q3", "How often do ferries leave for the island?", "every two hours", ferry)])]},
        {"title": "Zanzibar", "paragraphs": [
            # Two golds, as SQuAD gives: the reader alone reads "8,000", the assistant shows the noun the
            # question counts with it (judge.with_counted_noun).
            par(cloves, [qa("q4", "How many tonnes of cloves did Zanzibar export?", ["8,000", "8,000 tonnes"],
                            cloves)])]}]}
    path.write_text(json.dumps(data))
    return path


def test_eval_reports_retrieval_reader_and_declines(tmp_path, capsys):
    f = squad_file(tmp_path / "tiny.json")
    out = tmp_path / "result.json"
    assert main(["eval", str(f), "--index", str(tmp_path / "idx"), "--out", str(out)]) == 0
    r = json.loads(out.read_text())
    assert r["questions"] == 4 and r["answerable"] == 3
    assert r["recall@1"] == 100.0 and r["mrr@10"] == 1.0
    assert r["gold_paragraph_f1"] == 100.0
    assert r["f1"] == 100.0 and r["f1_gap_to_gold_paragraph"] == 0.0
    # The one unanswerable question ("What colour is the bridge painted?") meets paragraphs that do
    # not say: the reader declines it.
    assert r["unanswerable"] == 1 and r["declined_unanswerable_pct"] == 100.0
    assert "recall@5" in capsys.readouterr().out


def test_missing_data_is_one_error_line(tmp_path, capsys):
    assert main(["eval", str(tmp_path / "nope.json")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "python -m qa_lab data" in err and len(err.splitlines()) == 1


@pytest.mark.parametrize("command", [["eval-reader"], ["calibrate", "--reader", "{reader}"], ["train", "--steps", "1"]])
def test_lab_commands_without_data_say_so_in_one_line(tmp_path, monkeypatch, capsys, command, reader):
    monkeypatch.chdir(tmp_path)  # no ./data here
    monkeypatch.delenv("QA_SQUAD", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    command = [c.replace("{reader}", str(tmp_path / "r")) for c in command]
    if command[0] == "calibrate":
        import shutil

        shutil.copytree(reader.model_path, tmp_path / "r")
    if command[0] == "train":
        command += ["--ckpt-dir", str(tmp_path / "ck")]
    assert main(command) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: SQuAD data not found") and "python -m qa_lab data" in err
    assert len(err.strip().splitlines()) == 1
