"""The learned speaker ranker: candidates, features, model file, training and grouped CV.

Every sentence here is written for the test; none comes from an evaluation article.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from newsgraph.cli import main
from newsgraph.evaluate.quotes import GoldQuote
from newsgraph.ingest.document import SourceDocument
from newsgraph.learn import attribution as learning
from newsgraph.learn.gold_docs import load_articles
from newsgraph.model import Article, Entity, Mention, Quote, Speaker
from newsgraph.nlp.attribution.candidates import (
    NONE_KEY,
    Candidate,
    PersonNames,
    canonical_speakers,
)
from newsgraph.nlp.attribution.model import RankerModel, default_model
from newsgraph.nlp.attribution.ranker import choose_speakers
from newsgraph.nlp.entities import EntityComponent
from newsgraph.nlp.pipeline import Runner
from newsgraph.nlp.quote_scan import Found
from newsgraph.nlp.quotes import QuoteComponent


def person(name: str, kind: str = "PER") -> Entity:
    return Entity(id="e_" + name.replace(" ", "_"), name=name, type=kind,  # type: ignore[arg-type]
                  mentions=[Mention(0, len(name), name)])


def analyse(text: str, lang: str, **options: Any) -> Article:
    runner = Runner(components=[EntityComponent(), QuoteComponent(**options)])
    return runner.analyse_one(SourceDocument(source="<test>", text=text, lang=lang))


# -- canonical speakers -----------------------------------------------------------------
def test_a_lone_surname_typed_org_speaks_as_the_full_name() -> None:
    full, surname = person("Ada Quimby-Vance"), person("Quimby-Vance", "ORG")
    canonical = canonical_speakers([full, surname], "en")
    assert canonical[surname.id] is full
    assert canonical[full.id] is full


def test_an_honorific_and_surname_speak_as_the_full_name() -> None:
    full, titled = person("Colin Marsh"), person("Mr Marsh")
    assert canonical_speakers([full, titled], "en")[titled.id] is full
    full_fr, titled_fr = person("Hélène Brosse"), person("Mme Brosse")
    assert canonical_speakers([full_fr, titled_fr], "fr")[titled_fr.id] is full_fr


def test_a_surname_shared_by_two_people_stays_apart() -> None:
    first, second, surname = person("Anna Petit"), person("Marc Petit"), person("Petit")
    canonical = canonical_speakers([first, second, surname], "fr")
    assert canonical[surname.id] is surname


def test_an_acronym_speaks_as_the_organisation_it_abbreviates() -> None:
    office = person("Lakeside County Police Department", "ORG")
    acronym = person("LCPD", "ORG")
    assert canonical_speakers([office, acronym], "en")[acronym.id] is office


def test_a_french_acronym_skips_the_small_words_of_the_name() -> None:
    """``PS`` for ``Parti socialiste``, ``ONU`` for ``Organisation des Nations unies``: the
    initials of every word but the articles and prepositions, whatever their case; a
    phrase speaker written as the acronym (no entity covered it) maps there too."""
    party, un = person("Parti socialiste", "ORG"), person("Organisation des Nations unies", "ORG")
    ps, onu = person("PS", "ORG"), person("ONU", "ORG")
    canonical = canonical_speakers([party, un, ps, onu], "fr")
    assert canonical[ps.id] is party and canonical[onu.id] is un
    names = PersonNames.of(canonical_speakers([party, un], "fr"), "fr")
    assert names.named("PS") is party and names.named("ONU") is un
    assert names.named("Ps") is None and names.named("UE") is None


def test_places_and_misc_names_are_no_speakers() -> None:
    place = person("Ottawa", "LOC")
    assert place.id not in canonical_speakers([place], "en")


# -- the model file ---------------------------------------------------------------------
def test_model_round_trips_and_scores_by_its_weights() -> None:
    model = RankerModel({"cue_subject": 2.0, "cand_none": -1.0}, -0.5, {"articles": 3})
    again = RankerModel.from_json(model.to_json())
    assert again == model
    high, low = again.predict_proba([{"cue_subject": 1.0}, {"cand_none": 1.0}])
    assert high > 0.8 > 0.2 > low


@pytest.mark.parametrize("text", ["not json", '{"format": 99, "weights": {}}',
                                  '{"format": 1, "weights": {"a": "b"}}'])
def test_a_bad_model_file_is_a_clear_error(text: str) -> None:
    with pytest.raises(ValueError, match="speaker model"):
        RankerModel.from_json(text, source="weights.json")


def test_the_shipped_model_loads_and_records_how_it_was_trained() -> None:
    model = default_model()
    assert model is not None
    assert model.meta["script"] == "newsgraph train attribution"
    assert model.meta["articles"] > 0 and len(model.weights) > 10


def test_choose_speakers_takes_the_most_probable_candidate_and_its_share() -> None:
    item = Found(0, 10, "direct")
    keep = Speaker(name="Kept Person", entity_id="e_1", how="ranked")
    candidates = [Candidate("e_1", "entity", keep, features={"good": 1.0}),
                  Candidate(NONE_KEY, "none", None, features={"bad": 1.0})]
    choose_speakers([item], [candidates], RankerModel({"good": 3.0, "bad": -3.0}, 0.0))
    assert item.speaker is keep
    assert 0.9 < item.confidence <= 1.0
    choose_speakers([item], [candidates], RankerModel({"good": -3.0, "bad": 3.0}, 0.0))
    assert item.speaker is None


# -- the ranker in the pipeline, on our own sentences -------------------------------------------
def test_learned_and_rule_speakers_agree_on_a_plain_incise() -> None:
    text = ("Le maire de Villeneuve, Paul Garnier, a visité l'usine lundi.\n"
            "« Nous ne fermerons pas ce site », a déclaré Paul Garnier devant les salariés.")
    for learned in (True, False):
        article = analyse(text, "fr", learned=learned)
        (quote,) = [q for q in article.quotes if q.kind == "direct"]
        assert quote.speaker is not None and quote.speaker.name == "Paul Garnier"


def test_a_quote_after_a_surname_the_ner_typed_otherwise_names_the_full_name() -> None:
    text = ("Judge Ada Quimby-Vance was sworn in on Friday.\n"
            "\"The work starts now,\" Quimby-Vance said after the ceremony.")
    article = analyse(text, "en")
    quote = next(q for q in article.quotes if q.text.startswith("The work"))
    assert quote.speaker is not None and quote.speaker.name == "Ada Quimby-Vance"


def test_the_confidence_of_a_learned_speaker_is_a_probability() -> None:
    text = ("Sarah Lintz chairs the regional council.\n"
            "\"We will publish the budget in March,\" Lintz told reporters on Monday.")
    article = analyse(text, "en")
    quote = next(q for q in article.quotes if q.kind == "direct")
    assert 0.0 < quote.confidence <= 1.0


# -- training data and cross-validation ---------------------------------------------------
def write_gold(directory: Path, name: str, text: str, quotes: list[dict[str, Any]]) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / f"{name}.txt").write_text("date 2024-03-05\n" + text, encoding="utf-8")
    people = sorted({q["speaker"] for q in quotes if q["speaker"]})
    body = {"quotes": quotes, "people": people, "organisations": [], "places": [], "events": []}
    (directory / f"{name}.gold.json").write_text(json.dumps(body), encoding="utf-8")


SMALL_ARTICLES = [
    ("fr_a", "Jeanne Morel dirige l'école du village.\n« Nous rouvrirons lundi », a déclaré "
     "Jeanne Morel aux parents.\nLe ministre Alain Roux a répondu qu'il enverrait des renforts.",
     [{"text": "Nous rouvrirons lundi", "speaker": "Jeanne Morel", "kind": "direct"},
      {"text": "il enverrait des renforts", "speaker": "Alain Roux", "kind": "indirect"}]),
    ("fr_b", "Le syndicaliste Hugo Brun a parlé devant l'usine.\n« La grève continue », a dit "
     "Hugo Brun.\nSelon lui, la direction refuse de négocier.",
     [{"text": "La grève continue", "speaker": "Hugo Brun", "kind": "direct"}]),
    ("en_a", "Mayor Lena Ortiz opened the bridge on Tuesday.\n\"It took ten years,\" Ortiz "
     "said.\nCouncillor Dan Pike said the cost had doubled.",
     [{"text": "It took ten years", "speaker": "Lena Ortiz", "kind": "direct"},
      {"text": "the cost had doubled", "speaker": "Dan Pike", "kind": "indirect"}]),
]


@pytest.fixture(scope="module")
def small_gold(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("gold")
    for name, text, quotes in SMALL_ARTICLES:
        write_gold(directory, name, text, quotes)
    return directory


def test_candidates_are_labelled_by_the_scoring_protocol(small_gold: Path) -> None:
    gold = [a for a in load_articles([small_gold]) if a.name == "fr_a"]
    (prepared,) = learning.prepare(gold)
    labelled = [(c.speaker.name if c.speaker else None, right)
                for candidates, labels in zip(prepared.sets, prepared.labels, strict=True)
                if labels is not None for c, right in zip(candidates, labels, strict=True)]
    assert ("Jeanne Morel", True) in labelled
    assert (None, False) in labelled
    assert ("Alain Roux", True) in labelled


def test_cross_validation_never_scores_an_article_with_a_model_that_saw_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    articles: list[Any] = [type("A", (), {"name": f"doc{i}"})() for i in range(7)]
    seen_by_model: dict[int, set[str]] = {}

    def fake_fit(training: list[Any], **_: Any) -> RankerModel:
        model = RankerModel({}, 0.0, {"id": len(seen_by_model)})
        seen_by_model[model.meta["id"]] = {a.name for a in training}
        return model

    scored: list[tuple[str, int]] = []

    def fake_score(article: Any, model: RankerModel | None) -> Any:
        if model is not None:
            scored.append((article.name, model.meta["id"]))
        return type("R", (), {"articles": []})()

    monkeypatch.setattr(learning, "fit", fake_fit)
    monkeypatch.setattr(learning, "quotes_with", fake_score)
    learning.cross_validate(articles, folds=3)
    assert sorted(name for name, _ in scored) == sorted(a.name for a in articles)
    assert all(name not in seen_by_model[model] for name, model in scored)


def test_nested_cross_validation_chooses_the_strength_without_the_scored_articles(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """With ``choose_among``, each outer fold's regularisation is chosen by models that
    never saw the outer fold's test articles, and the best inner score wins."""
    articles: list[Any] = [type("A", (), {"name": f"doc{i}"})() for i in range(10)]
    outer_tests: list[set[str]] = []
    inner_training: list[set[str]] = []

    def fake_fit(training: list[Any], *, regularisation: float = 1.0, **_: Any) -> RankerModel:
        inner_training.append({a.name for a in training})
        return RankerModel({}, 0.0, {"c": regularisation})

    def fake_score(article: Any, model: RankerModel | None) -> Any:
        report = learning.Report()
        if model is not None:
            good = model.meta["c"] == 0.5  # the inner CV must find this one
            gold = [GoldQuote(0, 1, "a", "direct", None, False)]
            found = [Quote(id="q", start=0, end=1, text="a", kind="direct")] if good else []
            report.articles.append(learning.score_article(article.name, "en", "ab", found, gold))
        return report

    original = learning.choose_regularisation

    def spy(training: list[Any], values: Any, *, seed: int = 0) -> float:
        outer_tests.append({a.name for a in articles} - {a.name for a in training})
        before = len(inner_training)
        chosen = original(training, values, seed=seed)
        assert all(not (seen & outer_tests[-1]) for seen in inner_training[before:])
        return chosen

    monkeypatch.setattr(learning, "fit", fake_fit)
    monkeypatch.setattr(learning, "quotes_with", fake_score)
    monkeypatch.setattr(learning, "choose_regularisation", spy)
    result = learning.cross_validate(articles, folds=5, choose_among=(0.25, 0.5, 1.0))
    assert result.chosen == [0.5] * 5
    assert result.summary()["regularisation_chosen"] == [0.5] * 5


def test_train_and_cross_validate_from_the_command_line(small_gold: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "model.json"
    result = runner.invoke(main, ["train", "attribution", str(small_gold), "--out", str(out)])
    assert result.exit_code == 0, result.output
    model = RankerModel.from_json(out.read_text(encoding="utf-8"))
    assert model.meta["articles"] == 3
    result = runner.invoke(main, ["train", "attribution", str(small_gold), "--cv", "3", "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["folds"] == 3 and summary["articles"] == 3
    assert {row["article"] for row in summary["per_article"]} == {"fr_a", "fr_b", "en_a"}
    assert summary["learned"]["overall"]["gold"] == 5
    result = runner.invoke(main, ["train", "attribution", str(small_gold), "--cv", "3",
                                  "--choose-regularisation", "0.5,x"])
    assert result.exit_code != 0 and "not a comma-separated list" in result.output


def test_gold_quote_speaker_rule_is_shared_with_the_scorer() -> None:
    from newsgraph.evaluate.quotes import speaker_name_right

    gold = GoldQuote(0, 5, "texte", "direct", "Ramon Pacheco Pardo", True)
    assert speaker_name_right("Ramon Pacheco Pardo", gold)
    assert not speaker_name_right("Pardo", gold)
    assert not speaker_name_right(None, gold)


def test_scorer_places_a_direct_quote_at_its_quoted_occurrence() -> None:
    from newsgraph.evaluate.quotes import locate_gold

    text = ("Le plan doit être réécrit, estime la ministre.\n"
            "« Le plan doit être réécrit », a-t-elle répété, puis « le plan doit être réécrit ».")
    gold = {"quotes": [{"text": "Le plan doit être réécrit", "speaker": None, "kind": "direct"},
                       {"text": "Le plan doit être réécrit", "speaker": None, "kind": "indirect"}]}
    direct, indirect = locate_gold(text, gold)
    assert text[direct.start - 2 : direct.start] == "« "
    assert indirect.start == 0


def test_scorer_prefers_the_occurrence_its_own_marks_enclose() -> None:
    from newsgraph.evaluate.quotes import locate_gold

    text = ("« La crise a pris un tour historique », a dit le maire.\n"
            "Le maire parle d'un tour « historique ».")
    gold = {"quotes": [{"text": "historique", "speaker": "le maire", "kind": "direct"}]}
    (located,) = locate_gold(text, gold)
    assert text[located.start - 2 : located.end + 2] == "« historique »"


@pytest.mark.parametrize("text, fragment, speaker", [
    # the tagger reads "déplore" as a past participle; an -er verb's participle ends in -é
    ("« Les loyers du centre-ville sont devenus impossibles », déplore Hugo Ravel, le président "
     "de l'association des locataires.", "Les loyers", "Hugo Ravel"),
    # a quotation ending with "?" or "!" ends the parser's sentence: the incise has no comma
    ("Gayle Lund interviewed the mayor, Tom Reyes.\n"
     "\"Are you worried about the floods?\" Lund asked Reyes.", "Are you", "Gayle Lund"),
    ("Les élus ont voté.\n« C'est une honte ! » s'exclame Léa Morin, conseillère municipale.",
     "une honte", "Léa Morin"),
    # a French incise needs no speech verb: the verb after "»," with its inverted subject
    ("Le syndicat des boulangers a signé l'accord salarial.\n« Nous voulions cette hausse "
     "depuis deux ans », sourit son trésorier, Marc Delorme.", "Nous voulions", "Marc Delorme"),
])
def test_the_rules_find_the_incise_cue(text: str, fragment: str, speaker: str) -> None:
    article = analyse(text, "fr" if "«" in text else "en", learned=False)
    quote = next(q for q in article.quotes if fragment in q.text)
    assert quote.speaker is not None and quote.speaker.name == speaker


def test_an_honorific_and_surname_phrase_is_the_full_name_for_the_ranker() -> None:
    text = ("Colin Marsh runs the harbour authority in Dunmore.\n"
            "\"The ferries will sail again in May,\" Mr Marsh said on Tuesday.")
    quote = next(q for q in analyse(text, "en").quotes if "ferries" in q.text)
    assert quote.speaker is not None and quote.speaker.name == "Colin Marsh"


def test_a_quotation_left_open_before_a_reopened_paragraph_runs_to_its_end() -> None:
    from newsgraph.nlp.quote_marks import find_quotations

    text = ("“The dam held,” Ortiz said. “It held because we reinforced it in spring.\n"
            "“Next year we will raise it by a metre,” she added.")
    found = [text[q.start : q.end] for q in find_quotations(text)]
    assert found == ["The dam held", "It held because we reinforced it in spring.",
                     "Next year we will raise it by a metre"]
    alone = "He said “nothing will change.\nThe vote is on Friday."
    assert find_quotations(alone) == []  # not reopened: a stray mark quotes nothing


def test_a_straight_quote_closed_by_a_curly_one_still_pairs() -> None:
    from newsgraph.nlp.quote_marks import find_quotations

    text = 'She blamed the delay on the contractor "because he never read the plans.” Then she left.'
    (quotation,) = find_quotations(text)
    assert text[quotation.start : quotation.end] == "because he never read the plans."


def test_a_named_incise_inside_a_quotation_splits_it() -> None:
    text = ("« Nous avons tout essayé, a poursuivi Claire Vidal. Personne ne nous a écoutés. »")
    article = analyse(text, "fr", learned=False)
    texts = sorted(q.text for q in article.quotes if q.kind == "direct")
    assert texts == ["Nous avons tout essayé", "Personne ne nous a écoutés."]
    assert all(q.speaker is not None and q.speaker.name == "Claire Vidal"
               for q in article.quotes if q.kind == "direct")


@pytest.mark.parametrize("text, fragment, speaker", [
    ("Speaking from the quay in Dunmore, harbour master Lena Cruz said that the ferries "
     "would sail again in May.", "the ferries would sail", "Lena Cruz"),
    ("The Northfield Water Board warned residents on Monday.\n"
     "\"Boil all tap water until further notice,\" it said in a statement.",
     "Boil all tap water", "Northfield Water Board"),
])
def test_the_rules_find_subjects_the_parse_hides(text: str, fragment: str, speaker: str) -> None:
    quote = next(q for q in analyse(text, "en", learned=False).quotes if fragment in q.text)
    assert quote.speaker is not None and speaker in quote.speaker.name


def test_a_french_incise_subject_after_complements() -> None:
    text = ("L'école a fermé après l'incendie.\n« Nous reconstruirons les classes avant la "
            "rentrée », a promis dans une lettre aux parents le maire de Villeneuve.")
    quote = next(q for q in analyse(text, "fr", learned=False).quotes if "reconstruirons" in q.text)
    assert quote.speaker is not None and quote.speaker.name == "maire de Villeneuve"


def test_who_is_spoken_to_is_no_part_of_a_french_speaker() -> None:
    text = ("Le vol a eu lieu mardi soir au musée.\n« Les caméras ont tout filmé », a précisé "
            "le commissaire de police à Reuters.")
    quote = next(q for q in analyse(text, "fr", learned=False).quotes if "caméras" in q.text)
    assert quote.speaker is not None and quote.speaker.name == "commissaire de police"


def test_a_label_in_quotation_marks_stays_no_quote_whoever_the_ranker_would_pick() -> None:
    text = ("Grace Okafor chairs the housing board.\n"
            "Okafor toured the \"Green Tower\" estate with tenants on Monday.")
    article = analyse(text, "en")
    assert not any(q.text == "Green Tower" for q in article.quotes), [q.text for q in article.quotes]


@pytest.mark.parametrize(
    ("text", "lang", "name"),
    [
        ("Le ministre Paul Roy a affirmé que le nouveau drone « Faucon Noir » était prêt.", "fr",
         "Faucon Noir"),
        ("Mayor Lena Ortiz said the \"Harbour Line\" ferry would run again in May.", "en",
         "Harbour Line"),
    ],
)
def test_a_quoted_name_inside_a_report_is_no_quote(text: str, lang: str, name: str) -> None:
    """A short capitalised quotation with no verb names a thing (a title, a nickname), even
    inside words a cue reports (the report itself stays)."""
    quotes = analyse(text, lang).quotes
    assert name not in [q.text for q in quotes]
    assert [q.kind for q in quotes] == ["indirect"]


@pytest.mark.parametrize(
    ("text", "lang", "title"),
    [
        ("Senator Ruth Kemp wrote an op-ed on Monday with the headline \"Our schools are "
         "failing our children\", calling for more funds.", "en",
         "Our schools are failing our children"),
        ("La sénatrice Léa Roy a publié mardi un rapport intitulé « Nos écoles manquent de tout "
         "», qui demande plus de moyens.", "fr", "Nos écoles manquent de tout"),
    ],
)
def test_a_quotation_after_a_title_word_is_no_quote(text: str, lang: str, title: str) -> None:
    """``with the headline "…"``, ``un rapport intitulé « … »``: a title, not speech."""
    assert title not in [q.text for q in analyse(text, lang).quotes]


def test_unattributed_quoted_wording_without_a_verb_is_no_quote() -> None:
    text = ("Le projet de loi vise « la prévention du terrorisme et de la criminalité organisée "
            "dans les départements d'outre-mer ».\n« Nous partirons demain à l'aube. »")
    texts = [q.text for q in analyse(text, "fr").quotes]
    assert not any(t.startswith("la prévention") for t in texts), texts
    assert "Nous partirons demain à l'aube." in texts


@pytest.mark.parametrize("text, lang", [
    ("Mayor Dana Holt explained how the new levy would be spent on roads.", "en"),
    ("Reporters asked Dana Holt why the levy had doubled since spring.", "en"),
    ("La maire Dana Holt a expliqué pourquoi la taxe avait doublé depuis le printemps.", "fr"),
])
def test_an_indirect_question_is_no_reported_speech(text: str, lang: str) -> None:
    article = analyse(text, lang)
    assert not [q for q in article.quotes if q.kind == "indirect"], [q.text for q in article.quotes]


def test_a_quote_never_crosses_a_paragraph_break() -> None:
    from newsgraph.nlp.models import load_model
    from newsgraph.nlp.quotes import QuoteFinder

    text = "Elle a dit que tout irait bien.\n\nLa suite du texte parle d'autre chose."
    finder = QuoteFinder(load_model("fr")(text), [])
    item = Found(text.index("tout"), len(text), "indirect")
    finder._within_paragraph(item)
    assert text[item.start : item.end] == "tout irait bien."


def test_the_reported_clause_subject_is_never_the_speaker() -> None:
    text = ("Le service des urgences reste ouvert. Ce vendredi, Xavier Dupré, directeur de "
            "l'hôpital, a indiqué qu'une enquête interne avait été ouverte après le décès.")
    quote = next(q for q in analyse(text, "fr", learned=False).quotes if q.kind == "indirect")
    assert quote.speaker is not None and quote.speaker.name == "Xavier Dupré"


def test_candidates_are_bounded_to_a_window_before_the_quote() -> None:
    from newsgraph.nlp.attribution.candidates import CANDIDATE_WINDOW, MentionFacts, build_candidates

    near, far, rule = person("Near Person"), person("Far Person"), person("Rule Person")
    quote_sentence = CANDIDATE_WINDOW + 50

    def told(entity: Entity, sentence: int) -> list[MentionFacts]:
        return [MentionFacts(entity.mentions[0], sentence, 0, False, False, False)]

    facts = {near.id: told(near, quote_sentence - 2), far.id: told(far, 3),
             rule.id: told(rule, 1)}
    canonical = {e.id: e for e in (near, far, rule)}
    item = Found(0, 10, "direct", speaker=Speaker(name="Rule Person", entity_id=rule.id))
    keys = {c.key for c in build_candidates(item, facts, canonical, quote_sentence + 1, rule)}
    assert near.id in keys and rule.id in keys and far.id not in keys


def speaker_name(quote: Any) -> str | None:
    return quote.speaker.name if quote.speaker is not None else None


def test_a_thatless_report_the_parser_hangs_under_its_content_keeps_its_cue() -> None:
    # A long subject with a dash-enclosed relative clause: the parser roots the sentence
    # at "believe" and hangs "Mary Jones insisted" under it as if it were an aside.
    text = ("Mary Jones spoke on Friday. Mary Jones insisted she and her brother — whose "
            "first campaign in 1998 featured a famous poster with the word \"change\" — "
            "believe change is \"a necessary idea.\"")
    quote = next(q for q in analyse(text, "en", learned=False).quotes if q.kind == "indirect")
    assert quote.text.startswith("she and her brother")
    assert quote.text.rstrip('."').endswith("a necessary idea")
    assert quote.cue is not None and quote.cue.text == "insisted"
    assert speaker_name(quote) == "Mary Jones"


def test_faire_part_and_faire_etat_are_cues_whose_noun_is_no_subject() -> None:
    text = ("Claire Vidal, directrice du festival, a fait part jeudi sur la radio de sa "
            "\"grande inquiétude\" après l’annulation du concert. Le ministère a fait état de "
            "« progrès réels » dans les discussions.")
    quotes = {q.text: q for q in analyse(text, "fr", learned=False).quotes}
    worry, progress = quotes["grande inquiétude"], quotes["progrès réels"]
    assert speaker_name(worry) == "Claire Vidal"
    assert speaker_name(progress) == "ministère"


def test_a_reflexive_incise_inside_one_pair_of_marks_splits_the_quotation() -> None:
    text = ("\"Nous ne comprenons pas. C’est injuste !, s’indigne Léa Marchal, présidente de "
            "l’association des riverains. Nous irons en appel !\" L’association organise un "
            "rassemblement samedi.")
    quotes = analyse(text, "fr", learned=False).quotes
    assert [q.text for q in quotes] == ["Nous ne comprenons pas. C’est injuste !",
                                        "Nous irons en appel !"]
    assert all(speaker_name(q) == "Léa Marchal" for q in quotes)


def test_the_description_of_an_incise_speaker_is_no_part_of_the_quotation() -> None:
    text = ("« Nous ne comprenons pas, affirme Léa Marchal, présidente de l’association. "
            "Nous irons en appel. »")
    assert [q.text for q in analyse(text, "fr", learned=False).quotes] == [
        "Nous ne comprenons pas", "Nous irons en appel."]
    text = "« Nous ne comprenons pas, affirme Léa Marchal, et nous irons en appel. »"
    assert [q.text for q in analyse(text, "fr", learned=False).quotes] == [
        "Nous ne comprenons pas", "et nous irons en appel."]


def test_an_incise_role_noun_the_tagger_reads_as_an_adjective_is_the_speaker() -> None:
    text = ("Paul Grant utilise les réseaux sociaux pour enseigner le breton. \"On l'écrit ainsi. "
            "Bonne journée !\", raconte le très sympathique instituteur de 34 ans dans "
            "une courte vidéo publiée sur @paulgrant, 12.400 abonnés au compteur.")
    quote = analyse(text, "fr", learned=False).quotes[0]
    assert speaker_name(quote) == "Paul Grant"


@pytest.mark.parametrize("text, lang, content, speaker", [
    ("Paul Reed wrote that the plan had failed.", "en", "the plan had failed", "Paul Reed"),
    ("Officials divulged Thursday that the town had allowed two visits.", "en",
     "the town had allowed two visits", "Officials"),
    ("Dana Kerr tweeted he was honored to open the fair.", "en",
     "he was honored to open the fair", "Dana Kerr"),
    ("Paul Reed a écrit sur son blogue que le plan avait échoué.", "fr",
     "le plan avait échoué", "Paul Reed"),
])
def test_written_reports_are_reported_speech(text: str, lang: str, content: str,
                                             speaker: str) -> None:
    quote = next(q for q in analyse(text, lang, learned=False).quotes if q.kind == "indirect")
    assert quote.text == content
    assert quote.speaker is not None and quote.speaker.name == speaker


def test_an_unnamed_spokeswoman_speaks_for_the_organisation_her_phrase_names() -> None:
    text = ("Hospital nurses went on strike Tuesday. The striking nurses aren't trying to "
            "close wards, a spokeswoman for the Northfield Workers Union said on Monday.")
    quote = next(q for q in analyse(text, "en", learned=False).quotes if q.kind == "indirect")
    assert quote.speaker is not None
    assert quote.speaker.name == "spokeswoman for the Northfield Workers Union"


@pytest.mark.parametrize("text, lang", [
    ("\"That simply feels unfair to us,\" said one person during the hearing.", "en"),
    ("\"It is far too big,\" said another person at the meeting.", "en"),
    ("« Nous avons eu très peur », a confié un commerçant du quartier.", "fr"),
])
def test_an_unnamed_individual_introduced_by_an_indefinite_is_no_speaker(text: str,
                                                                         lang: str) -> None:
    quote = analyse(text, lang, learned=False).quotes[0]
    assert quote.speaker is None


def test_an_indefinite_speaker_with_a_name_still_speaks() -> None:
    quote = analyse("\"We will appeal,\" said a lawyer, Dana Kerr.", "en", learned=False).quotes[0]
    assert speaker_name(quote) == "Dana Kerr"


def test_a_person_modifying_a_common_noun_subject_is_not_who_speaks() -> None:
    text = ("Maria Harlow spoke on Thursday. Two Harlow donors told local radio that she made "
            "the claim at a dinner. The Harlow campaign said the video was old.")
    speakers = [q.speaker.name if q.speaker else None
                for q in analyse(text, "en", learned=False).quotes]
    assert speakers == [None, "Harlow campaign"]  # unnamed donors are anonymous (SOURCES.md)


def test_a_reflexive_incise_after_the_closing_mark_is_the_cue() -> None:
    text = ("Paul Durand a présenté le texte mardi. « C'est inquiétant », s'étonne Claire "
            "Vidal, élue de l'opposition. « Les ministres vont continuer de bloquer le texte », "
            "s’inquiète un conseiller sous couvert d’anonymat.")
    quotes = analyse(text, "fr", learned=False).quotes
    assert [q.cue.text if q.cue else None for q in quotes] == ["étonne", "inquiète"]
    assert [q.speaker.name if q.speaker else None for q in quotes] == ["Claire Vidal", None]


def test_an_incise_with_its_clitic_before_the_participle_splits_the_quotation() -> None:
    text = ("Paul Durand a quitté le club. « Ça a été long, très long, bien sûr, "
            "a-t-il ajouté. J'ai tenu jusqu'à la fin ».")
    quotes = analyse(text, "fr", learned=False).quotes
    assert [q.text for q in quotes] == ["Ça a été long, très long, bien sûr",
                                        "J'ai tenu jusqu'à la fin"]
    assert all(speaker_name(q) == "Paul Durand" for q in quotes)


@pytest.mark.parametrize("text, lang, speaker", [
    ("Selon l'inspecteur Marc Leroy, deux hommes ont été arrêtés. Les suspects sont en "
     "garde à vue, a précisé le policier.", "fr", "Marc Leroy"),
    ("La gendarme Lucie Faure est arrivée la première. « Le conducteur roulait trop vite », "
     "a indiqué la gendarme.", "fr", "Lucie Faure"),
    ("Investigator Dana Kerr reached the scene first. The driver was speeding, the "
     "investigator said.", "en", "Dana Kerr"),
])
def test_police_and_investigators_are_role_nouns(text: str, lang: str, speaker: str) -> None:
    quote = analyse(text, lang, learned=False).quotes[-1]
    assert quote.speaker is not None and quote.speaker.name == speaker


def test_a_gerund_after_a_preposition_reports_for_the_clauses_subject() -> None:
    text = "Dana Kerr spent weeks courting donors before announcing she would run for mayor."
    quote = next(q for q in analyse(text, "en", learned=False).quotes if q.kind == "indirect")
    assert quote.text == "she would run for mayor"
    assert speaker_name(quote) == "Dana Kerr"


def test_an_indefinite_document_is_no_anonymous_person() -> None:
    text = ("Dana Kerr was slated to introduce the candidate on Saturday, according to an "
            "invitation obtained by the paper.")
    quote = analyse(text, "en", learned=False).quotes[0]
    assert speaker_name(quote) == "invitation"


def test_a_present_tense_incise_the_tagger_reads_as_a_participle_is_the_cue() -> None:
    text = ("Les partis d’opposition ont dénoncé un passage en force. « Ces méthodes "
            "sont d’un autre âge. Le gouvernement se met hors la loi. », déplore Paul Durand, "
            "le chef du parti PRN, qui a quitté la majorité.")
    quote = analyse(text, "fr", learned=False).quotes[-1]
    assert quote.cue is not None and quote.cue.text == "déplore"
    assert speaker_name(quote) == "Paul Durand"


def test_a_quotation_inside_a_reported_clause_is_the_reporters_words() -> None:
    text = ("Ce dernier, Paul Durand, rappelle que le Portugal avait régulièrement appelé Madrid "
            "et Rabat à dialoguer pour mettre un terme au litige « entre deux pays voisins ».")
    quote = next(q for q in analyse(text, "fr", learned=False).quotes if q.kind == "direct")
    assert speaker_name(quote) == "Paul Durand"
    assert quote.cue is not None and quote.cue.text == "rappelle"


def candidates_of(text: str, lang: str, fragment: str) -> tuple[Found, list[Candidate]]:
    from newsgraph.nlp.attribution.ranker import candidate_sets
    from newsgraph.nlp.models import load_model
    from newsgraph.nlp.quotes import QuoteFinder, entities_for

    doc = load_model(lang)(text)
    doc._.article = Article(id="t", source="<test>", text=text, lang=lang)
    EntityComponent()(doc)
    finder = QuoteFinder(doc, entities_for(doc, doc._.article))
    found = finder.find()
    sets = candidate_sets(finder, found)
    return next((item, candidates) for item, candidates in zip(found, sets, strict=True)
                if fragment in text[item.start:item.end])


def test_a_quote_the_rules_left_without_speaker_has_its_own_weights() -> None:
    """When the rules find no speaker, every candidate's facts are repeated under
    ``norule_x_`` (a separate set of weights for that regime) and the "no speaker"
    candidate knows what the cue's subject was (a definite noun points back to someone)."""
    text = ("Marie Caron a perdu son procès mardi.\n"
            "« Je ne comprends pas cette décision », a déclaré à la presse la jeune mère.")
    item, candidates = candidates_of(text, "fr", "Je ne comprends")
    assert item.speaker is None  # the rules do not resolve "la jeune mère"
    none = next(c for c in candidates if c.kind == "none")
    assert any(name.startswith("none_x_subject_") and name.endswith("_definite")
               for name in none.features)
    marie = next(c for c in candidates if c.speaker is not None and c.speaker.name == "Marie Caron")
    assert marie.features["norule_x_cand_entity"] == 1.0
    plain = ("Marie Caron a perdu son procès mardi.\n"
             "« Je ne comprends pas cette décision », a déclaré Marie Caron à la presse.")
    item, candidates = candidates_of(plain, "fr", "Je ne comprends")
    assert item.speaker is not None
    assert not any(name.startswith("norule_") for c in candidates for name in c.features)


def test_an_unnamed_individual_is_a_decision_not_a_gap() -> None:
    """``said one party official``: the rules leave the quote without a speaker on purpose;
    it is not weighed in the regime of quotes the rules could not attribute."""
    text = ("Senator Paul Grady lost the vote on Tuesday.\n"
            "\"He never had a chance,\" said one party official.")
    item, candidates = candidates_of(text, "en", "never had a chance")
    assert item.speaker is None
    none = next(c for c in candidates if c.kind == "none")
    assert "none_x_how_anonymous" in none.features
    assert not any(name.startswith("norule_") for c in candidates for name in c.features)


def test_an_uncued_verbless_quotation_needs_a_likely_speaker() -> None:
    """Quoted wording with no cue and no finite verb (a law's, a programme's) is kept as
    speech only when the speaker chosen for it is more likely than not."""
    from newsgraph.nlp.models import load_model
    from newsgraph.nlp.quotes import SURE_SPEAKER, QuoteFinder, entities_for, keep_direct

    text = ("Le député Paul Roy a critiqué le texte lundi.\n"
            "Le projet de loi vise notamment « la prévention des atteintes graves à la paix "
            "publique et à la sécurité des installations ».")
    doc = load_model("fr")(text)
    doc._.article = Article(id="t", source="<test>", text=text, lang="fr")
    EntityComponent()(doc)
    finder = QuoteFinder(doc, entities_for(doc, doc._.article))
    found = finder.find()
    (item,) = [f for f in found if f.kind == "direct"]
    assert not item.cued
    item.speaker = Speaker(name="Paul Roy", how="ranked")
    item.confidence = SURE_SPEAKER - 0.1
    assert item not in keep_direct(finder, [item])
    item.confidence = SURE_SPEAKER + 0.1
    assert item in keep_direct(finder, [item])


def test_a_gerund_read_as_an_oblique_shares_its_governors_subject() -> None:
    """``…, tout en affirmant avoir réagi…``: the French parser sometimes hangs the gerund
    on the main verb as ``obl:mod``; its subject is the main verb's (built parse, so the
    rule is tested whatever the statistical parser does on a given day)."""
    import spacy
    from spacy.tokens import Doc

    from newsgraph.nlp.cue_subjects import subject_of

    words = ["Claire", "Dubois", "a", "reconnu", "une", "erreur", ",", "tout", "en",
             "affirmant", "avoir", "réagi", "."]
    heads = [3, 0, 3, 3, 5, 3, 3, 9, 9, 3, 11, 9, 3]
    deps = ["nsubj", "flat:name", "aux:tense", "ROOT", "det", "obj", "punct", "advmod", "dep",
            "obl:mod", "aux:tense", "xcomp", "punct"]
    pos = ["PROPN", "PROPN", "AUX", "VERB", "DET", "NOUN", "PUNCT", "ADV", "ADP", "VERB",
           "AUX", "VERB", "PUNCT"]
    morphs = [""] * 9 + ["Tense=Pres|VerbForm=Part", "VerbForm=Inf",
                         "Tense=Past|VerbForm=Part", ""]
    doc = Doc(spacy.blank("fr").vocab, words=words, heads=heads, deps=deps, pos=pos, morphs=morphs)
    assert subject_of(doc[9]).text == "Claire"


def test_the_object_of_a_verb_of_perception_speaks_the_words_it_heard() -> None:
    """A rule of the first stage (the ranker weighs it with the rest)."""
    article = analyse("Une voisine assure avoir entendu Claire Dubois dire «jamais plus» à son "
                      "frère.", "fr", learned=False)
    quote = next(q for q in article.quotes if q.kind == "direct" and "jamais plus" in q.text)
    assert quote.speaker is not None and quote.speaker.name == "Claire Dubois"


@pytest.mark.parametrize("text, fragment", [
    ("Le maire Paul Girard a visité l'usine mardi. La production a connu une « nette reprise » "
     "depuis l'été, apprenait-on jeudi soir.", "nette reprise"),
    ("Les secours ont évacué l'immeuble. L'incendie serait « d'origine criminelle », a-t-on "
     "appris de source policière.", "d'origine criminelle"),
])
def test_words_the_press_learnt_are_an_unnamed_sources(text: str, fragment: str) -> None:
    """``apprenait-on``, ``a-t-on appris de source…`` work like ``selon`` an anonymous
    source: the quotation is kept, with no speaker (rules and ranker)."""
    for learned in (False, True):
        quotes = [q for q in analyse(text, "fr", learned=learned).quotes if q.text == fragment]
        assert [(q.kind, q.speaker) for q in quotes] == [("direct", None)]
