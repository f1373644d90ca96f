"""Splitting batch inputs into partitions: lists of items a worker reads on its own.

An item is a file (read exactly as ``extract`` reads it), a slice of a JSONL corpus (a
byte offset and a number of lines, so a worker seeks instead of re-reading the file) or a
set of WARC records (byte offsets from :func:`~newsgraph.ingest.warc.scan_warc`).
Directories are expanded as ``extract`` expands them.  Items are packed in input order
into partitions of about ``partition_size`` records; a partition's key is a hash of what
it holds, so the same inputs give the same partitions and a batch can resume.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from newsgraph.ingest.document import Failure
from newsgraph.ingest.sources import files_in
from newsgraph.ingest.warc import WarcEntry, is_warc, scan_warc
from newsgraph.model import content_id

JSONL_SUFFIXES: tuple[str, ...] = (".jsonl", ".ndjson")
DEFAULT_PARTITION_SIZE = 100


@dataclass(frozen=True, slots=True)
class FileItem:
    """A file read whole, as ``extract`` reads it (text, HTML, CSV, or a missing path)."""

    path: str

    @property
    def records(self) -> int:
        return 1


@dataclass(frozen=True, slots=True)
class JsonlSlice:
    """``lines`` lines of a JSONL corpus from byte ``start``, the first being line ``first_line``."""

    path: str
    start: int
    first_line: int
    lines: int

    @property
    def records(self) -> int:
        return self.lines


@dataclass(frozen=True, slots=True)
class WarcRecords:
    path: str
    offsets: tuple[int, ...]

    @property
    def records(self) -> int:
        return len(self.offsets)


Item = FileItem | JsonlSlice | WarcRecords


@dataclass(frozen=True, slots=True)
class Partition:
    index: int
    items: tuple[Item, ...]
    planning_failures: tuple[Failure, ...] = ()  # archives that broke while being scanned

    @property
    def key(self) -> str:
        described = [{"kind": type(item).__name__, **asdict(item)} for item in self.items]
        return content_id(json.dumps(described, sort_keys=True), prefix="p_")

    @property
    def records(self) -> int:
        return sum(item.records for item in self.items)


def plan_partitions(
    inputs: Sequence[str | Path], *, partition_size: int = DEFAULT_PARTITION_SIZE
) -> list[Partition]:
    """The partitions of ``inputs`` (files, directories, JSONL corpora, WARC archives)."""
    if partition_size <= 0:
        raise ValueError(f"the partition size must be positive, got {partition_size}")
    packer = _Packer(partition_size)
    for argument in inputs:
        for path in _expand(str(argument)):
            for piece in _items(path, partition_size):
                packer.add(piece)
    return packer.finish()


def _expand(argument: str) -> list[str]:
    path = Path(argument)
    if path.is_dir():
        files = files_in(path, include=())
        warcs = sorted(str(p) for p in path.rglob("*") if p.is_file() and is_warc(p))
        return [str(p) for p in files] + warcs if files or warcs else [argument]
    return [argument]


def _items(path: str, partition_size: int) -> Iterator[Item | Failure]:
    if is_warc(path) and Path(path).is_file():
        yield from _warc_items(path, partition_size)
    elif path.lower().endswith(JSONL_SUFFIXES) and Path(path).is_file():
        yield from _jsonl_slices(path, partition_size)
    else:
        yield FileItem(path)


def _warc_items(path: str, partition_size: int) -> Iterator[Item | Failure]:
    offsets: list[int] = []
    for entry in scan_warc(path):
        if isinstance(entry, Failure):
            yield entry
            continue
        offsets.append(_offset(entry))
        if len(offsets) == partition_size:
            yield WarcRecords(path, tuple(offsets))
            offsets = []
    if offsets:
        yield WarcRecords(path, tuple(offsets))


def _offset(entry: WarcEntry) -> int:
    return entry.offset


def _jsonl_slices(path: str, partition_size: int) -> Iterator[Item]:
    """Slices of ``partition_size`` lines, found by one pass over the bytes (no decoding)."""
    start = position = 0
    first_line = 1
    count = 0
    with open(path, "rb") as stream:
        for raw in stream:
            count += 1
            position += len(raw)
            if count == partition_size:
                yield JsonlSlice(path, start, first_line, count)
                start, first_line, count = position, first_line + count, 0
    if count:
        yield JsonlSlice(path, start, first_line, count)


class _Packer:
    """Packs items into partitions of about ``size`` records, in input order."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.partitions: list[Partition] = []
        self.items: list[Item] = []
        self.failures: list[Failure] = []
        self.records = 0

    def add(self, piece: Item | Failure) -> None:
        if isinstance(piece, Failure):
            self.failures.append(piece)
            return
        if self.items and self.records + piece.records > self.size:
            self._close()
        self.items.append(piece)
        self.records += piece.records

    def finish(self) -> list[Partition]:
        if self.items or self.failures:
            self._close()
        return self.partitions

    def _close(self) -> None:
        index = len(self.partitions)
        self.partitions.append(Partition(index, tuple(self.items), tuple(self.failures)))
        self.items, self.failures, self.records = [], [], 0
