"""What a follow-up costs beyond the same question asked alone (issue #44): over the Wikinews chats
(benchmarks/data/wikinews/, every genre with a dev half, both halves), each follow-up turn is asked
twice, interleaved, with the answer cache off: as typed with the conversation's history, and as the
question it was read as (Reply.question) with no history. Also the resolver alone
(followups.resolve_turn): with the language layer's cache empty (the analysis included) and full (the rules alone).

    python benchmarks/followup_cost.py        # prints a table, writes benchmarks/results/followup_cost.json
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))


def _ms(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return 1000 * (time.perf_counter() - t0)


def follow_up_turns(assistant, genres) -> list[tuple[str, list, str]]:
    """(question as typed, history before it, question as read) for every follow-up turn."""
    turns = []
    for genre in genres.GENRES:
        for chat in json.loads((genres.QUESTIONS / f"{genre}.json").read_text())["chats"]:
            history = []
            for question, kind, *_ in chat["turns"]:
                reply = assistant.ask(question, history)
                if kind != "standalone":
                    turns.append((question, list(history), reply.question))
                history.append((question, reply))
    return turns


def main() -> int:
    import genres
    from qa import followups, language
    from qa.assistant import Assistant
    from qa_lab.machine import describe as machine
    from qa_lab.metrics import percentiles

    assistant = Assistant.from_corpus(genres.wikinews_files(), genres.INDEX, progress=False)
    turns = follow_up_turns(assistant, genres)
    assistant.cache_size = 0  # every ask reads afresh
    as_follow_up, alone = [], []
    for i, (typed, history, read) in enumerate(turns):  # interleaved, the order alternating
        pair = [("f", lambda: assistant.ask(typed, history)), ("a", lambda: assistant.ask(read))]
        for which, fn in (pair if i % 2 else pair[::-1]):
            (as_follow_up if which == "f" else alone).append(_ms(fn))
    language.analyse.cache_clear()
    language.entities_of.cache_clear()
    cold = [_ms(lambda t=t: followups.resolve_turn(t[0], t[1])) for t in turns]
    warm = [_ms(lambda t=t: followups.resolve_turn(t[0], t[1])) for t in turns]
    extra = [f - a for f, a in zip(as_follow_up, alone)]
    out = {"machine": machine(), "turns": len(turns),
           "ask_follow_up_ms": percentiles(as_follow_up), "ask_alone_ms": percentiles(alone),
           "follow_up_minus_alone_ms": percentiles(extra),
           "resolve_with_analysis_ms": percentiles(cold), "resolve_rules_only_ms": percentiles(warm)}
    rows = [("ask, follow-up with its history", "ask_follow_up_ms"), ("ask, the same question alone", "ask_alone_ms"),
            ("difference, per turn", "follow_up_minus_alone_ms"),
            ("resolving, with the analysis", "resolve_with_analysis_ms"), ("resolving, rules only", "resolve_rules_only_ms")]
    print(f"{len(turns)} follow-up turns (Wikinews chats)\n{'':34}{'p50 ms':>9}{'p95 ms':>9}")
    for label, key in rows:
        print(f"{label:34}{out[key]['p50']:9.1f}{out[key]['p95']:9.1f}")
    (ROOT / "benchmarks" / "results" / "followup_cost.json").write_text(json.dumps(out, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
