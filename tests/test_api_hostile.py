"""Hostile input (issue #16) on both store backends: NUL characters in filters, search
queries built to be slow, write bodies sent without a token or too large, blank articles,
HEAD requests.  PostgreSQL runs when NEWSGRAPH_TEST_POSTGRES_URL is set (tests/store_backends.py)."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Iterator, Sequence
from typing import Any

import pytest
from api_corpus import corpus
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.exc import DataError
from starlette.routing import BaseRoute
from store_backends import BACKENDS, backend_url

from newsgraph.api import ApiSettings, create_app, queries
from newsgraph.api.routes_write import MAX_CORRECTION_BYTES
from newsgraph.model import content_id
from newsgraph.resolve.run import resolve_store
from newsgraph.store import Store
from newsgraph.store.engine import make_engine, resolve_url
from newsgraph.store.search import (
    MAX_PREFIX_WORDS,
    MAX_QUERY_CHARACTERS,
    MAX_QUERY_WORDS,
    SearchTimeout,
    time_limit,
)

TOKEN = "hostile-test-token"
MAX_INGEST_BYTES = 4000


@pytest.fixture(scope="module", params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The API corpus, resolved, in a SQLite file or a fresh PostgreSQL schema."""
    with backend_url(request.param, tmp_path_factory.mktemp("hostile")) as url:
        with Store.open(url) as store:
            store.save(corpus())
            resolve_store(store)
        yield url


@pytest.fixture(scope="module")
def client(db: str) -> Iterator[TestClient]:
    settings = ApiSettings(token=TOKEN, max_ingest_bytes=MAX_INGEST_BYTES)
    with TestClient(create_app(db=db, settings=settings)) as test_client:
        yield test_client


def assert_error(response: Any, status: int, code: str) -> str:
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["code"] == code and error["message"]
    return str(error["message"])


def assert_html_error(response: Any, status: int, words: str) -> None:
    assert response.status_code == status, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    assert words in response.text


# --- 1. NUL characters ------------------------------------------------------------------------

NUL_API_URLS = [
    "/api/entities?q=a%00b",
    "/api/articles?outlet=Le%00Monde",
    "/api/articles?lang=f%00r",
    "/api/articles/a_%00summit",
    "/api/events?actor=Mac%00ron",
    "/api/events?type=ME%00ET",
    "/api/entities/PER/a%00b",
    "/api/quotes?entity=PER:a%00b",
    "/api/graph?entity=PER:a%00b",
    "/api/timeline?q=mac%00ron",
    "/api/timeline/entity?entity=PER:a%00b",
    "/api/search?q=mac%00ron",
    "/api/stats/quoted?outlet=Le%00Monde",
    "/api/stats/quoted?query=mac%00ron",
    "/api/stats/over-time?speaker=Mac%00ron",
    "/api/stats/shares?lang=%00",
    "/api/articles?out%00let=x",
]
NUL_PAGE_URLS = [
    "/?q=mac%00ron",
    "/articles?outlet=Le%00Monde",
    "/articles/a_%00summit",
    "/entities?q=a%00b",
    "/entities/PER/a%00b",
    "/timeline?q=a%00b",
    "/graph?entity_type=PER&entity_name=a%00b",
    "/stats?outlet=Le%00Monde",
    "/stats?speaker=a%00b",
    "/static/app%00.css",
]


@pytest.mark.parametrize("url", NUL_API_URLS)
def test_nul_in_an_api_parameter_is_refused(client: TestClient, url: str) -> None:
    message = assert_error(client.get(url), 422, "invalid_request")
    assert "NUL" in message


@pytest.mark.parametrize("url", NUL_PAGE_URLS)
def test_nul_in_a_page_parameter_is_refused(client: TestClient, url: str) -> None:
    assert_html_error(client.get(url), 422, "NUL character")


def test_nul_is_refused_without_a_token_before_writes(client: TestClient) -> None:
    """Even an unauthenticated write with a NUL in its query answers 422, not 5xx."""
    assert_error(client.post("/api/articles?source=a%00b", json={"text": "x"}), 422, "invalid_request")


def test_store_errors_are_logged_without_the_statement(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A failing read answers 503; the error log names the request and the driver's reason,
    never the SQL text or its parameters (they carry user input)."""

    def failing(*args: Any, **kwargs: Any) -> Any:
        raise DataError(
            "SELECT articles.id FROM articles WHERE articles.outlet = %(outlet)s",
            {"outlet": "secret-user-input"},
            ValueError("the driver refused a value"),
        )

    monkeypatch.setattr(queries, "list_articles", failing)
    with caplog.at_level(logging.DEBUG, logger="newsgraph.api"):
        response = client.get("/api/articles", params={"outlet": "secret-user-input"})
    assert_error(response, 503, "unavailable")
    assert "secret-user-input" not in response.text
    errors = [record.getMessage() for record in caplog.records if record.levelno >= logging.ERROR]
    assert errors and all("/api/articles" in message for message in errors)
    assert "the driver refused a value" in errors[0]
    assert not any("SELECT" in message or "secret-user-input" in message for message in errors)


# --- 2. costly search queries -----------------------------------------------------------------

HOSTILE = " ".join(["a*"] * 166)[:497]  # the review's 497-character query
SEARCH_URLS = [
    ("/api/search", "q", True),
    ("/api/timeline", "q", True),
    ("/api/stats/quoted", "query", True),
    ("/", "q", False),
    ("/timeline", "q", False),
    ("/stats", "query", False),
]


def _refused(client: TestClient, path: str, name: str, api: bool, query: str, words: str) -> None:
    started = time.perf_counter()
    response = client.get(path, params={name: query})
    assert time.perf_counter() - started < 2.0
    if api:
        assert words in assert_error(response, 422, "invalid_request")
    else:
        assert_html_error(response, 422, words)


@pytest.mark.parametrize(("path", "name", "api"), SEARCH_URLS)
def test_search_queries_beyond_the_bounds_are_refused(
    client: TestClient, path: str, name: str, api: bool
) -> None:
    too_many_prefixes = " ".join(f"{letter}*" for letter in "abcdefgh"[: MAX_PREFIX_WORDS + 1])
    too_many_words = " ".join(["macron"] * (MAX_QUERY_WORDS + 1))
    split_prefix = "a-b-c-d-e*"  # PostgreSQL makes each word of a prefix term a prefix
    too_long = "macron " + "x" * MAX_QUERY_CHARACTERS
    for query, words in [
        (HOSTILE, "characters"),
        (too_many_prefixes, "prefix words"),
        (split_prefix, "prefix words"),
        (too_many_words, "words"),
        (too_long, "characters"),
    ]:
        _refused(client, path, name, api, query, words)


@pytest.mark.parametrize(("path", "name", "api"), SEARCH_URLS)
def test_search_queries_at_the_bounds_are_answered(
    client: TestClient, path: str, name: str, api: bool
) -> None:
    prefixes = " ".join(["mac*"] * MAX_PREFIX_WORDS)
    words = " ".join([prefixes, *(["macron"] * (MAX_QUERY_WORDS - MAX_PREFIX_WORDS))])
    for query in (prefixes, words):
        response = client.get(path, params={name: query})
        assert response.status_code == 200, response.text[:500]
    if path == "/api/search":
        assert client.get(path, params={name: prefixes}).json()["total"] >= 1


def test_the_search_bounds_are_in_the_openapi_document(client: TestClient) -> None:
    document = client.get("/api/openapi.json").json()
    for path, name in (("/api/search", "q"), ("/api/timeline", "q"), ("/api/stats/quoted", "query")):
        parameter = next(p for p in document["paths"][path]["get"]["parameters"] if p["name"] == name)
        schema = parameter["schema"]
        schema = next((s for s in schema.get("anyOf", []) if s.get("type") == "string"), schema)
        assert schema["maxLength"] == MAX_QUERY_CHARACTERS, parameter


def test_a_search_past_its_time_limit_answers_503(client: TestClient) -> None:
    store = client.app.state.database.store  # type: ignore[attr-defined]
    index = store._search_index
    saved = index.seconds
    index.seconds = 0.0
    try:
        message = assert_error(client.get("/api/search", params={"q": "macron"}), 503, "search_timeout")
        assert "longer than 0 s" in message
        assert_html_error(client.get("/", params={"q": "macron"}), 503, "stopped")
        assert_error(client.get("/api/stats/quoted", params={"query": "macron"}), 503, "search_timeout")
    finally:
        index.seconds = saved
    assert client.get("/api/search", params={"q": "macron"}).status_code == 200


def test_time_limit_interrupts_a_slow_statement(db: str) -> None:
    """The mechanism itself: SQLite's progress handler, PostgreSQL's statement_timeout."""
    engine = make_engine(resolve_url(db))
    slow = (
        "SELECT pg_sleep(5)"
        if engine.dialect.name == "postgresql"
        else "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000000) "
        "SELECT count(*) FROM n"
    )
    try:
        with engine.connect() as connection, connection.begin():
            started = time.perf_counter()
            expected = pytest.raises(SearchTimeout, match=r"longer than 0\.2 s")
            with expected, time_limit(connection, 0.2) as clock:
                clock.before_statement()
                connection.execute(text(slow))
            assert time.perf_counter() - started < 1.5
        # the connection is usable again
        with engine.connect() as connection, connection.begin(), time_limit(connection, 2.0) as clock:
            clock.before_statement()
            assert connection.execute(text("SELECT 1")).scalar() == 1
    finally:
        engine.dispose()


# --- 3. write bodies --------------------------------------------------------------------------

WRITE_PATHS = [
    "/api/corrections/merge", "/api/corrections/rename", "/api/corrections/undo", "/api/articles",
    "/api/corrections/quote", "/api/corrections/quote/undo",
]


def _post_raw(
    client: TestClient, path: str, *, declared: int, chunks: int, token: str | None
) -> tuple[int, int]:
    """POST straight to the ASGI app, the body in 64 KiB chunks (``Content-Length``:
    ``declared``): the status, and how many body bytes the app asked for."""
    chunk = b"x" * 65536
    consumed = 0
    sent = 0
    status = 0

    async def receive() -> dict[str, Any]:
        nonlocal consumed, sent
        if sent >= chunks:
            return {"type": "http.disconnect"}
        sent += 1
        consumed += len(chunk)
        return {"type": "http.request", "body": chunk, "more_body": sent < chunks}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    headers = [(b"content-type", b"application/json"), (b"content-length", str(declared).encode())]
    if token is not None:
        headers.append((b"authorization", f"Bearer {token}".encode()))
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
        "scheme": "http", "path": path, "raw_path": path.encode(), "root_path": "", "query_string": b"",
        "headers": headers, "client": ("127.0.0.1", 1), "server": ("testserver", 80),
    }
    asyncio.run(client.app(scope, receive, send))  # type: ignore[arg-type]
    return status, consumed


@pytest.mark.parametrize("path", WRITE_PATHS)
def test_write_bodies_are_not_read_without_the_token(client: TestClient, path: str) -> None:
    for token, status in ((None, 401), ("wrong", 403)):
        answered, consumed = _post_raw(client, path, declared=78_000_000, chunks=32, token=token)
        assert (answered, consumed) == (status, 0)


@pytest.mark.parametrize("path", WRITE_PATHS)
def test_write_bodies_are_limited(client: TestClient, path: str) -> None:
    limit = MAX_INGEST_BYTES if path == "/api/articles" else MAX_CORRECTION_BYTES
    declared, consumed = _post_raw(client, path, declared=78_000_000, chunks=32, token=TOKEN)
    assert (declared, consumed) == (413, 0)  # refused on its Content-Length, unread
    chunks = 32  # 2 MiB sent in chunks under a Content-Length that lies (small)
    streamed, consumed = _post_raw(client, path, declared=100, chunks=chunks, token=TOKEN)
    assert streamed == 413 and consumed <= limit + 65536
    big = {"entities": [{"type": "PER", "name": "x"}] * 2, "note": "n" * (MAX_CORRECTION_BYTES + 1)}
    if path != "/api/articles":
        auth = {"Authorization": f"Bearer {TOKEN}"}
        assert_error(client.post(path, json=big, headers=auth), 413, "payload_too_large")


def api_routes(routes: Sequence[BaseRoute]) -> Iterator[APIRoute]:
    """Every APIRoute of the app, those of included routers too (FastAPI keeps an included
    router as one route holding the ``original_router``)."""
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        included = getattr(route, "original_router", None)
        if included is not None:
            yield from api_routes(included.routes)


def test_no_route_has_its_body_parsed_before_its_dependencies(client: TestClient) -> None:
    """FastAPI reads and parses a declared body before running the dependencies (the token
    check): every route reads its body itself, after them, within a limit."""
    routes = list(api_routes(client.app.routes))  # type: ignore[attr-defined]
    posts = {route.path for route in routes if "POST" in (route.methods or ())}
    assert posts == {"/api/articles", *WRITE_PATHS}
    assert [route.path for route in routes if route.body_field is not None] == []


def test_correction_bodies_are_still_validated_and_documented(client: TestClient) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    assert_error(client.post("/api/corrections/merge", content=b"{", headers=auth), 422, "invalid_request")
    one = {"entities": [{"type": "PER", "name": "Olaf Scholz"}]}
    assert_error(client.post("/api/corrections/merge", json=one, headers=auth), 422, "invalid_request")
    form = auth | {"Content-Type": "application/x-www-form-urlencoded"}
    assert_error(client.post("/api/corrections/undo", content=b"judgement=1", headers=form), 415,
                 "unsupported_media_type")
    document = client.get("/api/openapi.json").json()
    body = document["paths"]["/api/corrections/merge"]["post"]["requestBody"]
    schema = body["content"]["application/json"]["schema"]
    assert body["required"] and schema["required"] == ["entities"]
    entity = schema["properties"]["entities"]["items"]
    assert entity["properties"]["type"]["enum"] == ["PER", "ORG", "LOC", "MISC"]
    assert "$defs" not in str(document)


# --- 4. blank articles ------------------------------------------------------------------------


@pytest.mark.parametrize("blank", [" ", "  \n\t  ", "\u00a0\u2003\n", "\x1c"])
def test_blank_article_text_is_refused(client: TestClient, blank: str) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    response = client.post("/api/articles", json={"text": blank}, headers=auth)
    assert "blank" in assert_error(response, 422, "invalid_request")
    plain = auth | {"Content-Type": "text/plain; charset=utf-8"}
    response = client.post("/api/articles?source=feed/blank", content=blank.encode(), headers=plain)
    assert "blank" in assert_error(response, 422, "invalid_request")
    assert client.get("/api/articles").json()["total"] == len(corpus())


# --- 5. HEAD ----------------------------------------------------------------------------------

MACRON_ID = content_id("PER:emanuel macron", prefix="c_")  # the corpus entity's id (its name key)
PATH_VALUES = {
    "{article_id}": "a_summit", "{type}": "PER", "{name:path}": "Emmanuel Macron", "{entity_id}": MACRON_ID,
}
REQUIRED = {
    "/api/search": {"q": "macron"},
    "/api/quotes": {"entity": "PER:Emmanuel Macron"},
    "/api/timeline/entity": {"entity": "PER:Emmanuel Macron"},
    "/api/stats/over-time": {"speaker": "Macron"},
}


def get_routes(client: TestClient) -> list[str]:
    paths = []
    for route in api_routes(client.app.routes):  # type: ignore[attr-defined]
        if "GET" in (route.methods or ()):
            path = route.path
            for placeholder, value in PATH_VALUES.items():
                path = path.replace(placeholder, value)
            paths.append(path)
    return paths


def test_head_is_answered_on_every_get_route(client: TestClient) -> None:
    paths = get_routes(client)
    expected = {"/", "/api/articles", "/entities/PER/Emmanuel Macron", "/stats", "/api/stats/quoted"}
    assert expected <= set(paths)
    for path in [*paths, "/api/openapi.json", "/static/app.css"]:
        params = REQUIRED.get(path, {})
        got = client.get(path, params=params)
        head = client.head(path, params=params)
        assert got.status_code == 200, (path, got.text[:300])
        assert head.status_code == 200 and head.content == b"", path
        assert head.headers["content-type"] == got.headers["content-type"], path
        assert head.headers["content-security-policy"], path
    assert client.head("/api/articles/a_missing").status_code == 404
    assert client.head("/api/corrections/merge").status_code == 405
