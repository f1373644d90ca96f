"""Making the SQLAlchemy engine: URL or path resolution and SQLite connection settings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.pool import StaticPool

from newsgraph.errors import StoreError
from newsgraph.extras import require

BUSY_TIMEOUT_MS = 10_000
# SQLite reads the store's first GiB through a memory map (the operating system's page
# cache, shared by every connection) instead of copying each page into its own cache with
# a read call: the statistics over 10,000 articles spend 10-15 % less time
# (benchmarks/README-stats.md).  Writes are unchanged.
MMAP_BYTES = 1 << 30
# Execution option: a transaction begun on a connection carrying it takes SQLite's
# write lock at BEGIN (BEGIN IMMEDIATE), so that writers wait for each other through
# busy_timeout instead of failing when a read transaction would upgrade to a write.
WRITE_OPTION = "newsgraph_write"

_MEMORY_SPELLINGS = frozenset({"sqlite://", "sqlite:///:memory:", ":memory:"})
# postgresql://… and postgres://… mean psycopg 3 (SQLAlchemy would pick psycopg2).
_POSTGRES_SPELLINGS = frozenset({"postgresql", "postgres"})


def resolve_url(url_or_path: str) -> URL:
    """``sqlite://``/``:memory:`` → in memory; ``dialect://...`` → as is (``postgresql://``
    → ``postgresql+psycopg://``); else a file path."""
    if url_or_path in _MEMORY_SPELLINGS:
        return URL.create("sqlite")
    if "://" in url_or_path:
        try:
            url = make_url(url_or_path)
        except ArgumentError as exc:
            raise StoreError(f"not a database URL: {url_or_path!r}") from exc
        if url.drivername in _POSTGRES_SPELLINGS:
            url = url.set(drivername="postgresql+psycopg")
        return url
    path = Path(url_or_path).expanduser()
    return URL.create("sqlite", database=str(path))


def describe(url: URL) -> str:
    """How to name the database in messages: its file for SQLite, the URL without password."""
    if url.get_backend_name() == "sqlite":
        return url.database or ":memory:"
    return url.render_as_string(hide_password=True)


def check_store_exists(db: str) -> None:
    """Raise :class:`StoreError` (one line) when ``db`` names a SQLite file that does not
    exist: reading must not create an empty store.  A server URL is checked on connecting."""
    url = resolve_url(db)
    if url.get_backend_name() != "sqlite" or is_sqlite_memory(url):
        return
    path = Path(url.database or "")
    if not path.exists():
        raise StoreError(f"no store at {path}: give an existing --db (or $NEWSGRAPH_DB), "
                         f"or create it with `newsgraph ingest FILES --db {path}`")


def is_sqlite_memory(url: URL) -> bool:
    return url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:")


def make_engine(url: URL) -> Engine:
    if url.get_backend_name() != "sqlite":
        if url.get_backend_name() == "postgresql":
            require("psycopg", extra="postgres")
        return create_engine(url, pool_pre_ping=True)
    if is_sqlite_memory(url):
        # One shared connection, or every checkout would see a new empty database.
        engine = create_engine(url, poolclass=StaticPool, connect_args={"check_same_thread": False})
    else:
        _check_sqlite_file(url)
        engine = create_engine(url)
    _configure_sqlite(engine)
    return engine


def _check_sqlite_file(url: URL) -> None:
    path = Path(url.database or "")
    if path.is_dir():
        raise StoreError(f"{path} is a directory, not a newsgraph SQLite database")
    if not path.parent.is_dir():
        raise StoreError(f"cannot create {path}: directory {path.parent} does not exist")


def _configure_sqlite(engine: Engine) -> None:
    """WAL, foreign keys, busy timeout; and transactions SQLAlchemy controls (DDL included).

    Python's sqlite3 module begins transactions itself, only before DML statements.
    Turning that off and emitting BEGIN from SQLAlchemy's ``begin`` event makes DDL
    (migrations) transactional too, as the SQLAlchemy documentation recommends.
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, connection_record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS:d}")
            cursor.execute("PRAGMA synchronous=NORMAL")  # safe with WAL; faster commits
            cursor.execute(f"PRAGMA mmap_size={MMAP_BYTES:d}")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        immediate = connection.get_execution_options().get(WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
