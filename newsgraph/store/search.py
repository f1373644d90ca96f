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
from datetime import date
from typing import Protocol

from sqlalchemy import Connection, bindparam, text

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


# Search ranks the newest matches only (SEARCH_CANDIDATES of them); that is what keeps a
# common word's search bounded however many articles contain it.
SEARCH_CANDIDATES = 2_000
_HASH_BITS = 40
_EPOCH = date(1900, 1, 1)
_LAST_DAY = (date(9999, 12, 31) - _EPOCH).days + 1


def article_day(date_value: str | None) -> int:
    """Days from 1900-01-01 to the first day of an article date (+1); 0 when undated.

    ``2023-09`` counts as 2023-09-01, ``2023-W37`` as the Monday of that ISO week,
    ``2023`` and ``2020s`` as 1 January; dates before 1900 as 1900-01-01."""
    if not date_value or not date_value[:4].isdigit():
        return 0
    year, rest = int(date_value[:4]), date_value[4:]
    try:
        if rest.startswith("-W"):
            first = date.fromisocalendar(year, int(rest[2:4]), 1)
        else:
            month = int(rest[1:3]) if rest[:1] == "-" else 1
            day = int(rest[4:6]) if len(rest) >= 6 else 1
            first = date(year, month, day)
    except ValueError:
        first = date(year, 1, 1)
    return min(max((first - _EPOCH).days + 1, 1), _LAST_DAY)


def fts_rowid(article_id: str, date_value: str | None) -> int:
    """The article's FTS5 rowid: its day (``article_day``) in the high bits, a 40-bit hash
    of its id in the low ones, so that rowid order is date order (newest = largest) and
    FTS5 can walk the newest matches first.  Collisions: ~n²/2⁴¹ among articles of one day."""
    digest = hashlib.sha256(article_id.encode("utf-8")).digest()
    low = int.from_bytes(digest[:8], "big") & ((1 << _HASH_BITS) - 1)
    return (article_day(date_value) << _HASH_BITS) | low


class SqliteSearchIndex:
    def __init__(self, *, candidates: int = SEARCH_CANDIDATES) -> None:
        self.candidates = candidates  # the newest matches that are ranked

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
                    "rowid": fts_rowid(a.id, a.date.value if a.date else None),
                    "article_id": a.id,
                    "title": a.title or "",
                    "text": a.text,
                }
                for a in articles
            ],
        )

    def remove(self, connection: Connection, article_ids: Iterable[str]) -> None:
        """Remove the articles' entries; call it while their ``articles`` rows still exist
        (the rowid depends on the article's date)."""
        ids = list(article_ids)
        if not ids:
            return
        query = text("SELECT id, date_value FROM articles WHERE id IN :ids").bindparams(
            bindparam("ids", expanding=True)
        )
        stored = connection.execute(query, {"ids": ids})
        rowids = [{"rowid": fts_rowid(row.id, row.date_value)} for row in stored]
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
        # Candidates are the newest `candidates` matches (rowid order is date order, walked
        # backwards by FTS5) and `best` the `limit` best of them.  Snippets and the article
        # join are computed for those only: the outer scan is bounded below by the oldest
        # best rowid, and `+rowid IN best` keeps FTS5 from seeking each best rowid anew in
        # the whole doclist (the unary plus makes it a filter, not an index constraint).
        statement = text(
            "WITH candidates AS (SELECT rowid AS candidate, bm25(articles_fts, 0.0, 2.0, 1.0) AS score "
            "FROM articles_fts WHERE articles_fts MATCH :match ORDER BY rowid DESC LIMIT :candidates), "
            "best AS (SELECT candidate FROM candidates ORDER BY score LIMIT :limit) "
            "SELECT a.id, a.source, a.title, a.date_value, "
            "snippet(articles_fts, 2, :open, :close, '…', 16) AS snippet, "
            "bm25(articles_fts, 0.0, 2.0, 1.0) AS rank "
            "FROM articles_fts JOIN articles AS a ON a.id = articles_fts.article_id "
            "WHERE articles_fts MATCH :match AND articles_fts.rowid >= (SELECT min(candidate) FROM best) "
            "AND +articles_fts.rowid IN (SELECT candidate FROM best) "
            "ORDER BY rank"
        )
        parameters = {
            "match": match,
            "limit": limit,
            "candidates": max(self.candidates, limit),
            "open": markers[0],
            "close": markers[1],
        }
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
    def __init__(self, *, candidates: int = SEARCH_CANDIDATES) -> None:
        self.candidates = candidates  # the newest matches that are ranked

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
        parameters = {
            "plain": plain,
            "prefix": prefix,
            "limit": limit,
            "candidates": max(self.candidates, limit),
            "options": options,
        }
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
        f"CASE WHEN a.lang = 'fr' THEN '{_PG_CONFIGURATIONS['fr']}'::regconfig "
        f"ELSE '{_PG_CONFIGURATIONS['en']}'::regconfig END"
    )
    candidate_query = own_query.replace("a.lang", "c.lang")
    matches = f"(a.search_vector @@ {french} OR a.search_vector @@ {english})"
    # Candidates: the newest `candidates` matches (dated ones newest first, then undated),
    # found by the GIN index or by walking ix_articles_date_value backwards, whichever the
    # planner estimates cheaper (the OR of both languages' queries lets the GIN index
    # answer and has statistics); only they are ranked, those matching in their own
    # language (the CASE), and only the best `limit` are joined back for their text
    # (ts_headline).  Only module constants are formatted in; user input is bound.
    return (
        "WITH dated AS (SELECT a.id, a.lang, a.search_vector FROM articles AS a "  # noqa: S608
        f"WHERE a.date_value IS NOT NULL AND {matches} "
        "ORDER BY a.date_value DESC, a.id DESC LIMIT :candidates), "
        "undated AS (SELECT a.id, a.lang, a.search_vector FROM articles AS a "
        f"WHERE a.date_value IS NULL AND {matches} ORDER BY a.id LIMIT :candidates), "
        "candidates AS (SELECT * FROM dated UNION ALL "
        "(SELECT * FROM undated LIMIT greatest(0, :candidates - (SELECT count(*) FROM dated)))), "
        f"best AS (SELECT c.id, ts_rank_cd(c.search_vector, {candidate_query}) AS rank FROM candidates AS c "
        f"WHERE c.search_vector @@ ({candidate_query}) ORDER BY rank DESC, c.id LIMIT :limit) "
        "SELECT a.id, a.source, a.title, a.date_value, best.rank, "
        f"ts_headline({own_config}, a.text, {own_query}, :options) AS snippet "
        "FROM best JOIN articles AS a ON a.id = best.id "
        "ORDER BY best.rank DESC, a.id"
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
