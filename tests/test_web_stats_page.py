"""The statistics page (``/stats``) draws the very tables ``/api/stats`` answers for the same
selection: each chart's ``data-chart`` JSON is the endpoint's answer (the page reads each
table as its endpoint does, newsgraph.web.stats_page)."""

from __future__ import annotations

import html
import json
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from test_stats_sql import corpus

from newsgraph.api import ApiSettings, create_app
from newsgraph.resolve.run import resolve_store
from newsgraph.store import Store

CHARTS = {"quoted": "quoted", "shares": "shares", "gender": "gender", "over-time": "over-time"}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Any:
    db = str(tmp_path_factory.mktemp("stats-page") / "store.sqlite")
    with Store.open(db) as store:
        store.save(corpus(60, seed=11))
        resolve_store(store)
    with TestClient(create_app(db=db, settings=ApiSettings(token=None))) as client:
        yield client


def charts(page: str) -> dict[str, Any]:
    found = re.findall(r'<canvas id="chart-([a-z-]+)" data-chart="([^"]*)"', page)
    return {name: json.loads(html.unescape(data)) for name, data in found}


def api_url(page: str, name: str) -> str:
    """The page's own link to the endpoint of a table (same selection and grouping)."""
    found = re.search(rf'href="(/api/stats/{name}\?[^"]*)"', page)
    assert found, name
    return html.unescape(found.group(1))


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"by": "period", "granularity": "year"},
        {"by": "all", "granularity": "month", "limit": 25},
        {"by": "outlet", "speaker": "a"},
    ],
)
def test_each_chart_of_the_page_is_its_endpoints_answer(client: TestClient, params: dict[str, Any]) -> None:
    answer = client.get("/stats", params=params)
    assert answer.status_code == 200
    drawn = charts(answer.text)
    assert set(drawn) >= {"quoted", "shares", "gender"}, set(drawn)
    for name, data in drawn.items():
        expected = client.get(api_url(answer.text, CHARTS[name])).json()
        assert data == expected, name
