"""Who says a quote, in SQL: the people a joint speaker names (``Article.speakers_of``).

A quote said by "Daniel Fortier and Claire Benoit" has a speaker with no entity of its own
(how ``group``) whose span holds the mentions of two or more people: each of them says it.
Resolution's ``entity_quotes`` (role ``by``) and the statistics (``newsgraph.analysis.
stored``, ``/api/graph``) read the people from this one definition.

``quote_sources`` stores who says each quote as the statistics count it (the kind and node
of ``keys.source_of``, or each of ``keys.joint_sources``): :func:`refresh_quote_sources`
rewrites it from the quotes, entities and links, in the transaction that changes them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import (
    Connection,
    FromClause,
    Subquery,
    Table,
    and_,
    case,
    delete,
    func,
    insert,
    literal,
    select,
    tuple_,
)
from sqlalchemy.dialects.postgresql import insert as postgres_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from newsgraph.store.rows import chunked
from newsgraph.store.schema import corpus_entities, entities, entity_links, mentions, quote_sources, quotes


def joint_speakers(articles: FromClause | None = None, *, within: Any = None) -> Subquery:
    """(``article_id``, ``quote_id``, ``entity_id``, ``first``) of each person a joint speaker
    names, ``first`` the start of the person's first mention inside the speaker's span (text
    order, as ``Article.speakers_of`` lists them); only the quotes of the articles whose
    ``id`` is in ``articles`` when given, or in ``within`` (a select of article ids)."""
    joined: Any = quotes
    if articles is not None:
        joined = articles.join(quotes, quotes.c.article_id == articles.c.id)
    inside_span = and_(mentions.c.article_id == quotes.c.article_id,
                       mentions.c.start >= quotes.c.speaker_start, mentions.c.end <= quotes.c.speaker_end)
    joined = joined.join(mentions, inside_span).join(
        entities, and_(entities.c.article_id == mentions.c.article_id, entities.c.id == mentions.c.entity_id)
    )
    person = (quotes.c.article_id, quotes.c.id, entities.c.id)
    inside = (
        select(quotes.c.article_id, quotes.c.id.label("quote_id"), entities.c.id.label("entity_id"),
               func.min(mentions.c.start).label("first"),
               func.count().over(partition_by=(quotes.c.article_id, quotes.c.id)).label("people"))
        .select_from(joined)
        # the type through coalesce: SQLite's planner would otherwise start from the index on
        # entities' type (every person of the store) rather than from the few group speakers
        .where(quotes.c.speaker_entity_id.is_(None), quotes.c.speaker_how == "group",
               quotes.c.speaker_start.is_not(None), func.coalesce(entities.c.type, "") == "PER",
               *([] if within is None else [quotes.c.article_id.in_(within)]))
        .group_by(*person)
        .subquery("inside")
    )
    return (
        select(inside.c.article_id, inside.c.quote_id, inside.c.entity_id, inside.c.first)
        .where(inside.c.people >= 2)
        .subquery("joint_speakers")
    )


# --- quote_sources: who says each quote, stored (revision 0014) ------------------------------

SOURCE_COLUMNS = (
    "article_id", "quote_id", "nth", "position", "kind", "node_key", "name", "type", "gazetteer_id",
    "written", "gender",
)
IDS_PER_REFRESH = 500  # articles whose quote sources one statement rewrites


def refresh_quote_sources(connection: Connection, article_ids: Sequence[str] | None = None) -> None:
    """Rewrite the ``quote_sources`` rows of the quotes of ``article_ids`` (of every quote
    when None) from the quotes, entities and links as they are now, in the caller's
    transaction: called when articles are saved, when their quotes are corrected and by
    every resolution (the links, hence the nodes, change)."""
    rewrite(connection, quote_sources, write_quote_sources, article_ids)


Writer = Callable[[Connection, Sequence[str] | None], None]


def rewrite(connection: Connection, table: Table, write: Writer, article_ids: Sequence[str] | None) -> None:
    """Delete the rows of ``table`` of ``article_ids`` (every row when None) and ``write``
    them again, a bounded number of articles at a time."""
    if article_ids is None:
        connection.execute(delete(table))
        write(connection, None)
        return
    for chunk in chunked(sorted(set(article_ids)), IDS_PER_REFRESH):
        connection.execute(delete(table).where(table.c.article_id.in_(chunk)))
        write(connection, chunk)


def write_quote_sources(connection: Connection, article_ids: Sequence[str] | None) -> None:
    """Write the rows of the quotes of ``article_ids`` (every quote when None), replacing
    those there are (:func:`replacing`); rows of quotes gone stay: see the ``DELETE`` of
    :func:`refresh_quote_sources`."""
    for rows in (_single_sources(article_ids), _joint_sources(article_ids)):
        connection.execute(replacing(connection, quote_sources).from_select(SOURCE_COLUMNS, rows))


def replacing(connection: Connection, table: Table) -> Any:
    """``INSERT`` into ``table`` that replaces a row of the same primary key instead of
    failing: on PostgreSQL a save may commit the rows of its articles while a resolution
    rewrites every row (between its ``DELETE`` and its ``INSERT … SELECT``); the resolution's
    row, made from the links it wrote, wins.  (SQLite wants a ``WHERE`` in the ``SELECT``.)"""
    dialect = connection.dialect.name
    if dialect not in ("postgresql", "sqlite"):
        return insert(table)
    statement = postgres_insert(table) if dialect == "postgresql" else sqlite_insert(table)
    keys = [column.name for column in table.primary_key]
    others = [column.name for column in table.columns if column.name not in keys]
    values = {name: statement.excluded[name] for name in others}
    return statement.on_conflict_do_update(index_elements=keys, set_=values)


def with_corpus_entity(entity: Any, on: Any, joined: Any, *, outer: bool) -> tuple[Any, Any]:
    """``joined`` with the entity (``on``), its link and its corpus entity (the entity
    alone with them when ``joined`` is None)."""
    link, corpus = entity_links.alias(f"{entity.name}_link"), corpus_entities.alias(f"{entity.name}_corpus")
    if joined is None:
        joined = entity
    elif outer:
        joined = joined.outerjoin(entity, on)
    else:
        joined = joined.join(entity, on)
    same = and_(link.c.article_id == entity.c.article_id, link.c.entity_id == entity.c.id)
    joined = joined.outerjoin(link, same)
    return joined.outerjoin(corpus, corpus.c.id == link.c.corpus_entity_id), corpus


def entity_node(entity: Any, corpus: Any) -> dict[str, Any]:
    """The speaking entity's node (``keys.entity_key``: its corpus entity's once linked,
    else ``TYPE:name``), its name in the article and its marked gender."""
    node_type = func.coalesce(corpus.c.type, entity.c.type)
    return {
        "kind": case((node_type == "PER", literal("person")), else_=literal("organisation")),
        "node_key": func.coalesce(corpus.c.id, entity.c.type + literal(":") + entity.c.name),
        "name": func.coalesce(corpus.c.name, entity.c.name), "type": node_type,
        "gazetteer_id": corpus.c.gazetteer_id, "written": entity.c.name, "gender": entity.c.gender,
    }


def _single_sources(article_ids: Sequence[str] | None) -> Any:
    """Row ``nth`` 0 of every quote but the joint ones (``keys.source_of``): unattributed
    (no speaker), unnamed (a speaker without an entity of the article), else its entity's node."""
    entity = entities.alias("said")
    on = and_(entity.c.article_id == quotes.c.article_id, entity.c.id == quotes.c.speaker_entity_id,
              quotes.c.speaker_name.is_not(None))
    joined, corpus = with_corpus_entity(entity, on, quotes, outer=True)
    node = entity_node(entity, corpus)
    node["kind"] = case(
        (quotes.c.speaker_name.is_(None), literal("unattributed")),
        (entity.c.id.is_(None), literal("unnamed")), else_=node["kind"],
    )
    node["name"] = case((entity.c.id.is_(None), quotes.c.speaker_name), else_=node["name"])
    joint = joint_speakers(within=article_ids)
    where = [~tuple_(quotes.c.article_id, quotes.c.id).in_(select(joint.c.article_id, joint.c.quote_id))]
    if article_ids is not None:
        where.append(quotes.c.article_id.in_(article_ids))
    columns = [quotes.c.article_id, quotes.c.id, literal(0), quotes.c.position]
    return select(*columns, *(node[c].label(c) for c in SOURCE_COLUMNS[4:])).select_from(joined).where(*where)


def _joint_sources(article_ids: Sequence[str] | None) -> Any:
    """Rows ``nth`` 1, 2… of a joint quote: each node its people are once, the first of its
    entities in text order (``keys.joint_sources``), in that order."""
    people = joint_speakers(within=article_ids)
    entity = entities.alias("person")
    of_quote = and_(quotes.c.article_id == people.c.article_id, quotes.c.id == people.c.quote_id)
    said = people.join(quotes, of_quote)
    on = and_(entity.c.article_id == people.c.article_id, entity.c.id == people.c.entity_id)
    joined, corpus = with_corpus_entity(entity, on, said, outer=False)
    node = entity_node(entity, corpus)
    order = (people.c.first, entity.c.position)
    repeated = func.row_number().over(partition_by=(people.c.article_id, people.c.quote_id, node["node_key"]),
                                      order_by=order)
    ranked = (
        select(people.c.article_id, people.c.quote_id, people.c.first,
               entity.c.position.label("entity_position"), quotes.c.position,
               *(node[c].label(c) for c in SOURCE_COLUMNS[4:]), repeated.label("repeated"))
        .select_from(joined)
        .subquery("joint_people")
    )
    nth = func.row_number().over(partition_by=(ranked.c.article_id, ranked.c.quote_id),
                                 order_by=(ranked.c.first, ranked.c.entity_position))
    return select(ranked.c.article_id, ranked.c.quote_id, nth, ranked.c.position,
                  *(ranked.c[c] for c in SOURCE_COLUMNS[4:])).where(ranked.c.repeated == 1)
