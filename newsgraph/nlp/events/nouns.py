"""Who does what to whom in an event noun ("la visite de Kim", "l'assassinat de Haniyeh", "their
meeting"): possessors and "de/of" complements, the verb the noun is an oblique, subject or
object of, a light verb's subject, and the topic of the text when nobody is named."""

from __future__ import annotations

from spacy.tokens import Token

from newsgraph.model import ActorRef
from newsgraph.nlp.event_lexicon import Trigger, genitive_patient_modes, news_noun_type
from newsgraph.nlp.events.actors import Actors, found_as
from newsgraph.nlp.events.noun_senses import natural_hazard
from newsgraph.nlp.events.roles import Roles, located_below, oblique, of_complement, visits
from newsgraph.nlp.events.syntax import (
    AWAY_PREPS,
    OBJECTS,
    OBLIQUES,
    OF_PREPS,
    PASSIVE_SUBJECTS,
    SUBJECTS,
    between_second_side,
    children,
    direct_object,
    preposition,
    verb_of_oblique,
)
from newsgraph.nlp.events.types import trigger_of
from newsgraph.nlp.events.verbs import verb_roles
from newsgraph.nlp.lexicon import word_list
from newsgraph.nlp.models import lemma


def noun_roles(noun: Token, trigger: Trigger, actors: Actors) -> Roles:
    """The source, target and place of the event a noun tells."""
    roles = Roles([], [], None)
    away = {e.id for c in children(noun) if preposition(c) in AWAY_PREPS and (e := actors.entity_at(c))}
    for child in children(noun):
        if (entity := actors.entity_at(child)) is not None and entity.id in away:
            continue  # "hors de Corée du Nord", however the parser splits the name
        if child.dep_ in ("nmod:poss", "poss"):
            roles.source += found_as(actors.of_phrase(child), "possessor")
        elif child.dep_ in OBLIQUES or child.dep_ == "prep":
            _complement(child, trigger, actors, roles)
        elif child.dep_ in ("amod", "compound") and actors.entity_at(child) is not None:
            roles.source += found_as(actors.of_phrase(child), "genitive")
    if not roles.source:  # "son départ", "their strike": the last named subject
        roles.source = actors.possessive_of(noun)
    if not roles.source:  # "blamed Norvex for the strike": Norvex struck
        roles.source = found_as(blamed_party(noun, actors), "object")
    verb = verb_of_oblique(noun)
    if not roles.source and verb is not None:
        # "said in a release", "lors de leur rencontre": the subject of the clause takes part
        roles.source = found_as(actors.subject_actors(verb), "verb")
    if not roles.source and not roles.target and noun.dep_ in SUBJECTS | PASSIVE_SUBJECTS:
        roles.source = topic_actor(noun, actors)
    if noun.dep_ in OBJECTS and lemma(noun.head) in word_list("light_verbs", actors.lang):
        _light_verb_roles(noun.head, trigger, roles, actors)
    if roles.place is None:  # « l'effondrement du toit d'un gymnase à Lille »
        roles.place = place_down_of_chain(noun, actors)
    return roles


_OF_CHAIN_DEPTH = 3  # how many "de/of" complements down a noun's place may be told


def place_down_of_chain(noun: Token, actors: Actors) -> ActorRef | None:
    """The place an event noun's own "de/of" complements set it in ("the collapse of a building
    on Elm Street in Leeds", « l'effondrement du toit d'un gymnase à Lille »): a
    place under a locative preposition below a complement, down the chain.  A place after
    "de/of" itself is an origin or an owner ("l'arrestation d'un homme de Lyon"), not a setting."""
    complement = of_complement(noun)
    for _ in range(_OF_CHAIN_DEPTH):
        if complement is None or actors.entity_at(complement) is not None:
            return None
        place = located_below(complement, actors)
        if place is not None:
            return place
        complement = of_complement(complement)
    return None


_BLAME_PREPS = frozenset({"for", "of", "with", "de", "du", "des", "d'", "d’"})


def blamed_party(noun: Token, actors: Actors) -> list[ActorRef]:
    """The object of a verb of blame (``blame_verbs``) whose "for / of / with", « de » complement
    the noun is ("blamed Norvex for the strike", « a accusé Norvex de la grève »): the one blamed
    did the act, not the verb's subject."""
    head = noun.head.head if noun.dep_ == "pobj" and noun.head.dep_ == "prep" else noun.head
    if head.i == noun.i or head.pos_ != "VERB" or lemma(head) not in word_list("blame_verbs", actors.lang):
        return []
    if noun.dep_ not in ("pobj", "obl", "obl:arg", "obl:mod") or preposition(noun) not in _BLAME_PREPS:
        return []
    blamed = direct_object(head)
    return actors.of_phrase(blamed) if blamed is not None else []


def _complement(child: Token, trigger: Trigger, actors: Actors, roles: Roles) -> None:
    """A prepositional complement of the noun: "de/of" names its doer, or its patient for the
    modes of ``genitive_patient`` ("l'assassinat de Haniyeh"), or the place visited."""
    target_token = next((c for c in children(child) if c.dep_ == "pobj"), child) \
        if child.dep_ == "prep" else child
    prep = child.lower_ if child.dep_ == "prep" else preposition(child)
    named = found_as(actors.of_phrase(target_token), "genitive" if prep in OF_PREPS else "oblique")
    entity = actors.entity_at(target_token)
    if prep in OF_PREPS and named and f"{trigger.type}/{trigger.mode}" in genitive_patient_modes():
        roles.target += named  # "l'assassinat de Haniyeh": Haniyeh was killed
    elif prep in OF_PREPS and named and not (entity and entity.type == "LOC" and visits(trigger)):
        roles.source += named
    elif prep in OF_PREPS and named:
        roles.target += named
        roles.place = roles.place or named[0]
    else:
        oblique(target_token, prep, trigger, actors, roles)
        partner = between_second_side(target_token, prep)
        if partner is not None:  # « la réunion entre la CFDT et la rectrice Anne Leroy »
            oblique(partner, prep, trigger, actors, roles)
        if prep in _INQUIRY_PREPS and not named:  # "an inquest into Paul Grant's death"
            roles.target += found_as(_whose(target_token, actors), "oblique")


# "an inquiry into …", « une enquête sur … »: what the inquiry is into
_INQUIRY_PREPS = frozenset({"into", "sur"})


def _whose(noun: Token, actors: Actors) -> list[ActorRef]:
    """The one an event noun is of ("Paul Grant's death", « la mort de Paul Grant »): its named
    possessor or "de/of" complement, when the noun names an event."""
    if news_noun_type(noun, actors.lang) is None and trigger_of(noun, actors.lang) is None:
        return []
    owner = next((c for c in children(noun) if c.dep_ in ("nmod:poss", "poss")), None) or of_complement(noun)
    return [a for a in actors.of_phrase(owner) if a.entity_id is not None] if owner is not None else []



def _light_verb_roles(verb: Token, trigger: Trigger, roles: Roles, actors: Actors) -> None:
    """"effectuer une visite": the light verb's subject and objects take part in the noun's event."""
    verb_side = verb_roles(verb, trigger, actors)
    roles.source = verb_side.source + roles.source
    roles.target += [a for a in verb_side.target if a.name not in {s.name for s in roles.source}]
    roles.place = roles.place or verb_side.place


def roles_from_verb(noun: Token, trigger: Trigger, roles: Roles, actors: Actors) -> None:
    """An event noun that is the subject or the object of a verb takes that verb's place ("l'explosion
    a eu lieu à Grenoble"); as an object with nobody doing it, the verb's subject ("workers
    staged a walkout") — not for a natural hazard, which nobody does ("filmed a hurricane")."""
    if noun.dep_ not in SUBJECTS | PASSIVE_SUBJECTS and noun.dep_ not in ("obj", "dobj"):
        return
    verb_side = verb_roles(noun.head, trigger, actors)
    roles.place = roles.place or verb_side.place
    if noun.dep_ in ("obj", "dobj") and not roles.source and not natural_hazard(noun, actors.lang):
        roles.source = found_as(verb_side.source, "verb")


def topic_actor(noun: Token, actors: Actors) -> list[ActorRef]:
    """A nominal event opening a sentence with nobody named ("Deux lancements ont échoué plus tôt
    cette année", right after "la Corée du Nord s'efforce d'envoyer un satellite"): the
    subject named in this or the previous sentence, the topic the text is still about."""
    topic = actors.last_subject
    if topic is None or topic.type not in ("ORG", "LOC") or actors.last_subject_token < 0:
        return []
    sentence_start = actors.sentence_start(noun.i)
    previous_start = actors.sentence_start(sentence_start - 1) if sentence_start > 0 else sentence_start
    if actors.last_subject_token < previous_start:
        return []
    return [ActorRef(topic.id, topic.name, via="topic")]
