"""Participants of what is said and written (issue #17, docs/events.md "Twenty-second pass"):
the one a dated statement is told to is a target ("On Monday, Paul Grant told Lina Okafor
that…").  Sentences written for these tests; nothing from the evaluation articles."""

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
