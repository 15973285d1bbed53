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
# A number: "1,250", "3.5", "2015"; "1,3" is two ("Besides 1,3 and 7...").
_NUMBER = re.compile(r"(?<![\w.,])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\w])")
# Capitalised words that start questions or are titles rather than names: verbs of asking, and the
# prepositions, adverbs and conjunctions a question opens with ("Rather than…", "Besides…", "Upon
# what…": each made the check decline a right answer on SQuAD dev; RESULTS.md, session 12).
_NOT_NAMES = {"i", "mr", "mrs", "ms", "dr", "according", "tell", "please", "name", "list", "describe", "explain",
              "give", "show", "if", "in", "on", "at", "for", "from", "to", "by", "with", "after", "before", "during",
              "since", "as", "of", "the", "a", "an", "into", "onto", "rather", "besides", "upon", "along", "though",
              "although",
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
              "beginning", "starting", "going", "living", "compared", "based"}
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
    is "norvik"); dashes as hyphens ("Cretaceous–Paleogene")."""
    text = re.sub(r"(?<=\w)[’'`]s\b", "", _fold(text).lower().replace("–", "-").replace("—", "-"))
    return " ".join(re.sub(r"[.’'`]", "", text).split())


def named_things(question: str) -> list[str]:
    """The names and numbers a question asks about."""
    out = [e for e in entities(question) if _norm(e) not in _NOT_NAMES_NOR_QUESTION_WORDS]
    out += [m.group(0).rstrip(",") for m in _NUMBER.finditer(question)]
    return out


# Other ways an article writes what a question names (a unit, a symbol): the false alarms that
# declined right answers on SQuAD dev ("Celsius" against "°C").
_ALIASES = {"celsius": ("°c", "° c", "degrees c"), "fahrenheit": ("°f", "° f", "degrees f"),
            "percent": ("%", "per cent"), "per cent": ("%", "percent"), "%": ("percent", "per cent"),
            "and": ("&",), "&": ("and",), "tv": ("television",), "television": ("tv",),
            "dollars": ("$",), "dollar": ("$",), "pounds": ("£",), "euros": ("€",)}
_NUMBER_WORDS = {w: str(i) for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())}
_NUMBER_WORDS.update({"thirty": "30", "forty": "40", "fifty": "50", "sixty": "60", "seventy": "70", "eighty": "80",
                      "ninety": "90", "hundred": "100", "thousand": "1000", "first": "1st", "second": "2nd",
                      "third": "3rd"})
_DIGITS = {d: w for w, d in _NUMBER_WORDS.items()}
_INITIAL_SKIP = {"of", "the", "and", "for", "in", "on", "at", "de", "to", "&"}


def _initials(words: list[str]) -> str:
    return "".join(w[0] for w in words if w.lower() not in _INITIAL_SKIP and w[:1].isalpha())


def _forms(p: str) -> list[str]:
    """p as an article may write it: a plural or possessive of its last word ("Bronco's" is
    "broncos"), hyphens as spaces and back, a unit's symbol, a number in words or digits."""
    out = [p, p.replace("-", " "), p.replace(" ", "-")]
    head, _, last = p.rpartition(" ")
    stem = last[:-2] if last.endswith("es") else last[:-1] if last.endswith("s") else last
    for variant in (stem, stem + "s", stem + "es", last + "s"):
        if len(variant) >= 3:
            out.append(f"{head} {variant}".strip())
    out += list(_ALIASES.get(p, ()))
    if p in _NUMBER_WORDS:
        out.append(_NUMBER_WORDS[p])
    if p in _DIGITS:
        out.append(_DIGITS[p])
    return out


def _one_edit(word: str, other: str) -> bool:
    """A typo: one letter changed, added or left out, or two neighbours swapped ("Beriods")."""
    if abs(len(word) - len(other)) > 1 or word[0] != other[0]:
        return False
    if len(word) == len(other):
        diff = [i for i, (a, b) in enumerate(zip(word, other)) if a != b]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and word[diff[0]] == other[diff[1]] and word[diff[1]] == other[diff[0]])
    short, long_ = (word, other) if len(word) < len(other) else (other, word)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def _mentioned(name: str, article: str, article_words: set[str], acronyms: frozenset[str] = frozenset()) -> bool:
    parts = _CONNECTOR.split(name)
    whole = _norm(name).replace(" ", "")
    # "U.S." by "United States", "EU" by "European Union" (and the reverse): initials of capitalised words.
    bare = re.sub(r"[’'`]s$", "", name).replace(".", "")
    if bare.isupper() and 2 <= len(whole) <= 6 and whole in acronyms:
        return True
    if len(name.split()) >= 2 and _initials(name.split()).lower() in article_words:
        return True
    for part in parts:
        p = _norm(part)
        if not p or p in _NOT_NAMES:
            continue
        if any(re.search(r"(?<!\w)" + re.escape(f) + r"(?!\w)", article) for f in _forms(p)):
            continue
        last = p.split()[-1]
        if " " in p and len(last) >= 3 and last in article_words:
            continue
        if p.replace(",", "") and re.fullmatch(r"[\d,.]+", p) and p.replace(",", "") in article.replace(",", ""):
            continue
        words = p.split()
        if all(w in article_words or (len(w) >= 5 and w.isalpha() and any(_one_edit(w, a) for a in article_words))
               for w in words):
            continue  # each word there, or there but for a typo ("Percy Shelly", "Leage")
        if len(words) >= 2 and _mentioned(" ".join(part.split()[:-1]), article, article_words) \
                and any(w.startswith(words[-1]) for w in article_words):
            continue  # a word the question capitalised after a name ("What did Donald Davies Develop")
        return False
    return True


@functools.lru_cache(maxsize=256)
def _article_index(article_text: str) -> tuple[str, frozenset[str], frozenset[str], frozenset[str]]:
    """The article normalised, its words, their first STEM_LETTERS letters, and the initials of its
    runs of capitalised words ("European Central Bank": eu, ecb, cb): computed once per article, not
    per question (it was 6.4 ms of each question on SQuAD dev articles; benchmarks/RESULTS.md, session 10)."""
    article = _norm(article_text)
    words = frozenset(re.findall(r"\w+", article))
    acronyms = set()
    for run in re.finditer(r"[A-Z][\w’'-]*(?:\s+(?:(?:of|the|and|for|de)\s+)?[A-Z][\w’'-]*)+", _fold(article_text)):
        letters = _initials(run.group(0).split()).lower()
        for i in range(len(letters)):
            for j in range(i + 2, min(len(letters), i + 6) + 1):
                acronyms.add(letters[i:j])
    return article, words, frozenset(w[:STEM_LETTERS] for w in words if len(w) >= STEM_LETTERS), frozenset(acronyms)


def _same_stem(word: str, article_stems: frozenset[str]) -> bool:
    """A one-word name found in another form: "Pollution" by "polluted", "Germans" by "Germany",
    "Indian" by "India", a typo's "Survivial" by "survival" (the same first STEM_LETTERS letters)."""
    w = _norm(word)
    return len(w) > STEM_LETTERS and w.isalpha() and w[:STEM_LETTERS] in article_stems


def unmentioned(question: str, article_text: str, other_forms: bool = True) -> list[str]:
    """The names and numbers in question that article_text never mentions (with other_forms, a
    one-word name in any form with its first letters)."""
    article, words, stems, acronyms = _article_index(article_text)
    return [n for n in named_things(question) if not _mentioned(n, article, words, acronyms)
            and not (other_forms and " " not in n and _same_stem(n, stems))]
