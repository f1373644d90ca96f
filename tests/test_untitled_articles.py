"""Untitled articles (plain text, records without a title) get their headline or first
sentence as title, never a file path: in the store, the API, the web pages and exports
(issue #19)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from sqlalchemy import create_engine
from store_backends import BACKENDS, downgrade_store, postgres_url  # noqa: F401  (fixture)

import newsgraph
from newsgraph.api import create_app
from newsgraph.cli import main
from newsgraph.export.select import iter_articles
from newsgraph.ingest.document import title_from_text
from newsgraph.store import Store
from newsgraph.store.engine import resolve_url

HEADLINE = "Tramways : la ligne nord ouvrira en juin"
WITH_HEADLINE = (
    f"{HEADLINE}\n\nLa métropole a confirmé mardi l'ouverture de la ligne nord. "
    "Les essais ont commencé en mars.\n"
)
FIRST_SENTENCE = "Le conseil municipal de Roubaix a voté jeudi un budget en hausse pour les écoles."
NO_HEADLINE = f"date 2024-05-02\n{FIRST_SENTENCE} Les travaux commenceront en septembre.\n"


def test_title_from_text() -> None:
    assert title_from_text(WITH_HEADLINE) == HEADLINE
    assert title_from_text(NO_HEADLINE.split("\n", 1)[1]) == FIRST_SENTENCE
    assert title_from_text("  \n\n") is None
    long = " ".join(["mot"] * 80) + "."
    assert title_from_text(long) == " ".join(["mot"] * 30) + " …"


def test_extract_gives_a_title_a_given_one_wins() -> None:
    assert newsgraph.extract(WITH_HEADLINE, lang="fr").title == HEADLINE
    assert newsgraph.extract(WITH_HEADLINE, lang="fr", title="Donné").title == "Donné"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("untitled")
    corpus = folder / "corpus"
    corpus.mkdir()
    (corpus / "tramways.txt").write_text(WITH_HEADLINE, encoding="utf-8")
    (corpus / "budget.txt").write_text(NO_HEADLINE, encoding="utf-8")
    path = str(folder / "store.sqlite")
    result = CliRunner().invoke(main, ["ingest", str(corpus), "--db", path, "--no-resolve"])
    assert result.exit_code == 0, result.output
    yield path


def titles_are_not_paths(titles: list[str | None]) -> None:
    assert sorted(t or "" for t in titles) == sorted([HEADLINE, FIRST_SENTENCE]), titles
    assert not [t for t in titles if t and ("/" in t or t.endswith(".txt"))]


def test_store_keeps_the_title(db: str) -> None:
    titles_are_not_paths([a.title for a in iter_articles(db)])


def test_api_and_web_pages_show_the_title(db: str) -> None:
    with TestClient(create_app(db=db)) as client:
        listed = client.get("/api/articles").json()["items"]
        titles_are_not_paths([a["title"] for a in listed])
        for item in listed:
            assert client.get(f"/api/articles/{item['id']}").json()["title"] == item["title"]
            page = client.get(f"/articles/{item['id']}").text
            assert f"<h1>{item['title']}</h1>".replace("'", "&#39;") in page
            assert item["source"] not in page.split("<h1>", 1)[1].split("</h1>", 1)[0]
        listing = client.get("/articles").text
        assert HEADLINE in listing and ".txt</a>" not in listing


def test_exports_carry_the_title(db: str, tmp_path: Path) -> None:
    out = tmp_path / "articles.jsonl"
    result = CliRunner().invoke(main, ["export", "jsonl", "-o", str(out), "--db", db])
    assert result.exit_code == 0, result.output
    titles_are_not_paths([json.loads(line)["title"] for line in out.read_text().splitlines()])


@pytest.mark.parametrize("backend", BACKENDS)
def test_upgrading_a_store_titles_its_untitled_articles(backend: str, request: pytest.FixtureRequest,
                                                        tmp_path: Path) -> None:
    """Articles stored untitled before titles were derived get theirs when the store is
    opened (revision 0013); the search index stays consistent."""
    url = str(tmp_path / "old.sqlite") if backend == "sqlite" else request.getfixturevalue("postgres_url")
    article = newsgraph.extract(NO_HEADLINE, source="corpus/budget.txt")
    article.title = None  # as stored by an earlier version
    with Store.open(url) as store:
        store.save([article])
    downgrade_store(url, "0012")
    with Store.open(url) as store:
        stored = store.get_article(article.id)
        assert stored is not None and stored.title == FIRST_SENTENCE
        assert [hit.title for hit in store.search("Roubaix")] == [FIRST_SENTENCE]
    if backend == "sqlite":
        engine = create_engine(resolve_url(url))
        with engine.begin() as connection:
            connection.exec_driver_sql("INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')")
        engine.dispose()
    with Store.open(url) as store:  # replacing the article removes its index entry cleanly
        store.save([newsgraph.extract(NO_HEADLINE + "Le maire s'est félicité du vote.\n",
                                      source="corpus/budget.txt")])
        assert len(store.search("Roubaix")) == 1
