"""The newsgraph store: analysed articles in a database (SQLite file by default).

See ``docs/store.md``.  Everything here raises :class:`~newsgraph.errors.StoreError`
for a database that cannot be opened, read or written.
"""

from newsgraph.store.records import (
    ArticleSummary,
    EntitySummary,
    EventRecord,
    QuoteRecord,
    SaveResult,
)
from newsgraph.store.search import SearchHit
from newsgraph.store.store import Store

__all__ = [
    "ArticleSummary",
    "EntitySummary",
    "EventRecord",
    "QuoteRecord",
    "SaveResult",
    "SearchHit",
    "Store",
]
