"""An event's participants and place, the parts verbs and nouns share: prepositional
complements (agent, co-agent, target, place), noun-phrase participants of open-domain events,
and the setting a reader infers from the sentences before."""

from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.symbols import NOUN, PROPN, VERB
from spacy.tokens import Span, Token

from newsgraph.model import ActorRef
from newsgraph.nlp.event_lexicon import Trigger
from newsgraph.nlp.events.actors import Actors, found_as, unique_refs
from newsgraph.nlp.events.settings import named_medium
from newsgraph.nlp.events.syntax import (
    AGENT_PREPS,
    AWAY_PREPS,
    CO_AGENT_PREPS,
    LOCATIVE_PREPS,
    OF_PREPS,
    PASSIVE_SUBJECTS,
    PLACE_PREPS,
    SUBJECTS,
    TARGET_PREPS,
    between_second_side,
    children,
    preposition,
)
from newsgraph.nlp.lexicon import word_list
from newsgraph.nlp.models import lemma

SETTING_SENTENCES = 2  # how many sentences before an event's own may name its setting
_NOT_A_PLACE_PREPS = ("contre", "against", "avec", "with", "entre", "between")


@dataclass(slots=True)
class Roles:
    source: list[ActorRef]
    target: list[ActorRef]
    place: ActorRef | None


def visits(trigger: Trigger) -> bool:
    """A visit, whose destination is both its place and its target."""
    return trigger.type == "TRAVEL" or (trigger.type == "CONSULT" and trigger.mode == "visit")


def oblique(token: Token, prep: str, trigger: Trigger, actors: Actors, roles: Roles) -> None:
    """A prepositional complement: an agent ("par/by"), a co-agent ("avec/with"), the place, a
    target, the medium ("on Twitter"), or an organisation under it ("dans un entretien à la
    Stampa")."""
    if prep in AWAY_PREPS:
        return  # "son premier voyage hors de Corée du Nord": not where it happens
    if prep in _ROLE_PREPS:  # "acting as a mediator between X and Y": X and Y take part
        roles.target += found_as(sides_between(token, prep, actors), "oblique")
    medium = named_medium(token, prep, actors, trigger)
    if medium:  # "thanked them on Twitter", « sur Sky News »: the channel it was told on
        roles.target += medium
        return
    if actors.entity_at(token) is None and token.pos_ in ("NOUN", "NUM") and not actors.is_group(token):
        # "jeudi 9 mai à Sibiu", "lors du congrès … à Madrid"; « le 14 juin à Lyon », the place
        # hung on the day's number
        place = located_below(token, actors)
        if place is not None:
            roles.place = roles.place or place
            # "à son homologue Marco Bellini à Rome": the person named with the place takes part
            person = [a for a in found_as(actors.of_phrase(token), "oblique") if a.name != place.name]
            if person:
                _named_oblique(token, prep, person, trigger, actors, roles)
            return
    named = found_as(actors.of_phrase(token, agentive=prep in AGENT_PREPS), "oblique")
    if not named and lemma(token) in word_list("plover_co_agents", actors.lang):
        roles.source += found_as(_complement_actors(token, actors), "oblique")  # "fondé avec le soutien de X"
        return
    if not named:
        roles.target += found_as(_media_below(token, actors), "oblique")
        if trigger.open and not roles.target:  # "in an interview with POLITICO"
            roles.target += named_below_complement(token, actors)
        return
    _named_oblique(token, prep, named, trigger, actors, roles)


def _named_oblique(token: Token, prep: str, named: list[ActorRef], trigger: Trigger, actors: Actors,
                   roles: Roles) -> None:
    entity = actors.entity_at(token) or actors.entity_below(token)
    is_place = entity is not None and entity.type == "LOC" and (
        prep in PLACE_PREPS or (visits(trigger) and prep in TARGET_PREPS))
    if prep in AGENT_PREPS:
        roles.source += named
    elif is_place and prep not in _NOT_A_PLACE_PREPS:
        if roles.place is None or _after_comma(token):
            roles.place = named[0]  # "à Londres ce mardi, à Hainault": the second place refines the first
        if visits(trigger):  # a country visited is the visit's target; a host's place is only a place
            roles.target += named
    elif prep in CO_AGENT_PREPS and trigger.type != "CONSULT":
        roles.source += named
    elif prep in TARGET_PREPS or prep in OF_PREPS:
        roles.target += named
    elif trigger.open and prep and prep not in _NOT_PARTICIPANT_PREPS and (
            entity is None or entity.type != "LOC"):  # "arraigned in U.S. District Court"
        roles.target += [replace(a, via="complement") for a in named]


# Prepositions whose complement takes no part in the act: time ("after the vote"), comparison
# ("like X", "than X"), concession or absence ("despite X", "without X"), a source ("according to X").
_NOT_PARTICIPANT_PREPS = frozenset({
    "avant", "après", "pendant", "depuis", "durant", "lors", "jusqu'", "until", "after", "during", "since",
    "till", "like", "comme", "than", "que", "as", "despite", "malgré", "sans", "without", "selon",
    "according",
})


# Prepositions of the role someone acts in ("as a mediator", « d'intermédiaire », « en arbitre »,
# « comme médiateur »), whose noun's "between X and Y" names those the act is between; « de »
# only before a role noun (``go_between_roles``: « sert d'intermédiaire », not « retardé de deux
# heures entre Oslo et Leeds »).
_ROLE_PREPS = frozenset({"as", "comme", "en", "de", "d'", "d’"})
_OF_ROLE_PREPS = frozenset({"de", "d'", "d’"})


def sides_between(noun: Token, prep: str, actors: Actors) -> list[ActorRef]:
    """Both sides of "between X and Y" / « entre X et Y » under the noun of a role (« servir
    d'intermédiaire entre Norvex et la société Halvard »), also a second side the parser hung
    elsewhere: persons, organisations, groups — not places ("a driver between Oslo and Leeds")."""
    if prep in _OF_ROLE_PREPS and lemma(noun) not in word_list("go_between_roles", actors.lang):
        return []
    found: list[ActorRef] = []
    for child in children(noun):
        if child.dep_ == "prep" and child.lower_ == "between":
            sides = [c for c in children(child) if c.dep_ == "pobj"]
        elif child.dep_ == "nmod" and preposition(child) == "entre":
            sides = [child]
        else:
            continue
        partners = [p for side in sides if (p := between_second_side(side, "between")) is not None]
        found += [a for side in sides + partners for a in actors.of_phrase(side)
                  if actors.is_party(a)]
    return found


def named_below_complement(token: Token, actors: Actors) -> list[ActorRef]:
    """A named organisation or person in a complement of an oblique noun ("in an interview with
    POLITICO Playbook", "in a speech to Georgetown University"): an English preposition's object
    one step below."""
    found: list[ActorRef] = []
    for child in children(token):
        if child.dep_ != "prep" or child.lower_ in _NOT_PARTICIPANT_PREPS or child.lower_ == "of":
            continue
        for pobj in (c for c in children(child) if c.dep_ == "pobj"):
            entity = actors.entity_at(pobj) or actors.entity_below(pobj)
            if entity is not None and entity.type in ("ORG", "PER"):
                found.append(ActorRef(entity.id, entity.name, via="complement"))
    return found


def _after_comma(token: Token) -> bool:
    start = token.left_edge.i
    return start > 0 and token.doc[start - 1].text == ","


def located_below(token: Token, actors: Actors) -> ActorRef | None:
    """A place one step below an oblique: "jeudi 9 mai à Sibiu", "lors du congrès … à Madrid"."""
    locative = LOCATIVE_PREPS
    for child in children(token):
        entity = actors.entity_at(child)
        if entity is not None and entity.type == "LOC" and child.dep_ in ("nmod", "prep", "pobj", "obl") \
                and (preposition(child) in locative or child.lower_ in locative):
            return ActorRef(entity.id, entity.name, via="oblique")
        if child.dep_ == "prep" and child.lower_ in locative:
            for pobj in (c for c in children(child) if c.dep_ == "pobj"):
                entity = actors.entity_at(pobj)
                if entity is not None and entity.type == "LOC":
                    return ActorRef(entity.id, entity.name, via="oblique")
    return None


def _complement_actors(noun: Token, actors: Actors) -> list[ActorRef]:
    found: list[ActorRef] = []
    for child in children(noun):
        if child.dep_ == "prep" and child.lower_ in ("of", "from"):
            for pobj in (c for c in children(child) if c.dep_ == "pobj"):
                found += actors.of_phrase(pobj, agentive=True)
        elif child.dep_ in ("nmod", "obl") and preposition(child) in OF_PREPS:
            found += actors.of_phrase(child, agentive=True)
    return found


def _media_below(token: Token, actors: Actors) -> list[ActorRef]:
    """An organisation one step below an oblique ("dans un entretien à la Stampa")."""
    for child in children(token):
        entity = actors.entity_at(child)
        if entity is not None and entity.type == "ORG":
            return [ActorRef(entity.id, entity.name)]
    return []


def drop_self_targets(roles: Roles) -> None:
    """Nobody is their own target; each name once."""
    names = {a.name for a in roles.source}
    roles.target = unique_refs([a for a in roles.target if a.name not in names])
    roles.source = unique_refs(roles.source)


# -- participants that are no actor, and the setting ----------------------------------------------

_PHRASE_MODIFIERS = frozenset({"amod", "compound", "flat", "flat:name", "nummod", "nmod:poss", "poss"})


def noun_phrase(token: Token) -> str:
    """A short name for a participant that is no actor: the noun with its adjectives, compounds
    and numbers ("deux corps", "the state legislature"), no determiner, no clause."""
    words = [t for t in children(token) if t.dep_ in _PHRASE_MODIFIERS and t.i < token.i + 4
             and t.i > token.i - 4] + [token]
    return " ".join(t.text for t in sorted(words, key=lambda t: t.i))


def open_phrases(token: Token, roles: Roles, actors: Actors) -> None:
    """Open-domain participants named by no entity or group: the subject (agent, or patient of a
    passive) and the direct object (patient) as noun phrases; a recipient ("to/à X") that is an
    actor is already a target."""
    if actors.pos_ids[token.i] != VERB:
        return
    for child in children(token):
        if actors.pos_ids[child.i] not in (NOUN, PROPN):
            continue
        if actors.entity_at(child) is not None or actors.is_group(child):
            continue
        ref = ActorRef(None, noun_phrase(child))
        if child.dep_ in SUBJECTS and not roles.source:
            roles.source = [ref]
        elif (child.dep_ in PASSIVE_SUBJECTS or child.dep_ in ("obj", "dobj")) and not roles.target:
            roles.target = [ref]


def of_complement(noun: Token) -> Token | None:
    """The noun of a noun's "de/of" complement: « de l'immeuble » (``nmod`` with its « de »), "of
    a building" (the ``pobj`` under "of")."""
    for child in children(noun):
        if child.dep_ == "nmod" and child.i > noun.i and preposition(child) in OF_PREPS:
            return child
        if child.dep_ == "prep" and child.lower_ == "of":
            return next((c for c in children(child) if c.dep_ == "pobj"), None)
    return None


def setting_place(token: Token, sentence: Span, actors: Actors) -> ActorRef | None:
    """The place an event with no place complement happens in, as a reader infers it: the
    nearest place named before it in its sentence or the two before ("À Lyon, … Un immeuble
    s'est effondré").  A country acting as a state is its own setting ("Le Chili a
    sanctionné…" is placed in Chile).  Cross-validated: taking only places named *as* places
    ("à", "in"), or skipping the event's own actors, scored lower (docs/events.md)."""
    start = sentence.start
    for _ in range(SETTING_SENTENCES):
        if start == 0:
            break
        start = actors.sentence_start(start - 1)
    index = actors.place_before(token.i)
    if index < start:
        return None
    entity = actors.by_token[index]
    return ActorRef(entity.id, entity.name, via="setting") if entity is not None else None


def told_away(token: Token, actors: Actors) -> bool:
    """Whether the event is told as away from a place ("son voyage hors de Corée du Nord",
    "outside Leeds"): a word of ``AWAY_PREPS`` as a preposition in its subtree.  Then the place
    named before is not its setting."""
    doc = token.doc
    return any(token.left_edge.i <= i <= token.right_edge.i and (i == token.i or token.is_ancestor(doc[i]))
               and doc[i].dep_ in ("case", "prep", "fixed") for i in actors.away_words)
