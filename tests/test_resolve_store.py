"""Resolution in a store (SQLite and PostgreSQL): corpus entities, links, graph, corrections, CLI."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from store_backends import BACKENDS, postgres_url  # noqa: F401  (fixture)

from newsgraph.cli_entities import entity, resolve
from newsgraph.model import ActorRef, Article, DateValue, Entity, Event, Mention, Quote, Span, Speaker
from newsgraph.resolve.run import ResolveError, find_entity, merge, rename, resolve_store, split, undo
from newsgraph.store import Store


def article(source: str, text: str, date: str, lang: str, names: list[tuple[str, str, list[str]]]) -> Article:
    """An article whose entities are (name, type, aliases), each mentioned where it occurs."""
    result = Article(
        id=Article.make_id(text, source), source=source, text=text, lang=lang, date=DateValue.parse(date)
    )
    for index, (name, entity_type, aliases) in enumerate(names):
        mentions = [Mention(text.index(n), text.index(n) + len(n), n) for n in [name, *aliases] if n in text]
        result.entities.append(
            Entity(id=f"e{index}", name=name, type=entity_type, aliases=aliases, mentions=mentions)  # type: ignore[arg-type]
        )
    return result


def corpus() -> list[Article]:
    fr = article(
        "fr1.txt",
        "Vladimir Poutine a parlé à l'ONU. Poutine a dit : « La Russie ne reculera pas devant Zelensky. »",
        "2023-09-13",
        "fr",
        [
            ("Vladimir Poutine", "PER", ["Poutine"]),
            ("ONU", "ORG", []),
            ("Russie", "LOC", []),
            ("Zelensky", "PER", []),
        ],
    )
    speech = fr.text.index("La Russie")
    fr.quotes.append(
        Quote(
            "q1",
            speech,
            fr.text.index(" »"),
            fr.text[speech : fr.text.index(" »")],
            "direct",
            speaker=Speaker("Vladimir Poutine", "e0"),
        )
    )
    en = article(
        "en1.txt",
        "Vladimir Putin met Volodymyr Zelenskyy at the UN in New York.",
        "2023-10-02",
        "en",
        [("Vladimir Putin", "PER", []), ("Volodymyr Zelenskyy", "PER", []), ("UN", "ORG", [])],
    )
    trigger = en.text.index("met")
    en.events.append(
        Event(
            "v1",
            "meet",
            None,
            Span(trigger, trigger + 3, "met"),
            (0, len(en.text)),
            source=[ActorRef("e0", "Vladimir Putin")],
            target=[ActorRef("e1", "Volodymyr Zelenskyy")],
        )
    )
    kim = article(
        "kim.txt",
        "Kim Jong-un et Kim Yo-jong. Kim a parlé.",
        "2023-10",
        "fr",
        [("Kim Jong-un", "PER", []), ("Kim Yo-jong", "PER", []), ("Kim", "PER", [])],
    )
    return [fr, en, kim]


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    url = (
        str(tmp_path / "test.sqlite")
        if request.param == "sqlite"
        else request.getfixturevalue("postgres_url")
    )
    with Store.open(url) as opened:
        opened.save(corpus())
        resolve_store(opened)
        yield opened


def test_one_entity_across_languages(store: Store) -> None:
    putin = find_entity(store, "Poutine")
    assert putin.type == "PER" and putin.article_count == 2
    assert {"Vladimir Poutine", "Vladimir Putin", "Poutine"} <= {putin.name, *putin.aliases}
    assert (putin.first_date, putin.last_date) == ("2023-09-13", "2023-10-02")
    assert find_entity(store, "Putin").id == putin.id == find_entity(store, putin.id).id
    un = find_entity(store, "l'ONU")
    assert un.name == "United Nations" and un.article_count == 2 and un.gazetteer_id == "org:UN"
    assert find_entity(store, "Zelensky").id == find_entity(store, "Volodymyr Zelenskyy").id
    assert store.corpus_entities(type="PER", limit=1)[0].id == putin.id


def test_shared_surname_stays_apart(store: Store) -> None:
    jong_un, yo_jong = find_entity(store, "Kim Jong-un"), find_entity(store, "Kim Yo-jong")
    assert jong_un.id != yo_jong.id
    kim = [e for e in store.find_corpus_entities("Kim") if e.name == "Kim"]
    assert len(kim) == 1 and kim[0].id not in (jong_un.id, yo_jong.id)


def test_timeline_neighbours_quotes_articles(store: Store) -> None:
    putin = find_entity(store, "Putin")
    assert [(p.period, p.articles) for p in store.entity_timeline(putin.id)] == [
        ("2023-09", 1),
        ("2023-10", 1),
    ]
    assert [p.period for p in store.entity_timeline(putin.id, granularity="year")] == ["2023"]
    with pytest.raises(ValueError):
        store.entity_timeline(putin.id, granularity="hour")
    edges = {(n.name, n.kind): n.weight for n in store.entity_neighbours(putin.id)}
    assert edges[("United Nations", "cooccurrence")] == 2
    assert edges[("Russia", "quotes")] == 1 and edges[("Volodymyr Zelenskyy", "quotes")] == 1
    assert edges[("Volodymyr Zelenskyy", "acts_on")] == 1
    zelensky = find_entity(store, "Zelensky")
    assert {
        (n.name, n.kind) for n in store.entity_neighbours(zelensky.id, kinds=["quoted_by", "acted_on_by"])
    } == {
        (putin.name, "quoted_by"),
        (putin.name, "acted_on_by"),
    }
    [said] = store.entity_quotes(putin.id, role="by")
    assert said.quote.id == "q1" and said.source == "fr1.txt"
    assert [q.quote.id for q in store.entity_quotes(zelensky.id, role="about")] == ["q1"]
    assert [a.source for a in store.entity_articles(putin.id)] == ["en1.txt", "fr1.txt"]


def test_corrections_survive_resolution_and_reingestion(store: Store) -> None:
    merged = merge(store, "Kim Jong-un", "Kim", author="alice", note="the article is about him")
    jong_un = find_entity(store, "Kim Jong-un")
    assert "Kim" in jong_un.aliases
    rename(store, "Kim Jong-un", "Kim Jong Un (leader)", author="alice")
    assert find_entity(store, "Kim Jong-un").name == "Kim Jong Un (leader)"
    with pytest.raises(ResolveError, match="not the name of any in-article entity"):
        split(store, "Putin", ["Poutine"], author="bob")  # only an alias inside one article
    split(store, "Zelenskyy", ["Zelensky"], author="bob")
    assert find_entity(store, "Volodymyr Zelenskyy").id != find_entity(store, "Zelensky").id
    store.save([corpus()[1]])  # re-ingesting is harmless; re-resolving re-applies everything
    report = resolve_store(store)
    assert report.stale == [] and len(report.applied) == 3
    assert find_entity(store, "Kim Jong Un (leader)").id == find_entity(store, "Kim Jong-un").id
    undo(store, merged, author="alice")
    assert (
        find_entity(store, "Kim Jong Un (leader)").id != [e for e in store.find_corpus_entities("Kim")][-1].id
    )
    actions = [(j.action, j.author) for j in store.judgements()]
    assert actions == [("merge", "alice"), ("rename", "alice"), ("split", "bob"), ("undo", "alice")]
    with pytest.raises(ResolveError, match="no entity"):
        merge(store, "Nobody At All", "Putin", author="x")
    with pytest.raises(ResolveError, match="already one entity"):
        merge(store, "Putin", "Vladimir Putin", author="x")


def test_cli(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.sqlite")
    with Store.open(db) as opened:
        opened.save(corpus())
    runner = CliRunner()
    result = runner.invoke(resolve, ["--db", db])
    assert result.exit_code == 0, result.output
    assert "entities" in result.output
    result = runner.invoke(entity, ["merge", "Kim Jong-un", "Kim", "--db", db, "--author", "carol"])
    assert result.exit_code == 0, result.output
    assert "judgement 1" in result.output
    for arguments in (
        ["rename", "Putin", "Vladimir V. Putin", "--db", db],
        ["split", "Zelenskyy", "Zelensky", "--db", db],
        ["undo", "1", "--db", db],
        ["show", "Putin", "--db", db],
    ):
        result = runner.invoke(entity, arguments)
        assert result.exit_code == 0, (arguments, result.output)
    result = runner.invoke(entity, ["judgements", "--db", db])
    assert [line.split("\t")[3] for line in result.output.splitlines()] == [
        "merge",
        "rename",
        "split",
        "undo",
    ]


def zitt_james() -> list[Article]:
    """One person split in two by the recogniser: PER "Tessa Orlo-Banks" in one article,
    MISC "Orlo-Banks" in two (the bigger one, whose name and type won a merge before)."""
    return [
        article("z1.txt", "Tessa Orlo-Banks a parlé.", "2024-01-02", "fr", [("Tessa Orlo-Banks", "PER", [])]),
        article("z2.txt", "Orlo-Banks a répondu.", "2024-01-03", "fr", [("Orlo-Banks", "MISC", [])]),
        article("z3.txt", "Selon Orlo-Banks, non.", "2024-01-04", "fr", [("Orlo-Banks", "MISC", [])]),
    ]


@pytest.fixture(params=BACKENDS)
def split_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    url = str(tmp_path / "z.sqlite") if request.param == "sqlite" else request.getfixturevalue("postgres_url")
    with Store.open(url) as opened:
        opened.save(corpus() + zitt_james())
        resolve_store(opened)
        yield opened


def test_merge_keeps_what_the_user_asked_to_keep(split_store: Store) -> None:
    naomi, misc = find_entity(split_store, "Tessa Orlo-Banks"), find_entity(split_store, "Orlo-Banks")
    assert (naomi.type, misc.type) == ("PER", "MISC") and naomi.id != misc.id
    judgement = merge(split_store, "Tessa Orlo-Banks", "Orlo-Banks", author="alice")
    kept = split_store.corpus_entity(naomi.id)
    assert kept is not None, "the kept entity keeps its id"
    assert (kept.name, kept.type, kept.article_count) == ("Tessa Orlo-Banks", "PER", 3)
    assert "Orlo-Banks" in kept.aliases and split_store.corpus_entity(misc.id) is None
    # a retry is harmless: the same judgement, nothing recorded
    assert merge(split_store, "Tessa Orlo-Banks", "Orlo-Banks", author="alice") == judgement
    assert [j.id for j in split_store.judgements()] == [judgement]
    # the other way round keeps the MISC entity
    undo(split_store, judgement, author="alice")
    merge(split_store, "Orlo-Banks", "Tessa Orlo-Banks", author="alice")
    kept = split_store.corpus_entity(misc.id)
    assert kept is not None and (kept.name, kept.type) == ("Orlo-Banks", "MISC")
    assert split_store.corpus_entity(naomi.id) is None


def test_a_correction_is_applied_whole_or_not_at_all(
    split_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    import newsgraph.resolve.run as run

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the store failed while resolving")

    monkeypatch.setattr(run.corpus, "replace_corpus_entities", broken)
    with pytest.raises(RuntimeError):
        merge(split_store, "Tessa Orlo-Banks", "Orlo-Banks", author="alice")
    assert split_store.judgements() == []  # not recorded without its resolution
    monkeypatch.undo()
    merge(split_store, "Tessa Orlo-Banks", "Orlo-Banks", author="alice")
    assert len(split_store.judgements()) == 1


def test_cli_merge_keeps_keep(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.sqlite")
    with Store.open(db) as opened:
        opened.save(zitt_james())
        resolve_store(opened)
    runner = CliRunner()
    for _attempt in range(2):
        result = runner.invoke(entity, ["merge", "Tessa Orlo-Banks", "Orlo-Banks", "--db", db])
        assert result.exit_code == 0, result.output
        assert "judgement 1:" in result.output and "Tessa Orlo-Banks (PER), 3 articles" in result.output
    result = runner.invoke(entity, ["judgements", "--db", db])
    assert len(result.output.splitlines()) == 1
