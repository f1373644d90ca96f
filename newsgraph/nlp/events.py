"""Typed events: who did what to whom, where, when, and how sure the text is (``docs/events.md``).

* Triggers: verbs and nouns of ``data/plover_triggers.LANG.tsv`` (PLOVER categories and
  modes, plus the extensions of ``data/plover_categories.json``), matched on the lemma,
  with optional conditions (a reflexive, a dependent word, an object class, a place).
* No event per quote: speech is the quote layer's.  Quotes give the events inside them the
  modality "reported" and a ``quote_id``, and stand behind pronoun/group subjects of cue verbs.
* Actors from the dependency parse: subjects (or passive agents) are sources; objects and
  prepositional complements are targets; a place complement is the place.  Actors are entities
  (PER/ORG/LOC) or named human groups (``data/plover_actors.LANG.tsv``, roles, organisation
  nouns), never objects; an event with no actor is not emitted.  Nominal events take their
  actors from "de/of" complements and possessors, the subject of a light verb, or the subject
  of the verb they are an oblique of.
* One event, many mentions: mentions of one type with agreeing modes, dates and nested named
  actors are merged (:func:`merge_mentions`).
* Date: the time expression attached to the trigger (else in its clause, else in its
  sentence); otherwise the article date, flagged ``from: "article"``.
* Modality: denied, negated, alleged, hypothetical, planned, reported (inside a quote,
  linked by ``quote_id``), else asserted — see :func:`modality_of`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import ClassVar, Literal

from spacy.attrs import DEP, LOWER, MORPH, POS
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from newsgraph.dates import comparable
from newsgraph.model import ActorRef, Article, DateValue, Entity, Event, Quote, TimeExpression, content_id
from newsgraph.model import Span as TextSpan
from newsgraph.nlp.component import Component, article_of, text_of, token_indices
from newsgraph.nlp.event_lexicon import (
    OTHER,
    _data_lines,
    general_types,
    genitive_patient_modes,
    modality_cues,
    modes_agree,
    news_types,
    open_trigger,
    place_acting_types,
    triggers,
)
from newsgraph.nlp.event_lexicon import Trigger as Trigger  # re-exported
from newsgraph.nlp.event_lexicon import known_types as known_types  # re-exported
from newsgraph.nlp.event_lexicon import mode_families as mode_families  # re-exported
from newsgraph.nlp.event_salience import apply as apply_salience
from newsgraph.nlp.event_salience import default_model as default_salience_model
from newsgraph.nlp.event_salience import event_features
from newsgraph.nlp.lexicon import word_list
from newsgraph.nlp.models import lemma
from newsgraph.nlp.times import iter_dates

SUBJECTS = _SUBJECTS = frozenset({"nsubj", "csubj"})
_PASSIVE_SUBJECTS = frozenset({"nsubj:pass", "nsubjpass"})
_OBJECTS = frozenset({"obj", "dobj", "iobj", "dative", "attr"})
_OBLIQUES = frozenset({"obl", "obl:arg", "obl:mod", "obl:agent", "nmod", "prep", "pobj", "agent", "npadvmod"})
CLAUSES = _CLAUSES = frozenset({"acl", "acl:relcl", "relcl", "advcl", "ccomp", "xcomp", "parataxis", "csubj"})
_PERSONAL_PRONOUNS = frozenset({"il", "elle", "ils", "elles", "he", "she", "they", "it"})
_PLURAL_PRONOUNS = frozenset({"ils", "elles", "they"})
_AGENT_PREPS = frozenset({"par", "by"})
_CO_AGENT_PREPS = frozenset({"avec", "with"})
_TARGET_PREPS = frozenset({
    "à", "au", "aux", "avec", "contre", "vers", "envers", "auprès", "sur", "entre", "dans",
    "to", "with", "against", "toward", "towards", "on", "at", "between",
})
_LOCATIVE_PREPS = frozenset({"à", "au", "aux", "en", "dans", "in", "at"})
# Prepositions that put an act in a place; "sanctions on Russia", "sanctions contre l'Iran",
# "des armes vers la Russie" name a target (a visit's destination is both).
_PLACE_PREPS = _LOCATIVE_PREPS | frozenset({"depuis", "from", "near", "près", "inside", "within", "across"})
_OF_PREPS = frozenset({"de", "du", "des", "d'", "d’", "of"})
_AWAY_PREPS = frozenset({"hors", "loin", "outside", "out", "away"})
_REFLEXIVES = frozenset({"se", "s'", "s’", "me", "te", "nous", "vous"})
_CLAUSE_TARGET_TYPES = frozenset({"THREATEN", "REQUEST", "ACCUSE"})
MAX_ACTOR_DEPTH = 3


# -- entities by token -------------------------------------------------------------------------


class Actors:
    """Who may act in an event: entities (persons, organisations, places acting as states) and
    named human groups; the last named subject stands behind a pronoun."""

    def __init__(self, doc: Doc, article: Article) -> None:
        self.doc = doc
        self.lang = article.lang or doc.lang_
        self.by_token: list[Entity | None] = [None] * len(doc)
        for entity in article.entities:
            for mention in entity.mentions:
                span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
                if span is not None:
                    for token in span:
                        self.by_token[token.i] = entity
        self.last_subject: Entity | None = None
        self.last_subject_token = -1  # where it was named
        self.group_nouns = (
            word_list("org_nouns", self.lang) | word_list("roles", self.lang)
            | word_list("group_anaphors", self.lang) | frozenset(actor_sectors(self.lang))
        )
        self.roles = word_list("roles", self.lang)
        self.sectors = actor_sectors(self.lang)
        self.group_sectors: dict[str, str] = {}  # group name → actor sector ("CVL": civilians)
        self.described = _descriptions(article.entities)
        self.entities = {e.id: e for e in article.entities}
        self.speakers: dict[int, ActorRef] = {}  # cue verb → the speaker the quote layer resolved
        self.cues: set[int] = set()  # every verb that introduces a quotation
        for quote in article.quotes:
            if quote.cue is not None and quote.speaker is not None and quote.speaker.entity_id is not None:
                cue = doc.char_span(quote.cue.start, quote.cue.end, alignment_mode="expand")
                if cue is not None and len(cue):
                    speaker = ActorRef(quote.speaker.entity_id, quote.speaker.name)
                    self.speakers.setdefault(cue.root.i, speaker)
        for quote in article.quotes:
            if quote.cue is not None:
                cue = doc.char_span(quote.cue.start, quote.cue.end, alignment_mode="expand")
                if cue is not None and len(cue):
                    self.cues.add(cue.root.i)

    def subject_actors(self, verb: Token) -> list[ActorRef]:
        """The actors of a verb's subject; where the verb introduces a quote and its subject is
        a pronoun or a group noun ("the group said", "il a déclaré"), the speaker the quote layer
        resolved."""
        subject = next((c for c in verb.children if c.dep_ in _SUBJECTS), None)
        found = self.of_phrase(subject, agentive=True) if subject is not None else []
        speaker = self.speakers.get(verb.i)
        if speaker is not None and all(a.entity_id is None for a in found):
            return [speaker]
        return found

    def entity_at(self, token: Token) -> Entity | None:
        return self.by_token[token.i]

    def of_phrase(self, head: Token, *, agentive: bool = False) -> list[ActorRef]:
        """The actors a noun phrase names: its entity (and conjuncts), a group, or a pronoun's
        referent.  ``agentive``: the phrase is a subject or an agent, where an entity the
        recogniser could not type (MISC: "CBC a publié") still acts."""
        found: list[ActorRef] = []
        antecedent = self._relative_antecedent(head)
        if antecedent is not None:  # "Ana Ruiz and Tom Lee, who fled": both of them
            head = antecedent
        for token in (head, *head.conjuncts):
            actor = self._one(token, agentive=agentive)
            if actor is not None and all(a.name != actor.name for a in found):
                found.append(actor)
        return found

    def _one(self, token: Token, *, agentive: bool) -> ActorRef | None:
        entity = self.entity_at(token) or self._entity_below(token)
        if entity is None and token.dep_ == "appos":  # "Dentons, le cabinet d'avocats qui…": Dentons
            entity = self.entity_at(token.head)
        if entity is not None:
            if entity.type in _ACTOR_ENTITY_TYPES or (agentive and entity.type == "MISC"):
                return ActorRef(entity.id, entity.name)
            return None
        if token.pos_ == "PRON":
            return self._pronoun(token, agentive=agentive)
        if token.pos_ in ("NOUN", "PROPN") and self._is_group(token):
            described = self._described_as(token) or self._role_anaphor(token)
            if described is not None:
                return ActorRef(described.id, described.name)
            name = group_name(token, self.roles)
            self.group_sectors[name] = self._sector(token)
            return ActorRef(None, name)
        return None

    def is_organisation(self, ref: ActorRef) -> bool:
        entity = self.entities.get(ref.entity_id or "")
        return entity is not None and entity.type == "ORG"

    def described_organisations(self, refs: list[ActorRef]) -> list[ActorRef]:
        """The organisations named in how the article describes these people ("Sophie Binet, la
        secrétaire générale de la CGT" → CGT): the office someone takes or is appointed to."""
        found: list[ActorRef] = []
        for ref in refs:
            person = self.entities.get(ref.entity_id or "")
            if person is None or person.type != "PER":
                continue
            for descriptor in person.descriptors:
                words = f" {_normal(descriptor)} "
                found += [ActorRef(org.id, org.name) for org in self.entities.values() if org.type == "ORG"
                          and any(f" {_normal(n)} " in words for n in (org.name, *org.aliases))]
        return unique_refs(found)

    def _role_anaphor(self, token: Token) -> Entity | None:
        """"la syndicaliste", "le chef de l'Etat": a definite singular role noun with no name of
        its own stands for the one person of its grammatical gender named in this or the previous
        sentence (a person whose gender the text does not mark could be either, and blocks it)."""
        if lemma(token) not in self.roles or "Sing" not in token.morph.get("Number", []):
            return None
        determiner = next((c for c in token.children if c.dep_ == "det"), None)
        if determiner is None or "Def" not in determiner.morph.get("Definite", []):
            return None
        gender = {"Fem": "f", "Masc": "m"}.get(next(iter(determiner.morph.get("Gender", [])), ""))
        if gender is None:
            return None
        sentence = token.sent
        start = self.doc[sentence.start - 1].sent.start if sentence.start > 0 else sentence.start
        people = {e.id: e for e in (self.by_token[i] for i in range(start, token.i)) if e is not None
                  and e.type == "PER"}
        compatible = [e for e in people.values() if e.gender in (gender, "unknown")]
        return compatible[0] if len(compatible) == 1 and compatible[0].gender == gender else None

    def _sector(self, token: Token) -> str:
        """The actor sector of a group noun; an office ("juge", "ministre") or an organisation
        noun ("le groupe") is an institution even when the sector list does not name it."""
        word = lemma(token)
        sector = self.sectors.get(word) or self.sectors.get(token.lower_)
        if sector:
            return sector
        if word in self.roles or token.lower_ in self.roles:
            return "ROLE"
        return "ORG" if word in self.group_nouns else ""

    @staticmethod
    def _relative_antecedent(token: Token) -> Token | None:
        """The noun a relative pronoun stands for ("les dirigeants qui doivent se réunir")."""
        if token.pos_ == "PRON" and token.lower_ in _RELATIVE_PRONOUNS \
                and token.head.dep_ in _RELATIVE_CLAUSES and token.head.head.pos_ in ("NOUN", "PROPN"):
            return token.head.head
        return None

    def _pronoun(self, token: Token, *, agentive: bool) -> ActorRef | None:
        antecedent = self._relative_antecedent(token)
        if antecedent is not None:
            return self._one(antecedent, agentive=agentive)
        if token.lower_ in _PERSONAL_PRONOUNS and self.last_subject is not None:
            if token.lower_ in _PLURAL_PRONOUNS and self.last_subject.type == "PER":
                return None  # "elles ont flambé": not the person named last
            return ActorRef(self.last_subject.id, self.last_subject.name)
        return None

    def _entity_below(self, token: Token) -> Entity | None:
        """An entity in apposition or flat with a noun ("le dirigeant nord-coréen Kim Jong-un")."""
        frontier = [token]
        for _ in range(2):
            next_frontier: list[Token] = []
            for node in frontier:
                for child in node.children:
                    if child.dep_ in ("appos", "flat", "flat:name", "compound", "nmod", "amod") and (
                        not any(c.dep_ == "case" for c in child.children) or child.dep_ == "appos"
                    ) and child.pos_ not in ("VERB", "AUX"):
                        entity = self.entity_at(child)
                        if entity is not None:
                            return entity
                        next_frontier.append(child)
            frontier = next_frontier
        return None

    def _is_group(self, token: Token) -> bool:
        if token.ent_type_ == "NORP" and "Plur" in token.morph.get("Number", []):
            return True  # "Palestinians", "Israelis"
        return (lemma(token) if token.pos_ == "NOUN" else token.lower_) in self.group_nouns

    def _described_as(self, token: Token) -> Entity | None:
        """The person the article describes with this role ("la secrétaire générale de la CGT",
        told earlier as "Claire Roux, secrétaire générale du syndicat")."""
        if not self.described or lemma(token) not in self.roles:
            return None
        start = token.left_edge.i
        while start < token.i and self.doc[start].dep_ == "det":
            start += 1
        phrase = _normal(self.doc[start : token.right_edge.i + 1].text)
        for description, entity in self.described.items():
            if phrase == description or phrase.startswith(description + " "):
                return entity
        return None


_ACTOR_ENTITY_TYPES = frozenset({"PER", "ORG", "LOC"})
_RELATIVE_PRONOUNS = frozenset({"qui", "lequel", "laquelle", "lesquels", "lesquelles", "who", "that",
                                "which"})
_RELATIVE_CLAUSES = frozenset({"acl:relcl", "relcl"})


def _normal(text: str) -> str:
    return " ".join(text.casefold().replace("’", "'").split())


def _descriptions(entities: list[Entity]) -> dict[str, Entity]:
    """Descriptor → the one person it describes (descriptors shared by two persons are left out)."""
    found: dict[str, Entity | None] = {}
    for entity in entities:
        if entity.type != "PER":
            continue
        for descriptor in entity.descriptors:
            key = _normal(descriptor)
            if key:
                found[key] = entity if found.get(key, entity) is entity else None
    return {k: v for k, v in sorted(found.items(), key=lambda kv: -len(kv[0])) if v is not None}


@cache
def actor_sectors(lang: str) -> dict[str, str]:
    """Human group noun → actor sector, from ``data/plover_actors.LANG.tsv``."""
    found: dict[str, str] = {}
    for line in _data_lines(f"plover_actors.{lang}.tsv"):
        cells = [c.strip() for c in line.split("\t")]
        if cells and cells[0]:
            found[cells[0].casefold()] = cells[1] if len(cells) > 1 else ""
    return found


def group_name(token: Token, roles: frozenset[str] = frozenset()) -> str:
    """A group's name: the noun with its adjectives ("responsables américains"); a role noun
    keeps its short "de" complement ("chef de l'Etat")."""
    words = [t for t in token.subtree if t == token or (t.head == token and t.dep_ == "amod")]
    if token.lower_ in roles or lemma(token) in roles:
        for child in token.children:
            if child.dep_ in ("nmod", "prep") and child.i > token.i and child.right_edge.i - token.i <= 4 \
                    and (preposition(child) in _OF_PREPS or child.lower_ == "of"):
                words += [t for t in child.subtree if t.dep_ not in ("punct",)]
                break
    words.sort(key=lambda t: t.i)
    return " ".join("".join(t.text_with_ws for t in words).split())


# -- finding triggers ---------------------------------------------------------------------------


_TRIGGER_TAGS = frozenset({"VERB", "NOUN"})


def trigger_of(token: Token, lang: str) -> Trigger | None:
    pos = token.pos_
    if pos not in _TRIGGER_TAGS:
        return None
    candidates = lexicon_triggers(token, lang)
    return next((t for t in candidates if condition_holds(token, t.condition, lang)), None)


def lexicon_triggers(token: Token, lang: str) -> list[Trigger]:
    """The lexicon's triggers for the token's lemma (else its lower-case form) and tag, before
    their conditions are checked."""
    by_word = triggers(lang)
    return by_word.get((lemma(token), token.pos_)) or by_word.get((token.lower_, token.pos_)) or []


def condition_holds(token: Token, condition: str | None, lang: str) -> bool:
    if not condition:
        return True
    if condition == "refl":
        return any(c.lower_ in _REFLEXIVES for c in token.children)
    if condition.startswith("with:"):
        word = condition[5:].casefold()
        return any(t.lower_ == word for t in _near_dependents(token))
    if condition.startswith("obj:"):
        words = word_list(condition[4:], lang)
        near = _near_dependents(token)
        if token.dep_.startswith("acl") or token.dep_ == "amod":
            near.append(token.head)  # "les territoires occupés": the participle's noun is its object
        return any(lemma(t) in words or t.lower_ in words for t in near if t.pos_ in ("NOUN", "ADJ", "PROPN"))
    if condition.startswith("agent:"):
        return _agent_in_sectors(token, frozenset(condition[6:].split("|")), lang)
    if condition == "loc":
        return any(c.dep_ in _OBLIQUES or c.dep_ == "advmod" for c in token.children)
    return True


def _agent_in_sectors(verb: Token, sectors: frozenset[str], lang: str) -> bool:
    """The act is done by police, army or courts: passive with no other agent named ("il a été
    interpellé"), or a subject of one of those sectors ("la police a interpellé") — not a
    person challenging another ("elle l'a interpellé sur la réforme")."""
    known = actor_sectors(lang)
    agents = [c for c in verb.children if c.dep_ in _SUBJECTS or c.dep_ in ("obl:agent", "agent")]
    if not agents:
        return is_passive(verb)
    return any(known.get(lemma(a)) in sectors or known.get(a.lower_) in sectors for a in agents)


def _near_dependents(token: Token) -> list[Token]:
    """Dependents and their dependents, not inside a nested clause."""
    found: list[Token] = []
    for child in token.children:
        if child.dep_ in _CLAUSES:
            continue
        found.append(child)
        found.extend(g for g in child.children if g.dep_ not in _CLAUSES)
    return found


# -- roles ----------------------------------------------------------------------------------------


@dataclass(slots=True)
class Roles:
    source: list[ActorRef]
    target: list[ActorRef]
    place: ActorRef | None


def preposition(token: Token) -> str:
    for child in token.children:
        if child.dep_ == "case" or (child.dep_ == "mark" and child.pos_ == "ADP"):
            return child.lower_
    if token.dep_ == "pobj":
        return token.head.lower_
    return ""


def verb_roles(verb: Token, trigger: Trigger, actors: Actors) -> Roles:
    roles = Roles([], [], None)
    for child in own_dependents(verb):
        _assign(child, verb, trigger, actors, roles)
    if verb.i in actors.speakers and all(a.entity_id is None for a in roles.source):
        roles.source = actors.subject_actors(verb)
    participle = attached_participle(verb)
    if participle == "past":  # "Patrick Martin, élu le 6 juillet": the participle's noun is its patient
        patient = verb.head if verb.dep_ != "advcl" else _subject_of(verb.head)
        roles.target = (actors.of_phrase(patient) if patient is not None else []) + roles.target
    elif not roles.source and _subject_of(verb) is None:  # "although some welcomed it": not inherited
        inherited = inherited_source(verb, actors)
        if is_passive(verb):  # "Smith served … and was released": the shared subject is the patient
            roles.target = roles.target or inherited
        else:
            roles.source = inherited
    if not roles.target and trigger.type in _CLAUSE_TARGET_TYPES:
        roles.target = clause_subject(verb, actors)  # "ont averti que la Corée du Nord paierait"
    if trigger.type == "APPOINT":
        roles.target += office_holder_organisation(verb, actors)
        if participle == "past":  # "Patrick Martin, le nouveau président du Medef (élu le 6 juillet)"
            roles.target += [a for role in verb.head.children if role.dep_ == "appos" and role is not verb
                             for a in office_holder_organisation(role, actors)]
        if not any(actors.is_organisation(a) for a in roles.target):
            roles.target += actors.described_organisations([*roles.source, *roles.target])
    return roles


def own_dependents(verb: Token) -> list[Token]:
    """The verb's dependents, with those the parser hung on the wrong one of two coordinated
    clauses moved where they stand (:func:`later_conjunct_owner`)."""
    own = [c for c in verb.children if later_conjunct_owner(c, verb) is None]
    if verb.dep_ == "conj" and verb.head.i != verb.i:
        own += [c for c in verb.head.children if _same(later_conjunct_owner(c, verb.head), verb)]
    return own


def _same(token: Token | None, other: Token) -> bool:
    """Token identity: spaCy makes a new ``Token`` object at every access, so ``is`` is no test."""
    return token is not None and token.i == other.i and token.doc is other.doc


MAX_CLAUSE_DEPTH = 12
_COORDINATORS = frozenset({"et", "mais", "puis", "ou", "and", "but", "then", "or", "yet"})


def later_conjunct_owner(dependent: Token, verb: Token) -> Token | None:
    """The later coordinated clause a dependent of ``verb`` belongs to, if any: in "La Russie a
    soutenu ces mesures, mais l'année dernière, avec la Chine, elle a voté contre", the parser
    hangs "l'année dernière" and "avec la Chine" on "soutenu", yet they stand between the
    coordinator and the second clause's own subject: they are fronted in the second clause."""
    if dependent.i < verb.i or dependent.dep_ in ("punct", "cc"):
        return None
    for conjunct in verb.children:
        if conjunct.dep_ != "conj" or conjunct.pos_ not in ("VERB", "AUX") or conjunct.i <= dependent.i:
            continue
        subject = _subject_of(conjunct)
        if subject is None or subject.i < dependent.right_edge.i:
            continue
        between = verb.doc[verb.i + 1 : dependent.i]
        coordinator = next((t for t in reversed(between) if t.lower_ in _COORDINATORS), None)
        if coordinator is None:
            continue
        later = verb.doc[dependent.right_edge.i + 1 : subject.i]
        if any(t.lower_ in _COORDINATORS for t in later):
            continue
        if all(t.is_punct or t.i in _subtree_indices(verb, coordinator, subject) for t in later):
            return conjunct
    return None


def _subtree_indices(verb: Token, start: Token, end: Token) -> set[int]:
    """Indices between ``start`` and ``end`` whose attachment goes up to ``verb`` directly
    (fronted material of the later clause as the parser misattached it)."""
    indices: set[int] = set()
    for child in verb.children:
        if start.i < child.left_edge.i and child.right_edge.i < end.i:
            indices.update(range(child.left_edge.i, child.right_edge.i + 1))
    return indices


def _subject_of(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ in _SUBJECTS), None)


def attached_participle(verb: Token) -> str | None:
    """"past" or "present" for a participle modifying a noun ("élu le 6 juillet", "des
    résolutions sanctionnant X"), else None."""
    if not (verb.dep_.startswith("acl") or verb.dep_ in ("amod", "advcl", "appos")) \
            or verb.dep_ in _RELATIVE_CLAUSES:
        return None
    if "Part" not in verb.morph.get("VerbForm", []) and verb.tag_ not in ("VBN", "VBG"):
        return None
    if verb.dep_ == "advcl" and verb.head.pos_ not in ("NOUN", "PROPN"):
        # "Reçue mardi à l'Elysée, la secrétaire générale a exposé…": it modifies the subject
        if "Past" not in verb.morph.get("Tense", []) and verb.tag_ != "VBN":
            return None
        subjects = [c for c in verb.head.children if c.dep_ in _SUBJECTS]
        return "past" if subjects and subjects[0].i > verb.i else None
    past = "Past" in verb.morph.get("Tense", []) or verb.tag_ == "VBN"
    return "past" if past and not any(c.dep_.startswith("aux") for c in verb.children) else "present"


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("aux:pass", "auxpass") or c.dep_ in _PASSIVE_SUBJECTS for c in verb.children)


def office_holder_organisation(verb: Token, actors: Actors) -> list[ActorRef]:
    """The organisation of the office someone is appointed to or takes ("élu président du
    Medef", "à la tête de la CFDT", "named leader of Hamas's political bureau")."""
    found: list[ActorRef] = []
    for child in verb.children:
        if child.dep_ in _SUBJECTS or child.dep_ in _PASSIVE_SUBJECTS or child.dep_ in _CLAUSES:
            continue
        for token in child.subtree:
            if token.i - child.i > 8:
                break
            entity = actors.entity_at(token)
            if entity is not None and entity.type == "ORG" and all(a.entity_id != entity.id for a in found):
                found.append(ActorRef(entity.id, entity.name))
    return found


def clause_subject(verb: Token, actors: Actors) -> list[ActorRef]:
    for clause in (c for c in verb.children if c.dep_ in ("ccomp", "xcomp")):
        for child in clause.children:
            if child.dep_ in _SUBJECTS | _PASSIVE_SUBJECTS:
                return actors.of_phrase(child)
    return []


def _assign(child: Token, verb: Token, trigger: Trigger, actors: Actors, roles: Roles) -> None:
    dep = child.dep_
    if dep in _SUBJECTS:
        roles.source += actors.of_phrase(child, agentive=True)
    elif dep in _PASSIVE_SUBJECTS or dep in _OBJECTS:
        roles.target += actors.of_phrase(child)
    elif dep == "prep":  # English: the object hangs on the preposition
        for pobj in (c for c in child.children if c.dep_ == "pobj"):
            _oblique(pobj, child.lower_, trigger, actors, roles)
    elif dep in _OBLIQUES and child.pos_ in ("PROPN", "NOUN") and not preposition(child) \
            and dep in ("nmod", "obl") and actors.entity_at(child) is not None:
        roles.target += actors.of_phrase(child)  # "sanctionnant la Corée du Nord" parsed as nmod
    elif dep in _OBLIQUES:
        _oblique(child, preposition(child), trigger, actors, roles)


def _oblique(token: Token, prep: str, trigger: Trigger, actors: Actors, roles: Roles) -> None:
    if prep in _AWAY_PREPS:
        return  # "son premier voyage hors de Corée du Nord": not where it happens
    if actors.entity_at(token) is None and token.pos_ == "NOUN" and not actors._is_group(token):
        place = _place_below(token, actors)  # "jeudi 9 mai à Sibiu", "lors du congrès … à Madrid"
        if place is not None:
            roles.place = roles.place or place
            return
    named = actors.of_phrase(token, agentive=prep in _AGENT_PREPS)
    if not named and lemma(token) in word_list("plover_co_agents", actors.lang):
        roles.source += _complement_actors(token, actors)  # "fondé avec le soutien de X"
        return
    if not named:
        named = _media_below(token, actors)
        if named:
            roles.target += named
        return
    entity = actors.entity_at(token) or actors._entity_below(token)
    is_place = entity is not None and entity.type == "LOC" and (
        prep in _PLACE_PREPS or (_visits(trigger) and prep in _TARGET_PREPS))
    if prep in _AGENT_PREPS:
        roles.source += named
    elif is_place and prep not in ("contre", "against", "avec", "with", "entre", "between"):
        if roles.place is None or _after_comma(token):
            roles.place = named[0]  # "à Londres ce mardi, à Hainault": the second place refines the first
        if _visits(trigger):  # a country visited is the visit's target; a host's place is only a place
            roles.target += named
    elif prep in _CO_AGENT_PREPS and trigger.type != "CONSULT":
        roles.source += named
    elif prep in _TARGET_PREPS or prep in _OF_PREPS:
        roles.target += named


def _after_comma(token: Token) -> bool:
    start = token.left_edge.i
    return start > 0 and token.doc[start - 1].text == ","


def _place_below(token: Token, actors: Actors) -> ActorRef | None:
    """A place one step below an oblique: "jeudi 9 mai à Sibiu", "lors du congrès … à Madrid"."""
    locative = _LOCATIVE_PREPS
    for child in token.children:
        entity = actors.entity_at(child)
        if entity is not None and entity.type == "LOC" and child.dep_ in ("nmod", "prep", "pobj", "obl") \
                and (preposition(child) in locative or child.lower_ in locative):
            return ActorRef(entity.id, entity.name)
        if child.dep_ == "prep" and child.lower_ in locative:
            for pobj in (c for c in child.children if c.dep_ == "pobj"):
                entity = actors.entity_at(pobj)
                if entity is not None and entity.type == "LOC":
                    return ActorRef(entity.id, entity.name)
    return None


def _complement_actors(noun: Token, actors: Actors) -> list[ActorRef]:
    found: list[ActorRef] = []
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ in ("of", "from"):
            for pobj in (c for c in child.children if c.dep_ == "pobj"):
                found += actors.of_phrase(pobj, agentive=True)
        elif child.dep_ in ("nmod", "obl") and preposition(child) in _OF_PREPS:
            found += actors.of_phrase(child, agentive=True)
    return found


def _visits(trigger: Trigger) -> bool:
    return trigger.type == "TRAVEL" or (trigger.type == "CONSULT" and trigger.mode == "visit")


def _media_below(token: Token, actors: Actors) -> list[ActorRef]:
    """An organisation one step below an oblique ("dans un entretien à la Stampa")."""
    for child in token.children:
        entity = actors.entity_at(child)
        if entity is not None and entity.type == "ORG":
            return [ActorRef(entity.id, entity.name)]
    return []


def inherited_source(verb: Token, actors: Actors) -> list[ActorRef]:
    """A verb without a subject takes it from the clause it depends on (infinitives, participles,
    coordinated verbs)."""
    node = verb
    for _ in range(MAX_ACTOR_DEPTH):
        if node.dep_ in ("xcomp", "advcl", "conj", "amod") or node.dep_.startswith("acl"):
            head = node.head
            while (node.dep_.startswith("acl") or node.dep_ == "amod") and head.pos_ in ("NOUN", "PROPN") \
                    and head.head.i != head.i and head.dep_ in _OBJECTS | {"obl", "nmod", "conj"}:
                named = actors.of_phrase(head, agentive=True)
                if named:
                    return named
                head = head.head  # "l'ONU a adopté des résolutions sanctionnant X": the ONU
            controller = _object_controller(head, actors)
            if controller:
                return controller  # "ont accusé Pyongyang d'avoir expédié des armes": Pyongyang
            subjects = [c for c in head.children if c.dep_ in _SUBJECTS]
            if not subjects and node.dep_ == "xcomp" and is_passive(head):
                # "Ana Ruiz was slated to introduce Tom Lee": the passive subject does it
                subjects = [c for c in head.children if c.dep_ in _PASSIVE_SUBJECTS]
            if subjects:
                return actors.of_phrase(subjects[0], agentive=True)
            node = head
        else:
            break
    if node.pos_ in ("VERB", "AUX") and not is_passive(node) and _subject_of(node) is None \
            and node.dep_ in ("ROOT", "conj", "parataxis"):
        return subject_by_position(node, actors)
    return []


def _object_controller(verb: Token, actors: Actors) -> list[ActorRef]:
    """Verbs of accusing put their object, not their subject, behind the act they accuse it of."""
    if lemma(verb) not in modality_cues(actors.lang).get("allege", frozenset()):
        return []
    objects = [c for c in verb.children if c.dep_ in ("obj", "dobj")]
    return actors.of_phrase(objects[0]) if objects else []


def subject_by_position(verb: Token, actors: Actors) -> list[ActorRef]:
    """A finite clause whose subject the parser lost ("Lundi 6 mai, Sebastian Kurz, le chancelier
    autrichien, n'a pas hésité à…", subject parsed into the date): the nearest named actor
    before the verb in its sentence with no preposition of its own — French and English put the
    subject there."""
    start = verb.sent.start
    for i in range(verb.i - 1, max(start, verb.i - 25) - 1, -1):
        token = verb.doc[i]
        if token.pos_ in ("VERB", "AUX") and token.dep_ not in ("aux", "aux:tense", "aux:pass", "cop"):
            return []  # another clause's verb: its actors are its own
        entity = actors.entity_at(token)
        if entity is None or entity.type not in _ACTOR_ENTITY_TYPES:
            continue
        root = token
        while root.head.i != root.i and actors.entity_at(root.head) is entity:
            root = root.head
        if preposition(root) or root.dep_ in ("pobj", "poss", "nmod:poss"):
            continue
        return [ActorRef(entity.id, entity.name)]
    return []


def noun_roles(noun: Token, trigger: Trigger, actors: Actors) -> Roles:
    roles = Roles([], [], None)
    away = {e.id for c in noun.children if preposition(c) in _AWAY_PREPS and (e := actors.entity_at(c))}
    for child in noun.children:
        if (entity := actors.entity_at(child)) is not None and entity.id in away:
            continue  # "hors de Corée du Nord", however the parser splits the name
        if child.dep_ in ("nmod:poss", "poss"):
            roles.source += actors.of_phrase(child)
        elif child.dep_ in _OBLIQUES or child.dep_ == "prep":
            target_token = next((c for c in child.children if c.dep_ == "pobj"), child) \
                if child.dep_ == "prep" else child
            prep = child.lower_ if child.dep_ == "prep" else preposition(child)
            named = actors.of_phrase(target_token)
            entity = actors.entity_at(target_token)
            if prep in _OF_PREPS and named and f"{trigger.type}/{trigger.mode}" in genitive_patient_modes():
                roles.target += named  # "l'assassinat de Haniyeh": Haniyeh was killed
            elif prep in _OF_PREPS and named and not (entity and entity.type == "LOC"
                                                      and _visits(trigger)):
                roles.source += named
            elif prep in _OF_PREPS and named:
                roles.target += named
                roles.place = roles.place or named[0]
            else:
                _oblique(target_token, prep, trigger, actors, roles)
        elif child.dep_ in ("amod", "compound") and actors.entity_at(child) is not None:
            roles.source += actors.of_phrase(child)
    verb = _verb_of_oblique(noun)
    if not roles.source and verb is not None:
        # "said in a release", "lors de leur rencontre": the subject of the clause takes part
        roles.source = actors.subject_actors(verb)
    if not roles.source and not roles.target and noun.dep_ in _SUBJECTS | _PASSIVE_SUBJECTS:
        roles.source = topic_actor(noun, actors)
    if noun.dep_ in _OBJECTS and lemma(noun.head) in word_list("light_verbs", actors.lang):
        verb_side = verb_roles(noun.head, trigger, actors)
        roles.source = verb_side.source + roles.source
        roles.target += [a for a in verb_side.target if a.name not in {s.name for s in roles.source}]
        roles.place = roles.place or verb_side.place
    return roles


def topic_actor(noun: Token, actors: Actors) -> list[ActorRef]:
    """A nominal event opening a sentence with nobody named ("Deux lancements ont échoué plus tôt
    cette année", right after "la Corée du Nord s'efforce d'envoyer un satellite"): the
    subject named in this or the previous sentence, the topic the text is still about."""
    topic = actors.last_subject
    if topic is None or topic.type not in ("ORG", "LOC") or actors.last_subject_token < 0:
        return []
    sentence = noun.sent
    previous_start = noun.doc[sentence.start - 1].sent.start if sentence.start > 0 else sentence.start
    if actors.last_subject_token < previous_start:
        return []
    return [ActorRef(topic.id, topic.name)]


def _verb_of_oblique(noun: Token) -> Token | None:
    """The active verb a noun is an oblique of ("said in a release" → said), else None."""
    head = noun.head.head if noun.dep_ == "pobj" and noun.head.dep_ == "prep" else noun.head
    if noun.dep_ not in ("pobj", "obl", "obl:mod") or head.pos_ != "VERB" or is_passive(head):
        return None
    return head


# -- modality ------------------------------------------------------------------------------------


def modality_of(token: Token, lang: str, *, in_quote: bool) -> str:
    """denied > negated > alleged > hypothetical > planned > reported > asserted."""
    cues = modality_cues(lang)
    clause = _clause_verb(token)
    if _governed_by(clause, cues.get("deny", frozenset())):
        return "denied"
    if _negated(clause, cues.get("negation", frozenset()), cues.get("negation_head", frozenset())):
        return "negated"
    if _governed_by(clause, cues.get("allege", frozenset())) or _has_cue(token, cues.get("allege_adv")) \
            or _has_cue(clause, cues.get("allege_adv")):
        return "alleged"
    if _hypothetical(clause, cues):
        return "hypothetical"
    if _planned(token, clause, cues):
        return "planned"
    return "reported" if in_quote else "asserted"


def _clause_verb(token: Token) -> Token:
    """The verb a noun trigger's clause hangs on (the trigger itself for a verb)."""
    node = token
    for _ in range(4):
        if node.pos_ in ("VERB", "AUX") or node.head.i == node.i:
            return node
        node = node.head
    return node


def _governed_by(verb: Token, words: frozenset[str]) -> bool:
    """Whether ``verb`` is in the complement clause of one of ``words`` ("nier avoir X")."""
    node = verb
    for _ in range(3):
        if node.head.i == node.i or node.dep_ not in _CLAUSES | {"obj", "obl", "conj"}:
            return False
        node = node.head
        if lemma(node) in words or node.lower_ in words:
            return True
    return False


def _negated(verb: Token, words: frozenset[str], heads: frozenset[str] = frozenset()) -> bool:
    if verb.head.i != verb.i and verb.head.lower_ in heads:
        return True  # "loin de condamner la pratique": the condemning did not happen
    doc = verb.doc
    if verb.i >= 2 and doc[verb.i - 1].lower_ in ("de", "d'", "d’") and doc[verb.i - 2].lower_ in heads:
        return True  # the same, however the parser attached "loin"
    for child in verb.children:
        if child.dep_ in ("neg", "advmod", "cc", "det") and child.lower_ in words and child.i > verb.i - 6:
            return True
    nobody = ("personne", "rien", "nobody", "nothing")
    return any(c.dep_ == "nsubj" and c.lower_ in nobody for c in verb.children)


def _has_cue(token: Token, words: frozenset[str] | None) -> bool:
    return bool(words) and any(c.lower_ in (words or ()) for c in token.children)


def _hypothetical(verb: Token, cues: dict[str, frozenset[str]]) -> bool:
    moods = set(verb.morph.get("Mood", []))
    for child in verb.children:
        if child.dep_.startswith("aux"):
            moods |= set(child.morph.get("Mood", []))
            if child.lower_ in cues.get("modal", frozenset()):
                return True
        if child.dep_ == "mark" and child.lower_ in cues.get("condition", frozenset()):
            return True
    if "Cnd" in moods:
        return True
    if _open_question(verb, cues):
        return True
    head = verb.head
    return verb.dep_ == "xcomp" and lemma(head) in cues.get("modal", frozenset())


_FUTURE_ENDINGS = ("ai", "as", "a", "ons", "ez", "ont")


def _french_future_form(verb: Token) -> bool:
    """The French future is the infinitive plus -ai/-as/-a/-ons/-ez/-ont ("nommera", "publieront");
    the tagger sometimes calls it present."""
    if verb.lang_ != "fr" or "Fin" not in verb.morph.get("VerbForm", []):
        return False
    infinitive = lemma(verb)
    stems = {infinitive, infinitive[:-1]} if infinitive.endswith("re") else {infinitive}
    word = verb.lower_
    return any(word == stem + ending for stem in stems for ending in _FUTURE_ENDINGS)


def _open_question(verb: Token, cues: dict[str, frozenset[str]]) -> bool:
    """"questions over how Israel will negotiate": a question about the future asserts nothing."""
    if not any(c.lower_ in cues.get("question", frozenset()) for c in verb.children):
        return False
    future = "Fut" in verb.morph.get("Tense", []) or any(
        c.dep_.startswith("aux") and c.lower_ in cues.get("plan", frozenset()) for c in verb.children)
    return future


def _planned(token: Token, verb: Token, cues: dict[str, frozenset[str]]) -> bool:
    plan = cues.get("plan", frozenset())
    if "Fut" in verb.morph.get("Tense", []) or _french_future_form(verb):
        return True
    if any(c.dep_.startswith("aux") and c.lower_ in plan for c in verb.children):
        return True
    if verb.dep_ == "xcomp" and lemma(verb.head) in plan:
        return True
    if verb.pos_ == "VERB" and "Inf" in verb.morph.get("VerbForm", []) and _governed_by(verb, plan):
        return True  # "a promis l'an dernier d'interdire": parsed as a clause on "an", still promised
    return token.pos_ == "NOUN" and _has_cue(token, cues.get("plan_adj"))


# -- dates ------------------------------------------------------------------------------------------


def token_of(doc: Doc, start: int, end: int) -> Token | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


DatedTokens = list[tuple[TimeExpression, Token]]


def date_for(trigger: Token, sentence: Span, times: DatedTokens) -> TimeExpression | None:
    """The time expression of ``sentence`` that dates ``trigger``: attached to it, else to its
    clause, else the nearest in the sentence."""
    own = _finite_clause(trigger)
    here = [(t, tok) for t, tok in times if sentence.start <= tok.i < sentence.end
            and not _in_other_relative_clause(tok, trigger) and _may_date(tok, own)]
    if not here:
        return None
    clause = _clause_verb(trigger)
    for anchor in (trigger, clause, clause.head):
        attached = [(t, tok) for t, tok in here if anchor.is_ancestor(tok) or tok.head == anchor]
        if attached:
            return min(attached, key=lambda pair: abs(pair[1].i - trigger.i))[0]
    return min(here, key=lambda pair: abs(pair[1].i - trigger.i))[0]


def _may_date(time: Token, own: Token | None) -> bool:
    """A time expression dates the clause it stands in and the clauses below it, not another
    clause with a subject of its own beside or below the trigger's (``own``, its finite clause):
    in "La Russie a soutenu ces mesures, mais l'année dernière, elle a voté contre", last year
    is the vote's, not the support's, however the parser attached it."""
    owner = _finite_clause(time)
    return owner is None or own is None or owner.i == own.i or owner.is_ancestor(own)


def _finite_clause(token: Token) -> Token | None:
    """The nearest verb at or above ``token`` with a subject of its own; words the parser hung
    on an earlier clause but that stand fronted in a later coordinated one go to the later one."""
    node = token
    for _ in range(MAX_CLAUSE_DEPTH):
        if node.pos_ in ("VERB", "AUX") and _subject_of(node) is not None \
                and "Inf" not in node.morph.get("VerbForm", []):  # an infinitive's "subject" is a misparse
            return node
        head = node.head
        if head.i == node.i:
            return None
        node = later_conjunct_owner(node, head) or head
    return None


def _in_other_relative_clause(token: Token, trigger: Token) -> bool:
    """"avec la syndicaliste, qui a pris ses fonctions à la fin mars": the date belongs to the
    relative clause, not to the meeting."""
    for ancestor in token.ancestors:
        if ancestor.dep_ in _RELATIVE_CLAUSES:
            return not (ancestor == trigger or ancestor.is_ancestor(trigger))
    return False


def as_date(expression: TimeExpression) -> DateValue | None:
    if expression.value is None or expression.precision not in ("day", "week", "month", "year", "decade"):
        return None
    try:
        return DateValue(expression.value, expression.precision)  # type: ignore[arg-type]
    except ValueError:
        return None


# -- the component --------------------------------------------------------------------------------


@dataclass(slots=True)
class Context:
    doc: Doc
    article: Article
    actors: Actors
    times: list[tuple[TimeExpression, Token]]
    quotes: list[Quote]
    open_ids: set[str] = field(default_factory=set)  # the open-domain events (``open_trigger``)


class EventComponent(Component):
    """Fills ``article.events`` with typed events, their actors, place, date and modality."""

    name: ClassVar[str] = "events"
    reads: ClassVar[frozenset[str]] = frozenset(
        {"article.entities", "article.times", "doc.sents", "token.dep", "token.pos", "token.morph"}
    )
    writes: ClassVar[frozenset[str]] = frozenset({"article.events"})

    def __call__(self, doc: Doc) -> Doc:
        article = article_of(doc)
        context = Context(doc, article, Actors(doc, article), dated_tokens(doc, article.times),
                          [q for q in article.quotes if q.speaker is not None])
        article.events = find_events(context)
        return doc


def dated_tokens(doc: Doc, times: list[TimeExpression]) -> list[tuple[TimeExpression, Token]]:
    found = []
    for expression in iter_dates(times):
        token = token_of(doc, expression.start, expression.end)
        if token is not None:
            found.append((expression, token))
    return found


def find_events(context: Context) -> list[Event]:
    """Every typed event of the article, one per real-world event (see :func:`merge_mentions`),
    scored by the shipped salience model (``event_salience``)."""
    events = candidate_events(context)
    rule, is_open = salience_inputs(events, context)
    rows = event_features(events, context.article, rule_salient=rule, open_domain=is_open)
    apply_salience(default_salience_model(), events, rows, rule_salient=rule, open_domain=is_open)
    return events


def salience_inputs(events: list[Event], context: Context) -> tuple[list[bool], list[bool]]:
    """The rules' salience verdict and whether each event is open-domain, before the model."""
    return [e.salient for e in events], [e.id in context.open_ids for e in events]


def candidate_events(context: Context) -> list[Event]:
    """The events before salience is learned: ``salient`` is the rules' verdict."""
    lang = context.actors.lang
    found: list[Event] = []
    themes: dict[str, str] = {}
    anaphoric: set[str] = set()  # "la rencontre des deux dirigeants": an event told before
    doc = context.doc
    for sentence, index, word, is_subject in _candidates(doc):
        trigger = None
        if _trigger_candidates(doc, index, word, lang):
            trigger = trigger_of(doc[index], lang)
        if trigger is None and _open_candidate(doc, index, word, lang):
            token = doc[index]
            trigger = open_trigger(token, lang) if token.i not in context.actors.cues else None
        if trigger is not None:
            token = doc[index]
            event = _build(token, trigger, sentence, context)
            if event is not None:
                found.append(event)
                themes[event.id] = theme_of(token, context.actors)
                if _definite_noun(token) and not _named(event):
                    anaphoric.add(event.id)
        if is_subject:
            _remember_subject(doc[index], context.actors)
    from newsgraph.nlp.statements import statement_events  # statements build on this module

    events = sorted(found + statement_events(context), key=lambda e: e.trigger.start)
    roles = {e.id: frozenset(d.split()[0].casefold() for d in e.descriptors if d.split())
             for e in context.article.entities if e.type == "PER"}
    return merge_mentions(events, themes=themes, anaphoric=anaphoric, roles=roles)


_WordKey = tuple[int, int, int]  # the vocabulary ids of a word's lower-case form, tag, morphology


def _candidates(doc: Doc) -> Iterator[tuple[Span, int, _WordKey, bool]]:
    """The tokens that may trigger an event (verbs, nouns) or be remembered as a subject, with
    their sentence, in text order: index, word key and whether it is a subject, read from the
    Doc's arrays without making a ``Token`` for every word."""
    chosen = token_indices(doc, pos=_TRIGGER_TAGS, dep=_SUBJECTS | _PASSIVE_SUBJECTS)
    if not chosen:
        return
    columns = doc.to_array([LOWER, POS, MORPH, DEP])[chosen].tolist()
    position = 0
    for sentence in doc.sents:
        while position < len(chosen) and chosen[position] < sentence.end:
            lower, pos, morph, dep = columns[position]
            yield sentence, chosen[position], (lower, pos, morph), dep in _SUBJECT_IDS
            position += 1


def _trigger_candidates(doc: Doc, index: int, word: _WordKey, lang: str) -> bool:
    """Whether the word at ``index`` names an event in the trigger lexicon (before its
    conditions are checked), remembered per word form, tag and morphology: the lemma depends on
    nothing else, and most verbs and nouns of an article name no event."""
    key = (lang, *word)
    known = _IS_TRIGGER_WORD.get(key)
    if known is None:
        token = doc[index]
        known = token.pos_ in _TRIGGER_TAGS and bool(lexicon_triggers(token, lang))
        if len(_IS_TRIGGER_WORD) > 200_000:
            _IS_TRIGGER_WORD.clear()
        _IS_TRIGGER_WORD[key] = known
    return known


_IS_TRIGGER_WORD: dict[tuple[str, int, int, int], bool] = {}


def _open_candidate(doc: Doc, index: int, word: _WordKey, lang: str) -> bool:
    """Whether the word may be an open-domain predicate: a verb, or a noun of the general
    types' lexicon (remembered per word form, tag and morphology, like ``_trigger_candidates``)."""
    key = (lang, *word)
    known = _IS_OPEN_WORD.get(key)
    if known is None:
        token = doc[index]
        known = token.pos_ == "VERB" or (token.pos_ == "NOUN" and (
            (lemma(token), "NOUN") in news_types(lang) or (token.lower_, "NOUN") in news_types(lang)))
        if len(_IS_OPEN_WORD) > 200_000:
            _IS_OPEN_WORD.clear()
        _IS_OPEN_WORD[key] = known
    return known


_IS_OPEN_WORD: dict[tuple[str, int, int, int], bool] = {}
_SUBJECT_IDS = frozenset(get_string_id(label) for label in _SUBJECTS | _PASSIVE_SUBJECTS)


def _definite_noun(token: Token) -> bool:
    """A noun trigger with a definite or possessive determiner ("la rencontre", "their meeting")."""
    if token.pos_ != "NOUN":
        return False
    return any(
        c.dep_ in ("det", "poss", "nmod:poss") and ("Def" in c.morph.get("Definite", []) or "Yes" in
                                                     c.morph.get("Poss", []) or c.dep_ != "det")
        for c in token.children
    )


def theme_of(trigger: Token, actors: Actors) -> str:
    """What the act is about when it is not an actor: the object of a verb, the "de/of"
    complement of a noun ("lancé deux missiles", "lancements du satellite"), as a lemma."""
    for child in trigger.children:
        if child.pos_ != "NOUN" or actors.entity_at(child) is not None or actors._is_group(child):
            continue
        if trigger.pos_ == "VERB" and child.dep_ in ("obj", "dobj"):
            return lemma(child)
        if trigger.pos_ == "NOUN" and child.dep_ == "nmod" and preposition(child) in _OF_PREPS:
            return lemma(child)
    if trigger.pos_ == "NOUN":
        for prep in (c for c in trigger.children if c.dep_ == "prep" and c.lower_ == "of"):
            for pobj in (c for c in prep.children if c.dep_ == "pobj" and c.pos_ == "NOUN"):
                if actors.entity_at(pobj) is None and not actors._is_group(pobj):
                    return lemma(pobj)
    return ""


def _remember_subject(token: Token, actors: Actors) -> None:
    if token.dep_ in _SUBJECTS or token.dep_ in _PASSIVE_SUBJECTS:
        entity = actors.entity_at(token) or actors._entity_below(token)
        if entity is not None and entity.type in _ACTOR_ENTITY_TYPES:
            actors.last_subject, actors.last_subject_token = entity, token.i
        elif token.lower_ in _PERSONAL_PRONOUNS and actors._pronoun(token, agentive=True) is not None:
            actors.last_subject_token = token.i  # "Elle s'efforce…": the same topic, named again


def _build(token: Token, trigger: Trigger, sentence: Span, context: Context) -> Event | None:
    actors = context.actors
    if trigger.type == "PUBLISH" and _introduces_quote(token, actors):
        return None  # "a publié la compagnie sur X", "said in a release": speech (statements.py)
    if token.pos_ == "VERB":
        if _is_light_verb_of_trigger(token, context, open_domain=trigger.open):
            return None
        roles = verb_roles(token, trigger, actors)
    else:
        roles = noun_roles(token, trigger, actors)
    if trigger.open:
        open_phrases(token, roles, actors)
        if token.pos_ == "NOUN" and token.head.pos_ == "VERB" and token.head.i != token.i:
            _roles_from_verb(token, trigger, roles, actors)
    _drop_self_targets(roles)
    if not roles.source and not roles.target and roles.place is not None \
            and trigger.type in place_acting_types():
        roles.source = [roles.place]  # "les élections locales à Londres": London holds them
    if not roles.source and not roles.target and not (trigger.open and roles.place is not None):
        return None  # nobody acts: "la menace", "des missiles ont été tirés" name no event of someone
    if roles.place is None and not _away(token):
        roles.place = setting_place(token, sentence, context.actors)
    event = make_event(token, trigger.type, trigger.mode, roles, sentence, context)
    if trigger.open:
        context.open_ids.add(event.id)
    return event


SETTING_SENTENCES = 2  # how many sentences before an event's own may name its setting


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
        start = actors.doc[start - 1].sent.start
    for index in range(token.i - 1, start - 1, -1):
        entity = actors.by_token[index]
        if entity is not None and entity.type == "LOC":
            return ActorRef(entity.id, entity.name)
    return None


def _away(token: Token) -> bool:
    """Whether the event is told as away from a place ("son voyage hors de Corée du Nord",
    "outside Leeds"): then the place named before is not its setting."""
    return any(t.lower_ in _AWAY_PREPS and t.dep_ in ("case", "prep", "fixed") for t in token.subtree)


def _roles_from_verb(noun: Token, trigger: Trigger, roles: Roles, actors: Actors) -> None:
    """An event noun that is the subject or the object of a verb takes that verb's place ("l'explosion
    a eu lieu à Grenoble"); as an object with nobody doing it, the verb's subject ("workers
    staged a walkout")."""
    if noun.dep_ not in _SUBJECTS | _PASSIVE_SUBJECTS and noun.dep_ not in ("obj", "dobj"):
        return
    verb_side = verb_roles(noun.head, trigger, actors)
    roles.place = roles.place or verb_side.place
    if noun.dep_ in ("obj", "dobj") and not roles.source:
        roles.source = verb_side.source


_PHRASE_MODIFIERS = frozenset({"amod", "compound", "flat", "flat:name", "nummod", "nmod:poss", "poss"})
_NOT_PHRASES = frozenset({"PRON", "DET", "NUM", "SYM", "PUNCT", "X"})


def noun_phrase(token: Token) -> str:
    """A short name for a participant that is no actor: the noun with its adjectives, compounds
    and numbers ("deux corps", "the state legislature"), no determiner, no clause."""
    words = [t for t in token.children if t.dep_ in _PHRASE_MODIFIERS and t.i < token.i + 4
             and t.i > token.i - 4] + [token]
    return " ".join(t.text for t in sorted(words, key=lambda t: t.i))


def open_phrases(token: Token, roles: Roles, actors: Actors) -> None:
    """Open-domain participants named by no entity or group: the subject (agent, or patient of a
    passive) and the direct object (patient) as noun phrases; a recipient ("to/à X") that is an
    actor is already a target."""
    if token.pos_ != "VERB":
        return
    for child in token.children:
        if child.pos_ in _NOT_PHRASES or child.pos_ not in ("NOUN", "PROPN"):
            continue
        if actors.entity_at(child) is not None or actors._is_group(child):
            continue
        ref = ActorRef(None, noun_phrase(child))
        if child.dep_ in _SUBJECTS and not roles.source:
            roles.source = [ref]
        elif (child.dep_ in _PASSIVE_SUBJECTS or child.dep_ in ("obj", "dobj")) and not roles.target:
            roles.target = [ref]


def _introduces_quote(token: Token, actors: Actors) -> bool:
    if token.i in actors.cues:
        return True
    verb = _verb_of_oblique(token) if token.pos_ == "NOUN" else None
    return verb is not None and verb.i in actors.cues


def _is_light_verb_of_trigger(verb: Token, context: Context, *, open_domain: bool = False) -> bool:
    """"effectuer une visite", "announce a strike": the event is the noun.  An open-domain verb
    also gives way to an open-domain noun object."""
    lang = context.actors.lang
    if lemma(verb) not in word_list("light_verbs", lang):
        return False
    return any(c.dep_ in _OBJECTS and (trigger_of(c, lang) is not None
                                       or (open_domain and open_trigger(c, lang) is not None))
               for c in verb.children)


def _drop_self_targets(roles: Roles) -> None:
    names = {a.name for a in roles.source}
    roles.target = unique_refs([a for a in roles.target if a.name not in names])
    roles.source = unique_refs(roles.source)


def unique_refs(refs: list[ActorRef]) -> list[ActorRef]:
    seen: set[str] = set()
    kept = []
    for ref in refs:
        if ref.name not in seen:
            seen.add(ref.name)
            kept.append(ref)
    return kept


# -- one event, many mentions ---------------------------------------------------------------------

_FACTUAL = frozenset({"asserted", "reported", "planned"})


def merge_mentions(
    events: list[Event], *, themes: dict[str, str] | None = None, anaphoric: set[str] | None = None,
    roles: dict[str, frozenset[str]] | None = None,
) -> list[Event]:
    """In-article event coreference: mentions of one type whose named actors nest and whose
    dates agree are one event ("Poutine a accueilli Kim" … "la rencontre" … "leur rencontre").
    The most informative mention leads; the others lend it what it lacks (a date told in the
    text, a place, actors) and are dropped.  Compared within a type only."""
    by_type: dict[str, list[Event]] = {}
    kept: list[Event] = []
    for event in events:
        group = by_type.setdefault(event.type, [])
        other = next((e for e in group if _themes_agree(e, event, themes or {}) and (
            same_event(e, event) or _refers_back(event, e, anaphoric or set())
            or _role_names_person(e, event, roles or {}))), None)
        if other is None:
            group.append(event)
            kept.append(event)
            continue
        merged = _merged(other, event)
        group[group.index(other)] = merged
        kept[kept.index(other)] = merged
    return kept


def _refers_back(later: Event, earlier: Event, anaphoric: set[str]) -> bool:
    """A definite noun naming only a group ("la rencontre des deux dirigeants") after an event of
    its type whose actors are named: the same event, told again."""
    return (
        later.id in anaphoric and bool(_named(earlier)) and modes_agree(later.type, later.mode, earlier.mode)
        and _dates_agree(later, earlier) and later.modality in _FACTUAL and earlier.modality in _FACTUAL
    )


def _role_names_person(a: Event, b: Event, roles: dict[str, frozenset[str]]) -> bool:
    """"Un juge de la Cour se récuse" … "le juge Bocock s'est récusé": a mention whose only actor is
    a role noun, and one naming a person the article describes with that role, are one event."""
    if not modes_agree(a.type, a.mode, b.mode) or not _dates_agree(a, b):
        return False
    if a.modality not in _FACTUAL or b.modality not in _FACTUAL:
        return False
    if bool(_named(a)) == bool(_named(b)):
        return False
    unnamed, named = (a, b) if _named(b) else (b, a)
    heads = {g.split()[0] for g in _groups(unnamed)}
    described = set().union(*(roles.get(entity_id, frozenset()) for entity_id in _named(named)))
    return bool(heads) and heads <= described


def _themes_agree(a: Event, b: Event, themes: dict[str, str]) -> bool:
    """Launching missiles and launching a satellite are two acts, whoever does them."""
    theme_a, theme_b = themes.get(a.id, ""), themes.get(b.id, "")
    return not theme_a or not theme_b or theme_a == theme_b


def same_event(a: Event, b: Event) -> bool:
    if a.type != b.type or not modes_agree(a.type, a.mode, b.mode):
        return False
    if not _predicates_agree(a, b):
        return False
    if a.modality != b.modality and not (a.modality in _FACTUAL and b.modality in _FACTUAL):
        return False
    if not _dates_agree(a, b):
        return False
    named_a, named_b = _named(a), _named(b)
    if named_a and named_b:
        return (named_a <= named_b or named_b <= named_a) and not _roles_swapped(a, b)
    # a mention naming only a group ("les deux dirigeants") joins an event dated the same in the text
    groups_a, groups_b = _groups(a), _groups(b)
    if not (named_a or named_b):
        return bool(groups_a & groups_b)
    return a.date_from == "text" and b.date_from == "text"


def _predicates_agree(a: Event, b: Event) -> bool:
    """Open-domain mentions (no PLOVER mode) tell one event when their predicates are one family:
    the same lemma, or one general type other than OTHER ("collapsed" … "the collapse")."""
    if a.mode is not None or b.mode is not None or a.type not in general_types():
        return True
    return a.lemma == b.lemma or a.type != OTHER


def _roles_swapped(a: Event, b: Event) -> bool:
    """"La Russie a soutenu ces mesures" and "la Corée du Nord soutient la Russie": the doer of one
    is only undergoing the other, so they are two acts.  A meeting is mutual: who received whom
    does not tell two meetings apart."""
    if a.type == "CONSULT":
        return False

    def doers(event: Event) -> frozenset[str]:
        return frozenset(r.entity_id for r in event.source if r.entity_id)

    def undergoers(event: Event) -> frozenset[str]:
        return frozenset(r.entity_id for r in event.target if r.entity_id) - doers(event)

    return bool(doers(a) & undergoers(b) or doers(b) & undergoers(a))


def _named(event: Event) -> frozenset[str]:
    return frozenset(r.entity_id or r.name for r in (*event.source, *event.target) if r.entity_id)


def _groups(event: Event) -> frozenset[str]:
    return frozenset(r.name.casefold() for r in (*event.source, *event.target) if not r.entity_id)


def _dates_agree(a: Event, b: Event) -> bool:
    if a.date_from != "text" or b.date_from != "text" or a.date is None or b.date is None:
        return True  # an undated mention (article date) agrees with any date
    coarse = max(a.date.precision, b.date.precision, key=_PRECISIONS.index)
    return comparable(a.date.value, a.date.precision, coarse) == comparable(
        b.date.value, b.date.precision, coarse)


_PRECISIONS = ("day", "week", "month", "year", "decade")


def _information(event: Event) -> tuple[int, int, int, int, int]:
    return (
        int(event.date_from == "text") * (5 - _PRECISIONS.index(event.date.precision) if event.date else 0),
        len(_named(event)),
        len(event.source) + len(event.target),
        int(event.place is not None),
        int(event.modality == "asserted"),
    )


def _merged(a: Event, b: Event) -> Event:
    lead, other = (a, b) if _information(a) >= _information(b) else (b, a)
    if _named(lead) and not _named(other):  # "les deux dirigeants" adds nobody to Poutine and Kim
        other.source, other.target = [], []
    names = {r.name for r in (*lead.source, *lead.target)}
    lead.source = lead.source + [r for r in other.source if r.name not in names]
    names |= {r.name for r in lead.source}
    lead.target = lead.target + [r for r in other.target if r.name not in names]
    lead.place = lead.place or other.place
    if lead.date_from != "text" and other.date_from == "text":
        lead.date, lead.date_from = other.date, other.date_from
    lead.mentions = sorted([*lead.mentions, other.trigger, *other.mentions], key=lambda m: m.start)
    lead.confidence = min(0.95, max(lead.confidence, other.confidence) + 0.05)
    lead.salient = lead.salient or other.salient
    return lead


def make_event(
    token: Token, etype: str, mode: str | None, roles: Roles, sentence: Span, context: Context,
) -> Event:
    text = text_of(context.doc)
    start, end = token.idx, token.idx + len(token.text)
    containing = _quote_around(start, context.quotes)
    in_quote = containing is not None
    modality = modality_of(token, context.actors.lang, in_quote=in_quote)
    date, date_from = _date(token, sentence, context)
    if date is not None and date_from == "text" and modality == "asserted" and _is_future(date, context):
        modality = "planned"
    confidence = _confidence(roles, date_from=date_from, verbal=token.pos_ == "VERB")
    # "X were arraigned on Wednesday, according to Y": a fact on Y's authority, not Y's words
    quoted = in_quote and containing is not None and containing.kind != "according_to"
    salient = is_salient(roles, modality=modality, in_quote=quoted, actors=context.actors) \
        and not _background_participle(token, context) \
        and not (modality in _CLAIMED and _content_of_claim(token, context.actors.lang)) \
        and not (modality == "planned" and not _scheduled(date, date_from, context))
    return Event(
        id=content_id(context.article.id, str(start), etype, prefix="ev_"),
        type=etype,
        mode=mode,
        trigger=TextSpan(start, end, text[start:end]),
        sentence=(sentence.start_char, sentence.end_char),
        source=roles.source,
        target=roles.target,
        place=roles.place,
        date=date,
        date_from=date_from,
        modality=modality,
        quote_id=containing.id if containing is not None else None,
        confidence=confidence,
        salient=salient,
        lemma=lemma(token),
    )


_UNREAL = frozenset({"hypothetical", "negated"})
_CLAIMED = frozenset({"alleged", "denied"})


def _content_of_claim(token: Token, lang: str) -> bool:
    """"ont accusé Pyongyang d'avoir expédié des armes", "denied sending troops": the act is
    what the accusation or the denial is about; that accusation or denial is the event the
    article reports (ACCUSE, REJECT), the act itself is not asserted by anyone."""
    cues = modality_cues(lang)
    return _governed_by(_clause_verb(token), cues.get("deny", frozenset()) | cues.get("allege", frozenset()))


def _scheduled(date: DateValue | None, date_from: str, context: Context) -> bool:
    """A planned event is a fact of the article when it is scheduled: dated by the text, not
    before the article ("les élections prévues le 2 mai"); an intention with no date of its own
    ("le juge en chef nommera un remplaçant", "a promis l'an dernier d'interdire") is not."""
    return date is not None and date_from == "text" and not _is_past(date, context)


def _background_participle(token: Token, context: Context) -> bool:
    """A clause describing a noun with no date of its own tells background, not the news: a past
    participle ("des missiles interdits par l'ONU": a state) or a relative clause ("Khrouchtcheva,
    qui s'est entretenue avec CBC", "in Tehran, where he was attending the inauguration");
    with its own date it is an event ("Patrick Martin (élu le 6 juillet)", "Sophie Binet, qui a
    pris ses fonctions fin mars")."""
    if token.pos_ != "VERB":
        return False
    describes_noun = attached_participle(token) == "past" or (
        token.dep_ in _RELATIVE_CLAUSES and token.head.pos_ in ("NOUN", "PROPN", "PRON"))
    return describes_noun and not any(token.is_ancestor(tok) for _, tok in context.times)


def is_salient(roles: Roles, *, modality: str, in_quote: bool, actors: Actors) -> bool:
    """A fact the article itself reports (docs/events.md, "Salience"): something that happened
    or is planned (not hypothetical or negated), told outside quotation marks (what a speaker
    says is the quote layer's), done by or to a named actor, an institution or at a named place
    — not only by unnamed civilians ("un homme", "des passants")."""
    if modality in _UNREAL or in_quote:
        return False
    if roles.place is not None or any(a.entity_id for a in (*roles.source, *roles.target)):
        return True
    sectors = (actors.group_sectors.get(a.name, "") for a in (*roles.source, *roles.target))
    return any(sector not in ("", "CVL") for sector in sectors)


def _quote_around(offset: int, quotes: list[Quote]) -> Quote | None:
    return next((q for q in quotes if q.start <= offset < q.end), None)


DateFrom = Literal["text", "article", "none"]


def _date(token: Token, sentence: Span, context: Context) -> tuple[DateValue | None, DateFrom]:
    expression = date_for(token, sentence, context.times)
    if expression is not None and _first_since(token, expression):
        expression = None  # "son premier voyage depuis 2019" happens now, not in 2019
    if expression is not None:
        date = as_date(expression)
        if date is not None:
            return date, "text"
    if context.article.date is not None:
        return context.article.date, "article"
    return None, "none"


_SINCE = ("depuis", "since")
_FIRST = frozenset({"premier", "première", "first"})


def _first_since(token: Token, expression: TimeExpression) -> bool:
    """"The first visit since 2019": the date bounds a gap before the event, it does not date it."""
    if not expression.text.casefold().startswith(_SINCE):
        return False
    return any(c.lower_ in _FIRST or "Ord" in c.morph.get("NumType", []) for c in token.children)


def _is_future(date: DateValue, context: Context) -> bool:
    return _compare_with_article(date, context) > 0


def _is_past(date: DateValue, context: Context) -> bool:
    return _compare_with_article(date, context) < 0


def _compare_with_article(date: DateValue, context: Context) -> int:
    """-1, 0 or 1: ``date`` before, within or after the article date, at the coarser of the
    two precisions (0 without an article date)."""
    base = context.article.date
    if base is None:
        return 0
    order = ("day", "week", "month", "year", "decade")
    coarse = max(date.precision, base.precision, key=order.index)
    if coarse == "week":
        coarse = "month"
    mine = comparable(date.value, date.precision, coarse)
    theirs = comparable(base.value, base.precision, coarse)
    return (mine > theirs) - (mine < theirs)


def _confidence(roles: Roles, *, date_from: str, verbal: bool) -> float:
    score = 0.35
    score += 0.2 if any(a.entity_id for a in roles.source) else 0.1 if roles.source else 0.0
    score += 0.15 if roles.target else 0.0
    score += 0.15 if date_from == "text" else 0.0
    score += 0.1 if verbal else 0.0
    return min(score, 0.95)
