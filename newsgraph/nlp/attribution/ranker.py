"""Speaker choice as a learned ranking (the second stage of the quote -> speaker sieve).

The rules find the quotes, their cues and a first speaker (:mod:`newsgraph.nlp.quotes`);
:func:`candidate_sets` lists who else could have said each quote, with features;
:func:`choose_speakers` lets a :class:`RankerModel` pick the most probable candidate, whose
probability becomes the quote's confidence.  Training (:mod:`newsgraph.learn.attribution`)
uses the same two functions, so what is learned is what runs.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from newsgraph.model import Entity
from newsgraph.nlp.attribution.candidates import (
    Candidate,
    MentionFacts,
    PersonNames,
    build_candidates,
    canonical_speakers,
    entity_of_speaker,
    mention_facts,
    mention_sentences,
)
from newsgraph.nlp.attribution.features import candidate_features, quote_context, speaker_key
from newsgraph.nlp.attribution.model import RankerModel

if TYPE_CHECKING:
    from newsgraph.nlp.quote_scan import Found
    from newsgraph.nlp.quotes import QuoteFinder

RANKED_KINDS = ("direct", "indirect")


def candidate_sets(finder: QuoteFinder, found: list[Found]) -> list[list[Candidate]]:
    """For each quote of ``found`` (in text order) its candidates with their features;
    an empty list for quotes that are not ranked (according-to)."""
    return list(iter_candidate_sets(finder, found))


def iter_candidate_sets(finder: QuoteFinder, found: list[Found]) -> Iterator[list[Candidate]]:
    """:func:`candidate_sets` one quote at a time: the features of all of an article's
    candidates at once took ~20 KB a quote (150 MB per MB of quote-dense text)."""
    canonical = canonical_speakers(finder.index.entities, finder.lang)
    names = PersonNames.of(canonical, finder.lang)
    entities = {e.id: e for e in canonical.values()}
    facts = mention_facts(finder, canonical)
    order = _first_mention_order(facts)
    timeline = _person_timeline(facts, entities)
    told = mention_sentences(facts)
    previous: list[Found] = []

    keys: dict[int, str | None] = {}

    def key_of(item: Found) -> str | None:
        """The candidate key of the rules' speaker of ``item`` (computed once)."""
        if id(item) not in keys:
            entity = entity_of_speaker(item.speaker, canonical, names)
            keys[id(item)] = entity.id if entity is not None else speaker_key(item)
        return keys[id(item)]

    for item in found:
        if item.kind not in RANKED_KINDS:
            yield []
            continue
        context = quote_context(finder, item, previous, key_of)
        rule_entity = entity_of_speaker(item.speaker, canonical, names)
        candidates = build_candidates(item, facts, canonical, context.last_sentence + 1,
                                      rule_entity, told)
        subject_entity = _subject_entity(finder, item, canonical, names)
        rule_key = key_of(item)
        for candidate in candidates:
            mentions = facts.get(candidate.key)
            candidate.features = candidate_features(
                context, candidate, item, mentions,
                is_rule_pick=rule_key is not None and candidate.key == rule_key,
                covers_subject=candidate.entity is not None and candidate.entity is subject_entity,
                person_count=_people_since(timeline, mentions, item.start, candidate.key),
                mention_rank=order.get(candidate.key, 99),
            )
        yield candidates
        previous.append(item)


def choose_speakers(found: list[Found], sets: Iterable[list[Candidate]], model: RankerModel) -> None:
    """Give each ranked quote its most probable candidate (None when "no speaker" wins).

    ``sets`` may be :func:`iter_candidate_sets`: the choices are applied once every set
    was read, so a set is never built from a quote whose speaker was already replaced."""
    choices = []
    for item, candidates in zip(found, sets, strict=True):
        if not candidates:
            continue
        probabilities = model.predict_proba([c.features for c in candidates])
        best = max(range(len(candidates)), key=lambda i: probabilities[i])
        total = sum(probabilities) or 1.0
        choices.append((item, candidates[best].speaker, round(probabilities[best] / total, 3)))
    for item, speaker, confidence in choices:
        item.speaker = speaker
        item.confidence = confidence


def _subject_entity(finder: QuoteFinder, item: Found, canonical: dict[str, Entity],
                    names: PersonNames) -> Entity | None:
    subject = item.subject
    if subject is None:
        return None
    for token in (subject, *(c for c in subject.children if c.dep_ in
                            ("flat", "flat:name", "compound", "appos"))):
        hit = finder.index.entity_at(token)
        if hit is not None and hit[0].id in canonical:
            return canonical[hit[0].id]
    if subject.pos_ in ("PROPN", "NOUN"):
        return entity_of_speaker(item.speaker, canonical, names)
    return None


def _first_mention_order(facts: dict[str, list[MentionFacts]]) -> dict[str, int]:
    firsts = sorted((mentions[0].mention.start, key) for key, mentions in facts.items())
    return {key: rank for rank, (_, key) in enumerate(firsts)}


def _person_timeline(facts: dict[str, list[MentionFacts]],
                     entities: dict[str, Entity]) -> list[tuple[int, str]]:
    """(position, entity id) of every unquoted person mention, in text order."""
    return sorted((f.mention.start, key) for key, mentions in facts.items()
                  if entities[key].type == "PER" for f in mentions if not f.quoted)


def _people_since(timeline: list[tuple[int, str]], mentions: list[MentionFacts] | None,
                  position: int, key: str) -> int:
    """How many other people are mentioned between the candidate's last mention before
    ``position`` and ``position`` (a new person introduced in between)."""
    if not mentions:
        return 0
    before = [f.mention.start for f in mentions if f.mention.start < position and not f.quoted]
    if not before:
        return 0
    low = bisect.bisect_right(timeline, (before[-1], "\uffff"))
    high = bisect.bisect_left(timeline, (position, ""))
    return len({other for _, other in timeline[low:high] if other != key})
