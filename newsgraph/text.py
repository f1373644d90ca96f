"""Folding text for comparison: the one accent fold, and a fold across scripts.

:func:`fold` is what every comparison of names and quotes starts from (evaluation,
in-article entity keys, near-duplicates, speaker candidates, resolution).
:func:`fold_scripts` also brings letters that have no decomposition (Ł, Ø, Đ, Æ…) and
other scripts (Cyrillic, Greek…) to Latin; it is used where names are matched across
languages (``newsgraph.names``).  Neither touches spaces or punctuation: callers
decide what separates words.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

# Latin letters that NFKD leaves whole (lower case: applied after casefolding).
_UNDECOMPOSED = str.maketrans({
    "ł": "l", "ø": "o", "đ": "d", "ð": "d", "ħ": "h", "ı": "i", "ŧ": "t", "ŀ": "l", "ĸ": "k",
    "æ": "ae", "œ": "oe", "þ": "th",
})
_LAST_LATIN = 0x024F  # end of Latin Extended-B: anything above may need transliteration


def fold(text: str) -> str:
    """Compatibility-decomposed (NFKD), combining marks dropped, casefolded:
    ``"Élysée" -> "elysee"``, ``"Straße" -> "strasse"``, ``"ﬁn" -> "fin"``."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@lru_cache(maxsize=65536)
def fold_scripts(text: str) -> str:
    """:func:`fold`, with the letters NFKD keeps (Ł, Ø, Đ, Æ, Œ, Þ…) spelled in plain Latin
    and other scripts transliterated to Latin (ICU's Any-Latin through ``normality``):
    ``"Łukasz" -> "lukasz"``, ``"Øresund" -> "oresund"``, ``"Путин" -> "putin"``."""
    if any(ord(c) > _LAST_LATIN and c.isalpha() for c in text):
        from normality import latinize_text  # imports ICU: only when a text needs it

        text = latinize_text(text)
    return fold(text).translate(_UNDECOMPOSED)
