"""The indexed match step of the attribute ruler finds exactly what spaCy's Matcher finds."""

from __future__ import annotations

from pathlib import Path

import spacy
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

from newsgraph.config import get_settings
from newsgraph.nlp.attribute_rules import IndexedMatch, Matches, apply_matches
from newsgraph.nlp.models import load_model

ENGLISH = (
    "Hamas said it's gonna be hard. \"We ain't done,\" he told the AP on Tuesday, and "
    "there were 12 people who didn't come.\n\nI asked you to give it to me; y'all know nothin'.\n"
)


def unruled(lang: str, text: str) -> tuple[AttributeRuler, Doc]:
    """The model's own ruler, and ``text`` parsed up to it (the ruler not yet applied)."""
    nlp = spacy.load(get_settings().models[lang])
    with nlp.select_pipes(disable=["attribute_ruler", "lemmatizer", "ner"]):
        doc = nlp(text)
    return nlp.get_pipe("attribute_ruler"), doc


def test_the_models_rules_match_as_with_spacy(seed_text: str) -> None:
    for lang, text in (("fr", seed_text), ("en", ENGLISH)):
        ruler, doc = unruled(lang, text)
        indexed = IndexedMatch(ruler)
        assert not len(indexed.rest)  # every rule of these models is indexed
        expected = sorted(set(AttributeRuler.match(ruler, doc)))
        assert expected and indexed(doc) == expected


def test_every_kind_of_rule_matches_as_with_spacy() -> None:
    ruler, doc = unruled("en", ENGLISH)
    ruler.clear()
    ruler.add([[{"LOWER": "it"}], [{"TEXT": "It"}]], {"MORPH": "Case=Nom"})
    ruler.add([[{"TAG": {"IN": ["VBD", "VBZ"]}, "LOWER": {"NOT_IN": ["said"]}}]], {"POS": "VERB"})
    ruler.add([[{"DEP": "nsubj"}, {"LOWER": {"REGEX": "^(?:said|told)$"}}]], {"LEMMA": "say"}, index=1)
    ruler.add([[{"IS_SPACE": True}]], {"POS": "SPACE"})
    ruler.add([[{"LOWER": "the"}, {}]], {"LEMMA": "x"}, index=-1)  # any token after "the"
    ruler.add([[{"IS_PUNCT": True}]], {"TAG": "X"})  # not indexed: spaCy's Matcher
    ruler.add([[{"LOWER": "we"}, {"IS_ALPHA": True, "OP": "+"}]], {"TAG": "Y"})  # idem
    indexed = IndexedMatch(ruler)
    assert len(indexed.rules) == 6 and len(indexed.rest) == 2
    expected = sorted(set(AttributeRuler.match(ruler, doc)))
    assert len({key for key, *_ in expected}) == 7
    assert indexed(doc) == expected
    ruler.add([[{"LOWER": "people"}]], {"TAG": "NNS"})  # added afterwards: spaCy's own match
    assert indexed(doc) == AttributeRuler.match(ruler, doc)


def test_rules_applied_array_by_array_annotate_as_spacy() -> None:
    """Later rules override earlier ones, whatever token of its match a rule points at."""
    ruler, doc = unruled("en", ENGLISH)
    ruler.clear()
    ruler.add([[{"TAG": {"IN": ["VBD", "VBZ", "VBP"]}}]], {"POS": "VERB", "MORPH": "Tense=Past"})
    ruler.add([[{"LOWER": "said"}]], {"POS": "AUX", "LEMMA": "say", "TAG": "XX"})  # overrides POS
    ruler.add([[{"DEP": "nsubj"}, {"TAG": {"NOT_IN": ["VBD"]}}]], {"MORPH": "Case=Nom", "DEP": "subj"},
              index=0)
    ruler.add([[{"LOWER": "the"}, {}]], {"LEMMA": "after-the"}, index=-1)
    ruler.add([[{"IS_SPACE": True}]], {"POS": "SPACE", "MORPH": "_", "TAG": "_SP"})
    ruler.add([[{"LOWER": {"REGEX": "^(?:we|he|it)$"}}]], {"MORPH": "Person=3"})  # after the first
    matches = IndexedMatch(ruler)(doc)
    assert isinstance(matches, Matches) and matches.by_rule
    expected = doc.copy()
    AttributeRuler.set_annotations(ruler, expected, AttributeRuler.match(ruler, expected))
    apply_matches(ruler, doc, matches)
    attrs = ["TAG", "POS", "MORPH", "LEMMA", "DEP", "HEAD"]
    assert (doc.to_array(attrs) == expected.to_array(attrs)).all()
    assert [t.morph.to_dict() for t in doc] == [t.morph.to_dict() for t in expected]
    assert {t.lemma_ for t in doc} >= {"say", "after-the"} and "Case=Nom" in {str(t.morph) for t in doc}


def test_the_pipeline_annotates_as_with_spacys_matcher(seed_text: str, dev_dir: Path) -> None:
    texts = [("fr", seed_text), ("en", ENGLISH)] + [
        (path.name[:2], path.read_text(encoding="utf-8")) for path in sorted(dev_dir.glob("*.txt"))[:3]]
    for lang, text in texts:
        fast = load_model(lang)
        plain = spacy.load(get_settings().models[lang], disable=["lemmatizer"])
        assert isinstance(fast.get_pipe("attribute_ruler").match, IndexedMatch)
        attrs = ["TAG", "POS", "MORPH", "LEMMA", "DEP", "HEAD", "ENT_TYPE", "ENT_IOB"]
        with fast.select_pipes(disable=["newsgraph_line_breaks"]):
            ours = fast(text)
        assert (ours.to_array(attrs) == plain(text).to_array(attrs)).all()


def test_a_rule_pointing_outside_its_match_fails_as_in_spacy() -> None:
    import pytest

    ruler, doc = unruled("en", ENGLISH)
    ruler.clear()
    ruler.add([[{"LOWER": "hamas"}]], {"TAG": "NNP"}, index=1)  # one token, index 1: outside
    with pytest.raises(ValueError, match="E1001"):
        apply_matches(ruler, doc, IndexedMatch(ruler)(doc))
