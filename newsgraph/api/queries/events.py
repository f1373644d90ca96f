"""Events: listings filtered by type, actor, entity and dates; the event types."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    func,
    or_,
    select,
)

from newsgraph.api.queries.common import (
    MAX_PAGE,
    EntityKey,
    bounded,
    count_rows,
    date_range,
    is_entity,
    same_entity,
)
from newsgraph.model import Event
from newsgraph.store.corpus import actor_named
from newsgraph.store.duplicates import distinct_events
from newsgraph.store.rows import load_events
from newsgraph.store.schema import (
    articles,
    entities,
    event_actors,
    events,
)


@dataclass(frozen=True, slots=True)
class EventHit:
    article_id: str
    article_title: str | None
    article_date: str | None
    when: str | None
    event: Event


def _event_when() -> Any:
    return func.coalesce(events.c.date_value, articles.c.date_value)


def events_query(
    *,
    entity: EntityKey | None = None,
    actor: str | None = None,
    type: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    all_copies: bool = False,
) -> Select[Any]:
    when = _event_when()
    query = (
        select(
            *events.c,
            articles.c.title.label("article_title"),
            articles.c.date_value.label("article_date"),
            when.label("when"),
        )
        .join(articles, articles.c.id == events.c.article_id)
        .where(*date_range(when, date_from, date_to))
    )
    if type:
        query = query.where(events.c.type == type)
    if actor:
        query = query.where(actor_named(actor))
    if entity is not None:
        query = query.where(_involves(entity))
    return query if all_copies else query.where(distinct_events())


def _involves(key: EntityKey) -> ColumnElement[bool]:
    """The entity is a source, a target or the place of the event."""
    actor_entity = entities.alias("actor_entity")
    as_actor = (
        select(event_actors.c.event_id)
        .join(actor_entity, same_entity(actor_entity, event_actors.c.article_id, event_actors.c.entity_id))
        .where(
            event_actors.c.article_id == events.c.article_id,
            event_actors.c.event_id == events.c.id,
            is_entity(actor_entity, key),
        )
        .exists()
    )
    place_entity = entities.alias("place_entity")
    as_place = (
        select(place_entity.c.id)
        .where(
            same_entity(place_entity, events.c.article_id, events.c.place_entity_id),
            is_entity(place_entity, key),
        )
        .exists()
    )
    return or_(as_actor, as_place)


def list_events(
    connection: Connection,
    *,
    entity: EntityKey | None = None,
    actor: str | None = None,
    type: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    limit: int = 20,
    offset: int = 0,
    all_copies: bool = False,
) -> tuple[list[EventHit], int]:
    """Events, most recent first (the event's date, else its article's); an event repeated by
    near-duplicate articles once unless ``all_copies``."""
    query = events_query(
        entity=entity, actor=actor, type=type, date_from=date_from, date_to=date_to, all_copies=all_copies
    )
    total = count_rows(connection, query)
    page = query.order_by(
        _event_when().desc().nulls_last(), events.c.article_id, events.c.position
    ).limit(bounded(limit)).offset(offset)
    rows = connection.execute(page).all()
    loaded = load_events(connection, rows)
    hits = [
        EventHit(row.article_id, row.article_title, row.article_date, row.when, event)
        for row, event in zip(rows, loaded, strict=True)
    ]
    return hits, total


def event_types(connection: Connection) -> list[str]:
    query = select(events.c.type).distinct().order_by(events.c.type).limit(MAX_PAGE)
    return list(connection.scalars(query))


