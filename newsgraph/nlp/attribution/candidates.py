"""Who could have said a quote: the candidates the speaker ranker chooses from.

For each quote the rules found (span, kind, cue, and the rules' own speaker), the
candidates are every person and organisation of the article mentioned before the quote
or up to the sentence after it, the rules' speaker when it is no entity (a group or role
noun phrase, ``A et B``), and "no speaker".  Each candidate carries its features
(:mod:`newsgraph.nlp.attribution.features`) and the :class:`Speaker` it would become.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from newsgraph.model import Entity, Mention, Speaker
from newsgraph.nlp.entity_index import word_set
from newsgraph.text import fold

if TYPE_CHECKING:
    from newsgraph.nlp.quote_scan import Found
    from newsgraph.nlp.quotes import QuoteFinder

NONE_KEY = "<none>"
CANDIDATE_WINDOW = 40  # sentences before a quote where a candidate must be mentioned


@dataclass(slots=True)
class Candidate:
    """One possible speaker of one quote."""

    key: str  # entity id, "phrase:<name>" or NONE_KEY
    kind: str  # entity | phrase | none
    speaker: Speaker | None
    entity: Entity | None = None
    features: dict[str, float] = field(default_factory=dict)


@dataclass(slots=True)
class MentionFacts:
    """What the parse says about one mention, computed once per article."""

    mention: Mention
    sentence: int
    paragraph: int
    quoted: bool  # inside quotation marks
    subject: bool  # the head word is a nominal subject
    speech_subject: bool  # ... of a speech verb (a cue)


def canonical_speakers(entities: list[Entity], lang: str) -> dict[str, Entity]:
    """Entity id -> the entity a reader would name as speaker.  A name whose words end a
    longer person's name (``Montoya-Lewis``, ``Mr Grayling``; the NER often types a lone
    surname ORG or MISC) is that person, when only one person fits; an acronym of an
    organisation's name (``HCSO``) is that organisation.  People and organisations map
    to themselves otherwise; other types have no speaker of their own."""
    honorifics = _honorifics(lang)
    people = [(e, _words(e.name, honorifics)) for e in entities if e.type == "PER"]
    orgs = [(e, _initials(e.name)) for e in entities if e.type == "ORG"]
    canonical: dict[str, Entity] = {}
    for entity in entities:
        words = _words(entity.name, honorifics)
        longer = [p for p, name in people if p is not entity and len(name) > len(words) > 0
                  and name[-len(words):] == words]
        if len(longer) == 1:
            canonical[entity.id] = longer[0]
            continue
        expanded = _expansions(entity.name, orgs, besides=entity)
        if len(expanded) == 1:
            canonical[entity.id] = expanded[0]
        elif entity.type in ("PER", "ORG"):
            canonical[entity.id] = entity
    return canonical


def _expansions(name: str, orgs: list[tuple[Entity, frozenset[str]]], *,
                besides: Entity | None = None) -> list[Entity]:
    """The organisations whose initials ``name`` is written as (``PS`` for ``Parti
    socialiste``, ``HCSO``)."""
    compact = name.replace(".", "")
    if len(compact) < 2 or not compact.isupper() or not compact.isalpha():
        return []
    return [o for o, initials in orgs if o is not besides and compact in initials]


@dataclass(slots=True)
class PersonNames:
    """The article's people by the words of their names (folded, honorifics aside), and its
    organisations by their initials."""

    lang: str
    people: list[tuple[Entity, list[str]]]
    orgs: list[tuple[Entity, frozenset[str]]] = field(default_factory=list)

    @classmethod
    def of(cls, canonical: dict[str, Entity], lang: str) -> PersonNames:
        unique = {e.id: e for e in canonical.values()}
        honorifics = _honorifics(lang)
        return cls(lang, [(e, _words(e.name, honorifics)) for e in unique.values()
                          if e.type == "PER"],
                   [(e, _initials(e.name)) for e in unique.values() if e.type == "ORG"])

    def named(self, name: str) -> Entity | None:
        """The one person whose full name ends with ``name``: a phrase speaker such as
        ``Mr Grayling`` that no entity mention covered; or the one organisation an acronym
        phrase (``le PS``) abbreviates."""
        expanded = _expansions(name, self.orgs)
        if len(expanded) == 1:
            return expanded[0]
        words = _words(name, _honorifics(self.lang))
        if not words:
            return None
        fits = [e for e, full in self.people if len(full) >= len(words)
                and full[-len(words):] == words]
        return fits[0] if len(fits) == 1 else None


@cache
def _honorifics(lang: str) -> frozenset[str]:
    return frozenset(w.rstrip(".") for key in ("honorifics_f", "honorifics_m")
                     for w in word_set(key, lang))


def _words(name: str, honorifics: frozenset[str]) -> list[str]:
    words = [fold_name(w) for w in name.replace("-", " ").split()]
    while words and words[0].rstrip(".") in honorifics:
        words = words[1:]
    return words


def _initials(name: str) -> frozenset[str]:
    """An organisation's possible acronyms: the initials of its capitalised words
    (``Harris County Sheriff's Office``), and of all its words but the short function
    words (``Parti socialiste`` -> ``PS``, ``Organisation des Nations unies`` -> ``ONU``)."""
    words = name.replace("-", " ").replace("’", "'").split()
    capitals = "".join(w[0] for w in words if w[:1].isupper())
    content = "".join(w[0] for w in words
                      if w[:1].isalpha() and w.lower().split("'")[-1] not in _FUNCTION_WORDS
                      and not w.lower().endswith("'")).upper()
    return frozenset({capitals, content})


# Words an acronym skips (``Organisation des Nations unies``, ``Bank of England``).
_FUNCTION_WORDS = frozenset({"de", "du", "des", "d", "la", "le", "les", "l", "et", "en",
                             "pour", "of", "the", "and", "for"})


@lru_cache(maxsize=65536)
def fold_name(word: str) -> str:
    """A word of a name as names are compared: folded (``text.fold``), without the quotes,
    dots and commas around it.  Remembered: the same names are compared quote after quote."""
    return fold(word).strip("’'.,")


def mention_facts(finder: QuoteFinder, canonical: dict[str, Entity]) -> dict[str, list[MentionFacts]]:
    """Every mention of a possible speaker, under its canonical entity's id, with its
    position and grammatical role."""
    doc = finder.doc
    cues = {cue.i for cue in finder.cues}
    facts: dict[str, list[MentionFacts]] = {}
    for entity in finder.index.entities:
        target = canonical.get(entity.id)
        if target is None:
            continue
        found = facts.setdefault(target.id, [])
        for mention in entity.mentions:
            span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is None or len(span) == 0:
                continue
            head = span.root
            subject = head.dep_ in ("nsubj", "nsubj:pass", "nsubjpass") or (
                head.dep_ in ("appos", "flat", "flat:name") and head.head.dep_.startswith("nsubj"))
            verb = head.head if head.dep_.startswith("nsubj") else head.head.head
            found.append(MentionFacts(
                mention=mention,
                sentence=finder.index.sentence_of(mention.start),
                paragraph=finder.paragraph_at(mention.start),
                quoted=finder.quotation_covering(mention.start) is not None,
                subject=subject,
                speech_subject=subject and verb.i in cues,
            ))
    for found in facts.values():
        found.sort(key=lambda f: f.mention.start)
    return {key: found for key, found in facts.items() if found}


def entity_of_speaker(speaker: Speaker | None, canonical: dict[str, Entity],
                      names: PersonNames | None = None) -> Entity | None:
    """The candidate entity a speaker of the rules stands for (by id, else by name)."""
    if speaker is None:
        return None
    if speaker.entity_id is None:
        return names.named(speaker.name) if names and speaker.how == "group" else None
    return canonical.get(speaker.entity_id)


def build_candidates(item: Found, facts: dict[str, list[MentionFacts]],
                     canonical: dict[str, Entity], sentence_after: int,
                     rule_entity: Entity | None,
                     sentences: dict[str, list[int]] | None = None) -> list[Candidate]:
    """The candidates of one quote: the entities mentioned within ``CANDIDATE_WINDOW``
    sentences before it up to the sentence after it (the rules' pick whatever its
    distance), the rules' phrase, no speaker.  The window keeps the work per quote bounded
    in long articles that name hundreds of people."""
    candidates: list[Candidate] = []
    sentences = sentences if sentences is not None else mention_sentences(facts)
    lowest = sentence_after - 1 - CANDIDATE_WINDOW
    joined = joined_people(item.speaker, facts, canonical)
    for entity_id, mentions in facts.items():
        told = sentences[entity_id]
        index = bisect.bisect_right(told, sentence_after)
        entity = canonical[entity_id]
        if entity is not rule_entity:
            if index == 0:
                continue  # first mentioned after the sentence that follows the quote
            if told[index - 1] < lowest:
                continue  # not mentioned for more than the window before the quote
        if entity is rule_entity and item.speaker is not None and \
                item.speaker.entity_id == entity.id:
            speaker = item.speaker
        elif entity_id in joined and item.speaker is not None:
            speaker = item.speaker  # one of the people the rules' speaker joins: all of them
        else:
            nearest = _nearest(mentions, item.start)
            speaker = Speaker(name=entity.name, entity_id=entity.id, start=nearest.start,
                              end=nearest.end,
                              descriptor=entity.descriptors[0] if entity.descriptors else None,
                              how=item.speaker.how if entity is rule_entity and
                              item.speaker is not None else "ranked")
        candidates.append(Candidate(entity.id, "entity", speaker, entity))
    if item.speaker is not None and rule_entity is None:
        candidates.append(Candidate("phrase:" + item.speaker.name, "phrase", item.speaker))
    candidates.append(Candidate(NONE_KEY, "none", None))
    return candidates


def joined_people(speaker: Speaker | None, facts: dict[str, list[MentionFacts]],
                  canonical: dict[str, Entity]) -> set[str]:
    """The people a speaker of the rules joins ("Daniel Fortier and Claire Benoit": no
    entity of its own, the span of two or more people's mentions), by candidate key."""
    if speaker is None or speaker.entity_id is not None or speaker.how != "group" or \
            speaker.start is None or speaker.end is None:
        return set()
    low, high = speaker.start, speaker.end
    inside = {key for key, mentions in facts.items() if canonical[key].type == "PER"
              and any(low <= f.mention.start and f.mention.end <= high for f in mentions)}
    return inside if len(inside) >= 2 else set()


def mention_sentences(facts: dict[str, list[MentionFacts]]) -> dict[str, list[int]]:
    """Entity id -> the sentence numbers of its mentions, ascending."""
    return {key: sorted(f.sentence for f in mentions) for key, mentions in facts.items()}


def _nearest(mentions: list[MentionFacts], position: int) -> Mention:
    before = [f.mention for f in mentions if f.mention.start < position]
    if before:
        return before[-1]
    return mentions[0].mention
