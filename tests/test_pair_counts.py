"""Pairs of one group's members counted over the groups in arrays (newsgraph.analysis.
pair_counts, the undirected networks' edges): the same counts as a Counter of every
combination, however the pairs are batched."""

from __future__ import annotations

import itertools
import random
from collections import Counter

import pytest

from newsgraph.analysis import pair_counts
from newsgraph.analysis.pair_counts import count_pairs


def combinations_counted(groups: list[list[str]]) -> Counter[tuple[str, ...]]:
    counted: Counter[tuple[str, ...]] = Counter()
    for members in groups:
        counted.update(tuple(sorted(pair)) for pair in itertools.combinations(members, 2))
    return counted


@pytest.mark.parametrize("batch", [1, 4, 50, 2_000_000])
def test_pairs_counted_as_every_combination(batch: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pair_counts, "PAIRS_PER_BATCH", batch)
    names = [f"node {n}" for n in range(12)]
    for seed in range(60):
        rng = random.Random(seed)
        groups = [rng.sample(names, rng.randint(0, 7)) for _group in range(rng.randint(0, 15))]
        found = count_pairs(groups)
        expected = combinations_counted(groups)
        assert Counter({tuple(sorted((a, b))): n for a, b, n in found.at_least(1)}) == expected, seed
        assert len(found) == len(expected)


def test_the_heaviest_pairs_and_their_members() -> None:
    found = count_pairs([["x", "y", "z"], ["y", "x"], ["w", "x"], ["v"], []])
    assert [(*sorted(pair[:2]), pair[2]) for pair in found.at_least(2)] == [("x", "y", 2)]
    assert found.members_at_least(2) == {"x", "y"}
    assert len(found) == 4  # xy, xz, yz, wx; v alone makes none
    assert len(count_pairs([])) == 0 and list(count_pairs([["v"]]).at_least(0)) == []
