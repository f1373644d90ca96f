"""Converting between :class:`~newsgraph.model.Article` objects and table rows (both ways)."""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Connection, Row, Table, select

from newsgraph.model import (
    ActorRef,
    Article,
    DateValue,
    Entity,
    EntityType,
    Event,
    Mention,
    Precision,
    Quote,
    QuoteKind,
    Span,
    Speaker,
    TimeExpression,
)
from newsgraph.store.schema import (
    articles,
    entities,
    event_actors,
    events,
    mentions,
    quotes,
    times,
)

RowDict = dict[str, Any]
TableRows = dict[Table, list[RowDict]]

# Parents first: the order in which an article's rows can be inserted.
INSERT_ORDER: tuple[Table, ...] = (
    articles,
    entities,
    mentions,
    quotes,
    events,
    event_actors,
    times,
)


def content_hash(article: Article) -> str:
    """Hash of everything the article's JSON contract holds: a change means re-analysis."""
    canonical = json.dumps(article.to_dict(), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def empty_rows() -> TableRows:
    return {table: [] for table in INSERT_ORDER}


def add_article_rows(rows: TableRows, article: Article, *, digest: str, ingested_at: datetime) -> None:
    """Append the rows that store ``article`` to ``rows`` (one list per table)."""
    rows[articles].append(_article_row(article, digest, ingested_at))
    for position, entity in enumerate(article.entities):
        rows[entities].append(_entity_row(article.id, position, entity))
        rows[mentions].extend(
            _mention_row(article.id, entity.id, index, mention)
            for index, mention in enumerate(entity.mentions)
        )
    rows[quotes].extend(_quote_row(article.id, i, q) for i, q in enumerate(article.quotes))
    for position, ev in enumerate(article.events):
        rows[events].append(_event_row(article.id, position, ev))
        rows[event_actors].extend(_actor_rows(article.id, ev))
    rows[times].extend(_time_row(article.id, i, t) for i, t in enumerate(article.times))


def _article_row(article: Article, digest: str, ingested_at: datetime) -> RowDict:
    return {
        "id": article.id,
        "source": article.source,
        "url": article.url,
        "title": article.title,
        "outlet": article.outlet,
        "author": article.author,
        "lang": article.lang,
        "date_value": article.date.value if article.date else None,
        "date_precision": article.date.precision if article.date else None,
        "text": article.text,
        "notes": list(article.notes),
        "content_hash": digest,
        "ingested_at": ingested_at,
    }


def _entity_row(article_id: str, position: int, entity: Entity) -> RowDict:
    return {
        "article_id": article_id,
        "id": entity.id,
        "position": position,
        "name": entity.name,
        "type": entity.type,
        "aliases": list(entity.aliases),
        "descriptors": list(entity.descriptors),
        "gender": entity.gender,
        "mention_count": len(entity.mentions),
    }


def _mention_row(article_id: str, entity_id: str, position: int, mention: Mention) -> RowDict:
    return {
        "article_id": article_id,
        "entity_id": entity_id,
        "position": position,
        "start": mention.start,
        "end": mention.end,
        "text": mention.text,
        "sentence": mention.sentence,
    }


def _quote_row(article_id: str, position: int, quote: Quote) -> RowDict:
    cue, speaker = quote.cue, quote.speaker
    return {
        "article_id": article_id,
        "id": quote.id,
        "position": position,
        "start": quote.start,
        "end": quote.end,
        "text": quote.text,
        "kind": quote.kind,
        "cue_start": cue.start if cue else None,
        "cue_end": cue.end if cue else None,
        "cue_text": cue.text if cue else None,
        "speaker_name": speaker.name if speaker else None,
        "speaker_entity_id": speaker.entity_id if speaker else None,
        "speaker_start": speaker.start if speaker else None,
        "speaker_end": speaker.end if speaker else None,
        "speaker_descriptor": speaker.descriptor if speaker else None,
        "speaker_how": speaker.how if speaker else None,
        "confidence": quote.confidence,
    }


def _event_row(article_id: str, position: int, ev: Event) -> RowDict:
    return {
        "article_id": article_id,
        "id": ev.id,
        "position": position,
        "type": ev.type,
        "mode": ev.mode,
        "trigger_start": ev.trigger.start,
        "trigger_end": ev.trigger.end,
        "trigger_text": ev.trigger.text,
        "sentence_start": ev.sentence[0],
        "sentence_end": ev.sentence[1],
        "place_entity_id": ev.place.entity_id if ev.place else None,
        "place_name": ev.place.name if ev.place else None,
        "date_value": ev.date.value if ev.date else None,
        "date_precision": ev.date.precision if ev.date else None,
        "date_from": ev.date_from,
        "modality": ev.modality,
        "quote_id": ev.quote_id,
        "confidence": ev.confidence,
        "salient": ev.salient,
        "lemma": ev.lemma,
        "salience": ev.salience,
        "mentions": json.dumps([[m.start, m.end, m.text] for m in ev.mentions], ensure_ascii=False)
        if ev.mentions else None,
    }


def _actor_rows(article_id: str, ev: Event) -> list[RowDict]:
    return [
        {
            "article_id": article_id,
            "event_id": ev.id,
            "role": role,
            "position": position,
            "entity_id": actor.entity_id,
            "name": actor.name,
        }
        for role, actors in (("source", ev.source), ("target", ev.target))
        for position, actor in enumerate(actors)
    ]


def _time_row(article_id: str, position: int, time: TimeExpression) -> RowDict:
    return {
        "article_id": article_id,
        "position": position,
        "start": time.start,
        "end": time.end,
        "text": time.text,
        "value": time.value,
        "precision": time.precision,
        "direction": time.direction,
        "kind": time.kind,
    }


# --- reading -------------------------------------------------------------------------


def load_article(connection: Connection, article_id: str) -> Article | None:
    """Read one article with everything extracted from it, exactly as it was saved."""
    row = connection.execute(select(articles).where(articles.c.id == article_id)).first()
    if row is None:
        return None
    article = article_from_row(row)
    article.entities = _load_entities(connection, article_id)
    article.quotes = [quote_from_row(r) for r in _children(connection, quotes, article_id)]
    article.events = load_events(connection, _children(connection, events, article_id))
    article.times = [time_from_row(r) for r in _children(connection, times, article_id)]
    return article


def _children(connection: Connection, table: Table, article_id: str) -> Sequence[Row[Any]]:
    query = select(table).where(table.c.article_id == article_id).order_by(table.c.position)
    return connection.execute(query).all()


def article_from_row(row: Row[Any]) -> Article:
    """The article's own fields (no entities, quotes, events, times)."""
    return Article(
        id=row.id,
        source=row.source,
        text=row.text,
        lang=row.lang,
        date=date_value(row.date_value, row.date_precision),
        title=row.title,
        url=row.url,
        outlet=row.outlet,
        author=row.author,
        notes=list(row.notes),
    )


def date_value(value: str | None, precision: str | None) -> DateValue | None:
    if value is None or precision is None:
        return None
    return DateValue(value, cast(Precision, precision))


def _load_entities(connection: Connection, article_id: str) -> list[Entity]:
    by_entity: dict[str, list[Mention]] = defaultdict(list)
    mention_query = (
        select(mentions)
        .where(mentions.c.article_id == article_id)
        .order_by(mentions.c.entity_id, mentions.c.position)
    )
    for m in connection.execute(mention_query):
        by_entity[m.entity_id].append(Mention(m.start, m.end, m.text, m.sentence))
    rows = _children(connection, entities, article_id)
    return [entity_from_row(row, by_entity.get(row.id, [])) for row in rows]


def entity_from_row(row: Row[Any], mentions: list[Mention]) -> Entity:
    return Entity(
        id=row.id,
        name=row.name,
        type=cast(EntityType, row.type),
        aliases=list(row.aliases),
        descriptors=list(row.descriptors),
        mentions=mentions,
        gender=row.gender,
    )


def quote_from_row(row: Row[Any]) -> Quote:
    cue = Span(row.cue_start, row.cue_end, row.cue_text) if row.cue_start is not None else None
    speaker = None
    if row.speaker_name is not None:
        speaker = Speaker(
            name=row.speaker_name,
            entity_id=row.speaker_entity_id,
            start=row.speaker_start,
            end=row.speaker_end,
            descriptor=row.speaker_descriptor,
            how=row.speaker_how,
        )
    return Quote(
        id=row.id,
        start=row.start,
        end=row.end,
        text=row.text,
        kind=cast(QuoteKind, row.kind),
        cue=cue,
        speaker=speaker,
        confidence=row.confidence,
    )


def load_events(connection: Connection, event_rows: Sequence[Row[Any]]) -> list[Event]:
    """Events of the given rows, with their actors (one query for all of them)."""
    actors = _load_actors(connection, {(r.article_id, r.id) for r in event_rows})
    return [_event_from_row(row, actors) for row in event_rows]


ActorsByEvent = Mapping[tuple[str, str, str], list[ActorRef]]


def _load_actors(connection: Connection, keys: set[tuple[str, str]]) -> ActorsByEvent:
    found: dict[tuple[str, str, str], list[ActorRef]] = defaultdict(list)
    article_ids = sorted({article_id for article_id, _ in keys})
    for chunk in chunked(article_ids, 500):
        query = (
            select(event_actors).where(event_actors.c.article_id.in_(chunk)).order_by(event_actors.c.position)
        )
        for a in connection.execute(query):
            if (a.article_id, a.event_id) in keys:
                found[(a.article_id, a.event_id, a.role)].append(ActorRef(a.entity_id, a.name))
    return found


def _event_from_row(row: Row[Any], actors: ActorsByEvent) -> Event:
    place = ActorRef(row.place_entity_id, row.place_name) if row.place_name is not None else None
    return Event(
        id=row.id,
        type=row.type,
        mode=row.mode,
        trigger=Span(row.trigger_start, row.trigger_end, row.trigger_text),
        sentence=(row.sentence_start, row.sentence_end),
        source=list(actors.get((row.article_id, row.id, "source"), [])),
        target=list(actors.get((row.article_id, row.id, "target"), [])),
        place=place,
        date=date_value(row.date_value, row.date_precision),
        date_from=row.date_from,
        modality=row.modality,
        quote_id=row.quote_id,
        confidence=row.confidence,
        salient=bool(row.salient),
        lemma=row.lemma,
        salience=row.salience,
        mentions=[Span(int(s), int(e), str(t)) for s, e, t in json.loads(row.mentions or "[]")],
    )


def time_from_row(row: Row[Any]) -> TimeExpression:
    return TimeExpression(
        start=row.start,
        end=row.end,
        text=row.text,
        value=row.value,
        precision=row.precision,
        direction=row.direction,
        kind=row.kind,
    )


def chunked(items: Sequence[str], size: int) -> list[Sequence[str]]:
    return [items[i : i + size] for i in range(0, len(items), size)]
