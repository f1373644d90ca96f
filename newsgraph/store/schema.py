"""The store's tables, as SQLAlchemy Core metadata (portable: SQLite now, PostgreSQL later).

This module describes the *current* schema and is what the query code uses.  The
database itself is created and upgraded by the Alembic revisions in
``newsgraph/store/migrations/versions``; a test checks that both agree.

Every row belongs to one article (``article_id``) and is deleted with it (``ON DELETE
CASCADE``).  Ids of entities, quotes and events are only unique within their article,
so their primary keys are ``(article_id, id)``.  ``position`` keeps the order of the
article's lists so that an article reads back exactly as it was saved.

The full-text index is dialect specific and therefore not part of this metadata: see
:mod:`newsgraph.store.search`.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

ID = String(64)
SHORT = String(32)
DATE = String(16)

FTS_TABLE = "articles_fts"


def _article_fk() -> Column[str]:
    return Column("article_id", ID, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)


articles = Table(
    "articles",
    metadata,
    Column("id", ID, primary_key=True),
    Column("source", Text, nullable=False),
    Column("url", Text),
    Column("title", Text),
    Column("outlet", Text),
    Column("author", Text),
    Column("lang", SHORT),
    Column("date_value", DATE),
    Column("date_precision", SHORT),
    Column("text", Text, nullable=False),
    Column("notes", JSON, nullable=False),
    Column("content_hash", ID, nullable=False),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
    Index("ix_articles_source", "source"),
    Index("ix_articles_date_value", "date_value"),
)

entities = Table(
    "entities",
    metadata,
    _article_fk(),
    Column("id", ID, primary_key=True),
    Column("position", Integer, nullable=False),
    Column("name", Text, nullable=False),
    Column("type", SHORT, nullable=False),
    Column("aliases", JSON, nullable=False),
    Column("descriptors", JSON, nullable=False),
    Column("gender", SHORT, nullable=False),
    Column("mention_count", Integer, nullable=False),
    Index("ix_entities_name_type", "name", "type"),
    Index("ix_entities_type", "type"),
)

mentions = Table(
    "mentions",
    metadata,
    Column("article_id", ID, primary_key=True),
    Column("entity_id", ID, primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("sentence", Integer, nullable=False),
    ForeignKeyConstraint(
        ["article_id", "entity_id"],
        ["entities.article_id", "entities.id"],
        ondelete="CASCADE",
        name="fk_mentions_entity",
    ),
)

quotes = Table(
    "quotes",
    metadata,
    _article_fk(),
    Column("id", ID, primary_key=True),
    Column("position", Integer, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("kind", SHORT, nullable=False),
    Column("cue_start", Integer),
    Column("cue_end", Integer),
    Column("cue_text", Text),
    Column("speaker_name", Text),  # NULL means the quote has no speaker
    Column("speaker_entity_id", ID),
    Column("speaker_start", Integer),
    Column("speaker_end", Integer),
    Column("speaker_descriptor", Text),
    Column("speaker_how", SHORT),
    Column("confidence", Float, nullable=False),
    Index("ix_quotes_speaker_name", "speaker_name"),
)

events = Table(
    "events",
    metadata,
    _article_fk(),
    Column("id", ID, primary_key=True),
    Column("position", Integer, nullable=False),
    Column("type", String(64), nullable=False),
    Column("mode", SHORT),
    Column("trigger_start", Integer, nullable=False),
    Column("trigger_end", Integer, nullable=False),
    Column("trigger_text", Text, nullable=False),
    Column("sentence_start", Integer, nullable=False),
    Column("sentence_end", Integer, nullable=False),
    Column("place_entity_id", ID),
    Column("place_name", Text),  # NULL means no place
    Column("date_value", DATE),
    Column("date_precision", SHORT),
    Column("date_from", SHORT, nullable=False),
    Column("modality", SHORT, nullable=False),
    Column("quote_id", ID),
    Column("confidence", Float, nullable=False),
    Index("ix_events_type", "type"),
    Index("ix_events_date_value", "date_value"),
)

# Who did what to whom: one row per actor of an event ("source" or "target"), so that
# "events involving X" is an indexed query on any database.
event_actors = Table(
    "event_actors",
    metadata,
    Column("article_id", ID, primary_key=True),
    Column("event_id", ID, primary_key=True),
    Column("role", SHORT, primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("entity_id", ID),
    Column("name", Text, nullable=False),
    ForeignKeyConstraint(
        ["article_id", "event_id"],
        ["events.article_id", "events.id"],
        ondelete="CASCADE",
        name="fk_event_actors_event",
    ),
    Index("ix_event_actors_name", "name"),
)

times = Table(
    "times",
    metadata,
    _article_fk(),
    Column("position", Integer, primary_key=True),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("value", DATE),
    Column("precision", SHORT),
    Column("direction", SHORT, nullable=False),
    Column("kind", SHORT, nullable=False),
    Index("ix_times_value", "value"),
)

# Children first: the order in which rows of one article can be deleted.
ARTICLE_TABLES: tuple[Table, ...] = (
    event_actors,
    events,
    quotes,
    mentions,
    entities,
    times,
    articles,
)


def is_schema_object(name: str | None, type_: str) -> bool:
    """Whether Alembic should compare this object: not the FTS table and its shadows."""
    return not (type_ == "table" and name is not None and name.startswith(FTS_TABLE))
