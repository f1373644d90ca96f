"""Word lists kept as data (``newsgraph/nlp/data/*.txt``), loaded once.

A list file has one entry per line; ``#`` starts a comment.  Lists are per language
(``NAME.fr.txt``, ``NAME.en.txt``); :func:`word_list` returns a frozenset of casefolded
entries.
"""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def word_list(name: str, lang: str) -> frozenset[str]:
    """The entries of ``data/NAME.LANG.txt`` (casefolded), or an empty set if absent."""
    resource = resources.files("newsgraph.nlp").joinpath("data", f"{name}.{lang}.txt")
    if not resource.is_file():
        return frozenset()
    entries: set[str] = set()
    for line in resource.read_text(encoding="utf-8").splitlines():
        entry = line.split("#", 1)[0].strip()
        if entry:
            entries.add(entry.casefold())
    return frozenset(entries)
