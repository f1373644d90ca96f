"""Ingestion of text files, directories and standard input, and every bad-input case."""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

import pytest

from newsgraph.errors import ConfigError
from newsgraph.ingest import Failure, SourceDocument, iter_documents, read_path
from newsgraph.ingest.decode import ReadProblem, decode_bytes, human_size, is_doubtful
from newsgraph.ingest.sources import files_in
from newsgraph.model import DateValue

BODY = "Le président a déclaré mardi que la réforme serait adoptée.\n\nDeuxième paragraphe."
SEED = Path(__file__).parents[1] / "examples" / "seed_fr.txt"


def read_all(*paths: str | Path, **options: Any) -> list[SourceDocument | Failure]:
    return list(iter_documents([str(p) for p in paths], **options))


def only_document(path: Path, **options: Any) -> SourceDocument:
    [document] = read_all(path, **options)
    assert isinstance(document, SourceDocument), document
    return document


def only_failure(path: Path | str, **options: Any) -> Failure:
    [failure] = read_all(path, **options)
    assert isinstance(failure, Failure), failure
    return failure


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8", newline="")
    else:
        path.write_bytes(content)
    return path


# Text files and the date header


def test_text_without_header_has_no_date(tmp_path: Path) -> None:
    document = only_document(write(tmp_path / "a.txt", BODY))
    assert document.text == BODY
    assert document.date is None
    assert document.source == str(tmp_path / "a.txt")
    assert document.notes == []


def test_header_on_its_own_line_is_metadata_not_body(tmp_path: Path) -> None:
    document = only_document(write(tmp_path / "a.txt", f"date 2024-04-30\n{BODY}\n"))
    assert document.date == DateValue("2024-04-30", "day")
    assert document.text == BODY


def test_inline_header_keeps_month_precision(tmp_path: Path) -> None:
    document = only_document(write(tmp_path / "a.txt", f" date 2023-09 {BODY}"))
    assert document.date == DateValue("2023-09", "month")
    assert document.text == BODY


def test_seed_article_header() -> None:
    document = only_document(SEED)
    assert document.date == DateValue("2023-09", "month")
    assert document.text.startswith("Lorsque le président russe Vladimir Poutine")
    assert "date 2023" not in document.text[:50]


def test_date_option_overrides_and_supplies(tmp_path: Path) -> None:
    with_header = write(tmp_path / "a.txt", f"date 2023-09\n{BODY}")
    without = write(tmp_path / "b.txt", BODY)
    assert only_document(with_header, date="2023-09-13").date == DateValue("2023-09-13", "day")
    assert only_document(without, date="2023").date == DateValue("2023", "year")


def test_invalid_date_option_is_raised_at_once() -> None:
    with pytest.raises(ConfigError, match="date"):
        iter_documents(["whatever.txt"], date="13/09/2023")


def test_lang_option_is_passed_on(tmp_path: Path) -> None:
    assert only_document(write(tmp_path / "a.txt", BODY), lang="fr").lang == "fr"


def test_crlf_newlines_become_lf(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", "date 2023-09-13\r\nUn.\r\n\r\nDeux.\rTrois.")
    document = only_document(path)
    assert document.text == "Un.\n\nDeux.\nTrois."


def test_utf8_bom_is_dropped(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", b"\xef\xbb\xbfdate 2023-09\n" + BODY.encode())
    document = only_document(path)
    assert document.date == DateValue("2023-09", "month")
    assert document.text == BODY
    assert document.notes == []


def test_unknown_extension_with_text_is_read(tmp_path: Path) -> None:
    assert only_document(write(tmp_path / "article.dat", BODY)).text == BODY


def test_read_path_reads_one_path(tmp_path: Path) -> None:
    [document] = list(read_path(write(tmp_path / "a.md", BODY), date="2023-09"))
    assert isinstance(document, SourceDocument)
    assert document.date == DateValue("2023-09", "month")


# Decoding


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_legacy_encoding_is_detected_and_noted(tmp_path: Path, encoding: str) -> None:
    path = write(tmp_path / "a.txt", "Élysée été".encode(encoding))
    document = only_document(path)
    assert document.text == "Élysée été"
    assert document.notes == ["decoded as cp1252 (not valid UTF-8)"]


def test_cp1252_smart_quotes_and_long_text(tmp_path: Path) -> None:
    text = "“Ça suffit”, a déclaré le ministre à l’Élysée — pour la deuxième fois cet été."
    document = only_document(write(tmp_path / "a.txt", text.encode("cp1252")))
    assert document.text == text
    assert "cp1252" in document.notes[0]


def test_utf16_with_bom(tmp_path: Path) -> None:
    document = only_document(write(tmp_path / "a.txt", BODY.encode("utf-16")))
    assert document.text == BODY
    assert document.notes == ["decoded as UTF-16 (byte order mark)"]


def test_cyrillic_is_not_forced_into_cp1252() -> None:
    text = "Президент заявил во вторник, что реформа будет принята парламентом в этом году."
    decoded = decode_bytes(text.encode("cp1251"))
    assert decoded.text == text
    assert decoded.note is not None and "cp1252" not in decoded.note


def test_human_size() -> None:
    assert human_size(int(6.2 * 1024 * 1024)) == "6.2 MB"
    assert human_size(5 * 1024 * 1024) == "5 MB"
    assert human_size(1536) == "1.5 KB"
    assert human_size(12) == "12 bytes"


# Bad inputs: each is a Failure naming the file, never an exception


def test_empty_file(tmp_path: Path) -> None:
    failure = only_failure(write(tmp_path / "empty.txt", ""))
    assert failure.source == str(tmp_path / "empty.txt")
    assert failure.problem == "empty file"


def test_whitespace_only_file(tmp_path: Path) -> None:
    assert only_failure(write(tmp_path / "blank.txt", " \n\t\r\n ")).problem == "empty file"


def test_header_without_body(tmp_path: Path) -> None:
    failure = only_failure(write(tmp_path / "a.txt", "date 2023-09-13\n\n"))
    assert failure.problem == "no text after the date header"


@pytest.mark.parametrize(
    "content",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
        b"some text\x00\x00\x00 with NUL bytes",
        bytes(range(1, 32)) * 20,
    ],
)
def test_binary_file(tmp_path: Path, content: bytes) -> None:
    assert only_failure(write(tmp_path / "image.txt", content)).problem == "binary file, not text"


def test_file_over_the_size_limit_is_refused_before_reading(tmp_path: Path) -> None:
    path = write(tmp_path / "big.txt", "x" * int(6.2 * 1024 * 1024))
    failure = only_failure(path, max_bytes=5 * 1024 * 1024)
    assert failure.problem == "file is 6.2 MB, over the 5 MB limit (NEWSGRAPH_MAX_BYTES)"


def test_size_limit_defaults_to_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSGRAPH_MAX_BYTES", "100")
    failure = only_failure(write(tmp_path / "a.txt", "x" * 150))
    assert failure.problem == "file is 150 bytes, over the 100 bytes limit (NEWSGRAPH_MAX_BYTES)"


def test_unparseable_date_header_names_the_file(tmp_path: Path) -> None:
    path = write(tmp_path / "bad.txt", f"date 2023-13-45\n{BODY}")
    failure = only_failure(path)
    assert failure.source == str(path)
    assert "2023-13-45" in failure.problem
    assert "\n" not in str(failure)


def test_nonexistent_path(tmp_path: Path) -> None:
    failure = only_failure(tmp_path / "missing.txt")
    assert failure == Failure(str(tmp_path / "missing.txt"), "no such file or directory")


def test_a_failure_does_not_stop_the_stream(tmp_path: Path) -> None:
    good = write(tmp_path / "good.txt", BODY)
    results = read_all(tmp_path / "missing.txt", good, write(tmp_path / "empty.txt", ""), good)
    assert [type(r).__name__ for r in results] == [
        "Failure", "SourceDocument", "Failure", "SourceDocument",
    ]


def test_read_problem_is_not_leaked() -> None:
    with pytest.raises(ReadProblem):
        decode_bytes(b"")


# Directories


def test_directory_with_one_broken_file_among_good_ones(tmp_path: Path) -> None:
    write(tmp_path / "b.txt", "date 2023-09-02\nDeuxième article.")
    write(tmp_path / "a.txt", "Premier article.")
    write(tmp_path / "c.txt", b"\x00\x01\x02binary")
    write(tmp_path / "sub" / "d.txt", "Quatrième article.")
    results = read_all(tmp_path)
    assert [Path(r.source).name for r in results] == ["a.txt", "b.txt", "c.txt", "d.txt"]
    failures = [r for r in results if isinstance(r, Failure)]
    assert failures == [Failure(str(tmp_path / "c.txt"), "binary file, not text")]
    texts = [r.text for r in results if isinstance(r, SourceDocument)]
    assert texts == ["Premier article.", "Deuxième article.", "Quatrième article."]


def test_directory_skips_hidden_gold_and_unknown_files(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", BODY)
    write(tmp_path / "a.gold.json", "{}")
    write(tmp_path / ".hidden.txt", BODY)
    write(tmp_path / ".git" / "x.txt", BODY)
    write(tmp_path / "notes.docx", b"PK\x03\x04")
    write(tmp_path / "z" / "page.HTML", "<html></html>")
    assert [p.relative_to(tmp_path).as_posix() for p in files_in(tmp_path)] == [
        "a.txt", "z/page.HTML",
    ]


def test_directory_include_globs(tmp_path: Path) -> None:
    for name in ("a.txt", "b.html", "c.jsonl", "d.csv", "e.dat"):
        write(tmp_path / name, BODY)
    names = [p.name for p in files_in(tmp_path, include=["*.txt", "*.dat"])]
    assert names == ["a.txt", "e.dat"]


def test_directory_sorted_recursively(tmp_path: Path) -> None:
    for name in ("b/2.txt", "a/9.txt", "a/10.txt", "1.txt"):
        write(tmp_path / name, BODY)
    assert [p.relative_to(tmp_path).as_posix() for p in files_in(tmp_path)] == [
        "1.txt", "a/10.txt", "a/9.txt", "b/2.txt",
    ]


def test_directory_with_nothing_to_read(tmp_path: Path) -> None:
    write(tmp_path / "image.png", b"\x89PNG")
    failure = only_failure(tmp_path)
    assert failure.source == str(tmp_path)
    assert "no files to read" in failure.problem


# Standard input


def test_stdin_text() -> None:
    [document] = read_all("-", stdin=io.StringIO(f"date 2023-09\n{BODY}"))
    assert isinstance(document, SourceDocument)
    assert document.source == "<stdin>"
    assert document.date == DateValue("2023-09", "month")
    assert document.text == BODY


def test_stdin_bytes_in_cp1252() -> None:
    [document] = read_all("-", stdin=io.BytesIO("Élysée été".encode("cp1252")))
    assert isinstance(document, SourceDocument)
    assert document.text == "Élysée été"
    assert document.notes == ["decoded as cp1252 (not valid UTF-8)"]


def test_stdin_jsonl() -> None:
    lines = '{"text": "Un.", "date": "2023-09"}\nnot json\n'
    results = read_all("-", stdin=io.StringIO(lines), lang="fr")
    assert isinstance(results[0], SourceDocument)
    assert (results[0].source, results[0].lang) == ("<stdin>:1", "fr")
    assert isinstance(results[1], Failure) and results[1].source == "<stdin>:2"


def test_stdin_over_the_limit() -> None:
    [failure] = read_all("-", stdin=io.BytesIO(b"x" * 200), max_bytes=100)
    assert failure == Failure("<stdin>", "input is over the 100 bytes limit (NEWSGRAPH_MAX_BYTES)")


def test_empty_stdin() -> None:
    assert read_all("-", stdin=io.StringIO("")) == [Failure("<stdin>", "empty file")]


# Control characters (issue #16): NUL and other C0 controls never reach the store


def test_raw_nul_after_the_binary_sniff_is_replaced_by_a_space(tmp_path: Path) -> None:
    body = "Le président a parlé. " * 400 + "Fin\x00 du texte\x1b[31m rouge."  # NUL past 8 KB
    document = only_document(write(tmp_path / "a.txt", body))
    assert "\x00" not in document.text and "\x1b" not in document.text
    assert len(document.text) == len(body)  # one space for one control: offsets unchanged
    assert document.text.endswith("Fin  du texte [31m rouge.")
    assert document.notes == ["2 control characters replaced by spaces (U+0000, U+001B)"]


def test_controls_in_metadata_and_extract_documents() -> None:
    from newsgraph.library import make_document

    document = make_document("Un\x00deux\r\ntrois\rquatre\x0cfin\tici", source="<text>")
    assert document.text == "Un deux\ntrois\nquatre fin\tici"  # CR as a newline, tab kept
    assert document.notes == ["2 control characters replaced by spaces (U+0000, U+000C)"]
    titled = SourceDocument(source="s", text="Texte.", title="Un\x00 titre\x07", author="\x1bA")
    assert (titled.title, titled.author) == ("Un titre", "A")
    assert titled.notes == ["3 control characters replaced by spaces (U+0000, U+0007, U+001B)"]
    assert SourceDocument(source="s", text="Rien à signaler.").notes == []


# Special files in directories (issue #16)


def test_named_pipe_in_a_directory_is_reported_not_read(tmp_path: Path) -> None:
    import threading

    write(tmp_path / "a.txt", BODY)
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    results: list[SourceDocument | Failure] = []
    reader = threading.Thread(target=lambda: results.extend(read_all(tmp_path)), daemon=True)
    reader.start()
    reader.join(timeout=20)
    hung = reader.is_alive()
    if hung:  # before the fix: blocked opening the pipe; a writer lets it go
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        reader.join(timeout=5)
    assert not hung, "reading a directory with a named pipe in it hung"
    assert [type(r).__name__ for r in results] == ["SourceDocument", "Failure"]
    assert results[1] == Failure(str(fifo), "not a regular file (named pipe)")


def test_a_pipe_found_after_listing_is_refused_without_blocking(tmp_path: Path) -> None:
    from newsgraph.ingest.sources import _read_file, make_options

    fifo = tmp_path / "late.txt"
    os.mkfifo(fifo)
    [failure] = list(_read_file(fifo, make_options(), source=str(fifo), regular_only=True))
    assert failure == Failure(str(fifo), "not a regular file (named pipe)")


def test_symlinks_out_of_the_directory_are_not_followed_unless_asked(tmp_path: Path) -> None:
    corpus, outside = tmp_path / "corpus", tmp_path / "outside"
    write(corpus / "a.txt", BODY)
    secret = write(outside / "secret.txt", "Texte hors du corpus.")
    write(outside / "sub" / "more.txt", "Autre texte hors du corpus.")
    (corpus / "link.txt").symlink_to(secret)
    (corpus / "inside.txt").symlink_to(corpus / "a.txt")
    (corpus / "dir").symlink_to(outside / "sub", target_is_directory=True)
    (corpus / "broken.txt").symlink_to(tmp_path / "missing.txt")
    results = read_all(corpus)
    by_name = {Path(r.source).name: r for r in results}
    assert sorted(by_name) == ["a.txt", "broken.txt", "dir", "inside.txt", "link.txt"]
    assert isinstance(by_name["a.txt"], SourceDocument)
    assert isinstance(by_name["inside.txt"], SourceDocument)  # a link inside the tree is fine
    assert by_name["broken.txt"] == Failure(str(corpus / "broken.txt"), "broken symbolic link")
    for name, what in (("link.txt", "a file"), ("dir", "a directory")):
        failure = by_name[name]
        assert isinstance(failure, Failure)
        assert failure.problem.startswith(f"symbolic link to {what} outside {corpus}")
        assert "--follow-symlinks" in failure.problem
    followed = read_all(corpus, follow_symlinks=True)
    texts = {Path(r.source).name: r.text for r in followed if isinstance(r, SourceDocument)}
    assert texts["link.txt"] == "Texte hors du corpus."
    assert texts["more.txt"] == "Autre texte hors du corpus."
    assert files_in(corpus) == [corpus / "a.txt", corpus / "inside.txt"]


def test_following_symlinks_survives_a_loop(tmp_path: Path) -> None:
    write(tmp_path / "sub" / "a.txt", BODY)
    (tmp_path / "sub" / "up").symlink_to(tmp_path, target_is_directory=True)
    results = read_all(tmp_path, follow_symlinks=True)
    assert [r.source for r in results] == [str(tmp_path / "sub" / "a.txt")]


# Doubtful decodings (issue #16): noted, and marked for the console


def test_utf8_with_a_few_invalid_bytes_stays_utf8() -> None:
    data = "Le président a parlé à l'Élysée.".encode() + b"\xff\xfe" + b" Fin."
    decoded = decode_bytes(data)
    assert decoded.text == "Le président a parlé à l'Élysée.\ufffd\ufffd Fin."  # not prÃ©sident
    assert decoded.note is not None and is_doubtful(decoded.note)
    assert decoded.note.startswith("decoded as UTF-8, 2 invalid byte sequences replaced by U+FFFD")


def test_guessed_non_western_encoding_is_doubtful_but_cp1252_is_not() -> None:
    cyrillic = "Президент заявил во вторник, что реформа будет принята парламентом в этом году."
    guessed = decode_bytes(cyrillic.encode("cp1251")).note
    assert guessed is not None and is_doubtful(guessed) and "a guess" in guessed
    western = decode_bytes("Élysée été".encode("cp1252")).note
    assert western == "decoded as cp1252 (not valid UTF-8)" and not is_doubtful(western)
