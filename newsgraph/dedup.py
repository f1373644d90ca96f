"""Repeated reports: near-duplicate articles (MinHash/LSH) and event mentions clustered into events.

Wire copy is republished with small edits (a headline changed, a paragraph cut, a credit
line added).  Each article's text becomes a set of word :data:`SHINGLE_WORDS`-grams
(case-folded, accents kept, punctuation dropped), summarised by a MinHash signature of
:data:`NUM_PERM` permutations (datasketch, fixed seed, so signatures made on different
workers compare).  Locality-sensitive hashing proposes candidate pairs; a pair is kept
when its estimated Jaccard similarity is at least the threshold, and kept pairs are joined
transitively into groups.  Each group names a canonical article (the first in input order:
order by date to make it the earliest) so that quotes and events of the copies are not
counted twice (:func:`distinct_quotes`).

Events: mentions of an event in different articles are one event when their type agrees,
their source actors and target actors agree (names compared case- and accent-folded; ids
are per-article and cannot be compared) and their dates agree (equal, or one contains the
other: ``2023-09`` contains ``2023-09-13``, when it contains no other date of the same
event key).  Undated mentions are never merged: "agree" needs evidence.  Every mention is
kept in its cluster as provenance.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from datasketch import MinHash, MinHashLSH  # type: ignore[import-untyped]

from newsgraph.model import Article, DateValue, Quote, content_id
from newsgraph.text import fold as fold_text
from newsgraph.union_find import UnionFind

SHINGLE_WORDS = 5
NUM_PERM = 128
SEED = 1
SCHEME = "affine32"  # datasketch's permutation scheme; stored signatures are read back with it
CANDIDATE_SLACK = 0.7  # LSH proposes pairs from this share of the threshold; the estimate decides
DEFAULT_THRESHOLD = 0.5  # estimated Jaccard of 5-word shingles; see docs/batch.md for the measured P/R
_WORD = re.compile(r"\w+")


# Near-duplicate articles


def shingles(text: str, *, size: int = SHINGLE_WORDS) -> set[bytes]:
    """The text's word ``size``-grams, case-folded (a short text is one shingle)."""
    words = _WORD.findall(unicodedata.normalize("NFC", text).casefold())
    if len(words) <= size:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


def signature(text: str, *, num_perm: int = NUM_PERM) -> MinHash:
    minhash = MinHash(num_perm=num_perm, seed=SEED, scheme=SCHEME)
    minhash.update_batch(sorted(shingles(text)))
    return minhash


def signature_values(text: str, *, num_perm: int = NUM_PERM) -> list[int]:
    """The signature as plain integers (what the batch ``signatures`` table stores)."""
    return [int(value) for value in signature(text, num_perm=num_perm).hashvalues]


def from_values(values: Sequence[int]) -> MinHash:
    import numpy as np

    hashvalues = np.array(values, dtype=np.uint64)
    return MinHash(num_perm=len(values), seed=SEED, scheme=SCHEME, hashvalues=hashvalues)


@dataclass(frozen=True, slots=True)
class DuplicateGroup:
    """Articles that are copies of one another; ``canonical`` is the first in input order."""

    canonical: str
    members: tuple[str, ...]  # canonical first, then input order
    similarity: dict[str, float]  # member -> estimated Jaccard with the canonical article

    @property
    def id(self) -> str:
        return content_id(*sorted(self.members), prefix="d_")


def near_duplicate_groups(
    signatures: Iterable[tuple[str, MinHash]], *, threshold: float = DEFAULT_THRESHOLD
) -> list[DuplicateGroup]:
    """Groups of two or more near-duplicate articles, from ``(article_id, signature)`` pairs."""
    order: dict[str, int] = {}
    by_id: dict[str, MinHash] = {}
    lsh: MinHashLSH | None = None
    links = UnionFind()
    for article_id, minhash in signatures:
        if article_id in by_id:
            continue
        lsh = lsh or MinHashLSH(threshold=threshold * CANDIDATE_SLACK, num_perm=len(minhash.hashvalues))
        for other in lsh.query(minhash):
            if minhash.jaccard(by_id[other]) >= threshold:
                links.union(other, article_id)
        lsh.insert(article_id, minhash)
        order[article_id] = len(order)
        by_id[article_id] = minhash
    return [_group(members, order, by_id) for members in links.groups()]


def _group(members: list[str], order: dict[str, int], by_id: dict[str, MinHash]) -> DuplicateGroup:
    ordered = tuple(sorted(members, key=order.__getitem__))
    canonical = ordered[0]
    similarity = {m: round(float(by_id[m].jaccard(by_id[canonical])), 3) for m in ordered}
    return DuplicateGroup(canonical, ordered, similarity)


def article_duplicates(
    articles: Sequence[Article], *, threshold: float = DEFAULT_THRESHOLD
) -> list[DuplicateGroup]:
    """Near-duplicate groups among ``articles`` (signatures made here)."""
    return near_duplicate_groups(((a.id, signature(a.text)) for a in articles), threshold=threshold)


def canonical_of(groups: Iterable[DuplicateGroup]) -> dict[str, str]:
    """Article id -> the canonical article of its group (only for grouped articles)."""
    return {member: group.canonical for group in groups for member in group.members}


@dataclass(frozen=True, slots=True)
class QuoteReport:
    """One quote, counted once, with every article that carries it."""

    quote: Quote
    articles: tuple[str, ...]


def distinct_quotes(articles: Sequence[Article], groups: Iterable[DuplicateGroup]) -> list[QuoteReport]:
    """The quotes of ``articles``, a quote repeated by near-duplicates of one group counted once."""
    canonical = canonical_of(groups)
    reports: dict[tuple[str, str, str], list[tuple[Quote, str]]] = {}
    for article in articles:
        group = canonical.get(article.id, article.id)
        for quote in article.quotes:
            speaker = fold(quote.speaker.name) if quote.speaker else ""
            reports.setdefault((group, speaker, fold(quote.text)), []).append((quote, article.id))
    return [
        QuoteReport(found[0][0], tuple(dict.fromkeys(article for _, article in found)))
        for found in reports.values()
    ]


def pair_scores(predicted: Iterable[Iterable[str]], truth: Iterable[Iterable[str]]) -> tuple[float, float]:
    """Precision and recall over pairs of articles put in the same group."""
    predicted_pairs = _pairs(predicted)
    true_pairs = _pairs(truth)
    hits = len(predicted_pairs & true_pairs)
    precision = hits / len(predicted_pairs) if predicted_pairs else 1.0
    recall = hits / len(true_pairs) if true_pairs else 1.0
    return precision, recall


def _pairs(groups: Iterable[Iterable[str]]) -> set[tuple[str, str]]:
    pairs: set[tuple[str, str]] = set()
    for group in groups:
        members = sorted(set(group))
        pairs.update((a, b) for i, a in enumerate(members) for b in members[i + 1 :])
    return pairs


# Events reported by several articles


@dataclass(frozen=True, slots=True)
class EventMention:
    """One article's mention of an event, reduced to what clustering compares."""

    article_id: str
    event_id: str
    type: str
    sources: frozenset[str]  # folded actor names
    targets: frozenset[str]
    date: DateValue | None


@dataclass(frozen=True, slots=True)
class EventCluster:
    id: str
    type: str
    sources: frozenset[str]
    targets: frozenset[str]
    date: DateValue | None  # the most precise date of its mentions
    mentions: tuple[tuple[str, str], ...]  # (article_id, event_id), every one kept


def event_mentions(article: Article) -> list[EventMention]:
    return [
        EventMention(
            article.id, event.id, event.type,
            frozenset(fold(actor.name) for actor in event.source),
            frozenset(fold(actor.name) for actor in event.target),
            event.date,
        )
        for event in article.events
    ]


def cluster_events(mentions: Iterable[EventMention]) -> list[EventCluster]:
    """Clusters of mentions whose type, actors and dates agree; a lone mention is its own cluster."""
    by_key: dict[tuple[str, frozenset[str], frozenset[str]], list[EventMention]] = defaultdict(list)
    for mention in mentions:
        by_key[(mention.type, mention.sources, mention.targets)].append(mention)
    clusters: list[EventCluster] = []
    for same_actors in by_key.values():
        clusters.extend(_date_clusters(same_actors))
    return clusters


def _date_clusters(mentions: list[EventMention]) -> list[EventCluster]:
    """Mentions of one type and actors, clustered by date.

    Equal dates share a cluster.  Going from the finest dates to the coarsest, a coarser
    date joins the one finer cluster it contains (``2023-09`` joins ``2023-09-13``); when it
    contains several (``2023-09-13`` and ``2023-09-14``) it is ambiguous and stays alone, so
    a vague mention never chains two different days into one event.  Undated mentions stay
    alone.
    """
    by_date: dict[str, list[EventMention]] = defaultdict(list)
    undated: list[list[EventMention]] = []
    for mention in mentions:
        if mention.date is None:
            undated.append([mention])
        else:
            by_date[mention.date.value].append(mention)
    clusters: list[tuple[str, list[EventMention]]] = []
    for value in sorted(by_date, key=lambda v: (-len(v), v)):
        inside = [members for finer, members in clusters if finer != value and finer.startswith(value)]
        if len(inside) == 1:
            inside[0].extend(by_date[value])
        else:
            clusters.append((value, list(by_date[value])))
    groups = [members for _, members in clusters] + undated
    order = {id(m): i for i, m in enumerate(mentions)}
    return [_event_cluster(sorted(members, key=lambda m: order[id(m)])) for members in groups]


def dates_agree(first: DateValue | None, second: DateValue | None) -> bool:
    """Equal, or one contains the other (``2023`` contains ``2023-09-13``); undated never agrees."""
    if first is None or second is None:
        return False
    return first.value.startswith(second.value) or second.value.startswith(first.value)


def _event_cluster(members: list[EventMention]) -> EventCluster:
    first = members[0]
    dated = [m.date for m in members if m.date is not None]
    date = max(dated, key=lambda d: len(d.value)) if dated else None
    refs = tuple((m.article_id, m.event_id) for m in members)
    return EventCluster(
        id=content_id(*(f"{a}/{e}" for a, e in sorted(refs)), prefix="ec_"),
        type=first.type, sources=first.sources, targets=first.targets, date=date, mentions=refs,
    )


def fold(text: str) -> str:
    """Case- and accent-folded (:func:`newsgraph.text.fold`), whitespace collapsed: how names
    and quotes are compared."""
    return " ".join(fold_text(text).split())
