"""Who is quoted, and how: one pass over articles, then tables from the counts.

:func:`tally_quotes` reads articles once and keeps counters only (per speaker, outlet and
period); :func:`top_quoted`, :func:`source_shares`, :func:`quotes_per_article` and
:func:`gender_report` are views of the same :class:`QuoteTally`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from newsgraph.analysis.keys import SOURCE_KINDS, Linked, Source, joint_sources, source_of, unpack
from newsgraph.analysis.periods import ALL, Granularity, GroupBy, group_of, period_of
from newsgraph.model import Article

GENDERS = ("f", "m", "unknown")


@dataclass(frozen=True, slots=True)
class SpeakerId:
    key: str  # entity key (keys.entity_key) for entities, "unnamed:<text>" for unnamed sources
    name: str
    kind: str  # person | organisation | unnamed


@dataclass(slots=True)
class QuoteTally:
    """Counts of one pass.  Keys: (outlet, period, …); periods at ``granularity``."""

    granularity: Granularity
    articles: int = 0
    by_speaker: Counter[tuple[str, str, SpeakerId]] = field(default_factory=Counter)
    by_kind: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    by_gender: Counter[tuple[str, str, str]] = field(default_factory=Counter)  # person quotes
    people_by_gender: dict[str, str] = field(default_factory=dict)  # person key -> gender
    quotes_per_article: Counter[int] = field(default_factory=Counter)  # n quotes -> articles
    # speaker key -> names the articles give a corpus entity other than its own (Poutine)
    spellings: dict[str, set[str]] = field(default_factory=dict)

    def add(self, item: Article | Linked) -> None:
        article, links = unpack(item)
        outlet = group_of(article, "outlet", self.granularity)
        period = period_of(article.date, self.granularity)
        self.articles += 1
        self.quotes_per_article[len(article.quotes)] += 1
        for quote in article.quotes:
            people = joint_sources(article, quote, links=links)
            if people:
                self.count_joint(outlet, period, people)
            else:
                self.count(outlet, period, source_of(article, quote, links=links))

    def count(self, outlet: str, period: str, source: Source, quotes: int = 1) -> None:
        """``quotes`` quotes of ``source`` in one outlet and period (one quote when reading
        articles; a GROUP BY row's count in :mod:`newsgraph.analysis.stored`)."""
        self.by_kind[(outlet, period, source.kind)] += quotes
        self.count_speaker(outlet, period, source, quotes)

    def count_joint(self, outlet: str, period: str, people: Sequence[Source], quotes: int = 1) -> None:
        """``quotes`` quotes said jointly by ``people`` (``keys.joint_sources``): once among
        the quotes by people, once for each person as speaker (and gender)."""
        self.by_kind[(outlet, period, "person")] += quotes
        for source in people:
            self.count_speaker(outlet, period, source, quotes)

    def count_speaker(self, outlet: str, period: str, source: Source, quotes: int = 1) -> None:
        """``source`` said ``quotes`` quotes (its rows of ``by_speaker`` and ``by_gender``;
        the quotes themselves are counted by :meth:`count` or :meth:`count_joint`)."""
        speaker = speaker_id(source)
        if speaker is not None:
            self.by_speaker[(outlet, period, speaker)] += quotes
            if source.written is not None:
                self.spellings.setdefault(speaker.key, set()).add(source.written)
        if source.kind == "person" and source.node is not None:
            self.by_gender[(outlet, period, source.gender)] += quotes
            self._note_person(source.node.key, source.gender)

    def _note_person(self, key: str, gender: str) -> None:
        known = self.people_by_gender.get(key, "unknown")
        self.people_by_gender[key] = gender if known == "unknown" else known


def tally_quotes(articles: Iterable[Article | Linked], *, granularity: Granularity = "month") -> QuoteTally:
    """Counts of one pass; a :class:`~newsgraph.analysis.keys.Linked` article's resolved
    speakers count under their corpus entity."""
    tally = QuoteTally(granularity=granularity)
    for article in articles:
        tally.add(article)
    return tally


def speaker_id(source: Source) -> SpeakerId | None:
    if source.kind == "unattributed" or source.name is None:
        return None
    key = source.node.key if source.node is not None else f"unnamed:{source.name.casefold()}"
    return SpeakerId(key=key, name=source.name, kind=source.kind)


def _group(outlet: str, period: str, by: GroupBy) -> str:
    return outlet if by == "outlet" else period if by == "period" else ALL


# --- views -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class QuotedRow:
    group: str  # outlet, period or "all"
    rank: int
    name: str
    kind: str
    quotes: int
    share: float  # of the group's attributed quotes (a joint quote counts for each person)


def top_quoted(tally: QuoteTally, *, by: GroupBy = "all", top: int = 10) -> list[QuotedRow]:
    """The ``top`` most quoted speakers of each group, most quoted first."""
    groups: dict[str, Counter[SpeakerId]] = defaultdict(Counter)
    for (outlet, period, speaker), quotes in tally.by_speaker.items():
        groups[_group(outlet, period, by)][speaker] += quotes
    attributed: Counter[str] = Counter()  # each quote once, a joint one too
    for (outlet, period, kind), quotes in tally.by_kind.items():
        if kind != "unattributed":
            attributed[_group(outlet, period, by)] += quotes
    rows: list[QuotedRow] = []
    for group in sorted(groups):
        counts = groups[group]
        total = attributed[group]
        ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0].name))[:top]
        rows += [
            QuotedRow(group, rank, speaker.name, speaker.kind, quotes, quotes / total)
            for rank, (speaker, quotes) in enumerate(ranked, start=1)
        ]
    return rows


def quotes_over_time(
    tally: QuoteTally, *, speaker: str, folded: dict[SpeakerId, tuple[str, ...]] | None = None
) -> dict[str, list[tuple[str, int]]]:
    """Quotes per period of every speaker whose name contains ``speaker`` (case-insensitive);
    a corpus entity also by the names the articles give it ("Poutine" finds Vladimir Putin).
    ``folded``: a cache of each speaker's casefolded names, shared by several calls."""
    wanted = speaker.casefold()
    names_of = {} if folded is None else folded
    series: dict[str, Counter[str]] = defaultdict(Counter)
    for (_outlet, period, who), quotes in tally.by_speaker.items():
        if _is_named(tally, who, wanted, names_of):
            series[who.name][period] += quotes
    return {name: sorted(periods.items()) for name, periods in sorted(series.items())}


def _is_named(
    tally: QuoteTally, who: SpeakerId, wanted: str, names_of: dict[SpeakerId, tuple[str, ...]]
) -> bool:
    """Whether ``wanted`` (casefolded) is part of the speaker's name or of a spelling of it."""
    names = names_of.get(who)
    if names is None:
        spellings = tally.spellings.get(who.key, ())
        names = names_of[who] = tuple(name.casefold() for name in (who.name, *spellings))
    return any(wanted in name for name in names)


def speakers_named(tally: QuoteTally, speakers: Iterable[str]) -> set[SpeakerId]:
    """The tally's speakers that :func:`speakers_over_time` finds for these name parts."""
    folded: dict[SpeakerId, tuple[str, ...]] = {}
    wanted = [speaker.casefold() for speaker in speakers]
    return {
        who for (_outlet, _period, who) in tally.by_speaker
        if any(_is_named(tally, who, part, folded) for part in wanted)
    }


def speakers_over_time(tally: QuoteTally, *, speakers: Iterable[str]) -> dict[str, list[tuple[str, int]]]:
    """:func:`quotes_over_time` for several name parts at once (a speaker two parts match
    appears once)."""
    merged: dict[str, list[tuple[str, int]]] = {}
    folded: dict[SpeakerId, tuple[str, ...]] = {}  # each speaker's names casefolded once
    for speaker in speakers:
        merged |= quotes_over_time(tally, speaker=speaker, folded=folded)
    return merged


@dataclass(frozen=True, slots=True)
class ShareRow:
    group: str
    kind: str  # person | organisation | unnamed | unattributed
    quotes: int
    share: float  # of all the group's quotes


def source_shares(tally: QuoteTally, *, by: GroupBy = "all") -> list[ShareRow]:
    """Share of quotes attributed to people, organisations, unnamed sources and nobody."""
    counts: Counter[tuple[str, str]] = Counter()
    for (outlet, period, kind), quotes in tally.by_kind.items():
        counts[(_group(outlet, period, by), kind)] += quotes
    groups = sorted({group for group, _kind in counts})
    rows: list[ShareRow] = []
    for group in groups:
        total = sum(counts[(group, kind)] for kind in SOURCE_KINDS)
        rows += [ShareRow(group, kind, counts[(group, kind)], counts[(group, kind)] / total)
                 for kind in SOURCE_KINDS]
    return rows


@dataclass(frozen=True, slots=True)
class PerArticle:
    articles: int
    quotes: int
    mean: float
    median: float
    without_quotes: int
    histogram: tuple[tuple[int, int], ...]  # (quotes in an article, articles), ascending


def quotes_per_article(tally: QuoteTally) -> PerArticle:
    histogram = tuple(sorted(tally.quotes_per_article.items()))
    quotes = sum(n * articles for n, articles in histogram)
    return PerArticle(
        articles=tally.articles,
        quotes=quotes,
        mean=quotes / tally.articles if tally.articles else 0.0,
        median=_median(histogram, tally.articles),
        without_quotes=tally.quotes_per_article.get(0, 0),
        histogram=histogram,
    )


def _median(histogram: tuple[tuple[int, int], ...], count: int) -> float:
    if count == 0:
        return 0.0
    middle = [(count - 1) // 2, count // 2]
    values: list[int] = []
    seen = 0
    for value, articles in histogram:
        values += [value for index in middle if seen <= index < seen + articles]
        seen += articles
    return sum(values) / 2


@dataclass(frozen=True, slots=True)
class GenderRow:
    group: str
    f: int  # quotes by people the text marks as women
    m: int
    unknown: int  # quotes by people whose gender the text does not mark
    coverage: float  # (f + m) / all quotes by people
    people_f: int  # distinct people (whole selection, not per group)
    people_m: int
    people_unknown: int


def gender_report(tally: QuoteTally, *, by: GroupBy = "all") -> list[GenderRow]:
    """Quotes by people per marked gender, with the share whose gender is marked at all."""
    counts: Counter[tuple[str, str]] = Counter()
    for (outlet, period, gender), quotes in tally.by_gender.items():
        counts[(_group(outlet, period, by), gender)] += quotes
    people = Counter(tally.people_by_gender.values())
    rows = []
    for group in sorted({group for group, _gender in counts}):
        f, m, unknown = (counts[(group, gender)] for gender in GENDERS)
        total = f + m + unknown
        rows.append(GenderRow(group, f, m, unknown, (f + m) / total if total else 0.0,
                              people["f"], people["m"], people["unknown"]))
    return rows
