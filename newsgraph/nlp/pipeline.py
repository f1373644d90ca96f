"""The pipeline: small components, each ``Doc -> Doc``, run by one runner.

Each component declares what it ``reads`` and ``writes`` (capabilities such as
``"doc.ents"`` or ``"article.entities"``); the runner checks at construction that every
read is satisfied by spaCy or by an earlier component.  The runner batches articles
through ``nlp.pipe``, carries each article's context (its :class:`Article` under
construction) on ``doc._.article``, and routes a failing article to the failure handler
without stopping the batch.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence

import numpy
from spacy.language import Language
from spacy.tokens import Doc

from newsgraph.config import SUPPORTED_LANGUAGES, get_settings
from newsgraph.ingest.document import Failure, SourceDocument, title_from_text
from newsgraph.model import Article
from newsgraph.nlp.component import Component
from newsgraph.nlp.langid import detect_language
from newsgraph.nlp.models import BATCH_CHARS, CHUNK_CHARS, PARSE_WHOLE_CHARS, load_model

log = logging.getLogger(__name__)


# What the spaCy models provide before our components run.
SPACY_PROVIDES = frozenset({"doc.ents", "doc.sents", "token.dep", "token.pos", "token.morph"})


def default_components() -> list[Component]:
    """The standard pipeline, in order."""
    from newsgraph.nlp.entities import EntityComponent
    from newsgraph.nlp.events import EventComponent
    from newsgraph.nlp.times import TimeComponent

    components: list[Component] = [EntityComponent()]
    try:
        from newsgraph.nlp.quotes import QuoteComponent
    except ImportError:  # quotes land in their own issue
        pass
    else:
        components.append(QuoteComponent())
    components += [TimeComponent(), EventComponent()]
    return components


def check_components(components: Sequence[Component]) -> None:
    """Fail early when a component reads something nothing before it writes."""
    available = set(SPACY_PROVIDES)
    for component in components:
        missing = component.reads - available
        if missing:
            raise ValueError(
                f"component {component.name!r} reads {sorted(missing)} which nothing before it writes"
            )
        available |= component.writes


FailureHandler = Callable[[Failure], None]


class Runner:
    """Runs articles through spaCy and newsgraph's components, batching with ``nlp.pipe``.

    Documents are queued per language and a language is parsed when it has ``batch_size``
    documents, so every ``nlp.pipe`` call gets a full batch of one model however the
    languages are mixed in the input (batches split between models were measured 15-20 %
    slower).  Results are yielded in input order; at most ``pending_limit`` analysed
    results wait for an earlier document of another language (then that language's queue
    is parsed as it is), which bounds memory on any mix.
    """

    def __init__(
        self,
        *,
        components: Sequence[Component] | None = None,
        batch_size: int | None = None,
        pending_limit: int | None = None,
        on_failure: FailureHandler | None = None,
    ) -> None:
        self.components = list(components) if components is not None else default_components()
        check_components(self.components)
        self.batch_size = batch_size or get_settings().batch_size
        self.pending_limit = max(pending_limit or 8 * self.batch_size, self.batch_size)
        self.on_failure = on_failure

    def analyse(self, documents: Iterable[SourceDocument | Failure]) -> Iterator[Article | Failure]:
        """Analyse documents, yielding articles (or failures) in input order."""
        ordered = _InputOrder()
        queues: dict[str, list[tuple[int, Article]]] = {}
        for index, document in enumerate(documents):
            outcome = _prepare(document)
            if isinstance(outcome, tuple):
                queue = queues.setdefault(outcome[0], [])
                queue.append((index, outcome[1]))
                if len(queue) >= self.batch_size:
                    ordered.add(self._analyse_language(outcome[0], queues.pop(outcome[0])))
            else:
                ordered.add([(index, outcome)])
            while queues and ordered.held > self.pending_limit:
                ordered.add(self._analyse_oldest(queues))
            yield from self._report(ordered.ready())
        while queues:
            ordered.add(self._analyse_oldest(queues))
        yield from self._report(ordered.ready())

    def analyse_articles(self, documents: list[SourceDocument]) -> list[Article]:
        """Analyse documents that must all succeed (raises on the first failure)."""
        articles: list[Article] = []
        for result in self.analyse(documents):
            if isinstance(result, Failure):
                raise_failure(result)
            assert isinstance(result, Article)
            articles.append(result)
        return articles

    def analyse_one(self, document: SourceDocument) -> Article:
        (result,) = list(self.analyse([document]))
        if isinstance(result, Failure):
            raise_failure(result)
        assert isinstance(result, Article)
        return result

    # -- internals -------------------------------------------------------------------
    def _analyse_oldest(
        self, queues: dict[str, list[tuple[int, Article]]]
    ) -> Iterator[tuple[int, Article | Failure]]:
        """Parse (and remove) the queue holding the earliest document."""
        lang = min(queues, key=lambda queued: queues[queued][0][0])
        return self._analyse_language(lang, queues.pop(lang))

    def _report(self, results: Iterable[Article | Failure]) -> Iterator[Article | Failure]:
        for done in results:
            if isinstance(done, Failure) and self.on_failure is not None:
                self.on_failure(done)
            yield done

    def _analyse_language(
        self, lang: str, items: list[tuple[int, Article]]
    ) -> Iterator[tuple[int, Article | Failure]]:
        nlp = load_model(lang)
        for (index, article), doc in zip(items, _parse_all(nlp, [a.text for _, a in items]), strict=True):
            try:
                if isinstance(doc, Exception):
                    raise doc
                doc._.article = article
                for component in self.components:
                    doc = component(doc)
            except Exception as exc:  # one bad article never stops a batch
                log.debug("analysis failed for %s", article.source, exc_info=True)
                yield index, Failure(article.source, f"analysis failed: {type(exc).__name__}: {exc}")
                continue
            yield index, article


class _InputOrder:
    """Results that arrive out of order, handed back in input order (0, 1, 2, ...)."""

    def __init__(self) -> None:
        self._results: dict[int, Article | Failure] = {}
        self._next = 0

    def add(self, results: Iterable[tuple[int, Article | Failure]]) -> None:
        for index, result in results:
            self._results[index] = result

    @property
    def held(self) -> int:
        """How many results wait for an earlier one (after :meth:`ready` was drained)."""
        return len(self._results)

    def ready(self) -> Iterator[Article | Failure]:
        while self._next in self._results:
            yield self._results.pop(self._next)
            self._next += 1


def _prepare(document: SourceDocument | Failure) -> tuple[str, Article] | Article | Failure:
    """A failure as it is; an article in a language we do not analyse, finished (with a
    note); otherwise ``(language, article to analyse)``."""
    if isinstance(document, Failure):
        return document
    article = _new_article(document)
    if article.lang not in SUPPORTED_LANGUAGES:
        article.notes.append(f"unsupported language: {article.lang or 'unknown'}")
        return article
    return article.lang, article


def _parse_all(nlp: Language, texts: list[str]) -> list[Doc | Exception]:
    """Parse texts, in order: short ones with one ``nlp.pipe`` call per :func:`_batches`
    group, a long one by itself in chunks (:func:`parse`); when a call fails, its texts are
    parsed one at a time, so the exception is the culprit's only."""
    parsed: list[Doc | Exception] = []
    for batch in _batches(texts):
        if len(batch) > 1:
            try:
                parsed.extend(list(nlp.pipe(batch, batch_size=len(batch))))
                continue
            except Exception:  # find the culprit below, article by article
                log.debug("batch parse failed; parsing one article at a time", exc_info=True)
        for text in batch:
            try:
                parsed.append(parse(nlp, text))
            except Exception as exc:
                parsed.append(exc)
    return parsed


def _batches(texts: list[str]) -> Iterator[list[str]]:
    """Consecutive groups of ``texts`` for one ``nlp.pipe`` call each: texts of up to
    ``PARSE_WHOLE_CHARS`` together, at most ``BATCH_CHARS`` characters in all (at least one
    text); a longer text alone.  Parsing memory grows with the characters of a call, not
    with its number of texts."""
    batch: list[str] = []
    size = 0
    for text in texts:
        long_text = len(text) > PARSE_WHOLE_CHARS
        if batch and (long_text or size + len(text) > BATCH_CHARS):
            yield batch
            batch, size = [], 0
        batch.append(text)
        size += len(text)
        if long_text:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def parse(nlp: Language, text: str) -> Doc:
    """Parse ``text`` with spaCy.  A text longer than ``PARSE_WHOLE_CHARS`` is cut into
    chunks of at most ``CHUNK_CHARS`` (:func:`split_for_parsing`), parsed one chunk at a
    time, and the chunks' Docs are joined with ``Doc.from_docs``: offsets still index the
    text exactly, and parsing memory stays that of one chunk.  The chunks' ``tensor`` (the
    tok2vec output, 384 bytes a token, which no component reads) is dropped as each chunk
    is parsed."""
    if len(text) <= PARSE_WHOLE_CHARS:
        return nlp(text)
    docs: list[Doc] = []
    for doc in nlp.pipe(split_for_parsing(text), batch_size=1):
        doc.tensor = numpy.zeros((0,), dtype="float32")
        docs.append(doc)
    joined = Doc.from_docs(docs, ensure_whitespace=False)
    joined.tensor = numpy.zeros((0,), dtype="float32")  # the chunks' were dropped
    assert joined.text == text
    return joined


def split_for_parsing(text: str, limit: int = CHUNK_CHARS) -> list[str]:
    """Split ``text`` into consecutive chunks of at most ``limit`` characters.

    Prefers paragraph breaks, then line breaks, then spaces; the chunks concatenate back
    to ``text`` exactly.
    """
    chunks: list[str] = []
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = -1
        for separator in ("\n\n", "\n", ". ", " "):
            position = window.rfind(separator)
            if position > limit // 4:
                cut = position + len(separator)
                break
        if cut <= 0:
            cut = limit
        chunks.append(text[start : start + cut])
        start += cut
    chunks.append(text[start:])
    return chunks


def _new_article(document: SourceDocument) -> Article:
    lang = document.lang or detect_language(document.text)
    return Article(
        id=Article.make_id(document.text, document.source),
        source=document.source,
        text=document.text,
        lang=lang,
        date=document.date,
        title=document.title or title_from_text(document.text),
        url=document.url,
        outlet=document.outlet,
        author=document.author,
        notes=list(document.notes),
    )


def raise_failure(failure: Failure) -> None:
    from newsgraph.errors import InputError

    raise InputError(failure.source, failure.problem)
