"""Whether entity corrections (merge, rename) and quote corrections can be offered: they act on the corpus
entities of cross-document resolution (``newsgraph.resolve``), stored in the tables of
migration 0002."""

from __future__ import annotations

from sqlalchemy import Connection, inspect

CORPUS_TABLES = ("corpus_entities", "judgements")
QUOTE_TABLES = ("quote_judgements",)  # migration 0009
WRITES_DISABLED = ("corrections are disabled: this server has no write token; restart it with "
                   "NEWSGRAPH_API_TOKEN set or with `newsgraph serve --local-token`")


def corrections_available(connection: Connection) -> bool:
    """True when the store has the corpus-entity and judgement tables (always once migrated)."""
    inspector = inspect(connection)
    return all(inspector.has_table(table) for table in CORPUS_TABLES)


def quote_corrections_available(connection: Connection) -> bool:
    """True when the store keeps quote judgements (once migrated to 0009)."""
    inspector = inspect(connection)
    return all(inspector.has_table(table) for table in QUOTE_TABLES)


def quote_corrections_message(*, tables: bool, writes: bool) -> str:
    """Why the article page's quote forms cannot work, or "" when they can."""
    if not tables:
        return "quote corrections are not available: the store lacks the quote-judgement table (migrate it)"
    return "" if writes else WRITES_DISABLED


def corrections_message(available: bool) -> str:
    if available:
        return ""
    return "entity corrections are not available: the store lacks the corpus-entity tables (migrate it)"
