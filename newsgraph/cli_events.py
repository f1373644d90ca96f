"""``newsgraph events`` and ``newsgraph timeline``: stored events as tables (and a plot).

Register them on the main group with :func:`register` (``register(main)`` in ``cli.py``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import click
from rich.console import Console
from rich.table import Table

from newsgraph.cli import say_nothing_found, stderr
from newsgraph.dates import comparable
from newsgraph.errors import ModelError
from newsgraph.model import DateValue, Event
from newsgraph.store import open_store

if TYPE_CHECKING:
    from matplotlib.figure import Figure

_ORDER = ("day", "week", "month", "year", "decade")




def parse_date(value: str) -> DateValue:
    try:
        return DateValue.parse(value)
    except ModelError as exc:
        raise click.BadParameter(str(exc)) from exc


def date_of(record_event: Event, article_date: DateValue | None) -> DateValue | None:
    return record_event.date or article_date


def within(date: DateValue | None, *, start: DateValue, end: DateValue) -> bool:
    """Whether ``date`` overlaps [start, end], compared at the coarser of the precisions."""
    if date is None:
        return False
    low = _coarse(date, start)
    high = _coarse(date, end)
    return comparable(start.value, start.precision, low) <= comparable(date.value, date.precision, low) \
        and comparable(date.value, date.precision, high) <= comparable(end.value, end.precision, high)


def _coarse(a: DateValue, b: DateValue) -> str:
    precision = max(a.precision, b.precision, key=_ORDER.index)
    return "month" if precision == "week" else precision


def actors_text(refs: Sequence[object]) -> str:
    return ", ".join(str(getattr(r, "name", r)) for r in refs)


@click.command("events")
@click.option("--actor", default=None, help="Only events with this actor (part of a name, any case).")
@click.option("--type", "event_type", default=None, help="Only events of this PLOVER type (e.g. CONSULT).")
@click.option("--between", nargs=2, default=None, metavar="D1 D2",
              help="Only events dated between D1 and D2 (YYYY[-MM[-DD]]).")
@click.option("--salient", is_flag=True,
              help="Only salient events: facts the articles report as their own (docs/events.md).")
@click.option("--limit", type=click.IntRange(1, 10_000), default=50, show_default=True)
@click.option("--db", default=None, help="Store: a SQLite file (default newsgraph.sqlite, or $NEWSGRAPH_DB).")
def events_command(
    actor: str | None, event_type: str | None, between: tuple[str, str] | None, salient: bool, limit: int,
    db: str | None,
) -> None:
    """Stored events, most recent first: type, date, who, whom, where, modality."""
    start, end = (parse_date(between[0]), parse_date(between[1])) if between else (None, None)
    with open_store(db, create=False) as store:
        records = store.events(
            type=event_type.upper() if event_type else None, actor=actor,
            since=start, limit=None if between or salient else limit,
        )
    if start is not None and end is not None:
        records = [r for r in records if within(date_of(r.event, r.article_date), start=start, end=end)]
    if salient:
        records = [r for r in records if r.event.salient]
    records = records[:limit]
    if not records:
        say_nothing_found("no salient event" if salient else "no event", [
            ("with an actor named", actor), ("of type", event_type),
            ("dated from", between[0] if between else None), ("to", between[1] if between else None),
        ])
        return
    table = Table("date", "type", "source", "target", "place", "modality", "trigger", "article")
    for record in records:
        table.add_row(*_row(record.event, record.article_date), record.article_id[:10])
    Console().print(table)


def _row(event: Event, article_date: DateValue | None) -> list[str]:
    date = date_of(event, article_date)
    when = f"{date.value}{'*' if event.date_from == 'article' else ''}" if date else "—"
    kind = f"{event.type}/{event.mode}" if event.mode else event.type
    return [
        when, kind, actors_text(event.source), actors_text(event.target),
        event.place.name if event.place else "", event.modality, event.trigger.text,
    ]


@click.command("timeline")
@click.argument("entity")
@click.option("--plot", "plot_path", type=click.Path(path_type=Path), default=None,
              help="Also draw the timeline to this image (PNG, SVG…; needs matplotlib).")
@click.option("--db", default=None, help="Store: a SQLite file (default newsgraph.sqlite, or $NEWSGRAPH_DB).")
def timeline_command(entity: str, plot_path: Path | None, db: str | None) -> None:
    """Events involving ENTITY in date order (dates marked * come from the article date)."""
    with open_store(db, create=False) as store:
        records = store.events(actor=entity, limit=None)
    dated = sorted(
        ((date_of(r.event, r.article_date), r) for r in records),
        key=lambda pair: comparable(pair[0].value, pair[0].precision, "day") if pair[0] else "9999",
    )
    if not records:
        say_nothing_found("no event involving", [("", entity)])
        if plot_path is not None:
            stderr.print("nothing to plot", highlight=False, markup=False)
        return
    table = Table("date", "type", "source", "target", "place", "modality", "trigger", title=entity)
    for _, record in dated:
        table.add_row(*_row(record.event, record.article_date))
    Console().print(table)
    if plot_path is not None:
        points = [(d, r.event) for d, r in dated if d is not None]
        plot_timeline(points, title=entity, path=plot_path)
        click.echo(f"wrote {plot_path}")


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
