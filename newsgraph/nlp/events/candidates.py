"""Event candidates, in text order: every lexicon trigger (PLOVER and its extensions) and every
open-domain predicate (an action verb, a listed event noun) that is no quote's cue verb, built
into events, with dated or placed statements, and merged one event per real-world event."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.attrs import DEP, LOWER, MORPH, POS
from spacy.strings import get_string_id
from spacy.symbols import NOUN, VERB
from spacy.tokens import Doc, Span, Token

from newsgraph.model import Event
from newsgraph.nlp.component import token_indices
from newsgraph.nlp.event_lexicon import Trigger, may_be_news_noun, open_trigger
from newsgraph.nlp.events.actors import Actors
from newsgraph.nlp.events.build import build_event, dated_retelling
from newsgraph.nlp.events.context import Context
from newsgraph.nlp.events.mentions import merge_mentions, named_actors
from newsgraph.nlp.events.noun_senses import names_no_event
from newsgraph.nlp.events.syntax import OF_PREPS, PASSIVE_SUBJECTS, SUBJECTS, children, preposition
from newsgraph.nlp.events.types import TRIGGER_TAGS, lexicon_triggers, trigger_of
from newsgraph.nlp.models import feature, lemma

WordKey = tuple[int, int, int]  # the vocabulary ids of a word's lower-case form, tag, morphology

_SUBJECT_IDS = frozenset(get_string_id(label) for label in SUBJECTS | PASSIVE_SUBJECTS)
_WORD_CACHE_LIMIT = 200_000
_WORD_KINDS: dict[str, dict[WordKey, tuple[bool, bool]]] = {}  # language → word → ``_word_kind``


def candidate_events(context: Context) -> list[Event]:
    """The events before salience is learned: ``salient`` is the rules' verdict."""
    found: list[Event] = []
    themes: dict[str, str] = {}
    anaphoric: set[str] = set()  # "la rencontre des deux dirigeants": an event told before
    counted: set[str] = set()  # "la mort de deux sœurs": no retelling of one person's death
    retellings: set[str] = set()  # "her appointment was announced in December": only its date
    doc = context.doc
    for sentence, index, word, is_subject in _candidates(doc):
        trigger = _trigger_at(doc, index, word, context)
        if trigger is not None:
            token = doc[index]
            event = build_event(token, trigger, sentence, context)
            if (event is None or _acted_only_by_possessives(event)) and _definite_noun(token):
                retelling = dated_retelling(token, trigger, sentence, context)
                if retelling is not None:  # "His appointment was announced in March"
                    event = retelling
                    retellings.add(event.id)
            if event is not None:
                found.append(event)
                themes[event.id] = theme_of(token, context.actors)
                if _definite_noun(token) and not named_actors(event):
                    anaphoric.add(event.id)
                    if counts_many(token, context.actors):
                        counted.add(event.id)
        if is_subject:
            context.actors.remember_subject(doc[index])
    from newsgraph.nlp.statements import statement_events  # statements build on this package

    events = sorted(found + statement_events(context), key=lambda e: e.trigger.start)
    roles = {e.id: frozenset(d.split()[0].casefold() for d in e.descriptors if d.split())
             for e in context.article.entities if e.type == "PER"}
    return merge_mentions(events, themes=themes, anaphoric=anaphoric, roles=roles, retellings=retellings,
                          counted=counted)


def _trigger_at(doc: Doc, index: int, word: WordKey, context: Context) -> Trigger | None:
    """The lexicon trigger at ``index``, else its open-domain one (never a quote's cue verb)."""
    lang = context.actors.lang
    is_trigger, is_open = _word_kind(doc, index, word, lang)
    trigger = trigger_of(doc[index], lang) if is_trigger else None
    if trigger is None and is_open and index not in context.actors.cues:
        trigger = open_trigger(doc[index], lang)
    if trigger is not None and trigger.open and trigger.pos == "NOUN" and names_no_event(doc[index], lang):
        return None  # "a storm of criticism", "the sale of alcohol", "his hearing"
    return trigger


def _candidates(doc: Doc) -> Iterator[tuple[Span, int, WordKey, bool]]:
    """The tokens that may trigger an event (verbs, nouns) or be remembered as a subject, with
    their sentence, in text order: index, word key and whether it is a subject, read from the
    Doc's arrays without making a ``Token`` for every word."""
    chosen = token_indices(doc, pos=TRIGGER_TAGS, dep=SUBJECTS | PASSIVE_SUBJECTS)
    if not chosen:
        return
    columns = doc.to_array([LOWER, POS, MORPH, DEP])[chosen].tolist()
    position = 0
    for sentence in doc.sents:
        while position < len(chosen) and chosen[position] < sentence.end:
            lower, pos, morph, dep = columns[position]
            yield sentence, chosen[position], (lower, pos, morph), dep in _SUBJECT_IDS
            position += 1


def _word_kind(doc: Doc, index: int, word: WordKey, lang: str) -> tuple[bool, bool]:
    """Whether the word at ``index`` names an event in the trigger lexicon (before its
    conditions are checked), and whether it may be an open-domain predicate (a verb, or a noun of
    the general types' lexicon).  Remembered per word form, tag and morphology: the lemma depends
    on nothing else, and most verbs and nouns of an article name no event."""
    known_words = _WORD_KINDS.setdefault(lang, {})
    known = known_words.get(word)
    if known is None:
        token = doc[index]
        is_trigger = token.pos_ in TRIGGER_TAGS and bool(lexicon_triggers(token, lang))
        is_open = token.pos_ == "VERB" or (token.pos_ == "NOUN" and may_be_news_noun(token, lang))
        if len(known_words) > _WORD_CACHE_LIMIT:
            known_words.clear()
        known = known_words[word] = (is_trigger, is_open)
    return known


def _acted_only_by_possessives(event: Event) -> bool:
    """Every actor of a noun's event stands behind a possessive determiner ("his appointment",
    "leur départ"): no one named in its own words, so a dated one may be an event told again."""
    actors = [*event.source, *event.target]
    return bool(actors) and all(actor.via == "possessive" for actor in actors)


def _definite_noun(token: Token) -> bool:
    """A noun trigger with a definite or possessive determiner ("la rencontre", "their meeting")."""
    if token.pos_ != "NOUN":
        return False
    return any(
        c.dep_ in ("det", "poss", "nmod:poss") and ("Def" in feature(c, "Definite") or "Yes" in
                                                     feature(c, "Poss") or c.dep_ != "det")
        for c in children(token)
    )


def theme_of(trigger: Token, actors: Actors) -> str:
    """What the act is about when it is not an actor: the object of a verb, the "de/of"
    complement of a noun ("lancé deux missiles", "lancements du satellite"), as a lemma."""
    theme = _theme_word(trigger, actors)
    return lemma(theme) if theme is not None else ""


def counts_many(trigger: Token, actors: Actors) -> bool:
    """Whether the act's theme is counted in the plural by a number ("la mort de deux sœurs",
    "the deaths of three sisters"): the act is told of several, not of one person named before."""
    theme = _theme_word(trigger, actors)
    return theme is not None and feature(theme, "Number") == ("Plur",) and any(
        child.dep_ == "nummod" and child.like_num for child in children(theme))


def _theme_word(trigger: Token, actors: Actors) -> Token | None:
    pos = actors.pos_ids
    for child in children(trigger):
        if pos[child.i] != NOUN or actors.entity_at(child) is not None or actors.is_group(child):
            continue
        if pos[trigger.i] == VERB and child.dep_ in ("obj", "dobj"):
            return child
        if pos[trigger.i] == NOUN and child.dep_ == "nmod" and preposition(child) in OF_PREPS:
            return child
    if pos[trigger.i] == NOUN:
        for prep in (c for c in children(trigger) if c.dep_ == "prep" and c.lower_ == "of"):
            for pobj in (c for c in children(prep) if c.dep_ == "pobj" and pos[c.i] == NOUN):
                if actors.entity_at(pobj) is None and not actors.is_group(pobj):
                    return pobj
    return None
