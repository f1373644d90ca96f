"""Quotes by and about an entity."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import (
    Connection,
    Select,
    select,
    tuple_,
    union,
)

from newsgraph.api.queries.common import EntityKey, bounded, count_rows, is_entity, same_entity
from newsgraph.model import Quote
from newsgraph.store.duplicates import distinct_quotes
from newsgraph.store.rows import quote_from_row
from newsgraph.store.schema import (
    articles,
    entities,
    mentions,
    quotes,
)
from newsgraph.store.speakers import joint_speakers

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


def quotes_by_query(key: EntityKey, *, all_copies: bool = False) -> Select[Any]:
    """Quotes whose speaker is the entity, or names it among the people of a joint speaker
    ("A and B": ``Article.speakers_of``); each part is found from the entity's own rows."""
    speaker, person = entities.alias("speaker"), entities.alias("person")
    said = (
        select(quotes.c.article_id, quotes.c.id)
        .join(speaker, same_entity(speaker, quotes.c.article_id, quotes.c.speaker_entity_id))
        .where(is_entity(speaker, key))
    )
    named = entities.alias("named")
    jointly = joint_speakers(within=select(named.c.article_id).where(is_entity(named, key)))
    said_jointly = (
        select(jointly.c.article_id, jointly.c.quote_id)
        .join(person, same_entity(person, jointly.c.article_id, jointly.c.entity_id))
        .where(is_entity(person, key))
    )
    query = (
        select(*_quote_columns())
        .join(articles, articles.c.id == quotes.c.article_id)
        .where(tuple_(quotes.c.article_id, quotes.c.id).in_(union(said, said_jointly)))
    )
    return query if all_copies else query.where(distinct_quotes())


def quotes_about_query(key: EntityKey, *, all_copies: bool = False) -> Select[Any]:
    """Quotes whose text mentions the entity."""
    subject = entities.alias("subject")
    mentioned = (
        select(mentions.c.article_id)
        .join(subject, same_entity(subject, mentions.c.article_id, mentions.c.entity_id))
        .where(
            is_entity(subject, key),
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
    build = quotes_by_query if role == "by" else quotes_about_query
    query = build(key, all_copies=all_copies)
    total = count_rows(connection, query)
    page = query.order_by(
        articles.c.date_value.desc().nulls_last(), quotes.c.article_id, quotes.c.position
    ).limit(bounded(limit)).offset(offset)
    hits = [
        QuoteHit(row.article_id, row.article_title, row.article_date, quote_from_row(row))
        for row in connection.execute(page)
    ]
    return hits, total


