"""What the event layer reads from the dependency parse: dependency labels, prepositions, the
clause a word belongs to, passives and participles (French UD and English ClearNLP labels)."""

from __future__ import annotations

import weakref

from spacy.tokens import Doc, Token

from newsgraph.nlp.component import token_indices
from newsgraph.nlp.models import feature, lemma, per_word

SUBJECTS = frozenset({"nsubj", "csubj"})
PASSIVE_SUBJECTS = frozenset({"nsubj:pass", "nsubjpass"})
OBJECTS = frozenset({"obj", "dobj", "iobj", "dative", "attr"})
OBLIQUES = frozenset({"obl", "obl:arg", "obl:mod", "obl:agent", "nmod", "prep", "pobj", "agent", "npadvmod"})
CLAUSES = frozenset({"acl", "acl:relcl", "relcl", "advcl", "ccomp", "xcomp", "parataxis", "csubj"})
RELATIVE_CLAUSES = frozenset({"acl:relcl", "relcl"})

PERSONAL_PRONOUNS = frozenset({"il", "elle", "ils", "elles", "he", "she", "they", "it"})
PLURAL_PRONOUNS = frozenset({"ils", "elles", "they"})
RELATIVE_PRONOUNS = frozenset({"qui", "lequel", "laquelle", "lesquels", "lesquelles", "who", "that", "which"})
REFLEXIVES = frozenset({"se", "s'", "s’", "me", "te", "nous", "vous"})

AGENT_PREPS = frozenset({"par", "by"})
CO_AGENT_PREPS = frozenset({"avec", "with"})
TARGET_PREPS = frozenset({
    "à", "au", "aux", "avec", "contre", "vers", "envers", "auprès", "sur", "entre", "dans",
    "to", "with", "against", "toward", "towards", "on", "at", "between",
})
LOCATIVE_PREPS = frozenset({"à", "au", "aux", "en", "dans", "in", "at"})
# Prepositions that put an act in a place; "sanctions on Russia", "sanctions contre l'Iran",
# "des armes vers la Russie" name a target (a visit's destination is both).
PLACE_PREPS = LOCATIVE_PREPS | frozenset({"depuis", "from", "near", "près", "inside", "within", "across"})
OF_PREPS = frozenset({"de", "du", "des", "d'", "d’", "of"})
# Prepositions of a setting an act takes place in ("at the conference", "lors du sommet"); not
# a topic ("said of the interview", "about the speech") nor a time ("after the debate").
SETTING_PREPS = frozenset({"in", "at", "during", "à", "au", "aux", "dans", "lors", "pendant", "durant"})
AWAY_PREPS = frozenset({"hors", "loin", "outside", "out", "away"})

MAX_CLAUSE_DEPTH = 12
_COORDINATORS = frozenset({"et", "mais", "puis", "ou", "and", "but", "then", "or", "yet"})


@per_word
def children(token: Token) -> tuple[Token, ...]:
    """``Token.children``, read once per word (spaCy walks the word's subtree at every call)."""
    return tuple(token.children)


@per_word
def conjuncts_of(token: Token) -> tuple[Token, ...]:
    """``Token.conjuncts``, read once per word (spaCy walks the coordination at every call).  A
    word that is no conjunct and has nothing hung on its right has none: spaCy's walk starts at
    it and follows its right dependents only (most nouns asked about are so)."""
    if token.n_rights == 0 and token.dep_ != "conj" and "conjuncts" not in token.doc.user_token_hooks:
        return ()
    return tuple(token.conjuncts)


@per_word
def preposition(token: Token) -> str:
    """The preposition a noun hangs on ("à" of "à Sibiu"; the head of an English ``pobj``)."""
    for child in children(token):
        if child.dep_ == "case" or (child.dep_ == "mark" and child.pos_ == "ADP"):
            return child.lower_
    if token.dep_ == "pobj":
        return token.head.lower_
    return ""


_BETWEEN_PREPS = frozenset({"entre", "between"})
_AND = frozenset({"et", "and"})


def between_second_side(member: Token, prep: str) -> Token | None:
    """The second side of "entre X et Y" / "between X and Y" when the parser did not make it X's
    conjunct (the French parser hangs « et la ministre Anne Leroy » on a noun or a verb above):
    the noun right after the "et"/"and" that closes X's phrase."""
    if prep not in _BETWEEN_PREPS or any(c.dep_ == "conj" for c in children(member)):
        return None
    doc = member.doc
    after = member.right_edge.i + 1
    if after >= len(doc) or doc[after].lower_ not in _AND:
        return None
    for token in doc[after + 1:min(after + 5, len(doc))]:
        if token.pos_ in ("NOUN", "PROPN"):
            return token
        if token.pos_ not in ("DET", "ADJ"):
            return None
    return None


def misplaced_between_side(token: Token) -> bool:
    """Whether a noun is the second side of an "entre X et Y" the parser hung elsewhere: it
    belongs to X's noun, not to the clause or noun it was attached to."""
    doc = token.doc
    index = token.i - 1
    while index > 0 and doc[index].pos_ in ("DET", "ADJ"):
        index -= 1
    if index < 1 or doc[index].lower_ not in _AND:
        return False
    member = doc[index - 1]
    while member.head.i != member.i and member.head.right_edge.i == index - 1 and member.head.i < index:
        if preposition(member) in _BETWEEN_PREPS:
            break
        member = member.head
    prep = preposition(member)
    return prep in _BETWEEN_PREPS and same_token(between_second_side(member, prep), token)


def first_subject_read_as_head(subject: Token, verb: Token) -> Token | None:
    """« La Norvège et la Finlande se réuniront jeudi »: the first of two coordinated subjects,
    where the parser took it for the sentence's head, the verb for a conjunct of it and the
    second subject for the verb's only one (the "et/and" hung on the verb): the noun that ends
    just before the "et/and" opening the subject, else None."""
    head = verb.head
    if verb.dep_ != "conj" or head.dep_ != "ROOT" or head.pos_ not in ("NOUN", "PROPN") or head.i > subject.i:
        return None
    own = [c.right_edge.i for c in children(head) if c.i < verb.i and c.dep_ not in ("conj", "cc", "punct")]
    end = max([head.i, *own])
    conjunction = next((c for c in children(verb) if c.dep_ == "cc" and c.lower_ in _AND), None)
    if conjunction is None or conjunction.i != end + 1 or subject.left_edge.i != conjunction.i + 1:
        return None
    return head


def coordinated_prepositions(preposition_word: Token) -> list[Token]:
    """An English preposition and those coordinated with it ("by Paul Martin and then by
    Reuters": the parser hangs the second "by" on the first, not on the verb)."""
    return [preposition_word, *(c for c in preposition_word.conjuncts if c.pos_ == "ADP")]


@per_word
def subject_of(verb: Token) -> Token | None:
    return next((c for c in children(verb) if c.dep_ in SUBJECTS), None)


@per_word
def direct_object(verb: Token) -> Token | None:
    """The verb's first direct object ("blamed Norvex", « a accusé Norvex »), or None."""
    return next((c for c in children(verb) if c.dep_ in ("obj", "dobj")), None)


@per_word
def is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("aux:pass", "auxpass") or c.dep_ in PASSIVE_SUBJECTS for c in children(verb))


def same_token(token: Token | None, other: Token) -> bool:
    """Token identity: spaCy makes a new ``Token`` object at every access, so ``is`` is no test."""
    return token is not None and token.i == other.i and token.doc is other.doc


def near_dependents(token: Token) -> list[Token]:
    """Dependents and their dependents, not inside a nested clause."""
    found: list[Token] = []
    for child in children(token):
        if child.dep_ in CLAUSES:
            continue
        found.append(child)
        found.extend(g for g in children(child) if g.dep_ not in CLAUSES)
    return found


def own_dependents(verb: Token) -> tuple[Token, ...]:
    """The verb's dependents, with those the parser hung on the wrong one of two coordinated
    clauses moved where they stand (:func:`later_conjunct_owner`)."""
    conjuncts = _verb_conjuncts(verb.doc)
    if verb.i in conjuncts:
        own = [c for c in children(verb) if later_conjunct_owner(c, verb) is None]
    else:  # no later coordinated clause to move a dependent to
        own = list(children(verb))
    if verb.dep_ == "conj" and verb.head.i != verb.i and verb.head.i in conjuncts:
        own += [c for c in children(verb.head) if same_token(later_conjunct_owner(c, verb.head), verb)]
    return tuple(own)


def later_conjunct_owner(dependent: Token, verb: Token) -> Token | None:
    """The later coordinated clause a dependent of ``verb`` belongs to, if any: in "La Russie a
    soutenu ces mesures, mais l'année dernière, avec la Chine, elle a voté contre", the parser
    hangs "l'année dernière" and "avec la Chine" on "soutenu", yet they stand between the
    coordinator and the second clause's own subject: they are fronted in the second clause."""
    if dependent.i < verb.i:
        return None
    conjuncts = _verb_conjuncts(verb.doc).get(verb.i)
    if not conjuncts or dependent.dep_ in ("punct", "cc"):
        return None
    for index in conjuncts:
        conjunct = verb.doc[index]
        if conjunct.i <= dependent.i:
            continue
        subject = subject_of(conjunct)
        if subject is None or subject.i < dependent.right_edge.i:
            continue
        if _fronted_in(dependent, verb, subject):
            return conjunct
    return None


def _verb_conjuncts(doc: Doc) -> dict[int, list[int]]:
    """Head index → the indices of its conjuncts that are verbs, in order, read once per Doc
    from its arrays (most verbs have none: no need to walk their dependents)."""
    found = _VERB_CONJUNCTS.get(doc)
    if found is None:
        found = {}
        for index in token_indices(doc, dep=frozenset({"conj"})):
            token = doc[index]
            if token.pos_ in ("VERB", "AUX"):
                found.setdefault(token.head.i, []).append(index)
        _VERB_CONJUNCTS[doc] = found
    return found


_VERB_CONJUNCTS: weakref.WeakKeyDictionary[Doc, dict[int, list[int]]] = weakref.WeakKeyDictionary()


def _fronted_in(dependent: Token, verb: Token, subject: Token) -> bool:
    """Whether ``dependent`` stands after a coordinator and before the later clause's ``subject``
    with nothing between it and that subject but punctuation and words fronted like it."""
    between = verb.doc[verb.i + 1 : dependent.i]
    coordinator = next((t for t in reversed(between) if t.lower_ in _COORDINATORS), None)
    if coordinator is None:
        return False
    later = verb.doc[dependent.right_edge.i + 1 : subject.i]
    if any(t.lower_ in _COORDINATORS for t in later):
        return False
    return all(t.is_punct or t.i in _subtree_indices(verb, coordinator, subject) for t in later)


def _subtree_indices(verb: Token, start: Token, end: Token) -> set[int]:
    """Indices between ``start`` and ``end`` whose attachment goes up to ``verb`` directly
    (fronted material of the later clause as the parser misattached it)."""
    indices: set[int] = set()
    for child in children(verb):
        if start.i < child.left_edge.i and child.right_edge.i < end.i:
            indices.update(range(child.left_edge.i, child.right_edge.i + 1))
    return indices


@per_word
def attached_participle(verb: Token) -> str | None:
    """"past" or "present" for a participle modifying a noun ("élu le 6 juillet", "des
    résolutions sanctionnant X"), else None."""
    if not (verb.dep_.startswith("acl") or verb.dep_ in ("amod", "advcl", "appos")) \
            or verb.dep_ in RELATIVE_CLAUSES:
        return None
    if "Part" not in feature(verb, "VerbForm") and verb.tag_ not in ("VBN", "VBG"):
        return None
    if verb.dep_ == "advcl" and verb.head.pos_ not in ("NOUN", "PROPN"):
        # "Reçue mardi à l'Elysée, la secrétaire générale a exposé…": it modifies the subject
        if "Past" not in feature(verb, "Tense") and verb.tag_ != "VBN":
            return None
        subjects = [c for c in children(verb.head) if c.dep_ in SUBJECTS]
        return "past" if subjects and subjects[0].i > verb.i else None
    past = "Past" in feature(verb, "Tense") or verb.tag_ == "VBN"
    return "past" if past and not any(c.dep_.startswith("aux") for c in children(verb)) else "present"


@per_word
def clause_verb(token: Token) -> Token:
    """The verb a noun trigger's clause hangs on (the trigger itself for a verb)."""
    node = token
    for _ in range(4):
        if node.pos_ in ("VERB", "AUX") or node.head.i == node.i:
            return node
        node = node.head
    return node


@per_word
def finite_clause(token: Token) -> Token | None:
    """The nearest verb at or above ``token`` with a subject of its own; words the parser hung
    on an earlier clause but that stand fronted in a later coordinated one go to the later one."""
    node = token
    for _ in range(MAX_CLAUSE_DEPTH):
        if node.pos_ in ("VERB", "AUX") and subject_of(node) is not None and not _bare_infinitive(node):
            return node
        head = node.head
        if head.i == node.i:
            return None
        node = later_conjunct_owner(node, head) or head
    return None


def _bare_infinitive(verb: Token) -> bool:
    """An infinitive, whose "subject" is a misparse; not the English verb of a modal ("the mine
    will open", "sales could fall") or of "do" ("Norvex did not pay"), which the auxiliary
    makes finite."""
    if "Inf" not in feature(verb, "VerbForm"):
        return False
    return not any(c.dep_ == "aux" and (c.tag_ == "MD" or lemma(c) == "do") for c in children(verb))


def governed_by(verb: Token, words: frozenset[str]) -> bool:
    """Whether ``verb`` is in the complement clause of one of ``words`` ("nier avoir X")."""
    return any(lemma(node) in words or node.lower_ in words for node in governors(verb))


_COMPLEMENTS = CLAUSES | {"obj", "obl", "conj"}


@per_word
def governors(verb: Token) -> tuple[Token, ...]:
    """The words (up to three) whose complement ``verb`` is, nearest first: "nier" of "nier
    avoir expédié"."""
    found: list[Token] = []
    node = verb
    for _ in range(3):
        if node.head.i == node.i or node.dep_ not in _COMPLEMENTS:
            break
        node = node.head
        found.append(node)
    return tuple(found)


def verb_of_oblique(noun: Token) -> Token | None:
    """The active verb a noun is an oblique of ("said in a release" → said), else None."""
    head = noun.head.head if noun.dep_ == "pobj" and noun.head.dep_ == "prep" else noun.head
    if noun.dep_ not in ("pobj", "obl", "obl:mod") or head.pos_ != "VERB" or is_passive(head):
        return None
    return head
