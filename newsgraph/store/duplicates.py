"""Near-duplicate articles in the store, found incrementally (revision 0010; docs/store.md).

Each stored article has its MinHash signature (:mod:`newsgraph.dedup`: word 5-grams, 128
permutations) in ``article_signatures`` and the signature's LSH bands in
``signature_bands`` (:data:`BANDS` bands of :data:`ROWS` values, each hashed to a 64-bit
bucket, under an index).  When articles are written, :func:`index_articles` stores theirs,
finds the stored articles that share a band with one of them (one indexed self-join),
compares the signatures and keeps pairs whose estimated Jaccard similarity reaches
:data:`newsgraph.dedup.DEFAULT_THRESHOLD`, as the batch does.  Kept pairs join groups
transitively; a group's **canonical** article is its earliest dated (undated last, then
by id), so the same articles give the same groups whatever the order they were stored in.

Within a group, a quote of a member that repeats a quote of a member before it (canonical
first, then in the same order) — the same speaker and the same text, case- and
accent-folded — is a copy (``quote_copies``); an event with the same type, trigger and
source and target actors likewise (``event_copies``).  A member repeating a quote twice
where the earlier members have it once has one copy and one distinct quote.  Statistics,
entity pages and exports leave copies out unless asked for every copy
(:func:`distinct_quotes`, :func:`distinct_events`, :func:`drop_copies`).

Everything runs in the caller's transaction (the one writing the articles), so a crash
leaves signatures, groups and copies consistent with the articles stored.  Removing an
article (an update) regroups the rest of its group from the stored signatures.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlalchemy import (
    ColumnElement,
    Connection,
    Table,
    and_,
    delete,
    exists,
    insert,
    select,
)
from sqlalchemy.dialects.postgresql import insert as postgres_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from newsgraph import dedup
from newsgraph.model import Article
from newsgraph.store.bulk import copy_tables
from newsgraph.store.schema import (
    article_signatures,
    articles,
    event_actors,
    event_copies,
    events,
    near_duplicates,
    quote_copies,
    quotes,
    signature_bands,
)
from newsgraph.union_find import UnionFind

BANDS = 32  # datasketch's optimal (bands, rows) for 0.7 x the 0.5 threshold at 128 permutations
ROWS = 4
THRESHOLD = dedup.DEFAULT_THRESHOLD
_IDS_PER_QUERY = 400
BACKFILL_PAGE = 500


# --- signatures -------------------------------------------------------------------------


def signature_of(text: str) -> np.ndarray:
    """The article text's MinHash values (uint32: datasketch's values are below 2³²)."""
    return np.asarray(dedup.signature(text).hashvalues, dtype=np.uint32)


def _given(values: Sequence[int] | None) -> np.ndarray | None:
    """A signature made elsewhere (the batch's, uint64 lists), if it is one of ours."""
    if values is None or len(values) != dedup.NUM_PERM:
        return None
    array = np.asarray(values, dtype=np.uint64)
    if int(array.max()) >= 1 << 32:
        return None
    return array.astype(np.uint32)


def to_bytes(values: np.ndarray) -> bytes:
    return np.asarray(values, dtype="<u4").tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<u4").astype(np.uint32)


def buckets(values: np.ndarray) -> list[int]:
    """Each band's 64-bit bucket (signed, as SQL BIGINT holds it)."""
    raw = to_bytes(values)
    width = ROWS * 4
    return [
        int.from_bytes(hashlib.blake2b(raw[band * width : (band + 1) * width], digest_size=8).digest(),
                       "little", signed=True)
        for band in range(BANDS)
    ]


def similarity(first: np.ndarray, second: np.ndarray) -> float:
    """Estimated Jaccard similarity: the share of equal MinHash values."""
    return float(np.count_nonzero(first == second)) / len(first)


# --- writing ------------------------------------------------------------------------------


def index_articles(
    connection: Connection,
    new: Sequence[Article],
    *,
    regroup: Collection[str] = (),
    known: Mapping[str, Sequence[int]] | None = None,
) -> None:
    """Store the signatures of ``new`` (just written) and update the groups: theirs, and
    those of ``regroup`` (members of groups that lost an article), in the caller's transaction.
    ``known``: signatures made already (a batch output's ``signatures`` table), used when
    they have the right shape, else computed."""
    known = known or {}
    signed: dict[str, np.ndarray] = {}
    for article in new:
        given = _given(known.get(article.id))
        signed[article.id] = given if given is not None else signature_of(article.text)
    write_signatures(connection, signed)
    update_groups(connection, list(signed), regroup=regroup)


def write_signatures(connection: Connection, signed: dict[str, np.ndarray]) -> None:
    """Insert signatures and bands (rows present already, written by a concurrent writer of
    the same article, are left alone)."""
    if not signed:
        return
    minhashes = [{"article_id": key, "minhash": to_bytes(values)} for key, values in signed.items()]
    bands = [
        {"article_id": article_id, "band": band, "bucket": bucket}
        for article_id, values in signed.items()
        for band, bucket in enumerate(buckets(values))
    ]
    if connection.dialect.name == "postgresql":  # 33 rows per article: COPY (measured 1.7 -> 1.0 ms)
        copy_tables(connection, [(article_signatures, minhashes), (signature_bands, bands)])
        return
    connection.execute(_insert_new(connection, article_signatures), minhashes)
    connection.execute(_insert_new(connection, signature_bands), bands)


def _insert_new(connection: Connection, table: Table) -> Any:
    dialect = connection.dialect.name
    if dialect == "postgresql":
        return postgres_insert(table).on_conflict_do_nothing()
    if dialect == "sqlite":
        return sqlite_insert(table).on_conflict_do_nothing()
    return insert(table)


def group_members(connection: Connection, article_ids: Collection[str]) -> set[str]:
    """Every member of the groups of ``article_ids`` (those in no group: none)."""
    found: set[str] = set()
    for chunk in _chunks(sorted(article_ids)):
        canonical = select(near_duplicates.c.canonical_id).where(near_duplicates.c.article_id.in_(chunk))
        query = select(near_duplicates.c.article_id).where(near_duplicates.c.canonical_id.in_(canonical))
        found.update(connection.scalars(query))
    return found


def update_groups(connection: Connection, new_ids: Sequence[str], *, regroup: Collection[str] = ()) -> None:
    """Link ``new_ids`` (signatures stored) to the stored articles they nearly duplicate and
    rewrite the groups they join; ``regroup``: every remaining member of groups that lost an
    article (read before it was deleted), whose group is built again from their signatures."""
    broken = set(regroup)
    pairs = _similar_pairs(connection, new_ids)
    linked = {article_id for pair in pairs for article_id in pair}
    touched = group_members(connection, linked) | linked | broken
    if not touched:
        return
    if broken:
        pairs += [(a, b) for a, b in _similar_pairs(connection, sorted(broken)) if b in broken]
    components = _components(connection, touched, pairs, kept=touched - broken)
    _rewrite(connection, touched, components)


def _similar_pairs(connection: Connection, article_ids: Sequence[str]) -> list[tuple[str, str]]:
    """(new, stored) pairs sharing a band whose similarity reaches the threshold."""
    candidates: dict[str, set[str]] = defaultdict(set)
    mine, theirs = signature_bands.alias("mine"), signature_bands.alias("theirs")
    for chunk in _chunks(list(article_ids)):
        query = (
            select(mine.c.article_id, theirs.c.article_id.label("other"))
            .join(theirs, and_(theirs.c.band == mine.c.band, theirs.c.bucket == mine.c.bucket))
            .where(mine.c.article_id.in_(chunk), theirs.c.article_id != mine.c.article_id)
            .distinct()
        )
        for row in connection.execute(query):
            candidates[row.article_id].add(row.other)
    wanted = set(candidates) | {other for others in candidates.values() for other in others}
    signatures = load_signatures(connection, wanted)
    pairs: list[tuple[str, str]] = []
    for article_id, others in candidates.items():
        for other in sorted(others):
            if similarity(signatures[article_id], signatures[other]) >= THRESHOLD:
                pairs.append((article_id, other))
    return pairs


def load_signatures(connection: Connection, article_ids: Iterable[str]) -> dict[str, np.ndarray]:
    found: dict[str, np.ndarray] = {}
    for chunk in _chunks(sorted(article_ids)):
        query = select(article_signatures.c.article_id, article_signatures.c.minhash).where(
            article_signatures.c.article_id.in_(chunk)
        )
        for row in connection.execute(query):
            found[row.article_id] = from_bytes(row.minhash)
    return found


def _components(
    connection: Connection, members: set[str], pairs: list[tuple[str, str]], *, kept: set[str]
) -> list[list[str]]:
    """Groups of two or more among ``members``, joined by ``pairs``; the stored groups of
    ``kept`` stay whole (adding articles never splits a group)."""
    links = UnionFind()
    for member in members:
        links.add(member)
    query = select(near_duplicates.c.article_id, near_duplicates.c.canonical_id)
    for chunk in _chunks(sorted(kept)):
        for row in connection.execute(query.where(near_duplicates.c.article_id.in_(chunk))):
            if row.canonical_id in members:
                links.union(row.canonical_id, row.article_id)
    for first, second in pairs:
        if first in members and second in members:
            links.union(first, second)
    return links.groups()


def _rewrite(connection: Connection, touched: set[str], components: list[list[str]]) -> None:
    """Replace the group and copy rows of ``touched`` by those of ``components``."""
    for chunk in _chunks(sorted(touched)):
        for table in (quote_copies, event_copies, near_duplicates):
            connection.execute(delete(table).where(table.c.article_id.in_(chunk)))
    if not components:
        return
    grouped = {member for component in components for member in component}
    dates = _dates(connection, grouped)
    signatures = load_signatures(connection, grouped)
    group_rows: list[dict[str, Any]] = []
    ordered_groups: list[list[str]] = []
    for component in components:
        ordered = _in_group_order(component, dates)
        canonical = ordered[0]
        ordered_groups.append(ordered)
        group_rows.extend(
            {"article_id": member, "canonical_id": canonical,
             "similarity": round(similarity(signatures[member], signatures[canonical]), 3)}
            for member in ordered
        )
    connection.execute(insert(near_duplicates), group_rows)
    _write_copies(connection, ordered_groups)


def _in_group_order(members: Iterable[str], dates: Mapping[str, str | None]) -> list[str]:
    """Earliest dated first (the canonical article), undated last, then by id."""
    return sorted(members, key=lambda a: (dates.get(a) is None, dates.get(a) or "", a))


def refresh_copies(connection: Connection, article_ids: Collection[str]) -> None:
    """Recompute the copies of the groups of ``article_ids`` (after a quote of one of them
    was corrected: its speaker changed, or it was judged not a quote)."""
    members = group_members(connection, article_ids)
    if not members:
        return
    groups: dict[str, list[str]] = defaultdict(list)
    query = select(near_duplicates.c.article_id, near_duplicates.c.canonical_id)
    for chunk in _chunks(sorted(members)):
        for row in connection.execute(query.where(near_duplicates.c.article_id.in_(chunk))):
            groups[row.canonical_id].append(row.article_id)
    for chunk in _chunks(sorted(members)):
        for table in (quote_copies, event_copies):
            connection.execute(delete(table).where(table.c.article_id.in_(chunk)))
    dates = _dates(connection, members)
    _write_copies(connection, [_in_group_order(group, dates) for group in groups.values()])


def _dates(connection: Connection, article_ids: Collection[str]) -> dict[str, str | None]:
    found: dict[str, str | None] = {}
    for chunk in _chunks(sorted(article_ids)):
        query = select(articles.c.id, articles.c.date_value).where(articles.c.id.in_(chunk))
        found.update({row.id: row.date_value for row in connection.execute(query)})
    return found


# --- copies -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Item:
    article_id: str
    id: str
    key: tuple[str, ...]


def _write_copies(connection: Connection, groups: list[list[str]]) -> None:
    members = [member for group in groups for member in group]
    quote_items = _quote_items(connection, members)
    event_items = _event_items(connection, members)
    quote_rows: list[dict[str, Any]] = []
    event_rows: list[dict[str, Any]] = []
    for group in groups:
        for copy, original in _copies(group, quote_items):
            quote_rows.append({"article_id": copy.article_id, "quote_id": copy.id,
                               "original_article_id": original.article_id, "original_quote_id": original.id})
        for copy, original in _copies(group, event_items):
            event_rows.append({"article_id": copy.article_id, "event_id": copy.id,
                               "original_article_id": original.article_id, "original_event_id": original.id})
    if quote_rows:
        connection.execute(insert(quote_copies), quote_rows)
    if event_rows:
        connection.execute(insert(event_copies), event_rows)


def _copies(group: list[str], items: dict[str, list[_Item]]) -> Iterable[tuple[_Item, _Item]]:
    """(copy, original) pairs: a member's k-th item of a key is a copy when the members
    before it hold at least k items of that key (the first such item is its original)."""
    earlier: dict[tuple[str, ...], list[_Item]] = defaultdict(list)
    for member in group:
        mine: dict[tuple[str, ...], list[_Item]] = defaultdict(list)
        for item in items.get(member, []):
            mine[item.key].append(item)
        for key, found in mine.items():
            before = earlier[key]
            yield from zip(found, before, strict=False)
            if len(found) > len(before):
                before.extend(found[len(before):])


def _quote_items(connection: Connection, members: Sequence[str]) -> dict[str, list[_Item]]:
    found: dict[str, list[_Item]] = defaultdict(list)
    columns = (quotes.c.article_id, quotes.c.id, quotes.c.speaker_name, quotes.c.text)
    for chunk in _chunks(list(members)):
        query = select(*columns).where(quotes.c.article_id.in_(chunk))
        query = query.order_by(quotes.c.article_id, quotes.c.position)
        for row in connection.execute(query):
            key = (dedup.fold(row.speaker_name or ""), dedup.fold(row.text))
            found[row.article_id].append(_Item(row.article_id, row.id, key))
    return found


def _event_items(connection: Connection, members: Sequence[str]) -> dict[str, list[_Item]]:
    actors: dict[tuple[str, str], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    found: dict[str, list[_Item]] = defaultdict(list)
    for chunk in _chunks(list(members)):
        actor_query = select(event_actors.c.article_id, event_actors.c.event_id, event_actors.c.role,
                             event_actors.c.name).where(event_actors.c.article_id.in_(chunk))
        for row in connection.execute(actor_query):
            actors[(row.article_id, row.event_id)][row.role].add(dedup.fold(row.name))
        columns = (events.c.article_id, events.c.id, events.c.type, events.c.trigger_text)
        query = select(*columns).where(events.c.article_id.in_(chunk))
        query = query.order_by(events.c.article_id, events.c.position)
        for row in connection.execute(query):
            roles = actors.get((row.article_id, row.id), {})
            key = (row.type, dedup.fold(row.trigger_text),
                   "|".join(sorted(roles.get("source", ()))), "|".join(sorted(roles.get("target", ()))))
            found[row.article_id].append(_Item(row.article_id, row.id, key))
    return found


# --- reading ------------------------------------------------------------------------------


def distinct_quotes(table: Table = quotes, *, quote_id: str = "id") -> ColumnElement[bool]:
    """A condition on ``table`` (``quotes`` or a table with its ``article_id`` and the quote's
    id in column ``quote_id``): the quote is not a copy of a near-duplicate's quote."""
    copy = quote_copies.c
    return ~exists().where(copy.article_id == table.c.article_id, copy.quote_id == table.c[quote_id])


def distinct_events(table: Table = events) -> ColumnElement[bool]:
    """A condition on ``table`` (``events``): the event is not a copy of a near-duplicate's event."""
    copy = event_copies.c
    return ~exists().where(copy.article_id == table.c.article_id, copy.event_id == table.c.id)


def drop_copies(connection: Connection, found: Sequence[Article]) -> None:
    """Remove from ``found`` (loaded articles) the quotes and events that are copies, with a
    note on each article that lost some."""
    ids = [article.id for article in found]
    copied: dict[str, dict[str, set[str]]] = defaultdict(lambda: {"quote": set(), "event": set()})
    originals: dict[str, set[str]] = defaultdict(set)
    for table, item, kind in ((quote_copies, quote_copies.c.quote_id, "quote"),
                              (event_copies, event_copies.c.event_id, "event")):
        for chunk in _chunks(ids):
            query = select(table.c.article_id, item, table.c.original_article_id)
            query = query.where(table.c.article_id.in_(chunk))
            for article_id, item_id, original in connection.execute(query):
                copied[article_id][kind].add(item_id)
                originals[article_id].add(original)
    for article in found:
        if article.id not in copied:
            continue
        left_out = copied[article.id]
        article.quotes[:] = [q for q in article.quotes if q.id not in left_out["quote"]]
        article.events[:] = [e for e in article.events if e.id not in left_out["event"]]
        article.notes.append(
            f"{len(left_out['quote'])} quote(s) and {len(left_out['event'])} event(s) repeating "
            f"near-duplicate article(s) {', '.join(sorted(originals[article.id]))} left out "
            "(every copy: --all-copies)"
        )


# --- stores written before revision 0010 ----------------------------------------------------


def backfill(connection: Connection, *, page: int = BACKFILL_PAGE) -> int:
    """Signatures and groups of every stored article that has no signature; returns how many."""
    done = 0
    while True:
        query = (
            select(articles.c.id, articles.c.text)
            .where(~exists().where(article_signatures.c.article_id == articles.c.id))
            .order_by(articles.c.id)
            .limit(page)
        )
        rows = connection.execute(query).all()
        if not rows:
            return done
        signed = {row.id: signature_of(row.text) for row in rows}
        write_signatures(connection, signed)
        update_groups(connection, list(signed))
        done += len(rows)


def _chunks(items: Sequence[str]) -> Iterable[list[str]]:
    for start in range(0, len(items), _IDS_PER_QUERY):
        yield list(items[start : start + _IDS_PER_QUERY])
