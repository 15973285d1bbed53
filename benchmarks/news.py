"""Judgment on real news: the right answer from the right article, declines of look-alikes, dated
questions and follow-up chats over the FOMC collection, dev and test halves apart.

    python benchmarks/news_collection.py --snapshot PATH   # once: writes data/news/corpus/
    python benchmarks/news.py [--label NAME] [--no-check-names]

Collection: benchmarks/data/news/ (sources.json, questions.json, chats.json); 35 articles in 7
clusters of one story told on different days; and further dev collections, each indexed on its own
(news_collection.EXTRAS: extra.json, half "dev2", 10 articles in 2 clusters; extra3.json, "dev3", 13
in 3; extra4.json, "dev4", 13 in 3; extra5.json, "dev5", 18 in 4). Prints, per half:
- answerable: right answer from an article that states it (%), wrong article, wrong span, declined;
- unanswerable declined per kind (absent, look-alike);
- false declines of the name check (answerable questions it declined);
- dated questions right with the question's date phrases understood (the default) and without;
- follow-up turns answered right per turn type, and the reading (the resolved words are in it);
- p50/p95 ask time.
Writes benchmarks/results/news[-LABEL].json.
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = ROOT / "benchmarks" / "data" / "news"
CORPUS = ROOT / "data" / "news" / "corpus"
sys.path.insert(0, str(ROOT / "benchmarks"))
from news_collection import EXTRAS  # noqa: E402  (half, questions file, articles folder)

# dev2-dev5: the further dev collections' questions and chats, tuned on like dev.
HALVES = ("dev", *(half for half, _, _ in EXTRAS), "test")
COLLECTION_OF_HALF = {half: f"dev collection {name}" for half, name, _ in EXTRAS}
STOP = set("a an the of in on at to for by and or what who whom which when where why how did does do is was were "
           "be been it its he she they his her their that this these those then there according".split())


def tokens(text: str) -> list[str]:
    """The words of text as the SQuAD metric normalises them, a typographic apostrophe read as the
    plain one it stands for: "Conception’s" is "Conception's" (else the possessive reads as another word)."""
    from qa_lab.metrics import normalize_answer
    return normalize_answer(text.replace("’", "'").replace("‘", "'")).split()


def article_of(reply) -> str:
    hit = reply.answer.hit if reply.answer else None
    return Path(hit.source).name if hit and hit.source else ""


def ask_all(assistant, questions, **options) -> list[dict]:
    from qa_lab.metrics import answer_right

    out = []
    for q in questions:
        t0 = time.perf_counter()
        reply = assistant.ask(q["question"], **options)
        ms = 1000 * (time.perf_counter() - t0)
        record = {"id": q["id"], "half": q["half"], "kind": q["kind"], "date_kind": q["date_kind"], "ms": ms,
                  "answer": reply.answer.text if reply.answer else None, "article": article_of(reply),
                  "unmentioned": list(reply.unmentioned), "clarify": list(reply.clarify)}
        if q["kind"] == "answerable":
            record["right_span"] = bool(reply.answer) and answer_right(reply.answer.text, q["answers"])
            record["right_article"] = record["article"] in q["articles"]
            record["right"] = record["right_span"] and record["right_article"]
        else:
            record["declined"] = reply.answer is None
        out.append(record)
    return out


def reading_right(interpreted: str, question: str, expected: str | None) -> bool:
    """Unchanged for a standalone question; else every content word the expected reading adds to
    the question is in the reading the assistant used."""
    if expected is None:
        return " ".join(interpreted.split()) == " ".join(question.split())
    added = set(tokens(expected)) - set(tokens(question)) - STOP
    return added <= set(tokens(interpreted))


def run_chats(assistant, chats) -> list[dict]:
    out = []
    for chat in chats:
        history = []
        for question, kind, expected_reading, words in chat["turns"]:
            t0 = time.perf_counter()
            reply = assistant.ask(question, history)
            ms = 1000 * (time.perf_counter() - t0)
            text = reply.answer.text if reply.answer else ""
            out.append({"half": chat["half"], "type": kind, "question": question, "interpreted": reply.question,
                        "answer": text or None, "ms": ms, "clarify": list(reply.clarify),
                        "reading_right": not reply.clarify and reading_right(reply.question, question, expected_reading),
                        "right": bool(text) and words.lower() in text.lower()})
            history.append((question, reply))
    return out


def pct(n: int, d: int) -> str:
    return f"{100 * n / d:5.1f}% ({n}/{d})" if d else "-"


def summarize(records, chats_out) -> dict:
    from qa_lab.metrics import percentiles

    result = {}
    for half in HALVES:
        rs = [r for r in records if r["half"] == half]
        ans = [r for r in rs if r["kind"] == "answerable"]
        row = {"answerable": len(ans),
               "right": sum(r["right"] for r in ans),
               "right_span_wrong_article": sum(r["right_span"] and not r["right_article"] for r in ans),
               "wrong_span": sum(r["answer"] is not None and not r["right_span"] for r in ans),
               "declined": sum(r["answer"] is None for r in ans),
               "name_check_declines": sum(r["answer"] is None and bool(r["unmentioned"]) for r in ans)}
        for kind in ("absent", "look-alike"):
            un = [r for r in rs if r["kind"] == kind]
            row[kind] = {"questions": len(un), "declined": sum(r["declined"] for r in un)}
        dated = [r for r in ans if r["date_kind"]]
        row["dated"] = {"questions": len(dated), "right": sum(r["right"] for r in dated)}
        turns = [t for t in chats_out if t["half"] == half]
        by_type = defaultdict(lambda: {"turns": 0, "right": 0, "reading_right": 0})
        for t in turns:
            by_type[t["type"]]["turns"] += 1
            by_type[t["type"]]["right"] += t["right"]
            by_type[t["type"]]["reading_right"] += t["reading_right"]
        row["chats"] = {"turns": len(turns), "right": sum(t["right"] for t in turns),
                        "standalone_rewritten": sum(t["type"] == "standalone" and not t["reading_right"] for t in turns),
                        "by_type": dict(by_type)}
        result[half] = row
    result["ask_ms"] = {k: round(v, 1) for k, v in percentiles([r["ms"] for r in records]).items()}
    return result


def print_table(result, undated) -> None:
    for half in HALVES:
        r = result[half]
        print(f"\n{half} half" + (f" ({COLLECTION_OF_HALF[half]})" if half in COLLECTION_OF_HALF else ""))
        print(f"  answerable right from the right article  {pct(r['right'], r['answerable'])}")
        print(f"    right words, other article             {pct(r['right_span_wrong_article'], r['answerable'])}")
        print(f"    wrong span                             {pct(r['wrong_span'], r['answerable'])}")
        print(f"    declined                               {pct(r['declined'], r['answerable'])}"
              f"  (name check: {r['name_check_declines']})")
        for kind in ("absent", "look-alike"):
            print(f"  {kind:<10} declined                     {pct(r[kind]['declined'], r[kind]['questions'])}")
        u = undated[half]
        print(f"  dated right, date phrases understood     {pct(r['dated']['right'], r['dated']['questions'])}")
        print(f"  dated right, without (no filter)         {pct(u['right'], u['questions'])}")
        c = r["chats"]
        print(f"  follow-up chats: turns right             {pct(c['right'], c['turns'])}"
              f"  (standalone rewritten: {c['standalone_rewritten']})")
        for kind, t in sorted(c["by_type"].items()):
            print(f"    {kind:<12} answer {pct(t['right'], t['turns']):<16} reading {pct(t['reading_right'], t['turns'])}")
    print(f"\nask time p50 {result['ask_ms']['p50']} ms, p95 {result['ask_ms']['p95']} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--label", default="", help="results file suffix, e.g. 'before'")
    parser.add_argument("--no-check-names", action="store_true", help="ask with the name check off")
    parser.add_argument("--show", choices=[*HALVES, "none"], default="dev",
                        help="which half's misses to print (never tune on test)")
    args = parser.parse_args()
    missing = [str(c) for c in (CORPUS, *(folder for _, _, folder in EXTRAS)) if not c.is_dir()]
    if missing:
        print(f"No collection at {', '.join(missing)}: run benchmarks/news_collection.py --snapshot PATH first.")
        return 2
    from qa.assistant import Assistant
    from qa_lab.machine import describe as machine

    questions = json.loads((DATA / "questions.json").read_text())["questions"]
    chats = json.loads((DATA / "chats.json").read_text())["chats"]
    extras = [(folder, json.loads((DATA / name).read_text())) for _, name, folder in EXTRAS]
    work = Path(tempfile.mkdtemp(prefix="qa-news-"))
    options = {"check_names": not args.no_check_names}
    records, undated_records, chats_out = [], [], []
    try:
        for corpus, qs, cs, name in [(CORPUS, questions, chats, "index")] + [
                (folder, extra["questions"], extra["chats"], f"{folder.name}-index") for folder, extra in extras]:
            assistant = Assistant.from_corpus(corpus, work / name, progress=False)
            records += ask_all(assistant, qs, **options)
            dated_qs = [q for q in qs if q["date_kind"] and q["kind"] == "answerable"]
            undated_records += ask_all(assistant, dated_qs, date_phrases=False, **options)
            chats_out += run_chats(assistant, cs)
        questions = questions + [q for _, extra in extras for q in extra["questions"]]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    result = summarize(records, chats_out)
    undated = {h: {"questions": sum(r["half"] == h for r in undated_records),
                   "right": sum(r["right"] for r in undated_records if r["half"] == h)} for h in HALVES}
    print_table(result, undated)
    if args.show != "none":
        print(f"\nmisses on the {args.show} half:")
        by_id = {q["id"]: q for q in questions}
        for r in records:
            if r["half"] != args.show:
                continue
            q = by_id[r["id"]]
            if (r["kind"] == "answerable" and not r["right"]) or (r["kind"] != "answerable" and not r["declined"]):
                print(f"  {r['kind'][:4]} {q['question']!r} -> {r['answer']!r} [{r['article']}]"
                      f"{' unmentioned=' + str(r['unmentioned']) if r['unmentioned'] else ''}"
                      f"  want {q['answers'][:1]} {q['articles'][:2]}")
        for t in chats_out:
            if t["half"] == args.show and not (t["right"] and t["reading_right"]):
                print(f"  chat {t['type']}: {t['question']!r} -> {t['interpreted']!r} = {t['answer']!r}")
    out = {"machine": machine(), "options": vars(args), "result": result, "undated": undated,
           "records": records, "undated_records": undated_records, "chats": chats_out}
    name = f"news-{args.label}.json" if args.label else "news.json"
    (ROOT / "benchmarks" / "results" / name).write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
