"""Corpus statistics over analysed articles: who is quoted, source shares, gender with its
coverage, co-quotation and co-occurrence networks, event pairs over time (docs/analysis.md).

Every statistic is one pass over a stream of :class:`~newsgraph.model.Article` (from
:func:`newsgraph.export.select.iter_articles`, or built by hand), keeping counters only.
"""
