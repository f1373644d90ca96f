"""Whether the main clause of a sentence is told inside a quotation (``dates._quoted``), read from
the quotation marks paired by ``quote_marks`` and the quote layer's cues, not by counting marks:
the narrator's clause after a quotation closed in its sentence frames the narrative; a clause
inside a quotation, or a speaker's incise, lends no frame from the quoted words.
Sentences written for these tests; nothing from the evaluation articles."""

from __future__ import annotations

import pytest
from test_event_recall import candidates

from newsgraph.model import Event


def event_on(text: str, lang: str, trigger: str) -> Event:
    events, _ = candidates(text, lang)
    return next(e for e in events if e.trigger.text == trigger)


@pytest.mark.parametrize(("text", "lang", "trigger", "date"), [
    # a quotation of two sentences closed in the second: "explained" is the narrator's
    ('Paul Grant spoke to reporters on Monday. "We closed the plant in Leeds. We sold the one in Lyon," '
     "Paul Grant explained in January. Norvex fired 200 workers.", "en", "fired", "2024-01"),
    # inches are no quotation mark
    ('After a 12" rainfall, Paul Grant closed the Leeds plant in May. Norvex fired 200 workers.',
     "en", "fired", "2023-05"),
])
def test_the_narrators_clause_after_a_mark_frames_the_next_sentence(text: str, lang: str, trigger: str,
                                                                   date: str) -> None:
    event = event_on(text, lang, trigger)
    assert event.date is not None and event.date.value == date and event.date_from == "text"


@pytest.mark.parametrize(("text", "lang", "trigger"), [
    ("Paul Grant a parlé lundi. « Nous avons vendu l'usine de Leeds en 2019, a-t-il ajouté. » "
     "Norvex a licencié 200 salariés.", "fr", "licencié"),
    ("« Nous avons vendu l'usine de Leeds en 2019 », a expliqué Paul Grant. Norvex a licencié 200 salariés.",
     "fr", "licencié"),
    ('"We closed the plant in Leeds. We sold the one in Lyon in 2019," Paul Grant explained. '
     "Norvex fired 200 workers.", "en", "fired"),
])
def test_a_date_in_quoted_words_frames_nothing(text: str, lang: str, trigger: str) -> None:
    assert event_on(text, lang, trigger).date_from == "article"
