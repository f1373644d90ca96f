"""Batch extraction on Dask: partitions in, one Parquet file per partition and table out.

``run_batch`` plans partitions (:mod:`newsgraph.batch.partitions`), starts a
``LocalCluster`` of worker *processes* (one thread each: spaCy is not shared between
threads) or connects to a scheduler, and submits one task per partition not yet done.
Each worker loads the spaCy models once, when it starts (:class:`ModelPlugin`); tasks
reuse them through the per-process model cache.  A task reads its items, runs the same
runner as ``extract``, and writes every table of its partition to temporary files that
it renames into place.  The driver records each finished partition in ``manifest.json``
(written atomically), so an interrupted batch, run again with the same inputs, skips the
partitions already done.  A bad record is a row of the ``failures`` table, never a failed
partition; a partition whose task itself fails is reported and left to the next run.

After the partitions, the driver links near-duplicate articles and clusters event mentions
over the whole output (``duplicates.parquet``, ``event_clusters.parquet``).
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq  # type: ignore[import-untyped]

from newsgraph.extras import missing

try:
    from distributed.diagnostics.plugin import WorkerPlugin
except ImportError as exc:  # the [batch] extra
    raise missing("batch") from exc

from newsgraph.batch.partitions import (
    DEFAULT_PARTITION_SIZE,
    FileItem,
    Item,
    JsonlSlice,
    Partition,
    WarcRecords,
    plan_partitions,
)
from newsgraph.batch.tables import TABLES, Rows, add_article, add_failure, empty_rows, to_table
from newsgraph.errors import ConfigError
from newsgraph.ingest.document import Failure, SourceDocument
from newsgraph.ingest.records import RecordFields
from newsgraph.model import Article, DateValue, content_id

MANIFEST = "manifest.json"
MANIFEST_VERSION = 1
WARNINGS_PER_PARTITION = 20  # warning lines a partition sends back; the rest are counted
log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ReadSettings:
    """What every worker needs to read its items like ``extract`` does."""

    max_bytes: int
    date: DateValue | None = None
    lang: str | None = None
    fields: RecordFields = field(default_factory=RecordFields)  # JSONL/CSV field names


@dataclass(frozen=True, slots=True)
class PartitionResult:
    key: str
    index: int
    articles: int
    failures: int
    seconds: float
    worker_peak_rss: int  # bytes, peak resident memory of the worker process so far
    worker: str
    # "SOURCE: note" of articles whose notes are worth a warning (ingest.sources.warnings_of):
    # the first WARNINGS_PER_PARTITION, and how many there were in all
    warnings: tuple[str, ...] = ()
    warning_count: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "index": self.index, "articles": self.articles, "failures": self.failures,
            "seconds": round(self.seconds, 3), "worker_peak_rss": self.worker_peak_rss, "worker": self.worker,
        }


@dataclass(slots=True)
class BatchSummary:
    out_dir: Path
    partitions: int = 0
    skipped: int = 0  # already done by an earlier run
    done: list[PartitionResult] = field(default_factory=list)
    failed: dict[int, str] = field(default_factory=dict)  # partition index -> error
    seconds: float = 0.0

    @property
    def articles(self) -> int:
        return sum(result.articles for result in self.done)

    @property
    def failures(self) -> int:
        return sum(result.failures for result in self.done)

    @property
    def warnings(self) -> list[str]:
        """``SOURCE: note`` lines worth a warning (a record date not understood, a doubtful
        decoding), in partition order; at most WARNINGS_PER_PARTITION per partition."""
        return [line for result in sorted(self.done, key=lambda r: r.index) for line in result.warnings]

    @property
    def warning_count(self) -> int:
        """Articles' notes worth a warning in all, those left out of :attr:`warnings` included."""
        return sum(result.warning_count for result in self.done)


# -- the worker side -----------------------------------------------------------------


class ModelPlugin(WorkerPlugin):
    """Loads the spaCy models once per worker process, when the worker starts."""

    name = "newsgraph-models"

    def setup(self, worker: Any) -> None:
        warm_models()


def warm_models() -> None:
    from newsgraph.config import SUPPORTED_LANGUAGES
    from newsgraph.library import default_runner
    from newsgraph.nlp.models import load_model

    default_runner()
    for lang in SUPPORTED_LANGUAGES:
        try:
            load_model(lang)
        except ConfigError as exc:  # a missing model fails its articles, not the worker
            log.warning("%s", exc)


def process_partition(partition: Partition, out_dir: str, settings: ReadSettings) -> PartitionResult:
    """Read, analyse and write one partition; runs on a worker."""
    from newsgraph.dedup import signature_values
    from newsgraph.ingest.sources import warnings_of
    from newsgraph.library import default_runner

    started = time.perf_counter()
    rows = empty_rows()
    warnings: list[str] = []
    for failure in partition.planning_failures:
        add_failure(rows, failure, partition=partition.index)
    position = 0
    for outcome in default_runner().analyse(_guarded(partition.items, settings)):
        if isinstance(outcome, Failure):
            add_failure(rows, outcome, partition=partition.index)
        else:
            add_article(rows, outcome, partition=partition.index, position=position)
            rows["signatures"].append({"article_id": outcome.id, "minhash": signature_values(outcome.text)})
            warnings += (f"{outcome.source}: {note}" for note in warnings_of(outcome.notes))
            position += 1
    write_partition(Path(out_dir), partition.index, rows)
    return PartitionResult(
        partition.key, partition.index, len(rows["articles"]), len(rows["failures"]),
        time.perf_counter() - started, _peak_rss(), _worker_name(),
        warnings=tuple(warnings[:WARNINGS_PER_PARTITION]), warning_count=len(warnings),
    )


def _guarded(items: Sequence[Item], settings: ReadSettings) -> Iterator[SourceDocument | Failure]:
    """Every item's documents; an item whose reader raises is one Failure, not a lost partition."""
    for item in items:
        try:
            yield from read_item(item, settings)
        except Exception as exc:  # a reader bug must not cost the other items
            yield Failure(item.path, f"could not be read: {type(exc).__name__}: {exc}")


def read_item(item: Item, settings: ReadSettings) -> Iterator[SourceDocument | Failure]:
    from newsgraph.ingest.sources import iter_documents
    from newsgraph.ingest.warc import read_warc_records

    if isinstance(item, FileItem):
        yield from iter_documents([item.path], date=settings.date, lang=settings.lang,
                                  max_bytes=settings.max_bytes, fields=settings.fields)
    elif isinstance(item, JsonlSlice):
        yield from _read_jsonl_slice(item, settings)
    elif isinstance(item, WarcRecords):
        yield from read_warc_records(item.path, item.offsets, max_bytes=settings.max_bytes,
                                     date=settings.date, lang=settings.lang)


def _read_jsonl_slice(item: JsonlSlice, settings: ReadSettings) -> Iterator[SourceDocument | Failure]:
    """The slice's records, with the sources ``PATH:LINE`` that reading the whole file gives."""
    import io

    from newsgraph.ingest.records import read_jsonl, set_date_option

    with open(item.path, "rb") as stream:
        stream.seek(item.start)
        data = b"".join(stream.readline() for _ in range(item.lines))
    shift = item.first_line - 1
    for outcome in read_jsonl(io.BytesIO(data), name=item.path, fields=settings.fields,
                              max_bytes=settings.max_bytes):
        source = _shifted(outcome.source, item.path, shift)
        if isinstance(outcome, Failure):
            yield Failure(source, outcome.problem)
            continue
        outcome.source = source
        set_date_option(outcome, settings.date)
        outcome.lang = settings.lang or outcome.lang
        yield outcome


def _shifted(source: str, path: str, shift: int) -> str:
    line = int(source.removeprefix(f"{path}:"))
    return f"{path}:{line + shift}"


def _peak_rss() -> int:
    """Peak resident memory of this (worker) process, in bytes (Linux reports KiB)."""
    import resource

    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) * 1024


def _worker_name() -> str:
    try:
        from distributed import get_worker

        return str(get_worker().address)
    except ValueError:  # not on a Dask worker (run in-process)
        return f"pid {os.getpid()}"


# -- writing -------------------------------------------------------------------------


def table_path(out_dir: Path, table: str, index: int) -> Path:
    return out_dir / table / f"part-{index:05d}.parquet"


def write_partition(out_dir: Path, index: int, rows: Rows) -> None:
    """Write every table of a partition: temporary files first, then renamed into place."""
    written: list[tuple[Path, Path]] = []
    for table in TABLES:
        final = table_path(out_dir, table, index)
        final.parent.mkdir(parents=True, exist_ok=True)
        temporary = final.with_name(f".tmp-{os.getpid()}-{final.name}")
        pq.write_table(to_table(table, rows[table]), temporary)
        written.append((temporary, final))
    for temporary, final in written:
        os.replace(temporary, final)


def partition_complete(out_dir: Path, index: int) -> bool:
    return all(table_path(out_dir, table, index).is_file() for table in TABLES)


# -- the manifest ----------------------------------------------------------------------


class Manifest:
    """``manifest.json``: the inputs, the partition plan, and the partitions done."""

    def __init__(self, path: Path, data: dict[str, Any]) -> None:
        self.path = path
        self.data = data

    @classmethod
    def open(cls, out_dir: Path, inputs: Sequence[str], partitions: Sequence[Partition]) -> Manifest:
        path = out_dir / MANIFEST
        plan = [{"index": p.index, "key": p.key, "records": p.records} for p in partitions]
        if not path.exists():
            data: dict[str, Any] = {
                "version": MANIFEST_VERSION, "inputs": list(inputs), "partitions": plan, "done": {},
            }
            return cls(path, data)
        data = read_manifest(out_dir)
        if data.get("partitions") != plan:
            raise ConfigError(
                f"{out_dir} holds a batch of other inputs or another partition size "
                f"({', '.join(map(str, data.get('inputs', [])))}); use a new output directory"
            )
        return cls(path, data)

    def is_done(self, partition: Partition) -> bool:
        return partition.key in self.data["done"] and partition_complete(self.path.parent, partition.index)

    def mark_done(self, result: PartitionResult) -> None:
        self.data["done"][result.key] = result.to_json()
        self.save()

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".manifest-", dir=self.path.parent)
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(self.data, stream, indent=1)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, self.path)


def read_manifest(out_dir: Path) -> dict[str, Any]:
    path = out_dir / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"{out_dir}: no {MANIFEST}; not a newsgraph batch output") from exc
    except (OSError, ValueError) as exc:
        raise ConfigError(f"{path}: unreadable batch manifest ({exc})") from exc
    if not isinstance(data, dict) or data.get("version") != MANIFEST_VERSION:
        raise ConfigError(f"{path}: not a newsgraph batch manifest (version {MANIFEST_VERSION})")
    return data


def done_partitions(out_dir: Path) -> list[int]:
    """Indexes of the partitions a batch output holds, complete, in order."""
    data = read_manifest(out_dir)
    indexes = sorted(int(entry["index"]) for entry in data["done"].values())
    return [index for index in indexes if partition_complete(out_dir, index)]


def write_articles(out_dir: str | Path, partitions: Iterable[Sequence[Article]], *, label: str) -> int:
    """Write already-analysed articles as a batch output, one partition per list (a new
    directory; for synthetic corpora and tests).  ``label`` stands for the inputs in the
    manifest.  Returns the number of partitions written."""
    from newsgraph.dedup import signature_values

    out = Path(out_dir)
    if (out / MANIFEST).exists():
        raise ConfigError(f"{out} already holds a batch output; use a new output directory")
    data: dict[str, Any] = {"version": MANIFEST_VERSION, "inputs": [label], "partitions": [], "done": {}}
    index = -1
    for index, articles in enumerate(partitions):
        started = time.perf_counter()
        rows = empty_rows()
        for position, article in enumerate(articles):
            add_article(rows, article, partition=index, position=position)
            rows["signatures"].append({"article_id": article.id, "minhash": signature_values(article.text)})
        write_partition(out, index, rows)
        key = content_id(label, str(index), *(a.id for a in articles), prefix="p_")
        data["partitions"].append({"index": index, "key": key, "records": len(articles)})
        result = PartitionResult(
            key, index, len(articles), 0, time.perf_counter() - started, _peak_rss(), f"pid {os.getpid()}"
        )
        data["done"][key] = result.to_json()
    Manifest(out / MANIFEST, data).save()
    return index + 1


# -- the driver --------------------------------------------------------------------------


def run_batch(
    inputs: Sequence[str | Path],
    out_dir: str | Path,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    partition_size: int = DEFAULT_PARTITION_SIZE,
    max_bytes: int | None = None,
    date: str | DateValue | None = None,
    lang: str | None = None,
    threshold: float | None = None,
    fields: RecordFields | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> BatchSummary:
    """Extract ``inputs`` on Dask into Parquet tables under ``out_dir``; resumes a past run.

    ``workers``: local worker processes (default: one per core); ``scheduler``: the address
    of a running Dask scheduler instead (``tcp://host:8786``; the inputs and ``out_dir``
    must then be visible to every worker at the same paths); ``fields``: the field names of
    JSONL/CSV records (default :class:`RecordFields`); ``progress`` is told ``(records done,
    records in all)`` when the partitions are planned (those of partitions an earlier run did
    count as done) and as each partition finishes or fails, ending with the total.
    """
    if workers is not None and scheduler is not None:
        raise ConfigError("give either a number of local workers or a scheduler address, not both")
    if workers is not None and workers <= 0:
        raise ConfigError(f"the number of workers must be positive, got {workers}")
    started = time.perf_counter()
    out = Path(out_dir)
    settings = _read_settings(max_bytes=max_bytes, date=date, lang=lang, fields=fields)
    partitions = plan_partitions(inputs, partition_size=partition_size)
    manifest = Manifest.open(out, [str(i) for i in inputs], partitions)
    manifest.save()
    todo = [p for p in partitions if not manifest.is_done(p)]
    summary = BatchSummary(out, partitions=len(partitions), skipped=len(partitions) - len(todo))
    counter = _RecordCounter(partitions, todo, progress)
    if todo:
        _run_on_dask(todo, out, settings, manifest, summary, counter, workers=workers, scheduler=scheduler)
    from newsgraph.batch.links import write_links

    write_links(out, threshold=threshold)
    summary.seconds = time.perf_counter() - started
    return summary


def _read_settings(
    *, max_bytes: int | None, date: str | DateValue | None, lang: str | None, fields: RecordFields | None
) -> ReadSettings:
    from newsgraph.ingest.sources import make_options

    options = make_options(date=date, lang=lang, max_bytes=max_bytes, fields=fields)
    return ReadSettings(
        max_bytes=options.max_bytes, date=options.date, lang=options.lang, fields=options.fields
    )


class _RecordCounter:
    """Records done over records planned, told to ``progress`` as partitions finish."""

    def __init__(
        self, partitions: Sequence[Partition], todo: Sequence[Partition],
        progress: Callable[[int, int], None] | None,
    ) -> None:
        self.total = sum(partition.records for partition in partitions)
        self.done = self.total - sum(partition.records for partition in todo)
        self.progress = progress
        self._tell()

    def finished(self, partition: Partition) -> None:
        self.done += partition.records
        self._tell()

    def _tell(self) -> None:
        if self.progress is not None:
            self.progress(self.done, self.total)


def _run_on_dask(
    todo: list[Partition], out: Path, settings: ReadSettings, manifest: Manifest, summary: BatchSummary,
    counter: _RecordCounter, *, workers: int | None, scheduler: str | None,
) -> None:
    from distributed import as_completed

    with _client(workers=workers, scheduler=scheduler) as client:
        futures = {
            client.submit(process_partition, partition, str(out.resolve()), settings,
                          key=f"newsgraph-{partition.key}", retries=1, pure=False): partition
            for partition in todo
        }
        for future in as_completed(futures):  # type: ignore[no-untyped-call]
            partition = futures[future]
            try:
                result = future.result()
            except Exception as exc:  # a crashed task is reported; the next run retries it
                summary.failed[partition.index] = f"{type(exc).__name__}: {exc}"
            else:
                manifest.mark_done(result)
                summary.done.append(result)
            counter.finished(partition)


class _client:
    """A Dask client on a fresh LocalCluster (worker processes) or on a running scheduler."""

    def __init__(self, *, workers: int | None, scheduler: str | None) -> None:
        self.workers = workers
        self.scheduler = scheduler
        self.cluster: Any = None
        self.client: Any = None

    def __enter__(self) -> Any:
        from distributed import Client, LocalCluster

        if self.scheduler is not None:
            self.client = Client(self.scheduler)  # type: ignore[no-untyped-call]
        else:
            self.cluster = LocalCluster(  # type: ignore[no-untyped-call]
                n_workers=self.workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                dashboard_address=None, silence_logs=logging.ERROR,
            )
            self.client = Client(self.cluster)  # type: ignore[no-untyped-call]
        self.client.register_plugin(ModelPlugin())
        return self.client

    def __exit__(self, *exc: object) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()

