"""Two named people joined by "and"/"et" who say something are the two people, not one
unnamed group (issue #19).  Sentences written for the test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import newsgraph
from newsgraph.api import create_app
from newsgraph.model import Article, Quote
from newsgraph.store import Store

CASES = [
    ("en", "The housing market is cooling fast. That is one reason why Daniel Fortier and Claire "
           "Benoit say they are looking to buy a house before winter.",
     ["Daniel Fortier", "Claire Benoit"]),
    ("en", "\"We want to buy before winter,\" said Daniel Fortier and Claire Benoit.",
     ["Daniel Fortier", "Claire Benoit"]),
    ("fr", "« Nous voulons acheter avant l'hiver », ont déclaré Julien Marchetti et Sophie Lavergne.",
     ["Julien Marchetti", "Sophie Lavergne"]),
    ("fr", "Le marché ralentit. Julien Marchetti et Sophie Lavergne affirment qu'ils veulent acheter "
           "une maison avant l'hiver.",
     ["Julien Marchetti", "Sophie Lavergne"]),
]


def only_quote(article: Article) -> Quote:
    [quote] = [q for q in article.quotes if q.kind != "according_to"]
    return quote


@pytest.mark.parametrize(("lang", "text", "people"), CASES)
def test_two_named_people_are_the_two_speakers(lang: str, text: str, people: list[str]) -> None:
    article = newsgraph.extract(text, lang=lang)
    quote = only_quote(article)
    assert quote.speaker is not None
    assert [e.name for e in article.speakers_of(quote)] == people, quote.speaker
    assert quote.speaker.name == (" et " if lang == "fr" else " and ").join(people)
    assert quote.speaker.entity_id is None  # no one entity: both people
    assert all(e.type == "PER" for e in article.speakers_of(quote))


def test_one_person_or_a_group_names_no_two_people() -> None:
    one = newsgraph.extract("Claire Benoit said she is looking to buy a house before winter.", lang="en")
    quote = only_quote(one)
    assert [e.name for e in one.speakers_of(quote)] == ["Claire Benoit"]
    group = newsgraph.extract(
        "Les responsables municipaux affirment que les travaux commenceront en mai.", lang="fr")
    assert group.speakers_of(only_quote(group)) == []


@pytest.fixture
def stored(tmp_path: Path) -> Iterator[tuple[str, Article]]:
    lang, text, _ = CASES[0]
    article = newsgraph.extract(text, lang=lang, source="housing.txt")
    db = str(tmp_path / "store.sqlite")
    with Store.open(db) as store:
        store.save([article])
    yield db, article


def test_the_two_people_survive_the_store_and_show_on_the_article_page(
        stored: tuple[str, Article]) -> None:
    db, article = stored
    with Store.open(db) as store:
        read = store.get_article(article.id)
    assert read is not None
    assert [e.name for e in read.speakers_of(only_quote(read))] == ["Daniel Fortier", "Claire Benoit"]
    with TestClient(create_app(db=db)) as client:
        page = client.get(f"/articles/{article.id}").text
    quote_html = page.split(f'id="{only_quote(read).id}"', 1)[1].split("</span>", 1)[0]
    assert 'title="said by Daniel Fortier"' in quote_html and 'title="said by Claire Benoit"' in quote_html
    assert "unresolved" not in quote_html
