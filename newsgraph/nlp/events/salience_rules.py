"""Which events *may* be salient (docs/events.md, "Salience"): facts the article itself
reports.  The learned model (``event_salience``) decides among them, and also among the events
that only the quotation rule holds back (:func:`rules_allow_but_quotation`)."""

from __future__ import annotations

from spacy.tokens import Span, Token

from newsgraph.model import DateValue
from newsgraph.nlp.events.actors import Actors
from newsgraph.nlp.events.context import Context
from newsgraph.nlp.events.dates import is_past
from newsgraph.nlp.events.modality import content_of_claim
from newsgraph.nlp.events.roles import Roles
from newsgraph.nlp.events.syntax import (
    RELATIVE_CLAUSES,
    attached_participle,
    children,
    clause_verb,
    governors,
)
from newsgraph.nlp.lexicon import word_list
from newsgraph.nlp.models import feature, lemma

_UNREAL = frozenset({"hypothetical", "negated"})
# Actors found only in a complement of the event (a prepositional complement, the medium of a
# statement) or behind a possessive determiner take part in it but do not make it an act of a
# named actor (rule 3): "a hearing was held in U.S. District Court" is not the court's act.
COMPLEMENT_VIA = frozenset({"oblique", "medium", "complement", "possessive"})
_CLAIMED = frozenset({"alleged", "denied"})


def rules_allow_but_quotation(
    token: Token, roles: Roles, *, modality: str, date: DateValue | None, date_from: str, context: Context,
) -> bool:
    """Every rule but the quotation's (rule 2): a fact (:func:`is_salient`), not background
    about a noun, not only the content of an accusation or a denial, not an unscheduled plan.
    The rules' verdict is this and not told inside a quotation; an event this allows inside a
    quotation is left to the learned model, with its ``quoted`` feature (docs/events.md,
    "Learned salience")."""
    return is_salient(roles, modality=modality, actors=context.actors) \
        and not _background_participle(token, context) \
        and not (modality in _CLAIMED and content_of_claim(token, context.actors.lang)) \
        and not (modality == "planned" and not _scheduled(date, date_from, context))


def told_as_fact(token: Token, sentence: Span) -> bool:
    """Inside a quotation, the clause tells a fact, not a question (« a-t-il fermé … ? »), an
    order (an imperative, an English bare verb with no subject), a subjunctive (« il faut que
    Norvex ferme ») or the complement of a verb of wishing or demanding (« j'espère que … »,
    "we want them to …"; ``data/wish_verbs.LANG.txt``).  Only such a fact is left to the
    learned model when the quotation rule alone holds it back."""
    clause = clause_verb(token)
    if {"Imp", "Sub"} & set(feature(clause, "Mood")):
        return False
    if clause.tag_ == "VB" and clause.dep_ == "ROOT" \
            and not any(c.dep_.startswith("nsubj") for c in children(clause)):
        return False  # an English order: "Close the plant!"
    wishes = word_list("wish_verbs", token.lang_)
    if any(lemma(verb) in wishes for verb in governors(clause)):
        return False
    return not any(t.text == "?" for t in sentence[token.i - sentence.start:])


def is_salient(roles: Roles, *, modality: str, actors: Actors) -> bool:
    """A fact the article reports (docs/events.md, "Salience"): something that happened or is
    planned (not hypothetical or negated), done by or to a named actor, an institution or at a
    named place — not only by unnamed civilians ("un homme", "des passants")."""
    if modality in _UNREAL:
        return False
    if roles.place is not None or any(a.entity_id and a.via not in COMPLEMENT_VIA
                                      for a in (*roles.source, *roles.target)):
        return True
    sectors = (actors.group_sectors.get(a.name, "") for a in (*roles.source, *roles.target))
    return any(sector not in ("", "CVL") for sector in sectors)


def _scheduled(date: DateValue | None, date_from: str, context: Context) -> bool:
    """A planned event is a fact of the article when it is scheduled: dated by the text, not
    before the article ("les élections prévues le 2 mai"); an intention with no date of its own
    ("le juge en chef nommera un remplaçant", "a promis l'an dernier d'interdire") is not."""
    return date is not None and date_from == "text" and not is_past(date, context)


def _background_participle(token: Token, context: Context) -> bool:
    """A clause describing a noun with no date of its own tells background, not the news: a past
    participle ("des missiles interdits par l'ONU": a state) or a relative clause ("Khrouchtcheva,
    qui s'est entretenue avec CBC", "in Tehran, where he was attending the inauguration");
    with its own date it is an event ("Patrick Martin (élu le 6 juillet)", "Sophie Binet, qui a
    pris ses fonctions fin mars")."""
    if token.pos_ != "VERB":
        return False
    describes_noun = attached_participle(token) == "past" or (
        token.dep_ in RELATIVE_CLAUSES and token.head.pos_ in ("NOUN", "PROPN", "PRON"))
    return describes_noun and not any(token.is_ancestor(tok) for _, tok in context.times)
