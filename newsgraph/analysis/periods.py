"""Grouping articles by outlet and by period."""

from __future__ import annotations

from typing import Literal

from newsgraph.model import Article, DateValue

Granularity = Literal["year", "month", "day"]
GRANULARITIES: tuple[Granularity, ...] = ("year", "month", "day")
GroupBy = Literal["outlet", "period", "all"]
GROUP_BYS: tuple[GroupBy, ...] = ("outlet", "period", "all")
UNDATED = "undated"
NO_OUTLET = "(no outlet)"
ALL = "all"
_LENGTH = {"year": 4, "month": 7, "day": 10}
_RANK = {"decade": 0, "year": 1, "week": 2, "month": 2, "day": 3}


def period_of(date: DateValue | None, granularity: Granularity) -> str:
    """``2023-09`` for a date of month or day precision by month; ``undated`` when the
    date is absent or less precise than the granularity (an article dated ``2023`` has
    no month)."""
    if date is None or date.precision == "week" or _RANK[date.precision] < _RANK[granularity]:
        return UNDATED
    return date.value[: _LENGTH[granularity]]


def group_of(article: Article, by: GroupBy, granularity: Granularity) -> str:
    if by == "outlet":
        return article.outlet or NO_OUTLET
    if by == "period":
        return period_of(article.date, granularity)
    return ALL
