"""The ``date YYYY[-MM[-DD]]`` header some text files begin with.

It stands on its own first line (``date 2024-04-30\\n…``) or, as in the seed article,
after a leading space and followed by the body's first sentence on the same line
(`` date 2023-09 Lorsque…``).  The header is metadata, never body.
"""

from __future__ import annotations

import re

from newsgraph.errors import ModelError
from newsgraph.model import DateValue

_HEADER = re.compile(r"^\ufeff?[ \t]*date[ \t]*:?[ \t]+(?P<value>\S+)[ \t]*(?:\r?\n|[ \t]+|$)")
_LOOKS_LIKE_DATE = re.compile(r"^\d{4}(?:[-/.]\d{1,2}){0,2}$")


class HeaderError(ValueError):
    """The file has a date header whose value is not a date."""


def split_header(text: str) -> tuple[DateValue | None, str]:
    """Return the header's date (or None) and the body without the header.

    Raises :class:`HeaderError` when the first word is ``date`` followed by something
    shaped like a date that is not one (``date 2023-13-45``).
    """
    match = _HEADER.match(text)
    if not match:
        return None, text
    value = match.group("value")
    if not _LOOKS_LIKE_DATE.match(value):
        if re.match(r"^\d", value):
            raise HeaderError(f"unparseable date header {value!r}")
        return None, text  # an article that merely begins with the word "date"
    try:
        date = DateValue.parse(value)
    except ModelError as exc:
        raise HeaderError(f"unparseable date header {value!r}: {exc}") from exc
    return date, text[match.end() :]
