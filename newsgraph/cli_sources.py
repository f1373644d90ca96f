"""The ``watch``, ``batch`` and ``load`` commands (added to the ``newsgraph`` group in cli.py).

Each is a plain :class:`click.Command`; the group's error handling turns domain errors
(:class:`~newsgraph.errors.NewsgraphError`) into one-line messages.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import click
from rich.console import Console

from newsgraph.cli import (
    ProgressDisplay,
    record_fields,
    record_options,
    report_warning,
    resolve_with_progress,
)
from newsgraph.store import Store, open_store

stderr = Console(stderr=True)
DEFAULT_INTERVAL = 900.0  # seconds between polls: feeds rarely change faster
STATE_SUFFIX = ".feeds.json"




def _say(message: str) -> None:
    stderr.print(message, highlight=False, markup=False, soft_wrap=True)


# -- watch ----------------------------------------------------------------------------------


@click.command()
@click.argument("feeds", nargs=-1, required=True)
@click.option("--db", default=None, help="Store: a SQLite file (default newsgraph.sqlite, or $NEWSGRAPH_DB).")
@click.option(
    "--state", "state_path", default=None,
    help="Feed state file: items seen, ETag/Last-Modified (default: DB path + .feeds.json).",
)
@click.option("--interval", type=click.FloatRange(min=1.0), default=DEFAULT_INTERVAL, show_default=True,
              help="Seconds between polls.")
@click.option("--once", is_flag=True, help="Poll every feed once and exit.")
@click.option(
    "--allow-private-addresses", is_flag=True,
    help="Fetch feeds and pages on private, loopback, link-local... addresses too (default: refused).",
)
def watch(
    feeds: tuple[str, ...], db: str | None, state_path: str | None, interval: float, once: bool,
    allow_private_addresses: bool,
) -> None:
    """Poll RSS/Atom FEEDS and store their new articles; safe to stop and restart."""
    from newsgraph.config import get_settings
    from newsgraph.ingest.feeds import FeedState, watch_once
    from newsgraph.ingest.web import FetchOptions, make_client

    state = FeedState.load(state_path or (db or get_settings().default_db) + STATE_SUFFIX)
    options = FetchOptions(allow_private_addresses=allow_private_addresses)
    failed = False
    with open_store(db) as store, make_client(options) as client:
        while True:
            for report in watch_once(feeds, state, store, client=client, options=options):
                _say(str(report))
                for failure in report.failures:
                    _say(f"failed: {failure}")
                failed = failed or bool(report.failures)
            if once:
                break
            time.sleep(interval)
    raise SystemExit(1 if failed else 0)


# -- batch ----------------------------------------------------------------------------------


@click.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False),
              help="Output directory (Parquet tables and manifest.json); rerun to resume.")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Local worker processes (default: one per core).")
@click.option("--scheduler", default=None, help="Address of a running Dask scheduler (tcp://host:8786).")
@click.option("--partition-size", type=click.IntRange(min=1), default=None,
              help="Records per partition (default 100).")
@click.option("--date", default=None, help="Article date (YYYY, YYYY-MM, YYYY-MM-DD) for every input.")
@click.option("--lang", type=click.Choice(["fr", "en"]), default=None, help="Force the language.")
@click.option("--max-bytes", type=int, default=None, help="Skip inputs larger than this (default 3 MB).")
@record_options
def batch(
    inputs: tuple[str, ...], out_dir: str, workers: int | None, scheduler: str | None,
    partition_size: int | None, date: str | None, lang: str | None, max_bytes: int | None,
    **field_options: Any,
) -> None:
    """Extract INPUTs (files, directories, JSONL, WARC) on Dask into Parquet tables."""
    from newsgraph.batch import DEFAULT_PARTITION_SIZE, run_batch

    with ProgressDisplay("extracting", unit="records") as shown:
        summary = run_batch(
            list(inputs), out_dir, workers=workers, scheduler=scheduler,
            partition_size=partition_size or DEFAULT_PARTITION_SIZE, date=date, lang=lang,
            max_bytes=max_bytes, fields=record_fields(**field_options), progress=shown.update,
        )
    for line in summary.warnings:
        report_warning(line)
    if summary.warning_count > len(summary.warnings):
        report_warning(f"{summary.warning_count - len(summary.warnings)} more articles with such a note "
                       f"(the notes column of {Path(out_dir) / 'articles'})")
    _say(
        f"{summary.partitions} partitions: {len(summary.done)} done now, {summary.skipped} already done, "
        f"{len(summary.failed)} failed; {summary.articles} articles, {summary.failures} inputs failed "
        f"(see {Path(out_dir) / 'failures'}); {summary.seconds:.1f} s"
    )
    for index, error in sorted(summary.failed.items()):
        _say(f"partition {index} failed: {error} (run again to retry it)")
    raise SystemExit(1 if summary.failed else 0)


# -- load -----------------------------------------------------------------------------------


@click.command()
@click.argument("directory", type=click.Path(exists=True, file_okay=False))
@click.option("--db", default=None, help="Store: a SQLite file or SQLAlchemy URL (default newsgraph.sqlite).")
@click.option(
    "--resolve/--no-resolve", "resolve_entities", default=True, show_default=True,
    help="Join entities across the whole store afterwards (see `newsgraph resolve`).",
)
@click.option(
    "--optimize", "optimize_store", is_flag=True,
    help="Then rewrite the store for fast reads (see `newsgraph optimize`; locks PostgreSQL's articles).",
)
def load(directory: str, db: str | None, resolve_entities: bool, optimize_store: bool) -> None:
    """Bulk-load a batch output DIRECTORY into the store (COPY on PostgreSQL); rerun to resume."""
    from newsgraph.batch.load import load_batch

    with open_store(db) as store:
        with ProgressDisplay("loading") as shown:
            summary = load_batch(directory, store, progress=shown.update)
        for bad in summary.bad_partitions:
            _say(f"skipped partition: {bad}")
        for failure in summary.failures:
            _say(f"failed: {failure}")
        _say(
            f"loaded {summary.loaded} partitions ({summary.skipped} already loaded, "
            f"{len(summary.bad_partitions)} unreadable): {summary.articles} articles, ingested "
            f"{summary.ingested}, updated {summary.updated}, unchanged {summary.unchanged}; "
            f"{summary.rows} rows in {summary.seconds:.1f} s ({summary.rows_per_second:,.0f} rows/s); "
            f"{len(summary.failures)} invalid; {summary.batch_failures} inputs had failed in the batch"
        )
        if resolve_entities and (summary.ingested or summary.updated or store.needs_resolution()):
            _resolve(store)
        if optimize_store:
            _optimize(store)
    raise SystemExit(1 if summary.failures or summary.bad_partitions else 0)


@click.command()
@click.option("--db", default=None, help="Store: a SQLite file or SQLAlchemy URL (default newsgraph.sqlite).")
def optimize(db: str | None) -> None:
    """Rewrite the store for fast reads after large loads (PostgreSQL: articles in date
    order, locked meanwhile; SQLite: full-text index merged)."""
    with open_store(db, create=False) as store:
        _optimize(store)


def _optimize(store: Store) -> None:
    started = time.perf_counter()
    done = store.optimize()
    _say(f"{'; '.join(done) or 'nothing to do for this database'} ({time.perf_counter() - started:.1f} s)")


def _resolve(store: Store) -> None:
    started = time.perf_counter()
    report = resolve_with_progress(store)
    _say(
        f"entities across the store: {report.records} names -> {report.entities} entities "
        f"({time.perf_counter() - started:.1f} s)"
    )


COMMANDS: tuple[click.Command, ...] = (watch, batch, load)
