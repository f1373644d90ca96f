"""Statistics aggregated in SQL over the stored quotes, entities and events.

The same tallies as one pass over the articles read back (:func:`~newsgraph.analysis.quotes.
tally_quotes`, :func:`~newsgraph.analysis.events.tally_events`, the edges of
:func:`~newsgraph.analysis.networks.tally_graph`), computed by GROUP BY queries, so that a
statistic of 10,000 articles reads a few thousand aggregated rows instead of every article
with everything extracted from it.  The views of the tallies (``top_quoted``,
``source_shares``, ``top_pairs``…) are shared by both paths, and
``tests/test_stats_sql.py`` checks that both give the same answers on SQLite and
PostgreSQL, resolved or not (docs/analysis.md).

Entities count by corpus entity once ``resolve`` has run (:mod:`newsgraph.analysis.keys`).
Who says each quote and each event actor's node are stored (``quote_sources``,
:mod:`newsgraph.store.speakers`; ``actor_nodes``, :mod:`newsgraph.store.actors`), and so are
each article's nodes ranked by mentions and the entities mentioned inside each quote
(``article_nodes``, ``quote_mentions``, :mod:`newsgraph.store.nodes`), all kept right by
saving, correcting and resolving, so that the quote, event and network statistics group
narrow tables; the other queries join an in-article entity to its ``entity_links`` row
and corpus entity.

Which articles count is decided in one place, :func:`article_conditions` (the selection's
filters), and the chosen articles are one CTE, ``selected (id, ord)``, that every query
starts from (:func:`select_scope`); ``ord`` is the order the one-pass reading would have
read them in, for the few results that depend on it (a person's first marked gender, an
unnamed actor's first spelling).
"""

from __future__ import annotations

import string
from collections import Counter
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from itertools import groupby
from operator import itemgetter
from typing import Any, Literal

import numpy as np
import orjson
from sqlalchemy import (
    CTE,
    ColumnElement,
    Connection,
    FromClause,
    Integer,
    LargeBinary,
    Row,
    Subquery,
    and_,
    case,
    cast,
    column,
    exists,
    func,
    literal,
    or_,
    select,
    true,
    tuple_,
    values,
)

from newsgraph.analysis.events import NO_TARGET, EventTally, Pair, PairRow
from newsgraph.analysis.keys import Node, Source, named_source
from newsgraph.analysis.networks import (
    MAX_ENTITIES_PER_ARTICLE,
    UNDIRECTED,
    UNNAMED_TYPE,
    EdgeKey,
    EdgeRow,
    node_order,
    ranked_edges,
)
from newsgraph.analysis.pair_counts import PairCounts, count_pairs
from newsgraph.analysis.periods import ALL, NO_OUTLET, UNDATED, Granularity, GroupBy
from newsgraph.analysis.quotes import (
    QuotedRow,
    QuoteTally,
    SpeakerId,
    speaker_id,
    speakers_named,
    speakers_over_time,
)
from newsgraph.errors import ConfigError
from newsgraph.export.select import Selection, ranked_ids
from newsgraph.store import Store
from newsgraph.store.duplicates import distinct_events, distinct_quotes
from newsgraph.store.engine import is_sqlite_memory, make_engine, resolve_url
from newsgraph.store.rows import chunked
from newsgraph.store.schema import (
    ID,
    actor_nodes,
    article_nodes,
    articles,
    corpus_entities,
    entities,
    entity_links,
    event_actors,
    events,
    quote_mentions,
    quote_sources,
    quotes,
)

IDS_PER_QUERY = 500  # search hits checked against the filters per query
STATS_WORK_MEM = "64MB"  # PostgreSQL work_mem of a statistics transaction (a constant, never input)


@dataclass(frozen=True, slots=True)
class Scope:
    """The selected articles: ``table`` is the CTE ``selected (id, ord)``; ``articles`` how
    many it holds, ``truncated`` whether the selection had more than its limit."""

    table: CTE | None  # None when no article is selected
    articles: int
    truncated: bool
    all_copies: bool = False  # count quotes and events repeated by near-duplicates (docs/store.md)

    def kept_quotes(self) -> ColumnElement[bool]:
        """The quotes that count: copies of a near-duplicate's quote left out unless every copy counts."""
        return true() if self.all_copies else distinct_quotes()

    def kept_sources(self) -> ColumnElement[bool]:
        """``kept_quotes`` on ``quote_sources`` (who says each quote)."""
        return true() if self.all_copies else distinct_quotes(quote_sources, quote_id="quote_id")

    def kept_events(self) -> ColumnElement[bool]:
        return true() if self.all_copies else distinct_events()


def article_conditions(selection: Selection) -> list[Any]:
    """SQL conditions on ``articles`` that decide which articles a statistic counts: the one
    place to add a condition for every statistic (e.g. only the representative of each
    near-duplicate group)."""
    return selection.conditions()


def select_scope(
    connection: Connection, selection: Selection, *, limit: int | None, ranked: Sequence[str] | None
) -> Scope:
    """The first ``limit`` articles of the selection: by id, or for a full-text query the
    search hits (``ranked``, best first) that pass the filters, in rank order.

    On PostgreSQL the transaction gets ``STATS_WORK_MEM`` of ``work_mem``: the statistics
    group tens of thousands of joined rows, which the default 4 MB sorts on disk."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"SET LOCAL work_mem = '{STATS_WORK_MEM}'")
    conditions = article_conditions(selection)
    if ranked is None:
        return replace(_by_id(connection, conditions, limit), all_copies=selection.all_copies)
    kept: list[str] = []
    for chunk in chunked(list(ranked), IDS_PER_QUERY):
        passing = set(connection.scalars(select(articles.c.id).where(articles.c.id.in_(chunk), *conditions)))
        kept += [article_id for article_id in chunk if article_id in passing]
        if limit is not None and len(kept) > limit:
            break
    truncated = limit is not None and len(kept) > limit
    kept = kept[:limit] if limit is not None else kept
    if not kept:
        return Scope(None, 0, truncated, selection.all_copies)
    table = values(column("id", ID), column("ord", Integer), name="selected").data(
        [(article_id, order) for order, article_id in enumerate(kept)]
    )
    return Scope(table.cte("selected"), len(kept), truncated, selection.all_copies)


def _by_id(connection: Connection, conditions: list[Any], limit: int | None) -> Scope:
    counted = select(articles.c.id).where(*conditions)
    if limit is not None:
        counted = counted.limit(limit + 1)
    found = connection.scalar(select(func.count()).select_from(counted.subquery())) or 0
    chosen = select(articles.c.id.label("id"), articles.c.id.label("ord")).where(*conditions)
    if limit is not None:
        chosen = chosen.order_by(articles.c.id).limit(limit)
    truncated = limit is not None and found > limit
    count = min(found, limit) if limit is not None else found
    return Scope(chosen.cte("selected") if count else None, count, truncated)


@contextmanager
def scope_of(db: str, selection: Selection) -> Iterator[tuple[Connection, Scope]]:
    """A read transaction on the store at ``db`` and the selection's scope in it (the CLI's
    way in; the API keeps its store open and calls :func:`select_scope`)."""
    url = resolve_url(db)
    if is_sqlite_memory(url):
        raise ConfigError("statistics read a database file or server, not an in-memory database")
    with Store.open(db) as store:  # checks (and migrates) the schema; runs the search
        ranked = ranked_ids(store, selection)
    engine = make_engine(url)
    try:
        with engine.connect() as connection, connection.begin():
            yield connection, select_scope(connection, selection, limit=selection.limit, ranked=ranked)
    finally:
        engine.dispose()


# --- an in-article entity as a node -------------------------------------------------------


class ResolvedEntity:
    """An in-article entity joined to its corpus entity: the columns that make its
    :class:`~newsgraph.analysis.keys.Node` (what ``keys.entity_key`` does in Python).
    Also the nodes of ``/api/graph`` (``newsgraph.api.queries.graph``)."""

    def __init__(self, name: str) -> None:
        self.entity = entities.alias(f"{name}_entity")
        self.link = entity_links.alias(f"{name}_link")
        self.corpus = corpus_entities.alias(f"{name}_corpus")
        self.name = name
        # the labels of columns(), read by name from each row's mapping (faster than getattr)
        columns = ("name", "type", "cid", "cname", "ctype", "gazetteer")
        self._labels = tuple(f"{name}_{column}" for column in columns)

    def join(self, left: FromClause, article_id: Any, entity_id: Any, *, outer: bool) -> FromClause:
        """``left`` joined to the entity ``entity_id`` of the article (every entity of the
        article when ``entity_id`` is None), its link and its corpus entity."""
        e = self.entity
        found = e.c.article_id == article_id
        if entity_id is not None:
            found = and_(found, e.c.id == entity_id)
        return self._linked(left.outerjoin(e, found) if outer else left.join(e, found))

    def joined(self) -> FromClause:
        """The entity (every in-article entity) joined to its link and its corpus entity."""
        return self._linked(self.entity)

    def _linked(self, joined: FromClause) -> FromClause:
        e, link, corpus = self.entity, self.link, self.corpus
        joined = joined.outerjoin(link, and_(link.c.article_id == e.c.article_id, link.c.entity_id == e.c.id))
        return joined.outerjoin(corpus, corpus.c.id == link.c.corpus_entity_id)

    def key(self) -> Any:
        e = self.entity
        return func.coalesce(self.corpus.c.id, e.c.type + literal(":") + e.c.name)

    def node_type(self) -> Any:
        return func.coalesce(self.corpus.c.type, self.entity.c.type)

    def columns(self) -> list[Any]:
        """The node's columns; not the in-article entity's id (the entities of one name and
        type in many articles are one group: fewer rows), its type says whether there is one."""
        e, c, n = self.entity, self.corpus, self.name
        return [
            e.c.name.label(f"{n}_name"), e.c.type.label(f"{n}_type"),
            c.c.id.label(f"{n}_cid"), c.c.name.label(f"{n}_cname"), c.c.type.label(f"{n}_ctype"),
            c.c.gazetteer_id.label(f"{n}_gazetteer"),
        ]

    def entity_name(self, row: Row[Any]) -> str:
        return str(row._mapping[self._labels[0]])

    def node(self, row: Row[Any]) -> Node | None:
        """The entity's node, None when the row has no entity (an unnamed speaker or actor)."""
        values = row._mapping
        name, entity_type, corpus_id, corpus_name, corpus_type, gazetteer = (values[k] for k in self._labels)
        if entity_type is None:  # entities.type is never NULL: no entity
            return None
        if corpus_id is not None:
            return Node(corpus_id, corpus_name, corpus_type, gazetteer)
        return Node(f"{entity_type}:{name}", name, entity_type)


# periods.period_of in SQL: the precisions that have a period of each granularity
_PRECISE_ENOUGH: dict[str, tuple[str, ...]] = {
    "year": ("year", "month", "day"), "month": ("month", "day"), "day": ("day",),
}
_LENGTH = {"year": 4, "month": 7, "day": 10}


def _period(value: Any, precision: Any, granularity: Granularity) -> Any:
    """:func:`~newsgraph.analysis.periods.period_of` as a SQL expression: ``2023-09`` for
    a date of month or day precision by month, ``undated`` otherwise."""
    dated = and_(value.is_not(None), precision.in_(_PRECISE_ENOUGH[granularity]))
    return case((dated, func.substr(value, 1, _LENGTH[granularity])), else_=literal(UNDATED))


def _counted(columns: Sequence[Any], joined: FromClause, label: str) -> Any:
    """``SELECT columns, count(*) AS label FROM joined GROUP BY columns``."""
    return select(*columns, func.count().label(label)).select_from(joined).group_by(*columns)


# --- quotes --------------------------------------------------------------------------------


QuotePart = Literal["per_article", "kinds", "gender", "speakers"]
QUOTE_PARTS: tuple[QuotePart, ...] = ("per_article", "kinds", "gender", "speakers")


def quote_tally(
    connection: Connection, scope: Scope, *, granularity: Granularity = "month",
    parts: Collection[QuotePart] = QUOTE_PARTS, by: GroupBy | None = None,
) -> QuoteTally:
    """:func:`~newsgraph.analysis.quotes.tally_quotes` of the scope's articles, in SQL.
    Only the counters of ``parts`` are filled (the rest stay empty): ``per_article`` for
    ``quotes_per_article``, ``kinds`` for ``source_shares``, ``gender`` for
    ``gender_report``, ``speakers`` (everything, the costly part) for ``top_quoted`` and
    ``speakers_over_time``.  With ``by``, counts are kept only per the groups of that view
    (``all``: neither outlet nor period; ``period`` for ``speakers_over_time`` too): the
    tally then answers views grouped ``by`` only.  Speakers are read from
    ``quote_sources`` (who says each quote, stored: ``newsgraph.store.speakers``)."""
    tally = QuoteTally(granularity=granularity, articles=scope.articles)
    if scope.table is None:
        return tally
    if "per_article" in parts:
        tally.quotes_per_article.update(_quotes_per_article(connection, scope.table, scope.kept_quotes()))
    if "speakers" in parts:
        _count_speakers(connection, tally, scope, by)
    elif "kinds" in parts or "gender" in parts:
        _count_kinds(connection, tally, scope, by)
    if "gender" in parts:
        every_person = "speakers" not in parts  # else the people are known already
        marked = _first_marked_genders(connection, scope, every_person=every_person)
        for key in marked if every_person else tally.people_by_gender:
            tally.people_by_gender[key] = marked.get(key, "unknown")
    return tally


def _quotes_per_article(connection: Connection, selected: CTE, kept: ColumnElement[bool]) -> Counter[int]:
    per_article = (
        select(selected.c.id, func.count(quotes.c.id).label("n"))
        .select_from(selected.outerjoin(quotes, and_(quotes.c.article_id == selected.c.id, kept)))
        .group_by(selected.c.id)
        .subquery()
    )
    rows = connection.execute(select(per_article.c.n, func.count()).group_by(per_article.c.n))
    return Counter({int(n): int(count) for n, count in rows})


def _groups(granularity: Granularity, by: GroupBy | None) -> list[Any]:
    """The outlet and period columns of a quote count, constants for what ``by`` does not
    group by (fewer rows)."""
    outlet = articles.c.outlet if by in (None, "outlet") else literal(NO_OUTLET)
    period = (
        _period(articles.c.date_value, articles.c.date_precision, granularity)
        if by in (None, "period") else literal(ALL)
    )
    return [outlet.label("outlet"), period.label("period")]


def _sources_of(scope: Scope, by: GroupBy | None) -> FromClause:
    """The ``quote_sources`` rows of the selected articles' quotes that count, with their
    article's row when the counts are grouped by outlet or period (``by`` all: no join)."""
    assert scope.table is not None
    left: FromClause = scope.table
    if by != "all":
        left = left.join(articles, articles.c.id == scope.table.c.id)
    source = quote_sources.c
    return left.join(quote_sources, and_(source.article_id == scope.table.c.id, scope.kept_sources()))


_WHO = ("kind", "node_key", "name", "type", "gazetteer_id", "written", "gender")  # a source's columns


def _count_speakers(connection: Connection, tally: QuoteTally, scope: Scope, by: GroupBy | None) -> None:
    """Every counter but ``quotes_per_article``: one row per group, speaker and whether it
    speaks jointly; ``quotes``: the joint quotes (counted once among the quotes by people,
    ``QuoteTally.count_joint``), ``said``: the quotes the speaker says."""
    source = quote_sources.c
    columns = [*_groups(tally.granularity, by), case((source.nth > 0, 1), else_=0).label("joint"),
               *(source[name] for name in _WHO)]
    query = select(*columns, func.count().label("said"), _sum(source.nth == 1).label("quotes")).select_from(
        _sources_of(scope, by)
    ).group_by(*columns)
    sources: dict[tuple[Any, ...], Source] = {}  # one Source per speaker, whatever its groups
    joint: Counter[tuple[str, str]] = Counter()
    for row in connection.execute(query):
        outlet, values = row.outlet or NO_OUTLET, tuple(row[3:10])
        said = sources.get(values)
        if said is None:
            said = sources[values] = stored_source(*values)
        if row.joint:
            joint[(outlet, row.period)] += row.quotes
            tally.count_speaker(outlet, row.period, said, row.said)
        else:
            tally.count(outlet, row.period, said, row.said)
    for (outlet, period), quotes_said in joint.items():
        tally.count_joint(outlet, period, (), quotes_said)  # the people: counted above


@dataclass(frozen=True, slots=True)
class QuotedPage:
    """Ranks ``offset + 1`` to ``offset + top`` of each group's speakers (``top_quoted``'s
    rows), and how many (group, speaker) rows there are in all."""

    rows: list[QuotedRow]
    total: int


def top_quoted_page(
    connection: Connection, scope: Scope, *, granularity: Granularity = "month", by: GroupBy = "all",
    top: int = 10, offset: int = 0,
) -> QuotedPage:
    """The rows of ``top_quoted(quote_tally(…), by=by)`` ranked ``offset + 1`` to ``offset +
    top`` in their group, ranked in SQL: only the page is read.  Most quoted first, then by
    name (by code point, as Python compares); speakers of one count and one name, which
    ``top_quoted`` leaves in the order it met them, by kind and key."""
    if scope.table is None:
        return QuotedPage([], 0)
    counts = _speaker_counts(scope, granularity, by)
    if connection.dialect.name == "sqlite":
        order = _speaker_order(connection, counts)
        return _ranked_while_read(connection, counts, order, top=top, offset=offset)
    ranked = _ranked_speakers(connection, counts).subquery("ranked")
    r, exact = ranked.c, _code_points(connection)
    page = select(ranked).where(r.rank > offset, r.rank <= offset + top).order_by(exact(r.grp), r.rank)
    rows = connection.execute(page).all()
    found = [QuotedRow(row.grp, int(row.rank), row.name, row.kind, int(row.quotes),
                       int(row.quotes) / int(row.attributed)) for row in rows]
    if rows:
        return QuotedPage(found, int(rows[0].total))
    return QuotedPage(found, int(connection.scalar(select(func.count()).select_from(ranked)) or 0))


def _speaker_counts(scope: Scope, granularity: Granularity, by: GroupBy) -> Subquery:
    """Per group (``grp``) and speaker: its quotes and ``once``, its quotes counted once (a
    joint quote: its row ``nth`` 1)."""
    source = quote_sources.c
    outlet, period = _groups(granularity, by)
    group = {"all": literal(ALL), "outlet": _outlet_group(outlet), "period": period}[by].label("grp")
    who = [group, source.kind, source.node_key, source.name]
    return (
        select(*who, func.count().label("quotes"), _sum(source.nth <= 1).label("once"))
        .select_from(_sources_of(scope, by)).where(source.kind != "unattributed").group_by(*who)
        .subquery("speaker_counts")
    )


def _speaker_order(connection: Connection, counts: Subquery) -> tuple[Any, ...]:
    """The rank order within a group: most quotes, then name, kind and key by code point."""
    c, exact = counts.c, _code_points(connection)
    return (c.quotes.desc(), exact(c.name), c.kind, exact(func.coalesce(c.node_key, "")))


def _ranked_speakers(connection: Connection, counts: Subquery) -> Any:
    """``counts`` with each speaker's rank in its group, the group's attributed quotes and
    how many rows in all (window functions: PostgreSQL's way)."""
    c = counts.c
    return select(
        c.grp, c.kind, c.name, c.quotes,
        func.row_number().over(partition_by=c.grp, order_by=_speaker_order(connection, counts)).label("rank"),
        func.sum(c.once).over(partition_by=c.grp).label("attributed"), func.count().over().label("total"),
    )


def _ranked_while_read(
    connection: Connection, counts: Subquery, order: tuple[Any, ...], *, top: int, offset: int
) -> QuotedPage:
    """SQLite's way to the page of :func:`_ranked_speakers`: every group's speakers read in
    rank order (one sort) and ranked while read.  SQLite sorts the grouped rows once per
    window function, three times: at 10,000 articles that took a third of the statistic's
    time (benchmarks/README-stats.md)."""
    c = counts.c
    in_order = select(c.grp, c.kind, c.name, c.quotes, c.once).order_by(c.grp, *order)
    found: list[QuotedRow] = []
    total = 0
    for group, in_group in groupby(connection.execute(in_order), key=itemgetter(0)):
        said = list(in_group)
        total += len(said)
        attributed = sum(int(once) for *_, once in said)
        page = enumerate(said[offset : offset + top], start=offset + 1)
        found += [QuotedRow(group, rank, name, kind, int(quotes), int(quotes) / attributed)
                  for rank, (_, kind, name, quotes, _) in page]
    return QuotedPage(found, total)


def _outlet_group(outlet: Any) -> Any:
    """``outlet or NO_OUTLET`` in SQL (an outlet missing or empty)."""
    return case((or_(outlet.is_(None), outlet == ""), literal(NO_OUTLET)), else_=outlet)


def speakers_over_time_of(
    connection: Connection, scope: Scope, *, granularity: Granularity = "month", speakers: Sequence[str]
) -> dict[str, list[tuple[str, int]]]:
    """``speakers_over_time(quote_tally(…, parts=["speakers"], by="period"), speakers=…)``
    reading the quotes of the speakers it finds only: the selection's speakers and their
    spellings first (a row each), matched as the view matches them, then the quotes per
    period of those."""
    if scope.table is None:
        return {}
    named = _speakers_and_spellings(connection, scope, speakers)
    wanted = speakers_named(named, speakers)
    tally = QuoteTally(granularity=granularity, articles=scope.articles, spellings=named.spellings)
    source = quote_sources.c
    columns = [_groups(granularity, "period")[1], source.kind, source.node_key, source.name, source.type]
    counted = select(*columns, func.count().label("quotes")).select_from(_sources_of(scope, "period"))
    for chosen in _of_speakers(wanted):
        for row in connection.execute(counted.where(chosen).group_by(*columns)):
            who = speaker_id(_source_of_row(row, written=row.name))
            if who in wanted:
                tally.by_speaker[(NO_OUTLET, row.period, who)] += row.quotes
    return speakers_over_time(tally, speakers=speakers)


def _of_speakers(wanted: Collection[SpeakerId]) -> list[ColumnElement[bool]]:
    """Conditions on ``quote_sources`` that together keep the rows of ``wanted`` (and maybe a
    few more), each with a bounded list of values."""
    source = quote_sources.c
    keys = sorted({who.key for who in wanted if who.kind != "unnamed"})
    unnamed = sorted({who.name for who in wanted if who.kind == "unnamed"})
    chosen: list[ColumnElement[bool]] = [source.node_key.in_(chunk) for chunk in chunked(keys, IDS_PER_QUERY)]
    unnamed_chunks = chunked(unnamed, IDS_PER_QUERY)
    chosen += [and_(source.node_key.is_(None), source.name.in_(chunk)) for chunk in unnamed_chunks]
    return chosen


def _source_of_row(row: Any, *, written: str | None) -> Source:
    """The source of a row with a source's ``kind``, ``node_key``, ``name`` and ``type`` (its
    gender left unknown)."""
    return stored_source(row.kind, row.node_key, row.name, row.type, None, written, "unknown")


def _speakers_and_spellings(connection: Connection, scope: Scope, parts: Sequence[str]) -> QuoteTally:
    """A tally of the scope's speakers that these name parts may find, each once
    (``by_speaker``'s speakers, ``spellings``): what ``count_speaker`` notes of each row, a
    speaker's id made once however many spellings it has (no ``Source`` per row).  SQL keeps
    the rows a part may be in (:func:`_may_name`); ``speakers_named`` decides."""
    source = quote_sources.c
    who = [source.kind, source.node_key, source.name, source.type, source.written]
    every = select(*who).select_from(_sources_of(scope, "all")).where(source.kind != "unattributed")
    # PostgreSQL: the DISTINCT first (a filter pushed into it made the plan slower), then the filter
    once = every.distinct().cte("speakers")
    if connection.dialect.name == "postgresql":
        once = once.prefix_with("MATERIALIZED")
    query = select(*once.c).where(_may_name(connection, once.c.name, once.c.written, parts))
    named = QuoteTally(granularity="month")
    ids: dict[tuple[Any, ...], SpeakerId | None] = {}
    for kind, key, name, node_type, written in connection.execute(query):
        speaker = (kind, key, name, node_type)
        if speaker not in ids:
            ids[speaker] = speaker_id(stored_source(kind, key, name, node_type, None, name, "unknown"))
        found = ids[speaker]
        if found is None:
            continue
        named.by_speaker[(ALL, ALL, found)] = 1
        if key is not None and written != name:  # named_source's ``written``: a spelling
            named.spellings.setdefault(found.key, set()).add(written)
    return named


_UPPER, _LOWER = string.ascii_uppercase, string.ascii_lowercase


def _may_name(connection: Connection, name: Any, written: Any, parts: Sequence[str]) -> ColumnElement[bool]:
    """The rows whose ``name`` or spelling (``written``) one of ``parts`` may be in, as
    ``quotes._is_named`` matches (casefolded): every name with a letter outside ASCII (SQL
    folds ASCII only, and ``ß``, ``ﬁ`` or ``K`` casefold to ASCII letters), and the ASCII
    names that hold an ASCII part, whatever their case.  A superset: Python decides."""
    postgres = connection.dialect.name == "postgresql"

    def beyond_ascii(text: Any) -> ColumnElement[bool]:  # more bytes than characters in UTF-8
        if postgres:
            return func.octet_length(text) != func.char_length(text)
        return func.length(cast(text, LargeBinary)) != func.length(text)

    def holds(text: Any, part: str) -> ColumnElement[bool]:  # ASCII case-insensitive
        folded = func.translate(text, _UPPER, _LOWER) if postgres else text  # SQLite's LIKE folds ASCII
        return folded.contains(part, autoescape=True)

    chosen = [beyond_ascii(name), beyond_ascii(written)]
    for part in {part.casefold() for part in parts}:
        if part.isascii():
            chosen += [holds(name, part), holds(written, part)]
    return or_(*chosen)


def _sum(condition: ColumnElement[bool]) -> Any:
    return func.sum(case((condition, 1), else_=0))


def stored_source(
    kind: str, node_key: str | None, name: str | None, node_type: str | None, gazetteer: str | None,
    written: str | None, gender: str | None,
) -> Source:
    """``keys.source_of`` (or one of ``keys.joint_sources``) of a ``quote_sources`` row."""
    if kind == "unattributed":
        return Source(kind="unattributed", name=None, node=None, gender="unknown")
    if node_key is None:
        return Source(kind="unnamed", name=name, node=None, gender="unknown")
    assert name is not None and node_type is not None and written is not None and gender is not None
    return named_source(written, gender, Node(node_key, name, node_type, gazetteer))


def _count_kinds(connection: Connection, tally: QuoteTally, scope: Scope, by: GroupBy | None) -> None:
    """``by_kind`` and ``by_gender`` of the tally, grouped in SQL by kind and gender only:
    a joint quote counts once among the quotes by people (its row ``nth`` 1), and once
    for each of its people by gender."""
    source = quote_sources.c
    kind = case((source.nth > 0, literal("person")), else_=source.kind)
    columns = [*_groups(tally.granularity, by), kind.label("quote_kind"), source.kind, source.gender]
    query = select(*columns, _sum(source.nth <= 1).label("quotes"), func.count().label("said")).select_from(
        _sources_of(scope, by)
    ).group_by(*columns)
    for row in connection.execute(query):
        outlet = row.outlet or NO_OUTLET
        if row.quotes:
            tally.by_kind[(outlet, row.period, row.quote_kind)] += row.quotes
        if row.kind == "person":
            tally.by_gender[(outlet, row.period, row.gender)] += row.said


def _first_marked_genders(
    connection: Connection, scope: Scope, *, every_person: bool = False
) -> dict[str, str]:
    """Person key -> the gender of the first of its quotes (in reading order: article, then
    quote position) whose speaker's gender the text marks: ``QuoteTally``'s
    ``people_by_gender`` keeps the first marked gender it meets.  ``every_person``: every
    person quoted is a key (``unknown`` when no quote marks a gender).  Grouped per person;
    only the people marked with two genders are ranked in reading order."""
    assert scope.table is not None
    source = quote_sources.c
    marked = case((source.gender != "unknown", source.gender))  # NULL: unmarked
    query = (
        select(source.node_key, func.min(marked).label("gender"),
               func.count(marked.distinct()).label("genders"))
        .select_from(_sources_of(scope, "all")).where(source.type == "PER").group_by(source.node_key)
    )
    found: dict[str, str] = {}
    twice: list[str] = []
    for key, gender, genders in connection.execute(query):
        if genders > 1:
            twice.append(key)
        elif gender is not None or every_person:
            found[key] = gender or "unknown"
    for chunk in chunked(twice, IDS_PER_QUERY):
        found |= _first_marked(connection, scope, chunk)
    return found


def _first_marked(connection: Connection, scope: Scope, keys: Sequence[str]) -> dict[str, str]:
    """The first marked gender, in reading order, of each of these people."""
    assert scope.table is not None
    source = quote_sources.c
    nth = func.row_number().over(partition_by=source.node_key, order_by=(scope.table.c.ord, source.position))
    ranked = (
        select(source.node_key, source.gender, nth.label("nth"))
        .select_from(_sources_of(scope, "all"))
        .where(source.type == "PER", source.gender != "unknown", source.node_key.in_(keys))
        .subquery()
    )
    rows = connection.execute(select(ranked.c.node_key, ranked.c.gender).where(ranked.c.nth == 1))
    return {str(key): str(gender) for key, gender in rows}


# --- events --------------------------------------------------------------------------------


def event_tally(
    connection: Connection, scope: Scope, *, granularity: Granularity = "month",
    modalities: Sequence[str] | None = None, untargeted: bool = False,
) -> EventTally:
    """:func:`~newsgraph.analysis.events.tally_events` of the scope's articles, in SQL."""
    chosen = frozenset(modalities) if modalities is not None else None
    tally = EventTally(granularity, chosen, untargeted)
    if scope.table is None:
        return tally
    query = _event_rows(
        scope.table, scope.kept_events(), granularity=granularity, modalities=chosen, untargeted=untargeted,
    )
    pairs: dict[tuple[Any, ...], Pair] = {}  # one Pair per type and actors, whatever its periods
    for row in connection.execute(query):
        who = (row[0], *row[2:-1])  # the columns but the period and the count
        pair = pairs.get(who)
        if pair is None:
            target = stored_actor(*row[6:10]) if row.tgt_name is not None else NO_TARGET
            pair = pairs[who] = Pair(stored_actor(*row[2:6]), row.type, target)
        tally.counts[(pair, row.period)] += row.events
    return tally


@dataclass(frozen=True, slots=True)
class PairPage:
    """Ranks ``offset + 1`` to ``offset + top`` of the event pairs, and how many pairs there are."""

    rows: list[PairRow]
    total: int


def top_event_pairs(
    connection: Connection, scope: Scope, *, granularity: Granularity = "month",
    modalities: Sequence[str] | None = None, untargeted: bool = False, top: int = 10, offset: int = 0,
) -> PairPage:
    """``top_pairs(event_tally(…), top=offset + top)[offset:]`` ranked in SQL: only the page's
    pairs and their periods are read (the order of ``top_pairs``: most events, then the
    names, the type and the keys, compared by code point on both backends)."""
    if scope.table is None:
        return PairPage([], 0)
    chosen = frozenset(modalities) if modalities is not None else None
    rows = _event_rows(
        scope.table, scope.kept_events(), granularity=granularity, modalities=chosen, untargeted=untargeted,
        counted=False,
    ).subquery("event_rows")
    said = _with_pair_keys(rows).cte("pair_rows")  # read twice: the ranking, the page's periods
    page = _pairs_page(connection, said, top=top, offset=offset)
    pair = [said.c[name] for name in _PAIR]
    # the page's pairs by period: pair_rows read once, each row looked up among the page's
    # pairs (a join let SQLite index the 20,000 pair rows for 20 pairs instead)
    on_page = tuple_(*pair).in_(select(*(page.c[name] for name in _PAIR)))
    pairs = select(page.c.pairs).limit(1).scalar_subquery().label("pairs")
    query = select(*pair, said.c.period, func.count().label("events"), pairs).where(on_page)
    found: list[Row[Any]] = list(connection.execute(query.group_by(*pair, said.c.period)))
    if found:
        return PairPage(_pair_rows(found), int(found[0].pairs))
    every = select(*(said.c[name] for name in _PAIR)).distinct().subquery()
    return PairPage([], int(connection.scalar(select(func.count()).select_from(every)) or 0))


# what tells an event pair from the others, none NULL: the type, each actor's key as
# ``top_pairs`` compares it and its name (the target's ``—`` for none)
_PAIR = ("type", "src_sort", "src_name", "tgt_sort", "tgt_label")
_PAIR_ORDER = ("src_name", "type", "tgt_label", "src_sort", "tgt_sort")  # the order after the events


def _with_pair_keys(rows: Subquery) -> Any:
    r = rows.c
    return select(r.type, r.period, r.src_name, _sort_key(r.src_key, r.src_name).label("src_sort"),
                  _sort_key(r.tgt_key, r.tgt_name).label("tgt_sort"),
                  func.coalesce(r.tgt_name, NO_TARGET.name).label("tgt_label"))


def _pairs_page(connection: Connection, said: CTE, *, top: int, offset: int) -> CTE:
    """The page's pairs: their events (``total``) and how many ``pairs`` there are.  (Their
    ranks follow from the order: a ``row_number`` window sorted every pair once more.)"""
    pair, total = [said.c[name] for name in _PAIR], func.count()
    return (
        select(*pair, total.label("total"), func.count().over().label("pairs"))
        .group_by(*pair).order_by(*_pair_order(connection, total, said)).limit(top).offset(offset).cte("page")
    )


def _pair_order(connection: Connection, total: Any, pairs: FromClause) -> tuple[Any, ...]:
    """The order of ``top_pairs``: most events (``total``), then the names, the type and the
    keys of the pair (columns of ``pairs``), by code point."""
    exact = _code_points(connection)
    return (total.desc(), *(exact(pairs.c[name]) for name in _PAIR_ORDER))


def _code_points(connection: Connection) -> Any:
    """A function that makes a text expression compare by code point, as Python's ``<``
    (SQLite's default; PostgreSQL's ``C`` collation on UTF-8)."""
    if connection.dialect.name == "postgresql":
        return lambda expression: expression.collate("C")
    return lambda expression: expression


def _sort_key(key: Any, name: Any) -> Any:
    """An actor's key as ``top_pairs`` compares it: its node's, ``UNNAMED:…`` unnamed, ``—``
    no target.  (An unnamed actor's key is its folded name: two of one name have one key,
    and the prefix alone orders it among entity keys, so ``lower`` stands for ``casefold``.)"""
    unnamed = literal(f"{UNNAMED_TYPE}:") + func.lower(name)
    return func.coalesce(key, unnamed, literal(NO_TARGET.key))


def _pair_rows(rows: Sequence[Row[Any]]) -> list[PairRow]:
    """The page's rows (one per pair and period) as ``top_pairs`` rows, in the order of
    :func:`_pair_order` (Python compares strings by code point, as that order does)."""
    periods: dict[tuple[str, ...], list[tuple[str, int]]] = {}
    for row in rows:
        pair = tuple(row._mapping[name] for name in _PAIR_ORDER)  # source, type, target, keys
        periods.setdefault(pair, []).append((row.period, int(row.events)))
    totals = {pair: sum(events for _period, events in counts) for pair, counts in periods.items()}

    def in_order(period: tuple[str, int]) -> tuple[bool, str]:
        return (period[0][0].isalpha(), period[0])  # as top_pairs: "undated" last

    return [
        PairRow(pair[0], pair[1], pair[2], totals[pair], tuple(sorted(periods[pair], key=in_order)))
        for pair in sorted(periods, key=lambda pair: (-totals[pair], *pair))
    ]


def stored_actor(key: str | None, name: str, node_type: str | None, gazetteer: str | None) -> Node:
    """``networks.actor_node`` of an ``actor_nodes`` row: its entity's node, else unnamed."""
    if key is None:
        return Node(key=f"{UNNAMED_TYPE}:{name.casefold()}", name=name, type=UNNAMED_TYPE)
    assert node_type is not None  # an entity's node
    return Node(key, name, node_type, gazetteer)


def _actor_columns(actor: FromClause, label: str) -> list[Any]:
    """The node columns of an ``actor_nodes`` alias: ``{label}_key``, ``_name``, ``_type``,
    ``_gazetteer``."""
    columns = {"node_key": "key", "name": "name", "type": "type", "gazetteer_id": "gazetteer"}
    return [actor.c[column].label(f"{label}_{short}") for column, short in columns.items()]


def _event_rows(
    selected: CTE, kept: ColumnElement[bool], *, granularity: Granularity | None,
    modalities: frozenset[str] | None, untargeted: bool, counted: bool = True,
) -> Any:
    """Events counted per type, actors (``actor_nodes``: ``src_…``, ``tgt_…``, the target's
    NULL for an event without one when ``untargeted``) and (when ``granularity`` is given)
    period: the event's own date, else its article's, as ``EventTally`` takes it.  Not
    ``counted``: a row per event and pair of actors."""
    joined: FromClause = selected
    if granularity is not None:
        joined = joined.join(articles, articles.c.id == selected.c.id)
    joined = joined.join(events, and_(events.c.article_id == selected.c.id, kept))
    source, target = actor_nodes.alias("src"), actor_nodes.alias("tgt")
    for actor, role in ((source, "source"), (target, "target")):
        on = and_(actor.c.article_id == events.c.article_id, actor.c.event_id == events.c.id,
                  actor.c.role == role)
        joined = joined.outerjoin(actor, on) if role == "target" and untargeted else joined.join(actor, on)
    columns = [
        events.c.type,
        (_event_period(granularity) if granularity is not None else literal(ALL)).label("period"),
        *_actor_columns(source, "src"), *_actor_columns(target, "tgt"),
    ]
    query = _counted(columns, joined, "events") if counted else select(*columns).select_from(joined)
    if modalities is not None:
        query = query.where(events.c.modality.in_(sorted(modalities)))
    return query


def _event_period(granularity: Granularity) -> Any:
    own_date = and_(events.c.date_value.is_not(None), events.c.date_precision.is_not(None))
    return case(
        (own_date, _period(events.c.date_value, events.c.date_precision, granularity)),
        else_=_period(articles.c.date_value, articles.c.date_precision, granularity),
    )


# --- networks ------------------------------------------------------------------------------


@dataclass(slots=True)
class Edges:
    """Weighted edges of one kind and the nodes they join (``GraphTally``'s ``edges`` of that
    kind and the nodes' names and types, without the per-node counts): a directed kind's
    ``weights`` per (source key, target key, label); an undirected kind's ``pairs`` (each
    pair once, its ends in any order: :meth:`ranked` orders them as ``GraphTally`` does, its
    label the kind).  ``named_up_to``: ``nodes`` names the ends of the edges that can be
    among the first that many (every end when None)."""

    kind: str
    nodes: dict[str, Node] = field(default_factory=dict)
    weights: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    pairs: PairCounts = field(default_factory=PairCounts)
    named_up_to: int | None = None

    @property
    def total(self) -> int:
        """How many edges there are."""
        return len(self.weights) + len(self.pairs)

    def add(self, a: Node, b: Node, *, label: str, weight: int) -> None:
        self.nodes.setdefault(a.key, a)
        self.nodes.setdefault(b.key, b)
        self.weights[(a.key, b.key, label)] += weight

    def least(self, top: int) -> int:
        """The weight of the ``top``-th heaviest edge (0 when there are no more than ``top``):
        no lighter edge can be among the first ``top``, whatever the ties."""
        if top >= self.total:
            return 0
        weights = np.concatenate([
            np.fromiter(self.weights.values(), dtype=np.int64, count=len(self.weights)), self.pairs.counts,
        ])
        # a sort, not np.partition: on ~200,000 weights that are nearly all 1 numpy's
        # introselect took 40 ms where the sort takes 1-2 ms (numpy 2.4)
        return int(np.sort(weights)[len(weights) - top])

    def ranked(self, *, kind: str, top: int) -> list[EdgeRow]:
        """``ranked_edges`` of the edges of ``kind`` (none of another kind): only the edges
        at least as heavy as the ``top``-th heaviest become ``EdgeKey`` s and are ordered
        (the rest cannot be among the first ``top``, whatever their ties)."""
        if kind != self.kind or top <= 0:
            return []
        if self.named_up_to is not None and top > self.named_up_to:
            raise ValueError(f"these edges name the nodes of the first {self.named_up_to} only, not {top}")
        least = self.least(top)
        chosen = [(a, b, label, weight) for (a, b, label), weight in self.weights.items() if weight >= least]
        chosen += [(a, b, kind, weight) for a, b, weight in self.pairs.at_least(least)]
        undirected, order = kind in UNDIRECTED, node_order
        edges: Counter[EdgeKey] = Counter()
        for a, b, label, weight in chosen:
            if undirected and order(self.nodes[b]) < order(self.nodes[a]):  # sorted(…, key=node_order)
                a, b = b, a
            edges[EdgeKey(a, b, kind, label)] = weight
        return ranked_edges(edges, self.nodes, kind=kind, top=top)


def network_edges(connection: Connection, scope: Scope, *, kind: str, top: int | None = None) -> Edges:
    """The edges of one kind among the scope's articles (``tally_graph(kinds=[kind])``);
    with ``top``, only the ends of the edges that can be among the first ``top`` are named
    when their rows did not name them (``Edges.ranked`` then ranks no more than ``top``)."""
    found = Edges(kind)
    if scope.table is None:
        return found
    if kind == "cooccurrence":
        _cooccurrence(connection, found, scope.table)
    elif kind == "coquoted":
        found.pairs = count_pairs(_keys_per_article(connection, _speaker_nodes(scope)))
    elif kind == "about":
        _about(connection, found, scope)
    elif kind == "event":
        _event_edges(connection, found, scope.table, scope.kept_events())
    else:
        raise ValueError(f"unknown edge kind {kind!r}")
    _name_ends(connection, found, top=top)
    return found


def node_columns(resolved: ResolvedEntity) -> list[Any]:
    """The entity's node: ``key``, ``name``, ``type`` and ``gazetteer`` (its corpus entity's
    once linked, else its own ``TYPE:name``, name and type)."""
    return [
        resolved.key().label("key"),
        func.coalesce(resolved.corpus.c.name, resolved.entity.c.name).label("name"),
        resolved.node_type().label("type"),
        resolved.corpus.c.gazetteer_id.label("gazetteer"),
    ]


def _cooccurrence(connection: Connection, found: Edges, selected: CTE) -> None:
    """Articles per pair of the ``MAX_ENTITIES_PER_ARTICLE`` most mentioned nodes of each
    article (ties: the first in the article), as ``GraphTally`` keeps them: the stored
    ``article_nodes`` and their rank (``newsgraph.store.nodes``), counted in arrays
    (``pair_counts``)."""
    node = article_nodes.c
    kept = (
        select(node.article_id.label("article"), node.node_key.label("key"))
        .select_from(selected.join(article_nodes, node.article_id == selected.c.id))
        .where(node.busiest <= MAX_ENTITIES_PER_ARTICLE)
        .subquery("kept_nodes")
    )
    found.pairs = count_pairs(_keys_per_article(connection, kept))


def _keys_per_article(connection: Connection, rows: FromClause) -> list[list[str]]:
    """The ``key`` s of ``rows`` (``article``, ``key``; each key once per article), a list
    per article: one row per article read (an array on PostgreSQL, a JSON array on SQLite)
    instead of one per key."""
    if connection.dialect.name == "postgresql":
        arrays = select(func.array_agg(rows.c.key)).group_by(rows.c.article)
        return [list(keys) for keys in connection.scalars(arrays)]
    texts = select(func.json_group_array(rows.c.key)).group_by(rows.c.article)
    return [orjson.loads(keys) for keys in connection.scalars(texts)]


def _name_ends(connection: Connection, found: Edges, *, top: int | None) -> None:
    """Name the ends ``found.nodes`` lacks of the edges that can be among the first ``top``
    (of every edge when None)."""
    least = 0 if top is None else found.least(top)
    ends = found.pairs.members_at_least(least)
    ends.update(key for (a, b, _label), weight in found.weights.items() if weight >= least for key in (a, b))
    found.nodes.update(_named(connection, ends - found.nodes.keys()))
    found.named_up_to = top


def _named(connection: Connection, keys: Collection[str]) -> dict[str, Node]:
    """The nodes of ``keys``: a corpus entity's name, type and gazetteer id; an in-article
    node's key is its ``TYPE:name`` (``ResolvedEntity.key``)."""
    named: dict[str, Node] = {}
    corpus = corpus_entities.c
    for chunk in chunked(sorted(keys), IDS_PER_QUERY):
        rows = connection.execute(select(corpus.id, corpus.name, corpus.type, corpus.gazetteer_id)
                                  .where(corpus.id.in_(chunk)))
        named.update((key, Node(key, name, node_type, gazetteer)) for key, name, node_type, gazetteer in rows)
    for key in keys:
        if key not in named:
            node_type, name = key.split(":", 1)
            named[key] = Node(key, name, node_type)
    return named


def _speaker_nodes(scope: Scope) -> Subquery:
    """Per article, the distinct nodes of its quotes' speakers that are entities (each person
    of a joint speaker among them): ``article``, ``key``."""
    source = quote_sources.c
    columns = [source.article_id.label("article"), source.node_key.label("key")]
    return (
        select(*columns).select_from(_sources_of(scope, "all")).where(source.node_key.is_not(None))
        .group_by(*columns).subquery("speaker_nodes")
    )


def _about(connection: Connection, found: Edges, scope: Scope) -> None:
    """Speaker -> each entity with a mention inside one of the speaker's quotes (weight:
    quotes; an entity that is the speaker's own node left out): the stored quote sources
    joined to the stored ``quote_mentions`` (``newsgraph.store.nodes``); the speakers are
    named here, the entities by ``_name_ends``."""
    source, inside = quote_sources.c, quote_mentions.c
    joined = _sources_of(scope, "all").join(
        quote_mentions, and_(inside.article_id == source.article_id, inside.quote_id == source.quote_id)
    )
    by = [source.node_key, source.name, source.type, source.gazetteer_id, inside.node_key.label("about")]
    spoken = (source.node_key.is_not(None), inside.node_key != source.node_key)
    query = _counted(by, joined, "quotes").where(*spoken)
    named, weights = found.nodes, found.weights
    for key, name, node_type, gazetteer, about, quoted in connection.execute(query):
        if key not in named:  # a key's name, type and gazetteer id are the same in every article
            named[key] = Node(key, name, node_type, gazetteer)
        weights[(key, about, "about")] += quoted


def _event_edges(
    connection: Connection, found: Edges, selected: CTE, kept: ColumnElement[bool]
) -> None:
    """Source actor -> target actor of every event (label: the event type; weight: events);
    an event whose source and target are one node adds no edge.  Grouped on the actors'
    node keys only (an unnamed actor's name instead): their names come from
    ``_name_ends``; an unnamed actor spelled two ways goes by its first spelling."""
    query = _event_edges_query(selected, kept)
    named, weights = found.nodes, found.weights
    spellings: dict[str, set[str]] = {}

    def key_of(key: str | None, unnamed: str | None) -> str:
        if key is not None:
            return key
        assert unnamed is not None  # an actor without an entity has its name
        node = stored_actor(None, unnamed, None, None)
        named.setdefault(node.key, node)
        spellings.setdefault(node.key, set()).add(unnamed)
        return node.key

    for event_type, source_key, source_name, target_key, target_name, counted in connection.execute(query):
        a, b = key_of(source_key, source_name), key_of(target_key, target_name)
        if a != b:
            weights[(a, b, event_type)] += counted
    ambiguous = sorted({name for names in spellings.values() if len(names) > 1 for name in names})
    first = _first_spellings(connection, selected, kept, ambiguous) if ambiguous else {}
    for key, spelling in first.items():
        named[key] = Node(key, spelling, UNNAMED_TYPE)


def _event_edges_query(selected: CTE, kept: ColumnElement[bool]) -> Any:
    """Events counted per type, source and target (``actor_nodes``: the node key, or the
    name of an actor without one)."""
    source, target = actor_nodes.alias("src"), actor_nodes.alias("tgt")
    joined: FromClause = selected.join(events, and_(events.c.article_id == selected.c.id, kept))
    for actor, role in ((source, "source"), (target, "target")):
        joined = joined.join(actor, and_(actor.c.article_id == events.c.article_id,
                                         actor.c.event_id == events.c.id, actor.c.role == role))
    columns: list[Any] = [events.c.type]
    for actor, label in ((source, "src"), (target, "tgt")):
        unnamed = case((actor.c.node_key.is_(None), actor.c.name))
        columns += [actor.c.node_key.label(f"{label}_key"), unnamed.label(f"{label}_unnamed")]
    return _counted(columns, joined, "events")


def _first_spellings(
    connection: Connection, selected: CTE, kept: ColumnElement[bool], names: Sequence[str]
) -> dict[str, str]:
    """Unnamed actor key -> its first spelling among ``names``, in reading order (article,
    event, source before target, actor position), among events with a source and a
    target: the spelling ``GraphTally`` names the node by.  (Within one event the one-pass
    reading alternates sources and targets; the two orders differ only for an actor
    spelled two ways in one event.)"""
    source = event_actors.alias("first_source")
    target = event_actors.alias("first_target")
    actor = event_actors.alias("actor")
    entity = entities.alias("actor_entity")
    both = and_(
        exists().where(source.c.article_id == events.c.article_id, source.c.event_id == events.c.id,
                       source.c.role == "source"),
        exists().where(target.c.article_id == events.c.article_id, target.c.event_id == events.c.id,
                       target.c.role == "target"),
    )
    joined = (
        selected.join(events, and_(events.c.article_id == selected.c.id, kept))
        .join(actor, and_(actor.c.article_id == events.c.article_id, actor.c.event_id == events.c.id))
        .outerjoin(entity, and_(entity.c.article_id == actor.c.article_id, entity.c.id == actor.c.entity_id))
    )
    query = (
        select(actor.c.name, selected.c.ord, events.c.position, actor.c.role, actor.c.position.label("nth"))
        .select_from(joined)
        .where(entity.c.id.is_(None), actor.c.name.in_(names), both)
    )
    first: dict[str, tuple[Any, ...]] = {}
    for row in connection.execute(query):
        key = f"{UNNAMED_TYPE}:{row.name.casefold()}"
        order = (row.ord, row.position, row.role != "source", row.nth, row.name)
        if key not in first or order < first[key]:
            first[key] = order
    return {key: str(order[-1]) for key, order in first.items()}
