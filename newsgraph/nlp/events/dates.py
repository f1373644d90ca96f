"""An event's date: the time expression that dates its clause (attached to the trigger, else to
its clause, else the one that frames a narrative in the past from the sentence before (opening
it, or dating its main clause), else the article date (``date_from``), and how it compares with
the article date."""

from __future__ import annotations

from functools import cache
from itertools import islice
from typing import Literal

from spacy.tokens import Doc, Span, Token

from newsgraph.dates import comparable
from newsgraph.model import PRECISIONS, DateValue, TimeExpression
from newsgraph.nlp.component import text_of
from newsgraph.nlp.event_lexicon import news_noun_type
from newsgraph.nlp.events.context import Context
from newsgraph.nlp.events.settings import is_speaking_occasion
from newsgraph.nlp.events.syntax import (
    OBJECTS,
    OF_PREPS,
    PASSIVE_SUBJECTS,
    RELATIVE_CLAUSES,
    RELATIVE_PRONOUNS,
    SETTING_PREPS,
    SUBJECTS,
    children,
    clause_verb,
    finite_clause,
    is_passive,
    preposition,
)
from newsgraph.nlp.events.types import lexicon_triggers
from newsgraph.nlp.lexicon import word_list
from newsgraph.nlp.models import feature, lemma
from newsgraph.nlp.tense import verb_tense
from newsgraph.nlp.times import iter_dates, shifted

DatedTokens = list[tuple[TimeExpression, Token]]
DateFrom = Literal["text", "article", "none"]

_SINCE = ("depuis", "since")
# Verbs that tell when something takes place ("which opens on", "qui se tiendra").
_TAKING_PLACE = frozenset({
    "schedule", "plan", "set", "expect", "begin", "start", "open", "hold", "occur",
    "prévoir", "programmer", "attendre", "commencer", "débuter", "ouvrir", "tenir", "dérouler",
})
_MAX_SETTING_DEPTH = 3
_FIRST = frozenset({"premier", "première", "first"})


def token_of(doc: Doc, start: int, end: int) -> Token | None:
    """The head token of the text between two character offsets."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def dated_tokens(doc: Doc, times: list[TimeExpression]) -> DatedTokens:
    """Each time expression with a date, with its head token."""
    found = []
    for expression in iter_dates(times):
        token = token_of(doc, expression.start, expression.end)
        if token is not None:
            found.append((expression, token))
    return found


def event_date(token: Token, sentence: Span, context: Context) -> tuple[DateValue | None, DateFrom]:
    """The date the text gives the event, else the article's; none for a pluperfect the text
    does not date."""
    counted = _counted_from_its_clause(token, sentence, context)
    if counted is not None:
        return counted, "text"
    expression = date_for(token, sentence, context.times)
    if expression is not None and _first_since(token, expression):
        expression = None  # "son premier voyage depuis 2019" happens now, not in 2019
    if expression is None:
        expression = _frame(token, sentence, context)
    if expression is not None:
        date = _hence_from_the_frame(token, expression, sentence, context) or as_date(expression)
        if date is not None:
            return date, "text"
    if _pluperfect(clause_verb(token)):
        return None, "none"  # before its reference time: the article date is never its date
    if context.article.date is not None:
        return context.article.date, "article"
    return None, "none"


_HENCE_BEFORE = frozenset({"dans"})  # « dans deux ans »
_HENCE_AFTER = frozenset({"away"})  # "two years away"


def _hence_from_the_frame(token: Token, expression: TimeExpression, sentence: Span,
                          context: Context) -> DateValue | None:
    """« En 2019, il promettait de rouvrir l'usine dans deux ans »: a distance ahead counts from
    the date of the verb the event's clause hangs on (2021), not from the article's, when that
    verb has a date of its own."""
    words = expression.text.split()
    if len(words) != 3 or not (words[0].lower() in _HENCE_BEFORE or words[-1].lower() in _HENCE_AFTER):
        return None
    clause = clause_verb(token)
    if clause.head.i == clause.i:
        return None
    frame = date_for(clause.head, sentence, context.times)
    anchor = None if frame is None or frame is expression else as_date(frame)
    if anchor is None:
        return None
    duration = " ".join(words[1:] if words[0].lower() in _HENCE_BEFORE else words[:-1])
    return shifted(anchor, duration, token.lang_, sign=1)


_AFTER = frozenset({"after", "après"})
_BEFORE = frozenset({"before", "avant"})
_AHEAD_OF = frozenset({"à"})  # « à trois jours du référendum »: three days before it
_GAP = 2  # characters between a duration and the word after it ("two days after")


def _counted_from_its_clause(token: Token, sentence: Span, context: Context) -> DateValue | None:
    """An event told by its distance from the clause it hangs on: "resigned on Tuesday, two days
    after the vote" (the vote: Sunday), "created on March 4, a day before the launch" (the
    launch: March 5), « à trois jours du référendum » (the referendum: three days after the clause's
    time, the article's day when the clause is not in the past).  The clause's date is the time
    expression dating it; a date of the event's own ("two days after the March 3 vote") wins."""
    relation = _distance_before(token, context)
    if relation is None or _has_own_date(token, sentence, context):
        return None
    duration, sign = relation
    clause = clause_verb(token.head if token.dep_ == "pobj" else token)
    if clause.i == token.i:
        clause = clause.head
    expression = date_for(clause, sentence, context.times)
    anchor = as_date(expression) if expression is not None else None
    if anchor is None and sign > 0 and duration.start > 0 and verb_tense(clause) != "past":
        anchor = context.article.date if _ahead_of(duration, token) else None
    return None if anchor is None else shifted(anchor, duration.text, token.lang_, sign=sign)


def _distance_before(token: Token, context: Context) -> tuple[TimeExpression, int] | None:
    """The duration told right before the word that introduces ``token`` ("two days after", « deux
    jours avant », « à deux jours de »), with the sign of the event's distance from its clause."""
    word = _introducing_word(token)
    if word is None:
        return None
    text = text_of(token.doc)
    for expression in context.article.times:
        if expression.kind != "duration" or not 0 <= word.idx - expression.end <= _GAP \
                or text[expression.end : word.idx].strip():
            continue
        if word.lower_ in _AFTER | _BEFORE and _object_of_a_preposition(expression, token.doc):
            continue  # "sentenced to ten years after the killing": a sentence, not a distance
        if word.lower_ in _AFTER:
            return expression, -1
        if word.lower_ in _BEFORE or (word.lower_ in OF_PREPS and token.pos_ == "NOUN"
                                      and _ahead_of(expression, token)):
            return expression, 1
    return None


_DURATION_AS_OBJECT = frozenset({"to", "for", "à", "de", "d'", "d’", "of", "pour"})


def _object_of_a_preposition(duration: TimeExpression, doc: Doc) -> bool:
    """The duration is the object of "to/for", « à/de » ("sentenced to ten years", « condamné à
    dix ans »), not the measure of "after/before" that follows it."""
    before = _word_before(duration, doc)
    return before is not None and before.lower_ in _DURATION_AS_OBJECT


def _ahead_of(duration: TimeExpression, token: Token) -> bool:
    """« à trois jours du référendum »: the duration follows « à »."""
    before = _word_before(duration, token.doc)
    return before is not None and before.lower_ in _AHEAD_OF


def _word_before(duration: TimeExpression, doc: Doc) -> Token | None:
    """The token right before the duration's first one."""
    span = doc.char_span(duration.start, duration.end, alignment_mode="expand")
    first = span[0] if span is not None and len(span) and span[0].idx == duration.start else None
    return doc[first.i - 1] if first is not None and first.i > 0 else None


def _introducing_word(token: Token) -> Token | None:
    """The preposition of a noun (its ``case`` child, or the head of an English ``pobj``) or the
    subordinating conjunction of a verb ("before Paul Grant resigned")."""
    if token.dep_ == "pobj":
        return token.head
    return next((c for c in children(token) if c.dep_ in ("case", "mark") and c.i < token.i), None)


def _has_own_date(token: Token, sentence: Span, context: Context) -> bool:
    """A time expression inside the event's own phrase ("the March 3 vote")."""
    return any(token.is_ancestor(tok) for _, tok in in_sentence(context.times, sentence))


def _frame(trigger: Token, sentence: Span, context: Context) -> TimeExpression | None:
    """The reference time of a narrative in the past: an event told in a past tense of narration,
    in a sentence with no time expression of its own, happens when the sentence before told its
    story — at the past time expression that opens it, followed by a comma ("In 1998, Bin Laden's
    agents blew up two embassies. In retaliation, Clinton ordered a strike"), else at the past
    time expression of its main clause, itself told in a past tense of narration ("Halvard
    Industries bought the Norvex plant on March 3, 2019. Paul Grant resigned from its board").
    Not across a blank line (a new section), not from a clause aside (a relative clause, another
    clause with a subject of its own), not from "since X", which dates the start of a state, and
    not into a sentence opened by an adverb of sequence ("Later, Paul Grant resigned", « Depuis,
    Anne Leroy a démissionné »: after that time, not at it)."""
    if sentence.start == 0 or not _narrative_past(clause_verb(trigger)) or _opens_with_sequence(sentence):
        return None
    if in_sentence(context.times, sentence):
        return None
    doc = sentence.doc
    previous = context.actors.sentence_of(doc[sentence.start - 1])
    inside = [t for t, _ in in_sentence(context.times, previous)]
    if not inside:
        return None
    text = text_of(doc)  # ``Doc.text`` would join the whole article at every call
    first = min(inside, key=lambda t: t.start)
    opening = text[previous.start_char : first.start].strip(" \"«“")
    if not opening and text[first.end : first.end + 2].lstrip().startswith(","):
        return first if first.direction == "past" else None
    return None if _after_a_blank_line(text, sentence) else _main_clause_date(previous, context)


def _opens_with_sequence(sentence: Span) -> bool:
    """Whether ``sentence`` opens with an adverb of sequence (``data/sequence_adverbs.LANG.txt``:
    "later", "since then", « plus tard », « par la suite »), read as a fronted adverb: followed by
    a comma or ending on an adverb (« Depuis, » but not « Depuis la fermeture de l'usine »)."""
    entries = word_list("sequence_adverbs", sentence.doc.lang_)
    first = next((t.i for t in sentence if not (t.is_punct or t.is_space)), sentence.end)
    opening = (t for t in sentence.doc[first : sentence.end] if not t.is_space)
    words = list(islice(opening, _longest(entries) + 1))  # an entry and the word after it, no more
    for entry in entries:
        size = len(entry.split())
        if len(words) <= size or " ".join(t.lower_ for t in words[:size]) != entry:
            continue
        if words[size].text == "," or words[size - 1].pos_ == "ADV":
            return True
    return False


@cache
def _longest(entries: frozenset[str]) -> int:
    """How many words the longest entry has."""
    return max((len(entry.split()) for entry in entries), default=0)


def _after_a_blank_line(text: str, sentence: Span) -> bool:
    """Whether a blank line stands right before the first word of ``sentence`` (the parser may
    keep the line breaks with the sentence before or with this one)."""
    start = sentence.start_char
    start += len(text[start : sentence.end_char]) - len(text[start : sentence.end_char].lstrip())
    before = text[max(0, start - 40) : start]
    return "\n\n" in before[len(before.rstrip()) :].replace(" ", "")


def _main_clause_date(sentence: Span, context: Context) -> TimeExpression | None:
    """The past time expression that dates the main clause of ``sentence``, when that clause is
    told in a past tense of narration: not one in a relative clause ("Paul Grant, who joined
    Norvex in 2015, sold his shares") or in a clause with a subject of its own, not "since X",
    not a clause inside a quotation (« « Nous avons vendu l'usine en 2019 », a expliqué Paul
    Grant »: the parser makes the quoted verb the root; a date in someone's words frames their
    story, not the narrator's), and not a passive clause, a background fact ("Paul Grant was born
    in Oslo in 1960", "Halvard Industries was founded in 1920", « est né à Oslo en 1960 »)."""
    root = sentence.root
    if root.pos_ not in ("VERB", "AUX") or not _narrative_past(root) or _quoted(root, context) \
            or is_passive(root):
        return None
    own = [(t, tok) for t, tok in context.times
           if sentence.start <= tok.i < sentence.end and (tok.i == root.i or root.is_ancestor(tok))
           and _may_date(tok, root) and not _in_other_relative_clause(tok, root)
           and not _dates_another_event(tok, root)
           and t.direction == "past" and not t.text.casefold().startswith(_SINCE)]
    if not own:
        return None
    return min(own, key=lambda pair: abs(pair[1].i - root.i))[0]


def _quoted(token: Token, context: Context) -> bool:
    """Whether ``token`` stands in a direct quote of the quote layer or inside a quoted stretch of
    the text (marks paired by ``quote_marks``: a quotation opened in an earlier sentence counts; a
    closing mark at the start of the sentence, or the inch sign of ``12"``, opens none), and is not
    the cue of a quote (« Nous avons vendu l'usine, souligne-t-elle. »: the incise inside the marks
    is the narrator's).  Not reported speech ("Norvex closed the plant in May 2021, officials
    said", « Selon les chiffres de Norvex, … »): the narrator tells it as the story's time."""
    offset = token.idx
    if any(q.kind == "direct" and q.start <= offset < q.end for q in context.quotes):
        return True
    if any(q.cue is not None and q.cue.start <= offset < q.cue.end for q in context.article.quotes):
        return False
    return any(q.start <= offset < q.end for q in context.quotations)


def _pluperfect(verb: Token) -> bool:
    """A past before the past ("had left", « avait quitté », « était parti », « avait été
    vendue »), not an imperfect passive (« était payé »)."""
    auxiliaries = [c for c in children(verb) if c.dep_.startswith("aux")]
    if verb.lang_ == "en":
        return verb.tag_ == "VBN" and any(a.lower_ in ("had", "'d") for a in auxiliaries)
    return "Part" in feature(verb, "VerbForm") and any(
        "Imp" in feature(a, "Tense") and (lemma(a) == "avoir" or a.dep_ == "aux:tense")
        for a in auxiliaries)


def _narrative_past(verb: Token) -> bool:
    """A past tense of narration: the English simple past ("ordered", "was passed", not the
    perfect "has ordered", which tells of now); the French passé simple, passé composé,
    plus-que-parfait ("ordonna", "a ordonné", "avait ordonné"), not a present passive ("est
    attendu")."""
    auxiliaries = [c for c in children(verb) if c.dep_.startswith("aux")]
    if verb.lang_ == "en":
        if any(a.lower_ in ("has", "have", "had", "'s", "'ve", "'d", "having") for a in auxiliaries):
            return False
        return verb.tag_ == "VBD" or (verb.tag_ == "VBN" and any(a.tag_ == "VBD" for a in auxiliaries))
    finite = next((a for a in auxiliaries if "Fin" in feature(a, "VerbForm")), None)
    if finite is None:  # the passé simple ("ordonna")
        return not auxiliaries and "Fin" in feature(verb, "VerbForm") \
            and "Past" in feature(verb, "Tense")
    if "Part" not in feature(verb, "VerbForm"):
        return False
    if len(auxiliaries) == 1 and ("Pass" in feature(verb, "Voice") or finite.dep_ == "aux:pass"):
        return set(feature(finite, "Tense")) <= {"Past", "Imp"}  # "fut/était ordonné", not "est attendu"
    return bool(set(feature(finite, "Tense")) & {"Past", "Imp", "Pres"})


def in_sentence(times: DatedTokens, sentence: Span) -> DatedTokens:
    """The time expressions of ``times`` whose head word is in ``sentence`` (its bounds read once)."""
    start, end = sentence.start, sentence.end
    return [(t, tok) for t, tok in times if start <= tok.i < end]


def date_for(trigger: Token, sentence: Span, times: DatedTokens) -> TimeExpression | None:
    """The time expression of ``sentence`` that dates ``trigger``: attached to it, else to its
    clause, else the nearest in the sentence."""
    candidates = in_sentence(times, sentence)
    if not candidates:
        return None
    own = finite_clause(trigger)
    here = [(t, tok) for t, tok in candidates if _schedules_the_setting(tok, trigger) or (
        not _in_other_relative_clause(tok, trigger) and _may_date(tok, own)
        and not _frames_clause_after_colon(t, trigger) and not _dates_another_event(tok, trigger))]
    if not here:
        return None
    clause = clause_verb(trigger)
    for anchor in (trigger, clause, clause.head):
        attached = [(t, tok) for t, tok in here if anchor.is_ancestor(tok) or tok.head == anchor]
        if attached:
            return min(attached, key=lambda pair: abs(pair[1].i - trigger.i))[0]
    return min(here, key=lambda pair: abs(pair[1].i - trigger.i))[0]


_MAX_NOUN_PHRASE_DEPTH = 4
_SIMULTANEITY = frozenset({"while", "pendant", "durant"})
_ON = frozenset({"on", "sur"})


def _dates_another_event(time: Token, trigger: Token) -> bool:
    """"Paul Grant criticised the March 3 vote", « prépare le scrutin du 3 mars », "after the
    March 3 vote": a date that modifies an event noun tells when that event takes place, not
    when the verb or noun that speaks of it does.  It still dates a verb that takes part in the
    event ("won the March 3 election", ``_takes_part``), the event's setting ("spoke at the
    March 3 meeting"), a verb the event is the subject of ("the March 3 vote ended in a tie"),
    and what the event noun governs."""
    node = time
    for _ in range(_MAX_NOUN_PHRASE_DEPTH):
        head = node.head
        if head.i in (node.i, trigger.i) or head.pos_ in ("VERB", "AUX"):
            return False
        if head.pos_ == "NOUN" and _names_an_event(head):
            return _modifies_the_noun(node, head) and not (
                head.is_ancestor(trigger) or _told_in_a_relative_clause(head, trigger)
                or _takes_part(head, trigger))
        node = head
    return False


def _modifies_the_noun(node: Token, noun: Token) -> bool:
    """The date is told as the event noun's own: before it ("the March 3 vote", "Monday's
    vote") or in its "of/de" complement (« le scrutin du 3 mars », « la manifestation de
    lundi »).  A bare date after the noun ("condemned the attack on Tuesday", « a condamné
    l'attaque lundi ») is the parser's attachment of the verb's adverbial and dates the verb."""
    return node.i < noun.i or node.lower_ in OF_PREPS or any(
        c.dep_ == "case" and c.lower_ in OF_PREPS for c in children(node))


def _told_in_a_relative_clause(noun: Token, trigger: Token) -> bool:
    """"the planner of the May 2 attacks, which closed …": ``trigger`` is in a relative
    clause on a phrase holding the event noun (the parser may hang it on the phrase's head)."""
    relative = next((a for a in (trigger, *trigger.ancestors) if a.dep_ in RELATIVE_CLAUSES), None)
    return relative is not None and (relative.head.i == noun.i or relative.head.is_ancestor(noun))


def _takes_part(noun: Token, trigger: Token) -> bool:
    """``trigger`` takes place when the event ``noun`` does: ``noun`` is its subject, the object
    of a light verb or of a verb of taking part (``data/participation_verbs.LANG.txt``: win,
    lead, attend; « remporter », « diriger »), or its setting ("at the meeting", « lors du
    sommet »)."""
    if noun.head.i == trigger.i and noun.dep_ in SUBJECTS | PASSIVE_SUBJECTS:
        return True
    if noun.head.i == trigger.i and noun.dep_ in OBJECTS:
        lang = trigger.lang_
        return lemma(trigger) in word_list("light_verbs", lang) | word_list("participation_verbs", lang)
    if _introduced_as_setting(noun):
        return True
    return _setting_chain(noun, trigger) is not None


def _introduced_as_setting(noun: Token) -> bool:
    """The noun's phrase is introduced by a preposition of setting or a conjunction of
    simultaneity ("at the March 3 meeting", "while on a tour in 2009", « lors de la conférence
    de novembre », which the parser may hang anywhere or split from its sentence): what the
    clause tells takes place in it.  Read backwards from the phrase's first word over "of/de"
    and "on" (« lors de », "while on"); any other word ends the search ("after the vote")."""
    if preposition(noun) in SETTING_PREPS:
        return True
    doc = noun.doc
    for i in range(noun.left_edge.i - 1, max(-1, noun.left_edge.i - 4), -1):
        word = doc[i].lower_
        if word in SETTING_PREPS or word in _SIMULTANEITY:
            return True
        if word not in OF_PREPS and word not in _ON:
            return False
    return False


def _may_date(time: Token, own: Token | None) -> bool:
    """A time expression dates the clause it stands in and the clauses below it, not another
    clause with a subject of its own beside or below the trigger's (``own``, its finite clause):
    in "La Russie a soutenu ces mesures, mais l'année dernière, elle a voté contre", last year
    is the vote's, not the support's, however the parser attached it."""
    owner = finite_clause(time)
    return owner is None or own is None or owner.i == own.i or owner.is_ancestor(own)


def _frames_clause_after_colon(expression: TimeExpression, trigger: Token) -> bool:
    """"Les salariés contestent la fermeture de l'usine : jeudi 7 mars, la directrice a rencontré
    les délégués": an expression that opens the clause after a colon, set off by a comma, dates
    that clause, not a word before the colon (however the parser hung it).  Read from the tokens
    beside the expression (``Doc.text`` would join the whole article at every call)."""
    if trigger.idx >= expression.start:
        return False
    before, after = _tokens_beside(trigger.doc, expression.start, expression.end)
    return before is not None and before.text.endswith(":") \
        and after is not None and after.text.startswith(",") \
        and not (_names_a_date(before) and _only_an_incise_after(after))


_DATE_NOUNS = frozenset({"date", "jour", "day"})


def _names_a_date(colon: Token) -> bool:
    """« a fixé la date du vote : jeudi 7 mars »: the colon ends a noun phrase headed by a noun
    that names a date; what follows it is that date, the object of the verb before."""
    if colon.i == 0:
        return False
    node = colon.doc[colon.i - 1]
    for _ in range(3):
        if lemma(node) in _DATE_NOUNS or node.lower_ in _DATE_NOUNS:
            return True
        if node.dep_ not in ("nmod", "pobj", "prep") or node.head.i == node.i:
            return False
        node = node.head
    return False


def _only_an_incise_after(comma: Token) -> bool:
    """After the comma, the sentence ends with a speech incise and nothing else (« , a-t-il
    annoncé. », ", he said."): the date is the whole content after the colon."""
    rest = [t for t in comma.doc[comma.i + 1 : comma.sent.end] if not t.is_punct]
    verbs = [t for t in rest if t.pos_ in ("VERB", "AUX")]
    speech = word_list("speech_verbs", comma.lang_) | word_list("speech_verbs_incise", comma.lang_)
    return 0 < len(rest) <= 5 and any(lemma(v) in speech for v in verbs)


def _tokens_beside(doc: Doc, start: int, end: int) -> tuple[Token | None, Token | None]:
    """The nearest non-space tokens before character ``start`` and from character ``end`` on."""
    first = doc.char_span(start, end, alignment_mode="expand")
    if first is None:
        return None, None
    before = next((doc[i] for i in range(first.start - 1, -1, -1) if not doc[i].is_space), None)
    after = next((doc[i] for i in range(first.end, len(doc)) if not doc[i].is_space), None)
    return before, after


def _schedules_the_setting(time: Token, trigger: Token) -> bool:
    """"Paul Grant will lecture at the Norvex conference, which opens on March 14",
    "témoignera au procès, qui s'ouvrira le 14 mars": a relative clause telling when the noun it
    hangs on takes place dates that noun and what is done in, at or during it.  The clause tells
    a schedule still to come (not "the war, which began in 2022") and the noun names an event or
    an occasion of speaking (not "the plant, which is expected to close in 2026")."""
    relative = next((a for a in time.ancestors if a.dep_ in RELATIVE_CLAUSES), None)
    if relative is None or lemma(relative) not in _TAKING_PLACE or not _relative_subject(relative):
        return False
    if verb_tense(relative) == "past":
        return False
    chain = _setting_chain(relative.head, trigger)
    return chain is not None and any(n.i == trigger.i or _names_an_event(n) for n in chain)


def _relative_subject(verb: Token) -> bool:
    """The relative pronoun is the clause's subject: the noun is what is scheduled or held."""
    return any(c.dep_ in SUBJECTS | PASSIVE_SUBJECTS
               and ("Rel" in feature(c, "PronType") or c.lower_ in RELATIVE_PRONOUNS)
               for c in children(verb))


def _names_an_event(noun: Token) -> bool:
    """A noun the event lexicon knows ("trial", « sommet ») or an occasion of speaking
    (``data/speech_settings.LANG.txt``: "conference"), not a place or an object."""
    lang = noun.lang_
    return bool(lexicon_triggers(noun, lang)) or news_noun_type(noun, lang) is not None \
        or is_speaking_occasion(noun, lang)


def _setting_chain(noun: Token, trigger: Token) -> list[Token] | None:
    """The nouns walked from ``noun`` when it is the trigger itself, its complement of setting
    ("at the conference", "lors du sommet"), or the "of/de" complement of either ("at the
    closing session of the conference", "the trial of Paul Grant, which opens…": the parser may
    hang the clause on the nearer noun); None when it is none of these."""
    node = noun
    chain: list[Token] = []
    for _ in range(_MAX_SETTING_DEPTH):
        chain.append(node)
        if node.i == trigger.i:
            return chain
        word = preposition(node)
        head = node.head.head if node.dep_ == "pobj" else node.head
        if head.i == trigger.i:
            if word in SETTING_PREPS:
                return chain
            return [*chain, trigger] if word in OF_PREPS and trigger.pos_ == "NOUN" else None
        if word not in OF_PREPS or head.pos_ not in ("NOUN", "PROPN") or head.i == node.i:
            return None
        node = head
    return None


def _in_other_relative_clause(token: Token, trigger: Token) -> bool:
    """"avec la syndicaliste, qui a pris ses fonctions à la fin mars": the date belongs to the
    relative clause, not to the meeting."""
    for ancestor in token.ancestors:
        if ancestor.dep_ in RELATIVE_CLAUSES:
            return not (ancestor == trigger or ancestor.is_ancestor(trigger))
    return False


def as_date(expression: TimeExpression) -> DateValue | None:
    """The expression's value at its precision, or None (durations, unresolved, impossible)."""
    if expression.value is None or expression.precision not in PRECISIONS:
        return None
    try:
        return DateValue(expression.value, expression.precision)  # type: ignore[arg-type]
    except ValueError:
        return None


def _first_since(token: Token, expression: TimeExpression) -> bool:
    """"The first visit since 2019": the date bounds a gap before the event, it does not date it."""
    if not expression.text.casefold().startswith(_SINCE):
        return False
    return any(c.lower_ in _FIRST or "Ord" in feature(c, "NumType") for c in children(token))


def is_future(date: DateValue, context: Context) -> bool:
    return _compare_with_article(date, context) > 0


def is_past(date: DateValue, context: Context) -> bool:
    return _compare_with_article(date, context) < 0


def _compare_with_article(date: DateValue, context: Context) -> int:
    """-1, 0 or 1: ``date`` before, within or after the article date, at the coarser of the
    two precisions (0 without an article date)."""
    base = context.article.date
    if base is None:
        return 0
    coarse = max(date.precision, base.precision, key=PRECISIONS.index)
    if coarse == "week":
        coarse = "month"
    mine = comparable(date.value, date.precision, coarse)
    theirs = comparable(base.value, base.precision, coarse)
    return (mine > theirs) - (mine < theirs)
