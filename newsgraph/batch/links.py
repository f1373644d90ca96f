"""Links across a whole batch output: near-duplicate articles and clustered event mentions.

Run by the driver after the partitions (each worker already wrote its articles' MinHash
signatures).  Writes two tables beside the partition tables:

``duplicates.parquet``
    one row per article of a near-duplicate group: ``group_id``, ``article_id``,
    ``canonical_id`` (the first of the group in partition order), ``similarity``
    (estimated Jaccard with the canonical article).
``event_clusters.parquet``
    one row per event mention: ``cluster_id``, ``article_id``, ``event_id``, ``type``,
    ``date_value`` (the cluster's most precise date): mentions agreeing on type, actors and
    dates share a cluster id; every mention is kept.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.parquet as pq  # type: ignore[import-untyped]

from newsgraph.dedup import (
    DEFAULT_THRESHOLD,
    EventMention,
    cluster_events,
    fold,
    from_values,
    near_duplicate_groups,
)
from newsgraph.model import DateValue

DUPLICATES = "duplicates.parquet"
EVENT_CLUSTERS = "event_clusters.parquet"
DUPLICATE_SCHEMA = pa.schema([
    ("group_id", pa.string()), ("article_id", pa.string()), ("canonical_id", pa.string()),
    ("similarity", pa.float64()),
])
CLUSTER_SCHEMA = pa.schema([
    ("cluster_id", pa.string()), ("article_id", pa.string()), ("event_id", pa.string()),
    ("type", pa.string()), ("date_value", pa.string()),
])


def write_links(out_dir: Path, *, threshold: float | None = None) -> tuple[int, int]:
    """Write both link tables; returns (articles in duplicate groups, event clusters)."""
    from newsgraph.batch.run import done_partitions, table_path

    indexes = done_partitions(out_dir)
    signatures = (
        (row["article_id"], from_values(row["minhash"]))
        for index in indexes
        for row in _rows(table_path(out_dir, "signatures", index))
    )
    groups = near_duplicate_groups(signatures, threshold=threshold or DEFAULT_THRESHOLD)
    duplicate_rows = [
        {"group_id": g.id, "article_id": m, "canonical_id": g.canonical, "similarity": g.similarity[m]}
        for g in groups for m in g.members
    ]
    _write(out_dir / DUPLICATES, duplicate_rows, DUPLICATE_SCHEMA)
    mentions = (
        _event_mention(row) for index in indexes for row in _rows(table_path(out_dir, "events", index))
    )
    clusters = cluster_events(mentions)
    cluster_rows = [
        {"cluster_id": c.id, "article_id": a, "event_id": e, "type": c.type,
         "date_value": c.date.value if c.date else None}
        for c in clusters for a, e in c.mentions
    ]
    _write(out_dir / EVENT_CLUSTERS, cluster_rows, CLUSTER_SCHEMA)
    return len(duplicate_rows), len(clusters)


def _rows(path: Path) -> Iterator[dict[str, Any]]:
    yield from pq.read_table(path).to_pylist()


def _event_mention(row: dict[str, Any]) -> EventMention:
    date = DateValue(row["date_value"], row["date_precision"]) if row["date_value"] else None
    return EventMention(
        row["article_id"], row["id"], row["type"],
        frozenset(fold(actor["name"]) for actor in row["source"] or []),
        frozenset(fold(actor["name"]) for actor in row["target"] or []),
        date,
    )


def _write(path: Path, rows: list[dict[str, Any]], schema: Any) -> None:
    temporary = path.with_name(f".tmp-{os.getpid()}-{path.name}")
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), temporary)
    os.replace(temporary, path)
