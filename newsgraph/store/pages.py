"""Reading stored articles a page at a time: one query per table for a page of ids.

:func:`load_articles` returns the same :class:`~newsgraph.model.Article` objects as
:func:`newsgraph.store.rows.load_article` does one by one (a test compares them field by
field on SQLite and PostgreSQL), with 7 queries per page instead of 7 per article.
:func:`load_corpus_links` reads which corpus entity (cross-document resolution,
``entity_links``) each in-article entity of a page is.  Callers bound the page (exports
and statistics read 200 ids at a time); ids are sent in chunks of :data:`IDS_PER_QUERY`
whatever its size.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Row, Table, select

from newsgraph.model import Article, Event, Mention
from newsgraph.store.rows import (
    article_from_row,
    chunked,
    entity_from_row,
    load_events,
    quote_from_row,
    time_from_row,
)
from newsgraph.store.schema import (
    articles,
    corpus_entities,
    entities,
    entity_links,
    events,
    mentions,
    quotes,
    times,
)

IDS_PER_QUERY = 500  # bound parameters of one IN (...) list


@dataclass(frozen=True, slots=True)
class CorpusLink:
    """The corpus entity an in-article entity belongs to, as the last resolution wrote it."""

    id: str  # corpus entity id ("c_…")
    name: str  # its canonical name across articles
    type: str
    gazetteer_id: str | None = None  # "country:RU", "org:UN", "ext:Q7747" (an id the user gave)…


def load_articles(connection: Connection, ids: Sequence[str]) -> list[Article]:
    """The stored articles of ``ids``, in that order (absent ids are skipped, repeated ones
    read once), each with everything extracted from it, exactly as it was saved."""
    wanted = list(dict.fromkeys(ids))
    found: dict[str, Article] = {}
    for chunk in chunked(wanted, IDS_PER_QUERY):
        found |= _load_chunk(connection, chunk)
    return [found[article_id] for article_id in wanted if article_id in found]


def _load_chunk(connection: Connection, ids: Sequence[str]) -> dict[str, Article]:
    rows = connection.execute(select(articles).where(articles.c.id.in_(ids))).all()
    found = {row.id: article_from_row(row) for row in rows}
    if not found:
        return found
    present = list(found)
    by_mention = _mentions(connection, present)
    for row in _children(connection, entities, present):
        mentioned = by_mention.get((row.article_id, row.id), [])
        found[row.article_id].entities.append(entity_from_row(row, mentioned))
    for row in _children(connection, quotes, present):
        found[row.article_id].quotes.append(quote_from_row(row))
    for article_id, event in _events(connection, present):
        found[article_id].events.append(event)
    for row in _children(connection, times, present):
        found[row.article_id].times.append(time_from_row(row))
    return found


def _children(connection: Connection, table: Table, ids: Sequence[str]) -> Sequence[Row[Any]]:
    query = (
        select(table).where(table.c.article_id.in_(ids)).order_by(table.c.article_id, table.c.position)
    )
    return connection.execute(query).all()


def _mentions(connection: Connection, ids: Sequence[str]) -> dict[tuple[str, str], list[Mention]]:
    found: dict[tuple[str, str], list[Mention]] = defaultdict(list)
    query = (
        select(mentions)
        .where(mentions.c.article_id.in_(ids))
        .order_by(mentions.c.article_id, mentions.c.entity_id, mentions.c.position)
    )
    for m in connection.execute(query):
        found[(m.article_id, m.entity_id)].append(Mention(m.start, m.end, m.text, m.sentence))
    return found


def _events(connection: Connection, ids: Sequence[str]) -> Iterator[tuple[str, Event]]:
    rows = _children(connection, events, ids)
    for row, event in zip(rows, load_events(connection, rows), strict=True):
        yield row.article_id, event


def load_corpus_links(connection: Connection, ids: Iterable[str]) -> dict[str, dict[str, CorpusLink]]:
    """For each article of ``ids`` with resolved entities: in-article entity id -> its corpus
    entity.  Empty before any resolution; entities saved since the last one are absent."""
    found: dict[str, dict[str, CorpusLink]] = defaultdict(dict)
    for chunk in chunked(list(dict.fromkeys(ids)), IDS_PER_QUERY):
        query = (
            select(
                entity_links.c.article_id,
                entity_links.c.entity_id,
                corpus_entities.c.id,
                corpus_entities.c.name,
                corpus_entities.c.type,
                corpus_entities.c.gazetteer_id,
            )
            .join(corpus_entities, corpus_entities.c.id == entity_links.c.corpus_entity_id)
            .where(entity_links.c.article_id.in_(chunk))
        )
        for row in connection.execute(query):
            found[row.article_id][row.entity_id] = CorpusLink(row.id, row.name, row.type, row.gazetteer_id)
    return dict(found)
