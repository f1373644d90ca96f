"""The rules' speakers (the first stage of attribution) and according-to phrases:
the cue's subject resolved by :class:`~newsgraph.nlp.speakers.SpeakerResolver`, a
colon's introducer, a floating quotation's latest speaker (docs/quotes.md, Speakers)."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from newsgraph.model import Speaker
from newsgraph.nlp.component import sentence_of, token_indices
from newsgraph.nlp.cue_subjects import (
    incise_subject,
    present_participle,
    preverbal_subject,
    subject_of,
)
from newsgraph.nlp.entity_index import word_set
from newsgraph.nlp.quote_clauses import ClauseFinder
from newsgraph.nlp.quote_scan import (
    _ACCORDING_FR,
    _ACCORDING_WORDS,
    _RELATIVES,
    FLOATING_PARAGRAPHS,
    Found,
    _next_lower,
)


class RuleAttribution(ClauseFinder):
    """According-to phrases and the rules' speakers: the cue's subject, a colon's
    introducer, a floating quotation's latest speaker (the ranker's first stage)."""

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
            if lower == "pour":
                return self._opinion_pour(token)
            return None
        if lower == "according" and _next_lower(token) == "to":
            to = self.doc[token.i + 1]
            objects = [c for c in to.children if c.dep_ == "pobj"]
            return objects[0] if objects else None
        return None

    def _opinion_pour(self, token: Token) -> Token | None:
        """``Pour la syndicaliste, …``, ``Pour Jean Dupont, …``: sentence-initial ``pour``,
        then a person (named, or a role noun) and a comma before any verb; the person's
        word is the source.  The head the parser gives ``pour`` is not relied on: it often
        makes the name the sentence's root."""
        comma = self._pour_comma(token)
        if comma is None:
            return None
        for word in self.doc[token.i + 1 : comma]:
            hit = self.index.entity_at(word)
            if hit is not None and hit[0].type == "PER":
                return word
        nouns = [w for w in self.doc[token.i + 1 : comma] if w.pos_ == "NOUN"]
        if nouns and nouns[0].lower_ in word_set("cue_roles", self.lang):
            return nouns[0]
        return None

    def _pour_comma(self, token: Token) -> int | None:
        """The comma closing ``Pour X,`` at the start of a sentence (None otherwise)."""
        if token.i != sentence_of(token).start:
            return None
        for word in self.doc[token.i + 1 : min(token.i + 9, sentence_of(token).end)]:
            if word.text == ",":
                return word.i if word.i > token.i + 1 else None
            if word.pos_ in ("VERB", "AUX"):
                return None
        return None

    def _according_span(self, token: Token, source: Token) -> tuple[int, int] | None:
        sentence = sentence_of(token)
        phrase_start = token.i
        comma = self._pour_comma(token) if token.lower_ == "pour" else None
        phrase_end = comma if comma is not None else max(source.right_edge.i, token.i + 1) + 1
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
        subject = next((token for token in self._subjects_of(cue)
                        if token is not None and not item.start <= token.idx < item.end
                        and not self._locution_noun(cue, token)), None)
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

    def _locution_noun(self, cue: Token, token: Token) -> bool:
        """The noun of ``faire part`` / ``faire état`` is part of the verb, no subject."""
        return token.i == cue.i + 1 and self._faire_locution(cue)

    def _subjects_of(self, cue: Token) -> Iterator[Token | None]:
        """The cue's subject by each rule, in order of trust; a subject inside the quote's
        own words (the parse took the reported clause's subject) is skipped by the caller."""
        yield self._reporter_continued(cue)
        yield incise_subject(cue, self._person_at)
        yield subject_of(cue)
        yield self._subject_across_split(cue)
        yield preverbal_subject(cue, self._person_at)

    def _reporter_continued(self, cue: Token) -> Token | None:
        """``…, a indiqué le maire X sur Telegram, précisant qu'…`` / ``…, a confirmé X,
        ajoutant que…`` / ``…, X said, adding that…``: a present participle after a comma
        continues the report made by the cue just before it in its sentence, whose subject
        it shares, wherever the parser hung it."""
        doc = cue.doc
        if cue.i == 0 or doc[cue.i - 1].text != "," or not present_participle(cue):
            return None
        earlier = [c for c in self._cues_in(sentence_of(cue).start, cue.i - 1)
                   if self.quotation_covering(c.idx) is None]
        if not earlier:
            return None
        reporter = earlier[-1]
        return incise_subject(reporter, self._person_at) or subject_of(reporter)

    def _attribute_direct(self, item: Found) -> None:
        cue = item.cue or self._direct_cue(item)
        if self._attribute_to_cue(item, cue):
            item.confidence = 0.9 if item.speaker else 0.6
            return
        further = self._incise_further_on(item)
        if further is not None and self._attribute_to_cue(item, further):
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
        before = self.text[max(0, item.start - 8) : item.start].rstrip(" \u00a0\u202f«“\"")
        if not before.endswith(":"):
            return self._colon_follower(item)
        root = sentence_of(self.token_at(item.start)).root
        colon = self.token_at(item.start - 1)
        while colon.i > 0 and colon.text != ":":
            colon = self.doc[colon.i - 1]
        if self.quotation_covering(root.idx) is not None:
            root = colon.head
        subject = subject_of(root) or preverbal_subject(root, self._person_at)
        if subject is None:
            subject = _last_subject_before(colon)
            root = subject.head if subject is not None else root
        if subject is None or subject.i > root.i:
            return None
        speaker = self.resolver.resolve(subject)
        if speaker is None or speaker.how not in ("name", "surname", "pronoun", "role"):
            return None
        return speaker

    def _colon_follower(self, item: Found) -> Speaker | None:
        """``« C'est quand on fixe un cap qu'on peut bouger » : le président X a visité…``:
        a quotation that opens its paragraph and is followed by a colon is the words of the
        person named as the subject of the clause after the colon."""
        after = self.text[item.end : item.end + 8].lstrip(" \u00a0\u202f»”\"")
        if not after.startswith(":") or not self._opens_paragraph(item):
            return None
        colon = self.text.find(":", item.end)
        following = self.token_at(colon)  # the first word after the colon
        while following.i + 1 < len(self.doc) and (following.idx <= colon or following.is_space):
            following = self.doc[following.i + 1]
        root = following  # the clause after the colon: its highest word after the colon
        while root.head.i != root.i and root.head.idx > colon:
            root = root.head
        subject = subject_of(root)
        if subject is None or subject.idx <= colon:
            return None
        speaker = self.resolver.resolve(subject)
        if speaker is None or speaker.how not in ("name", "surname", "role"):
            return None
        return speaker

    def _opens_paragraph(self, item: Found) -> bool:
        paragraph = self.paragraphs[self.paragraph_at(item.start)]
        return not self.text[paragraph.start : item.start].strip(" \t\n«“\"„—–-")

    def _subject_across_split(self, verb: Token) -> Token | None:
        """``Petrov, dont …, a déclaré``: the parser split the sentence before the verb."""
        sentence = sentence_of(verb)
        if sentence.start == 0 or any(t.dep_.startswith("nsubj") for t in sentence):
            return None
        previous = sentence_of(self.doc[sentence.start - 1])
        if previous.text.rstrip().endswith((".", "!", "?", "»", "”")):
            return None
        first = previous[0]
        return first if self.index.entity_at(first) is not None else None

    def _according_in_sentence(self, item: Found) -> tuple[Token, Token] | None:
        sentence = sentence_of(self.token_at(item.start))
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
        sentence = sentence_of(first)
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


def _prepositional_object(token: Token) -> Token | None:
    head = token.head
    if head.i != token.i and head.i > token.i:
        return head
    for child in token.children:
        if child.dep_ in ("pobj", "obj"):
            return child
    return None


def _last_subject_before(colon: Token) -> Token | None:
    """``X est quant à elle plus nuancée : « … »`` when the parser hung the predicate
    elsewhere: the subject of the last predicate of the colon's sentence before it."""
    doc = colon.doc
    for token in reversed(doc[sentence_of(colon).start : colon.i]):
        subject = next((c for c in token.children if c.dep_ in ("nsubj", "nsubj:pass")
                        and c.i < colon.i), None)
        if subject is not None:
            return subject
    return None
