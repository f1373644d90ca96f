"""The web UI in Debian's Chromium driven by Playwright, against a real server on
127.0.0.1 over a store of hand-built articles.  Skips when /usr/bin/chromium is absent
(install it with `apt-get install -y chromium`; never `playwright install`).

With NEWSGRAPH_SCREENSHOTS=<dir> set, each page is also saved as a PNG there
(docs/screenshots/ holds the ones shown in docs/web.md).
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import pytest
from api_corpus import build_store

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TOKEN = "browser-token"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="Debian's chromium is not installed (/usr/bin/chromium)"
    ),
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    import uvicorn

    from newsgraph.api import ApiSettings, create_app

    db = build_store(tmp_path_factory.mktemp("web") / "web.sqlite")
    app = create_app(db=db, settings=ApiSettings(token=TOKEN))
    port = free_port()
    uvicorn_server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=uvicorn_server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not uvicorn_server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    uvicorn_server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    playwright_sync = pytest.importorskip("playwright.sync_api")
    profile = tmp_path_factory.mktemp("chromium-profile")
    with playwright_sync.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            args=CHROMIUM_ARGS,
            headless=True,
            viewport={"width": 1280, "height": 900},
        )
        yield context
        context.close()


class Visit:
    """A page that records script dialogs, page errors and every request off this server."""

    def __init__(self, context: Any, base: str) -> None:
        self.base = base
        self.page = context.new_page()
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.foreign: list[str] = []
        self.page.on("dialog", self._on_dialog)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.route("**/*", self._only_local)

    def _on_dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _only_local(self, route: Any) -> None:
        url = route.request.url
        if urlsplit(url).netloc == urlsplit(self.base).netloc or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            self.foreign.append(url)
            route.abort()

    def open(self, path: str) -> Any:
        response = self.page.goto(self.base + path)
        assert response is not None and response.status == 200, path
        return self.page

    def shoot(self, name: str) -> None:
        directory = os.environ.get("NEWSGRAPH_SCREENSHOTS")
        if directory:
            Path(directory).mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=str(Path(directory) / f"{name}.png"), full_page=True)

    def assert_clean(self) -> None:
        assert self.page.evaluate("() => window.__xss") is None, "injected script ran"
        assert not self.dialogs and not self.errors and not self.foreign, (
            self.dialogs,
            self.errors,
            self.foreign,
        )
        self.page.close()


@pytest.fixture
def visit(browser: Any, server: str) -> Iterator[Visit]:
    page = Visit(browser, server)
    yield page
    page.assert_clean()


def test_navigation_from_home_to_an_entity(visit: Visit) -> None:
    page = visit.open("/")
    visit.shoot("home")
    page.click("nav >> text=Entities")
    page.wait_for_url("**/entities")
    page.click("table >> text=Olaf Scholz")
    page.wait_for_url("**/entities/PER/Olaf%20Scholz")
    assert "Olaf Scholz" in page.inner_text("h1")
    page.click("nav >> text=Articles")
    page.wait_for_url("**/articles")
    assert page.locator(".article-line").count() == 4


def test_entity_list_shows_entities_across_articles(visit: Visit) -> None:
    page = visit.open("/entities")
    row = page.locator("#entity-list tr", has_text="NATO")  # the gazetteer's name; the article says OTAN
    assert "OTAN" in row.locator(".variants").inner_text()
    assert page.locator("#entity-list .unresolved").count() == 0
    assert page.locator("#unresolved-notice").count() == 0
    visit.shoot("entities")
    row.locator("a.entity-link").click()
    page.wait_for_url("**/entities/ORG/OTAN")
    assert "NATO" in page.inner_text("#resolved-name")


def test_search_shows_marked_results(visit: Visit) -> None:
    page = visit.open("/")
    page.fill("#search-input", "Scholz")
    page.wait_for_selector("#entity-suggestions a")  # entity suggestions as you type
    assert "Olaf Scholz" in page.inner_text("#entity-suggestions")
    page.press("#search-input", "Enter")
    page.wait_for_url("**/?q=Scholz")
    assert page.locator(".result").count() == 2
    assert page.locator(".snippet mark").first.inner_text() == "Scholz"
    visit.shoot("search")


@pytest.mark.parametrize("query", ['"', "NEAR(", "<script>", "col:y AND -x"])
def test_search_with_operators_gives_a_page(visit: Visit, query: str) -> None:
    response = visit.page.goto(visit.base + "/?q=" + quote(query))
    assert response is not None and response.status in (200, 400)


def test_article_highlights_entities_and_quotes(visit: Visit) -> None:
    page = visit.open("/articles/a_summit")
    text = page.locator("#article-text")
    assert text.locator(".mention.type-PER").count() >= 4
    assert text.locator(".mention.type-LOC").count() >= 2
    assert text.locator(".quote").count() == 2
    assert text.locator(".quote .mention").count() >= 1  # entities inside quotes too
    speaker = text.locator("#q1 .speaker-link")
    assert speaker.get_attribute("href") == "/entities/PER/Emmanuel%20Macron"
    visit.shoot("article")
    speaker.click()
    page.wait_for_url("**/entities/PER/Emmanuel%20Macron")


def test_entity_page_has_everything_and_a_timeline_chart(visit: Visit) -> None:
    page = visit.open("/entities/PER/Emmanuel%20Macron")
    page.wait_for_selector("#timeline-chart[data-ready=true]")
    assert page.evaluate("() => window.newsgraphChart.data.labels") == [
        "2023-09", "2023-10", "2023-11", "2023-12", "2024-01",  # real time: empty months shown
    ]
    assert "Macron" in page.inner_text("#aliases")
    assert page.locator("#quotes-by .quote-item").count() == 3
    assert page.locator("#quotes-about .quote-item").count() == 1
    assert "Olaf Scholz" in page.inner_text("#neighbours")
    assert page.locator(".event-item").count() == 1
    visit.shoot("entity")


def test_network_view_renders_nodes(visit: Visit) -> None:
    page = visit.open("/graph")
    page.wait_for_selector("#graph[data-ready=true]")
    assert page.locator("#graph canvas").count() >= 1
    assert page.evaluate("() => window.newsgraphGraph.nodes().length") == 9
    assert page.evaluate("() => window.newsgraphGraph.edges().length") > 10
    visit.shoot("graph")
    kinds = page.evaluate("() => [...new Set(window.newsgraphGraph.edges().map(e => e.data('kind')))]")
    assert sorted(kinds) == ["about", "cooccurrence", "coquoted", "event"]
    page.uncheck("#edge-kinds input[value=cooccurrence]")
    visible = page.evaluate("() => window.newsgraphGraph.edges(':visible').length")
    assert 0 < visible < page.evaluate("() => window.newsgraphGraph.edges().length")
    page.uncheck("#edge-kinds input[value=coquoted]")
    assert page.evaluate("() => window.newsgraphGraph.edges(':visible').length") < visible
    # the store is resolved: nodes are corpus entities (c_…), named by their corpus name
    node = page.evaluate(
        "() => window.newsgraphGraph.nodes('[name = \"Olaf Scholz\"]')[0].renderedPosition()"
    )
    box = page.locator("#graph").bounding_box()
    page.mouse.click(box["x"] + node["x"], box["y"] + node["y"])
    page.wait_for_url("**/entities/PER/Olaf%20Scholz")


def test_neighbourhood_network(visit: Visit) -> None:
    page = visit.open("/graph?entity_type=PER&entity_name=Emmanuel+Macron")
    page.wait_for_selector("#graph[data-ready=true]")
    nodes = page.evaluate("() => window.newsgraphGraph.nodes().map(n => [n.id(), n.data('name')])")
    names = {name: node_id for node_id, name in nodes}
    assert names["Emmanuel Macron"].startswith("c_") and "Vladimir Poutine" not in names
    centre = page.evaluate("() => window.newsgraphGraph.nodes('[?center]').map(n => n.data('name'))")
    assert centre == ["Emmanuel Macron"]
    visit.shoot("graph-neighbourhood")


def test_a_network_centred_on_no_entity_says_so(visit: Visit) -> None:
    """An unknown centre is no entity of the store (its page answers 404), not an entity
    without links."""
    page = visit.open("/graph?entity_type=PER&entity_name=Nobody+Here")
    page.wait_for_function("() => document.getElementById('graph-status').textContent !== 'Loading…'")
    assert page.inner_text("#graph-status") == "No entity PER:Nobody Here in the store."
    assert page.is_hidden("#graph")
    page = visit.open("/graph?entity_type=PER&entity_name=Emmanuel+Macron")
    page.wait_for_selector("#graph[data-ready=true]")
    assert "No entity" not in page.inner_text("#graph-status")


def test_timeline_view_over_a_query(visit: Visit) -> None:
    page = visit.open("/timeline?q=macron")
    page.wait_for_selector("#timeline-chart[data-ready=true]")
    assert page.evaluate("() => window.newsgraphChart.data.datasets[0].data") == [1, 1, 0, 0, 1]
    visit.shoot("timeline")


def chart(page: Any, name: str, expression: str) -> Any:
    return page.evaluate(f"() => window.newsgraphStats['chart-{name}'].{expression}")


def drawn_pixels(page: Any, name: str) -> int:
    return int(page.evaluate(
        f"""() => {{
            const canvas = document.getElementById('chart-{name}');
            const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
            let drawn = 0;
            for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) drawn++;
            return drawn;
        }}"""
    ))


STATS_CHARTS = ("quoted", "shares", "gender", "over-time")


def test_stats_page_draws_its_charts_with_data(visit: Visit) -> None:
    page = visit.open("/")
    page.click("nav >> text=Stats")
    page.wait_for_url("**/stats")
    for name in STATS_CHARTS:
        page.wait_for_selector(f"#chart-{name}[data-ready=true]")
        assert drawn_pixels(page, name) > 1000, name
    assert chart(page, "quoted", "data.labels") == ["Emmanuel Macron", "Olaf Scholz"]
    assert chart(page, "quoted", "data.datasets[0].data") == [3, 1]
    outlets = ["<i>Outlet</i>", "Le Monde", "The Guardian"]  # the hostile outlet, as text
    assert chart(page, "shares", "data.labels") == outlets
    assert chart(page, "shares", "data.datasets[0].label") == "person"
    assert chart(page, "shares", "data.datasets[0].data") == [100, 100, 100]
    assert chart(page, "gender", "data.labels")[1] == "Le Monde (coverage 50%)"
    assert chart(page, "gender", "data.datasets.map(d => d.data)") == [[0, 0, 0], [0, 1, 0], [1, 1, 1]]
    assert chart(page, "over-time", "data.labels") == ["2023-09", "2023-10", "2023-11", "2023-12", "2024-01"]
    assert chart(page, "over-time", "data.datasets.map(d => [d.label, d.data])") == [
        ["Emmanuel Macron", [1, 1, 0, 0, 1]], ["Olaf Scholz", [1, 0, 0, 0, 0]],
    ]
    pairs = page.locator("#table-pairs tbody tr")
    assert pairs.count() == 1
    assert [cell.text_content() for cell in pairs.first.locator("td").all()][:4] == [
        "Emmanuel Macron", "meet", "Olaf Scholz", "1",
    ]
    assert "<i>Outlet</i>" in (page.locator("#table-shares").text_content() or "")
    assert page.locator("#panel-shares i, #panel-gender i").count() == 0
    assert "4 articles analysed" in page.inner_text("#selection-summary")
    visit.shoot("stats")


def test_stats_filters_and_speaker_come_from_the_form(visit: Visit) -> None:
    page = visit.open("/stats")
    page.select_option("#stats-form select[name=outlet]", "Le Monde")
    page.fill("#stats-form input[name=speaker]", "scholz")
    page.select_option("#stats-form select[name=by]", "period")
    page.click("#stats-form button")
    page.wait_for_url("**/stats?*outlet=Le+Monde*")
    page.wait_for_selector("#chart-over-time[data-ready=true]")
    assert "1 article analysed" in page.inner_text("#selection-summary")
    assert chart(page, "quoted", "data.datasets[0].data") == [1, 1]
    assert chart(page, "shares", "data.labels") == ["2023-09"]
    assert chart(page, "over-time", "data.datasets.map(d => d.label)") == ["Olaf Scholz"]
    api = page.locator("#panel-quoted .api-link").get_attribute("href")
    assert api is not None and "outlet=Le+Monde" in api
    answer = page.request.get(visit.base + api).json()
    assert [(r["name"], r["quotes"]) for r in answer["items"]] == [("Emmanuel Macron", 1), ("Olaf Scholz", 1)]


def test_hostile_article_is_rendered_inert(visit: Visit) -> None:
    page = visit.open("/articles/a_hostile")
    text = page.inner_text("#article-text")
    assert "<script>" in text and "onerror" in text and "javascript:" in text
    assert (
        page.locator("#article-text script, #article-text img, #article-text a[href^=javascript]").count()
        == 0
    )
    assert page.locator("a[href^=javascript]").count() == 0  # the article's url is not a link
    assert "<script>" in page.inner_text("h1")
    visit.shoot("article-hostile")
    evil = page.locator("aside .entity-link.type-ORG").first
    evil.click()
    page.wait_for_selector("h1")
    assert "onmouseover" in page.inner_text("h1")
    page.hover("h1")


def test_hostile_names_are_inert_in_the_graph_and_search(visit: Visit) -> None:
    page = visit.open("/graph")
    page.wait_for_selector("#graph[data-ready=true]")
    visit.open("/?q=" + quote("<script>window.__xss=1</script>"))
    visit.open("/?q=window")
    assert page.locator(".snippet mark").count() >= 1


def test_corrections_are_offered_only_when_they_work(visit: Visit) -> None:
    page = visit.open("/entities/PER/Olaf%20Scholz")
    assert page.locator("#corrections").get_attribute("data-available") == "true"
    assert page.locator("#merge-form button").is_enabled()
    assert "Vladimir Poutine" not in page.inner_text("#resolved")
    page.fill("#api-token", TOKEN)
    page.fill("#merge-form input[name=other_name]", "Vladimir Poutine")
    answers: list[tuple[int, Any]] = []

    def capture(route: Any) -> None:  # the page reloads at once: keep the answer
        response = route.fetch()
        answers.append((response.status, response.json()))
        route.fulfill(response=response)

    page.route("**/api/corrections/merge", capture)
    page.click("#merge-form button")
    page.wait_for_function(
        "() => (document.getElementById('resolved-names') || {}).textContent"
        " && document.getElementById('resolved-names').textContent.includes('Vladimir Poutine')"
    )
    assert answers and answers[0][0] == 200, answers
    judgement = int(answers[0][1]["judgement"])
    assert "Olaf Scholz" in page.inner_text("#resolved-name")
    page.wait_for_selector("#timeline-chart[data-ready=true]")  # the screenshot shows the whole page
    visit.shoot("corrections")
    merged_id = page.locator("#resolved").get_attribute("data-id")
    other = visit.open("/entities/PER/Vladimir%20Poutine")
    assert other.locator("#resolved").get_attribute("data-id") == merged_id

    # a wrong token is refused in the page, then undo through the API restores the two
    page = visit.open("/entities/PER/Olaf%20Scholz")
    page.fill("#api-token", "wrong")
    page.fill("#merge-form input[name=other_name]", "Emmanuel Macron")
    page.click("#merge-form button")
    page.wait_for_function(
        "() => document.getElementById('corrections-status').textContent.includes('token')"
    )
    undone = page.request.post(
        visit.base + "/api/corrections/undo", data={"judgement": judgement},
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    assert undone.status == 200, undone.text()
    page = visit.open("/entities/PER/Olaf%20Scholz")
    assert "Vladimir Poutine" not in page.inner_text("#resolved")


def test_quote_corrections_from_the_article_page(visit: Visit) -> None:
    """Fix a speaker, undo it; judge a span not a quote, undo it: the page shows each
    state after its reload (and the store is left as it was)."""
    page = visit.open("/articles/a_summit")
    assert page.locator("#corrections").get_attribute("data-available") == "true"
    page.fill("#api-token", TOKEN)
    first = page.locator(".quote-list li").first
    assert "Emmanuel Macron" in first.inner_text()
    first.locator("summary").click()
    first.locator("input[name=speaker]").fill("Olaf Scholz")
    with page.expect_navigation():
        first.locator("button[value=speaker]").click()
    page.wait_for_selector("#undo-quote-correction")
    assert "said by Olaf Scholz" in page.inner_text("#corrections-status")
    assert "Olaf Scholz" in page.locator(".quote-list li").first.inner_text()
    assert page.locator("#q1 .speaker-link").inner_text() == "Olaf Scholz"
    visit.shoot("quote-correction")
    with page.expect_navigation():
        page.click("#undo-quote-correction")
    assert "Emmanuel Macron" in page.locator(".quote-list li").first.inner_text()
    assert page.locator("#undo-quote-correction").count() == 0

    before = page.locator("#article-text .quote").count()
    page.locator(".quote-list li").first.locator("summary").click()
    with page.expect_navigation():
        page.locator(".quote-list li").first.locator("button[value=not_quote]").click()
    page.wait_for_selector("#undo-quote-correction")
    assert page.locator("#article-text .quote").count() == before - 1
    with page.expect_navigation():
        page.click("#undo-quote-correction")
    assert page.locator("#article-text .quote").count() == before


def test_api_docs_page_is_served_from_this_server(visit: Visit) -> None:
    """Swagger UI from web/build.sh's vendor copy, over /api/openapi.json: every
    operation listed, nothing fetched from elsewhere (the fixture aborts and records
    any request off this server), no script error under the page's CSP."""
    page = visit.open("/api/docs")
    page.wait_for_selector("#swagger-ui .opblock")
    paths = page.locator("#swagger-ui .opblock-summary-path").all_inner_texts()
    assert any("/api/articles" in path for path in paths), paths
    assert any("/api/corrections/quote" in path for path in paths), paths
    visit.shoot("api-docs")
