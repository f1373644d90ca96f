"""PostgreSQL search: date buckets in the full-text GIN index (the newest matches without fetching all).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25

The GIN index ``ix_articles_search_vector`` (``search_vector``) is replaced by
``ix_articles_search_dated`` over ``search_vector`` and the article's date buckets: an
array of ``'y' || <first 4 characters of date_value>`` (its year) and ``'m' || <first 7
characters>`` (its month: ``m2023-09``; ``m2023-W3`` for weeks 30-39, ``m2023`` for a
year, ``m2020s`` for a decade), or ``{'u'}`` for an undated article.  A search asks the
index for the matches in the newest month, then the next months, then whole years,
newest first (``newsgraph.store.search``), and stops once it has enough: one GIN scan
intersects the words and the buckets, so the rows fetched are about the ones ranked.  Both
are built-in operator classes (``tsvector_ops``, ``array_ops``): no extension needed.

The ``tsvector`` is kept in the article's row (``STORAGE MAIN``, ``toast_tuple_target``
8160: rows under 8 kB are not toasted, a long text goes out of line first) so that
ranking 2,000 candidates does not fetch 2,000 vectors from the TOAST table, and the
existing rows are rewritten that way (``CLUSTER`` on the date index, which also puts a
month's articles next to each other).  The upgrade locks ``articles`` while it runs.

SQLite: nothing to do (its FTS5 rowids are already in date order, revision 0004).
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The same expression as newsgraph.store.search.DATE_BUCKETS (a query must repeat it
# exactly for PostgreSQL to use the index).
DATE_BUCKETS = (
    "(CASE WHEN date_value IS NULL THEN ARRAY['u'] "
    "ELSE ARRAY['y' || left(date_value, 4), 'm' || left(date_value, 7)] END)"
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("SET LOCAL maintenance_work_mem = '256MB'")  # this transaction only: faster builds
    op.execute("DROP INDEX IF EXISTS ix_articles_search_vector")
    # Keep each article's tsvector in its row: rows up to 8 kB are not toasted, and the text
    # goes out of line before the vector.  Ranking reads the vectors of up to 2,000 candidates:
    # out of line (toast index + chunks) that cost ~10 µs each, in the row ~2 µs.
    op.execute("ALTER TABLE articles SET (toast_tuple_target = 8160)")
    op.execute("ALTER TABLE articles ALTER COLUMN search_vector SET STORAGE MAIN")
    # Rewrite the existing rows with these settings, in date order (a month's articles are
    # then neighbours in the table); the table is locked while it runs (with the index
    # below: 3 minutes for 1M synthetic articles, benchmarks/README-store.md).
    op.execute("CLUSTER articles USING ix_articles_date_value")
    op.execute(
        "CREATE INDEX IF NOT EXISTS ix_articles_search_dated ON articles "
        f"USING gin (search_vector, {DATE_BUCKETS})"
    )
    op.execute("ANALYZE articles")  # statistics of the new index expression, for the planner


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE INDEX IF NOT EXISTS ix_articles_search_vector ON articles USING gin (search_vector)")
    op.execute("DROP INDEX IF EXISTS ix_articles_search_dated")
    op.execute("ALTER TABLE articles ALTER COLUMN search_vector SET STORAGE EXTENDED")
    op.execute("ALTER TABLE articles RESET (toast_tuple_target)")
    op.execute("ALTER TABLE articles SET WITHOUT CLUSTER")
