"""JSONL and CSV corpora: one article per record, ``path:LINE`` sources, bad records fail alone."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from newsgraph.errors import ModelError
from newsgraph.ingest import Failure, RecordFields, SourceDocument, iter_documents
from newsgraph.ingest.records import parse_record_date
from newsgraph.model import DateValue


def read_all(path: Path, **options: Any) -> list[SourceDocument | Failure]:
    return list(iter_documents([str(path)], **options))


def jsonl(path: Path, *records: object) -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023-09-13T10:00:00Z", DateValue("2023-09-13", "day")),
        ("2023-09-13 10:00", DateValue("2023-09-13", "day")),
        ("2023-09-13", DateValue("2023-09-13", "day")),
        ("2023-09", DateValue("2023-09", "month")),
        ("2023", DateValue("2023", "year")),
        ("2023/9/3", DateValue("2023-09-03", "day")),
        ("Wed, 13 Sep 2023 10:00:00 GMT", DateValue("2023-09-13", "day")),
        # the date as written, not moved to UTC (it would be the 12th there)
        ("2023-09-13T01:00:00+02:00", DateValue("2023-09-13", "day")),
        ("20230913", DateValue("2023-09-13", "day")),
        # numbers: day first when both orders are possible, month first when it must be
        ("13/09/2023", DateValue("2023-09-13", "day")),
        ("03/04/2023", DateValue("2023-04-03", "day")),
        ("09/13/2023", DateValue("2023-09-13", "day")),
        ("13.09.2023", DateValue("2023-09-13", "day")),
        ("13/09/23", DateValue("2023-09-13", "day")),
        # words, French or English
        ("September 13, 2023", DateValue("2023-09-13", "day")),
        ("Sept. 13, 2023", DateValue("2023-09-13", "day")),
        ("13 septembre 2023", DateValue("2023-09-13", "day")),
        ("mercredi 1er octobre 2025 à 14h32", DateValue("2025-10-01", "day")),
        ("Wednesday, September 13, 2023 10:00 AM", DateValue("2023-09-13", "day")),
        ("septembre 2023", DateValue("2023-09", "month")),
        ("September 2023", DateValue("2023-09", "month")),
        # Unix time (UTC day): seconds, milliseconds, with a fraction
        ("1694599200", DateValue("2023-09-13", "day")),
        ("1694599200000", DateValue("2023-09-13", "day")),
        ("1694599200.25", DateValue("2023-09-13", "day")),
    ],
)
def test_record_dates_keep_their_precision(value: str, expected: DateValue) -> None:
    assert parse_record_date(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "2023-13-45", "2023-02-30", "20231345", "n/a", "x" * 150,
        # nothing relative to today: no relative words, no date without its year
        "yesterday", "hier", "il y a 2 jours", "13 septembre", "Monday",
        # numbers that are neither a compact date nor Unix time in 1990-2099
        "0", "123", "99999999999",
    ],
)
def test_bad_record_dates(value: str) -> None:
    with pytest.raises(ModelError):
        parse_record_date(value)


def test_unreadable_record_date_keeps_the_article_with_a_note(tmp_path: Path) -> None:
    path = jsonl(
        tmp_path / "c.jsonl",
        {"text": "Daté en mots.", "date": "13 septembre 2023"},
        {"text": "Date illisible.", "date": "le lendemain du match"},
        {"text": "Heure Unix.", "date": 1694599200},
        {"text": "Millisecondes.", "date": 1694599200000},
    )
    words, unreadable, seconds, milliseconds = read_all(path)
    assert isinstance(words, SourceDocument) and words.date == DateValue("2023-09-13", "day")
    assert words.notes == []
    assert isinstance(unreadable, SourceDocument)
    assert (unreadable.source, unreadable.text, unreadable.date) == (f"{path}:2", "Date illisible.", None)
    assert unreadable.notes == [
        "date not understood, article kept without a date: 'le lendemain du match'"
    ]
    assert isinstance(seconds, SourceDocument) and seconds.date == DateValue("2023-09-13", "day")
    assert isinstance(milliseconds, SourceDocument)
    assert milliseconds.date == DateValue("2023-09-13", "day")


def test_date_option_replaces_an_unreadable_record_date_and_its_note(tmp_path: Path) -> None:
    path = jsonl(tmp_path / "c.jsonl", {"text": "Date illisible.", "date": "bientôt"})
    [document] = read_all(path, date="2024-01")
    assert isinstance(document, SourceDocument)
    assert (document.date, document.notes) == (DateValue("2024-01", "month"), [])


def test_jsonl_records_with_default_fields(tmp_path: Path) -> None:
    path = jsonl(
        tmp_path / "c.jsonl",
        {"text": "Premier.", "date": "2023-09-13T10:00:00Z", "url": "https://x.test/1",
         "title": "Un", "outlet": "Le Journal", "author": "A. B."},
        {"body": "Deuxième.\r\n\r\nSuite.", "published": "2023-09", "source": "CBC"},
        {"content": "Troisième.", "site": "lemonde.fr"},
    )
    first, second, third = read_all(path)
    assert isinstance(first, SourceDocument)
    assert first.source == f"{path}:1"
    assert (first.text, first.date) == ("Premier.", DateValue("2023-09-13", "day"))
    assert (first.url, first.title, first.outlet, first.author) == (
        "https://x.test/1", "Un", "Le Journal", "A. B.",
    )
    assert isinstance(second, SourceDocument)
    assert (second.text, second.date, second.outlet) == (
        "Deuxième.\n\nSuite.", DateValue("2023-09", "month"), "CBC",
    )
    assert isinstance(third, SourceDocument)
    assert (third.text, third.date, third.outlet) == ("Troisième.", None, "lemonde.fr")


def test_jsonl_bad_records_fail_alone(tmp_path: Path) -> None:
    path = jsonl(
        tmp_path / "c.jsonl",
        {"text": "Bon."},
        "{not json",
        "",
        {"title": "no text"},
        {"text": "Date fausse.", "date": "2023-13-45"},
        "[1, 2]",
        {"text": 42},
        {"text": "   "},
        {"text": "Bon aussi."},
    )
    results = read_all(path)
    summary = [(r.source.rsplit(":", 1)[1], type(r).__name__) for r in results]
    assert summary == [
        ("1", "SourceDocument"), ("2", "Failure"), ("4", "Failure"), ("5", "SourceDocument"),
        ("6", "Failure"), ("7", "Failure"), ("8", "Failure"), ("9", "SourceDocument"),
    ]
    problems = {r.source.rsplit(":", 1)[1]: r.problem for r in results if isinstance(r, Failure)}
    assert problems["2"].startswith("invalid JSON")
    assert problems["4"].startswith("no text")
    assert isinstance(results[3], SourceDocument)
    assert results[3].notes == ["date not understood, article kept without a date: '2023-13-45'"]
    assert "JSON object" in problems["6"]
    assert problems["7"] == "field 'text' is int, not text"
    assert problems["8"] == "no text: fields 'text', 'body', 'content' missing or empty"


def test_jsonl_custom_fields(tmp_path: Path) -> None:
    path = jsonl(tmp_path / "c.ndjson", {"article": "Corps.", "when": "2024-04-30", "text": "x"})
    fields = RecordFields.with_names({"text": "article", "date": "when"})
    [document] = read_all(path, fields=fields)
    assert isinstance(document, SourceDocument)
    assert (document.text, document.date) == ("Corps.", DateValue("2024-04-30", "day"))


def test_unknown_record_field_name() -> None:
    with pytest.raises(ValueError, match="unknown record field 'body'"):
        RecordFields.with_names({"body": "x"})


def test_date_and_lang_options_apply_to_records(tmp_path: Path) -> None:
    path = jsonl(tmp_path / "c.jsonl", {"text": "Un.", "date": "2020", "lang": "en"})
    [document] = read_all(path, date="2023-09", lang="fr")
    assert isinstance(document, SourceDocument)
    assert (document.date, document.lang) == (DateValue("2023-09", "month"), "fr")


def test_jsonl_line_in_cp1252_is_decoded_with_a_note(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_bytes(b'{"text": "Bon."}\n' + '{"text": "Élysée été"}\n'.encode("cp1252"))
    first, second = read_all(path)
    assert isinstance(first, SourceDocument) and first.notes == []
    assert isinstance(second, SourceDocument)
    assert second.text == "Élysée été"
    assert second.notes == ["decoded as cp1252 (not valid UTF-8)"]


def test_record_over_the_size_limit(tmp_path: Path) -> None:
    path = jsonl(tmp_path / "c.jsonl", {"text": "court"}, {"text": "x" * 500})
    first, second = read_all(path, max_bytes=200)
    assert isinstance(first, SourceDocument)
    assert second == Failure(
        f"{path}:2", "record is 513 bytes, over the 200 bytes limit (NEWSGRAPH_MAX_BYTES)"
    )


def test_csv_records(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text(
        "\ufefftitle,date,text,outlet\r\n"
        'Un,2023-09-13,"Premier paragraphe.\r\n\r\nSecond paragraphe.",CBC\r\n'
        "\r\n"
        "Deux,2023-13-45,Date fausse.,CBC\r\n"
        "Trois,,,CBC\r\n"
        'Quatre,2023-09,"Il a dit ""oui"".",\r\n',
        encoding="utf-8",
        newline="",
    )
    results = read_all(path)
    assert [(r.source.rsplit(":", 1)[1], type(r).__name__) for r in results] == [
        ("2", "SourceDocument"), ("6", "SourceDocument"), ("7", "Failure"), ("8", "SourceDocument"),
    ]
    first, bad_date, no_text, last = results
    assert isinstance(first, SourceDocument) and isinstance(last, SourceDocument)
    assert first.text == "Premier paragraphe.\n\nSecond paragraphe."
    assert (first.title, first.date, first.outlet) == ("Un", DateValue("2023-09-13", "day"), "CBC")
    assert isinstance(bad_date, SourceDocument) and (bad_date.text, bad_date.date) == ("Date fausse.", None)
    assert isinstance(no_text, Failure) and no_text.problem.startswith("no text")
    assert (last.text, last.date, last.outlet) == (
        'Il a dit "oui".', DateValue("2023-09", "month"), None,
    )


def test_csv_with_long_article(tmp_path: Path) -> None:
    body = "Une phrase assez longue. " * 10_000  # over csv's default 128 KB field limit
    path = tmp_path / "c.csv"
    path.write_text(f'text\n"{body}"\n', encoding="utf-8")
    [document] = read_all(path)
    assert isinstance(document, SourceDocument)
    assert document.text == body.strip()


def test_csv_bad_line_fails_alone_and_numbers_stay_right(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_bytes(
        b"text,date\n"
        b"Premier.,2023\n"
        b"Cass\x00\x00\x00\xe9,2023\n"
        + "Élysée été,2023-09\n".encode("cp1252")
        + b'"Sur deux\nlignes.",2023\n'
        + b"Dernier.,2024\n"
    )
    results = read_all(path)
    assert [(r.source.rsplit(":", 1)[1], type(r).__name__) for r in results] == [
        ("2", "SourceDocument"), ("3", "Failure"), ("4", "SourceDocument"),
        ("5", "SourceDocument"), ("7", "SourceDocument"),
    ]
    assert isinstance(results[1], Failure)
    assert results[1].problem == "binary file, not text"
    assert isinstance(results[2], SourceDocument)
    assert results[2].text == "Élysée été"
    assert results[2].notes == ["decoded as cp1252 (not valid UTF-8)"]
    assert isinstance(results[3], SourceDocument) and results[3].notes == []
    assert results[3].text == "Sur deux\nlignes."


def test_jsonl_nul_escapes_become_spaces_with_a_note(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"  # the \u0000 escapes PostgreSQL refuses (issue #16)
    path.write_text(
        '{"text": "Le ministre\\u0000 a parl\\u00e9.\\u001b[2J", "title": "Titre\\u0000 nul"}\n'
        '{"text": "\\u0000\\u0001 \\u0002"}\n',
        encoding="utf-8",
    )
    document, empty = read_all(path)
    assert isinstance(document, SourceDocument)
    assert document.text == "Le ministre  a parlé. [2J"
    assert document.title == "Titre nul"
    assert document.notes == ["3 control characters replaced by spaces (U+0000 ×2, U+001B)"]
    assert isinstance(empty, Failure) and empty.problem.startswith("no text")


def news_please_record(**changes: object) -> dict[str, object]:
    """A record in the shape news-please writes (CC-NEWS), with every field it has."""
    record: dict[str, object] = {
        "authors": ["Claire Martin", "Paul Roy"],
        "date_download": "2024-03-02 08:15:00",
        "date_modify": None,
        "date_publish": "2024-03-01 17:40:00",
        "description": "Le conseil a voté.",
        "filename": "https%3A%2F%2Fquotidien.example%2Fbudget.json",
        "image_url": None,
        "language": "fr",
        "localpath": None,
        "maintext": "Le conseil régional a adopté son budget vendredi.",
        "source_domain": "quotidien.example",
        "text": None,
        "title": "Le budget adopté",
        "title_page": None,
        "title_rss": None,
        "url": "https://quotidien.example/budget",
    }
    return {**record, **changes}


def test_news_please_preset(tmp_path: Path) -> None:
    path = jsonl(
        tmp_path / "ccnews.jsonl",
        news_please_record(),
        news_please_record(maintext="Sans date ni auteur.", date_publish=None, authors=[], title=None,
                           title_rss="Titre du flux"),
    )
    first, second = read_all(path, fields=RecordFields.preset("news-please"))
    assert isinstance(first, SourceDocument) and isinstance(second, SourceDocument)
    assert first.text == "Le conseil régional a adopté son budget vendredi."
    assert (first.date, first.title, first.url, first.outlet, first.author, first.lang) == (
        DateValue("2024-03-01", "day"), "Le budget adopté", "https://quotidien.example/budget",
        "quotidien.example", "Claire Martin, Paul Roy", "fr",
    )
    assert (second.text, second.date, second.author, second.title) == (
        "Sans date ni auteur.", None, None, "Titre du flux",
    )
    # with the default names, a news-please record has no text ("text" is null)
    [failure] = read_all(tmp_path / "ccnews.jsonl")[:1]
    assert isinstance(failure, Failure) and failure.problem.startswith("no text")


def test_trafilatura_preset_reads_trafilatura_json_output(tmp_path: Path) -> None:
    trafilatura = pytest.importorskip("trafilatura")
    paragraph = "Le conseil municipal de Brest a voté jeudi un budget en hausse pour les écoles. "
    page = (
        "<html><head><title>Budget des écoles</title>"
        '<meta name="author" content="Anne Le Goff">'
        '<meta property="og:site_name" content="Le Télégramme du Ponant">'
        '<meta property="article:published_time" content="2023-09-13T18:05:00+02:00">'
        f"</head><body><article><h1>Budget des écoles</h1><p>{paragraph * 4}</p></article></body></html>"
    )
    output = trafilatura.extract(
        page, output_format="json", with_metadata=True, url="https://ponant.example/ecoles"
    )
    path = tmp_path / "pages.jsonl"
    path.write_text(output.replace("\n", " ") + "\n", encoding="utf-8")  # one JSON object a line
    [document] = read_all(path, fields=RecordFields.preset("trafilatura"))
    assert isinstance(document, SourceDocument)
    assert paragraph.strip() in document.text
    assert (document.date, document.title, document.url, document.outlet, document.author) == (
        DateValue("2023-09-13", "day"), "Budget des écoles", "https://ponant.example/ecoles",
        "Le Télégramme du Ponant", "Anne Le Goff",
    )


def test_field_names_replace_a_presets_and_several_are_tried_in_order(tmp_path: Path) -> None:
    path = jsonl(
        tmp_path / "c.jsonl",
        news_please_record(date_publish=None, date_modify="2024-03-03 09:00:00"),
        news_please_record(date_publish="2024-03-01", date_modify="2024-03-03 09:00:00"),
    )
    fields = RecordFields.configured(
        preset="news-please", names=[("date", "date_publish"), ("date", "date_modify"), ("outlet", "url")]
    )
    modified, published = read_all(path, fields=fields)
    assert isinstance(modified, SourceDocument) and isinstance(published, SourceDocument)
    assert modified.date == DateValue("2024-03-03", "day")
    assert published.date == DateValue("2024-03-01", "day")
    assert published.outlet == "https://quotidien.example/budget"
    assert published.text == "Le conseil régional a adopté son budget vendredi."  # preset kept


@pytest.mark.parametrize(
    ("preset", "names", "message"),
    [
        ("cc-news", [], "unknown record preset 'cc-news' (known: news-please, trafilatura)"),
        (None, [("texte", "x")], "unknown record field 'texte'"),
        (None, [("text", " ")], "no record field name given for 'text'"),
    ],
)
def test_unknown_preset_or_field(preset: str | None, names: list[tuple[str, str]], message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        RecordFields.configured(preset=preset, names=names)
