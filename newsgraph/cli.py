"""The ``newsgraph`` command: a thin layer over the library.

Domain errors (:class:`~newsgraph.errors.NewsgraphError`) become one-line messages here,
in one place (:class:`NewsgraphGroup`); nothing else prints tracebacks to users.
"""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

import click
from rich.console import Console, Group
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from rich.text import Text

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
    write_csv,
    write_jsonl,
)
from newsgraph.errors import NewsgraphError
from newsgraph.ingest.document import Failure, SourceDocument
from newsgraph.model import Article

stderr = Console(stderr=True)

ENTITY_STYLES = {"PER": "bold cyan", "ORG": "bold magenta", "LOC": "bold green", "MISC": "yellow"}


# Commands defined in their own modules, imported only when used (fast start-up).
LAZY_COMMANDS: dict[str, str] = {
    "serve": "newsgraph.cli_serve:serve",
    "export": "newsgraph.cli_export:export",
    "stats": "newsgraph.cli_export:stats",
    "events": "newsgraph.cli_events:events_command",
    "timeline": "newsgraph.cli_events:timeline_command",
    "watch": "newsgraph.cli_sources:watch",
    "batch": "newsgraph.cli_sources:batch",
    "load": "newsgraph.cli_sources:load",
    "optimize": "newsgraph.cli_sources:optimize",
    "resolve": "newsgraph.cli_entities:resolve",
    "entity": "newsgraph.cli_entities:entity",
    "train": "newsgraph.cli_learn:train",
    "quote": "newsgraph.cli_quotes:quote",
}


class NewsgraphGroup(click.Group):
    """Loads module commands lazily; turns domain errors into one line and exit code 2."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = LAZY_COMMANDS.get(cmd_name)
        if target is None:
            return super().get_command(ctx, cmd_name)
        module_name, attribute = target.split(":")
        command = getattr(importlib.import_module(module_name), attribute)
        assert isinstance(command, click.Command)
        return command

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except NewsgraphError as exc:
            # one line whatever the terminal width, the message literal (a path may hold "[…]")
            stderr.print(Text.assemble(("error:", "red"), f" {exc}"), highlight=False, soft_wrap=True)
            raise SystemExit(2) from None
        except BrokenPipeError:  # `newsgraph extract … | head`
            sys.stderr.close()
            raise SystemExit(0) from None


@click.group(cls=NewsgraphGroup)
@click.version_option(package_name="newsgraph")
def main() -> None:
    """newsgraph: who said what, who did what to whom, where and when."""


# -- reading inputs --------------------------------------------------------------------

def _field_pairs(
    _ctx: click.Context, _param: click.Parameter, values: Sequence[str]
) -> list[tuple[str, str]]:
    """``--field text=maintext`` values as (what, field name) pairs, checked."""
    from newsgraph.ingest.records import RecordFields

    pairs: list[tuple[str, str]] = []
    for value in values:
        what, equals, name = value.partition("=")
        if not equals:
            raise click.BadParameter(f"{value!r} is not WHAT=FIELD (e.g. text=maintext)")
        pairs.append((what.strip(), name))
    try:
        RecordFields.configured(names=pairs)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None
    return pairs


def _known_preset(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    from newsgraph.ingest.records import RecordFields

    if value is not None:
        try:
            RecordFields.preset(value)
        except ValueError as exc:
            raise click.BadParameter(str(exc)) from None
    return value


# Options of the commands that read JSONL/CSV corpus records (extract, ingest, batch).
record_field_options = [
    click.option(
        "--field", "field_pairs", multiple=True, callback=_field_pairs, metavar="WHAT=FIELD",
        help="Record field holding WHAT (text, date, title, url, outlet, author, lang), "
        "e.g. --field text=maintext (repeatable; several for one WHAT: first present wins).",
    ),
    click.option(
        "--preset", callback=_known_preset, default=None, metavar="news-please|trafilatura",
        help="Field names of a corpus format: news-please (CC-NEWS) or trafilatura JSON.",
    ),
    click.option("--text-field", default=None, help="Same as --field text=NAME."),
]


def record_options(function: Any) -> Any:
    for option in reversed(record_field_options):
        function = option(function)
    return function


def record_fields(
    *, field_pairs: Sequence[tuple[str, str]], preset: str | None, text_field: str | None
) -> Any:
    """The :class:`~newsgraph.ingest.records.RecordFields` the options ask for, else None
    (the defaults)."""
    from newsgraph.ingest.records import RecordFields

    pairs = [*field_pairs, *([("text", text_field)] if text_field else [])]
    if not pairs and preset is None:
        return None
    return RecordFields.configured(preset=preset, names=pairs)


_input_options = [
    click.option("--date", "date", help="Article date (YYYY, YYYY-MM, YYYY-MM-DD) for inputs without one."),
    click.option("--lang", type=click.Choice(["fr", "en"]), help="Force the language (default: detect)."),
    click.option("--include", multiple=True, help="Glob of files to read in directories (repeatable)."),
    *record_field_options,
    click.option("--max-bytes", type=int, default=None, help="Skip inputs larger than this (default 3 MB)."),
    click.option(
        "--follow-symlinks", is_flag=True,
        help="In directories, follow symbolic links out of the directory too (default: only inside).",
    ),
    click.option(
        "--allow-private-addresses", is_flag=True,
        help="Fetch URLs on private, loopback, link-local... addresses too (default: refused).",
    ),
]


def input_options(function: Any) -> Any:
    for option in reversed(_input_options):
        function = option(function)
    return function


def read_inputs(
    paths: Sequence[str],
    *,
    date: str | None,
    lang: str | None,
    include: Sequence[str],
    max_bytes: int | None,
    text_field: str | None = None,
    field_pairs: Sequence[tuple[str, str]] = (),
    preset: str | None = None,
    follow_symlinks: bool = False,
    allow_private_addresses: bool = False,
) -> Iterator[SourceDocument | Failure]:
    """The documents of ``paths``; a doubtful decoding (the text may be garbled) or a record
    date not understood is reported on the console as its document is read, besides the
    article's note."""
    from newsgraph.ingest.sources import iter_documents

    fields = record_fields(field_pairs=field_pairs, preset=preset, text_field=text_field)
    documents = iter_documents(
        list(paths),
        date=date,
        lang=lang,
        include=list(include),
        fields=fields,
        max_bytes=max_bytes,
        stdin=sys.stdin.buffer,
        follow_symlinks=follow_symlinks,
        allow_private_addresses=allow_private_addresses,
    )
    return _warning_doubtful(documents)


def _warning_doubtful(documents: Iterable[SourceDocument | Failure]) -> Iterator[SourceDocument | Failure]:
    """Notes worth a warning as well: a doubtful decoding, a record date not understood."""
    from newsgraph.ingest.sources import warnings_of

    for document in documents:
        if isinstance(document, SourceDocument):
            for note in warnings_of(document.notes):
                report_warning(f"{document.source}: {note}")
        yield document


def report_warning(message: str) -> None:
    line = Text.assemble(("warning:", "yellow"), " ", terminal_safe(message))
    stderr.print(line, highlight=False, soft_wrap=True)


def analysed(documents: Iterable[SourceDocument | Failure]) -> Iterator[Article | Failure]:
    from newsgraph.library import extract_many

    return extract_many(documents)


def report_failure(failure: Failure) -> None:
    line = Text.assemble(("failed:", "red"), " ", terminal_safe(str(failure)))
    stderr.print(line, highlight=False, soft_wrap=True)


# Control characters of stored data are shown, never sent to the terminal as such (an
# escape sequence in an article could recolour, retitle or clear it): each becomes one
# visible character, so offsets into the text still apply.  C0 and DEL: their Unicode
# control pictures (ESC -> U+241B); C1 (U+0080-U+009F, CSI among them): U+FFFD.
_CONTROL_PICTURES: dict[int, str] = {
    **{code: chr(0x2400 + code) for code in range(0x20) if code not in (0x09, 0x0A)},
    0x7F: "\u2421",
    **{code: "\ufffd" for code in range(0x80, 0xA0)},
}


def terminal_safe(text: str) -> str:
    """``text`` with every control character but tab and newline made visible, one
    character for one (ESC -> ␛), so that printing it cannot drive the terminal."""
    return text.translate(_CONTROL_PICTURES)


def plain(text: str) -> Text:
    """Stored data as console text: no markup interpreted, no control characters."""
    return Text(terminal_safe(text))


# -- extract -----------------------------------------------------------------------------


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format", "output_format", type=click.Choice(["jsonl", "json", "table"]), default="jsonl",
    show_default=True, help="jsonl: one article per line (the contract in docs/output-format.md).",
)
@input_options
def extract(paths: tuple[str, ...], output_format: str, **options: Any) -> None:
    """Analyse articles and print the result, storing nothing.  PATH may be '-' (stdin)."""
    failures = 0
    collected: list[dict[str, Any]] = []
    out = sys.stdout
    for outcome in analysed(read_inputs(paths, **options)):
        if isinstance(outcome, Failure):
            failures += 1
            report_failure(outcome)
            continue
        if output_format == "jsonl":
            out.write(json.dumps(outcome.to_dict(), ensure_ascii=False) + "\n")
            out.flush()
        elif output_format == "json":
            collected.append(outcome.to_dict())
        else:
            print_article_table(outcome, Console())
    if output_format == "json":
        out.write(json.dumps(collected, ensure_ascii=False, indent=2) + "\n")
    raise SystemExit(1 if failures else 0)


def print_article_table(article: Article, console: Console) -> None:
    """An article's heading, notes, entities and quotes; stored data printed as text
    (:func:`plain`: no markup, no control characters)."""
    date = article.date.value if article.date else "unknown date"
    heading = Text.assemble(
        (terminal_safe(article.title or article.source), "bold"),
        f"  ({terminal_safe(article.lang or '')}, {terminal_safe(date)})  {article.id}",
    )
    console.print(heading, highlight=False)
    for note in article.notes:
        console.print(plain(f"  note: {note}"), highlight=False)
    table = Table("type", "name", "mentions", "aliases", "descriptors", show_lines=False)
    for entity in sorted(article.entities, key=lambda e: (e.type, -len(e.mentions))):
        table.add_row(
            entity.type, plain(entity.name), str(len(entity.mentions)),
            plain(", ".join(entity.aliases)), plain("; ".join(entity.descriptors)),
        )
    console.print(table)
    if article.quotes:
        quotes = Table("kind", "speaker", "quote")
        for quote in article.quotes:
            speaker = quote.speaker.name if quote.speaker else "—"
            quotes.add_row(quote.kind, plain(speaker), plain(shorten(quote.text, 160)))
        console.print(quotes)


# -- ingest and the store ------------------------------------------------------------------

db_option = click.option(
    "--db",
    default=None,
    help="Store: a SQLite file or a postgresql://… URL (default newsgraph.sqlite, or $NEWSGRAPH_DB).",
)


def open_store(db: str | None, *, create: bool = False) -> Any:
    """The store; only commands that write articles create it (a read of a mistyped path
    is an error, exit 2, not a new empty store)."""
    from newsgraph.store import open_store as open_configured_store

    return open_configured_store(db, create=create)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option(
    "--resolve/--no-resolve", "resolve_entities", default=True, show_default=True,
    help="Join entities across articles afterwards (see `newsgraph resolve`).",
)
@input_options
def ingest(paths: tuple[str, ...], db: str | None, resolve_entities: bool, **options: Any) -> None:
    """Analyse articles and store them (re-ingesting is harmless: reported as unchanged)."""
    from newsgraph.library import ingest_documents

    with open_store(db, create=True) as store:
        # The inputs are read first (text only, quick beside the analysis): the progress
        # then has a total, and a rate and a time left from the first article on.
        documents = list(read_inputs(paths, **options))
        with article_progress() as progress:
            task = progress.add_task("ingesting", total=len(documents))
            summary = ingest_documents(documents, store, on_done=lambda _item: progress.advance(task))
        # The store's mark, not this run's counts: it is also set when an earlier run was
        # interrupted before its resolution finished, or ran with --no-resolve.
        if resolve_entities and store.needs_resolution():
            if not (summary.ingested or summary.updated):
                stderr.print("finishing the resolution of entities an earlier run left undone",
                             highlight=False, markup=False)
            report = resolve_with_progress(store)
            stderr.print(
                f"entities across the store: {report.records} names -> {report.entities} entities",
                highlight=False,
            )
    for failure in summary.failures:
        report_failure(failure)
    stderr.print(
        f"ingested {summary.ingested}, updated {summary.updated}, unchanged {summary.unchanged}, "
        f"failed {len(summary.failures)}",
        highlight=False,
    )
    raise SystemExit(1 if summary.failures else 0)


class RateColumn(ProgressColumn):
    """Articles (or other units) per second and the time left, from the mean rate since the
    start: shown from the first one done (rich's own speed waits for several samples)."""

    def __init__(self, unit: str = "articles") -> None:
        super().__init__()
        self.unit = unit

    def render(self, task: Task) -> Text:
        elapsed = task.elapsed or 0.0
        done = task.completed - task.fields.get("done_before", 0)  # this run's, not an earlier run's
        if done <= 0 or elapsed <= 0:
            return Text(f"-- {self.unit}/s", style="progress.data.speed")
        rate = done / elapsed
        shown = f"{rate:.2f} {self.unit}/s" if rate < 10 else f"{rate:.0f} {self.unit}/s"
        if task.total is not None:
            left = max(0.0, task.total - task.completed) / rate
            minutes, seconds = divmod(round(left), 60)
            shown += f", {minutes}:{seconds:02d} left"
        return Text(shown, style="progress.data.speed")


def article_progress(console: Console | None = None, *, unit: str = "articles") -> Progress:
    """Progress on stderr over articles (or ``unit``): done/total, bar, rate, time left,
    time elapsed.  Silent when stderr is not a terminal."""
    shown = console or stderr
    return Progress(
        SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
        MofNCompleteColumn(), TextColumn(unit), RateColumn(unit), TimeElapsedColumn(),
        console=shown, transient=False, disable=not shown.is_terminal,
    )


class ProgressDisplay:
    """A progress line fed by a library's ``progress(done, total)`` callback (the library
    knows nothing of rich): ``with ProgressDisplay("loading") as shown: load(...,
    progress=shown.update)``.  The first count told is taken as done before this run
    (partitions an earlier run did), so the rate and time left are this run's."""

    def __init__(self, description: str, *, unit: str = "articles", console: Console | None = None) -> None:
        self.progress = article_progress(console, unit=unit)
        self.description = description
        self.task: Any = None

    def __enter__(self) -> ProgressDisplay:
        self.progress.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.__exit__(None, None, None)

    def update(self, done: int, total: int) -> None:
        if self.task is None:
            self.task = self.progress.add_task(
                self.description, total=total, completed=done, done_before=done
            )
        else:
            self.progress.update(self.task, total=total, completed=done)

    def describe(self, description: str) -> None:
        """A new description (the step under way)."""
        self.description = description
        if self.task is not None:
            self.progress.update(self.task, description=description)


def resolve_with_progress(store: Any, **options: Any) -> Any:
    """:func:`newsgraph.resolve.run.resolve_store` with its steps shown on stderr (a
    terminal only); returns its report."""
    from newsgraph.resolve.run import resolve_store

    with ProgressDisplay("resolving entities", unit="steps") as shown:
        return resolve_store(
            store, progress=shown.update, on_step=lambda step: shown.describe(f"resolving: {step}"), **options
        )


@main.command()
@click.argument("query")
@db_option
@click.option("--limit", type=click.IntRange(1, 1000), default=20, show_default=True)
@format_option
def search(query: str, db: str | None, limit: int, output_format: str) -> None:
    """Full-text search over stored articles (titles and text), best first."""
    with open_store(db) as store:
        hits = store.search(query, limit=limit, markers=(SNIPPET_OPEN, SNIPPET_CLOSE))
    header = ("article_id", "date", "title", "source", "score", "snippet")
    if not hits:
        print_empty(output_format, header=header)
        say_no_match("no match", [("for", query)])
        return
    rows = [
        [hit.article_id, hit.date, hit.title, hit.source, round(hit.score, 4),
         hit.snippet.replace(SNIPPET_OPEN, "").replace(SNIPPET_CLOSE, "")]
        for hit in hits
    ]
    print_listing(
        output_format, header=header, rows=lambda: rows,
        objects=lambda: (dict(zip(header, row, strict=True)) for row in rows),
        table=lambda: _search_lines(hits),
    )


def _search_lines(hits: Sequence[Any]) -> Group:
    """Each hit: its id (in full) and title, then its snippet, the matched words marked."""
    lines: list[Text] = []
    for hit in hits:
        lines.append(Text.assemble((hit.article_id, "bold"), "  ", terminal_safe(hit.title or hit.source)))
        lines.append(_highlight_snippet(hit.snippet))
    return Group(*lines)


SNIPPET_OPEN, SNIPPET_CLOSE = "\x02", "\x03"  # never in article text (control characters)


def _highlight_snippet(snippet: str) -> Text:
    text = Text("  ")
    rest = snippet
    while SNIPPET_OPEN in rest:
        before, _, after = rest.partition(SNIPPET_OPEN)
        marked, _, rest = after.partition(SNIPPET_CLOSE)
        text.append(terminal_safe(before))
        text.append(terminal_safe(marked), style="bold yellow")
    text.append(terminal_safe(rest))
    return text


ENTITY_HEADER = ("id", "type", "name", "articles", "mentions", "also_named", "descriptors", "resolved")


@main.command()
@db_option
@click.option("--type", "entity_type", type=click.Choice(["PER", "ORG", "LOC", "MISC"]))
@click.option("--top", type=click.IntRange(1, 100_000), default=None, help="Show only the N most mentioned.")
@format_option
def entities(db: str | None, entity_type: str | None, top: int | None, output_format: str) -> None:
    """Entities across the store, most mentioned first: one per entity however articles
    spell it (joined by `newsgraph resolve`); names not joined yet are listed as found
    (jsonl/csv: `resolved` false, no id)."""
    from newsgraph.api.database import Database
    from newsgraph.api.queries import MAX_LISTING, list_entities
    from newsgraph.config import get_settings
    from newsgraph.store.engine import check_store_exists

    check_store_exists(db or get_settings().default_db)
    database = Database(db or get_settings().default_db)
    try:
        with database.read() as connection:
            listing = list_entities(connection, type=entity_type, limit=top or MAX_LISTING)
    finally:
        database.close()
    if not listing.rows:
        print_empty(output_format, header=ENTITY_HEADER)
        say_no_match("no entity", [("of type", entity_type)])
        return
    rows = [_entity_row(row) for row in listing.rows]
    print_listing(
        output_format, header=ENTITY_HEADER, rows=lambda: rows,
        objects=lambda: (dict(zip(ENTITY_HEADER, row, strict=True)) for row in rows),
        table=lambda: _entity_table(listing),
    )
    if listing.unresolved:
        stderr.print(
            f"{listing.unresolved} of {listing.total} names not joined across articles yet: "
            "run `newsgraph resolve`", highlight=False, markup=False,
        )


def _other_names(row: Any) -> list[str]:
    others = dict.fromkeys([*(v.name for v in row.variants), *row.aliases])
    others.pop(row.name, None)
    return list(others)


def _entity_row(row: Any) -> list[Any]:
    return [
        row.id, row.type, row.name, row.articles, row.mentions, _other_names(row),
        list(row.descriptors), row.id is not None,
    ]


def _entity_table(listing: Any) -> Table:
    mixed = 0 < listing.unresolved < listing.total  # else all resolved, or resolution never ran
    table = Table("type", "name", "articles", "mentions", "also named", "descriptors")
    for row in listing.rows:
        name = f"{row.name} (not resolved)" if mixed and row.id is None else row.name
        table.add_row(  # names are data, not console markup nor control characters
            row.type, plain(name), str(row.articles), str(row.mentions),
            plain(", ".join(_other_names(row)[:6])), plain("; ".join(row.descriptors[:3])),
        )
    return table


ARTICLE_HEADER = (
    "id", "date", "lang", "source", "title", "url", "outlet", "author",
    "entities", "quotes", "events", "people", "organisations", "places", "other_entities", "speakers",
    "notes", "text",
)
_NAMES_OF_TYPE = {"PER": "people", "ORG": "organisations", "LOC": "places", "MISC": "other_entities"}


def _article_row(article: Article) -> list[Any]:
    """``show --format csv``: the article's fields and counts, the names its table lists by
    type (most mentioned first) and its speakers, its notes and its text."""
    names: dict[str, list[str]] = {column: [] for column in _NAMES_OF_TYPE.values()}
    for entity in sorted(article.entities, key=lambda e: (-len(e.mentions), e.name)):
        names[_NAMES_OF_TYPE.get(entity.type, "other_entities")].append(entity.name)
    speakers = list(dict.fromkeys(q.speaker.name for q in article.quotes if q.speaker is not None))
    return [
        article.id, article.date.value if article.date else None, article.lang, article.source,
        article.title, article.url, article.outlet, article.author,
        len(article.entities), len(article.quotes), len(article.events),
        names["people"], names["organisations"], names["places"], names["other_entities"], speakers,
        article.notes, article.text,
    ]


@main.command()
@click.argument("article")
@db_option
@format_option
def show(article: str, db: str | None, output_format: str) -> None:
    """Print a stored article with its entities marked.  ARTICLE: id, id prefix or source.
    jsonl: the article as `extract` prints it; csv: one row (fields, counts, the names of
    its people, organisations, places and other entities, its speakers, notes and text)."""
    with open_store(db) as store:
        found = store.find_articles(article)
        if len(found) > 1:
            ids = ", ".join(a.id for a in found[:10])
            raise click.ClickException(f"{article!r} matches {len(found)} articles: {ids}")
        stored = store.get_article(found[0].id) if found else None
    if stored is None:
        print_empty(output_format, header=ARTICLE_HEADER)
        say_no_match("no stored article matches", [("", article)])
        return
    if output_format == "jsonl":
        write_jsonl([stored.to_dict()])
    elif output_format == "csv":
        write_csv(ARTICLE_HEADER, [_article_row(stored)])
    else:
        console = Console()
        print_article_table(stored, console)
        console.print(marked_text(stored), soft_wrap=True)


def marked_text(article: Article) -> Text:
    """The article text with every entity mention styled by type (control characters
    made visible one for one, so the mentions' offsets still apply)."""
    text = Text(terminal_safe(article.text))
    for entity in article.entities:
        for mention in entity.mentions:
            text.stylize(ENTITY_STYLES.get(entity.type, "bold"), mention.start, mention.end)
    return text


MAX_QUOTES = 10_000
QUOTE_HEADER = (
    "quote_id", "date", "speaker", "speaker_entity_id", "kind", "quotation", "article_id", "source",
)


@main.command()
@db_option
@click.option("--speaker", help="Who said it: a name in any spelling (\"Putin\" finds Poutine).")
@click.option("--about", "about", help="An entity the quotation mentions.")
@click.option("--since", help="Articles dated on or after YYYY[-MM[-DD]].")
@click.option("--until", help="Articles dated on or before YYYY[-MM[-DD]].")
@click.option("--limit", type=click.IntRange(1, MAX_QUOTES), default=50, show_default=True)
@all_copies_option
@format_option
@click.option("--jsonl", "as_jsonl", is_flag=True, hidden=True, help="Same as --format jsonl.")
def quotes(
    db: str | None, speaker: str | None, about: str | None, since: str | None, until: str | None,
    limit: int, all_copies: bool, output_format: str, as_jsonl: bool,
) -> None:
    """Stored quotations with their speakers, newest first."""
    output_format = "jsonl" if as_jsonl else output_format
    since_date, until_date = date_filter(since, "--since"), date_filter(until, "--until")
    dated = since_date is not None or until_date is not None
    with open_store(db) as store:  # with dates: the newest 10,000, filtered, then the limit
        records = _select_quotes(
            store, speaker=speaker, about=about, limit=MAX_QUOTES if dated else limit, all_copies=all_copies
        )
    records = [r for r in records if dated_within(r.article_date, since=since_date, until=until_date)][:limit]
    if not records:
        print_empty(output_format, header=QUOTE_HEADER)
        say_no_match("no quote", [("by", speaker), ("about", about), ("since", since), ("until", until)])
        return
    print_listing(
        output_format, header=QUOTE_HEADER,
        rows=lambda: (_quote_row(record) for record in records),
        objects=lambda: (
            {"article_id": r.article_id, "source": r.source,
             "article_date": r.article_date.to_dict() if r.article_date else None, **r.quote.to_dict()}
            for r in records
        ),
        table=lambda: _quote_table(records),
    )


def _quote_row(record: Any) -> list[Any]:
    speaker = record.quote.speaker
    return [
        record.quote.id, record.article_date.value if record.article_date else None,
        speaker.name if speaker else None, speaker.entity_id if speaker else None,
        record.quote.kind, record.quote.text, record.article_id, record.source,
    ]


def _quote_table(records: Sequence[Any]) -> Table:
    table = Table("date", "speaker", "kind", "quotation", "article")
    for record in records:
        who = record.quote.speaker.name if record.quote.speaker else "—"
        date = record.article_date.value if record.article_date else ""
        table.add_row(
            date, plain(who), record.quote.kind, plain(shorten(record.quote.text, 200)),
            shown_id(record.article_id),
        )
    return table


def _select_quotes(
    store: Any, *, speaker: str | None, about: str | None, limit: int, all_copies: bool
) -> list[Any]:
    """By corpus entity when the name resolves (any language), else by speaker-name match;
    a quote near-duplicate articles repeat once unless ``all_copies``."""
    if about:
        about_ids = [e.id for e in store.find_corpus_entities(about, limit=5)]
        found = [r for i in about_ids
                 for r in store.entity_quotes(i, role="about", limit=limit, all_copies=all_copies)]
        if speaker:
            wanted = {e.name for e in store.find_corpus_entities(speaker, limit=5)} | {speaker}
            found = [r for r in found if r.quote.speaker and _speaker_matches(r.quote.speaker.name, wanted)]
        return found[:limit]
    if speaker:
        ids = [e.id for e in store.find_corpus_entities(speaker, limit=5)]
        if ids:
            return [r for i in ids
                    for r in store.entity_quotes(i, role="by", limit=limit, all_copies=all_copies)][:limit]
    return list(store.quotes(speaker=speaker, limit=limit, all_copies=all_copies))


def _speaker_matches(name: str, wanted: set[str]) -> bool:
    return any(w.casefold() in name.casefold() or name.casefold() in w.casefold() for w in wanted)


# -- evaluation ---------------------------------------------------------------------------


@main.command()
@click.argument("gold_dir", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--errors", "errors_file", type=click.File("w"), default=None,
              help="Write every scoring error (one per line, tab-separated) to this file ('-' = stdout).")
def evaluate(gold_dir: Path, as_json: bool, errors_file: TextIO | None) -> None:
    """Score newsgraph on a gold directory (protocol in docs/evaluation.md)."""
    from newsgraph.evaluate.runner import evaluate_directory, render_report

    report = evaluate_directory(gold_dir)
    if as_json:
        click.echo(json.dumps(report.summary(), ensure_ascii=False, indent=2))
    else:
        render_report(report, Console(width=max(120, Console().width)))
    if errors_file is not None:
        for line in report.errors():
            errors_file.write(line + "\n")


if __name__ == "__main__":  # pragma: no cover
    main()
