"""Events: the predicate's lemma, the learned salience score, the other mentions (docs/events.md).

Events stored before this revision have no lemma, no salience score (NULL: not scored) and no
other mention until their articles are analysed again; ``salient`` keeps its value.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.add_column(sa.Column("lemma", sa.Text, nullable=True))
        batch.add_column(sa.Column("salience", sa.Float, nullable=True))
        batch.add_column(sa.Column("mentions", sa.Text, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.drop_column("mentions")
        batch.drop_column("salience")
        batch.drop_column("lemma")
