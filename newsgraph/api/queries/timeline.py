"""Timelines: an entity's articles and mentions per period, and the store's."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Connection,
    case,
    distinct,
    func,
    select,
)

from newsgraph.api.queries.common import PERIOD_LENGTH, EntityKey, Granularity, is_entity
from newsgraph.api.queries.events import events_query
from newsgraph.api.queries.quotes import quotes_by_query
from newsgraph.dates import comparable
from newsgraph.store.schema import (
    articles,
    entities,
)


@dataclass(slots=True)
class Bucket:
    period: str
    articles: int = 0
    mentions: int = 0
    quotes: int = 0
    events: int = 0


def _period(column: Any, granularity: Granularity) -> Any:
    """The period of a stored date in SQL; a week date (``2017-W12``) is kept whole, for
    :func:`_calendar_period` to place in its month (cut at 7 it read ``2017-W1``)."""
    cut = func.substr(column, 1, PERIOD_LENGTH[granularity])
    if granularity != "month":
        return cut  # year: the first 4 characters are the year; day: a week has no day
    return case((func.substr(column, 5, 2) == "-W", column), else_=cut)


def _calendar_period(value: str, granularity: Granularity) -> str | None:
    """``value`` (a stored date or the output of :func:`_period`) as a period of
    ``granularity``: a week date goes to the month of its Thursday (ISO 8601); None when
    the date is less precise than the granularity (a decade, ``2010s``, has no year)."""
    if value.endswith("s"):
        return None
    if value[4:6] == "-W":
        if granularity == "day":
            return None
        return comparable(value[:8], "week", granularity)
    length = PERIOD_LENGTH[granularity]
    return value[:length] if len(value) >= length else None


def entity_timeline(
    connection: Connection, key: EntityKey, *, granularity: Granularity, all_copies: bool = False
) -> list[Bucket]:
    """Per period (by article date, else event date): articles and mentions of the
    entity, quotes it said, events it took part in.  Undated articles are left out.  A quote
    or event repeated by near-duplicate articles counts once unless ``all_copies``."""
    buckets: dict[str, Bucket] = {}

    def bucket(stored: str) -> Bucket:
        period = _calendar_period(stored, granularity)
        return Bucket(stored) if period is None else buckets.setdefault(period, Bucket(period))

    length = PERIOD_LENGTH[granularity]
    period = _period(articles.c.date_value, granularity)
    mention_rows = connection.execute(
        select(
            period.label("period"),
            func.count(distinct(entities.c.article_id)),
            func.sum(entities.c.mention_count),
        )
        .join(articles, articles.c.id == entities.c.article_id)
        .where(is_entity(entities, key), func.length(articles.c.date_value) >= length)
        .group_by(period)
        .limit(10_000)
    )
    for row in mention_rows:
        found = bucket(row[0])  # a week and a date of its month are two rows of one bucket
        found.articles += int(row[1])
        found.mentions += int(row[2] or 0)
    quotes_by = quotes_by_query(key, all_copies=all_copies).subquery()
    quote_period = _period(quotes_by.c.article_date, granularity)
    for row in connection.execute(
        select(quote_period, func.count())
        .where(func.length(quotes_by.c.article_date) >= length)
        .group_by(quote_period)
        .limit(10_000)
    ):
        bucket(row[0]).quotes += int(row[1])
    involved = events_query(entity=key, all_copies=all_copies).subquery()
    event_period = _period(involved.c.when, granularity)
    for row in connection.execute(
        select(event_period, func.count())
        .where(func.length(involved.c.when) >= length)
        .group_by(event_period)
        .limit(10_000)
    ):
        bucket(row[0]).events += int(row[1])
    return [buckets[p] for p in sorted(buckets)]


def all_articles_timeline(connection: Connection, *, granularity: Granularity) -> list[Bucket]:
    length = PERIOD_LENGTH[granularity]
    period = _period(articles.c.date_value, granularity)
    query = (
        select(period, func.count())
        .where(func.length(articles.c.date_value) >= length)
        .group_by(period)
        .order_by(period)
        .limit(10_000)
    )
    counts: Counter[str] = Counter()
    for row in connection.execute(query):
        period = _calendar_period(row[0], granularity)
        if period is not None:
            counts[period] += int(row[1])
    return [Bucket(period, articles=counts[period]) for period in sorted(counts)]


def articles_timeline(dates: Sequence[str | None], *, granularity: Granularity) -> list[Bucket]:
    """Articles per period, from the dates of a set of articles (e.g. search hits)."""
    periods = (_calendar_period(d, granularity) for d in dates if d is not None)
    counts = Counter(p for p in periods if p is not None)
    return [Bucket(period, articles=counts[period]) for period in sorted(counts)]


