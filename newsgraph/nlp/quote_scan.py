"""The first layer of quote extraction: one article's quotation marks, paragraphs
(text, caption, blurb, heading), cue verbs (speech verbs found through lemmas and forms,
passives and bare participles excluded) and the position look-ups the later layers share
(:mod:`newsgraph.nlp.quote_clauses`, :mod:`newsgraph.nlp.quote_rules`,
:mod:`newsgraph.nlp.quotes`; docs/quotes.md)."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cache

from spacy.attrs import IDX
from spacy.tokens import Doc, Span, Token

from newsgraph.model import Entity, QuoteKind, Speaker
from newsgraph.nlp.component import sentence_of, text_of, token_indices
from newsgraph.nlp.cue_subjects import (
    REFLEXIVE_CLITICS,
    incise_opener,
    not_a_french_participle,
    preverbal_subject,
)
from newsgraph.nlp.entity_index import EntityIndex, speech_verb_forms, word_set
from newsgraph.nlp.models import feature, lemma
from newsgraph.nlp.quote_marks import Quotation, article_quotations
from newsgraph.nlp.speakers import SpeakerResolver

MOSTLY_QUOTED = 0.55  # share of an indirect clause inside quote marks that makes it direct
SHORT_FRAGMENT_WORDS = 3  # fragments this short need a cue in their sentence
INCISE_WINDOW = 8  # tokens after a closing mark where an incise verb may stand
FLOATING_PARAGRAPHS = 3
_CAPTION_CREDIT = re.compile(r"\(([^()]{2,120})\)\s*$")
_BLURB = re.compile(r"^\s*(?:À\s+|A\s+)?[A-ZÉÈÀ]{4,}(?:\s+[A-ZÉÈÀ]{2,})*\s*(?:[l|:•-]\s|$)")
_CONTENT_MARKS = frozenset({"que", "qu'", "qu’", "that"})
_FREE_RELATIVES = frozenset({"what", "ce", "whatever"})
# "explained how …", "asked why …", "demande pourquoi …": an indirect question, not a report
_INTERROGATIVES = frozenset({"why", "how", "whether", "pourquoi", "comment"})
_RELATIVES = frozenset({"which", "who", "whom", "that", "qui", "que", "qu'", "qu’", "dont"})
_LINKING_WORDS = frozenset(
    {"car", "mais", "et", "que", "qu'", "qu’", "parce", "puisque", "because", "and", "but",
     "that", "as", "since", "or", "ou", "donc", "so"}
)
_FRONTED_SUBORDINATORS = frozenset(
    {"si", "bien", "quoique", "alors", "tandis", "puisque", "although", "though", "while",
     "if", "whereas", "since", "because", "even"}
)
_CONNECTIVES = frozenset(
    {"and", "but", "however", "yet", "still", "so", "et", "mais", "cependant", "pourtant",
     "toutefois", "or", "donc", "néanmoins"}
)
_SUBJECT_PRONOUNS = frozenset(
    {"il", "elle", "ils", "elles", "on", "he", "she", "they", "we", "i", "it", "je", "nous"}
)
_CLAUSE_STOPS = frozenset({".", ";", ":", "!", "?", "«", "»", "“", "”", '"'})
_ACCORDING_FR = frozenset({"selon", "d'après", "d’après"})
# Every word that can open an according-to phrase (:meth:`QuoteFinder._according_source`).
_ACCORDING_WORDS = _ACCORDING_FR | {"d'", "d’", "pour", "according"}
_VERB_TAGS = frozenset({"VERB", "AUX"})
_BARE_INFINITIVE_VERBS = frozenset(
    {"dire", "affirmer", "assurer", "raconter", "estimer", "penser", "croire", "reconnaître",
     "nier", "admettre", "déclarer", "confier", "avouer", "prétendre", "espérer", "juger"}
)


@dataclass(slots=True)
class Paragraph:
    start: int
    end: int
    kind: str  # text | caption | blurb | heading


@dataclass(slots=True)
class Found:
    """A quote being built: its span, kind, cue token and speaker."""

    start: int
    end: int
    kind: QuoteKind
    cue: Token | None = None
    subject: Token | None = None  # the cue's subject the rules found (a ranker feature)
    speaker: Speaker | None = None
    confidence: float = 0.5
    floating: bool = False
    cued: bool = False  # the rules attributed it through a cue in its sentence
    continued: bool = False
    notes: list[str] = field(default_factory=list)


@cache
def cue_lemmas(lang: str) -> frozenset[str]:
    """Every lemma a cue verb can have: a speech verb, alone, after "faire" or with its
    reflexive pronoun ("faire savoir", "se féliciter", "s'inquiéter")."""
    verbs = word_set("speech_verbs", lang) | word_set("speech_verbs_incise", lang)
    found = set(verbs)
    for verb in verbs:
        for prefix in ("faire ", "se ", "s'", "s’"):
            if verb.startswith(prefix):
                found.add(verb[len(prefix):])
    return frozenset(found)


_COMMA = frozenset({","})


class QuoteScan:
    """One article's quotation marks, paragraphs, cue verbs and entity index, built once
    (linear time), with the position look-ups and the cue search every later stage uses."""

    def __init__(self, doc: Doc, entities: list[Entity]) -> None:
        self.doc = doc
        self.text = text_of(doc)
        self.lang = doc.lang_
        self.index = EntityIndex(doc, entities)
        self.paragraphs = split_paragraphs(self.text)
        self._paragraph_starts = [p.start for p in self.paragraphs]
        self.resolver = SpeakerResolver(self.index, self._in_heading)
        self.speech_verbs = word_set("speech_verbs", self.lang)
        self.incise_verbs = word_set("speech_verbs_incise", self.lang)
        self._token_starts: list[int] = doc.to_array(IDX).tolist()
        self._commas = token_indices(doc, lower=_COMMA)
        self.quotations = article_quotations(self.text)
        self._quote_starts = [q.open for q in self.quotations]
        self.verb_forms = speech_verb_forms(self.lang)
        self._cue_lemmas = cue_lemmas(self.lang)
        candidates = token_indices(doc, lower=self.verb_forms, pos=_VERB_TAGS)
        self.cues = [token for token in map(doc.__getitem__, candidates) if self._is_cue_verb(token)]
        self._cue_positions = [t.i for t in self.cues]
        self._cue_set = set(self._cue_positions)
        self.said: list[tuple[int, Speaker]] = []

    # -- lexicon --------------------------------------------------------------------------
    def _is_cue_verb(self, token: Token) -> bool:
        if token.pos_ not in ("VERB", "AUX"):
            return self._mistagged_cue(token)
        if token.dep_.startswith("aux"):
            return False
        word = lemma(token)
        if word == "faire" and self._faire_locution(token):
            return True  # "a fait part de", "fait état de": the noun completes the verb
        if word not in self._cue_lemmas and token.lower_ not in self.verb_forms:
            return False  # what follows could only find the same (most verbs end here)
        if token.i > 0 and lemma(token.doc[token.i - 1]) == "faire":
            word = "faire " + word
        elif (("s'" if word[:1] in "aeiouéè" else "se ") + word) in self.speech_verbs and any(
            c.dep_ == "expl:comp" or c.lower_ in REFLEXIVE_CLITICS for c in token.children
        ):
            return True  # a reflexive speech verb with its pronoun
        if word not in self.speech_verbs and word not in self.incise_verbs and (
            token.lower_ not in self.verb_forms  # the lemmatizer missed the form
        ):
            return False
        return not _bare_participle(token)

    def _faire_locution(self, token: Token) -> bool:
        """``faire`` and the bare noun right after it form a speech verb of the lexicon
        (``faire part``, ``faire état``)."""
        following = self.doc[token.i + 1] if token.i + 1 < len(self.doc) else None
        return following is not None and following.pos_ == "NOUN" and \
            "faire " + following.lower_ in self.speech_verbs

    def _mistagged_cue(self, token: Token) -> bool:
        """A speech-verb form tagged as a noun is a verb where only a verb can stand:
        before ``que`` (``X estime que``) or opening an incise after a quotation
        (``», juge Mme X``) or with a clitic subject (``juge-t-elle``)."""
        if token.lower_ not in self.verb_forms or token.i < 2:
            return False
        doc = self.doc
        following = doc[token.i + 1] if token.i + 1 < len(doc) else None
        if following is not None and (following.lower_ in ("que", "qu'", "qu’") or
                                      following.text.startswith("-")):
            return True
        if doc[token.i - 1].lower_ in REFLEXIVE_CLITICS:  # ", s'indigne X": reflexive incise
            return doc[token.i - 2].text == ","
        return doc[token.i - 1].text == "," and doc[token.i - 2].text in ("»", "”", '"')

    def _is_incise_only(self, token: Token) -> bool:
        word = lemma(token)
        return word in self.incise_verbs and word not in self.speech_verbs

    # -- positions ------------------------------------------------------------------------
    def _in_heading(self, position: int) -> bool:
        return self.paragraphs[self.paragraph_at(position)].kind == "heading"

    def _person_at(self, token: Token) -> bool:
        hit = self.index.entity_at(token)
        return hit is not None and hit[0].type == "PER"

    def paragraph_at(self, position: int) -> int:
        return max(0, bisect.bisect_right(self._paragraph_starts, position) - 1)

    def token_at(self, position: int) -> Token:
        index = max(0, bisect.bisect_right(self._token_starts, position) - 1)
        return self.doc[index]

    def tokens_between(self, start: int, end: int) -> Span:
        first = bisect.bisect_left(self._token_starts, start)
        last = bisect.bisect_left(self._token_starts, end)
        return self.doc[first:last]

    def commas_between(self, start: int, end: int) -> list[Token]:
        """The commas among :meth:`tokens_between`, found in the Doc's arrays once per article
        rather than by reading every word of every quotation."""
        first = bisect.bisect_left(self._token_starts, start)
        last = bisect.bisect_left(self._token_starts, end)
        low, high = bisect.bisect_left(self._commas, first), bisect.bisect_left(self._commas, last)
        return [self.doc[index] for index in self._commas[low:high]]

    def quotation_covering(self, position: int) -> Quotation | None:
        index = bisect.bisect_right(self._quote_starts, position) - 1
        if index < 0:
            return None
        quotation = self.quotations[index]
        end = quotation.close if quotation.close >= 0 else quotation.end
        return quotation if quotation.open <= position <= end else None

    def _direct_cue(self, item: Found) -> Token | None:
        """The cue verb of a direct quote: an incise right after it, else the nearest cue
        before it in its sentence, else any cue of its sentence(s)."""
        first = self.token_at(item.start)
        last = self.token_at(max(item.start, item.end - 1))
        low, high = sentence_of(first).start, sentence_of(last).end
        after_close = last.i + 1
        window = self._cues_in(after_close, min(high + 1, after_close + INCISE_WINDOW))
        for verb in window:
            if self.quotation_covering(verb.idx) is None:
                return verb
        for verb in self._cues_in(after_close, after_close + INCISE_WINDOW):
            # ``«…», a indiqué la police.``: the parser split the sentence at the closing mark
            opener = incise_opener(verb)
            if opener is not None and opener <= after_close + 1 and self.doc[opener].text == ",":
                return verb
        after_mark = self._cue_after_exclamation(item, after_close) or \
            self._typographic_incise(after_close)
        if after_mark is not None:
            return after_mark
        before = [v for v in self._cues_in(low, first.i) if self.quotation_covering(v.idx) is None]
        if before and not self._is_incise_only(before[-1]):
            return before[-1]
        rest = [v for v in self._cues_in(after_close, high)
                if self.quotation_covering(v.idx) is None and not self._is_incise_only(v)]
        return rest[0] if rest else self._governing_act(item)

    def _incise_further_on(self, item: Found) -> Token | None:
        """``« Il reste de l'espoir » pour trouver « d'éventuels survivants », a estimé le
        maire``: a quotation with no cue of its own shares the incise that closes its
        sentence after another quotation (the parser may have split the sentence at a
        mark); the search stops at a sentence end outside quotation marks or a line break."""
        doc = self.doc
        index = self.token_at(max(item.start, item.end - 1)).i + 1
        for token in doc[index : min(len(doc), index + _FURTHER_ON)]:
            if "\n" in token.text_with_ws or (token.text in (".", "!", "?", ";")
                                              and self.quotation_covering(token.idx) is None):
                return None
            if self.quotation_covering(token.idx) is not None:
                continue
            if self._cues_in(token.i, token.i + 1) and incise_opener(token) is not None:
                return token
        return None

    def _governing_act(self, item: Found) -> Token | None:
        """``Les deux partis ont « condamné » les « actes de violence »``, ``X a réagi à
        cette « vidéo glaçante »``: a fragment in the predicate of a verb of judging,
        reacting or ordering (``verbal_acts``) whose subject stands before it, outside the
        quotation, is that subject's words."""
        acts = word_set("verbal_acts", self.lang)
        token = self.token_at(item.start)
        for _ in range(_GOVERNOR_STEPS):
            if token.pos_ == "VERB" and lemma(token) in acts:
                passive = any(c.dep_ in ("aux:pass", "auxpass") for c in token.children)
                subject = next((c for c in token.children if c.dep_ == "nsubj" or (
                    c.dep_ == "nsubj:pass" and not passive)), None)  # the tagger's "ont « condamné »"
                if subject is None:  # the parse lost it: « X-Y a également réagi à … »
                    subject = preverbal_subject(token, self._person_at)
                if subject is not None and subject.idx < item.start:
                    return token
                return None
            if token.head.i == token.i:
                return None
            token = token.head
        return None

    def _typographic_incise(self, after_close: int) -> Token | None:
        """``« … », prolonge son homologue, X.`` / ``« … », sourit-elle``: in French a
        finite verb right after the closing mark and its comma, followed by its inverted
        subject (a clitic or a noun phrase), is an incise whatever the verb; the quotation
        is its subject's words."""
        doc = self.doc
        if self.lang != "fr" or after_close + 2 >= len(doc):
            return None
        if doc[after_close].text not in ("»", "”", '"') or doc[after_close + 1].text != ",":
            return None
        verb = doc[after_close + 2]
        if (verb.pos_ == "AUX" or verb.lower_ in REFLEXIVE_CLITICS) and after_close + 3 < len(doc):
            verb = doc[after_close + 3]  # "», a estimé X" / "», s'inquiète X"
        if verb.pos_ != "VERB" or verb.i + 1 >= len(doc) or incise_opener(verb) is None:
            return None
        following = doc[verb.i + 1]
        clitic = following.text.startswith("-") and following.pos_ == "PRON"
        if clitic or following.pos_ in ("DET", "PROPN"):
            return verb
        return None

    def _cue_after_exclamation(self, item: Found, after_close: int) -> Token | None:
        """``"…?" King asked.`` / ``« …! » s'exclame-t-il``: a quotation that ends with
        ``?``, ``!`` or ``…`` ends its sentence for the parser, so the incise that follows
        has no comma; a cue within a few words, with no punctuation before it, is its cue."""
        if not self.text[item.start : item.end].rstrip(" »”\"’'").endswith(("?", "!", "…")):
            return None
        for verb in self._cues_in(after_close, after_close + INCISE_WINDOW // 2 + 1):
            between = self.doc[after_close : verb.i]
            if self.quotation_covering(verb.idx) is None and not any(
                    t.is_punct and t.text not in ("»", "”", '"', "’") for t in between):
                return verb
        return None

    def _cues_in(self, start: int, end: int) -> list[Token]:
        """Active cues between token indices: a passive speech verb (``la police avait
        été appelée``) does not make its subject a speaker."""
        low = bisect.bisect_left(self._cue_positions, start)
        high = bisect.bisect_left(self._cue_positions, end)
        return [cue for cue in self.cues[low:high] if not _is_passive_or_impersonal(cue)]


# How many tokens after a quotation its sentence's closing incise is looked for.
_FURTHER_ON = 40
# How far up the parse a quoted fragment looks for the verb that governs it.
_GOVERNOR_STEPS = 4


def _bare_participle(token: Token) -> bool:
    """A past participle without its auxiliary is a passive or an adjective, not a cue."""
    if token.tag_ == "VBN":
        return not any(c.dep_ == "aux" and c.lower_ in ("have", "has", "had", "'ve") for c in
                       token.children)
    if "Part" in feature(token, "VerbForm") and "Past" in feature(token, "Tense"):
        if not_a_french_participle(token):
            return False  # the tagger's guess: « », déplore X» is a present tense
        if any(c.dep_ in ("aux:tense", "aux") for c in token.children):
            return False
        return token.dep_ not in ("conj",) or _bare_participle(token.head)
    return False



def _is_passive_or_impersonal(verb: Token) -> bool:
    """A passive needs its auxiliary (``a été précisé``); a passive-subject label on a verb
    with an inverted clitic subject (``Deux sont blessées, a-t-il ajouté``) is a misparse."""
    children = list(verb.children)
    if any(c.dep_ in ("aux:pass", "expl:pass", "auxpass") for c in children):
        return True
    if any(c.text.startswith("-") and c.pos_ == "PRON" and c.i > verb.i - 3 for c in children):
        return False
    return any(c.dep_ in ("nsubj:pass", "nsubjpass") for c in children)


def _next_lower(token: Token) -> str:
    return token.doc[token.i + 1].lower_ if token.i + 1 < len(token.doc) else ""


def _skip_spaces(text: str, start: int, end: int) -> int:
    while start < end and text[start].isspace():
        start += 1
    return start


def split_paragraphs(text: str) -> list[Paragraph]:
    """Lines of the text, each classed as text, caption, blurb or heading."""
    paragraphs: list[Paragraph] = []
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        paragraphs.append(Paragraph(start, end, classify_paragraph(line)))
        start = end + 1
    return paragraphs


def classify_paragraph(line: str) -> str:
    stripped = line.strip()
    if not stripped:
        return "empty"
    credit = _CAPTION_CREDIT.search(stripped)
    if credit and ("/" in credit.group(1) or " via " in credit.group(1)):
        return "caption"
    if _BLURB.match(stripped):
        return "blurb"
    if stripped[-1] not in ".!?»”\"…:" and _words_at_most(stripped, 12):
        return "heading"
    return "text"


def _words_at_most(line: str, limit: int) -> bool:
    """At most ``limit`` words (« » and dashes alone are not words)."""
    words = [w for w in line.split() if any(c.isalnum() for c in w)]
    return len(words) <= limit
