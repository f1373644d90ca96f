"""The store as other tools read it (issue #18): datasette / sqlite-utils full-text search,
single-column foreign keys to articles, jsonb and comments on PostgreSQL.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06

SQLite:

* ``articles_fts`` becomes an external-content FTS5 table of ``articles``
  (``content="articles"``, ``content_rowid="rowid"``: the spelling datasette and
  sqlite-utils look for), indexing ``title`` and ``text`` without a copy of them; an
  article's ``rowid`` becomes its dated FTS rowid of revision 0004 (day in the high bits),
  so that ``articles.rowid = articles_fts.rowid`` as those tools join them and search
  still walks the newest matches first.  The articles table is rewritten in place (one
  ``UPDATE`` of every rowid) and the index rebuilt from it.
* ``mentions``, ``event_actors``, ``entity_links`` and ``entity_quotes`` get a foreign key
  of their own from ``article_id`` to ``articles`` (they only had composite ones, which
  datasette does not show); each table is copied once (``batch_alter_table``).

PostgreSQL: the JSON columns become ``jsonb`` (``articles.notes``, ``entities`` and
``corpus_entities`` aliases and descriptors, ``quote_judgements.machine``; each table is
rewritten), the same foreign keys are added, and every table and the columns that need it
get a comment (``newsgraph.store.comments``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import date

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_EPOCH = date(1900, 1, 1)
ARTICLE_CHILDREN = ("mentions", "event_actors", "entity_links", "entity_quotes")
JSON_COLUMNS = (
    ("articles", "notes"),
    ("entities", "aliases"),
    ("entities", "descriptors"),
    ("corpus_entities", "aliases"),
    ("corpus_entities", "descriptors"),
    ("quote_judgements", "machine"),
)
TOKENIZER = "tokenize = 'unicode61 remove_diacritics 2'"


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    for table in ARTICLE_CHILDREN:
        with op.batch_alter_table(table) as batch:
            batch.create_foreign_key(
                f"fk_{table}_article", "articles", ["article_id"], ["id"], ondelete="CASCADE"
            )
    if dialect == "sqlite":
        _external_content_fts()
    elif dialect == "postgresql":
        for table, column in JSON_COLUMNS:
            op.alter_column(table, column, type_=_jsonb(), postgresql_using=f'"{column}"::jsonb')
        _comments()


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _own_content_fts()
    elif dialect == "postgresql":
        _drop_comments()
        for table, column in JSON_COLUMNS:
            op.alter_column(table, column, type_=sa.JSON(), postgresql_using=f'"{column}"::json')
    for table in ARTICLE_CHILDREN:
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(f"fk_{table}_article", type_="foreignkey")


def _jsonb() -> sa.types.TypeEngine[object]:
    from sqlalchemy.dialects.postgresql import JSONB

    return JSONB()


# --- SQLite full-text index ---------------------------------------------------------------


def _external_content_fts() -> None:
    _register_rowid_function()
    op.execute("DROP TABLE articles_fts")
    op.execute("UPDATE articles SET rowid = newsgraph_fts_rowid(id, date_value)")
    op.execute(
        'CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content="articles", '
        f'content_rowid="rowid", {TOKENIZER})'
    )
    op.execute("INSERT INTO articles_fts (articles_fts) VALUES ('rebuild')")


def _own_content_fts() -> None:
    """Revision 0010's table: its own copy of title and text, rowids as revision 0004's."""
    _register_rowid_function()
    op.execute("DROP TABLE articles_fts")
    op.execute(
        f"CREATE VIRTUAL TABLE articles_fts USING fts5(article_id UNINDEXED, title, text, {TOKENIZER})"
    )
    op.execute(
        "INSERT INTO articles_fts (rowid, article_id, title, text) "
        "SELECT newsgraph_fts_rowid(id, date_value), id, coalesce(title, ''), text FROM articles"
    )


def _register_rowid_function() -> None:
    raw = op.get_bind().connection.driver_connection
    if raw is None:  # pragma: no cover - a live connection always has one
        raise RuntimeError("no SQLite connection to re-index the full-text table with")
    raw.create_function("newsgraph_fts_rowid", 2, _dated_rowid, deterministic=True)


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


# --- PostgreSQL comments --------------------------------------------------------------------


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _comments() -> None:
    """Every table's comment and the columns' that have one.  The texts are package data
    (``newsgraph.store.comments``): descriptive, not structural.  Only the tables this
    revision knows: a later one creates its tables with their comments (0014)."""
    from newsgraph.store.comments import COLUMNS, TABLES

    known = set(sa.inspect(op.get_bind()).get_table_names())
    for table, comment in TABLES.items():
        if table in known:
            op.execute(f'COMMENT ON TABLE "{table}" IS {_quoted(comment)}')
    for (table, column), comment in COLUMNS.items():
        if table in known:
            op.execute(f'COMMENT ON COLUMN "{table}"."{column}" IS {_quoted(comment)}')


def _drop_comments() -> None:
    from newsgraph.store.comments import COLUMNS, TABLES

    known = set(sa.inspect(op.get_bind()).get_table_names())
    for table in TABLES:
        if table in known:
            op.execute(f'COMMENT ON TABLE "{table}" IS NULL')
    for table, column in COLUMNS:
        if table in known:
            op.execute(f'COMMENT ON COLUMN "{table}"."{column}" IS NULL')
