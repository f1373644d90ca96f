"""Cross-document resolution: name folding, gazetteer, rules, pair scores (no database)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsgraph.resolve import bundled_gazetteer, load_gazetteer, name_key, resolve_records
from newsgraph.resolve.evaluate import bundled_pairs, predict, score
from newsgraph.resolve.gazetteer import AliasFileError
from newsgraph.resolve.resolver import Judgement, NameRecord, active_judgements, record_key


@pytest.mark.parametrize(
    ("french", "english"),
    [
        ("Vladimir Poutine", "Vladimir Putin"),
        ("Sergueï Choïgou", "Sergei Shoigu"),
        ("Sergueï Choïgou", "Sergey Shoigu"),
        ("Nina Khrouchtcheva", "Nina Khrushcheva"),
        ("Kim Jong-un", "Kim Jong Un"),
        ("Evgueni Prigojine", "Yevgeny Prigozhin"),
        ("Mikhaïl Gorbatchev", "Mikhail Gorbachev"),
        ("Alexandre Loukachenko", "Alexander Lukashenko"),
        ("Boris Eltsine", "Boris Yeltsin"),
    ],
)
def test_french_and_english_spellings_fold_to_one_key(french: str, english: str) -> None:
    assert name_key(french) == name_key(english)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Kim Jong-un", "Kim Yo-jong"),
        ("Jean Dupont", "Jeanne Dupont"),
        ("Nikita Khrouchtchev", "Nina Khrouchtcheva"),
    ],
)
def test_different_names_keep_different_keys(one: str, other: str) -> None:
    assert name_key(one) != name_key(other)


def test_capitals_are_part_of_short_keys() -> None:
    assert record_key("UN", "ORG") != record_key("Un", "ORG")
    assert record_key("Vladimir POUTINE", "PER") == record_key("Vladimir Putin", "PER")


@pytest.mark.parametrize(
    ("name", "entity_type", "expected"),
    [
        ("ONU", "ORG", "org:UN"),
        ("l'ONU", "ORG", "org:UN"),
        ("l'Onu", "ORG", "org:UN"),
        ("Nations unies", "ORG", "org:UN"),
        ("United Nations", "ORG", "org:UN"),
        ("OTAN", "ORG", "org:NATO"),
        ("UE", "ORG", "org:EU"),
        ("la Russie", "LOC", "country:RU"),
        ("Russia", "ORG", "country:RU"),
        ("Fédération de Russie", "LOC", "country:RU"),
        ("Corée du Nord", "LOC", "country:KP"),
        ("Allemagne", "LOC", "country:DE"),
        ("Corée", "LOC", None),  # two countries
        ("Un", "ORG", None),  # an acronym must be written as one
        ("Jordan", "PER", None),  # a person is not a country
        ("UN", "LOC", None),  # an organisation is not a place
    ],
)
def test_gazetteer_lookup(name: str, entity_type: str, expected: str | None) -> None:
    entry = bundled_gazetteer().lookup(name, entity_type)
    assert (entry.id if entry else None) == expected


def test_user_alias_files_csv_and_followthemoney(tmp_path: Path) -> None:
    csv_file = tmp_path / "aliases.csv"
    csv_file.write_text(
        "name,alias,type\nVladimir Putin,VVP,PER\nUnited Nations,Nations Unies (NU),ORG\nGazprom,Газпром,\n",
        encoding="utf-8",
    )
    ftm_file = tmp_path / "entities.json"
    ftm_file.write_text(
        json.dumps(
            {"schema": "Organization", "properties": {"name": ["Wagner Group"], "alias": ["Groupe Wagner"]}}
        )
        + "\n",
        encoding="utf-8",
    )
    gazetteer = load_gazetteer([csv_file, ftm_file])
    assert gazetteer.lookup("VVP", "PER") is not None
    assert gazetteer.lookup("Nations Unies (NU)", "ORG").id == "org:UN"  # type: ignore[union-attr]
    assert gazetteer.lookup("Газпром", "ORG") is not None
    assert gazetteer.lookup("Groupe Wagner", "ORG") == gazetteer.lookup("Wagner Group", "ORG")
    assert bundled_gazetteer().lookup("VVP", "PER") is None  # the bundled one is untouched
    bad = tmp_path / "bad.csv"
    bad.write_text("just one column\n", encoding="utf-8")
    with pytest.raises(AliasFileError, match=r"bad\.csv"):
        load_gazetteer([bad])


def test_ftm_alias_file_is_read_line_by_line_as_followthemoney_proxies(tmp_path: Path) -> None:
    """An Aleph/`ftm` stream: fragments of one entity on several lines merge, a schema's
    descendants count (Company is an organisation), the user's ids are kept as given, and
    the file is read a line at a time (an entity before a broken line is read)."""
    from followthemoney import model

    from newsgraph.resolve.gazetteer import _ftm_groups, external_id

    putin = model.make_entity("Person")
    putin.id = "Q7747"
    putin.add("name", "Vladimir Putin")
    fragment = model.make_entity("Person")
    fragment.id = "Q7747"
    fragment.add("alias", "Poutine")
    company = model.make_entity("Company")
    company.id = "Q102673"
    company.add("name", "Gazprom")
    company.add("weakAlias", "Газпром")
    path = tmp_path / "entities.ftm"
    lines = [json.dumps(e.to_dict()) + "\n" for e in (putin, company, fragment)]
    path.write_text("".join(lines), encoding="utf-8")
    gazetteer = load_gazetteer([path])
    entry = gazetteer.lookup("Poutine", "PER")
    assert entry is not None and (entry.name, external_id(entry.id)) == ("Vladimir Putin", "Q7747")
    assert gazetteer.lookup("Vladimir Putin", "PER") is entry
    gazprom = gazetteer.lookup("Газпром", "ORG")
    assert gazprom is not None and external_id(gazprom.id) == "Q102673"
    broken = tmp_path / "broken.ftm"
    broken.write_text(json.dumps(putin.to_dict()) + "\n{not json\n", encoding="utf-8")
    groups = _ftm_groups(broken)
    assert next(groups) == ("Vladimir Putin", [], "PER", "Q7747")  # read before the broken line
    with pytest.raises(ValueError):
        next(groups)
    with pytest.raises(AliasFileError, match=r"broken\.ftm"):
        load_gazetteer([broken])


def test_surname_alone_joins_the_one_person_who_carries_it() -> None:
    resolution = resolve_records(
        [
            NameRecord("Vladimir Poutine", "PER"),
            NameRecord("Putin", "PER"),
            NameRecord("Sergueï Lavrov", "PER"),
        ]
    )
    assert resolution.same(("Putin", "PER"), ("Vladimir Poutine", "PER"))
    assert not resolution.same(("Putin", "PER"), ("Sergueï Lavrov", "PER"))


def test_shared_surname_is_never_merged_and_stays_ambiguous() -> None:
    records = [
        NameRecord("Kim Jong-un", "PER", aliases=("Kim",)),
        NameRecord("Kim Yo-jong", "PER", aliases=("Kim",)),
        NameRecord("Kim", "PER"),
    ]
    resolution = resolve_records(records)
    assert not resolution.same(("Kim Jong-un", "PER"), ("Kim Yo-jong", "PER"))
    assert not resolution.same(("Kim", "PER"), ("Kim Jong-un", "PER"))
    assert not resolution.same(("Kim", "PER"), ("Kim Yo-jong", "PER"))


def test_context_descriptor_breaks_a_surname_tie() -> None:
    records = [
        NameRecord("Kim Jong-un", "PER", aliases=("Kim",), descriptors=("dirigeant nord-coréen",)),
        NameRecord("Kim Yo-jong", "PER", aliases=("Kim",), descriptors=("sœur du dirigeant",)),
        NameRecord("Kim", "PER", descriptors=("dirigeant nord-coréen",)),
    ]
    assert resolve_records(records).same(("Kim", "PER"), ("Kim Jong-un", "PER"))


def test_marked_genders_must_agree() -> None:
    records = [NameRecord("Brigitte Macron", "PER", gender="f"), NameRecord("Macron", "PER", gender="m")]
    assert not resolve_records(records).same(("Macron", "PER"), ("Brigitte Macron", "PER"))


def test_types_organisations_and_misc() -> None:
    records = [
        NameRecord("ONU", "ORG"),
        NameRecord("United Nations", "ORG"),
        NameRecord("Nations unies", "MISC"),
        NameRecord("Gazprom", "ORG"),
        NameRecord("Gazprom", "MISC"),
        NameRecord("Jordan", "PER"),
        NameRecord("Jordan", "LOC"),
    ]
    resolution = resolve_records(records)
    assert resolution.same(("ONU", "ORG"), ("Nations unies", "MISC"))
    un = resolution.entity_of("ONU", "ORG")
    assert un is not None and un.name == "United Nations" and un.gazetteer_id == "org:UN"
    assert "ONU" in un.aliases and "Organisation des Nations unies" in un.aliases
    assert resolution.same(("Gazprom", "MISC"), ("Gazprom", "ORG"))
    assert not resolution.same(("Jordan", "PER"), ("Jordan", "LOC"))


def test_person_variants_initials_and_middle_names() -> None:
    records = [
        NameRecord("Vladimir Putin", "PER"),
        NameRecord("V. Poutine", "PER"),
        NameRecord("Vladimir Vladimirovitch Poutine", "PER"),
        NameRecord("George W. Bush", "PER"),
        NameRecord("George H. W. Bush", "PER"),
        NameRecord("George Bush", "PER"),
    ]
    resolution = resolve_records(records)
    assert resolution.same(("V. Poutine", "PER"), ("Vladimir Putin", "PER"))
    assert resolution.same(("Vladimir Vladimirovitch Poutine", "PER"), ("Vladimir Putin", "PER"))
    assert not resolution.same(("George W. Bush", "PER"), ("George H. W. Bush", "PER"))
    assert not resolution.same(("George Bush", "PER"), ("George W. Bush", "PER"))  # which one?


def test_judgements_merge_split_rename_in_order() -> None:
    records = [NameRecord("Vladimir Putin", "PER"), NameRecord("VVP", "PER"), NameRecord("Poutine", "PER")]
    putin, vvp, poutine = (record_key(r.name, r.type) for r in records)
    judgements = (
        Judgement(1, "merge", putin, vvp),
        Judgement(2, "rename", putin, "Vladimir V. Putin"),
        Judgement(3, "split", putin, json.dumps([poutine])),
        Judgement(4, "merge", putin, "PER:nobody"),
    )
    resolution = resolve_records(records, judgements=judgements)
    entity = resolution.entity_of("VVP", "PER")
    assert entity is not None and entity is resolution.entity_of("Vladimir Putin", "PER")
    assert entity.name == "Vladimir V. Putin"
    assert not resolution.same(("Poutine", "PER"), ("Vladimir Putin", "PER"))
    assert resolution.applied == [1, 2, 3] and resolution.stale == [4]
    undone = resolve_records(records, judgements=(*judgements, Judgement(5, "undo", putin, "3")))
    assert undone.same(("Poutine", "PER"), ("Vladimir Putin", "PER"))


def test_undo_of_undo_restores() -> None:
    merge = Judgement(1, "merge", "PER:a", "PER:b")
    assert active_judgements([merge, Judgement(2, "undo", "PER:a", "1")]) == []
    assert active_judgements(
        [merge, Judgement(2, "undo", "PER:a", "1"), Judgement(3, "undo", "PER:a", "2")]
    ) == [merge]


def test_ids_are_stable_and_derived_from_the_anchor() -> None:
    first = resolve_records([NameRecord("Vladimir Poutine", "PER"), NameRecord("ONU", "ORG")])
    second = resolve_records([NameRecord("Vladimir Putin", "PER", articles=1), NameRecord("UN", "ORG")])
    assert {e.id for e in first.entities} == {e.id for e in second.entities}


# --- the measured pair corpus (numbers in docs/entities.md) ------------------------------


def test_pair_corpus_precision_and_recall() -> None:
    scores = score(bundled_pairs())
    assert scores.precision >= 0.98
    assert scores.recall >= 0.90


def test_two_full_names_sharing_a_surname_are_never_merged() -> None:
    for pair in bundled_pairs():
        full_names = all(len(name_key(r.name).split()) >= 2 for r in (pair.a, pair.b))
        if pair.a.type == pair.b.type == "PER" and full_names and not pair.same:
            assert not predict(pair), (pair.a.name, pair.b.name)


def test_catalogue_inversions_are_looked_up_but_never_shown_as_names() -> None:
    """ISO 3166 writes "Russie, Fédération de": a key to look names up by, not a name a
    reader meets; listed among the other names it reads as "Russie" twice."""
    records = [NameRecord("Russie", "LOC"), NameRecord("Corée du Sud", "LOC")]
    resolution = resolve_records(records)
    for name, natural in (("Russie", "Fédération de Russie"), ("Corée du Sud", "République de Corée")):
        entity = resolution.entity_of(name, "LOC")
        assert entity is not None and natural in entity.aliases
        assert not [alias for alias in entity.aliases if ", " in alias], entity.aliases
    assert bundled_gazetteer().lookup("Russie, Fédération de", "LOC").id == "country:RU"  # type: ignore[union-attr]
    bonaire = bundled_gazetteer().entries["country:BQ"]  # a list of islands is no inversion
    assert "Sint Eustatius and Saba Bonaire" not in bonaire.names
