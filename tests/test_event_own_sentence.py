"""Participants named in the event's own sentence that the parse hung out of the event's reach
(issue #17, docs/events.md "Seventeenth pass"): the one who receives, hung on the object noun
(« céder l'usine à Halvard »); who put the question (« Interrogé par Le Monde, … »); persons
named after the place (« a rencontré à Oslo Lina Okafor »); both sides of "between X and Y"
under the role someone acts in; whom a statement reports about.  Sentences written for these
tests; nothing from the evaluation articles."""

from __future__ import annotations

import pytest
from test_event_participants import analyse, event_of


def _targets(text: str, lang: str, trigger: str) -> list[str]:
    return [a.name for a in event_of(analyse(text, lang), trigger).target]


# -- the one who receives, hung on the object noun -------------------------------------------------

@pytest.mark.parametrize(("text", "lang", "trigger", "recipient"), [
    ("Paul Grant a annoncé qu'il transmettrait un rapport détaillé au Conseil d'Etat.", "fr",
     "transmettrait", "Conseil d'Etat"),
    ("La Norvège a vendu des avions de combat à la Pologne.", "fr", "vendu", "Pologne"),
    ("Norway delivered ten tanks of an older model to Poland.", "en", "delivered", "Poland"),
])
def test_the_recipient_of_a_verb_of_transfer_hung_on_its_object_takes_part(
        text: str, lang: str, trigger: str, recipient: str) -> None:
    assert recipient in _targets(text, lang, trigger)


def test_the_recipient_of_an_infinitive_of_transfer_stays_a_target() -> None:
    """Guard: the « à X » the parser hangs on the object of « céder » under « suggérer »
    (passes on both trees: another rule already read it)."""
    text = "Lina Okafor a suggéré lundi à Norvex de céder l'usine de Leeds à la société Halvard Industries."
    assert "Halvard Industries" in _targets(text, "fr", "céder")


def test_a_town_after_the_object_without_an_article_is_no_recipient() -> None:
    """Guard: « une maison à Oslo » is where, not who buys (passes on both trees)."""
    assert "Oslo" not in _targets("Paul Grant a vendu mardi une maison à Oslo.", "fr", "vendu")


# -- who put the question -------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "lang", "trigger", "questioner"), [
    ("Asked about the merger by the Oslo Times, Paul Grant laughed.", "en", "laughed", "Oslo Times"),
    ("Interrogé par Le Monde, Paul Grant a dénoncé la fermeture de l'usine.", "fr", "dénoncé", "Le Monde"),
])
def test_who_put_the_question_is_the_medium_of_the_answer(
        text: str, lang: str, trigger: str, questioner: str) -> None:
    event = event_of(analyse(text, lang), trigger)
    assert [(a.name, a.via) for a in event.target if a.name == questioner] == [(questioner, "medium")]


def test_the_doer_of_an_event_noun_asked_about_is_no_questioner() -> None:
    """Guard: "asked about the attack by Norvex": Norvex attacked (passes on both trees)."""
    assert "Norvex" not in _targets("Asked about the attack by Norvex, Paul Grant laughed.", "en", "laughed")


def test_reporters_asking_are_no_named_questioner() -> None:
    """Guard: a group that asks names nobody (passes on both trees)."""
    assert _targets("Asked about the merger by reporters, Paul Grant laughed.", "en", "laughed") == []


# -- persons named after the place ----------------------------------------------------------------

def test_persons_named_after_the_place_are_the_objects() -> None:
    text = ("Paul Grant a rencontré fin mars à Oslo Lina Okafor et le ministre norvégien de l'Energie "
            "Marc Diallo.")
    targets = _targets(text, "fr", "rencontré")
    assert "Lina Okafor" in targets and "Marc Diallo" in targets, targets


def test_a_person_after_a_colon_is_no_object_of_the_verb_before() -> None:
    """Guard: a headline's colon opens another sentence (passes on both trees)."""
    text = "Paul Grant offre son soutien à la Norvège : Lina Okafor dit soutenir la réforme."
    assert "Lina Okafor" not in _targets(text, "fr", "offre")


# -- both sides of "between X and Y" under the role someone acts in ------------------------------

@pytest.mark.parametrize(("text", "lang", "trigger"), [
    ("The priest, Paul Grant, is acting as a middle-man between Lina Okafor and the unions.", "en", "acting"),
    ("Paul Grant sert d'intermédiaire entre Lina Okafor et le ministre Marc Diallo.", "fr", "sert"),
])
def test_both_sides_of_between_under_a_role_take_part(text: str, lang: str, trigger: str) -> None:
    assert "Lina Okafor" in _targets(text, lang, trigger)
