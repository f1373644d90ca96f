"""One event, one record (issue #17, docs/events.md "Twelfth pass"): a support verb and its event
noun, a verb of intent and the act it plans, are one event.  Sentences written for these tests;
nothing from the evaluation articles."""

from __future__ import annotations

import pytest

from newsgraph.ingest.document import SourceDocument
from newsgraph.model import Article, DateValue, Event
from newsgraph.nlp.pipeline import Runner, default_components


def analyse(text: str, lang: str) -> Article:
    runner = Runner(components=default_components())
    return runner.analyse_one(
        SourceDocument(source="<test>", text=text, lang=lang, date=DateValue.parse("2024-03-08")))


def events_on(article: Article, trigger: str) -> list[Event]:
    return [e for e in article.events
            if e.trigger.text == trigger or any(m.text == trigger for m in e.mentions)]


def only_event_on(article: Article, trigger: str) -> Event:
    found = events_on(article, trigger)
    assert len(found) == 1, [(e.type, e.trigger.text) for e in article.events]
    return found[0]


@pytest.mark.parametrize(("text", "lang", "verb", "noun"), [
    ("Paul Grant opened fire on the guests in Norvex on Monday.", "en", "opened", "fire"),
    ("Paul Grant a ouvert le feu sur les invités à Norvex lundi.", "fr", "ouvert", "feu"),
])
def test_opening_fire_is_one_assault_on_the_noun(text: str, lang: str, verb: str, noun: str) -> None:
    article = analyse(text, lang)
    event = only_event_on(article, noun)
    assert (event.type, event.mode) == ("ASSAULT", "firearms")
    assert [a.name for a in event.source] == ["Paul Grant"]
    assert not events_on(article, verb)


@pytest.mark.parametrize(("text", "lang", "verb", "noun", "etype", "doer"), [
    ("The police opened an investigation into Halvard Industries on Monday.", "en", "opened",
     "investigation", "ACCUSE", "police"),
    ("La police a ouvert une enquête sur Halvard Industries lundi.", "fr", "ouvert", "enquête",
     "ACCUSE", "police"),
    ("Paul Grant a porté plainte contre Halvard Industries lundi.", "fr", "porté", "plainte",
     "ACCUSE", "Paul Grant"),
    ("Paul Grant mounted an attack on Halvard Industries on Monday.", "en", "mounted", "attack",
     "ASSAULT", "Paul Grant"),
])
def test_a_support_verb_and_its_event_noun_are_one_event_done_by_its_subject(
        text: str, lang: str, verb: str, noun: str, etype: str, doer: str) -> None:
    article = analyse(text, lang)
    event = only_event_on(article, noun)
    assert event.type == etype
    assert doer in {a.name for a in event.source}
    assert not events_on(article, verb)


@pytest.mark.parametrize(("text", "lang", "intent", "act", "doer"), [
    ("Halvard Industries plans to sign the agreement with Norvex on Friday.", "en", "plans", "sign",
     "Halvard Industries"),
    ("Halvard Industries prévoit de signer l'accord avec Norvex vendredi.", "fr", "prévoit", "signer",
     "Halvard Industries"),
    ("Paul Grant intends to leave Halvard Industries in May.", "en", "intends", "leave", "Paul Grant"),
    ("Paul Grant envisage de quitter Halvard Industries en mai.", "fr", "envisage", "quitter", "Paul Grant"),
])
def test_a_verb_of_intent_gives_way_to_the_act_it_plans(
        text: str, lang: str, intent: str, act: str, doer: str) -> None:
    article = analyse(text, lang)
    event = only_event_on(article, act)
    assert event.modality == "planned"
    assert [a.name for a in event.source] == [doer]
    assert not events_on(article, intent)


@pytest.mark.parametrize(("text", "lang", "verb"), [
    ("Paul Grant reacted on Tuesday on his blog: \"The Norvex plant will reopen in the summer.\"",
     "en", "reacted"),
    ("« L'usine de Norvex rouvrira cet été », a réagi Paul Grant mardi lors d'un meeting à Lyon.", "fr",
     "réagi"),
])
def test_a_verbal_act_that_introduces_a_quote_is_one_event_not_a_statement_beside_it(
        text: str, lang: str, verb: str) -> None:
    event = only_event_on(analyse(text, lang), verb)
    assert [a.name for a in event.source] == ["Paul Grant"]


@pytest.mark.parametrize(("text", "lang", "verb", "medium"), [
    ("Paul Grant said in a statement on Monday that Halvard Industries would rebuild the plant.", "en",
     "said", "statement"),
    ("Paul Grant a indiqué lundi dans un communiqué que Halvard Industries reconstruirait l'usine.", "fr",
     "indiqué", "communiqué"),
])
def test_the_statement_a_verb_of_saying_speaks_through_is_no_event_beside_it(
        text: str, lang: str, verb: str, medium: str) -> None:
    article = analyse(text, lang)
    assert [a.name for a in only_event_on(article, verb).source] == ["Paul Grant"]
    assert not events_on(article, medium)


def test_a_publication_a_verb_of_saying_talks_about_is_still_an_event() -> None:
    """Only the medium the verb speaks through ("said in a statement") gives way to the verb;
    a publication it is about has a doer of its own."""
    article = analyse("Paul Grant commented on Monday on the release of the report by Norvex.", "en")
    assert [a.name for a in only_event_on(article, "release").source] == ["Norvex"]


@pytest.mark.parametrize(("text", "lang", "intent"), [
    ("Halvard Industries does not plan to sign the agreement with Norvex.", "en", "plan"),
    ("Halvard Industries ne prévoit pas de signer l'accord avec Norvex.", "fr", "prévoit"),
])
def test_a_negated_plan_does_not_give_way_to_the_act(text: str, lang: str, intent: str) -> None:
    """The act alone would read ``planned``: the record of the plan keeps the negation."""
    assert only_event_on(analyse(text, lang), intent).modality == "negated"
