"""Bulk loading: a partition of articles per transaction, recorded so that a rerun skips it.

:meth:`Store.load_partition <newsgraph.store.Store.load_partition>` decides article by
article exactly as :meth:`Store.save <newsgraph.store.Store.save>` does (unchanged,
updated, ingested; content-hash ids), then writes the new rows of the whole partition at
once:

* PostgreSQL: ``COPY`` (psycopg 3) into temporary staging tables, then
  ``INSERT … SELECT … ON CONFLICT DO NOTHING`` into each table, parents first; the
  generated ``tsvector`` column and its GIN index are maintained by PostgreSQL;
* SQLite: one ``executemany`` per table (``ON CONFLICT DO NOTHING``), and the FTS5 rows.

The partition's key is recorded in ``loaded_partitions`` in the same transaction, so a
crash leaves either the whole partition or nothing, and loading again skips what is done.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Connection, Table, TextClause, bindparam, insert, select, text
from sqlalchemy.dialects.postgresql import insert as postgres_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from newsgraph.errors import StoreError
from newsgraph.store.records import SaveResult
from newsgraph.store.rows import INSERT_ORDER, TableRows
from newsgraph.store.schema import articles, loaded_partitions
from newsgraph.store.search import fts_rowid

RowWriter = Callable[[Connection, TableRows], int]
STAGE_PREFIX = "newsgraph_stage_"


@dataclass(frozen=True, slots=True)
class PartitionLoad:
    """What loading one partition did."""

    key: str
    skipped: bool  # recorded as loaded by an earlier run: nothing was read or written
    result: SaveResult
    rows: int  # rows inserted, every table (and the SQLite full-text index) counted


def insert_rows(connection: Connection, rows: TableRows) -> int:
    """The ordinary path (``Store.save``): one executemany INSERT per table."""
    written = 0
    sqlite = connection.dialect.name == "sqlite"
    for table in INSERT_ORDER:
        if rows[table]:
            if sqlite and table is articles:
                connection.execute(_sqlite_articles_insert(), _with_rowids(rows[table]))
            else:
                connection.execute(insert(table), rows[table])
            written += len(rows[table])
    return written


def sqlite_bulk_rows(connection: Connection, rows: TableRows) -> int:
    """SQLite bulk path: executemany per table; rows already present are left alone."""
    written = 0
    for table in INSERT_ORDER:
        if rows[table]:
            if table is articles:
                statement: Any = _sqlite_articles_insert(conflicts=True)
                result = connection.execute(statement, _with_rowids(rows[table]))
            else:
                result = connection.execute(sqlite_insert(table).on_conflict_do_nothing(), rows[table])
            written += max(result.rowcount, 0)
    return written


def _sqlite_articles_insert(*, conflicts: bool = False) -> TextClause:
    """INSERT of article rows with their ``rowid`` (SQLite): the full-text index is an
    external-content table joined on it (``newsgraph.store.search.fts_rowid``)."""
    names = [column.name for column in articles.columns]
    listed = ", ".join(f'"{name}"' for name in names)
    values = ", ".join(f":{name}" for name in names)
    statement = text(
        f"INSERT INTO articles (rowid, {listed}) VALUES (:rowid, {values})"  # noqa: S608 (schema names)
        + (" ON CONFLICT DO NOTHING" if conflicts else "")
    )
    return statement.bindparams(*(bindparam(column.name, type_=column.type) for column in articles.columns))


def _with_rowids(article_rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**row, "rowid": fts_rowid(row["id"], row["date_value"])} for row in article_rows]


def copy_rows(connection: Connection, rows: TableRows) -> int:
    """PostgreSQL bulk path: COPY into staging tables, then INSERT … SELECT … ON CONFLICT DO NOTHING."""
    return copy_tables(connection, [(table, rows[table]) for table in INSERT_ORDER if rows[table]])


def copy_tables(connection: Connection, tables: list[tuple[Table, list[dict[str, Any]]]]) -> int:
    """COPY ``(table, rows)`` pairs, in that order, through staging tables (PostgreSQL); rows
    already present are left alone.  Returns the rows inserted."""
    raw = connection.connection.driver_connection
    if raw is None:  # pragma: no cover - a live connection always has one
        raise StoreError("no database connection to COPY into")
    written = 0
    with raw.cursor() as cursor:
        for table, table_rows in tables:
            written += _copy_table(cursor, table, table_rows)
    return written


def _copy_table(cursor: Any, table: Table, table_rows: list[dict[str, Any]]) -> int:
    import psycopg

    stage = STAGE_PREFIX + table.name
    columns = [column.name for column in table.columns]
    as_json = [isinstance(column.type, JSON) for column in table.columns]
    listed = ", ".join(f'"{name}"' for name in columns)
    # Only names from the schema module are formatted in; every value goes through COPY.
    try:
        cursor.execute(
            f'CREATE TEMPORARY TABLE IF NOT EXISTS "{stage}" (LIKE "{table.name}") ON COMMIT DELETE ROWS'
        )
        with cursor.copy(f'COPY "{stage}" ({listed}) FROM STDIN') as copy:
            for row in table_rows:
                copy.write_row(
                    [
                        _json(row[name]) if is_json else row[name]
                        for name, is_json in zip(columns, as_json, strict=True)
                    ]
                )
        cursor.execute(
            f'INSERT INTO "{table.name}" ({listed}) SELECT {listed} FROM "{stage}" '  # noqa: S608
            "ON CONFLICT DO NOTHING"
        )
        inserted = int(cursor.rowcount)
    except psycopg.Error as exc:
        raise StoreError(f"bulk copy into {table.name} failed: {exc}") from exc
    return inserted


def _json(value: Any) -> str:
    return "[]" if value == [] else json.dumps(value)  # most lists (aliases, notes…) are empty


def bulk_writer(dialect: str) -> RowWriter:
    if dialect == "postgresql":
        return copy_rows
    if dialect == "sqlite":
        return sqlite_bulk_rows
    return insert_rows


def is_loaded(connection: Connection, key: str) -> bool:
    query = select(loaded_partitions.c.key).where(loaded_partitions.c.key == key)
    return connection.execute(query).first() is not None


def loaded_keys(connection: Connection, keys: list[str]) -> set[str]:
    query = select(loaded_partitions.c.key).where(loaded_partitions.c.key.in_(keys))
    return set(connection.execute(query).scalars())


def record_partition(connection: Connection, *, key: str, origin: str, articles: int) -> None:
    values = {"key": key, "origin": origin, "articles": articles, "loaded_at": datetime.now(UTC)}
    dialect = connection.dialect.name
    if dialect == "postgresql":
        connection.execute(postgres_insert(loaded_partitions).values(**values).on_conflict_do_nothing())
    elif dialect == "sqlite":
        connection.execute(sqlite_insert(loaded_partitions).values(**values).on_conflict_do_nothing())
    else:
        connection.execute(insert(loaded_partitions).values(**values))
