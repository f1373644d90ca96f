"""Events as a GDELT 2.0 event table (docs/exports.md, "GDELT event table"): the 61 columns of
the GDELT 2.0 event codebook in their order, tab-separated, no header row (as GDELT's files;
``header=True`` writes the column names first), one row per event and (source, target) actor pair.

* One event told by several articles is one row: the selected articles' events are clustered as
  ``dedup.cluster_events`` does (type, actors and dates agree); the row is the earliest article's
  (its ``SOURCEURL``), ``NumArticles``/``NumSources``/``NumMentions`` count the cluster.
* ``GLOBALEVENTID``: a positive 60-bit integer from the content hash of the event id and the
  actor pair, the same on every run.
* ``EventCode``/``EventBaseCode``/``EventRootCode``/``QuadClass``: CAMEO through the PLOVER/CAMEO
  crosswalk (:mod:`newsgraph.export.cameo`); empty for types with no CAMEO code.
* ``SQLDATE``/``MonthYear``/``Year``/``FractionDate``: at the precision the date has, empty where
  it is unknown; a month never becomes a day.
* What newsgraph does not know is left empty: CAMEO actor codes, Goldstein scale, tone,
  coordinates, ``DATEADDED``.  Tabs and line breaks inside values become spaces.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, replace
from typing import TextIO
from urllib.parse import urlsplit

from newsgraph.analysis.networks import actor_node
from newsgraph.dedup import EventMention, cluster_events, event_mentions
from newsgraph.export.cameo import cameo_code
from newsgraph.model import PRECISIONS, ActorRef, Article, DateValue, Event

ACTOR_FIELDS = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
                "Religion2Code", "Type1Code", "Type2Code", "Type3Code")
GEO_FIELDS = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{field}" for field in ACTOR_FIELDS), *(f"Actor2{field}" for field in ACTOR_FIELDS),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"{who}Geo_{field}" for who in ("Actor1", "Actor2", "Action") for field in GEO_FIELDS),
    "DATEADDED", "SOURCEURL",
)
ID_HEX_DIGITS = 15  # 60 bits: a positive signed 64-bit integer


@dataclass(frozen=True, slots=True)
class Told:
    """One article's event, with what its row needs from the article."""

    event: Event
    article_id: str
    article_date: DateValue | None
    source_url: str
    outlet: str
    in_lead: bool
    actor1: list[str]  # the name of each source actor, or one empty name
    actor2: list[str]


def write_gdelt(articles: Iterable[Article], out: TextIO, *, header: bool = False,
                modalities: Collection[str] | None = None) -> int:
    """Every row (and the header when asked); returns the number of rows.  ``modalities``
    keeps only events of these modalities (default: all)."""
    if header:
        out.write("\t".join(COLUMNS) + "\n")
    count = 0
    for row in gdelt_rows(articles, modalities=modalities):
        out.write("\t".join(_clean(row[column]) for column in COLUMNS) + "\n")
        count += 1
    return count


def gdelt_rows(articles: Iterable[Article], *, modalities: Collection[str] | None = None
               ) -> Iterator[dict[str, str]]:
    """One row per event cluster and actor pair, clusters in the order of their first mention.
    Holds one small record per event of the selection (clustering needs them all)."""
    told: dict[tuple[str, str], Told] = {}
    mentions: list[EventMention] = []
    for article in articles:
        kept = [e for e in article.events if modalities is None or e.modality in modalities]
        mentions += event_mentions(replace(article, events=kept))
        outlet, lead_end = _outlet(article), _lead_end(article.text)
        told |= {(article.id, event.id): _told(article, event, outlet=outlet, lead_end=lead_end)
                 for event in kept}
    order = {ref: index for index, ref in enumerate(told)}
    for cluster in sorted(cluster_events(mentions), key=lambda c: min(order[ref] for ref in c.mentions)):
        yield from _cluster_rows([told[ref] for ref in cluster.mentions])


def _told(article: Article, event: Event, *, outlet: str, lead_end: int) -> Told:
    return Told(
        event=event, article_id=article.id, article_date=article.date,
        source_url=article.url or article.source, outlet=outlet,
        in_lead=event.trigger.start <= lead_end,
        actor1=_actors(article, event.source), actor2=_actors(article, event.target),
    )


def _outlet(article: Article) -> str:
    """The information source: the outlet, else the URL's host, else the source."""
    return article.outlet or (urlsplit(article.url).hostname if article.url else None) or article.source


def _lead_end(text: str) -> int:
    """The last offset of the first paragraph (GDELT's IsRootEvent: the lead), up to the
    next paragraph's first character: an offset is in the lead when it is no further."""
    body = len(text) - len(text.lstrip())
    line_break = text.find("\n", body)
    if line_break < 0:
        return len(text)
    rest = text[line_break:]
    return line_break + len(rest) - len(rest.lstrip())


def _actors(article: Article, refs: list[ActorRef]) -> list[str]:
    """The actors' names as the graph exports give them (the in-article canonical name)."""
    return [actor_node(article, ref).name for ref in refs] or [""]


def _cluster_rows(members: list[Told]) -> Iterator[dict[str, str]]:
    """The rows of one cluster: its earliest article's event, one per actor pair."""
    lead = min(members, key=_earliest)
    counts = {
        "NumMentions": str(sum(1 + len(t.event.mentions) for t in members)),
        "NumSources": str(len({t.outlet for t in members})),
        "NumArticles": str(len({t.article_id for t in members})),
    }
    shared = {**_date_columns(_cluster_date(members, lead)), **_event_columns(lead), **counts}
    for name1, name2 in itertools.product(lead.actor1, lead.actor2):
        yield {column: "" for column in COLUMNS} | shared | {
            "GLOBALEVENTID": global_event_id(lead.event.id, name1, name2),
            "Actor1Name": name1, "Actor2Name": name2,
        }


def _earliest(told: Told) -> tuple[bool, str]:
    return told.article_date is None, told.article_date.value if told.article_date else ""


def global_event_id(event_id: str, actor1: str, actor2: str) -> str:
    """A positive integer below 2**60 from the event's content-hash id and its actor pair."""
    digest = hashlib.sha256(f"{event_id}\t{actor1}\t{actor2}".encode()).hexdigest()
    return str(int(digest[:ID_HEX_DIGITS], 16))


def _cluster_date(members: list[Told], lead: Told) -> DateValue | None:
    """The most precise date the texts give the event, else the lead's (the article's)."""
    told = [t.event.date for t in members if t.event.date is not None and t.event.date_from == "text"]
    if told:
        # a cluster's dates contain one another (dedup.cluster_events): never a week and a month
        return min(told, key=lambda d: PRECISIONS.index(d.precision))
    return lead.event.date or lead.article_date


def _event_columns(told: Told) -> dict[str, str]:
    event = told.event
    code = cameo_code(event.type, event.mode)
    return {
        "IsRootEvent": "1" if told.in_lead else "0",
        "EventCode": code.code if code else "",
        "EventBaseCode": code.base if code else "",
        "EventRootCode": code.root if code else "",
        "QuadClass": str(code.quad_class) if code else "",
        "ActionGeo_Type": "" if event.place else "0",
        "ActionGeo_FullName": event.place.name if event.place else "",
        "SOURCEURL": told.source_url,
    }


def _date_columns(date: DateValue | None) -> dict[str, str]:
    """SQLDATE (day), MonthYear (month), Year, FractionDate (day), each only when known."""
    first, last = _date_span(date)
    if first is None or last is None:
        return {}
    columns = {"Year": str(first.year)} if first.year == last.year else {}
    if first.year == last.year and first.month == last.month:
        columns["MonthYear"] = f"{first.year}{first.month:02d}"
    if first == last:
        columns["SQLDATE"] = first.strftime("%Y%m%d")
        # GDELT's fraction of the year: ((month - 1) * 30 + day) / 365
        columns["FractionDate"] = f"{first.year + ((first.month - 1) * 30 + first.day) / 365:.4f}"
    return columns


def _date_span(date: DateValue | None) -> tuple[dt.date | None, dt.date | None]:
    """The first and last day a date may be (a decade: unknown)."""
    if date is None or date.precision == "decade":
        return None, None
    value = date.value
    if date.precision == "day":
        day = dt.date.fromisoformat(value)
        return day, day
    if date.precision == "week":
        year, week = int(value[:4]), int(value[6:8])
        return dt.date.fromisocalendar(year, week, 1), dt.date.fromisocalendar(year, week, 7)
    if date.precision == "month":
        first = dt.date(int(value[:4]), int(value[5:7]), 1)
        return first, (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    return dt.date(int(value[:4]), 1, 1), dt.date(int(value[:4]), 12, 31)


def _clean(value: str) -> str:
    return " ".join(value.split()) if any(c in value for c in "\t\r\n") else value
