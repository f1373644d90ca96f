"""Who a short reference points to: an honorific among namesakes, kinship nouns as gender
evidence, ``ce dernier`` / ``the latter``, and a quotation inside the clause a cue reports.

Every sentence here is written for the test; none comes from an evaluation article.
"""

from __future__ import annotations

from typing import Any

import pytest

import newsgraph
from newsgraph.ingest.document import SourceDocument
from newsgraph.model import Article, Quote
from newsgraph.nlp.entities import EntityComponent
from newsgraph.nlp.pipeline import Runner
from newsgraph.nlp.quotes import QuoteComponent


def analyse(text: str, lang: str, **options: Any) -> Article:
    runner = Runner(components=[EntityComponent(), QuoteComponent(**options)])
    return runner.analyse_one(SourceDocument(source="<test>", text=text, lang=lang))


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


# -- unnamed people --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "lang", "fragment"),
    [
        ("Lina Okafor spoke on Thursday. Two Okafor donors tell Halvard Radio that the "
         "evening was emotional.", "en", "the evening"),
        ("While some praised the plan, others said they did not want taller buildings.", "en",
         "they did not want"),
        ("\"The seat was promised to him,\" said one Labour operative in the county.", "en",
         "The seat"),
        ("Plusieurs élus ont affirmé que la réforme était injuste.", "fr", "la réforme"),
        ("Paul Grant n'aimait guère Marc-Henri Delorme. « Il l'a quand même défendu en "
         "2004 », a ajouté un cadre de la gauche sur le poids qu'a pu prendre Marc-Henri "
         "Delorme.", "fr", "défendu"),
    ],
)
def test_people_the_text_does_not_name_are_no_speaker(text: str, lang: str, fragment: str) -> None:
    assert speaker_of(analyse(text, lang, learned=False), fragment) is None


def test_a_kind_of_speaker_named_as_a_group_stays_a_group() -> None:
    text = "Certains analystes politiques estiment que la Russie cherche des alliés."
    assert speaker_of(analyse(text, "fr", learned=False), "la Russie") == "analystes politiques"


def test_a_noun_phrase_ends_before_a_clause_inside_its_complement() -> None:
    from newsgraph.nlp.entity_index import noun_phrase
    from newsgraph.nlp.models import load_model

    doc = load_model("fr")("Un cadre de la gauche sur le poids qu'a pu prendre Paul Roy a parlé.")
    head = next(t for t in doc if t.text == "cadre")
    start, end = noun_phrase(head)
    assert doc[start:end].text == "Un cadre de la gauche sur le poids"


# -- fragments in a predicate, quotations around a colon ---------------------------------------
@pytest.mark.parametrize(
    ("text", "lang", "fragment", "expected"),
    [
        ("La sénatrice Lina Okafor a réagi à cette « photo choquante » diffusée par un journal.",
         "fr", "photo choquante", "Lina Okafor"),
        ("Le député Paul Grant comparait cette réforme à « la France des notables ».", "fr",
         "la France des notables", "Paul Grant"),
        ("Le Parti socialiste a « condamné » les « menaces répétées » reçues lundi.", "fr",
         "menaces répétées", "Parti socialiste"),
        ("Senator Mary Olsen condemned the \"cowardly attack\" on Tuesday.", "en",
         "cowardly attack", "Mary Olsen"),
    ],
)
def test_a_fragment_in_the_predicate_of_a_verb_of_judging_is_its_subjects(
        text: str, lang: str, fragment: str, expected: str) -> None:
    assert speaker_of(analyse(text, lang, learned=False), fragment) == expected


def test_a_label_in_the_predicate_of_another_verb_stays_a_label() -> None:
    text = "Le président Paul Moreau a visité le « tabouret » qui supportera la flèche."
    assert analyse(text, "fr", learned=False).quotes == []


def test_a_quotation_before_a_colon_is_the_words_of_the_clause_after_it() -> None:
    text = ("« C'est quand on garde un cap qu'on peut avancer » : le président Paul Moreau a "
            "visité vendredi le chantier du pont.")
    assert speaker_of(analyse(text, "fr", learned=False), "garde un cap") == "Paul Moreau"


def test_a_colon_before_a_spaced_opening_mark_introduces_the_quotation() -> None:
    text = ("La ministre des Sports, Amélie Castel, était présente. Pendant la visite, la "
            "ministre a mis en exergue l'exemple breton : «  Nous devons exceller.  »")
    assert speaker_of(analyse(text, "fr", learned=False), "exceller") == "Amélie Castel"


def test_an_act_quoted_in_its_own_word_stays_an_event_of_its_subject() -> None:
    text = "Le Parti socialiste a « condamné » les violences commises mardi contre le député."
    article = newsgraph.extract(text, lang="fr")
    assert speaker_of(article, "condamné") == "Parti socialiste"
    (event,) = [e for e in article.events if e.trigger.text == "condamné"]
    assert [a.name for a in event.source] == ["Parti socialiste"]
    assert event.modality == "asserted" and event.quote_id is None


@pytest.mark.parametrize(
    ("text", "lang", "fragment", "expected"),
    [
        ("Le dépôt proche du canal a été visé par « plusieurs incendies », a indiqué le maire "
         "Paul Kerner sur Telegram, précisant qu'une consigne restait valable jusqu'à midi.", "fr",
         "une consigne", "Paul Kerner"),
        ("Cette procédure est « en lien » avec les plaintes visant le directeur, a confirmé "
         "Marc Bonnet, ajoutant que des auditions « sont en cours à la mairie », "
         "confirmant une information de Sud Ouest.", "fr", "sont en cours", "Marc Bonnet"),
    ],
)
def test_a_participle_after_a_report_continues_it(text: str, lang: str, fragment: str,
                                                  expected: str) -> None:
    assert speaker_of(analyse(text, lang, learned=False), fragment) == expected


def test_a_pronoun_after_an_unnamed_spokesperson_speaks_for_the_same_group() -> None:
    text = ("The striking nurses aren't trying to close wards, a spokeswoman for the "
            "Northfield Workers Union said at a briefing on Monday.\n\n"
            "\"They do hope to win public sympathy,\" she said.")
    article = analyse(text, "en", learned=False)
    assert speaker_of(article, "public sympathy") == "spokeswoman for the Northfield Workers Union"


FILLER_FR = " ".join(f"Le microbiote compte des milliards de bactéries, rappelle l'étude numéro {n}."
                     for n in range(8))


@pytest.mark.parametrize("learned", [False, True])
def test_a_role_noun_far_from_any_name_is_the_articles_main_person(learned: bool) -> None:
    text = (f"Léa Morin, professeure de nutrition, étudie le microbiote depuis vingt ans. {FILLER_FR} "
            "« Les fibres nourrissent les bactéries », précise la chercheuse.")
    assert speaker_of(analyse(text, "fr", learned=learned), "Les fibres") == "Léa Morin"


def test_the_billionaire_is_the_person_the_article_is_about() -> None:
    filler = " ".join(f"It rained in the north on day {n}." for n in range(8))
    text = ("Michael Brandt spent $500 million on his campaign. Brandt was mayor for twelve "
            f"years. His rival Joan Pike spent far less. {filler} In a 2008 lecture, the "
            "billionaire suggested that the crisis had been caused by pressure on banks.")
    assert speaker_of(analyse(text, "en", learned=False), "the crisis") == "Michael Brandt"


def test_an_english_epithet_names_the_organisation_just_named() -> None:
    text = ("Earlier this month, Harbour Foods revealed that supply issues persist. Still, the "
            "grocery giant said it keeps roughly six months of frozen stock.")
    assert speaker_of(analyse(text, "en", learned=False), "six months") == "Harbour Foods"


def test_a_french_described_organisation_speaks_as_itself() -> None:
    text = ("Les gendarmes ont bouclé le secteur lundi. La ligne reste coupée « pour cause d'une "
            "enquête judiciaire », a publié la compagnie ferroviaire régionale.")
    assert speaker_of(analyse(text, "fr", learned=False), "enquête judiciaire") == \
        "compagnie ferroviaire régionale"


@pytest.mark.parametrize(
    ("text", "lang", "fragment", "expected"),
    [
        ("The suspects were arrested on Tuesday, according to a federal complaint affidavit "
         "from Homeland Security. The group allegedly rented apartments. Often women were "
         "recruited online, the affidavit said.", "en", "recruited online", "Homeland Security"),
        ("Un rapport de la Cour des comptes a été publié mardi. La dette reste élevée. Le "
         "rapport ajoute que les dépenses ont doublé.", "fr", "les dépenses", "Cour des comptes"),
    ],
)
def test_a_document_speaks_for_the_author_named_with_it(text: str, lang: str, fragment: str,
                                                        expected: str) -> None:
    assert speaker_of(analyse(text, lang, learned=False), fragment) == expected


def test_a_fragment_after_a_verb_whose_subject_the_parse_lost() -> None:
    text = ("Vice-présidente du groupe centriste au Sénat, Lina Okafor-Morel a "
            "également réagi à cette « photo choquante » diffusée par un site.")
    assert speaker_of(analyse(text, "fr", learned=False), "photo choquante") == "Lina Okafor-Morel"


def test_a_french_pronoun_stands_for_a_group_when_no_person_fits() -> None:
    text = ("Le chanteur Paul Grant est hospitalisé depuis lundi. Il reçoit un « traitement "
            "adapté », a indiqué l'équipe médicale jeudi dans un communiqué. Le patient devrait "
            "quitter la clinique « d'ici la fin du mois », a-t-elle précisé.")
    assert speaker_of(analyse(text, "fr", learned=False), "Le patient") == "équipe médicale"


def test_a_colon_after_a_predicate_the_parser_hung_elsewhere() -> None:
    text = ("Sur le sucre, Lina Okafor est quant à elle plus sévère : « à l'école, "
            "nous avons trop de goûters pour le limiter. »")
    assert speaker_of(analyse(text, "fr", learned=False), "école") == "Lina Okafor"


def test_a_person_after_a_preposition_of_the_incise_is_not_its_subject() -> None:
    text = ("Marc Roy a été agressé mardi. « Il est en soins intensifs », a indiqué sa famille "
            "dans un communiqué transmis par Paul Girard.")
    assert speaker_of(analyse(text, "fr", learned=False), "soins intensifs") == "famille"


def test_a_person_in_apposition_in_the_incise_still_speaks() -> None:
    text = "« Nous restons prudents », a déclaré le directeur général du Conseil, Paul Girard."
    assert speaker_of(analyse(text, "fr", learned=False), "prudents") == "Paul Girard"


def test_one_shared_modifier_is_no_description() -> None:
    text = ("Dana Kerr, a former editor at the Halvard Courier, criticised him last year. Michael "
            "Brandt spent $500 million on his campaign this week. The former mayor argued that "
            "crime had fallen because of his policies.")
    assert speaker_of(analyse(text, "en", learned=False), "crime had fallen") == "Michael Brandt"


def test_a_comma_closing_an_apposition_opens_no_incise() -> None:
    text = ("Le président Paul Moreau a visité le chantier vendredi. À la fin de la visite, ce "
            "dernier, accompagné de son épouse Marie Moreau et de la ministre Léa Roy, a salué les "
            "ouvriers sur le parvis, leur disant qu'ils devaient « rester prudents » sur le chantier.")
    assert speaker_of(analyse(text, "fr", learned=False), "ils devaient") != "ouvriers"


def test_it_said_is_the_organisation_last_named_as_a_subject() -> None:
    text = ("The Food Standards Agency urged shoppers to avoid herbal supplements that "
            "contained HBX. \"We advise customers not to buy any capsules containing HBX,\" it said.")
    assert speaker_of(analyse(text, "en", learned=False), "We advise") == "The Food Standards Agency"


def test_a_quotation_shares_the_incise_that_closes_its_sentence() -> None:
    text = ("Trois randonneurs sont encore recherchés après l'avalanche de dimanche.\n\n"
            "« Nous gardons confiance » pour trouver « des rescapés », a estimé mardi le "
            "maire de la commune, Paul Garnier, présent sur le site.")
    assert speaker_of(analyse(text, "fr", learned=False), "confiance") == "Paul Garnier"


def test_a_name_closing_a_role_phrase_holds_the_role() -> None:
    text = ("Selon une lettre révélée mardi, l'ancien président du Stade Rennais Julien Fabre a "
            "aussi rapporté ces propos prêtés à Paul Grant : « Il m'a alors "
            "répondu non ».")
    (quote,) = [q for q in analyse(text, "fr", learned=False).quotes if q.kind == "direct"]
    assert quote.speaker is not None and quote.speaker.name == "Julien Fabre"


def test_la_professionnelle_is_a_role_noun() -> None:
    text = (f"Léa Morin, diététicienne, reçoit des patients depuis vingt ans. {FILLER_FR} "
            "Enfin, la professionnelle rappelle qu'un repas trop riche fatigue le "
            "foie.")
    assert speaker_of(analyse(text, "fr", learned=False), "un repas") == "Léa Morin"


@pytest.mark.parametrize(
    "text",
    [
        "Le ministre Paul Lebrun a, sans surprise, affirmé qu'il faut repousser la réforme.",
        "Le ministre Paul Lebrun a, sans surprise, balayé la piste d'un moratoire, estimant qu'il "
        "faut repousser la réforme.",
    ],
)
def test_an_insertion_between_commas_keeps_the_subject_of_the_verb(text: str) -> None:
    """``X a, sans surprise, affirmé que…``: the parser hangs the subject on the auxiliary
    and reads the participle after the object as an adverb; neither the object after the
    commas nor nobody is the speaker."""
    assert speaker_of(analyse(text, "fr", learned=False), "repousser") == "Paul Lebrun"


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Lors du débat sur le budget, le premier ministre belge, Paul Lebrun, avait indiqué que "
         "l'État devait réduire ses dépenses.", "fr", "Paul Lebrun"),
        ("Le ministre Jean Roy, qui a rencontré Paul Lebrun, a indiqué que l'État devait réduire "
         "ses dépenses.", "fr", "Jean Roy"),
    ],
)
def test_a_name_in_apposition_to_a_role_before_the_verb_is_its_subject(
        text: str, lang: str, expected: str) -> None:
    """``le premier ministre belge, Paul Lebrun, avait indiqué``: the parser lost the subject;
    the name between commas after the role is it (a name after a verb is not)."""
    assert speaker_of(analyse(text, lang, learned=False), "dépenses") == expected


def test_a_name_closing_a_coordinated_role_phrase_holds_the_role() -> None:
    """``President and Chief Executive of Northgate Foods Anna Berg said``: the name that
    follows the organisation's name at the end of the subject is who speaks (not the title)."""
    text = ("Prices will keep rising, President and Chief Executive of Northgate Foods Anna Berg "
            "said on Monday.")
    assert speaker_of(analyse(text, "en", learned=False), "Prices") == "Anna Berg"


def test_a_day_after_the_verb_is_never_who_speaks() -> None:
    """``…, a ordonné vendredi de « … »``: the parser may read the day as the verb's object
    or as an inverted subject; the speaker is the clause's subject."""
    text = ("Le président du Tadjikistan, Paul Roy, est arrivé hier. Le président du Tadjikistan, "
            "pays montagneux voisin de la Chine, a ordonné vendredi de «renforcer les contrôles "
            "frontaliers» pour protéger les barrages.")
    assert speaker_of(analyse(text, "fr", learned=False), "renforcer les contrôles") == "Paul Roy"
