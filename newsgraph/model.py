"""The newsgraph data model: one explicit, validated schema for everything we extract.

Every fact carries character offsets into ``Article.text`` (the exact string all offsets
index).  ``to_dict``/``from_dict`` implement the versioned JSON contract documented in
``docs/output-format.md``; ``from_dict`` validates what it loads and raises
:class:`~newsgraph.errors.ModelError` with the path of the offending field.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Literal, cast

from newsgraph.errors import ModelError

SCHEMA_VERSION = "1.0"

Precision = Literal["day", "week", "month", "year", "decade"]
PRECISIONS: tuple[str, ...] = ("day", "week", "month", "year", "decade")
EntityType = Literal["PER", "ORG", "LOC", "MISC"]
ENTITY_TYPES: tuple[str, ...] = ("PER", "ORG", "LOC", "MISC")
QuoteKind = Literal["direct", "indirect", "mixed", "according_to"]
QUOTE_KINDS: tuple[str, ...] = ("direct", "indirect", "mixed", "according_to")
MODALITIES: tuple[str, ...] = (
    "asserted",
    "reported",
    "alleged",
    "denied",
    "planned",
    "hypothetical",
    "negated",
)

_DATE_PATTERNS: dict[str, re.Pattern[str]] = {
    "day": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
    "week": re.compile(r"^\d{4}-W\d{2}$"),
    "month": re.compile(r"^\d{4}-\d{2}$"),
    "year": re.compile(r"^\d{4}$"),
    "decade": re.compile(r"^\d{3}0s$"),
}


def content_id(*parts: str, prefix: str = "") -> str:
    """A short, stable id made from the content it identifies (re-ingesting is harmless)."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]
    return f"{prefix}{digest}"


def normalise_text(text: str) -> str:
    """Normalisation used for article ids: NFC, collapsed whitespace, stripped."""
    return " ".join(unicodedata.normalize("NFC", text).split())


@dataclass(frozen=True, slots=True)
class DateValue:
    """A date with its precision: ``2023`` (year), ``2023-09`` (month), ``2023-09-13`` (day)."""

    value: str
    precision: Precision

    def __post_init__(self) -> None:
        if self.precision not in PRECISIONS:
            raise ModelError(f"unknown date precision {self.precision!r}")
        if not _DATE_PATTERNS[self.precision].match(self.value):
            raise ModelError(f"date {self.value!r} does not have {self.precision} precision")
        if self.precision in ("day", "month"):
            month = int(self.value[5:7])
            if not 1 <= month <= 12:
                raise ModelError(f"date {self.value!r} has no month {month}")

    @classmethod
    def parse(cls, value: str) -> DateValue:
        """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` keeping the precision it has."""
        value = value.strip()
        precisions: tuple[Precision, ...] = ("day", "month", "year")
        for precision in precisions:
            if _DATE_PATTERNS[precision].match(value):
                date = cls(value, precision)
                if precision == "day":
                    _check_calendar_day(value)
                return date
        raise ModelError(f"not a date (YYYY, YYYY-MM or YYYY-MM-DD): {value!r}")

    def to_dict(self) -> dict[str, str]:
        return {"value": self.value, "precision": self.precision}


def _check_calendar_day(value: str) -> None:
    import datetime as _dt

    try:
        _dt.date.fromisoformat(value)
    except ValueError as exc:
        raise ModelError(f"not a calendar day: {value!r}") from exc


@dataclass(frozen=True, slots=True)
class Span:
    """A character span ``[start, end)`` of the article text, with the text it covers."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(slots=True)
class Mention:
    start: int
    end: int
    text: str
    sentence: int = -1  # index of the sentence it occurs in, -1 if unknown

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(slots=True)
class Entity:
    """An entity of one article: a canonical name and every mention that refers to it."""

    id: str
    name: str
    type: EntityType
    aliases: list[str] = field(default_factory=list)
    descriptors: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    gender: Literal["f", "m", "unknown"] = "unknown"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "aliases": list(self.aliases),
            "descriptors": list(self.descriptors),
            "gender": self.gender,
            "mentions": [m.to_dict() for m in self.mentions],
        }


@dataclass(slots=True)
class Speaker:
    name: str
    entity_id: str | None = None
    start: int | None = None
    end: int | None = None
    descriptor: str | None = None
    how: str = "name"  # name | surname | pronoun | role | floating | group

    def to_dict(self) -> dict[str, Any]:
        return {
            "entity_id": self.entity_id,
            "name": self.name,
            "start": self.start,
            "end": self.end,
            "descriptor": self.descriptor,
            "how": self.how,
        }


@dataclass(slots=True)
class Quote:
    id: str
    start: int
    end: int
    text: str
    kind: QuoteKind
    cue: Span | None = None
    speaker: Speaker | None = None
    confidence: float = 0.5

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "kind": self.kind,
            "cue": self.cue.to_dict() if self.cue else None,
            "speaker": self.speaker.to_dict() if self.speaker else None,
            "confidence": round(self.confidence, 3),
        }


@dataclass(slots=True)
class TimeExpression:
    start: int
    end: int
    text: str
    value: str | None
    precision: str | None
    direction: str = "none"  # past | future | none
    kind: str = "date"  # date | duration | set

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "value": self.value,
            "precision": self.precision,
            "direction": self.direction,
            "kind": self.kind,
        }


@dataclass(slots=True)
class ActorRef:
    entity_id: str | None
    name: str
    # How the event layer found the actor (docs/events.md, "Actor provenance": "subject",
    # "oblique", "pronoun", …), a salience feature; kept in memory only, never written, and
    # no part of equality ("" when unknown or read back from a record).
    via: str = field(default="", compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {"entity_id": self.entity_id, "name": self.name}


@dataclass(slots=True)
class Event:
    id: str
    type: str
    mode: str | None
    trigger: Span
    sentence: tuple[int, int]
    source: list[ActorRef] = field(default_factory=list)
    target: list[ActorRef] = field(default_factory=list)
    place: ActorRef | None = None
    date: DateValue | None = None
    date_from: Literal["text", "article", "none"] = "none"
    modality: str = "asserted"
    quote_id: str | None = None
    confidence: float = 0.5
    # An event a reader would list (docs/events.md, "Salience"): a fact the article reports, or
    # one a speaker tells as a fact in a quotation, whose learned salience score is at or above
    # the shipped model's calibrated threshold.
    salient: bool = True
    # The predicate's lemma ("win", "effondrement"): what an OTHER event is, kept on every event.
    lemma: str | None = None
    # The learned salience score in [0, 1] (None: not scored, e.g. records written before it).
    salience: float | None = None
    # Where the article tells the same event again (trigger spans of the merged mentions).
    mentions: list[Span] = field(default_factory=list)
    # While the event layer runs: one of its mentions is a fact told inside a speaker's
    # quotation that only the quotation rule holds back, so the learned model decides its
    # salience (docs/events.md, "Salience", rule 2).  In memory only: never written or read.
    left_to_model: bool = field(default=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "mode": self.mode,
            "trigger": self.trigger.to_dict(),
            "sentence": {"start": self.sentence[0], "end": self.sentence[1]},
            "source": [a.to_dict() for a in self.source],
            "target": [a.to_dict() for a in self.target],
            "place": self.place.to_dict() if self.place else None,
            "date": (
                {**self.date.to_dict(), "from": self.date_from} if self.date else None
            ),
            "modality": self.modality,
            "quote_id": self.quote_id,
            "confidence": round(self.confidence, 3),
            "salient": self.salient,
            "lemma": self.lemma,
            "salience": None if self.salience is None else round(self.salience, 4),
            "mentions": [m.to_dict() for m in self.mentions],
        }


@dataclass(slots=True)
class Article:
    """One analysed article.  ``text`` is the body: the string every offset indexes."""

    id: str
    source: str
    text: str
    lang: str | None = None
    date: DateValue | None = None
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    author: str | None = None
    notes: list[str] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    times: list[TimeExpression] = field(default_factory=list)

    @staticmethod
    def make_id(text: str, source: str) -> str:
        return content_id(normalise_text(text), source, prefix="a_")

    def entity(self, entity_id: str) -> Entity | None:
        return next((e for e in self.entities if e.id == entity_id), None)

    def speakers_of(self, quote: Quote) -> list[Entity]:
        """The entities a quote's speaker names: its entity; for a speaker joining several
        named people ("Daniel Fortier and Claire Benoit", how ``group``, no entity of its
        own), each person with a mention inside the speaker's span, in text order; none
        for an unnamed group ("des responsables") or no speaker."""
        speaker = quote.speaker
        if speaker is None:
            return []
        if speaker.entity_id is not None:
            entity = self.entity(speaker.entity_id)
            return [entity] if entity is not None else []
        if speaker.how != "group" or speaker.start is None or speaker.end is None:
            return []
        low, high = speaker.start, speaker.end
        firsts = sorted((min(m.start for m in e.mentions if low <= m.start and m.end <= high), i)
                        for i, e in enumerate(self.entities) if e.type == "PER"
                        and any(low <= m.start and m.end <= high for m in e.mentions))
        return [self.entities[i] for _, i in firsts] if len(firsts) >= 2 else []

    def to_arrow(self) -> dict[str, Any]:
        """This article as the batch output's Arrow tables, by name (``articles``,
        ``entities``, ``mentions``, ``quotes``, ``events``, ``times``): newsgraph.frames."""
        from newsgraph.frames import tables

        return tables([self])

    def to_pandas(self) -> dict[str, Any]:
        """:meth:`to_arrow` as pandas DataFrames (pandas must be installed)."""
        from newsgraph.frames import data_frames

        return data_frames([self])

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA_VERSION,
            "source": self.source,
            "id": self.id,
            "lang": self.lang,
            "date": self.date.to_dict() if self.date else None,
            "title": self.title,
            "url": self.url,
            "outlet": self.outlet,
            "author": self.author,
            "notes": list(self.notes),
            "text": self.text,
            "entities": [e.to_dict() for e in self.entities],
            "quotes": [q.to_dict() for q in self.quotes],
            "events": [e.to_dict() for e in self.events],
            "times": [t.to_dict() for t in self.times],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        """Load and validate one article of the JSON contract."""
        return _ArticleLoader(data).load()


class _ArticleLoader:
    """Validates a JSON object against the contract, naming the field that is wrong."""

    def __init__(self, data: dict[str, Any]) -> None:
        if not isinstance(data, dict):
            raise ModelError("an article must be a JSON object")
        self.data = data

    def _get(self, obj: dict[str, Any], key: str, kind: type | tuple[type, ...], where: str) -> Any:
        if key not in obj:
            raise ModelError(f"{where}: missing field {key!r}")
        value = obj[key]
        if not isinstance(value, kind):
            raise ModelError(f"{where}.{key}: expected {kind}, got {type(value).__name__}")
        return value

    def _span(self, obj: dict[str, Any], where: str, text: str) -> tuple[int, int, str]:
        start = self._get(obj, "start", int, where)
        end = self._get(obj, "end", int, where)
        covered = self._get(obj, "text", str, where)
        if not 0 <= start <= end <= len(text):
            raise ModelError(f"{where}: span [{start}, {end}) outside the text")
        if text[start:end] != covered:
            raise ModelError(f"{where}: text does not match the span [{start}, {end})")
        return start, end, covered

    def load(self) -> Article:
        d = self.data
        text = self._get(d, "text", str, "article")
        date = d.get("date")
        article = Article(
            id=self._get(d, "id", str, "article"),
            source=self._get(d, "source", str, "article"),
            text=text,
            lang=d.get("lang"),
            date=DateValue(date["value"], date["precision"]) if date else None,
            title=d.get("title"),
            url=d.get("url"),
            outlet=d.get("outlet"),
            author=d.get("author"),
            notes=list(d.get("notes", [])),
        )
        for i, e in enumerate(self._get(d, "entities", list, "article")):
            where = f"entities[{i}]"
            etype = self._get(e, "type", str, where)
            if etype not in ENTITY_TYPES:
                raise ModelError(f"{where}.type: unknown entity type {etype!r}")
            mentions = [
                Mention(*self._span(m, f"{where}.mentions[{j}]", text))
                for j, m in enumerate(self._get(e, "mentions", list, where))
            ]
            article.entities.append(
                Entity(
                    id=self._get(e, "id", str, where),
                    name=self._get(e, "name", str, where),
                    type=cast(EntityType, etype),
                    aliases=list(e.get("aliases", [])),
                    descriptors=list(e.get("descriptors", [])),
                    mentions=mentions,
                    gender=e.get("gender", "unknown"),
                )
            )
        for i, q in enumerate(self._get(d, "quotes", list, "article")):
            article.quotes.append(self._quote(q, f"quotes[{i}]", text))
        for i, t in enumerate(self._get(d, "times", list, "article")):
            start, end, covered = self._span(t, f"times[{i}]", text)
            article.times.append(
                TimeExpression(
                    start, end, covered, t.get("value"), t.get("precision"),
                    t.get("direction", "none"), t.get("kind", "date"),
                )
            )
        for i, ev in enumerate(self._get(d, "events", list, "article")):
            article.events.append(self._event(ev, f"events[{i}]", text))
        return article

    def _quote(self, q: dict[str, Any], where: str, text: str) -> Quote:
        start, end, covered = self._span(q, where, text)
        kind = self._get(q, "kind", str, where)
        if kind not in QUOTE_KINDS:
            raise ModelError(f"{where}.kind: unknown quote kind {kind!r}")
        cue = q.get("cue")
        speaker = q.get("speaker")
        return Quote(
            id=self._get(q, "id", str, where),
            start=start,
            end=end,
            text=covered,
            kind=cast(QuoteKind, kind),
            cue=Span(*self._span(cue, f"{where}.cue", text)) if cue else None,
            speaker=(
                Speaker(
                    name=self._get(speaker, "name", str, f"{where}.speaker"),
                    entity_id=speaker.get("entity_id"),
                    start=speaker.get("start"),
                    end=speaker.get("end"),
                    descriptor=speaker.get("descriptor"),
                    how=speaker.get("how", "name"),
                )
                if speaker
                else None
            ),
            confidence=float(q.get("confidence", 0.5)),
        )

    def _event(self, ev: dict[str, Any], where: str, text: str) -> Event:
        trig = self._get(ev, "trigger", dict, where)
        sentence = self._get(ev, "sentence", dict, where)
        date = ev.get("date")
        place = ev.get("place")
        modality = ev.get("modality", "asserted")
        if modality not in MODALITIES:
            raise ModelError(f"{where}.modality: unknown modality {modality!r}")
        lemma = ev.get("lemma")
        if lemma is not None and not isinstance(lemma, str):
            raise ModelError(f"{where}.lemma: expected a string or null")
        salience = ev.get("salience")
        if salience is not None and (isinstance(salience, bool) or not isinstance(salience, int | float)
                                     or not 0.0 <= float(salience) <= 1.0):
            raise ModelError(f"{where}.salience: expected a number in [0, 1] or null")
        mentions = self._get(ev, "mentions", list, where) if "mentions" in ev else []
        return Event(
            id=self._get(ev, "id", str, where),
            type=self._get(ev, "type", str, where),
            mode=ev.get("mode"),
            trigger=Span(*self._span(trig, f"{where}.trigger", text)),
            sentence=(int(sentence["start"]), int(sentence["end"])),
            source=[ActorRef(a.get("entity_id"), a["name"]) for a in ev.get("source", [])],
            target=[ActorRef(a.get("entity_id"), a["name"]) for a in ev.get("target", [])],
            place=ActorRef(place.get("entity_id"), place["name"]) if place else None,
            date=DateValue(date["value"], date["precision"]) if date else None,
            date_from=date.get("from", "text") if date else "none",
            modality=modality,
            quote_id=ev.get("quote_id"),
            confidence=float(ev.get("confidence", 0.5)),
            salient=bool(ev.get("salient", True)),
            lemma=lemma,
            salience=None if salience is None else float(salience),
            mentions=[Span(*self._span(m, f"{where}.mentions[{i}]", text))
                      for i, m in enumerate(mentions)],
        )
