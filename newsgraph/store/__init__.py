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


def open_store(db: str | None = None, *, create: bool = True) -> Store:
    """Open ``db`` (a path or URL), or the configured default store ($NEWSGRAPH_DB);
    ``create=False``: a SQLite file that does not exist is an error, not a new empty store."""
    from newsgraph.config import get_settings
    from newsgraph.store.engine import check_store_exists

    target = db or get_settings().default_db
    if not create:
        check_store_exists(target)
    return Store.open(target)


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
