"""Articles as Parquet tables and back: one row per article, entity, mention, quote, event, time.

Rows are made from :meth:`Article.to_dict` (the versioned JSON contract) and turned back
into that contract by :func:`article_dicts`, so ``Article.from_dict`` validates what is
read back and ``batch`` output equals ``extract`` output field for field.  Every child row
carries its ``article_id`` and a ``position`` that keeps list order.  Schemas are explicit,
so a partition without quotes still writes a typed, empty ``quotes`` file.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped]

from newsgraph.ingest.document import Failure
from newsgraph.model import Article

_STR = pa.string()
_INT = pa.int64()
_FLOAT = pa.float64()
_ACTOR = pa.struct([("entity_id", _STR), ("name", _STR)])
_SPAN = pa.struct([("start", _INT), ("end", _INT), ("text", _STR)])

SCHEMAS: dict[str, Any] = {
    "articles": pa.schema([
        ("id", _STR), ("source", _STR), ("schema", _STR), ("lang", _STR),
        ("date_value", _STR), ("date_precision", _STR), ("title", _STR), ("url", _STR),
        ("outlet", _STR), ("author", _STR), ("notes", pa.list_(_STR)), ("text", _STR),
        ("partition", _INT), ("position", _INT),
    ]),
    "entities": pa.schema([
        ("article_id", _STR), ("position", _INT), ("id", _STR), ("name", _STR), ("type", _STR),
        ("aliases", pa.list_(_STR)), ("descriptors", pa.list_(_STR)), ("gender", _STR),
        ("mention_count", _INT),
    ]),
    "mentions": pa.schema([
        ("article_id", _STR), ("entity_id", _STR), ("entity_position", _INT), ("position", _INT),
        ("start", _INT), ("end", _INT), ("text", _STR), ("sentence", _INT),
    ]),
    "quotes": pa.schema([
        ("article_id", _STR), ("position", _INT), ("id", _STR), ("start", _INT), ("end", _INT),
        ("text", _STR), ("kind", _STR), ("cue_start", _INT), ("cue_end", _INT), ("cue_text", _STR),
        ("speaker_name", _STR), ("speaker_entity_id", _STR), ("speaker_start", _INT),
        ("speaker_end", _INT), ("speaker_descriptor", _STR), ("speaker_how", _STR),
        ("confidence", _FLOAT),
    ]),
    "events": pa.schema([
        ("article_id", _STR), ("position", _INT), ("id", _STR), ("type", _STR), ("mode", _STR),
        ("trigger_start", _INT), ("trigger_end", _INT), ("trigger_text", _STR),
        ("sentence_start", _INT), ("sentence_end", _INT),
        ("source", pa.list_(_ACTOR)), ("target", pa.list_(_ACTOR)),
        ("place_entity_id", _STR), ("place_name", _STR),
        ("date_value", _STR), ("date_precision", _STR), ("date_from", _STR),
        ("modality", _STR), ("quote_id", _STR), ("confidence", _FLOAT), ("salient", pa.bool_()),
        ("lemma", _STR), ("salience", _FLOAT), ("mentions", pa.list_(_SPAN)),
    ]),
    "times": pa.schema([
        ("article_id", _STR), ("position", _INT), ("start", _INT), ("end", _INT), ("text", _STR),
        ("value", _STR), ("precision", _STR), ("direction", _STR), ("kind", _STR),
    ]),
    "failures": pa.schema([("source", _STR), ("problem", _STR), ("partition", _INT)]),
    "signatures": pa.schema([("article_id", _STR), ("minhash", pa.list_(pa.uint64()))]),
}
ARTICLE_TABLES: tuple[str, ...] = ("articles", "entities", "mentions", "quotes", "events", "times")
TABLES: tuple[str, ...] = (*ARTICLE_TABLES, "failures", "signatures")

Rows = dict[str, list[dict[str, Any]]]


def empty_rows() -> Rows:
    return {table: [] for table in TABLES}


def add_article(rows: Rows, article: Article, *, partition: int, position: int) -> None:
    """Append the rows of one article to ``rows`` (made from its JSON contract)."""
    data = article.to_dict()
    article_id = data["id"]
    rows["articles"].append(_article_row(data, partition=partition, position=position))
    for index, entity in enumerate(article.entities):
        rows["entities"].append(_entity_row(article_id, index, data["entities"][index]))
        for number, mention in enumerate(entity.mentions):
            rows["mentions"].append({
                "article_id": article_id, "entity_id": entity.id, "entity_position": index,
                "position": number, "start": mention.start, "end": mention.end,
                "text": mention.text, "sentence": mention.sentence,
            })
    for index, quote in enumerate(data["quotes"]):
        rows["quotes"].append(_quote_row(article_id, index, quote))
    for index, event in enumerate(data["events"]):
        rows["events"].append(_event_row(article_id, index, event))
    for index, time in enumerate(data["times"]):
        rows["times"].append({"article_id": article_id, "position": index, **time})


def add_failure(rows: Rows, failure: Failure, *, partition: int) -> None:
    rows["failures"].append({"source": failure.source, "problem": failure.problem, "partition": partition})


def to_table(name: str, rows: Sequence[dict[str, Any]]) -> Any:
    return pa.Table.from_pylist(list(rows), schema=SCHEMAS[name])


def _article_row(data: dict[str, Any], *, partition: int, position: int) -> dict[str, Any]:
    date = data["date"] or {}
    return {
        "id": data["id"], "source": data["source"], "schema": data["schema"], "lang": data["lang"],
        "date_value": date.get("value"), "date_precision": date.get("precision"),
        "title": data["title"], "url": data["url"], "outlet": data["outlet"], "author": data["author"],
        "notes": data["notes"], "text": data["text"], "partition": partition, "position": position,
    }


def _entity_row(article_id: str, index: int, entity: dict[str, Any]) -> dict[str, Any]:
    return {
        "article_id": article_id, "position": index, "id": entity["id"], "name": entity["name"],
        "type": entity["type"], "aliases": entity["aliases"], "descriptors": entity["descriptors"],
        "gender": entity["gender"], "mention_count": len(entity["mentions"]),
    }


def _quote_row(article_id: str, index: int, quote: dict[str, Any]) -> dict[str, Any]:
    cue = quote["cue"] or {}
    speaker = quote["speaker"] or {}
    return {
        "article_id": article_id, "position": index, "id": quote["id"], "start": quote["start"],
        "end": quote["end"], "text": quote["text"], "kind": quote["kind"],
        "cue_start": cue.get("start"), "cue_end": cue.get("end"), "cue_text": cue.get("text"),
        "speaker_name": speaker.get("name"), "speaker_entity_id": speaker.get("entity_id"),
        "speaker_start": speaker.get("start"), "speaker_end": speaker.get("end"),
        "speaker_descriptor": speaker.get("descriptor"), "speaker_how": speaker.get("how"),
        "confidence": quote["confidence"],
    }


def _event_row(article_id: str, index: int, event: dict[str, Any]) -> dict[str, Any]:
    date = event["date"] or {}
    place = event["place"] or {}
    return {
        "article_id": article_id, "position": index, "id": event["id"], "type": event["type"],
        "mode": event["mode"], "trigger_start": event["trigger"]["start"],
        "trigger_end": event["trigger"]["end"], "trigger_text": event["trigger"]["text"],
        "sentence_start": event["sentence"]["start"], "sentence_end": event["sentence"]["end"],
        "source": event["source"], "target": event["target"],
        "place_entity_id": place.get("entity_id"), "place_name": place.get("name"),
        "date_value": date.get("value"), "date_precision": date.get("precision"),
        "date_from": date.get("from"), "modality": event["modality"], "quote_id": event["quote_id"],
        "confidence": event["confidence"], "salient": event.get("salient", True),
        "lemma": event.get("lemma"), "salience": event.get("salience"),
        "mentions": event.get("mentions", []),
    }


# Back to the JSON contract


def article_dicts(tables: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """Rows of one partition (``table -> rows``) back to article dicts, in partition order."""
    children = {name: _by_article(tables.get(name, [])) for name in ("entities", "quotes", "events", "times")}
    mentions = _by_article(tables.get("mentions", []))
    articles = sorted(tables.get("articles", []), key=lambda row: int(row["position"]))
    return [_article_dict(row, children, mentions) for row in articles]


def _by_article(rows: Iterable[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        grouped[row["article_id"]].append(row)
    for items in grouped.values():
        items.sort(key=lambda row: (int(row.get("entity_position") or 0), int(row["position"])))
    return grouped


def _article_dict(
    row: dict[str, Any], children: dict[str, dict[str, list[dict[str, Any]]]],
    mentions: dict[str, list[dict[str, Any]]],
) -> dict[str, Any]:
    article_id = row["id"]
    entity_mentions: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for mention in mentions.get(article_id, []):
        entity_mentions[int(mention["entity_position"])].append(
            {"start": mention["start"], "end": mention["end"], "text": mention["text"]}
        )
    return {
        "schema": row["schema"], "source": row["source"], "id": article_id, "lang": row["lang"],
        "date": _date(row), "title": row["title"], "url": row["url"], "outlet": row["outlet"],
        "author": row["author"], "notes": list(row["notes"] or []), "text": row["text"],
        "entities": [
            _entity_dict(entity, entity_mentions[int(entity["position"])])
            for entity in children["entities"].get(article_id, [])
        ],
        "quotes": [_quote_dict(quote) for quote in children["quotes"].get(article_id, [])],
        "events": [_event_dict(event) for event in children["events"].get(article_id, [])],
        "times": [_time_dict(time) for time in children["times"].get(article_id, [])],
    }


def _date(row: dict[str, Any]) -> dict[str, Any] | None:
    if row["date_value"] is None:
        return None
    return {"value": row["date_value"], "precision": row["date_precision"]}


def _entity_dict(row: dict[str, Any], mentions: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "id": row["id"], "name": row["name"], "type": row["type"], "aliases": list(row["aliases"] or []),
        "descriptors": list(row["descriptors"] or []), "gender": row["gender"], "mentions": mentions,
    }


def _quote_dict(row: dict[str, Any]) -> dict[str, Any]:
    cue = (
        {"start": row["cue_start"], "end": row["cue_end"], "text": row["cue_text"]}
        if row["cue_start"] is not None else None
    )
    speaker = (
        {
            "entity_id": row["speaker_entity_id"], "name": row["speaker_name"],
            "start": row["speaker_start"], "end": row["speaker_end"],
            "descriptor": row["speaker_descriptor"], "how": row["speaker_how"],
        }
        if row["speaker_name"] is not None else None
    )
    return {
        "id": row["id"], "start": row["start"], "end": row["end"], "text": row["text"],
        "kind": row["kind"], "cue": cue, "speaker": speaker, "confidence": row["confidence"],
    }


def _event_dict(row: dict[str, Any]) -> dict[str, Any]:
    date = (
        {"value": row["date_value"], "precision": row["date_precision"], "from": row["date_from"]}
        if row["date_value"] is not None else None
    )
    place = (
        {"entity_id": row["place_entity_id"], "name": row["place_name"]}
        if row["place_name"] is not None else None
    )
    return {
        "id": row["id"], "type": row["type"], "mode": row["mode"],
        "trigger": {"start": row["trigger_start"], "end": row["trigger_end"], "text": row["trigger_text"]},
        "sentence": {"start": row["sentence_start"], "end": row["sentence_end"]},
        "source": [dict(actor) for actor in row["source"] or []],
        "target": [dict(actor) for actor in row["target"] or []],
        "place": place, "date": date, "modality": row["modality"], "quote_id": row["quote_id"],
        "confidence": row["confidence"], "salient": row.get("salient", True) is not False,
        "lemma": row.get("lemma"), "salience": row.get("salience"),
        "mentions": [dict(m) for m in row.get("mentions") or []],
    }


def _time_dict(row: dict[str, Any]) -> dict[str, Any]:
    keys = ("start", "end", "text", "value", "precision", "direction", "kind")
    return {key: row[key] for key in keys}
