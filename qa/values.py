"""The latest value of a kind ("What is the latest offer?", "the latest death toll", "How many cases,
according to the latest report?"), found by the language layer rather than by the reader alone.

The reader scores a value that an article states in passing ("raised its offer ... to 455 pence a
share") far below its threshold when the question says "latest": it has learned to find an answer in
a passage, not to compare articles by date. So the analysis does what a reader of the articles does:
1. what the question asks the value of: the noun "how much / how many" counts ("How many orders"),
   else the noun "latest", "newest", "most recent" or "current" qualifies ("the latest offer"), with
   the noun it counts when that is "the number of cases";
2. in each dated article, the amounts stated of that noun: an amount entity (money, percent, quantity,
   count) at most ``MAX_STEPS`` parse steps from a word of that lemma ("an offer of 410 pence",
   "raised its offer ... to 455 pence", "the toll rose to 81"); of those, the one whose sentence says
   most of the question's content words ("how many people had died" wants "died" said), on a tie the
   lead's first;
3. the newest such article answers; each earlier value is listed once with its date.
Its confidence is the share of the question's content words (lemmas) that the answer's paragraph and
its article's title state: the quantity this path decides on, held to ``MIN_COVERAGE`` (the threshold
the reply shows). An article that leaves out a name the question asks about is not read (grounding).
"""
from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path

from . import grounding, language
from .types import Answer

AMOUNTS = language.AMOUNT_LABELS
COUNTS = AMOUNTS - {"MONEY", "PERCENT"}  # "how many", "the number of": a count or a measure, no sum or share
MAX_STEPS = 3  # parse steps from the noun to its amount ("offer -> raised -> to -> pence")
MIN_COVERAGE = 0.5  # the share of the question's content words its answer's paragraph must state
_LATEST_WORDS = frozenset({"latest", "newest", "recent", "current", "currently", "now"})
_CONTENT = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "NUM"})


@dataclass(frozen=True)
class AskedValue:
    lemmas: frozenset  # the noun (and what it counts): "offer"; {"number", "case"}
    content: frozenset  # the question's content lemmas, for the coverage
    names: tuple = ()  # the names the question states (language.names_asked)
    counted: bool = False  # "how many", "the number of": a count, not money or a share
    said_as: frozenset = frozenset()  # the words value_words.json says the asked noun is said with

    @property
    def kinds(self) -> frozenset:
        """The entity types that state it: a count or a measure where a count is asked."""
        return COUNTS if self.counted else AMOUNTS


VALUE_WORDS = Path(__file__).parent / "genre" / "value_words.json"


@functools.lru_cache(maxsize=1)
def _value_words() -> dict[str, dict]:
    """Genre knowledge kept as data: the words news uses for a value it names otherwise (a death toll
    is said as who "died" or "lost their lives"), and whether it is a count."""
    data = json.loads(VALUE_WORDS.read_text(encoding="utf-8"))
    return {r["noun"]: r for r in data["words"]}


def _said_otherwise(noun) -> dict:
    """The entry of value_words.json for the asked noun with its compounds ("death toll"), or with its
    nearest compound alone ("COVID-19 death toll"), or {}."""
    compounds = [c.lemma_.lower() for c in noun.children if c.dep_ == "compound"]
    for words in (compounds, compounds[-1:]):
        entry = _value_words().get(" ".join([*words, noun.lemma_.lower()]))
        if entry:
            return entry
    return {}


def asked_value(question: str) -> AskedValue | None:
    """What the question asks the latest value of; None when it names no such noun."""
    doc = language.analyse(question)
    if doc is None:
        return None
    how_much = language.how_much_word(doc)
    noun = None
    if how_much is not None:  # "How many orders", "How much in government loans"
        noun = how_much.head if how_much.head.pos_ in ("NOUN", "PROPN") else next(
            (c for p in how_much.children if p.dep_ == "prep" for c in p.children if c.dep_ == "pobj"), None)
    if noun is None:
        noun = next((t.head for t in doc if t.lower_ in _LATEST_WORDS and t.dep_ == "amod"
                     and t.head.pos_ == "NOUN"), None)
    if noun is None:  # "What was the offer (as of 15 March)?": the subject of "be"
        noun = next((t for t in doc if t.dep_ in ("nsubj", "attr") and t.head.lemma_ == "be"
                     and t.pos_ == "NOUN"), None)
    if noun is None and how_much is not None and how_much.head.pos_ == "VERB":
        noun = how_much.head  # "How much did Corvex offer?": an amount of the offer
    if noun is None or not noun.lemma_:
        return None  # (no lemmatizer in the pipeline: no lemma to match)
    lemmas = {noun.lemma_.lower()}
    # "the number of cases": the things counted (a plural after "of"); not "the death toll of the
    # outbreak", whose "of" says whose toll (health dev: "95% immunization rate" read near "outbreak").
    lemmas |= {c.lemma_.lower() for p in noun.children if p.dep_ == "prep" and p.lower_ == "of"
               for c in p.children if c.dep_ == "pobj" and c.pos_ == "NOUN" and "Plur" in c.morph.get("Number")}
    # "the number of A380s ordered": what was done to the things counted says their count too ("144
    # planes have already been ordered", business dev).
    # (Not a verb of reporting: "the number of cases reported" says no more than "the number of cases".)
    lemmas |= {doc[c.i + 1].lemma_.lower() for p in noun.children if p.dep_ == "prep" and p.lower_ == "of"
               for c in p.children if c.dep_ == "pobj" and c.i + 1 < len(doc) and doc[c.i + 1].tag_ in ("VBN", "VBD")
               and doc[c.i + 1].lemma_.lower() not in language.REPORTING_VERBS}
    content = {t.lemma_.lower() for t in doc if t.pos_ in _CONTENT and not t.is_stop
               and t.lower_ not in _LATEST_WORDS and t.lemma_.lower() not in ("report", "accord", "say")}
    known = _said_otherwise(noun)
    counted = how_much is not None and how_much.lower_ == "many" or noun.lemma_.lower() == "number"
    return AskedValue(frozenset(lemmas), frozenset(content | lemmas), tuple(language.names_asked(question)),
                      counted or known.get("counted", False), frozenset(known.get("said_as", ())))


def _steps(a, b) -> int:
    """Parse-tree steps between two tokens of one sentence."""
    up_a = [a, *a.ancestors]
    up_b = [b, *b.ancestors]
    common = next((i for i, t in enumerate(up_a) if t in up_b), None)
    return len(up_a) + len(up_b) if common is None else common + up_b.index(up_a[common])


def _amount_span(ent) -> tuple[int, int]:
    """The amount's characters, with the unit it is per ("410 pence" + "a share") and the range it
    closes ("25,000 to 30,000")."""
    start, end = ent.start_char, ent.end_char
    doc = ent.doc
    if ent.start >= 2 and doc[ent.start - 1].lower_ in ("to", "-", "and") and doc[ent.start - 2].like_num:
        start = doc[ent.start - 2].idx
    after = doc[ent.end:ent.end + 2]
    if len(after) == 2 and after[0].lower_ in ("a", "an", "per", "each") and after[1].pos_ == "NOUN":
        end = after[1].idx + len(after[1].text)  # "a share", "per month"
    return start, end


def stated_values(asked: AskedValue, text: str) -> list[tuple[float, int, int, int]]:
    """The amounts the paragraph states of the asked noun, as (share of the question's content words
    their sentence says, parse steps from the noun, start, end), in reading order."""
    low = text.lower()
    if not any(lemma[:4] in low for lemma in asked.lemmas | asked.said_as):
        return []  # no word of that stem: not parsed
    doc = language.analyse(text)
    if doc is None:
        return []
    found = []
    for sent in doc.sents:
        if language.names_instead(asked.names, language.without_sources(sent)):
            continue  # "GM ... is seeking to cut 31,500 jobs" where Ford's cuts are asked
        nouns = [t for t in sent if t.lemma_.lower() in asked.lemmas and t.pos_ in ("NOUN", "VERB")
                 or _says_it_as(asked, t)]
        share = _share(asked, sent)
        for ent in sent.ents:
            steps = min((_steps(n, ent.root) for n in nouns), default=MAX_STEPS + 1)
            if ent.label_ in asked.kinds and steps <= MAX_STEPS \
                    and not language.labels_a_thing(ent.root, asked.lemmas):
                found.append((share, steps, *_amount_span(ent)))
    return found


def _sentence_share(asked: AskedValue, text: str, at: int) -> float:
    """The share of the question's content words said by the sentence of ``text`` holding ``at``."""
    sent = language.sentence_at(text, at)
    return _share(asked, sent if sent is not None else [])


def _is_amount(answer, asked: AskedValue) -> bool:
    """Whether the answer states an amount of the kind asked (a count where a count is asked)."""
    doc = language.entities_of(answer.text)
    return doc is not None and any(e.label_ in asked.kinds for e in doc.ents)


def reader_holds(question: str, read, found) -> bool:
    """Whether the reader's accepted answer ``read`` stands against the value path's ``found``: it is an
    amount, from an article as new, whose sentence says at least as much of the question and names no
    other of the kind of name the question states."""
    asked = asked_value(question)
    if read is None or read.hit is None or asked is None or not _is_amount(read, asked):
        return False
    sent = language.sentence_at(read.hit.text, read.start)
    if sent is not None and language.names_instead(asked.names, language.without_sources(sent)):
        return False  # said of another company, party or place than the one asked about
    if (read.hit.date or "") != (found.hit.date or ""):
        return (read.hit.date or "") > (found.hit.date or "")
    return _sentence_share(asked, read.hit.text, read.start) >= _sentence_share(asked, found.hit.text, found.start)


def stated_value(asked: AskedValue, text: str) -> tuple[int, int] | None:
    """The amount of the asked noun the paragraph states in the sentence that says most of the
    question (the first such, the nearest to the noun), as character offsets; None when none."""
    found = stated_values(asked, text)
    if not found:
        return None
    best = min(found, key=lambda f: (-f[0], f[1], f[2]))
    return best[2], best[3]


def coverage(asked: AskedValue, paragraph: str, title: str) -> float:
    """The share of the question's content words the paragraph and its article's title state (each
    analysis the cached one: the paragraph was parsed to find its amounts)."""
    return _share(asked, [t for text in (paragraph, title) if (doc := language.analyse(text)) is not None for t in doc])


def _says_it_as(asked: AskedValue, token) -> bool:
    """Whether the token is a word the asked noun is said with (value_words.json): a noun, verb or
    adjective of that lemma ("died", "dead"), or one written so as a noun ("lost their lives"; not the
    verb of "the family of five lives in Apia")."""
    return token.pos_ in ("NOUN", "VERB", "ADJ") and token.lemma_.lower() in asked.said_as or (
        token.pos_ == "NOUN" and token.lower_ in asked.said_as)


def _share(asked: AskedValue, tokens) -> float:
    """The share of the question's content lemmas the tokens say. A word the asked noun is said with
    ("lives" for a death toll) says that noun; and the words of a class of value_words.json are said
    alike ("dead" asked is said by "died")."""
    said = {t.lemma_.lower() for t in tokens} | {t.lower_ for t in tokens if t.pos_ == "NOUN"}
    if asked.said_as and any(_says_it_as(asked, t) for t in tokens):
        said |= asked.lemmas
    for words in _word_classes():
        if said & words:
            said |= words
    return sum(1 for lemma in asked.content if lemma in said) / max(1, len(asked.content))


@functools.lru_cache(maxsize=1)
def _word_classes() -> tuple[frozenset, ...]:
    """The words each entry of value_words.json says its value with, as one class said alike."""
    return tuple(frozenset(r["said_as"]) for r in _value_words().values())


def latest_values(question: str, hits, article_text=None) -> list[tuple[str, Answer]]:
    """(date, Answer) for each dated article among ``hits`` that states the asked value, newest
    first, each article once; [] when the question names no value or no article states one. An
    answer's score is its coverage; those below ``MIN_COVERAGE`` are left out."""
    asked = asked_value(question)
    if asked is None:
        return []
    by_article: dict[str, list[tuple[int, object]]] = {}
    for i, hit in enumerate(hits):
        if hit.date:
            by_article.setdefault(hit.doc_id, []).append((i, hit))
    found = []
    for doc_id, paragraphs in by_article.items():
        if article_text is not None and grounding.unmentioned(question, article_text(doc_id)):
            continue
        # The sentence that says most of the question; on a tie the lead first, then the nearest.
        stated = [(-share, hit.start, steps, start, end, i, hit) for i, hit in paragraphs
                  for share, steps, start, end in stated_values(asked, hit.text)]
        if not stated:
            continue
        *_, start, end, i, hit = min(stated, key=lambda c: c[:5])
        score = coverage(asked, hit.text, hit.title)
        if score >= MIN_COVERAGE:
            found.append((hit.date, Answer(hit.text[start:end], score, i, start, end, hit=hit)))
    return sorted(found, key=lambda d: d[0], reverse=True)


def asks_for_value(question: str, date_filter: dict | None, read) -> bool:
    """Whether this path reads the question: not a who, when, where or why question, and it asks for
    the latest value ("the latest offer", "now");
    or "how much / how many" on a day it names; or, as of a date ("as of 15 March"), where the reader
    answered nothing (the reader answers most such questions from the right article: the path is
    then a second look, not a rule over it)."""
    from .dates import asks_for_latest

    if re.match(r"\s*(?:who|whom|whose|when|where|why)\b", question, re.IGNORECASE):
        return False  # a person, a time, a place, a reason: no amount ("Who is the current chairman?")
    if asks_for_latest(question):
        return True
    if not date_filter or not date_filter.get("applied"):
        return False
    low = question.lower()
    if date_filter.get("day") and ("how much" in low or "how many" in low):
        return True
    return bool(date_filter.get("as_of")) and read is None
