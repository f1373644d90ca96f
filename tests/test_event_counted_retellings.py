"""Two tellings merged into one event that are not one (issue #17, docs/events.md, "Correctness
pass of merges (helper-73)"): a definite noun that counts its own people (« la mort de deux
sœurs », "the deaths of three sisters") is no retelling of one named person's event; « sa mort »,
"the death of the teenager" still retell it.  A mention whose only actor is a role noun and one
naming a person of that role are one event only when their open-domain predicates are one
("a senator wept" … "Senator Lina Okafor laughed": two acts).
Sentences written for these tests; nothing from the evaluation articles."""

from __future__ import annotations

import pytest
from test_event_participants import analyse


def deaths(text: str, lang: str) -> list[set[str]]:
    article = analyse(text, lang)
    return [{a.name for a in e.source + e.target} for e in article.events if e.type == "DEATH"]


@pytest.mark.parametrize(("text", "lang"), [
    ("Le ministère a annoncé la mort de Lina Okafor à Norvik. Vendredi soir, la police a envoyé des "
     "renforts, après la mort de deux sœurs à Norvik.", "fr"),
    ("The ministry announced the death of Lina Okafor in Norvik. On Friday night, the police sent more "
     "guards, after the deaths of three sisters in Norvik.", "en"),
])
def test_a_noun_counting_its_own_people_is_another_event(text: str, lang: str) -> None:
    told = deaths(text, lang)
    assert len(told) == 2
    assert sum("Lina Okafor" in names for names in told) == 1


@pytest.mark.parametrize(("text", "lang"), [
    ("Le ministère a annoncé la mort de Lina Okafor à Norvik. Vendredi soir, la police a envoyé des "
     "renforts, après sa mort à Norvik.", "fr"),
    ("The ministry announced the death of Lina Okafor in Norvik. On Friday night, the police sent more "
     "guards, after the death of the teenager in Norvik.", "en"),
])
def test_a_nameless_retelling_of_the_death_is_still_the_same_event(text: str, lang: str) -> None:
    told = deaths(text, lang)
    assert len(told) == 1
    assert "Lina Okafor" in told[0]


def test_the_meeting_of_the_two_leaders_still_retells_the_meeting() -> None:
    article = analyse("Anna Nowak a accueilli Olaf Berger mercredi. Une heure avant la rencontre des deux "
                      "dirigeants, la police a fermé le port.", "fr")
    meetings = [e for e in article.events if e.type == "CONSULT"]
    assert len(meetings) == 1
    assert {"Anna Nowak", "Olaf Berger"} <= {a.name for a in meetings[0].source + meetings[0].target}


@pytest.mark.parametrize(("text", "lang", "acts"), [
    ("A senator from Norvik wept on Monday. Senator Lina Okafor laughed during the vote.", "en", 2),
    ("Une sénatrice de Norvik a pleuré lundi. La sénatrice Lina Okafor a ri pendant le vote.", "fr", 2),
    ("A senator from Norvik wept on Monday. Senator Lina Okafor wept during the vote.", "en", 1),
])
def test_a_role_and_the_person_named_later_share_an_act_only_of_one_predicate(
        text: str, lang: str, acts: int) -> None:
    article = analyse(text, lang)
    assert len([e for e in article.events if e.type == "OTHER"]) == acts
