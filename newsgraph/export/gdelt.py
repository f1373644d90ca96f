"""A GDELT-like event table: tab-separated, one row per (source actor, target actor) of an
event, with a header row.  Columns (documented in docs/exports.md):

``GLOBALEVENTID`` (article id/event id), ``SQLDATE`` (YYYYMMDD, empty unless the date is
a day), ``MonthYear`` (YYYYMM), ``Year``, ``DatePrecision``, ``DateFrom`` (text | article),
``Actor1Name``, ``Actor1Type``, ``Actor2Name``, ``Actor2Type``, ``EventCode`` (PLOVER
type), ``EventMode``, ``Modality``, ``ActionGeo_FullName``, ``SOURCEURL`` (the article's
URL, else its source), ``Trigger``, ``Confidence``.  An event without a target has
empty Actor2 columns; tabs and line breaks inside values become spaces.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from typing import TextIO

from newsgraph.analysis.networks import actor_node
from newsgraph.model import ActorRef, Article, DateValue, Event

COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "DatePrecision", "DateFrom",
    "Actor1Name", "Actor1Type", "Actor2Name", "Actor2Type", "EventCode", "EventMode", "Modality",
    "ActionGeo_FullName", "SOURCEURL", "Trigger", "Confidence",
)


def event_rows(article: Article) -> Iterator[dict[str, str]]:
    """The rows of one article's events."""
    for event in article.events:
        targets: list[ActorRef | None] = list(event.target) or [None]
        sources: list[ActorRef | None] = list(event.source) or [None]
        for source, target in itertools.product(sources, targets):
            yield _row(article, event, source, target)


def write_gdelt(articles: Iterable[Article], out: TextIO) -> int:
    """The header and every row; returns the number of rows (header excluded)."""
    out.write("\t".join(COLUMNS) + "\n")
    count = 0
    for article in articles:
        for row in event_rows(article):
            out.write("\t".join(_clean(row[column]) for column in COLUMNS) + "\n")
            count += 1
    return count


def _row(article: Article, event: Event, source: ActorRef | None, target: ActorRef | None) -> dict[str, str]:
    date = event.date or article.date
    date_from = event.date_from if event.date else ("article" if article.date else "none")
    return {
        "GLOBALEVENTID": f"{article.id}/{event.id}",
        **_date_columns(date),
        "DateFrom": date_from,
        **_actor_columns("Actor1", article, source),
        **_actor_columns("Actor2", article, target),
        "EventCode": event.type,
        "EventMode": event.mode or "",
        "Modality": event.modality,
        "ActionGeo_FullName": event.place.name if event.place else "",
        "SOURCEURL": article.url or article.source,
        "Trigger": event.trigger.text,
        "Confidence": f"{event.confidence:.3f}",
    }


def _date_columns(date: DateValue | None) -> dict[str, str]:
    if date is None:
        return {"SQLDATE": "", "MonthYear": "", "Year": "", "DatePrecision": ""}
    value = date.value
    has_month = date.precision in ("day", "month")
    return {
        "SQLDATE": value.replace("-", "") if date.precision == "day" else "",
        "MonthYear": value[:7].replace("-", "") if has_month else "",
        "Year": value[:4] if date.precision != "decade" else "",
        "DatePrecision": date.precision,
    }


def _actor_columns(prefix: str, article: Article, actor: ActorRef | None) -> dict[str, str]:
    if actor is None:
        return {f"{prefix}Name": "", f"{prefix}Type": ""}
    node = actor_node(article, actor)
    return {f"{prefix}Name": node.name, f"{prefix}Type": node.type}


def _clean(value: str) -> str:
    return " ".join(value.split()) if any(c in value for c in "\t\r\n") else value
