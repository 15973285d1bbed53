"""python app.py for real: the named API endpoint through gradio_client, concurrency, and a browser."""
import json
import os
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from conftest import DATA, SEED

@pytest.fixture(scope="module")
def app(tmp_path_factory, server):
    d = tmp_path_factory.mktemp("app")
    with server.serving(d, [SEED]) as url:
        yield {"url": url, "corpus": d / "corpus", "dir": d}


def test_api_endpoint_answers(app):
    from gradio_client import Client

    client = Client(app["url"], verbose=False)
    r = client.predict("What did Peskov say about the talks?", 5, api_name="/ask")
    assert r["answer"] and "Peskov" in r["passage"] and r["passage"][r["start"]:r["end"]] == r["answer"]
    assert r["title"].startswith("US, NATO officials")
    assert client.predict("   ", 5, api_name="/ask") == {"error": "Please type a question."}


def test_api_bounds_k_and_names_no_server_paths(app):
    from gradio_client import Client

    client = Client(app["url"], verbose=False)
    assert "error" in client.predict("What did Peskov say?", 10_000, api_name="/ask")
    assert "error" in client.predict("What did Peskov say?", 0, api_name="/ask")
    r = client.predict("What did Peskov say about the talks?", 5, api_name="/ask")
    assert r["file"] == "nato_russia_talks.txt" and all(p["file"] == "nato_russia_talks.txt" for p in r["passages"])
    corpus = str(app["corpus"])
    assert corpus not in json.dumps(r)
    import urllib.request

    config = urllib.request.urlopen(app["url"] + "config", timeout=30).read().decode()
    assert corpus not in config and str(app["dir"]) not in config  # no absolute paths in the page's config


def _queue_call(url, fn_index, data, session):
    """What a script can send without the page: a raw join of the queue, then the event's result."""
    import urllib.request

    body = json.dumps({"data": data, "fn_index": fn_index, "session_hash": session, "event_data": None,
                       "trigger_id": None}).encode()
    req = urllib.request.Request(url + "gradio_api/queue/join", data=body,
                                 headers={"Content-Type": "application/json"})
    urllib.request.urlopen(req, timeout=30).read()
    stream = urllib.request.urlopen(f"{url}gradio_api/queue/data?session_hash={session}", timeout=120)
    for raw in stream:
        line = raw.decode().strip()
        if line.startswith("data:") and "process_completed" in line:
            return json.loads(line[5:])
    return None


def test_a_raw_queue_request_removes_nothing(app):
    import urllib.request

    config = json.loads(urllib.request.urlopen(app["url"] + "config", timeout=30).read())
    ids = {c["props"].get("elem_id"): c["id"] for c in config["components"]}
    confirm = next(d["id"] for d in config["dependencies"] if [ids["confirm-remove"], "click"] in d["targets"])
    seed = app["corpus"] / SEED.name
    result = _queue_call(app["url"], confirm, [SEED.name], "rawcaller1")
    assert result is not None and result.get("success") is True
    assert seed.exists() and not (app["corpus"] / ".trash").exists()
    assert "Nothing to remove" in json.dumps(result)


def test_json_api_ask_search_articles(app, server):
    status, r = server.http(app["url"] + "api/ask", {"question": "What did Peskov say about the talks?"})
    assert status == 200 and r["answer"] and r["passage"][r["start"]:r["end"]] == r["answer"]
    assert r["file"] == SEED.name and r["paragraph"] >= 1 and 0 < r["score"] <= 1 and len(r["passages"]) == 5
    follow = server.http(app["url"] + "api/ask", {"question": "And Lavrov?", "k": 3, "history": [
        {"question": "What did Peskov say about the talks?", "answer": r["answer"]}]})[1]
    assert follow["interpreted_question"] == "What did Lavrov say about the talks?" and len(follow["passages"]) == 3
    # Unsure which body "it" is: the API asks back (nothing searched) and takes the pick as person.
    bid = [{"question": "Who bid for Harbour Holdings?", "answer": "Norvik Ports and Baltic Shipping Group"}]
    asked = server.http(app["url"] + "api/ask", {"question": "What did it offer?", "history": bid})[1]
    assert asked["clarify"] == ["Norvik Ports", "Baltic Shipping Group"] and asked["answer"] is None
    picked = server.http(app["url"] + "api/ask", {"question": "What did it offer?", "history": bid,
                                                  "person": "Baltic Shipping Group"})[1]
    assert picked["interpreted_question"] == "What did Baltic Shipping Group offer?" and not picked["clarify"]
    declined = server.http(app["url"] + "api/ask", {"question": "What is the boiling point of liquid nitrogen?"})[1]
    assert declined["answer"] is None and declined["passages"]
    status, hits = server.http(app["url"] + "api/search?q=Peskov%20talks&k=2")
    assert status == 200 and len(hits["hits"]) == 2 and "Peskov" in hits["hits"][0]["text"]
    status, arts = server.http(app["url"] + "api/articles")
    assert status == 200 and SEED.name in {a["file"] for a in arts["articles"]}
    status, within = server.http(app["url"] + "api/ask", {"question": "What did Peskov say?", "articles": [SEED.name]})
    assert status == 200 and all(p["file"] == SEED.name for p in within["passages"])


@pytest.mark.parametrize("raw, body, expected_status, says", [
    (b"{not json", None, 400, "not valid JSON"),
    (None, {}, 422, "question"),
    (None, {"question": ""}, 422, "question"),
    (None, {"question": "x" * 5000}, 422, "question"),
    (None, {"question": "Why?", "k": 0}, 422, "k"),
    (None, {"question": "Why?", "k": "many"}, 422, "k"),
    (None, {"question": "Why?", "surprise": 1}, 422, "surprise"),
    (None, {"question": "Why?", "history": "not a list"}, 422, "history"),
    (None, {"question": "Why?", "articles": ["nope.md"]}, 400, "No article named nope.md"),
    (None, {"question": "   "}, 400, "Please type a question"),
])
def test_json_api_refuses_bad_requests_in_one_line(app, raw, body, expected_status, says, server):
    status, r = server.http(app["url"] + "api/ask", body, raw=raw)
    assert status == expected_status and says in r["error"] and "\n" not in r["error"]


def test_json_api_search_bad_requests(app, server):
    assert server.http(app["url"] + "api/search")[0] == 422
    assert server.http(app["url"] + "api/search?q=x&k=500")[0] == 422
    status, r = server.http(app["url"] + "api/search?q=x&article=nope.md")
    assert status == 400 and "nope.md" in r["error"]
    status, spec = server.http(app["url"] + "openapi.json")
    assert status == 200 and {"/api/ask", "/api/search", "/api/articles"} <= set(spec["paths"])


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


@pytest.mark.browser
def test_in_a_browser(app, tmp_path, server):
    from playwright.sync_api import expect, sync_playwright

    server.need_chromium()
    evil = tmp_path / "evil_article.txt"
    evil.write_text("Evil test article\n\nThe parrot named <script>alert(1)</script> Captain Blue "
                    "<img src=x onerror=alert(2)> lives in the lighthouse of Port Esk since 2019.\n")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=server.CHROMIUM, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--no-first-run"])
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        dialogs = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        server.open_app(page, app["url"], "nato_russia_talks.txt")
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
        expect(page.locator("#upload")).to_contain_text("evil_article", timeout=60_000)  # uploaded (shown as "evil_article .txt")
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

        # The user's own words are text: a markdown image is not fetched, $...$ is not math.
        box.fill("What about ![x](http://127.0.0.1:9/pixel.png) and $$x^2$$ here?")
        box.press("Enter")
        expect(chat).to_contain_text("![x](http://127.0.0.1:9/pixel.png)", timeout=60_000)
        assert chat.locator("img[src*='pixel']").count() == 0 and chat.locator(".katex").count() == 0

        # Removing: nothing is preselected, the article is named before anything moves, and it
        # goes to the trash, from where it comes back.
        expect(page.locator("#remove-choice input")).to_have_value("")
        page.locator("#remove").click()
        expect(page.locator("#status")).to_contain_text("Pick an article to remove")
        bridge = app["corpus"] / "harbour_bridge.md"
        page.locator("#remove-choice input").click()
        page.get_by_role("option", name="harbour_bridge.md").first.click()
        page.locator("#remove").click()
        expect(page.locator("#status")).to_contain_text("Remove Millbrook council approves new harbour bridge")
        assert bridge.exists()  # asked, not yet done
        page.locator("#confirm-remove").click()
        expect(page.locator("#status")).to_contain_text("Moved harbour_bridge.md to the trash", timeout=120_000)
        assert not bridge.exists() and len(list((app["corpus"] / ".trash").iterdir())) == 1
        expect(page.locator("#articles")).not_to_contain_text("Millbrook council approves")
        page.locator("#trash-choice input").click()
        page.get_by_role("option", name="harbour_bridge.md").first.click()
        page.locator("#restore").click()
        expect(page.locator("#status")).to_contain_text("Restored harbour_bridge.md", timeout=120_000)
        assert bridge.exists()
        expect(page.locator("#articles")).to_contain_text("Millbrook council approves new harbour bridge")
        if os.environ.get("QA_SCREENSHOT"):
            page.screenshot(path=os.environ["QA_SCREENSHOT"], full_page=True)
        browser.close()


def test_a_file_dropped_into_a_watched_corpus_is_answered_within_seconds(tmp_path):
    """`python app.py --watch`: a new article file answers its question within 10 s on 2 cores, while
    20 other questions arriving meanwhile are all answered; the status line says what came."""
    import shutil
    import threading

    from conftest import DATA

    from qa_lab.attack import Server, http

    (tmp_path / "news").mkdir()
    shutil.copy(SEED, tmp_path / "news" / SEED.name)
    app = Server(tmp_path, "news", "index", ["--watch"], cwd=tmp_path).wait_up()
    try:
        results = []

        def meanwhile():
            for _ in range(20):
                results.append(http(app.url + "api/ask", {"question": "Who is the Russian government spokesman?"}))

        asker = threading.Thread(target=meanwhile)
        time.sleep(1.5)  # the watch starts once the models are loaded
        asker.start()
        dropped = time.perf_counter()
        shutil.copy(DATA / "harbour_bridge.md", tmp_path / "news" / "harbour_bridge.md")
        answered = None
        while time.perf_counter() - dropped < 30:
            status, reply = http(app.url + "api/ask", {"question": "How much will the harbour bridge cost?"})
            if status == 200 and reply["answer"] and "14 million" in reply["answer"]:
                answered = time.perf_counter() - dropped
                break
            time.sleep(0.25)
        asker.join(120)
        assert answered is not None and answered <= 10, answered
        assert len(results) == 20 and all(s == 200 and "Peskov" in (r["answer"] or "") for s, r in results)
        status, page = http(app.url + "api/status")
        (tmp_path / "news" / "harbour_bridge.md").unlink()  # removed: dropped from the index too
        deadline = time.time() + 15
        while time.time() < deadline:
            files = {a["file"] for a in http(app.url + "api/articles")[1]["articles"]}
            if files == {SEED.name}:
                break
            time.sleep(0.25)
        assert files == {SEED.name}
    finally:
        app.stop()
