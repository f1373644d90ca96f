"""Whether entity corrections (merge, rename) can be offered: they need the cross-document
resolution of ``newsgraph.resolve``, which has not landed yet."""

from __future__ import annotations

from newsgraph.api.routes_write import RESOLUTION_PENDING


def corrections_available() -> bool:
    return False


def corrections_message() -> str:
    return RESOLUTION_PENDING
