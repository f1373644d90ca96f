"""Features of a (quote, candidate) pair, as numbers: what the rules know, weighed by data.

Every feature is general (syntax, distance, typography, salience); none names a word of
an article.  Quote-level facts (kind, cue, the rules' choice) enter as conjunctions with
the candidate's kind, so that one logistic regression over candidate rows can rank them.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsgraph.model import Entity
from newsgraph.nlp.attribution.candidates import Candidate, MentionFacts
from newsgraph.nlp.entity_index import (
    PERSON_PRONOUNS,
    POSSESSIVES,
    same_role,
    word_set,
)
from newsgraph.nlp.models import feature

if TYPE_CHECKING:
    from spacy.tokens import Token

    from newsgraph.nlp.quote_scan import Found
    from newsgraph.nlp.quotes import QuoteFinder

SENTENCE_BUCKETS = ((0, "0"), (1, "1"), (2, "2"), (5, "3_5"), (12, "6_12"))
PARAGRAPH_BUCKETS = ((0, "0"), (1, "1"), (2, "2"), (4, "3_4"))


@dataclass(slots=True)
class QuoteContext:
    """Facts about one quote shared by all its candidates."""

    first_sentence: int
    last_sentence: int
    paragraph: int
    opens_paragraph: bool
    kind: str
    has_cue: bool
    rule_how: str
    floating: bool
    subject_class: str  # none | pronoun | name | role | noun: what the cue's subject is
    subject_phrase: tuple[int, int] | None  # the subject's noun phrase (characters)
    subject_head: str  # its head word, casefolded
    subject_definite: bool  # ``le maire``, ``the spokeswoman`` (anaphoric), not ``a …``
    pronoun_gender: str | None  # the cue's subject is a person pronoun of this gender
    role_subject: bool  # the cue's subject is a role noun
    anonymous_subject: bool
    subject_plural: bool
    previous_pick: str | None  # the rules' speaker key of the previous quote
    previous_pick_paragraphs: int  # how many paragraphs back that quote was
    picks_before: dict[str, int]  # speaker key -> how many earlier quotes the rules gave it
    words: int


def quote_context(finder: QuoteFinder, item: Found, previous: list[Found],
                  key_of: Callable[[Found], str | None]) -> QuoteContext:
    """``key_of`` names the candidate the rules chose for an earlier quote."""
    paragraph = finder.paragraph_at(item.start)
    lead = finder.text[finder.paragraphs[paragraph].start : item.start]
    subject = item.subject
    lang = finder.lang
    pronoun_gender = None
    role = anonymous = plural = False
    subject_class, phrase, head, definite = "none", None, "", False
    if subject is not None:
        final = subject.right_edge
        phrase = (subject.left_edge.idx, final.idx + len(final.text))
        head = subject.lower_
        subject_class = _subject_class(finder, subject)
        definite = _definite(subject)
        lower = subject.lower_.lstrip("-")
        genders = {**PERSON_PRONOUNS.get(lang, {}), **POSSESSIVES.get(lang, {})}
        if subject.pos_ in ("PRON", "DET") and lower in genders:
            pronoun_gender = genders[lower]
        role = subject.pos_ == "NOUN" and (subject.lower_ in word_set("cue_roles", lang) or
                                          subject.lemma_.lower() in word_set("cue_roles", lang))
        anonymous = lower in word_set("anonymous_sources", lang) or \
            finder.resolver.unnamed(subject)
        plural = "Plur" in feature(subject, "Number") or subject.tag_ in ("NNS", "NNPS")
    picks: dict[str, int] = {}
    for earlier in previous:
        key = key_of(earlier)
        if key is not None:
            picks[key] = picks.get(key, 0) + 1
    last = previous[-1] if previous else None
    return QuoteContext(
        first_sentence=finder.index.sentence_of(item.start),
        last_sentence=finder.index.sentence_of(max(item.start, item.end - 1)),
        paragraph=paragraph,
        opens_paragraph=not lead.strip(" \t«“\"„—–-"),
        kind=item.kind,
        has_cue=item.cue is not None,
        rule_how=(item.speaker.how if item.speaker is not None else
                  "anonymous" if anonymous else "none"),
        floating=item.floating,
        subject_class=subject_class,
        subject_phrase=phrase,
        subject_head=head,
        subject_definite=definite,
        pronoun_gender=pronoun_gender,
        role_subject=role,
        anonymous_subject=anonymous,
        subject_plural=plural,
        previous_pick=key_of(last) if last is not None else None,
        previous_pick_paragraphs=paragraph - finder.paragraph_at(last.start) if last else 99,
        picks_before=picks,
        words=len(finder.text[item.start : item.end].split()),
    )


def _definite(subject: Token) -> bool:
    """``le maire``, ``la jeune mère`` (whichever word of the phrase the rules took as its
    head), ``the spokeswoman``: a definite noun phrase, anaphoric; not ``un témoin``."""
    if any(c.dep_ == "det" and c.lower_ in DEFINITE for c in subject.children):
        return True
    index = subject.left_edge.i - 1
    while index >= 0 and subject.doc[index].pos_ == "ADJ":
        index -= 1
    return index >= 0 and subject.doc[index].lower_ in DEFINITE


def _subject_class(finder: QuoteFinder, subject: Token) -> str:
    if subject.pos_ in ("PRON", "DET"):
        return "pronoun"
    if finder.index.entity_at(subject) is not None:
        return "name"
    lang = finder.lang
    words = {subject.lower_, subject.lemma_.lower()}
    if words & (word_set("cue_roles", lang) | word_set("person_nouns", lang)):
        return "role"  # also a role the tagger read as a proper noun ("the Conservative MP")
    return "name" if subject.pos_ == "PROPN" else "noun"


def speaker_key(item: Found) -> str | None:
    speaker = item.speaker
    if speaker is None:
        return None
    return speaker.entity_id or "phrase:" + speaker.name


def _bucket(value: int, buckets: tuple[tuple[int, str], ...], prefix: str) -> str:
    for limit, name in buckets:
        if value <= limit:
            return f"{prefix}_{name}"
    return f"{prefix}_far"


def candidate_features(context: QuoteContext, candidate: Candidate, item: Found,
                       mentions: list[MentionFacts] | None, *, is_rule_pick: bool,
                       covers_subject: bool, person_count: int, mention_rank: int) -> dict[str, float]:
    """The features of one candidate of one quote (``mentions`` for entity candidates)."""
    features: dict[str, float] = {}
    kind = candidate.kind
    features[f"cand_{kind}"] = 1.0
    quote_facts = [f"kind_{context.kind}", f"how_{context.rule_how}"]
    if not context.has_cue:
        quote_facts.append("nocue")
    if context.floating:
        quote_facts.append("floating")
    if context.opens_paragraph:
        quote_facts.append("opens_paragraph")
    if context.anonymous_subject:
        quote_facts.append("anonymous_subject")
    if context.subject_plural:
        quote_facts.append("plural_subject")
    if kind == "none":
        for fact in (*quote_facts, *_subject_facts(context)):
            features[f"none_x_{fact}"] = 1.0
        features["none_x_long_quote"] = min(context.words, 60) / 60
        return features
    if is_rule_pick:
        features["rule_pick"] = 1.0
        features[f"rule_pick_x_how_{context.rule_how}"] = 1.0
        features[f"rule_pick_x_kind_{context.kind}"] = 1.0
    if covers_subject:
        features["cue_subject"] = 1.0
    if kind == "phrase":
        features[f"phrase_x_subject_{context.subject_class}"] = 1.0
        if context.subject_definite:
            features[f"phrase_x_definite_{context.subject_class}"] = 1.0
        if context.subject_plural:
            features["phrase_x_plural"] = 1.0
        return features
    assert candidate.entity is not None and mentions is not None
    entity = candidate.entity
    features[f"type_{entity.type}"] = 1.0
    if entity.descriptors:
        features["has_descriptor"] = 1.0
    features["mentions_log"] = math.log1p(len(mentions))
    features[_bucket(mention_rank, ((0, "0"), (1, "1"), (3, "2_3")), "first_rank")] = 1.0
    _position_features(features, context, item, mentions, person_count)
    _dialogue_features(features, context, candidate.key)
    _agreement_features(features, context, entity.type, candidate)
    _subject_features(features, context, entity, mentions)
    if context.rule_how == "none":
        # the rules found no speaker: the same facts weigh differently when no rule pick
        # stands out among the candidates (a separate set of weights for that regime)
        features.update({f"norule_x_{name}": value for name, value in list(features.items())})
        features.update({f"norule_x_{fact}": 1.0 for fact in _subject_facts(context)})
    return features


def _subject_facts(context: QuoteContext) -> list[str]:
    """What the cue's subject is, for the "no speaker" candidate: a definite noun the rules
    could not resolve (``a déclaré la jeune femme``) points back to someone; an indefinite
    one (``un témoin``) to nobody named."""
    if not context.has_cue or context.subject_class == "none":
        return []
    article = "definite" if context.subject_definite else "bare"
    return [f"subject_{context.subject_class}", f"subject_{context.subject_class}_{article}"]


# Antecedent features that a role or other noun subject (``the MP said``, ``le texte
# précise``) weighs on its own: such subjects point back to a recent salient candidate.
NOUN_SUBJECT_CONJOINED = ("previous_speaker", "last_mention_subject", "sent_dist_",
                          "has_descriptor", "recent_speech_subject", "type_")
DEFINITE = frozenset({"le", "la", "l'", "l’", "les", "the", "this", "ce", "cette", "cet"})


def _subject_features(features: dict[str, float], context: QuoteContext, entity: Entity,
                      mentions: list[MentionFacts]) -> None:
    """What the cue's subject says of this candidate: named inside the subject's phrase
    (``President and CFO of X, Jane Doe said``), described by the subject's role noun."""
    phrase = context.subject_phrase
    if phrase is not None and any(phrase[0] <= f.mention.start < phrase[1] for f in mentions):
        features["in_subject_phrase"] = 1.0
    if context.subject_class in ("role", "noun") and context.subject_head and any(
        same_role(context.subject_head, word.casefold())
        for descriptor in entity.descriptors for word in descriptor.split()
    ):
        features["role_matches_descriptor"] = 1.0
    if context.subject_class in ("role", "noun"):
        for name in [n for n in features if n.startswith(NOUN_SUBJECT_CONJOINED)]:
            features[f"{context.subject_class}_x_{name}"] = features[name]


@dataclass(slots=True)
class _Around:
    """Where a candidate's mentions stand around one quote, read in one pass over them
    (mentions inside the quote left out, "before"/"after" counting unquoted mentions)."""

    named_in_quote: bool = False
    any_before: bool = False
    any_after: bool = False
    sentence_before: bool = False
    sentence_after: bool = False
    next_sentence: bool = False
    next_sentence_speaks: bool = False
    speech_subject_in_sentence: bool = False
    last_before: MentionFacts | None = None
    recent_speech_subject: bool = False
    recent_subject: bool = False


def _around(context: QuoteContext, item: Found, mentions: list[MentionFacts]) -> _Around:
    around = _Around()
    first, last = context.first_sentence, context.last_sentence
    for facts in mentions:
        start, sentence = facts.mention.start, facts.sentence
        if item.start <= start < item.end:
            around.named_in_quote = True
            continue
        in_sentence = first <= sentence <= last
        if start < item.start:
            around.sentence_before |= in_sentence
            if not facts.quoted:
                around.any_before = True
                around.last_before = facts
                if first - sentence <= 3:
                    around.recent_speech_subject |= facts.speech_subject
                    around.recent_subject |= facts.subject
        else:
            around.sentence_after |= in_sentence
            if not facts.quoted:
                around.any_after = True
                if sentence == last + 1:
                    around.next_sentence = True
                    around.next_sentence_speaks |= facts.speech_subject
        if facts.speech_subject and sentence == first:
            around.speech_subject_in_sentence = True
    return around


def _position_features(features: dict[str, float], context: QuoteContext, item: Found,
                       mentions: list[MentionFacts], person_count: int) -> None:
    around = _around(context, item, mentions)
    if around.named_in_quote:
        features["named_in_quote"] = 1.0
    if not around.any_before and not around.any_after:
        features["only_quoted"] = 1.0
    if around.sentence_before:
        features["sentence_before"] = 1.0
    if around.sentence_after:
        features["sentence_after"] = 1.0
    if around.next_sentence:
        features["next_sentence"] = 1.0
        if around.next_sentence_speaks:
            features["next_sentence_speaks"] = 1.0
    if around.speech_subject_in_sentence:
        features["speech_subject_in_sentence"] = 1.0
    last = around.last_before
    if last is None:
        features["none_before"] = 1.0
        if context.floating or not context.has_cue:
            features["nocue_x_none_before"] = 1.0
        return
    distance = context.first_sentence - last.sentence
    features[_bucket(distance, SENTENCE_BUCKETS, "sent_dist")] = 1.0
    paragraphs = context.paragraph - last.paragraph
    features[_bucket(paragraphs, PARAGRAPH_BUCKETS, "para_dist")] = 1.0
    if last.subject:
        features["last_mention_subject"] = 1.0
    if around.recent_speech_subject:
        features["recent_speech_subject"] = 1.0
    if around.recent_subject:
        features["recent_subject"] = 1.0
    if not context.has_cue or context.floating:
        features[_bucket(paragraphs, PARAGRAPH_BUCKETS, "nocue_x_para_dist")] = 1.0
        if last.subject:
            features["nocue_x_last_subject"] = 1.0
    features["people_since_log"] = math.log1p(person_count)


def _dialogue_features(features: dict[str, float], context: QuoteContext, key: str) -> None:
    picks = context.picks_before.get(key, 0)
    if picks:
        features["spoke_before"] = 1.0
        features["spoke_before_log"] = math.log1p(picks)
    if context.previous_pick == key:
        features["previous_speaker"] = 1.0
        features[_bucket(context.previous_pick_paragraphs, PARAGRAPH_BUCKETS,
                         "previous_speaker_para")] = 1.0
        if not context.has_cue or context.floating:
            features["nocue_x_previous_speaker"] = 1.0


def _agreement_features(features: dict[str, float], context: QuoteContext, entity_type: str,
                        candidate: Candidate) -> None:
    gender = context.pronoun_gender
    if gender is None:
        return
    if gender == "p":
        features["plural_pronoun_x_" + entity_type] = 1.0
        return
    features["singular_pronoun_x_" + entity_type] = 1.0
    if gender in ("f", "m") and candidate.entity is not None and candidate.entity.gender in ("f", "m"):
        features["pronoun_gender_" + ("agrees" if candidate.entity.gender == gender else
                                      "disagrees")] = 1.0
