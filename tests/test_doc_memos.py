"""Per-Doc answers read once (the speed pass of the entity, quote and time stages): the same
answers as spaCy's own attributes, remembered for the last Doc only."""

from __future__ import annotations

import pytest

from newsgraph.nlp.models import load_model


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "Paul Grant left Norvex on Monday.\nLina Okafor, who ran Halvard, said: \"We stay.\" Then she left."),
    ("fr", "Paul Grant a quitté Norvex lundi.\nLina Okafor, qui dirigeait Halvard, a dit : « Nous restons. » "
           "Puis elle est partie."),
])
def test_sentence_of_is_token_sent(lang: str, text: str) -> None:
    """``sentence_of`` gives every word the sentence ``Token.sent`` gives, across two Docs read
    in turn (a new Doc starts afresh, then the first is read again)."""
    from newsgraph.nlp.component import sentence_of

    nlp = load_model(lang)
    first, second = nlp(text), nlp("Norvex closed. Halvard stayed open." if lang == "en" else
                                   "Norvex a fermé. Halvard est resté ouvert.")
    for doc in (first, second, first):
        for token in doc:
            sentence = sentence_of(token)
            assert (sentence.start, sentence.end) == (token.sent.start, token.sent.end)
            assert sentence.doc is doc
    assert len({sentence_of(token).start for token in first}) == len(list(first.sents)) >= 3


def test_per_doc_computes_once_per_doc_and_forgets_the_previous() -> None:
    from newsgraph.nlp.models import per_doc

    asked: list[str] = []

    @per_doc
    def words(doc: object) -> int:
        asked.append(doc.text)  # type: ignore[attr-defined]
        return len(doc)  # type: ignore[arg-type]

    nlp = load_model("en")
    doc, other = nlp("Paul Grant left."), nlp("Lina Okafor stayed at Norvex.")
    assert words(doc) == words(doc) == 4
    assert asked == ["Paul Grant left."]
    assert words(other) == 6
    assert words(doc) == 4
    assert asked == ["Paul Grant left.", "Lina Okafor stayed at Norvex.", "Paul Grant left."]


def test_per_doc_keeps_each_threads_last_doc() -> None:
    import threading

    from newsgraph.nlp.models import per_doc

    asked: list[int] = []

    @per_doc
    def size(doc: object) -> int:
        asked.append(len(doc))  # type: ignore[arg-type]
        return len(doc)  # type: ignore[arg-type]

    nlp = load_model("en")
    doc, other = nlp("Paul Grant left."), nlp("Lina Okafor stayed at Norvex.")
    size(doc)
    thread = threading.Thread(target=size, args=(other,))
    thread.start()
    thread.join()
    size(doc)
    assert asked == [4, 6]


def test_organisation_name_after_an_organisation_noun_at_the_end_of_the_text() -> None:
    """« le groupe État islamique » is found wherever the noun stands; an organisation noun
    as the Doc's last word (nothing after it) is no error."""
    from newsgraph.nlp.entities import _names_after_organisation_nouns

    nlp = load_model("fr")
    doc = nlp("Paul Grant a quitté le groupe État islamique pour rejoindre le groupe")
    found = _names_after_organisation_nouns(doc, [])
    assert [(c.text, c.type) for c in found] == [("État islamique", "ORG")]
