"""Alembic environment of the store (run programmatically by :mod:`newsgraph.store.migrate`)."""
