"""Quotation marks: find the outermost quoted stretches of a text, in one linear pass.

Marks are paired with a stack per line (a quotation never crosses a line break): a closer
pairs with one of the few innermost openers of its type, so an unmatched mark never
swallows the rest of the text.  Straight quotes ``"`` are classed as opening or closing
by what flanks them.  A ``«`` glued after a word and followed by punctuation or the end
of the line is a stray closer (``…les autres.« .``).  An opener left unclosed at the very
start of a line opens a whole-paragraph quotation (French quotations over several
paragraphs reopen each paragraph with ``«`` and close only the last one), and so does one
opened in mid-paragraph when the next paragraph opens with a mark.  A straight double
quote closed by a curly one (or the reverse) still pairs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

CLOSERS: dict[str, str] = {"«": "»", "“": "”", "„": "“", '"': '"', "‹": "›", "”": "”",
                           "‘": "’"}
_MARKS = re.compile(r'[«»“”„"‹›‘’\n]')
_SPACE_LIKE = " \t\u00a0\u202f\u2009([{—–-/\n"
_WHITESPACE = " \t\u00a0\u202f\u2009\r\n"
_CLOSING_CONTEXT = " \t\u00a0\u202f\u2009.,;:!?)]}…—–\n"
_STACK_SEARCH = 3  # how deep a closer looks for its opener
_EDGE_SPACE = " \t\u00a0\u202f\u2009\r"
_MIXED_DOUBLE = frozenset({('"', "”"), ("“", '"')})
_OPENERS = "«“„‹\""
# the last two letters of the words French elides before a vowel: ``qu'``, ``jusqu'``,
# ``lorsqu'``, ``puisqu'`` (one-letter words, ``d'``, ``l'``, ``j'``…, need no entry)
_ELIDING_ENDINGS = frozenset({"qu"})


@dataclass(frozen=True, slots=True)
class Quotation:
    """One quoted stretch: ``open``/``close`` are the marks' offsets (``close`` = -1 when
    unclosed); ``start``/``end`` the content without marks and edge spaces."""

    open: int
    close: int
    start: int
    end: int

    @property
    def unclosed(self) -> bool:
        return self.close < 0


def find_quotations(text: str) -> list[Quotation]:
    """The outermost quotations of ``text``, in order, with non-empty content."""
    pairs: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    line_start = 0
    for match in _MARKS.finditer(text):
        position, mark = match.start(), match.group()
        if mark == "\n":
            _close_line(text, line_start, position, stack, pairs)
            stack = []
            line_start = position + 1
            continue
        _scan_mark(text, position, mark, stack, pairs)
    _close_line(text, line_start, len(text), stack, pairs)
    return _outermost(text, pairs)


def _scan_mark(
    text: str, position: int, mark: str, stack: list[tuple[str, int]], pairs: list[tuple[int, int]]
) -> None:
    before = text[position - 1] if position > 0 else "\n"
    after = text[position + 1] if position + 1 < len(text) else "\n"
    if mark == '"':
        opening = (before in _SPACE_LIKE or _after_elision(text, position)) and (
            after not in _WHITESPACE or (after != "\n" and not _holds(stack, '"')))
        closing = before not in _SPACE_LIKE or after in _CLOSING_CONTEXT
        if closing and _close(mark, position, stack, pairs):
            return
        if opening:
            stack.append((mark, position))
        return
    if mark in "‘’":
        _scan_single(mark, position, before, after, stack, pairs)
        return
    stray = mark == "«" and before not in _SPACE_LIKE and _next_is_end(text, position + 1)
    if stray and _close(mark, position, stack, pairs):  # a stray « used as a closer
        return
    if mark in ("»", "“", "”", "›") and _close(mark, position, stack, pairs):
        return
    if mark in ("«", "“", "„", "‹") or (mark == "”" and not stack and after not in _SPACE_LIKE):
        stack.append((mark, position))


def _scan_single(mark: str, position: int, before: str, after: str,
                 stack: list[tuple[str, int]], pairs: list[tuple[int, int]]) -> None:
    """English headlines quote with single curly marks (``naming of ‘exceptional’ X``):
    ``‘`` opens after a space or a mark, ``’`` closes an open ``‘`` when no letter follows
    (``she’s``, ``l’État`` are apostrophes); never a quotation over the paragraph."""
    if mark == "‘":
        if (before in _SPACE_LIKE or before in _OPENERS) and after not in _WHITESPACE:
            stack.append((mark, position))
        return
    if not after.isalnum() and _holds(stack, "‘"):
        _close(mark, position, stack, pairs)


def _after_elision(text: str, position: int) -> bool:
    """``d'"un peu plus…"``, ``l’"escalade"``: a straight quote right after an elided
    word (a letter, then an apostrophe) opens, as it would after a space."""
    return (position >= 2 and text[position - 1] in "'’" and text[position - 2].isalpha()
            and (position < 3 or not text[position - 3].isalpha()
                 or text[position - 3: position - 1].lower() in _ELIDING_ENDINGS))


def _holds(stack: list[tuple[str, int]], opener: str) -> bool:
    """Whether a quotation opened by ``opener`` is still open."""
    return any(mark == opener for mark, _ in stack)


def _next_is_end(text: str, index: int) -> bool:
    while index < len(text) and text[index] in _EDGE_SPACE:
        index += 1
    return index >= len(text) or text[index] in ".,;:!?)\n"


def _close(
    mark: str, position: int, stack: list[tuple[str, int]], pairs: list[tuple[int, int]]
) -> bool:
    """Pair ``mark`` with one of the innermost openers it can close; True if it did."""
    for depth in range(1, min(_STACK_SEARCH, len(stack)) + 1):
        opener, opened_at = stack[-depth]
        if CLOSERS[opener] == mark or (opener == "«" and mark == "«"):
            del stack[-depth:]
            pairs.append((opened_at, position))
            return True
    if stack and (stack[-1][0], mark) in _MIXED_DOUBLE:
        # ``"… me.”``: a straight double quote closed by a curly one (or the reverse), as
        # editing tools leave them; only the innermost opener, so nothing is swallowed
        pairs.append((stack.pop()[1], position))
        return True
    return False


def _close_line(
    text: str, line_start: int, line_end: int, stack: list[tuple[str, int]],
    pairs: list[tuple[int, int]],
) -> None:
    """An opener left open at the start of its line quotes the rest of the paragraph; so
    does one opened in mid-paragraph when the next paragraph opens with a quotation mark
    (a quotation over several paragraphs closes only in the last one)."""
    stack = [(opener, at) for opener, at in stack if opener != "‘"]
    if not stack:
        return
    opener, opened_at = stack[0]
    straight_then_space = opener == '"' and text[opened_at + 1 : opened_at + 2].isspace()
    if straight_then_space:
        return
    if not text[line_start:opened_at].strip(_EDGE_SPACE + "—–-") or _next_line_reopens(
            text, line_end):
        pairs.append((opened_at, -line_end - 1))


def _next_line_reopens(text: str, line_end: int) -> bool:
    index = line_end + 1
    while index < len(text) and text[index] in _EDGE_SPACE + "\n":
        index += 1
    return index < len(text) and text[index] in _OPENERS


def _outermost(text: str, pairs: list[tuple[int, int]]) -> list[Quotation]:
    pairs.sort()
    quotations: list[Quotation] = []
    reach = -1
    for opened_at, closed_at in pairs:
        end_mark = closed_at if closed_at >= 0 else -closed_at - 1
        if opened_at < reach:
            continue  # nested inside the previous quotation
        reach = end_mark
        start, end = _trim_content(text, opened_at + 1, end_mark)
        if start < end:
            quotations.append(Quotation(opened_at, closed_at if closed_at >= 0 else -1, start, end))
    return quotations


def _trim_content(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _EDGE_SPACE:
        start += 1
    while end > start and text[end - 1] in _EDGE_SPACE + ",;":
        end -= 1
    return start, end


@lru_cache(maxsize=2)
def article_quotations(text: str) -> tuple[Quotation, ...]:
    """:func:`find_quotations` of an article's text, paired once for the components that read
    it (the quote scan, the event dates): the last two texts asked about are remembered."""
    return tuple(find_quotations(text))
