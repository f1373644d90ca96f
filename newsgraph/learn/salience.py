"""Training and cross-validating the event salience model on annotated articles.

    newsgraph train salience ../shared/eval/train ../shared/eval/dev
    newsgraph train salience ../shared/eval/train ../shared/eval/dev --cv 5 [--score DIR] [--repeats 10]

Each gold article is parsed once and run through entities, quotes and times; the event layer
lists its candidate events with the rules' salience verdict (:func:`candidate_events`) and
:func:`event_features` gives each a feature row.  An event is labelled salient when the scorer
pairs it with a gold event of its article (``newsgraph.evaluate.events``: all gold ``who`` among
its actors, date equal at the gold precision, one to one, the first event in text order
taken).  A logistic regression (scikit-learn) is fitted on the rows; the threshold on its
probability is chosen on out-of-fold predictions of the training articles (an inner grouped
CV): the median, over bootstrap resamples of the articles, of the threshold with the best event
F1 (the scorer's one-to-one pairing) — the F1 curve is flat and its single argmax jumped
between 0.12 and 0.16 when one candidate changed (:func:`stable_threshold`).  Cross-validation
groups by article: each fold's model never saw the articles it scores.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsgraph.evaluate.events import EventResult, _summary, score_article
from newsgraph.evaluate.gold import GoldArticle
from newsgraph.learn.gold_docs import load_articles, parse
from newsgraph.learn.logistic import fit_logistic
from newsgraph.model import Article, Event
from newsgraph.nlp import events as ev
from newsgraph.nlp.event_salience import SalienceModel, apply, event_features, may_be_salient
from newsgraph.nlp.langid import detect_language
from newsgraph.nlp.pipeline import default_components

REGULARISATION = 0.05  # inverse strength (scikit-learn's C; docs/events.md, "Learned salience")
INNER_FOLDS = 4
THRESHOLDS = tuple(step / 100 for step in range(5, 41))  # 0.05 ... 0.40
BOOTSTRAP_DRAWS = 200
Progress = Callable[[str], None]


@dataclass(slots=True)
class PreparedArticle:
    name: str
    source: str
    lang: str
    article: Article
    gold: dict[str, Any]
    events: list[Event]
    rows: list[dict[str, float]]
    rule: list[bool]
    only_quoted: list[bool]
    open: list[bool]
    labels: list[int]


def prepare(articles: Sequence[GoldArticle], *, cache: Path | None = None,
            progress: Progress | None = None) -> list[PreparedArticle]:
    components = [c for c in default_components() if c.name != "events"]
    prepared = []
    for number, gold_article in enumerate(articles, 1):
        if progress is not None:
            progress(f"[{number}/{len(articles)}] {gold_article.name}")
        lang = detect_language(gold_article.body) or "en"
        doc = parse(gold_article, lang, cache)
        article = Article(id=Article.make_id(gold_article.body, str(gold_article.path)),
                          source=str(gold_article.path), text=gold_article.body, lang=lang,
                          date=gold_article.date)
        doc._.article = article
        for component in components:
            doc = component(doc)
        context = ev.article_context(doc, article)
        events = ev.candidate_events(context)
        rule, only_quoted, is_open = ev.salience_inputs(events, context)
        rows = event_features(events, article, rule_salient=rule, open_domain=is_open)
        article.events = events
        paired = {id(e) for _, e in score_article(gold_article.name, article, gold_article.gold,
                                                  salient_only=False).found}
        labels = [int(id(e) in paired) for e in events]
        prepared.append(PreparedArticle(gold_article.name, str(gold_article.path), lang, article,
                                        gold_article.gold, events, rows, rule, only_quoted, is_open,
                                        labels))
    return prepared


def _fit_weights(articles: Sequence[PreparedArticle], regularisation: float) -> SalienceModel:
    rows = [row for a in articles for row in a.rows]
    targets = [label for a in articles for label in a.labels]
    weights, bias = fit_logistic(rows, targets, regularisation=regularisation, what="events")
    return SalienceModel(weights, bias)


def scored(article: PreparedArticle, model: SalienceModel | None) -> tuple[EventResult, EventResult]:
    """The article's salient and all-event results with ``model`` deciding (None: the rules)."""
    apply(model, article.events, article.rows, rule_salient=article.rule, only_quoted=article.only_quoted,
          open_domain=article.open)
    return (score_article(article.name, article.article, article.gold),
            score_article(article.name, article.article, article.gold, salient_only=False))


def _best_threshold(articles: Sequence[PreparedArticle], probabilities: list[list[float]]) -> float:
    """The threshold of the salient-event F1 (scorer pairing) over ``articles``: the median of
    the best thresholds of bootstrap resamples of the articles (:func:`stable_threshold`)."""
    counts = []
    for article, probs in zip(articles, probabilities, strict=True):
        row = []
        for threshold in THRESHOLDS:
            for event, p, rule, quoted in zip(article.events, probs, article.rule, article.only_quoted,
                                              strict=True):
                event.salience, event.salient = p, may_be_salient(rule, quoted) and p >= threshold
            result = score_article(article.name, article.article, article.gold)
            row.append((result.predicted, len(result.found), len(result.gold)))
        counts.append(row)
    return stable_threshold(counts, THRESHOLDS)


def stable_threshold(counts: Sequence[Sequence[tuple[int, int, int]]], thresholds: Sequence[float], *,
                     draws: int = BOOTSTRAP_DRAWS, seed: int = 0) -> float:
    """The median, over ``draws`` bootstrap resamples of the articles, of the threshold with the
    best F1 on the resample.  ``counts[a][k]`` is article ``a``'s (predicted, found, gold) at
    ``thresholds[k]``.  The F1 curve is flat over a wide range (0.11-0.17), so its single
    argmax jumps along it when one candidate changes; the median of the resamples' argmaxes
    stays in the plateau where most articles put it (bagging)."""
    rng = random.Random(seed)
    size = len(counts)
    best: list[float] = []
    for _ in range(draws):
        sample = [counts[rng.randrange(size)] for _ in range(size)]
        f1s = [_f1(sum(row[k][1] for row in sample), sum(row[k][0] for row in sample),
                   sum(row[k][2] for row in sample)) for k in range(len(thresholds))]
        best.append(thresholds[f1s.index(max(f1s))])  # ties: the lowest threshold
    return statistics.median_low(best)


def _f1(found: int, predicted: int, gold: int) -> float:
    return 2 * found / (predicted + gold) if predicted + gold else 0.0


def fit(articles: Sequence[PreparedArticle], *, regularisation: float = REGULARISATION,
        meta: dict[str, Any] | None = None) -> SalienceModel:
    """Weights from every article; the threshold from inner grouped out-of-fold predictions."""
    from sklearn.model_selection import GroupKFold

    names = [a.name for a in articles]
    probabilities: list[list[float]] = [[] for _ in articles]
    splitter = GroupKFold(n_splits=min(INNER_FOLDS, len(articles)))
    for train_index, test_index in splitter.split(names, groups=names):
        inner = _fit_weights([articles[i] for i in train_index], regularisation)
        for i in test_index:
            probabilities[i] = [inner.probability(row) for row in articles[i].rows]
    model = _fit_weights(articles, regularisation)
    model.threshold = _best_threshold(articles, probabilities)
    model.meta = {"articles": len(articles), "event_rows": sum(len(a.rows) for a in articles),
                  "positives": sum(sum(a.labels) for a in articles),
                  "regularisation": regularisation, **(meta or {})}
    return model


@dataclass(slots=True)
class CrossValidation:
    folds: int
    learned: list[EventResult]
    learned_all: list[EventResult]
    rules: list[EventResult]
    langs: dict[str, str]

    def summary(self) -> dict[str, Any]:
        by_lang = {lang: _summary([r for r in self.learned if self.langs[r.article] == lang])
                   for lang in sorted(set(self.langs.values()))}
        return {"folds": self.folds, "articles": len(self.learned),
                "learned": _summary(self.learned), "all_events": _summary(self.learned_all),
                "rules": _summary(self.rules), "by_lang": by_lang}


def cross_validate(articles: Sequence[PreparedArticle], *, folds: int = 5,
                   score: Callable[[PreparedArticle], bool] = lambda a: True,
                   regularisation: float = REGULARISATION, seed: int | None = None) -> CrossValidation:
    """Grouped k-fold by article; the articles for which ``score`` holds are scored, each by
    the fold model that never saw it (its threshold chosen inside the fold).  The folds are
    scikit-learn's ``GroupKFold``; with ``seed``, a random partition of the articles instead."""
    names = [a.name for a in articles]
    learned: list[EventResult] = []
    learned_all: list[EventResult] = []
    rules: list[EventResult] = []
    for train_index, test_index in _partition(names, min(folds, len(articles)), seed):
        model = fit([articles[i] for i in train_index], regularisation=regularisation)
        for i in test_index:
            if score(articles[i]):
                salient, every = scored(articles[i], model)
                learned.append(salient)
                learned_all.append(every)
                rules.append(scored(articles[i], None)[0])
    order = {name: i for i, name in enumerate(names)}
    for results in (learned, learned_all, rules):
        results.sort(key=lambda r: order[r.article])
    return CrossValidation(folds, learned, learned_all, rules, {a.name: a.lang for a in articles})


def _partition(names: list[str], folds: int, seed: int | None) -> list[tuple[list[int], list[int]]]:
    """(train, test) indices of each fold, every article in one test fold."""
    if seed is None:
        from sklearn.model_selection import GroupKFold

        splits = GroupKFold(n_splits=folds).split(names, groups=names)
        return [(list(train), list(test)) for train, test in splits]
    order = list(range(len(names)))
    random.Random(seed).shuffle(order)
    fold_of = [0] * len(names)
    for position, index in enumerate(order):
        fold_of[index] = position % folds
    every = range(len(names))
    return [([i for i in every if fold_of[i] != k], [i for i in every if fold_of[i] == k])
            for k in range(folds)]


def repeated_cross_validation(articles: Sequence[PreparedArticle], *, folds: int = 5, repeats: int = 10,
                              score: Callable[[PreparedArticle], bool] = lambda a: True) -> dict[str, Any]:
    """The mean scores of ``repeats`` grouped cross-validations, each on a random partition of
    the articles (seeds 1…repeats).  One partition's scores move by 0.01–0.03 F1 when a
    single candidate changes (the refitted threshold moves); the mean is what a candidate
    change should be judged by."""
    runs = [cross_validate(articles, folds=folds, score=score, seed=seed).summary()
            for seed in range(1, repeats + 1)]
    mean: dict[str, Any] = {"repeats": repeats, "folds": folds}
    for label in ("learned", "all_events", "rules"):
        mean[label] = {key: round(sum(run[label][key] for run in runs) / repeats, 4)
                       for key in ("recall", "precision", "f1", "predicted", "found")}
    return mean


def train(directories: Sequence[Path], *, out: Path, cache: Path | None = None,
          progress: Progress | None = None) -> SalienceModel:
    """Fit on every article of ``directories`` and write the model to ``out``."""
    prepared = prepare(load_articles(directories), cache=cache, progress=progress)
    model = fit(prepared, meta={
        "trained_on": [str(d) for d in directories],
        "trained": dt.date.today().isoformat(),
        "script": "newsgraph train salience",
    })
    out.write_text(model.to_json(), encoding="utf-8")
    return model
