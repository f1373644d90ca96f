"""Read endpoints: articles, search, entities, quotes, events, timeline, graph."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from sqlalchemy import Connection

from newsgraph.api import queries
from newsgraph.api.database import Database, corpus_candidates
from newsgraph.api.errors import ApiError
from newsgraph.api.schemas import (
    ERROR_RESPONSES,
    ArticleOut,
    ArticlePage,
    ArticleSummaryOut,
    BucketOut,
    CorpusEntityOut,
    EdgeOut,
    EntityDetailOut,
    EntityPage,
    EntitySummaryOut,
    EventHitOut,
    EventPage,
    GraphOut,
    NodeOut,
    QuoteHitOut,
    QuotePage,
    SearchHitOut,
    SearchPage,
    TimelineOut,
)
from newsgraph.api.search import SNIPPET_MARKERS, bracketed_snippet, count_matches
from newsgraph.store.search import MAX_PREFIX_WORDS, MAX_QUERY_CHARACTERS, MAX_QUERY_WORDS

# Open by default; create_app adds the token check when reads are protected.
router = APIRouter(prefix="/api", responses=ERROR_RESPONSES)

# YYYY, YYYY-MM or YYYY-MM-DD, and only dates that exist (newsgraph.model.DateValue.parse
# accepts exactly these; tests check it), so the OpenAPI document admits no date the API refuses.
_YEAR = r"\d{4}"
_DAY_YEAR = r"(?:000[1-9]|00[1-9]\d|0[1-9]\d\d|[1-9]\d{3})"  # 0001-9999
_LEAP_YEAR = r"(?:\d\d(?:0[48]|[2468][048]|[13579][26])|(?:[02468][48]|[13579][26]|[2468]0)00)"
_DAY = (
    rf"(?:{_DAY_YEAR}-(?:0[13578]|1[02])-(?:0[1-9]|[12]\d|3[01])"
    rf"|{_DAY_YEAR}-(?:0[469]|11)-(?:0[1-9]|[12]\d|30)"
    rf"|{_DAY_YEAR}-02-(?:0[1-9]|1\d|2[0-8])"
    rf"|{_LEAP_YEAR}-02-29)"
)
DATE_EXPRESSION = rf"(?:{_YEAR}(?:-(?:0[1-9]|1[0-2]))?|{_DAY})"
DATE_PATTERN = rf"^{DATE_EXPRESSION}$"
MAX_OFFSET = 100_000
SEARCH_MAX_OFFSET = 1_000

Limit = Annotated[int, Query(ge=1, le=queries.MAX_PAGE, description="page size")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="items to skip")]
DateParam = Annotated[str | None, Query(pattern=DATE_PATTERN, description="YYYY, YYYY-MM or YYYY-MM-DD")]
EntityType = Literal["PER", "ORG", "LOC", "MISC"]
ENTITY_PATTERN = r"^(PER|ORG|LOC|MISC):.+$"
_ENTITY_HELP = "an entity as TYPE:name, e.g. PER:Emmanuel Macron"
EntityParam = Annotated[str, Query(pattern=ENTITY_PATTERN, max_length=510, description=_ENTITY_HELP)]
OptionalEntityParam = Annotated[
    str | None, Query(pattern=ENTITY_PATTERN, max_length=510, description=_ENTITY_HELP)
]
Granularity = Annotated[Literal["year", "month", "day"], Query()]
Copies = Annotated[
    Literal["distinct", "all"],
    Query(description="distinct: a quote or event repeated by near-duplicate articles (wire copies) "
          "counts once; all: every copy"),
]
SEARCH_HELP = (
    f"words, all required; word* for a prefix (at most {MAX_QUERY_WORDS} words, "
    f"{MAX_PREFIX_WORDS} of them in prefixes: more answers 422)"
)
SearchText = Annotated[str, Query(min_length=1, max_length=MAX_QUERY_CHARACTERS, description=SEARCH_HELP)]
OptionalSearchText = Annotated[
    str | None, Query(min_length=1, max_length=MAX_QUERY_CHARACTERS, description=SEARCH_HELP)
]


@dataclass(frozen=True, slots=True)
class DateFilter:
    """An inclusive date range, ``since``/``until`` (prefix-aware: ``until=2023-09`` keeps
    ``2023-09-30``)."""

    since: str | None
    until: str | None


def date_filter(
    since: Annotated[str | None, Query(pattern=DATE_PATTERN, description="from YYYY[-MM[-DD]] on")] = None,
    until: Annotated[str | None, Query(pattern=DATE_PATTERN, description="up to YYYY[-MM[-DD]]")] = None,
    date_from: Annotated[
        str | None, Query(pattern=DATE_PATTERN, deprecated=True, description="deprecated name of since")
    ] = None,
    date_to: Annotated[
        str | None, Query(pattern=DATE_PATTERN, deprecated=True, description="deprecated name of until")
    ] = None,
) -> DateFilter:
    """``since``/``until``, the date names of every command and endpoint; ``date_from`` and
    ``date_to`` are still read for one release (deprecated aliases).  A name given with its
    alias makes two bounds, both applied: the later start, the earlier end."""
    return DateFilter(_later_start(since, date_from), _earlier_end(until, date_to))


def _later_start(*values: str | None) -> str | None:
    given = [value for value in values if value is not None]
    return max(given) if given else None  # "2023-05" starts after "2023"


def _earlier_end(*values: str | None) -> str | None:
    given = [value for value in values if value is not None]
    return min(given, key=lambda value: value + "~") if given else None  # "2023-05" ends before "2023"


Dates = Annotated[DateFilter, Depends(date_filter)]


def database(request: Request) -> Database:
    found = request.app.state.database
    assert isinstance(found, Database)
    return found


Db = Annotated[Database, Depends(database)]


def parse_entity(value: str) -> queries.EntityKey:
    """``TYPE:name`` (the graph's node ids) as an entity key."""
    entity_type, _, name = value.partition(":")
    return queries.EntityKey(entity_type, name)


def entity_read_under(connection: Connection, key: queries.EntityKey) -> queries.EntityKey:
    """The in-article name an entity reference is read under: itself, else the entity found
    by any of its resolved names (``PER:Vladimir Putin`` -> ``PER:Vladimir Poutine``)."""
    return queries.entity_key_for(connection, key) or key


@router.get("/articles", response_model=ArticlePage, tags=["articles"])
def list_articles(
    db: Db,
    dates: Dates,
    outlet: Annotated[str | None, Query(max_length=500)] = None,
    lang: Annotated[str | None, Query(max_length=16)] = None,
    limit: Limit = 20,
    offset: Offset = 0,
) -> ArticlePage:
    """Articles, newest first; filter by date range (``since``/``until``, inclusive), outlet,
    language."""
    with db.read() as connection:
        rows, total = queries.list_articles(
            connection, date_from=dates.since, date_to=dates.until, outlet=outlet, lang=lang,
            limit=limit, offset=offset,
        )
    return ArticlePage(total=total, limit=limit, offset=offset, items=[ArticleSummaryOut.of(r) for r in rows])


@router.get("/articles/{article_id}", response_model=ArticleOut, tags=["articles"])
def get_article(db: Db, article_id: Annotated[str, Path(max_length=64)]) -> ArticleOut:
    """One article with its text and every annotation (entities, quotes, events, times)."""
    article = db.store.get_article(article_id)
    if article is None:
        raise ApiError(404, "not_found", f"no article {article_id!r}")
    return ArticleOut.of(article)


@router.get("/search", response_model=SearchPage, tags=["search"])
def search(
    db: Db,
    q: SearchText,
    limit: Limit = 20,
    offset: Annotated[int, Query(ge=0, le=SEARCH_MAX_OFFSET)] = 0,
) -> SearchPage:
    """Full-text search over titles and texts, best first.  Search syntax is taken literally."""
    hits = db.store.search(q, limit=offset + limit, markers=SNIPPET_MARKERS)
    with db.read() as connection:
        total = count_matches(connection, db.dialect, q, fallback=len(hits))
    items = [
        SearchHitOut(
            article_id=h.article_id, source=h.source, title=h.title, date=h.date,
            snippet=bracketed_snippet(h.snippet), score=h.score,
        )
        for h in hits[offset:]
    ]
    return SearchPage(query=q, total=total, limit=limit, offset=offset, items=items)


@router.get("/entities", response_model=EntityPage, tags=["entities"])
def list_entities(
    db: Db,
    type: EntityType | None = None,
    q: Annotated[str | None, Query(max_length=500, description="part of a name or alias")] = None,
    limit: Limit = 20,
    offset: Offset = 0,
) -> EntityPage:
    """Entities across articles and languages, most mentioned first: the corpus entities of
    cross-document resolution with their name variants, and the in-article names no corpus
    entity gathers yet (all of them before ``newsgraph resolve`` has run)."""
    with db.read() as connection:
        listing = queries.list_entities(connection, type=type, name_contains=q, limit=limit, offset=offset)
    return EntityPage(
        total=listing.total, unresolved=listing.unresolved, limit=limit, offset=offset,
        items=[EntitySummaryOut.of(r) for r in listing.rows],
    )


@router.get("/entities/{type}/{name:path}", response_model=EntityDetailOut, tags=["entities"])
def get_entity(
    db: Db, type: EntityType, name: Annotated[str, Path(min_length=1, max_length=500)],
    copies: Copies = "distinct",
) -> EntityDetailOut:
    """An entity: aliases, descriptors, mention and article counts, dates, recent articles."""
    with db.read() as connection:
        key = queries.entity_key_for(connection, queries.EntityKey(type, name))
        detail = queries.entity_detail(connection, key, all_copies=copies == "all") if key else None
        if key is None or detail is None:
            raise ApiError(404, "not_found", f"no entity {type} {name!r}")
        recent = queries.entity_articles(connection, key, limit=10)
    resolved = corpus_candidates(db.store, type, key.name)
    return EntityDetailOut.of(detail, recent, resolved[0] if resolved else None)


@router.get("/corpus-entities/{entity_id}", response_model=CorpusEntityOut, tags=["entities"])
def get_corpus_entity(
    db: Db, entity_id: Annotated[str, Path(min_length=1, max_length=64)]
) -> CorpusEntityOut:
    """An entity across articles and languages by its id (``c_…``, as ``/api/entities``
    lists it): names, type, gender, descriptors, counts, dates, external id, and the
    in-article names it gathers."""
    with db.read() as connection:
        detail = queries.corpus_entity_detail(connection, entity_id)
    if detail is None:
        raise ApiError(404, "not_found", f"no corpus entity {entity_id!r}")
    return CorpusEntityOut.of(detail)


@router.get("/quotes", response_model=QuotePage, tags=["entities"])
def entity_quotes(
    db: Db,
    entity: EntityParam,
    role: Literal["by", "about"] = "by",
    limit: Limit = 20,
    offset: Offset = 0,
    copies: Copies = "distinct",
) -> QuotePage:
    """An entity's quotes: said by it (role=by) or mentioning it (role=about)."""
    with db.read() as connection:
        key = entity_read_under(connection, parse_entity(entity))
        hits, total = queries.entity_quotes(
            connection, key, role=role, limit=limit, offset=offset, all_copies=copies == "all"
        )
    items = [QuoteHitOut.of(h) for h in hits]
    return QuotePage(role=role, total=total, limit=limit, offset=offset, items=items)


@router.get("/events", response_model=EventPage, tags=["events"])
def list_events(
    db: Db,
    dates: Dates,
    actor: Annotated[str | None, Query(max_length=500, description="part of a source/target name")] = None,
    entity: OptionalEntityParam = None,
    type: Annotated[str | None, Query(max_length=64, description="event type")] = None,
    limit: Limit = 20,
    offset: Offset = 0,
    copies: Copies = "distinct",
) -> EventPage:
    """Events, most recent first; filter by actor (name part, or entity), type, date range
    (``since``/``until``, inclusive)."""
    with db.read() as connection:
        key = entity_read_under(connection, parse_entity(entity)) if entity else None
        hits, total = queries.list_events(
            connection, entity=key, actor=actor, type=type, date_from=dates.since, date_to=dates.until,
            limit=limit, offset=offset, all_copies=copies == "all",
        )
    return EventPage(total=total, limit=limit, offset=offset, items=[EventHitOut.of(h) for h in hits])


TIMELINE_SEARCH_CAP = 5_000


@router.get("/timeline", response_model=TimelineOut, tags=["timeline"])
def timeline(
    db: Db,
    q: OptionalSearchText = None,
    granularity: Granularity = "month",
) -> TimelineOut:
    """Articles per period: those matching ``q`` (its first 5,000 hits), else all of them."""
    if q is not None:
        hits = db.store.search(q, limit=TIMELINE_SEARCH_CAP)
        buckets = queries.articles_timeline([h.date for h in hits], granularity=granularity)
    else:
        with db.read() as connection:
            buckets = queries.all_articles_timeline(connection, granularity=granularity)
    return TimelineOut(granularity=granularity, query=q, entity=None, buckets=_buckets(buckets))


@router.get("/timeline/entity", response_model=TimelineOut, tags=["timeline"])
def entity_timeline(
    db: Db, entity: EntityParam, granularity: Granularity = "month", copies: Copies = "distinct"
) -> TimelineOut:
    """An entity per period: articles and mentions, quotes it said, events it took part in
    (a quote or event near-duplicate articles repeat counts once unless ``copies=all``)."""
    with db.read() as connection:
        key = entity_read_under(connection, parse_entity(entity))
        buckets = queries.entity_timeline(
            connection, key, granularity=granularity, all_copies=copies == "all"
        )
    return TimelineOut(granularity=granularity, query=None, entity=key.node_id, buckets=_buckets(buckets))


def _buckets(buckets: list[queries.Bucket]) -> list[BucketOut]:
    return [
        BucketOut(period=b.period, articles=b.articles, mentions=b.mentions, quotes=b.quotes, events=b.events)
        for b in buckets
    ]


@router.get("/graph", response_model=GraphOut, tags=["graph"])
def graph(
    db: Db,
    entity: OptionalEntityParam = None,
    type: Annotated[EntityType | None, Query(description="overview: only this type")] = None,
    limit: Annotated[int, Query(ge=1, le=queries.MAX_GRAPH_NODES)] = 30,
    copies: Copies = "distinct",
    kinds: Annotated[
        list[queries.EdgeKind] | None,
        Query(max_length=len(queries.EDGE_KINDS), description="only these edge kinds (repeatable)"),
    ] = None,
) -> GraphOut:
    """An entity's neighbourhood (with ``entity``), else the most mentioned entities; edges
    are weighted co-occurrence, coquoted (quoted in the same article), about (a quote of
    the speaker mentioning the other) and event links: the kinds and node ids of the graph
    exports (a corpus entity ``c_…`` once resolved, else ``TYPE:name``).  A quote or event
    near-duplicate articles repeat weighs once unless ``copies=all``.  An ``entity`` no
    article names (in any of its resolved spellings) is answered 404, as its entity page."""
    all_copies = copies == "all"
    chosen = tuple(kinds) if kinds else queries.EDGE_KINDS
    with db.read() as connection:
        center = None
        if entity:
            requested = parse_entity(entity)
            center = queries.entity_key_for(connection, requested)
            if center is None:
                raise ApiError(404, "not_found", f"no entity {requested.type} {requested.name!r}")
        if center is None:
            nodes, edges = queries.overview(
                connection, limit=limit, type=type, all_copies=all_copies, kinds=chosen
            )
        else:
            nodes, edges = queries.neighbourhood(
                connection, center, limit=limit, all_copies=all_copies, kinds=chosen
            )
    return GraphOut(
        center=nodes[0].node.key if center is not None else None,
        nodes=[
            NodeOut(id=n.node.key, name=n.node.name, type=n.node.type, mentions=n.mentions) for n in nodes
        ],
        edges=[
            EdgeOut(source=e.source.key, target=e.target.key, kind=e.kind, weight=e.weight)
            for e in edges
        ],
    )
