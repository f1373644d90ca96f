"""Alembic revisions of the store, oldest first (``0001_initial`` ...)."""
