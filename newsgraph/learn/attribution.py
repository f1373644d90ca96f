"""Training and cross-validating the speaker ranker on annotated articles.

    newsgraph train attribution ../shared/eval/train ../shared/eval/dev
    newsgraph evaluate ../shared/eval/dev --cv 5 --with ../shared/eval/train

Each gold article is parsed once; the rules find its quotes, cues and first speakers
(:meth:`QuoteFinder.find`) and :func:`candidate_sets` lists the candidates with their
features.  A candidate is labelled right when its name matches the gold speaker of the
quote it is paired with (the scoring protocol's pairing and name rule).  A logistic
regression (scikit-learn) is fitted on the candidate rows of quotes that have a right
candidate; its weights are written as JSON (:class:`RankerModel`).

Cross-validation groups by article: each fold's model never saw the articles it scores.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsgraph.evaluate.gold import GoldArticle
from newsgraph.evaluate.quotes import (
    GoldQuote,
    Report,
    locate_gold,
    score_article,
    speaker_name_right,
)
from newsgraph.learn.gold_docs import load_articles, parse
from newsgraph.learn.logistic import fit_logistic
from newsgraph.model import Article
from newsgraph.nlp.attribution.candidates import Candidate
from newsgraph.nlp.attribution.model import RankerModel
from newsgraph.nlp.attribution.ranker import candidate_sets, choose_speakers
from newsgraph.nlp.entities import EntityComponent
from newsgraph.nlp.langid import detect_language
from newsgraph.nlp.quote_scan import Found
from newsgraph.nlp.quotes import QuoteFinder, entities_for

# Inverse strength (scikit-learn's C). Session 11 (2026-12-07): 1.0, the best of 0.1-4 by
# grouped CV once the rules' "no speaker" regime got weights of its own (0.25 before); the
# nested CV (``--choose-regularisation``, C chosen inside each outer fold) is the honest score.
REGULARISATION = 1.0
INNER_FOLDS = 4
Progress = Callable[[str], None]


@dataclass(slots=True)
class PreparedArticle:
    """One gold article, parsed, with the rules' quotes and the candidates of each."""

    name: str
    source: str  # the article's file
    lang: str
    body: str
    finder: QuoteFinder
    found: list[Found]
    sets: list[list[Candidate]]
    gold: list[GoldQuote]
    labels: list[list[bool] | None]  # per quote: per candidate right or not (None: unpaired)


def prepare(articles: Sequence[GoldArticle], *, cache: Path | None = None,
            progress: Progress | None = None) -> list[PreparedArticle]:
    """Parse and label every article (parses are kept in ``cache`` when given)."""
    prepared: list[PreparedArticle] = []
    entity_component = EntityComponent()
    for number, gold_article in enumerate(articles, 1):
        if progress is not None:
            progress(f"[{number}/{len(articles)}] {gold_article.name}")
        lang = detect_language(gold_article.body) or "en"
        doc = parse(gold_article, lang, cache)
        doc._.article = Article(id=gold_article.name, source=str(gold_article.path),
                                text=gold_article.body, lang=lang, date=gold_article.date)
        entity_component(doc)
        finder = QuoteFinder(doc, entities_for(doc, doc._.article))
        found = finder.find()
        sets = candidate_sets(finder, found)
        gold = locate_gold(gold_article.body, gold_article.gold)
        prepared.append(PreparedArticle(gold_article.name, str(gold_article.path), lang,
                                        gold_article.body, finder,
                                        found, sets, gold, _labels(finder, found, sets, gold)))
    return prepared


def _labels(finder: QuoteFinder, found: list[Found], sets: list[list[Candidate]],
            gold: list[GoldQuote]) -> list[list[bool] | None]:
    quotes = [finder._to_quote(item) for item in found]
    result = score_article("", finder.lang, finder.text, quotes, gold)
    paired = {id(pair.predicted): pair.gold for pair in result.pairs}
    labels: list[list[bool] | None] = []
    for quote, candidates in zip(quotes, sets, strict=True):
        gold_quote = paired.get(id(quote))
        if gold_quote is None or not candidates:
            labels.append(None)
            continue
        labels.append([speaker_name_right(c.speaker.name if c.speaker else None, gold_quote)
                       for c in candidates])
    return labels


def training_rows(articles: Sequence[PreparedArticle]) -> tuple[list[dict[str, float]], list[int]]:
    """Candidate rows and labels of the quotes that have a right candidate."""
    rows: list[dict[str, float]] = []
    targets: list[int] = []
    for article in articles:
        for candidates, labels in zip(article.sets, article.labels, strict=True):
            if labels is None or not any(labels):
                continue
            for candidate, right in zip(candidates, labels, strict=True):
                rows.append(candidate.features)
                targets.append(int(right))
    return rows, targets


def fit(articles: Sequence[PreparedArticle], *, regularisation: float = REGULARISATION,
        meta: dict[str, Any] | None = None) -> RankerModel:
    """A logistic regression over the candidate rows of ``articles``."""
    rows, targets = training_rows(articles)
    weights, bias = fit_logistic(rows, targets, regularisation=regularisation,
                                 what="candidates")
    info = {"articles": len(articles), "candidate_rows": len(rows),
            "regularisation": regularisation, **(meta or {})}
    return RankerModel(weights, bias, info)


def quotes_with(article: PreparedArticle, model: RankerModel | None) -> Report:
    """Score one article with ``model`` choosing the speakers (None: the rules')."""
    found = [dataclasses.replace(item) for item in article.found]
    if model is not None:
        choose_speakers(found, article.sets, model)
    quotes = article.finder.output(found)
    report = Report()
    report.articles.append(score_article(article.name, article.lang, article.body, quotes,
                                         article.gold))
    return report


@dataclass(slots=True)
class CrossValidation:
    """Grouped k-fold results: every article scored by a model that never saw it."""

    folds: int
    learned: Report
    rules: Report
    scored: list[str]  # the articles scored (a subset of those trained on, e.g. dev/)
    repeats: int = 1
    chosen: list[float] = dataclasses.field(default_factory=list)  # C per outer fold (nested)

    def summary(self) -> dict[str, Any]:
        summary = {"folds": self.folds, "repeats": self.repeats,
                   "articles": len(set(self.scored)),
                   "learned": self.learned.summary(), "rules": self.rules.summary()}
        if self.chosen:
            summary["regularisation_chosen"] = self.chosen
        return summary


def cross_validate(articles: Sequence[PreparedArticle], *, folds: int = 5, repeats: int = 1,
                   score: Callable[[PreparedArticle], bool] = lambda a: True,
                   regularisation: float = REGULARISATION,
                   choose_among: Sequence[float] = ()) -> CrossValidation:
    """Grouped k-fold by article over ``articles``; the articles for which ``score`` is
    true are scored (all of them by default), each by the fold model that left it out.
    With ``repeats`` > 1, the folds are drawn ``repeats`` times (shuffled, seeds 0, 1, …)
    and every article is scored once per repeat: the pooled scores are their mean.
    With ``choose_among``, each outer fold picks its regularisation among those values by
    an inner grouped CV on its own training articles (nested CV: the choice never sees the
    articles it is scored on)."""
    names = [a.name for a in articles]
    learned, rules = Report(), Report()
    chosen: list[float] = []
    for seed in range(repeats):
        for train_index, test_index in _group_folds(names, folds,
                                                    seed=seed if repeats > 1 else None):
            training = [articles[i] for i in train_index]
            strength = regularisation
            if choose_among:
                strength = choose_regularisation(training, choose_among, seed=seed)
                chosen.append(strength)
            model = fit(training, regularisation=strength)
            for i in test_index:
                if score(articles[i]):
                    learned.articles.extend(quotes_with(articles[i], model).articles)
                    rules.articles.extend(quotes_with(articles[i], None).articles)
    order = {name: i for i, name in enumerate(names)}
    learned.articles.sort(key=lambda r: order[r.name])
    rules.articles.sort(key=lambda r: order[r.name])
    return CrossValidation(folds, learned, rules, [r.name for r in learned.articles], repeats,
                           chosen)


def _group_folds(names: list[str], folds: int, *,
                 seed: int | None) -> Iterator[tuple[Sequence[int], Sequence[int]]]:
    """Grouped k-fold by article: in order with no seed, else shuffled with ``seed``."""
    from sklearn.model_selection import GroupKFold

    count = min(folds, len(names))
    splitter = (GroupKFold(n_splits=count) if seed is None else
                GroupKFold(n_splits=count, shuffle=True, random_state=seed))
    yield from splitter.split(names, groups=names)


def choose_regularisation(articles: Sequence[PreparedArticle], values: Sequence[float], *,
                          seed: int = 0) -> float:
    """The value of ``values`` with the best pooled e2e F1 in a grouped CV over
    ``articles`` (ties: the first)."""
    names = [a.name for a in articles]
    folds = list(_group_folds(names, INNER_FOLDS, seed=100 + seed))
    best, best_score = values[0], -1.0
    for value in values:
        report = Report()
        for train_index, test_index in folds:
            model = fit([articles[i] for i in train_index], regularisation=value)
            for i in test_index:
                report.articles.extend(quotes_with(articles[i], model).articles)
        score = report.summary()["overall"]["e2e_f1"]
        if score > best_score:
            best, best_score = value, score
    return best


def train(directories: Sequence[Path], *, out: Path, cache: Path | None = None,
          progress: Progress | None = None) -> RankerModel:
    """Fit on every article of ``directories`` and write the weights to ``out``."""
    gold = load_articles(directories)
    prepared = prepare(gold, cache=cache, progress=progress)
    model = fit(prepared, meta={
        "trained_on": [str(d) for d in directories],
        "trained": dt.date.today().isoformat(),
        "script": "newsgraph train attribution",
    })
    out.write_text(model.to_json(), encoding="utf-8")
    return model


_SOURCE_ROW = re.compile(r"^\|\s*([a-z]{2}_\d+|seed_fr)\s*\|\s*([^|]+?)\s*\|")


def outlets(directories: Sequence[Path]) -> dict[str, str]:
    """Article name -> outlet, from a SOURCES.md beside or above the gold directories."""
    found: dict[str, str] = {}
    for directory in directories:
        for candidate in (directory / "SOURCES.md", directory.parent / "SOURCES.md"):
            if candidate.is_file():
                for line in candidate.read_text(encoding="utf-8").splitlines():
                    match = _SOURCE_ROW.match(line)
                    if match:
                        found.setdefault(match.group(1), match.group(2).split(" (")[0])
                break
    return found
