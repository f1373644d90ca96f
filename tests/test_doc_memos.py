"""Per-Doc answers read once (the speed pass of the entity, quote and time stages): the same
answers as spaCy's own attributes, remembered for the last Doc only."""

from __future__ import annotations

import pytest

from newsgraph.nlp.models import load_model


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "Paul Grant left Norvex on Monday.\nLina Okafor, who ran Halvard, said: \"We stay.\" "
           "Then she left."),
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


def test_commas_between_are_the_commas_of_tokens_between() -> None:
    """The incise split reads only the commas of a quotation, found once per article."""
    from newsgraph.nlp.quote_scan import QuoteScan

    nlp = load_model("fr")
    doc = nlp("« Nous restons, affirme-t-elle, à Norvex », a dit Lina Okafor, puis « Halvard, non ».")
    doc._.article = None
    scan = QuoteScan(doc, [])
    text = doc.text
    for start, end in ((0, len(text)), (0, 20), (text.index("Halvard"), len(text)), (5, 5)):
        commas = [t.i for t in scan.tokens_between(start, end) if t.text == ","]
        assert [t.i for t in scan.commas_between(start, end)] == commas
    assert len(scan.commas_between(0, len(text))) == 5


def test_incise_opener_remembered_is_computed_anew() -> None:
    """``incise_opener`` is remembered per word: its answers are those computed afresh, for
    every word of two Docs read in turn."""
    from newsgraph.nlp.cue_subjects import incise_opener

    nlp = load_model("fr")
    first = nlp("« Nous restons », a déclaré Lina Okafor. « Non », répond-il, « jamais ».")
    second = nlp("« Halvard ferme », a-t-elle ajouté, estimant que Norvex partira.")
    for doc in (first, second, first):
        for token in doc:
            fresh = incise_opener.__wrapped__(token)  # type: ignore[attr-defined]
            assert incise_opener(token) == fresh
            assert incise_opener(token) == fresh  # the remembered answer, asked again
    assert incise_opener(first[5]) == 4


def test_per_doc_asks_anew_when_the_doc_was_retokenised() -> None:
    """A Doc merged after its sentence starts were remembered gets its new starts."""
    from newsgraph.nlp.component import sentence_of, sentence_starts

    nlp = load_model("en")
    doc = nlp("Paul Grant left Norvex. Lina Okafor stayed at Halvard.")
    assert sentence_starts(doc) == (0, 5)
    with doc.retokenize() as retokenizer:
        retokenizer.merge(doc[0:2])
    assert sentence_starts(doc) == (0, 4)
    assert sentence_of(doc[5]).start == 4 == doc[5].sent.start


def test_position_features_read_in_one_pass() -> None:
    """Where a candidate's mentions stand around a quote (before, after, inside, in its
    sentence, the next one), as the ranker's features name them."""
    from newsgraph.model import Mention
    from newsgraph.nlp.attribution.candidates import MentionFacts
    from newsgraph.nlp.attribution.features import _around
    from newsgraph.nlp.quote_scan import Found

    def facts(start: int, sentence: int, *, quoted: bool = False, speaks: bool = False) -> MentionFacts:
        return MentionFacts(Mention(start, start + 5, "Grant", sentence), sentence, 0, quoted,
                            speaks, speaks)

    class Context:
        first_sentence, last_sentence = 6, 6

    item = Found(100, 150, "direct")
    mentions = [facts(10, 1, speaks=True), facts(60, 6), facts(80, 6, quoted=True),
                facts(120, 6, quoted=True), facts(160, 7, speaks=True)]
    around = _around(Context(), item, mentions)  # type: ignore[arg-type]
    assert around.named_in_quote and around.any_before and around.any_after
    assert around.sentence_before and not around.sentence_after
    assert around.next_sentence and around.next_sentence_speaks
    assert around.last_before is mentions[1]
    assert not around.recent_speech_subject and not around.recent_subject
    assert not around.speech_subject_in_sentence
    only_inside = _around(Context(), item, [facts(120, 6, speaks=True)])  # type: ignore[arg-type]
    assert only_inside.named_in_quote and only_inside.last_before is None
    assert only_inside.speech_subject_in_sentence is False
