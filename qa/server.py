"""`qa serve`: the chat page and a JSON API on one server, up before the models are.

The page is served at once; the embedder, the index and the reader load in a background thread
while it comes up ("Loading models…" on the page). A question asked meanwhile waits for them
instead of failing. The JSON API (/api/ask, /api/search, /api/articles; OpenAPI page at /docs)
and the Gradio chat share the same process and the same loaded models.

With no --corpus, articles and index live in a per-user data folder (platformdirs; $QA_HOME
overrides), created on first use; the server starts empty and says how to add articles.
"""
from __future__ import annotations

import argparse
import logging
import sys
import threading
import time
from pathlib import Path

from .documents import SUPPORTED as SUPPORTED_TYPES  # the article types qa reads
from .service import Service
from .settings import data_home
from .stores import as_location

log = logging.getLogger("qa")
MAX_UPLOAD_REQUEST_BYTES = 100 * 2**20  # one upload request, all its files (each at most 20 MB)
MAX_EVENT_BYTES = 32 * 2**20  # one chat event's data (the conversation so far travels with each turn)
# SIGTERM: open browser connections (Gradio's event streams) are closed after this many seconds.
GRACEFUL_EXIT_S = 3


def cache_home() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir("qa", appauthor=False))


def corpus_paths(corpus: str | None, index: str | None) -> tuple[list[str], Path, Path]:
    """(paths to index, index folder, folder uploads go to) for --corpus/--index, or the data home."""
    if corpus is None:
        home = data_home()
        articles = home / "articles"
        articles.mkdir(parents=True, exist_ok=True)
        return [str(articles)], as_location(index) if index else home / "index", articles
    folder = Path(corpus)
    index_dir = as_location(index or "index")
    remote = isinstance(index_dir, str)
    if folder.is_dir() or not folder.exists():
        return [corpus], index_dir, folder
    # A single-file corpus: uploads go to an uploads/ folder beside the index (or the file, for Milvus).
    uploads_dir = (folder.resolve().parent if remote else index_dir.resolve().parent) / "uploads"
    uploads_dir.mkdir(parents=True, exist_ok=True)
    return [corpus, str(uploads_dir)], index_dir, uploads_dir


LOADING_PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>qa — starting</title>
<meta http-equiv="refresh" content="1"><style>body{font-family:system-ui,sans-serif;margin:4em;color:#333}</style>
</head><body><h2>Ask the articles</h2><p>⏳ Loading models… this page opens by itself in a few seconds.</p>
</body></html>"""


class DeferredChat:
    """The ASGI app at "/": a small "Loading…" page until the Gradio chat is built (importing gradio
    alone takes ~3 s on 2 cores), then the chat itself. The chat is built in a background thread and
    started here, inside the server's event loop, by running its own ASGI lifespan."""

    def __init__(self):
        self.app = None
        self.loop = None
        self.error: str | None = None
        self._lifespan = None

    async def __call__(self, scope, receive, send):
        if scope["type"] == "lifespan":
            return
        if self.app is not None:
            return await self.app(scope, receive, send)
        if scope["type"] != "http":
            return
        from starlette.responses import HTMLResponse, JSONResponse

        if scope.get("path", "/") in ("", "/"):
            page = LOADING_PAGE if not self.error else LOADING_PAGE.replace("⏳ Loading models…", f"⚠ {self.error}")
            response = HTMLResponse(page, headers={"Cache-Control": "no-store"})
        else:
            response = JSONResponse({"error": "The chat is starting; try again in a moment."}, status_code=503,
                                    headers={"Retry-After": "1"})
        await response(scope, receive, send)

    def build_in_background(self, service: "Service") -> None:
        threading.Thread(target=self._build, args=(service,), name="qa-build-chat", daemon=True).start()

    def _build(self, service: "Service") -> None:
        try:
            import asyncio

            from fastapi import FastAPI

            import gradio as gr

            from . import ui, uploads

            demo = ui.build(service)
            demo.queue(default_concurrency_limit=2)
            chat = gr.mount_gradio_app(FastAPI(docs_url=None, redoc_url=None, openapi_url=None), demo, path="",
                                       css=ui.CSS, max_file_size=uploads.MAX_UPLOAD_BYTES, footer_links=["api"])
            # Gradio checks that a file an event is given comes from its upload folder only in an app
            # it launched itself; mounted, it copied any server file an event named into its cache
            # (and so into the corpus). Marked as launched, the check applies here too.
            demo.has_launched = True
            while self.loop is None:
                time.sleep(0.05)
            asyncio.run_coroutine_threadsafe(self._start(chat), self.loop).result()
        except Exception as e:  # noqa: BLE001 - shown on the loading page, not a traceback
            log.exception("the chat page could not be built")
            self.error = f"The chat page could not be built ({type(e).__name__}: {e})"

    async def _start(self, chat) -> None:
        """Run the chat app's lifespan startup (Gradio's queue, its cache cleaner) in this loop,
        keep it open for the life of the server, then route requests to it."""
        import asyncio

        started, messages = asyncio.Event(), asyncio.Queue()
        await messages.put({"type": "lifespan.startup"})

        async def send(message):
            if message["type"].startswith("lifespan.startup"):
                started.set()

        # Kept: a task nobody references is garbage-collected while it waits.
        self._lifespan = asyncio.get_running_loop().create_task(
            chat({"type": "lifespan", "asgi": {"version": "3.0"}, "state": {}}, messages.get, send))
        await started.wait()
        self.app = chat


class RequestLimits:
    """Bounds on what one request may send, before any handler reads it:
    - the JSON API (/api/...): at most api.MAX_BODY_BYTES (413 otherwise);
    - the chat's events (/gradio_api/queue/join...): at most MAX_EVENT_BYTES, and no file but an
      upload (400 otherwise: the path of any server file could be sent there);
    - the chat's upload route (/gradio_api/upload, which a script can call without the page): at most
      MAX_UPLOAD_REQUEST_BYTES in all, and only the article types qa reads (415 otherwise), so the
      server never stores an .exe or a gigabyte for anyone.
    Refusals are one JSON line, {"error": ...}, naming no server path."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope.get("method") not in ("POST", "PUT", "PATCH"):
            return await self.app(scope, receive, send)
        from . import api

        path = scope.get("path", "")
        upload = path.endswith("/gradio_api/upload")
        event = "/gradio_api/" in path and not upload  # an event's data: queue/join, run/..., call/...
        limit = (MAX_UPLOAD_REQUEST_BYTES if upload else api.MAX_BODY_BYTES if path.startswith("/api/")
                 else MAX_EVENT_BYTES if event else None)
        if limit is None:
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            return await self._refuse(send, 413, f"The request is larger than the {limit // 2**20} MB allowed.")
        body, more = bytearray(), True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > limit:
                return await self._refuse(send, 413, f"The request is larger than the {limit // 2**20} MB allowed.")
        if event and not_uploaded_files(bytes(body)):
            return await self._refuse(send, 400, "A file given to the chat must be uploaded first (the upload box).")
        if upload:
            bad = unsupported_upload_names(bytes(body), headers.get(b"content-type", b""))
            if bad:
                return await self._refuse(send, 415, f"{', '.join(bad[:3])}: not an article file; upload one of "
                                                     f"{', '.join(SUPPORTED_TYPES)}")
        replayed = False

        async def replay():
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": bytes(body), "more_body": False}
            return await receive()

        return await self.app(scope, replay, send)

    @staticmethod
    async def _refuse(send, status: int, message: str):
        from starlette.responses import JSONResponse

        response = JSONResponse({"error": message}, status_code=status)
        await response({"type": "http"}, None, send)


def not_uploaded_files(body: bytes) -> bool:
    """Whether an event's JSON names a file (a FileData's "path") outside Gradio's upload folder: a
    script can send any server path there, and Gradio would copy that file in for the event."""
    import json

    try:
        data = json.loads(body or b"{}")
    except (ValueError, RecursionError):
        return False  # not JSON: Gradio refuses it itself
    from gradio.utils import get_upload_folder

    root = Path(get_upload_folder()).resolve()
    stack, seen = [data], 0
    while stack and seen < 100_000:
        item = stack.pop()
        seen += 1
        if isinstance(item, dict):
            if isinstance(item.get("path"), str) and ("meta" in item or "orig_name" in item or "url" in item):
                real = Path(item["path"]).resolve()
                if root not in real.parents:
                    return True
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def unsupported_upload_names(body: bytes, content_type: bytes) -> list[str]:
    """The file names in a multipart upload whose type qa does not read (only the parts' headers are
    looked at, never the files' contents)."""
    import re

    from .documents import SUPPORTED

    m = re.search(rb'boundary="?([^";]+)"?', content_type)
    if not m:
        return ["(not a multipart upload)"]
    bad = []
    for part in body.split(b"--" + m.group(1)):
        head = part.split(b"\r\n\r\n", 1)[0]
        for name in re.findall(rb'filename="([^"]*)"', head):
            text = name.decode("utf-8", "replace")
            if Path(text).suffix.lower() not in SUPPORTED:
                bad.append(Path(text).name[:80] or "(no name)")
    return bad


def create_app(service: Service):
    """The FastAPI app: /api/* at once, the chat at / as soon as it is built."""
    import asyncio
    import contextlib

    from fastapi import FastAPI

    from . import api

    chat = DeferredChat()

    @contextlib.asynccontextmanager
    async def lifespan(app):
        chat.loop = asyncio.get_running_loop()
        yield

    app = FastAPI(title="qa", description="Answers from your articles, in their own words.", lifespan=lifespan,
                  docs_url="/docs", openapi_url="/openapi.json")
    api.add_routes(app, service, chat)
    app.mount("/", chat)
    chat.build_in_background(service)
    return RequestLimits(app)


def parser(prog: str = "qa serve") -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog=prog, description="Chat with a collection of articles (and a JSON API).")
    ap.add_argument("--corpus", default=None,
                    help="folder (or file) of articles; uploads are saved in it (default: the per-user data "
                         "folder, $QA_HOME or platformdirs' user data dir)")
    ap.add_argument("--store", "--index", dest="index", default=None,
                    help="where the index lives: a folder, or a Milvus URI such as http://127.0.0.1:19530 "
                         "(default: $QA_STORE, else index/ beside a --corpus, else in the data folder); built "
                         "or updated at start")
    ap.add_argument("--collection", default=None, help="Milvus collection name (default: $QA_COLLECTION, else qa)")
    ap.add_argument("--sample", action="store_true", help="add the sample article (NATO–Russia talks) to the corpus")
    ap.add_argument("--watch", action="store_true", help="pick up new, changed and removed files in the corpus "
                                                         "folder within seconds (no restart, no qa index)")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=7860)
    ap.add_argument("--k", type=int, default=None, help="passages retrieved per question (default: $QA_K, else 5; "
                                                        "the reader reads the top ones, the rest only when unsure)")
    ap.add_argument("--embedder", default=None, help="local folder or hub id (default: $QA_EMBEDDER or packaged "
                                                      "all-MiniLM-L6-v2)")
    ap.add_argument("--reader", default=None, help="local folder or hub id (default: $QA_READER or the shipped reader)")
    return ap


def main(argv=None, prog: str = "qa serve") -> int:
    args = parser(prog).parse_args(argv)
    from .errors import QAError
    from .settings import Settings, apply_process_defaults, use

    try:
        settings = use(Settings.from_env(store=args.index, collection=args.collection, k=args.k,
                                         embedder=args.embedder, reader=args.reader))
    except QAError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    # Gradio keeps uploads and downloads in one shared /tmp/gradio by default: another user's folder
    # there (not writable) breaks both. Each user gets their own under the user cache folder.
    apply_process_defaults(settings, gradio_temp=str(cache_home() / "gradio"))
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    for noisy in ("httpx", "bm25s", "sentence_transformers", "faiss.loader", "faiss", "uvicorn.error"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    if args.corpus is not None and not Path(args.corpus).exists():
        print(f"error: no folder or file {args.corpus!r}: create it first (mkdir -p {args.corpus}), "
              "or name another with --corpus (without --corpus, qa keeps articles in its own data folder).",
              file=sys.stderr)
        return 2
    paths, index_dir, upload_dir = corpus_paths(args.corpus, settings.store or None)
    service = Service(paths, index_dir, upload_dir, settings.embedder or None, settings.reader or None, settings.k,
                      settings.collection, settings)
    if args.sample:
        service.add_sample()
    service.start()  # the models load while the server comes up
    if args.watch:
        service.watch()
    import uvicorn

    app = create_app(service)
    where = upload_dir if args.corpus is None else Path(args.corpus)
    shown = index_dir if isinstance(index_dir, str) else f"{index_dir}/"
    import socket

    try:  # a busy port is said before anything claims the server is running
        with socket.socket(socket.AF_INET6 if ":" in args.host else socket.AF_INET) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((args.host, args.port))
    except OSError as e:
        print(f"error: cannot serve on {args.host}:{args.port} ({e.strerror or e}); is another server "
              "running there? Pick another with --port.", file=sys.stderr)
        return 2
    print(f"Articles: {where}/   index: {shown}", flush=True)
    print(f"* Running on local URL:  http://{args.host}:{args.port}", flush=True)
    try:
        uvicorn.run(app, host=args.host, port=args.port, log_level="warning",
                    timeout_graceful_shutdown=GRACEFUL_EXIT_S)
    except (OSError, SystemExit) as e:
        print(f"error: cannot serve on {args.host}:{args.port} ({e})", file=sys.stderr)
        return 2
    return 0
