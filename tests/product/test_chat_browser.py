"""The conversation in a real browser (Playwright + Chromium, real `python app.py`): a pronoun and an
ellipsis, a clarifying question answered by a click, the "Search in" filter, a citation opened with
its span highlighted, and the conversation downloaded as Markdown."""
import pytest

from conftest import DATA, SEED


@pytest.fixture(scope="module")
def six_articles(tmp_path_factory, server):
    files = [SEED, DATA / "harbour_bridge.md", *sorted((DATA / "articles").glob("*.md"))]
    with server.serving(tmp_path_factory.mktemp("six"), files) as url:
        yield url


@pytest.mark.browser
def test_a_conversation_in_the_browser(six_articles, tmp_path, server):
    server.need_chromium()
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=server.CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1400, "height": 1100}, accept_downloads=True)
        server.open_app(page, six_articles, "nato_russia_talks.txt")
        box, chat = page.locator("#question textarea"), page.locator("#chat")

        messages = chat.locator(".message-row")  # one per message, the user's and the assistant's

        def ask(question, expected, replies=1):
            """Type a question and wait for its own reply (earlier replies can hold the same words)."""
            before = messages.count()
            box.fill(question)
            box.press("Enter")
            expect(messages).to_have_count(before + 1 + replies, timeout=60_000)
            expect(messages.last).to_contain_text(expected, timeout=60_000)

        # Three turns: a question, a pronoun, an ellipsis.
        ask("Who is the Russian government spokesman?", "Dmitry Peskov")
        ask("What did he say about the talks?", "Interpreting as: What did Dmitry Peskov say about the talks?")
        ask("And Lavrov?", "Interpreting as: What did Lavrov say about the talks?")

        # Unsure who "he" is: asked back, answered by a click.
        ask("When did Blinken and Stoltenberg hold phone talks?", "December 23")
        ask("What did he say?", "Do you mean Blinken or Stoltenberg?")
        before = messages.count()
        page.get_by_role("button", name="Stoltenberg", exact=True).last.click()
        expect(messages).to_have_count(before + 2, timeout=60_000)
        expect(messages.last).to_contain_text("Interpreting as: What did Stoltenberg say?", timeout=60_000)

        # The filter: the same question, first over all articles, then within the bridge article.
        page.locator("#search-in input").click()
        page.get_by_role("option", name="harbour_bridge.md").first.click()
        page.keyboard.press("Escape")
        ask("Who designed it?", "Millbrook council approves new harbour bridge")
        last = messages.last
        expect(last.locator("mark")).to_contain_text("Delacroix")

        # Its citation opens the whole article, the paragraph in view, the span highlighted.
        last.locator("blockquote").click()
        source = page.locator("#source")
        expect(source).to_contain_text("Millbrook council approves new harbour bridge", timeout=30_000)
        expect(source.locator("#qa-cited mark")).to_have_text("Delacroix & Partners")
        expect(source).to_contain_text("harbour_bridge.md")
        expect(source.locator("#qa-cited")).to_be_in_viewport()

        # The conversation as Markdown.
        with page.expect_download(timeout=30_000) as download:
            page.locator("#export").click()
        text = open(download.value.path(), encoding="utf-8").read()
        assert text.startswith("# Conversation with qa")
        assert "*Interpreted as:* What did Dmitry Peskov say about the talks?" in text
        assert "*Interpreted as:* What did Stoltenberg say?" in text
        # Names are Markdown-escaped text in the export (a title could otherwise be an image or a link).
        assert "*Searched in:* harbour\\_bridge\\.md" in text and "Delacroix" in text
        assert "(nato\\_russia\\_talks\\.txt)" in text
        browser.close()


def contrast(fg: str, bg: str) -> float:
    """WCAG contrast ratio of two CSS rgb()/rgba() colours."""
    import re

    def luminance(css):
        r, g, b = (int(x) / 255 for x in re.findall(r"[\d.]+", css)[:3])
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    a, b = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (a + 0.05) / (b + 0.05)


@pytest.fixture()
def relative_app(tmp_path):
    """relative_app(files): `python app.py --corpus news` run from the folder holding news/ (a relative
    corpus, as the README runs it), news/ holding files {name: text}; the server, up (stopped after)."""
    from qa_lab.attack import Server

    started = []

    def start(files):
        (tmp_path / "news").mkdir()
        for name, text in files.items():
            (tmp_path / "news" / name).write_text(text, encoding="utf-8")
        started.append(Server(tmp_path, "news", "index", cwd=tmp_path).wait_up())
        return started[-1]

    yield start
    for app in started:
        app.stop()


def open_browser(pw, server):
    browser = pw.chromium.launch(executable_path=server.CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"])
    return browser, browser.new_page(viewport={"width": 1400, "height": 1100})


@pytest.mark.browser
def test_restore_with_a_relative_corpus_and_dark_mode_contrast(tmp_path, server, relative_app):
    """`python app.py --corpus news` from the folder holding news/ (a relative corpus, as the README
    runs it): remove an article from the page, restore it from the trash; then, in dark mode, the
    highlighted answer keeps WCAG AA contrast (4.5:1); then, on a phone, a citation opens in view."""
    from playwright.sync_api import expect, sync_playwright

    server.need_chromium()
    app = relative_app({SEED.name: SEED.read_text(encoding="utf-8"),
                        "harbour_bridge.md": (DATA / "harbour_bridge.md").read_text(encoding="utf-8")})
    with sync_playwright() as pw:
        browser, page = open_browser(pw, server)
        server.open_app(page, app.url, "harbour_bridge.md")
        page.locator("#remove-choice input").click()
        page.get_by_role("option", name="Millbrook council approves new harbour bridge (harbour_bridge.md)").click()
        page.locator("#remove").click()
        page.locator("#confirm-remove").click()
        expect(page.locator("#status")).to_contain_text("Moved harbour_bridge.md to the trash", timeout=60_000)
        assert not (tmp_path / "news" / "harbour_bridge.md").exists()
        page.locator("#trash-choice input").click()
        page.get_by_role("option").filter(has_text="harbour_bridge.md").first.click()
        page.locator("#restore").click()
        expect(page.locator("#status")).to_contain_text("Restored harbour_bridge.md", timeout=60_000)
        assert (tmp_path / "news" / "harbour_bridge.md").exists()

        dark = browser.new_page(viewport={"width": 1400, "height": 1100}, color_scheme="dark")
        server.open_app(dark, app.url + "?__theme=dark", "harbour_bridge.md")
        dark.locator("#question textarea").fill("Who is the Russian government spokesman?")
        dark.locator("#question textarea").press("Enter")
        mark = dark.locator("#chat mark").last
        expect(mark).to_contain_text("Dmitry Peskov", timeout=60_000)
        fg, bg = mark.evaluate("m => [getComputedStyle(m).color, getComputedStyle(m).backgroundColor]")
        assert contrast(fg, bg) >= 4.5, (fg, bg)

        # On a phone the source panel sits far below the conversation: opening a citation brings it
        # into view, its cited paragraph too.
        phone = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
        server.open_app(phone, app.url, "harbour_bridge.md")
        phone.locator("#question textarea").fill("Who is the Russian government spokesman?")
        phone.locator("#question textarea").press("Enter")
        answer = phone.locator("#chat .message-row").last
        expect(answer).to_contain_text("Dmitry Peskov", timeout=60_000)
        answer.locator("blockquote").click()
        expect(phone.locator("#source #qa-cited mark")).to_have_text("Dmitry Peskov", timeout=30_000)
        expect(phone.locator("#qa-cited")).to_be_in_viewport(timeout=10_000)
        browser.close()


@pytest.mark.browser
def test_a_resaved_story_is_flagged_and_not_answered_twice(tmp_path, server, relative_app):
    """The seed article saved again under a new name and headline: the article list says it is a
    duplicate, and a reply quotes its paragraph once, not once per copy."""
    from playwright.sync_api import expect, sync_playwright

    server.need_chromium()
    text = SEED.read_text(encoding="utf-8")
    app = relative_app({SEED.name: text, "talks-copy.txt": "Russia and NATO prepare for talks\n" + text.split("\n", 1)[1]})
    with sync_playwright() as pw:
        browser, page = open_browser(pw, server)
        server.open_app(page, app.url, "duplicate of nato_russia_talks.txt")
        page.locator("#question textarea").fill("Who is the Russian government spokesman?")
        page.locator("#question textarea").press("Enter")
        reply = page.locator("#chat .message-row").last
        expect(reply).to_contain_text("Dmitry Peskov", timeout=60_000)
        text = reply.text_content()
        # the answer's paragraph, once in the quote and once among the retrieved passages: not per copy
        assert text.count("quick agreement on the start of the talks") == 2, text
        assert "US, NATO officials discuss" in text  # cited by the original, not by the re-save
        browser.close()


@pytest.mark.browser
def test_a_four_turn_chat_across_two_dated_articles(tmp_path, server, relative_app):
    """A description ("that offer"), a pronoun ("she", a woman the article names in an appositive)
    and a topic switch ("Now about the bridge: ...") across two dated articles, each turn's reading
    shown, each answer from its own article."""
    server.need_chromium()
    from playwright.sync_api import expect, sync_playwright

    app = relative_app({
        "bid.md": "# Norvik Ports bids for Harbour Holdings\n\nDate: 2022-01-12\n\nNorvik Ports offered 530 pence a "
                  "share for Harbour Holdings on Wednesday. Its chief executive, Priya Natarajan, said the offer was "
                  "fair. She said shareholders would be paid in cash by the end of March.\n",
        "bridge.md": "# Millbrook approves harbour bridge\n\nDate: 2022-02-03\n\nMillbrook council approved the new "
                     "harbour bridge on Thursday. Mayor Elena Voss said construction would begin in the spring and "
                     "take two years.\n"})
    with sync_playwright() as pw:
        browser, page = open_browser(pw, server)
        server.open_app(page, app.url, "bridge.md")
        box, messages = page.locator("#question textarea"), page.locator("#chat .message-row")

        def ask(question, *expected):
            before = messages.count()
            box.fill(question)
            box.press("Enter")
            expect(messages).to_have_count(before + 2, timeout=60_000)
            for words in expected:
                expect(messages.last).to_contain_text(words, timeout=60_000)

        ask("What did Norvik Ports offer for Harbour Holdings in January?", "530 pence",
            "Norvik Ports bids for Harbour Holdings (2022-01-12)")
        ask("Who said that offer was fair?", "Interpreting as: Who said the Norvik Ports offer was fair?",
            "Priya Natarajan")
        ask("What did she say about payment?", "Interpreting as: What did Priya Natarajan say about payment?",
            "in cash")
        ask("Now about the bridge: when will construction begin?",
            "Interpreting as: The bridge: when will construction begin?", "spring",
            "Millbrook approves harbour bridge (2022-02-03)")
        browser.close()
