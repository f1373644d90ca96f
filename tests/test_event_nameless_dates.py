"""Events that name nobody, placed and dated by their own clause (docs/events.md, twenty-first
pass).  Sentences written for these tests; nothing from the evaluation articles."""

from __future__ import annotations

import pytest
from test_event_dates import analyse, date_of, event_of

from newsgraph.model import Article, Event

# -- a place the French parser hangs on the day of a date ------------------------------------------


def _placed(article: Article, trigger: str) -> Event:
    event = event_of(article, trigger)
    assert event.place is not None, f"{trigger!r} has no place"
    return event


@pytest.mark.parametrize(("text", "trigger", "place", "date"), [
    ("L'audience s'est déroulée le 14 juin à Lyon.", "déroulée", "Lyon", "2024-06-14"),
])
def test_a_place_hung_on_the_day_of_a_date_is_the_place_of_the_event(
        text: str, trigger: str, place: str, date: str) -> None:
    event = _placed(analyse(text, "fr", "2024-08-08"), trigger)
    assert event.place is not None and event.place.name == place
    assert date_of(event) == (date, "text")


@pytest.mark.parametrize("text", [
    "Paul Grant a vendu l'usine le 14 juin.",  # no place: none is invented
    "Paul Grant s'est arrêté le 3 avril à 20 kilomètres de Lyon.",  # a distance, no setting
])
def test_a_date_with_no_place_below_it_places_nothing(text: str) -> None:
    article = analyse(text, "fr", "2024-08-08")
    assert article.events and all(e.place is None for e in article.events)


# -- a news noun of a general type does not lend its clause's date to the event told before ------


@pytest.mark.parametrize(("text", "lang", "trigger"), [
    # the verb of the noun's clause is another act on the event: overturning, adjourning
    ("Marc Diallo was convicted of fraud in Leeds. The verdict was overturned on June 14.", "en",
     "convicted"),
    ("The trial of Marc Diallo opened in Leeds. The hearing was adjourned on June 14.", "en", "trial"),
    ("Le procès de Marc Diallo à Lyon attire la presse. Le procès a été suspendu le 14 juin.", "fr",
     "procès"),
])
def test_a_general_news_noun_does_not_date_the_event_told_before(text: str, lang: str,
                                                                trigger: str) -> None:
    article = analyse(text, lang, "2024-08-08")
    event = next(e for e in article.events if e.trigger.text == trigger)
    assert date_of(event) != ("2024-06-14", "text")


def test_an_indefinite_news_noun_tells_no_event_again() -> None:
    article = analyse("Lina Okafor's trial drew crowds in Leeds. A trial opened on June 14.", "en",
                      "2024-08-08")
    assert date_of(event_of(article, "trial")) == ("2024-08-08", "article")
