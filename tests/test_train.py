import json

import pytest
import torch

from qa_lab.train import average_states


def test_average_states_means_float_weights_and_keeps_integer_buffers():
    a = {"w": torch.tensor([1.0, 2.0]), "b": torch.tensor([0.5], dtype=torch.float16),
         "ids": torch.tensor([0, 1, 2])}
    b = {"w": torch.tensor([3.0, 6.0]), "b": torch.tensor([1.5], dtype=torch.float16),
         "ids": torch.tensor([0, 1, 2])}
    avg = average_states([a, b])
    assert torch.equal(avg["w"], torch.tensor([2.0, 4.0]))
    assert avg["b"].item() == pytest.approx(1.0)
    assert avg["ids"].dtype == torch.long and torch.equal(avg["ids"], a["ids"])
    assert torch.equal(a["w"], torch.tensor([1.0, 2.0]))  # inputs untouched


def test_average_states_refuses_checkpoints_of_different_models():
    with pytest.raises(ValueError, match="same weights"):
        average_states([{"w": torch.zeros(2)}, {"v": torch.zeros(2)}])


def tiny_squad(path, articles=15):
    """A SQuAD-format file of short made-up articles (the last 12 are held out by the trainer)."""
    data = []
    for a in range(articles):
        paras = []
        for p in range(2):
            name = f"Person{a}x{p}"
            ctx = f"The report of year {1900 + a} says that {name} built the bridge over the river."
            paras.append({"context": ctx, "qas": [{"id": f"{a}-{p}", "question": "Who built the bridge?",
                                                    "answers": [{"text": name, "answer_start": ctx.index(name)}]}]})
        data.append({"title": f"Article {a}", "paragraphs": paras})
    path.write_text(json.dumps({"version": "1.1", "data": data}))
    return path


def test_training_from_a_given_base_respects_max_minutes_and_exports_a_loadable_reader(tmp_path, tokenizer):
    from transformers import BertConfig, BertForQuestionAnswering

    from qa.reader import Reader
    from qa_lab.train import main

    base = tmp_path / "base"
    cfg = BertConfig(vocab_size=tokenizer.vocab_size, hidden_size=32, num_hidden_layers=1, num_attention_heads=2,
                     intermediate_size=64, max_position_embeddings=128)
    BertForQuestionAnswering(cfg).half().save_pretrained(base)  # fp16 on disk: training must still be fp32
    tokenizer.save_pretrained(base)
    out = tmp_path / "reader"
    main(["--squad", str(tiny_squad(tmp_path / "train-v1.1.json")), "--base", str(base), "--device", "cpu",
          "--ckpt-dir", str(tmp_path / "ckpt"), "--out", str(out), "--steps", "100000", "--batch", "2",
          "--max-length", "64", "--stride", "16", "--max-minutes", "0.001", "--threads", "1"])
    recipe = json.loads((out / "qa_reader.json").read_text())["recipe"]
    # The budget was spent before the speed check at step 250, so training stopped there.
    assert recipe["steps"] == 250 and recipe["base"] == str(base) and recipe["device"] == "cpu"
    assert "training 250 steps instead" in (tmp_path / "ckpt" / "train.log").read_text()
    reader = Reader.load(str(out), threshold=0.0)
    passage = "The report of year 2000 says that Ada Smith built the bridge over the river."
    [a] = reader.read("Who built the bridge?", [passage])
    assert passage[a.start:a.end] == a.text
