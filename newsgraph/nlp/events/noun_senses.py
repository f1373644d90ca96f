"""Uses of a general news noun that name no event (docs/events.md, "Review of the sixteenth
pass"): a natural hazard as a word of quantity ("a storm of criticism", « une avalanche de
courriels »)."""

from __future__ import annotations

from spacy.tokens import Token

from newsgraph.nlp.events.roles import of_complement
from newsgraph.nlp.lexicon import word_list
from newsgraph.nlp.models import lemma

_DETERMINERS = frozenset({"det", "poss", "nmod:poss", "nummod"})


def names_no_event(noun: Token, lang: str) -> bool:
    """Whether a noun the general types list names no event in this use."""
    return hazard_of_quantity(noun, lang)


def hazard_of_quantity(noun: Token, lang: str) -> bool:
    """A natural hazard before a bare "of/de" complement that is not what hazards are made of:
    "a storm of criticism", « une avalanche de courriels » (not « une tempête de neige »)."""
    if lemma(noun) not in word_list("natural_hazards", lang):
        return False
    complement = of_complement(noun)
    if complement is None or not _bare(complement):
        return False
    return lemma(complement) not in word_list("hazard_matter", lang)


def _bare(noun: Token) -> bool:
    """A common noun with no determiner, number or name: "criticism", « courriels », « alcool »."""
    if noun.pos_ != "NOUN" or noun.ent_type_:
        return False
    return not any(c.dep_ in _DETERMINERS for c in noun.children)
