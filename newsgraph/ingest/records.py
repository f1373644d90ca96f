"""JSONL and CSV corpora: one article per record, ``path:LINE`` as each record's source.

Files are streamed line by line (corpora may be large); each line is decoded on its own,
so one badly encoded or malformed record fails alone and the others continue.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from dataclasses import fields as dataclass_fields
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from functools import cache, lru_cache
from typing import Any, BinaryIO

from newsgraph.errors import ModelError
from newsgraph.ingest.controls import has_text
from newsgraph.ingest.decode import ReadProblem, decode_bytes, normalise_newlines, too_big
from newsgraph.ingest.document import Failure, SourceDocument
from newsgraph.model import DateValue

_ISO_DATE = re.compile(
    r"^(?P<year>\d{4})(?:[-/.](?P<month>\d{1,2})(?:[-/.](?P<day>\d{1,2}))?)?"
    r"(?:[T ]\d{1,2}:\d{2}.*)?$"
)


@dataclass(frozen=True, slots=True)
class RecordFields:
    """Which record fields hold what; for each, the first name present (and non-empty) wins."""

    text: tuple[str, ...] = ("text", "body", "content")
    date: tuple[str, ...] = ("date", "published")
    url: tuple[str, ...] = ("url",)
    title: tuple[str, ...] = ("title",)
    outlet: tuple[str, ...] = ("outlet", "source", "site")
    author: tuple[str, ...] = ("author",)
    lang: tuple[str, ...] = ("lang", "language")

    @classmethod
    def with_names(cls, names: Mapping[str, str]) -> RecordFields:
        """Defaults, with the field named in ``names`` used instead: ``{"text": "article"}``."""
        return cls.configured(names=names.items())

    @classmethod
    def preset(cls, name: str) -> RecordFields:
        """The field names of a known corpus format (:data:`RECORD_PRESETS`)."""
        return cls.configured(preset=name)

    @classmethod
    def configured(
        cls, *, preset: str | None = None, names: Iterable[tuple[str, str]] = ()
    ) -> RecordFields:
        """A preset's names (else the defaults), each what-field pair of ``names`` replacing
        them: ``[("text", "maintext"), ("date", "date_publish"), ("date", "date_modify")]``
        (several pairs for one field: tried in that order).  :class:`ValueError` names an
        unknown preset or field."""
        base = cls() if preset is None else cls(**_preset_names(preset))
        chosen: dict[str, tuple[str, ...]] = {}
        for what, name in names:
            _check_field(what)
            if not name.strip():
                raise ValueError(f"no record field name given for {what!r}")
            chosen[what] = (*chosen.get(what, ()), name.strip())
        return replace(base, **chosen)


# Field names of corpus formats: news-please (CC-NEWS) records and trafilatura's JSON
# output (``trafilatura --json``, ``extract(output_format="json", with_metadata=True)``;
# its ``filedate`` is the day of extraction, not of publication, and is not used).
RECORD_PRESETS: dict[str, dict[str, tuple[str, ...]]] = {
    "news-please": {
        "text": ("maintext",), "date": ("date_publish",), "url": ("url",),
        "title": ("title", "title_rss", "title_page"), "outlet": ("source_domain",),
        "author": ("authors",), "lang": ("language",),
    },
    "trafilatura": {
        "text": ("text", "raw_text"), "date": ("date",), "url": ("url", "source"),
        "title": ("title",), "outlet": ("sitename", "source-hostname", "hostname"),
        "author": ("author",), "lang": ("language",),
    },
}


def _preset_names(preset: str) -> dict[str, tuple[str, ...]]:
    if preset not in RECORD_PRESETS:
        raise ValueError(f"unknown record preset {preset!r} (known: {', '.join(sorted(RECORD_PRESETS))})")
    return RECORD_PRESETS[preset]


def _check_field(what: str) -> None:
    known = [f.name for f in dataclass_fields(RecordFields)]
    if what not in known:
        raise ValueError(f"unknown record field {what!r} (known: {', '.join(sorted(known))})")


@dataclass(frozen=True, slots=True)
class RecordLine:
    number: int  # 1-based line number in the file
    text: str
    note: str | None = None


def parse_record_date(value: str) -> DateValue:
    """A record's date at the precision it has; :class:`ModelError` when it is not one.

    ``2023``, ``2023-09``, ``2023-09-13``, ``2023-09-13T10:00:00+02:00`` (the date as
    written, not moved to UTC), ``20230913``, Unix time in seconds or milliseconds
    (1990-2099, the UTC day), RFC 2822 dates, and dates in words or numbers in French or
    English (``13 septembre 2023``, ``September 13, 2023``, ``septembre 2023`` (month),
    ``13/09/2023``: day first when both orders are possible).  Never relative to today:
    ``yesterday``, ``il y a 2 jours`` or a date without a year are not dates.
    """
    text = " ".join(value.split())
    if not text or len(text) > MAX_DATE_CHARS:
        raise ModelError(f"not a date: {value!r}")
    if _ISO_DATE.match(text):
        return _iso_date(text)
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return _numeric_date(text)
    try:
        return DateValue.parse(parsedate_to_datetime(text).date().isoformat())
    except (TypeError, ValueError, IndexError, ModelError):
        pass
    return _worded_date(text)


MAX_DATE_CHARS = 100  # a longer "date" is some other text: not handed to dateparser
_EPOCH_SECONDS = (631_152_000, 4_102_444_800)  # 1990-01-01 .. 2100-01-01, UTC
_EPOCH_MILLISECONDS = (_EPOCH_SECONDS[0] * 1000, _EPOCH_SECONDS[1] * 1000)


def _iso_date(text: str) -> DateValue:
    match = _ISO_DATE.match(text)
    assert match is not None
    parts = [match["year"], match["month"], match["day"]]
    return DateValue.parse("-".join(p.zfill(2) for p in parts if p))


def _numeric_date(text: str) -> DateValue:
    """``20230913``, or Unix time: seconds or milliseconds, told apart by their size."""
    if len(text) == 8 and text.isdigit():
        return DateValue.parse(f"{text[:4]}-{text[4:6]}-{text[6:]}")
    number = float(text)
    for (low, high), per_second in ((_EPOCH_SECONDS, 1), (_EPOCH_MILLISECONDS, 1000)):
        if low <= number < high:
            moment = datetime.fromtimestamp(number / per_second, tz=UTC)
            return DateValue(moment.date().isoformat(), "day")
    raise ModelError(f"not a date (nor Unix time in 1990-2099): {text!r}")


@lru_cache(maxsize=4096)  # a corpus repeats its dates (one day, many articles)
def _worded_date(text: str) -> DateValue:
    """A date in French or English words or numbers, through dateparser: absolute dates
    only (no relative parser, the year required, so nothing depends on today)."""
    found = _date_parser().get_date_data(text)
    if found.date_obj is None:
        raise ModelError(f"not a date: {text!r}")
    day = found.date_obj.date().isoformat()
    if found.period == "year":
        return DateValue.parse(day[:4])
    if found.period == "month":
        return DateValue.parse(day[:7])
    return DateValue.parse(day)


@cache
def _date_parser() -> Any:
    from dateparser.date import DateDataParser

    settings = {
        "PARSERS": ["absolute-time"],  # not "relative-time" (yesterday), nor "timestamp"
        # "13 septembre" would take this year.  Not STRICT_PARSING: it requires a day too,
        # and "septembre 2023" is a date of month precision.
        "REQUIRE_PARTS": ["year"],
        "DATE_ORDER": "DMY",  # 03/04/2023 is 3 April (French and British use)
        "PREFER_DAY_OF_MONTH": "first",  # the day is unused when the period is a month
        "RETURN_TIME_AS_PERIOD": False,
    }
    return DateDataParser(languages=["fr", "en"], settings=settings)


def record_document(
    record: Mapping[str, Any], *, source: str, fields: RecordFields, max_bytes: int
) -> SourceDocument:
    """One record as a document; :class:`ReadProblem` when it has no usable text.  A date
    that is not understood leaves the document undated, with a note naming the value
    (:func:`is_date_note`)."""
    text = _text_of(record, fields)
    size = len(text.encode("utf-8"))
    if size > max_bytes:
        raise ReadProblem(too_big("text", size, max_bytes))
    date, date_note = _date_of(record, fields)
    return SourceDocument(
        source=source,
        text=text,
        date=date,
        title=_string_field(record, fields.title),
        url=_string_field(record, fields.url),
        outlet=_string_field(record, fields.outlet),
        author=_string_field(record, fields.author),
        lang=_string_field(record, fields.lang),
        notes=[date_note] if date_note else [],
    )


# Starts the note of a record date that could not be read; the CLI reports such notes on
# the console as well (the article is kept, without a date).
DATE_NOT_UNDERSTOOD = "date not understood, article kept without a date:"


def is_date_note(note: str) -> bool:
    """Whether an article's note says its record date was not understood."""
    return note.startswith(DATE_NOT_UNDERSTOOD)


def read_jsonl(
    stream: BinaryIO, *, name: str, fields: RecordFields, max_bytes: int
) -> Iterator[SourceDocument | Failure]:
    """Each non-blank line a JSON object; a bad line is a Failure naming ``name:LINE``."""
    for line in decoded_lines(stream, name=name, max_bytes=max_bytes):
        if isinstance(line, Failure):
            yield line
        elif line.text.strip():
            source = f"{name}:{line.number}"
            record = _json_object(line.text)
            yield _document_or_failure(record, line.note, source, fields, max_bytes)


def read_csv(
    stream: BinaryIO, *, name: str, fields: RecordFields, max_bytes: int
) -> Iterator[SourceDocument | Failure]:
    """A header row of field names, then one article per row; source is the row's first line."""
    _allow_long_fields(max_bytes)
    lines = _CsvLines(decoded_lines(stream, name=name, max_bytes=max_bytes))
    reader = csv.reader(lines)
    header: list[str] | None = None
    while True:
        lines.start_record()
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            yield Failure(f"{name}:{lines.record_start}", f"malformed CSV record: {exc}")
            continue
        yield from lines.take_failures()
        note = lines.take_note()
        if not any(cell.strip() for cell in row):
            continue
        if header is None:
            header = [cell.strip().lstrip("\ufeff") for cell in row]
            continue
        source = f"{name}:{lines.record_start}"
        yield _document_or_failure(_csv_record(header, row), note, source, fields, max_bytes)
    yield from lines.take_failures()


def decoded_lines(
    stream: BinaryIO, *, name: str, max_bytes: int
) -> Iterator[RecordLine | Failure]:
    """The stream's lines, each decoded alone (UTF-8, else a detected encoding with a note)."""
    for number, raw in enumerate(stream, start=1):
        if number == 1:
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        if len(raw) > max_bytes:
            yield Failure(f"{name}:{number}", too_big("record", len(raw), max_bytes))
            continue
        if not raw.strip():
            yield RecordLine(number, normalise_newlines(raw.decode("ascii", "replace")))
            continue
        try:
            decoded = decode_bytes(raw)
        except ReadProblem as exc:
            yield Failure(f"{name}:{number}", str(exc))
            continue
        yield RecordLine(number, normalise_newlines(decoded.text), decoded.note)


class _CsvLines:
    """Feeds decoded lines to ``csv.reader`` while keeping line numbers, notes and failures."""

    def __init__(self, lines: Iterable[RecordLine | Failure]) -> None:
        self._lines = iter(lines)
        self._failures: list[Failure] = []
        self._notes: list[str] = []
        self.record_start = 0  # line number of the current record's first line

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        for line in self._lines:
            if isinstance(line, Failure):
                self._failures.append(line)
                continue
            self.record_start = self.record_start or line.number
            if line.note:
                self._notes.append(line.note)
            return line.text if line.text.endswith("\n") else line.text + "\n"
        raise StopIteration

    def start_record(self) -> None:
        self.record_start = 0

    def take_failures(self) -> list[Failure]:
        failures, self._failures = self._failures, []
        return failures

    def take_note(self) -> str | None:
        """The decoding note of the record just read, if one of its lines needed one."""
        notes, self._notes = self._notes, []
        return notes[0] if notes else None


def _document_or_failure(
    record: Mapping[str, Any] | ReadProblem,
    note: str | None,
    source: str,
    fields: RecordFields,
    max_bytes: int,
) -> SourceDocument | Failure:
    if isinstance(record, ReadProblem):
        return Failure(source, str(record))
    try:
        document = record_document(record, source=source, fields=fields, max_bytes=max_bytes)
    except ReadProblem as exc:
        return Failure(source, str(exc))
    if note:
        document.notes.append(note)
    return document


def _json_object(text: str) -> Mapping[str, Any] | ReadProblem:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        return ReadProblem(f"invalid JSON: {exc.msg} (column {exc.colno})")
    if not isinstance(value, dict):
        return ReadProblem(f"a record must be a JSON object, not {type(value).__name__}")
    return value


def _csv_record(header: list[str], row: list[str]) -> dict[str, str]:
    return {name: value for name, value in zip(header, row, strict=False) if name}


def _text_of(record: Mapping[str, Any], fields: RecordFields) -> str:
    """The first text field present and not blank (an empty CSV cell counts as absent)."""
    for name in fields.text:
        value = record.get(name)
        if value is not None and not isinstance(value, str):
            raise ReadProblem(f"field {name!r} is {type(value).__name__}, not text")
        text = normalise_newlines(value).strip() if value else ""
        if has_text(text):
            return text
    names = ", ".join(map(repr, fields.text))
    raise ReadProblem(f"no text: fields {names} missing or empty")


def _date_of(record: Mapping[str, Any], fields: RecordFields) -> tuple[DateValue | None, str | None]:
    """The record's date, or none and a note naming the value that is not a date."""
    value = _string_field(record, fields.date)
    if value is None:
        return None, None
    try:
        return parse_record_date(value), None
    except ModelError:
        shown = value if len(value) <= MAX_DATE_CHARS else value[:MAX_DATE_CHARS] + "…"
        return None, f"{DATE_NOT_UNDERSTOOD} {shown!r}"


def _string_field(record: Mapping[str, Any], names: tuple[str, ...]) -> str | None:
    """The first of ``names`` holding text (a number as written; a list of strings, such as
    news-please's ``authors``, joined with commas), whitespace collapsed."""
    for name in names:
        value = record.get(name)
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        if isinstance(value, list) and all(isinstance(item, str) for item in value):
            value = ", ".join(item.strip() for item in value if item.strip())
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())
    return None


def _allow_long_fields(max_bytes: int) -> None:
    """csv refuses fields over 128 KB by default; article bodies may be longer."""
    if csv.field_size_limit() < max_bytes:
        csv.field_size_limit(min(max_bytes, sys.maxsize))


def set_date_option(document: SourceDocument, date: DateValue | None) -> None:
    """``--date`` given: the document's date whatever the record said (and no note left
    about a record date not understood)."""
    if date is None:
        return
    document.date = date
    document.notes = [note for note in document.notes if not is_date_note(note)]
