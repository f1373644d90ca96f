"""Full-text search over article title + text: the one dialect-specific part of the store.

SQLite: an FTS5 table ``articles_fts`` (created by the initial migration) with its own
copy of title and text, written in the same transaction as the article rows.  Its rowid
is derived from the article id, so removing an article's entry is a rowid lookup.

PostgreSQL (later): implement :class:`SearchIndex` over a generated ``tsvector`` column
with a GIN index (``websearch_to_tsquery`` + ``ts_rank`` + ``ts_headline``);
``index``/``remove`` then have nothing to do.  Until then :class:`NoSearchIndex` keeps
the rest of the store working and says clearly that search is not available.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import Connection, text

from newsgraph.errors import StoreError
from newsgraph.model import Article

_TERM = re.compile(r"\S+")
_WORD_CHARACTER = re.compile(r"\w")


@dataclass(frozen=True, slots=True)
class SearchHit:
    article_id: str
    source: str
    title: str | None
    date: str | None
    snippet: str
    score: float  # higher is better


class SearchIndex(Protocol):
    def index(self, connection: Connection, articles: Sequence[Article]) -> None: ...

    def remove(self, connection: Connection, article_ids: Iterable[str]) -> None: ...

    def search(
        self, connection: Connection, query: str, *, limit: int, markers: tuple[str, str]
    ) -> list[SearchHit]: ...


def fts_query(user_query: str) -> str | None:
    """A safe FTS5 query: every term a quoted string, all required; ``term*`` a prefix.

    FTS5 operators typed by a user (``AND``, ``"``, ``(``, ``-``, ``:`` ...) are searched
    as words, never interpreted, so no user input can make the MATCH fail.  Terms without
    any letter or digit (``-``, ``()``) are dropped.  Returns None when nothing is left.
    """
    phrases = []
    for term in _TERM.findall(user_query):
        prefix = term.endswith("*")
        word = term.rstrip("*")
        if not _WORD_CHARACTER.search(word):
            continue
        quoted = '"' + word.replace('"', '""') + '"'
        phrases.append(quoted + ("*" if prefix else ""))
    return " ".join(phrases) if phrases else None


def fts_rowid(article_id: str) -> int:
    """A stable signed 64-bit rowid for an article id (collisions: ~n²/2⁶⁵)."""
    digest = hashlib.sha256(article_id.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


class SqliteSearchIndex:
    def index(self, connection: Connection, articles: Sequence[Article]) -> None:
        if not articles:
            return
        connection.execute(
            text(
                "INSERT INTO articles_fts (rowid, article_id, title, text) "
                "VALUES (:rowid, :article_id, :title, :text)"
            ),
            [
                {
                    "rowid": fts_rowid(a.id),
                    "article_id": a.id,
                    "title": a.title or "",
                    "text": a.text,
                }
                for a in articles
            ],
        )

    def remove(self, connection: Connection, article_ids: Iterable[str]) -> None:
        rowids = [{"rowid": fts_rowid(article_id)} for article_id in article_ids]
        if rowids:
            connection.execute(
                text("DELETE FROM articles_fts WHERE rowid = :rowid"),
                rowids,
            )

    def search(
        self, connection: Connection, query: str, *, limit: int, markers: tuple[str, str]
    ) -> list[SearchHit]:
        match = fts_query(query)
        if match is None:
            return []
        # bm25 weights: article_id (unindexed) 0, title 2, text 1.  Lower bm25 = better.
        statement = text(
            "SELECT a.id, a.source, a.title, a.date_value, "
            "snippet(articles_fts, 2, :open, :close, '…', 16) AS snippet, "
            "bm25(articles_fts, 0.0, 2.0, 1.0) AS rank "
            "FROM articles_fts JOIN articles AS a ON a.id = articles_fts.article_id "
            "WHERE articles_fts MATCH :match ORDER BY rank LIMIT :limit"
        )
        parameters = {"match": match, "limit": limit, "open": markers[0], "close": markers[1]}
        rows = connection.execute(statement, parameters).all()
        return [
            SearchHit(
                article_id=row.id,
                source=row.source,
                title=row.title,
                date=row.date_value,
                snippet=row.snippet,
                score=-float(row.rank),
            )
            for row in rows
        ]


class NoSearchIndex:
    """For databases whose full-text search is not implemented yet (PostgreSQL)."""

    def __init__(self, dialect: str) -> None:
        self.dialect = dialect

    def index(self, connection: Connection, articles: Sequence[Article]) -> None:
        return None

    def remove(self, connection: Connection, article_ids: Iterable[str]) -> None:
        return None

    def search(
        self, connection: Connection, query: str, *, limit: int, markers: tuple[str, str]
    ) -> list[SearchHit]:
        raise StoreError(f"full-text search is not implemented yet for {self.dialect}")


def search_index_for(dialect: str) -> SearchIndex:
    if dialect == "sqlite":
        return SqliteSearchIndex()
    return NoSearchIndex(dialect)
