"""Participants of what is said and written (issue #17, docs/events.md "Twenty-second pass"):
the one a dated statement is told to is a target ("On Monday, Paul Grant told Lina Okafor
that…"); who wrote the document an act is told in published or sent it (« Dans un texte publié
sur son blog, Lina Okafor accuse… »).  Sentences written for these tests; nothing from the
evaluation articles."""

from __future__ import annotations

import pytest
from test_event_participants import analyse, event_of


def _names(text: str, lang: str, trigger: str) -> tuple[list[str], list[str]]:
    event = event_of(analyse(text, lang), trigger)
    return [a.name for a in event.source], [a.name for a in event.target]


# -- whom a dated statement is told to --------------------------------------------------------------

@pytest.mark.parametrize(("text", "lang", "trigger", "addressee"), [
    ("On Monday, Paul Grant told Lina Okafor that Norvex would close the plant.", "en", "told",
     "Lina Okafor"),
    ("Lundi, Paul Grant a assuré à Lina Okafor que Norvex fermerait l'usine.", "fr", "assuré",
     "Lina Okafor"),
])
def test_whom_a_dated_statement_is_told_to_takes_part(
        text: str, lang: str, trigger: str, addressee: str) -> None:
    assert addressee in _names(text, lang, trigger)[1]


def test_an_inverted_speaker_is_not_told_to_themselves() -> None:
    """Guard: « a affirmé jeudi le directeur de Norvex, Paul Grant »: the parser reads the
    inverted subject as an object; the speaker is the source only."""
    source, target = _names("« L'usine fermera », a affirmé jeudi le directeur de Norvex, Paul Grant.", "fr",
                            "affirmé")
    assert "Paul Grant" in source and "Paul Grant" not in target


# -- who wrote the document an act is told in ---------------------------------------------------------

@pytest.mark.parametrize(("text", "lang", "trigger", "author"), [
    ("Dans un texte publié sur son blog en mai, Lina Okafor accuse Norvex de fraude.", "fr", "publié",
     "Lina Okafor"),
    ("In a letter sent to the board on Monday, Paul Grant criticised Norvex.", "en", "sent", "Paul Grant"),
])
def test_the_document_an_act_is_told_in_is_its_doers(text: str, lang: str, trigger: str, author: str) -> None:
    assert author in _names(text, lang, trigger)[0]


def test_a_participle_that_names_its_doer_keeps_it() -> None:
    """Guard (passes on both trees): "published by Norvex" is Norvex's act."""
    source, _ = _names("In a report published by Norvex on Monday, Paul Grant was criticised.", "en",
                       "published")
    assert "Paul Grant" not in source


def test_a_place_is_no_document() -> None:
    """Guard (passes on both trees): « un immeuble construit en 1950 » is not Paul Grant's work."""
    events = analyse("Dans un immeuble construit en 1950, Paul Grant a ouvert un café.", "fr").events
    built = [e for e in events if e.trigger.text == "construit"]
    assert all("Paul Grant" not in [a.name for a in e.source] for e in built)
