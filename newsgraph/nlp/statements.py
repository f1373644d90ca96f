"""Statements that are events: who spoke, when and where the text says so.

Who said what is the quote layer's (``article.quotes``); most quotations are not events of
their own.  A statement becomes an event (``STATEMENT``, CAMEO 01 "make public statement",
which PLOVER leaves out) when the text places the act of speaking itself: a date attached to
the speech verb ("Lundi, X avait déclaré que…", "a-t-il fait savoir mardi"), or a named medium
it was made in or to ("he told Al-Arabiya television", "sur Sky News", "dans un entretien à
la Stampa"), or an occasion of speaking in public it was made at ("At a press conference after
the vote, X said", « pendant un point-presse », ``data/speech_settings.LANG.txt``), whose named
host is a medium too.  The speaker is the one the quote layer resolved; the medium and the named
person or organisation it was told to ("told Lina Okafor", « a assuré à Lina Okafor ») are the
targets; a place complement ("Depuis Washington, …") is the place.  A speech verb that is typed on its
own ("accuser", "nier", "warn") is already an event of its type and is skipped here.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator
from itertools import accumulate

from spacy.tokens import Token

from newsgraph.model import ActorRef, DateValue, Event, Quote
from newsgraph.nlp import events as ev
from newsgraph.nlp.cue_subjects import ADDRESSEE_PREPOSITIONS
from newsgraph.nlp.events.settings import MEDIUM_TYPES, hosts_of, occasions
from newsgraph.nlp.events.syntax import children
from newsgraph.nlp.lexicon import word_list
from newsgraph.nlp.models import lemma

_MAX_DEPTH = 3  # how far below the speech verb a medium may sit ("dans un entretien à la Stampa")
_ADDRESSEES = frozenset({"dobj", "dative", "iobj", "obj"})  # the organisation a speaker tells
_STATEMENT = ev.Trigger("", "VERB", "STATEMENT", "say", None)


def statement_events(context: ev.Context) -> list[Event]:
    found: list[Event] = []
    seen: set[int] = set()
    quoted = Quoted(context.article.quotes)
    for quote, verb in _cue_verbs(context):
        if verb.i in seen or _tells_its_own_event(verb, context):
            continue
        seen.add(verb.i)
        event = _statement(quote, verb, quoted, context)
        if event is not None:
            found.append(event)
    return found


def _tells_its_own_event(verb: Token, context: ev.Context) -> bool:
    """A cue verb that is an event of its own: a lexicon trigger ("condemned"), or a verbal act
    the candidates already tell as an open-domain event (« a réagi », "reacted", ``verbal_acts``):
    one word, one event — not a statement beside it."""
    return ev.trigger_of(verb, context.actors.lang) is not None or verb.i not in context.actors.cues


def _cue_verbs(context: ev.Context) -> Iterator[tuple[Quote, Token]]:
    for quote in context.quotes:
        if quote.cue is None or quote.speaker is None or quote.kind == "according_to":
            continue
        token = ev.token_of(context.doc, quote.cue.start, quote.cue.end)
        if token is not None and token.pos_ in ("VERB", "AUX"):
            yield quote, token


def _statement(quote: Quote, verb: Token, quoted: Quoted, context: ev.Context) -> Event | None:
    anchors = _anchors(verb)
    date = _attached_date(anchors, quoted, context)
    media = [m for anchor in anchors for m in _media(anchor, quoted, context)]
    at_occasion = [o for anchor in anchors for o in occasions(anchor, context.actors.lang)
                   if not quoted.covers(o.idx)]  # "At a press conference, X said"
    if date is None and not media and not at_occasion:
        return None
    media += hosts_of(at_occasion, context.actors)  # not those of an occasion quoted
    assert quote.speaker is not None
    roles = ev.verb_roles(verb, _STATEMENT, context.actors)
    speaker = ActorRef(quote.speaker.entity_id, quote.speaker.name, via="speaker")
    addressees = [a for anchor in anchors for a in _addressees(anchor, quoted, context)
                  if a.name != speaker.name]  # « a affirmé le directeur, X »: the speaker, inverted
    roles.source, roles.target = [speaker], ev.unique_refs(media + addressees)
    if roles.place is not None and roles.place.name == speaker.name:
        roles.place = None
    event = ev.make_event(verb, "STATEMENT", "say", roles, context.actors.sentence_of(verb), context)
    if date is not None:
        event.date, event.date_from = date, "text"
    elif context.article.date is not None:  # a date elsewhere in the sentence dates something else
        event.date, event.date_from = context.article.date, "article"
    return event


def _anchors(verb: Token) -> list[Token]:
    """The speech verb and the verbs it forms one predicate with ("a fait savoir")."""
    anchors = [verb, *(c for c in children(verb) if c.dep_ == "xcomp" and c.pos_ == "VERB")]
    if verb.dep_ == "xcomp":
        anchors.append(verb.head)
    return anchors


def _attached_date(
    anchors: list[Token], quoted: Quoted, context: ev.Context
) -> DateValue | None:
    """A time expression that depends on the speech verb itself ("Lundi, X avait déclaré",
    "said on Tuesday"), not one deeper in a clause or inside the quotation."""
    sentence = context.actors.sentence_of(anchors[0])  # a dependency never crosses a sentence
    for expression, token in ev.in_sentence(context.times, sentence):
        if quoted.covers(token.idx):
            continue
        head = token.head.head if token.head.dep_ == "prep" else token.head
        if head.pos_ == "NOUN" and head not in anchors:  # "said in a release Friday"
            head = head.head.head if head.head.dep_ == "prep" else head.head
        if head in anchors and token.i != head.i:
            date = ev.as_date(expression)
            if date is not None:
                return date
    return None


def _media(verb: Token, quoted: Quoted, context: ev.Context) -> list[ActorRef]:
    """Named organisations the statement was made on or in: under a medium noun ("Al-Arabiya
    television", "dans un entretien au Monde") or after a medium preposition ("sur Sky News")."""
    lang = context.actors.lang
    venues, prepositions = word_list("media_venues", lang), word_list("media_prepositions", lang)
    found: list[ActorRef] = []
    frontier = [(c, False) for c in children(verb) if c.dep_ not in ev.SUBJECTS and c.dep_ not in ev.CLAUSES]
    for subject in (c for c in children(verb) if c.dep_ in ev.SUBJECTS and c.i > verb.i):
        # an inverted incise ("a déclaré X sur France Inter"): the parser hangs the medium on X
        frontier += [(c, False) for c in children(subject) if c.dep_ in ("nmod", "prep") and c.i > subject.i]
    for _ in range(_MAX_DEPTH):
        next_frontier: list[tuple[Token, bool]] = []
        for token, under_venue in frontier:
            if quoted.covers(token.idx):
                continue
            entity = context.actors.entity_at(token)
            venue = under_venue or (entity is None and (lemma(token) in venues or token.lower_ in venues))
            if entity is not None and entity.type in MEDIUM_TYPES and token.pos_ != "ADJ":
                marked = venue or ev.preposition(token) in prepositions or (
                    token.head.dep_ == "prep" and token.head.lower_ in prepositions) or (
                    token.head.i == verb.i and token.dep_ in _ADDRESSEES)  # "told Reuters"
                named_venue = any(lemma(c) in venues and context.actors.entity_at(c) is None
                                  for c in children(token))  # "Al-Arabiya television" headed by the name
                if marked or named_venue:
                    found.append(ActorRef(entity.id, entity.name, via="medium"))
                continue
            next_frontier += [(c, venue) for c in children(token) if c.dep_ not in ev.CLAUSES]
        frontier = next_frontier
    return found


def _addressees(verb: Token, quoted: Quoted, context: ev.Context) -> list[ActorRef]:
    """The named persons and organisations a statement is told to: the speech verb's indirect or
    direct object ("told Paul Grant that…", found as `object`), its « à X » (« a assuré à Lina
    Okafor que… ») or "to X" ("said to Lina Okafor"), found as `oblique` — a person or an
    organisation, not a place, nor a word of the quotation."""
    actors = context.actors
    found: list[ActorRef] = []
    inverted = _inverted_incise(verb, quoted, context)
    for noun, via in _addressee_nouns(verb):
        if inverted and via == "object" and noun.i > verb.i:
            continue  # « », a affirmé à Lina Okafor le directeur, X »: X, the inverted speaker
        if quoted.covers(noun.idx) or noun.pos_ not in ("PROPN", "NOUN"):
            continue
        found += [ActorRef(a.entity_id, a.name, via=via) for a in actors.of_phrase(noun)
                  if actors.is_person(a) or actors.is_organisation(a)]
    return found


def _inverted_incise(verb: Token, quoted: Quoted, context: ev.Context) -> bool:
    """Whether a French speech verb stands in an incise after a quotation with no subject of its
    own outside it (« « … », a affirmé lundi à Lina Okafor le directeur de Norvex, Paul Grant »):
    the parser reads the inverted subject as an object, which is the speaker, not an addressee."""
    if context.actors.lang != "fr":
        return False
    if any(c.dep_ in ev.SUBJECTS and not quoted.covers(c.idx) for c in children(verb)):
        return False
    sentence = context.actors.sentence_of(verb)
    return any(quoted.covers(token.idx) for token in sentence if token.i < verb.i)


def _addressee_nouns(verb: Token) -> list[tuple[Token, str]]:
    nouns = [(c, "object") for c in children(verb) if c.dep_ in _ADDRESSEES]
    nouns += [(c, "oblique") for c in children(verb)
              if c.dep_.startswith("obl") and ev.preposition(c) in ADDRESSEE_PREPOSITIONS]
    nouns += [(pobj, "oblique") for prep in children(verb) if prep.dep_ == "prep" and prep.lower_ == "to"
              for pobj in children(prep) if pobj.dep_ == "pobj"]
    return nouns


class Quoted:
    """The text offsets inside a quote: the quotes by start, each with the furthest end
    reached so far, so that an offset is looked up by bisection."""

    def __init__(self, quotes: Iterable[Quote]) -> None:
        spans = sorted((q.start, q.end) for q in quotes)
        self.starts = [start for start, _ in spans]
        self.reach = list(accumulate((end for _, end in spans), max))

    def covers(self, offset: int) -> bool:
        """Whether some quote has ``start <= offset < end``."""
        index = bisect_right(self.starts, offset)
        return index > 0 and self.reach[index - 1] > offset
