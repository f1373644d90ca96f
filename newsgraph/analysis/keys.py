"""How articles' entities and speakers become corpus-level keys.

An entity that cross-document resolution linked to a corpus entity (``entity_links``,
docs/entities.md) is keyed by that corpus entity: its id and canonical name, so "Vladimir
Poutine" in a French article and "Vladimir Putin" in an English one are one node.  An
entity without a link (no resolution yet, or saved since the last one) keeps its
in-article key, canonical name and type (``PER:Vladimir Poutine``), the grouping of
``Store.entities``.  The links of an article come with it as a :class:`Linked` (read by
:func:`newsgraph.export.select.iter_linked`); a bare :class:`~newsgraph.model.Article`
has none.  Every statistic and graph goes through :func:`entity_key`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

from newsgraph.model import Article, Entity, Quote

SourceKind = Literal["person", "organisation", "unnamed", "unattributed"]
SOURCE_KINDS: tuple[SourceKind, ...] = ("person", "organisation", "unnamed", "unattributed")


@dataclass(frozen=True, slots=True)
class Node:
    """An entity across articles: ``key`` identifies it, ``name``/``type`` describe it."""

    key: str  # a corpus entity id ("c_…"), else "TYPE:canonical name"
    name: str
    type: str
    gazetteer_id: str | None = None  # a corpus entity's gazetteer entry (newsgraph.resolve.gazetteer)


Links = Mapping[str, Node]  # one article's links: in-article entity id -> corpus entity node
NO_LINKS: Links = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Linked:
    """An article with the corpus entities of its resolved entities."""

    article: Article
    links: Links


def unpack(item: Article | Linked) -> tuple[Article, Links]:
    """The article and its links (a bare article has none)."""
    return (item.article, item.links) if isinstance(item, Linked) else (item, NO_LINKS)


@dataclass(frozen=True, slots=True)
class Source:
    """Who a quote is attributed to, classified for source statistics."""

    kind: SourceKind
    name: str | None  # None when unattributed; the corpus entity's name when linked
    node: Node | None  # the speaker's entity, when the speaker is one
    gender: str  # f | m | unknown (only what the text marks, see Entity.gender)
    written: str | None = None  # the name in the article, when it differs from ``name``


def entity_key(entity: Entity, *, links: Links = NO_LINKS) -> Node:
    """The entity's corpus entity when ``links`` has it, else its in-article key."""
    found = links.get(entity.id)
    if found is not None:
        return found
    return Node(key=f"{entity.type}:{entity.name}", name=entity.name, type=entity.type)


def source_of(article: Article, quote: Quote, *, links: Links = NO_LINKS) -> Source:
    """person: the speaker is a PER entity of the article; organisation: another entity
    (ORG, or a place speaking as an institution: "la Russie a déclaré"); unnamed: a
    speaker the text designates without an entity (``des responsables russes``; people
    joined with "et"/"and" are :func:`joint_sources`); unattributed: no speaker (anonymous
    sources, no cue)."""
    speaker = quote.speaker
    if speaker is None:
        return Source(kind="unattributed", name=None, node=None, gender="unknown")
    entity = article.entity(speaker.entity_id) if speaker.entity_id else None
    if entity is None:
        return Source(kind="unnamed", name=speaker.name, node=None, gender="unknown")
    return entity_source(entity, entity_key(entity, links=links))


def entity_source(entity: Entity, node: Node) -> Source:
    """An entity speaking, under its node: a person (PER node) or an organisation."""
    return named_source(entity.name, entity.gender, node)


def named_source(in_article: str, gender: str, node: Node) -> Source:
    """A speaker the article names ``in_article``, of marked ``gender``, under its node."""
    written = in_article if in_article != node.name else None
    if node.type == "PER":
        return Source(kind="person", name=node.name, node=node, gender=gender, written=written)
    return Source(kind="organisation", name=node.name, node=node, gender="unknown", written=written)


def joint_sources(article: Article, quote: Quote, *, links: Links = NO_LINKS) -> list[Source]:
    """The people of a joint speaker ("Daniel Fortier and Claire Benoit": no entity of its
    own, ``Article.speakers_of`` names each), each node once (the first of the entities
    that are one corpus entity), in text order; empty for any other quote, which
    :func:`source_of` classifies.  A joint quote is one quote said by each of them."""
    speaker = quote.speaker
    if speaker is None or speaker.entity_id is not None:
        return []
    people: dict[str, Source] = {}
    for entity in article.speakers_of(quote):
        node = entity_key(entity, links=links)
        if node.key not in people:
            people[node.key] = entity_source(entity, node)
    return list(people.values())
