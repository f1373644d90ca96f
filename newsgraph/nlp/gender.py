"""A person's gender where the text itself marks it; never guessed from a first name.

Each piece of evidence is an :class:`Evidence`: the gender, the rule that found it and the
characters that show it.  A person's gender is the one all their evidence agrees on;
conflicting evidence, or none, gives ``unknown`` (:func:`decide`).  The rules:

* ``honorific`` — Mme/M./Mrs/Mr… before a mention: inside the recognised name (stripped
  while cleaning it in :mod:`newsgraph.nlp.entities`) or right before it, or before the
  role words in front of it (``Mme la ministre X``).
* ``role`` (fr) — a feminine role noun right before the name (``la ministre X``) or in
  apposition after it (``X, directrice de…``), feminine by its form (``-trice``) or its
  determiner (``la``), never by the tag alone: ``ministre`` is epicene.  A noun after the
  comma that is the subject of its own clause is no apposition (``Selon X, la ministre a
  menti``).  Masculine role forms are no evidence: ``professeur`` and ``le ministre`` are
  also written for women.
* ``kinship`` — a kinship noun gendered by its meaning right before the name or in
  apposition after it (``son épouse X``, ``his wife X``, ``X, le mari de…``; lists
  ``kinship_f`` / ``kinship_m``), in both languages and both genders.
* ``agreement`` (fr) — a word that agrees with a named subject (the name itself, or the
  ``qui`` of a relative clause on the name): a past participle with être or in a passive
  (``X est arrivée``, ``X a été nommée``), a predicative adjective (``X est inquiète``), an
  adjective after a copular verb (``X semble prête``, ``copular_verbs``) or a reflexive one
  (``X se dit inquiète``, ``X s'est montrée prudente``, ``reflexive_attributive_verbs``).
  The word counts only when it is singular, its morphology says Fem or Masc AND its written
  form is marked (``-ée``, ``-ue``, ``-ise``, ``-euse``… against ``-é``, ``-u``, ``-is``, no
  final ``-e``): epicene adjectives (``optimiste``, ``calme``) and the tagger's guesses say
  nothing.  A reflexive participle is feminine evidence only (``elle s'est demandé si…``
  does not agree); coordinated subjects (``X et Y sont arrivés``) are skipped.
* ``pronoun`` — a gendered pronoun (``a-t-elle déclaré``, ``he told``, ``in her view``) that
  the quote attribution resolved to the person when that person was the only singular
  referent in the resolver's window (:class:`PronounLink`): the
  resolver's gender check cannot have made the choice, so the pronoun is evidence, not an
  echo of it.

The entity component records the first three on ``doc._.gender_evidence`` (entity id ->
evidence) and sets ``Entity.gender``; the quote component adds the pronoun evidence and
decides again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from spacy.tokens import Doc, Span, Token

from newsgraph.model import Entity, Quote
from newsgraph.nlp.lexicon import word_list
from newsgraph.nlp.models import feature, lemma

Gender = Literal["f", "m", "unknown"]
Marked = Literal["f", "m"]

if not Doc.has_extension("gender_evidence"):
    Doc.set_extension("gender_evidence", default=None)


@dataclass(frozen=True, slots=True)
class Evidence:
    """One place where the text marks a person's gender."""

    gender: Marked
    rule: str  # honorific | role | kinship | agreement | reflexive | pronoun
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class PronounLink:
    """A gendered pronoun the quote attribution resolved to a person; evidence of the
    person's gender only when ``sole`` (:meth:`newsgraph.nlp.entity_index.EntityIndex.sole_referent`)."""

    entity_id: str
    gender: Marked  # the pronoun's
    start: int
    end: int
    sole: bool


def decide(evidence: Iterable[Evidence]) -> Gender:
    """The gender all the evidence agrees on; ``unknown`` when it conflicts or is absent."""
    genders = {e.gender for e in evidence}
    if genders == {"f"}:
        return "f"
    return "m" if genders == {"m"} else "unknown"


def evidence_of(doc: Doc) -> dict[str, list[Evidence]]:
    """The evidence recorded on ``doc`` so far, by entity id (created empty)."""
    found = doc._.gender_evidence
    if not isinstance(found, dict):
        found = {}
        doc._.gender_evidence = found
    return found


def add_evidence(doc: Doc, entities: Iterable[Entity], extra: dict[str, list[Evidence]]) -> None:
    """Record ``extra`` evidence and decide again the gender of every person it concerns."""
    recorded = evidence_of(doc)
    for entity in entities:
        if entity.type != "PER" or not extra.get(entity.id):
            continue
        recorded.setdefault(entity.id, []).extend(extra[entity.id])
        entity.gender = decide(recorded[entity.id])


def pronoun_evidence(quotes: Iterable[Quote], links: Iterable[PronounLink]) -> dict[str, list[Evidence]]:
    """The gendered pronouns through which ``quotes`` were attributed to a person who was the
    only possible referent (``link.sole``), by entity id."""
    used = {(q.speaker.entity_id, q.speaker.start) for q in quotes
            if q.speaker is not None and q.speaker.how == "pronoun"}
    found: dict[str, list[Evidence]] = {}
    for link in links:
        if link.sole and (link.entity_id, link.start) in used:
            evidence = Evidence(link.gender, "pronoun", link.start, link.end)
            if evidence not in found.setdefault(link.entity_id, []):
                found[link.entity_id].append(evidence)
    return found


# -- honorifics outside the name ----------------------------------------------------------


def honorific_evidence(doc: Doc, span: Span, before: list[Token]) -> list[Evidence]:
    """``M. Paul Lefèvre`` when the recogniser left the honorific out of the name (inside
    it, the entity component strips it and counts it): the word right before the name, or
    before the role words in front of it (``Mme la ministre X``)."""
    found = []
    for start in sorted({span.start, before[0].i} if before else {span.start}):
        index = start - 1
        while index >= 0 and start != span.start and doc[index].pos_ == "DET":
            index -= 1  # the determiner of the role: "Mme la ministre"
        gender = _honorific_gender(doc[index].lower_, doc.lang_) if index >= 0 else None
        if gender is not None:
            found.append(_evidence(gender, "honorific", doc[index], doc[index]))
    return found


def _honorific_gender(word: str, lang: str) -> Marked | None:
    forms = {word, word.rstrip(".")}
    if forms & word_list("honorifics_f", lang):
        return "f"
    return "m" if forms & word_list("honorifics_m", lang) else None


# -- role nouns ----------------------------------------------------------------------------

_FEMININE_NOUN_SUFFIXES = ("trice", "euse", "ière", "esse", "ienne", "eure", "enne", "ante", "ente")
_SUBJECT_DEPS = frozenset({"nsubj", "nsubj:pass", "nsubjpass"})


def role_evidence(doc: Doc, span: Span, before: list[Token]) -> list[Evidence]:
    """``la ministre X`` (``before``: the role words right before the name) and ``X, la
    directrice de…``: a role next to the name marked feminine (French)."""
    if doc.lang_ != "fr":
        return []
    found = []
    if before and _marked_feminine(doc, before[0]):
        found.append(_evidence("f", "role", before[0], before[-1]))
    noun = apposition_noun(doc, span)
    if noun is not None and _marked_feminine(doc, noun):
        found.append(_evidence("f", "role", noun, noun))
    return found


def apposition_noun(doc: Doc, span: Span) -> Token | None:
    """The head noun of ``, (det) NOUN`` right after the name, unless it is the subject of
    a clause of its own."""
    after = span.end + 1
    if after >= len(doc) or doc[span.end].text != ",":
        return None
    while after < len(doc) and doc[after].pos_ == "DET":
        after += 1
    if after >= len(doc) or doc[after].pos_ != "NOUN" or doc[after].dep_ in _SUBJECT_DEPS:
        return None
    return doc[after]


def _marked_feminine(doc: Doc, noun: Token) -> bool:
    """Feminine by its form or its determiner (``directrice``, ``la ministre``), not by its
    tag alone: epicene nouns (``analyste``, ``ministre``) carry no gender of their own."""
    if noun.lower_.endswith(_FEMININE_NOUN_SUFFIXES):
        return True
    if noun.i == 0:
        return False
    determiner = doc[noun.i - 1]
    return (
        determiner.pos_ == "DET"
        and not determiner.text.endswith(("'", "’"))
        and "Fem" in feature(determiner, "Gender")
    )


def kinship_evidence(doc: Doc, span: Span) -> list[Evidence]:
    """``son épouse X``, ``his wife X``, ``X, l'époux de…``: a kinship noun is gendered by
    its meaning, whatever its form or determiner (see the module doc)."""
    lang = doc.lang_
    found = []
    before = doc[span.start - 1] if span.start > 0 else None
    for noun in (before, apposition_noun(doc, span)):
        if noun is None or noun.pos_ != "NOUN":
            continue
        word = noun.lower_
        if word in word_list("kinship_f", lang):
            found.append(_evidence("f", "kinship", noun, noun))
        elif word in word_list("kinship_m", lang):
            found.append(_evidence("m", "kinship", noun, noun))
    return found


# -- agreement -----------------------------------------------------------------------------

# Singular and non-finite forms of être: the auxiliary of agreeing participles and passives.
_ETRE = frozenset({"est", "était", "sera", "serait", "fut", "fût", "soit", "été", "étant", "être"})
_AUX_DEPS = frozenset({"aux", "aux:tense", "aux:pass", "cop"})
_PARTICIPLE_F = ("ée", "ie", "ïe", "ue", "ûe", "se", "te")
_PARTICIPLE_M = ("é", "i", "ï", "u", "û", "is", "it", "ert", "int")
_ADJECTIVE_F = (
    "euse", "ive", "ière", "gère", "enne", "onne", "elle", "ette", "ète", "ée", "ue", "ie",
    "ise", "aise", "ouse", "ante", "ente", "inte", "erte", "trice",
)
# Adjectives without a final -e that do not vary: no evidence either way.
_INVARIABLE = frozenset({"chic", "sympa", "cool", "super", "standard", "marron", "kaki", "extra",
                         "snob", "pop", "ok", "zen"})


_REFLEXIVES: dict[str, dict[str, Marked]] = {
    "fr": {"elle-même": "f", "lui-même": "m"},
    "en": {"herself": "f", "himself": "m"},
}


def agreement_evidence(doc: Doc, span: Span) -> list[Evidence]:
    """Words agreeing with the name ``span`` as a subject (see the module doc)."""
    subject = _subject_word(span.root)
    found = []
    for predicate in _predicates(subject):
        for word, feminine_only in _agreeing_words(predicate) if doc.lang_ == "fr" else []:
            gender = marked_gender(word)
            if gender is not None and (gender == "f" or not feminine_only):
                found.append(_evidence(gender, "agreement", word, word))
        for word in _reflexives(span, [predicate, subject, span.root]):
            found.append(_evidence(_REFLEXIVES[doc.lang_][word.lower_], "reflexive", word, word))
    return found


def _subject_word(name: Token) -> Token:
    """The word the predicate agrees with: the name, or the role noun it is attached to
    (``le maire de Londres X s'est dit…``, ``la juge X est arrivée``)."""
    head = name.head
    if name.lang_ != "fr" or name.dep_ not in ("appos", "flat:name", "flat", "nmod") or head.i > name.i:
        return name
    if head.pos_ != "NOUN" or any(t.is_punct for t in name.doc[head.i : name.i]):
        return name
    roles = word_list("titles", "fr") | word_list("cue_roles", "fr") | word_list("roles", "fr")
    return head if head.lower_ in roles else name


def _predicates(subject: Token) -> list[Token]:
    """What ``subject`` is the subject of: its head when it is a subject (and verbs
    coordinated with it that have no subject of their own), and relative clauses on it
    whose subject is ``qui``/``who`` (``X, qui a été élue…``).  None for coordinated
    subjects."""
    if subject.dep_ == "conj" or any(c.dep_ == "conj" for c in subject.children):
        return []
    found = [subject.head] if subject.dep_ in _SUBJECT_DEPS and subject.head.i != subject.i else []
    found += [verb for head in found for verb in head.children  # "X a quitté Lyon et est arrivée"
              if verb.dep_ == "conj" and not any(c.dep_ in _SUBJECT_DEPS for c in verb.children)]
    for clause in subject.children:
        if clause.dep_ in ("acl:relcl", "relcl") and clause.i > subject.i and any(
            c.dep_ in _SUBJECT_DEPS and c.lower_ in ("qui", "who") for c in clause.children
        ):
            found.append(clause)
    return found


def _reflexives(span: Span, heads: list[Token]) -> list[Token]:
    """``X s'est défendue elle-même``, ``X himself``, ``X defended himself``: a reflexive
    or emphatic pronoun on the name or its predicate, with no other noun between them."""
    words = _REFLEXIVES.get(span.doc.lang_, {})
    found = []
    for head in heads:
        for child in head.children:
            if child.lower_ not in words or child.i < span.end or child in found:
                continue
            if not any(t.pos_ in ("NOUN", "PROPN") for t in span.doc[span.end : child.i]):
                found.append(child)
    return found


def _agreeing_words(predicate: Token) -> list[tuple[Token, bool]]:
    """Words of the predicate that agree with its subject, each with whether only a
    feminine form counts (a reflexive participle)."""
    reflexive = any("Yes" in feature(c, "Reflex") for c in predicate.children if c.i < predicate.i)
    words: list[tuple[Token, bool]] = []
    if _is_participle(predicate) and _with_etre(predicate):
        words.append((predicate, reflexive))
    if predicate.pos_ == "ADJ" and any(c.dep_ == "cop" and c.lower_ in _ETRE for c in predicate.children):
        words.append((predicate, False))
    if _attributive(predicate, reflexive=reflexive):
        words += [(c, False) for c in predicate.children
                  if c.dep_ == "xcomp" and (c.pos_ == "ADJ" or _is_participle(c))]
    return words


def _is_participle(token: Token) -> bool:
    return token.pos_ in ("VERB", "AUX") and "Part" in feature(token, "VerbForm") and (
        "Past" in feature(token, "Tense")
    )


def _with_etre(participle: Token) -> bool:
    """``est arrivée``, ``a été nommée``: an être auxiliary (an avoir participle does not agree
    with its subject)."""
    return any(c.dep_ in _AUX_DEPS and c.lower_ in _ETRE for c in participle.children)


def _attributive(verb: Token, *, reflexive: bool) -> bool:
    """A verb whose adjective complement describes its subject (and has no object, which
    the adjective would describe instead: ``elle juge la situation inquiétante``)."""
    if verb.pos_ not in ("VERB", "AUX") or any(c.dep_ == "obj" for c in verb.children):
        return False
    verb_lemma = lemma(verb)
    if verb_lemma in word_list("copular_verbs", "fr"):
        return True
    return reflexive and verb_lemma in word_list("reflexive_attributive_verbs", "fr")


def marked_gender(word: Token) -> Marked | None:
    """The gender a singular participle or adjective shows in both its morphology and its
    written form; None for epicene, plural or ambiguous words."""
    if "Sing" not in feature(word, "Number"):
        return None
    genders = word.morph.get("Gender", [])
    form = word.lower_
    if word.pos_ in ("VERB", "AUX"):
        feminine, masculine = form.endswith(_PARTICIPLE_F), form.endswith(_PARTICIPLE_M)
    elif word.pos_ == "ADJ":
        feminine = form.endswith(_ADJECTIVE_F)
        masculine = form.isalpha() and not form.endswith("e") and form not in _INVARIABLE
    else:
        return None
    if "Fem" in genders and feminine:
        return "f"
    if "Masc" in genders and masculine:
        return "m"
    return None


def _evidence(gender: Marked, rule: str, first: Token, last: Token) -> Evidence:
    return Evidence(gender, rule, first.idx, last.idx + len(last.text))
