"""The pipeline component: an article's events, found (``candidates``) and scored by the
shipped salience model (``event_salience``)."""

from __future__ import annotations

from typing import ClassVar

from spacy.tokens import Doc

from newsgraph.model import Article, Event
from newsgraph.nlp.component import Component, article_of
from newsgraph.nlp.event_salience import apply as apply_salience
from newsgraph.nlp.event_salience import default_model as default_salience_model
from newsgraph.nlp.event_salience import event_features
from newsgraph.nlp.events.actors import Actors
from newsgraph.nlp.events.candidates import candidate_events
from newsgraph.nlp.events.context import Context
from newsgraph.nlp.events.dates import dated_tokens
from newsgraph.nlp.quote_marks import article_quotations


class EventComponent(Component):
    """Fills ``article.events`` with typed events, their actors, place, date and modality."""

    name: ClassVar[str] = "events"
    reads: ClassVar[frozenset[str]] = frozenset(
        {"article.entities", "article.times", "doc.sents", "token.dep", "token.pos", "token.morph"}
    )
    writes: ClassVar[frozenset[str]] = frozenset({"article.events"})

    def __call__(self, doc: Doc) -> Doc:
        article = article_of(doc)
        article.events = find_events(article_context(doc, article))
        return doc


def article_context(doc: Doc, article: Article) -> Context:
    """What finding the events of ``doc`` reads: its actors, its dated words, its quotes with a
    speaker (the entity, quote and time components have run)."""
    return Context(doc, article, Actors(doc, article), dated_tokens(doc, article.times),
                   [q for q in article.quotes if q.speaker is not None], article_quotations(article.text))


def find_events(context: Context) -> list[Event]:
    """Every typed event of the article, one per real-world event (see ``merge_mentions``),
    scored by the shipped salience model (``event_salience``)."""
    events = candidate_events(context)
    rule, only_quoted, is_open = salience_inputs(events, context)
    rows = event_features(events, context.article, rule_salient=rule, open_domain=is_open)
    apply_salience(default_salience_model(), events, rows, rule_salient=rule, only_quoted=only_quoted,
                   open_domain=is_open)
    return events


def salience_inputs(events: list[Event], context: Context) -> tuple[list[bool], list[bool], list[bool]]:
    """Before the model: the rules' salience verdict, whether only the quotation rule holds
    one of the event's mentions back (the model may still make it salient: merged mentions are
    salient if one is), and whether it is open-domain."""
    rules = [e.salient for e in events]
    return rules, [e.left_to_model for e in events], [e.id in context.open_ids for e in events]
