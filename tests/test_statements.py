"""Statements: the quoted-offset lookup behind "not inside a quotation"."""

from __future__ import annotations

import random

from newsgraph.model import Quote
from newsgraph.nlp.statements import Quoted


def quote(start: int, end: int) -> Quote:
    return Quote(id=f"q_{start}_{end}", start=start, end=end, text="x" * (end - start), kind="direct")


def test_quoted_offsets_are_those_of_some_quote_even_when_quotes_nest_or_overlap() -> None:
    rng = random.Random(7)
    for _ in range(200):
        spans = [(s, s + rng.randint(1, 40)) for s in (rng.randint(0, 200) for _ in range(rng.randint(0, 8)))]
        quoted = Quoted([quote(s, e) for s, e in spans])
        for offset in range(-1, 250):
            assert quoted.covers(offset) == any(s <= offset < e for s, e in spans)
    nested = Quoted([quote(0, 100), quote(10, 20)])  # an indirect quote holding a short direct one
    assert nested.covers(50) and nested.covers(15) and not nested.covers(100)
