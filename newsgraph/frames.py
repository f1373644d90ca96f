"""Articles as tables: the batch output's Arrow tables (:mod:`newsgraph.batch.tables`), or
pandas DataFrames, for ``Article.to_arrow()`` / ``to_pandas()`` and
``newsgraph.tables`` / ``newsgraph.data_frames``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from newsgraph.extras import require
from newsgraph.model import Article


def tables(articles: Iterable[Article]) -> dict[str, Any]:
    """``articles``, ``entities``, ``mentions``, ``quotes``, ``events`` and ``times`` as
    ``pyarrow.Table``s of the batch schemas: one row per article, entity, mention…, linked
    by ``article_id`` (``partition`` 0, ``position`` the article's index)."""
    from newsgraph.batch.tables import ARTICLE_TABLES, add_article, empty_rows, to_table

    rows = empty_rows()
    for position, article in enumerate(articles):
        add_article(rows, article, partition=0, position=position)
    return {name: to_table(name, rows[name]) for name in ARTICLE_TABLES}


def data_frames(articles: Iterable[Article]) -> dict[str, Any]:
    """:func:`tables` as pandas DataFrames (the ``[pandas]`` extra)."""
    require("pandas", extra="pandas")
    return {name: table.to_pandas() for name, table in tables(articles).items()}
