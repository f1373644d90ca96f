"""The gazetteer: known entities with all their names, in English and French.

Bundled: every ISO 3166 country from pycountry (English names and the French
translations pycountry carries, with "Corée, République de" also read as "République de
Corée"), everyday country names pycountry lacks (``data/countries_extra.tsv``), and the
major international organisations with their acronyms in both languages
(``data/organisations.tsv``).  Users extend it with an alias file: CSV ``name,alias[,type[,id]]``
or FollowTheMoney entities (one JSON object per line, ``.json``/``.jsonl``/``.ftm``).  An id
the user gives (a Wikidata ``Q…``, an FtM entity id) becomes the entry id ``ext:<id>``, so
it is stored with the corpus entity (``gazetteer_id``) and exported as it came in
(:func:`external_id`).
"""

from __future__ import annotations

import csv
import gettext
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import pycountry
from followthemoney import model as ftm_model
from followthemoney.exc import FollowTheMoneyException

from newsgraph.errors import NewsgraphError
from newsgraph.names import place_key

ENTITY_TYPES = ("PER", "ORG", "LOC", "MISC")
# Which in-article types may be linked to a gazetteer entry of each type.  Countries are
# often tagged ORG when they act ("la Russie a annoncé"), organisations sometimes MISC.
COMPATIBLE_TYPES: dict[str, frozenset[str]] = {
    "LOC": frozenset({"LOC", "ORG", "MISC"}),
    "ORG": frozenset({"ORG", "MISC"}),
    "PER": frozenset({"PER"}),
    "MISC": frozenset({"MISC"}),
}
_FTM_TYPES = {
    "Person": "PER",
    "Organization": "ORG",
    "Company": "ORG",
    "PublicBody": "ORG",
    "LegalEntity": "ORG",
    "Country": "LOC",
    "Address": "LOC",
}
EXTERNAL_PREFIX = "ext:"  # entry ids of user entries that came with an id of their own
COUNTRY_PREFIX = "country:"


def external_id(gazetteer_id: str | None) -> str | None:
    """The id a user gave in an alias file (``Q7747``), from a gazetteer id (``ext:Q7747``)."""
    if gazetteer_id is not None and gazetteer_id.startswith(EXTERNAL_PREFIX):
        return gazetteer_id[len(EXTERNAL_PREFIX):]
    return None


def country_code(gazetteer_id: str | None) -> str | None:
    """The ISO 3166 alpha-2 code of a bundled country entry (``country:RU`` -> ``ru``)."""
    if gazetteer_id is not None and gazetteer_id.startswith(COUNTRY_PREFIX):
        return gazetteer_id[len(COUNTRY_PREFIX):].lower()
    return None


class AliasFileError(NewsgraphError):
    """A user alias file that cannot be read."""


@dataclass(slots=True)
class GazetteerEntry:
    id: str  # "country:RU", "org:UN", "user:<key>", "ext:<the user's id>"
    type: str
    name: str  # display name
    names: list[str] = field(default_factory=list)  # every name, display name first
    replaces: str | None = None  # a known entry this user entry takes over (it gave an id)


@dataclass(slots=True)
class Gazetteer:
    """Entries and a name index; ``lookup(name, type)`` is the only matching rule."""

    entries: dict[str, GazetteerEntry] = field(default_factory=dict)
    _index: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    _acronyms: set[str] = field(default_factory=set)  # keys that must be written in capitals

    def add(self, entry: GazetteerEntry) -> None:
        if entry.replaces is not None and entry.replaces in self.entries:
            self._remove(entry.replaces)
        existing = self.entries.get(entry.id)
        if existing is None:
            self.entries[entry.id] = entry
        else:
            existing.names.extend(n for n in entry.names if n not in existing.names)
        for name in entry.names:
            key = place_key(name)
            if not key:
                continue
            self._index[key].add(entry.id)
            if _is_acronym(name):
                self._acronyms.add(key)

    def _remove(self, entry_id: str) -> None:
        for name in self.entries.pop(entry_id).names:
            self._index.get(place_key(name), set()).discard(entry_id)

    def lookup(self, name: str, entity_type: str) -> GazetteerEntry | None:
        """The one entry ``name`` designates for an entity of ``entity_type``, if any.

        An acronym (UN, ONU, EU) only matches a name written in capitals; a name that
        designates several entries (ambiguous) matches none.
        """
        key = place_key(name)
        if key in self._acronyms and not _written_as_acronym(name):
            return None
        candidates = [
            self.entries[entry_id]
            for entry_id in self._index.get(key, ())
            if entity_type in COMPATIBLE_TYPES[self.entries[entry_id].type]
        ]
        return candidates[0] if len(candidates) == 1 else None

    def entry_for_name(self, name: str) -> GazetteerEntry | None:
        ids = self._index.get(place_key(name), set())
        return self.entries[next(iter(ids))] if len(ids) == 1 else None


def _written_as_acronym(name: str) -> bool:
    """UN, ONU, l'Onu, Otan: capitals, or a capitalised word of 3+ letters (French press)."""
    word = name.strip().split("'")[-1].split("’")[-1].replace(".", "")
    return _is_acronym(word) or (len(word) >= 3 and word[:1].isupper() and word[1:].islower())


def _is_acronym(name: str) -> bool:
    letters = name.replace(".", "")
    return 1 < len(letters) <= 8 and letters.isupper()


# --- bundled data --------------------------------------------------------------------


@cache
def bundled_gazetteer() -> Gazetteer:
    """Countries (pycountry + extras) and international organisations (cached)."""
    gazetteer = Gazetteer()
    for entry in _countries():
        gazetteer.add(entry)
    for entry in _organisations():
        gazetteer.add(entry)
    return gazetteer


def load_gazetteer(alias_files: Iterable[Path] = ()) -> Gazetteer:
    """The bundled gazetteer extended with user alias files (a fresh object)."""
    gazetteer = Gazetteer()
    for entry in bundled_gazetteer().entries.values():
        gazetteer.add(GazetteerEntry(entry.id, entry.type, entry.name, list(entry.names)))
    for path in alias_files:
        for entry in read_alias_file(path, gazetteer):
            gazetteer.add(entry)
    return gazetteer


def _data_rows(filename: str) -> Iterator[list[str]]:
    text = (
        resources.files("newsgraph.resolve").joinpath("data").joinpath(filename).read_text(encoding="utf-8")
    )
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    yield from (line.split("\t") for line in lines[1:])  # the first line is the header


def _countries() -> Iterator[GazetteerEntry]:
    french = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
    entries: dict[str, GazetteerEntry] = {}
    heads: dict[str, set[str]] = defaultdict(set)
    for country in pycountry.countries:
        english = [getattr(country, attr, None) for attr in ("common_name", "name", "official_name")]
        names = [n for n in english if n]
        names += [french.gettext(n) for n in names]
        expanded: list[str] = []
        for name in names:
            expanded.extend(_inverted_forms(name, heads, country.alpha_2))
        display = next(n for n in expanded if not is_catalogue_inversion(n))
        entries[country.alpha_2] = GazetteerEntry(
            f"country:{country.alpha_2}", "LOC", display, list(dict.fromkeys(expanded))
        )
    for code, entry in entries.items():
        # "Corée" heads two countries: only a head naming one country is a name of it.
        entry.names += [head for head, codes in heads.items() if codes == {code}]
    for code, extra in _data_rows("countries_extra.tsv"):
        everyday = extra.split("|")
        entries[code].name = everyday[0]  # Russia rather than Russian Federation
        entries[code].names += everyday
    yield from entries.values()


_LIST_JOINERS = (" and ", " et ")


def is_catalogue_inversion(name: str) -> bool:
    """ISO 3166's inverted order, the head first ("Russie, Fédération de", "Virgin Islands,
    British"): a key to look names up by, never a name shown to a reader (the natural
    form is among the entry's names).  A list ("Bonaire, Sint Eustatius and Saba") is no
    inversion."""
    _, comma, rest = name.partition(", ")
    return bool(comma) and not any(joiner in rest for joiner in _LIST_JOINERS)


def shown_names(entry: GazetteerEntry) -> list[str]:
    """The names of ``entry`` a reader may be shown: a bundled country's catalogue
    inversions are left out (a user's own names are shown as given)."""
    if not entry.id.startswith(COUNTRY_PREFIX):
        return list(entry.names)
    return [name for name in entry.names if not is_catalogue_inversion(name)]


def _inverted_forms(name: str, heads: dict[str, set[str]], code: str) -> list[str]:
    """ "Russie, Fédération de" -> itself and "Fédération de Russie"; remembers the head."""
    if not is_catalogue_inversion(name):
        return [name]
    head, rest = name.split(", ", 1)
    heads[head].add(code)
    joiner = "" if rest.endswith("'") else " "
    return [name, f"{rest}{joiner}{head}"]


def _organisations() -> Iterator[GazetteerEntry]:
    for entry_id, entity_type, names in _data_rows("organisations.tsv"):
        all_names = names.split("|")
        yield GazetteerEntry(entry_id, entity_type, all_names[0], all_names)


# --- user alias files ----------------------------------------------------------------


def read_alias_file(path: Path, gazetteer: Gazetteer) -> list[GazetteerEntry]:
    """Entries of a user alias file; names of known entries extend those entries."""
    try:
        if path.suffix.lower() in (".json", ".jsonl", ".ftm"):
            groups = list(_ftm_groups(path))
        else:
            groups = list(_csv_groups(path))
    except (OSError, UnicodeDecodeError, ValueError, csv.Error) as exc:
        raise AliasFileError(f"cannot read the alias file {path}: {exc}") from exc
    return [_user_entry(name, aliases, entity_type, given, gazetteer)
            for name, aliases, entity_type, given in groups]


def _user_entry(
    name: str, aliases: list[str], entity_type: str, given_id: str | None, gazetteer: Gazetteer
) -> GazetteerEntry:
    """A user entry; it extends the known entry its name designates.  With an id of its own
    it is ``ext:<id>`` and takes that entry over (names, type and display name kept)."""
    known = gazetteer.entry_for_name(name)
    if known is not None:
        if given_id is None or known.id == EXTERNAL_PREFIX + given_id:
            return GazetteerEntry(known.id, known.type, known.name, [name, *aliases])
        return GazetteerEntry(EXTERNAL_PREFIX + given_id, known.type, known.name,
                              [*known.names, name, *aliases], replaces=known.id)
    entry_id = EXTERNAL_PREFIX + given_id if given_id else f"user:{entity_type}:{place_key(name)}"
    return GazetteerEntry(entry_id, entity_type, name, [name, *aliases])


Group = tuple[str, list[str], str, str | None]  # name, aliases, type, the user's id


def _csv_groups(path: Path) -> Iterator[Group]:
    """``name,alias[,type[,id]]`` rows (a header row ``name,alias,...`` is skipped)."""
    grouped: dict[tuple[str, str], list[str]] = defaultdict(list)
    ids: dict[tuple[str, str], str] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.reader(handle), start=1):
            cells = [cell.strip() for cell in row]
            if not cells or not any(cells) or cells[0].startswith("#"):
                continue
            if number == 1 and cells[0].lower() == "name":
                continue
            if len(cells) < 2 or not cells[0] or not cells[1]:
                raise ValueError(f"line {number}: expected name,alias[,type]")
            entity_type = (cells[2] if len(cells) > 2 and cells[2] else "ORG").upper()
            if entity_type not in ENTITY_TYPES:
                raise ValueError(f"line {number}: unknown type {entity_type!r} (PER, ORG, LOC, MISC)")
            key = (cells[0], entity_type)
            grouped[key].append(cells[1])
            given = cells[3] if len(cells) > 3 else ""
            if given and ids.setdefault(key, given) != given:
                raise ValueError(f"line {number}: {cells[0]} already has the id {ids[key]}")
    for (name, entity_type), aliases in grouped.items():
        yield name, aliases, entity_type, ids.get((name, entity_type))


def _ftm_groups(path: Path) -> Iterator[Group]:
    """FollowTheMoney entities, one JSON object per line, read line by line as
    followthemoney proxies (``schema``, ``id``, ``properties``); the entity id is kept."""
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            data = json.loads(line)
            if not isinstance(data, dict):
                raise ValueError(f"line {number}: not a JSON object")
            entity_type = _FTM_TYPES.get(str(data.get("schema", "")))
            if entity_type is None:
                continue
            if ftm_model.get(str(data["schema"])) is None:  # "Country": older FtM, other tools
                names, given = _raw_names(data, number), data.get("id")
            else:
                try:
                    proxy = ftm_model.get_proxy(data, cleaned=False)
                except (FollowTheMoneyException, TypeError, AttributeError) as exc:
                    raise ValueError(f"line {number}: {exc}") from exc
                names, given = [*proxy.get("name"), *proxy.get("alias"), *proxy.get("weakAlias")], proxy.id
            if names:
                yield names[0], names[1:], entity_type, str(given) if given else None


def _raw_names(data: dict[str, Any], number: int) -> list[str]:
    properties = data.get("properties", {})
    names = [*properties.get("name", []), *properties.get("alias", []), *properties.get("weakAlias", [])]
    if not all(isinstance(n, str) for n in names):
        raise ValueError(f"line {number}: names must be strings")
    return names
