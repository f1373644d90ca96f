"""Participants named in the event's own sentence that the parse hung out of the event's reach
(issue #17, docs/events.md "Seventeenth pass"): the one who receives, hung on the object noun
(« céder l'usine à Halvard »); who put the question (« Interrogé par Le Monde, … »); persons
named after the place (« a reçu jeudi à Oslo Lina Okafor »); both sides of "between X and Y"
under the role someone acts in.  Sentences written for these tests; nothing from the
evaluation articles."""

from __future__ import annotations

import pytest
from test_event_participants import analyse, event_of


def _targets(text: str, lang: str, trigger: str) -> list[str]:
    return [a.name for a in event_of(analyse(text, lang), trigger).target]


# -- the one who receives, hung on the object noun -------------------------------------------------

@pytest.mark.parametrize(("text", "lang", "trigger", "recipient"), [
    ("Lina Okafor remettra lundi un dossier complet au Conseil d'Etat.", "fr", "remettra", "Conseil d'Etat"),
    ("La société Halvard a livré des turbines de grande taille à la Norvège.", "fr", "livré", "Norvège"),
    ("Norway delivered ten tanks of an older model to Poland.", "en", "delivered", "Poland"),
])
def test_the_recipient_of_a_verb_of_transfer_hung_on_its_object_takes_part(
        text: str, lang: str, trigger: str, recipient: str) -> None:
    assert recipient in _targets(text, lang, trigger)


def test_a_town_after_the_object_without_an_article_is_no_recipient() -> None:
    """Guard: « une maison à Oslo » is where, not who buys (passes on both trees)."""
    assert "Oslo" not in _targets("Paul Grant a vendu mardi une maison à Oslo.", "fr", "vendu")


# -- who put the question -------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "lang", "trigger", "questioner"), [
    ("Questioned on the merger by the Oslo Times, Paul Grant declined to comment.", "en", "declined",
     "Oslo Times"),
    ("Interrogé par Le Monde, Paul Grant a dénoncé la fermeture de l'usine.", "fr", "dénoncé", "Le Monde"),
])
def test_who_put_the_question_is_the_medium_of_the_answer(
        text: str, lang: str, trigger: str, questioner: str) -> None:
    event = event_of(analyse(text, lang), trigger)
    assert [(a.name, a.via) for a in event.target if a.name == questioner] == [(questioner, "medium")]


def test_the_doer_of_an_event_noun_asked_about_is_no_questioner() -> None:
    """Guard: "questioned on the attack by Norvex": Norvex attacked (passes on both trees)."""
    text = "Questioned on the attack by Norvex, Paul Grant declined to comment."
    assert "Norvex" not in _targets(text, "en", "declined")


def test_reporters_asking_are_no_named_questioner() -> None:
    """Guard: a group that asks names nobody (passes on both trees)."""
    text = "Questioned on the merger by reporters, Paul Grant declined to comment."
    assert _targets(text, "en", "declined") == []


# -- persons named after the place ----------------------------------------------------------------

def test_persons_named_after_the_place_are_the_objects() -> None:
    text = "Paul Grant a reçu jeudi à Oslo Lina Okafor et la ministre de l'Energie Anne Leroy."
    targets = _targets(text, "fr", "reçu")
    assert "Lina Okafor" in targets and "Anne Leroy" in targets, targets


# -- both sides of "between X and Y" under the role someone acts in ------------------------------

@pytest.mark.parametrize(("text", "lang", "trigger"), [
    ("Paul Grant is acting as a go-between between Lina Okafor and the dockers.", "en", "acting"),
    ("Paul Grant sert d'intermédiaire entre Lina Okafor et le ministre Marc Diallo.", "fr", "sert"),
])
def test_both_sides_of_between_under_a_role_take_part(text: str, lang: str, trigger: str) -> None:
    assert "Lina Okafor" in _targets(text, lang, trigger)
