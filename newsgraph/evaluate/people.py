"""Names scores: distinct predicted canonical names of one entity type against one gold list.

People (PER against ``people``) is the protocol's; organisations (ORG against
``organisations``) and places (LOC against ``places``) are scored the same way
(:mod:`newsgraph.evaluate.entity_types`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from newsgraph.evaluate.protocol import names_match, scores
from newsgraph.model import Article


@dataclass(slots=True)
class PeopleResult:
    article: str
    predicted: list[str]
    gold: list[str]
    extra: list[str] = field(default_factory=list)  # predicted, matching no gold name
    missed: list[str] = field(default_factory=list)  # gold, matched by no prediction


@dataclass(slots=True)
class NamesReport:
    """Distinct predicted names of ``entity_type`` against the gold list ``gold_key``;
    ``part`` names the list in error lines."""

    entity_type: str
    gold_key: str
    part: str
    results: list[PeopleResult] = field(default_factory=list)

    def add(self, name: str, article: Article, gold: dict[str, Any]) -> None:
        predicted = sorted({e.name for e in article.entities if e.type == self.entity_type})
        gold_names = [str(g) for g in gold.get(self.gold_key, [])]
        self.results.append(
            PeopleResult(
                article=name,
                predicted=predicted,
                gold=gold_names,
                extra=[p for p in predicted if not any(names_match(p, g) for g in gold_names)],
                missed=[g for g in gold_names if not any(names_match(p, g) for p in predicted)],
            )
        )

    def summary(self) -> dict[str, float | int]:
        n_predicted = sum(len(r.predicted) for r in self.results)
        n_gold = sum(len(r.gold) for r in self.results)
        right = n_predicted - sum(len(r.extra) for r in self.results)
        found = n_gold - sum(len(r.missed) for r in self.results)
        return {
            "predicted": n_predicted,
            "gold": n_gold,
            **scores(right=right, predicted=n_predicted, found=found, gold=n_gold),
        }

    def errors(self) -> list[str]:
        lines: list[str] = []
        for r in self.results:
            lines += [f"{r.article}\t{self.part}\textra\t{name}" for name in r.extra]
            lines += [f"{r.article}\t{self.part}\tmissed\t{name}" for name in r.missed]
        return lines


def people_report() -> NamesReport:
    """The protocol's people scores: PER names against the gold ``people``."""
    return NamesReport(entity_type="PER", gold_key="people", part="people")
