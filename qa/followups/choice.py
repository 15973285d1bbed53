"""Which entity a reference means: the person "he"/"she" may be, the body "the company" or the holder
"the chief executive" names, the item "the second one" picks; ask back (a Resolution with choices)
when two fit."""
from __future__ import annotations

import re

from .. import language
from .words import (QUESTION_WORDS, _AUXILIARIES, _COMPANY_NOUNS, _DETERMINERS, _ITEM_NOUNS,
                    _NAME_AFTER_ROLE, _NAME_BEFORE_ROLE, _ORDINALS, _ORG_SUFFIXES, _PREPOSITIONS,
                    _PRONOUN_GENDER, _TITLES)
from .state import (Resolution, is_body, _Follow, _gender, _is_acronym, _people, _persons, _title_gender, entities,
                    person_candidates)



def _first_found(texts, names_in) -> list[str]:
    """The names names_in finds (in order, once each) in the first of texts where it finds any:
    one is the referent; two or more are for the user to choose from (which one is not guessed)."""
    for text in texts:
        found = list(dict.fromkeys(names_in(text or "")))
        if found:
            return found
    return []


def _organisations(text: str) -> list[str]:
    """The bodies an answer lists, when it is nothing but names of bodies: "the Board of Governors
    and the Federal Reserve Bank of New York", "Norvik Ports and Baltic Shipping Group"."""
    parts = [p.strip() for p in re.split(r",\s*(?:and\s+)?|\s+and\s+(?=(?:the\s+)?[A-Z])", text or "") if p.strip()]
    found = []
    for part in parts:
        if not re.fullmatch(r"(?:the\s+)?[A-Z][\w&.-]*(?:\s+(?:of\s+|for\s+)?[A-Z][\w&.-]*)*", part):
            return []
        words = [w.lower().strip(".") for w in part.split()]
        if not (is_body(part) or words[-1] in _ORG_SUFFIXES or _is_acronym(part)):
            return []
        found.append(part)
    return found


def _list_items(text: str) -> list[str]:
    """"Norvik Ports and Baltic Shipping Group" -> both; "Boston, New York, and San Francisco" -> the
    three; [] when text is no short list (a part of more than six words is a clause, not an item)."""
    parts = [p.strip(" .") for p in re.split(r",\s*(?:and\s+)?|\s+and\s+", text or "") if p.strip(" .")]
    if len(parts) < 2 or any(len(p.split()) > 6 for p in parts):
        return []
    return parts


def _referred_item(ordinal: re.Match, turns) -> list[str]:
    """The item "the second one" / "the other one" / "the latter" means, as a one-item list, or the
    items it may mean (to ask which), or [] when it refers to no list (or is no reference: "the
    first quarter"). The list is the most recent answer that is one, else a question's names."""
    noun = (ordinal.group("noun") or "").lower()
    which = ordinal.group("which").lower()
    # "did the latter welcome (to ...)", "was the latter elected?": a verb after it, where an auxiliary
    # comes before and an object or the end after (not "did the first quarter go well").
    verb_after = re.search(r"\b(?:%s)\s+$" % "|".join(_AUXILIARIES), ordinal.string[:ordinal.start()], re.IGNORECASE) \
        and re.match(r"\s*(?:\?|$|(?:%s)\b)" % "|".join(_DETERMINERS | _PREPOSITIONS),
                     ordinal.string[ordinal.end("ref"):], re.IGNORECASE)
    if noun and noun not in _ITEM_NOUNS and noun not in _AUXILIARIES and not verb_after:
        return []  # "the first quarter", "the second half"
    if noun in _ITEM_NOUNS and re.match(r"\s+(?:to|who|whom|that|which|of|ever|since)\b",
                                        ordinal.string[ordinal.end("ref"):], re.IGNORECASE):
        return []  # "the first person to win": a description, not an item referred to
    for tq, ta in reversed(turns):
        items = _list_items(ta) or [p for e in entities(tq) for p in _persons(e) if not _is_acronym(p)]
        if len(items) < 2:
            continue
        if which == "other":
            named = " ".join(t for turn in turns[turns.index((tq, ta)) + 1:] for t in turn).lower()
            rest = [i for i in items if i.lower() not in named]
            return rest if rest != items or len(items) > 2 else items
        at = _ORDINALS[which]
        return [items[at]] if at < len(items) else []
    return []


def _stand_in(q: str, start: int, end: int, names: list[str], person: str | None, asked: str):
    """q with the one of names (or the user's pick among them) in q[start:end], and the pick left
    unspent (None once used); or, with two or more and no pick, a Resolution asking which."""
    picked = _pick(names, person)
    if picked is None and len(names) > 1:
        return Resolution(asked, choices=names), person
    if picked:
        rest = q[end:]
        if re.match(r"['’]s\b", rest) and language.is_plural(picked):
            rest = rest[0] + rest[2:]  # "the party's" -> "Liberal Democrats'", not "Democrats's"
        return q[:start] + picked + rest, (None if picked == person else person)
    return q, person


def _pick(names: list[str], chosen: str | None) -> str | None:
    """The referent among names: the only one, or the one the user chose when asked back."""
    if len(names) == 1:
        return names[0]
    return chosen if chosen in names else None


def _asked_chunk(question: str):
    """The noun phrase a which/what question asks with ("Which Liberal Democrat leader"), from the
    parse; where the small model parses "Which | Chinese ophthalmologist" as two, the one after it.
    None when there is none."""
    doc = language.analyse(question) if re.match(r"\W*(?:which|what)\b", question, re.IGNORECASE) else None
    chunks = list(doc.noun_chunks) if doc else []
    at = next((i for i, c in enumerate(chunks) if any(t.tag_ == "WDT" for t in c)), None)
    if at is None:
        return None
    if len(chunks[at]) == 1 and at + 1 < len(chunks) and chunks[at + 1].start == chunks[at].end:
        return chunks[at + 1]
    return chunks[at]


def _answer_if_asked_for(noun: str, turns) -> list[str]:
    """["Yevgeny Zinichev"] for "the minister" after "Which minister told Putin ...?" answered "Yevgeny
    Zinichev": a description whose words are all among those the last question asked with (its
    which/what phrase: "the company" after "Which construction company ...?", but "the prime minister"
    is not "Which minister") is that question's answer, however many others the passages call so
    (weather dev chat); [] otherwise."""
    if not turns or not turns[-1][1]:
        return []
    question, answer = turns[-1]
    asked = _asked_chunk(question)
    words = {t.lower_ for t in asked if t.tag_ not in ("WDT", "DT")} if asked is not None else set()
    return [answer] if words and set(noun.lower().split()) <= words else []


# Head nouns of phrases that say when or how much, not a thing referred back to ("the day before").
_NOT_REFERRED = language.NUMERIC_LABELS


def described_chunk(question: str):
    """The phrase "the (words) N" a follow-up refers back with, N any singular common noun, from the
    parse ("the plant", "the boat"): no name in it, no time or amount ("the day before"), nothing said
    of it after ("the boat that sank") and no part of an "of" phrase ("the eye of the storm"). None
    when there is none."""
    doc = language.analyse(question)
    for chunk in (doc.noun_chunks if doc is not None else ()):
        after = doc[chunk.end] if chunk.end < len(doc) else None
        root = chunk.root
        if chunk[0].lower_ != "the" or root.pos_ != "NOUN" or root.tag_ == "NNS" or len(chunk) > 4 \
                or any(t.pos_ == "PROPN" or t.ent_type_ in _NOT_REFERRED for t in chunk) \
                or (after is not None and after.lower_ in ("of", "that", "which", "who", "whose", "whom")) \
                or (root.dep_ == "pobj" and root.head.lower_ == "of"):
            continue
        return chunk
    return None


def _name_like(token) -> bool:
    """A proper noun, or a capitalised word inside a sentence the small model tags otherwise ("the Ever
    Given" as a verb); not a capitalised common noun that opens a sentence ("Firefighters, ...")."""
    return token.pos_ == "PROPN" or (token.is_title and not token.is_sent_start
                                     and token.pos_ not in ("DET", "PRON", "ADP", "AUX", "CCONJ", "PUNCT"))


def _name_words(doc, name):
    """(start, end) of the whole name a token is part of: its entity ("the Bank of England", "Johnson &
    Johnson"), else the capitalised words next to it that depend on it."""
    entity = next((e for e in doc.ents if e.start <= name.i < e.end and e.label_ not in _NOT_REFERRED), None)
    if entity is not None:
        return entity.start + (doc[entity.start].lower_ == "the"), entity.end
    start, end = name.i, name.i + 1
    while start > 0 and _name_like(doc[start - 1]) and doc[start - 1].head.i in range(start, end):
        start -= 1
    while end < len(doc) and _name_like(doc[end]) and doc[end].head.i in range(start, end):
        end += 1
    return start, end


def names_called(words: frozenset, noun: str, text: str) -> list[str]:
    """The names ``text`` sets in apposition to the description whose lowercase ``words`` end in the
    common noun ``noun`` (a lemma), every word of it said with the noun there: "the Conception, the
    dive boat" and "the dive boat Conception" for "the boat" (not for "the next boat"). A name
    compound before the noun is left out: the small model types "Costa Sur" in "the Costa Sur power
    plant" as a place, like "the Bronx" in "the Bronx courthouse". Weather dev chats."""
    doc = language.analyse(text) if text and noun in text.lower() else None
    out = []
    for t in (doc if doc is not None else ()):
        said = {c.lower_ for c in t.lefts if c.dep_ in ("det", "amod", "compound", "nmod")} | {t.lower_, noun}
        if t.lemma_.lower() != noun or t.pos_ != "NOUN" or t.tag_ == "NNS" or not words <= said:
            continue
        name = t.head if t.dep_ == "appos" and _name_like(t.head) else next(
            (c for c in t.rights if c.dep_ == "appos" and _name_like(c)), None)
        if name is None:
            continue
        start, end = _name_words(doc, name)
        the = doc[start - 1].lower_ == "the" if name.i == t.head.i and start > 0 else any(
            c.lower_ == "the" for c in t.lefts)  # "the Conception, the dive boat"; "the dive boat Conception"
        out.append(("the " if the and name.ent_type_ != "PERSON" else "") + doc[start:end].text)
    return out


def _role_holders(role: str, turns, read: str) -> list[str]:
    """The people the conversation's answers or passages give that role, most recent text first:
    "the spokesman Dmitry Peskov", "Peskov, the spokesman", "its chief executive, Priya Natarajan",
    "Ben S. Bernanke, Chairman" (a vice chairman is not the chairman). Two or more: ask which."""
    def holders(text: str) -> list[str]:
        found = []
        for m in re.finditer(r"\b" + re.escape(role) + r"\b", text, re.IGNORECASE):
            if any(language.not_the_holder(w) for w in language.title_before(text[max(0, m.start() - 60):m.start()])):
                continue  # "former chief executive", "Ex-Prime Minister", "Vice President"
            before = text[max(0, m.start() - 80):m.start()]
            for got in (_NAME_AFTER_ROLE.match(text, m.end()), _NAME_BEFORE_ROLE.search(before)):
                if got and got.group(1).split()[0].lower() not in _TITLES | QUESTION_WORDS:
                    found.append((got.start(1), got.group(1)))
        return [name for _, name in sorted(found)]
    return _first_found([ta for _, ta in reversed(turns)] + [read], holders)


def _described(noun: str, turns, read: str) -> list[str]:
    """The names in the conversation a description fits, most recent turn first: a name with the
    noun in it ("High Court" for "the court"), for a company a name ending like one ("Norvik Ports"),
    or one the passages call so ("Norvik Ports, the shipping company"). Two or more: ask which."""
    def fits(name: str) -> bool:
        words = [w.lower().strip(".,") for w in name.split()]
        if noun in words:
            return True
        if noun in _COMPANY_NOUNS:
            return words[-1] in _ORG_SUFFIXES or bool(re.search(
                re.escape(name) + r",\s+(?:a|an|the)\s+[\w\s-]{0,30}?\b" + noun + r"\b", read))
        return False
    def called_so(text: str) -> list[str]:
        return [p for e in entities(text) for p in _persons(e) if fits(p) and not _is_acronym(p)]
    names = _first_found([t for tq, ta in reversed(turns) for t in (ta, tq)], called_so)  # an answer before its question
    if not names and turns:
        # No turn calls one so: the one organisation or people the last question named ("the party" after "How
        # many seats did the Liberal Democrats lose?"; politics dev chat), typed by the language layer, before
        # the names the passages read call so.
        last_q = turns[-1][0]
        bodies = [e for e in entities(last_q) if language.entity_label(e, last_q) in ("ORG", "NORP")]
        names = bodies if len(bodies) == 1 else []
    names = names or _first_found([read], called_so)
    return ["the " + name if noun in name.lower().split() else name for name in names]  # "the High Court"


def _possessive_and_subject(q: str, at: int):
    """(the possessive at ``at``, the subject of its verb) from the parse; (None, None) where the word
    there is no possessive, and a None subject where its verb has none."""
    doc = language.analyse(q)
    word = next((t for t in doc if t.idx == at), None) if doc is not None else None
    if word is None or word.dep_ != "poss":
        return None, None
    verb = next((t for t in word.ancestors if t.pos_ in ("VERB", "AUX")), None)
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")] if verb is not None else []
    return word, subjects[0] if subjects else None


def _bound_to_the_asked(q: str, at: int) -> bool:
    """Whether the possessive at ``at`` may belong to the subject the question asks for ("Which Liberal
    Democrat leader lost her seat?", "Who lost his job?"): the parse makes it a possessive, and the
    subject of its verb is or holds the question word. ("Who criticised his plan?" has the same shape:
    the caller reads it so only when the conversation names no one typed a person.)"""
    word, subject = _possessive_and_subject(q, at)
    return subject is not None and any(t.tag_ in ("WP", "WDT") for t in subject.subtree)


def bound_to_its_subject(q: str, at: int, context: str = "") -> bool:
    """Whether the his/her at ``at`` belongs to the person the question itself names as the subject of
    its verb: "What did Jobs say about his health?" (the pronoun's local subject, as binding reads it;
    technology dev chat). The parse makes it a possessive outside the subject's own phrase ("Who is the
    judge in his case?" asks of another), the subject is a name the language layer types a person, and a
    title in the question, or a title or he/she said of them in the conversation's text (``context``),
    shows that person of the pronoun's gender: where none does, the person in focus keeps it ("What did
    Trump say about her announcement?")."""
    word, subject = _possessive_and_subject(q, at)
    if subject is None or subject.i > word.i or subject in word.ancestors or subject.ent_type_ != "PERSON":
        return False  # ("Jobs" is tagged a common noun, and typed a person)
    name = " ".join(t.text for t in subject.subtree if t.ent_type_ == "PERSON")
    return (_title_gender(name, q) or _gender(name, context)) == _PRONOUN_GENDER.get(word.lower_)


def _gender_of_the_asked(question: str) -> str | None:
    """"f"/"m" when the question's own her/his may belong to whom it asks for ("Which of the party's
    leaders lost her seat?", _bound_to_the_asked): its answer may be a person of that gender."""
    for m in re.finditer(r"\b(?:his|her)\b", question, re.IGNORECASE):
        if _bound_to_the_asked(question, m.start()):
            return _PRONOUN_GENDER[m.group(0).lower()]
    return None


def _person_meant(f: _Follow, pronoun: str):
    """Who "he"/"she" means: the most recent turn that names anyone (recency), then the question's
    form, then gender; None when no one fits, a Resolution when several do."""
    turns, read, last = f.turns, f.read, f.last
    wanted = "f" if _PRONOUN_GENDER.get(pronoun) == "f" else "m"
    for tq, ta in reversed(turns):
        candidates, decided = person_candidates(tq, ta)
        # No place or people is "he" or "she" (entity types from the language layer, over the turns
        # and the passages they read).
        texts = [t for turn in turns for t in turn] + [read]
        candidates = [c for c in (re.sub(r"[’']s$", "", c) for c in candidates)
                      if not language.not_a_person(c, texts)]
        if not candidates and ta and (_names_qualify_the_asked(tq) or _gender_of_the_asked(tq) == wanted):
            # "Which Liberal Democrat leader lost her seat?": the names it asks with are no person, so the
            # person is its answer ("Jo Swinson"); so too where its own "her" may be the one asked for, and
            # "she" is asked ("Which of the party's leaders lost her seat?"; politics dev chat). (The answer
            # is not ruled out by the other pronoun: "his" in "Who criticised his plan?" may be another's.)
            candidates = [p for e in entities(ta) if not _is_acronym(e) for p in _persons(e)
                          if not language.not_a_person(p, texts)]
        if candidates:
            break
    context = "\n".join([*(t for turn in turns for t in turn), read])
    if candidates:
        # A body is no he or she ("What did Norvik Foods report?"): the people the state types.
        bodies = {e.text for e in last.of_kind("organisation")}
        candidates = [c for c in candidates if c not in bodies]
    if not candidates:
        # No one named in the turns: the person the paragraphs read show to be of that gender, or
        # the one of unknown gender when the others are of the other ("Chief financial officer Lars
        # Henning" after "... Ingrid Solberg ... she told analysts" for "he").
        read_people = last.of_kind("person")
        same = [e.text for e in read_people if e.gender == wanted]
        possible = [e.text for e in read_people if e.gender in (wanted, None)]
        # (More than three: a list of names, say of voters; no guess and no long ask-back.)
        candidates = same if len(same) == 1 else possible if len(possible) <= 3 else []
    return _by_gender(f.q, candidates, wanted, context, read)


_TIMES_AND_AMOUNTS = frozenset({"DATE", "TIME", *language.AMOUNT_LABELS, "ORDINAL"})


def _names_qualify_the_asked(question: str) -> bool:
    """Whether every name of a which-question is said of the noun it asks for ("Which Liberal Democrat
    leader ...?", not "Which judge sentenced the Ohio man?"): the phrase of "which" (_asked_chunk). A date
    or a number the question also names ("... in December 2019?") is no name of anyone (health dev chat)."""
    chunk = _asked_chunk(question) if re.match(r"\s*which\b", question, re.IGNORECASE) else None
    asked = chunk.text if chunk is not None else ""
    names = [n for n in entities(question) if language.entity_label(n, question) not in _TIMES_AND_AMOUNTS]
    return bool(asked and names) and all(n in asked for n in names)


def _by_gender(q: str, candidates: list[str], wanted: str, context: str, read: str):
    """Of the candidates, the one whose gender agrees with the pronoun; a Resolution when several may."""
    if len(candidates) == 1 and _gender(candidates[0], context) not in (wanted, None):
        # "What did she tell analysts?" after an answer naming a man (known to be one): the
        # woman the passages read name, or, when they name several, ask which.
        fitting = [p for p in _people(read) if p != candidates[0] and _gender(p, read) == wanted]
        if len(fitting) == 1:
            candidates = fitting
        elif fitting:
            return Resolution(q, choices=fitting)
    if len(candidates) > 1:
        # Undecided, or "he" after an answer naming two people ("Fisher and Plosser").
        # Someone the passages show to be of the other gender is out; a title decides among the rest.
        known = {c: _gender(c, context) for c in candidates}
        candidates = [c for c in candidates if known[c] in (wanted, None)] or candidates
        genders = {c: _title_gender(c, context) for c in candidates}
        matching = [c for c in candidates if genders[c] == wanted]
        unknown = [c for c in candidates if genders[c] is None]
        candidates = matching if len(matching) == 1 else matching + unknown
        if len(candidates) > 1:
            return Resolution(q, choices=candidates)
    return candidates[0] if candidates else None
