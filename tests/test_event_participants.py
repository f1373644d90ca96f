"""Participants the parse hides (issue #17, docs/events.md "Third pass"): a subject that names
no actor stands for the one named as its possessor.  Sentences written for these tests; nothing
from the evaluation articles."""

from __future__ import annotations

import pytest

from newsgraph.ingest.document import SourceDocument
from newsgraph.model import Article, DateValue, Event
from newsgraph.nlp.pipeline import Runner, default_components


def analyse(text: str, lang: str) -> Article:
    runner = Runner(components=default_components())
    return runner.analyse_one(
        SourceDocument(source="<test>", text=text, lang=lang, date=DateValue.parse("2024-03-08")))


def event_of(article: Article, trigger: str) -> Event:
    for event in article.events:
        if event.trigger.text == trigger or any(m.text == trigger for m in event.mentions):
            return event
    raise AssertionError(f"no event on {trigger!r}: {[e.trigger.text for e in article.events]}")


@pytest.mark.parametrize(("text", "trigger", "owner"), [
    ("Acme Corp's lawyers filed an appeal on Monday.", "filed", "Acme Corp"),
    ("Senator Ana Ruiz's campaign collapsed last week.", "collapsed", "Ana Ruiz"),
])
def test_a_subject_that_names_no_actor_stands_for_its_named_possessor(
        text: str, trigger: str, owner: str) -> None:
    event = event_of(analyse(text, "en"), trigger)
    assert owner in {a.name for a in event.source}


def test_a_passive_subject_that_names_no_actor_stands_for_its_named_possessor() -> None:
    event = event_of(analyse("Acme Corp's plant was closed on Monday.", "en"), "closed")
    assert [a.name for a in event.target] == ["Acme Corp"]


def test_a_subject_that_is_an_actor_keeps_its_own_name() -> None:
    event = event_of(analyse("Acme Corp's chief executive Tom Keller resigned on Monday.", "en"), "resigned")
    assert [a.name for a in event.source] == ["Tom Keller"]


@pytest.mark.parametrize(("text", "trigger", "owner", "group"), [
    ("Greenpeace's militants blocked the harbour of Rotterdam on Tuesday.", "blocked", "Greenpeace",
     "militants"),
    ("Norvex Corp's agents seized the documents on Monday.", "seized", "Norvex Corp", "agents"),
])
def test_a_group_noun_subject_keeps_its_name_and_is_joined_by_its_named_possessor(
        text: str, trigger: str, owner: str, group: str) -> None:
    event = event_of(analyse(text, "en"), trigger)
    names = [a.name for a in event.source]
    assert owner in names and group in names, names


@pytest.mark.parametrize(("text", "trigger", "agent", "patient"), [
    ("Peru was sanctioned by Ecuador in 2021.", "sanctioned", "Ecuador", "Peru"),
    ("The new bridge was inaugurated by Mayor Lena Dorsey on Friday.", "inaugurated", "Lena Dorsey",
     "new bridge"),
    ("The two reporters were arrested by the police in Minsk on Sunday.", "arrested", "police",
     "reporters"),
])
def test_an_english_passive_agent_is_the_source_and_the_passive_subject_the_target(
        text: str, trigger: str, agent: str, patient: str) -> None:
    """"by X" of a passive verb (dependency ``agent``) was read as a bare noun: a person or a
    country was lost, an organisation became the target."""
    event = event_of(analyse(text, "en"), trigger)
    assert [a.name for a in event.source] == [agent]
    assert patient in {a.name for a in event.target}


def test_an_organisation_named_by_by_acts_and_is_not_the_target() -> None:
    text = "The ruling was appealed by Halvard Industries and Corvel Group on Monday."
    event = event_of(analyse(text, "en"), "appealed")
    assert [a.name for a in event.source] == ["Halvard Industries", "Corvel Group"]
    assert "Halvard Industries" not in {a.name for a in event.target}


def test_the_french_passive_agent_stays_the_source() -> None:
    event = event_of(analyse("Le Pérou a été sanctionné par l'Equateur en 2021.", "fr"), "sanctionné")
    assert ([a.name for a in event.source], [a.name for a in event.target]) == (["Equateur"], ["Pérou"])
