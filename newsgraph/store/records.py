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
