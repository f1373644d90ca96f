"""The article's people and organisations by token, and the words that name speakers.

:class:`EntityIndex` maps a token to the entity whose mention covers it and keeps, in text
order, who was named or quoted last (the salience a pronoun or role noun reads to find its
referent); the word lists (``newsgraph/nlp/data``) and the role-noun comparison are shared
by the cue-subject rules (:mod:`newsgraph.nlp.cue_subjects`), the resolver
(:mod:`newsgraph.nlp.speakers`) and the ranker's features.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Token

from newsgraph.model import Entity, Mention
from newsgraph.nlp.lexicon import word_list
from newsgraph.nlp.models import feature, lemma

SUBJECT_DEPS = frozenset({"nsubj", "nsubj:pass", "csubj"})
RANK_SPEAKER, RANK_MAIN_SUBJECT, RANK_SUBJECT, RANK_MENTION = 0, 1, 2, 3
ANAPHORA_WINDOW = 6  # sentences back where a pronoun or role noun finds its referent
CLITIC_PREFIX = "-"
_DETERMINER_WORDS = (
    "le la les l' l’ un une des du de d' d’ ce cet cette ces certains certaines plusieurs "
    "quelques son sa ses leur leurs the a an some several many these those its their his her"
)
DETERMINERS = frozenset(_DETERMINER_WORDS.split())
NP_CHILD_DEPS = frozenset(
    {"amod", "flat", "flat:name", "flat:foreign", "compound", "nmod", "nummod", "fixed",
     "case", "det", "poss", "nmod:poss"}
)
_NOMINAL_SUBJECTS = frozenset({"nsubj", "nsubj:pass", "nsubjpass"})
STOP_WORDS = frozenset({",", "(", "qui", "que", "who", "which", "that", "dont", "—", "–"})
RELATIVE_PRONOUNS = frozenset({"qui", "who", "which", "that"})
POSSESSIVES = {
    "fr": {"son": "unknown", "sa": "unknown", "ses": "unknown", "leur": "p", "leurs": "p"},
    "en": {"his": "m", "her": "f", "their": "p"},
}
PERSON_PRONOUNS = {
    "fr": {"il": "m", "elle": "f", "-il": "m", "-elle": "f", "lui": "m", "ils": "p", "elles": "p",
           "-ils": "p", "-elles": "p"},
    "en": {"he": "m", "she": "f", "they": "p", "him": "m", "her": "f"},
}


def word_set(name: str, lang: str) -> frozenset[str]:
    """Entries of ``newsgraph/nlp/data/NAME.LANG.txt`` (casefolded; ``#`` comments)."""
    return word_list(name, lang)


@cache
def speech_verb_forms(lang: str) -> frozenset[str]:
    """Third-person present and past-participle forms of the regular French speech verbs
    (``juger`` -> ``juge``, ``jugé``; ``avertir`` -> ``avertit``; ``dire`` -> ``dit``): the
    tagger sometimes reads them as nouns (``», juge Mme X``, ``X estime que``)."""
    if lang != "fr":
        return frozenset()
    forms: set[str] = set()
    for verb in word_set("speech_verbs", lang) | word_set("speech_verbs_incise", lang):
        if " " in verb:
            continue
        verb = verb.removeprefix("s'").removeprefix("s’")  # "s'indigner": "indigne"
        if verb.endswith("er"):
            forms |= {verb[:-2] + "e", verb[:-2] + "é"}
        elif verb.endswith("ir"):
            forms |= {verb[:-2] + "it", verb[:-2] + "i"}
        elif verb.endswith("re"):
            stem = verb[:-2]
            forms |= {stem + "t", stem} if not stem.endswith("t") else {stem}
    return frozenset(forms)


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
                for index in range(span.start, span.end):
                    self.by_token.setdefault(index, (entity, mention))
        self.genders = {e.id: e.gender if e.gender != "unknown" else infer_gender(doc, e)
                        for e in entities if e.type == "PER"}
        self._events: list[tuple[int, int, Referent, int]] = []
        self._counter = 0
        sentences = list(doc.sents)
        self._sentence_starts = [sentence.start_char for sentence in sentences]
        self._sentence_tokens = [sentence.start for sentence in sentences]
        self._skip: Callable[[int], bool] = lambda position: False

    # -- salience -----------------------------------------------------------------------
    def note(self, position: int, referent: Referent, rank: int = RANK_SPEAKER) -> None:
        """Record that ``referent`` was mentioned at ``position``: ``rank`` says how
        prominently (a speaker, a main-clause subject, another subject, any mention)."""
        self._counter += 1
        bisect.insort(self._events, (position, self._counter, referent, rank),
                      key=lambda e: e[:2])

    def note_mentions(self, skip: Callable[[int], bool]) -> None:
        """Every person mention outside ``skip`` (quoted text) becomes a candidate
        antecedent, ranked by its grammatical role."""
        self._skip = skip
        for token_index, (entity, mention) in sorted(self.by_token.items()):
            if entity.type != "PER" or skip(mention.start):
                continue
            token = self.doc[token_index]
            if token.head.i != token.i and mention.start <= token.head.idx < mention.end:
                continue  # only the mention's head word counts
            self.note(mention.start, self.referent_of(entity), mention_rank(token))

    def sentence_of(self, position: int) -> int:
        return bisect.bisect_right(self._sentence_starts, position) - 1

    def recent(self, position: int, gender: str, *, person: bool = True,
               window: int = ANAPHORA_WINDOW) -> Referent | None:
        """The best compatible referent before ``position``: the nearest sentence wins,
        subjects and speakers beat other mentions (an object in the previous sentence
        loses to a subject two sentences back), then the latest."""
        index = bisect.bisect_left(self._events, (position, 0), key=lambda e: e[:2])
        here = self.sentence_of(position)
        best: tuple[tuple[int, int, int], Referent] | None = None
        for event in reversed(self._events[:index]):
            distance = here - self.sentence_of(event[0])
            if distance > window:
                break
            referent, rank = event[2], event[3]
            if person and not referent.is_person:
                continue
            if not _gender_compatible(gender, referent.gender):
                continue
            key = (distance + (2 if rank >= RANK_MENTION else 0), rank, -event[0])
            if best is None or key < best[0]:
                best = (key, referent)
        return best[1] if best else None

    def latest(self, position: int, gender: str, *, window: int = ANAPHORA_WINDOW) -> Referent | None:
        """The compatible person mentioned last before ``position``, whatever their role in
        the sentence: what ``ce dernier`` / ``the latter`` points to."""
        index = bisect.bisect_left(self._events, (position, 0), key=lambda e: e[:2])
        here = self.sentence_of(position)
        for event in reversed(self._events[:index]):
            if here - self.sentence_of(event[0]) > window:
                break
            referent = event[2]
            if referent.is_person and _gender_compatible(gender, referent.gender):
                return referent
        return None

    def sole_referent(self, pronoun: Token, referent: Referent, gender: str) -> bool:
        """True when ``referent`` is the only thing before the singular ``pronoun`` (of
        ``gender``, f or m) in the window that it may stand for, so that the pronoun is
        evidence of the referent's gender (:mod:`newsgraph.nlp.gender`).  Another candidate
        is any singular referent noted in the window (a person, a group, a role noun, and in
        French an organisation: il/elle also stand for things), and any singular subject
        that may denote a person or, in French, an organisation (a proper noun, a noun of
        ``person_nouns``, ``cue_roles``, ``anonymous_sources``; in French ``org_nouns``),
        unless its known gender excludes it: the gender the text marks for another person
        or a French noun's grammatical gender.  The referent's own gender plays no part."""
        index = bisect.bisect_left(self._events, (pronoun.idx, 0), key=lambda e: e[:2])
        here = self.sentence_of(pronoun.idx)
        for event in reversed(self._events[:index]):
            if here - self.sentence_of(event[0]) > ANAPHORA_WINDOW:
                break
            other = event[2]
            if other.entity is not None and other.entity is referent.entity:
                continue
            if self.lang == "en" and other.entity is not None and other.entity.type != "PER":
                continue  # he/she stand for people only
            if other.gender != "p" and _gender_compatible(gender, other.gender):
                return False
        return not any(self._rival_subjects(pronoun, referent, gender))

    def _rival_subjects(self, pronoun: Token, referent: Referent, gender: str) -> Iterator[Token]:
        """Singular subjects before ``pronoun`` in the window, outside quotations, that may
        be what it stands for (see :meth:`sole_referent`)."""
        first = self._sentence_tokens[max(0, self.sentence_of(pronoun.idx) - ANAPHORA_WINDOW)]
        for token in self.doc[first : pronoun.i]:
            if token.dep_ not in _NOMINAL_SUBJECTS or token.pos_ not in ("NOUN", "PROPN"):
                continue
            if "Plur" in feature(token, "Number") or token.tag_ in ("NNS", "NNPS"):
                continue
            if self._skip(token.idx) or self._names(token, referent):
                continue
            if _gender_compatible(gender, self._subject_gender(token)) and self._may_speak(token):
                yield token

    def _names(self, token: Token, referent: Referent) -> bool:
        """``token`` (or its name parts: ``Mme`` heads ``Mme Binet``) is a mention of the
        referent, or a role noun its descriptors give (``la secrétaire générale``)."""
        parts = [token, *(c for c in token.children if c.dep_ in ("flat", "flat:name", "compound"))]
        if any((hit := self.by_token.get(t.i)) is not None and hit[0] is referent.entity for t in parts):
            return True
        if token.pos_ != "NOUN" or referent.entity is None:
            return False
        start, end = noun_phrase(token)
        words = [t.lower_.replace("’", "'") for t in self.doc[start:end]]
        return self.by_descriptor(token.lower_, words, token.idx) is referent.entity

    def _subject_gender(self, token: Token) -> str:
        hit = self.by_token.get(token.i)
        if hit is not None and hit[0].type == "PER":
            return self.genders.get(hit[0].id, "unknown")
        if token.pos_ == "PROPN" or self.lang != "fr":
            return "unknown"  # the tagger's gender of a proper noun is a guess
        return noun_gender(token)

    def _may_speak(self, token: Token) -> bool:
        hit = self.by_token.get(token.i)
        if token.pos_ == "PROPN" or hit is not None:
            return self.lang == "fr" or hit is None or hit[0].type == "PER"
        if names_a_person(token, self.lang):
            return True
        words = {token.lower_, lemma_of(token)}
        return self.lang == "fr" and any(words & word_set(name, self.lang)
                                         for name in ("org_nouns", "group_anaphors"))

    def entity_at(self, token: Token) -> tuple[Entity, Mention] | None:
        return self.by_token.get(token.i)

    def _latest_org_subject(self, position: int) -> Entity | None:
        here = self.sentence_of(position)
        best: tuple[int, Entity] | None = None
        for entity in self.entities:
            if entity.type != "ORG":
                continue
            for mention in entity.mentions:
                if mention.start >= position or here - self.sentence_of(mention.start) > ANAPHORA_WINDOW:
                    continue
                span = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
                if span is not None and span.root.dep_ in ("nsubj", "nsubjpass", "nsubj:pass") and (
                        best is None or mention.start > best[0]):
                    best = (mention.start, entity)
        return best[1] if best else None

    def main_person(self, gender: str) -> Referent | None:
        """The person the article names most often, of a compatible
        gender: who a role noun with no referent nearby most likely is (``la
        gastro-entérologue`` far from her name, ``the billionaire``)."""
        people = [e for e in self.entities if e.type == "PER"
                  and _gender_compatible(gender, self.genders.get(e.id, e.gender))]
        if not people:
            return None
        most = max(len(e.mentions) for e in people)
        top = [e for e in people if len(e.mentions) == most]
        return self.referent_of(top[0]) if len(top) == 1 else None

    def referent_of(self, entity: Entity) -> Referent:
        gender = self.genders.get(entity.id, entity.gender)
        return Referent(entity.name, entity, gender, entity.type == "PER")

    def by_descriptor(self, head: str, words: list[str], position: int, *,
                      forward: bool = False) -> Entity | None:
        """The person a role noun phrase describes (``la secrétaire générale de la CGT``,
        ``le chancelier``): the head noun in one of their descriptors scores most, shared
        complement words add; ties go to the person mentioned last before ``position``,
        else to the first mentioned after it (a heading announcing the next paragraph)."""
        best: tuple[tuple[int, int], Entity] | None = None
        content = {w for w in words if len(w) > 2 and w not in DETERMINERS} - {head}
        for entity in self.entities:
            if entity.type != "PER" or not entity.descriptors:
                continue
            score = 0
            for descriptor in entity.descriptors:
                described = descriptor.casefold().replace("’", "'").split()
                head_match = any(same_role(head, word) for word in described)
                shared = len(content & set(described))
                # one shared word alone ("former" of "the former mayor" and "a former
                # editor") describes no one
                score = max(score, (3 if head_match else 0) + shared if head_match or shared > 1
                            else 0)
            if score == 0:
                continue
            before = max((m.start for m in entity.mentions if m.start < position), default=-1)
            after = min((m.start for m in entity.mentions if m.start >= position), default=-1)
            if forward and after >= 0:
                recency = 10**9 - after
            else:
                recency = before if before >= 0 else -after - 1 if after >= 0 else -(10**9)
            key = (score, recency)
            if best is None or key > best[0]:
                best = (key, entity)
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

    def latest_org(self, position: int, *, window: int | None = None,
                   subject_first: bool = False) -> Entity | None:
        """The organisation mentioned last before ``position`` (within ``window`` sentences
        when given); with ``subject_first``, the one last mentioned as a subject within
        :data:`ANAPHORA_WINDOW` sentences comes first."""
        if subject_first:
            subject = self._latest_org_subject(position)
            if subject is not None:
                return subject
        best: tuple[int, Entity] | None = None
        for entity in self.entities:
            if entity.type != "ORG":
                continue
            latest = max((m.start for m in entity.mentions if m.start < position), default=-1)
            if latest >= 0 and (best is None or latest > best[0]):
                best = (latest, entity)
        if best is None or (window is not None and
                            self.sentence_of(position) - self.sentence_of(best[0]) > window):
            return None
        return best[1]


_FEMININE_TITLES = frozenset({"mme", "madame", "mlle", "mrs", "ms", "miss"})
_MASCULINE_TITLES = frozenset({"m.", "monsieur", "mr", "mr."})


def infer_gender(doc: Doc, entity: Entity) -> str:
    """Gender the text marks for a person, as the resolver weighs it: honorifics before a
    mention, or the determiner of an apposition right after it (``X, la secrétaire
    générale``; ``X, le président``, which ``Entity.gender`` does not count)."""
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
        # "Selon X, la ministre a menti": a subject of its own clause, no apposition
        if span.end + 1 < len(doc) and doc[span.end].text == "," and \
                doc[span.end + 1].head.dep_ not in _NOMINAL_SUBJECTS:
            determiner = doc[span.end + 1]
            if determiner.pos_ == "DET" and determiner.lower_ in ("la", "une"):
                votes["f"] += 1
            elif determiner.pos_ == "DET" and determiner.lower_ in ("le", "un"):
                votes["m"] += 1
    if votes["f"] > votes["m"]:
        return "f"
    return "m" if votes["m"] > votes["f"] else "unknown"


def mention_rank(token: Token) -> int:
    """How prominent a mention is: subject of the main clause, another subject, or not."""
    word = token
    while word.dep_ in ("flat", "flat:name", "compound", "appos") and word.head.i != word.i:
        word = word.head
    if not word.dep_.startswith("nsubj"):
        return RANK_MENTION
    verb = word.head
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head
    return RANK_MAIN_SUBJECT if verb.dep_ == "ROOT" else RANK_SUBJECT


def same_role(wanted: str, word: str) -> bool:
    """``professeur``/``professeure``, ``directeur``/``directrice``: one role, two forms."""
    if wanted == word:
        return True
    stems = {wanted.removesuffix("e"), word.removesuffix("e")}
    if len(stems) == 1:
        return True
    return (wanted[:-4] == word[:-5] and {wanted[-4:], word[-5:]} == {"teur", "trice"}) or (
        word[:-4] == wanted[:-5] and {word[-4:], wanted[-5:]} == {"teur", "trice"})


def _gender_compatible(wanted: str, actual: str) -> bool:
    if wanted == "p":
        return actual == "p"
    if actual == "p":
        return False
    return wanted == "unknown" or actual == "unknown" or wanted == actual


def noun_phrase(head: Token) -> tuple[int, int]:
    """Token range [start, end) of the core noun phrase of ``head`` (no relatives)."""
    start = head.i
    for child in head.lefts:
        if child.dep_ in NP_CHILD_DEPS:
            start = min(start, child.left_edge.i)
    end = head.i + 1
    for child in head.rights:
        if child.dep_ not in NP_CHILD_DEPS:
            break
        if any(t.text in STOP_WORDS for t in head.doc[end : child.right_edge.i + 1]):
            break
        end = child.right_edge.i + 1
    clause = next((t for t in head.doc[head.i + 1 : end] if t.dep_ in _CLAUSE_DEPS), None)
    if clause is not None:  # "un ténor de la droite sur l'influence qu'a pu obtenir X"
        end = clause.left_edge.i
        while end > head.i + 1 and head.doc[end - 1].pos_ in ("PUNCT", "ADP", "DET", "CCONJ"):
            end -= 1
    return start, end


# Clauses under a complement of a noun: they end its phrase.
_CLAUSE_DEPS = frozenset({"acl", "acl:relcl", "relcl", "advcl"})



def lemma_of(token: Token) -> str:
    return lemma(token) if token.pos_ in ("NOUN", "VERB", "ADJ") else token.lower_


def noun_gender(token: Token) -> str:
    gender = token.morph.get("Gender", [])
    if "Fem" in gender:
        return "f"
    if "Masc" in gender:
        return "m"
    return "unknown"


def names_a_person(noun: Token, lang: str) -> bool:
    """The noun (its form or lemma) is in the person, role or anonymous-source lists."""
    words = {noun.lower_, lemma_of(noun)}
    return any(words & word_set(name, lang)
               for name in ("person_nouns", "cue_roles", "anonymous_sources"))
