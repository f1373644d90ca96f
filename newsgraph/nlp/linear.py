"""Logistic-regression weights as data: the one reader of newsgraph's learned model files.

Both learned components (the speaker ranker, :mod:`newsgraph.nlp.attribution.model`, and
event salience, :mod:`newsgraph.nlp.event_salience`) ship a JSON file ``{"format": 1,
"meta": {...}, "bias": b, "weights": {feature: w}}`` and score a feature mapping with a dot
product: no scikit-learn at run time.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any

FORMAT_VERSION = 1


def sigmoid(value: float) -> float:
    if value >= 0:
        return 1.0 / (1.0 + math.exp(-value))
    exp = math.exp(value)
    return exp / (1.0 + exp)


def linear_score(weights: Mapping[str, float], bias: float, features: Mapping[str, float]) -> float:
    total = bias
    for name, value in features.items():
        total += weights.get(name, 0.0) * value
    return total


def read_model_file(text: str, *, source: str, what: str) -> dict[str, Any]:
    """The checked body of a model file: ``weights`` (names to floats), ``bias``, ``meta``
    and whatever else it holds; a ValueError naming ``source`` and ``what`` otherwise."""
    try:
        body = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(f"{source}: not a {what} ({error})") from None
    if not isinstance(body, dict) or body.get("format") != FORMAT_VERSION:
        raise ValueError(f"{source}: unsupported {what} format")
    weights = body.get("weights")
    if not isinstance(weights, dict) or not all(
        isinstance(k, str) and isinstance(v, int | float) for k, v in weights.items()
    ):
        raise ValueError(f"{source}: {what} weights must map names to numbers")
    body["weights"] = {k: float(v) for k, v in weights.items()}
    body["bias"] = float(body.get("bias", 0.0))
    body["meta"] = dict(body.get("meta") or {})
    return body


def model_json(body: Mapping[str, Any]) -> str:
    """A model file's text: format first, weights sorted by name."""
    ordered = {"format": FORMAT_VERSION, **{k: v for k, v in body.items() if k != "weights"},
               "weights": dict(sorted(body["weights"].items()))}
    return json.dumps(ordered, indent=1, ensure_ascii=False) + "\n"
