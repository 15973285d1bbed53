"""The plain values that travel between stages."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Document:
    doc_id: str  # stable: the file's path (plus "#line" for .jsonl records)
    title: str
    text: str  # the cleaned article; paragraph offsets index into this
    source: str  # file path shown to the user
    hash: str  # sha256 of the cleaned text


@dataclass
class Paragraph:
    id: str  # "<doc_id>:<n>", n counting from 0 in reading order
    doc_id: str
    title: str
    text: str
    start: int  # text == document.text[start:end]
    end: int


@dataclass
class Hit:
    text: str
    score: float  # fused retrieval score: higher is better, only meaningful within one query
    doc_id: str
    title: str
    paragraph_id: str
    start: int
    end: int
    source: str = ""
    dense_rank: int | None = None
    bm25_rank: int | None = None

    @property
    def paragraph_number(self) -> int:
        return int(self.paragraph_id.rsplit(":", 1)[1]) + 1


@dataclass
class Answer:
    text: str
    score: float  # calibrated chance that the span is right, 0-1, comparable across passages
    passage_index: int
    start: int  # passage_text[start:end] == text
    end: int
    logit: float = 0.0  # the raw margin: span start+end logits minus [CLS]'s ("no answer")


@dataclass
class Reply:
    question: str  # as interpreted, after resolving follow-ups
    answer: Answer | None
    hits: list[Hit] = field(default_factory=list)
    candidates: list[Answer] = field(default_factory=list)  # other answers, best first
    original_question: str = ""
    message: str = ""  # set when the question could not be handled (e.g. empty)

    @property
    def hit(self) -> Hit | None:
        """The passage the answer came from."""
        return self.hits[self.answer.passage_index] if self.answer else None

    @property
    def rewritten(self) -> bool:
        return bool(self.original_question) and self.original_question.strip() != self.question
