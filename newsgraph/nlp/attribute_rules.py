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
by rule then position), and :func:`apply_matches` sets the attributes as the ruler does,
match by match, without building a Span for each.  A rule using anything else (operators,
extension or morphology attributes, fuzzy matching) is left to a spaCy Matcher holding only
those rules, so any model's rules stay exact.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy
from spacy.attrs import DEP, IDS, IS_SPACE, LOWER, NORM, ORTH, POS, TAG
from spacy.matcher import Matcher
from spacy.strings import get_string_id
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

# The token attributes a rule may test here (as spaCy's Matcher reads them), in column order.
COLUMNS = (ORTH, LOWER, NORM, TAG, POS, DEP, IS_SPACE)
_COLUMN_OF = {attr: column for column, attr in enumerate(COLUMNS)}
# Tests on a rarer value first: the tokens a rule starts from are the fewest.
_ANCHOR_ORDER = (ORTH, LOWER, NORM, DEP, TAG, POS, IS_SPACE)
_SET_TESTS = ("IN", "NOT_IN")

Match = tuple[int, int, int, int]  # rule (attribute ruler key), match id, start, end


@dataclass(frozen=True, slots=True)
class Test:
    """One attribute test of one token: equal to a value, in or not in a set, or a regex
    search on the attribute's string."""

    column: int
    kind: str  # eq | in | not_in | regex
    values: frozenset[int] = frozenset()
    regex: re.Pattern[str] | None = None

    def holds(self, value: int, text: Callable[[int], str]) -> bool:
        if self.kind == "eq" or self.kind == "in":
            return value in self.values
        if self.kind == "not_in":
            return value not in self.values
        assert self.regex is not None
        return bool(self.regex.search(text(value)))


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule's pattern as token tests, and the test its candidate tokens are found by."""

    key: int  # the attribute ruler's rule number
    match_id: int
    tokens: tuple[tuple[Test, ...], ...]
    anchor: tuple[int, Test] | None  # (token offset in the pattern, test)

    @property
    def only_anchor(self) -> bool:
        """The anchor is the rule's one test: where it holds, the rule matches."""
        return self.anchor is not None and len(self.tokens) == 1 and self.tokens[0] == (self.anchor[1],)


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

    def __call__(self, doc: Doc) -> list[Match]:
        if len(self.ruler.attrs) != self.size:  # rules added since: spaCy's own matching
            return list(type(self.ruler).match(self.ruler, doc))
        found = self._indexed(doc)
        if len(self.rest):
            strings = self.ruler.vocab.strings
            found += [(int(strings[m_id]), m_id, start, end)
                      for m_id, start, end in self.rest(doc, allow_missing=True, as_spans=False)]
            return sorted(set(found))
        return found

    def _indexed(self, doc: Doc) -> list[Match]:
        """The matches of the indexed rules, sorted (rules are in key order, and each
        rule's matches in position order; two patterns of one key are merged)."""
        if not len(doc) or not self.rules:
            return []
        array = numpy.asarray(doc.to_array(list(COLUMNS)), dtype=numpy.uint64)
        index = _ValueIndex(array.reshape(len(doc), len(COLUMNS)), doc.vocab.strings.__getitem__)
        found: list[Match] = []
        for position, rule in enumerate(self.rules):
            first = len(found)
            found += self._matches(rule, index)
            if position and self.rules[position - 1].key == rule.key:
                same_key = first
                while same_key and found[same_key - 1][0] == rule.key:
                    same_key -= 1
                found[same_key:] = sorted(set(found[same_key:]))
        return found

    @staticmethod
    def _matches(rule: Rule, index: _ValueIndex) -> list[Match]:
        width = len(rule.tokens)
        starts = index.starts(rule, len(index.array) - width + 1)
        if rule.only_anchor:
            return [(rule.key, rule.match_id, start, start + width) for start in starts]
        rows = index.rows()
        return [(rule.key, rule.match_id, start, start + width) for start in starts
                if all(test.holds(rows[start + offset][test.column], index.text)
                       for offset, tests in enumerate(rule.tokens) for test in tests)]


class _ValueIndex:
    """Token positions by attribute value (ascending), built per column on first use."""

    def __init__(self, array: numpy.ndarray[Any, Any], text: Callable[[int], str]) -> None:
        self.array = array
        self.text = text
        self._rows: list[list[int]] | None = None
        self._by_value: dict[int, dict[int, list[int]]] = {}

    def rows(self) -> list[list[int]]:
        """The attribute values of every token, as Python ints."""
        if self._rows is None:
            self._rows = self.array.tolist()
        return self._rows

    def positions(self, column: int) -> dict[int, list[int]]:
        found = self._by_value.get(column)
        if found is None:
            values = self.array[:, column]
            order = numpy.argsort(values, kind="stable")
            ordered = values[order]
            cuts = numpy.flatnonzero(ordered[1:] != ordered[:-1]) + 1
            firsts = numpy.concatenate(([0], cuts))
            found = {int(ordered[i]): group.tolist()
                     for i, group in zip(firsts.tolist(), numpy.split(order, cuts), strict=True)}
            self._by_value[column] = found
        return found

    def starts(self, rule: Rule, limit: int) -> Sequence[int]:
        """Where ``rule`` may start (before ``limit``), ascending: every position its
        anchor test holds at, shifted by the anchor's offset; every position when it has
        no anchor."""
        if rule.anchor is None:
            return range(max(0, limit))
        offset, test = rule.anchor
        by_value = self.positions(test.column)
        if test.kind == "regex":
            values = [v for v in by_value if test.holds(v, self.text)]
        else:
            values = [v for v in test.values if v in by_value]
        if len(values) == 1:
            return [p - offset for p in by_value[values[0]] if 0 <= p - offset < limit]
        starts = {p - offset for v in values for p in by_value[v]}
        return sorted(s for s in starts if 0 <= s < limit)


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
    return Rule(key, match_id, tuple(tokens), anchor)


def _test(name: str, value: object) -> Test | None:
    attr = IDS.get({"TEXT": "ORTH"}.get(name.upper(), name.upper()))
    column = _COLUMN_OF.get(attr) if attr is not None else None
    if column is None:
        return None
    if isinstance(value, bool):
        return Test(column, "eq", frozenset({int(value)}))
    if isinstance(value, str | int):
        return Test(column, "eq", frozenset({get_string_id(value)}))
    if not isinstance(value, dict) or len(value) != 1:
        return None
    (operator, operand), = value.items()
    if operator in _SET_TESTS and isinstance(operand, list) and all(isinstance(v, str) for v in operand):
        return Test(column, operator.lower(), frozenset(get_string_id(v) for v in operand))
    if operator == "REGEX" and isinstance(operand, str):
        return Test(column, "regex", regex=re.compile(operand))
    return None


def apply_matches(ruler: Any, doc: Doc, matches: list[Match]) -> None:
    """``AttributeRuler.set_annotations`` without building a Span per match: each match sets
    its rule's attributes on its rule's token, in the same order, with the same function."""
    attrs, indices = ruler.attrs, ruler.indices
    for key, match_id, start, end in matches:
        index = indices[key]
        position = (start if index >= 0 else end) + index
        if not start <= position < end:  # spaCy's own error for a rule pointing outside its match
            type(ruler).set_annotations(ruler, doc, [(key, match_id, start, end)])
        set_token_attrs(doc[position], attrs[key])


def index_attribute_ruler(nlp: Any) -> None:
    """Give the pipeline's attribute ruler (if any) the indexed match step and the
    Span-free annotation step."""
    if "attribute_ruler" in nlp.pipe_names:
        ruler = nlp.get_pipe("attribute_ruler")
        ruler.match = IndexedMatch(ruler)
        ruler.set_annotations = partial(apply_matches, ruler)
