"""Batch extraction on Dask into Parquet tables, and loading them into the store."""

from newsgraph.batch.partitions import DEFAULT_PARTITION_SIZE, plan_partitions
from newsgraph.batch.run import BatchSummary, run_batch

__all__ = ["DEFAULT_PARTITION_SIZE", "BatchSummary", "plan_partitions", "run_batch"]
