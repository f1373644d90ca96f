"""Who said it: from a cue's subject (name, surname, pronoun, role noun, group) to a speaker.

No neural coreference: names and surnames map to the article's canonical entities through
their mentions; a pronoun or a role noun ("le professeur", "the minister") goes to the most
salient compatible person before it (recent quote speakers and sentence subjects), using
the gender the text marks; a group ("les responsables américains", "police") is named by
its noun phrase when no entity covers it; anonymous sources ("des témoins") get no speaker.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from spacy.tokens import Token

from newsgraph.model import Entity, Mention, Speaker
from newsgraph.nlp.component import text_of
from newsgraph.nlp.cue_subjects import (
    ADDRESSEE_PREPOSITIONS,
)
from newsgraph.nlp.entity_index import (
    DETERMINERS,
    PERSON_PRONOUNS,
    POSSESSIVES,
    RELATIVE_PRONOUNS,
    EntityIndex,
    Referent,
    lemma_of,
    names_a_person,
    noun_gender,
    noun_phrase,
    word_set,
)
from newsgraph.nlp.gender import PronounLink
from newsgraph.nlp.models import feature, lemma

_INDEFINITE_SINGULAR = frozenset({"a", "an", "one", "another", "un", "une", "quelque"})
# Determiners of an unnamed plural: "two donors", "several officials", « plusieurs élus »
# (not « certains analystes », a kind of speaker the text names as a group).
_INDEFINITE_PLURAL = frozenset({"two", "three", "four", "five", "several", "deux", "trois",
                                "quatre", "cinq", "plusieurs"})


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
        self.org_nouns = word_set("org_nouns", self.lang)
        self.speech_nouns = word_set("speech_nouns", self.lang)
        self.pronoun_links: list[PronounLink] = []

    def resolve(self, subject: Token) -> Speaker | None:
        """A speaker for ``subject`` (None for anonymous or unresolvable subjects)."""
        lower = subject.lower_
        if lower in RELATIVE_PRONOUNS and subject.head.dep_ in ("acl:relcl", "relcl"):
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
        latter = _latter_gender(subject)
        if latter is not None:
            referent = self.index.latest(subject.idx, latter)
            return self._speaker(referent, subject, "pronoun") if referent is not None else None
        if lower == "it" and self.lang == "en" and subject.pos_ == "PRON":
            # "…," it said in a statement: the organisation last named as a subject in the
            # last sentences, else the one last named ("products that contained DNP" is no
            # speaker where "The Food Standards Agency warned" was the sentence before)
            org = self.index.latest_org(subject.idx, subject_first=True)
            return self._speaker(self.index.referent_of(org), subject, "pronoun") if org else None
        if self.unnamed(subject):
            return None  # "said one person", "a GOP operative said", "two donors": anonymous
        named = self._named(subject)
        if named is not None:
            return named
        if subject.pos_ == "NOUN" and lemma_of(subject) in self.speech_nouns:
            return self._speech_noun_owner(subject)
        author = self._document_author(subject)
        if author is not None:
            return author
        if subject.pos_ == "PRON" or {lemma(subject), subject.lower_} & self.anonymous:
            return None
        return self._common_noun(subject)

    def _speech_noun_owner(self, noun: Token) -> Speaker | None:
        """``le récit qu'elle livre`` / ``ses propos`` / ``the remarks of the minister``:
        a speech noun speaks for its owner; with no owner it names no speaker."""
        for child in noun.children:
            if child.dep_ in ("acl:relcl", "relcl") and child.i > noun.i:
                owner = next((g for g in child.children if g.dep_ in ("nsubj", "nsubj:pass")
                              and g.lower_ not in RELATIVE_PRONOUNS), None)
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

    def _document_author(self, noun: Token) -> Speaker | None:
        """``the affidavit said`` after ``a criminal complaint affidavit from Homeland
        Security``: a definite document noun (``documents``) speaks for the organisation or
        person named as the author of the same document earlier (``from``, ``by``, ``of``,
        ``de``, ``par``); with no author named, it is left to the other rules."""
        kind = lemma_of(noun)
        if noun.pos_ != "NOUN" or kind not in word_set("documents", self.lang):
            return None
        doc = noun.doc
        earlier = [t for t in doc[max(0, noun.i - _DOCUMENT_REACH) : noun.i]
                   if t.pos_ == "NOUN" and lemma_of(t) == kind] if _definite(noun) else []
        for document in (noun, *reversed(earlier)):
            author = self._author_of(document)
            if author is not None:
                return self._speaker(self.index.referent_of(author), noun, "group")
        return None

    def _author_of(self, document: Token) -> Entity | None:
        """The entity named in a document noun's ``from`` / ``by`` / ``de`` complement."""
        for child in document.rights:
            if child.dep_ in ("prep", "nmod", "agent") and (
                    child.lower_ in _AUTHOR_PREPOSITIONS or any(
                        g.dep_ == "case" and g.lower_ in _AUTHOR_PREPOSITIONS for g in child.children)):
                hits = self._hits(child.subtree)
                if hits:
                    return hits[0][0]
        return None

    def _pronoun(self, subject: Token, gender: str) -> Speaker | None:
        if gender == "p":
            referent = self.index.recent(subject.idx, "p", person=False)
        else:
            referent = self.index.recent(subject.idx, gender)
            if referent is None and self.lang == "fr" and gender in ("f", "m"):
                # « a annoncé l'équipe médicale … », a-t-elle précisé: il/elle stand for things
                referent = self.index.recent(subject.idx, gender, person=False)
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
        if not persons and subject.pos_ in ("NOUN", "PROPN") and self._is_role(subject):
            holder = self._name_closing_role_phrase(subject)
            if holder is None:
                return None
            found = persons = [holder]
        phrase = list(subject.doc[start:end])
        dative = next((i for i, t in enumerate(phrase) if t.i > subject.i and t.pos_ == "ADP"
                       and t.lower_ in ADDRESSEE_PREPOSITIONS), len(phrase))
        found += [hit for hit in self._hits(phrase[:dative]) if hit not in found]
        if not found and subject.pos_ == "PROPN":
            text = text_of(subject.doc)
            by_surname = self.index.by_surname(text[subject.doc[start].idx : subject.idx + len(subject.text)])
            if by_surname is not None:
                found.append(by_surname)
        found = [hit for hit in found if not self._modifier_of_a_common_noun(subject, hit[1])]
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

    def _name_closing_role_phrase(self, role: Token) -> tuple[Entity, Mention] | None:
        """``l'ancien directeur du club Julien Fabre a rapporté``, ``President and CFO of
        Super Value Debra Symonette said``: a person's name that closes a role noun's phrase
        in apposition to its complement (no comma) is who holds the role."""
        start, end = noun_phrase(role)
        end = max(end, role.right_edge.i + 1)  # "President and CFO of …": past coordination
        if end - start < 3:
            return None
        last = role.doc[end - 1]
        hit = self.index.entity_at(last)
        if hit is None or hit[0].type != "PER":
            return None
        first = next(t for t in role.doc[start:end] if self.index.entity_at(t) == hit)
        if first.i == start:
            return None
        if first.dep_ == "appos" and start <= first.head.i < first.i:
            return hit
        # "President and CFO of Super Value Debra Symonette said": the name follows the
        # organisation's name inside the complement, not the preposition ("the lawyer for
        # John Smith said" is the lawyer)
        before = role.doc[first.i - 1]
        return hit if before.pos_ == "PROPN" and self.index.entity_at(before) != hit else None

    def _modifier_of_a_common_noun(self, subject: Token, mention: Mention) -> bool:
        """``Two Clinton donors tell ABC News``, ``the Bloomberg campaign said``: a person
        named as a modifier of a common noun that is no role is not who speaks; the group
        the noun phrase names is."""
        if subject.pos_ != "NOUN" or self._is_role(subject):
            return False
        modifiers = [t for c in subject.children if c.dep_ in ("compound", "poss", "nmod:poss")
                     and c.i < subject.i for t in c.subtree]
        return any(t.idx <= mention.start < t.idx + len(t.text) for t in modifiers)

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
        plural = "Plur" in feature(subject, "Number")
        if not plural and self._is_role(subject):
            start, end = noun_phrase(subject)
            words = [t.lower_.replace("’", "'") for t in subject.doc[start:end]]
            forward = self.in_heading(subject.idx)
            entity = self.index.by_descriptor(noun, words, subject.idx, forward=forward)
            if entity is not None:
                return self._speaker(self.index.referent_of(entity), subject, "role")
            referent = self.index.recent(subject.idx, noun_gender(subject))
            if referent is None and _definite(subject):
                referent = self.index.main_person(noun_gender(subject))
            if referent is not None:
                return self._speaker(referent, subject, "role")
        if not plural:
            org = self._anaphoric_org(subject)
            if org is not None:
                return self._speaker(self.index.referent_of(org), subject, "group")
        return self._group(subject)

    def _anaphoric_org(self, noun: Token) -> Entity | None:
        """``the agency`` / ``le groupe`` (``group_anaphors``): the organisation named last;
        in English, ``the grocery giant``, ``the central bank`` (a definite organisation
        noun, ``org_nouns``, that names no one: an epithet for the organisation just named):
        the organisation named in the last two sentences, else none.  Not in French, where
        such a phrase introduces a speaker of its own (``la compagnie de transport
        londonienne``; measured: French e2e 0.749 -> 0.741 with it)."""
        words = {noun.lower_, lemma_of(noun)}
        if words & self.anaphors and _bare_noun(noun):
            return self.index.latest_org(noun.idx)
        if self.lang != "en" or not words & (self.anaphors | self.org_nouns) or not _definite(noun):
            return None  # French news introduces with it: « la compagnie de transport londonienne »
        start, end = noun_phrase(noun)
        if any(self.index.entity_at(t) is not None for t in noun.doc[start:end]):
            return None
        return self.index.latest_org(noun.idx, window=_DESCRIBED_ORG_WINDOW)

    def unnamed(self, subject: Token) -> bool:
        """The subject is a person the text leaves unnamed on purpose (``one GOP
        operative``, ``un commerçant``): the rules' "no speaker" is a decision, not a gap."""
        noun = subject.head if subject.dep_ == "compound" and subject.head.pos_ == "NOUN" else subject
        return noun.pos_ == "NOUN" and self._unnamed_individual(noun, plural=_plural(noun))

    def _unnamed_individual(self, noun: Token, *, plural: bool = False) -> bool:
        """``one person``, ``another resident``, ``un commerçant``, ``two donors``: people
        (a noun of the person, role or anonymous-source lists) introduced by an indefinite
        determiner or a number, whom the text does not name (no apposition or name in the
        phrase; a name modifying the noun, ``a GOP operative``, names no one) and who speak
        for no organisation it names (``a spokeswoman for the union`` speaks for the union)."""
        determiners = _INDEFINITE_PLURAL if plural else _INDEFINITE_SINGULAR
        if not any(c.dep_ in ("det", "nummod", "amod") and c.lower_ in determiners
                   for c in noun.children) or not names_a_person(noun, self.lang):
            return False  # "according to an invitation": a document, not an anonymous person
        if self._organisation_complement_end(noun) or any(
                c.dep_ in ("appos", "flat", "flat:name") for c in noun.children):
            return False
        start, end = noun_phrase(noun)
        modifiers = {t.i for c in noun.children if c.dep_ == "compound" and c.i < noun.i
                     for t in c.subtree}
        return not any(self.index.entity_at(t) is not None for t in noun.doc[start:end]
                       if t.i not in modifiers)

    def _group(self, subject: Token) -> Speaker | None:
        if subject.pos_ not in ("NOUN", "PROPN"):
            return None
        start, end = noun_phrase(subject)
        end = max(end, self._organisation_complement_end(subject))
        words = list(subject.doc[start:end])
        words = next((words[:i] for i, t in enumerate(words) if t.i > subject.i and
                      t.pos_ == "ADP" and t.lower_ in ADDRESSEE_PREPOSITIONS), words)
        while words and (words[0].lower_ in DETERMINERS or words[0].pos_ in ("DET", "ADP")):
            words = words[1:]
        if not words:
            return None
        first, last = words[0], words[-1]
        name = text_of(subject.doc)[first.idx : last.idx + len(last.text)]
        gender = "p" if "Plur" in feature(subject, "Number") else noun_gender(subject)
        # "a spokeswoman for the union said … she said": a person speaking for the group
        person = gender != "p" and names_a_person(subject, self.lang)
        self.index.note(first.idx, Referent(name, None, gender, person))
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


# ``ce dernier``, ``celle-ci``, ``the latter``: the person named last, of this gender.
_LATTER = {
    "fr": {"dernier": "m", "dernière": "f", "derniers": "p", "dernières": "p",
           "celui-ci": "m", "celle-ci": "f", "ceux-ci": "p", "celles-ci": "p"},
    "en": {"latter": "unknown"},
}
_LATTER_DETERMINERS = frozenset({"ce", "cet", "cette", "ces", "the"})


def _latter_gender(subject: Token) -> str | None:
    """The gender ``ce dernier`` / ``celle-ci`` / ``the latter`` asks for (None when the
    subject is not such an anaphor)."""
    word = _demonstrative_ci(subject) or subject.lower_
    gender = _LATTER.get(subject.lang_, {}).get(word)
    if gender is None:
        return None
    if word.endswith("-ci"):
        return gender
    determined = any(c.dep_ == "det" and c.lower_ in _LATTER_DETERMINERS for c in subject.children)
    return gender if determined else None


def _definite(noun: Token) -> bool:
    return any(c.dep_ == "det" and c.lower_ in ("le", "la", "l'", "l’", "the") for c in noun.children)


def _plural(noun: Token) -> bool:
    return "Plur" in feature(noun, "Number") or noun.tag_ == "NNS"


def _demonstrative_ci(token: Token) -> str | None:
    """``celle-ci`` when the tokenizer cut it in three (``Celle`` ``-`` ``ci``) and
    ``token`` is one of the three."""
    doc = token.doc
    for start in range(max(0, token.i - 2), token.i + 1):
        words = doc[start : start + 3]
        joined = "".join(t.text for t in words).lower()
        if len(words) == 3 and joined.endswith("-ci") and not words[0].whitespace_ \
                and not words[1].whitespace_:
            return joined
    return None


# How many sentences back a described organisation (``the grocery giant``) looks.
_DESCRIBED_ORG_WINDOW = 2


# How far back (tokens) a document noun looks for the same document with its author named.
_DOCUMENT_REACH = 400
_AUTHOR_PREPOSITIONS = frozenset({"from", "by", "of", "de", "du", "des", "par"})


def _bare_noun(noun: Token) -> bool:
    """``le groupe`` / ``the agency`` (anaphoric) but not ``la compagnie de transport
    londonienne`` (a new description that names the speaker itself)."""
    return not any(c.dep_ in ("amod", "nmod", "acl", "compound", "prep", "flat")
                   for c in noun.children)






def _same_name(mention: str, name: str) -> bool:
    return len(mention.split()) >= len(name.split())


def _first(items: list[str]) -> str | None:
    return items[0] if items else None
