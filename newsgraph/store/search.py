"""Full-text search over article title + text: the one dialect-specific part of the store.

SQLite: an external-content FTS5 table ``articles_fts`` over ``articles`` (title, text;
revision 0011: ``content="articles"``, which datasette and sqlite-utils recognise), written
in the same transaction as the article rows.  An article's ``rowid`` is its FTS rowid
(:func:`fts_rowid`, set when the row is inserted: ``newsgraph.store.bulk``), so the index
joins its table on rowid and removing an article's entry reads its row.

PostgreSQL: a generated ``tsvector`` column ``articles.search_vector`` (revision 0002)
built with the article's language configuration (``newsgraph_french`` for ``lang = 'fr'``,
``newsgraph_english`` otherwise; both unaccented) under a GIN index; a query is parsed
with ``websearch_to_tsquery`` in each configuration and matched in the article's own; a
search is one statement, the server-side function ``newsgraph_search`` (revision 0012).
``index``/``remove`` have nothing to do.  Other databases get :class:`NoSearchIndex`.

Both bound what a query may ask (:func:`check_query`: ``SearchQueryError``) and how long
a search may run (:func:`time_limit`: ``SearchTimeout``).
"""

from __future__ import annotations

import hashlib
import math
import re
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from sqlalchemy import Connection, bindparam, text
from sqlalchemy.exc import DBAPIError

from newsgraph.errors import NewsgraphError, StoreError
from newsgraph.model import Article

_TERM = re.compile(r"\S+")
_WORD_CHARACTER = re.compile(r"\w")
_WORD = re.compile(r"\w+")

# What one search may ask for.  A prefix word (``word*``) costs a scan of every indexed
# word it starts, and the work of matching and ranking grows with the number of words
# times the positions they match, so a query of hundreds of ``a*`` took minutes; these
# bounds keep a search's cost that of a handful of words.  ``SEARCH_TIME_LIMIT`` stops what
# is still slow (seconds; SQLite: a progress handler, PostgreSQL: ``statement_timeout``).
MAX_QUERY_CHARACTERS = 300
MAX_QUERY_WORDS = 16
MAX_PREFIX_WORDS = 4
SEARCH_TIME_LIMIT = 2.0


class SearchQueryError(NewsgraphError, ValueError):
    """A search query beyond the bounds: too long, too many words or prefix words."""


class SearchTimeout(StoreError):
    """A search stopped at its time limit."""


def check_query(user_query: str) -> None:
    """Raise :class:`SearchQueryError` when ``user_query`` is longer than
    ``MAX_QUERY_CHARACTERS`` or has more than ``MAX_QUERY_WORDS`` words or more than
    ``MAX_PREFIX_WORDS`` words in prefix terms (``word*``; ``jean-pierre*`` counts two, as
    PostgreSQL makes each a prefix).  Words are runs of letters, digits and ``_``."""
    if len(user_query) > MAX_QUERY_CHARACTERS:
        raise SearchQueryError(
            f"the search query has {len(user_query)} characters; at most {MAX_QUERY_CHARACTERS} are allowed"
        )
    words = prefixes = 0
    for term in _TERM.findall(user_query.replace("\x00", " ")):
        found = len(_WORD.findall(term))
        words += found
        if term.endswith("*"):
            prefixes += found
    if words > MAX_QUERY_WORDS:
        raise SearchQueryError(f"the search query has {words} words; at most {MAX_QUERY_WORDS} are allowed")
    if prefixes > MAX_PREFIX_WORDS:
        raise SearchQueryError(
            f"the search query has {prefixes} prefix words (word*); at most {MAX_PREFIX_WORDS} are allowed"
        )


_QUERY_CANCELED = "57014"  # PostgreSQL's SQLSTATE of a statement stopped by statement_timeout


class TimeLimit:
    """A deadline for the statements of one search on ``connection``, inside its transaction.

    SQLite: a progress handler, called every few thousand virtual-machine instructions,
    interrupts the statement running past the deadline.  PostgreSQL: before each statement,
    :meth:`before_statement` sets ``statement_timeout`` to the time left, for the rest of
    the transaction only (``set_config(…, true)``, i.e. ``SET LOCAL``).  An interrupted
    statement raises :class:`SearchTimeout`; so does a statement about to start too late."""

    def __init__(self, connection: Connection, seconds: float) -> None:
        self.seconds = seconds
        self._connection = connection
        self._postgres = connection.dialect.name == "postgresql"
        self._end = time.monotonic() + seconds

    def left(self) -> float:
        return self._end - time.monotonic()

    def expired(self) -> SearchTimeout:
        return SearchTimeout(
            f"the search took longer than {self.seconds:g} s and was stopped; "
            "search with fewer or more distinctive words"
        )

    def before_statement(self) -> None:
        left = self.left()
        if left <= 0:
            raise self.expired()
        if self._postgres:
            milliseconds = max(1, math.ceil(left * 1000))
            self._connection.execute(
                text("SELECT set_config('statement_timeout', :timeout, true)"),
                {"timeout": f"{milliseconds}ms"},
            )

    def is_interruption(self, exc: DBAPIError) -> bool:
        original = exc.orig
        if isinstance(original, sqlite3.OperationalError):
            return "interrupted" in str(original)
        return getattr(original, "sqlstate", None) == _QUERY_CANCELED


@contextmanager
def time_limit(connection: Connection, seconds: float = SEARCH_TIME_LIMIT) -> Iterator[TimeLimit]:
    """The statements run on ``connection`` within the block stop after ``seconds`` in all
    (:class:`TimeLimit`) with :class:`SearchTimeout`.  Call it inside a transaction."""
    limit = TimeLimit(connection, seconds)
    driver = connection.connection.driver_connection if connection.dialect.name == "sqlite" else None
    if isinstance(driver, sqlite3.Connection):
        driver.set_progress_handler(lambda: int(limit.left() <= 0), _PROGRESS_STEPS)
    try:
        yield limit
    except DBAPIError as exc:
        if limit.is_interruption(exc):
            raise limit.expired() from exc
        raise
    finally:
        if isinstance(driver, sqlite3.Connection):
            driver.set_progress_handler(None, 0)


_PROGRESS_STEPS = 2_000  # SQLite virtual-machine instructions between two looks at the clock


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
    Raises :class:`SearchQueryError` for a query beyond the bounds (:func:`check_query`).
    """
    check_query(user_query)
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
    def __init__(self, *, candidates: int = SEARCH_CANDIDATES, seconds: float = SEARCH_TIME_LIMIT) -> None:
        self.candidates = candidates  # the newest matches that are ranked
        self.seconds = seconds  # time limit of one search

    def index(self, connection: Connection, articles: Sequence[Article]) -> None:
        """Index the articles, whose rows (rowid :func:`fts_rowid`) were just inserted."""
        if not articles:
            return
        connection.execute(
            text("INSERT INTO articles_fts (rowid, title, text) VALUES (:rowid, :title, :text)"),
            [
                {"rowid": fts_rowid(a.id, a.date.value if a.date else None), "title": a.title, "text": a.text}
                for a in articles
            ],
        )

    def remove(self, connection: Connection, article_ids: Iterable[str]) -> None:
        """Remove the articles' entries; call it while their ``articles`` rows still exist
        (an external-content index is told the values it indexed)."""
        ids = list(article_ids)
        if not ids:
            return
        statement = text(
            "INSERT INTO articles_fts (articles_fts, rowid, title, text) "
            "SELECT 'delete', rowid, title, text FROM articles WHERE id IN :ids"
        ).bindparams(bindparam("ids", expanding=True))
        connection.execute(statement, {"ids": ids})

    def search(
        self, connection: Connection, query: str, *, limit: int, markers: tuple[str, str]
    ) -> list[SearchHit]:
        match = fts_query(query)
        if match is None:
            return []
        # bm25 weights: title 2, text 1.  Lower bm25 = better.
        # Candidates are the newest `candidates` matches (rowid order is date order, walked
        # backwards by FTS5) and `best` the `limit` best of them.  Snippets and the article
        # join are computed for those only: the outer scan is bounded below by the oldest
        # best rowid, and `+rowid IN best` keeps FTS5 from seeking each best rowid anew in
        # the whole doclist (the unary plus makes it a filter, not an index constraint).
        statement = text(
            "WITH candidates AS (SELECT rowid AS candidate, bm25(articles_fts, 2.0, 1.0) AS score "
            "FROM articles_fts WHERE articles_fts MATCH :match ORDER BY rowid DESC LIMIT :candidates), "
            "best AS (SELECT candidate FROM candidates ORDER BY score, candidate DESC LIMIT :limit) "
            "SELECT a.id, a.source, a.title, a.date_value, "
            "snippet(articles_fts, 1, :open, :close, '…', 16) AS snippet, "
            "bm25(articles_fts, 2.0, 1.0) AS rank "
            "FROM articles_fts JOIN articles AS a ON a.rowid = articles_fts.rowid "
            "WHERE articles_fts MATCH :match AND articles_fts.rowid >= (SELECT min(candidate) FROM best) "
            "AND +articles_fts.rowid IN (SELECT candidate FROM best) "
            "ORDER BY rank, articles_fts.rowid DESC"  # ties: the newer first, every time
        )
        parameters = {
            "match": match,
            "limit": limit,
            "candidates": max(self.candidates, limit),
            "open": markers[0],
            "close": markers[1],
        }
        with time_limit(connection, self.seconds) as clock:
            clock.before_statement()
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


def postgres_query_parts(user_query: str) -> tuple[str, str]:
    """(web-search text, prefix tsquery) for PostgreSQL: ``gouv*`` -> ``'gouv':*``.

    Terms ending in ``*`` become prefix lexemes built from their word characters only (so
    they cannot be tsquery syntax); everything else goes to ``websearch_to_tsquery``,
    which accepts any input.  NUL characters, which PostgreSQL text cannot hold, are dropped.
    Raises :class:`SearchQueryError` for a query beyond the bounds (:func:`check_query`).
    """
    check_query(user_query)
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


# The date buckets of an article, as indexed with its search_vector by revision 0006
# (ix_articles_search_dated): 'y' + year and 'm' + the first 7 characters of the date
# ('m2023-09'; 'm2023-W3' for weeks 30-39, 'm2023' for a year, 'm2020s' for a decade), or
# 'u' when undated.  Each bucket is a contiguous range of date_value in string order.
# DateBuckets and next_span below are the specification of the rounds that the server-side
# function newsgraph_search (revision 0012) runs; the tests check one against the other.
_YEAR = re.compile(r"\d{4}")
# A round asks for the months that should hold what is still missing (at the density of
# matches seen so far, plus a quarter), at most as many months as already covered (the
# span at most doubles: measured at 1M, p50 37 / p95 52 ms against 46 / 64 when it could
# grow 4-fold, whose last rounds read more rows than they keep).
_MARGIN = 1.25
_GROWTH = 1


def _month_groups(year: int) -> list[list[str]]:
    """A year's month-level buckets in 12 groups, newest first in date_value's string order:
    the decade (``2020s`` sorts after every 2020 date) and ISO weeks go with December, the
    bare year with January."""
    groups = [[f"m{year}-{month:02d}"] for month in range(12, 0, -1)]
    decade = [f"m{year}s"] if year % 10 == 0 else []
    groups[0] = [*decade, *(f"m{year}-W{tens}" for tens in range(5, -1, -1)), *groups[0]]
    groups[-1].append(f"m{year}")
    return groups


class DateBuckets:
    """The date buckets of a store's dates, handed out newest first, a number of months at
    a time (:meth:`take`), each date in exactly one of the sets handed out.  A year taken
    whole is its one ``y`` bucket."""

    def __init__(self, newest: str, oldest: str) -> None:
        self._last, first = int(newest[:4]), int(oldest[:4])
        self._months = max(0, self._last - first + 1) * 12  # month i: year last - i // 12
        start = f"m{newest[:7]}"
        # Nothing is newer than the newest date's bucket: start at its month.
        newest_year = _month_groups(self._last)
        self._next = next((i for i, group in enumerate(newest_year) if start in group), 0)

    @classmethod
    def of(cls, newest: str | None, oldest: str | None) -> DateBuckets | None:
        """None when the dates do not start with a 4-digit year (then no buckets are used)."""
        if not newest or not oldest or not _YEAR.fullmatch(newest[:4]) or not _YEAR.fullmatch(oldest[:4]):
            return None
        return cls(newest, oldest)

    @property
    def done(self) -> bool:
        return self._next >= self._months

    def take(self, months: int) -> tuple[list[str], int]:
        """The buckets of the next ``months`` months (fewer at the end) and how many."""
        start = self._next
        end = min(start + max(1, months), self._months)
        self._next = end
        buckets: list[str] = []
        month = start
        while month < end:
            year, within = self._last - month // 12, month % 12
            upto = min(end - month, 12 - within)  # months of this year taken
            if upto == 12:
                buckets.append(f"y{year}")
            else:
                buckets += [b for group in _month_groups(year)[within : within + upto] for b in group]
            month += upto
        return buckets, end - start


def next_span(*, remaining: int, seen: int, covered: int) -> int:
    """How many months the next round asks for, from the matches seen in the months covered."""
    if seen == 0:
        return _GROWTH * covered
    wanted = math.ceil(remaining * covered / seen * _MARGIN)
    return max(1, min(wanted, _GROWTH * covered))


class PostgresSearchIndex:
    """Search on PostgreSQL: one statement, the server-side function ``newsgraph_search``
    (revision 0012), which runs in the server what was about ten statements:

    1. the user's query parsed in each language configuration (``tsquery``);
    2. the newest ``candidates`` matches, newest first, in rounds: the matches in the
       newest month's buckets, then in as many of the next months as should hold what is
       still missing at the density of matches seen so far (:func:`next_span`; whole years
       as one bucket each: :class:`DateBuckets`), until there are enough, then the undated
       matches (by id).  One GIN scan a round (revision 0006's index intersects the words
       and the buckets); each round's rows sorted by (date_value, id) descending and cut at
       what is still missing, so the candidates are exactly the newest matches; those that
       match in their own language are ranked (``ts_rank_cd``) and the round's best kept;
    3. the best ``limit`` with their snippets (``ts_headline``), best first (ties: id).

    The statement runs under ``statement_timeout`` set to the search's time limit
    (:class:`TimeLimit`).
    """

    def __init__(self, *, candidates: int = SEARCH_CANDIDATES, seconds: float = SEARCH_TIME_LIMIT) -> None:
        self.candidates = candidates  # the newest matches that are ranked
        self.seconds = seconds  # time limit of one search

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
        options = "StartSel={}, StopSel={}, MaxWords=24, MinWords=8, MaxFragments=1".format(
            *(_headline_option(marker) for marker in markers)
        )
        parameters = {
            "plain": plain if plain.strip() else None,
            "prefix": prefix or None,
            "limit": limit,
            "candidates": max(self.candidates, limit),
            "options": options,
        }
        with time_limit(connection, self.seconds) as clock:
            clock.before_statement()
            rows = connection.execute(_POSTGRES_SEARCH, parameters).all()
        return [
            SearchHit(
                article_id=row.hit_id,
                source=row.hit_source,
                title=row.hit_title,
                date=row.hit_date,
                snippet=row.hit_snippet,
                score=float(row.hit_score),
            )
            for row in rows
        ]


_POSTGRES_SEARCH = text(
    "SELECT hit_id, hit_source, hit_title, hit_date, hit_snippet, hit_score "
    "FROM newsgraph_search(:plain, :prefix, :limit, :candidates, :options)"
)


def _headline_option(marker: str) -> str:
    return '"' + marker.replace('"', "").replace("\x00", "") + '"'


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
