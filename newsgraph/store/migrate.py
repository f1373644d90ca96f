"""Bringing a database to the latest schema with Alembic, run in code at open time."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect, text

from newsgraph.errors import StoreError
from newsgraph.store.engine import WRITE_OPTION

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config() -> Config:
    """An Alembic Config built in code; ``script_location`` points into this package."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:  # pragma: no cover - the package always ships revisions
        raise StoreError(f"no schema revisions found in {MIGRATIONS_DIR}")
    return head


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def upgrade_to_head(engine: Engine, *, name: str) -> None:
    """Migrate to the latest revision unless the database is already there.

    The check is a cheap read; only an out-of-date database takes the write lock, and the
    revision is checked again under it (another process may have migrated meanwhile).
    """
    head = head_revision()
    with engine.connect() as connection:
        current = current_revision(connection)
        connection.rollback()
    if current == head:
        return
    with engine.connect() as connection:
        connection.execution_options(**{WRITE_OPTION: True})
        with connection.begin():
            _lock_for_migration(connection)
            current = current_revision(connection)
            if current == head:
                return
            _check_upgradable(connection, current, name=name)
            config = alembic_config()
            config.attributes["connection"] = connection
            command.upgrade(config, "head")


# Any constant: PostgreSQL sessions migrating the same database wait for each other.
_MIGRATION_LOCK_KEY = 0x6E657773  # "news"


def _lock_for_migration(connection: Connection) -> None:
    """SQLite is locked by BEGIN IMMEDIATE; PostgreSQL takes a transaction advisory lock."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK_KEY})


def _check_upgradable(connection: Connection, current: str | None, *, name: str) -> None:
    if current is None:
        tables = inspect(connection).get_table_names()
        foreign_tables = [t for t in tables if t != "alembic_version"]
        if foreign_tables:
            raise StoreError(
                f"{name} is a database but not a newsgraph store "
                f"(it has tables {', '.join(sorted(foreign_tables)[:5])} and no schema version)"
            )
        return
    scripts = ScriptDirectory.from_config(alembic_config())
    known = {script.revision for script in scripts.walk_revisions()}
    if current not in known:
        raise StoreError(
            f"{name} has schema revision {current}, unknown to this version of newsgraph "
            "(it was written by a newer version)"
        )
