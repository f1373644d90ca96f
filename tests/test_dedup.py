"""Near-duplicate articles and repeated event reports.

The near-duplicate test set is built here: articles written for this test, each republished
with the edits wire copy gets (credit lines, words dropped or changed, paragraphs cut), plus
different reports of the same story that must *not* be linked.  When ``../shared/eval/dev``
exists, its texts get the same edits (they are read at run time, never copied here).
``docs/batch.md`` records the precision and recall these tests measure.
"""

from __future__ import annotations

import random
from pathlib import Path

from newsgraph.dedup import (
    DEFAULT_THRESHOLD,
    EventMention,
    article_duplicates,
    cluster_events,
    dates_agree,
    distinct_quotes,
    near_duplicate_groups,
    pair_scores,
    shingles,
    signature,
)
from newsgraph.ingest.header import split_header
from newsgraph.model import ActorRef, Article, DateValue, Event, Quote, Span, Speaker

ORIGINALS = {
    "pme": (
        "Le ministre de l'Économie a présenté mardi un plan de soutien de deux milliards d'euros aux "
        "petites et moyennes entreprises touchées par la hausse des prix de l'énergie.\n\n"
        "Les entreprises de moins de cinquante salariés pourront demander une aide dès le mois de "
        "novembre, sur une plateforme ouverte par l'administration fiscale.\n\n"
        "« Nous ne laisserons tomber personne », a déclaré le ministre devant les députés, qui "
        "examinaient le budget de l'année prochaine en commission."
    ),
    "tram": (
        "The city of Lyon opened a new tram line on Saturday after three years of works along the "
        "river, linking the main station to the northern suburbs.\n\n"
        "The line is expected to carry forty thousand passengers a day and will run every five "
        "minutes at peak hours, the transport authority said.\n\n"
        "\"This line will change daily life for thousands of people,\" the mayor told reporters at "
        "the inauguration, before riding the first tram with local schoolchildren."
    ),
    "port": (
        "Le trafic du port de Marseille a progressé de douze pour cent l'an dernier, porté par les "
        "conteneurs et par le retour des paquebots de croisière en Méditerranée.\n\n"
        "La direction du port prévoit d'investir trois cents millions d'euros dans l'électrification "
        "des quais afin de réduire la pollution des navires à l'escale.\n\n"
        "Les associations de riverains saluent le projet mais demandent un calendrier plus rapide."
    ),
    "bank": (
        "The European Central Bank raised its main interest rate by a quarter of a percentage point "
        "on Thursday, its tenth increase in a row, as inflation remains above its target.\n\n"
        "The bank's president said the governing council would decide meeting by meeting and did "
        "not rule out a pause in the autumn if prices slowed.\n\n"
        "Markets had largely expected the move, and the euro rose slightly against the dollar."
    ),
    "greve": (
        "Les contrôleurs aériens ont entamé jeudi une grève de quarante-huit heures qui perturbe le "
        "trafic dans les principaux aéroports du pays.\n\n"
        "La direction générale de l'aviation civile a demandé aux compagnies de réduire leurs vols "
        "d'un tiers à Paris, Lyon et Nice pendant toute la durée du mouvement.\n\n"
        "Les syndicats réclament des recrutements et une revalorisation des salaires."
    ),
}
# Other outlets' reports of the same stories: related, but not copies.
REWRITES = {
    "pme-other": (
        "Deux milliards d'euros : c'est l'enveloppe annoncée par Bercy pour aider les PME face à la "
        "flambée des factures d'électricité et de gaz. Le dispositif, accessible en ligne à partir de "
        "novembre, vise les sociétés de moins de cinquante personnes. Le ministre a promis devant la "
        "commission des finances que personne ne serait abandonné."
    ),
    "bank-other": (
        "For the tenth consecutive time, policymakers in Frankfurt lifted borrowing costs, adding 25 "
        "basis points to the deposit rate. Inflation in the euro area is still too high, they said, "
        "though a summer pause is now possible. The single currency edged up after the decision."
    ),
}


def credit(text: str, rng: random.Random) -> str:
    return rng.choice(["PARIS (AFP) - ", "LONDON (Reuters) - ", ""]) + text + rng.choice(
        ["\n\n(avec AFP)", "\n\n(Reporting by our correspondents; editing by the desk)", ""]
    )


def drop_words(text: str, rng: random.Random, share: float) -> str:
    return " ".join(w for w in text.split(" ") if rng.random() >= share)


def change_words(text: str, rng: random.Random, share: float) -> str:
    words = text.split(" ")
    return " ".join(rng.choice(words) if rng.random() < share else w for w in words)


def cut_last_paragraph(text: str, _rng: random.Random) -> str:
    paragraphs = text.split("\n\n")
    return "\n\n".join(paragraphs[:-1]) if len(paragraphs) > 2 else text


EDITS = {
    "credit": lambda t, r: credit(t, r),
    "credit+drop2%": lambda t, r: credit(drop_words(t, r, 0.02), r),
    "change5%": lambda t, r: change_words(t, r, 0.05),
    "cut-last-paragraph": cut_last_paragraph,
    "cut+change3%": lambda t, r: change_words(cut_last_paragraph(t, r), r, 0.03),
}


def edited_set(originals: dict[str, str], *, seed: int = 7) -> tuple[dict[str, str], list[list[str]]]:
    """Every original and its edited copies; the true groups are an original with its copies."""
    rng = random.Random(seed)
    texts: dict[str, str] = {}
    truth: list[list[str]] = []
    for name, text in originals.items():
        texts[name] = text
        group = [name]
        for edit_name, edit in EDITS.items():
            texts[f"{name}/{edit_name}"] = edit(text, rng)
            group.append(f"{name}/{edit_name}")
        truth.append(group)
    return texts, truth


def measure(texts: dict[str, str], truth: list[list[str]], threshold: float) -> tuple[float, float]:
    groups = near_duplicate_groups(((n, signature(t)) for n, t in texts.items()), threshold=threshold)
    return pair_scores([g.members for g in groups], truth)


def test_shingles_ignore_case_and_punctuation() -> None:
    assert shingles("Le Ministre, a dit: oui.", size=2) == shingles("le ministre a dit oui", size=2)
    assert shingles("trois mots seulement") == {b"trois mots seulement"}
    assert shingles("  ") == set()


def test_near_duplicates_on_our_texts() -> None:
    texts, truth = edited_set(ORIGINALS)
    texts.update(REWRITES)  # same stories, other words: must stay apart
    precision, recall = measure(texts, truth, DEFAULT_THRESHOLD)
    print(f"\nnear-duplicates, our texts ({len(texts)} articles): P={precision:.3f} R={recall:.3f}")
    assert precision == 1.0
    assert recall >= 0.9


def test_near_duplicates_on_the_dev_texts(dev_dir: Path) -> None:
    originals = {}
    for path in sorted(dev_dir.glob("*.txt")):
        _, body = split_header(path.read_text(encoding="utf-8"))
        originals[path.stem] = body.strip()
    texts, truth = edited_set(originals)
    for threshold in (0.3, DEFAULT_THRESHOLD, 0.7):
        precision, recall = measure(texts, truth, threshold)
        print(f"\nnear-duplicates, dev texts ({len(texts)} articles), threshold {threshold}: "
              f"P={precision:.3f} R={recall:.3f}")
    precision, recall = measure(texts, truth, DEFAULT_THRESHOLD)
    assert precision >= 0.95 and recall >= 0.9


def test_canonical_is_the_first_article_and_quotes_count_once() -> None:
    quote_text = "« Nous ne laisserons tomber personne »"

    def article(article_id: str, text: str) -> Article:
        start = text.index(quote_text)
        end = start + len(quote_text)
        quote = Quote("q1", start, end, quote_text, "direct", speaker=Speaker("le ministre"))
        return Article(id=article_id, source=article_id, text=text, quotes=[quote])

    original = ORIGINALS["pme"]
    articles = [
        article("a1", original),
        article("a2", credit(original, random.Random(1))),
        article("a3", "Autre sujet. " + quote_text + ", a répété le ministre dans une autre interview."),
    ]
    (group,) = article_duplicates(articles)
    assert (group.canonical, group.members) == ("a1", ("a1", "a2"))
    reports = distinct_quotes(articles, [group])
    assert sorted(r.articles for r in reports) == [("a1", "a2"), ("a3",)]


def mention(article: str, *, type: str = "meet", sources: tuple[str, ...] = ("Emmanuel Macron",),
            targets: tuple[str, ...] = ("Olaf Scholz",), date: str | None = "2023-09-13") -> EventMention:
    return EventMention(
        article, "e1", type, frozenset(s.casefold() for s in sources),
        frozenset(t.casefold() for t in targets), DateValue.parse(date) if date else None,
    )


def test_event_mentions_cluster_when_type_actors_and_dates_agree() -> None:
    mentions = [
        mention("a1"),
        mention("a2", date="2023-09"),  # coarser, contains the day
        mention("a3", date="2023-09-14"),  # another day: another meeting
        mention("a4", type="criticize"),
        mention("a5", targets=("Giorgia Meloni",)),
        mention("a6", date=None),  # undated: no evidence it is the same meeting
        mention("a7", date=None),
    ]
    clusters = {tuple(a for a, _ in c.mentions) for c in cluster_events(mentions)}
    assert ("a1", "a2") not in clusters  # "2023-09" contains two different days: ambiguous
    assert {("a1",), ("a2",), ("a3",), ("a4",), ("a5",), ("a6",), ("a7",)} == clusters
    without_a3 = [m for m in mentions if m.article_id != "a3"]
    assert ("a1", "a2") in {tuple(a for a, _ in c.mentions) for c in cluster_events(without_a3)}
    assert sum(len(c) for c in clusters) == len(mentions)  # every mention kept
    (merged,) = [c for c in cluster_events(mentions[:2]) if len(c.mentions) == 2]
    assert merged.date == DateValue.parse("2023-09-13")


def test_dates_agree() -> None:
    day, month = DateValue.parse("2023-09-13"), DateValue.parse("2023-09")
    assert dates_agree(day, month) and dates_agree(month, day) and dates_agree(day, day)
    assert not dates_agree(day, DateValue.parse("2023-10")) and not dates_agree(day, None)
    assert dates_agree(DateValue("2023-W37", "week"), DateValue.parse("2023"))


def test_event_mentions_from_articles_compare_names_not_ids() -> None:
    from newsgraph.dedup import event_mentions

    def article(article_id: str, name: str) -> Article:
        text = f"{name} a rencontré Olaf Scholz."
        event = Event(
            "e1", "meet", None, Span(len(name) + 3, len(name) + 12, "rencontré"), (0, len(text)),
            source=[ActorRef(f"{article_id}-x", name)], target=[ActorRef("y", "Olaf Scholz")],
            date=DateValue.parse("2023-09-13"),
        )
        return Article(id=article_id, source=article_id, text=text, events=[event])

    mentions = [*event_mentions(article("a1", "Emmanuel Macron"))]
    mentions += event_mentions(article("a2", "EMMANUEL MACRON"))
    (cluster,) = cluster_events(mentions)
    assert cluster.mentions == (("a1", "e1"), ("a2", "e1"))
