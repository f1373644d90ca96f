"""``quote_sources`` (revision 0014): who says each quote, ``actor_nodes`` (0015): each
event actor's node, ``article_nodes`` and ``quote_mentions`` (0016): each article's nodes
ranked by mentions and the entities mentioned inside each quote, stored so that the
statistics group narrow tables (newsgraph.store.speakers, newsgraph.store.actors,
newsgraph.store.nodes).  Their rows must always be what ``keys.source_of`` /
``keys.joint_sources`` / ``networks.actor_node`` / ``keys.entity_key`` say of the articles
read back with their links: after saving, resolving, merging entities, re-ingesting,
correcting a quote's speaker and upgrading a store that had no such tables; a failed save
leaves none behind."""

from __future__ import annotations

import dataclasses
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import select, update
from store_backends import BACKENDS, downgrade_store, postgres_url  # noqa: F401  (fixture)
from store_backends import store_url as store_url  # fixture, parametrised per test below
from test_stats_sql import corpus

from newsgraph.analysis.keys import Node, Source, entity_key, joint_sources, source_of
from newsgraph.analysis.networks import actor_node
from newsgraph.analysis.stored import stored_actor, stored_source
from newsgraph.export.select import Selection, iter_linked
from newsgraph.resolve.run import merge, resolve_store
from newsgraph.store import Store, marks
from newsgraph.store.actors import write_actor_nodes
from newsgraph.store.nodes import write_article_nodes, write_quote_mentions
from newsgraph.store.schema import actor_nodes, article_nodes, quote_mentions, quote_sources
from newsgraph.store.speakers import write_quote_sources

Said = tuple[str, str, int, Source]  # article id, quote id, nth, source
Acting = tuple[str, str, str, int, Node]  # article id, event id, role, position, node
Held = tuple[str, str, int, int, int]  # article id, node key, mentions, first position, rank
Inside = tuple[str, str, str, str]  # article id, quote id, entity id, node key


def expected(db: str) -> list[Said]:
    """Each quote's sources as the one-pass statistics see them."""
    rows: list[Said] = []
    for item in iter_linked(db, Selection(all_copies=True)):
        article, links = item.article, item.links
        for quote in article.quotes:
            people = joint_sources(article, quote, links=links)
            said = people or [source_of(article, quote, links=links)]
            rows += [(article.id, quote.id, nth, s) for nth, s in enumerate(said, start=1 if people else 0)]
    return sorted(rows, key=lambda row: row[:3])


def stored(store: Store) -> list[Said]:
    c = quote_sources.c
    columns = (c.kind, c.node_key, c.name, c.type, c.gazetteer_id, c.written, c.gender)
    with store.transaction() as connection:
        rows = connection.execute(select(c.article_id, c.quote_id, c.nth, *columns)).all()
    return sorted(((r[0], r[1], r[2], stored_source(*r[3:])) for r in rows), key=lambda row: row[:3])


def expected_actors(db: str) -> list[Acting]:
    rows: list[Acting] = []
    for item in iter_linked(db, Selection(all_copies=True)):
        article, links = item.article, item.links
        for event in article.events:
            for role, actors in (("source", event.source), ("target", event.target)):
                rows += [(article.id, event.id, role, n, actor_node(article, actor, links=links))
                         for n, actor in enumerate(actors)]
    return sorted(rows, key=lambda row: row[:4])


def stored_actors(store: Store) -> list[Acting]:
    c = actor_nodes.c
    with store.transaction() as connection:
        columns = (c.article_id, c.event_id, c.role, c.position, c.node_key, c.name, c.type, c.gazetteer_id)
        rows = connection.execute(select(*columns)).all()
    return sorted(((r[0], r[1], r[2], r[3], stored_actor(*r[4:])) for r in rows), key=lambda row: row[:4])


def expected_nodes(db: str) -> list[Held]:
    """Each article's nodes as ``GraphTally`` counts them for co-occurrence: mentions summed
    per node, ranked by mentions, ties to the node of the first entity."""
    rows: list[Held] = []
    for item in iter_linked(db, Selection(all_copies=True)):
        mentioned: Counter[str] = Counter()
        first: dict[str, int] = {}
        for position, entity in enumerate(item.article.entities):
            if entity.mentions:
                key = entity_key(entity, links=item.links).key
                mentioned[key] += len(entity.mentions)
                first.setdefault(key, position)
        busiest = sorted(mentioned, key=lambda key: -mentioned[key])
        rows += [(item.article.id, key, mentioned[key], first[key], rank)
                 for rank, key in enumerate(busiest, start=1)]
    return sorted(rows)


def stored_nodes(store: Store) -> list[Held]:
    c = article_nodes.c
    with store.transaction() as connection:
        rows = connection.execute(select(c.article_id, c.node_key, c.mentions, c.position, c.busiest)).all()
    return sorted((r[0], r[1], r[2], r[3], r[4]) for r in rows)


def expected_inside(db: str) -> list[Inside]:
    """Each entity with a mention inside a quote (``networks._mentioned_in``), and its node."""
    rows: list[Inside] = []
    for item in iter_linked(db, Selection(all_copies=True)):
        article = item.article
        rows += [(article.id, quote.id, entity.id, entity_key(entity, links=item.links).key)
                 for quote in article.quotes for entity in article.entities
                 if any(quote.start <= m.start and m.end <= quote.end for m in entity.mentions)]
    return sorted(rows)


def stored_inside(store: Store) -> list[Inside]:
    c = quote_mentions.c
    with store.transaction() as connection:
        rows = connection.execute(select(c.article_id, c.quote_id, c.entity_id, c.node_key)).all()
    return sorted((r[0], r[1], r[2], r[3]) for r in rows)


def check(store: Store, db: str) -> list[Said]:
    found = stored(store)
    assert found == expected(db)
    actors = stored_actors(store)
    assert actors == expected_actors(db) and actors
    nodes = stored_nodes(store)
    assert nodes == expected_nodes(db) and nodes
    inside = stored_inside(store)
    assert inside == expected_inside(db) and inside
    return found


@pytest.mark.parametrize("store_url", BACKENDS, indirect=True)
def test_quote_sources_follow_every_change(store_url: str) -> None:
    articles = corpus(60, seed=5)
    with Store.open(store_url) as store:
        store.save(articles)
        saved = check(store, store_url)
        assert {s.kind for *_, s in saved} == {"person", "organisation", "unnamed", "unattributed"}
        assert any(nth == 2 for _a, _q, nth, _s in saved)  # joint speakers
        resolve_store(store)
        resolved = check(store, store_url)
        assert any(s.node is not None and s.node.key.startswith("c_") for *_, s in resolved)
        merge(store, "Ana Kolbe", "Rui Santal", author="test")
        merged = check(store, store_url)
        kolbe = {s.node.key for *_, s in merged if s.node is not None and s.name == "Ana Kolbe"}
        mentioned = sum(1 for item in iter_linked(store_url, Selection(all_copies=True))
                        for e in item.article.entities if e.mentions)
        assert len(stored_nodes(store)) < mentioned  # two entities of one article, one node
        assert len(kolbe) == 1 and any(s.written == "Rui Santal" for *_, s in merged)
        changed = dataclasses.replace(articles[3], text=articles[3].text + " And more.")
        changed.id = changed.make_id(changed.text, changed.source)
        assert store.save([changed, articles[4]]).updated == 1  # a new version, and the same again
        store.save(corpus(10, seed=9, start=1000))  # new articles since the resolution
        check(store, store_url)
        article, said, person = next(
            (a, q, e) for a in articles[5:] for q in a.quotes for e in a.entities
            if q.speaker is not None and q.speaker.entity_id is None and e.type == "PER"
        )
        store.judge_quote(article.id, said.id, action="speaker", speaker=person.name, author="test")
        corrected = check(store, store_url)
        assert [s.kind for a, q, _n, s in corrected if (a, q) == (article.id, said.id)] == ["person"]


@pytest.mark.parametrize("store_url", BACKENDS, indirect=True)
def test_a_failed_save_writes_no_quote_sources(store_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with Store.open(store_url) as store:
        store.save(corpus(10, seed=5))
        before = check(store, store_url)

        def broken(*args: object, **kwargs: object) -> None:
            raise RuntimeError("crash after the quote sources are written")

        monkeypatch.setattr(marks, "set_mark", broken)
        with pytest.raises(RuntimeError):
            store.save(corpus(5, seed=9, start=1000))
        monkeypatch.undo()
        assert check(store, store_url) == before


@pytest.mark.parametrize("store_url", BACKENDS, indirect=True)
def test_upgrading_a_store_fills_its_quote_sources(store_url: str) -> None:
    with Store.open(store_url) as store:
        store.save(corpus(40, seed=5))
        resolve_store(store)
    downgrade_store(store_url, "0013")
    with Store.open(store_url) as store:
        assert len(check(store, store_url)) > 40


def _without_rowid(path: str) -> dict[str, bool]:
    import sqlite3

    with sqlite3.connect(path) as connection:
        rows = connection.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name IN "
            "('quote_sources', 'actor_nodes', 'article_nodes', 'quote_mentions')"
        ).fetchall()
    return {name: sql.rstrip().endswith("WITHOUT ROWID") for name, sql in rows}


def test_the_statistics_tables_are_clustered_by_their_key_on_sqlite(tmp_path: Path) -> None:
    """Revision 0017: SQLite keeps the four narrow tables in their key's order (one B-tree
    search a row instead of two); downgraded and upgraded again, the rows stay."""
    path = str(tmp_path / "store.sqlite")
    with Store.open(path) as store:
        store.save(corpus(12, seed=3))
        resolve_store(store)
        before = check(store, path)
    every = dict.fromkeys(("quote_sources", "actor_nodes", "article_nodes", "quote_mentions"), True)
    assert _without_rowid(path) == every
    downgrade_store(path, "0016")
    assert _without_rowid(path) == dict.fromkeys(every, False)
    with Store.open(path) as store:
        assert _without_rowid(path) == every
        assert check(store, path) == before


@pytest.mark.parametrize("store_url", BACKENDS, indirect=True)
def test_bulk_loading_writes_quote_sources_actor_and_article_nodes(store_url: str) -> None:
    """The bulk path (COPY on PostgreSQL) writes them too, in the partition's transaction."""
    with Store.open(store_url) as store:
        store.load_partition(corpus(20, seed=5), key="partition-1", origin="test")
        assert len(check(store, store_url)) > 20


@pytest.mark.parametrize("store_url", BACKENDS, indirect=True)
def test_a_rewrite_replaces_rows_written_meanwhile(store_url: str) -> None:
    """On PostgreSQL a save may commit its articles' rows between a resolution's DELETE and
    its INSERT … SELECT: the insert replaces them (from the links the resolution wrote)
    instead of failing on their keys."""
    with Store.open(store_url) as store:
        store.save(corpus(20, seed=5))
        resolve_store(store)
        with store.transaction() as connection:
            connection.execute(update(quote_sources).values(node_key=None, name="written meanwhile"))
            connection.execute(update(actor_nodes).values(node_key=None, name="written meanwhile"))
            connection.execute(update(article_nodes).values(mentions=0, busiest=0))
            connection.execute(update(quote_mentions).values(node_key="written meanwhile"))
            write_quote_sources(connection, None)
            write_actor_nodes(connection, None)
            write_article_nodes(connection, None)
            write_quote_mentions(connection, None)
        check(store, store_url)
