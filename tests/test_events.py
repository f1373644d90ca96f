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


def types_of(article: Article) -> list[str]:
    return [e.type for e in article.events]


def test_quotes_make_no_statement_events() -> None:
    article = analyse("« Nous partirons demain », a déclaré Jean Dupont. Il a ajouté que rien ne changerait.",
                      "fr", "2021-03-02")
    assert "STATEMENT" not in types_of(article)
    assert article.events == []


def test_weapons_are_not_actors_and_nobody_acting_is_no_event() -> None:
    article = analyse("Mardi, la Bolivie a lancé deux missiles balistiques. Des missiles ont été tirés hier.",
                      "fr", "2021-03-02")
    launch = event_of(article, "lancé")
    assert names(launch.source) == {"Bolivie"}
    assert not any("missiles" in n for e in article.events for n in names(e.source) | names(e.target))
    assert all(e.trigger.text != "tirés" for e in article.events)


def test_coordinated_subjects_and_passive_agent() -> None:
    article = analyse(
        "Lundi, le Chili et l'Argentine ont voté contre la résolution. "
        "En 2019, la Bolivie a été sanctionnée par le Canada.",
        "fr", "2021-03-02",
    )
    vote = event_of(article, "voté")
    assert {"Chili", "Argentine"} <= names(vote.source)
    sanction = event_of(article, "sanctionnée")
    assert names(sanction.source) == {"Canada"} and names(sanction.target) == {"Bolivie"}
    assert sanction.date == DateValue("2019", "year")


def test_a_meeting_and_its_later_mention_are_one_event() -> None:
    article = analyse(
        "Mardi, le président Luis Vargas a reçu Ana Ruiz au palais présidentiel. "
        "La rencontre entre Luis Vargas et Ana Ruiz a duré deux heures.",
        "fr", "2022-06-09",
    )
    consults = [e for e in article.events if e.type == "CONSULT"]
    assert len(consults) == 1, [(e.trigger.text, names(e.source), names(e.target)) for e in consults]
    assert {"Luis Vargas", "Ana Ruiz"} <= names(consults[0].source) | names(consults[0].target)
    assert consults[0].date == DateValue("2022-06-07", "day")


def test_relative_pronoun_subject_and_place_under_the_date() -> None:
    article = analyse(
        "Les ministres européens qui doivent se réunir jeudi 12 mai à Bruxelles ont reçu le rapport.",
        "fr", "2022-05-09",
    )
    meeting = event_of(article, "réunir")
    assert names(meeting.source) == {"ministres européens"}
    assert meeting.place is not None and meeting.place.name == "Bruxelles"
    assert meeting.date == DateValue("2022-05-12", "day")


def test_english_group_actors_and_appointment_organisation() -> None:
    article = analyse(
        "Police arrested two protesters in Leeds on Monday. "
        "Sarah Jones was named the new head of the World Health Organization on Tuesday.",
        "en", "2024-04-26",
    )
    arrest = event_of(article, "arrested")
    assert names(arrest.source) == {"Police"} and names(arrest.target) == {"protesters"}
    named = event_of(article, "named")
    assert "Sarah Jones" in names(named.target) and "World Health Organization" in names(named.target)
    assert named.date == DateValue("2024-04-23", "day")
