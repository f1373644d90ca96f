"""JSONL export: one article per line, exactly the extract contract (``docs/output-format.md``)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TextIO

from newsgraph.model import Article


def write_jsonl(articles: Iterable[Article], out: TextIO) -> int:
    """Write one ``Article.to_dict()`` per line; returns the number of articles written."""
    count = 0
    for article in articles:
        out.write(json.dumps(article.to_dict(), ensure_ascii=False) + "\n")
        count += 1
    return count
