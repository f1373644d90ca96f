"""What the event and time layers read from the parse (``feature`` in ``nlp/models.py``).
Sentences written for these tests; nothing from the evaluation articles."""

from __future__ import annotations

import pytest

from newsgraph.nlp.models import feature, load_model

_FIELDS = ("Tense", "VerbForm", "Mood", "Voice", "Number", "Gender", "Definite", "Poss", "NumType",
           "PronType")


@pytest.mark.parametrize(("lang", "text"), [
    ("fr", "La directrice de Norvex avait annoncé que ses deux usines fermeraient le premier mars."),
    ("en", "Paul Grant's lawyers were told that Halvard Industries would close its first plant."),
])
def test_feature_gives_the_values_morph_get_gives(lang: str, text: str) -> None:
    """``feature`` remembers a word's feature values per analysis: the same values as
    ``Token.morph.get``, in the same order, for every word and field, twice over."""
    doc = load_model(lang)(text)
    for _ in range(2):
        for token in doc:
            for field in _FIELDS:
                assert feature(token, field) == tuple(token.morph.get(field, []))
    assert any(feature(token, "Tense") for token in doc)
    assert feature(doc[0], "NoSuchField") == ()


@pytest.mark.parametrize(("lang", "text"), [
    ("fr", "Paul Grant a quitté Norvex. Lina Okafor, qui dirigeait Halvard, l'a remplacé jeudi à Oslo."),
    ("en", "Paul Grant left Norvex. Lina Okafor, who ran Halvard, was named to replace him on Monday."),
])
def test_words_read_once_give_what_spacy_gives(lang: str, text: str) -> None:
    """The answers remembered per word (``per_word``: children, conjuncts, subject, preposition,
    lemma) are spaCy's, for every word, asked twice over and across two Docs in turn (a new Doc
    starts afresh, then the first is read again)."""
    from newsgraph.nlp.events.syntax import children, conjuncts_of, preposition, subject_of
    from newsgraph.nlp.models import lemma

    nlp = load_model(lang)
    other = "Norvex a fermé son usine." if lang == "fr" else "Norvex closed its plant."
    first, second = nlp(text), nlp(other)
    for doc in (first, second, first, first):
        for token in doc:
            assert [c.i for c in children(token)] == [c.i for c in token.children]
            assert [c.i for c in conjuncts_of(token)] == [c.i for c in token.conjuncts]
            subject = next((c for c in token.children if c.dep_ in ("nsubj", "csubj")), None)
            assert (subject_of(token).i if subject_of(token) is not None else None) == \
                (subject.i if subject is not None else None)
            assert isinstance(preposition(token), str)
            assert all(c.doc is doc for c in children(token))
    assert lemma(next(t for t in first if t.pos_ == "VERB")) in ("quitter", "leave")


def test_per_word_remembers_none_and_only_the_last_doc() -> None:
    """``per_word`` computes once per word, "no answer" (None) included, and forgets a Doc's
    answers when another Doc is asked about (memory stays bounded)."""
    from newsgraph.nlp.models import per_word

    asked: list[int] = []

    @per_word
    def nothing(token: object) -> None:
        asked.append(token.i)  # type: ignore[attr-defined]

    nlp = load_model("en")
    doc, other = nlp("Paul Grant left."), nlp("Lina Okafor stayed.")
    nothing(doc[0])
    nothing(doc[0])
    assert asked == [0]
    nothing(other[0])
    nothing(doc[0])
    assert asked == [0, 0, 0]


def test_per_word_keeps_each_threads_last_doc() -> None:
    """Threads analysing other articles keep their own answers: one thread's Doc does not make
    another start afresh, nor read its answers."""
    import threading

    from newsgraph.nlp.models import per_word

    asked: list[str] = []

    @per_word
    def word_text(token: object) -> str:
        asked.append(token.text)  # type: ignore[attr-defined]
        return token.text  # type: ignore[attr-defined,no-any-return]

    nlp = load_model("en")
    doc, other = nlp("Paul Grant left."), nlp("Lina Okafor stayed.")
    assert word_text(doc[0]) == "Paul"
    answers: list[str] = []
    thread = threading.Thread(target=lambda: answers.append(word_text(other[0])))
    thread.start()
    thread.join()
    assert answers == ["Lina"] and word_text(doc[0]) == "Paul"
    assert asked == ["Paul", "Lina"]


@pytest.mark.parametrize(("lang", "text"), [
    ("fr", "Paul Grant a quitté Norvex.\n\nLina Okafor l'a remplacé. Elle dirigeait Halvard depuis 2019 !"),
    ("en", "Paul Grant left Norvex.\n\nLina Okafor replaced him. She had run Halvard since 2019!"),
])
def test_sentence_of_is_token_sent(lang: str, text: str) -> None:
    """``Actors.sentence_of`` reads the sentence from the starts found once per article: the same
    span as ``Token.sent`` for every word, across line breaks."""
    from newsgraph.model import Article
    from newsgraph.nlp.events.actors import Actors

    doc = load_model(lang)(text)
    actors = Actors(doc, Article(id="a", source="s", text=text, lang=lang))
    for token in doc:
        sentence = actors.sentence_of(token)
        assert (sentence.start, sentence.end) == (token.sent.start, token.sent.end)


@pytest.mark.parametrize(("lang", "text"), [
    ("fr", "Paul Grant et Lina Okafor ont rencontré Norvex, Halvard et la ministre, puis sont partis."),
    ("en", "Paul Grant and Lina Okafor met Norvex, Halvard and the minister, then left for Oslo."),
])
def test_conjuncts_of_is_token_conjuncts(lang: str, text: str) -> None:
    """``conjuncts_of`` answers () without spaCy's walk for a word that is no conjunct and has
    nothing on its right: the same conjuncts as ``Token.conjuncts`` for every word."""
    from newsgraph.nlp.events.syntax import conjuncts_of

    doc = load_model(lang)(text)
    for token in doc:
        assert [c.i for c in conjuncts_of(token)] == [c.i for c in token.conjuncts]
    assert any(len(conjuncts_of(token)) >= 2 for token in doc)


@pytest.mark.parametrize(("lang", "text"), [
    ("fr", "Paul Grant, qui dirigeait Norvex, a vendu ses parts à Halvard. Elle l'a remercié jeudi."),
    ("en", "Paul Grant, who ran Norvex, sold his stake to Halvard. She thanked him on Thursday."),
])
def test_pos_ids_are_token_pos(lang: str, text: str) -> None:
    """``Actors.pos_ids``, read once per article from the Doc's array, gives every word the part
    of speech ``Token.pos_`` names (compared as ``spacy.symbols`` ids)."""
    from spacy.symbols import NOUN, PRON, PROPN, VERB

    from newsgraph.model import Article
    from newsgraph.nlp.events.actors import Actors

    doc = load_model(lang)(text)
    actors = Actors(doc, Article(id="a", source="s", text=text, lang=lang))
    assert actors.pos_ids == [doc.vocab.strings[token.pos_] for token in doc]
    symbols = {"NOUN": NOUN, "PRON": PRON, "PROPN": PROPN, "VERB": VERB}
    for token in doc:
        if token.pos_ in symbols:
            assert actors.pos_ids[token.i] == symbols[token.pos_]
    assert {PROPN, VERB} <= set(actors.pos_ids)


@pytest.mark.parametrize(("lang", "text", "opens"), [
    ("en", "Later, Paul Grant resigned from the board of Norvex after a long dispute with Halvard.", True),
    ("en", "Paul Grant later resigned from the board of Norvex after a long dispute with Halvard.", False),
    ("fr", "Par la suite, Lina Okafor a quitté Halvard après un long conflit avec la direction.", True),
    ("fr", "Lina Okafor a quitté Halvard par la suite, après un long conflit avec la direction.", False),
])
def test_sentence_opened_by_an_adverb_of_sequence(lang: str, text: str, opens: bool) -> None:
    """Guard: reading only a sentence's first words finds the same opening adverb of sequence."""
    from newsgraph.nlp.events.dates import _opens_with_sequence

    doc = load_model(lang)(text)
    assert _opens_with_sequence(next(iter(doc.sents))) is opens
