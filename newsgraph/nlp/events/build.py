"""From a trigger word to an event: its participants (verb or noun roles), place, date,
modality, quote and the rules' salience verdict; None when nobody acts."""

from __future__ import annotations

from spacy.symbols import NOUN, VERB
from spacy.tokens import Span, Token

from newsgraph.model import ActorRef, Event, Quote, content_id
from newsgraph.model import Span as TextSpan
from newsgraph.nlp.component import text_of
from newsgraph.nlp.entities_types import demonyms
from newsgraph.nlp.event_lexicon import Trigger, open_trigger, place_acting_types
from newsgraph.nlp.events.actors import Actors
from newsgraph.nlp.events.context import Context
from newsgraph.nlp.events.dates import date_for, event_date, is_future
from newsgraph.nlp.events.modality import cues_of, modality_of
from newsgraph.nlp.events.nouns import noun_roles, roles_from_verb
from newsgraph.nlp.events.roles import Roles, drop_self_targets, open_phrases, setting_place, told_away
from newsgraph.nlp.events.salience_rules import rules_allow_but_quotation, told_as_fact
from newsgraph.nlp.events.syntax import (
    OBJECTS,
    PASSIVE_SUBJECTS,
    SUBJECTS,
    children,
    is_passive,
    preposition,
    verb_of_oblique,
)
from newsgraph.nlp.events.types import trigger_of
from newsgraph.nlp.events.verbs import verb_roles
from newsgraph.nlp.lexicon import word_list
from newsgraph.nlp.models import lemma

_NOT_MEANT = frozenset({"negated", "denied"})  # a plan that is not one
# Event types of a statement or a release: what speech is told in (not settings.MEDIUM_TYPES)
_SPEECH_MEDIUM_TYPES = frozenset({"PUBLISH", "ANNOUNCE"})
# "said in a statement", « par communiqué »: not a topic ("commented on the release of the report")
_MEDIUM_PREPS = frozenset({"in", "through", "via", "dans", "par"})


def build_event(token: Token, trigger: Trigger, sentence: Span, context: Context) -> Event | None:
    """The event ``trigger`` names at ``token``, or None: speech told as publishing, a light
    verb whose object is the event, or nobody acting."""
    actors = context.actors
    if trigger.type in _SPEECH_MEDIUM_TYPES and _introduces_quote(token, actors):
        return None  # "a publié la compagnie sur X", "said in a statement": speech (statements.py)
    verbal = actors.pos_ids[token.i] == VERB
    if verbal and _is_light_verb_of_trigger(token, context, open_domain=trigger.open):
        return None
    if verbal and trigger.open and _intends_its_complement(token, context):
        return None  # "plans to sign", « prévoit de signer »: the event is the act planned
    roles = _roles(token, trigger, actors)
    if not roles.source:  # "Three men were arrested, police said": the police arrested them
        roles.source = police_teller(token, trigger, context, roles.place)
    if not roles.source and not roles.target and not (trigger.open and roles.place is not None):
        return None  # nobody acts: "la menace", "des missiles ont été tirés" name no event of someone
    if roles.place is None and not told_away(token, actors):
        roles.place = setting_place(token, sentence, context.actors)
    event = make_event(token, trigger.type, trigger.mode, roles, sentence, context)
    if trigger.open:
        context.open_ids.add(event.id)
    return event


_ARREST = "COERCE/arrest"
_POLICE_SECTOR = "COP"


def police_teller(token: Token, trigger: Trigger, context: Context,
                  place: ActorRef | None = None) -> list[ActorRef]:
    """"Three men were arrested in Leeds, police said", « Trois hommes ont été arrêtés, a
    annoncé la police »: an arrest told in the passive with no agent, in the words of a police
    force (a group of the police sector of ``plover_actors``), was made by that force — not by
    the police of a country or town the arrest's ``place`` is not named in ("arrested in Spain,
    Norwegian police said")."""
    if f"{trigger.type}/{trigger.mode}" != _ARREST or context.actors.pos_ids[token.i] != VERB \
            or not is_passive(token):
        return []
    quote = _quote_around(token.idx, context.quotes)
    speaker = quote.speaker if quote is not None else None
    if speaker is None or speaker.start is None or speaker.end is None:
        return []
    words = context.doc.char_span(speaker.start, speaker.end, alignment_mode="expand")
    if words is None or context.actors.sectors.get(lemma(words.root)) != _POLICE_SECTOR:
        return []
    if place is not None and place.name not in words.text and _of_a_place(words, context.actors):
        return []
    return [ActorRef(speaker.entity_id, speaker.name, via="speaker")]


def _of_a_place(words: Span, actors: Actors) -> bool:
    """Whether a group's words name where it is from: a nationality ("Norwegian police", « la
    police norvégienne ») or a place ("Oslo police")."""
    return any(t.i != words.root.i and (t.lower_ in demonyms(actors.lang) or
                                        ((e := actors.entity_at(t)) is not None and e.type == "LOC"))
               for t in words)


def dated_retelling(token: Token, trigger: Trigger, sentence: Span, context: Context) -> Event | None:
    """A definite event noun that names nobody but is dated by its clause ("Her appointment was
    announced in December 2019", "la condamnation, prononcée le 20 mars"): the event of its type
    told before, told again with its date.  Not a news noun of a general type: its clause's verb
    is often another act on the event ("The verdict was overturned on June 14" does not date the
    conviction).  A mention for :func:`merge_mentions` to lend that date to the event it retells;
    never an event of its own (nobody acts in it)."""
    if token.pos_ != "NOUN" or trigger.open or not _dated_with_its_clause(token, sentence, context):
        return None
    event = make_event(token, trigger.type, trigger.mode, Roles([], [], None), sentence, context)
    return event if event.date_from == "text" and event.modality in ("asserted", "reported") else None


def _dated_with_its_clause(noun: Token, sentence: Span, context: Context) -> bool:
    """Whether the time expression that dates ``noun`` is its own ("the Nov. 8 election") or
    its verb's, the noun being that verb's subject or object ("Her appointment was announced
    in December"): not a noun inside another complement ("a voté l'an dernier une motion …
    y compris le lancement d'un missile" does not date the launch)."""
    expression = date_for(noun, sentence, context.times)
    time = next((tok for t, tok in context.times if t is expression), None)
    if time is None:
        return False
    if noun.is_ancestor(time):
        return True
    if time.dep_ == "pobj":  # English "in December": the preposition hangs on the verb
        time = time.head
    return noun.dep_ in SUBJECTS | PASSIVE_SUBJECTS | OBJECTS and time.head.i == noun.head.i


def _roles(token: Token, trigger: Trigger, actors: Actors) -> Roles:
    pos = actors.pos_ids
    roles = verb_roles(token, trigger, actors) if pos[token.i] == VERB else noun_roles(token, trigger, actors)
    if trigger.open:
        open_phrases(token, roles, actors)
        if pos[token.i] == NOUN and pos[token.head.i] == VERB and token.head.i != token.i:
            roles_from_verb(token, trigger, roles, actors)
    drop_self_targets(roles)
    if not roles.source and not roles.target and roles.place is not None \
            and trigger.type in place_acting_types():
        roles.source = [roles.place]  # "les élections locales à Londres": London holds them
    return roles


def _introduces_quote(token: Token, actors: Actors) -> bool:
    """A publishing verb that introduces a quote, or a noun of publication or announcement that
    is the medium a verb of saying speaks through ("said in a statement", « a indiqué dans un
    communiqué »: after "in", "through", « dans », « par »): one act of speech, told by the verb.
    A publication a verb of saying only talks about ("commented on the release of the report by
    Norvex") is an event of its own."""
    if token.i in actors.cues:
        return True
    verb = verb_of_oblique(token) if token.pos_ == "NOUN" else None
    if verb is None:
        return False
    return verb.i in actors.cues or (lemma(verb) in word_list("speech_verbs", actors.lang)
                                     and preposition(token) in _MEDIUM_PREPS)


def _is_light_verb_of_trigger(verb: Token, context: Context, *, open_domain: bool = False) -> bool:
    """"effectuer une visite", "announce a strike": the event is the noun.  An open-domain verb
    also gives way to an open-domain noun object."""
    lang = context.actors.lang
    if lemma(verb) not in word_list("light_verbs", lang):
        return False
    return any(c.dep_ in OBJECTS and (trigger_of(c, lang) is not None
                                      or (open_domain and open_trigger(c, lang) is not None))
               for c in children(verb))


def _intends_its_complement(verb: Token, context: Context) -> bool:
    """An open-domain verb of planning or intent ("plans to sign", « prévoit de signer »,
    ``plan`` in ``modality_cues``) whose infinitive names an event: one event, the act planned
    (whose modality the cue makes ``planned``), not two.  Not a negated one ("does not plan to
    sign", « ne prévoit pas de signer »): the act would be left alone, ``planned``, and the
    negation lost."""
    lang = context.actors.lang
    if lemma(verb) not in cues_of(lang).plan or modality_of(verb, lang, in_quote=False) in _NOT_MEANT:
        return False
    return any(c.dep_ == "xcomp" and c.pos_ == "VERB" and (trigger_of(c, lang) is not None
                                                          or open_trigger(c, lang) is not None)
               for c in children(verb))


def make_event(
    token: Token, etype: str, mode: str | None, roles: Roles, sentence: Span, context: Context,
) -> Event:
    """The event at ``token`` with these roles: its date, modality, quote and the rules' verdict."""
    text = text_of(context.doc)
    start, end = token.idx, token.idx + len(token.text)
    containing = _quote_around(start, context.quotes)
    if containing is not None and containing.cue is not None and \
            containing.cue.start <= start < containing.cue.end:
        containing = None  # « ils ont « condamné » les violences »: the act's own word, quoted
    in_quote = containing is not None
    modality = modality_of(token, context.actors.lang, in_quote=in_quote)
    date, date_from = event_date(token, sentence, context)
    if date is not None and date_from == "text" and modality == "asserted" and is_future(date, context):
        modality = "planned"
    # "X were arraigned on Wednesday, according to Y": a fact on Y's authority, not Y's words
    quoted = in_quote and containing is not None and containing.kind != "according_to"
    allowed = rules_allow_but_quotation(token, roles, modality=modality, date=date, date_from=date_from,
                                       context=context)
    return Event(
        id=content_id(context.article.id, str(start), etype, prefix="ev_"),
        type=etype,
        mode=mode,
        trigger=TextSpan(start, end, text[start:end]),
        sentence=(sentence.start_char, sentence.end_char),
        source=roles.source,
        target=roles.target,
        place=roles.place,
        date=date,
        date_from=date_from,
        modality=modality,
        quote_id=containing.id if containing is not None else None,
        confidence=_confidence(roles, date_from=date_from, verbal=context.actors.pos_ids[token.i] == VERB),
        salient=allowed and not quoted,
        lemma=lemma(token),
        left_to_model=allowed and quoted and told_as_fact(token, sentence),
    )


def _quote_around(offset: int, quotes: list[Quote]) -> Quote | None:
    return next((q for q in quotes if q.start <= offset < q.end), None)


def _confidence(roles: Roles, *, date_from: str, verbal: bool) -> float:
    score = 0.35
    score += 0.2 if any(a.entity_id for a in roles.source) else 0.1 if roles.source else 0.0
    score += 0.15 if roles.target else 0.0
    score += 0.15 if date_from == "text" else 0.0
    score += 0.1 if verbal else 0.0
    return min(score, 0.95)
