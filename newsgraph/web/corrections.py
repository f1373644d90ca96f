"""Whether entity corrections (merge, rename) can be offered: they act on the corpus
entities of cross-document resolution (``newsgraph.resolve``), stored in the tables of
migration 0002."""

from __future__ import annotations

from sqlalchemy import Connection, inspect

CORPUS_TABLES = ("corpus_entities", "judgements")


def corrections_available(connection: Connection) -> bool:
    """True when the store has the corpus-entity and judgement tables (always once migrated)."""
    inspector = inspect(connection)
    return all(inspector.has_table(table) for table in CORPUS_TABLES)


def corrections_message(available: bool) -> str:
    if available:
        return ""
    return "entity corrections are not available: the store lacks the corpus-entity tables (migrate it)"
