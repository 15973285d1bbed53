"""Articles from a link or a feed, fetched only when a user asks (`qa add URL`, "Add from link").

Only http(s). Every address a request goes to — the first and each redirect's — is resolved and
refused when it is loopback, private, link-local or otherwise not public, unless the
allow_private_urls setting says so (the tests' local server). Limits: FETCH_TIMEOUT_S per request,
MAX_PAGE_BYTES per page, MAX_REDIRECTS, MAX_FEED_ITEMS per feed. The page's main text, title and
date come from trafilatura; a feed (RSS or Atom) is read with feedparser and each item's link
fetched the same way. An article is saved into the corpus as a Markdown file whose first lines say
its date and source ("Date:", "Source:"), so re-adding the same link is skipped.
"""
from __future__ import annotations

import ipaddress
import re
import socket
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from .errors import BadInput

FETCH_TIMEOUT_S = 10
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


def _check_address(url: str, allow_private: bool) -> None:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise BadInput(f"Only http:// and https:// links can be added, not {url[:80]!r}.")
    if allow_private:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
    except (socket.gaierror, UnicodeError):
        raise BadInput(f"{parts.hostname}: no such host.") from None
    for info in infos:
        ip = ipaddress.ip_address(info[4][0].split("%")[0])
        if not ip.is_global or ip.is_multicast:
            raise BadInput(f"{parts.hostname} is a local or private address; links there are not fetched "
                           "(QA_ALLOW_PRIVATE_URLS=1 allows them).")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # redirects are followed by get(), which checks each target's address


def get(url: str, allow_private: bool = False, accept: str = "text/html") -> tuple[str, str, bytes]:
    """(final URL, content type, body) of one page, within the limits; BadInput says what went wrong."""
    opener = urllib.request.build_opener(_NoRedirect)
    seen = []
    for _ in range(MAX_REDIRECTS + 1):
        _check_address(url, allow_private)
        seen.append(url)
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": accept})
        try:
            response = opener.open(request, timeout=FETCH_TIMEOUT_S)
        except urllib.error.HTTPError as e:
            if e.code in (301, 302, 303, 307, 308) and e.headers.get("Location"):
                url = urllib.parse.urljoin(url, e.headers["Location"])
                if url in seen:
                    raise BadInput(f"{seen[0][:80]}: redirects in a loop.") from None
                continue
            raise BadInput(f"{url[:80]}: the server answered HTTP {e.code}.") from None
        except (urllib.error.URLError, socket.timeout, TimeoutError, ConnectionError) as e:
            reason = getattr(e, "reason", e)
            if isinstance(reason, (socket.timeout, TimeoutError)) or "timed out" in str(reason):
                raise BadInput(f"{url[:80]}: the server was too slow (over {FETCH_TIMEOUT_S} s).") from None
            raise BadInput(f"{url[:80]}: could not be fetched ({reason}).") from None
        with response:
            kind = (response.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > MAX_PAGE_BYTES:
                raise BadInput(f"{url[:80]}: {int(declared) / 2**20:.0f} MB is over the "
                               f"{MAX_PAGE_BYTES // 2**20} MB limit for a page.")
            body = bytearray()
            try:
                while chunk := response.read(65536):
                    body += chunk
                    if len(body) > MAX_PAGE_BYTES:
                        raise BadInput(f"{url[:80]}: the page is over the {MAX_PAGE_BYTES // 2**20} MB limit.")
            except (socket.timeout, TimeoutError):
                raise BadInput(f"{url[:80]}: the server was too slow (over {FETCH_TIMEOUT_S} s).") from None
            return response.geturl() or url, kind, bytes(body)
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
    """The article at url, or a feed's articles (each item's link fetched)."""
    final, kind, body = get(url, allow_private, accept="text/html, application/rss+xml, application/atom+xml")
    if is_feed(kind, body):
        import feedparser

        feed = feedparser.parse(body)
        links = [e.get("link") for e in feed.entries if e.get("link")][:MAX_FEED_ITEMS]
        if not links:
            raise BadInput(f"{url[:80]}: a feed with no item links.")
        return [article for link in links for article in _each(urllib.parse.urljoin(final, link), allow_private)]
    if kind not in ("text/html", "application/xhtml+xml", ""):
        raise BadInput(f"{url[:80]}: {kind} is not a web page.")
    return [article_from_html(final, body)]


def _each(link: str, allow_private: bool) -> list[Fetched]:
    final, kind, body = get(link, allow_private)
    if kind not in ("text/html", "application/xhtml+xml", ""):
        raise BadInput(f"{link[:80]}: {kind} is not a web page.")
    return [article_from_html(final, body)]


def sources_in(folder: Path) -> set[str]:
    """The source URLs of the articles already added from links (their "Source:" line)."""
    out = set()
    for f in Path(folder).glob("*.md"):
        try:
            head = f.read_text(encoding="utf-8", errors="replace")[:2000]
        except OSError:
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
    saved, skipped = [], []
    for article in fetch(url, allow_private=allow_private):
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
