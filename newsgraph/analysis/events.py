"""Most active event pairs over time: who does what to whom, counted per period.

An event with several sources or targets counts once for each (source, target) pair.
Events without a target (statements, most protests) are left out unless asked for, then
count for (source, "—").  The period is the event's own date,
else its article's (``Event.date`` already falls back to the article date when the text
gives none, see ``date_from``).
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from newsgraph.analysis.keys import Linked, Links, Node, unpack
from newsgraph.analysis.networks import actor_node
from newsgraph.analysis.periods import Granularity, period_of
from newsgraph.model import Article, Event

NO_TARGET = Node(key="—", name="—", type="NONE")


@dataclass(frozen=True, slots=True)
class Pair:
    source: Node
    type: str
    target: Node


@dataclass(slots=True)
class EventTally:
    granularity: Granularity
    modalities: frozenset[str] | None = None  # None: every modality
    untargeted: bool = False  # count events without a target, as (source, "—")
    counts: Counter[tuple[Pair, str]] = field(default_factory=Counter)  # (pair, period) -> events

    def add(self, item: Article | Linked) -> None:
        article, links = unpack(item)
        for event in article.events:
            if self.modalities is not None and event.modality not in self.modalities:
                continue
            if not event.target and not self.untargeted:
                continue
            period = period_of(event.date or article.date, self.granularity)
            for pair in _pairs(article, event, links):
                self.counts[(pair, period)] += 1


def _pairs(article: Article, event: Event, links: Links) -> Iterator[Pair]:
    targets = [actor_node(article, t, links=links) for t in event.target] or [NO_TARGET]
    for source in event.source:
        for target in targets:
            yield Pair(actor_node(article, source, links=links), event.type, target)


def tally_events(
    articles: Iterable[Article | Linked], *, granularity: Granularity = "month",
    modalities: Iterable[str] | None = None, untargeted: bool = False,
) -> EventTally:
    chosen = frozenset(modalities) if modalities is not None else None
    tally = EventTally(granularity, chosen, untargeted)
    for article in articles:
        tally.add(article)
    return tally


@dataclass(frozen=True, slots=True)
class PairRow:
    source: str
    type: str
    target: str
    events: int
    by_period: tuple[tuple[str, int], ...]  # ascending periods ("undated" last)


def top_pairs(tally: EventTally, *, top: int = 10) -> list[PairRow]:
    """The ``top`` pairs with the most events, with their count in each period."""
    series: dict[Pair, Counter[str]] = defaultdict(Counter)
    for (pair, period), events in tally.counts.items():
        series[pair][period] += events
    def rank(item: tuple[Pair, Counter[str]]) -> tuple[int, tuple[str, str, str, str, str]]:
        return (-sum(item[1].values()), _label(item[0]))

    # the first `top` of the sorted pairs, without sorting them all when fewer are asked for
    ranked = heapq.nsmallest(top, series.items(), key=rank)
    return [
        PairRow(pair.source.name, pair.type, pair.target.name, sum(periods.values()),
                tuple(sorted(periods.items(), key=lambda item: (item[0][0].isalpha(), item[0]))))
        for pair, periods in ranked
    ]


def _label(pair: Pair) -> tuple[str, str, str, str, str]:
    """Names first; the keys part a resolved and an unresolved entity of one name."""
    return (pair.source.name, pair.type, pair.target.name, pair.source.key, pair.target.key)
