"""The runner: component checks, long texts, failures routed per article."""

from __future__ import annotations

from typing import ClassVar

import pytest
from spacy.tokens import Doc

import newsgraph
from newsgraph.ingest.document import Failure, SourceDocument
from newsgraph.nlp.pipeline import Component, Runner, check_components, split_for_parsing


class Exploding(Component):
    name: ClassVar[str] = "exploding"
    reads: ClassVar[frozenset[str]] = frozenset({"doc.ents"})

    def __call__(self, doc: Doc) -> Doc:
        if "boom" in doc.text:
            raise ValueError("component failure")
        return doc


class NeedsQuotes(Component):
    name: ClassVar[str] = "needs-quotes"
    reads: ClassVar[frozenset[str]] = frozenset({"article.quotes"})

    def __call__(self, doc: Doc) -> Doc:
        return doc


def test_a_component_reading_what_nothing_writes_is_refused() -> None:
    with pytest.raises(ValueError, match="needs-quotes"):
        check_components([NeedsQuotes()])


def test_one_failing_article_does_not_stop_the_batch() -> None:
    seen: list[Failure] = []
    runner = Runner(components=[Exploding()], on_failure=seen.append)
    documents = [
        SourceDocument(source="one", text="Le chat dort.", lang="fr"),
        SourceDocument(source="two", text="Le boom du marché.", lang="fr"),
        SourceDocument(source="three", text="Le chien aboie.", lang="fr"),
    ]
    results = list(runner.analyse(documents))
    assert [type(r).__name__ for r in results] == ["Article", "Failure", "Article"]
    assert seen and seen[0].source == "two" and "component failure" in seen[0].problem


def test_split_for_parsing_is_exact_and_bounded() -> None:
    text = ("Un paragraphe assez long. " * 40 + "\n\n") * 30
    chunks = split_for_parsing(text, limit=2000)
    assert "".join(chunks) == text
    assert all(len(chunk) <= 2000 for chunk in chunks)
    one_paragraph = "mot " * 5000
    assert "".join(split_for_parsing(one_paragraph, limit=1000)) == one_paragraph


def test_long_article_offsets_still_index_the_text() -> None:
    paragraph = "Le président Emmanuel Macron a reçu le chancelier Olaf Scholz à Paris. " * 30
    text = "\n\n".join([paragraph] * 60)  # ~130k characters: parsed in chunks
    article = newsgraph.extract(text, lang="fr")
    assert article.text == text
    macron = [e for e in article.entities if e.name == "Emmanuel Macron"]
    assert macron and len(macron[0].mentions) >= 60
    for entity in article.entities:
        for mention in entity.mentions:
            assert text[mention.start : mention.end] == mention.text


def test_extract_without_a_date_leaves_it_unknown() -> None:
    article = newsgraph.extract("Le maire de Lyon a parlé hier.", lang="fr")
    assert article.date is None


def test_extract_with_a_date_keeps_its_precision() -> None:
    article = newsgraph.extract("Le maire de Lyon a parlé.", date="2023-09", lang="fr")
    assert article.date is not None
    assert (article.date.value, article.date.precision) == ("2023-09", "month")
