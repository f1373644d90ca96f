"""The shared pieces of the scoring protocol: name normalisation and matching, precision, recall and F1."""

from __future__ import annotations

import re

from newsgraph.text import fold

_SEPARATORS = re.compile(r"[-‐‑‒–—'’`´.]")
_SPACES = re.compile(r"\s+")


def normalise_name(name: str) -> str:
    """Accents stripped and casefolded (:func:`newsgraph.text.fold`), hyphens, apostrophes
    and dots to spaces."""
    return _SPACES.sub(" ", _SEPARATORS.sub(" ", fold(name))).strip()


def within_one_edit(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` are equal or one insertion, deletion or substitution apart."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1 :] == b[i + 1 :]
    return a[i:] == b[i + 1 :]


def names_match(predicted: str, gold: str) -> bool:
    """Person names match when their normalised forms are equal or one edit apart."""
    return within_one_edit(normalise_name(predicted), normalise_name(gold))


def group_names_match(predicted: str, gold: str) -> bool:
    """Group or institutional speakers match when one normalised name contains the other."""
    p, g = normalise_name(predicted), normalise_name(gold)
    return bool(p and g) and (p in g or g in p)


_EDGE = " \t\n\r\"'«»“”‘’„‚‹›,;:.!?…()[]"


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim quote marks, whitespace and edge punctuation from both ends of a span."""
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in _EDGE:
        end -= 1
    return start, end


def scores(*, right: int, predicted: int, found: int, gold: int) -> dict[str, float]:
    """``precision`` (right / predicted), ``recall`` (found / gold) and their ``f1``, to 4
    places; 0.0 where there is nothing to divide by."""
    precision = right / predicted if predicted else 0.0
    recall = found / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}
