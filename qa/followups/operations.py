"""The operations a follow-up is read by, in order (OPERATIONS): each one function; the first that
gives a question (or a Resolution asking back) decides, the others change the reading in place."""
from __future__ import annotations

import re

from .. import language
from .words import (_ABOUT_TOPIC, _ACT_ASKED, _AGENT_IT, _AGENT_IT_TO, _ASKED_PLURAL, _ASKS_WHICH,
                    _BARE_WH, _CALENDAR, _CHANGE_IT, _CHANGE_NOUN, _COPULA_FRAME, _COPULA_SUBJECT, _DAY, _DEICTIC,
                    _DEICTIC_TIME, _DEMONSTRATIVE, _DESCRIPTION, _DETERMINERS, _ELLIPSIS,
                    _ELLIPSIS_LEAD, _EVENT_DESCRIPTION, _EVENT_VERBS, _FRAME, _GROUP_PRONOUN, _HOW_MUCH_PLURAL,
                    _ITEM_NOUNS, _ITS, _IT_DOES_WHAT, _IT_VERB, _MONTHS, _OBJECT_GAP_FOLLOWERS, _OBJECT_PRONOUN,
                    _OF_THE_ACT, _ORDINAL_REF, _ORG_OWNER, _ORG_SUBJECT, _PERSON_PRONOUN, _PREPOSITIONS,
                    _QUANTITY, _ROLE_DESCRIPTION, _SUBJECT_AUX, _SUBJECT_IT, _SUBJECT_THAT, _SUBJECT_WHAT,
                    _VOTED_ON_IT, _WHAT_DID, _WHO_IS_ROLE, _WHO_VERB, _WH_AUX, _YEARLESS_MONTH)
from .state import (Resolution, is_body, TurnState, _Follow, _as_time, _bare_date, _date_phrase, _frame_date, _gender,
                    _is_acronym, _names_a_day, _new_date, _persons, _with_date, continues, conversation_state,
                    entities, topic_lead)
from .frames import (_asked_subject, _asked_thing, _base_form, _doer_asked, _fill_object_gap, _found_thing,
                     _noun_phrase, _object_said, _phrase_with, _replace_run, _said_doing, _standalone, _topic,
                     _with_object)
from .choice import (_answer_if_asked_for, _bound_to_the_asked, _described, _first_found, bound_to_its_subject,
                     _organisations, _person_meant, _referred_item, _role_holders, _stand_in, described_chunk,
                     names_called)



def resolve(question: str, history=()) -> str:
    """The question rewritten to stand alone, given earlier (question, reply) turns. Where it is
    unsure who "he"/"she" means, the question comes back as typed (resolve_turn says who it might be)."""
    return resolve_turn(question, history).question


def resolve_turn(question: str, history=(), person: str | None = None) -> Resolution:
    """Like resolve, but says when to ask back: Resolution.choices lists who "he"/"she" may mean,
    or which body "it"/"its"/"the company" or which holder "the chief executive" may mean, when the
    conversation does not settle it. ``person``: the user's pick among them."""
    q = " ".join(question.split())
    fresh = topic_lead(q)
    if fresh:
        return Resolution(fresh)
    state = conversation_state(history)
    turns = [(t.question, t.answer) for t in state]
    ordinal = _ORDINAL_REF.search(q)
    # "What did the second one offer?" after a list, "How long was the boat?" after "the Conception, the
    # dive boat": a follow-up, though it names no pronoun.
    standalone = _standalone(q) and not (state and ordinal and _referred_item(ordinal, turns)) and not (
        state and not _ASKS_WHICH.match(q) and continues(q, history) and _any_description(q, turns) != q)
    if state and (len(q.split()) <= 4 or _WHO_IS_ROLE.match(q)) and standalone and not _date_phrase(q):
        # "Who was Vice Chairman?" right after a question about 2006: elliptical, asked of that time.
        frame_date = _frame_date(tq for tq, _ in turns)
        if frame_date and not _BARE_WH.fullmatch(q):
            return Resolution(_with_date(q, frame_date, turns))
    if state and standalone and _EVENT_DESCRIPTION.search(q) and not _date_phrase(q) and continues(q, history):
        # "Who voted against the action?" after a question about the August 2008 statement: the action of
        # that statement, so asked of its date (a question naming nothing the conversation has not).
        frame_date = _frame_date(tq for tq, _ in turns)
        if frame_date:
            return Resolution(_with_date(q, frame_date, turns))
    if not state or standalone and len(q.split()) > 2 and not _BARE_WH.fullmatch(q) or not turns[-1][0]:
        return Resolution(q)
    rewritten = _rewrite(q, turns, person, state[-1])
    if isinstance(rewritten, Resolution):
        return rewritten
    return Resolution(_untied(rewritten))


# "And which company chartered it?" read whole: the question, without the word that tied it on.
_TIED_ON = re.compile(r"^(?:and|but|so)\s+(?=(?:who|whom|whose|which|what|when|where|why|how)\b)", re.IGNORECASE)


def _untied(question: str) -> str:
    """The question without an "and"/"but"/"so" before its question word, capitalised."""
    rest = _TIED_ON.sub("", question)
    return rest[:1].upper() + rest[1:] if rest != question else question


def _asked_alike(question: str, prev_q: str) -> bool:
    """Whether a follow-up tied on with "and" asks with the last question's own question phrase ("And
    which company chartered it?" after "Which company owned the Conception?")."""
    if not _TIED_ON.match(question):
        return False
    words, prev = _untied(question).lower().split(), prev_q.lower().split()
    n = 2 if words[0] in ("which", "what") else 1
    return words[:n] == prev[:n]


def _rewrite(q: str, turns, person: str | None, last: TurnState):
    """q rewritten from the recent turns ((question, answer), oldest first; ``last`` is the state of
    the last one, with the paragraphs it read), or a Resolution asking which one is meant."""
    prev_q, prev_a = turns[-1]
    # "at that meeting" when no question named a date: the day of the article the last answer came from.
    deictic = _DEICTIC_TIME.search(q)
    frame_date = _frame_date(tq for tq, _ in turns) or (last.answered_on if deictic else None)
    if deictic and re.search(r"(?i)\b(?:day|night|morning|evening)\b", deictic.group(0)) and frame_date:
        # "that day" in a conversation about September 2005: the day of the article that answered, when in it
        frame_date = _the_day_within(frame_date, last) or frame_date
    described = _descriptions_stood_in(q, turns, person, last)
    if isinstance(described, Resolution):
        return described
    stood_in, person = described
    rewritten = _rewrite_frame(stood_in, prev_q, prev_a, turns, person, _date_phrase(prev_q), frame_date, last)
    return _in_the_conversations_time(rewritten, q, frame_date, turns)


def _the_day_within(frame_date: str, last: TurnState) -> str | None:
    """The day the last answer's article is dated, when the conversation's date is a month or a year
    that holds it ("in September 2005" and an article of September 7, 2005: "September 7, 2005"; technology
    dev chat); None when the date in play is a day already, the last answer names a day, or the article is
    of another time."""
    bare, day = _bare_date(frame_date), last.answered_on
    if not day or _names_a_day(bare) or _DAY.search(last.answer or ""):
        return None  # (an answer that is a day, "August 29", says a day the article's date is not)
    month_year = day.split()[0] + " " + day.split()[-1]  # "September 2005"
    return day if bare.lower() in (month_year.lower(), day.split()[-1]) else None


def _descriptions_stood_in(q: str, turns, person: str | None, last: TurnState):
    """(q, person) with what a description means put in its place: "the second one" (an item of a list
    the conversation gave), "that program" (the previous turn's phrase with that noun), "the company",
    "the chief executive" (the one the conversation names), "the plant" (the one name the conversation
    gives any noun described); a Resolution asking which
    when the conversation names two (``person`` comes back as the pick, and is spent here)."""
    prev_q, prev_a = turns[-1]
    read, asked = last.read, q
    ordinal = _ORDINAL_REF.search(q)
    if ordinal:
        named_by = ordinal.end("ref") if (ordinal.group("noun") or "").lower() in _ITEM_NOUNS else ordinal.end("which")
        q, person = _stand_in(q, ordinal.start(), named_by, _referred_item(ordinal, turns), person, asked)
        if isinstance(q, Resolution):
            return q
    that = _DEMONSTRATIVE.search(q)
    if that and not _DEICTIC_TIME.search(q):
        for text in (prev_a, prev_q):
            phrase = _phrase_with(text, that.group(0).split()[-1].lower())
            if phrase:
                q = q[:that.start()] + phrase + q[that.end():]
                break
        else:  # "that reduction" the previous turn called otherwise: the conversation's article says which
            q = q[:that.start()] + "the " + that.group(0).split()[-1] + q[that.end():]
    description = _DESCRIPTION.search(q)
    if description and not _ASKS_WHICH.match(q):
        noun = description.group("noun")
        q, person = _stand_in(q, description.start(), description.end(),
                              _answer_if_asked_for(noun, turns) or _described(noun, turns, read), person, asked)
        if isinstance(q, Resolution):
            return q
    role = _ROLE_DESCRIPTION.search(q)
    if role and not _ASKS_WHICH.match(q) and not re.match(r"(?i)\s*who\b", q):
        holders = _answer_if_asked_for(role.group("role"), turns) or _role_holders(role.group("role"), turns, read)
        q, person = _stand_in(q, role.start(), role.end(), holders, person, asked)
        if isinstance(q, Resolution):
            return q
    if not description and not role and not _ASKS_WHICH.match(q):
        q = _any_description(q, turns)
    return q, person


def _any_description(q: str, turns) -> str:
    """q with "the plant" (any singular common noun, from the parse) put as the one name the conversation
    gives it: the last answer when the last question asked "Which power plant ...?" and that answer is
    a short name, else the one name a recent turn calls so ("the Conception, the dive boat"). Two names
    or none: q as it was."""
    chunk = described_chunk(q)
    if chunk is None:
        return q
    noun, words = chunk.root.lemma_.lower(), frozenset(t.lower_ for t in chunk[1:])
    answered = [a for a in _answer_if_asked_for(" ".join(t.text for t in chunk[1:]), turns)
                if re.match(r"(?:the\s+)?[A-Z]", a) and len(a.split()) <= 6]
    names = answered or _first_found([t for tq, ta in reversed(turns) for t in (ta, tq)],
                                     lambda text: names_called(words, noun, text))
    if len(names) != 1 or re.search(r"(?i)\b" + re.escape(names[0]) + r"\b", q):
        return q
    name = names[0][:1].upper() + names[0][1:] if chunk.start_char == 0 else names[0]
    return q[:chunk.start_char] + name + q[chunk.end_char:]


def _in_the_conversations_time(rewritten, asked: str, frame_date: str | None, turns):
    """A follow-up keeps the conversation's date: "What did he prefer?" after a question about the
    August 2006 meeting asks what he preferred then (the reply shows the date it read); "in October"
    in a conversation about December 2015 is October of that year."""
    if not isinstance(rewritten, str) or not frame_date:
        return rewritten
    year = re.search(r"\b(?:19|20)\d\d\b", frame_date)
    month = _YEARLESS_MONTH.search(rewritten) if year else None
    if month:
        return rewritten[:month.end()] + ("," if month.group(0)[-1].isdigit() else "") + " " + year.group(0) \
            + rewritten[month.end():]
    said = _bare_date(frame_date).lower() in rewritten.lower()  # "before March 2020", from "before then"
    if (rewritten != asked or not _standalone(asked)) and not _date_phrase(rewritten) and not said \
            and not _before_an_act(asked):
        rewritten = _with_date(rewritten, frame_date, turns)  # a pronoun left as it is still asks of that date
    return rewritten


def _before_an_act(question: str) -> bool:
    """Whether the question places itself before an act it names ("Where did he work before joining
    Apple?", "... before she became mayor?"; not "before then"): its time is its own, earlier than the
    conversation's (technology dev chat), from the parse."""
    doc = language.analyse(question)
    return doc is not None and any(
        t.lower_ in ("before", "to") and (t.dep_ == "mark" or t.dep_ == "prep" and any(
            c.dep_ == "pcomp" and c.pos_ in ("VERB", "AUX") for c in t.children))
        and (t.lower_ == "before" or t.head.lower_ == "prior") for t in doc)


_WH_START = re.compile(r"(?i)(?:when|where|why|how|what|which|who|whom|whose)\b")  # a question of its own


def _swap_a_part(f: _Follow):
    """"And Lavrov?", "What about NATO?", "And in August?": the previous question, with the new name,
    noun phrase or date in place of its own."""
    q, prev_q = f.q, f.prev_q
    if not (_ELLIPSIS_LEAD.match(q) or len(q.split()) <= 2 and not _BARE_WH.fullmatch(q)):
        return None
    m = _ELLIPSIS.match(q)
    x = m.group("x").strip() if m else ""
    x_date = _ellipsis_date(x, f.frame_date)
    if x_date and len(x.split()) <= len(x_date.split()) + 1:  # "And in December 2001?": a new date
        return _new_date(prev_q, f.prev_date, x_date) if f.prev_date else f"{prev_q.rstrip(' ?')} {_as_time(x_date)}?"
    counted = _COUNT_SWAP.fullmatch(x) and _COUNT_SWAP.match(prev_q.strip())
    if counted:  # "And how many deaths?" after "How many measles cases had Samoa recorded ...?" (health dev)
        new = _COUNT_SWAP.fullmatch(x)
        return prev_q[:counted.start("what")] + new.group("what") + prev_q[counted.end("what"):]
    owned = re.fullmatch(r"(?i)its\s+(?P<noun>[a-z][\w -]*)", x)
    if owned and not re.search(r"(?i)\b" + re.escape(owned.group("noun").split()[-1]) + r"\b", prev_q):
        # "And its wingspan?": a new attribute of the thing in focus, asked afresh ("What is its wingspan?");
        # "its" is then read like any other (business dev chat). Not a part of the last question to swap.
        # "its" of a bare thing the last what-question found ("the A380"), else read like any other "its"
        owner = f.prev_a if f.asked_what and _bare_noun_phrase(f.prev_a) else None
        said = f"{owner}’s {owned.group('noun')}" if owner else x
        f.q = f.out = f"What {'are' if language.is_plural(owned.group('noun')) else 'is'} {said}?"
        return None
    typed = (_same_type_entity(prev_q, x, f.turns) or _same_shape_word(prev_q, x)) if x else None
    if typed:  # "And with the Bank of England?" after "... with the Bank of Japan ...?"
        return prev_q.replace(typed[0], typed[1], 1)
    if x and not x[:1].isupper() and not _WH_START.match(x):
        about = _ABOUT_TOPIC.search(prev_q)
        if about and not set(x.lower().split()) - _DETERMINERS & set(prev_q.lower().split()):
            # "And unemployment?" after "What did the Committee say about inflation in September
            # 2012?": what it said about unemployment then (not what unemployment said).
            return prev_q[:about.start("t")] + x + prev_q[about.end("t"):]
        replaced = _replace_run(prev_q, x)  # "And the discount rate?": the frame, a new noun phrase
        if replaced:
            return replaced
    if x and not _PERSON_PRONOUN.search(x) and not _WH_START.match(x):
        old = [e for e in entities(prev_q) if e.lower() != x.lower()
               and not (x[:1].islower() and e.split()[0].lower() in _CALENDAR)]  # "the library" is no month
        same_kind = [e for e in old if _is_acronym(e) == _is_acronym(x)]
        if old and x.lower() not in prev_q.lower():
            out = re.sub(re.escape(_added_last((same_kind or old), f.turns)), x, prev_q, count=1)
            return re.sub(r"(?i)\b(?:the|a|an)\s+(?=(?:the|a|an)\s)", "", out)  # "the the Board"
        return f"{prev_q.rstrip(' ?')}, regarding {x}?"
    return None


# "how many deaths", "How many measles cases had ...": the thing counted, up to the verb after it.
_COUNT_SWAP = re.compile(r"(?i)how (?:many|much)\s+(?P<what>(?:(?!(?:did|does|do|was|were|is|are|has|have|had|will|would|"
                         r"can|could)\b)[\w-]+\s*){1,3}?)(?=\s+(?:did|does|do|was|were|is|are|has|have|had|will|would|"
                         r"can|could)\b|\s*\??$)")
_CODE = re.compile(r"(?=[\w-]*\d)(?=[\w-]*[A-Za-z])[\w-]+")  # letters and digits in one word: "mAb114", "60GB"


def _same_shape_word(prev_q: str, x: str) -> tuple[str, str] | None:
    """(old, new) for "And for mAb114?" after "... given REGN-EB3 ...?", "What about the 30GB edition?"
    after "... the 60GB iPod ...?": a word of letters and digits (a drug's, a product's, a model's code,
    which the parse types as nothing) takes the place of the one such word of the last question (health
    and technology dev chats); None unless each has exactly one."""
    new, old = _CODE.findall(x), _CODE.findall(prev_q)
    return (old[0], new[0]) if len(new) == 1 and len(old) == 1 and old[0] != new[0] else None


def _named_before(name: str, turns) -> bool:
    """Whether a turn before the last (its question or answer) named ``name``."""
    said = re.compile(rf"(?i)(?<!\w){re.escape(name)}(?!\w)")  # a word, not a part of one ("UN" in "until")
    return any(said.search(text) for turn in turns[:-1] for text in turn if text)


def _added_last(names: list[str], turns) -> str:
    """Of the previous question's names, the first that no turn before it named: the part that
    question added, not the one the conversation is about (the first name when all or none are)."""
    return next((n for n in names if not _named_before(n, turns)), names[0])


def _same_type_entity(prev_q: str, x: str, turns=()) -> tuple[str, str] | None:
    """(old, new): the entity of the previous question that the new name takes the place of, from the
    parse: of the same type as the new one ("with the Bank of England": an organisation), and the one
    sharing most words with it ("the Bank of Japan"), or the only one of that type, or the only one of
    that type the turns before the last did not name (_named_before): "And Amazon Web Services?" after
    "When did UpGuard first email Cultura Colectiva?", UpGuard being the answer before, swaps the
    company just asked about, not the one the conversation is about (technology dev chat); None when
    the parse cannot tell."""
    new, doc = language.analyse(x), language.analyse(prev_q)
    if new is None or doc is None or len(new.ents) != 1:
        return None
    named = new.ents[0]
    outside = [t for t in new if not named.start <= t.i < named.end]
    if any(t.pos_ not in ("DET", "ADP", "PROPN", "PUNCT") for t in outside):
        return None  # more than a name (with its preposition, its article, the rest of a name: "the Liberal Democrats")
    first = min([t.i for t in outside if t.pos_ == "PROPN"] + [named.start])
    name = _without_article(new[first:named.end].text)  # the whole name ("Liberal Democrats"), no article
    # Of the same type; else of the same class ("Labour" an ORG, "the Liberal Democrats" a NORP).
    same = [e for e in doc.ents if e.label_ == named.label_ and e.text.lower() != named.text.lower()] or [
        e for e in doc.ents if language.NAME_CLASS.get(e.label_, e.label_) == language.NAME_CLASS.get(named.label_)
        and e.text.lower() != named.text.lower()]
    words = {w.lower() for w in named.text.split()} - _DETERMINERS - _PREPOSITIONS
    shared = sorted(same, key=lambda e: -len(words & {w.lower() for w in e.text.split()}))
    if shared and words & {w.lower() for w in shared[0].text.split()}:
        return _without_article(shared[0].text), name
    if len(same) > 1:  # the conversation's subject stays; the part the last question added is swapped
        same = [e for e in same if not _named_before(e.text, turns)]
    if len(same) > 1:  # "What did Labour leader Jeremy Corbyn call Boris Johnson's move?" "And Philip Hammond?":
        same = [e for e in same if e.root.dep_ in ("nsubj", "nsubjpass")]  # the subject (politics dev chat)
    if len(same) != 1:
        return None
    old = same[0]
    titled = doc[old.root.left_edge.i:old.end]  # with its title: "Labour leader Jeremy Corbyn"
    if old.root.left_edge.i < old.start and all(t.dep_ == "compound" for t in doc[titled.start:old.start]):
        old = titled
    old_name = _without_article(old.text)
    if re.search(r"(?i)\bthe\s+" + re.escape(name), x) and not re.search(r"(?i)\bthe\s+" + re.escape(old_name), prev_q):
        name = "the " + name  # "the Liberal Democrats" where "Labour" had no article
    return old_name, name


def _without_article(name: str) -> str:
    """"the European Union" -> "European Union": the question keeps its own article where it had one."""
    return re.sub(r"(?i)^(?:the|a|an)\s+", "", name)


def _ellipsis_date(x: str, frame_date: str | None) -> str | None:
    """The date an elliptical follow-up names: "in December 2001"; "in August" or "on September 17"
    in a conversation about 2004 is of that year."""
    x_date = _date_phrase(x) or _date_phrase(f"in {x}") if x else None
    year = re.search(r"\b(?:19|20)\d\d\b", frame_date or "")
    # "And in August?", "And on September 17?", "And in the October statement?"
    month = re.fullmatch(r"(?i)(?:(?:in|on|at|according to)\s+)?(?:the\s+)?((?:%s)(?:\s+\d{1,2})?)"
                         r"(?:\s+(?:statement|meeting|decision|announcement))?" % "|".join(_MONTHS), x or "")
    if not x_date and month and year:
        day = re.search(r"\d", month.group(1))  # "And on September 17?": that day of the year
        x_date = _date_phrase(f"on {month.group(1)}, {year.group(0)}" if day else f"in {month.group(1)} {year.group(0)}")
    return x_date


_TIME_PREPOSITION = re.compile(r"(?i)\b(?:by|before|after|until|till|since|from)\s*$")


def _date_in_play(f: _Follow):
    """"What was the target then?", "Who was Vice Chairman at that meeting?": the conversation's date
    in place of "then"; done unless a pronoun is left to resolve ("What did he prefer then?")."""
    if not (f.frame_date and _DEICTIC_TIME.search(f.q) and not _date_phrase(f.q)):
        return None
    # "by then", "before then": the date after its preposition ("by February 14, 2020", not "by on ...").
    out = _DEICTIC_TIME.sub(lambda m: " " + (_bare_date(f.frame_date) if _TIME_PREPOSITION.search(f.q[:m.start()])
                                             else _as_time(f.frame_date)), f.q, count=1)
    f.q = f.out = re.sub(r"\s+([?.!,])", r"\1", " ".join(out.split()))
    if not (_PERSON_PRONOUN.search(f.q) or _GROUP_PRONOUN.search(f.q) or _SUBJECT_IT.search(f.q) or _ITS.search(f.q)):
        return f.q
    return None


def _act_asked_again(f: _Follow):
    """"Why?", "Why did it do that?" after "What has the economy done?" "weakened further": asked of
    the act found ("Why has the economy weakened further?")."""
    act = _ACT_ASKED.match(f.prev_q)
    again = _OF_THE_ACT.match(f.q) or _BARE_WH.fullmatch(f.q)  # "To what level?", "By how much?" too
    prev_a = f.prev_a
    if not (act and again and prev_a and len(prev_a.split()) <= 12):
        return None
    wh, aux = again.group("wh")[:1].upper() + again.group("wh")[1:], act.group("aux").lower()
    rest = act.group("rest").rstrip(" ?")
    first = prev_a.split()[0]
    if aux in ("has", "have", "had") and first.islower() and first.isalpha() and first not in _DETERMINERS:
        return f"{wh} {aux} {act.group('subj')} {prev_a}{rest}?"
    said = prev_a.split()
    base = _base_form(first) if aux not in ("has", "have", "had") else None
    if act.group("subj").endswith(" to"):  # "What did X decide to do?" "(to) reduce the pace": an
        said = said[1:] if first.lower() == "to" else said  # infinitive, said in its base form
        if said and said[0].isalpha() and said[0].islower() and said[0] not in _DETERMINERS | _PREPOSITIONS:
            base = said[0]
    if base:
        return f"{wh} {aux} {act.group('subj')} {' '.join([base, *said[1:]])}{rest}?"
    return None


def _bare_question_word(f: _Follow):
    """"Over what period?", "Why?": a bare question word asks the previous question's frame again."""
    bare = _BARE_WH.fullmatch(f.q)
    prev_q, prev_a = f.prev_q, f.prev_a
    if not (bare and prev_q):
        return None
    wh = bare.group("wh")
    wh = wh[:1].upper() + wh[1:]
    framed = _FRAME.match(prev_q) or _COPULA_FRAME.match(prev_q)
    if framed:
        asks_amount = bool(re.match(r"(?i)how\s+(?:much|many)\b", wh))  # "by how much" asks a change of it
        thing = None if asks_amount else _asked_thing(prev_q, framed, prev_a)
        body = _with_object(framed.group("body"), thing, "when" in wh.lower())
        return f"{wh} {framed.group('aux').lower()} {body}?"
    who = _WHO_VERB.match(prev_q)
    if who and prev_a:
        # "Why?" after "Who voted against the action?" "William Poole": why William Poole voted
        # against it, asked with "did" ("Why did William Poole vote against the action?").
        verb, *rest = who.group("rest").split()
        base = _base_form(verb)
        if base and verb.lower() != base:
            did = "does" if verb.lower() == base + "s" else "did"  # "Who keeps ...?": present
            return f"{wh} {did} {prev_a} {' '.join([base, *rest])}?"
        return f"{wh} {prev_a} {who.group('rest')}?"
    # "From what?" after "What is likely to edge lower?" "underlying inflation": the thing found
    # is the subject ("From what is the underlying inflation likely to edge lower?").
    subject = _SUBJECT_AUX.match(prev_q)
    found = f.found if subject else None
    if found:
        return f"{wh} {subject.group('aux').lower()} {found} {subject.group('rest')}?"
    return None


def _of_the_last_turn(f: _Follow):
    """"When was that?", "Where did it happen?": asked of the previous question and answer. With a
    verb of its own (not "happen", "say"), "it" is a thing the last turn named (the pronoun operations
    below), not that turn asked again: after "What did the council approve?" "a new footbridge",
    "When will it open?" is the footbridge's opening; "Why was it raised?" after "What was the target
    ...?": the target was raised."""
    q, prev_q, prev_a = f.q, f.prev_q, f.prev_a
    m = _DEICTIC.match(q)
    own_verb = bool(m and m.group("verb") and m.group("verb").lower() not in _EVENT_VERBS)
    if own_verb and (_found_thing(prev_q, prev_a) or _SUBJECT_WHAT.match(prev_q)
                     or re.match(r"(?i)\s*what\s+(?:was|is|were|are)\s+(?:the|its|their)\b", prev_q)):
        return None
    if not m or entities(q):
        return None
    wh = m.group("wh").capitalize()
    did = _WHAT_DID.match(prev_q)
    if did:
        return f"{wh} did {_fill_object_gap(did.group('body'))}?"
    aux = _WH_AUX.match(prev_q)
    if aux and not re.match(r"(?i)\s*(?:was|is|were)\b", aux.group("aux")):
        return f"{wh} {aux.group('aux').lower()} {aux.group('body')}?"
    who = _WHO_VERB.match(prev_q)
    if who and prev_a:
        return f"{q.rstrip(' ?')}: {prev_a} {who.group('rest')}?"
    if prev_a:
        return f"{q.rstrip(' ?')}: {prev_a}?"
    return f"{q.rstrip(' ?')}: {prev_q.rstrip(' ?')}?"


# "Who is the prime minister of Samoa?": a person asked for by a definite description.
_WHO_IS_DESCRIBED = re.compile(r"(?i)\s*who\s+(?:is|was)\s+(?P<who>the\s+[a-z][\w -]*?(?:\s+of\s+[A-Z][\w -]*)?)\s*\?*\s*$")


def _he_or_she(f: _Follow):
    """"he", "she", "his", "her": the person most recently in focus whose gender agrees (see
    _person_meant), put in; a Resolution asking which, when two fit."""
    pronoun = _PERSON_PRONOUN.search(f.q)
    context = "\n".join([*(t for turn in f.turns for t in turn), f.read]) if pronoun else ""
    if pronoun and all(bound_to_its_subject(f.q, m.start(1), context) for m in _PERSON_PRONOUN.finditer(f.q)):
        return None  # "What did Jobs say about his health?": his own
    described = _WHO_IS_DESCRIBED.match(f.prev_q) if pronoun and not (f.prev_a or "").strip() else None
    if described and f.person is None:
        # "Who is the prime minister of Samoa?" unanswered, then "Which relative of his ...?": the one
        # described, in its words (health dev chat; the names the passages read are no better guess).
        f.person = described.group("who")
    if pronoun and f.person is None:
        chosen = _person_meant(f, pronoun.group(1).lower())
        if isinstance(chosen, Resolution):
            return chosen
        if chosen and _bound_to_the_asked(f.q, pronoun.start(1)) and not _typed_a_person(chosen, f):
            return None  # "Which leader lost her seat?" after a question about Labour: hers is the one asked for
        f.person = chosen
    if f.person:
        person, out = f.person, f.out
        own = {m.start(1) for m in _PERSON_PRONOUN.finditer(out) if bound_to_its_subject(out, m.start(1), context)}

        def sub_person(mm):
            w = mm.group(1).lower()
            if mm.start(1) in own:
                return mm.group(0)  # "What did Jobs tell her about his health?": "his" is his own
            # "her Vice Chairman": possessive before a noun; "asked her about": an object.
            after = re.match(r"\s+([A-Za-z]+)", out[mm.end():])
            possessive_her = w == "her" and after and after.group(1).lower() not in _OBJECT_GAP_FOLLOWERS | {
                "that", "this", "what", "why", "if", "whether", "again", "now", "then", "yesterday", "today"}
            return person + "’s" if w in ("his", "hers") or possessive_her else person
        f.out = _PERSON_PRONOUN.sub(sub_person, out)
    return None


def _typed_a_person(name: str, f: _Follow) -> bool:
    """Whether the language layer types the name a person in more of the texts of the conversation
    that say it than otherwise (one short question may call a party a person: "And how many did
    Labour lose?")."""
    labels = language.labels_of(name, [t for turn in f.turns for t in turn] + [f.read])
    return labels.count("PERSON") > len(labels) - labels.count("PERSON")


def _they_or_them(f: _Follow):
    """"they": the group the previous question named; after a who-question, who it found (its
    answer). "them" after a what-question: the things it found ("Why will it purchase them?")."""
    prev_q, prev_a, turns = f.prev_q, f.prev_a, f.turns
    people_answered = [p for e in entities(prev_a) for p in _persons(e)]
    asked_who = re.match(r"\s*who\b", prev_q, re.IGNORECASE) and prev_a and (
        len(prev_a.split()) <= 6 or len(prev_a.split()) <= 12 and len(people_answered) > 1)  # "Fisher and Plosser"
    named = [e for e in entities(prev_q) or entities(prev_a)
             if not any(w.lower() in _CALENDAR for w in e.split())  # "January" is no one
             and not re.match(re.escape(e) + r"\s+[a-z]", prev_a or "")]  # nor "Industrial production"
    # "they" is no one person and no place someone went to (entity types and parse from the language
    # layer, where the turns say them): not "Sergei Ignatiev" nor "Gainesville" (business and weather dev).
    texts = [t for t in (prev_q, prev_a or "", f.last.read) if t]
    named = [e for e in named if not _no_they(e, prev_q, texts)]
    asked_who = asked_who and not (len(people_answered) == 1 and _no_they(prev_a, prev_q, texts))
    group = prev_a if asked_who else (named or [None])[0]
    # "How much agency MBS ...?", "How much in Treasury securities ...?": the plural thing counted, in the
    # recent turns ("them") and in the last one ("they").
    plural_asked = next((m.group("np") for m in map(_HOW_MUCH_PLURAL.match, (tq for tq, _ in reversed(turns)))
                         if m), None)
    counted = _HOW_MUCH_PLURAL.match(prev_q)
    plural_just_asked = "the " + counted.group("np") if counted else None
    found = f.found
    plural_found = found if found and re.search(r"[^s]s$", found.split()[-1]) else None
    # "What are the Committee's purchases of agency securities in October 2012?": "they" next are those
    # purchases (the plural thing asked about), not the Committee.
    asked_plural = _ASKED_PLURAL.match(prev_q)
    asked_what = f.asked_what
    if not (group or asked_what or plural_just_asked):
        return None

    def sub_group(mm):
        w = mm.group(1).lower()
        if w == "they" and asked_plural:
            return asked_plural.group("np")
        if w == "they" and plural_just_asked:
            return plural_just_asked  # "How much in Treasury securities ...?" "What maturities will they have?"
        if w == "them" and asked_what and not asked_who:
            return prev_a
        if w == "them" and plural_asked:
            return plural_asked  # "How much agency MBS did ... buy?" ... "Why did it buy them?"
        if w == "they" and not group and asked_what and re.search(r",|\band\b", prev_a) \
                and not re.search(r"(?<!^)\b[A-Z][a-z]|[A-Z][\w.]*\s+[A-Z]", prev_a):  # things, not people
            return prev_a  # "What have continued to decline?" "Industrial production, housing starts, ..."
        if w == "they" and not group and plural_found:
            return plural_found  # "What seems likely to moderate?" "inflation pressures"
        if not group or w == "them" and not asked_who and not group.endswith("s"):
            return mm.group(0)  # "continue them": not "the Committee", one body
        said = group
        if re.search(r"(?i)\bthe\s+" + re.escape(group) + r"\b", prev_q) and not group.lower().startswith("the "):
            said = "the " + group  # "the Committee", as the question said it
        return said + "’s" if w.startswith("their") else said
    f.out = _GROUP_PRONOUN.sub(sub_group, f.out)
    return None


_LOCATIVE = frozenset({"to", "in", "at", "from", "near", "into", "toward", "towards", "across"})


def _no_they(name: str, prev_q: str, texts) -> bool:
    """Whether ``name`` can be no "they": one person the texts type so and show to be a he or a she
    ("Sergei Ignatiev ... he said"), or a place in the singular that a sentence puts after a preposition
    of place ("headed to Gainesville") and the last question did not name. A company the small model
    calls a person, a country that acted ("Russia vetoed it") or a people ("Samoans") may be."""
    said = [t for t in texts if t.strip() != name]  # a bare answer gives the model no sentence to type it by
    labels = set(language.labels_of(name, said))
    if not labels or language.is_plural(name) or re.search(r"\band\b|&", name):
        return False
    if labels == {"PERSON"}:
        return len(name.split()) >= 2 and _gender(name, "\n".join(said)) is not None
    if not labels <= {"GPE", "LOC", "FAC"} or name in prev_q:
        return False
    for text in said:
        sentence = language.analyse(language.sentence_with(name, text)) if name in text else None
        word = next((t for t in sentence if t.text == name.split()[-1]), None) if sentence is not None else None
        if word is not None and word.dep_ == "pobj" and word.head.lower_ in _LOCATIVE:
            return True
    return False


def _it_the_body(f: _Follow):
    """"it" that does something is the organisation the conversation asks about ("What will it
    monitor?" after "What does the Committee expect ...?"), not the thing the last answer named; a
    Resolution when the last answer named two bodies."""
    prev_q, prev_a, turns = f.prev_q, f.prev_a, f.turns
    org = next((m.group("org") for m in (_ORG_SUBJECT.match(tq) for tq, _ in reversed(turns)) if m), None)
    possessor = _ORG_OWNER.search(prev_q)
    if not org and possessor and is_body(possessor.group("org")):
        org = possessor.group("org")  # "What is the focus of the Committee's policy?": "How will it stimulate ...?"
    if re.match(r"\s*who\b", prev_q, re.IGNORECASE) and re.fullmatch(
            r"(?:the\s+)?[A-Z][\w&-]*(?:\s+(?:of\s+)?[A-Z][\w&-]*)*", prev_a or "") and \
            is_body(prev_a):
        org = prev_a  # "Who approved the reduction?" "the Board of Governors": "Whose request did it approve?"
    bodies = _organisations(prev_a) if re.match(r"\s*(?:who|which)\b", prev_q, re.IGNORECASE) else []
    if len(bodies) > 1 and (_AGENT_IT.search(f.out) or _ITS.search(f.out)):
        # "Who bid for Harbour Holdings?" "Norvik Ports and Baltic Shipping Group": "What did it offer?"
        # may be either; the user picks (and the pick comes back as ``person``).
        if f.person not in bodies:
            return Resolution(f.q, choices=bodies)
        org = f.person
    if org:
        f.out = _AGENT_IT.sub(lambda mm: f"{mm.group('aux')} {org} ", f.out, count=1)
        f.out = _AGENT_IT_TO.sub(lambda mm: f"{mm.group('aux')} {org} ", f.out, count=1)
    f.org = org
    return None


def _bare_noun_phrase(text: str) -> bool:
    """Whether an answer is a bare noun phrase ("the A380", "remdesivir"), not a clause, an act or an
    amount ("close the plant", "slowly", "25 percent"), nor a phrase with its own owner ("the price of
    its shares"): what "its" can be said of (parse)."""
    doc = language.analyse(text)
    return doc is not None and len(doc) <= 5 and any(t.dep_ == "ROOT" and t.pos_ in ("NOUN", "PROPN") for t in doc) \
        and all(t.pos_ in ("DET", "ADJ", "NOUN", "PROPN", "PUNCT") and not t.like_num for t in doc) \
        and not language.is_plural(text)  # "its" is said of no plural


def _its_and_that(f: _Follow):
    """"raise it to" after a change named by what changed: the thing changed; "its": of the thing the
    last answer named, else of the organisation; "that" as a subject: the thing asked about."""
    prev_q, prev_a = f.prev_q, f.prev_a
    changed = _CHANGE_NOUN.search(prev_q)
    if changed and _CHANGE_IT.search(f.out):
        # "What did the Board raise it to?" after "... the June 2006 discount rate increase?": what
        # a change verb acts on is what the change was of ("the discount rate"), not the change.
        f.out = _CHANGE_IT.sub(lambda mm: f"{mm.group(1)} the {changed.group('thing')}", f.out, count=1)
    if _ITS.search(f.out):
        # "its eligible collateral": of the thing the last answer named, else of the organisation.
        owner = prev_a if f.asked_what and prev_a[:1].isupper() else f.org
        # else the thing the last question asked about ("How long was the boat?" "How many of its
        # passengers died?"; weather dev chats), unless that is said of another ("the magnitude of the
        # earthquake": its epicenter is the earthquake's)
        asked = _noun_phrase(prev_q) if not owner and not f.person else None
        owner = owner or (asked if asked and not re.search(re.escape(asked) + r"\s+of\b", prev_q) else None)
        if owner:
            f.out = _ITS.sub(owner + "’s", f.out, count=1)
    topic = _topic(prev_q, prev_a)
    that = _SUBJECT_THAT.search(f.out)
    if that and topic and not topic.lower().startswith("to "):  # not "What will to purchase ... lead to?"
        d = "d" if that.group("d") else "d2"
        f.out = f.out[:that.start(d)] + (_noun_phrase(prev_q) or topic) + f.out[that.end(d):]
    return None


def _it_the_thing(f: _Follow):
    """"it" (and "about it") as a thing: the previous question's topic, the thing it found, or the
    thing asked about, whichever the paragraphs read say does the verb "it" does."""
    prev_q, prev_a, out = f.prev_q, f.prev_a, f.out
    topic = _topic(prev_q, prev_a)
    if topic and f.person and topic.lower() == f.person.lower():
        topic = None  # "What did he say about it?" is not about himself
    if topic and _QUANTITY.search(prev_a or "") and _VOTED_ON_IT.search(out):
        topic = None  # "Who voted against it?" after a rate set: the decision, left as "it" (with the date)
    if not topic:
        return None
    said = out.lower()
    parsed = language.analyse(f.q)
    it_object = parsed is not None and any(t.lower_ == "it" and t.dep_ in ("dobj", "dative", "pobj") for t in parsed)
    if it_object and topic == prev_a and _asked_alike(f.q, prev_q) and _doer_asked(f.q) and _doer_asked(prev_q):
        # "Which company owned the Conception?" "Truth Aquatics" "And which company chartered it?": asked the
        # same way, the found one fills the asked part again; "it" is what the last question's verb acted
        # on (weather dev chat). ("Who founded it?" after it asks of the company found.)
        topic = _object_said(prev_q) or topic

    def another(x: str) -> str:
        """x, unless "it" is an object and the question already says x ("What name did they give it?", "they"
        read as the body found): then the thing the last question asked about ("the virus"; two pronouns of one clause
        are two things; health dev chat)."""
        bare = _without_article(x or "").lower()
        return (_noun_phrase(prev_q) or x) if it_object and bare and bare in said else x
    topic = another(topic)
    out = _OBJECT_PRONOUN.sub(lambda mm: f"{mm.group(1)} {topic}" if mm.group(1) else topic, out)
    # "How long will it be?" -> the thing asked about; after "What did the council approve?" "a new
    # footbridge", "How much will it cost?" -> the thing found (an amount found is not "it").
    copula = _COPULA_SUBJECT.match(prev_q)
    np = topic if _found_thing(prev_q, prev_a) and topic == prev_a or topic == f.found \
        else copula.group("np") if copula and topic == copula.group("np") else _noun_phrase(prev_q) or topic
    # "What else has it bolstered?" after "What has the ebbing of geopolitical tensions rolled back?": "it"
    # does what the last subject did (the same frame), not what that subject acted on ("oil prices").
    subject = _asked_subject(prev_q) if _IT_DOES_WHAT.match(out) else None
    if copula and topic == prev_a and prev_a and not _QUANTITY.search(prev_a) and re.search(r"[A-Z]", prev_a):
        np = prev_a  # "What is the only remaining ... program?" "the Term Asset-Backed Securities Loan Facility"
    doing = _IT_VERB.search(out)
    if not subject and doing:
        # Of the thing asked about and the thing found, the one the paragraphs read say does the verb.
        others = [x for x in (f.found, _noun_phrase(prev_q)) if x and x != np]
        np = _said_doing(doing.group("verb"), [np, *others], f.read) or np
    f.out = _SUBJECT_IT.sub(subject or another(np), out)
    return None


# How a follow-up is read from the last turn, in order: the first operation that gives a question (or a
# Resolution asking back) decides; the others change the reading in place (``f.out``) and go on. To
# remove one, delete its line; its unit tests (tests/product/test_followups.py) say what it did.
OPERATIONS = (
    ("swap a part of the last question", _swap_a_part),            # "And Lavrov?", "And in August?"
    ("the date in play for 'then'", _date_in_play),                 # "What was the target then?"
    ("the act found, asked again", _act_asked_again),               # "Why?" after "What has it done?"
    ("a bare question word", _bare_question_word),                  # "Over what period?"
    ("the last turn asked of", _of_the_last_turn),                  # "When was that?"
    ("he or she", _he_or_she),                                      # the person in focus
    ("they or them", _they_or_them),                                # the group or the things found
    ("it as the body that acts", _it_the_body),                     # "What will it monitor?"
    ("its, that, and what a change acts on", _its_and_that),        # "its collateral", "raise it to"
    ("it as the thing", _it_the_thing),                             # "How much will it cost?"
)


def _rewrite_frame(q: str, prev_q: str, prev_a: str, turns, person: str | None, prev_date, frame_date,
                   last: TurnState):
    """The follow-up read by the operations above, in order."""
    f = _Follow(q, prev_q, prev_a, turns, person, prev_date, frame_date, last)
    for _name, operation in OPERATIONS:
        done = operation(f)
        if done is not None:
            return done
    return f.out
