"""python app.py for real: the named API endpoint through gradio_client, concurrency, and a browser."""
import os
import shutil
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from conftest import DATA, ROOT, SEED

CHROMIUM = "/usr/bin/chromium"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    d = tmp_path_factory.mktemp("app")
    corpus = d / "corpus"
    corpus.mkdir()
    shutil.copy(SEED, corpus / SEED.name)
    port = free_port()
    log = open(d / "app.log", "w")
    proc = subprocess.Popen([sys.executable, "app.py", "--corpus", str(corpus), "--index", str(d / "index"),
                             "--port", str(port)], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                            env=dict(os.environ, PYTHONUNBUFFERED="1"))
    url = f"http://127.0.0.1:{port}/"
    import urllib.request

    deadline = time.time() + 240
    while time.time() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"app.py exited: {(d / 'app.log').read_text()}")
        try:
            urllib.request.urlopen(url, timeout=2)
            break
        except OSError:
            time.sleep(0.5)
    else:
        proc.kill()
        pytest.fail("app.py did not start serving in time")
    yield {"url": url, "corpus": corpus, "dir": d}
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


def test_api_endpoint_answers(app):
    from gradio_client import Client

    client = Client(app["url"], verbose=False)
    r = client.predict("What did Peskov say about the talks?", 5, api_name="/ask")
    assert r["answer"] and "Peskov" in r["passage"] and r["passage"][r["start"]:r["end"]] == r["answer"]
    assert r["title"].startswith("US, NATO officials")
    assert client.predict("   ", 5, api_name="/ask") == {"error": "Please type a question."}


def test_twenty_concurrent_questions(app):
    from gradio_client import Client

    client = Client(app["url"], verbose=False)
    questions = [("Who is the Russian government spokesman?", "Dmitry Peskov"),
                 ("What did Russia submit earlier this month?", "draft security document"),
                 ("Who is the spokesperson of the U.S. State Department?", "Ned Price"),
                 ("When did Lavrov say Russia does not want a war?", "December 23")] * 5
    with ThreadPoolExecutor(20) as pool:
        jobs = [pool.submit(client.predict, q, 5, api_name="/ask") for q, _ in questions]
        results = [j.result(timeout=300) for j in jobs]
    for (q, expected), r in zip(questions, results):
        assert r["answer"], q
        assert expected in r["answer"], (q, r["answer"])


def need_chromium():
    """Skip without a browser on a developer's machine; in CI (CI=true) a missing browser fails."""
    if Path(CHROMIUM).exists():
        return
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"{CHROMIUM} is missing in CI: scripts/test.sh installs it (apt-get install chromium)")
    pytest.skip("Debian's chromium is not installed")


@pytest.mark.browser
def test_in_a_browser(app, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    need_chromium()
    evil = tmp_path / "evil_article.txt"
    evil.write_text("Evil test article\n\nThe parrot named <script>alert(1)</script> Captain Blue "
                    "<img src=x onerror=alert(2)> lives in the lighthouse of Port Esk since 2019.\n")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--no-first-run"])
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        dialogs = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(app["url"])
        box = page.locator("#question textarea")
        chat = page.locator("#chat")

        box.fill("What did Peskov say about the talks?")
        box.press("Enter")
        expect(chat.locator("mark").first).to_be_visible(timeout=60_000)
        expect(chat).to_contain_text("US, NATO officials discuss Russia")
        assert "Peskov" in chat.locator("blockquote").first.inner_text()

        box.fill("And Lavrov?")
        box.press("Enter")
        expect(chat).to_contain_text("Interpreting as: What did Lavrov say about the talks?", timeout=60_000)

        page.locator("#upload input[type=file]").set_input_files([str(DATA / "harbour_bridge.md"), str(evil)])
        page.locator("#add").click()
        expect(page.locator("#status")).to_contain_text("Added", timeout=120_000)
        expect(page.locator("#articles")).to_contain_text("Millbrook council approves new harbour bridge")
        assert (app["corpus"] / "harbour_bridge.md").exists()

        box.fill("How much will the harbour bridge cost?")
        box.press("Enter")
        expect(chat.locator("mark", has_text="14 million euros")).to_be_visible(timeout=60_000)

        box.fill("Where does the parrot live?")
        box.press("Enter")
        expect(chat).to_contain_text("<script>alert(1)</script>", timeout=60_000)  # shown as text
        time.sleep(1)
        assert dialogs == []  # nothing from the article ran
        if os.environ.get("QA_SCREENSHOT"):
            page.screenshot(path=os.environ["QA_SCREENSHOT"], full_page=True)
        browser.close()
