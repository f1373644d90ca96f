"""The runner: component checks, long texts, failures routed per article."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

import pytest
from spacy.language import Language
from spacy.tokens import Doc

import newsgraph
from newsgraph.config import get_settings
from newsgraph.ingest.document import Failure, SourceDocument
from newsgraph.nlp.component import Component, token_indices
from newsgraph.nlp.models import lemma, line_breaks, load_model
from newsgraph.nlp.pipeline import Runner, check_components, split_for_parsing


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


# -- indexed token selection and the line-break component ----------------------------------


def test_token_indices_select_what_the_token_attributes_say(seed_text: str) -> None:
    nlp = load_model("fr")
    doc = nlp(seed_text)
    selections: list[dict[str, frozenset[str]]] = [
        {"lower": frozenset({"selon", "pour", "d'", "a"}), "pos": frozenset({"VERB", "AUX"})},
        # "nsubj" is one of spaCy's reserved symbols, "nsubj:pass" is a hashed string
        {"pos": frozenset({"NOUN"}), "dep": frozenset({"nsubj", "nsubj:pass"})},
        {"dep": frozenset({"obj"})},
        {},
    ]
    for selection in selections:
        expected = [
            t.i for t in doc
            if t.lower_ in selection.get("lower", ()) or t.pos_ in selection.get("pos", ())
            or t.dep_ in selection.get("dep", ())
        ]
        assert token_indices(doc, **selection) == expected
    assert token_indices(doc, dep=frozenset({"nsubj"}))  # the seed text has subjects
    assert token_indices(nlp(""), pos=frozenset({"VERB"})) == []


@pytest.mark.parametrize("text", [
    "Titre\nLe chat dort.  Il pleut.\n\nUn autre paragraphe\n",
    "\nDébut après un saut.\n \n\t\nFin",
    "Pas de saut de ligne ici. Deux phrases.",
    "Ligne\r\nsuivante",
])
def test_every_line_break_starts_a_sentence(text: str) -> None:
    nlp = load_model("fr")
    doc = line_breaks(nlp.make_doc(text))
    for token in doc[:-1]:
        if "\n" in token.text_with_ws:
            assert doc[token.i + 1].is_sent_start
        else:
            assert doc[token.i + 1].is_sent_start is None


def test_lemmas_depend_on_the_part_of_speech() -> None:
    doc = load_model("en")("She leaves early. The leaves fall.")
    leaves = [t for t in doc if t.lower_ == "leaves"]
    assert [t.pos_ for t in leaves] == ["VERB", "NOUN"]
    assert [lemma(t) for t in leaves] == ["leave", "leaf"]


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        (
            "fr",
            "Les soldats ont lancé deux missiles balistiques, a-t-elle déclaré. Les sanctions "
            "imposées depuis 2006 interdisent les ventes d'armes ; Moscou nie toute livraison.",
        ),
        (
            "en",
            "The soldiers launched two ballistic missiles, she said. Sanctions imposed since "
            "2006 forbid arms sales; Moscow denies any deliveries and was accusing others.",
        ),
    ],
)
def test_on_demand_lemmas_equal_the_models_own_lemmatizer(lang: str, text: str) -> None:
    import spacy

    reference = spacy.load(get_settings().models[lang])  # lemmatizer on, lookup lists as shipped
    doc = load_model(lang)(text)
    assert [t.pos_ for t in doc] == [t.pos_ for t in reference(text)]
    assert [lemma(t) for t in doc] == [t.lemma_.lower() for t in reference(text)]


def _record_parses(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """Patch the runner's parsing step to record (language, number of texts) per call."""
    from newsgraph.nlp import pipeline

    calls: list[tuple[str, int]] = []
    parse_all = pipeline._parse_all

    def recording(nlp: Language, texts: list[str]) -> list[Doc | Exception]:
        calls.append((nlp.lang or "?", len(texts)))
        return parse_all(nlp, texts)

    monkeypatch.setattr(pipeline, "_parse_all", recording)
    return calls


def test_languages_are_parsed_in_full_batches_and_yielded_in_input_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = _record_parses(monkeypatch)
    runner = Runner(components=[Exploding()], batch_size=2)
    documents: list[SourceDocument | Failure] = [
        SourceDocument(source="fr1", text="Le chat dort.", lang="fr"),
        SourceDocument(source="en1", text="The cat sleeps.", lang="en"),
        Failure("broken", "unreadable"),
        SourceDocument(source="fr2", text="Le chien aboie.", lang="fr"),
        SourceDocument(source="de1", text="Der Hund bellt.", lang="de"),
        SourceDocument(source="en2", text="The dog barks.", lang="en"),
        SourceDocument(source="fr3", text="Le boom du marché.", lang="fr"),
    ]
    results = list(runner.analyse(documents))
    assert [r.source for r in results] == [d.source for d in documents]
    assert [type(r).__name__ for r in results] == [
        "Article", "Article", "Failure", "Article", "Article", "Article", "Failure"
    ]
    assert calls == [("fr", 2), ("en", 2), ("fr", 1)]  # never a batch split between models


def test_a_rare_language_does_not_hold_results_without_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _record_parses(monkeypatch)
    runner = Runner(components=[], batch_size=4, pending_limit=6)
    consumed: list[str] = []

    def documents() -> Iterator[SourceDocument]:
        for number, lang in enumerate(["en"] + ["fr"] * 30):
            consumed.append(lang)
            text = "The cat sleeps." if lang == "en" else "Le chat dort."
            yield SourceDocument(source=f"{lang}{number}", text=text, lang=lang)

    results = runner.analyse(documents())
    first = next(results)
    assert first.source == "en0"
    assert len(consumed) <= 4 + 6 + 1  # the English queue is parsed alone once 6 results wait
    rest = list(results)
    assert [r.source for r in rest] == [f"fr{n}" for n in range(1, 31)]
    assert calls[0] == ("fr", 4) and ("en", 1) in calls
