"""Who says each quote, stored: ``quote_sources`` (issue #19).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06

The statistics (``/api/stats``, ``newsgraph stats``) grouped every selected quote joined
to its speaker's entity, link and corpus entity on each request.  ``quote_sources`` holds
the result of that join per quote — its kind and speaking node (row ``nth`` 0), or each
person of a joint speaker (rows 1, 2…) — written with the article, rewritten by each
resolution and each correction of a quote (``newsgraph.store.speakers``).  This revision
creates the table and fills it for the quotes stored, under the links as they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    from newsgraph.store.comments import TABLES, commented_column
    from newsgraph.store.speakers import refresh_quote_sources

    column = partial(commented_column, "quote_sources")  # each column with its comment
    op.create_table(
        "quote_sources",
        column("article_id", sa.String(64), primary_key=True),
        column("quote_id", sa.String(64), primary_key=True),
        column("nth", sa.SmallInteger(), primary_key=True),
        column("position", sa.Integer(), nullable=False),
        column("kind", sa.String(32), nullable=False),
        column("node_key", sa.Text()),
        column("name", sa.Text()),
        column("type", sa.String(32)),
        column("gazetteer_id", sa.String(128)),
        column("written", sa.Text()),
        column("gender", sa.String(32)),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE",
                                name="fk_quote_sources_article"),
        sa.ForeignKeyConstraint(["article_id", "quote_id"], ["quotes.article_id", "quotes.id"],
                                ondelete="CASCADE", name="fk_quote_sources_quote"),
        comment=TABLES["quote_sources"],
    )
    refresh_quote_sources(op.get_bind())


def downgrade() -> None:
    op.drop_table("quote_sources")
