"""The store's tables, as SQLAlchemy Core metadata (portable: SQLite and PostgreSQL).

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
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
    true,
)
from sqlalchemy.dialects.postgresql import JSONB

from newsgraph.store import comments

metadata = MetaData()

ID = String(64)
SHORT = String(32)
DATE = String(16)
# JSON documents: jsonb on PostgreSQL (revision 0011: indexable, compared by value), JSON text on SQLite
JSON_DOCUMENT = JSON().with_variant(JSONB(), "postgresql")

FTS_TABLE = "articles_fts"


def _article_fk(name: str | None = None) -> Column[str]:
    key = ForeignKey("articles.id", ondelete="CASCADE", name=name)
    return Column("article_id", ID, key, primary_key=True)


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
    Column("notes", JSON_DOCUMENT, nullable=False),
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
    Column("aliases", JSON_DOCUMENT, nullable=False),
    Column("descriptors", JSON_DOCUMENT, nullable=False),
    Column("gender", SHORT, nullable=False),
    Column("mention_count", Integer, nullable=False),
    Index("ix_entities_name_type", "name", "type"),
    Index("ix_entities_type", "type"),
)

mentions = Table(
    "mentions",
    metadata,
    _article_fk("fk_mentions_article"),  # its own key to articles (revision 0011), shown by datasette
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
    Column("salient", Boolean, nullable=False, server_default=true()),  # docs/events.md, "Salience"
    Column("lemma", Text),  # the predicate's lemma (revision 0008)
    Column("salience", Float),  # the learned salience score, NULL: not scored
    Column("mentions", Text),  # JSON [[start, end, text], ...]: the other mentions of the event
    Index("ix_events_type", "type"),
    Index("ix_events_date_value", "date_value"),
)

# Who did what to whom: one row per actor of an event ("source" or "target"), so that
# "events involving X" is an indexed query on any database.
event_actors = Table(
    "event_actors",
    metadata,
    _article_fk("fk_event_actors_article"),  # its own key to articles (revision 0011), shown by datasette
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

# --- corpus entities (revision 0002): written by newsgraph.resolve, read by the API ----

# One row per entity across articles (Vladimir Putin, whatever the spelling).  Counts and
# dates are computed from entity_links when resolution runs.
corpus_entities = Table(
    "corpus_entities",
    metadata,
    Column("id", ID, primary_key=True),  # "c_" + hash of the anchor
    Column("anchor", Text, nullable=False),  # record key or gazetteer id the id comes from
    Column("name", Text, nullable=False),
    Column("type", SHORT, nullable=False),
    Column("gender", SHORT, nullable=False),
    Column("aliases", JSON_DOCUMENT, nullable=False),
    Column("descriptors", JSON_DOCUMENT, nullable=False),
    Column("gazetteer_id", String(128)),
    Column("article_count", Integer, nullable=False),
    Column("mention_count", Integer, nullable=False),
    Column("first_date", DATE),
    Column("last_date", DATE),
    Index("ix_corpus_entities_mention_count", "mention_count"),
    Index("ix_corpus_entities_type_mention_count", "type", "mention_count"),
)

# Every name and alias of a corpus entity, by matching key (name_key): "Poutine" finds it.
corpus_entity_names = Table(
    "corpus_entity_names",
    metadata,
    Column("corpus_entity_id", ID, ForeignKey("corpus_entities.id", ondelete="CASCADE"), primary_key=True),
    Column("key", Text, primary_key=True),
    Column("name", Text, nullable=False),
    Index("ix_corpus_entity_names_key", "key"),
)

# Which corpus entity each in-article entity is; the article's date is copied here so
# that an entity's timeline and latest articles are index range scans.
entity_links = Table(
    "entity_links",
    metadata,
    _article_fk("fk_entity_links_article"),  # its own key to articles (revision 0011), shown by datasette
    Column("entity_id", ID, primary_key=True),
    Column(
        "corpus_entity_id", ID, ForeignKey("corpus_entities.id", ondelete="CASCADE"), nullable=False
    ),
    Column("article_date", DATE),
    Column("mention_count", Integer, nullable=False),
    ForeignKeyConstraint(
        ["article_id", "entity_id"],
        ["entities.article_id", "entities.id"],
        ondelete="CASCADE",
        name="fk_entity_links_entity",
    ),
    # Covers timelines and newest-first lists of one entity (an index range scan).
    Index("ix_entity_links_corpus_date", "corpus_entity_id", "article_date", "article_id", "mention_count"),
)

# Weighted edges of the entity graph, both directions stored.  kind: cooccurrence (same
# article; weight = articles), quotes / quoted_by (a quote of source mentions target),
# acts_on / acted_on_by (source and target actors of one event).
entity_edges = Table(
    "entity_edges",
    metadata,
    Column("source_id", ID, ForeignKey("corpus_entities.id", ondelete="CASCADE"), primary_key=True),
    Column("target_id", ID, ForeignKey("corpus_entities.id", ondelete="CASCADE"), primary_key=True),
    Column("kind", SHORT, primary_key=True),
    Column("weight", Integer, nullable=False),
    Index("ix_entity_edges_source_weight", "source_id", "weight"),
)

# Materialised at resolution (revision 0004), so that entity pages and timelines are index
# ranges however often an entity is mentioned.  role "by": the entity speaks the quote;
# "about": the quote's span contains a mention of it.  Deleted with their quote.
entity_quotes = Table(
    "entity_quotes",
    metadata,
    _article_fk("fk_entity_quotes_article"),  # its own key to articles (revision 0011), shown by datasette
    Column("quote_id", ID, primary_key=True),
    Column("role", SHORT, primary_key=True),
    Column(
        "corpus_entity_id",
        ID,
        ForeignKey("corpus_entities.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("article_date", DATE),
    Column("position", Integer, nullable=False),  # the quote's position in its article
    ForeignKeyConstraint(
        ["article_id", "quote_id"],
        ["quotes.article_id", "quotes.id"],
        ondelete="CASCADE",
        name="fk_entity_quotes_quote",
    ),
    Index("ix_entity_quotes_entity", "corpus_entity_id", "role", "article_date", "article_id", "position"),
)

# Who says each quote, as the statistics count it (revision 0014, newsgraph.store.speakers):
# row nth 0 of a quote with one speaker or none, rows nth 1, 2… of a joint speaker's people
# (each node once, in text order).  Written with the article, rewritten for an article
# whose quotes are corrected and for every quote by each resolution (the nodes follow the
# links), so that a statistic groups this narrow table instead of joining each quote to its
# speaker's entity, link and corpus entity.  Deleted with their quote.
quote_sources = Table(
    "quote_sources",
    metadata,
    _article_fk("fk_quote_sources_article"),
    Column("quote_id", ID, primary_key=True),
    Column("nth", SmallInteger, primary_key=True),
    Column("position", Integer, nullable=False),  # the quote's position in its article
    Column("kind", SHORT, nullable=False),  # person | organisation | unnamed | unattributed
    Column("node_key", Text),  # the speaking entity's node key; NULL: no entity
    Column("name", Text),  # the node's name, an unnamed speaker's name; NULL: unattributed
    Column("type", SHORT),
    Column("gazetteer_id", String(128)),
    Column("written", Text),  # the entity's name in the article
    Column("gender", SHORT),  # the entity's marked gender in the article
    ForeignKeyConstraint(
        ["article_id", "quote_id"],
        ["quotes.article_id", "quotes.id"],
        ondelete="CASCADE",
        name="fk_quote_sources_quote",
    ),
    sqlite_with_rowid=False,  # clustered by its key (revision 0017)
)

# The node of each event actor (revision 0015, newsgraph.store.actors): its entity's node
# (corpus entity once linked, else TYPE:name), NULL for an actor without an entity (then
# ``name`` is the actor's).  Written with the article and rewritten by each resolution, so
# that the event statistics group it instead of joining actors to entities and links.
actor_nodes = Table(
    "actor_nodes",
    metadata,
    _article_fk("fk_actor_nodes_article"),
    Column("event_id", ID, primary_key=True),
    Column("role", SHORT, primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("node_key", Text),
    Column("name", Text, nullable=False),
    Column("type", SHORT),
    Column("gazetteer_id", String(128)),
    ForeignKeyConstraint(
        ["article_id", "event_id", "role", "position"],
        ["event_actors.article_id", "event_actors.event_id", "event_actors.role", "event_actors.position"],
        ondelete="CASCADE",
        name="fk_actor_nodes_actor",
    ),
    sqlite_with_rowid=False,  # clustered by its key (revision 0017)
)

# Each article's nodes, as co-occurrence counts them (revision 0016, newsgraph.store.nodes):
# per article, each node of its entities with mentions (corpus entity once linked, else
# TYPE:name; two entities of one node are one row), its mentions summed, its first entity's
# position and ``busiest``, its rank in the article by mentions (ties: the first), so that
# the statistics keep an article's most mentioned nodes with a WHERE instead of joining each
# entity to its link and corpus entity.  Written with the article, rewritten by each
# resolution; deleted with the article.
article_nodes = Table(
    "article_nodes",
    metadata,
    _article_fk("fk_article_nodes_article"),
    Column("node_key", Text, primary_key=True),
    Column("mentions", Integer, nullable=False),
    Column("position", Integer, nullable=False),  # the first of its entities in the article
    Column("busiest", Integer, nullable=False),  # 1: the most mentioned node of the article
    sqlite_with_rowid=False,  # clustered by its key (revision 0017)
)

# Each entity with a mention inside a quote, and its node (revision 0016, newsgraph.store.
# nodes): the "about" network's ends, so that it joins each quote's sources to these rows
# instead of testing every entity of the article for a mention inside every quote.  Written
# with the article, rewritten for an article whose quotes are corrected and by each
# resolution; deleted with the quote.
quote_mentions = Table(
    "quote_mentions",
    metadata,
    _article_fk("fk_quote_mentions_article"),
    Column("quote_id", ID, primary_key=True),
    Column("entity_id", ID, primary_key=True),
    Column("node_key", Text, nullable=False),  # corpus entity id once linked, else TYPE:name
    ForeignKeyConstraint(
        ["article_id", "quote_id"],
        ["quotes.article_id", "quotes.id"],
        ondelete="CASCADE",
        name="fk_quote_mentions_quote",
    ),
    sqlite_with_rowid=False,  # clustered by its key (revision 0017)
)

# Articles and mentions of each corpus entity per month ("YYYY-MM"; "YYYY" or "YYYY0s" for
# articles dated to the year or decade only), as of the last resolution.
entity_months = Table(
    "entity_months",
    metadata,
    Column("corpus_entity_id", ID, ForeignKey("corpus_entities.id", ondelete="CASCADE"), primary_key=True),
    Column("period", DATE, primary_key=True),
    Column("articles", Integer, nullable=False),
    Column("mentions", Integer, nullable=False),
)

# Human corrections (merge, split, rename, undo), never deleted; see docs/entities.md.
judgements = Table(
    "judgements",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("action", SHORT, nullable=False),
    Column("subject", Text, nullable=False),
    Column("object", Text),
    Column("author", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("note", Text),
)

# Human corrections of quotes (revision 0009, newsgraph.store.quote_judgements): a quote's
# speaker fixed, or a span judged not a quote; kept by article source and quote span/text
# (no foreign key: they outlive the article's rows and apply again when it is re-analysed).
quote_judgements = Table(
    "quote_judgements",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("action", SHORT, nullable=False),  # speaker | not_quote | undo
    Column("article_id", ID, nullable=False),  # the version judged
    Column("source", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("speaker", Text),  # the speaker (speaker); the judgement undone (undo)
    Column("machine", JSON_DOCUMENT),  # the quote row as the analysis wrote it, to restore on undo
    Column("author", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("note", Text),
    Index("ix_quote_judgements_source", "source"),
)

# Partitions of batch outputs loaded by the bulk loader (revision 0003), recorded in the
# transaction that loads them, so that a rerun skips them (newsgraph.store.bulk).
loaded_partitions = Table(
    "loaded_partitions",
    metadata,
    Column("key", ID, primary_key=True),  # sha256 of the partition's table files
    Column("origin", Text, nullable=False),  # where it was loaded from (directory and partition)
    Column("articles", Integer, nullable=False),
    Column("loaded_at", DateTime(timezone=True), nullable=False),
)

# Marks the store keeps about itself (revision 0007), one row per mark that is set.
# "resolution_stale": articles were written since the last complete resolution; set in
# the transaction that writes them, deleted by the resolution that covers them
# (newsgraph.store.marks).
store_marks = Table(
    "store_marks",
    metadata,
    Column("name", SHORT, primary_key=True),
    Column("token", ID, nullable=False),  # changes each time the mark is set again
    Column("set_at", DateTime(timezone=True), nullable=False),
)

# --- near-duplicate articles (revision 0010, newsgraph.store.duplicates) -----------------

# Each article's MinHash signature (newsgraph.dedup: 128 permutations of its word 5-grams,
# as 128 little-endian uint32), so that a new article is compared with the stored ones
# without recomputing theirs.
article_signatures = Table(
    "article_signatures",
    metadata,
    _article_fk(),
    Column("minhash", LargeBinary, nullable=False),
)

# The signature's LSH bands (32 bands of 4 values): two articles sharing a (band, bucket)
# are candidates, compared by their signatures.
signature_bands = Table(
    "signature_bands",
    metadata,
    _article_fk(),
    Column("band", SmallInteger, primary_key=True),
    Column("bucket", BigInteger, nullable=False),  # a 64-bit hash of the band's values
    Index("ix_signature_bands_bucket", "band", "bucket", "article_id"),
)

# Groups of near-duplicate articles (two or more): one row per member, the canonical one
# included (its own canonical, similarity 1).  An article in no group has no row.
near_duplicates = Table(
    "near_duplicates",
    metadata,
    _article_fk(),
    Column("canonical_id", ID, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("similarity", Float, nullable=False),  # estimated Jaccard with the canonical article
    Index("ix_near_duplicates_canonical", "canonical_id"),
)

# Quotes and events of a group's member that repeat one of an earlier member (the same
# speaker and text; the same type, trigger and actors): left out of distinct counts.
quote_copies = Table(
    "quote_copies",
    metadata,
    Column("article_id", ID, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("quote_id", ID, primary_key=True),
    Column("original_article_id", ID, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("original_quote_id", ID, nullable=False),
    ForeignKeyConstraint(
        ["article_id", "quote_id"], ["quotes.article_id", "quotes.id"], ondelete="CASCADE",
        name="fk_quote_copies_quote",
    ),
    Index("ix_quote_copies_original", "original_article_id"),
)

event_copies = Table(
    "event_copies",
    metadata,
    Column("article_id", ID, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("event_id", ID, primary_key=True),
    Column("original_article_id", ID, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("original_event_id", ID, nullable=False),
    ForeignKeyConstraint(
        ["article_id", "event_id"], ["events.article_id", "events.id"], ondelete="CASCADE",
        name="fk_event_copies_event",
    ),
    Index("ix_event_copies_original", "original_article_id"),
)

# Children first: the order in which rows of one article can be deleted.
ARTICLE_TABLES: tuple[Table, ...] = (
    quote_copies,
    event_copies,
    near_duplicates,
    signature_bands,
    article_signatures,
    entity_quotes,
    quote_sources,
    actor_nodes,
    article_nodes,
    quote_mentions,
    event_actors,
    events,
    quotes,
    mentions,
    entity_links,
    entities,
    times,
    articles,
)


def _comment(tables: MetaData) -> None:
    """Table and column comments (newsgraph.store.comments; written on PostgreSQL by revision 0011)."""
    for table in tables.tables.values():
        table.comment = comments.TABLES[table.name]
        for column in table.columns:
            column.comment = comments.COLUMNS.get((table.name, column.name))


_comment(metadata)

SEARCH_VECTOR = "search_vector"  # PostgreSQL only: generated tsvector column of articles
# PostgreSQL only: its GIN index, with the date buckets since revision 0006 (before: alone)
SEARCH_INDEXES = ("ix_articles_search_dated", "ix_articles_search_vector")


def is_schema_object(name: str | None, type_: str) -> bool:
    """Whether Alembic should compare this object: not the full-text index (dialect specific)."""
    if type_ == "table" and name is not None and name.startswith(FTS_TABLE):
        return False
    if type_ == "column" and name == SEARCH_VECTOR:
        return False
    return not (type_ == "index" and name in SEARCH_INDEXES)
