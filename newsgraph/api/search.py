"""Search helpers: exact match counts (SQLite FTS5) and snippets with marked matches."""

from __future__ import annotations

from sqlalchemy import Connection, text

from newsgraph.store.search import SEARCH_TIME_LIMIT, fts_query, time_limit


def count_matches(connection: Connection, dialect: str, query: str, *, fallback: int) -> int:
    """How many articles match ``query``; ``fallback`` where counting is not implemented.
    Bounded like a search: :class:`~newsgraph.store.search.SearchQueryError` for a query
    beyond the bounds, :class:`~newsgraph.store.search.SearchTimeout` past the time limit."""
    match = fts_query(query)
    if match is None:
        return 0
    if dialect != "sqlite":
        return fallback
    statement = text("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH :match")
    with time_limit(connection, SEARCH_TIME_LIMIT) as clock:
        clock.before_statement()
        return int(connection.scalar(statement, {"match": match}) or 0)


SNIPPET_OPEN, SNIPPET_CLOSE = "\x02", "\x03"  # control characters: never in article text
SNIPPET_MARKERS = (SNIPPET_OPEN, SNIPPET_CLOSE)


def snippet_segments(snippet: str) -> list[tuple[str, bool]]:
    """A snippet marked with SNIPPET_MARKERS as [(text, is_match)], to escape piece by piece."""
    pieces: list[tuple[str, bool]] = []
    rest = snippet
    while SNIPPET_OPEN in rest:
        before, _, after = rest.partition(SNIPPET_OPEN)
        marked, _, rest = after.partition(SNIPPET_CLOSE)
        pieces += [(before, False), (marked, True)]
    pieces.append((rest, False))
    return [(piece.replace(SNIPPET_CLOSE, ""), marked) for piece, marked in pieces if piece]


def bracketed_snippet(snippet: str) -> str:
    """The snippet with matches in [brackets] (the API's plain-text form)."""
    return "".join(f"[{piece}]" if marked else piece for piece, marked in snippet_segments(snippet))
