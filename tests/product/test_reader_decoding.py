"""Span decoding on models the test builds itself (no download, no trained weights)."""
from types import SimpleNamespace

import pytest
import torch

from qa.reader import Reader


class MarkerQA(torch.nn.Module):
    """Start logit high on the token `start_id`, end logit high on `end_id`; [CLS] logit `null`."""

    def __init__(self, start_id, end_id, null=0.0):
        super().__init__()
        self.start_id, self.end_id, self.null = start_id, end_id, null

    def forward(self, input_ids, attention_mask=None, token_type_ids=None):
        s = (input_ids == self.start_id).float() * 12.0
        e = (input_ids == self.end_id).float() * 12.0
        s[:, 0] = e[:, 0] = self.null
        return SimpleNamespace(start_logits=s, end_logits=e)


def marker_reader(tokenizer, start_word, end_word=None, null=0.0, **kw):
    sid = tokenizer.convert_tokens_to_ids(start_word)
    eid = tokenizer.convert_tokens_to_ids(end_word or start_word)
    # 0.6: a span must beat "no answer" (an uncalibrated score of 0.5 is a tie with [CLS]).
    return Reader(MarkerQA(sid, eid, null), tokenizer, "marker", threshold=0.6, **kw)


def filler(n):
    return " ".join(f"Word{i % 7} filler text number {i}." for i in range(n))


def test_offsets_map_back_exactly_with_non_ascii(tokenizer):
    passage = "Zelenskyy’s “café” meeting — naïve? No: the zebra crossed in Zürich on Monday."
    r = marker_reader(tokenizer, "zebra", "zurich")
    [a] = r.read("Who crossed?", [passage])
    assert a.text == "zebra crossed in Zürich"
    assert passage[a.start:a.end] == a.text and a.passage_index == 0
    assert 0 < a.score <= 1


def test_answer_at_the_end_of_a_multi_window_passage(tokenizer):
    passage = filler(200) + " At last the zebra appeared."
    r = marker_reader(tokenizer, "zebra")
    enc = r.encode(["Where?"], [passage])
    assert enc["input_ids"].shape[0] > 2  # really several windows
    [a] = r.read("Where?", ["short unrelated passage", passage])
    assert a.text == "zebra" and a.passage_index == 1
    assert passage[a.start:a.end] == "zebra"


def test_answer_in_the_overlap_of_two_windows_is_not_duplicated(tokenizer):
    r = marker_reader(tokenizer, "zebra", max_length=64, stride=32)
    q = "Which animal?"
    # Place the answer inside the second window's overlap with the first.
    passage = filler(5) + " the zebra " + filler(3)
    enc = r.encode([q], [passage])
    zid = tokenizer.convert_tokens_to_ids("zebra")
    windows_with_answer = sum(int((row == zid).any()) for row in enc["input_ids"])
    assert windows_with_answer >= 2, "test setup: the answer must sit in two windows"
    answers = r.read(q, [passage], top_k=10)
    assert [a.text for a in answers] == ["zebra"]


def test_score_does_not_depend_on_the_batch(tokenizer):
    r = marker_reader(tokenizer, "zebra")
    alone = r.read("Q?", ["The zebra ran."])[0].score
    mixed = r.read("Q?", [filler(150), "The zebra ran.", "x"])[0].score
    assert alone == pytest.approx(mixed, rel=1e-5)


def test_no_answer_when_cls_wins(tokenizer):
    r = marker_reader(tokenizer, "zebra", null=30.0)
    assert r.read("Q?", ["The zebra ran away from the lion."]) == []
    assert r.read("Q?", ["Nothing to see here."]) == []  # no marker token at all: [CLS] wins
    assert r.read("Q?", ["", "   "]) == []


def test_no_span_when_cls_wins_even_with_threshold_zero(tokenizer):
    # The span's start + end logits (24) fall just short of [CLS]'s (26): the model says "no answer".
    r = marker_reader(tokenizer, "zebra", null=13.0)
    [best] = r.spans("Q?", ["The zebra ran away from the lion."])[:1]
    assert best.text == "zebra" and best.margin == pytest.approx(-2.0)
    assert r.read("Q?", ["The zebra ran away from the lion."], threshold=0.0) == []
    # One logit more for the span and it wins: the same call answers.
    r = marker_reader(tokenizer, "zebra", null=11.5)
    [a] = r.read("Q?", ["The zebra ran away from the lion."], threshold=0.0)
    assert a.text == "zebra" and a.margin == pytest.approx(1.0)


def test_random_tiny_bert_keeps_span_invariants(tokenizer):
    from transformers import BertConfig, BertForQuestionAnswering

    torch.manual_seed(0)
    cfg = BertConfig(vocab_size=tokenizer.vocab_size, hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                     intermediate_size=64, max_position_embeddings=512)
    model = BertForQuestionAnswering(cfg).eval()
    r = Reader(model, tokenizer, "tiny", threshold=0.0, max_length=96, stride=32)
    passages = ["Peskov “We want these talks… And, certainly, the talks are held.”", filler(60), "Café — naïve."]
    answers = r.read("What did Peskov want?", passages, top_k=50)
    assert answers
    for a in answers:
        assert passages[a.passage_index][a.start:a.end] == a.text
        assert a.text == a.text.strip()
    for i in range(len(passages)):
        spans = sorted((a.start, a.end) for a in answers if a.passage_index == i)
        assert all(e1 <= s2 for (_, e1), (s2, _) in zip(spans, spans[1:])), "overlapping spans kept"
    assert [a.score for a in answers] == sorted((a.score for a in answers), reverse=True)


@pytest.mark.parametrize("start, end, expected", [
    ("“", "out", "aimed at results, not drawn out"),     # opens the quotation, stops before it closes
    ("aimed", "”", "aimed at results, not drawn out"),   # the reverse
    ("“", "”", "“aimed at results, not drawn out”"),     # the whole quotation keeps both marks
    ('"', "soon", "we will talk soon"),                  # ASCII: an odd count at the edge is dangling
])
def test_unbalanced_quotes_are_trimmed_from_span_edges(tokenizer, start, end, expected):
    passage = 'Peskov said the talks were “aimed at results, not drawn out”, and "we will talk soon".'
    [a] = marker_reader(tokenizer, start, end).read("What did he say?", [passage])
    assert a.text == expected
    assert passage[a.start:a.end] == a.text


@pytest.mark.parametrize("passage, start, end, expected", [
    ("Peskov sagte „Wir verhandeln weiter“ am Montag.", "„", "“", "„Wir verhandeln weiter“"),  # German pair
    ("Peskov sagte „Wir verhandeln weiter“ am Montag.", "wi", "“", "Wir verhandeln weiter"),   # “ closing „
    ("Peskov sagte „Wir verhandeln weiter“ am Montag.", "„", "##ter", "Wir verhandeln weiter"),
    ("Er sagte »Wir verhandeln weiter« am Montag.", "»", "«", "»Wir verhandeln weiter«"),         # German guillemets
    ("Er sagte »Wir verhandeln weiter« am Montag.", "wi", "«", "Wir verhandeln weiter"),
    ("Il a dit «nous négocions encore» lundi.", "«", "»", "«nous négocions encore»"),           # French guillemets
    ("Il a dit «nous négocions encore» lundi.", "«", "encore", "nous négocions encore"),
])
def test_quotation_marks_of_other_languages_pair_up(tokenizer, passage, start, end, expected):
    [a] = marker_reader(tokenizer, start, end).read("What did he say?", [passage])
    assert a.text == expected
    assert passage[a.start:a.end] == a.text


@pytest.mark.parametrize("start, end, expected", [
    ("asset", "facility", "Term Asset-Backed Securities Loan Facility"),  # the name's first word comes back
    ("term", "securities", "Term Asset-Backed Securities Loan Facility"),  # and its last
    ("ben", "ben", "Ben"),  # one word is often the whole answer (SQuAD's "Broncos"): as read
    ("federal", "reserve", "Federal Reserve"),  # a whole name: as read
    ("early", "year", "Early next year"),  # no name: as read
])
def test_a_span_that_cuts_a_name_grows_to_the_whole_name(tokenizer, start, end, expected):
    passage = ("Early next year, the Federal Reserve will implement the Term Asset-Backed Securities Loan "
               "Facility to help. Chairman Ben Bernanke said so.")
    [a] = marker_reader(tokenizer, start, end).read("What will it implement?", [passage])
    assert a.text == expected
    assert passage[a.start:a.end] == a.text


def test_a_name_does_not_grow_past_a_title_or_a_sentence_start():
    from qa.reader import _whole_name

    text = "Voting for it were Chairman Ben S. Bernanke and others. Reserve Bank presidents Said Nothing Else."
    i = text.index("Ben S.")
    assert text[slice(*_whole_name(text, i, i + len("Ben S. Bernanke")))] == "Ben S. Bernanke"
    i = text.index("Bank presidents")
    assert text[slice(*_whole_name(text, i, i + len("Bank")))] == "Bank"
    text2 = "Other schools are in Kraków. Warsaw University of Technology is the largest; NFL Commissioner Roger Goodell."
    for span in ("Warsaw University of Technology", "Roger Goodell"):
        i = text2.index(span)
        assert text2[slice(*_whole_name(text2, i, i + len(span)))] == span
    i = text.index("Said Nothing")
    assert text[slice(*_whole_name(text, i, i + len("Said Nothing")))] == "Said Nothing Else"


class TwoPlacesQA(torch.nn.Module):
    """Two answers in one window: start high on `a` (12) and `c` (10), end high on `b` (12) and `d` (10)."""

    def __init__(self, ids):
        super().__init__()
        self.ids = ids

    def forward(self, input_ids, attention_mask=None, token_type_ids=None):
        s = torch.zeros_like(input_ids, dtype=torch.float)
        e = torch.zeros_like(input_ids, dtype=torch.float)
        a, b, c, d = self.ids
        s += (input_ids == a).float() * 12.0 + (input_ids == c).float() * 10.0
        e += (input_ids == b).float() * 12.0 + (input_ids == d).float() * 10.0
        return SimpleNamespace(start_logits=s, end_logits=e)


def test_regions_keeps_a_windows_best_spans_in_distinct_places(tokenizer):
    passage = "The committee lowered its target by fifty points to three percent today."
    ids = [tokenizer.convert_tokens_to_ids(w) for w in ("fifty", "points", "three", "percent")]
    r = Reader(TwoPlacesQA(ids), tokenizer, "two places", threshold=0.6)
    variants = [a.text for a in r.spans("What did it lower its target to?", [passage], per_window=2)]
    places = [a.text for a in r.spans("What did it lower its target to?", [passage], per_window=2, regions=True)]
    assert variants == ["fifty points"]  # "fifty points ... percent" overlaps it and is dropped
    assert places == ["fifty points", "three percent"]


@pytest.mark.parametrize("text, read, expected", [
    ("All terminals are ready, and the SGD1.75-billion Terminal 3 opens in January.", "75-billion",
     "SGD1.75-billion"),                                                         # business: split at its point
    ("The storm caused about $2.5 billion in damage.", "5 billion", "$2.5 billion"),    # weather
    ("Officials said (about 1,500 jobs) would go.", "500 jobs", "1,500 jobs"),           # politics: not past "("
    ("In 2019, 75 people were treated.", "75 people", "75 people"),                     # health: a number on its own
    ("Terminal 3 opens today.", "3", "3"),                                              # after a space: as read
])
def test_a_span_that_starts_inside_a_number_grows_to_the_whole_number(text, read, expected):
    from qa.reader import _whole_number

    i = text.index(read)
    assert text[slice(*_whole_number(text, i, i + len(read)))] == expected
