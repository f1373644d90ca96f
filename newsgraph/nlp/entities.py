"""Entities of one article: clean spaCy's mentions, fix types, and give each a canonical name.

Steps (each a small function):

1. :func:`collect_mentions` — spaCy entities mapped to PER/ORG/LOC/MISC, spans cleaned:
   no entity across a line break, elided articles and determiners stripped ("l'OTAN" →
   "OTAN"), honorifics and titles moved out of person names ("Mme Binet" → "Binet",
   gender f), time words and possessives trimmed, junk dropped.
2. :func:`fix_types` — typographic evidence beats the statistical label: photo credits
   ("(Name/Agency via Agency)"), "City, Province" datelines, organisation nouns before
   or in apposition to a name ("le cabinet Dentons").
3. :func:`cluster_mentions` — in-article canonical names: a short mention ("Poutine",
   "Kim", "Pardo") joins the full name that contains it ("Vladimir Poutine", "Kim Jong-un",
   "Ramon Pacheco Pardo"); an ambiguous one joins the most recently mentioned candidate.
   Acronyms given in parentheses become aliases ("Organisation des Nations unies (ONU)").
4. :func:`find_descriptors` — appositions and pre-name titles ("Nina Khrouchtcheva,
   professeur d'affaires internationales…", "le président russe Vladimir Poutine").
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import ClassVar, Literal, cast

from spacy.attrs import IS_ALPHA, IS_LOWER, ORTH
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from newsgraph.model import Entity, EntityType, Mention, content_id
from newsgraph.names import PARTICLES
from newsgraph.nlp.component import Component, article_of, text_of, token_indices
from newsgraph.nlp.datelines import bare_dateline_places, usual_case
from newsgraph.nlp.entities_types import (
    is_demonym,
    is_lone_common_noun,
    media_title,
    org_heads,
    place_abbreviations,
    type_from_name,
)
from newsgraph.nlp.gender import (
    Evidence,
    agreement_evidence,
    apposition_noun,
    decide,
    evidence_of,
    honorific_evidence,
    kinship_evidence,
    role_evidence,
)
from newsgraph.nlp.lexicon import word_list
from newsgraph.nlp.models import feature, lemma, load_model, per_doc
from newsgraph.text import fold

LABELS: dict[str, EntityType] = {
    "PER": "PER",
    "PERSON": "PER",
    "ORG": "ORG",
    "LOC": "LOC",
    "GPE": "LOC",
    "FAC": "LOC",
    "MISC": "MISC",
    "NORP": "MISC",
    "EVENT": "MISC",
    "WORK_OF_ART": "MISC",
    "LAW": "MISC",
    "PRODUCT": "MISC",
    "LANGUAGE": "MISC",
}
Gender = Literal["f", "m", "unknown"]

_ELISION = re.compile(r"^(?:[ldjnsmtc]|qu|jusqu|lorsqu|puisqu)['’]", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['’]s$")
_QUOTE_MARK = re.compile(r'[«»“”„"]')
_INNER_POSSESSIVE = re.compile(r"['’]s(?=$|\s)")
_EDGE_JUNK = " \t\n\r.,;:!?«»\"“”‘’'()[]{}-–—/|*•"
# A photo credit closing a caption: "(Name/Agency via Agency)", "(Name, Agency, A/B)".
_CREDIT = re.compile(r"\(([^()\n]{2,160}?(?:/| via )[^()\n]{1,160}?)\)[ .]*$", re.MULTILINE)
_HEADING_SEPARATORS = {"|", "l", ":", "–", "-", "—", "•"}
# A French imperative joined to its pronoun ("Abonnez-vous", "Suivez-nous", "Dites-le"): a
# verb, whatever the capital; "Aix-en-Provence" goes on after the pronoun-like part.
_IMPERATIVE_PRONOUN = {
    "fr": re.compile(r"[-‐](?:vous|nous|moi|toi|le|la|les|lui|leur|en|y)(?![\w'’-])"),
}


@dataclass(slots=True)
class Candidate:
    """A cleaned mention before clustering."""

    start: int
    end: int
    text: str
    type: EntityType
    gender: Gender = "unknown"
    title: str | None = None  # a title stripped from the front of a person's name
    canonical: str | None = None  # the full name an abbreviation stands for ("Ont." → "Ontario")

    @property
    def words(self) -> list[str]:
        return self.text.split()


@dataclass(slots=True)
class Cluster:
    type_votes: Counter[str] = field(default_factory=Counter)
    mentions: list[Candidate] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        """The full name an abbreviation stands for, else the fullest name: most words, then
        longest, then first mentioned."""
        expanded = next((m.canonical for m in self.mentions if m.canonical), None)
        if expanded:
            return expanded
        best = max(
            enumerate(self.mentions),
            key=lambda im: (len(im[1].words), len(im[1].text), -im[0]),
        )
        return best[1].text

    @property
    def type(self) -> EntityType:
        """The most voted type; MISC, the recogniser's "something else", counts half and
        loses ties ("CBC" once MISC, once ORG in a photo credit, is an organisation)."""
        weights = {t: n / 2 if t == "MISC" else n for t, n in self.type_votes.items()}
        return cast(EntityType, max(weights, key=lambda t: (weights[t], t != "MISC")))


class EntityComponent(Component):
    """Fills ``article.entities`` with in-article entities and their canonical names."""

    name: ClassVar[str] = "entities"
    reads: ClassVar[frozenset[str]] = frozenset(
        {"doc.ents", "doc.sents", "token.pos", "token.dep", "token.morph"}
    )
    writes: ClassVar[frozenset[str]] = frozenset({"article.entities"})

    def __call__(self, doc: Doc) -> Doc:
        article = article_of(doc)
        doc._.gender_evidence = {}
        candidates = collect_mentions(doc)
        fix_types(doc, candidates)
        candidates += surname_mentions(doc, candidates)
        clusters = cluster_mentions(candidates, doc=doc)
        entities = build_entities(doc, clusters, article_id=article.id)
        people = {e.id for e in entities if e.type == "PER"}
        article.entities = _join_namesakes(
            [_lowercase_word_retyped(_unevidenced_person_retyped(e)) for e in entities], people)
        return doc


# Lowercase words a person's name may hold besides the surname particles of resolution.
_NAME_PARTICLES = PARTICLES | {"d", "des", "ben", "ibn", "bint", "y", "e", "ten", "ter", "zu", "af", "ould"}


def _lowercase_word_retyped(entity: Entity) -> Entity:
    """A "person" whose name holds a word in lower case that is no particle ("Bix a beel",
    words of another language) is no person: MISC, unless the text describes or genders
    it.  Particles, also joined by a hyphen or an apostrophe, are kept: "Charles de
    Gaulle", "Bachar al-Assad", "Valéry Giscard d'Estaing"."""
    if entity.type != "PER" or entity.descriptors or entity.gender != "unknown":
        return entity
    for word in entity.name.split()[1:]:
        head = re.split(r"[-'’]", word, maxsplit=1)[0]
        if word[:1].islower() and head.casefold() not in _NAME_PARTICLES:
            entity.type = "MISC"
            break
    return entity


def _join_namesakes(entities: list[Entity], people: set[str]) -> list[Entity]:
    """A "person" retyped MISC joins the one organisation, place or other entity of the
    article with its name ("Le média en ligne Brefinfo … déplore Brefinfo": one
    organisation), instead of standing beside it."""
    by_key: dict[str, list[Entity]] = {}
    for entity in entities:
        if entity.id not in people:
            by_key.setdefault(name_key(entity.name), []).append(entity)
    kept: list[Entity] = []
    for entity in entities:
        if entity.id in people and entity.type == "MISC":
            others = [e for e in by_key.get(name_key(entity.name), []) if e is not entity]
            if len(others) == 1:
                others[0].mentions = sorted([*others[0].mentions, *entity.mentions],
                                            key=lambda m: m.start)
                continue
        kept.append(entity)
    return kept


def _unevidenced_person_retyped(entity: Entity) -> Entity:
    """A one-word "person" named once, with no title, description or marked gender, is
    most often a brand, a place or a capitalised word the recogniser misread ("Twitter",
    "Matignon", "Turnout"): it stays an entity, typed MISC, but is no person."""
    if entity.type != "PER" or len(entity.name.split()) > 1 or len(entity.mentions) > 1:
        return entity
    if entity.descriptors or entity.gender != "unknown" or _compound_surname(entity.name):
        return entity
    entity.type = "MISC"
    return entity


def _compound_surname(name: str) -> bool:
    """"Viollet-Le-Duc", "Zitt-James": capitalised parts joined by hyphens, the shape of a
    compound surname rather than of a brand or a common word."""
    parts = name.split("-")
    return len(parts) > 1 and all(len(p) > 1 and p[0].isupper() and p[1:].islower() for p in parts)


# -- 1. collecting and cleaning ------------------------------------------------------


def collect_mentions(doc: Doc) -> list[Candidate]:
    lang = doc.lang_
    headings = heading_ranges(text_of(doc))
    candidates: list[Candidate] = []
    for ent in doc.ents:
        etype = LABELS.get(ent.label_)
        if etype is None:
            continue
        candidate = clean_span(ent, etype, lang)
        if candidate is None or _inside(candidate, headings):
            continue
        if candidates and candidate.start < candidates[-1].end:
            continue  # "Abeba" after "Addis", which ran on over the hyphen: one name
        for part in _split_agency_before_name(text_of(doc), candidate):
            candidates += _split_affiliation_after_name(part, lang)
    candidates = _titles_before_names(text_of(doc), lang, candidates)
    _join_name_forming_words(doc, candidates)
    _police_forces(doc, candidates)
    _strip_sentence_initial_determiners(doc, candidates)
    candidates = _without_common_words(doc, candidates)
    _join_left_out_first_names(doc, candidates)
    return candidates


_NOUN_AFTER = re.compile(r" ([^\W\d_]+)(?![\w-])")
_NOUN_DE_BEFORE = re.compile(r"(?<![\w-])([^\W\d_][\w-]*) (?:de |d['’])$")


def _police_forces(doc: Doc, candidates: list[Candidate]) -> None:
    """"Peel police", "Durham Police", « la police de Laval », « la police d'Ottawa »: a
    police force (``police_nouns``) named by the place it serves is an organisation, its
    name the place with the noun as the text writes them — English puts the place first,
    French after « de ».  The place name the recogniser typed a person, a place or
    something else ("Peel" PER, "Durham" LOC) is that organisation's, not an entity of its
    own.  A people's name ("French police", "Israeli police") names no place: left alone."""
    text = text_of(doc)
    lang = doc.lang_
    nouns = word_list("police_nouns", lang)
    starts = {c.start for c in candidates}
    ends = {c.end for c in candidates}
    for candidate in candidates if nouns else []:
        if (candidate.type == "PER" and len(candidate.words) > 1) or candidate.type == "ORG" or \
                is_demonym(candidate.text, lang):
            continue
        if lang == "en":
            after = _NOUN_AFTER.match(text, candidate.end)
            if after is None or after.group(1).casefold() not in nouns or after.start(1) in starts:
                continue
            candidate.end = after.end()
        else:
            before = _NOUN_DE_BEFORE.search(text, max(0, candidate.start - 40), candidate.start)
            if before is None or before.group(1).casefold() not in nouns or \
                    not before.group(1)[:1].islower() or before.start(1) in ends:
                continue
            candidate.start = before.start(1)
        candidate.text = text[candidate.start : candidate.end]
        candidate.type = "ORG"


def _join_name_forming_words(doc: Doc, candidates: list[Candidate]) -> None:
    """« l'État islamique », « le Conseil constitutionnel », « l'Église catholique », "the
    Islamic State": where the recogniser kept only part of a name made of a common noun
    and an adjective, the name runs on over the rest.

    French writes the proper name of an institution with a capital on its first noun and
    the adjective after it in lower case (« l'Armée rouge », « l'Assemblée nationale »): a
    capitalised noun heading institutions' names (``lone_common_nouns``, ``org_heads``),
    after a determiner or a noun, takes the lowercase adjectives right after it that agree
    with it (:func:`_name_forming_adjectives`); not as the bare complement of a noun (« un
    coup d'État militaire »: the adjective qualifies "coup"), nor when a complement follows
    (« du Conseil canadien de la magistrature »: the name goes on further than can be seen,
    unless the article writes it in full elsewhere, and then it is that name).  English
    writes the adjective first, both capitalised: a one-word adjective ("Islamic",
    "Catholic"; not a nationality) takes the capitalised noun after it when that noun heads
    institutions' names (State, Church, Army, Party).  A capitalised common noun with
    adjectives only names an institution, so the name is an organisation unless its words
    say otherwise (``state_nouns``: « République tchèque » keeps the recogniser's place)."""
    text = text_of(doc)
    lang = doc.lang_
    if lang != "en":
        candidates += _names_after_organisation_nouns(doc, candidates)
        candidates.sort(key=lambda c: c.start)
    starts = sorted(c.start for c in candidates)
    names = sorted({c.text for c in candidates if c.type != "PER"}, key=len, reverse=True)
    for candidate in candidates:
        span = doc.char_span(candidate.start, candidate.end)
        if span is None or candidate.type == "PER":
            continue
        full = _written_in_full(text, candidate, names) if lang != "en" else None
        if full is not None:
            end = candidate.start + len(full)
        else:
            words = _english_name_noun(doc, span) if lang == "en" else _name_forming_adjectives(doc, span)
            end = words[-1].idx + len(words[-1].text) if words else candidate.end
        following = starts[bisect_right(starts, candidate.start):]
        if end > candidate.end and not (following and following[0] < end):
            candidate.end = end
            candidate.text = text[candidate.start : end]
        noun = _institution_noun(doc, candidate)
        if noun is None:
            continue
        retyped = type_from_name(candidate.text, candidate.type, lang)
        if retyped is not None:
            candidate.type = retyped
        elif noun.lower_ not in word_list("state_nouns", lang):
            candidate.type = "ORG"


def _written_in_full(text: str, candidate: Candidate, names: list[str]) -> str | None:
    """« du Conseil canadien de la magistrature » where the recogniser kept "Conseil": the
    longer name of the article that the text at the mention spells out, word for word."""
    for name in names:
        if len(name) > len(candidate.text) and name.startswith(candidate.text + " ") and \
                text.startswith(name, candidate.start) and \
                not text[candidate.start + len(name) : candidate.start + len(name) + 1].isalnum():
            return name
    return None


def _institution_noun(doc: Doc, candidate: Candidate) -> Token | None:
    """The noun of a name made of a capitalised common noun of ``lone_common_nouns`` and
    adjectives only (« État islamique », « État français », "Islamic State"), else None."""
    span = doc.char_span(candidate.start, candidate.end)
    if span is None or len(span) < 2:
        return None
    if doc.lang_ == "en":
        noun, adjectives = span[-1], list(span[:-1])
        shaped = all(t.is_title for t in adjectives)
    else:
        noun, adjectives = span[0], list(span[1:])
        shaped = all(t.pos_ == "ADJ" and t.text[:1].islower() for t in adjectives)
    return noun if shaped and is_lone_common_noun(noun.text, doc.lang_) else None


def _names_after_organisation_nouns(doc: Doc, candidates: list[Candidate]) -> list[Candidate]:
    """« l'organisation État islamique », « le groupe État islamique »: after a lowercase
    organisation noun (``org_nouns``), a capitalised common noun and its adjectives the
    recogniser left out are the organisation's name."""
    org_nouns = word_list("org_nouns", doc.lang_)
    covered = [(c.start, c.end) for c in candidates]
    found: list[Candidate] = []
    for index in token_indices(doc, lower=org_nouns):  # the nouns only, read from the arrays
        if index + 1 >= len(doc):
            continue
        token, noun = doc[index], doc[index + 1]
        if not token.text[:1].islower() or any(start <= noun.idx < end for start, end in covered):
            continue
        span = doc[noun.i : noun.i + 1]
        adjectives = _name_forming_adjectives(doc, span)
        if adjectives and is_lone_common_noun(noun.text, doc.lang_):
            end = adjectives[-1].idx + len(adjectives[-1].text)
            found.append(Candidate(noun.idx, end, text_of(doc)[noun.idx : end], "ORG"))
    return found


def _name_forming_adjectives(doc: Doc, span: Span) -> list[Token]:
    """The lowercase adjectives right after a French name ending on a capitalised noun that
    heads institutions' names, which are part of the name (see
    :func:`_join_name_forming_words`)."""
    noun = span[-1]
    if not _capitalised_common_noun(noun, doc.lang_) or noun.is_sent_start or noun.i == 0:
        return []
    before = doc[noun.i - 1]
    if noun.i == span.start and (before.lower_ in {"de", "d'", "d’"} or before.pos_ not in {"DET", "NOUN"}):
        return []  # « coup d'État militaire », « chef d'État africain », "… i Missile balistique"
    found: list[Token] = []
    i = span.end
    while i < len(doc) and len(found) < 2:
        adjective = doc[i]
        if not doc[i - 1].whitespace_ or "\n" in doc[i - 1].whitespace_ or adjective.pos_ != "ADJ" or \
                not adjective.text[:1].islower() or "Part" in feature(adjective, "VerbForm") or \
                not _agrees(noun, adjective):
            break  # « chefs d'État africains », « ministère de la Défense israélien »
        found.append(adjective)
        i += 1
    if found and i < len(doc) and doc[i].lower_ in {"de", "d'", "d’", "du", "des"}:
        return []  # « Comité organisateur des Jeux… »: the name goes on further than we see
    return found


def _agrees(noun: Token, adjective: Token) -> bool:
    """The adjective's number and gender, where the parse gives both, are the noun's."""
    for field_name in ("Number", "Gender"):
        mine, its = noun.morph.get(field_name, []), adjective.morph.get(field_name, [])
        if mine and its and mine != its:
            return False
    return True


def _english_name_noun(doc: Doc, span: Span) -> list[Token]:
    """"Islamic" + "State": the capitalised noun after a one-word capitalised adjective (not
    a nationality) that heads institutions' names (``lone_common_nouns``, ``org_heads``)."""
    if len(span) != 1 or span.end >= len(doc) or not span[0].whitespace_ or is_demonym(span.text, "en"):
        return []  # a nationality describes: "Chinese State media"
    noun = doc[span.end]
    if not noun.is_title or noun.pos_ not in {"NOUN", "PROPN"} or "\n" in span[0].whitespace_:
        return []
    first, last = org_heads("en")
    word = noun.lower_
    if not (is_lone_common_noun(word, "en") or word in first or word in last):
        return []
    after = doc[noun.i + 1] if noun.i + 1 < len(doc) else None
    if after is not None and after.is_title and after.pos_ == "PROPN":
        return []  # "Conservative Party Leader …": a longer name the recogniser cut elsewhere
    return [noun]


def _capitalised_common_noun(token: Token, lang: str) -> bool:
    """A capitalised noun that heads institutions' names (``lone_common_nouns``: État,
    Église; ``org_heads``: Conseil, Assemblée): its capital marks a proper name."""
    first, _ = org_heads(lang)
    return token.is_title and (is_lone_common_noun(token.text, lang) or token.lower_ in first)


def _join_left_out_first_names(doc: Doc, candidates: list[Candidate]) -> None:
    """"Pouria Amirshahi, député socialiste…" where the recogniser kept only the surname
    (and typed it ORG): a capitalised proper noun right before a one-word name, in no
    mention and never written in lower case, joins it when an apposition describes a person
    after it (a role or person noun: "député", "présidente"); the name is a person's."""
    starts = {c.start for c in candidates}
    lower = lower_case_word_ids(doc)
    for candidate in candidates:
        if len(candidate.words) != 1 or candidate.type == "LOC":
            continue
        span = doc.char_span(candidate.start, candidate.end)
        if span is None or span.start == 0:
            continue
        first = doc[span.start - 1]
        if first.pos_ != "PROPN" or not first.is_title or not first.whitespace_ or \
                first.idx in starts or get_string_id(first.lower_) in lower or \
                not _described_as_a_person(doc, span):
            continue
        candidate.start, candidate.text, candidate.type = first.idx, f"{first.text} {candidate.text}", "PER"


def _described_as_a_person(doc: Doc, span: Span) -> bool:
    """``X, député socialiste…`` / ``X, la présidente…``: a role or person noun in apposition."""
    noun = apposition_noun(doc, span)
    return noun is not None and _is_role_noun(noun, doc.lang_)


_AGENCY_THEN_NAME = re.compile(r"^([A-Z]{2,6})\s+((?:[A-ZÀ-Ý][\w’'-]+\s+){1,2}[A-ZÀ-Ý][\w’'-]+)$")
_TOLD_TO = re.compile(r"(?:\bà\s+l['’]|\bto\s+(?:the\s+)?)$", re.IGNORECASE)


def _split_agency_before_name(text: str, candidate: Candidate) -> list[Candidate]:
    """"a déclaré à l'AFP Fauzia Moslem, présidente…" / "said to AP Jane Doe": after "à l'" or
    "to", the recogniser runs the acronym of whom it was said to and the speaker's name
    after it into one organisation.  There, an acronym followed by two or three
    capitalised words (none in capitals) is the organisation, then a person."""
    match = _AGENCY_THEN_NAME.match(candidate.text)
    if match is None or candidate.type == "LOC" or any(
            w.isupper() for w in match.group(2).split()) or \
            not _TOLD_TO.search(text[max(0, candidate.start - 12) : candidate.start]):
        return [candidate]
    name_start = candidate.start + match.start(2)
    return [Candidate(candidate.start, candidate.start + len(match.group(1)), match.group(1), "ORG"),
            Candidate(name_start, candidate.end, match.group(2), "PER")]


# "Alexandra Olgin of South Carolina Public Radio": two to four capitalised words, " of ",
# then capitalised words (maybe after "the").
_NAME_OF_AFFILIATION = re.compile(
    r"^((?:[A-Z][\w’'.-]+ ){1,3}[A-Z][\w’'.-]+) of "
    r"((?:the )?[A-Z][\w’'.&-]*(?: (?:of |and |for |the )?[A-Z][\w’'.&-]*)*)$"
)


def _split_affiliation_after_name(candidate: Candidate, lang: str) -> list[Candidate]:
    """English: the recogniser runs a person's name and the organisation they are "of" into
    one name, a person or an organisation ("reported Alexandra Olgin of South Carolina Public
    Radio").  Two words or more, " of " and capitalised words are a person, then the
    organisation (or place), when the recogniser reads the words before "of", alone, as a
    person: "Royal Bank of Canada" and "Federal Reserve Bank of New York" stay one
    organisation, "Catherine of Aragon" (one word) one name."""
    match = _NAME_OF_AFFILIATION.match(candidate.text) if lang == "en" and candidate.type in ("PER", "ORG") \
        else None
    if match is None or _read_alone(match.group(1), lang) != "PER":
        return [candidate]
    name, affiliation = match.group(1), match.group(2)
    start = candidate.start + match.start(2)
    if affiliation.startswith("the "):
        affiliation, start = affiliation[4:], start + 4
    kind = _read_alone(affiliation, lang)
    return [Candidate(candidate.start, candidate.start + len(name), name, "PER"),
            Candidate(start, candidate.end, affiliation, kind if kind in ("ORG", "LOC") else "ORG")]


def _read_alone(words: str, lang: str) -> EntityType | None:
    """The type the recogniser gives ``words`` read alone, when it reads them as one entity."""
    whole = [LABELS.get(ent.label_) for ent in load_model(lang)(words).ents
             if ent.start_char == 0 and ent.end_char == len(words)]
    return whole[0] if whole else None


def _without_common_words(doc: Doc, candidates: list[Candidate]) -> list[Candidate]:
    """A single capitalised word the article also writes in lower case is a common word the
    recogniser took for a name ("Menace", "Défense", a damaged "… i Missile balistique"):
    names are not written in lower case in edited text.  Persons and acronyms are kept."""
    lower = lower_case_word_ids(doc)

    def written_lower(word: str) -> bool:
        return get_string_id(word) in lower

    kept = []
    for candidate in candidates:
        word = candidate.text
        if candidate.type != "PER" and len(candidate.words) == 1 and not word.isupper():
            folded = word.casefold()
            if written_lower(folded) or written_lower(folded + "s") or (
                folded.endswith("s") and written_lower(folded[:-1])
            ):
                continue
        kept.append(candidate)
    return kept


@per_doc
def lower_case_word_ids(doc: Doc) -> frozenset[int]:
    """The string ids (:func:`spacy.strings.get_string_id`) of the words of ``doc`` written
    all in lower-case letters, read from the Doc's arrays (once per Doc: two rules ask)."""
    columns = doc.to_array([ORTH, IS_LOWER, IS_ALPHA])
    if not len(columns):
        return frozenset()
    return frozenset(columns[(columns[:, 1] == 1) & (columns[:, 2] == 1), 0].tolist())


def _strip_sentence_initial_determiners(doc: Doc, candidates: list[Candidate]) -> None:
    """"La Bolivie a voté…": a capitalised determiner opening the sentence is not part of the
    name — when the article also names it without one.  "Le Monde", "La Haye" keep theirs."""
    keys = {name_key(c.text) for c in candidates}
    for candidate in candidates:
        first, _, rest = candidate.text.partition(" ")
        if not rest or name_key(rest) not in keys:
            continue
        token = doc.char_span(candidate.start, candidate.start + len(first))
        if token is None or len(token) != 1 or token[0].pos_ != "DET" or not token[0].is_sent_start:
            continue
        candidate.start += len(first) + 1
        candidate.text = rest


def clean_span(ent: Span, etype: EntityType, lang: str) -> Candidate | None:
    """Trim a spaCy entity to the name it contains, or None when it is junk."""
    doc = ent.doc
    start, end = ent.start_char, ent.end_char
    text = text_of(doc)
    line_break = text.find("\n", start, end)
    if line_break != -1:
        end = line_break
    mark = _QUOTE_MARK.search(text, start + 1, end)
    if mark:  # a name never runs into a quotation: "La République en Marche ont «condamné"
        end = mark.start()
    end = _through_hyphenated_name(text, end)
    start, end = _strip_edges(text, start, end)
    elided = _ELISION.match(text[start:end])
    if elided and text[start + elided.end() : start + elided.end() + 1].isupper():
        start += elided.end()  # "l'Élysée", but "M’jid El Guerrab" is a name of its own
    start = _skip_leading_determiners(doc, start, end)
    if etype != "PER":  # "président de la République" is a role, not a person named République
        start = _skip_leading_common_nouns(doc, start, end)
    start, end = _strip_edges(text, start, end)
    possessive = (_INNER_POSSESSIVE if etype == "PER" else _POSSESSIVE).search(text[start:end])
    if possessive:  # a person's name never goes on past a possessive ("Walker's seat")
        end = start + possessive.start()
    end = _strip_trailing_time_words(text, start, end, lang)
    if etype != "PER":  # "Conseil d'État et de la", "La République en Marche ont condamné"
        if text[start:end].rstrip().endswith(("&", "+")):
            return None  # "Pertes &" of « Pertes & profits »: a name cut in its middle
        start, end = _strip_edges(text, start, _cut_at_finite_verb(doc, start, end))
        end = _strip_trailing_function_words(doc, start, end)
        end = _cut_disagreeing_adjectives(doc, start, end)
    imperative = _IMPERATIVE_PRONOUN.get(lang)
    if imperative is not None and imperative.match(text, end):
        return None  # "Abonnez-vous à l'infolettre": a verb, not a place named "Abonnez"
    candidate = Candidate(start, end, text[start:end], etype)
    if etype == "MISC" and _titled_name(candidate.words, lang):
        candidate.type = etype = "PER"  # "Constable Sarah Patton" read as a work's title
    if etype == "PER":
        _strip_person_prefixes(candidate, lang)
        if _is_acronym(candidate.text):
            candidate.type = "ORG"  # "KTRK", "HCSO": an acronym names an organisation
    return candidate if _is_name(candidate) else None


_HYPHENATED_PART = re.compile(r"[-‐][A-ZÀ-Ý][\w’']*")


def _through_hyphenated_name(text: str, end: int) -> int:
    """A name never stops inside a hyphenated compound: the recogniser's "Sophie Taillé" of
    "Sophie Taillé-Polian" runs on over every hyphen joined to a capitalised part."""
    while (part := _HYPHENATED_PART.match(text, end)) is not None:
        end = part.end()
    return end


def _is_acronym(name: str) -> bool:
    letters = name.replace(".", "").replace("-", "")
    return " " not in name and len(letters) >= 2 and letters.isalpha() and letters.isupper()


def _strip_edges(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _EDGE_JUNK:
        start += 1
    while end > start and text[end - 1] in _EDGE_JUNK:
        end -= 1
    return start, end


def _skip_leading_determiners(doc: Doc, start: int, end: int) -> int:
    """Skip lowercase determiners and prepositions at the front ("la", "the", "du")."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return start
    text = text_of(doc)
    for token in span:
        if token.idx < start:
            continue
        if token.pos_ in {"DET", "ADP"} and token.text[:1].islower():
            start = token.idx + len(token.text)
            while start < end and text[start].isspace():
                start += 1
            continue
        break
    return start


def _skip_leading_common_nouns(doc: Doc, start: int, end: int) -> int:
    """"cosmodrome de Vostochny" → "Vostochny": lowercase nouns (and the "de" after them)
    before a capitalised name describe it; particles alone ("de Gaulle") are kept.  An
    organisation noun with its complement is the organisation's name ("ministère de
    l'Intérieur", "commission des lois"); in apposition it is not ("le cabinet Dentons")."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return start
    leading = [t for t in span if t.idx >= start]
    first_heads, _ = org_heads(doc.lang_)
    if len(leading) > 1 and leading[0].lower_ in first_heads and leading[1].pos_ == "ADP":
        return start
    i = 0
    while i < len(leading) and leading[i].text[:1].islower() and _describes_a_name(leading[i]):
        i += 1
    if i == 0 or i == len(leading) or not any(_common_noun(t) for t in leading[:i]):
        return start
    if not leading[i].text[:1].isupper():
        return start
    if len(leading) == i + 1 and (leading[i].pos_ == "ADJ" or is_demonym(leading[i].text, doc.lang_)):
        return start  # "océan Indien", "mer Noire": the capitalised adjective needs its noun
    return leading[i].idx


def _describes_a_name(token: Token) -> bool:
    """A lowercase word that may describe the name after it: a common noun, an adjective, a
    preposition or a determiner."""
    return token.pos_ in ("NOUN", "ADJ", "ADP", "DET") or _common_noun(token)


def _common_noun(token: Token) -> bool:
    """A common noun, also an organisation noun (``org_nouns``) the tagger read as a proper
    noun or a verb: « le parti HVM » ("parti" taken for a name, or for *partir*)."""
    if token.pos_ == "NOUN":
        return True
    return token.text[:1].islower() and token.lower_ in word_list("org_nouns", token.lang_)


_TRAILING_FUNCTION_POS = frozenset({"ADP", "DET", "CCONJ", "SCONJ", "PRON", "PART"})


def _cut_at_finite_verb(doc: Doc, start: int, end: int) -> int:
    """A name holds no conjugated verb in lower case: the span ends before the first one
    ("La République en Marche ont condamné" → "La République en Marche")."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return end
    for token in span[1:]:
        if start < token.idx < end and token.text[:1].islower() and token.pos_ in {"AUX", "VERB"} \
                and "Fin" in feature(token, "VerbForm"):
            return token.idx
    return end


def _strip_trailing_function_words(doc: Doc, start: int, end: int) -> int:
    """A name never ends on a lowercase function word or conjugated verb: what follows the
    name was swept into the span ("Conseil d'État et de la" → "Conseil d'État")."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return end
    text = text_of(doc)
    for token in reversed(span):
        if token.idx >= end or token.idx < start:
            continue
        finite = token.pos_ in {"AUX", "VERB"} and "Fin" in feature(token, "VerbForm")
        lowercase_function = token.text[:1].islower() and (token.pos_ in _TRAILING_FUNCTION_POS or finite)
        if not lowercase_function or token.i == span.start:
            break
        end = token.idx
        while end > start and text[end - 1] in _EDGE_JUNK:
            end -= 1
    return end


def _cut_disagreeing_adjectives(doc: Doc, start: int, end: int) -> int:
    """« chefs d'État africains » → "État": a trailing lowercase adjective in the plural after
    a singular noun qualifies a noun before the name, not the name; the span ends before it.
    Only a singular noun counts ("Fonds monétaire international": "Fonds" may be read as a
    plural)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return end
    text = text_of(doc)
    inside = [t for t in span if start <= t.idx < end]
    first = len(inside)
    while first > 1 and inside[first - 1].pos_ == "ADJ" and inside[first - 1].text[:1].islower() and \
            inside[first - 1].morph.get("Number", []) == ["Plur"]:
        first -= 1
    noun = inside[first - 1] if 0 < first < len(inside) else None
    if noun is None or noun.pos_ not in {"NOUN", "PROPN"} or noun.morph.get("Number", []) != ["Sing"]:
        return end
    end = inside[first].idx
    while end > start and text[end - 1] in _EDGE_JUNK:
        end -= 1
    return end


def _strip_trailing_time_words(text: str, start: int, end: int, lang: str) -> int:
    time_words = word_list("time_words", lang)
    words = text[start:end].split()
    while len(words) > 1 and words[-1].casefold() in time_words:
        last = words.pop()
        end = text.rfind(last, start, end)
        while end > start and text[end - 1].isspace():
            end -= 1
    return end


def _strip_person_prefixes(candidate: Candidate, lang: str) -> None:
    """Move honorifics (gender evidence) and titles (descriptor) out of a person's name."""
    female, male = word_list("honorifics_f", lang), word_list("honorifics_m", lang)
    titles = word_list("titles", lang)
    words = candidate.words
    stripped: list[str] = []
    while len(words) > 1:
        word = words[0].casefold()
        if word in female or word.rstrip(".") in female:
            candidate.gender = "f"
        elif word in male or word.rstrip(".") in male:
            candidate.gender = "m"
        elif word in titles:
            stripped.append(words[0])
        else:
            break
        words = words[1:]
    if len(words) == len(candidate.words):
        return
    offset = candidate.text.find(words[0], sum(len(w) for w in stripped))
    offset = candidate.text.find(words[0]) if offset == -1 else offset
    candidate.start += offset
    candidate.text = candidate.text[offset:]
    if stripped:
        candidate.title = " ".join(stripped)


def _title_word(word: str, lang: str) -> str | None:
    """"f" or "m" for an honorific, "t" for a title ("Dr.", "Constable", "Lt.-Gen."), else None."""
    folded = word.casefold()
    if folded in word_list("honorifics_f", lang) or folded.rstrip(".") in word_list("honorifics_f", lang):
        return "f"
    if folded in word_list("honorifics_m", lang) or folded.rstrip(".") in word_list("honorifics_m", lang):
        return "m"
    titles = word_list("titles", lang)
    parts = folded.split("-")
    if all(p in titles or p.rstrip(".") in titles or f"{p}." in titles for p in parts if p):
        return "t"
    return None


def _titled_name(words: list[str], lang: str) -> bool:
    """"Constable Sarah Patton", "Mrs. Patton": titles or honorifics, then a person's name —
    at least two capitalised words after a title ("General Motors", "Premier League" are
    names of things), one after an honorific — none of them a title, a people's name, an
    organisation's head noun or a lone common noun."""
    kinds = []
    for word in words:
        kind = _title_word(word, lang)
        if kind is None:
            break
        kinds.append(kind)
    name = words[len(kinds):]
    if not kinds or not 1 <= len(name) <= 3 or (len(name) < 2 and set(kinds) == {"t"}):
        return False
    joined = " ".join(name)
    if not all(w[:1].isupper() and (any(ch.islower() for ch in w) or re.fullmatch(r"\w\.", w))
               for w in name):
        return False  # "Jane J. O'Brien", not "Constable SMITH"
    return not (is_demonym(joined, lang) or is_lone_common_noun(name[-1], lang) or
                type_from_name(joined, "PER", lang) is not None)


def _titles_before_names(text: str, lang: str, candidates: list[Candidate]) -> list[Candidate]:
    """"Rear Admiral" (typed ORG) before "Daniel Hagari", "Cpl" before "Dan Ross": a mention
    made only of titles, right before a person's name, is that person's title — no entity."""
    kept: list[Candidate] = []
    for i, candidate in enumerate(candidates):
        following = candidates[i + 1] if i + 1 < len(candidates) else None
        if following is not None and following.type == "PER" and \
                all(_title_word(w, lang) == "t" for w in candidate.words) and \
                _only_titles_between(text[candidate.end : following.start], lang):
            title = text[candidate.start : following.start].strip()
            following.title = f"{title} {following.title}" if following.title else title
            continue
        kept.append(candidate)
    return kept


def _only_titles_between(between: str, lang: str) -> bool:
    """Nothing but a period and title words between a title mention and a name: "Det. Const. "."""
    words = between.strip().lstrip(".").split()
    return len(between) <= 20 and "\n" not in between and all(_title_word(w, lang) == "t" for w in words)


def _is_name(candidate: Candidate) -> bool:
    text = candidate.text
    if len(text) < 2 or not any(ch.isalpha() for ch in text):
        return False
    if not any(ch.isupper() for ch in text):
        return False
    # A person's name starts with a capital: "président de la République" is a role.
    return not (candidate.type == "PER" and not text[0].isupper())


def heading_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges of capitalised line headings ("À REGARDER l …", "WATCH | …")."""
    ranges: list[tuple[int, int]] = []
    line_start = 0
    for line in text.split("\n"):
        words = line.split()
        run = 0
        for word in words:
            if word.isupper() and any(ch.isalpha() for ch in word):
                run += 1
            else:
                break
        follows = words[run] if run < len(words) else ""
        if run >= 2 or (run == 1 and follows in _HEADING_SEPARATORS):
            end = line_start + line.find(words[run - 1]) + len(words[run - 1])
            ranges.append((line_start, end))
        line_start += len(line) + 1
    return ranges


def _inside(candidate: Candidate, ranges: list[tuple[int, int]]) -> bool:
    return any(start <= candidate.start and candidate.end <= end for start, end in ranges)


# -- 2. fixing types from typographic and syntactic evidence ------------------------


def fix_types(doc: Doc, candidates: list[Candidate]) -> None:
    credits = credit_agency_ranges(text_of(doc))
    org_nouns = word_list("org_nouns", doc.lang_)
    for candidate in candidates:
        if _inside(candidate, credits):
            candidate.type = "ORG"
        elif candidate.type == "PER" and _after_place_and_comma(doc, candidate, candidates):
            candidate.type = "LOC"
        elif candidate.type != "ORG" and (
                _preceded_by_org_noun(doc, candidate, org_nouns) or _employer_of_a_job_noun(doc, candidate)):
            candidate.type = "ORG"
        elif candidate.type == "PER" and _after_locative_preposition(doc, candidate):
            candidate.type = "LOC"
        retyped = type_from_name(candidate.text, candidate.type, doc.lang_)
        if retyped is not None:
            candidate.type = retyped
        medium = media_title(candidate.text, text_of(doc)[max(0, candidate.start - 8) : candidate.start])
        if medium is not None:  # "pour CBC", "« Gains & pertes » du Monde"
            candidate.type = "ORG"
            candidate.canonical = medium if medium != candidate.text else candidate.canonical
        if candidate.type != "ORG" and _acting_acronym(doc, candidate):
            candidate.type = "ORG"
    _places_named_like_acting_people(doc, candidates)
    _dateline_places(doc, candidates)
    _bare_dateline_places(doc, candidates)


def _places_named_like_acting_people(doc: Doc, candidates: list[Candidate]) -> None:
    """"…du Mexique, Santos Tuz utilise TikTok", then "explique Santos": a "place" of two or
    three words whose first or last word is elsewhere a person's one-word name, and which
    is the subject of a verb, is that person."""
    lone_people = {c.text for c in candidates if c.type == "PER" and len(c.words) == 1}
    for candidate in candidates:
        words = candidate.words
        if candidate.type != "LOC" or not 2 <= len(words) <= 3 or not (
                words[0] in lone_people or words[-1] in lone_people):
            continue
        span = doc.char_span(candidate.start, candidate.end, alignment_mode="expand")
        if span is not None and span.root.dep_ in ("nsubj", "nsubj:pass", "nsubjpass") and \
                span.root.head.pos_ in ("VERB", "AUX"):
            candidate.type = "PER"
    for candidate in candidates:
        if candidate.type == "LOC" and 2 <= len(candidate.words) <= 4 and \
                _in_apposition_to_a_person_noun(doc, candidate):
            candidate.type = "PER"


def _in_apposition_to_a_person_noun(doc: Doc, candidate: Candidate) -> bool:
    """"…par un député LREM, M’jid El Guerrab": a name in apposition to a role or person
    noun names a person, whatever type the recogniser gave it."""
    span = doc.char_span(candidate.start, candidate.end, alignment_mode="expand")
    if span is None or span.start < 2 or doc[span.start - 1].text != ",":
        return False
    head = span.root.head
    return span.root.dep_ == "appos" and head.i < span.start and head.pos_ == "NOUN" and \
        _is_role_noun(head, doc.lang_)


def _acting_acronym(doc: Doc, candidate: Candidate) -> bool:
    """An acronym the recogniser left MISC that acts — the subject of a verb, the agent of
    a passive ("publié par CBC"), the one spoken with ("s'est entretenu avec CBC") — is an
    organisation; a weapon or a protocol named by an acronym does not act."""
    if candidate.type != "MISC" or not _is_acronym(candidate.text):
        return False
    span = doc.char_span(candidate.start, candidate.end)
    if span is None or len(span) != 1:
        return False
    token = span[0]
    if token.dep_ in {"nsubj", "obl:agent", "agent"}:
        return True
    preposition = next((c for c in token.children if c.dep_ == "case"), None)
    if token.dep_ == "pobj":
        preposition = token.head
    head = token.head.head if token.dep_ == "pobj" else token.head
    if preposition is None or preposition.lower_ not in {"par", "avec", "by", "with"}:
        return False
    if preposition.lower_ in {"par", "by"}:
        return head.pos_ == "VERB"
    speech = word_list("speech_verbs", doc.lang_)
    return head.pos_ in {"VERB", "NOUN"} and (lemma(head) in speech or head.lower_ in speech)


# ", Ont." / ", B.C." / ", Calif.": an abbreviation after "Place, " (checked against the list).
_PLACE_ABBREVIATION = re.compile(r", (?P<abbreviation>[A-Z][A-Za-z.]{0,5}\.)(?!\w)")
_DATELINE_WORDS = 4  # at most this many capitalised words name the place of a dateline


def _dateline_places(doc: Doc, candidates: list[Candidate]) -> None:
    """"Brampton, Ont. —", "BRAMPTON, Ont. (CP) —", "in Oakville, Ont., where": a place
    before a province or state abbreviation (``place_abbreviations``) is a place, whatever
    the recogniser made of it or if it found nothing, and the abbreviation is that province
    ("Ontario"; the mention keeps the text as written).  A dateline in capitals is named in
    the usual case ("BRAMPTON" → "Brampton").  A person's name before it stays a person's
    unless it opens a line."""
    text = text_of(doc)
    abbreviations = place_abbreviations(doc.lang_)
    added: list[Candidate] = []
    for match in _PLACE_ABBREVIATION.finditer(text) if abbreviations else ():
        full = abbreviations.get(match.group("abbreviation"))
        comma = match.start()
        if full is None or not text[comma - 1 : comma].isalpha():
            continue
        place = next((c for c in candidates if c.end == comma), None) or _place_before(doc, comma)
        if place is None or (place.type == "PER" and not _opens_line(text, place.start)):
            continue
        if place not in candidates:
            added.append(place)
        place.type = "LOC"
        if place.text.isupper() and _opens_line(text, place.start):
            place.canonical = usual_case(place.text)
        start, end = match.start("abbreviation"), match.end("abbreviation") - 1
        province = next((c for c in candidates if c.start == start), None)
        if province is None:
            province = Candidate(start, end, text[start:end], "LOC")
            added.append(province)
        province.type, province.canonical = "LOC", full
    if added:
        candidates.extend(added)
        candidates.sort(key=lambda c: c.start)


def _opens_line(text: str, start: int) -> bool:
    return not text[text.rfind("\n", 0, start) + 1 : start].strip()


def _place_before(doc: Doc, comma: int) -> Candidate | None:
    """The capitalised words right before ``comma`` (at most four; no determiner nor
    preposition: "In Brampton" is "Brampton"), as a place candidate."""
    span = doc.char_span(0, comma, alignment_mode="contract")
    if span is None or not len(span):
        return None
    first = span.end
    while first > span.start and span.end - first < _DATELINE_WORDS and _place_word(doc[first - 1]):
        first -= 1
    if first == span.end:
        return None
    start = doc[first].idx
    return Candidate(start, comma, text_of(doc)[start:comma], "LOC")


def _place_word(token: Token) -> bool:
    return token.text[:1].isupper() and token.pos_ not in _TRAILING_FUNCTION_POS and \
        "\n" not in token.whitespace_


def _bare_dateline_places(doc: Doc, candidates: list[Candidate]) -> None:
    """"TORONTO —", "MONTRÉAL –", "WASHINGTON (AP) —": a dateline with no province names a
    place (:mod:`newsgraph.nlp.datelines`), named in the usual case ("Montréal"; the mention
    keeps the text as written); what the recogniser made of the same words goes."""
    named = [c.canonical or c.text for c in candidates if c.type == "LOC"]
    added = False
    for start, end, name in bare_dateline_places(doc, named, name_key):
        known = next((c for c in candidates if c.start == start and c.type == "LOC"), None)
        if known is not None:  # "BRAMPTON, Ont. —" (named already), "BAMAKO, Mali —"
            if known.end == end and known.canonical is None:
                known.canonical = name
            continue
        candidates[:] = [c for c in candidates if c.end <= start or c.start >= end]
        candidates.append(Candidate(start, end, text_of(doc)[start:end], "LOC", canonical=name))
        added = True
    if added:
        candidates.sort(key=lambda c: c.start)


def credit_agency_ranges(text: str) -> list[tuple[int, int]]:
    """In a photo credit "(Name/Agency/Agency via Agency)", the parts after the first name."""
    ranges: list[tuple[int, int]] = []
    for match in _CREDIT.finditer(text):
        credit = match.group(1)
        first = min(i for i in (credit.find("/"), credit.find(","), credit.find(" via ")) if i >= 0)
        ranges.append((match.start(1) + first + 1, match.end(1)))
    return ranges


def _after_place_and_comma(doc: Doc, candidate: Candidate, candidates: list[Candidate]) -> bool:
    """Datelines: "Brampton, Ont." — a one-word "person" right after "City, " is a place."""
    if len(candidate.words) != 1:
        return False
    before = text_of(doc)[max(0, candidate.start - 2) : candidate.start]
    if before != ", ":
        return False
    return any(
        other.type == "LOC" and other.end == candidate.start - 2 for other in candidates
    )


def _after_locative_preposition(doc: Doc, candidate: Candidate) -> bool:
    """"in Khan Younis": a person is not "in" anyone (unless possessive: "in Smith's view")."""
    words = word_list("locative_prepositions", doc.lang_)
    before = text_of(doc)[max(0, candidate.start - 8) : candidate.start].split()
    after = text_of(doc)[candidate.end : candidate.end + 2]
    return bool(before) and before[-1] in words and not after.startswith(("'s", "’s"))


# Prepositions naming where someone works after a job noun: "associé chez X", "partner at X".
_EMPLOYER_PREPOSITIONS = {"fr": frozenset({"chez"}), "en": frozenset({"at"})}


def _employer_of_a_job_noun(doc: Doc, candidate: Candidate) -> bool:
    """"associé chez Fraser Milner", "a senior partner at Fraser Milner", "the analyst at X
    who…": a name after « chez » / "at" that follows a role or person noun is the firm the
    person works for.  After a verb ("a dîné chez Marie Leduc") it is not."""
    span = doc.char_span(candidate.start, candidate.end, alignment_mode="expand")
    if span is None or span.start < 2:
        return False
    preposition = doc[span.start - 1]
    if preposition.lower_ not in _EMPLOYER_PREPOSITIONS.get(doc.lang_, frozenset()):
        return False
    return any(_is_role_noun(token, doc.lang_) for token in _noun_phrase_end(doc, span.start - 2))


def _noun_phrase_end(doc: Doc, last: int) -> list[Token]:
    """The lowercase nouns and adjectives ending at token ``last`` (at most three): "avocate
    principale", "senior partner"; a word of the role lists counts whatever its tag
    ("associé" is also a participle)."""
    tokens: list[Token] = []
    i = last
    while i >= 0 and len(tokens) < 3 and doc[i].text[:1].islower() and (
            doc[i].pos_ in {"NOUN", "ADJ"} or _is_role_noun(doc[i], doc.lang_)):
        tokens.append(doc[i])
        i -= 1
    return tokens


def _preceded_by_org_noun(doc: Doc, candidate: Candidate, org_nouns: frozenset[str]) -> bool:
    span = doc.char_span(candidate.start, candidate.end, alignment_mode="expand")
    if span is None or span.start == 0:
        return False
    previous = doc[span.start - 1]
    if previous.pos_ == "NOUN" and previous.lower_ in org_nouns:
        return True
    # "le cabinet d'avocats X", "la firme d'ingénieurs X", "le média en ligne X": the noun
    # with its complement
    return span.start >= 3 and previous.pos_ == "NOUN" and \
        doc[span.start - 2].lower_ in ("de", "d'", "d’", "en") and doc[span.start - 3].lower_ in org_nouns


# -- 3. clustering mentions into entities ---------------------------------------------


@lru_cache(maxsize=65536)
def name_key(text: str) -> str:
    """Comparison key of a name: accents stripped and casefolded (:func:`newsgraph.text.fold`),
    hyphens as spaces."""
    return " ".join(re.sub(r"[-‐‑'’.]", " ", fold(text)).split())


def cluster_mentions(candidates: list[Candidate], *, doc: Doc | None = None) -> list[Cluster]:
    """``doc``, when given, lets an honorific choose between namesakes (``M. Lebrun`` is
    Paul Lebrun, not Marie Lebrun)."""
    persons = [c for c in candidates if c.type == "PER"]
    person_words = _person_word_votes(candidates)
    clusters = _cluster_persons(persons, candidates, person_words, doc)
    members = _members(clusters)
    clusters += _cluster_by_key([c for c in candidates if id(c) not in members])
    return clusters


def _members(clusters: list[Cluster]) -> set[int]:
    return {id(m) for cluster in clusters for m in cluster.mentions}


def _person_word_votes(candidates: list[Candidate]) -> Counter[str]:
    """How often each single-word key is labelled a person minus labelled something else."""
    votes: Counter[str] = Counter()
    for c in candidates:
        if len(c.words) == 1:
            votes[name_key(c.text)] += 1 if c.type == "PER" else -1
    return votes


def _cluster_persons(
    persons: list[Candidate], candidates: list[Candidate], person_words: Counter[str],
    doc: Doc | None,
) -> list[Cluster]:
    full_names = _full_name_clusters(persons)
    named = list({id(c): c for c in full_names.values()}.values())
    index = _FullNameIndex(named, doc)
    clusters = list(named)
    singles: dict[str, Cluster] = {}
    for candidate in sorted(candidates, key=lambda c: c.start):
        key = name_key(candidate.text)
        if len(candidate.words) > 1:
            if candidate.type != "PER" and key in full_names:
                _join(full_names[key], candidate)  # "Kim Jong-un" once labelled a place
            continue
        target = index.best(candidate)
        if target is None and candidate.type == "PER":
            target = singles.get(key)
            if target is None:
                target = singles[key] = Cluster()
                clusters.append(target)
        if target is None:
            continue
        if candidate.type != "PER" and person_words[name_key(candidate.text)] < 0 \
                and not (candidate.type != "LOC" and _is_surname_of(key, target)):
            continue  # "Washington" the city, not George Washington; "Sinwar" tagged ORG is Yahya Sinwar
        _join(target, candidate)
    for cluster in clusters:
        cluster.mentions.sort(key=lambda c: c.start)
    return [c for c in clusters if c.mentions]


def _is_surname_of(key: str, cluster: Cluster) -> bool:
    """The single word is the surname of a full name of the cluster: its last word, or its
    last words when the surname is hyphenated ("Zitt-James" of "Naomi Zitt-James")."""
    wanted = key.split()
    for mention in cluster.mentions:
        words = name_key(mention.text).split()
        if len(mention.words) > 1 and len(words) > len(wanted) and words[-len(wanted):] == wanted:
            return True
    return False


def surname_mentions(doc: Doc, candidates: list[Candidate]) -> list[Candidate]:
    """Mentions the recogniser missed of a person named in full elsewhere in the article:
    "Maëlle Kerbrat … Kerbrat a promis…" where spaCy tagged the second "Kerbrat" nothing.  The
    surname spelled exactly so (case included), as whole words, outside every other mention,
    and not inside a longer run of capitalised names ("Jean Martin" is not "Patrick Martin")."""
    surnames = {
        c.words[-1] for c in candidates
        if c.type == "PER" and len(c.words) > 1 and len(c.words[-1]) >= 3 and c.words[-1][0].isupper()
    }
    if not surnames:
        return []
    text = text_of(doc)
    covered = sorted((c.start, c.end) for c in candidates)
    starts = [start for start, _ in covered]
    found: list[Candidate] = []
    for start, end in _whole_word_occurrences(text, sorted(surnames)):
        span = doc.char_span(start, end)
        if span is None or _covered(start, starts, covered) or _in_name_run(span):
            continue
        found.append(Candidate(start, end, text[start:end], "PER"))
    return found


def _whole_word_occurrences(text: str, words: list[str]) -> list[tuple[int, int]]:
    """Where ``(?<![\\w-])(?:w1|w2|…)(?![\\w-])`` matches, as ``finditer`` finds it
    (leftmost first, the earlier word of ``words`` where two start at one place, none
    overlapping), found with ``str.find``: a regex per article cost its compilation
    (each article names other people) and a scan trying it at every character."""
    places: list[tuple[int, int, int]] = []  # start, rank of the word, end
    for rank, word in enumerate(words):
        at = text.find(word)
        while at != -1:
            end = at + len(word)
            if not _word_joined(text, at - 1) and not _word_joined(text, end):
                places.append((at, rank, end))
            at = text.find(word, at + 1)
    found: list[tuple[int, int]] = []
    for start, _rank, end in sorted(places):
        if not found or start >= found[-1][1]:
            found.append((start, end))
    return found


def _word_joined(text: str, index: int) -> bool:
    """Whether the character at ``index`` (if any) would join a word: ``[\\w-]``."""
    return 0 <= index < len(text) and (text[index] == "-" or _WORD_CHARACTER.match(text, index) is not None)


_WORD_CHARACTER = re.compile(r"\w")


def _covered(offset: int, starts: list[int], spans: list[tuple[int, int]]) -> bool:
    index = bisect_right(starts, offset)
    return index > 0 and spans[index - 1][0] <= offset < spans[index - 1][1]


def _in_name_run(span: Span) -> bool:
    doc = span.doc
    before = doc[span.start - 1] if span.start > 0 and not span[0].is_sent_start else None
    after = doc[span.end] if span.end < len(doc) and not doc[span.end].is_sent_start else None
    return any(n is not None and n.is_title and n.pos_ == "PROPN" for n in (before, after))


def _join(cluster: Cluster, candidate: Candidate) -> None:
    candidate.type = "PER"
    cluster.mentions.append(candidate)
    cluster.type_votes["PER"] += 1


def _full_name_clusters(persons: list[Candidate]) -> dict[str, Cluster]:
    """One cluster per distinct multi-word name, shorter ones folded into longer ones."""
    by_key: dict[str, Cluster] = {}
    for candidate in sorted(persons, key=lambda c: -len(c.words)):
        if len(candidate.words) < 2:
            continue
        key = name_key(candidate.text)
        if key not in by_key:
            containing = [k for k in by_key if _contains_words(k, key)]
            if len(containing) == 1:
                by_key[key] = by_key[containing[0]]
            else:
                by_key[key] = Cluster()
        by_key[key].mentions.append(candidate)
        by_key[key].type_votes["PER"] += 1
    return by_key


def _contains_words(longer: str, shorter: str) -> bool:
    """True when the words of ``shorter`` occur contiguously in ``longer``."""
    long_words, short_words = longer.split(), shorter.split()
    n = len(short_words)
    return any(long_words[i : i + n] == short_words for i in range(len(long_words) - n + 1))


class _FullNameIndex:
    """Which full-name clusters contain a short name, and who was mentioned last before."""

    def __init__(self, clusters: list[Cluster], doc: Doc | None = None) -> None:
        self.entries = [
            (cluster, _word_runs({name_key(m.text) for m in cluster.mentions}),
             sorted(m.start for m in cluster.mentions))
            for cluster in clusters
        ]
        self.doc = doc
        self.genders: dict[int, Gender] = {}

    def best(self, candidate: Candidate) -> Cluster | None:
        words = tuple(name_key(candidate.text).split())
        matches = [(cluster, starts) for cluster, runs, starts in self.entries if words in runs]
        if not matches:
            return None
        if len(matches) > 1 and self.doc is not None:
            gender = decide(gender_evidence(self.doc, Cluster(mentions=[candidate])))
            if gender != "unknown":
                matches = self._agreeing(matches, gender)
        if len(matches) == 1:
            return matches[0][0]
        recent = max(matches, key=lambda m: _last_before(m[0], m[1], candidate.start))
        if _last_before(recent[0], recent[1], candidate.start) >= 0:
            return recent[0]
        return min(matches, key=lambda m: m[1][0])[0]

    def _agreeing(self, matches: list[tuple[Cluster, list[int]]],
                  gender: Gender) -> list[tuple[Cluster, list[int]]]:
        """The namesakes whose gender the text marks as the honorific's, else those it
        does not mark: ``M. Lebrun`` after ``Paul Lebrun et son épouse Marie Lebrun``."""
        marked = [self._gender(cluster) for cluster, _ in matches]
        same = [m for m, g in zip(matches, marked, strict=True) if g == gender]
        unmarked = [m for m, g in zip(matches, marked, strict=True) if g == "unknown"]
        return same or unmarked or matches

    def _gender(self, cluster: Cluster) -> Gender:
        if self.doc is None:
            return "unknown"
        if id(cluster) not in self.genders:
            self.genders[id(cluster)] = decide(gender_evidence(self.doc, cluster))
        return self.genders[id(cluster)]


def _word_runs(keys: set[str]) -> set[tuple[str, ...]]:
    """Every contiguous run of words (the empty one included) of each key: a name is in
    the set exactly when :func:`_contains_words` finds it in one of the keys."""
    runs: set[tuple[str, ...]] = set()
    for key in keys:
        words = key.split()
        runs.update(tuple(words[i:j]) for i in range(len(words) + 1) for j in range(i, len(words) + 1))
    return runs


def _last_before(cluster: Cluster, full_starts: list[int], position: int) -> int:
    """Start of the cluster's last mention before ``position`` (-1 if none)."""
    index = bisect_left(full_starts, position)
    last_full = full_starts[index - 1] if index else -1
    joined = [m.start for m in cluster.mentions[-3:] if m.start < position]
    return max([last_full, *joined])


def _cluster_by_key(candidates: list[Candidate]) -> list[Cluster]:
    by_key: dict[str, Cluster] = {}
    for candidate in candidates:
        cluster = by_key.setdefault(name_key(candidate.text), Cluster())
        cluster.mentions.append(candidate)
        cluster.type_votes[candidate.type] += 1
    return list(by_key.values())


# -- 4. descriptors and the final entities --------------------------------------------


def build_entities(doc: Doc, clusters: list[Cluster], *, article_id: str) -> list[Entity]:
    org_nouns = word_list("org_nouns", doc.lang_)
    _link_parenthesised_acronyms(text_of(doc), clusters)
    _link_renames(text_of(doc), doc.lang_, clusters)
    _link_short_organisation_names(clusters, doc.lang_)
    clusters = [c for c in clusters if not _lone_common_noun(c, doc.lang_)]
    entities: list[Entity] = []
    for cluster in sorted(clusters, key=lambda c: min(m.start for m in c.mentions)):
        etype = cluster.type
        descriptors = find_descriptors(doc, cluster) if etype in {"PER", "ORG"} else []
        if etype == "PER" and any(_organisation_descriptor(d, org_nouns, doc.lang_) for d in descriptors):
            etype = "ORG"
        name = cluster.name
        entity = Entity(
            id=content_id(article_id, etype, name, prefix="e_"),
            name=name,
            type=etype,
            aliases=_aliases(cluster, name),
            descriptors=descriptors,
            mentions=[Mention(m.start, m.end, m.text) for m in cluster.mentions],
        )
        if etype == "PER":
            evidence = evidence_of(doc).setdefault(entity.id, [])
            evidence += gender_evidence(doc, cluster)
            entity.gender = decide(evidence)
        entities.append(entity)
    return entities


def _aliases(cluster: Cluster, name: str) -> list[str]:
    seen: dict[str, None] = {}
    for text in [m.text for m in cluster.mentions] + cluster.aliases:
        if text != name:
            seen.setdefault(text, None)
    return list(seen)


def _link_parenthesised_acronyms(text: str, clusters: list[Cluster]) -> None:
    """"Organisation des Nations unies (ONU)": the acronym's cluster joins the long name."""
    by_key = {name_key(m.text): c for c in clusters for m in c.mentions}
    for cluster in list(clusters):
        for mention in list(cluster.mentions):
            match = re.match(r"\s*\(([A-ZÀ-Ý]{2,8})\)", text[mention.end : mention.end + 12])
            if not match or len(mention.words) < 2:
                continue
            acronym = match.group(1)
            cluster.aliases.append(acronym)
            other = by_key.get(name_key(acronym))
            if other is not None and other is not cluster and other in clusters:
                _merge(cluster, other, clusters)


def _link_renames(text: str, lang: str, clusters: list[Cluster]) -> None:
    """"Dentons, anciennement Fraser Milner", "Fraser Milner (now Dentons)": one entity."""
    markers = word_list("rename_markers", lang)
    if not markers:
        return
    starts = {m.start: c for c in clusters for m in c.mentions}
    pattern = re.compile(r"[ \t]*[,(][ \t]*([^\W\d_]+)[ \t]+")
    for cluster in list(clusters):
        for mention in list(cluster.mentions):
            match = pattern.match(text, mention.end)
            if not match or match.group(1).casefold() not in markers:
                continue
            other = starts.get(match.end())
            if other is not None and other is not cluster and other in clusters and cluster in clusters:
                _merge(cluster, other, clusters)


def _lone_common_noun(cluster: Cluster, lang: str) -> bool:
    return cluster.type != "PER" and all(is_lone_common_noun(m.text, lang) for m in cluster.mentions)


def _link_short_organisation_names(clusters: list[Cluster], lang: str) -> None:
    """"la Commission européenne … la Commission": a one-word organisation that is the first word
    of exactly one longer organisation name in the article is that organisation; so is a lone
    capitalised common noun, whatever its type ("l'Union" … "Union européenne")."""
    shorts = [
        c for c in clusters
        if (c.type == "ORG" or _lone_common_noun(c, lang)) and all(len(m.words) == 1 for m in c.mentions)
    ]
    # merging adds only one-word mentions, so the first words of longer names stay as they are
    first_words = {id(c): _first_words_of_longer_names(c) for c in clusters} if shorts else {}
    for short in shorts:
        key = name_key(short.mentions[0].text)
        longer = [c for c in clusters if c is not short and key in first_words[id(c)] and c.type == "ORG"]
        if len(longer) == 1:
            short.type_votes = Counter({"ORG": sum(short.type_votes.values())})
            _merge(longer[0], short, clusters)


def _first_words_of_longer_names(cluster: Cluster) -> set[str]:
    return {words[0] for m in cluster.mentions if len(m.words) > 1 and (words := name_key(m.text).split())}


def _merge(cluster: Cluster, other: Cluster, clusters: list[Cluster]) -> None:
    cluster.mentions.extend(other.mentions)
    cluster.type_votes.update(other.type_votes)
    cluster.aliases.extend(other.aliases)
    clusters.remove(other)
    cluster.mentions.sort(key=lambda c: c.start)


def find_descriptors(doc: Doc, cluster: Cluster) -> list[str]:
    found: dict[str, str] = {}
    for mention in cluster.mentions:
        for descriptor in (
            mention.title,
            title_before_name(doc, mention),
            pre_name_descriptor(doc, mention),
            apposition_descriptor(doc, mention),
            preceding_role_descriptor(doc, mention),
        ):
            if descriptor:
                found.setdefault(descriptor.casefold(), descriptor)
    return list(found.values())


def title_before_name(doc: Doc, mention: Candidate) -> str | None:
    """"Governor Jay Inslee", "Gov. Inslee", "Senator Warren": a capitalised title
    (:func:`_title_word`) the recogniser left outside the name describes the person, so that a
    headline's bare "Governor says…" can find who holds the title."""
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None or span.start == 0:
        return None
    before = doc[span.start - 1]
    if not before.text[:1].isupper() or "\n" in before.whitespace_:
        return None
    return before.text if _title_word(before.text, doc.lang_) == "t" else None


def pre_name_descriptor(doc: Doc, mention: Candidate) -> str | None:
    """"le président russe Vladimir Poutine" → "président russe".

    The words right before the name that describe it; a complement ("chef du
    gouvernement X") is taken only when a role noun heads it, so that "la promesse du
    président X" gives "président", not "promesse du président".
    """
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None:
        return None
    words = pre_name_tokens(doc, span)
    if not words:
        return None
    return text_of(doc)[words[0].idx : words[-1].idx + len(words[-1].text)]


def pre_name_tokens(doc: Doc, span: Span) -> list[Token]:
    """The tokens of the descriptor right before a name (empty when there is none)."""
    lang = doc.lang_
    words = _role_run(doc, span.start - 1, lang)
    if not words:
        return []
    i = words[0].i - 1
    while i >= 1 and doc[i].pos_ in {"ADP", "DET"} and doc[i].text[:1].islower():
        i -= 1  # "du", "de la": look for a role noun heading a complement
    extended = _role_run(doc, i, lang) if i < words[0].i - 1 else []
    if extended and _is_role_noun(extended[0], lang):  # "la professeure de nutrition X"
        words = extended + list(doc[extended[-1].i + 1 : words[0].i]) + words
    if not any(t.pos_ == "NOUN" for t in words) or not _describes(words, span, lang):
        return []
    return words


_ROLE_LISTS = ("roles", "titles", "cue_roles", "person_nouns")


def _describes(words: list[Token], span: Span, lang: str) -> bool:
    """The nouns before a name describe it when the parser joins them to it (a compound or
    an apposition: "chief economist Shaun Cathcart", "le dirigeant nord-coréen Kim Jong-un")
    or when one is a role or a person noun ("le président russe Vladimir Poutine"); "the
    effect Sinwar may have", "la décision Macron" are not descriptions of the person."""
    run = {t.i for t in words}
    if span.root.head.i in run or any(t.head.i in range(span.start, span.end) for t in words):
        return True
    return any(_is_role_noun(t, lang) for t in words if t.pos_ == "NOUN")


def _is_role_noun(token: Token, lang: str) -> bool:
    """A role, title or person noun of the language's lists (its form or its lemma)."""
    forms = {token.lower_, lemma(token)}
    return any(forms & word_list(name, lang) for name in _ROLE_LISTS)


def _role_run(doc: Doc, last: int, lang: str) -> list[Token]:
    """The run of lowercase nouns and adjectives ending at token ``last``."""
    time_words = word_list("time_words", lang)
    words: list[Token] = []
    i = last
    while i >= 0 and len(words) < 6:
        token = doc[i]
        if not _is_role_word(token) or token.lower_ in time_words or "\n" in token.whitespace_:
            break
        words.insert(0, token)
        i -= 1
    return words


def _is_role_word(token: Token) -> bool:
    return token.pos_ in {"NOUN", "ADJ"} and token.text[:1].islower()


def preceding_role_descriptor(doc: Doc, mention: Candidate) -> str | None:
    """"la ministre des Sports, Amélie Duval, a insisté" / "Le ministre de l'Intérieur,
    Gérald Martin," → the role noun phrase the name stands in apposition to."""
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None or span.start < 2 or doc[span.start - 1].text != ",":
        return None
    head = span.root.head
    if span.root.dep_ != "appos" or head.i >= span.start or head.pos_ != "NOUN" or \
            not _is_role_noun(head, doc.lang_):
        return None
    words = doc[head.i : span.start - 1]
    if len(words) > 8 or any("Fin" in feature(t, "VerbForm") for t in words):
        return None
    return words.text


def apposition_descriptor(doc: Doc, mention: Candidate) -> str | None:
    """"Nina Khrouchtcheva, professeur d'affaires internationales à…," → the apposition."""
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None or span.end + 2 >= len(doc) or doc[span.end].text != ",":
        return None
    i = span.end + 1
    while i < len(doc) and doc[i].pos_ == "DET":
        i += 1
    if i >= len(doc):
        return None
    first = doc[i]
    lowercase_head = first.pos_ in {"NOUN", "ADJ"} and first.text[:1].islower()
    if not lowercase_head and (doc[i - 1].pos_ != "DET" or first.pos_ not in {"PROPN", "ADJ"}):
        return None
    end = i
    while end < len(doc) and end - i < 25:
        token = doc[end]
        if token.text in {",", ".", ";", ")", "(", "«", "»", "“", "”", '"'} or "\n" in token.text:
            break
        if "Fin" in feature(token, "VerbForm"):
            return None  # a clause, not an apposition: "X, certains analystes estiment…"
        end += 1
    if not lowercase_head and not any(_is_role_noun(t, doc.lang_) for t in doc[i:end]):
        return None  # "X, the Fed chair," but not "X, the Bank of England,"
    text = doc[i:end].text.strip()
    return text or None


def _organisation_descriptor(descriptor: str, org_nouns: frozenset[str], lang: str) -> bool:
    """"le cabinet Dentons", "law firm Dentons": a descriptor headed by an organisation noun
    makes the name an organisation; in English the head of a compound comes last, so
    "association consultant X" or "association executive director X" describe a person."""
    if _head_word(descriptor) not in org_nouns:
        return False
    if lang != "en":
        return True
    last = descriptor.split()[-1].casefold()
    return not any({last, last.removesuffix("s")} & word_list(name, lang) for name in _ROLE_LISTS)


def _head_word(descriptor: str) -> str:
    return descriptor.split()[0].casefold() if descriptor else ""


def gender_evidence(doc: Doc, cluster: Cluster) -> list[Evidence]:
    """What the text marks about a person's gender around their mentions: honorifics, role
    nouns and agreement (rules in :mod:`newsgraph.nlp.gender`)."""
    found: list[Evidence] = []
    for mention in cluster.mentions:
        if mention.gender != "unknown":
            found.append(Evidence(mention.gender, "honorific", mention.start, mention.end))
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is not None:
            before = pre_name_tokens(doc, span)
            if mention.gender == "unknown":
                found += honorific_evidence(doc, span, before)
            found += role_evidence(doc, span, before)
            found += kinship_evidence(doc, span)
            found += agreement_evidence(doc, span)
    return found
