"""How events get their dates (docs/events.md, "Event dates"): days counted from the date told
before ("le lendemain", "two weeks later"), the tense of an infinitive of intent or under a
modal, an event told again by a dated noun, and a time expression that opens a sentence framing
the narrative after it.  Sentences written for these tests; nothing from the evaluation articles."""

from __future__ import annotations

import pytest

from newsgraph.ingest.document import SourceDocument
from newsgraph.model import Article, DateValue, Event, TimeExpression
from newsgraph.nlp.pipeline import Runner, default_components
from newsgraph.nlp.times import TimeComponent


def analyse(text: str, lang: str, date: str, *, events: bool = True) -> Article:
    runner = Runner(components=default_components() if events else [TimeComponent()])
    return runner.analyse_one(
        SourceDocument(source="<test>", text=text, lang=lang, date=DateValue.parse(date)))


def time_of(article: Article, text: str) -> TimeExpression:
    found = [t for t in article.times if t.text == text]
    assert found, f"{text!r} not in {[t.text for t in article.times]}"
    return found[0]


def event_of(article: Article, trigger: str) -> Event:
    for event in article.events:
        if event.trigger.text == trigger or any(m.text == trigger for m in event.mentions):
            return event
    raise AssertionError(f"no event on {trigger!r}: {[e.trigger.text for e in article.events]}")


def date_of(event: Event) -> tuple[str | None, str]:
    return (event.date.value if event.date else None, event.date_from)


# -- days counted from the date told before ---------------------------------------------------------


@pytest.mark.parametrize(("text", "lang", "expression", "value"), [
    ("Mercredi, la police a évacué le camp. Le lendemain, des manifestants ont bloqué la route.",
     "fr", "Le lendemain", "2024-03-07"),
    ("Le 2 mars, le juge a entendu les témoins. La veille, l'avocat avait demandé un report.",
     "fr", "La veille", "2024-03-01"),
    ("The fire started on March 2. The owner was arrested the next day.", "en", "the next day", "2024-03-03"),
    ("The fire started on March 2. Two weeks later the factory closed for good.", "en", "Two weeks later",
     "2024-W11"),
    ("Le club a été fondé en 1994. Trois ans plus tard, il a gagné la coupe.", "fr", "Trois ans plus tard",
     "1997"),
])
def test_an_anaphoric_day_counts_from_the_date_told_before(text: str, lang: str, expression: str,
                                                            value: str) -> None:
    assert time_of(analyse(text, lang, "2024-03-08", events=False), expression).value == value


def test_an_anaphoric_day_with_no_date_before_has_no_value_and_an_event_s_day_is_not_one() -> None:
    article = analyse("The owner was arrested the next day. La veille de Noël, rien n'a bougé.", "en",
                      "2024-03-08", events=False)
    assert time_of(article, "the next day").value is None
    assert [t.text for t in article.times] == ["the next day"]  # "la veille de Noël": the eve of a feast


def test_a_bound_is_no_date_to_count_from() -> None:
    article = analyse("The mayor spoke on May 2, ahead of the filing deadline on May 3. Later that day, "
                      "a rival launched her campaign.", "en", "2024-06-10", events=False)
    assert time_of(article, "Later that day").value == "2024-05-02"


def test_an_event_the_day_after_a_date_told_before() -> None:
    article = analyse("Mercredi, la police a évacué le camp de Calais. Le lendemain, des militants de "
                      "Greenpeace ont bloqué le port de Calais.", "fr", "2024-03-08")
    assert date_of(event_of(article, "bloqué")) == ("2024-03-07", "text")


# -- the tense an expression takes from the clause it depends on --------------------------------------


@pytest.mark.parametrize(("text", "lang", "date", "expression", "value"), [
    # an infinitive of intent is still to come
    ("Le maire veut absolument inaugurer le stade en décembre.", "fr", "2024-03-08", "en décembre",
     "2024-12"),
    ("The company plans to open the plant in December.", "en", "2024-03-08", "in December", "2024-12"),
    ("The interview is set to air on Monday.", "en", "2024-03-08", "on Monday", "2024-03-11"),
    # a present modal: what must be done is to come; a participle takes its noun's clause's tense
    ("Travellers arriving from Peru after 6am on Sunday must quarantine for ten days.", "en", "2024-03-08",
     "on Sunday", "2024-03-10"),
    # a decision told in the past keeps its infinitive in the past; a progressive is no infinitive
    ("Le maire a décidé de fermer le stade en décembre.", "fr", "2024-03-08", "en décembre", "2023-12"),
    ("We are working to reopen the mine in early January, the operator said.", "en", "2016-12-13",
     "early January", "2017-01"),
])
def test_a_verb_with_no_tense_of_its_own_takes_its_clause_s(text: str, lang: str, date: str,
                                                              expression: str, value: str) -> None:
    assert time_of(analyse(text, lang, date, events=False), expression).value == value


# -- an event told again by a dated noun --------------------------------------------------------------


def test_a_dated_noun_telling_the_event_again_dates_it() -> None:
    article = analyse("Governor Ann Reyes appointed Paul Okafor to the Supreme Court. Okafor grew up in "
                      "Tacoma. His appointment was announced in March.", "en", "2024-06-10")
    assert date_of(event_of(article, "appointed")) == ("2024-03", "text")
    assert all(e.trigger.text != "appointment" for e in article.events)  # nobody acts in it alone


def test_a_noun_inside_another_complement_is_not_dated_by_the_clause() -> None:
    # "l'année dernière" dates the vote, not the launch inside the resolution's complement
    article = analyse("Le Nuvara a lancé deux missiles mardi. La Norvège a approuvé ces sanctions, mais "
                      "l'année dernière elle a rejeté une résolution sur son arsenal, y compris le lancement "
                      "d'une fusée.", "fr", "2024-03-08")
    assert date_of(event_of(article, "lancé"))[0] == "2024-03-05"


# -- a time expression opening a sentence frames the next one -----------------------------------------


@pytest.mark.parametrize(("text", "lang", "trigger", "date"), [
    ("In 1998, rebels attacked the embassy in Nairobi. In retaliation, President Ana Mora ordered an air "
     "strike on their camp.", "en", "ordered", "1998"),
    ("En 2015, des rebelles ont attaqué l'ambassade à Nairobi. En représailles, la présidente Ana Mora "
     "a ordonné une frappe aérienne sur leur camp.", "fr", "ordonné", "2015"),
])
def test_a_fronted_date_frames_the_narrative_after_it(text: str, lang: str, trigger: str, date: str) -> None:
    assert date_of(event_of(analyse(text, lang, "2024-03-08"), trigger)) == (date, "text")


@pytest.mark.parametrize(("text", "lang", "trigger"), [
    # a perfect tells of now, not of the frame; an expression not opening its sentence frames nothing
    ("In 1998, rebels attacked the embassy in Nairobi. Since then, President Ana Mora has ordered "
     "air strikes on their camps.", "en", "ordered"),
])
def test_no_frame_with_a_perfect(text: str, lang: str, trigger: str) -> None:
    assert date_of(event_of(analyse(text, lang, "2024-03-08"), trigger)) == ("2024-03-08", "article")


# -- fifteenth pass: the main clause of the sentence before dates the narrative after it ------------


@pytest.mark.parametrize(("text", "lang", "trigger", "date"), [
    ("Halvard Industries bought the Norvex plant in Oslo on March 3, 2019. Paul Grant resigned from its "
     "board.", "en", "resigned", "2019-03-03"),
    ("Rebels attacked the embassy in Nairobi in 1998. In retaliation, President Ana Mora ordered an air "
     "strike on their camp.", "en", "ordered", "1998"),
    ("La société Halvard a racheté l'usine de Norvex le 3 mars 2019. Paul Grant a quitté son conseil "
     "d'administration.", "fr", "quitté", "2019-03-03"),
])
def test_the_date_of_the_main_clause_before_frames_a_past_narrative(text: str, lang: str, trigger: str,
                                                                    date: str) -> None:
    assert date_of(event_of(analyse(text, lang, "2024-03-08"), trigger)) == (date, "text")


@pytest.mark.parametrize(("text", "lang", "trigger"), [
    # a return to the present
    ("Halvard Industries bought the Norvex plant in Oslo on March 3, 2019. Paul Grant now runs the "
     "plant.", "en", "runs"),
    ("La société Halvard a racheté l'usine de Norvex le 3 mars 2019. Paul Grant dirige désormais "
     "l'usine.", "fr", "dirige"),
    # the date of a clause aside in the sentence before
    ("Paul Grant, who joined Norvex in 2015, sold his shares in Halvard Industries. Anne Leroy bought "
     "them.", "en", "bought"),
    ("Paul Grant, qui a rejoint Norvex en 2015, a vendu ses actions de la société Halvard. Anne Leroy "
     "les a rachetées.", "fr", "rachetées"),
    # "since X" dates the start of a state, not the narrative
    ("Paul Grant a dirigé Norvex depuis 2015. Anne Leroy a quitté son conseil d'administration.", "fr",
     "quitté"),
    # a new section
    ("Halvard Industries bought the Norvex plant in Oslo on March 3, 2019.\n\nPaul Grant resigned from "
     "the board of Norvex.", "en", "resigned"),
    ("La société Halvard a racheté l'usine de Norvex le 3 mars 2019.\n\nPaul Grant a quitté le "
     "conseil d'administration de Norvex.", "fr", "quitté"),
])
def test_no_frame_from_a_clause_aside_across_a_section_or_for_the_present(text: str, lang: str,
                                                                          trigger: str) -> None:
    assert date_of(event_of(analyse(text, lang, "2024-03-08"), trigger)) == ("2024-03-08", "article")


def test_the_middle_of_a_decade_is_that_decade() -> None:
    article = analyse("In the mid-1990s, the group lived in exile.", "en", "2024-03-08", events=False)
    assert time_of(article, "the mid-1990s").value == "1990s"


# -- ninth pass: a modal's clause, a clause after a colon, a participle of scheduling ---------------


def test_a_date_in_a_modal_s_clause_is_that_clause_s_not_the_verb_above() -> None:
    # "will open in 2026" is what is hoped for; the hope is told today
    article = analyse("Halvard Industries hopes its new mine will open in Norway in 2026.", "en",
                      "2024-03-08")
    assert date_of(event_of(article, "hopes")) == ("2024-03-08", "article")
    assert date_of(event_of(article, "open"))[0] == "2026"


def test_a_date_opening_the_clause_after_a_colon_does_not_date_the_words_before_it() -> None:
    article = analyse("Les salariés de Norvex contestent la fermeture de l'usine : jeudi 7 mars, la "
                      "directrice Anne Leroy a rencontré les délégués à Rennes.", "fr", "2024-03-08")
    assert date_of(event_of(article, "contestent")) == ("2024-03-08", "article")
    assert date_of(event_of(article, "rencontré"))[0] == "2024-03-07"


@pytest.mark.parametrize(("text", "lang", "expression", "value"), [
    ("Le procès de Paul Grant, prévu le 13 février, a été reporté.", "fr", "le 13 février", "2025-02-13"),
    ("Le référendum prévu en janvier inquiète les diplomates de Norvex.", "fr", "en janvier", "2025-01"),
    ("The vote, scheduled for Feb. 13, was postponed by the council.", "en", "Feb. 13", "2025-02-13"),
])
def test_a_participle_of_scheduling_modifying_a_noun_dates_it_ahead(text: str, lang: str, expression: str,
                                                                     value: str) -> None:
    assert time_of(analyse(text, lang, "2024-11-20", events=False), expression).value == value


@pytest.mark.parametrize(("text", "lang", "expression", "value"), [
    ("The vote, scheduled for Feb. 13, was held without incident.", "en", "Feb. 13", "2024-02-13"),
    ("Le procès de Paul Grant, prévu le 13 février, s'est tenu à Lyon.", "fr", "le 13 février", "2024-02-13"),
    ("Le sommet de Norvex, prévu en janvier, a réuni vingt ministres à Lyon.", "fr", "en janvier", "2024-01"),
])
def test_a_scheduled_noun_in_a_past_clause_that_tells_it_took_place_is_not_ahead(
        text: str, lang: str, expression: str, value: str) -> None:
    assert time_of(analyse(text, lang, "2024-03-08", events=False), expression).value == value


def test_a_scheduled_event_told_again_takes_its_date() -> None:
    article = analyse("Le Portugal organisera un référendum. Le référendum, prévu en janvier, a été confirmé "
                      "mardi.", "fr", "2024-11-20")
    assert date_of(event_of(article, "référendum"))[0] == "2025-01"


@pytest.mark.parametrize(("text", "lang", "trigger", "date"), [
    # what is done in, at or during a noun whose relative clause tells when it takes place
    ("Paul Grant will lecture at the Norvex conference, which opens in Oslo on March 14.", "en", "lecture",
     ("2024-03-14", "text")),
    ("Paul Grant témoignera au procès de Claire Dumas, qui s'ouvrira le 14 mars.", "fr", "témoignera",
     ("2024-03-14", "text")),
    # the noun itself, the clause hung on its "of" complement
    ("Paul Grant témoignera au procès de Claire Dumas, qui s'ouvrira le 14 mars.", "fr", "procès",
     ("2024-03-14", "text")),
    ("The court will hear Paul Grant at the trial of Claire Dumas, which opens on March 14.", "en", "trial",
     ("2024-03-14", "text")),
    # what is said of the noun is not done in it
    ("Paul Grant praised the Norvex conference, which opens in Oslo on March 14.", "en", "praised",
     ("2024-03-08", "article")),
    # a clause in the past tells a history, not a schedule; a place or an object is no setting in time
    ("Paul Grant spoke at the Norvex plant, which opened in 1998.", "en", "spoke", ("2024-03-08", "article")),
    ("Paul Grant was killed during the war, which began in 2022.", "en", "killed", ("2024-03-08", "article")),
    ("Paul Grant a été blessé pendant la guerre, qui a commencé en 2022.", "fr", "blessé",
     ("2024-03-08", "article")),
    ("Paul Grant spoke at the Norvex plant, which is expected to close in 2026.", "en", "spoke",
     ("2024-03-08", "article")),
])
def test_a_relative_clause_telling_when_a_setting_takes_place_dates_what_happens_in_it(
        text: str, lang: str, trigger: str, date: tuple[str, str]) -> None:
    assert date_of(event_of(analyse(text, lang, "2024-03-08"), trigger)) == date


# -- eleventh pass: do-support, a date named after a colon ------------------------------------------


def test_a_clause_with_do_support_is_finite_and_keeps_its_date() -> None:
    article = analyse("Paul Grant resigned, and in February the Norvex board did not approve the merger.",
                      "en", "2024-03-08")
    assert date_of(event_of(article, "approve")) == ("2024-02", "text")
    assert date_of(event_of(article, "resigned")) == ("2024-03-08", "article")


@pytest.mark.parametrize(("text", "lang", "trigger"), [
    ("Le conseil de Norvex a fixé le jour du scrutin : jeudi 7 mars, a annoncé Paul Grant.", "fr", "fixé"),
    ("The Halvard board set the date of the vote: Thursday, March 7, Paul Grant said.", "en", "set"),
])
def test_a_date_after_a_colon_that_names_the_date_dates_the_verb_before(text: str, lang: str,
                                                                         trigger: str) -> None:
    assert date_of(event_of(analyse(text, lang, "2024-03-08"), trigger)) == ("2024-03-07", "text")


# -- fifteenth pass: a pluperfect the text does not date has no date -------------------------------


@pytest.mark.parametrize(("text", "lang", "trigger"), [
    ("Paul Grant had resigned from the board of Halvard Industries.", "en", "resigned"),
    ("Paul Grant avait quitté la direction de la société Halvard.", "fr", "quitté"),
    ("Paul Grant était arrivé à Oslo avec la société Halvard.", "fr", "arrivé"),
])
def test_an_undated_pluperfect_is_before_its_reference_time_not_at_the_article_date(
        text: str, lang: str, trigger: str) -> None:
    assert date_of(event_of(analyse(text, lang, "2024-03-08"), trigger)) == (None, "none")


@pytest.mark.parametrize(("text", "lang", "trigger", "date"), [
    # a pluperfect with a date of its own keeps it
    ("Paul Grant had resigned from the board of Halvard Industries on March 3.", "en", "resigned",
     ("2024-03-03", "text")),
    # an imperfect passive is no pluperfect
    ("L'usine de Norvex était dirigée par Paul Grant.", "fr", "dirigée", ("2024-03-08", "article")),
])
def test_a_dated_pluperfect_or_an_imperfect_passive_keeps_its_date(text: str, lang: str, trigger: str,
                                                                   date: tuple[str, str]) -> None:
    assert date_of(event_of(analyse(text, lang, "2024-03-08"), trigger)) == date


# -- review of the fifteenth pass --------------------------------------------------------------------


@pytest.mark.parametrize(("text", "lang", "trigger"), [
    # the parser makes the quoted verb the root and the speech verb an incise (English keeps the
    # speech verb as the root); a whole sentence quoted
    ("« Nous avons vendu l'usine en 2019 », a expliqué Paul Grant. Anne Leroy a démissionné de la société "
     "Halvard.", "fr", "démissionné"),
    ("« La société Halvard a fermé l'usine en 2019. » Anne Leroy a démissionné de son conseil.", "fr",
     "démissionné"),
])
def test_a_date_in_quoted_words_does_not_frame_the_next_sentence(text: str, lang: str, trigger: str) -> None:
    assert date_of(event_of(analyse(text, lang, "2024-03-08"), trigger)) == ("2024-03-08", "article")


@pytest.mark.parametrize(("text", "lang", "trigger"), [
    ("Halvard Industries bought the Norvex plant on March 3, 2019. Later, Paul Grant resigned from its "
     "board.", "en", "resigned"),
    ("Halvard Industries bought the Norvex plant on March 3, 2019. Since then, Paul Grant resigned from its "
     "board.", "en", "resigned"),
    ("La société Halvard a racheté l'usine de Norvex le 3 mars 2019. Plus tard, Paul Grant a quitté son "
     "conseil.", "fr", "quitté"),
    ("La société Halvard a racheté l'usine de Norvex en 2019. Depuis, Anne Leroy a démissionné.", "fr",
     "démissionné"),
])
def test_a_sentence_opened_by_an_adverb_of_sequence_is_not_framed_by_the_date_before(
        text: str, lang: str, trigger: str) -> None:
    assert date_of(event_of(analyse(text, lang, "2024-03-08"), trigger)) == ("2024-03-08", "article")


def test_a_sentence_opened_by_since_and_a_noun_is_still_framed() -> None:
    article = analyse("La société Halvard a racheté l'usine de Norvex en 2019. Depuis la vente, Anne Leroy a "
                      "démissionné.", "fr", "2024-03-08")
    assert date_of(event_of(article, "démissionné")) == ("2019", "text")


@pytest.mark.parametrize(("text", "lang", "expression"), [
    ("La société Halvard avait annoncé plus tôt dans la journée la fermeture de l'usine.", "fr",
     "plus tôt dans la journée"),
    ("Halvard Industries had announced earlier in the day that the Norvex plant would close.", "en",
     "earlier in the day"),
])
def test_earlier_in_the_day_is_the_article_s_day(text: str, lang: str, expression: str) -> None:
    assert time_of(analyse(text, lang, "2024-03-08", events=False), expression).value == "2024-03-08"


def test_a_same_day_pluperfect_keeps_the_article_s_day() -> None:
    article = analyse("La société Halvard avait annoncé plus tôt dans la journée la fermeture de l'usine.",
                      "fr", "2024-03-08")
    assert date_of(event_of(article, "annoncé")) == ("2024-03-08", "text")


@pytest.mark.parametrize(("text", "lang", "trigger"), [
    ("Paul Grant was born in Oslo in 1960. He resigned from Halvard Industries.", "en", "resigned"),
    ("Halvard Industries was founded in 1920. Paul Grant resigned from its board.", "en", "resigned"),
    ("Paul Grant est né à Oslo en 1960. Il a démissionné de la société Halvard.", "fr", "démissionné"),
])
def test_a_passive_main_clause_of_background_does_not_frame_the_next_sentence(text: str, lang: str,
                                                                              trigger: str) -> None:
    assert date_of(event_of(analyse(text, lang, "2024-03-08"), trigger)) == ("2024-03-08", "article")
