"""GraphML and GEXF exports of the entity graph (networkx), openable in Gephi.

Nodes are entities across articles (see :mod:`newsgraph.analysis.keys`: corpus entities
for :class:`~newsgraph.analysis.keys.Linked` articles whose entities are resolved) with ``label``,
``type``, ``articles``, ``mentions`` and ``quotes``; edges are those of
:mod:`newsgraph.analysis.networks` with ``kind``, ``label`` and an integer ``weight``.
The graph is a ``MultiDiGraph`` so that two entities can be linked by several kinds;
undirected kinds (co-occurrence, co-quotation) are stored once and marked
``directed=false``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, BinaryIO, Literal

import networkx as nx

from newsgraph.analysis.keys import Linked
from newsgraph.analysis.networks import EDGE_KINDS, UNDIRECTED, GraphTally, tally_graph
from newsgraph.model import Article

GraphFormat = Literal["graphml", "gexf"]
GRAPH_FORMATS: tuple[GraphFormat, ...] = ("graphml", "gexf")


def build_graph(tally: GraphTally, *, min_weight: int = 1) -> Any:
    """A networkx ``MultiDiGraph`` of the edges weighing at least ``min_weight`` and their nodes."""
    graph = nx.MultiDiGraph(name="newsgraph entity graph")
    for key, weight in sorted(tally.edges.items(), key=lambda item: _edge_order(item[0])):
        if weight < min_weight:
            continue
        for node_key in (key.source, key.target):
            if node_key not in graph:
                counts = tally.nodes[node_key]
                graph.add_node(node_key, label=counts.node.name, type=counts.node.type,
                               articles=counts.articles, mentions=counts.mentions, quotes=counts.quotes)
        graph.add_edge(key.source, key.target, key=f"{key.kind}:{key.label}", kind=key.kind,
                       label=key.label, weight=weight, directed=key.kind not in UNDIRECTED)
    return graph


def _edge_order(key: Any) -> tuple[str, str, str, str]:
    return (key.kind, key.label, key.source, key.target)


def write_graph(graph: Any, out: str | Path | BinaryIO, *, graph_format: GraphFormat) -> None:
    if graph_format == "graphml":
        nx.write_graphml(graph, out)
    elif graph_format == "gexf":
        nx.write_gexf(graph, out)
    else:
        raise ValueError(f"unknown graph format {graph_format!r}")


def export_graph(
    articles: Iterable[Article | Linked], out: str | Path | BinaryIO, *, graph_format: GraphFormat,
    kinds: Iterable[str] = EDGE_KINDS, min_weight: int = 1,
) -> tuple[int, int]:
    """Tally, build and write the graph; returns (nodes, edges) written."""
    graph = build_graph(tally_graph(articles, kinds=kinds), min_weight=min_weight)
    write_graph(graph, out, graph_format=graph_format)
    return graph.number_of_nodes(), graph.number_of_edges()
