"""Replies as HTML for the chat. Every piece of document text goes through html.escape."""
from __future__ import annotations

import re
from html import escape

from .types import Reply


# Words for the calibrated score (the share of such answers that are right): "high" from 6 in 10,
# "medium" from 3 in 10. The scale is the model's calibration, so the words keep their meaning.
HIGH_CONFIDENCE = 0.6
MEDIUM_CONFIDENCE = 0.3


_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>=])")


def md_text(text: str) -> str:
    """Text for a Markdown component, shown as text: HTML escaped, and every character Markdown acts
    on backslash-escaped, so an article title like ``![t](http://host/beacon.png)`` is never an image
    the browser fetches, a link, or emphasis."""
    one_line = " ".join(str(text).split())  # a newline could start a heading or a list
    return _MARKDOWN.sub(r"\\\1", escape(one_line, quote=False))


def confidence(score: float) -> str:
    word = "high" if score >= HIGH_CONFIDENCE else "medium" if score >= MEDIUM_CONFIDENCE else "low"
    filled = max(1, round(score * 10))
    return f"{'█' * filled}{'░' * (10 - filled)} {word} confidence ({score:.0%})"


def highlight(text: str, start: int, end: int) -> str:
    return f"{escape(text[:start])}<mark>{escape(text[start:end])}</mark>{escape(text[end:])}"


def source_line(hit) -> str:
    dated = f" ({escape(hit.date)})" if getattr(hit, "date", "") else ""
    return f"<em>{escape(hit.title)}</em>{dated}, paragraph {hit.paragraph_number}"


def outranked_by_search(answer, c) -> bool:
    """Answers are ranked by reader margin and search score together, so a candidate can out-score
    the answer on the reader alone; the chat and CLI say why rather than leave it looking wrong."""
    return c.score > answer.score and c.passage_index > answer.passage_index


def alternative_line(reply: Reply, c) -> str:
    line = f"<strong>{escape(c.text)}</strong> ({c.score:.0%}) — {source_line(c.hit)}"
    if outranked_by_search(reply.answer, c):
        line += (f" <small>(ranked below the answer: search put its passage #{c.passage_index + 1},"
                 f" the answer's #{reply.answer.passage_index + 1})</small>")
    return line


def date_filter_line(f: dict) -> str:
    """What a date the question named did to the search, in words."""
    span = (f"up to {f['until']}" if not f["since"] else f["since"] if f["since"] == f["until"]
            else f"{f['since']} to {f['until']}")
    counted = "" if not f.get("relative_to") else \
        f", counting from the conversation's article ({f['relative_to']})" if f.get("conversation") else \
        f", counting from the newest article ({f['relative_to']})"
    if f.get("nearest_before") and f.get("applied", True):
        return (f"No article is dated {f['since']} (\u201c{f['phrase']}\u201d{counted}); read the nearest before it, "
                f"of {f['nearest_before']}.")
    if f.get("spoken_of"):
        return (f"No article dated {span} answers (\u201c{f['phrase']}\u201d{counted}); read the articles of other "
                "dates whose paragraph speaks of it.")
    if not f.get("applied", True):
        return (f"No article is dated {span} (\u201c{f['phrase']}\u201d{counted}); searched all of them.")
    return (f"Only articles dated {span}, from \u201c{f['phrase']}\u201d in the question{counted}. "
            "Leave the date out, or set the dates yourself, to search all.")


def clarify_question(choices: list[str]) -> str:
    return f"Do you mean {', '.join(choices[:-1])} or {choices[-1]}?" if len(choices) > 1 else f"Do you mean {choices[0]}?"


def reply_html(reply: Reply) -> str:
    if reply.clarify:
        return f"<p>{escape(clarify_question(reply.clarify))}</p>"
    parts = []
    if reply.rewritten:
        parts.append(f"<p><small>Interpreting as: <em>{escape(reply.question)}</em></small></p>")
    if reply.date_filter:
        parts.append(f"<p><small>{escape(date_filter_line(reply.date_filter))}</small></p>")
    if reply.answer is None and reply.unmentioned:
        names = ", ".join(escape(n) for n in reply.unmentioned)
        parts.append(f"<p><strong>The articles don't mention {names}.</strong></p>")
        c = reply.closest
        parts.append(f"<p>The closest I found is about something else: <em>{escape(c.text)}</em> "
                     f"— {source_line(c.hit)}.</p>")
        return "\n".join(parts)
    if reply.answer is None:
        parts.append("<p><strong>I couldn't find that in the articles.</strong></p>")
        if reply.hits:
            parts.append("<p>The closest passages:</p>")
            for h in reply.hits[:3]:
                parts.append(f"<blockquote>{escape(h.text)}<br><small>— {source_line(h)}</small></blockquote>")
        return "\n".join(parts)
    a, h = reply.answer, reply.hit
    parts.append(f"<p><strong>{escape(a.text)}</strong></p>")
    if reply.dated_answers:
        items = "; ".join(f"{escape(day)}: {escape(x.text)}" for day, x in reply.dated_answers)
        parts.append(f"<p><small>Newest first — {items}</small></p>")
    if reply.disagreeing:
        items = "; ".join(f"<em>{escape(x.text)}</em> — {source_line(x.hit)}" for x in reply.disagreeing)
        parts.append(f"<p><small>The articles disagree: this answer — {source_line(h)}; but {items}</small></p>")
    parts.append(f"<blockquote>{highlight(h.text, a.start, a.end)}</blockquote>")
    parts.append(f"<p><small>— {source_line(h)} · {confidence(a.score)}</small></p>")
    if reply.alternatives:
        items = "".join(f"<li>{alternative_line(reply, c)}</li>" for c in reply.alternatives)
        parts.append(f"<details><summary>Other candidate answers ({len(reply.alternatives)})</summary><ul>{items}</ul></details>")
    items = "".join(f"<li>{escape(x.text)}<br><small>— {source_line(x)}</small></li>" for x in reply.hits)
    parts.append(f"<details><summary>Retrieved passages ({len(reply.hits)})</summary><ol>{items}</ol></details>")
    return "\n".join(parts)
