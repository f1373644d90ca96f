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
