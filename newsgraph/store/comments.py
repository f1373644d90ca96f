"""What the store's tables and columns hold, as database comments (PostgreSQL, revision 0011).

``schema.py`` puts them on the metadata; revision 0011 writes them with ``COMMENT ON``, so
that ``\\d+ quotes`` in psql, DBeaver or any tool reading the catalogue explains the
columns.  SQLite keeps no comments; docs/store.md describes the same tables.  A comment
changed here needs a revision that writes it again (the migration test compares the
comments of a migrated PostgreSQL database with the metadata).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Column

TABLES: dict[str, str] = {
    "articles": "One analysed news article: its text and metadata (newsgraph Article).",
    "entities": "People, organisations, places and other names found in one article.",
    "mentions": "Each occurrence of an entity in its article's text (character offsets).",
    "quotes": "Quotes (direct, indirect, according to) in one article, with cue and speaker.",
    "events": "Events in one article: who did what to whom, when and where.",
    "event_actors": "Source and target actors of each event (who did what to whom).",
    "times": "Time expressions in one article, normalised against the article date.",
    "corpus_entities": "Entities across articles and languages, as newsgraph resolve made them last.",
    "corpus_entity_names": "Every name and alias of a corpus entity, by matching key.",
    "entity_links": "The corpus entity of each in-article entity (as of the last resolution).",
    "entity_edges": "Weighted edges between corpus entities, both directions stored.",
    "entity_quotes": "Quotes said by (role by) or mentioning (role about) a corpus entity.",
    "quote_sources": "Who says each quote (its kind and speaking node, or each person of a joint speaker).",
    "actor_nodes": "The node of each event actor (its entity's, or none for an unnamed actor).",
    "article_nodes": "Each article's nodes (its entities with mentions, as co-occurrence counts them).",
    "quote_mentions": "Each entity with a mention inside a quote, and its node (the about network).",
    "entity_months": "Articles and mentions of each corpus entity per month; written at resolution.",
    "judgements": "Human corrections of corpus entities (merge, split, rename, undo); never deleted.",
    "quote_judgements": "Human corrections of quotes (speaker, not_quote, undo), kept across re-analyses.",
    "loaded_partitions": "Batch output partitions loaded by newsgraph load, so that a rerun skips them.",
    "store_marks": "Marks the store keeps about itself (resolution_stale).",
    "article_signatures": "Each article's MinHash signature, to find near-duplicate articles.",
    "signature_bands": "LSH bands of each signature: articles sharing a (band, bucket) are compared.",
    "near_duplicates": "Groups of near-duplicate articles: one row per member, the canonical one included.",
    "quote_copies": "Quotes that repeat a quote of an earlier member of their near-duplicate group.",
    "event_copies": "Events that repeat an event of an earlier member of their near-duplicate group.",
}

_OFFSETS = "character offset in articles.text"

COLUMNS: dict[tuple[str, str], str] = {
    ("articles", "id"): "a_ + hash of the normalised text and the source",
    ("articles", "source"): "file path, URL, PATH:LINE of a record, or a <pseudo-source>",
    ("articles", "lang"): "ISO 639-1 language code (fr, en)",
    ("articles", "date_value"): "publication date: YYYY, YYYY-MM, YYYY-MM-DD, YYYY-Www or YYY0s",
    ("articles", "date_precision"): "precision of date_value: day, week, month, year, decade",
    ("articles", "notes"): "JSON list of notes about how the article was read",
    ("articles", "content_hash"): "SHA-256 of the article's JSON: changes when it is re-analysed",
    ("entities", "id"): "unique within the article only",
    ("entities", "position"): "order of the entity in its article",
    ("entities", "type"): "PER, ORG, LOC or MISC",
    ("entities", "aliases"): "JSON list of other names of the entity in the article",
    ("entities", "descriptors"): "JSON list of roles and appositions (président, professeur …)",
    ("entities", "gender"): "f, m or unknown: only where the text marks it",
    ("mentions", "start"): _OFFSETS,
    ("mentions", "end"): _OFFSETS + " (exclusive)",
    ("mentions", "sentence"): "index of the sentence in the article",
    ("quotes", "id"): "unique within the article only",
    ("quotes", "start"): _OFFSETS,
    ("quotes", "end"): _OFFSETS + " (exclusive)",
    ("quotes", "kind"): "direct, indirect, mixed or according_to",
    ("quotes", "cue_text"): "the speech verb or cue introducing the quote",
    ("quotes", "speaker_name"): "who said it; NULL when no speaker was found",
    ("quotes", "speaker_entity_id"): "entities.id of the speaker in the same article",
    ("quotes", "speaker_how"): "how the speaker was found (name, pronoun, role, corrected …)",
    ("quotes", "confidence"): "0 to 1",
    ("events", "id"): "unique within the article only",
    ("events", "type"): "PLOVER type or open-domain event type",
    ("events", "trigger_text"): "the words that report the event",
    ("events", "place_name"): "where it happened; NULL when unknown",
    ("events", "date_value"): "when it happened, as articles.date_value",
    ("events", "date_from"): "where the date comes from: text, article or none",
    ("events", "modality"): "asserted, reported, alleged, denied, planned, hypothetical or negated",
    ("events", "quote_id"): "quotes.id of the quote that reports the event, if any",
    ("events", "salient"): "whether the event is worth listing (docs/events.md)",
    ("events", "mentions"): "JSON [[start, end, text], ...]: the other mentions of the event",
    ("event_actors", "role"): "source (who acts) or target (acted on)",
    ("event_actors", "entity_id"): "entities.id of the actor in the same article; NULL for an unnamed actor",
    ("times", "value"): "normalised value, as articles.date_value",
    ("times", "direction"): "past, present or future relative to the article date",
    ("corpus_entities", "id"): "c_ + hash of the anchor",
    ("corpus_entities", "anchor"): "record key or gazetteer id the id comes from",
    ("corpus_entities", "gazetteer_id"): "country:XX, org:…, or an external id given with --aliases (Q…)",
    ("corpus_entity_names", "key"): "the name as matched (case and accents folded)",
    ("entity_edges", "kind"): "cooccurrence, quotes / quoted_by, acts_on / acted_on_by",
    ("entity_edges", "weight"): "articles (cooccurrence), quotes or events",
    ("entity_quotes", "role"): "by: the entity speaks; about: the quote mentions it",
    ("quote_sources", "nth"): "0: the quote's one speaker (or none); 1, 2…: each person of a joint speaker",
    ("quote_sources", "kind"): "person | organisation | unnamed | unattributed",
    ("quote_sources", "node_key"): "corpus entity id once linked, else TYPE:name; NULL: no entity",
    ("quote_sources", "written"): "the speaking entity's name in its article",
    ("actor_nodes", "node_key"): "corpus entity id once linked, else TYPE:name; NULL: no entity",
    ("actor_nodes", "name"): "the node's name, or the actor's name when it has no entity",
    ("article_nodes", "node_key"): "corpus entity id once linked, else TYPE:name",
    ("article_nodes", "mentions"): "mentions of the node's entities in the article",
    ("quote_mentions", "node_key"): "the entity's node: corpus entity id once linked, else TYPE:name",
    ("article_nodes", "busiest"): "rank in the article by mentions (1: the most mentioned; ties: the first)",
    ("entity_months", "period"): "YYYY-MM (YYYY or YYY0s for articles dated to the year or decade)",
    ("quote_judgements", "machine"): "JSON: the quote row as the analysis wrote it, restored on undo",
    ("loaded_partitions", "key"): "SHA-256 of the partition's table files",
    ("article_signatures", "minhash"): "128 little-endian uint32: MinHash of the text's word 5-grams",
    ("signature_bands", "bucket"): "64-bit hash of the band's 4 signature values",
    ("near_duplicates", "canonical_id"): "the group's earliest dated article (undated last, then by id)",
    ("near_duplicates", "similarity"): "estimated Jaccard similarity with the canonical article",
    ("quote_copies", "original_quote_id"): "quotes.id of the repeated quote in original_article_id",
    ("event_copies", "original_event_id"): "events.id of the repeated event in original_article_id",
}


def commented_column(table: str, name: str, type_: Any, **options: Any) -> Column[Any]:
    """A column of ``table`` with its comment, for a revision that creates the table."""
    return Column(name, type_, comment=COLUMNS.get((table, name)), **options)
