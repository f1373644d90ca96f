"""Quote judgements: a quote's speaker fixed, or a span judged not a quote (issue #19).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-08

``quote_judgements`` is written by ``newsgraph.store.quote_judgements`` only; its rows
are applied to the article's quote rows when judged and whenever the article is saved
again (re-analysis), located by quote span and text.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "quote_judgements",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("article_id", sa.String(64), nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("speaker", sa.Text),
        sa.Column("machine", sa.JSON),
        sa.Column("author", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text),
    )
    op.create_index("ix_quote_judgements_source", "quote_judgements", ["source"])


def downgrade() -> None:
    op.drop_index("ix_quote_judgements_source", table_name="quote_judgements")
    op.drop_table("quote_judgements")
