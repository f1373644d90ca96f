"""Ingest progress (issue #19): a total, a rate and the time left from the first article on,
on stderr when it is a terminal, nothing otherwise."""

from __future__ import annotations

import io
import time

from rich.console import Console

from newsgraph.cli import article_progress


def console(terminal: bool) -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    return Console(file=out, force_terminal=terminal, width=160, color_system=None), out


def test_progress_has_a_total_a_rate_and_time_left_from_the_first_article() -> None:
    shown, out = console(terminal=True)
    with article_progress(shown) as progress:
        task = progress.add_task("ingesting", total=4)
        progress.refresh()
        assert "0/4" in out.getvalue() and "-- articles/s" in out.getvalue()
        time.sleep(0.2)
        progress.advance(task)
        progress.refresh()
        line = out.getvalue().rsplit("\r", 1)[-1]
    assert "1/4" in line and "articles/s" in line and "left" in line, line
    rate = float(line.split(" articles/s")[0].split()[-1])
    assert 0.5 < rate < 5.5  # one article in about 0.2 s


def test_progress_is_silent_when_not_a_terminal() -> None:
    shown, out = console(terminal=False)
    with article_progress(shown) as progress:
        task = progress.add_task("ingesting", total=2)
        progress.advance(task)
    assert out.getvalue() == ""
