"""The subject of a cue verb, by the parse and by typography: nominal subjects, clitic and
inverted subjects of incises (``a-t-elle déclaré``, ``», a indiqué la police``), subjects
the parser split away, and the core noun phrase of a subject.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc, Token

from newsgraph.nlp.component import sentence_of
from newsgraph.nlp.entity_index import (
    CLITIC_PREFIX,
    RELATIVE_PRONOUNS,
    SUBJECT_DEPS,
    word_set,
)
from newsgraph.nlp.models import feature, lemma, per_word


# -- subjects -------------------------------------------------------------------------------
def subject_of(verb: Token) -> Token | None:
    """The subject of a cue verb: clitic (``a-t-elle``), nsubj, inverted subject, or the
    subject of the verb it depends on (participles, infinitives, coordinated verbs)."""
    current = verb
    for _ in range(3):
        found = _own_subject(current)
        if found is not None:
            return found
        if not _shares_its_subject(current) or current.head.i == current.i:
            return None
        perceived = _perceived_agent(current)
        if perceived is not None:
            return perceived
        current = _governing_verb(current)
    return None


# verbs of perception whose object is the agent of the infinitive after it
_PERCEPTION = frozenset({"entendre", "voir", "écouter", "regarder", "sentir",
                         "hear", "see", "watch", "overhear"})


def _perceived_agent(verb: Token) -> Token | None:
    """``avoir entendu Boris Faure dire « … »``, ``heard the coach tell them``: the object
    of a verb of perception is who does the infinitive it governs, not its subject."""
    head = verb.head
    if verb.dep_ != "xcomp" or lemma(head) not in _PERCEPTION:
        return None
    return next((c for c in head.children if c.dep_ in ("obj", "dobj") and c.i < verb.i), None)


def _shares_its_subject(verb: Token) -> bool:
    """A dependent verb whose subject is its governor's: an infinitive, a coordinated verb,
    an adverbial or relative clause, or a participle the parser read as an adverb or an
    oblique after commas (``X a, sans surprise, balayé l'idée, estimant que…``, ``…, tout
    en affirmant que…``)."""
    if verb.dep_ in ("xcomp", "conj", "advcl", "acl", "ccomp", "pcomp"):
        return True
    # ``…, tout en affirmant avoir réagi…``: a gerund the parser hangs as an oblique
    return verb.dep_ in ("advmod", "obl:mod", "obl") and verb.pos_ == "VERB" and \
        present_participle(verb)


def _governing_verb(verb: Token) -> Token:
    """The verb whose subject a dependent verb shares: its head, past a preposition
    (``before announcing he would retire``: announcing -> before -> spent)."""
    head = verb.head
    if verb.dep_ == "pcomp" and head.dep_ == "prep" and head.head.i != head.i:
        return head.head
    return head


def _own_subject(verb: Token) -> Token | None:
    doc = verb.doc
    for token in doc[max(0, verb.i - 2) : min(len(doc), verb.i + 3)]:
        if _subject_clitic(token):
            return token
    subjects = [c for c in _dependents(verb) if c.dep_ in SUBJECT_DEPS
                and not _fronted_participle(c)]
    if not subjects and not any(c.dep_ in ("aux:pass", "expl:pass") for c in verb.children):
        # "Il a précisé que…": the parser's impersonal il of an active speech verb is a person
        subjects = [c for c in verb.children if c.dep_ == "expl:subj" and c.pos_ == "PRON"]
    named = [c for c in subjects if c.pos_ in ("PRON", "PROPN") or c.ent_type_]
    if named:
        return named[0]
    inverted = _inverted_subject(verb)
    if inverted is not None:
        return inverted
    return subjects[0] if subjects else None


# the hyphenated subject clitics of an inverted French verb (``explique-t-elle``)
_SUBJECT_CLITICS = frozenset({"-il", "-elle", "-ils", "-elles", "-on"})


def _subject_clitic(token: Token) -> bool:
    """``-t-elle``'s ``-elle``: a clitic pronoun joined to the verb by a hyphen, which the
    French tagger sometimes reads as an interjection (« explique-t-elle » inside a quotation)."""
    if not token.text.startswith(CLITIC_PREFIX) or token.lower_ == "-t":
        return False
    return token.pos_ == "PRON" or token.lower_ in _SUBJECT_CLITICS


def _dependents(verb: Token) -> list[Token]:
    """The verb's children and those the parser hung on its auxiliary (``Le ministre a,
    sans surprise, balayé…``: after the commas, the subject depends on ``a``)."""
    children = list(verb.children)
    for child in verb.children:
        if child.dep_ in ("aux", "aux:tense") and child.i < verb.i:
            children.extend(child.children)
    return children


def _fronted_participle(token: Token) -> bool:
    """``Speaking from a stage…, X said``: the parser's clausal subject is a fronted
    participle clause, not who speaks."""
    return token.dep_ == "csubj" and (token.tag_ == "VBG" or "Part" in feature(token, "VerbForm")
                                      or "Ger" in feature(token, "VerbForm"))


def _inverted_subject(verb: Token) -> Token | None:
    """``…», a déclaré Lemaire`` / ``said Anna Moreau``: the noun right after the verb."""
    if verb.lang_ != "fr":
        return None
    previous = verb.doc[verb.i - 1] if verb.i > 0 else None
    aux_before = previous is not None and previous.pos_ == "AUX"
    first = verb.doc[verb.i - 2] if aux_before and verb.i > 1 else previous
    if first is None or first.text not in (",", "»", "”", '"', "“"):
        return None
    if first.text == "," and not _clause_before(first):
        return None  # "ce dernier, accompagné de X, a salué les ouvriers": an apposition closes
    if any(c.dep_.startswith("aux") and c.i < first.i for c in verb.children):
        return None  # "X a, sans surprise, balayé l'idée": the commas frame an insertion
    for child in verb.children:
        if child.i > verb.i and child.pos_ in ("PROPN", "NOUN") and child.dep_ in (
            "obj", "dobj", "nsubj", "appos", "obl", "obl:arg", "nmod", "flat:name", "iobj",
        ) and not any(c.dep_ == "case" for c in child.children) \
                and child.lower_ not in word_set("time_words", "fr"):
            return child  # not « à Lina Okafor » (whom it was said to), « de son côté », « lundi »
    following = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
    if following is not None and following.pos_ in ("DET", "PROPN"):
        for token in verb.doc[following.i : following.i + 3]:
            if token.pos_ in ("PROPN", "NOUN"):
                return token
    return None


def present_participle(verb: Token) -> bool:
    """``précisant``, ``ajoutant``, ``adding``: a present participle (or gerund) form."""
    if verb.tag_ == "VBG":
        return True
    return verb.lower_.endswith("ant") and "Fin" not in feature(verb, "VerbForm")


def _clause_before(comma: Token) -> bool:
    """Whether a finite verb or a quotation precedes ``comma`` in its sentence: an incise
    follows what it reports; a comma after a bare noun phrase closes an apposition."""
    for token in comma.doc[sentence_of(comma).start : comma.i]:
        if token.text in _QUOTE_MARKS or (
                token.pos_ in ("VERB", "AUX") and "Fin" in feature(token, "VerbForm")):
            return True
    return False


_QUOTE_MARKS = frozenset({"«", "»", "“", "”", '"'})
_INCISE_OPENERS = frozenset({",", "»", "”", '"', "“", "›", "—", "–"})
REFLEXIVE_CLITICS = frozenset({"se", "s'", "s’"})
_INCISE_FILLERS = frozenset(
    {"fait", "aussi", "encore", "également", "ensuite", "alors", "enfin", "then", "also",
     "later", "again", "further", "-t", "-t-"}
) | REFLEXIVE_CLITICS
_INCISE_STOPS = frozenset({".", "!", "?", ";", ":", "«", "“", "”", '"', "»", "(", "—", "–"})
_INCISE_WORDS = 25


@per_word
def incise_opener(verb: Token) -> int | None:
    """Index of the comma or closing mark that opens an incise whose verb is ``verb``
    (``», a déclaré``, ``, a-t-il ajouté``, ``," said``): only auxiliaries, adverbs,
    clitics and ``fait`` (``a fait savoir``) may stand between them.  The verb must be
    finite or compound: ``, estimant que`` / ``, saying`` are participial adjuncts.
    Remembered per word (:func:`models.per_word`): the cue search asks it of the same verbs
    quote after quote."""
    doc = verb.doc
    finite = ("Fin" in feature(verb, "VerbForm") or verb.tag_ in ("VBD", "VBZ", "VBP")
              or verb.pos_ not in ("VERB", "AUX")  # a verb form the tagger took for a noun
              or ("Part" in feature(verb, "VerbForm") and not_a_french_participle(verb)))
    index = verb.i - 1
    while index >= 0 and verb.i - index <= 5:
        token = doc[index]
        if token.text in _INCISE_OPENERS:
            return index if finite else None
        if "\n" in token.text_with_ws:
            return None
        if token.pos_ == "AUX":
            finite = True
        elif not (token.pos_ in ("ADV", "PART") or token.lower_ in _INCISE_FILLERS
                  or (token.text.startswith("-") and token.pos_ == "PRON")):
            return None
        index -= 1
    return None


def not_a_french_participle(token: Token) -> bool:
    """A French ``-er`` verb's past participle ends in é/ée/és/ées; ``déplore``,
    ``souligne`` are present-tense forms whatever the tagger says (``», déplore X``)."""
    if token.lang_ != "fr":
        return False
    word = lemma(token)
    return word.endswith("er") and not token.lower_.endswith(("é", "ée", "és", "ées"))


def incise_subject(verb: Token, person_at: Callable[[Token], bool]) -> Token | None:
    """The subject of an incise by typography alone, whatever the parse says: a clitic
    (``a-t-elle déclaré``, ``affirme-t-il``), else the noun phrase right after the verb up
    to the end of the incise (``», a déclaré Lemaire dans une entrevue``, ``», a indiqué la
    police``, ``," said Anna Moreau, senior fellow at…``).  A person named in that
    stretch (an apposition: ``le directeur général du Conseil, Paul Girard``) wins;
    otherwise the head noun of the first noun phrase."""
    opener = incise_opener(verb)
    if opener is None:
        return None
    doc = verb.doc
    if verb.lang_ == "en" and any(c.dep_.startswith("nsubj") and c.i < verb.i for c in verb.children):
        return None  # "Okafor, an expert at…, told the AP": the comma closes an apposition
    for token in doc[opener + 1 : min(len(doc), verb.i + 4)]:
        if token.text.startswith("-") and token.pos_ == "PRON" and token.lower_ not in ("-t", "-t-"):
            return token
    start = verb.i + 1
    time_words = word_set("time_words", verb.lang_)
    while start < len(doc) and (doc[start].lower_ in _INCISE_FILLERS or doc[start].pos_ == "ADV"
                                or doc[start].lower_ in time_words):
        start += 1  # "», a déclaré vendredi le ministre": a day is never who speaks
    if verb.lang_ == "fr":
        start = _past_complements(doc, start)
    if start >= len(doc) or doc[start].pos_ not in ("DET", "PROPN", "NOUN", "ADJ", "PRON", "NUM"):
        return None
    end = start
    while end < len(doc) and end - start < _INCISE_WORDS:
        token = doc[end]
        if token.text in _INCISE_STOPS or ("\n" in token.text_with_ws and end > start):
            break
        if token.pos_ in ("VERB", "AUX") and "Fin" in feature(token, "VerbForm"):
            break
        end += 1
    stretch = doc[start:end]
    if verb.lang_ == "en" and stretch[0].dep_ in ("dobj", "dative", "obj", "iobj"):
        return None  # English inverts only a subject: "said Moreau", not "told the AP"
    for token in stretch:
        if token.i > start and token.pos_ == "ADP" and token.lower_ not in _OF:
            break  # "l'attaché de presse du club juste avant la prise de parole de X"
        if person_at(token):
            return token
    for token in stretch:
        if token.text in (",", "(") or token.pos_ == "ADP":
            break
        if token.pos_ in ("NOUN", "PROPN", "PRON") and token.dep_ not in _TIME_DEPS:
            return token
        if token.pos_ == "ADJ" and _person_noun(token):
            return token  # "le très sympathique instituteur": a role the tagger read as ADJ
    return None


def _person_noun(token: Token) -> bool:
    lang = token.lang_
    return token.lower_ in word_set("cue_roles", lang) | word_set("person_nouns", lang)


_TIME_DEPS = frozenset({"obl:mod", "npadvmod", "nmod:tmod"})
# The prepositions of a noun's own complement (``le porte-parole du club``, ``head of X``).
_OF = frozenset({"de", "du", "des", "d'", "d’", "of"})
# "a rappelé l'inspecteur de police à l'AFP": who is spoken to is no part of the speaker
ADDRESSEE_PREPOSITIONS = frozenset({"à", "au", "aux"})


def _past_complements(doc: Doc, start: int) -> int:
    """``», a écrit dans un message aux habitants le cardinal de Marseille``: French may
    put complements between an incise's verb and its subject; the subject is the noun
    phrase that starts (with a determiner or a name) right after a noun, not after a
    preposition."""
    if start >= len(doc) or doc[start].pos_ != "ADP":
        return start
    index = start
    while index < len(doc) and index - start < _INCISE_WORDS:
        token, previous = doc[index], doc[index - 1]
        if index > start + 1 and (
                (token.pos_ == "DET" and previous.pos_ in ("NOUN", "PROPN", "ADJ"))
                or (token.pos_ == "PROPN" and previous.pos_ in ("NOUN", "ADJ"))
                or (token.pos_ == "PROPN" and previous.pos_ == "PROPN"
                    and not token.dep_.startswith("flat"))):
            return index  # a new name (« à l'AFP Lina Okafor »), not a name's second word
        if token.pos_ not in ("ADP", "DET", "NOUN", "ADJ", "NUM", "PROPN"):
            return start
        index += 1
    return start

def preverbal_subject(verb: Token, person_at: Callable[[Token], bool]) -> Token | None:
    """A named subject before the verb when the parse lost it: the person right before
    the verb (``l'analyste Ivan Petrov a déclaré``), or the person before a comma-
    delimited relative or apposition that ends right before it (``Lemaire, qui a récemment
    co-écrit un livre…, a déclaré``)."""
    doc = verb.doc
    index = verb.i - 1
    while index >= 0 and (doc[index].pos_ in ("AUX", "ADV", "PRON") or doc[index].lower_ in
                          _INCISE_FILLERS):
        index -= 1  # "X a elle aussi jugé": emphatic and object pronouns, adverbs
    if index < 0:
        return None
    if person_at(doc[index]):
        return doc[index]
    if doc[index].text != ",":
        return None
    named = _name_in_apposition_before(doc, index, person_at)
    if named is not None:
        return named
    for left in range(index - 1, max(-1, index - 40), -1):
        token = doc[left]
        if token.text in (".", ";", "!", "?", "«", "»") or "\n" in token.text_with_ws:
            return None
        if token.text == "," and left > 0 and person_at(doc[left - 1]):
            following = doc[left + 1]
            if following.lower_ in RELATIVE_PRONOUNS | {"dont", "whose"} or \
                    following.pos_ in ("DET", "NOUN", "ADJ", "NUM"):
                return doc[left - 1]
    return None


def _name_in_apposition_before(doc: Doc, comma: int,
                               person_at: Callable[[Token], bool]) -> Token | None:
    """``le premier ministre portugais, Pedro Costa, avait indiqué``: a name between two
    commas right after a role noun phrase, closing before the verb, is its subject (a name
    after a verb, ``…, qui a rencontré Pedro Costa, a dit``, is not)."""
    last = comma - 1
    if last < 0 or not person_at(doc[last]):
        return None
    first = last
    while first > 0 and person_at(doc[first - 1]):
        first -= 1
    if first < 2 or doc[first - 1].text != ",":
        return None
    return doc[last] if doc[first - 2].pos_ in ("NOUN", "ADJ") else None
