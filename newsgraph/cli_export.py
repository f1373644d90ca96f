"""The ``export`` command and the ``stats`` group (added to the ``newsgraph`` group in cli.py).

Both read a selection of stored articles (``--query``, ``--since``, ``--until``, ``--lang``,
``--outlet``, ``--limit``) streamed from the store; see docs/exports.md and docs/analysis.md.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, TextIO

import click
from rich.console import Console
from rich.table import Table

from newsgraph.analysis.networks import EDGE_KINDS
from newsgraph.analysis.periods import GRANULARITIES, GROUP_BYS
from newsgraph.cli_listing import say_no_match
from newsgraph.export import FORMATS
from newsgraph.model import MODALITIES, Article

if TYPE_CHECKING:
    from newsgraph.analysis.keys import Linked

stderr = Console(stderr=True)
STDOUT = "-"
# newsgraph.export.tables.EXPORT_TABLES, without importing pyarrow at start-up (a test checks)
EXPORT_TABLES = ("articles", "entities", "mentions", "quotes", "events", "times", "corpus_entities")

_selection_options = [
    click.option("--db", default=None, help="Store: SQLite file (default newsgraph.sqlite, $NEWSGRAPH_DB)."),
    click.option("--query", default=None, help="Full-text search: articles with every word (best 10,000)."),
    click.option("--since", default=None, help="Articles dated on or after (YYYY, YYYY-MM, YYYY-MM-DD)."),
    click.option("--until", default=None, help="Articles dated on or before (YYYY, YYYY-MM, YYYY-MM-DD)."),
    click.option("--lang", default=None, help="Articles in this language (fr, en)."),
    click.option("--outlet", default=None, help="Articles of this outlet."),
    click.option("--limit", type=click.IntRange(min=1), default=None, help="At most this many articles."),
    click.option("--all-copies", is_flag=True, default=False,
                 help="Count every copy: keep the quotes and events that near-duplicate articles repeat."),
]


def selection_options(function: Any) -> Any:
    for option in reversed(_selection_options):
        function = option(function)
    return function


def selected_articles(*, db: str | None, **filters: Any) -> Iterator[Article]:
    from newsgraph.config import get_settings
    from newsgraph.export.select import Selection, iter_articles

    return iter_articles(_existing(db or get_settings().default_db), Selection(**filters))


def selected_linked(*, db: str | None, **filters: Any) -> Iterator[Linked]:
    """The selected articles with their links to corpus entities: statistics and graphs
    count a resolved entity under its corpus entity (docs/analysis.md)."""
    from newsgraph.config import get_settings
    from newsgraph.export.select import Selection, iter_linked

    return iter_linked(_existing(db or get_settings().default_db), Selection(**filters))


def _existing(db: str) -> str:
    """``db``, checked before anything is read: no empty store made for a mistyped path."""
    from newsgraph.store.engine import check_store_exists

    check_store_exists(db)
    return db


def _done(message: str) -> None:
    stderr.print(message, highlight=False, markup=False)


# -- export ----------------------------------------------------------------------------------


@click.command("export")
@click.argument("export_format", metavar="FORMAT", type=click.Choice(FORMATS))
@click.option("-o", "--output", required=True,
              help="Output file ('-' = stdout); for csv/parquet without --table, a directory.")
@selection_options
@click.option("--table", type=click.Choice(EXPORT_TABLES), default=None,
              help="csv/parquet: write only this table, to a file or '-'.")
@click.option("--edges", "edge_kinds", multiple=True, type=click.Choice(EDGE_KINDS),
              help="graphml/gexf: edge kinds to include (repeatable; default all).")
@click.option("--min-weight", type=click.IntRange(min=1), default=1, show_default=True,
              help="graphml/gexf: leave out lighter edges.")
@click.option("--header", "gdelt_header", is_flag=True, default=False,
              help="gdelt: write the column names first (GDELT's own files have no header).")
@click.option("--modality", "modalities", multiple=True, type=click.Choice(MODALITIES),
              help="gdelt: only events of this modality (repeatable; default all).")
def export(
    export_format: str, output: str, table: str | None, edge_kinds: tuple[str, ...], min_weight: int,
    gdelt_header: bool, modalities: tuple[str, ...], **filters: Any,
) -> None:
    """Export selected articles: jsonl, csv, parquet, ftm, graphml, gexf, gdelt (docs/exports.md)."""
    linked = selected_linked(**filters)  # corpus entities: nodes, tables and FtM ids (docs/exports.md)
    if export_format in ("graphml", "gexf"):
        _export_graph(export_format, linked, output, edge_kinds or EDGE_KINDS, min_weight)
    elif export_format in ("csv", "parquet"):
        _export_tables(export_format, linked, output, table, _db(filters))
    else:
        _export_lines(export_format, linked, output, gdelt_header=gdelt_header, modalities=modalities or None)


def _db(filters: dict[str, Any]) -> str:
    from newsgraph.config import get_settings

    return str(filters.get("db") or get_settings().default_db)


def _export_lines(export_format: str, linked: Iterator[Linked], output: str, *, gdelt_header: bool,
                  modalities: tuple[str, ...] | None) -> None:
    """jsonl, ftm or gdelt, a line at a time, to a file or '-'."""
    from newsgraph.export.ftm import write_ftm
    from newsgraph.export.gdelt import write_gdelt
    from newsgraph.export.jsonl import write_jsonl

    articles = (item.article for item in linked)  # jsonl and gdelt write bare articles
    with _text_output(output) as out:
        if export_format == "ftm":
            count, unit = write_ftm(linked, out), "entities"
        elif export_format == "gdelt":
            count = write_gdelt(articles, out, header=gdelt_header, modalities=modalities)
            unit = "event rows"
        else:
            count, unit = write_jsonl(articles, out), "articles"
    _done(f"wrote {count} {unit} to {output}")


def _export_tables(
    export_format: str, articles: Iterator[Linked], output: str, table: str | None, db: str
) -> None:
    from functools import partial

    from newsgraph.export import tables
    from newsgraph.export.select import read_corpus_entities

    read_corpus = partial(read_corpus_entities, db)

    if table is None:
        if output == STDOUT:
            raise click.UsageError("several tables need a directory: give -o DIR, or --table NAME for '-'")
        write_all = tables.write_csv_tables if export_format == "csv" else tables.write_parquet_tables
        counts = write_all(articles, Path(output), read_corpus=read_corpus)
        _done(", ".join(f"{name} {count}" for name, count in counts.items()) + f" rows in {output}/")
        return
    if export_format == "csv":
        with _text_output(output) as out:
            count = tables.write_csv_table(articles, table, out, read_corpus=read_corpus)
    else:
        count = tables.write_parquet_table(articles, table, sys.stdout.buffer if output == STDOUT else output,
                                           read_corpus=read_corpus)
    _done(f"wrote {count} {table} rows to {output}")


def _export_graph(
    export_format: str, articles: Iterator[Linked], output: str, kinds: Sequence[str], min_weight: int
) -> None:
    from newsgraph.export.graph import export_graph

    target: Any = sys.stdout.buffer if output == STDOUT else output
    nodes, edges = export_graph(articles, target, graph_format="graphml" if export_format == "graphml"
                                else "gexf", kinds=kinds, min_weight=min_weight)
    _done(f"wrote {nodes} nodes and {edges} edges to {output}")


@contextmanager
def _text_output(output: str) -> Iterator[TextIO]:
    if output == STDOUT:
        yield sys.stdout
        sys.stdout.flush()
        return
    with open(output, "w", encoding="utf-8", newline="") as handle:
        yield handle


# -- stats -------------------------------------------------------------------------------------

_by_option = click.option("--by", type=click.Choice(GROUP_BYS), default="all", show_default=True,
                          help="Group by outlet, by period, or not at all.")
_granularity_option = click.option("--granularity", type=click.Choice(GRANULARITIES), default="month",
                                   show_default=True, help="Length of a period.")
_plot_option = click.option("--plot", "plot_path", type=click.Path(dir_okay=False, path_type=Path),
                            default=None, help="Also draw the result to this PNG file.")
_json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
_top_option = click.option("--top", type=click.IntRange(1, 1000), default=10, show_default=True)


@click.group("stats")
def stats() -> None:
    """Statistics over selected articles: who is quoted, sources, gender, networks, events."""


def _print_rows(rows: Sequence[Any], *, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps([dataclasses.asdict(r) for r in rows], ensure_ascii=False, indent=2))
        return
    if not rows:
        say_no_match("nothing in the selection")
        return
    names = [f.name for f in dataclasses.fields(rows[0])]
    table = Table(*names)
    for row in rows:
        table.add_row(*(_cell(getattr(row, name)) for name in names))
    Console().print(table)


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.3f}"
    if isinstance(value, tuple):
        return ", ".join(f"{a}: {b}" for a, b in value)
    return str(value)


def _plots() -> ModuleType:
    """The plotting module, imported only when a plot is asked for (matplotlib takes ~2 s)."""
    from newsgraph.analysis import plots

    return plots


def _plotted(path: Path | None, draw: Callable[[Path], Path], *, anything: bool = True) -> None:
    """``draw`` the plot into ``path`` when one is asked for; none of nothing (``anything``
    False): said on standard error, no file written."""
    if path is None:
        return
    if not anything:
        _done("nothing to plot")
        return
    _done(f"plot written to {draw(path)}")


def _in_sql(filters: dict[str, Any], tally: Callable[..., Any], **options: Any) -> Any:
    """``tally(connection, scope, **options)`` over the selection, aggregated in SQL
    (newsgraph.analysis.stored: the same numbers as a pass over the articles)."""
    from newsgraph.analysis.stored import scope_of
    from newsgraph.config import get_settings
    from newsgraph.export.select import Selection

    db = _existing(filters.pop("db", None) or get_settings().default_db)
    with scope_of(db, Selection(**filters)) as (connection, scope):
        return tally(connection, scope, **options)


def _quote_tally(granularity: str, filters: dict[str, Any], part: str, by: str | None = None) -> Any:
    """The part of the quote tally one view reads (newsgraph.analysis.stored.QUOTE_PARTS),
    grouped ``by`` as that view groups."""
    from newsgraph.analysis.stored import quote_tally

    return _in_sql(filters, quote_tally, granularity=granularity, parts=[part], by=by)


@stats.command("quoted")
@selection_options
@_by_option
@_granularity_option
@_top_option
@_plot_option
@_json_option
def quoted(
    by: str, granularity: str, top: int, plot_path: Path | None, as_json: bool, **filters: Any
) -> None:
    """Who is quoted most (people, organisations, unnamed sources), per group."""
    from newsgraph.analysis.stored import top_quoted_page

    rows = _in_sql(filters, top_quoted_page, granularity=granularity, by=by, top=top).rows
    _print_rows(rows, as_json=as_json)
    _plotted(plot_path, lambda path: _plots().plot_top_quoted(rows, path), anything=bool(rows))


@stats.command("shares")
@selection_options
@_by_option
@_granularity_option
@_plot_option
@_json_option
def shares(by: str, granularity: str, plot_path: Path | None, as_json: bool, **filters: Any) -> None:
    """Share of quotes by people, organisations, unnamed sources and unattributed."""
    from newsgraph.analysis.quotes import source_shares

    rows = source_shares(_quote_tally(granularity, filters, "kinds", by), by=by)  # type: ignore[arg-type]
    _print_rows(rows, as_json=as_json)
    _plotted(plot_path, lambda path: _plots().plot_source_shares(rows, path), anything=bool(rows))


@stats.command("per-article")
@selection_options
@_plot_option
@_json_option
def per_article(plot_path: Path | None, as_json: bool, **filters: Any) -> None:
    """Quotes per article: mean, median, distribution."""
    from newsgraph.analysis.quotes import quotes_per_article

    summary = quotes_per_article(_quote_tally("month", filters, "per_article"))
    _print_rows([summary], as_json=as_json)
    _plotted(plot_path, lambda path: _plots().plot_quotes_per_article(summary, path))


@stats.command("gender")
@selection_options
@_by_option
@_granularity_option
@_plot_option
@_json_option
def gender(by: str, granularity: str, plot_path: Path | None, as_json: bool, **filters: Any) -> None:
    """Quotes by people whose gender the text marks (f/m), the rest unknown, with coverage."""
    from newsgraph.analysis.quotes import gender_report

    rows = gender_report(_quote_tally(granularity, filters, "gender", by), by=by)  # type: ignore[arg-type]
    _print_rows(rows, as_json=as_json)
    _plotted(plot_path, lambda path: _plots().plot_gender(rows, path), anything=bool(rows))


@stats.command("over-time")
@click.argument("speakers", nargs=-1, required=True)
@selection_options
@_granularity_option
@_plot_option
@_json_option
def over_time(
    speakers: tuple[str, ...], granularity: str, plot_path: Path | None, as_json: bool, **filters: Any
) -> None:
    """Quotes per period of the speakers whose name contains one of SPEAKERS."""
    from newsgraph.analysis.quotes import speakers_over_time

    since, until = filters.get("since"), filters.get("until")
    series = speakers_over_time(_quote_tally(granularity, filters, "speakers", "period"), speakers=speakers)
    if as_json:
        click.echo(json.dumps(series, ensure_ascii=False, indent=2))
    else:
        for name, points in series.items():
            click.echo(f"{name}: " + ", ".join(f"{period} {count}" for period, count in points))
    if not series:
        named = [("by" if number == 0 else "or", part) for number, part in enumerate(speakers)]
        say_no_match("no quote", [*named, ("since", since), ("until", until)])
    title = "Quotes of " + ", ".join(speakers)
    _plotted(plot_path, lambda path: _plots().plot_series(series, path, title=title, ylabel="quotes"),
             anything=bool(series))


@stats.command("network")
@selection_options
@click.option("--kind", type=click.Choice(EDGE_KINDS), default="coquoted", show_default=True)
@_top_option
@_plot_option
@_json_option
def network(kind: str, top: int, plot_path: Path | None, as_json: bool, **filters: Any) -> None:
    """Strongest edges of the co-quotation, co-occurrence, "about" or event network."""
    from newsgraph.analysis.stored import network_edges

    rows = _in_sql(filters, network_edges, kind=kind, top=top).ranked(kind=kind, top=top)
    _print_rows(rows, as_json=as_json)
    edges = [(r.source, r.target, r.weight) for r in rows]
    title = f"{kind} network"
    _plotted(plot_path, lambda path: _plots().plot_network(edges, path, title=title), anything=bool(edges))


@stats.command("event-pairs")
@selection_options
@_granularity_option
@_top_option
@click.option("--modality", "modalities", multiple=True, type=click.Choice(MODALITIES),
              help="Count only events of these modalities (repeatable; default all).")
@click.option("--untargeted", is_flag=True, help="Also count events without a target (source, —).")
@_plot_option
@_json_option
def event_pairs(
    granularity: str, top: int, modalities: tuple[str, ...], untargeted: bool, plot_path: Path | None,
    as_json: bool, **filters: Any,
) -> None:
    """Most active (source, event type, target) pairs, with their count per period."""
    from newsgraph.analysis.stored import top_event_pairs

    rows = _in_sql(filters, top_event_pairs, granularity=granularity, modalities=modalities or None,
                   untargeted=untargeted, top=top).rows
    _print_rows(rows, as_json=as_json)
    _plotted(plot_path, lambda path: _plots().plot_event_pairs(rows, path), anything=bool(rows))
