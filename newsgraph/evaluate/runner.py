"""Run newsgraph over a gold directory and score every part the gold annotates."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from newsgraph.evaluate.gold import GoldArticle, load_gold_dir
from newsgraph.evaluate.people import PeopleReport
from newsgraph.ingest.document import SourceDocument
from newsgraph.library import default_runner
from newsgraph.model import Article


@dataclass(slots=True)
class EvaluationReport:
    directory: str
    articles: int = 0
    people: PeopleReport = field(default_factory=PeopleReport)

    def summary(self) -> dict[str, Any]:
        return {
            "directory": self.directory,
            "articles": self.articles,
            "people": self.people.summary(),
        }

    def errors(self) -> list[str]:
        return self.people.errors()


def analyse_gold(gold: list[GoldArticle]) -> list[Article]:
    documents = [
        SourceDocument(source=str(g.path), text=g.body, date=g.date) for g in gold
    ]
    return default_runner().analyse_articles(documents)


def evaluate_directory(directory: Path) -> EvaluationReport:
    gold = load_gold_dir(directory)
    report = EvaluationReport(directory=str(directory), articles=len(gold))
    for item, article in zip(gold, analyse_gold(gold), strict=True):
        report.people.add(item.name, article, item.gold)
    return report


def render_report(report: EvaluationReport, console: Console) -> None:
    summary = report.summary()
    console.print(f"[bold]{summary['directory']}[/bold]: {summary['articles']} articles")
    people = summary["people"]
    table = Table("part", "predicted", "gold", "precision", "recall", "F1", title="people")
    table.add_row(
        "people", str(people["predicted"]), str(people["gold"]),
        f"{people['precision']:.3f}", f"{people['recall']:.3f}", f"{people['f1']:.3f}",
    )
    console.print(table)
