"""The one place spaCy models are loaded.  Another model is a setting, not a code change.

Models are loaded once per process (cached).  The lemmatizer is loaded but *disabled*: it
costs ~10% of the pipeline when run over every token, and our components only need the
lemma of a few candidate verbs and nouns, which :func:`lemma` computes on demand.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Token

from newsgraph.config import SUPPORTED_LANGUAGES, get_settings
from newsgraph.errors import ConfigError

# Components computed on demand rather than over every token.
ON_DEMAND = ("lemmatizer",)
# Chunks of text handed to spaCy at once; longer articles are split at paragraph or
# whitespace boundaries and the parsed chunks are joined again (see the runner).
MAX_CHUNK_CHARS = 100_000


@cache
def load_model(lang: str, model_name: str | None = None) -> Language:
    """Load the spaCy pipeline for ``lang`` (``fr``, ``en``), once per process."""
    if lang not in SUPPORTED_LANGUAGES:
        raise ConfigError(f"unsupported language {lang!r} (supported: {', '.join(SUPPORTED_LANGUAGES)})")
    name = model_name or get_settings().models[lang]
    try:
        nlp = spacy.load(name, disable=[p for p in ON_DEMAND])
    except OSError as exc:
        raise ConfigError(
            f"spaCy model {name!r} for {lang!r} is not installed; run `make setup` "
            f"or set NEWSGRAPH_MODEL_{lang.upper()} to an installed model"
        ) from exc
    nlp.max_length = MAX_CHUNK_CHARS * 2
    if "parser" in nlp.pipe_names and "newsgraph_line_breaks" not in nlp.pipe_names:
        nlp.add_pipe("newsgraph_line_breaks", before="parser")
    return nlp


def lemma(token: Token) -> str:
    """The lemma of ``token``, computed on demand with the model's own lemmatizer."""
    return _lemma(token.lang_, token.lower_, token.pos_, _morph_key(token), token)


def _morph_key(token: Token) -> str:
    return str(token.morph)


def _lemma(lang: str, lower: str, pos: str, morph: str, token: Token) -> str:
    key = (lang, lower, pos, morph)
    cached = _LEMMA_CACHE.get(key)
    if cached is not None:
        return cached
    nlp = load_model(lang)
    value = lower
    if "lemmatizer" in nlp.component_names:
        lemmatizer: Any = nlp.get_pipe("lemmatizer")
        lemmas = lemmatizer.rule_lemmatize(token)
        if lemmas:
            value = str(lemmas[0]).lower()
    if len(_LEMMA_CACHE) > 200_000:
        _LEMMA_CACHE.clear()
    _LEMMA_CACHE[key] = value
    return value


_LEMMA_CACHE: dict[tuple[str, str, str, str], str] = {}


@Language.component("newsgraph_line_breaks")
def line_breaks(doc: spacy.tokens.Doc) -> spacy.tokens.Doc:
    """No sentence crosses a line break: captions, headings and paragraphs stand alone."""
    for token in doc[:-1]:
        if "\n" in token.text or "\n" in token.whitespace_:
            doc[token.i + 1].is_sent_start = True
    return doc
