"""Control characters in article text: what no store and no terminal should receive.

Text read from any source (files, corpus records, pages, ``extract()``) passes through
:func:`clean_text` when its :class:`~newsgraph.ingest.document.SourceDocument` is made:

* ``\\r\\n`` and a lone ``\\r`` become ``\\n`` (as every reader already did);
* every other C0 control character except tab and newline (``U+0000``–``U+001F``:
  NUL, escape, form feed, …) becomes **one space**, so the text keeps its length and
  every offset into the text as read is the same offset into the stored text;
* the document gets a note saying how many were replaced, and which.

PostgreSQL refuses NUL in text columns; escape sequences would reach a terminal.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

# C0 controls except \t (09) and \n (0a); \r (0d) is handled as a newline first.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x0c\x0e-\x1f]")
_NEWLINES = re.compile(r"\r\n?")
_REPLACEMENT = " "
_NAMED_SHOWN = 4  # code points listed in the note, most frequent first


@dataclass(frozen=True, slots=True)
class Cleaned:
    text: str
    replaced: Counter[str]  # control character -> how many were replaced


def clean_text(text: str) -> Cleaned:
    """``text`` with newlines normalised and other C0 controls replaced by spaces."""
    if "\r" in text:
        text = _NEWLINES.sub("\n", text)
    replaced: Counter[str] = Counter(_CONTROLS.findall(text))
    if replaced:
        text = _CONTROLS.sub(_REPLACEMENT, text)
    return Cleaned(text, replaced)


def clean_field(value: str | None) -> Cleaned | None:
    """A metadata field (title, author…): controls replaced, whitespace runs collapsed
    when something was replaced."""
    if value is None:
        return None
    cleaned = clean_text(value)
    if not cleaned.replaced:
        return cleaned
    return Cleaned(" ".join(cleaned.text.split()), cleaned.replaced)


def has_text(text: str) -> bool:
    """Whether ``text`` has anything besides whitespace and control characters."""
    return bool(_CONTROLS.sub("", text).strip())


def replaced_note(replaced: Counter[str]) -> str:
    """``3 control characters replaced by spaces (U+0000 ×2, U+001B)``."""
    total = sum(replaced.values())
    shown = [
        f"U+{ord(c):04X}" + (f" ×{n}" if n > 1 else "")
        for c, n in replaced.most_common(_NAMED_SHOWN)
    ]
    if len(replaced) > _NAMED_SHOWN:
        shown.append("…")
    plural = "s" if total > 1 else ""
    return f"{total} control character{plural} replaced by space{plural} ({', '.join(shown)})"
