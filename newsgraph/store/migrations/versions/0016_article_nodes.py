"""Each article's nodes, stored: ``article_nodes`` (issue #19).

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07

The co-occurrence statistic joined every entity of the selected articles to its link and
corpus entity on each request, then kept each article's most mentioned nodes in Python.
``article_nodes`` holds each article's nodes with their mentions and rank in the article,
written with the article and rewritten by each resolution (``newsgraph.store.nodes``).
This revision creates the table and fills it under the links as they are, a batch of
articles per statement (keyset pages of article ids), so that no statement sorts the
whole store's entities at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ARTICLES_PER_BATCH = 500


def upgrade() -> None:
    from newsgraph.store.comments import TABLES, commented_column

    column = partial(commented_column, "article_nodes")  # each column with its comment
    op.create_table(
        "article_nodes",
        column("article_id", sa.String(64), primary_key=True),
        column("node_key", sa.Text(), primary_key=True),
        column("mentions", sa.Integer(), nullable=False),
        column("position", sa.Integer(), nullable=False),
        column("busiest", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE",
                                name="fk_article_nodes_article"),
        comment=TABLES["article_nodes"],
    )
    _fill(op.get_bind())


def _fill(connection: sa.Connection) -> None:
    from newsgraph.store.nodes import write_article_nodes
    from newsgraph.store.schema import articles

    last = ""
    while True:
        page = sa.select(articles.c.id).where(articles.c.id > last).order_by(articles.c.id)
        ids = list(connection.scalars(page.limit(ARTICLES_PER_BATCH)))
        if not ids:
            return
        write_article_nodes(connection, ids)
        last = ids[-1]


def downgrade() -> None:
    op.drop_table("article_nodes")
