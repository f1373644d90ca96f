"""Corpus entities in the database: writing a resolution, reading entity pages and graphs.

The tables (revision 0002, :mod:`newsgraph.store.schema`) are written only by
:func:`replace_corpus_entities` (called by ``newsgraph.resolve``) and
:func:`add_judgement`; everything else reads.  All functions take an open connection
inside a transaction; :class:`~newsgraph.store.Store` wraps them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Column,
    ColumnElement,
    Connection,
    Index,
    Integer,
    MetaData,
    Row,
    Select,
    String,
    Table,
    Text,
    and_,
    case,
    delete,
    func,
    insert,
    literal,
    or_,
    select,
    text,
    update,
)

from newsgraph.names import name_key, place_key
from newsgraph.store.actors import refresh_actor_nodes
from newsgraph.store.duplicates import distinct_quotes
from newsgraph.store.nodes import refresh_network_nodes
from newsgraph.store.records import CorpusEntityRecord, JudgementRecord, Neighbour, TimelinePoint
from newsgraph.store.schema import (
    articles,
    corpus_entities,
    corpus_entity_names,
    entities,
    entity_edges,
    entity_links,
    entity_months,
    entity_quotes,
    event_actors,
    events,
    judgements,
    mentions,
    quotes,
)
from newsgraph.store.speakers import joint_speakers, refresh_quote_sources

# What a resolution replaces, children first.
REPLACED_TABLES = (
    entity_quotes,
    entity_months,
    entity_edges,
    entity_links,
    corpus_entity_names,
    corpus_entities,
)
EDGE_KINDS = ("cooccurrence", "quotes", "quoted_by", "acts_on", "acted_on_by")
GRANULARITIES = {"year": 4, "month": 7, "day": 10}
_ROWS_PER_INSERT = 5_000
RESOLVE_WORK_MEM = "256MB"  # PostgreSQL memory per sort or hash while resolving
WRITE_STEPS = 5  # the steps replace_corpus_entities tells its ``progress`` (tests check it)

# Where a resolution says which corpus entity each (name, type) belongs to; filled and
# emptied inside the resolving transaction, then joined to `entities` in SQL.
_scratch = MetaData()
resolved_names = Table(
    "newsgraph_resolved_names",
    _scratch,
    Column("name", Text, nullable=False),
    Column("type", String(32), nullable=False),
    Column("corpus_entity_id", String(64), nullable=False),
    Column("id", Integer, primary_key=True),
    Index("ix_newsgraph_resolved_names", "name", "type"),
    prefixes=["TEMPORARY"],
)


@dataclass(frozen=True, slots=True)
class EntityRow:
    """One in-article entity, as resolution reads it."""

    name: str
    type: str
    aliases: list[str]
    descriptors: list[str]
    gender: str
    mention_count: int


@dataclass(frozen=True, slots=True)
class ResolvedEntity:
    """What resolution writes for one corpus entity."""

    id: str
    anchor: str
    name: str
    type: str
    gender: str
    aliases: list[str]
    descriptors: list[str]
    gazetteer_id: str | None
    members: list[tuple[str, str]]  # the (name, type) of every in-article entity it gathers
    keys: list[tuple[str, str]]  # (name key, name) of every name and alias, for lookups


# --- writing ------------------------------------------------------------------------------


def iter_entity_rows(connection: Connection) -> Iterator[EntityRow]:
    query = select(
        entities.c.name,
        entities.c.type,
        entities.c.aliases,
        entities.c.descriptors,
        entities.c.gender,
        entities.c.mention_count,
    )
    for row in connection.execute(query.execution_options(yield_per=10_000)):
        yield EntityRow(row.name, row.type, row.aliases, row.descriptors, row.gender, row.mention_count)


def replace_corpus_entities(
    connection: Connection,
    resolved: Sequence[ResolvedEntity],
    *,
    progress: Callable[[str], None] | None = None,
) -> None:
    """Replace every corpus entity, link, name and edge (one transaction: the caller's);
    ``progress`` is told each step as it starts."""
    say = progress or (lambda step: None)
    if connection.dialect.name == "postgresql":  # the pair aggregations sort millions of rows
        connection.execute(text(f"SET LOCAL work_mem = '{RESOLVE_WORK_MEM}'"))
    say(f"writing {len(resolved)} corpus entities")
    for table in REPLACED_TABLES:
        connection.execute(delete(table))
    _insert_chunked(connection, corpus_entities, [_entity_row(e) for e in resolved])
    names = [
        {"corpus_entity_id": e.id, "key": key, "name": name}
        for e in resolved
        for key, name in dict(e.keys).items()
    ]
    _insert_chunked(connection, corpus_entity_names, names)
    say("linking in-article entities")
    _link_entities(connection, resolved)
    _analyze(connection, entity_links.name)  # the pair queries below are planned on its size
    say("counting articles and mentions per entity")
    _update_counts(connection)
    say("building graph edges")
    _insert_edges(connection)
    say("materialising entity quotes, quote sources, actor and article nodes, monthly counts")
    _insert_entity_quotes(connection)
    refresh_quote_sources(connection)  # the speaking nodes follow the new links
    refresh_actor_nodes(connection)  # so do the actors'
    refresh_network_nodes(connection)  # and the networks' nodes
    _insert_entity_months(connection)


def _analyze(connection: Connection, table: str) -> None:
    """PostgreSQL: statistics of a table just filled in this transaction (names from the
    schema only), so that the joins over millions of rows are not planned for a few."""
    if connection.dialect.name == "postgresql":
        connection.execute(text(f'ANALYZE "{table}"'))


def _entity_row(entity: ResolvedEntity) -> dict[str, Any]:
    return {
        "id": entity.id,
        "anchor": entity.anchor,
        "name": entity.name,
        "type": entity.type,
        "gender": entity.gender,
        "aliases": entity.aliases,
        "descriptors": entity.descriptors,
        "gazetteer_id": entity.gazetteer_id,
        "article_count": 0,
        "mention_count": 0,
    }


def _insert_chunked(connection: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), _ROWS_PER_INSERT):
        connection.execute(insert(table), rows[start : start + _ROWS_PER_INSERT])


def _link_entities(connection: Connection, resolved: Sequence[ResolvedEntity]) -> None:
    resolved_names.create(connection)
    try:
        rows = [
            {"name": name, "type": entity_type, "corpus_entity_id": e.id}
            for e in resolved
            for name, entity_type in e.members
        ]
        _insert_chunked(connection, resolved_names, rows)
        _analyze(connection, resolved_names.name)  # never analysed automatically (temporary)
        chosen = (
            select(
                entities.c.article_id,
                entities.c.id,
                resolved_names.c.corpus_entity_id,
                articles.c.date_value,
                entities.c.mention_count,
            )
            .join(
                resolved_names,
                and_(resolved_names.c.name == entities.c.name, resolved_names.c.type == entities.c.type),
            )
            .join(articles, articles.c.id == entities.c.article_id)
        )
        columns = ["article_id", "entity_id", "corpus_entity_id", "article_date", "mention_count"]
        connection.execute(insert(entity_links).from_select(columns, chosen))
    finally:
        resolved_names.drop(connection)


def _update_counts(connection: Connection) -> None:
    def of_links(aggregate: Any) -> Any:
        return (
            select(aggregate).where(entity_links.c.corpus_entity_id == corpus_entities.c.id).scalar_subquery()
        )

    connection.execute(
        update(corpus_entities).values(
            article_count=func.coalesce(of_links(func.count(entity_links.c.article_id.distinct())), 0),
            mention_count=func.coalesce(of_links(func.sum(entity_links.c.mention_count)), 0),
            first_date=of_links(func.min(entity_links.c.article_date)),
            last_date=of_links(func.max(entity_links.c.article_date)),
        )
    )


def _insert_edges(connection: Connection) -> None:
    columns = ["source_id", "target_id", "kind", "weight"]
    for kind, reverse, pairs in (
        ("cooccurrence", None, _cooccurrence_pairs()),
        ("quotes", "quoted_by", _quote_pairs()),
        ("acts_on", "acted_on_by", _event_pairs()),
    ):
        pairs = pairs.subquery()
        weight = func.count().label("weight")
        forward = select(pairs.c.source, pairs.c.target, literal(kind), weight).group_by(
            pairs.c.source, pairs.c.target
        )
        connection.execute(insert(entity_edges).from_select(columns, forward))
        if reverse is not None:
            backward = select(pairs.c.target, pairs.c.source, literal(reverse), weight).group_by(
                pairs.c.target, pairs.c.source
            )
            connection.execute(insert(entity_edges).from_select(columns, backward))


_QUOTE_COLUMNS = ["corpus_entity_id", "role", "article_id", "quote_id", "article_date", "position"]


def _insert_entity_quotes(connection: Connection) -> None:
    """Who speaks each quote ("by": its speaker, or each person of a joint speaker) and who
    is mentioned inside it ("about"), per corpus entity."""
    link = entity_links
    people = joint_speakers()
    spoken = quotes.join(
        link, and_(link.c.article_id == quotes.c.article_id, link.c.entity_id == quotes.c.speaker_entity_id)
    )
    spoken_jointly = quotes.join(
        people, and_(people.c.article_id == quotes.c.article_id, people.c.quote_id == quotes.c.id)
    ).join(link, and_(link.c.article_id == people.c.article_id, link.c.entity_id == people.c.entity_id))
    mentioned = quotes.join(
        mentions,
        and_(
            mentions.c.article_id == quotes.c.article_id,
            mentions.c.start >= quotes.c.start,
            mentions.c.end <= quotes.c.end,
        ),
    ).join(link, and_(link.c.article_id == mentions.c.article_id, link.c.entity_id == mentions.c.entity_id))
    for role, joined in (("by", spoken), ("by", spoken_jointly), ("about", mentioned)):
        columns = (
            link.c.corpus_entity_id,
            literal(role),
            quotes.c.article_id,
            quotes.c.id,
            link.c.article_date,
            quotes.c.position,
        )
        chosen = select(*columns).select_from(joined).group_by(*columns[:1], *columns[2:])
        connection.execute(insert(entity_quotes).from_select(_QUOTE_COLUMNS, chosen))


def _month_of(date_column: Any) -> Any:
    """"YYYY-MM" of a day or month date; year and decade dates as they are."""
    return case((func.length(date_column) >= 7, func.substr(date_column, 1, 7)), else_=date_column)


def _insert_entity_months(connection: Connection) -> None:
    period = _month_of(entity_links.c.article_date)
    per_month = (
        select(
            entity_links.c.corpus_entity_id,
            period,
            func.count(entity_links.c.article_id.distinct()),
            func.sum(entity_links.c.mention_count),
        )
        .where(entity_links.c.article_date.is_not(None))
        .group_by(entity_links.c.corpus_entity_id, period)
    )
    columns = ["corpus_entity_id", "period", "articles", "mentions"]
    connection.execute(insert(entity_months).from_select(columns, per_month))


def _cooccurrence_pairs() -> Any:
    """(source, target) once per article where both occur: the article's distinct corpus
    entities first (two in-article entities may be one corpus entity), then their pairs."""
    present = (
        select(entity_links.c.article_id, entity_links.c.corpus_entity_id).distinct().cte("present")
    )
    one, other = present.alias("one"), present.alias("other")
    return (
        select(one.c.corpus_entity_id.label("source"), other.c.corpus_entity_id.label("target"))
        .join(other, other.c.article_id == one.c.article_id)
        .where(one.c.corpus_entity_id != other.c.corpus_entity_id)
    )


def _quote_pairs() -> Any:
    speaker, about = entity_links.alias("speaker"), entity_links.alias("about")
    return (
        select(speaker.c.corpus_entity_id.label("source"), about.c.corpus_entity_id.label("target"))
        .select_from(quotes)
        .join(
            speaker,
            and_(
                speaker.c.article_id == quotes.c.article_id, speaker.c.entity_id == quotes.c.speaker_entity_id
            ),
        )
        .join(
            mentions,
            and_(
                mentions.c.article_id == quotes.c.article_id,
                mentions.c.start >= quotes.c.start,
                mentions.c.end <= quotes.c.end,
            ),
        )
        .join(
            about,
            and_(about.c.article_id == mentions.c.article_id, about.c.entity_id == mentions.c.entity_id),
        )
        .where(speaker.c.corpus_entity_id != about.c.corpus_entity_id)
        .group_by(quotes.c.article_id, quotes.c.id, speaker.c.corpus_entity_id, about.c.corpus_entity_id)
    )


def _event_pairs() -> Any:
    source, target = event_actors.alias("source_actor"), event_actors.alias("target_actor")
    source_link, target_link = entity_links.alias("source_link"), entity_links.alias("target_link")
    return (
        select(source_link.c.corpus_entity_id.label("source"), target_link.c.corpus_entity_id.label("target"))
        .select_from(source)
        .join(
            target,
            and_(
                target.c.article_id == source.c.article_id,
                target.c.event_id == source.c.event_id,
                target.c.role == "target",
            ),
        )
        .join(
            source_link,
            and_(
                source_link.c.article_id == source.c.article_id, source_link.c.entity_id == source.c.entity_id
            ),
        )
        .join(
            target_link,
            and_(
                target_link.c.article_id == target.c.article_id, target_link.c.entity_id == target.c.entity_id
            ),
        )
        .where(source.c.role == "source", source_link.c.corpus_entity_id != target_link.c.corpus_entity_id)
        .group_by(
            source.c.article_id,
            source.c.event_id,
            source_link.c.corpus_entity_id,
            target_link.c.corpus_entity_id,
        )
    )


def existing_entity_names(connection: Connection, names: Sequence[str]) -> set[str]:
    """Which of ``names`` are names of in-article entities."""
    query = select(entities.c.name).where(entities.c.name.in_(list(names))).distinct()
    return set(connection.execute(query).scalars())


# --- judgements ---------------------------------------------------------------------------


def add_judgement(
    connection: Connection, *, action: str, subject: str, object: str | None, author: str, note: str | None
) -> int:
    values = {
        "action": action,
        "subject": subject,
        "object": object,
        "author": author,
        "created_at": datetime.now(UTC),
        "note": note,
    }
    result = connection.execute(insert(judgements).values(**values).returning(judgements.c.id))
    return int(result.scalar_one())


def list_judgements(connection: Connection) -> list[JudgementRecord]:
    rows = connection.execute(select(judgements).order_by(judgements.c.id)).all()
    return [
        JudgementRecord(r.id, r.action, r.subject, r.object, r.author, r.created_at, r.note) for r in rows
    ]


# --- reading ------------------------------------------------------------------------------


def _record(row: Row[Any]) -> CorpusEntityRecord:
    return CorpusEntityRecord(
        id=row.id,
        name=row.name,
        type=row.type,
        gender=row.gender,
        aliases=tuple(row.aliases),
        descriptors=tuple(row.descriptors),
        article_count=row.article_count,
        mention_count=row.mention_count,
        first_date=row.first_date,
        last_date=row.last_date,
        gazetteer_id=row.gazetteer_id,
        anchor=row.anchor,
    )


def list_corpus_entities(
    connection: Connection, *, type: str | None, limit: int, offset: int
) -> list[CorpusEntityRecord]:
    query = (
        select(corpus_entities)
        .order_by(corpus_entities.c.mention_count.desc(), corpus_entities.c.id)
        .limit(limit)
        .offset(offset)
    )
    if type is not None:
        query = query.where(corpus_entities.c.type == type.upper())
    return [_record(row) for row in connection.execute(query)]


def get_corpus_entity(connection: Connection, entity_id: str) -> CorpusEntityRecord | None:
    row = connection.execute(select(corpus_entities).where(corpus_entities.c.id == entity_id)).first()
    return _record(row) if row is not None else None


def corpus_entities_by_ids(connection: Connection, ids: Sequence[str]) -> list[CorpusEntityRecord]:
    """The corpus entities of ``ids`` that exist, in id order (queried in chunks)."""
    found: list[CorpusEntityRecord] = []
    unique = sorted(set(ids))
    for start in range(0, len(unique), _IDS_PER_QUERY):
        chunk = unique[start : start + _IDS_PER_QUERY]
        query = select(corpus_entities).where(corpus_entities.c.id.in_(chunk)).order_by(corpus_entities.c.id)
        found.extend(_record(row) for row in connection.execute(query))
    return found


_IDS_PER_QUERY = 500  # bound parameters of one IN list


def corpus_entities_by_keys(
    connection: Connection, keys: Sequence[str], *, limit: int
) -> list[CorpusEntityRecord]:
    """Entities one of whose names or aliases has one of these name keys, most mentioned first."""
    ids = select(corpus_entity_names.c.corpus_entity_id).where(corpus_entity_names.c.key.in_(list(keys)))
    query = (
        select(corpus_entities)
        .where(corpus_entities.c.id.in_(ids))
        .order_by(corpus_entities.c.mention_count.desc(), corpus_entities.c.id)
        .limit(limit)
    )
    return [_record(row) for row in connection.execute(query)]


def ids_named_like(keys: Sequence[str]) -> Select[Any]:
    """Ids of the corpus entities one of whose names or aliases (as resolution stored them,
    :func:`newsgraph.names.name_key` of each) contains one of ``keys``: the key of a
    part of a name finds the entity under any of its spellings, in any language, whatever
    the accents ("putin" finds Vladimir Poutine)."""
    names = corpus_entity_names.c
    return select(names.corpus_entity_id).where(
        or_(*(names.key.contains(key, autoescape=True) for key in keys))
    )


def name_keys(name: str) -> list[str]:
    """The keys a name is looked up by among resolved names (``corpus_entity_names.key``):
    its name key, and its place key without a leading article ("l'ONU" -> "onu")."""
    return sorted({name_key(name), place_key(name)} - {""})


def actor_named(part: str) -> ColumnElement[bool]:
    """Condition on ``events``: a source or target whose name contains ``part`` (any case),
    or who is linked to a corpus entity with a name containing it in any spelling
    (:func:`ids_named_like` of its :func:`name_keys`) — so ``Putin`` also finds the events
    of « Vladimir Poutine » once the store is resolved."""
    keys = name_keys(part)
    matches = [event_actors.c.name.icontains(part, autoescape=True)]
    if keys:
        linked = select(entity_links.c.entity_id).where(
            entity_links.c.article_id == event_actors.c.article_id,
            entity_links.c.entity_id == event_actors.c.entity_id,
            entity_links.c.corpus_entity_id.in_(ids_named_like(keys)),
        )
        matches.append(linked.exists())
    return (
        select(event_actors.c.event_id)
        .where(
            event_actors.c.article_id == events.c.article_id,
            event_actors.c.event_id == events.c.id,
            or_(*matches),
        )
        .exists()
    )


def entity_timeline(connection: Connection, entity_id: str, *, granularity: str) -> list[TimelinePoint]:
    """Articles and mentions per period (undated articles are left out), oldest first.

    Months and years come from ``entity_months`` (one row per month: an index range
    however often the entity is mentioned); days from ``entity_links``."""
    if granularity not in GRANULARITIES:
        raise ValueError(f"granularity must be one of {', '.join(GRANULARITIES)}, got {granularity!r}")
    if granularity == "day":
        return _daily_timeline(connection, entity_id)
    months = entity_months
    if granularity == "month":
        query = (
            select(months.c.period, months.c.articles, months.c.mentions)
            .where(months.c.corpus_entity_id == entity_id, func.length(months.c.period) == 7)
            .order_by(months.c.period)
        )
    else:
        year = func.substr(months.c.period, 1, 4).label("period")
        query = (
            select(
                year,
                func.sum(months.c.articles).label("articles"),
                func.sum(months.c.mentions).label("mentions"),
            )
            .where(months.c.corpus_entity_id == entity_id)
            .group_by(year)
            .order_by(year)
        )
    return [TimelinePoint(r.period, int(r.articles), int(r.mentions or 0)) for r in connection.execute(query)]


def _daily_timeline(connection: Connection, entity_id: str) -> list[TimelinePoint]:
    period = func.substr(entity_links.c.article_date, 1, GRANULARITIES["day"]).label("period")
    query = (
        select(
            period,
            func.count(entity_links.c.article_id.distinct()).label("articles"),
            func.sum(entity_links.c.mention_count).label("mentions"),
        )
        .where(
            entity_links.c.corpus_entity_id == entity_id,
            func.length(entity_links.c.article_date) >= GRANULARITIES["day"],
        )
        .group_by(period)
        .order_by(period)
    )
    return [TimelinePoint(r.period, int(r.articles), int(r.mentions or 0)) for r in connection.execute(query)]


def entity_neighbours(
    connection: Connection, entity_id: str, *, kinds: Sequence[str] | None, limit: int
) -> list[Neighbour]:
    """The entity's heaviest edges (all kinds, or ``kinds``), heaviest first."""
    unknown = set(kinds or ()) - set(EDGE_KINDS)
    if unknown:
        raise ValueError(f"unknown edge kind(s) {sorted(unknown)}; kinds are {', '.join(EDGE_KINDS)}")
    query = (
        select(
            entity_edges.c.target_id,
            entity_edges.c.kind,
            entity_edges.c.weight,
            corpus_entities.c.name,
            corpus_entities.c.type,
        )
        .join(corpus_entities, corpus_entities.c.id == entity_edges.c.target_id)
        .where(entity_edges.c.source_id == entity_id)
        .order_by(entity_edges.c.weight.desc(), entity_edges.c.target_id, entity_edges.c.kind)
        .limit(limit)
    )
    if kinds:
        query = query.where(entity_edges.c.kind.in_(list(kinds)))
    return [Neighbour(r.target_id, r.name, r.type, r.kind, int(r.weight)) for r in connection.execute(query)]


def entity_article_ids(connection: Connection, entity_id: str, *, limit: int) -> list[str]:
    """The entity's articles, newest first (undated ones last)."""
    ids: list[str] = []
    for rows in _links_newest_first(connection, entity_id, limit=limit):
        ids.extend(row.article_id for row in rows if row.article_id not in ids)
        if len(ids) >= limit:
            break
    return ids[:limit]


def _links_newest_first(connection: Connection, entity_id: str, *, limit: int) -> Iterator[list[Row[Any]]]:
    """The entity's links, dated newest first, then undated, in pages walked along
    ``ix_entity_links_corpus_date`` (no sort of all the entity's links)."""
    dated = (
        select(entity_links.c.article_id)
        .where(entity_links.c.corpus_entity_id == entity_id, entity_links.c.article_date.is_not(None))
        .order_by(entity_links.c.article_date.desc(), entity_links.c.article_id.desc())
    )
    undated = (
        select(entity_links.c.article_id)
        .where(entity_links.c.corpus_entity_id == entity_id, entity_links.c.article_date.is_(None))
        .order_by(entity_links.c.article_id)
    )
    for query in (dated, undated):
        offset, page = 0, max(limit * 2, 20)
        while True:
            rows = list(connection.execute(query.limit(page).offset(offset)).all())
            yield rows
            if len(rows) < page:
                break
            offset += page


def entity_quote_rows(
    connection: Connection, entity_id: str, *, role: str, limit: int, all_copies: bool = False
) -> list[Row[Any]]:
    """Quotes said by the entity (``role="by"``) or mentioning it (``"about"``), newest
    article first (undated last); a quote repeated by near-duplicate articles once unless
    ``all_copies``."""
    if role not in ("by", "about"):
        raise ValueError(f"role must be 'by' or 'about', got {role!r}")
    found: list[Row[Any]] = []
    seen: set[tuple[str, str]] = set()
    for dated in (True, False):
        query = _quotes_query(entity_id, role=role, dated=dated)
        if not all_copies:
            query = query.where(distinct_quotes())
        for row in connection.execute(query.limit(limit * 2)):
            if (row.article_id, row.id) not in seen:
                seen.add((row.article_id, row.id))
                found.append(row)
        if len(found) >= limit:
            break
    return found[:limit]


def _quotes_query(entity_id: str, *, role: str, dated: bool) -> Any:
    """The entity's quotes from ``entity_quotes`` (materialised at resolution): an index range
    on (entity, role, date), newest first, whatever the number of the entity's articles."""
    chosen = entity_quotes
    date_known = chosen.c.article_date.is_not(None) if dated else chosen.c.article_date.is_(None)
    joined = chosen.join(
        quotes, and_(quotes.c.article_id == chosen.c.article_id, quotes.c.id == chosen.c.quote_id)
    ).join(articles, articles.c.id == chosen.c.article_id)
    return (
        select(
            quotes,
            articles.c.source.label("article_source"),
            articles.c.date_value.label("article_date_value"),
            articles.c.date_precision.label("article_date_precision"),
        )
        .select_from(joined)
        .where(chosen.c.corpus_entity_id == entity_id, chosen.c.role == role, date_known)
        .order_by(chosen.c.article_date.desc(), chosen.c.article_id.desc(), chosen.c.position)
    )
