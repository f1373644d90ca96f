"""Alembic environment: migrates the connection handed over by :mod:`newsgraph.store.migrate`.

The store runs Alembic in code (no ``alembic.ini``): the caller puts an open
:class:`~sqlalchemy.engine.Connection`, already inside a transaction, in
``config.attributes["connection"]``.  Without one (a developer running Alembic by hand
with a Config that sets ``sqlalchemy.url``), an engine is made from the URL.
"""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlalchemy import Connection, create_engine

from newsgraph.store.schema import is_schema_object, metadata


def _include_name(name: str | None, type_: str, parent_names: Any) -> bool:
    return is_schema_object(name, type_)


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        include_name=_include_name,
        render_as_batch=True,  # SQLite can only ALTER through table copies
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if isinstance(connection, Connection):
        _run(connection)
        return
    url = context.config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("newsgraph migrations need a connection or sqlalchemy.url")
    engine = create_engine(url)
    with engine.connect() as new_connection:
        _run(new_connection)
    engine.dispose()


if context.is_offline_mode():
    raise RuntimeError("newsgraph migrations run online only")
run_migrations_online()
