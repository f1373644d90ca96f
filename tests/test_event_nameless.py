"""Events that name nobody (issue #17, docs/events.md "Sixteenth pass"): disasters, trials,
loans and broadcasts told by a noun, placed down its own "de/of" complements; arrests told
by the police.
Sentences written for these tests; nothing from the evaluation articles."""

from __future__ import annotations

import pytest
from test_event_participants import analyse

from newsgraph.model import Article, Event


def events_on(article: Article, trigger: str) -> list[Event]:
    return [e for e in article.events
            if e.trigger.text == trigger or any(m.text == trigger for m in e.mentions)]


def event_of(article: Article, trigger: str) -> Event:
    found = events_on(article, trigger)
    assert found, f"no event on {trigger!r}: {[e.trigger.text for e in article.events]}"
    return found[0]


@pytest.mark.parametrize(("text", "lang", "trigger", "etype", "place"), [
    ("A landslide in Peru buried the road on Sunday.", "en", "landslide", "DISASTER", "Peru"),
    ("The inquest in Leeds heard two doctors on Monday.", "en", "inquest", "LEGAL", "Leeds"),
    ("Le tremblement de terre au Pérou a fait dix morts samedi.", "fr", "tremblement", "DISASTER", "Pérou"),
    ("Le prêt de la banque Norvex en Islande a été signé en mai.", "fr", "prêt", "ECONOMIC", "Islande"),
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


@pytest.mark.parametrize(("text", "lang", "trigger", "place"), [
    ("The collapse of a block of flats in Leeds killed two people on Sunday.", "en", "collapse", "Leeds"),
    ("L'effondrement du toit d'un gymnase à Lille a blessé trois enfants.", "fr", "effondrement", "Lille"),
])
def test_an_event_noun_is_placed_down_its_of_complements(
        text: str, lang: str, trigger: str, place: str) -> None:
    event = event_of(analyse(text, lang), trigger)
    assert event.place is not None and event.place.name == place


@pytest.mark.parametrize(("text", "lang", "trigger"), [
    ("Earthquakes are frequent in the region.", "en", "Earthquakes"),
    ("Les séismes sont fréquents dans la région.", "fr", "séismes"),
])
def test_a_generic_event_noun_is_no_event(text: str, lang: str, trigger: str) -> None:
    assert not events_on(analyse(text, lang), trigger)


@pytest.mark.parametrize(("text", "lang", "trigger", "origin"), [
    ("The arrest of a man from Leeds surprised his neighbours.", "en", "arrest", "Leeds"),
    ("L'arrestation d'un homme de Lyon a surpris ses voisins.", "fr", "arrestation", "Lyon"),
])
def test_a_place_that_is_a_participants_origin_is_not_the_setting(
        text: str, lang: str, trigger: str, origin: str) -> None:
    event = event_of(analyse(text, lang), trigger)
    assert event.place is None or event.place.name != origin


@pytest.mark.parametrize(("text", "lang", "trigger"), [
    ("Three men were arrested for theft in Leeds, police said on Monday.", "en", "arrested"),
    ("Trois hommes ont été arrêtés pour vol à Lyon, a annoncé la police.", "fr", "arrêtés"),
])
def test_an_arrest_told_by_the_police_without_an_agent_was_made_by_the_police(
        text: str, lang: str, trigger: str) -> None:
    event = event_of(analyse(text, lang), trigger)
    assert [a.name for a in event.source] == ["police"]


@pytest.mark.parametrize(("text", "lang", "trigger", "source"), [
    ("Trois hommes ont été arrêtés pour vol à Lyon, a annoncé le maire Paul Grant.", "fr", "arrêtés", []),
    ("Three men were arrested by soldiers in Leeds, police said.", "en", "arrested", ["soldiers"]),
])
def test_an_arrest_told_by_someone_else_or_with_its_agent_keeps_its_own_doer(
        text: str, lang: str, trigger: str, source: list[str]) -> None:
    event = event_of(analyse(text, lang), trigger)
    assert [a.name for a in event.source] == source


@pytest.mark.parametrize(("text", "lang", "trigger"), [
    ("An inquest into Paul Grant's death was adjourned until July.", "en", "inquest"),
    ("Une enquête sur la mort de Paul Grant a été ouverte lundi à Lyon.", "fr", "enquête"),
])
def test_an_inquiry_into_a_death_takes_the_one_who_died(text: str, lang: str, trigger: str) -> None:
    event = event_of(analyse(text, lang), trigger)
    assert [a.name for a in event.target] == ["Paul Grant"]


def test_an_inquiry_into_something_that_is_no_event_takes_nobody_from_it() -> None:
    article = analyse("An inquiry into the accounts of Norvex Corp was adjourned until July.", "en")
    assert all("Norvex Corp" not in {a.name for a in e.target} for e in events_on(article, "inquiry"))


# Review of the sixteenth pass (helper-51's findings N1–N6): nouns of news that, in these
# uses, name no event or no doer.

@pytest.mark.parametrize(("text", "lang", "trigger"), [
    ("Paul Grant faced a storm of criticism from Halvard Industries on Monday.", "en", "storm"),
    ("Anne Leroy received an avalanche of emails from Paul Grant on Tuesday.", "en", "avalanche"),
    ("Paul Grant a essuyé lundi une tempête de critiques de la société Halvard.", "fr", "tempête"),
    ("Anne Leroy a reçu mardi une avalanche de courriels de Paul Grant.", "fr", "avalanche"),
])
def test_a_hazard_noun_of_quantity_is_no_event(text: str, lang: str, trigger: str) -> None:
    assert events_on(analyse(text, lang), trigger) == []


@pytest.mark.parametrize(("text", "lang", "trigger"), [
    ("A snow storm in Norway closed the roads on Monday.", "en", "storm"),
    ("Une tempête de neige en Norvège a fermé les routes lundi.", "fr", "tempête"),
])
def test_a_storm_of_snow_stays_an_event(text: str, lang: str, trigger: str) -> None:
    assert event_of(analyse(text, lang), trigger).type == "DISASTER"


def test_a_trembling_alone_is_no_earthquake() -> None:
    text = "Paul Grant a parlé lundi d'une voix marquée par un tremblement de la société Halvard."
    assert events_on(analyse(text, "fr"), "tremblement") == []


def test_a_listed_phrase_is_read_around_its_head() -> None:
    text = "Halvard Industries held a press conference in Oslo on Monday."
    assert event_of(analyse(text, "en"), "conference").type == "ANNOUNCE"


@pytest.mark.parametrize(("text", "lang", "trigger"), [
    ("Halvard Industries said on Monday that the sale of alcohol to minors remains banned in Norway.",
     "en", "sale"),
    ("Anne Leroy runs online sales at Halvard Industries.", "en", "sales"),
    ("La société Halvard a rappelé lundi que la vente d'alcool aux mineurs est interdite en Norvège.",
     "fr", "vente"),
    ("Anne Leroy dirige la vente en ligne de la société Halvard depuis 2019.", "fr", "vente"),
    ("La banque Norvex a accordé des prêts immobiliers à Anne Leroy en mai.", "fr", "prêts"),
])
def test_a_trade_is_no_event(text: str, lang: str, trigger: str) -> None:
    assert events_on(analyse(text, lang), trigger) == []


@pytest.mark.parametrize(("text", "lang", "trigger"), [
    ("The sale of the Norvex plant to Halvard Industries was signed in Oslo on Monday.", "en", "sale"),
    ("La vente de l'usine Norvex à Paul Grant a eu lieu lundi à Oslo.", "fr", "vente"),
])
def test_the_sale_of_a_thing_stays_an_event(text: str, lang: str, trigger: str) -> None:
    assert event_of(analyse(text, lang), trigger).type == "ECONOMIC"


@pytest.mark.parametrize("text", [
    "Paul Grant, who lost his hearing in an accident, joined Halvard Industries on Monday.",
    "Paul Grant said his hearing had worsened since he left Halvard Industries.",
])
def test_the_sense_of_hearing_is_no_legal_event(text: str) -> None:
    assert events_on(analyse(text, "en"), "hearing") == []


def test_a_hearing_before_a_court_stays_legal() -> None:
    text = "The hearing of Paul Grant before the Norvex court was postponed on Monday."
    assert event_of(analyse(text, "en"), "hearing").type == "LEGAL"


@pytest.mark.parametrize(("text", "lang", "trigger"), [
    ("Paul Grant's storm chasers filmed a hurricane off Florida on Monday.", "en", "hurricane"),
    ("Paul Grant a filmé un ouragan lundi.", "fr", "ouragan"),
])
def test_a_natural_hazard_has_no_doer_from_its_verb(text: str, lang: str, trigger: str) -> None:
    for event in events_on(analyse(text, lang), trigger):
        assert "Paul Grant" not in [a.name for a in event.source]


@pytest.mark.parametrize(("text", "lang", "trigger"), [
    ("Two Halvard Industries engineers were arrested in Spain on Monday, Norwegian police said.", "en",
     "arrested"),
    ("Deux ingénieurs de la société Halvard ont été arrêtés lundi en Espagne, "
     "a indiqué la police norvégienne.", "fr", "arrêtés"),
])
def test_the_police_of_another_country_did_not_make_the_arrest(text: str, lang: str, trigger: str) -> None:
    for event in events_on(analyse(text, lang), trigger):
        assert all("police" not in a.name.casefold() for a in event.source)
