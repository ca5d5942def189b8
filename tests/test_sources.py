"""Feeds, pages by URL and web archives: fetched within limits, one clear error per bad source,
and the same report never stored twice (issue 6)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
from conftest import WebServer
from rich.console import Console
from typer.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from sitrep.cli import app
from sitrep.cli.render import ingest_progress
from sitrep.config import FetchOptions, InputOptions
from sitrep.errors import InputError
from sitrep.ingest import read_inputs
from sitrep.ingest.fetch import Fetcher
from sitrep.ingest.readers import read_page
from sitrep.ingest.urls import normalise_url, url_host, url_key
from sitrep.models import Article
from sitrep.pipeline import ingest
from sitrep.store import Store

STORIES = {
    "konduga": (
        "Roadside bomb kills seven near Konduga",
        "MAIDUGURI, Nigeria — A roadside bomb tore through a minibus near the town of Konduga "
        "in Borno state on Monday, killing seven passengers and wounding 11 others, police said. "
        "No group claimed responsibility for the blast.",
    ),
    "quetta": (
        "Gunmen kill four policemen in Quetta",
        "QUETTA, Pakistan — Gunmen on motorcycles opened fire on a police patrol in Quetta on "
        "Tuesday, killing four policemen, officials said. The attackers escaped.",
    ),
    "mogadishu": (
        "Car bomb kills nine at Mogadishu restaurant",
        "MOGADISHU, Somalia — A car bomb exploded outside a busy restaurant in Mogadishu on "
        "Friday, killing nine civilians and wounding 20, a police officer said. Al-Shabaab "
        "claimed the attack.",
    ),
}

LOCAL = FetchOptions(host_interval=0, allow_private=True, connect_timeout=2, read_timeout=2)
"""The test server is on 127.0.0.1: allowed, and no pause between requests."""


def page(story: str, *, metadata: bool = True, extra: str = "") -> str:
    """An article page; without ``metadata`` it has no <title>, no <h1> and no date."""
    title, text = STORIES[story]
    head = (
        f"<title>{title}</title>"
        '<meta property="article:published_time" content="2026-05-19T08:00:00Z">'
        if metadata
        else ""
    )
    heading = f"<h1>{title}</h1>" if metadata else ""
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8">{head}</head><body>'
        f"<nav><a href='/'>Home</a></nav><article>{heading}<p>{text}</p>{extra}</article>"
        "<footer>© Test Wire</footer></body></html>"
    )


def rss(items: list[tuple[str, str, str]]) -> str:
    """An RSS 2.0 feed of (link, title, RFC 822 date) items."""
    body = "".join(
        f"<item><title>{title}</title><link>{link}</link><pubDate>{date}</pubDate></item>"
        for link, title, date in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Test Wire</title><link>http://test.invalid/</link>{body}</channel></rss>"
    )


def atom(items: list[tuple[str, str, str]]) -> str:
    """An Atom feed of (link, title, RFC 822 date) items; dates are rewritten as RFC 3339."""
    body = "".join(
        f'<entry><title>{title}</title><link href="{link}"/><id>{link}</id>'
        f"<updated>{_rfc3339(date)}</updated></entry>"
        for link, title, date in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>Test Wire</title><id>urn:test</id><updated>2026-05-20T00:00:00Z</updated>"
        f"{body}</feed>"
    )


def _rfc3339(rfc822: str) -> str:
    return dt.datetime.strptime(rfc822, "%a, %d %b %Y %H:%M:%S %z").isoformat()


FEEDS: dict[str, tuple[Callable[[list[tuple[str, str, str]]], str], str]] = {
    "rss": (rss, "application/rss+xml"),
    "atom": (atom, "application/atom+xml"),
}


def serve_news(web: WebServer, feed_kind: str = "rss") -> str:
    """Two article pages and a feed linking them (relative links, as many feeds have)."""
    web.add("/news/konduga", page("konduga"))
    web.add("/news/quetta", page("quetta", metadata=False))
    render, content_type = FEEDS[feed_kind]
    items = [
        ("/news/konduga", "Feed title for Konduga", "Tue, 19 May 2026 09:00:00 +0000"),
        ("/news/quetta", "Feed title for Quetta", "Wed, 20 May 2026 10:30:00 +0000"),
    ]
    return web.add("/feed", render(items), content_type=content_type)


def _read(
    sources: list[str | Path], fetch: FetchOptions = LOCAL, **options: object
) -> list[Article | InputError]:
    return list(read_inputs(sources, InputOptions(fetch=fetch, **options)))  # type: ignore[arg-type]


# -- URL normalisation ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "normal"),
    [
        ("HTTPS://News.Example.ORG/a/b", "https://news.example.org/a/b"),
        ("https://example.org:443/a", "https://example.org/a"),
        ("http://example.org:80/a", "http://example.org/a"),
        ("http://example.org:8080/a", "http://example.org:8080/a"),
        ("https://example.org/a#comments", "https://example.org/a"),
        ("https://example.org", "https://example.org/"),
        ("https://example.org/a?utm_source=x&utm_medium=email&id=7", "https://example.org/a?id=7"),
        ("https://example.org/a?fbclid=1&gclid=2&mc_cid=3&mc_eid=4", "https://example.org/a"),
        ("https://example.org/a?UTM_Campaign=x&b=2", "https://example.org/a?b=2"),
        ("https://example.org/a?b=2&a=1", "https://example.org/a?a=1&b=2"),
        ("https://example.org/a?q=two+words&p=", "https://example.org/a?p=&q=two+words"),
        ("https://user:pw@example.org/a", "https://example.org/a"),
        ("https://example.org/A/Path/", "https://example.org/A/Path/"),
        ("  https://example.org/a  ", "https://example.org/a"),
        ("urn:isbn:0451450523", "urn:isbn:0451450523"),
        ("example.org/a?utm_source=x", "example.org/a?utm_source=x"),
    ],
    ids=[
        "case-of-scheme-and-host",
        "default-https-port",
        "default-http-port",
        "other-port-kept",
        "fragment",
        "empty-path",
        "utm-tags",
        "click-ids",
        "tracking-names-any-case",
        "sorted-query",
        "blank-values-kept",
        "credentials",
        "path-case-kept",
        "whitespace",
        "not-http-untouched",
        "no-scheme-untouched",
    ],
)
def test_normalise_url(url: str, normal: str) -> None:
    assert normalise_url(url) == normal


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("https://www.Example.org/a", "example.org"),
        ("https://wire.example:8443/a", "wire.example"),
        ("HTTPS://WIRE.EX]]>AMPLE/A", None),  # scripts/fuzz.py: urlsplit's "Invalid IPv6 URL"
        ("http://[::1", None),
        ("not a url", None),
        (None, None),
    ],
    ids=["www-and-case", "port", "bracket-in-host", "open-ipv6", "no-url", "none"],
)
def test_url_host_never_raises(url: str | None, host: str | None) -> None:
    assert url_host(url) == host


def test_a_page_whose_url_urlsplit_refuses_is_still_read() -> None:
    """The fuzzer's find: a feed entry's link with a "]" in its host made the article's source
    name raise ValueError (an unexpected failure, not a clear error)."""
    page = b"<html><body><article><p>" + b"Gunmen killed five people in Quetta. " * 20
    page += b"</p></article></body></html>"
    article = read_page(page, "text/html", "HTTPS://WIRE.EX]]>AMPLE/A", InputOptions())
    assert article.source == "HTTPS://WIRE.EX]]>AMPLE/A"


def test_url_key_is_the_same_for_every_spelling_of_a_page() -> None:
    spellings = [
        "https://example.org/a?id=7",
        "HTTPS://EXAMPLE.ORG:443/a?utm_source=feed&id=7#top",
        "https://example.org/a?fbclid=abc&id=7",
    ]
    assert len({url_key(url) for url in spellings}) == 1
    assert url_key("https://example.org/a?id=8") != url_key(spellings[0])
    assert url_key(None) is None and url_key("  ") is None


# -- feeds and pages, end to end -------------------------------------------------------------


@pytest.mark.parametrize("feed_kind", ["rss", "atom"])
def test_feed_is_ingested_end_to_end_and_again_adds_nothing(
    web: WebServer, sqlite_url: str, feed_kind: str
) -> None:
    feed_url = serve_news(web, feed_kind)
    options = InputOptions(fetch=LOCAL)
    with Store.open(sqlite_url) as store:
        summary = ingest([feed_url], store, options)
        assert (summary.new, summary.already_stored, summary.failed) == (2, 0, 0)
        counts = store.row_counts()
        assert counts["articles"] == 2 and counts["events"] >= 2

        again = ingest([feed_url], store, options)
        assert (again.new, again.already_stored, again.failed) == (0, 2, 0)
        assert store.row_counts() == counts
    assert web.requests.count("/feed") == 2


@pytest.mark.parametrize("feed_kind", ["rss", "atom"])
def test_page_metadata_wins_and_the_entry_fills_what_a_page_lacks(
    web: WebServer, feed_kind: str
) -> None:
    articles = _read([serve_news(web, feed_kind)])
    by_url = {item.url: item for item in articles if isinstance(item, Article)}
    assert set(by_url) == {web.url("/news/konduga"), web.url("/news/quetta")}
    with_metadata, without = by_url[web.url("/news/konduga")], by_url[web.url("/news/quetta")]
    assert with_metadata.title == STORIES["konduga"][0]
    assert with_metadata.published == dt.date(2026, 5, 19)
    assert with_metadata.text.startswith("MAIDUGURI, Nigeria")
    assert without.title == "Feed title for Quetta"
    assert without.published == dt.date(2026, 5, 20)
    assert without.source and without.source.startswith("127.0.0.1")


def test_feed_file_on_disk_links_to_pages(web: WebServer, tmp_path: Path) -> None:
    web.add("/news/mogadishu", page("mogadishu"))
    feed = tmp_path / "wire.rss"
    link = web.url("/news/mogadishu")
    feed.write_text(rss([(link, "Mogadishu", "Fri, 22 May 2026 12:00:00 +0000")]), "utf-8")
    (article,) = _read([feed])
    assert isinstance(article, Article)
    assert article.url == link and article.text.startswith("MOGADISHU")


def test_a_bad_feed_entry_is_one_error_and_the_other_entries_go_on(web: WebServer) -> None:
    good = web.add("/news/konduga", page("konduga"))
    items = [
        ("ftp://example.org/story", "By FTP", "Tue, 19 May 2026 09:00:00 +0000"),
        ("", "No link", "Tue, 19 May 2026 09:00:00 +0000"),
        ("/news/konduga", "Konduga", "Tue, 19 May 2026 09:00:00 +0000"),
    ]
    feed = web.add("/feed", rss(items), content_type="application/rss+xml")
    ftp, unlinked, article = _read([feed])
    assert isinstance(ftp, InputError) and ftp.source == "ftp://example.org/story"
    assert isinstance(unlinked, InputError) and unlinked.source == feed
    assert "entry 2 (No link) has no link" in str(unlinked)
    assert isinstance(article, Article) and article.url == good


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("<?xml version='1.0'?><catalog><book>Dune</book></catalog>", "not an RSS or Atom feed"),
        ("<html><body><p>Two killed.</p></body></html>", "not an RSS or Atom feed"),
        ("  \n", "the feed is empty"),
        # feedparser raised KeyError 'links' on a <link> end tag it never saw open (fuzzing)
        (
            '<rss version="2.0"><channel><item><link>a</x></item></link></item></channel></rss>',
            "malformed feed",
        ),
    ],
    ids=["other-xml", "html", "empty", "link-closed-twice"],
)
def test_a_feed_file_that_is_no_feed_is_one_line(
    tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "feed.xml"
    path.write_text(content, encoding="utf-8")
    (error,) = _read([path])
    assert isinstance(error, InputError) and error.source == str(path)
    assert message in str(error) and "\n" not in str(error)


def test_single_page_url_through_a_redirect(web: WebServer) -> None:
    web.add("/story/quetta", page("quetta"))
    short = web.redirect("/s/q1", "/story/quetta")
    (article,) = _read([short])
    assert isinstance(article, Article)
    assert article.url == web.url("/story/quetta")
    assert article.title == STORIES["quetta"][0]


def _updated(web: WebServer) -> str:
    """The same page, updated since and linked from a newsletter: known by its URL."""
    update = "<p>Police later said a bomb disposal unit swept the road.</p>"
    url = web.add("/news/konduga", page("konduga", extra=update))
    return url + "?utm_source=newsletter&utm_medium=email#top"


def _mirrored(web: WebServer) -> str:
    """The same text served from another site's URL: known by its content."""
    return web.add("/mirror/konduga-copy", page("konduga"))


@pytest.mark.parametrize(
    "again", [_updated, _mirrored], ids=["tracking-parameter-and-update", "same-text-other-url"]
)
def test_the_same_report_again_adds_nothing(
    web: WebServer, sqlite_url: str, again: Callable[[WebServer], str]
) -> None:
    first = web.add("/news/konduga", page("konduga"))
    options = InputOptions(fetch=LOCAL)
    with Store.open(sqlite_url) as store:
        assert ingest([first], store, options).new == 1
        counts = store.row_counts()
        summary = ingest([again(web)], store, options)
        assert (summary.new, summary.already_stored) == (0, 1)
        assert store.row_counts() == counts


# -- failures: one line each, the other sources go on -------------------------------------


def _big_page() -> str:
    return page("mogadishu", extra="<p>" + "Filler words for the cap. " * 80 + "</p>")


@pytest.mark.parametrize(
    ("make_url", "options", "message"),
    [
        (lambda web, silent: "ftp://example.org/feed.xml", {}, "ftp:// URL refused"),
        (lambda web, silent: "file:///etc/passwd", {}, "file:// URL refused"),
        (
            lambda web, silent: web.add("/big", _big_page()),
            {"max_bytes": 1500},
            "over the 1,500-byte cap (raise it with --max-bytes",
        ),
        (
            lambda web, silent: web.add("/big-stream", _big_page(), declare_length=False),
            {"max_bytes": 1500},
            "over the 1,500-byte cap",
        ),
        (
            lambda web, silent: web.redirect("/loop", "/loop"),
            {"fetch": replace(LOCAL, max_redirects=3)},
            "more than 3 redirects",
        ),
        (
            lambda web, silent: silent,
            {"fetch": replace(LOCAL, read_timeout=0.3)},
            "no answer within 0.3 s",
        ),
        (lambda web, silent: web.url("/missing"), {}, "HTTP 404 Not Found"),
        (
            lambda web, silent: web.add("/report.pdf", b"%PDF-1.4", content_type="application/pdf"),
            {},
            "neither an HTML page nor an RSS/Atom feed (Content-Type application/pdf)",
        ),
        (
            lambda web, silent: web.add("/menu", "<html><body><a href='/'>Home</a></body></html>"),
            {},
            "no article text found in the page",
        ),
    ],
    ids=[
        "ftp",
        "file",
        "oversized-declared",
        "oversized-streamed",
        "too-many-redirects",
        "never-answers",
        "not-found",
        "not-html",
        "no-article",
    ],
)
def test_a_bad_source_is_one_line_and_the_others_go_on(
    web: WebServer,
    silent_url: str,
    make_url: Callable[[WebServer, str], str],
    options: dict[str, object],
    message: str,
) -> None:
    bad = make_url(web, silent_url)
    good = web.add("/news/quetta", page("quetta"))
    error, article = _read([bad, good], **options)
    assert isinstance(error, InputError), error
    assert error.source == bad
    assert message in str(error)
    assert "\n" not in str(error)
    assert isinstance(article, Article) and article.url == good


def test_a_private_address_is_refused_before_any_connection(web: WebServer, tmp_path: Path) -> None:
    feed = serve_news(web)
    report = tmp_path / "report.txt"
    report.write_text(STORIES["quetta"][1], encoding="utf-8")
    error, article = _read([feed, report], fetch=replace(LOCAL, allow_private=False))
    assert isinstance(error, InputError)
    assert "127.0.0.1 is 127.0.0.1, a loopback, private or otherwise non-public address" in str(
        error
    )
    assert "--allow-private-urls" in str(error)
    assert isinstance(article, Article)
    assert web.requests == []


def test_the_private_address_setting_comes_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SITREP_ALLOW_PRIVATE_URLS", "1")
    assert FetchOptions().allow_private
    monkeypatch.setenv("SITREP_ALLOW_PRIVATE_URLS", "0")
    assert not FetchOptions().allow_private


ADDRESSES = {
    "news.example": ["93.184.216.34"],
    "intranet.example": ["10.0.0.5"],
    "metadata.example": ["169.254.169.254"],
    "mapped.example": ["::ffff:127.0.0.1"],
    "mixed.example": ["93.184.216.34", "192.168.1.1"],
}


@pytest.mark.parametrize(
    ("redirect_to", "refused_address"),
    [
        ("http://intranet.example/admin", "10.0.0.5"),
        ("http://metadata.example/latest/meta-data/", "169.254.169.254"),
        ("http://mapped.example/", "::ffff:127.0.0.1"),
        ("http://mixed.example/", "192.168.1.1"),
        ("http://127.0.0.1:8080/", "127.0.0.1"),
        ("http://[::1]/", "::1"),
    ],
    ids=["private", "link-local", "ipv4-mapped-loopback", "one-of-several", "ip-literal", "ipv6"],
)
def test_every_redirect_target_is_checked(redirect_to: str, refused_address: str) -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(302, headers={"Location": redirect_to})

    def resolve(host: str, port: int) -> list[str]:
        return ADDRESSES.get(host, [host])

    options = replace(LOCAL, allow_private=False)
    transport = httpx.MockTransport(handler)
    with (
        Fetcher(options, 10_000, resolve=resolve, transport=transport) as fetcher,
        pytest.raises(InputError) as caught,
    ):
        fetcher.get("http://news.example/story")
    assert f"redirected to {redirect_to}" in str(caught.value)
    assert f"is {refused_address}, a loopback, private" in str(caught.value)
    assert seen == ["http://news.example/story"]


def test_requests_to_one_host_are_spaced_by_the_interval() -> None:
    now = [100.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    def handler(request: httpx.Request) -> httpx.Response:
        now[0] += 0.25  # each request takes a quarter of a second
        return httpx.Response(200, text="ok")

    options = replace(LOCAL, host_interval=1.0, allow_private=False)
    with Fetcher(
        options,
        10_000,
        resolve=lambda host, port: ["93.184.216.34"],
        clock=lambda: now[0],
        sleep=sleep,
        transport=httpx.MockTransport(handler),
    ) as fetcher:
        for url in ("http://a.example/1", "http://b.example/1", "http://a.example/2"):
            fetcher.get(url)
    assert slept == [pytest.approx(0.5)]


# -- web archives ---------------------------------------------------------------------------


def write_warc(path: Path, records: list[tuple[str, str, str, bytes, str]]) -> None:
    """A WARC of (type, uri, content type, body, WARC-Date) records, gzipped for ``.gz``."""
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=path.name.endswith(".gz"))
        for record_type, uri, content_type, body, date in records:
            http_headers = (
                StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
                if record_type == "response"
                else None
            )
            record = writer.create_warc_record(
                uri,
                record_type,
                payload=io.BytesIO(body),
                http_headers=http_headers,
                warc_content_type=None if http_headers else content_type,
                warc_headers_dict={"WARC-Date": date},
            )
            writer.write_record(record)


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
def test_warc_html_responses_become_articles(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    write_warc(
        path,
        [
            ("response", "https://wire.example/quetta", "text/html; charset=utf-8",
             page("quetta", metadata=False).encode(), "2026-05-21T06:00:00Z"),
            ("response", "https://wire.example/logo.png", "image/png",
             b"\x89PNG\r\n\x1a\n" + bytes(64), "2026-05-21T06:00:01Z"),
            ("resource", "https://wire.example/data.json", "application/json",
             b'{"killed": 4}', "2026-05-21T06:00:02Z"),
        ],
    )  # fmt: skip
    (article,) = _read([path])
    assert isinstance(article, Article)
    assert article.url == "https://wire.example/quetta"
    assert article.published == dt.date(2026, 5, 21)
    assert article.text.startswith("QUETTA, Pakistan")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("notes.warc", b"this is not a warc file at all\n" * 5),
        ("broken.warc.gz", b"\x1f\x8b\x08\x00garbage" * 10),
        ("page.warc", b"<html><body>hi</body></html>"),
    ],
    ids=["text", "bad-gzip", "html"],
)
def test_a_corrupt_warc_is_one_line_naming_the_file(
    tmp_path: Path, name: str, content: bytes
) -> None:
    bad = tmp_path / name
    bad.write_bytes(content)
    report = tmp_path / "report.txt"
    report.write_text(STORIES["quetta"][1], encoding="utf-8")
    error, article = _read([bad, report])
    assert isinstance(error, InputError)
    assert error.source == str(bad)
    assert "WARC" in str(error) and "\n" not in str(error)
    assert isinstance(article, Article)


def test_a_directory_takes_feeds_and_warcs(tmp_path: Path, web: WebServer) -> None:
    web.add("/news/konduga", page("konduga"))
    link = web.url("/news/konduga")
    (tmp_path / "a.xml").write_text(rss([(link, "K", "Tue, 19 May 2026 09:00:00 +0000")]))
    write_warc(
        tmp_path / "b.warc.gz",
        [("response", "https://wire.example/m", "text/html", page("mogadishu").encode(),
          "2026-05-22T00:00:00Z")],
    )  # fmt: skip
    urls = {item.url for item in _read([tmp_path]) if isinstance(item, Article)}
    assert urls == {link, "https://wire.example/m"}


# -- the command line -------------------------------------------------------------------------


def test_cli_ingests_feeds_and_urls_and_reports_each_failure(
    web: WebServer, sqlite_url: str
) -> None:
    feed = serve_news(web)
    runner = CliRunner()
    args = ["ingest", feed, "ftp://example.org/x.xml", "--db", sqlite_url, "--host-interval", "0"]

    refused = runner.invoke(app, args, env={"SITREP_ALLOW_PRIVATE_URLS": ""})
    assert refused.exit_code == 1
    errors = [line for line in refused.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 2 and "non-public address" in errors[0] and "ftp://" in errors[1]
    assert refused.stderr.strip().endswith("0 new, 0 already stored, 2 failed")

    allowed = runner.invoke(app, [*args, "--allow-private-urls"])
    assert allowed.exit_code == 1
    assert allowed.stderr.strip().endswith("2 new, 0 already stored, 1 failed")

    again = runner.invoke(app, args, env={"SITREP_ALLOW_PRIVATE_URLS": "1"})
    assert again.stderr.strip().endswith("0 new, 2 already stored, 1 failed")


def test_the_progress_bar_counts_feed_pages_and_failures(web: WebServer, sqlite_url: str) -> None:
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=120)
    sources = [serve_news(web), "ftp://example.org/x.xml"]
    with Store.open(sqlite_url) as store, ingest_progress(console) as on_item:
        assert on_item is not None
        ingest(sources, store, InputOptions(fetch=LOCAL), on_item=on_item)
    assert "2 new, 0 already stored, 1 failed" in screen.getvalue()
