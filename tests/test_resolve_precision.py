"""Resolution precision: a part of a country is not the country (issue #19)."""

from __future__ import annotations

import pytest

from newsgraph.resolve import bundled_gazetteer, resolve_records
from newsgraph.resolve.resolver import NameRecord


@pytest.mark.parametrize("part", ["Angleterre", "England", "Écosse", "Scotland", "pays de Galles", "Wales"])
def test_a_nation_of_the_united_kingdom_is_not_the_united_kingdom(part: str) -> None:
    entry = bundled_gazetteer().lookup(part, "LOC")
    assert entry is None or entry.id != "country:GB"


def test_england_and_the_united_kingdom_stay_two_entities() -> None:
    resolution = resolve_records([
        NameRecord("Royaume-Uni", "LOC"), NameRecord("Grande-Bretagne", "LOC"),
        NameRecord("United Kingdom", "LOC"), NameRecord("Angleterre", "LOC"),
    ])
    assert resolution.same(("Royaume-Uni", "LOC"), ("United Kingdom", "LOC"))
    assert resolution.same(("Grande-Bretagne", "LOC"), ("United Kingdom", "LOC"))
    assert not resolution.same(("Angleterre", "LOC"), ("Royaume-Uni", "LOC"))
