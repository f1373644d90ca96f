"""An entity found by any of its resolved names (issue #18): the API's entity detail and
corpus entity, the web entity page and search suggestions, ``newsgraph timeline`` and
``newsgraph events --actor``, on a resolved store with a French and an English article
naming one man « Vladimir Poutine » and "Putin" — in SQLite and PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from api_corpus import at, mention
from click.testing import CliRunner
from fastapi.testclient import TestClient
from store_backends import BACKENDS, backend_url

from newsgraph.api import ApiSettings, create_app
from newsgraph.cli import main
from newsgraph.model import ActorRef, Article, DateValue, Entity, Event, Quote, Span, Speaker
from newsgraph.resolve.run import resolve_store
from newsgraph.store import Store

FRENCH = (
    "Vladimir Poutine a reçu Emmanuel Macron au Kremlin lundi. "
    "« La porte reste ouverte », a affirmé Poutine devant la presse. "
    "Selon Vladimir Poutine, la rencontre a duré trois heures."
)
ENGLISH = "President Putin phoned Olaf Scholz on Friday. Putin warned that the talks were over."


def french_article() -> Article:
    poutine = Entity(
        "e1", "Vladimir Poutine", "PER", aliases=["Poutine"],
        mentions=[mention(FRENCH, "Vladimir Poutine"), mention(FRENCH, "Poutine", 1),
                  mention(FRENCH, "Vladimir Poutine", 1)],
    )
    macron = Entity("e2", "Emmanuel Macron", "PER", mentions=[mention(FRENCH, "Emmanuel Macron")])
    quote = Quote(
        "q1", *at(FRENCH, "« La porte reste ouverte »"), "direct", cue=Span(*at(FRENCH, "a affirmé")),
        speaker=Speaker("Vladimir Poutine", "e1", *at(FRENCH, "Poutine", 1)[:2]), confidence=0.9,
    )
    meeting = Event(
        "v1", "meet", None, Span(*at(FRENCH, "a reçu")), (0, 57),
        source=[ActorRef("e1", "Vladimir Poutine")], target=[ActorRef("e2", "Emmanuel Macron")],
    )
    return Article(
        id="a_kremlin", source="corpus/kremlin.txt", text=FRENCH, lang="fr",
        date=DateValue("2024-03-04", "day"), title="Poutine reçoit Macron",
        entities=[poutine, macron], quotes=[quote], events=[meeting],
    )


def english_article() -> Article:
    putin = Entity("e1", "Putin", "PER", mentions=[mention(ENGLISH, "Putin"), mention(ENGLISH, "Putin", 1)])
    scholz = Entity("e2", "Olaf Scholz", "PER", mentions=[mention(ENGLISH, "Olaf Scholz")])
    call = Event(
        "v1", "consult", None, Span(*at(ENGLISH, "phoned")), (0, 45),
        source=[ActorRef("e1", "Putin")], target=[ActorRef("e2", "Olaf Scholz")],
    )
    return Article(
        id="a_call", source="corpus/call.txt", text=ENGLISH, lang="en",
        date=DateValue("2024-04-12", "day"), title="Putin calls Scholz",
        entities=[putin, scholz], events=[call],
    )


@pytest.fixture(scope="module", params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Both articles, resolved, with an alias file giving Macron a Wikidata id."""
    directory = tmp_path_factory.mktemp("resolved_names")
    aliases = directory / "aliases.csv"
    aliases.write_text("Emmanuel Macron,Macron,PER,Q3052772\n", encoding="utf-8")
    with backend_url(request.param, directory) as url:
        with Store.open(url) as store:
            store.save([french_article(), english_article()])
            resolve_store(store, alias_files=[aliases])
        yield url


@pytest.fixture(scope="module")
def client(db: str) -> Iterator[TestClient]:
    with TestClient(create_app(db=db, settings=ApiSettings(token=None))) as test_client:
        yield test_client


def get_json(client: TestClient, url: str, status: int = 200, **params: Any) -> Any:
    response = client.get(url, params=params)
    assert response.status_code == status, response.text
    return response.json()


def putin_id(client: TestClient) -> str:
    [entity] = get_json(client, "/api/entities", q="Poutine")["items"]
    assert entity["name"] == "Vladimir Poutine"  # the French spelling, more often mentioned
    return str(entity["id"])


SPELLINGS = ["Vladimir Putin", "Владимир Путин", "vladimir poutíne", "VLADIMIR POUTINE", "Putin"]


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_entity_detail_found_by_any_resolved_name(client: TestClient, spelling: str) -> None:
    detail = get_json(client, f"/api/entities/PER/{spelling}")
    expected = "Putin" if spelling == "Putin" else "Vladimir Poutine"  # "Putin" is an article's name
    assert detail["name"] == expected
    assert detail["resolved"]["id"] == putin_id(client)
    assert detail["resolved"]["name"] == "Vladimir Poutine"


def test_unknown_name_or_wrong_type_is_still_404(client: TestClient) -> None:
    assert get_json(client, "/api/entities/PER/Vladimir Lenin", status=404)["error"]["code"] == "not_found"
    get_json(client, "/api/entities/ORG/Vladimir Putin", status=404)


def test_corpus_entity_by_id(client: TestClient) -> None:
    entity = get_json(client, f"/api/corpus-entities/{putin_id(client)}")
    assert (entity["name"], entity["type"], entity["articles"], entity["mentions"]) == (
        "Vladimir Poutine", "PER", 2, 5,
    )
    assert {"Vladimir Poutine", "Poutine", "Putin"} <= set(entity["names"])
    assert [(v["entity"], v["mentions"]) for v in entity["variants"]] == [
        ("PER:Vladimir Poutine", 3), ("PER:Putin", 2),
    ]
    assert (entity["first_date"], entity["last_date"]) == ("2024-03-04", "2024-04-12")
    assert entity["external_id"] is None
    get_json(client, "/api/corpus-entities/c_0000000000000000", status=404)


def test_corpus_entity_keeps_the_external_id_given_with_aliases(client: TestClient) -> None:
    [macron] = get_json(client, "/api/entities", q="Macron")["items"]
    entity = get_json(client, f"/api/corpus-entities/{macron['id']}")
    assert entity["external_id"] == "Q3052772"


def test_quotes_events_and_timeline_take_any_resolved_name(client: TestClient) -> None:
    [said] = get_json(client, "/api/quotes", entity="PER:Vladimir Putin")["items"]
    assert said["quote"]["text"] == "« La porte reste ouverte »"
    events = get_json(client, "/api/events", entity="PER:Владимир Путин")["items"]
    assert [e["article_id"] for e in events] == ["a_kremlin"]  # the in-article name's events
    timeline = get_json(client, "/api/timeline/entity", entity="PER:Vladimir Putin")
    assert timeline["entity"] == "PER:Vladimir Poutine"


@pytest.mark.parametrize("actor", ["Vladimir Putin", "Poutine", "Владимир Путин", "poutíne"])
def test_events_actor_finds_every_spelling(client: TestClient, actor: str) -> None:
    events = get_json(client, "/api/events", actor=actor)["items"]
    assert sorted(e["article_id"] for e in events) == ["a_call", "a_kremlin"]


def test_events_actor_still_matches_part_of_a_name(client: TestClient) -> None:
    assert [e["article_id"] for e in get_json(client, "/api/events", actor="Schol")["items"]] == ["a_call"]


@pytest.mark.parametrize("typed", ["Putin", "poutíne", "Путин", "vladimir put"])
def test_search_suggestions_find_any_spelling(client: TestClient, typed: str) -> None:
    items = get_json(client, "/api/entities", q=typed, limit=8)["items"]  # what search.js asks
    assert [item["name"] for item in items] == ["Vladimir Poutine"]


def test_web_entity_page_redirects_to_the_articles_spelling(client: TestClient) -> None:
    response = client.get("/entities/PER/Vladimir Putin", follow_redirects=False)
    assert response.status_code == 302
    assert response.headers["location"] == "/entities/PER/Vladimir%20Poutine"
    page = client.get("/entities/PER/Vladimir Putin")
    assert page.status_code == 200 and f'data-id="{putin_id(client)}"' in page.text
    assert client.get("/entities/PER/Vladimir Lenin").status_code == 404


def cli_json_lines(*arguments: str) -> list[dict[str, Any]]:
    result = CliRunner().invoke(main, [*arguments, "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


@pytest.mark.parametrize("name", ["Vladimir Putin", "Владимир Путин", "vladimir poutíne"])
def test_cli_timeline_and_events_find_any_spelling(db: str, name: str) -> None:
    timeline = cli_json_lines("timeline", name, "--db", db)
    assert [row["article_id"] for row in timeline] == ["a_kremlin", "a_call"]  # date order
    events = cli_json_lines("events", "--actor", name, "--db", db)
    assert sorted(row["article_id"] for row in events) == ["a_call", "a_kremlin"]


def test_before_resolution_an_actor_is_matched_by_its_written_name(tmp_path: Path) -> None:
    db = str(tmp_path / "unresolved.sqlite")
    with Store.open(db) as store:
        store.save([french_article(), english_article()])
    assert [r.article_id for r in Store.open(db).events(actor="Putin")] == ["a_call"]
    assert cli_json_lines("events", "--actor", "Vladimir Putin", "--db", db) == []
