"""The API's read queries beyond :class:`~newsgraph.store.Store`'s (SQLAlchemy Core).

Every value is a bound parameter, every query has a bounded ``LIMIT``.  Entity detail,
quotes, events, timelines and graphs name an entity by an in-article ``(name, type)``
aggregated across articles (:class:`EntityKey`, ``TYPE:name``); the entity listing
(:func:`list_entities`) gives the corpus entities of cross-document resolution, each with
the in-article names it gathers.

Dates are stored as ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` strings, which sort in
time order; a range ``[date_from, date_to]`` keeps every value that starts inside it
(``date_to="2023-09"`` keeps ``2023-09-30``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    and_,
    case,
    cast,
    distinct,
    func,
    null,
    or_,
    select,
    tuple_,
    union_all,
)

from newsgraph.dates import comparable
from newsgraph.model import Event, Quote
from newsgraph.resolve.names import name_key
from newsgraph.store.duplicates import distinct_events, distinct_quotes
from newsgraph.store.rows import load_events, quote_from_row
from newsgraph.store.schema import (
    articles,
    corpus_entities,
    corpus_entity_names,
    entities,
    entity_links,
    event_actors,
    events,
    mentions,
    quotes,
)

MAX_PAGE = 200  # no page is longer than this
MAX_GRAPH_NODES = 100
MAX_LIST_ITEMS = 30  # aliases / descriptors returned per entity
_DATE_END = "~"  # sorts after every character of a stored date ("-", digits)

Granularity = Literal["year", "month", "day"]
_PERIOD_LENGTH: dict[str, int] = {"year": 4, "month": 7, "day": 10}


@dataclass(frozen=True, slots=True)
class EntityKey:
    type: str
    name: str

    @property
    def node_id(self) -> str:
        return f"{self.type}:{self.name}"


def _bounded(limit: int) -> int:
    return max(1, min(limit, MAX_PAGE))


def _count(connection: Connection, query: Select[Any]) -> int:
    counted = select(func.count()).select_from(query.order_by(None).limit(None).offset(None).subquery())
    return int(connection.scalar(counted) or 0)


def date_range(column: Any, date_from: str | None, date_to: str | None) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if date_from:
        conditions.append(column >= date_from)
    if date_to:
        conditions.append(column <= date_to + _DATE_END)
    return conditions


def _is_entity(table: Any, key: EntityKey) -> ColumnElement[bool]:
    return and_(table.c.name == key.name, table.c.type == key.type)


def _same_entity(table: Any, article_id: Any, entity_id: Any) -> ColumnElement[bool]:
    """Join condition: ``table`` (an alias of entities) is the entity of that article."""
    return and_(table.c.article_id == article_id, table.c.id == entity_id)


# --- articles ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ArticleRow:
    id: str
    source: str
    title: str | None
    outlet: str | None
    lang: str | None
    date: str | None
    url: str | None


def list_articles(
    connection: Connection,
    *,
    date_from: str | None = None,
    date_to: str | None = None,
    outlet: str | None = None,
    lang: str | None = None,
    limit: int = 20,
    offset: int = 0,
) -> tuple[list[ArticleRow], int]:
    """Articles, newest first, with the number of all that match."""
    query = select(*_article_columns()).where(*date_range(articles.c.date_value, date_from, date_to))
    if outlet:
        query = query.where(articles.c.outlet == outlet)
    if lang:
        query = query.where(articles.c.lang == lang)
    total = _count(connection, query)
    page = query.order_by(
        articles.c.date_value.desc().nulls_last(), articles.c.ingested_at.desc(), articles.c.id
    ).limit(_bounded(limit)).offset(offset)
    return [_article_row(row) for row in connection.execute(page)], total


def _article_columns() -> tuple[Any, ...]:
    c = articles.c
    return (c.id, c.source, c.title, c.outlet, c.lang, c.date_value, c.url)


def _article_row(row: Any) -> ArticleRow:
    return ArticleRow(row.id, row.source, row.title, row.outlet, row.lang, row.date_value, row.url)


def article_rows(connection: Connection, article_ids: Sequence[str]) -> dict[str, ArticleRow]:
    query = select(*_article_columns()).where(articles.c.id.in_(list(article_ids)[:MAX_PAGE]))
    return {row.id: _article_row(row) for row in connection.execute(query)}


# --- entities ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EntityRow:
    name: str
    type: str
    articles: int
    mentions: int
    aliases: tuple[str, ...] = ()
    descriptors: tuple[str, ...] = ()


def list_article_entities(
    connection: Connection,
    *,
    type: str | None = None,
    name_contains: str | None = None,
    limit: int = 20,
    offset: int = 0,
) -> tuple[list[EntityRow], int]:
    """In-article entities aggregated by (name, type), most mentioned first (the graph's
    nodes; the entity listing is :func:`list_entities`)."""
    articles_count = func.count(distinct(entities.c.article_id)).label("articles")
    mentions_count = func.coalesce(func.sum(entities.c.mention_count), 0).label("mentions")
    query = select(entities.c.name, entities.c.type, articles_count, mentions_count).group_by(
        entities.c.name, entities.c.type
    )
    if type:
        query = query.where(entities.c.type == type)
    if name_contains:
        query = query.where(entities.c.name.icontains(name_contains, autoescape=True))
    total = _count(connection, query)
    page = query.order_by(mentions_count.desc(), articles_count.desc(), entities.c.name, entities.c.type)
    groups = connection.execute(page.limit(_bounded(limit)).offset(offset)).all()
    keys = [EntityKey(g.type, g.name) for g in groups]
    lists = aliases_and_descriptors(connection, keys)
    rows = [
        EntityRow(g.name, g.type, int(g.articles), int(g.mentions), *lists[EntityKey(g.type, g.name)])
        for g in groups
    ]
    return rows, total


def aliases_and_descriptors(
    connection: Connection, keys: Sequence[EntityKey]
) -> dict[EntityKey, tuple[tuple[str, ...], tuple[str, ...]]]:
    """Aliases and descriptors of each entity, the most frequent across articles first."""
    counters: dict[EntityKey, tuple[Counter[str], Counter[str]]] = {k: (Counter(), Counter()) for k in keys}
    if keys:
        pairs = [(k.name, k.type) for k in keys]
        query = select(entities.c.name, entities.c.type, entities.c.aliases, entities.c.descriptors).where(
            tuple_(entities.c.name, entities.c.type).in_(pairs)
        ).limit(MAX_PAGE * 1000)
        for row in connection.execute(query):
            aliases, descriptors = counters[EntityKey(row.type, row.name)]
            aliases.update(dict.fromkeys(row.aliases, 1))
            descriptors.update(dict.fromkeys(row.descriptors, 1))
    return {
        key: (_most_common(aliases), _most_common(descriptors))
        for key, (aliases, descriptors) in counters.items()
    }


def _most_common(counter: Counter[str]) -> tuple[str, ...]:
    return tuple(item for item, _ in counter.most_common(MAX_LIST_ITEMS))


# --- the entity listing: corpus entities, and names not resolved yet ----------------------

MAX_LISTING = 10_000  # rows of one listing call (the API pages by at most MAX_PAGE)
_KEYS_PER_QUERY = 400


@dataclass(frozen=True, slots=True)
class NameVariant:
    """An in-article (name, type) a listed entity gathers, with its mentions."""

    name: str
    type: str
    mentions: int

    @property
    def key(self) -> EntityKey:
        return EntityKey(self.type, self.name)


@dataclass(frozen=True, slots=True)
class ListedEntity:
    id: str | None  # the corpus entity's id; None for an in-article name not resolved yet
    name: str
    type: str
    articles: int
    mentions: int
    aliases: tuple[str, ...]
    descriptors: tuple[str, ...]
    variants: tuple[NameVariant, ...]  # most mentioned first

    @property
    def page_key(self) -> EntityKey:
        """The in-article name the entity's detail (``/entities/{type}/{name}``) is read
        under: its most mentioned variant (a display name from the gazetteer, e.g. NATO,
        may be no article's name)."""
        return self.variants[0].key if self.variants else EntityKey(self.type, self.name)


@dataclass(frozen=True, slots=True)
class EntityListing:
    rows: list[ListedEntity]
    total: int
    unresolved: int  # of ``total``: in-article names that no corpus entity gathers yet


def list_entities(
    connection: Connection,
    *,
    type: str | None = None,
    name_contains: str | None = None,
    limit: int = 20,
    offset: int = 0,
) -> EntityListing:
    """Entities across articles, most mentioned first: the corpus entities of cross-document
    resolution (``newsgraph.resolve``) with their names, plus one row per (name, type) of the
    in-article entities no corpus entity gathers — all of them before resolution has run,
    those of articles stored since the last run after.  ``name_contains`` matches the name,
    an alias, or (folded, ``name_key``) any spelling of a corpus entity's names."""
    listing = union_all(
        _corpus_listing(type, name_contains), _unresolved_listing(type, name_contains)
    ).subquery("listing")
    total, resolved = connection.execute(select(func.count(), func.count(listing.c.id))).one()
    page = (
        select(listing)
        .order_by(listing.c.mentions.desc(), listing.c.articles.desc(), listing.c.name, listing.c.type,
                  listing.c.id)
        .limit(max(1, min(limit, MAX_LISTING)))
        .offset(offset)
    )
    rows = connection.execute(page).all()
    corpus_ids = [row.id for row in rows if row.id is not None]
    lists = _corpus_lists(connection, corpus_ids)
    variants = _corpus_variants(connection, corpus_ids)
    unresolved = _unresolved_lists(connection, [EntityKey(r.type, r.name) for r in rows if r.id is None])
    listed = [
        _listed(row, lists, variants) if row.id is not None else _listed_unresolved(row, unresolved)
        for row in rows
    ]
    return EntityListing(listed, int(total), int(total) - int(resolved))


def _corpus_listing(type: str | None, name_contains: str | None) -> Select[Any]:
    c = corpus_entities.c
    query = select(
        c.id.label("id"), c.name.label("name"), c.type.label("type"),
        c.article_count.label("articles"), c.mention_count.label("mentions"),
    )
    if type:
        query = query.where(c.type == type)
    if name_contains:
        query = query.where(_corpus_name_matches(name_contains))
    return query


def _corpus_name_matches(part: str) -> ColumnElement[bool]:
    names = corpus_entity_names.c
    matches = [names.name.icontains(part, autoescape=True)]
    folded = name_key(part)
    if folded:
        matches.append(names.key.contains(folded, autoescape=True))
    named = select(names.corpus_entity_id).where(
        names.corpus_entity_id == corpus_entities.c.id, or_(*matches)
    )
    return or_(corpus_entities.c.name.icontains(part, autoescape=True), named.exists())


def _unresolved_listing(type: str | None, name_contains: str | None) -> Select[Any]:
    linked = select(entity_links.c.entity_id).where(
        entity_links.c.article_id == entities.c.article_id, entity_links.c.entity_id == entities.c.id
    )
    query = (
        select(
            cast(null(), corpus_entities.c.id.type).label("id"), entities.c.name.label("name"),
            entities.c.type.label("type"), func.count(distinct(entities.c.article_id)).label("articles"),
            func.coalesce(func.sum(entities.c.mention_count), 0).label("mentions"),
        )
        .where(~linked.exists())
        .group_by(entities.c.name, entities.c.type)
    )
    if type:
        query = query.where(entities.c.type == type)
    if name_contains:
        query = query.where(entities.c.name.icontains(name_contains, autoescape=True))
    return query


def _corpus_lists(
    connection: Connection, ids: Sequence[str]
) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """Aliases and descriptors of corpus entities (as resolution ranked them)."""
    found: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
    for chunk in _chunks(ids):
        query = select(corpus_entities.c.id, corpus_entities.c.aliases, corpus_entities.c.descriptors).where(
            corpus_entities.c.id.in_(chunk)
        )
        for row in connection.execute(query):
            found[row.id] = (tuple(row.aliases[:MAX_LIST_ITEMS]), tuple(row.descriptors[:MAX_LIST_ITEMS]))
    return found


def _corpus_variants(connection: Connection, ids: Sequence[str]) -> dict[str, list[NameVariant]]:
    """The in-article names each corpus entity gathers, most mentioned first (at most
    MAX_LIST_ITEMS each)."""
    found: dict[str, list[NameVariant]] = {entity_id: [] for entity_id in ids}
    total = func.sum(entity_links.c.mention_count)
    for chunk in _chunks(ids):
        ranked = (
            select(
                entity_links.c.corpus_entity_id, entities.c.name, entities.c.type, total.label("mentions"),
                func.row_number()
                .over(
                    partition_by=entity_links.c.corpus_entity_id,
                    order_by=(total.desc(), entities.c.name, entities.c.type),
                )
                .label("rank"),
            )
            .join(entities, _same_entity(entities, entity_links.c.article_id, entity_links.c.entity_id))
            .where(entity_links.c.corpus_entity_id.in_(chunk))
            .group_by(entity_links.c.corpus_entity_id, entities.c.name, entities.c.type)
            .subquery()
        )
        query = select(ranked).where(ranked.c.rank <= MAX_LIST_ITEMS).order_by(
            ranked.c.corpus_entity_id, ranked.c.rank
        )
        for row in connection.execute(query):
            found[row.corpus_entity_id].append(NameVariant(row.name, row.type, int(row.mentions or 0)))
    return found


def _unresolved_lists(
    connection: Connection, keys: Sequence[EntityKey]
) -> dict[EntityKey, tuple[tuple[str, ...], tuple[str, ...]]]:
    found: dict[EntityKey, tuple[tuple[str, ...], tuple[str, ...]]] = {}
    for start in range(0, len(keys), _KEYS_PER_QUERY):
        found |= aliases_and_descriptors(connection, keys[start : start + _KEYS_PER_QUERY])
    return found


def _chunks(ids: Sequence[str]) -> list[list[str]]:
    return [list(ids[start : start + _KEYS_PER_QUERY]) for start in range(0, len(ids), _KEYS_PER_QUERY)]


def _listed(
    row: Any,
    lists: dict[str, tuple[tuple[str, ...], tuple[str, ...]]],
    variants: dict[str, list[NameVariant]],
) -> ListedEntity:
    aliases, descriptors = lists.get(row.id, ((), ()))
    return ListedEntity(
        row.id, row.name, row.type, int(row.articles), int(row.mentions), aliases, descriptors,
        tuple(variants.get(row.id, [])),
    )


def _listed_unresolved(
    row: Any, lists: dict[EntityKey, tuple[tuple[str, ...], tuple[str, ...]]]
) -> ListedEntity:
    aliases, descriptors = lists.get(EntityKey(row.type, row.name), ((), ()))
    mentions = int(row.mentions)
    return ListedEntity(
        None, row.name, row.type, int(row.articles), mentions, aliases, descriptors,
        (NameVariant(row.name, row.type, mentions),),
    )


@dataclass(frozen=True, slots=True)
class EntityDetail:
    key: EntityKey
    articles: int
    mentions: int
    aliases: tuple[str, ...]
    descriptors: tuple[str, ...]
    genders: tuple[str, ...]
    first_date: str | None
    last_date: str | None
    quotes_by: int
    quotes_about: int
    events: int


def entity_detail(connection: Connection, key: EntityKey, *, all_copies: bool = False) -> EntityDetail | None:
    """The entity's counts; quotes and events repeated by near-duplicates count once unless
    ``all_copies`` (newsgraph.store.duplicates)."""
    summary = connection.execute(
        select(
            func.count(distinct(entities.c.article_id)).label("articles"),
            func.coalesce(func.sum(entities.c.mention_count), 0).label("mentions"),
            func.min(articles.c.date_value).label("first"),
            func.max(articles.c.date_value).label("last"),
        )
        .join(articles, articles.c.id == entities.c.article_id)
        .where(_is_entity(entities, key))
    ).one()
    if not summary.articles:
        return None
    genders = connection.scalars(
        select(entities.c.gender)
        .distinct()
        .where(_is_entity(entities, key), entities.c.gender != "unknown")
        .limit(10)
    ).all()
    aliases, descriptors = aliases_and_descriptors(connection, [key])[key]
    return EntityDetail(
        key=key,
        articles=int(summary.articles),
        mentions=int(summary.mentions),
        aliases=aliases,
        descriptors=descriptors,
        genders=tuple(sorted(genders)),
        first_date=summary.first,
        last_date=summary.last,
        quotes_by=_count(connection, _quotes_by_query(key, all_copies=all_copies)),
        quotes_about=_count(connection, _quotes_about_query(key, all_copies=all_copies)),
        events=_count(connection, _events_query(entity=key, all_copies=all_copies)),
    )


def entity_articles(connection: Connection, key: EntityKey, *, limit: int = 20) -> list[ArticleRow]:
    query = (
        select(*_article_columns())
        .join(entities, entities.c.article_id == articles.c.id)
        .where(_is_entity(entities, key))
        .order_by(articles.c.date_value.desc().nulls_last(), articles.c.id)
        .limit(_bounded(limit))
    )
    return [_article_row(row) for row in connection.execute(query)]


# --- quotes ------------------------------------------------------------------------------

QuoteRole = Literal["by", "about"]


@dataclass(frozen=True, slots=True)
class QuoteHit:
    article_id: str
    article_title: str | None
    article_date: str | None
    quote: Quote


def _quote_columns() -> tuple[Any, ...]:
    return (
        *quotes.c,
        articles.c.title.label("article_title"),
        articles.c.date_value.label("article_date"),
    )


def _quotes_by_query(key: EntityKey, *, all_copies: bool = False) -> Select[Any]:
    speaker = entities.alias("speaker")
    query = (
        select(*_quote_columns())
        .join(articles, articles.c.id == quotes.c.article_id)
        .join(
            speaker,
            and_(speaker.c.article_id == quotes.c.article_id, speaker.c.id == quotes.c.speaker_entity_id),
        )
        .where(_is_entity(speaker, key))
    )
    return query if all_copies else query.where(distinct_quotes())


def _quotes_about_query(key: EntityKey, *, all_copies: bool = False) -> Select[Any]:
    """Quotes whose text mentions the entity."""
    subject = entities.alias("subject")
    mentioned = (
        select(mentions.c.article_id)
        .join(subject, _same_entity(subject, mentions.c.article_id, mentions.c.entity_id))
        .where(
            _is_entity(subject, key),
            mentions.c.article_id == quotes.c.article_id,
            mentions.c.start >= quotes.c.start,
            mentions.c.end <= quotes.c.end,
        )
        .exists()
    )
    query = select(*_quote_columns()).join(articles, articles.c.id == quotes.c.article_id).where(mentioned)
    return query if all_copies else query.where(distinct_quotes())


def entity_quotes(
    connection: Connection, key: EntityKey, *, role: QuoteRole, limit: int = 20, offset: int = 0,
    all_copies: bool = False,
) -> tuple[list[QuoteHit], int]:
    """Quotes said by the entity (its resolved speaker) or about it (mentioning it); a quote
    repeated by near-duplicate articles once unless ``all_copies``."""
    build = _quotes_by_query if role == "by" else _quotes_about_query
    query = build(key, all_copies=all_copies)
    total = _count(connection, query)
    page = query.order_by(
        articles.c.date_value.desc().nulls_last(), quotes.c.article_id, quotes.c.position
    ).limit(_bounded(limit)).offset(offset)
    hits = [
        QuoteHit(row.article_id, row.article_title, row.article_date, quote_from_row(row))
        for row in connection.execute(page)
    ]
    return hits, total


# --- events ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EventHit:
    article_id: str
    article_title: str | None
    article_date: str | None
    when: str | None
    event: Event


def _event_when() -> Any:
    return func.coalesce(events.c.date_value, articles.c.date_value)


def _events_query(
    *,
    entity: EntityKey | None = None,
    actor: str | None = None,
    type: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    all_copies: bool = False,
) -> Select[Any]:
    when = _event_when()
    query = (
        select(
            *events.c,
            articles.c.title.label("article_title"),
            articles.c.date_value.label("article_date"),
            when.label("when"),
        )
        .join(articles, articles.c.id == events.c.article_id)
        .where(*date_range(when, date_from, date_to))
    )
    if type:
        query = query.where(events.c.type == type)
    if actor:
        query = query.where(_has_actor_named(actor))
    if entity is not None:
        query = query.where(_involves(entity))
    return query if all_copies else query.where(distinct_events())


def _has_actor_named(actor: str) -> ColumnElement[bool]:
    return (
        select(event_actors.c.event_id)
        .where(
            event_actors.c.article_id == events.c.article_id,
            event_actors.c.event_id == events.c.id,
            event_actors.c.name.icontains(actor, autoescape=True),
        )
        .exists()
    )


def _involves(key: EntityKey) -> ColumnElement[bool]:
    """The entity is a source, a target or the place of the event."""
    actor_entity = entities.alias("actor_entity")
    as_actor = (
        select(event_actors.c.event_id)
        .join(
            actor_entity,
            and_(
                actor_entity.c.article_id == event_actors.c.article_id,
                actor_entity.c.id == event_actors.c.entity_id,
            ),
        )
        .where(
            event_actors.c.article_id == events.c.article_id,
            event_actors.c.event_id == events.c.id,
            _is_entity(actor_entity, key),
        )
        .exists()
    )
    place_entity = entities.alias("place_entity")
    as_place = (
        select(place_entity.c.id)
        .where(
            place_entity.c.article_id == events.c.article_id,
            place_entity.c.id == events.c.place_entity_id,
            _is_entity(place_entity, key),
        )
        .exists()
    )
    return or_(as_actor, as_place)


def list_events(
    connection: Connection,
    *,
    entity: EntityKey | None = None,
    actor: str | None = None,
    type: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    limit: int = 20,
    offset: int = 0,
    all_copies: bool = False,
) -> tuple[list[EventHit], int]:
    """Events, most recent first (the event's date, else its article's); an event repeated by
    near-duplicate articles once unless ``all_copies``."""
    query = _events_query(
        entity=entity, actor=actor, type=type, date_from=date_from, date_to=date_to, all_copies=all_copies
    )
    total = _count(connection, query)
    page = query.order_by(
        _event_when().desc().nulls_last(), events.c.article_id, events.c.position
    ).limit(_bounded(limit)).offset(offset)
    rows = connection.execute(page).all()
    loaded = load_events(connection, rows)
    hits = [
        EventHit(row.article_id, row.article_title, row.article_date, row.when, event)
        for row, event in zip(rows, loaded, strict=True)
    ]
    return hits, total


def event_types(connection: Connection) -> list[str]:
    query = select(events.c.type).distinct().order_by(events.c.type).limit(MAX_PAGE)
    return list(connection.scalars(query))


# --- timeline ----------------------------------------------------------------------------


@dataclass(slots=True)
class Bucket:
    period: str
    articles: int = 0
    mentions: int = 0
    quotes: int = 0
    events: int = 0


def _period(column: Any, granularity: Granularity) -> Any:
    """The period of a stored date in SQL; a week date (``2017-W12``) is kept whole, for
    :func:`_calendar_period` to place in its month (cut at 7 it read ``2017-W1``)."""
    cut = func.substr(column, 1, _PERIOD_LENGTH[granularity])
    if granularity != "month":
        return cut  # year: the first 4 characters are the year; day: a week has no day
    return case((func.substr(column, 5, 2) == "-W", column), else_=cut)


def _calendar_period(value: str, granularity: Granularity) -> str | None:
    """``value`` (a stored date or the output of :func:`_period`) as a period of
    ``granularity``: a week date goes to the month of its Thursday (ISO 8601); None when
    the date is less precise than the granularity (a decade, ``2010s``, has no year)."""
    if value.endswith("s"):
        return None
    if value[4:6] == "-W":
        if granularity == "day":
            return None
        return comparable(value[:8], "week", granularity)
    length = _PERIOD_LENGTH[granularity]
    return value[:length] if len(value) >= length else None


def entity_timeline(connection: Connection, key: EntityKey, *, granularity: Granularity) -> list[Bucket]:
    """Per period (by article date, else event date): articles and mentions of the
    entity, quotes it said, events it took part in.  Undated articles are left out."""
    buckets: dict[str, Bucket] = {}

    def bucket(stored: str) -> Bucket:
        period = _calendar_period(stored, granularity)
        return Bucket(stored) if period is None else buckets.setdefault(period, Bucket(period))

    length = _PERIOD_LENGTH[granularity]
    period = _period(articles.c.date_value, granularity)
    mention_rows = connection.execute(
        select(
            period.label("period"),
            func.count(distinct(entities.c.article_id)),
            func.sum(entities.c.mention_count),
        )
        .join(articles, articles.c.id == entities.c.article_id)
        .where(_is_entity(entities, key), func.length(articles.c.date_value) >= length)
        .group_by(period)
        .limit(10_000)
    )
    for row in mention_rows:
        found = bucket(row[0])  # a week and a date of its month are two rows of one bucket
        found.articles += int(row[1])
        found.mentions += int(row[2] or 0)
    quotes_by = _quotes_by_query(key).subquery()
    quote_period = _period(quotes_by.c.article_date, granularity)
    for row in connection.execute(
        select(quote_period, func.count())
        .where(func.length(quotes_by.c.article_date) >= length)
        .group_by(quote_period)
        .limit(10_000)
    ):
        bucket(row[0]).quotes += int(row[1])
    involved = _events_query(entity=key).subquery()
    event_period = _period(involved.c.when, granularity)
    for row in connection.execute(
        select(event_period, func.count())
        .where(func.length(involved.c.when) >= length)
        .group_by(event_period)
        .limit(10_000)
    ):
        bucket(row[0]).events += int(row[1])
    return [buckets[p] for p in sorted(buckets)]


def all_articles_timeline(connection: Connection, *, granularity: Granularity) -> list[Bucket]:
    length = _PERIOD_LENGTH[granularity]
    period = _period(articles.c.date_value, granularity)
    query = (
        select(period, func.count())
        .where(func.length(articles.c.date_value) >= length)
        .group_by(period)
        .order_by(period)
        .limit(10_000)
    )
    counts: Counter[str] = Counter()
    for row in connection.execute(query):
        period = _calendar_period(row[0], granularity)
        if period is not None:
            counts[period] += int(row[1])
    return [Bucket(period, articles=counts[period]) for period in sorted(counts)]


def articles_timeline(dates: Sequence[str | None], *, granularity: Granularity) -> list[Bucket]:
    """Articles per period, from the dates of a set of articles (e.g. search hits)."""
    periods = (_calendar_period(d, granularity) for d in dates if d is not None)
    counts = Counter(p for p in periods if p is not None)
    return [Bucket(period, articles=counts[period]) for period in sorted(counts)]


# --- graph -------------------------------------------------------------------------------

EdgeKind = Literal["cooccurrence", "quote", "event"]


@dataclass(frozen=True, slots=True)
class GraphNode:
    key: EntityKey
    mentions: int


@dataclass(frozen=True, slots=True)
class GraphEdge:
    source: EntityKey
    target: EntityKey
    kind: EdgeKind
    weight: int


def neighbourhood(
    connection: Connection, key: EntityKey, *, limit: int = 30
) -> tuple[list[GraphNode], list[GraphEdge]]:
    """The entity, its neighbours and the weighted edges linking them to it: articles in
    common (co-occurrence), quotes by one mentioning the other (directed, speaker →
    subject), events where both take part."""
    limit = max(1, min(limit, MAX_GRAPH_NODES))
    edges = [
        *_cooccurrence_edges(connection, key, limit),
        *_quote_edges(connection, key, limit),
        *_event_edges(connection, key, limit),
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
        .where(_is_entity(center, key), ~_is_entity(other, key))
        .group_by(other.c.name, other.c.type)
        .order_by(shared.desc(), other.c.name)
        .limit(limit)
    )
    return [
        GraphEdge(key, EntityKey(row.type, row.name), "cooccurrence", int(row.weight))
        for row in connection.execute(query)
    ]


def _quote_pairs() -> tuple[Any, Any, Select[Any]]:
    """(speaker, subject, query joining quotes to the entities speaking and mentioned)."""
    speaker, subject = entities.alias("speaker"), entities.alias("subject")
    weight = func.count(distinct(quotes.c.article_id + "\x1f" + quotes.c.id)).label("weight")
    query = (
        select(speaker.c.name, speaker.c.type, subject.c.name, subject.c.type, weight)
        .join(speaker, _same_entity(speaker, quotes.c.article_id, quotes.c.speaker_entity_id))
        .join(
            mentions,
            and_(
                mentions.c.article_id == quotes.c.article_id,
                mentions.c.start >= quotes.c.start,
                mentions.c.end <= quotes.c.end,
            ),
        )
        .join(subject, _same_entity(subject, mentions.c.article_id, mentions.c.entity_id))
        .where(subject.c.id != speaker.c.id)
        .group_by(speaker.c.name, speaker.c.type, subject.c.name, subject.c.type)
        .order_by(weight.desc())
    )
    return speaker, subject, query


def _quote_edges(connection: Connection, key: EntityKey, limit: int) -> list[GraphEdge]:
    speaker, subject, query = _quote_pairs()
    condition = or_(_is_entity(speaker, key), _is_entity(subject, key))
    return [
        GraphEdge(EntityKey(row[1], row[0]), EntityKey(row[3], row[2]), "quote", int(row.weight))
        for row in connection.execute(query.where(condition).limit(2 * limit))
    ]


def _event_pairs() -> tuple[Any, Any, Select[Any]]:
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
    return first, second, query


def _event_edges(connection: Connection, key: EntityKey, limit: int) -> list[GraphEdge]:
    first, _second, query = _event_pairs()
    edges = []
    for row in connection.execute(query.where(_is_entity(first, key)).limit(limit)):
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
    return [GraphNode(k, counts.get(k, 0)) for k in keys]


def overview(
    connection: Connection, *, limit: int = 40, type: str | None = None
) -> tuple[list[GraphNode], list[GraphEdge]]:
    """The most mentioned entities and the weighted edges among them."""
    top, _total = list_article_entities(connection, type=type, limit=max(1, min(limit, MAX_GRAPH_NODES)))
    keys = [EntityKey(row.type, row.name) for row in top]
    nodes = [GraphNode(EntityKey(row.type, row.name), row.mentions) for row in top]
    if len(keys) < 2:
        return nodes, []
    pairs = [(k.name, k.type) for k in keys]
    edges = [*_overview_cooccurrence(connection, pairs), *_overview_quotes(connection, pairs)]
    edges += _overview_events(connection, pairs)
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


def _overview_quotes(connection: Connection, pairs: list[tuple[str, str]]) -> list[GraphEdge]:
    speaker, subject, query = _quote_pairs()
    query = query.where(
        tuple_(speaker.c.name, speaker.c.type).in_(pairs), tuple_(subject.c.name, subject.c.type).in_(pairs)
    ).limit(MAX_GRAPH_NODES * 10)
    return [
        GraphEdge(EntityKey(row[1], row[0]), EntityKey(row[3], row[2]), "quote", int(row.weight))
        for row in connection.execute(query)
    ]


def _overview_events(connection: Connection, pairs: list[tuple[str, str]]) -> list[GraphEdge]:
    first, second, query = _event_pairs()
    query = query.where(
        tuple_(first.c.name, first.c.type).in_(pairs),
        tuple_(second.c.name, second.c.type).in_(pairs),
        tuple_(first.c.name, first.c.type) < tuple_(second.c.name, second.c.type),
    ).limit(MAX_GRAPH_NODES * 10)
    return [
        GraphEdge(EntityKey(row[1], row[0]), EntityKey(row[3], row[2]), "event", int(row.weight))
        for row in connection.execute(query)
    ]


def outlets_and_languages(connection: Connection) -> tuple[list[str], list[str]]:
    outlets = connection.scalars(
        select(articles.c.outlet)
        .distinct()
        .where(articles.c.outlet.is_not(None))
        .order_by(articles.c.outlet)
        .limit(MAX_PAGE)
    ).all()
    langs = connection.scalars(
        select(articles.c.lang).distinct().where(articles.c.lang.is_not(None)).order_by(articles.c.lang).limit(50)
    ).all()
    return list(outlets), list(langs)

