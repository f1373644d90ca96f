"""`newsgraph timeline --plot`: the x axis spans the events' dates and no two labels
overlap (issue #19), however many events fall close together."""

from __future__ import annotations

import datetime as dt
from typing import Any

import matplotlib.dates as mdates

from newsgraph.cli_events import timeline_figure
from newsgraph.model import DateValue, Event, Span


def event(number: int, kind: str, trigger: str) -> Event:
    return Event(f"v{number}", kind, None, Span(0, len(trigger), trigger), (0, 10), date_from="text")


POINTS = [
    *((DateValue(f"2019-05-{day:02d}", "day"), event(day, "CONSULT", f"a rencontré longuement {day}"))
      for day in range(1, 21)),
    (DateValue("2021-W10", "week"), event(40, "MEET", "réunion")),
    (DateValue("2023-08", "month"), event(50, "CONSULT", "entretien téléphonique")),
    (DateValue("2023-08-30", "day"), event(51, "ACCUSE", "accuse")),
]


def texts(figure: Any) -> list[Any]:
    axes = figure.axes[0]
    shown = [*axes.texts, *axes.get_xticklabels(), *axes.get_yticklabels()]
    return [t for t in shown if t.get_visible() and t.get_text()]


def test_the_axis_spans_every_date_and_labels_do_not_overlap() -> None:
    figure = timeline_figure(POINTS, title="Emmanuel Macron")
    figure.canvas.draw()
    low, high = figure.axes[0].get_xlim()
    first, last = mdates.num2date(low).date(), mdates.num2date(high).date()
    assert first < dt.date(2019, 5, 1) and dt.date(2023, 8, 30) < last
    assert (last - first).days < 5 * 365  # spans the data, not 1970 onwards
    renderer = figure.canvas.get_renderer()
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in texts(figure)]
    for i, (a, box) in enumerate(boxes):
        for b, other in boxes[i + 1:]:
            assert not box.overlaps(other), (a, b)
    written = {t.get_text() for t in figure.axes[0].texts}
    assert {"réunion", "entretien téléphonique", "a rencontré longuement 1"} <= written
    assert len(written) < 23  # twenty triggers in three weeks of 2019 cannot all be written
