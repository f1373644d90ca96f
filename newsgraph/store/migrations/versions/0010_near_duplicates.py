"""Near-duplicate articles in the store: MinHash signatures, LSH bands, groups, copies (issue #18).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06

``newsgraph.store.duplicates`` writes these tables in the transaction that writes the
articles.  An upgraded store's articles have no signatures yet: the upgrade computes them
(and the groups) from the stored texts, so copies stored before are found too.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.String(64)


def _article_fk() -> sa.Column[str]:
    return sa.Column("article_id", ID, sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)


def upgrade() -> None:
    op.create_table("article_signatures", _article_fk(), sa.Column("minhash", sa.LargeBinary, nullable=False))
    op.create_table(
        "signature_bands",
        _article_fk(),
        sa.Column("band", sa.SmallInteger, primary_key=True),
        sa.Column("bucket", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_signature_bands_bucket", "signature_bands", ["band", "bucket", "article_id"])
    op.create_table(
        "near_duplicates",
        _article_fk(),
        sa.Column("canonical_id", ID, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
        sa.Column("similarity", sa.Float, nullable=False),
    )
    op.create_index("ix_near_duplicates_canonical", "near_duplicates", ["canonical_id"])
    _create_copies("quote")
    _create_copies("event")
    _signatures_of_stored_articles()


def _create_copies(kind: str) -> None:
    table, item = f"{kind}_copies", f"{kind}_id"
    op.create_table(
        table,
        sa.Column("article_id", ID, sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
        sa.Column(item, ID, primary_key=True),
        sa.Column(
            "original_article_id", ID, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column(f"original_{item}", ID, nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id", item], [f"{kind}s.article_id", f"{kind}s.id"], ondelete="CASCADE",
            name=f"fk_{table}_{kind}",
        ),
    )
    op.create_index(f"ix_{table}_original", table, ["original_article_id"])


def _signatures_of_stored_articles() -> None:
    """Signatures, bands and groups of the articles already stored, a page at a time.

    The one import from the package: how signatures are made and grouped is code that
    ingest runs too (a revision describing it again could only drift from it)."""
    from newsgraph.store.duplicates import backfill

    backfill(op.get_bind())


def downgrade() -> None:
    for table in ("event_copies", "quote_copies"):
        op.drop_index(f"ix_{table}_original", table_name=table)
        op.drop_table(table)
    op.drop_index("ix_near_duplicates_canonical", table_name="near_duplicates")
    op.drop_table("near_duplicates")
    op.drop_index("ix_signature_bands_bucket", table_name="signature_bands")
    op.drop_table("signature_bands")
    op.drop_table("article_signatures")
