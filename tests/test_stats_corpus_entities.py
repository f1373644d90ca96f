"""Statistics keyed by corpus entity (SQLite and PostgreSQL): once resolution has linked
"Vladimir Poutine" (French article) and "Vladimir Putin" (English article) to one corpus
entity, `newsgraph stats` and /api/stats count them as one speaker, one node, one actor;
before resolution, and for articles saved since, the in-article names stay apart."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from store_backends import BACKENDS, postgres_url  # noqa: F401  (fixture)

from newsgraph.api import ApiSettings, create_app
from newsgraph.cli_export import export, stats
from newsgraph.model import ActorRef, Article, DateValue, Entity, Event, Mention, Quote, Span, Speaker
from newsgraph.resolve.run import find_entity, resolve_store
from newsgraph.store import Store


def at(text: str, covered: str) -> tuple[int, int, str]:
    start = text.index(covered)
    return start, start + len(covered), covered


def meeting(source: str, lang: str, date: str, text: str, names: tuple[str, str, str],
            sayings: tuple[str, str]) -> Article:
    """``names[0]`` meets ``names[1]`` in ``names[2]``; each of the two people says one thing."""
    article = Article(Article.make_id(text, source), source, text, lang=lang, date=DateValue.parse(date),
                      outlet=f"Outlet {lang}")
    for number, (name, etype) in enumerate(zip(names, ("PER", "PER", "LOC"), strict=True)):
        mention = Mention(*at(text, name))
        article.entities.append(Entity(f"e{number}", name, etype, mentions=[mention]))  # type: ignore[arg-type]
    for number, saying in enumerate(sayings):
        speaker = article.entities[number]
        article.quotes.append(
            Quote(f"q{number}", *at(text, saying), "direct", speaker=Speaker(speaker.name, speaker.id))
        )
    trigger = text.split()[2]
    article.events.append(Event("v1", "CONSULT", "meet", Span(*at(text, trigger)), (0, len(text)),
                                source=[ActorRef("e0", names[0])], target=[ActorRef("e1", names[1])]))
    return article


def french() -> Article:
    text = ("Vladimir Poutine rencontre Volodymyr Zelensky à Kiev. « Nous ne reculerons pas », a dit "
            "Vladimir Poutine. « Nous tiendrons », a répondu Volodymyr Zelensky.")
    return meeting("fr.txt", "fr", "2023-09-13", text, ("Vladimir Poutine", "Volodymyr Zelensky", "Kiev"),
                   ("« Nous ne reculerons pas »", "« Nous tiendrons »"))


def english(source: str = "en.txt", date: str = "2023-10-02", *, more: str = "") -> Article:
    text = ("Vladimir Putin meets Volodymyr Zelenskyy in Kyiv. \"We will not retreat,\" said Vladimir "
            "Putin. \"We will hold,\" Volodymyr Zelenskyy replied." + more)
    return meeting(source, "en", date, text, ("Vladimir Putin", "Volodymyr Zelenskyy", "Kyiv"),
                   ("\"We will not retreat,\"", "\"We will hold,\""))


@pytest.fixture(params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    sqlite = request.param == "sqlite"
    url: str = str(tmp_path / "resolved.sqlite") if sqlite else request.getfixturevalue("postgres_url")
    with Store.open(url) as store:
        store.save([french(), english()])
    return url


def cli(db: str, *args: str) -> Any:
    result = CliRunner().invoke(stats, [*args, "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def api(db: str, path: str, **params: Any) -> Any:
    with TestClient(create_app(db=db, settings=ApiSettings(token=None))) as client:
        response = client.get(f"/api/stats/{path}", params=params)
    assert response.status_code == 200, response.text
    return response.json()["items"]


def quoted(db: str, *, all_copies: bool = False) -> list[tuple[str, int]]:
    rows = cli(db, "quoted", *(["--all-copies"] if all_copies else []))
    params = {"copies": "all"} if all_copies else {}
    assert [{k: r[k] for k in ("name", "kind", "quotes")} for r in api(db, "quoted", **params)] == [
        {k: r[k] for k in ("name", "kind", "quotes")} for r in rows
    ]
    return [(r["name"], r["quotes"]) for r in rows]


def resolve(db: str) -> tuple[str, str]:
    """Resolve the store; the corpus names of Putin and Zelensky."""
    with Store.open(db) as store:
        resolve_store(store)
        putin, zelensky = find_entity(store, "Vladimir Poutine"), find_entity(store, "Volodymyr Zelensky")
        assert putin.id == find_entity(store, "Vladimir Putin").id
        assert zelensky.id == find_entity(store, "Volodymyr Zelenskyy").id
    return putin.name, zelensky.name


def test_one_speaker_once_resolved_two_before(db: str) -> None:
    assert sorted(quoted(db)) == [
        ("Vladimir Poutine", 1), ("Vladimir Putin", 1), ("Volodymyr Zelensky", 1), ("Volodymyr Zelenskyy", 1),
    ]
    putin, zelensky = resolve(db)
    assert sorted(quoted(db)) == sorted([(putin, 2), (zelensky, 2)])
    [person] = [r for r in cli(db, "shares") if r["kind"] == "person"]
    assert person["quotes"] == 4
    [people] = cli(db, "gender")
    assert people["people_unknown"] == 2  # distinct corpus entities, not spellings


def test_networks_event_pairs_and_series_by_corpus_entity(db: str) -> None:
    before = cli(db, "network", "--kind", "coquoted")
    assert sorted(e["weight"] for e in before) == [1, 1]
    putin, zelensky = resolve(db)
    for rows in (cli(db, "network", "--kind", "coquoted"), api(db, "network", kind="coquoted")):
        assert [(e["weight"], {e["source"], e["target"]}) for e in rows] == [(2, {putin, zelensky})]
    cooccurring = cli(db, "network", "--kind", "cooccurrence")
    assert (2, {putin, zelensky}) in [(e["weight"], {e["source"], e["target"]}) for e in cooccurring]
    pairs = cli(db, "event-pairs", "--granularity", "year")
    assert [(p["source"], p["target"], p["events"], p["by_period"]) for p in pairs] == [
        (putin, zelensky, 2, [["2023", 2]])
    ]
    assert api(db, "event-pairs", granularity="year")[0]["events"] == 2
    series = cli(db, "over-time", "Poutine", "--granularity", "month")  # a spelling finds the entity
    assert series == {putin: [["2023-09", 1], ["2023-10", 1]]}
    assert cli(db, "over-time", "Putin", "--granularity", "month") == series


def test_articles_saved_after_resolution_keep_their_own_key(db: str) -> None:
    putin, _zelensky = resolve(db)
    with Store.open(db) as store:
        store.save([english("en2.txt", "2023-11-05", more=" Again.")])
    # en2 repeats en.txt (a near-duplicate): its quotes count only with every copy (issue #18)
    assert (putin, 2) in quoted(db) and len(quoted(db)) == 2
    rows = quoted(db, all_copies=True)
    assert (putin, 2) in rows and ("Vladimir Putin", 1) in rows and len(rows) == 4
    resolve(db)
    assert (putin, 3) in quoted(db, all_copies=True)
    assert (putin, 2) in quoted(db)


def test_graph_export_nodes_are_corpus_entities(db: str, tmp_path: Path) -> None:
    import networkx as nx

    putin, zelensky = resolve(db)
    out = tmp_path / "graph.graphml"
    result = CliRunner().invoke(export, ["graphml", "-o", str(out), "--db", db, "--edges", "coquoted"])
    assert result.exit_code == 0, result.output
    graph = nx.read_graphml(out)
    labels = {data["label"]: (node, data) for node, data in graph.nodes(data=True)}
    assert set(labels) == {putin, zelensky}
    node, data = labels[putin]
    assert node.startswith("c_") and data["articles"] == 2 and data["quotes"] == 2


def test_two_entities_of_one_article_linked_to_one_corpus_entity_are_one_node() -> None:
    from newsgraph.analysis.keys import Linked, Node
    from newsgraph.analysis.networks import tally_graph
    from newsgraph.analysis.quotes import tally_quotes, top_quoted

    article = french()  # plus "Poutine" as an entity of its own, speaking the first quote
    start = article.text.index("Poutine.")
    article.entities.append(Entity("e3", "Poutine", "PER", mentions=[Mention(start, start + 7, "Poutine")]))
    article.quotes[0].speaker = Speaker("Poutine", "e3")
    putin = Node("c_putin", "Vladimir Putin", "PER")
    linked = Linked(article, {"e0": putin, "e3": putin})
    graph = tally_graph([linked])
    assert (graph.nodes["c_putin"].articles, graph.nodes["c_putin"].mentions) == (1, 2)
    assert all(edge.source != edge.target for edge in graph.edges)
    assert {"PER:Vladimir Poutine", "PER:Poutine"} <= set(tally_graph([article]).nodes)
    rows = top_quoted(tally_quotes([linked]))
    assert [(r.name, r.quotes) for r in rows] == [("Vladimir Putin", 1), ("Volodymyr Zelensky", 1)]
