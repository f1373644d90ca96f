"""Date helpers shared by the analysis, the store queries and the CLI (no NLP imports)."""

from __future__ import annotations

import datetime as dt


def comparable(value: str, precision: str, coarse: str) -> str:
    """``value`` (of ``precision``) truncated to the coarser precision ``coarse``.

    The result compares as a string with other values truncated the same way:
    ``comparable("2023-09-13", "day", "month") == "2023-09"``.
    """
    if precision == "week":
        year, week = int(value[:4]), int(value[6:8])
        value, precision = dt.date.fromisocalendar(year, week, 4).isoformat(), "day"
    if coarse == "decade":
        return f"{value[:3]}0s"
    length = {"day": 10, "month": 7, "year": 4}.get(coarse, 10)
    if coarse == "week" and precision == "day":
        iso = dt.date.fromisoformat(value).isocalendar()
        return f"{iso.year:04d}-W{iso.week:02d}"
    return value[:length]
