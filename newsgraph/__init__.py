"""newsgraph: news articles to a provenance-linked knowledge graph.

>>> import newsgraph
>>> article = newsgraph.extract("Le président a déclaré ...", date="2023-09")

``extract`` and ``extract_many`` load spaCy on first use, so ``import newsgraph`` stays
cheap for code that only reads a store.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from newsgraph.model import SCHEMA_VERSION, Article, DateValue, Entity, Event, Quote, TimeExpression

if TYPE_CHECKING:
    from newsgraph.library import extract, extract_many

__version__ = "0.1.0"
__all__ = [
    "SCHEMA_VERSION",
    "Article",
    "DateValue",
    "Entity",
    "Event",
    "Quote",
    "TimeExpression",
    "__version__",
    "extract",
    "extract_many",
]


def __getattr__(name: str) -> Any:
    if name in {"extract", "extract_many"}:
        from newsgraph import library

        return getattr(library, name)
    raise AttributeError(f"module 'newsgraph' has no attribute {name!r}")
