"""Exports read back with their ecosystem's own readers (json, csv, pyarrow)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from export_corpus import build_store, corpus

from newsgraph.errors import ConfigError, ModelError
from newsgraph.export.jsonl import write_jsonl
from newsgraph.export.select import Selection, iter_articles
from newsgraph.export.tables import (
    EXPORT_SCHEMAS,
    EXPORT_TABLES,
    write_csv_table,
    write_csv_tables,
    write_parquet_table,
    write_parquet_tables,
)
from newsgraph.model import Article


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    return build_store(tmp_path_factory.mktemp("store"))


def ids(db: str, **selection: object) -> list[str]:
    return [a.id for a in iter_articles(db, Selection(**selection))]  # type: ignore[arg-type]


def test_selection_streams_every_article_as_saved(db: str) -> None:
    loaded = {a.id: a.to_dict() for a in iter_articles(db)}
    assert loaded == {a.id: a.to_dict() for a in corpus()}


def test_selection_filters(db: str) -> None:
    assert ids(db, lang="en") == ["a_interview"]
    assert ids(db, outlet="Le Quotidien") == ["a_protest", "a_summit"]
    assert ids(db, since="2023-10") == ["a_protest"]
    assert ids(db, until="2023-09") == ["a_interview", "a_summit"]  # "2023" sorts before "2023-09"
    assert ids(db, query="Berlin") and set(ids(db, query="Berlin")) == {"a_summit", "a_interview"}
    assert ids(db, query="Berlin", lang="fr") == ["a_summit"]
    assert len(ids(db, limit=2)) == 2


def test_selection_pages_through_more_than_one_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import newsgraph.export.select as select_module

    monkeypatch.setattr(select_module, "PAGE_SIZE", 2)
    db = build_store(tmp_path)
    assert ids(db) == ["a_interview", "a_protest", "a_summit"]


def test_selection_refuses_bad_dates_and_memory_stores() -> None:
    with pytest.raises(ModelError):
        Selection(since="2023-13")
    with pytest.raises(ConfigError):
        list(iter_articles(":memory:"))


def test_jsonl_is_the_extract_contract(db: str) -> None:
    out = io.StringIO()
    assert write_jsonl(iter_articles(db), out) == 3
    lines = out.getvalue().splitlines()
    assert [Article.from_dict(json.loads(line)).to_dict() for line in lines] == [
        a.to_dict() for a in sorted(corpus(), key=lambda a: a.id)
    ]


def test_parquet_tables_read_back_with_pyarrow(tmp_path: Path) -> None:
    counts = write_parquet_tables(corpus(), tmp_path)
    assert counts["articles"] == 3 and counts["quotes"] == 6 and counts["events"] == 4
    for name in EXPORT_TABLES:
        table = pq.read_table(tmp_path / f"{name}.parquet")
        assert table.schema.equals(EXPORT_SCHEMAS[name]), name
        assert table.num_rows == counts[name]
    quotes = pq.read_table(tmp_path / "quotes.parquet").to_pylist()
    assert [q["speaker_name"] for q in quotes if q["article_id"] == "a_summit"] == [
        "Anne Martin", "Olaf Scholz", "OTAN",
    ]
    events = pq.read_table(tmp_path / "events.parquet").to_pylist()
    assert events[0]["source"] == [{"entity_id": "e1", "name": "Emmanuel Macron"}]


def test_parquet_single_table_to_a_stream() -> None:
    out = io.BytesIO()
    assert write_parquet_table(corpus(), "entities", out) == 10
    table = pq.read_table(io.BytesIO(out.getvalue()))
    assert table.column("name").to_pylist()[:2] == ["Emmanuel Macron", "Olaf Scholz"]


def test_csv_tables_read_back_with_the_csv_module(tmp_path: Path) -> None:
    counts = write_csv_tables(corpus(), tmp_path)
    for name in EXPORT_TABLES:
        with open(tmp_path / f"{name}.csv", newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            rows = list(reader)
        assert len(rows) == counts[name]
        assert reader.fieldnames == EXPORT_SCHEMAS[name].names
    with open(tmp_path / "articles.csv", newline="", encoding="utf-8") as handle:
        articles = list(csv.DictReader(handle))
    summit = next(a for a in articles if a["id"] == "a_summit")
    assert "\t" in summit["text"]  # the text survives quoting intact
    assert summit["text"] == corpus()[0].text
    with open(tmp_path / "events.csv", newline="", encoding="utf-8") as handle:
        event = next(csv.DictReader(handle))
    assert json.loads(event["source"]) == [{"entity_id": "e1", "name": "Emmanuel Macron"}]


def test_csv_single_table_streams(tmp_path: Path) -> None:
    out = io.StringIO()
    assert write_csv_table(corpus(), "quotes", out) == 6
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [r["speaker_name"] for r in rows] == [
        "Anne Martin", "Olaf Scholz", "OTAN", "syndicalistes", "", "Anne Martin",
    ]
