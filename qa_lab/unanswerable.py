"""Synthetic unanswerable questions, made from answerable SQuAD v1.1 questions in their own paragraph.

SQuAD 2.0's unanswerable questions were written by people to look answerable from the paragraph
(Rajpurkar, Jia and Liang, 2018, table 3: entity swap, antonym, negation, impossible condition,
...). These are made the same ways by rules, so the reader learns that a paragraph about the
question's subject does not answer a question whose premise it does not contain. Every kind
changes the question so that its premise is not in the paragraph, and checks that it is not:

- ``name_swap``: a name of the question that the paragraph mentions (a run of capitalised words)
  is replaced by another name of the *same article* that this paragraph does not mention (the
  hardest kind: the name belongs to the subject);
- ``absent_entity``: the same, with a name from *another* article;
- ``number_swap``: a number of the question (digits or a number word) becomes another number the
  paragraph does not contain;
- ``date_swap``: a year or month of the question becomes one the paragraph does not contain;
- ``negation``: the question's auxiliary negated ("When didn't X ..."), only for paragraphs
  with no negation at all (no not/n't/never/no/none/neither/nor/without), so nothing in the
  paragraph can answer the negated question;
- ``antonym``: one word becomes its opposite (first/last, largest/smallest, before/after, ...)
  when the paragraph never uses the opposite: an impossible condition;
- ``condition``: " in YEAR" added to a question without a date, about a paragraph that dates its
  events, with a year the paragraph does not contain: an impossible condition.

A word-level check is the only guarantee; the count of each kind is recorded by the caller.
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass

from qa.followups import entities

KINDS = ("name_swap", "absent_entity", "number_swap", "date_swap", "negation", "antonym", "condition")

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
NUMBER_WORDS = ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
                "twenty", "thirty", "forty", "fifty", "hundred", "thousand", "million", "billion")
ANTONYMS = {
    "first": "last", "last": "first", "largest": "smallest", "smallest": "largest", "biggest": "smallest",
    "most": "least", "least": "most", "highest": "lowest", "lowest": "highest", "earliest": "latest",
    "latest": "earliest", "before": "after", "after": "before", "longest": "shortest",
    "shortest": "longest", "oldest": "youngest", "youngest": "oldest", "more": "fewer", "fewer": "more",
    "increase": "decrease", "decrease": "increase", "increased": "decreased", "decreased": "increased",
    "maximum": "minimum", "minimum": "maximum", "best": "worst", "worst": "best", "north": "south",
    "south": "north", "east": "west", "west": "east", "won": "lost", "lost": "won", "began": "ended",
    "ended": "began", "start": "end", "larger": "smaller", "smaller": "larger", "higher": "lower",
    "lower": "higher", "early": "late", "late": "early", "major": "minor", "minor": "major",
    "successful": "unsuccessful", "popular": "unpopular", "strongest": "weakest", "weakest": "strongest",
}
# Negated with the contraction, which stays grammatical wherever the subject comes ("What didn't they build").
AUXILIARIES = {"did": "didn't", "does": "doesn't", "do": "don't", "was": "wasn't", "were": "weren't",
               "is": "isn't", "are": "aren't", "has": "hasn't", "have": "haven't", "had": "hadn't",
               "can": "can't", "could": "couldn't", "would": "wouldn't", "will": "won't",
               "should": "shouldn't", "must": "mustn't"}
NEGATION = re.compile(r"\b(not|never|no|none|neither|nor|without|cannot)\b|n't", re.I)
YEAR = re.compile(r"\b(1[0-9]{3}|20[0-9]{2})\b")
MONTH = re.compile(r"\b(" + "|".join(MONTHS) + r")\b")
NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?!\w|[,.]\d)|\b(" + "|".join(NUMBER_WORDS) + r")\b", re.I)

@dataclass
class Unanswerable:
    question: str
    context: str
    kind: str
    source_id: str  # the answerable question it was made from
    inserted: str  # the words put into the question, none of which the paragraph contains


def _mentions(context: str, phrase: str) -> bool:
    return re.search(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", context, re.I) is not None


def _names(text: str) -> list[str]:
    """The names in text (the product's own name spans, followups.entities), less years and months:
    date_swap handles those."""
    return [n for n in entities(text)
            if len(n) > 2 and not YEAR.fullmatch(n.split()[0]) and n.split()[0] not in MONTHS]


def _name_absent(context: str, name: str) -> bool:
    """No word of the name (longer than 3 letters) occurs in the paragraph."""
    return all(not _mentions(context, w) for w in name.split() if len(w) > 3) and not _mentions(context, name)


class Generator:
    """Makes unanswerable variants of SQuAD examples; ``pool`` is where replacement names come from."""

    def __init__(self, pool, seed: int = 13):
        self.rng = random.Random(seed)
        # Each article's names, in order of first appearance, from each of its paragraphs once.
        paragraphs = {(e.article, e.paragraph): e.context for e in pool}
        names: dict[int, dict[str, None]] = {}
        for (article, _), context in paragraphs.items():
            names.setdefault(article, {}).update(dict.fromkeys(_names(context)))
        self.article_names = {a: list(found) for a, found in names.items()}
        self.articles = sorted(a for a, names in self.article_names.items() if names)

    def make(self, example, kind: str) -> Unanswerable | None:
        """One unanswerable variant of the example of this kind, or None when the kind does not apply."""
        q, ctx = example.question, example.context
        made = getattr(self, "_" + kind)(q, ctx, example.article)
        if made is None:
            return None
        new_q, inserted = made
        if new_q == q:
            return None
        return Unanswerable(new_q, ctx, kind, example.id, inserted)

    def _swap_name(self, q, ctx, candidates):
        names = [n for n in _names(q) if _mentions(ctx, n)]
        if not names or not candidates:
            return None
        old = self.rng.choice(names)
        for new in self.rng.sample(candidates, min(20, len(candidates))):
            if new.lower() != old.lower() and _name_absent(ctx, new) and not _mentions(q, new):
                return q.replace(old, new, 1), new
        return None

    def _name_swap(self, q, ctx, article):
        return self._swap_name(q, ctx, self.article_names.get(article, []))

    def _absent_entity(self, q, ctx, article):
        others = [a for a in self.rng.sample(self.articles, min(5, len(self.articles))) if a != article]
        return self._swap_name(q, ctx, [n for a in others for n in self.article_names[a]])

    def _number_swap(self, q, ctx, article):
        found = [m for m in NUMBER.finditer(q) if not YEAR.fullmatch(m.group(0))]
        if not found:
            return None
        m = self.rng.choice(found)
        old = m.group(0)
        if old[0].isdigit():
            value = float(old.replace(",", ""))
            options = [value + d for d in (1, 2, 3, 5, 7, 10, -1, -2, -3)] + [value * 2, value * 3]
            options = [o for o in options if o > 0]
            fmt = (lambda o: f"{o:,.0f}") if "," in old else (lambda o: f"{o:g}")
            options = [fmt(o) for o in options]
        else:
            options = [w for w in NUMBER_WORDS if w != old.lower()]
            options = [w.capitalize() if old[0].isupper() else w for w in options]
        return self._replace_with_absent(q, ctx, m, options)

    def _replace_with_absent(self, q, ctx, m, options):
        """The question with match m replaced by one of options (tried in random order) that the
        paragraph does not contain, and that option; None when the paragraph has them all."""
        self.rng.shuffle(options)
        for new in options:
            if not _mentions(ctx, new):
                return q[:m.start()] + new + q[m.end():], new
        return None

    def _date_swap(self, q, ctx, article):
        years, months = list(YEAR.finditer(q)), list(MONTH.finditer(q))
        if not years and not months:
            return None
        m = self.rng.choice(years + months)
        if YEAR.fullmatch(m.group(0)):
            y = int(m.group(0))
            options = [str(y + d) for d in (1, -1, 2, -2, 3, 5, -5, 10, -10, 20)]
        else:
            options = [mo for mo in MONTHS if mo != m.group(0)]
        return self._replace_with_absent(q, ctx, m, options)

    def _negation(self, q, ctx, article):
        if NEGATION.search(ctx) or NEGATION.search(q):
            return None
        m = re.search(r"\b(" + "|".join(AUXILIARIES) + r")\b(?=\s+\w)", q, re.I)
        if not m:
            return None
        word = m.group(0)
        new = AUXILIARIES[word.lower()]
        new = new[0].upper() + new[1:] if word[0].isupper() else new
        return q[:m.start()] + new + q[m.end():], new

    def _antonym(self, q, ctx, article):
        words = [m for m in re.finditer(r"\b[a-z]+\b", q) if m.group(0) in ANTONYMS]
        self.rng.shuffle(words)
        for m in words:
            new = ANTONYMS[m.group(0)]
            if not _mentions(ctx, new):
                return q[:m.start()] + new + q[m.end():], new
        return None

    def _condition(self, q, ctx, article):
        years = [int(y) for y in YEAR.findall(ctx)]
        if not years or YEAR.search(q) or MONTH.search(q) or not q.rstrip().endswith("?"):
            return None
        base = self.rng.choice(years)
        for d in self.rng.sample([-40, -25, -15, -7, 7, 15, 25, 40], 8):
            new = str(base + d)
            if not _mentions(ctx, new) and int(new) <= 2025:
                return q.rstrip()[:-1].rstrip() + f" in {new}?", new
        return None


def generate(examples, pool, per_kind: dict[str, int], seed: int = 13) -> list[Unanswerable]:
    """Up to per_kind[kind] unanswerable questions of each kind, each from a different example
    (examples are visited in a seeded random order; one example gives at most one question)."""
    gen = Generator(pool, seed)
    rng = random.Random(seed + 1)
    order = list(range(len(examples)))
    rng.shuffle(order)
    want = {k: n for k, n in per_kind.items() if n > 0}
    unknown = set(want) - set(KINDS)
    if unknown:
        raise ValueError(f"unknown unanswerable kinds: {sorted(unknown)}")
    out: list[Unanswerable] = []
    got = dict.fromkeys(want, 0)
    for i in order:
        if not want:
            break
        kinds = list(want)
        rng.shuffle(kinds)
        for kind in kinds:
            made = gen.make(examples[i], kind)
            if made:
                out.append(made)
                got[kind] += 1
                if got[kind] >= want[kind]:
                    del want[kind]
                break
    return out
