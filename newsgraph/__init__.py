"""newsgraph: news articles to a provenance-linked knowledge graph.

>>> import newsgraph
>>> article = newsgraph.extract("Le président a déclaré ...", date="2023-09")
"""

from newsgraph.library import extract, extract_many
from newsgraph.model import SCHEMA_VERSION, Article, DateValue, Entity, Event, Quote, TimeExpression

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
