"""The network statistics' nodes, stored: ``article_nodes`` and ``quote_mentions``
(revision 0016).

The co-occurrence statistic (``/api/stats/network?kind=cooccurrence``) counts, per article,
the pairs of its most mentioned nodes (``networks.GraphTally``: an entity's node is its
corpus entity once linked, else ``TYPE:name``; two entities of one article that are one
node add up; the first ``MAX_ENTITIES_PER_ARTICLE`` by mentions, ties to the first):
``article_nodes`` holds each article's nodes with their rank.  The "about" statistic links
a quote's speaker to each entity with a mention inside the quote: ``quote_mentions`` holds
those entities and their nodes.  :func:`refresh_network_nodes` rewrites both in the
transaction that changes the entities, quotes or links (saving an article, correcting its
quotes, every resolution), so that a request reads narrow rows of the articles it counts
instead of joining each entity to its mentions, link and corpus entity.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, and_, func, select, true

from newsgraph.store.schema import article_nodes, entities, mentions, quote_mentions, quotes
from newsgraph.store.speakers import entity_node, replacing, rewrite, with_corpus_entity

NODE_COLUMNS = ("article_id", "node_key", "mentions", "position", "busiest")
MENTION_COLUMNS = ("article_id", "quote_id", "entity_id", "node_key")


def refresh_network_nodes(connection: Connection, article_ids: Sequence[str] | None = None) -> None:
    """Rewrite the ``article_nodes`` and ``quote_mentions`` rows of ``article_ids`` (of every
    article when None) from the entities, quotes and links as they are now, in the
    caller's transaction."""
    rewrite(connection, article_nodes, write_article_nodes, article_ids)
    rewrite(connection, quote_mentions, write_quote_mentions, article_ids)


def write_article_nodes(connection: Connection, article_ids: Sequence[str] | None) -> None:
    """Write the nodes of ``article_ids`` (of every article when None), replacing the rows
    there are (``speakers.replacing``)."""
    connection.execute(replacing(connection, article_nodes).from_select(NODE_COLUMNS, _nodes(article_ids)))


def write_quote_mentions(connection: Connection, article_ids: Sequence[str] | None) -> None:
    """Write the entities mentioned inside the quotes of ``article_ids`` (of every quote when
    None), replacing the rows there are."""
    rows = _mentioned(article_ids)
    connection.execute(replacing(connection, quote_mentions).from_select(MENTION_COLUMNS, rows))


def _nodes(article_ids: Sequence[str] | None) -> Any:
    entity = entities.alias("mentioned")
    joined, corpus = with_corpus_entity(entity, None, None, outer=False)
    key = entity_node(entity, corpus)["node_key"].label("node_key")
    where = [entity.c.mention_count > 0]
    if article_ids is not None:
        where.append(entity.c.article_id.in_(article_ids))
    summed = (
        select(entity.c.article_id, key, func.sum(entity.c.mention_count).label("mentions"),
               func.min(entity.c.position).label("position"))
        .select_from(joined).where(and_(*where)).group_by(entity.c.article_id, key)
        .subquery("summed")
    )
    busiest = func.row_number().over(
        partition_by=summed.c.article_id, order_by=(summed.c.mentions.desc(), summed.c.position)
    )
    columns = (summed.c.article_id, summed.c.node_key, summed.c.mentions, summed.c.position)
    return select(*columns, busiest.label("busiest")).where(true())  # SQLite's upsert wants a WHERE


def _mentioned(article_ids: Sequence[str] | None) -> Any:
    """Each (quote, entity) with a mention of the entity inside the quote's span, once."""
    inside = and_(mentions.c.article_id == quotes.c.article_id, mentions.c.start >= quotes.c.start,
                  mentions.c.end <= quotes.c.end)
    entity = entities.alias("inside")
    on = and_(entity.c.article_id == mentions.c.article_id, entity.c.id == mentions.c.entity_id)
    joined, corpus = with_corpus_entity(entity, on, quotes.join(mentions, inside), outer=False)
    key = entity_node(entity, corpus)["node_key"]
    where = true() if article_ids is None else quotes.c.article_id.in_(article_ids)
    return (
        select(quotes.c.article_id, quotes.c.id, entity.c.id, key).select_from(joined).where(where)
        .group_by(quotes.c.article_id, quotes.c.id, entity.c.id, key)
    )
