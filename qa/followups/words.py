"""The words and patterns a follow-up is read by: question words, pronouns, the frames of a question,
titles, calendar words. Regular expressions over English, kept in one place; what reasons with them
is in state.py, frames.py, choice.py and operations.py."""
from __future__ import annotations

import re

from ..language import SENTENCE_END


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
BODIES = {"committee", "board", "bank", "banks", "council", "court", "government", "ministry",
           "union", "company", "corporation", "group", "party", "university", "congress", "parliament",
           "senate", "house", "department", "agency", "commission", "administration"}
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
            "approve", "hold", "of", "to", "in", "on", "at", "for", "from", "with", "by", "about", "and", "or",
            "itself", "himself", "herself", "themselves"}  # ("the virus itself": the phrase is "the virus")
# (A lookahead, so that "the Council approve the bridge" still finds "the bridge" after "the Council ...".)
# (A day said before the noun is part of the phrase: "its October 12, 2005 special event", technology dev chat.)
_DAY_BEFORE_NOUN = r"[A-Z][a-z]+\s+\d{1,2},\s+(?:19|20)\d\d"
_NP = re.compile(r"\b(?=((?:the|a|an|its|his|her|their)\s+(?:" + _DAY_BEFORE_NOUN + r"\s+)?"
                 r"(?:(?:[A-Z][\w-]*|(?:19|20)\d\d)\s+){0,2}[a-z][\w-]*(?:\s+[a-z][\w-]*)?))")
_PREPOSITIONS = {"in", "on", "at", "of", "for", "from", "with", "by", "about", "during", "after", "before", "over",
                 "under", "to", "into", "through", "since", "until", "against", "among", "between"}
_AUXILIARIES = {"will", "would", "did", "does", "do", "is", "was", "are", "were", "has", "have", "had", "can",
                "could", "should", "may", "might"}
# An amount ("3 percent", "$750 billion"): found, it is not what "it" stands for next.
_QUANTITY = re.compile(r"(?<![\w-])\d|percent|%|\$|£|€")  # a number of its own: not "ROKR E1", "A380", "COVID-19"
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
                           r"at that point|on that day|that day|that (?:night|morning|evening)(?=\s*[?,.;!]|\s*$))\b",
                           re.IGNORECASE)  # ("that evening classes", "that night's match": no time)
# "Now about 2004: who was Chairman?": a fresh topic, named before the question.
_TOPIC_LEAD = re.compile(r"^\s*(?:(?:now|and|ok|okay|so)\s*,?\s*)?(?:about|regarding|as for)\s+"
                         r"(?P<t>[^:,?]{1,40})\s*[:,]\s*(?P<q>\S.*)$", re.IGNORECASE)
# Words that end the noun phrase an ellipsis replaces ("lower | its federal funds rate target | to").
_RUN_STOP = {"much", "many", "lower", "raise", "cut", "keep", "maintain", "buy", "sell", "purchase",
             "establish", "set", "agree", "expect", "decide", "decided", "approve", "approved", "requested",
             "request", "vote", "voted", "prefer", "preferred", "oppose", "opposed", "after", "before", "during",
             "was", "were", "is", "are", "did", "does", "do", "has", "have", "had", "will", "would", "could"}
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
_PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "himself": "m", "she": "f", "her": "f", "hers": "f",
                   "herself": "f"}
_SENTENCE_END = SENTENCE_END  # the language layer's: a line (a turn, a paragraph) ends one too
_GENDERED = re.compile(r"\b(he|him|his|himself|she|her|hers|herself)\b", re.IGNORECASE)
_ROLE_WORDS = {"chairman", "chairwoman", "chair", "vice", "deputy", "ceo", "executive", "officer", "director",
               "manager", "spokeswoman", "spokesperson", "premier", "prime", "mayor", "leader", "speaker"}
# "the June 2006 discount rate increase", "a fare cut": a change named by what changed.
_CHANGE_NOUN = re.compile(r"\b(?:the|a|an|its|their|that|this)\s+(?:(?:[A-Z][a-z]+|(?:19|20)\d\d|\d{1,2}),?\s+){0,3}"
                          r"(?P<thing>[a-z][\w-]*(?:\s+[a-z][\w-]*){0,2}?)\s+(?:increase|increases|cut|cuts|"
                          r"reduction|reductions|decrease|hike|rise|change)\b")
_CHANGE_IT = re.compile(r"(?i)\b(raise|raised|lower|lowered|cut|reduce|reduced|increase|increased|decrease|"
                        r"decreased|hike|hiked|lift|lifted|trim|trimmed)\s+it\b")
# "What may restrain advances ...?", "What has weakened ...?", "What cooled ...?": a what-question
# whose answer is the subject of its verb (not "What did the Committee ...", "What is the target").
_SUBJECT_WHAT = re.compile(r"^\s*what\s+(?:(?:may|might|has|have|had|is|are|was|were|will|would|could|can|should)"
                           r"\s+(?!(?:the|a|an|its|their|his|her|this|that|these|those|it|he|she|they|we|you|"
                           r"there)\b)[a-z]+|(?!(?:is|was|has|does|did|do|are|were|have|had)\b)[a-z]+(?:ed|s)\b"
                           r"(?!\s+(?:of|did|does|do|is|are|was|were|has|have|had|will|would|can|could)\b))",
                           re.IGNORECASE)  # "What levels of ...", "What rates did ...": a noun, not a verb
_SUBJECT_AUX = re.compile(r"^\s*what\s+(?P<aux>may|might|has|have|had|is|are|was|were|will|would|could|can|should)"
                          r"\s+(?P<rest>.+?)\s*\??$", re.IGNORECASE)
# An answer that is a verb form, not a thing "it" could stand for: "stabilizing", "weakened further".
_VERB_ANSWER = re.compile(r"\s*[a-z]+(?:ing|ed)(?:\s+(?:further|[a-z]+ly))?\s*")
# "What has household spending shown ...?", "What is the economy expanding at?": the subject, up to
# the participle after the auxiliary.
_ASKED_SUBJECT = re.compile(r"^\s*what\s+(?:(?P<perfect>has|have|had)|is|are|was|were)\s+(?P<body>.+)$",
                            re.IGNORECASE)
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
_COPULA_SUBJECT = re.compile(r"(?i)^\s*what\s+(?:was|is|were|are)\s+(?P<np>(?:the|its|their)\s+[a-z][\w-]*(?:\s+[a-z][\w-]*){0,4}?)"
                             r"(?=\s+(?:in|on|during|according|for|at|by|to|after|before|since|when)\b|\s*,|\s*\?*\s*$)")
_VOTED_ON_IT = re.compile(r"(?i)\bvot\w*\s+(?:for|against|on)\s+it\b")
# "What does the Committee expect inflation to do?": what an expectation is about, and its verb asked.
_EXPECTED_TO_DO = re.compile(r"(?i)\s*what\s+(?:does|do|did|will|would)\s+\S.*?\s+(?:expect|want|need|allow|ask|"
                             r"urge|encourage|see)\s+(?P<np>(?!it\b|them\b)[a-z][\w-]*(?:\s+[a-z][\w-]*){0,3}?)\s+to\s+do\b")
# "that program", "this deal": a thing the conversation named before (nouns of news stories; "the
# company that makes..." is a relative clause, not one of these).
_DEMONSTRATIVE = re.compile(r"\b(?:that|this)\s+(?:program|programme|meeting|decision|deal|bid|offer|company|court|"
                            r"plan|statement|action|cut|increase|purchase|purchases|policy|case|trial|bill|law|"
                            r"agreement|vote|report|election|attack|threshold|thresholds|facility|rate|reduction|"
                            r"decrease|hike|change|move|announcement|dissent|increase|cuts|increases)\b",
                            re.IGNORECASE)
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
_NAME_AFTER_ROLE = re.compile(r",?\s+([A-Z][\w’'-]*(?:\s+(?:[A-Z]\.|[A-Z][\w’'-]*)){1,3})")
_NAME_BEFORE_ROLE = re.compile(r"([A-Z][\w’'-]*(?:\s+(?:[A-Z]\.|[A-Z][\w’'-]*)){1,3}),\s+(?:(?:the|its|their)\s+)?"
                               r"(?:[a-z]+\s+){0,2}$")
# "the first one", "the second bidder", "the other company", "the former", "the latter", "the last one".
_ORDINAL_REF = re.compile(r"\b(?P<det>the|that)\s+(?P<which>first|second|third|fourth|fifth|last|other|former|latter)"
                          r"(?P<ref>(?:\s+(?P<noun>[a-z]+))?)", re.IGNORECASE)
_ORDINALS = {"first": 0, "former": 0, "second": 1, "third": 2, "fourth": 3, "fifth": 4, "last": -1, "latter": -1}
# Nouns "the second ..." may name a listed item by (else "the second half", "the first quarter" are no reference).
_ITEM_NOUNS = {"one", "ones", "bidder", "buyer", "company", "firm", "group", "bank", "person", "man", "woman",
               "candidate", "party", "team", "club", "official", "member", "speaker", "name", "city", "country",
               "court", "agency", "union", "player", "director", "governor"}
_EVENT_NOUNS = ("talks", "meeting", "summit", "election", "vote", "trial", "hearing", "deal", "bid", "offer",
                "merger", "takeover", "attack", "attacks", "war", "strike", "decision", "action", "statement",
                "announcement", "agreement", "ceremony", "final", "match", "visit", "conference", "cut", "increase")
_EVENT = re.compile(r"\b(?:the|a|an|its|their)\s+(?:\S+\s+){0,3}?(?:%s)\b" % "|".join(_EVENT_NOUNS), re.IGNORECASE)
# An amount of money, a rate or a count, with its qualifier and unit: "about $75 billion per month",
# "0 to 1/4 percent", "50 basis points", "900 million kroner" (typed here; qa.judge cuts answers to it).
AMOUNT = re.compile(r"(?:(?:about|around|approximately|nearly|almost|over|roughly|more than|less than|up to|"
                    r"at least)\s+)?(?:[$£€]\s?)?\d(?:[\d,.]*\d)?(?:-\d+/\d+|\s+\d+/\d+|/\d+)?"
                    r"(?:\s+to\s+(?:[$£€]\s?)?\d(?:[\d,./-]*\d)?)?"
                    r"(?:\s*(?:%|(?:percent|per cent|percentage points?|basis points?|million|billion|trillion|thousand|"
                    r"kroner|euros|dollars|pounds|people|shares)\b))*"  # ("%" ends no word: no \b after it)
                    r"(?:\s+(?:per|a)\s+(?:month|year|week|day|quarter)\b)?", re.IGNORECASE)
_PLACE_BEFORE = re.compile(r"\b(?:in|at|from|to|near|across|outside|inside)\s+$")
_DAY = re.compile(r"\b(?:(?:%s)\s+\d{1,2}(?:,?\s+(?:19|20)\d\d)?|\d{1,2}\s+(?:%s)(?:\s+(?:19|20)\d\d)?|"
                  r"(?:%s)\s+(?:19|20)\d\d|(?:19|20)\d\d-\d\d-\d\d)\b" % (("|".join(_MONTHS),) * 3), re.IGNORECASE)
_LEAD_CONJUNCTION = re.compile(r"(?i)\s*(?:and|but|so|also)\s*,?\s+(?=(?:who|whom|what|which|when|where|why|how)\b)")
# "Who was the Vice Chairman?": a role asked for, elliptical as "Who was Vice Chairman?" is.
_WHO_IS_ROLE = re.compile(r"(?i)\s*who\s+(?:is|was)\s+the\s+(?:(?:vice|deputy|acting)\s+)?(?:%s)\s*\?*\s*$"
                          % "|".join(["chairman", "chairwoman", "chair", "president", "governor", "secretary",
                                      "spokesman", "spokeswoman", "chief executive", "ceo", "director", "minister"]))
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
_ADJUNCT_PREPOSITIONS = {"by", "in", "on", "over", "at", "during", "until", "before", "after", "within", "since"}
# "When did it emerge?", "When is it scheduled to close?": the verb "it" is the subject of.
_IT_VERB = re.compile(r"(?i)\bit\s+(?:(?:is|was|are|were|has|have|had|be|been|being)\s+)*(?P<verb>[a-z]{3,})\b")
