"""Quote corrections of a store as training gold for the speaker ranker.

``newsgraph quote export FILE`` writes the active quote judgements as JSON lines
(``newsgraph.store.quote_judgements.training_examples``);
``newsgraph train attribution GOLD_DIRS --with-corrections FILE`` adds them to the gold
with :func:`load_corrections` and :func:`with_corrections`, so a corrected speaker is the
label of its quote.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from newsgraph.evaluate.gold import GoldArticle
from newsgraph.model import DateValue
from newsgraph.nlp.attribution.model import RankerModel


def load_corrections(path: Path) -> list[GoldArticle]:
    """Quote corrections written by ``newsgraph quote export`` (JSON lines) as gold articles:
    one per article text, whose gold quotes are the quotes whose speaker was corrected,
    the corrected speaker as gold speaker.  A span judged not a quote teaches the ranker
    nothing (it chooses speakers, not quotes) and is left out."""
    by_text: dict[str, tuple[dict[str, Any], list[dict[str, Any]]]] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        example = json.loads(line)
        if not isinstance(example, dict) or not {"article_text", "quote", "kind"} <= example.keys():
            raise ValueError(f"{path}:{number}: not a quote correction (article_text, quote, kind)")
        if example["kind"] == "speaker" and example.get("speaker"):
            by_text.setdefault(example["article_text"], (example, []))[1].append(example)
    articles: list[GoldArticle] = []
    for body, (first, examples) in by_text.items():
        gold = {
            "quotes": [{"text": e["quote"], "kind": e.get("quote_kind") or "direct", "speaker": e["speaker"]}
                       for e in examples],
            "people": sorted({e["speaker"] for e in examples if e.get("speaker_is_person")}),
        }
        date = DateValue.parse(first["date"]) if first.get("date") else None
        articles.append(GoldArticle(name=f"correction_{first.get('article_id', len(articles))}",
                                    path=path, body=body, date=date, gold=gold))
    return articles


def with_corrections(gold: Sequence[GoldArticle], corrections: Sequence[GoldArticle]) -> list[GoldArticle]:
    """``gold`` plus ``corrections``; a correction of a gold article's text replaces the gold
    speaker of the quote with the same text (or adds the quote)."""
    merged = list(gold)
    by_body = {article.body: index for index, article in enumerate(merged)}
    for correction in corrections:
        index = by_body.get(correction.body)
        if index is None:
            merged.append(correction)
            continue
        original = merged[index]
        fixed = {q["text"]: q for q in correction.gold["quotes"]}
        quotes = [q | {"speaker": fixed.pop(q["text"])["speaker"]} if q["text"] in fixed else q
                  for q in original.gold.get("quotes", [])]
        people = sorted({*original.gold.get("people", []), *correction.gold["people"]})
        gold_data = original.gold | {"quotes": quotes + list(fixed.values()), "people": people}
        merged[index] = dataclasses.replace(original, gold=gold_data)
    return merged


def train_with_corrections(directories: Sequence[Path], corrections: Path, *, out: Path,
                           cache: Path | None = None,
                           progress: Callable[[str], None] | None = None) -> RankerModel:
    """``newsgraph.learn.attribution.train`` with the quote corrections of ``corrections``
    added to the gold of ``directories``; the weights are written to ``out``."""
    import datetime as dt

    from newsgraph.learn.attribution import fit, prepare
    from newsgraph.learn.gold_docs import load_articles

    gold = with_corrections(load_articles(directories), load_corrections(corrections))
    model = fit(prepare(gold, cache=cache, progress=progress), meta={
        "trained_on": [*(str(d) for d in directories), str(corrections)],
        "trained": dt.date.today().isoformat(),
        "script": "newsgraph train attribution --with-corrections",
    })
    out.write_text(model.to_json(), encoding="utf-8")
    return model
