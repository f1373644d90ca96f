"""Open-domain events (docs/events.md, "Open-domain events"): general news types, the predicate
lemma, noun-phrase participants, and the JSON/store fields they add.  Sentences written for
these tests; nothing from the evaluation articles."""

from __future__ import annotations

import pytest

from newsgraph.ingest.document import SourceDocument
from newsgraph.model import Article, DateValue, Event, ModelError
from newsgraph.nlp.event_lexicon import general_types, known_types, news_types
from newsgraph.nlp.pipeline import Runner, default_components


def analyse(text: str, lang: str, date: str) -> Article:
    runner = Runner(components=default_components())
    return runner.analyse_one(
        SourceDocument(source="<test>", text=text, lang=lang, date=DateValue.parse(date))
    )


def event_of(article: Article, trigger: str) -> Event:
    for event in article.events:
        if event.trigger.text == trigger or any(m.text == trigger for m in event.mentions):
            return event
    raise AssertionError(f"no event on {trigger!r}: {[e.trigger.text for e in article.events]}")


def names(event: Event) -> set[str]:
    return {a.name for a in (*event.source, *event.target)}


def test_general_types_are_declared_and_every_lexicon_entry_has_a_known_type() -> None:
    assert {"ANNOUNCE", "AWARD", "LEGAL", "RESIGN", "ECONOMIC", "DISASTER", "DEATH", "STRIKE",
            "OTHER"} <= general_types() <= known_types()
    for lang in ("fr", "en"):
        assert set(news_types(lang).values()) <= known_types()


@pytest.mark.parametrize(("text", "lang", "trigger", "etype"), [
    ("Marie Dupont a remporté le prix Goncourt mardi à Paris.", "fr", "remporté", "AWARD"),
    ("The novelist Peter Hale won the Booker Prize on Tuesday.", "en", "won", "AWARD"),
    ("Le tribunal de Lyon a acquitté Paul Martin mardi.", "fr", "acquitté", "LEGAL"),
    ("A federal judge sentenced John Miller to five years in prison.", "en", "sentenced", "LEGAL"),
    ("Coach Tom Reed quit the Leeds club on Thursday.", "en", "quit", "RESIGN"),
    ("Acme Corp bought the rival firm Zenith Labs for $2 billion.", "en", "bought", "ECONOMIC"),
    ("Un immeuble s'est effondré samedi à Marseille.", "fr", "effondré", "DISASTER"),
    ("The singer Anna Berg died on Monday in Oslo.", "en", "died", "DEATH"),
    ("Workers at Lumex staged a walkout on Monday in Leeds.", "en", "walkout", "STRIKE"),
    ("The ministry of health announced new rules on Friday in Ottawa.", "en", "announced", "ANNOUNCE"),
    ("Nordcorp opened a new factory in Leeds last week.", "en", "opened", "OTHER"),
])
def test_each_general_type_on_a_sentence(text: str, lang: str, trigger: str, etype: str) -> None:
    event = event_of(analyse(text, lang, "2024-03-08"), trigger)
    assert event.type == etype
    assert event.mode is None
    assert event.lemma and event.lemma.isalpha()


def test_a_lexicon_event_keeps_its_plover_type_and_its_lemma() -> None:
    event = event_of(analyse("Olaf Berger a rencontré Anna Nowak à Varsovie.", "fr", "2024-03-08"),
                     "rencontré")
    assert event.type == "CONSULT" and event.lemma == "rencontrer"


def test_states_modals_and_speech_are_no_open_events() -> None:
    article = analyse("Paul Martin seems tired. He wants a rest. Anna Berg knows the town well.",
                      "en", "2024-03-08")
    assert not [e for e in article.events if e.lemma in {"seem", "want", "know"}]


def test_participants_named_by_no_entity_are_noun_phrases() -> None:
    event = event_of(analyse("The state legislature passed a new budget law in February.", "en",
                             "2024-03-08"), "passed")
    assert "state legislature" in {a.name for a in event.source}
    assert any("law" in a.name for a in event.target)
    assert event.date == DateValue("2024-02", "month")


def test_an_event_with_only_a_place_is_kept() -> None:
    event = event_of(analyse("Une explosion a eu lieu dimanche à Grenoble.", "fr", "2024-03-08"),
                     "explosion")
    assert event.type == "DISASTER"
    assert event.place is not None and event.place.name == "Grenoble"


def test_the_new_fields_round_trip_and_are_validated() -> None:
    article = analyse("Acme Corp bought Zenith Labs on Monday.", "en", "2024-03-08")
    data = article.to_dict()
    again = Article.from_dict(data)
    assert [e.to_dict() for e in again.events] == [e.to_dict() for e in article.events]
    bad = dict(data)
    bad["events"] = [{**data["events"][0], "salience": 1.5}]
    with pytest.raises(ModelError, match="salience"):
        Article.from_dict(bad)
    bad["events"] = [{**data["events"][0], "lemma": 3}]
    with pytest.raises(ModelError, match="lemma"):
        Article.from_dict(bad)
    old = dict(data)
    old["events"] = [{k: v for k, v in e.items() if k not in ("lemma", "salience", "mentions")}
                     for e in data["events"]]
    loaded = Article.from_dict(old).events[0]
    assert (loaded.lemma, loaded.salience, loaded.mentions) == (None, None, [])
