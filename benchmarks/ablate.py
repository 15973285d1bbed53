"""Leave one rule out: the per-genre benchmark (benchmarks/genres.py) run with one named rule of the
judgment or the follow-ups removed, to find the rules that no genre needs and those each genre does.

    python benchmarks/ablate.py RULE [RULE ...]     # rules: python benchmarks/ablate.py --list
    python benchmarks/ablate.py --all | --kind followup [--out ablate-followups.json]

Each rule is taken out by replacing it, in this process only, with what it does when it does not
apply (a span edge returns the span, a veto declines nothing, an ordering step keeps the order, a
follow-up operation changes nothing). Writes benchmarks/results/ablate.json (or --out): per rule, every genre's
figures beside the run with all rules (the first run), and the records and chat turns that changed.
The first run's readings are kept (the reader is not a rule), so each further rule costs only the
judging and the follow-ups: about half a minute.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def _patch(module, attr, replacement):
    original = getattr(module, attr)
    setattr(module, attr, replacement)
    return lambda: setattr(module, attr, original)


def removers() -> dict:
    """name -> a function that removes the rule and returns the function that restores it."""
    from qa import judge
    from qa.followups import operations

    out = {}
    for edge in judge._SPAN_EDGES:
        out[f"edge:{edge.__name__.lstrip('_')}"] = (
            lambda edge=edge: _patch(judge, "_SPAN_EDGES", tuple(e for e in judge._SPAN_EDGES if e is not edge)))
    for name, _, test in judge.VETOES:
        out[f"veto:{name}"] = (
            lambda test=test: _patch(judge, "VETOES", tuple(v for v in judge.VETOES if v[2] is not test)))
    for step in ("_clause_asked_first", "_names_said_first", "_ordinal_said_first"):
        out[f"order:{step.lstrip('_')}"] = lambda step=step: _patch(judge, step, lambda question, live, order: live)
    for step in ("_subject_of_verb_first", "_object_of_verb_first", "_pronoun_doer_first"):
        out[f"order:{step.lstrip('_')}"] = lambda step=step: _patch(judge, step, lambda question, live: live)
    out["edge:said_of_thing"] = lambda: _patch(judge, "_said_of_thing", lambda question, thing, span: span)
    out["order:change_before_level"] = lambda: _patch(judge, "_change_before_level", lambda question, span: span)
    for name, operation in operations.OPERATIONS:
        out[f"followup:{name}"] = (lambda operation=operation: _patch(
            operations, "OPERATIONS", tuple(o for o in operations.OPERATIONS if o[1] is not operation)))
    return out


_KEPT: dict = {}  # the assistants of the first run, their readings cached: later runs only judge and resolve


def run_genres() -> tuple[dict, list, list]:
    from genres import GENRES, INDEX, QUESTIONS, UNSEEN, ask_genre, fomc_records, row, wikinews_files

    from qa.assistant import Assistant

    records, turns = [], []
    if "wikinews" not in _KEPT:
        _KEPT["wikinews"] = Assistant.from_corpus(wikinews_files(), INDEX, progress=False)
        _KEPT["wikinews"].cache_size = 1_000_000
    for genre in GENRES + UNSEEN:
        rs, ts = ask_genre(_KEPT["wikinews"], json.loads((QUESTIONS / f"{genre}.json").read_text()), genre)
        records, turns = records + rs, turns + ts
    if "work" not in _KEPT:
        _KEPT["work"] = tempfile.TemporaryDirectory(prefix="qa-ablate-")  # the FOMC indexes
    rs, ts = fomc_records(Path(_KEPT["work"].name), assistants=_KEPT.setdefault("fomc", {}))
    records, turns = records + rs, turns + ts
    genres = sorted({r["genre"] for r in records})
    table = {g: {h: row([r for r in records if r["genre"] == g and r["half"] == h],
                        [t for t in turns if t["genre"] == g and t["half"] == h]) for h in ("dev", "test")}
             for g in genres}
    return table, records, turns


def _figures(row: dict) -> dict:
    """The figures a rule is judged by: right answers (and, of the rest, how many are declined rather than
    answered wrongly), look-alikes and absent declined, dated right, chat turns right."""
    out = {"answerable": row["right"], "answerable declined": row["declined"]}  # a wrong answer or a decline
    for kind in ("look-alike", "absent", "dated", "chats"):
        value = row.get(kind)
        out[kind] = value.get("declined", value.get("right")) if isinstance(value, dict) else value
    return out


def compare(base: tuple, other: tuple) -> dict:
    """Per genre and half, each figure that moved (base -> other), and how many answers and readings changed."""
    moved = {}
    for genre, halves in base[0].items():
        for half, row in halves.items():
            a, b = _figures(row), _figures(other[0][genre][half])
            diff = {k: [a[k], b[k]] for k in a if a[k] != b[k]}
            if diff:
                moved[f"{genre}:{half}"] = diff
    answers = sum(x["answer"] != y["answer"] for x, y in zip(base[1], other[1]))
    readings = sum(x["interpreted"] != y["interpreted"] or x["right"] != y["right"] for x, y in zip(base[2], other[2]))
    return {"moved": moved, "answers_changed": answers, "turns_changed": readings}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rules", nargs="*")
    parser.add_argument("--all", action="store_true")
    parser.add_argument("--list", action="store_true")
    parser.add_argument("--kind", help="every rule of one kind: edge, veto, order or followup")
    parser.add_argument("--out", default="ablate.json", help="the results file's name")
    args = parser.parse_args()
    available = removers()
    if args.list:
        print("\n".join(available))
        return 0
    wanted = list(available) if args.all else [r for r in available if r.startswith(f"{args.kind}:")] \
        if args.kind else args.rules
    unknown = [r for r in wanted if r not in available]
    if unknown or not wanted:
        print(f"unknown rules: {unknown}; see --list" if unknown else "name rules or --all", file=sys.stderr)
        return 2
    out_path = ROOT / "benchmarks" / "results" / args.out
    base = run_genres()
    result = {"base": {g: {h: _figures(r) for h, r in hs.items()} for g, hs in base[0].items()}, "without": {}}
    for name in wanted:
        restore = available[name]()
        try:
            result["without"][name] = compare(base, run_genres())
        finally:
            restore()
        moved = result["without"][name]["moved"]
        print(f"{name:55s} " + ("; ".join(f"{k} {v}" for k, v in moved.items()) or "nothing moved"), flush=True)
        out_path.write_text(json.dumps(result, indent=1) + "\n")  # kept after each rule: a long run may stop
    return 0


if __name__ == "__main__":
    sys.exit(main())
