"""Words a question may use for what news text says otherwise, tried only when the question as asked
finds no answer. The reader takes "Who dissented in September 2013?" for a question that "Voting
against the action was Esther L. George" does not answer (a vote's record says who voted against, a
report that someone dissented says "dissented", and that is read first)."""
from __future__ import annotations

import re

_PARAPHRASES = (
    (re.compile(r"\bdissented\b(?!\s+(?:from|against)\b)", re.IGNORECASE), "voted against the action"),
    (re.compile(r"\bdissented\s+(?:from|against)\b", re.IGNORECASE), "voted against"),
    # The verb ("Why did George dissent?"), not the noun ("his dissent", "the dissent").
    (re.compile(r"(?<!\bhis )(?<!\bher )(?<!\bthe )(?<!\bits )(?<!\btheir )\bdissent\b(?!\s+(?:from|against)\b)",
                re.IGNORECASE), "vote against the action"),
    (re.compile(r"(?<!\bhis )(?<!\bher )(?<!\bthe )(?<!\bits )(?<!\btheir )\bdissent\s+(?:from|against)\b",
                re.IGNORECASE), "vote against"),
)


def paraphrase(question: str) -> str | None:
    """The question in the words a vote's record uses, or None when it has none to change."""
    out = question
    for pattern, words in _PARAPHRASES:
        out = pattern.sub(words, out)
    return out if out != question else None
