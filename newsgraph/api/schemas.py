"""Response and request bodies of the REST API (pydantic models: the OpenAPI document)."""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, RootModel, field_validator

from newsgraph.analysis.keys import SourceKind
from newsgraph.analysis.networks import EdgeKind
from newsgraph.analysis.periods import Granularity, GroupBy
from newsgraph.api import queries
from newsgraph.model import Article, Event, Quote
from newsgraph.resolve.gazetteer import external_id
from newsgraph.store import CorpusEntityRecord


class ErrorDetail(BaseModel):
    code: str = Field(description="stable machine-readable code, e.g. not_found, invalid_request")
    message: str


class ErrorBody(BaseModel):
    error: ErrorDetail


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": description}
    for status, description in (
        (400, "Bad request"),
        (401, "Missing bearer token"),
        (403, "Wrong token, or writes disabled"),
        (404, "Not found"),
        (422, "Invalid parameters"),
        (500, "Internal error"),
        (503, "Store unavailable"),
    )
}


class Page(BaseModel):
    total: int = Field(description="number of items matching, across all pages")
    limit: int
    offset: int


# --- articles -----------------------------------------------------------------------------


class DateOut(BaseModel):
    value: str
    precision: str


class ArticleSummaryOut(BaseModel):
    id: str
    source: str
    title: str | None
    outlet: str | None
    lang: str | None
    date: str | None
    url: str | None

    @classmethod
    def of(cls, row: queries.ArticleRow) -> ArticleSummaryOut:
        return cls(
            id=row.id, source=row.source, title=row.title, outlet=row.outlet,
            lang=row.lang, date=row.date, url=row.url,
        )


class ArticlePage(Page):
    items: list[ArticleSummaryOut]


class SpanOut(BaseModel):
    start: int
    end: int
    text: str


class EntityInArticle(BaseModel):
    id: str
    name: str
    type: str
    aliases: list[str]
    descriptors: list[str]
    gender: str
    mentions: list[SpanOut]


class SpeakerOut(BaseModel):
    entity_id: str | None
    name: str
    start: int | None
    end: int | None
    descriptor: str | None
    how: str


class QuoteOut(BaseModel):
    id: str
    start: int
    end: int
    text: str
    kind: str
    cue: SpanOut | None
    speaker: SpeakerOut | None
    confidence: float

    @classmethod
    def of(cls, quote: Quote) -> QuoteOut:
        return cls.model_validate(quote.to_dict())


class ActorOut(BaseModel):
    entity_id: str | None
    name: str


class EventDateOut(BaseModel):
    value: str
    precision: str
    from_: str = Field(alias="from", serialization_alias="from")


class SentenceOut(BaseModel):
    start: int
    end: int


class EventOut(BaseModel):
    id: str
    type: str
    mode: str | None
    trigger: SpanOut
    sentence: SentenceOut
    source: list[ActorOut]
    target: list[ActorOut]
    place: ActorOut | None
    date: EventDateOut | None
    modality: str
    quote_id: str | None
    confidence: float
    salient: bool = Field(description="an event a reader would list: a fact the article or a quoted "
                                       "speaker tells, ranked by the learned model (docs/events.md)")
    lemma: str | None = Field(description="the predicate's lemma")
    salience: float | None = Field(description="learned salience score in [0, 1]; null: not scored")
    mentions: list[SpanOut] = Field(description="where the article tells the same event again")

    @classmethod
    def of(cls, event: Event) -> EventOut:
        return cls.model_validate(event.to_dict())


class TimeOut(BaseModel):
    start: int
    end: int
    text: str
    value: str | None
    precision: str | None
    direction: str
    kind: str


class ArticleOut(BaseModel):
    """One article with every annotation: the JSON contract of docs/output-format.md."""

    schema_: str = Field(alias="schema", serialization_alias="schema")
    source: str
    id: str
    lang: str | None
    date: DateOut | None
    title: str | None
    url: str | None
    outlet: str | None
    author: str | None
    notes: list[str]
    text: str
    entities: list[EntityInArticle]
    quotes: list[QuoteOut]
    events: list[EventOut]
    times: list[TimeOut]

    @classmethod
    def of(cls, article: Article) -> ArticleOut:
        return cls.model_validate(article.to_dict())


# --- search -------------------------------------------------------------------------------


class SearchHitOut(BaseModel):
    article_id: str
    source: str
    title: str | None
    date: str | None
    snippet: str = Field(description="matches are marked with [ and ]")
    score: float


class SearchPage(Page):
    query: str
    items: list[SearchHitOut]


# --- entities -----------------------------------------------------------------------------


class NameVariantOut(BaseModel):
    name: str
    type: str
    mentions: int
    entity: str = Field(description="TYPE:name, as /api/quotes, /api/timeline/entity and /api/graph take it")


class EntitySummaryOut(BaseModel):
    """An entity across articles: a corpus entity (``id``), or an in-article name that
    resolution has not joined yet (``id`` null)."""

    id: str | None = Field(description="corpus entity id (c_…); null for a name not resolved yet")
    name: str
    type: str
    articles: int
    mentions: int
    aliases: list[str]
    descriptors: list[str]
    variants: list[NameVariantOut] = Field(
        description="the in-article names it gathers, most mentioned first; the first opens "
        "/api/entities/{type}/{name}"
    )

    @classmethod
    def of(cls, row: queries.ListedEntity) -> EntitySummaryOut:
        return cls(
            id=row.id, name=row.name, type=row.type, articles=row.articles, mentions=row.mentions,
            aliases=list(row.aliases), descriptors=list(row.descriptors),
            variants=[
                NameVariantOut(name=v.name, type=v.type, mentions=v.mentions, entity=v.key.node_id)
                for v in row.variants
            ],
        )


class EntityPage(Page):
    unresolved: int = Field(
        description="of total: in-article names that no corpus entity gathers yet (run newsgraph resolve)"
    )
    items: list[EntitySummaryOut]


class CorpusEntityOut(BaseModel):
    """An entity across articles and languages (``newsgraph resolve``), by its id."""

    id: str = Field(description="corpus entity id (c_…)")
    name: str = Field(description="display name")
    type: str
    gender: str
    names: list[str] = Field(description="display name, then every alias and in-article name it is known by")
    descriptors: list[str]
    articles: int
    mentions: int
    first_date: str | None
    last_date: str | None
    external_id: str | None = Field(
        description="the id given with it in an alias file (--aliases), e.g. a Wikidata Q… id, as given"
    )
    gazetteer_id: str | None = Field(description="the gazetteer entry it was linked to (country:RU, org:UN…)")
    variants: list[NameVariantOut] = Field(
        description="the in-article names it gathers, most mentioned first; the first opens "
        "/api/entities/{type}/{name}"
    )

    @classmethod
    def of(cls, detail: queries.CorpusEntityDetail) -> CorpusEntityOut:
        record = detail.record
        return cls(
            id=record.id, name=record.name, type=record.type, gender=record.gender,
            names=list(dict.fromkeys([record.name, *record.aliases])),
            descriptors=list(record.descriptors), articles=record.article_count,
            mentions=record.mention_count, first_date=record.first_date, last_date=record.last_date,
            external_id=external_id(record.gazetteer_id), gazetteer_id=record.gazetteer_id,
            variants=[
                NameVariantOut(name=v.name, type=v.type, mentions=v.mentions, entity=v.key.node_id)
                for v in detail.variants
            ],
        )


class EntityDetailOut(BaseModel):
    name: str
    type: str
    articles: int
    mentions: int
    aliases: list[str]
    descriptors: list[str]
    genders: list[str]
    first_date: str | None
    last_date: str | None
    quotes_by: int
    quotes_about: int
    events: int
    recent_articles: list[ArticleSummaryOut]
    resolved: ResolvedEntityOut | None = Field(
        default=None, description="the entity across articles this name belongs to (None before resolution)"
    )

    @classmethod
    def of(
        cls, detail: queries.EntityDetail, recent: list[queries.ArticleRow],
        resolved: CorpusEntityRecord | None = None,
    ) -> EntityDetailOut:
        return cls(
            name=detail.key.name, type=detail.key.type, articles=detail.articles,
            mentions=detail.mentions, aliases=list(detail.aliases),
            descriptors=list(detail.descriptors), genders=list(detail.genders),
            first_date=detail.first_date, last_date=detail.last_date,
            quotes_by=detail.quotes_by, quotes_about=detail.quotes_about, events=detail.events,
            recent_articles=[ArticleSummaryOut.of(r) for r in recent],
            resolved=ResolvedEntityOut.of(resolved) if resolved is not None else None,
        )


class QuoteHitOut(BaseModel):
    article_id: str
    article_title: str | None
    article_date: str | None
    quote: QuoteOut

    @classmethod
    def of(cls, hit: queries.QuoteHit) -> QuoteHitOut:
        return cls(
            article_id=hit.article_id, article_title=hit.article_title,
            article_date=hit.article_date, quote=QuoteOut.of(hit.quote),
        )


class QuotePage(Page):
    role: Literal["by", "about"]
    items: list[QuoteHitOut]


class EventHitOut(BaseModel):
    article_id: str
    article_title: str | None
    article_date: str | None
    when: str | None = Field(description="the event's date, else its article's")
    event: EventOut

    @classmethod
    def of(cls, hit: queries.EventHit) -> EventHitOut:
        return cls(
            article_id=hit.article_id, article_title=hit.article_title,
            article_date=hit.article_date, when=hit.when, event=EventOut.of(hit.event),
        )


class EventPage(Page):
    items: list[EventHitOut]


# --- timeline and graph --------------------------------------------------------------------


class BucketOut(BaseModel):
    period: str
    articles: int
    mentions: int
    quotes: int
    events: int


class TimelineOut(BaseModel):
    granularity: Literal["year", "month", "day"]
    query: str | None
    entity: str | None = Field(description="TYPE:name of the entity, when the timeline is an entity's")
    buckets: list[BucketOut]


class NodeOut(BaseModel):
    id: str = Field(
        description="the GraphML/GEXF export's node id: the corpus entity (c_…) once resolved, else TYPE:name"
    )
    name: str = Field(description="the corpus entity's name once resolved, else the name the articles use")
    type: str
    mentions: int


class EdgeOut(BaseModel):
    source: str
    target: str
    kind: Literal["cooccurrence", "coquoted", "about", "event"] = Field(
        description="as in the graph exports: articles in common, articles quoting both, a quote of "
        "source about target, an event"
    )
    weight: int = Field(description="articles in common, articles quoting both, quotes, or shared events")


class GraphOut(BaseModel):
    center: str | None = Field(description="the node id of the entity asked for (neighbourhood)")
    nodes: list[NodeOut]
    edges: list[EdgeOut]


# --- statistics (newsgraph.analysis, as `newsgraph stats`) ---------------------------------


class SelectionOut(BaseModel):
    """The articles a statistic read: the filters as given, and how many were analysed."""

    query: str | None
    since: str | None
    until: str | None
    lang: str | None
    outlet: str | None
    limit: int = Field(description="at most this many articles are analysed")
    articles: int = Field(description="articles analysed")
    truncated: bool = Field(description="more articles match: the statistics cover the first `limit`")


class RankedPage(BaseModel):
    selection: SelectionOut
    total: int = Field(description="rows across all pages (and groups)")
    top: int = Field(description="rows per page (per group where rows are grouped)")
    offset: int = Field(description="ranks skipped (in each group)")


class QuotedRowOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    group: str = Field(description="outlet, period or all")
    rank: int
    name: str
    kind: SourceKind
    quotes: int
    share: float = Field(description="of the group's attributed quotes")


class QuotedOut(RankedPage):
    by: GroupBy
    granularity: Granularity
    items: list[QuotedRowOut]


class ShareRowOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    group: str
    kind: SourceKind
    quotes: int
    share: float = Field(description="of all the group's quotes")


class SharesOut(BaseModel):
    selection: SelectionOut
    by: GroupBy
    granularity: Granularity
    items: list[ShareRowOut]


class HistogramBinOut(BaseModel):
    quotes: int = Field(description="quotes in an article")
    articles: int = Field(description="articles with that many")


class PerArticleOut(BaseModel):
    selection: SelectionOut
    articles: int
    quotes: int
    mean: float
    median: float
    without_quotes: int
    histogram: list[HistogramBinOut]


class GenderRowOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    group: str
    f: int = Field(description="quotes by people the text marks as women")
    m: int = Field(description="quotes by people the text marks as men")
    unknown: int = Field(description="quotes by people whose gender the text does not mark")
    coverage: float = Field(description="(f + m) / quotes by people: read f and m only with it")
    people_f: int = Field(description="distinct people over the whole selection")
    people_m: int
    people_unknown: int


class GenderOut(BaseModel):
    selection: SelectionOut
    by: GroupBy
    granularity: Granularity
    items: list[GenderRowOut]


class QuotesInPeriodOut(BaseModel):
    period: str
    quotes: int


class SpeakerSeriesOut(BaseModel):
    name: str
    quotes: int = Field(description="over every period")
    points: list[QuotesInPeriodOut] = Field(description="ascending periods, undated last")


class OverTimeOut(RankedPage):
    speakers: list[str] = Field(description="the name parts asked for")
    granularity: Granularity
    items: list[SpeakerSeriesOut] = Field(description="matching speakers, most quoted first")


class NetworkEdgeOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    source: str
    target: str
    kind: EdgeKind
    label: str = Field(description="the event type for event edges, else the kind")
    weight: int = Field(description="articles (cooccurrence, coquoted), quotes (about) or events")


class NetworkOut(RankedPage):
    kind: EdgeKind
    items: list[NetworkEdgeOut]


class EventsInPeriodOut(BaseModel):
    period: str
    events: int


class EventPairOut(BaseModel):
    source: str
    type: str
    target: str = Field(description="— for events without a target (with untargeted)")
    events: int
    by_period: list[EventsInPeriodOut] = Field(description="ascending periods, undated last")


class EventPairsOut(RankedPage):
    granularity: Granularity
    modalities: list[str] | None = Field(description="the modalities counted; null: all")
    untargeted: bool
    items: list[EventPairOut]


# --- writes -------------------------------------------------------------------------------


class IngestIn(BaseModel):
    text: str = Field(
        min_length=1, description="the article body (not only white space)",
        json_schema_extra={"pattern": r"\S"},  # what _not_blank checks (Python's \s)
    )
    date: str | None = Field(default=None, description="YYYY, YYYY-MM or YYYY-MM-DD")
    lang: Literal["fr", "en"] | None = None
    source: str | None = Field(default=None, max_length=2000)
    title: str | None = Field(default=None, max_length=2000)
    url: str | None = Field(default=None, max_length=2000)
    outlet: str | None = Field(default=None, max_length=500)

    @field_validator("text")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not _NOT_BLANK.search(value):
            raise ValueError("the text is blank")
        return value


_NOT_BLANK = re.compile(r"\S")


class IngestOut(BaseModel):
    id: str
    status: Literal["ingested", "updated", "unchanged"]
    entities: int
    quotes: int
    events: int


class EntityRef(BaseModel):
    type: Literal["PER", "ORG", "LOC", "MISC"]
    name: str = Field(min_length=1, max_length=500)


class MergeIn(BaseModel):
    entities: list[EntityRef] = Field(min_length=2, max_length=20, description="merged into the first")
    note: str | None = Field(default=None, max_length=2000)


class RenameIn(BaseModel):
    entity: EntityRef
    new_name: str = Field(min_length=1, max_length=500)
    note: str | None = Field(default=None, max_length=2000)

    @field_validator("new_name")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("the new name is empty")
        return value


class UndoIn(BaseModel):
    judgement: int = Field(ge=1, description="the id of the judgement to reverse")
    note: str | None = Field(default=None, max_length=2000)


class SpeakerFixIn(BaseModel):
    article: str = Field(min_length=1, max_length=100, description="the article's id")
    quote: str = Field(min_length=1, max_length=100, description="the quote's id in the article")
    action: Literal["speaker"]
    speaker: str = Field(min_length=1, max_length=500, pattern=r"\S", description="who said it")
    note: str | None = Field(default=None, max_length=2000)


class NotQuoteIn(BaseModel):
    article: str = Field(min_length=1, max_length=100, description="the article's id")
    quote: str = Field(min_length=1, max_length=100, description="the quote's id in the article")
    action: Literal["not_quote"]
    note: str | None = Field(default=None, max_length=2000)


class QuoteCorrectionIn(RootModel[SpeakerFixIn | NotQuoteIn]):
    """A speaker fixed (``action: "speaker"``, with ``speaker``) or a span judged not a quote."""


class QuoteCorrectionOut(BaseModel):
    judgement: int = Field(description="the id of the quote judgement (for /api/corrections/quote/undo)")
    quote: QuoteOut | None = Field(description="the quote after the correction (null once not a quote)")
    message: str


class ResolvedEntityOut(BaseModel):
    """An entity across articles and languages (``newsgraph.resolve``)."""

    id: str
    name: str
    type: str
    names: list[str] = Field(description="display name, then every alias and in-article name")
    articles: int
    mentions: int

    @classmethod
    def of(cls, record: CorpusEntityRecord) -> ResolvedEntityOut:
        return cls(
            id=record.id, name=record.name, type=record.type,
            names=list(dict.fromkeys([record.name, *record.aliases])),
            articles=record.article_count, mentions=record.mention_count,
        )


class CorrectionOut(BaseModel):
    judgement: str = Field(description="the id of the (last) judgement recorded")
    judgements: list[int]
    entity: ResolvedEntityOut | None = Field(description="the entity after the correction")
    message: str
