"""How articles' entities and speakers become corpus-level keys.

Until corpus entities (cross-document resolution) are available, an entity is keyed by
its canonical name and type (``PER:Vladimir Poutine``), the same grouping as
``Store.entities``.  Every statistic and graph goes through :func:`entity_key`, so moving
to corpus entity ids is a change here only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from newsgraph.model import Article, Entity, Quote

SourceKind = Literal["person", "organisation", "unnamed", "unattributed"]
SOURCE_KINDS: tuple[SourceKind, ...] = ("person", "organisation", "unnamed", "unattributed")


@dataclass(frozen=True, slots=True)
class Node:
    """An entity across articles: ``key`` identifies it, ``name``/``type`` describe it."""

    key: str
    name: str
    type: str


@dataclass(frozen=True, slots=True)
class Source:
    """Who a quote is attributed to, classified for source statistics."""

    kind: SourceKind
    name: str | None  # None when unattributed
    node: Node | None  # the speaker's entity, when the speaker is one
    gender: str  # f | m | unknown (only what the text marks, see Entity.gender)


def entity_key(entity: Entity) -> Node:
    return Node(key=f"{entity.type}:{entity.name}", name=entity.name, type=entity.type)


def source_of(article: Article, quote: Quote) -> Source:
    """person: the speaker is a PER entity of the article; organisation: another entity
    (ORG, or a place speaking as an institution: "la Russie a déclaré"); unnamed: a
    speaker the text designates without an entity (``des responsables russes``, or people
    joined with "et"/"and"); unattributed: no speaker (anonymous sources, no cue)."""
    speaker = quote.speaker
    if speaker is None:
        return Source(kind="unattributed", name=None, node=None, gender="unknown")
    entity = article.entity(speaker.entity_id) if speaker.entity_id else None
    if entity is None:
        return Source(kind="unnamed", name=speaker.name, node=None, gender="unknown")
    if entity.type == "PER":
        return Source(kind="person", name=entity.name, node=entity_key(entity), gender=entity.gender)
    return Source(kind="organisation", name=entity.name, node=entity_key(entity), gender="unknown")
