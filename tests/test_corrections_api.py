"""Entity corrections through the API on both backends (issue #19): a merge of entities
of different types answers the kept entity, keeps its name and type, and a retry records
nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from store_backends import BACKENDS, postgres_url  # noqa: F401  (fixture)
from test_quote_corrections import curie
from test_resolve_store import zitt_james

from newsgraph.api import create_app
from newsgraph.api.settings import ApiSettings
from newsgraph.resolve.run import resolve_store
from newsgraph.store import Store

TOKEN = "correction-test-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(params=BACKENDS)
def client(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[TestClient]:
    url = str(tmp_path / "c.sqlite") if request.param == "sqlite" else request.getfixturevalue("postgres_url")
    with Store.open(url) as store:
        store.save([*zitt_james(), curie()])
        resolve_store(store)
    with TestClient(create_app(db=url, settings=ApiSettings(token=TOKEN))) as test_client:
        yield test_client


def test_merge_of_two_types_answers_the_kept_entity_and_is_idempotent(client: TestClient) -> None:
    body = {"entities": [{"type": "PER", "name": "Tessa Orlo-Banks"}, {"type": "MISC", "name": "Orlo-Banks"}]}
    first = client.post("/api/corrections/merge", json=body, headers=AUTH)
    assert first.status_code == 200, first.text
    entity = first.json()["entity"]
    assert (entity["name"], entity["type"], entity["articles"]) == ("Tessa Orlo-Banks", "PER", 3)
    assert "Orlo-Banks" in entity["names"]
    again = client.post("/api/corrections/merge", json=body, headers=AUTH)
    assert again.status_code == 200, again.text
    assert again.json()["judgements"] == first.json()["judgements"] and again.json()["entity"] == entity
    page = client.get("/api/entities/PER/Tessa Orlo-Banks")
    assert page.status_code == 200 and page.json()["resolved"]["id"] == entity["id"]
    judgement = {"judgement": int(first.json()["judgement"])}
    undo = client.post("/api/corrections/undo", json=judgement, headers=AUTH)
    assert undo.status_code == 200, undo.text
    assert client.get("/api/entities/MISC/Orlo-Banks").json()["resolved"]["type"] == "MISC"


def test_a_merge_with_an_unknown_entity_records_nothing(client: TestClient) -> None:
    body = {
        "entities": [
            {"type": "PER", "name": "Tessa Orlo-Banks"},
            {"type": "MISC", "name": "Orlo-Banks"},
            {"type": "PER", "name": "Nobody Known"},
        ]
    }
    response = client.post("/api/corrections/merge", json=body, headers=AUTH)
    assert response.status_code == 404, response.text
    listed = client.get("/api/entities", params={"type": "MISC"}).json()["items"]
    assert "Orlo-Banks" in {item["name"] for item in listed}  # not merged


def test_quote_corrections(client: TestClient) -> None:
    article = curie().id
    body = {"article": article, "quote": "q1", "action": "speaker", "speaker": "Marie Curie"}
    assert client.post("/api/corrections/quote", json=body).status_code == 401
    first = client.post("/api/corrections/quote", json=body, headers=AUTH)
    assert first.status_code == 200, first.text
    assert first.json()["quote"]["speaker"]["name"] == "Marie Curie"
    again = client.post("/api/corrections/quote", json=body, headers=AUTH)
    assert again.json()["judgement"] == first.json()["judgement"]
    quotes = {q["id"]: q for q in client.get(f"/api/articles/{article}").json()["quotes"]}
    assert quotes["q1"]["speaker"]["name"] == "Marie Curie"
    not_quote = {"article": article, "quote": "q2", "action": "not_quote"}
    removed = client.post("/api/corrections/quote", json=not_quote, headers=AUTH)
    assert removed.status_code == 200 and removed.json()["quote"] is None
    assert "q2" not in {q["id"] for q in client.get(f"/api/articles/{article}").json()["quotes"]}
    undo = {"judgement": removed.json()["judgement"]}
    assert client.post("/api/corrections/quote/undo", json=undo, headers=AUTH).status_code == 200
    assert "q2" in {q["id"] for q in client.get(f"/api/articles/{article}").json()["quotes"]}
    missing = {"article": article, "quote": "nope", "action": "not_quote"}
    assert client.post("/api/corrections/quote", json=missing, headers=AUTH).status_code == 404
    blank = body | {"speaker": " "}
    assert client.post("/api/corrections/quote", json=blank, headers=AUTH).status_code == 422
    unknown = client.post("/api/corrections/quote/undo", json={"judgement": 999}, headers=AUTH)
    assert unknown.status_code == 404


def test_article_page_offers_quote_forms_only_when_they_can_work(tmp_path: Path) -> None:
    """Each quotation of the article page has a form (speaker names of the article to pick
    from); a server without a write token says how to enable writes before anyone types."""
    url = str(tmp_path / "p.sqlite")
    with Store.open(url) as store:
        store.save([curie()])
    article = curie().id
    with TestClient(create_app(db=url, settings=ApiSettings(token=TOKEN))) as writable:
        page = writable.get(f"/articles/{article}").text
        assert 'id="corrections" data-available="true"' in page
        assert page.count('class="quote-fix-form"') == len(curie().quotes)
        assert '<option value="Marie Curie">' in page
        assert "corrections are disabled" not in page
    with TestClient(create_app(db=url, settings=ApiSettings(token=None))) as read_only:
        page = read_only.get(f"/articles/{article}").text
        assert 'data-available="false"' in page
        assert "corrections are disabled" in page and "--local-token" in page
        assert "<fieldset disabled>" in page


def test_api_docs_page_uses_local_assets_or_says_how_to_get_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsgraph.web import pages

    url = str(tmp_path / "d.sqlite")
    with Store.open(url):
        pass
    with TestClient(create_app(db=url, settings=ApiSettings(token=None))) as client:
        monkeypatch.setattr(pages, "DOCS_VENDOR_FILES", ("swagger-ui-bundle.js", "swagger-ui.css"))
        if pages.vendor_ready(pages.DOCS_VENDOR_FILES):
            page = client.get("/api/docs").text
            assert 'src="/static/vendor/swagger-ui-bundle.js"' in page
            assert "https://" not in page and "cdn" not in page.casefold()
        monkeypatch.setattr(pages, "DOCS_VENDOR_FILES", ("not-installed.js",))
        missing = client.get("/api/docs")
        assert missing.status_code == 200 and "web/build.sh" in missing.text
        assert "swagger-ui-bundle.js" not in missing.text
