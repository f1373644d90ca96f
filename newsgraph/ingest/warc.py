"""WARC and WARC.gz archives (Common Crawl, CC-NEWS) to documents, with warcio.

Every HTML ``response`` record becomes a document: its source is ``FILE@OFFSET`` (the
record's byte offset, which finds it again), its ``url`` the ``WARC-Target-URI`` (or the
page's canonical URL when it declares one).

Dates: the ``WARC-Date`` is when the crawler *fetched* the page, not when it was
published — a page crawled today may be ten years old.  So the article date is only the
page's own publication date (meta tags, JSON-LD, ``<time>``, URL, as trafilatura finds
them; see :mod:`newsgraph.ingest.html`), else none; the fetch day is always kept as a
note ``fetched YYYY-MM-DD (WARC-Date)``, so nothing is lost and nothing is invented.

Records that are not pages are reported, never fatal: a ``response`` or ``revisit`` that
is not HTML, not HTTP 200, too large or without text is a :class:`Failure` naming
``FILE@OFFSET`` and the URL; a broken record (bad gzip member, bad headers) is a Failure
and, when reading a whole file, ends that file (what follows cannot be trusted to be
in sync).  ``warcinfo``, ``request`` and ``metadata`` records are not pages and are
skipped silently.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

from warcio.archiveiterator import ArchiveIterator  # type: ignore[import-untyped]

from newsgraph.ingest.decode import ReadProblem, too_big
from newsgraph.ingest.document import Failure, SourceDocument
from newsgraph.ingest.web import page_document, parse_content_type
from newsgraph.model import DateValue

WARC_SUFFIXES: tuple[str, ...] = (".warc", ".warc.gz")
PAGE_RECORD_TYPES: frozenset[str] = frozenset({"response", "revisit"})
_DAY = re.compile(r"^(\d{4}-\d{2}-\d{2})")
Read = TypeVar("Read")  # what is made of each page record


@dataclass(frozen=True, slots=True)
class WarcEntry:
    """A page candidate of an archive: where it is and what it claims to be."""

    path: str
    offset: int
    url: str | None

    @property
    def source(self) -> str:
        return record_source(self.path, self.offset)


def is_warc(path: str | Path) -> bool:
    return str(path).lower().endswith(WARC_SUFFIXES)


def record_source(path: str, offset: int) -> str:
    return f"{path}@{offset}"


def scan_warc(path: str) -> Iterator[WarcEntry | Failure]:
    """The page candidates (``response``/``revisit`` records) of an archive, without parsing them.

    Used to split an archive into partitions: each entry is read again by offset.
    """
    return _each_page(path, lambda record, offset: WarcEntry(
        path, offset, record.rec_headers.get_header("WARC-Target-URI")))


def read_warc(
    path: str,
    *,
    max_bytes: int,
    date: DateValue | None = None,
    lang: str | None = None,
) -> Iterator[SourceDocument | Failure]:
    """Every page record of an archive as a document (or a Failure), in file order."""
    return _each_page(path, lambda record, offset: _record_outcome(
        record, path, offset, max_bytes=max_bytes, date=date, lang=lang))


def _each_page(path: str, outcome: Callable[[Any, int], Read]) -> Iterator[Read | Failure]:
    """``outcome`` of each page record of an archive and its offset, in file order; a Failure
    for an archive that cannot be opened, or for the rest of a broken one."""
    offset = 0
    try:
        with open(path, "rb") as stream:
            records = ArchiveIterator(stream)
            for record in records:
                offset = int(records.offset)  # this record's start (get_record_offset() would consume it)
                if record.rec_type in PAGE_RECORD_TYPES:
                    yield outcome(record, offset)
    except OSError as exc:
        yield _unreadable(path, exc)
    except Exception as exc:  # warcio and zlib raise many kinds on broken archives
        yield Failure(record_source(path, offset), f"{_broken(exc)}; the rest of the file was skipped")


def _unreadable(path: str, error: OSError) -> Failure:
    return Failure(path, f"cannot read the archive: {error.strerror or error}")


def read_warc_records(
    path: str,
    offsets: Sequence[int],
    *,
    max_bytes: int,
    date: DateValue | None = None,
    lang: str | None = None,
) -> Iterator[SourceDocument | Failure]:
    """The records at ``offsets`` (from :func:`scan_warc`), each read on its own."""
    try:
        stream = open(path, "rb")  # noqa: SIM115 - closed below, shared by every record
    except OSError as exc:
        yield _unreadable(path, exc)
        return
    with stream:
        for offset in offsets:
            yield _record_at(stream, path, offset, max_bytes=max_bytes, date=date, lang=lang)


def _record_at(
    stream: BinaryIO, path: str, offset: int, *, max_bytes: int, date: DateValue | None, lang: str | None
) -> SourceDocument | Failure:
    try:
        stream.seek(offset)
        record = next(iter(ArchiveIterator(stream)), None)
        if record is None:
            return Failure(record_source(path, offset), "no WARC record at this offset")
        return _record_outcome(record, path, offset, max_bytes=max_bytes, date=date, lang=lang)
    except Exception as exc:  # warcio and zlib raise many kinds on broken records
        return Failure(record_source(path, offset), _broken(exc))


def _record_outcome(
    record: Any, path: str, offset: int, *, max_bytes: int, date: DateValue | None, lang: str | None
) -> SourceDocument | Failure:
    url = record.rec_headers.get_header("WARC-Target-URI") or ""
    source = record_source(path, offset)
    try:
        return _record_document(record, source, url, max_bytes=max_bytes, date=date, lang=lang)
    except ReadProblem as exc:
        return Failure(source, f"{exc} ({url or 'no WARC-Target-URI'})")


def _record_document(
    record: Any, source: str, url: str, *, max_bytes: int, date: DateValue | None, lang: str | None
) -> SourceDocument:
    if record.rec_type == "revisit":
        raise ReadProblem("revisit record: no payload (the page is stored elsewhere)")
    http = record.http_headers
    if http is None:
        raise ReadProblem("response record without HTTP headers")
    status = http.get_statuscode()
    if status != "200":
        raise ReadProblem(f"HTTP status {status}, not a page")
    content_type, charset = parse_content_type(http.get_header("Content-Type"))
    if not content_type.startswith(("text/html", "application/xhtml+xml")):
        raise ReadProblem(f"not an HTML page (content type {content_type or 'missing'})")
    body = record.content_stream().read(max_bytes + 1)
    if len(body) > max_bytes:
        raise ReadProblem(too_big("record", None, max_bytes))
    document = page_document(
        body, source=source, url=url, content_type=content_type, charset=charset, date=date, lang=lang
    )
    fetched = fetch_day(record.rec_headers.get_header("WARC-Date"))
    if fetched:
        document.notes.append(f"fetched {fetched} (WARC-Date)")
    return document


def fetch_day(warc_date: str | None) -> str | None:
    """``2024-01-15T10:11:12Z`` -> ``2024-01-15``; None when absent or malformed."""
    match = _DAY.match(warc_date or "")
    return match.group(1) if match else None


def _broken(exc: Exception) -> str:
    return f"broken WARC record ({type(exc).__name__}: {exc})"
