"""What ingestion hands to the NLP runner: one article's body and metadata, not yet analysed."""

from __future__ import annotations

from dataclasses import dataclass, field

from newsgraph.model import DateValue


@dataclass(slots=True)
class SourceDocument:
    """An article as read from its source.  ``text`` is the body every offset will index."""

    source: str  # file path, "path:line" for a corpus record, or URL
    text: str
    date: DateValue | None = None
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    author: str | None = None
    lang: str | None = None  # forced language; None = detect
    notes: list[str] = field(default_factory=list)  # what was done to read it (decoding…)


@dataclass(frozen=True, slots=True)
class Failure:
    """An input that could not be read or analysed: reported, skipped, never fatal to a batch."""

    source: str
    problem: str

    def __str__(self) -> str:
        return f"{self.source}: {self.problem}"
