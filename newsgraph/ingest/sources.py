"""Paths (files, directories, ``-`` for standard input) to a stream of documents.

Nothing here raises for a bad input: every problem becomes a :class:`Failure` with a
one-line reason, and the stream goes on to the next input.
"""

from __future__ import annotations

import fnmatch
import io
import json
import os
import stat
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Literal, TextIO

from newsgraph.config import get_settings
from newsgraph.errors import ConfigError, ModelError
from newsgraph.ingest.controls import has_text
from newsgraph.ingest.decode import (
    Decoded,
    ReadProblem,
    decode_bytes,
    decode_html_bytes,
    is_doubtful,
    normalise_newlines,
    too_big,
)
from newsgraph.ingest.document import Failure, SourceDocument
from newsgraph.ingest.header import HeaderError, split_header
from newsgraph.ingest.records import RecordFields, is_date_note, read_csv, read_jsonl, set_date_option
from newsgraph.ingest.warc import is_warc
from newsgraph.ingest.web import is_url
from newsgraph.model import DateValue

Kind = Literal["text", "html", "jsonl", "csv", "sniff"]
KINDS_BY_EXTENSION: dict[str, Kind] = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".html": "html",
    ".htm": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
}
STDIN = "-"
STDIN_SOURCE = "<stdin>"
SKIPPED_SUFFIXES: tuple[str, ...] = (".gold.json",)
ReadResult = SourceDocument | Failure


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """What every reader needs to know; built (and checked) once per call."""

    max_bytes: int
    date: DateValue | None = None  # overrides any date found in the input
    lang: str | None = None
    include: tuple[str, ...] = ()
    fields: RecordFields = field(default_factory=RecordFields)
    follow_symlinks: bool = False  # in directories, links out of the directory too
    allow_private_addresses: bool = False  # URLs: fetch private, loopback... addresses too


def warnings_of(notes: Sequence[str]) -> list[str]:
    """The notes of a document worth a ``warning:`` line as well (``extract``, ``ingest``,
    ``batch``): a doubtful decoding (the text may be garbled), a record date not understood."""
    return [note for note in notes if is_doubtful(note) or is_date_note(note)]


def iter_documents(
    paths: Sequence[str | Path],
    *,
    date: str | DateValue | None = None,
    lang: str | None = None,
    include: Sequence[str] = (),
    fields: RecordFields | None = None,
    max_bytes: int | None = None,
    stdin: TextIO | BinaryIO | None = None,
    follow_symlinks: bool = False,
    allow_private_addresses: bool = False,
) -> Iterator[ReadResult]:
    """Read every path in turn (``-`` is standard input) and yield documents and failures.

    ``date`` (``YYYY[-MM[-DD]]``) is the date of every document read, overriding dates
    found in the inputs; ``lang`` forces the language; ``include`` are file-name globs
    for directories (default: every known extension); ``fields`` names corpus fields;
    ``max_bytes`` caps a file's size (default: ``Settings.max_bytes``).  In directories,
    only regular files are read (a named pipe, socket or device is a Failure), and a
    symbolic link is followed only to a file inside the directory unless
    ``follow_symlinks``.  ``http(s)://`` paths are fetched (:func:`~newsgraph.ingest.web.read_url`),
    refusing addresses that are not public unless ``allow_private_addresses``.  Invalid
    options raise :class:`ConfigError` at once; bad inputs are yielded as :class:`Failure`.
    """
    options = make_options(
        date=date, lang=lang, include=include, fields=fields, max_bytes=max_bytes,
        follow_symlinks=follow_symlinks, allow_private_addresses=allow_private_addresses,
    )
    return _read_all([str(p) for p in paths], options, stdin)


def read_path(
    path: str | Path,
    *,
    date: str | DateValue | None = None,
    lang: str | None = None,
    include: Sequence[str] = (),
    fields: RecordFields | None = None,
    max_bytes: int | None = None,
    stdin: TextIO | BinaryIO | None = None,
    follow_symlinks: bool = False,
    allow_private_addresses: bool = False,
) -> Iterator[ReadResult]:
    """Read one file, directory or ``-``; see :func:`iter_documents`."""
    return iter_documents(
        [path], date=date, lang=lang, include=include, fields=fields,
        max_bytes=max_bytes, stdin=stdin, follow_symlinks=follow_symlinks,
        allow_private_addresses=allow_private_addresses,
    )


def make_options(
    *,
    date: str | DateValue | None = None,
    lang: str | None = None,
    include: Sequence[str] = (),
    fields: RecordFields | None = None,
    max_bytes: int | None = None,
    follow_symlinks: bool = False,
    allow_private_addresses: bool = False,
) -> ReadOptions:
    if isinstance(date, str):
        try:
            date = DateValue.parse(date)
        except ModelError as exc:
            raise ConfigError(f"invalid date option: {exc}") from exc
    limit = get_settings().max_bytes if max_bytes is None else max_bytes
    if limit <= 0:
        raise ConfigError(f"the size limit must be positive, got {limit}")
    if isinstance(include, str):
        include = [include]
    return ReadOptions(
        max_bytes=limit, date=date, lang=lang or None, include=tuple(include),
        fields=fields or RecordFields(), follow_symlinks=follow_symlinks,
        allow_private_addresses=allow_private_addresses,
    )


def _read_all(
    paths: list[str], options: ReadOptions, stdin: TextIO | BinaryIO | None
) -> Iterator[ReadResult]:
    for path in paths:
        if path == STDIN:
            yield from _read_stdin(stdin, options)
        elif is_url(path):
            from newsgraph.ingest.web import read_url

            yield from read_url(
                path, date=options.date, lang=options.lang, max_bytes=options.max_bytes,
                allow_private_addresses=options.allow_private_addresses,
            )
        else:
            yield from _read_any(Path(path), options, source=path)


def _read_any(path: Path, options: ReadOptions, *, source: str) -> Iterator[ReadResult]:
    problem = _missing(path)
    if problem:
        yield Failure(source, problem)
    elif path.is_dir():
        yield from _read_directory(path, options, source=source)
    else:
        yield from _read_file(path, options, source=source)


def _missing(path: Path) -> str | None:
    try:
        path.stat()
    except FileNotFoundError:
        return "no such file or directory"
    except OSError as exc:
        return _os_problem(exc)
    return None


# Directories


def _read_directory(directory: Path, options: ReadOptions, *, source: str) -> Iterator[ReadResult]:
    entries = scan_directory(
        directory, include=options.include, follow_symlinks=options.follow_symlinks
    )
    if not entries:
        wanted = ", ".join(options.include) or "known extensions " + " ".join(KINDS_BY_EXTENSION)
        yield Failure(source, f"no files to read in this directory ({wanted})")
    for entry in entries:
        if isinstance(entry, Failure):
            yield entry
        else:
            yield from _read_file(entry, options, source=str(entry), regular_only=True)


def files_in(
    directory: Path, *, include: Sequence[str] = (), follow_symlinks: bool = False
) -> list[Path]:
    """Files under ``directory``, recursively, sorted; hidden files and gold files skipped,
    and what :func:`scan_directory` would report (pipes, devices, links out) left out."""
    entries = scan_directory(directory, include=include, follow_symlinks=follow_symlinks)
    return [entry for entry in entries if isinstance(entry, Path)]


def scan_directory(
    directory: Path, *, include: Sequence[str] = (), follow_symlinks: bool = False
) -> list[Path | Failure]:
    """The files to read under ``directory``, recursively, sorted by relative path, each
    a :class:`Path` or, when it must not be read, a :class:`Failure` saying why.

    Hidden files and directories and gold files are skipped, then only the names wanted
    (``include`` globs, default the known extensions) count.  Only regular files are read:
    a named pipe would block forever, a device never end.  A symbolic link (to a file or a
    directory) is followed only when its target is inside ``directory``, unless
    ``follow_symlinks``; a broken link is a Failure.  Directories reached twice through
    links are read once.
    """
    root = os.path.realpath(directory)
    found: list[tuple[tuple[str, ...], Path | Failure]] = []
    seen_directories: set[tuple[int, int]] = set()
    _new_directory(directory, seen_directories)
    for current, dirs, names in os.walk(directory, followlinks=follow_symlinks):
        base = Path(current)
        kept: list[str] = []
        # real directories before links to them, so that a file keeps its real path
        for name in sorted(dirs, key=lambda d: ((base / d).is_symlink(), d)):
            path = base / name
            if name.startswith("."):
                continue
            if path.is_symlink() and not follow_symlinks:  # os.walk does not descend it
                target = os.path.realpath(path)
                if not _inside(target, root):
                    refused = Failure(str(path), _outside_problem("a directory", target, directory))
                    found.append((path.relative_to(directory).parts, refused))
                continue  # inside: its files are read where they are
            if _new_directory(path, seen_directories):
                kept.append(name)
        dirs[:] = kept
        for name in names:
            path = base / name
            if not _wanted(path, directory, include):
                continue
            problem = _unreadable_entry(path, root, directory, follow_symlinks=follow_symlinks)
            entry: Path | Failure = path if problem is None else Failure(str(path), problem)
            found.append((path.relative_to(directory).parts, entry))
    return [entry for _, entry in sorted(found, key=lambda pair: pair[0])]


def _new_directory(path: Path, seen: set[tuple[int, int]]) -> bool:
    """Whether the directory ``path`` (or what it links to) was not met before."""
    try:
        info = path.stat()
    except OSError:
        return False
    key = (info.st_dev, info.st_ino)
    if key in seen:
        return False
    seen.add(key)
    return True


def _unreadable_entry(path: Path, root: str, directory: Path, *, follow_symlinks: bool) -> str | None:
    """Why a directory entry must not be read (None: a regular file to read)."""
    try:
        info = path.lstat()
        if stat.S_ISLNK(info.st_mode):
            info = path.stat()  # a broken link: FileNotFoundError
            target = os.path.realpath(path)
            if not follow_symlinks and not _inside(target, root):
                return _outside_problem("a file", target, directory)
    except FileNotFoundError:
        return "broken symbolic link"
    except OSError as exc:
        return _os_problem(exc)
    return None if stat.S_ISREG(info.st_mode) else f"not a regular file ({_file_kind(info.st_mode)})"


def _inside(target: str, root: str) -> bool:
    return target == root or target.startswith(root.rstrip(os.sep) + os.sep)


def _outside_problem(what: str, target: str, directory: Path) -> str:
    return (
        f"symbolic link to {what} outside {directory} ({target}), not followed "
        "(--follow-symlinks follows it)"
    )


def _file_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "named pipe"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode):
        return "character device"
    if stat.S_ISBLK(mode):
        return "block device"
    if stat.S_ISDIR(mode):
        return "directory"
    return "special file"


def _wanted(path: Path, directory: Path, include: Sequence[str]) -> bool:
    name = path.name
    if name.startswith(".") or name.endswith(SKIPPED_SUFFIXES):
        return False
    if not include:
        return path.suffix.lower() in KINDS_BY_EXTENSION or is_warc(path)
    relative = path.relative_to(directory).as_posix()
    return any(fnmatch.fnmatch(name, g) or fnmatch.fnmatch(relative, g) for g in include)


# Files


def kind_of(path: Path) -> Kind:
    return KINDS_BY_EXTENSION.get(path.suffix.lower(), "sniff")


def _read_file(
    path: Path, options: ReadOptions, *, source: str, regular_only: bool = False
) -> Iterator[ReadResult]:
    """Read a file; ``regular_only`` (files found in a directory): refuse anything else
    even if it was replaced since the directory was listed.  A path given explicitly may
    be a pipe (``<(command)``)."""
    kind = kind_of(path)
    try:
        if is_warc(path):  # archives hold many pages: the size limit applies per record
            from newsgraph.ingest.warc import read_warc

            yield from read_warc(source, max_bytes=options.max_bytes, date=options.date, lang=options.lang)
        elif kind in ("jsonl", "csv"):
            yield from _read_corpus(path, kind, options, source=source, regular_only=regular_only)
        else:
            data = _read_bounded(path, options.max_bytes, regular_only=regular_only)
            yield _document(data, kind, options, source=source)
    except ReadProblem as exc:
        yield Failure(source, str(exc))
    except OSError as exc:
        yield Failure(source, _os_problem(exc))


def _read_corpus(
    path: Path, kind: Kind, options: ReadOptions, *, source: str, regular_only: bool = False
) -> Iterator[ReadResult]:
    reader = read_jsonl if kind == "jsonl" else read_csv
    with _open(path, regular_only=regular_only) as stream:
        records = reader(stream, name=source, fields=options.fields, max_bytes=options.max_bytes)
        yield from _apply_options(records, options)


def _read_bounded(path: Path, max_bytes: int, *, regular_only: bool = False) -> bytes:
    """The file's bytes; its size is checked before reading (and again while reading)."""
    with _open(path, regular_only=regular_only) as stream:
        size = os.fstat(stream.fileno()).st_size
        if size > max_bytes:
            raise ReadProblem(too_big("file", size, max_bytes))
        data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ReadProblem(too_big("file", None, max_bytes))
    return data


def _open(path: Path, *, regular_only: bool) -> BinaryIO:
    """``path`` opened for reading.  ``regular_only``: opened without blocking (a named
    pipe put there since the directory was listed must not hang the run) and refused
    unless it is a regular file."""
    if not regular_only:
        return path.open("rb")
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            raise ReadProblem(f"not a regular file ({_file_kind(mode)})")
        if hasattr(os, "set_blocking"):
            os.set_blocking(descriptor, True)
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


def _os_problem(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "no such file or directory"
    if isinstance(exc, PermissionError):
        return "permission denied"
    return (exc.strerror or str(exc)).lower()


# Documents


def _document(data: bytes, kind: Kind, options: ReadOptions, *, source: str) -> SourceDocument:
    if kind == "html":
        return _html_document(decode_html_bytes(data), options, source=source)
    decoded = decode_bytes(data)
    if _sniffed_html(decoded.text):
        return _html_document(decode_html_bytes(data), options, source=source)
    return _text_document(decoded, options, source=source)


def _sniffed_html(text: str) -> bool:
    from newsgraph.ingest.html import looks_like_html

    return looks_like_html(text)


def _text_document(decoded: Decoded, options: ReadOptions, *, source: str) -> SourceDocument:
    try:
        header_date, body = split_header(normalise_newlines(decoded.text))
    except HeaderError as exc:
        raise ReadProblem(str(exc)) from exc
    body = body.strip()
    if not has_text(body):
        raise ReadProblem("no text after the date header")
    return SourceDocument(
        source=source,
        text=body,
        date=options.date or header_date,
        lang=options.lang,
        notes=_notes(decoded),
    )


def _html_document(decoded: Decoded, options: ReadOptions, *, source: str) -> SourceDocument:
    from newsgraph.ingest.html import read_html  # trafilatura is slow to import: only if needed

    article = read_html(normalise_newlines(decoded.text))
    return SourceDocument(
        source=source,
        text=article.body,
        date=options.date or article.date,
        title=article.title,
        url=article.url,
        outlet=article.outlet,
        author=article.author,
        lang=options.lang,
        notes=_notes(decoded),
    )


def _notes(decoded: Decoded) -> list[str]:
    return [decoded.note] if decoded.note else []


# Standard input


def _read_stdin(stdin: TextIO | BinaryIO | None, options: ReadOptions) -> Iterator[ReadResult]:
    try:
        data = _stdin_bytes(stdin, options.max_bytes)
        if _looks_like_jsonl(data):
            yield from _apply_options(
                read_jsonl(io.BytesIO(data), name=STDIN_SOURCE, fields=options.fields,
                           max_bytes=options.max_bytes),
                options,
            )
        else:
            yield _document(data, "sniff", options, source=STDIN_SOURCE)
    except ReadProblem as exc:
        yield Failure(STDIN_SOURCE, str(exc))
    except OSError as exc:
        yield Failure(STDIN_SOURCE, _os_problem(exc))


def _stdin_bytes(stdin: TextIO | BinaryIO | None, max_bytes: int) -> bytes:
    stream: TextIO | BinaryIO = stdin if stdin is not None else sys.stdin
    buffer = getattr(stream, "buffer", None)
    raw = (buffer or stream).read(max_bytes + 1)
    data = raw.encode("utf-8") if isinstance(raw, str) else bytes(raw)
    if len(data) > max_bytes:
        raise ReadProblem(too_big("input", None, max_bytes))
    return data


def _looks_like_jsonl(data: bytes) -> bool:
    """Standard input whose first non-blank line is a JSON object is a JSONL corpus."""
    first = next((line for line in data.lstrip(b"\xef\xbb\xbf").splitlines() if line.strip()), b"")
    if not first.lstrip().startswith(b"{"):
        return False
    try:
        return isinstance(json.loads(first), dict)
    except ValueError:
        return False


def _apply_options(documents: Iterator[ReadResult], options: ReadOptions) -> Iterator[ReadResult]:
    for document in documents:
        if isinstance(document, SourceDocument):
            set_date_option(document, options.date)
            document.lang = options.lang or document.lang
        yield document
