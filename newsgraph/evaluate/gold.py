"""Reading a gold directory: ``NAME.txt`` (``date`` header + body) beside ``NAME.gold.json``."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsgraph.errors import InputError
from newsgraph.ingest.header import HeaderError, split_header
from newsgraph.model import DateValue


@dataclass(frozen=True, slots=True)
class GoldArticle:
    name: str
    path: Path
    body: str
    date: DateValue | None
    gold: dict[str, Any]


def load_gold_dir(directory: Path) -> list[GoldArticle]:
    """Every ``NAME.txt`` with a ``NAME.gold.json`` beside it, sorted by name."""
    if not directory.is_dir():
        raise InputError(str(directory), "not a directory of gold articles")
    articles = [_load_one(path) for path in sorted(directory.glob("*.gold.json"))]
    if not articles:
        raise InputError(str(directory), "no NAME.gold.json files found")
    return articles


def _load_one(gold_path: Path) -> GoldArticle:
    name = gold_path.name.removesuffix(".gold.json")
    text_path = gold_path.with_name(f"{name}.txt")
    if not text_path.is_file():
        raise InputError(str(gold_path), f"no article text {text_path.name} beside it")
    try:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        date, body = split_header(text_path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError, HeaderError) as exc:
        raise InputError(str(gold_path), f"unreadable gold file: {exc}") from exc
    if not isinstance(gold, dict):
        raise InputError(str(gold_path), "a gold file must hold a JSON object")
    return GoldArticle(name=name, path=text_path, body=body, date=date, gold=gold)
