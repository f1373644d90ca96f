"""newsgraph: news articles to a provenance-linked knowledge graph.

>>> import newsgraph
>>> article = newsgraph.extract("Le président a déclaré ...", date="2023-09")
>>> for article in newsgraph.pipe(["First text ...", ("Second ...", {"date": "2023-09"})]):
...     quotes = article.to_arrow()["quotes"]

``extract``, ``extract_many`` and ``pipe`` load spaCy on first use, so ``import newsgraph``
stays cheap for code that only reads a store.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from newsgraph.model import SCHEMA_VERSION, Article, DateValue, Entity, Event, Quote, TimeExpression

if TYPE_CHECKING:
    from newsgraph.frames import data_frames, tables
    from newsgraph.ingest.document import SourceDocument
    from newsgraph.library import extract, extract_many, pipe

__version__ = "0.1.0"
__all__ = [
    "SCHEMA_VERSION",
    "Article",
    "DateValue",
    "Entity",
    "Event",
    "Quote",
    "SourceDocument",
    "TimeExpression",
    "__version__",
    "data_frames",
    "extract",
    "extract_many",
    "pipe",
    "tables",
]


def __getattr__(name: str) -> Any:
    if name in {"extract", "extract_many", "pipe"}:
        from newsgraph import library

        return getattr(library, name)
    if name == "SourceDocument":
        from newsgraph.ingest.document import SourceDocument

        return SourceDocument
    if name in {"tables", "data_frames"}:
        from newsgraph import frames

        return getattr(frames, name)
    raise AttributeError(f"module 'newsgraph' has no attribute {name!r}")
