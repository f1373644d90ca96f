"""Organisation and place scores beside people (newsgraph/evaluate/entity_types.py)."""

from __future__ import annotations

from newsgraph.evaluate.entity_types import TypesReport
from newsgraph.evaluate.runner import EvaluationReport
from newsgraph.model import Article, Entity


def _article(*entities: tuple[str, str]) -> Article:
    return Article(
        id="a_1", source="test", text="",
        entities=[Entity(id=f"e_{i}", name=name, type=etype) for i, (etype, name) in enumerate(entities)],  # type: ignore[arg-type]
    )


GOLD = {
    "people": ["Ada Brook"],
    "organisations": ["Université de Montfort", "Banque du Nord"],
    "places": ["Valmont", "Rivière-Haute"],
}


def test_organisations_and_places_are_scored_like_people() -> None:
    report = TypesReport()
    report.add("a", _article(
        ("ORG", "Banque du Nord"), ("ORG", "Ada Brook"), ("ORG", "Pertes"),
        ("LOC", "Valmont"), ("LOC", "Université de Montfort"), ("MISC", "Rivière-Haute"),
    ), GOLD)
    summary = report.summary()
    assert summary["organisations"] == {
        "predicted": 3, "gold": 2, "precision": 0.3333, "recall": 0.5, "f1": 0.4, "wrong_type": 1,
    }
    assert summary["places"]["precision"] == 0.5 and summary["places"]["recall"] == 0.5
    assert summary["places"]["wrong_type"] == 1
    errors = report.errors()
    assert "a\torganisations\twrong_type\tAda Brook" in errors
    assert "a\torganisations\textra\tPertes" in errors
    assert "a\tplaces\twrong_type\tUniversité de Montfort" in errors
    assert "a\tplaces\tmissed\tRivière-Haute" in errors


def test_the_evaluation_summary_reports_them_beside_people() -> None:
    report = EvaluationReport(directory="d", articles=1)
    report.people.add("a", _article(("PER", "Ada Brook")), GOLD)
    report.types.add("a", _article(("ORG", "Banque du Nord")), GOLD)
    summary = {k: v for k, v in report.summary().items() if k in {"people", "organisations", "places"}}
    assert summary["people"]["precision"] == 1.0
    assert summary["organisations"]["precision"] == 1.0
    assert summary["places"]["predicted"] == 0
