"""The entity graph of a selection: co-occurrence, co-quotation, "about" and event edges.

One pass over articles fills a :class:`GraphTally` (nodes with counts, weighted edges);
:mod:`newsgraph.export.graph` turns it into GraphML/GEXF, ``newsgraph stats network``
lists its strongest edges.  Edge kinds:

* ``cooccurrence``: two entities in the same article (undirected; weight = articles);
* ``coquoted``: two speakers quoted in the same article (undirected; weight = articles);
* ``about``: a speaker's quote mentions an entity (speaker → entity; weight = quotes);
* ``event``: the source actor of an event acts on its target (source → target; ``label``
  is the event type, e.g. ``CONSULT``; weight = events).
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Literal, get_args

from newsgraph.analysis.keys import Node, entity_key, source_of
from newsgraph.model import ActorRef, Article, Entity

EdgeKind = Literal["cooccurrence", "coquoted", "about", "event"]
EDGE_KINDS: tuple[EdgeKind, ...] = get_args(EdgeKind)
UNDIRECTED = frozenset({"cooccurrence", "coquoted"})
MAX_ENTITIES_PER_ARTICLE = 60  # co-occurrence uses the most mentioned ones: pairs stay bounded
UNNAMED_TYPE = "UNNAMED"


@dataclass(frozen=True, slots=True)
class EdgeKey:
    source: str  # node keys; for undirected kinds source < target
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
    nodes: dict[str, NodeCounts] = field(default_factory=dict)
    edges: Counter[EdgeKey] = field(default_factory=Counter)

    def add(self, article: Article) -> None:
        entities = [e for e in article.entities if e.mentions]
        for entity in entities:
            counts = self._node(entity_key(entity))
            counts.articles += 1
            counts.mentions += len(entity.mentions)
        if "cooccurrence" in self.kinds:
            self._cooccurrence(entities)
        self._quotes(article)
        if "event" in self.kinds:
            self._events(article)

    def _node(self, node: Node) -> NodeCounts:
        if node.key not in self.nodes:
            self.nodes[node.key] = NodeCounts(node)
        return self.nodes[node.key]

    def _undirected(self, a: Node, b: Node, kind: str) -> None:
        first, second = sorted((a.key, b.key))
        self.edges[EdgeKey(first, second, kind, kind)] += 1

    def _cooccurrence(self, entities: list[Entity]) -> None:
        busiest = sorted(entities, key=lambda e: -len(e.mentions))[:MAX_ENTITIES_PER_ARTICLE]
        nodes = {entity_key(e).key: entity_key(e) for e in busiest}
        for a, b in itertools.combinations(sorted(nodes), 2):
            self._undirected(nodes[a], nodes[b], "cooccurrence")

    def _quotes(self, article: Article) -> None:
        speakers: dict[str, Node] = {}
        for quote in article.quotes:
            node = source_of(article, quote).node
            if node is None:
                continue
            self._node(node).quotes += 1
            speakers[node.key] = node
            if "about" in self.kinds:
                for entity in _mentioned_in(article, quote.start, quote.end):
                    about = entity_key(entity)
                    if about.key != node.key:
                        self.edges[EdgeKey(node.key, about.key, "about", "about")] += 1
        if "coquoted" in self.kinds:
            for a, b in itertools.combinations(sorted(speakers), 2):
                self._undirected(speakers[a], speakers[b], "coquoted")

    def _events(self, article: Article) -> None:
        for event in article.events:
            for source, target in itertools.product(event.source, event.target):
                a, b = self._actor(article, source), self._actor(article, target)
                if a.key != b.key:
                    self.edges[EdgeKey(a.key, b.key, "event", event.type)] += 1

    def _actor(self, article: Article, actor: ActorRef) -> Node:
        return self._node(actor_node(article, actor)).node


def actor_node(article: Article, actor: ActorRef) -> Node:
    """An event actor's entity node, or an ``UNNAMED`` node named as the text names it."""
    entity = article.entity(actor.entity_id) if actor.entity_id else None
    if entity is not None:
        return entity_key(entity)
    return Node(key=f"{UNNAMED_TYPE}:{actor.name.casefold()}", name=actor.name, type=UNNAMED_TYPE)


def _mentioned_in(article: Article, start: int, end: int) -> Iterator[Entity]:
    for entity in article.entities:
        if any(start <= m.start and m.end <= end for m in entity.mentions):
            yield entity


def tally_graph(articles: Iterable[Article], *, kinds: Iterable[str] = EDGE_KINDS) -> GraphTally:
    chosen = frozenset(kinds)
    unknown = chosen - set(EDGE_KINDS)
    if unknown:
        raise ValueError(f"unknown edge kinds {sorted(unknown)}; known: {', '.join(EDGE_KINDS)}")
    tally = GraphTally(kinds=chosen)
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
    chosen = [(key, weight) for key, weight in tally.edges.items() if key.kind == kind]
    chosen.sort(key=lambda item: (-item[1], item[0].source, item[0].target))
    return [
        EdgeRow(tally.nodes[key.source].node.name, tally.nodes[key.target].node.name,
                key.kind, key.label, weight)
        for key, weight in chosen[:top]
    ]
