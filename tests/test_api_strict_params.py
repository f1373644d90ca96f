"""The API's reads refuse a query parameter they do not declare (422, naming it and the
known ones) instead of ignoring a misspelt filter (issue #18); writes and web pages are
left alone."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import Any

import pytest
from api_corpus import build_store
from fastapi.testclient import TestClient

from newsgraph.api import create_app

UNKNOWN = "zz_unknown"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = build_store(tmp_path_factory.mktemp("strict") / "strict.sqlite")
    with TestClient(create_app(db=db)) as test_client:
        yield test_client


def read_operations(client: TestClient) -> list[tuple[str, dict[str, Any]]]:
    schema = client.get("/api/openapi.json").json()
    return [(path, item["get"]) for path, item in schema["paths"].items() if "get" in item]


def test_every_read_refuses_an_unknown_parameter(client: TestClient) -> None:
    operations = read_operations(client)
    assert len(operations) >= 10
    for path, operation in operations:
        url = re.sub(r"\{[^}]+\}", "PER", path)  # path parameters: any value routes
        declared = sorted(p["name"] for p in operation.get("parameters", []) if p["in"] == "query")
        response = client.get(url, params={UNKNOWN: "1"})
        assert response.status_code == 422, (path, response.text)
        message = response.json()["error"]["message"]
        assert message == f"unknown query parameter '{UNKNOWN}' (known: {', '.join(declared) or 'none'})"
        assert client.head(url, params={UNKNOWN: "1"}).status_code == 422


@pytest.mark.parametrize(
    ("url", "misspelt"),
    [
        ("/api/articles?date_form=2023", "date_form"),
        ("/api/events?date_frm=2023", "date_frm"),
        ("/api/events?snce=2023", "snce"),
        ("/api/stats/quoted?sinse=2023", "sinse"),
        ("/api/search?q=Macron&limt=5", "limt"),
    ],
)
def test_a_misspelt_filter_is_not_ignored(client: TestClient, url: str, misspelt: str) -> None:
    response = client.get(url)
    assert response.status_code == 422
    assert response.json()["error"]["message"].startswith(f"unknown query parameter '{misspelt}'")


@pytest.mark.parametrize(
    "url",
    [
        "/api/articles?since=2023&until=2024&lang=fr&limit=5&offset=0",
        "/api/articles?date_from=2023&date_to=2024",  # the deprecated names, for one release
        "/api/entities?limit=8&q=Mac",  # what the web UI's search box asks
        "/api/events?actor=Macron&since=2023",
        "/api/events?date_from=2023&date_to=2024",
        "/api/timeline?q=Macron&granularity=year",
        "/api/stats/quoted?since=2023&until=2024&by=outlet",
        "/api/search?q=Macron&limit=5",
    ],
)
def test_declared_parameters_still_answer(client: TestClient, url: str) -> None:
    assert client.get(url).status_code == 200


def test_web_pages_and_writes_are_left_alone(client: TestClient) -> None:
    assert client.get("/articles", params={"utm_source": "mail"}).status_code == 200
    write = client.post("/api/corrections/quote/undo", params={UNKNOWN: "1"}, json={"judgement": 1})
    assert write.status_code in (401, 403)  # the token is asked first, not the parameter


def test_the_stats_pages_json_links_answer(client: TestClient) -> None:
    """The page's links carry only parameters the API reads (they carried all_copies=False,
    which the API ignored: its name is copies)."""
    page = client.get("/stats", params={"outlet": "Le Monde", "speaker": "scholz", "by": "period"}).text
    links = [html.unescape(href) for href in re.findall(r'class="api-link" href="([^"]+)"', page)]
    assert len(links) >= 5
    for link in links:
        assert client.get(link).status_code == 200, link
