"""Article listings and rows, and the outlets and languages of the store."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Connection,
    select,
)

from newsgraph.api.queries.common import MAX_PAGE, bounded, count_rows, date_range
from newsgraph.store.schema import (
    articles,
)


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
    query = select(*article_columns()).where(*date_range(articles.c.date_value, date_from, date_to))
    if outlet:
        query = query.where(articles.c.outlet == outlet)
    if lang:
        query = query.where(articles.c.lang == lang)
    total = count_rows(connection, query)
    page = query.order_by(
        articles.c.date_value.desc().nulls_last(), articles.c.ingested_at.desc(), articles.c.id
    ).limit(bounded(limit)).offset(offset)
    return [article_row(row) for row in connection.execute(page)], total


def article_columns() -> tuple[Any, ...]:
    c = articles.c
    return (c.id, c.source, c.title, c.outlet, c.lang, c.date_value, c.url)


def article_row(row: Any) -> ArticleRow:
    return ArticleRow(row.id, row.source, row.title, row.outlet, row.lang, row.date_value, row.url)


def article_rows(connection: Connection, article_ids: Sequence[str]) -> dict[str, ArticleRow]:
    query = select(*article_columns()).where(articles.c.id.in_(list(article_ids)[:MAX_PAGE]))
    return {row.id: article_row(row) for row in connection.execute(query)}


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

