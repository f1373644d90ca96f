"""Learned event salience (``docs/events.md``, "Salience"): is this an event a reader would list?

Each event of an article gets features (where the article tells it, who takes part, whether the
text dates it, how often the article tells it again, its modality, whether only a quotation
says it, its type, and the rules' own verdict) and a score from a logistic regression whose
weights are data (``data/event_salience_model.json``), written by :mod:`newsgraph.learn.salience`
(``newsgraph train salience``) and read here with the standard library alone.  ``salient`` is the
score at or above the model's threshold, calibrated by cross-validation when it was trained.
Without a shipped model, the rules' verdict stands and open-domain events are not salient.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from newsgraph.model import ActorRef, Article, Event, Quote
from newsgraph.nlp.linear import linear_score, model_json, read_model_file, sigmoid

MODEL_RESOURCE = "event_salience_model.json"
_PARAGRAPH_BREAK = re.compile(r"\n(?=\S)")  # a paragraph starts after a line break, at a word


@dataclass(slots=True)
class SalienceModel:
    """``p(salient) = sigmoid(bias + w . features)``; salient when ``p >= threshold``."""

    weights: dict[str, float]
    bias: float
    threshold: float = 0.5
    meta: dict[str, Any] = field(default_factory=dict)

    def probability(self, features: Mapping[str, float]) -> float:
        return sigmoid(linear_score(self.weights, self.bias, features))

    def to_json(self) -> str:
        return model_json({"meta": self.meta, "bias": self.bias, "threshold": self.threshold,
                           "weights": self.weights})

    @classmethod
    def from_json(cls, text: str, *, source: str = "<model>") -> SalienceModel:
        body = read_model_file(text, source=source, what="salience model")
        threshold = body.get("threshold", 0.5)
        if not isinstance(threshold, int | float) or not 0.0 <= threshold <= 1.0:
            raise ValueError(f"{source}: salience threshold must be a number in [0, 1]")
        return cls(body["weights"], body["bias"], float(threshold), body["meta"])


@cache
def default_model() -> SalienceModel | None:
    """The model shipped in the package, or None when none was trained yet."""
    resource = resources.files("newsgraph.nlp").joinpath("data", MODEL_RESOURCE)
    if not resource.is_file():
        return None
    return SalienceModel.from_json(resource.read_text(encoding="utf-8"), source=MODEL_RESOURCE)


def shipped_model_path() -> Path:
    return Path(str(resources.files("newsgraph.nlp").joinpath("data", MODEL_RESOURCE)))


# -- features -------------------------------------------------------------------------------------


@dataclass(slots=True)
class Layout:
    """Where things are in the article: paragraph and sentence starts (offsets)."""

    paragraphs: list[int]
    sentences: list[int]
    length: int

    @classmethod
    def of(cls, article: Article, events: Sequence[Event]) -> Layout:
        text = article.text
        paragraphs = [0] + [match.end() for match in _PARAGRAPH_BREAK.finditer(text)]
        sentences = sorted({e.sentence[0] for e in events})
        return cls(paragraphs, sentences, max(len(text), 1))

    def paragraph(self, offset: int) -> int:
        return bisect.bisect_right(self.paragraphs, offset) - 1


def event_features(events: Sequence[Event], article: Article, *, rule_salient: Sequence[bool],
                   open_domain: Sequence[bool]) -> list[dict[str, float]]:
    """One feature row per event (names as the shipped weights know them)."""
    layout = Layout.of(article, events)
    lemmas = Counter(e.lemma for e in events if e.lemma)
    named_counts: Counter[str] = Counter(
        r.entity_id for e in events for r in (*e.source, *e.target) if r.entity_id)
    per_sentence = Counter(e.sentence[0] for e in events)
    quotations = [q for q in article.quotes if q.kind != "according_to"]
    quoted_ids = {q.id for q in quotations}
    rows = []
    for event, rule, is_open in zip(events, rule_salient, open_domain, strict=True):
        paragraph = layout.paragraph(event.trigger.start)
        told_quoted = _mentions_quoted(event, quoted_ids, quotations)
        named = [r for r in (*event.source, *event.target) if r.entity_id]
        phrases = [r for r in (*event.source, *event.target) if not r.entity_id]
        row: dict[str, float] = {
            "rule_salient": float(rule),
            "open": float(is_open),
            f"type={event.type}": 1.0,
            f"modality={event.modality}": 1.0,
            "in_quote": float(event.quote_id is not None),
            "quoted": float(all(told_quoted)),
            "paragraph_0": float(paragraph == 0),
            "paragraph_1_2": float(1 <= paragraph <= 2),
            "paragraph_3_5": float(3 <= paragraph <= 5),
            "position": event.trigger.start / layout.length,
            "named": min(len(named), 4) / 4,
            "named_any": float(bool(named)),
            "phrases": min(len(phrases), 3) / 3,
            "source_named": float(any(r.entity_id for r in event.source)),
            "target_named": float(any(r.entity_id for r in event.target)),
            "place": float(event.place is not None),
            "date_text": float(event.date_from == "text"),
            "mentions": min(len(event.mentions), 3) / 3,
            "lemma_repeats": min(lemmas[event.lemma] - 1, 3) / 3 if event.lemma else 0.0,
            "actor_prominence": min(max((named_counts[r.entity_id or ""] for r in named), default=0),
                                    10) / 10,
            "sentence_crowd": min(per_sentence[event.sentence[0]] - 1, 5) / 5,
            "noun": float(bool(event.trigger.text) and event.lemma is not None
                          and not event.trigger.text[:1].isdigit() and _looks_nominal(event)),
        }
        if event.date is not None and event.date_from == "text":
            row[f"precision={event.date.precision}"] = 1.0
        row.update(provenance_features(named))
        rows.append(row)
    return rows


# How the event layer found an actor (``ActorRef.via``): named in the clause's core (its subject,
# objects, a noun's own possessor or "de/of" complement, the speaker of a quote), in a
# prepositional complement, or resolved from elsewhere (a pronoun, a possessive, the clause above).
CORE_VIA = frozenset({"", "subject", "object", "possessor", "genitive", "speaker"})
OBLIQUE_VIA = frozenset({"oblique", "medium", "complement"})


def provenance_features(named: Sequence[ActorRef]) -> dict[str, float]:
    """Whether the event's named actors are named in its clause's core, only in a complement,
    or only resolved from elsewhere (docs/events.md, "Actor provenance")."""
    if not named:
        return {}
    if any(r.via in CORE_VIA for r in named):
        return {"named_core": 1.0}
    if any(r.via in OBLIQUE_VIA for r in named):
        return {"named_oblique_only": 1.0}
    return {"named_resolved_only": 1.0}


def _mentions_quoted(event: Event, quoted_ids: set[str], quotations: Sequence[Quote]) -> list[bool]:
    """Whether each mention of ``event`` is told inside a quotation (direct or indirect, not
    "according to"): the lead one by its quote, the others merged into it by where they stand."""
    lead = event.trigger.start
    return [event.quote_id in quoted_ids] + [
        any(q.start <= mention.start < q.end for q in quotations)
        for mention in event.mentions if mention.start != lead]


def _looks_nominal(event: Event) -> bool:
    """The trigger's lemma is the trigger itself in lower case (nouns mostly: "strike", "grève")."""
    return event.trigger.text.casefold() in (event.lemma or "", (event.lemma or "") + "s")


def apply(model: SalienceModel | None, events: Sequence[Event], rows: Sequence[Mapping[str, float]],
          *, rule_salient: Sequence[bool], only_quoted: Sequence[bool], open_domain: Sequence[bool]) -> None:
    """Set ``salience`` and ``salient`` on every event (the rules' verdict without a model).
    With a model, an event the quotation rule alone holds back (``only_quoted``) may be salient
    too: its score decides, the ``quoted`` and ``rule_salient`` features among its inputs."""
    for event, row, rule, quoted, is_open in zip(events, rows, rule_salient, only_quoted, open_domain,
                                                 strict=True):
        if model is None:
            event.salience = None
            event.salient = rule and not is_open
            continue
        event.salience = model.probability(row)
        event.salient = may_be_salient(rule, quoted) and event.salience >= model.threshold


def may_be_salient(rule_salient: bool, only_quoted: bool) -> bool:
    """The events the model decides among: those the rules allow and those only the quotation
    rule holds back (docs/events.md, "Learned salience")."""
    return rule_salient or only_quoted
