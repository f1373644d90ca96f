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
    ("Norvex a cédé l'usine à Halvard Industries.", "fr", "cédé", "Halvard Industries"),
    ("Norvex sold fighter jets to Halvard Industries.", "en", "sold", "Halvard Industries"),
    # a place the article makes act is a state, which may receive
    ("La Norvège a signé l'accord lundi. Halvard Industries a vendu dix turbines à la Norvège.", "fr",
     "vendu", "Norvège"),
])
def test_the_recipient_of_a_verb_of_transfer_hung_on_its_object_takes_part(
        text: str, lang: str, trigger: str, recipient: str) -> None:
    assert recipient in _targets(text, lang, trigger)


def test_a_town_after_the_object_without_an_article_is_no_recipient() -> None:
    """Guard: « une maison à Oslo » is where, not who buys (passes on both trees)."""
    assert "Oslo" not in _targets("Paul Grant a vendu mardi une maison à Oslo.", "fr", "vendu")


@pytest.mark.parametrize(("text", "lang", "trigger", "place"), [
    # a place hung on the object noun, with an article: where, not who receives
    ("Paul Grant a vendu lundi un appartement au Havre.", "fr", "vendu", "Havre"),
    ("La Cour a remis mardi son avis à La Haye.", "fr", "remis", "La Haye"),
    # through an adjective or another noun of the object's phrase
    ("Norvex sold a plant close to Oslo last year.", "en", "sold", "Oslo"),
    ("Paul Grant sent a letter about his trip to Oslo.", "en", "sent", "Oslo"),
    ("Paul Grant a envoyé une lettre sur son voyage à la Réunion.", "fr", "envoyé", "Réunion"),
    # a light verb and an event noun: « à X » is where it is given
    ("Paul Grant a donné une conférence à la Sorbonne.", "fr", "donné", "Sorbonne"),
])
def test_a_place_after_the_object_is_no_recipient(text: str, lang: str, trigger: str, place: str) -> None:
    """Review of the seventeenth pass: each failed on 5620308 (the place was a target)."""
    assert place not in _targets(text, lang, trigger)


# -- who put the question -------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "lang", "trigger", "questioner"), [
    ("Questioned by Reuters on the merger, Paul Grant declined to comment.", "en", "declined", "Reuters"),
    ("Interrogé par Le Monde, Paul Grant a dénoncé la fermeture de l'usine.", "fr", "dénoncé", "Le Monde"),
    ("Interrogée par la journaliste Lina Okafor, Anne Leroy a démenti.", "fr", "démenti", "Lina Okafor"),
    ("Contacted by the newspaper Oslo Posten, Norvex declined to comment.", "en", "declined", "Oslo Posten"),
])
def test_who_put_the_question_is_the_medium_of_the_answer(
        text: str, lang: str, trigger: str, questioner: str) -> None:
    event = event_of(analyse(text, lang), trigger)
    assert [(a.name, a.via) for a in event.target if a.name == questioner] == [(questioner, "medium")]


@pytest.mark.parametrize(("text", "trigger", "name"), [
    ("Asked about the book by Lina Okafor, Paul Grant laughed.", "laughed", "Lina Okafor"),  # its author
    ("Asked by Halvard Industries to lead the project, Paul Grant accepted.", "accepted",
     "Halvard Industries"),  # a request
    ("Questioned by Leeds police, Paul Grant denied the charges.", "denied", "Leeds police"),  # no medium
])
def test_an_author_a_request_or_the_police_is_no_questioner(text: str, trigger: str, name: str) -> None:
    """Review of the seventeenth pass: each failed on 5620308 (the name was the medium)."""
    assert name not in _targets(text, "en", trigger)


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


@pytest.mark.parametrize(("text", "trigger"), [
    ("Paul Grant a été remplacé à Oslo par Marc Diallo.", "remplacé"),
    ("Paul Grant a été accueilli à Oslo par le ministre Marc Diallo.", "accueilli"),
])
def test_the_agent_of_a_passive_hung_on_the_place_is_its_doer(text: str, trigger: str) -> None:
    """Review of the seventeenth pass: each failed on 5620308 (Marc Diallo was a target)."""
    event = event_of(analyse(text, "fr"), trigger)
    assert [a.name for a in event.source] == ["Marc Diallo"]
    assert "Marc Diallo" not in [a.name for a in event.target]


# -- both sides of "between X and Y" under the role someone acts in ------------------------------

@pytest.mark.parametrize(("text", "lang", "trigger", "side"), [
    ("Paul Grant stepped in as a mediator between Lina Okafor and Marc Diallo.", "en", "stepped",
     "Marc Diallo"),
    ("Paul Grant sert d'intermédiaire entre Lina Okafor et le ministre Marc Diallo.", "fr", "sert",
     "Lina Okafor"),
])
def test_both_sides_of_between_under_a_role_take_part(text: str, lang: str, trigger: str, side: str) -> None:
    assert side in _targets(text, lang, trigger)


@pytest.mark.parametrize(("text", "lang", "trigger", "place"), [
    ("Paul Grant worked as a driver between Oslo and Leeds.", "en", "worked", "Leeds"),
    ("Norvex opened a new route as a link between Oslo and Leeds.", "en", "opened", "Leeds"),
    ("Le train a été retardé de deux heures entre Oslo et Leeds.", "fr", "retardé", "Leeds"),
])
def test_places_between_are_no_sides(text: str, lang: str, trigger: str, place: str) -> None:
    """Review of the seventeenth pass: each failed on 5620308 (Leeds was a target)."""
    assert place not in _targets(text, lang, trigger)


def test_a_delay_between_two_towns_keeps_its_object() -> None:
    """Review of the seventeenth pass: « de deux heures » is no role (failed on 5620308)."""
    text = "Le train a été retardé de deux heures entre Oslo et Leeds."
    assert _targets(text, "fr", "retardé") == ["train"]
