"""Bulk loading a batch output (SQLite; PostgreSQL with COPY when NEWSGRAPH_TEST_POSTGRES_URL is set).

The batch outputs are written from hand-made articles (``write_articles``), so these tests
need no models; ``tests/test_batch.py`` covers batch output made by the pipeline.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, text
from store_backends import BACKENDS, postgres_url, postgres_url_or_skip  # noqa: F401  (fixture)
from test_resolve_store import corpus as resolve_corpus
from test_store import full_article, simple_article, with_entities

from newsgraph.batch.load import load_batch
from newsgraph.batch.run import table_path, write_articles
from newsgraph.cli import main
from newsgraph.errors import StoreError
from newsgraph.model import Article, DateValue
from newsgraph.resolve.run import resolve_store
from newsgraph.store import Store, bulk


def articles() -> list[Article]:
    people = with_entities("corpus/people.txt", [("Olaf Scholz", "PER", 2), ("Berlin", "LOC", 1)])
    people.date = DateValue("2024-02", "month")
    return [
        full_article(),
        *resolve_corpus(),
        people,
        simple_article("<stdin>", "Un texte sans source propre.", title="Sans source"),
        simple_article("<stdin>", "Another text from standard input."),
    ]


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "bulk.sqlite")
    url: str = request.getfixturevalue("postgres_url")
    return url


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    with Store.open(store_url) as opened:
        yield opened


def batch_output(tmp_path: Path, name: str, partitions: list[list[Article]]) -> Path:
    out = tmp_path / name
    write_articles(out, partitions, label=name)
    return out


@pytest.fixture
def reference_url(store_url: str, tmp_path: Path) -> Iterator[str]:
    """A second empty store on the same backend as ``store_url``."""
    if "://" not in store_url:
        yield str(tmp_path / "reference.sqlite")
        return
    base = postgres_url_or_skip().replace("postgresql://", "postgresql+psycopg://", 1)
    schema = f"test_{uuid.uuid4().hex[:12]}"
    engine = create_engine(base)
    with engine.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}"
    finally:
        with engine.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()


def saved_reference(url: str, items: list[Article]) -> Store:
    """The same articles through the ordinary write path (Store.save), resolved."""
    reference = Store.open(url)
    reference.save(items)
    resolve_store(reference)
    return reference


def hit_ids(store: Store, query: str) -> list[str]:
    return [hit.article_id for hit in store.search(query)]


def entity_listing(store: Store) -> list[tuple[str, str, int, int]]:
    return [(e.name, e.type, e.article_count, e.mention_count) for e in store.corpus_entities(limit=50)]


def test_load_equals_ingest(store: Store, reference_url: str, tmp_path: Path) -> None:
    items = articles()
    out = batch_output(tmp_path, "out", [items[:3], items[3:]])
    summary = load_batch(out, store)
    assert (summary.partitions, summary.loaded, summary.skipped) == (2, 2, 0)
    assert (summary.articles, summary.ingested, summary.updated, summary.unchanged) == (7, 7, 0, 0)
    assert summary.failures == [] and summary.bad_partitions == []
    for article in items:
        stored = store.get_article(article.id)
        assert stored is not None and stored.to_dict() == article.to_dict()
    with saved_reference(reference_url, items) as reference:
        assert store.stats() == reference.stats()
        assert summary.rows == sum(reference.stats().values()) + (7 if store.name.endswith(".sqlite") else 0)
        for query in ("Élysée", "Scholz", "standard input", "texte"):
            assert hit_ids(store, query) == hit_ids(reference, query)
        resolve_store(store)
        assert entity_listing(store) == entity_listing(reference)


def test_reload_is_a_no_op(store: Store, tmp_path: Path) -> None:
    items = articles()
    out = batch_output(tmp_path, "out", [items[:4], items[4:]])
    load_batch(out, store)
    before = store.stats()
    again = load_batch(out, store)
    assert (again.loaded, again.skipped, again.rows, again.articles) == (0, 2, 0, 0)
    # Other files with the same articles: loaded, and every article is unchanged.
    copy = batch_output(tmp_path, "copy", [items])
    third = load_batch(copy, store)
    assert (third.loaded, third.ingested, third.unchanged, third.rows) == (1, 0, len(items), 0)
    assert store.stats() == before


def test_edited_article_replaces_the_old_version(store: Store, tmp_path: Path) -> None:
    original = full_article()
    load_batch(batch_output(tmp_path, "first", [[original]]), store)
    edited = full_article(text=original.text + " Fin.")
    summary = load_batch(batch_output(tmp_path, "second", [[edited]]), store)
    assert (summary.ingested, summary.updated) == (0, 1)
    assert store.get_article(original.id) is None
    stored = store.get_article(edited.id)
    assert stored is not None and stored.to_dict() == edited.to_dict()
    assert store.stats()["articles"] == 1
    assert [h.article_id for h in store.search("Fin")] == [edited.id]


def test_corrupt_partition_is_reported_and_skipped(store: Store, tmp_path: Path) -> None:
    items = articles()
    out = batch_output(tmp_path, "out", [items[:2], items[2:4], items[4:]])
    broken = table_path(out, "entities", 1)
    good = broken.read_bytes()
    broken.write_bytes(b"PAR1 this is not parquet")
    table_path(out, "quotes", 2).unlink()
    summary = load_batch(out, store)
    assert summary.loaded == 1 and summary.articles == 2
    assert [(f.source, f.problem.split(" (")[0]) for f in summary.bad_partitions] == [
        (str(broken), "not a readable Parquet file"),
        (str(table_path(out, "quotes", 2)), "missing"),
    ]
    assert store.stats()["articles"] == 2
    broken.write_bytes(good)  # repaired: the next run loads it, and only it
    again = load_batch(out, store)
    assert (again.loaded, again.skipped, again.articles, len(again.bad_partitions)) == (1, 1, 2, 1)


def test_failed_partition_leaves_nothing_and_rerun_resumes(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    items = articles()
    out = batch_output(tmp_path, "out", [items[:3], items[3:]])
    calls: list[str] = []
    record = bulk.record_partition

    def crash_on_second(connection: object, **values: object) -> None:
        calls.append(str(values["origin"]))
        if len(calls) == 2:
            raise StoreError("disk full (simulated)")
        record(connection, **values)  # type: ignore[arg-type]

    monkeypatch.setattr(bulk, "record_partition", crash_on_second)
    with pytest.raises(StoreError, match=r"partition 1 \(4 articles\); nothing of it was stored"):
        load_batch(out, store)
    assert store.stats()["articles"] == 3
    assert store.stats()["entities"] == sum(len(a.entities) for a in items[:3])
    monkeypatch.setattr(bulk, "record_partition", record)
    resumed = load_batch(out, store)
    assert (resumed.loaded, resumed.skipped, resumed.ingested) == (1, 1, 4)
    for article in items:
        stored = store.get_article(article.id)
        assert stored is not None and stored.to_dict() == article.to_dict()


def test_cli_loads_then_resolves(store_url: str, tmp_path: Path) -> None:
    out = batch_output(tmp_path, "out", [resolve_corpus()])
    runner = CliRunner()
    skipped = runner.invoke(main, ["load", str(out), "--db", store_url, "--no-resolve"])
    assert skipped.exit_code == 0, skipped.output
    assert "loaded 1 partitions" in skipped.output and "resolving" not in skipped.output
    with Store.open(store_url) as opened:
        assert opened.corpus_entities() == [] and opened.needs_resolution()
    # Nothing new to load, but the store was never resolved: this run resolves it.
    result = runner.invoke(main, ["load", str(out), "--db", store_url])
    assert result.exit_code == 0, result.output
    assert "1 already loaded" in result.output and "entities across the store" in result.output
    with Store.open(store_url) as opened:
        assert not opened.needs_resolution()
        putin = opened.find_corpus_entities("Poutine")
        assert len(putin) == 1 and putin[0].article_count == 2  # Poutine (fr) and Putin (en)


def test_cli_reports_a_bad_partition_file(tmp_path: Path) -> None:
    out = batch_output(tmp_path, "out", [[full_article()], resolve_corpus()])
    broken = table_path(out, "articles", 0)
    broken.write_bytes(b"garbage")
    result = CliRunner().invoke(main, ["load", str(out), "--db", str(tmp_path / "db.sqlite")])
    assert result.exit_code == 1
    assert f"skipped partition: {broken}: not a readable Parquet file" in result.output
    assert "loaded 1 partitions (0 already loaded, 1 unreadable): 3 articles" in result.output


def test_output_written_before_event_salience_loads(store: Store, tmp_path: Path) -> None:
    import pyarrow.parquet as pq  # type: ignore[import-untyped]

    items = resolve_corpus()
    out = batch_output(tmp_path, "out", [items])
    events = table_path(out, "events", 0)
    pq.write_table(pq.read_table(events).drop_columns(["salient"]), events)
    summary = load_batch(out, store)
    assert (summary.ingested, summary.bad_partitions) == (len(items), [])
    stored = store.get_article(items[1].id)
    assert stored is not None and [e.salient for e in stored.events] == [True]
    other = batch_output(tmp_path, "other", [[full_article()]])
    typeless = table_path(other, "events", 0)
    pq.write_table(pq.read_table(typeless).drop_columns(["type"]), typeless)
    broken = load_batch(other, store)
    assert [f.problem for f in broken.bad_partitions] == ["not a batch events table (missing columns type)"]


def test_cli_load_optimize_and_optimize(store_url: str, tmp_path: Path) -> None:
    out = batch_output(tmp_path, "out", [resolve_corpus()])
    runner = CliRunner()
    loaded = runner.invoke(main, ["load", str(out), "--db", store_url, "--no-resolve", "--optimize"])
    assert loaded.exit_code == 0, loaded.output
    assert "ANALYZE articles" in loaded.output or "PRAGMA optimize" in loaded.output
    with Store.open(store_url) as opened:
        before = opened.search("Poutine")
    result = runner.invoke(main, ["optimize", "--db", store_url])
    assert result.exit_code == 0, result.output
    postgres = store_url.startswith("postgresql")
    expected = "CLUSTER articles; ANALYZE articles" if postgres else "PRAGMA optimize"
    assert expected in result.output
    with Store.open(store_url) as opened:
        assert before and opened.search("Poutine") == before
