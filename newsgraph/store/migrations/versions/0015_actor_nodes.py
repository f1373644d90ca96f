"""Each event actor's node, stored: ``actor_nodes`` (issue #19).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06

The event statistics (``/api/stats/event-pairs``, the event network) joined every
selected event's actors to their entities, links and corpus entities on each request.
``actor_nodes`` holds each actor's node — its entity's (corpus entity once linked, else
``TYPE:name``) or none for an unnamed actor — written with the article and rewritten by
each resolution (``newsgraph.store.actors``).  This revision creates the table and fills
it for the events stored, under the links as they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    from newsgraph.store.actors import refresh_actor_nodes
    from newsgraph.store.comments import TABLES, commented_column

    column = partial(commented_column, "actor_nodes")  # each column with its comment
    op.create_table(
        "actor_nodes",
        column("article_id", sa.String(64), primary_key=True),
        column("event_id", sa.String(64), primary_key=True),
        column("role", sa.String(32), primary_key=True),
        column("position", sa.Integer(), primary_key=True),
        column("node_key", sa.Text()),
        column("name", sa.Text(), nullable=False),
        column("type", sa.String(32)),
        column("gazetteer_id", sa.String(128)),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE",
                                name="fk_actor_nodes_article"),
        sa.ForeignKeyConstraint(
            ["article_id", "event_id", "role", "position"],
            [f"event_actors.{name}" for name in ("article_id", "event_id", "role", "position")],
            ondelete="CASCADE", name="fk_actor_nodes_actor",
        ),
        comment=TABLES["actor_nodes"],
    )
    refresh_actor_nodes(op.get_bind())


def downgrade() -> None:
    op.drop_table("actor_nodes")
