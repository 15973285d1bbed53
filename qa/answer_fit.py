"""Whether a span, read in the parse of its own sentence, is the thing the question asks for.

Each check reads the question's words and parse, then the dependency relations of the span in its
paragraph (spaCy's parse, cached by the language layer): what the span's words hang from, not which
words they are. Each returns True when the span is plainly not what is asked (the judgment declines
it), False when it may be, or when there is no pipeline. They were found on the Wikinews dev halves
(the genre of each is in judge.VETOES) and kept only where no genre's test half went down
(benchmarks/RESULTS.md, session 26).
"""
from __future__ import annotations

import re

from . import language
from .types import Answer


def passage_of(span: Answer) -> str:
    """The text of the span's paragraph, when the span's offsets index into it ("" otherwise)."""
    text = span.hit.paragraph.text if span.hit is not None else ""
    return text if text[span.start:span.end] == span.text else ""


def _span_words(span: Answer, mode: str = "contract"):
    """The span's tokens in the parse of its paragraph; None without a pipeline or offsets into it."""
    text = passage_of(span)
    doc = language.analyse(text) if text else None
    return doc.char_span(span.start, span.end, alignment_mode=mode) if doc is not None else None


def _span_root(span: Answer):
    """The span's head token in the parse of its paragraph; None without a pipeline or offsets into it."""
    words = _span_words(span)
    return words.root if words is not None and len(words) else None


# "At what level ...?", "To what closing level ...?", "What was the level ...?": a level asked by name.
LEVEL_NAMED = re.compile(r"(?i)\b(?:at|to)\s+what\s+(?:\w+\s+)?level\b"
                         r"|^\W*what\s+(?:was|is|were|are)\s+the\s+level\b"
                         r"|^\W*what\s+(?:was|is|were|are)\s+(?:the\s+)?(?:[\w.&-]+(?:['’]s?)?\s+){0,4}?value\b")
_WHAT_LEVEL = re.compile(r"(?i)^\W*what\s+(?:\w+\s+)?level\b")


def level_named(question: str) -> bool:
    """Whether the question asks for a level by name: LEVEL_NAMED, or "What level had the index risen
    to ...?", whose "to" or "at" the parse shows stranded (a preposition with no object; business dev)."""
    if LEVEL_NAMED.search(question):
        return True
    if not _WHAT_LEVEL.search(question):
        return False
    doc = language.analyse(question)
    return doc is not None and any(t.lower_ in ("to", "at") and t.dep_ == "prep" and not list(t.children) for t in doc)


def change_for_level(question: str, span: Answer, level_asked: bool = False) -> bool:
    """"At what level did the Nasdaq close?" answered by the change ("fell 3.20 percent", "fell by
    6.39 percent"): an amount that modifies a verb directly, or follows "by", says how much a thing
    moved, not where it stood (a level is "closed at 2,255", "to 5 percent"). ``level_asked``: the
    judgment read a level in the question otherwise ("What did the company cut its price to?"). Business dev."""
    if not (level_named(question) or level_asked):
        return False
    root = _span_root(span)
    if root is None:
        return False
    # ("fell 3.2 percent"; "was down 2.62%", the amount hanging from the adverb of the change)
    return (root.dep_ == "npadvmod" and root.head.pos_ in ("VERB", "AUX", "ADV")) or (
        root.dep_ == "pobj" and root.head.lower_ == "by")


def source_for_agent(question: str, span: Answer) -> bool:
    """"Who owns the hotel?" answered by "officials" of "according to officials": the source of a
    report is who did what the question asks only where its sentence says the question's verb or
    the question asks who reported ("Who reported Apple's market share?" is answered by the source,
    SQuAD 2.0 sample). Weather dev."""
    before = passage_of(span)[max(0, span.start - 40):span.start].lower()
    if not re.match(r"(?i)\W*who\b", question) or "according to" not in before:
        return False  # (a string test first: most spans are not a source, and need no parse)
    root = _span_root(span)
    if root is None or not (root.dep_ == "pobj" and root.head.lower_ == "to" and root.head.head.lower_ == "according"):
        return False
    asked = language.analyse(question)
    verbs = {t.lemma_ for t in asked if t.pos_ == "VERB"} if asked is not None else set()
    return not verbs & language.REPORTING_VERBS and not verbs & {t.lemma_ for t in root.sent}


# "the name of the tug operator who ...": the question asks a person's name.
_NAME_OF = re.compile(r"(?i)\bname of\b")


def no_name_for_person(question: str, span: Answer) -> bool:
    """"What was the name of the tug operator who pushed the plane?" answered by "left winglet": the
    parse shows a person's name asked (the noun after "name of" heads a relative clause of "who" or
    "whom"; "whose" may be said of a thing) and the span holds no proper noun (PROPN). Business dev."""
    if not _NAME_OF.search(question):
        return False
    asked = language.analyse(question)
    named = [c for t in asked if t.lower_ == "name" for p in t.children if p.lower_ == "of"
             for c in p.children if c.dep_ == "pobj"] if asked is not None else []
    if not any(t.lower_ in ("who", "whom") and t.head.dep_ == "relcl" and t.head.head in named for t in asked):
        return False
    words = _span_words(span, "expand")
    return words is not None and not any(t.pos_ == "PROPN" for t in words)


_NOUN_MODIFIERS = frozenset({"amod", "compound", "nmod", "advmod"})


def _whole_word(doc, token) -> str:
    """The whitespace-delimited word holding token, without the punctuation around it: spaCy splits
    "co-petitioners" into three tokens."""
    start = doc.text.rfind(" ", 0, token.idx) + 1
    end = doc.text.find(" ", token.idx)
    return doc.text[start:end if end >= 0 else len(doc.text)].strip(".,;:!?\"'()“”’")


def _same_noun(asked, asked_doc, said, said_doc) -> bool:
    """Whether the text's noun is the one the question counts: the same lemma or word, and where
    either is hyphenated the same whole word ("co-petitioners" is no "co-owners")."""
    a, b = _whole_word(asked_doc, asked).lower(), _whole_word(said_doc, said).lower()
    if "-" in a or "-" in b:
        return a.rstrip("s") == b.rstrip("s")
    return said.lemma_.lower() == asked.lemma_.lower() or said.lower_ == asked.lower_


def counted_noun_end(question: str, span: Answer) -> int | None:
    """Where the noun a "How many N ...?" question counts ends, when the text says it just after the
    span's number and the number counts it: "150" of "carrying 150 passengers" reads "150 passengers",
    "eighteen" of "eighteen infected volunteers" reads whole (the parse: the number modifies that
    noun, with at most two modifiers between, none of them a number: "15" of "15 million people" or of
    "15 to 20 people" is left as it is, the shown number being the one judged). None when the span is
    not followed so. Chats of every Wikinews genre (dev): an answer that names what it counts shows the
    reader it counts the right thing."""
    if not re.search(r"(?i)\bhow many\b", question):
        return None
    asked = language.analyse(question)
    many = language.how_much_word(asked)
    counted = many.head if many is not None and many.lower_ == "many" and many.head.pos_ in ("NOUN", "PROPN") \
        and many.head.i > many.i else None
    words = _span_words(span)
    if counted is None or words is None or not len(words) or not words[-1].like_num:
        return None
    number, doc = words[-1], words.doc
    for t in doc[number.i + 1:number.i + 4]:
        if t.like_num or t.is_punct and t.text != "-":
            return None
        if t.pos_ in ("NOUN", "PROPN") and _same_noun(counted, asked, t, doc):
            between = doc[number.i + 1:t.i]
            if t in (number.head, number.head.head) and all(b.dep_ in _NOUN_MODIFIERS for b in between):
                hyphenated = "-" in _whole_word(asked, counted)  # the whole word only where the question says one
                return t.idx + (re.match(r"[\w'’-]*\w", doc.text[t.idx:]).end() if hyphenated else len(t))
            return None
        if t.dep_ not in _NOUN_MODIFIERS:
            return None
    return None


_AGE_ASKED = re.compile(r"(?i)^\W*how old (?:is|was|are|were)\s+(?P<who>.+?)(?:\s+(?:when|at|in|on|after|before|"
                        r"during|while)\b.*)?\s*\?*\s*$")
_DESCRIBING = frozenset({"appos", "npadvmod", "amod", "acl", "advmod", "nummod", "prep", "pobj", "compound"})


def age_of_another(question: str, span: Answer) -> bool:
    """"How old was Heather Heyer when ...?" answered by the age the sentence gives another person
    ("James Alex Fields, now 22", "Jobs, aged 55"): the span, read up its parse through the words that
    describe a noun (an apposition, "aged", "-year-old"), describes a proper name that shares no word
    with the one asked about. Courts and technology dev."""
    asked = _AGE_ASKED.match(question)
    parsed = language.analyse(question) if asked else None
    # The person asked about by name: its proper nouns that are no organisation or place ("the victim",
    # "she", "Apple's chief executive" name no one).
    who = {t.lower_ for t in parsed if asked.start("who") <= t.idx < asked.end("who") and t.pos_ == "PROPN"
           and t.ent_type_ not in language.NOT_A_PERSON and len(t) > 2} if parsed is not None else set()
    root = _span_root(span) if who else None
    if root is None:
        return False
    token = root
    for _ in range(6):
        if token.dep_ not in _DESCRIBING or token.head.i == token.i:
            return False
        token = token.head
        if token.pos_ == "PROPN":
            named = {t.lower_ for t in token.subtree if t.pos_ == "PROPN"}
            return not named & who
        if token.pos_ in ("VERB", "AUX") and token.dep_ != "acl":
            return False  # a clause's verb: the span is no longer a description of a noun
    return False


_OPPOSITE_PREPOSITIONS = {"with": "without", "without": "with"}
_MODIFYING_CLAUSES = frozenset({"acl", "advcl", "relcl", "xcomp", "amod", "pcomp"})


def _clause_of(token):
    """The verb of the clause a token is in: up the parse past the verbs that only modify ("patients
    treated without the drug had ..." is the clause of "had")."""
    while not (token.pos_ in ("VERB", "AUX") and token.dep_ not in _MODIFYING_CLAUSES) and token.head.i != token.i:
        token = token.head
    return token


def opposite_preposition(question: str, span: Answer) -> bool:
    """"How much does the phone cost without a contract?" answered from "It will cost $250 with a two-year
    contract": the span's clause (the prepositions hanging from the span or the words above it) says the
    question's noun after the opposite preposition (with / without) and never after the question's own.
    Technology dev."""
    if not re.search(r"(?i)\bwith(?:out)?\b", question):
        return False
    asked = language.analyse(question)
    words = _span_words(span)
    if asked is None or words is None or not len(words):
        return False
    clause = _clause_of(words.root)  # the prepositions of the span's own clause, not another's
    for prep in (t for t in asked if t.lower_ in _OPPOSITE_PREPOSITIONS):
        nouns = {c.lemma_.lower() for c in prep.children if c.dep_ == "pobj" and c.pos_ in ("NOUN", "PROPN")}
        said = {t.lower_ for t in words.root.sent if t.lower_ in _OPPOSITE_PREPOSITIONS and _clause_of(t).i == clause.i
                and nouns & {c.lemma_.lower() for c in t.children if c.dep_ == "pobj"}}
        if said == {_OPPOSITE_PREPOSITIONS[prep.lower_]}:
            return True
    return False


_MONEY_ASKED = re.compile(r"(?i)\bhow\s+much\s+(?:[\w-]+\s+){0,2}money\b")
# Currencies said in words (judge._UNITS keeps them with an amount too).
CURRENCY_WORDS = r"kroner|krona|euros?|dollars?|pounds?|pence|yen|yuan|francs?|rupees?|crowns?"
_CURRENCY_SAID = re.compile(r"(?i)[$£€¥]|\b(?:" + CURRENCY_WORDS + r"|cents?)\b")


def money_not_said(question: str, span: Answer) -> bool:
    """"How much hush money was paid?" answered by "two" (of "two payments"): the question asks an amount
    of money by that noun, and neither the span nor the words around it in its passage are an amount of
    money (no MONEY entity over the span, no currency within a few characters of it: "$119.5 million" read
    as "119.5 million" is money). Courts dev."""
    if not _MONEY_ASKED.search(question) or _CURRENCY_SAID.search(span.text):
        return False
    text = passage_of(span)
    doc = language.analyse(text) if text else None
    if doc is None:
        return False
    if any(e.label_ == "MONEY" and e.start_char < span.end and span.start < e.end_char for e in doc.ents):
        return False
    return not _CURRENCY_SAID.search(text[max(0, span.start - 3):span.end + 12])
