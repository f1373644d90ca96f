"""Charts and the network that do not mislead (issue #19), in Debian's Chromium: time axes
are real time (empty months shown), the network has a legend, a working type filter,
names on the main nodes only and nodes apart; no page logs a warning or an error (the
graph library's warning, the favicon's 404).  A store with articles of 2019 and 2023-24."""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from api_corpus import build_store, summit_article
from test_web_browser import CHROMIUM, Visit, browser, free_port  # noqa: F401  (fixture)

from newsgraph.model import Article, DateValue
from newsgraph.store import Store

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed"),
]


def dated(article: Article, suffix: str, date: str) -> Article:
    return dataclasses.replace(
        article, id=f"{article.id}_{suffix}", source=f"{article.source}#{suffix}", date=DateValue.parse(date)
    )


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    import uvicorn

    from newsgraph.api import create_app

    path = tmp_path_factory.mktemp("charts") / "charts.sqlite"
    with Store.open(str(path)) as store:  # before the corpus: build_store resolves them all
        store.save([
            dated(summit_article(), "may", "2019-05-10"), dated(summit_article(), "june", "2019-06-03"),
        ])
    db = build_store(path)
    port = free_port()
    config = uvicorn.Config(create_app(db=db), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


class QuietVisit(Visit):
    """A visit that also records the console's warnings and errors (a failed request is one)."""

    def __init__(self, context: Any, base: str) -> None:
        super().__init__(context, base)
        self.console: list[str] = []
        self.page.on("console", self._on_console)

    def _on_console(self, message: Any) -> None:
        if message.type in ("warning", "error"):
            self.console.append(f"{message.type}: {message.text} {message.location.get('url', '')}")


@pytest.fixture
def visit(browser: Any, server: str) -> Iterator[QuietVisit]:  # noqa: F811
    page = QuietVisit(browser, server)
    yield page
    assert not page.console, page.console
    page.assert_clean()


MONTHS_2019_05_TO_2024_01 = 12 * 4 + 9  # 2019-05 … 2024-01, both included


def month_index(month: str) -> int:
    return int(month[:4]) * 12 + int(month[5:7]) - 1


def test_time_axes_are_real_time(visit: QuietVisit) -> None:
    page = visit.open("/timeline?q=macron")
    page.wait_for_selector("#timeline-chart[data-ready=true]")
    labels = page.evaluate("() => window.newsgraphChart.data.labels")
    counts = page.evaluate("() => window.newsgraphChart.data.datasets[0].data")
    assert len(labels) == MONTHS_2019_05_TO_2024_01 and labels[0] == "2019-05" and labels[-1] == "2024-01"
    assert [month_index(m) for m in labels] == list(range(month_index("2019-05"), month_index("2024-01") + 1))
    assert {m: c for m, c in zip(labels, counts, strict=True) if c} == {
        "2019-05": 1, "2019-06": 1, "2023-09": 1, "2023-10": 1, "2024-01": 1,
    }
    # On the canvas: 2019-05 → 2019-06 is one month, 2019-06 → 2023-09 fifty-one.
    x = page.evaluate(
        "() => ['2019-05', '2019-06', '2023-09'].map(m => window.newsgraphChart.scales.x"
        ".getPixelForValue(window.newsgraphChart.data.labels.indexOf(m)))"
    )
    assert (x[2] - x[1]) / (x[1] - x[0]) == pytest.approx(51, rel=0.01)
    visit.shoot("timeline")

    page = visit.open("/entities/PER/Emmanuel%20Macron")
    page.wait_for_selector("#timeline-chart[data-ready=true]")
    assert page.evaluate("() => window.newsgraphChart.data.labels.length") == MONTHS_2019_05_TO_2024_01

    page = visit.open("/stats?speaker=Macron")
    page.wait_for_selector("#chart-over-time[data-ready=true]")
    over_time = page.evaluate("() => window.newsgraphStats['chart-over-time'].data.labels")
    assert over_time[0] == "2019-05" and "2021-01" in over_time and over_time[-1] == "2024-01"


def test_network_has_a_legend_a_type_filter_and_readable_nodes(visit: QuietVisit) -> None:
    page = visit.open("/graph")
    page.wait_for_selector("#graph[data-ready=true]")
    legend = page.inner_text("#node-types")
    assert all(word in legend for word in ("person", "organisation", "place"))
    nodes = page.evaluate(
        "() => window.newsgraphGraph.nodes().map(n => ({type: n.data('type'), label: n.style('label'),"
        " x: n.renderedPosition('x'), y: n.renderedPosition('y'), r: n.renderedWidth() / 2}))"
    )
    assert {n["type"] for n in nodes} >= {"PER", "ORG", "LOC"}
    box = page.locator("#graph").bounding_box()
    for i, a in enumerate(nodes):  # inside the frame, and no node on another
        assert a["x"] - a["r"] >= 0 and a["x"] + a["r"] <= box["width"], a
        assert a["y"] - a["r"] >= 0 and a["y"] + a["r"] <= box["height"], a
        for b in nodes[i + 1:]:
            assert ((a["x"] - b["x"]) ** 2 + (a["y"] - b["y"]) ** 2) ** 0.5 >= a["r"] + b["r"], (a, b)
    visit.shoot("graph")

    page.uncheck("#node-types input[value=LOC]")
    shown = page.evaluate("() => window.newsgraphGraph.nodes(':visible').map(n => n.data('type'))")
    assert "LOC" not in shown and len(shown) == len(nodes) - sum(n["type"] == "LOC" for n in nodes)

    page = visit.open("/graph?entity_type=PER&entity_name=&limit=100")
    page.wait_for_selector("#graph[data-ready=true]")
    types = page.evaluate("() => window.newsgraphGraph.nodes().map(n => n.data('type'))")
    assert types and set(types) == {"PER"}

    page = visit.open("/graph?limit=100")
    page.wait_for_selector("#graph[data-ready=true]")
    labels = page.evaluate("() => window.newsgraphGraph.nodes().map(n => n.style('label'))")
    assert len(labels) > 8 and sum(bool(label) for label in labels) == 8
    node = page.evaluate(
        "() => window.newsgraphGraph.nodes().filter(n => !n.style('label'))[0].renderedPosition()"
    )
    page.mouse.move(box["x"] + node["x"], box["y"] + node["y"])
    page.wait_for_function(
        "() => window.newsgraphGraph.nodes('.pointed').length === 1"
        " && window.newsgraphGraph.nodes('.pointed')[0].style('label') !== ''"
    )


def test_pages_log_nothing_and_have_an_icon(visit: QuietVisit) -> None:
    for path in ("/", "/articles", "/entities", "/graph",
                 "/graph?entity_type=PER&entity_name=Emmanuel+Macron",
                 "/stats", "/timeline?q=macron", "/entities/PER/Emmanuel%20Macron"):
        page = visit.open(path)
        page.wait_for_load_state("networkidle")
        icon = page.evaluate("() => document.querySelector('link[rel=icon]').href")
        assert page.request.get(icon).status == 200
    assert page.request.get(visit.base + "/favicon.ico").status == 200
