"""Fitting newsgraph's learned components on annotated articles (docs/quotes.md)."""
