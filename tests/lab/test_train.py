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


def test_teacher_characters_land_on_the_student_tokens_that_hold_them(tokenizer):
    from qa_lab.distill import teacher_view, window_targets

    q, ctx = "Who built it?", "The bridge was built by Ada Lovelace in 1843."
    enc = tokenizer(q, ctx, return_offsets_mapping=True)
    seq, offsets = enc.sequence_ids(), enc["offset_mapping"]
    # A teacher (any tokenizer) sure the answer starts at "Ada" and ends after "Lovelace".
    a, e = ctx.index("Ada"), ctx.index("Lovelace") + len("Lovelace")
    view = {"null_start": 0.0, "null_end": 0.0, "start": [[a, 10.0], [ctx.index("1843"), 4.0]],
            "end": [[e, 10.0], [len(ctx) - 1, 2.0]], "best": 20.0}
    start, end = window_targets(view, offsets, seq, temperature=1.0)
    assert abs(sum(p for _, p in start) - 1) < 1e-9 and abs(sum(p for _, p in end) - 1) < 1e-9
    best_start = max(start, key=lambda kv: kv[1])[0]
    best_end = max(end, key=lambda kv: kv[1])[0]
    assert ctx[offsets[best_start][0]:offsets[best_end][1]] == "Ada Lovelace"
    # A window that does not hold the answer's characters gives their mass to [CLS].
    window = [(0, 0)] * len(offsets)
    start_out, _ = window_targets(view, window, [None] * len(seq), temperature=1.0)
    assert start_out == [(0, 1.0)] or (len(start_out) == 1 and start_out[0][0] == 0)
    # teacher_view keeps characters, not tokens: the same view whatever tokenizer made the logits.
    import numpy as np

    s = np.zeros(len(seq)); en = np.zeros(len(seq))
    t_ada = next(t for t, (o0, _) in enumerate(offsets) if o0 == a and seq[t] == 1)
    s[t_ada], en[t_ada + 2] = 9.0, 9.0
    v = teacher_view(s, en, seq, offsets, top=1)
    assert v["start"][0][0] == a and ctx[:v["end"][0][0]].endswith("Lovelace")


def tiny_squad2(path):
    """A SQuAD 2.0-format file: answerable and unanswerable questions in even and odd paragraphs."""
    paras = []
    for p in range(4):
        name = f"Maker{p}"
        ctx = f"In {1950 + p} the tower was designed by {name} for the town council."
        paras.append({"context": ctx, "qas": [
            {"id": f"h{p}", "question": "Who designed the tower?", "is_impossible": False,
             "answers": [{"text": name, "answer_start": ctx.index(name)}]},
            {"id": f"n{p}", "question": "Who painted the tower?", "is_impossible": True, "answers": []}]})
    path.write_text(json.dumps({"version": "v2.0", "data": [{"title": "Tower", "paragraphs": paras}]}))
    return path


def test_gpu_script_runs_teacher_students_and_picks_one_on_tiny_models(tmp_path, tokenizer):
    """scripts/train_gpu.sh end to end in its smoke mode, on the CPU, with tiny made-up models."""
    import os
    import subprocess
    import sys
    import tarfile
    from pathlib import Path

    from transformers import BertConfig, BertForQuestionAnswering

    bases = {}
    for name, hidden in (("teacher", 48), ("student", 32)):
        bases[name] = tmp_path / name
        cfg = BertConfig(vocab_size=tokenizer.vocab_size, hidden_size=hidden, num_hidden_layers=1,
                         num_attention_heads=2, intermediate_size=64, max_position_embeddings=128)
        BertForQuestionAnswering(cfg).save_pretrained(bases[name])
        tokenizer.save_pretrained(bases[name])
    out = tmp_path / "out"
    env = {**os.environ, "QA_SMOKE": "1", "DEVICE": "cpu", "WORK": str(tmp_path / "work"),
           "TEACHER_BASE": str(bases["teacher"]), "STUDENT_BASE": str(bases["student"]),
           "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}
    root = Path(__file__).resolve().parents[2]  # the checkout (tests/lab/ is two below it)
    r = subprocess.run(["bash", "scripts/train_gpu.sh", str(tiny_squad(tmp_path / "v1.json")),
                        str(tiny_squad2(tmp_path / "v2.json")), str(out)],
                       cwd=root, env=env, capture_output=True, text=True, timeout=600)
    logs = "\n".join(f"--- {f.name}\n{f.read_text()[-1500:]}"
                     for f in sorted((tmp_path / "work" / "logs").glob("*.log")))
    assert r.returncode == 0, r.stdout + r.stderr + logs
    # What a GPU machine's $OUT brings back: at most 8 files.
    assert len(list(out.iterdir())) <= 8 and (out / "logs.tar.gz").exists()
    summary = json.loads((out / "summary.json").read_text())
    assert sorted(s["name"] for s in summary) == ["kd3", "kd3t1", "plain3"]
    recipes = {s["name"]: s["recipe"] for s in summary}
    assert recipes["kd3"]["teacher"] and recipes["kd3t1"]["kd_temp"] == 1.0 and recipes["plain3"]["teacher"] is None
    assert recipes["kd3"]["data_counts"]["articles_excluded_from_negatives"] == 1
    assert all("declined_unanswerable" in s["heldout"] for s in summary)
    assert (tmp_path / "work" / "ck-kd3" / "teacher-labels.jsonl.gz").exists()
    (tmp_path / "best.tar").write_bytes(b"".join(p.read_bytes() for p in sorted(out.glob("best.tar.*"))))
    with tarfile.open(tmp_path / "best.tar") as t:
        assert any(n.endswith("qa_reader.json") for n in t.getnames())


def test_teacher_parts_rejoin_to_the_same_model(tmp_path, tokenizer):
    """The teacher's base goes to the GPU machine in parts (int8 rows + scales); unpacked it loads
    and gives nearly the same outputs."""

    import torch
    from safetensors.torch import save
    from transformers import BertConfig, BertForQuestionAnswering

    from qa_lab.teacher_transfer import pack, unpack

    torch.manual_seed(0)
    cfg = BertConfig(vocab_size=tokenizer.vocab_size, hidden_size=32, num_hidden_layers=1, num_attention_heads=2,
                     intermediate_size=64, max_position_embeddings=128)
    model = BertForQuestionAnswering(cfg).eval()
    weights = save({k: v.contiguous() for k, v in model.state_dict().items()})
    parts = pack({"config.json": cfg.to_json_string().encode()}, weights, tmp_path / "parts", bits=8, part_mb=0.5)
    assert len(parts) >= 2 and all(p.stat().st_size <= 0.5 * 2**20 for p in parts)
    folder = unpack(tmp_path / "parts", tmp_path / "model")
    tokenizer.save_pretrained(folder)
    back = BertForQuestionAnswering.from_pretrained(folder).eval()
    enc = tokenizer("Who?", "Ada built it.", return_tensors="pt")
    with torch.no_grad():
        a, b = model(**enc).start_logits, back(**enc).start_logits
    assert torch.allclose(a, b, atol=0.05), (a - b).abs().max()
    # Integer buffers (position ids) are not rounded like weights.
    from qa_lab.teacher_transfer import dequantise, quantise

    ids = torch.arange(512).unsqueeze(0)
    assert torch.equal(dequantise(quantise({"position_ids": ids}, 8))["position_ids"], ids)
    parts[0].unlink()
    with pytest.raises(SystemExit, match="parts missing"):
        unpack(tmp_path / "parts", tmp_path / "again")
