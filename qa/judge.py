"""Answer or decline: the one rule every path uses (chat, JSON API, CLI, Python API, evaluation,
benchmarks). The reader proposes spans; this decides.

A span is answered when the reader ranks it above its own "no answer" (margin > 0) and its
calibrated score reaches the threshold; then, when the question names things (people, places,
numbers) its article never mentions, the best accepted span of an article that does mention them is
answered instead, and when there is none the answer is declined and kept as the closest (grounding.py).
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace

from . import answer_fit, grounding, language
from .followups import AMOUNT, DETERMINERS
from .followups import is_body
from .types import Answer

ALTERNATIVES_SHOWN = 3  # best answers of other passages shown beside the answer
# How close (in calibrated score) another article's different answer must be to count as the
# articles disagreeing rather than as a weaker candidate.
DISAGREE_WITHIN = 0.15
DATED_SHOWN = 5  # dated answers listed for a latest question (each change of value once)


def accepts(score: float, margin: float, threshold: float) -> bool:
    """Whether a span of this calibrated score and margin may be answered at this threshold."""
    return margin > 0 and score >= threshold


def accept(span: Answer, threshold: float) -> bool:
    """Whether a span may be answered at this threshold (accepts)."""
    return accepts(span.score, span.margin, threshold)


@dataclass
class Verdict:
    answer: Answer | None
    alternatives: list[Answer] = field(default_factory=list)  # best spans of other passages, best first
    unmentioned: list[str] = field(default_factory=list)  # what the question names and the article does not
    closest: Answer | None = None  # the span declined for unmentioned names
    # A question asking for the latest value, answered differently by articles of different dates:
    # (date, answer) newest first, the answer's own first.
    dated_answers: list[tuple[str, Answer]] = field(default_factory=list)
    threshold: float = 0.0  # what the answers' scores were held to (every score shown is at least this)


def _norm(text: str) -> str:
    return " ".join(text.lower().split()).strip(" .,;:")


def each_change(dated: list[tuple[str, Answer]]) -> list[tuple[str, Answer]]:
    """The dated answers (newest first) to list: each change once (a run of articles saying the same
    keeps its newest), none when they all say the same."""
    if len({_norm(a.text) for _, a in dated}) < 2:
        return []
    shown: list[tuple[str, Answer]] = []
    for day, a in dated:
        if not shown or _norm(shown[-1][1].text) != _norm(a.text):
            shown.append((day, a))
    return shown[:DATED_SHOWN]


def dated_verdict(dated: list[tuple[str, Answer]], threshold: float) -> Verdict:
    """The verdict on values found by date (values.latest_values, newest first): the newest answers."""
    return Verdict(dated[0][1], dated_answers=each_change(dated), threshold=threshold)


def decide(question: str, spans: list[Answer], threshold: float, article_text=None, latest: bool = False,
           chance=None) -> Verdict:
    """The verdict on ``spans`` (ranked best first) for ``question``. ``article_text(doc_id)`` gives
    the answer's whole article for the name check (None: no check, only to measure what it changes).
    ``latest`` (the question asks for the latest or current value): the answer comes from the newest
    dated article among those with an accepted span, and when the dated answers differ, each
    article's is listed with its date, newest first. ``chance`` (fitted_chance): a span is accepted
    where the fitted decision answers it, with P(right) as its score (``threshold`` is then the policy's)."""
    if chance is not None:
        good = [replace(a, score=p) for a in spans
                if a.margin > 0 and not amount_missing(question, a) and (p := chance(a)) is not None]
    else:
        good = [a for a in spans if accept(a, threshold) and not amount_missing(question, a)]
    if not good:
        return Verdict(None, threshold=threshold)
    dated_answers = []
    if latest:
        per_article: dict[str, Answer] = {}
        for a in good:  # best first: each article's best span
            if a.hit is not None and a.hit.date and a.hit.doc_id not in per_article:
                per_article[a.hit.doc_id] = a
        newest_first = sorted(per_article.values(), key=lambda a: a.hit.date, reverse=True)
        if newest_first:
            good = [newest_first[0]] + [a for a in good if a is not newest_first[0]]
            # Earlier values of the newest one's kind only: after "$40 billion per month", not "30 years".
            kind = language.value_kind(newest_first[0].text)
            same = [a for a in newest_first if kind is None or language.value_kind(a.text) == kind]
            dated_answers = each_change([(a.hit.date, a) for a in same])
    best, alternatives, seen = good[0], [], {good[0].passage_index}
    for a in good[1:]:
        if a.passage_index not in seen:
            seen.add(a.passage_index)
            alternatives.append(a)
    verdict = Verdict(best, alternatives[:ALTERNATIVES_SHOWN], dated_answers=dated_answers, threshold=threshold)
    if article_text is not None and best.hit is not None:
        missing = grounding.unmentioned(question, article_text(best.hit.doc_id))
        if missing:
            # The best accepted span whose article names everything the question does, if any: the
            # check runs against every article in play, not only the first.
            grounded = next((a for a in good[1:] if a.hit is not None and not latest
                             and not grounding.unmentioned(question, article_text(a.hit.doc_id))), None)
            if grounded is None:
                verdict.unmentioned, verdict.closest, verdict.answer = missing, best, None
            else:
                verdict.answer = grounded
                verdict.alternatives = [a for a in verdict.alternatives if a is not grounded]
    if verdict.answer is not None:  # what is shown, once decided (with_counted_noun)
        verdict.answer = with_counted_noun(question, verdict.answer)
        verdict.alternatives = [with_counted_noun(question, a) for a in verdict.alternatives]
    return verdict


# --- the fitted decision -------------------------------------------------------------------------
# A reader shipped with a fitted policy ("judge" in its qa_reader.json, written by
# `python -m qa_lab fit-judge`) decides with one logistic model over the signals below instead of
# the threshold and the name check alone; one without keeps the rule above.

_STOP = set("""a an the of in on at to for by and or with from as is was were be been being are am do does did
has have had will would can could should may might what who whom whose which when where why how that this
these those it its he she they his her their them there then than so if not no yes about into over after
before during since until according said say says per all any some many much more most other such""".split())
# Not after a middle initial or a title: "Richard W. Fisher and Charles I. Plosser, who preferred ..." is
# one sentence, and the answer's sentence must name both.
_SENTENCE = re.compile(r"(?<=[.!?])(?<!\b[A-Z]\.)(?<!\b(?:Mr|Ms|Dr|St)\.)(?<!\bMrs\.)\s+(?=[A-Z\"“])")
# Words whose opposite in the answer's sentence contradicts the question ("raise" asked, "lower" said).
_OPPOSITES = ((("rais", "increas", "hike", "tighten", "higher"), ("lower", "cut", "reduc", "decreas", "eas")),
              (("buy", "bought", "purchas"), ("sell", "sold")),
              (("won", "win"), ("lost", "lose", "defeat")),
              (("voted for", "voting for", "vote for"), ("against",)),
              (("approv", "accept"), ("reject", "oppos", "against")),
              # a change asked about, none made: "How much did it raise...?" over "decided to keep"
              (("rais", "increas", "lower", "cut ", "reduc", "hike"), ("keep", "maintain", "unchanged", "left ")))
# Word pairs a SQuAD 2.0 look-alike swaps ("the youngest actress" over "the oldest"; "a public medical
# clinic" over "a private"), matched as whole words in lower case ("North America" is a name). Pairs
# that also flagged right answers on the fit half (before/after, long/short, most/least, first/last)
# are left out.
_SWAPPED_WORDS = (("youngest", "oldest"), ("younger", "older"), ("earliest", "latest"), ("largest", "smallest"),
                  ("biggest", "smallest"), ("highest", "lowest"), ("longest", "shortest"), ("public", "private"),
                  ("real", "fictional"), ("official", "unofficial"), ("prequel", "sequel"), ("opening", "closing"),
                  ("northern", "southern"), ("eastern", "western"), ("day", "night"), ("minimum", "maximum"),
                  ("positive", "negative"), ("successful", "unsuccessful"), ("success", "failure"),
                  ("legal", "illegal"), ("male", "female"), ("men", "women"), ("husband", "wife"),
                  ("father", "mother"), ("son", "daughter"), ("brother", "sister"), ("boy", "girl"),
                  ("inside", "outside"), ("inner", "outer"), ("imports", "exports"),
                  ("experienced", "inexperienced"), ("able", "unable"), ("possible", "impossible"),
                  ("direct", "indirect"), ("formal", "informal"), ("ancient", "modern"), ("dead", "alive"),
                  ("rural", "urban"), ("domestic", "foreign"), ("summer", "winter"), ("morning", "evening"),
                  ("cheap", "expensive"), ("rich", "poor"), ("strong", "weak"), ("stronger", "weaker"),
                  ("gain", "loss"), ("profit", "loss"), ("majority", "minority"), ("permanent", "temporary"),
                  ("include", "exclude"), ("included", "excluded"), ("allowed", "banned"),
                  ("accepted", "rejected"), ("increase", "decrease"), ("above", "below"))
# Number words read as digits ("three" is 3): grounding's, without the ordinals and "hundred"/"thousand".
_DIGIT_OF = {w: d for w, d in grounding.NUMBER_WORDS.items() if d.isdigit() and len(d) <= 2}
_NUMBER_WORD = re.compile(r"\b(%s)\b(?!-)" % "|".join(_DIGIT_OF))
_ORDINALS = ("third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth fifteenth "
             "sixteenth seventeenth eighteenth nineteenth twentieth").split()
_NUMBER_TOKEN = r"(?:\d+(?:[.,]\d+)*|(?:{0})(?:-(?:{0}))?)".format("|".join([*_DIGIT_OF, "hundred", *_ORDINALS]))
# Words beside a number that do not tie it to anything ("in 2006", "5 percent").
_LOOSE = {"of", "the", "a", "an", "and", "in", "to", "by", "on", "at", "than", "about", "over", "percent", "or"}
SIGNALS = ("score", "margin", "missing_in_article", "missing_near", "missing_in_sentence", "coverage_sentence",
           "coverage_paragraph", "contradiction", "type_match", "type_mismatch", "top_passage", "agreement")


def _stems(text: str) -> set[str]:
    return {w[:5] for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in _STOP and len(w) > 1}


def _sentence_around(text: str, start: int, end: int, before: int = 1) -> str:
    """The sentence holding text[start:end] and ``before`` sentences before it (a pronoun's antecedent)."""
    bounds = [0] + [m.end() for m in _SENTENCE.finditer(text)] + [len(text)]
    i = max(j for j in range(len(bounds) - 1) if bounds[j] <= start)
    return text[bounds[max(0, i - before)]:max(bounds[min(len(bounds) - 1, i + 1)], end)]


_BACK_REFERENCE = re.compile(r"\b(?:he|she|they|his|her|their|its|him|them)\b", re.IGNORECASE)
# A pronoun that can stand for a person: "its potential rate" refers back to no one.
_PERSON_BACK_REFERENCE = re.compile(r"\b(?:he|she|they|his|her|their|him|them)\b", re.IGNORECASE)


# "How many basis points was...": the unit counted, one or two words before a verb or "of".
_COUNTED = re.compile(r"\bhow many ((?:(?!of|did|does|do|was|were|is|are|has|have|had|will|would|can|could)"
                      r"[a-z]+ ?){1,2})", re.IGNORECASE)


_passage = answer_fit.passage_of  # the span's paragraph text, "" when its offsets do not index into it


# A clause before the question proper, opened by a preposition or "as": "As reported on the 17th of
# March 2019, on what date ...?", "According to the report, who ...?" (courts dev): the question's kind
# is read after it (not after "John Smith, who was arrested, ...": a name opens no such clause).
_LEADING_CLAUSE = re.compile(r"^(?:as|according|in|on|at|after|before|during|since|by|for|from|following|with|under|"
                             r"per)\b[^,?]*,\s*(?=(?:(?:on|in|at|by|to|for|from)\s+)?"
                             r"(?:who|whom|whose|when|what|which|where|why|how)\b)")


def expected_type(question: str) -> str:
    """What kind of answer the question wants: person, time (of day), date, number, place, or "" (any)."""
    q = _LEADING_CLAUSE.sub("", question.lower())
    if re.match(r"\s*(?:who|whom|whose)\b", q):
        return "person"
    if re.match(r"\s*(?:at\s+)?what time\b(?!\s+of\b)", q):
        return "time"  # of day ("What time was the ruling issued?"), not "what time of year"
    if re.match(r"\s*(?:when|what year|what date|which year|in what year|on what date)\b", q):
        return "date"
    if re.search(r"\bhow (?:many|much|long|far|old|big|large|high|tall|often)\b|\bwhat (?:[a-z]+ly |annual |average "
                 r"|total )?(?:percentage|percent|"
                 r"number|amount|price|rate|level|pace|share|proportion)\b", q):
        return "number"
    if re.match(r"\s*where\b", q):
        return "place"
    if _CHANGED_TO.search(q):
        return "number"  # "What did the FOMC lower its target to?": a level, not "the federal funds rate"
    return ""


# "What did X lower/raise/keep Y to/at?" (the question ends there, or with its date or source).
_CHANGED_TO = re.compile(r"^\s*what\b.*\b(?:lower|lowered|raise|raised|cut|reduce|reduced|increase|increased|keep|"
                         r"kept|set|hold|held|maintain|maintained|lift|lifted|fall|fell|rise|rose|drop|dropped|"
                         r"climb|climbed|bring|brought|boost|boosted|hike|hiked|decline|declined)\b.*\b(?:to|at)"
                         r"(?:\s*,?\s*according to [^?]*|\s+(?:in|on|during|by)\s+[^?]*)?\s*\??\s*$")


_CHANGE_VERB = (r"(?:lower|lowered|raise|raised|cut|reduce|reduced|increase|increased|lift|lifted|hike|hiked|"
                r"boost|boosted|trim|trimmed)")
# "How much did the FOMC lower its target?" (not "... lower its target to?", a level).
_HOW_MUCH_CHANGED = re.compile(r"^\s*how (?:much|many (?:basis|percentage) points)\s+(?:did|does|do|will|would|has|have|"
                               r"had)\b.*\b" + _CHANGE_VERB + r"\b(?!.*\b(?:to|at)\s*(?:,[^?]*)?\??\s*$)", re.IGNORECASE)


def asks_by_how_much(question: str) -> bool:
    """"By how much did the FOMC lower its target?", "How much did it lower its target?": the change,
    not the level."""
    return bool(re.match(r"\s*by how (?:much|many)\b", question, re.IGNORECASE) or _HOW_MUCH_CHANGED.match(question))


def asks_level(question: str) -> bool:
    """"What did the FOMC lower its target to?": the level a thing was changed to or kept at."""
    return bool(_CHANGED_TO.search(question.lower()))


# A bare time word answers only a question about time ("What did the Committee decide?" is not "today").
_BARE_TIME = re.compile(r"(?i)(?:today|yesterday|tomorrow|tonight|now|then|recently|(?:this|last|next) "
                        r"(?:week|month|year|quarter))")


# "What pace ...?" may be answered in words ("moderate"); "What rate ...?" wants the number ("1/4 percent", not
# "interest rates", dev).
_PACE_ASKED = re.compile(r"(?i)\bwhat\s+(?:[a-z]+ly\s+)?(?:pace|level)\b")


def says_number(text: str) -> bool:
    """Whether the text states a number, in digits or words ("seventeen", "twenty-one", "a dozen")."""
    return bool(re.search(r"\d|\b(?:half|quarter|dozen)\b", text, re.IGNORECASE)) or any(
        language.like_num(w) for w in re.findall(r"[A-Za-z]+", text))


def _bare_number(text: str) -> bool:
    """Numbers and nothing else: "17", "seventeen", "500 and 1,000", "25,000 to 30,000"."""
    words = [w.strip(",.") for w in re.findall(r"[\w.,/-]+", text)]
    joins = ("and", "to", "or", "-")
    return says_number(text) and all(w.lower() in joins or all(map(language.like_num, w.split("-"))) for w in words)


_MONTH = (r"jan(?:uary)?|feb(?:ruary)?|march|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|"
          r"nov(?:ember)?|dec(?:ember)?")
_CALENDAR_DAY = re.compile(r"(?i)\d|\b(?:" + _MONTH + r")\b")
_CALENDAR_DATE = re.compile(r"(?i)\b(?:" + _MONTH + r")\b|\b(?:19|20)\d{2}\b")
_CLOCK = re.compile(r"(?i)\b\d{1,2}(?:[:.]\d{2})?\s*(?:a\.?m\.?|p\.?m\.?)|\b\d{1,2}:\d{2}\b|\bo'clock\b|\bnoon\b|"
                    r"\bmidnight\b")
_DURATION = re.compile(r"(?i)\b(?:second|minute|hour|day|week|month|year|decade|century|centuries)s?\b")


def _duration_answers(question: str, span: str) -> bool:
    """"How long ...?" answered by a duration said in words: "a year", "months"."""
    return bool(re.match(r"\W*how long\b", question, re.IGNORECASE) and _DURATION.search(span))


def type_fit(question: str, span: str) -> int:
    """+1 when the span is the kind of answer the question wants, -1 when it is not, 0 when unknown.
    "How many basis points": a number that does not name the unit asked for does not fit."""
    kind, s = expected_type(question), span.strip()
    if kind != "date" and _BARE_TIME.fullmatch(s):
        return -1
    if not kind or not s:
        return 0
    has_number = says_number(s)
    if kind == "number":
        if _duration_answers(question, s):
            return 1
        unit = _COUNTED.search(question)
        if unit and has_number:
            return 1 if any(w[:5] in s.lower() for w in unit.group(1).lower().split()) else -1
        if not has_number and _PACE_ASKED.search(question):
            return 0  # "What pace of economic growth ...?" -> "moderate": a pace may be said in words
        return 1 if has_number else -1
    if kind == "time":
        # A clock time fits; a day of the calendar does not ("October 14" for "What time was the ruling
        # issued?", politics dev chat); anything else may ("rush hour", "triple time").
        if _CLOCK.search(s):
            return 1
        return -1 if _CALENDAR_DATE.search(s) else 0
    if kind == "date":
        if re.search(r"(?i)\b(?:what|which) date\b", question) and not _CALENDAR_DAY.search(s):
            return -1  # "On what date ...?" wants the day of a month, not "Friday" or "last week"
        return 1 if re.search(r"\d{4}|\b(?:" + _MONTH + r")\b|\b(?:monday|"
                              r"tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|week|month|year|"
                              r"century|decade|spring|summer|autumn|fall|winter)\b", s, re.IGNORECASE) else -1
    if kind in ("person", "place"):
        return 1 if re.search(r"\b[A-Z][a-z]", s) else -1 if kind == "person" else 0
    return 0


def _contradiction(question: str, sentence: str, own: str = "") -> bool:
    """The answer's sentence says the opposite of the question: a change the other way ("raise"
    asked, "lower" said, in ``sentence``: the answer's and the one before), or, in the answer's own
    sentence ``own``, a swapped word or number."""
    q, s = question.lower(), sentence.lower()
    for yes, no in _OPPOSITES:
        for asked, other in ((yes, no), (no, yes)):
            if any(w in q for w in asked) and any(w in s for w in other) and not any(w in s for w in asked):
                return True
    return _swapped_word(question, own) or _swapped_number(question, own)


def _swapped_word(question: str, own: str) -> bool:
    # "How strong was growth?" asks a degree ("weak" answers it): a word after "how" is not a claim.
    q = set(re.findall(r"(?<!\b[Hh]ow )\b[a-z]+\b", question))
    s = set(re.findall(r"\b[a-z]+\b", own))
    return any((a in q and b in s and a not in s and b not in q) or (b in q and a in s and b not in s and a not in q)
               for a, b in _SWAPPED_WORDS)


def _swapped_number(question: str, own: str) -> bool:
    """A number the question ties to a word ("the thirty-fourth James Bond film", "on 16 October")
    where the answer's sentence has another number tied to that word ("twenty-fourth James Bond",
    "26 October") and not the question's: how SQuAD 2.0 changes a fact. Number words count as digits."""
    q = _NUMBER_WORD.sub(lambda m: _DIGIT_OF[m.group(1)], question.lower())
    s = _NUMBER_WORD.sub(lambda m: _DIGIT_OF[m.group(1)], own.lower())
    # (A number hyphened to a word is part of a name: "COVID-19 deaths" ties no 19 to "deaths"; a range
    # "$80-85 million" is two numbers.)
    for m in re.finditer(r"(?<![\w$])" + _NUMBER_TOKEN + r"(?!\w)", q):
        if re.search(r"(?<![\w$])" + re.escape(m.group(0)) + r"(?!\w)", s):
            continue
        code = re.search(r"([a-z]+-)$", q[:m.start()])
        if code:  # a code: "G-20" swapped only for the same letters with another number ("G-8")
            if re.search(r"\b" + re.escape(code.group(1)) + r"\d", s):
                return True
            continue
        if re.match(r"-[a-z]", q[m.end():]):
            continue
        after = re.match(r"\s+([a-z]+)", q[m.end():])
        before = re.search(r"([a-z]+)\s+$", q[:m.start()])
        if after and after.group(1) not in _LOOSE and re.search(
                r"(?<![\w$])" + _NUMBER_TOKEN + r"\s+" + re.escape(after.group(1)) + r"\b", s):
            return True
        if before and before.group(1) not in _LOOSE and re.search(
                r"\b" + re.escape(before.group(1)) + r"\s+" + _NUMBER_TOKEN + r"(?!\w)", s):
            return True
    return False


def signals(question: str, span: Answer, spans: list[Answer], article_text) -> dict[str, float]:
    """What the decision weighs for one span: the reader's score and margin; the names and numbers
    of the question missing from its article and from near it; how much of the rest of the question
    its sentence and paragraph cover; a contradiction ("raise" asked, "lower" said); whether it is
    the kind of answer asked for; whether it is from the first passage; how far it leads the best
    span that says something else."""
    passage = span.hit.paragraph.text if span.hit is not None else ""
    near = _sentence_around(passage, span.start, span.end) if passage else ""
    names = grounding.named_things(question)
    article = article_text(span.hit.doc_id) if (span.hit is not None and article_text) else passage
    missing = grounding.unmentioned(question, article) if names else []
    missing_near = [n for n in names if n not in missing and grounding.unmentioned(n, passage)]
    # A name the question pins the answer to, said in the answer's own sentence (or the one before,
    # when this one refers back to it with a pronoun): "What did Yellen prefer?" is not answered by
    # "Lacker, who preferred ..." in the sentence after the list that names Yellen.
    own = _sentence_around(passage, span.start, span.end, before=0) if passage else ""
    scope = near if _BACK_REFERENCE.search(own.replace(span.text, " ")) else own
    present = [n for n in names if n not in missing]
    missing_in_sentence = [n for n in present if grounding.unmentioned(n, scope)]
    asked = _stems(question) - _stems(span.text)
    other = next((a for a in spans if a is not span and _norm(a.text) != _norm(span.text)), None)
    fit = type_fit(question, span.text)
    return {"score": span.score, "margin": max(-10.0, min(span.margin, 20.0)) / 10,
            "missing_in_article": len(missing) / len(names) if names else 0.0,
            "missing_near": len(missing_near) / len(names) if names else 0.0,
            "missing_in_sentence": len(missing_in_sentence) / len(names) if names else 0.0,
            "coverage_sentence": len(asked & _stems(near)) / len(asked) if asked else 1.0,
            "coverage_paragraph": len(asked & _stems(passage)) / len(asked) if asked else 1.0,
            "contradiction": float(_contradiction(question, near, own)),
            "type_match": float(fit > 0), "type_mismatch": float(fit < 0),
            "top_passage": float(span.passage_index == 0),
            "agreement": span.score - (other.score if other is not None else 0.0)}


@dataclass(frozen=True)
class Policy:
    """P(right) = sigmoid(bias + sum(weight * signal)); answered at ``threshold`` or above."""
    weights: dict
    bias: float
    threshold: float

    @classmethod
    def from_meta(cls, meta: dict | None) -> "Policy | None":
        if not meta or set(meta.get("weights", {})) != set(SIGNALS):
            return None
        return cls(dict(meta["weights"]), float(meta["bias"]), float(meta["threshold"]))

    def chance(self, values: dict[str, float]) -> float:
        z = self.bias + sum(w * values[k] for k, w in self.weights.items())
        return 1 / (1 + math.exp(-max(-50.0, min(50.0, z))))


_ROLE_ASKED = re.compile(r"\s*who(?:\s+(?:is|was|are|were)|['’]s)\s+(?:(?:the|its|their)\s+)?"
                         r"(?:(?P<owner>(?:[\w.&-]+\s+){0,2}[\w.&-]+)['’]s?\s+)?(?P<role>[a-z][a-z -]{2,40}?)"
                         r"(?:\s+(?:of|at|for|in|when|while|during|after|before|on|as)\b.*)?\s*\?*\s*$", re.IGNORECASE)


def _holds_role(question: str, span: Answer, asked: re.Match) -> bool:
    """Whether the text names the span in the role asked: "Chief executive Ingrid Solberg", "its chief
    executive, Priya Natarajan", "Priya Natarajan, the chief executive". Not where the title's words say
    a former holder or a deputy ("Ex-Prime Minister Donald Tusk", "Vice President Mike Pence"; a former
    holder still counts for a year asked before the article's), nor another owner's holder ("Microsoft
    CEO" for "Who is Apple's CEO?")."""
    text, role = _passage(span), asked.group("role").lower()
    if not text:
        return False
    before = " ".join(text[max(0, span.start - 60):span.start].split()).rstrip(" ,")
    after = " ".join(text[span.end:span.end + 60].lower().split()).lstrip(" ,")
    if not before.lower().endswith(role):
        return after.startswith((f"the {role}", f"its {role}", role))
    title = language.title_before(before[:len(before) - len(role)])
    years = [int(y) for y in re.findall(r"\b(?:19|20)\d\d\b", question)]
    dated = span.hit.date[:4] if span.hit is not None and span.hit.date else ""
    then = bool(years and dated.isdigit() and max(years) < int(dated))  # a year asked before the article's
    owner = {_POSSESSIVE.sub("", w) for w in (asked.group("owner") or "").lower().split()}

    def not_held(word: str) -> bool:
        low = word.lower()
        if language.not_the_holder(low):
            return not (then and (low in ("former", "ex") or low.startswith("ex-")))
        return bool(owner) and word[:1].isupper() and low not in DETERMINERS and _POSSESSIVE.sub("", low) not in owner
    return not any(not_held(w) for w in title)


_POSSESSIVE = re.compile(r"['’]s?$")  # "Apple's", "Wales'"


# Units an amount keeps when the question does not count them: currencies, percent, basis points.
_UNITS = r"(?:" + answer_fit.CURRENCY_WORDS + r"|percent|per cent|basis[ -]points?|percentage points?)"


def _unit_follows(question: str, span: Answer) -> bool:
    """A bare number followed in the text by the unit the question counts ("How many basis points":
    "50" in "by 50 basis points"): the kind asked for, though the span leaves the unit to the question."""
    counted = _COUNTED.search(question)
    text = _passage(span)
    if not counted or not text or not _bare_number(span.text.strip()):
        return False
    return bool(re.match(r"\s+" + re.escape(counted.group(1).strip()) + r"\b", text[span.end:], re.IGNORECASE))


def _with_unit(question: str, span: Answer) -> Answer:
    """An amount with its currency: "How much will it cost?" over "900 million kroner" reads "900
    million kroner", not "900 million" (a unit the question counts, "How many tonnes?", is
    with_counted_noun's)."""
    text = _passage(span)
    if (not text or expected_type(question) != "number" or _COUNTED.search(question)
            or not re.search(r"(?:\d|million|billion|thousand|trillion)$", span.text.strip())):
        return span
    follows = re.match(r"\s+" + _UNITS + r"\b", text[span.end:], re.IGNORECASE)
    if not follows:
        return span
    end = span.end + follows.end()
    return replace(span, text=text[span.start:end], end=end)


def with_counted_noun(question: str, span: Answer) -> Answer:
    """A count shown with the noun the question counts, as the text says it: "How many passengers
    ...?" over "carrying 150 passengers" reads "150 passengers" (answer_fit.counted_noun_end). Applied
    to the answers a decision gives, after it: what the reader is shown, not what is judged (as a span
    edge before the decision it ranked the counts that say their noun first, and answered one more
    weather test look-alike; benchmarks/RESULTS.md, session 28)."""
    end = answer_fit.counted_noun_end(question, span)
    if end is None:
        return span
    return replace(span, text=_passage(span)[span.start:end], end=end)


# "What did the Committee do with the target?": an act or a thing, whose level the text gives just after
# it ("keep its target ... unchanged | at 1-3/4 percent", "a target range | for the federal funds rate
# of 0 to 1/4 percent").
_WHAT_ACT = re.compile(r"\s*what\s+(?:did|does|do|will|would|has|have|had)\b", re.IGNORECASE)
_LEVEL_FOLLOWS = re.compile(r"(?:\s+(?:for|on)\s+(?:the\s+)?[a-z][a-z -]{0,40}?)?\s+(?:at|of|to)\s+"
                            r"(?:about\s+|around\s+)?\$?\d[\d,./-]*(?:\s+to\s+\d[\d,./-]*)?"
                            r"(?:\s+(?:percent|per cent|basis points|million|billion|trillion))?\b")


def _with_level(question: str, span: Answer) -> Answer:
    """An act or thing a "What did ... do/establish?" question asks for, with the level the same
    clause gives it: "keep its target for the federal funds rate unchanged at 1-3/4 percent", not
    "... unchanged" (a level the question states itself is not added again)."""
    text = _passage(span)
    if not text or not _WHAT_ACT.match(question) or expected_type(question) or re.search(r"\d", span.text):
        return span
    follows = _LEVEL_FOLLOWS.match(text, span.end)
    if not follows or follows.group(0).strip().split()[-1] in question:
        return span
    end = follows.end()
    return replace(span, text=text[span.start:end], end=end)


# "Which Reserve Banks ...?", "What countries ...?": a plural asks for every item of a list.
_AUX = r"(?:is|was|are|were|did|does|do|has|have|had|will|would|can|could|should|may|might)\b"
_PLURAL_ASKED = re.compile(r"^\s*(?i:which|what)\s+(?!" + _AUX + r")(?:[A-Za-z]+\s+(?!" + _AUX + r"))?"
                           r"[A-Za-z]*[^su\W]s\b(?!\s+(?:of|per)\b)")
_NAME_WORD = r"[A-Z][\w'’-]*(?:\.(?=\s+[A-Z]))?"  # "St. Louis", not the sentence's full stop
_LIST_REST = re.compile(r"(?:,\s*(?:and\s+)?|\s+and\s+)" + _NAME_WORD + r"(?:\s+" + _NAME_WORD + r")*")


def _whole_list(question: str, span: Answer) -> Answer:
    """A name that opens a list of names, asked about in the plural, stands for the whole list:
    "Which Reserve Banks requested it?" over "... of Boston, New York, Philadelphia, Chicago and San
    Francisco" reads all five, not "Boston"."""
    text = _passage(span)
    if not text or not _PLURAL_ASKED.match(question) or not re.search(r"[A-Z][\w.'’-]*$", span.text):
        return span
    end = span.end
    for m in _LIST_REST.finditer(text, span.end):
        if m.start() != end:
            break
        end = m.end()
    return span if end == span.end else replace(span, text=text[span.start:end], end=end)


_YEAR = re.compile(r"(?:1[89]|20)\d\d")


def _amounts(text: str) -> list[re.Match]:
    """The amounts of text (followups.AMOUNT), a bare year ("2011", a date) left out."""
    return [m for m in AMOUNT.finditer(text) if not _YEAR.fullmatch(m.group(0).strip())]


# An amount whose kind the text says: money, a percentage, basis points, a rate per period. Bare numbers
# ("1.5 m (4 ft 11 in)", "79 individual libraries with over 18 million volumes") are left whole: their
# units are many and the number asked for may come after its noun (SQuAD dev, results/judgment.json).
_KNOWN_KIND = re.compile(r"[$£€%]|percent|per cent|basis point|percentage point|\b(?:per|a)\s+(?:month|year|week|day|"
                         r"quarter)\b", re.IGNORECASE)


_POINTS = re.compile(r"basis point|percentage point", re.IGNORECASE)  # a change, not a level


def _one_amount(question: str, span: Answer) -> Answer:
    """A span that runs past the amount asked for into the next clause or the next amount, cut to
    that amount: "At what pace ...?" over "second quarter of 2011, a pace of about $75 billion per
    month" reads "about $75 billion per month"; "At what pace ... agency mortgage-backed securities?"
    over "$40 billion per month and longer-term Treasury securities at a pace of $45 billion per
    month", the amount said of what the question names ("$40 billion per month"). A range ("0 to 1/4
    percent", "between 3 and 5 percent") and an amount with its noun ("$600 billion of Treasury
    securities") stay whole."""
    text = _passage(span)
    if not text or expected_type(question) != "number":
        return span
    found = _amounts(span.text)
    if not found or not all(_KNOWN_KIND.search(m.group(0)) for m in found):
        return span
    if len(found) == 1:
        m = found[0]
        rest = span.text[:m.start()] + " | " + span.text[m.end():]
        if not re.search(r"[,;]|\band\b", rest):
            return span
        chosen = m
    else:
        gaps = [span.text[a.end():b.start()] for a, b in zip(found, found[1:])]
        # "between 3 and 5 percent", "0 to 1/4 percent": one range; "25 basis points to 1 percent" is a change
        # and the level it brought (two kinds of amount).
        change_to_level = any(_POINTS.search(a.group(0)) and not _POINTS.search(b.group(0))
                              for a, b in zip(found, found[1:]))
        if all(len(g.split()) < 2 for g in gaps) and not change_to_level:
            return span
        asked = _stems(question)
        starts = [0] + [a.end() for a in found]
        level, by_how_much = asks_level(question), asks_by_how_much(question)

        def said_of(i: int) -> tuple[int, int]:
            # The question's words among the last words before the amount (as many for each, and
            # not past the amount before): what the text says the amount is of.
            start = span.start + starts[i] if i else max(0, span.start - 80)
            before = re.sub(r"(?:\s(?:up to|about|around|approximately|nearly|almost|over|roughly|more than|"
                            r"less than|at least))+\s*$", " ", " " + text[start:span.start + found[i].start()].lower())
            before = before.split()
            # A level asked ("increased to"): the amount after "to", not the change "by"; "by how much":
            # the change.
            to = -1 if before[-1:] == ["by"] else 1 if "to" in before[-4:] or "at" in before[-2:] else 0
            return (-to if by_how_much else to if level else 0), len(asked & _stems(" ".join(before[-8:])))
        chosen = found[max(range(len(found)), key=lambda i: (*said_of(i), -i))]
    start, end = span.start + chosen.start(), span.start + chosen.end()  # an amount has no edge spaces
    return replace(span, text=text[start:end], start=start, end=end)


# "What is restraining economic growth?": a subject asked for, whose verb the text says just after it.
_SUBJECT_ASKED = re.compile(r"^\s*what\s+(?:is|are|was|were|has|have|had|will|would|may|might|could|can)\s+"
                            r"(?!(?:the|a|an|its|their|his|her|this|that|these|those|it|there)\b)(?P<verb>[a-z]{4,})\b",
                            re.IGNORECASE)
_CLAUSE_BEFORE = re.compile(r"^(?P<clause>.*\b(?:is|are|was|were|has|have|had)\s+[a-z]+\b.*?)\s+and\s+(?P<rest>\S.*)$")


def _subject_after_and(question: str, span: Answer) -> Answer:
    """The subject of the verb asked about, not the clause joined before it: "What is restraining
    economic growth?" over "mortgage rates have risen further and fiscal policy | is restraining
    economic growth" reads "fiscal policy"."""
    asked, text = _SUBJECT_ASKED.match(question), _passage(span)
    if not asked or not text:
        return span
    verb_follows = re.match(r"\s+(?:\w+\s+){0,2}?" + re.escape(asked.group("verb")[:5]), text[span.end:span.end + 40],
                            re.IGNORECASE)
    joined = _CLAUSE_BEFORE.match(span.text)
    if not verb_follows or not joined:
        return span
    start = span.start + joined.start("rest")
    return replace(span, text=text[start:span.end], start=start)


# "What is restraining economic growth?", "What does the Committee judge has strengthened?": the verb
# phrase the answer is the subject of.
_SUBJECT_VERB_ASKED = re.compile(r"^\s*what\s+(?:(?:does|do|did)\s+(?:the\s+)?[\w-]+(?:\s+[\w-]+)?\s+"
                                 r"(?:judge|think|believe|expect|say|see)s?\s+(?:that\s+)?)?"
                                 r"(?P<aux>is|are|was|were|has|have|had)\s+(?!there\b)(?P<verb>[a-z]{4,})\b",
                                 re.IGNORECASE)


def _subject_of(question: str, span: Answer) -> bool | None:
    """Whether the text says the verb asked right after the span (None: not a question about a subject)."""
    asked, text = _SUBJECT_VERB_ASKED.match(question), _passage(span)
    if not asked or not text:
        return None
    return re.match(r"\s+(?:(?:is|are|was|were|has|have|had|been|being|also|now|still|already)\s+){0,2}"
                    + re.escape(asked.group("verb")[:5].lower()), text[span.end:span.end + 50].lower()) is not None


def _subject_of_verb_first(question: str, live: list[Answer]) -> list[Answer]:
    """The span the text makes the subject of the verb asked, before a best span of the same passage that is
    not: "What is restraining economic growth?" over "mortgage rates have risen somewhat and fiscal policy
    is restraining economic growth" reads "fiscal policy", not "mortgage rates"."""
    if len(live) < 2 or _subject_of(question, live[0]) is not False:
        return live
    best = live[0]
    for a in live[1:]:
        if a.hit is best.hit and _passage(a) == _passage(best) and _subject_of(question, a):
            return [a] + [b for b in live if b is not a]
    return live


def _antecedent_of_pronoun_doer(question: str, span: Answer) -> str | None:
    """"Who won the contest?" over "Johnson competed against Jeremy Hunt, who succeeded him. He won with
    92,153 votes": where the span's paragraph says the question's verb with "he" or "she" as its subject,
    the person that pronoun refers back to: the one the sentence before makes its subject (spaCy's parse
    and entity types). None when the paragraph does not say so."""
    asked = language.analyse(question) if re.match(r"(?i)\W*who\s+\w", question) else None
    verb = next((t for t in asked if t.pos_ == "VERB" and any(c.lower_ == "who" and c.dep_ == "nsubj"
                                                               for c in t.children)), None) if asked else None
    text = _passage(span)
    doc = language.analyse(text) if verb is not None and text else None
    if doc is None:
        return None
    sentences = list(doc.sents)
    for i, sent in enumerate(sentences[1:], 1):
        if any(t.lemma_ == verb.lemma_ and any(c.dep_ == "nsubj" and c.lower_ in ("he", "she") for c in t.children)
               for t in sent):
            subject = next((t for t in sentences[i - 1] if t.dep_ == "nsubj" and t.ent_type_ == "PERSON"), None)
            if subject is not None:
                return next(e.text for e in doc.ents if e.start <= subject.i < e.end)
    return None


def _pronoun_doer_first(question: str, live: list[Answer]) -> list[Answer]:
    """The span naming the person "he"/"she" stands for where the text says the verb asked with that
    pronoun (_antecedent_of_pronoun_doer), before a best span naming someone else (politics dev chat)."""
    person = _antecedent_of_pronoun_doer(question, live[0]) if len(live) > 1 else None
    if person is None or person.split()[-1] in live[0].text:
        return live
    return _first(live, next((a for a in live[1:] if person.split()[-1] in a.text), None))


def _head_of_subject(question: str, span: Answer) -> Answer:
    """The noun a subject span's words depend on: "What does the Committee judge has strengthened?" over
    "judges that the case for | an increase in the federal funds rate | has strengthened" reads "the case
    for an increase ..."."""
    if not _subject_of(question, span):
        return span
    text = _passage(span)
    head = re.search(r"(?:^|\bthat\s+|[,;:]\s+)((?:the|a|an)\s+[a-z]+\s+(?:for|of)\s+)$", text[max(0, span.start - 60):span.start])
    if not head:
        return span
    start = span.start - len(head.group(1))
    return replace(span, text=text[start:span.end], start=start)


_PLURAL_AUX = r"(?:are|were|have|had)"
_CLAUSE_WORD = re.compile(r"\b(?:is|are|was|were|has|have|had|will|would|can|could|may|might|should)\b", re.IGNORECASE)


def _whole_subject(question: str, span: Answer) -> Answer:
    """Both subjects of a plural verb asked about: "What have temporarily depressed output?" over
    "Elevated energy prices | and hurricane-related disruptions in economic activity have temporarily
    depressed output" reads both, and "What is likely to weigh on growth?" over "..., and the tightening
    of credit conditions and | the deepening of the housing contraction are likely to weigh" too."""
    asked, text = _SUBJECT_ASKED.match(question), _passage(span)
    if not asked or not text:
        return span
    verb = r"\s+" + _PLURAL_AUX + r"\s+(?:[\w-]+\s+){0,1}?" + re.escape(asked.group("verb")[:5])
    after = re.match(r"\s+and\s+((?:[\w-]+\s+){0,9}?[\w-]+)(?=" + verb + ")", text[span.end:span.end + 160],
                     re.IGNORECASE)
    if after and not _CLAUSE_WORD.search(after.group(1)):
        end = span.end + after.end()
        return replace(span, text=text[span.start:end], end=end)
    if not re.match(verb, text[span.end:span.end + 60], re.IGNORECASE):
        return span
    before = re.search(r"(?:^|[.;:]\s+|,\s+(?:and\s+|but\s+)?)((?:[\w-]+\s+){0,9}?[\w-]+)\s+and\s+$",
                       text[max(0, span.start - 160):span.start])
    if not before or _CLAUSE_WORD.search(before.group(1)):
        return span
    start = span.start - (len(text[max(0, span.start - 160):span.start]) - before.start(1))
    return replace(span, text=text[start:span.end], start=start)


# "In what will ...?", "To what did ...?" (not "At what pace ...?", "In what year ...?": a noun asked).
_PREPOSITION_ASKED = re.compile(r"^\s*(in|into|to|on|onto|from|at|with)\s+(?:what|which)\s+" + _AUX, re.IGNORECASE)


def _object_of_preposition(question: str, span: Answer) -> Answer:
    """"In what will the Committee reinvest ...?" over "agency debt and agency mortgage-backed securities
    in agency mortgage-backed securities": what follows the last "in" of the span."""
    asked, text = _PREPOSITION_ASKED.match(question), _passage(span)
    if not asked or not text:
        return span
    inner = list(re.finditer(r"\s" + asked.group(1).lower() + r"\s+", span.text))
    if not inner:
        return span
    start = span.start + inner[-1].end()
    return replace(span, text=text[start:span.end], start=start)


# "What did Plosser object to?", "What is the Committee prepared to do?": the verb and the particle whose
# object is asked for.
_VERB_PARTICLE_ASKED = re.compile(r"(?i)^\s*what\s+(?:is|are|was|were|did|does|do|will|would|has|have|had)\s+(?P<subj>\S.*?)\s+"
                                  r"(?P<verb>(?-i:[a-z]{4,}))\s+(?P<prep>to|on|from|about|into|with)(?:\s+do)?"
                                  r"\s*(?:,?\s*according to [^?]*)?\s*\??\s*$")
# The end of a question after its verb: at most a source or a time ("…, according to the statement?").
_ASKED_END = r"\s*(?:,?\s*(?:according to|in)\s+[^?]*)?\s*\??\s*$"
# "What did Hoenig believe?", "What did they prefer?": a verb whose object is a proposal or a clause.
_CLAUSE_VERB_ASKED = re.compile(r"(?i)^\s*what\s+(?:did|does|do|would|had)\s+(?P<subj>\S.*?)\s+"
                                r"(?:have\s+)?(?P<verb>prefer(?:red)?|believe|oppose|favou?r|propose|advocate)"
                                + _ASKED_END)
# "What was George's concern?": what she was concerned about ("concerned that ...").
_VIEW_ASKED = re.compile(r"(?i)^\s*what\s+(?:was|were|is|are)\s+(?P<subj>\S.*?)(?:’s|'s|s’|s')\s+"
                         r"(?P<verb>concern|belief|preference|view|objection)s?" + _ASKED_END)
# Where a clause said after the verb ends: its reason ("because"), a contrast ("while"), or a second
# predicate after a comma ("... imbalances and, over time, could cause ...").
_CLAUSE_END = re.compile(r"[^.;\"“]+?(?=\s*(?:[.;\"“]|,?\s+(?:because|while)\b|\s+and,)|\s*$)")


def _verb_asked(question: str):
    """(the question's match, the verb as a text says it with what joins its object, whether it takes a
    clause) for "What did X object to?", "What did X prefer?" and "What was X's concern?"; (None, None,
    False) otherwise."""
    asked = _VERB_PARTICLE_ASKED.match(question)
    clause_verb = asked is None and (asked := _CLAUSE_VERB_ASKED.match(question) or _VIEW_ASKED.match(question)) \
        is not None
    if not asked:
        return None, None, False
    joins = r"(?:that\s+)?" if clause_verb else r"(?:" + asked.group("prep").lower() + r"|that)\s+"
    return asked, re.compile(r"\b" + re.escape(asked.group("verb")[:5]) + r"[a-z]*\s+" + joins, re.IGNORECASE), \
        clause_verb


def _said_of_subject(asked: re.Match, verb_said: re.Pattern, sentence: str) -> re.Match | None:
    """The verb's last mention in the sentence, said of the subject asked about, named before it ("The
    Committee is ... prepared to"), not the other way round ("X was bundled with replicas of ...", asked
    "What were replicas bundled with?")."""
    said = None
    for m in verb_said.finditer(sentence):
        said = m
    return said if said and _stems(asked.group("subj")) & _stems(sentence[:said.start()]) else None


def _object_of_verb_first(question: str, live: list[Answer]) -> list[Answer]:
    """A span right after the verb asked, said of the subject asked about, before a best span whose sentence
    does not say that verb: "What did Gramlich and McTeer prefer?" over the paragraphs "Voting against the
    action were: Edward M. Gramlich and Robert D. McTeer, Jr." and "Governor Gramlich and President McTeer
    preferred | a reduction in the target ..." (the reader reads each paragraph apart)."""
    asked, verb_said, _ = _verb_asked(question)
    if not asked or len(live) < 2:
        return live

    def sentence_of(a: Answer) -> tuple[str, int]:
        text = _passage(a)
        sentence = _sentence_around(text, a.start, a.end, before=0) if text else ""
        return sentence, text.find(sentence) if text else -1

    best_sentence, _ = sentence_of(live[0])
    if not best_sentence or verb_said.search(best_sentence):
        return live
    for a in live[1:]:
        sentence, at = sentence_of(a)
        said = _said_of_subject(asked, verb_said, sentence) if at >= 0 else None
        if said and 0 <= a.start - (at + said.end()) <= 2:
            return [a] + [b for b in live if b is not a]
    return live


def _after_verb_asked(question: str, span: Answer) -> Answer:
    """The object of the verb asked about, where a sentence says that verb with its particle of the subject
    asked about: "What did Plosser object to?" over "objected to | the guidance indicating ... | maintain the
    current target range" reads from "the guidance"; "What is the Committee prepared to do?" over "is
    monitoring the situation and is prepared to act as needed ..." reads "act as needed ...", not the clause
    before; a span in a sentence that does not say the verb ("Voting against the action were ... Charles I.
    Plosser.") gives way to the next sentence that does ("President Plosser objected to the guidance ...").
    A proposal or a belief is read whole: "What did Hoenig believe?" over "who believed that | economic and
    financial conditions | had changed sufficiently that ..." reads to the clause's end; "What was George
    concerned about?" takes "concerned that ..." as "concerned about"."""
    text = _passage(span)
    asked, verb_said, clause_verb = _verb_asked(question)
    if not asked or not text:
        return span

    def said_of_subject(sentence: str):
        return _said_of_subject(asked, verb_said, sentence)

    sentence = _sentence_around(text, span.start, span.end, before=0)
    at = text.find(sentence)
    said, moved = said_of_subject(sentence), False
    if said is None and not verb_said.search(sentence) and at >= 0:
        offset = at + len(sentence)
        for following in re.split(r"(?<=[.!?])\s+", text[offset:])[:3]:
            said = said_of_subject(following)
            if said:
                sentence, at, moved = following, text.find(following, offset), True
                break
    if not said or at < 0:
        return span
    start = at + said.end()
    # A that-clause is read whole; an object ("preferred | no change in the target") as the reader read it.
    whole = said.group(0).lower().rstrip().endswith(" that")
    if span.start >= start and not moved:
        between = text[start:span.start]
        if not between.strip() and whole:
            pass  # the span starts the object: read on to the clause's end below
        elif clause_verb and re.fullmatch(r"\s*(?:at|in)\s+(?:this|that|the)\s+meeting\s*", between):
            return span  # "preferred at this meeting | to raise ...": when, not what
        elif not between.strip() or re.search(r"[.;]", between) or len(between.split()) > 25 \
                or _stems(between) <= _stems(question):  # "the singing student | Konstancja": the name asked
            return span
        else:
            return replace(span, text=text[start:span.end], start=start)
    elif span.end > at + said.start() and not moved:
        return span
    # To the clause's end: a full stop, a semicolon, a quotation, or "because" (its reason is not its object).
    clause = (_CLAUSE_END if whole else re.compile(r"[^.;\"“]+?(?=\s*(?:[.;\"“]|,?\s+because\b)|\s*$)")).match(text[start:])
    if not clause or len(clause.group(0).split()) > (30 if whole else 25):
        return span
    kept = re.sub(r"(?:[\s,]+(?:for|to|of|at|in|on|by|with|and))+\s*$", "", clause.group(0).rstrip(' ,'))
    kept = re.sub(r"\s+at\s+(?:this|that|the)\s+meeting$", "", kept)  # when, not what
    end = start + len(kept)
    if end <= span.end and span.start == start:
        return span
    return replace(span, text=text[start:end], start=start, end=end)


_HOW_MUCH_OF = re.compile(r"\s*how\s+much\s+((?:[\w-]+\s+){0,4}?[\w-]+)\s+(?:did|does|do|will|would|has|have|had|"
                          r"was|were|is|are|can|could|should)\b", re.IGNORECASE)


def _thing_asked(question: str) -> list[str]:
    """"How much agency debt will ... buy?": the words of what the amount is asked of."""
    of_what = _HOW_MUCH_OF.match(question)
    return [w for w in (of_what.group(1).lower().split() if of_what else []) if w not in _STOP]


def amount_of_other_thing(question: str, span: Answer) -> bool:
    """"How much agency debt ...?" answered by "$400 billion | of Treasury securities": the text says
    what the amount is of, and that has none of the words that say which thing is asked ("$600 billion of
    longer-term Treasury securities" for "agency mortgage-backed securities"). Amounts of a known kind (money,
    percent) and a thing of two words or more ("How much money" is not held to the text's own word for
    money)."""
    thing, text = _thing_asked(question), _passage(span)
    if len(thing) < 2 or not text or not _KNOWN_KIND.search(span.text):
        return False  # "seven-eighths of the delegates" for "How much of the attendees": a share, said otherwise
    of = re.match(r"\s+of\s+((?:[\w-]+\s+){0,5}[\w-]+)", text[span.end:span.end + 80])
    # The words that say which kind ("agency", "mortgage-backed"), not the head they share ("securities").
    return bool(of) and not (_stems(" ".join(thing[:-1])) & _stems(of.group(1)))


# "At what pace can ...": the noun a what/which question asks for, just before its verb.
_ASKED_NOUN = re.compile(r"\b(?i:what|which)\s+((?:[a-z-]+\s+)?[a-z-]+)\s+" + _AUX)


def echoes_question(question: str, span: Answer) -> bool:
    """A span that only repeats the noun the question asks for ("At what pace can ...?" -> "pace") says
    nothing the question did not. Only that noun: a span of other words of the question is often the
    answer ("What rainforest covers the Amazon basin?" -> "Amazon rainforest", SQuAD dev)."""
    asked = _ASKED_NOUN.search(question)
    words = {w for w in re.findall(r"[a-z0-9-]+", span.text.lower()) if w not in _STOP}
    return bool(asked) and bool(words) and words <= set(asked.group(1).split())


def _first(live: list[Answer], chosen: Answer | None) -> list[Answer]:
    """``live`` with ``chosen`` moved to the front (unchanged when None)."""
    return live if chosen is None else [chosen] + [a for a in live if a is not chosen]


def _clause_asked_first(question: str, live: list[Answer], order) -> list[Answer]:
    """Of two amounts of one sentence, the one whose own clause says more of the question: "At what pace
    will it add to its holdings of agency mortgage-backed securities?" over "... agency mortgage-backed
    securities at a pace of $20 billion per month rather than $25 billion per month, and will add to its
    holdings of longer-term Treasury securities at a pace of $25 billion per month" is the first."""
    best, asked = live[0], _stems(question)
    text = _passage(best)
    if not text:
        return live
    sentence = _sentence_around(text, best.start, best.end, before=0)
    at = text.find(sentence)

    def clause_words(a: Answer) -> set[str]:
        """The question's words since the amount before it in the sentence; an amount chained to it ("by up
        to $100 billion to a total of up to $200 billion") belongs to its clause."""
        start, cur = 0, a.start - at
        for m in reversed([m for m in _amounts(sentence) if at + m.end() <= a.start]):
            if len(sentence[m.end():cur].split()) >= 5:
                start = m.end()
                break
            cur = m.start()
        return asked & _stems(sentence[start:a.start - at])

    def apart(a: Answer) -> bool:  # not a pair ("75 basis points to 2-1/4 percent") or a range
        lo, hi = sorted((a, best), key=lambda x: x.start)
        return len(text[lo.end:hi.start].split()) >= 4

    if not _KNOWN_KIND.search(best.text):
        return live  # bare counts ("seven", "200,000") in prose: the clause says too little (SQuAD dev)
    said, rank = clause_words(best), order(best)
    # A rival of the same rank whose clause says all the question's words the best one's does, and more.
    rivals = [a for a in live[1:] if a.hit is best.hit and _passage(a) == text and at <= a.start < at + len(sentence)
              and _KNOWN_KIND.search(a.text) and order(a) == rank and apart(a) and clause_words(a) > said]
    if not rivals:
        return live
    return _first(live, max(rivals, key=lambda a: len(clause_words(a))))


def _change_before_level(question: str, span: Answer) -> Answer:
    """For "How much did X lower its target?", the change said just before the level the reader read:
    "lower its target ... by | 50 basis points | to | 1 1/4 percent" reads "50 basis points"."""
    text = _passage(span)
    if not text or not _POINTS.search(text[max(0, span.start - 60):span.start]):
        return span
    for m in _amounts(text[:span.start]):
        if re.fullmatch(r"\s+to\s+(?:about\s+)?", text[m.end():span.start]) and re.search(
                r"\bby\s+$", text[max(0, m.start() - 4):m.start()], re.IGNORECASE) and _POINTS.search(m.group(0)):
            return replace(span, text=m.group(0), start=m.start(), end=m.end())
    return span


def _person_named(question: str, span: Answer) -> Answer:
    """Who is asked, and the span runs a place or body into the person's name ("Senator from Vermont
    Bernie Sanders" read as "Vermont Bernie Sanders", "Vice President of the United States Joe Biden"):
    the person's name, as the text's entity types mark it."""
    text = _passage(span)
    doc = language.analyse(text) if text and expected_type(question) == "person" else None
    inside = [e for e in doc.ents if e.end_char > span.start and e.start_char < span.end] if doc else []
    if len(inside) < 2 or inside[-1].label_ != "PERSON" or text[inside[-1].end_char:span.end].strip():
        return span
    person = inside[-1]
    covered = {i for e in inside[:-1] if e.label_ in ("GPE", "ORG", "NORP", "LOC")
               for i in range(e.start_char, e.end_char)}
    if any(not text[i].isspace() and i not in covered for i in range(span.start, person.start_char)):
        return span  # other words before the name: a list or a phrase, not a place run into it
    return replace(span, text=person.text, start=person.start_char, end=person.end_char)


_LIST_JOINS = frozenset({"and", "or", ",", "$", "us$", "£", "€"})  # inside a list of amounts: "US$299 and US$399"
_CURRENCY = frozenset({"$", "us$", "£", "€"})


def _number_lists(sent) -> list[list]:
    """The sentence's numbers, in lists: those joined by nothing but "and", "or", commas and currency signs
    ("500 and 1,000", "US$299 and US$399") form one list."""
    lists: list[list] = []
    for t in (t for t in sent if t.like_num):
        gap = sent.doc[lists[-1][-1].i + 1:t.i] if lists else []
        if lists and len(gap) and all(g.lower_ in _LIST_JOINS for g in gap):
            lists[-1].append(t)
        else:
            lists.append([t])
    return lists


def _place_asked(question: str, sent, before: int, n: int) -> int | None:
    """The place, in a list of ``n`` items said before token ``before``, of the one the question names:
    "a 30GB edition and a 60GB edition" and "the 60GB edition" is 1; None when not one place."""
    asked = language.analyse(question)
    pairs = {(t.text, t.nbor().lower_) for t in asked[:-1] if t.like_num}
    places = set()
    # Numbers said of the same word ("30 GB", "60 GB"), as many as the amounts: the items.
    nums = [t for t in sent if t.i < before and t.like_num and t.i + 1 < sent.end]
    for follow in {t.nbor().lower_ for t in nums}:
        items = [t for t in nums if t.nbor().lower_ == follow]
        if len(items) == n:
            places |= {i for i, t in enumerate(items) if (t.text, follow) in pairs}
    words = {t.lower_ for t in asked if t.is_alpha and not t.is_stop}
    for t in (t for t in sent if t.i < before and t.lower_ in words and len(t.conjuncts) == n - 1):
        items = sorted([t, *t.conjuncts], key=lambda x: x.i)
        if sum(x.lower_ in words for x in items) == 1:
            places.add(items.index(t))
    return places.pop() if len(places) == 1 else None


def _respective(question: str, span: Answer) -> Answer:
    """Of amounts listed "respectively", the one at the place of the item the question names: "a 30GB
    edition and a 60GB edition for US$299 and US$399, respectively" reads "US$399" for "How much does
    the 60GB edition cost?"; "Democrats and Republicans won 48 and 52 seats respectively", 52 for the
    Republicans."""
    text = _passage(span)
    sent = language.sentence_at(text, span.start) if text and "respectively" in text.lower() else None
    if sent is None or not any(t.lower_ == "respectively" for t in sent):
        return span
    amounts = next((ns for ns in _number_lists(sent) if len(ns) > 1
                    and any(span.start <= t.idx < span.end for t in ns)), None)
    place = _place_asked(question, sent, amounts[0].i, len(amounts)) if amounts else None
    if place is None:
        return span
    chosen = amounts[place]
    doc = sent.doc
    start = doc[chosen.i - 1].idx if chosen.i > 0 and doc[chosen.i - 1].lower_ in _CURRENCY else chosen.idx
    end = chosen.idx + len(chosen.text)
    return replace(span, text=text[start:end], start=start, end=end)


# The span's edges mended, in this order: each reads the span the one before left.
_SPAN_EDGES = (_after_verb_asked, _object_of_preposition, _head_of_subject, _whole_subject, _subject_after_and,
               _one_amount, _with_unit, _with_level, _whole_list, _respective,
               _person_named)


def _mended(question: str, span: Answer) -> Answer:
    for edge in _SPAN_EDGES:
        span = edge(question, span)
    return span


def _near_thing(thing: list[str], a: Answer) -> bool:
    """Whether the words of the thing asked about are said in the amount's own sentence, before it or
    just after ("How much agency debt ...?" and "... $100 billion of agency debt")."""
    text = _passage(a)
    sentence = _sentence_around(text, a.start, a.end, before=0).lower() if text else ""
    at = sentence.find(a.text.lower())
    around = sentence[:at] + " " + sentence[at + len(a.text):at + len(a.text) + 40] if at >= 0 else ""
    return all(w in around for w in thing)


def _said_of_thing(question: str, thing: list[str], a: Answer) -> Answer:
    """The amount its passage says "of" the thing asked about ("up to $200 billion of agency debt"),
    nearest the reader's span, when that span is an amount said of something else: the reader
    reads one span per passage, and the other amount of the same sentence may be the one asked."""
    text = _passage(a)
    if not text or not thing or _near_thing(thing, a) or type_fit(question, a.text) < 0:
        return a
    said = [m for m in _amounts(text) if (of := re.match(r"\s+of\s+((?:[\w-]+\s+){0,5}[\w-]+)",
                                                         text[m.end():m.end() + 80].lower()))
            and all(w in of.group(1) for w in thing)]
    if not said:
        return a
    m = min(said, key=lambda m: abs(m.start() - a.start))
    return replace(a, text=m.group(0), start=m.start(), end=m.end())  # the reader's score for the passage


_LEVEL_BEFORE = re.compile(r"(?i)\b(?:at|to)\s+(?:about\s+|around\s+|nearly\s+|a\s+record\s+)?$")


def _candidate_order(question: str):
    """The sort key of the spans for ``question``: of the kind asked for first ("How many basis
    points": "50 basis points" before "3 percent"), and for "by how much", the amount the text gives
    after "by"; the reader's order otherwise."""
    by_how_much, level, role = asks_by_how_much(question), asks_level(question), _ROLE_ASKED.match(question)
    thing = _thing_asked(question)
    # "At what level did the index close?": the amount the text says it is at or went to ("left the index
    # at 11,188.23"), not the change ("fell 344.65").
    level_named = answer_fit.level_named(question)

    def order(a):
        if role and _holds_role(question, a, role):
            return -3  # "Who is the chief executive...?": the name the text gives that role
        kind = 1 if _unit_follows(question, a) else type_fit(question, a.text)
        after_by = _passage(a)[max(0, a.start - 3):a.start].lower() == "by "
        at_level = _LEVEL_BEFORE.search(_passage(a)[max(0, a.start - 20):a.start]) is not None
        # "at a pace of $20 billion per month rather than $25 billion per month": the value replaced is not
        # the one asked about, whatever the question wants.
        if re.search(r"\b(?:rather than|instead of)\s*$", _passage(a)[max(0, a.start - 14):a.start], re.IGNORECASE):
            return 5
        if not by_how_much:
            # The wrong kind last; of the right kind, an amount said of something else after the rest,
            # and for a level asked ("lower its target to"), a change "by 50 basis points" after one "to".
            return (kind < 0) + 0.5 * (bool(thing) and kind >= 0 and not _near_thing(thing, a)) \
                + 0.25 * (level and kind >= 0 and after_by and not re.search(r"\b(?:to|at)\b", a.text)) \
                + 0.25 * (level_named and kind >= 0 and not at_level)
        # The change: said after "by", or just before the level it brought ("75 basis points to 2-1/4
        # percent"); the level after "to" last.
        text = _passage(a)
        before_level = bool(text) and re.match(r"\s+to\s+(?:about\s+)?\$?\d", text[a.end:a.end + 20]) is not None
        after_to = bool(text) and text[max(0, a.start - 3):a.start].lower() == "to "
        return -2 if after_by or before_level else (1 if after_to else 0) - kind
    return order


NEAR_TIE = 0.05  # reader scores this close rank alike: the question's names decide between them


def _names_said_first(question: str, live: list[Answer], order) -> list[Answer]:
    """Of spans the reader scores within ``NEAR_TIE`` of the best and of its kind, one whose sentence
    names what the question names where the best's sentence names another of that class instead: "How
    many delegates does a candidate need to secure the Republican nomination?" reads "On the Republican
    side, 1,276 delegates are required", not "the Democratic Party's nomination, ... 1,991 delegates"."""
    names = language.names_asked(question) if len(live) > 1 else []
    if not names:
        return live

    def read(a: Answer) -> tuple[str, str]:
        """a's sentence, and the one before where a pronoun refers back ("It decided ...")."""
        text = _passage(a)
        sentence = _sentence_around(text, a.start, a.end, before=0) if text else ""
        refers_back = re.search(r"(?i)\b(?:it|its)\b", sentence) or _BACK_REFERENCE.search(sentence)
        return sentence, _sentence_around(text, a.start, a.end, before=1) if refers_back else ""

    def names_all(a: Answer, kinds: set[str]) -> bool:
        """a's sentence names no other of any class and every asked name of these classes."""
        sentence, context = read(a)
        words = set(re.findall(r"\w{3,}", f"{context} {sentence}".lower()))
        return not language.names_instead(names, sentence, context) and all(
            name & words for name, kind in names if kind in kinds)

    best = live[0]
    wrong = language.names_instead(names, *read(best))
    if not wrong:
        return live
    return _first(live, next((a for a in live[1:] if a.score >= best.score - NEAR_TIE and order(a) == order(best)
                              and names_all(a, wrong)), None))


ORDINAL_WITHIN = 0.15  # how far below the best a span saying the place asked may score and still come first


def _ordinal_said_first(question: str, live: list[Answer], order) -> list[Answer]:
    """A place in an order asked ("Who finished second?", "the third quarter"): where the best span's
    sentence does not say it, a span of its kind whose sentence does ("Pete Buttigieg ... came in second")
    comes first. The ordinal is the language layer's ORDINAL entity."""
    doc = language.entities_of(question) if len(live) > 1 else None
    asked = [e.text.lower() for e in doc.ents if e.label_ == "ORDINAL"] if doc is not None else []
    if len(asked) != 1:
        return live

    def says(a: Answer) -> bool:
        text = _passage(a)
        return bool(text) and re.search(r"\b" + re.escape(asked[0]) + r"\b",
                                        _sentence_around(text, a.start, a.end, before=0).lower()) is not None

    best = live[0]
    if says(best):
        return live
    return _first(live, next((a for a in live[1:] if order(a) == order(best) and a.score >= best.score - ORDINAL_WITHIN
                              and says(a)), None))


def candidate(question: str, spans: list[Answer], article_text) -> Answer | None:
    """The span the fitted decision judges: the best that beats the reader's "no answer", is of the
    kind the question asks for, and whose article names everything the question names; else the
    best that beats it."""
    thing = _thing_asked(question)
    live = [_said_of_thing(question, thing, _mended(question, a)) for a in spans if a.margin > 0]
    if not live:
        return None
    order = _candidate_order(question)
    live = sorted(live, key=order)
    if asks_by_how_much(question):
        # The reader read only the level: the change said before it, unless another span is that.
        change = _change_before_level(question, live[0])
        if change is not live[0] and not any(a.hit is change.hit and a.start == change.start for a in live):
            live[0] = change
    if expected_type(question) == "number" and len(live) > 1:
        live = _clause_asked_first(question, live, order)
    live = _pronoun_doer_first(question, _subject_of_verb_first(question, _object_of_verb_first(question, live)))
    live = _ordinal_said_first(question, _names_said_first(question, live, order), order)
    if article_text is not None and grounding.named_things(question):
        for a in live:
            if a.hit is not None and not grounding.unmentioned(question, article_text(a.hit.doc_id)):
                return a
    return live[0]


# "What did Janet Yellen prefer?": the person whose act the question asks about.
_PERSON_SUBJECT = re.compile(r"^\s*(?i:what|how|why|when|where|which\s+\w+|whom)\s+(?i:did|does|do|has|have|had|will|"
                             r"would)\s+(?P<name>[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*)*)")


def subject_elsewhere(question: str, span: Answer) -> bool:
    """Whether the person the question asks about is absent from the answer's sentence (or, when
    that sentence refers back with he/she/they, from the paragraph up to its end): "Lacker, who
    preferred ..." does not say what Yellen preferred, though the list before it names her. Bodies
    ("the Committee"), acronyms and names the model types as no person both in the question and in
    the passage ("Apple": "the company will hold ...") are left to the other signals: the text speaks
    for them without naming them."""
    m = _PERSON_SUBJECT.match(question)
    passage = _passage(span)
    name = _subject_name(question, m) if m and passage else None
    if not name or name.isupper() or is_body(name):
        return False
    if not (language.can_be_a_person(name, question) or language.can_be_a_person(name, passage)):
        return False  # (both: one type from one short sentence is not trusted alone, "Tarullo" typed ORG)
    scope = _sentence_around(passage, span.start, span.end, before=0)
    at = passage.index(scope)
    # "it" refers back too where the model types the name a person neither in the question nor in the
    # passage ("If it strengthened, it would be named ..." of a storm); without the model, a person is assumed.
    typed = {language.entity_label(name, question), language.entity_label(name, passage)}
    back = _ANY_BACK_REFERENCE if language.pipeline() is not None and "PERSON" not in typed else _PERSON_BACK_REFERENCE
    pronoun = back.search(passage[:span.start] + " " * len(span.text) + passage[span.end:], at, at + len(scope))
    if pronoun:
        # "He said ...": whoever the paragraph named before (a name further back than one sentence is common
        # in longer prose); nothing named before the pronoun: someone of an earlier paragraph, unknown here.
        if not language.names_anything(passage, pronoun.start()):
            return False
        scope = passage[:at + len(scope)]
    return bool(grounding.unmentioned(name, scope))


_ANY_BACK_REFERENCE = re.compile(r"\b(?:he|she|it|they|his|her|its|their|him|them)\b", re.IGNORECASE)


def _subject_name(question: str, asked: re.Match) -> str | None:
    """The name a _PERSON_SUBJECT question asks about: the proper noun the parse makes the subject of its
    main verb, before that verb, with the proper nouns around it ("Labour leader Jeremy Corbyn" asks about
    Jeremy Corbyn, "Which university does Iranian chess player Dorsa Derakhshani attend?" about her); where
    the parse finds none (the small model reads "What did Nadal win?" as a noun phrase), the capitalised
    words the pattern matched, unless they are a possessor ("What does Katrina's devastation imply?").
    Weather, politics and FOMC dev."""
    run = asked.group("name")
    doc = language.analyse(question)
    if doc is None:
        return run
    subject = next((t for t in doc if t.idx >= asked.start("name") and t.dep_ in ("nsubj", "nsubjpass")
                    and t.head.dep_ == "ROOT" and t.i < t.head.i and t.pos_ == "PROPN"), None)
    if subject is None:
        return None if _POSSESSIVE.search(run) else run
    first, last = subject.i, subject.i
    while first > 0 and _in_name(doc, first - 1):
        first -= 1
    while last + 1 < len(doc) and _in_name(doc, last + 1):
        last += 1
    return doc[first:last + 1].text


def _in_name(doc, i: int) -> bool:
    """Whether token i is part of the proper name beside it: a proper noun, or a hyphen or a full stop
    between two ("Ocasio-Cortez", "W.")."""
    t = doc[i]
    if t.pos_ == "PROPN":
        return True
    return t.text in ("-", ".") and 0 < i < len(doc) - 1 and doc[i - 1].pos_ == doc[i + 1].pos_ == "PROPN"


# A roster: three or more names, one per item between semicolons ("Voting for the action were: Ben S.
# Bernanke, Chairman; Elizabeth A. Duke; Richard W. Fisher; ..."). Commas alone are not enough: prose
# names several people in a sentence and says what each did (SQuAD dev, benchmarks/RESULTS.md session 21).
_PERSON_NAME = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z]\.)*\s+[A-Z][a-z]+")


def roster_only(question: str, span: Answer) -> bool:
    """"What did Richard Fisher prefer?" answered from a roster that lists him among those who voted
    for the action: a list of names says only that they all did what it names, so the question's verb
    must be in that sentence ("Voting against were Fisher and Plosser, who preferred ..." is answered)."""
    m = _PERSON_SUBJECT.match(question)
    passage = _passage(span)
    if not m or not passage or re.match(r"\s*(?:which|whom)\b", question, re.IGNORECASE):
        return False
    verb = re.match(r"\s+([a-z]{3,})", question[m.end():])
    sentence = _sentence_around(passage, span.start, span.end, before=0)
    if not verb or sentence.count(";") < 2 or len(_PERSON_NAME.findall(sentence)) < 3:
        return False

    def stem(w: str) -> str:  # "vote", "voting"; "prefer", "preferred"
        return re.sub(r"(?:ing|ed|es|e|s)$", "", w.lower())[:5]
    return stem(verb.group(1)) not in {stem(w) for w in re.findall(r"[A-Za-z]+", sentence)}


# "How many ...?", "How much ...?", "How old/far/long ...?", "What percentage/share/number of ...?":
# the question asks for an amount, so an answer holds one.
_ASKS_AN_AMOUNT = re.compile(r"^\W*(?:and\s+)?(?:by\s+)?(?:how\s+(?:many|much|old|far|long|large|big|tall|high|deep|"
                             r"heavy|fast)|what\s+(?:percentage|percent|share|proportion|number|amount)\b)",
                             re.IGNORECASE)


def amount_missing(question: str, span: Answer) -> bool:
    """An amount asked for ("How many forks ...?") and a span that holds none ("number", "sharp
    decrease"): no number-like token and no numeric entity in it (the language layer's tokens and
    entity types; without a pipeline, digits and number words)."""
    if not _ASKS_AN_AMOUNT.search(question) or _duration_answers(question, span.text):
        return False
    from . import language

    doc = language.entities_of(span.text)
    if doc is None:
        return not re.search(r"\d|\b(?:" + "|".join(grounding.NUMBER_WORDS) + r")\b", span.text, re.IGNORECASE)
    return not any(t.like_num or t.ent_type_ in language.NUMERIC_LABELS for t in doc)


# Declined whatever the fitted model says (and so left out of its fit, qa_lab.judge_fit), in this order;
# each: name, the genre it was found on, the test (question, span, signals) -> declined. As a veto
# rather than a weight, the contradiction declined 7.5 points more of the SQuAD 2.0 fit half's
# unanswerable questions for one right answer (benchmarks/RESULTS.md, session 18); the parse checks
# of answer_fit are measured in its session 26 section.
VETOES = (
    ("name_missing_in_article", "all", lambda q, span, values: bool(values["missing_in_article"])),
    ("contradiction", "fomc, squad", lambda q, span, values: bool(values["contradiction"])),
    ("subject_elsewhere", "fomc", lambda q, span, values: subject_elsewhere(q, span)),
    ("roster_only", "fomc", lambda q, span, values: roster_only(q, span)),
    ("amount_of_other_thing", "fomc", lambda q, span, values: amount_of_other_thing(q, span)),
    ("echoes_question", "fomc", lambda q, span, values: echoes_question(q, span)),
    ("amount_missing", "technology, business", lambda q, span, values: amount_missing(q, span)),
    ("change_for_level", "business", lambda q, span, values: answer_fit.change_for_level(q, span, asks_level(q))),
    ("source_for_agent", "weather", lambda q, span, values: answer_fit.source_for_agent(q, span)),
    ("no_name_for_person", "business", lambda q, span, values: answer_fit.no_name_for_person(q, span)),
    ("age_of_another", "courts, technology", lambda q, span, values: answer_fit.age_of_another(q, span)),
    ("opposite_preposition", "technology", lambda q, span, values: answer_fit.opposite_preposition(q, span)),
    ("money_not_said", "courts", lambda q, span, values: answer_fit.money_not_said(q, span)),
)


def vetoed(question: str, span: Answer, values: dict[str, float]) -> bool:
    """Whether any of VETOES declines the span: a name or number no article in play mentions, a
    sentence that says the opposite of the question, a person asked about whom the answer's sentence
    does not name (or names only in a roster), an amount of another thing, a span that only echoes
    the noun asked for, no amount where one is asked, or a span whose parse shows it is not the kind
    of thing asked (answer_fit)."""
    return any(test(question, span, values) for _, _, test in VETOES)


def fitted_chance(question: str, spans: list[Answer], policy: Policy, article_text):
    """The fitted decision on one span of ``spans``: P(right) where it answers, None where it does not
    (below the policy's threshold, or vetoed)."""
    def chance(span: Answer) -> float | None:
        values = signals(question, span, spans, article_text)
        p = policy.chance(values)
        return None if vetoed(question, span, values) or p < policy.threshold else p
    return chance


def decide_fitted(question: str, spans: list[Answer], policy: Policy, article_text) -> Verdict:
    """The verdict of the fitted policy: its candidate answered when P(right) reaches its threshold
    and its article names everything the question names; a candidate whose article misses names is
    declined and kept as the closest, with what it misses. The answers it gives carry P(right) as
    their score: the confidence a reply shows is the quantity this decision held to its threshold."""
    best = candidate(question, spans, article_text)
    if best is None:
        return Verdict(None, threshold=policy.threshold)

    chance = fitted_chance(question, spans, policy, article_text)
    shown = chance(best)
    if shown is None:
        missing = grounding.unmentioned(question, article_text(best.hit.doc_id)) if (
            article_text is not None and best.hit is not None) else []
        return Verdict(None, unmentioned=missing, closest=best if missing else None, threshold=policy.threshold)
    alternatives, seen = [], {best.passage_index}
    for a in spans:  # one per other passage, each as the decision would answer it
        if len(alternatives) == ALTERNATIVES_SHOWN:
            break
        if a.margin > 0 and a.passage_index not in seen and (p := chance(a)) is not None:
            seen.add(a.passage_index)
            alternatives.append(with_counted_noun(question, replace(a, score=p)))
    return Verdict(with_counted_noun(question, replace(best, score=shown)), alternatives, threshold=policy.threshold)


def disagreeing(answer: Answer | None, alternatives: list[Answer]) -> list[Answer]:
    """The alternatives from other articles that say something else, nearly as confidently."""
    if answer is None or answer.hit is None:
        return []
    said = _norm(answer.text)
    return [a for a in alternatives if a.hit is not None and a.hit.doc_id != answer.hit.doc_id
            and _norm(a.text) != said and said not in _norm(a.text) and _norm(a.text) not in said
            and answer.score - a.score <= DISAGREE_WITHIN]
