"""Which step loses each answerable question, per genre and half: retrieval (no paragraph of a right
article that holds the answer among the passages retrieved), reading (such a paragraph retrieved but
not read: the reader reads the first passages, the rest only when those answer weakly), the reader (it
was read, but no span the reader puts above its "no answer" is right), or the judgment (such a right
span was there, but another was answered, or none).

    python benchmarks/where_lost.py [--label NAME] [--only GENRE ...]

Over the questions of benchmarks/genres.py (the six Wikinews genres with both halves, the three held
out, and FOMC). Prints, per genre and half: recall@1 and recall@5 of a right paragraph (a paragraph of
an article the question names as stating the answer, whose text holds one of the expected answers;
among the passages retrieved: 5, or 15 for a latest question), a right span among the reader's (as read
or as the judgment mends it), right answers, and the misses by the step that loses them. Writes
benchmarks/results/where_lost[-NAME].json with every question's step.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def _words(text: str) -> list[str]:
    """Lowercase words, punctuation read as a space ("Luxembourg-based" holds "Luxembourg")."""
    return re.sub(r"[^\w\s]", " ", text.lower()).split()


def _holds(text: str, answers: list[str]) -> bool:
    said = f" {' '.join(_words(text))} "
    return any(f" {' '.join(_words(a))} " in said for a in answers if _words(a))


def _judged_forms(question: str, span) -> list:
    """A reader's span as the judgment may answer it: as read, its edges mended, the amount said of the
    thing asked, with the noun it counts."""
    from qa import judge

    mended = judge._mended(question, span)
    return [span, mended, judge._said_of_thing(question, judge._thing_asked(question), mended),
            judge.with_counted_noun(question, mended)]


def _reading_answered(assistant, reply):
    """The reading the reply's answer came from: the question as interpreted, or, where that declined and
    the words of a paraphrase answered (Assistant.ask), the paraphrase's."""
    from qa.paraphrase import paraphrase

    reading = assistant.reading(reply.question)
    other = paraphrase(reply.question) if reply.answer is not None and reply.hits is not reading.hits else None
    return assistant.reading(other) if other else reading


def where(assistant, q: dict) -> dict:
    """The rank of the first right paragraph among the passages retrieved, whether it was read, whether a
    right span is among the reader's spans that beat its "no answer", whether the answer given is right,
    and the step that lost it ("" when right): retrieval, reading (retrieved, not read: the reader reads
    the first passages, the rest only when those answer weakly), the reader, or the judgment."""
    from news import article_of

    from qa_lab.metrics import answer_right

    reply = assistant.ask(q["question"])
    reading = _reading_answered(assistant, reply)
    right_article = [i for i, h in enumerate(reading.hits) if Path(h.source).name in q["articles"]]
    holding = [i for i in right_article if _holds(reading.hits[i].text, q["answers"])]
    read = {a.passage_index for a in reading.found}
    right = bool(reply.answer) and answer_right(reply.answer.text, q["answers"]) and article_of(reply) in q["articles"]
    span = right or any(a.passage_index in right_article and a.margin > 0 and any(
        answer_right(f.text, q["answers"]) for f in _judged_forms(reading.checked, a)) for a in reading.found)
    step = "" if right else "judgment" if span else "reader" if set(holding) & read else \
        "reading" if holding else "retrieval"
    return {"id": q["id"], "half": q["half"], "rank": holding[0] + 1 if holding else None,
            "read": bool(set(holding) & read), "span_found": span, "right": right, "lost_at": step}


def row(rows: list[dict]) -> dict:
    n = len(rows)
    out = {"questions": n, "recall@1": sum(r["rank"] == 1 for r in rows),
           "recall@5": sum(r["rank"] is not None and r["rank"] <= 5 for r in rows),
           "span_found": sum(r["span_found"] for r in rows), "right": sum(r["right"] for r in rows)}
    for step in ("retrieval", "reading", "reader", "judgment"):
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
             "lost at retrieval | not read | reader | judgment |", "|---|---|---|---|---|---|---|---|---|---|---|"]
    for genre, halves in result.items():
        for half, r in halves.items():
            if r["questions"]:
                n = r["questions"]
                lines.append(f"| {genre} | {half} | {n} | {r['recall@1']} | {r['recall@5']} | {r['span_found']} | "
                             f"{r['right']} | {r['lost_at_retrieval']} | {r['lost_at_reading']} | "
                             f"{r['lost_at_reader']} | "
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
