"""Bytes to text: UTF-8 first, a legacy encoding when that fails, binary files refused.

What cannot be read raises :class:`ReadProblem` with a one-line message; the readers
turn it into a :class:`~newsgraph.ingest.document.Failure`.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

from charset_normalizer import from_bytes

from newsgraph.ingest.controls import has_text

BINARY_SIGNATURES: tuple[bytes, ...] = (
    b"%PDF-",
    b"PK\x03\x04",
    b"\x89PNG",
    b"GIF8",
    b"\xff\xd8\xff",
    b"\x1f\x8b",
    b"BZh",
    b"\xfd7zXZ",
    b"SQLite format 3",
)
# Encodings news text in French and English is written in when it is not UTF-8.
WESTERN_ENCODINGS: frozenset[str] = frozenset(
    {"cp1252", "windows-1252", "latin_1", "latin-1", "iso8859_1", "iso8859_15", "ascii"}
)
SNIFF_BYTES = 8192
MAX_CONTROL_SHARE = 0.01  # more control characters than this: not text
MAX_NON_ASCII_LETTER_SHARE = 0.5  # Western text is mostly ASCII letters
_NEWLINES = re.compile(r"\r\n?")
_HTML_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_TEXT_CONTROLS = frozenset("\t\n\r\f\v")
# A well-formed multi-byte UTF-8 sequence (approximately: lead byte, continuation bytes).
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
# Ends the note of a decoding that is a guess likely to be wrong; the CLI reports such
# notes on the console as well (is_doubtful).
GARBLED = "the text may be garbled"


class ReadProblem(ValueError):
    """An input cannot be read as an article; the message says why, in one line."""


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    note: str | None = None  # what was done, when it was more than reading UTF-8


def decode_bytes(data: bytes, *, declared: str | None = None) -> Decoded:
    """Decode a file's bytes: UTF-8 (BOM or not), UTF-16/32 with a BOM, else a detected
    legacy encoding (``declared`` first, e.g. an HTML ``<meta charset>``), with a note."""
    if not data.strip():
        raise ReadProblem("empty file")
    bom_decoded = _decode_with_bom(data)
    if bom_decoded is not None:
        return _checked(bom_decoded)
    if looks_binary(data):
        raise ReadProblem("binary file, not text")
    try:
        return _checked(Decoded(data.decode("utf-8")))
    except UnicodeDecodeError:
        pass
    return _checked(_decode_legacy(data, declared=declared))


def decode_html_bytes(data: bytes) -> Decoded:
    """Decode an HTML page, trying the charset its ``<meta>`` declares when not UTF-8."""
    match = _HTML_CHARSET.search(data[:SNIFF_BYTES])
    declared = match.group(1).decode("ascii", "replace") if match else None
    return decode_bytes(data, declared=declared)


def is_doubtful(note: str) -> bool:
    """Whether a decoding note says the text is probably garbled (worth telling the user,
    not only the article's notes): UTF-8 with invalid bytes, an encoding guessed that is
    not a Western one, Western bytes that look like UTF-8."""
    return note.endswith(GARBLED)


def looks_binary(data: bytes) -> bool:
    """NUL bytes or a known binary signature at the start: not a text file."""
    return data.startswith(BINARY_SIGNATURES) or b"\x00" in data[:SNIFF_BYTES]


def normalise_newlines(text: str) -> str:
    """``\\r\\n`` and lone ``\\r`` become ``\\n``."""
    return _NEWLINES.sub("\n", text)


def human_size(size: int) -> str:
    """``6.2 MB``, ``5 MB``, ``12.5 KB``, ``900 bytes``."""
    for unit, factor in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= factor:
            return f"{size / factor:.1f}".removesuffix(".0") + f" {unit}"
    return f"{size} bytes"


def too_big(what: str, size: int | None, max_bytes: int) -> str:
    """``file is 6.2 MB, over the 5 MB limit (NEWSGRAPH_MAX_BYTES)``; size None: unknown."""
    limit = f"over the {human_size(max_bytes)} limit (NEWSGRAPH_MAX_BYTES)"
    return f"{what} is {limit}" if size is None else f"{what} is {human_size(size)}, {limit}"


def _decode_with_bom(data: bytes) -> Decoded | None:
    if data.startswith(codecs.BOM_UTF8):
        return None  # plain UTF-8: the BOM is dropped by the caller's normal path
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                note = f"decoded as {encoding.upper()} (byte order mark)"
                return Decoded(data.decode(encoding), note)
            except UnicodeDecodeError as exc:
                raise ReadProblem(f"invalid {encoding.upper()} text: {exc.reason}") from exc
    return None


def _decode_legacy(data: bytes, *, declared: str | None) -> Decoded:
    reason = "not valid UTF-8"
    if declared and _is_known_encoding(declared) and codecs.lookup(declared).name != "utf-8":
        text = _try_decode(data, declared)
        if text is not None:
            return Decoded(text, f"decoded as {declared} (declared in the page; {reason})")
    sequences = len(_UTF8_SEQUENCE.findall(data))
    mostly_utf8 = _mostly_utf8(data, sequences)
    if mostly_utf8 is not None:
        return mostly_utf8
    # Western bytes with UTF-8 sequences among them: mojibake either way.
    doubt = f"; {GARBLED}" if sequences else ""
    guess = from_bytes(data).best()
    if guess is not None and guess.encoding in WESTERN_ENCODINGS:
        return Decoded(str(guess), f"decoded as {guess.encoding} ({reason}){doubt}")
    western = _try_decode(data, "cp1252")
    if western is not None and _looks_western(western):
        return Decoded(western, f"decoded as cp1252 ({reason}){doubt}")
    if guess is not None:  # not a Western encoding: a guess on text that should be French or English
        return Decoded(str(guess), f"decoded as {guess.encoding}, a guess ({reason}); {GARBLED}")
    raise ReadProblem("binary file, not text")


def _mostly_utf8(data: bytes, sequences: int) -> Decoded | None:
    """UTF-8 with a few invalid bytes (fewer than its well-formed multi-byte sequences):
    decoded as UTF-8, each invalid byte run replaced by U+FFFD, rather than the whole text
    turned into mojibake (``prÃ©sident``) by a legacy encoding."""
    if not sequences:
        return None
    text = data.decode("utf-8", "replace")
    invalid = text.count("\ufffd") - data.count("\ufffd".encode())
    if invalid >= sequences:
        return None
    replaced = f"{invalid} invalid byte sequence{'s' if invalid > 1 else ''} replaced by U+FFFD"
    return Decoded(text, f"decoded as UTF-8, {replaced}; {GARBLED}")


def _is_known_encoding(name: str) -> bool:
    try:
        codecs.lookup(name)
    except LookupError:
        return False
    return True


def _try_decode(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _looks_western(text: str) -> bool:
    """Most letters ASCII, no stray control characters: French/English read as cp1252."""
    letters = [c for c in text if c.isalpha()]
    if not letters or _control_share(text) > 0:
        return False
    non_ascii = sum(1 for c in letters if not c.isascii())
    return non_ascii / len(letters) <= MAX_NON_ASCII_LETTER_SHARE


def _control_share(text: str) -> float:
    controls = sum(
        1 for c in text if c not in _TEXT_CONTROLS and unicodedata.category(c) == "Cc"
    )
    return controls / max(len(text), 1)


def _checked(decoded: Decoded) -> Decoded:
    text = decoded.text.removeprefix("\ufeff")
    if _control_share(text) > MAX_CONTROL_SHARE:
        raise ReadProblem("binary file, not text")
    if not has_text(text):
        raise ReadProblem("empty file")
    return Decoded(text, decoded.note)
