"""Empty results are said in words, in the CLI and in the web UI (issue #19): "no quote by
'Nobody Here'", never an empty table or an empty chart."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from api_corpus import build_store
from click.testing import CliRunner
from fastapi.testclient import TestClient

from newsgraph.api import create_app
from newsgraph.cli import main


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    return build_store(tmp_path_factory.mktemp("empty") / "empty.sqlite")


@pytest.mark.parametrize(
    ("arguments", "said"),
    [
        (["quotes", "--speaker", "Nobody Here"], "no quote by 'Nobody Here'"),
        (["quotes", "--about", "Nobody Here"], "no quote about 'Nobody Here'"),
        (["quotes", "--speaker", "Macron", "--since", "2030"], "no quote by 'Macron' since '2030'"),
        (["events", "--actor", "Nobody Here"], "no event with an actor named 'Nobody Here'"),
        (["events", "--type", "FIGHT", "--salient"], "no salient event of type 'FIGHT'"),
        (["timeline", "Nobody Here"], "no event involving 'Nobody Here'"),
    ],
)
def test_the_cli_says_when_nothing_matches(db: str, arguments: list[str], said: str) -> None:
    result = CliRunner().invoke(main, [*arguments, "--db", db])
    assert result.exit_code == 0, result.output
    assert result.stderr.strip() == said and result.stdout == ""  # stdout: no data (issue #18)
    found = CliRunner().invoke(main, ["quotes", "--speaker", "Macron", "--db", db])
    assert "no quote" not in found.stdout and "Macron" in found.stdout


@pytest.mark.parametrize(
    ("arguments", "said"),
    [
        (["stats", "over-time", "Nobody Here"], "no quote by 'Nobody Here'"),
        (["stats", "over-time", "Nobody", "Here Either", "--since", "2030"],
         "no quote by 'Nobody' or 'Here Either' since '2030'"),
        (["stats", "over-time", "Macron", "--until", "1990"], "no quote by 'Macron' until '1990'"),
        (["stats", "quoted", "--query", "nowordlikethis"], "nothing in the selection"),
        (["stats", "network", "--kind", "about", "--since", "2030"], "nothing in the selection"),
    ],
)
def test_the_statistics_say_when_nothing_matches(db: str, arguments: list[str], said: str) -> None:
    result = CliRunner().invoke(main, [*arguments, "--db", db])
    assert result.exit_code == 0, result.output
    assert result.stderr.strip() == said and result.stdout == ""
    found = CliRunner().invoke(main, ["stats", "over-time", "Macron", "--db", db])
    assert found.stderr == "" and found.stdout.startswith("Emmanuel Macron: ")


@pytest.mark.parametrize(
    "arguments",
    [["over-time", "Nobody Here"], ["quoted", "--query", "nowordlikethis"], ["gender", "--since", "2030"],
     ["shares", "--since", "2030"], ["event-pairs", "--since", "2030"]],
)
def test_a_statistic_of_nothing_plots_nothing(db: str, tmp_path: Path, arguments: list[str]) -> None:
    image = tmp_path / "nothing.png"
    result = CliRunner().invoke(main, ["stats", *arguments, "--plot", str(image), "--db", db])
    assert result.exit_code == 0 and "nothing to plot" in result.stderr and not image.exists()


def test_timeline_plot_of_nothing_writes_no_file(db: str, tmp_path: Path) -> None:
    image = tmp_path / "nothing.png"
    result = CliRunner().invoke(main, ["timeline", "Nobody Here", "--plot", str(image), "--db", db])
    assert result.exit_code == 0 and "nothing to plot" in result.output and not image.exists()


@pytest.fixture(scope="module")
def client(db: str) -> Iterator[TestClient]:
    with TestClient(create_app(db=db)) as test_client:
        yield test_client


def test_the_statistics_page_says_no_quote_by_the_speaker(client: TestClient) -> None:
    page = client.get("/stats", params={"speaker": "Nobody <b>Here</b>"}).text
    assert 'id="no-speaker">No quote by “Nobody &lt;b&gt;Here&lt;/b&gt;” in the selection.' in page
    assert "chart-over-time" not in page
    found = client.get("/stats", params={"speaker": "Macron"}).text
    assert "no-speaker" not in found and 'id="chart-over-time"' in found
