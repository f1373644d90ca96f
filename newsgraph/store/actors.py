"""Each event actor's node, stored: ``actor_nodes`` (revision 0015).

An actor that is an entity of its article is that entity's node (``keys.entity_key``: its
corpus entity once linked, else ``TYPE:name``); any other is unnamed, under the name the
text gives it (``networks.actor_node``).  :func:`refresh_actor_nodes` rewrites the rows
from the actors, entities and links, in the transaction that changes them (saving an
article, every resolution), so that the event statistics group the events with two narrow
rows each instead of joining each actor to its entity, link and corpus entity.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, and_, case, select, true

from newsgraph.store.schema import actor_nodes, entities, event_actors
from newsgraph.store.speakers import entity_node, replacing, rewrite, with_corpus_entity

NODE_COLUMNS = ("article_id", "event_id", "role", "position", "node_key", "name", "type", "gazetteer_id")


def refresh_actor_nodes(connection: Connection, article_ids: Sequence[str] | None = None) -> None:
    """Rewrite the ``actor_nodes`` rows of the events of ``article_ids`` (of every event when
    None) from the actors, entities and links as they are now, in the caller's transaction."""
    rewrite(connection, actor_nodes, write_actor_nodes, article_ids)


def write_actor_nodes(connection: Connection, article_ids: Sequence[str] | None) -> None:
    """Write the rows of the actors of ``article_ids`` (every actor when None), replacing
    those there are (``speakers.replacing``)."""
    connection.execute(replacing(connection, actor_nodes).from_select(NODE_COLUMNS, _nodes(article_ids)))


def _nodes(article_ids: Sequence[str] | None) -> Any:
    actor = event_actors.c
    entity = entities.alias("actor")
    on = and_(entity.c.article_id == actor.article_id, entity.c.id == actor.entity_id)
    joined, corpus = with_corpus_entity(entity, on, event_actors, outer=True)
    node = entity_node(entity, corpus)
    unnamed = entity.c.id.is_(None)
    query = select(
        actor.article_id, actor.event_id, actor.role, actor.position, node["node_key"],
        case((unnamed, actor.name), else_=node["name"]), node["type"], node["gazetteer_id"],
    ).select_from(joined)
    return query.where(true() if article_ids is None else actor.article_id.in_(article_ids))
