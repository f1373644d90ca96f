"""What the words around a time expression tell of it: that it is part of a name ("Super
Tuesday", "the Today programme"), not a date; and its year: a range read as one thing ("du 12
septembre au 30 octobre", "from Sept. 12 to Oct. 30": both ends in the same direction), and a
bare month or day that takes the year told just before ("In the spring of 1998 … In early June
he moved").  Used by :mod:`newsgraph.nlp.times` while finding expressions (names) and before
each is resolved (years): it only chooses the year an expression without one is read in."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from newsgraph.model import TimeExpression
from newsgraph.nlp.component import sentence_of
from newsgraph.nlp.models import feature
from newsgraph.nlp.tense import Tense, verb_at

if TYPE_CHECKING:
    from newsgraph.nlp.times import Base, Match, TimeLexicon

_DAY_KINDS = frozenset({"day_month", "month_day"})
_RANGE_OPEN = re.compile(r"\b(?:du|from|between|entre)\s*$", re.IGNORECASE)
_RANGE_JOIN = re.compile(r"\s*(?:au|to|through|until|till|jusqu['’]au|et|and)\s*", re.IGNORECASE)
_DASH_JOIN = re.compile(r"\s*[-–—]\s*")
_EXPLICIT_YEAR = re.compile(r"\b\d{4}\b")
_SLACK_DAYS = 7


# -- names ---------------------------------------------------------------------------------------


def in_a_name(match: Match, text: str, lex: TimeLexicon) -> bool:
    """"on Super Tuesday", "pendant le Mardi gras": a capitalised weekday with a qualifier that
    makes it the name of a day (``name_before`` right before it, capitalised; ``name_after``
    right after it, a whole word: not "Saint" of « mardi Saint-Norvex ») is no weekday of the
    calendar; "the Today programme", "USA Today", « dans
    Aujourd'hui en France »: a one-word relative expression written with a capital inside a
    sentence (after a word, not at the start of a sentence, a quotation or a line, and not in a
    title-case line) is a name, not the article's day."""
    if match.kind == "weekday" and not match.groups.get("pre"):
        return _named_day(match, text, lex)
    if match.kind != "relative":
        return False
    surface = text[match.start : match.end]
    if not surface[:1].isupper() or _WORD_GAP.search(surface):
        return False
    before = text[max(0, match.start - 40) : match.start].rstrip(" \t")
    after_a_word = bool(before) and (before[-1].isalnum() or before[-1] in "'’")
    return after_a_word and not _title_line(text, match.start)


def _named_day(match: Match, text: str, lex: TimeLexicon) -> bool:
    weekday = str(match.groups.get("weekday") or "")
    before = re.search(r"(\w+)\s+$", text[max(0, match.start - 40) : match.start])
    after = _WORDS_AFTER.match(text[match.end : match.end + 40])
    if before and weekday[:1].isupper() and before.group(1)[:1].isupper() \
            and before.group(1).casefold() in lex.name_before:
        return True
    if after is None:
        return False
    words = after.group(1).casefold().split()
    return any(" ".join(words[:n]) in lex.name_after for n in (1, 2))


_WORD_GAP = re.compile(r"[\s-]")
# one or two whole words after a weekday, not the start of a hyphenated name ("mardi Saint-Norvex")
_WORDS_AFTER = re.compile(r"\s+(\w+(?![\w-])(?:\s+\w+(?![\w-]))?)")


def _title_line(text: str, position: int) -> bool:
    """Whether the line holding ``position`` is written in title case (a headline)."""
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    words = [w for w in re.findall(r"[^\W\d_]{4,}", text[start : end if end >= 0 else len(text)])]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


# -- ranges ---------------------------------------------------------------------------------------


def range_ends(matches: list[Match], text: str) -> dict[int, int]:
    """The ranges among ``matches``: index of each range's end → index of its start.  A range is
    two day-months joined by "au", "to", "through", "et", "and" after "du", "from", "entre",
    "between", or by a dash."""
    ends: dict[int, int] = {}
    for i in range(len(matches) - 1):
        first, second = matches[i], matches[i + 1]
        if first.kind not in _DAY_KINDS or second.kind not in _DAY_KINDS:
            continue
        between = text[first.end : second.start]
        opened = _RANGE_OPEN.search(text[max(0, first.start - 12) : first.start]) is not None
        if (opened and _RANGE_JOIN.fullmatch(between)) or _DASH_JOIN.fullmatch(between):
            ends[i + 1] = i
    return ends


def range_years(start: Match, end: Match, lex: TimeLexicon, base: Base | None,
                tense: str) -> tuple[int, int] | None:
    """The years of a range's two ends, chosen together: a year written on one end gives the
    other its year (the end not before the start); with none, a range told in the past is the
    latest one begun by the article date, otherwise the earliest one not over by then (the
    present "se tient du 12 septembre au 30 octobre" is this autumn's or the coming one, not a
    year back).  None when there is nothing to choose (both ends have a year, no article date)."""
    first, last = lex.month_and_day(start.groups), lex.month_and_day(end.groups)
    across = last < first  # "du 15 décembre au 10 janvier"
    written = [m.groups.get("year") for m in (start, end)]
    if all(written):
        return None
    if written[0]:
        year = int(str(written[0]))
        return year, year + across
    if written[1]:
        year = int(str(written[1]))
        return year - across, year
    if base is None:
        return None
    year = _start_year(first, last, across, base, tense)
    return year, year + across


def _start_year(first: tuple[int, int], last: tuple[int, int], across: bool, base: Base,
                tense: str) -> int:
    this_year = base.day.year
    if base.precision == "year":
        return this_year
    reference = base.day if base.precision == "day" else base.day.replace(day=15)
    slack = dt.timedelta(days=_SLACK_DAYS)
    years = (this_year - 1, this_year, this_year + 1)
    if tense == "past":
        begun = [y for y in years if _day(y, first) <= reference + slack]
        return max(begun, default=this_year)
    not_over = [y for y in years if _day(y + across, last) >= reference - slack]
    return min(not_over, default=this_year)


def _day(year: int, month_day: tuple[int, int]) -> dt.date:
    month, day = month_day
    last = 28 if month == 2 else 30 if month in (4, 6, 9, 11) else 31
    return dt.date(year, month, min(day, last))


def with_year(match: Match, year: int) -> Match:
    """``match`` read in ``year``: a day-month with its year, a month as a month-year."""
    groups = {**match.groups, "year": str(year)}
    if match.kind == "month":
        groups["month"] = groups.get("month") or groups.get("month2")
        return dataclasses.replace(match, kind="month_year", groups=groups)
    return dataclasses.replace(match, groups=groups)


# -- the year told before -------------------------------------------------------------------------


def year_told_before(match: Match, found: list[TimeExpression], carried: set[int], lex: TimeLexicon,
                     frame: Callable[[TimeExpression], bool]) -> int | None:
    """"In the spring of 1998, Paul Grant left Norvex. In early June he moved": a month or a
    day-month without a year, with no "last/next/this", takes the year of the date told last
    before it, when that one was written with its year and opens its sentence as a frame, in
    the same sentence or the one before (``frame``), or took its year this way.  A date told in
    between without a year of its own ("last year", "Tuesday") ends the frame; a year told
    inside a sentence ("Crimea, annexed in 2014. In late January Paul Grant …") frames
    nothing."""
    if not _bare(match, lex):
        return None
    previous = next((t for t in reversed(found) if t.kind == "date" and t.value is not None), None)
    if previous is None or previous.precision not in ("year", "month", "day"):
        return None
    if previous.start not in carried and not (_EXPLICIT_YEAR.search(previous.text) and frame(previous)):
        return None
    return int(str(previous.value)[:4])


def _bare(match: Match, lex: TimeLexicon) -> bool:
    if match.kind in _DAY_KINDS:
        return not match.groups.get("year")
    if match.kind != "month":
        return False
    marker = (match.groups.get("ln") or match.groups.get("ln2") or match.groups.get("cue") or "").casefold()
    return marker not in lex.last and marker not in lex.next and marker != "this"


def agrees_with_tense(year: int, base: Base | None, tense: str) -> bool:
    """A year told before frames a past told in the past (or unmarked), a future in the future:
    "In 1998 … he will leave in June" is the coming June, not 1998's."""
    if base is None:
        return True
    if year < base.day.year:
        return not tense.startswith("future")
    if year > base.day.year:
        return tense.startswith("future")
    return False


# -- the year an expression takes from its context ------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True)
class YearContext:
    """What the year of an expression may come from: the parsed text, the article date, the tense
    of the verb it hangs on, the expressions resolved before it."""

    doc: Doc
    lex: TimeLexicon
    base: Base | None
    tense: Tense
    found: list[TimeExpression]
    carried: set[int]  # starts of the expressions that took the year told before them


def year_from_context(match: Match, index: int, matches: list[Match], ends: dict[int, int],
                       range_end_years: dict[int, int], context: YearContext) -> Match:
    """``match`` with the year its context gives it: the year chosen for a range's two ends
    together, else the year told just before (unchanged when neither gives one)."""
    lex = context.lex
    if index in range_end_years:
        return with_year(match, range_end_years[index])
    end = next((e for e, s in ends.items() if s == index), None)
    if end is not None:
        years = range_years(match, matches[end], lex, context.base, context.tense)
        if years is not None:
            range_end_years[end] = years[1]
            return with_year(match, years[0]) if not match.groups.get("year") else match
    if index in ends:
        return match
    year = year_told_before(match, context.found, context.carried, lex,
                            lambda told: _frames(context.doc, told, match))
    if year is None or not agrees_with_tense(year, context.base, context.tense):
        return match
    context.carried.add(match.start)
    return with_year(match, year)


_FRAME_WORDS = 4  # "In the spring of 1998", « Au printemps 1998 »: words before the year that opens


def _frames(doc: Doc, told: TimeExpression, match: Match) -> bool:
    """Whether the year of ``told`` frames ``match`` told after it: in the same sentence, it
    stands under the verb ``match`` hangs on and before it ("Having sold his shares in the winter
    of 1998, Paul Grant left Halvard in early June"), not in another clause ("Norvex annexed the
    port in 2014, and Paul Grant resigned in late January"), nor after the verb in one of its
    complements (« a invoqué l'accord de 2015 en mars ») or in a clause that describes someone
    (``_told_aside``); in the sentence before, it opens it."""
    verb = verb_at(doc, match.start, match.end)
    year = doc.char_span(told.start, told.end, alignment_mode="expand")
    if verb is None or year is None or len(year) == 0:
        return False
    if sentence_of(year.root).start == sentence_of(verb).start:
        return year.root.i < verb.i and verb.is_ancestor(year.root) and not _told_aside(year.root, verb)
    return sentence_of(year.root).end == sentence_of(verb).start and _opens_sentence(doc, told)


_ASIDE_CLAUSES = frozenset({"relcl", "acl:relcl", "acl", "appos"})


def _told_aside(word: Token, verb: Token) -> bool:
    """Whether ``word`` stands, below ``verb``, in a clause that describes someone rather than
    tells what came before: a relative clause or a clause on a noun ("Paul Grant, who joined
    Norvex in 2015, left in March"), or a bare past participle ("Born in 1960, Paul Grant
    resigned in June", « Né en 1960 »; not "Having sold his shares in 1998", which has its
    auxiliary)."""
    node = word
    while node.i != verb.i and node.head.i != node.i:
        if node.dep_ in _ASIDE_CLAUSES:
            return True
        if node.dep_ == "advcl" and (node.tag_ == "VBN" or "Part" in feature(node, "VerbForm")) \
                and not any(c.dep_.startswith("aux") for c in node.children):
            return True
        node = node.head
    return False


def _opens_sentence(doc: Doc, expression: TimeExpression) -> bool:
    """Whether ``expression`` opens its sentence: a capital first, then at most a few words
    (letters only: no number, no punctuation) before it."""
    span = doc.char_span(expression.start, expression.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return False
    sentence = sentence_of(span[0])
    opening = doc[sentence.start : span.start]  # tokens: Doc.text joins the whole text
    return doc[sentence.start].text[:1].isupper() and len(opening) <= _FRAME_WORDS \
        and all(t.is_alpha or t.text.endswith(("'", "’")) for t in opening)
