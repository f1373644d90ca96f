"""What ingestion hands to the NLP runner: one article's body and metadata, not yet analysed."""

from __future__ import annotations

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
