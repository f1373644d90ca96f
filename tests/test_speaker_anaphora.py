"""Who a short reference points to: an honorific among namesakes, kinship nouns as gender
evidence, ``ce dernier`` / ``the latter``, and a quotation inside the clause a cue reports.

Every sentence here is written for the test; none comes from an evaluation article.
"""

from __future__ import annotations

import pytest

import newsgraph
from newsgraph.model import Article, Quote
from tests.test_attribution import analyse


def genders(text: str, lang: str) -> dict[str, str]:
    article = newsgraph.extract(text, lang=lang)
    return {e.name: e.gender for e in article.entities if e.type == "PER"}


def speaker_of(article: Article, fragment: str) -> str | None:
    quote: Quote = next(q for q in article.quotes if fragment in q.text)
    return quote.speaker.name if quote.speaker else None


@pytest.mark.parametrize(
    ("text", "lang", "name", "expected"),
    [
        ("Le maire Paul Lebrun est venu avec son épouse Marie Lebrun.", "fr", "Marie Lebrun", "f"),
        ("La sénatrice Léa Roy est venue avec son mari Marc Roy.", "fr", "Marc Roy", "m"),
        ("Senator Paul Grady came with his wife Anne Grady.", "en", "Anne Grady", "f"),
        ("Mayor Ruth Kemp came with her husband Dan Kemp.", "en", "Dan Kemp", "m"),
    ],
)
def test_a_kinship_noun_marks_the_gender_of_the_name_it_introduces(
        text: str, lang: str, name: str, expected: str) -> None:
    assert genders(text, lang)[name] == expected


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Le ministre Paul Lebrun et son épouse Marie Lebrun ont visité l'usine. "
         "« Merci à tous », a lancé M. Lebrun aux ouvriers.", "fr", "Paul Lebrun"),
        ("Le ministre Paul Lebrun et son épouse Marie Lebrun ont visité l'usine. "
         "« Merci à tous », a lancé Mme Lebrun aux ouvriers.", "fr", "Marie Lebrun"),
        ("Senator Paul Grady and his wife Anne Grady toured the plant. "
         "\"Thank you all,\" Mr. Grady told the workers.", "en", "Paul Grady"),
    ],
)
@pytest.mark.parametrize("learned", [False, True])
def test_an_honorific_chooses_among_namesakes(text: str, lang: str, expected: str,
                                              learned: bool) -> None:
    assert speaker_of(analyse(text, lang, learned=learned), "Thank" if lang == "en" else "Merci") \
        == expected


@pytest.mark.parametrize(
    ("text", "lang", "fragment", "expected"),
    [
        ("Le juge Marc Morel a reçu l'avocat Paul Henry. Ce dernier a affirmé que son client "
         "était innocent.", "fr", "son client", "Paul Henry"),
        ("La juge Anne Morel a reçu l'avocate Léa Henry. Celle-ci a affirmé que son client "
         "était innocent.", "fr", "son client", "Léa Henry"),
        ("Judge Marc Morel met the lawyer Paul Henry on Monday. The latter said his client "
         "was innocent.", "en", "his client", "Paul Henry"),
    ],
)
@pytest.mark.parametrize("learned", [False, True])
def test_the_latter_is_the_person_named_last(text: str, lang: str, fragment: str,
                                             expected: str, learned: bool) -> None:
    assert speaker_of(analyse(text, lang, learned=learned), fragment) == expected


@pytest.mark.parametrize("learned", [False, True])
def test_a_quotation_inside_the_reported_clause_is_the_reporters(learned: bool) -> None:
    text = ("Mardi, Hélène Vidal, procureure de Rennes, a indiqué qu'une information judiciaire "
            "avait été ouverte pour « mise en danger de la vie d'autrui » après l'accident.")
    article = analyse(text, "fr", learned=learned)
    assert speaker_of(article, "mise en danger") == "Hélène Vidal"
