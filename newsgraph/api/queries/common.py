"""Shared pieces of the API's read queries: page bounds, entity keys, date ranges."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    and_,
    func,
    select,
)

MAX_PAGE = 200  # no page is longer than this
MAX_GRAPH_NODES = 100
MAX_LIST_ITEMS = 30  # aliases / descriptors returned per entity
_DATE_END = "~"  # sorts after every character of a stored date ("-", digits)

Granularity = Literal["year", "month", "day"]
PERIOD_LENGTH: dict[str, int] = {"year": 4, "month": 7, "day": 10}


@dataclass(frozen=True, slots=True)
class EntityKey:
    type: str
    name: str

    @property
    def node_id(self) -> str:
        return f"{self.type}:{self.name}"


def bounded(limit: int) -> int:
    return max(1, min(limit, MAX_PAGE))


def count_rows(connection: Connection, query: Select[Any]) -> int:
    counted = select(func.count()).select_from(query.order_by(None).limit(None).offset(None).subquery())
    return int(connection.scalar(counted) or 0)


def date_range(column: Any, date_from: str | None, date_to: str | None) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if date_from:
        conditions.append(column >= date_from)
    if date_to:
        conditions.append(column <= date_to + _DATE_END)
    return conditions


def is_entity(table: Any, key: EntityKey) -> ColumnElement[bool]:
    return and_(table.c.name == key.name, table.c.type == key.type)


def same_entity(table: Any, article_id: Any, entity_id: Any) -> ColumnElement[bool]:
    """Join condition: ``table`` (an alias of entities) is the entity of that article."""
    return and_(table.c.article_id == article_id, table.c.id == entity_id)


