"""The one union-find (newsgraph/union_find.py), shared by resolution and near-duplicates."""

from __future__ import annotations

import re
from pathlib import Path

from newsgraph.union_find import UnionFind

PACKAGE = Path(__file__).resolve().parents[1] / "newsgraph"


def test_sets_are_rooted_at_their_smallest_member_whatever_the_order() -> None:
    forward, backward = UnionFind(), UnionFind()
    for a, b in [("d", "c"), ("c", "b"), ("x", "y")]:
        forward.union(a, b)
    for a, b in [("y", "x"), ("b", "c"), ("c", "d")]:
        backward.union(a, b)
    assert {forward.find(i) for i in "bcd"} == {backward.find(i) for i in "bcd"} == {"b"}
    assert forward.find("y") == backward.find("y") == "x"
    forward.add("lonely")
    assert forward.groups() == [["d", "c", "b"], ["x", "y"]]
    assert ["lonely"] in forward.groups(singletons=True)
    assert list(forward) == ["d", "c", "b", "x", "y", "lonely"]


def test_one_union_find_in_the_code_base() -> None:
    defining = sorted(
        str(path.relative_to(PACKAGE)) for path in PACKAGE.rglob("*.py")
        if re.search(r"class \w*UnionFind|parent\[\w+\] = ", path.read_text(encoding="utf-8"))
    )
    assert defining == ["union_find.py"]
