"""Where reported speech ends after its cue: the end of its sentence, wherever the parser hung
the words after a quotation mark or a comma, but not the reporter's own next verb, participle
or according-to phrase.  Every sentence here is written for the test."""

from __future__ import annotations

from typing import Any

import pytest

from newsgraph.ingest.document import SourceDocument
from newsgraph.model import Article
from newsgraph.nlp.entities import EntityComponent
from newsgraph.nlp.pipeline import Runner
from newsgraph.nlp.quotes import QuoteComponent


def analyse(text: str, lang: str, **options: Any) -> Article:
    runner = Runner(components=[EntityComponent(), QuoteComponent(**options)])
    return runner.analyse_one(SourceDocument(source="<test>", text=text, lang=lang))



def indirect_texts(text: str, lang: str) -> list[str]:
    return [q.text for q in analyse(text, lang, learned=False).quotes if q.kind == "indirect"]


def test_the_words_after_a_closing_mark_belong_to_the_report() -> None:
    text = ("La préfecture considère qu’il s’agit là d’une façon utile de repérer les comptes "
            "qui passent « sous les radars », par exemple des personnes installées à Chypre.")
    assert indirect_texts(text, "fr") == [
        "il s’agit là d’une façon utile de repérer les comptes qui passent « sous les "
        "radars », par exemple des personnes installées à Chypre"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Officials said on Tuesday that the bridge would reopen in May, according to a statement.",
         ["the bridge would reopen in May"]),
        ("The mayor said the bridge would reopen in May, adding that the ferry would run until then.",
         ["the bridge would reopen in May", "the ferry would run until then"]),
    ],
)
def test_the_reporters_own_words_after_the_report_are_not_reported(text: str,
                                                                    expected: list[str]) -> None:
    assert indirect_texts(text, "en") == expected


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("The mayor said the bridge was closed by the province \"because they never liked this "
         "town.\"", "en",
         "the bridge was closed by the province \"because they never liked this town"),
        ("Le maire a expliqué que le pont restera fermé parce que « les travaux ont pris du "
         "retard ».", "fr", "le pont restera fermé parce que « les travaux ont pris du retard »"),
        ("Le maire a affirmé que les blessés étaient hospitalisés mais que « leurs vies ne "
         "semblaient pas en danger ».", "fr", "les blessés étaient hospitalisés"),
    ],
)
def test_a_quoted_subordinate_clause_continues_the_report(text: str, lang: str,
                                                          expected: str) -> None:
    """A quotation that continues the reported clause as a subordinate clause (``because``,
    ``parce que``) is part of it (SOURCES.md: a mixed clause is annotated whole); after a
    coordinating conjunction (``mais que « … »``) the quotation is a quote of its own."""
    assert indirect_texts(text, lang) == [expected]


def test_a_preposition_in_ing_after_a_comma_stays_in_the_report() -> None:
    """``…, including the bike lanes``: a participle used as a preposition is no comment of
    the writer's closing the sentence (``…, raising questions on…`` is)."""
    assert indirect_texts("The mayor said the bridge would reopen in May, including the bike "
                          "lanes.", "en") == ["the bridge would reopen in May, including the bike lanes"]
    assert indirect_texts("Officials said it takes several days to test a sample, raising "
                          "questions on the delay.", "en") == ["it takes several days to test a sample"]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("OTTAWA — The government will raise taxes next year, the minister said on Monday.", "en",
         "The government will raise taxes next year"),
        ("NORTH BAY, Ont. (CP) — The mill will close in May, the union said.", "en",
         "The mill will close in May"),
        ("PARIS (AFP) — Le gouvernement augmentera les impôts, a déclaré le ministre.", "fr",
         "Le gouvernement augmentera les impôts"),
    ],
)
def test_a_dateline_is_no_part_of_what_was_said(text: str, lang: str, expected: str) -> None:
    """A dateline opening the paragraph (a place in capitals, maybe a province or an agency,
    then a dash) is not in the reported words."""
    assert indirect_texts(text, lang) == [expected]
