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


PARTS_OF_COUNTRIES = [
    # (part, its country, other names of the country) in both languages
    ("Québec", "Canada", ["Canada"]),
    ("Quebec", "Canada", ["Canada"]),
    ("Ontario", "Canada", ["Canada"]),
    ("Écosse", "Royaume-Uni", ["United Kingdom", "Grande-Bretagne", "UK"]),
    ("Scotland", "United Kingdom", ["Royaume-Uni", "Britain"]),
    ("pays de Galles", "Royaume-Uni", ["United Kingdom"]),
    ("Wales", "United Kingdom", ["Royaume-Uni"]),
    ("Irlande du Nord", "Royaume-Uni", ["United Kingdom"]),
    ("Northern Ireland", "United Kingdom", ["Royaume-Uni"]),
    ("Catalogne", "Espagne", ["Spain"]),
    ("Bavière", "Allemagne", ["Germany"]),
    ("Corse", "France", []),
    ("Texas", "États-Unis", ["United States", "USA"]),
]


@pytest.mark.parametrize(("part", "country", "others"), PARTS_OF_COUNTRIES)
@pytest.mark.parametrize("part_type", ["LOC", "ORG", "MISC"])
def test_a_part_of_a_country_is_never_the_country(part: str, country: str, others: list[str],
                                                   part_type: str) -> None:
    """A province, nation or region is not its country, whatever type the recogniser gave it
    and even when its article describes it by its country ("province canadienne")."""
    records = [NameRecord(part, part_type, articles=3, mentions=9,
                          descriptors=(f"région de {country}", "province canadienne")),
               NameRecord(country, "LOC", articles=5, mentions=20),
               *(NameRecord(other, "LOC") for other in others)]
    resolution = resolve_records(records)
    assert not resolution.same((part, part_type), (country, "LOC"))
    for other in others:
        assert resolution.same((other, "LOC"), (country, "LOC")), other  # the country still one
        assert not resolution.same((part, part_type), (other, "LOC"))


def test_parts_and_countries_apart_from_extracted_articles() -> None:
    """From text: the province and the country named in one article stay two entities."""
    from newsgraph import extract

    articles = [
        extract("Le premier ministre du Québec a rencontré jeudi à Ottawa la ministre des Finances "
                "du Canada. Le Québec réclame plus de fonds au Canada.", lang="fr"),
        extract("The first minister of Scotland said Britain must listen. Leaders in Wales agreed, and "
                "the government of the United Kingdom said it would reply.", lang="en"),
    ]
    resolution = resolve_records(
        NameRecord(e.name, e.type, aliases=tuple(e.aliases), descriptors=tuple(e.descriptors))
        for a in articles for e in a.entities)
    places = {e.name: e.type for a in articles for e in a.entities}
    assert {"Québec", "Canada", "Scotland", "Wales"} <= set(places), places
    assert not resolution.same(("Québec", places["Québec"]), ("Canada", places["Canada"]))
    assert resolution.same(("Britain", places["Britain"]), ("United Kingdom", places["United Kingdom"]))
    for part in ("Scotland", "Wales"):
        assert not resolution.same((part, places[part]), ("Britain", places["Britain"]))
