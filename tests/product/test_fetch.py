"""Articles from a link or a feed, against a local server (no test reaches the internet): the page's
text, title and date; a feed's items; and a clear refusal for a 404, a non-HTML type, a page over the
limit, a slow server, a redirect loop and a private address (refused unless allowed)."""
import time

import pytest

from qa import fetch
from qa.errors import BadInput

def test_an_article_page_gives_its_text_title_and_date(news_site):
    [a] = fetch.fetch(news_site + "/article", allow_private=True)
    assert a.title == "Council approves harbour bridge" and a.date == "2022-01-05"
    assert "240 metres long" in a.text and "Home | News" not in a.text and a.url == news_site + "/article"
    md = fetch.as_markdown(a)
    assert md.startswith("Council approves harbour bridge\n\nDate: 2022-01-05\n\nSource: " + news_site + "/article")
    [moved] = fetch.fetch(news_site + "/moved", allow_private=True)  # a redirect is followed, its target checked
    assert moved.url == news_site + "/article"


def test_a_feed_gives_each_items_article(news_site):
    articles = fetch.fetch(news_site + "/feed", allow_private=True)
    assert [a.date for a in articles] == ["2022-01-05", "2022-02-01"] and "ferry pier" in articles[1].text


@pytest.mark.parametrize("path, says", [
    ("/missing", "HTTP 404"), ("/image", "image/png is not a web page"), ("/loop", "redirects in a loop"),
    ("/big", "over the 5 MB limit"), ("/slow", "too slow"),
])
def test_every_failure_is_one_clear_message(news_site, monkeypatch, path, says):
    monkeypatch.setattr(fetch, "FETCH_TIMEOUT_S", 1)
    with pytest.raises(BadInput, match=says):
        fetch.fetch(news_site + path, allow_private=True)


@pytest.mark.parametrize("url", ["http://127.0.0.1:9/x", "http://localhost/x", "http://10.0.0.1/x",
                                 "http://169.254.169.254/latest/meta-data", "http://[::1]/x"])
def test_private_addresses_are_refused_unless_allowed(url):
    with pytest.raises(BadInput, match="local or private address"):
        fetch.fetch(url)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/x", "javascript:alert(1)", "no link"])
def test_only_http_links(url):
    with pytest.raises(BadInput, match="Only http:// and https:// links"):
        fetch.fetch(url)


def test_a_redirect_to_a_private_address_is_refused(news_site, monkeypatch):
    """The first address is allowed (as if public), the redirect's target is checked again."""
    calls = []
    real = fetch._resolve

    def first_allowed(url, allow_private):
        calls.append(url)
        return real(url, allow_private or len(calls) == 1)

    monkeypatch.setattr(fetch, "_resolve", first_allowed)
    with pytest.raises(BadInput, match="local or private address"):
        fetch.fetch(news_site + "/moved")
    assert len(calls) == 2


def test_added_links_are_known_by_their_source_line(tmp_path, news_site):
    [a] = fetch.fetch(news_site + "/article", allow_private=True)
    (tmp_path / "bridge.md").write_text(fetch.as_markdown(a))
    assert fetch.sources_in(tmp_path) == {news_site + "/article"}
    from qa.documents import load_file

    [doc] = load_file(tmp_path / "bridge.md")
    assert doc.date == "2022-01-05" and "Source:" not in doc.text and doc.text.startswith("The Millbrook")


def test_a_rebinding_name_is_connected_to_the_address_that_was_checked(news_site, monkeypatch):
    """A name that answers a public address when checked and 127.0.0.1 after (DNS rebinding): the
    request goes to the address checked, and the local server is never reached."""
    port = news_site.server.server_address[1]
    public = "93.184.216.34"
    answers = iter([public] + ["127.0.0.1"] * 10)
    real_lookup = fetch.socket.getaddrinfo

    def rebinding(host, *args, **kwargs):
        if host != "rebind.example":
            return real_lookup(host, *args, **kwargs)
        ip = next(answers)
        return [(fetch.socket.AF_INET, fetch.socket.SOCK_STREAM, 6, "", (ip, port))]

    connected = []

    def no_outside_traffic(ip, port, timeout):  # the test never leaves the machine
        connected.append(ip)
        if ip != "127.0.0.1":
            raise ConnectionRefusedError("not contacted in a test")
        return fetch.socket.create_connection((ip, port), timeout=timeout)

    monkeypatch.setattr(fetch.socket, "getaddrinfo", rebinding)
    monkeypatch.setattr(fetch, "_open_socket", no_outside_traffic)
    before = len(news_site.server.hits)
    with pytest.raises(BadInput, match="could not be fetched"):
        fetch.fetch(f"http://rebind.example:{port}/secret")
    assert connected == [public] and news_site.server.hits[before:] == []


def test_the_host_header_stays_the_links_name(news_site, monkeypatch):
    port = news_site.server.server_address[1]
    monkeypatch.setattr(fetch.socket, "getaddrinfo",
                        lambda host, *a, **k: [(fetch.socket.AF_INET, fetch.socket.SOCK_STREAM, 6, "",
                                                ("127.0.0.1", port))])
    [a] = fetch.fetch(f"http://news.example:{port}/article", allow_private=True)
    assert a.url == f"http://news.example:{port}/article" and "240 metres" in a.text


def test_a_page_that_drips_forever_stops_at_the_overall_deadline(news_site, monkeypatch):
    monkeypatch.setattr(fetch, "FETCH_DEADLINE_S", 2)
    t0 = time.monotonic()
    with pytest.raises(BadInput, match="too slow"):
        fetch.fetch(news_site + "/drip", allow_private=True)
    assert time.monotonic() - t0 < 6


def test_a_feeds_failing_items_are_notes_and_the_others_are_added(news_site):
    articles, notes = fetch.fetch_all(news_site + "/mixed-feed", allow_private=True)
    assert [a.date for a in articles] == ["2022-01-05", "2022-02-01"]
    assert len(notes) == 2 and any("HTTP 404" in n for n in notes) and any("not a valid link" in n for n in notes)


@pytest.mark.parametrize("url, says", [
    ("http://example.org:99999/x", "not a valid link"), ("http://example.org:abc/x", "not a valid link"),
    ("http://user:pass@example.org/x", "user name or password"), ("http://exa mple.org/x", "space or a control"),
    ("http://example.org/x\nHost: evil", "space or a control"), ("http://[::1/x", "not a valid link"),
])
def test_a_malformed_link_is_one_clear_message(url, says):
    with pytest.raises(BadInput, match=says):
        fetch.fetch(url)


def test_the_private_address_refusal_names_the_setting_and_the_flag():
    with pytest.raises(BadInput, match="QA_ALLOW_PRIVATE_URLS=1, or `qa add --allow-private-urls`"):
        fetch.fetch("http://127.0.0.1:9/x")


def test_a_malformed_redirect_is_one_clear_message(news_site):
    with pytest.raises(BadInput, match="not a valid link"):
        fetch.fetch(news_site + "/bad-location", allow_private=True)


@pytest.mark.parametrize("ip", ["::7f00:1", "64:ff9b::a00:1", "2002:7f00:1::", "::ffff:127.0.0.1"])
def test_an_ipv6_address_carrying_a_private_ipv4_one_is_refused(monkeypatch, ip):
    monkeypatch.setattr(fetch.socket, "getaddrinfo",
                        lambda host, *a, **k: [(fetch.socket.AF_INET6, fetch.socket.SOCK_STREAM, 6, "", (ip, 80, 0, 0))])
    with pytest.raises(BadInput, match="local or private address"):
        fetch.fetch("http://sneaky.example/x")


def test_the_links_already_added_are_read_without_following_links(tmp_path):
    import os

    (tmp_path / "secret.md").write_text("Source: https://example.org/secret\n")
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "link.md").symlink_to(tmp_path / "secret.md")
    os.mkfifo(tmp_path / "corpus" / "pipe.md")
    (tmp_path / "corpus" / "real.md").write_text("Title\n\nSource: https://example.org/real\n")
    assert fetch.sources_in(tmp_path / "corpus") == {"https://example.org/real"}
