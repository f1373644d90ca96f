"""Who says a quote, in SQL: the people a joint speaker names (``Article.speakers_of``).

A quote said by "Daniel Fortier and Claire Benoit" has a speaker with no entity of its own
(how ``group``) whose span holds the mentions of two or more people: each of them says it.
Resolution's ``entity_quotes`` (role ``by``) and the statistics (``newsgraph.analysis.
stored``, ``/api/graph``) read the people from this one definition.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import FromClause, Subquery, and_, func, select

from newsgraph.store.schema import entities, mentions, quotes


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
