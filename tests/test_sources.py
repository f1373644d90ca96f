"""Real sources against a local HTTP server on 127.0.0.1: pages, a feed, a WARC archive.

Nothing here leaves the machine: every URL is the test server's, every archive is built here.
"""

from __future__ import annotations

import io
import ipaddress
import re
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders  # type: ignore[import-untyped]
from warcio.warcwriter import WARCWriter  # type: ignore[import-untyped]

from newsgraph.ingest.document import Failure, SourceDocument
from newsgraph.ingest.feeds import FeedState, parse_feed, poll_feed, watch_once
from newsgraph.ingest.warc import read_warc, read_warc_records, scan_warc
from newsgraph.ingest.web import USER_AGENT, FetchOptions, fetch, is_url, make_client, read_url

Reply = tuple[int, dict[str, str], bytes]


def page(title: str, body: str, *, date: str | None = None, charset: str = "utf-8") -> bytes:
    meta = f'<meta property="article:published_time" content="{date}T08:00:00Z">' if date else ""
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
    html = (
        f'<!doctype html><html><head><meta charset="{charset}"><title>{title}</title>{meta}</head>'
        f"<body><nav>Accueil | Monde</nav><article><h1>{title}</h1>{paragraphs}</article>"
        "<footer>© 2019 Le Journal</footer></body></html>"
    )
    return html.encode(charset)


ARTICLE_FR = (
    "Le ministre de l'Économie, Bruno Le Maire, a présenté mardi à Paris un plan de soutien "
    "aux petites entreprises touchées par la hausse des prix de l'énergie.\n\n"
    "« Nous ne laisserons tomber personne », a déclaré le ministre devant les députés."
)
ARTICLE_EN = (
    "The mayor of Lyon, Grégory Doucet, opened a new tram line on Saturday after three years "
    "of works along the river.\n\n"
    "\"This line will change daily life for thousands of people,\" Doucet told reporters."
)


@dataclass
class Site:
    """What the local server answers, and what it was asked."""

    routes: dict[str, Reply | Callable[[dict[str, str]], Reply]] = field(default_factory=dict)
    hits: Counter[str] = field(default_factory=Counter)
    agents: list[str] = field(default_factory=list)
    base: str = ""
    port: int = 0

    def url(self, path: str) -> str:
        return self.base + path


@contextmanager
def serving() -> Iterator[Site]:
    state = Site()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.hits[self.path] += 1
            state.agents.append(self.headers.get("User-Agent", ""))
            route = state.routes.get(self.path)
            if route is None:
                status, headers, body = 404, {"Content-Type": "text/plain"}, b"not found"
            else:
                status, headers, body = route(dict(self.headers)) if callable(route) else route
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    state.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture()
def site() -> Iterator[Site]:
    with serving() as state:
        yield state


@pytest.fixture()
def inside() -> Iterator[Site]:
    """A second local server: an internal service that a feed or a redirect points at."""
    with serving() as state:
        yield state


def html_reply(body: bytes, charset: str | None = "utf-8") -> Reply:
    content_type = f"text/html; charset={charset}" if charset else "text/html"
    return 200, {"Content-Type": content_type}, body


# The test server is on 127.0.0.1: the tests that read it opt in to private addresses.
FAST = FetchOptions(timeout=5.0, retries=2, backoff=0.0, allow_private_addresses=True)


def no_sleep(_seconds: float) -> None:
    pass


# -- pages ------------------------------------------------------------------------------------


def test_is_url() -> None:
    assert is_url("https://example.org/a") and is_url("HTTP://x")
    assert not is_url("notes.txt") and not is_url("ftp://host/file")


def test_read_url_extracts_the_article_with_its_own_date(site: Site) -> None:
    site.routes["/eco.html"] = html_reply(page("Un plan pour les PME", ARTICLE_FR, date="2023-10-03"))
    (document,) = list(read_url(site.url("/eco.html"), options=FAST))
    assert isinstance(document, SourceDocument)
    assert document.source == site.url("/eco.html")
    assert document.url == site.url("/eco.html")
    assert document.title == "Un plan pour les PME"
    assert document.date is not None and document.date.value == "2023-10-03"
    assert "Bruno Le Maire" in document.text and "Accueil" not in document.text
    assert site.agents == [USER_AGENT]


def test_read_url_honours_the_charset_of_the_response(site: Site) -> None:
    site.routes["/latin.html"] = html_reply(page("Été", ARTICLE_FR, charset="latin-1"), charset="ISO-8859-1")
    (document,) = list(read_url(site.url("/latin.html"), options=FAST))
    assert isinstance(document, SourceDocument)
    assert "l'Économie" in document.text


def test_read_url_retries_transient_errors_with_backoff(site: Site) -> None:
    answers = iter([(503, {"Retry-After": "0"}, b"busy"), (502, {}, b"bad gateway")])

    def flaky(_headers: dict[str, str]) -> Reply:
        return next(answers, html_reply(page("Tram", ARTICLE_EN)))

    site.routes["/tram.html"] = flaky
    delays: list[float] = []
    options = FetchOptions(timeout=5.0, retries=3, backoff=0.5, allow_private_addresses=True)
    (document,) = list(read_url(site.url("/tram.html"), options=options, sleep=delays.append))
    assert isinstance(document, SourceDocument) and "Doucet" in document.text
    assert site.hits["/tram.html"] == 3
    assert delays == [0.5, 1.0]


def test_read_url_gives_up_after_the_retries(site: Site) -> None:
    site.routes["/down"] = (503, {}, b"down")
    (failure,) = list(read_url(site.url("/down"), options=FAST, sleep=no_sleep))
    assert failure == Failure(site.url("/down"), "HTTP 503 Service Unavailable")
    assert site.hits["/down"] == 3


@pytest.mark.parametrize(
    ("path", "reply", "problem"),
    [
        ("/missing", None, "HTTP 404 Not Found"),
        ("/big.html", html_reply(b"<p>" + b"x" * 5000 + b"</p>"), "page is 4.9 KB, over the 1000 bytes"),
        ("/report.pdf", (200, {"Content-Type": "application/pdf"}, b"%PDF-1.4"), "not an HTML page"),
        ("/menu.html", html_reply(b"<html><body><nav>Home</nav></body></html>"), "no article text"),
    ],
)
def test_read_url_failures_name_the_url_and_the_problem(
    site: Site, path: str, reply: Reply | None, problem: str
) -> None:
    if reply is not None:
        site.routes[path] = reply
    options = FetchOptions(max_bytes=1000, timeout=5.0, retries=0, allow_private_addresses=True)
    (failure,) = list(read_url(site.url(path), options=options))
    assert isinstance(failure, Failure)
    assert failure.source == site.url(path)
    assert problem in failure.problem


def test_connection_refused_is_a_failure_not_an_exception() -> None:
    (failure,) = list(read_url("http://127.0.0.1:9/", options=FAST, sleep=no_sleep))
    assert isinstance(failure, Failure) and failure.problem.startswith("cannot connect")


def test_redirects_are_followed_and_the_final_url_kept(site: Site) -> None:
    site.routes["/old"] = (301, {"Location": "/new.html"}, b"")
    site.routes["/new.html"] = html_reply(page("Tram", ARTICLE_EN))
    (document,) = list(read_url(site.url("/old"), options=FAST))
    assert isinstance(document, SourceDocument)
    assert document.source == site.url("/old") and document.url == site.url("/new.html")


# -- feeds ------------------------------------------------------------------------------------


def rss(*items: tuple[str, str, str]) -> bytes:
    entries = "".join(
        f"<item><title>{title}</title><link>{link}</link><guid>{guid}</guid>"
        "<pubDate>Mon, 02 Oct 2023 09:00:00 GMT</pubDate></item>"
        for guid, title, link in items
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Le Journal</title>'
        f"<link>http://127.0.0.1/</link>{entries}</channel></rss>"
    ).encode()


class Feed:
    """A feed that honours ETag: 304 when the client already has this version."""

    def __init__(self) -> None:
        self.body = b""
        self.version = 0

    def set(self, body: bytes) -> None:
        self.body, self.version = body, self.version + 1

    def __call__(self, headers: dict[str, str]) -> Reply:
        etag = f'"v{self.version}"'
        if headers.get("If-None-Match") == etag:
            return 304, {"ETag": etag}, b""
        return 200, {"Content-Type": "application/rss+xml", "ETag": etag}, self.body


def test_parse_feed_reads_items_and_refuses_what_is_not_a_feed() -> None:
    items = parse_feed(rss(("g1", "Un plan", "http://127.0.0.1/a")), url="feed")
    assert [(i.id, i.link, i.title) for i in items] == [("g1", "http://127.0.0.1/a", "Un plan")]
    assert items[0].published is not None and items[0].published.value == "2023-10-02"
    with pytest.raises(ValueError, match="not a feed"):
        parse_feed(b"<html><body>hello</body></html>", url="feed")


def test_poll_only_new_items_and_honour_etag(site: Site, tmp_path: Path) -> None:
    feed = Feed()
    site.routes["/feed.xml"] = feed
    site.routes["/a.html"] = html_reply(page("Un plan pour les PME", ARTICLE_FR))
    site.routes["/b.html"] = html_reply(page("Tram", ARTICLE_EN))
    feed.set(rss(("g1", "Un plan", site.url("/a.html"))))
    state = FeedState.load(tmp_path / "state.json")
    with make_client(FAST) as client:
        first = poll_feed(site.url("/feed.xml"), state, client=client, options=FAST)
        assert first.status == "new" and [i.id for i in first.items] == ["g1"]
        (document,) = first.documents
        assert isinstance(document, SourceDocument)
        assert document.date is not None and document.date.value == "2023-10-02"  # the feed's pubDate
        state.commit(first, failed_sources=())
        state.save()
        assert poll_feed(site.url("/feed.xml"), state, client=client, options=FAST).status == "not-modified"
        feed.set(rss(("g2", "Tram", site.url("/b.html")), ("g1", "Un plan", site.url("/a.html"))))
        restarted = FeedState.load(tmp_path / "state.json")  # as a new process would
        second = poll_feed(site.url("/feed.xml"), restarted, client=client, options=FAST)
    assert [i.id for i in second.items] == ["g2"]
    assert site.hits["/a.html"] == 1


def test_failed_items_are_retried_then_given_up(site: Site, tmp_path: Path) -> None:
    feed = Feed()
    site.routes["/feed.xml"] = feed
    feed.set(rss(("g1", "Gone", site.url("/gone.html"))))
    state = FeedState.load(tmp_path / "state.json")
    url = site.url("/feed.xml")
    with make_client(FAST) as client:
        for attempt in range(3):
            poll = poll_feed(url, state, client=client, options=FAST)
            assert [i.id for i in poll.items] == ["g1"], attempt
            state.commit(poll, failed_sources=[d.source for d in poll.documents if isinstance(d, Failure)])
        assert poll_feed(url, state, client=client, options=FAST).status == "not-modified"
    assert state.record(url).seen == {"g1": None}


def test_watch_once_stores_new_articles_and_is_idempotent(site: Site, tmp_path: Path) -> None:
    from newsgraph.store import Store

    feed = Feed()
    site.routes["/feed.xml"] = feed
    site.routes["/a.html"] = html_reply(page("Un plan pour les PME", ARTICLE_FR, date="2023-10-03"))
    feed.set(rss(("g1", "Un plan", site.url("/a.html")), ("g2", "Missing", site.url("/nope.html"))))
    state_path = tmp_path / "db.sqlite.feeds.json"
    with Store.open(str(tmp_path / "db.sqlite")) as store, make_client(FAST) as client:
        (report,) = watch_once([site.url("/feed.xml")], FeedState.load(state_path), store,
                               client=client, options=FAST)
        assert (report.new, report.ingested, len(report.failures)) == (2, 1, 1)
        feed.set(feed.body)  # a new ETag, same items: nothing new but the failed item
        (again,) = watch_once([site.url("/feed.xml")], FeedState.load(state_path), store,
                              client=client, options=FAST)
        assert (again.new, again.ingested) == (1, 0)
        assert store.stats()["articles"] == 1
    assert site.hits["/a.html"] == 1


def test_feed_state_file_errors_are_clear(tmp_path: Path) -> None:
    from newsgraph.errors import ConfigError

    bad = tmp_path / "state.json"
    bad.write_text("[1, 2]")
    with pytest.raises(ConfigError, match="not a newsgraph feed state file"):
        FeedState.load(bad)


# -- WARC -------------------------------------------------------------------------------------


def write_warc(path: Path, records: list[tuple[str, str, bytes, str]], *, gzip: bool = True) -> None:
    """Response records ``(url, status line, payload, content type)``, and one request record."""
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=gzip)
        for url, status, payload, content_type in records:
            headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                url, "response", payload=io.BytesIO(payload), http_headers=headers,
                warc_headers_dict={"WARC-Date": "2024-01-15T10:11:12Z"},
            )
            writer.write_record(record)
        request = writer.create_warc_record(
            "http://news.test/a", "request", payload=io.BytesIO(b"GET /a HTTP/1.1\r\n\r\n"),
        )
        writer.write_record(request)


@pytest.fixture()
def archive(tmp_path: Path) -> Path:
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, [
        ("http://news.test/eco", "200 OK", page("Un plan", ARTICLE_FR, date="2023-10-03"), "text/html"),
        ("http://news.test/tram", "200 OK", page("Tram", ARTICLE_EN), "text/html"),
        ("http://news.test/doc.pdf", "200 OK", b"%PDF-1.4 binary", "application/pdf"),
        ("http://news.test/gone", "404 Not Found", b"<html>gone</html>", "text/html"),
    ])
    return path


def test_warc_html_responses_become_documents(archive: Path) -> None:
    outcomes = list(read_warc(str(archive), max_bytes=1_000_000))
    documents = [o for o in outcomes if isinstance(o, SourceDocument)]
    failures = [o for o in outcomes if isinstance(o, Failure)]
    assert [d.url for d in documents] == ["http://news.test/eco", "http://news.test/tram"]
    eco, tram = documents
    assert eco.date is not None and eco.date.value == "2023-10-03"  # the page's own date
    assert tram.date is None  # the fetch date is not a publication date ...
    assert "fetched 2024-01-15 (WARC-Date)" in tram.notes  # ... but it is kept
    assert all(d.source.startswith(f"{archive}@") for d in documents)
    assert len(failures) == 2
    assert "not an HTML page (content type application/pdf) (http://news.test/doc.pdf)" in failures[0].problem
    assert "HTTP status 404" in failures[1].problem


def test_warc_records_read_by_offset_equal_a_whole_read(archive: Path) -> None:
    entries = [e for e in scan_warc(str(archive)) if not isinstance(e, Failure)]
    assert len(entries) == 4  # response records only; the request record is no page candidate
    by_offset = list(read_warc_records(str(archive), [e.offset for e in entries], max_bytes=1_000_000))
    whole = list(read_warc(str(archive), max_bytes=1_000_000))
    assert by_offset == whole


def test_uncompressed_warc_and_a_broken_tail(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc"
    write_warc(path, [("http://news.test/tram", "200 OK", page("Tram", ARTICLE_EN), "text/html")], gzip=False)
    with path.open("ab") as stream:
        stream.write(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\ntruncated")
    outcomes = list(read_warc(str(path), max_bytes=1_000_000))
    assert isinstance(outcomes[0], SourceDocument)
    assert isinstance(outcomes[-1], Failure) and "broken WARC record" in outcomes[-1].problem


def test_a_record_over_the_size_limit_is_skipped(archive: Path) -> None:
    outcomes = list(read_warc(str(archive), max_bytes=200))
    assert not any(isinstance(o, SourceDocument) for o in outcomes)
    assert any("over the 200 bytes limit" in o.problem for o in outcomes if isinstance(o, Failure))


def test_not_an_archive_is_one_failure(tmp_path: Path) -> None:
    path = tmp_path / "fake.warc.gz"
    path.write_bytes(b"this is not a warc file at all")
    (failure,) = list(read_warc(str(path), max_bytes=1000))
    assert isinstance(failure, Failure) and failure.source == f"{path}@0"


def test_fetch_sends_conditional_headers(site: Site) -> None:
    seen: list[dict[str, str]] = []

    def record(headers: dict[str, str]) -> Reply:
        seen.append(headers)
        return 304, {}, b""

    site.routes["/cond"] = record
    with make_client(FAST) as client:
        fetched = fetch(site.url("/cond"), client=client, options=FAST, headers={"If-None-Match": '"x"'})
    assert fetched.status == 304 and seen[0]["If-None-Match"] == '"x"'


# -- through the ordinary ingestion path (what `newsgraph extract/ingest` read) ----------


def test_iter_documents_reads_urls(site: Site) -> None:
    from newsgraph.ingest.sources import iter_documents

    site.routes["/a"] = html_reply(page("Un plan", ARTICLE_FR, date="2023-10-03"))
    outcomes = list(iter_documents([site.url("/a"), site.url("/missing")], allow_private_addresses=True))
    assert isinstance(outcomes[0], SourceDocument) and outcomes[0].url == site.url("/a")
    assert isinstance(outcomes[1], Failure) and site.url("/missing") in str(outcomes[1])


def test_iter_documents_reads_archives_in_directories(archive: Path) -> None:
    from newsgraph.ingest.sources import iter_documents

    assert archive.stat().st_size > 1_500  # bigger than the limit below, its pages are not
    outcomes = list(iter_documents([archive.parent], max_bytes=1_500))  # the limit is per record
    documents = [o for o in outcomes if isinstance(o, SourceDocument)]
    assert [d.url for d in documents] == ["http://news.test/eco", "http://news.test/tram"]


# -- addresses that are not public (issue #16) --------------------------------------------
#
# Every URL below is on this machine: a refusal means no request was sent (hits stay 0);
# were the check missing, the request would reach the local test server, never the network.

STRICT = FetchOptions(timeout=5.0, retries=0)  # the default: private addresses refused


@pytest.mark.parametrize(
    ("host", "shown"),
    [
        ("127.0.0.1", "127.0.0.1 is a loopback address"),
        ("localhost", "localhost resolves to 127.0.0.1, a loopback address"),
        ("2130706433", "2130706433 resolves to 127.0.0.1, a loopback address"),  # decimal 127.0.0.1
        ("0x7f000001", "0x7f000001 resolves to 127.0.0.1, a loopback address"),  # hexadecimal
        ("127.1", "127.1 resolves to 127.0.0.1, a loopback address"),
    ],
)
def test_urls_to_loopback_are_refused_unless_allowed(site: Site, host: str, shown: str) -> None:
    site.routes["/secret.html"] = html_reply(page("Secret", ARTICLE_EN))
    url = f"http://{host}:{site.port}/secret.html"
    (failure,) = list(read_url(url, options=STRICT))
    assert isinstance(failure, Failure) and failure.source == url
    assert failure.problem.startswith(f"refused: {shown}") and "--allow-private-addresses" in failure.problem
    assert "\n" not in str(failure)
    assert site.hits["/secret.html"] == 0
    (document,) = list(read_url(url, options=STRICT, allow_private_addresses=True))
    assert isinstance(document, SourceDocument) and site.hits["/secret.html"] == 1


def test_a_redirect_to_an_internal_address_is_refused(site: Site, inside: Site) -> None:
    """The first server is allowed for the test (one endpoint); its 302 to another local
    service is checked like the URL given, and refused before any request reaches it."""
    inside.routes["/admin"] = html_reply(page("Admin", ARTICLE_EN))
    site.routes["/jump"] = (302, {"Location": inside.url("/admin")}, b"")
    site.routes["/hop"] = (301, {"Location": "/jump"}, b"")  # a relative hop first
    site.routes["/fine.html"] = html_reply(page("Tram", ARTICLE_EN))
    site.routes["/to-fine"] = (302, {"Location": "/fine.html"}, b"")
    options = FetchOptions(timeout=5.0, retries=0, allowed_endpoints=frozenset({("127.0.0.1", site.port)}))
    (failure,) = list(read_url(site.url("/hop"), options=options))
    assert isinstance(failure, Failure) and failure.source == site.url("/hop")
    assert failure.problem == (
        f"redirected to {inside.url('/admin')}: refused: 127.0.0.1 is a loopback address "
        "(fetched only with --allow-private-addresses, allow_private_addresses=True in Python)"
    )
    assert (site.hits["/hop"], site.hits["/jump"], inside.hits["/admin"]) == (1, 1, 0)
    (document,) = list(read_url(site.url("/to-fine"), options=options))  # an allowed hop is followed
    assert isinstance(document, SourceDocument) and document.url == site.url("/fine.html")
    (followed,) = list(read_url(site.url("/hop"), options=options, allow_private_addresses=True))
    assert isinstance(followed, SourceDocument) and inside.hits["/admin"] == 1


def test_a_client_that_follows_redirects_itself_is_still_checked(site: Site, inside: Site) -> None:
    import httpx

    inside.routes["/admin"] = html_reply(page("Admin", ARTICLE_EN))
    site.routes["/jump"] = (302, {"Location": inside.url("/admin")}, b"")
    options = FetchOptions(timeout=5.0, retries=0, allowed_endpoints=frozenset({("127.0.0.1", site.port)}))
    with httpx.Client(follow_redirects=True) as client:
        (failure,) = list(read_url(site.url("/jump"), options=options, client=client))
    assert isinstance(failure, Failure) and "refused" in failure.problem and inside.hits["/admin"] == 0


def test_redirect_loops_stop(site: Site) -> None:
    site.routes["/loop"] = (302, {"Location": "/loop"}, b"")
    (failure,) = list(read_url(site.url("/loop"), options=FAST))
    assert isinstance(failure, Failure) and failure.problem == "more than 10 redirects"
    assert site.hits["/loop"] == 11


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("10.1.2.3", "private"),
        ("192.168.0.10", "private"),
        ("172.16.5.4", "private"),
        ("169.254.169.254", "link-local"),  # cloud metadata
        ("0.0.0.0", "unspecified"),
        ("224.0.0.1", "multicast"),
        ("240.0.0.1", "reserved"),
        ("100.64.0.1", "non-public"),  # carrier-grade NAT
        ("::1", "loopback"),
        ("fe80::1", "link-local"),
        ("fd00::1", "private"),
        ("::ffff:127.0.0.1", "loopback"),  # IPv4-mapped
        ("::", "unspecified"),
    ],
)
def test_names_resolving_to_internal_addresses_are_refused(address: str, kind: str) -> None:
    """Through an injected resolver: nothing is resolved or fetched for real."""
    from newsgraph.ingest.web import FetchProblem, check_address

    def resolver(host: str, port: int) -> list[str]:
        assert (host, port) == ("news.example", 443)
        return ["93.184.216.34", address]  # one bad address among good ones is enough

    options = FetchOptions(resolver=resolver)
    shown = f"refused: news.example resolves to {ipaddress.ip_address(address)}, a {kind} address"
    with pytest.raises(FetchProblem, match=re.escape(shown)):
        check_address("https://news.example/a", options)
    check_address("https://news.example/a", FetchOptions(resolver=lambda _h, _p: ["93.184.216.34"]))


def test_other_schemes_and_unresolvable_names_are_refused() -> None:
    from newsgraph.ingest.web import FetchProblem, check_address

    with pytest.raises(FetchProblem, match="not an http"):
        check_address("file:///etc/passwd", FetchOptions(allow_private_addresses=True))

    def no_name(_host: str, _port: int) -> list[str]:
        raise OSError("Name or service not known")

    with pytest.raises(FetchProblem, match=r"cannot resolve nowhere\.invalid"):
        check_address("http://nowhere.invalid/", FetchOptions(resolver=no_name))


def test_feed_links_to_internal_addresses_are_refused_one_line_each(
    site: Site, inside: Site, tmp_path: Path
) -> None:
    feed = Feed()
    site.routes["/feed.xml"] = feed
    site.routes["/a.html"] = html_reply(page("Un plan pour les PME", ARTICLE_FR))
    site.routes["/bounce"] = (302, {"Location": inside.url("/admin")}, b"")
    inside.routes["/admin"] = html_reply(page("Admin", ARTICLE_EN))
    links = [
        inside.url("/admin"),
        f"http://localhost:{inside.port}/admin",
        f"http://2130706433:{inside.port}/admin",
        site.url("/bounce"),
        site.url("/a.html"),
    ]
    feed.set(rss(*((f"g{i}", f"Item {i}", link) for i, link in enumerate(links))))
    options = FetchOptions(timeout=5.0, retries=0, allowed_endpoints=frozenset({("127.0.0.1", site.port)}))
    with make_client(options) as client:
        state = FeedState.load(tmp_path / "s.json")
        poll = poll_feed(site.url("/feed.xml"), state, client=client, options=options)
    *refused, fine = poll.documents
    assert isinstance(fine, SourceDocument) and fine.source == site.url("/a.html")
    assert [f.source for f in refused if isinstance(f, Failure)] == links[:4]
    assert all(isinstance(f, Failure) and "refused:" in f.problem for f in refused)
    assert sum(inside.hits.values()) == 0 and site.hits["/bounce"] == 1


def test_watch_refuses_an_internal_feed_unless_allowed(site: Site, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from newsgraph.cli import main

    feed = Feed()
    site.routes["/feed.xml"] = feed
    feed.set(rss())
    db = str(tmp_path / "db.sqlite")
    url = f"http://localhost:{site.port}/feed.xml"
    refused = CliRunner().invoke(main, ["watch", url, "--db", db, "--once"])
    assert refused.exit_code == 1, refused.output
    assert f"failed: {url}: refused: localhost resolves to 127.0.0.1, a loopback address" in refused.output
    assert site.hits["/feed.xml"] == 0
    allowed = CliRunner().invoke(main, ["watch", url, "--db", db, "--once", "--allow-private-addresses"])
    assert allowed.exit_code == 0, allowed.output
    assert site.hits["/feed.xml"] == 1


def test_iter_documents_refuses_internal_urls_and_goes_on(site: Site, tmp_path: Path) -> None:
    from newsgraph.ingest.sources import iter_documents

    site.routes["/a"] = html_reply(page("Un plan", ARTICLE_FR, date="2023-10-03"))
    text = tmp_path / "note.txt"
    text.write_text("Le conseil municipal a voté le budget mardi soir.", encoding="utf-8")
    refused, document = list(iter_documents([site.url("/a"), text]))
    assert isinstance(refused, Failure) and refused.problem.startswith("refused: 127.0.0.1 is a loopback")
    assert isinstance(document, SourceDocument) and site.hits["/a"] == 0


# -- parse work bounded for fetched and archived pages (issue #16) ------------------------


def hostile_page(attributes: int = 5_000) -> bytes:
    crowd = " ".join(f'data-a{i}="x"' for i in range(attributes))
    return page("Tram", ARTICLE_EN).replace(b"<article>", f"<article><div {crowd}>x</div>".encode())


def test_a_page_too_complex_to_parse_is_one_failure_for_urls_and_feeds(site: Site, tmp_path: Path) -> None:
    site.routes["/hostile.html"] = html_reply(hostile_page())
    site.routes["/tram.html"] = html_reply(page("Tram", ARTICLE_EN))
    (failure,) = list(read_url(site.url("/hostile.html"), options=FAST))
    assert isinstance(failure, Failure) and failure.source == site.url("/hostile.html")
    assert failure.problem.startswith("page too complex to parse: an element with 5,000 attributes")
    feed = Feed()
    site.routes["/feed.xml"] = feed
    feed.set(rss(("g1", "Hostile", site.url("/hostile.html")), ("g2", "Tram", site.url("/tram.html"))))
    with make_client(FAST) as client:
        state = FeedState.load(tmp_path / "s.json")
        poll = poll_feed(site.url("/feed.xml"), state, client=client, options=FAST)
    refused, fine = poll.documents
    assert isinstance(refused, Failure) and "page too complex to parse" in refused.problem
    assert isinstance(fine, SourceDocument)


def test_a_warc_page_too_complex_to_parse_is_one_failure(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, [
        ("http://news.test/hostile", "200 OK", hostile_page(), "text/html"),
        ("http://news.test/tram", "200 OK", page("Tram", ARTICLE_EN), "text/html"),
    ])
    refused, fine = list(read_warc(str(path), max_bytes=1_000_000))
    assert isinstance(refused, Failure) and refused.source.startswith(f"{path}@")
    assert "page too complex to parse: an element with 5,000 attributes" in refused.problem
    assert "http://news.test/hostile" in refused.problem
    assert isinstance(fine, SourceDocument) and fine.url == "http://news.test/tram"
