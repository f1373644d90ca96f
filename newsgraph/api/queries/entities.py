"""Entities: those of an article, the entity listing (corpus entities of cross-document
resolution and names not resolved yet), an entity's detail and latest articles."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    cast,
    distinct,
    func,
    null,
    or_,
    select,
    tuple_,
    union_all,
)

from newsgraph.api.queries.articles import ArticleRow, article_columns, article_row
from newsgraph.api.queries.common import (
    MAX_LIST_ITEMS,
    MAX_PAGE,
    EntityKey,
    bounded,
    count_rows,
    is_entity,
    same_entity,
)
from newsgraph.api.queries.events import events_query
from newsgraph.api.queries.quotes import quotes_about_query, quotes_by_query
from newsgraph.store.corpus import corpus_entities_by_keys, get_corpus_entity, ids_named_like, name_keys
from newsgraph.store.records import CorpusEntityRecord
from newsgraph.store.schema import (
    articles,
    corpus_entities,
    corpus_entity_names,
    entities,
    entity_links,
)


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
    total = count_rows(connection, query)
    page = query.order_by(mentions_count.desc(), articles_count.desc(), entities.c.name, entities.c.type)
    groups = connection.execute(page.limit(bounded(limit)).offset(offset)).all()
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
Item = TypeVar("Item", str, EntityKey)  # corpus entity ids or in-article entity keys


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
    """The corpus entity's display name contains ``part``, or one of its names does, as
    written (any case) or in any spelling, accents ignored (their name keys)."""
    names = corpus_entity_names.c
    written = select(names.corpus_entity_id).where(
        names.corpus_entity_id == corpus_entities.c.id, names.name.icontains(part, autoescape=True)
    )
    matches = [corpus_entities.c.name.icontains(part, autoescape=True), written.exists()]
    keys = name_keys(part)
    if keys:
        matches.append(corpus_entities.c.id.in_(ids_named_like(keys)))
    return or_(*matches)


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
            .join(entities, same_entity(entities, entity_links.c.article_id, entity_links.c.entity_id))
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
    for chunk in _chunks(keys):
        found |= aliases_and_descriptors(connection, chunk)
    return found


def _chunks(items: Sequence[Item]) -> list[list[Item]]:
    """``items`` a query's worth at a time."""
    return [list(items[start : start + _KEYS_PER_QUERY]) for start in range(0, len(items), _KEYS_PER_QUERY)]


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
        .where(is_entity(entities, key))
    ).one()
    if not summary.articles:
        return None
    genders = connection.scalars(
        select(entities.c.gender)
        .distinct()
        .where(is_entity(entities, key), entities.c.gender != "unknown")
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
        quotes_by=count_rows(connection, quotes_by_query(key, all_copies=all_copies)),
        quotes_about=count_rows(connection, quotes_about_query(key, all_copies=all_copies)),
        events=count_rows(connection, events_query(entity=key, all_copies=all_copies)),
    )


def entity_articles(connection: Connection, key: EntityKey, *, limit: int = 20) -> list[ArticleRow]:
    query = (
        select(*article_columns())
        .join(entities, entities.c.article_id == articles.c.id)
        .where(is_entity(entities, key))
        .order_by(articles.c.date_value.desc().nulls_last(), articles.c.id)
        .limit(bounded(limit))
    )
    return [article_row(row) for row in connection.execute(query)]




# --- an entity found by any of its resolved names; a corpus entity by id ------------------

_CANDIDATES = 20  # corpus entities a name is looked up among


def entity_key_for(connection: Connection, key: EntityKey) -> EntityKey | None:
    """The in-article (name, type) the detail, quotes, events, timeline and graph of ``key``
    are read under: ``key`` itself when articles name an entity so; else, once the store is
    resolved, the most mentioned in-article name of the corpus entity of that type having
    ``key.name`` among its names in any spelling, language or accents
    (``PER:Vladimir Putin`` -> ``PER:Vladimir Poutine``); None when neither exists."""
    named = select(entities.c.id).where(is_entity(entities, key)).limit(1)
    if connection.execute(named).first() is not None:
        return key
    found = resolved_entity(connection, key)
    if found is None:
        return None
    variants = _corpus_variants(connection, [found.id])[found.id]
    return variants[0].key if variants else None


def resolved_entity(connection: Connection, key: EntityKey) -> CorpusEntityRecord | None:
    """The corpus entity of type ``key.type`` having ``key.name`` as a name or alias in any
    spelling (:func:`newsgraph.store.corpus.name_keys`), one whose display name has the
    same key first, else the most mentioned; None before resolution or for no such name."""
    keys = name_keys(key.name)
    if not keys:
        return None
    found = [
        record for record in corpus_entities_by_keys(connection, keys, limit=_CANDIDATES)
        if record.type == key.type
    ]
    exact = [record for record in found if set(name_keys(record.name)) & set(keys)]
    chosen = exact or found
    return chosen[0] if chosen else None


@dataclass(frozen=True, slots=True)
class CorpusEntityDetail:
    """A corpus entity and the in-article names it gathers, most mentioned first."""

    record: CorpusEntityRecord
    variants: tuple[NameVariant, ...]


def corpus_entity_detail(connection: Connection, entity_id: str) -> CorpusEntityDetail | None:
    """The corpus entity with this id (``c_…``), None if there is none."""
    record = get_corpus_entity(connection, entity_id)
    if record is None:
        return None
    return CorpusEntityDetail(record, tuple(_corpus_variants(connection, [record.id])[record.id]))
