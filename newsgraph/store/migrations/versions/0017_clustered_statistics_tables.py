"""The statistics' narrow tables clustered by their key on SQLite (issue #19).

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07

``quote_sources``, ``actor_nodes``, ``article_nodes`` and ``quote_mentions`` are read by
the statistics one selected article (or event) at a time, by the first columns of their
primary key.  As ordinary SQLite tables each such read went through the primary key's
index and then to the row by its rowid: two B-tree searches a row.  This revision rebuilds
the four as ``WITHOUT ROWID`` tables (SQLite stores such a table in its primary key's
order: one search, and no second copy of the key in an index), so that a statistic over 10,000 articles spends
10–20 % less time in SQLite (benchmarks/README-stats.md).  Their rows are short (under 200
bytes), as SQLite advises for this layout.

Each table is copied under a new name from its own ``CREATE TABLE`` statement (columns,
keys and foreign keys as the earlier revisions made them), the old one dropped and the copy
renamed: no index, view or trigger refers to these tables (the 10,000-article benchmark
store upgrades in 4 s; the pages freed are reused by later writes, not returned: `VACUUM`
does that).  PostgreSQL keeps its heap tables: nothing to do.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("quote_sources", "actor_nodes", "article_nodes", "quote_mentions")
WITHOUT_ROWID = " WITHOUT ROWID"


def upgrade() -> None:
    _lay_out(without_rowid=True)


def downgrade() -> None:
    _lay_out(without_rowid=False)


def _lay_out(*, without_rowid: bool) -> None:
    """Each table rebuilt with (or without) its rowid, unless it is so already."""
    connection = op.get_bind()
    if connection.dialect.name != "sqlite":
        return
    for table in TABLES:
        current = _create_statement(connection, table)
        wanted = current.removesuffix(WITHOUT_ROWID) + (WITHOUT_ROWID if without_rowid else "")
        if wanted != current:
            _rebuild(connection, table, wanted)


def _create_statement(connection: sa.Connection, table: str) -> str:
    found = connection.execute(
        sa.text("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = :name"), {"name": table}
    ).scalar_one()
    return str(found).rstrip().rstrip(";").rstrip()


def _rebuild(connection: sa.Connection, table: str, statement: str) -> None:
    """``table`` made again by ``statement`` (its own, with or without rowid), rows kept."""
    copy = f"{table}__rebuilt"
    head = re.match(rf'CREATE TABLE\s+("?){table}\1\s*\(', statement)
    if head is None:  # pragma: no cover - every revision writes one of these forms
        raise RuntimeError(f"unexpected schema of {table}: {statement[:80]}")
    connection.exec_driver_sql(f"CREATE TABLE {copy} (" + statement[head.end():])
    connection.exec_driver_sql(f"INSERT INTO {copy} SELECT * FROM {table}")  # noqa: S608 (names above)
    connection.exec_driver_sql(f"DROP TABLE {table}")
    connection.exec_driver_sql(f"ALTER TABLE {copy} RENAME TO {table}")
