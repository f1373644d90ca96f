"""The one union-find of the code base (disjoint sets of string ids, path compression).

Used by entity resolution (``newsgraph.resolve.resolver``: name keys into corpus
entities) and by near-duplicate grouping (``newsgraph.dedup``).  The root of a set is its
smallest member (string order), whatever order the unions came in, so a set's label is
the same from one run to the next.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator


class UnionFind:
    def __init__(self) -> None:
        self._parent: dict[str, str] = {}

    def add(self, item: str) -> None:
        """``item`` as a set of its own, unless it is already known."""
        self._parent.setdefault(item, item)

    def find(self, item: str) -> str:
        """The root of ``item``'s set (``item`` added first when new)."""
        self.add(item)
        root = item
        while self._parent[root] != root:
            root = self._parent[root]
        while self._parent[item] != root:
            self._parent[item], item = root, self._parent[item]
        return root

    def union(self, a: str, b: str) -> None:
        """One set of ``a``'s and ``b``'s, rooted at the smaller root."""
        root_a, root_b = self.find(a), self.find(b)
        if root_a != root_b:
            self._parent[max(root_a, root_b)] = min(root_a, root_b)

    def __iter__(self) -> Iterator[str]:
        """Every item, in the order it was first seen."""
        return iter(list(self._parent))

    def groups(self, *, singletons: bool = False) -> list[list[str]]:
        """The sets (members in the order first seen; sets in the order of their first
        member), those of one item only when ``singletons``."""
        grouped: dict[str, list[str]] = defaultdict(list)
        for item in list(self._parent):
            grouped[self.find(item)].append(item)
        return [members for members in grouped.values() if singletons or len(members) > 1]
