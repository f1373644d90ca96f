"""Marks the store keeps about itself (table ``store_marks``, revision 0007).

``resolution_stale``: articles were written (ingested, updated, loaded) since the last
complete resolution of corpus entities.  :func:`set_mark` runs in the transaction that
writes them, so the mark cannot be lost by a crash; the resolution reads the mark's token
when it starts and deletes the mark in its own transaction only if the token is still the
same (:func:`clear_mark`): articles written by another process while it ran leave the
mark set.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import Connection, delete, select
from sqlalchemy.dialects.postgresql import insert as postgres_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from newsgraph.store.schema import store_marks

RESOLUTION_STALE = "resolution_stale"


def set_mark(connection: Connection, name: str) -> None:
    """Set ``name`` (again: with a new token), inside the caller's transaction."""
    values = {"name": name, "token": uuid.uuid4().hex, "set_at": datetime.now(UTC)}
    insert = postgres_insert if connection.dialect.name == "postgresql" else sqlite_insert
    statement = insert(store_marks).values(values)
    connection.execute(
        statement.on_conflict_do_update(
            index_elements=[store_marks.c.name],
            set_={"token": statement.excluded.token, "set_at": statement.excluded.set_at},
        )
    )


def mark_token(connection: Connection, name: str) -> str | None:
    """The token of ``name`` if it is set, else None."""
    token = connection.scalar(select(store_marks.c.token).where(store_marks.c.name == name))
    return None if token is None else str(token)


def clear_mark(connection: Connection, name: str, token: str) -> bool:
    """Delete ``name`` if it still has ``token``; whether it was deleted."""
    result = connection.execute(
        delete(store_marks).where(store_marks.c.name == name, store_marks.c.token == token)
    )
    return bool(result.rowcount)
