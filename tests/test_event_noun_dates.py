"""Dates told on an event noun and by the relation of one event to another (docs/events.md,
nineteenth pass).  Sentences written for these tests; nothing from the evaluation articles."""

from __future__ import annotations

import pytest
from test_event_dates import analyse, date_of, event_of

# -- a date that modifies an event noun dates that event, not the verb that speaks of it -----------


@pytest.mark.parametrize(("text", "lang", "verb", "noun", "noun_date"), [
    ("Paul Grant criticised the March 3 vote of the Halvard Industries board.", "en", "criticised",
     "vote", "2024-03-03"),
    ("Paul Grant resigned from Halvard Industries after the March 3 vote.", "en", "resigned", "vote",
     "2024-03-03"),
    ("Paul Grant a critiqué le scrutin du 3 mars à Lyon.", "fr", "critiqué", "scrutin", "2024-03-03"),
    ("Marc Diallo prépare les élections municipales du 2 mai à Lyon.", "fr", "prépare", "élections",
     "2024-05-02"),
    ("Marc Diallo a démissionné de la société Halvard après le scrutin du 3 mars.", "fr", "démissionné",
     "scrutin", "2024-03-03"),
])
def test_a_date_on_an_event_noun_is_not_the_date_of_the_verb_that_speaks_of_it(
        text: str, lang: str, verb: str, noun: str, noun_date: str) -> None:
    article = analyse(text, lang, "2024-08-08")
    assert date_of(event_of(article, verb)) == ("2024-08-08", "article")
    assert date_of(event_of(article, noun)) == (noun_date, "text")


def test_a_date_on_an_event_noun_in_an_as_phrase_does_not_date_the_verb() -> None:
    article = analyse("Norvex has named Marc Diallo as the planner of the May 2 attacks on its depots.", "en",
                      "2024-08-08")
    assert date_of(event_of(article, "named")) == ("2024-08-08", "article")


@pytest.mark.parametrize(("text", "lang", "verb", "date"), [
    ("Paul Grant won the March 3 election in Leeds.", "en", "won", "2024-03-03"),
    ("Paul Grant spoke at the March 3 meeting of Halvard Industries.", "en", "spoke", "2024-03-03"),
    ("Paul Grant sketched the design while on a tour of Norway in 2009.", "en", "sketched", "2009"),
    ("Marc Diallo a remporté l'élection du 2 mai à Lyon.", "fr", "remporté", "2024-05-02"),
    ("Marc Diallo a pris la parole lors du sommet du 3 mars à Lyon.", "fr", "pris", "2024-03-03"),
])
def test_a_date_on_an_event_noun_still_dates_who_takes_part_in_it_or_acts_at_it(
        text: str, lang: str, verb: str, date: str) -> None:
    assert date_of(event_of(analyse(text, lang, "2024-08-08"), verb)) == (date, "text")


# -- a French simple present with a bare weekday tells the coming day -------------------------------


@pytest.mark.parametrize(("text", "trigger", "date"), [
    ("La chorale de Norvex chante samedi à la cathédrale de Lyon.", "chante", "2023-04-08"),
    ("La direction de Halvard reçoit mardi les syndicats à Lyon.", "reçoit", "2023-04-11"),
])
def test_a_french_simple_present_with_a_weekday_is_the_coming_day(text: str, trigger: str, date: str) -> None:
    event = event_of(analyse(text, "fr", "2023-04-06"), trigger)
    assert date_of(event) == (date, "text")
    assert event.modality == "planned"


@pytest.mark.parametrize(("text", "lang", "trigger", "date"), [
    ("La chorale de Norvex a chanté samedi à la cathédrale de Lyon.", "fr", "chanté", "2023-04-01"),
    ("A photograph published by Norvex shows Lina Okafor leaving the Leeds office Tuesday.", "en",
     "leaving", "2023-04-04"),
])
def test_a_weekday_with_a_past_or_an_english_present_is_the_last_one(text: str, lang: str, trigger: str,
                                                                     date: str) -> None:
    assert date_of(event_of(analyse(text, lang, "2023-04-06"), trigger)) == (date, "text")


# -- an event told by its distance from the clause it hangs on -------------------------------------


@pytest.mark.parametrize(("text", "lang", "trigger", "date"), [
    ("Paul Grant resigned from Halvard Industries on Tuesday, two days after the vote.", "en", "vote",
     "2024-04-28"),
    ("Marc Diallo a démissionné de la société Halvard mardi, deux jours après le vote.", "fr", "vote",
     "2024-04-28"),
    ("La panne risque de troubler la campagne, à trois jours des élections régionales à Leeds.", "fr",
     "élections", "2024-05-03"),
    ("Lina Okafor reopened the Leeds museum on Tuesday, three years after a flood damaged it.", "en",
     "damaged", "2021"),
])
def test_an_event_told_by_its_distance_from_its_clause_is_counted_from_the_clause_s_date(
        text: str, lang: str, trigger: str, date: str) -> None:
    assert date_of(event_of(analyse(text, lang, "2024-04-30"), trigger)) == (date, "text")


@pytest.mark.parametrize(("text", "lang", "trigger", "date"), [
    ("Paul Grant resigned from Halvard Industries two days after the March 3 vote.", "en", "vote",
     "2024-03-03"),
    ("Marc Diallo a été condamné à trois ans de prison à Lyon mardi.", "fr", "condamné", "2024-04-30"),
])
def test_an_event_s_own_date_wins_and_a_sentence_is_no_distance(text: str, lang: str, trigger: str,
                                                                date: str) -> None:
    assert date_of(event_of(analyse(text, lang, "2024-04-30"), trigger)) == (date, "text")


# -- a planned event told by a noun and a distance ahead ---------------------------------------------


@pytest.mark.parametrize(("text", "lang", "trigger", "who", "date"), [
    ("Though Lina Okafor's inauguration is a month away, Paul Grant said Halvard Industries had "
     "changed its plans.", "en", "inauguration", "Lina Okafor", "2017-01"),
    ("L'investiture de Marc Diallo aura lieu dans deux semaines à Lyon.", "fr", "investiture", "Marc Diallo",
     "2016-W52"),
])
def test_an_inauguration_a_distance_ahead_is_planned_at_that_date(
        text: str, lang: str, trigger: str, who: str, date: str) -> None:
    event = event_of(analyse(text, lang, "2016-12-15"), trigger)
    assert event.type == "APPOINT"
    assert [a.name for a in event.source] == [who]
    assert date_of(event) == (date, "text")
    assert event.modality == "planned"


def test_hours_away_count_no_day() -> None:
    article = analyse("The Halvard Industries vote is only hours away.", "en", "2016-12-15", events=False)
    assert all(t.value is None for t in article.times)


# -- review (helper-58) of the nineteenth pass ------------------------------------------------------


@pytest.mark.parametrize(("text", "lang", "verb", "date"), [
    ("Paul Grant condemned the attack on Tuesday.", "en", "condemned", "2024-03-05"),
    ("Le gouvernement a condamné l'attaque lundi.", "fr", "condamné", "2024-03-04"),
    ("Paul Grant survived the March 3 attack.", "en", "survived", "2024-03-03"),
    ("Paul Grant witnessed Monday's attack.", "en", "witnessed", "2024-03-04"),
    ("Paul Grant a couvert la manifestation de lundi.", "fr", "couvert", "2024-03-04"),
])
def test_a_trailing_weekday_and_a_verb_that_takes_part_keep_the_verb_s_date(
        text: str, lang: str, verb: str, date: str) -> None:
    assert date_of(event_of(analyse(text, lang, "2024-03-06"), verb)) == (date, "text")


@pytest.mark.parametrize(("text", "trigger"), [
    ("Paul Grant dirige Norvex depuis lundi.", "dirige"),
    ("Lundi, le ministre Paul Grant annonce sa démission.", "démission"),
    ("Lundi, Paul Grant se dit prêt à négocier avec Norvex.", "négocier"),
])
def test_a_french_present_with_depuis_or_a_fronted_weekday_is_the_last_one(text: str, trigger: str) -> None:
    event = event_of(analyse(text, "fr", "2024-03-06"), trigger)
    assert date_of(event) == ("2024-03-04", "text")
    assert event.modality != "planned"


@pytest.mark.parametrize(("text", "lang", "trigger"), [
    ("Paul Grant was sentenced on Monday to ten years after the killing of Marc Diallo.", "en", "killing"),
])
def test_a_sentence_length_is_no_distance_from_the_clause(text: str, lang: str, trigger: str) -> None:
    assert date_of(event_of(analyse(text, lang, "2024-04-30"), trigger)) == ("2024-04-29", "text")


def test_a_distance_ahead_counts_from_the_date_of_the_verb_above() -> None:
    article = analyse("En 2019, Paul Grant promettait de rouvrir l'usine dans deux ans.", "fr", "2024-03-06")
    assert date_of(event_of(article, "rouvrir")) == ("2021", "text")
