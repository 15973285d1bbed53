"""Fitting the answer-or-decline decision (qa.judge.Policy): one logistic regression over the
signals qa.judge.signals computes for the span the assistant would answer, and the chance it must
reach, written as "judge" into a reader folder's qa_reader.json (named on the command line, never the
installed package unless that is the folder named).

    python -m qa_lab fit-judge --reader READER_DIR --squad2 ../shared/data/squad2-train-part.json \
        [--news data/news/corpus] [--out benchmarks/results/judge_fit.json] [--save-rows F | --rows F] [--dry-run]

Questions, each asked open book as the assistant asks it (retrieval, date filter, reader):
- the shared SQuAD 2.0 sample over all its paragraphs: fitted on the even-numbered paragraphs'
  questions, reported on the odd ones (qa_lab.squad.squad2_split's halves);
- with --news, the real-news collection (benchmarks/data/news/): fitted on its dev half, reported on
  its test half; its rows weigh NEWS_WEIGHT each (98 dev questions beside ~2,400 SQuAD ones).
A row's label: the span is right (SQuAD: F1 >= 0.5 against a gold answer; news: qa_lab.metrics.
answer_right and from an article that states it); an unanswerable question's span is never right.
The threshold is the highest at which the fit half's answerable questions are answered right no
less often than under the rule it replaces, on each source (so it declines as much as it can
without costing answers); accuracy counts right answers plus right declines, a question with no
span counting as declined. Prints both halves against the rule it
replaces (the reader's threshold and the name check: qa.judge.decide).
"""
from __future__ import annotations

import json
import tempfile
from pathlib import Path

from . import metrics, squad

NEWS_WEIGHT = 5.0
WIKINEWS_WEIGHT = 2.5  # ~300 dev questions of six genres beside ~2,400 SQuAD ones
ROOT = Path(__file__).resolve().parent.parent


def _assistant(docs, reader_dir, work: Path, paths=None):
    from qa.assistant import Assistant
    from qa.embed import Embedder
    from qa.indexing import build_index
    from qa.reader import Reader
    from qa.retrieve import Retriever

    emb = Embedder(None)
    build_index(paths, work, embedder=emb, documents=docs, progress=False)
    assistant = Assistant(Retriever.load(work, emb), Reader.load(reader_dir), index_dir=work, cache_size=0)
    assistant.policy = None  # the rows are what the rule in force decides on, not a policy's verdicts
    return assistant


def _row(assistant, question: str, right) -> dict:
    """The signals of the span the fitted decision would judge, its label, and the old rule's verdict."""
    from qa import judge

    r = assistant.reading(question)
    context = r.retriever.article_context
    old = judge.decide(r.checked, r.found, assistant.reader.threshold, context, latest=r.latest).answer
    best = judge.candidate(r.checked, r.found, context)
    row = {"question": question, "old_answered": old is not None, "old_right": old is not None and right(old)}
    if best is not None:
        values = judge.signals(r.checked, best, r.found, context)
        row.update(signals=values, right=right(best), vetoed=judge.vetoed(r.checked, best, values))
    return row


def _vetoed(row: dict) -> bool:
    signals = row["signals"]  # rows saved before "vetoed" or before the contradiction was a veto
    return row.get("vetoed", bool(signals["missing_in_article"])) or bool(signals.get("contradiction"))


def squad2_rows(path, reader_dir) -> list[dict]:
    from tqdm import tqdm

    from .open_book import corpus_documents

    raw = squad.load_json(path)
    docs, _ = corpus_documents(raw)
    with tempfile.TemporaryDirectory(prefix="qa-judge-") as work:
        assistant = _assistant(docs, reader_dir, Path(work))
        rows = []
        questions = [(pi, q) for art in raw["data"] for pi, par in enumerate(art["paragraphs"]) for q in par["qas"]]
        for pi, q in tqdm(questions, desc="SQuAD 2.0 sample"):
            truths = [a["text"] for a in q.get("answers", [])]
            impossible = bool(q.get("is_impossible"))

            def right(a, truths=truths, impossible=impossible):
                return not impossible and metrics.best_over(metrics.f1_score, a.text, truths) >= 0.5
            row = _row(assistant, q["question"], right)
            row.update(source="squad2", half="fit" if pi % 2 == 0 else "report", answerable=not impossible)
            rows.append(row)
    return rows


def news_rows(corpus, reader_dir) -> list[dict]:
    questions = json.loads((ROOT / "benchmarks" / "data" / "news" / "questions.json").read_text())["questions"]
    with tempfile.TemporaryDirectory(prefix="qa-judge-") as work:
        assistant = _assistant(None, reader_dir, Path(work), paths=corpus)
        rows = []
        for q in questions:
            def right(a, q=q):
                return (q["kind"] == "answerable" and metrics.answer_right(a.text, q["answers"])
                        and a.hit is not None and Path(a.hit.source).name in q["articles"])
            row = _row(assistant, q["question"], right)
            row.update(source="news", half="fit" if q["half"] == "dev" else "report",
                       answerable=q["kind"] == "answerable", kind=q["kind"])
            rows.append(row)
    return rows


def wikinews_rows(reader_dir) -> list[dict]:
    """Rows of the Wikinews collection (benchmarks/data/wikinews/, six genres with a dev half over one index
    of the 396 articles in ../shared/data/wikinews/): its dev halves fitted, its test halves reported; each
    row carries its genre, for the report by genre and the fit that leaves one genre out. The genres held
    out entirely (no dev half: benchmarks/genres.py UNSEEN) are left out, so that no fit ever sees them."""
    folder = ROOT / "benchmarks" / "data" / "wikinews"
    shared = ROOT.parent / "shared" / "data" / "wikinews"
    paths = [shared / e["file"] for e in json.loads((shared / "index.json").read_text())]
    with tempfile.TemporaryDirectory(prefix="qa-judge-") as work:
        assistant = _assistant(None, reader_dir, Path(work), paths=paths)
        rows = []
        for file in sorted(folder.glob("*.json")):
            questions = json.loads(file.read_text())["questions"]
            if not any(q["half"] == "dev" for q in questions):
                continue  # held out entirely
            for q in questions:
                def right(a, q=q):
                    return (q["kind"] == "answerable" and metrics.answer_right(a.text, q["answers"])
                            and a.hit is not None and Path(a.hit.source).name in q["articles"])
                row = _row(assistant, q["question"], right)
                row.update(source="wikinews", genre=file.stem, half="fit" if q["half"] == "dev" else "report",
                           answerable=q["kind"] == "answerable", kind=q["kind"])
                rows.append(row)
    return rows


def _weight(row: dict) -> float:
    return {"news": NEWS_WEIGHT, "wikinews": WIKINEWS_WEIGHT}.get(row["source"], 1.0)


def fit(rows: list[dict]) -> dict:
    """Weights, bias and threshold from the fit half's rows."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    from qa.judge import SIGNALS, Policy

    # A span whose article misses a name the question names, whose sentence contradicts it, or whose
    # sentence does not name the person asked about, is declined before the model is asked
    # (qa.judge.decide_fitted): it is fitted on the rest.
    train = [r for r in rows if r["half"] == "fit" and "signals" in r and not _vetoed(r)]
    x = np.array([[r["signals"][k] for k in SIGNALS] for r in train])
    y = np.array([r["right"] for r in train])
    w = np.array([_weight(r) for r in train])
    model = LogisticRegression(C=1.0, max_iter=2000).fit(x, y, sample_weight=w)
    weights = {k: round(float(c), 5) for k, c in zip(SIGNALS, model.coef_[0])}
    bias = round(float(model.intercept_[0]), 5)
    # The threshold: the highest at which the fit half's answerable questions are answered right no
    # less often than under the rule it replaces, on every source (declining more costs nothing
    # answerable); accuracy decides when none qualifies.
    fit_rows = [r for r in rows if r["half"] == "fit"]
    sources = sorted({r["source"] for r in fit_rows})
    floor = {s: accuracy([r for r in fit_rows if r["source"] == s])["answerable_right_pct"] for s in sources}

    def keeps_answers(t):
        return all(accuracy([r for r in fit_rows if r["source"] == s], Policy(weights, bias, t))["answerable_right_pct"]
                   >= floor[s] for s in sources)
    grid = [t / 100 for t in range(5, 96)]
    kept = [t for t in grid if keeps_answers(t)]
    threshold = max(kept) if kept else max(grid, key=lambda t: accuracy(fit_rows, Policy(weights, bias, t))["accuracy"])
    return {"weights": weights, "bias": bias, "threshold": threshold}


def accuracy(rows: list[dict], policy=None) -> dict:
    """Right answers plus right declines over all questions, weighted as fitted; with policy None,
    the old rule's verdicts."""
    def answered(r):
        if policy is None:
            return r["old_answered"]
        return "signals" in r and not _vetoed(r) and policy.chance(r["signals"]) >= policy.threshold

    def right(r):
        return r["old_right"] if policy is None else r.get("right", False)

    good = total = 0.0
    answerable = answerable_right = unanswerable = declined = 0
    for r in rows:
        weight = _weight(r)
        a = answered(r)
        ok = (a and right(r)) if r["answerable"] else not a
        good, total = good + weight * ok, total + weight
        if r["answerable"]:
            answerable += 1
            answerable_right += a and right(r)
        else:
            unanswerable += 1
            declined += not a
    return {"accuracy": round(100 * good / max(total, 1), 2),
            "answerable_right_pct": round(100 * answerable_right / max(1, answerable), 1),
            "unanswerable_declined_pct": round(100 * declined / max(1, unanswerable), 1)}


def _left_out(rows: list[dict], genre: str) -> dict:
    """The test half of one genre under a policy fitted without that genre's dev half (leave one
    genre out)."""
    from qa.judge import Policy

    meta = fit([r for r in rows if not (r.get("genre") == genre and r["half"] == "fit")])
    return accuracy([r for r in rows if r.get("genre") == genre and r["half"] == "report"],
                    Policy(meta["weights"], meta["bias"], meta["threshold"]))


def main(args) -> int:
    from qa.judge import Policy

    if args.rows:  # the rows of an earlier run (--out), to refit without asking again
        rows = json.loads(Path(args.rows).read_text())["rows"]
    else:
        rows = squad2_rows(args.squad2, args.reader)
        if args.news:
            rows += news_rows(args.news, args.reader)
        if args.wikinews:
            rows += wikinews_rows(args.reader)
    policy_meta = fit(rows)
    policy = Policy(policy_meta["weights"], policy_meta["bias"], policy_meta["threshold"])
    report = {}
    for source in sorted({r["source"] for r in rows}):
        for half in ("fit", "report"):
            part = [r for r in rows if r["source"] == source and r["half"] == half]
            report[f"{source}/{half}"] = {"questions": len(part), "before": accuracy(part), "after": accuracy(part, policy)}
    for genre in sorted({r["genre"] for r in rows if r.get("genre")}):
        part = [r for r in rows if r.get("genre") == genre and r["half"] == "report"]
        report[f"wikinews/{genre}/test"] = {"questions": len(part), "before": accuracy(part),
                                            "after": accuracy(part, policy), "left_out": _left_out(rows, genre)}
    print(f"weights {policy_meta['weights']}\nbias {policy_meta['bias']}  threshold {policy_meta['threshold']}")
    print(f"{'rows':<16} {'n':>5}  {'accuracy before → after':>24}  {'answerable right':>18}  {'unanswerable declined':>22}")
    for name, r in report.items():
        b, a = r["before"], r["after"]
        print(f"{name:<16} {r['questions']:>5}  {b['accuracy']:>10} → {a['accuracy']:<10}  "
              f"{b['answerable_right_pct']:>7} → {a['answerable_right_pct']:<7}  "
              f"{b['unanswerable_declined_pct']:>9} → {a['unanswerable_declined_pct']:<9}")
    policy_meta.update(signals=list(policy_meta["weights"]), fitted_on={
        "squad2": f"{args.squad2} (even-numbered paragraphs)", "news": "benchmarks/data/news dev half" if args.news else None,
        "wikinews": "benchmarks/data/wikinews dev halves" if any(r["source"] == "wikinews" for r in rows) else None,
        "news_weight": NEWS_WEIGHT, "wikinews_weight": WIKINEWS_WEIGHT}, report=report)
    from .machine import describe

    if args.out:
        Path(args.out).write_text(json.dumps({"machine": describe(), "policy": policy_meta}, indent=1) + "\n")
    if args.save_rows:
        Path(args.save_rows).write_text(json.dumps({"rows": rows}) + "\n")
    if not args.dry_run:
        meta_path = Path(args.reader) / "qa_reader.json"
        meta = json.loads(meta_path.read_text())
        meta["judge"] = {k: policy_meta[k] for k in ("weights", "bias", "threshold", "signals", "fitted_on")}
        meta_path.write_text(json.dumps(meta, indent=2) + "\n")
        print(f"wrote the policy into {meta_path}")
    return 0
