"""Quotations and their speakers, French and English (see ``docs/quotes.md``).

* direct quotes: the outermost quoted stretches (:mod:`newsgraph.nlp.quote_marks`), split
  at an inserted clause (``« A, affirme-t-elle. B »``); a short fragment is kept only when
  a cue in its sentence attributes it (scare quotes, titles and labels are not speech);
* indirect quotes: a verb of speech or opinion with its complement clause (``que``/``that``
  clause or a bare French infinitive) found through the dependency parse, or the clause
  before an incise (``…, a-t-il ajouté``); a clause mostly inside quote marks is left to
  the direct quote, one mostly outside is kept as well (the fragment is then both);
* ``according_to``: ``selon X``, ``d'après X``, ``pour X,``, ``according to X``;
* speakers: the rules' first choice (:mod:`newsgraph.nlp.quote_rules`,
  :mod:`newsgraph.nlp.speakers`), then the learned ranker's (:mod:`newsgraph.nlp.attribution`).

The layers, each a class over the previous one and a file of its own:
:class:`~newsgraph.nlp.quote_scan.QuoteScan` (marks, paragraphs, cues, positions) →
:class:`~newsgraph.nlp.quote_clauses.ClauseFinder` (indirect clauses) →
:class:`~newsgraph.nlp.quote_rules.RuleAttribution` (according-to, the rules' speakers) →
:class:`QuoteFinder` (direct quotes, the run, the output).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import ClassVar

from spacy.tokens import Doc, Token

from newsgraph.model import Article, Entity, Mention, Quote, content_id
from newsgraph.model import Span as TextSpan
from newsgraph.nlp.attribution.model import RankerModel, default_model
from newsgraph.nlp.attribution.ranker import choose_speakers, iter_candidate_sets
from newsgraph.nlp.component import Component, article_of, sentence_of, text_of
from newsgraph.nlp.cue_subjects import REFLEXIVE_CLITICS
from newsgraph.nlp.entity_index import Referent, noun_phrase, word_set
from newsgraph.nlp.gender import add_evidence, pronoun_evidence
from newsgraph.nlp.models import feature, lemma
from newsgraph.nlp.quote_marks import Quotation
from newsgraph.nlp.quote_rules import RuleAttribution
from newsgraph.nlp.quote_scan import (
    SHORT_FRAGMENT_WORDS,
    Found,
    _skip_spaces,
)


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


class QuoteFinder(RuleAttribution):
    """One article's quote extraction: direct quotes, indirect quotes, according-to
    phrases, the rules' speakers, then (with a model) the learned ranker's choice."""

    # -- the run --------------------------------------------------------------------------
    def run(self, model: RankerModel | None = None) -> list[Quote]:
        """The article's quotes; with ``model``, speakers chosen by the learned ranker
        among the candidates (:mod:`newsgraph.nlp.attribution`), else the rules' own."""
        found = self.find()
        if model is not None:
            choose_speakers(found, iter_candidate_sets(self, found), model)
        return self.output(found)

    def find(self) -> list[Found]:
        """Quotes in text order, each with its cue and the rules' speaker."""
        self._note_subjects()
        found: list[Found] = []
        found.extend(self._direct_quotes())
        found.extend(self._indirect_quotes())
        found.extend(self._according_to())
        for item in found:
            self._within_paragraph(item)
            self._after_dateline(item)
        found.sort(key=lambda f: (f.start, f.end))
        for item in found:
            self._attribute(item)
        self._attribute_continued(found)
        self._fragments_of_reports(found)
        for item in found:
            item.cued = not item.floating and (item.speaker is not None or self._anonymous(item))
        self._repeated_quotations(found)
        for item in found:
            if item.kind == "direct" and not item.cued:
                self._learnt_from_sources(item)
        return found

    def _learnt_from_sources(self, item: Found) -> None:
        """``… une « nette amélioration », apprenait-on jeudi``, ``a-t-on appris de
        source policière``: words the press "learnt" come from a source it does not name;
        a quotation in such a sentence is that source's, with a null speaker."""
        span = self.doc.char_span(item.start, item.end, alignment_mode="expand")
        if span is None:
            return
        sentence = span.sent
        words = list(sentence)
        if sentence.end < len(self.doc) and self.doc[sentence.end].text == ",":
            words += list(sentence_of(self.doc[sentence.end]))  # the parser split at `», a-t-on appris`
        for verb in words:
            if lemma(verb) != "apprendre" or span.start <= verb.i < span.end:
                continue
            subject = next((c for c in verb.children if c.dep_.startswith("nsubj")
                            and c.lower_.lstrip("-") == "on"), None)
            if subject is not None:
                item.cue, item.subject, item.speaker = verb, subject, None
                item.floating, item.cued = False, True
                return

    def _repeated_quotations(self, found: list[Found]) -> None:
        """A subheading or standfirst repeats a quotation the body attributes (« tendue »
        in a heading, then ``… « tendue », a déclaré X``): the same words, the same
        speaker, whichever comes first."""
        direct = [item for item in found if item.kind == "direct"]
        attributed: dict[str, Found] = {}
        for item in direct:
            if item.cued and item.speaker is not None:
                attributed.setdefault(self._words_of(item), item)
        for item in direct:
            twin = attributed.get(self._words_of(item)) if not item.cued else None
            if twin is not None and twin is not item:
                item.cue, item.subject, item.speaker = twin.cue, twin.subject, twin.speaker
                item.floating, item.cued = False, True

    def _words_of(self, item: Found) -> str:
        return " ".join(self.text[item.start:item.end].casefold().split()).strip(".,;:!?…")

    def _anonymous(self, item: Found) -> bool:
        """``, selon un proche du ministre``, ``une habitante a raconté … « … »``: the rules
        found the cue and its subject, a noun phrase that names no one — an anonymous source
        is an attribution too (its speaker is null).  Not for a short fragment: with no one
        named to own it, ``"criminals"`` in an anonymous source's report is a label."""
        subject = item.subject
        return (item.cue is not None and subject is not None and subject.pos_ == "NOUN"
                and not is_short_fragment(self.doc, item.start, item.end))

    def _fragments_of_reports(self, found: list[Found]) -> None:
        """``X a indiqué qu'une enquête avait été ouverte pour soupçons de « … »``: a
        quotation inside the clause X reports is X's words, even when a verb of that clause
        (``appelé à``, ``confirmant``) or its subject stands nearer; a quotation with its own
        incise after it keeps it."""
        reports = [(item, item.cue) for item in found if item.kind == "indirect"
                   and item.speaker is not None and item.cue is not None]
        for item in found:
            if item.kind != "direct" or (item.cue is not None and item.cue.idx >= item.end):
                continue
            report = next((r for r, cue in reports if r.start <= item.start and item.end <= r.end
                           and not r.start <= cue.idx < r.end
                           and (item.cue is None or item.cue.i == cue.i
                                or r.start <= item.cue.idx < r.end)), None)
            if report is not None and report.speaker != item.speaker:
                item.cue, item.subject, item.speaker = report.cue, report.subject, report.speaker
                item.floating = False

    def _within_paragraph(self, item: Found) -> None:
        """A quote never crosses a paragraph break (a parse's subtree may run past one):
        it ends where its first paragraph ends, trailing spaces trimmed."""
        newline = self.text.find("\n", item.start, item.end)
        if newline < 0:
            return
        end = newline
        while end > item.start and self.text[end - 1].isspace():
            end -= 1
        item.end = end

    def _after_dateline(self, item: Found) -> None:
        """``OTTAWA — The government will…, the minister said``: a dateline opening the
        paragraph (a place in capitals, maybe its province or agency, then a dash) is no part
        of what was said."""
        paragraph = self.paragraphs[self.paragraph_at(item.start)]
        if item.start != paragraph.start:
            return
        match = _DATELINE.match(self.text, item.start, item.end)
        if match is not None and match.end() < item.end:
            item.start = match.end()

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
        for token in self.commas_between(quotation.start, quotation.end):
            if token.i + 3 >= len(self.doc):
                continue
            verb = self.doc[token.i + 1]
            if (verb.pos_ == "AUX" or verb.lower_ in REFLEXIVE_CLITICS) and \
                    token.i + 2 < len(self.doc):
                verb = self.doc[token.i + 2]  # ", a affirmé X" / ", s'indigne X"
            clitic = None
            while verb.text.startswith("-") and verb.pos_ == "PRON" and verb.i + 1 < len(self.doc):
                clitic = verb  # ", a-t-il ajouté.": the subject stands before the participle
                verb = self.doc[verb.i + 1]
            if verb.i not in self._cue_set or verb.i + 1 >= len(self.doc):
                continue
            after = self._inverted_subject_end(verb, quotation.end) if clitic is None else \
                self._incise_end_after(verb, quotation.end)
            if after is None:
                continue
            second = self.doc[after].idx + 1
            parts: list[tuple[int, int, Token | None]] = [(quotation.start, token.idx, verb)]
            if second < quotation.end:
                parts.append((_skip_spaces(self.text, second, quotation.end), quotation.end, verb))
            return parts
        return [(quotation.start, quotation.end, None)]

    def _incise_end_after(self, verb: Token, limit: int) -> int | None:
        """The incise ends right after its verb (``, a-t-il ajouté.``) at ``.``, ``,``, ``;``."""
        after = verb.i + 1
        if self.doc[after].idx >= limit or self.doc[after].text not in (".", ",", ";"):
            return None
        return after

    def _inverted_subject_end(self, verb: Token, limit: int) -> int | None:
        """Where an incise ends inside a quotation: after the verb's clitic subject
        (``, affirme-t-elle.``) or a named subject (``, a poursuivi Jean Dupont.``), at a
        ``.``, ``,`` or ``;`` before ``limit``; None when the verb opens no incise."""
        doc = self.doc
        after = verb.i + 1
        named = False  # a clitic subject (``-t-elle``) names nobody: no description follows it
        if doc[after].text.startswith("-") and doc[after].pos_ == "PRON":
            while after < len(doc) and doc[after].text.startswith("-"):
                after += 1
        else:
            while after < len(doc) and after - verb.i <= 5 and doc[after].idx < limit and \
                    (doc[after].pos_ in ("PROPN", "DET") or self._person_at(doc[after])):
                named = named or doc[after].pos_ == "PROPN" or self._person_at(doc[after])
                after += 1
            if not named:
                return None
        if after >= len(doc) or doc[after].idx >= limit or doc[after].text not in (".", ",", ";"):
            return None
        if doc[after].text == "," and named:
            return self._past_apposition(after, limit)
        return after

    def _past_apposition(self, comma: int, limit: int) -> int:
        """``, affirme Léa Marchal, présidente de l'association. Nous…``: a description
        after the incise's named subject belongs to the incise, up to the sentence's end;
        without one (``, affirme X, et nous…``) the quotation goes on after the comma."""
        doc = self.doc
        first = doc[comma + 1] if comma + 1 < len(doc) else None
        if first is None or first.pos_ not in ("NOUN", "ADJ", "DET") or not first.text[:1].islower():
            return comma
        index = comma + 1
        while index < len(doc) and doc[index].idx < limit and index - comma <= 25:
            if doc[index].text == ".":
                return index
            if doc[index].text in ("«", "»", "“", "”", '"'):
                break
            index += 1
        return comma

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


# "OTTAWA —", "BRAMPTON, Ont. —", "NORTH BAY, Ont. (CP) —", "PARIS (AFP) -": a dateline.
_DATELINE = re.compile(
    r"[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’. -]{1,40}(?:, [A-Z][\w.]{1,12})?(?: \([A-Z][\w ]{0,10}\))?"
    r" [—–-]+ ")


def has_finite_verb(doc: Doc, start: int, end: int) -> bool:
    span = doc.char_span(start, end, alignment_mode="expand")
    return span is not None and any(
        t.pos_ in ("VERB", "AUX") and "Fin" in feature(t, "VerbForm") for t in span)


def is_short_fragment(doc: Doc, start: int, end: int) -> bool:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return True
    words = [t for t in span if not t.is_punct]
    has_verb = any(t.pos_ in ("VERB", "AUX") and "Fin" in feature(t, "VerbForm") for t in words)
    return len(words) <= SHORT_FRAGMENT_WORDS and not has_verb


# An uncued quotation with no finite verb is kept only with a speaker at least this probable
# (session 11: 0.5, "more likely than not", not the best of 0.4-0.7 on the CV; grouped CV
# e2e 0.8557 -> 0.8587, direct recall 0.952 -> 0.946: quoted wording such as a law's, given a
# speaker by the ranker, was kept).
SURE_SPEAKER = 0.5


def keep_direct(finder: QuoteFinder, items: Iterable[Found]) -> list[Found]:
    """Short fragments the rules could not attribute in their sentence are labels, not
    speech (whoever the ranker would give them to: a label has no speaker); a longer
    quotation with no cue and no finite verb is speech only when the speaker chosen for it
    is more likely than not."""
    kept: list[Found] = []
    for item in items:
        if item.kind != "direct":
            kept.append(item)
            continue
        if not item.cued and (is_short_fragment(finder.doc, item.start, item.end) or (
                _unsure(item) and not has_finite_verb(finder.doc, item.start, item.end))):
            continue
        if is_quoted_name(finder.doc, item.start, item.end) or is_quoted_title(finder.doc, item.start):
            continue
        kept.append(item)
    return kept


def _unsure(item: Found) -> bool:
    """No speaker, or one the ranker gives less than even odds (its probability share)."""
    return item.speaker is None or item.confidence < SURE_SPEAKER


def is_quoted_title(doc: Doc, start: int) -> bool:
    """``a paper titled: "…"``, ``with the headline "…"``, ``the word "hope"``, ``un
    rapport intitulé « … »``: a quotation right after a title word (``title_words``) is a
    title or a word being mentioned, not speech."""
    span = doc.char_span(start, start + 1, alignment_mode="expand")
    if span is None:
        return False
    index = span.start - 1
    while index >= 0 and (doc[index].is_punct or doc[index].is_space):
        index -= 1
    if index < 0:
        return False
    word = doc[index]
    return bool({word.lower_, lemma(word)} & word_set("title_words", doc.lang_))


def is_quoted_name(doc: Doc, start: int, end: int) -> bool:
    """``le missile « Orechnik »``, ``the "Blue House" compound``, ``"CBS This Morning"``:
    a short quotation whose every word is capitalised and that holds no verb names a thing
    (a title, a nickname), whoever the sentence's speaker is."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    words = [t for t in span if not t.is_punct]
    if not words or len(words) > SHORT_FRAGMENT_WORDS + 1 or span[0].i == span.sent.start:
        return False
    return all(t.text[:1].isupper() and t.pos_ not in ("VERB", "AUX", "PRON") for t in words)


__all__ = ["QuoteComponent", "Referent", "extract_quotes", "noun_phrase"]
