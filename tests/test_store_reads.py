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
from newsgraph.store.search import SEARCH_CANDIDATES, DateBuckets, article_day, fts_rowid, next_span

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
            # every copy: these template articles are near-duplicates of one another (issue #18)
            every = store.entity_quotes(entity.id, role=role, limit=1000, all_copies=True)
            found = [(q.article_id, q.quote.id) for q in every]
            assert found == live_quotes(store, entity.id, role), (entity.name, role)
            assert found, (entity.name, role)
            first = store.entity_quotes(entity.id, role=role, limit=3, all_copies=True)
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
    hits_before = [hit.article_id for hit in store.search("Lovelace", limit=1000)]
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
    # the same hits; revision 0013 titles the fixture's untitled articles, and a word in a
    # title ranks higher, so their order may change
    hits_after = [hit.article_id for hit in store.search("Lovelace", limit=1000)]
    assert sorted(hits_after) == sorted(hits_before) and hits_before


def _url(store: Store) -> str:
    return str(store._engine.url.render_as_string(hide_password=False))  # type: ignore[attr-defined]


# --- search: the newest matches, found by date buckets on PostgreSQL (revision 0006) --------


@pytest.fixture(params=BACKENDS)
def empty_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    url = (
        str(tmp_path / "search.sqlite")
        if request.param == "sqlite"
        else request.getfixturevalue("postgres_url")
    )
    with Store.open(url) as opened:
        yield opened


def _random_date(rng: random.Random, year: int) -> str | None:
    kind = rng.choice(["day", "day", "day", "month", "week", "year", "decade", None])
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    return {
        "day": f"{year}-{month:02d}-{day:02d}",
        "month": f"{year}-{month:02d}",
        "week": f"{year}-W{rng.randint(1, 53):02d}",
        "year": f"{year}",
        "decade": f"{year // 10 * 10}s",
        None: None,
    }[kind]


def _search_corpus() -> list[Article]:
    """Articles over 1998-2024 in every date format (and undated) with the word 'zéphyr';
    'tramontane' only in those of 1998 and 1999."""
    rng = random.Random(11)
    corpus = []
    for index in range(90):
        year = rng.choice([1998, 1999, 2003, 2010, 2019, 2020, 2023, 2024, 2024, 2024])
        raw = _random_date(rng, year)
        old = " La tramontane aussi." if raw is not None and raw[:3] == "199" else ""
        text = f"Le zéphyr souffle sur la ville numéro {index}.{old}"
        source = f"s{index}"
        corpus.append(Article(Article.make_id(text, source), source, text, lang="fr", date=_date(raw)))
    return corpus


def _newest_first(store: Store, corpus: list[Article]) -> list[str]:
    """Sources newest first as each backend defines it: SQLite by FTS rowid (the date's first
    day, then a hash of the id); PostgreSQL by date_value then id, descending, undated last by id."""

    def value(article: Article) -> str | None:
        return article.date.value if article.date else None

    if store.name.endswith(".sqlite"):
        ordered = sorted(corpus, key=lambda a: fts_rowid(a.id, value(a)), reverse=True)
    else:
        dated = sorted((a for a in corpus if a.date), key=lambda a: (value(a), a.id), reverse=True)
        ordered = dated + sorted((a for a in corpus if not a.date), key=lambda a: a.id)
    return [article.source for article in ordered]


def test_search_candidates_are_the_newest_matches_across_dates(empty_store: Store) -> None:
    corpus = _search_corpus()
    empty_store.save(corpus)
    newest = _newest_first(empty_store, corpus)
    assert len(newest) == 90
    for candidates in (1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 90, 200):
        empty_store._search_index.candidates = candidates  # type: ignore[attr-defined]
        hits = empty_store.search("zephyr", limit=min(candidates, 100))
        assert {hit.source for hit in hits} == set(newest[:candidates]), candidates
    old = [source for source in newest if "tramontane" in next(a.text for a in corpus if a.source == source)]
    assert 3 < len(old) < 20
    empty_store._search_index.candidates = 3  # type: ignore[attr-defined]
    assert {hit.source for hit in empty_store.search("tramontane", limit=3)} == set(old[:3])
    empty_store._search_index.candidates = SEARCH_CANDIDATES  # type: ignore[attr-defined]
    assert {hit.source for hit in empty_store.search("tramontane zephyr")} == set(old)
    assert empty_store.search("tramontane nulle-part") == []


def _ranked_corpus() -> list[Article]:
    """'mistral' 1-6 times per article (so ranks differ and tie), dated over 2001-2024."""
    rng = random.Random(5)
    corpus = []
    for index in range(60):
        raw = _random_date(rng, rng.choice([2001, 2008, 2015, 2021, 2023, 2024]))
        text = " ".join(["Le mistral souffle."] * rng.randint(1, 6)) + f" Ville numéro {index}."
        source = f"m{index}"
        corpus.append(Article(Article.make_id(text, source), source, text, lang="fr", date=_date(raw)))
    return corpus


def test_search_best_hits_are_the_best_of_every_round(empty_store: Store) -> None:
    empty_store.save(_ranked_corpus())
    everything = empty_store.search("mistral", limit=100)
    assert len(everything) == 60
    assert len({hit.score for hit in everything}) > 3
    for limit in (1, 2, 5, 13):
        assert empty_store.search("mistral", limit=limit) == everything[:limit]


def test_optimize_keeps_every_search_result(empty_store: Store) -> None:
    empty_store.save([*_search_corpus(), *_ranked_corpus()])
    queries = ("zephyr", "mistral", "tramontane zephyr", "vil*")
    before = [empty_store.search(query, limit=30) for query in queries]
    done = empty_store.optimize()
    assert done and all(step for step in done)
    assert [empty_store.search(query, limit=30) for query in queries] == before


@pytest.mark.parametrize("spans", [[1], [1, 3, 12, 7, 40], [5, 24, 100], [1000]])
def test_date_buckets_cover_every_date_once_newest_first(spans: list[int]) -> None:
    rng = random.Random(5)
    dates = {d for year in range(1990, 2025) for _ in range(30) if (d := _random_date(rng, year))}
    dates |= {"2020s", "1990s", "2024-W53", "2024-12-31", "2024", "1990"}
    ordered = sorted(dates, reverse=True)  # date_value's order on PostgreSQL
    buckets = DateBuckets.of(ordered[0], ordered[-1])
    assert buckets is not None
    rounds, months = [], 0
    while not buckets.done:
        taken, count = buckets.take(spans[min(len(rounds), len(spans) - 1)])
        rounds.append(set(taken))
        months += count
    assert months == 35 * 12

    def round_of(date_value: str) -> int:
        own = {"y" + date_value[:4], "m" + date_value[:7]}
        found = [number for number, round_ in enumerate(rounds) if own & round_]
        assert len(found) == 1, date_value
        return found[0]

    numbers = [round_of(d) for d in ordered]
    assert numbers == sorted(numbers)
    whole_years = [b for round_ in rounds for b in round_ if b.startswith("y")]
    assert len(whole_years) == len(set(whole_years)) and (spans != [1] or not whole_years)


def test_date_buckets_start_at_the_newest_month_and_take_whole_years() -> None:
    buckets = DateBuckets.of("2024-03-01", "2021-05")
    assert buckets is not None
    assert buckets.take(1) == (["m2024-03"], 1)
    assert buckets.take(2) == (["m2024-02", "m2024-01", "m2024"], 2)
    first_of_2023 = buckets.take(12)
    assert first_of_2023 == (["y2023"], 12)
    assert buckets.take(1)[0][-1] == "m2022-12" and not buckets.done
    assert buckets.take(10_000)[1] == 11 + 12 and buckets.done
    assert DateBuckets.of(None, None) is None and DateBuckets.of("0x", "2020") is None


def test_search_rounds_ask_for_the_months_that_should_hold_the_rest() -> None:
    assert next_span(remaining=1000, seen=0, covered=3) == 3  # nothing seen yet: double
    assert next_span(remaining=1000, seen=1000, covered=4) == 4  # 250 a month: 5 months, capped
    assert next_span(remaining=1000, seen=1000, covered=40) == 40  # 25 a month: 50, capped
    assert next_span(remaining=100, seen=1900, covered=8) == 1  # 237 a month: 0.5 month
    assert next_span(remaining=300, seen=1700, covered=10) == 3  # 170 a month: 1.76 -> 3 with margin


@pytest.mark.postgres
def test_postgres_search_is_one_statement_reading_words_and_date_buckets_from_one_index(
    request: pytest.FixtureRequest,
) -> None:
    from sqlalchemy import event, inspect, text

    with Store.open(request.getfixturevalue("postgres_url")) as store:
        corpus = _search_corpus()
        store.save(corpus)
        statements: list[str] = []

        def seen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
            statements.append(statement)

        engine = store._engine  # type: ignore[attr-defined]
        event.listen(engine, "before_cursor_execute", seen)
        try:
            assert len(store.search("zephyr", limit=5)) == 5
        finally:
            event.remove(engine, "before_cursor_execute", seen)
        # the time limit (SET LOCAL statement_timeout), then the search itself
        assert len(statements) == 2 and "statement_timeout" in statements[0], statements
        assert "newsgraph_search(" in statements[1], statements
        with store.transaction() as connection:
            indexes = {index["name"] for index in inspect(connection).get_indexes("articles")}
            assert "ix_articles_search_dated" in indexes and "ix_articles_search_vector" not in indexes
            connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
            connection.exec_driver_sql("SET LOCAL enable_indexscan = off")
            search = text("SELECT hit_id FROM newsgraph_search('zephyr', NULL, 1, 1, '')")
            hits = connection.execute(search).all()
            read = connection.execute(text(
                "SELECT pg_stat_get_xact_numscans(CAST('ix_articles_search_dated' AS regclass)), "
                "pg_stat_get_xact_tuples_returned(CAST('ix_articles_search_dated' AS regclass))"
            )).one()
    dated = sorted(a.date.value for a in corpus if a.date)
    first_round = DateBuckets.of(dated[-1], dated[0])
    assert first_round is not None
    buckets = set(first_round.take(1)[0])
    in_first_round = sum(1 for v in dated if {"y" + v[:4], "m" + v[:7]} & buckets)
    assert len(hits) == 1
    # one GIN scan (the first round found its candidate) returning only that round's
    # matches: the index intersects the words and the buckets
    assert read[0] == 1 and read[1] == in_first_round < len(corpus), (read, in_first_round)


@pytest.mark.postgres
def test_postgres_month_groups_are_date_buckets_month_groups(request: pytest.FixtureRequest) -> None:
    from sqlalchemy import text

    from newsgraph.store.search import _month_groups

    with Store.open(request.getfixturevalue("postgres_url")) as store, store.transaction() as connection:
        for year in (1990, 2019, 2020, 2024):
            group = text("SELECT newsgraph_month_group(:year, :g)")
            groups = [list(connection.execute(group, {"year": year, "g": g}).scalar_one()) for g in range(12)]
            assert groups == _month_groups(year), year
