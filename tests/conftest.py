"""Shared fixtures, and the two lanes.

The fast lane (`pytest -m "not slow"`) loads no real model and starts no server: a test is slow when
it uses a fixture that loads a model or starts a server (SLOW_FIXTURES), or lives in a module that
runs the product in subprocesses (SLOW_MODULES), or says so with @pytest.mark.slow.
"""
import contextlib
import json
import os
import tempfile as _tempfile
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "nato_russia_talks.txt"
# The tests' PDF outcomes are remembered in a folder of their own, never the user's cache.
os.environ.setdefault("QA_PDF_CACHE", _tempfile.mkdtemp(prefix="qa-test-pdf-cache-"))
DATA = Path(__file__).resolve().parent / "data"

SLOW_FIXTURES = {"embedder", "reader", "tokenizer", "seed_index", "retriever", "assistant", "milvus", "app",
                 "installed", "six_articles", "torch_embedder", "onnx_embedder", "built_wheel"}
SLOW_MODULES = {"test_app", "test_chat_browser", "test_cli", "test_wheel", "test_embed", "test_onnx_embed",
                "test_onnx_reader", "test_reader_model", "test_open_book", "test_train", "test_unanswerable"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        module = item.module.__name__.rsplit(".", 1)[-1]
        uses = set(getattr(item, "fixturenames", ()))
        milvus_param = "store" in uses and "milvus" in item.name
        if module in SLOW_MODULES or uses & SLOW_FIXTURES or milvus_param:
            item.add_marker(pytest.mark.slow)


class TinyEmbedder:
    """A deterministic embedder for the fast lane: hashed word stems into 64 dimensions, normalised.
    It has the Embedder's interface (name, dim, backend, encode, encode_documents) and no model."""
    name, dim, backend = "tests/tiny-hash-64", 64, "numpy"

    def encode(self, texts, batch_size=None, progress=False):
        import zlib

        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in "".join(c.lower() if c.isalnum() else " " for c in text).split():
                out[i, zlib.crc32(word[:6].encode()) % self.dim] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.maximum(norms, 1e-12)

    encode_documents = encode


@pytest.fixture(scope="session")
def built_wheel(tmp_path_factory):
    """qa's wheel, built once per test session: (its path, the build's verbose log)."""
    d = tmp_path_factory.mktemp("wheel-build")
    r = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-v",
                        "-w", str(d), str(ROOT)], capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-2000:]
    [wheel] = d.glob("qa-*.whl")
    return wheel, r.stdout + r.stderr


@pytest.fixture(scope="session")
def tiny_embedder():
    return TinyEmbedder()


@pytest.fixture()
def settings_env(monkeypatch):
    """set(NAME=value, ...): change environment settings for one test (read again by qa.settings)."""
    from qa import settings

    def set_env(**env):
        for k, v in env.items():
            if v is None:
                monkeypatch.delenv(k, raising=False)
            else:
                monkeypatch.setenv(k, v)
        settings.use(None)

    yield set_env
    settings.use(None)


@pytest.fixture(scope="session")
def embedder(onnx_cache):
    from qa.embed import Embedder

    return Embedder()


@pytest.fixture(scope="session")
def tokenizer():
    from transformers import AutoTokenizer

    from qa.weights import resolve_embedder

    return AutoTokenizer.from_pretrained(resolve_embedder()[1])  # packaged MiniLM's uncased WordPiece


@pytest.fixture(scope="session")
def reader(onnx_cache):
    from qa.reader import Reader

    return Reader.load()


@pytest.fixture()
def corpus(tmp_path):
    """A fresh copy of the seed corpus."""
    d = tmp_path / "corpus"
    d.mkdir()
    shutil.copy(SEED, d / SEED.name)
    return d


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory, embedder):
    from qa.indexing import build_index

    d = tmp_path_factory.mktemp("seed")
    corpus = d / "corpus"
    corpus.mkdir()
    shutil.copy(SEED, corpus / SEED.name)
    build_index(corpus, d / "index", embedder=embedder, progress=False)
    return d / "index"


@pytest.fixture(scope="session")
def retriever(seed_index, embedder):
    from qa.retrieve import Retriever

    return Retriever.load(seed_index, embedder)


def make_assistant(folder, files, embedder, reader):
    """An Assistant over copies of files, indexed in folder, sharing the session's models."""
    from qa.assistant import Assistant
    from qa.indexing import build_index
    from qa.retrieve import Retriever

    corpus = folder / "corpus"
    corpus.mkdir()
    for f in files:
        shutil.copy(f, corpus / f.name)
    build_index(corpus, folder / "index", embedder=embedder, progress=False)
    return Assistant(Retriever.load(folder / "index", embedder), reader, corpus, folder / "index")


@pytest.fixture(scope="session")
def assistant_over():
    """assistant_over(folder, files, embedder, reader): an Assistant over copies of files."""
    return make_assistant


@pytest.fixture(scope="session")
def assistant(tmp_path_factory, embedder, reader):
    """Seed article plus a second test article (about a fictional town council)."""
    return make_assistant(tmp_path_factory.mktemp("assistant"), [SEED, DATA / "harbour_bridge.md"], embedder, reader)



def milvus_lite(data_dir):
    """A MilvusLite server (qa_lab/milvus_lite.py), not yet started; a failure in CI, never a skip."""
    from qa_lab.milvus_lite import MilvusLite

    try:
        return MilvusLite(data_dir)
    except FileNotFoundError as e:
        if os.environ.get("CI"):
            pytest.fail(str(e))  # CI runs the Milvus suite: never skipped there
        pytest.skip(str(e))


class RealMilvus:
    def __init__(self, uri):
        self.uri = uri


@pytest.fixture(scope="session")
def milvus(tmp_path_factory):
    """One milvus-lite server for the session; tests use their own collections (see new_collection).
    With MILVUS_URI set, the same tests run against that Milvus instead (a real one)."""
    if os.environ.get("MILVUS_URI"):
        yield RealMilvus(os.environ["MILVUS_URI"])
        return
    server = milvus_lite(tmp_path_factory.mktemp("milvus")).start()
    yield server
    server.stop()


def new_collection(name: str) -> str:
    import re
    import uuid

    return "t_" + re.sub(r"\W", "_", name)[:40] + "_" + uuid.uuid4().hex[:8]


@pytest.fixture(params=["local", "milvus"])
def store(request, tmp_path):
    """Where a test's index lives, for each store: (location, collection) — a fresh folder, or a fresh
    collection on the session's milvus-lite server."""
    if request.param == "local":
        return str(tmp_path / "index"), None
    server = request.getfixturevalue("milvus")
    return server.uri, new_collection(request.node.name)


@pytest.fixture(scope="session", autouse=True)
def onnx_cache(tmp_path_factory):
    """ONNX exports (reader, embedder) of this test session, in a folder of their own (set before
    any test runs, so the servers and CLIs the tests start share it)."""
    import os

    from qa import settings

    folder = tmp_path_factory.mktemp("onnx")
    old = os.environ.get("QA_ONNX_CACHE")
    os.environ["QA_ONNX_CACHE"] = str(folder)
    settings.use(None)
    yield folder
    if old is None:
        del os.environ["QA_ONNX_CACHE"]
    else:
        os.environ["QA_ONNX_CACHE"] = old
    settings.use(None)


# --- real servers (`python app.py`), for the slow lane ------------------------------------------
CHROMIUM = "/usr/bin/chromium"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url, proc, log_path, limit_s=240):
    """Until /api/status says the chat page and the models are up (the page itself comes first)."""
    import urllib.request

    deadline = time.time() + limit_s
    while time.time() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"the server exited: {log_path.read_text()}")
        try:
            status = json.loads(urllib.request.urlopen(url + "api/status", timeout=2).read())
            if status["error"]:
                pytest.fail(f"the server reports: {status['error']}")
            if status["page"] and status["models"]:
                return
        except OSError:
            pass
        time.sleep(0.3)
    proc.kill()
    pytest.fail("the server did not come up in time")


@contextlib.contextmanager
def serving(d, files):
    """`python app.py` over copies of files (in d/corpus), up and answering: its URL."""
    corpus = d / "corpus"
    corpus.mkdir()
    for f in files:
        shutil.copy(f, corpus / f.name)
    port = free_port()
    log = open(d / "app.log", "w")
    proc = subprocess.Popen([sys.executable, "app.py", "--corpus", str(corpus), "--index", str(d / "index"),
                             "--port", str(port)], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                            env=dict(os.environ, PYTHONUNBUFFERED="1"))
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_until_up(url, proc, d / "app.log")
        yield url
    finally:
        stop(proc)


def stop(proc):
    proc.terminate()
    try:
        proc.wait(20)
    except subprocess.TimeoutExpired:
        proc.kill()



def _http(url, body=None, method=None, raw=None):
    """(status, JSON) of a request; raw: bytes sent as they are."""
    import urllib.error
    import urllib.request

    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    req = urllib.request.Request(url, data=data, method=method or ("POST" if data is not None else "GET"),
                                 headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=120) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())



def need_chromium():
    """Skip without a browser on a developer's machine; in CI (CI=true) a missing browser fails."""
    if Path(CHROMIUM).exists():
        return
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"{CHROMIUM} is missing in CI: scripts/test.sh installs it (apt-get install chromium)")
    pytest.skip("Debian's chromium is not installed")


def open_app(page, url, listed):
    """Open the chat and wait until the app's load event has filled the article list with ``listed``
    (a file name): only then is a key pressed heard. Under a loaded machine, Enter pressed before
    that was lost and the test waited for a reply that never came (CI, stop 37)."""
    from playwright.sync_api import expect

    page.goto(url)
    expect(page.locator("#articles")).to_contain_text(listed, timeout=60_000)




@pytest.fixture(scope="session")
def server():
    """Helpers to run and talk to a real server: serving(dir, files) (a context manager yielding its
    URL), free_port(), wait_until_up(url, proc, log), stop(proc), http(url, body), need_chromium(),
    open_app(page, url, listed)."""
    return SimpleNamespace(serving=serving, free_port=free_port, wait_until_up=wait_until_up, stop=stop,
                           http=_http, need_chromium=need_chromium, open_app=open_app, CHROMIUM=CHROMIUM)


# --- a local web site, for adding articles from links ---------------------------------------------
import threading  # noqa: E402
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer  # noqa: E402

MAX_PAGE_BYTES = 5 * 2**20  # qa.fetch.MAX_PAGE_BYTES (not imported here: conftest loads before any qa import)

ARTICLE = """<html><head><title>Council approves harbour bridge</title>
<meta property="article:published_time" content="2022-01-05T09:00:00Z"></head>
<body><nav>Home | News</nav><article><h1>Council approves harbour bridge</h1>
<p>The Millbrook town council voted 9 to 2 on Tuesday to build a pedestrian bridge across the harbour.</p>
<p>The bridge will be 240 metres long and will cost 14 million euros, the mayor, Elena Voss, said.</p>
<p>Work is planned to start in the spring and to take two years, according to the council's engineers.</p>
</article><footer>Share this</footer></body></html>"""


class Site(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def send(self, status, kind, body: bytes, headers=()):
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        port = self.server.server_address[1]
        routes = {
            "/article": lambda: self.send(200, "text/html; charset=utf-8", ARTICLE.encode()),
            "/article2": lambda: self.send(200, "text/html", ARTICLE.replace("harbour bridge", "ferry pier")
                                           .replace("2022-01-05", "2022-02-01").encode()),
            "/image": lambda: self.send(200, "image/png", b"\x89PNG" + b"\0" * 100),
            "/loop": lambda: self.send(302, "text/html", b"", [("Location", "/loop2")]),
            "/loop2": lambda: self.send(302, "text/html", b"", [("Location", "/loop")]),
            "/moved": lambda: self.send(301, "text/html", b"", [("Location", "/article")]),
            "/big": lambda: self.send(200, "text/html", b"<p>" + b"x" * (MAX_PAGE_BYTES + 10)),
            "/slow": lambda: (time.sleep(3), self.send(200, "text/html", ARTICLE.encode())),
            "/drip": self.drip,
            "/bad-location": lambda: self.send(302, "text/html", b"", [("Location", "http://[::1/x")]),
            "/secret": lambda: self.send(200, "text/html", b"<p>" + b"internal secret page " * 20 + b"</p>"),
            "/mixed-feed": lambda: self.send(200, "application/rss+xml", f"""<?xml version="1.0"?><rss version="2.0">
<channel><title>Mixed</title>
<item><title>Bridge</title><link>http://127.0.0.1:{port}/article</link></item>
<item><title>Gone</title><link>http://127.0.0.1:{port}/missing</link></item>
<item><title>Bad</title><link>http://127.0.0.1:99999/x</link></item>
<item><title>Pier</title><link>http://127.0.0.1:{port}/article2</link></item>
</channel></rss>""".encode()),
            "/feed": lambda: self.send(200, "application/rss+xml", f"""<?xml version="1.0"?><rss version="2.0">
<channel><title>Millbrook news</title>
<item><title>Bridge</title><link>http://127.0.0.1:{port}/article</link></item>
<item><title>Pier</title><link>http://127.0.0.1:{port}/article2</link></item>
</channel></rss>""".encode()),
        }
        self.server.hits.append(self.path)
        routes.get(self.path, lambda: self.send(404, "text/html", b"not here"))()

    def drip(self):
        """A page that never ends: a few bytes every 0.3 s, each read well within a read timeout."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        for _ in range(200):
            try:
                self.wfile.write(b"<p>drip</p>")
                self.wfile.flush()
            except OSError:
                return
            time.sleep(0.3)


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.hits = []  # the paths asked, in order: a test can see that nothing reached the server

    def handle_error(self, request, client_address):
        pass  # a client that gave up (the slow page) breaks the pipe: expected


class NewsSite(str):
    """The site's URL (a str), and its server (``.server.hits``: the paths asked)."""

    def __new__(cls, url, server):
        made = super().__new__(cls, url)
        made.server = server
        return made


@pytest.fixture(scope="session")
def news_site():
    """A local web site of fixtures for adding articles from links (no test reaches the internet):
    /article, /article2, /feed (RSS of both), /moved (301 to /article), /missing (404), /image (PNG),
    /loop (a redirect loop), /big (over the page limit), /slow (3 s before answering). Its URL."""
    server = QuietServer(("127.0.0.1", 0), Site)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield NewsSite(f"http://127.0.0.1:{server.server_address[1]}", server)
    server.shutdown()


