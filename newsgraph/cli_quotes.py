"""``newsgraph quote speaker|not-quote|undo|judgements|export``: correcting quotes.

Wired into the main command lazily (``LAZY_COMMANDS`` in ``newsgraph.cli``).  A
correction is a quote judgement (``newsgraph.store.quote_judgements``): recorded once,
applied to the quote at once and again whenever the article is re-analysed, reversible
with ``undo``; ``export`` writes them as training examples for
``newsgraph train attribution --with-corrections FILE`` (docs/quotes.md).
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from newsgraph.cli_entities import _author, author_option, db_option, note_option
from newsgraph.errors import NewsgraphError
from newsgraph.store import Store, open_store


class QuoteCorrectionError(NewsgraphError):
    """A quote or judgement that does not exist."""


@click.group()
def quote() -> None:
    """Correct quotes: fix a speaker, mark a span as not a quote, undo, export."""


def _judge(db: str | None, article_id: str, quote_id: str, action: str, speaker: str | None,
           author: str | None, note: str | None) -> None:
    with open_store(db, create=False) as store:
        try:
            judgement = store.judge_quote(
                article_id, quote_id, action=action, speaker=speaker, author=_author(author), note=note
            )
        except KeyError:
            raise QuoteCorrectionError(
                f"no quote {quote_id!r} in article {article_id!r} (see `newsgraph show {article_id}`)"
            ) from None
        except ValueError as exc:
            raise QuoteCorrectionError(str(exc)) from None
        click.echo(f"judgement {judgement}: {_describe(store, judgement)}")


def _describe(store: Store, judgement_id: int) -> str:
    judgement = next(j for j in store.quote_judgements() if j.id == judgement_id)
    said = f"said by {judgement.speaker}" if judgement.action == "speaker" else "not a quote"
    return f"{judgement.text[:60]!r} ({judgement.source}, {judgement.start}-{judgement.end}) {said}"


@quote.command()
@click.argument("article_id")
@click.argument("quote_id")
@click.argument("speaker")
@db_option
@author_option
@note_option
def speaker(article_id: str, quote_id: str, speaker: str, db: str | None, author: str | None,
            note: str | None) -> None:
    """Quote QUOTE_ID of ARTICLE_ID was said by SPEAKER (a name)."""
    _judge(db, article_id, quote_id, "speaker", speaker, author, note)


@quote.command("not-quote")
@click.argument("article_id")
@click.argument("quote_id")
@db_option
@author_option
@note_option
def not_quote(article_id: str, quote_id: str, db: str | None, author: str | None, note: str | None) -> None:
    """Quote QUOTE_ID of ARTICLE_ID is not a quote (it is removed, now and after re-analysis)."""
    _judge(db, article_id, quote_id, "not_quote", None, author, note)


@quote.command()
@click.argument("judgement_id", type=int)
@db_option
@author_option
@note_option
def undo(judgement_id: int, db: str | None, author: str | None, note: str | None) -> None:
    """Reverse quote judgement JUDGEMENT_ID (an undo of an undo restores it)."""
    with open_store(db, create=False) as store:
        try:
            judgement = store.undo_quote_judgement(judgement_id, author=_author(author), note=note)
        except KeyError:
            raise QuoteCorrectionError(f"no quote judgement {judgement_id}") from None
    click.echo(f"judgement {judgement}: undid quote judgement {judgement_id}")


@quote.command()
@db_option
def judgements(db: str | None) -> None:
    """List every quote judgement, oldest first: id, date, author, action, source, span, speaker."""
    with open_store(db, create=False) as store:
        for j in store.quote_judgements():
            what = j.speaker or ""
            click.echo(
                f"{j.id}\t{j.created_at:%Y-%m-%d %H:%M}\t{j.author}\t{j.action}\t{j.source}\t"
                f"{j.start}-{j.end}\t{what}"
            )


@quote.command("export")
@click.argument("out", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@db_option
def export_corrections(out: Path, db: str | None) -> None:
    """Write the active quote corrections to OUT as JSON lines (training examples)."""
    with open_store(db, create=False) as store:
        examples = store.quote_training_examples()
    with out.open("w", encoding="utf-8") as handle:
        for example in examples:
            handle.write(json.dumps(example, ensure_ascii=False) + "\n")
    click.echo(f"wrote {len(examples)} quote correction(s) to {out}", err=True)
