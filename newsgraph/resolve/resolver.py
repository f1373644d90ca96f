"""Cross-document resolution over names: pure functions, no database.

The unit is a :class:`NameRecord`: every in-article entity with one (name, type),
aggregated over the corpus.  Records whose :func:`record_key` (type + transliteration-
folded name) is equal are always one entity; the rules below join keys; judgements
(human corrections) are applied last, in the order they were made.

Rules, in order:

1. *Gazetteer*: a non-person record whose name (or in-article alias) designates one
   gazetteer entry (country, international organisation, user alias) joins it —
   ONU, l'ONU, Nations unies, UN and United Nations are one entity.
2. *Type*: a person never joins a non-person; a MISC record joins the single ORG or LOC
   with the same key; ORG and LOC only meet through the gazetteer.
3. *Person variants*: ``V. Putin`` joins the one full name with that surname and
   initial; ``Vladimir Vladimirovich Putin`` the one ``Vladimir Putin``; marked genders
   must agree.
4. *Surname-only persons*: ``Poutine`` joins the one full-name person whose surname it
   is (its last word, or a one-word in-article alias: ``Kim`` for ``Kim Jong-un``).  When
   several persons share it (Kim Jong-un, Kim Yo-jong), it joins one only if exactly one
   shares a descriptor with it (context); otherwise it stays on its own.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from newsgraph.model import content_id
from newsgraph.names import PARTICLES, is_initial, name_key, normalise_name
from newsgraph.resolve.gazetteer import Gazetteer, GazetteerEntry, bundled_gazetteer, shown_names
from newsgraph.union_find import UnionFind

GAZETTEER_PREFIX = "gaz:"
MAX_LIST = 50
JUDGEMENT_ACTIONS = ("merge", "split", "rename", "undo")


def record_key(name: str, entity_type: str) -> str:
    """The key of a (name, type): ``PER:vladimir putin``.  Judgements refer to keys.

    A short name written in capitals keeps a mark (``ORG:=un``): UN is not "Un".
    """
    letters = name.replace(".", "").strip()
    mark = "=" if 1 < len(letters) <= 5 and letters.isupper() else ""
    return f"{entity_type}:{mark}{name_key(name)}"


def _surnames(tokens: list[str]) -> set[str]:
    """Last word, and the particle tail: marine le pen -> {pen, le pen}."""
    found = {tokens[-1]}
    for index in range(1, len(tokens) - 1):
        if tokens[index] in PARTICLES:
            found.add(" ".join(tokens[index:]))
            break
    return found


def _is_surname_only(tokens: list[str]) -> bool:
    return len(tokens) == 1 or (len(tokens) == 2 and tokens[0] in PARTICLES)


@dataclass(frozen=True, slots=True)
class NameRecord:
    """All in-article entities with one (name, type), aggregated over the corpus."""

    name: str
    type: str
    articles: int = 1
    mentions: int = 1
    aliases: tuple[str, ...] = ()
    descriptors: tuple[str, ...] = ()
    gender: str = "unknown"  # the marked gender ("m"/"f") if its articles agree

    @property
    def key(self) -> str:
        return record_key(self.name, self.type)


@dataclass(frozen=True, slots=True)
class Judgement:
    """A human correction.  ``subject``/``object`` are record keys (see record_key).

    merge: object joins subject's entity.  split: ``object`` is a JSON list of record
    keys that leave subject's entity (together).  rename: ``object`` is the new display
    name.  undo: ``object`` is the id of the judgement it reverses.
    """

    id: int
    action: str
    subject: str
    object: str | None = None


@dataclass(slots=True)
class CorpusEntity:
    id: str
    anchor: str  # the record key (or gazetteer id) the id is derived from
    name: str
    type: str
    gender: str
    aliases: list[str]
    descriptors: list[str]
    records: list[NameRecord]
    gazetteer_id: str | None = None


@dataclass(slots=True)
class Resolution:
    entities: list[CorpusEntity]
    applied: list[int] = field(default_factory=list)  # ids of judgements applied
    stale: list[int] = field(default_factory=list)  # active judgements that matched nothing

    def entity_of(self, name: str, entity_type: str) -> CorpusEntity | None:
        key = record_key(name, entity_type)
        return next((e for e in self.entities if any(r.key == key for r in e.records)), None)

    def same(self, a: tuple[str, str], b: tuple[str, str]) -> bool:
        first, second = self.entity_of(*a), self.entity_of(*b)
        return first is not None and first is second


def resolve_records(
    records: Iterable[NameRecord],
    *,
    gazetteer: Gazetteer | None = None,
    judgements: Sequence[Judgement] = (),
) -> Resolution:
    """Group records into corpus entities (rules, then judgements in order)."""
    gazetteer = gazetteer if gazetteer is not None else bundled_gazetteer()
    by_key: dict[str, list[NameRecord]] = defaultdict(list)
    for record in records:
        if name_key(record.name):
            by_key[record.key].append(record)
    groups = UnionFind()
    for key in sorted(by_key):
        groups.find(key)
    _link_gazetteer(groups, by_key, gazetteer)
    _link_misc(groups, by_key)
    _link_person_variants(groups, by_key)
    _link_surnames(groups, by_key)
    labels = {key: groups.find(key) for key in by_key}
    for key in groups:
        if key.startswith(GAZETTEER_PREFIX):
            labels[key] = groups.find(key)
    applier = _JudgementApplier(labels)
    applier.apply_all(judgements)
    entities = _build_entities(applier.labels, by_key, gazetteer, applier.renames, applier.kept)
    return Resolution(entities, applied=applier.applied, stale=applier.stale)


# --- rules ----------------------------------------------------------------------------


def _link_gazetteer(groups: UnionFind, by_key: dict[str, list[NameRecord]], gazetteer: Gazetteer) -> None:
    for key, records in by_key.items():
        entry = _gazetteer_entry(records, gazetteer)
        if entry is not None:
            groups.union(key, GAZETTEER_PREFIX + entry.id)


def _gazetteer_entry(records: list[NameRecord], gazetteer: Gazetteer) -> GazetteerEntry | None:
    for record in records:
        entry = gazetteer.lookup(record.name, record.type)
        if entry is not None:
            return entry
    by_alias = {
        entry.id: entry
        for record in records
        for alias in record.aliases
        if (entry := gazetteer.lookup(alias, record.type)) is not None
    }
    return next(iter(by_alias.values())) if len(by_alias) == 1 else None


def _link_misc(groups: UnionFind, by_key: dict[str, list[NameRecord]]) -> None:
    for key in by_key:
        entity_type, _, name = key.partition(":")
        if entity_type != "MISC":
            continue
        typed = [f"{other}:{name}" for other in ("ORG", "LOC") if f"{other}:{name}" in by_key]
        if len(typed) == 1:
            groups.union(key, typed[0])


def _person_tokens(by_key: dict[str, list[NameRecord]]) -> dict[str, list[str]]:
    return {key: key[4:].lstrip("=").split() for key in by_key if key.startswith("PER:")}


def _genders(records: Iterable[NameRecord]) -> set[str]:
    return {r.gender for r in records if r.gender in ("m", "f")}


def _compatible(by_key: dict[str, list[NameRecord]], a: str, b: str) -> bool:
    return len(_genders([*by_key[a], *by_key[b]])) <= 1


def _link_person_variants(groups: UnionFind, by_key: dict[str, list[NameRecord]]) -> None:
    persons = _person_tokens(by_key)
    full = {
        key: tokens
        for key, tokens in persons.items()
        if not _is_surname_only(tokens) and not is_initial(tokens[0])
    }
    by_surname: dict[str, list[str]] = defaultdict(list)
    long_by_short: dict[str, list[str]] = defaultdict(list)
    for key, tokens in full.items():
        by_surname[tokens[-1]].append(key)
        if len(tokens) >= 3:
            long_by_short[f"PER:{tokens[0]} {tokens[-1]}"].append(key)
    for short, longs in long_by_short.items():
        if short in full and len(longs) == 1 and _compatible(by_key, short, longs[0]):
            groups.union(short, longs[0])
    for key, tokens in persons.items():
        if len(tokens) >= 2 and is_initial(tokens[0]):
            candidates = {
                groups.find(other)
                for other in by_surname.get(tokens[-1], [])
                if full[other][0].startswith(tokens[0]) and _compatible(by_key, key, other)
            }
            if len(candidates) == 1:
                groups.union(key, candidates.pop())


def _link_surnames(groups: UnionFind, by_key: dict[str, list[NameRecord]]) -> None:
    persons = _person_tokens(by_key)
    surnames: dict[str, set[str]] = defaultdict(set)  # surname -> roots of full-name persons
    for key, tokens in persons.items():
        if _is_surname_only(tokens):
            continue
        root = groups.find(key)
        for surname in _surnames(tokens):
            surnames[surname].add(root)
        for record in by_key[key]:
            for alias in record.aliases:
                alias_tokens = name_key(alias).split()
                if len(alias_tokens) == 1 and alias_tokens[0] in tokens:
                    surnames[alias_tokens[0]].add(root)
    members = _members_by_root(groups, by_key)
    for key, tokens in persons.items():
        if not _is_surname_only(tokens):
            continue
        candidates = [
            root
            for root in sorted(surnames.get(" ".join(tokens), ()))
            if len(_genders([*by_key[key], *(r for k in members[root] for r in by_key[k])])) <= 1
        ]
        chosen = _unambiguous(candidates, by_key[key], members, by_key)
        if chosen is not None:
            groups.union(key, chosen)


def _members_by_root(groups: UnionFind, by_key: dict[str, list[NameRecord]]) -> dict[str, list[str]]:
    members: dict[str, list[str]] = defaultdict(list)
    for key in by_key:
        members[groups.find(key)].append(key)
    return members


def _unambiguous(
    candidates: list[str],
    records: list[NameRecord],
    members: dict[str, list[str]],
    by_key: dict[str, list[NameRecord]],
) -> str | None:
    """The one candidate; or, among several, the one sharing a descriptor with ``records``."""
    if len(candidates) == 1:
        return candidates[0]
    wanted = {normalise_name(d) for r in records for d in r.descriptors}
    if not wanted:
        return None
    sharing = [
        root
        for root in candidates
        if wanted & {normalise_name(d) for k in members[root] for r in by_key[k] for d in r.descriptors}
    ]
    return sharing[0] if len(sharing) == 1 else None


# --- judgements -----------------------------------------------------------------------


def active_judgements(judgements: Sequence[Judgement]) -> list[Judgement]:
    """Judgements not reversed: an undo reverses its target (an undo of an undo restores it)."""
    active: dict[int, Judgement] = {}
    for judgement in sorted(judgements, key=lambda j: j.id):
        if judgement.action != "undo":
            active[judgement.id] = judgement
            continue
        target = int(judgement.object or 0)
        if target in active:
            del active[target]
            continue
        original = next((j for j in judgements if j.id == target), None)
        if original is not None and original.action == "undo":
            restored = next((j for j in judgements if j.id == int(original.object or 0)), None)
            if restored is not None:
                active[restored.id] = restored
    return sorted(active.values(), key=lambda j: j.id)


class _JudgementApplier:
    def __init__(self, labels: dict[str, str]) -> None:
        self.labels = labels
        self.renames: dict[str, str] = {}  # record key -> name (resolved to labels at the end)
        self.kept: dict[str, str] = {}  # label -> the key a merge asked to keep (its name and type)
        self.applied: list[int] = []
        self.stale: list[int] = []

    def apply_all(self, judgements: Sequence[Judgement]) -> None:
        for judgement in active_judgements(judgements):
            done = getattr(self, f"_{judgement.action}")(judgement)
            (self.applied if done else self.stale).append(judgement.id)

    def _merge(self, judgement: Judgement) -> bool:
        keep, gone = self.labels.get(judgement.subject), self.labels.get(judgement.object or "")
        if keep is None or gone is None:
            return False
        for key, label in self.labels.items():
            if label == gone:
                self.labels[key] = keep
        self.kept.pop(gone, None)
        self.kept[keep] = judgement.subject
        return True

    def _split(self, judgement: Judgement) -> bool:
        label = self.labels.get(judgement.subject)
        leaving = [k for k in json.loads(judgement.object or "[]") if self.labels.get(k) == label]
        if label is None or not leaving:
            return False
        new_label = f"split:{judgement.id}"
        for key in leaving:
            self.labels[key] = new_label
        return True

    def _rename(self, judgement: Judgement) -> bool:
        if judgement.subject not in self.labels or not judgement.object:
            return False
        self.renames[judgement.subject] = judgement.object
        return True


# --- building the entities --------------------------------------------------------------


def _build_entities(
    labels: dict[str, str],
    by_key: dict[str, list[NameRecord]],
    gazetteer: Gazetteer,
    renames: dict[str, str],
    kept: dict[str, str] | None = None,
) -> list[CorpusEntity]:
    """One entity per label.  Where a merge said which key to keep (``kept``: label -> key),
    that key's records give the entity its anchor (so its id), name and type."""
    grouped: dict[str, list[str]] = defaultdict(list)
    for key, label in labels.items():
        grouped[label].append(key)
    names_by_label = {labels[key]: name for key, name in renames.items()}
    entities = []
    for label, keys in grouped.items():
        records = [r for key in sorted(keys) for r in by_key.get(key, [])]
        if not records:
            continue
        entry_ids = sorted(k[len(GAZETTEER_PREFIX) :] for k in keys if k.startswith(GAZETTEER_PREFIX))
        entry = gazetteer.entries.get(entry_ids[0]) if entry_ids else None
        kept_key = (kept or {}).get(label)
        kept_records = by_key.get(kept_key, []) if kept_key in keys else []
        entities.append(_entity(records, entry, names_by_label.get(label), kept_records))
    entities.sort(key=lambda e: (-sum(r.articles for r in e.records), e.name))
    return entities


def _entity(
    records: list[NameRecord],
    entry: GazetteerEntry | None,
    rename: str | None,
    kept: Sequence[NameRecord] = (),
) -> CorpusEntity:
    """``kept``: the records of the key a merge judgement kept; they decide the anchor, name
    and type (the gazetteer entry, if any, still adds its names and id)."""
    weight: Counter[str] = Counter()
    for record in records:
        weight[record.type] += record.articles
    entity_type = entry.type if entry is not None else weight.most_common(1)[0][0]
    best = max(records, key=lambda r: (len(name_key(r.name).split()) > 1, r.articles, r.mentions, r.name))
    anchor = GAZETTEER_PREFIX + entry.id if entry is not None else best.key
    name = rename or (entry.name if entry is not None else best.name)
    if kept:
        chosen = max(kept, key=lambda r: (r.articles, r.mentions, r.name))
        anchor, entity_type, name = chosen.key, chosen.type, rename or chosen.name
    return CorpusEntity(
        id=content_id(anchor, prefix="c_"),
        anchor=anchor,
        name=name,
        type=entity_type,
        gender=_gender(records),
        aliases=_aliases(records, entry, name),
        descriptors=_most_common((d, r.articles) for r in records for d in r.descriptors),
        records=records,
        gazetteer_id=entry.id if entry is not None else None,
    )


def _gender(records: list[NameRecord]) -> str:
    genders = _genders(records)
    return genders.pop() if len(genders) == 1 else "unknown"


def _aliases(records: list[NameRecord], entry: GazetteerEntry | None, name: str) -> list[str]:
    weighted = [(r.name, r.articles) for r in records]
    weighted += [(alias, r.articles) for r in records for alias in r.aliases]
    if entry is not None:
        weighted += [(n, 0) for n in shown_names(entry)]
    return [alias for alias in _most_common(weighted) if alias != name]


def _most_common(weighted: Iterable[tuple[str, int]]) -> list[str]:
    counts: Counter[str] = Counter()
    for item, count in weighted:
        counts[item] += count
    return [item for item, _ in sorted(counts.items(), key=lambda p: (-p[1], p[0]))[:MAX_LIST]]
