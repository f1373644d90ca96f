"""Entity quotes and monthly counts materialised at resolution; SQLite FTS rowids in date order.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25

* ``entity_quotes`` (corpus entity, role "by"/"about", quote, article date, position) and
  ``entity_months`` (corpus entity, month, articles, mentions): written by resolution, so
  that an entity's quotes and timeline are index ranges.  The upgrade fills them from the
  current resolution.
* SQLite: the FTS5 rowid of an article becomes its day (high bits) and a 40-bit hash of
  its id (low bits), so that FTS5 walks the newest matches first and search ranks a
  bounded number of them.  The upgrade re-indexes every article.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import date

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.String(64)
SHORT = sa.String(32)
DATE = sa.String(16)
_EPOCH = date(1900, 1, 1)


def upgrade() -> None:
    _create_tables()
    _fill_from_current_resolution()
    if op.get_bind().dialect.name == "sqlite":
        _reindex_fts(dated_rowids=True)


def downgrade() -> None:
    op.drop_table("entity_months")
    op.drop_index("ix_entity_quotes_entity", table_name="entity_quotes")
    op.drop_table("entity_quotes")
    if op.get_bind().dialect.name == "sqlite":
        _reindex_fts(dated_rowids=False)


def _corpus_fk() -> sa.Column[str]:
    foreign_key = sa.ForeignKey("corpus_entities.id", ondelete="CASCADE")
    return sa.Column("corpus_entity_id", ID, foreign_key, primary_key=True, nullable=False)


def _create_tables() -> None:
    op.create_table(
        "entity_quotes",
        sa.Column("article_id", ID, primary_key=True),
        sa.Column("quote_id", ID, primary_key=True),
        sa.Column("role", SHORT, primary_key=True),
        _corpus_fk(),
        sa.Column("article_date", DATE),
        sa.Column("position", sa.Integer, nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id", "quote_id"],
            ["quotes.article_id", "quotes.id"],
            ondelete="CASCADE",
            name="fk_entity_quotes_quote",
        ),
    )
    op.create_index(
        "ix_entity_quotes_entity",
        "entity_quotes",
        ["corpus_entity_id", "role", "article_date", "article_id", "position"],
    )
    op.create_table(
        "entity_months",
        _corpus_fk(),
        sa.Column("period", DATE, primary_key=True),
        sa.Column("articles", sa.Integer, nullable=False),
        sa.Column("mentions", sa.Integer, nullable=False),
    )


def _fill_from_current_resolution() -> None:
    columns = "corpus_entity_id, role, article_id, quote_id, article_date, position"
    grouped = "l.corpus_entity_id, q.article_id, q.id, l.article_date, q.position"
    op.execute(
        f"INSERT INTO entity_quotes ({columns}) "  # noqa: S608
        "SELECT l.corpus_entity_id, 'by', q.article_id, q.id, l.article_date, q.position FROM quotes q "
        "JOIN entity_links l ON l.article_id = q.article_id AND l.entity_id = q.speaker_entity_id"
    )
    op.execute(
        f"INSERT INTO entity_quotes ({columns}) "  # noqa: S608
        "SELECT l.corpus_entity_id, 'about', q.article_id, q.id, l.article_date, q.position FROM quotes q "
        "JOIN mentions m ON m.article_id = q.article_id "
        'AND m.start >= q.start AND m."end" <= q."end" '
        "JOIN entity_links l ON l.article_id = m.article_id AND l.entity_id = m.entity_id "
        f"GROUP BY {grouped}"
    )
    period = "CASE WHEN length(article_date) >= 7 THEN substr(article_date, 1, 7) ELSE article_date END"
    op.execute(
        "INSERT INTO entity_months (corpus_entity_id, period, articles, mentions) "  # noqa: S608
        f"SELECT corpus_entity_id, {period}, count(DISTINCT article_id), sum(mention_count) "
        f"FROM entity_links WHERE article_date IS NOT NULL GROUP BY corpus_entity_id, {period}"
    )


def _article_day(date_value: str | None) -> int:
    if not date_value or not date_value[:4].isdigit():
        return 0
    year, rest = int(date_value[:4]), date_value[4:]
    try:
        if rest.startswith("-W"):
            first = date.fromisocalendar(year, int(rest[2:4]), 1)
        else:
            month = int(rest[1:3]) if rest[:1] == "-" else 1
            day = int(rest[4:6]) if len(rest) >= 6 else 1
            first = date(year, month, day)
    except ValueError:
        first = date(year, 1, 1)
    return min(max((first - _EPOCH).days + 1, 1), (date(9999, 12, 31) - _EPOCH).days + 1)


def _dated_rowid(article_id: str, date_value: str | None) -> int:
    digest = hashlib.sha256(article_id.encode("utf-8")).digest()
    return (_article_day(date_value) << 40) | (int.from_bytes(digest[:8], "big") & ((1 << 40) - 1))


def _hashed_rowid(article_id: str, date_value: str | None) -> int:  # revision 0001's rowids
    return int.from_bytes(hashlib.sha256(article_id.encode("utf-8")).digest()[:8], "big", signed=True)


def _reindex_fts(*, dated_rowids: bool) -> None:
    """Rewrite every FTS5 entry with the other rowid scheme (a Python SQL function)."""
    raw = op.get_bind().connection.driver_connection
    if raw is None:  # pragma: no cover - a live connection always has one
        raise RuntimeError("no SQLite connection to re-index the full-text table with")
    raw.create_function("newsgraph_fts_rowid", 2, _dated_rowid if dated_rowids else _hashed_rowid)
    op.execute("DELETE FROM articles_fts")
    op.execute(
        "INSERT INTO articles_fts (rowid, article_id, title, text) "
        "SELECT newsgraph_fts_rowid(id, date_value), id, coalesce(title, ''), text FROM articles"
    )
