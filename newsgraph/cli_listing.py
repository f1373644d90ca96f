"""What every listing command (``search``, ``entities``, ``events``, ``timeline``,
``quotes``, ``show``) does the same way.

* ``--format table|jsonl|csv``: a table for reading (the default), one JSON object a line,
  or CSV with a header row (lists joined with ``"; "``).
* A quote or event that a near-duplicate article (a wire copy) repeats is listed once;
  ``--all-copies`` (``events``, ``timeline``, ``quotes``) lists every copy.
* Ids in full when standard output is not a terminal (a table shortens them only on a
  terminal), so a pipe gets ids it can pass to another command.
* An empty result is said on standard error (``no event with an actor named 'X'``), exit
  0; standard output stays empty (CSV: the header row alone), so a pipe reads no data.
* Long texts in tables end at a word boundary with an ellipsis.
* Stored data never drives the terminal: tables print it as text (no console markup, no
  control characters, :func:`newsgraph.cli.plain`); JSON escapes every control character
  (C1 too); CSV written to a terminal shows them as visible characters.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import click
from rich.console import Console, RenderableType
from rich.text import Text

from newsgraph.dates import comparable
from newsgraph.errors import ModelError
from newsgraph.model import DateValue

FORMATS = ("table", "jsonl", "csv")
SHORT_ID = 10  # characters of an id a table shows on a terminal
_C1_AND_DEL = re.compile("[\x7f-\x9f]")  # json.dumps escapes only C0 controls


def format_option(function: Any) -> Any:
    """``--format table|jsonl|csv`` (default table) as the ``output_format`` argument."""
    return click.option(
        "--format", "output_format", type=click.Choice(FORMATS), default="table", show_default=True,
        help="table (for reading), jsonl (one JSON object a line) or csv (a header row).",
    )(function)


def all_copies_option(function: Any) -> Any:
    """``--all-copies`` as the ``all_copies`` argument: list the quotes and events that
    near-duplicate articles (wire copies) repeat, which are listed once by default."""
    return click.option(
        "--all-copies", is_flag=True, default=False,
        help="List every copy: the quotes and events near-duplicate articles repeat (else once).",
    )(function)


def to_terminal() -> bool:
    return sys.stdout.isatty()


def shown_id(value: str) -> str:
    """``value`` shortened on a terminal, in full when standard output is piped."""
    return value[:SHORT_ID] if to_terminal() else value


def shorten(text: str, limit: int) -> str:
    """``text`` on one line, at most ``limit`` characters: cut at the last word boundary
    before the limit and ended with an ellipsis (a word longer than two thirds of the limit
    is cut inside)."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    boundary = cut.rfind(" ")
    if flat[limit - 1] != " " and boundary >= limit // 3:  # else the cut is at a word's end
        cut = cut[:boundary]
    return cut.rstrip(" ,;:") + "…"


def say_no_match(what: str, conditions: Sequence[tuple[str, str | None]] = ()) -> None:
    """An empty result in words on standard error ("no quote by 'Nobody Here'"): ``conditions``
    are (words, value) pairs, those without a value left out."""
    from newsgraph.cli import terminal_safe

    words = [what, *(f"{label} {value!r}".lstrip() for label, value in conditions if value)]
    Console(stderr=True).print(Text(terminal_safe(" ".join(words))), highlight=False, soft_wrap=True)


def print_listing(
    output_format: str,
    *,
    header: Sequence[str],
    rows: Callable[[], Iterable[Sequence[Any]]],
    objects: Callable[[], Iterable[Mapping[str, Any]]],
    table: Callable[[], RenderableType],
) -> None:
    """The listing in ``output_format``: ``table()`` printed, ``objects()`` as JSON lines, or
    ``header`` and ``rows()`` as CSV."""
    if output_format == "jsonl":
        write_jsonl(objects())
    elif output_format == "csv":
        write_csv(header, rows())
    else:
        Console().print(table())


def print_empty(output_format: str, *, header: Sequence[str]) -> None:
    """What standard output holds for an empty result: CSV's header row, else nothing."""
    if output_format == "csv":
        write_csv(header, [])


def write_jsonl(objects: Iterable[Mapping[str, Any]]) -> None:
    out = sys.stdout
    for value in objects:
        line = json.dumps(value, ensure_ascii=False)
        out.write(_C1_AND_DEL.sub(lambda m: f"\\u{ord(m.group()):04x}", line) + "\n")
    out.flush()


def write_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    from newsgraph.cli import terminal_safe

    safe = to_terminal()
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        cells = [_cell(value) for value in row]
        writer.writerow([terminal_safe(cell) for cell in cells] if safe else cells)
    sys.stdout.flush()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "; ".join(_cell(item) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def date_filter(value: str | None, option: str) -> DateValue | None:
    """A ``--since``/``--until`` value as a DateValue; a bad one is a usage error (exit 2)."""
    if value is None:
        return None
    try:
        return DateValue.parse(value)
    except ModelError as exc:
        raise click.BadParameter(str(exc), param_hint=option) from None


def year_of(date: DateValue | None) -> str | None:
    """The year of a ``--since`` bound: what a store query may filter on before
    :func:`dated_within` (a month-dated item overlaps a later day of its month)."""
    return date.value[:4] if date is not None else None


def dated_within(
    date: DateValue | None, *, since: DateValue | None, until: DateValue | None
) -> bool:
    """Whether ``date`` is on or after ``since`` and on or before ``until``, each compared at
    the coarser precision of the two (a month overlapping the bound's day is within it);
    an undated item passes only when neither bound is given."""
    if since is None and until is None:
        return True
    if date is None:
        return False
    for bound, after in ((since, True), (until, False)):
        if bound is None:
            continue
        coarse = coarser_precision(date.precision, bound.precision)
        mine = comparable(date.value, date.precision, coarse)
        theirs = comparable(bound.value, bound.precision, coarse)
        if (mine < theirs) if after else (mine > theirs):
            return False
    return True


_PRECISION_ORDER = ("day", "week", "month", "year", "decade")


def coarser_precision(first: str, second: str) -> str:
    precision = max(first, second, key=_PRECISION_ORDER.index)
    return "month" if precision == "week" else precision
