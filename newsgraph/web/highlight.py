"""The article text cut into pieces for the article page: plain text, entity mentions and
quotations (which contain text and mentions).  Templates escape every piece (autoescape);
nothing here produces HTML."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from newsgraph.model import Article, Entity, Quote


@dataclass(frozen=True, slots=True)
class EntityRef:
    id: str
    name: str
    type: str


@dataclass(slots=True)
class Piece:
    kind: Literal["text", "mention", "quote"]
    text: str = ""
    entity: EntityRef | None = None  # mention: its entity
    quote: Quote | None = None
    children: list[Piece] = field(default_factory=list)
    speakers: list[EntityRef] = field(default_factory=list)  # quote: the entities it names


@dataclass(frozen=True, slots=True)
class _Marked:
    start: int
    end: int
    entity: EntityRef


def article_pieces(article: Article) -> list[Piece]:
    """Top-level pieces covering the whole text, in order."""
    length = len(article.text)
    quotes = _non_overlapping_quotes(article.quotes, length)
    mentions = _mentions(article.entities, quotes, length)
    pieces: list[Piece] = []
    position = 0
    for quote in quotes:
        pieces += _segment(article.text, position, quote.start, mentions)
        children = _segment(article.text, quote.start, quote.end, mentions)
        pieces.append(Piece("quote", article.text[quote.start : quote.end], None, quote, children,
                            _speakers(article, quote)))
        position = quote.end
    pieces += _segment(article.text, position, length, mentions)
    return pieces


def _non_overlapping_quotes(quotes: Sequence[Quote], length: int) -> list[Quote]:
    kept: list[Quote] = []
    for quote in sorted(quotes, key=lambda q: (q.start, -q.end)):
        if 0 <= quote.start < quote.end <= length and (not kept or quote.start >= kept[-1].end):
            kept.append(quote)
    return kept


def _mentions(entities: Sequence[Entity], quotes: Sequence[Quote], length: int) -> list[_Marked]:
    """Mentions in text order, without overlaps and without any crossing a quote's edge."""
    spans = sorted(
        (m.start, m.end, EntityRef(e.id, e.name, e.type))
        for e in entities
        for m in e.mentions
        if 0 <= m.start < m.end <= length
    )
    kept: list[_Marked] = []
    for start, end, entity in spans:
        if kept and start < kept[-1].end:
            continue
        if any(start < q.start < end or start < q.end < end for q in quotes):
            continue
        kept.append(_Marked(start, end, entity))
    return kept


def _segment(text: str, start: int, end: int, mentions: Sequence[_Marked]) -> list[Piece]:
    pieces: list[Piece] = []
    position = start
    for mention in mentions:
        if mention.start < start or mention.end > end:
            continue
        if mention.start > position:
            pieces.append(Piece("text", text[position : mention.start]))
        pieces.append(Piece("mention", text[mention.start : mention.end], mention.entity))
        position = mention.end
    if position < end:
        pieces.append(Piece("text", text[position:end]))
    return pieces


def _speakers(article: Article, quote: Quote) -> list[EntityRef]:
    """The speaker's entity, or each of the people a joint speaker names ("A and B")."""
    return [EntityRef(e.id, e.name, e.type) for e in article.speakers_of(quote)]
