"""An event's type from its trigger word: the PLOVER lexicon (``data/plover_triggers.LANG.tsv``)
with the conditions a line may set, else the open-domain types (``event_lexicon.open_trigger``)."""

from __future__ import annotations

from spacy.tokens import Token

from newsgraph.nlp.event_lexicon import Trigger, triggers
from newsgraph.nlp.events.actors import actor_sectors
from newsgraph.nlp.events.syntax import OBLIQUES, REFLEXIVES, SUBJECTS, children, is_passive, near_dependents
from newsgraph.nlp.lexicon import word_list
from newsgraph.nlp.models import lemma

TRIGGER_TAGS = frozenset({"VERB", "NOUN"})


def trigger_of(token: Token, lang: str) -> Trigger | None:
    """The first lexicon trigger of the token whose condition holds, else None."""
    pos = token.pos_
    if pos not in TRIGGER_TAGS:
        return None
    candidates = lexicon_triggers(token, lang)
    return next((t for t in candidates if condition_holds(token, t.condition, lang)), None)


def lexicon_triggers(token: Token, lang: str) -> list[Trigger]:
    """The lexicon's triggers for the token's lemma (else its lower-case form) and tag, before
    their conditions are checked."""
    by_word = triggers(lang)
    return by_word.get((lemma(token), token.pos_)) or by_word.get((token.lower_, token.pos_)) or []


def condition_holds(token: Token, condition: str | None, lang: str) -> bool:
    """Whether a lexicon line's condition holds: ``refl``, ``with:WORD``, ``obj:LIST``,
    ``verb:LEMMA|…``, ``agent:SECTOR|…`` or ``loc`` (docs/events.md, "Ontology mapping")."""
    if not condition:
        return True
    if condition == "refl":
        return any(c.lower_ in REFLEXIVES for c in children(token))
    if condition.startswith("with:"):
        word = condition[5:].casefold()
        return any(t.lower_ == word for t in near_dependents(token))
    if condition.startswith("obj:"):
        return _object_in_list(token, condition[4:], lang)
    if condition.startswith("verb:"):
        return _object_of_support_verb(token, frozenset(condition[5:].split("|")))
    if condition.startswith("agent:"):
        return _agent_in_sectors(token, frozenset(condition[6:].split("|")), lang)
    if condition == "loc":
        return any(c.dep_ in OBLIQUES or c.dep_ == "advmod" for c in children(token))
    return True


def _object_in_list(token: Token, name: str, lang: str) -> bool:
    """"lancer des missiles" (``obj:weapons``): a near dependent is in ``data/NAME.LANG.txt``."""
    words = word_list(name, lang)
    near = near_dependents(token)
    if token.dep_.startswith("acl") or token.dep_ == "amod":
        near.append(token.head)  # "les territoires occupés": the participle's noun is its object
    return any(lemma(t) in words or t.lower_ in words for t in near if t.pos_ in ("NOUN", "ADJ", "PROPN"))


def _object_of_support_verb(noun: Token, verbs: frozenset[str]) -> bool:
    """"open fire", « ouvrir le feu » (``verb:open``): the noun is the object of one of these
    verbs, which with it name one act of another kind than the noun alone."""
    return noun.dep_ in ("obj", "dobj") and lemma(noun.head) in verbs


def _agent_in_sectors(verb: Token, sectors: frozenset[str], lang: str) -> bool:
    """The act is done by police, army or courts: passive with no other agent named ("il a été
    interpellé"), or a subject of one of those sectors ("la police a interpellé") — not a
    person challenging another ("elle l'a interpellé sur la réforme")."""
    known = actor_sectors(lang)
    agents = [c for c in children(verb) if c.dep_ in SUBJECTS or c.dep_ in ("obl:agent", "agent")]
    if not agents:
        return is_passive(verb)
    return any(known.get(lemma(a)) in sectors or known.get(a.lower_) in sectors for a in agents)
