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


class ConfigError(NewsgraphError):
    """A setting is missing or invalid."""
