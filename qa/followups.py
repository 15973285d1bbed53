"""Follow-up questions: rewrite a question that leans on the conversation into one that stands alone.
(The chat UI is ui.py; this module only rewrites questions.)

No generative model is available offline, so this is rule based, using the previous
(interpreted) question, its answer, and the names in them:
- ellipsis: "And Lavrov?", "What about NATO?" -> the previous question about the new name;
- pronouns: he/she/his/her/they/them -> the person or group of the previous turn;
- "it"/"that" as an object -> the previous question's topic ("about the talks");
- "When was that?", "Where did it happen?" -> asked of the previous question and answer.
A question that stands on its own is returned unchanged.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from . import language

QUESTION_WORDS = {"what", "who", "whom", "whose", "when", "where", "why", "how", "which", "did", "does",
                  "do", "is", "was", "are", "were", "and", "tell", "the", "a", "an", "can", "could",
                  "will", "would", "has", "have", "had", "should", "in", "on", "at", "according", "i",
                  "about", "so", "but", "also", "then", "please", "give", "show", "name", "list"}
# A name starts a word: a capital, or a word in mixed case ("iPod", "nCoV", "mAb114"), never the
# capital inside one ("iPod" is not "Pod", "4GB" is not "GB").
_ENTITY = re.compile(
    r"(?<![\w’'])(?:[A-Z][\w’'.\-]*|[A-Z]\.|[a-z]+[A-Z][\w’'.\-]*)"
    r"(?:\s+(?:(?:of|for|and|the|de|von|van|al|bin)\s+)?(?:[A-Z][\w’'.\-]*|[a-z]+[A-Z][\w’'.\-]*))*")
_PERSON_PRONOUN = re.compile(r"\b(he|she|him|his|her|hers|himself|herself)\b", re.IGNORECASE)
_GROUP_PRONOUN = re.compile(r"\b(they|them|their|theirs)\b", re.IGNORECASE)
_OBJECT_PRONOUN = re.compile(r"\b(?:(about|of|on|to|for|with|against|regarding)\s+"
                             r"(it|them|(?:that|this)(?!\s+[a-z])))\b"
                             r"|\b(it|that|this)(?=\s*(?:(?:to|at|by|from)\s*)?\?*\s*$)", re.IGNORECASE)
_ELLIPSIS = re.compile(r"^\s*(?:and|but|also)?\s*(?:what about|how about|and about|what of|and)?\s*"
                       r"(?P<x>[^?]{1,60}?)\s*\?*\s*$", re.IGNORECASE)
_ELLIPSIS_LEAD = re.compile(r"^\s*(and|but|what about|how about|what of)\b", re.IGNORECASE)
# "When was that?", "Where did it happen?", "When will it open?": wh + aux + pronoun (+ one verb).
_DEICTIC = re.compile(r"^\s*(?P<wh>when|where|why|how)\s+(?:was|is|were|did|does|do|will|would|has|had)\s+"
                      r"(?:that|this|it)(?:\s+(?P<verb>\w+))?\s*\?*\s*$", re.IGNORECASE)
_EVENT_VERBS = {"happen", "happened", "occur", "occurred", "be", "been", "come", "say", "said", "mean", "go", "start",
                "begin", "end", "take"}
_WH_AUX = re.compile(r"^\s*(?:where|when|how|why|what|which \w+|how \w+)\s+(?P<aux>will|would|did|does|do|is|was|are|"
                     r"were|has|have|had|can|could|should)\s+(?P<body>.+?)\s*\??$", re.IGNORECASE)
# "Over what period?", "Why?": a question word alone.
_WH_PREPOSITION = r"(?:over|for|in|by|since|until|at|to|from|on|with|under|through)"
_BARE_WH = re.compile(r"(?i)\s*(?P<wh>(?:" + _WH_PREPOSITION + r"\s+)?(?:what|which)\s+\w+|" + _WH_PREPOSITION +
                      r"\s+what|(?:(?:since|until|till|by|from)\s+)?(?:when|where)|why"
                      r"|(?:by\s+|for\s+(?=how\s+long))?how(?:\s+(?:much|many|long|often))?|(?:to|from|for|with|by|of)\s+whom)"
                      r"\s*\?*\s*")
# A question's frame after its question phrase: "How much longer-term Treasury securities | did | the
# Committee decide to buy in March 2009".
_FRAME = re.compile(r"^\s*(?:" + _WH_PREPOSITION + r"\s+)?(?:where|when|how|why|what|which|who)(?:\s+[\w$-]+){0,5}?\s+(?P<aux>will|would|did|does|do|"
                    r"has|have|had|can|could|should)\s+(?P<body>.+?)\s*\??$", re.IGNORECASE)
# "What is the facility meant to facilitate?": a frame with "is" before its subject and a verb after
# (not "What is the target?", which has no verb for a bare question word to ask again).
_COPULA_FRAME = re.compile(r"^\s*(?:what|which|who)\s+(?P<aux>is|are|was|were)\s+"
                           r"(?P<body>(?:(?:the|a|an|its|their)\s+|(?=[A-Z]))"
                           r".+?\s(?:meant|expected|likely|set|due|supposed|able|ready|prepared)\s+to\s+\w+.*?)\s*\??$",
                           re.IGNORECASE)
_SUBJECT_IT = re.compile(r"\bit\b", re.IGNORECASE)
# "What will it monitor?", "Why did it cut ...?": "it" doing something, so an organisation (not "is it").
_AGENT_IT = re.compile(r"\b(?P<aux>will|would|did|does|do|has|have|had|can|could|should)\s+it\s+(?:\w+ly\s+)?"
                       r"(?=(?:say|said|expect|decide|monitor|purchase|buy|sell|approve|announce|plan|want|judge|see|"
                       r"anticipate|continue|maintain|keep|raise|lower|cut|set|establish|consider|evaluate|intend|"
                       r"believe|recognize|recognise|warn|propose|reject|agree|vote|employ|implement|launch|hire|"
                       r"acquire|offer|bid|pay|report|promise|ask|request|argue|claim|deny|respond|reply|do|act|"
                       r"adopt|issue|note|indicate|stress|emphasize|assess|view|reduce|increase|expand|extend|"
                       r"reinvest|remove|change|leave|begin|stop|end|stand|use|provide|support|supply|stimulate|promote|foster|"
                       r"achieve|address|pursue|preserve|add|hold|review|adjust|await|reaffirm|resume|complete|"
                       r"make\s+\w+|take\s+\w+)\b)",
                       re.IGNORECASE)
# "the Committee's policy": a body that owns what the question asks about.
_ORG_OWNER = re.compile(r"\b(?P<org>the\s+[A-Z][\w&-]*(?:\s+(?:of\s+)?[A-Z][\w&-]*)*)(?:’|')s\b")
# "What is that partly reflecting?": "that"/"this" as the subject, as "it" would be.
# "What does that depend on?": a verb and its preposition after "does that".
_SUBJECT_THAT = re.compile(r"\b(?:is|was|are|were|will|would|did|does|has|had)\s+(?P<d>that|this)\s+"
                           r"(?=(?:\w+ly\s+)?\w+(?:ing|ed|en)\b|[a-z]+\s+to\b)|\b(?:will|would|did|does|could|might|"
                           r"may)\s+(?P<d2>that|this)\s+(?=[a-z]+\s+(?:on|from|in|for|with|about)\b)", re.IGNORECASE)
_ITS = re.compile(r"\bits\b", re.IGNORECASE)
# "What (else) has it bolstered?": "it" the subject of a what-question about what it acted on.
_IT_DOES_WHAT = re.compile(r"(?i)\s*what(?:\s+else)?\s+(?:has|have|had|is|was)\s+it\s+[a-z]+(?:ed|en|wn|ing)\b")
# "What is it prepared to do?": "it" an agent, as in _AGENT_IT.
_AGENT_IT_TO = re.compile(r"\b(?P<aux>is|was)\s+it\s+(?=(?:\w+ly\s+)?(?:prepared|expected|willing|ready|able|going|"
                          r"poised|committed|planning|seeking|trying|determined)\s+to\b|(?:\w+ly\s+)?"
                          r"(?:monitoring|considering|evaluating|reviewing|assessing|weighing|watching|purchasing|buying|selling|maintaining|keeping|reinvesting|"
                          r"providing|supporting|promoting|pursuing)\b)", re.IGNORECASE)
# Words that make a capitalised name a body rather than a person ("the Board of Governors").
BODIES = {"committee", "board", "bank", "banks", "reserve", "federal", "council", "court", "government", "ministry",
           "union", "company", "corporation", "group", "party", "university", "fed", "congress", "parliament",
           "senate", "house", "department", "agency", "commission", "nato", "treasury", "administration"}
# The organisation a question asks about: "What does the Committee expect ...?" -> "the Committee";
# a capitalised name after "the" (people take no article) or an acronym.
_ORG_SUBJECT = re.compile(r"^\s*(?:(?i:at|in|by|to|for|from|on|with|through|until|over|since)\s+)?"
                          r"(?i:what|which|who|whom|how|why|when|where)(?:\s+[\w$-]+){0,5}?\s+(?i:will|would|did|"
                          r"does|do|has|have|had|is|was|are|were|can|could|should)\s+(?P<org>the\s+[A-Z][\w&-]*"
                          r"(?:\s+(?:of\s+)?[A-Z][\w&-]*)*|[A-Z]{2,}\b)")
# Words that end a noun phrase: the verbs questions put after their subject, and prepositions.
_NP_STOP = {"cost", "employ", "pass", "open", "say", "do", "make", "become", "hold", "take", "win", "beat", "score",
            "design", "pay", "rise", "fall", "happen", "start", "begin", "end", "close", "discover", "find", "use",
            "come", "go", "be", "have", "leave", "run", "cut", "build", "announce", "report", "plan", "vote", "argue",
            "approve", "hold", "of", "to", "in", "on", "at", "for", "from", "with", "by", "about", "and", "or"}
# (A lookahead, so that "the Council approve the bridge" still finds "the bridge" after "the Council ...".)
_NP = re.compile(r"\b(?=((?:the|a|an|its|his|her|their)\s+(?:(?:[A-Z][\w-]*|(?:19|20)\d\d)\s+){0,2}[a-z][\w-]*"
                 r"(?:\s+[a-z][\w-]*)?))")
_PREPOSITIONS = {"in", "on", "at", "of", "for", "from", "with", "by", "about", "during", "after", "before", "over",
                 "under", "to", "into", "through", "since", "until", "against", "among", "between"}
_AUXILIARIES = {"will", "would", "did", "does", "do", "is", "was", "are", "were", "has", "have", "had", "can",
                "could", "should", "may", "might"}
# An amount ("3 percent", "$750 billion"): found, it is not what "it" stands for next.
_QUANTITY = re.compile(r"\d|percent|%|\$|£|€")
_TOPIC = re.compile(r"\b(?:about|regarding|concerning)\s+(?P<t>[^?,]+?)\s*\??$", re.IGNORECASE)
# The same topic without a date or source after it ("about inflation | in September 2012?").
_ABOUT_TOPIC = re.compile(r"(?i)\b(?:about|regarding|concerning)\s+(?P<t>(?!(?:in|on|during)\b)[^?,]+?)"
                          r"(?=\s+(?:in|on|during)\s+[^?,]*\b(?:19|20)\d\d\b|\s*,|\s*\?*\s*$)")
_WHAT_DID = re.compile(r"^\s*(?:what|which \w+|who|whom)\s+(?:did|does|do|has|have|had|will|would)\s+"
                       r"(?P<body>.+?)\s*\??$", re.IGNORECASE)
_WHO_IS_NAME = re.compile(r"^\s*(?i:who\s+(?:is|was))\s+(?P<name>[A-Z][^?]*?)\s*\??$")
_DETERMINERS = {"the", "a", "an", "his", "her", "their", "its", "this", "that", "these", "those"}
_OBJECT_GAP_FOLLOWERS = {"about", "of", "on", "to", "for", "with", "in", "at", "regarding", "after", "before",
                         "during", "when", "while", ""}
_WHO_VERB = re.compile(r"^\s*who\s+(?P<rest>(?!did\b|does\b|do\b|is\b|was\b|are\b|were\b)\w+.*?)\s*\??$",
                       re.IGNORECASE)


# "then", "at that meeting": the time the previous question named.
_DEICTIC_TIME = re.compile(r"\s*\b(?:then|at that time|at the time|at that meeting|after that meeting|"
                           r"at that point|on that day|that day)\b", re.IGNORECASE)
# "Now about 2004: who was Chairman?": a fresh topic, named before the question.
_TOPIC_LEAD = re.compile(r"^\s*(?:(?:now|and|ok|okay|so)\s*,?\s*)?(?:about|regarding|as for)\s+"
                         r"(?P<t>[^:,?]{1,40})\s*[:,]\s*(?P<q>\S.*)$", re.IGNORECASE)
# Words that end the noun phrase an ellipsis replaces ("lower | its federal funds rate target | to").
_RUN_STOP = {"much", "many", "lower", "raise", "cut", "keep", "maintain", "buy", "sell", "purchase",
             "establish", "set", "agree", "expect", "decide", "decided", "approve", "approved", "requested",
             "request", "vote", "voted", "prefer", "preferred", "oppose", "opposed", "after", "before", "during",
             "was", "were", "is", "are", "did", "does", "do", "has", "have", "had", "will", "would", "could"}


def _date_phrase(text: str) -> str | None:
    from .dates import question_dates

    named = question_dates(text)
    return named.phrase if named else None


def _bare_date(phrase: str) -> str:
    return re.sub(r"(?i)^(?:in|on|during|of)\s+", "", phrase)


def _as_time(phrase: str) -> str:
    """A date phrase as a time adverbial: "October 2001" -> "in October 2001", "September 17, 2001"
    -> "on September 17, 2001"."""
    bare = _bare_date(phrase)
    return ("on " if re.search(r"(?<!\d)\d{1,2}(?:st|nd|rd|th)?(?!\d)", bare) else "in ") + bare  # a day: "on"


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


def _run_start(low: list[str], i: int, stop: set[str]) -> int:
    """Where the run of words ending at low[i] begins: back to the first stop word or number."""
    while i > 0 and low[i - 1] not in stop and not low[i - 1][:1].isdigit():
        i -= 1
    return i


def _frame_date(questions) -> str | None:
    """The time a conversation is about: the date phrase of the nearest question that names one."""
    return next((d for d in map(_date_phrase, reversed(list(questions))) if d), None)


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
    if a >= 2 and low[a - 1] == "for" and low[a - 2] in ("target", "range"):
        # "its target for the federal funds rate" + "the discount rate": the whole phrase, not "its target
        # for the discount rate" (the discount rate has no target).
        a -= 2
        if a > 0 and low[a - 1] == "target":
            a -= 1  # "the target range for ..."
        if a > 0 and low[a - 1] in _DETERMINERS | {"its", "their"}:
            a -= 1
        if a == 1 and low[0] in ("what", "which"):
            # "What target range for the federal funds rate did ...?": "What discount rate did ...?"
            bare = x.split()[1:] if x.split()[0].lower() in _DETERMINERS else x.split()
            return " ".join(words[:1] + bare + words[b + 1:]) + "?"
    while b + 1 < len(low) and low[b + 1] not in stop and low[b + 1].isalpha():
        b += 1
    if a > 0 and x.split()[0].lower() == low[a - 1]:
        a -= 1  # "And on excess reserve balances?" after "... on required reserve balances"
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


_FEMALE_TITLES = {"ms", "mrs", "miss", "madam", "madame", "queen", "lady", "dame", "princess", "duchess"}
_MALE_TITLES = {"mr", "sir", "king", "lord", "prince", "duke"}
_SUBJECT = re.compile(r"^\s*(?:what|which \w+|how|when|where|why|whom)\s+(?:did|does|do|has|have|had|will|would|is|was)"
                      r"\s+(?P<name>[A-Z][\w’'.\-]*(?:\s+[A-Z][\w’'.\-]*)*)")


_TITLES = _FEMALE_TITLES | _MALE_TITLES | {"dr", "prof", "professor", "president", "secretary", "minister",
                                           "mayor", "councillor", "chancellor", "general", "captain", "coach",
                                           "senator", "governor", "judge", "chief", "head", "spokesman"}
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
_WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
_CALENDAR = set(_MONTHS) | _WEEKDAYS


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


_PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "himself": "m", "she": "f", "her": "f", "hers": "f",
                   "herself": "f"}
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’]?\s+|\n+")  # a line (a turn, a paragraph) ends one too
_GENDERED = re.compile(r"\b(he|him|his|himself|she|her|hers|herself)\b", re.IGNORECASE)


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


_ROLE_WORDS = {"chairman", "chairwoman", "chair", "vice", "deputy", "ceo", "executive", "officer", "director",
               "manager", "spokeswoman", "spokesperson", "premier", "prime", "mayor", "leader", "speaker"}


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
    asked_which = re.match(r"\s*which\b", prev_q, re.IGNORECASE) and not q_names
    if prev_a and a_names and (asked_who or asked_which):
        # "Who welcomed ...?", "Which councillor argued ...?": the person is the answer. (Not "Which
        # university is Professor Lindqvist from?": there the question names the person.)
        return _persons(a_names[0]), True
    subject = _SUBJECT.match(prev_q)
    if subject and not _is_acronym(subject.group("name")):
        return _persons(subject.group("name")), True
    return q_names, len(q_names) == 1


# "the June 2006 discount rate increase", "a fare cut": a change named by what changed.
_CHANGE_NOUN = re.compile(r"\b(?:the|a|an|its|their|that|this)\s+(?:(?:[A-Z][a-z]+|(?:19|20)\d\d|\d{1,2}),?\s+){0,3}"
                          r"(?P<thing>[a-z][\w-]*(?:\s+[a-z][\w-]*){0,2}?)\s+(?:increase|increases|cut|cuts|"
                          r"reduction|reductions|decrease|hike|rise|change)\b")
_CHANGE_IT = re.compile(r"(?i)\b(raise|raised|lower|lowered|cut|reduce|reduced|increase|increased|decrease|"
                        r"decreased|hike|hiked|lift|lifted|trim|trimmed)\s+it\b")


def _verb_starts(question: str) -> frozenset:
    """Where the question's verbs begin (character offsets), from its parse; empty without one."""
    doc = language.analyse(question)
    return frozenset(t.idx for t in doc if t.pos_ in ("VERB", "AUX")) if doc is not None else frozenset()


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
        if any(w[:1].isupper() for w in words[1:]):
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
        if len(words) > 1 and words[-1][:1].islower():
            before = question[:m.start()].split()[-1:]
            found.append((bool(before) and before[0].lower() in _PREPOSITIONS, " ".join(words)))
    # "Who won the Millbrook seat in the general election?": the seat, not the phrase after "in".
    return min(found, key=lambda f: f[0])[1] if found else None


# "What may restrain advances ...?", "What has weakened ...?", "What cooled ...?": a what-question
# whose answer is the subject of its verb (not "What did the Committee ...", "What is the target").
_SUBJECT_WHAT = re.compile(r"^\s*what\s+(?:(?:may|might|has|have|had|is|are|was|were|will|would|could|can|should)"
                           r"\s+(?!(?:the|a|an|its|their|his|her|this|that|these|those|it|he|she|they|we|you|"
                           r"there)\b)[a-z]+|(?!(?:is|was|has|does|did|do|are|were|have|had)\b)[a-z]+(?:ed|s)\b"
                           r"(?!\s+(?:of|did|does|do|is|are|was|were|has|have|had|will|would|can|could)\b))",
                           re.IGNORECASE)  # "What levels of ...", "What rates did ...": a noun, not a verb


_SUBJECT_AUX = re.compile(r"^\s*what\s+(?P<aux>may|might|has|have|had|is|are|was|were|will|would|could|can|should)"
                          r"\s+(?P<rest>.+?)\s*\??$", re.IGNORECASE)


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


# An answer that is a verb form, not a thing "it" could stand for: "stabilizing", "weakened further".
_VERB_ANSWER = re.compile(r"\s*[a-z]+(?:ing|ed)(?:\s+(?:further|[a-z]+ly))?\s*")
# "What has household spending shown ...?", "What is the economy expanding at?": the subject, up to
# the participle after the auxiliary.
_ASKED_SUBJECT = re.compile(r"^\s*what\s+(?:(?P<perfect>has|have|had)|is|are|was|were)\s+(?P<body>.+)$",
                            re.IGNORECASE)


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


# "What has the economy done since December?", "What did the FOMC do on September 17, 2001?": an act asked for.
_ACT_ASKED = re.compile(r"^\s*what\s+(?P<aux>has|have|had|did|does|do|will|would)\s+(?P<subj>(?:the\s+)?\S.*?)\s+"
                        r"(?:done|do)\b(?P<rest>[^?]*)\??\s*$", re.IGNORECASE)
# "Why?", "When did that happen?", "Why did it do that?", "Why has it done so?": asked of that act.
_OF_THE_ACT = re.compile(r"^\s*(?P<wh>why|when|where|how)(?:\s+(?:did|does|do|has|have|had|will|would)\s+"
                         r"(?:it|that|this|they|he|she)(?:\s+(?:do|done|happen|happened|occur|occurred)"
                         r"(?:\s+(?:that|this|it|so))?)?)?\s*\?*\s*$", re.IGNORECASE)
# Past forms a "What did X do?" answer starts with, to ask "Why did X <verb>?" (regular ones below).
_IRREGULAR_PAST = {"kept": "keep", "held": "hold", "left": "leave", "cut": "cut", "set": "set", "made": "make",
                   "took": "take", "gave": "give", "saw": "see", "said": "say", "met": "meet", "rose": "rise",
                   "fell": "fall", "grew": "grow", "put": "put", "began": "begin", "sold": "sell", "bought": "buy",
                   "paid": "pay", "won": "win", "lost": "lose", "told": "tell", "sent": "send", "spent": "spend",
                   "built": "build", "led": "lead", "chose": "choose", "ran": "run", "came": "come", "went": "go"}


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


_COPULA_SUBJECT = re.compile(r"(?i)^\s*what\s+(?:was|is|were|are)\s+(?P<np>(?:the|its|their)\s+[a-z][\w-]*(?:\s+[a-z][\w-]*){0,4}?)"
                             r"(?=\s+(?:in|on|during|according|for|at|by|to|after|before|since|when)\b|\s*,|\s*\?*\s*$)")


_VOTED_ON_IT = re.compile(r"(?i)\bvot\w*\s+(?:for|against|on)\s+it\b")
# "What does the Committee expect inflation to do?": what an expectation is about, and its verb asked.
_EXPECTED_TO_DO = re.compile(r"(?i)\s*what\s+(?:does|do|did|will|would)\s+\S.*?\s+(?:expect|want|need|allow|ask|"
                             r"urge|encourage|see)\s+(?P<np>(?!it\b|them\b)[a-z][\w-]*(?:\s+[a-z][\w-]*){0,3}?)\s+to\s+do\b")


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


# "that program", "this deal": a thing the conversation named before (nouns of news stories; "the
# company that makes..." is a relative clause, not one of these).
_DEMONSTRATIVE = re.compile(r"\b(?:that|this)\s+(?:program|programme|meeting|decision|deal|bid|offer|company|court|"
                            r"plan|statement|action|cut|increase|purchase|purchases|policy|case|trial|bill|law|"
                            r"agreement|vote|report|election|attack|threshold|thresholds|facility|rate|reduction|"
                            r"decrease|hike|change|move|announcement|dissent|increase|cuts|increases)\b",
                            re.IGNORECASE)


def _standalone(q: str) -> bool:
    return not (_PERSON_PRONOUN.search(q) or _GROUP_PRONOUN.search(q) or _OBJECT_PRONOUN.search(q)
                or _SUBJECT_IT.search(q) or _ITS.search(q) or _SUBJECT_THAT.search(q) or _ELLIPSIS_LEAD.match(q)
                or _DEICTIC_TIME.search(q)
                or _DEMONSTRATIVE.search(q) or _DISSENTER.search(q)
                or (_DESCRIPTION.search(q) or _ROLE_DESCRIPTION.search(q))
                and not _ASKS_WHICH.match(q))


# "the company", "the court": a body the conversation named ("What did the company offer?" after
# "Who bid for Harbour Holdings?" "Norvik Ports"). Lower case: "the Committee" is a name already.
_DESCRIPTION = re.compile(r"\bthe\s+(?P<noun>company|firm|bidder|buyer|group|court|council|bank|government|ministry|"
                          r"party|club|team|union|agency|university|museum|airline|carrier|lender|insurer|"
                          r"retailer|startup|regulator)\b(?!\s+(?:of|for|that|which|who)\b)")
# "the spokesman", "the chief executive": the person the conversation's passages give that role.
_ROLE_DESCRIPTION = re.compile(r"\bthe\s+(?:(?:[a-z]+\s+){0,2}?)(?P<role>chief executive|chief financial officer|"
                               r"chairman|chairwoman|chair|spokesman|spokeswoman|spokesperson|prime minister|minister|"
                               r"president|mayor|governor|secretary general|secretary|ceo|founder|coach|manager)\b"
                               r"(?!\s+(?:of|for)\b)")
# "Who is the company's chief?" / "Which company ...?": asking which, not referring back.
_ASKS_WHICH = re.compile(r"^\s*(?i:who|what|which)\s+(?:is|was|are|were)\s+the\s+\w+\s*\??\s*$")
_ORG_SUFFIXES = {"ports", "foods", "holdings", "inc", "ltd", "group", "corp", "corporation", "co", "plc", "ag", "sa",
                 "airlines", "airways", "energy", "motors", "bank", "industries", "partners", "capital", "systems",
                 "technologies", "media", "pharma", "pharmaceuticals", "telecom", "logistics", "shipping", "mining",
                 "insurance", "electric", "steel", "oil", "gas", "financial", "securities", "labs", "company"}
_COMPANY_NOUNS = {"company", "firm", "bidder", "buyer", "group", "airline", "carrier", "lender", "insurer",
                  "retailer", "startup"}


def _first_found(texts, names_in) -> list[str]:
    """The names names_in finds (in order, once each) in the first of texts where it finds any:
    one is the referent; two or more are for the user to choose from (which one is not guessed)."""
    for text in texts:
        found = list(dict.fromkeys(names_in(text or "")))
        if found:
            return found
    return []


_NAME_AFTER_ROLE = re.compile(r",?\s+([A-Z][\w’'-]*(?:\s+(?:[A-Z]\.|[A-Z][\w’'-]*)){1,3})")
_NAME_BEFORE_ROLE = re.compile(r"([A-Z][\w’'-]*(?:\s+(?:[A-Z]\.|[A-Z][\w’'-]*)){1,3}),\s+(?:(?:the|its|their)\s+)?"
                               r"(?:[a-z]+\s+){0,2}$")


def _organisations(text: str) -> list[str]:
    """The bodies an answer lists, when it is nothing but names of bodies: "the Board of Governors
    and the Federal Reserve Bank of New York", "Norvik Ports and Baltic Shipping Group"."""
    parts = [p.strip() for p in re.split(r",\s*(?:and\s+)?|\s+and\s+(?=(?:the\s+)?[A-Z])", text or "") if p.strip()]
    found = []
    for part in parts:
        if not re.fullmatch(r"(?:the\s+)?[A-Z][\w&.-]*(?:\s+(?:of\s+|for\s+)?[A-Z][\w&.-]*)*", part):
            return []
        words = [w.lower().strip(".") for w in part.split()]
        if not (set(words) & BODIES or words[-1] in _ORG_SUFFIXES or _is_acronym(part)):
            return []
        found.append(part)
    return found


# "the first one", "the second bidder", "the other company", "the former", "the latter", "the last one".
_ORDINAL_REF = re.compile(r"\b(?P<det>the|that)\s+(?P<which>first|second|third|fourth|fifth|last|other|former|latter)"
                          r"(?P<ref>(?:\s+(?P<noun>[a-z]+))?)", re.IGNORECASE)
_ORDINALS = {"first": 0, "former": 0, "second": 1, "third": 2, "fourth": 3, "fifth": 4, "last": -1, "latter": -1}
# Nouns "the second ..." may name a listed item by (else "the second half", "the first quarter" are no reference).
_ITEM_NOUNS = {"one", "ones", "bidder", "buyer", "company", "firm", "group", "bank", "person", "man", "woman",
               "candidate", "party", "team", "club", "official", "member", "speaker", "name", "city", "country",
               "court", "agency", "union", "player", "director", "governor", "reserve"}


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
        return q[:start] + picked + q[end:], (None if picked == person else person)
    return q, person


def _pick(names: list[str], chosen: str | None) -> str | None:
    """The referent among names: the only one, or the one the user chose when asked back."""
    if len(names) == 1:
        return names[0]
    return chosen if chosen in names else None


def _role_holders(role: str, turns, read: str) -> list[str]:
    """The people the conversation's answers or passages give that role, most recent text first:
    "the spokesman Dmitry Peskov", "Peskov, the spokesman", "its chief executive, Priya Natarajan",
    "Ben S. Bernanke, Chairman" (a vice chairman is not the chairman). Two or more: ask which."""
    def holders(text: str) -> list[str]:
        found = []
        for m in re.finditer(r"\b" + re.escape(role) + r"\b", text, re.IGNORECASE):
            if text[max(0, m.start() - 7):m.start()].lower().strip() in ("vice", "deputy", "former"):
                continue
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
    names = _first_found([t for tq, ta in reversed(turns) for t in (ta, tq)] + [read],  # an answer before its question
                         lambda text: [p for e in entities(text) for p in _persons(e) if fits(p) and not _is_acronym(p)])
    return ["the " + name if noun in name.lower().split() else name for name in names]  # "the High Court"


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
                  and not any(w.lower() in BODIES for w in p.split())]
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


_EVENT_NOUNS = ("talks", "meeting", "summit", "election", "vote", "trial", "hearing", "deal", "bid", "offer",
                "merger", "takeover", "attack", "attacks", "war", "strike", "decision", "action", "statement",
                "announcement", "agreement", "ceremony", "final", "match", "visit", "conference", "cut", "increase")
_EVENT = re.compile(r"\b(?:the|a|an|its|their)\s+(?:\S+\s+){0,3}?(?:%s)\b" % "|".join(_EVENT_NOUNS), re.IGNORECASE)
# An amount of money, a rate or a count, with its qualifier and unit: "about $75 billion per month",
# "0 to 1/4 percent", "50 basis points", "900 million kroner" (typed here; qa.judge cuts answers to it).
AMOUNT = re.compile(r"(?:(?:about|around|approximately|nearly|almost|over|roughly|more than|less than|up to|"
                    r"at least)\s+)?(?:[$£€]\s?)?\d(?:[\d,.]*\d)?(?:-\d+/\d+|\s+\d+/\d+|/\d+)?"
                    r"(?:\s+to\s+(?:[$£€]\s?)?\d(?:[\d,./-]*\d)?)?"
                    r"(?:\s*(?:%|percent|per cent|percentage points?|basis points?|million|billion|trillion|thousand|"
                    r"kroner|euros|dollars|pounds|people|shares)\b)*"
                    r"(?:\s+(?:per|a)\s+(?:month|year|week|day|quarter)\b)?", re.IGNORECASE)
_PLACE_BEFORE = re.compile(r"\b(?:in|at|from|to|near|across|outside|inside)\s+$")


def _kind_of(name: str, text: str, people: list[str]) -> str:
    """The kind of a capitalised name, from the name, the words before it in text (a place after
    "in", "from"), and ``people`` (the names the resolver takes for people)."""
    words = [w.lower().strip(".,’'") for w in name.split()]
    if _is_acronym(name) or set(words) & BODIES or words[-1] in _ORG_SUFFIXES:
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


_DAY = re.compile(r"\b(?:(?:%s)\s+\d{1,2}(?:,?\s+(?:19|20)\d\d)?|\d{1,2}\s+(?:%s)(?:\s+(?:19|20)\d\d)?|"
                  r"(?:%s)\s+(?:19|20)\d\d|(?:19|20)\d\d-\d\d-\d\d)\b" % (("|".join(_MONTHS),) * 3), re.IGNORECASE)


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


_LEAD_CONJUNCTION = re.compile(r"(?i)\s*(?:and|but|so|also)\s*,?\s+(?=(?:who|whom|what|which|when|where|why|how)\b)")


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


def resolve(question: str, history=()) -> str:
    """The question rewritten to stand alone, given earlier (question, reply) turns. Where it is
    unsure who "he"/"she" means, the question comes back as typed (resolve_turn says who it might be)."""
    return resolve_turn(question, history).question


# "Who was the Vice Chairman?": a role asked for, elliptical as "Who was Vice Chairman?" is.
_WHO_IS_ROLE = re.compile(r"(?i)\s*who\s+(?:is|was)\s+the\s+(?:(?:vice|deputy|acting)\s+)?(?:%s)\s*\?*\s*$"
                          % "|".join(["chairman", "chairwoman", "chair", "president", "governor", "secretary",
                                      "spokesman", "spokeswoman", "chief executive", "ceo", "director", "minister"]))


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
    # "What did the second one offer?" after a list: a follow-up, though it names no pronoun.
    standalone = _standalone(q) and not (state and ordinal and _referred_item(ordinal, turns))
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
    return rewritten if isinstance(rewritten, Resolution) else Resolution(rewritten)


# "How much in Treasury securities does ...?", "How many banks did ...?": the plural thing counted.
_HOW_MUCH_PLURAL = re.compile(r"(?i)\s*how\s+(?:much|many)\s+(?:(?:in|of)\s+)?(?!the\b|its\b|their\b)"
                              r"(?P<np>(?:[\w-]+\s+){0,3}?[\w-]*[^s\W]s)\s+"
                              r"(?:did|does|do|will|would|has|have|had|was|were|is|are)\b")
# "the action", "the program", "the end of the month": an event or a time the conversation is about
# (not "the action of ..." or "the meeting that ...", which say which).
_EVENT_DESCRIPTION = re.compile(r"\b(?i:the)\s+(?:(?!to\b)[a-z]+\s+){0,2}?(?:action|decision|meeting|program|programme|vote|"
                                r"statement|dissent|move|announcement|deal|bid|offer|hearing|trial|cut|increase|"
                                r"decrease|reduction|hike|month|quarter)\b(?!\s+(?:of|that|which|who)\b)")
# "in October", "on September 17" without a year (not "in October 2015", "on September 17, 2001").
_YEARLESS_MONTH = re.compile(r"(?i)\b(?:in|during|on)\s+(?:%s)(?:\s+\d{1,2}(?!\d))?(?!\s*\d|,?\s+\d{4})"
                             % "|".join(_MONTHS))
# "What are the Committee's purchases of agency securities in October 2012?": the plural thing asked about.
_ASKED_PLURAL = re.compile(
    r"(?i)\s*(?:what|how\s+\w+)\s+(?:are|were)\s+(?P<np>(?:the|its|their)\s+(?:[\w’'-]+\s+){0,4}?[a-z][\w-]*[^s\W]s\b"
    r"(?:\s+(?:of|on|for|from|in)\s+(?!(?:%(m)s|19\d\d|20\d\d)\b)[^?,]+?)?)"
    r"(?:\s+(?:in|on|during|since|by)\s+(?:(?:%(m)s)\s+)?(?:\d{1,2},?\s+)?(?:19|20)\d\d)?"
    r"(?:,\s*according to [^?]*)?\s*\?*\s*$" % {"m": "|".join(_MONTHS)})


def _rewrite(q: str, turns, person: str | None, last: TurnState):
    """q rewritten from the recent turns ((question, answer), oldest first; ``last`` is the state of
    the last one, with the paragraphs it read), or a Resolution asking which one is meant."""
    prev_q, prev_a = turns[-1]
    # "at that meeting" when no question named a date: the day of the article the last answer came from.
    frame_date = _frame_date(tq for tq, _ in turns) or (last.answered_on if _DEICTIC_TIME.search(q) else None)
    described = _descriptions_stood_in(q, turns, person, last)
    if isinstance(described, Resolution):
        return described
    stood_in, person = described
    rewritten = _rewrite_frame(stood_in, prev_q, prev_a, turns, person, _date_phrase(prev_q), frame_date, last)
    return _in_the_conversations_time(rewritten, q, frame_date, turns)


def _descriptions_stood_in(q: str, turns, person: str | None, last: TurnState):
    """(q, person) with what a description means put in its place: "the second one" (an item of a list
    the conversation gave), "that program" (the previous turn's phrase with that noun), "the company",
    "the chief executive" (the one the conversation names), "the dissenter"; a Resolution asking which
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
        q, person = _stand_in(q, description.start(), description.end(),
                              _described(description.group("noun"), turns, read), person, asked)
        if isinstance(q, Resolution):
            return q
    role = _ROLE_DESCRIPTION.search(q)
    if role and not _ASKS_WHICH.match(q) and not re.match(r"(?i)\s*who\b", q):
        q, person = _stand_in(q, role.start(), role.end(), _role_holders(role.group("role"), turns, read), person,
                              asked)
        if isinstance(q, Resolution):
            return q
    dissenter = _DISSENTER.search(q)
    if dissenter:
        # "What was the dissenter concerned about?": the one the conversation found voting against.
        names = _dissenters(turns, read)
        if names and (dissenter.group("plural") or dissenter.group("plural2")):
            q = q[:dissenter.start()] + _joined(names) + q[dissenter.end():]
        elif names:
            q, person = _stand_in(q, dissenter.start(), dissenter.end(), names, person, asked)
            if isinstance(q, Resolution):
                return q
    return q, person


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
    if (rewritten != asked or not _standalone(asked)) and not _date_phrase(rewritten):
        rewritten = _with_date(rewritten, frame_date, turns)  # a pronoun left as it is still asks of that date
    return rewritten


# "the dissenter", "the two dissenters", "the dissenting member": who voted against.
_DISSENTER = re.compile(r"(?i)\bthe\s+(?:(?:two|three|four)\s+)?(?:dissent(?:er|ing\s+(?:member|president|governor))"
                        r"(?P<plural>s)?|(?P<plural2>dissenting\s+members))\b")
_VOTED_AGAINST = re.compile(r"(?i)\b(?:voted\s+against|voting\s+against|dissent\w*|opposed)\b")


def _dissenters(turns, read: str) -> list[str]:
    """The people the conversation found voting against: the answer of the latest "Who voted against ...?",
    else the names after "Voting against ... was/were" in the paragraphs read."""
    for tq, ta in reversed(turns):
        if re.match(r"(?i)\s*(?:and\s+)?who\b", tq) and _VOTED_AGAINST.search(tq) and ta:
            people = _named_people(ta)
            return people or [ta]
    said = re.search(r"\b(?i:voting\s+against)\b[^.:;]*?\b(?:was|were)\s*:?\s+(.+?)"
                     r"(?:(?<!\b[A-Z])(?<!\bJr)(?<!\bSr)\.(?:\s|$)|;|$)", read or "")  # not at "M." or "Jr."
    return _named_people(said.group(1)) if said else []


def _named_people(text: str) -> list[str]:
    """The people a list names ("Edward M. Gramlich and Robert D. McTeer, Jr." -> both, not "Jr")."""
    return [p for e in entities(text) for p in _persons(e) if p.rstrip(".") not in ("Jr", "Sr", "II", "III")]


def _joined(names: list[str]) -> str:
    """"A, B and C": names as one subject."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


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


_ADJUNCT_PREPOSITIONS = {"by", "in", "on", "over", "at", "during", "until", "before", "after", "within", "since"}


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


@dataclass
class _Follow:
    """One follow-up being rewritten from the last turn: what the operations below read and change.
    ``q`` is the question as typed (after the descriptions were stood in for), ``out`` the reading so far."""
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
    typed = _same_type_entity(prev_q, x) if x else None
    if typed:  # "And with the Bank of England?" after "... with the Bank of Japan ...?"
        return prev_q.replace(typed[0], typed[1], 1)
    if x and not x[:1].isupper() and not re.match(r"(?i)(when|where|why|how|what|who)\b", x):
        about = _ABOUT_TOPIC.search(prev_q)
        if about and not set(x.lower().split()) - _DETERMINERS & set(prev_q.lower().split()):
            # "And unemployment?" after "What did the Committee say about inflation in September
            # 2012?": what it said about unemployment then (not what unemployment said).
            return prev_q[:about.start("t")] + x + prev_q[about.end("t"):]
        replaced = _replace_run(prev_q, x)  # "And the discount rate?": the frame, a new noun phrase
        if replaced:
            return replaced
    if x and not _PERSON_PRONOUN.search(x) and not re.match(r"(?i)(when|where|why|how|what|who)\b", x):
        old = [e for e in entities(prev_q) if e.lower() != x.lower()
               and not (x[:1].islower() and e.split()[0].lower() in _CALENDAR)]  # "the library" is no month
        same_kind = [e for e in old if _is_acronym(e) == _is_acronym(x)]
        if old and x.lower() not in prev_q.lower():
            out = re.sub(re.escape((same_kind or old)[0]), x, prev_q, count=1)
            return re.sub(r"(?i)\b(?:the|a|an)\s+(?=(?:the|a|an)\s)", "", out)  # "the the Board"
        return f"{prev_q.rstrip(' ?')}, regarding {x}?"
    return None


def _same_type_entity(prev_q: str, x: str) -> tuple[str, str] | None:
    """(old, new): the entity of the previous question that the new name takes the place of, from the
    parse: of the same type as the new one ("with the Bank of England": an organisation), and the one
    sharing most words with it ("the Bank of Japan"), or the only one of that type; None when the parse
    cannot tell."""
    new, doc = language.analyse(x), language.analyse(prev_q)
    if new is None or doc is None or len(new.ents) != 1:
        return None
    named = new.ents[0]
    if x[:named.start_char].strip().lower() not in ("", *_PREPOSITIONS) or x[named.end_char:].strip(" ?.,"):
        return None  # more than a name (and its preposition)
    same = [e for e in doc.ents if e.label_ == named.label_ and e.text.lower() != named.text.lower()]
    words = {w.lower() for w in named.text.split()} - _DETERMINERS - _PREPOSITIONS
    shared = sorted(same, key=lambda e: -len(words & {w.lower() for w in e.text.split()}))
    if shared and words & {w.lower() for w in shared[0].text.split()}:
        return shared[0].text, named.text
    return (same[0].text, named.text) if len(same) == 1 else None


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


def _date_in_play(f: _Follow):
    """"What was the target then?", "Who was Vice Chairman at that meeting?": the conversation's date
    in place of "then"; done unless a pronoun is left to resolve ("What did he prefer then?")."""
    if not (f.frame_date and _DEICTIC_TIME.search(f.q) and not _date_phrase(f.q)):
        return None
    out = _DEICTIC_TIME.sub(" " + _as_time(f.frame_date), f.q, count=1)
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


def _he_or_she(f: _Follow):
    """"he", "she", "his", "her": the person most recently in focus whose gender agrees (see
    _person_meant), put in; a Resolution asking which, when two fit."""
    pronoun = _PERSON_PRONOUN.search(f.q)
    if pronoun and _bound_to_the_asked(f.q, pronoun.start(1)):
        return None  # "Which leader lost her seat?": hers is the one asked for
    if pronoun and f.person is None:
        chosen = _person_meant(f, pronoun.group(1).lower())
        if isinstance(chosen, Resolution):
            return chosen
        f.person = chosen
    if f.person:
        person, out = f.person, f.out

        def sub_person(mm):
            w = mm.group(1).lower()
            # "her Vice Chairman": possessive before a noun; "asked her about": an object.
            after = re.match(r"\s+([A-Za-z]+)", out[mm.end():])
            possessive_her = w == "her" and after and after.group(1).lower() not in _OBJECT_GAP_FOLLOWERS | {
                "that", "this", "what", "why", "if", "whether", "again", "now", "then", "yesterday", "today"}
            return person + "’s" if w in ("his", "hers") or possessive_her else person
        f.out = _PERSON_PRONOUN.sub(sub_person, out)
    return None


def _bound_to_the_asked(q: str, at: int) -> bool:
    """Whether the possessive at ``at`` belongs to the subject the question asks for ("Which Liberal
    Democrat leader lost her seat?", "Who lost his job?"): the parse makes it a possessive, and the
    subject of its verb is or holds the question word."""
    doc = language.analyse(q)
    word = next((t for t in doc if t.idx == at), None) if doc is not None else None
    if word is None or word.dep_ != "poss":
        return False
    verb = next((t for t in word.ancestors if t.pos_ in ("VERB", "AUX")), None)
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None) if verb is not None else None
    return subject is not None and any(t.tag_ in ("WP", "WDT") for t in subject.subtree)


def _person_meant(f: _Follow, pronoun: str):
    """Who "he"/"she" means: the most recent turn that names anyone (recency), then the question's
    form, then gender; None when no one fits, a Resolution when several do."""
    turns, read, last = f.turns, f.read, f.last
    for tq, ta in reversed(turns):
        candidates, decided = person_candidates(tq, ta)
        # No place or people is "he" or "she" (entity types from the language layer, over the turns
        # and the passages they read).
        texts = [t for turn in turns for t in turn] + [read]
        candidates = [c for c in (re.sub(r"[’']s$", "", c) for c in candidates)
                      if not language.not_a_person(c, texts)]
        if candidates:
            break
    wanted = "f" if pronoun in ("she", "her", "hers", "herself") else "m"
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


def _it_the_body(f: _Follow):
    """"it" that does something is the organisation the conversation asks about ("What will it
    monitor?" after "What does the Committee expect ...?"), not the thing the last answer named; a
    Resolution when the last answer named two bodies."""
    prev_q, prev_a, turns = f.prev_q, f.prev_a, f.turns
    org = next((m.group("org") for m in (_ORG_SUBJECT.match(tq) for tq, _ in reversed(turns)) if m), None)
    possessor = _ORG_OWNER.search(prev_q)
    if not org and possessor and any(w.lower() in BODIES for w in possessor.group("org").split()):
        org = possessor.group("org")  # "What is the focus of the Committee's policy?": "How will it stimulate ...?"
    if re.match(r"\s*who\b", prev_q, re.IGNORECASE) and re.fullmatch(
            r"(?:the\s+)?[A-Z][\w&-]*(?:\s+(?:of\s+)?[A-Z][\w&-]*)*", prev_a or "") and \
            any(w.lower() in BODIES for w in prev_a.split()):
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
    f.out = _SUBJECT_IT.sub(subject or np, out)
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


# "When did it emerge?", "When is it scheduled to close?": the verb "it" is the subject of.
_IT_VERB = re.compile(r"(?i)\bit\s+(?:(?:is|was|are|were|has|have|had|be|been|being)\s+)*(?P<verb>[a-z]{3,})\b")


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
