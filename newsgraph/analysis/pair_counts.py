"""Pairs of members of one group, counted over the groups (the undirected networks:
two nodes of one article), in arrays.

At 10,000 articles the co-occurrence network has ~270,000 (article, pair) rows and
~210,000 distinct pairs: a ``Counter`` of key tuples spent more time hashing them than
the query took to read the nodes.  Here each member is a number, each unordered pair one
integer (``low * members + high``), and the pairs of a batch of groups are made and
counted with numpy; only the pairs a page can show become keys again
(:meth:`PairCounts.at_least`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

PAIRS_PER_BATCH = 2_000_000  # pairs made at once before they are counted (bounds the memory)

Integers = npt.NDArray[np.int64]


def _no_integers() -> Integers:
    return np.zeros(0, dtype=np.int64)


@dataclass(slots=True)
class PairCounts:
    """``keys``: the members, numbered; ``codes``: each distinct pair, ``low * len(keys) +
    high`` with ``low < high`` their numbers; ``counts``: in how many groups it is."""

    keys: list[str] = field(default_factory=list)
    codes: Integers = field(default_factory=_no_integers)
    counts: Integers = field(default_factory=_no_integers)

    def __len__(self) -> int:
        return len(self.codes)

    def at_least(self, least: int) -> Iterator[tuple[str, str, int]]:
        """The pairs in ``least`` groups or more: (key, key, groups), ends in no set order."""
        chosen = np.flatnonzero(self.counts >= least)
        width = len(self.keys)
        for code, count in zip(self.codes[chosen].tolist(), self.counts[chosen].tolist(), strict=True):
            low, high = divmod(code, width)
            yield self.keys[low], self.keys[high], count

    def members_at_least(self, least: int) -> set[str]:
        """The keys of the pairs in ``least`` groups or more."""
        chosen = self.codes[self.counts >= least]
        width = len(self.keys)
        numbers = np.unique(np.concatenate([chosen // width, chosen % width]))
        return {self.keys[number] for number in numbers.tolist()}


def count_pairs(groups: Sequence[Sequence[str]]) -> PairCounts:
    """Each unordered pair of members of one group and in how many groups it is, from the
    groups' members (each at most once per group)."""
    sizes = [len(members) for members in groups if len(members) > 1]
    flat = [member for members in groups if len(members) > 1 for member in members]
    if not flat:
        return PairCounts()
    keys = list(dict.fromkeys(flat))
    number = {key: index for index, key in enumerate(keys)}
    member_of = np.fromiter(map(number.__getitem__, flat), dtype=np.int64, count=len(flat))
    group_of = np.repeat(np.arange(len(sizes), dtype=np.int64), sizes)
    codes, counts = _counted(_pair_codes(group_of, member_of, width=len(keys)))
    return PairCounts(keys, codes, counts)


def _pair_codes(group_of: Integers, member_of: Integers, *, width: int) -> Iterator[Integers]:
    """The code of every pair of two rows of one group (rows in runs of one group), a batch of
    whole groups at a time."""
    starts = _group_starts(group_of)
    ends = np.r_[starts[1:], len(group_of)]
    pairs_per_group = (ends - starts) * (ends - starts - 1) // 2
    first, made = 0, 0
    for index, pairs in enumerate(pairs_per_group.tolist()):
        if made and made + pairs > PAIRS_PER_BATCH:
            yield _codes_of(group_of[starts[first]:ends[index - 1]], member_of[starts[first]:ends[index - 1]],
                            width=width)
            first, made = index, 0
        made += pairs
    yield _codes_of(group_of[starts[first]:], member_of[starts[first]:], width=width)


def _group_starts(group_of: Integers) -> Integers:
    """Where each run of one group starts."""
    return np.flatnonzero(np.r_[True, group_of[1:] != group_of[:-1]])


def _codes_of(group_of: Integers, member_of: Integers, *, width: int) -> Integers:
    """Pair codes of rows in runs of one group: each row with every later row of its run."""
    starts = _group_starts(group_of)
    sizes = np.diff(np.r_[starts, len(group_of)])
    rows = np.arange(len(group_of), dtype=np.int64)
    later = np.repeat(starts + sizes, sizes) - rows - 1  # the rows after each one in its group
    left = np.repeat(rows, later)
    first_of_run = np.repeat(np.cumsum(later) - later, later)
    right = left + 1 + (np.arange(len(left), dtype=np.int64) - first_of_run)
    a, b = member_of[left], member_of[right]
    codes: Integers = np.minimum(a, b) * width + np.maximum(a, b)
    return codes


def _counted(batches: Iterable[Integers]) -> tuple[Integers, Integers]:
    """Distinct codes and how often each occurs over the batches."""
    codes: list[Integers] = []
    counts: list[Integers] = []
    for batch in batches:
        unique, times = np.unique(batch, return_counts=True)
        codes.append(unique)
        counts.append(times.astype(np.int64))
    if len(codes) == 1:
        return codes[0], counts[0]
    unique, where = np.unique(np.concatenate(codes), return_inverse=True)
    return unique, np.bincount(where, weights=np.concatenate(counts)).astype(np.int64)
