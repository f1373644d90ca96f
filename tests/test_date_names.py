"""One date-filter vocabulary (issue #18): ``since``/``until`` on every API read and on the
web ``/articles`` form, as on the CLI and ``/api/stats``; ``date_from``/``date_to`` still
answer for one release as deprecated aliases."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from api_corpus import build_store
from fastapi.testclient import TestClient

from newsgraph.api import ApiSettings, create_app


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = build_store(tmp_path_factory.mktemp("dates") / "dates.sqlite")
    with TestClient(create_app(db=db, settings=ApiSettings(token=None))) as test_client:
        yield test_client


def ids(client: TestClient, url: str, **params: str) -> list[str]:
    response = client.get(url, params=params)
    assert response.status_code == 200, response.text
    return [item.get("id") or item["article_id"] for item in response.json()["items"]]


@pytest.mark.parametrize("url", ["/api/articles", "/api/events"])
@pytest.mark.parametrize(
    ("new", "old"),
    [
        ({"since": "2023-10"}, {"date_from": "2023-10"}),
        ({"until": "2023-09"}, {"date_to": "2023-09"}),
        ({"since": "2023-09-13", "until": "2023-10"}, {"date_from": "2023-09-13", "date_to": "2023-10"}),
    ],
)
def test_since_until_filter_as_the_deprecated_names_did(
    client: TestClient, url: str, new: dict[str, str], old: dict[str, str]
) -> None:
    everything = ids(client, url)
    filtered = ids(client, url, **new)
    assert filtered and filtered != everything  # the filter filters
    assert ids(client, url, **old) == filtered


def test_the_date_range_is_inclusive_and_prefix_aware(client: TestClient) -> None:
    assert ids(client, "/api/articles", since="2023", until="2023") == ["a_paris", "a_summit"]
    assert ids(client, "/api/events", until="2023-09-12") == ["a_summit"]


@pytest.mark.parametrize("url", ["/api/articles", "/api/events"])
def test_a_name_with_its_alias_applies_both_bounds(client: TestClient, url: str) -> None:
    later = ids(client, url, since="2023-10")
    assert ids(client, url, since="2023", date_from="2023-10") == later
    assert ids(client, url, since="2023-10", date_from="2023") == later
    earlier = ids(client, url, until="2023-09")
    assert ids(client, url, until="2023", date_to="2023-09") == earlier
    assert ids(client, url, until="2023-09", date_to="2023") == earlier


def test_invalid_dates_are_refused_under_either_name(client: TestClient) -> None:
    for name in ("since", "until", "date_from", "date_to"):
        assert client.get("/api/events", params={name: "2023-02-30"}).status_code == 422, name


def test_openapi_lists_since_until_and_marks_the_aliases_deprecated(client: TestClient) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]
    for path in ("/api/articles", "/api/events", "/api/stats/quoted"):
        parameters = {p["name"]: p for p in paths[path]["get"]["parameters"]}
        assert {"since", "until"} <= set(parameters), path
        assert not parameters["since"].get("deprecated"), path
        if path != "/api/stats/quoted":
            assert parameters["date_from"]["deprecated"] and parameters["date_to"]["deprecated"]


def test_no_api_read_has_a_date_parameter_of_another_name(client: TestClient) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]
    for path, item in paths.items():
        for parameter in item.get("get", {}).get("parameters", []):
            name = parameter["name"]
            if re.search(r"date|from|to$|since|until|after|before", name):
                assert name in ("since", "until") or parameter.get("deprecated"), (path, name)


def form_fields(page: str) -> dict[str, str]:
    return dict(re.findall(r'<input name="([a-z_]+)" value="([^"]*)"', page))


def articles_page(client: TestClient, **params: Any) -> str:
    response = client.get("/articles", params=params)
    assert response.status_code == 200, response.text
    return response.text


def test_web_articles_form_uses_since_until(client: TestClient) -> None:
    page = articles_page(client, since="2023-10")
    assert form_fields(page) == {"since": "2023-10", "until": ""}
    assert "a_paris" in page and "a_summit" not in page
    assert "date_from" not in page


def test_web_articles_page_still_reads_old_links(client: TestClient) -> None:
    page = articles_page(client, date_from="2023-10")
    assert "a_paris" in page and "a_summit" not in page
    assert form_fields(page)["since"] == "2023-10"  # the form shows it under its new name

