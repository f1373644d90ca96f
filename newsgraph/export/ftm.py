"""FollowTheMoney entities (the data model of Aleph / OpenAleph), one JSON object per line.

Per article: an ``Article`` (title, body, date, URL, outlet as publisher, language, the
source's base name; the people, companies, places and countries it mentions); people and
organisations as ``Person`` (with ``gender`` only where the text marks it) and
``Organization``; one ``Mention`` per (article, entity) linking the name as written to
the entity and the article; one ``Documentation`` per quote (role ``quoted``: the
speaker, the quote as summary, its offsets as description); one ``Event`` per event
(source actors as ``organizer``, targets as ``involved``, the place as ``location`` and
``country``, the article as ``proof``; an actor without an entity becomes a
``LegalEntity`` of that article, named as the text names it).

Places are no entities of their own: ``Mention.resolved``, ``organizer`` and ``involved``
take a LegalEntity, and a place is a name and a country (ISO code from the gazetteer's
pycountry entries), so they become properties (``locationMentioned``,
``detectedCountry``, ``location``, ``country``).

Entity ids: a resolved entity is its corpus entity (docs/entities.md), ``ng-c-…``, or the
id the user gave it in an alias file (a Wikidata ``Q…``) exactly as given; an entity
without a corpus entity has an id hashed from its type and canonical name.  Ids are the
same across articles, so the output is made of *fragments*: ``ftm aggregate`` (or
Aleph's loader) merges those of one entity.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import PurePath
from typing import TextIO

import orjson
from followthemoney import model
from followthemoney.proxy import EntityProxy

from newsgraph.analysis.keys import Linked, Links, Node, entity_key, unpack
from newsgraph.model import ActorRef, Article, Entity, Event, Quote
from newsgraph.resolve.gazetteer import bundled_gazetteer, country_code, external_id

ID_PREFIX = "ng"
_SCHEMA_OF_TYPE = {"PER": "Person", "ORG": "Organization"}  # LOC: properties; MISC: nothing
_MENTIONED = {"Person": "peopleMentioned", "Organization": "companiesMentioned"}
_GENDER = {"f": "female", "m": "male"}
_NOT_IN_ID = re.compile(r"[^0-9A-Za-z.-]")


def article_entities(item: Article | Linked) -> Iterator[EntityProxy]:
    """Every FtM entity (fragment) made from one article (with its corpus entities)."""
    article, links = unpack(item)
    document = _article(article)
    nodes: dict[str, EntityProxy] = {}
    made: list[EntityProxy] = []
    for entity in article.entities:
        node = entity_key(entity, links=links)
        if entity.type == "LOC":
            document.add("locationMentioned", node.name)
            document.add("detectedCountry", place_country(node))
            continue
        schema = _SCHEMA_OF_TYPE.get(entity.type)
        if schema is None or not entity.mentions:
            continue
        proxy = _node_proxy(schema, node, entity)
        nodes[entity.id] = proxy
        document.add(_MENTIONED[schema], node.name)
        made += [proxy, _mention(document, proxy, entity)]
    yield document
    yield from made
    for quote in article.quotes:
        documentation = _quote(article, document, quote, nodes)
        if documentation is not None:
            yield documentation
    for event in article.events:
        yield from _event(article, document, event, nodes, links)


def write_ftm(items: Iterable[Article | Linked], out: TextIO) -> int:
    """FtM entities as JSON lines (``ftm`` CLI format); returns the number of entities."""
    count = 0
    for item in items:
        for proxy in article_entities(item):
            out.write(orjson.dumps(proxy.to_dict()).decode("utf-8") + "\n")
            count += 1
    return count


def article_ftm_id(article_id: str) -> str:
    """``ng-a-3f2c…``: the article id made valid for FtM (letters, digits, ``.`` and ``-``)."""
    return f"{ID_PREFIX}-" + _NOT_IN_ID.sub("-", article_id)


def entity_ftm_id(schema: str, node: Node) -> str:
    """The user's id for the corpus entity, else ``ng-c-…`` for a corpus entity, else a hash
    of the schema and the in-article key."""
    given = external_id(node.gazetteer_id)
    if given is not None:
        return given
    if node.key.startswith("c_"):
        return f"{ID_PREFIX}-" + _NOT_IN_ID.sub("-", node.key)
    return str(model.make_entity(schema).make_id(ID_PREFIX, schema, node.key))


def place_country(node: Node) -> str | None:
    """The ISO 3166 code of a place that is a country: its corpus entity's gazetteer entry,
    else the one country the bundled gazetteer finds for its name."""
    code = country_code(node.gazetteer_id)
    if code is not None or node.key.startswith("c_"):
        return code
    entry = bundled_gazetteer().lookup(node.name, "LOC")
    return country_code(entry.id) if entry is not None else None


def _make(schema: str, *parts: str) -> EntityProxy:
    proxy = model.make_entity(schema)
    proxy.make_id(ID_PREFIX, schema, *parts)
    return proxy


def source_name(source: str) -> str | None:
    """The base name of a file source (``summit.txt`` for ``/home/me/corpus/summit.txt``);
    None for a URL, whose address is ``sourceUrl``."""
    if "://" in source or not source.strip():
        return None
    return PurePath(source.replace("\\", "/")).name or None


def _article(article: Article) -> EntityProxy:
    proxy = model.make_entity("Article")
    proxy.id = article_ftm_id(article.id)
    file_name = source_name(article.source)
    proxy.add("title", article.title)
    proxy.add("name", article.title or article.url or file_name or article.id)
    proxy.add("bodyText", article.text)
    proxy.add("publishedAt", article.date.value if article.date else None)
    proxy.add("sourceUrl", article.url)
    proxy.add("publisher", article.outlet)
    proxy.add("author", article.author)
    proxy.add("language", article.lang)
    proxy.add("fileName", file_name)
    return proxy


def _node_proxy(schema: str, node: Node, entity: Entity | None) -> EntityProxy:
    proxy = model.make_entity(schema)
    proxy.id = entity_ftm_id(schema, node)
    proxy.add("name", node.name)
    if entity is not None:
        proxy.add("alias", [name for name in (entity.name, *entity.aliases) if name != node.name])
        proxy.add("description", entity.descriptors[:5])
        if schema == "Person":
            proxy.add("gender", _GENDER.get(entity.gender))
    if schema == "Organization":
        proxy.add("country", country_code(node.gazetteer_id))  # a country acting ("la Russie a dit")
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
    if resolved is None:
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
    article: Article, document: EntityProxy, event: Event, nodes: dict[str, EntityProxy], links: Links
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
        place = article.entity(event.place.entity_id) if event.place.entity_id else None
        if place is not None:
            proxy.add("country", place_country(entity_key(place, links=links)))
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
    """A legal entity for an event actor: its person or organisation, else (no entity, or
    a MISC one) a ``LegalEntity`` of this article named as the text names it (``des
    manifestants``: not one hub shared by every article's demonstrators); places cannot
    take part."""
    if actor.entity_id:
        found = nodes.get(actor.entity_id)
        entity = article.entity(actor.entity_id)
        if found is not None or entity is None or entity.type == "LOC":
            return found
    proxy = _make("LegalEntity", article.id, actor.name.casefold())
    proxy.add("name", actor.name)
    return proxy

