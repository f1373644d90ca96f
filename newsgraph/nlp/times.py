"""Time expressions, French and English: found by rules, normalised against the article date.

Finding (:func:`find_time_expressions`): regular patterns built from the lexicon in
``data/time_lexicon.LANG.tsv`` — full dates ("13 septembre 2023", "Oct. 7"), months and
years after a cue ("en juillet", "depuis 2006", "in 2019"), decades ("les années 1950"),
weekdays ("mercredi dernier", "last Tuesday"), relative phrases ("l'année dernière",
"earlier this week"), "il y a deux jours" / "two days ago", and durations ("18 mois",
"deux derniers jours"), which are durations, not dates.  Overlaps keep the longest match.
The text's words are read once and each pattern is tried only where a word it can begin
with starts: linear in the text's length.

Normalising (:func:`resolve`): the article date is the base.  A relative expression finer
than the base resolves *to the base*, honestly ("mercredi" in an article dated only
2023-09 is 2023-09, not an invented day).  Weekdays, months and day-months without a year
go to the past or the future by the tense of the verb they hang on.  Implausible years,
impossible days and a text that contradicts the date header are flagged in
``article.notes``; nothing raises.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import ClassVar, cast

from spacy.tokens import Doc

from newsgraph.dates import comparable
from newsgraph.errors import ModelError
from newsgraph.model import DateValue, Precision, TimeExpression
from newsgraph.nlp.component import Component, article_of, text_of
from newsgraph.nlp.tense import FUTURE_IN_PAST, Tense, tense_at, weekday_tense
from newsgraph.nlp.time_context import YearContext, in_a_name, range_ends, year_from_context

MIN_YEAR = 1900
MAX_YEARS_AHEAD = 30  # years after the article (or today) that a date may still plausibly name
_NO_YEAR = "no article date to place it in a year"
NEAR_FUTURE_DAYS = 45  # an unmarked day-month this close ahead is read as the coming one
_UNIT_RANK = {"day": 0, "week": 1, "month": 2, "year": 3, "decade": 4}
_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3, "decade": 4}


# -- the lexicon -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TimeLexicon:
    months: dict[str, int]
    weekdays: dict[str, int]
    numbers: dict[str, int]
    vague: frozenset[str]
    units: dict[str, str]
    relative: dict[str, tuple[str, int]]
    last: frozenset[str]
    next: frozenset[str]
    cue_month: frozenset[str]
    cue_year: frozenset[str]
    past_duration: frozenset[str]
    future_duration: frozenset[str]
    ago: frozenset[str]
    anaphoric: dict[str, tuple[str, int]]  # "le lendemain": a shift from the date told before
    later: frozenset[str]  # "plus tard", "later" after "deux jours", "two days"
    name_before: frozenset[str]  # "Super" of "Super Tuesday": a weekday in the name of a day
    name_after: frozenset[str]  # "gras" of "Mardi gras"

    def month_and_day(self, groups: dict[str, str | None]) -> tuple[int, int]:
        """The month and day of a matched day-month ("1er mars", "March 4th")."""
        month = self.months[_apostrophe(str(groups["month"]).casefold())]
        day_text = str(groups["day"]).casefold()
        day = 1 if day_text.startswith(("1er", "premier")) else int(re.sub(r"\D", "", day_text))
        return month, day


@cache
def time_lexicon(lang: str) -> TimeLexicon:
    """The lexicon of ``data/time_lexicon.LANG.tsv`` (empty for a language without one)."""
    rows: dict[str, list[list[str]]] = {}
    resource = resources.files("newsgraph.nlp").joinpath("data", f"time_lexicon.{lang}.tsv")
    if resource.is_file():
        for line in resource.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            category, *values = line.split("\t")
            rows.setdefault(category.strip(), []).append([v.strip().casefold() for v in values])

    def words(category: str) -> frozenset[str]:
        return frozenset(_apostrophe(r[0]) for r in rows.get(category, []))

    return TimeLexicon(
        months={_apostrophe(r[0]): int(r[1]) for r in rows.get("month", [])},
        weekdays={r[0]: int(r[1]) for r in rows.get("weekday", [])},
        numbers={r[0]: int(r[1]) for r in rows.get("number", [])},
        vague=words("vague"),
        units={r[0]: r[1] for r in rows.get("unit", [])},
        relative={_apostrophe(r[0]): (r[1], int(r[2])) for r in rows.get("relative", [])},
        last=words("last"),
        next=words("next"),
        cue_month=words("cue_month"),
        cue_year=words("cue_year"),
        past_duration=words("past_duration"),
        future_duration=words("future_duration"),
        ago=words("ago"),
        anaphoric={_apostrophe(r[0]): (r[1], int(r[2])) for r in rows.get("anaphoric", [])},
        later=words("later"),
        name_before=words("name_before"),
        name_after=words("name_after"),
    )


def _apostrophe(text: str) -> str:
    return text.replace("’", "'")


# First letters whose case-insensitive matches are only themselves and their capital, so
# phrases starting with two different ones never match at the same place.
_FACTORABLE = frozenset("abcdefghijklmnopqrstuvwxyz0123456789àâäçéèêëîïôöùûüÿœæ")


def _alternation(words: object) -> str:
    """A regex alternation of phrases, longest first; apostrophes match ' and ’.

    Phrases are grouped by their first letter (``s(?:eptembre|ept)|o(?:ctobre|ct)``),
    keeping their order inside a group: the regex then tests one letter per group at each
    position instead of every phrase, and still prefers the same phrase."""
    assert isinstance(words, dict | frozenset | set)
    phrases = sorted((str(w) for w in words), key=len, reverse=True)
    if not phrases:
        return "(?!x)x"
    if not all(p[:1] in _FACTORABLE for p in phrases):
        return "(?:" + "|".join(_escaped(p) for p in phrases) + ")"
    groups: dict[str, list[str]] = {}
    for phrase in phrases:
        groups.setdefault(phrase[0], []).append(_escaped(phrase[1:]))
    return "(?:" + "|".join(f"{first}(?:{'|'.join(rests)})" for first, rests in groups.items()) + ")"


def _escaped(phrase: str) -> str:
    return re.escape(phrase).replace("'", "['’]").replace(r"\ ", r"\s+")


# -- the patterns ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Pattern:
    """A kind of time expression and its regex.

    ``starts`` are the words (lower case) a match can begin with and ``digits`` whether it
    can begin with a digit: every match begins at a word, so only the places where such a
    word starts are tried (see :func:`_pattern_matches`)."""

    kind: str
    regex: re.Pattern[str]
    starts: frozenset[str]
    digits: bool = False


@cache
def patterns(lang: str) -> tuple[Pattern, ...]:
    lex = time_lexicon(lang)
    month = _alternation(lex.months)
    weekday = _alternation(lex.weekdays)
    number = rf"(?:\d{{1,3}}|{_alternation(lex.numbers)})"
    unit = _alternation(lex.units)
    last_next = _alternation(lex.last | lex.next)
    day = r"(?:\d{1,2}|1er|premier)(?:st|nd|rd|th)?"
    year = r"\d{4}"
    b, e = r"(?<![\w-])", r"(?![\w-])"
    f = re.IGNORECASE
    found = [
        # "jeudi 9 mai 2019", "le 4 mai", "9 May 2019"
        Pattern("day_month", re.compile(
            rf"{b}(?:(?P<weekday>{weekday}),?\s+)?(?:le\s+)?(?P<day>{day})\s+(?P<month>{month})"
            rf"(?:,?\s+(?P<year>{year}))?{e}", f),
            _first_words(lex.weekdays, {"le", "premier"}), digits=True),
        # "Tuesday, Oct. 7, 2023", "May 4"
        Pattern("month_day", re.compile(
            rf"{b}(?:(?P<weekday>{weekday}),?\s+)?(?P<month>{month})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?"
            rf"(?:(?:,\s*|\s+)(?P<year>{year}))?{e}", f),
            _first_words(lex.weekdays, lex.months)),
        # "septembre 2016", "September 2022", "juillet dernier", "en juillet", "last July"
        Pattern("month_year", re.compile(
            rf"{b}(?P<month>{month})(?:\s+de\s+l['’]an)?,?\s+(?P<year>{year}){e}", f),
            _first_words(lex.months)),
        Pattern("month", re.compile(
            rf"{b}(?:(?P<cue>{_alternation(lex.cue_month)})(?:\s+|-|\s+d['’]|\s+de\s+))"
            rf"(?P<month>{month})(?:\s+(?P<ln>{last_next}))?{e}"
            rf"|{b}(?P<month2>{month})\s+(?P<ln2>{last_next}){e}", f),
            _first_words(lex.cue_month, lex.months)),
        Pattern("decade", re.compile(
            rf"{b}(?:les\s+|the\s+)?(?:années|ann[ée]es)\s+(?P<decade>1[89]\d0|20\d0)"
            rf"(?:\s+(?:et|à)\s+(?P<decade2>1[89]\d0|20\d0))?{e}"
            rf"|{b}(?:the\s+)?(?:mid-)?(?P<decade3>1[89]\d0|20\d0)['’]?s{e}", f),
            _first_words({"les", "the", "années", "annees", "mid"}), digits=True),
        Pattern("year", re.compile(
            rf"{b}(?P<cue>{_alternation(lex.cue_year)})(?:\s+|-|\s+l['’]année\s+)(?P<year>{year}){e}", f),
            _first_words(lex.cue_year)),
        Pattern("relative", re.compile(rf"{b}(?P<phrase>{_alternation(lex.relative)}){e}", f),
            _first_words(lex.relative)),
        Pattern("weekday", re.compile(
            rf"{b}(?:(?P<pre>{last_next}|this|on|ce)\s+)?(?P<weekday>{weekday})"
            rf"(?:\s+(?P<post>{last_next}))?{e}", f),
            _first_words(lex.last, lex.next, {"this", "on", "ce"}, lex.weekdays)),
        # "le lendemain", "the next day" (not "le lendemain de l'attaque": the day after an event)
        Pattern("anaphoric", re.compile(
            rf"{b}(?P<phrase>{_alternation(lex.anaphoric)}){e}"
            rf"(?!\s*(?:(?:de|du|des|of|as|que|than){e}|d['’]|qu['’]))",
            f), _first_words(lex.anaphoric)),
        # "deux jours plus tard", "two weeks later"
        Pattern("later", re.compile(
            rf"{b}(?P<n>{number})\s+(?P<unit>{unit})\s+(?P<later>{_alternation(lex.later)}){e}", f),
            _first_words(lex.numbers), digits=True),
        Pattern("ago", re.compile(
            rf"{b}(?:il\s+y\s+a|voici|voilà)\s+(?P<n>{number}|{_alternation(lex.vague)})\s+(?P<unit>{unit}){e}"
            rf"|{b}(?P<n2>{number}|{_alternation(lex.vague)})\s+(?P<unit2>{unit})\s+ago{e}", f),
            _first_words({"il", "voici", "voilà"}, lex.numbers, lex.vague), digits=True),
        # "dans deux semaines", "a month away": counted forward from the article date
        Pattern("hence", re.compile(
            rf"{b}dans\s+(?P<n>{number})\s+(?P<unit>{unit}){e}"
            rf"|{b}(?P<n2>{number})\s+(?P<unit2>{unit})\s+away{e}", f),
            _first_words({"dans"}, lex.numbers), digits=True),
        Pattern("duration", re.compile(
            rf"{b}(?:(?P<dir>{_alternation(lex.past_duration | lex.future_duration)})\s+)?"
            rf"(?P<n>{number})[\s-]+(?:(?P<dir2>{_alternation(lex.past_duration | lex.future_duration)})\s+)?"
            rf"(?P<unit>{unit}){e}", f),
            _first_words(lex.past_duration, lex.future_duration, lex.numbers), digits=True),
    ]
    return tuple(found)


# Where two expressions overlap, the more specific kind wins, then the longer.
_PRIORITY = {"day_month": 0, "month_day": 0, "ago": 1, "hence": 1, "later": 1, "anaphoric": 2, "relative": 2,
             "month_year": 3, "decade": 3, "month": 4, "year": 5, "weekday": 6, "duration": 7}


@dataclass(slots=True)
class Match:
    kind: str
    start: int
    end: int
    groups: dict[str, str | None]


def find_time_expressions(text: str, lang: str) -> list[Match]:
    """Every time expression of ``text``; where two overlap the longer (then earlier) wins."""
    matches: list[Match] = []
    for kind, m in _pattern_matches(text, lang):
        matches.extend(_split_coordinated(kind, m))
    matches = [m for m in matches if _plausible(m, text, lang)]
    kept: list[Match] = []
    for match in sorted(matches, key=lambda m: (_PRIORITY[m.kind], -(m.end - m.start), m.start)):
        if all(match.end <= k.start or match.start >= k.end for k in kept):
            kept.append(match)
    return sorted(kept, key=lambda m: m.start)


def _pattern_matches(text: str, lang: str) -> Iterator[tuple[str, re.Match[str]]]:
    """What ``pattern.regex.finditer(text)`` finds, for every pattern (non-empty matches),
    trying each pattern only where a word it can begin with starts.

    Scanning with each regex tried it at every character: most of the time component's
    time went there.  Every match begins at a word (``(?<![\\w-])`` then a word character)
    and each pattern declares the words it can begin with, so the text's words are read
    once and each pattern is tried at its own words only, in order, from the end of its
    previous match (as ``finditer`` does).  A word with a character beyond Latin-1 tries
    every pattern: case-insensitive matching pairs some of those with ASCII letters ("ſ"
    with "s") where ``str.lower`` does not."""
    found = patterns(lang)
    by_word, with_digit = _start_index(lang)
    every = tuple(range(len(found)))
    ends = [0] * len(found)
    for word in _WORD.finditer(text):
        start = word.start()
        if start and text[start - 1] == "-":
            continue
        form = word.group()
        if form.isascii() or max(form) <= "\xff":
            tried = by_word.get(form.lower(), ())
            if form[0].isdigit():
                tried += with_digit
        else:
            tried = every
        for index in tried:
            if start < ends[index]:
                continue
            m = found[index].regex.match(text, start)
            if m is not None and m.end() > start:
                ends[index] = m.end()
                yield found[index].kind, m


_WORD = re.compile(r"\w+")


@cache
def _start_index(lang: str) -> tuple[dict[str, tuple[int, ...]], tuple[int, ...]]:
    """For each word a pattern can begin with, the patterns (by index) that can; and the
    patterns that can begin with a digit."""
    by_word: dict[str, tuple[int, ...]] = {}
    found = patterns(lang)
    for index, pattern in enumerate(found):
        for word in pattern.starts:
            by_word[word] = (*by_word.get(word, ()), index)
    return by_word, tuple(i for i, pattern in enumerate(found) if pattern.digits)


def _first_words(*phrase_sets: object) -> frozenset[str]:
    """The first word (``\\w+``, lower case) of every phrase: what a match beginning with
    one of these phrases begins with."""
    words: set[str] = set()
    for phrases in phrase_sets:
        assert isinstance(phrases, dict | frozenset | set)
        for phrase in phrases:
            first = _WORD.match(str(phrase))
            if first is None:
                raise ValueError(f"time lexicon phrase {phrase!r} does not begin with a letter or digit")
            words.add(first.group().lower())
    return frozenset(words)


def _split_coordinated(kind: str, m: re.Match[str]) -> list[Match]:
    """"les années 1950 et 1960" is two decades, each with its own span."""
    if kind != "decade" or not m.group("decade2"):
        return [Match(kind, m.start(), m.end(), m.groupdict())]
    first = {**m.groupdict(), "decade2": None}
    second = {"decade": m.group("decade2"), "decade2": None, "decade3": None}
    return [
        Match(kind, m.start(), m.end("decade"), first),
        Match(kind, m.start("decade2"), m.end("decade2"), second),
    ]


def _plausible(match: Match, text: str, lang: str) -> bool:
    """English months must be capitalised ("May 4", not "may 4"); "a/an" alone is no number;
    a weekday or "Today" inside a name is none (:func:`time_context.in_a_name`)."""
    month = match.groups.get("month") or match.groups.get("month2")
    if lang == "en" and month and not month[:1].isupper():
        return False
    if in_a_name(match, text, time_lexicon(lang)):
        return False
    return not (match.kind == "duration" and (match.groups.get("n") or "").casefold() in {"a", "an"}
                and not match.groups.get("dir") and not match.groups.get("dir2"))


# -- resolving -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Base:
    """The article date as a representative day plus the precision it really has."""

    day: dt.date
    precision: str

    @classmethod
    def of(cls, date: DateValue | None) -> Base | None:
        if date is None or date.precision not in ("day", "month", "year"):
            return None
        year = int(date.value[:4])
        month = int(date.value[5:7]) if date.precision in ("day", "month") else 1
        day = int(date.value[8:10]) if date.precision == "day" else 1
        try:
            return cls(dt.date(year, month, day), date.precision)
        except ValueError:
            return None


@dataclass(slots=True)
class Resolved:
    value: str | None
    precision: str | None
    direction: str = "none"
    kind: str = "date"
    notes: list[str] = field(default_factory=list)


def resolve(match: Match, *, lang: str, base: Base | None, tense: Tense,
            anchor: TimeExpression | None = None) -> Resolved:
    """The value of one found expression, given the article date and the verb's tense; an
    anaphoric one ("le lendemain", "two days later") counts from ``anchor``, the date told
    before it."""
    try:
        if match.kind in _ANAPHORIC_KINDS:
            return _from_anchor(match, time_lexicon(lang), base, anchor)
        return _RESOLVERS[match.kind](match, time_lexicon(lang), base, tense)
    except (ValueError, OverflowError) as exc:  # nonsense dates never crash the pipeline
        return Resolved(None, None, notes=[f"unresolvable date: {exc}"])


def _day_month(match: Match, lex: TimeLexicon, base: Base | None, tense: Tense) -> Resolved:
    g = match.groups
    month, day = lex.month_and_day(g)
    notes: list[str] = []
    if g.get("year"):
        year = int(str(g["year"]))
    elif base is not None:
        year = _nearest_year(base, month, day, tense)
    else:
        return Resolved(None, None, _lexical_direction(tense), notes=[_NO_YEAR])
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return Resolved(None, None, notes=[f"no such day: {day}/{month}/{year}"])
    weekday = g.get("weekday")
    if weekday and lex.weekdays.get(weekday.casefold()) != date.weekday():
        notes.append(f"{weekday} does not fall on {date.isoformat()}")
    return Resolved(date.isoformat(), "day", _direction(date.isoformat(), "day", base, tense), notes=notes)


def _nearest_year(base: Base, month: int, day: int, tense: Tense) -> int:
    """The year that puts month/day nearest the base: the past for past tense, else forward."""
    if base.precision == "year":
        return base.day.year
    candidates = []
    for year in (base.day.year - 1, base.day.year, base.day.year + 1):
        try:
            candidates.append(dt.date(year, month, min(day, 28) if month == 2 else day))
        except ValueError:
            continue
    reference = base.day if base.precision == "day" else base.day.replace(day=15)
    slack = dt.timedelta(days=7 if base.precision == "day" else 16)
    if tense == FUTURE_IN_PAST:  # this year's if still to come, else the nearest
        this_year = next((c for c in candidates if c.year == base.day.year), None)
        if this_year is not None and this_year >= reference - slack:
            return this_year.year
        eligible = [c for c in candidates if c.year >= base.day.year]
    elif tense == "past":
        eligible = [c for c in candidates if c <= reference + slack]
    elif tense == "future":
        eligible = [c for c in candidates if c >= reference - slack]
    else:  # news tells of the past more than of the future: only a near future is eligible
        eligible = [c for c in candidates if c <= reference + dt.timedelta(days=NEAR_FUTURE_DAYS)]
    best = min(eligible or candidates, key=lambda c: abs((c - reference).days))
    return best.year


def _month_year(match: Match, lex: TimeLexicon, base: Base | None, tense: Tense) -> Resolved:
    month = lex.months[_apostrophe(str(match.groups["month"]).casefold())]
    value = f"{int(str(match.groups['year'])):04d}-{month:02d}"
    return Resolved(value, "month", _direction(value, "month", base, tense))


def _month(match: Match, lex: TimeLexicon, base: Base | None, tense: Tense) -> Resolved:
    g = match.groups
    month = lex.months[_apostrophe(str(g.get("month") or g.get("month2")).casefold())]
    ln = (g.get("ln") or g.get("ln2") or "").casefold()
    cue = (g.get("cue") or "").casefold()
    if ln in lex.last or (cue in lex.last and not ln):
        tense = "past_strict"
    elif ln in lex.next or (cue in lex.next and not ln):
        tense = "future_strict"
    elif cue in {"since", "depuis"}:
        tense = "past"
    if base is None:
        return Resolved(None, None, _lexical_direction(tense), notes=[_NO_YEAR])
    year = _month_year_of(base, month, tense)
    if year is None:
        return Resolved(None, None, _lexical_direction(tense))
    value = f"{year:04d}-{month:02d}"
    return Resolved(value, "month", _direction(value, "month", base, tense))


def _month_year_of(base: Base, month: int, tense: Tense) -> int | None:
    if base.precision == "year":
        return base.day.year
    current = base.day.month
    year = base.day.year
    if tense == "past_strict":
        return year if month < current else year - 1
    if tense == "future_strict":
        return year if month > current else year + 1
    if tense == "past":
        return year if month <= current else year - 1
    if tense == "future":
        return year if month >= current else year + 1
    if tense == FUTURE_IN_PAST:  # "would resign in June": this year's if still to come, else the nearest
        return year if month >= current else min((year, year + 1), key=lambda y: abs(y * 12 + month
                                                                                    - year * 12 - current))
    # no tense: the nearest occurrence
    here = year * 12 + current
    eligible = [y for y in (year - 1, year, year + 1) if y * 12 + month <= here + 1]
    return min(eligible, key=lambda y: abs(y * 12 + month - here))


def _decade(match: Match, lex: TimeLexicon, base: Base | None, tense: Tense) -> Resolved:
    g = match.groups
    decade = str(g.get("decade") or g.get("decade3"))
    value = f"{decade}s"
    return Resolved(value, "decade", _direction(value, "decade", base, tense))


def _year(match: Match, lex: TimeLexicon, base: Base | None, tense: Tense) -> Resolved:
    value = f"{int(str(match.groups['year'])):04d}"
    cue = (match.groups.get("cue") or "").casefold()
    resolved = Resolved(value, "year", _direction(value, "year", base, tense))
    if cue in {"depuis", "since", "dès"} and resolved.direction == "none":
        resolved.direction = "past"
    return resolved


def _relative(match: Match, lex: TimeLexicon, base: Base | None, tense: Tense) -> Resolved:
    phrase = _apostrophe(" ".join(str(match.groups["phrase"]).casefold().split()))
    unit, offset = lex.relative[phrase]
    direction = "past" if offset < 0 else "future" if offset > 0 else _lexical_direction(tense)
    if base is None:
        return Resolved(None, None, direction)
    value, precision = _shift(base, unit, offset)
    return Resolved(value, precision, direction)


def _shift(base: Base, unit: str, offset: int) -> tuple[str, str]:
    """``offset`` units from the base, at the unit's precision — or the base's, if coarser."""
    if _UNIT_RANK.get(unit, 0) < _PRECISION_RANK[base.precision]:
        return _truncate(base.day, base.precision), base.precision
    day = base.day
    if unit == "day":
        return (day + dt.timedelta(days=offset)).isoformat(), "day"
    if unit == "week":
        iso = (day + dt.timedelta(weeks=offset)).isocalendar()
        return f"{iso.year:04d}-W{iso.week:02d}", "week"
    if unit == "month":
        index = day.year * 12 + day.month - 1 + offset
        return f"{index // 12:04d}-{index % 12 + 1:02d}", "month"
    if unit == "year":
        return f"{day.year + offset:04d}", "year"
    return f"{(day.year + 10 * offset) // 10 * 10}s", "decade"


def shifted(date: DateValue, duration: str, lang: str, *, sign: int) -> DateValue | None:
    """``date`` moved ``sign`` times the duration told in ``duration`` ("two days", « deux
    semaines », "a month"), at the unit's precision or the date's if coarser; None for a duration
    the lexicon does not count, or counted in hours or minutes (which day is not known)."""
    lex = time_lexicon(lang)
    words = duration.casefold().split()
    if len(words) != 2:
        return None
    count = _count(words[0], lex)
    unit = lex.units.get(words[1])
    base = Base.of(date)
    if count is None or unit not in _UNIT_RANK or base is None:
        return None
    value, precision = _shift(base, str(unit), sign * count)
    return DateValue(value, cast(Precision, precision))


def _count(word: str, lex: TimeLexicon) -> int | None:
    """A count in digits or words ("3", "three", « trois »); None for a number the lexicon lacks."""
    return int(word) if word.isdigit() else lex.numbers.get(word)


def _truncate(day: dt.date, precision: str) -> str:
    if precision == "day":
        return day.isoformat()
    if precision == "month":
        return f"{day.year:04d}-{day.month:02d}"
    return f"{day.year:04d}"


def _weekday(match: Match, lex: TimeLexicon, base: Base | None, tense: Tense) -> Resolved:
    g = match.groups
    marker = (g.get("post") or g.get("pre") or "").casefold()
    strict = marker in lex.last or marker in lex.next
    if marker in lex.last:
        tense = "past"
    elif marker in lex.next:
        tense = "future"
    direction = _lexical_direction(tense) if tense != "none" else "past"
    if base is None:
        return Resolved(None, None, direction)
    if base.precision != "day":
        return Resolved(_truncate(base.day, base.precision), base.precision, direction)
    target = lex.weekdays[str(g["weekday"]).casefold()]
    delta = (base.day.weekday() - target) % 7
    if tense == FUTURE_IN_PAST and not strict:  # "would resign Friday": the nearest Friday
        tense = "future" if (target - base.day.weekday()) % 7 <= delta else "past"
    if tense == "future":
        ahead = (target - base.day.weekday()) % 7
        date = base.day + dt.timedelta(days=ahead or (7 if strict else 0))
    else:
        date = base.day - dt.timedelta(days=delta or (7 if strict else 0))
    return Resolved(date.isoformat(), "day", _direction(date.isoformat(), "day", base, tense))


def _ago(match: Match, lex: TimeLexicon, base: Base | None, tense: Tense) -> Resolved:
    g = match.groups
    n_text = str(g.get("n") or g.get("n2")).casefold()
    unit = lex.units[str(g.get("unit") or g.get("unit2")).casefold()]
    count = _count(n_text, lex)
    if count is None or base is None or unit not in _UNIT_RANK:
        return Resolved(None, None, "past")  # "il y a des décennies": past, no value
    value, precision = _shift(base, unit, -count)
    return Resolved(value, precision, "past")


def _hence(match: Match, lex: TimeLexicon, base: Base | None, tense: Tense) -> Resolved:
    """"dans deux semaines", "a month away": that long after the article date."""
    g = match.groups
    n_text = str(g.get("n") or g.get("n2")).casefold()
    unit = lex.units[str(g.get("unit") or g.get("unit2")).casefold()]
    count = _count(n_text, lex)
    if count is None or base is None or unit not in _UNIT_RANK:
        return Resolved(None, None, "future")
    value, precision = _shift(base, unit, count)
    return Resolved(value, precision, "future")


def _duration(match: Match, lex: TimeLexicon, base: Base | None, tense: Tense) -> Resolved:
    marker = (match.groups.get("dir") or match.groups.get("dir2") or "").casefold()
    direction = "none"
    if marker in lex.past_duration:
        direction = "past"
    elif marker in lex.future_duration:
        direction = "future"
    return Resolved(None, None, direction, kind="duration")


_ANAPHORIC_KINDS = frozenset({"anaphoric", "later"})


def _from_anchor(match: Match, lex: TimeLexicon, base: Base | None,
                 anchor: TimeExpression | None) -> Resolved:
    """"Mercredi, … Le lendemain, …": the day after the date told before (``anchor``), at the
    coarser of its precision and the shift's ("deux jours plus tard" after "en mars 2019" is
    March 2019).  With no date told before, there is nothing to count from: no value."""
    g = match.groups
    if match.kind == "anaphoric":
        unit, offset = lex.anaphoric[_apostrophe(" ".join(str(g["phrase"]).casefold().split()))]
    else:
        n_text = str(g["n"]).casefold()
        count = _count(n_text, lex)
        unit = lex.units[str(g["unit"]).casefold()]
        if unit in ("hour", "minute"):  # "trois heures plus tard": the same day
            unit, count = "day", 0
        if count is None or unit not in _UNIT_RANK:
            return Resolved(None, None)
        offset = count
    start = _anchor_base(anchor)
    if start is None:
        return Resolved(None, None)
    value, precision = _shift(start, unit, offset)
    return Resolved(value, precision, _direction(value, precision, base, "none"))


def _anchor_base(anchor: TimeExpression | None) -> Base | None:
    """The date told before as a base to count from (a day, a month or a year)."""
    if anchor is None or anchor.value is None or anchor.precision not in ("day", "month", "year"):
        return None
    try:
        return Base.of(DateValue.parse(anchor.value))
    except ModelError:
        return None


_RESOLVERS = {
    "day_month": _day_month,
    "month_day": _day_month,
    "month_year": _month_year,
    "month": _month,
    "decade": _decade,
    "year": _year,
    "relative": _relative,
    "weekday": _weekday,
    "ago": _ago,
    "hence": _hence,
    "duration": _duration,
}


def _lexical_direction(tense: Tense) -> str:
    if tense.startswith("past"):
        return "past"
    if tense.startswith("future"):
        return "future"
    return "none"


def _direction(value: str, precision: str, base: Base | None, tense: Tense) -> str:
    """Past or future against the article date at the coarser precision; else the tense's."""
    if base is None:
        return _lexical_direction(tense)
    coarse = max(precision, base.precision, key=lambda p: _PRECISION_RANK[p])
    mine, theirs = comparable(value, precision, coarse), _truncate(base.day, coarse) if coarse != "decade" \
        else f"{base.day.year // 10 * 10}s"
    if mine < theirs:
        return "past"
    if mine > theirs:
        return "future"
    return _lexical_direction(tense)


# -- the component -------------------------------------------------------------------------------


def plausible_base(date: DateValue | None, *, today: dt.date | None = None) -> tuple[Base | None, str | None]:
    """The article date as a base, or None with a note when it is implausible."""
    base = Base.of(date)
    if base is None or date is None:
        return None, None
    today = today or dt.date.today()
    if base.day.year < MIN_YEAR:
        return None, f"article date {date.value} is before {MIN_YEAR}: relative dates left unresolved"
    if base.day > today + dt.timedelta(days=366):
        return None, f"article date {date.value} is in the future: relative dates left unresolved"
    return base, None


def expressions_of(doc: Doc, *, lang: str, date: DateValue | None) -> tuple[list[TimeExpression], list[str]]:
    """The time expressions of a parsed text and the notes worth telling the user."""
    text = text_of(doc)
    base, note = plausible_base(date)
    notes = [note] if note else []
    found: list[TimeExpression] = []
    matches = find_time_expressions(text, lang)
    ends = range_ends(matches, text)
    carried: set[int] = set()
    range_end_years: dict[int, int] = {}
    for index, found_match in enumerate(matches):
        tense = (weekday_tense if found_match.kind == "weekday" else tense_at)(
            doc, found_match.start, found_match.end)
        match = year_from_context(found_match, index, matches, ends, range_end_years,
                                  YearContext(doc, time_lexicon(lang), base, tense, found, carried))
        anchor = next((t for t in reversed(found) if t.kind == "date" and t.value is not None
                       and not _bounds(text, t.start)), None)
        resolved = resolve(match, lang=lang, base=base, tense=tense, anchor=anchor)
        surface = text[match.start : match.end]
        resolved = _checked(resolved, surface=surface, base=base, tense=tense)
        notes += [f"time {surface!r}: {n}" for n in resolved.notes]
        found.append(
            TimeExpression(
                match.start, match.end, surface, resolved.value, resolved.precision,
                resolved.direction, resolved.kind,
            )
        )
    return found, notes


_BOUNDING = re.compile(r"\b(?:ahead\s+of|before|until|till|prior\s+to|avant|jusqu|d['’]ici)\b", re.IGNORECASE)


def _bounds(text: str, start: int) -> bool:
    """Whether the expression at ``start`` is a bound ("ahead of the deadline on Dec. 20",
    "avant le 13 avril"), not the date of what was told: the words since the last punctuation
    before it say so.  A later "the next day" does not count from a bound."""
    before = text[max(0, start - 80) : start]
    clause = re.split(r"[,;:.()!?\n—]", before)[-1]
    return _BOUNDING.search(clause) is not None


def _checked(resolved: Resolved, *, surface: str, base: Base | None, tense: Tense) -> Resolved:
    """Implausible years become unresolved; past-tense dates after the article are flagged."""
    if resolved.value is None or resolved.precision is None:
        return resolved
    year = int(resolved.value[:4])
    horizon = (base.day.year if base else dt.date.today().year) + MAX_YEARS_AHEAD
    if year < MIN_YEAR or year > horizon:
        return Resolved(None, None, resolved.direction, resolved.kind,
                        [*resolved.notes, f"implausible year {year}"])
    if base is not None and tense == "past" and resolved.direction == "future" and not resolved.notes:
        resolved.notes.append(
            f"told in the past but after the article date {_truncate(base.day, base.precision)} "
            "(is the date header right?)"
        )
    return resolved


class TimeComponent(Component):
    """Fills ``article.times``: every time expression with its span and normalised value."""

    name: ClassVar[str] = "times"
    reads: ClassVar[frozenset[str]] = frozenset({"doc.sents", "token.dep", "token.morph"})
    writes: ClassVar[frozenset[str]] = frozenset({"article.times"})

    def __call__(self, doc: Doc) -> Doc:
        article = article_of(doc)
        lang = article.lang or doc.lang_
        article.times, notes = expressions_of(doc, lang=lang, date=article.date)
        article.notes.extend(notes)
        return doc


def iter_dates(times: list[TimeExpression]) -> Iterator[TimeExpression]:
    """The expressions that name a date with a value (not durations, not unresolved)."""
    return (t for t in times if t.kind == "date" and t.value is not None and t.precision is not None)
