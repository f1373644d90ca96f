"""FollowTheMoney entities (the data model of Aleph / OpenAleph), one JSON object per line.

Per article: an ``Article`` (title, body, date, URL, outlet as publisher, language);
entities as ``Person`` (with ``gender`` only where the text marks it), ``Organization``
and ``Address`` (places); one ``Mention`` per (article, entity) linking the name as
written to the resolved entity and the article; one ``Documentation`` per quote (role
``quoted``: the speaker, the quote as summary, its offsets as description); one
``Event`` per event (source actors as ``organizer``, targets as ``involved``, the
article as ``proof``; an actor without an entity becomes a ``LegalEntity`` named as the
text names it).  Entity ids are stable across articles, so the output is made of
*fragments*: ``ftm aggregate`` (or Aleph's loader) merges those of one entity.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TextIO

import orjson
from followthemoney import model
from followthemoney.proxy import EntityProxy

from newsgraph.analysis.keys import Node, entity_key
from newsgraph.analysis.networks import actor_node
from newsgraph.model import ActorRef, Article, Entity, Event, Quote

ID_PREFIX = "ng"
_SCHEMA_OF_TYPE = {"PER": "Person", "ORG": "Organization", "LOC": "Address"}
_GENDER = {"f": "female", "m": "male"}
_NOT_IN_ID = re.compile(r"[^0-9A-Za-z.-]")


def article_entities(article: Article) -> Iterator[EntityProxy]:
    """Every FtM entity (fragment) made from one article."""
    document = _article(article)
    yield document
    nodes: dict[str, EntityProxy] = {}
    for entity in article.entities:
        proxy = _entity(entity)
        if proxy is None:
            continue
        nodes[entity.id] = proxy
        yield proxy
        yield _mention(document, proxy, entity)
    for quote in article.quotes:
        documentation = _quote(article, document, quote, nodes)
        if documentation is not None:
            yield documentation
    for event in article.events:
        yield from _event(article, document, event, nodes)


def write_ftm(articles: Iterable[Article], out: TextIO) -> int:
    """FtM entities as JSON lines (``ftm`` CLI format); returns the number of entities."""
    count = 0
    for article in articles:
        for proxy in article_entities(article):
            out.write(orjson.dumps(proxy.to_dict()).decode("utf-8") + "\n")
            count += 1
    return count


def article_ftm_id(article_id: str) -> str:
    """``ng-a-3f2c…``: the article id made valid for FtM (letters, digits, ``.`` and ``-``)."""
    return f"{ID_PREFIX}-" + _NOT_IN_ID.sub("-", article_id)


def _make(schema: str, *parts: str) -> EntityProxy:
    proxy = model.make_entity(schema)
    proxy.make_id(ID_PREFIX, schema, *parts)
    return proxy


def _article(article: Article) -> EntityProxy:
    proxy = model.make_entity("Article")
    proxy.id = article_ftm_id(article.id)
    proxy.add("title", article.title)
    proxy.add("name", article.title or article.source)
    proxy.add("bodyText", article.text)
    proxy.add("publishedAt", article.date.value if article.date else None)
    proxy.add("sourceUrl", article.url)
    proxy.add("publisher", article.outlet)
    proxy.add("author", article.author)
    proxy.add("language", article.lang)
    proxy.add("fileName", article.source)
    return proxy


def _entity(entity: Entity) -> EntityProxy | None:
    schema = _SCHEMA_OF_TYPE.get(entity.type)
    if schema is None:
        return None  # MISC has no FtM schema of its own
    return _node_proxy(schema, entity_key(entity), entity)


def _node_proxy(schema: str, node: Node, entity: Entity | None) -> EntityProxy:
    proxy = _make(schema, node.key)
    proxy.add("full" if schema == "Address" else "name", node.name)
    if entity is not None:
        proxy.add("alias", [alias for alias in entity.aliases if alias != entity.name])
        proxy.add("description", entity.descriptors[:5])
        if schema == "Person":
            proxy.add("gender", _GENDER.get(entity.gender))
    return proxy


def _mention(document: EntityProxy, resolved: EntityProxy, entity: Entity) -> EntityProxy:
    proxy = _make("Mention", str(document.id), str(resolved.id))
    proxy.add("document", document)
    proxy.add("resolved", resolved)
    proxy.add("name", sorted({m.text for m in entity.mentions}) or [entity.name])
    proxy.add("detectedSchema", resolved.schema.name)
    return proxy


def _quote(
    article: Article, document: EntityProxy, quote: Quote, nodes: dict[str, EntityProxy]
) -> EntityProxy | None:
    speaker = quote.speaker
    resolved = nodes.get(speaker.entity_id) if speaker and speaker.entity_id else None
    if resolved is None or resolved.schema.name == "Address":
        return None  # FtM links documents to things: a quote without a speaker entity has no subject
    proxy = _make("Documentation", str(document.id), quote.id)
    proxy.add("document", document)
    proxy.add("entity", resolved)
    proxy.add("role", f"quoted ({quote.kind})")
    proxy.add("summary", quote.text)
    proxy.add("description", f"{article.id} [{quote.start}:{quote.end}] confidence {quote.confidence:.2f}")
    proxy.add("date", article.date.value if article.date else None)
    proxy.add("sourceUrl", article.url)
    return proxy


def _event(
    article: Article, document: EntityProxy, event: Event, nodes: dict[str, EntityProxy]
) -> Iterator[EntityProxy]:
    proxy = _make("Event", str(document.id), event.id)
    proxy.add("name", f"{event.type} {event.trigger.text}")
    proxy.add("summary", article.text[event.sentence[0] : event.sentence[1]])
    proxy.add("description", f"modality {event.modality}; mode {event.mode or '—'}; "
                             f"{article.id} [{event.trigger.start}:{event.trigger.end}]")
    proxy.add("date", event.date.value if event.date else None)
    proxy.add("sourceUrl", article.url)
    proxy.add("proof", document)
    if event.place is not None:
        proxy.add("location", event.place.name)
    extra: list[EntityProxy] = []
    for prop, actors in (("organizer", event.source), ("involved", event.target)):
        for actor in actors:
            party = _party(article, actor, nodes)
            if party is not None:
                proxy.add(prop, party)
                if party.id not in {p.id for p in nodes.values()}:
                    extra.append(party)
    yield from extra
    yield proxy


def _party(article: Article, actor: ActorRef, nodes: dict[str, EntityProxy]) -> EntityProxy | None:
    """A legal entity for an event actor: its article entity, else a ``LegalEntity`` named
    as the text names it (``des manifestants``); places cannot take part."""
    found = nodes.get(actor.entity_id) if actor.entity_id else None
    if found is not None:
        return found if found.schema.name != "Address" else None
    return _node_proxy("LegalEntity", actor_node(article, actor), None)
