"""Statistics endpoints under /api/stats: ``newsgraph stats`` over HTTP (docs/analysis.md).

Each takes the selection filters of the CLI (query, since, until, lang, outlet, limit),
aggregates the selected articles in SQL (newsgraph.analysis.stored) and answers with the
library's tables.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query
from pydantic import StringConstraints

from newsgraph.analysis.networks import EdgeKind
from newsgraph.analysis.periods import Granularity, GroupBy
from newsgraph.api import stats
from newsgraph.api.errors import ApiError
from newsgraph.api.routes_read import SEARCH_HELP, DateParam, Db
from newsgraph.api.schemas import (
    ERROR_RESPONSES,
    EventPairsOut,
    GenderOut,
    NetworkOut,
    OverTimeOut,
    PerArticleOut,
    QuotedOut,
    SharesOut,
)
from newsgraph.errors import ModelError
from newsgraph.export.select import Selection
from newsgraph.store.search import MAX_QUERY_CHARACTERS

router = APIRouter(prefix="/api/stats", tags=["stats"], responses=ERROR_RESPONSES)

# newsgraph.model.MODALITIES, as a type (tests check that they agree)
Modality = Literal["asserted", "reported", "alleged", "denied", "planned", "hypothetical", "negated"]

Copies = Literal["distinct", "all"]
_COPIES_HELP = (
    "distinct: a quote or event repeated by near-duplicate articles (wire copies) counts once; "
    "all: every copy counts (newsgraph stats --all-copies)"
)
_QUERY_HELP = f"full-text search: articles with every word (best 10,000); {SEARCH_HELP}"


def selection(
    query: Annotated[
        str | None, Query(min_length=1, max_length=MAX_QUERY_CHARACTERS, description=_QUERY_HELP)
    ] = None,
    since: DateParam = None,
    until: DateParam = None,
    lang: Annotated[str | None, Query(max_length=16, description="articles in this language")] = None,
    outlet: Annotated[str | None, Query(max_length=500, description="articles of this outlet")] = None,
    limit: Annotated[
        int, Query(ge=1, le=stats.MAX_ARTICLES, description="at most this many articles are analysed")
    ] = stats.DEFAULT_ARTICLES,
    copies: Annotated[Copies, Query(description=_COPIES_HELP)] = "distinct",
) -> stats.Reading:
    """The selection filters of ``newsgraph stats``; dates are YYYY, YYYY-MM or YYYY-MM-DD."""
    try:
        chosen = Selection(
            query=query, since=since, until=until, lang=lang, outlet=outlet, all_copies=copies == "all"
        )
    except ModelError as exc:
        raise ApiError(422, "invalid_request", str(exc)) from exc
    return stats.Reading(chosen, limit)


Read = Annotated[stats.Reading, Depends(selection)]
By = Annotated[GroupBy, Query(description="group by outlet, by period, or not at all")]
PeriodLength = Annotated[Granularity, Query(description="length of a period")]
Top = Annotated[int, Query(ge=1, le=stats.MAX_TOP, description="rows per page (per group)")]
RankOffset = Annotated[int, Query(ge=0, le=stats.MAX_RANK_OFFSET, description="ranks to skip (per group)")]
NamePart = Annotated[str, StringConstraints(min_length=1, max_length=200)]


@router.get("/quoted", response_model=QuotedOut)
def stats_quoted(
    db: Db, reading: Read, by: By = "all", granularity: PeriodLength = "month", top: Top = 10,
    offset: RankOffset = 0,
) -> QuotedOut:
    """Who is quoted most (people, organisations, unnamed sources), per group."""
    page = reading.quoted(db, granularity=granularity, by=by, top=top, offset=offset)
    return stats.quoted(page, reading, by=by, granularity=granularity, top=top, offset=offset)


@router.get("/shares", response_model=SharesOut)
def stats_shares(db: Db, reading: Read, by: By = "all", granularity: PeriodLength = "month") -> SharesOut:
    """Share of quotes by people, organisations, unnamed sources and unattributed, per group."""
    tally = reading.quotes(db, granularity=granularity, parts=["kinds"], by=by)
    return stats.shares(tally, reading, by=by)


@router.get("/per-article", response_model=PerArticleOut)
def stats_per_article(db: Db, reading: Read) -> PerArticleOut:
    """Quotes per article: mean, median, articles without quotes, distribution."""
    return stats.per_article(reading.quotes(db, parts=["per_article"]), reading)


@router.get("/gender", response_model=GenderOut)
def stats_gender(db: Db, reading: Read, by: By = "all", granularity: PeriodLength = "month") -> GenderOut:
    """Quotes by people whose gender the text marks (f, m), the rest unknown, with coverage."""
    tally = reading.quotes(db, granularity=granularity, parts=["gender"], by=by)
    return stats.gender(tally, reading, by=by)


@router.get("/over-time", response_model=OverTimeOut)
def stats_over_time(
    db: Db,
    reading: Read,
    speaker: Annotated[
        list[NamePart],
        Query(min_length=1, max_length=stats.MAX_SPEAKERS, description="part of a speaker name; repeatable"),
    ],
    granularity: PeriodLength = "month",
    top: Top = 10,
    offset: RankOffset = 0,
) -> OverTimeOut:
    """Quotes per period of every speaker whose name contains one of the ``speaker`` parts."""
    found = reading.over_time(db, granularity=granularity, speakers=speaker)
    return stats.over_time(found, reading, speakers=speaker, granularity=granularity, top=top, offset=offset)


@router.get("/network", response_model=NetworkOut)
def stats_network(
    db: Db, reading: Read, kind: EdgeKind = "coquoted", top: Top = 10, offset: RankOffset = 0
) -> NetworkOut:
    """Strongest edges of the co-quotation, co-occurrence, "about" or event network."""
    edges = reading.edges(db, kind=kind, top=offset + top)
    return stats.network(edges, reading, kind=kind, top=top, offset=offset)


@router.get("/event-pairs", response_model=EventPairsOut)
def stats_event_pairs(
    db: Db,
    reading: Read,
    granularity: PeriodLength = "month",
    modality: Annotated[
        list[Modality] | None, Query(max_length=7, description="count only these modalities (repeatable)")
    ] = None,
    untargeted: Annotated[bool, Query(description="count events without a target, as (source, —)")] = False,
    top: Top = 10,
    offset: RankOffset = 0,
) -> EventPairsOut:
    """Most active (source, event type, target) pairs, with their events per period."""
    modalities = modality or None
    page = reading.event_pairs(
        db, granularity=granularity, modalities=modalities, untargeted=untargeted, top=top, offset=offset
    )
    return stats.event_pairs(
        page, reading, granularity=granularity, modalities=modalities, untargeted=untargeted, top=top,
        offset=offset,
    )
