"""Gender where the text marks it (agreement, pronouns, honorifics, roles) — on sentences we
wrote, with the traps: epicene words, a woman quoted about a man, a role noun that is not an
apposition, coordinated subjects, conflicting evidence, first names alone."""

from __future__ import annotations

import pytest

import newsgraph
from newsgraph.nlp.gender import Evidence, decide


def genders(text: str, lang: str) -> dict[str, str]:
    article = newsgraph.extract(text, lang=lang)
    return {e.name: e.gender for e in article.entities if e.type == "PER"}


def test_decide_needs_agreement_between_all_evidence() -> None:
    female = Evidence("f", "agreement", 0, 1)
    male = Evidence("m", "pronoun", 5, 7)
    assert decide([female, female]) == "f"
    assert decide([male]) == "m"
    assert decide([female, male]) == "unknown"
    assert decide([]) == "unknown"


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ("Marie Dupont est arrivée mardi à Lyon.", "Marie Dupont", "f"),
        ("Paul Garnier est arrivé lundi à Lyon.", "Paul Garnier", "m"),
        ("Claire Moreau a été nommée à la tête de l'agence.", "Claire Moreau", "f"),
        ("Sophie Lenoir s'est montrée prudente.", "Sophie Lenoir", "f"),
        ("Anne Petit, qui a été élue en 2020, a refusé de commenter.", "Anne Petit", "f"),
        ("Claire Moreau a quitté Paris et est arrivée lundi à Lyon.", "Claire Moreau", "f"),
        ("Le juge Marc Roy est arrivé lundi au tribunal.", "Marc Roy", "m"),  # after a title
    ],
)
def test_french_agreement_with_a_named_subject(text: str, name: str, expected: str) -> None:
    assert genders(text, "fr")[name] == expected


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Jean Roux est optimiste.", "Jean Roux"),  # epicene adjective
        ("Claude Moreau est calme.", "Claude Moreau"),  # epicene, though tagged masculine
        ("Marie Dupont s'est demandé si le projet tiendrait.", "Marie Dupont"),  # no agreement
        ("Julie Bernard a dit que le projet était mort.", "Julie Bernard"),  # avoir participle
        ("Marie Dupont a parlé aux salariés jeudi.", "Marie Dupont"),  # a first name is no evidence
    ],
)
def test_french_words_that_mark_nothing(text: str, name: str) -> None:
    assert genders(text, "fr")[name] == "unknown"


def test_coordinated_subjects_are_skipped() -> None:
    found = genders("Marie Dupont et Paul Garnier sont arrivés lundi à Lyon.", "fr")
    assert set(found.values()) == {"unknown"}
    found = genders("Claire Moreau ou Paul Garnier sera nommé président.", "fr")
    assert set(found.values()) == {"unknown"}


def test_conflicting_evidence_gives_unknown() -> None:
    text = "Mme Claude Moreau a parlé lundi. Claude Moreau est arrivé mardi à Lyon."
    assert genders(text, "fr")["Claude Moreau"] == "unknown"


def test_feminine_role_before_the_name_marks_that_name_only() -> None:
    found = genders("La ministre Claire Moreau a reçu Paul Garnier à Lyon.", "fr")
    assert found == {"Claire Moreau": "f", "Paul Garnier": "unknown"}


def test_a_role_after_the_name_that_is_not_its_apposition_marks_nothing() -> None:
    assert genders("Paul Garnier a rencontré la ministre lundi.", "fr")["Paul Garnier"] == "unknown"
    # after a comma, but the subject of a clause of its own
    found = genders("Selon Paul Garnier, la ministre de la Santé a menti.", "fr")
    assert found["Paul Garnier"] == "unknown"


def test_reflexive_pronouns_agree_with_their_subject() -> None:
    assert genders("Paul Martin defended himself on Tuesday.", "en")["Paul Martin"] == "m"
    assert genders("Mary Jones herself said nothing.", "en")["Mary Jones"] == "f"
    # the pronoun after another name is not about the subject
    found = genders("Paul Garnier a reçu Marie Dupont elle-même.", "fr")
    assert set(found.values()) == {"unknown"}
    assert set(genders("Paul Martin told Mary Jones herself.", "en").values()) == {"unknown"}


def test_a_pronoun_attributed_to_the_only_candidate_is_evidence() -> None:
    text = (
        "Sam Taylor dirige l'agence depuis 2020. "
        "« Nous sommes prêts », a-t-elle déclaré lundi."
    )
    assert genders(text, "fr")["Sam Taylor"] == "f"
    text = 'Sam Taylor has run the agency since 2020. "We are ready," she said on Monday.'
    assert genders(text, "en")["Sam Taylor"] == "f"


def test_a_pronoun_with_another_possible_referent_is_no_evidence() -> None:
    text = (
        "Sam Taylor a rencontré Alex Morel lundi. "
        "« Nous sommes prêts », a-t-elle déclaré."
    )
    assert set(genders(text, "fr").values()) == {"unknown"}
    text = 'Sam Taylor met Alex Brown on Monday. "We are ready," she said.'
    assert set(genders(text, "en").values()) == {"unknown"}


def test_an_unnamed_person_or_an_organisation_may_be_what_the_pronoun_stands_for() -> None:
    text = (
        "Un témoin a vu Sam Taylor devant la gare. "
        "« Tout est allé très vite », a-t-il raconté."
    )
    assert genders(text, "fr")["Sam Taylor"] == "unknown"
    text = (
        "Sam Taylor dirige le service. La Commission européenne a publié un rapport. "
        "« Le texte est prêt », a-t-elle ajouté."
    )
    assert genders(text, "fr")["Sam Taylor"] == "unknown"


def test_a_woman_quoted_about_a_man() -> None:
    # He is marked by agreement, so "elle" can only be her; he stays m, she becomes f.
    text = (
        "Paul Garnier a été renvoyé lundi. Sam Taylor dirigeait le service. "
        "« Il a menti à tout le monde », a-t-elle déclaré."
    )
    found = genders(text, "fr")
    assert found == {"Paul Garnier": "m", "Sam Taylor": "f"}
    # The man's pronoun inside her quotation is no evidence for anyone.
    text = 'Alex Brown resigned on Monday. "He lied to all of us," Sam Taylor said.'
    assert set(genders(text, "en").values()) == {"unknown"}


def test_a_role_that_is_no_apposition_does_not_rule_a_rival_out() -> None:
    # "la présidente" is not Paul Garnier (a clause of its own), so he may be the "il".
    text = (
        "Selon Paul Garnier, la présidente a menti. Sam Taylor dirige le service. "
        "« Tout est faux », a-t-il déclaré."
    )
    assert set(genders(text, "fr").values()) == {"unknown"}


@pytest.mark.parametrize(
    ("text", "lang", "name", "expected"),
    [
        ("« Nous ferons grève », a affirmé son porte-parole, M. Luc Aubert.", "fr", "Luc Aubert", "m"),
        ("Selon M. le président Luc Aubert, le texte est prêt.", "fr", "Luc Aubert", "m"),
        ("The report was written by Mrs. Dana Whitfield last year.", "en", "Dana Whitfield", "f"),
    ],
)
def test_honorifics_before_the_name(text: str, lang: str, name: str, expected: str) -> None:
    assert genders(text, lang)[name] == expected
