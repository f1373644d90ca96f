"""The quotation rule left to the learned model (docs/events.md, "Learned salience"): an event
that only rule 2 holds back (told inside a speaker's quotation, every other rule met) is scored
and may be salient; the rules' verdict, the rules-only path and every other rule stay as they
were.  Sentences and rows written for these tests; nothing from the evaluation articles."""

from __future__ import annotations

import pytest
from test_event_recall import candidates

from newsgraph.model import Event
from newsgraph.model import Span as TextSpan
from newsgraph.nlp import events as ev
from newsgraph.nlp.event_salience import SalienceModel, apply, event_features

DATE = "2024-03-08"


def inputs(text: str, lang: str) -> dict[str, tuple[bool, bool, dict[str, float]]]:
    """Per trigger: the rules' verdict, whether only the quotation rule holds it back, its row."""
    events, context = candidates(text, lang, DATE)
    rule, only_quoted, is_open = ev.salience_inputs(events, context)
    rows = event_features(events, context.article, rule_salient=rule, open_domain=is_open)
    return {e.trigger.text: (r, q, row) for e, r, q, row in zip(events, rule, only_quoted, rows, strict=True)}


@pytest.mark.parametrize(("text", "lang", "trigger"), [
    ("« Norvex a fermé son usine de Halvard mardi », a déclaré Paul Grant.", "fr", "fermé"),
    ('"Norvex closed its Halvard plant on Tuesday," Lina Okafor said.', "en", "closed"),
])
def test_a_fact_told_in_a_quotation_is_left_to_the_model(text: str, lang: str, trigger: str) -> None:
    rule, only_quoted, row = inputs(text, lang)[trigger]
    assert not rule and only_quoted
    assert row["quoted"] == 1.0 and row["rule_salient"] == 0.0


def test_an_unreal_act_in_a_quotation_stays_held_back() -> None:
    rule, only_quoted, row = inputs("« Norvex pourrait fermer son usine de Halvard », a déclaré "
                                    "Paul Grant.", "fr")["fermer"]
    assert not rule and not only_quoted and row["quoted"] == 1.0


def test_a_fact_told_according_to_a_source_is_no_quotation() -> None:
    rule, only_quoted, row = inputs("According to Lina Okafor, Norvex closed its Halvard plant on "
                                    "Tuesday.", "en")["closed"]
    assert rule and not only_quoted
    assert row["quoted"] == 0.0 and row["in_quote"] == 1.0


def event(start: int) -> Event:
    return Event(id=f"ev_{start}", type="OTHER", mode=None, trigger=TextSpan(start, start + 5, "acted"),
                 sentence=(0, 40), modality="asserted")


def test_the_model_decides_an_event_held_back_by_the_quotation_rule_alone() -> None:
    events = [event(0), event(10), event(20)]
    rows = [{"quoted": 1.0}, {"quoted": 1.0}, {"quoted": 1.0}]
    model = SalienceModel({"quoted": 4.0}, bias=0.0, threshold=0.5)
    apply(model, events, rows, rule_salient=[False, False, True], only_quoted=[True, False, False],
          open_domain=[True] * 3)
    assert [e.salient for e in events] == [True, False, True]
    apply(None, events, rows, rule_salient=[False, False, True], only_quoted=[True, False, False],
          open_domain=[False] * 3)
    assert [e.salient for e in events] == [False, False, True]  # without a model, the rules alone


@pytest.mark.parametrize(("text", "lang", "trigger"), [
    ("« Norvex a-t-il fermé son usine de Lyon mardi ? », a demandé Paul Grant.", "fr", "fermé"),
    ("« J'espère que Norvex fermera son usine de Lyon le 14 septembre », a déclaré Paul Grant.", "fr",
     "fermera"),
    ("« Il faut que Norvex ferme son usine de Lyon le 14 septembre », a déclaré Paul Grant.", "fr", "ferme"),
    ('"I want Norvex to close its Leeds plant on September 14," Lina Okafor said.', "en", "close"),
    ('"We demand that Norvex close its Leeds plant," Lina Okafor said.', "en", "close"),
])
def test_a_question_a_wish_or_a_demand_in_a_quotation_is_not_left_to_the_model(
        text: str, lang: str, trigger: str) -> None:
    """Only a fact told in a quotation is left to the model (salience_rules.told_as_fact)."""
    _, only_quoted, row = inputs(text, lang)[trigger]
    assert not only_quoted and row["quoted"] == 1.0


def test_a_merged_mention_left_to_the_model_leaves_the_event_to_it() -> None:
    """The flag travels with its event, not with a word's offset: the event that takes a quoted
    mention over is left to the model too (mentions.merge_mentions)."""
    from newsgraph.model import ActorRef
    from newsgraph.nlp.events.mentions import merge_mentions

    def meeting(start: int, *, quoted: bool) -> Event:
        return Event(id=f"ev_{start}", type="CONSULT", mode="meet",
                     trigger=TextSpan(start, start + 4, "met"), sentence=(start, start + 40),
                     source=[ActorRef("Paul Grant", "ent_1")], target=[ActorRef("Lina Okafor", "ent_2")],
                     salient=not quoted, lemma="meet", left_to_model=quoted)

    merged = merge_mentions([meeting(0, quoted=False), meeting(50, quoted=True)])
    assert len(merged) == 1 and merged[0].left_to_model


@pytest.mark.parametrize(("text", "lang", "trigger"), [
    ("Norvex a fermé son usine de Halvard mardi. « Norvex a fermé son usine de Halvard mardi à cause des "
     "pertes », a déclaré Paul Grant.", "fr", "fermé"),
    ('Norvex closed its Halvard plant on Tuesday. "Norvex closed the Halvard plant on Tuesday because of the '
     'losses," Lina Okafor said.', "en", "closed"),
])
def test_an_event_told_by_the_narrator_too_is_not_quoted(text: str, lang: str, trigger: str) -> None:
    """``quoted`` reads every mention of a merged event: one the narrator tells too is not told only
    in a quotation, whichever mention leads (the quoted one leads in the French sentence)."""
    _, _, row = inputs(text, lang)[trigger]
    assert row["mentions"] > 0.0 and row["quoted"] == 0.0
