"""The one fit of newsgraph's learned components: a logistic regression over feature rows
(scikit-learn, imported only here and only when training), returned as the weights and
bias that :mod:`newsgraph.nlp.linear` reads back."""

from __future__ import annotations

from collections.abc import Mapping, Sequence


def fit_logistic(rows: Sequence[Mapping[str, float]], targets: Sequence[int], *,
                 regularisation: float, what: str) -> tuple[dict[str, float], float]:
    """Weights by feature name (zeros left out) and the bias; ``what`` names the rows in the
    error raised when there is nothing to learn from."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    if not rows or len(set(targets)) < 2:
        raise ValueError(f"no labelled {what} to learn from")
    vectoriser = DictVectorizer()
    matrix = vectoriser.fit_transform(rows)
    classifier = LogisticRegression(C=regularisation, max_iter=5000)
    classifier.fit(matrix, list(targets))
    weights = {name: round(float(w), 6) for name, w in
               zip(vectoriser.feature_names_, classifier.coef_[0], strict=True) if w != 0.0}
    return weights, round(float(classifier.intercept_[0]), 6)
