"""Initial schema: articles, entities, mentions, quotes, events, event actors, times, FTS.

Revision ID: 0001
Revises:
Create Date: 2026-11-25

Revisions are self-contained on purpose (they do not import ``newsgraph.store.schema``,
which describes the latest schema and will move on).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.String(64)
SHORT = sa.String(32)
DATE = sa.String(16)


def _article_fk() -> sa.Column[str]:
    return sa.Column("article_id", ID, sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)


def upgrade() -> None:
    _create_articles()
    _create_entities_and_mentions()
    _create_quotes()
    _create_events()
    _create_times()
    _create_full_text_index()


def downgrade() -> None:
    _drop_full_text_index()
    for table in ("times", "event_actors", "events", "quotes", "mentions", "entities"):
        op.drop_table(table)
    op.drop_table("articles")


def _create_articles() -> None:
    op.create_table(
        "articles",
        sa.Column("id", ID, primary_key=True),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("url", sa.Text),
        sa.Column("title", sa.Text),
        sa.Column("outlet", sa.Text),
        sa.Column("author", sa.Text),
        sa.Column("lang", SHORT),
        sa.Column("date_value", DATE),
        sa.Column("date_precision", SHORT),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("notes", sa.JSON, nullable=False),
        sa.Column("content_hash", ID, nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_articles_source", "articles", ["source"])
    op.create_index("ix_articles_date_value", "articles", ["date_value"])


def _create_entities_and_mentions() -> None:
    op.create_table(
        "entities",
        _article_fk(),
        sa.Column("id", ID, primary_key=True),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("type", SHORT, nullable=False),
        sa.Column("aliases", sa.JSON, nullable=False),
        sa.Column("descriptors", sa.JSON, nullable=False),
        sa.Column("gender", SHORT, nullable=False),
        sa.Column("mention_count", sa.Integer, nullable=False),
    )
    op.create_index("ix_entities_name_type", "entities", ["name", "type"])
    op.create_index("ix_entities_type", "entities", ["type"])
    op.create_table(
        "mentions",
        sa.Column("article_id", ID, primary_key=True),
        sa.Column("entity_id", ID, primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("sentence", sa.Integer, nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id", "entity_id"],
            ["entities.article_id", "entities.id"],
            ondelete="CASCADE",
            name="fk_mentions_entity",
        ),
    )


def _create_quotes() -> None:
    op.create_table(
        "quotes",
        _article_fk(),
        sa.Column("id", ID, primary_key=True),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("kind", SHORT, nullable=False),
        sa.Column("cue_start", sa.Integer),
        sa.Column("cue_end", sa.Integer),
        sa.Column("cue_text", sa.Text),
        sa.Column("speaker_name", sa.Text),
        sa.Column("speaker_entity_id", ID),
        sa.Column("speaker_start", sa.Integer),
        sa.Column("speaker_end", sa.Integer),
        sa.Column("speaker_descriptor", sa.Text),
        sa.Column("speaker_how", SHORT),
        sa.Column("confidence", sa.Float, nullable=False),
    )
    op.create_index("ix_quotes_speaker_name", "quotes", ["speaker_name"])


def _create_events() -> None:
    op.create_table(
        "events",
        _article_fk(),
        sa.Column("id", ID, primary_key=True),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("type", sa.String(64), nullable=False),
        sa.Column("mode", SHORT),
        sa.Column("trigger_start", sa.Integer, nullable=False),
        sa.Column("trigger_end", sa.Integer, nullable=False),
        sa.Column("trigger_text", sa.Text, nullable=False),
        sa.Column("sentence_start", sa.Integer, nullable=False),
        sa.Column("sentence_end", sa.Integer, nullable=False),
        sa.Column("place_entity_id", ID),
        sa.Column("place_name", sa.Text),
        sa.Column("date_value", DATE),
        sa.Column("date_precision", SHORT),
        sa.Column("date_from", SHORT, nullable=False),
        sa.Column("modality", SHORT, nullable=False),
        sa.Column("quote_id", ID),
        sa.Column("confidence", sa.Float, nullable=False),
    )
    op.create_index("ix_events_type", "events", ["type"])
    op.create_index("ix_events_date_value", "events", ["date_value"])
    op.create_table(
        "event_actors",
        sa.Column("article_id", ID, primary_key=True),
        sa.Column("event_id", ID, primary_key=True),
        sa.Column("role", SHORT, primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("entity_id", ID),
        sa.Column("name", sa.Text, nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id", "event_id"],
            ["events.article_id", "events.id"],
            ondelete="CASCADE",
            name="fk_event_actors_event",
        ),
    )
    op.create_index("ix_event_actors_name", "event_actors", ["name"])


def _create_times() -> None:
    op.create_table(
        "times",
        _article_fk(),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("value", DATE),
        sa.Column("precision", SHORT),
        sa.Column("direction", SHORT, nullable=False),
        sa.Column("kind", SHORT, nullable=False),
    )
    op.create_index("ix_times_value", "times", ["value"])


def _create_full_text_index() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        # Own-content FTS5 table kept in step by newsgraph.store.search (same
        # transaction as the article rows); rowid is derived from the article id.
        # remove_diacritics 2: "etat" finds "État", "Elysee" finds "Élysée".
        op.execute(
            "CREATE VIRTUAL TABLE articles_fts USING fts5("
            "article_id UNINDEXED, title, text, "
            "tokenize = 'unicode61 remove_diacritics 2')"
        )
    elif dialect == "postgresql":
        # To do with the PostgreSQL backend: a generated tsvector column over
        # title + text ('simple' configuration + unaccent) with a GIN index.
        pass


def _drop_full_text_index() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS articles_fts")
