"""Words a question may use for what news text says otherwise, tried only when the question as asked
finds no answer. Which words is genre knowledge, so it is data: ``qa/genre/paraphrases.json``, an
ordered list of patterns and replacements, each rule naming the genre it came from and what it did
there when measured (its examples are there too)."""
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
