"""Pairs of one group's members counted over the groups in arrays (newsgraph.analysis.
pair_counts, the undirected networks' edges): the same counts as a Counter of every
combination, whatever the order of the rows and however the pairs are batched."""

from __future__ import annotations

import itertools
import random
from collections import Counter

import pytest

from newsgraph.analysis import pair_counts
from newsgraph.analysis.pair_counts import count_pairs


def combinations_counted(groups: dict[int, list[str]]) -> Counter[tuple[str, str]]:
    counted: Counter[tuple[str, str]] = Counter()
    for members in groups.values():
        counted.update(tuple(sorted(pair)) for pair in itertools.combinations(members, 2))  # type: ignore[misc]
    return counted


@pytest.mark.parametrize("batch", [1, 4, 50, 2_000_000])
def test_pairs_counted_as_every_combination(batch: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pair_counts, "PAIRS_PER_BATCH", batch)
    names = [f"node {n}" for n in range(12)]
    for seed in range(60):
        rng = random.Random(seed)
        groups = {g: rng.sample(names, rng.randint(0, 7)) for g in range(rng.randint(0, 15))}
        rows = [(f"article {g}", member) for g, members in groups.items() for member in members]
        rng.shuffle(rows)
        found = count_pairs(rows)
        expected = combinations_counted(groups)
        assert Counter({tuple(sorted((a, b))): n for a, b, n in found.at_least(1)}) == expected, seed
        assert len(found) == len(expected)


def test_the_heaviest_pairs_and_their_members() -> None:
    rows = [("a", "x"), ("a", "y"), ("a", "z"), ("b", "y"), ("b", "x"), ("c", "w"), ("c", "x"), ("d", "v")]
    found = count_pairs(rows)
    assert sorted(tuple(sorted(pair[:2])) + pair[2:] for pair in found.at_least(2)) == [("x", "y", 2)]
    assert found.members_at_least(2) == {"x", "y"}
    assert len(found) == 4  # xy, xz, yz, wx; v alone makes none
    assert len(count_pairs([])) == 0 and list(count_pairs([]).at_least(0)) == []
