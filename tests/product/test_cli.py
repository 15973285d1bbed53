import json
import subprocess
import sys

from conftest import ROOT


def run(*args, **kw):
    return subprocess.run([sys.executable, "-m", "qa", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=300, **kw)


def test_lab_commands_are_not_in_the_product_cli():
    r = run("eval-reader")
    assert r.returncode == 2 and "invalid choice" in r.stderr


def test_help_does_not_import_heavy_libraries():
    code = ("import sys\nfrom qa.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "heavy = [m for m in ('torch', 'transformers', 'sentence_transformers', 'gradio', 'faiss') if m in sys.modules]\n"
            "print('HEAVY', heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT).stdout
    assert "usage: qa" in out and "HEAVY []" in out


def test_index_search_ask_json(tmp_path, corpus):
    index = tmp_path / "index"
    r = run("index", str(corpus), "--index", str(index))
    assert r.returncode == 0, r.stderr
    assert "15 paragraphs" in r.stdout
    r = run("search", "What did Peskov say about the talks?", "--index", str(index), "--k", "2", "--json")
    found = json.loads(r.stdout)  # the JSON API's /api/search shape
    assert found["query"].startswith("What did Peskov") and len(found["hits"]) == 2
    assert "Peskov" in found["hits"][0]["text"] and found["hits"][0]["file"] == "nato_russia_talks.txt"
    r = run("ask", "What did Peskov say about the talks?", "--index", str(index), "--json")
    assert r.returncode == 0, r.stderr
    reply = json.loads(r.stdout)  # the JSON API's /api/ask shape
    assert reply["answer"] and "Peskov" in reply["passage"] and reply["title"].startswith("US, NATO officials")
    assert reply["passage"][reply["start"]:reply["end"]] == reply["answer"] and len(reply["passages"]) == 5
    assert reply["passages"][0]["paragraph_id"].startswith("nato_russia_talks.txt:")


def test_clear_errors_not_tracebacks(tmp_path, seed_index):
    r = run("search", "anything", "--index", str(tmp_path / "none"))
    assert r.returncode == 2 and "No index in" in r.stderr and "Traceback" not in r.stderr
    r = run("index", str(tmp_path / "missing"), "--index", str(tmp_path / "i"))
    assert r.returncode == 2 and "no such file or folder" in r.stderr and "Traceback" not in r.stderr
    r = run("ask", "   ", "--index", str(seed_index))  # a real index: only the question is wrong
    assert r.returncode == 2 and "Please type a question." in r.stderr and "Traceback" not in r.stderr
    import os

    env = dict(os.environ, QA_READER=str(tmp_path / "nope"))
    r = run("ask", "x?", "--index", str(seed_index), env=env)
    assert r.returncode == 2 and "QA_READER" in r.stderr and "Traceback" not in r.stderr


def test_chat_follow_ups_on_stdin(seed_index):
    r = run("chat", "--index", str(seed_index),
            input="What did Peskov say about the talks?\nAnd Lavrov?\n\n")
    assert r.returncode == 0, r.stderr
    assert "(interpreting as: What did Lavrov say about the talks?)" in r.stdout


def test_ask_and_search_never_import_gradio(seed_index):
    code = ("import sys\nfrom qa.cli import main\n"
            f"main(['ask', 'What did Peskov say about the talks?', '--index', {str(seed_index)!r}])\n"
            f"main(['search', 'Peskov', '--index', {str(seed_index)!r}])\n"
            "print('GRADIO', 'gradio' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert "Answer:" in out.stdout and "GRADIO False" in out.stdout, out.stderr


def test_qa_add_a_link_and_a_feed_then_ask(tmp_path, news_site):
    """`qa add URL` end to end over a local site: saved into the corpus with its date and source,
    indexed, answered from; a feed adds its other item and skips the one already there."""
    import os

    env = dict(os.environ, QA_ALLOW_PRIVATE_URLS="1")
    corpus, index = tmp_path / "news", tmp_path / "index"
    r = run("add", news_site + "/article", "--corpus", str(corpus), "--store", str(index), env=env)
    assert r.returncode == 0, r.stderr
    assert "Added Council_approves_harbour_bridge.md: Council approves harbour bridge (2022-01-05)" in r.stdout
    saved = (corpus / "Council_approves_harbour_bridge.md").read_text()
    assert "Date: 2022-01-05" in saved and f"Source: {news_site}/article" in saved
    r = run("ask", "How long will the bridge be?", "--store", str(index), "--json")
    reply = json.loads(r.stdout)
    assert "240 metres" in reply["answer"] and reply["date"] == "2022-01-05"
    r = run("add", news_site + "/feed", "--corpus", str(corpus), "--store", str(index), env=env)
    assert r.returncode == 0 and "already in" in r.stderr and r.stdout.count("Added ") == 1, r.stdout + r.stderr
    r = run("add", news_site + "/moved", "--corpus", str(corpus), "--store", str(index))  # not allowed by default
    assert r.returncode == 2 and "local or private address" in r.stderr and "Traceback" not in r.stderr
