"""The speaker ranker's weights: a logistic regression over candidate features.

The weights are data (``newsgraph/nlp/data/attribution_model.json``), written by
:mod:`newsgraph.learn.attribution` (``newsgraph train attribution``) and read here with
the standard library alone: a dot product per candidate, so loading and scoring cost
nothing beside the parse.  The file records how it was trained (articles, date, version).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

FORMAT_VERSION = 1
MODEL_RESOURCE = "attribution_model.json"


@dataclass(slots=True)
class RankerModel:
    """Weights of a logistic regression: ``p(speaker) = sigmoid(bias + w . features)``."""

    weights: dict[str, float]
    bias: float
    meta: dict[str, Any] = field(default_factory=dict)

    def score(self, features: Mapping[str, float]) -> float:
        total = self.bias
        for name, value in features.items():
            total += self.weights.get(name, 0.0) * value
        return total

    def predict_proba(self, rows: Sequence[Mapping[str, float]]) -> list[float]:
        """The probability that each candidate row is the speaker."""
        return [_sigmoid(self.score(row)) for row in rows]

    def to_json(self) -> str:
        body = {"format": FORMAT_VERSION, "meta": self.meta, "bias": self.bias,
                "weights": dict(sorted(self.weights.items()))}
        return json.dumps(body, indent=1, ensure_ascii=False) + "\n"

    @classmethod
    def from_json(cls, text: str, *, source: str = "<model>") -> RankerModel:
        try:
            body = json.loads(text)
        except json.JSONDecodeError as error:
            raise ValueError(f"{source}: not a speaker model ({error})") from None
        if not isinstance(body, dict) or body.get("format") != FORMAT_VERSION:
            raise ValueError(f"{source}: unsupported speaker model format")
        weights = body.get("weights")
        if not isinstance(weights, dict) or not all(
            isinstance(k, str) and isinstance(v, int | float) for k, v in weights.items()
        ):
            raise ValueError(f"{source}: speaker model weights must map names to numbers")
        return cls({k: float(v) for k, v in weights.items()}, float(body.get("bias", 0.0)),
                   dict(body.get("meta") or {}))

    def save(self, path: Path) -> None:
        path.write_text(self.to_json(), encoding="utf-8")


def _sigmoid(value: float) -> float:
    if value >= 0:
        return 1.0 / (1.0 + math.exp(-value))
    exp = math.exp(value)
    return exp / (1.0 + exp)


@cache
def default_model() -> RankerModel | None:
    """The model shipped in the package, or None when none was trained yet."""
    resource = resources.files("newsgraph.nlp").joinpath("data", MODEL_RESOURCE)
    if not resource.is_file():
        return None
    return RankerModel.from_json(resource.read_text(encoding="utf-8"), source=MODEL_RESOURCE)


def shipped_model_path() -> Path:
    return Path(str(resources.files("newsgraph.nlp").joinpath("data", MODEL_RESOURCE)))
