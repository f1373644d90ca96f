"""What every learned component's training reads: gold directories and their parses.

Shared by :mod:`newsgraph.learn.attribution` and :mod:`newsgraph.learn.salience`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from spacy.tokens import Doc, DocBin

from newsgraph.evaluate.gold import GoldArticle, load_gold_dir
from newsgraph.nlp.models import load_model


def load_articles(directories: Sequence[Path]) -> list[GoldArticle]:
    """Every gold article of ``directories``, in order."""
    articles: list[GoldArticle] = []
    for directory in directories:
        articles.extend(load_gold_dir(directory))
    return articles


def parse(article: GoldArticle, lang: str, cache: Path | None) -> Doc:
    """The article parsed with the language's model; kept in ``cache`` (DocBin) when given,
    and read back from it when the cached text is still the article's."""
    nlp = load_model(lang)
    stored = cache / f"{article.name}.{lang}.spacy" if cache is not None else None
    if stored is not None and stored.exists():
        doc = next(iter(DocBin().from_disk(stored).get_docs(nlp.vocab)))
        if doc.text == article.body:
            return doc
    doc = nlp(article.body)
    if stored is not None:
        stored.parent.mkdir(parents=True, exist_ok=True)
        docs = DocBin(store_user_data=False)
        docs.add(doc)
        docs.to_disk(stored)
    return doc
