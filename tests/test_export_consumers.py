"""Exports read back by the tools their users run (issue #18): networkx for GraphML/GEXF
(what Gephi reads), followthemoney's own schema model, pyarrow/pandas for tables."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
from export_corpus import corpus

from newsgraph.export.graph import export_graph

GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"
GEXF = "{http://www.gexf.net/1.2draft}"


def edge_ids(path: Path, namespace: str) -> list[str]:
    return [edge.attrib["id"] for edge in ET.parse(path).getroot().iter(f"{namespace}edge")]


def test_graphml_edge_ids_are_unique_and_stable(tmp_path: Path) -> None:
    first, second = tmp_path / "one.graphml", tmp_path / "two.graphml"
    _nodes, edges = export_graph(corpus(), first, graph_format="graphml")
    export_graph(list(reversed(corpus())), second, graph_format="graphml")
    ids = edge_ids(first, GRAPHML)
    assert len(ids) == edges and len(set(ids)) == edges  # Gephi keeps one edge per id
    assert sorted(ids) == sorted(edge_ids(second, GRAPHML))  # the same whatever the article order
    read = nx.read_graphml(first, force_multigraph=True)
    assert read.number_of_edges() == edges
    assert sorted(key for _a, _b, key in read.edges(keys=True)) == sorted(ids)


def test_gexf_edge_ids_are_the_graphml_ones_and_no_networkx_key(tmp_path: Path) -> None:
    graphml, gexf = tmp_path / "graph.graphml", tmp_path / "graph.gexf"
    export_graph(corpus(), graphml, graph_format="graphml")
    _nodes, edges = export_graph(corpus(), gexf, graph_format="gexf")
    ids = edge_ids(gexf, GEXF)
    assert len(set(ids)) == edges and sorted(ids) == sorted(edge_ids(graphml, GRAPHML))
    assert "networkx_key" not in gexf.read_text(encoding="utf-8")
    read = nx.read_gexf(gexf)
    assert read.number_of_edges() == edges
    for _a, _b, key, data in read.edges(keys=True, data=True):
        assert "networkx_key" not in data and data["id"] == key


def test_undirected_kinds_make_an_undirected_graph(tmp_path: Path) -> None:
    kinds = ["cooccurrence", "coquoted"]
    for graph_format, reader in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        path = tmp_path / f"graph.{graph_format}"
        _nodes, edges = export_graph(corpus(), path, graph_format=graph_format, kinds=kinds)  # type: ignore[arg-type]
        read = reader(path)
        assert not read.is_directed(), graph_format
        assert read.number_of_edges() == edges
        labels = {frozenset((read.nodes[a]["label"], read.nodes[b]["label"])): d["kind"]
                  for a, b, d in read.edges(data=True) if d["kind"] == "coquoted"}
        assert labels == {frozenset(("Anne Martin", "Olaf Scholz")): "coquoted",
                          frozenset(("Anne Martin", "OTAN")): "coquoted",
                          frozenset(("Olaf Scholz", "OTAN")): "coquoted"}
    assert 'edgedefault="undirected"' in (tmp_path / "graph.graphml").read_text(encoding="utf-8")
    assert 'defaultedgetype="undirected"' in (tmp_path / "graph.gexf").read_text(encoding="utf-8")


def test_directed_or_mixed_kinds_make_a_directed_graph_marking_undirected_edges(tmp_path: Path) -> None:
    path = tmp_path / "graph.graphml"
    export_graph(corpus(), path, graph_format="graphml", kinds=["event", "about"])
    read = nx.read_graphml(path)
    assert read.is_directed() and all(d["directed"] for _a, _b, d in read.edges(data=True))
    export_graph(corpus(), path, graph_format="graphml")  # every kind: mixed
    read = nx.read_graphml(path)
    assert read.is_directed()
    directed = {d["kind"]: d["directed"] for _a, _b, d in read.edges(data=True)}
    assert directed == {"cooccurrence": False, "coquoted": False, "about": True, "event": True}
