"""Cross-document entity resolution: in-article entities -> corpus entities.

See ``docs/entities.md``.  :func:`resolve_store` recomputes the corpus entities of a
store from its in-article entities, the gazetteer and the human judgements.
"""

from newsgraph.names import name_key, place_key
from newsgraph.resolve.gazetteer import Gazetteer, bundled_gazetteer, load_gazetteer
from newsgraph.resolve.resolver import NameRecord, Resolution, resolve_records

__all__ = [
    "Gazetteer",
    "NameRecord",
    "Resolution",
    "bundled_gazetteer",
    "load_gazetteer",
    "name_key",
    "place_key",
    "resolve_records",
]
