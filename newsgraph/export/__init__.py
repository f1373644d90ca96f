"""Exports of stored articles to the formats users already load (docs/exports.md).

JSONL (the extract contract), CSV and Parquet tables (the ``batch`` schemas),
FollowTheMoney entities, GraphML/GEXF of the entity graph, a GDELT 2.0 event table.
Each writer takes an iterable of articles, usually :func:`select.iter_articles`.
"""

FORMATS: tuple[str, ...] = ("jsonl", "csv", "parquet", "ftm", "graphml", "gexf", "gdelt")
