"""Who said it: from a cue's subject (name, surname, pronoun, role noun, group) to a speaker.

No neural coreference: names and surnames map to the article's canonical entities through
their mentions; a pronoun or a role noun ("le professeur", "the minister") goes to the most
salient compatible person before it (recent quote speakers and sentence subjects), using
the gender the text marks; a group ("les responsables américains", "police") is named by
its noun phrase when no entity covers it; anonymous sources ("des témoins") get no speaker.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources

from spacy.tokens import Doc, Token

from newsgraph.model import Entity, Mention, Speaker
from newsgraph.nlp.component import text_of
from newsgraph.nlp.gender import PronounLink
from newsgraph.nlp.models import lemma

SUBJECT_DEPS = frozenset({"nsubj", "nsubj:pass", "csubj"})
RANK_SPEAKER, RANK_MAIN_SUBJECT, RANK_SUBJECT, RANK_MENTION = 0, 1, 2, 3
ANAPHORA_WINDOW = 6  # sentences back where a pronoun or role noun finds its referent
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
_NOMINAL_SUBJECTS = frozenset({"nsubj", "nsubj:pass", "nsubjpass"})
_STOP_WORDS = frozenset({",", "(", "qui", "que", "who", "which", "that", "dont", "—", "–"})
_RELATIVE_PRONOUNS = frozenset({"qui", "who", "which", "that"})
POSSESSIVES = {
    "fr": {"son": "unknown", "sa": "unknown", "ses": "unknown", "leur": "p", "leurs": "p"},
    "en": {"his": "m", "her": "f", "their": "p"},
}
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
                for token in span:
                    self.by_token.setdefault(token.i, (entity, mention))
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
            if "Plur" in token.morph.get("Number", []) or token.tag_ in ("NNS", "NNPS"):
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
        return _noun_gender(token)

    def _may_speak(self, token: Token) -> bool:
        hit = self.by_token.get(token.i)
        if token.pos_ == "PROPN" or hit is not None:
            return self.lang == "fr" or hit is None or hit[0].type == "PER"
        lists = ("person_nouns", "cue_roles", "anonymous_sources") + (
            ("org_nouns", "group_anaphors") if self.lang == "fr" else ())
        words = {token.lower_, lemma_of(token)}
        return any(words & word_set(name, self.lang) for name in lists)

    def entity_at(self, token: Token) -> tuple[Entity, Mention] | None:
        return self.by_token.get(token.i)

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
        content = {w for w in words if len(w) > 2 and w not in _DETERMINERS} - {head}
        for entity in self.entities:
            if entity.type != "PER" or not entity.descriptors:
                continue
            score = 0
            for descriptor in entity.descriptors:
                described = descriptor.casefold().replace("’", "'").split()
                head_match = any(same_role(head, word) for word in described)
                shared = len(content & set(described))
                score = max(score, (3 if head_match else 0) + shared if head_match or shared
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


# -- subjects -------------------------------------------------------------------------------
def subject_of(verb: Token) -> Token | None:
    """The subject of a cue verb: clitic (``a-t-elle``), nsubj, inverted subject, or the
    subject of the verb it depends on (participles, infinitives, coordinated verbs)."""
    current = verb
    for _ in range(3):
        found = _own_subject(current)
        if found is not None:
            return found
        if current.dep_ not in ("xcomp", "conj", "advcl", "acl", "ccomp") or current.head.i == current.i:
            return None
        current = current.head
    return None


def _own_subject(verb: Token) -> Token | None:
    doc = verb.doc
    for token in doc[max(0, verb.i - 2) : min(len(doc), verb.i + 3)]:
        if token.text.startswith(CLITIC_PREFIX) and token.pos_ == "PRON" and token.lower_ != "-t":
            return token
    subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS and not _fronted_participle(c)]
    if not subjects and not any(c.dep_ in ("aux:pass", "expl:pass") for c in verb.children):
        # "Il a précisé que…": the parser's impersonal il of an active speech verb is a person
        subjects = [c for c in verb.children if c.dep_ == "expl:subj" and c.pos_ == "PRON"]
    named = [c for c in subjects if c.pos_ in ("PRON", "PROPN") or c.ent_type_]
    if named:
        return named[0]
    inverted = _inverted_subject(verb)
    if inverted is not None:
        return inverted
    return subjects[0] if subjects else None


def _fronted_participle(token: Token) -> bool:
    """``Speaking from a stage…, X said``: the parser's clausal subject is a fronted
    participle clause, not who speaks."""
    return token.dep_ == "csubj" and (token.tag_ == "VBG" or "Part" in token.morph.get("VerbForm", [])
                                      or "Ger" in token.morph.get("VerbForm", []))


def _inverted_subject(verb: Token) -> Token | None:
    """``…», a déclaré Lemaire`` / ``said Anna Moreau``: the noun right after the verb."""
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


_INCISE_OPENERS = frozenset({",", "»", "”", '"', "“", "›", "—", "–"})
_INCISE_FILLERS = frozenset(
    {"fait", "aussi", "encore", "également", "ensuite", "alors", "enfin", "then", "also",
     "later", "again", "further", "-t", "-t-", "se", "s'", "s’"}
)
_INCISE_STOPS = frozenset({".", "!", "?", ";", ":", "«", "“", "”", '"', "»", "(", "—", "–"})
_INCISE_WORDS = 25


def incise_opener(verb: Token) -> int | None:
    """Index of the comma or closing mark that opens an incise whose verb is ``verb``
    (``», a déclaré``, ``, a-t-il ajouté``, ``," said``): only auxiliaries, adverbs,
    clitics and ``fait`` (``a fait savoir``) may stand between them.  The verb must be
    finite or compound: ``, estimant que`` / ``, saying`` are participial adjuncts."""
    doc = verb.doc
    finite = ("Fin" in verb.morph.get("VerbForm", []) or verb.tag_ in ("VBD", "VBZ", "VBP")
              or verb.pos_ not in ("VERB", "AUX"))  # a verb form the tagger took for a noun
    index = verb.i - 1
    while index >= 0 and verb.i - index <= 5:
        token = doc[index]
        if token.text in _INCISE_OPENERS:
            return index if finite else None
        if "\n" in token.text_with_ws:
            return None
        if token.pos_ == "AUX":
            finite = True
        elif not (token.pos_ in ("ADV", "PART") or token.lower_ in _INCISE_FILLERS
                  or (token.text.startswith("-") and token.pos_ == "PRON")):
            return None
        index -= 1
    return None


def incise_subject(verb: Token, person_at: Callable[[Token], bool]) -> Token | None:
    """The subject of an incise by typography alone, whatever the parse says: a clitic
    (``a-t-elle déclaré``, ``affirme-t-il``), else the noun phrase right after the verb up
    to the end of the incise (``», a déclaré Lemaire dans une entrevue``, ``», a indiqué la
    police``, ``," said Anna Moreau, senior fellow at…``).  A person named in that
    stretch (an apposition: ``le directeur général du Conseil, Paul Girard``) wins;
    otherwise the head noun of the first noun phrase."""
    opener = incise_opener(verb)
    if opener is None:
        return None
    doc = verb.doc
    if verb.lang_ == "en" and any(c.dep_.startswith("nsubj") and c.i < verb.i for c in verb.children):
        return None  # "Okafor, an expert at…, told the AP": the comma closes an apposition
    for token in doc[opener + 1 : min(len(doc), verb.i + 4)]:
        if token.text.startswith("-") and token.pos_ == "PRON" and token.lower_ not in ("-t", "-t-"):
            return token
    start = verb.i + 1
    while start < len(doc) and (doc[start].lower_ in _INCISE_FILLERS or doc[start].pos_ == "ADV"):
        start += 1
    if verb.lang_ == "fr":
        start = _past_complements(doc, start)
    if start >= len(doc) or doc[start].pos_ not in ("DET", "PROPN", "NOUN", "ADJ", "PRON", "NUM"):
        return None
    end = start
    while end < len(doc) and end - start < _INCISE_WORDS:
        token = doc[end]
        if token.text in _INCISE_STOPS or ("\n" in token.text_with_ws and end > start):
            break
        if token.pos_ in ("VERB", "AUX") and "Fin" in token.morph.get("VerbForm", []):
            break
        end += 1
    stretch = doc[start:end]
    if verb.lang_ == "en" and stretch[0].dep_ in ("dobj", "dative", "obj", "iobj"):
        return None  # English inverts only a subject: "said Moreau", not "told the AP"
    for token in stretch:
        if person_at(token):
            return token
    for token in stretch:
        if token.text in (",", "(") or token.pos_ == "ADP":
            break
        if token.pos_ in ("NOUN", "PROPN", "PRON") and token.dep_ not in _TIME_DEPS:
            return token
        if token.pos_ == "ADJ" and _person_noun(token):
            return token  # "le très sympathique instituteur": a role the tagger read as ADJ
    return None


def _person_noun(token: Token) -> bool:
    lang = token.lang_
    return token.lower_ in word_set("cue_roles", lang) | word_set("person_nouns", lang)


_TIME_DEPS = frozenset({"obl:mod", "npadvmod", "nmod:tmod"})
# "a rappelé l'inspecteur de police à l'AFP": who is spoken to is no part of the speaker
_ADDRESSEE_PREPOSITIONS = frozenset({"à", "au", "aux"})


def _past_complements(doc: Doc, start: int) -> int:
    """``», a écrit dans un message aux habitants le cardinal de Marseille``: French may
    put complements between an incise's verb and its subject; the subject is the noun
    phrase that starts (with a determiner or a name) right after a noun, not after a
    preposition."""
    if start >= len(doc) or doc[start].pos_ != "ADP":
        return start
    index = start
    while index < len(doc) and index - start < _INCISE_WORDS:
        token, previous = doc[index], doc[index - 1]
        if token.pos_ in ("DET", "PROPN") and previous.pos_ in ("NOUN", "PROPN", "ADJ") \
                and index > start + 1:
            return index
        if token.pos_ not in ("ADP", "DET", "NOUN", "ADJ", "NUM", "PROPN"):
            return start
        index += 1
    return start

def preverbal_subject(verb: Token, person_at: Callable[[Token], bool]) -> Token | None:
    """A named subject before the verb when the parse lost it: the person right before
    the verb (``l'analyste Ivan Petrov a déclaré``), or the person before a comma-
    delimited relative or apposition that ends right before it (``Lemaire, qui a récemment
    co-écrit un livre…, a déclaré``)."""
    doc = verb.doc
    index = verb.i - 1
    while index >= 0 and (doc[index].pos_ in ("AUX", "ADV", "PRON") or doc[index].lower_ in
                          _INCISE_FILLERS):
        index -= 1  # "X a elle aussi jugé": emphatic and object pronouns, adverbs
    if index < 0:
        return None
    if person_at(doc[index]):
        return doc[index]
    if doc[index].text != ",":
        return None
    for left in range(index - 1, max(-1, index - 40), -1):
        token = doc[left]
        if token.text in (".", ";", "!", "?", "«", "»") or "\n" in token.text_with_ws:
            return None
        if token.text == "," and left > 0 and person_at(doc[left - 1]):
            following = doc[left + 1]
            if following.lower_ in _RELATIVE_PRONOUNS | {"dont", "whose"} or \
                    following.pos_ in ("DET", "NOUN", "ADJ", "NUM"):
                return doc[left - 1]
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

    def __init__(self, index: EntityIndex,
                 in_heading: Callable[[int], bool] = lambda position: False) -> None:
        self.index = index
        self.in_heading = in_heading
        self.lang = index.lang
        self.roles = word_set("cue_roles", self.lang)
        self.anonymous = word_set("anonymous_sources", self.lang)
        self.anaphors = word_set("group_anaphors", self.lang)
        self.speech_nouns = word_set("speech_nouns", self.lang)
        self.pronoun_links: list[PronounLink] = []

    def resolve(self, subject: Token) -> Speaker | None:
        """A speaker for ``subject`` (None for anonymous or unresolvable subjects)."""
        lower = subject.lower_
        if lower in _RELATIVE_PRONOUNS and subject.head.dep_ in ("acl:relcl", "relcl"):
            antecedent = subject.head.head  # "the group, which says…" -> the group
            if antecedent.i != subject.head.i and antecedent.i < subject.i:
                if lower == "which":  # never a person: the organisation inside the phrase
                    orgs = [t for t in antecedent.subtree if t.i < subject.i
                            and (hit := self.index.entity_at(t)) is not None
                            and hit[0].type == "ORG"]
                    if orgs:
                        return self.resolve(orgs[-1])
                return self.resolve(antecedent)
        pronouns = PERSON_PRONOUNS.get(self.lang, {})
        possessives = POSSESSIVES.get(self.lang, {})
        if lower in possessives and subject.pos_ in ("DET", "PRON"):
            return self._pronoun(subject, possessives[lower])
        if lower in pronouns or (subject.pos_ == "PRON" and lower.lstrip("-") in pronouns):
            gender = pronouns.get(lower, pronouns.get(lower.lstrip("-"), "unknown"))
            return self._pronoun(subject, gender)
        if lower == "it" and self.lang == "en" and subject.pos_ == "PRON":
            org = self.index.latest_org(subject.idx)  # "…," it said in a statement
            return self._speaker(self.index.referent_of(org), subject, "pronoun") if org else None
        named = self._named(subject)
        if named is not None:
            return named
        if subject.pos_ == "NOUN" and lemma_of(subject) in self.speech_nouns:
            return self._speech_noun_owner(subject)
        if subject.pos_ == "PRON" or lemma(subject) in self.anonymous:
            return None
        return self._common_noun(subject)

    def _speech_noun_owner(self, noun: Token) -> Speaker | None:
        """``le récit qu'elle livre`` / ``ses propos`` / ``the remarks of the minister``:
        a speech noun speaks for its owner; with no owner it names no speaker."""
        for child in noun.children:
            if child.dep_ in ("acl:relcl", "relcl") and child.i > noun.i:
                owner = next((g for g in child.children if g.dep_ in ("nsubj", "nsubj:pass")
                              and g.lower_ not in _RELATIVE_PRONOUNS), None)
                if owner is not None:
                    return self.resolve(owner)
        for child in noun.children:
            if child.dep_ in ("det", "poss", "nmod:poss") and (
                child.lower_ in POSSESSIVES.get(self.lang, {})
            ):
                return self.resolve(child)
            if child.i < noun.i:
                continue
            if child.dep_ == "nmod" and any(g.dep_ == "case" and g.lower_ in ("de", "d'", "d’",
                                                                              "du")
                                            for g in child.children):
                return self.resolve(child)
            if child.dep_ == "prep" and child.lower_ == "of":
                owner = next((g for g in child.children if g.dep_ == "pobj"), None)
                if owner is not None:
                    return self.resolve(owner)
        return None

    def _pronoun(self, subject: Token, gender: str) -> Speaker | None:
        if gender == "p":
            referent = self.index.recent(subject.idx, "p", person=False)
        else:
            referent = self.index.recent(subject.idx, gender)
        if referent is None:
            return None
        if gender in ("f", "m") and referent.entity is not None and referent.is_person:
            self.pronoun_links.append(PronounLink(
                referent.entity.id, "f" if gender == "f" else "m", subject.idx,
                subject.idx + len(subject.text), sole=self.index.sole_referent(subject, referent, gender)))
        return self._speaker(referent, subject, "pronoun")

    def _named(self, subject: Token) -> Speaker | None:
        """A subject that is, or has in its apposition, an entity mention.  A role noun
        whose complement names an organisation (``la secrétaire générale de la CGT``)
        is a person, resolved as a role, not the organisation."""
        start, end = noun_phrase(subject)
        own = [subject, *(t for c in subject.children
                          if c.dep_ in ("flat", "flat:name", "compound", "appos")
                          for t in c.subtree)]
        found = self._hits(own)
        persons = [hit for hit in found if hit[0].type == "PER"]
        if not persons and subject.pos_ == "NOUN" and self._is_role(subject):
            return None
        phrase = list(subject.doc[start:end])
        dative = next((i for i, t in enumerate(phrase) if t.i > subject.i and t.pos_ == "ADP"
                       and t.lower_ in _ADDRESSEE_PREPOSITIONS), len(phrase))
        found += [hit for hit in self._hits(phrase[:dative]) if hit not in found]
        if not found and subject.pos_ == "PROPN":
            text = text_of(subject.doc)
            by_surname = self.index.by_surname(text[subject.doc[start].idx : subject.idx + len(subject.text)])
            if by_surname is not None:
                found.append(by_surname)
        persons = [hit for hit in found if hit[0].type == "PER"]
        conjoined = self._conjoined_persons(subject)
        if persons and len(conjoined) > 1:  # the people, each with a mention in the span
            joiner = " et " if self.lang == "fr" else " and "
            name = joiner.join(e.name for e, _ in conjoined)
            return Speaker(name=name, start=min(m.start for _, m in conjoined),
                           end=max(m.end for _, m in conjoined), how="group")
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

    def _hits(self, tokens: Iterable[Token]) -> list[tuple[Entity, Mention]]:
        found: list[tuple[Entity, Mention]] = []
        for token in tokens:
            hit = self.index.entity_at(token)
            if hit is not None and hit[0].type in ("PER", "ORG") and hit not in found:
                found.append(hit)
        return found

    def _is_role(self, noun: Token) -> bool:
        return noun.lower_ in self.roles or lemma_of(noun) in self.roles

    def _conjoined_persons(self, subject: Token) -> list[tuple[Entity, Mention]]:
        # "said Daniel Fortier and Claire Benoit": the subject found may be the first name,
        # a compound of the surname that heads the conjunction
        base = subject.head if subject.dep_ in ("compound", "flat", "flat:name") else subject
        people: list[tuple[Entity, Mention]] = []
        for token in [base, *(c for c in base.children if c.dep_ == "conj")]:
            hit = self.index.entity_at(token)
            if hit is not None and hit[0].type == "PER" and hit[0] not in [e for e, _ in people]:
                people.append(hit)
        return people

    def _common_noun(self, subject: Token) -> Speaker | None:
        noun = subject.lower_
        plural = "Plur" in subject.morph.get("Number", [])
        if not plural and self._is_role(subject):
            start, end = noun_phrase(subject)
            words = [t.lower_.replace("’", "'") for t in subject.doc[start:end]]
            forward = self.in_heading(subject.idx)
            entity = self.index.by_descriptor(noun, words, subject.idx, forward=forward)
            if entity is not None:
                return self._speaker(self.index.referent_of(entity), subject, "role")
            referent = self.index.recent(subject.idx, _noun_gender(subject))
            if referent is not None:
                return self._speaker(referent, subject, "role")
        if not plural and (noun in self.anaphors or lemma_of(subject) in self.anaphors) and \
                _bare_noun(subject):
            org = self.index.latest_org(subject.idx)
            if org is not None:
                return self._speaker(self.index.referent_of(org), subject, "group")
        return self._group(subject)

    def _group(self, subject: Token) -> Speaker | None:
        if subject.pos_ not in ("NOUN", "PROPN"):
            return None
        start, end = noun_phrase(subject)
        end = max(end, self._organisation_complement_end(subject))
        words = list(subject.doc[start:end])
        words = next((words[:i] for i, t in enumerate(words) if t.i > subject.i and
                      t.pos_ == "ADP" and t.lower_ in _ADDRESSEE_PREPOSITIONS), words)
        while words and (words[0].lower_ in _DETERMINERS or words[0].pos_ in ("DET", "ADP")):
            words = words[1:]
        if not words:
            return None
        first, last = words[0], words[-1]
        name = text_of(subject.doc)[first.idx : last.idx + len(last.text)]
        gender = "p" if "Plur" in subject.morph.get("Number", []) else _noun_gender(subject)
        self.index.note(first.idx, Referent(name, None, gender, False))
        return Speaker(name=name, start=first.idx, end=last.idx + len(last.text), how="group")

    def _organisation_complement_end(self, noun: Token) -> int:
        """``a spokeswoman for the Northfield Workers Union``: the English complement (``for``,
        ``of``, ``at``) that names an organisation stays in an unnamed speaker's phrase, as
        French keeps ``porte-parole du syndicat``; the group is who the phrase names."""
        for child in noun.rights:
            if child.dep_ == "prep" and child.lower_ in ("for", "of", "at") and any(
                    (hit := self.index.entity_at(t)) is not None and hit[0].type == "ORG"
                    for t in child.subtree):
                return child.right_edge.i + 1
        return 0

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


def _bare_noun(noun: Token) -> bool:
    """``le groupe`` / ``the agency`` (anaphoric) but not ``la compagnie de transport
    londonienne`` (a new description that names the speaker itself)."""
    return not any(c.dep_ in ("amod", "nmod", "acl", "compound", "prep", "flat")
                   for c in noun.children)


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
