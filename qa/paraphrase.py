"""Words a question may use for what news text says otherwise, tried only when the question as asked
finds no answer ("Who dissented?" read again as "Who voted against the action?": a vote's record says
who voted against). The rules are genre knowledge, so they are data: ``qa/genre/paraphrases.json``, an
ordered list, each rule naming the genre it came from and what it did there when measured."""
from __future__ import annotations

import functools
import json
import re
from pathlib import Path

RULES = Path(__file__).parent / "genre" / "paraphrases.json"


@functools.lru_cache(maxsize=1)
def _rules() -> tuple[tuple[re.Pattern, str], ...]:
    data = json.loads(RULES.read_text(encoding="utf-8"))
    return tuple((re.compile(r["pattern"], re.IGNORECASE), r["replacement"]) for r in data["rules"])


def paraphrase(question: str) -> str | None:
    """The question in the other words of the rules, or None when no rule changes it."""
    out = question
    for pattern, replacement in _rules():
        out = pattern.sub(replacement, out)
    return out if out != question else None
