"""The conversation state: the turns as the resolver reads them (question, answer, the paragraph and
passages read, their date), the entities they name with their type, number and gender, the dates in
play, and whether a question goes on with the conversation."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from .. import language
from .words import (AMOUNT, BODIES, QUESTION_WORDS, _CALENDAR, _DAY, _ENTITY, _EVENT, _FEMALE_TITLES, _GENDERED,
                    _LEAD_CONJUNCTION, _MALE_TITLES, _MONTHS, _ORG_SUFFIXES, _PLACE_BEFORE, _PRONOUN_GENDER,
                    _ROLE_WORDS, _SENTENCE_END, _SUBJECT, _SUBJECT_IT, _TITLES, _TOPIC_LEAD, _WHO_IS_NAME)
from .frames import (_subject_found)


def _date_phrase(text: str) -> str | None:
    from ..dates import question_dates

    named = question_dates(text)
    # (A month said of a thing, "Ford's January 2006 plan", filters the articles read but is no date the
    # conversation is asked of: "at that time" is then the day of the article that answered.)
    return named.phrase if named and not named.kept else None


def _bare_date(phrase: str) -> str:
    """The date words of a date phrase: "in March 2020", "by March 2020", "up to January 20, 2020" ->
    the date alone."""
    return re.sub(r"(?i)^(?:in|on|during|of|as of|by|up to|from|at the (?:end|close|start|beginning) of)\s+", "",
                  phrase)


def _names_a_day(phrase: str) -> bool:
    """Whether a date phrase names a day of a month ("September 17, 2001", not "October 2001")."""
    return re.search(r"(?<!\d)\d{1,2}(?:st|nd|rd|th)?(?!\d)", phrase) is not None


def _as_time(phrase: str) -> str:
    """A date phrase as a time adverbial: "October 2001" -> "in October 2001", "September 17, 2001"
    -> "on September 17, 2001"."""
    bare = _bare_date(phrase)
    return ("on " if _names_a_day(bare) else "in ") + bare


def _with_date(q: str, frame_date: str, turns) -> str:
    """q asked of the conversation's date, in the words the conversation named it: "..., according to the
    June 2008 statement?" when that is how it was asked, else "... in June 2008?"."""
    bare = _bare_date(frame_date)
    statement = re.compile(r"(?i)\bthe\s+" + re.escape(bare) + r"\s+(statement|meeting|decision)\b")
    named = next((m for m in (statement.search(tq) for tq, _ in reversed(list(turns))) if m), None)
    if named:
        return f"{q.rstrip(' ?')}, according to the {bare} {named.group(1).lower()}?" \
            if named.group(1).lower() == "statement" else f"{q.rstrip(' ?')} at the {bare} {named.group(1).lower()}?"
    return f"{q.rstrip(' ?')} {_as_time(frame_date)}?"


def _new_date(prev_q: str, prev_date: str, new_date: str) -> str:
    """prev_q asked again at new_date, in the form its own date phrase had."""
    new = _as_time(new_date) if re.match(r"(?i)(?:in|on|during|of)\b", prev_date) else _bare_date(new_date)
    return prev_q.replace(prev_date, new, 1)


def _frame_date(questions) -> str | None:
    """The time a conversation is about: the date phrase of the nearest question that names one."""
    return next((d for d in map(_date_phrase, reversed(list(questions))) if d), None)


def topic_lead(q: str) -> str | None:
    """"Now about 2004: who was Chairman?" -> "Who was Chairman in 2004?": a fresh topic, so the
    question stands alone (None when q does not open with one)."""
    m = _TOPIC_LEAD.match(q)
    if not m:
        return None
    topic, rest = m.group("t").strip(), m.group("q").strip().rstrip(" ?")
    if _date_phrase(f"in {topic}"):
        out = f"{rest} {_as_time(topic)}?"
    elif _SUBJECT_IT.search(rest):
        out = _SUBJECT_IT.sub(topic, rest, count=1) + "?"
    else:  # "Now about the bridge: when will construction begin?" -> "The bridge: when will ...?"
        out = f"{topic}: {rest}?"
    return out[:1].upper() + out[1:]


def entities(text: str) -> list[str]:
    """Capitalised name spans, leaving out question words at the start of a sentence."""
    out = []
    for m in _ENTITY.finditer(text or ""):
        words = m.group(0).split()
        while words and words[0].lower() in QUESTION_WORDS:
            words = words[1:]
        if words and m.start() == len(text) - len(text.lstrip()) and words[0].lower().endswith("ing") \
                and len(words) > 1:
            words = words[1:]  # "Bringing the Committee's total ...": a verb that opens the question
            while words and words[0] in ("of", "for", "and", "the"):
                words = words[1:]
        while words and words[-1].lower() in ("of", "for", "and", "the"):
            words = words[:-1]
        name = " ".join(words).rstrip(".’'")
        if name and name.lower() not in QUESTION_WORDS:
            out.append(name)
    return out


def _is_acronym(name: str) -> bool:
    return name.replace(".", "").isupper()


def _turn(item) -> tuple[str, str]:
    """(interpreted question, answer text) of a history item (question, Reply | str | None)."""
    q, r = item
    if r is None or isinstance(r, str):
        return q, r or ""
    return getattr(r, "question", q) or q, (r.answer.text if getattr(r, "answer", None) else "")


def _passages(item) -> str:
    """The paragraphs a history item's reply read (its hits), "" for a plain (question, answer) pair:
    where the people a pronoun may mean are named, with the he/she that shows who is who."""
    _, r = item
    hits = getattr(r, "hits", None) or []
    return "\n".join(getattr(getattr(h, "paragraph", None), "text", "") for h in hits)


def _persons(name: str) -> list[str]:
    """"Blinken and Stoltenberg" -> both; titles dropped ("Ms Solberg" -> "Solberg"); dates are no one."""
    out = []
    for p in re.split(r"\s+and\s+|,\s*", name):
        words = p.split()
        while len(words) > 1 and words[0].lower().rstrip(".") in _TITLES:
            words = words[1:]
        if words and words[0].lower() not in _CALENDAR and not words[0][:1].isdigit():
            out.append(" ".join(words))
    return out


def _title_gender(name: str, text: str) -> str | None:
    """"f"/"m" when a title before the name says so ("Ms Solberg", "Mr. Lavrov"), else None."""
    last = name.split()[-1]
    words = [w.lower().rstrip(".") for w in re.findall(r"[\w’'.\-]+", text)]
    for i, w in enumerate(words):
        if w == last.lower():
            before = words[max(0, i - 3):i]  # "Ms Ingrid Solberg": the title up to two names back
            if _FEMALE_TITLES & set(before):
                return "f"
            if _MALE_TITLES & set(before):
                return "m"
    return None


def _gender(name: str, text: str) -> str | None:
    """"f"/"m" for a person: a title before the name ("Ms Solberg"), else the first he/she in the
    sentence that names them (after the name) or in the next one ("... Ingrid Solberg said demand had
    grown. 'People cook less,' she told analysts.")."""
    titled = _title_gender(name, text)
    if titled or not text:
        return titled
    last = name.split()[-1]
    sentences = _SENTENCE_END.split(text)
    for i, sentence in enumerate(sentences):
        at = sentence.find(last)
        if at < 0:
            continue
        for chunk in (sentence[at + len(last):], sentences[i + 1] if i + 1 < len(sentences) else ""):
            found = _GENDERED.search(chunk)
            if found:
                # Not when someone else is named first: the he/she may be theirs.
                if re.search(r"\b[A-Z][a-z]+ [A-Z][a-z]+\b", chunk[:found.start()]):
                    break
                return _PRONOUN_GENDER[found.group(1).lower()]
    return None


def _people(text: str) -> list[str]:
    """Names of two or more capitalised words in text that are people ("Ingrid Solberg"), first seen first."""
    out = []
    for e in entities(text):
        words = e.split()
        while len(words) > 1 and words[0].lower().rstrip(".") in _TITLES | {"chief", "executive", "financial",
                                                                              "officer", "spokesperson", "spokesman"}:
            words = words[1:]
        name = " ".join(words)
        if len(words) >= 2 and not _is_acronym(name) and name not in out \
                and not any(w.lower().strip(".") in _CALENDAR or w.lower() in ("of", "the")
                            or (w.endswith(".") and len(w) > 2) for w in words):
            out.append(name)
    return out


def person_candidates(prev_q: str, prev_a: str) -> tuple[list[str], bool]:
    """Who "he"/"she" may be after a turn, most likely first, and whether the question's form
    settles it: "Who is <Name>?" -> the name asked about; other who-questions ("Who welcomed ...?",
    "Who is the spokesman?") -> the name in the answer; "What did <Name> say?" -> its subject.
    Otherwise every person the turn names, undecided."""
    m = _WHO_IS_NAME.match(prev_q)
    names_asked = entities(m.group("name")) if m else []
    if names_asked and all(w.lower().strip(".") in _TITLES | _ROLE_WORDS for w in names_asked[0].split()):
        names_asked = []  # "Who was Chairman?" asks who held a role: the person is the answer
    if names_asked and names_asked[0] == m.group("name").rstrip(".’'"):  # "Who is Ned Price?", not "Riverside's manager"
        return _persons(names_asked[0]), True
    a_names = [e for e in entities(prev_a) if not _is_acronym(e)]
    q_names = [p for e in entities(prev_q) if not _is_acronym(e) for p in _persons(e)]
    asked_who = re.match(r"\s*who\b", prev_q, re.IGNORECASE)
    asked_which = re.match(r"\s*which\b", prev_q, re.IGNORECASE) and a_names and (
        not q_names or language.entity_label(a_names[0], a_names[0]) == "PERSON")
    if prev_a and a_names and (asked_who or asked_which):
        # "Who welcomed ...?", "Which councillor argued ...?": the person is the answer, the entity most
        # in focus, also where the question names others ("Which judge ruled that ... view President
        # Trump's tax records?" -> "Victor Marrero", courts dev chat). (Not "Which university is Professor
        # Lindqvist from?": the answer is no person, the person is the one the question names.)
        return _persons(a_names[0]), True
    subject = _SUBJECT.match(prev_q)
    if subject and not _is_acronym(subject.group("name")):
        return _persons(subject.group("name")), True
    return q_names, len(q_names) == 1


@dataclass(frozen=True)
class Entity:
    """A thing a turn names, with its kind: "person" (gender "f"/"m" where the text read shows it),
    "organisation", "place", "number" (amounts and money), "date", or "event"."""
    text: str
    kind: str
    gender: str | None = None


@dataclass(frozen=True)
class TurnState:
    """One earlier turn as the resolver reads it: the question as interpreted, its answer, the
    article and paragraph the answer came from (with the article's date), the paragraphs read, and
    the entities of the question, the answer and those paragraphs, typed."""
    question: str
    answer: str
    source: str = ""
    paragraph: str = ""
    date: str = ""  # ISO, "" when undated or a plain (question, answer) pair
    read: str = ""

    @cached_property
    def entities(self) -> tuple[Entity, ...]:
        """Typed when first asked for (the rules below need only the words, so a turn costs no typing)."""
        people = [p for p in person_candidates(self.question, self.answer)[0] if not _is_acronym(p)
                  and not is_body(p)]
        return _typed([self.question, self.answer], self.read, people)

    def of_kind(self, kind: str) -> list[Entity]:
        return [e for e in self.entities if e.kind == kind]

    @property
    def answered_on(self) -> str | None:
        """The article's date as a day phrase ("May 10, 2006"), for "at that meeting"."""
        from datetime import date

        try:
            day = date.fromisoformat(self.date)
        except ValueError:
            return None
        return f"{_MONTHS[day.month - 1].capitalize()} {day.day}, {day.year}"


def is_body(name: str) -> bool:
    """Whether a name is an organisation's: a word bodies are called by ("committee", "court",
    "party"), or the entity recogniser types the name of two words or more an organisation ("the
    World Health Organization", "Brantwood Group"). Without a spaCy pipeline only the words count."""
    words = {re.sub(r"[’']s$", "", w.lower().strip(".,’'")) for w in name.split()}
    # (A single word alone is no evidence: the small model types bare surnames as organisations.)
    return bool(words & BODIES) or len(name.split()) > 1 and language.entity_label(name, name) == "ORG"


def _kind_of(name: str, text: str, people: list[str]) -> str:
    """The kind of a capitalised name, from the name, the words before it in text (a place after
    "in", "from"), and ``people`` (the names the resolver takes for people)."""
    words = [w.lower().strip(".,’'") for w in name.split()]
    if _is_acronym(name) or is_body(name) or words[-1] in _ORG_SUFFIXES:
        return "organisation"
    if words[0] in _CALENDAR:
        return "date"
    at = text.find(name)
    if at > 0 and _PLACE_BEFORE.search(text[max(0, at - 12):at]):
        return "place"
    if name in people or len(words) >= 2 and (words[0] in _TITLES or name in _people(text)) or (
            at > 0 and re.search(r"\b(?:%s)\.?\s+$" % "|".join(_TITLES), text[max(0, at - 14):at], re.IGNORECASE)):
        return "person"  # a single word only as the resolver's person or after a title ("Ms Solberg")
    return "organisation" if len(words) > 2 else "place"


def _typed(texts: list[str], read: str, people: list[str]) -> tuple[Entity, ...]:
    """The entities named in texts (a question, its answer) and in the paragraphs read, each once;
    ``people``: names the resolver takes for people (the subject of "What did X say?", "Who ...?")."""
    found: dict[str, Entity] = {}
    context = "\n".join([*texts, read])
    for text in [*texts, read]:
        for m in _DAY.finditer(text):
            found.setdefault(m.group(0), Entity(m.group(0), "date"))
        text = _DAY.sub(" ", text)
        for name in entities(text):
            for part in _persons(name) or [name]:
                if part in found or part.lower() in QUESTION_WORDS or part.lower() in _TITLES:
                    continue  # "Chief" of "Chief executive Ingrid Solberg" is no one
                kind = _kind_of(part, context, people)
                found[part] = Entity(part, kind, _gender(part, context) if kind == "person" else None)
        for m in AMOUNT.finditer(text):
            if re.search(r"\d", m.group(0)) and not re.fullmatch(r"(?:19|20)\d\d", m.group(0)):
                found.setdefault(m.group(0), Entity(m.group(0), "number"))
        for m in _EVENT.finditer(text if text is not read else ""):
            found.setdefault(m.group(0), Entity(m.group(0), "event"))
    return tuple(found.values())


def conversation_state(history=(), last: int = 3) -> list[TurnState]:
    """The last turns of a conversation, oldest first, as the resolver reads them: history items are
    (question, Reply) or (question, answer text) pairs; a Reply gives the article, paragraph and
    passages read as well. Built from the history each turn (it is the chat's history that is kept
    per chat); the user sees it only through the "Interpreting as" line."""
    out = []
    for item in list(history)[-last:]:
        question, answer = _turn(item)
        # "And who dissented in September 2013?" is read as "Who dissented ...?" (its answer is who "she" is).
        lead = _LEAD_CONJUNCTION.match(question)
        if lead:
            rest = question[lead.end():]
            question = rest[:1].upper() + rest[1:]
        read = _passages(item)
        hit = getattr(getattr(item[1], "answer", None), "hit", None)
        paragraph = getattr(getattr(hit, "paragraph", None), "text", "") or ""
        out.append(TurnState(question, answer, getattr(hit, "source", "") or "", paragraph,
                             getattr(hit, "date", "") or "", read))
    return out


def continues(question: str, history=()) -> bool:
    """Whether a question left as typed still goes on with the conversation: it names no date of its
    own and no name the recent turns (their questions, answers and the passages last read) do not.
    "What did the Board of Governors cut the discount rate to?" after a question about December
    2001 does; "Now about 2004: ...", "... in May 2006?" or a new name starts a fresh topic."""
    if not history or topic_lead(question) or _date_phrase(question):
        return False
    state = conversation_state(history)
    said = " ".join([*(t for turn in state for t in (turn.question, turn.answer)), state[-1].read]).lower()
    return all(name.lower() in said for name in entities(question))


@dataclass
class Resolution:
    """A follow-up resolved: the question to ask, or, when it is unsure who a pronoun or a
    description means, the people or bodies to ask the user about (then ``question`` is the
    question as typed)."""
    question: str
    choices: list[str] = field(default_factory=list)


@dataclass
class _Follow:
    """One follow-up being rewritten from the last turn: what the operations (operations.py) read and
    change. ``q`` is the question as typed, with the descriptions stood in for and, once "then" was
    read, the date in play; ``out`` the reading so far."""
    q: str
    prev_q: str
    prev_a: str
    turns: list
    person: str | None
    prev_date: str | None
    frame_date: str | None
    last: TurnState
    out: str = ""  # the reading so far
    org: str | None = None  # the body "it" stands for, once found

    def __post_init__(self):
        self.out = self.q

    @property
    def read(self) -> str:
        return self.last.read

    @cached_property
    def asked_what(self) -> bool:
        return bool(re.match(r"\s*(?:what|which)\b", self.prev_q, re.IGNORECASE) and self.prev_a
                    and len(self.prev_a.split()) <= 8)

    @cached_property
    def found(self) -> str | None:
        return _subject_found(self.prev_q, self.prev_a)
