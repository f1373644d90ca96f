"""Timeline periods are calendar periods: a week-dated article counts in the month of its
Thursday (ISO 8601), never as a truncated ``2017-W1``."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from api_corpus import summit_article
from fastapi.testclient import TestClient

from newsgraph.api import create_app, queries
from newsgraph.api.queries import articles_timeline
from newsgraph.model import Article, DateValue
from newsgraph.store import Store


def dated(article: Article, suffix: str, date: DateValue) -> Article:
    return dataclasses.replace(
        article, id=f"{article.id}_{suffix}", source=f"{article.source}#{suffix}", date=date
    )


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Any:
    db = str(tmp_path_factory.mktemp("weeks") / "weeks.sqlite")
    summit = summit_article()
    with Store.open(db) as store:
        store.save([
            dated(summit, "w12", DateValue("2017-W12", "week")),  # Thursday 2017-03-23
            dated(summit, "w52", DateValue("2020-W53", "week")),  # Thursday 2020-12-31
            dated(summit, "mar", DateValue("2017-03-02", "day")),
        ])
    with TestClient(create_app(db=db)) as test_client:
        test_client.app.state.test_db = db  # type: ignore[attr-defined]
        yield test_client


def periods(body: dict[str, Any], field: str = "articles") -> dict[str, int]:
    return {b["period"]: b[field] for b in body["buckets"] if b[field]}


def test_week_dates_count_in_their_month(client: TestClient) -> None:
    every = client.get("/api/timeline").json()
    assert periods(every) == {"2017-03": 2, "2020-12": 1}
    matching = client.get("/api/timeline", params={"q": "Berlin"}).json()
    assert periods(matching) == {"2017-03": 2, "2020-12": 1}
    entity = client.get("/api/timeline/entity", params={"entity": "PER:Emmanuel Macron"}).json()
    assert periods(entity) == {"2017-03": 2, "2020-12": 1}
    # the three are copies of one text: its quote and events count once, in the canonical
    # (earliest dated) article's month (issue #18); every copy, each in its own month
    assert periods(entity, "quotes") == {"2017-03": 1}
    with Store.open(client.app.state.test_db) as store, store.transaction() as connection:  # type: ignore[attr-defined]
        every = queries.entity_timeline(
            connection, queries.EntityKey("PER", "Emmanuel Macron"), granularity="month", all_copies=True
        )
    assert {b.period: b.quotes for b in every if b.quotes} == {"2017-03": 2, "2020-12": 1}
    assert {b.period: b.events for b in every if b.events} == {"2023-09": 3}  # dated by the text


def test_week_dates_by_year_and_by_day(client: TestClient) -> None:
    by_year = client.get("/api/timeline", params={"granularity": "year"}).json()
    assert periods(by_year) == {"2017": 2, "2020": 1}
    by_day = client.get("/api/timeline", params={"granularity": "day"}).json()
    assert periods(by_day) == {"2017-03-02": 1}  # a week has no day


def test_dates_of_search_hits_by_month() -> None:
    buckets = articles_timeline(["2017-W12", "2017-W09", "2016", "2010s", None], granularity="month")
    assert [(b.period, b.articles) for b in buckets] == [("2017-03", 2)]
