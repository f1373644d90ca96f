"""Participants of what is said and written (issue #17, docs/events.md "Twenty-second pass"):
the one a dated statement is told to is a target ("On Monday, Paul Grant told Lina Okafor
that…"); who wrote the document an act is told in published or sent it (« Dans un texte publié
sur son blog, Lina Okafor accuse… »), with the review of that pass.  Sentences written for these
tests; nothing from the evaluation articles."""

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


def test_an_inverted_speaker_is_no_addressee() -> None:
    """« a affirmé lundi à Lina Okafor le directeur de Norvex, Paul Grant »: in an incise after
    the quotation the parser reads the inverted subject as an object; Paul Grant said it, he was
    not told it."""
    _, target = _names("« L'usine restera ouverte », a affirmé lundi à Lina Okafor le directeur de Norvex, "
                       "Paul Grant.", "fr", "affirmé")
    assert "Paul Grant" not in target


@pytest.mark.parametrize(("text", "lang", "trigger", "addressee"), [
    ("\"The plant will close,\" Paul Grant told Lina Okafor on Monday.", "en", "told", "Lina Okafor"),
    ("« L'usine restera ouverte », a assuré lundi Paul Grant à Lina Okafor.", "fr", "assuré", "Lina Okafor"),
])
def test_whom_an_incise_tells_stays_its_addressee(text: str, lang: str, trigger: str, addressee: str) -> None:
    """Guard (passes on both trees): an English object and a French « à X » in an incise."""
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
    ("In a ruling released on Monday, the Halvard Supreme Court said Norvex had broken the law.", "en",
     "released", "Halvard Supreme Court"),
    # « estime » lemmatised as the noun: a speech verb still (``speech_verb_forms``)
    ("Dans un texte publié sur son blog, Lina Okafor estime que Norvex a menti.", "fr", "publié",
     "Lina Okafor"),
])
def test_the_document_an_act_is_told_in_is_its_doers(text: str, lang: str, trigger: str, author: str) -> None:
    assert author in _names(text, lang, trigger)[0]


@pytest.mark.parametrize(("text", "lang", "trigger", "not_author"), [
    ("Dans un jugement rendu lundi, Paul Grant a perdu son procès contre Norvex.", "fr", "rendu",
     "Paul Grant"),
    ("In a ruling released on Monday, Paul Grant lost his case against Norvex.", "en", "released",
     "Paul Grant"),
    ("In a survey published on Tuesday, Norvex workers said they wanted higher wages.", "en", "published",
     "Norvex"),
])
def test_who_acts_in_a_document_without_speaking_did_not_write_it(
        text: str, lang: str, trigger: str, not_author: str) -> None:
    """Who loses a case in a ruling did not deliver it; who answers a survey did not publish it:
    the document's participle takes no author from them (no event, or one without them)."""
    events = analyse(text, lang).events
    assert all(not_author not in [a.name for a in e.source] for e in events if e.trigger.text == trigger)


def test_a_participle_that_names_its_doer_keeps_it() -> None:
    """Guard (passes on both trees; fails without ``verbs._names_its_doer``): the letter was sent
    by his lawyers, an agent that names no actor, not by Paul Grant."""
    source, _ = _names("Dans une lettre envoyée à Norvex par ses avocats, Paul Grant dénonce la fermeture.",
                       "fr", "envoyée")
    assert "Paul Grant" not in source


def test_a_place_is_no_document() -> None:
    """Guard (passes on both trees): « un immeuble construit en 1950 pour la société Norvex » is not
    Paul Grant's work."""
    source, target = _names("Dans un immeuble construit en 1950 pour la société Norvex, Paul Grant a dénoncé "
                            "la fermeture.", "fr", "construit")
    assert "Norvex" in target and "Paul Grant" not in source
