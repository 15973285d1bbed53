"""Round four of the attack suite (issue #46): links, feeds, the watched folder and the files they
bring. Each break is replayed with counts (requests, faults injected, losses, exposures), against a
real server (`python app.py --watch`) or the real CLI where one can be staged on this machine, and
in-process where the attack needs what only a test can arrange (a resolver that changes its answer,
a file swapped between listing and reading).

Only loopback addresses are contacted: a "public" address a fake resolver gives is never connected
to (the connection function is replaced to refuse anything but loopback). Every loop is bounded.
"""
from __future__ import annotations

import contextlib
import os
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .attack import SECRET, SECRET_WORD, SEED, Outcome, Server, corpus_with, http, qa_cli

PUBLIC_IP = "93.184.216.34"  # what the fake resolver answers first; never contacted
ARTICLE = ("<html><head><title>Council approves harbour bridge</title></head><body><article>"
           "<p>The Millbrook town council voted 9 to 2 on Tuesday to build a pedestrian bridge across the harbour.</p>"
           "<p>The bridge will be 240 metres long and will cost 14 million euros, the mayor, Elena Voss, said.</p>"
           "</article></body></html>")


class _Site(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def _send(self, status, kind, body: bytes, headers=()):
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        self.server.hits.append(self.path)
        if self.path == "/secret":
            self._send(200, "text/html", f"<html><body><p>{SECRET * 3}</p></body></html>".encode())
        elif self.path == "/article":
            self._send(200, "text/html", ARTICLE.encode())
        elif self.path.startswith("/to-rebind"):
            self._send(302, "text/html", b"", [("Location", f"http://rebind.example:{self.server.server_address[1]}/secret")])
        elif self.path == "/drip":
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.end_headers()
            for _ in range(400):  # 1 KB every 0.5 s: each read within its timeout, the whole never done
                try:
                    self.wfile.write(b" " * 1024)
                    self.wfile.flush()
                except OSError:
                    return
                time.sleep(0.5)
        else:
            self._send(404, "text/html", b"not here")


class _Quiet(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass


@contextlib.contextmanager
def site():
    server = _Quiet(("127.0.0.1", 0), _Site)
    server.hits = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server
    finally:
        server.shutdown()


@contextlib.contextmanager
def patched(obj, **values):
    old = {k: getattr(obj, k) for k in values}
    for k, v in values.items():
        setattr(obj, k, v)
    try:
        yield
    finally:
        for k, v in old.items():
            setattr(obj, k, v)


def dns_rebinding(work: Path) -> Outcome:
    """13. A name that answers a public address when checked and 127.0.0.1 after: direct, through one
    redirect, and through the corpus save the chat's "Add from link" uses (fetch.save)."""
    from qa import fetch
    from qa.errors import BadInput

    o = Outcome(13, "DNS rebinding to a loopback page (link, redirect, Add from link)")
    real_lookup = fetch.socket.getaddrinfo
    with site() as server:
        port = server.server_address[1]
        calls = {"n": 0}

        def rebinding(host, *args, **kwargs):
            if host != "rebind.example":
                return real_lookup(host, *args, **kwargs)
            calls["n"] += 1
            ip = PUBLIC_IP if calls["n"] % 2 == 1 else "127.0.0.1"
            return [(fetch.socket.AF_INET, fetch.socket.SOCK_STREAM, 6, "", (ip, port))]

        def loopback_only(ip, p, timeout):
            if ip != "127.0.0.1":
                raise ConnectionRefusedError("outside addresses are never contacted by the attack suite")
            return fetch.socket.create_connection((ip, p), timeout=timeout)

        first_hop = {"n": 0}
        real_resolve = fetch._resolve

        def first_hop_public(url, allow_private):  # the redirecting page itself counts as public
            first_hop["n"] += 1
            return real_resolve(url, allow_private or "/to-rebind" in url)

        corpus = work / "rebind-corpus"
        with patched(fetch.socket, getaddrinfo=rebinding), patched(fetch, _open_socket=loopback_only,
                                                                  _resolve=first_hop_public):
            for how, call in [("link", lambda: fetch.fetch(f"http://rebind.example:{port}/secret")),
                              ("redirect", lambda: fetch.fetch(f"http://127.0.0.1:{port}/to-rebind")),
                              ("Add from link", lambda: fetch.save(f"http://rebind.example:{port}/secret", corpus))]:
                o.requests += 1
                o.faults += 1
                before = server.hits.count("/secret")
                try:
                    got = call()
                    o.fail(f"{how}: fetched {got!r:.80}")
                except BadInput as e:
                    o.detail.append(f"{how}: refused ({str(e)[:90]})")
                o.exposures += server.hits.count("/secret") - before
    saved = [p for p in corpus.rglob("*") if p.is_file()] if corpus.exists() else []
    o.exposures += sum(SECRET_WORD in p.read_text(errors="replace") for p in saved)
    return o


def link_swapped_after_listing(work: Path) -> Outcome:
    """14. A corpus file replaced by a link to a server file after the folder was listed, before it is
    read (as a slow file ahead of it gave time to), and a folder swapped for a link the same way."""
    from qa import documents

    o = Outcome(14, "a file or folder swapped for a link between listing and reading")
    secret_dir = work / "outside"
    secret_dir.mkdir(exist_ok=True)
    (secret_dir / "secret.txt").write_text(SECRET)
    corpus = corpus_with(work / "swap-corpus", SEED)
    (corpus / "late.txt").write_text("Late article\n\nThe ferry pier opens in May, the harbour master said.\n")
    (corpus / "sub").mkdir(exist_ok=True)
    (corpus / "sub" / "secret.txt").write_text("Sub article\n\nThe council will vote on the budget on Monday.\n")
    real = documents.iter_files

    def listed_then_swapped(paths):
        files, warnings = real(paths)
        (corpus / "late.txt").unlink()
        (corpus / "late.txt").symlink_to(secret_dir / "secret.txt")
        (corpus / "sub" / "secret.txt").unlink()
        (corpus / "sub").rmdir()
        (corpus / "sub").symlink_to(secret_dir)
        o.faults += 2
        return files, warnings

    with patched(documents, iter_files=listed_then_swapped):
        o.requests += 1
        docs, warnings = documents.load_corpus(corpus)
    o.exposures += sum(SECRET_WORD in d.text for d in docs)
    o.losses += not any("Peskov" in d.text for d in docs)
    o.detail.append(f"{len(docs)} article(s) read; warnings: {'; '.join(w[-70:] for w in warnings)[:220]}")
    return o


def undecodable_name_under_watch(server: Server, corpus: Path) -> Outcome:
    """15. A file name that is not UTF-8 dropped into a watched corpus, then an ordinary article: the
    watch survives, skips the name, serves the new article, and says it was restarted."""
    o = Outcome(15, "a file name that is not UTF-8 under --watch")
    with open(os.path.join(os.fsencode(corpus), b"caf\xe9-notes.txt"), "wb") as f:
        f.write(b"Notes\n\nAn article whose file name is not UTF-8, about the harbour.\n")
    o.faults += 1
    time.sleep(3)
    (corpus / "after.txt").write_text("Ferry article\n\nThe zanzibarine ferry pier opens in May, the harbour "
                                      "master said on Monday.\n")
    deadline = time.time() + 60
    while time.time() < deadline and not server.serves("zanzibarine"):
        o.requests += 1
        time.sleep(1)
    o.requests += 1
    if not server.serves("zanzibarine"):
        o.losses += 1
        o.fail("the article added after the bad name was never served")
    watch = None
    for _ in range(30):  # the watch may be between a restart's back-off and its next start
        status, body = http(server.url + "api/status")
        watch = body.get("watch") if isinstance(body, dict) else None
        o.requests += 1
        if watch and watch["state"] == "watching":
            break
        time.sleep(1)
    o.detail.append(f"/api/status watch: {watch}")
    if not watch or watch["state"] != "watching" or watch["restarts"] < 1:
        o.fail("the status does not say the watch was restarted and is watching")
    return o


def endless_feed(work: Path, deadline_s: float = 3.0) -> Outcome:
    """16. Two links that send 1 KB every 0.5 s forever, beside a normal link: each ends at the overall
    deadline, and the normal one is not held behind them."""
    from concurrent.futures import ThreadPoolExecutor

    from qa import fetch
    from qa.errors import BadInput

    o = Outcome(16, "a feed that drips forever (overall fetch deadline)")
    with site() as server, patched(fetch, FETCH_DEADLINE_S=deadline_s, FEED_DEADLINE_S=deadline_s):
        base = f"http://127.0.0.1:{server.server_address[1]}"

        def timed(url):
            t0 = time.monotonic()
            try:
                fetch.fetch(url, allow_private=True)
                return "fetched", time.monotonic() - t0
            except BadInput as e:
                return str(e)[:60], time.monotonic() - t0

        with ThreadPoolExecutor(3) as pool:
            drips = [pool.submit(timed, base + "/drip") for _ in range(2)]
            normal = pool.submit(timed, base + "/article")
            results = [f.result() for f in drips] + [normal.result()]
    o.requests, o.faults = 3, 2
    for what, seconds in results[:2]:
        o.detail.append(f"drip: {what} after {seconds:.1f} s")
        if what == "fetched" or seconds > deadline_s + 5:
            o.fail(f"a dripping link ran {seconds:.1f} s (deadline {deadline_s} s)")
    what, seconds = results[2]
    o.detail.append(f"normal link: {what} in {seconds:.1f} s")
    o.losses += what != "fetched"
    return o


def heavy_pdf(work: Path, pages: int = 2000, budget_s: float = 4.0) -> Outcome:
    """17. A PDF of thousands of pages sharing one heavy content stream: read within the time budget
    in a worker, and not parsed again (nor read differently) on the next build."""
    from qa import documents, pdf
    from qa.errors import BadInput

    o = Outcome(17, f"a {pages}-page PDF sharing one heavy content stream")
    path = work / "heavy.pdf"
    path.write_bytes(heavy_pdf_bytes(pages))
    with patched(pdf, MAX_PDF_SECONDS=budget_s, _MEMORY={}, cache_dir=lambda: work / "pdf-cache"):
        if True:
            timings, texts = [], []
            for attempt in range(2):
                if attempt:
                    pdf._MEMORY.clear()  # a new process: only the disk remembers
                t0, warnings = time.monotonic(), []
                try:
                    texts.append(len(documents.load_file(path, warnings=warnings)[0].text))
                except BadInput as e:
                    texts.append(str(e)[:60])
                timings.append(time.monotonic() - t0)
                o.requests += 1
    o.faults = 1
    o.detail.append(f"first build {timings[0]:.1f} s, second {timings[1]:.2f} s; outcome {texts[0]!r} then {texts[1]!r}")
    if timings[0] > budget_s + 10 or timings[1] > 2 or texts[0] != texts[1]:
        o.fail("the PDF was not bounded, or was read again differently")
    return o


def heavy_pdf_bytes(pages: int) -> bytes:
    """A valid PDF whose pages all draw one content stream of many text operations."""
    ops = b"BT /F1 6 Tf " + b" ".join(b"1 0 0 1 %d %d Tm (word%d) Tj" % (i % 500, i % 700, i) for i in range(6000)) + b" ET"
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % (5 + i) for i in range(pages)) + b"] /Count %d >>" % pages,
               b"<< /Length %d >>\nstream\n" % len(ops) + ops + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R "
                b"/Resources << /Font << /F1 4 0 R >> >> >>"] * pages
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def over_the_size_limit(work: Path) -> Outcome:
    """18. A file over the size limit, and a pipe named like an article: neither is read whole (the read
    stops at limit + 1 bytes whatever stat said), neither stops the others."""
    from qa import documents

    o = Outcome(18, "a file over the size limit; a pipe named .txt")
    corpus = corpus_with(work / "size-corpus", SEED)
    (corpus / "big.txt").write_bytes(b"Big\n\n" + b"word " * 400_000)  # 2 MB against a 1 MB limit here
    os.mkfifo(corpus / "pipe.txt")
    o.faults = 2
    with patched(documents, MAX_FILE_BYTES=1_000_000):
        t0 = time.monotonic()
        docs, warnings = documents.load_corpus(corpus)
        o.requests += 1
    o.detail.append(f"{len(docs)} read in {time.monotonic() - t0:.2f} s; " + "; ".join(w[-60:] for w in warnings))
    o.losses += not any("Peskov" in d.text for d in docs)
    if any(d.title == "Big" for d in docs) or any("pipe" in d.source for d in docs):
        o.fail("an oversized file or a pipe was read")
    return o


def markdown_title(work: Path) -> Outcome:
    """19. An article whose title (its first line) is Markdown for an image on another host: shown as
    text in the remove confirmation, the status messages and the exported conversation."""
    from qa import ui
    from qa.documents import load_file

    o = Outcome(19, "Markdown in an article title (remove confirmation, exports)")
    f = work / "beacon.md"
    f.write_text("![t](http://198.51.100.7/beacon.png) <img src=x onerror=alert(1)>\n\nThe council met on Monday "
                 "to discuss the harbour bridge and its cost, the mayor said.\n")
    [doc] = load_file(f)

    class Listing:
        def removable(self):
            return [(f"{doc.title} (beacon.md)", "beacon.md")]

    _, confirm = ui.ask_to_remove(Listing(), "beacon.md")
    export = ui.export_markdown([{"question": "Who?", "answer": doc.title, "score": 0.9, "title": doc.title,
                                  "paragraph": 1, "file": "beacon.md"}])
    o.requests, o.faults = 2, 1
    for where, text in (("confirmation", confirm.replace("Remove **", "").replace("**?", "")), ("export", export)):
        live = re.findall(r"(?<!\\)!\[|(?<!\\)\]\(|<img", text)
        o.exposures += len(live)
        o.detail.append(f"{where}: {'live markup ' + str(live) if live else 'shown as text'}")
    return o


def malformed_links(work: Path) -> Outcome:
    """20. Malformed links through the CLI: a port out of range, user:pass@, a newline, a space, an
    unclosed IPv6 bracket: one line each, never a traceback."""
    o = Outcome(20, "malformed links (CLI)")
    corpus = work / "links-corpus"
    corpus.mkdir(exist_ok=True)
    for url in ("http://example.org:99999/x", "http://user:pass@example.org/x", "http://example.org/a\nb",
                "http://exa mple.org/x", "http://[::1/x"):
        run = qa_cli("add", url, "--corpus", corpus)
        o.requests += 1
        o.faults += 1
        lines = [line for line in run.stderr.splitlines() if line.strip()]
        if run.returncode == 0 or "Traceback" in run.stderr or len(lines) != 1:
            o.fail(f"{url!r}: rc {run.returncode}, {run.stderr[-160:]!r}")
        else:
            o.detail.append(f"{url!r}: {lines[0][:80]}")
    return o


def terminal_escapes(work: Path) -> Outcome:
    """21. Article text holding terminal control sequences (set the title, clear the screen), printed
    by `qa search`: the output holds none."""
    o = Outcome(21, "terminal control sequences in article text (CLI)")
    corpus = work / "esc-corpus"
    corpus.mkdir(exist_ok=True)
    (corpus / "esc.txt").write_text("Escapes \x1b]0;pwned\x07\n\nThe quokkafest \x1b[2J council met on Monday "
                                    "\x1b[31mto vote on the bridge\x1b[0m, the mayor said.\n")
    index = work / "esc-index"
    built = qa_cli("index", corpus, "--store", index)
    found = qa_cli("search", "quokkafest council", "--store", index)
    o.requests, o.faults = 2, 3
    out = built.stdout + built.stderr + found.stdout + found.stderr
    o.exposures += out.count("\x1b")
    if "quokkafest" not in found.stdout:
        o.losses += 1
        o.fail(f"the article was not found: {found.stdout[-200:]!r} {found.stderr[-200:]!r}")
    return o


def invisible_characters(server: Server) -> Outcome:
    """22. Zero-width and bidi characters inside the words of a question: the same answer as without."""
    o = Outcome(22, "zero-width characters inside question words")
    _, plain = server.ask("What did Peskov say about the talks?")
    _, hidden = server.ask("What did Pes\u200bkov s\u200bay about the t\u2060alks\u202e?")
    o.requests, o.faults = 2, 1
    a, b = [r.get("answer") if isinstance(r, dict) else None for r in (plain, hidden)]
    o.detail.append(f"plain {a!r}, hidden {b!r}")
    o.losses += not a or a != b
    return o


def run_round4(work: Path, quick: bool = False) -> list[Outcome]:
    """Round four's breaks: the in-process and CLI ones, then one `--watch` server for the rest."""
    work = Path(work)
    work.mkdir(parents=True, exist_ok=True)
    outcomes = [dns_rebinding(work), link_swapped_after_listing(work)]
    corpus = corpus_with(work / "watched", SEED)
    server = Server(work, corpus, work / "watched-index", extra=("--watch",)).wait_up()
    try:
        outcomes.append(undecodable_name_under_watch(server, corpus))
        outcomes.append(endless_feed(work))
        outcomes.append(heavy_pdf(work, pages=2000))
        outcomes.append(over_the_size_limit(work))
        outcomes.append(markdown_title(work))
        outcomes.append(malformed_links(work))
        outcomes.append(terminal_escapes(work))
        outcomes.append(invisible_characters(server))
    finally:
        server.stop()
    return outcomes
