"""Does the article say anything about what the question names?

A reader trained on SQuAD v1.1 answers questions that merely look answerable: asked "Who is the
mayor of Paris?" over an article about Millbrook's mayor, it finds "Elena Voss". When the question
names something — a person, place, organisation (a capitalised name) or a number — that the
answer's article never mentions, the answer is not presented as found: the assistant declines and
says which names the articles don't mention (Assistant.ask, Reply.unmentioned).

A name counts as mentioned when each of its parts appears in the article ("Prime Minister of
Canada": "Prime Minister" and "Canada"), a part of several words also by its last word ("Secretary
Blinken" by "Blinken"), ignoring case, dots, apostrophes and possessives ("U.S." is "US", "Norvik's" is "Norvik"). A one-word
name also counts in another form with the same first five letters ("Germans" by "Germany",
"Pollution" by "polluted"); the price is that "Austria" passes in an article about Australia.
"""
from __future__ import annotations

import functools
import re
import unicodedata

from .followups import QUESTION_WORDS, entities

_CONNECTOR = re.compile(r"\s+(?:of|for|and|the|de|von|van|al|bin|in|on|at)\s+", re.IGNORECASE)
_NUMBER = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?(?![\w])")
# Capitalised words that start questions or are titles rather than names: verbs of asking, and the
# prepositions, adverbs and conjunctions a question opens with ("Rather than…", "Besides…", "Upon
# what…": each made the check decline a right answer on SQuAD dev; RESULTS.md, session 12).
_NOT_NAMES = {"i", "mr", "mrs", "ms", "dr", "according", "tell", "please", "name", "list", "describe", "explain",
              "give", "show", "if", "in", "on", "at", "for", "from", "to", "by", "with", "after", "before", "during",
              "since", "as", "of", "the", "a", "an", "rather", "besides", "upon", "along", "though", "although",
              "despite", "unlike", "apart", "aside", "instead", "except", "within", "without", "between",
              "among", "under", "over", "beyond", "against", "towards", "toward", "because", "while", "once",
              "following", "prior", "together", "about", "around", "through", "throughout", "across", "behind",
              "below", "above", "near", "unless", "until", "whereas", "other", "outside", "inside",
              # adverbs, quantities and participles that open SQuAD dev questions ("Roughly how many…",
              # "Beginning how many years ago…", "Lots of tumor cells…")
              "roughly", "approximately", "nearly", "almost", "unsurprisingly", "surprisingly",
              "normally", "typically", "usually", "generally", "currently", "originally", "initially",
              "eventually", "historically", "traditionally", "today", "nowadays", "lots", "some", "many",
              "most", "several", "each", "every", "both", "all", "people", "older", "younger",
              "beginning", "starting", "going", "living", "compared"}
# A one-word name also counts as mentioned in another form with the same first 5 letters: SQuAD dev
# questions flagged against their own article, 209 of 10,570 instead of 286; of the SQuAD 2.0
# sample's 348 unanswerable questions, 42 instead of 44 (results/grounding.json).
STEM_LETTERS = 5
# "Who's" is a question word too ("who" once its 's is dropped).
_NOT_NAMES_NOR_QUESTION_WORDS = frozenset(_NOT_NAMES | QUESTION_WORDS)
_FOLD = str.maketrans({"ß": "ss", "æ": "ae", "ø": "o", "đ": "d", "ł": "l"})


def _fold(text: str) -> str:
    """Accents dropped, so "Gospic" finds "Gospić" (a question typed without them)."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _norm(text: str) -> str:
    """Lower case, accents folded, without dots and apostrophes; a possessive 's dropped ("Norvik's"
    is "norvik")."""
    text = re.sub(r"(?<=\w)[’'`]s\b", "", _fold(text).lower())
    return " ".join(re.sub(r"[.’'`]", "", text).split())


def named_things(question: str) -> list[str]:
    """The names and numbers a question asks about."""
    out = [e for e in entities(question) if _norm(e) not in _NOT_NAMES_NOR_QUESTION_WORDS]
    out += [m.group(0).rstrip(",") for m in _NUMBER.finditer(question)]
    return out


def _mentioned(name: str, article: str, article_words: set[str]) -> bool:
    for part in _CONNECTOR.split(name):
        p = _norm(part)
        if not p or p in _NOT_NAMES:
            continue
        if re.search(r"(?<!\w)" + re.escape(p) + r"(?!\w)", article):
            continue
        last = p.split()[-1]
        if " " in p and len(last) >= 3 and last in article_words:
            continue
        if p.replace(",", "") and re.fullmatch(r"[\d,.]+", p) and p.replace(",", "") in article.replace(",", ""):
            continue
        return False
    return True


@functools.lru_cache(maxsize=256)
def _article_index(article_text: str) -> tuple[str, frozenset[str], frozenset[str]]:
    """The article normalised, its words, and their first STEM_LETTERS letters: computed once per
    article, not per question (it was 6.4 ms of each question on SQuAD dev articles;
    benchmarks/RESULTS.md, session 10)."""
    article = _norm(article_text)
    words = frozenset(re.findall(r"\w+", article))
    return article, words, frozenset(w[:STEM_LETTERS] for w in words if len(w) >= STEM_LETTERS)


def _same_stem(word: str, article_stems: frozenset[str]) -> bool:
    """A one-word name found in another form: "Pollution" by "polluted", "Germans" by "Germany",
    "Indian" by "India", a typo's "Survivial" by "survival" (the same first STEM_LETTERS letters)."""
    w = _norm(word)
    return len(w) > STEM_LETTERS and w.isalpha() and w[:STEM_LETTERS] in article_stems


def unmentioned(question: str, article_text: str, other_forms: bool = True) -> list[str]:
    """The names and numbers in question that article_text never mentions (with other_forms, a
    one-word name in any form with its first letters)."""
    article, words, stems = _article_index(article_text)
    return [n for n in named_things(question) if not _mentioned(n, article, words)
            and not (other_forms and " " not in n and _same_stem(n, stems))]
