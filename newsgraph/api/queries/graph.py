"""The entity graph: an entity's neighbourhood and the overview of the strongest edges."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import (
    Connection,
    Select,
    and_,
    distinct,
    exists,
    func,
    or_,
    select,
    tuple_,
)

from newsgraph.api.queries.common import MAX_GRAPH_NODES, EntityKey, is_entity, same_entity
from newsgraph.api.queries.entities import list_article_entities
from newsgraph.store.duplicates import distinct_quotes
from newsgraph.store.schema import (
    entities,
    entity_links,
    event_actors,
    event_copies,
    mentions,
    quotes,
)

# The kinds of newsgraph.analysis.networks / the graph exports: "about" is a quote of
# the source that mentions the target (speaker -> subject).
EdgeKind = Literal["cooccurrence", "about", "event"]


@dataclass(frozen=True, slots=True)
class GraphNode:
    key: EntityKey
    mentions: int
    # the ids of the graph exports' nodes its in-article entities are under: corpus entities
    # ("c_…") once resolved, else the key's own TYPE:name (newsgraph.analysis.keys.entity_key)
    export_nodes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class GraphEdge:
    source: EntityKey
    target: EntityKey
    kind: EdgeKind
    weight: int


def neighbourhood(
    connection: Connection, key: EntityKey, *, limit: int = 30, all_copies: bool = False
) -> tuple[list[GraphNode], list[GraphEdge]]:
    """The entity, its neighbours and the weighted edges linking them to it: articles in
    common (co-occurrence), quotes by one mentioning the other (directed, speaker →
    subject), events where both take part.  A quote or event near-duplicate articles
    repeat weighs once unless ``all_copies``."""
    limit = max(1, min(limit, MAX_GRAPH_NODES))
    edges = [
        *_cooccurrence_edges(connection, key, limit),
        *_quote_edges(connection, key, limit, all_copies=all_copies),
        *_event_edges(connection, key, limit, all_copies=all_copies),
    ]
    neighbours = _strongest_neighbours(key, edges, limit)
    kept = [e for e in edges if e.source in neighbours or e.target in neighbours]
    nodes = _nodes(connection, [key, *sorted(neighbours, key=lambda k: (k.type, k.name))])
    return nodes, kept


def _strongest_neighbours(center: EntityKey, edges: Sequence[GraphEdge], limit: int) -> set[EntityKey]:
    strength: Counter[EntityKey] = Counter()
    for edge in edges:
        other = edge.target if edge.source == center else edge.source
        strength[other] += edge.weight
    return {k for k, _ in strength.most_common(limit)}


def _cooccurrence_edges(connection: Connection, key: EntityKey, limit: int) -> list[GraphEdge]:
    center, other = entities.alias("center"), entities.alias("other")
    shared = func.count(distinct(other.c.article_id)).label("weight")
    query = (
        select(other.c.name, other.c.type, shared)
        .join(other, other.c.article_id == center.c.article_id)
        .where(is_entity(center, key), ~is_entity(other, key))
        .group_by(other.c.name, other.c.type)
        .order_by(shared.desc(), other.c.name)
        .limit(limit)
    )
    return [
        GraphEdge(key, EntityKey(row.type, row.name), "cooccurrence", int(row.weight))
        for row in connection.execute(query)
    ]


def _quote_pairs(*, all_copies: bool) -> tuple[Any, Any, Select[Any]]:
    """(speaker, subject, query joining quotes to the entities speaking and mentioned);
    without the quotes near-duplicate articles repeat unless ``all_copies``."""
    speaker, subject = entities.alias("speaker"), entities.alias("subject")
    weight = func.count(distinct(quotes.c.article_id + "\x1f" + quotes.c.id)).label("weight")
    query = (
        select(speaker.c.name, speaker.c.type, subject.c.name, subject.c.type, weight)
        .join(speaker, same_entity(speaker, quotes.c.article_id, quotes.c.speaker_entity_id))
        .join(
            mentions,
            and_(
                mentions.c.article_id == quotes.c.article_id,
                mentions.c.start >= quotes.c.start,
                mentions.c.end <= quotes.c.end,
            ),
        )
        .join(subject, same_entity(subject, mentions.c.article_id, mentions.c.entity_id))
        .where(subject.c.id != speaker.c.id)
        .group_by(speaker.c.name, speaker.c.type, subject.c.name, subject.c.type)
        .order_by(weight.desc())
    )
    return speaker, subject, query if all_copies else query.where(distinct_quotes())


def _quote_edges(connection: Connection, key: EntityKey, limit: int, *, all_copies: bool) -> list[GraphEdge]:
    speaker, subject, query = _quote_pairs(all_copies=all_copies)
    condition = or_(is_entity(speaker, key), is_entity(subject, key))
    return [
        GraphEdge(EntityKey(row[1], row[0]), EntityKey(row[3], row[2]), "about", int(row.weight))
        for row in connection.execute(query.where(condition).limit(2 * limit))
    ]


def _event_pairs(*, all_copies: bool, each_pair_once: bool = False) -> tuple[Any, Any, Select[Any]]:
    """(first, second, query pairing the entities taking part in one event: source with
    target, and two actors of one role both ways, or once in name order if
    ``each_pair_once``); without the events near-duplicate articles repeat unless
    ``all_copies``."""
    one, two = event_actors.alias("one"), event_actors.alias("two")
    first, second = entities.alias("first"), entities.alias("second")
    weight = func.count(distinct(one.c.article_id + "\x1f" + one.c.event_id)).label("weight")
    query = (
        select(first.c.name, first.c.type, second.c.name, second.c.type, weight)
        .join(two, and_(two.c.article_id == one.c.article_id, two.c.event_id == one.c.event_id))
        .join(first, and_(first.c.article_id == one.c.article_id, first.c.id == one.c.entity_id))
        .join(second, and_(second.c.article_id == two.c.article_id, second.c.id == two.c.entity_id))
        .where(first.c.id != second.c.id, one.c.role <= two.c.role)
        .group_by(first.c.name, first.c.type, second.c.name, second.c.type)
        .order_by(weight.desc())
    )
    if each_pair_once:  # a source sorting after its target is kept all the same
        query = query.where(or_(one.c.role < two.c.role,
                                tuple_(first.c.name, first.c.type) < tuple_(second.c.name, second.c.type)))
    if not all_copies:
        copy = event_copies.c
        query = query.where(
            ~exists().where(copy.article_id == one.c.article_id, copy.event_id == one.c.event_id)
        )
    return first, second, query


def _event_edges(connection: Connection, key: EntityKey, limit: int, *, all_copies: bool) -> list[GraphEdge]:
    first, _second, query = _event_pairs(all_copies=all_copies)
    edges = []
    for row in connection.execute(query.where(is_entity(first, key)).limit(limit)):
        edges.append(GraphEdge(key, EntityKey(row[3], row[2]), "event", int(row.weight)))
    return _merge_duplicates(edges)


def _merge_duplicates(edges: Sequence[GraphEdge]) -> list[GraphEdge]:
    weights: Counter[tuple[EntityKey, EntityKey, EdgeKind]] = Counter()
    for edge in edges:
        weights[(edge.source, edge.target, edge.kind)] += edge.weight
    return [GraphEdge(s, t, kind, w) for (s, t, kind), w in weights.items()]


def _nodes(connection: Connection, keys: Sequence[EntityKey]) -> list[GraphNode]:
    if not keys:
        return []
    total = func.coalesce(func.sum(entities.c.mention_count), 0)
    query = (
        select(entities.c.name, entities.c.type, total)
        .where(tuple_(entities.c.name, entities.c.type).in_([(k.name, k.type) for k in keys]))
        .group_by(entities.c.name, entities.c.type)
    )
    counts = {EntityKey(row[1], row[0]): int(row[2]) for row in connection.execute(query)}
    exported = export_nodes(connection, keys)
    return [GraphNode(k, counts.get(k, 0), exported.get(k, (k.node_id,))) for k in keys]


def export_nodes(connection: Connection, keys: Sequence[EntityKey]) -> dict[EntityKey, tuple[str, ...]]:
    """For each key, the graph exports' node ids of its in-article entities: the corpus
    entity of each linked one (``c_…``), ``TYPE:name`` for one not linked (before
    ``resolve``, or saved since), as :func:`newsgraph.analysis.keys.entity_key` keys them."""
    if not keys:
        return {}
    link = entity_links.c
    query = (
        select(entities.c.name, entities.c.type, link.corpus_entity_id)
        .outerjoin(
            entity_links, and_(link.article_id == entities.c.article_id, link.entity_id == entities.c.id)
        )
        .where(tuple_(entities.c.name, entities.c.type).in_([(k.name, k.type) for k in keys]))
        .distinct()
    )
    found: dict[EntityKey, set[str]] = {}
    for name, entity_type, corpus_id in connection.execute(query):
        key = EntityKey(entity_type, name)
        found.setdefault(key, set()).add(corpus_id or key.node_id)
    return {key: tuple(sorted(ids)) for key, ids in found.items()}


def overview(
    connection: Connection, *, limit: int = 40, type: str | None = None, all_copies: bool = False
) -> tuple[list[GraphNode], list[GraphEdge]]:
    """The most mentioned entities and the weighted edges among them (a quote or event
    near-duplicate articles repeat weighs once unless ``all_copies``)."""
    top, _total = list_article_entities(connection, type=type, limit=max(1, min(limit, MAX_GRAPH_NODES)))
    keys = [EntityKey(row.type, row.name) for row in top]
    exported = export_nodes(connection, keys)
    nodes = [
        GraphNode(key, row.mentions, exported.get(key, (key.node_id,)))
        for key, row in zip(keys, top, strict=True)
    ]
    if len(keys) < 2:
        return nodes, []
    pairs = [(k.name, k.type) for k in keys]
    edges = [
        *_overview_cooccurrence(connection, pairs),
        *_overview_quotes(connection, pairs, all_copies=all_copies),
        *_overview_events(connection, pairs, all_copies=all_copies),
    ]
    return nodes, edges


def _overview_cooccurrence(connection: Connection, pairs: list[tuple[str, str]]) -> list[GraphEdge]:
    one, two = entities.alias("one"), entities.alias("two")
    weight = func.count(distinct(one.c.article_id)).label("weight")
    query = (
        select(one.c.name, one.c.type, two.c.name, two.c.type, weight)
        .join(two, two.c.article_id == one.c.article_id)
        .where(
            tuple_(one.c.name, one.c.type).in_(pairs),
            tuple_(two.c.name, two.c.type).in_(pairs),
            tuple_(one.c.name, one.c.type) < tuple_(two.c.name, two.c.type),
        )
        .group_by(one.c.name, one.c.type, two.c.name, two.c.type)
        .order_by(weight.desc())
        .limit(MAX_GRAPH_NODES * 10)
    )
    return [
        GraphEdge(EntityKey(row[1], row[0]), EntityKey(row[3], row[2]), "cooccurrence", int(row.weight))
        for row in connection.execute(query)
    ]


def _overview_quotes(
    connection: Connection, pairs: list[tuple[str, str]], *, all_copies: bool
) -> list[GraphEdge]:
    speaker, subject, query = _quote_pairs(all_copies=all_copies)
    query = query.where(
        tuple_(speaker.c.name, speaker.c.type).in_(pairs), tuple_(subject.c.name, subject.c.type).in_(pairs)
    ).limit(MAX_GRAPH_NODES * 10)
    return [
        GraphEdge(EntityKey(row[1], row[0]), EntityKey(row[3], row[2]), "about", int(row.weight))
        for row in connection.execute(query)
    ]


def _overview_events(
    connection: Connection, pairs: list[tuple[str, str]], *, all_copies: bool
) -> list[GraphEdge]:
    first, second, query = _event_pairs(all_copies=all_copies, each_pair_once=True)
    query = query.where(
        tuple_(first.c.name, first.c.type).in_(pairs), tuple_(second.c.name, second.c.type).in_(pairs)
    ).limit(MAX_GRAPH_NODES * 10)
    return [
        GraphEdge(EntityKey(row[1], row[0]), EntityKey(row[3], row[2]), "event", int(row.weight))
        for row in connection.execute(query)
    ]

