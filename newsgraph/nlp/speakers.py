"""Who said it: from a cue's subject (name, surname, pronoun, role noun, group) to a speaker.

No neural coreference: names and surnames map to the article's canonical entities through
their mentions; a pronoun or a role noun ("le professeur", "the minister") goes to the most
salient compatible person before it (recent quote speakers and sentence subjects), using
the gender the text marks; a group ("les responsables américains", "police") is named by
its noun phrase when no entity covers it; anonymous sources ("des témoins") get no speaker.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import cache
from importlib import resources

from spacy.tokens import Doc, Token

from newsgraph.model import Entity, Mention, Speaker
from newsgraph.nlp.models import lemma

SUBJECT_DEPS = frozenset({"nsubj", "nsubj:pass", "csubj"})
CLITIC_PREFIX = "-"
_DETERMINER_WORDS = (
    "le la les l' l’ un une des du de d' d’ ce cet cette ces certains certaines plusieurs "
    "quelques son sa ses leur leurs the a an some several many these those its their his her"
)
_DETERMINERS = frozenset(_DETERMINER_WORDS.split())
_NP_CHILD_DEPS = frozenset(
    {"amod", "flat", "flat:name", "flat:foreign", "compound", "nmod", "nummod", "fixed",
     "case", "det", "poss", "nmod:poss"}
)
_STOP_WORDS = frozenset({",", "(", "qui", "que", "who", "which", "that", "dont", "—", "–"})
PERSON_PRONOUNS = {
    "fr": {"il": "m", "elle": "f", "-il": "m", "-elle": "f", "lui": "m", "ils": "p", "elles": "p",
           "-ils": "p", "-elles": "p"},
    "en": {"he": "m", "she": "f", "they": "p", "him": "m", "her": "f"},
}


@cache
def word_set(name: str, lang: str) -> frozenset[str]:
    """Entries of ``newsgraph/nlp/data/NAME.LANG.txt`` (casefolded; ``#`` comments)."""
    resource = resources.files("newsgraph.nlp").joinpath("data", f"{name}.{lang}.txt")
    if not resource.is_file():
        return frozenset()
    lines = resource.read_text(encoding="utf-8").splitlines()
    return frozenset(e for e in (ln.split("#", 1)[0].strip().casefold() for ln in lines) if e)


@dataclass(frozen=True, slots=True)
class Referent:
    """Someone a pronoun or role noun can point back to."""

    name: str
    entity: Entity | None
    gender: str  # f | m | unknown | p (plural)
    is_person: bool


class EntityIndex:
    """Token -> entity through the entities' mentions, plus salience for anaphora."""

    def __init__(self, doc: Doc, entities: list[Entity]) -> None:
        self.doc = doc
        self.entities = entities
        self.lang = doc.lang_
        self.by_token: dict[int, tuple[Entity, Mention]] = {}
        for entity in entities:
            for mention in entity.mentions:
                span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
                if span is None:
                    continue
                for token in span:
                    self.by_token.setdefault(token.i, (entity, mention))
        self.genders = {e.id: e.gender if e.gender != "unknown" else infer_gender(doc, e)
                        for e in entities if e.type == "PER"}
        self._events: list[tuple[int, int, Referent]] = []
        self._counter = 0

    # -- salience -----------------------------------------------------------------------
    def note(self, position: int, referent: Referent) -> None:
        """Record that ``referent`` was a subject or speaker at ``position``."""
        self._counter += 1
        bisect.insort(self._events, (position, self._counter, referent), key=lambda e: e[:2])

    def recent(self, position: int, gender: str, *, person: bool = True,
               limit: int = 12) -> Referent | None:
        """The most recent compatible referent noted before ``position``."""
        index = bisect.bisect_left(self._events, (position, 0), key=lambda e: e[:2])
        for event in reversed(self._events[max(0, index - limit) : index]):
            referent = event[2]
            if person and not referent.is_person:
                continue
            if _gender_compatible(gender, referent.gender):
                return referent
        return None

    def entity_at(self, token: Token) -> tuple[Entity, Mention] | None:
        return self.by_token.get(token.i)

    def referent_of(self, entity: Entity) -> Referent:
        gender = self.genders.get(entity.id, entity.gender)
        return Referent(entity.name, entity, gender, entity.type == "PER")

    def by_descriptor(self, noun: str, position: int) -> Entity | None:
        """The person whose descriptors name ``noun``, preferring the latest mentioned."""
        best: tuple[int, Entity] | None = None
        for entity in self.entities:
            if entity.type != "PER" or not any(
                noun in descriptor.casefold().split() for descriptor in entity.descriptors
            ):
                continue
            latest = max((m.start for m in entity.mentions if m.start < position), default=-1)
            if best is None or latest > best[0]:
                best = (latest, entity)
        return best[1] if best else None

    def by_surname(self, text: str) -> tuple[Entity, Mention] | None:
        """A person whose canonical name ends with ``text`` (a surname the NER missed)."""
        words = text.split()
        if not words:
            return None
        for entity in self.entities:
            name = entity.name.split()
            if entity.type == "PER" and len(name) > len(words) and name[-len(words) :] == words:
                return entity, Mention(0, 0, text)
        return None

    def latest_org(self, position: int) -> Entity | None:
        best: tuple[int, Entity] | None = None
        for entity in self.entities:
            if entity.type != "ORG":
                continue
            latest = max((m.start for m in entity.mentions if m.start < position), default=-1)
            if latest >= 0 and (best is None or latest > best[0]):
                best = (latest, entity)
        return best[1] if best else None


_FEMININE_TITLES = frozenset({"mme", "madame", "mlle", "mrs", "ms", "miss"})
_MASCULINE_TITLES = frozenset({"m.", "monsieur", "mr", "mr."})


def infer_gender(doc: Doc, entity: Entity) -> str:
    """Gender the text marks for a person: honorifics before a mention, or the
    determiner of an apposition right after it (``X, la secrétaire générale``)."""
    votes = {"f": 0, "m": 0}
    for mention in entity.mentions:
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None:
            continue
        before = doc[span.start - 1].lower_ if span.start > 0 else ""
        if before in _FEMININE_TITLES or span[0].lower_ in _FEMININE_TITLES:
            votes["f"] += 2
        elif before in _MASCULINE_TITLES or span[0].lower_ in _MASCULINE_TITLES:
            votes["m"] += 2
        if span.end + 1 < len(doc) and doc[span.end].text == ",":
            determiner = doc[span.end + 1]
            if determiner.pos_ == "DET" and determiner.lower_ in ("la", "une"):
                votes["f"] += 1
            elif determiner.pos_ == "DET" and determiner.lower_ in ("le", "un"):
                votes["m"] += 1
    if votes["f"] > votes["m"]:
        return "f"
    return "m" if votes["m"] > votes["f"] else "unknown"


def _gender_compatible(wanted: str, actual: str) -> bool:
    if wanted == "p":
        return actual == "p"
    if actual == "p":
        return False
    return wanted == "unknown" or actual == "unknown" or wanted == actual


# -- subjects -------------------------------------------------------------------------------
def subject_of(verb: Token) -> Token | None:
    """The subject of a cue verb: clitic (``a-t-elle``), nsubj, inverted subject, or the
    subject of the verb it depends on (participles, infinitives, coordinated verbs)."""
    current = verb
    for _ in range(3):
        found = _own_subject(current)
        if found is not None:
            return found
        if current.dep_ not in ("xcomp", "conj", "advcl", "acl", "ccomp") or current.head is current:
            return None
        current = current.head
    return None


def _own_subject(verb: Token) -> Token | None:
    doc = verb.doc
    for token in doc[max(0, verb.i - 2) : min(len(doc), verb.i + 3)]:
        if token.text.startswith(CLITIC_PREFIX) and token.pos_ == "PRON" and token.lower_ != "-t":
            return token
    subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
    named = [c for c in subjects if c.pos_ in ("PRON", "PROPN") or c.ent_type_]
    if named:
        return named[0]
    inverted = _inverted_subject(verb)
    if inverted is not None:
        return inverted
    return subjects[0] if subjects else None


def _inverted_subject(verb: Token) -> Token | None:
    """``…», a déclaré Pardo`` / ``said Matthew Levitt``: the noun right after the verb."""
    if verb.lang_ != "fr":
        return None
    previous = verb.doc[verb.i - 1] if verb.i > 0 else None
    aux_before = previous is not None and previous.pos_ == "AUX"
    first = verb.doc[verb.i - 2] if aux_before and verb.i > 1 else previous
    if first is None or first.text not in (",", "»", "”", '"', "“"):
        return None
    for child in verb.children:
        if child.i > verb.i and child.pos_ in ("PROPN", "NOUN") and child.dep_ in (
            "obj", "dobj", "nsubj", "appos", "obl", "obl:arg", "nmod", "flat:name", "iobj",
        ):
            return child
    following = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
    if following is not None and following.pos_ in ("DET", "PROPN"):
        for token in verb.doc[following.i : following.i + 3]:
            if token.pos_ in ("PROPN", "NOUN"):
                return token
    return None


def noun_phrase(head: Token) -> tuple[int, int]:
    """Token range [start, end) of the core noun phrase of ``head`` (no relatives)."""
    start = head.i
    for child in head.lefts:
        if child.dep_ in _NP_CHILD_DEPS:
            start = min(start, child.left_edge.i)
    end = head.i + 1
    for child in head.rights:
        if child.dep_ not in _NP_CHILD_DEPS:
            break
        if any(t.text in _STOP_WORDS for t in head.doc[end : child.right_edge.i + 1]):
            break
        end = child.right_edge.i + 1
    return start, end


# -- resolution -------------------------------------------------------------------------------
class SpeakerResolver:
    """Turns the subject token of a cue into a :class:`Speaker`."""

    def __init__(self, index: EntityIndex) -> None:
        self.index = index
        self.lang = index.lang
        self.roles = word_set("cue_roles", self.lang)
        self.anonymous = word_set("anonymous_sources", self.lang)
        self.anaphors = word_set("group_anaphors", self.lang)

    def resolve(self, subject: Token) -> Speaker | None:
        """A speaker for ``subject`` (None for anonymous or unresolvable subjects)."""
        lower = subject.lower_
        pronouns = PERSON_PRONOUNS.get(self.lang, {})
        if lower in pronouns or (subject.pos_ == "PRON" and lower.lstrip("-") in pronouns):
            gender = pronouns.get(lower, pronouns.get(lower.lstrip("-"), "unknown"))
            return self._pronoun(subject, gender)
        named = self._named(subject)
        if named is not None:
            return named
        if subject.pos_ == "PRON" or lemma(subject) in self.anonymous:
            return None
        return self._common_noun(subject)

    def _pronoun(self, subject: Token, gender: str) -> Speaker | None:
        if gender == "p":
            referent = self.index.recent(subject.idx, "p", person=False)
        else:
            referent = self.index.recent(subject.idx, gender)
        if referent is None:
            return None
        return self._speaker(referent, subject, "pronoun")

    def _named(self, subject: Token) -> Speaker | None:
        """A subject that is, or has in its apposition, an entity mention."""
        start, end = noun_phrase(subject)
        tokens = [subject, *subject.doc[start:end]]
        tokens += [c for c in subject.children if c.dep_ == "appos"]
        tokens += [t for c in subject.children if c.dep_ == "appos" for t in c.subtree]
        found: list[tuple[Entity, Mention]] = []
        for token in tokens:
            hit = self.index.entity_at(token)
            if hit is not None and hit[0].type in ("PER", "ORG") and hit not in found:
                found.append(hit)
        if not found and subject.pos_ == "PROPN":
            by_surname = self.index.by_surname(subject.doc.text[subject.doc[start].idx :
                                                                 subject.idx + len(subject.text)])
            if by_surname is not None:
                found.append(by_surname)
        persons = [hit for hit in found if hit[0].type == "PER"]
        conjoined = self._conjoined_persons(subject)
        if persons and len(conjoined) > 1:
            joiner = " et " if self.lang == "fr" else " and "
            name = joiner.join(e.name for e in conjoined)
            return Speaker(name=name, start=subject.idx, end=subject.idx + len(subject.text),
                           how="group")
        chosen = persons[0] if persons else (found[0] if found else None)
        if chosen is None:
            return None
        entity, mention = chosen
        self.index.note(mention.start, self.index.referent_of(entity))
        how = "name" if entity.type != "PER" or _same_name(mention.text, entity.name) else "surname"
        if entity.type != "PER":
            how = "group"
        return Speaker(name=entity.name, entity_id=entity.id, start=mention.start,
                       end=mention.end, descriptor=_first(entity.descriptors), how=how)

    def _conjoined_persons(self, subject: Token) -> list[Entity]:
        people: list[Entity] = []
        for token in [subject, *(c for c in subject.children if c.dep_ == "conj")]:
            hit = self.index.entity_at(token)
            if hit is not None and hit[0].type == "PER" and hit[0] not in people:
                people.append(hit[0])
        return people

    def _common_noun(self, subject: Token) -> Speaker | None:
        noun = subject.lower_
        lemma = lemma_of(subject)
        plural = "Plur" in subject.morph.get("Number", [])
        if not plural and (noun in self.roles or lemma in self.roles):
            entity = self.index.by_descriptor(noun, subject.idx)
            if entity is not None:
                return self._speaker(self.index.referent_of(entity), subject, "role")
            referent = self.index.recent(subject.idx, _noun_gender(subject))
            if referent is not None:
                return self._speaker(referent, subject, "role")
        if not plural and (noun in self.anaphors or lemma in self.anaphors):
            org = self.index.latest_org(subject.idx)
            if org is not None:
                return self._speaker(self.index.referent_of(org), subject, "group")
        return self._group(subject)

    def _group(self, subject: Token) -> Speaker | None:
        if subject.pos_ not in ("NOUN", "PROPN"):
            return None
        start, end = noun_phrase(subject)
        words = list(subject.doc[start:end])
        while words and (words[0].lower_ in _DETERMINERS or words[0].pos_ in ("DET", "ADP")):
            words = words[1:]
        if not words:
            return None
        first, last = words[0], words[-1]
        name = subject.doc.text[first.idx : last.idx + len(last.text)]
        gender = "p" if "Plur" in subject.morph.get("Number", []) else _noun_gender(subject)
        self.index.note(first.idx, Referent(name, None, gender, False))
        return Speaker(name=name, start=first.idx, end=last.idx + len(last.text), how="group")

    def _speaker(self, referent: Referent, mention: Token, how: str) -> Speaker:
        entity = referent.entity
        self.index.note(mention.idx, referent)
        return Speaker(
            name=referent.name,
            entity_id=entity.id if entity else None,
            start=mention.idx,
            end=mention.idx + len(mention.text),
            descriptor=_first(entity.descriptors) if entity else None,
            how=how,
        )


def lemma_of(token: Token) -> str:
    return lemma(token) if token.pos_ in ("NOUN", "VERB", "ADJ") else token.lower_


def _noun_gender(token: Token) -> str:
    gender = token.morph.get("Gender", [])
    if "Fem" in gender:
        return "f"
    if "Masc" in gender:
        return "m"
    return "unknown"


def _same_name(mention: str, name: str) -> bool:
    return len(mention.split()) >= len(name.split())


def _first(items: list[str]) -> str | None:
    return items[0] if items else None
