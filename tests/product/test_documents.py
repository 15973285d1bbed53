import os
import json
import shutil
import unicodedata

import pytest

from qa.documents import load_corpus, load_file, make_document, split_paragraphs
from qa.errors import BadInput

from conftest import SEED
from hostile import text_pdf


def check_offsets(doc, paras):
    for p in paras:
        assert doc.text[p.start:p.end] == p.text
        assert p.text == p.text.strip() and p.text
    assert [p.start for p in paras] == sorted(p.start for p in paras)


def test_seed_article_paragraphs_slice_back_exactly():
    doc = load_file(SEED, doc_id="seed.txt")[0]
    assert doc.title.startswith("US, NATO officials discuss Russia’s military buildup")
    assert "share on:" not in doc.text  # boilerplate line dropped
    paras = split_paragraphs(doc)
    check_offsets(doc, paras)
    assert len(paras) == 15
    assert paras[0].text.startswith("U.S. Secretary of State Antony Blinken")
    assert [p.id for p in paras] == [f"seed.txt:{i}" for i in range(15)]
    assert any("“We don’t want a war." in p.text for p in paras)  # curly quotes kept


def test_whitespace_and_unicode_normalised(tmp_path):
    f = tmp_path / "a.txt"
    decomposed = unicodedata.normalize("NFD", "Café in Zürich")
    f.write_text(f"Title line\n\n{decomposed}   opened\u00a0today\tat noon, said the owner of the café.\n"
                 "It was   busy.\n\n\n\nSecond   paragraph here, long enough to stand on its own as a paragraph.\n")
    doc = load_file(f)[0]
    assert doc.title == "Title line"
    assert doc.text.startswith("Café in Zürich opened today at noon")
    assert unicodedata.is_normalized("NFC", doc.text)
    assert "café. It was busy." in doc.text  # lines of one paragraph joined with one space
    paras = split_paragraphs(doc)
    check_offsets(doc, paras)
    assert len(paras) == 2


def test_short_fragments_merge_and_long_paragraphs_split_at_sentences():
    sentences = [f"Sentence number {i} talks about the harbour bridge and the council vote." for i in range(40)]
    doc = make_document("d", "T", ["Short heading", " ".join(sentences), "Tail."], "d")
    paras = split_paragraphs(doc, max_chars=400)
    check_offsets(doc, paras)
    assert paras[0].text.startswith("Short heading\n\nSentence number 0")  # heading merged into its paragraph
    assert all(len(p.text) <= 400 for p in paras[:-1])
    assert all(p.text.endswith(".") for p in paras)  # cut at sentence ends
    assert paras[-1].text.endswith("Tail.")  # a trailing fragment joins the paragraph before it


def test_jsonl_records_and_bad_lines(tmp_path):
    f = tmp_path / "news.jsonl"
    f.write_text(json.dumps({"title": "One", "text": "First article text, long enough to be kept as it is."}) + "\n"
                 + "{not json}\n"
                 + json.dumps({"title": "Two", "text": "Second article text about something else entirely."}) + "\n")
    docs, warnings = load_corpus(f)
    assert [d.title for d in docs] == ["One", "Two"]
    assert len({d.doc_id for d in docs}) == 2
    assert any("news.jsonl:2" in w for w in warnings)


def test_non_utf8_is_read_with_a_warning(tmp_path):
    (tmp_path / "latin.txt").write_bytes("Headline\n\nThe mayor’s café opened on Monday in the old town.".encode("cp1252"))
    docs, warnings = load_corpus(tmp_path)
    assert "mayor’s café" in docs[0].text
    assert any("latin.txt" in w and "cp1252" in w for w in warnings)


def test_binary_unsupported_and_empty_files_are_skipped_not_fatal(tmp_path):
    (tmp_path / "good.txt").write_text("Good title\n\nA perfectly good paragraph of text about the bridge.")
    (tmp_path / "blob.txt").write_bytes(b"\x00\x01\x02binary" * 10)
    (tmp_path / "slides.pptx").write_bytes(b"PK\x03\x04")
    (tmp_path / "empty.md").write_text("   \n")
    docs, warnings = load_corpus(tmp_path)
    assert [d.title for d in docs] == ["Good title"]
    text = "\n".join(warnings)
    assert "blob.txt" in text and "binary" in text
    assert "slides.pptx" in text and "unsupported" in text
    assert "empty.md" in text


def test_missing_path_is_a_clear_error(tmp_path):
    with pytest.raises(BadInput, match="no such file"):
        load_corpus(tmp_path / "nope")


def test_html_main_text_and_title(tmp_path):
    f = tmp_path / "page.html"
    body = "".join(f"<p>Paragraph {i}: the council met on Tuesday to discuss the harbour bridge and its cost.</p>"
                   for i in range(5))
    f.write_text(f"<html><head><title>Bridge vote</title><script>var x = 1;</script></head><body>"
                 f"<nav>Home | About</nav><article><h1>Bridge vote</h1>{body}</article>"
                 f"<footer>Copyright 2024</footer></body></html>")
    doc = load_file(f)[0]
    assert doc.title == "Bridge vote"
    assert "Paragraph 0: the council met" in doc.text and "Paragraph 4" in doc.text
    assert "var x" not in doc.text
    check_offsets(doc, split_paragraphs(doc))


def test_pdf_text_and_broken_pdf(tmp_path):
    (tmp_path / "memo.pdf").write_bytes(text_pdf("The harbour bridge will cost 14 million euros."))
    doc = load_file(tmp_path / "memo.pdf")[0]
    assert "14 million euros" in doc.text
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4\nthis is not really a pdf")
    with pytest.raises(BadInput, match="broken.pdf"):
        load_file(tmp_path / "broken.pdf")


def test_long_paragraphs_are_cut_at_sentence_ends_not_after_abbreviations():
    sentence = "The U.S. Secretary of State spoke with Mr. Lavrov on Dec. 23 about the talks in Geneva. "
    doc = make_document("d", "T", [sentence * 30], "d.txt")
    paras = split_paragraphs(doc, max_chars=300)
    assert len(paras) > 5 and all(len(p.text) <= 300 for p in paras)
    for p in paras:
        assert p.text.startswith("The U.S. Secretary") and p.text.endswith("in Geneva.")
        assert doc.text[p.start:p.end] == p.text


def test_text_without_sentence_ends_is_still_cut_to_size():
    words = " ".join(f"word{i}" for i in range(3000))  # ~26,000 characters, no full stop
    doc = make_document("d", "T", [words, "x" * 2500], "d.txt")
    paras = split_paragraphs(doc, max_chars=1000)
    assert all(len(p.text) <= 1000 for p in paras) and len(paras) >= 28
    assert all(doc.text[p.start:p.end] == p.text for p in paras)
    assert " ".join(p.text for p in paras if p.text.startswith("word")) == words


def test_pdf_extraction_stops_at_its_time_limit_and_is_not_tried_again(tmp_path, monkeypatch):
    """The worker is killed at the deadline; the outcome is remembered by content hash, so the next
    build neither parses the file again nor reads a different number of pages."""
    from qa import pdf

    monkeypatch.setattr(pdf, "cache_dir", lambda: tmp_path / "cache")
    monkeypatch.setattr(pdf, "_MEMORY", {})
    (tmp_path / "memo.pdf").write_bytes(text_pdf("The harbour bridge will cost 14 million euros, said the mayor."))
    monkeypatch.setattr(pdf, "MAX_PDF_SECONDS", 0.01)  # past before the worker has read a page
    with pytest.raises(BadInput, match="stopped before reading any page"):
        load_file(tmp_path / "memo.pdf")
    runs = []
    monkeypatch.setattr(pdf, "_run_worker", lambda data, *rest: runs.append(1) or {"error": "ran again"})
    monkeypatch.setattr(pdf, "_MEMORY", {})  # a new process: only the disk remembers
    with pytest.raises(BadInput, match="stopped before reading any page"):
        load_file(tmp_path / "memo.pdf")
    assert runs == []


def test_pdf_reader_noise_is_one_warning_not_printed(tmp_path, capfd):
    """pypdf logs a line per broken cross-reference entry: the product says one line per file."""
    import re

    good = text_pdf("The harbour bridge will cost 14 million euros, said the mayor.")
    shifted = re.sub(rb"(\d{10}) 00000 n", lambda m: b"%010d 00000 n" % (int(m.group(1)) + 3), good)
    (tmp_path / "memo.pdf").write_bytes(shifted)
    warnings = []
    [doc] = load_file(tmp_path / "memo.pdf", warnings=warnings)
    out, err = capfd.readouterr()
    assert "14 million euros" in doc.text and out == "" and err == ""
    assert len(warnings) == 1 and "the PDF reader reported" in warnings[0] and "memo.pdf" in warnings[0]


def test_a_file_swapped_for_a_link_after_listing_is_not_read(tmp_path):
    """The check is made on the opened file, not on the listing: a link put in place between the two
    is refused when it is opened."""
    from qa.documents import iter_files, load_corpus

    secret = tmp_path / "secret.txt"
    secret.write_text("Server secret\n\nThe database password is hunter2, said nobody at all today.")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    article = corpus / "a.txt"
    article.write_text("A title\n\nThe council voted on the bridge on Tuesday, the mayor said to the press.")
    files, _ = iter_files(corpus)
    assert [f.name for f, _ in files] == ["a.txt"]
    article.unlink()
    article.symlink_to(secret)  # the swap, after the listing
    with pytest.raises(BadInput, match="a link"):
        load_file(article, root=corpus)
    folder = corpus / "sub"
    folder.mkdir()
    (folder / "b.txt").write_text("B title\n\nThe ferry pier opens in May, the harbour master said on Monday.")
    docs, warnings = load_corpus(corpus)
    folder.rename(tmp_path / "away")
    (corpus / "sub").symlink_to(tmp_path)  # a folder swapped for a link to outside the corpus
    with pytest.raises(BadInput, match="outside the corpus"):
        load_file(corpus / "sub" / "secret.txt", root=corpus)


def test_a_file_larger_than_the_limit_is_never_read_whole(tmp_path, monkeypatch):
    import qa.documents as documents

    monkeypatch.setattr(documents, "MAX_FILE_BYTES", 1000)
    (tmp_path / "big.txt").write_text("Title\n\n" + "word " * 1000)
    with pytest.raises(BadInput, match="limit per file"):
        load_file(tmp_path / "big.txt")
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(BadInput, match="not a regular file"):
        load_file(fifo)


def test_a_huge_one_line_article_is_cut_with_a_warning(tmp_path, monkeypatch):
    import qa.documents as documents

    monkeypatch.setattr(documents, "MAX_ARTICLE_CHARS", 5000)
    (tmp_path / "long.txt").write_text("Title\n\n" + "The council met again today. " * 2000)
    warnings = []
    [doc] = load_file(tmp_path / "long.txt", warnings=warnings)
    assert len(doc.text) <= 5000 and any("cut to its first 5,000 characters" in w for w in warnings)


def test_links_in_the_corpus_are_not_followed(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("Server secret\n\nThe database password is hunter2, said nobody at all.")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEED, corpus / SEED.name)
    (corpus / "notes.txt").symlink_to(secret)
    (corpus / "elsewhere").symlink_to(tmp_path, target_is_directory=True)
    docs, warnings = load_corpus(corpus)
    assert [d.doc_id for d in docs] == [SEED.name]
    assert any("notes.txt: skipped, a link" in w for w in warnings)
    assert not any("hunter2" in d.text for d in docs)
