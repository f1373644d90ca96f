"""What ingestion hands to the NLP runner: one article's body and metadata, not yet analysed."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from newsgraph.ingest.controls import clean_field, clean_text, replaced_note
from newsgraph.model import DateValue


@dataclass(slots=True)
class SourceDocument:
    """An article as read from its source.  ``text`` is the body every offset will index.

    Made from any source, its text and metadata lose their control characters here
    (:mod:`newsgraph.ingest.controls`: newlines normalised, other C0 controls replaced by
    spaces, with a note), so that every reader, ``extract()`` and both stores see the
    same text.
    """

    source: str  # file path, "path:line" for a corpus record, or URL
    text: str
    date: DateValue | None = None
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    author: str | None = None
    lang: str | None = None  # forced language; None = detect
    notes: list[str] = field(default_factory=list)  # what was done to read it (decoding…)

    def __post_init__(self) -> None:
        cleaned = clean_text(self.text)
        self.text = cleaned.text
        replaced = Counter(cleaned.replaced)
        for name in ("title", "url", "outlet", "author", "lang"):
            value = clean_field(getattr(self, name))
            if value is not None:
                setattr(self, name, value.text)
                replaced.update(value.replaced)
        if replaced:
            self.notes = [*self.notes, replaced_note(replaced)]


@dataclass(frozen=True, slots=True)
class Failure:
    """An input that could not be read or analysed: reported, skipped, never fatal to a batch."""

    source: str
    problem: str

    def __str__(self) -> str:
        return f"{self.source}: {self.problem}"


_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[«\"“A-ZÀ-Ý0-9])")
MAX_TITLE_WORDS = 30
HEADLINE_WORDS = 20  # a first line this short, not ending a sentence, followed by more: a headline
_CLOSES_SENTENCE = tuple(".!?…»\"”:;,")


def first_sentence(paragraphs: list[str]) -> str | None:
    """The body's first sentence (at most ``MAX_TITLE_WORDS`` words, "…" when cut): the
    title of an article that declares none."""
    if not paragraphs:
        return None
    sentence = _SENTENCE_END.split(paragraphs[0], maxsplit=1)[0].strip()
    words = sentence.split()
    if len(words) > MAX_TITLE_WORDS:
        return " ".join(words[:MAX_TITLE_WORDS]) + " …"
    return sentence or None


def title_from_text(text: str) -> str | None:
    """The title of an untitled article (plain text, a record without one): its first line
    when that line reads as a headline (short, not closing a sentence, more text after it),
    else its first sentence; never the file it came from."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        return None
    first = lines[0]
    if len(lines) > 1 and len(first.split()) <= HEADLINE_WORDS and not first.endswith(_CLOSES_SENTENCE):
        return first
    return first_sentence(lines)
