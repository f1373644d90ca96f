"""Who may act in an event: entities by token, named human groups, pronoun referents, the
person a role noun describes, the organisation a description stands for, and the speakers the
quote layer resolved for cue verbs."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import replace
from functools import cache
from itertools import accumulate

from spacy.attrs import POS
from spacy.symbols import NOUN, PRON, PROPN
from spacy.tokens import Doc, Span, Token

from newsgraph.model import ActorRef, Article, Entity
from newsgraph.nlp.component import sentence_of, sentence_starts, token_indices
from newsgraph.nlp.entities_types import is_news_organisation
from newsgraph.nlp.event_lexicon import _data_lines
from newsgraph.nlp.events.person_nouns import (
    PRONOUN_GENDERS,
    definite_singular_person,
    describes,
    normal,
    person_noun_gender,
    pronoun_fits,
    role_forms,
    role_words,
    tied_to_complement,
)
from newsgraph.nlp.events.syntax import (
    AWAY_PREPS,
    OF_PREPS,
    PASSIVE_SUBJECTS,
    PERSONAL_PRONOUNS,
    PLURAL_PRONOUNS,
    RELATIVE_CLAUSES,
    RELATIVE_PRONOUNS,
    SUBJECTS,
    children,
    conjuncts_of,
    first_subject_read_as_head,
    misplaced_between_side,
    preposition,
)
from newsgraph.nlp.lexicon import word_list
from newsgraph.nlp.models import feature, lemma

ACTOR_ENTITY_TYPES = frozenset({"PER", "ORG", "LOC"})
_NOUNS = frozenset({NOUN, PROPN})  # common and proper nouns, as ``Actors.pos_ids`` gives them
# Possessive determiners that stand for the last named subject as a subject pronoun does
# ("son départ", "their strike"); who each may stand for.
POSSESSIVE_DETERMINERS = {"son": "any", "sa": "any", "ses": "any", "leur": "group", "leurs": "group",
                          "his": "person", "her": "person", "its": "group", "their": "group"}
# « ce dernier », "the latter": the person named last (with a demonstrative or definite article)
_LATTER = {"fr": frozenset({"dernier", "dernière"}), "en": frozenset({"latter"})}
_LATTER_DETERMINERS = frozenset({"ce", "cet", "cette", "the"})
# What tells a news source the text cites ("according to Reuters", « selon l'AFP », "told AFP").
_ACCORDING = frozenset({"selon", "d'après", "d’après"})
_ADDRESSEES = frozenset({"dobj", "dative", "iobj", "obj"})
_BELOW_NAME_DEPS = ("appos", "flat", "flat:name", "compound", "nmod", "amod")
# What a noun standing for an organisation may not have of its own: it would describe a new one
# ("the group of residents", "the German company", "la société de conseil qui…").
_DESCRIBING_DEPS = frozenset({"amod", "nmod", "acl", "acl:relcl", "relcl", "compound", "prep", "flat",
                              "flat:name", "appos", "nummod", "conj"})
# How the parser hangs a name on the complement before it ("l'agence de notation Fitch"; "dep"
# where it misreads the name, "Moody's" taken for a verb).
_NAME_AFTER_COMPLEMENT_DEPS = ("appos", "flat", "flat:name", "nmod", "compound", "dep")


class Actors:
    """Who may act in an event: entities (persons, organisations, places acting as states) and
    named human groups; the last named subject stands behind a pronoun."""

    def __init__(self, doc: Doc, article: Article) -> None:
        self.doc = doc
        self.lang = article.lang or doc.lang_
        self.by_token: list[Entity | None] = _entities_by_token(doc, article.entities)
        # every word's part of speech as spaCy's symbol id, read once from the Doc's array
        # (``Token.pos_`` makes a Python enum at every read): compare with ``spacy.symbols``
        self.pos_ids: list[int] = doc.to_array(POS).tolist() if len(doc) else []
        # how many tokens before each index belong to an entity: is there one in a span?
        self._entities_before = list(accumulate((e is not None for e in self.by_token), initial=0))
        self.last_subject: Entity | None = None
        self.last_subject_token = -1  # where it was named
        self.group_nouns = group_nouns(self.lang)
        self.roles = word_list("roles", self.lang)
        # the nouns of one person a definite description may stand for ("the senator")
        self.person_roles = self.roles | word_list("cue_roles", self.lang)
        self.age_nouns = word_list("age_nouns", self.lang)
        self.time_words = word_list("time_words", self.lang)
        self.org_nouns = word_list("org_nouns", self.lang)
        # what a definite description of an organisation may be headed by: a noun of any
        # organisation ("the company", « le groupe »), or of a kind of one ("the newspaper",
        # "the ministry") that its name or the noun the text put before it must have
        self.organisation_anaphors = word_list("group_anaphors", self.lang)
        self.institution_nouns = word_list("institution_nouns", self.lang)
        self.organisation_kinds = self.org_nouns | self.organisation_anaphors | self.institution_nouns
        self.speech_verbs = word_list("speech_verbs", self.lang)
        self._organisations: dict[int, Entity | None] = {}  # token → ``described_organisation``
        self.sectors = actor_sectors(self.lang)
        self.group_sectors: dict[str, str] = {}  # group name → actor sector ("CVL": civilians)
        # what is worked out once per word of the article (nothing it reads changes during the run)
        self._groups: dict[int, tuple[str | None, str, str | None]] = {}  # token → ``_group_of``
        self._below: dict[int, Entity | None] = {}  # token → ``entity_below``
        self._role_referents: dict[int, Entity | None] = {}  # token → ``_role_anaphor``
        self._is_group: dict[int, bool] = {}  # token → ``is_group``
        self._places: list[int] | None = None  # the words of LOC entities (``place_before``)
        self._acting_places: set[str] | None = None  # LOC entities that act (``is_acting_place``)
        self.described = _descriptions(article.entities)
        self.entities = {e.id: e for e in article.entities}
        self.speakers: dict[int, ActorRef] = {}  # cue verb → the speaker the quote layer resolved
        self.cues: set[int] = set()  # every verb that introduces a quotation
        self._read_quote_cues(article)
        self.sentence_starts = sentence_starts(doc)
        self.away_words = token_indices(doc, lower=AWAY_PREPS)  # "hors", "outside" (roles.told_away)

    def place_before(self, index: int) -> int:
        """The index of the last word of a place (a LOC entity) before ``index``, else -1."""
        if self._places is None:
            self._places = [i for i, e in enumerate(self.by_token) if e is not None and e.type == "LOC"]
        position = bisect_left(self._places, index)
        return self._places[position - 1] if position else -1

    def sentence_start(self, index: int) -> int:
        """Where the sentence of the token at ``index`` starts (``Token.sent`` without walking)."""
        return self.sentence_starts[bisect_right(self.sentence_starts, index) - 1]

    def sentence_of(self, token: Token) -> Span:
        """``Token.sent`` from the sentence starts read once per Doc (:func:`component.sentence_of`)."""
        return sentence_of(token)

    def previous_sentence_start(self, index: int) -> int:
        """Where the sentence before the one of ``index`` starts (its own start for the first)."""
        start = self.sentence_start(index)
        return self.sentence_start(start - 1) if start > 0 else start

    def _read_quote_cues(self, article: Article) -> None:
        acts = word_list("verbal_acts", self.lang)
        for quote in article.quotes:
            if quote.cue is None:
                continue
            cue = self.doc.char_span(quote.cue.start, quote.cue.end, alignment_mode="expand")
            if cue is None or not len(cue):
                continue
            root = cue.root
            if quote.speaker is not None and quote.speaker.entity_id is not None:
                self.speakers.setdefault(root.i, ActorRef(quote.speaker.entity_id, quote.speaker.name,
                                                          via="speaker"))
            if lemma(root) not in acts:
                self.cues.add(root.i)  # "condamner", "réagir": acts, events of their own

    def subject_actors(self, verb: Token) -> list[ActorRef]:
        """The actors of a verb's subject; where the verb introduces a quote and its subject is
        a pronoun or a group noun ("the group said", "il a déclaré"), the speaker the quote layer
        resolved."""
        subject = next((c for c in children(verb) if c.dep_ in SUBJECTS), None)
        found = self.subject_phrase(subject, verb) if subject is not None else []
        speaker = self.speakers.get(verb.i)
        if speaker is not None and all(a.entity_id is None for a in found):
            return [speaker]
        return found

    def subject_phrase(self, subject: Token, verb: Token) -> list[ActorRef]:
        """The actors a verb's subject names, with the first of two coordinated subjects the
        parser took for the sentence's head (« La Norvège et la Finlande se réuniront jeudi »)."""
        first = first_subject_read_as_head(subject, verb)
        found = self.of_phrase(first, agentive=True) if first is not None else []
        return unique_refs(found + self.of_phrase(subject, agentive=True))

    def entity_at(self, token: Token) -> Entity | None:
        return self.by_token[token.i]

    def of_phrase(self, head: Token, *, agentive: bool = False) -> list[ActorRef]:
        """The actors a noun phrase names: its entity (and conjuncts), a group, or a pronoun's
        referent.  ``agentive``: the phrase is a subject or an agent, where an entity the
        recogniser could not type (MISC: "CBC a publié") still acts."""
        found: list[ActorRef] = []
        antecedent = _relative_antecedent(head)
        if antecedent is not None:  # "Ana Ruiz and Tom Lee, who fled": both of them
            head = antecedent
        conjuncts = [c for c in conjuncts_of(head) if not misplaced_between_side(c)]  # « entre X et Y »
        for token in self._holders_read_as_conjuncts(head) or (head, *conjuncts):
            actor = self._one(token, agentive=agentive)
            named = [actor] if actor is not None else []
            if actor is not None and self.entity_at(token) is None:
                named += [a for c in self._name_conjuncts(token) if (a := self._one(c, agentive=agentive))]
            found += [a for a in named if all(a.name != b.name for b in found)]
        return found_as(found, "relative") if antecedent is not None else found

    def _name_conjuncts(self, noun: Token) -> list[Token]:
        """The names coordinated with a noun's name in apposition, where the parser hangs the
        later ones on the name, not on the noun (« par le journaliste Paul Martin puis par
        Mediapart »): every conjunct of the appositive name that is an entity."""
        return [conj for name in children(noun) if name.dep_ == "appos" and self.entity_at(name) is not None
                for conj in name.conjuncts if self.entity_at(conj) is not None
                and self.entity_at(conj) is not self.entity_at(name)]

    def _holders_read_as_conjuncts(self, head: Token) -> list[Token]:
        """A role noun whose holder the parser read as a conjunct: « Le directeur général de
        Norvex, Paul Grant, a démissionné » (a comma and a person, no "et"/"and"): the person
        is the role's holder in apposition, the one actor.  Empty when the phrase is not so."""
        if self.pos_ids[head.i] != NOUN or lemma(head) not in self.roles:
            return []
        conjuncts = [c for c in children(head) if c.dep_ == "conj"]
        if not conjuncts or any(c.dep_ == "cc" for conj in conjuncts for c in children(conj)):
            return []
        holders = [c for c in conjuncts if c.i > 0 and c.doc[c.i - 1].text == ","
                   and (entity := self.entity_at(c)) is not None and entity.type == "PER"]
        return holders if len(holders) == len(conjuncts) else []

    def possessors(self, head: Token) -> list[ActorRef]:
        """The actors named as the possessor of a noun phrase ("Acme Corp's lawyers", "Senator
        Ruiz's campaign"): who a subject that names no actor of its own stands for."""
        if self.pos_ids[head.i] not in _NOUNS:
            return []
        found: list[ActorRef] = []
        for child in children(head):
            if child.dep_ in ("poss", "nmod:poss") and self.pos_ids[child.i] == PROPN:
                entity = self.entity_at(child) or self.entity_below(child)
                if entity is not None and entity.type in ACTOR_ENTITY_TYPES:
                    found.append(ActorRef(entity.id, entity.name, via="possessor"))
        return found

    def possessive_referent(self, token: Token) -> ActorRef | None:
        """The actor a possessive determiner stands for ("son départ", "their strike", "his
        support"): the last named subject, as for a subject pronoun; "leur"/"their"/"its" never
        the one person, "his"/"her" only a person."""
        kind = POSSESSIVE_DETERMINERS.get(token.lower_)
        subject = self.last_subject
        if kind is None or subject is None or "Yes" not in feature(token, "Poss"):
            return None
        if (kind == "group" and subject.type == "PER") or (kind == "person" and subject.type != "PER"):
            return None
        return ActorRef(subject.id, subject.name, via="possessive")

    def possessive_of(self, head: Token) -> list[ActorRef]:
        """The actor a noun's possessive determiner stands for, if it has one."""
        for child in children(head):
            if child.dep_ in ("det", "poss", "nmod:poss"):
                referent = self.possessive_referent(child)
                if referent is not None:
                    return [referent]
        return []

    def _one(self, token: Token, *, agentive: bool) -> ActorRef | None:
        entity = self.entity_at(token) or self.entity_below(token)
        if entity is None and token.dep_ == "appos":  # "Dentons, le cabinet d'avocats qui…": Dentons
            entity = self.entity_at(token.head)
        if entity is not None:
            if entity.type in ACTOR_ENTITY_TYPES or (agentive and entity.type == "MISC"):
                return ActorRef(entity.id, entity.name)
            return None
        if self.pos_ids[token.i] == PRON:
            return self.pronoun_referent(token, agentive=agentive)
        organisation = self.described_organisation(token)
        if organisation is not None:
            return ActorRef(organisation.id, organisation.name, via="description")
        if self.pos_ids[token.i] in _NOUNS and self.is_group(token):
            return self._group(token)
        person = self._role_anaphor(token) if self.is_person_noun(token) else self._latter(token)
        return ActorRef(person.id, person.name, via="role") if person is not None else None

    def _group(self, token: Token) -> ActorRef:
        """A group noun: the person it describes, else the group by its name (its sector kept)."""
        known = self._groups.get(token.i)
        if known is None:
            known = self._group_of(token)
            self._groups[token.i] = known
        entity_id, name, sector = known
        if sector is not None:
            self.group_sectors[name] = sector
        return ActorRef(entity_id, name, via="role" if entity_id is not None else "")

    def _group_of(self, token: Token) -> tuple[str | None, str, str | None]:
        """The described person's id and name, else the group's name and sector."""
        described = self._described_as(token) or self._role_anaphor(token)
        if described is not None:
            return described.id, described.name, None
        return None, group_name(token, self.roles), self._sector(token)

    def is_organisation(self, ref: ActorRef) -> bool:
        entity = self.entities.get(ref.entity_id or "")
        return entity is not None and entity.type == "ORG"

    def is_person(self, ref: ActorRef) -> bool:
        entity = self.entities.get(ref.entity_id or "")
        return entity is not None and entity.type == "PER"

    def is_acting_place(self, ref: ActorRef) -> bool:
        """A place the article makes the subject or the agent of a verb somewhere (« la Norvège
        a signé », « annexée par la Norvège »): a state, which may receive what is given — not a
        town only named as where ("au Havre")."""
        entity = self.entities.get(ref.entity_id or "")
        if entity is None or entity.type != "LOC":
            return False
        if self._acting_places is None:  # read once per article
            self._acting_places = {e.id for t in self.doc if (e := self.by_token[t.i]) is not None
                                   and e.type == "LOC" and _acts(t)}
        return entity.id in self._acting_places

    def is_party(self, ref: ActorRef) -> bool:
        """A person, an organisation or a human group the text does not name ("the unions"):
        one who may receive or stand on a side — not a place ("to Oslo", "between Oslo and Leeds")."""
        return ref.entity_id is None or self.is_person(ref) or self.is_organisation(ref)

    def described_organisations(self, refs: list[ActorRef]) -> list[ActorRef]:
        """The organisations named in how the article describes these people ("Sophie Binet, la
        secrétaire générale de Norvex" → Norvex): the office someone takes or is appointed to."""
        found: list[ActorRef] = []
        for ref in refs:
            person = self.entities.get(ref.entity_id or "")
            if person is None or person.type != "PER":
                continue
            for descriptor in person.descriptors:
                words = f" {normal(descriptor)} "
                found += [ActorRef(org.id, org.name) for org in self.entities.values() if org.type == "ORG"
                          and any(f" {normal(n)} " in words for n in (org.name, *org.aliases))]
        return unique_refs(found)

    def remember_subject(self, token: Token) -> None:
        """Keep the last named subject (the referent of a later pronoun, the topic of the text)."""
        if token.dep_ not in SUBJECTS and token.dep_ not in PASSIVE_SUBJECTS:
            return
        entity = self.entity_at(token) or self.entity_below(token)
        if entity is not None and entity.type in ACTOR_ENTITY_TYPES:
            self.last_subject, self.last_subject_token = entity, token.i
        elif token.lower_ in PERSONAL_PRONOUNS and self.pronoun_referent(token, agentive=True) is not None:
            self.last_subject_token = token.i  # "Elle s'efforce…": the same topic, named again

    def _role_anaphor(self, token: Token) -> Entity | None:
        """The person a definite noun of one person stands for, found once per word
        (``_role_referent``)."""
        if token.i not in self._role_referents:
            self._role_referents[token.i] = self._role_referent(token)
        return self._role_referents[token.i]

    def _role_referent(self, token: Token) -> Entity | None:
        """"the senator", « la députée », "the 45-year-old", « le sexagénaire »: a definite
        singular noun of one person with no name of its own stands for a person named in this
        or the previous sentence before it — the one nearest that the text gave that role with
        every word of the noun's complement (a descriptor with the noun: "Senator Lina Okafor",
        « Marc Diallo, ministre de… »), else one named earlier so, else the one person the text
        marks of the gender the noun's words mark ("the congresswoman", « la sénatrice »), or,
        for an age ("the 45-year-old"), the one person at all — with a complement, only one the
        text described with the complement's words (« la dirigeante de Norvex » for « …,
        secrétaire générale de Norvex »; « le ministre de l'Intérieur » may be anyone); a noun
        of no gender ("the judge") guesses nobody.  Not a
        person named as an argument of a verb the noun stands under ("Paul Grant said the
        senator…": a pronoun would tell the same person); nobody where this or the previous
        sentence told the noun before for no one named ("Paul Grant criticised the mayor.
        The mayor resigned", "Paul Grant's lawyer… The lawyer")."""
        if not self.is_person_noun(token) or not definite_singular_person(token):
            return None
        if self._told_before_for_nobody(token):
            return None
        words = role_words(token)
        people = self._people_named_before(token)
        given = [e for e in people if any(describes(d, token, words) for d in e.descriptors)]
        if given:
            return given[-1]
        barred = self._named_in_sentence(token) - {e.id for e in people}
        earlier = self._given_the_role_earlier(token, words=words, barred=barred)
        if earlier is not None:
            return earlier
        gender = person_noun_gender(token, self.lang)
        if gender == "unknown":  # "the judge": no guess; "the 45-year-old": the one person
            guess = people[0] if len(people) == 1 and self._age_noun(token) else None
        else:
            compatible = [e for e in people if e.gender in (gender, "unknown")]
            guess = compatible[0] if len(compatible) == 1 and compatible[0].gender == gender else None
        return guess if guess is not None and tied_to_complement(guess, token) else None

    def _told_before_for_nobody(self, token: Token) -> bool:
        """The noun (either form) was told in this or the previous sentence before ``token`` for
        no one named: not a name's title or apposition, nor standing for a person itself."""
        start = self.previous_sentence_start(token.i)
        forms = {lemma(token), token.lower_}
        for earlier in self.doc[start : token.i]:
            if self.pos_ids[earlier.i] != NOUN or not ({lemma(earlier), earlier.lower_} & forms):
                continue
            if self.by_token[earlier.i] is not None or self.entity_below(earlier) is not None:
                continue
            if earlier.dep_ in _NAME_AFTER_COMPLEMENT_DEPS and self.by_token[earlier.head.i] is not None:
                continue  # "Senator Paul Grant", "Lina Okafor, the mayor of Leeds"
            if self._role_anaphor(earlier) is None:
                return True
        return False

    def is_person_noun(self, token: Token) -> bool:
        """A noun of one person: a role ("the minister", « la députée ») or an age."""
        if self._age_noun(token):
            return True
        return self.pos_ids[token.i] == NOUN and bool(role_forms(token) & self.person_roles)

    def _named_in_sentence(self, token: Token) -> set[str]:
        start = self.sentence_start(token.i)
        return {e.id for e in self.by_token[start : token.i] if e is not None}

    def _given_the_role_earlier(self, token: Token, *, words: set[str], barred: set[str]) -> Entity | None:
        """The person named anywhere before whom the text gave this role with every word the
        noun has (``words``: "the former mayor" → "mayor of Leeds"; « le Premier ministre » is
        not « la ministre des Sports », « le président de la République » not « président de
        Norvex », "the mayor of Oslo" not "mayor of Leeds"), the one named last."""
        best: tuple[int, Entity] | None = None
        for entity in self.entities.values():
            if entity.type != "PER" or entity.id in barred:
                continue
            if not any(describes(d, token, words) for d in entity.descriptors):
                continue
            last = max((m.start for m in entity.mentions if m.start < token.idx), default=-1)
            if last >= 0 and (best is None or last > best[0]):
                best = (last, entity)
        return best[1] if best is not None else None

    def _person_named_as(self, entity: Entity | None) -> Entity | None:
        """The one person whose other name, or surname, a place or organisation's name is
        ("Grant" typed a place where "Paul Grant" is a person of the article)."""
        if entity is None or entity.type == "PER":
            return None
        people = [e for e in self.entities.values() if e.type == "PER" and (
            entity.name in e.aliases or e.name.endswith(" " + entity.name))]
        return people[0] if len(people) == 1 else None

    def _latter(self, token: Token) -> Entity | None:
        """« ce dernier », « cette dernière », "the latter": the person of its gender named last
        before it in this or the previous sentence (none when an organisation, a person whose
        gender the text does not mark, or a singular noun of its gender — « au président », « une
        réforme », "the election" — was told after that one: the latest of its gender must be
        the person)."""
        if token.lower_ not in _LATTER.get(self.lang, ()) or not any(
                c.dep_ == "det" and c.lower_ in _LATTER_DETERMINERS for c in children(token)):
            return None
        gender = person_noun_gender(token, self.lang)
        found: Entity | None = None
        for entity in reversed(self._people_named_before(token, organisations=True)):
            if entity.type != "PER" or gender in ("unknown", entity.gender):
                found = entity if entity.type == "PER" else None
                break
            if entity.gender == "unknown":
                return None
        if found is None:
            return None
        named_at = max(i for i in range(token.i) if self.by_token[i] is found)
        between = self.doc[named_at + 1 : token.i]
        return None if any(self._may_be_the_latter(t, gender, found) for t in between) else found

    def _may_be_the_latter(self, word: Token, gender: str, person: Entity) -> bool:
        """A singular common noun of the latter's gender (any in English) told after the person,
        naming no one and not describing the person (« une réforme », "the election", « au
        président »; not « lundi », nor "Paul Grant, the mayor")."""
        if word.pos_ != "NOUN" or self.by_token[word.i] is not None or word.ent_type_ in ("DATE", "TIME"):
            return False
        if "Plur" in feature(word, "Number") or word.tag_ == "NNS" or word.lower_ in self.time_words:
            return False
        if any(self.by_token[a.i] is person for a in word.ancestors):
            return False  # the person's own apposition or title
        return gender == "unknown" or person_noun_gender(word, self.lang) in (gender, "unknown")

    def _age_noun(self, token: Token) -> bool:
        """« le sexagénaire », "the octogenarian", "the 45-year-old" (read "old" under "year")."""
        if token.lower_ == "old" and self.lang == "en":
            return any(c.lower_ == "year" and any(g.like_num for g in children(c)) for c in children(token))
        return self.pos_ids[token.i] == NOUN and lemma(token) in self.age_nouns

    def _people_named_before(self, token: Token, *, organisations: bool = False) -> list[Entity]:
        """The persons (with ``organisations``, also the organisations) named in this and the
        previous sentence before ``token``, the one named last last; not one named in its
        sentence as an argument of a verb above it."""
        sentence_start = self.sentence_start(token.i)
        start = self.previous_sentence_start(token.i)
        above = {t.i for t in token.ancestors}
        last: dict[str, tuple[int, Entity]] = {}
        barred: set[str] = set()
        for i in range(start, token.i):
            entity = self.by_token[i]
            if entity is None or entity.type not in (("PER", "ORG") if organisations else ("PER",)):
                continue
            last[entity.id] = (i, entity)
            if i >= sentence_start and _argument_of(self.doc[i], above):
                barred.add(entity.id)
        return [e for _, e in sorted(last.values(), key=lambda pair: pair[0]) if e.id not in barred]

    def described_organisation(self, token: Token) -> Entity | None:
        """The organisation a definite singular description stands for ("the group", « le
        ministère »), found once per word (``_organisation_described``)."""
        if token.i not in self._organisations:
            self._organisations[token.i] = self._organisation_described(token)
        return self._organisations[token.i]

    def _organisation_described(self, token: Token) -> Entity | None:
        """"the group endorsed…", « le ministère a interdit… »: a definite (or demonstrative)
        singular noun of a kind of organisation with no adjective, complement or name of its
        own stands for the organisation named in this or the previous sentence before it: the
        one of its kind, whose name has the noun ("Norvex Group") or follows it (« la banque
        Norvex »), else, for a noun of any organisation (``group_anaphors``: "the company",
        « l'association »), the one named there at all, unless it is an institution (a ministry,
        a court, a party: ``institution_nouns``) and the noun one of a company or a group
        (``org_nouns``).  Two that fit, or a new one of its kind told there ("bought a company",
        « sa société »): no guess."""
        noun = token.lower_ if self.pos_ids[token.i] == PROPN else lemma(token)
        if not self._may_describe_organisation(token, noun):
            return None
        start = self.previous_sentence_start(token.i)
        if self._new_one_of_its_kind(noun, start, token.i):
            return None
        named = self._organisations_named(start, token.i)
        of_its_kind = [entity for entity, words in named.values() if noun in words]
        if len(of_its_kind) == 1:
            return of_its_kind[0]
        if noun not in self.organisation_anaphors or of_its_kind or len(named) != 1:
            return None
        entity, words = next(iter(named.values()))
        if noun in self.org_nouns and words & self.institution_nouns:
            return None  # "the company" is no ministry, court or party: only « l'institution » is
        return entity

    def _may_describe_organisation(self, token: Token, noun: str) -> bool:
        """A lower-case definite singular noun of an organisation with no adjective,
        complement, name or conjunct of its own ("the company", not "the German company")."""
        return self.pos_ids[token.i] in _NOUNS and token.text[:1].islower() \
            and noun in self.organisation_kinds and _definite_singular(token) \
            and not any(c.dep_ in _DESCRIBING_DEPS for c in children(token))

    def _organisations_named(self, start: int, end: int) -> dict[str, tuple[Entity, set[str]]]:
        """The organisations named between two tokens, each with the words that tell its kind:
        those of its name and the nouns just around a mention (« la banque Norvex », "the
        Norvex bank")."""
        named: dict[str, tuple[Entity, set[str]]] = {}
        for i in range(start, end):
            entity = self.by_token[i]
            if entity is None or entity.type != "ORG" or self._cited_news_source(entity, i):
                continue
            name_words = set(normal(entity.name).replace("'", " ").split())
            _, words = named.setdefault(entity.id, (entity, name_words))
            for side in (i - 1, i + 1):
                if 0 <= side < len(self.doc) and self.by_token[side] is None:
                    words |= _common_noun_forms(self.doc[side])
        return named

    def _cited_news_source(self, entity: Entity, index: int) -> bool:
        """Whether the name at a token is a news organisation (``media_names``) the text cites
        as its source, not one its story is about: told something ("told Reuters", « a déclaré à
        l'AFP ») or the source of an according-to phrase ("according to Reuters", « selon
        l'AFP »).  A rating agency or a ministry cited so may well be "the agency" after it."""
        if not is_news_organisation(entity.name):
            return False
        token = self.doc[index]
        while token.head.i != token.i and self.by_token[token.head.i] is entity:
            token = token.head  # the word of the name the sentence hangs on
        prep = preposition(token)
        if prep in _ACCORDING or (prep == "to" and token.head.head.lower_ == "according"):
            return True
        verb = token.head
        told = token.dep_ in _ADDRESSEES or (token.dep_.startswith("obl") and prep in ("à", "au"))
        return told and verb.pos_ in ("VERB", "AUX") and lemma(verb) in self.speech_verbs

    def _new_one_of_its_kind(self, noun: str, start: int, end: int) -> bool:
        """Whether the text introduced between two tokens an organisation of the noun's kind
        it does not name: "a company", "her company", « une entreprise », « sa société »."""
        return any(self.by_token[t.i] is None and noun in _common_noun_forms(t)
                   and _indefinite_or_possessed(t) for t in self.doc[start:end])

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

    def pronoun_referent(self, token: Token, *, agentive: bool) -> ActorRef | None:
        """A relative pronoun's antecedent; a personal pronoun's last named subject."""
        antecedent = _relative_antecedent(token)
        if antecedent is not None:
            actor = self._one(antecedent, agentive=agentive)
            return actor if actor is None or actor.via else replace(actor, via="relative")
        if token.lower_ in PERSONAL_PRONOUNS and self.last_subject is not None:
            if token.lower_ in PLURAL_PRONOUNS and self.last_subject.type == "PER":
                return None  # "elles ont flambé": not the person named last
            subject = self._subject_of_its_gender(token)
            return ActorRef(subject.id, subject.name, via="pronoun") if subject is not None else None
        return None

    def _subject_of_its_gender(self, pronoun: Token) -> Entity | None:
        """The last named subject, unless the pronoun's gender rules it out ("she" after a man
        the text marks as one, "he" after a company, "it" after a person): then, for "he",
        "she", « il », « elle », the last one named in this or the previous sentence it may stand
        for, else nobody ("Halvard Industries hired Mr Paul Grant. He will lead…" → Paul Grant)."""
        if pronoun_fits(pronoun.lower_, self.last_subject):
            return self.last_subject
        if pronoun.lower_ not in PRONOUN_GENDERS:
            return None  # "it": most often a thing, or nothing ("it is time to…")
        namesake = self._person_named_as(self.last_subject)
        if namesake is not None and pronoun_fits(pronoun.lower_, namesake):
            return namesake
        named = self._people_named_before(pronoun, organisations=True)
        return next((e for e in reversed(named) if pronoun_fits(pronoun.lower_, e)), None)

    def entity_below(self, token: Token) -> Entity | None:
        """An entity in apposition or flat with a noun ("le dirigeant nord-coréen Kim Jong-un"):
        the first, breadth first, among its dependents and theirs (found once per word)."""
        if token.i not in self._below:
            self._below[token.i] = self._entity_below(token)
        return self._below[token.i]

    def _entity_below(self, token: Token) -> Entity | None:
        own = int(self.by_token[token.i] is not None)
        if self._entities_within(token) == own:
            return None  # no entity below the token at all
        if self.pos_ids[token.i] == NOUN and (lemma(token) in self.roles or lemma(token) in self.org_nouns):
            holder = self._holder_after_complement(token)
            if holder is not None:
                return holder
        frontier = [token]
        for _ in range(2):
            next_frontier: list[Token] = []
            for node in frontier:
                # an apposition is the noun itself; a name modifying it may be another's ("one
                # Norvex customer, Halvard Industries", "un député LREM, Paul Morel")
                for child in sorted(children(node), key=lambda c: c.dep_ != "appos"):
                    if child.dep_ in _BELOW_NAME_DEPS and (
                        not any(c.dep_ == "case" for c in children(child)) or child.dep_ == "appos"
                    ) and child.pos_ not in ("VERB", "AUX"):
                        entity = self.entity_at(child)
                        if entity is not None:
                            return entity
                        if self._entities_within(child):  # else nothing to find below it
                            next_frontier.append(child)
            frontier = next_frontier
        return None

    def _holder_after_complement(self, role: Token) -> Entity | None:
        """The person holding a role, named after the role's "de/of" complement, where the
        parser hangs the name on the complement ("le ministre de l'Intérieur Gérald Darmanin",
        "the chief executive of Boeing, Dave Calhoun"): a person only, never a name the
        complement itself takes with a preposition ("pays d'Asie centrale").  Likewise the
        organisation an organisation noun names after its complement ("l'agence de notation
        Fitch", "le cabinet d'avocats Norvex"), when the complement is a common noun that names
        nobody of its own."""
        if lemma(role) not in self.roles:
            return self._organisation_after_complement(role)
        for child in children(role):
            if child.i < role.i:
                continue
            complement = child
            if child.dep_ == "prep" and child.lower_ == "of":
                complement = next((c for c in children(child) if c.dep_ == "pobj"), child)
            elif not (child.dep_ == "nmod" and preposition(child) in OF_PREPS):
                continue
            own = self.entity_at(complement)
            if own is not None and own.type == "PER":
                return None  # "le ministre de Gérald Darmanin": the complement is the person
            for name in children(complement):
                entity = self.entity_at(name)
                if name.i > complement.i and name.dep_ in ("appos", "flat", "flat:name", "nmod", "compound") \
                        and not any(c.dep_ == "case" for c in children(name)) \
                        and entity is not None and entity.type == "PER":
                    return entity
        return None

    def _organisation_after_complement(self, noun: Token) -> Entity | None:
        for child in children(noun):
            if child.i < noun.i or not (child.dep_ == "nmod" and preposition(child) in OF_PREPS) \
                    or child.pos_ != "NOUN" or self.entity_at(child) is not None:
                continue
            for name in children(child):
                entity = self.entity_at(name)
                if name.i == child.i + 1 and name.dep_ in _NAME_AFTER_COMPLEMENT_DEPS \
                        and not any(c.dep_ == "case" for c in children(name)) \
                        and entity is not None and entity.type == "ORG":
                    return entity
        return None

    def _entities_within(self, token: Token) -> int:
        """How many tokens of the token's subtree span belong to an entity."""
        return self._entities_before[token.right_edge.i + 1] - self._entities_before[token.left_edge.i]

    def is_group(self, token: Token) -> bool:
        """A human group noun ("la police", "responsables", "Palestinians"), found once per word."""
        known = self._is_group.get(token.i)
        if known is None:
            known = self._is_group[token.i] = self._group_noun(token)
        return known

    def _group_noun(self, token: Token) -> bool:
        if token.ent_type_ == "NORP" and "Plur" in feature(token, "Number"):
            return True  # "Palestinians", "Israelis"
        return (lemma(token) if self.pos_ids[token.i] == NOUN else token.lower_) in self.group_nouns

    def _described_as(self, token: Token) -> Entity | None:
        """The person the article describes with this role ("la secrétaire générale de Norvex",
        told earlier as "Claire Roux, secrétaire générale du syndicat")."""
        if not self.described or lemma(token) not in self.roles:
            return None
        start = token.left_edge.i
        while start < token.i and self.doc[start].dep_ == "det":
            start += 1
        phrase = normal(self.doc[start : token.right_edge.i + 1].text)
        for description, entity in self.described.items():
            if phrase == description or phrase.startswith(description + " "):
                return entity
        return None


def _entities_by_token(doc: Doc, entities: list[Entity]) -> list[Entity | None]:
    by_token: list[Entity | None] = [None] * len(doc)
    for entity in entities:
        for mention in entity.mentions:
            span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is not None:
                by_token[span.start : span.end] = [entity] * len(span)
    return by_token


def _definite_singular(noun: Token) -> bool:
    """A singular noun with a definite or demonstrative determiner ("the group", « cette
    société »), not "a group", "the companies", "their party"."""
    if "Plur" in feature(noun, "Number") or noun.tag_ in ("NNS", "NNPS"):
        return False
    return any(c.dep_ == "det" and ("Def" in feature(c, "Definite") or "Dem" in feature(c, "PronType"))
               for c in children(noun))


def _argument_of(word: Token, above: set[int]) -> bool:
    """The word heads (or is a name part of) a subject or object of a verb of ``above`` (the
    words above the noun), not the name the noun is in apposition to."""
    while word.dep_ in ("flat", "flat:name", "compound") and word.head.i != word.i:
        word = word.head
    return word.i not in above and word.head.i in above and word.dep_ in (
        *SUBJECTS, *PASSIVE_SUBJECTS, *_ADDRESSEES)


def _common_noun_forms(token: Token) -> set[str]:
    """A lower-case word's lemma and form, whatever tag the parser gave it (« parti », taken for
    a participle of *partir*), or nothing for a capitalised one."""
    return {lemma(token), token.lower_} if token.text[:1].islower() and token.is_alpha else set()


def _indefinite_or_possessed(noun: Token) -> bool:
    """A noun with an indefinite or a possessive determiner ("a company", "her company",
    « une société », « sa société »)."""
    return any(c.dep_ in ("det", "poss", "nmod:poss")
               and ("Ind" in feature(c, "Definite") or "Yes" in feature(c, "Poss")) for c in children(noun))


def _relative_antecedent(token: Token) -> Token | None:
    """The noun a relative pronoun stands for ("les dirigeants qui doivent se réunir")."""
    if token.lower_ in RELATIVE_PRONOUNS and token.pos_ == "PRON" \
            and token.head.dep_ in RELATIVE_CLAUSES and token.head.head.pos_ in ("NOUN", "PROPN"):
        return token.head.head
    return None


def _descriptions(entities: list[Entity]) -> dict[str, Entity]:
    """Descriptor → the one person it describes (descriptors shared by two persons are left out)."""
    found: dict[str, Entity | None] = {}
    for entity in entities:
        if entity.type != "PER":
            continue
        for descriptor in entity.descriptors:
            key = normal(descriptor)
            if key:
                found[key] = entity if found.get(key, entity) is entity else None
    return {k: v for k, v in sorted(found.items(), key=lambda kv: -len(kv[0])) if v is not None}


@cache
def group_nouns(lang: str) -> frozenset[str]:
    """The nouns that name a human group: organisations, roles, group anaphors, actor sectors."""
    return (word_list("org_nouns", lang) | word_list("roles", lang) | word_list("group_anaphors", lang)
            | frozenset(actor_sectors(lang)))


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
        for child in children(token):
            if child.dep_ in ("nmod", "prep") and child.i > token.i and child.right_edge.i - token.i <= 4 \
                    and (preposition(child) in OF_PREPS or child.lower_ == "of"):
                words += [t for t in child.subtree if t.dep_ not in ("punct",)]
                break
    words.sort(key=lambda t: t.i)
    return " ".join("".join(t.text_with_ws for t in words).split())


def found_as(refs: list[ActorRef], how: str) -> list[ActorRef]:
    """The references marked as found ``how`` (``ActorRef.via``), unless already marked: a
    pronoun's referent stays one wherever the pronoun stands."""
    return [ref if ref.via else ActorRef(ref.entity_id, ref.name, via=how) for ref in refs]


def unique_refs(refs: list[ActorRef]) -> list[ActorRef]:
    """The references with each name once, first kept."""
    seen: set[str] = set()
    kept = []
    for ref in refs:
        if ref.name not in seen:
            seen.add(ref.name)
            kept.append(ref)
    return kept


def _acts(token: Token) -> bool:
    """A subject, or a passive's agent (« par X », "by X")."""
    return token.dep_ in SUBJECTS or token.dep_ == "obl:agent" \
        or (token.dep_ == "pobj" and token.head.dep_ == "agent")
