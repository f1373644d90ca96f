"""An event's date: the time expression that dates its clause (attached to the trigger, else to
its clause, else the nearest in the sentence), else the article date (``date_from``), and how
it compares with the article date."""

from __future__ import annotations

from typing import Literal

from spacy.tokens import Doc, Span, Token

from newsgraph.dates import comparable
from newsgraph.model import PRECISIONS, DateValue, TimeExpression
from newsgraph.nlp.events.context import Context
from newsgraph.nlp.events.syntax import RELATIVE_CLAUSES, clause_verb, finite_clause
from newsgraph.nlp.times import iter_dates

DatedTokens = list[tuple[TimeExpression, Token]]
DateFrom = Literal["text", "article", "none"]

_SINCE = ("depuis", "since")
_FIRST = frozenset({"premier", "première", "first"})


def token_of(doc: Doc, start: int, end: int) -> Token | None:
    """The head token of the text between two character offsets."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def dated_tokens(doc: Doc, times: list[TimeExpression]) -> DatedTokens:
    """Each time expression with a date, with its head token."""
    found = []
    for expression in iter_dates(times):
        token = token_of(doc, expression.start, expression.end)
        if token is not None:
            found.append((expression, token))
    return found


def event_date(token: Token, sentence: Span, context: Context) -> tuple[DateValue | None, DateFrom]:
    """The date the text gives the event, else the article's."""
    expression = date_for(token, sentence, context.times)
    if expression is not None and _first_since(token, expression):
        expression = None  # "son premier voyage depuis 2019" happens now, not in 2019
    if expression is not None:
        date = as_date(expression)
        if date is not None:
            return date, "text"
    if context.article.date is not None:
        return context.article.date, "article"
    return None, "none"


def date_for(trigger: Token, sentence: Span, times: DatedTokens) -> TimeExpression | None:
    """The time expression of ``sentence`` that dates ``trigger``: attached to it, else to its
    clause, else the nearest in the sentence."""
    in_sentence = [(t, tok) for t, tok in times if sentence.start <= tok.i < sentence.end]
    if not in_sentence:
        return None
    own = finite_clause(trigger)
    here = [(t, tok) for t, tok in in_sentence if not _in_other_relative_clause(tok, trigger)
            and _may_date(tok, own)]
    if not here:
        return None
    clause = clause_verb(trigger)
    for anchor in (trigger, clause, clause.head):
        attached = [(t, tok) for t, tok in here if anchor.is_ancestor(tok) or tok.head == anchor]
        if attached:
            return min(attached, key=lambda pair: abs(pair[1].i - trigger.i))[0]
    return min(here, key=lambda pair: abs(pair[1].i - trigger.i))[0]


def _may_date(time: Token, own: Token | None) -> bool:
    """A time expression dates the clause it stands in and the clauses below it, not another
    clause with a subject of its own beside or below the trigger's (``own``, its finite clause):
    in "La Russie a soutenu ces mesures, mais l'année dernière, elle a voté contre", last year
    is the vote's, not the support's, however the parser attached it."""
    owner = finite_clause(time)
    return owner is None or own is None or owner.i == own.i or owner.is_ancestor(own)


def _in_other_relative_clause(token: Token, trigger: Token) -> bool:
    """"avec la syndicaliste, qui a pris ses fonctions à la fin mars": the date belongs to the
    relative clause, not to the meeting."""
    for ancestor in token.ancestors:
        if ancestor.dep_ in RELATIVE_CLAUSES:
            return not (ancestor == trigger or ancestor.is_ancestor(trigger))
    return False


def as_date(expression: TimeExpression) -> DateValue | None:
    """The expression's value at its precision, or None (durations, unresolved, impossible)."""
    if expression.value is None or expression.precision not in PRECISIONS:
        return None
    try:
        return DateValue(expression.value, expression.precision)  # type: ignore[arg-type]
    except ValueError:
        return None


def _first_since(token: Token, expression: TimeExpression) -> bool:
    """"The first visit since 2019": the date bounds a gap before the event, it does not date it."""
    if not expression.text.casefold().startswith(_SINCE):
        return False
    return any(c.lower_ in _FIRST or "Ord" in c.morph.get("NumType", []) for c in token.children)


def is_future(date: DateValue, context: Context) -> bool:
    return _compare_with_article(date, context) > 0


def is_past(date: DateValue, context: Context) -> bool:
    return _compare_with_article(date, context) < 0


def _compare_with_article(date: DateValue, context: Context) -> int:
    """-1, 0 or 1: ``date`` before, within or after the article date, at the coarser of the
    two precisions (0 without an article date)."""
    base = context.article.date
    if base is None:
        return 0
    coarse = max(date.precision, base.precision, key=PRECISIONS.index)
    if coarse == "week":
        coarse = "month"
    mine = comparable(date.value, date.precision, coarse)
    theirs = comparable(base.value, base.precision, coarse)
    return (mine > theirs) - (mine < theirs)
