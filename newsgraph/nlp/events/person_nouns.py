"""What the words of a noun or pronoun of one person say about whom it may stand for: a
definite singular noun ("the senator", « la députée »), the gender the words mark, whether a
pronoun may stand for an entity, the words of a role noun and its complement, and whether a
person's descriptors have them (the eighteenth pass; used by ``actors.Actors``)."""

from __future__ import annotations

from spacy.tokens import Token

from newsgraph.model import Entity
from newsgraph.nlp.entity_index import same_role
from newsgraph.nlp.events.syntax import children
from newsgraph.nlp.models import feature, lemma

PRONOUN_GENDERS = {"he": "m", "she": "f", "il": "m", "elle": "f"}
# Words that tell when someone holds an office, not which office ("the former mayor")
TIME_OF_OFFICE = frozenset({"former", "then", "current", "new", "outgoing", "late", "ancien", "ancienne",
                             "actuel", "actuelle", "nouveau", "nouvelle", "futur", "future", "défunt"})
ROLE_COMPLEMENT_PREPS = frozenset({"of", "for"})


def definite_singular_person(noun: Token) -> bool:
    """A singular noun with a definite article ("the senator", « la députée », "the
    45-year-old"), not "a senator", "the senators", "her lawyer"."""
    if "Plur" in feature(noun, "Number") or noun.tag_ in ("NNS", "NNPS"):
        return False
    return any(c.dep_ == "det" and "Def" in feature(c, "Definite") for c in children(noun))


def person_noun_gender(noun: Token, lang: str) -> str:
    """"f", "m" or "unknown": the gender the words mark — « la », « le » (« l'ancienne ministre »:
    the adjective), a French noun of a marked masculine form (« l'avocat »), "-woman", "-man"."""
    if lang == "en":
        word = noun.lower_
        if word.endswith("woman") or word == "actress":
            return "f"
        return "m" if word.endswith("man") else "unknown"
    for child in (c for c in children(noun) if c.dep_ in ("det", "amod")):
        gender = {"Fem": "f", "Masc": "m"}.get(next(iter(feature(child, "Gender")), ""))
        if gender is not None:
            return gender
    if not lemma(noun).endswith("e"):
        return {"Fem": "f", "Masc": "m"}.get(next(iter(feature(noun, "Gender")), ""), "unknown")
    return "unknown"


def pronoun_fits(pronoun: str, entity: Entity | None) -> bool:
    """A singular pronoun may stand for the entity: "he", "she" for a person not marked of the
    other gender, "it" for no person; « il », « elle » for such a person or anything else (the
    grammatical gender of an organisation's noun is not known here)."""
    if entity is None:
        return False
    gender = PRONOUN_GENDERS.get(pronoun)
    if gender is None:
        return pronoun != "it" or entity.type != "PER"
    if entity.type != "PER":
        return pronoun in ("il", "elle")
    return entity.gender in (gender, "unknown")


def role_forms(noun: Token) -> set[str]:
    """The noun's lemma and form, and for a compound joined by a hyphen the last part of each
    (« le haut-commissaire », « la vice-présidente », « l'ex-ministre »: a commissaire, a
    présidente, a ministre), which names the role."""
    forms = {lemma(noun), noun.lower_}
    return forms | {form.rsplit("-", 1)[1] for form in forms if "-" in form.strip("-")}


def describes(descriptor: str, noun: Token, words: set[str]) -> bool:
    """The descriptor has the noun (either form) and each of the phrase's ``words``."""
    described = normal(descriptor).split()
    wanted = {lemma(noun), noun.lower_}
    return words <= set(described) and any(same_role(w, word) for word in described for w in wanted)


def role_words(noun: Token) -> set[str]:
    """The words a role noun has besides its determiner and words of time: its adjectives,
    compounds and complements ("the former mayor of Leeds" → {"leeds"}, « le Premier ministre »
    → {"premier"}, "the lawyer for Norvex" → {"norvex"})."""
    modifiers = [c for c in children(noun) if c.dep_ in ("amod", "compound", "nmod")]
    modifiers += [o for c in complement_preps(noun) for o in children(c) if o.dep_ == "pobj"]
    return {t.lower_ for c in modifiers for t in c.subtree if t.is_alpha and len(t) > 2
            and t.dep_ not in ("det", "case", "prep")} - TIME_OF_OFFICE


def complement_preps(noun: Token) -> list[Token]:
    """The noun's own "of X" / "for X" (an English complement; a French one is an nmod)."""
    return [c for c in children(noun) if c.dep_ == "prep" and c.lower_ in ROLE_COMPLEMENT_PREPS]


def tied_to_complement(person: Entity, noun: Token) -> bool:
    """The noun has no complement saying whose or of what it is ("the president of Halvard
    Industries", « le maire de Lyon », "the company's lawyer"), or the text described the
    person with every word of it."""
    complements = [o for c in complement_preps(noun) for o in children(c) if o.dep_ == "pobj"]
    complements += [c for c in children(noun) if c.dep_ in ("poss", "nmod:poss")
                    or (c.dep_ == "nmod" and c.pos_ in ("NOUN", "PROPN"))]
    if not complements:
        return True
    words = {t.lower_ for c in complements for t in c.subtree
             if t.is_alpha and t.dep_ not in ("det", "case", "prep")}
    return any(words <= set(normal(d).split()) for d in person.descriptors)


def normal(text: str) -> str:
    return " ".join(text.casefold().replace("’", "'").split())
