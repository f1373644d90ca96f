"""The entity graph of /api/graph: an entity's neighbourhood and the overview of the most
mentioned entities, with the nodes and edge kinds of the GraphML/GEXF exports.

A node is what the exports make of an in-article entity (:mod:`newsgraph.analysis.keys`):
once ``resolve`` has linked it, its corpus entity (id ``c_…``, the corpus entity's name and
type: "Vladimir Poutine" in a French article and "Vladimir Putin" in an English one are one
node); before, or for an article stored since, ``TYPE:name``.  The co-occurrence and event
queries join the in-article entities to their corpus entities
(:class:`~newsgraph.analysis.stored.ResolvedEntity`); the quote kinds read who says each
quote and the entities mentioned inside it as stored (``quote_sources``,
``quote_mentions``: :mod:`newsgraph.store.speakers`, :mod:`newsgraph.store.nodes`), with
their nodes.  Each counts per pair of nodes:

* ``cooccurrence``: articles in common (undirected);
* ``coquoted``: articles quoting both (undirected);
* ``about``: quotes of the source mentioning the target (speaker → subject);
  each person of a joint speaker ("A and B said") is a speaker of its quote in both;
* ``event``: events where both take part, source → target (two actors of one role are
  linked too, once).

An undirected edge runs from the end first in :func:`~newsgraph.analysis.networks.node_order`,
as in the exports.  A quote or event near-duplicate articles repeat counts once unless
``all_copies``; a co-occurrence counts every article.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    FromClause,
    Select,
    and_,
    distinct,
    exists,
    false,
    func,
    or_,
    select,
    tuple_,
)

from newsgraph.analysis.keys import Node
from newsgraph.analysis.networks import EDGE_KINDS, EdgeKind, node_order
from newsgraph.analysis.stored import ResolvedEntity, node_columns
from newsgraph.api.queries.common import MAX_GRAPH_NODES, EntityKey, is_entity
from newsgraph.store.duplicates import distinct_quotes
from newsgraph.store.schema import (
    corpus_entities,
    entities,
    event_actors,
    event_copies,
    quote_mentions,
    quote_sources,
)

__all__ = ["EDGE_KINDS", "EdgeKind", "GraphEdge", "GraphNode", "graph_node", "neighbourhood", "overview"]

_SEPARATOR = "\x1f"  # between an article id and a quote or event id: one string per quote or event


@dataclass(frozen=True, slots=True)
class GraphNode:
    node: Node  # key: the exports' node id (c_… or TYPE:name); name and type
    mentions: int


@dataclass(frozen=True, slots=True)
class GraphEdge:
    source: Node
    target: Node
    kind: EdgeKind
    weight: int


# --- nodes ----------------------------------------------------------------------------------


def _is_corpus(node: Node) -> bool:
    return node.key != f"{node.type}:{node.name}"


def _under(entity: ResolvedEntity, nodes: Collection[Node]) -> ColumnElement[bool]:
    """The in-article entity is under one of ``nodes``: linked to one of their corpus
    entities, or not linked and named as one of the others."""
    corpus_ids = sorted(node.key for node in nodes if _is_corpus(node))
    names = sorted((node.name, node.type) for node in nodes if not _is_corpus(node))
    found: list[ColumnElement[bool]] = []
    if corpus_ids:
        found.append(entity.link.c.corpus_entity_id.in_(corpus_ids))
    if names:
        e = entity.entity
        found.append(and_(entity.link.c.entity_id.is_(None), tuple_(e.c.name, e.c.type).in_(names)))
    return or_(*found) if found else false()


def _labelled(entity: ResolvedEntity) -> list[Any]:
    """:func:`~newsgraph.analysis.stored.node_columns` under the entity's own labels, so
    that two entities' nodes can be read from one row."""
    return [column.label(f"{entity.name}_{column.name}") for column in node_columns(entity)]


_NODE_COLUMNS = ("key", "name", "type", "gazetteer")  # of node_columns, labelled {prefix}_…


def _node(row: Any, prefix: str) -> Node:
    key, name, type, gazetteer = (row._mapping[f"{prefix}_{column}"] for column in _NODE_COLUMNS)
    return Node(str(key), str(name), str(type), gazetteer if gazetteer is None else str(gazetteer))


def graph_node(connection: Connection, key: EntityKey) -> Node | None:
    """The node an in-article name is under: the one of most of its mentions (a name is
    under its corpus entity once resolved, and under its own ``TYPE:name`` in the articles
    stored since); None when no article names it so."""
    entity = ResolvedEntity("ctr")
    columns = _labelled(entity)
    total = func.sum(entity.entity.c.mention_count).label("mentions")
    query = (
        select(*columns, total)
        .select_from(entity.joined())
        .where(is_entity(entity.entity, key))
        .group_by(*columns)
    )
    rows = connection.execute(query).all()
    if not rows:
        return None
    best = max(rows, key=lambda row: (int(row.mentions or 0), str(row.ctr_key)))
    return _node(best, "ctr")


def _mentions(connection: Connection, nodes: Collection[Node]) -> dict[str, int]:
    entity = ResolvedEntity("men")
    key = entity.key().label("key")
    query = (
        select(key, func.coalesce(func.sum(entity.entity.c.mention_count), 0))
        .select_from(entity.joined())
        .where(_under(entity, nodes))
        .group_by(key)
    )
    return {str(key): int(total) for key, total in connection.execute(query)}


def _per_pair(a: ResolvedEntity, b: ResolvedEntity, joined: FromClause, counted: Any) -> Select[Any]:
    """The distinct values of ``counted`` (articles, quotes, events) per pair of different
    nodes of ``a`` and ``b`` (row labels ``{a.name}_key``…), heaviest first."""
    columns = [*_labelled(a), *_labelled(b)]
    weight = func.count(distinct(counted)).label("weight")
    return (
        select(*columns, weight)
        .select_from(joined)
        .where(a.key() != b.key())
        .group_by(*columns)
        .order_by(weight.desc(), columns[0], columns[4])
    )


def _undirected(a: Node, b: Node, kind: EdgeKind, weight: int) -> GraphEdge:
    first, second = sorted((a, b), key=node_order)
    return GraphEdge(first, second, kind, weight)


# --- the neighbourhood ------------------------------------------------------------------------


def neighbourhood(
    connection: Connection, key: EntityKey, *, limit: int = 30, all_copies: bool = False,
    kinds: Collection[EdgeKind] = EDGE_KINDS,
) -> tuple[list[GraphNode], list[GraphEdge]]:
    """The node of the entity (first), its ``limit`` strongest neighbours and the weighted
    edges of ``kinds`` linking them to it.  A quote or event near-duplicate articles
    repeat weighs once unless ``all_copies``."""
    limit = max(1, min(limit, MAX_GRAPH_NODES))
    center = graph_node(connection, key)
    if center is None:
        return [GraphNode(Node(key.node_id, key.name, key.type), 0)], []
    centre = ResolvedEntity("centre")
    in_articles = (
        select(centre.entity.c.article_id).select_from(centre.joined()).where(_under(centre, [center]))
    )
    edges: list[GraphEdge] = []
    if "cooccurrence" in kinds:
        edges += _cooccurring(connection, center, in_articles, limit)
    if "coquoted" in kinds:
        edges += _coquoted_with(connection, center, in_articles, limit, all_copies=all_copies)
    if "about" in kinds:
        edges += _quoting(connection, center, in_articles, 2 * limit, all_copies=all_copies)
    if "event" in kinds:
        edges += _acting_with(connection, center, in_articles, limit, all_copies=all_copies)
    strength: Counter[str] = Counter()
    others: dict[str, Node] = {}
    for edge in edges:
        other = edge.target if edge.source.key == center.key else edge.source
        strength[other.key] += edge.weight
        others[other.key] = other
    neighbours = {key for key, _weight in strength.most_common(limit)}
    kept = [e for e in edges if e.source.key in neighbours or e.target.key in neighbours]
    chosen = [center, *sorted((others[key] for key in neighbours), key=node_order)]
    counts = _mentions(connection, chosen)
    return [GraphNode(node, counts.get(node.key, 0)) for node in chosen], kept


def _cooccurring(
    connection: Connection, center: Node, in_articles: Select[Any], limit: int
) -> list[GraphEdge]:
    other = ResolvedEntity("other")
    columns = _labelled(other)
    weight = func.count(distinct(other.entity.c.article_id)).label("weight")
    query = (
        select(*columns, weight)
        .select_from(other.joined())
        .where(other.entity.c.article_id.in_(in_articles), other.key() != center.key)
        .group_by(*columns)
        .order_by(weight.desc(), columns[0])
        .limit(limit)
    )
    return [_undirected(center, _node(row, "other"), "cooccurrence", int(row.weight))
            for row in connection.execute(query)]


def _said(nodes: Collection[Node] | None, *, all_copies: bool, within: Any) -> Any:
    """Per quote, each node that says it (the stored ``quote_sources``: its speaker's entity,
    or each person of a joint speaker), of ``nodes`` only when given and of the articles
    ``within`` selects when given; without the quotes near-duplicate articles repeat
    unless ``all_copies``.  Columns ``article_id``, ``quote_id`` and the node's, labelled
    ``spk_…``."""
    source = quote_sources.c
    kept: list[ColumnElement[bool]] = [source.node_key.is_not(None)]
    if not all_copies:
        kept.append(distinct_quotes(quote_sources, quote_id="quote_id"))
    if within is not None:
        kept.append(source.article_id.in_(within))
    if nodes is not None:
        kept.append(source.node_key.in_(sorted(node.key for node in nodes)))
    node = [source.node_key, source.name, source.type, source.gazetteer_id]
    columns = [column.label(f"spk_{label}") for column, label in zip(node, _NODE_COLUMNS, strict=True)]
    return select(source.article_id, source.quote_id, *columns).where(*kept).subquery("said")


def _said_node(said: Any) -> list[Any]:
    """The node columns of :func:`_said`."""
    return [said.c[f"spk_{column}"] for column in _NODE_COLUMNS]


def _coquoted_pairs(
    nodes: Collection[Node] | None, *, all_copies: bool, within: Any = None
) -> tuple[Any, Any, Select[Any]]:
    """(a, b, articles counted per pair of nodes ``a`` and ``b`` both speak in — each person
    of a joint speaker too —, heaviest first; row labels ``spk_…`` for ``a``, ``b_…`` for
    ``b``), among the speakers of ``nodes`` (:func:`_said`)."""
    said = _said(nodes, all_copies=all_copies, within=within)
    speakers = select(said.c.article_id, *_said_node(said)).distinct().cte("speakers")
    a, b = speakers.alias("a"), speakers.alias("b")
    ends = [*(a.c[f"spk_{column}"] for column in _NODE_COLUMNS),
            *(b.c[f"spk_{column}"].label(f"b_{column}") for column in _NODE_COLUMNS)]
    weight = func.count(distinct(a.c.article_id)).label("weight")
    query = (
        select(*ends, weight)
        .select_from(a.join(b, b.c.article_id == a.c.article_id))
        .group_by(*ends)
        .order_by(weight.desc(), ends[0], ends[4])
    )
    return a, b, query


def _coquoted_with(
    connection: Connection, center: Node, in_articles: Select[Any], limit: int, *, all_copies: bool
) -> list[GraphEdge]:
    a, b, query = _coquoted_pairs(None, all_copies=all_copies, within=in_articles)
    query = query.where(a.c.spk_key == center.key, b.c.spk_key != center.key).limit(limit)
    return [_undirected(_node(row, "spk"), _node(row, "b"), "coquoted", int(row.weight))
            for row in connection.execute(query)]


def _quote_pairs(
    speakers: Collection[Node] | None, *, all_copies: bool, within: Any = None
) -> tuple[Any, Any, Select[Any]]:
    """(the speakers' rows, the mentions' rows, quotes counted per node of a speaker — each
    person of a joint speaker too — and node of an entity mentioned inside the quote, each
    quote once), among the quotes of ``speakers`` (:func:`_said`): the stored
    ``quote_mentions`` give the entities inside each quote; row labels ``spk_…`` and
    ``sub_…``."""
    said = _said(speakers, all_copies=all_copies, within=within)
    inside = quote_mentions.c
    subject, corpus = entities.alias("sub_entity"), corpus_entities.alias("sub_corpus")
    joined = (
        said.join(quote_mentions, and_(inside.article_id == said.c.article_id,
                                       inside.quote_id == said.c.quote_id))
        .join(subject, and_(subject.c.article_id == inside.article_id, subject.c.id == inside.entity_id))
        .outerjoin(corpus, corpus.c.id == inside.node_key)
    )
    columns = [
        *_said_node(said), inside.node_key.label("sub_key"),
        func.coalesce(corpus.c.name, subject.c.name).label("sub_name"),
        func.coalesce(corpus.c.type, subject.c.type).label("sub_type"),
        corpus.c.gazetteer_id.label("sub_gazetteer"),
    ]
    weight = func.count(distinct(said.c.article_id + _SEPARATOR + said.c.quote_id)).label("weight")
    query = (
        select(*columns, weight)
        .select_from(joined)
        .where(said.c.spk_key != inside.node_key)
        .group_by(*columns)
        .order_by(weight.desc(), columns[0], columns[4])
    )
    return said, inside, query


def _quoting(
    connection: Connection, center: Node, in_articles: Select[Any], limit: int, *, all_copies: bool
) -> list[GraphEdge]:
    said, inside, query = _quote_pairs(None, all_copies=all_copies, within=in_articles)
    query = query.where(or_(said.c.spk_key == center.key, inside.node_key == center.key))
    return [GraphEdge(_node(row, "spk"), _node(row, "sub"), "about", int(row.weight))
            for row in connection.execute(query.limit(limit))]


def _event_pairs(*, all_copies: bool) -> tuple[Any, ResolvedEntity, Any, ResolvedEntity, Select[Any]]:
    """(one, its entity, two, its entity, events counted per pair of nodes taking part in
    one: source with target, and two actors of one role both ways); without the events
    near-duplicate articles repeat unless ``all_copies``."""
    one, two = event_actors.alias("one"), event_actors.alias("two")
    first, second = ResolvedEntity("first"), ResolvedEntity("second")
    same_event = and_(two.c.article_id == one.c.article_id, two.c.event_id == one.c.event_id)
    joined: FromClause = one.join(two, same_event)
    joined = first.join(joined, one.c.article_id, one.c.entity_id, outer=False)
    joined = second.join(joined, two.c.article_id, two.c.entity_id, outer=False)
    query = _per_pair(first, second, joined, one.c.article_id + _SEPARATOR + one.c.event_id).where(
        one.c.role <= two.c.role
    )
    if not all_copies:
        copy = event_copies.c
        query = query.where(
            ~exists().where(copy.article_id == one.c.article_id, copy.event_id == one.c.event_id)
        )
    return one, first, two, second, query


def _acting_with(
    connection: Connection, center: Node, in_articles: Select[Any], limit: int, *, all_copies: bool
) -> list[GraphEdge]:
    """Events of the centre: source → target, the centre first with an actor of its role."""
    one, first, two, second, query = _event_pairs(all_copies=all_copies)
    query = query.where(
        one.c.article_id.in_(in_articles),
        or_(first.key() == center.key, and_(second.key() == center.key, one.c.role < two.c.role)),
    )
    return _merged([GraphEdge(_node(row, "first"), _node(row, "second"), "event", int(row.weight))
                    for row in connection.execute(query.limit(limit))])


def _merged(edges: Sequence[GraphEdge]) -> list[GraphEdge]:
    weights: Counter[tuple[str, str, EdgeKind]] = Counter()
    ends: dict[str, Node] = {}
    for edge in edges:
        weights[(edge.source.key, edge.target.key, edge.kind)] += edge.weight
        ends[edge.source.key], ends[edge.target.key] = edge.source, edge.target
    return [GraphEdge(ends[s], ends[t], kind, w) for (s, t, kind), w in weights.items()]


# --- the overview -----------------------------------------------------------------------------


def overview(
    connection: Connection, *, limit: int = 40, type: str | None = None, all_copies: bool = False,
    kinds: Collection[EdgeKind] = EDGE_KINDS,
) -> tuple[list[GraphNode], list[GraphEdge]]:
    """The ``limit`` most mentioned nodes (of one ``type``) and the weighted edges of
    ``kinds`` among them (a quote or event near-duplicate articles repeat weighs once
    unless ``all_copies``)."""
    nodes = _most_mentioned(connection, limit=max(1, min(limit, MAX_GRAPH_NODES)), type=type)
    if len(nodes) < 2:
        return nodes, []
    chosen = [n.node for n in nodes]
    edges: list[GraphEdge] = []
    if "cooccurrence" in kinds:
        edges += _overview_cooccurrence(connection, chosen)
    if "coquoted" in kinds:
        edges += _overview_coquoted(connection, chosen, all_copies=all_copies)
    if "about" in kinds:
        edges += _overview_quotes(connection, chosen, all_copies=all_copies)
    if "event" in kinds:
        edges += _overview_events(connection, chosen, all_copies=all_copies)
    return nodes, edges


def _most_mentioned(connection: Connection, *, limit: int, type: str | None) -> list[GraphNode]:
    entity = ResolvedEntity("top")
    columns = _labelled(entity)
    total = func.coalesce(func.sum(entity.entity.c.mention_count), 0).label("mentions")
    articles = func.count(distinct(entity.entity.c.article_id)).label("articles")
    query = select(*columns, total, articles).select_from(entity.joined()).group_by(*columns)
    if type:
        query = query.where(entity.node_type() == type)
    query = query.order_by(total.desc(), articles.desc(), columns[1], columns[2], columns[0]).limit(limit)
    return [GraphNode(_node(row, "top"), int(row.mentions)) for row in connection.execute(query)]


_OVERVIEW_EDGES = MAX_GRAPH_NODES * 10  # edges of one kind among the overview's nodes


def _overview_cooccurrence(connection: Connection, chosen: Sequence[Node]) -> list[GraphEdge]:
    one, two = ResolvedEntity("one"), ResolvedEntity("two")
    joined = two.join(one.joined(), one.entity.c.article_id, None, outer=False)
    query = (
        _per_pair(one, two, joined, one.entity.c.article_id)
        .where(_under(one, chosen), _under(two, chosen), one.key() < two.key())
        .limit(_OVERVIEW_EDGES)
    )
    return [_undirected(_node(row, "one"), _node(row, "two"), "cooccurrence", int(row.weight))
            for row in connection.execute(query)]


def _overview_coquoted(
    connection: Connection, chosen: Sequence[Node], *, all_copies: bool
) -> list[GraphEdge]:
    a, b, query = _coquoted_pairs(chosen, all_copies=all_copies)
    query = query.where(a.c.spk_key < b.c.spk_key).limit(_OVERVIEW_EDGES)
    return [_undirected(_node(row, "spk"), _node(row, "b"), "coquoted", int(row.weight))
            for row in connection.execute(query)]


def _overview_quotes(connection: Connection, chosen: Sequence[Node], *, all_copies: bool) -> list[GraphEdge]:
    _said_rows, inside, query = _quote_pairs(chosen, all_copies=all_copies)
    query = query.where(inside.node_key.in_(sorted(node.key for node in chosen))).limit(_OVERVIEW_EDGES)
    return [GraphEdge(_node(row, "spk"), _node(row, "sub"), "about", int(row.weight))
            for row in connection.execute(query)]


def _overview_events(connection: Connection, chosen: Sequence[Node], *, all_copies: bool) -> list[GraphEdge]:
    one, first, two, second, query = _event_pairs(all_copies=all_copies)
    query = query.where(
        _under(first, chosen), _under(second, chosen),
        or_(one.c.role < two.c.role, first.key() < second.key()),  # two actors of one role once
    ).limit(_OVERVIEW_EDGES)
    return [GraphEdge(_node(row, "first"), _node(row, "second"), "event", int(row.weight))
            for row in connection.execute(query)]
