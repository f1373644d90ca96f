"""Untitled articles get a title (issue #19).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06

Articles analysed since this release take their headline line or first sentence as title
when they have none (``newsgraph.ingest.document.title_from_text``); the web pages, the
API and the exports showed the file path of those stored before.  This revision gives the
stored untitled articles the same title.  Re-ingesting them would not (an unchanged
article is not written again).

SQLite: ``articles_fts`` indexes the title; each article's entry is removed with the
values it was indexed with (no title), then indexed again with its title.  PostgreSQL:
``search_vector`` is a generated column and follows the title by itself.

Downgrade keeps the titles (they are data, and an earlier version reads them).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from newsgraph.ingest.document import title_from_text

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 500


def upgrade() -> None:
    connection = op.get_bind()
    sqlite = connection.dialect.name == "sqlite"
    after = ""
    while True:
        rows = connection.execute(
            sa.text("SELECT id, text FROM articles WHERE title IS NULL AND id > :after ORDER BY id LIMIT :n"),
            {"after": after, "n": BATCH},
        ).all()
        if not rows:
            return
        after = rows[-1].id
        titled = [{"id": row.id, "title": title} for row in rows if (title := title_from_text(row.text))]
        if not titled:
            continue  # an empty text has no title to give
        ids: sa.BindParameter[list[str]] = sa.bindparam("ids", expanding=True)
        if sqlite:
            connection.execute(
                sa.text("INSERT INTO articles_fts (articles_fts, rowid, title, text) "
                        "SELECT 'delete', rowid, title, text FROM articles WHERE id IN :ids").bindparams(ids),
                {"ids": [t["id"] for t in titled]},
            )
        connection.execute(sa.text("UPDATE articles SET title = :title WHERE id = :id"), titled)
        if sqlite:
            connection.execute(
                sa.text("INSERT INTO articles_fts (rowid, title, text) "
                        "SELECT rowid, title, text FROM articles WHERE id IN :ids").bindparams(ids),
                {"ids": [t["id"] for t in titled]},
            )


def downgrade() -> None:
    """Nothing to undo: the titles stay."""
