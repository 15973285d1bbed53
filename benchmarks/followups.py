"""Follow-up questions over whole conversations: is each turn rewritten right, and answered right?

    python benchmarks/followups.py

Corpus: the seed article, tests/data/harbour_bridge.md and tests/data/articles/*.md, indexed
together. Chats: benchmarks/data/conversations.json (42 chats, 2-3 turns each). Each turn goes through
Assistant.ask with the chat's history; a rewrite is right when the interpreted question equals the
expected one (unchanged for standalone questions; "a | b": either), a "clarify" turn when the assistant asks back with
exactly the expected people, an answer when the expected words are in it. Prints both accuracies per
turn type, writes benchmarks/results/followups.json.
"""
from __future__ import annotations

import json
import shutil
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CHATS = ROOT / "benchmarks" / "data" / "conversations.json"


def corpus_files() -> list[Path]:
    return [ROOT / "seeds" / "nato_russia_talks.txt", ROOT / "tests" / "data" / "harbour_bridge.md",
            *sorted((ROOT / "tests" / "data" / "articles").glob("*.md"))]


def six_article_assistant(work: Path):
    """An Assistant over copies of the six test articles, indexed in work/ (also used by grounding.py)."""
    from qa.assistant import Assistant

    (work / "corpus").mkdir(parents=True)
    for f in corpus_files():
        shutil.copy(f, work / "corpus" / f.name)
    return Assistant.from_corpus(work / "corpus", work / "index", progress=False)


def write_result(name: str, data: dict) -> None:
    path = ROOT / "benchmarks" / "results" / name
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n")


def readings(expected: str | None, question: str) -> list[str]:
    """The readings a turn may be given: "a | b" when either is right (the article the answer came from
    names the mayor, the history's words alone do not); the question as typed when none is written."""
    return [e.strip() for e in expected.split(" | ")] if expected else [" ".join(question.split())]


def run_chats(assistant, chats) -> list[dict]:
    """One record per turn: its type, whether the rewrite and the answer were right."""
    out = []
    for chat in chats:
        history = []
        for question, kind, expected_q, expected_a in chat:
            reply = assistant.ask(question, history)
            record = {"question": question, "type": kind, "interpreted": reply.question, "clarify": reply.clarify,
                      "answer": reply.answer.text if reply.answer else None}
            if expected_a and expected_a.startswith("CLARIFY "):
                record["rewrite_right"] = reply.clarify == expected_a[len("CLARIFY "):].split("|")
                record["answer_right"] = record["rewrite_right"]
            else:
                record["rewrite_right"] = not reply.clarify and reply.question in readings(expected_q, question)
                if expected_a is not None:  # "a | b": either is right
                    record["answer_right"] = bool(reply.answer) and any(
                        e.strip().lower() in reply.answer.text.lower() for e in expected_a.split(" | "))
            out.append(record)
            history.append((question, reply))
    return out


def time_resolution(chats, turns, repeats: int = 50) -> dict:
    """How long the rule-based rewriting of one turn takes, given the history the assistant had."""
    import time

    from qa.followups import resolve_turn
    from qa_lab.metrics import percentiles

    times, i = [], 0
    for chat in chats:
        history = []
        for question, *_ in chat:
            t0 = time.perf_counter()
            for _ in range(repeats):
                resolve_turn(question, history)
            times.append(1000 * (time.perf_counter() - t0) / repeats)
            history.append((turns[i]["interpreted"], turns[i]["answer"] or ""))
            i += 1
    return {k: round(v, 4) for k, v in percentiles(times).items()}


def main() -> int:
    chats = json.loads(CHATS.read_text())["chats"]
    work = Path(tempfile.mkdtemp(prefix="qa-followups-"))
    assistant = six_article_assistant(work)
    turns = run_chats(assistant, chats)
    by_type = defaultdict(lambda: {"turns": 0, "rewrite_right": 0, "answers_scored": 0, "answer_right": 0})
    for t in turns:
        row = by_type[t["type"]]
        row["turns"] += 1
        row["rewrite_right"] += t["rewrite_right"]
        if "answer_right" in t:
            row["answers_scored"] += 1
            row["answer_right"] += t["answer_right"]
    print(f"{len(chats)} chats, {len(turns)} turns")
    print(f"{'turn type':<12} {'turns':>5}  {'rewrite right':>13}  {'answer right':>12}")
    for kind in ("standalone", "pronoun", "ellipsis", "deictic", "topic", "ordinal", "clarify"):
        r = by_type.get(kind)
        if r:
            answers = f"{r['answer_right']}/{r['answers_scored']}" if r["answers_scored"] else "-"
            print(f"{kind:<12} {r['turns']:>5}  {r['rewrite_right']:>6}/{r['turns']:<6}  {answers:>12}")
    wrong = [t for t in turns if not t["rewrite_right"] or t.get("answer_right") is False]
    for t in wrong:
        print(f"  x {t['type']}: {t['question']!r} -> {t['interpreted']!r}, answer {t['answer']!r}")
    standalone_rewritten = sum(1 for t in turns if t["type"] == "standalone" and not t["rewrite_right"])
    resolve_ms = time_resolution(chats, turns)
    print(f"resolving a turn: p50 {resolve_ms['p50']:.3f} ms, p95 {resolve_ms['p95']:.3f} ms (rules only, no model)")
    out = {"chats": len(chats), "turns": len(turns), "by_type": dict(by_type),
           "standalone_rewritten": standalone_rewritten, "resolve_ms": resolve_ms, "turn_results": turns}
    write_result("followups.json", out)
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
