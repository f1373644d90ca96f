"""Statistics in SQL (newsgraph.analysis.stored) give the answers of one pass over the
articles read back (the tallies of newsgraph.analysis): every statistic, selection and
option, on SQLite and PostgreSQL, before and after resolution, and with articles saved
since the last resolution.  The store is random but seeded, and made to hit the corners:
every kind of source, genders marked differently in two articles, unnamed speakers and
actors spelled with different capitals, dates of every precision, events with several
sources and targets or none, an article with more entities than co-occurrence keeps."""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Connection
from store_backends import BACKENDS, backend_url

from newsgraph.analysis import stored
from newsgraph.analysis.events import EventTally, tally_events, top_pairs
from newsgraph.analysis.networks import EDGE_KINDS, EdgeRow, strongest_edges, tally_graph
from newsgraph.analysis.quotes import (
    QuoteTally,
    gender_report,
    quotes_per_article,
    source_shares,
    speakers_over_time,
    tally_quotes,
    top_quoted,
)
from newsgraph.export.select import Selection, iter_linked
from newsgraph.model import ActorRef, Article, DateValue, Entity, Event, Mention, Quote, Span, Speaker
from newsgraph.resolve.run import resolve_store
from newsgraph.store import Store

PEOPLE = ["Élise Marron", "Elise Marron", "Tomas Vedrin", "Tomás Vedrin", "Ana Kolbe", "Rui Santal",
          "Mira Oduya", "Paul Großmann"]
ORGANISATIONS = ["Banque Orla", "Velk Group", "Conseil Ardent"]
PLACES = ["Montval", "Port Isel", "Rhenbourg"]
NEVER_MARKED = "Mira Oduya"  # a person of no marked gender in any article: "unknown" in the gender report
UNNAMED = ["la police", "La police", "des experts", "Des Experts", "officials"]
DATES = [None, ("2021", "year"), ("2021-04", "month"), ("2021-04-17", "day"), ("2022-11-03", "day"),
         ("2022-W14", "week"), ("2023-01-30", "day")]
OUTLETS = [None, "", "Le Quotidien", "Daily Ledger", "<b>Outlet</b>"]
WORDS = ["budget", "vote", "river", "harbour", "strike", "school", "festival", "bridge"]


def article(rng: random.Random, index: int) -> Article:
    names = [(n, "PER") for n in rng.sample(PEOPLE, rng.randint(0, 4))]
    names += [(n, "ORG") for n in rng.sample(ORGANISATIONS, rng.randint(0, 2))]
    names += [(n, "LOC") for n in rng.sample(PLACES, rng.randint(0, 2))]
    if index == 7:  # more entities than co-occurrence keeps per article
        names += [(f"Place Number {n}", "LOC") for n in range(70)]
    pieces = [f"Article {index} about the {rng.choice(WORDS)} and the {rng.choice(WORDS)}."]
    for name, _type in names:
        pieces.append(f"{name} was there.")
    unnamed = rng.sample(UNNAMED, 2)
    for n in range(rng.randint(0, 5)):
        pieces.append(f"Saying number {n} of article {index} about the {rng.choice(WORDS)}.")
    text = " ".join(pieces + unnamed)
    date = rng.choice(DATES)
    item = Article(Article.make_id(text, f"s/{index}.txt"), f"s/{index}.txt", text,
                   lang=rng.choice(["fr", "en"]), outlet=rng.choice(OUTLETS),
                   date=DateValue(*date) if date else None)  # type: ignore[arg-type]
    for number, (name, etype) in enumerate(names):
        start = text.index(f"{name} was there.")
        mentioned = rng.choice([0, 1, 1, 2])
        if name.startswith("Place Number"):  # all mentioned, once or twice: ties at the cut
            mentioned = 1 + number % 2
        mentions = [Mention(start, start + len(name), name)] * mentioned
        gender = rng.choice(["f", "m", "unknown", "unknown"]) if etype == "PER" else "unknown"
        if name == NEVER_MARKED:
            gender = "unknown"
        item.entities.append(Entity(f"e{number}", name, etype, gender=gender, mentions=mentions))  # type: ignore[arg-type]
    add_quotes(rng, item, unnamed)
    add_events(rng, item, unnamed)
    return item


def add_quotes(rng: random.Random, item: Article, unnamed: list[str]) -> None:
    sayings = [p for p in item.text.split(". ") if p.startswith("Saying")]
    for number, saying in enumerate(sayings):
        start = item.text.index(saying)
        end = start + len(saying)
        if rng.random() < 0.2:  # some cover every mention (and the "about" network has edges)
            start = 0
        choice = rng.random()
        if choice < 0.2:
            speaker = None
        elif choice < 0.4:
            speaker = Speaker(rng.choice(unnamed), None, how="group")
        elif choice < 0.45:
            speaker = Speaker("Ghost", "e999")  # an entity id the article does not have
        elif choice < 0.6 and (joint := joint_speaker(rng, item)) is not None:
            speaker = joint
        elif item.entities:
            entity = rng.choice(item.entities)
            speaker = Speaker(entity.name, entity.id)
        else:
            speaker = None
        item.quotes.append(Quote(f"q{number}", start, end, item.text[start:end], "direct", speaker=speaker))


def joint_speaker(rng: random.Random, item: Article) -> Speaker | None:
    """A speaker with no entity spanning the mentions of two or more people ("A and B",
    ``Article.speakers_of``) or, now and then, of one person only (an unnamed group)."""
    people = [e for e in item.entities if e.type == "PER" and e.mentions]
    if not people:
        return None
    chosen = rng.sample(people, min(len(people), rng.choice([1, 2, 2, 3])))
    start = min(e.mentions[0].start for e in chosen)
    end = max(e.mentions[0].end for e in chosen)
    return Speaker(f"{item.text[start:end]} and family", None, how="group", start=start, end=end)


def actor(rng: random.Random, item: Article, unnamed: list[str]) -> ActorRef:
    if item.entities and rng.random() < 0.6:
        entity = rng.choice(item.entities)
        return ActorRef(entity.id, entity.name)
    return ActorRef(None, rng.choice(unnamed))


def add_events(rng: random.Random, item: Article, unnamed: list[str]) -> None:
    for number in range(rng.randint(0, 3)):
        date = rng.choice([None, "2019-02-11", "2024-07"])
        item.events.append(Event(
            f"v{number}", rng.choice(["CONSULT", "PROTEST", "AID"]), None, Span(0, 7, "Article"),
            (0, len(item.text)),
            source=[actor(rng, item, unnamed) for _ in range(rng.choice([0, 1, 1, 2]))],
            target=[actor(rng, item, unnamed) for _ in range(rng.choice([0, 1, 2]))],
            date=DateValue.parse(date) if date else None,
            modality=rng.choice(["asserted", "reported", "denied"]),
        ))


def corpus(count: int, seed: int, start: int = 0) -> list[Article]:
    rng = random.Random(seed)
    return [article(rng, index) for index in range(start, start + count)]


@pytest.fixture(scope="module", params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with backend_url(request.param, tmp_path_factory.mktemp("stats_sql")) as url:
        with Store.open(url) as store:
            store.save(corpus(150, seed=5))
        yield url


SELECTIONS = [
    (Selection(), None),
    (Selection(), 40),  # truncated
    (Selection(since="2021-04", until="2022"), None),
    (Selection(lang="fr", outlet="Le Quotidien"), None),
    (Selection(query="harbour"), None),
    (Selection(query="bridge", lang="en"), 5),
    (Selection(query="nowordlikethis"), None),
]


def quote_fields(tally: QuoteTally) -> tuple[object, ...]:
    return (tally.articles, tally.by_speaker, tally.by_kind, tally.by_gender, tally.people_by_gender,
            tally.quotes_per_article, tally.spellings)


def assert_parts_give_the_views(
    connection: Connection, scope: stored.Scope, expected: QuoteTally, granularity: str
) -> None:
    """Each endpoint asks only for the part of the tally its view reads: same view."""
    def part(name: str, by: str | None = None) -> QuoteTally:
        return stored.quote_tally(  # type: ignore[misc]
            connection, scope, granularity=granularity, parts=[name], by=by  # type: ignore[arg-type, list-item]
        )

    assert quotes_per_article(part("per_article")) == quotes_per_article(expected)
    for by in ("all", "outlet", "period"):
        for grouped in (None, by):
            assert source_shares(part("kinds", grouped), by=by) == source_shares(expected, by=by)  # type: ignore[arg-type]
            assert gender_report(part("gender", grouped), by=by) == gender_report(expected, by=by)  # type: ignore[arg-type]
            assert top_quoted(part("speakers", grouped), by=by, top=50) == top_quoted(  # type: ignore[arg-type]
                expected, by=by, top=50  # type: ignore[arg-type]
            )
    for by in ("all", "outlet", "period"):
        assert_pages_of_speakers(connection, scope, expected, granularity, by)
    names = ["Marron", "police"]
    assert speakers_over_time(part("speakers", "period"), speakers=names) == speakers_over_time(
        expected, speakers=names
    )
    # found directly, by a spelling, unnamed; by casefold only (ß: ss); SQL's wildcards and
    # escape character as letters; none
    found_by = (["Marron", "police"], ["elise", "TOMÁS", "experts"], ["GROSSMANN"], ["%", "_a", "n\\"],
                ["nobody of this name"])
    for names in found_by:
        got = stored.speakers_over_time_of(connection, scope, granularity=granularity, speakers=names)  # type: ignore[arg-type]
        assert got == speakers_over_time(expected, speakers=names), names


def assert_pages_of_speakers(
    connection: Connection, scope: stored.Scope, expected: QuoteTally, granularity: str, by: str
) -> None:
    """The speakers ranked in SQL: the pages of ``top_quoted`` (every rank, a middle page,
    one past the end), and how many rows there are."""
    every = top_quoted(expected, by=by, top=10**9)  # type: ignore[arg-type]
    for top, offset in [(10**6, 0), (2, 1), (5, 10**4)]:
        page = stored.top_quoted_page(
            connection, scope, granularity=granularity, by=by, top=top, offset=offset  # type: ignore[arg-type]
        )
        assert page.rows == [row for row in every if offset < row.rank <= offset + top], (by, offset)
        assert page.total == len(every)


def assert_pages_of_pairs(
    connection: Connection, scope: stored.Scope, expected: EventTally, *, modalities: list[str] | None,
    untargeted: bool,
) -> None:
    """The pairs ranked in SQL: the pages of ``top_pairs`` (every rank, a middle page, one
    past the end), and how many pairs there are."""
    pairs = len({pair for pair, _period in expected.counts})
    for top, offset in [(1000, 0), (3, 2), (5, 10**4)]:
        page = stored.top_event_pairs(
            connection, scope, modalities=modalities, untargeted=untargeted, top=top, offset=offset
        )
        assert page.rows == top_pairs(expected, top=offset + top)[offset:], (modalities, untargeted, offset)
        assert page.total == pairs


def assert_pages_of_edges(found: stored.Edges, expected: list[EdgeRow], *, kind: str) -> None:
    """The first ``top`` edges for many lengths (only the edges as heavy as the last are
    ordered: those of its weight that do not fit are left out by the ties' order), and none
    of another kind."""
    every = len(expected)
    for top in sorted({*range(1, 40), every // 3, every // 2, every - 1, every, every + 1} - {0}):
        assert found.ranked(kind=kind, top=top) == expected[:top], (kind, top)
    assert found.ranked(kind="other", top=10) == []


def compare(db: str) -> None:
    for selection, limit in SELECTIONS:
        chosen = dataclasses.replace(selection, limit=limit)
        linked = list(iter_linked(db, chosen))
        with stored.scope_of(db, chosen) as (connection, scope):
            assert scope.articles == len(linked), chosen
            for granularity in ("year", "month", "day"):
                expected = tally_quotes(linked, granularity=granularity)  # type: ignore[arg-type]
                got = stored.quote_tally(connection, scope, granularity=granularity)  # type: ignore[arg-type]
                assert quote_fields(got) == quote_fields(expected), (chosen, granularity)
                assert_parts_give_the_views(connection, scope, expected, granularity)
            for modalities, untargeted in [(None, False), (None, True), (["reported", "denied"], True)]:
                events = tally_events(linked, modalities=modalities, untargeted=untargeted)
                mine = stored.event_tally(connection, scope, modalities=modalities, untargeted=untargeted)
                assert mine.counts == events.counts, (chosen, modalities, untargeted)
                assert top_pairs(mine, top=1000) == top_pairs(events, top=1000)
                assert_pages_of_pairs(connection, scope, events, modalities=modalities, untargeted=untargeted)
            for kind in EDGE_KINDS:
                graph = tally_graph(linked, kinds=[kind])
                expected_edges = strongest_edges(graph, kind=kind, top=10**6)
                found = stored.network_edges(connection, scope, kind=kind)
                assert found.ranked(kind=kind, top=10**6) == expected_edges, (chosen, kind)
                assert_pages_of_edges(found, expected_edges, kind=kind)
                assert found.total == sum(1 for key in graph.edges if key.kind == kind) == len(expected_edges)


def test_sql_statistics_equal_the_one_pass_tallies(db: str) -> None:
    compare(db)
    with Store.open(db) as store:
        resolve_store(store)
    compare(db)
    with Store.open(db) as store:  # saved after resolution: in-article keys beside corpus ones
        store.save(corpus(30, seed=9, start=1000))
    compare(db)


def test_the_comparison_sees_a_difference(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The SQL tallies are not the Python ones under another name: a quote counted twice in
    SQL shows."""
    original, joint = QuoteTally.count, QuoteTally.count_joint

    def twice(self: QuoteTally, outlet: str, period: str, source: object, quotes: int = 1) -> None:
        original(self, outlet, period, source, quotes * 2)  # type: ignore[arg-type]

    def joint_twice(self: QuoteTally, outlet: str, period: str, people: object, quotes: int = 1) -> None:
        joint(self, outlet, period, people, quotes * 2)  # type: ignore[arg-type]

    expected = tally_quotes(iter_linked(db, Selection()))
    with stored.scope_of(db, Selection()) as (connection, scope):
        monkeypatch.setattr(QuoteTally, "count", twice)
        monkeypatch.setattr(QuoteTally, "count_joint", joint_twice)
        doubled = stored.quote_tally(connection, scope)
    assert quote_fields(doubled) != quote_fields(expected)
    assert sum(doubled.by_kind.values()) == 2 * sum(expected.by_kind.values()) > 0


def test_the_store_hits_the_corners(db: str) -> None:
    linked = list(iter_linked(db, Selection()))
    tally = tally_quotes(linked)
    assert {kind for (_o, _p, kind) in tally.by_kind} == {"person", "organisation", "unnamed", "unattributed"}
    assert {"f", "m", "unknown"} <= set(tally.people_by_gender.values())
    assert speakers_over_time(tally, speakers=["GROSSMANN"])  # found by casefold only (ß: ss)
    assert any(len([e for e in item.article.entities if e.mentions]) > 60 for item in linked)
    joint = [len(item.article.speakers_of(q)) for item in linked for q in item.article.quotes
             if q.speaker is not None and q.speaker.how == "group" and q.speaker.start is not None]
    assert {0, 2, 3} <= set(joint)  # joint speakers of two and three people, a group of one
    assert {"undated", "2021-04", "2021"} & {p for (_o, p, _k) in tally.by_kind}
    about = strongest_edges(tally_graph(linked, kinds=["about"]), kind="about", top=10**6)
    assert len(about) > 20 and len({edge.weight for edge in about}) > 1  # quotes mention entities


def test_no_article_selected(tmp_path: Path) -> None:
    db = str(tmp_path / "empty.sqlite")
    Store.open(db).close()
    with stored.scope_of(db, Selection()) as (connection, scope):
        assert scope.articles == 0 and not scope.truncated
        assert stored.quote_tally(connection, scope).by_kind == {}
        assert stored.event_tally(connection, scope).counts == {}
        assert stored.network_edges(connection, scope, kind="event").ranked(kind="event", top=5) == []
