"""The CLI as a user drives it: extract as a filter, ingest with bad inputs, search, show."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsgraph.cli import main
from newsgraph.model import Article

FRENCH = (
    "date 2024-05-02\n"
    "Le ministre Jean Castex a rencontré jeudi la maire de Lyon, Marie Durand. "
    "Castex a salué un accord utile.\n"
)


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


def test_extract_reads_stdin_and_prints_the_contract(runner: CliRunner) -> None:
    result = runner.invoke(main, ["extract", "-"], input=FRENCH.encode("utf-8"))
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert len(lines) == 1
    data = json.loads(lines[0])
    article = Article.from_dict(data)  # validates offsets and types
    assert article.date is not None and article.date.to_dict() == {"value": "2024-05-02", "precision": "day"}
    assert article.lang == "fr"
    assert not article.text.startswith("date")
    assert {"Jean Castex", "Marie Durand"} <= {e.name for e in article.entities if e.type == "PER"}
    for key in ("quotes", "events", "times"):
        assert isinstance(data[key], list)


def test_extract_month_only_header_on_the_first_sentence_line(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "seedlike.txt"
    path.write_text(" date 2023-09 Lorsque le président Emmanuel Macron a parlé, tout a changé.\n")
    result = runner.invoke(main, ["extract", str(path)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["date"] == {"value": "2023-09", "precision": "month"}
    assert data["text"].startswith("Lorsque")


def test_extract_reports_bad_files_and_keeps_the_good_ones(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(FRENCH, encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "bad_date.txt").write_text("date 2023-13-45\nTexte.", encoding="utf-8")
    result = runner.invoke(main, ["extract", str(tmp_path), str(tmp_path / "missing.txt")])
    assert result.exit_code == 1
    assert len([line for line in result.stdout.splitlines() if line.startswith("{")]) == 1
    assert "empty.txt" in result.stderr and "bad_date.txt" in result.stderr
    assert "missing.txt" in result.stderr
    assert "Traceback" not in result.output


def test_unsupported_language_is_kept_with_a_note(runner: CliRunner) -> None:
    german = "Der Bundeskanzler hat heute in Berlin eine wichtige Rede über die Wirtschaft gehalten."
    result = runner.invoke(main, ["extract", "-"], input=german.encode())
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["lang"] == "de"
    assert data["entities"] == []
    assert any("unsupported language" in note for note in data["notes"])


def test_ingest_is_idempotent_and_the_store_answers(runner: CliRunner, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(FRENCH, encoding="utf-8")
    (corpus / "broken.txt").write_bytes(b"\x00\x01\x02binary\x00")
    db = str(tmp_path / "store.sqlite")
    first = runner.invoke(main, ["ingest", str(corpus), "--db", db])
    assert first.exit_code == 1  # the broken file failed
    assert "ingested 1, updated 0, unchanged 0, failed 1" in first.stderr
    assert "broken.txt" in first.stderr
    second = runner.invoke(main, ["ingest", str(corpus / "a.txt"), "--db", db])
    assert second.exit_code == 0, second.output
    assert "ingested 0, updated 0, unchanged 1, failed 0" in second.stderr

    found = runner.invoke(main, ["search", "accord", "--db", db])
    # titled by its first sentence, not its path
    assert found.exit_code == 0 and "Le ministre Jean Castex" in found.stdout
    people = runner.invoke(main, ["entities", "--type", "PER", "--db", db])
    assert "Jean Castex" in people.stdout
    shown = runner.invoke(main, ["show", str(corpus / "a.txt"), "--db", db])
    assert shown.exit_code == 0, shown.output
    assert "Castex a salué" in shown.stdout


def test_a_file_given_as_database_is_a_clear_error(runner: CliRunner, tmp_path: Path) -> None:
    not_a_db = tmp_path / "notes.txt"
    not_a_db.write_text("these are notes, not a database\n" * 20)
    result = runner.invoke(main, ["entities", "--db", str(not_a_db)])
    assert result.exit_code == 2
    assert "notes.txt" in result.stderr
    assert "Traceback" not in result.output


def test_evaluate_prints_people_scores(runner: CliRunner, dev_dir: Path) -> None:
    result = runner.invoke(main, ["evaluate", str(dev_dir), "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert scores["articles"] == len(list(dev_dir.glob("*.gold.json")))
    gates = json.loads((Path(__file__).with_name("quality_gates.json")).read_text("utf-8"))["people"]
    assert scores["people"]["precision"] >= gates["precision"]
    assert scores["people"]["recall"] >= gates["recall"]


def test_quotes_by_speaker_in_another_spelling_and_about(runner: CliRunner, tmp_path: Path) -> None:
    text = (
        "date 2024-03-05\n"
        "Vladimir Poutine recevait mardi le ministre Paul Grant à Moscou. "
        "« Les échanges avec Norvex restent essentiels », a déclaré Poutine.\n"
    )
    path = tmp_path / "a.txt"
    path.write_text(text, encoding="utf-8")
    db = str(tmp_path / "store.sqlite")
    assert runner.invoke(main, ["ingest", str(path), "--db", db]).exit_code == 0
    result = runner.invoke(main, ["quotes", "--speaker", "Putin", "--db", db, "--jsonl"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows and all(r["speaker"]["name"] == "Vladimir Poutine" for r in rows)
    assert any("échanges" in r["text"] for r in rows)
    later = runner.invoke(main, ["quotes", "--speaker", "Putin", "--since", "2025", "--db", db, "--jsonl"])
    assert later.exit_code == 0 and later.stdout.strip() == ""


def test_doubtful_decoding_is_reported_on_the_console(runner: CliRunner, tmp_path: Path) -> None:
    garbled = tmp_path / "garbled.txt"
    garbled.write_bytes(FRENCH.encode() + b"\xff\xfe\xfd" + b"Fin de l'article.")
    legacy = tmp_path / "legacy.txt"
    legacy.write_bytes("Le ministre a parlé à l'Élysée mardi.".encode("cp1252"))
    result = runner.invoke(main, ["extract", str(garbled), str(legacy)])
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1 and "garbled.txt" in warnings[0]
    assert warnings[0].endswith("the text may be garbled")
    notes = [json.loads(line)["notes"] for line in result.stdout.splitlines()]
    assert any(note.endswith("the text may be garbled") for note in notes[0])  # and in the article


def test_special_files_are_reported_and_links_followed_on_request(runner: CliRunner, tmp_path: Path) -> None:
    import contextlib
    import os
    import threading

    corpus, outside = tmp_path / "corpus", tmp_path / "outside"
    corpus.mkdir()
    outside.mkdir()
    (corpus / "a.txt").write_text(FRENCH, encoding="utf-8")
    (outside / "b.txt").write_text(FRENCH.replace("Lyon", "Nantes"), encoding="utf-8")
    os.mkfifo(corpus / "pipe.txt")
    (corpus / "link.txt").symlink_to(outside / "b.txt")

    def unblock() -> None:  # if the pipe was opened (the bug), a writer lets the test fail
        with contextlib.suppress(OSError):
            os.close(os.open(corpus / "pipe.txt", os.O_WRONLY | os.O_NONBLOCK))

    watchdog = threading.Timer(30, unblock)
    watchdog.start()
    try:
        result = runner.invoke(main, ["extract", str(corpus)])
    finally:
        watchdog.cancel()
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 1
    failed = [line for line in result.stderr.splitlines() if line.startswith("failed:")]
    assert len(failed) == 2
    assert "pipe.txt: not a regular file (named pipe)" in failed[1]
    assert "link.txt: symbolic link to a file outside" in failed[0]
    followed = runner.invoke(main, ["extract", str(corpus), "--follow-symlinks"])
    assert followed.exit_code == 1  # the pipe still
    assert len(followed.stdout.splitlines()) == 2 and "Nantes" in followed.stdout


READ_COMMANDS = [
    ["search", "macron"], ["show", "a_0000"], ["quotes"], ["entities"], ["events"], ["timeline", "Macron"],
    ["export", "jsonl", "-o", "-"], ["export", "csv", "--table", "entities", "-o", "-"],
    ["stats", "quoted"], ["stats", "network"], ["resolve"], ["entity", "judgements"],
    ["entity", "show", "Macron"], ["entity", "merge", "Kim Jong-un", "Kim"], ["optimize"], ["serve"],
]


@pytest.mark.parametrize("command", READ_COMMANDS, ids=lambda command: " ".join(command[:2]))
def test_a_read_command_on_a_missing_store_fails_and_creates_nothing(
    command: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: pytest.fail("served a missing store"))
    missing = tmp_path / "typo.sqlite"
    result = CliRunner().invoke(main, [*command, "--db", str(missing)])
    assert result.exit_code == 2, result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: no store at") and str(missing) in lines[0], lines
    assert not missing.exists() and list(tmp_path.iterdir()) == []


def test_ingest_still_creates_its_store(tmp_path: Path) -> None:
    db = tmp_path / "new.sqlite"
    article = tmp_path / "a.txt"
    article.write_text(FRENCH, encoding="utf-8")
    result = CliRunner().invoke(main, ["ingest", str(article), "--db", str(db), "--no-resolve"])
    assert result.exit_code == 0, result.output
    assert db.exists()
    assert CliRunner().invoke(main, ["search", "Castex", "--db", str(db)]).exit_code == 0
