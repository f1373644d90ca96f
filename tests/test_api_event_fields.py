"""The event responses of the API carry every field of the data model's events
(docs/output-format.md): ``salient``, ``lemma``, ``salience`` and ``mentions`` included."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from api_corpus import at, summit_article
from fastapi.testclient import TestClient

from newsgraph.api import create_app
from newsgraph.api.schemas import EventOut
from newsgraph.model import Span
from newsgraph.store import Store


def _stored(tmp_path: Path) -> str:
    article = summit_article()
    event = article.events[0]
    event.lemma = "rencontrer"
    event.salience = 0.73125
    event.salient = False
    event.mentions = [Span(*at(article.text, "a rencontré"))]
    db = str(tmp_path / "events.sqlite")
    with Store.open(db) as store:
        store.save([article])
    return db


def _event_fields(event: dict[str, Any]) -> dict[str, Any]:
    return {key: event[key] for key in ("salient", "lemma", "salience", "mentions")}


def test_event_responses_carry_lemma_salience_and_mentions(tmp_path: Path) -> None:
    db = _stored(tmp_path)
    start, end, covered = at(summit_article().text, "a rencontré")
    expected = {
        "salient": False, "lemma": "rencontrer", "salience": 0.7312,
        "mentions": [{"start": start, "end": end, "text": covered}],
    }
    with TestClient(create_app(db=db)) as client:
        article = client.get("/api/articles/a_summit").json()
        listed = client.get("/api/events").json()["items"]
        spec = client.get("/api/openapi.json").json()
    mention = expected["mentions"][0]
    text = article["text"]
    assert text[mention["start"]:mention["end"]] == mention["text"]
    assert _event_fields(article["events"][0]) == expected
    assert [_event_fields(hit["event"]) for hit in listed] == [expected]
    documented = spec["components"]["schemas"]["EventOut"]["properties"]
    assert {"salient", "lemma", "salience", "mentions"} <= set(documented)


def test_every_field_of_the_model_event_is_in_the_schema() -> None:
    event = summit_article().events[0]
    assert set(event.to_dict()) <= set(EventOut.model_fields) | {"date"}
    assert EventOut.of(event).model_dump(by_alias=True) == event.to_dict()
