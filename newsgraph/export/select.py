"""Which stored articles an export or a statistic reads, streamed from the store.

A :class:`Selection` is a full-text query (``Store.search``: at most
``newsgraph.store.store.MAX_LIMIT`` best matches) and/or filters on the article's own
fields.  :func:`iter_articles` pages through the matching ids and loads each page of
articles with everything extracted from them (``store.pages.load_articles``: one query per
table and page), one page per read transaction, so neither the ids nor the articles of the
whole store are ever held in memory.  :func:`iter_linked` adds to each article the corpus
entities of its resolved entities, which the statistics key speakers and nodes by.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import URL, Connection, Engine, select

from newsgraph.analysis.keys import Linked, Node
from newsgraph.errors import ConfigError
from newsgraph.model import Article, DateValue
from newsgraph.store import Store
from newsgraph.store.corpus import corpus_entities_by_ids
from newsgraph.store.duplicates import drop_copies
from newsgraph.store.engine import is_sqlite_memory, make_engine, resolve_url
from newsgraph.store.pages import load_articles, load_corpus_links
from newsgraph.store.records import CorpusEntityRecord
from newsgraph.store.schema import articles
from newsgraph.store.store import MAX_LIMIT

PAGE_SIZE = 200  # articles loaded per read transaction (one query per table)

Item = TypeVar("Item", Article, Linked)
PageLoader = Callable[[Connection, Sequence[str]], list[Item]]


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
    # Quotes and events repeated by near-duplicate articles (wire copies, the same page stored
    # twice) are left out unless this is set (newsgraph.store.duplicates, docs/store.md).
    all_copies: bool = False

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
    return _iter_store(db, selection, load_articles)


def iter_linked(db: str, selection: Selection = Selection()) -> Iterator[Linked]:
    """:func:`iter_articles` with each article's links to corpus entities (for statistics)."""
    return _iter_store(db, selection, load_linked)


def read_corpus_entities(db: str, ids: Sequence[str]) -> list[CorpusEntityRecord]:
    """The corpus entities of ``ids`` in the store at ``db`` (one read transaction)."""
    engine = make_engine(resolve_url(db))
    try:
        with engine.connect() as connection, connection.begin():
            return corpus_entities_by_ids(connection, ids)
    finally:
        engine.dispose()


def _iter_store(db: str, selection: Selection, load: PageLoader[Item]) -> Iterator[Item]:
    url = resolve_url(db)
    if is_sqlite_memory(url):
        raise ConfigError("exports read a database file or server, not an in-memory database")
    return _stream_store(db, url, selection, load)


def _stream_store(db: str, url: URL, selection: Selection, load: PageLoader[Item]) -> Iterator[Item]:
    with Store.open(db) as store:  # checks (and migrates) the schema; runs the search
        ranked = ranked_ids(store, selection)
    engine = make_engine(url)
    try:
        yield from _selected(engine, selection, ranked, load)
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
    return _selected(engine, selection, ranked, load_articles)


def selected_linked(
    engine: Engine, selection: Selection, ranked: Sequence[str] | None
) -> Iterator[Linked]:
    """:func:`selected_articles` with each article's links to corpus entities."""
    return _selected(engine, selection, ranked, load_linked)


def load_linked(connection: Connection, ids: Sequence[str]) -> list[Linked]:
    """The articles of ``ids`` (:func:`~newsgraph.store.pages.load_articles`), each with the
    corpus entities of its resolved entities as :class:`~newsgraph.analysis.keys.Node`."""
    found = load_articles(connection, ids)
    links = load_corpus_links(connection, [article.id for article in found])
    return [
        Linked(article, {entity_id: Node(key=link.id, name=link.name, type=link.type,
                                         gazetteer_id=link.gazetteer_id)
                         for entity_id, link in links.get(article.id, {}).items()})
        for article in found
    ]


def _selected(
    engine: Engine, selection: Selection, ranked: Sequence[str] | None, load: PageLoader[Item]
) -> Iterator[Item]:
    if not selection.all_copies:
        load = _without_copies(load)
    if ranked is None:
        pages = _id_pages(engine, selection, load)
    else:
        pages = _ranked_pages(engine, ranked, selection, load)
    for page in pages:
        yield from page


def _without_copies(load: PageLoader[Item]) -> PageLoader[Item]:
    """``load``, then the quotes and events that repeat a near-duplicate's left out."""

    def distinct(connection: Connection, ids: Sequence[str]) -> list[Item]:
        page = load(connection, ids)
        drop_copies(connection, [item.article if isinstance(item, Linked) else item for item in page])
        return page

    return distinct


def _id_pages(engine: Engine, selection: Selection, load: PageLoader[Item]) -> Iterator[list[Item]]:
    """Keyset pagination by id: stable, and each page is one short read transaction, over
    before its articles are handed on."""
    after, left = "", selection.limit
    while left is None or left > 0:
        size = PAGE_SIZE if left is None else min(PAGE_SIZE, left)
        query = (
            select(articles.c.id)
            .where(articles.c.id > after, *selection.conditions())
            .order_by(articles.c.id)
            .limit(size)
        )
        with engine.connect() as connection, connection.begin():
            ids = list(connection.scalars(query))
            page = load(connection, ids)  # fewer than ids when some were deleted meanwhile
        yield page
        if len(ids) < size:
            return
        after = ids[-1]
        left = None if left is None else left - len(page)


def _ranked_pages(
    engine: Engine, ranked_ids: Sequence[str], selection: Selection, load: PageLoader[Item]
) -> Iterator[list[Item]]:
    """Search hits, best first, that also pass the field filters."""
    left = selection.limit
    for start in range(0, len(ranked_ids), PAGE_SIZE):
        if left is not None and left <= 0:
            return
        hits = list(ranked_ids[start : start + PAGE_SIZE])
        query = select(articles.c.id).where(articles.c.id.in_(hits), *selection.conditions())
        with engine.connect() as connection, connection.begin():
            kept = set(connection.scalars(query))
            page = load(connection, [article_id for article_id in hits if article_id in kept][:left])
        yield page
        left = None if left is None else left - len(page)
