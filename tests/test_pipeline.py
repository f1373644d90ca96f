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


# -- long texts: parsed chunk by chunk, bounded batches (issue #16) -------------------------


def _long_french_text(paragraphs: int) -> str:
    """Paragraphs of varied sentences (names, places, quotes), ~700 characters each."""
    people = ["Emmanuel Macron", "Anne Hidalgo", "Olaf Scholz", "Sophie Binet", "Laurent Berger"]
    places = ["Paris", "Lyon", "Berlin", "Marseille", "Nantes"]
    chosen = []
    for number in range(paragraphs):
        person, other = people[number % 5], people[(number + 2) % 5]
        place = places[(number * 3) % 5]
        chosen.append(
            f"« Nous devons agir vite », a déclaré {person} mardi à {place}. {other} a reçu "
            f"{person} au ministère pour parler du budget. Selon la CGT, les négociations "
            f"allaient reprendre. Les manifestants se sont rassemblés devant la préfecture de "
            f"{place}. « La situation est grave mais pas désespérée », a estimé {other}. "
            "Plusieurs milliers de personnes ont défilé dans le calme, sans aucun incident. "
            f"{person} a expliqué que la réforme serait appliquée dès l'automne. Le texte sera "
            "examiné au Sénat la semaine prochaine, après un long débat à l'Assemblée. "
            f"Interrogé à {place}, {other} a assuré : « Personne ne sera laissé de côté ». "
            "Les discussions ont duré plus de six heures."
        )
    return "\n\n".join(chosen)


def test_a_long_article_is_exact_in_its_last_chunk() -> None:
    from newsgraph.nlp.models import CHUNK_CHARS, PARSE_WHOLE_CHARS

    last = ("« Le dernier mot appartient aux habitants », a déclaré Gérald Darmanin jeudi à "
            "Perpignan.")
    text = _long_french_text(150) + "\n\n" + last
    assert len(text) > PARSE_WHOLE_CHARS
    chunks = split_for_parsing(text)
    assert len(chunks) > 10 and all(len(chunk) <= CHUNK_CHARS for chunk in chunks)
    last_chunk_start = len(text) - len(chunks[-1])
    position = text.index(last)
    assert position >= last_chunk_start

    article = newsgraph.extract(text, lang="fr")
    assert article.text == text
    darmanin = [e for e in article.entities if e.name == "Gérald Darmanin"]
    assert darmanin and [(m.start, m.text) for m in darmanin[0].mentions] == [
        (text.index("Gérald Darmanin"), "Gérald Darmanin")
    ]
    perpignan = [m for e in article.entities for m in e.mentions if m.text == "Perpignan"]
    assert [m.start for m in perpignan] == [text.index("Perpignan")]
    final = [q for q in article.quotes if q.start >= position]
    assert len(final) == 1
    quote = final[0]
    assert text[quote.start : quote.end] == quote.text
    assert "Le dernier mot appartient aux habitants" in quote.text
    assert quote.speaker is not None and quote.speaker.entity_id == darmanin[0].id
    assert quote.speaker.start is not None and quote.speaker.end is not None
    assert text[quote.speaker.start : quote.speaker.end] == "Gérald Darmanin"
    assert quote.cue is not None and text[quote.cue.start : quote.cue.end] == quote.cue.text == "déclaré"
    # everything else points at its own characters too, in every chunk
    in_last_chunk = 0
    for entity in article.entities:
        for mention in entity.mentions:
            assert text[mention.start : mention.end] == mention.text
            in_last_chunk += mention.start >= last_chunk_start
    assert in_last_chunk >= 5
    for found in article.quotes:
        assert text[found.start : found.end] == found.text
        if found.speaker is not None and found.speaker.start is not None:
            assert found.speaker.end is not None
            assert text[found.speaker.start : found.speaker.end].strip()
    assert sum(q.start >= last_chunk_start for q in article.quotes) >= 3
    for time in article.times:
        assert text[time.start : time.end] == time.text


def test_a_long_text_reaches_spacy_one_small_chunk_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    from newsgraph.nlp import pipeline
    from newsgraph.nlp.models import CHUNK_CHARS

    nlp = load_model("fr")
    calls: list[tuple[list[str], int | None]] = []
    pipe = nlp.pipe

    def recording(texts: list[str], *, batch_size: int | None = None) -> Iterator[Doc]:
        calls.append((list(texts), batch_size))
        return pipe(calls[-1][0], batch_size=batch_size)

    monkeypatch.setattr(nlp, "pipe", recording)
    text = _long_french_text(145)  # ~101,000 characters
    doc = pipeline.parse(nlp, text)
    assert doc.text == text and len(doc) == len(load_model("fr").make_doc(text))
    assert len(calls) == 1 and calls[0][1] == 1  # one chunk per batch
    assert "".join(calls[0][0]) == text and max(map(len, calls[0][0])) <= CHUNK_CHARS
    assert doc.tensor.size == 0  # tok2vec output dropped: no component reads it
    sentence_starts = [token.idx for token in doc if token.is_sent_start]
    for chunk_start in (sum(map(len, calls[0][0][:n])) for n in range(1, len(calls[0][0]))):
        assert chunk_start in sentence_starts  # a chunk boundary is a paragraph boundary


def test_batches_are_bounded_in_characters_and_keep_the_order() -> None:
    from newsgraph.nlp.models import BATCH_CHARS, PARSE_WHOLE_CHARS
    from newsgraph.nlp.pipeline import _batches

    ordinary = ["a" * 4_600] * 32
    assert list(_batches(ordinary)) == [ordinary]  # a usual batch stays one spaCy call
    medium = ["b" * 90_000] * 32  # each under the whole-parse limit, 2.9 M characters in all
    groups = list(_batches(medium))
    assert all(sum(map(len, group)) <= BATCH_CHARS for group in groups)
    assert [text for group in groups for text in group] == medium
    long_text = "c" * (PARSE_WHOLE_CHARS + 1)
    mixed = ["x" * 10, long_text, "y" * 10, "z" * 10]
    assert list(_batches(mixed)) == [["x" * 10], [long_text], ["y" * 10, "z" * 10]]


def test_split_batches_parse_exactly_as_one_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    from newsgraph.nlp import pipeline

    nlp = load_model("en")
    texts = [f"Senator {name} met the mayor of Boston on Tuesday. \"We will not give in,\" "
             f"{name} said." for name in ("Ann Lee", "Bob Stone", "Carla Diaz", "Dan Wu")]
    whole = pipeline._parse_all(nlp, texts)
    monkeypatch.setattr(pipeline, "BATCH_CHARS", len(texts[0]) + 1)
    split = pipeline._parse_all(nlp, texts)
    attrs = list(Doc._get_array_attrs())  # type: ignore[attr-defined]
    for one, other in zip(whole, split, strict=True):
        assert isinstance(one, Doc) and isinstance(other, Doc)
        assert (one.to_array(attrs) == other.to_array(attrs)).all()


def test_the_default_size_limit_fits_one_article_in_a_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEWSGRAPH_MAX_BYTES", raising=False)
    limit_mib = get_settings().max_bytes / (1024 * 1024)
    # a worker with both models: ~520 MiB; a long article: ≤ 300 MB per MB (issue #16)
    assert limit_mib == 3 and 520 + 300 * limit_mib <= 1.5 * 1024
