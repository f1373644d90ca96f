"""Full-text search over article title + text: the one dialect-specific part of the store.

SQLite: an FTS5 table ``articles_fts`` (created by the initial migration) with its own
copy of title and text, written in the same transaction as the article rows.  Its rowid
is derived from the article id, so removing an article's entry is a rowid lookup.

PostgreSQL: a generated ``tsvector`` column ``articles.search_vector`` (revision 0002)
built with the article's language configuration (``newsgraph_french`` for ``lang = 'fr'``,
``newsgraph_english`` otherwise; both unaccented) under a GIN index; a query is parsed
with ``websearch_to_tsquery`` in each configuration and matched in the article's own.
``index``/``remove`` have nothing to do.  Other databases get :class:`NoSearchIndex`.
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
    for term in _TERM.findall(user_query.replace("\x00", " ")):  # NUL ends an FTS5 string
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
        # The best rowids are chosen first; snippets and the article join are computed
        # for those `limit` rows only, not for every match.
        statement = text(
            "SELECT a.id, a.source, a.title, a.date_value, "
            "snippet(articles_fts, 2, :open, :close, '…', 16) AS snippet, "
            "bm25(articles_fts, 0.0, 2.0, 1.0) AS rank "
            "FROM articles_fts JOIN articles AS a ON a.id = articles_fts.article_id "
            "WHERE articles_fts MATCH :match AND articles_fts.rowid IN ("
            "SELECT rowid FROM articles_fts WHERE articles_fts MATCH :match "
            "ORDER BY bm25(articles_fts, 0.0, 2.0, 1.0) LIMIT :limit) "
            "ORDER BY rank"
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


_NON_WORD = re.compile(r"\W+")
_PG_CONFIGURATIONS = {"fr": "newsgraph_french", "en": "newsgraph_english"}


def postgres_query_parts(user_query: str) -> tuple[str, str]:
    """(web-search text, prefix tsquery) for PostgreSQL: ``gouv*`` -> ``'gouv':*``.

    Terms ending in ``*`` become prefix lexemes built from their word characters only (so
    they cannot be tsquery syntax); everything else goes to ``websearch_to_tsquery``,
    which accepts any input.  NUL characters, which PostgreSQL text cannot hold, are dropped.
    """
    cleaned = user_query.replace("\x00", " ")
    plain: list[str] = []
    prefixes: list[str] = []
    for term in _TERM.findall(cleaned):
        if not _WORD_CHARACTER.search(term):
            continue  # like SQLite: "-", "()", "*" alone are no words
        if term.endswith("*"):
            prefixes.extend(f"'{word}':*" for word in _NON_WORD.split(term) if word)
        else:
            plain.append(term.lstrip("-"))  # all terms required: no negation-only scans
    return " ".join(plain), " & ".join(prefixes)


def _pg_tsquery(configuration: str, *, plain: bool, prefix: bool) -> str:
    parts = []
    if plain:
        parts.append(f"websearch_to_tsquery('{configuration}'::regconfig, :plain)")
    if prefix:
        parts.append(f"to_tsquery('{configuration}'::regconfig, :prefix)")
    return "(" + " && ".join(parts) + ")"


class PostgresSearchIndex:
    def index(self, connection: Connection, articles: Sequence[Article]) -> None:
        return None  # the tsvector column is generated by PostgreSQL

    def remove(self, connection: Connection, article_ids: Iterable[str]) -> None:
        return None

    def search(
        self, connection: Connection, query: str, *, limit: int, markers: tuple[str, str]
    ) -> list[SearchHit]:
        plain, prefix = postgres_query_parts(query)
        if not plain.strip() and not prefix:
            return []
        statement = text(_postgres_search_sql(plain=bool(plain.strip()), prefix=bool(prefix)))
        options = "StartSel={}, StopSel={}, MaxWords=24, MinWords=8, MaxFragments=1".format(
            *(_headline_option(marker) for marker in markers)
        )
        parameters = {"plain": plain, "prefix": prefix, "limit": limit, "options": options}
        rows = connection.execute(statement, parameters).all()
        return [
            SearchHit(
                article_id=row.id,
                source=row.source,
                title=row.title,
                date=row.date_value,
                snippet=row.snippet,
                score=float(row.rank),
            )
            for row in rows
        ]


def _headline_option(marker: str) -> str:
    return '"' + marker.replace('"', "").replace("\x00", "") + '"'


def _postgres_search_sql(*, plain: bool, prefix: bool) -> str:
    french = _pg_tsquery(_PG_CONFIGURATIONS["fr"], plain=plain, prefix=prefix)
    english = _pg_tsquery(_PG_CONFIGURATIONS["en"], plain=plain, prefix=prefix)
    own_query = f"CASE WHEN a.lang = 'fr' THEN {french} ELSE {english} END"
    own_config = (
        f"CASE WHEN hit.lang = 'fr' THEN '{_PG_CONFIGURATIONS['fr']}'::regconfig "
        f"ELSE '{_PG_CONFIGURATIONS['en']}'::regconfig END"
    )
    hit_query = own_query.replace("a.lang", "hit.lang")
    # The OR of both queries lets the GIN index answer; the CASE keeps each article's own.
    # Only module constants are formatted in; user input is bound (:plain, :prefix).
    return (
        "SELECT hit.id, hit.source, hit.title, hit.date_value, hit.rank, "  # noqa: S608
        f"ts_headline({own_config}, hit.text, {hit_query}, :options) AS snippet "
        "FROM (SELECT a.id, a.source, a.title, a.date_value, a.lang, a.text, "
        f"ts_rank_cd(a.search_vector, {own_query}) AS rank "
        f"FROM articles AS a WHERE (a.search_vector @@ {french} OR a.search_vector @@ {english}) "
        f"AND a.search_vector @@ ({own_query}) "
        "ORDER BY rank DESC, a.id LIMIT :limit) AS hit "
        "ORDER BY hit.rank DESC, hit.id"
    )


class NoSearchIndex:
    """For databases other than SQLite and PostgreSQL: search says it is unavailable."""

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
    if dialect == "postgresql":
        return PostgresSearchIndex()
    return NoSearchIndex(dialect)
