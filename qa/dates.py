"""Publication dates as data: whatever an article gives (a "Date:" line, HTML metadata, a .jsonl field,
PDF metadata) normalised to ISO 8601 ("2022-01-05"), or "" when no date can be read — an undated
article stays undated (no guess from the file's time).

Articles' dates are read here rather than with dateparser: articles give a handful of shapes (ISO,
"January 5, 2022", "5 Jan 2022", "Wednesday, January 5, 2022", PDF's "D:20220105..."), all covered by
a few patterns, and a day-first/month-first guess on "05/01/2022" would be wrong half the time, so
those stay undated. Dates in questions are people's words ("on 9th March", "Monday, March 9",
"last Tuesday", "two weeks ago", "between 5 and 12 March"): a pattern finds where a date phrase
stands, and dateparser (maintained, BSD) reads it, relative to the newest article's date (or the
conversation's).
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date

from .errors import BadInput

MONTHS = {m: i for i, m in enumerate(["january", "february", "march", "april", "may", "june", "july", "august",
                                      "september", "october", "november", "december"], 1)}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_PATTERNS = [
    re.compile(r"(?<!\d)(?P<year>\d{4})-(?P<m>\d{1,2})-(?P<day>\d{1,2})(?!\d)"),  # 2022-01-05, 2022-01-05T10:00Z
    re.compile(r"(?<!\d)(?P<year>\d{4})/(?P<m>\d{1,2})/(?P<day>\d{1,2})(?!\d)"),  # 2022/01/05
    re.compile(r"^D:(?P<year>\d{4})(?P<m>\d{2})(?P<day>\d{2})"),  # PDF metadata
    re.compile(_MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})(?!\d)"),  # January 5, 2022
    re.compile(r"(?<!\d)(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r",?\s+(?P<year>\d{4})(?!\d)"),
]


def normalize(text) -> str:
    """The ISO date in text ("2022-01-05"), or "" when there is none that can be read unambiguously."""
    if not isinstance(text, str) or not text.strip():
        return ""
    text = text.strip()[:200]
    for pattern in _PATTERNS:
        m = pattern.search(text)
        if not m:
            continue
        month = int(m.group("m")) if "m" in pattern.groupindex else MONTHS.get(m.group("month").lower())
        if not month:
            continue
        try:
            return date(int(m.group("year")), month, int(m.group("day"))).isoformat()
        except ValueError:
            continue
    return ""


def bound(value, name: str) -> str:
    """A since/until bound from a user: an ISO date ("2005-01-15"), a month ("2005-03": its first or
    last day) or a year ("2005"); "" for none. Anything else is BadInput naming the setting."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return ""
    text = str(value).strip()
    m = re.fullmatch(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", text)
    if m:
        year, month, day = int(m.group(1)), m.group(2), m.group(3)
        try:
            if day:
                return date(year, int(month), int(day)).isoformat()
            if month:
                first = date(year, int(month), 1)
                if name == "until":
                    nxt = date(year + (first.month == 12), first.month % 12 + 1, 1)
                    return date.fromordinal(nxt.toordinal() - 1).isoformat()
                return first.isoformat()
            return f"{year:04d}-01-01" if name == "since" else f"{year:04d}-12-31"
        except ValueError:
            pass
    iso = normalize(text)
    if iso:
        return iso
    raise BadInput(f"{name} must be a date such as 2005-01-15 (or 2005-01, or 2005), not {text[:40]!r}.")


def in_range(iso: str, since: str = "", until: str = "") -> bool:
    """Whether an article's date lies within [since, until]; an undated article is in no range."""
    if not since and not until:
        return True
    return bool(iso) and (not since or iso >= since) and (not until or iso <= until)


# --- dates in questions ---------------------------------------------------------------------------
_MONTH_NAMES = "january|february|march|april|may|june|july|august|september|october|november|december"
# (Not "of September 17, 2001": a day an event is of, no month of the newest article's year.)
_IN_MONTH = re.compile(rf"\b(?:in|during|of)\s+(?P<month>{_MONTH_NAMES})(?:\s+(?P<year>\d{{4}})\b|\b(?!\s+\d))",
                       re.IGNORECASE)
_IN_YEAR = re.compile(r"\b(?:in|during)\s+(?P<year>(?:19|20)\d{2})\b(?!\s*(?:%|percent|people|times))", re.IGNORECASE)
# "the October 2001 statement", "the January 22, 2008 decision": a month or day that names which
# report or meeting; its date words alone are the phrase ("according to the statement"). A bare year
# is not ("the 2005 votes" may be counted in a 2006 article).
_ATTRIBUTIVE = re.compile(
    rf"\b(?:the|its|this|that)\s+(?P<date>(?P<month>{_MONTH_NAMES})\s+(?:(?P<day>\d{{1,2}}),?\s+)?"
    r"(?P<year>(?:19|20)\d{2}))(?:\s+[a-z][\w-]*){0,3}?\s+(?:statement|meeting|decision|announcement|report|action|release|minutes|"
    r"cut|increase|hike|vote|policy|rate)s?\b", re.IGNORECASE)
# "Ford's January 2006 restructuring plan", "the December 2019 UK general election": a month with its
# year said of any other thing (after a determiner or a possessive, before the rest of its noun phrase).
# The question keeps its words when read: they name the thing, which an article may name so.
_ATTRIBUTIVE_THING = re.compile(
    rf"(?:\b(?:the|its|this|his|her|their)|['’]s)\s+(?P<date>(?P<month>{_MONTH_NAMES})\s+"
    r"(?P<year>(?:19|20)\d{2}))\s+[a-z]", re.IGNORECASE)
# "the May statement", "the March meeting": a month without its year, which comes from elsewhere in
# the question ("so far in 2006, according to the May statement"); with no year at all, which May is
# not guessed (no filter).
_ATTRIBUTIVE_MONTH = re.compile(
    rf"\b(?:the|its|this|that)\s+(?P<date>(?P<month>{_MONTH_NAMES}))(?:\s+[a-z][\w-]*){{0,2}}?\s+(?:statement|"
    r"meeting|decision|announcement|report|release|minutes)s?\b", re.IGNORECASE)
_ANY_YEAR = re.compile(r"\b(?:19|20)\d{2}\b(?!\s*(?:%|percent|people|times))")
_RELATIVE = re.compile(r"\b(?P<what>yesterday|today|this week|last week|this month|last month|this year|last year)\b",
                       re.IGNORECASE)
_LATEST = re.compile(r"\b(?:latest|most recent|newest|current(?:ly)?|now|so far|to date|as of today|still)\b",
                     re.IGNORECASE)


_MONTH_WORD = rf"(?:{_MONTH_NAMES}|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?"
_WEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_ORDINAL = r"\d{1,2}(?:st|nd|rd|th)?"
_YEAR_AFTER = r"(?:,?\s+(?:19|20)\d{2})?"


def _a_day(month: str, weekday: str) -> str:
    """A day in any common style: "9 March 2023", "9th March", "the 9th of March", "March 9, 2023",
    "Monday, March 9", "Mon 9 March"."""
    return (rf"(?:{weekday},?\s+)?(?:the\s+)?(?:{_ORDINAL}\s+(?:of\s+)?{month}{_YEAR_AFTER}"
            rf"|{month}\s+{_ORDINAL}(?!\s*(?:%|percent)){_YEAR_AFTER})")


_A_DAY = _a_day(_MONTH_WORD, _WEEKDAY)  # as typed in a question, in any case
_ON_DAY = re.compile(rf"\b(?:on|dated)\s+(?P<day>{_A_DAY})(?![\w-])", re.IGNORECASE)
# A whole day with its year said of a thing ("the report of September 20, 2008", "the 3 November 2020
# election", "the WHO's report of 27 January 2020"): that day all the same, with an "of" or "from" right
# before it. Not after "since", "before", "born" ... (no article of that day is meant), nor a range's first day.
_DAY_WITH_YEAR = re.compile(
    rf"(?:(?P<prep>\b(?:of|from)\s+)|\b(?:the|its|his|her|their)\s+|['’]s\s+)(?P<day>{_A_DAY})(?<=\d{{4}})(?![\w-])"
    rf"(?!\s*(?:to|and|until|through|-|–)\s+(?:the\s+)?(?:\d|{_MONTH_WORD}))", re.IGNORECASE)
_LAST_WEEKDAY = re.compile(rf"\b(?:on\s+)?(?:last|this\s+past)\s+(?P<day>{_WEEKDAY})\b", re.IGNORECASE)
_AGO = re.compile(r"\b(?P<n>\d{1,3}|a|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?P<unit>days?|weeks?)\s+"
                  r"ago\b", re.IGNORECASE)
# "between 5 and 12 March", "between March 5 and 12", "from 5 to 12 March 2023"
_BETWEEN = re.compile(
    rf"\b(?:between|from)\s+(?:the\s+)?(?:(?P<a>{_ORDINAL})\s+(?:and|to|-)\s+(?:the\s+)?(?P<b>{_ORDINAL})\s+"
    rf"(?:of\s+)?(?P<month>{_MONTH_WORD})|(?P<month2>{_MONTH_WORD})\s+(?P<a2>{_ORDINAL})\s+(?:and|to|-)\s+"
    rf"(?P<b2>{_ORDINAL}))(?P<year>{_YEAR_AFTER})\b", re.IGNORECASE)


@functools.lru_cache(maxsize=512)  # the same phrase is read once per base date, not per question
def parse_when(text: str, base: str = ""):
    """(a date, its precision: "day", "week", "month" or "year") of a date phrase, by dateparser,
    relative to ``base`` (ISO; a missing year is the base's, or the year before when that would
    put the day after it); None when it cannot be read."""
    from datetime import datetime

    from dateparser.date import DateDataParser

    settings = {"PREFER_DATES_FROM": "past", "PREFER_DAY_OF_MONTH": "first",
                "RELATIVE_BASE": datetime.fromisoformat(base) if base else datetime(date.today().year, 12, 31)}
    text = re.sub(r"^the\s+", "", text.strip(), flags=re.IGNORECASE)
    data = DateDataParser(languages=["en"], settings=settings).get_date_data(text)
    return (data.date_obj.date(), data.period) if data and data.date_obj else None


# News of a day is published that day or in the next few: "the court ruled on Wednesday" is in Friday's
# article. A day the question names reads the articles dated up to this many days after it (the
# Wikinews dev halves of politics and health: a ruling and an announcement reported two and three
# days later).
REPORTED_WITHIN_DAYS = 3


def refers_to_day(text: str, day: str, published: str) -> bool:
    """Whether a paragraph of an article published on ``published`` speaks of ``day`` (both ISO):
    by its weekday ("on Wednesday"), "yesterday" the day after, or its date in words ("11 September",
    "September 11")."""
    d, p = date.fromisoformat(day), date.fromisoformat(published)
    month = d.strftime("%B")
    words = [rf"\b{d.strftime('%A')}\b", rf"\b{d.day}(?:st|nd|rd|th)?\s+(?:of\s+)?{month}\b",
             rf"\b{month}\s+{d.day}(?:st|nd|rd|th)?\b"]
    if (p - d).days == 1:
        words.append(r"\byesterday\b")
    return any(re.search(w, text, re.IGNORECASE) for w in words)


def speaks_of_period(text: str, since: str, until: str, published: str, day: str = "") -> bool:
    """Whether a paragraph of an article published after the whole year or whole month
    ``since``..``until`` (ISO) a question named speaks of it, as news reports an event later: "In 2018,
    while preparing for his first trial ..."; a month with its year, or yearless ("in December") in an
    article of the 12 months after it (a yearless month is its last one before the article). An
    article of the period itself, a part of a month, or any other range: False. ``day`` (ISO): the
    range is the days that report that day, and the paragraph says its date in words ("the January 7
    quake" in a January 17 article; weather dev chat), with its year or within 12 months."""
    try:
        first, last, p = date.fromisoformat(since), date.fromisoformat(until), date.fromisoformat(published)
    except ValueError:
        return False
    if p <= last:
        return False  # an article of the period was read as one already
    year = rf"\b{first.year}\b"
    if day:
        d = date.fromisoformat(day)
        month = d.strftime("%B")
        said = re.search(rf"\b(?:{d.day}(?:st|nd|rd|th)?\s+(?:of\s+)?{month}|{month}\s+{d.day}(?:st|nd|rd|th)?)\b", text)
        return bool(said) and ((p - d).days < 365 or re.search(year, text) is not None)
    if (since, until) == (f"{first.year}-01-01", f"{first.year}-12-31"):
        return re.search(year, text) is not None
    if (since, until) != _month_range(first.year, first.month):
        return False
    month = rf"\b{first.strftime('%B')}\b"
    yearless = (p.year - first.year) * 12 + p.month - first.month < 12
    return re.search(month, text) is not None and (yearless or re.search(year, text) is not None)


def _next_day(day: date) -> str:
    """The last day whose articles may report ``day``."""
    return date.fromordinal(day.toordinal() + REPORTED_WITHIN_DAYS).isoformat()


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _year_of_weekday(day: date, phrase: str) -> date:
    """A yearless day that names its weekday ("Tuesday, March 3") in the last year, up to ``day``'s
    own, when that date fell on that weekday (2020 for a base in 2023); ``day`` as it is when the
    phrase names no weekday or none fits in 28 years."""
    named = re.search(_WEEKDAY, phrase, re.IGNORECASE)
    if not named:
        return day
    wanted = _WEEKDAYS.index(named.group(0).lower())
    for year in range(day.year, day.year - 28, -1):
        try:
            candidate = day.replace(year=year)
        except ValueError:  # 29 February
            continue
        if candidate.weekday() == wanted:
            return candidate
    return day


def _day_phrase(question: str, newest: str) -> QuestionDates | None:
    """A day, a range of days, or a day counted back from the newest article, in any common style."""
    from datetime import timedelta

    m = _BETWEEN.search(question)
    if m:
        month, a, b = (m.group("month"), m.group("a"), m.group("b")) if m.group("month") else (
            m.group("month2"), m.group("a2"), m.group("b2"))
        first, last = parse_when(f"{a} {month}{m.group('year')}", newest), parse_when(f"{b} {month}{m.group('year')}", newest)
        if first and last and first[0] <= last[0]:
            return QuestionDates(first[0].isoformat(), _next_day(last[0]), m.group(0),
                                 "" if m.group("year").strip() else newest, named_day=last[0].isoformat())
    m = _ON_DAY.search(question)
    if m:
        when = parse_when(m.group("day"), newest)
        if when and when[1] == "day":  # that day, or the next: news of a day is often published the day after
            has_year = bool(re.search(r"(?:19|20)\d{2}", m.group("day")))
            if not has_year:  # "on Tuesday, March 3": the last year whose March 3 was a Tuesday
                when = (_year_of_weekday(when[0], m.group("day")), "day")
            return QuestionDates(when[0].isoformat(), _next_day(when[0]), m.group(0), "" if has_year else newest, day=True,
                                 named_day=when[0].isoformat())
    if not newest:
        return None
    m = _LAST_WEEKDAY.search(question) or _AGO.search(question)
    if m:
        when = parse_when(m.group(0).replace("this past", "last").removeprefix("on ").strip(), newest)
        if when and when[1] == "day":
            return QuestionDates(when[0].isoformat(), _next_day(when[0]), m.group(0), newest, day=True,
                                 named_day=when[0].isoformat())
        if when and when[1] == "week":
            monday = when[0] - timedelta(days=when[0].weekday())
            return QuestionDates(monday.isoformat(), (monday + timedelta(days=6)).isoformat(), m.group(0), newest)
    return None


@dataclass(frozen=True)
class QuestionDates:
    since: str
    until: str
    phrase: str  # the words of the question that set it ("in March 2005")
    relative_to: str = ""  # for "last week" and the like: the newest article's date it counts from
    # "as of November 30, 2004", "at the end of 2007": the value then, i.e. the newest article up to
    # ``until`` that answers (``since`` is "": any earlier article may be the one still in force).
    as_of: bool = False
    # one day ("on 9 March 2023"): with no article of that day, the nearest before it is read, said so
    day: bool = False
    # a date said of a thing ("Ford's January 2006 plan"): the question is read with its words kept
    kept: bool = False
    # the day a day-precise phrase names ("on 9 March", "as of 12 February"): an article dated after it
    # counts only where it speaks of that day (refers_to_day)
    named_day: str = ""


def _month_range(year: int, month: int) -> tuple[str, str]:
    first = date(year, month, 1)
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    return first.isoformat(), date.fromordinal(nxt.toordinal() - 1).isoformat()


# "as of November 30, 2004", "as of 12 February 2020", "by March 2009", "reports up to January 20, 2020"
# (weather dev), "at the end of 2007",
# "at the start of July 2006"
_AS_OF = re.compile(rf"\b(?P<how>as of|by|up to|at the (?:end|close) of|at the (?:start|beginning) of)\s+"
                    rf"(?P<when>{_A_DAY}|{_MONTH_WORD}\s+(?:19|20)\d{{2}}|(?:19|20)\d{{2}})(?![\w-])", re.IGNORECASE)
# "in late 2008", "early 2009": a third of the year
_PART_OF_YEAR = re.compile(r"\b(?:in\s+)?(?P<part>early|mid|late)[\s-]+(?P<year>(?:19|20)\d{2})\b", re.IGNORECASE)
# "in mid-January 2011", "as of early March", "by late June 2020": a third of the month
_PART_OF_MONTH = re.compile(rf"\b(?P<how>(?:as of|by)\s+)?(?:in\s+)?(?P<part>early|mid|late)[\s-]+"
                            rf"(?P<month>{_MONTH_NAMES})(?:,?\s+(?P<year>(?:19|20)\d{{2}}))?\b", re.IGNORECASE)


def _part_of_month(m, base: date | None, newest: str) -> QuestionDates | None:
    """Early (1-10), mid (11-20) or late (21-end) in a month; "as of" / "by": the value then (the
    newest article up to the part's end); a month with no year is the base's, or the year before
    when that would come after the base."""
    month = MONTHS[m.group("month").lower()]
    year = int(m.group("year")) if m.group("year") else (base.year if base else None)
    if year is None:
        return None
    if not m.group("year") and base and date(year, month, 1) > base:
        year -= 1
    first, last = (date.fromisoformat(d) for d in _month_range(year, month))
    since, end = {"early": (first, first.replace(day=10)), "mid": (first.replace(day=11), first.replace(day=20)),
                  "late": (first.replace(day=21), last)}[m.group("part").lower()]
    until = date.fromordinal(end.toordinal() + REPORTED_WITHIN_DAYS).isoformat()  # reported days later
    relative = "" if m.group("year") else newest
    if m.group("how"):
        return QuestionDates("", until, m.group(0), relative, as_of=True)
    return QuestionDates(since.isoformat(), until, m.group(0), relative)


def _as_of(m, newest: str) -> QuestionDates | None:
    when = parse_when(m.group("when"), newest)
    if not when:
        return None
    start = bool(re.search(r"start|beginning", m.group("how"), re.IGNORECASE))
    day, period = when
    if period == "month":
        first, last = _month_range(day.year, day.month)
        end = date.fromisoformat(first if start else last)
    elif period == "year":
        end = date(day.year, 1, 1) if start else date(day.year, 12, 31)
    else:  # "as of 9 February": what the articles reported about that day, some published after it
        end = date.fromordinal(day.toordinal() + REPORTED_WITHIN_DAYS)
    has_year = bool(re.search(r"(?:19|20)\d{2}", m.group("when")))
    return QuestionDates("", end.isoformat(), m.group(0), "" if has_year else newest, as_of=True,
                         named_day=day.isoformat() if period not in ("month", "year") else "")


def question_dates(question: str, newest: str = "") -> QuestionDates | None:
    """The date range a question names, if any: "in March 2005", "in 2005", "on January 5, 2022",
    or "yesterday", "last week", "this month", "this year"... counted from ``newest`` (the newest
    article's date: a pile of news has no "today" of its own). None when it names none."""
    base = date.fromisoformat(newest) if newest else None
    m = _AS_OF.search(question)
    if m and _as_of(m, newest):
        return _as_of(m, newest)
    m = _PART_OF_MONTH.search(question)
    if m and _part_of_month(m, base, newest):
        return _part_of_month(m, base, newest)
    m = _PART_OF_YEAR.search(question)
    if m:
        year, part = int(m.group("year")), m.group("part").lower()
        months = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}[part]
        return QuestionDates(_month_range(year, months[0])[0], _month_range(year, months[1])[1], m.group(0))
    named = _day_phrase(question, newest)
    if named:
        return named
    m = _IN_MONTH.search(question)
    if m and not m.group("year") and _ATTRIBUTIVE.search(question):
        m = None  # "beginning in January, according to the December 2013 statement": that statement
    if m and (m.group("year") or base):
        year = int(m.group("year")) if m.group("year") else base.year
        since, until = _month_range(year, MONTHS[m.group("month").lower()])
        return QuestionDates(since, until, m.group(0), "" if m.group("year") else newest)
    m = _ATTRIBUTIVE.search(question)
    if m:
        year = int(m.group("year"))
        if m.group("day"):
            day = date(year, MONTHS[m.group("month").lower()], int(m.group("day")))
            return QuestionDates(day.isoformat(), date.fromordinal(day.toordinal() + 1).isoformat(), m.group("date"))
        return QuestionDates(*_month_range(year, MONTHS[m.group("month").lower()]), m.group("date"))
    m = _ATTRIBUTIVE_MONTH.search(question)
    year = _ANY_YEAR.search(question)
    if m and year:
        return QuestionDates(*_month_range(int(year.group(0)), MONTHS[m.group("month").lower()]), m.group("date"))
    m = _IN_YEAR.search(question)
    if m:
        return QuestionDates(f"{m.group('year')}-01-01", f"{m.group('year')}-12-31", m.group(0))
    m = _ATTRIBUTIVE_THING.search(question)
    if m:
        return QuestionDates(*_month_range(int(m.group("year")), MONTHS[m.group("month").lower()]), m.group("date"),
                             kept=True)
    said_of = _day_said_of_thing(question, newest)
    if said_of:
        return said_of
    m = _RELATIVE.search(question)
    return _relative(m, base, newest) if m and base else None


def _day_said_of_thing(question: str, newest: str) -> QuestionDates | None:
    """A whole day with its year said of a thing (_DAY_WITH_YEAR): after "of" or "from", that day and the
    days reporting it; before the thing, the thing's month."""
    m = _DAY_WITH_YEAR.search(question)
    if m and re.search(r"(?i)\b(?:since|after|before|until|till|following)\s+(?:the\s+)?$", question[:m.start("day")]):
        return None  # "since the September 11, 2001 attacks": a time after it, not its day's articles
    when = parse_when(m.group("day"), newest) if m else None
    if not when or when[1] != "day":
        return None
    day = m.group("day")
    article = re.match(r"(?i)the\s+(?!\d+\w*\s+of\b)", day)  # "of the 3 November 2020 election": the date alone
    if m.group("prep") and not article:  # "the report of September 20, 2008": the articles of that day
        return QuestionDates(when[0].isoformat(), _next_day(when[0]), m.group("prep") + day, day=True,
                             named_day=when[0].isoformat())
    # "its October 12, 2005 special event", "the January 7, 2020 earthquake": an event of that day, announced
    # before it and told after it: its month, the question keeping its words (technology, weather dev chats).
    first, last = _month_range(when[0].year, when[0].month)
    return QuestionDates(first, max(last, _next_day(when[0])), day[article.end():] if article else day, kept=True)


def _relative(m, base: date, newest: str) -> QuestionDates:
    """"today", "yesterday", "this/last week", "this/last month", "this/last year", counted from ``base``."""
    from datetime import timedelta

    what = m.group("what").lower()
    if what == "today":
        return QuestionDates(newest, newest, m.group(0), newest)
    if what == "yesterday":
        day = (base - timedelta(days=1)).isoformat()
        return QuestionDates(day, day, m.group(0), newest)
    if what in ("this week", "last week"):
        monday = base - timedelta(days=base.weekday()) - timedelta(days=7 if what == "last week" else 0)
        return QuestionDates(monday.isoformat(), (monday + timedelta(days=6)).isoformat(), m.group(0), newest)
    if what in ("this month", "last month"):
        year, month = base.year, base.month
        if what == "last month":
            year, month = (year - 1, 12) if month == 1 else (year, month - 1)
        since, until = _month_range(year, month)
        return QuestionDates(since, until, m.group(0), newest)
    year = base.year - (what == "last year")
    return QuestionDates(f"{year}-01-01", f"{year}-12-31", m.group(0), newest)


def asks_for_latest(question: str) -> bool:
    """Whether the question asks for the latest or current value ("What is the latest offer?",
    "How much is the bid now?")."""
    return bool(latest_phrase(question))


def latest_phrase(question: str) -> str:
    """The words that ask for the latest or current value ("currently", "now"), "" when none do."""
    m = _LATEST.search(question)
    return m.group(0) if m else ""
