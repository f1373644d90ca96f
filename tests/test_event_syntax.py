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
