"""``newsgraph resolve`` and ``newsgraph entity merge|split|rename|undo|judgements|show``.

Wired into the main command by ``newsgraph.cli``::

    main.add_command(resolve)
    main.add_command(entity)

Domain errors propagate as :class:`~newsgraph.errors.NewsgraphError` and are reported by
the main group.  ``--db`` takes a SQLite path or a URL (``postgresql://user@host/db``).
"""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import Any

import click

from newsgraph.store import open_store

DB_HELP = "Store: a SQLite file or a URL such as postgresql://user@host/db (default $NEWSGRAPH_DB)."




def _author(author: str | None) -> str:
    if author:
        return author
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


db_option = click.option("--db", default=None, help=DB_HELP)
author_option = click.option("--author", default=None, help="Who decides (default: the login name).")
note_option = click.option("--note", default=None, help="Why (kept with the judgement).")


@click.command()
@db_option
@click.option(
    "--aliases",
    "alias_files",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="User alias file: CSV name,alias[,type[,id]] or FollowTheMoney JSON lines (repeatable).",
)
def resolve(db: str | None, alias_files: tuple[Path, ...]) -> None:
    """Recompute entities across articles and languages (judgements re-applied)."""
    from newsgraph.cli import resolve_with_progress

    with open_store(db, create=False) as store:
        report = resolve_with_progress(store, alias_files=alias_files)
    click.echo(
        f"{report.records} names -> {report.entities} entities; "
        f"{len(report.applied)} judgement(s) applied, {len(report.stale)} matched nothing"
    )
    if report.stale:
        click.echo(f"judgements that matched nothing: {', '.join(map(str, report.stale))}")


@click.group()
def entity() -> None:
    """Look at and correct entities across articles (corrections are judgements)."""


@entity.command()
@click.argument("keep")
@click.argument("other")
@db_option
@author_option
@note_option
def merge(keep: str, other: str, db: str | None, author: str | None, note: str | None) -> None:
    """OTHER is the same entity as KEEP (each an id, a name or an alias)."""
    from newsgraph.resolve.run import find_entity
    from newsgraph.resolve.run import merge as merge_entities

    with open_store(db, create=False) as store:
        kept = find_entity(store, keep)
        judgement = merge_entities(store, kept.id, other, author=_author(author), note=note)
        _report(store, judgement, kept.id)


@entity.command()
@click.argument("entity_ref", metavar="ENTITY")
@click.argument("names", nargs=-1, required=True)
@db_option
@author_option
@note_option
def split(
    entity_ref: str, names: tuple[str, ...], db: str | None, author: str | None, note: str | None
) -> None:
    """NAMES (as written in articles) are not ENTITY: they become an entity of their own."""
    from newsgraph.resolve.run import split as split_entity

    with open_store(db, create=False) as store:
        judgement = split_entity(store, entity_ref, list(names), author=_author(author), note=note)
        _report(store, judgement, entity_ref)


@entity.command()
@click.argument("entity_ref", metavar="ENTITY")
@click.argument("new_name")
@db_option
@author_option
@note_option
def rename(entity_ref: str, new_name: str, db: str | None, author: str | None, note: str | None) -> None:
    """Display ENTITY as NEW_NAME."""
    from newsgraph.resolve.run import rename as rename_entity

    with open_store(db, create=False) as store:
        judgement = rename_entity(store, entity_ref, new_name, author=_author(author), note=note)
        _report(store, judgement, new_name)


@entity.command()
@click.argument("judgement_id", type=int)
@db_option
@author_option
@note_option
def undo(judgement_id: int, db: str | None, author: str | None, note: str | None) -> None:
    """Reverse judgement JUDGEMENT_ID (see `newsgraph entity judgements`)."""
    from newsgraph.resolve.run import undo as undo_judgement

    with open_store(db, create=False) as store:
        judgement = undo_judgement(store, judgement_id, author=_author(author), note=note)
    click.echo(f"judgement {judgement}: undid judgement {judgement_id}")


@entity.command()
@db_option
def judgements(db: str | None) -> None:
    """List every judgement, oldest first."""
    with open_store(db, create=False) as store:
        for j in store.judgements():
            target = f" -> {j.object}" if j.object else ""
            click.echo(f"{j.id}\t{j.created_at:%Y-%m-%d %H:%M}\t{j.author}\t{j.action}\t{j.subject}{target}")


@entity.command()
@click.argument("entity_ref", metavar="ENTITY")
@db_option
def show(entity_ref: str, db: str | None) -> None:
    """An entity: names, descriptors, counts, neighbours."""
    from newsgraph.resolve.run import find_entity

    with open_store(db, create=False) as store:
        found = find_entity(store, entity_ref)
        click.echo(f"{found.id}\t{found.name} ({found.type})\t{found.article_count} articles")
        click.echo(f"aliases: {', '.join(found.aliases[:20])}")
        click.echo(f"descriptors: {', '.join(found.descriptors[:10])}")
        for neighbour in store.entity_neighbours(found.id, limit=10):
            click.echo(f"  {neighbour.kind}\t{neighbour.weight}\t{neighbour.name}")


def _report(store: Any, judgement: int, ref: str) -> None:
    from newsgraph.resolve.run import find_entity

    found = find_entity(store, ref)
    click.echo(
        f"judgement {judgement}: {found.id} {found.name} ({found.type}), {found.article_count} articles"
    )
