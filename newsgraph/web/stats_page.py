"""The statistics page (``/stats``): the tables of ``/api/stats`` for one selection, aggregated
in SQL in one read transaction (newsgraph.analysis.stored), drawn by ``static/stats.js``
(Chart.js).

Chart data travels as the API's JSON in ``data-chart`` attributes (autoescaped like any
other attribute); the script draws it on canvases, so names never become markup.
"""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import Connection

from newsgraph.analysis.periods import Granularity, GroupBy
from newsgraph.analysis.stored import (
    QuotePart,
    Scope,
    quote_tally,
    speakers_over_time_of,
    top_event_pairs,
    top_quoted_page,
)
from newsgraph.api import queries, stats
from newsgraph.api.errors import ApiError
from newsgraph.errors import ModelError
from newsgraph.export.select import Selection
from newsgraph.web.pages import FormDate, OptionalText, SearchField, database_of, render

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

TOP_QUOTED = 10
EVENT_PAIRS = 20
SERIES = 8  # speakers drawn over time
DEFAULT_SERIES = 3  # without a speaker asked for: the most quoted ones


@router.get("/stats")
def stats_page(
    request: Request,
    query: SearchField = None,
    since: FormDate = None,
    until: FormDate = None,
    lang: Annotated[str | None, Query(max_length=16)] = None,
    outlet: OptionalText = None,
    limit: Annotated[int, Query(ge=1, le=stats.MAX_ARTICLES)] = stats.DEFAULT_ARTICLES,
    by: GroupBy = "outlet",
    granularity: Granularity = "month",
    speaker: Annotated[str | None, Query(max_length=200)] = None,
) -> Response:
    try:
        chosen = Selection(
            query=_given(query), since=_given(since), until=_given(until), lang=_given(lang),
            outlet=_given(outlet),
        )
    except ModelError as exc:
        raise ApiError(422, "invalid_request", str(exc)) from exc
    reading = stats.Reading(chosen, limit)
    db = database_of(request)
    wanted = (speaker or "").strip()
    with reading.scope(db) as (connection, scope):
        report = _report(connection, scope, reading, by=by, granularity=granularity, speaker=wanted)
    with db.read() as connection:
        outlets, langs = queries.outlets_and_languages(connection)
    selection = {key: value for key, value in dataclasses.asdict(chosen).items() if value is not None}
    selection["limit"] = limit
    form = {**selection, "by": by, "granularity": granularity, "speaker": wanted}
    speakers = report["over_time"].speakers if report["over_time"] else []
    return render(
        request, "stats.html", form=form, outlets=outlets, langs=langs, max_articles=stats.MAX_ARTICLES,
        api_urls=_api_urls(selection, by=by, granularity=granularity, speakers=speakers), **report,
    )


def _given(value: str | None) -> str | None:
    """A form field: empty means not given."""
    return value.strip() or None if value is not None else None


def _report(
    connection: Connection, scope: Scope, reading: stats.Reading, *, by: GroupBy, granularity: Granularity,
    speaker: str,
) -> dict[str, Any]:
    """Every table of the page, each read as its ``/api/stats`` endpoint reads it: the
    speakers ranked in SQL, the counts grouped ``by`` only, the series of the speakers drawn
    only (a tally of every speaker of 10,000 articles took 1.3 s)."""
    parts: list[QuotePart] = ["per_article", "kinds", "gender"]
    counts = quote_tally(connection, scope, granularity=granularity, parts=parts, by=by)
    page = top_quoted_page(connection, scope, granularity=granularity, by="all", top=TOP_QUOTED, offset=0)
    quoted = stats.quoted(page, reading, by="all", granularity=granularity, top=TOP_QUOTED, offset=0)
    speakers = [speaker] if speaker else [row.name for row in quoted.items[:DEFAULT_SERIES]]
    series = speakers_over_time_of(connection, scope, granularity=granularity, speakers=speakers)
    events = top_event_pairs(connection, scope, granularity=granularity, top=EVENT_PAIRS)
    return {
        "selection": reading.out(),
        "quoted": quoted,
        "shares": stats.shares(counts, reading, by=by),
        "gender": stats.gender(counts, reading, by=by),
        "per_article": stats.per_article(counts, reading),
        "over_time": stats.over_time(
            series, reading, speakers=speakers, granularity=granularity, top=SERIES, offset=0,
        ) if speakers else None,
        "pairs": stats.event_pairs(events, reading, granularity=granularity, top=EVENT_PAIRS, offset=0),
    }


def _api_urls(
    selection: dict[str, Any], *, by: GroupBy, granularity: Granularity, speakers: list[str]
) -> dict[str, str]:
    """The /api/stats URL of each table of the page (the same selection and grouping;
    ``all_copies`` is the API's ``copies=all``)."""
    chosen = [(key, value) for key, value in selection.items() if key != "all_copies"]
    if selection.get("all_copies"):
        chosen.append(("copies", "all"))
    grouped = [*chosen, ("by", by), ("granularity", granularity)]
    params: dict[str, list[tuple[str, Any]]] = {
        "quoted": [*chosen, ("granularity", granularity), ("top", TOP_QUOTED)],
        "shares": grouped,
        "gender": grouped,
        "per-article": chosen,
        "over-time": [*chosen, ("granularity", granularity), ("top", SERIES),
                      *(("speaker", s) for s in speakers)],
        "event-pairs": [*chosen, ("granularity", granularity), ("top", EVENT_PAIRS)],
    }
    return {name: f"/api/stats/{name}?{urlencode(pairs)}" for name, pairs in params.items()}
