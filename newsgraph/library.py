"""The Python entry points: ``newsgraph.extract`` and ``newsgraph.extract_many``."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Protocol

from newsgraph.errors import InputError, ModelError, StoreDataError
from newsgraph.ingest.document import Failure, SourceDocument, title_from_text
from newsgraph.ingest.header import HeaderError, split_header
from newsgraph.model import Article, DateValue
from newsgraph.nlp.pipeline import Runner


@lru_cache(maxsize=1)
def default_runner() -> Runner:
    return Runner()


def extract(
    text: str,
    *,
    date: str | DateValue | None = None,
    lang: str | None = None,
    source: str = "<text>",
    title: str | None = None,
    url: str | None = None,
    outlet: str | None = None,
) -> Article:
    """Analyse one article's text and return the :class:`Article` with everything found.

    ``date`` is the article date (``"2023"``, ``"2023-09"``, ``"2023-09-13"``); when it is
    None and the text begins with a ``date …`` header, the header gives it.  ``lang`` forces
    the language (``"fr"``, ``"en"``); None detects it.
    """
    document = make_document(text, date=date, lang=lang, source=source)
    document.title, document.url, document.outlet = title, url, outlet
    return default_runner().analyse_one(document)


def extract_many(documents: Iterable[SourceDocument | Failure]) -> Iterator[Article | Failure]:
    """Analyse a stream of documents in batches; failures are yielded, never raised."""
    return default_runner().analyse(documents)


# One input of :func:`pipe`: a text, a (text, metadata) pair, or a dict with "text".
TextInput = str | tuple[str, Mapping[str, Any]] | Mapping[str, Any]
METADATA_FIELDS = ("date", "lang", "source", "title", "url", "outlet", "author")


@lru_cache(maxsize=8)
def _runner(batch_size: int | None) -> Runner:
    return default_runner() if batch_size is None else Runner(batch_size=batch_size)


def pipe(texts: Iterable[TextInput], *, batch_size: int | None = None) -> Iterator[Article]:
    """Analyse texts as spaCy's ``nlp.pipe`` does: streaming, in batches of ``batch_size``
    (default: the configured batch size), one :class:`Article` per input, in input order.

    An input is a string, a ``(text, metadata)`` pair or a dict with ``"text"`` and
    metadata; metadata keys are those of :func:`extract` (``date``, ``lang``, ``source``,
    ``title``, ``url``, ``outlet``) and ``author``.  A malformed input raises
    :class:`~newsgraph.errors.InputError` naming it; an article the analysis fails on is
    yielded unanalysed with a note saying why, so one bad text never stops the stream.
    """
    waiting: deque[SourceDocument] = deque()  # the runner answers each input once, in order

    def documents() -> Iterator[SourceDocument]:
        for number, item in enumerate(texts):
            document = _document(item, number)
            waiting.append(document)
            yield document

    for outcome in _runner(batch_size).analyse(documents()):
        document = waiting.popleft()
        yield outcome if isinstance(outcome, Article) else _unanalysed(document, outcome)


def _document(item: TextInput, number: int) -> SourceDocument:
    where = f"pipe input {number}"
    if isinstance(item, str):
        text, metadata = item, {}
    elif isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], str) and isinstance(
        item[1], Mapping
    ):
        text, metadata = item[0], dict(item[1])
    elif isinstance(item, Mapping) and isinstance(item.get("text"), str):
        metadata = {key: value for key, value in item.items() if key != "text"}
        text = item["text"]
    else:
        raise InputError(where, "expected a text, a (text, metadata) pair or a dict with a 'text' string")
    unknown = sorted(set(metadata) - set(METADATA_FIELDS))
    if unknown:
        known = ", ".join(METADATA_FIELDS)
        raise InputError(where, f"unknown metadata {', '.join(unknown)} (known: {known})")
    source = str(metadata.pop("source", "<text>"))
    try:
        document = make_document(text, date=metadata.pop("date", None), lang=metadata.pop("lang", None),
                                 source=source)
    except ModelError as exc:
        raise InputError(where, str(exc)) from exc
    for name, value in metadata.items():
        setattr(document, name, value)
    return document


def _unanalysed(document: SourceDocument, failure: Failure) -> Article:
    """The article of a failed input, without analysis, with the problem as a note."""
    article = Article(
        Article.make_id(document.text, document.source), document.source, document.text,
        lang=document.lang, date=document.date,
        title=document.title or title_from_text(document.text), url=document.url,
        outlet=document.outlet, author=document.author,
    )
    article.notes.append(f"not analysed: {failure.problem}")
    return article


def make_document(
    text: str,
    *,
    date: str | DateValue | None = None,
    lang: str | None = None,
    source: str = "<text>",
) -> SourceDocument:
    try:
        header_date, body = split_header(text)
    except HeaderError as exc:
        raise InputError(source, str(exc)) from exc
    if isinstance(date, str):
        date = DateValue.parse(date)
    return SourceDocument(source=source, text=body, date=date or header_date, lang=lang)


@dataclass(slots=True)
class IngestSummary:
    ingested: int = 0
    updated: int = 0  # replaced the stored version of their source (edited, re-analysed)
    unchanged: int = 0
    failures: list[Failure] = field(default_factory=list)

    def add(self, result: Any) -> None:
        """Count a :class:`~newsgraph.store.SaveResult`."""
        self.ingested += result.ingested
        self.updated += result.updated
        self.unchanged += result.unchanged


class ArticleStore(Protocol):
    def has_article(self, article_id: str) -> bool: ...

    def save(self, articles: Iterable[Article]) -> Any: ...


def ingest_documents(
    documents: Iterable[SourceDocument | Failure],
    store: ArticleStore,
    *,
    batch_size: int = 50,
    on_done: Callable[[Article | Failure | SourceDocument], None] | None = None,
) -> IngestSummary:
    """Analyse and store documents, streaming; one transaction per batch of articles.

    Articles already stored (same content and source) are not analysed again and count as
    unchanged; failures are collected, never raised.  A batch the database refuses is
    saved again article by article: the article it cannot hold becomes a failure
    (``could not be stored: …``), the others are stored.  ``on_done`` is called once per input
    (for progress bars).
    """
    summary = IngestSummary()
    notify = on_done or (lambda _item: None)

    def fresh() -> Iterator[SourceDocument | Failure]:
        for document in documents:
            if isinstance(document, SourceDocument) and store.has_article(
                Article.make_id(document.text, document.source)
            ):
                summary.unchanged += 1
                notify(document)
                continue
            yield document

    batch: list[Article] = []
    for outcome in extract_many(fresh()):
        notify(outcome)
        if isinstance(outcome, Failure):
            summary.failures.append(outcome)
            continue
        batch.append(outcome)
        if len(batch) >= batch_size:
            _save(store, batch, summary)
            batch = []
    if batch:
        _save(store, batch, summary)
    return summary


def _save(store: ArticleStore, batch: list[Article], summary: IngestSummary) -> None:
    """Save a batch in one transaction; if the database refuses its data, save its
    articles one by one, so that a bad one fails alone (a Failure) and the rest is stored.
    A store that cannot be written at all (connection, disk, lock) still raises."""
    try:
        summary.add(store.save(batch))
        return
    except StoreDataError as exc:
        if len(batch) == 1:
            summary.failures.append(_not_stored(batch[0], exc))
            return
    for article in batch:
        try:
            summary.add(store.save([article]))
        except StoreDataError as exc:
            summary.failures.append(_not_stored(article, exc))


def _not_stored(article: Article, exc: StoreDataError) -> Failure:
    return Failure(article.source, f"could not be stored: {exc.reason}")
