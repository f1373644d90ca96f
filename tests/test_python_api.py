"""The Python API as spaCy users expect it (issue #18): newsgraph.pipe over strings,
(text, metadata) pairs and dicts, Articles in input order; SourceDocument exported;
Article.to_arrow()/to_pandas() on the batch tables; the official en_core_web_sm name."""

from __future__ import annotations

import sys

import pytest

import newsgraph
from newsgraph.batch.tables import SCHEMAS
from newsgraph.errors import ConfigError, InputError
from newsgraph.nlp.models import load_model

TEXTS = [
    'Lena Varga, the mayor of Tolsby, said: "The bridge opens in May."',
    "La ministre Odile Brassac a déclaré que l'école rouvrira lundi.",
    "A short note about the weather in Pellston.",
]


@pytest.fixture(scope="module")
def articles() -> list[newsgraph.Article]:
    inputs = [
        TEXTS[0],
        (TEXTS[1], {"date": "2023-09-13", "outlet": "Le Quotidien", "lang": "fr"}),
        {"text": TEXTS[2], "source": "notes/weather.txt", "title": "Weather"},
    ]
    return list(newsgraph.pipe(inputs, batch_size=2))


def test_pipe_yields_one_article_per_input_in_order_with_its_metadata(
    articles: list[newsgraph.Article],
) -> None:
    assert [a.text for a in articles] == TEXTS
    assert articles[1].date == newsgraph.DateValue("2023-09-13", "day")
    assert (articles[1].outlet, articles[1].lang) == ("Le Quotidien", "fr")
    assert (articles[2].source, articles[2].title) == ("notes/weather.txt", "Weather")
    assert articles[0].quotes and articles[0].quotes[0].speaker is not None
    assert articles[0].quotes[0].speaker.name == "Lena Varga"


def test_pipe_names_a_bad_input() -> None:
    with pytest.raises(InputError, match="pipe input 1: unknown metadata colour"):
        list(newsgraph.pipe(["fine", ("text", {"colour": "red"})]))
    with pytest.raises(InputError, match="pipe input 0: expected a text"):
        list(newsgraph.pipe([42]))  # type: ignore[list-item]


def test_source_document_is_exported() -> None:
    from newsgraph.ingest.document import SourceDocument

    assert newsgraph.SourceDocument is SourceDocument
    assert "SourceDocument" in newsgraph.__all__


def test_to_arrow_gives_the_batch_tables(articles: list[newsgraph.Article]) -> None:
    tables = articles[0].to_arrow()
    assert set(tables) == {"articles", "entities", "mentions", "quotes", "events", "times"}
    assert tables["quotes"].schema == SCHEMAS["quotes"]
    assert tables["quotes"].column("speaker_name").to_pylist()[0] == "Lena Varga"
    assert newsgraph.tables(articles)["articles"].column("id").to_pylist() == [a.id for a in articles]


def test_to_pandas(articles: list[newsgraph.Article]) -> None:
    pytest.importorskip("pandas")
    frames = articles[1].to_pandas()
    assert list(frames["articles"]["outlet"]) == ["Le Quotidien"]
    assert len(frames["entities"]) == len(articles[1].entities)


def test_to_pandas_without_pandas_names_the_extra(
    articles: list[newsgraph.Article], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas raises ImportError
    with pytest.raises(ConfigError, match=r"pip install 'newsgraph\[pandas\]'"):
        articles[0].to_pandas()


def test_the_official_english_model_name_loads_the_installed_copy() -> None:
    assert load_model("en", "en_core_web_sm").meta["name"].startswith("core_web_sm")
