"""The entity graph of a selection: co-occurrence, co-quotation, "about" and event edges.

One pass over articles fills a :class:`GraphTally` (nodes with counts, weighted edges);
:mod:`newsgraph.export.graph` turns it into GraphML/GEXF, ``newsgraph stats network``
lists its strongest edges.  Edge kinds:

* ``cooccurrence``: two entities in the same article (undirected; weight = articles);
* ``coquoted``: two speakers quoted in the same article (undirected; weight = articles);
  each person of a joint speaker ("A and B said") is a speaker;
* ``about``: a speaker's quote mentions an entity (speaker → entity; weight = quotes);
* ``event``: the source actor of an event acts on its target (source → target; ``label``
  is the event type, e.g. ``CONSULT``; weight = events).
"""

from __future__ import annotations

import heapq
import itertools
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Literal, get_args

from newsgraph.analysis.keys import (
    NO_LINKS,
    Linked,
    Links,
    Node,
    entity_key,
    joint_sources,
    source_of,
    unpack,
)
from newsgraph.model import ActorRef, Article, Entity, Quote

EdgeKind = Literal["cooccurrence", "coquoted", "about", "event"]
EDGE_KINDS: tuple[EdgeKind, ...] = get_args(EdgeKind)
UNDIRECTED = frozenset({"cooccurrence", "coquoted"})
MAX_ENTITIES_PER_ARTICLE = 60  # co-occurrence uses the most mentioned ones: pairs stay bounded
UNNAMED_TYPE = "UNNAMED"


@dataclass(frozen=True, slots=True)
class EdgeKey:
    source: str  # node keys; for undirected kinds source comes first in node_order
    target: str
    kind: str
    label: str  # the event type for events, else the kind


@dataclass(slots=True)
class NodeCounts:
    node: Node
    articles: int = 0
    mentions: int = 0
    quotes: int = 0  # quotes attributed to it


@dataclass(slots=True)
class GraphTally:
    kinds: frozenset[str] = frozenset(EDGE_KINDS)
    # an actor the text names without an entity ("police") is one node per article (the
    # graph exports: no hub joining every article's police) rather than one per name
    unnamed_per_article: bool = False
    nodes: dict[str, NodeCounts] = field(default_factory=dict)
    edges: Counter[EdgeKey] = field(default_factory=Counter)

    def add(self, item: Article | Linked) -> None:
        article, links = unpack(item)
        entities = [e for e in article.entities if e.mentions]
        mentioned: Counter[Node] = Counter()  # two entities of one article may be one node
        for entity in entities:
            mentioned[entity_key(entity, links=links)] += len(entity.mentions)
        for node, mentions in mentioned.items():
            counts = self._node(node)
            counts.articles += 1
            counts.mentions += mentions
        if "cooccurrence" in self.kinds:
            self._cooccurrence(mentioned)
        self._quotes(article, links)
        if "event" in self.kinds:
            self._events(article, links)

    def _node(self, node: Node) -> NodeCounts:
        if node.key not in self.nodes:
            self.nodes[node.key] = NodeCounts(node)
        return self.nodes[node.key]

    def _undirected(self, a: Node, b: Node, kind: str) -> None:
        first, second = sorted((a, b), key=node_order)
        self.edges[EdgeKey(first.key, second.key, kind, kind)] += 1

    def _cooccurrence(self, mentioned: Counter[Node]) -> None:
        busiest = sorted(mentioned, key=lambda node: -mentioned[node])[:MAX_ENTITIES_PER_ARTICLE]
        nodes = {node.key: node for node in busiest}
        for a, b in itertools.combinations(sorted(nodes), 2):
            self._undirected(nodes[a], nodes[b], "cooccurrence")

    def _quotes(self, article: Article, links: Links) -> None:
        speakers: dict[str, Node] = {}
        for quote in article.quotes:
            for node in speaker_nodes(article, quote, links=links):
                self._node(node).quotes += 1
                speakers[node.key] = node
                if "about" in self.kinds:
                    for entity in _mentioned_in(article, quote.start, quote.end):
                        about = entity_key(entity, links=links)
                        if about.key != node.key:
                            self.edges[EdgeKey(node.key, about.key, "about", "about")] += 1
        if "coquoted" in self.kinds:
            for a, b in itertools.combinations(sorted(speakers), 2):
                self._undirected(speakers[a], speakers[b], "coquoted")

    def _events(self, article: Article, links: Links) -> None:
        for event in article.events:
            for source, target in itertools.product(event.source, event.target):
                a = self._node(self._actor(article, source, links)).node
                b = self._node(self._actor(article, target, links)).node
                if a.key != b.key:
                    self.edges[EdgeKey(a.key, b.key, "event", event.type)] += 1


    def _actor(self, article: Article, actor: ActorRef, links: Links) -> Node:
        node = actor_node(article, actor, links=links)
        if self.unnamed_per_article and node.type == UNNAMED_TYPE:
            key = f"{UNNAMED_TYPE}:{article.id}:{actor.name.casefold()}"
            return Node(key=key, name=node.name, type=node.type)
        return node


def speaker_nodes(article: Article, quote: Quote, *, links: Links = NO_LINKS) -> list[Node]:
    """The nodes that say a quote: its speaker's entity, or each person of a joint speaker
    (``keys.joint_sources``); none for an unnamed or missing speaker."""
    people = joint_sources(article, quote, links=links)
    if people:
        return [source.node for source in people if source.node is not None]
    node = source_of(article, quote, links=links).node
    return [node] if node is not None else []


def node_order(node: Node) -> tuple[str, str, str]:
    """Type, then name: the order of an undirected edge's ends and of ties, whether nodes
    are keyed by corpus entity id or by type and name."""
    return (node.type, node.name, node.key)


def actor_node(article: Article, actor: ActorRef, *, links: Links = NO_LINKS) -> Node:
    """An event actor's entity node (its corpus entity when ``links`` has it), or an
    ``UNNAMED`` node named as the text names it."""
    entity = article.entity(actor.entity_id) if actor.entity_id else None
    if entity is not None:
        return entity_key(entity, links=links)
    return Node(key=f"{UNNAMED_TYPE}:{actor.name.casefold()}", name=actor.name, type=UNNAMED_TYPE)


def _mentioned_in(article: Article, start: int, end: int) -> Iterator[Entity]:
    for entity in article.entities:
        if any(start <= m.start and m.end <= end for m in entity.mentions):
            yield entity


def tally_graph(
    articles: Iterable[Article | Linked],
    *,
    kinds: Iterable[str] = EDGE_KINDS,
    unnamed_per_article: bool = False,
) -> GraphTally:
    """The graph of ``articles``; ``unnamed_per_article``: an unnamed actor is a node of its
    article (``UNNAMED:<article id>:<name>``), else one node per name (statistics)."""
    chosen = frozenset(kinds)
    unknown = chosen - set(EDGE_KINDS)
    if unknown:
        raise ValueError(f"unknown edge kinds {sorted(unknown)}; known: {', '.join(EDGE_KINDS)}")
    tally = GraphTally(kinds=chosen, unnamed_per_article=unnamed_per_article)
    for article in articles:
        tally.add(article)
    return tally


@dataclass(frozen=True, slots=True)
class EdgeRow:
    source: str  # names
    target: str
    kind: str
    label: str
    weight: int


def strongest_edges(tally: GraphTally, *, kind: str, top: int = 20) -> list[EdgeRow]:
    """The ``top`` heaviest edges of one kind, heaviest first."""
    nodes = {key: counts.node for key, counts in tally.nodes.items()}
    return ranked_edges(tally.edges, nodes, kind=kind, top=top)


def ranked_edges(
    edges: Mapping[EdgeKey, int], nodes: Mapping[str, Node], *, kind: str, top: int
) -> list[EdgeRow]:
    """The ``top`` heaviest of ``edges`` of one kind, heaviest first (ties in
    :func:`node_order` of their ends, then by label), named by ``nodes``."""
    chosen = [(key, weight) for key, weight in edges.items() if key.kind == kind]
    order = {key: node_order(node) for key, node in nodes.items()}

    def rank(item: tuple[EdgeKey, int]) -> tuple[object, ...]:
        key, weight = item
        return (-weight, *order[key.source], *order[key.target], key.label)

    # the first `top` of the sorted edges, without sorting them all when fewer are asked for
    best = heapq.nsmallest(top, chosen, key=rank)
    return [EdgeRow(nodes[key.source].name, nodes[key.target].name, key.kind, key.label, weight)
            for key, weight in best]
