"""The scope of a negation (docs/events.md, "Modality rules"): it belongs to the predicate it
scopes over, not to a noun that tells when or at what the act took place; "far from" negates
like « loin de »; « une personne » is somebody, « personne » nobody; French « plus », « jamais »,
« guère » negate only beside « ne » (or « sans »).
Sentences written for these tests; nothing from the evaluation articles."""

from __future__ import annotations

import pytest
from test_event_recall import candidates


def modalities(text: str, lang: str) -> dict[str, str]:
    events, _ = candidates(text, lang)
    return {e.trigger.text: e.modality for e in events}


@pytest.mark.parametrize(("text", "lang", "setting", "act"), [
    ("Lors d'une conférence de Norvex à Lyon en mars, loin de critiquer le projet, Paul Grant l'a défendu.",
     "fr", "conférence", "critiquer"),
    ("Pendant la grève des employés de Norvex, Paul Grant n'a pas cédé.", "fr", "grève", "cédé"),
    ("Lina Okafor ne s'est pas exprimée depuis la démission de Paul Grant.", "fr", "démission", "exprimée"),
    ("Lina Okafor n'a pas parlé lors de la visite de Paul Grant à Lyon.", "fr", "visite", "parlé"),
    ("Lina Okafor did not speak during the strike of Norvex workers.", "en", "strike", "speak"),
    ("Lina Okafor did not comment until after the resignation of Paul Grant.", "en", "resignation",
     "comment"),
])
def test_the_setting_of_a_negated_act_took_place(text: str, lang: str, setting: str, act: str) -> None:
    found = modalities(text, lang)
    assert found[setting] == "asserted"
    assert found[act] == "negated"


def test_the_occasion_of_a_negated_state_took_place() -> None:
    assert modalities("Lina Okafor was not present at the meeting of Paul Grant and the Norvex union.",
                      "en")["meeting"] == "asserted"


@pytest.mark.parametrize(("text", "lang", "trigger"), [
    ("Lina Okafor n'a pas annoncé la démission de Paul Grant.", "fr", "démission"),
    ("Lina Okafor did not announce the resignation of Paul Grant.", "en", "resignation"),
])
def test_an_event_noun_the_negation_scopes_over_stays_negated(text: str, lang: str, trigger: str) -> None:
    assert modalities(text, lang)[trigger] == "negated"


@pytest.mark.parametrize(("text", "act", "modality"), [
    ("Far from criticizing Norvex, Paul Grant praised the company.", "criticizing", "negated"),
    ("Far from criticizing Norvex, Paul Grant praised the company.", "praised", "asserted"),
    ("Far from attacking Halvard, the Norvex army withdrew its troops.", "attacking", "negated"),
])
def test_far_from_negates_the_act_it_governs(text: str, act: str, modality: str) -> None:
    assert modalities(text, "en")[act] == modality


@pytest.mark.parametrize(("text", "trigger", "modality"), [
    ("Une personne a quitté l'usine de Norvex mardi.", "quitté", "asserted"),
    ("La personne qui a appelé Norvex a quitté Lyon mardi.", "quitté", "asserted"),
    ("Personne n'a quitté l'usine de Norvex mardi.", "quitté", "negated"),
])
def test_a_person_is_not_nobody(text: str, trigger: str, modality: str) -> None:
    assert modalities(text, "fr")[trigger] == modality


@pytest.mark.parametrize(("text", "trigger", "modality"), [
    ("Norvex a annoncé plus tard la démission de Paul Grant.", "démission", "asserted"),
    ("Norvex a exporté trois fois plus en mars.", "exporté", "asserted"),
    ("Les salariés de Norvex ont été les plus touchés par la fermeture.", "touchés", "asserted"),
    ("Paul Grant a plus dépensé que Lina Okafor en mars.", "dépensé", "asserted"),
    ("Norvex n'a plus annoncé la démission de Paul Grant.", "démission", "negated"),
    ("Paul Grant n'a jamais quitté Norvex.", "quitté", "negated"),
    ("Norvex a résisté trois ans sans jamais céder aux actionnaires de Halvard.", "céder", "negated"),
])
def test_plus_and_jamais_negate_beside_ne_only(text: str, trigger: str, modality: str) -> None:
    assert modalities(text, "fr")[trigger] == modality


# -- the session-20 review's cases --------------------------------------------------------------
@pytest.mark.parametrize(("text", "trigger"), [
    ("Aucune personne n'a attaqué le convoi de Norvex mardi.", "attaqué"),
    ("Pas une personne n'a quitté l'usine de Norvex mardi.", "quitté"),
])
def test_no_person_is_still_nobody(text: str, trigger: str) -> None:
    assert modalities(text, "fr")[trigger] == "negated"


@pytest.mark.parametrize(("text", "lang", "trigger"), [
    ("Norvex has gone so far as to fire 300 workers.", "en", "fire"),
])
def test_far_without_from_negates_nothing(text: str, lang: str, trigger: str) -> None:
    assert modalities(text, lang)[trigger] == "asserted"


@pytest.mark.parametrize(("text", "lang", "trigger", "modality"), [
    ("Paul Grant did not hint at his resignation.", "en", "resignation", "negated"),
    ("Norvex has not looked at an acquisition of Halvard since January.", "en", "acquisition", "negated"),
    ("Lina Okafor n'a pas assisté à la réunion de Norvex mardi.", "fr", "réunion", "asserted"),
    ("Lina Okafor n'a pas assisté au sommet de Norvex mardi.", "fr", "sommet", "asserted"),
])
def test_at_brings_a_setting_only_before_a_gathering(text: str, lang: str, trigger: str,
                                                      modality: str) -> None:
    assert modalities(text, lang)[trigger] == modality


@pytest.mark.parametrize("apostrophe", ["'", "’"])
def test_ne_on_the_auxiliary_and_plus_on_the_participle(apostrophe: str) -> None:
    text = f"Paul Grant n{apostrophe}a plus démissionné depuis 2019."
    assert modalities(text, "fr")["démissionné"] == "negated"
