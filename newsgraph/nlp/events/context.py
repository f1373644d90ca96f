"""What finding one article's events reads and remembers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from newsgraph.model import Article, Quote, TimeExpression
from newsgraph.nlp.events.actors import Actors
from newsgraph.nlp.quote_marks import Quotation


@dataclass(slots=True)
class Context:
    doc: Doc
    article: Article
    actors: Actors
    times: list[tuple[TimeExpression, Token]]  # each resolved time expression with its head token
    quotes: list[Quote]  # the quotes with a speaker
    quotations: Sequence[Quotation]  # the text's quoted stretches, marks paired (``quote_marks``)
    open_ids: set[str] = field(default_factory=set)  # the open-domain events (``open_trigger``)
