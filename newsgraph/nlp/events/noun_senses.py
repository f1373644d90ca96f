"""Uses of a general news noun that name no event (docs/events.md, "Review of the sixteenth
pass"): a natural hazard as a word of quantity ("a storm of criticism", « une avalanche de
courriels »), a trade rather than one act ("the sale of alcohol", « la vente en ligne »,
"online sales"), a faculty rather than a session of a court ("his hearing")."""

from __future__ import annotations

from spacy.tokens import Token

from newsgraph.nlp.events.roles import of_complement
from newsgraph.nlp.events.syntax import children, preposition
from newsgraph.nlp.lexicon import word_list
from newsgraph.nlp.models import feature, lemma

_DETERMINERS = frozenset({"det", "poss", "nmod:poss", "nummod"})
_MODIFIERS = frozenset({"amod", "compound"})
_JUSTICE_PREPS = frozenset({"of", "before", "on", "into"})


def names_no_event(noun: Token, lang: str) -> bool:
    """Whether a noun the general types list names no event in this use."""
    return hazard_of_quantity(noun, lang) or names_a_trade(noun, lang) or names_a_faculty(noun, lang)


def natural_hazard(noun: Token, lang: str) -> bool:
    """A storm, a quake, an avalanche (``natural_hazards``): an event nobody does."""
    return lemma(noun) in word_list("natural_hazards", lang)


def hazard_of_quantity(noun: Token, lang: str) -> bool:
    """A natural hazard before a bare "of/de" complement that is not what hazards are made of:
    "a storm of criticism", « une avalanche de courriels » (not « une tempête de neige »)."""
    if not natural_hazard(noun, lang):
        return False
    complement = of_complement(noun)
    if complement is None or not _bare(complement):
        return False
    return lemma(complement) not in word_list("hazard_matter", lang)


def names_a_trade(noun: Token, lang: str) -> bool:
    """A noun of sale or loan naming the trade: plural ("online sales", « les prêts
    immobiliers »), with a bare "of/de" complement ("the sale of alcohol", « la vente
    d'alcool ») or a bare « en » one (« la vente en ligne »)."""
    if lemma(noun) not in word_list("trade_nouns", lang):
        return False
    if "Plur" in feature(noun, "Number"):
        return True
    complement = of_complement(noun)
    if complement is not None and _bare(complement):
        return True
    return any(c.dep_ == "nmod" and preposition(c) == "en" and _bare(c) for c in children(noun))


def names_a_faculty(noun: Token, lang: str) -> bool:
    """A noun that also names a faculty behind a possessive determiner, with no complement or
    modifier of its own: "his hearing" (not "the hearing of Paul Grant before the court")."""
    if lemma(noun) not in word_list("faculty_nouns", lang):
        return False
    dependents = children(noun)
    possessive = any(c.dep_ in ("poss", "nmod:poss") and c.pos_ == "PRON" for c in dependents)
    own = any(c.dep_ in _MODIFIERS or (c.dep_ == "prep" and c.lower_ in _JUSTICE_PREPS) or c.dep_ == "det"
              for c in dependents)
    return possessive and not own


def _bare(noun: Token) -> bool:
    """A common noun with no determiner, number or name: "criticism", « courriels », « alcool »."""
    if noun.pos_ != "NOUN" or noun.ent_type_:
        return False
    return not any(c.dep_ in _DETERMINERS for c in children(noun))
