"""The last question's frame: its noun phrases, subject, verb and object, read so that one part can
be put in place of another ("And the unemployment rate?", "And in Florida?") or a pronoun can be given the thing it means."""
from __future__ import annotations

import re

from .. import language
from .words import (QUESTION_WORDS, _ADJUNCT_PREPOSITIONS, _ASKED_SUBJECT, _ASKS_WHICH, _AUXILIARIES, _CALENDAR,
                    _COPULA_SUBJECT, _DAY_BEFORE_NOUN, _DEICTIC_TIME, _DEMONSTRATIVE, _DESCRIPTION, _DETERMINERS,
                    _ELLIPSIS_LEAD, _EXPECTED_TO_DO, _FRAME, _GROUP_PRONOUN, _IRREGULAR_PAST, _ITS, _NP,
                    _NP_STOP, _OBJECT_GAP_FOLLOWERS, _OBJECT_PRONOUN, _PERSON_PRONOUN, _PREPOSITIONS, _QUANTITY,
                    _ROLE_DESCRIPTION, _RUN_STOP, _SUBJECT_IT, _SUBJECT_THAT, _SUBJECT_WHAT, _TOPIC, _VERB_ANSWER)



def _run_start(low: list[str], i: int, stop: set[str]) -> int:
    """Where the run of words ending at low[i] begins: back to the first stop word or number."""
    while i > 0 and low[i - 1] not in stop and not low[i - 1][:1].isdigit():
        i -= 1
    return i


def _replace_run(prev_q: str, x: str) -> str | None:
    """The previous question with the noun phrase that shares x's head word replaced by x ("What did
    the FOMC lower its federal funds rate target to?" + "the discount rate" -> "What did the FOMC
    lower the discount rate to?"); None when no phrase shares a word with x."""
    words = prev_q.rstrip(" ?").split()
    low = [w.lower().strip(",;:") for w in words]
    x_words = [w.lower() for w in x.split() if w.lower() not in _DETERMINERS]
    if not x_words:
        return None
    head = x_words[-1]
    stop = QUESTION_WORDS | _NP_STOP | _RUN_STOP | _CALENDAR
    at = [i for i, w in enumerate(low) if w == head or (len(head) > 3 and w.rstrip("s") == head.rstrip("s"))]
    lead = x_words[0] if x_words[0] in _PREPOSITIONS and len(x_words) > 1 else None
    if not at and lead in low:
        # "And for inflation?" after "What is the threshold for the unemployment rate in September
        # 2013?": the phrase after the same preposition, up to the next one.
        i = b = low.index(lead)
        while b + 1 < len(low) and low[b + 1].isalpha() and (
                low[b + 1] in _DETERMINERS or low[b + 1] not in stop | _PREPOSITIONS):
            b += 1
        if b > i:
            return " ".join(words[:i] + [x] + words[b + 1:]) + "?"
    at = at or [i for i, w in enumerate(low) if w in x_words and w not in stop and w != lead]
    if not at:
        # "How much Treasury securities will ...?" + "And agency debt?": the thing the question asks
        # how much (or what) of is the noun phrase the new one stands for.
        framed = _FRAME.match(prev_q)
        asked = prev_q[:framed.start("aux")].split() if framed else []
        n = 2 if [w.lower() for w in asked[:2]] in (["how", "much"], ["how", "many"]) else 1
        if len(asked) > n and asked[0].lower() in ("how", "what", "which"):
            return " ".join(asked[:n] + [" ".join(x_words)] + prev_q[framed.start("aux"):].split())
        if framed and len(asked) == 1:
            return _replace_object(prev_q, framed, x)
        return None
    a = b = at[0]
    a = _run_start(low, a, stop)
    if a > 0 and low[a - 1] in _DETERMINERS:
        a -= 1
    # not on into a verb ("Which former Microsoft CEO | posted ...", technology dev chat)
    verb_starts = _verb_starts(prev_q)
    verbs = {i for i, w in enumerate(re.finditer(r"\S+", prev_q)) if w.start() in verb_starts}
    while b + 1 < len(low) and low[b + 1] not in stop and low[b + 1].isalpha() and b + 1 not in verbs:
        b += 1
    if a > 0 and x.split()[0].lower() == low[a - 1]:
        a -= 1  # "And on excess reserve balances?" after "... on required reserve balances"
    if a > 0 and low[a - 1] in ("which", "what") and x.split()[0].lower() in _DETERMINERS:
        x = x.split(None, 1)[1]  # "Which former Microsoft CEO ...?" + "the current Microsoft CEO": "Which current ..."
    return " ".join(words[:a] + [x] + words[b + 1:]) + "?"


def _replace_object(prev_q: str, framed: re.Match, x: str) -> str | None:
    """"What did the FOMC lower its target to in October 2001?" + "What about the discount rate?" ->
    "What did the FOMC lower the discount rate to in October 2001?": the verb's object (a phrase
    opening with a determiner after the subject and the verb, or after a preposition there) stands
    for the new noun phrase."""
    body = framed.group("body").split()
    low = [w.lower() for w in body]
    i = 0
    if low and low[0] in _DETERMINERS:
        i = 1
    while i < len(body) and body[i][:1].isupper():
        i += 1  # the subject: "the FOMC", "Norvik", "the Board of Governors" stops at "of"
    # The object after the verb low[i], or a preposition's ("What did Norvik pay for the plant?").
    a = next((j for j in range(i + 1, min(i + 3, len(body))) if low[j] in _DETERMINERS
              and all(w in _PREPOSITIONS for w in low[i + 1:j])), None) if i else None
    if a is None:
        return None
    b = a
    while b + 1 < len(low) and low[b + 1].isalpha() and low[b + 1] not in _PREPOSITIONS | _CALENDAR | _NP_STOP:
        b += 1
    if b == a:
        return None
    words = body[:a] + [x] + body[b + 1:]
    return f"{prev_q[:framed.start('body')]}{' '.join(words)}?"


def _verb_starts(question: str) -> frozenset:
    """Where the question's verbs begin (character offsets), from its parse; empty without one."""
    doc = language.analyse(question)
    return frozenset(t.idx for t in doc if t.pos_ in ("VERB", "AUX") or _participle_read_as_noun(t)) \
        if doc is not None else frozenset()


def _participle_read_as_noun(token) -> bool:
    """"How many passengers was the jet carrying?": the small model parses "the jet carrying" as one
    noun; with an amount asked as the subject of "be", an -ing word after it is the verb that amount is
    the object of ("What year was the court ruling?" asks no amount: "the court ruling" stays)."""
    if not (token.lower_.endswith("ing") and token.dep_ == "attr" and token.head.lemma_ == "be"
            and any(c.dep_ == "compound" for c in token.children)):
        return False
    many = language.how_much_word(token.doc)
    return many is not None and many.head.dep_ == "nsubj" and many.head.head.i == token.head.i


_PART_ASKED = re.compile(r"(?i)^\W*(?:and\s+)?(?:which|what)\s+[a-z]+\s+of\s+$")  # "Which part of | the jet"
_DAY_FIRST = re.compile("^" + _DAY_BEFORE_NOUN + r"\b\s*")  # "October 12, 2005 special event"


def _noun_phrase(question: str) -> str | None:
    """The first "the/a ..." noun phrase of a question, without the verb after it: "How much did
    the renovation cost?" -> "the renovation"; "Who discovered the new comet?" -> "the new comet"."""
    found = []
    verbs = _verb_starts(question)
    for m in _NP.finditer(question):
        words = m.group(1).split()
        starts = [m.start() + len(m.group(1)) - len(" ".join(words[i:])) for i in range(len(words))]
        # Without the verb after it: a word of the list, or one the parse calls a verb ("the storm destroy").
        while len(words) > 1 and (words[-1].lower() in _NP_STOP | _AUXILIARIES or starts[len(words) - 1] in verbs):
            words = words[:-1]
        if any(w[:1].isupper() for w in _DAY_FIRST.sub("", " ".join(words[1:])).split()):
            # "the Millbrook seat in ...", not "the Council approve the bridge": a name before a
            # lowercase word is its modifier only where a noun phrase can end after it.
            words = m.group(1).split()[:len(words)]
            rest = question[m.start():].split()[len(words):len(words) + 2]
            after = rest[0].lower().strip("?,.") if rest else ""
            # "the Federal Reserve continue to consider": a verb before an infinitive, not a noun
            infinitive = after == "to" and len(rest) > 1 and rest[1].islower() and rest[1] not in _DETERMINERS
            ends_here = not after or after in _PREPOSITIONS | _AUXILIARIES | {"now", "then"}
            # "What did the FOMC decide on ...?": after "did", the lowercase word is the verb
            do_support = question[:m.start()].split()[-1:] in (["did"], ["does"], ["do"], ["will"], ["would"],
                                                               ["can"], ["could"], ["should"], ["may"], ["might"])
            if words[-1].lower() in _DETERMINERS or not ends_here or infinitive or do_support:
                continue
        if re.search(r"(?i)according\s+to\s+$", question[:m.start()]):
            continue  # "according to the December 2006 statement": the source, not what "it" means
        if words[-1].lower() == "name" and re.match(r"\s+of\b", question[starts[len(words) - 1] + len(words[-1]):]):
            continue  # "the name of the restructuring program": the program is what "it" means (business dev chat)
        if len(words) > 1 and words[-1][:1].islower():
            before = question[:m.start()].split()[-1:]
            # "Which part of the jet struck the hangar?": the whole the asked part is of is what "it" means
            # (not "What share of the market does the company hold?": the part asked is the object there)
            then = question[m.start() + len(" ".join(words)):].split()[:2]
            subject_after = len(then) == 2 and then[0].lower() in _AUXILIARIES and (
                then[1].lower() in _DETERMINERS or then[1][:1].isupper())
            whole_asked = _PART_ASKED.match(question[:m.start()]) is not None and not subject_after
            found.append((bool(before) and before[0].lower() in _PREPOSITIONS and not whole_asked, " ".join(words)))
    # "Who won the Millbrook seat in the general election?": the seat, not the phrase after "in".
    return min(found, key=lambda f: f[0])[1] if found else None


def _subject_found(prev_q: str, prev_a: str) -> str | None:
    """The thing a subject what-question found, as "it" may name it next: a common noun phrase (a
    name found is the doer, and "it" rather stays the thing acted on), cut before an infinitive or a
    clause ("necessary reallocation of resources to enhance security" -> "the necessary reallocation
    of resources")."""
    if not _SUBJECT_WHAT.match(prev_q) or not prev_a or _QUANTITY.search(prev_a):
        return None
    if prev_a[:1].isupper():
        first, _, rest = prev_a.partition(" ")
        if first.lower() not in _DETERMINERS or not rest[:1].islower():
            return None  # a name found; "The moderation in economic growth" is a thing
        prev_a = first.lower() + " " + rest
    head = re.split(r",|\s(?:to|that|which|who|partly|as)\s", prev_a)[0].strip()
    if not head or len(head.split()) > 8:
        return None
    return head if head.split()[0].lower() in _DETERMINERS else "the " + head


def _doer_asked(question: str) -> bool:
    """Whether the question asks who or which one does its verb: the wh-word it opens with (after an
    "and") is, or modifies, the subject ("Which company chartered it?", "Who owned the boat?"; not the
    "that" of "What is the name of the company that owned it?"), from the parse."""
    doc = language.analyse(question)
    first = next((t for t in doc if t.lower_ not in ("and", "but", "so")), None) if doc is not None else None
    return first is not None and first.tag_ in ("WDT", "WP") and "nsubj" in (first.dep_, first.head.dep_)


def _object_said(question: str) -> str | None:
    """The direct object of the question's main verb, with its article and modifiers but not its
    apposition or clause: "the Conception" in "Which company owned the Conception, the dive boat that
    ...?"; None without one (or a parse)."""
    doc = language.analyse(question)
    root = next((t for t in doc if t.dep_ == "ROOT"), None) if doc is not None else None
    obj = next((t for t in root.children if t.dep_ == "dobj"), None) if root is not None else None
    if obj is None or obj.tag_ in ("WDT", "WP", "PRP"):
        return None
    return doc[obj.left_edge.i:obj.i + 1].text


def _asked_subject(question: str) -> str | None:
    """The bare subject of a what-question, up to its participle: "household spending" in "What has
    household spending shown signs of?"; None for a name or an amount (not what "it" stands for)."""
    m = _ASKED_SUBJECT.match(question)
    if not m:
        return None
    words = m.group("body").split()
    participle = r"[a-z]+(?:ed|en|wn|ne)" if m.group("perfect") else r"[a-z]+(?:ing|ed|en|wn)"
    for i, word in enumerate(words[:7]):
        if i and re.fullmatch(participle, word) and words[i - 1].lower() not in _DETERMINERS:
            subject = " ".join(words[:i])
            return subject if subject[:1].islower() and not _QUANTITY.search(subject) else None
    return None


def _base_form(verb: str) -> str | None:
    """"kept" -> "keep", "lowered" -> "lower", "raised" -> "raise", "decided" -> "decide",
    "stopped" -> "stop"; a present form ("keeps") -> "keep"; None for what is no verb form known."""
    v = verb.lower()
    if v in _DETERMINERS or v in _PREPOSITIONS or not v.isalpha():
        return None
    if v in _IRREGULAR_PAST:
        return _IRREGULAR_PAST[v]
    if v.endswith("ied") and len(v) > 4:
        return v[:-3] + "y"
    if v.endswith("ed") and len(v) > 3:
        stem = v[:-2]
        if len(stem) > 3 and stem[-1] == stem[-2] and stem[-1] not in "lsfz":
            return stem[:-1]  # "stopped", "planned" (not "added")
        one_syllable = len(re.findall(r"[aeiou]+", stem)) == 1
        if re.search(r"(?:[cvzu]|[aeiu]ng|[^n]g|[aeiou]s|[^aeiou]at|iz|[^aeiou][aeiou]d)$", stem) or (
                one_syllable and re.search(r"[^aeiou][aeiou][^aeiouwxy]$", stem)):
            return stem + "e"  # "reduced", "raised", "moderated", "decided", "changed", "voted"
        return stem
    if re.fullmatch(r"[a-z]+[^su]s", v):
        return v[:-1]
    return None


def _topic(prev_q: str, prev_a: str) -> str | None:
    """What "it"/"that" stands for: the previous question's "about X"; for a what-question the
    thing it asked for (its answer); otherwise the thing it asked about (its noun phrase)."""
    m = _TOPIC.search(prev_q)
    if m and m.group("t").split()[0].lower() not in _PREPOSITIONS:  # not "concerned about | in June 2013"
        return m.group("t")
    acted = _EXPECTED_TO_DO.match(prev_q)
    if acted and prev_a and len(prev_a.split()) <= 6 and prev_a[:1].islower():
        # "What does the Committee expect inflation to do?" "moderate": "that" is "inflation to moderate".
        return f"{acted.group('np')} to {prev_a}"
    subject = _asked_subject(prev_q) if _VERB_ANSWER.fullmatch(prev_a or "") else None
    if subject:
        return subject  # "What has household spending shown signs of?" "stabilizing": "it" is the spending
    found = _subject_found(prev_q, prev_a)
    if found:
        return found
    asked_for_a_thing = re.match(r"\s*(?:what|which)\b", prev_q, re.IGNORECASE)
    if asked_for_a_thing and prev_a.strip() and len(prev_a.split()) <= 8:
        # A noun phrase or a name stands as it is; "to build a new footbridge" by its noun phrase.
        quantity = _QUANTITY.search(prev_a)
        # "What was the federal funds rate target in June 2004?" "1-1/4 percent": "it" is the whole
        # subject asked about (not "the federal funds"); "What was the rate cut to?": the cut.
        copula = _COPULA_SUBJECT.match(prev_q)
        if quantity and (copula or _noun_phrase(prev_q)):
            return copula.group("np") if copula else _noun_phrase(prev_q)
        if prev_a.split()[0].lower() in _DETERMINERS or prev_a[:1].isupper() or prev_a[:1].isdigit():
            return prev_a
        return _noun_phrase(prev_a) or prev_a
    np = _noun_phrase(prev_q) or _subject_chunk(prev_q)
    if np:
        return np
    if prev_a and len(prev_a.split()) <= 8 and not _QUANTITY.search(prev_a) \
            and language.entity_label(prev_a, prev_a) != "PERSON":
        return prev_a  # an amount found ("14") is no "it", nor is a person
    return None


def _subject_chunk(question: str) -> str | None:
    """The subject noun phrase of a question, from its parse, when it is not the thing asked for:
    "How many plants will the plan close?" -> "the plan"."""
    doc = language.analyse(question)
    if doc is None:
        return None
    for chunk in doc.noun_chunks:
        if chunk.root.dep_ in ("nsubj", "nsubjpass") and chunk.root.pos_ == "NOUN" \
                and not any(t.tag_ in ("WDT", "WP", "WRB") or t.lower_ in ("many", "much") for t in chunk):
            return chunk.text
    return None


def _fill_object_gap(body: str) -> str:
    """'Peskov say about the talks' -> 'Peskov say that about the talks': a what-question's verb lost
    its object to "what"; asked as when/where/why, it needs one back. A verb that keeps an object of
    its own ('Putin call the U.S. readiness ...') is left as it is."""
    words = body.split()
    i = 0
    if words and words[0].lower() in _DETERMINERS:
        i = 2  # "the council approve ..."
    else:
        while i < len(words) and (words[i][:1].isupper() or words[i].lower() in ("of", "de", "von", "van")):
            i += 1  # a name: "Dmitry Peskov"
    if i == 0 or i >= len(words):
        return body
    after = words[i + 1].lower() if i + 1 < len(words) else ""
    if after in _OBJECT_GAP_FOLLOWERS:
        words.insert(i + 1, "that")
    return " ".join(words)


_QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”")
_CLAUSE_BELOW = frozenset({"advcl", "ccomp", "relcl", "acl"})
_PERSONAL = frozenset({"he", "she", "his", "her"})


def _bound_within(q: str) -> bool:
    """Whether every pronoun of the question refers to its own subject, named before it: the subject or
    possessor of a clause below the main one, agreeing with that subject: "he" or "she" with a name
    typed a person, "it" or "its" with another name ("What would Tropical Depression Three have been
    named if it had strengthened?", weather dev chat). The parse and entity types decide."""
    doc = language.analyse(q)
    if doc is None:
        return False
    pronouns = [t for t in doc if t.pos_ == "PRON" and t.lower_ in _PERSONAL | {"it", "its", "they", "them", "their",
                                                                                 "him"}]
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    subjects = [c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")] if root is not None else []
    # "What would Tropical Depression Three have been named ...?": the name, not the question word, when both
    subject = next((c for c in subjects if c.tag_ not in ("WDT", "WP")), subjects[0] if subjects else None)
    if not pronouns or subject is None:
        return False
    words = list(subject.subtree)
    asked = any(t.tag_ in ("WDT", "WP") for t in words)
    person = any(e.label_ == "PERSON" for e in doc.ents if e.root in words)
    # (Not the phrase "which" asks for: "Which member of his team said he would appeal?" may mean the
    # client. Gender is not checked: "Nancy Pelosi ... he" is read as bound.)
    thing = not asked and any(t.pos_ == "PROPN" for t in words) and not person

    def bound(t) -> bool:
        clause = next((a for a in t.ancestors if a.pos_ in ("VERB", "AUX")), None)
        below = clause is not None and clause is not root and clause.dep_ in _CLAUSE_BELOW
        agrees = person if t.lower_ in _PERSONAL else thing if t.lower_ in ("it", "its") else False
        return below and agrees and t.dep_ in ("nsubj", "nsubjpass", "poss") and t.i > subject.i
    return all(bound(t) for t in pronouns)


def _standalone(q: str) -> bool:
    """Whether q needs nothing from the conversation: no pronoun, description, "then" or ellipsis of
    its own (words in quotation marks are someone's words; a subject or possessive pronoun bound within
    q refers to q's own subject, _bound_within)."""
    unquoted = _QUOTED.sub('"…"', q)
    pronoun = (_PERSON_PRONOUN.search(unquoted) or _GROUP_PRONOUN.search(unquoted) or _SUBJECT_IT.search(unquoted)
               or _ITS.search(unquoted)) and not _bound_within(q)  # (parsed only when a pronoun is there)
    q = unquoted
    return not (pronoun or _OBJECT_PRONOUN.search(q) or _SUBJECT_THAT.search(q) or _ELLIPSIS_LEAD.match(q)
                or _DEICTIC_TIME.search(q)
                or _DEMONSTRATIVE.search(q)
                or (_DESCRIPTION.search(q) or _ROLE_DESCRIPTION.search(q))
                and not _ASKS_WHICH.match(q))


def _asked_thing(prev_q: str, framed: re.Match, prev_a: str) -> str | None:
    """What the previous question's verb acted on, which its question phrase took away: "How much
    agency debt will ... buy" -> "agency debt"; "What will ... supply" -> its answer (when short)."""
    phrase = prev_q[:framed.start("aux")].split()
    lead = [w.lower() for w in phrase[:2]]
    if lead in (["how", "much"], ["how", "many"]):
        stranded = re.search(r"\s(?:by|to|at|from)(?=\s+(?:in|on|during|at|by)\s|\s*,|\s*$)",
                             framed.group("body").rstrip(" ?"))
        if stranded and prev_a and len(prev_a.split()) <= 6:
            # "How many basis points did the FOMC raise its target by?" "25": the amount fills the gap
            # ("raise its target by 25 basis points"), the unit after a bare number.
            counted = " ".join(phrase[2:]) if lead[1] == "many" and re.fullmatch(r"[\d.,]+", prev_a.strip()) else ""
            return (prev_a + " " + counted).strip()
        rest = phrase[2:]
        if rest and rest[0].lower() in ("in", "of"):  # "How much in Treasury securities": what is bought
            rest = rest[1:]
        return " ".join(rest) or None
    # An infinitive ("to purchase additional agency securities at a pace of $40 billion per month") is
    # the act decided, however long; another answer stands in only when short.
    limit = 14 if (prev_a or "").lower().startswith("to ") else 8
    if len(phrase) == 1 and lead[0] in ("what", "which") and prev_a and len(prev_a.split()) <= limit:
        return prev_a
    return None


def _with_object(body: str, thing: str | None, asks_time: bool = False) -> str:
    """body with thing put back after its verb, before an adjunct ("by autumn", "in March 2009",
    ", according to ..."): "the Committee decide to buy in March 2009" + "Treasury securities" ->
    "... buy Treasury securities in March 2009"; not where the verb has its words already ("say
    about the talks"). Asked "when" again, a time adjunct of the old question is what is asked
    now, so it goes ("buy agency debt by autumn" -> "buy agency debt")."""
    words = re.findall(r"[^\s,]+|,", body)
    i = 1 if words and words[0].lower() in _DETERMINERS else 0
    while i < len(words) and (words[i][:1].isupper() or words[i].lower() in ("of", "and")):
        i += 1  # the subject: "the Federal Reserve", "Jeffrey M. Lacker"
    ends = _ADJUNCT_PREPOSITIONS | {",", "according"}
    # "raise its target by in May 2006": a preposition with nothing after it is the old question's gap.
    cut = next((j for j in range(i + 1, len(words)) if words[j].lower() in ends
                and not (words[j].lower() in ("by", "at") and (j + 1 == len(words) or words[j + 1].lower() in ends))),
               len(words))
    head, tail = words[:cut], words[cut:]
    if asks_time and tail and tail[0].lower() in _ADJUNCT_PREPOSITIONS - {"over", "at"}:
        end = next((j for j, w in enumerate(tail) if w in (",", "according")), len(tail))
        tail = tail[end:]
    stranded = len(head) > i + 1 and head[-1].lower() in ("to", "at", "from", "for", "with", "on", "into", "by")
    verb_alone = stranded or not any(w.lower() in _DETERMINERS | _OBJECT_GAP_FOLLOWERS - {"to", ""} or w[:1].isupper()
                         for w in head[i:])  # "continue to supply": "to" of an infinitive
    if thing and verb_alone and thing.lower() not in body.lower():
        head = head + [thing]
    return re.sub(r"\s+,", ",", " ".join(head + tail))


def _phrase_with(text: str, noun: str) -> str | None:
    """The noun phrase of text around noun ("continuation of the maturity extension program",
    "program" -> "the maturity extension program"); None when text has no such word."""
    words = text.rstrip(" ?.").split()
    low = [w.lower().strip(",;:") for w in words]
    if noun not in low:
        return None
    b = low.index(noun)
    a = _run_start(low, b, QUESTION_WORDS | _NP_STOP | _RUN_STOP | _CALENDAR | _DETERMINERS)
    return " ".join(["the"] + words[a:b + 1])


def _found_thing(prev_q: str, prev_a: str) -> bool:
    """Whether the last answer is a thing the question's verb acted on ("What did the council
    approve?" "a new footbridge"): what "it" most likely means next. Not an amount, and not the
    doer a subject question asked for ("Which firm designed the bridge?": "it" stays the bridge)."""
    return bool(re.match(r"\s*(?:what|which)\b", prev_q, re.IGNORECASE) and _FRAME.match(prev_q) and prev_a
                and len(prev_a.split()) <= 8 and not _QUANTITY.search(prev_a))


def _said_doing(verb: str, candidates, read: str) -> str | None:
    """The one candidate noun phrase the text says does the verb: its head noun, then within a few words
    the verb ("The softening in the growth of aggregate demand that emerged this spring" for "emerge")."""
    stem = (_base_form(verb) or verb.lower())[:5]
    if not read or len(stem) < 3 or stem in ("happ", "occu"):
        return None
    said = []
    for phrase in candidates:
        head = re.split(r"\s(?:of|in|for|on|to|from|with|that|which|and)\s", phrase or "")[0].split()[-1:]
        if head and len(head[0]) > 2 and re.search(r"(?i)\b" + re.escape(head[0]) + r"\b(?:\s+[\w,-]+){0,9}?\s+"
                                                   + re.escape(stem), read):
            said.append(phrase)
    return said[0] if len(said) == 1 else None
