"""Quote corrections (issue #19) on SQLite and PostgreSQL: a speaker fixed or a span
judged not a quote, kept across re-analysis of the article, undoable, idempotent,
exported as training examples (the store, the CLI)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from store_backends import BACKENDS, postgres_url  # noqa: F401  (fixture)

from newsgraph.model import Article, DateValue, Entity, Mention, Quote, Speaker
from newsgraph.store import Store

TEXT = (
    "Marie Curie a parlé à Paul Langevin.\n"
    "« Nous avons trouvé le radium », a-t-il déclaré.\n"
    "Le « laboratoire » est fermé."
)
SOURCE = "curie.txt"


def curie(text: str = TEXT) -> Article:
    """Two quotes: the first attributed (wrongly) to Paul Langevin, the second a label."""
    article = Article(
        id=Article.make_id(text, SOURCE), source=SOURCE, text=text, lang="fr",
        date=DateValue.parse("2024-03-01"),
    )
    for index, name in enumerate(("Marie Curie", "Paul Langevin")):
        start = text.index(name)
        article.entities.append(
            Entity(id=f"e{index}", name=name, type="PER", mentions=[Mention(start, start + len(name), name)])
        )
    for quote_id, words in (("q1", "Nous avons trouvé le radium"), ("q2", "laboratoire")):
        start = text.index(words)
        article.quotes.append(
            Quote(quote_id, start, start + len(words), words, "direct",
                  speaker=Speaker("Paul Langevin", "e1", how="pronoun"), confidence=0.6)
        )
    return article


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    url = str(tmp_path / "q.sqlite") if request.param == "sqlite" else request.getfixturevalue("postgres_url")
    with Store.open(url) as opened:
        opened.save([curie()])
        yield opened


def quotes_of(store: Store, article_id: str) -> dict[str, Quote]:
    article = store.get_article(article_id)
    assert article is not None
    return {q.text: q for q in article.quotes}


def test_fix_a_speaker_survives_reanalysis_and_undo_restores_it(store: Store) -> None:
    article = curie()
    judgement = store.judge_quote(article.id, "q1", action="speaker", speaker="Marie Curie", author="ana")
    fixed = quotes_of(store, article.id)["Nous avons trouvé le radium"]
    assert fixed.speaker is not None
    assert (fixed.speaker.name, fixed.speaker.entity_id) == ("Marie Curie", "e0")
    assert fixed.speaker.how == "corrected" and fixed.confidence == 1.0
    # a retry records nothing
    retry = store.judge_quote(article.id, "q1", action="speaker", speaker="Marie Curie", author="ana")
    assert retry == judgement
    assert len(store.quote_judgements()) == 1
    # the article is edited and analysed again (same source, new id, offsets moved)
    edited = curie("Mise à jour.\n" + TEXT)
    assert store.save([edited]).updated == 1
    again = quotes_of(store, edited.id)["Nous avons trouvé le radium"]
    assert again.speaker is not None and again.speaker.name == "Marie Curie"
    assert again.start == edited.text.index("Nous avons")
    # undo restores the analysis's speaker, and an undo of the undo the correction
    undo = store.undo_quote_judgement(judgement, author="ana")
    restored = quotes_of(store, edited.id)["Nous avons trouvé le radium"]
    assert restored.speaker is not None and restored.speaker.name == "Paul Langevin"
    assert restored.confidence == 0.6
    store.undo_quote_judgement(undo, author="ana")
    assert quotes_of(store, edited.id)["Nous avons trouvé le radium"].speaker.name == "Marie Curie"  # type: ignore[union-attr]


def test_not_a_quote_is_removed_kept_removed_and_undoable(store: Store) -> None:
    article = curie()
    judgement = store.judge_quote(article.id, "q2", action="not_quote", author="ana")
    assert "laboratoire" not in quotes_of(store, article.id)
    assert store.judge_quote(article.id, "q2", action="not_quote", author="ana") == judgement  # retry
    store.save([curie(TEXT + "\nFin.")])  # re-analysed: the quote comes back from the analysis
    newest = curie(TEXT + "\nFin.").id
    assert set(quotes_of(store, newest)) == {"Nous avons trouvé le radium"}
    store.undo_quote_judgement(judgement, author="ana")
    assert set(quotes_of(store, newest)) == {"Nous avons trouvé le radium", "laboratoire"}
    for unknown in (999, 2**40):  # 2**40: beyond an INTEGER column (PostgreSQL refused it: 503)
        with pytest.raises(KeyError):
            store.undo_quote_judgement(unknown, author="ana")
    with pytest.raises(KeyError):
        store.judge_quote(newest, "nope", action="not_quote", author="ana")


def test_training_examples(store: Store) -> None:
    article = curie()
    store.judge_quote(article.id, "q1", action="speaker", speaker="Marie Curie", author="ana")
    store.judge_quote(article.id, "q2", action="not_quote", author="ana")
    examples = store.quote_training_examples()
    assert [(e["kind"], e["quote"], e["speaker"]) for e in examples] == [
        ("speaker", "Nous avons trouvé le radium", "Marie Curie"),
        ("not_quote", "laboratoire", None),
    ]
    first = examples[0]
    assert first["article_text"][first["start"] : first["end"]] == first["quote"]
    assert first["speaker_is_person"] is True and first["quote_kind"] == "direct"


def test_shared_pseudo_source_keeps_judgements_to_their_article(store: Store) -> None:
    one, other = curie(), curie(TEXT + "\nAutre.")
    one.source = other.source = "<api>"
    one.id, other.id = Article.make_id(one.text, "<api>"), Article.make_id(other.text, "<api>")
    store.save([one, other])
    store.judge_quote(one.id, "q2", action="not_quote", author="ana")
    assert "laboratoire" not in quotes_of(store, one.id)
    assert "laboratoire" in quotes_of(store, other.id)


def test_cli(tmp_path: Path) -> None:
    from newsgraph.cli_quotes import quote

    db = str(tmp_path / "cli.sqlite")
    with Store.open(db) as opened:
        opened.save([curie()])
    article_id = curie().id
    runner = CliRunner()
    result = runner.invoke(quote, ["speaker", article_id, "q1", "Marie Curie", "--db", db, "--author", "ana"])
    assert result.exit_code == 0, result.output
    assert "judgement 1" in result.output and "Marie Curie" in result.output
    result = runner.invoke(quote, ["not-quote", article_id, "q2", "--db", db])
    assert result.exit_code == 0, result.output
    result = runner.invoke(quote, ["judgements", "--db", db])
    assert [line.split("\t")[3] for line in result.output.splitlines()] == ["speaker", "not_quote"]
    out = tmp_path / "corrections.jsonl"
    result = runner.invoke(quote, ["export", str(out), "--db", db])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(e["kind"], e["speaker"]) for e in lines] == [("speaker", "Marie Curie"), ("not_quote", None)]
    result = runner.invoke(quote, ["undo", "2", "--db", db])
    assert result.exit_code == 0, result.output
    with Store.open(db) as opened:
        assert "laboratoire" in quotes_of(opened, article_id)
    result = runner.invoke(quote, ["speaker", article_id, "nope", "X", "--db", db])
    assert result.exit_code != 0 and "no quote" in str(result.exception)
