"""Entity type scores: organisations (ORG) and places (LOC) against the gold lists.

Scored like people (:class:`~newsgraph.evaluate.people.NamesReport`): each distinct
predicted ORG (LOC) canonical name counts once; precision = those matching a name of the
gold ``organisations`` (``places``) / predicted; recall = gold names matched / gold.  An
extra name that matches a gold name of *another* list (an ORG "Université Laval" the gold
lists as an organisation but predicted LOC, a place typed ORG, a person typed ORG) is
counted apart as ``wrong_type``: the name was found, its type is wrong.  MISC has no gold
list and is not scored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from newsgraph.evaluate.people import NamesReport
from newsgraph.evaluate.protocol import names_match
from newsgraph.model import Article

GOLD_LISTS = ("people", "organisations", "places")


def organisations_report() -> NamesReport:
    return NamesReport(entity_type="ORG", gold_key="organisations", part="organisations")


def places_report() -> NamesReport:
    return NamesReport(entity_type="LOC", gold_key="places", part="places")


@dataclass(slots=True)
class TypesReport:
    """Organisations and places, with the extra names that are only mistyped."""

    organisations: NamesReport = field(default_factory=organisations_report)
    places: NamesReport = field(default_factory=places_report)
    wrong_type: dict[str, list[str]] = field(default_factory=dict)  # part -> "article\tname"

    def add(self, name: str, article: Article, gold: dict[str, Any]) -> None:
        for report in (self.organisations, self.places):
            report.add(name, article, gold)
            other_names = [
                str(g) for key in GOLD_LISTS if key != report.gold_key for g in gold.get(key, [])
            ]
            mistyped = [p for p in report.results[-1].extra if any(names_match(p, g) for g in other_names)]
            self.wrong_type.setdefault(report.part, []).extend(f"{name}\t{p}" for p in mistyped)

    def summary(self) -> dict[str, dict[str, float | int]]:
        return {
            report.part: {**report.summary(), "wrong_type": len(self.wrong_type.get(report.part, []))}
            for report in (self.organisations, self.places)
        }

    def errors(self) -> list[str]:
        lines: list[str] = []
        for report in (self.organisations, self.places):
            mistyped = set(self.wrong_type.get(report.part, []))
            for line in report.errors():
                article, part, kind, predicted = line.split("\t", 3)
                if kind == "extra" and f"{article}\t{predicted}" in mistyped:
                    kind = "wrong_type"
                lines.append(f"{article}\t{part}\t{kind}\t{predicted}")
        return lines
