"""Which stored articles an export or a statistic reads, streamed from the store.

A :class:`Selection` is a full-text query (``Store.search``: at most
``newsgraph.store.store.MAX_LIMIT`` best matches) and/or filters on the article's own
fields.  :func:`iter_articles` pages through the matching ids and loads each article with
everything extracted from it, one page per read transaction, so neither the ids nor the
articles of the whole store are ever held in memory.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, select

from newsgraph.errors import ConfigError
from newsgraph.model import Article, DateValue
from newsgraph.store import Store
from newsgraph.store.engine import is_sqlite_memory, make_engine, resolve_url
from newsgraph.store.rows import load_article
from newsgraph.store.schema import articles
from newsgraph.store.store import MAX_LIMIT

PAGE_SIZE = 200  # articles loaded per read transaction


@dataclass(frozen=True, slots=True, kw_only=True)
class Selection:
    """Articles to read: all of them by default.  Dates compare as ``YYYY[-MM[-DD]]`` strings,
    so ``since="2023-09"`` keeps an article dated ``2023-09`` or ``2023-09-13``."""

    query: str | None = None  # full-text search (every word required)
    since: str | None = None  # article date on or after (YYYY, YYYY-MM or YYYY-MM-DD)
    until: str | None = None  # article date on or before
    lang: str | None = None
    outlet: str | None = None
    limit: int | None = None  # at most this many articles

    def __post_init__(self) -> None:
        for bound in (self.since, self.until):
            if bound is not None:
                DateValue.parse(bound)  # raises ModelError for a malformed date
        if self.limit is not None and self.limit < 1:
            raise ValueError(f"limit must be at least 1, got {self.limit}")

    def conditions(self) -> list[Any]:
        """SQL conditions on the ``articles`` table for the field filters."""
        found: list[Any] = []
        if self.since is not None:
            found.append(articles.c.date_value >= self.since)
        if self.until is not None:
            # "2023-09" <= until "2023-09" must hold for "2023-09-30" too: compare prefixes
            found.append(articles.c.date_value <= self.until + "\uffff")
        if self.lang is not None:
            found.append(articles.c.lang == self.lang)
        if self.outlet is not None:
            found.append(articles.c.outlet == self.outlet)
        return found


def iter_articles(db: str, selection: Selection = Selection()) -> Iterator[Article]:
    """Every selected article of the store at ``db`` (a path or SQLAlchemy URL)."""
    url = resolve_url(db)
    if is_sqlite_memory(url):
        raise ConfigError("exports read a database file or server, not an in-memory database")
    with Store.open(db) as store:  # checks (and migrates) the schema; runs the search
        ranked = ranked_ids(store, selection)
    engine = make_engine(url)
    try:
        yield from selected_articles(engine, selection, ranked)
    finally:
        engine.dispose()


def ranked_ids(store: Store, selection: Selection) -> list[str] | None:
    """The ids of the selection's search hits, best first; None without a query."""
    if not selection.query:
        return None
    return [hit.article_id for hit in store.search(selection.query, limit=MAX_LIMIT)]


def selected_articles(
    engine: Engine, selection: Selection, ranked: Sequence[str] | None
) -> Iterator[Article]:
    """The selected articles, read through ``engine`` (the search already run: ``ranked``
    are :func:`ranked_ids`).  For a caller that keeps its store open, e.g. the API."""
    if ranked is None:
        yield from _limited(_all_selected(engine, selection), selection.limit)
    else:
        yield from _limited(_ranked_selected(engine, ranked, selection), selection.limit)


def _limited(items: Iterator[Article], limit: int | None) -> Iterator[Article]:
    for count, item in enumerate(items):
        if limit is not None and count >= limit:
            return
        yield item


def _all_selected(engine: Engine, selection: Selection) -> Iterator[Article]:
    """Keyset pagination by id: stable, and each page is one short read transaction."""
    after = ""
    while True:
        query = (
            select(articles.c.id)
            .where(articles.c.id > after, *selection.conditions())
            .order_by(articles.c.id)
            .limit(PAGE_SIZE)
        )
        with engine.connect() as connection, connection.begin():
            ids = list(connection.scalars(query))
            yield from _load(connection, ids)
        if len(ids) < PAGE_SIZE:
            return
        after = ids[-1]


def _ranked_selected(engine: Engine, ranked_ids: Sequence[str], selection: Selection) -> Iterator[Article]:
    """Search hits, best first, that also pass the field filters."""
    for start in range(0, len(ranked_ids), PAGE_SIZE):
        page = list(ranked_ids[start : start + PAGE_SIZE])
        query = select(articles.c.id).where(articles.c.id.in_(page), *selection.conditions())
        with engine.connect() as connection, connection.begin():
            kept = set(connection.scalars(query))
            yield from _load(connection, [article_id for article_id in page if article_id in kept])


def _load(connection: Connection, ids: Sequence[str]) -> Iterator[Article]:
    for article_id in ids:
        article = load_article(connection, article_id)
        if article is not None:  # deleted since the page was read
            yield article
