"""Corpus records on the command line: dates not understood, field names and presets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsgraph.cli import main


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


def write_jsonl(path: Path, *records: dict[str, object]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def test_extract_keeps_an_article_whose_date_is_not_understood(runner: CliRunner, tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "corpus.jsonl",
        {"text": "La maire de Nantes a inauguré un pont jeudi.", "date": "13 septembre 2023"},
        {"text": "Le conseil municipal a voté le budget.", "date": "au printemps dernier"},
    )
    result = runner.invoke(main, ["extract", str(path)])
    assert result.exit_code == 0, result.output
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    assert first["date"] == {"value": "2023-09-13", "precision": "day"}
    assert second["date"] is None and second["text"] == "Le conseil municipal a voté le budget."
    note = "date not understood, article kept without a date: 'au printemps dernier'"
    assert note in second["notes"]
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert warnings == [f"warning: {path}:2: {note}"]
