"""``newsgraph train salience``: fit or cross-validate the event salience model (docs/events.md)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from newsgraph.learn.cli_options import gold_training_options

stderr = Console(stderr=True)


@click.command("salience")
@gold_training_options(what="the model")
@click.option("--repeats", type=click.IntRange(0, 100), default=0,
              help="With --cv: also report the mean of this many cross-validations on random "
                   "partitions of the articles (one partition's scores are noisy).")
def salience(gold_dirs: tuple[Path, ...], out: Path | None, folds: int | None,
             score_dirs: tuple[Path, ...], cache: Path | None, as_json: bool, repeats: int) -> None:
    """Train the event salience model on GOLD_DIRS, or cross-validate it with --cv."""
    from newsgraph.learn.gold_docs import load_articles
    from newsgraph.learn.salience import cross_validate, prepare, repeated_cross_validation
    from newsgraph.learn.salience import train as train_model
    from newsgraph.nlp.event_salience import shipped_model_path

    def progress(message: str) -> None:
        stderr.print(f"parsing {message}", highlight=False)

    if folds is None:
        target = out or shipped_model_path()
        model = train_model(gold_dirs, out=target, cache=cache, progress=progress)
        stderr.print(f"wrote {target}: {len(model.weights)} weights, threshold {model.threshold} "
                     f"from {model.meta.get('articles')} articles "
                     f"({model.meta.get('event_rows')} events)", highlight=False)
        return
    prepared = prepare(load_articles(gold_dirs), cache=cache, progress=progress)
    wanted = {p.resolve() for p in score_dirs}

    def scored(article: Any) -> bool:
        return not wanted or Path(article.source).resolve().parent in wanted

    result = cross_validate(prepared, folds=folds, score=scored)
    summary = result.summary()
    summary["per_article"] = _per_article(result)
    if repeats:
        summary["repeated"] = repeated_cross_validation(prepared, folds=folds, repeats=repeats, score=scored)
    if as_json:
        sys.stdout.write(json.dumps(summary, indent=1, ensure_ascii=False) + "\n")
        return
    _render(summary, Console())


def _per_article(result: Any) -> list[dict[str, Any]]:
    from newsgraph.evaluate.events import _summary

    rows = []
    for learned, every, rules in zip(result.learned, result.learned_all, result.rules, strict=True):
        one, all_events, base = _summary([learned]), _summary([every]), _summary([rules])
        rows.append({"article": learned.article, "lang": result.langs[learned.article],
                     "gold": one["gold"], "predicted": one["predicted"], "found": one["found"],
                     "recall": one["recall"], "precision": one["precision"],
                     "all_events_recall": all_events["recall"], "rules_found": base["found"],
                     "rules_predicted": base["predicted"]})
    return rows


def _render(summary: dict[str, Any], console: Console) -> None:
    console.print(f"grouped {summary['folds']}-fold cross-validation by article; "
                  f"{summary['articles']} articles scored, each by a model that never saw it")
    table = Table("salient by", "predicted", "found", "recall", "precision", "F1")
    for label in ("learned", "rules", "all_events"):
        s = summary[label]
        table.add_row(label, str(s["predicted"]), str(s["found"]), f"{s['recall']:.3f}",
                      f"{s['precision']:.3f}", f"{s['f1']:.3f}")
    console.print(table)
    if "repeated" in summary:
        mean = summary["repeated"]
        repeated = Table("salient by", "predicted", "found", "recall", "precision", "F1",
                         title=f"mean of {mean['repeats']} cross-validations on random partitions")
        for label in ("learned", "rules", "all_events"):
            s = mean[label]
            repeated.add_row(label, f"{s['predicted']:.1f}", f"{s['found']:.1f}", f"{s['recall']:.3f}",
                             f"{s['precision']:.3f}", f"{s['f1']:.3f}")
        console.print(repeated)
    articles = Table("article", "lang", "gold", "predicted", "found", "recall", "precision",
                     "all-events R", "rules found/pred.", title="per article (learned, cross-validated)")
    for row in summary["per_article"]:
        articles.add_row(row["article"], row["lang"], str(row["gold"]), str(row["predicted"]),
                         str(row["found"]), f"{row['recall']:.3f}", f"{row['precision']:.3f}",
                         f"{row['all_events_recall']:.3f}", f"{row['rules_found']}/{row['rules_predicted']}")
    console.print(articles)
