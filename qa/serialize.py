"""The one JSON shape of what qa answers, used by every face: the JSON API (/api/ask, /api/search,
/api/articles), the Gradio API and the CLI's --json. Values are plain JSON; a
file is named as the corpus names it, never by where the corpus lives on the server's disk."""
from __future__ import annotations

from .types import Answer, Article, Hit, Reply, article_file


def hit_json(hit: Hit) -> dict:
    """A retrieved paragraph: its article, its place in it, its text and scores."""
    return {"title": hit.title, "file": article_file(hit.doc_id), "doc_id": hit.doc_id,
            "paragraph": hit.paragraph_number, "paragraph_id": hit.paragraph_id, "start": hit.start,
            "end": hit.end, "date": hit.date, "text": hit.text, "score": round(float(hit.score), 6),
            "dense_rank": hit.dense_rank, "bm25_rank": hit.bm25_rank}


def answer_json(answer: Answer) -> dict:
    """A span: its text, calibrated score, offsets into its passage, and the passage when known."""
    out = {"text": answer.text, "score": round(float(answer.score), 4), "start": answer.start, "end": answer.end,
           "margin": round(float(answer.margin), 4), "passage_index": answer.passage_index}
    if answer.hit is not None:
        out.update(title=answer.hit.title, file=article_file(answer.hit.doc_id), doc_id=answer.hit.doc_id,
                   paragraph=answer.hit.paragraph_number)
    return out


def reply_message(reply: Reply) -> str:
    """The reply in one plain sentence: the answer, or why there is none, or the question back."""
    if reply.clarify:
        names = reply.clarify
        return f"Do you mean {', '.join(names[:-1])} or {names[-1]}?" if len(names) > 1 else f"Do you mean {names[0]}?"
    if reply.answer is not None:
        return reply.answer.text
    if reply.unmentioned:
        return f"The articles don't mention {', '.join(reply.unmentioned)}."
    return "I couldn't find that in the articles." + (" The closest passages are listed." if reply.hits else "")


def reply_json(reply: Reply) -> dict:
    """A reply: the answer's fields at the top (null when declined), a plain message (the answer, or
    why there is none), the other passages' answers, the closest span when declined, and the
    passages searched."""
    a, hit = reply.answer, reply.hit
    return {
        "question": reply.original_question or reply.question,
        "interpreted_question": reply.question,
        "message": reply_message(reply),
        "answer": a.text if a else None,
        "score": round(float(a.score), 4) if a else None,
        "threshold": round(float(reply.threshold), 4) if reply.threshold is not None else None,
        "title": hit.title if hit else None,
        "file": article_file(hit.doc_id) if hit else None,
        "doc_id": hit.doc_id if hit else None,
        "date": hit.date if hit else None,
        "paragraph": hit.paragraph_number if hit else None,
        "passage": hit.text if hit else None,
        "start": a.start if a else None,
        "end": a.end if a else None,
        "alternatives": [answer_json(x) for x in reply.alternatives],
        "unmentioned": list(reply.unmentioned),
        "closest": answer_json(reply.closest) if reply.closest else None,
        # Declined: the passage that came closest (the first searched), so a client can show something.
        "closest_passage": hit_json(reply.hits[0]) if a is None and reply.hits else None,
        "clarify": list(reply.clarify),
        "date_filter": dict(reply.date_filter) if reply.date_filter else None,
        "dated_answers": [{"date": day, **answer_json(a)} for day, a in reply.dated_answers],
        "disagreeing": [{"date": a.hit.date if a.hit else "", **answer_json(a)} for a in reply.disagreeing],
        "passages": [hit_json(h) for h in reply.hits],
    }


def article_json(article: Article) -> dict:
    return {"file": article.file, "id": article.doc_id, "title": article.title, "date": article.date,
            "paragraphs": article.paragraphs, "duplicate_of": article.duplicate_of or None}
