"""/api/graph and the graph exports name nodes and edge kinds the same way (issue #18):
an unresolved entity is the node ``TYPE:name`` with ``name`` and ``type`` in both, and the
API's edge kinds are the exports' (a quote of X mentioning Y is ``about`` in both).  (Once
``resolve`` has run, the exports' nodes are corpus entities, ``c_…``; /api/graph stays by
in-article name and gives each node's export node ids: docs/api.md.)"""

from __future__ import annotations

import io
from pathlib import Path

import networkx as nx
from api_corpus import build_store
from fastapi.testclient import TestClient

from newsgraph.analysis.networks import EDGE_KINDS
from newsgraph.api import ApiSettings, create_app
from newsgraph.export.graph import export_graph
from newsgraph.export.select import Selection, iter_linked


def test_api_graph_and_export_share_node_ids_names_and_edge_kinds(tmp_path: Path) -> None:
    db = build_store(tmp_path / "graph.sqlite", resolve=False)
    with TestClient(create_app(db=db, settings=ApiSettings(token=None))) as client:
        response = client.get("/api/graph", params={"entity": "PER:Emmanuel Macron"})
    assert response.status_code == 200, response.text
    api = response.json()
    out = io.BytesIO()
    export_graph(iter_linked(db, Selection()), out, graph_format="graphml")
    exported = nx.read_graphml(io.BytesIO(out.getvalue()))
    api_kinds = {edge["kind"] for edge in api["edges"]}
    assert "about" in api_kinds and api_kinds <= set(EDGE_KINDS)
    assert api_kinds <= {data["kind"] for _s, _t, data in exported.edges(data=True)}
    for node in api["nodes"]:
        assert node["id"] in exported.nodes, node
        attributes = exported.nodes[node["id"]]
        assert (attributes["name"], attributes["type"]) == (node["name"], node["type"])


def test_after_resolution_api_nodes_name_the_export_nodes_they_are_under(tmp_path: Path) -> None:
    """Resolved, the exports' nodes are corpus entities (``c_…``, "Poutine" and "Putin" one
    node) while /api/graph keeps in-article names: each API node gives the export node ids
    its entities are under, ``export_nodes`` (its own id before resolution)."""
    db = build_store(tmp_path / "resolved.sqlite", resolve=True)
    with TestClient(create_app(db=db, settings=ApiSettings(token=None))) as client:
        center = client.get("/api/graph", params={"entity": "PER:Emmanuel Macron"}).json()
        overview = client.get("/api/graph").json()
    out = io.BytesIO()
    export_graph(iter_linked(db, Selection()), out, graph_format="graphml")
    exported = nx.read_graphml(io.BytesIO(out.getvalue()))
    nodes = [*center["nodes"], *overview["nodes"]]
    assert nodes and all(node["export_nodes"] for node in nodes)
    for node in nodes:
        for corpus_id in node["export_nodes"]:
            assert corpus_id.startswith("c_") and corpus_id in exported.nodes, node
            assert exported.nodes[corpus_id]["type"] == node["type"], node
    unresolved = build_store(tmp_path / "unresolved.sqlite", resolve=False)
    with TestClient(create_app(db=unresolved, settings=ApiSettings(token=None))) as client:
        before = client.get("/api/graph").json()["nodes"]
    assert before and all(node["export_nodes"] == [node["id"]] for node in before)
