"""How sure the text is that an event happened: denied > negated > alleged > hypothetical >
planned > reported > asserted (cue words in ``data/modality_cues.LANG.txt``)."""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import cache

from spacy.tokens import Token

from newsgraph.nlp.event_lexicon import modality_cues
from newsgraph.nlp.events.syntax import OF_PREPS, children, clause_verb, governed_by, governors
from newsgraph.nlp.models import feature, lemma

_NONE: frozenset[str] = frozenset()
_FUTURE_ENDINGS = ("ai", "as", "a", "ons", "ez", "ont")
_NOBODY = ("personne", "rien", "nobody", "nothing")
_HEAD_LINKS = ("de", "d'", "d’", "from")  # between a negating head and its verb: « loin de », "far from"
_PARTICLE_REACH = 4  # words before « plus » / « jamais » where their « ne » may stand


@dataclass(frozen=True, slots=True)
class Cues:
    """The cue words of ``data/modality_cues.LANG.txt``, by category."""

    deny: frozenset[str]
    negation: frozenset[str]
    negation_head: frozenset[str]
    negation_particle: frozenset[str]
    negation_with_particle: frozenset[str]
    allege: frozenset[str]
    allege_adv: frozenset[str]
    modal: frozenset[str]
    condition: frozenset[str]
    question: frozenset[str]
    plan: frozenset[str]
    plan_adj: frozenset[str]
    occasion_prep: frozenset[str]
    gathering_prep: frozenset[str]
    gathering: frozenset[str]


@cache
def cues_of(lang: str) -> Cues:
    found = modality_cues(lang)
    return Cues(**{f.name: found.get(f.name, _NONE) for f in fields(Cues)})


@dataclass(slots=True)
class _Dependents:
    """A word's dependents with their labels and lower-case forms, read once: every test reads them."""

    tokens: list[Token]
    deps: list[str]
    lowers: list[str]

    @classmethod
    def of(cls, token: Token) -> _Dependents:
        tokens = list(children(token))
        return cls(tokens, [c.dep_ for c in tokens], [c.lower_ for c in tokens])

    def any_form(self, words: frozenset[str]) -> bool:
        return bool(words) and not words.isdisjoint(self.lowers)

    def auxiliaries(self) -> list[int]:
        return [i for i, dep in enumerate(self.deps) if dep.startswith("aux")]


def modality_of(token: Token, lang: str, *, in_quote: bool) -> str:
    """denied > negated > alleged > hypothetical > planned > reported > asserted."""
    cues = cues_of(lang)
    clause = clause_verb(token)
    above = _words_of(governors(clause))  # the verbs whose complement the clause is
    if not above.isdisjoint(cues.deny):
        return "denied"
    dependents = _Dependents.of(clause)  # read once: every test below looks at them
    if _negated(clause, dependents, cues) \
            and not _occasion_of_clause(token, clause, cues):
        return "negated"
    own = dependents if token.i == clause.i else _Dependents.of(token)  # the trigger's, for a noun
    if not above.isdisjoint(cues.allege) or own.any_form(cues.allege_adv) \
            or dependents.any_form(cues.allege_adv):
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


def _words_of(tokens: tuple[Token, ...]) -> frozenset[str]:
    """The lemmas and lower-case forms of ``tokens``."""
    return frozenset(word for t in tokens for word in (lemma(t), t.lower_))


def _negated(verb: Token, dependents: _Dependents, cues: Cues) -> bool:
    heads = cues.negation_head
    if verb.head.i != verb.i and verb.head.lower_ in heads and _linked_to_head(verb):
        return True  # "loin de condamner la pratique": the condemning did not happen
    doc = verb.doc
    if verb.i >= 2 and doc[verb.i - 1].lower_ in _HEAD_LINKS and doc[verb.i - 2].lower_ in heads:
        return True  # the same, however the parser attached "loin"; "far from condemning"
    with_particle = dependents.any_form(cues.negation_particle)
    for child, dep, lower in zip(dependents.tokens, dependents.deps, dependents.lowers, strict=True):
        if dep in ("neg", "advmod", "cc", "det") and lower in cues.negation and child.i > verb.i - 6 \
                and (with_particle or lower not in cues.negation_with_particle
                     or _particle_before(child, cues.negation_particle)):
            return True  # « plus tard », « les plus touchés »: without « ne », no negation
    return any(dep == "nsubj" and lower in _NOBODY and not _somebody(child, cues.negation)
               for child, dep, lower in zip(dependents.tokens, dependents.deps, dependents.lowers,
                                            strict=True))


def _linked_to_head(verb: Token) -> bool:
    """« loin de condamner », "far from condemning": « de » / "from" stands between the negating
    head and the verb ("went so far as to fire", « si loin qu'il a licencié » negate nothing)."""
    head = verb.head
    between = verb.doc[min(head.i, verb.i) + 1 : max(head.i, verb.i)]
    return any(t.lower_ in _HEAD_LINKS for t in between)


def _particle_before(negator: Token, particles: frozenset[str]) -> bool:
    """« n'a plus démissionné »: the parser may hang « ne » on the auxiliary and « plus » on the
    participle; « ne » stands among the few words before « plus », in its sentence."""
    doc = negator.doc
    for token in reversed(doc[max(0, negator.i - _PARTICLE_REACH) : negator.i]):
        if token.is_sent_end or token.is_punct:
            return False
        if token.lower_ in particles:
            return True
    return False


def _somebody(noun: Token, negation: frozenset[str]) -> bool:
    """« une personne », « la personne »: a person, not « personne » (nobody); « aucune
    personne », « pas une personne » are still nobody."""
    dependents = children(noun)
    if any(c.lower_ in negation for c in dependents):
        return False
    return any(c.dep_.startswith("det") for c in dependents)


def _occasion_of_clause(token: Token, clause: Token, cues: Cues) -> bool:
    """« Lors de la grève, Norvex n'a pas cédé », "did not speak during the strike": a noun that
    tells when or at what the act took place is its setting, out of the negation's scope (the
    strike took place).  The preposition is read from the words before the noun's phrase, so a
    parse that hangs « lors » elsewhere, or the noun under the verb, still tells it.  "at" and
    « à » also bring a verb's argument ("did not hint at his resignation"): after them, only a
    gathering is a setting ("was not present at the meeting")."""
    if token.i == clause.i or not cues.occasion_prep:
        return False
    doc = token.doc
    start = min((c.i for c in children(token) if c.i < token.i and c.dep_ != "case"), default=token.i)
    before = [t.lower_ for t in doc[max(0, start - 2) : start] if not t.is_space]
    if before and before[-1] in OF_PREPS:
        before.pop()  # « lors de la grève », « lors du sommet »
    if not before:
        return False
    if before[-1] in cues.gathering_prep:
        return lemma(token) in cues.gathering
    return before[-1] in cues.occasion_prep


def _hypothetical(verb: Token, dependents: _Dependents, cues: Cues) -> bool:
    moods = set(feature(verb, "Mood"))
    for index in dependents.auxiliaries():
        moods |= set(feature(dependents.tokens[index], "Mood"))
        if dependents.lowers[index] in cues.modal:
            return True
    if any(dep == "mark" and lower in cues.condition for dep, lower in zip(dependents.deps, dependents.lowers,
                                                                          strict=True)):
        return True
    if "Cnd" in moods:
        return True
    if _open_question(verb, dependents, cues):
        return True
    head = verb.head
    return verb.dep_ == "xcomp" and lemma(head) in cues.modal


def _french_future_form(verb: Token) -> bool:
    """The French future is the infinitive plus -ai/-as/-a/-ons/-ez/-ont ("nommera", "publieront");
    the tagger sometimes calls it present."""
    if verb.lang_ != "fr" or "Fin" not in feature(verb, "VerbForm"):
        return False
    infinitive = lemma(verb)
    stems = {infinitive, infinitive[:-1]} if infinitive.endswith("re") else {infinitive}
    word = verb.lower_
    return any(word == stem + ending for stem in stems for ending in _FUTURE_ENDINGS)


def _open_question(verb: Token, dependents: _Dependents, cues: Cues) -> bool:
    """"questions over how Israel will negotiate": a question about the future asserts nothing."""
    if not dependents.any_form(cues.question):
        return False
    return "Fut" in feature(verb, "Tense") or _planning_auxiliary(dependents, cues)


def _planning_auxiliary(dependents: _Dependents, cues: Cues) -> bool:
    return any(dependents.lowers[index] in cues.plan for index in dependents.auxiliaries())


def _planned(token: Token, own: _Dependents, verb: Token, dependents: _Dependents, above: frozenset[str],
             cues: Cues) -> bool:
    """Future tense, a planning auxiliary or verb above, or "prochain/upcoming" on a noun;
    ``own``: the trigger's dependents, ``above``: the words of the clause's governors."""
    plan = cues.plan
    if "Fut" in feature(verb, "Tense") or _french_future_form(verb):
        return True
    if _planning_auxiliary(dependents, cues):
        return True
    if verb.dep_ == "xcomp" and lemma(verb.head) in plan:
        return True
    if verb.pos_ == "VERB" and "Inf" in feature(verb, "VerbForm") and not above.isdisjoint(plan):
        return True  # "a promis l'an dernier d'interdire": parsed as a clause on "an", still promised
    return token.pos_ == "NOUN" and own.any_form(cues.plan_adj)
