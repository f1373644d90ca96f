"""Paged article reads (SQLite and PostgreSQL): ``load_articles`` returns, field by field,
what ``load_article`` returns one by one; ``load_corpus_links`` is what resolution linked."""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from api_corpus import corpus as api_corpus
from export_corpus import corpus as export_corpus
from sqlalchemy import Connection, select
from store_backends import BACKENDS, postgres_url  # noqa: F401  (fixture)
from test_store import ELYSEE_TEXT, full_article
from test_store_reads import generated

import newsgraph.store.pages as pages
from newsgraph.model import Article
from newsgraph.resolve.run import resolve_store
from newsgraph.store import Store
from newsgraph.store.pages import load_articles, load_corpus_links
from newsgraph.store.rows import load_article
from newsgraph.store.schema import articles, corpus_entities, entity_links


def stored_corpus() -> list[Article]:
    """Every kind of fact: quotes with and without speakers or cues, events with places,
    several actors, unnamed actors, dates and salience, times, notes, empty lists."""
    not_salient = full_article("corpus/other.txt", ELYSEE_TEXT + " Suite.")
    for event in not_salient.events:
        event.salient = False
    rng = random.Random(5)
    bare = Article(Article.make_id("Rien.", "bare.txt"), "bare.txt", "Rien.")
    exported = export_corpus()
    for article in exported:  # the API corpus has ids of its own, "a_summit" among them
        article.id += "_export"
    return [full_article(), not_salient, bare, *api_corpus(), *exported,
            *(generated(index, rng) for index in range(12))]


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    sqlite = request.param == "sqlite"
    url = str(tmp_path / "pages.sqlite") if sqlite else request.getfixturevalue("postgres_url")
    with Store.open(url) as opened:
        opened.save(stored_corpus())
        yield opened


def all_ids(connection: Connection) -> list[str]:
    return list(connection.scalars(select(articles.c.id).order_by(articles.c.id)))


def assert_same_fields(paged: Article, single: Article) -> None:
    for field in dataclasses.fields(Article):
        assert getattr(paged, field.name) == getattr(single, field.name), (single.id, field.name)


def test_a_page_reads_back_every_article_field_by_field(store: Store) -> None:
    with store.transaction() as connection:
        ids = all_ids(connection)
        paged = load_articles(connection, ids)
        singles = [load_article(connection, article_id) for article_id in ids]
    assert len(ids) == len(stored_corpus()) and [a.id for a in paged] == ids
    for one, single in zip(paged, singles, strict=True):
        assert single is not None
        assert_same_fields(one, single)
        assert one.to_dict() == single.to_dict()
    saved = {a.id: a.to_dict() for a in stored_corpus()}
    assert {a.id: a.to_dict() for a in paged} == saved


def test_order_missing_repeated_ids_and_chunks(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pages, "IDS_PER_QUERY", 3)  # several IN lists per table
    with store.transaction() as connection:
        ids = all_ids(connection)
        wanted = [ids[5], "a_absent", ids[0], ids[5], *reversed(ids[8:])]
        paged = load_articles(connection, wanted)
        assert [a.id for a in paged] == [ids[5], ids[0], *reversed(ids[8:])]
        for one in paged:
            single = load_article(connection, one.id)
            assert single is not None
            assert_same_fields(one, single)
        assert load_articles(connection, []) == [] and load_articles(connection, ["a_absent"]) == []


def test_corpus_links_are_the_resolutions(store: Store) -> None:
    with store.transaction() as connection:
        ids = all_ids(connection)
        assert load_corpus_links(connection, ids) == {}  # nothing resolved yet
    resolve_store(store)
    with store.transaction() as connection:
        links = load_corpus_links(connection, ids)
        query = select(entity_links.c.article_id, entity_links.c.entity_id, corpus_entities.c.id,
                       corpus_entities.c.name, corpus_entities.c.type).join(
            corpus_entities, corpus_entities.c.id == entity_links.c.corpus_entity_id)
        expected = {(r.article_id, r.entity_id): (r.id, r.name, r.type) for r in connection.execute(query)}
        one_article = load_corpus_links(connection, [ids[0]])
    found = {(a, e): (link.id, link.name, link.type) for a, by in links.items() for e, link in by.items()}
    assert found == expected and len(found) > 20
    assert set(one_article) <= {ids[0]} and one_article.get(ids[0]) == links.get(ids[0])
