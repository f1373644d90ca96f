"""Loading a batch output into the store: Parquet rows back to validated Articles, then saved.

Partitions are read one at a time, in order, from the manifest (only partitions recorded as
done, so a half-written batch loads what it has).  Each article is rebuilt as the JSON
contract and validated by :meth:`Article.from_dict`; one that does not validate becomes a
:class:`Failure` naming its source and the field, and the others load.  Saving goes through
:meth:`Store.save` (idempotent: loading twice reports the second time as unchanged).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq  # type: ignore[import-untyped]

from newsgraph.batch.run import done_partitions, table_path
from newsgraph.batch.tables import ARTICLE_TABLES, article_dicts
from newsgraph.errors import ModelError
from newsgraph.ingest.document import Failure
from newsgraph.model import Article


@dataclass(slots=True)
class LoadSummary:
    articles: int = 0
    ingested: int = 0
    updated: int = 0
    unchanged: int = 0
    failures: list[Failure] = field(default_factory=list)  # articles that did not validate
    batch_failures: int = 0  # rows of the batch's own failures tables (inputs that failed)


def read_articles(out_dir: str | Path) -> Iterator[Article | Failure]:
    """Every article of a batch output, in partition order, validated."""
    out = Path(out_dir)
    for index in done_partitions(out):
        tables = {name: _rows(table_path(out, name, index)) for name in ARTICLE_TABLES}
        sentences = _mention_sentences(tables["mentions"])
        for data in article_dicts(tables):
            yield _validated(data, sentences)


def read_failures(out_dir: str | Path) -> Iterator[Failure]:
    """The inputs a batch could not read or analyse (its ``failures`` tables)."""
    out = Path(out_dir)
    for index in done_partitions(out):
        for row in _rows(table_path(out, "failures", index)):
            yield Failure(row["source"], row["problem"])


def load_batch(
    out_dir: str | Path,
    store: Any,
    *,
    batch_size: int = 100,
    progress: Callable[[int], None] | None = None,
) -> LoadSummary:
    """Save every article of a batch output into ``store`` (a :class:`~newsgraph.store.Store`)."""
    summary = LoadSummary()
    summary.batch_failures = sum(1 for _ in read_failures(out_dir))

    def valid() -> Iterator[Article]:
        for outcome in read_articles(out_dir):
            if isinstance(outcome, Failure):
                summary.failures.append(outcome)
                continue
            summary.articles += 1
            if progress is not None:
                progress(summary.articles)
            yield outcome

    result = store.save(valid(), batch_size=batch_size)
    summary.ingested, summary.updated, summary.unchanged = result.ingested, result.updated, result.unchanged
    return summary


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
