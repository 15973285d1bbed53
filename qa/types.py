"""The plain values that travel between stages (their JSON shape is qa/serialize.py's, the one for every face). Each one holds what it came from: a Hit holds its
Paragraph, an Answer holds the Hit it was read from (when it was read from one), a Reply its Answer."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Document:
    doc_id: str  # stable: the file's path (plus "#line" for .jsonl records)
    title: str
    text: str  # the cleaned article; paragraph offsets index into this
    source: str  # file path shown to the user
    hash: str  # sha256 of the cleaned text
    date: str = ""  # as the file gives it: HTML metadata, a "Date:" line, a .jsonl "date" field


def article_file(doc_id: str) -> str:
    """The file an article comes from, as the corpus names it: "news.jsonl#3" -> "news.jsonl"."""
    return doc_id.split("#", 1)[0]


@dataclass(frozen=True)
class Article:
    """An indexed article as the faces list it."""
    doc_id: str
    file: str  # as the corpus names it (never where the corpus lives on the server)
    title: str
    source: str
    date: str
    paragraphs: int
    duplicate_of: str = ""  # the article (doc_id) whose story this one repeats, "" when none


@dataclass
class Paragraph:
    id: str  # "<doc_id>:<n>", n counting from 0 in reading order
    doc_id: str
    title: str
    text: str
    start: int  # text == document.text[start:end]
    end: int

    @property
    def number(self) -> int:
        """1-based position in its article, as shown to the user."""
        return int(self.id.rsplit(":", 1)[1]) + 1


@dataclass
class Hit:
    """A retrieved paragraph and its scores for one query."""
    paragraph: Paragraph
    score: float  # fused retrieval score: higher is better, only meaningful within one query
    source: str = ""  # the article's file
    dense_rank: int | None = None  # 1-based rank among the dense candidates, None if not among them
    bm25_rank: int | None = None
    date: str = ""  # the article's publication date, ISO 8601 ("" when it has none)

    # The paragraph's fields, read through the hit (the public API names in DESIGN.md).
    text = property(lambda self: self.paragraph.text)
    doc_id = property(lambda self: self.paragraph.doc_id)
    title = property(lambda self: self.paragraph.title)
    paragraph_id = property(lambda self: self.paragraph.id)
    start = property(lambda self: self.paragraph.start)
    end = property(lambda self: self.paragraph.end)
    paragraph_number = property(lambda self: self.paragraph.number)


@dataclass
class Answer:
    text: str
    score: float  # calibrated chance that the span is right, 0-1, comparable across passages
    passage_index: int  # which of the passages given to the reader
    start: int  # passage_text[start:end] == text
    end: int
    margin: float = 0.0  # span start+end logits minus [CLS]'s ("no answer"): what ranks spans
    hit: Hit | None = None  # the passage, when the reader was given Hits


@dataclass
class Reply:
    question: str  # as interpreted, after resolving follow-ups
    answer: Answer | None
    hits: list[Hit] = field(default_factory=list)
    alternatives: list[Answer] = field(default_factory=list)  # best answers of other passages, best first
    original_question: str = ""
    # Names and numbers in the question that the article of the best span never mentions; when
    # there are any the answer is declined and that span is kept as `closest` (grounding.py).
    unmentioned: list[str] = field(default_factory=list)
    closest: Answer | None = None
    # When it is unsure who "he"/"she" means: the people to ask the user about (nothing was searched).
    clarify: list[str] = field(default_factory=list)
    # A date the question named, used as a filter: {since, until, phrase, relative_to, applied}
    # ("applied": False when no article had those dates, so all were searched; "spoken_of": True when
    # none of those dates answered and the answer's paragraph, of another date, speaks of them; "kept":
    # True for a month said of a thing, "Ford's January 2006 plan", whose words stay in what is read).
    date_filter: dict | None = None
    # For "latest" questions answered differently on different dates: (date, Answer), newest first.
    dated_answers: list = field(default_factory=list)
    # Answers of other articles that say something else with nearly the answer's confidence (each
    # with its article and date): the articles disagree, and the reply says so.
    disagreeing: list[Answer] = field(default_factory=list)
    # What every score the reply shows was held to: the reader's calibrated threshold, or the fitted
    # decision's on its P(right) (then the scores shown are that P(right)); None when nothing was decided.
    threshold: float | None = None

    @property
    def hit(self) -> Hit | None:
        """The passage the answer came from."""
        return self.answer.hit if self.answer else None

    @property
    def rewritten(self) -> bool:
        return bool(self.original_question) and self.original_question.strip() != self.question
