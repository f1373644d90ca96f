"""``newsgraph events`` and ``newsgraph timeline``: stored events as tables (and a plot).

Register them on the main group with :func:`register` (``register(main)`` in ``cli.py``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import click
from rich.table import Table

from newsgraph.cli import plain, stderr
from newsgraph.cli_listing import (
    all_copies_option,
    date_filter,
    dated_within,
    format_option,
    print_empty,
    print_listing,
    say_no_match,
    shorten,
    shown_id,
    year_of,
)
from newsgraph.dates import comparable
from newsgraph.model import DateValue, Event
from newsgraph.store import open_store

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from newsgraph.store.records import EventRecord


def date_of(record_event: Event, article_date: DateValue | None) -> DateValue | None:
    return record_event.date or article_date


def actors_text(refs: Sequence[object]) -> str:
    return ", ".join(str(getattr(r, "name", r)) for r in refs)


EVENT_HEADER = (
    "event_id", "date", "date_from", "type", "mode", "source", "target", "place", "modality",
    "trigger", "salient", "article_id", "article_source",
)
_since_option = click.option("--since", default=None, help="Only events dated on or after YYYY[-MM[-DD]].")
_until_option = click.option("--until", default=None, help="Only events dated on or before YYYY[-MM[-DD]].")
_db_option = click.option(
    "--db", default=None, help="Store: a SQLite file (default newsgraph.sqlite, or $NEWSGRAPH_DB)."
)


@click.command("events")
@click.option("--actor", default=None, help="Only events with this actor (part of a name, any case).")
@click.option("--type", "event_type", default=None, help="Only events of this PLOVER type (e.g. CONSULT).")
@_since_option
@_until_option
@click.option("--salient", is_flag=True,
              help="Only salient events: facts the articles (or a quoted speaker) tell, ranked by "
                   "the learned model (docs/events.md).")
@click.option("--limit", type=click.IntRange(1, 10_000), default=50, show_default=True)
@all_copies_option
@format_option
@_db_option
def events_command(
    actor: str | None, event_type: str | None, since: str | None, until: str | None, salient: bool,
    limit: int, all_copies: bool, output_format: str, db: str | None,
) -> None:
    """Stored events, most recent first: type, date, who, whom, where, modality."""
    start, end = date_filter(since, "--since"), date_filter(until, "--until")
    with open_store(db, create=False) as store:
        records = store.events(  # dates filtered below, at their precision
            type=event_type.upper() if event_type else None, actor=actor,
            since=year_of(start), limit=None if start or end or salient else limit, all_copies=all_copies,
        )
    records = [
        r for r in records
        if dated_within(date_of(r.event, r.article_date), since=start, until=end)
        and (r.event.salient or not salient)
    ][:limit]
    if not records:
        print_empty(output_format, header=EVENT_HEADER)
        say_no_match("no salient event" if salient else "no event", [
            ("with an actor named", actor), ("of type", event_type), ("since", since), ("until", until),
        ])
        return
    print_listing(
        output_format, header=EVENT_HEADER,
        rows=lambda: (_csv_row(record) for record in records),
        objects=lambda: (_json_object(record) for record in records),
        table=lambda: _event_table(records),
    )


def _event_table(records: Sequence[EventRecord], *, title: str | None = None) -> Table:
    """The events, each with its article's id (to pass to `show`; in full when piped)."""
    columns = ["date", "type", "source", "target", "place", "modality", "trigger"]
    table = Table(*columns, "article", title=plain(title) if title else None)
    for record in records:
        cells = [plain(cell) for cell in _row(record.event, record.article_date)]
        table.add_row(*cells, shown_id(record.article_id))
    return table


def _row(event: Event, article_date: DateValue | None) -> list[str]:
    date = date_of(event, article_date)
    when = f"{date.value}{'*' if event.date_from == 'article' else ''}" if date else "—"
    kind = f"{event.type}/{event.mode}" if event.mode else event.type
    return [
        when, kind, actors_text(event.source), actors_text(event.target),
        event.place.name if event.place else "", event.modality, shorten(event.trigger.text, 60),
    ]


def _csv_row(record: EventRecord) -> list[object]:
    event = record.event
    date = date_of(event, record.article_date)
    return [
        event.id, date.value if date else None, event.date_from, event.type, event.mode,
        [a.name for a in event.source], [a.name for a in event.target],
        event.place.name if event.place else None, event.modality, event.trigger.text, event.salient,
        record.article_id, record.source,
    ]


def _json_object(record: EventRecord) -> dict[str, object]:
    return {
        "article_id": record.article_id, "article_source": record.source,
        "article_date": record.article_date.to_dict() if record.article_date else None,
        **record.event.to_dict(),
    }


@click.command("timeline")
@click.argument("entity")
@_since_option
@_until_option
@click.option("--plot", "plot_path", type=click.Path(path_type=Path), default=None,
              help="Also draw the timeline to this image (PNG, SVG…; needs matplotlib).")
@all_copies_option
@format_option
@_db_option
def timeline_command(
    entity: str, since: str | None, until: str | None, plot_path: Path | None, all_copies: bool,
    output_format: str, db: str | None,
) -> None:
    """Events involving ENTITY in date order (dates marked * come from the article date)."""
    start, end = date_filter(since, "--since"), date_filter(until, "--until")
    with open_store(db, create=False) as store:
        records = store.events(actor=entity, since=year_of(start), limit=None, all_copies=all_copies)
    records = [r for r in records if dated_within(date_of(r.event, r.article_date), since=start, until=end)]
    dated = sorted(
        ((date_of(r.event, r.article_date), r) for r in records),
        key=lambda pair: comparable(pair[0].value, pair[0].precision, "day") if pair[0] else "9999",
    )
    if not records:
        print_empty(output_format, header=EVENT_HEADER)
        say_no_match("no event involving", [("", entity), ("since", since), ("until", until)])
        if plot_path is not None:
            stderr.print("nothing to plot", highlight=False, markup=False)
        return
    ordered = [record for _, record in dated]
    print_listing(
        output_format, header=EVENT_HEADER,
        rows=lambda: (_csv_row(record) for record in ordered),
        objects=lambda: (_json_object(record) for record in ordered),
        table=lambda: _event_table(ordered, title=entity),
    )
    if plot_path is not None:
        points = [(d, r.event) for d, r in dated if d is not None]
        plot_timeline(points, title=entity, path=plot_path)
        stderr.print(f"wrote {plot_path}", highlight=False, markup=False)


def plot_timeline(points: Sequence[tuple[DateValue, Event]], *, title: str, path: Path) -> None:
    """Draw :func:`timeline_figure` to ``path``."""
    timeline_figure(points, title=title).savefig(path)


def timeline_figure(points: Sequence[tuple[DateValue, Event]], *, title: str) -> Figure:
    """One marker per event at its date (start of its period), one row per event type; the
    x axis spans the dates (a margin each side); a trigger is written beside its marker
    unless it would cover another label (the first ones in date order are kept)."""
    try:
        import matplotlib.dates as mdates
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise click.ClickException("--plot needs matplotlib (pip install matplotlib)") from exc

    to_number = cast(Callable[[dt.date], float], mdates.date2num)  # matplotlib's day numbers
    types = sorted({event.type for _, event in points})
    figure = Figure(figsize=(10, 1.4 + 0.6 * max(len(types), 1)))
    canvas = FigureCanvasAgg(figure)
    axes = figure.subplots()
    days = [dt.date.fromisoformat(_start_day(date)) for date, _ in points]
    for day, (_date, event) in zip(days, points, strict=True):
        axes.scatter([to_number(day)], [types.index(event.type)],
                     marker="o" if event.date_from == "text" else "x", color="#1f77b4")
    axes.set_yticks(range(len(types)), types)
    axes.set_ylim(-0.6, len(types) - 0.4)
    if days:
        first, last = to_number(min(days)), to_number(max(days))
        margin = max(15.0, (last - first) * 0.04)
        axes.set_xlim(first - margin, last + margin)
    dates_module = cast(Any, mdates)  # untyped constructors
    locator = dates_module.AutoDateLocator()
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(dates_module.ConciseDateFormatter(locator))
    axes.set_title(f"{title}: {len(points)} events (x = dated by the article)")
    figure.tight_layout()
    renderer = cast(Any, canvas).get_renderer()
    placed: list[Any] = []
    for day, (_date, event) in sorted(zip(days, points, strict=True), key=lambda pair: pair[0]):
        x = to_number(day)
        left = x > sum(axes.get_xlim()) / 2  # written to the left of markers in the right half
        label = axes.annotate(event.trigger.text, (x, types.index(event.type)), fontsize=7,
                              xytext=(-4 if left else 4, 5), textcoords="offset points",
                              ha="right" if left else "left", annotation_clip=True)
        box = label.get_window_extent(renderer)
        inside = axes.bbox.contains(box.x0, box.y0) and axes.bbox.contains(box.x1, box.y1)
        if any(box.overlaps(other) for other in placed) or not inside:
            label.remove()
        else:
            placed.append(box)
    return figure


def _start_day(date: DateValue) -> str:
    if date.precision in ("decade", "year"):
        return f"{date.value[:4]}-01-01"
    if date.precision == "month":
        return f"{date.value}-01"
    return comparable(date.value, date.precision, "day")


def register(group: click.Group) -> None:
    """Add ``events`` and ``timeline`` to the ``newsgraph`` command group."""
    group.add_command(events_command)
    group.add_command(timeline_command)
