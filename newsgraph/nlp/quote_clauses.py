"""Indirect quotes: from a cue verb to the clause it reports (``que``/``that`` clauses,
bare French infinitives, the clause before an incise), trimmed of the writer's framing
(docs/quotes.md, Detection)."""

from __future__ import annotations

import bisect

from spacy.tokens import Token

from newsgraph.nlp.component import sentence_of
from newsgraph.nlp.cue_subjects import incise_opener, incise_subject, present_participle, subject_of
from newsgraph.nlp.models import feature, lemma
from newsgraph.nlp.quote_marks import Quotation
from newsgraph.nlp.quote_scan import (
    _ACCORDING_FR,
    _BARE_INFINITIVE_VERBS,
    _CLAUSE_STOPS,
    _CONNECTIVES,
    _CONTENT_MARKS,
    _FREE_RELATIVES,
    _FRONTED_SUBORDINATORS,
    _INTERROGATIVES,
    _LINKING_WORDS,
    _RELATIVES,
    _SUBJECT_PRONOUNS,
    INCISE_WINDOW,
    MOSTLY_QUOTED,
    Found,
    QuoteScan,
    _is_passive_or_impersonal,
)


class ClauseFinder(QuoteScan):
    """Indirect quotes: a cue verb and the reported clause the parse (or typography)
    gives it."""

    # -- indirect ---------------------------------------------------------------------------
    def _indirect_quotes(self) -> list[Found]:
        found: list[Found] = []
        repaired = {verb.i: span for verb in self.cues
                    if (span := self._cue_hung_under_its_content(verb)) is not None}
        misparsed_heads = {self.doc[i].head.i for i in repaired}
        for verb in self.cues:
            if self.quotation_covering(verb.idx) is not None or self._is_incise_only(verb):
                continue
            if _is_passive_or_impersonal(verb) or verb.i in misparsed_heads:
                continue
            if verb.dep_ in ("acl:relcl", "relcl") and self._extracted_from_content(verb):
                continue
            span = repaired.get(verb.i) or self._content_clause(verb)
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

    def _cue_hung_under_its_content(self, verb: Token) -> tuple[int, int] | None:
        """``X insisted she and her husband — whose campaign featured… — believe hope is…``:
        with a long subject and no ``that``, the parser makes the reported clause's verb
        the root and hangs ``X insisted`` under it as if it were an aside.  A cue with its
        own subject before it, first in its sentence, directly followed by the words it
        hangs over, and made the complement of a later verb that has no subject of its
        own, reports everything after it to the end of the sentence."""
        head = verb.head
        if verb.dep_ != "ccomp" or head.i <= verb.i or head.pos_ not in ("VERB", "AUX"):
            return None
        if any(c.dep_.startswith(("nsubj", "expl", "csubj")) for c in head.children):
            return None
        subject = _own_subject_before(verb)
        if subject is None or subject.left_edge.i != sentence_of(verb).start:
            return None
        following = self.doc[verb.i + 1] if verb.i + 1 < len(self.doc) else None
        if following is None or following.is_punct or following.lower_ in _CONTENT_MARKS:
            return None
        tokens = [t for t in self.doc[verb.i + 1 : sentence_of(verb).end] if not t.is_space]
        while tokens and tokens[-1].is_punct and tokens[-1].text not in ("»", "”", '"', ")"):
            tokens.pop()
        if len(tokens) < 4 or head not in tokens:
            return None
        return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)

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
        sentence = sentence_of(verb)
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
            if any((t.pos_ in ("AUX", "VERB") and "Fin" in feature(t, "VerbForm")) or
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
        linking: list[Token] = []
        while words and (words[-1].is_punct or words[-1].lower_ in _LINKING_WORDS):
            linking.append(words.pop())
        if len(words) < 3 or not any(w.pos_ == "CCONJ" for w in linking):
            return start, end  # "…ordered by Putin "because he…"": a subordinate clause continues it
        return start, words[-1].idx + len(words[-1].text)

    def _is_clause(self, quotation: Quotation) -> bool:
        """The quoted words form a clause of their own: their top word is a finite verb
        (or a predicate with a finite copula) with its own subject."""
        inside = self.tokens_between(quotation.start, quotation.end)
        tops = [t for t in inside if not quotation.start <= t.head.idx < quotation.end
                or t.head.i == t.i]
        for top in tops:
            words = [top, *(c for c in top.children if c.dep_ in ("aux", "aux:tense", "cop"))]
            finite = any("Fin" in feature(w, "VerbForm") for w in words)
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
                token.pos_ in ("VERB", "AUX") and "Fin" in feature(token, "VerbForm")
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
        before = self.doc[first.i - 1] if first.i > 0 else first
        if first.lower_ in _FREE_RELATIVES | _INTERROGATIVES or before.lower_ in _INTERROGATIVES \
                or (first.lower_ == "ce" and first.i + 1 < len(self.doc)):
            return False
        return any(
            c.dep_.startswith(("nsubj", "expl", "csubj")) for c in head.children
        ) or any(c.lower_ in _CONTENT_MARKS for c in head.children)

    def _bare_infinitive(self, verb: Token, child: Token) -> bool:
        if self.lang != "fr" or lemma(verb) not in _BARE_INFINITIVE_VERBS:
            return False
        infinitive = child if "Inf" in feature(child, "VerbForm") else None
        if infinitive is None:
            infinitive = next(
                (c for c in child.children if c.dep_.startswith("aux") and
                 "Inf" in feature(c, "VerbForm")), None,
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
        if tokens and tokens[0].i > verb.i:
            tokens = self._to_sentence_end(tokens, verb)
        while tokens and tokens[-1].is_punct and tokens[-1].text not in ("»", "”", '"', ")"):
            tokens = tokens[:-1]
        if len(tokens) < 2:
            return None
        return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)

    def _to_sentence_end(self, tokens: list[Token], verb: Token) -> list[Token]:
        """``X a indiqué que le pays devait faire une économie d'"un peu plus de 2 milliards"``,
        ``he felt he "had to" do it because "no one else would"``: after its cue, reported
        speech runs to the end of its sentence, wherever the parser hung the words after a
        quotation mark or a comma; it stops at another report, an according-to phrase, a
        coordinated verb of the reporter (``, and explained that…``), a participle (``,
        adding that…``), a semicolon or a line break."""
        doc = verb.doc
        last = tokens[-1]
        end = last.i + 1
        limit = sentence_of(last).end
        while end < limit:
            token = doc[end]
            if token.text in (";", ".", "!", "?") or ("\n" in token.text_with_ws and end > last.i + 1):
                break
            if token.text == "," and end + 1 < limit and _opens_aside(doc[end + 1], verb):
                break
            if token.lower_ in _ACCORDING_OPENERS or _reporters_own(token, verb):
                break
            end += 1
        if end == last.i + 1 or self._cues_in(last.i + 1, end):
            return tokens
        tail = list(doc[last.i + 1 : end])
        if "\n" in "".join(t.text_with_ws for t in tail[:-1]):
            return tokens
        return [*tokens, *tail]

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
        sentence = sentence_of(self.doc[cut])
        if cut - sentence.start < 2 and cut > 0 and self.doc[cut - 1].text in ("»", "”", '"'):
            sentence = sentence_of(self.doc[cut - 1])  # split at the closing mark before the incise
            if sentence.end <= cut:
                sentence = self.doc[sentence.start : sentence_of(verb).end]
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


# Words opening an according-to phrase after a report: its end (``…, according to X``).
_ACCORDING_OPENERS = _ACCORDING_FR | {"according"}
# The reporter's own coordinated verb or participle after its report: not reported words.
_SIBLING_DEPS = frozenset({"conj", "advcl", "parataxis"})


def _opens_aside(word: Token, verb: Token) -> bool:
    """After a comma: a participle (``, adding that…``) or a conjunction followed by a
    verb of the reporter (``, and explained…``) ends the reported words."""
    return (word.pos_ == "VERB" and present_participle(word)) or _reporters_own(word, verb)


def _reporters_own(token: Token, verb: Token) -> bool:
    """The reporter's coordinated verb, participle or aside, or the conjunction opening it."""
    if token.head.i == verb.i and token.dep_ in _SIBLING_DEPS:
        # "said he had to do it because no one else would": a clause the parser hung on the
        # speech verb, opened by a conjunction, is still what was said
        return not (token.dep_ == "advcl" and any(c.dep_ == "mark" for c in token.children))
    head = token.head
    return token.pos_ == "CCONJ" and (head.i == verb.i or (
        head.head.i == verb.i and head.dep_ in _SIBLING_DEPS))


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
    participle closing the sentence is the writer's comment, not the reported words
    (``including``, ``following`` used as prepositions are no such participle)."""
    for position in range(2, len(tokens) - 1):
        word = tokens[position + 1]
        if tokens[position].text != "," or word.doc.lang_ != "en" or word.tag_ != "VBG":
            continue
        if word.dep_ == "prep":
            continue  # ", including the bike lanes": a preposition, not the writer's comment
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


def _own_subject_before(verb: Token) -> Token | None:
    """The nominal subject standing before ``verb`` in its own clause."""
    return next((c for c in verb.children
                 if c.dep_ in ("nsubj", "nsubj:pass") and c.i < verb.i), None)
