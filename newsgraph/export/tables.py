"""CSV and Parquet exports: one table per kind of row, made by :mod:`newsgraph.batch.tables`.

The rows and their typed schemas are those of ``newsgraph batch`` (one row per article,
entity, mention, quote, event, time; children carry ``article_id`` and ``position``), so
an export and a batch run can be read with the same code.  Articles are flattened and
written ``BATCH_ARTICLES`` at a time: one Parquet row group (or a run of CSV lines) per
batch, never the whole selection in memory.  In CSV, list and struct cells (aliases,
notes, event actors) are JSON text.
"""

from __future__ import annotations

import csv
import itertools
import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import Any, BinaryIO, TextIO

import pyarrow.parquet as pq  # type: ignore[import-untyped]

from newsgraph.batch.tables import ARTICLE_TABLES, SCHEMAS, Rows, add_article, empty_rows, to_table
from newsgraph.model import Article

BATCH_ARTICLES = 500
EXPORT_PARTITION = 0  # the batch schema's partition column; an export is one partition


def table_batches(articles: Iterable[Article], *, size: int = BATCH_ARTICLES) -> Iterator[Rows]:
    """The batch rows of ``size`` articles at a time; ``position`` counts across batches."""
    numbered = enumerate(articles)
    while chunk := list(itertools.islice(numbered, size)):
        rows = empty_rows()
        for position, article in chunk:
            add_article(rows, article, partition=EXPORT_PARTITION, position=position)
        yield rows


def write_parquet_tables(
    articles: Iterable[Article], directory: Path, *, tables: Sequence[str] = ARTICLE_TABLES
) -> dict[str, int]:
    """``directory/<table>.parquet`` for each table; returns rows written per table."""
    directory.mkdir(parents=True, exist_ok=True)
    counts = dict.fromkeys(tables, 0)
    with ExitStack() as stack:
        writers = {
            name: stack.enter_context(pq.ParquetWriter(str(directory / f"{name}.parquet"), SCHEMAS[name]))
            for name in tables
        }
        for rows in table_batches(articles):
            for name, writer in writers.items():
                writer.write_table(to_table(name, rows[name]))
                counts[name] += len(rows[name])
    return counts


def write_parquet_table(articles: Iterable[Article], table: str, out: str | Path | BinaryIO) -> int:
    """One table to one Parquet file (or a binary stream); returns rows written."""
    count = 0
    with pq.ParquetWriter(out, SCHEMAS[table]) as writer:
        for rows in table_batches(articles):
            writer.write_table(to_table(table, rows[table]))
            count += len(rows[table])
    return count


def write_csv_tables(
    articles: Iterable[Article], directory: Path, *, tables: Sequence[str] = ARTICLE_TABLES
) -> dict[str, int]:
    """``directory/<table>.csv`` (UTF-8, header row) for each table; returns rows per table."""
    directory.mkdir(parents=True, exist_ok=True)
    counts = dict.fromkeys(tables, 0)
    with ExitStack() as stack:
        writers = {
            name: _csv_writer(stack.enter_context(open(directory / f"{name}.csv", "w", newline="",
                                                      encoding="utf-8")), name)
            for name in tables
        }
        for rows in table_batches(articles):
            for name, writer in writers.items():
                writer.writerows(_csv_row(row) for row in rows[name])
                counts[name] += len(rows[name])
    return counts


def write_csv_table(articles: Iterable[Article], table: str, out: TextIO) -> int:
    """One table as CSV to a text stream (``-o -``); returns rows written."""
    writer = _csv_writer(out, table)
    count = 0
    for rows in table_batches(articles):
        writer.writerows(_csv_row(row) for row in rows[table])
        count += len(rows[table])
    return count


def _csv_writer(out: TextIO, table: str) -> csv.DictWriter[str]:
    writer = csv.DictWriter(out, fieldnames=list(SCHEMAS[table].names), extrasaction="raise")
    writer.writeheader()
    return writer


def _csv_row(row: dict[str, Any]) -> dict[str, Any]:
    return {key: _csv_cell(value) for key, value in row.items()}


def _csv_cell(value: Any) -> Any:
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return value
