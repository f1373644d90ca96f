"""How sure the text is that an event happened: denied > negated > alleged > hypothetical >
planned > reported > asserted (cue words in ``data/modality_cues.LANG.txt``)."""

from __future__ import annotations

from spacy.tokens import Token

from newsgraph.nlp.event_lexicon import modality_cues
from newsgraph.nlp.events.syntax import clause_verb, governed_by, governors
from newsgraph.nlp.models import lemma

Cues = dict[str, frozenset[str]]
_NONE: frozenset[str] = frozenset()
_FUTURE_ENDINGS = ("ai", "as", "a", "ons", "ez", "ont")
_NOBODY = ("personne", "rien", "nobody", "nothing")


def modality_of(token: Token, lang: str, *, in_quote: bool) -> str:
    """denied > negated > alleged > hypothetical > planned > reported > asserted."""
    cues = modality_cues(lang)
    clause = clause_verb(token)
    above = governors(clause)  # the verbs whose complement the clause is
    if _any_word(above, cues.get("deny", _NONE)):
        return "denied"
    dependents = list(clause.children)  # read once: every test below looks at them
    if _negated(clause, dependents, cues.get("negation", _NONE), cues.get("negation_head", _NONE)):
        return "negated"
    own = dependents if token.i == clause.i else list(token.children)  # the trigger's, for a noun
    if _any_word(above, cues.get("allege", _NONE)) or _has_cue_among(own, cues.get("allege_adv")) \
            or _has_cue_among(dependents, cues.get("allege_adv")):
        return "alleged"
    if _hypothetical(clause, dependents, cues):
        return "hypothetical"
    if _planned(token, own, clause, dependents, above, cues):
        return "planned"
    return "reported" if in_quote else "asserted"


def content_of_claim(token: Token, lang: str) -> bool:
    """"ont accusé Pyongyang d'avoir expédié des armes", "denied sending troops": the act is
    what the accusation or the denial is about; that accusation or denial is the event the
    article reports (ACCUSE, REJECT), the act itself is not asserted by anyone."""
    cues = modality_cues(lang)
    return governed_by(clause_verb(token), cues.get("deny", _NONE) | cues.get("allege", _NONE))


def _any_word(tokens: list[Token], words: frozenset[str]) -> bool:
    return any(lemma(t) in words or t.lower_ in words for t in tokens)


def _negated(verb: Token, dependents: list[Token], words: frozenset[str], heads: frozenset[str]) -> bool:
    if verb.head.i != verb.i and verb.head.lower_ in heads:
        return True  # "loin de condamner la pratique": the condemning did not happen
    doc = verb.doc
    if verb.i >= 2 and doc[verb.i - 1].lower_ in ("de", "d'", "d’") and doc[verb.i - 2].lower_ in heads:
        return True  # the same, however the parser attached "loin"
    for child in dependents:
        if child.dep_ in ("neg", "advmod", "cc", "det") and child.lower_ in words and child.i > verb.i - 6:
            return True
    return any(c.dep_ == "nsubj" and c.lower_ in _NOBODY for c in dependents)


def _has_cue_among(dependents: list[Token], words: frozenset[str] | None) -> bool:
    return bool(words) and any(c.lower_ in (words or ()) for c in dependents)


def _hypothetical(verb: Token, dependents: list[Token], cues: Cues) -> bool:
    moods = set(verb.morph.get("Mood", []))
    for child in dependents:
        if child.dep_.startswith("aux"):
            moods |= set(child.morph.get("Mood", []))
            if child.lower_ in cues.get("modal", _NONE):
                return True
        if child.dep_ == "mark" and child.lower_ in cues.get("condition", _NONE):
            return True
    if "Cnd" in moods:
        return True
    if _open_question(verb, dependents, cues):
        return True
    head = verb.head
    return verb.dep_ == "xcomp" and lemma(head) in cues.get("modal", _NONE)


def _french_future_form(verb: Token) -> bool:
    """The French future is the infinitive plus -ai/-as/-a/-ons/-ez/-ont ("nommera", "publieront");
    the tagger sometimes calls it present."""
    if verb.lang_ != "fr" or "Fin" not in verb.morph.get("VerbForm", []):
        return False
    infinitive = lemma(verb)
    stems = {infinitive, infinitive[:-1]} if infinitive.endswith("re") else {infinitive}
    word = verb.lower_
    return any(word == stem + ending for stem in stems for ending in _FUTURE_ENDINGS)


def _open_question(verb: Token, dependents: list[Token], cues: Cues) -> bool:
    """"questions over how Israel will negotiate": a question about the future asserts nothing."""
    if not any(c.lower_ in cues.get("question", _NONE) for c in dependents):
        return False
    return "Fut" in verb.morph.get("Tense", []) or any(
        c.dep_.startswith("aux") and c.lower_ in cues.get("plan", _NONE) for c in dependents)


def _planned(token: Token, own: list[Token], verb: Token, dependents: list[Token], above: list[Token],
             cues: Cues) -> bool:
    """Future tense, a planning auxiliary or verb above, or "prochain/upcoming" on a noun;
    ``own``: the trigger's dependents, ``above``: the clause's governors."""
    plan = cues.get("plan", _NONE)
    if "Fut" in verb.morph.get("Tense", []) or _french_future_form(verb):
        return True
    if any(c.dep_.startswith("aux") and c.lower_ in plan for c in dependents):
        return True
    if verb.dep_ == "xcomp" and lemma(verb.head) in plan:
        return True
    if verb.pos_ == "VERB" and "Inf" in verb.morph.get("VerbForm", []) and _any_word(above, plan):
        return True  # "a promis l'an dernier d'interdire": parsed as a clause on "an", still promised
    return token.pos_ == "NOUN" and _has_cue_among(own, cues.get("plan_adj"))
