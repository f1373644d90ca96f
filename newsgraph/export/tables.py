"""CSV and Parquet exports: one table per kind of row, made by :mod:`newsgraph.batch.tables`.

The rows and their typed schemas are those of ``newsgraph batch`` (one row per article,
entity, mention, quote, event, time; children carry ``article_id`` and ``position``), so
an export and a batch run can be read with the same code.  Articles are flattened and
written ``BATCH_ARTICLES`` at a time: one Parquet row group (or a run of CSV lines) per
batch, never the whole selection in memory.  In CSV, list and struct cells (aliases,
notes, event actors) are JSON text.

Corpus entities (cross-document resolution, docs/entities.md): the ``entities`` table of
an export has one more column than the batch one, ``corpus_entity_id`` (empty for an
entity no resolution has linked), and the ``corpus_entities`` table has one row per
corpus entity of the selected articles (``external_id``: the id the user gave in an alias
file, as given), read from the store once the articles are written.
"""

from __future__ import annotations

import csv
import itertools
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import Any, BinaryIO, TextIO

import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.parquet as pq  # type: ignore[import-untyped]

from newsgraph.analysis.keys import Linked, unpack
from newsgraph.batch.tables import ARTICLE_TABLES, SCHEMAS, Rows, add_article, empty_rows
from newsgraph.model import Article
from newsgraph.resolve.gazetteer import external_id
from newsgraph.store.records import CorpusEntityRecord

BATCH_ARTICLES = 500
EXPORT_PARTITION = 0  # the batch schema's partition column; an export is one partition
CORPUS_TABLE = "corpus_entities"
EXPORT_TABLES: tuple[str, ...] = (*ARTICLE_TABLES, CORPUS_TABLE)

_STR, _INT = pa.string(), pa.int64()
EXPORT_SCHEMAS: dict[str, Any] = {
    **{name: SCHEMAS[name] for name in ARTICLE_TABLES},
    "entities": SCHEMAS["entities"].append(pa.field("corpus_entity_id", _STR)),
    CORPUS_TABLE: pa.schema([
        ("id", _STR), ("name", _STR), ("type", _STR), ("gender", _STR),
        ("aliases", pa.list_(_STR)), ("descriptors", pa.list_(_STR)),
        ("article_count", _INT), ("mention_count", _INT), ("first_date", _STR), ("last_date", _STR),
        ("gazetteer_id", _STR), ("external_id", _STR),
    ]),
}

CorpusReader = Callable[[Sequence[str]], Sequence[CorpusEntityRecord]]  # corpus entities by id
RowsSink = Callable[[Sequence[dict[str, Any]]], None]  # writes a batch of one table's rows


def _no_corpus(ids: Sequence[str]) -> Sequence[CorpusEntityRecord]:
    return []


class _Tables:
    """Flattens articles (with their links to corpus entities) batch by batch, and
    remembers the corpus entities met for the ``corpus_entities`` table."""

    def __init__(self, read_corpus: CorpusReader) -> None:
        self.read_corpus = read_corpus
        self.corpus_ids: set[str] = set()

    def batches(self, items: Iterable[Article | Linked], *, size: int = BATCH_ARTICLES) -> Iterator[Rows]:
        numbered = enumerate(items)
        while chunk := list(itertools.islice(numbered, size)):
            rows = empty_rows()
            for position, item in chunk:
                article, links = unpack(item)
                first = len(rows["entities"])
                add_article(rows, article, partition=EXPORT_PARTITION, position=position)
                for row in rows["entities"][first:]:
                    node = links.get(row["id"])
                    row["corpus_entity_id"] = node.key if node is not None else None
                    if node is not None:
                        self.corpus_ids.add(node.key)
            yield rows

    def corpus_rows(self) -> list[dict[str, Any]]:
        return [corpus_row(record) for record in self.read_corpus(sorted(self.corpus_ids))]

    def write(self, items: Iterable[Article | Linked], sinks: Mapping[str, RowsSink]) -> dict[str, int]:
        """Each table's rows to its sink, a batch at a time, and the corpus entities once
        every article is read; returns rows written per table."""
        counts = dict.fromkeys(sinks, 0)
        for rows in self.batches(items):
            for name, sink in sinks.items():
                if name != CORPUS_TABLE:
                    sink(rows[name])
                    counts[name] += len(rows[name])
        if CORPUS_TABLE in sinks:
            corpus = self.corpus_rows()
            sinks[CORPUS_TABLE](corpus)
            counts[CORPUS_TABLE] = len(corpus)
        return counts


def corpus_row(record: CorpusEntityRecord) -> dict[str, Any]:
    """A row of the ``corpus_entities`` table."""
    return {
        "id": record.id, "name": record.name, "type": record.type, "gender": record.gender,
        "aliases": list(record.aliases), "descriptors": list(record.descriptors),
        "article_count": record.article_count, "mention_count": record.mention_count,
        "first_date": record.first_date, "last_date": record.last_date,
        "gazetteer_id": record.gazetteer_id, "external_id": external_id(record.gazetteer_id),
    }


def table_batches(items: Iterable[Article | Linked], *, size: int = BATCH_ARTICLES) -> Iterator[Rows]:
    """The export rows of ``size`` articles at a time; ``position`` counts across batches."""
    return _Tables(_no_corpus).batches(items, size=size)


def to_table(name: str, rows: Sequence[dict[str, Any]]) -> Any:
    return pa.Table.from_pylist(list(rows), schema=EXPORT_SCHEMAS[name])


def write_parquet_tables(
    items: Iterable[Article | Linked], directory: Path, *, tables: Sequence[str] = EXPORT_TABLES,
    read_corpus: CorpusReader = _no_corpus,
) -> dict[str, int]:
    """``directory/<table>.parquet`` for each table; returns rows written per table."""
    directory.mkdir(parents=True, exist_ok=True)
    with ExitStack() as stack:
        writers = {
            name: stack.enter_context(
                pq.ParquetWriter(str(directory / f"{name}.parquet"), EXPORT_SCHEMAS[name])
            )
            for name in tables
        }
        sinks = {name: _parquet_sink(writer, name) for name, writer in writers.items()}
        return _Tables(read_corpus).write(items, sinks)


def write_parquet_table(
    items: Iterable[Article | Linked], table: str, out: str | Path | BinaryIO,
    *, read_corpus: CorpusReader = _no_corpus,
) -> int:
    """One table to one Parquet file (or a binary stream); returns rows written."""
    with pq.ParquetWriter(out, EXPORT_SCHEMAS[table]) as writer:
        return _Tables(read_corpus).write(items, {table: _parquet_sink(writer, table)})[table]


def _parquet_sink(writer: Any, table: str) -> RowsSink:
    return lambda rows: writer.write_table(to_table(table, rows))


def write_csv_tables(
    items: Iterable[Article | Linked], directory: Path, *, tables: Sequence[str] = EXPORT_TABLES,
    read_corpus: CorpusReader = _no_corpus,
) -> dict[str, int]:
    """``directory/<table>.csv`` (UTF-8, header row) for each table; returns rows per table."""
    directory.mkdir(parents=True, exist_ok=True)
    with ExitStack() as stack:
        sinks = {
            name: _csv_sink(_csv_writer(stack.enter_context(open(directory / f"{name}.csv", "w", newline="",
                                                                 encoding="utf-8")), name))
            for name in tables
        }
        return _Tables(read_corpus).write(items, sinks)


def write_csv_table(
    items: Iterable[Article | Linked], table: str, out: TextIO, *, read_corpus: CorpusReader = _no_corpus
) -> int:
    """One table as CSV to a text stream (``-o -``); returns rows written."""
    sink = _csv_sink(_csv_writer(out, table))
    return _Tables(read_corpus).write(items, {table: sink})[table]


def _csv_sink(writer: csv.DictWriter[str]) -> RowsSink:
    return lambda rows: writer.writerows(_csv_row(row) for row in rows)


def _csv_writer(out: TextIO, table: str) -> csv.DictWriter[str]:
    writer = csv.DictWriter(out, fieldnames=list(EXPORT_SCHEMAS[table].names), extrasaction="raise")
    writer.writeheader()
    return writer


def _csv_row(row: dict[str, Any]) -> dict[str, Any]:
    return {key: _csv_cell(value) for key, value in row.items()}


def _csv_cell(value: Any) -> Any:
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return value
