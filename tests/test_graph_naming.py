"""/api/graph and the graph exports name nodes and edge kinds the same way (issue #18):
an unresolved entity is the node ``TYPE:name`` with ``name`` and ``type`` in both, and the
API's edge kinds are the exports' (a quote of X mentioning Y is ``about`` in both).  Once
``resolve`` has run, the nodes of both are corpus entities (``c_…``: "Vladimir Poutine" in a
French article and "Vladimir Putin" in an English one are one node), with the same edges
and weights (SQLite and PostgreSQL)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from api_corpus import build_store
from fastapi.testclient import TestClient
from store_backends import postgres_url  # noqa: F401  (fixture)
from test_stats_corpus_entities import db  # noqa: F401  (fixture: a French and an English article)

from newsgraph.analysis.networks import EDGE_KINDS
from newsgraph.api import ApiSettings, create_app
from newsgraph.export.graph import export_graph
from newsgraph.export.select import Selection, iter_linked
from newsgraph.resolve.run import resolve_store
from newsgraph.store import Store

NODE_FIELDS = ("name", "type", "mentions")


def test_api_graph_and_export_share_node_ids_names_and_edge_kinds(tmp_path: Path) -> None:
    url = build_store(tmp_path / "graph.sqlite", resolve=False)
    api = api_graph(url, entity="PER:Emmanuel Macron")
    exported = exported_graph(url)
    api_kinds = {edge["kind"] for edge in api["edges"]}
    assert "about" in api_kinds and api_kinds <= set(EDGE_KINDS)
    assert api_kinds <= {data["kind"] for _s, _t, data in exported.edges(data=True)}
    for node in api["nodes"]:
        assert node["id"] in exported.nodes, node
        attributes = exported.nodes[node["id"]]
        assert (attributes["name"], attributes["type"]) == (node["name"], node["type"])
    # unresolved, every node is TYPE:name, and the whole graph is the export's
    assert assert_overview_is_the_export(url) == set(EDGE_KINDS)
    assert assert_neighbourhood_is_the_export(url, "PER:Emmanuel Macron") == "PER:Emmanuel Macron"


@pytest.fixture
def resolved(db: str) -> str:  # noqa: F811  (the fixture imported above)
    """A French and an English article naming the same people (SQLite and PostgreSQL), resolved."""
    with Store.open(db) as store:
        resolve_store(store)
    return db


def exported_graph(url: str) -> Any:
    out = io.BytesIO()
    export_graph(iter_linked(url, Selection()), out, graph_format="graphml")
    return nx.read_graphml(io.BytesIO(out.getvalue()))


def exported_edges(graph: Any) -> dict[tuple[str, str, str], int]:
    """(kind, source, target) -> weight, the event types of a pair summed (the API has no
    event label); an undirected edge runs from its end first in node order, as in the API."""
    found: dict[tuple[str, str, str], int] = {}
    for source, target, data in graph.edges(data=True):
        key = (data["kind"], source, target)
        found[key] = found.get(key, 0) + int(data["weight"])
    return found


def api_graph(url: str, **params: Any) -> Any:
    with TestClient(create_app(db=url, settings=ApiSettings(token=None))) as client:
        response = client.get("/api/graph", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def api_edges(graph: Any) -> dict[tuple[str, str, str], int]:
    return {(e["kind"], e["source"], e["target"]): e["weight"] for e in graph["edges"]}


def assert_overview_is_the_export(url: str) -> set[str]:
    """The overview of every node is the export: same node ids, names, types and mentions,
    same edges and weights; returns the kinds of its edges."""
    exported = exported_graph(url)
    overview = api_graph(url, limit=100)
    assert {node["id"]: (node["name"], node["type"], node["mentions"]) for node in overview["nodes"]} == {
        node: (data["name"], data["type"], data["mentions"]) for node, data in exported.nodes(data=True)
    }
    assert api_edges(overview) == exported_edges(exported)
    return {kind for kind, _s, _t in api_edges(overview)}


def assert_neighbourhood_is_the_export(url: str, entity: str) -> str:
    """The neighbourhood of ``entity`` is the export's edges touching its node; returns
    the node id."""
    exported = exported_graph(url)
    graph = api_graph(url, entity=entity)
    centre = graph["center"]
    assert centre in exported.nodes, graph
    expected = {key: weight for key, weight in exported_edges(exported).items() if centre in key[1:]}
    assert api_edges(graph) == expected, entity
    assert {node["id"] for node in graph["nodes"]} == {end for _k, *ends in expected for end in ends}
    for node in graph["nodes"]:
        data = exported.nodes[node["id"]]
        assert [node[k] for k in NODE_FIELDS] == [data[k] for k in NODE_FIELDS], node
    return str(centre)


def test_resolved_api_graph_has_the_export_nodes_and_edges(resolved: str) -> None:
    people = [node for node in api_graph(resolved)["nodes"] if node["type"] == "PER"]
    assert len(people) == 2 and all(node["id"].startswith("c_") for node in people)  # Poutine = Putin
    assert assert_overview_is_the_export(resolved) == {"cooccurrence", "coquoted", "event"}


def test_resolved_neighbourhood_is_the_centre_s_edges_in_the_export(resolved: str) -> None:
    putin = assert_neighbourhood_is_the_export(resolved, "PER:Vladimir Putin")
    assert putin.startswith("c_")
    assert assert_neighbourhood_is_the_export(resolved, "PER:Vladimir Poutine") == putin
    assert assert_neighbourhood_is_the_export(resolved, "PER:Volodymyr Zelensky") not in (putin, None)


def test_resolved_api_corpus_graph_is_the_export_with_quotes_about(tmp_path: Path) -> None:
    """The API's hand-built corpus, resolved: quotes about others too."""
    url = build_store(tmp_path / "resolved.sqlite", resolve=True)
    assert assert_overview_is_the_export(url) == set(EDGE_KINDS)
    for entity in ("PER:Emmanuel Macron", "PER:Olaf Scholz", "LOC:Ukraine"):
        assert assert_neighbourhood_is_the_export(url, entity).startswith("c_")


def test_coquoted_edges_and_the_kinds_filter(tmp_path: Path) -> None:
    """Macron and Scholz are quoted in the same article: a ``coquoted`` edge (undirected,
    weight articles), as in the exports; ``kinds`` keeps the kinds asked for."""
    url = build_store(tmp_path / "graph.sqlite", resolve=False)
    for params in ({"entity": "PER:Emmanuel Macron"}, {}):
        every = api_edges(api_graph(url, **params))
        assert every[("coquoted", "PER:Emmanuel Macron", "PER:Olaf Scholz")] == 1, params
        only = api_graph(url, **params, kinds=["coquoted", "event"])
        assert {kind for kind, _s, _t in api_edges(only)} == {"coquoted", "event"}, params
        assert all(every[key] == weight for key, weight in api_edges(only).items())
    exported = exported_edges(exported_graph(url))
    assert exported[("coquoted", "PER:Emmanuel Macron", "PER:Olaf Scholz")] == 1
    with TestClient(create_app(db=url, settings=ApiSettings(token=None))) as client:
        assert client.get("/api/graph", params={"kinds": "quote"}).status_code == 422
