"""Listing commands share their conventions (issue #18): --format table|jsonl|csv, full ids
when piped, empty results said on stderr (exit 0), --since/--until, texts printed
literally ("[/b]" and "[nos]" are words of the article, not console markup), long texts
cut at a word boundary."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from api_corpus import at, mention
from click.testing import CliRunner, Result

from newsgraph.cli import main
from newsgraph.cli_listing import dated_within, shorten
from newsgraph.model import ActorRef, Article, DateValue, Entity, Event, Quote, Span, Speaker
from newsgraph.resolve.run import resolve_store
from newsgraph.store import Store

LONG_QUOTE = (
    "Nous [nos] ouvrirons les archives municipales à tous les habitants, sans exception, "
    "dès le premier lundi du mois prochain, et nous publierons chaque délibération du "
    "conseil en ligne pour que chacun puisse la lire tranquillement chez soi"
)


def markup_article() -> Article:
    """An article whose words look like console markup: ``[/b]`` (a closing tag with no
    opening one: rich raises MarkupError) and ``[nos]`` (a style name: rich drops it)."""
    text = (
        f"Solène Kerbrat [/b] a rencontré Yannick Le Dantec [nos] à Quimper lundi. "
        f"« {LONG_QUOTE} », a déclaré Solène Kerbrat [/b]."
    )
    kerbrat = Entity(
        "e1", "Solène Kerbrat [/b]", "PER",
        mentions=[mention(text, "Solène Kerbrat [/b]"), mention(text, "Solène Kerbrat [/b]", 1)],
    )
    le_dantec = Entity(
        "e2", "Yannick Le Dantec [nos]", "PER", mentions=[mention(text, "Yannick Le Dantec [nos]")]
    )
    quimper = Entity("e3", "Quimper", "LOC", mentions=[mention(text, "Quimper")])
    start, end, quoted = at(text, f"« {LONG_QUOTE} »")
    quote = Quote(
        "q1", start, end, quoted, "direct", cue=Span(*at(text, "a déclaré")),
        speaker=Speaker("Solène Kerbrat [/b]", "e1", *at(text, "Solène Kerbrat [/b]", 1)[:2]),
    )
    meeting = Event(
        "v1", "meet", None, Span(*at(text, "a rencontré")), (0, 75),
        source=[ActorRef("e1", "Solène Kerbrat [/b]")], target=[ActorRef("e2", "Yannick Le Dantec [nos]")],
        place=ActorRef("e3", "Quimper"), date=DateValue("2024-03-04", "day"), date_from="text",
    )
    return Article(
        id="a_0123456789abcdef", source="corpus/quimper [nos].txt", text=text, lang="fr",
        date=DateValue("2024-03-05", "day"), title="Rencontre [/b] à Quimper [nos]",
        entities=[kerbrat, le_dantec, quimper], quotes=[quote], events=[meeting],
    )


def older_article() -> Article:
    text = "Yannick Le Dantec a visité Brest. Il a dit que le port était prêt."
    le_dantec = Entity("e1", "Yannick Le Dantec", "PER", mentions=[mention(text, "Yannick Le Dantec")])
    visit = Event(
        "v1", "visit", None, Span(*at(text, "a visité")), (0, 33),
        source=[ActorRef("e1", "Yannick Le Dantec")], place=None,
    )
    quote = Quote(
        "q1", *at(text, "le port était prêt"), "indirect", speaker=Speaker("Yannick Le Dantec", "e1")
    )
    return Article(
        id="a_fedcba9876543210", source="corpus/brest.txt", text=text, lang="fr",
        date=DateValue("2023-11", "month"), title="Visite à Brest",
        entities=[le_dantec], quotes=[quote], events=[visit],
    )


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("listing") / "listing.sqlite")
    with Store.open(path) as store:
        store.save([markup_article(), older_article()])
        resolve_store(store)
    return path


def run(db: str, *arguments: str) -> Result:
    result = CliRunner().invoke(main, [*arguments, "--db", db], env={"COLUMNS": "300"})
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def json_lines(db: str, *arguments: str) -> list[dict[str, object]]:
    result = run(db, *arguments, "--format", "jsonl")
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


LISTINGS = [
    ["search", "Quimper"],
    ["entities"],
    ["events"],
    ["timeline", "Kerbrat"],
    ["quotes", "--speaker", "Kerbrat"],
    ["show", "a_0123456789abcdef"],
]


@pytest.mark.parametrize("arguments", LISTINGS, ids=lambda a: a[0])
def test_every_listing_prints_markup_like_words_literally(db: str, arguments: list[str]) -> None:
    result = run(db, *arguments)
    assert result.exit_code == 0, result.output
    assert "[/b]" in result.stdout or "[nos]" in result.stdout
    if arguments[0] in ("entities", "events", "timeline", "show"):
        assert "Solène Kerbrat [/b]" in result.stdout and "Yannick Le Dantec [nos]" in result.stdout


@pytest.mark.parametrize("arguments", LISTINGS, ids=lambda a: a[0])
def test_every_listing_writes_jsonl_and_csv(db: str, arguments: list[str]) -> None:
    as_json = run(db, *arguments, "--format", "jsonl")
    assert as_json.exit_code == 0, as_json.output
    objects = [json.loads(line) for line in as_json.stdout.splitlines()]
    assert objects and all(isinstance(o, dict) for o in objects)
    as_csv = run(db, *arguments, "--format", "csv")
    assert as_csv.exit_code == 0, as_csv.output
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert len(rows) == (len(objects) if arguments[0] != "show" else 1)
    assert "[/b]" in as_csv.stdout and "[/b]" in as_json.stdout


def test_jsonl_and_csv_rows_hold_full_ids_and_whole_texts(db: str) -> None:
    [quote] = json_lines(db, "quotes", "--speaker", "Kerbrat")
    assert quote["article_id"] == "a_0123456789abcdef" and LONG_QUOTE in str(quote["text"])
    [row] = csv.DictReader(io.StringIO(run(db, "events", "--actor", "Kerbrat", "--format", "csv").stdout))
    assert (row["article_id"], row["trigger"], row["target"]) == (
        "a_0123456789abcdef", "a rencontré", "Yannick Le Dantec [nos]",
    )
    entities = list(csv.DictReader(io.StringIO(run(db, "entities", "--format", "csv").stdout)))
    kerbrat = next(e for e in entities if e["name"] == "Solène Kerbrat [/b]")
    assert kerbrat["id"] and kerbrat["resolved"] == "true" and kerbrat["type"] == "PER"
    [article] = json_lines(db, "show", "a_0123")
    assert Article.from_dict(article).id == "a_0123456789abcdef"


def test_show_csv_is_the_article_with_what_its_table_lists(db: str) -> None:
    """`show --format csv`: one row, the article's fields, text and notes, and the names the
    table lists, by type (lists joined with "; ")."""
    [row] = csv.DictReader(io.StringIO(run(db, "show", "a_0123", "--format", "csv").stdout))
    assert (row["id"], row["date"], row["title"]) == (
        "a_0123456789abcdef", "2024-03-05", "Rencontre [/b] à Quimper [nos]")
    assert row["people"] == "Solène Kerbrat [/b]; Yannick Le Dantec [nos]"
    assert (row["organisations"], row["places"], row["other_entities"]) == ("", "Quimper", "")
    assert row["speakers"] == "Solène Kerbrat [/b]" and row["text"] == markup_article().text
    assert (row["entities"], row["quotes"], row["events"]) == ("3", "1", "1")


@pytest.mark.parametrize(
    "arguments",
    [["events", "--actor", "Kerbrat"], ["timeline", "Kerbrat"], ["quotes", "--speaker", "Kerbrat"]],
    ids=lambda a: a[0],
)
def test_ids_in_full_when_piped_short_on_a_terminal(
    db: str, monkeypatch: pytest.MonkeyPatch, arguments: list[str]
) -> None:
    """The tables that list articles' items name each one's article by id, to pass to
    `show` (in full when piped)."""
    piped = run(db, *arguments).stdout
    assert "a_0123456789abcdef" in piped
    monkeypatch.setattr("newsgraph.cli_listing.to_terminal", lambda: True)
    shown = run(db, *arguments).stdout
    assert "a_01234567" in shown and "a_0123456789abcdef" not in shown


@pytest.mark.parametrize("arguments", [["search", "Quimper"], ["show", "a_0123"]], ids=lambda a: a[0])
def test_an_articles_id_is_always_in_full(db: str, arguments: list[str]) -> None:
    assert "a_0123456789abcdef" in run(db, *arguments).stdout


def test_long_quotes_end_at_a_word_boundary(db: str) -> None:
    table = run(db, "quotes", "--speaker", "Kerbrat").stdout
    assert "…" in table
    kept = table[table.index("« Nous") : table.index("…")].split()
    assert kept[-1] in LONG_QUOTE.split()  # a whole word before the ellipsis


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("court", 10, "court"),
        ("le conseil municipal a voté", 20, "le conseil…"),
        ("le conseil municipal a voté", 21, "le conseil municipal…"),  # the cut at a word's end
        ("le conseil, municipal", 13, "le conseil…"),  # no comma left before the ellipsis
        ("anticonstitutionnellement dit", 12, "anticonstit…"),  # one long word: cut inside it
        ("deux\nlignes   et  espaces", 40, "deux lignes et espaces"),
    ],
)
def test_shorten(text: str, limit: int, expected: str) -> None:
    assert shorten(text, limit) == expected
    assert len(shorten(text, limit)) <= limit


@pytest.mark.parametrize(
    ("arguments", "said"),
    [
        (["search", "introuvable"], "no match for 'introuvable'"),
        (["entities", "--type", "MISC"], "no entity of type 'MISC'"),
        (["events", "--until", "2000"], "no event until '2000'"),
        (["timeline", "Kerbrat", "--since", "2030"], "no event involving 'Kerbrat' since '2030'"),
        (["quotes", "--speaker", "Kerbrat", "--until", "2023"], "no quote by 'Kerbrat' until '2023'"),
        (["show", "a_999"], "no stored article matches 'a_999'"),
    ],
)
@pytest.mark.parametrize("output_format", ["table", "jsonl", "csv"])
def test_empty_results_are_said_on_stderr(
    db: str, arguments: list[str], said: str, output_format: str
) -> None:
    result = run(db, *arguments, "--format", output_format)
    assert result.exit_code == 0, result.output
    assert result.stderr.strip() == said
    if output_format == "csv":
        assert len(result.stdout.splitlines()) == 1 and "," in result.stdout  # the header row alone
    else:
        assert result.stdout == ""


def test_since_and_until_everywhere(db: str) -> None:
    def article_ids(*arguments: str) -> list[str]:
        return sorted(str(row["article_id"]) for row in json_lines(db, *arguments))

    new, old = "a_0123456789abcdef", "a_fedcba9876543210"
    assert article_ids("events") == [new, old]
    assert article_ids("events", "--since", "2024-01") == [new]
    assert article_ids("events", "--until", "2023-12-31") == [old]
    assert article_ids("events", "--since", "2023-11-15", "--until", "2023-11-20") == [old]  # its month
    assert article_ids("timeline", "Le Dantec", "--until", "2024-03-04") == [new, old]
    assert article_ids("timeline", "Le Dantec", "--until", "2024-03-03") == [old]
    assert article_ids("quotes", "--speaker", "Le Dantec", "--until", "2023") == [old]
    assert article_ids("quotes", "--speaker", "Le Dantec", "--since", "2023-12") == []
    assert run(db, "events", "--between", "2023", "2024").exit_code == 2  # one name for a filter
    bad = run(db, "events", "--since", "2023-13")
    assert bad.exit_code == 2 and "--since" in bad.stderr


def test_dated_within_compares_at_the_coarser_precision() -> None:
    month = DateValue("2023-11", "month")
    assert dated_within(month, since=DateValue("2023-11-20", "day"), until=None)
    assert not dated_within(month, since=DateValue("2023-12-01", "day"), until=None)
    assert dated_within(month, since=None, until=DateValue("2023-11-01", "day"))
    assert not dated_within(None, since=DateValue("2023", "year"), until=None)
    assert dated_within(None, since=None, until=None)


def test_json_lines_escape_c1_controls(tmp_path: Path) -> None:
    article = older_article()
    article.title = "Titre \x9b31m rouge"
    db = str(tmp_path / "c1.sqlite")
    with Store.open(db) as store:
        store.save([article])
    result = run(db, "show", article.id, "--format", "jsonl")
    assert "\x9b" not in result.stdout and "\\u009b" in result.stdout
    assert json.loads(result.stdout)["title"] == "Titre \x9b31m rouge"
