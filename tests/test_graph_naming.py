"""/api/graph and the graph exports name nodes and edge kinds the same way (issue #18):
an unresolved entity is the node ``TYPE:name`` with ``name`` and ``type`` in both, and the
API's edge kinds are the exports' (a quote of X mentioning Y is ``about`` in both).  (Once
``resolve`` has run, the exports' nodes are corpus entities, ``c_…``; /api/graph stays by
in-article name: docs/api.md.)"""

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
