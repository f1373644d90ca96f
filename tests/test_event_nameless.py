"""Events that name nobody (issue #17, docs/events.md "Sixteenth pass"): disasters, trials,
loans and broadcasts told by a noun of the general news vocabulary.  Sentences written for these tests; nothing from the
evaluation articles."""

from __future__ import annotations

import pytest

from newsgraph.model import Article, Event
from tests.test_event_participants import analyse


def events_on(article: Article, trigger: str) -> list[Event]:
    return [e for e in article.events if e.trigger.text == trigger or any(m.text == trigger for m in e.mentions)]


def event_of(article: Article, trigger: str) -> Event:
    found = events_on(article, trigger)
    assert found, f"no event on {trigger!r}: {[e.trigger.text for e in article.events]}"
    return found[0]


@pytest.mark.parametrize(("text", "lang", "trigger", "etype", "place"), [
    ("A landslide in Peru buried the road on Sunday.", "en", "landslide", "DISASTER", "Peru"),
    ("The inquest in Leeds heard two doctors on Monday.", "en", "inquest", "LEGAL", "Leeds"),
    ("Le tremblement de terre au Pérou a fait dix morts samedi.", "fr", "tremblement", "DISASTER", "Pérou"),
    ("Le prêt de cinq milliards d'euros au Portugal a été approuvé en mai.", "fr", "prêt", "ECONOMIC",
     "Portugal"),
])
def test_a_general_news_noun_with_its_own_place_is_an_event(
        text: str, lang: str, trigger: str, etype: str, place: str) -> None:
    event = event_of(analyse(text, lang), trigger)
    assert event.type == etype
    assert event.place is not None and event.place.name == place


@pytest.mark.parametrize(("text", "lang", "trigger", "etype"), [
    ("The broadcast of the film on Norvex TV drew two million viewers.", "en", "broadcast", "PUBLISH"),
    ("La diffusion du film par la chaîne Norvex TV a attiré deux millions de spectateurs.", "fr", "diffusion",
     "PUBLISH"),
])
def test_a_noun_of_broadcasting_is_an_event(text: str, lang: str, trigger: str, etype: str) -> None:
    assert event_of(analyse(text, lang), trigger).type == etype


@pytest.mark.parametrize(("text", "lang", "trigger"), [
    ("Paul Grant was questioned about the killing of Anne Leroy by Marc Morel.", "en", "killing"),
    ("Le viol de Anne Leroy par Marc Morel a choqué le village.", "fr", "viol"),
])
def test_a_noun_of_violent_crime_takes_its_victim_in_its_genitive(text: str, lang: str, trigger: str) -> None:
    event = event_of(analyse(text, lang), trigger)
    assert event.type == "ASSAULT"
    assert [a.name for a in event.source] == ["Marc Morel"]
    assert [a.name for a in event.target] == ["Anne Leroy"]


@pytest.mark.parametrize(("text", "lang", "trigger"), [
    ("Earthquakes are frequent in the region.", "en", "Earthquakes"),
    ("Les séismes sont fréquents dans la région.", "fr", "séismes"),
])
def test_a_generic_event_noun_is_no_event(text: str, lang: str, trigger: str) -> None:
    assert not events_on(analyse(text, lang), trigger)
