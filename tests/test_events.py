"""Events on our own sentences (French and English), the scorer, and the dev-set gate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsgraph.evaluate.events import EventReport, date_matches, name_matches
from newsgraph.ingest.document import SourceDocument
from newsgraph.model import Article, DateValue, Event
from newsgraph.nlp.events import known_types, triggers
from newsgraph.nlp.pipeline import Runner, default_components

EVAL_DIR = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev"
GATES = Path(__file__).with_name("quality_gates_events.json")


def analyse(text: str, lang: str, date: str) -> Article:
    runner = Runner(components=default_components())
    return runner.analyse_one(
        SourceDocument(source="<test>", text=text, lang=lang, date=DateValue.parse(date))
    )


def event_of(article: Article, trigger: str) -> Event:
    for event in article.events:
        if event.trigger.text == trigger:
            return event
    raise AssertionError(f"no event on {trigger!r}: {[e.trigger.text for e in article.events]}")


def names(refs: list[object]) -> set[str]:
    return {str(getattr(r, "name", "")) for r in refs}


def test_every_trigger_type_is_declared_in_the_categories() -> None:
    assert len([t for t in known_types() if t.isupper()]) >= 16
    for lang in ("fr", "en"):
        assert triggers(lang), f"no triggers for {lang}"


def test_french_visit_with_place_and_date() -> None:
    article = analyse(
        "En juillet, le ministre allemand Olaf Berger s'est rendu en Pologne pour rencontrer Anna Nowak.",
        "fr", "2022-10-03",
    )
    visit = event_of(article, "rendu")
    assert (visit.type, visit.mode) == ("CONSULT", "visit")
    assert "Olaf Berger" in names(visit.source)
    assert visit.place is not None and visit.place.name == "Pologne"
    assert visit.date == DateValue("2022-07", "month") and visit.date_from == "text"


def test_french_accusation_makes_the_accused_act_alleged() -> None:
    article = analyse(
        "Les responsables canadiens ont accusé la Bolivie d'avoir expédié des armes vers le Pérou.",
        "fr", "2021-02-01",
    )
    accuse = event_of(article, "accusé")
    assert accuse.type == "ACCUSE"
    assert "responsables canadiens" in names(accuse.source)
    assert "Bolivie" in names(accuse.target)
    assert event_of(article, "expédié").modality == "alleged"
    assert accuse.date_from == "article"


def test_french_negation_denial_and_conditional() -> None:
    article = analyse(
        "Le Chili n'a pas sanctionné l'Argentine. L'Argentine a nié avoir attaqué le Chili. "
        "Le Chili pourrait coopérer avec l'Argentine.",
        "fr", "2020-01-15",
    )
    assert event_of(article, "sanctionné").modality == "negated"
    assert event_of(article, "attaqué").modality == "denied"
    assert event_of(article, "coopérer").modality == "hypothetical"


def test_french_nominal_event_takes_actor_from_de() -> None:
    article = analyse("La visite de Maria Costa au Brésil a duré deux jours.", "fr", "2019-05-02")
    visit = event_of(article, "visite")
    assert "Maria Costa" in names(visit.source)
    assert visit.place is not None and visit.place.name == "Brésil"


def test_english_arrest_passive_and_weekday_date() -> None:
    article = analyse(
        "Police arrested John Smith on Tuesday in Leeds. The Bank of England will raise rates next month.",
        "en", "2024-04-26",
    )
    arrest = event_of(article, "arrested")
    assert (arrest.type, arrest.mode) == ("COERCE", "arrest")
    assert "John Smith" in names(arrest.target)
    assert arrest.date == DateValue("2024-04-23", "day")


def test_english_planned_meeting() -> None:
    article = analyse("Carlos Rivera will meet German officials in Madrid next week.", "en", "2024-04-26")
    meeting = event_of(article, "meet")
    assert meeting.modality == "planned"
    assert "Carlos Rivera" in names(meeting.source)
    assert meeting.date == DateValue("2024-W18", "week")


def test_events_round_trip_through_the_json_contract() -> None:
    article = analyse("Le Chili a sanctionné l'Argentine mardi.", "fr", "2020-01-15")
    assert article.events
    again = Article.from_dict(json.loads(json.dumps(article.to_dict())))
    assert [e.to_dict() for e in again.events] == [e.to_dict() for e in article.events]


def test_scorer_matching_rules() -> None:
    assert date_matches(DateValue("2023-09-13", "day"), DateValue("2023-09", "month"))
    assert not date_matches(DateValue("2023", "year"), DateValue("2023-09", "month"))
    assert date_matches(None, None)
    assert name_matches("responsables américains", "Les responsables américains")
    assert name_matches("Poutine Vladimir", "Poutine Vladimir")
    assert not name_matches("Kim", "Kim Jong-un")


@pytest.mark.slow
def test_dev_set_event_scores_meet_the_gates() -> None:
    if not EVAL_DIR.is_dir():
        pytest.skip(f"the dev gold set is absent ({EVAL_DIR})")
    from newsgraph.evaluate.gold import load_gold_dir
    from newsgraph.evaluate.runner import analyse_gold

    gold = load_gold_dir(EVAL_DIR)
    report = EventReport()
    for item, article in zip(gold, analyse_gold(gold), strict=True):
        report.add(item.name, article, item.gold)
    summary = report.summary()
    gates = json.loads(GATES.read_text(encoding="utf-8"))["events"]
    assert summary["recall"] >= gates["recall"], report.errors()
    assert summary["precision"] >= gates["precision"], summary
