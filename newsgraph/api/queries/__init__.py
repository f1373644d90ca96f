"""The API's read queries beyond :class:`~newsgraph.store.Store`'s (SQLAlchemy Core).

Every value is a bound parameter, every query has a bounded ``LIMIT``.  Entity detail,
quotes, events, timelines and graphs name an entity by an in-article ``(name, type)``
aggregated across articles (:class:`EntityKey`, ``TYPE:name``); the entity listing
(:func:`list_entities`) gives the corpus entities of cross-document resolution, each with
the in-article names it gathers; :func:`entity_key_for` finds the in-article name an
entity is read under from any of its resolved names.

Dates are stored as ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` strings, which sort in
time order; a range ``[date_from, date_to]`` keeps every value that starts inside it
(``date_to="2023-09"`` keeps ``2023-09-30``).

One module per resource: :mod:`.articles`, :mod:`.entities`, :mod:`.quotes`,
:mod:`.events`, :mod:`.timeline`, :mod:`.graph`; shared pieces in :mod:`.common`.
"""

from __future__ import annotations

from newsgraph.api.queries.articles import ArticleRow, article_rows, list_articles, outlets_and_languages
from newsgraph.api.queries.common import (
    MAX_GRAPH_NODES,
    MAX_LIST_ITEMS,
    MAX_PAGE,
    EntityKey,
    Granularity,
    date_range,
)
from newsgraph.api.queries.entities import (
    MAX_LISTING,
    CorpusEntityDetail,
    EntityDetail,
    EntityListing,
    EntityRow,
    ListedEntity,
    NameVariant,
    aliases_and_descriptors,
    corpus_entity_detail,
    entity_articles,
    entity_detail,
    entity_key_for,
    list_article_entities,
    list_entities,
    resolved_entity,
)
from newsgraph.api.queries.events import EventHit, event_types, list_events
from newsgraph.api.queries.graph import EDGE_KINDS, EdgeKind, GraphEdge, GraphNode, neighbourhood, overview
from newsgraph.api.queries.quotes import QuoteHit, QuoteRole, entity_quotes
from newsgraph.api.queries.timeline import Bucket, all_articles_timeline, articles_timeline, entity_timeline

__all__ = [
    "EDGE_KINDS",
    "MAX_GRAPH_NODES",
    "MAX_LISTING",
    "MAX_LIST_ITEMS",
    "MAX_PAGE",
    "ArticleRow",
    "Bucket",
    "CorpusEntityDetail",
    "EdgeKind",
    "EntityDetail",
    "EntityKey",
    "EntityListing",
    "EntityRow",
    "EventHit",
    "Granularity",
    "GraphEdge",
    "GraphNode",
    "ListedEntity",
    "NameVariant",
    "QuoteHit",
    "QuoteRole",
    "aliases_and_descriptors",
    "all_articles_timeline",
    "article_rows",
    "articles_timeline",
    "corpus_entity_detail",
    "date_range",
    "entity_articles",
    "entity_detail",
    "entity_key_for",
    "entity_quotes",
    "entity_timeline",
    "event_types",
    "list_article_entities",
    "list_articles",
    "list_entities",
    "list_events",
    "neighbourhood",
    "outlets_and_languages",
    "overview",
    "resolved_entity",
]
