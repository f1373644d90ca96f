"""The tense of the verb a time expression hangs on: past, future or none (present, unmarked).

A verb with no tense of its own (an infinitive, a participle without auxiliary) takes the tense
of its clause: an infinitive of intent or under a present modal is future, a participle modifying
a noun takes the tense of the clause the noun stands in, a participle of scheduling looks ahead.
Used by :mod:`newsgraph.nlp.times` to place a weekday, a month or a day-month without a year.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from newsgraph.nlp.models import feature, lemma

Tense = str  # past | future | future_in_past | none
FUTURE_IN_PAST = "future_in_past"  # "would resign", « démissionnerait », « allait démissionner »

_FUTURE_AUX = frozenset({"will", "shall", "'ll", "devoir", "aller", "going"})


def tense_at(doc: Doc, start: int, end: int) -> Tense:
    """past | future | none: the tense of the verb the expression hangs on."""
    verb = verb_at(doc, start, end)
    return "none" if verb is None else _clause_tense(verb)


def weekday_tense(doc: Doc, start: int, end: int) -> Tense:
    """The tense that places a bare weekday: the verb's (:func:`tense_at`), except that a French
    verb in the simple present looks ahead (« Le club joue samedi contre Lyon », « La direction
    reçoit mardi les syndicats »: the coming Saturday, the coming Tuesday), as French news tells
    a past day in the passé composé.  Only a weekday after the verb: a fronted one (« Lundi, le
    ministre annonce sa démission ») sets the past day of a lede's narrative present, and
    « depuis lundi » starts a state.  Not English, where a present with a weekday also tells what
    a document shows ("footage shows him entering the building Tuesday")."""
    tense = tense_at(doc, start, end)
    if tense != "none" or doc.lang_ != "fr":
        return tense
    verb = verb_at(doc, start, end)
    looks_ahead = verb is not None and _simple_present(verb) and verb.idx < start \
        and not _after_since(doc, start, end)
    return "future" if looks_ahead else tense


def _after_since(doc: Doc, start: int, end: int) -> bool:
    """« depuis lundi »: the weekday starts a state that still holds, in the past."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return span is not None and span.start > 0 and doc[span.start - 1].lower_ in _SINCE


_SINCE = frozenset({"depuis"})


def _simple_present(verb: Token) -> bool:
    """A finite verb in the present indicative with no auxiliary (« joue », « se réunit »)."""
    return verb.pos_ in ("VERB", "AUX") and "Fin" in feature(verb, "VerbForm") \
        and feature(verb, "Tense") == ("Pres",) and "Ind" in feature(verb, "Mood") \
        and not any(c.dep_.startswith("aux") for c in verb.children)


def verb_at(doc: Doc, start: int, end: int) -> Token | None:
    """The verb the text between two character offsets hangs on (the root of its sentence if
    no verb is met on the way up)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    token: Token = span.root
    for _ in range(6):
        if token.pos_ in ("VERB", "AUX") or token.dep_ == "ROOT":
            break
        if token.head.i == token.i:
            break
        token = token.head
    return token


# Verbs whose infinitive complement is still to come: "veut inaugurer en décembre", "plans to
# open in May"; modals likewise ("must quarantine after Sunday").
_INTENT = frozenset({
    "vouloir", "compter", "prévoir", "espérer", "souhaiter", "envisager", "projeter", "devoir", "aller",
    "programmer", "attendre",
    "want", "plan", "hope", "intend", "expect", "aim", "seek", "promise", "schedule", "set", "due",
})
# Participles that put what they modify on a calendar still to come: "le référendum prévu en
# janvier", "the vote scheduled for Feb. 13".
_SCHEDULED = frozenset({"prévoir", "programmer", "attendre", "schedule", "plan", "expect"})
_NOUN_MODIFIERS = frozenset({"acl", "amod", "appos"})
# Verbs that change, confirm or call off a plan: told in the past, what was planned is still
# ahead ("the vote, scheduled for Feb. 13, was postponed").
_PLAN_CHANGES = frozenset({
    "postpone", "delay", "cancel", "confirm", "announce", "reschedule", "suspend",
    "reporter", "repousser", "annuler", "confirmer", "annoncer", "décaler", "suspendre",
})
_PRESENT_MODALS = frozenset({"must", "should", "can", "may", "might", "ought"})
_NONFINITE_UP = frozenset({"xcomp", "acl", "advcl", "conj", "ccomp"})


def _clause_tense(verb: Token) -> Tense:
    """The tense of ``verb``, or for a verb with no tense of its own (an infinitive, a participle
    without auxiliary) the tense its clause takes from the verb it depends on: an infinitive
    of intent, or under a present modal, is future; "Travellers arriving after Sunday must
    quarantine" takes "must quarantine"'s; "a décidé de partir" the past of "a décidé"."""
    node = verb
    for _ in range(4):
        if lemma(node) in _INTENT and _after_present_copula(node):
            return "future"  # "Lavrov, qui est par ailleurs attendu au Brésil le 17 avril"
        if _scheduling_participle(node) and _schedule_still_ahead(node):
            return "future"  # "le référendum, prévu en janvier"
        tense = verb_tense(node)
        if tense == "none" and lemma(node) in _INTENT and _present_passive(
                node, [c for c in node.children if c.dep_.startswith("aux")]):
            return "future"  # "is set for Monday", "est prévu mardi": scheduled, still to come
        if tense != "none" or not _nonfinite(node):
            return tense
        if any(c.dep_ == "aux" and c.lower_ in _PRESENT_MODALS for c in node.children):
            return "future"
        head = node.head
        if head.i == node.i or node.dep_ not in _NONFINITE_UP:
            return tense
        if head.pos_ in ("NOUN", "PROPN", "PRON") and head.head.i != head.i:
            head = head.head  # a participle modifying a noun: the clause the noun stands in
        if head.pos_ not in ("VERB", "AUX"):
            return tense
        if node.dep_ in ("xcomp", "ccomp") and lemma(head) in _INTENT and verb_tense(head) != "past":
            return "future"
        if node.dep_ == "xcomp" and _going_to_in_the_past(head):
            return FUTURE_IN_PAST
        node = head
    return "none"


def _going_to_in_the_past(verb: Token) -> bool:
    """« il allait démissionner », "he was going to resign": a near future seen from the past
    (the imperfect of « aller », the past progressive of "go"), not « il était allé voter »."""
    if lemma(verb) == "aller":
        return feature(verb, "Tense") == ("Imp",) and "Fin" in feature(verb, "VerbForm")
    return verb.lower_ == "going" and any(a.dep_ == "aux" and a.tag_ == "VBD" for a in verb.children)


def _scheduling_participle(verb: Token) -> bool:
    """A participle of scheduling with no auxiliary that modifies a noun ("le procès, prévu le
    13 février", "the vote scheduled for Feb. 13"): what it dates is still to come, whatever the
    participle's own past form says."""
    if verb.dep_ not in _NOUN_MODIFIERS or lemma(verb) not in _SCHEDULED:
        return False
    participle = "Part" in feature(verb, "VerbForm") or verb.tag_ == "VBN"
    return participle and not any(c.dep_.startswith("aux") for c in verb.children)


def _schedule_still_ahead(participle: Token) -> bool:
    """The clause the scheduled noun stands in is not past (present, future, or no verb: "le
    référendum prévu en janvier inquiète"), or tells of a change to the plan ("was postponed",
    « a été confirmé »); "the vote, scheduled for Feb. 13, was held" tells a date gone by."""
    verb = _governing_verb(participle.head)
    return verb is None or verb_tense(verb) != "past" or lemma(verb) in _PLAN_CHANGES


def _governing_verb(noun: Token) -> Token | None:
    """The verb of the clause a noun stands in, through its "of/de" heads; None if there is none."""
    node = noun
    for _ in range(4):
        if node.pos_ in ("VERB", "AUX"):
            return node
        if node.head.i == node.i:
            return None
        node = node.head
    return None


def _after_present_copula(participle: Token) -> bool:
    """A participle right after a present "est"/"is" that the parser did not take as its
    auxiliary ("qui est par ailleurs attendu": "attendu" an ``acl`` of a noun or of "est")."""
    if "Part" not in feature(participle, "VerbForm") or \
            any(c.dep_.startswith("aux") for c in participle.children):
        return False
    # the word before, past adverbs ("qui est par ailleurs attendu", "is also expected")
    before = participle.i - 1
    while before >= max(0, participle.i - 4) and participle.doc[before].pos_ in ("ADV", "ADP", "PART"):
        before -= 1
    if before < 0:
        return False
    copula = participle.doc[before]
    return lemma(copula) in ("être", "be") and feature(copula, "Tense") == ("Pres",) \
        and "Fin" in feature(copula, "VerbForm")


def _nonfinite(verb: Token) -> bool:
    """An infinitive or a participle with no auxiliary of tense ("to" and a present modal
    are none: "must quarantine" has the tense its modal gives it, not one of its own)."""
    forms = feature(verb, "VerbForm")
    if not ("Inf" in forms or "Part" in forms or verb.tag_ in ("VB", "VBG", "VBN")):
        return False
    return not any(c.dep_.startswith("aux") and c.tag_ != "TO" and c.lower_ not in _PRESENT_MODALS
                   for c in verb.children)


def verb_tense(verb: Token) -> Tense:
    tenses = set(feature(verb, "Tense"))
    moods = set(feature(verb, "Mood"))
    auxiliaries = [c for c in verb.children if c.dep_.startswith("aux")]
    if _future_in_past(verb, auxiliaries):
        return FUTURE_IN_PAST
    for aux in auxiliaries:
        tenses |= set(feature(aux, "Tense"))
        moods |= set(feature(aux, "Mood"))
        if aux.lower_ in _FUTURE_AUX:
            return "future"
    if "Fut" in tenses:
        return "future"
    if _present_passive(verb, auxiliaries):
        return "none"
    if verb.tag_ in ("VBD", "VBN") or "Past" in tenses or "Imp" in tenses:
        return "past"
    if "Cnd" in moods:
        return "none"
    return "none"


_CONDITIONAL_ENDINGS = ("ais", "ait", "ions", "iez", "aient")
# French verbs whose future (and conditional) stem is not their infinitive's.
_FUTURE_STEMS = {
    "être": "ser", "avoir": "aur", "aller": "ir", "faire": "fer", "pouvoir": "pourr", "devoir": "devr",
    "vouloir": "voudr", "venir": "viendr", "tenir": "tiendr", "savoir": "saur", "voir": "verr",
    "envoyer": "enverr", "falloir": "faudr", "valoir": "vaudr", "mourir": "mourr", "courir": "courr",
}


def _future_in_past(verb: Token, auxiliaries: list[Token]) -> bool:
    """The future seen from the past: "(she said she) would resign", « (il a annoncé qu'il)
    démissionnerait » — a simple conditional, not a compound one ("would have resigned", « aurait
    démissionné »: a past told with reserve)."""
    if any(lemma(a) == "have" or a.lower_ in ("have", "'ve") for a in auxiliaries):
        return False
    if any(a.lower_ == "would" or (a.lower_ == "'d" and verb.tag_ == "VB") for a in auxiliaries):
        return True  # "she'd resign", not "she'd resigned" (had)
    return verb.lang_ == "fr" and not auxiliaries and _french_conditional(verb)


def _french_conditional(verb: Token) -> bool:
    """A finite French verb in the conditional: its future stem (the infinitive, « prendr » of
    « prendre », or an irregular one) and an ending of the imperfect (« démissionnerait »,
    not the imperfect « montrait »)."""
    if "Cnd" in feature(verb, "Mood"):
        return True
    if verb.pos_ not in ("VERB", "AUX") or "Fin" not in feature(verb, "VerbForm"):
        return False
    infinitive = lemma(verb)
    stem = _FUTURE_STEMS.get(infinitive) or (infinitive[:-1] if infinitive.endswith("re") else infinitive)
    form = verb.lower_
    return len(stem) > 1 and form.startswith(stem) and form[len(stem):] in _CONDITIONAL_ENDINGS


_PASSIVE_AUX = frozenset({"aux:pass", "auxpass"})


def _present_passive(verb: Token, auxiliaries: list[Token]) -> bool:
    """A participle whose only auxiliary is a passive one in the present ("est attendu au Brésil
    le 17 avril", "is scheduled for May 20") is in the present: the participle's own past tense
    is the voice's, not the time's.  A perfect ("a été adopté", "has been approved", "est
    arrivé") or a past auxiliary ("était attendu", "was passed") stays past."""
    passive = "Pass" in feature(verb, "Voice")  # the parser may call "est" of "est attendu" aux:tense
    return ("Part" in feature(verb, "VerbForm") or verb.tag_ == "VBN") and bool(auxiliaries) \
        and all((aux.dep_ in _PASSIVE_AUX or passive) and feature(aux, "Tense") == ("Pres",)
                and "Fin" in feature(aux, "VerbForm") for aux in auxiliaries)
