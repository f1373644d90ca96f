"""Who does what to whom in a verb's event: subject → source, objects and passive subject →
target, obliques (``roles.oblique``); a subject inherited from the clause above, found by
position when the parser lost it, or taken from an accusation's object; the organisation of an
office someone takes; the author of a document an act is told in."""

from __future__ import annotations

from spacy.tokens import Token

from newsgraph.model import ActorRef
from newsgraph.nlp.entity_index import speech_verb_forms
from newsgraph.nlp.event_lexicon import Trigger, modality_cues, news_noun_type, triggers
from newsgraph.nlp.events.actors import ACTOR_ENTITY_TYPES, Actors, found_as, unique_refs
from newsgraph.nlp.events.roles import Roles, named_below_complement, oblique
from newsgraph.nlp.events.settings import companions, media_told_on, occasion_hosts, questioners
from newsgraph.nlp.events.syntax import (
    AGENT_PREPS,
    CLAUSES,
    LOCATIVE_PREPS,
    OBJECTS,
    OBLIQUES,
    OF_PREPS,
    PASSIVE_SUBJECTS,
    RELATIVE_PRONOUNS,
    SUBJECTS,
    attached_participle,
    children,
    coordinated_prepositions,
    direct_object,
    is_passive,
    misplaced_between_side,
    own_dependents,
    preposition,
    subject_of,
    verb_of_oblique,
)
from newsgraph.nlp.lexicon import word_list
from newsgraph.nlp.models import lemma

MAX_ACTOR_DEPTH = 3
_CLAUSE_TARGET_TYPES = frozenset({"THREATEN", "REQUEST", "ACCUSE"})
# The dependents ``_assign`` gives a role (the dative, "prep", "agent" among them); it skips the others.
_ROLE_DEPS = SUBJECTS | PASSIVE_SUBJECTS | OBJECTS | OBLIQUES
_COMPLEMENT_DEPS = OBLIQUES | OBJECTS  # what ``words_after_place`` looks under


def verb_roles(verb: Token, trigger: Trigger, actors: Actors) -> Roles:
    """The source, target and place of the event a verb tells."""
    roles = Roles([], [], None)
    for child in own_dependents(verb):
        _assign(child, verb, trigger, actors, roles)
    roles.target += _setting_targets(verb, trigger, actors, roles)
    after_place = words_after_place(verb, actors)
    roles.target += found_as(persons_after_place(after_place, actors), "object")
    passive = is_passive(verb)
    if passive:  # « a été remplacé à Oslo par Marc Diallo »: the doer, hung on the place
        for agent in agents_after_place(after_place):
            oblique(agent, preposition(agent), trigger, actors, roles)
    if not passive:  # "Accompanied by his lawyer X, Y was questioned": X is not a doer
        roles.source = unique_refs(roles.source + companions(verb, actors))
    if verb.i in actors.speakers and all(a.entity_id is None for a in roles.source):
        roles.source = found_as(actors.subject_actors(verb), "subject")
    participle = attached_participle(verb)
    if participle == "past":  # "Patrick Martin, élu le 6 juillet": the participle's noun is its patient
        patient = verb.head if verb.dep_ != "advcl" else subject_of(verb.head)
        roles.target = found_as(actors.of_phrase(patient) if patient is not None else [], "object") \
            + roles.target
        if not roles.source and not _names_its_doer(verb):  # « Dans un texte publié sur son blog, X accuse… »
            roles.source = found_as(_document_author(verb, actors), "inherited")
    elif not roles.source and subject_of(verb) is None:  # "although some welcomed it": not inherited
        inherited = found_as(inherited_source(verb, actors), "inherited")
        if passive:  # "Smith served … and was released": the shared subject is the patient
            roles.target = roles.target or inherited
        else:
            roles.source = inherited
    if not roles.target and trigger.type in _CLAUSE_TARGET_TYPES:
        # "ont averti que la Corée du Nord paierait"
        roles.target = found_as(clause_subject(verb, actors), "clause")
    if trigger.type == "APPOINT":
        _appointment_targets(verb, roles, actors, past_participle=participle == "past")
    return roles


def _setting_targets(verb: Token, trigger: Trigger, actors: Actors, roles: Roles) -> list[ActorRef]:
    """The channel an act is told on, whatever label the parser gave it (« a critiqué sur Twitter
    la fermeture »), and the named host of the occasion it is told at (« lors d'un débat de la
    Fondation Norvex ») and the one who put the question (« Interrogé par Le Monde, … »):
    targets found as its medium."""
    named = {a.name for a in roles.target}
    told_to = media_told_on(verb, actors, trigger) + occasion_hosts(verb, actors) + questioners(verb, actors)
    return [a for a in unique_refs(told_to) if a.name not in named]


def _appointment_targets(verb: Token, roles: Roles, actors: Actors, *, past_participle: bool) -> None:
    """An appointment's organisation is a target: named with the office, in apposition, or in
    how the article describes the person."""
    roles.target += found_as(office_holder_organisation(verb, actors), "office")
    if past_participle:  # "Patrick Martin, le nouveau président du Medef (élu le 6 juillet)"
        roles.target += [a for role in children(verb.head) if role.dep_ == "appos" and role.i != verb.i
                         for a in found_as(office_holder_organisation(role, actors), "office")]
    if not any(actors.is_organisation(a) for a in roles.target):
        roles.target += found_as(actors.described_organisations([*roles.source, *roles.target]), "described")


def _assign(child: Token, verb: Token, trigger: Trigger, actors: Actors, roles: Roles) -> None:
    dep = child.dep_
    if dep not in _ROLE_DEPS:
        return  # punctuation, auxiliaries, clauses…: no role, and no need to look around them
    if misplaced_between_side(child):
        return  # « les négociations entre Norvex et la société Halvard ont échoué »: not a subject
    if dep in SUBJECTS:  # "Acme Corp's lawyers filed": Acme Corp, when the subject names no actor
        subject = found_as(actors.subject_phrase(child, verb), "subject")
        roles.source += _with_owners(subject, child, actors)
    elif dep in PASSIVE_SUBJECTS:
        roles.target += _with_owners(found_as(actors.of_phrase(child), "object"), child, actors)
    elif dep == "dative" and child.pos_ == "ADP":  # "gave an interview to FBI agents"
        for preposition_word in coordinated_prepositions(child):
            for pobj in (c for c in children(preposition_word) if c.dep_ == "pobj"):
                oblique(pobj, preposition_word.lower_, trigger, actors, roles)
    elif dep in OBJECTS:
        named = found_as(actors.of_phrase(child), "object")
        if not named and trigger.open and child.pos_ == "NOUN":
            named = named_below_complement(child, actors)  # "gave an interview to FBI agents"
        roles.target += named + recipient_below_object(child, verb, actors)
    elif dep in ("prep", "agent"):  # English: the object hangs on the preposition ("by" of a passive: agent)
        for preposition_word in coordinated_prepositions(child):
            for pobj in (c for c in children(preposition_word) if c.dep_ == "pobj"):
                oblique(pobj, preposition_word.lower_, trigger, actors, roles)
    elif dep in OBLIQUES and child.pos_ in ("PROPN", "NOUN") and not preposition(child) \
            and dep in ("nmod", "obl") and actors.entity_at(child) is not None:
        # "sanctionnant la Corée du Nord" parsed as nmod
        roles.target += found_as(actors.of_phrase(child), "object")
    elif dep in OBLIQUES:
        oblique(child, preposition(child), trigger, actors, roles)


def _with_owners(named: list[ActorRef], phrase: Token, actors: Actors) -> list[ActorRef]:
    """A subject's actors; when it names no entity, the one named as its possessor joins them:
    a noun that names no actor stands for it ("Acme Corp's lawyers filed"), a group noun keeps
    its own name beside it ("Greenpeace's militants blocked")."""
    if any(a.entity_id for a in named):
        return named
    names = {a.name for a in named}
    owners = actors.possessors(phrase)
    if not owners:  # "his support fell": the last named subject's
        owners = actors.possessive_of(phrase) if phrase.pos_ == "NOUN" else []
    return named + [owner for owner in owners if owner.name not in names]


# What a place's own name is made of, or sets it off; anything else hung on it is no part of it.
_PLACE_OWN_DEPS = frozenset({"case", "det", "punct", "flat", "flat:name", "fixed", "amod", "cc", "compound"})


def persons_after_place(after_place: list[Token], actors: Actors) -> list[ActorRef]:
    """Persons named right after the place of the act and hung on it by the parser, as its
    apposition, agent or conjunct (« a reçu jeudi à Oslo Lina Okafor et la ministre de l'Energie
    Anne Leroy », the place also under a date: « début mai à Oslo »): a person is no
    part of a place, French puts the object after the place there, and they are the verb's
    objects."""
    return [a for child in after_place if preposition(child) not in AGENT_PREPS
            for a in actors.of_phrase(child) if actors.is_person(a)]


def agents_after_place(after_place: list[Token]) -> list[Token]:
    """The « par X » the French parser hangs on the place of a passive (« a été remplacé à Oslo
    par Marc Diallo »): the verb's agent, its doer, not an object."""
    return [child for child in after_place if preposition(child) in AGENT_PREPS]


def words_after_place(verb: Token, actors: Actors) -> list[Token]:
    """The words hung on the place of the act after it that are no part of its name."""
    complements = [c for c in children(verb) if c.dep_ in _COMPLEMENT_DEPS and c.i > verb.i]
    below = [c for complement in complements for c in children(complement)]  # « début mai à Oslo »
    words: list[Token] = []
    for place in (c for c in complements + below if c.dep_ in OBLIQUES):
        entity = actors.entity_at(place)
        if entity is not None and entity.type == "LOC" and preposition(place) in LOCATIVE_PREPS:
            words += [c for c in children(place) if _hung_after_place(c, place, actors)]
    return words


def _hung_after_place(child: Token, place: Token, actors: Actors) -> bool:
    """A word after the place, hung on it, that is no part of its name and follows it with no
    punctuation between (not after a colon or a comma: « … à la Norvège : Lina Okafor dit … »)."""
    between = place.doc[place.i + 1:child.left_edge.i]
    own_name = actors.entity_at(child) is actors.entity_at(place)
    return child.i > place.i and child.dep_ not in _PLACE_OWN_DEPS and not own_name \
        and not any(t.pos_ == "PUNCT" for t in between)


def recipient_below_object(obj: Token, verb: Token, actors: Actors) -> list[ActorRef]:
    """The one who receives what a verb of transfer (``transfer_verbs``) gives, where the parser
    hangs the « à X » / "to X" complement on the object noun, not on the verb (« céder l'usine
    à Halvard Industries », « remettre un dossier au Conseil d'Etat »): a person, an
    organisation, a group (``Actors.is_party``) or a state, a place the article makes act
    (``Actors.is_acting_place``) — another place after the object is where (« un appartement
    au Havre », "a plant close to Oslo"); on the object noun, its adjective or its « de » / "of"
    complement, not through another noun ("a letter about his trip to Oslo"), nor after an
    event noun, where the verb is light (« donner une conférence à la Sorbonne »: where)."""
    if obj.pos_ not in ("NOUN", "PROPN") or lemma(verb) not in word_list("transfer_verbs", actors.lang) \
            or _is_event_noun(obj, actors.lang):
        return []
    found = [a for word in _object_phrase_words(obj) for child in children(word)
             for noun in _recipient_nouns(child, obj)
             for a in actors.of_phrase(noun) if actors.is_party(a) or actors.is_acting_place(a)]
    return found_as(found, "oblique")


def _object_phrase_words(obj: Token) -> list[Token]:
    """The object noun, its adjectives and its « de » / "of" complement, one step down, where
    the parser also hangs « à X » (« livrer des turbines neuves à la Norvège », « céder les parts
    de l'usine à Halvard »); not the noun of another preposition ("a letter about his trip to
    Oslo")."""
    of_nouns = [c for c in children(obj) if c.dep_ == "nmod" and preposition(c) in OF_PREPS]
    of_nouns += [c for prep in children(obj) if prep.dep_ == "prep" and prep.lower_ == "of"
                 for c in children(prep) if c.dep_ == "pobj"]
    return [obj, *(c for c in children(obj) if c.dep_ == "amod"), *of_nouns]


def _is_event_noun(noun: Token, lang: str) -> bool:
    """An event the transfer verb only makes happen (« donner une conférence », "give a
    concert"), not a document handed over (``documents``: « remettre un rapport au Conseil »)."""
    if lemma(noun) in word_list("documents", lang):
        return False
    return (lemma(noun), "NOUN") in triggers(lang) or news_noun_type(noun, lang) is not None


def _recipient_nouns(child: Token, obj: Token) -> list[Token]:
    """The noun of a « à X » / "to X" complement after the object; a pronoun ("to it") names
    no one here."""
    if child.dep_ == "prep" and child.lower_ == "to":
        nouns = [c for c in children(child) if c.dep_ == "pobj"]
    elif child.dep_ in ("nmod", "obl", "obl:arg") and child.i > obj.i and preposition(child) in _TO_PREPS:
        nouns = [child]
    else:
        return []
    return [n for n in nouns if n.pos_ in ("NOUN", "PROPN")]


_DOCUMENT_PREPS = frozenset({"dans", "in"})


def _document_author(participle: Token, actors: Actors) -> list[ActorRef]:
    """Who wrote or sent a document the act is told in (``documents``): the subject of the verb
    whose « dans » / "in" complement the document is, where the document's past participle names
    no agent (« Dans un texte publié sur son blog, Lina Okafor accuse… », "In a letter sent to
    the board, Paul Grant said…": Lina Okafor published it, Paul Grant sent it) — when that verb
    is one its subject speaks or writes through (``speech_verbs``, ``verbal_acts``): who loses a
    case "in a ruling released on Monday" did not deliver it; nor a document its speakers only
    answered (``answered_documents``: "in a survey published…, workers said")."""
    document = participle.head
    if document.pos_ != "NOUN" or not _authored_document(lemma(document), actors.lang):
        return []
    if preposition(document) not in _DOCUMENT_PREPS:
        return []
    verb = verb_of_oblique(document)
    if verb is None or not _speaks_through(verb, actors.lang):
        return []
    return actors.subject_actors(verb)


def _authored_document(noun: str, lang: str) -> bool:
    return noun in word_list("documents", lang) and noun not in word_list("answered_documents", lang)


def _speaks_through(verb: Token, lang: str) -> bool:
    """Whether a verb is an act of speaking, writing or accusing (« accuse », "criticised"),
    also in the forms the tagger lemmatises as nouns (« X estime que », ``speech_verb_forms``)."""
    verb_lemma = lemma(verb)
    return verb_lemma in word_list("speech_verbs", lang) or verb_lemma in word_list("verbal_acts", lang) \
        or verb.lower_ in speech_verb_forms(lang)


def _names_its_doer(verb: Token) -> bool:
    """Whether a participle names its doer (« publié par Norvex », "sent by Norvex")."""
    return any(preposition(c) in AGENT_PREPS or (c.dep_ in ("agent", "prep") and c.lower_ in AGENT_PREPS)
               for c in children(verb))


def office_holder_organisation(verb: Token, actors: Actors) -> list[ActorRef]:
    """The organisation of the office someone is appointed to or takes ("élu président du
    Medef", "à la tête de la CFDT", "named leader of Hamas's political bureau")."""
    found: list[ActorRef] = []
    for child in children(verb):
        if child.dep_ in SUBJECTS or child.dep_ in PASSIVE_SUBJECTS or child.dep_ in CLAUSES:
            continue
        for token in child.subtree:
            if token.i - child.i > 8:
                break
            entity = actors.entity_at(token)
            if entity is not None and entity.type == "ORG" and all(a.entity_id != entity.id for a in found):
                found.append(ActorRef(entity.id, entity.name))
    return found


def clause_subject(verb: Token, actors: Actors) -> list[ActorRef]:
    """The subject of the verb's complement clause ("ont averti que la Corée du Nord paierait")."""
    for clause in (c for c in children(verb) if c.dep_ in ("ccomp", "xcomp")):
        for child in children(clause):
            if child.dep_ in SUBJECTS | PASSIVE_SUBJECTS:
                return actors.of_phrase(child)
    return []


def inherited_source(verb: Token, actors: Actors) -> list[ActorRef]:
    """A verb without a subject takes it from the clause it depends on (infinitives, participles,
    coordinated verbs)."""
    node = verb
    for _ in range(MAX_ACTOR_DEPTH):
        if node.dep_ == "pcomp":  # "by placing X", "as a way of dodging X": an English gerund
            above = _verb_above_preposition(node)
            if above is None:
                break
            if node.head.head.i == above.i and node.head.lower_ in _OBJECT_CONTROL_PREPS:
                doer = direct_object(above)  # "sentenced him for killing", "banned men from entering"
                if doer is not None:  # the object does it
                    return actors.of_phrase(doer)
            subject = _controlling_subject(node, above)
            if subject is not None:
                return actors.of_phrase(subject, agentive=True)
            node = above
            continue
        modifier = node.dep_.startswith("acl") or node.dep_ == "amod" or _infinitival_relative(node)
        if not (node.dep_ in ("xcomp", "advcl", "conj") or modifier):
            break
        head = node.head
        while modifier and head.pos_ in ("NOUN", "PROPN") \
                and head.head.i != head.i and head.dep_ in OBJECTS | {"obl", "nmod", "conj"}:
            named = actors.of_phrase(head, agentive=True)
            if named:
                return named
            head = head.head  # "l'ONU a adopté des résolutions sanctionnant X": the ONU
        controller = _object_controller(head, actors)
        if controller:
            return controller  # "ont accusé Pyongyang d'avoir expédié des armes": Pyongyang
        controlled = _controlled_object(head, actors.lang) if node.dep_ == "xcomp" else None
        if controlled is not None:  # "urged Norvex to resign", « a exhorté Norvex à signer »: Norvex
            return actors.of_phrase(controlled)
        subject = _controlling_subject(node, head)
        if subject is not None:
            return actors.subject_phrase(subject, head)
        node = head
    if node.pos_ in ("VERB", "AUX") and not is_passive(node) and subject_of(node) is None \
            and node.dep_ in ("ROOT", "conj", "parataxis"):
        return subject_by_position(node, actors)
    return []


def _infinitival_relative(verb: Token) -> bool:
    """An English infinitive the parser labels a relative clause ("a deal to sell cloud services",
    "a plan to build"): no subject, no relative pronoun, "to" as its marker.  It modifies its
    noun as an ``acl`` does; its doer is whoever makes the deal or the plan."""
    return verb.dep_ == "relcl" and subject_of(verb) is None \
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in children(verb)) \
        and not any(c.dep_ in PASSIVE_SUBJECTS or c.lower_ in RELATIVE_PRONOUNS for c in children(verb))


# Prepositions of cause or restraint, whose gerund is done by the verb's object when it has one
# ("thanked her for helping", "charged him with running", "banned them from entering").
_OBJECT_CONTROL_PREPS = frozenset({"for", "of", "with", "from"})
_PREPOSITION_CHAIN = 3  # how many prepositions a gerund may sit under ("for a term as a means of dodging")


def _verb_above_preposition(gerund: Token) -> Token | None:
    """The verb a gerund's prepositional phrase hangs on ("he resigned by placing X" → resigned),
    up through nouns that are themselves objects of prepositions ("he stepped down for a term
    as a means of dodging the limit" → stepped); None when the chain reaches anything else (a
    noun that is a subject or an object: "the risk of losing" names no doer)."""
    node = gerund
    for _ in range(_PREPOSITION_CHAIN):
        preposition_word = node.head
        if preposition_word.dep_ not in ("prep", "agent") or preposition_word.head.i == preposition_word.i:
            return None
        above = preposition_word.head
        if above.pos_ in ("VERB", "AUX"):
            return above
        if above.dep_ != "pobj" or above.pos_ not in ("NOUN", "PROPN"):
            return None
        node = above
    return None


def _controlling_subject(node: Token, head: Token) -> Token | None:
    """The subject of the clause above; a passive one does its infinitive ("Ana Ruiz was slated
    to introduce Tom Lee": Ana Ruiz introduces) and its gerund ("was arrested after stealing")."""
    subjects = [c for c in children(head) if c.dep_ in SUBJECTS]
    if not subjects and node.dep_ in ("xcomp", "pcomp") and is_passive(head):
        subjects = [c for c in children(head) if c.dep_ in PASSIVE_SUBJECTS]
    return subjects[0] if subjects else None


def _object_controller(verb: Token, actors: Actors) -> list[ActorRef]:
    """Verbs of accusing put their object, not their subject, behind the act they accuse it of."""
    if lemma(verb) not in modality_cues(actors.lang).get("allege", frozenset()):
        return []
    accused = direct_object(verb)
    return actors.of_phrase(accused) if accused is not None else []


_TO_PREPS = frozenset({"à", "au", "aux"})


def _controlled_object(verb: Token, lang: str) -> Token | None:
    """The one a verb of object control (``object_control_verbs``) sets to do its infinitive: its
    object, a French « à X » complement (« a demandé au maire de partir »), or the complement of
    the listed preposition ("called on the board to act"); None for any other verb."""
    entries = word_list("object_control_verbs", lang)
    word = lemma(verb)
    if word in entries:
        time_words = word_list("time_words", lang)
        for child in children(verb):
            if child.lower_ in time_words:
                continue  # « a ordonné vendredi de … »: the weekday parsed as its object
            if child.dep_ in ("obj", "dobj", "iobj") \
                    or (child.dep_.startswith("obl") and preposition(child) in _TO_PREPS):
                return child
    for prep in (c for c in children(verb) if c.dep_ == "prep" and f"{word} {c.lower_}" in entries):
        return next((c for c in children(prep) if c.dep_ == "pobj"), None)
    return None


def subject_by_position(verb: Token, actors: Actors) -> list[ActorRef]:
    """A finite clause whose subject the parser lost ("Lundi 6 mai, Sebastian Kurz, le chancelier
    autrichien, n'a pas hésité à…", subject parsed into the date): the nearest named actor
    before the verb in its sentence with no preposition of its own — French and English put the
    subject there."""
    start = actors.sentence_start(verb.i)
    for i in range(verb.i - 1, max(start, verb.i - 25) - 1, -1):
        token = verb.doc[i]
        if token.pos_ in ("VERB", "AUX") and token.dep_ not in ("aux", "aux:tense", "aux:pass", "cop"):
            return []  # another clause's verb: its actors are its own
        entity = actors.entity_at(token)
        if entity is None or entity.type not in ACTOR_ENTITY_TYPES:
            continue
        root = token
        while root.head.i != root.i and actors.entity_at(root.head) is entity:
            root = root.head
        if preposition(root) or root.dep_ in ("pobj", "poss", "nmod:poss"):
            continue
        return [ActorRef(entity.id, entity.name, via="position")]
    return []
