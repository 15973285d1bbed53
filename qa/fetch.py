"""Articles from a link or a feed, fetched only when a user asks (`qa add URL`, "Add from link").

Only http(s). Every address a request goes to — the first and each redirect's — is resolved once and
refused when it is loopback, private, link-local or otherwise not public, unless the
allow_private_urls setting says so (the tests' local server); the connection is made to that very
address (the Host header and the TLS name stay the link's), so a name that answers differently the
second time (DNS rebinding) reaches nothing it was not checked for. Limits: FETCH_TIMEOUT_S per read,
FETCH_DEADLINE_S per page and FEED_DEADLINE_S per feed in all (a watchdog cuts the connection),
MAX_PAGE_BYTES per page, MAX_REDIRECTS, MAX_FEED_ITEMS per feed; a feed item that fails is a note. The page's main text, title and
date come from trafilatura; a feed (RSS or Atom) is read with feedparser and each item's link
fetched the same way. An article is saved into the corpus as a Markdown file whose first lines say
its date and source ("Date:", "Source:"), so re-adding the same link is skipped.
"""
from __future__ import annotations

import contextlib
import http.client
import ipaddress
import re
import socket
import ssl
import threading
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from .errors import BadInput

FETCH_TIMEOUT_S = 10  # one read
FETCH_DEADLINE_S = 30  # one page, redirects included, however the server drips its bytes
FEED_DEADLINE_S = 120  # a feed and all its items
MAX_PAGE_BYTES = 5 * 2**20
MAX_REDIRECTS = 5
MAX_FEED_ITEMS = 50
USER_AGENT = "qa (article fetcher; https://github.com/)"
_SOURCE_LINE = re.compile(r"^Source:\s*(?P<url>https?://\S+)\s*$", re.MULTILINE)


@dataclass
class Fetched:
    url: str  # where the article was found (after redirects)
    title: str
    text: str
    date: str


_CONTROL = re.compile(r"[\x00-\x20\x7f]")  # a link never holds spaces or control characters
_REDIRECTS = (301, 302, 303, 307, 308)


@dataclass
class _Target:
    """Where one request goes: the address checked is the address connected to (no second lookup
    a rebinding name could answer differently)."""
    scheme: str
    host: str
    port: int
    path: str
    ip: str


def _parse(url: str) -> urllib.parse.SplitResult:
    """The link's parts, or one BadInput line for a malformed one (never a traceback)."""
    shown = repr(url[:80])
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port out of range or not a number
    except ValueError as e:
        raise BadInput(f"{shown} is not a valid link ({e}).") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise BadInput(f"Only http:// and https:// links can be added, not {shown}.")
    if _CONTROL.search(url):  # urlsplit drops tabs and newlines silently: refused before it
        raise BadInput(f"{shown} is not a link: it holds a space or a control character.")
    if parts.username is not None or parts.password is not None:
        raise BadInput(f"{shown}: links with a user name or password are not fetched.")
    return parts


def _join(base: str, link: str) -> str:
    """A link (a redirect's Location, a feed item's link) read against the page it came from."""
    try:
        return urllib.parse.urljoin(base, link)
    except ValueError as e:
        raise BadInput(f"{str(link)[:80]!r} is not a valid link ({e}).") from None


def _embedded_ipv4(ip):
    """The IPv4 address an IPv6 one carries (mapped, compatible, 6to4, NAT64, Teredo), if any."""
    if ip.version != 6:
        return None
    if ip.ipv4_mapped or ip.sixtofour:
        return ip.ipv4_mapped or ip.sixtofour
    if ip.teredo:
        return ip.teredo[1]
    if ip in ipaddress.ip_network("64:ff9b::/96") or ip in ipaddress.ip_network("::/96"):
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def _resolve(url: str, allow_private: bool) -> _Target:
    """Resolve the link's host once; refuse it when any address is loopback, private, link-local or
    otherwise not public (unless allowed). The request then connects to the address checked here."""
    parts = _parse(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError):
        raise BadInput(f"{parts.hostname[:80]}: no such host.") from None
    if not infos:
        raise BadInput(f"{parts.hostname[:80]}: no such host.")
    ips = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]
    if not allow_private:
        for ip in ips:
            inner = _embedded_ipv4(ip)
            if (not ip.is_global or ip.is_multicast) or (inner is not None and (not inner.is_global or inner.is_multicast)):
                raise BadInput(f"{parts.hostname[:80]} is a local or private address; links there are not fetched "
                               "(the setting QA_ALLOW_PRIVATE_URLS=1, or `qa add --allow-private-urls`, allows them).")
    path = parts.path or "/"
    return _Target(parts.scheme, parts.hostname, port, path + (f"?{parts.query}" if parts.query else ""), str(ips[0]))


def _open_socket(ip: str, port: int, timeout: float) -> socket.socket:
    """A TCP connection to exactly this address (the tests replace it to see where a request goes)."""
    return socket.create_connection((ip, port), timeout=timeout)


class _PinnedHTTP(http.client.HTTPConnection):
    def __init__(self, target: _Target, timeout: float):
        super().__init__(target.host, target.port, timeout=timeout)
        self._target = target

    def connect(self):
        self.sock = self.pinned_sock = _open_socket(self._target.ip, self._target.port, self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    def __init__(self, target: _Target, timeout: float):
        super().__init__(target.host, target.port, timeout=timeout, context=ssl.create_default_context())
        self._target = target

    def connect(self):
        raw = _open_socket(self._target.ip, self._target.port, self.timeout)
        # The TLS socket takes over the raw one's descriptor: the watchdog and the timeouts act on it.
        self.sock = self.pinned_sock = self._context.wrap_socket(raw, server_hostname=self._target.host)


def _too_slow(url: str) -> BadInput:
    return BadInput(f"{url[:80]}: the server was too slow (over {FETCH_TIMEOUT_S} s for a read, "
                    f"or {FETCH_DEADLINE_S} s in all).")


def _cut(conn) -> None:
    """The watchdog's stroke: shut the connection's socket, which ends any read blocked on it."""
    sock = getattr(conn, "pinned_sock", None)
    if sock is not None:
        with contextlib.suppress(OSError, ValueError):
            socket.socket.shutdown(sock, socket.SHUT_RDWR)  # the plain call: no TLS close_notify to wait for


def _read_body(response, conn, url: str, deadline: float) -> bytes:
    """The body, within the byte limit and the overall deadline (each read at most until then)."""
    declared = response.getheader("Content-Length")
    if declared and declared.isdigit() and int(declared) > MAX_PAGE_BYTES:
        raise BadInput(f"{url[:80]}: {int(declared) / 2**20:.0f} MB is over the "
                       f"{MAX_PAGE_BYTES // 2**20} MB limit for a page.")
    body = bytearray()
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise _too_slow(url)
        with contextlib.suppress(OSError, AttributeError):
            conn.pinned_sock.settimeout(min(FETCH_TIMEOUT_S, left))
        chunk = response.read1(65536)
        if not chunk:
            if time.monotonic() >= deadline:  # the watchdog cut it: a page cut short is no page
                raise _too_slow(url)
            return bytes(body)
        body += chunk
        if len(body) > MAX_PAGE_BYTES:
            raise BadInput(f"{url[:80]}: the page is over the {MAX_PAGE_BYTES // 2**20} MB limit.")


def _request(url: str, target: _Target, accept: str, deadline: float):
    """(status, headers, body) of one GET to the pinned address; a watchdog closes the connection at
    the deadline, so no server can hold a request longer than that, however it drips its bytes."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise _too_slow(url)
    kind = _PinnedHTTPS if target.scheme == "https" else _PinnedHTTP
    conn = kind(target, timeout=min(FETCH_TIMEOUT_S, left))
    watchdog = threading.Timer(left, _cut, (conn,))
    watchdog.daemon = True
    watchdog.start()
    try:
        conn.request("GET", target.path, headers={"User-Agent": USER_AGENT, "Accept": accept})
        response = conn.getresponse()
        if response.status in _REDIRECTS:
            return response.status, response, b""
        body = _read_body(response, conn, url, deadline)
        return response.status, response, body
    except BadInput:
        raise
    except (socket.timeout, TimeoutError):
        raise _too_slow(url) from None
    except (OSError, http.client.HTTPException, ValueError, AttributeError) as e:
        if time.monotonic() >= deadline:
            raise _too_slow(url) from None
        raise BadInput(f"{url[:80]}: could not be fetched ({type(e).__name__}: {str(e)[:120]}).") from None
    finally:
        watchdog.cancel()
        conn.close()


def get(url: str, allow_private: bool = False, accept: str = "text/html",
        deadline: float | None = None) -> tuple[str, str, bytes]:
    """(final URL, content type, body) of one page, within the limits; BadInput says what went wrong.
    ``deadline`` (time.monotonic()): when the whole fetch, redirects included, must be done."""
    deadline = min(deadline or float("inf"), time.monotonic() + FETCH_DEADLINE_S)
    seen = []
    for _ in range(MAX_REDIRECTS + 1):
        target = _resolve(url, allow_private)
        seen.append(url)
        status, response, body = _request(url, target, accept, deadline)
        if status in _REDIRECTS and response.getheader("Location"):
            url = _join(url, response.getheader("Location"))
            if url in seen:
                raise BadInput(f"{seen[0][:80]}: redirects in a loop.")
            continue
        if status >= 400 or status in _REDIRECTS:
            raise BadInput(f"{url[:80]}: the server answered HTTP {status}.")
        kind = (response.getheader("Content-Type") or "").split(";")[0].strip().lower()
        return url, kind, body
    raise BadInput(f"{seen[0][:80]}: more than {MAX_REDIRECTS} redirects.")


def is_feed(kind: str, body: bytes) -> bool:
    head = body[:2000].lstrip().lower()
    return ("rss" in kind or "atom" in kind or kind in ("application/xml", "text/xml")) or (
        head.startswith(b"<?xml") and (b"<rss" in head or b"<feed" in head))


def article_from_html(url: str, body: bytes) -> Fetched:
    import json

    import trafilatura

    html = body.decode("utf-8", "replace")
    extracted = trafilatura.extract(html, url=url, output_format="json", with_metadata=True,
                                    include_comments=False, favor_precision=True)
    data = json.loads(extracted) if extracted else {}
    text = (data.get("text") or "").strip()
    if len(text) < 80:
        raise BadInput(f"{url[:80]}: no article text found on that page.")
    from .dates import normalize

    return Fetched(url=url, title=(data.get("title") or "").strip() or url, text=text,
                   date=normalize(data.get("date") or ""))


def fetch(url: str, allow_private: bool = False) -> list[Fetched]:
    """The article at url, or a feed's articles (each item's link fetched; items that fail are left out)."""
    return fetch_all(url, allow_private)[0]


def fetch_all(url: str, allow_private: bool = False) -> tuple[list[Fetched], list[str]]:
    """(articles, notes): the article at url, or a feed's articles, each item's link fetched within
    the feed's overall deadline; an item refused or failing is a note, and the others are kept."""
    deadline = time.monotonic() + FEED_DEADLINE_S
    final, kind, body = get(url, allow_private, accept="text/html, application/rss+xml, application/atom+xml",
                            deadline=deadline)
    if not is_feed(kind, body):
        if kind not in ("text/html", "application/xhtml+xml", ""):
            raise BadInput(f"{url[:80]}: {kind} is not a web page.")
        return [article_from_html(final, body)], []
    import feedparser

    feed = feedparser.parse(body)
    links = [e.get("link") for e in feed.entries if isinstance(e.get("link"), str)][:MAX_FEED_ITEMS]
    if not links:
        raise BadInput(f"{url[:80]}: a feed with no item links.")
    articles, notes = [], []
    for link in links:
        if time.monotonic() >= deadline:
            notes.append(f"{link[:80]}: skipped, the feed took over {FEED_DEADLINE_S} s in all.")
            continue
        try:
            articles.append(_item(_join(final, link), allow_private, deadline))
        except BadInput as e:
            notes.append(f"feed item skipped: {e}")
    if not articles:
        raise BadInput(f"{url[:80]}: no item of the feed could be added ({notes[0] if notes else 'none'}).")
    return articles, notes


def _item(link: str, allow_private: bool, deadline: float) -> Fetched:
    final, kind, body = get(link, allow_private, deadline=deadline)
    if kind not in ("text/html", "application/xhtml+xml", ""):
        raise BadInput(f"{link[:80]}: {kind} is not a web page.")
    return article_from_html(final, body)


def sources_in(folder: Path) -> set[str]:
    """The source URLs of the articles already added from links (their "Source:" line)."""
    from .documents import read_head

    out = set()
    for f in Path(folder).glob("*.md"):
        try:
            head = read_head(f, 2000).decode("utf-8", "replace")
        except (OSError, BadInput):
            continue
        out.update(m.group("url") for m in _SOURCE_LINE.finditer(head))
    return out


def as_markdown(article: Fetched) -> str:
    """The article as a corpus file: title, date and source lines, then one paragraph per line of
    the extracted text (trafilatura gives a line per paragraph; a heading repeating the title is dropped)."""
    paragraphs = [line.strip() for line in article.text.splitlines() if line.strip()]
    if paragraphs and paragraphs[0].lower() == article.title.lower():
        paragraphs = paragraphs[1:]
    lines = [article.title, ""]
    if article.date:
        lines += [f"Date: {article.date}", ""]
    lines += [f"Source: {article.url}", ""]
    return "\n".join(lines + ["\n\n".join(paragraphs), ""])


def save(url: str, folder: Path, allow_private: bool = False) -> tuple[list[tuple[Path, Fetched]], list[str]]:
    """Fetch url (an article or a feed) and save each article new to ``folder`` as a Markdown file
    (uploads.add_file: a safe, free name taken atomically): (saved files with their articles, what
    was skipped and why). Links already added are skipped, and nothing is fetched for one."""
    import tempfile

    from . import uploads

    url = (url or "").strip()
    if not url:
        raise BadInput("Paste a link first.")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    have = sources_in(folder)
    if url in have:
        return [], [f"{url[:80]} is already in the corpus."]
    articles, skipped = fetch_all(url, allow_private=allow_private)
    saved = []
    for article in articles:
        if article.url in have:
            skipped.append(f"{article.url[:80]} is already in the corpus; skipped.")
            continue
        have.add(article.url)
        fd, tmp = tempfile.mkstemp(suffix=".md")
        try:
            with open(fd, "w", encoding="utf-8") as out:
                out.write(as_markdown(article))
            saved.append((uploads.add_file(tmp, f"{article.title[:70]}.md", folder), article))
        finally:
            Path(tmp).unlink(missing_ok=True)
    return saved, skipped
