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
Other forms: an abbreviation spelled out ("UV", "ultraviolet"), a country by its adjective
("Switzerland", "Swiss"), a year range written short ("1973-1974", "1973–74"), the capitalised part
of a hyphenated word ("French-language"), a name of several words with a slip in some of them
("The Mark of Anarchy", "The Mask of Anarchy"), a particle typed apart ("Le grand", "LeGrande").
A name of one word changed by a letter ("CameCube") stays unmentioned: that is how SQuAD 2.0 makes
a question its paragraph does not answer.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from typing import NamedTuple

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
              "beginning", "starting", "going", "living", "compared", "based",
              # common nouns written in capitals: "on TV" pins no one ("Who broadcast the Super Bowl on
              # TV?" over an article that says "CBS broadcast": a false alarm on SQuAD dev)
              "tv", "ceo", "cfo", "am", "pm"}
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
            "dollars": ("$",), "dollar": ("$",), "pounds": ("£",), "euros": ("€",),
            # abbreviations an article spells out ("from ultraviolet radiation", "from carbon dioxide")
            "uv": ("ultraviolet",), "co2": ("carbon dioxide",), "us": ("united states", "american", "america"),
            "united states": ("us", "american", "america"), "uk": ("united kingdom", "british", "britain"),
            "un": ("united nations",), "eu": ("european union",), "gdp": ("gross domestic product",)}
# A country and the adjective an article may use for it instead, where the two do not share their
# first STEM_LETTERS letters ("Switzerland" is named by "the Swiss politician"); both ways.
_DEMONYMS = {"switzerland": ("swiss",), "france": ("french",), "netherlands": ("dutch",), "holland": ("dutch",),
             "britain": ("british",), "great britain": ("british",), "england": ("english",), "wales": ("welsh",),
             "scotland": ("scottish", "scots"), "ireland": ("irish",), "spain": ("spanish",),
             "portugal": ("portuguese",), "china": ("chinese",), "greece": ("greek",), "denmark": ("danish",),
             "sweden": ("swedish",), "norway": ("norwegian",), "finland": ("finnish",), "poland": ("polish",),
             "turkey": ("turkish",), "iraq": ("iraqi",), "israel": ("israeli",), "thailand": ("thai",),
             "philippines": ("filipino", "philippine"), "peru": ("peruvian",), "cyprus": ("cypriot",),
             "belgium": ("belgian",), "egypt": ("egyptian",), "yemen": ("yemeni",), "kuwait": ("kuwaiti",),
             "iceland": ("icelandic",), "new zealand": ("new zealander",), "vietnam": ("vietnamese",)}
for _country, _adjectives in list(_DEMONYMS.items()):
    _ALIASES.setdefault(_country, ())
    _ALIASES[_country] += _adjectives
    for _adjective in _adjectives:
        _ALIASES[_adjective] = _ALIASES.get(_adjective, ()) + (_country,)
# Number words and what a text may write instead (also read by qa.judge's contradiction check).
NUMBER_WORDS = {w: str(i) for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())}
NUMBER_WORDS.update({"thirty": "30", "forty": "40", "fifty": "50", "sixty": "60", "seventy": "70", "eighty": "80",
                      "ninety": "90", "hundred": "100", "thousand": "1000", "first": "1st", "second": "2nd",
                      "third": "3rd"})
_DIGITS = {d: w for w, d in NUMBER_WORDS.items()}
# A run of capitalised words (one word is a run too): the names _swapped compares, and, of two words
# or more, where _article_index finds acronyms' letters.
_RUN = r"[A-Z][\w’'-]*(?:\s+(?:(?:of|the|and|for|de)\s+)?[A-Z][\w’'-]*)*"
# Titles written before a name that the article may write apart from it ("Alan Greenspan, the Chairman").
_TITLES = {"chairman", "chairwoman", "chair", "president", "vice", "governor", "secretary", "minister", "prime",
           "mayor", "senator", "sen", "rep", "representative", "judge", "justice", "general", "gen", "director",
           "chief", "deputy", "spokesman", "spokeswoman", "spokesperson", "officer", "commissioner",
           "ambassador", "chancellor", "professor", "prof", "sir", "lord", "lady", "saint", "st", "pope",
           "king", "queen", "emperor", "captain", "colonel", "lieutenant", "sergeant", "dr", "mr", "mrs", "ms"}
_PREPOSITIONS = {"regarding", "concerning", "including", "excluding", "considering", "following"}
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
    if p in NUMBER_WORDS:
        out.append(NUMBER_WORDS[p])
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


def _edits(word: str, other: str, limit: int) -> int:
    """Letters changed, added, left out or swapped with a neighbour to turn word into other
    (optimal string alignment), or limit + 1 once it is over limit. Written here rather than taken
    from a library: the check needs it for a handful of short words, and stops at the limit."""
    if abs(len(word) - len(other)) > limit:
        return limit + 1
    previous2, previous = None, list(range(len(other) + 1))
    for i, a in enumerate(word, 1):
        row = [i] + [0] * len(other)
        for j, b in enumerate(other, 1):
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a != b))
            if previous2 is not None and i > 1 and j > 1 and a == other[j - 2] and word[i - 2] == b:
                row[j] = min(row[j], previous2[j - 2] + 1)
        if min(row) > limit:
            return limit + 1
        previous2, previous = previous, row
    return previous[-1]


def _typed(word: str, other: str) -> bool:
    """other is word as the article writes it, word typed with a slip: the same first letter, one
    edit in a word of 4 letters or more, two in one of 7 or more ("Mark"/"Mask", "Primeier"/"Premier")."""
    if word == other:
        return True
    if len(word) < 4 or not word.isalpha() or word[0] != other[:1]:
        return False
    allowed = 2 if len(word) >= 7 else 1
    return _edits(word, other, allowed) <= allowed


def _typed_phrase(words: list[str], article: str) -> bool:
    """A name of several words the article writes in the same order, each word as typed or with a
    slip in it: "The Mark of Anarchy" ("The Mask of Anarchy"), "Primeier Leage" ("Premier League").
    One word alone gets less slack (_one_edit): a name of one word changed by a letter is how a
    look-alike question is made ("CameCube")."""
    if len(words) < 2 or not any(len(w) >= 4 for w in words):
        return False
    pattern = r"\s+".join(f"({re.escape(w[0])}\\w*)" if len(w) >= 4 and w.isalpha() else f"({re.escape(w)})"
                          for w in words)
    return any(all(_typed(w, g) for w, g in zip(words, m.groups()))
               for m in re.finditer(r"(?<!\w)" + pattern + r"(?!\w)", article))


def _hybrid(part: str, runs: _Runs) -> bool:
    """See _swapped; each side of a possessive apart ("France's Huguenot population")."""
    return any(_swapped(piece, runs) for piece in re.split(r"[’'`]s\s+", part))


def _swapped(part: str, runs: _Runs) -> bool:
    """A name of two or more words the article never writes together, made from one it does with a
    word swapped for another of its names: "Radar Princess" over "Twilight Princess" and
    "Games Radar", "Jeff Nexus" over "Javier Nexus" and "Jeff Gerstmann" -- how SQuAD 2.0 makes a
    question look answerable. A name the article writes longer ("Alan Greenspan" in "Chairman Alan
    Greenspan"), titles, connectors and acronyms do not count."""
    content = [_norm(w) for w in part.split() if not w.isupper()]  # "NFL MVP": acronyms apart
    content = [w for w in content if w not in _TITLES and w not in _NOT_NAMES and w.isalpha()]
    if len(content) < 2 or not all(w in runs.holding for w in content):
        return False
    if any(_subsequence(content, run) for run in runs.holding[content[0]]):
        return False
    last, before = content[-1], content[-2]
    return any(len(run) >= 2 and run[-2] != before and before not in run for run in runs.ending.get(last, ()))


def _subsequence(words: list[str], run: tuple[str, ...]) -> bool:
    it = iter(run)
    return all(w in it for w in words)


def _mentioned(name: str, article: str, article_words: set[str], acronyms: frozenset[str] = frozenset(),
               runs: _Runs | None = None) -> bool:
    head, hyphen, tail = name.rpartition("-")
    if hyphen and head and tail.isalpha() and tail.islower() and _mentioned(head, article, article_words, acronyms):
        return True  # "French-language scriptures" by "a French version": the name is the capitalised part
    name_words = _norm(name).split()
    if len(name_words) >= 2 and "".join(name_words) in article_words:
        return True  # "Le Grande" by "LeGrande"
    if _typed_phrase(name_words, article):
        return True
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
        if runs and _hybrid(part, runs):
            return False
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


class _Runs(NamedTuple):
    """An article's runs of capitalised words ("Twilight Princess", "Australia"), each as its
    normalised words, by the words they hold and by their last word: what _swapped looks up per
    question without going through every run."""
    holding: dict[str, list[tuple[str, ...]]]
    ending: dict[str, list[tuple[str, ...]]]


@functools.lru_cache(maxsize=256)
def _article_index(article_text: str) -> tuple[str, frozenset[str], frozenset[str], frozenset[str], _Runs]:
    """The article normalised, its words, their first STEM_LETTERS letters, the initials of its
    runs of capitalised words ("European Central Bank": eu, ecb, cb) and those runs (_Runs):
    computed once per article, not per question (it was 6.4 ms of each question on SQuAD dev
    articles; benchmarks/RESULTS.md, session 10)."""
    article = _norm(article_text)
    # "in 1973–74" names 1974 too ("missions in 1973-1974?")
    years = [m.group(1) + m.group(3) for m in re.finditer(r"(?<![\w.,])(1\d|20)(\d\d)-(\d\d)(?!\w)", article)]
    if years:
        article += " " + " ".join(years)
    words = frozenset(re.findall(r"\w+", article))
    folded = _fold(article_text)
    lower = set(re.findall(r"(?<![\w’'-])[a-z]+(?![\w’'-])", folded))
    acronyms = set()
    runs = _Runs({}, {})
    for m in re.finditer(_RUN, folded):
        if len(m.group(0).split()) > 1:
            letters = _initials(m.group(0).split()).lower()
            for i in range(len(letters)):
                for j in range(i + 2, min(len(letters), i + 6) + 1):
                    acronyms.add(letters[i:j])
        before = folded[max(0, m.start() - 4):m.start()]
        starts_sentence = m.start() == 0 or re.search(r"(?:[.!?:;][\"”’')\]]?|\n)\s*$", before) is not None
        for i, name in enumerate(re.split(r"\s+and\s+", m.group(0))):  # "GameCube and Wii": two names
            names = _norm(name).split()
            if i == 0 and starts_sentence and (names[0] in lower or names[0] in _PREPOSITIONS):
                names = names[1:]  # "Regarding Wii", "Two Chopin": a word capitalised where a sentence starts
            run = tuple(w for w in names if w not in _TITLES and w not in _NOT_NAMES and w.isalpha())
            if run:
                for w in set(run):
                    runs.holding.setdefault(w, []).append(run)
                runs.ending.setdefault(run[-1], []).append(run)
    return (article, words, frozenset(w[:STEM_LETTERS] for w in words if len(w) >= STEM_LETTERS),
            frozenset(acronyms), runs)


def _same_stem(word: str, article_stems: frozenset[str]) -> bool:
    """A one-word name found in another form: "Pollution" by "polluted", "Germans" by "Germany",
    "Indian" by "India", a typo's "Survivial" by "survival" (the same first STEM_LETTERS letters)."""
    w = _norm(word)
    return len(w) > STEM_LETTERS and w.isalpha() and w[:STEM_LETTERS] in article_stems


def unmentioned(question: str, article_text: str, other_forms: bool = True) -> list[str]:
    """The names and numbers in question that article_text never mentions (with other_forms, a
    one-word name in any form with its first letters)."""
    article, words, stems, acronyms, runs = _article_index(article_text)
    return [n for n in named_things(question) if not _mentioned(n, article, words, acronyms, runs)
            and not (other_forms and " " not in n and _same_stem(n, stems))
            and not _particle_of(n, question, words)]


def _particle_of(name: str, question: str, article_words: frozenset[str]) -> bool:
    """A short first part of a name typed apart and in lower case after it ("Le grand states …" for
    "LeGrande writes …"): the two joined are a word of the article, or one but for a slip."""
    if len(name) > 3 or not name.isalpha():
        return False
    following = re.search(r"(?<!\w)" + re.escape(name) + r"\s+([a-z]+)", question)
    if not following:
        return False
    joined = _norm(name + following.group(1))
    return joined in article_words or any(_one_edit(joined, w) for w in article_words if w[:1] == joined[:1])
