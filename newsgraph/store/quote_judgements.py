"""Quote corrections: judgements on quotes, applied to the stored quote rows.

A quote judgement (table ``quote_judgements``, revision 0009) says that a quote's speaker
is someone (``speaker``) or that a span is not a quote (``not_quote``); an ``undo``
reverses one (an undo of an undo restores it), as entity judgements do
(``newsgraph.resolve``).  Judgements are kept by article *source* and quote span and text,
not by row, so they apply again when the article is re-analysed or re-ingested edited
(:func:`apply_saved`, called by the store in the transaction that writes the articles):
the quote is found at the same span with the same text, else the nearest quote with the
same text, else the nearest overlapping quote one of whose texts contains the other.

Applying a judgement rewrites the quote row (a fixed speaker: ``speaker_how`` =
``corrected``, confidence 1; not a quote: the row is deleted) and keeps the row as the
analysis wrote it in the judgement (``machine``), so that an undo restores it.  All
functions take a connection inside the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, and_, delete, insert, select, update

from newsgraph.store import marks
from newsgraph.store.nodes import refresh_network_nodes
from newsgraph.store.schema import articles, entities, quote_judgements, quotes
from newsgraph.store.speakers import refresh_quote_sources

ACTIONS = ("speaker", "not_quote")
CORRECTED = "corrected"  # the speaker_how of a corrected speaker
MAX_ID = 2**31 - 1  # an INTEGER id


@dataclass(frozen=True, slots=True)
class QuoteJudgementRecord:
    id: int
    action: str  # speaker | not_quote | undo
    article_id: str
    source: str
    start: int
    end: int
    text: str
    speaker: str | None  # the speaker (speaker), the id of the judgement undone (undo)
    author: str
    created_at: datetime
    note: str | None


def _record(row: Any) -> QuoteJudgementRecord:
    return QuoteJudgementRecord(
        row.id, row.action, row.article_id, row.source, row.start, row.end, row.text, row.speaker,
        row.author, row.created_at, row.note,
    )


def list_judgements(connection: Connection, *, source: str | None = None) -> list[QuoteJudgementRecord]:
    """Every quote judgement (of one article source), oldest first."""
    query = select(quote_judgements).order_by(quote_judgements.c.id)
    if source is not None:
        query = query.where(quote_judgements.c.source == source)
    return [_record(row) for row in connection.execute(query)]


def active(judgements: Sequence[QuoteJudgementRecord]) -> list[QuoteJudgementRecord]:
    """The judgements not reversed, in order (an undo of an undo restores its target)."""
    by_id = {j.id: j for j in judgements}
    live: dict[int, QuoteJudgementRecord] = {}
    for judgement in judgements:
        if judgement.action != "undo":
            live[judgement.id] = judgement
            continue
        target = by_id.get(int(judgement.speaker or 0))
        if target is None:
            continue
        if target.id in live:
            del live[target.id]
        elif target.action == "undo":
            restored = by_id.get(int(target.speaker or 0))
            if restored is not None and restored.action != "undo":
                live[restored.id] = restored
    return sorted(live.values(), key=lambda j: j.id)


def add_judgement(
    connection: Connection,
    *,
    action: str,
    article_id: str,
    start: int,
    end: int,
    text: str,
    speaker: str | None,
    author: str,
    note: str | None,
) -> int:
    """Record a judgement on a quote of ``article_id`` and apply it; an active judgement
    saying the same of the same quote is answered instead (nothing recorded)."""
    source = connection.execute(select(articles.c.source).where(articles.c.id == article_id)).scalar_one()
    for earlier in active(list_judgements(connection, source=source)):
        if not _identifies(source) and earlier.article_id != article_id:
            continue
        if (earlier.action, earlier.start, earlier.end, earlier.text, earlier.speaker) == (
            action, start, end, text, speaker,
        ):
            return earlier.id
    values = {
        "action": action, "article_id": article_id, "source": source, "start": start, "end": end,
        "text": text, "speaker": speaker, "author": author, "created_at": datetime.now(UTC), "note": note,
    }
    judgement = connection.execute(
        insert(quote_judgements).values(**values).returning(quote_judgements.c.id)
    ).scalar_one()
    apply_article(connection, article_id)
    return int(judgement)


def add_undo(connection: Connection, judgement_id: int, *, author: str, note: str | None) -> int:
    """Reverse judgement ``judgement_id`` (KeyError when there is none) and re-apply."""
    if not 0 < judgement_id <= MAX_ID:  # beyond the column's range: none (PostgreSQL would refuse it)
        raise KeyError(judgement_id)
    target = connection.execute(
        select(quote_judgements).where(quote_judgements.c.id == judgement_id)
    ).first()
    if target is None:
        raise KeyError(judgement_id)
    values = {
        "action": "undo", "article_id": target.article_id, "source": target.source, "start": target.start,
        "end": target.end, "text": target.text, "speaker": str(judgement_id), "author": author,
        "created_at": datetime.now(UTC), "note": note,
    }
    judgement = connection.execute(
        insert(quote_judgements).values(**values).returning(quote_judgements.c.id)
    ).scalar_one()
    for article_id in _article_ids(connection, target.source):
        if _identifies(target.source) or article_id == target.article_id:
            apply_article(connection, article_id)
    return int(judgement)


def _article_ids(connection: Connection, source: str) -> list[str]:
    return list(connection.execute(select(articles.c.id).where(articles.c.source == source)).scalars())


def apply_saved(connection: Connection, saved: Iterable[tuple[str, str]]) -> None:
    """After articles (``(id, source)``) were written afresh: their rows are the analysis's,
    so the kept ``machine`` rows of their judgements are dropped and the judgements applied."""
    saved = list(saved)
    sources = sorted({source for _, source in saved})
    judged: set[str] = set()
    for start in range(0, len(sources), 500):
        chunk = sources[start : start + 500]
        query = select(quote_judgements.c.source).where(quote_judgements.c.source.in_(chunk)).distinct()
        judged.update(connection.execute(query).scalars())
    for article_id, source in saved:
        if source in judged:
            connection.execute(
                update(quote_judgements).where(_of_article(article_id, source)).values(machine=None)
            )
            apply_article(connection, article_id)


def _identifies(source: str) -> bool:
    from newsgraph.store.store import source_identifies_article

    return source_identifies_article(source)


def _of_article(article_id: str, source: str) -> Any:
    """The judgements that concern an article: those of its source, or, for a pseudo-source
    that many articles share (``<api>``, ``<stdin>``), those made on this very article."""
    where = quote_judgements.c.source == source
    return where if _identifies(source) else and_(where, quote_judgements.c.article_id == article_id)


def apply_article(connection: Connection, article_id: str) -> tuple[list[int], list[int]]:
    """Restore the quote rows that judgements changed, then apply the active judgements of
    the article's source in order; returns (applied, stale: matched no quote)."""
    source = connection.execute(select(articles.c.source).where(articles.c.id == article_id)).scalar_one()
    rows = connection.execute(
        select(quote_judgements.c.id, quote_judgements.c.machine).where(_of_article(article_id, source))
    ).all()
    restored: set[str] = set()
    for row in rows:
        machine = row.machine
        if machine and machine.get("article_id") == article_id and machine["id"] not in restored:
            restored.add(machine["id"])
            _delete_quote(connection, article_id, machine["id"])
            connection.execute(insert(quotes).values(**machine))
    current = {r.id: dict(r._mapping) for r in connection.execute(_quotes_of(article_id))}
    before: dict[str, dict[str, Any]] = {}
    applied: list[int] = []
    stale: list[int] = []
    judgements = list_judgements(connection, source=source)
    if not _identifies(source):
        judgements = [j for j in judgements if j.article_id == article_id]
    for judgement in active(judgements):
        found = locate(list(current.values()), judgement.start, judgement.end, judgement.text)
        if found is None:
            stale.append(judgement.id)
            continue
        machine = before.setdefault(found["id"], dict(found))
        connection.execute(
            update(quote_judgements).where(quote_judgements.c.id == judgement.id).values(machine=machine)
        )
        if judgement.action == "not_quote":
            _delete_quote(connection, article_id, found["id"])
            del current[found["id"]]
        else:
            changes = _speaker_values(connection, article_id, judgement.speaker or "")
            connection.execute(
                update(quotes)
                .where(quotes.c.article_id == article_id, quotes.c.id == found["id"])
                .values(**changes)
            )
            found.update(changes)
        applied.append(judgement.id)
    if rows:
        marks.set_mark(connection, marks.RESOLUTION_STALE)  # entity quotes are materialised
    refresh_quote_sources(connection, [article_id])
    refresh_network_nodes(connection, [article_id])  # the quotes' mentions
    return applied, stale


def _quotes_of(article_id: str) -> Any:
    return select(quotes).where(quotes.c.article_id == article_id).order_by(quotes.c.position)


def _delete_quote(connection: Connection, article_id: str, quote_id: str) -> None:
    connection.execute(delete(quotes).where(and_(quotes.c.article_id == article_id, quotes.c.id == quote_id)))


def locate(rows: Sequence[dict[str, Any]], start: int, end: int, text: str) -> dict[str, Any] | None:
    """The quote row a judgement on (start, end, text) designates: the same span and text;
    else the nearest with the same text; else the nearest overlapping one whose text
    contains the other (a re-analysis that moved or trimmed the quote)."""
    for row in rows:
        if (row["start"], row["end"], row["text"]) == (start, end, text):
            return row
    same = [row for row in rows if row["text"] == text]
    if same:
        return min(same, key=lambda row: abs(row["start"] - start))
    overlapping = [
        row
        for row in rows
        if row["start"] < end and start < row["end"] and (text in row["text"] or row["text"] in text)
    ]
    return min(overlapping, key=lambda row: abs(row["start"] - start)) if overlapping else None


def _speaker_values(connection: Connection, article_id: str, speaker: str) -> dict[str, Any]:
    """The quote columns of a corrected speaker: named, linked to the article's entity of
    that name or alias (case-insensitive) when there is one."""
    wanted = speaker.casefold()
    entity_id = None
    for row in connection.execute(
        select(entities.c.id, entities.c.name, entities.c.aliases).where(entities.c.article_id == article_id)
    ):
        if wanted in {n.casefold() for n in [row.name, *row.aliases]}:
            entity_id = row.id
            break
    return {
        "speaker_name": speaker, "speaker_entity_id": entity_id, "speaker_start": None,
        "speaker_end": None, "speaker_descriptor": None, "speaker_how": CORRECTED, "confidence": 1.0,
    }


def judge_quote(
    connection: Connection,
    *,
    article_id: str,
    quote_id: str,
    action: str,
    speaker: str | None,
    author: str,
    note: str | None,
) -> int:
    """Judge quote ``quote_id`` of ``article_id`` (KeyError when the article has no such
    quote, unless an active judgement already removed it: a retry answers that one)."""
    if action not in ACTIONS:
        raise ValueError(f"action must be one of {', '.join(ACTIONS)}, got {action!r}")
    row = connection.execute(
        select(quotes.c.start, quotes.c.end, quotes.c.text).where(
            quotes.c.article_id == article_id, quotes.c.id == quote_id
        )
    ).first()
    if row is None:
        source = connection.execute(select(articles.c.source).where(articles.c.id == article_id)).scalar()
        if source is not None:
            for earlier in active(list_judgements(connection, source=source)):
                machine = _machine(connection, earlier.id)
                if (machine or {}).get("id") == quote_id and (earlier.action, earlier.speaker) == (
                    action, speaker,
                ):
                    return earlier.id
        raise KeyError(quote_id)
    return add_judgement(
        connection, action=action, article_id=article_id, start=row.start, end=row.end, text=row.text,
        speaker=speaker, author=author, note=note,
    )


def _machine(connection: Connection, judgement_id: int) -> dict[str, Any] | None:
    value = connection.execute(
        select(quote_judgements.c.machine).where(quote_judgements.c.id == judgement_id)
    ).scalar()
    return dict(value) if value else None


def training_examples(connection: Connection) -> list[dict[str, Any]]:
    """The active judgements as training examples, one per judgement, for the article
    version they apply to now (the newest of their source): ``{article_id, source, lang,
    date, article_text, start, end, quote, quote_kind, kind, speaker, speaker_is_person,
    judgement}`` — ``kind`` is ``speaker`` or ``not_quote``; judgements that match no
    quote of the stored article are left out."""
    examples: list[dict[str, Any]] = []
    judgements = list_judgements(connection)
    by_source: dict[str, list[QuoteJudgementRecord]] = {}
    for judgement in active(judgements):
        by_source.setdefault(judgement.source, []).append(judgement)
    for source, judged in by_source.items():
        article = connection.execute(
            select(articles.c.id, articles.c.text, articles.c.lang, articles.c.date_value)
            .where(articles.c.source == source)
            .order_by(articles.c.ingested_at.desc())
        ).first()
        if article is None:
            continue
        rows = [dict(r._mapping) for r in connection.execute(_quotes_of(article.id))]
        people = {
            n.casefold()
            for r in connection.execute(
                select(entities.c.name, entities.c.aliases).where(
                    entities.c.article_id == article.id, entities.c.type == "PER"
                )
            )
            for n in [r.name, *r.aliases]
        }
        for judgement in judged:
            machine = _machine(connection, judgement.id)
            found = machine if judgement.action == "not_quote" else locate(
                rows, judgement.start, judgement.end, judgement.text
            )
            if found is None or (machine is not None and machine.get("article_id") != article.id):
                continue
            speaker = judgement.speaker if judgement.action == "speaker" else None
            examples.append({
                "judgement": judgement.id, "article_id": article.id, "source": source, "lang": article.lang,
                "date": article.date_value, "article_text": article.text, "start": found["start"],
                "end": found["end"], "quote": found["text"], "quote_kind": found["kind"],
                "kind": judgement.action, "speaker": speaker,
                "speaker_is_person": speaker is not None and speaker.casefold() in people,
            })
    return examples
