"""Safety round four (issue #46), the parts that need no server: titles shown as text in Markdown,
terminal control characters out of the CLI's output, invisible characters out of questions."""
import io

from qa import ui
from qa.cli import PlainText
from qa.render import md_text

BEACON = "![t](http://198.51.100.7/beacon.png) <img src=x onerror=alert(1)> **bold** [link](http://x)"


def test_a_markdown_title_is_shown_as_text_in_the_remove_confirmation():
    class Service:
        def removable(self):
            return [(f"{BEACON} (a.md)", "a.md")]

    pending, text = ui.ask_to_remove(Service(), "a.md")
    assert pending == "a.md"
    for live in ("![", "](", "<img", "**bold**", "[link]"):
        assert live not in text.replace("Remove **", "").replace("**? It", ""), live
    assert r"\!\[t\]\(http://198\.51\.100\.7/beacon\.png\)" in text


def test_markdown_text_escapes_every_character_markdown_acts_on():
    shown = md_text(BEACON)
    assert "<img" not in shown and "&lt;img" in shown
    assert all(f"\\{c}" in shown for c in "![]()*")


def test_markdown_text_keeps_apostrophes_readable_and_stays_on_one_line():
    assert md_text("O'Brien's") == "O'Brien's"
    assert "\n" not in md_text("Title\n===\n- item")


def test_the_exported_conversation_quotes_titles_and_answers_as_text():
    text = ui.export_markdown([{"question": "Who?", "answer": BEACON, "score": 0.9, "title": BEACON,
                                "paragraph": 1, "file": "a.md"}])
    assert "![" not in text and "](" not in text and "<img" not in text


def test_the_cli_never_writes_terminal_control_sequences():
    out = io.StringIO()
    PlainText(out).write("Title\x1b]0;pwned\x07 a\x1b[2J b\x1b[31m red\x1b[0m\x9b\x00\tok\r\n")
    assert out.getvalue() == "Title a b red\tok\r\n"


def test_invisible_characters_inside_a_question_word_change_nothing(assistant):
    plain = assistant.ask("What did Peskov say about the talks?")
    hidden = assistant.ask("What did Pes\u200bkov s\u200bay about the t\u2060alks\u202e?")
    assert plain.answer is not None and hidden.answer is not None
    assert hidden.answer.text == plain.answer.text and hidden.question == plain.question
