"""The speaker ranker's weights: a logistic regression over candidate features.

The weights are data (``newsgraph/nlp/data/attribution_model.json``), written by
:mod:`newsgraph.learn.attribution` (``newsgraph train attribution``) and read here with
the standard library alone: a dot product per candidate, so loading and scoring cost
nothing beside the parse.  The file records how it was trained (articles, date, version).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from newsgraph.nlp.linear import linear_score, model_json, read_model_file, sigmoid

MODEL_RESOURCE = "attribution_model.json"


@dataclass(slots=True)
class RankerModel:
    """Weights of a logistic regression: ``p(speaker) = sigmoid(bias + w . features)``."""

    weights: dict[str, float]
    bias: float
    meta: dict[str, Any] = field(default_factory=dict)

    def score(self, features: Mapping[str, float]) -> float:
        return linear_score(self.weights, self.bias, features)

    def predict_proba(self, rows: Sequence[Mapping[str, float]]) -> list[float]:
        """The probability that each candidate row is the speaker."""
        return [sigmoid(self.score(row)) for row in rows]

    def to_json(self) -> str:
        return model_json({"meta": self.meta, "bias": self.bias, "weights": self.weights})

    @classmethod
    def from_json(cls, text: str, *, source: str = "<model>") -> RankerModel:
        body = read_model_file(text, source=source, what="speaker model")
        return cls(body["weights"], body["bias"], body["meta"])

    def save(self, path: Path) -> None:
        path.write_text(self.to_json(), encoding="utf-8")


@cache
def default_model() -> RankerModel | None:
    """The model shipped in the package, or None when none was trained yet."""
    resource = resources.files("newsgraph.nlp").joinpath("data", MODEL_RESOURCE)
    if not resource.is_file():
        return None
    return RankerModel.from_json(resource.read_text(encoding="utf-8"), source=MODEL_RESOURCE)


def shipped_model_path() -> Path:
    return Path(str(resources.files("newsgraph.nlp").joinpath("data", MODEL_RESOURCE)))
