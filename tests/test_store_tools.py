"""The store opened by other people's tools (issue #18): datasette and sqlite-utils find its
full-text index and its foreign keys; on PostgreSQL, jsonb and comments (revision 0011)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import alembic.command
import pytest
from sqlalchemy import create_engine, text
from store_backends import postgres_url  # noqa: F401  (fixture)

from newsgraph.model import Article, DateValue
from newsgraph.store import Store
from newsgraph.store.engine import resolve_url
from newsgraph.store.migrate import alembic_config
from newsgraph.store.search import fts_rowid

PAGES = {
    "a.txt": ("Économie : la Banque centrale relève ses taux",
              "La Banque centrale a relevé ses taux d'un quart de point."),
    "b.txt": ("Le festival de jazz ouvre ses portes",
              "Les musiciens jouent devant un public nombreux à Marciac."),
    "c.txt": (None, "Les taux d'intérêt pèsent sur les ménages, selon une étude publiée mardi."),
}


def _articles() -> list[Article]:
    found = []
    for number, (source, (title, body)) in enumerate(PAGES.items()):
        found.append(Article(
            id=Article.make_id(body, source), source=source, text=body, title=title, lang="fr",
            date=DateValue.parse(f"2024-05-0{number + 1}") if number != 2 else None,
        ))
    return found


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "tools.sqlite")
    with Store.open(path) as store:
        store.save(_articles())
    return path


def test_sqlite_utils_finds_the_index_and_searches(db: str) -> None:
    import sqlite_utils

    database = sqlite_utils.Database(db)
    table = database["articles"]
    assert isinstance(table, sqlite_utils.db.Table)
    assert table.detect_fts() == "articles_fts"
    found = {row["source"] for row in table.search("taux")}
    assert found == {"a.txt", "c.txt"}
    assert [row["source"] for row in table.search("economie")] == ["a.txt"]  # accents folded
    keys = {(fk.table, fk.column, fk.other_table) for fk in database["mentions"].foreign_keys}
    assert ("mentions", "article_id", "articles") in keys


def test_the_sqlite_utils_command_searches_the_store(db: str) -> None:
    """`sqlite-utils search STORE articles taux` as a user types it."""
    import json

    from click.testing import CliRunner
    from sqlite_utils.cli import cli

    result = CliRunner().invoke(cli, ["search", db, "articles", "taux", "-c", "source"])
    assert result.exit_code == 0, result.output
    assert sorted(row["source"] for row in json.loads(result.output)) == ["a.txt", "c.txt"]


def _datasette(db: str, path: str) -> Any:
    from datasette.app import Datasette

    async def get() -> Any:
        datasette = Datasette([db])
        response = await datasette.client.get(path)
        assert response.status_code == 200, response.text
        return response.json()

    return asyncio.run(get())


def test_datasette_search_and_foreign_keys(db: str) -> None:
    found = _datasette(db, "/tools/articles.json?_search=taux&_shape=objects")
    assert {row["source"] for row in found["rows"]} == {"a.txt", "c.txt"}
    for table in ("mentions", "event_actors", "entity_links", "entity_quotes", "quotes", "near_duplicates"):
        outgoing = _outgoing(db, table)
        assert any(k["column"] == "article_id" and k["other_table"] == "articles" for k in outgoing), table


def _outgoing(db: str, table: str) -> list[dict[str, Any]]:
    """datasette's own reading of a table's foreign keys (what its pages link): single-column
    keys only, composite ones are left out."""
    from datasette.app import Datasette

    async def read() -> list[dict[str, Any]]:
        database = Datasette([db]).get_database("tools")
        keys: list[dict[str, Any]] = (await database.foreign_keys_for_table(table))
        return keys

    return asyncio.run(read())


def test_our_search_and_updates_keep_the_external_index_in_step(db: str) -> None:
    with Store.open(db) as store:
        assert [hit.source for hit in store.search("taux")] == ["a.txt", "c.txt"]  # newest first on ties
        edited = Article(id=Article.make_id("Les taux baissent.", "a.txt"), source="a.txt",
                         text="Les taux baissent.", title="Taux", lang="fr")
        assert store.save([edited]).updated == 1
        assert sorted(hit.source for hit in store.search("taux")) == ["a.txt", "c.txt"]
        assert store.search("Banque") == []
        with store.transaction() as connection:
            connection.exec_driver_sql("INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')")
            rows = connection.execute(text("SELECT rowid, id, date_value FROM articles")).all()
    assert all(rowid == fts_rowid(article_id, date) for rowid, article_id, date in rows)


def test_upgrade_from_0010_moves_the_index_to_the_articles_rowids(db: str) -> None:
    config = alembic_config()
    config.set_main_option("sqlalchemy.url", f"sqlite:///{db}")
    alembic.command.downgrade(config, "0010")
    engine = create_engine(f"sqlite:///{db}")
    with engine.connect() as connection:
        sql = connection.exec_driver_sql("SELECT sql FROM sqlite_master WHERE name = 'articles_fts'").scalar()
        assert "article_id UNINDEXED" in str(sql)
    engine.dispose()
    with Store.open(db) as store:
        assert [hit.source for hit in store.search("taux")] == ["a.txt", "c.txt"]
    test_sqlite_utils_finds_the_index_and_searches(db)


@pytest.mark.postgres
def test_postgres_jsonb_comments_and_keys(request: pytest.FixtureRequest) -> None:
    url: str = request.getfixturevalue("postgres_url")
    with Store.open(url) as store:
        store.save(_articles())
        assert [hit.source for hit in store.search("taux")][:1] == ["a.txt"]
        first = _articles()[0]
        stored = store.get_article(first.id)
        assert stored is not None and stored.to_dict() == first.to_dict()  # jsonb read back as lists
    engine = create_engine(resolve_url(url))
    with engine.connect() as connection:
        types = dict(connection.execute(text(
            "SELECT table_name || '.' || column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND column_name IN ('notes', 'aliases', 'machine')"
        )).all())
        assert types == {"articles.notes": "jsonb", "entities.aliases": "jsonb",
                         "corpus_entities.aliases": "jsonb", "quote_judgements.machine": "jsonb"}
        plain_json = connection.execute(text(
            "SELECT table_name || '.' || column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND data_type = 'json'"
        )).scalars().all()
        assert plain_json == []  # every JSON column is jsonb
        uncommented = connection.execute(text(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
            "AND table_type = 'BASE TABLE' AND table_name <> 'alembic_version' "
            "AND obj_description(format('%I.%I', table_schema, table_name)::regclass) IS NULL"
        )).scalars().all()
        assert uncommented == []  # every table says what it holds
        assert connection.scalar(text("SELECT obj_description('quotes'::regclass)")).startswith("Quotes")
        assert "who said it" in connection.scalar(text(
            "SELECT col_description('quotes'::regclass, ordinal_position) FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND table_name = 'quotes' AND column_name = 'speaker_name'"
        ))
        keys = connection.scalar(text(
            "SELECT count(*) FROM information_schema.table_constraints "
            "WHERE constraint_schema = current_schema() AND constraint_type = 'FOREIGN KEY' "
            "AND constraint_name LIKE 'fk_%_article'"
        ))
        assert keys == 8  # the four of revision 0011, quote_sources (0014), actor_nodes (0015),
        # article_nodes and quote_mentions (0016)
        notes = connection.scalar(text("SELECT notes FROM articles LIMIT 1"))
        assert notes == []
    engine.dispose()


def test_vacuum_keeps_the_rowids_the_index_joins_on(db: str) -> None:
    import sqlite3

    with Store.open(db) as store:  # a replaced article leaves a gap in the table
        store.save([Article(id=Article.make_id("Un autre concert.", "b.txt"), source="b.txt",
                            text="Un autre concert.", lang="fr")])
    connection = sqlite3.connect(db, isolation_level=None)
    before = set(connection.execute("SELECT rowid, id FROM articles").fetchall())
    connection.execute("VACUUM")
    after = set(connection.execute("SELECT rowid, id FROM articles").fetchall())
    connection.execute("INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')")
    connection.close()
    assert after == before
    with Store.open(db) as store:
        assert {hit.source for hit in store.search("taux")} == {"a.txt", "c.txt"}
        assert [hit.source for hit in store.search("concert")] == ["b.txt"]
