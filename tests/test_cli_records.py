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


def test_a_date_not_understood_keeps_the_article_and_warns_in_ingest_batch_and_load(
    runner: CliRunner, tmp_path: Path
) -> None:
    """The same record through `ingest`, and through `batch` then `load`: a `warning:` line
    naming PATH:LINE and the value, the article stored undated with the note."""
    from newsgraph.store import Store

    path = write_jsonl(
        tmp_path / "corpus.jsonl",
        {"text": "La maire de Nantes a inauguré un pont jeudi.", "date": "13 septembre 2023"},
        {"text": "Le conseil municipal a voté le budget.", "date": "au printemps dernier"},
    )
    note = "date not understood, article kept without a date: 'au printemps dernier'"

    def warnings(result: object) -> list[str]:
        return [line for line in result.stderr.splitlines() if line.startswith("warning:")]  # type: ignore[attr-defined]

    def stored_undated(db: str) -> None:
        with Store.open(db) as store:
            [summary] = store.find_articles(f"{path}:2")
            article = store.get_article(summary.id)
            assert article is not None and article.date is None and note in article.notes
            [dated] = store.find_articles(f"{path}:1")
            assert dated.date is not None and dated.date.value == "2023-09-13"

    ingested = runner.invoke(main, ["ingest", str(path), "--db", str(tmp_path / "i.sqlite"), "--no-resolve"])
    assert ingested.exit_code == 0, ingested.output
    assert warnings(ingested) == [f"warning: {path}:2: {note}"]
    stored_undated(str(tmp_path / "i.sqlite"))

    out = tmp_path / "out"
    batched = runner.invoke(main, ["batch", str(path), "--out", str(out), "--workers", "1"])
    assert batched.exit_code == 0, batched.output
    assert warnings(batched) == [f"warning: {path}:2: {note}"]
    loaded = runner.invoke(main, ["load", str(out), "--db", str(tmp_path / "l.sqlite"), "--no-resolve"])
    assert loaded.exit_code == 0, loaded.output
    stored_undated(str(tmp_path / "l.sqlite"))


def test_batch_warns_of_the_first_notes_of_each_partition_and_counts_the_rest(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import newsgraph.batch
    from newsgraph.batch.run import BatchSummary, PartitionResult

    out = tmp_path / "out"
    lines = tuple(f"c.jsonl:{n}: date not understood, article kept without a date: 'x'" for n in (1, 2))
    summary = BatchSummary(out, partitions=2, done=[
        PartitionResult("p_b", 1, 30, 0, 1.0, 0, "w", warnings=lines[1:], warning_count=25),
        PartitionResult("p_a", 0, 30, 0, 1.0, 0, "w", warnings=lines[:1], warning_count=1),
    ])
    monkeypatch.setattr(newsgraph.batch, "run_batch", lambda *_args, **_options: summary)
    result = runner.invoke(main, ["batch", str(tmp_path / "c.jsonl"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    warned = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert warned == [f"warning: {line}" for line in lines] + [
        f"warning: 24 more articles with such a note (the notes column of {out / 'articles'})"]
