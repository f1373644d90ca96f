"""Store marks: "resolution is stale" kept in the store, so an interrupted run is finished.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02

``store_marks`` holds one row per mark that is set.  ``resolution_stale`` is set in the
transaction that writes articles and deleted by the resolution that covers them
(``newsgraph.store.marks``).  A store upgraded with in-article entities that no corpus
entity links (the old test of ``Store.needs_resolution``: ingested, or interrupted, since
its last resolution) starts with the mark set.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    marks = op.create_table(
        "store_marks",
        sa.Column("name", sa.String(32), primary_key=True),
        sa.Column("token", sa.String(64), nullable=False),
        sa.Column("set_at", sa.DateTime(timezone=True), nullable=False),
    )
    connection = op.get_bind()
    entities = connection.scalar(sa.text("SELECT count(*) FROM entities")) or 0
    links = connection.scalar(sa.text("SELECT count(*) FROM entity_links")) or 0
    if int(entities) > int(links):
        op.bulk_insert(
            marks,
            [{"name": "resolution_stale", "token": uuid.uuid4().hex, "set_at": datetime.now(UTC)}],
        )


def downgrade() -> None:
    op.drop_table("store_marks")
