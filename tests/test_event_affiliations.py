"""The body a person acts for (issue #17, docs/events.md "Twentieth pass"): the organisation named
in how the article describes a person of the event joins its actors, found as ``affiliation``;
the salience features do not read it.  Sentences written for these tests; nothing from the
evaluation articles."""

from __future__ import annotations

from dataclasses import replace

from newsgraph.ingest.document import SourceDocument
from newsgraph.model import Article, DateValue, Event
from newsgraph.nlp.event_salience import AFFILIATION, event_features
from newsgraph.nlp.pipeline import Runner, default_components


def analyse(text: str, lang: str) -> Article:
    runner = Runner(components=default_components())
    return runner.analyse_one(
        SourceDocument(source="<test>", text=text, lang=lang, date=DateValue.parse("2024-03-08")))


def event_of(article: Article, trigger: str) -> Event:
    for event in article.events:
        if event.trigger.text == trigger:
            return event
    raise AssertionError(f"no event on {trigger!r}: {[e.trigger.text for e in article.events]}")


def affiliations(event: Event) -> list[str]:
    return [a.name for a in (*event.source, *event.target) if a.via == AFFILIATION]


def test_the_organisation_a_person_directs_joins_an_act_told_later_by_a_pronoun() -> None:
    article = analyse("Lina Okafor, directrice du Syndicat des éditeurs indépendants, a réagi mardi à la "
                      "fermeture de l'usine. Elle demande à Paul Grant d'intervenir.", "fr")
    event = event_of(article, "demande")
    assert "Lina Okafor" in [a.name for a in event.source]
    assert affiliations(event) == ["Syndicat des éditeurs indépendants"]


def test_the_company_of_a_chief_executive_joins_his_meeting() -> None:
    article = analyse("Paul Grant, the chief executive of Halvard Industries, met Lina Okafor in Oslo on "
                      "Monday.", "en")
    assert affiliations(event_of(article, "met")) == ["Halvard Industries"]


def test_a_person_described_by_no_organisation_brings_none() -> None:
    article = analyse("Paul Grant, a retired engineer, met Lina Okafor in Oslo on Monday.", "en")
    assert affiliations(event_of(article, "met")) == []


def test_an_organisation_the_event_names_itself_is_not_added_again() -> None:
    article = analyse("Paul Grant, the chief executive of Halvard Industries, sued Halvard Industries "
                      "in Oslo on Monday.", "en")
    event = event_of(article, "sued")
    names = [a.name for a in (*event.source, *event.target)]
    assert names.count("Halvard Industries") == 1 and affiliations(event) == []


def test_the_salience_features_do_not_read_an_affiliation() -> None:
    article = analyse("Paul Grant, the chief executive of Halvard Industries, met Lina Okafor in Oslo on "
                      "Monday.", "en")
    events = article.events
    without = [replace(e, target=[a for a in e.target if a.via != AFFILIATION]) for e in events]
    assert any(affiliations(e) for e in events)
    flags = [False] * len(events)
    assert event_features(events, article, rule_salient=flags, open_domain=flags) == \
        event_features(without, article, rule_salient=flags, open_domain=flags)
