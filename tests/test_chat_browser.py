"""The conversation in a real browser (Playwright + Chromium, real `python app.py`): a pronoun and an
ellipsis, a clarifying question answered by a click, the "Search in" filter, a citation opened with
its span highlighted, and the conversation downloaded as Markdown."""
import os
import subprocess
import sys

import pytest

from conftest import DATA, ROOT, SEED
from test_app import CHROMIUM, free_port, need_chromium, wait_until_up


@pytest.fixture(scope="module")
def six_articles(tmp_path_factory):
    import shutil

    d = tmp_path_factory.mktemp("six")
    corpus = d / "corpus"
    corpus.mkdir()
    for f in [SEED, DATA / "harbour_bridge.md", *sorted((DATA / "articles").glob("*.md"))]:
        shutil.copy(f, corpus / f.name)
    port = free_port()
    log = open(d / "app.log", "w")
    proc = subprocess.Popen([sys.executable, "app.py", "--corpus", str(corpus), "--index", str(d / "index"),
                             "--port", str(port)], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                            env=dict(os.environ, PYTHONUNBUFFERED="1"))
    url = f"http://127.0.0.1:{port}/"
    wait_until_up(url, proc, d / "app.log")
    yield url
    proc.terminate()
    proc.wait(20)


@pytest.mark.browser
def test_a_conversation_in_the_browser(six_articles, tmp_path):
    need_chromium()
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1400, "height": 1100}, accept_downloads=True)
        page.goto(six_articles)
        box, chat = page.locator("#question textarea"), page.locator("#chat")

        # Three turns: a question, a pronoun, an ellipsis.
        box.fill("Who is the Russian government spokesman?")
        box.press("Enter")
        expect(chat).to_contain_text("Dmitry Peskov", timeout=60_000)
        box.fill("What did he say about the talks?")
        box.press("Enter")
        expect(chat).to_contain_text("Interpreting as: What did Dmitry Peskov say about the talks?", timeout=60_000)
        box.fill("And Lavrov?")
        box.press("Enter")
        expect(chat).to_contain_text("Interpreting as: What did Lavrov say about the talks?", timeout=60_000)

        # Unsure who "he" is: asked back, answered by a click.
        box.fill("When did Blinken and Stoltenberg hold phone talks?")
        box.press("Enter")
        expect(chat).to_contain_text("December 23", timeout=60_000)
        box.fill("What did he say?")
        box.press("Enter")
        expect(chat).to_contain_text("Do you mean Blinken or Stoltenberg?", timeout=60_000)
        page.get_by_role("button", name="Stoltenberg", exact=True).last.click()
        expect(chat).to_contain_text("Interpreting as: What did Stoltenberg say?", timeout=60_000)

        # The filter: the same question, first over all articles, then within the bridge article.
        box.fill("Who designed it?")
        page.locator("#search-in input").click()
        page.get_by_role("option", name="harbour_bridge.md").first.click()
        page.keyboard.press("Escape")
        box.press("Enter")
        last = chat.locator(".message").last
        expect(last).to_contain_text("Millbrook council approves new harbour bridge", timeout=60_000)
        expect(last.locator("mark")).to_contain_text("Delacroix")

        # Its citation opens the whole article, the paragraph in view, the span highlighted.
        last.click()
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
        assert "*Searched in:* harbour_bridge.md" in text and "Delacroix" in text
        assert "(nato_russia_talks.txt)" in text
        browser.close()
