"""Event scores against the gold ``events`` lists (``docs/events.md``).

A gold event ``{"who": [...], "where": ..., "when": ...}`` is *found* by a predicted event when

* every ``who`` is among the predicted actors (sources and targets, and the place): person
  names as the protocol matches them (normalised, one edit), groups and institutions
  ("responsables américains", "police") when one name contains the other, places and
  countries by name;
* the predicted date equals ``when`` at the gold precision (``2023-09-13`` matches
  ``2023-09``; ``2023`` does not match ``2023-09``); a null ``when`` accepts any date;
* a gold event with no ``who`` must be matched on its ``where`` instead (when it has one).

Gold and predicted events are paired one to one (gold events with more actors first).
The gold lists the salient events of each article, not every event, so the headline scores
count the predicted events marked ``salient`` (``docs/events.md``, "Salience"); the same
scores over every predicted event are reported as ``all_events``.
Recall = gold events found / gold events.  Precision = predicted events paired with a gold
event / predicted events, a lower bound: true events the gold does not list count against
it.  ``actor_precision`` is reported too: of the predicted events whose actors cover a gold
event, the share that also has its date right.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from newsgraph.dates import comparable
from newsgraph.evaluate.protocol import group_names_match, names_match, normalise_name, scores
from newsgraph.model import Article, DateValue, Event

_ORDER = ("day", "week", "month", "year", "decade")


@dataclass(slots=True)
class GoldEvent:
    what: str
    who: list[str]
    where: str | None
    when: DateValue | None


def gold_events(gold: dict[str, Any]) -> list[GoldEvent]:
    events = []
    for item in gold.get("events", []) or []:
        when = item.get("when")
        events.append(
            GoldEvent(
                what=str(item.get("what", "")),
                who=[str(w) for w in item.get("who", []) or []],
                where=item.get("where"),
                when=DateValue.parse(when) if when else None,
            )
        )
    return events


def actor_names(event: Event) -> list[str]:
    names = [a.name for a in event.source + event.target]
    if event.place is not None:
        names.append(event.place.name)
    return names


def name_matches(predicted: str, gold: str) -> bool:
    """Names as the protocol matches them; groups and institutions by containment."""
    if names_match(predicted, gold):
        return True
    p, g = normalise_name(predicted), normalise_name(gold)
    if len(p.split()) > 1 or len(g.split()) > 1 or p.islower() or g.islower():
        return group_names_match(predicted, gold) and min(len(p), len(g)) >= 4
    return False


def actors_cover(event: Event, gold: GoldEvent) -> bool:
    names = actor_names(event)
    if not gold.who:
        return gold.where is not None and any(name_matches(n, gold.where) for n in names)
    return all(any(name_matches(n, who) for n in names) for who in gold.who)


def date_matches(predicted: DateValue | None, gold: DateValue | None) -> bool:
    """Equal at the gold precision; a coarser prediction never matches a finer gold date."""
    if gold is None:
        return True
    if predicted is None:
        return False
    if _ORDER.index(predicted.precision) > _ORDER.index(gold.precision):
        return False
    return comparable(predicted.value, predicted.precision, gold.precision) == gold.value


def found_by(event: Event, gold: GoldEvent) -> bool:
    return actors_cover(event, gold) and date_matches(event.date, gold.when)


@dataclass(slots=True)
class EventResult:
    article: str
    predicted: int
    gold: list[GoldEvent]
    found: list[tuple[GoldEvent, Event]] = field(default_factory=list)
    missed: list[tuple[GoldEvent, str]] = field(default_factory=list)
    unpaired: list[Event] = field(default_factory=list)  # predicted, matching no gold event
    covering: int = 0  # predicted events covering a gold event's actors (dated right or not)
    covering_found: int = 0  # of those, the events paired with a gold event


def score_article(
    name: str, article: Article, gold: dict[str, Any], *, salient_only: bool = True
) -> EventResult:
    """Score the article's salient events (the gold lists salient events), or all of them."""
    golds = gold_events(gold)
    events = [e for e in article.events if e.salient or not salient_only]
    result = EventResult(article=name, predicted=len(events), gold=golds)
    available = list(events)
    for item in sorted(golds, key=lambda g: -len(g.who)):
        match = next((e for e in available if found_by(e, item)), None)
        if match is not None:
            available.remove(match)
            result.found.append((item, match))
        else:
            result.missed.append((item, _why_missed(item, events)))
    covering = [e for e in events if any(g.who and actors_cover(e, g) for g in golds)]
    paired = {id(e) for _, e in result.found}
    result.unpaired = [e for e in events if id(e) not in paired]
    result.covering = len(covering)
    result.covering_found = sum(1 for e in covering if id(e) in paired)
    return result


def _why_missed(gold: GoldEvent, events: list[Event]) -> str:
    covering = [e for e in events if actors_cover(e, gold)]
    if not covering:
        return "no event with these actors"
    dates = sorted({f"{e.date.value}" if e.date else "none" for e in covering})
    return f"actors found, wrong date ({', '.join(dates[:5])})"


@dataclass(slots=True)
class EventReport:
    results: list[EventResult] = field(default_factory=list)
    all_events: list[EventResult] = field(default_factory=list)  # salient or not

    def add(self, name: str, article: Article, gold: dict[str, Any]) -> None:
        self.results.append(score_article(name, article, gold))
        self.all_events.append(score_article(name, article, gold, salient_only=False))

    def summary(self) -> dict[str, Any]:
        scores: dict[str, Any] = _summary(self.results)
        scores["all_events"] = _summary(self.all_events)
        return scores

    def errors(self) -> list[str]:
        lines: list[str] = []
        for r in self.results:
            for gold, reason in r.missed:
                lines.append(f"{r.article}\tevents\tmissed\t{gold.what} | {', '.join(gold.who)} | "
                             f"{gold.when.value if gold.when else None}\t{reason}")
            for event in r.unpaired:
                lines.append(f"{r.article}\tevents\tunpaired\t{describe_event(event)}\t"
                             "predicted, matches no gold event")
        return lines


def describe_event(event: Event) -> str:
    """``type/mode trigger | actors | date``, the shape of a missed gold line."""
    kind = f"{event.type}/{event.mode}" if event.mode else event.type
    date = event.date.value if event.date else None
    return f"{kind} {event.trigger.text!r} | {', '.join(actor_names(event))} | {date}"


def _summary(results: list[EventResult]) -> dict[str, float | int]:
    predicted = sum(r.predicted for r in results)
    gold = sum(len(r.gold) for r in results)
    found = sum(len(r.found) for r in results)
    covering = sum(r.covering for r in results)
    covering_found = sum(r.covering_found for r in results)
    return {
        "predicted": predicted,
        "gold": gold,
        "found": found,
        **scores(right=found, predicted=predicted, found=found, gold=gold),
        "actor_precision": round(covering_found / covering, 4) if covering else 0.0,
    }
