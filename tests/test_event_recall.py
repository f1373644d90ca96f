"""The recall fixes of issue #17 (docs/events.md, "Why gold events are missed"): an event's
setting named in an earlier sentence, every person a relative pronoun stands for, the subject
of a passive verb doing what its infinitive says, and facts told "according to" a source.
Sentences written for these tests; nothing from the evaluation articles."""

from __future__ import annotations

import pytest

from newsgraph.ingest.document import SourceDocument
from newsgraph.model import Article, DateValue, Event
from newsgraph.nlp import events as ev
from newsgraph.nlp.models import load_model
from newsgraph.nlp.pipeline import Runner, default_components

DATE = "2024-03-08"


def analyse(text: str, lang: str) -> Article:
    runner = Runner(components=default_components())
    return runner.analyse_one(
        SourceDocument(source="<test>", text=text, lang=lang, date=DateValue.parse(DATE)))


def event_of(article: Article, trigger: str) -> Event:
    for event in article.events:
        if event.trigger.text == trigger or any(m.text == trigger for m in event.mentions):
            return event
    raise AssertionError(f"no event on {trigger!r}: {[e.trigger.text for e in article.events]}")


def names(event: Event) -> set[str]:
    return {a.name for a in (*event.source, *event.target)}


def candidates(text: str, lang: str, date: str = DATE) -> tuple[list[Event], ev.Context]:
    """The candidate events of ``text`` and what their run read, before the learned model."""
    doc = load_model(lang)(text)
    article = Article(id="t", source="<test>", text=text, lang=lang, date=DateValue.parse(date))
    doc._.article = article
    for component in default_components():
        if component.name != "events":
            doc = component(doc)
    context = ev.article_context(doc, article)
    return ev.candidate_events(context), context


def rule_verdicts(text: str, lang: str) -> dict[str, bool]:
    """The rules' salience verdict per trigger, before the learned model decides."""
    events, context = candidates(text, lang)
    rules, _, _ = ev.salience_inputs(events, context)
    return {e.trigger.text: rule for e, rule in zip(events, rules, strict=True)}


@pytest.mark.parametrize(("text", "lang", "trigger", "place"), [
    ("Les pompiers sont intervenus dimanche à Grenoble, près de la gare. "
     "Un immeuble de quatre étages s'est effondré vers 3 heures du matin.", "fr", "effondré", "Grenoble"),
    ("Firefighters worked through the night in Leeds. A warehouse collapsed shortly after midnight.",
     "en", "collapsed", "Leeds"),
])
def test_an_event_with_no_place_of_its_own_happens_in_the_setting_named_before(
        text: str, lang: str, trigger: str, place: str) -> None:
    event = event_of(analyse(text, lang), trigger)
    assert event.place is not None and event.place.name == place


def test_the_setting_is_only_looked_for_in_the_two_sentences_before() -> None:
    article = analyse("Firefighters worked through the night in Leeds. The crews were tired. "
                      "Nobody slept. The night was cold. A warehouse collapsed shortly after midnight.",
                      "en")
    assert event_of(article, "collapsed").place is None


@pytest.mark.parametrize(("text", "lang", "trigger"), [
    ("The ministers Karl Brandt and Ivo Petrov, who resigned on Monday, left the capital.", "en",
     "resigned"),
    ("Les ministres Karl Brandt et Ivo Petrov, qui ont démissionné lundi, ont quitté la capitale.",
     "fr", "démissionné"),
])
def test_a_relative_pronoun_stands_for_every_conjunct_of_its_antecedent(
        text: str, lang: str, trigger: str) -> None:
    assert {"Karl Brandt", "Ivo Petrov"} <= names(event_of(analyse(text, lang), trigger))


def test_the_subject_of_a_passive_verb_does_what_its_infinitive_says() -> None:
    event = event_of(analyse("Nora Blake was scheduled to introduce Paul Grant at a rally.", "en"),
                     "introduce")
    assert "Nora Blake" in {a.name for a in event.source}
    assert "Paul Grant" in {a.name for a in event.target}


@pytest.mark.parametrize(("text", "lang", "trigger"), [
    ("Tom Hale and Ben Carter were arraigned in federal court on Wednesday, according to "
     "prosecutor Dana Weiss.", "en", "arraigned"),
    ("Selon le procureur Marc Weiss, Tom Hale a été arrêté mercredi à Lyon.", "fr", "arrêté"),
])
def test_a_fact_told_according_to_a_source_may_be_salient(text: str, lang: str, trigger: str) -> None:
    article = analyse(text, lang)
    event = event_of(article, trigger)
    assert event.quote_id is not None and event.modality == "reported"
    assert [q.kind for q in article.quotes if q.id == event.quote_id] == ["according_to"]
    assert rule_verdicts(text, lang)[trigger]


def test_what_a_speaker_says_in_quotation_marks_is_still_not_salient() -> None:
    text = "« Tom Hale a été arrêté mercredi à Lyon », a déclaré le procureur Marc Weiss."
    assert not rule_verdicts(text, "fr")["arrêté"]
