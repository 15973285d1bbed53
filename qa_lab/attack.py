"""The attack suite: each break found on a fresh install (issue #33's numbered list) replayed against a
real server (`python app.py` in a subprocess), or in-process where a real one cannot be staged on
this machine (a full disk), with counts: requests tried, faults injected, losses (files or answers
that should be there and are not) and exposures (text that should never be served and was).

    python benchmarks/attack.py            # all of them: a table, and benchmarks/results/attack.json
    pytest tests/product/test_attack.py    # the same scenarios, each a test

Only loopback addresses are contacted; every loop is bounded.
"""
from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile

import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "nato_russia_talks.txt"
BRIDGE = ROOT / "tests" / "data" / "harbour_bridge.md"
SECRET_WORD = "xylophonist"  # in no article: served only if a secret file got in
SECRET = f"Server secret\n\nThe {SECRET_WORD} password of this server is hunter2, said the operator.\n"


@dataclass
class Outcome:
    number: int
    name: str
    requests: int = 0
    faults: int = 0
    losses: int = 0
    exposures: int = 0
    detail: list[str] = field(default_factory=list)

    @property
    def held(self) -> bool:
        return self.losses == 0 and self.exposures == 0 and not any(d.startswith("FAILED") for d in self.detail)

    def fail(self, what: str) -> None:
        self.detail.append(f"FAILED: {what}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http(url, body=None, method=None, raw=None, headers=None, timeout=120):
    """(status, parsed JSON or text) of one request."""
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    req = urllib.request.Request(url, data=data, method=method or ("POST" if data is not None else "GET"),
                                 headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            status, text = r.status, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        status, text = e.code, e.read().decode("utf-8", "replace")
    try:
        return status, json.loads(text)
    except ValueError:
        return status, text


class Server:
    """`python app.py` over a corpus folder, up and answering (the models loaded)."""

    def __init__(self, work: Path, corpus: str | Path, index: str | Path, extra=(), env=None, cwd=None):
        self.work, self.port = Path(work), free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log = self.work / f"server-{self.port}.log"
        self.proc = subprocess.Popen(
            [sys.executable, str(ROOT / "app.py"), "--corpus", str(corpus), "--index", str(index), "--port",
             str(self.port), *extra], cwd=cwd or ROOT, stdout=open(self.log, "w"), stderr=subprocess.STDOUT,
            env=dict(os.environ, PYTHONUNBUFFERED="1", **(env or {})))

    def wait_up(self, limit_s: float = 240) -> "Server":
        deadline = time.time() + limit_s
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the server exited: {self.log.read_text()[-2000:]}")
            try:
                status = json.loads(urllib.request.urlopen(self.url + "api/status", timeout=2).read())
                if status["error"]:
                    raise RuntimeError(f"the server reports: {status['error']}")
                if status["page"] and status["models"]:
                    return self
            except OSError:
                pass
            time.sleep(0.3)
        self.stop()
        raise RuntimeError("the server did not come up in time")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    # --- the chat's events, called the way a script can (no page) ----------------------------
    def config(self) -> dict:
        return json.loads(urllib.request.urlopen(self.url + "config", timeout=30).read())

    def event(self, elem_id: str, trigger: str = "click") -> int:
        config = self.config()
        ids = {c["props"].get("elem_id"): c["id"] for c in config["components"]}
        return next(d["id"] for d in config["dependencies"] if [ids[elem_id], trigger] in d["targets"])

    def load_page(self, session: str):
        """What opening the page runs for a session (fills its article, remove and trash lists)."""
        config = self.config()
        load = next(d["id"] for d in config["dependencies"] if any(t[1] == "load" for t in d["targets"]))
        return self.queue_call(load, [], session)

    def then_of(self, fn_index: int) -> int:
        """The event that runs after fn_index succeeds (a .then in the page: the frontend starts it)."""
        return next(d["id"] for d in self.config()["dependencies"] if d.get("trigger_after") == fn_index)

    def queue_call(self, fn_index: int, data: list, session: str, timeout: float = 180):
        """A raw join of the queue, then the event's result (None when it never completed)."""
        body = json.dumps({"data": data, "fn_index": fn_index, "session_hash": session, "event_data": None,
                           "trigger_id": None}).encode()
        req = urllib.request.Request(self.url + "gradio_api/queue/join", data=body,
                                     headers={"Content-Type": "application/json"})
        try:
            urllib.request.urlopen(req, timeout=30).read()
        except urllib.error.HTTPError as e:  # refused before the event ran
            return {"refused": e.code, "body": e.read().decode("utf-8", "replace")}
        stream = urllib.request.urlopen(f"{self.url}gradio_api/queue/data?session_hash={session}", timeout=timeout)
        for raw in stream:
            line = raw.decode().strip()
            if line.startswith("data:") and "process_completed" in line:
                return json.loads(line[5:])
        return None

    def upload(self, name: str, data: bytes) -> tuple[int, object]:
        """POST one file to the chat's upload route: (status, JSON: the server's paths of the files)."""
        boundary = "qaattackboundary"
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{name}\"\r\n"
                f"Content-Type: application/octet-stream\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
        return http(self.url + "gradio_api/upload", raw=body,
                    headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})

    def ask(self, question: str, **kw):
        return http(self.url + "api/ask", {"question": question, **kw})

    def serves(self, word: str) -> bool:
        """Whether any search hit or article title holds word."""
        status, found = http(self.url + f"api/search?q={word}&k=20")
        return status == 200 and any(word in h["text"].lower() for h in found["hits"])


def file_data(path: Path, name: str) -> dict:
    return {"path": str(path), "orig_name": name, "meta": {"_type": "gradio.FileData"}}


def corpus_with(folder: Path, *files: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for f in files:
        shutil.copy(f, folder / f.name)
    return folder


def qa_cli(*args, cwd=None, timeout=600) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "qa", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd or ROOT, timeout=timeout)


# --- the numbered breaks ------------------------------------------------------------------------

def read_any_file(server: Server, work: Path, corpus: Path) -> Outcome:
    """1. The add event called with a FileData naming a server file (not an upload)."""
    out = Outcome(1, "add event given a server file's path")
    secret = work / "secret.txt"
    secret.write_text(SECRET)
    add = server.event("add")
    before = sorted(p.name for p in corpus.iterdir())
    for i, path in enumerate([secret, Path("/etc/hostname"), work / "upload" / ".." / "secret.txt"]):
        result = server.queue_call(add, [[file_data(path, "notes.txt")]], f"read{i}")
        out.requests += 1
        out.faults += 1
        text = json.dumps(result)
        if str(work) in text or "/etc/" in text:
            out.exposures += 1
            out.fail(f"a server path in the reply: {text[:200]}")
    out.exposures += server.serves(SECRET_WORD)
    out.requests += 1
    if sorted(p.name for p in corpus.iterdir()) != before:
        out.exposures += 1
        out.fail("a file was copied into the corpus")
    out.detail.append("refused before the event ran (HTTP 400: a file must be uploaded first)")
    return out


def symlink_in_corpus(server: Server, work: Path, corpus: Path, index: Path) -> Outcome:
    """2. A link in the corpus pointing at a server file, then `qa index` on the folder."""
    out = Outcome(2, "a symlink in the corpus")
    secret = work / "secret2.txt"
    secret.write_text(SECRET)
    (corpus / "notes.txt").symlink_to(secret)
    out.faults += 1
    r = qa_cli("index", corpus, "--index", index)
    out.requests += 1
    if r.returncode != 0:
        out.fail(f"qa index failed: {r.stderr[-300:]}")
    if "notes.txt: skipped, a link" not in r.stderr:
        out.fail(f"no warning about the link: {r.stderr[-300:]}")
    out.exposures += server.serves(SECRET_WORD)
    out.requests += 1
    (corpus / "notes.txt").unlink()
    return out


def raw_uploads(server: Server, work: Path) -> Outcome:
    """3. The raw upload route: other types, too much in one request; no server path in a warning."""
    out = Outcome(3, "the raw upload route")
    for name, data, want in (("virus.exe", b"MZ" + b"\0" * 1000, 415), ("a.sh", b"#!/bin/sh\n", 415),
                             ("ok.txt", b"Title\n\nA short article about the harbour, said the mayor.", 200)):
        status, _ = server.upload(name, data)
        out.requests += 1
        out.faults += want != 200
        if status != want:
            out.fail(f"{name}: HTTP {status}, expected {want}")
    # One request over the total limit, sent with its declared size (the server refuses it unread).
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as s:
        try:
            s.sendall(b"POST /gradio_api/upload HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; "
                      b"boundary=b\r\nContent-Length: 600000000\r\n\r\n" + b"x" * 65536)
            reply = s.recv(4096).decode("latin-1")
        except OSError as e:  # a server that reads on and never answers
            reply = f"no answer ({type(e).__name__})"
    out.requests += 1
    out.faults += 1
    if " 413 " not in reply.split("\r\n", 1)[0]:
        out.fail(f"600 MB upload: {reply[:80]!r}")
    # A binary file named .txt, through the page's own path: the warning names the file, not the server.
    status, paths = server.upload("binary.txt", b"\x00\x01\x02" * 400)
    out.requests += 1
    result = server.queue_call(server.event("add"), [[file_data(Path(paths[0]), "binary.txt")]], "rawup")
    out.requests += 1
    out.faults += 1
    text = json.dumps(result).replace("\\\\", "")  # the page shows names as text: "binary\\.txt" in Markdown
    if "binary.txt" not in text or str(Path(paths[0]).parent) in text or str(work) in text:
        out.exposures += str(work) in text or str(Path(paths[0]).parent) in text
        out.fail(f"the warning: {text[-300:]}")
    return out


def same_name_uploads(server: Server, corpus: Path, pairs: int = 10) -> Outcome:
    """4. Two uploads of one name at once, through the page's route and event."""
    out = Outcome(4, "two uploads of the same name at once")
    add = server.event("add")
    expected = set()
    for i in range(pairs):
        bodies = [f"Story {i}{side}\n\nThe harbour master {i}{side} said the ferry kept its timetable.".encode()
                  for side in "ab"]
        paths = [server.upload("same.txt", b)[1][0] for b in bodies]
        out.requests += 2
        with ThreadPoolExecutor(2) as pool:
            list(pool.map(lambda j: server.queue_call(add, [[file_data(Path(paths[j]), "same.txt")]], f"same{i}{j}"),
                          range(2)))
        out.requests += 2
        out.faults += 1
        expected |= {b.decode() for b in bodies}
    kept = {p.read_text() for p in corpus.glob("same*.txt")}
    out.losses = len(expected - kept)
    if out.losses:
        out.fail(f"{out.losses} of {len(expected)} uploads lost")
    return out


def cli_build_beside_server(server: Server, corpus: Path, index: Path, questions: int = 20) -> Outcome:
    """5. `qa index` and `qa restore` on the folder of the running server, after a page upload."""
    out = Outcome(5, "qa index / qa restore beside a running server")
    status, paths = server.upload("bridge.md", BRIDGE.read_bytes())
    server.queue_call(server.event("add"), [[file_data(Path(paths[0]), "bridge.md")]], "cli5")
    out.requests += 2
    from qa import uploads

    r = qa_cli("index", corpus, "--index", index)
    out.requests += 1
    out.faults += 1
    if r.returncode != 0:
        out.fail(f"qa index: {r.stderr[-300:]}")
    trashed = uploads.remove_file("bridge.md", corpus)  # then `qa restore` brings it back, beside the server
    r = qa_cli("restore", trashed.name, "--corpus", corpus, "--index", index)
    out.requests += 1
    out.faults += 1
    if r.returncode != 0 or not (corpus / "bridge.md").exists():
        out.fail(f"qa restore: {r.stderr[-300:]}")
    fine = 0
    for i in range(questions):
        status, reply = server.ask("How much will the harbour bridge cost?" if i % 2 else
                                   "Who is the Russian government spokesman?")
        out.requests += 1
        fine += status == 200 and bool(reply.get("answer"))
    out.losses = questions - fine
    if out.losses:
        out.fail(f"{out.losses} of {questions} questions failed after the CLI build")
    return out


def concurrent_questions(server: Server, n: int = 50) -> Outcome:
    """6. Many questions at once (one tokenizer per reader shared by all threads)."""
    out = Outcome(6, f"{n} concurrent questions")
    qs = ["Who is the Russian government spokesman?", "What did Russia submit earlier this month?",
          "When did Lavrov say Russia does not want a war?", "What did Peskov say about the talks?"]
    # 4 questions x k 1-5: 20 different (question, k) pairs, so most are read, not answered from the cache.
    with ThreadPoolExecutor(n) as pool:
        results = list(pool.map(lambda i: server.ask(qs[i % 4], k=1 + (i // 4) % 5), range(n)))
    out.requests += n
    out.losses = sum(status != 200 or not reply.get("answer") for status, reply in results)
    if out.losses:
        out.fail(f"{out.losses} of {n} failed: {[r for r in results if r[0] != 200][:2]}")
    return out


def tampered_article_table(server: Server, corpus: Path, index: Path) -> Outcome:
    """7. Two per-article paragraph counts changed in the manifest (total unchanged)."""
    out = Outcome(7, "the manifest's per-article table tampered")
    m = json.loads((index / "manifest.json").read_text())
    docs = m["documents"]
    names = [d for d in docs if docs[d]["paragraphs"] > 2][:2]
    docs[names[0]]["paragraphs"] += 2
    docs[names[1]]["paragraphs"] -= 2
    (index / "manifest.json").write_text(json.dumps(m))
    out.faults += 1
    r = qa_cli("index", corpus, "--index", index)
    out.requests += 1
    if r.returncode != 0 or "another article's paragraphs" not in r.stderr:
        out.fail(f"qa index did not repair it: {r.stderr[-300:]}")
    status, reply = server.ask("Who is the Russian government spokesman?")
    out.requests += 1
    if status != 200 or reply.get("file") != SEED.name or "Peskov" not in (reply.get("answer") or ""):
        out.losses += 1
        out.fail(f"answered from the wrong article: {reply}")
    return out


def lock_removed_mid_build(server: Server, corpus: Path, index: Path) -> Outcome:
    """8. Two builds of one index at once while a user deletes the old lock file."""
    out = Outcome(8, "two builds at once, the lock file deleted")
    (corpus / "extra.md").write_text("Extra\n\nThe ferry timetable changes on Monday, the port said.")
    procs = [subprocess.Popen([sys.executable, "-m", "qa", "index", str(corpus), "--index", str(index)], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    for _ in range(20):
        (index / ".lock").unlink(missing_ok=True)
        time.sleep(0.1)
    out.faults += 2
    codes = [p.wait(600) for p in procs]
    out.requests += 2
    if codes != [0, 0]:
        out.fail(f"builds exited {codes}: {[p.stderr.read()[-300:] for p in procs]}")
    r = qa_cli("search", "ferry timetable Monday", "--index", index, "--json")
    out.requests += 1
    if r.returncode != 0 or "extra.md" not in r.stdout:
        out.losses += 1
        out.fail(f"the index after both builds: {r.stderr[-300:]}")
    status, _ = server.ask("Who is the Russian government spokesman?")
    out.requests += 1
    out.losses += status != 200
    (corpus / "extra.md").unlink()
    return out


def full_disk_and_read_only(work: Path) -> Outcome:
    """9. A full disk during an upload (in-process: ENOSPC injected into the copy) and a read-only
    index that is up to date (served without writing)."""
    from unittest import mock

    from qa import uploads
    from qa.errors import BadInput

    out = Outcome(9, "a full disk during an upload; a read-only index")
    folder = work / "fullcorpus"
    src = work / "in.txt"
    src.write_text("Title\n\nA paragraph long enough to be an article of its own, said the council.")
    with mock.patch("shutil.copyfileobj", side_effect=OSError(28, "No space left on device")):
        for _ in range(5):
            out.faults += 1
            out.requests += 1
            try:
                uploads.add_file(src, "in.txt", folder)
                out.fail("an upload on a full disk said it was added")
            except BadInput as e:
                if str(work) in str(e):
                    out.exposures += 1
    left = [p.name for p in folder.iterdir()] if folder.exists() else []
    out.losses += 0
    if left:
        out.fail(f"left in the corpus: {left}")
    r = qa_cli("index", folder if left else corpus_with(work / "ro-corpus", SEED), "--index", work / "ro-index")
    out.requests += 1
    os.chmod(work / "ro-index", 0o555)
    try:
        r = qa_cli("ask", "Who is the Russian government spokesman?", "--index", work / "ro-index", "--json")
        out.requests += 1
        out.faults += 1
        if r.returncode != 0 or "Peskov" not in r.stdout:
            out.fail(f"the read-only index was not served: {r.stderr[-300:]}")
    finally:
        os.chmod(work / "ro-index", 0o755)
    out.detail.append("read-only: root ignores permissions; the folder lock needs no write either way")
    return out


def milvus_faults(work: Path) -> Outcome:
    """10. Milvus down under a running server (JSON errors), and a collection that is not qa's."""
    from qa_lab.milvus_lite import MilvusLite

    out = Outcome(10, "Milvus down; a foreign collection")
    milvus = MilvusLite(work / "milvus").start()
    try:
        from pymilvus import DataType, MilvusClient

        client = MilvusClient(uri=milvus.uri)
        schema = MilvusClient.create_schema(auto_id=False)
        schema.add_field("id", DataType.INT64, is_primary=True)
        schema.add_field("v", DataType.FLOAT_VECTOR, dim=2)
        index = client.prepare_index_params()
        index.add_index("v", index_type="FLAT", metric_type="L2")
        client.create_collection("theirs", schema=schema, index_params=index)
        client.insert("theirs", [{"id": i, "v": [0.0, float(i)]} for i in range(5)])
        client.flush("theirs")
        r = qa_cli("index", corpus_with(work / "m-corpus", SEED), "--store", milvus.uri, "--collection", "theirs")
        out.requests += 1
        out.faults += 1
        if r.returncode != 2 or "not a qa index" not in r.stderr:
            out.fail(f"a foreign collection was not refused: {r.returncode} {r.stderr[-300:]}")
        kept = client.query("theirs", filter="id >= 0", output_fields=["id"])
        out.losses += 5 - len(kept)
        client.close()
        server = Server(work, work / "m-corpus", milvus.uri, ["--collection", "ours"]).wait_up()
        try:
            status, reply = server.ask("Who is the Russian government spokesman?")
            out.requests += 1
            if status != 200 or "Peskov" not in (reply.get("answer") or ""):
                out.fail(f"before the kill: {status} {reply}")
            milvus.kill()
            out.faults += 1
            status, reply = server.ask("What did Ryabkov say?")
            out.requests += 1
            if status != 500 or not isinstance(reply, dict) or "Milvus" not in reply.get("error", ""):
                out.fail(f"Milvus down: HTTP {status} {str(reply)[:200]}")
        finally:
            server.stop()
    finally:
        milvus.stop()
    return out


def leftovers_and_limits(server: Server, work: Path, corpus: Path, index: Path, tmpdir: Path,
                         turns: int = 20) -> Outcome:
    """11. Temp folders per chat turn, a 200 MB JSON body, a 100,000-deep manifest, SIGTERM with
    browser connections open."""
    out = Outcome(11, "temp folders, body size, deep JSON, SIGTERM")
    before = len(list(tmpdir.glob("qa-export-*")))
    submit = server.event("question", "submit")
    export = server.then_of(submit)  # the download, renewed after every turn
    server.load_page("turns")
    for i in range(turns):
        turn = ["Who is the Russian government spokesman?", [], None, None, 5, 0.26, [], "", "", True]
        server.queue_call(submit, turn, "turns")
        server.queue_call(export, [None, None], "turns")
        out.requests += 2
    grown = len(list(tmpdir.glob("qa-export-*"))) - before
    if grown > 1:
        out.fail(f"{grown} export folders for {turns} turns")
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as s:
        try:
            s.sendall(b"POST /api/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                      b"Content-Length: 209715200\r\n\r\n" + b"{" * 65536)
            status_line = s.recv(4096).decode("latin-1").split("\r\n", 1)[0]
        except OSError as e:
            status_line = f"no answer ({type(e).__name__})"
    out.requests += 1
    out.faults += 1
    if " 413 " not in status_line:
        out.fail(f"200 MB body: {status_line!r}")
    deep = work / "deep-index"
    shutil.copytree(index, deep)
    (deep / "manifest.json").write_text("[" * 100_000 + "]" * 100_000)
    out.faults += 1
    r = qa_cli("index", corpus, "--index", deep)
    out.requests += 1
    if r.returncode != 0 or "Traceback" in r.stderr:
        out.fail(f"a deep manifest: {r.returncode} {r.stderr[-300:]}")
    # SIGTERM with event streams open.
    streams = []
    for i in range(5):
        s = socket.create_connection(("127.0.0.1", server.port), timeout=30)
        s.sendall(f"GET /gradio_api/queue/data?session_hash=open{i} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        streams.append(s)
    time.sleep(1)
    t = time.perf_counter()
    server.proc.send_signal(signal.SIGTERM)
    try:
        server.proc.wait(30)
    except subprocess.TimeoutExpired:
        server.proc.kill()
    took = time.perf_counter() - t
    for s in streams:
        s.close()
    out.faults += 1
    out.detail.append(f"exit after SIGTERM with 5 streams open: {took:.1f} s")
    if took > 5:
        out.fail(f"SIGTERM took {took:.1f} s")
    return out


def restore_relative(work: Path) -> Outcome:
    """12. Remove then restore an article from the page, with a relative corpus path."""
    out = Outcome(12, "restore with a relative corpus")
    home = work / "rel"
    corpus_with(home / "news", SEED, BRIDGE)
    server = Server(work, "news", "index", cwd=home).wait_up()
    try:
        ask_remove, confirm, restore = (server.event("remove"), server.event("confirm-remove"),
                                        server.event("restore"))
        server.load_page("rel")
        server.queue_call(ask_remove, ["harbour_bridge.md"], "rel")
        server.queue_call(confirm, [None], "rel")  # the pending removal is the session's own state
        out.requests += 2
        trashed = sorted((home / "news" / ".trash").iterdir()) if (home / "news" / ".trash").exists() else []
        if not trashed or (home / "news" / "harbour_bridge.md").exists():
            out.fail("the article was not moved to the trash")
            return out
        server.load_page("rel")  # the trash list now holds it
        result = server.queue_call(restore, [trashed[0].name], "rel")
        out.requests += 1
        if not (home / "news" / "harbour_bridge.md").exists():
            out.losses += 1
            out.fail(f"not restored: {json.dumps(result)[-300:]}")
        r = qa_cli("restore", "--corpus", "news", cwd=home)  # the README's own command, relative
        out.requests += 1
        if r.returncode != 0:
            out.fail(f"qa restore --corpus news: {r.stderr[-200:]}")
    finally:
        server.stop()
    return out


def run_all(work: Path, quick: bool = False) -> list[Outcome]:
    """Every scenario, in order, on one server (and a few of their own)."""
    work = Path(work)
    tmpdir = work / "tmp"
    tmpdir.mkdir(parents=True, exist_ok=True)
    corpus = corpus_with(work / "corpus", SEED)
    index = work / "index"
    outcomes = []
    server = Server(work, corpus, index, env={"TMPDIR": str(tmpdir)}).wait_up()
    try:
        outcomes.append(read_any_file(server, work, corpus))
        outcomes.append(symlink_in_corpus(server, work, corpus, index))
        outcomes.append(raw_uploads(server, work))
        outcomes.append(same_name_uploads(server, corpus, pairs=3 if quick else 10))
        outcomes.append(cli_build_beside_server(server, corpus, index, questions=6 if quick else 20))
        outcomes.append(concurrent_questions(server, n=50))
        outcomes.append(tampered_article_table(server, corpus, index))
        outcomes.append(lock_removed_mid_build(server, corpus, index))
        outcomes.append(full_disk_and_read_only(work))
        outcomes.append(milvus_faults(work))
        outcomes.append(leftovers_and_limits(server, work, corpus, index, tmpdir, turns=5 if quick else 20))
    finally:
        server.stop()
    outcomes.append(restore_relative(work))
    return outcomes


def table(outcomes: list[Outcome]) -> str:
    rows = ["| # | break | requests | faults | losses | exposures | held |", "|---|---|---|---|---|---|---|"]
    for o in outcomes:
        rows.append(f"| {o.number} | {o.name} | {o.requests} | {o.faults} | {o.losses} | {o.exposures} | "
                    f"{'yes' if o.held else 'NO'} |")
    totals = [sum(getattr(o, k) for o in outcomes) for k in ("requests", "faults", "losses", "exposures")]
    rows.append(f"| | all | {totals[0]} | {totals[1]} | {totals[2]} | {totals[3]} | "
                f"{sum(o.held for o in outcomes)}/{len(outcomes)} |")
    return "\n".join(rows)


def as_json(outcomes: list[Outcome]) -> dict:
    return {"outcomes": [asdict(o) | {"held": o.held} for o in outcomes],
            "totals": {k: sum(getattr(o, k) for o in outcomes) for k in ("requests", "faults", "losses", "exposures")}}


@contextlib.contextmanager
def workdir():
    d = Path(tempfile.mkdtemp(prefix="qa-attack-"))
    try:
        yield d
    finally:
        shutil.rmtree(d, ignore_errors=True)


__all__ = ["Outcome", "Server", "run_all", "table", "as_json", "workdir"]
