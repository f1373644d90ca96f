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
* ``component``: ``EventComponent`` and ``find_events`` (candidates scored by the model).

What other modules use is imported from here (``from newsgraph.nlp.events import …``).
"""

from __future__ import annotations

from newsgraph.nlp.event_lexicon import Trigger, known_types, mode_families, triggers
from newsgraph.nlp.events.actors import Actors, actor_sectors, group_name, unique_refs
from newsgraph.nlp.events.build import build_event, make_event
from newsgraph.nlp.events.candidates import candidate_events, theme_of
from newsgraph.nlp.events.component import EventComponent, find_events, salience_inputs
from newsgraph.nlp.events.context import Context
from newsgraph.nlp.events.dates import DatedTokens, DateFrom, as_date, date_for, dated_tokens, token_of
from newsgraph.nlp.events.mentions import merge_mentions
from newsgraph.nlp.events.modality import modality_of
from newsgraph.nlp.events.nouns import noun_roles
from newsgraph.nlp.events.roles import Roles, setting_place
from newsgraph.nlp.events.salience_rules import is_salient
from newsgraph.nlp.events.syntax import CLAUSES, SUBJECTS, preposition
from newsgraph.nlp.events.types import condition_holds, lexicon_triggers, trigger_of
from newsgraph.nlp.events.verbs import verb_roles

__all__ = [
    "CLAUSES", "SUBJECTS", "Actors", "Context", "DateFrom", "DatedTokens", "EventComponent",
    "Roles", "Trigger", "actor_sectors", "as_date", "build_event", "candidate_events",
    "condition_holds", "date_for", "dated_tokens", "find_events", "group_name", "is_salient",
    "known_types", "lexicon_triggers", "make_event", "merge_mentions", "modality_of",
    "mode_families", "noun_roles", "preposition", "salience_inputs", "setting_place",
    "theme_of", "token_of", "trigger_of", "triggers", "unique_refs", "verb_roles",
]
