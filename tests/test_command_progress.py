"""Progress of the long commands (issue #19): ``load`` and ``resolve`` tell the CLI how far
they are through a ``progress(done, total)`` callback (``batch``'s is tested with the
Dask cluster in test_batch.py), which the CLI shows on stderr when it is a terminal."""

from __future__ import annotations

import io
import re
import time
from pathlib import Path

from api_corpus import corpus
from click.testing import CliRunner
from rich.console import Console

from newsgraph.batch.load import load_batch
from newsgraph.batch.run import write_articles
from newsgraph.cli import ProgressDisplay, main
from newsgraph.resolve.run import RESOLVE_STEPS, resolve_store
from newsgraph.store import Store
from newsgraph.store.corpus import WRITE_STEPS


def batch_output(tmp_path: Path) -> tuple[Path, int]:
    """The API corpus as a batch output of three partitions; its number of articles."""
    articles = corpus()
    out = tmp_path / "batch"
    write_articles(out, [articles[:1], articles[1:3], articles[3:]], label="progress test")
    return out, len(articles)


def test_load_tells_articles_done_up_to_the_total(tmp_path: Path) -> None:
    out, articles = batch_output(tmp_path)
    told: list[tuple[int, int]] = []
    with Store.open(str(tmp_path / "load.sqlite")) as store:
        load_batch(out, store, progress=lambda *counts: told.append(counts))
        assert told == [(0, articles), (1, articles), (3, articles), (articles, articles)]
        again: list[tuple[int, int]] = []
        load_batch(out, store, progress=lambda *counts: again.append(counts))
    assert again == [(articles, articles)]  # loaded by the first run: done from the start


def test_resolve_tells_each_step_then_the_total(tmp_path: Path) -> None:
    told: list[tuple[int, int]] = []
    steps: list[str] = []
    with Store.open(str(tmp_path / "resolve.sqlite")) as store:
        store.save(corpus())
        resolve_store(store, progress=lambda *counts: told.append(counts), on_step=steps.append)
    assert RESOLVE_STEPS == 2 + WRITE_STEPS == len(steps)  # every step announced is counted
    assert told == [(done, RESOLVE_STEPS) for done in range(RESOLVE_STEPS + 1)]
    assert steps[0] == "reading in-article entities" and steps[-1].startswith("materialising")


def terminal(is_terminal: bool) -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    return Console(file=out, force_terminal=is_terminal, width=160, color_system=None), out


def test_display_shows_the_counts_and_this_runs_rate() -> None:
    console, out = terminal(True)
    with ProgressDisplay("loading", console=console) as shown:
        shown.update(40, 100)  # done by an earlier run: no rate yet
        shown.progress.refresh()
        assert "40/100" in out.getvalue() and "-- articles/s" in out.getvalue()
        time.sleep(0.2)
        shown.update(42, 100)
        shown.describe("loading partition 3")
        shown.progress.refresh()
    line = out.getvalue().rsplit("\r", 1)[-1]
    assert "42/100" in line and "loading partition 3" in line and "left" in line, line
    rate = float(line.split(" articles/s")[0].split()[-1])
    assert 3 < rate < 15  # two articles in about 0.2 s, not 42


def test_display_in_another_unit() -> None:
    console, out = terminal(True)
    with ProgressDisplay("resolving", unit="steps", console=console) as shown:
        shown.update(0, RESOLVE_STEPS)
    assert f"0/{RESOLVE_STEPS}" in out.getvalue() and "steps/s" in out.getvalue()


def test_display_is_silent_off_a_terminal() -> None:
    console, out = terminal(False)
    with ProgressDisplay("loading", console=console) as shown:
        shown.update(1, 2)
        shown.update(2, 2)
    assert out.getvalue() == ""


def test_commands_print_no_progress_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    out, articles = batch_output(tmp_path)
    db = str(tmp_path / "cli.sqlite")
    loaded = CliRunner().invoke(main, ["load", str(out), "--db", db])
    assert loaded.exit_code == 0, loaded.output
    assert "loading" not in loaded.output and "resolving" not in loaded.output
    assert f"{articles} articles" in loaded.output and "entities across the store" in loaded.output
    resolved = CliRunner().invoke(main, ["resolve", "--db", db])
    assert resolved.exit_code == 0, resolved.output
    assert re.match(r"\d+ names -> \d+ entities;", resolved.output), resolved.output
