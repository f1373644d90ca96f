"""The store: saving analysed articles and querying them (SQLAlchemy Core).

>>> with Store.open("newsgraph.sqlite") as store:
...     result = store.save(articles)
...     hits = store.search("Élysée")
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from sqlalchemy import (
    Connection,
    Engine,
    Row,
    Select,
    delete,
    distinct,
    func,
    select,
    tuple_,
)
from sqlalchemy.exc import InterfaceError, OperationalError, SQLAlchemyError

from newsgraph.errors import StoreDataError, StoreError
from newsgraph.model import Article, DateValue
from newsgraph.store import actors, bulk, corpus, duplicates, marks, nodes, quote_judgements, speakers
from newsgraph.store.engine import WRITE_OPTION, describe, make_engine, resolve_url
from newsgraph.store.migrate import upgrade_to_head
from newsgraph.store.records import (
    ArticleSummary,
    CorpusEntityRecord,
    EntitySummary,
    EventRecord,
    JudgementRecord,
    Neighbour,
    QuoteRecord,
    SaveResult,
    TimelinePoint,
)
from newsgraph.store.rows import (
    INSERT_ORDER,
    TableRows,
    add_article_rows,
    chunked,
    content_hash,
    date_value,
    empty_rows,
    load_article,
    load_events,
    quote_from_row,
)
from newsgraph.store.schema import (
    ARTICLE_TABLES,
    articles,
    entities,
    events,
    quotes,
)
from newsgraph.store.schema import quote_judgements as qj
from newsgraph.store.search import SearchHit, SearchIndex, search_index_for

DEFAULT_BATCH_SIZE = 100
DEFAULT_LIMIT = 20
MAX_LIMIT = 10_000  # no query returns more rows than this
MAX_LIST_ITEMS = 50  # aliases / descriptors kept per aggregated entity
_PAIRS_PER_QUERY = 400
_VALUES_PER_QUERY = 500


class Store:
    """A newsgraph database.  Open it with :meth:`Store.open`; use it as a context manager."""

    def __init__(self, engine: Engine, *, name: str) -> None:
        self._engine = engine
        self.name = name
        self._search_index: SearchIndex = search_index_for(engine.dialect.name)

    # --- opening -----------------------------------------------------------------------

    @classmethod
    def open(cls, url_or_path: str) -> Store:
        """Open (creating or upgrading as needed) the store at a path or SQLAlchemy URL.

        A plain path means an SQLite file; ``sqlite://`` or ``:memory:`` an in-memory
        database (tests).  Raises :class:`StoreError` naming the file when it cannot be
        opened or is not a newsgraph database.
        """
        url = resolve_url(url_or_path)
        name = describe(url)
        engine = make_engine(url)
        try:
            upgrade_to_head(engine, name=name)
        except SQLAlchemyError as exc:
            engine.dispose()
            raise _open_error(name, exc) from exc
        except BaseException:
            engine.dispose()
            raise
        return cls(engine, name=name)

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.name!r})"

    # --- writing -----------------------------------------------------------------------

    def save(
        self,
        articles: Iterable[Article],
        *,
        batch_size: int = DEFAULT_BATCH_SIZE,
        progress: Callable[[SaveResult], None] | None = None,
    ) -> SaveResult:
        """Store articles, one transaction per batch; returns what was done.

        An article already stored identically is ``unchanged``.  A new version of a
        stored article (same source, other text; or same id, other analysis) replaces
        it and counts as ``updated``.  If anything fails, the current batch is rolled
        back entirely and earlier batches stay: running again resumes.  When the database
        refuses the batch's data (a value it cannot hold, a constraint), the error is a
        :class:`~newsgraph.errors.StoreDataError`: saving the articles one by one then
        stores all but the bad ones (``ingest_documents`` does).  ``progress`` is called
        with the running totals after each committed batch.
        """
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, got {batch_size}")
        total = SaveResult()
        with self._connect(write=True) as connection:
            for batch in _batches(articles, batch_size):
                total += self._save_batch(connection, batch)
                if progress is not None:
                    progress(total)
        return total

    def _save_batch(self, connection: Connection, batch: Sequence[Article]) -> SaveResult:
        try:
            with connection.begin():
                writer = _BatchWriter(connection, self._search_index, batch)
                for article in batch:
                    writer.add(article)
                writer.flush()
        except SQLAlchemyError as exc:
            sources = batch[0].source if len(batch) == 1 else f"{batch[0].source} … {batch[-1].source}"
            message = (
                f"{self.name}: could not save the batch of {len(batch)} article(s) "
                f"{sources}; nothing of it was stored: {_reason(exc)}"
            )
            if isinstance(exc, OperationalError | InterfaceError):  # the database, not the data
                raise StoreError(message) from exc
            reason = (_reason(exc).strip().splitlines() or ["unknown error"])[0]
            raise StoreDataError(message, reason=reason) from exc
        return writer.result

    def load_partition(
        self,
        articles: Sequence[Article],
        *,
        key: str,
        origin: str,
        signatures: Mapping[str, Sequence[int]] | None = None,
    ) -> bulk.PartitionLoad:
        """Store a partition of articles in one transaction, by the bulk path (COPY on
        PostgreSQL), and record ``key`` as loaded in the same transaction.

        Articles are decided as by :meth:`save` (unchanged, updated, ingested).  A ``key``
        recorded already is skipped.  If anything fails nothing of the partition is stored;
        ``origin`` (e.g. the batch directory and partition) names it in errors and in
        ``loaded_partitions``.  ``signatures``: the articles' MinHash signatures made by the
        batch (article id -> values), reused to find near-duplicates instead of computed again.
        """
        writer_rows = bulk.bulk_writer(self._engine.dialect.name)
        try:
            with self._connect(write=True) as connection, connection.begin():
                if bulk.is_loaded(connection, key):
                    return bulk.PartitionLoad(key, True, SaveResult(), 0)
                writer = _BatchWriter(
                    connection, self._search_index, articles, write_rows=writer_rows, signatures=signatures
                )
                for article in articles:
                    writer.add(article)
                rows = writer.flush()
                bulk.record_partition(connection, key=key, origin=origin, articles=len(articles))
        except (SQLAlchemyError, StoreError) as exc:
            reason = _reason(exc) if isinstance(exc, SQLAlchemyError) else str(exc)
            raise StoreError(
                f"{self.name}: could not load {origin} ({len(articles)} articles); "
                f"nothing of it was stored: {reason}"
            ) from exc
        return bulk.PartitionLoad(key, False, writer.result, rows)

    def loaded_partitions(self, keys: Sequence[str]) -> set[str]:
        """Which of these partition keys :meth:`load_partition` has recorded."""
        found: set[str] = set()
        with self._reading("read the loaded partitions") as connection:
            for chunk in chunked(list(keys), _VALUES_PER_QUERY):
                found |= bulk.loaded_keys(connection, list(chunk))
        return found

    def needs_resolution(self) -> bool:
        """Whether articles were written since the last complete resolution of corpus
        entities (the ``resolution_stale`` mark, set in the transaction that writes them
        and cleared by ``newsgraph.resolve.resolve_store``): a resolution interrupted, or
        skipped (``--no-resolve``), is still to be done."""
        with self._reading("read the store's marks") as connection:
            return marks.mark_token(connection, marks.RESOLUTION_STALE) is not None

    # --- reading -----------------------------------------------------------------------

    def has_article(self, article_id: str) -> bool:
        query = select(articles.c.id).where(articles.c.id == article_id)
        with self._reading("look up an article") as connection:
            return connection.execute(query).first() is not None

    def get_article(self, article_id: str) -> Article | None:
        """The article with everything extracted from it, as it was saved; None if absent."""
        with self._reading("read an article") as connection:
            return load_article(connection, article_id)

    def find_articles(self, ref: str, *, limit: int = DEFAULT_LIMIT) -> list[ArticleSummary]:
        """Articles ``ref`` designates: a full id, else a source (as stored, or the
        absolute path of a relative one), else an id prefix.  More than one result means
        ``ref`` is ambiguous."""
        ref = ref.strip()
        if not ref:
            return []
        bounded = _bounded(limit)
        candidates = [
            articles.c.id == ref,
            articles.c.source.in_(_source_spellings(ref)),
            articles.c.id.startswith(ref, autoescape=True),
        ]
        with self._reading("find articles") as connection:
            for condition in candidates:
                query = _summary_query().where(condition).limit(bounded)
                rows = connection.execute(query).all()
                if rows:
                    return [_summary_from_row(row) for row in rows]
        return []

    def search(
        self,
        query: str,
        *,
        limit: int = DEFAULT_LIMIT,
        markers: tuple[str, str] = ("[", "]"),
    ) -> list[SearchHit]:
        """Articles matching every word of ``query`` (``word*`` for a prefix), best first.

        Accents and case are ignored.  Search syntax characters in ``query`` are taken
        literally, so any user input is safe.  Snippets mark matches with ``markers``.
        """
        with self._reading("search") as connection:
            return self._search_index.search(connection, query, limit=_bounded(limit), markers=markers)

    def entities(self, *, type: str | None = None, top: int | None = None) -> list[EntitySummary]:
        """Entities across articles, one per (name, type), most mentioned first."""
        articles_count = func.count(distinct(entities.c.article_id)).label("articles")
        mentions_count = func.sum(entities.c.mention_count).label("mentions")
        query = (
            select(entities.c.name, entities.c.type, articles_count, mentions_count)
            .group_by(entities.c.name, entities.c.type)
            .order_by(mentions_count.desc(), articles_count.desc(), entities.c.name)
            .limit(_bounded(top))
        )
        if type is not None:
            query = query.where(entities.c.type == type.upper())
        with self._reading("list entities") as connection:
            groups = connection.execute(query).all()
            lists = _aliases_and_descriptors(connection, [(g.name, g.type) for g in groups])
        return [
            EntitySummary(
                name=g.name,
                type=g.type,
                articles=int(g.articles),
                mentions=int(g.mentions or 0),
                aliases=_most_common(lists[(g.name, g.type)][0]),
                descriptors=_most_common(lists[(g.name, g.type)][1]),
            )
            for g in groups
        ]

    def quotes(
        self,
        *,
        speaker: str | None = None,
        since: str | DateValue | None = None,
        limit: int | None = None,
        all_copies: bool = False,
    ) -> list[QuoteRecord]:
        """Quotes, newest article first; ``speaker`` matches part of the speaker's name
        (case-insensitive), ``since`` keeps articles dated on or after a date.  A quote that
        a near-duplicate article repeats from an earlier one is listed once unless
        ``all_copies``."""
        query = (
            select(quotes, *_article_context())
            .join(articles, articles.c.id == quotes.c.article_id)
            .order_by(
                articles.c.date_value.desc().nulls_last(),
                quotes.c.article_id,
                quotes.c.position,
            )
            .limit(_bounded(limit))
        )
        if speaker:
            query = query.where(quotes.c.speaker_name.icontains(speaker, autoescape=True))
        if since is not None:
            query = query.where(articles.c.date_value >= _as_date(since).value)
        if not all_copies:
            query = query.where(duplicates.distinct_quotes())
        with self._reading("list quotes") as connection:
            rows = connection.execute(query).all()
        return [
            QuoteRecord(row.article_id, row.article_source, _article_date(row), quote_from_row(row))
            for row in rows
        ]

    def events(
        self,
        *,
        type: str | None = None,
        actor: str | None = None,
        since: str | DateValue | None = None,
        limit: int | None = None,
        all_copies: bool = False,
    ) -> list[EventRecord]:
        """Events, most recent first (the event's date, else its article's); ``actor``
        matches part of a source or target name (case-insensitive), or part of any name of
        the actor's corpus entity once resolved, in any spelling or language, accents
        ignored (``"Putin"`` finds « Vladimir Poutine »).  An event that a near-duplicate
        article repeats from an earlier one is listed once unless ``all_copies``."""
        when = func.coalesce(events.c.date_value, articles.c.date_value)
        query = (
            select(events, *_article_context())
            .join(articles, articles.c.id == events.c.article_id)
            .order_by(when.desc().nulls_last(), events.c.article_id, events.c.position)
            .limit(_bounded(limit))
        )
        if type is not None:
            query = query.where(events.c.type == type)
        if actor:
            query = query.where(corpus.actor_named(actor))
        if since is not None:
            query = query.where(when >= _as_date(since).value)
        if not all_copies:
            query = query.where(duplicates.distinct_events())
        with self._reading("list events") as connection:
            rows = connection.execute(query).all()
            loaded = load_events(connection, rows)
        return [
            EventRecord(row.article_id, row.article_source, _article_date(row), event)
            for row, event in zip(rows, loaded, strict=True)
        ]

    def stats(self) -> dict[str, int]:
        """Number of rows of each table."""
        with self._reading("count rows") as connection:
            return {
                table.name: int(connection.scalar(select(func.count()).select_from(table)) or 0)
                for table in INSERT_ORDER
            }

    # --- corpus entities (written by newsgraph.resolve; docs/entities.md) -----------------

    def corpus_entities(
        self, *, type: str | None = None, limit: int = DEFAULT_LIMIT, offset: int = 0
    ) -> list[CorpusEntityRecord]:
        """Entities across articles and languages, most mentioned first (paginated)."""
        if offset < 0:
            raise ValueError(f"offset must not be negative, got {offset}")
        with self._reading("list corpus entities") as connection:
            return corpus.list_corpus_entities(connection, type=type, limit=_bounded(limit), offset=offset)

    def corpus_entity(self, entity_id: str) -> CorpusEntityRecord | None:
        """The corpus entity with this id (``c_…``), None if absent."""
        with self._reading("read a corpus entity") as connection:
            return corpus.get_corpus_entity(connection, entity_id)

    def find_corpus_entities(self, ref: str, *, limit: int = DEFAULT_LIMIT) -> list[CorpusEntityRecord]:
        """Entities ``ref`` designates: an id, else any name or alias in any spelling
        ("Poutine" finds Vladimir Putin, "l'ONU" the United Nations); most mentioned first."""
        ref = ref.strip()
        with self._reading("find corpus entities") as connection:
            found = corpus.get_corpus_entity(connection, ref)
            if found is not None:
                return [found]
            keys = corpus.name_keys(ref)
            return corpus.corpus_entities_by_keys(connection, keys, limit=_bounded(limit)) if keys else []

    def entity_timeline(self, entity_id: str, *, granularity: str = "month") -> list[TimelinePoint]:
        """Articles and mentions of the entity per ``year``, ``month`` or ``day``, oldest first."""
        with self._reading("read a timeline") as connection:
            return corpus.entity_timeline(connection, entity_id, granularity=granularity)

    def entity_neighbours(
        self, entity_id: str, *, kinds: Sequence[str] | None = None, limit: int = DEFAULT_LIMIT
    ) -> list[Neighbour]:
        """The entity's graph neighbourhood: weighted edges, heaviest first (one row per
        neighbour and kind; kinds in ``newsgraph.store.corpus.EDGE_KINDS``)."""
        with self._reading("read a neighbourhood") as connection:
            return corpus.entity_neighbours(connection, entity_id, kinds=kinds, limit=_bounded(limit))

    def entity_quotes(
        self, entity_id: str, *, role: str = "by", limit: int = DEFAULT_LIMIT, all_copies: bool = False
    ) -> list[QuoteRecord]:
        """Quotes said ``by`` the entity, or ``about`` it (mentioning it), newest first; a quote
        repeated by near-duplicate articles once unless ``all_copies``."""
        with self._reading("list an entity's quotes") as connection:
            rows = corpus.entity_quote_rows(
                connection, entity_id, role=role, limit=_bounded(limit), all_copies=all_copies
            )
        return [
            QuoteRecord(row.article_id, row.article_source, _article_date(row), quote_from_row(row))
            for row in rows
        ]

    def entity_articles(self, entity_id: str, *, limit: int = DEFAULT_LIMIT) -> list[ArticleSummary]:
        """The entity's articles, newest first."""
        with self._reading("list an entity's articles") as connection:
            ids = corpus.entity_article_ids(connection, entity_id, limit=_bounded(limit))
            rows = {row.id: row for row in connection.execute(_summary_query().where(articles.c.id.in_(ids)))}
        return [_summary_from_row(rows[article_id]) for article_id in ids if article_id in rows]

    def judgements(self) -> list[JudgementRecord]:
        """Every human correction ever recorded, oldest first (undone ones included)."""
        with self._reading("list judgements") as connection:
            return corpus.list_judgements(connection)

    def judge_quote(
        self,
        article_id: str,
        quote_id: str,
        *,
        action: str,
        speaker: str | None = None,
        author: str,
        note: str | None = None,
    ) -> int:
        """Correct a quote: ``action`` ``speaker`` (its speaker is ``speaker``) or ``not_quote``;
        recorded and applied in one transaction, kept across re-analyses of the article
        (``newsgraph.store.quote_judgements``).  A judgement already made is answered again.
        KeyError: no such quote."""
        if action == "speaker" and not (speaker or "").strip():
            raise ValueError("a speaker correction needs the speaker's name")
        with self.transaction() as connection:
            judgement = quote_judgements.judge_quote(
                connection, article_id=article_id, quote_id=quote_id, action=action,
                speaker=speaker.strip() if action == "speaker" and speaker else None,
                author=author, note=note,
            )
            duplicates.refresh_copies(connection, [article_id])  # the quote may be a copy's original
            return judgement

    def undo_quote_judgement(self, judgement_id: int, *, author: str, note: str | None = None) -> int:
        """Reverse quote judgement ``judgement_id`` (an undo of an undo restores it); KeyError
        when there is none."""
        with self.transaction() as connection:
            undo = quote_judgements.add_undo(connection, judgement_id, author=author, note=note)
            judged = select(articles.c.id).where(
                articles.c.source == select(qj.c.source).where(qj.c.id == judgement_id).scalar_subquery()
            )
            duplicates.refresh_copies(connection, list(connection.scalars(judged)))
            return undo

    def quote_judgements(self) -> list[quote_judgements.QuoteJudgementRecord]:
        """Every quote judgement, oldest first (undone ones and undos included)."""
        with self._reading("list quote judgements") as connection:
            return quote_judgements.list_judgements(connection)

    def quote_training_examples(self) -> list[dict[str, Any]]:
        """The active quote judgements as training examples (``quote_judgements.training_examples``)."""
        with self._reading("read quote corrections") as connection:
            return quote_judgements.training_examples(connection)

    def optimize(self) -> list[str]:
        """Rewrite the store for fast reads, after large loads; returns what was done.

        PostgreSQL: ``CLUSTER articles`` on the date index (revision 0006 marked it), then
        ``ANALYZE``: a month's articles become neighbours in the table, so a search round
        reads index and heap ranges instead of rows scattered in load order (measured at
        1M synthetic articles loaded out of date order: benchmarks/README-store.md).  The
        table is locked while it runs, minutes for a million articles.  SQLite: the FTS5
        index's segments are merged (``optimize``), then ``PRAGMA optimize``.
        """
        if self._engine.dialect.name == "postgresql":
            steps = ["SET LOCAL maintenance_work_mem = '256MB'", "CLUSTER articles", "ANALYZE articles"]
        elif self._engine.dialect.name == "sqlite":
            steps = ["INSERT INTO articles_fts (articles_fts) VALUES ('optimize')", "PRAGMA optimize"]
        else:
            return []
        with self.transaction() as connection:
            for step in steps:
                connection.exec_driver_sql(step)
        return [step for step in steps if not step.startswith("SET ")]

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """A write transaction (SQLite: BEGIN IMMEDIATE); used by ``newsgraph.resolve``."""
        with self._connect(write=True) as connection, connection.begin():
            yield connection

    # --- connections -------------------------------------------------------------------

    @contextmanager
    def _connect(self, *, write: bool = False) -> Iterator[Connection]:
        try:
            with self._engine.connect() as connection:
                if write:
                    connection.execution_options(**{WRITE_OPTION: True})
                yield connection
        except SQLAlchemyError as exc:
            raise StoreError(f"{self.name}: {_reason(exc)}") from exc

    @contextmanager
    def _reading(self, action: str) -> Iterator[Connection]:
        try:
            with self._engine.connect() as connection, connection.begin():
                yield connection
        except SQLAlchemyError as exc:
            raise StoreError(f"{self.name}: cannot {action}: {_reason(exc)}") from exc


class _BatchWriter:
    """Saves one batch inside the caller's transaction, with the effect of saving its
    articles one by one; what is stored already is read with a few queries up front, and
    all new rows are inserted at the end with one executemany per table."""

    def __init__(
        self,
        connection: Connection,
        search_index: SearchIndex,
        batch: Sequence[Article],
        *,
        write_rows: bulk.RowWriter = bulk.insert_rows,
        signatures: Mapping[str, Sequence[int]] | None = None,
    ) -> None:
        self._connection = connection
        self._signatures = signatures
        self._search_index = search_index
        self._write_rows = write_rows
        self._staged: dict[str, tuple[Article, str]] = {}  # id -> (article, content hash)
        self._digests: dict[str, str] = {}  # id -> content hash, stored or staged
        self._ids_by_source: dict[str, set[str]] = defaultdict(set)  # stored or staged
        self._counts: Counter[str] = Counter()
        self._regroup: set[str] = set()  # members of near-duplicate groups that lost an article
        self._ingested_at = datetime.now(UTC)
        self._load_stored_versions(batch)

    @property
    def result(self) -> SaveResult:
        return SaveResult(
            ingested=self._counts["ingested"],
            updated=self._counts["updated"],
            unchanged=self._counts["unchanged"],
        )

    def add(self, article: Article) -> None:
        digest = content_hash(article)
        known_digest = self._digests.get(article.id)
        if known_digest == digest:
            self._counts["unchanged"] += 1
            return
        older = {article.id} if known_digest is not None else set()
        if source_identifies_article(article.source):
            older |= self._ids_by_source[article.source]
        for old_id in older:
            self._remove(old_id)
        self._staged[article.id] = (article, digest)
        self._remember(article.id, article.source, digest)
        self._counts["updated" if older else "ingested"] += 1

    def flush(self) -> int:
        """Insert the staged articles' rows; returns how many rows were written."""
        if not self._staged:
            if self._regroup:
                duplicates.update_groups(self._connection, [], regroup=self._regroup)
            return 0
        rows: TableRows = empty_rows()
        for article, digest in self._staged.values():
            add_article_rows(rows, article, digest=digest, ingested_at=self._ingested_at)
        written = self._write_rows(self._connection, rows)
        staged = [a for a, _ in self._staged.values()]
        quote_judgements.apply_saved(self._connection, [(a.id, a.source) for a in staged])
        speakers.refresh_quote_sources(self._connection, [a.id for a in staged])  # the quotes as judged
        actors.refresh_actor_nodes(self._connection, [a.id for a in staged])
        nodes.refresh_network_nodes(self._connection, [a.id for a in staged])
        duplicates.index_articles(self._connection, staged, regroup=self._regroup, known=self._signatures)
        self._search_index.index(self._connection, staged)
        marks.set_mark(self._connection, marks.RESOLUTION_STALE)  # in this transaction
        return written + (len(staged) if self._connection.dialect.name == "sqlite" else 0)

    def _load_stored_versions(self, batch: Sequence[Article]) -> None:
        ids = sorted({a.id for a in batch})
        sources = sorted({a.source for a in batch if source_identifies_article(a.source)})
        columns = (articles.c.id, articles.c.source, articles.c.content_hash)
        for column, values in ((articles.c.id, ids), (articles.c.source, sources)):
            for chunk in chunked(values, _VALUES_PER_QUERY):
                for row in self._connection.execute(select(*columns).where(column.in_(chunk))):
                    self._remember(row.id, row.source, row.content_hash)

    def _remember(self, article_id: str, source: str, digest: str) -> None:
        self._digests[article_id] = digest
        if source_identifies_article(source):
            self._ids_by_source[source].add(article_id)

    def _remove(self, article_id: str) -> None:
        del self._digests[article_id]
        for ids in self._ids_by_source.values():
            ids.discard(article_id)
        if self._staged.pop(article_id, None) is not None:
            return
        self._regroup |= duplicates.group_members(self._connection, [article_id])  # before its rows go
        self._regroup.discard(article_id)
        self._search_index.remove(self._connection, [article_id])  # needs the article's row
        for table in ARTICLE_TABLES:
            key = table.c.id if table is articles else table.c.article_id
            self._connection.execute(delete(table).where(key == article_id))


def source_identifies_article(source: str) -> bool:
    """Whether a new article from ``source`` replaces the one stored from it.

    Pseudo-sources such as ``<text>`` or ``<stdin>`` (the defaults of the library and
    the CLI) are shared by unrelated articles, so they never replace anything.
    """
    return not (source.startswith("<") and source.endswith(">"))


# --- helpers ---------------------------------------------------------------------------


def _batches(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def _bounded(limit: int | None) -> int:
    if limit is None:
        return MAX_LIMIT
    if limit < 1:
        raise ValueError(f"limit must be at least 1, got {limit}")
    return min(limit, MAX_LIMIT)


def _as_date(value: str | DateValue) -> DateValue:
    return value if isinstance(value, DateValue) else DateValue.parse(value)


def _source_spellings(ref: str) -> list[str]:
    spellings = [ref]
    try:
        absolute = str(Path(ref).expanduser().resolve())
    except (OSError, RuntimeError, ValueError):
        return spellings
    if absolute != ref:
        spellings.append(absolute)
    return spellings


def _summary_query() -> Select[Any]:
    return select(
        articles.c.id,
        articles.c.source,
        articles.c.title,
        articles.c.date_value,
        articles.c.date_precision,
        articles.c.lang,
        articles.c.ingested_at,
    ).order_by(articles.c.ingested_at.desc(), articles.c.id)


def _summary_from_row(row: Row[Any]) -> ArticleSummary:
    return ArticleSummary(
        id=row.id,
        source=row.source,
        title=row.title,
        date=date_value(row.date_value, row.date_precision),
        lang=row.lang,
        ingested_at=row.ingested_at,
    )


def _article_context() -> tuple[Any, ...]:
    return (
        articles.c.source.label("article_source"),
        articles.c.date_value.label("article_date_value"),
        articles.c.date_precision.label("article_date_precision"),
    )


def _article_date(row: Row[Any]) -> DateValue | None:
    return date_value(row.article_date_value, row.article_date_precision)


Lists = dict[tuple[str, str], tuple[Counter[str], Counter[str]]]


def _aliases_and_descriptors(connection: Connection, pairs: Sequence[tuple[str, str]]) -> Lists:
    """Aliases and descriptors of every (name, type), counted across articles."""
    found: Lists = {pair: (Counter(), Counter()) for pair in pairs}
    for start in range(0, len(pairs), _PAIRS_PER_QUERY):
        chunk = pairs[start : start + _PAIRS_PER_QUERY]
        query = select(entities.c.name, entities.c.type, entities.c.aliases, entities.c.descriptors).where(
            tuple_(entities.c.name, entities.c.type).in_(chunk)
        )
        for row in connection.execute(query):
            aliases, descriptors = found[(row.name, row.type)]
            aliases.update(dict.fromkeys(row.aliases, 1))
            descriptors.update(dict.fromkeys(row.descriptors, 1))
    return found


def _most_common(counter: Counter[str]) -> tuple[str, ...]:
    return tuple(item for item, _ in counter.most_common(MAX_LIST_ITEMS))


def _reason(exc: SQLAlchemyError) -> str:
    original = getattr(exc, "orig", None)
    return str(original) if original is not None else str(exc)


def _open_error(name: str, exc: SQLAlchemyError) -> StoreError:
    reason = _reason(exc)
    if "not a database" in reason or "malformed" in reason:
        return StoreError(f"{name} is not a newsgraph SQLite database ({reason})")
    return StoreError(f"cannot open {name}: {reason}")
