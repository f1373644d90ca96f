"""Read paths built for scale (SQLite and PostgreSQL): quotes and timelines materialised at
resolution equal the live queries they replace; search ranks the newest matches; upgrading
a resolved store from revision 0003 fills the new tables and re-indexes SQLite's FTS."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import alembic.command
import pytest
from sqlalchemy import and_, create_engine, func, select
from store_backends import BACKENDS, postgres_url  # noqa: F401  (fixture)

from newsgraph.model import Article, DateValue, Entity, Mention, Quote, Speaker
from newsgraph.resolve.run import resolve_store
from newsgraph.store import Store
from newsgraph.store.engine import resolve_url
from newsgraph.store.migrate import alembic_config
from newsgraph.store.schema import articles, entity_links, entity_quotes, mentions, quotes
from newsgraph.store.search import SEARCH_CANDIDATES, article_day, fts_rowid

NAMES = [("Ada Lovelace", "PER"), ("Alan Turing", "PER"), ("Grace Hopper", "PER"), ("Acme Group", "ORG")]
DATES = ["2021-03-04", "2021-03", "2021", "2022-11-30", "2020s", "2022-W05", None]


def generated(index: int, rng: random.Random) -> Article:
    """An article mentioning 2–4 of NAMES, with 1–2 quotes (speaker, and names inside)."""
    chosen = rng.sample(NAMES, rng.randint(2, 4))
    pairs = zip(chosen, chosen[1:] + chosen[:1], strict=True)
    text = " ".join(f"{name} dit « {name} et {other[0]} » ." for name, other in pairs)
    raw = DATES[index % len(DATES)]
    article = Article(Article.make_id(text, f"s{index}"), f"s{index}", text, lang="fr", date=_date(raw))
    for number, (name, etype) in enumerate(chosen):
        starts = [i for i in range(len(text)) if text.startswith(name, i)]
        mentions_ = [Mention(start, start + len(name), name) for start in starts]
        article.entities.append(Entity(f"e{number}", name, etype, mentions=mentions_))  # type: ignore[arg-type]
    for number in range(rng.randint(1, 2)):
        speaker = article.entities[number]
        start = text.index("«", speaker.mentions[0].start)
        end = text.index("»", start) + 1
        article.quotes.append(
            Quote(
                f"q{number}", start, end, text[start:end], "direct", speaker=Speaker(speaker.name, speaker.id)
            )
        )
    return article


def _date(raw: str | None) -> DateValue | None:
    if raw is None:
        return None
    precision = "decade" if raw.endswith("s") else "week" if "W" in raw else None
    return DateValue(raw, precision) if precision else DateValue.parse(raw)  # type: ignore[arg-type]


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    url = (
        str(tmp_path / "reads.sqlite")
        if request.param == "sqlite"
        else request.getfixturevalue("postgres_url")
    )
    rng = random.Random(3)
    with Store.open(url) as opened:
        opened.save([generated(index, rng) for index in range(60)])
        resolve_store(opened)
        yield opened


def live_timeline(store: Store, entity_id: str, width: int) -> list[tuple[str, int, int]]:
    """The timeline as computed from entity_links before it was materialised."""
    period = func.substr(entity_links.c.article_date, 1, width)
    query = (
        select(
            period, func.count(entity_links.c.article_id.distinct()), func.sum(entity_links.c.mention_count)
        )
        .where(
            entity_links.c.corpus_entity_id == entity_id, func.length(entity_links.c.article_date) >= width
        )
        .group_by(period)
        .order_by(period)
    )
    with store.transaction() as connection:
        return [(p, int(a), int(m)) for p, a, m in connection.execute(query)]


def live_quotes(store: Store, entity_id: str, role: str) -> list[tuple[str, str]]:
    """(article id, quote id) newest first, as the join over links and mentions gave them."""
    link = entity_links
    if role == "by":
        joined = quotes.join(
            link,
            and_(quotes.c.article_id == link.c.article_id, quotes.c.speaker_entity_id == link.c.entity_id),
        )
    else:
        joined = quotes.join(link, quotes.c.article_id == link.c.article_id).join(
            mentions,
            and_(
                mentions.c.article_id == link.c.article_id,
                mentions.c.entity_id == link.c.entity_id,
                mentions.c.start >= quotes.c.start,
                mentions.c.end <= quotes.c.end,
            ),
        )
    query: Any = select(quotes.c.article_id, quotes.c.id, link.c.article_date, quotes.c.position).select_from(
        joined.join(articles, articles.c.id == quotes.c.article_id)
    )
    query = query.where(link.c.corpus_entity_id == entity_id).distinct()
    with store.transaction() as connection:
        rows = list(connection.execute(query))
    dated = sorted(
        (r for r in rows if r.article_date), key=lambda r: (r.article_date, r.article_id), reverse=True
    )
    dated.sort(key=lambda r: (r.article_date, r.article_id, -r.position), reverse=True)
    undated = sorted(
        (r for r in rows if not r.article_date), key=lambda r: (r.article_id, -r.position), reverse=True
    )
    return [(r.article_id, r.id) for r in dated + undated]


def test_materialised_quotes_and_timelines_equal_the_live_queries(store: Store) -> None:
    entities = store.corpus_entities(limit=50)
    assert len(entities) == len(NAMES)
    for entity in entities:
        for granularity, width in (("month", 7), ("year", 4), ("day", 10)):
            points = [
                (p.period, p.articles, p.mentions)
                for p in store.entity_timeline(entity.id, granularity=granularity)
            ]
            assert points == live_timeline(store, entity.id, width), (entity.name, granularity)
        for role in ("by", "about"):
            found = [
                (q.article_id, q.quote.id) for q in store.entity_quotes(entity.id, role=role, limit=1000)
            ]
            assert found == live_quotes(store, entity.id, role), (entity.name, role)
            assert found, (entity.name, role)
            first = store.entity_quotes(entity.id, role=role, limit=3)
            assert [(q.article_id, q.quote.id) for q in first] == found[:3]


def test_edited_article_leaves_no_materialised_rows(store: Store) -> None:
    rng = random.Random(3)
    original = generated(0, rng)
    edited = generated(0, random.Random(4))
    edited.source = original.source
    store.save([edited])
    with store.transaction() as connection:
        left = connection.execute(
            select(func.count()).select_from(quotes).where(quotes.c.article_id == original.id)
        )
        assert left.scalar() == 0
        stale = connection.execute(
            select(func.count()).select_from(entity_quotes).where(entity_quotes.c.article_id == original.id)
        ).scalar()
    assert stale == 0
    if store.name.endswith(".sqlite"):
        with store.transaction() as connection:
            indexed = connection.exec_driver_sql("SELECT count(*) FROM articles_fts").scalar()
        assert indexed == store.stats()["articles"]


def test_search_ranks_the_newest_candidates(store: Store) -> None:
    def article(source: str, date: str | None, title: str) -> Article:
        text = f"Le zéphyr souffle sur {source}."
        return Article(Article.make_id(text, source), source, text, title=title, date=_date(date), lang="fr")

    old_best = article("old", "2019-01-01", "Zéphyr, zéphyr, zéphyr")
    recent = [article(f"r{i}", f"2024-0{i + 1}-01", "Météo") for i in range(3)]
    undated = article("undated", None, "Zéphyr")
    store.save([old_best, *recent, undated])
    everything = [hit.source for hit in store.search("zephyr")]
    assert everything[0] == "old" and set(everything) == {"old", "undated", "r0", "r1", "r2"}
    assert store.search("zephyr", limit=3)[0].source == "old"
    store._search_index.candidates = 3  # type: ignore[attr-defined]
    assert {hit.source for hit in store.search("zephyr", limit=3)} == {"r0", "r1", "r2"}
    store._search_index.candidates = 4  # undated articles come after every dated one
    assert {hit.source for hit in store.search("zephyr", limit=4)} == {"r0", "r1", "r2", "old"}
    assert SEARCH_CANDIDATES >= 1000


def test_fts_rowids_follow_dates() -> None:
    assert article_day(None) == 0 and article_day("1850") == 1
    assert article_day("2021") < article_day("2021-03") < article_day("2021-03-04") < article_day("2022-W05")
    assert article_day("2020s") == article_day("2020")
    assert fts_rowid("a_1", "2021-03-04") >> 40 == article_day("2021-03-04")
    assert fts_rowid("a_1", None) < fts_rowid("a_2", "1901")


def test_upgrade_from_0003_fills_the_new_tables(store: Store) -> None:
    putin = store.corpus_entities(limit=1)[0]
    quotes_before = [(q.article_id, q.quote.id) for q in store.entity_quotes(putin.id, limit=100)]
    timeline_before = store.entity_timeline(putin.id)
    hits_before = [hit.article_id for hit in store.search("Lovelace")]
    engine = create_engine(resolve_url(store.name if "://" not in store.name else _url(store)))
    config = alembic_config()
    with engine.connect() as connection:
        config.attributes["connection"] = connection
        alembic.command.downgrade(config, "0003")
        connection.commit()
    with engine.connect() as connection:
        config.attributes["connection"] = connection
        alembic.command.upgrade(config, "head")
        connection.commit()
    engine.dispose()
    assert [(q.article_id, q.quote.id) for q in store.entity_quotes(putin.id, limit=100)] == quotes_before
    assert store.entity_timeline(putin.id) == timeline_before
    assert [hit.article_id for hit in store.search("Lovelace")] == hits_before and hits_before


def _url(store: Store) -> str:
    return str(store._engine.url.render_as_string(hide_password=False))  # type: ignore[attr-defined]
