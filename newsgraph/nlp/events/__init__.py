"""Typed events: who did what to whom, where, when, and how sure the text is (``docs/events.md``).

One module per concern, in the order an event is found:

* ``candidates``: the words that may name an event, in text order (lexicon triggers, open-domain
  predicates), built into events, with statements (``nlp/statements.py``), then merged.
* ``types``: a word's PLOVER type and mode from ``data/plover_triggers.LANG.tsv`` and its
  conditions; else ``event_lexicon.open_trigger`` types it (general news types, OTHER).
* ``build``: from a trigger to an ``Event`` (roles, place, date, modality, quote, rules' verdict).
* ``actors``: who may act (entities, named groups, pronoun referents, described persons).
* ``verbs``, ``nouns``, ``roles``: participants and place from the dependency parse
  (subject → source; objects, passive subject → target; obliques; "de/of" of a noun; the
  setting named before; noun-phrase participants of open-domain events).
* ``dates``: the time expression that dates the event, else the article date (``from``).
* ``modality``: denied, negated, alleged, hypothetical, planned, reported, asserted.
* ``salience_rules``: which events may be salient; the learned model (``event_salience``) ranks.
* ``mentions``: one event, many mentions (in-article coreference).
* ``syntax``: dependency labels and clause structure; ``context``: what one article's run reads.
* ``component``: ``EventComponent``, ``article_context`` (what one article's run reads, built
  from an analysed Doc) and ``find_events`` (candidates scored by the model).

What other modules use is imported from here (``from newsgraph.nlp.events import …``).
"""

from __future__ import annotations

from newsgraph.nlp.event_lexicon import Trigger, known_types, triggers
from newsgraph.nlp.events.actors import Actors, unique_refs
from newsgraph.nlp.events.build import make_event
from newsgraph.nlp.events.candidates import candidate_events
from newsgraph.nlp.events.component import EventComponent, article_context, salience_inputs
from newsgraph.nlp.events.context import Context
from newsgraph.nlp.events.dates import as_date, dated_tokens, in_sentence, token_of
from newsgraph.nlp.events.syntax import CLAUSES, SUBJECTS, preposition
from newsgraph.nlp.events.types import trigger_of
from newsgraph.nlp.events.verbs import verb_roles

__all__ = [
    "CLAUSES", "SUBJECTS", "Actors", "Context", "EventComponent", "Trigger", "article_context", "as_date",
    "candidate_events", "dated_tokens", "in_sentence", "known_types", "make_event", "preposition",
    "salience_inputs", "token_of", "trigger_of", "triggers", "unique_refs", "verb_roles",
]
