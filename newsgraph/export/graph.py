"""GraphML and GEXF exports of the entity graph (networkx), openable in Gephi.

Nodes are entities across articles (see :mod:`newsgraph.analysis.keys`: corpus entities
for :class:`~newsgraph.analysis.keys.Linked` articles whose entities are resolved) with ``label``
(Gephi's) and ``name``, ``type``, ``articles``, ``mentions`` and ``quotes`` (and
``external_id``, the id the user gave a corpus entity with ``--aliases``); an entity not
resolved has the id ``TYPE:name``; ``/api/graph`` has the same nodes and edge kinds
(``cooccurrence``, ``coquoted``, ``about``, ``event``); an event actor the text names without an entity
is a node of its article, ``UNNAMED:<article id>:<name>`` labelled with the name (not one
hub joining every article's "police").  Edges are those of
:mod:`newsgraph.analysis.networks` with a unique, stable id (:func:`edge_id`), ``kind``,
``label``, an integer ``weight`` and ``directed``.

When every chosen kind is undirected (co-occurrence, co-quotation) the graph is an
undirected ``MultiGraph``; otherwise a ``MultiDiGraph`` (GraphML and networkx's GEXF
reader know no mixed graphs), in which an undirected edge is written once, from the end
first in :func:`~newsgraph.analysis.networks.node_order` to the other, with
``directed=false``.  The graph is a multigraph because two entities can be linked by
several kinds (and event types); the networkx edge key is the edge id.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any, BinaryIO, Literal

import networkx as nx
from networkx.readwrite.gexf import GEXFWriter

from newsgraph.analysis.keys import Linked
from newsgraph.analysis.networks import EDGE_KINDS, UNDIRECTED, EdgeKey, GraphTally, tally_graph
from newsgraph.model import Article
from newsgraph.resolve.gazetteer import external_id

GraphFormat = Literal["graphml", "gexf"]
GRAPH_FORMATS: tuple[GraphFormat, ...] = ("graphml", "gexf")


def edge_id(key: EdgeKey) -> str:
    """``KIND:`` + 16 hex digits of a hash of (kind, label, source, target): unique in a
    graph (the tally has one edge per such tuple) and the same in every export."""
    digest = hashlib.sha256("\x1f".join((key.kind, key.label, key.source, key.target)).encode("utf-8"))
    return f"{key.kind}:{digest.hexdigest()[:16]}"


def is_undirected(kinds: Iterable[str]) -> bool:
    """True when every kind is undirected (an empty choice is not)."""
    chosen = set(kinds)
    return bool(chosen) and chosen <= UNDIRECTED


def build_graph(tally: GraphTally, *, min_weight: int = 1) -> Any:
    """The edges weighing at least ``min_weight`` and their nodes: a networkx ``MultiGraph``
    when every kind of the tally is undirected, else a ``MultiDiGraph``."""
    undirected = is_undirected(tally.kinds)
    graph: Any = nx.MultiGraph() if undirected else nx.MultiDiGraph()
    graph.graph["name"] = "newsgraph entity graph"
    for key, weight in sorted(tally.edges.items(), key=lambda item: _edge_order(item[0])):
        if weight < min_weight:
            continue
        for node_key in (key.source, key.target):
            if node_key not in graph:
                counts = tally.nodes[node_key]
                given = external_id(counts.node.gazetteer_id)  # the user's id (--aliases), as given
                graph.add_node(node_key, label=counts.node.name, name=counts.node.name, type=counts.node.type,
                               articles=counts.articles, mentions=counts.mentions, quotes=counts.quotes,
                               **({"external_id": given} if given is not None else {}))
        graph.add_edge(key.source, key.target, key=edge_id(key), kind=key.kind,
                       label=key.label, weight=weight, directed=key.kind not in UNDIRECTED)
    return graph


def _edge_order(key: EdgeKey) -> tuple[str, str, str, str]:
    return (key.kind, key.label, key.source, key.target)


class _GexfWriter(GEXFWriter):  # type: ignore[misc]
    """networkx's GEXF writer without the ``networkx_key`` edge attribute: the key is the
    edge id already (GEXF's own ``id``), and Gephi would show it as a column."""

    def add_attributes(self, node_or_edge: str, xml_obj: Any, data: dict[str, Any], default: Any) -> Any:
        if node_or_edge == "edge":
            data = {name: value for name, value in data.items() if name != "key"}
        return super().add_attributes(node_or_edge, xml_obj, data, default)


def write_graph(graph: Any, out: str | Path | BinaryIO, *, graph_format: GraphFormat) -> None:
    if graph_format == "graphml":
        nx.write_graphml(graph, out)
    elif graph_format == "gexf":
        _write_gexf(graph, out)
    else:
        raise ValueError(f"unknown graph format {graph_format!r}")


def _write_gexf(graph: Any, out: str | Path | BinaryIO) -> None:
    for _source, _target, key, data in graph.edges(keys=True, data=True):
        data["id"] = key  # GEXF's edge id; networkx's writer would number the edges instead
    try:
        writer = _GexfWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
        writer.add_graph(graph)
    finally:
        for _source, _target, data in graph.edges(data=True):
            data.pop("id", None)
    if isinstance(out, str | Path):
        with open(out, "wb") as handle:
            writer.write(handle)
    else:
        writer.write(out)


def export_graph(
    articles: Iterable[Article | Linked], out: str | Path | BinaryIO, *, graph_format: GraphFormat,
    kinds: Iterable[str] = EDGE_KINDS, min_weight: int = 1,
) -> tuple[int, int]:
    """Tally, build and write the graph; returns (nodes, edges) written."""
    graph = build_graph(tally_graph(articles, kinds=kinds, unnamed_per_article=True), min_weight=min_weight)
    write_graph(graph, out, graph_format=graph_format)
    return graph.number_of_nodes(), graph.number_of_edges()
