"""``newsgraph train``: fit the learned components on annotated articles (docs/quotes.md)."""

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


@click.group("train")
def train() -> None:
    """Fit newsgraph's learned components on gold directories (NAME.txt + NAME.gold.json)."""


@train.command("attribution")
@gold_training_options(what="the weights")
@click.option("--repeats", type=click.IntRange(1, 20), default=1, show_default=True,
              help="With --cv: draw the folds this many times (shuffled) and pool the scores.")
@click.option("--choose-regularisation", "choose_among", default="",
              help="With --cv: comma-separated values of C; each outer fold picks one by an "
                   "inner grouped CV on its own training articles (nested CV).")
@click.option("--with-corrections", "corrections", default=None,
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Quote corrections (`newsgraph quote export FILE`) added to the gold: "
                   "a corrected speaker is the label of its quote.")
def attribution(gold_dirs: tuple[Path, ...], out: Path | None, folds: int | None, repeats: int,
                score_dirs: tuple[Path, ...], cache: Path | None, as_json: bool,
                choose_among: str, corrections: Path | None) -> None:
    """Train the speaker ranker on GOLD_DIRS, or cross-validate it with --cv."""
    from newsgraph.learn.attribution import (
        cross_validate,
        outlets,
        prepare,
    )
    from newsgraph.learn.attribution import (
        train as train_model,
    )
    from newsgraph.learn.corrections import load_corrections, train_with_corrections, with_corrections
    from newsgraph.learn.gold_docs import load_articles
    from newsgraph.nlp.attribution.model import shipped_model_path

    def progress(message: str) -> None:
        stderr.print(f"parsing {message}", highlight=False)

    if folds is None:
        target = out or shipped_model_path()
        if corrections is None:
            model = train_model(gold_dirs, out=target, cache=cache, progress=progress)
        else:
            model = train_with_corrections(gold_dirs, corrections, out=target, cache=cache,
                                           progress=progress)
        stderr.print(f"wrote {target}: {len(model.weights)} weights from "
                     f"{model.meta.get('articles')} articles "
                     f"({model.meta.get('candidate_rows')} candidate rows)", highlight=False)
        return
    gold = load_articles(gold_dirs)
    if corrections is not None:
        gold = with_corrections(gold, load_corrections(corrections))
    prepared = prepare(gold, cache=cache, progress=progress)
    wanted = {p.resolve() for p in score_dirs}
    result = cross_validate(
        prepared, folds=folds, repeats=repeats,
        score=lambda a: not wanted or Path(a.source).resolve().parent in wanted,
        choose_among=_values(choose_among))
    summary = result.summary()
    summary["per_article"] = _per_article(result, outlets(gold_dirs))
    if as_json:
        sys.stdout.write(json.dumps(summary, indent=1, ensure_ascii=False) + "\n")
        return
    _render(summary, Console())


def _values(text: str) -> list[float]:
    try:
        values = [float(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise click.BadParameter(f"not a comma-separated list of numbers: {text!r}",
                                 param_hint="--choose-regularisation") from None
    if any(value <= 0 for value in values):
        raise click.BadParameter("every C must be positive", param_hint="--choose-regularisation")
    return values


def _per_article(result: Any, outlet_of: dict[str, str]) -> list[dict[str, Any]]:
    from newsgraph.evaluate.quotes import Report

    by_name: dict[str, tuple[Report, Report]] = {}
    for learned, rules in zip(result.learned.articles, result.rules.articles, strict=True):
        reports = by_name.setdefault(learned.name, (Report(), Report()))
        reports[0].articles.append(learned)
        reports[1].articles.append(rules)
    rows = []
    for name, (learned_report, rules_report) in by_name.items():
        one, base = learned_report.summary()["overall"], rules_report.summary()["overall"]
        rows.append({"article": name, "lang": learned_report.articles[0].lang,
                     "outlet": outlet_of.get(name, ""), "gold": one["gold"] // result.repeats,
                     "e2e_f1": one["e2e_f1"], "speaker_accuracy": one["speaker_accuracy"],
                     "rules_e2e_f1": base["e2e_f1"]})
    return rows


def _render(summary: dict[str, Any], console: Console) -> None:
    console.print(f"grouped {summary['folds']}-fold cross-validation by article "
                  f"({summary['repeats']} draw(s) of the folds, pooled); {summary['articles']} "
                  "articles scored, each by a model that never saw it")
    table = Table("speakers by", "e2e F1", "speaker acc.", "span F1", "e2e F1 en", "e2e F1 fr",
                  "direct R", "indirect R")
    for label in ("learned", "rules"):
        scores = summary[label]
        overall, langs, kinds = scores["overall"], scores["by_lang"], scores["by_kind"]
        table.add_row(
            label, _f(overall["e2e_f1"]), _f(overall["speaker_accuracy"]), _f(overall["f1"]),
            _f(langs.get("en", {}).get("e2e_f1")), _f(langs.get("fr", {}).get("e2e_f1")),
            _f(kinds.get("direct", {}).get("recall")), _f(kinds.get("indirect", {}).get("recall")),
        )
    console.print(table)
    if summary.get("regularisation_chosen"):
        console.print("regularisation chosen by the inner CV of each outer fold: "
                      + ", ".join(f"{value:g}" for value in summary["regularisation_chosen"]))
    articles = Table("article", "lang", "outlet", "gold", "e2e F1", "speaker acc.", "rules e2e F1",
                     title="per article (learned speakers, cross-validated)")
    for row in summary["per_article"]:
        articles.add_row(row["article"], row["lang"], row["outlet"], str(row["gold"]),
                         _f(row["e2e_f1"]), _f(row["speaker_accuracy"]), _f(row["rules_e2e_f1"]))
    console.print(articles)


def _f(value: float | None) -> str:
    return "" if value is None else f"{value:.3f}"


from newsgraph.learn.salience_cli import salience as _salience  # noqa: E402  (issue #17)

train.add_command(_salience)
