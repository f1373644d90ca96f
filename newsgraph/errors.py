"""Domain errors.  The CLI turns every one of them into a one-line user message."""

from __future__ import annotations


class NewsgraphError(Exception):
    """Base class of every error newsgraph reports to a user."""


class ModelError(NewsgraphError):
    """Data does not follow the newsgraph data model."""


class InputError(NewsgraphError):
    """An input (file, record, URL) cannot be read as an article."""

    def __init__(self, source: str, problem: str) -> None:
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem


class StoreError(NewsgraphError):
    """The store cannot be opened or written."""


class StoreDataError(StoreError):
    """The database refused the data of a batch (a value it cannot hold, a constraint
    violated), not the connection: the same articles saved one by one find the bad one.

    ``reason`` is the database's message, first line only."""

    def __init__(self, message: str, *, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


class ConfigError(NewsgraphError):
    """A setting is missing or invalid."""
