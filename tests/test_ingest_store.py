"""Ingesting into a store (SQLite and PostgreSQL) with hostile inputs (issue #16): control
characters, one article the database refuses, interrupted resolution, edited files."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import delete
from store_backends import BACKENDS, downgrade_store, postgres_url  # noqa: F401  (fixture)
from store_backends import store_url as store_url  # fixture, parametrised per test below

import newsgraph.library as library
from newsgraph.cli import main
from newsgraph.errors import StoreError
from newsgraph.ingest import Failure, SourceDocument, iter_documents
from newsgraph.library import ingest_documents
from newsgraph.model import Article, Entity, Mention
from newsgraph.store import SaveResult, Store, marks
from newsgraph.store.schema import store_marks

FRENCH = (
    "Le ministre Jean Castex a rencontré jeudi la maire de Lyon, Marie Durand. "
    "Castex a salué un accord utile."
)


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    sqlite = request.param == "sqlite"
    url = str(tmp_path / "test.sqlite") if sqlite else request.getfixturevalue("postgres_url")
    with Store.open(url) as opened:
        yield opened


def offsets_index_the_text(article: Article) -> bool:
    spans = [(m.start, m.end, m.text) for e in article.entities for m in e.mentions]
    spans += [(q.start, q.end, q.text) for q in article.quotes]
    return all(article.text[start:end] == text for start, end, text in spans)


# --- control characters ----------------------------------------------------------------


def test_nul_in_a_record_is_stored_on_both_backends(store: Store, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(
        '{"text": "Le ministre Jean Castex\\u0000 a rencontré la maire de Lyon, Marie Durand.",'
        ' "title": "Castex\\u0000 à Lyon", "date": "2024-05-02"}\n'
        '{"text": "Marie Durand a salué\\u001b[31m un accord utile.", "date": "2024-05-03"}\n',
        encoding="utf-8",
    )
    summary = ingest_documents(iter_documents([corpus]), store)
    assert summary.failures == []
    assert (summary.ingested, summary.unchanged) == (2, 0)
    first, second = (store.find_articles(f"{corpus}:{line}")[0].id for line in (1, 2))
    stored = store.get_article(first)
    assert stored is not None
    assert stored.text == "Le ministre Jean Castex  a rencontré la maire de Lyon, Marie Durand."
    assert stored.title == "Castex à Lyon"
    assert "2 control characters replaced by spaces (U+0000 ×2)" in stored.notes
    assert "Jean Castex" in {e.name for e in stored.entities} and offsets_index_the_text(stored)
    other = store.get_article(second)
    assert other is not None and "\x1b" not in other.text and offsets_index_the_text(other)
    again = ingest_documents(iter_documents([corpus]), store)  # a rerun is a no-op
    assert (again.ingested, again.unchanged, again.failures) == (0, 2, [])


# --- one bad article never takes its batch down ---------------------------------------------


def simple(source: str, text: str) -> Article:
    return Article(id=Article.make_id(text, source), source=source, text=text)


def refused(source: str) -> Article:
    """An article no database accepts: two entities with one id (primary key)."""
    bad = simple(source, "Entité en double.")
    twice = Entity(id="e1", name="Entité", type="MISC", mentions=[Mention(0, 6, "Entité")])
    bad.entities = [twice, twice]
    return bad


def analysed_as(articles: list[Article | Failure]) -> Any:
    def fake(documents: Iterable[SourceDocument | Failure]) -> Iterator[Article | Failure]:
        list(documents)
        return iter(articles)

    return fake


def test_a_refused_article_fails_alone_and_the_batch_is_stored(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = [simple(f"ok{i}.txt", f"Article correct numéro {i}.") for i in range(5)]
    batch: list[Article | Failure] = [*good[:2], refused("bad.txt"), *good[2:]]
    monkeypatch.setattr(library, "extract_many", analysed_as(batch))
    summary = ingest_documents([], store, batch_size=50)
    assert (summary.ingested, summary.unchanged) == (5, 0)
    [failure] = summary.failures
    assert failure.source == "bad.txt"
    assert failure.problem.startswith("could not be stored: ")
    assert "\n" not in str(failure)
    assert all(store.has_article(article.id) for article in good)
    assert store.stats()["articles"] == 5


def test_a_store_that_cannot_be_written_still_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    class Broken:
        saved = 0

        def has_article(self, article_id: str) -> bool:
            return False

        def save(self, articles: Iterable[Article]) -> SaveResult:
            self.saved += 1
            raise StoreError("db: disk I/O error")  # not the data: retrying one by one is pointless

    monkeypatch.setattr(library, "extract_many", analysed_as([simple("a.txt", "Texte.")] * 3))
    broken = Broken()
    with pytest.raises(StoreError, match="disk I/O"):
        ingest_documents([], broken)
    assert broken.saved == 1


# --- the "resolution is stale" mark ----------------------------------------------------------


def test_writing_articles_marks_resolution_stale_until_it_runs(store: Store) -> None:
    from newsgraph.resolve.run import resolve_store

    assert not store.needs_resolution()  # an empty store
    article = simple("a.txt", "Jean Castex à Lyon.")
    store.save([article])
    assert store.needs_resolution()
    resolve_store(store)
    assert not store.needs_resolution()
    store.save([article])  # unchanged: nothing written
    assert not store.needs_resolution()
    store.save([simple("a.txt", "Jean Castex à Lyon, de nouveau.")])  # edited: updated
    assert store.needs_resolution()


def test_a_resolution_does_not_clear_a_mark_set_while_it_ran(store: Store) -> None:
    store.save([simple("a.txt", "Premier.")])
    with store.transaction() as connection:
        token = marks.mark_token(connection, marks.RESOLUTION_STALE)
    assert token is not None
    store.save([simple("b.txt", "Second, écrit pendant la résolution.")])  # a new token
    with store.transaction() as connection:
        assert not marks.clear_mark(connection, marks.RESOLUTION_STALE, token)
    assert store.needs_resolution()


@pytest.mark.parametrize("store_url", BACKENDS, indirect=True)
def test_upgrading_a_store_with_unlinked_entities_marks_it_stale(store_url: str) -> None:
    with Store.open(store_url) as opened:
        article = simple("y.txt", "Jean Castex à Lyon.")
        castex = Entity(id="e1", name="Jean Castex", type="PER", mentions=[Mention(0, 11, "Jean Castex")])
        article.entities = [castex]
        opened.save([article])
        with opened.transaction() as connection:  # as if stored before revision 0007
            connection.execute(delete(store_marks))
        assert not opened.needs_resolution()
    downgrade_store(store_url, "0006")
    with Store.open(store_url) as upgraded:
        assert upgraded.needs_resolution()


# --- the CLI: interrupted resolution, edited files --------------------------------------------


@pytest.mark.parametrize("store_url", BACKENDS, indirect=True)
def test_ingest_finishes_a_resolution_an_interrupted_run_left(
    store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import newsgraph.resolve.run as run

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(f"date 2024-05-02\n{FRENCH}\n", encoding="utf-8")
    runner = CliRunner()
    original = run.resolve_store

    def killed(store: Store, **options: Any) -> Any:
        raise KeyboardInterrupt  # the process killed during the final step

    monkeypatch.setattr(run, "resolve_store", killed)
    first = runner.invoke(main, ["ingest", str(corpus), "--db", store_url])
    assert first.exit_code == 1 and "Aborted" in first.output  # click's answer to Ctrl-C
    with Store.open(store_url) as opened:
        assert opened.stats()["articles"] == 1 and opened.corpus_entities() == []
        assert opened.needs_resolution()
    monkeypatch.setattr(run, "resolve_store", original)
    second = runner.invoke(main, ["ingest", str(corpus), "--db", store_url])
    assert second.exit_code == 0, second.output
    assert "ingested 0, updated 0, unchanged 1, failed 0" in second.stderr
    assert "finishing the resolution of entities an earlier run left undone" in second.stderr
    with Store.open(store_url) as opened:
        assert not opened.needs_resolution()
        assert "Jean Castex" in {e.name for e in opened.corpus_entities(limit=50)}
    third = runner.invoke(main, ["ingest", str(corpus), "--db", store_url])
    assert third.exit_code == 0 and "entities across the store" not in third.stderr


@pytest.mark.parametrize("store_url", BACKENDS, indirect=True)
def test_reingesting_an_edited_file_reports_it_and_resolves(store_url: str, tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(f"date 2024-05-02\n{FRENCH}\n", encoding="utf-8")
    runner = CliRunner()
    first = runner.invoke(main, ["ingest", str(path), "--db", store_url])
    assert first.exit_code == 0, first.output
    edited = f"{FRENCH} Marie Durand a rencontré Élisabeth Borne."
    path.write_text(f"date 2024-05-02\n{edited}\n", encoding="utf-8")
    second = runner.invoke(main, ["ingest", str(path), "--db", store_url])
    assert second.exit_code == 0, second.output
    assert "ingested 0, updated 1, unchanged 0, failed 0" in second.stderr
    assert "entities across the store" in second.stderr
    with Store.open(store_url) as opened:
        assert opened.stats()["articles"] == 1 and not opened.needs_resolution()
        assert "Élisabeth Borne" in {e.name for e in opened.corpus_entities(limit=50)}


@pytest.mark.parametrize("store_url", BACKENDS, indirect=True)
def test_show_escapes_control_characters(store_url: str) -> None:
    text = "Titre\x1b]0;pwned\x07 puis \x1b[2J effacé et \x9b31m rouge; Jean Castex parle."
    article = simple("hostile.txt", text)  # as stored before issue #16, or by the library
    article.title = "Un \x1b[5mtitre[/bold] [red]clignotant"
    start = text.index("Jean Castex")
    mention = Mention(start, start + 11, "Jean Castex")
    article.entities = [Entity(id="e1", name="Jean\x1b[8m Castex", type="PER", mentions=[mention])]
    with Store.open(store_url) as opened:
        opened.save([article])
    result = CliRunner().invoke(main, ["show", "hostile.txt", "--db", store_url])
    assert result.exit_code == 0, result.output
    for control in ("\x1b", "\x07", "\x9b"):
        assert control not in result.output
    assert "\u241b[2J effacé" in result.stdout and "\ufffd31m rouge" in result.stdout
    assert "[/bold] [red]clignotant" in result.stdout  # the title is text, not markup
