"""What every pipeline component builds on: the :class:`Component` interface, the
article a Doc is analysed for (``doc._.article``), the Doc's text, and token picks from
the Doc's arrays.  The runner and the default pipeline live in
:mod:`newsgraph.nlp.pipeline`; components import this module, never that one, so there
is no import cycle between the runner and its components.
"""

from __future__ import annotations

import weakref
from bisect import bisect_right
from functools import cache
from typing import ClassVar

import numpy
from spacy.attrs import DEP, LOWER, POS, SENT_START
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from newsgraph.model import Article
from newsgraph.nlp.arrays import IdArray, is_member
from newsgraph.nlp.models import per_doc

if not Doc.has_extension("article"):
    Doc.set_extension("article", default=None)


class Component:
    """Base of newsgraph's pipeline components."""

    name: ClassVar[str] = "component"
    reads: ClassVar[frozenset[str]] = frozenset()
    writes: ClassVar[frozenset[str]] = frozenset()

    def __call__(self, doc: Doc) -> Doc:  # pragma: no cover - interface
        raise NotImplementedError


def article_of(doc: Doc) -> Article:
    """The article a Doc is being analysed for (set by the runner)."""
    article = doc._.article
    if not isinstance(article, Article):
        raise RuntimeError("Doc was not created by the newsgraph runner (doc._.article unset)")
    return article


def text_of(doc: Doc) -> str:
    """The Doc's text without rebuilding it: ``Doc.text`` joins every token on each call.

    Remembered per Doc (a Doc's text never changes): reading ``doc._.article`` costs
    microseconds, and components ask for the text of every mention."""
    text = _TEXTS.get(doc)
    if text is None:
        article = doc._.article
        text = _TEXTS[doc] = article.text if isinstance(article, Article) else str(doc.text)
    return text


_TEXTS: weakref.WeakKeyDictionary[Doc, str] = weakref.WeakKeyDictionary()


def token_indices(
    doc: Doc,
    *,
    lower: frozenset[str] = frozenset(),
    pos: frozenset[str] = frozenset(),
    dep: frozenset[str] = frozenset(),
) -> list[int]:
    """Indices, ascending, of the tokens whose lower-case form is in ``lower``, or whose
    coarse part of speech is in ``pos``, or whose dependency label is in ``dep``: read from
    the Doc's arrays, without making a Python ``Token`` for every word."""
    wanted = [(attr, _string_ids(strings)) for attr, strings in ((LOWER, lower), (POS, pos), (DEP, dep))
              if strings]
    if not wanted or not len(doc):
        return []
    array = doc.to_array([attr for attr, _ in wanted])
    columns = numpy.asarray(array, dtype=numpy.uint64).reshape(len(doc), len(wanted))
    chosen = is_member(columns[:, 0], wanted[0][1])
    for column, (_, ids) in enumerate(wanted[1:], start=1):
        chosen |= is_member(columns[:, column], ids)
    found: list[int] = numpy.flatnonzero(chosen).tolist()
    return found


@cache
def _string_ids(strings: frozenset[str]) -> IdArray:
    """The ids the Doc's arrays hold for ``strings``, sorted: spaCy's symbol id for the
    strings it reserves (parts of speech, dependency labels), else the string's hash."""
    return numpy.array(sorted(get_string_id(string) for string in strings), dtype=numpy.uint64)


def sentence_of(token: Token) -> Span:
    """``token.sent`` from the Doc's sentence starts, read once per Doc: ``Token.sent`` checks
    the Doc for sentence annotation, walks from the word to both ends of its sentence and
    slices the Doc through Python on every call."""
    doc = token.doc
    starts = sentence_starts(doc)
    position = bisect_right(starts, token.i)
    end = starts[position] if position < len(starts) else len(doc)
    return Span(doc, starts[position - 1], end)


@per_doc
def sentence_starts(doc: Doc) -> tuple[int, ...]:
    """Where each sentence of ``doc`` starts, in order (as ``Doc.sents`` cuts them), read from
    the Doc's array; ``(0,)`` for an empty Doc.  Shared by every asker: a tuple, never changed."""
    if not len(doc):
        return (0,)
    starts = numpy.flatnonzero(doc.to_array(SENT_START) == 1).tolist()
    return (0, *(i for i in starts if i > 0))
