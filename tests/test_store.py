"""The store: round trip, idempotence, replacement, search, aggregation, migrations, errors."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import alembic.command
import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect
from store_backends import BACKENDS, postgres_url  # noqa: F401  (fixture)

from newsgraph.errors import StoreError
from newsgraph.model import (
    ActorRef,
    Article,
    DateValue,
    Entity,
    Event,
    Mention,
    Quote,
    Span,
    Speaker,
    TimeExpression,
)
from newsgraph.store import SaveResult, Store
from newsgraph.store.engine import MMAP_BYTES
from newsgraph.store.migrate import alembic_config, head_revision
from newsgraph.store.schema import is_schema_object, metadata
from newsgraph.store.search import fts_query, postgres_query_parts

ELYSEE_TEXT = (
    "Emmanuel Macron a déclaré mardi à l'Élysée : « Nous ne céderons pas. » "
    "Selon le ministre, la réforme sera votée en 2024. Macron a rencontré Olaf Scholz."
)


def span(text: str, covered: str, occurrence: int = 0) -> tuple[int, int, str]:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(covered, start + 1)
    return start, start + len(covered), covered


def full_article(source: str = "corpus/elysee.txt", text: str = ELYSEE_TEXT) -> Article:
    """An article with every kind of extracted fact."""
    macron = Entity(
        id="e1",
        name="Emmanuel Macron",
        type="PER",
        aliases=["Macron"],
        descriptors=["président"],
        mentions=[
            Mention(*span(text, "Emmanuel Macron"), sentence=0),
            Mention(*span(text, "Macron", 1), sentence=2),
        ],
        gender="m",
    )
    scholz = Entity(id="e2", name="Olaf Scholz", type="PER", mentions=[Mention(*span(text, "Olaf Scholz"))])
    elysee = Entity(id="e3", name="Élysée", type="LOC", mentions=[Mention(*span(text, "Élysée"))])
    start, end, quoted = span(text, "Nous ne céderons pas.")
    speaker_start, speaker_end, _ = span(text, "Emmanuel Macron")
    quote = Quote(
        id="q1",
        start=start,
        end=end,
        text=quoted,
        kind="direct",
        cue=Span(*span(text, "a déclaré")),
        speaker=Speaker("Emmanuel Macron", "e1", speaker_start, speaker_end, "président", "name"),
        confidence=0.875,
    )
    floating = Quote("q2", *span(text, "la réforme sera votée en 2024"), kind="according_to")
    meeting = Event(
        id="v1",
        type="meet",
        mode="bilateral",
        trigger=Span(*span(text, "a rencontré")),
        sentence=(text.index("Macron a rencontré"), len(text)),
        source=[ActorRef("e1", "Emmanuel Macron")],
        target=[ActorRef("e2", "Olaf Scholz"), ActorRef(None, "la délégation")],
        place=ActorRef("e3", "Élysée"),
        date=DateValue("2023-09-12", "day"),
        date_from="article",
        modality="reported",
        quote_id="q1",
        confidence=0.6,
    )
    return Article(
        id=Article.make_id(text, source),
        source=source,
        text=text,
        lang="fr",
        date=DateValue("2023-09-13", "day"),
        title="Le président ne cédera pas",
        url="https://example.org/elysee",
        outlet="Exemple",
        author="A. Journaliste",
        notes=["date from header"],
        entities=[macron, scholz, elysee],
        quotes=[quote, floating],
        events=[meeting],
        times=[
            TimeExpression(*span(text, "mardi"), "2023-09-12", "day", "past", "date"),
            TimeExpression(*span(text, "2024"), "2024", "year", "future", "date"),
        ],
    )


def simple_article(source: str, text: str, *, title: str | None = None) -> Article:
    return Article(id=Article.make_id(text, source), source=source, text=text, title=title)


def with_entities(source: str, names: list[tuple[str, str, int]], **aliases: list[str]) -> Article:
    """An article whose text mentions each (name, type) ``count`` times."""
    text = " ".join(" ".join([name] * count) for name, _, count in names)
    article = simple_article(source, text)
    offset = 0
    for index, (name, etype, count) in enumerate(names):
        mentions = []
        for _ in range(count):
            start = text.index(name, offset)
            mentions.append(Mention(start, start + len(name), name))
            offset = start + len(name)
        article.entities.append(
            Entity(
                id=f"e{index}",
                name=name,
                type=etype,  # type: ignore[arg-type]
                aliases=aliases.get(name.split()[-1], []),
                mentions=mentions,
            )
        )
    return article


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """The same tests on SQLite and (when NEWSGRAPH_TEST_POSTGRES_URL is set) PostgreSQL."""
    if request.param == "sqlite":
        url = str(tmp_path / "test.sqlite")
    else:
        url = request.getfixturevalue("postgres_url")
    with Store.open(url) as opened:
        yield opened


# --- round trip ---------------------------------------------------------------------


def test_round_trip_is_exact(store: Store) -> None:
    article = full_article()
    assert store.save([article]) == SaveResult(ingested=1)
    loaded = store.get_article(article.id)
    assert loaded is not None
    assert loaded.to_dict() == article.to_dict()
    assert Article.from_dict(loaded.to_dict()).to_dict() == article.to_dict()
    assert loaded.entities[0].mentions[1].sentence == 2


def test_round_trip_of_empty_optionals(store: Store) -> None:
    article = simple_article("<text>", "Un texte sans rien.")
    store.save([article])
    loaded = store.get_article(article.id)
    assert loaded is not None and loaded.to_dict() == article.to_dict()


def test_missing_article(store: Store) -> None:
    assert store.get_article("a_nothing") is None
    assert not store.has_article("a_nothing")


def test_in_memory_store() -> None:
    for spelling in ("sqlite://", ":memory:"):
        with Store.open(spelling) as memory:
            article = full_article()
            memory.save([article])
            assert memory.has_article(article.id)
            assert memory.stats()["quotes"] == 2


# --- idempotence and replacement -----------------------------------------------------


def test_reingesting_is_a_no_op(store: Store) -> None:
    batch = [simple_article(f"doc{i}.txt", f"Texte numéro {i}.") for i in range(7)]
    assert store.save(batch, batch_size=3) == SaveResult(ingested=7)
    before = store.find_articles(batch[0].id)[0].ingested_at
    assert store.save(batch, batch_size=3) == SaveResult(unchanged=7)
    assert store.find_articles(batch[0].id)[0].ingested_at == before
    assert store.stats()["articles"] == 7


def test_duplicate_in_one_batch_is_unchanged(store: Store) -> None:
    article = full_article()
    assert store.save([article, full_article()]) == SaveResult(ingested=1, unchanged=1)


def test_edited_article_replaces_the_old_version(store: Store) -> None:
    original = full_article()
    store.save([original])
    edited = simple_article(original.source, "Texte corrigé : la réforme est retirée.")
    assert store.save([edited]) == SaveResult(updated=1)
    assert not store.has_article(original.id)
    assert store.has_article(edited.id)
    counts = store.stats()
    assert counts["articles"] == 1
    assert counts["entities"] == counts["mentions"] == counts["quotes"] == counts["events"] == 0
    assert counts["event_actors"] == counts["times"] == 0
    assert store.search("céderons") == []
    assert [hit.article_id for hit in store.search("retirée")] == [edited.id]


def test_reanalysed_article_replaces_its_rows(store: Store) -> None:
    article = full_article()
    store.save([article])
    article.quotes = article.quotes[:1]
    assert store.save([article]) == SaveResult(updated=1)
    loaded = store.get_article(article.id)
    assert loaded is not None and loaded.to_dict() == article.to_dict()
    assert store.stats()["quotes"] == 1
    assert len(store.search("Élysée")) == 1


def test_edit_within_one_batch_keeps_the_last_version(store: Store) -> None:
    first = simple_article("same.txt", "Première version.")
    second = simple_article("same.txt", "Deuxième version.")
    assert store.save([first, second]) == SaveResult(ingested=1, updated=1)
    assert [a.id for a in store.find_articles("same.txt")] == [second.id]


def test_pseudo_sources_never_replace(store: Store) -> None:
    one, two = simple_article("<text>", "Un."), simple_article("<text>", "Deux.")
    assert store.save([one]) == SaveResult(ingested=1)
    assert store.save([two]) == SaveResult(ingested=1)
    assert store.stats()["articles"] == 2


# --- crash safety ---------------------------------------------------------------------


def test_failing_batch_is_rolled_back_and_rerun_resumes(store: Store) -> None:
    good = [simple_article(f"ok{i}.txt", f"Article correct {i}.") for i in range(3)]
    broken = simple_article("broken.txt", "Entité en double.")
    duplicate = Entity(id="e1", name="Entité", type="MISC")
    broken.entities = [duplicate, duplicate]  # primary key violation inside the batch
    with pytest.raises(StoreError, match="nothing of it was stored"):
        store.save([*good, broken], batch_size=2)
    stored = store.stats()
    assert stored["articles"] == 2  # the first batch only
    assert not store.has_article(good[2].id) and not store.has_article(broken.id)
    assert stored["entities"] == 0 and len(store.search("correct")) == 2
    assert store.save(good, batch_size=2) == SaveResult(ingested=1, unchanged=2)


def test_exception_from_the_producer_keeps_earlier_batches(store: Store) -> None:
    def produce() -> Iterator[Article]:
        for i in range(5):
            if i == 3:
                raise KeyboardInterrupt
            yield simple_article(f"p{i}.txt", f"Produit {i}.")

    with pytest.raises(KeyboardInterrupt):
        store.save(produce(), batch_size=2)
    assert store.stats()["articles"] == 2
    counts: list[SaveResult] = []
    store.save(
        (simple_article(f"p{i}.txt", f"Produit {i}.") for i in range(5)),
        batch_size=2,
        progress=counts.append,
    )
    assert counts[-1] == SaveResult(ingested=3, unchanged=2)


# --- finding and search ----------------------------------------------------------------


def test_find_by_id_prefix_and_source(store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    article = full_article(source=str(tmp_path / "elysee.txt"))
    other = simple_article("other.txt", "Autre.")
    store.save([article, other])
    assert [a.id for a in store.find_articles(article.id)] == [article.id]
    assert [a.id for a in store.find_articles(article.id[:8])] == [article.id]
    assert [a.id for a in store.find_articles(article.source)] == [article.id]
    monkeypatch.chdir(tmp_path)
    assert [a.id for a in store.find_articles("elysee.txt")] == [article.id]
    assert len(store.find_articles("a_")) == 2
    assert store.find_articles("a_%") == [] and store.find_articles("  ") == []
    summary = store.find_articles(article.id)[0]
    assert summary.title == article.title and summary.date == article.date


def test_search_ignores_accents_and_ranks(store: Store) -> None:
    store.save(
        [
            simple_article("a.txt", "Le gouvernement a parlé de l'économie hier."),
            simple_article("b.txt", "L'économie, l'économie, toujours l'économie !", title="Économie"),
            simple_article("c.txt", "Rien à voir : le football."),
        ]
    )
    hits = store.search("economie")
    assert [hit.source for hit in hits] == ["b.txt", "a.txt"]
    assert hits[0].score > hits[1].score
    assert "[économie]" in hits[1].snippet
    assert [h.source for h in store.search("ÉCONOMIE", limit=1)] == ["b.txt"]
    assert [h.source for h in store.search("gouv*")] == ["a.txt"]
    assert [h.source for h in store.search("économie hier")] == ["a.txt"]
    hit = store.search("football", markers=("<b>", "</b>"))[0]
    assert "<b>football</b>" in hit.snippet


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '""',
        "'",
        "(",
        ")",
        "()",
        "AND",
        "OR",
        "NOT",
        "a AND",
        "NEAR(a b)",
        "*",
        "-",
        "-économie",
        "title:économie",
        "économie)",
        '"unterminated',
        "a OR OR b",
        "^x",
        "x'; DROP TABLE articles; --",
        "{title}: x",
        "\x00",
        "ⶏ\x00c",  # a NUL inside a term (found by schemathesis)
        "   ",
        "",
    ],
)
def test_dangerous_queries_do_not_raise(store: Store, query: str) -> None:
    store.save([simple_article("a.txt", "AND économie NOT")])
    store.search(query)
    assert store.stats()["articles"] == 1


def test_fts_query_quotes_every_term() -> None:
    assert fts_query('l\'"État" AND (x*') == '"l\'""État""" "AND" "(x"*'
    assert fts_query("- ( )") is None


# --- entities, quotes, events -----------------------------------------------------------


def test_entities_aggregate_across_articles(store: Store) -> None:
    store.save(
        [
            with_entities("1.txt", [("Emmanuel Macron", "PER", 3), ("Paris", "LOC", 1)], Macron=["Macron"]),
            with_entities("2.txt", [("Emmanuel Macron", "PER", 2), ("Paris", "LOC", 5)], Macron=["EM"]),
            with_entities("3.txt", [("Paris", "ORG", 1), ("Olaf Scholz", "PER", 1)]),
        ]
    )
    summaries = store.entities()
    assert [(s.name, s.type, s.articles, s.mentions) for s in summaries] == [
        ("Paris", "LOC", 2, 6),
        ("Emmanuel Macron", "PER", 2, 5),
        ("Olaf Scholz", "PER", 1, 1),
        ("Paris", "ORG", 1, 1),
    ]
    assert set(summaries[1].aliases) == {"Macron", "EM"}
    assert [s.name for s in store.entities(type="per")] == ["Emmanuel Macron", "Olaf Scholz"]
    assert [s.name for s in store.entities(top=1)] == ["Paris"]
    assert store.entities(type="MISC") == []


def test_quotes_and_events_listings(store: Store) -> None:
    article = full_article()
    old = full_article(source="old.txt")
    old.date = DateValue("2020", "year")
    store.save([old, article])  # one text from two sources: the newer article is a copy
    assert [(r.source, r.quote.id) for r in store.quotes(speaker="macron")] == [("old.txt", "q1")]
    records = store.quotes(speaker="macron", all_copies=True)
    assert [(r.source, r.quote.id) for r in records] == [
        ("corpus/elysee.txt", "q1"),
        ("old.txt", "q1"),
    ]
    assert records[0].quote.to_dict() == article.quotes[0].to_dict()
    assert len(store.quotes(since="2023-01", all_copies=True)) == 2
    assert len(store.quotes(limit=3, all_copies=True)) == 3
    events = store.events(actor="scholz", type="meet", all_copies=True)
    assert len(events) == 2 and events[0].event.to_dict() == article.events[0].to_dict()
    assert [e.source for e in store.events(actor="scholz", type="meet")] == ["old.txt"]
    assert store.events(actor="nobody") == [] and store.events(type="attack") == []
    assert len(store.events(since="2023-09-12", all_copies=True)) == 2
    with pytest.raises(ValueError):
        store.quotes(limit=0)


def test_stats_counts_every_table(store: Store) -> None:
    store.save([full_article()])
    assert store.stats() == {
        "articles": 1,
        "entities": 3,
        "mentions": 4,
        "quotes": 2,
        "events": 1,
        "event_actors": 3,
        "times": 2,
    }


# --- schema and migrations --------------------------------------------------------------


def test_database_is_at_head_with_wal(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite"
    Store.open(str(path)).close()
    with sqlite3.connect(path) as connection:
        version = connection.execute("SELECT version_num FROM alembic_version").fetchall()
        journal = connection.execute("PRAGMA journal_mode").fetchone()
    assert version == [(head_revision(),)]
    assert journal == ("wal",)


def test_sqlite_reads_the_store_through_a_memory_map(tmp_path: Path) -> None:
    """Every connection of the engine maps the file (the page cache shared by all of them)."""
    path = tmp_path / "db.sqlite"
    with Store.open(str(path)) as store, store.transaction() as connection:
        mapped = connection.exec_driver_sql("PRAGMA mmap_size").scalar()
    assert mapped == MMAP_BYTES > 0


def test_opening_again_does_not_migrate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = str(tmp_path / "db.sqlite")
    with Store.open(path) as first:
        first.save([full_article()])

    def fail(*args: object, **kwargs: object) -> None:
        raise AssertionError("migrations ran again")

    monkeypatch.setattr(alembic.command, "upgrade", fail)
    with Store.open(path) as second:
        assert second.stats()["articles"] == 1


def test_migrations_match_the_schema_module(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite"
    Store.open(str(path)).close()
    engine = create_engine(f"sqlite:///{path}")
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={
                "include_name": lambda name, type_, parents: is_schema_object(name, type_),
                "compare_type": True,
            },
        )
        assert compare_metadata(context, metadata) == []
        assert "articles_fts" in inspect(connection).get_table_names()
    engine.dispose()


def test_downgrade_to_base_and_upgrade_again(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite"
    with Store.open(str(path)) as store:
        store.save([full_article()])
    config = alembic_config()
    config.set_main_option("sqlalchemy.url", f"sqlite:///{path}")
    alembic.command.downgrade(config, "base")
    with Store.open(str(path)) as store:
        assert store.stats()["articles"] == 0
        store.save([full_article()])
        assert len(store.search("Élysée")) == 1


# --- errors ------------------------------------------------------------------------------


def test_text_file_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_text("just some notes, not a database\n" * 100)
    with pytest.raises(StoreError, match=r"x\.txt is not a newsgraph SQLite database"):
        Store.open(str(path))


def test_foreign_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE customers (id INTEGER)")
    with pytest.raises(StoreError, match="not a newsgraph store"):
        Store.open(str(path))


def test_unopenable_paths(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a directory"):
        Store.open(str(tmp_path))
    with pytest.raises(StoreError, match="does not exist"):
        Store.open(str(tmp_path / "missing" / "db.sqlite"))


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite"
    Store.open(str(path)).close()
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(StoreError, match="newer version"):
        Store.open(str(path))


# --- PostgreSQL specifics ------------------------------------------------------------------


def test_postgres_query_parts() -> None:
    plain, prefix = postgres_query_parts('gouv* -économie \x00 "x" l\'État*')
    assert (plain, prefix) == ('économie "x"', "'gouv':* & 'l':* & 'État':*")
    assert postgres_query_parts("* -") == ("", "")


def test_postgresql_urls_mean_psycopg() -> None:
    from newsgraph.store.engine import resolve_url

    for spelling in ("postgresql://u@h/db", "postgres://u@h/db"):
        assert resolve_url(spelling).drivername == "postgresql+psycopg"


@pytest.mark.postgres
def test_postgres_migrations_match_and_downgrade(request: pytest.FixtureRequest) -> None:
    from newsgraph.store.engine import resolve_url

    url: str = request.getfixturevalue("postgres_url")
    with Store.open(url) as store:
        store.save([full_article()])
        assert [hit.source for hit in store.search("elysee")] == ["corpus/elysee.txt"]
    engine = create_engine(resolve_url(url))
    with engine.connect() as connection:
        options = {
            "include_name": lambda name, type_, parents: is_schema_object(name, type_),
            "compare_type": True,
        }
        assert compare_metadata(MigrationContext.configure(connection, opts=options), metadata) == []
        columns = {c["name"] for c in inspect(connection).get_columns("articles")}
        assert "search_vector" in columns
        config = alembic_config()
        config.attributes["connection"] = connection
        alembic.command.downgrade(config, "base")
        connection.commit()
    engine.dispose()
    with Store.open(url) as store:
        assert store.stats()["articles"] == 0
        store.save([full_article()])
        assert len(store.search("Élysée")) == 1
