"""Learned speaker attribution: candidates -> features -> a ranker (docs/quotes.md)."""
