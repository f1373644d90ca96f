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

from newsgraph.analysis.periods import Granularity, GroupBy
from newsgraph.analysis.quotes import QuoteTally, speakers_over_time
from newsgraph.analysis.stored import PairPage, quote_tally, top_event_pairs
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
    with reading.scope(db) as (connection, scope):
        quotes = quote_tally(connection, scope, granularity=granularity)
        events = top_event_pairs(connection, scope, granularity=granularity, top=EVENT_PAIRS)
    with db.read() as connection:
        outlets, langs = queries.outlets_and_languages(connection)
    wanted = (speaker or "").strip()
    selection = {key: value for key, value in dataclasses.asdict(chosen).items() if value is not None}
    selection["limit"] = limit
    form = {**selection, "by": by, "granularity": granularity, "speaker": wanted}
    report = _report(quotes, events, reading, by=by, speaker=wanted)
    speakers = report["over_time"].speakers if report["over_time"] else []
    return render(
        request, "stats.html", form=form, outlets=outlets, langs=langs, max_articles=stats.MAX_ARTICLES,
        api_urls=_api_urls(selection, by=by, granularity=granularity, speakers=speakers), **report,
    )


def _given(value: str | None) -> str | None:
    """A form field: empty means not given."""
    return value.strip() or None if value is not None else None


def _report(
    quotes: QuoteTally, events: PairPage, reading: stats.Reading, *, by: GroupBy, speaker: str
) -> dict[str, Any]:
    """Every table of the page, from the quote tally and the page of event pairs."""
    page = stats.quoted_page(quotes, by="all", top=TOP_QUOTED, offset=0)
    quoted = stats.quoted(page, reading, by="all", granularity=quotes.granularity, top=TOP_QUOTED, offset=0)
    speakers = [speaker] if speaker else [row.name for row in quoted.items[:DEFAULT_SERIES]]
    return {
        "selection": reading.out(),
        "quoted": quoted,
        "shares": stats.shares(quotes, reading, by=by),
        "gender": stats.gender(quotes, reading, by=by),
        "per_article": stats.per_article(quotes, reading),
        "over_time": stats.over_time(
            speakers_over_time(quotes, speakers=speakers), reading, speakers=speakers,
            granularity=quotes.granularity, top=SERIES, offset=0,
        ) if speakers else None,
        "pairs": stats.event_pairs(
            events, reading, granularity=quotes.granularity, top=EVENT_PAIRS, offset=0
        ),
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
        "quoted": [*chosen, ("top", TOP_QUOTED)],
        "shares": grouped,
        "gender": grouped,
        "per-article": chosen,
        "over-time": [*chosen, ("granularity", granularity), *(("speaker", s) for s in speakers)],
        "event-pairs": [*chosen, ("granularity", granularity), ("top", EVENT_PAIRS)],
    }
    return {name: f"/api/stats/{name}?{urlencode(pairs)}" for name, pairs in params.items()}
