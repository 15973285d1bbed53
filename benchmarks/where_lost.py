"""Which step loses each answerable question, per genre and half: retrieval (no paragraph of a right
article that holds the answer among the passages read), the reader (such a paragraph read, but no span
of it right), or the judgment (a right span among the reader's spans, but another answered or none).

    python benchmarks/where_lost.py [--label NAME] [--only GENRE ...]

Over the questions of benchmarks/genres.py (the six Wikinews genres with both halves, the three held
out, and FOMC). Prints, per genre and half: recall@1 and recall@5 of a right paragraph (a paragraph of
an article the question names as stating the answer, whose text holds one of the expected answers),
a right span anywhere among the reader's spans (their edges mended as the judgment mends them),
right answers, and the misses by the step that loses them. Writes
benchmarks/results/where_lost[-NAME].json with every question's step.
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


def _holds(text: str, answers: list[str]) -> bool:
    from qa_lab.metrics import normalize_answer

    said = f" {normalize_answer(text)} "
    return any(f" {normalize_answer(a)} " in said for a in answers if normalize_answer(a))


def where(assistant, q: dict) -> dict:
    """The rank of the first right paragraph among the passages read, whether a right span is among the
    reader's spans, whether the answer given is right, and the step that lost it ("" when right)."""
    from news import article_of

    from qa.judge import _mended as mended
    from qa_lab.metrics import answer_right

    reply = assistant.ask(q["question"])
    reading = assistant.reading(reply.question)
    right_article = [h for h in reading.hits if Path(h.source).name in q["articles"]]
    rank = next((i for i, h in enumerate(reading.hits, 1) if h in right_article and _holds(h.text, q["answers"])),
                None)
    # The spans as the judgment mends their edges before judging them ("50 basis points" grown to its unit).
    span = any(a.hit is not None and a.hit in right_article and answer_right(mended(reading.checked, a).text,
                                                                             q["answers"]) for a in reading.found)
    right = bool(reply.answer) and answer_right(reply.answer.text, q["answers"]) and article_of(reply) in q["articles"]
    step = "" if right else "retrieval" if rank is None else "reader" if not span else "judgment"
    return {"id": q["id"], "half": q["half"], "rank": rank, "span_found": span, "right": right, "lost_at": step}


def row(rows: list[dict]) -> dict:
    n = len(rows)
    out = {"questions": n, "recall@1": sum(r["rank"] == 1 for r in rows),
           "recall@5": sum(r["rank"] is not None and r["rank"] <= 5 for r in rows),
           "span_found": sum(r["span_found"] for r in rows), "right": sum(r["right"] for r in rows)}
    for step in ("retrieval", "reader", "judgment"):
        out[f"lost_at_{step}"] = sum(r["lost_at"] == step for r in rows)
    return out


def genre_questions(wanted) -> list[tuple[str, object, list[dict]]]:
    """(genre, the folder or files it is read from, its answerable questions) for each genre wanted."""
    from genres import GENRES, QUESTIONS, UNSEEN, wikinews_files
    from news import CORPUS, DATA, EXTRAS

    out = []
    for genre in GENRES + UNSEEN:
        if genre in wanted:
            qs = json.loads((QUESTIONS / f"{genre}.json").read_text())["questions"]
            out.append((genre, wikinews_files(), [q for q in qs if q["kind"] == "answerable"]))
    if "fomc" in wanted:
        sets = [(CORPUS, "questions.json")] + [(folder, name) for _, name, folder in EXTRAS]
        for corpus, name in sets:
            qs = json.loads((DATA / name).read_text())["questions"]
            out.append(("fomc", corpus, [dict(q, half="test" if q["half"] == "test" else "dev")
                                         for q in qs if q["kind"] == "answerable"]))
    return out


def table(result: dict) -> str:
    lines = ["| genre | half | questions | right paragraph @1 | @5 | right span among the reader's | right answer | "
             "lost at retrieval | reader | judgment |", "|---|---|---|---|---|---|---|---|---|---|"]
    for genre, halves in result.items():
        for half, r in halves.items():
            if r["questions"]:
                n = r["questions"]
                lines.append(f"| {genre} | {half} | {n} | {r['recall@1']} | {r['recall@5']} | {r['span_found']} | "
                             f"{r['right']} | {r['lost_at_retrieval']} | {r['lost_at_reader']} | "
                             f"{r['lost_at_judgment']} |")
    return "\n".join(lines)


def main() -> int:
    from genres import GENRES, INDEX, UNSEEN

    from qa.assistant import Assistant

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--label", default="")
    parser.add_argument("--only", nargs="*", default=None, help="genres to run (default: all, and fomc)")
    args = parser.parse_args()
    wanted = args.only or [*GENRES, "fomc", *UNSEEN]
    per_question: dict[str, list[dict]] = {}
    built: dict[str, Assistant] = {}
    with tempfile.TemporaryDirectory(prefix="qa-where-") as work:
        for n, (genre, corpus, qs) in enumerate(genre_questions(wanted)):
            key = str(corpus) if genre == "fomc" else "wikinews"
            if key not in built:
                index = INDEX if key == "wikinews" else Path(work) / f"fomc-{n}"
                built[key] = Assistant.from_corpus(corpus, index, progress=False)
            per_question.setdefault(genre, []).extend(where(built[key], q) for q in qs)
    result = {g: {h: row([r for r in rows if r["half"] == h]) for h in ("dev", "test")}
              for g, rows in per_question.items()}
    print(table(result))
    name = f"where_lost-{args.label}.json" if args.label else "where_lost.json"
    (ROOT / "benchmarks" / "results" / name).write_text(
        json.dumps({"genres": result, "questions": per_question}, indent=1, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
