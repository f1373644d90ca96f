"""/api/stats: `newsgraph stats` over HTTP.  Numbers on the hand-built API corpus, the
selection filters, paging and bounds, and the CLI and the API agreeing on the richer
export corpus (every kind of source, events with and without targets).  schemathesis runs
over these endpoints in test_api.py."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, get_args

import pytest
from api_corpus import build_store, corpus, undated_article
from click.testing import CliRunner
from export_corpus import build_store as build_export_store
from fastapi.testclient import TestClient
from store_backends import BACKENDS, postgres_url  # noqa: F401  (fixture)

from newsgraph.api import ApiSettings, create_app
from newsgraph.api.routes_stats import Modality
from newsgraph.api.stats import MAX_ARTICLES
from newsgraph.cli_export import stats
from newsgraph.model import MODALITIES
from newsgraph.resolve.run import resolve_store
from newsgraph.store import Store


def open_client(db: str) -> TestClient:
    return TestClient(create_app(db=db, settings=ApiSettings(token=None)))


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    with open_client(build_store(tmp_path_factory.mktemp("stats") / "api.sqlite")) as test_client:
        yield test_client


def get(client: TestClient, path: str, status: int = 200, **params: Any) -> Any:
    response = client.get(f"/api/stats/{path}", params=params)
    assert response.status_code == status, response.text
    return response.json()


def test_who_is_quoted_most(client: TestClient) -> None:
    page = get(client, "quoted")
    assert [(r["name"], r["kind"], r["quotes"], r["share"]) for r in page["items"]] == [
        ("Emmanuel Macron", "person", 3, 0.75), ("Olaf Scholz", "person", 1, 0.25),
    ]
    assert page["selection"] == {
        "query": None, "since": None, "until": None, "lang": None, "outlet": None,
        "limit": 1000, "articles": 4, "truncated": False,
    }
    by_outlet = get(client, "quoted", by="outlet")
    assert [(r["group"], r["rank"], r["name"]) for r in by_outlet["items"]] == [
        ("<i>Outlet</i>", 1, "Emmanuel Macron"),
        ("Le Monde", 1, "Emmanuel Macron"), ("Le Monde", 2, "Olaf Scholz"),
        ("The Guardian", 1, "Emmanuel Macron"),
    ]


def test_ranked_rows_come_in_pages_per_group(client: TestClient) -> None:
    second = get(client, "quoted", by="outlet", top=1, offset=1)
    assert [(r["group"], r["rank"], r["name"]) for r in second["items"]] == [("Le Monde", 2, "Olaf Scholz")]
    assert (second["total"], second["top"], second["offset"]) == (4, 1, 1)
    assert get(client, "quoted", offset=2)["items"] == []


def test_selection_filters(client: TestClient) -> None:
    def analysed(**params: Any) -> tuple[int, list[str]]:
        page = get(client, "quoted", **params)
        return page["selection"]["articles"], [r["name"] for r in page["items"]]

    assert analysed(outlet="Le Monde") == (1, ["Emmanuel Macron", "Olaf Scholz"])
    assert analysed(lang="en") == (1, ["Emmanuel Macron"])
    assert analysed(since="2023-10") == (2, ["Emmanuel Macron"])
    assert analysed(until="2023-09") == (1, ["Emmanuel Macron", "Olaf Scholz"])
    assert analysed(query="scholz") == (2, ["Emmanuel Macron", "Olaf Scholz"])
    truncated = get(client, "quoted", limit=1)["selection"]
    assert (truncated["articles"], truncated["truncated"]) == (1, True)
    exact = get(client, "quoted", limit=4)["selection"]
    assert (exact["articles"], exact["truncated"]) == (4, False)


def test_source_shares_gender_and_quotes_per_article(client: TestClient) -> None:
    shares = get(client, "shares")["items"]
    assert {(r["kind"], r["quotes"]) for r in shares} == {
        ("person", 4), ("organisation", 0), ("unnamed", 0), ("unattributed", 0),
    }
    gender = get(client, "gender", by="outlet")["items"]
    le_monde = next(r for r in gender if r["group"] == "Le Monde")
    assert (le_monde["f"], le_monde["m"], le_monde["unknown"], le_monde["coverage"]) == (0, 1, 1, 0.5)
    assert (le_monde["people_m"], le_monde["people_unknown"]) == (1, 1)
    per_article = get(client, "per-article")
    assert (per_article["articles"], per_article["quotes"], per_article["without_quotes"]) == (4, 4, 1)
    assert per_article["histogram"] == [
        {"quotes": 0, "articles": 1}, {"quotes": 1, "articles": 2}, {"quotes": 2, "articles": 1},
    ]


def test_quotes_over_time_of_speakers(client: TestClient) -> None:
    page = get(client, "over-time", speaker=["macron", "Scholz"], granularity="year")
    series = [
        (s["name"], s["quotes"], [(p["period"], p["quotes"]) for p in s["points"]]) for s in page["items"]
    ]
    assert series == [
        ("Emmanuel Macron", 3, [("2023", 2), ("2024", 1)]), ("Olaf Scholz", 1, [("2023", 1)]),
    ]
    assert page["speakers"] == ["macron", "Scholz"] and page["total"] == 2
    assert get(client, "over-time", speaker="nobody")["items"] == []


def test_networks_and_event_pairs(client: TestClient) -> None:
    coquoted = get(client, "network")["items"]
    assert [(e["source"], e["target"], e["weight"]) for e in coquoted] == [
        ("Emmanuel Macron", "Olaf Scholz", 1),
    ]
    events = get(client, "network", kind="event")["items"]
    assert [(e["source"], e["label"], e["target"]) for e in events] == [
        ("Emmanuel Macron", "meet", "Olaf Scholz"),
    ]
    pairs = get(client, "event-pairs")
    assert [(p["source"], p["type"], p["target"], p["by_period"]) for p in pairs["items"]] == [
        ("Emmanuel Macron", "meet", "Olaf Scholz", [{"period": "2023-09", "events": 1}]),
    ]
    untargeted = get(client, "event-pairs", untargeted=True, modality=["asserted", "reported"])
    assert untargeted["modalities"] == ["asserted", "reported"] and untargeted["total"] == 2
    found = {(p["source"], p["type"], p["target"]) for p in untargeted["items"]}
    assert ("Olaf Scholz", "visit", "—") in found
    assert get(client, "event-pairs", modality="planned")["items"] == []


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("quoted", {"since": "2023-13"}),
        ("quoted", {"until": "2023-02-30"}),
        ("quoted", {"limit": 0}),
        ("quoted", {"limit": MAX_ARTICLES + 1}),
        ("quoted", {"top": 0}),
        ("quoted", {"top": 201}),
        ("quoted", {"by": "author"}),
        ("shares", {"granularity": "week"}),
        ("over-time", {}),
        ("over-time", {"speaker": ["x"] * 11}),
        ("over-time", {"speaker": "x" * 201}),
        ("network", {"kind": "friends"}),
        ("event-pairs", {"modality": "certain"}),
        ("per-article", {"query": ""}),
    ],
)
def test_bad_parameters_are_refused_with_one_error_shape(
    client: TestClient, path: str, params: dict[str, Any]
) -> None:
    body = get(client, path, 422, **params)
    assert set(body) == {"error"} and body["error"]["code"] == "invalid_request" and body["error"]["message"]


def test_the_modality_type_is_the_models() -> None:
    assert get_args(Modality) == MODALITIES


# --- the CLI and the API give the same numbers ------------------------------------------------


@pytest.fixture(scope="module")
def export_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    return build_export_store(tmp_path_factory.mktemp("cli-api"))


def cli_json(db: str, *args: str) -> Any:
    group_result = CliRunner().invoke(stats, [*args, "--db", db, "--json"])
    assert group_result.exit_code == 0, group_result.output
    return json.loads(group_result.stdout)


def pairs_as_lists(rows: list[dict[str, Any]], field: str, names: tuple[str, str]) -> list[dict[str, Any]]:
    """The API's [{period, n}] as the CLI's [[period, n]]."""
    return [{**row, field: [[item[names[0]], item[names[1]]] for item in row[field]]} for row in rows]


def test_cli_and_api_agree(export_db: str) -> None:
    with open_client(export_db) as client:
        assert cli_json(export_db, "quoted", "--by", "outlet", "--top", "3") == get(
            client, "quoted", by="outlet", top=3
        )["items"]
        assert cli_json(export_db, "shares", "--by", "period") == get(client, "shares", by="period")["items"]
        assert cli_json(export_db, "gender", "--by", "outlet") == get(client, "gender", by="outlet")["items"]
        [summary] = cli_json(export_db, "per-article", "--lang", "fr")
        api_summary = get(client, "per-article", lang="fr")
        assert summary == {key: api_summary[key] for key in summary if key != "histogram"} | {
            "histogram": [[b["quotes"], b["articles"]] for b in api_summary["histogram"]]
        }
        over_time = get(client, "over-time", speaker=["Martin", "OTAN"], granularity="year")["items"]
        assert cli_json(export_db, "over-time", "Martin", "OTAN", "--granularity", "year") == {
            s["name"]: [[p["period"], p["quotes"]] for p in s["points"]] for s in over_time
        }
        for kind in ("cooccurrence", "coquoted", "about", "event"):
            assert cli_json(export_db, "network", "--kind", kind, "--top", "5") == get(
                client, "network", kind=kind, top=5
            )["items"]
        api_pairs = get(client, "event-pairs", untargeted=True, granularity="year", modality="asserted")
        assert cli_json(
            export_db, "event-pairs", "--untargeted", "--granularity", "year", "--modality", "asserted"
        ) == pairs_as_lists(api_pairs["items"], "by_period", ("period", "events"))


def test_the_cli_and_api_corpus_exercises_every_source_kind(export_db: str) -> None:
    """The agreement above is only worth something if the corpus has every kind of row."""
    with open_client(export_db) as client:
        shares = get(client, "shares")["items"]
        assert all(r["quotes"] > 0 for r in shares), shares
        assert get(client, "gender")["items"][0]["coverage"] > 0
        assert get(client, "event-pairs", untargeted=True)["total"] > get(client, "event-pairs")["total"] > 0



def test_network_and_event_pair_pages_are_slices_of_the_whole_ranking(export_db: str) -> None:
    """A page ranks only up to its last row; its total still counts every row."""
    with open_client(export_db) as client:
        for path, params in [*(("network", {"kind": kind}) for kind in ("cooccurrence", "coquoted", "about",
                                                                           "event")),
                             ("event-pairs", {"untargeted": True})]:
            whole = get(client, path, top=200, **params)
            assert 0 < whole["total"] == len(whole["items"]) < 200, (path, params)
            for top, offset in ((1, 0), (2, 1), (3, whole["total"] - 2), (5, whole["total"])):
                page = get(client, path, top=top, offset=offset, **params)
                assert page["total"] == whole["total"], (path, params)
                assert page["items"] == whole["items"][offset : offset + top], (path, params, top, offset)


# --- both store backends -----------------------------------------------------------------------


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "backend.sqlite")
    url: str = request.getfixturevalue("postgres_url")
    return url


def test_listing_and_statistics_on_each_backend(store_url: str) -> None:
    """The listing's UNION, window and LIKE queries and the statistics' paged reads on SQLite
    and PostgreSQL (set NEWSGRAPH_TEST_POSTGRES_URL, as .ci/run does)."""
    with Store.open(store_url) as store:
        store.save(corpus())
        resolve_store(store)
        later = undated_article()  # stored after resolution: listed as not resolved
        later.id, later.source = "a_later", "corpus/later.txt"
        store.save([later])
    with open_client(store_url) as client:
        listing = client.get("/api/entities", params={"limit": 50}).json()
        assert (listing["total"], listing["unresolved"]) == (11, 2)
        nato = next(item for item in listing["items"] if item["name"] == "NATO")
        assert [v["entity"] for v in nato["variants"]] == ["ORG:OTAN"]
        putin = client.get("/api/entities", params={"q": "Putin"}).json()["items"]
        assert [(item["name"], item["id"] is None) for item in putin] == [("Vladimir Poutine", False)]
        quoted = get(client, "quoted", by="outlet", top=1)
        assert [(r["group"], r["name"], r["quotes"]) for r in quoted["items"]] == [
            ("<i>Outlet</i>", "Emmanuel Macron", 1), ("Le Monde", "Emmanuel Macron", 1),
            ("The Guardian", "Emmanuel Macron", 1),
        ]
        assert get(client, "quoted", query="scholz")["selection"]["articles"] == 2
        assert get(client, "event-pairs")["items"][0]["source"] == "Emmanuel Macron"
