"""Loading a batch output into the store: Parquet rows back to validated Articles, bulk-stored.

Partitions are read one at a time, in order, from the manifest (only partitions recorded as
done, so a half-written batch loads what it has).  Each article is rebuilt as the JSON
contract and validated by :meth:`Article.from_dict`; one that does not validate becomes a
:class:`Failure` naming its source and the field, and the others load.  Each partition is
stored by :meth:`Store.load_partition <newsgraph.store.Store.load_partition>`: one
transaction, COPY on PostgreSQL, recorded under the SHA-256 of its files so that loading
again skips it.  A partition file that is missing or not a readable table of the batch
schema is reported by name and its partition skipped (not recorded: the next run retries).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.parquet as pq  # type: ignore[import-untyped]

from newsgraph.batch.run import done_partitions, read_manifest, table_path
from newsgraph.batch.tables import ARTICLE_TABLES, SCHEMAS, article_dicts
from newsgraph.errors import ModelError
from newsgraph.ingest.document import Failure
from newsgraph.model import Article

# Columns newer than some batch outputs; reading such an output gives their default.
# absent: salient, no lemma, no salience score, no other mention
ADDED_LATER: dict[str, tuple[str, ...]] = {"events": ("salient", "lemma", "salience", "mentions")}


@dataclass(slots=True)
class LoadSummary:
    articles: int = 0  # valid articles of the partitions loaded now
    ingested: int = 0
    updated: int = 0
    unchanged: int = 0
    rows: int = 0  # rows written, all tables (and SQLite's full-text index)
    partitions: int = 0  # partitions the batch output records as done
    loaded: int = 0  # partitions loaded now
    skipped: int = 0  # partitions loaded by an earlier run
    seconds: float = 0.0
    failures: list[Failure] = field(default_factory=list)  # articles that did not validate
    bad_partitions: list[Failure] = field(default_factory=list)  # file (or partition) and problem
    batch_failures: int = 0  # rows of the batch's own failures tables (inputs that failed)

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds > 0 else 0.0

    @property
    def articles_per_second(self) -> float:
        return (self.ingested + self.updated) / self.seconds if self.seconds > 0 else 0.0


class PartitionError(Exception):
    """A partition that cannot be read: ``where`` (a file, or the partition) and the problem."""

    def __init__(self, where: Path | str, problem: str) -> None:
        super().__init__(f"{where}: {problem}")
        self.failure = Failure(str(where), problem)


def read_articles(out_dir: str | Path) -> Iterator[Article | Failure]:
    """Every article of a batch output, in partition order, validated."""
    out = Path(out_dir)
    for index in done_partitions(out):
        tables = {name: _rows(table_path(out, name, index)) for name in ARTICLE_TABLES}
        yield from validated_articles(tables)


def validated_articles(tables: dict[str, list[dict[str, Any]]]) -> list[Article | Failure]:
    """The articles of one partition's rows (``table -> rows``), validated, in order."""
    sentences = _mention_sentences(tables["mentions"])
    return [_validated(data, sentences) for data in article_dicts(tables)]


def read_failures(out_dir: str | Path) -> Iterator[Failure]:
    """The inputs a batch could not read or analyse (its ``failures`` tables)."""
    out = Path(out_dir)
    for index in done_partitions(out):
        for row in _rows(table_path(out, "failures", index)):
            yield Failure(row["source"], row["problem"])


def recorded_partitions(out_dir: str | Path) -> list[int]:
    """Indexes of the partitions the manifest records as done (files present or not), in order."""
    return sorted(recorded_articles(out_dir))


def recorded_articles(out_dir: str | Path) -> dict[int, int]:
    """The articles the manifest records for each partition done (its index -> articles)."""
    return {
        int(entry["index"]): int(entry.get("articles") or 0)
        for entry in read_manifest(Path(out_dir))["done"].values()
    }


def load_batch(
    out_dir: str | Path,
    store: Any,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> LoadSummary:
    """Bulk-load every partition of a batch output into ``store`` (a
    :class:`~newsgraph.store.Store`); ``progress`` is told ``(articles done, articles in
    all)`` — as the batch's manifest counts them, those of partitions loaded earlier done
    from the start — once the partitions to load are known and after each partition
    (loaded or unreadable), ending with the total.

    The partitions' keys are computed first and those recorded in the store are skipped
    unread.  While one partition is written, a thread reads and validates the next one
    (the database's work overlaps the Python work)."""
    out = Path(out_dir)
    started = time.perf_counter()
    summary = LoadSummary()
    articles = recorded_articles(out)
    indexes = sorted(articles)
    summary.partitions = len(indexes)
    summary.batch_failures = _count_batch_failures(out, indexes)
    keys: dict[int, str] = {}
    for index in indexes:
        try:
            keys[index] = partition_files(out, index)[0]
        except PartitionError:
            keys[index] = ""  # reported when its turn comes
    done = store.loaded_partitions([key for key in keys.values() if key])
    todo = [index for index in indexes if keys[index] not in done]
    summary.skipped = len(indexes) - len(todo)
    total = sum(articles.values())
    done = total - sum(articles[index] for index in todo)
    tell = progress or (lambda done, total: None)
    tell(done, total)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="newsgraph-load") as reader:
        upcoming = [reader.submit(_prepare, out, index) for index in todo[:1]]
        for position, index in enumerate(todo):
            prepared = upcoming.pop(0).result()
            if position + 1 < len(todo):
                upcoming.append(reader.submit(_prepare, out, todo[position + 1]))
            _store(prepared, out, index, store, summary)
            done += articles[index]
            tell(done, total)
    summary.seconds = time.perf_counter() - started
    return summary


Prepared = tuple[str, list["Article | Failure"], dict[str, list[int]]] | PartitionError


def _prepare(out: Path, index: int) -> Prepared:
    """Read and validate one partition (runs on the reader thread; no database access)."""
    try:
        key, contents = partition_files(out, index)
        return key, _articles_of(out, index, contents), _signatures(out, index)
    except PartitionError as exc:
        return exc


def _signatures(out: Path, index: int) -> dict[str, list[int]]:
    """The partition's MinHash signatures (article id -> values), reused by the store to find
    near-duplicates; none when the table is missing or unreadable (the store computes them)."""
    try:
        rows = pq.read_table(table_path(out, "signatures", index)).to_pylist()
        return {str(row["article_id"]): list(row["minhash"]) for row in rows}
    except (pa.ArrowException, OSError, ValueError, KeyError, TypeError):
        return {}


def _store(prepared: Prepared, out: Path, index: int, store: Any, summary: LoadSummary) -> None:
    if isinstance(prepared, PartitionError):
        summary.bad_partitions.append(prepared.failure)
        return
    key, outcomes, signatures = prepared
    articles = [outcome for outcome in outcomes if isinstance(outcome, Article)]
    summary.failures.extend(outcome for outcome in outcomes if isinstance(outcome, Failure))
    done = store.load_partition(articles, key=key, origin=f"{out} partition {index}", signatures=signatures)
    if done.skipped:  # loaded meanwhile (another loader, or the same files twice)
        summary.skipped += 1
        return
    summary.loaded += 1
    summary.articles += len(articles)
    summary.rows += done.rows
    summary.ingested += done.result.ingested
    summary.updated += done.result.updated
    summary.unchanged += done.result.unchanged


def partition_files(out: Path, index: int) -> tuple[str, dict[str, bytes]]:
    """The bytes of a partition's article tables, and their SHA-256 (the partition's key)."""
    digest = hashlib.sha256()
    contents: dict[str, bytes] = {}
    for name in ARTICLE_TABLES:
        path = table_path(out, name, index)
        try:
            data = path.read_bytes()
        except FileNotFoundError as exc:
            raise PartitionError(path, "missing (the manifest records its partition as done)") from exc
        except OSError as exc:
            raise PartitionError(path, f"cannot be read ({exc.strerror or exc})") from exc
        digest.update(name.encode() + b"\0" + len(data).to_bytes(8, "big"))
        digest.update(data)
        contents[name] = data
    return digest.hexdigest(), contents


def _articles_of(out: Path, index: int, contents: dict[str, bytes]) -> list[Article | Failure]:
    tables: dict[str, list[dict[str, Any]]] = {}
    for name, data in contents.items():
        path = table_path(out, name, index)
        try:
            table = pq.read_table(pa.BufferReader(data))
        except (pa.ArrowException, OSError, ValueError) as exc:
            raise PartitionError(path, f"not a readable Parquet file ({exc})") from exc
        optional = ADDED_LATER.get(name, ())
        missing = [c for c in SCHEMAS[name].names if c not in table.column_names and c not in optional]
        if missing:
            raise PartitionError(path, f"not a batch {name} table (missing columns {', '.join(missing)})")
        tables[name] = table.to_pylist()
    try:
        return validated_articles(tables)
    except (KeyError, TypeError, ValueError) as exc:  # rows that do not fit together
        where = table_path(out, "articles", index)
        raise PartitionError(where, f"inconsistent partition rows ({exc!r})") from exc


def _count_batch_failures(out: Path, indexes: list[int]) -> int:
    count = 0
    for index in indexes:
        try:
            count += pq.ParquetFile(table_path(out, "failures", index)).metadata.num_rows
        except (pa.ArrowException, OSError):
            continue  # the failures table is informative; its partition may still load
    return count


def _rows(path: Path) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = pq.read_table(path).to_pylist()
    return rows


def _mention_sentences(rows: list[dict[str, Any]]) -> dict[tuple[str, int, int], int]:
    return {
        (row["article_id"], int(row["entity_position"]), int(row["position"])): int(row["sentence"])
        for row in rows
    }


def _validated(data: dict[str, Any], sentences: dict[tuple[str, int, int], int]) -> Article | Failure:
    try:
        article = Article.from_dict(data)
    except (ModelError, KeyError, TypeError, ValueError) as exc:
        return Failure(str(data.get("source", data.get("id"))), f"invalid article in the batch output: {exc}")
    for e_index, entity in enumerate(article.entities):
        for m_index, mention in enumerate(entity.mentions):
            mention.sentence = sentences.get((article.id, e_index, m_index), -1)
    return article
