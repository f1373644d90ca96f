"""Hand-built articles for the API and web tests (no spaCy): a small French/English corpus
with entities, quotes, events, and one hostile article full of HTML and script."""

from __future__ import annotations

from pathlib import Path

from newsgraph.model import ActorRef, Article, DateValue, Entity, Event, Mention, Quote, Span, Speaker
from newsgraph.resolve.run import resolve_store
from newsgraph.store import Store

HOSTILE_TEXT = (
    'Le ministre <script>window.__xss = "script"</script> a parlé. '
    "<img src=x onerror=\"window.__xss = 'img'\"> Emmanuel Macron a dit : "
    "« <a href=\"javascript:window.__xss='link'\">cliquez</a> ici ». "
    'Fin "AND" NEAR( -x col:y.'
)


def at(text: str, covered: str, occurrence: int = 0) -> tuple[int, int, str]:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(covered, start + 1)
    return start, start + len(covered), covered


def mention(text: str, covered: str, occurrence: int = 0) -> Mention:
    return Mention(*at(text, covered, occurrence))


def summit_article() -> Article:
    text = (
        "Emmanuel Macron a rencontré Olaf Scholz à Berlin mardi. "
        "« Nous soutiendrons l'Ukraine », a déclaré Macron. "
        "Selon Scholz, l'OTAN doit rester unie. "
        "Olaf Scholz a ajouté : « Macron a raison sur l'Ukraine. »"
    )
    macron = Entity(
        "e1",
        "Emmanuel Macron",
        "PER",
        aliases=["Macron"],
        descriptors=["président"],
        mentions=[mention(text, "Emmanuel Macron"), mention(text, "Macron", 1), mention(text, "Macron", 2)],
        gender="m",
    )
    scholz = Entity(
        "e2",
        "Olaf Scholz",
        "PER",
        aliases=["Scholz"],
        descriptors=["chancelier"],
        mentions=[mention(text, "Olaf Scholz"), mention(text, "Scholz", 1), mention(text, "Olaf Scholz", 1)],
    )
    berlin = Entity("e3", "Berlin", "LOC", mentions=[mention(text, "Berlin")])
    ukraine = Entity("e4", "Ukraine", "LOC", mentions=[mention(text, "Ukraine"), mention(text, "Ukraine", 1)])
    otan = Entity("e5", "OTAN", "ORG", mentions=[mention(text, "OTAN")])
    q1_start, q1_end, q1_text = at(text, "« Nous soutiendrons l'Ukraine »")
    q2_start, q2_end, q2_text = at(text, "« Macron a raison sur l'Ukraine. »")
    quotes = [
        Quote(
            "q1",
            q1_start,
            q1_end,
            q1_text,
            "direct",
            cue=Span(*at(text, "a déclaré")),
            speaker=Speaker("Emmanuel Macron", "e1", *at(text, "Macron", 1)[:2]),
            confidence=0.9,
        ),
        Quote(
            "q2",
            q2_start,
            q2_end,
            q2_text,
            "direct",
            cue=Span(*at(text, "a ajouté")),
            speaker=Speaker("Olaf Scholz", "e2", *at(text, "Olaf Scholz", 1)[:2]),
            confidence=0.9,
        ),
    ]
    meet = Event(
        "v1",
        "meet",
        None,
        Span(*at(text, "a rencontré")),
        (0, 56),
        source=[ActorRef("e1", "Emmanuel Macron")],
        target=[ActorRef("e2", "Olaf Scholz")],
        place=ActorRef("e3", "Berlin"),
        date=DateValue("2023-09-12", "day"),
        date_from="text",
    )
    return Article(
        id="a_summit",
        source="corpus/summit.txt",
        text=text,
        lang="fr",
        date=DateValue("2023-09-13", "day"),
        title="Macron et Scholz à Berlin",
        outlet="Le Monde",
        url="https://example.org/summit",
        entities=[macron, scholz, berlin, ukraine, otan],
        quotes=quotes,
        events=[meet],
    )


def english_article() -> Article:
    text = "Olaf Scholz visited Paris in October. Emmanuel Macron said the talks were useful."
    scholz = Entity("e1", "Olaf Scholz", "PER", mentions=[mention(text, "Olaf Scholz")])
    paris = Entity("e2", "Paris", "LOC", mentions=[mention(text, "Paris")])
    macron = Entity("e3", "Emmanuel Macron", "PER", mentions=[mention(text, "Emmanuel Macron")])
    q_start, q_end, q_text = at(text, "the talks were useful")
    quote = Quote(
        "q1",
        q_start,
        q_end,
        q_text,
        "indirect",
        cue=Span(*at(text, "said")),
        speaker=Speaker("Emmanuel Macron", "e3"),
    )
    visit = Event(
        "v1",
        "visit",
        None,
        Span(*at(text, "visited")),
        (0, 37),
        source=[ActorRef("e1", "Olaf Scholz")],
        place=ActorRef("e2", "Paris"),
    )
    return Article(
        id="a_paris",
        source="corpus/paris.txt",
        text=text,
        lang="en",
        date=DateValue("2023-10", "month"),
        title="Scholz in Paris",
        outlet="The Guardian",
        entities=[scholz, paris, macron],
        quotes=[quote],
        events=[visit],
    )


def hostile_article() -> Article:
    text = HOSTILE_TEXT
    macron = Entity("e1", "Emmanuel Macron", "PER", mentions=[mention(text, "Emmanuel Macron")])
    hostile = Entity(
        "e2", '<b onmouseover="window.__xss=1">Evil</b>', "ORG", mentions=[mention(text, "<script>")]
    )
    q_start, q_end, q_text = at(text, "« <a href=")
    q_end = text.index("»") + 1
    quote = Quote(
        "q1", q_start, q_end, text[q_start:q_end], "direct", speaker=Speaker("Emmanuel Macron", "e1")
    )
    del q_text
    return Article(
        id="a_hostile",
        source="corpus/<hostile>.html",
        text=text,
        lang="fr",
        date=DateValue("2024-01-05", "day"),
        title='<script>window.__xss="title"</script>Titre',
        url="javascript:window.__xss='url'",
        outlet="<i>Outlet</i>",
        entities=[macron, hostile],
        quotes=[quote],
    )


def undated_article() -> Article:
    text = "Vladimir Poutine a parlé à Moscou."
    poutine = Entity("e1", "Vladimir Poutine", "PER", mentions=[mention(text, "Vladimir Poutine")])
    moscou = Entity("e2", "Moscou", "LOC", mentions=[mention(text, "Moscou")])
    return Article(
        id="a_undated", source="corpus/moscou.txt", text=text, lang="fr", entities=[poutine, moscou]
    )


def corpus() -> list[Article]:
    return [summit_article(), english_article(), hostile_article(), undated_article()]


def build_store(path: Path, *, resolve: bool = True) -> str:
    """The corpus in a new store, resolved (corpus entities exist) unless ``resolve`` is False."""
    db = str(path)
    with Store.open(db) as store:
        store.save(corpus())
        if resolve:
            resolve_store(store)
    return db
