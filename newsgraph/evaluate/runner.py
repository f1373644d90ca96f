"""Run newsgraph over a gold directory and score every part the gold annotates."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from newsgraph.evaluate import quotes as quote_scoring
from newsgraph.evaluate.entity_types import TypesReport
from newsgraph.evaluate.events import EventReport
from newsgraph.evaluate.gold import GoldArticle, load_gold_dir
from newsgraph.evaluate.people import NamesReport, people_report
from newsgraph.ingest.document import SourceDocument
from newsgraph.library import default_runner
from newsgraph.model import Article


@dataclass(slots=True)
class EvaluationReport:
    directory: str
    articles: int = 0
    people: NamesReport = field(default_factory=people_report)
    types: TypesReport = field(default_factory=TypesReport)
    quotes: quote_scoring.Report = field(default_factory=quote_scoring.Report)
    events: EventReport = field(default_factory=EventReport)

    def add(self, gold: GoldArticle, article: Article) -> None:
        self.people.add(gold.name, article, gold.gold)
        self.types.add(gold.name, article, gold.gold)
        self.events.add(gold.name, article, gold.gold)
        located = quote_scoring.locate_gold(article.text, gold.gold)
        self.quotes.articles.append(
            quote_scoring.score_article(
                gold.name, article.lang or "unknown", article.text, article.quotes, located
            )
        )

    def summary(self) -> dict[str, Any]:
        return {
            "directory": self.directory,
            "articles": self.articles,
            "people": self.people.summary(),
            **self.types.summary(),
            "quotes": self.quotes.summary(),
            "events": self.events.summary(),
        }

    def errors(self) -> list[str]:
        return self.people.errors() + self.types.errors() + self.quotes.errors() + self.events.errors()


def analyse_gold(gold: list[GoldArticle]) -> list[Article]:
    documents = [SourceDocument(source=str(g.path), text=g.body, date=g.date) for g in gold]
    return default_runner().analyse_articles(documents)


def evaluate_directory(directory: Path) -> EvaluationReport:
    gold = load_gold_dir(directory)
    report = EvaluationReport(directory=str(directory), articles=len(gold))
    for item, article in zip(gold, analyse_gold(gold), strict=True):
        report.add(item, article)
    return report


def render_report(report: EvaluationReport, console: Console) -> None:
    summary = report.summary()
    console.print(f"[bold]{summary['directory']}[/bold]: {summary['articles']} articles")
    table = Table("part", "predicted", "gold", "precision", "recall", "F1", "wrong type",
                  title="entities and events (wrong type: extra names the gold lists under another type)")
    parts = {"people": summary["people"], "organisations (ORG)": summary["organisations"],
             "places (LOC)": summary["places"], "events (salient)": summary["events"],
             "events (all)": summary["events"]["all_events"]}
    for part, scores in parts.items():
        table.add_row(
            part, str(scores["predicted"]), str(scores["gold"]),
            _f(scores["precision"]), _f(scores["recall"]), _f(scores["f1"]),
            str(scores.get("wrong_type", "")),
        )
    console.print(table)
    _render_quotes(summary["quotes"], console)


def _render_quotes(quotes: dict[str, Any], console: Console) -> None:
    table = Table(
        "quotes", "predicted", "gold", "P", "R", "F1", "e2e P", "e2e R", "e2e F1", "speaker acc.",
        title="quotes (span Jaccard ≥ 0.5; e2e = span AND full-name speaker)",
    )
    rows = [("all", quotes["overall"])]
    rows += [(f"lang {k}", v) for k, v in quotes["by_lang"].items()]
    rows += [(f"kind {k}", v) for k, v in quotes["by_kind"].items()]
    for label, s in rows:
        table.add_row(
            label, str(s["predicted"]), str(s["gold"]), _f(s["precision"]), _f(s["recall"]),
            _f(s["f1"]), _f(s["e2e_precision"]), _f(s["e2e_recall"]), _f(s["e2e_f1"]),
            _f(s["speaker_accuracy"]),
        )
    lenient = quotes["lenient"]
    table.add_row(
        "lenient 0.3", str(lenient["predicted"]), str(lenient["gold"]), _f(lenient["precision"]),
        _f(lenient["recall"]), _f(lenient["f1"]), "", "", "", "",
    )
    console.print(table)
    how = Table("speaker appears as", "matched", "right", "accuracy", title="speaker by how it appears")
    for key, value in quotes["speaker_by_how"].items():
        how.add_row(key, str(value["matched"]), str(value["right"]), _f(value["accuracy"]))
    console.print(how)
    console.print(f"according_to predictions left out of the scores: {quotes['according_to_left_out']}")


def _f(value: float) -> str:
    return f"{value:.3f}"
