"""Quotations and their speakers, French and English (see ``docs/quotes.md``).

* direct quotes: the outermost quoted stretches (:mod:`newsgraph.nlp.quote_marks`), split
  at an inserted clause (``« A, affirme-t-elle. B »``); a short fragment is kept only when
  a cue in its sentence attributes it (scare quotes, titles and labels are not speech);
* indirect quotes: a verb of speech or opinion with its complement clause (``que``/``that``
  clause or a bare French infinitive) found through the dependency parse, or the clause
  before an incise (``…, a-t-il ajouté``); a clause mostly inside quote marks is left to
  the direct quote, one mostly outside is kept as well (the fragment is then both);
* ``according_to``: ``selon X``, ``d'après X``, ``pour X,``, ``according to X``;
* speakers: see :mod:`newsgraph.nlp.speakers`; a quote with no cue in its sentence that
  opens its sentence is *floating*: it goes to the last speaker of the preceding
  paragraphs (captions, video blurbs and headings are skipped).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import ClassVar

from spacy.attrs import IDX
from spacy.tokens import Doc, Span, Token

from newsgraph.model import Article, Entity, Mention, Quote, QuoteKind, Speaker, content_id
from newsgraph.model import Span as TextSpan
from newsgraph.nlp.attribution.model import RankerModel, default_model
from newsgraph.nlp.attribution.ranker import candidate_sets, choose_speakers
from newsgraph.nlp.component import Component, article_of, text_of, token_indices
from newsgraph.nlp.gender import add_evidence, pronoun_evidence
from newsgraph.nlp.models import lemma
from newsgraph.nlp.quote_marks import Quotation, find_quotations
from newsgraph.nlp.speakers import (
    EntityIndex,
    Referent,
    SpeakerResolver,
    incise_opener,
    incise_subject,
    noun_phrase,
    preverbal_subject,
    speech_verb_forms,
    subject_of,
    word_set,
)

MOSTLY_QUOTED = 0.55  # share of an indirect clause inside quote marks that makes it direct
SHORT_FRAGMENT_WORDS = 3  # fragments this short need a cue in their sentence
INCISE_WINDOW = 8  # tokens after a closing mark where an incise verb may stand
FLOATING_PARAGRAPHS = 3
_CAPTION_CREDIT = re.compile(r"\(([^()]{2,120})\)\s*$")
_BLURB = re.compile(r"^\s*(?:À\s+|A\s+)?[A-ZÉÈÀ]{4,}(?:\s+[A-ZÉÈÀ]{2,})*\s*(?:[l|:•-]\s|$)")
_CONTENT_MARKS = frozenset({"que", "qu'", "qu’", "that"})
_FREE_RELATIVES = frozenset({"what", "ce", "whatever"})
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
    continued: bool = False
    notes: list[str] = field(default_factory=list)


class QuoteComponent(Component):
    """Finds direct, indirect and according-to quotes and resolves their speakers."""

    name: ClassVar[str] = "quotes"
    reads: ClassVar[frozenset[str]] = frozenset(
        {"article.entities", "doc.sents", "token.dep", "token.morph"}
    )
    writes: ClassVar[frozenset[str]] = frozenset({"article.quotes", "entity.gender"})

    def __init__(self, *, model: RankerModel | None = None, learned: bool = True) -> None:
        """``learned``: choose speakers with ``model`` (default: the shipped ranker);
        ``learned=False`` keeps the rules' speakers (the baseline the ranker learns from)."""
        self.model = (model or default_model()) if learned else None

    def __call__(self, doc: Doc) -> Doc:
        """Quotes, then the gender evidence of the pronouns they were attributed through."""
        article = article_of(doc)
        if not article.text.strip():
            article.quotes = []
            return doc
        finder = QuoteFinder(doc, entities_for(doc, article))
        article.quotes = finder.run(self.model)
        if article.entities:
            links = finder.resolver.pronoun_links
            add_evidence(doc, article.entities, pronoun_evidence(article.quotes, links))
        return doc


def entities_for(doc: Doc, article: Article) -> list[Entity]:
    """The article's entities, or a small fallback built from spaCy's PER/ORG spans."""
    if article.entities:
        return article.entities
    return fallback_entities(doc)


def fallback_entities(doc: Doc) -> list[Entity]:
    """Group PER mentions by their last word (surname -> longest full name); ORG by text."""
    people: dict[str, Entity] = {}
    orgs: dict[str, Entity] = {}
    for ent in doc.ents:
        text = ent.text.strip()
        if not text:
            continue
        mention = Mention(ent.start_char, ent.end_char, ent.text)
        if ent.label_ == "PER":
            key = text.split()[-1].casefold()
            entity = people.setdefault(key, Entity(id=content_id(key, prefix="p_"), name=text,
                                                   type="PER"))
            if len(text) > len(entity.name):
                entity.name = text
            entity.mentions.append(mention)
        elif ent.label_ == "ORG":
            key = text.casefold()
            org = orgs.setdefault(key, Entity(id=content_id(key, prefix="o_"), name=text,
                                              type="ORG"))
            org.mentions.append(mention)
    return [*people.values(), *orgs.values()]


def extract_quotes(doc: Doc, entities: list[Entity]) -> list[Quote]:
    """All quotes of ``doc``, in text order."""
    if not text_of(doc).strip():
        return []
    return QuoteFinder(doc, entities).run()


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


class QuoteFinder:
    """One article's quote extraction; every index is built once (linear time)."""

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
        self.quotations = find_quotations(self.text)
        self._quote_starts = [q.open for q in self.quotations]
        self.verb_forms = speech_verb_forms(self.lang)
        self._cue_lemmas = cue_lemmas(self.lang)
        candidates = token_indices(doc, lower=self.verb_forms, pos=_VERB_TAGS)
        self.cues = [doc[i] for i in candidates if self._is_cue_verb(doc[i])]
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
        if word not in self._cue_lemmas and token.lower_ not in self.verb_forms:
            return False  # what follows could only find the same (most verbs end here)
        if token.i > 0 and lemma(token.doc[token.i - 1]) == "faire":
            word = "faire " + word
        elif (("s'" if word[:1] in "aeiouéè" else "se ") + word) in self.speech_verbs and any(
            c.dep_ == "expl:comp" or c.lower_ in ("se", "s'", "s’") for c in token.children
        ):
            return True  # a reflexive speech verb with its pronoun
        if word not in self.speech_verbs and word not in self.incise_verbs and (
            token.lower_ not in self.verb_forms  # the lemmatizer missed the form
        ):
            return False
        return not _bare_participle(token)

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

    def quotation_covering(self, position: int) -> Quotation | None:
        index = bisect.bisect_right(self._quote_starts, position) - 1
        if index < 0:
            return None
        quotation = self.quotations[index]
        end = quotation.close if quotation.close >= 0 else quotation.end
        return quotation if quotation.open <= position <= end else None

    # -- the run --------------------------------------------------------------------------
    def run(self, model: RankerModel | None = None) -> list[Quote]:
        """The article's quotes; with ``model``, speakers chosen by the learned ranker
        among the candidates (:mod:`newsgraph.nlp.attribution`), else the rules' own."""
        found = self.find()
        if model is not None:
            choose_speakers(found, candidate_sets(self, found), model)
        return self.output(found)

    def find(self) -> list[Found]:
        """Quotes in text order, each with its cue and the rules' speaker."""
        self._note_subjects()
        found: list[Found] = []
        found.extend(self._direct_quotes())
        found.extend(self._indirect_quotes())
        found.extend(self._according_to())
        found.sort(key=lambda f: (f.start, f.end))
        for item in found:
            self._attribute(item)
        self._attribute_continued(found)
        return found

    def output(self, found: list[Found]) -> list[Quote]:
        """The quotes to publish: unattributed short fragments are labels, not speech."""
        return [self._to_quote(item) for item in keep_direct(self, found) if item.start < item.end]

    def _note_subjects(self) -> None:
        """Person mentions outside quotation marks and captions feed the salience list."""

        def skip(position: int) -> bool:
            kind = self.paragraphs[self.paragraph_at(position)].kind
            return kind == "caption" or self.quotation_covering(position) is not None

        self.index.note_mentions(skip)

    # -- direct -----------------------------------------------------------------------------
    def _direct_quotes(self) -> list[Found]:
        found: list[Found] = []
        for number, quotation in enumerate(self.quotations):
            for start, end, cue in self._split_incise(quotation):
                item = Found(start, end, "direct", cue=cue)
                item.continued = quotation.unclosed and self._next_reopens(number)
                found.append(item)
        return found

    def _next_reopens(self, number: int) -> bool:
        if number + 1 >= len(self.quotations):
            return False
        following = self.quotations[number + 1]
        here = self.paragraph_at(self.quotations[number].open)
        there = self.paragraph_at(following.open)
        return there == here + 1 and self.paragraphs[there].start == following.open

    def _split_incise(self, quotation: Quotation) -> list[tuple[int, int, Token | None]]:
        """``« A, affirme-t-elle. B »`` -> A and B, both cued by the incise verb."""
        tokens = self.tokens_between(quotation.start, quotation.end)
        for token in tokens:
            if token.text != "," or token.i + 3 >= len(self.doc):
                continue
            verb = self.doc[token.i + 1]
            if verb.pos_ == "AUX" and token.i + 2 < len(self.doc):
                verb = self.doc[token.i + 2]
            if verb.i not in self._cue_set or verb.i + 1 >= len(self.doc):
                continue
            after = self._inverted_subject_end(verb, quotation.end)
            if after is None:
                continue
            second = self.doc[after].idx + 1
            parts: list[tuple[int, int, Token | None]] = [(quotation.start, token.idx, verb)]
            if second < quotation.end:
                parts.append((_skip_spaces(self.text, second, quotation.end), quotation.end, verb))
            return parts
        return [(quotation.start, quotation.end, None)]

    def _inverted_subject_end(self, verb: Token, limit: int) -> int | None:
        """Where an incise ends inside a quotation: after the verb's clitic subject
        (``, affirme-t-elle.``) or a named subject (``, a poursuivi Jean Dupont.``), at a
        ``.``, ``,`` or ``;`` before ``limit``; None when the verb opens no incise."""
        doc = self.doc
        after = verb.i + 1
        if doc[after].text.startswith("-") and doc[after].pos_ == "PRON":
            while after < len(doc) and doc[after].text.startswith("-"):
                after += 1
        else:
            named = False
            while after < len(doc) and after - verb.i <= 5 and doc[after].idx < limit and \
                    (doc[after].pos_ in ("PROPN", "DET") or self._person_at(doc[after])):
                named = named or doc[after].pos_ == "PROPN" or self._person_at(doc[after])
                after += 1
            if not named:
                return None
        if after >= len(doc) or doc[after].idx >= limit or doc[after].text not in (".", ",", ";"):
            return None
        return after

    # -- indirect ---------------------------------------------------------------------------
    def _indirect_quotes(self) -> list[Found]:
        found: list[Found] = []
        for verb in self.cues:
            if self.quotation_covering(verb.idx) is not None or self._is_incise_only(verb):
                continue
            if _is_passive_or_impersonal(verb):
                continue
            if verb.dep_ in ("acl:relcl", "relcl") and self._extracted_from_content(verb):
                continue
            span = self._content_clause(verb)
            if span is None:
                continue
            if span[1] <= verb.idx:  # content before its cue: drop a fronted framing clause
                tokens = self.tokens_between(*span)
                span = self._without_fronted_clause(tokens.start, tokens.end)
            start, end = self._without_quoted_sentence(
                *self._before_main_clause(verb, *self._before_later_report(verb, *span)))
            if end - start < 2 or self._quoted_share(start, end) >= MOSTLY_QUOTED:
                continue
            if end <= verb.idx and not self._verb_outside_quotes(start, end):
                continue  # before an incise, the quotations themselves are what was said
            found.append(Found(start, end, "indirect", cue=verb))
        return _outermost_reports(found)

    def _before_later_report(self, verb: Token, start: int, end: int) -> tuple[int, int]:
        """``X ont averti que A, mais B, a déclaré Y``: the parse hangs the incise under
        the last conjunct, inside X's content; the conjunct after ``, mais``/``, but`` is
        Y's words, so X's content ends before it."""
        span = self.tokens_between(start, end)
        for cue in self._cues_in(span.start, span.end):
            if cue.i <= verb.i or self.quotation_covering(cue.idx) is not None:
                continue
            cut = incise_opener(cue)
            if cut is None or self.doc[cut].text != "," or self.doc[cut].idx <= start:
                continue
            if incise_subject(cue, self._person_at) is None:
                continue
            joins = [t for t in self.tokens_between(start, self.doc[cut].idx)
                     if t.lower_ in ("mais", "but") and t.i > 0
                     and self.doc[t.i - 1].text in (",", ";")]
            if joins and cut - joins[-1].i >= 4:
                comma = self.doc[joins[-1].i - 1]
                if comma.idx > start:
                    return start, comma.idx
        return start, end

    def _before_main_clause(self, verb: Token, start: int, end: int) -> tuple[int, int]:
        """``Même si X a déclaré que A, il a qualifié…`` / ``Although X said that A, he
        …``: a cue inside a fronted subordinate clause reports up to the comma where the
        main clause starts again with a subject pronoun and its verb."""
        sentence = verb.sent
        lead = [t for t in self.doc[sentence.start : verb.i] if not t.is_punct][:2]
        if not any(t.lower_ in _FRONTED_SUBORDINATORS for t in lead):
            return start, end
        doc = self.doc
        for token in self.tokens_between(start, end):
            if token.text != "," or token.i + 2 >= len(doc) or token.idx <= start:
                continue
            pronoun = doc[token.i + 1]
            if pronoun.lower_ not in _SUBJECT_PRONOUNS:
                continue
            following = doc[token.i + 2 : min(len(doc), token.i + 5)]
            if any((t.pos_ in ("AUX", "VERB") and "Fin" in t.morph.get("VerbForm", [])) or
                   t.tag_ in ("VBD", "VBZ", "VBP", "MD") for t in following):
                return start, token.idx
        return start, end

    def _verb_outside_quotes(self, start: int, end: int) -> bool:
        return any(t.pos_ in ("VERB", "AUX") and self.quotation_covering(t.idx) is None
                   for t in self.tokens_between(start, end))

    def _extracted_from_content(self, verb: Token) -> bool:
        """``the attacks, which Israeli figures say killed 1,200`` / ``the man who they say
        orchestrated``: the relative pronoun belongs to the content clause, so the
        content has no subject of its own and is a description, not a report."""
        return any(c.dep_ == "ccomp" and not any(g.dep_.startswith("nsubj") and
                   g.lower_ not in _RELATIVES for g in c.children) for c in verb.children) or (
            verb.i + 1 < len(self.doc) and self.doc[verb.i + 1].pos_ in ("VERB", "AUX"))

    def _without_quoted_sentence(self, start: int, end: int) -> tuple[int, int]:
        """A reported clause ends before a quotation that closes it and is a clause of its
        own (subject and finite verb): ``… la toile de fond de la visite car « Kim montre…
        »`` / ``… hospitalisées mais que « leurs vies ne semblaient pas en danger »``.  The
        quotation is a direct quote; the linking words go with neither."""
        quotation = self.quotation_covering(max(start, end - 1))
        if quotation is None or quotation.open <= start or not self._is_clause(quotation):
            return start, end
        tokens = self.tokens_between(start, quotation.open)
        words = list(tokens)
        while words and (words[-1].is_punct or words[-1].lower_ in _LINKING_WORDS):
            words.pop()
        if len(words) < 3:
            return start, end
        return start, words[-1].idx + len(words[-1].text)

    def _is_clause(self, quotation: Quotation) -> bool:
        """The quoted words form a clause of their own: their top word is a finite verb
        (or a predicate with a finite copula) with its own subject."""
        inside = self.tokens_between(quotation.start, quotation.end)
        tops = [t for t in inside if not quotation.start <= t.head.idx < quotation.end
                or t.head.i == t.i]
        for top in tops:
            words = [top, *(c for c in top.children if c.dep_ in ("aux", "aux:tense", "cop"))]
            finite = any("Fin" in w.morph.get("VerbForm", []) for w in words)
            subject = any((c.dep_.startswith(("nsubj", "expl:subj")) or
                           (c.text.startswith("-") and c.pos_ == "PRON"))
                          and quotation.start <= c.idx < quotation.end for c in top.children)
            if finite and subject:
                return True
        return False

    def _content_clause(self, verb: Token) -> tuple[int, int] | None:
        for child in verb.children:
            if child.dep_ == "ccomp" and self._reported_clause(child):
                return self._clause_span(child, verb)
            if child.dep_ == "xcomp" and self._bare_infinitive(verb, child):
                return self._clause_span(child, verb)
        for child in verb.children:
            if child.dep_ in ("obj", "dobj") and lemma(child) in ("fait", "fact"):
                for grandchild in child.children:
                    if grandchild.dep_ in ("acl", "ccomp", "acl:relcl") and self._reported_clause(
                        grandchild
                    ):
                        return self._clause_span(grandchild, verb)
        return self._complementizer_clause(verb) or self._clause_before_incise(verb)

    def _complementizer_clause(self, verb: Token) -> tuple[int, int] | None:
        """When the parse misses the complement: ``que``/``qu'``/``that`` within a few
        words after the verb (``a déclaré à la presse que…``) opens the content, which runs
        to the end of the sentence, to ``;`` or to the next incise."""
        doc = self.doc
        index = verb.i + 1
        while index < min(len(doc), verb.i + 8):
            token = doc[index]
            if token.lower_ in _CONTENT_MARKS and token.pos_ == "SCONJ":
                break
            if token.text in _CLAUSE_STOPS or "\n" in token.text_with_ws or (
                token.pos_ in ("VERB", "AUX") and "Fin" in token.morph.get("VerbForm", [])
            ):
                return None
            index += 1
        else:
            return None
        start = index + 1
        end = start
        while end < len(doc) and doc[end].text not in (".", "!", "?", ";") and "\n" not in \
                doc[end].text:
            if doc[end].text == "," and end + 1 < len(doc) and any(
                incise_opener(t) == end for t in self._cues_in(end + 1, end + 5)
            ):
                break
            end += 1
        tokens = [t for t in doc[start:end] if not t.is_space]
        while tokens and tokens[-1].is_punct and tokens[-1].text not in ("»", "”", '"', ")"):
            tokens.pop()
        if len(tokens) < 3 or not any(t.pos_ in ("VERB", "AUX") for t in tokens):
            return None
        return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)

    def _reported_clause(self, head: Token) -> bool:
        first = head.left_edge
        if first.lower_ in _FREE_RELATIVES or (first.lower_ == "ce" and first.i + 1 < len(self.doc)):
            return False
        return any(
            c.dep_.startswith(("nsubj", "expl", "csubj")) for c in head.children
        ) or any(c.lower_ in _CONTENT_MARKS for c in head.children)

    def _bare_infinitive(self, verb: Token, child: Token) -> bool:
        if self.lang != "fr" or lemma(verb) not in _BARE_INFINITIVE_VERBS:
            return False
        infinitive = child if "Inf" in child.morph.get("VerbForm", []) else None
        if infinitive is None:
            infinitive = next(
                (c for c in child.children if c.dep_.startswith("aux") and
                 "Inf" in c.morph.get("VerbForm", [])), None,
            )
        if infinitive is None:
            return False
        return not any(c.dep_ == "mark" for c in child.children) and child.i > verb.i

    def _clause_span(self, head: Token, verb: Token) -> tuple[int, int] | None:
        tokens = [t for t in head.subtree if t.i != verb.i]
        while tokens and (tokens[0].lower_ in _CONTENT_MARKS or tokens[0].is_punct):
            if tokens[0].text in ("«", "“", '"'):
                break
            tokens = tokens[1:]
        tokens = _without_participial_tail(_through_colon(tokens))
        while tokens and tokens[-1].is_punct and tokens[-1].text not in ("»", "”", '"', ")"):
            tokens = tokens[:-1]
        if len(tokens) < 2:
            return None
        return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)

    def _clause_before_incise(self, verb: Token) -> tuple[int, int] | None:
        """``Deux sont à l'hôpital, a-t-il ajouté`` / ``a deal was possible, X told the AP``:
        the clause before a comma followed by the incise (verb and its subject, which must
        stand inside the incise: in ``Amer, 44, agreed`` nothing is reported).  When the
        incise interrupts its sentence and the main clause follows it (``while A, Moreau
        said, B``), the content is what follows."""
        cut = incise_opener(verb)
        subject: Token | None
        if cut is not None:
            subject = incise_subject(verb, self._person_at) or subject_of(verb)
        else:
            subject = subject_of(verb)
            if subject is None or subject.i > verb.i:
                return None
            cut = subject.left_edge.i - 1
            if any(c.dep_ in ("neg", "ccomp", "xcomp") or (c.dep_ in ("dobj", "obj") and c.pos_
                   not in ("PROPN", "PRON")) for c in verb.children):
                return None  # an incise has no content of its own and is never negated
            if any(t.i > subject.i and t.dep_ not in ("aux", "neg", "advmod", "punct")
                   for t in self.doc[subject.right_edge.i + 1 : verb.i]):
                return None
        if subject is None or subject.i < cut or cut < 0:
            return None
        if self.doc[cut].text != ",":
            # ``…"for now," Moreau said``: English puts the comma inside the marks
            if not (self.doc[cut].text in ('"', "”") and cut > 0 and self.doc[cut - 1].text == ","):
                return None
            cut -= 1
        sentence = self.doc[cut].sent
        if cut - sentence.start < 2 and cut > 0 and self.doc[cut - 1].text in ("»", "”", '"'):
            sentence = self.doc[cut - 1].sent  # split at the closing mark before the incise
            if sentence.end <= cut:
                sentence = self.doc[sentence.start : verb.sent.end]
        if verb.dep_ == "parataxis" and verb.head.i > verb.i:
            after = self._after_incise(verb, sentence.end)
            if after is not None:
                return after
        if cut - sentence.start < 3:
            return None
        span = self.doc[sentence.start : cut]
        if any(t.i in self._cue_set and t.dep_ == "ROOT" for t in span):
            # "X ont averti que …, mais B, a déclaré Y": only the last conjunct is Y's
            joins = [t.i for t in span if t.lower_ in ("mais", "but") and t.i > 0
                     and self.doc[t.i - 1].text in (",", ";")]
            if not joins or cut - joins[-1] < 4:
                return None
            span = self.doc[joins[-1] + 1 : cut]
        return self._without_fronted_clause(span.start, cut)

    def _without_fronted_clause(self, start: int, cut: int) -> tuple[int, int]:
        """``However, while A, B, X told the AP`` / ``Mais si A, B, a-t-il dit``: a
        connective and a fronted subordinate clause are the writer's framing; the report
        is the main clause after the subordinate clause's comma (outside quote marks)."""
        doc = self.doc
        index = start
        while index < cut and (doc[index].is_punct or doc[index].lower_ in _CONNECTIVES):
            index += 1
        if index >= cut or doc[index].lower_ not in _FRONTED_SUBORDINATORS:
            return doc[start].idx, doc[cut - 1].idx + len(doc[cut - 1].text)
        for comma in range(index + 1, cut - 3):
            closes = doc[comma + 1].text in ('"', "”")  # American comma inside the marks
            if doc[comma].text == "," and (closes or
                                          self.quotation_covering(doc[comma].idx) is None):
                first = doc[comma + 1]
                if first.text in ('"', "”") and comma + 2 < cut:
                    first = doc[comma + 2]
                return first.idx, doc[cut - 1].idx + len(doc[cut - 1].text)
        return doc[start].idx, doc[cut - 1].idx + len(doc[cut - 1].text)

    def _after_incise(self, verb: Token, end: int) -> tuple[int, int] | None:
        index = verb.i + 1
        while index < min(end, verb.i + INCISE_WINDOW) and self.doc[index].text != ",":
            index += 1  # past the incise's subject and complements
        if index >= end or self.doc[index].text != ",":
            return None
        tokens = [t for t in self.doc[index + 1 : end] if not t.is_space]
        while tokens and tokens[-1].is_punct and tokens[-1].text not in ("»", "”", '"'):
            tokens.pop()
        if len(tokens) < 3:
            return None
        return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)

    def _quoted_share(self, start: int, end: int) -> float:
        quoted = 0
        index = max(0, bisect.bisect_right(self._quote_starts, start) - 1)
        for quotation in self.quotations[index:]:
            if quotation.open >= end:
                break
            quoted += max(0, min(end, quotation.end) - max(start, quotation.start))
        return quoted / max(1, end - start)

    # -- according to ------------------------------------------------------------------------
    def _according_to(self) -> list[Found]:
        found: list[Found] = []
        for index in token_indices(self.doc, lower=_ACCORDING_WORDS):  # no source without them
            token = self.doc[index]
            source = self._according_source(token)
            if source is None:
                continue
            if self.quotation_covering(token.idx) is not None:
                continue
            span = self._according_span(token, source)
            if span is not None:
                found.append(Found(span[0], span[1], "according_to", cue=token))
        return found

    def _according_source(self, token: Token) -> Token | None:
        lower = token.lower_
        if self.lang == "fr":
            if lower in _ACCORDING_FR or (lower in ("d'", "d’") and _next_lower(token) == "après"):
                return _prepositional_object(token)
            if lower == "pour" and token.dep_ == "case" and self._opinion_pour(token):
                return token.head
            return None
        if lower == "according" and _next_lower(token) == "to":
            to = self.doc[token.i + 1]
            objects = [c for c in to.children if c.dep_ == "pobj"]
            return objects[0] if objects else None
        return None

    def _opinion_pour(self, token: Token) -> bool:
        """``Pour la syndicaliste, …``: sentence-initial ``pour`` + person + comma."""
        noun = token.head
        if token.i != token.sent.start or noun.right_edge.i + 1 >= len(self.doc):
            return False
        if self.doc[noun.right_edge.i + 1].text != ",":
            return False
        hit = self.index.entity_at(noun)
        return (hit is not None and hit[0].type == "PER") or noun.lower_ in word_set(
            "cue_roles", self.lang
        )

    def _according_span(self, token: Token, source: Token) -> tuple[int, int] | None:
        sentence = token.sent
        phrase_start = token.i
        phrase_end = max(source.right_edge.i, token.i + 1) + 1
        before = self.doc[sentence.start : phrase_start]
        after = self.doc[phrase_end : sentence.end]
        body = after if len(after) > len(before) else before
        tokens = [t for t in body if not (t.is_punct and t.text not in ("»", "”"))]
        if len(tokens) < 2:
            return None
        return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)

    # -- attribution -------------------------------------------------------------------------
    def _attribute(self, item: Found) -> None:
        if item.kind == "according_to":
            assert item.cue is not None
            source = self._according_source(item.cue)
            item.speaker = self.resolver.resolve(source) if source is not None else None
            item.confidence = 0.6
            return
        if item.kind == "indirect":
            self._attribute_to_cue(item, item.cue)
            item.confidence = 0.8 if item.speaker else 0.5
            return
        self._attribute_direct(item)

    def _attribute_to_cue(self, item: Found, cue: Token | None) -> bool:
        if cue is None:
            return False
        subject = (incise_subject(cue, self._person_at) or subject_of(cue)
                   or self._subject_across_split(cue) or preverbal_subject(cue, self._person_at))
        if subject is None:
            return False
        item.cue = cue
        item.subject = subject
        item.speaker = self.resolver.resolve(subject)
        if item.speaker is None and subject.lower_ in _RELATIVES and subject.i < cue.i:
            # ``Lemaire, qui a co-écrit un livre…, a déclaré``: the parser hung the speech
            # verb under the relative clause, whose pronoun has no antecedent in its tree
            named = preverbal_subject(cue, self._person_at)
            if named is not None:
                item.speaker = self.resolver.resolve(named)
        if item.speaker is not None:
            self.said.append((max(item.start, cue.idx), item.speaker))
        return True

    def _attribute_direct(self, item: Found) -> None:
        cue = item.cue or self._direct_cue(item)
        if self._attribute_to_cue(item, cue):
            item.confidence = 0.9 if item.speaker else 0.6
            return
        according = self._according_in_sentence(item)
        if according is not None:
            item.cue = according[0]
            item.subject = according[1]
            item.speaker = self.resolver.resolve(according[1])
            item.confidence = 0.7
            return
        introducer = self._colon_introducer(item)
        if introducer is not None:
            item.speaker = introducer
            item.confidence = 0.7
            self.said.append((item.start, introducer))
            return
        if self._opens_sentence(item):
            item.floating = True
            item.speaker = self._floating_speaker(item)
            item.confidence = 0.6 if item.speaker else 0.3
            if item.speaker is not None:
                self.said.append((item.start, item.speaker))
            return
        item.notes.append("no cue")
        item.confidence = 0.3

    def _colon_introducer(self, item: Found) -> Speaker | None:
        """``X, le chancelier, a montré du doigt la situation, dans un entretien : « … »``:
        a quotation introduced by a colon is the words of the person its sentence is
        about (the subject of the main clause), when that subject is a person."""
        before = self.text[max(0, item.start - 4) : item.start].rstrip(" \u00a0\u202f«“\"")
        if not before.endswith(":"):
            return None
        root = self.token_at(item.start).sent.root
        if self.quotation_covering(root.idx) is not None:
            colon = self.token_at(item.start - 1)
            while colon.i > 0 and colon.text != ":":
                colon = self.doc[colon.i - 1]
            root = colon.head
        subject = subject_of(root) or preverbal_subject(root, self._person_at)
        if subject is None or subject.i > root.i:
            return None
        speaker = self.resolver.resolve(subject)
        if speaker is None or speaker.how not in ("name", "surname", "pronoun", "role"):
            return None
        return speaker

    def _subject_across_split(self, verb: Token) -> Token | None:
        """``Petrov, dont …, a déclaré``: the parser split the sentence before the verb."""
        sentence = verb.sent
        if sentence.start == 0 or any(t.dep_.startswith("nsubj") for t in sentence):
            return None
        previous = self.doc[sentence.start - 1].sent
        if previous.text.rstrip().endswith((".", "!", "?", "»", "”")):
            return None
        first = previous[0]
        return first if self.index.entity_at(first) is not None else None

    def _direct_cue(self, item: Found) -> Token | None:
        """The cue verb of a direct quote: an incise right after it, else the nearest cue
        before it in its sentence, else any cue of its sentence(s)."""
        first = self.token_at(item.start)
        last = self.token_at(max(item.start, item.end - 1))
        low, high = first.sent.start, last.sent.end
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
        after_mark = self._cue_after_exclamation(item, after_close)
        if after_mark is not None:
            return after_mark
        before = [v for v in self._cues_in(low, first.i) if self.quotation_covering(v.idx) is None]
        if before and not self._is_incise_only(before[-1]):
            return before[-1]
        rest = [v for v in self._cues_in(after_close, high)
                if self.quotation_covering(v.idx) is None and not self._is_incise_only(v)]
        return rest[0] if rest else None

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

    def _according_in_sentence(self, item: Found) -> tuple[Token, Token] | None:
        sentence = self.token_at(item.start).sent
        for token in sentence:
            if item.start <= token.idx < item.end:
                continue
            source = self._according_source(token)
            if source is not None:
                return token, source
            possessive = self._possessive_view(token)
            if possessive is not None:
                return token, possessive
        return None

    def _possessive_view(self, token: Token) -> Token | None:
        """``à ses yeux`` / ``à son avis`` / ``in her view``: the owner is the speaker."""
        if token.lower_ not in ("ses", "son", "sa", "his", "her", "their", "leurs", "leur"):
            return None
        following = _next_lower(token)
        if following not in ("yeux", "avis", "view", "opinion", "sens"):
            return None
        return token

    def _opens_sentence(self, item: Found) -> bool:
        first = self.token_at(item.start)
        sentence = first.sent
        lead = self.text[sentence.start_char : item.start]
        return not lead.strip(" \t\n«“\"„—–-")

    def _floating_speaker(self, item: Found) -> Speaker | None:
        here = self.paragraph_at(item.start)
        allowed = self._context_paragraphs(here)
        for position, speaker in reversed(self.said):
            if position >= item.start:
                continue
            if self.paragraph_at(position) not in allowed:
                break
            return Speaker(name=speaker.name, entity_id=speaker.entity_id, start=speaker.start,
                           end=speaker.end, descriptor=speaker.descriptor, how="floating")
        return None

    def _context_paragraphs(self, here: int) -> set[int]:
        allowed = {here}
        index = here - 1
        counted = 0
        while index >= 0 and counted < FLOATING_PARAGRAPHS:
            kind = self.paragraphs[index].kind
            if kind == "text":
                allowed.add(index)
                counted += 1
            elif kind in ("caption", "blurb") or not self.text[
                self.paragraphs[index].start : self.paragraphs[index].end
            ].strip():
                pass
            else:
                allowed.add(index)
            index -= 1
        return allowed

    def _attribute_continued(self, found: list[Found]) -> None:
        """A paragraph that continues into the next quotation takes that one's speaker."""
        for position in range(len(found) - 2, -1, -1):
            item = found[position]
            if not item.continued or item.speaker is not None:
                continue
            following = next((f for f in found[position + 1 :] if f.kind == "direct"), None)
            if following is not None and following.speaker is not None:
                item.speaker = following.speaker
                item.cue = following.cue
                item.confidence = 0.6

    # -- output ------------------------------------------------------------------------------
    def _to_quote(self, item: Found) -> Quote:
        text = self.text[item.start : item.end]
        cue = None
        if item.cue is not None:
            cue = TextSpan(item.cue.idx, item.cue.idx + len(item.cue.text), item.cue.text)
        return Quote(
            id=content_id(str(item.start), str(item.end), item.kind, text, prefix="q_"),
            start=item.start,
            end=item.end,
            text=text,
            kind=item.kind,
            cue=cue,
            speaker=item.speaker,
            confidence=item.confidence,
        )


def _through_colon(tokens: list[Token]) -> list[Token]:
    """``he's noticed a dichotomy: the market has cooled, but…``: what follows a colon
    elaborates the reported clause and belongs to it (unless it opens a quotation)."""
    if not tokens:
        return tokens
    last = tokens[-1]
    doc = last.doc
    if last.i + 2 >= len(doc) or doc[last.i + 1].text != ":":
        return tokens
    if doc[last.i + 2].text in ("«", "“", '"') or doc[last.i + 2].is_sent_start:
        return tokens
    end = last.i + 2
    while end < len(doc) and not doc[end].is_sent_start and "\n" not in doc[end].text:
        end += 1
    return [*tokens, *doc[last.i + 1 : end]]


def _without_participial_tail(tokens: list[Token]) -> list[Token]:
    """``it takes several days…, raising questions on…``: a comma and a present
    participle closing the sentence is the writer's comment, not the reported words."""
    for position in range(2, len(tokens) - 1):
        word = tokens[position + 1]
        if tokens[position].text != "," or word.doc.lang_ != "en" or word.tag_ != "VBG":
            continue
        return tokens[:position]
    return tokens


def _outermost_reports(found: list[Found]) -> list[Found]:
    """A report nested in another one (``a ajouté qu'il espérait que…``) is part of it."""
    ordered = sorted(found, key=lambda f: (f.start, -f.end))
    kept: list[Found] = []
    reach = -1
    for item in ordered:
        if item.end <= reach:
            continue
        kept.append(item)
        reach = max(reach, item.end)
    return kept


def is_short_fragment(doc: Doc, start: int, end: int) -> bool:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return True
    words = [t for t in span if not t.is_punct]
    has_verb = any(t.pos_ in ("VERB", "AUX") and "Fin" in t.morph.get("VerbForm", []) for t in words)
    return len(words) <= SHORT_FRAGMENT_WORDS and not has_verb


def _bare_participle(token: Token) -> bool:
    """A past participle without its auxiliary is a passive or an adjective, not a cue."""
    if token.tag_ == "VBN":
        return not any(c.dep_ == "aux" and c.lower_ in ("have", "has", "had", "'ve") for c in
                       token.children)
    if "Part" in token.morph.get("VerbForm", []) and "Past" in token.morph.get("Tense", []):
        if _not_a_french_participle(token):
            return False  # the tagger's guess: « », déplore X» is a present tense
        if any(c.dep_ in ("aux:tense", "aux") for c in token.children):
            return False
        return token.dep_ not in ("conj",) or _bare_participle(token.head)
    return False


def _not_a_french_participle(token: Token) -> bool:
    """A French ``-er`` verb's past participle ends in é/ée/és/ées; ``déplore``,
    ``souligne`` are present-tense forms whatever the tagger says."""
    if token.doc.lang_ != "fr":
        return False
    word = lemma(token)
    return word.endswith("er") and not token.lower_.endswith(("é", "ée", "és", "ées"))


def _is_passive_or_impersonal(verb: Token) -> bool:
    """A passive needs its auxiliary (``a été précisé``); a passive-subject label on a verb
    with an inverted clitic subject (``Deux sont blessées, a-t-il ajouté``) is a misparse."""
    children = list(verb.children)
    if any(c.dep_ in ("aux:pass", "expl:pass", "auxpass") for c in children):
        return True
    if any(c.text.startswith("-") and c.pos_ == "PRON" and c.i > verb.i - 3 for c in children):
        return False
    return any(c.dep_ in ("nsubj:pass", "nsubjpass") for c in children)


def _prepositional_object(token: Token) -> Token | None:
    head = token.head
    if head.i != token.i and head.i > token.i:
        return head
    for child in token.children:
        if child.dep_ in ("pobj", "obj"):
            return child
    return None


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


def keep_direct(finder: QuoteFinder, items: Iterable[Found]) -> list[Found]:
    """Short fragments without an attribution in their sentence are labels, not speech."""
    kept: list[Found] = []
    for item in items:
        if item.kind != "direct":
            kept.append(item)
            continue
        unattributed = item.speaker is None or item.floating
        if unattributed and is_short_fragment(finder.doc, item.start, item.end):
            continue
        kept.append(item)
    return kept


__all__ = ["QuoteComponent", "Referent", "extract_quotes", "noun_phrase"]
