"""What the store's queries return (plain frozen dataclasses)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from newsgraph.model import DateValue, Event, Quote


@dataclass(frozen=True, slots=True)
class SaveResult:
    """What ``Store.save`` did: new articles, replaced versions, and no-ops."""

    ingested: int = 0  # articles not in the store before
    updated: int = 0  # replaced an older version (same source edited, or re-analysed)
    unchanged: int = 0  # already stored exactly as given

    @property
    def total(self) -> int:
        return self.ingested + self.updated + self.unchanged

    def __add__(self, other: SaveResult) -> SaveResult:
        return SaveResult(
            self.ingested + other.ingested,
            self.updated + other.updated,
            self.unchanged + other.unchanged,
        )


@dataclass(frozen=True, slots=True)
class ArticleSummary:
    id: str
    source: str
    title: str | None
    date: DateValue | None
    lang: str | None
    ingested_at: datetime


@dataclass(frozen=True, slots=True)
class EntitySummary:
    """One (name, type) across all articles."""

    name: str
    type: str
    articles: int
    mentions: int
    aliases: tuple[str, ...]  # most frequent first
    descriptors: tuple[str, ...]  # most frequent first


@dataclass(frozen=True, slots=True)
class QuoteRecord:
    article_id: str
    source: str
    article_date: DateValue | None
    quote: Quote


@dataclass(frozen=True, slots=True)
class EventRecord:
    article_id: str
    source: str
    article_date: DateValue | None
    event: Event


@dataclass(frozen=True, slots=True)
class CorpusEntityRecord:
    """One entity across articles and languages (see docs/entities.md)."""

    id: str
    name: str
    type: str
    gender: str
    aliases: tuple[str, ...]  # most frequent first (names seen in articles, gazetteer names)
    descriptors: tuple[str, ...]  # most frequent first
    article_count: int
    mention_count: int
    first_date: str | None  # earliest / latest article date (YYYY[-MM[-DD]])
    last_date: str | None
    gazetteer_id: str | None  # "country:RU", "org:UN", "user:…" when the gazetteer knows it
    anchor: str  # the name key (or gazetteer id) the id is derived from


@dataclass(frozen=True, slots=True)
class TimelinePoint:
    period: str  # "2023", "2023-09" or "2023-09-13" depending on the granularity
    articles: int
    mentions: int


@dataclass(frozen=True, slots=True)
class Neighbour:
    """An edge of the entity graph from the entity asked about to ``id``."""

    id: str
    name: str
    type: str
    kind: str  # cooccurrence | quotes | quoted_by | acts_on | acted_on_by
    weight: int  # articles (cooccurrence), quotes or events


@dataclass(frozen=True, slots=True)
class JudgementRecord:
    """A human correction; ``subject``/``object`` are name keys (``PER:vladimir putin``)."""

    id: int
    action: str  # merge | split | rename | undo
    subject: str
    object: str | None
    author: str
    created_at: datetime
    note: str | None
