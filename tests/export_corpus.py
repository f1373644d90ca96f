"""Hand-built articles for the export and analysis tests (no spaCy): two outlets, three
periods, speakers of every kind (person f/m/unknown, organisation, unnamed, none) and events."""

from __future__ import annotations

from pathlib import Path

from newsgraph.model import (
    ActorRef,
    Article,
    DateValue,
    Entity,
    Event,
    Mention,
    Quote,
    Span,
    Speaker,
)
from newsgraph.store import Store


def at(text: str, covered: str, occurrence: int = 0) -> tuple[int, int, str]:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(covered, start + 1)
    return start, start + len(covered), covered


def entity(
    text: str, entity_id: str, name: str, etype: str, *covered: str, gender: str = "unknown"
) -> Entity:
    """Mentions at the first occurrences of ``covered`` not inside an earlier mention."""
    mentions: list[Mention] = []
    for piece in covered:
        occurrence = 0
        while any(m.start <= at(text, piece, occurrence)[0] < m.end for m in mentions):
            occurrence += 1
        mentions.append(Mention(*at(text, piece, occurrence)))
    return Entity(entity_id, name, etype, aliases=sorted(set(covered)), mentions=mentions,  # type: ignore[arg-type]
                  gender=gender)  # type: ignore[arg-type]


def quote(text: str, quote_id: str, covered: str, speaker: Speaker | None) -> Quote:
    start, end, covered = at(text, covered)
    return Quote(quote_id, start, end, covered, "direct", speaker=speaker, confidence=0.9)


def event(text: str, event_id: str, etype: str, trigger: str, *, source: list[ActorRef],
          target: list[ActorRef], place: ActorRef | None = None, date: str | None = None,
          modality: str = "asserted") -> Event:
    start, end, covered = at(text, trigger)
    return Event(event_id, etype, "meet", Span(start, end, covered), (0, len(text)), source=source,
                 target=target, place=place, date=DateValue.parse(date) if date else None,
                 date_from="text" if date else "none", modality=modality)


def summit() -> Article:
    text = ("Emmanuel Macron a rencontré Olaf Scholz à Berlin.\tMme Anne Martin a dit : « Berlin compte ». "
            "« Macron a raison », a déclaré Olaf Scholz. L'OTAN a déclaré : « Nous restons unis ».")
    macron = entity(text, "e1", "Emmanuel Macron", "PER", "Emmanuel Macron", "Macron", gender="m")
    scholz = entity(text, "e2", "Olaf Scholz", "PER", "Olaf Scholz", "Olaf Scholz")
    martin = entity(text, "e3", "Anne Martin", "PER", "Anne Martin", gender="f")
    berlin = entity(text, "e4", "Berlin", "LOC", "Berlin", "Berlin")
    otan = entity(text, "e5", "OTAN", "ORG", "OTAN")
    return Article(
        id="a_summit", source="summit.txt", text=text, lang="fr", date=DateValue.parse("2023-09-13"),
        title="Sommet à Berlin", url="https://example.org/summit", outlet="Le Quotidien",
        entities=[macron, scholz, martin, berlin, otan],
        quotes=[
            quote(text, "q1", "« Berlin compte »", Speaker("Anne Martin", "e3", how="name")),
            quote(text, "q2", "« Macron a raison »", Speaker("Olaf Scholz", "e2", how="name")),
            quote(text, "q3", "« Nous restons unis »", Speaker("OTAN", "e5", how="group")),
        ],
        events=[event(text, "v1", "CONSULT", "rencontré", source=[ActorRef("e1", "Emmanuel Macron")],
                      target=[ActorRef("e2", "Olaf Scholz")], place=ActorRef("e4", "Berlin"),
                      date="2023-09-12")],
    )


def protest() -> Article:
    text = ("Des manifestants ont bloqué le ministère. « Nous ne céderons pas », ont dit des syndicalistes. "
            "« C'est grave », selon une source. Olaf Scholz a rencontré Emmanuel Macron.")
    scholz = entity(text, "e1", "Olaf Scholz", "PER", "Olaf Scholz")
    macron = entity(text, "e2", "Emmanuel Macron", "PER", "Emmanuel Macron", gender="m")
    return Article(
        id="a_protest", source="protest.txt", text=text, lang="fr", date=DateValue.parse("2023-10-02"),
        title="Grève", url=None, outlet="Le Quotidien", entities=[scholz, macron],
        quotes=[
            quote(text, "q1", "« Nous ne céderons pas »", Speaker("syndicalistes", None, how="group")),
            quote(text, "q2", "« C'est grave »", None),
        ],
        events=[
            event(text, "v1", "PROTEST", "bloqué", source=[ActorRef(None, "manifestants")], target=[]),
            event(text, "v2", "CONSULT", "rencontré", source=[ActorRef("e1", "Olaf Scholz")],
                  target=[ActorRef("e2", "Emmanuel Macron")]),
            event(text, "v3", "CONSULT", "rencontré", source=[ActorRef("e1", "Olaf Scholz")],
                  target=[ActorRef("e2", "Emmanuel Macron")], modality="hypothetical"),
        ],
    )


def interview() -> Article:
    text = "Anne Martin was interviewed. \"Berlin matters,\" she said. Emmanuel Macron was not there."
    martin = entity(text, "e1", "Anne Martin", "PER", "Anne Martin", gender="f")
    macron = entity(text, "e2", "Emmanuel Macron", "PER", "Emmanuel Macron")
    berlin = entity(text, "e3", "Berlin", "LOC", "Berlin")
    return Article(
        id="a_interview", source="interview.txt", text=text, lang="en", date=DateValue.parse("2023"),
        title="Interview", url="https://example.com/interview", outlet="The Daily",
        entities=[martin, macron, berlin],
        quotes=[quote(text, "q1", "\"Berlin matters,\"", Speaker("Anne Martin", "e1", how="pronoun"))],
    )


def corpus() -> list[Article]:
    return [summit(), protest(), interview()]


def build_store(path: Path) -> str:
    db = str(path / "corpus.sqlite")
    with Store.open(db) as store:
        store.save(corpus())
    return db
