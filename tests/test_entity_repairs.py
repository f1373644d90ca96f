"""Names the recogniser cuts, glues or types wrongly, repaired from the text around them.

Each test feeds the entity component the recogniser's mistake (set on the parse), so that
the repair is tested whatever the statistical model happens to do with the sentence."""

from __future__ import annotations

import pytest

import newsgraph
from newsgraph.model import Article, Entity
from newsgraph.nlp.entities import EntityComponent
from newsgraph.nlp.models import load_model


def entities_given(text: str, lang: str, recognised: list[tuple[str, str]]) -> list[Entity]:
    """The article's entities when the recogniser found exactly ``recognised``
    (phrase, label) in ``text``, in the order they appear."""
    doc = load_model(lang)(text)
    spans = []
    start = 0
    for phrase, label in recognised:
        start = text.index(phrase, start)
        span = doc.char_span(start, start + len(phrase), label=label)
        assert span is not None, phrase
        spans.append(span)
        start += len(phrase)
    doc.ents = spans
    doc._.article = Article(id="t", source="<test>", text=text, lang=lang)
    EntityComponent()(doc)
    article: Article = doc._.article
    return article.entities


def named(entities: list[Entity]) -> dict[str, str]:
    return {e.name: e.type for e in entities}


def test_an_agency_glued_to_the_name_of_whom_it_heard_is_split() -> None:
    text = ("« Nous sommes épuisés », a déclaré à l'AFP Léa Marchal, présidente de "
            "l'association des riverains.")
    found = named(entities_given(text, "fr", [("AFP Léa Marchal", "ORG")]))
    assert found == {"AFP": "ORG", "Léa Marchal": "PER"}


@pytest.mark.parametrize("label", ["ORG", "PERSON"])
def test_a_person_glued_to_the_organisation_they_are_of_is_split(label: str) -> None:
    text = "The vote was close, reported Marta Quinlan of Harbour Valley Public Radio, who was there."
    found = named(entities_given(text, "en", [("Marta Quinlan of Harbour Valley Public Radio", label)]))
    assert found == {"Marta Quinlan": "PER", "Harbour Valley Public Radio": "ORG"}, found


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("The Royal Bank of Canada raised its forecast on Monday.", "Royal Bank of Canada"),
        ("Rates will stay high, the Federal Reserve Bank of Boston said.", "Federal Reserve Bank of Boston"),
    ],
)
def test_an_organisation_named_with_of_stays_one(text: str, name: str) -> None:
    assert named(entities_given(text, "en", [(name, "ORG")])) == {name: "ORG"}


def test_an_acronym_before_a_name_elsewhere_stays_one_organisation() -> None:
    text = "Selon le CBS News Battleground Tracker, la course reste serrée."
    found = named(entities_given(text, "fr", [("CBS News Battleground Tracker", "ORG")]))
    assert found == {"CBS News Battleground Tracker": "ORG"}


def test_a_name_starting_with_an_apostrophe_keeps_its_first_letter() -> None:
    text = "Joint par téléphone, M’hamed Ben Salah a reconnu les faits."
    found = named(entities_given(text, "fr", [("M’hamed Ben Salah", "PER")]))
    assert "M’hamed Ben Salah" in found
    text = "Le président a quitté l'Élysée mardi."
    assert "Élysée" in named(entities_given(text, "fr", [("l'Élysée", "LOC")]))


def test_a_place_named_like_an_acting_person_of_the_article_is_that_person() -> None:
    text = ("Dans le nord-ouest du Pérou, Paul Grant utilise les réseaux sociaux pour enseigner "
            "le quechua. Pour Paul, tout a commencé pendant la pandémie.")
    found = named(entities_given(text, "fr", [("Pérou", "LOC"), ("Paul Grant", "LOC"),
                                               ("Paul", "PER")]))
    assert found["Paul Grant"] == "PER" and found["Pérou"] == "LOC"


def test_a_name_cut_at_a_hyphen_runs_on_to_its_end() -> None:
    text = "Députée écologiste, Claire Moreau-Lantier a dénoncé une vidéo glaçante."
    found = named(entities_given(text, "fr", [("Claire Moreau", "PER")]))
    assert found == {"Claire Moreau-Lantier": "PER"}


def test_a_role_phrase_the_name_stands_in_apposition_to_describes_it() -> None:
    text = ("Alors que les souvenirs restent vifs, la ministre des sports, Amélie Duval, a "
            "insisté sur la sécurité.")
    people = {e.name: e for e in entities_given(text, "fr", [("Amélie Duval", "PER")])}
    assert people["Amélie Duval"].descriptors == ["ministre des sports"]


def test_an_english_apposition_naming_an_organisation_with_a_role_describes_the_person() -> None:
    text = "Janet Rowe, the Fed chair, said rates would rise. Mark Hale, the Bank of Ireland, said no."
    people = {e.name: e for e in entities_given(text, "en", [("Janet Rowe", "PERSON"),
                                                             ("Mark Hale", "PERSON")])}
    assert people["Janet Rowe"].descriptors == ["Fed chair"]
    assert people["Mark Hale"].descriptors == []


def test_a_first_name_the_recogniser_left_out_joins_a_described_surname() -> None:
    text = ("Le budget a été adopté jeudi.\n\nKourosh Tavakoli, député écologiste des Français "
            "d'Asie, a annoncé qu'il saisirait le Conseil constitutionnel.")
    people = {e.name for e in newsgraph.extract(text, lang="fr").entities if e.type == "PER"}
    assert "Kourosh Tavakoli" in people


def test_a_name_in_apposition_to_a_role_noun_is_a_person() -> None:
    text = ("Paul Faure a été frappé lundi par un député LREM, M’bark El Fassi. Interrogé par "
            "l’AFP, M’bark El Fassi a admis un geste regrettable.")
    types = {e.name: e.type for e in newsgraph.extract(text, lang="fr").entities}
    assert types["M’bark El Fassi"] == "PER"
