"""Resolving a store: read its in-article entities, resolve, write the corpus entities.

>>> with Store.open("newsgraph.sqlite") as store:
...     report = resolve_store(store)
...     merge(store, "Poutine", "Putin", author="alice")   # a judgement, then resolves again

Corrections are judgements (``judgements`` table): recorded once, re-applied by every
later resolution, reversible with :func:`undo`.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection

from newsgraph.errors import NewsgraphError
from newsgraph.names import name_key
from newsgraph.resolve.gazetteer import ENTITY_TYPES, Gazetteer, load_gazetteer
from newsgraph.resolve.resolver import (
    CorpusEntity,
    Judgement,
    NameRecord,
    active_judgements,
    record_key,
    resolve_records,
)
from newsgraph.store import CorpusEntityRecord, Store, corpus, marks
from newsgraph.store.corpus import EntityRow, ResolvedEntity


class ResolveError(NewsgraphError):
    """An entity reference that designates no entity, or several."""


@dataclass(frozen=True, slots=True)
class ResolveReport:
    records: int  # distinct (name, type) of in-article entities
    entities: int  # corpus entities written
    applied: list[int] = field(default_factory=list)  # judgements applied
    stale: list[int] = field(default_factory=list)  # active judgements that matched nothing


def name_records(rows: Iterable[EntityRow]) -> list[NameRecord]:
    """Aggregate in-article entities by (name, type)."""
    groups: dict[tuple[str, str], list[EntityRow]] = defaultdict(list)
    for row in rows:
        groups[(row.name, row.type)].append(row)
    return [_record(name, entity_type, members) for (name, entity_type), members in groups.items()]


def _record(name: str, entity_type: str, rows: list[EntityRow]) -> NameRecord:
    aliases: Counter[str] = Counter(a for row in rows for a in dict.fromkeys(row.aliases))
    descriptors: Counter[str] = Counter(d for row in rows for d in dict.fromkeys(row.descriptors))
    genders = {row.gender for row in rows if row.gender in ("m", "f")}
    return NameRecord(
        name=name,
        type=entity_type,
        articles=len(rows),
        mentions=sum(row.mention_count for row in rows),
        aliases=tuple(a for a, _ in aliases.most_common(50)),
        descriptors=tuple(d for d, _ in descriptors.most_common(50)),
        gender=genders.pop() if len(genders) == 1 else "unknown",
    )


def resolve_store(
    store: Store,
    *,
    alias_files: Sequence[Path] = (),
    gazetteer: Gazetteer | None = None,
    progress: Callable[[int, int], None] | None = None,
    on_step: Callable[[str], None] | None = None,
) -> ResolveReport:
    """Recompute every corpus entity of ``store`` (one transaction), judgements included,
    and clear the store's "resolution is stale" mark in that transaction.

    ``on_step`` is told each step as it starts (reading, resolving, writing, …);
    ``progress`` is told ``(steps done, RESOLVE_STEPS)`` as each starts, then the total."""
    gazetteer = gazetteer if gazetteer is not None else load_gazetteer(alias_files)
    steps = _Steps(progress, on_step)
    with store.transaction() as connection:
        report = _resolve_in(connection, gazetteer, steps.start)
    steps.finish()
    return report


RESOLVE_STEPS = 2 + corpus.WRITE_STEPS  # reading, resolving, then the writing steps


class _Steps:
    """The steps of a resolution, counted for a ``progress(done, total)`` callback."""

    def __init__(self, progress: Callable[[int, int], None] | None, on_step: Callable[[str], None] | None):
        self.progress = progress or (lambda done, total: None)
        self.on_step = on_step or _silent
        self.started = 0

    def start(self, step: str) -> None:
        self.progress(min(self.started, RESOLVE_STEPS), RESOLVE_STEPS)
        self.started += 1
        self.on_step(step)

    def finish(self) -> None:
        self.progress(RESOLVE_STEPS, RESOLVE_STEPS)


def _resolve_in(connection: Connection, gazetteer: Gazetteer, say: Callable[[str], None]) -> ResolveReport:
    """Resolution inside the caller's transaction (see :func:`resolve_store`)."""
    stale = marks.mark_token(connection, marks.RESOLUTION_STALE)
    say("reading in-article entities")
    records = name_records(corpus.iter_entity_rows(connection))
    judgements = [
        Judgement(j.id, j.action, j.subject, j.object) for j in corpus.list_judgements(connection)
    ]
    say(f"resolving {len(records)} names")
    resolution = resolve_records(records, gazetteer=gazetteer, judgements=judgements)
    resolved = [_resolved(e) for e in resolution.entities]
    corpus.replace_corpus_entities(connection, resolved, progress=say)
    if stale is not None:  # unless articles were written meanwhile by another process
        marks.clear_mark(connection, marks.RESOLUTION_STALE, stale)
    return ResolveReport(len(records), len(resolution.entities), resolution.applied, resolution.stale)


def _silent(step: str) -> None:
    return None


def _resolved(entity: CorpusEntity) -> ResolvedEntity:
    names = [entity.name, *entity.aliases, *(r.name for r in entity.records)]
    return ResolvedEntity(
        id=entity.id,
        anchor=entity.anchor,
        name=entity.name,
        type=entity.type,
        gender=entity.gender,
        aliases=entity.aliases,
        descriptors=entity.descriptors,
        gazetteer_id=entity.gazetteer_id,
        members=sorted({(r.name, r.type) for r in entity.records}),
        keys=[(name_key(n), n) for n in reversed(names) if name_key(n)],
    )


# --- corrections ------------------------------------------------------------------------


def find_entity(store: Store, ref: str) -> CorpusEntityRecord:
    """The one corpus entity ``ref`` (an id, a name or an alias) designates."""
    found = store.find_corpus_entities(ref, limit=10)
    if not found:
        raise ResolveError(f"no entity named {ref!r} (run `newsgraph resolve` after ingesting)")
    exact = [e for e in found if e.id == ref or name_key(e.name) == name_key(ref)]
    if len(found) > 1 and len(exact) != 1:
        listing = "; ".join(f"{e.id} {e.name} ({e.type}, {e.mention_count} mentions)" for e in found)
        raise ResolveError(f"{ref!r} is ambiguous, use an id: {listing}")
    return exact[0] if exact else found[0]


@dataclass(frozen=True, slots=True)
class _NewJudgement:
    action: str
    subject: str
    object: str | None


def _apply(
    store: Store, new: Sequence[_NewJudgement], *, author: str, note: str | None, resolve: bool
) -> list[int]:
    """Record ``new`` and (``resolve``) resolve the store again, in one transaction: a
    correction is applied whole or not at all."""
    with store.transaction() as connection:
        ids = [
            corpus.add_judgement(
                connection, action=j.action, subject=j.subject, object=j.object, author=author, note=note
            )
            for j in new
        ]
        if resolve and ids:
            _resolve_in(connection, load_gazetteer(()), _silent)
    return ids


def _record_judgement(
    store: Store,
    *,
    action: str,
    subject: str,
    object: str | None,
    author: str,
    note: str | None,
    resolve: bool,
) -> int:
    new = [_NewJudgement(action, subject, object)]
    [judgement] = _apply(store, new, author=author, note=note, resolve=resolve)
    return judgement


def _key_name(key: str) -> str:
    """The name key inside a record key (``MISC:=un`` -> ``un``)."""
    return key.partition(":")[2].lstrip("=")


def existing_merge(store: Store, entity: CorpusEntityRecord, other: str) -> int | None:
    """The active merge judgement that already joined the name ``other`` to ``entity`` (kept
    as its subject), so that repeating a merge records nothing: None when ``other`` is part
    of ``entity`` by the rules, not by a judgement."""
    wanted = name_key(other)
    names = {name_key(n) for n in (entity.name, *entity.aliases)}
    active = active_judgements([Judgement(j.id, j.action, j.subject, j.object) for j in store.judgements()])
    for judgement in reversed(active):
        if judgement.action != "merge" or judgement.subject != entity.anchor or not judgement.object:
            continue
        gone = _key_name(judgement.object)
        if judgement.object == other or (gone == wanted and gone in names):
            return judgement.id
    return None


def merge(
    store: Store, keep: str, other: str, *, author: str, note: str | None = None, resolve: bool = True
) -> int:
    """Judge that ``other`` is the same entity as ``keep``; returns the judgement id.  ``keep``
    keeps its name and type.  Repeating a merge already made returns its judgement."""
    [judgement] = merge_all(store, keep, [other], author=author, note=note, resolve=resolve)
    return judgement


def merge_all(
    store: Store,
    keep: str,
    others: Sequence[str],
    *,
    author: str,
    note: str | None = None,
    resolve: bool = True,
) -> list[int]:
    """Judge that every one of ``others`` is the same entity as ``keep``, in one transaction
    (all or none); one judgement id per other, in order.  An other that a judgement already
    joined to ``keep`` answers that judgement and records nothing (a retry is harmless);
    one that is part of ``keep`` by the rules is an error."""
    kept = find_entity(store, keep)
    found = [(other, find_entity(store, other)) for other in others]
    return merge_records(store, kept, found, author=author, note=note, resolve=resolve)


def merge_records(
    store: Store,
    kept: CorpusEntityRecord,
    found: Sequence[tuple[str, CorpusEntityRecord]],
    *,
    author: str,
    note: str | None = None,
    resolve: bool = True,
) -> list[int]:
    """:func:`merge_all` with the entities already found: ``found`` holds (the name the
    user gave, the corpus entity it designates) of each entity merged into ``kept``."""
    keep = kept.name
    new: list[_NewJudgement] = []
    answer: list[int | None] = []
    seen: set[str] = set()
    for other, merged in found:
        if merged.id == kept.id:
            earlier = existing_merge(store, kept, other)
            if earlier is None:
                raise ResolveError(f"{keep!r} and {other!r} are already one entity ({kept.id} {kept.name})")
            answer.append(earlier)
        elif merged.id in seen:
            raise ResolveError(f"{other!r} is named twice ({merged.id} {merged.name})")
        else:
            seen.add(merged.id)
            new.append(_NewJudgement("merge", kept.anchor, merged.anchor))
            answer.append(None)
    ids = iter(_apply(store, new, author=author, note=note, resolve=resolve))
    return [judgement if judgement is not None else next(ids) for judgement in answer]


def split(
    store: Store,
    entity: str,
    names: Sequence[str],
    *,
    author: str,
    note: str | None = None,
    resolve: bool = True,
) -> int:
    """Judge that the in-article names ``names`` are not ``entity``: they leave it together."""
    if not names:
        raise ResolveError("split needs at least one name to take out of the entity")
    target = find_entity(store, entity)
    with store.transaction() as connection:
        missing = set(names) - corpus.existing_entity_names(connection, names)
    if missing:
        raise ResolveError(
            f"not the name of any in-article entity: {', '.join(sorted(missing))} "
            "(an alias inside one article stays with its entity; split names as listed by entity show)"
        )
    keys = [record_key(name, entity_type) for name in names for entity_type in ENTITY_TYPES]
    return _record_judgement(
        store, action="split", subject=target.anchor, object=json.dumps(keys), author=author, note=note,
        resolve=resolve,
    )


def rename(
    store: Store, entity: str, new_name: str, *, author: str, note: str | None = None, resolve: bool = True
) -> int:
    """Judge that ``entity`` is to be displayed as ``new_name``."""
    if not new_name.strip():
        raise ResolveError("the new name is empty")
    target = find_entity(store, entity)
    return _record_judgement(
        store, action="rename", subject=target.anchor, object=new_name.strip(), author=author, note=note,
        resolve=resolve,
    )


def undo(
    store: Store, judgement_id: int, *, author: str, note: str | None = None, resolve: bool = True
) -> int:
    """Reverse a judgement (an undo of an undo restores the original)."""
    known = {j.id: j for j in store.judgements()}
    if judgement_id not in known:
        raise ResolveError(f"no judgement {judgement_id}")
    subject = known[judgement_id].subject
    return _record_judgement(
        store, action="undo", subject=subject, object=str(judgement_id), author=author, note=note,
        resolve=resolve,
    )
