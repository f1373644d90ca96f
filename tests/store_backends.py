"""Store fixtures over both backends: SQLite always, PostgreSQL when
NEWSGRAPH_TEST_POSTGRES_URL is set (`.ci/run` sets it; otherwise those tests skip).

Each PostgreSQL test gets a fresh schema (``search_path`` set through the URL), dropped
afterwards, so tests never see each other's rows.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

POSTGRES_ENV = "NEWSGRAPH_TEST_POSTGRES_URL"
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def postgres_url_or_skip() -> str:
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        pytest.skip(f"{POSTGRES_ENV} is not set (`.ci/run` starts a PostgreSQL server and sets it)")
    return url


@pytest.fixture
def postgres_url(tmp_path: Path) -> Iterator[str]:
    """A URL of an empty PostgreSQL schema, dropped after the test."""
    with backend_url("postgresql", tmp_path) as url:
        yield url


@pytest.fixture
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """``backend`` param: a SQLite file path, or a fresh PostgreSQL schema URL."""
    if request.param == "sqlite":
        return str(tmp_path / "test.sqlite")
    url: str = request.getfixturevalue("postgres_url")
    return url


@contextmanager
def backend_url(backend: str, directory: Path) -> Iterator[str]:
    """A store URL for ``backend``: a SQLite file in ``directory``, or a fresh PostgreSQL
    schema (skipped without a server), dropped on exit.  For module-scoped fixtures, where
    the function-scoped ``store_url`` cannot serve."""
    if backend == "sqlite":
        yield str(directory / "api.sqlite")
        return
    base = postgres_url_or_skip()
    schema = f"test_{uuid.uuid4().hex[:12]}"
    engine = create_engine(base.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in base else "?"
    try:
        yield f"{base}{separator}options=-csearch_path%3D{schema}"
    finally:
        with engine.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()


def downgrade_store(url: str, revision: str) -> None:
    """Bring the store at ``url`` (a SQLite path or a database URL) down to ``revision``, as
    an earlier version left it; opening it again upgrades it."""
    import alembic.command

    from newsgraph.store.engine import resolve_url
    from newsgraph.store.migrate import alembic_config

    engine = create_engine(resolve_url(url))
    with engine.connect() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        alembic.command.downgrade(config, revision)
        connection.commit()
    engine.dispose()
