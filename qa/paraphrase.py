"""Words a question may use for what news text says otherwise, tried only when the question as asked
finds no answer. The reader takes "Who dissented in September 2013?" for a question that "Voting
against the action was Esther L. George" does not answer (a vote's record says who voted against, a
report that someone dissented says "dissented", and that is read first)."""
from __future__ import annotations

import re

# "dissented", "dissent" as a verb ("Why did George dissent?"), not the noun ("his dissent", "the dissent");
# "from/against X" keeps its object.
_DISSENT = re.compile(r"(?<!\bhis )(?<!\bher )(?<!\bthe )(?<!\bits )(?<!\btheir )\bdissent(?P<past>ed)?\b"
                      r"(?P<object>\s+(?:from|against)\b)?", re.IGNORECASE)


def _voted(m: re.Match) -> str:
    verb = "voted" if m.group("past") else "vote"
    return f"{verb} against" if m.group("object") else f"{verb} against the action"


def paraphrase(question: str) -> str | None:
    """The question in the words a vote's record uses, or None when it has none to change."""
    out = _DISSENT.sub(_voted, question)
    return out if out != question else None
