"""Corpus records on the command line: dates not understood, field names and presets."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsgraph.cli import main


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


def write_jsonl(path: Path, *records: Mapping[str, object]) -> Path:
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


NEWS_PLEASE = {
    "authors": ["Claire Martin"], "date_publish": "2024-03-01 17:40:00", "date_modify": None,
    "language": "fr", "maintext": "Le conseil régional a adopté son budget vendredi à Rennes.",
    "source_domain": "quotidien.example", "text": None, "title": "Le budget adopté",
    "url": "https://quotidien.example/budget",
}


def test_extract_with_the_news_please_preset(runner: CliRunner, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "ccnews.jsonl", NEWS_PLEASE)
    assert runner.invoke(main, ["extract", str(path)]).exit_code == 1  # "text" is null
    result = runner.invoke(main, ["extract", str(path), "--preset", "news-please"])
    assert result.exit_code == 0, result.output
    article = json.loads(result.stdout)
    assert article["text"] == NEWS_PLEASE["maintext"]
    assert article["date"] == {"value": "2024-03-01", "precision": "day"}
    assert (article["outlet"], article["author"], article["url"]) == (
        "quotidien.example", "Claire Martin", "https://quotidien.example/budget",
    )


def test_extract_with_field_names(runner: CliRunner, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "c.jsonl", NEWS_PLEASE)
    result = runner.invoke(
        main, ["extract", str(path), "--field", "text=maintext", "--field", "date=date_publish"]
    )
    assert result.exit_code == 0, result.output
    article = json.loads(result.stdout)
    assert (article["text"], article["date"]["value"]) == (NEWS_PLEASE["maintext"], "2024-03-01")


@pytest.mark.parametrize("command", ["extract", "ingest", "batch"])
@pytest.mark.parametrize(
    ("option", "message"),
    [
        (["--field", "texte=maintext"], "unknown record field 'texte'"),
        (["--field", "maintext"], "'maintext' is not WHAT=FIELD"),
        (["--preset", "cc-news"], "unknown record preset 'cc-news' (known: news-please, trafilatura)"),
    ],
)
def test_unknown_field_or_preset_is_a_usage_error(
    runner: CliRunner, tmp_path: Path, command: str, option: list[str], message: str
) -> None:
    path = write_jsonl(tmp_path / "c.jsonl", NEWS_PLEASE)
    extra = {
        "extract": [],
        "ingest": ["--db", str(tmp_path / "s.sqlite")],
        "batch": ["--out", str(tmp_path / "out")],
    }[command]
    result = runner.invoke(main, [command, str(path), *option, *extra])
    assert result.exit_code == 2
    assert message in result.stderr and "Traceback" not in result.output
    assert not (tmp_path / "s.sqlite").exists() and not (tmp_path / "out").exists()


def test_batch_reads_records_with_the_fields_asked(runner: CliRunner, tmp_path: Path) -> None:
    from newsgraph.batch.partitions import JsonlSlice
    from newsgraph.batch.run import ReadSettings, read_item
    from newsgraph.ingest import RecordFields, SourceDocument

    path = write_jsonl(tmp_path / "ccnews.jsonl", NEWS_PLEASE, NEWS_PLEASE)
    settings = ReadSettings(max_bytes=10_000, fields=RecordFields.preset("news-please"))
    second_line = len((json.dumps(NEWS_PLEASE, ensure_ascii=False) + "\n").encode())
    [document] = read_item(JsonlSlice(str(path), second_line, 2, 1), settings)
    assert isinstance(document, SourceDocument)
    assert (document.source, document.text) == (f"{path}:2", NEWS_PLEASE["maintext"])
    assert document.author == "Claire Martin"


def test_batch_command_passes_the_fields_on(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import newsgraph.batch
    from newsgraph.ingest import RecordFields

    seen: dict[str, object] = {}

    def fake_run_batch(*_args: object, **options: object) -> object:
        seen.update(options)
        raise SystemExit(0)

    monkeypatch.setattr(newsgraph.batch, "run_batch", fake_run_batch)
    path = write_jsonl(tmp_path / "c.jsonl", NEWS_PLEASE)
    result = runner.invoke(
        main, ["batch", str(path), "--out", str(tmp_path / "out"), "--preset", "trafilatura",
               "--field", "outlet=source_domain"],
    )
    assert result.exit_code == 0, result.output
    expected = RecordFields.configured(preset="trafilatura", names=[("outlet", "source_domain")])
    assert seen["fields"] == expected
