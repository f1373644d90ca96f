"""Statistics for the API and the web UI: a selection of stored articles aggregated in SQL
(:mod:`newsgraph.analysis.stored`: the tallies of :mod:`newsgraph.analysis` computed by
GROUP BY queries over the stored quotes, entities and events), then the library's views of
the tallies — the very ones ``newsgraph stats`` calls, so the API, the UI and the CLI give
the same numbers (docs/analysis.md).  This module only runs the queries and shapes the
results.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TypeVar

from sqlalchemy import Connection
from sqlalchemy.exc import SQLAlchemyError

from newsgraph.analysis.events import PairRow
from newsgraph.analysis.networks import EdgeKind
from newsgraph.analysis.periods import Granularity, GroupBy
from newsgraph.analysis.quotes import (
    QuoteTally,
    gender_report,
    quotes_per_article,
    source_shares,
)
from newsgraph.analysis.stored import (
    Edges,
    PairPage,
    QuotedPage,
    QuotePart,
    Scope,
    network_edges,
    quote_tally,
    select_scope,
    speakers_over_time_of,
    top_event_pairs,
    top_quoted_page,
)
from newsgraph.api.database import Database
from newsgraph.api.errors import reason
from newsgraph.api.schemas import (
    EventPairOut,
    EventPairsOut,
    EventsInPeriodOut,
    GenderOut,
    GenderRowOut,
    HistogramBinOut,
    NetworkEdgeOut,
    NetworkOut,
    OverTimeOut,
    PerArticleOut,
    QuotedOut,
    QuotedRowOut,
    QuotesInPeriodOut,
    SelectionOut,
    ShareRowOut,
    SharesOut,
    SpeakerSeriesOut,
)
from newsgraph.errors import StoreError
from newsgraph.export.select import Selection, ranked_ids

MAX_ARTICLES = 10_000  # articles one request analyses, at most
DEFAULT_ARTICLES = 1_000
MAX_TOP = 200  # rows of a page (per group)
MAX_RANK_OFFSET = 10_000
MAX_SPEAKERS = 10  # name parts of one over-time request

Row = TypeVar("Row")


@dataclasses.dataclass(slots=True)
class Reading:
    """One selection, ``limit`` articles at most, aggregated in one read transaction; notes
    how many articles it counted and whether the selection had more (``truncated``)."""

    selection: Selection  # its own limit is ignored: ``limit`` is
    limit: int
    articles: int = 0
    truncated: bool = False

    @contextmanager
    def scope(self, database: Database) -> Iterator[tuple[Connection, Scope]]:
        """A read transaction and the selected articles in it (the search run first)."""
        try:
            ranked = ranked_ids(database.store, self.selection)
            with database.engine.connect() as connection, connection.begin():
                scope = select_scope(connection, self.selection, limit=self.limit, ranked=ranked)
                self.articles, self.truncated = scope.articles, scope.truncated
                yield connection, scope
        except SQLAlchemyError as exc:
            raise StoreError(f"{database.name}: cannot read the selected articles: {reason(exc)}") from exc

    def quotes(
        self, database: Database, *, granularity: Granularity = "month", parts: Sequence[QuotePart],
        by: GroupBy | None = None,
    ) -> QuoteTally:
        """The quote tally's ``parts``, grouped ``by`` (what the asked view reads)."""
        with self.scope(database) as (connection, scope):
            return quote_tally(connection, scope, granularity=granularity, parts=parts, by=by)

    def quoted(
        self, database: Database, *, granularity: Granularity, by: GroupBy, top: int, offset: int
    ) -> QuotedPage:
        """Ranks ``offset + 1`` to ``offset + top`` of each group's speakers, ranked in SQL."""
        with self.scope(database) as (connection, scope):
            return top_quoted_page(connection, scope, granularity=granularity, by=by, top=top, offset=offset)

    def over_time(
        self, database: Database, *, granularity: Granularity, speakers: Sequence[str]
    ) -> dict[str, list[tuple[str, int]]]:
        """The quotes per period of the speakers these name parts find."""
        with self.scope(database) as (connection, scope):
            return speakers_over_time_of(connection, scope, granularity=granularity, speakers=speakers)

    def event_pairs(
        self, database: Database, *, granularity: Granularity, modalities: Sequence[str] | None,
        untargeted: bool, top: int, offset: int,
    ) -> PairPage:
        """Ranks ``offset + 1`` to ``offset + top`` of the event pairs, ranked in SQL."""
        with self.scope(database) as (connection, scope):
            return top_event_pairs(
                connection, scope, granularity=granularity, modalities=modalities, untargeted=untargeted,
                top=top, offset=offset,
            )

    def edges(self, database: Database, *, kind: EdgeKind, top: int) -> Edges:
        """The edges of ``kind``, able to rank the first ``top``."""
        with self.scope(database) as (connection, scope):
            return network_edges(connection, scope, kind=kind, top=top)

    def out(self) -> SelectionOut:
        s = self.selection
        return SelectionOut(
            query=s.query, since=s.since, until=s.until, lang=s.lang, outlet=s.outlet,
            limit=self.limit, articles=self.articles, truncated=self.truncated,
        )


def _slice(rows: Sequence[Row], *, top: int, offset: int) -> list[Row]:
    return list(rows[offset : offset + top])


# --- views: library results as API responses ---------------------------------------------


def quoted(
    page: QuotedPage, reading: Reading, *, by: GroupBy, granularity: Granularity, top: int, offset: int
) -> QuotedOut:
    """A page holds ranks ``offset + 1`` to ``offset + top`` of each group."""
    return QuotedOut(
        selection=reading.out(), by=by, granularity=granularity, total=page.total, top=top,
        offset=offset, items=[QuotedRowOut.model_validate(row) for row in page.rows],
    )


def shares(tally: QuoteTally, reading: Reading, *, by: GroupBy) -> SharesOut:
    rows = source_shares(tally, by=by)
    return SharesOut(
        selection=reading.out(), by=by, granularity=tally.granularity,
        items=[ShareRowOut.model_validate(r) for r in rows],
    )


def per_article(tally: QuoteTally, reading: Reading) -> PerArticleOut:
    summary = quotes_per_article(tally)
    return PerArticleOut(
        selection=reading.out(), articles=summary.articles, quotes=summary.quotes, mean=summary.mean,
        median=summary.median, without_quotes=summary.without_quotes,
        histogram=[HistogramBinOut(quotes=n, articles=count) for n, count in summary.histogram],
    )


def gender(tally: QuoteTally, reading: Reading, *, by: GroupBy) -> GenderOut:
    rows = gender_report(tally, by=by)
    return GenderOut(
        selection=reading.out(), by=by, granularity=tally.granularity,
        items=[GenderRowOut.model_validate(r) for r in rows],
    )


def over_time(
    found: dict[str, list[tuple[str, int]]], reading: Reading, *, speakers: Sequence[str],
    granularity: Granularity, top: int, offset: int,
) -> OverTimeOut:
    """``found``: the quotes per period of each speaker found (``speakers_over_time``)."""
    series = [
        SpeakerSeriesOut(
            name=name, quotes=sum(count for _period, count in points),
            points=[QuotesInPeriodOut(period=period, quotes=count) for period, count in points],
        )
        for name, points in found.items()
    ]
    series.sort(key=lambda s: (-s.quotes, s.name))
    return OverTimeOut(
        selection=reading.out(), speakers=list(speakers), granularity=granularity, total=len(series),
        top=top, offset=offset, items=_slice(series, top=top, offset=offset),
    )


def network(edges: Edges, reading: Reading, *, kind: EdgeKind, top: int, offset: int) -> NetworkOut:
    rows = edges.ranked(kind=kind, top=offset + top)  # ranks up to the page's last only
    total = edges.total if edges.kind == kind else 0
    return NetworkOut(
        selection=reading.out(), kind=kind, total=total, top=top, offset=offset,
        items=[NetworkEdgeOut.model_validate(r) for r in _slice(rows, top=top, offset=offset)],
    )


def event_pairs(
    page: PairPage, reading: Reading, *, granularity: Granularity, modalities: Sequence[str] | None = None,
    untargeted: bool = False, top: int, offset: int,
) -> EventPairsOut:
    """The page of event pairs ``top_event_pairs`` ranked, as the API answers it."""
    return EventPairsOut(
        selection=reading.out(), granularity=granularity,
        modalities=sorted(set(modalities)) if modalities is not None else None, untargeted=untargeted,
        total=page.total, top=top, offset=offset, items=[_pair(r) for r in page.rows],
    )


def _pair(row: PairRow) -> EventPairOut:
    return EventPairOut(
        source=row.source, type=row.type, target=row.target, events=row.events,
        by_period=[EventsInPeriodOut(period=period, events=count) for period, count in row.by_period],
    )
