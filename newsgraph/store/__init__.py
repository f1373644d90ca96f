"""The newsgraph store: analysed articles in a database (SQLite file by default).

See ``docs/store.md``.  Everything here raises :class:`~newsgraph.errors.StoreError`
for a database that cannot be opened, read or written.
"""

from newsgraph.store.records import (
    ArticleSummary,
    CorpusEntityRecord,
    EntitySummary,
    EventRecord,
    JudgementRecord,
    Neighbour,
    QuoteRecord,
    SaveResult,
    TimelinePoint,
)
from newsgraph.store.search import SearchHit
from newsgraph.store.store import Store


def open_store(db: str | None = None) -> Store:
    """Open ``db`` (a path or URL), or the configured default store ($NEWSGRAPH_DB)."""
    from newsgraph.config import get_settings

    return Store.open(db or get_settings().default_db)


__all__ = [
    "ArticleSummary",
    "CorpusEntityRecord",
    "EntitySummary",
    "EventRecord",
    "JudgementRecord",
    "Neighbour",
    "QuoteRecord",
    "SaveResult",
    "SearchHit",
    "Store",
    "TimelinePoint",
    "open_store",
]
