"""The API's handle on the store: the :class:`Store` for its own queries (search, articles,
saving) and a read engine for the extra read queries of :mod:`newsgraph.api.queries`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from newsgraph.api.errors import reason
from newsgraph.errors import ConfigError, StoreError
from newsgraph.names import name_key
from newsgraph.store import CorpusEntityRecord, Store
from newsgraph.store.engine import is_sqlite_memory, make_engine, resolve_url


class Database:
    """Opened once per app; ``read()`` yields a connection inside a read transaction."""

    def __init__(self, db: str) -> None:
        url = resolve_url(db)
        if is_sqlite_memory(url):
            raise ConfigError("the API needs a database file or server, not an in-memory database")
        self.store = Store.open(db)  # creates or migrates the schema
        self.name = self.store.name
        self._engine: Engine = make_engine(url)

    @contextmanager
    def read(self) -> Iterator[Connection]:
        try:
            with self._engine.connect() as connection, connection.begin():
                yield connection
        except SQLAlchemyError as exc:
            raise StoreError(f"{self.name}: cannot read: {reason(exc)}") from exc

    @property
    def engine(self) -> Engine:
        """The read engine, for reads that page through their own transactions (statistics)."""
        return self._engine

    @property
    def dialect(self) -> str:
        return self._engine.dialect.name

    def close(self) -> None:
        self._engine.dispose()
        self.store.close()


def corpus_candidates(store: Store, entity_type: str, name: str) -> list[CorpusEntityRecord]:
    """The corpus entities (``newsgraph.resolve``) the API reference ``TYPE:name`` may belong
    to: those of that type with this name (or alias) in any spelling, exact names first;
    empty before resolution has run."""
    found = [e for e in store.find_corpus_entities(name, limit=20) if e.type == entity_type]
    exact = [e for e in found if name_key(e.name) == name_key(name)]
    return exact or found
