"""The network statistics' nodes, stored: ``article_nodes`` and ``quote_mentions`` (issue #19).

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07

The co-occurrence and "about" statistics joined every entity of the selected articles to
its link and corpus entity on each request (and "about" tested each one for a mention
inside each quote).  ``article_nodes`` holds each article's nodes with their mentions and
rank in the article, ``quote_mentions`` each entity mentioned inside a quote with its
node; both are written with the article and rewritten by each resolution
(``newsgraph.store.nodes``).  This revision creates the tables and fills them under the
links as they are, one batch of articles per statement (keyset pages of article ids), so
that no statement groups the whole store's entities and mentions at once.
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
    column = partial(commented_column, "quote_mentions")
    op.create_table(
        "quote_mentions",
        column("article_id", sa.String(64), primary_key=True),
        column("quote_id", sa.String(64), primary_key=True),
        column("entity_id", sa.String(64), primary_key=True),
        column("node_key", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE",
                                name="fk_quote_mentions_article"),
        sa.ForeignKeyConstraint(["article_id", "quote_id"], ["quotes.article_id", "quotes.id"],
                                ondelete="CASCADE", name="fk_quote_mentions_quote"),
        comment=TABLES["quote_mentions"],
    )
    _fill(op.get_bind())


def _fill(connection: sa.Connection) -> None:
    from newsgraph.store.nodes import write_article_nodes, write_quote_mentions
    from newsgraph.store.schema import articles

    last = ""
    while True:
        page = sa.select(articles.c.id).where(articles.c.id > last).order_by(articles.c.id)
        ids = list(connection.scalars(page.limit(ARTICLES_PER_BATCH)))
        if not ids:
            return
        write_article_nodes(connection, ids)
        write_quote_mentions(connection, ids)
        last = ids[-1]


def downgrade() -> None:
    op.drop_table("quote_mentions")
    op.drop_table("article_nodes")
