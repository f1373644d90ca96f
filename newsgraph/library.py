"""The Python entry points: ``newsgraph.extract`` and ``newsgraph.extract_many``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

from newsgraph.errors import InputError
from newsgraph.ingest.document import Failure, SourceDocument
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
