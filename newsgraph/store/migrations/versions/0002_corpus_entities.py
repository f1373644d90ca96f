"""Corpus entities, their names, links, graph edges and judgements; PostgreSQL full text.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26

PostgreSQL full-text search: two text search configurations, ``newsgraph_french`` and
``newsgraph_english`` (copies of ``french``/``english`` whose word mappings go through
``unaccent`` first, so that "economie" finds "Économie"), and a generated ``tsvector``
column ``articles.search_vector`` built with the article's language configuration
(title weight A, the first 300,000 characters of the text weight B) under a GIN index.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.String(64)
SHORT = sa.String(32)
DATE = sa.String(16)
CONFIGURATIONS = {"newsgraph_french": "french", "newsgraph_english": "english"}
# A tsvector holds at most 1 MB; the index covers the first 300,000 characters of a text.
MAX_INDEXED_CHARACTERS = 300_000


def upgrade() -> None:
    _create_corpus_entities()
    _create_links_and_edges()
    _create_judgements()
    if op.get_bind().dialect.name == "postgresql":
        _create_postgres_full_text()


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _drop_postgres_full_text()
    for table in ("judgements", "entity_edges", "entity_links", "corpus_entity_names", "corpus_entities"):
        op.drop_table(table)


def _corpus_fk(name: str, *, primary_key: bool = False) -> sa.Column[str]:
    """A reference to a corpus entity: part of the primary key, or a required column."""
    foreign_key = sa.ForeignKey("corpus_entities.id", ondelete="CASCADE")
    return sa.Column(name, ID, foreign_key, primary_key=primary_key, nullable=False)


def _create_corpus_entities() -> None:
    op.create_table(
        "corpus_entities",
        sa.Column("id", ID, primary_key=True),
        sa.Column("anchor", sa.Text, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("type", SHORT, nullable=False),
        sa.Column("gender", SHORT, nullable=False),
        sa.Column("aliases", sa.JSON, nullable=False),
        sa.Column("descriptors", sa.JSON, nullable=False),
        sa.Column("gazetteer_id", sa.String(128)),
        sa.Column("article_count", sa.Integer, nullable=False),
        sa.Column("mention_count", sa.Integer, nullable=False),
        sa.Column("first_date", DATE),
        sa.Column("last_date", DATE),
    )
    op.create_index("ix_corpus_entities_mention_count", "corpus_entities", ["mention_count"])
    op.create_index("ix_corpus_entities_type_mention_count", "corpus_entities", ["type", "mention_count"])
    op.create_table(
        "corpus_entity_names",
        _corpus_fk("corpus_entity_id", primary_key=True),
        sa.Column("key", sa.Text, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
    )
    op.create_index("ix_corpus_entity_names_key", "corpus_entity_names", ["key"])


def _create_links_and_edges() -> None:
    op.create_table(
        "entity_links",
        sa.Column("article_id", ID, primary_key=True),
        sa.Column("entity_id", ID, primary_key=True),
        _corpus_fk("corpus_entity_id"),
        sa.Column("article_date", DATE),
        sa.Column("mention_count", sa.Integer, nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id", "entity_id"],
            ["entities.article_id", "entities.id"],
            ondelete="CASCADE",
            name="fk_entity_links_entity",
        ),
    )
    op.create_index(
        "ix_entity_links_corpus_date",
        "entity_links",
        ["corpus_entity_id", "article_date", "article_id", "mention_count"],
    )
    op.create_table(
        "entity_edges",
        _corpus_fk("source_id", primary_key=True),
        _corpus_fk("target_id", primary_key=True),
        sa.Column("kind", SHORT, primary_key=True),
        sa.Column("weight", sa.Integer, nullable=False),
    )
    op.create_index("ix_entity_edges_source_weight", "entity_edges", ["source_id", "weight"])


def _create_judgements() -> None:
    op.create_table(
        "judgements",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("action", SHORT, nullable=False),
        sa.Column("subject", sa.Text, nullable=False),
        sa.Column("object", sa.Text),
        sa.Column("author", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text),
    )


def _unaccent_dictionary() -> str:
    """The schema-qualified ``unaccent`` dictionary, creating the extension if needed."""
    bind = op.get_bind()
    op.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    schema = bind.execute(
        sa.text(
            "SELECT n.nspname FROM pg_ts_dict d JOIN pg_namespace n ON n.oid = d.dictnamespace "
            "WHERE d.dictname = 'unaccent' LIMIT 1"
        )
    ).scalar_one()
    return f'"{schema}".unaccent'


def _create_postgres_full_text() -> None:
    unaccent = _unaccent_dictionary()
    for name, base in CONFIGURATIONS.items():
        op.execute(f"CREATE TEXT SEARCH CONFIGURATION {name} (COPY = pg_catalog.{base})")
        op.execute(
            f"ALTER TEXT SEARCH CONFIGURATION {name} "
            f"ALTER MAPPING FOR hword, hword_part, word WITH {unaccent}, {base}_stem"
        )
    vectors = {
        name: (
            f"setweight(to_tsvector('{name}'::regconfig, coalesce(title, '')), 'A') || "
            f"setweight(to_tsvector('{name}'::regconfig, left(text, {MAX_INDEXED_CHARACTERS})), 'B')"
        )
        for name in CONFIGURATIONS
    }
    op.execute(
        "ALTER TABLE articles ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
        f"CASE WHEN lang = 'fr' THEN {vectors['newsgraph_french']} "
        f"ELSE {vectors['newsgraph_english']} END) STORED"
    )
    op.execute("CREATE INDEX ix_articles_search_vector ON articles USING gin (search_vector)")


def _drop_postgres_full_text() -> None:
    op.execute("DROP INDEX IF EXISTS ix_articles_search_vector")
    op.execute("ALTER TABLE articles DROP COLUMN IF EXISTS search_vector")
    for name in CONFIGURATIONS:
        op.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name}")
