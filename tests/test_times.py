"""Time expressions on our own sentences, the seed article, and bad input."""

from __future__ import annotations

import datetime as dt

import pytest

from newsgraph.ingest.document import SourceDocument
from newsgraph.ingest.header import split_header
from newsgraph.model import Article, DateValue, TimeExpression
from newsgraph.nlp.pipeline import Runner
from newsgraph.nlp.times import TimeComponent, find_time_expressions, plausible_base


def analyse(text: str, lang: str, date: str | None) -> Article:
    runner = Runner(components=[TimeComponent()])
    parsed = DateValue.parse(date) if date else None
    document = SourceDocument(source="<test>", text=text, lang=lang, date=parsed)
    return runner.analyse_one(document)


def found(article: Article) -> list[tuple[str, str | None, str | None, str]]:
    return [(t.text, t.value, t.precision, t.kind) for t in article.times]


def one(article: Article, text: str) -> TimeExpression:
    matches = [t for t in article.times if t.text == text]
    assert matches, f"{text!r} not found in {found(article)}"
    return matches[0]


def test_french_absolute_and_relative_dates_against_a_day() -> None:
    article = analyse(
        "Le ministre a signé l'accord le 4 mai. Il était arrivé mercredi dernier à Lyon. "
        "En juillet, la société avait déjà été condamnée, comme l'année dernière. "
        "Le texte adopté le 13 septembre 2021 sera revu la semaine prochaine.",
        "fr", "2023-05-12",
    )
    assert (one(article, "le 4 mai").value, one(article, "le 4 mai").precision) == ("2023-05-04", "day")
    assert one(article, "mercredi dernier").value == "2023-05-10"
    assert one(article, "En juillet").value == "2022-07"
    assert one(article, "l'année dernière").value == "2022"
    assert one(article, "le 13 septembre 2021").value == "2021-09-13"
    assert one(article, "la semaine prochaine").value == "2023-W20"
    assert one(article, "la semaine prochaine").direction == "future"


def test_english_relative_dates_and_ago() -> None:
    article = analyse(
        "The minister resigned last Tuesday. Two days ago the party met, and it will vote next month. "
        "The company was founded in 1999 and has grown since 2006.",
        "en", "2024-03-08",
    )
    assert one(article, "last Tuesday").value == "2024-03-05"
    assert one(article, "Two days ago").value == "2024-03-06"
    assert one(article, "next month").value == "2024-04"
    assert one(article, "in 1999").value == "1999"
    assert one(article, "since 2006").direction == "past"


def test_durations_are_not_dates() -> None:
    text = "Après une guerre de 18 mois et au cours des deux derniers jours, rien n'a changé."
    article = analyse(text, "fr", "2023-09-01")
    assert one(article, "18 mois").kind == "duration"
    assert one(article, "18 mois").value is None
    assert one(article, "deux derniers jours").direction == "past"


def test_weekday_against_a_month_only_date_stays_a_month() -> None:
    article = analyse("Le président a rencontré mardi son homologue.", "fr", "2023-09")
    expression = one(article, "mardi")
    assert (expression.value, expression.precision) == ("2023-09", "month")


def test_english_modal_may_is_not_a_month() -> None:
    assert [m.kind for m in find_time_expressions("They may 4 times refuse.", "en")] == []


def test_nonsense_and_implausible_dates_are_flagged_not_raised() -> None:
    article = analyse("Le traité du 31 février 2020 et celui de 1450, signé en 2999.", "fr", "2023-01-10")
    assert one(article, "31 février 2020").value is None
    assert one(article, "en 2999").value is None
    assert any("no such day" in note for note in article.notes)
    assert any("implausible year 2999" in note for note in article.notes)


def test_header_contradicted_by_the_text_is_flagged() -> None:
    article = analyse("Le sommet s'est tenu le 13 septembre 2025 à Paris.", "fr", "2023-09-14")
    assert one(article, "le 13 septembre 2025").value == "2025-09-13"
    assert any("after the article date" in note for note in article.notes)


def test_implausible_article_dates_leave_relative_dates_unresolved() -> None:
    assert plausible_base(DateValue.parse("1850"))[0] is None
    assert plausible_base(DateValue.parse("2990-01-01"), today=dt.date(2024, 1, 1))[0] is None
    article = analyse("Il est venu hier.", "fr", "1850-05-01")
    assert one(article, "hier").value is None
    assert any("before 1900" in note for note in article.notes)


SEED_TIMES = [
    ("mercredi", "2023-09", "month", "date"),
    ("les années 1950", "1950s", "decade", "date"),
    ("1960", "1960s", "decade", "date"),
    ("cette semaine", "2023-09", "month", "date"),
    ("depuis 2019", "2019", "year", "date"),
    ("deux derniers jours", None, None, "duration"),
    ("Une heure", None, None, "duration"),
    ("mercredi", "2023-09", "month", "date"),
    ("plus tôt cette année", "2023", "year", "date"),
    ("Mercredi", "2023-09", "month", "date"),
    ("depuis 2006", "2006", "year", "date"),
    ("l’année dernière", "2022", "year", "date"),
    ("mercredi", "2023-09", "month", "date"),
    ("En juillet", "2023-07", "month", "date"),
    ("Plus tôt cette semaine", "2023-09", "month", "date"),
    ("mercredi", "2023-09", "month", "date"),
    ("18 mois", None, None, "duration"),
    ("il y a des décennies", None, None, "date"),
]


@pytest.mark.slow
def test_every_time_expression_of_the_seed(seed_text: str) -> None:
    date, body = split_header(seed_text)
    assert date == DateValue("2023-09", "month")
    runner = Runner(components=[TimeComponent()])
    article = runner.analyse_one(SourceDocument(source="seed", text=body, date=date, lang="fr"))
    assert found(article) == SEED_TIMES
    for expression in article.times:
        assert body[expression.start : expression.end] == expression.text


def test_grouped_alternations_match_like_the_plain_ones() -> None:
    import re

    from newsgraph.nlp.times import _alternation, _escaped, time_lexicon

    for lang in ("fr", "en"):
        lex = time_lexicon(lang)
        for words in (lex.months, lex.weekdays, lex.numbers, lex.units, lex.relative, lex.vague,
                      lex.last | lex.next, lex.cue_month, lex.cue_year):
            phrases = sorted(words, key=len, reverse=True)
            assert phrases
            plain = re.compile(r"(?<![\w-])(?:" + "|".join(_escaped(p) for p in phrases) + r")", re.I)
            grouped = re.compile(r"(?<![\w-])" + _alternation(words), re.I)
            text = " ; ".join(f"{p} {p.upper()} {p.capitalize()}s {p.replace(chr(39), '’')}" for p in phrases)
            assert [m.span() for m in grouped.finditer(text)] == [m.span() for m in plain.finditer(text)]


def _scanned_everywhere(text: str, lang: str) -> list[tuple[str, tuple[int, int], dict[str, str | None]]]:
    """Every pattern's ``finditer`` over the whole text: what the word-start scan replaces."""
    from newsgraph.nlp.times import patterns

    return sorted(((p.kind, m.span(), m.groupdict()) for p in patterns(lang) for m in p.regex.finditer(text)
                   if m.end() > m.start()), key=lambda found: (found[0], found[1]))


def _scanned_at_word_starts(text: str, lang: str) -> list[tuple[str, tuple[int, int], dict[str, str | None]]]:
    from newsgraph.nlp.times import _pattern_matches

    return sorted(((kind, m.span(), m.groupdict()) for kind, m in _pattern_matches(text, lang)),
                  key=lambda found: (found[0], found[1]))


def _lexicon_soup(lang: str, seed: int) -> str:
    """Lexicon phrases in every case, glued by spaces, hyphens, apostrophes, underscores and
    letters that match ASCII ones only case-insensitively ("ſ", "K" the Kelvin sign)."""
    import random

    from newsgraph.nlp.times import time_lexicon

    lex = time_lexicon(lang)
    phrases = sorted({*lex.months, *lex.weekdays, *lex.numbers, *lex.vague, *lex.units, *lex.relative,
                      *lex.last, *lex.next, *lex.cue_month, *lex.cue_year, *lex.past_duration,
                      *lex.future_duration, "il y a", "voici", "the", "les", "années", "1990s", "13",
                      "2023", "1er", "this", "on", "ce", "ago", "le", "ſeptembre", "\u212aids"})
    rng = random.Random(seed)
    pieces = []
    for _ in range(80):
        phrase = rng.choice(phrases)
        pieces.append(rng.choice([phrase, phrase.upper(), phrase.capitalize()]))
        pieces.append(rng.choice([" ", " ", ", ", "-", "\n", "  ", "'", "’", " x", "_", "ſ", "é"]))
    return "".join(pieces)


def test_the_word_start_scan_finds_what_a_scan_at_every_character_finds() -> None:
    folded = {"fr": "Le ſeptembre 2016, ıl y a deux jours, en ſeptembre dernier.",
              "en": "In ſeptember 2022, two days aſo, on Tueſday, ſince 2006."}
    for lang, text in folded.items():
        assert _scanned_everywhere(text, lang), text
        assert _scanned_at_word_starts(text, lang) == _scanned_everywhere(text, lang), text
    for lang in ("fr", "en"):
        for seed in range(60):
            text = _lexicon_soup(lang, seed)
            assert _scanned_at_word_starts(text, lang) == _scanned_everywhere(text, lang), (lang, seed)


def test_the_word_start_scan_on_the_dev_texts(dev_dir) -> None:  # type: ignore[no-untyped-def]
    for path in sorted(dev_dir.glob("*.txt")):
        lang = "fr" if "fr" in path.stem.split("_") else "en"
        text = path.read_text(encoding="utf-8")
        assert _scanned_at_word_starts(text, lang) == _scanned_everywhere(text, lang), path.name


@pytest.mark.parametrize("text, lang, expression, value", [
    ("The final vote is scheduled for May 20, officials said.", "en", "May 20", "2023-05-20"),
    ("Le vote final est prévu le 20 mai, selon les responsables.", "fr", "le 20 mai", "2023-05-20"),
    ("Le président est attendu à Brasilia le 20 mai.", "fr", "le 20 mai", "2023-05-20"),
    ("The bill was passed on May 20.", "en", "May 20", "2022-05-20"),
    ("Le texte a été adopté le 20 mai.", "fr", "le 20 mai", "2022-05-20"),
])
def test_a_present_passive_is_no_past_tense(text: str, lang: str, expression: str,
                                            value: str) -> None:
    # "is scheduled for", "est prévu", "est attendu": the participle's tense is the voice's;
    # a perfect or a past auxiliary ("was passed", "a été adopté") stays past.
    assert one(analyse(text, lang, "2023-05-12"), expression).value == value


# -- eleventh pass: expressions a reader would not misread ------------------------------------------


@pytest.mark.parametrize(("text", "lang"), [
    ("Paul Grant won the Norvex primary on Super Tuesday and the shops were full on Black Friday.", "en"),
    ("Halvard Industries cut its prices for Cyber Monday; the town still mourns Bloody Sunday.", "en"),
    ("The Norvex choir sang on Good Friday and again on Ash Wednesday.", "en"),
    ("Le carnaval de Norvex défile pour Mardi gras, et la foire ouvre le lundi de Pâques.", "fr"),
])
def test_a_weekday_in_the_name_of_a_day_is_no_date(text: str, lang: str) -> None:
    assert found(analyse(text, lang, "2024-03-08")) == []


@pytest.mark.parametrize(("text", "value"), [
    ("Halvard Industries a racheté mardi Saint-Norvex pour deux milliards d'euros.", "2024-03-05"),
    ("Norvex a battu dimanche Saint-Halvard au stade de Lyon.", "2024-03-03"),
])
def test_a_weekday_before_a_hyphenated_name_is_still_a_date(text: str, value: str) -> None:
    """« Saint » of « mardi Saint-Norvex » begins a name of its own, not « vendredi saint »."""
    assert [t.value for t in analyse(text, "fr", "2024-03-08").times] == [value]


def test_a_weekday_after_a_name_is_still_a_date() -> None:
    article = analyse("Paul Grant told Norvex Radio Tuesday that Halvard told Reuters Monday it would wait.",
                      "en", "2024-03-08")
    assert [t.text for t in article.times] == ["Tuesday", "Monday"]


@pytest.mark.parametrize(("text", "lang"), [
    ("Paul Grant appeared on the Today programme for Norvex, and he wrote in USA Today about it.", "en"),
    ("Paul Grant a accordé un entretien à Aujourd'hui en France sur Halvard.", "fr"),
])
def test_today_written_with_a_capital_inside_a_sentence_is_a_name(text: str, lang: str) -> None:
    assert found(analyse(text, lang, "2024-03-08")) == []


def test_today_opening_a_sentence_or_a_headline_is_the_article_date() -> None:
    article = analyse("Norvex Workers Strike Today\nToday, Paul Grant resigned. He said: Today is the day.",
                      "en", "2024-03-08")
    assert [t.value for t in article.times] == ["2024-03-08"] * 3


def test_a_bare_month_takes_the_year_told_just_before() -> None:
    article = analyse("In the spring of 1998, Paul Grant left Norvex for Lyon. In early June he opened a "
                      "bakery there. Last year he sold it, and in March he retired.", "en", "2024-03-08")
    assert one(article, "early June").value == "1998-06"
    assert one(article, "in March").value == "2024-03"  # "last year" ends the frame


def test_a_year_in_a_fronted_clause_frames_the_month_of_its_sentence() -> None:
    article = analyse("Having sold his shares in the winter of 1998, Paul Grant left Halvard in "
                      "early June.", "en", "2024-03-08")
    assert one(article, "early June").value == "1998-06"


@pytest.mark.parametrize(("text", "lang", "expression", "value"), [
    ("Halvard bought the port of Norvex in 2014, and Paul Grant resigned in late January.", "en",
     "late January", "2024-01"),
    ("Le port de Norvex, racheté par Halvard en 2014. Paul Grant a démissionné fin janvier.", "fr",
     "fin janvier", "2024-01"),
])
def test_a_year_inside_another_clause_frames_nothing(text: str, lang: str, expression: str,
                                                     value: str) -> None:
    assert one(analyse(text, lang, "2024-03-08"), expression).value == value


@pytest.mark.parametrize(("text", "lang", "expression", "value"), [
    ("Paul Grant, who joined Norvex in 2015, left the company in March.", "en", "in March", "2024-03"),
    ("Paul Grant, qui a rejoint Norvex en 2015, a quitté l'entreprise en mars.", "fr", "en mars",
     "2024-03"),
    ("Born in 1960, Paul Grant resigned from Halvard Industries in June.", "en", "in June", "2023-06"),
    ("Né en 1960, Paul Grant a quitté Halvard Industries en juin.", "fr", "en juin", "2023-06"),
])
def test_a_year_that_describes_someone_frames_nothing(text: str, lang: str, expression: str,
                                                      value: str) -> None:
    """A year in a relative clause or a bare past participle under the verb tells who someone
    is, not what came before: the month is read against the article date."""
    assert one(analyse(text, lang, "2024-03-08"), expression).value == value


@pytest.mark.parametrize(("text", "lang", "expression", "value"), [
    ("Paul Grant a invoqué l'accord de 2015 avec Norvex en mars.", "fr", "en mars", "2024-03"),
    ("Paul Grant invoked the agreement of 2015 with Norvex in March.", "en", "in March", "2024-03"),
])
def test_a_year_in_a_complement_after_the_verb_frames_nothing(text: str, lang: str, expression: str,
                                                               value: str) -> None:
    """"l'accord de 2015" names an agreement, it does not open the sentence's time."""
    assert one(analyse(text, lang, "2024-03-08"), expression).value == value


def test_a_year_told_before_does_not_date_a_future() -> None:
    article = analyse("Paul Grant joined Halvard in 1998. He will retire in June.", "en", "2024-03-08")
    assert one(article, "in June").value == "2024-06"


@pytest.mark.parametrize(("text", "lang", "date", "values"), [
    ("L'exposition de Norvex se tient du 12 septembre au 30 octobre.", "fr", "2024-08-01",
     ["2024-09-12", "2024-10-30"]),
    ("The Norvex show runs from Sept. 12 to Oct. 30.", "en", "2024-03-08", ["2024-09-12", "2024-10-30"]),
    ("La foire de Halvard se tiendra du 15 décembre au 10 janvier.", "fr", "2024-12-01",
     ["2024-12-15", "2025-01-10"]),
    ("The Norvex festival ran from Sept. 12 to Oct. 30.", "en", "2024-03-08", ["2023-09-12", "2023-10-30"]),
    ("La grève a duré du 20 février au 3 mars 2024.", "fr", "2024-03-08", ["2024-02-20", "2024-03-03"]),
])
def test_a_range_is_read_as_one_thing(text: str, lang: str, date: str, values: list[str]) -> None:
    assert [t.value for t in analyse(text, lang, date).times] == values


@pytest.mark.parametrize(("text", "lang", "date", "value"), [
    ("Paul Grant confirmed that she would resign in June.", "en", "2024-03-08", "2024-06"),
    ("Paul Grant a annoncé qu'il démissionnerait en juin.", "fr", "2024-03-08", "2024-06"),
    ("Paul Grant a annoncé qu'il allait démissionner en juin.", "fr", "2024-03-08", "2024-06"),
    ("Paul Grant said she would step down on June 3.", "en", "2024-03-08", "2024-06-03"),
    ("Paul Grant confirmed that she would resign in June.", "en", "2024-08-20", "2024-06"),
])
def test_a_future_seen_from_the_past_looks_forward(text: str, lang: str, date: str, value: str) -> None:
    assert [t.value for t in analyse(text, lang, date).times] == [value]


@pytest.mark.parametrize("text", [
    "Paul Grant said she would have resigned in June.",
    "Paul Grant said she'd resigned in June.",  # "'d" for "had"
])
def test_a_past_seen_from_the_past_stays_past(text: str) -> None:
    assert [t.value for t in analyse(text, "en", "2024-03-08").times] == ["2023-06"]


def test_a_conditional_past_and_an_imperfect_stay_in_the_past() -> None:
    article = analyse("Selon Halvard, Paul Grant aurait démissionné en juin. Norvex montrait en juin ses "
                      "comptes.", "fr", "2024-03-08")
    assert [t.value for t in article.times] == ["2023-06", "2023-06"]
