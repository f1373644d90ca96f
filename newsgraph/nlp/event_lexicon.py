"""The event lexicons (``docs/events.md``, "Ontology mapping" and "Open-domain events").

* PLOVER triggers: ``data/plover_triggers.LANG.tsv`` with the categories, modes and extensions
  of ``data/plover_categories.json``.
* General news types for what PLOVER does not map: ``data/news_types.LANG.tsv`` (ANNOUNCE, AWARD,
  LEGAL, RESIGN, ECONOMIC, DISASTER, DEATH, STRIKE, and the extensions APPOINT, ELECTION, PUBLISH,
  PROTEST); any other verb naming an action or a change of state is ``OTHER``.  Verbs of state,
  modality or attitude (``data/stative_verbs.LANG.txt``) name no event.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

from spacy.tokens import Token

from newsgraph.nlp.lexicon import word_list
from newsgraph.nlp.models import lemma

# -- the lexicons ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Trigger:
    lemma: str
    pos: str
    type: str
    mode: str | None
    condition: str | None
    open: bool = False  # an open-domain predicate (``open_trigger``), not a lexicon entry


@cache
def triggers(lang: str) -> dict[tuple[str, str], list[Trigger]]:
    """``(lemma, VERB|NOUN)`` → triggers, from ``data/plover_triggers.LANG.tsv``."""
    found: dict[tuple[str, str], list[Trigger]] = {}
    known = known_types()
    for line in _data_lines(f"plover_triggers.{lang}.tsv"):
        cells = [c.strip() for c in line.split("\t")]
        if len(cells) < 4:
            continue
        word, pos, etype, mode = cells[0].casefold(), cells[1].upper(), cells[2].upper(), cells[3] or None
        if etype not in known:
            raise ValueError(f"plover_triggers.{lang}.tsv: unknown event type {etype!r}")
        condition = cells[4] if len(cells) > 4 and cells[4] else None
        found.setdefault((word, pos), []).append(Trigger(word, pos, etype, mode, condition))
    return found


@cache
def known_types() -> frozenset[str]:
    data = json.loads(_resource("plover_categories.json"))
    return frozenset(data["plover"]) | frozenset(data["extensions"]) | general_types()


@cache
def general_types() -> frozenset[str]:
    """The general news types (``general`` in the categories), OTHER among them."""
    return frozenset(json.loads(_resource("plover_categories.json")).get("general", {}))


@cache
def mode_families(etype: str) -> tuple[frozenset[str], ...]:
    """Modes of ``etype`` that may name one event (``same_event_modes`` in the categories)."""
    data = json.loads(_resource("plover_categories.json")).get("same_event_modes", {})
    return tuple(frozenset(family) for family in data.get(etype, []))


@cache
def place_acting_types() -> frozenset[str]:
    """Types whose event a place holds when nobody is named (``place_acts`` in the categories)."""
    data = json.loads(_resource("plover_categories.json")).get("place_acts", {})
    return frozenset(data.get("types", []))


@cache
def genitive_patient_modes() -> frozenset[str]:
    """``TYPE/mode`` whose event noun's genitive is its patient (``genitive_patient``)."""
    data = json.loads(_resource("plover_categories.json")).get("genitive_patient", {})
    return frozenset(data.get("modes", []))


def modes_agree(etype: str, a: str | None, b: str | None) -> bool:
    return a == b or any(a in family and b in family for family in mode_families(etype))


@cache
def modality_cues(lang: str) -> dict[str, frozenset[str]]:
    """``category`` → words, from ``data/modality_cues.LANG.txt`` ("category word" lines)."""
    cues: dict[str, set[str]] = {}
    for line in _data_lines(f"modality_cues.{lang}.txt"):
        category, _, word = line.partition(" ")
        if word.strip():
            cues.setdefault(category.strip(), set()).add(word.strip().casefold())
    return {k: frozenset(v) for k, v in cues.items()}


def _resource(name: str) -> str:
    resource = resources.files("newsgraph.nlp").joinpath("data", name)
    return resource.read_text(encoding="utf-8") if resource.is_file() else ""


def _data_lines(name: str) -> Iterable[str]:
    for line in _resource(name).splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            yield line.split(" #", 1)[0].rstrip()


# -- open-domain predicates -------------------------------------------------------------------

OTHER = "OTHER"
_NOT_EVENT_DEPS = frozenset({"aux", "aux:pass", "aux:tense", "auxpass", "cop", "amod", "compound", "fixed",
                             "flat", "case", "mark", "det"})


@cache
def news_types(lang: str) -> dict[tuple[str, str], str]:
    """``(lemma, VERB|NOUN)`` → general type, from ``data/news_types.LANG.tsv``."""
    found: dict[tuple[str, str], str] = {}
    known = known_types()
    for line in _data_lines(f"news_types.{lang}.tsv"):
        cells = [c.strip() for c in line.split("\t")]
        if len(cells) < 3:
            continue
        word, pos, etype = cells[0].casefold(), cells[1].upper(), cells[2].upper()
        if etype not in known:
            raise ValueError(f"news_types.{lang}.tsv: unknown event type {etype!r}")
        found.setdefault((word, pos), etype)
    return found


def news_noun_type(token: Token, lang: str) -> str | None:
    """The general type ``news_types`` gives the word as a noun (by its lemma, else its
    lower-case form: "strike", « grève »), or as the head of a listed phrase ("press
    conference", « tremblement de terre »), whatever its tag; None for a noun it does not list."""
    typed = news_types(lang)
    return typed.get((lemma(token), "NOUN")) or typed.get((token.lower_, "NOUN")) or _phrase_type(token, lang)


def may_be_news_noun(token: Token, lang: str) -> bool:
    """Whether the word is a noun of ``news_types`` alone or a word of one of its phrases,
    before the phrase is checked in the text (this depends on the word only)."""
    typed, words = news_types(lang), news_phrases(lang)
    return any((w, "NOUN") in typed or w in words for w in (lemma(token), token.lower_))


@cache
def news_phrases(lang: str) -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """Each word of a multi-word noun of ``news_types`` ("press conference", « tremblement de
    terre ») → the phrases it is in, as words, with their type."""
    found: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for (phrase, pos), etype in news_types(lang).items():
        words = tuple(phrase.split())
        if pos == "NOUN" and len(words) > 1:
            for word in set(words):
                found.setdefault(word, []).append((words, etype))
    return found


def _phrase_type(token: Token, lang: str) -> str | None:
    """The type of the listed phrase the token is the head of, spelled around it in the text
    ("tremblement" in « un tremblement de terre », not in « un tremblement de la voix »)."""
    forms = (lemma(token), token.lower_)
    phrases = news_phrases(lang)
    for words, etype in [p for form in dict.fromkeys(forms) for p in phrases.get(form, [])]:
        for position in (k for k, w in enumerate(words) if w in forms):
            if _spells_with_head(token, token.i - position, words):
                return etype
    return None


def _spells_with_head(token: Token, start: int, words: tuple[str, ...]) -> bool:
    """Whether the text from ``start`` spells ``words`` (by lemma or form), ``token`` being the
    one word of it whose head lies outside."""
    doc = token.doc
    if start < 0 or start + len(words) > len(doc):
        return False
    span = doc[start:start + len(words)]
    if any(w not in (lemma(t), t.lower_) for t, w in zip(span, words, strict=True)):
        return False
    inside = range(span.start, span.end)
    return all(t.head.i in inside and t.i != t.head.i for t in span if t.i != token.i) \
        and (token.head.i == token.i or token.head.i not in inside)


def open_trigger(token: Token, lang: str) -> Trigger | None:
    """The open-domain trigger of a verb naming an action or a change of state (typed by
    ``news_types``, else OTHER), or of a listed event noun ("la grève", "the ruling"); None for
    verbs of state, modality or attitude, auxiliaries and unlisted nouns."""
    pos = token.pos_
    if token.dep_ in _NOT_EVENT_DEPS:
        return None
    word = lemma(token)
    if pos == "NOUN":
        etype = news_noun_type(token, lang)
        return Trigger(word, "NOUN", etype, None, None, open=True) if etype else None
    if pos != "VERB" or (not word.isalpha() and "-" not in word and "'" not in word):
        return None
    if word in word_list("stative_verbs", lang):
        return None
    return Trigger(word, "VERB", news_types(lang).get((word, "VERB"), OTHER), None, None, open=True)
