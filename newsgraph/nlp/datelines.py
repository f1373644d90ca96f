"""Datelines with no province: "TORONTO — The mayor said…", "MONTRÉAL – Le maire…",
"WASHINGTON (AP) —", "LE CAIRE (AFP) -" (issue #19).

A news story may open a paragraph with the place it was written from, in capitals, maybe
its region or the agency in parentheses, then a dash.  A line opening so in capitals is
also how newsrooms label a story ("BREAKING —", « EXCLUSIF — », « DERNIÈRE HEURE — ») or
name a heading, and an acronym may stand there ("FBI —"), so the words alone do not make a
place.  The recogniser decides, read twice because it learnt names from text in the usual
case: the run of capitals is a place when the recogniser labels it a place as written, or
when the article names it a place elsewhere, or when the recogniser labels it a place in
the line rewritten in the usual case ("Sacramento —"), or when a region the recogniser
labels a place follows it ("KYIV, Ukraine —").  The newsroom's labels
(``newsroom_labels``) are never places, whatever it says.

:func:`bare_dateline_places` gives each such place's span and its name in the usual case
("MONTRÉAL" → "Montréal", "SAINT-JEAN-SUR-RICHELIEU" → "Saint-Jean-sur-Richelieu");
:mod:`newsgraph.nlp.entities` makes them place mentions.  "BRAMPTON, Ont. —", a place
before a province abbreviation, is found there already.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from spacy.tokens import Doc

from newsgraph.nlp.component import text_of
from newsgraph.nlp.lexicon import word_list
from newsgraph.nlp.models import load_model

_CAPITAL = "A-ZÀ-ÖØ-Þ"
_WORD = rf"[{_CAPITAL}][{_CAPITAL}'’.-]*[{_CAPITAL}.]"
# At most three words of capitals opening a line ("NEW YORK", "RIO DE JANEIRO", "ST. JOHN'S"),
# maybe ", Region" and "(Agency)", then a dash and the story.
_BARE_DATELINE = re.compile(
    rf"^[ \t]*(?P<place>{_WORD}(?: {_WORD}){{0,2}})"
    rf"(?:, (?P<region>[{_CAPITAL}][\w.]*(?: [{_CAPITAL}][\w.]*){{0,2}}))?(?: \([^()\n]{{1,30}}\))?"
    r"[ \t]+[—–-][ \t]+(?=\S)",
    re.MULTILINE,
)
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Words a place name writes in lower case after its first word ("Rio de Janeiro",
# "Saint-Jean-sur-Richelieu", "Aix-en-Provence", "Stratford-upon-Avon").
_LOWER_PARTICLES = frozenset(
    {"de", "du", "des", "d'", "d’", "la", "le", "les", "l'", "l’", "sur", "sous", "en", "lès", "aux", "au",
     "of", "the", "upon", "on"}
)


def usual_case(name: str) -> str:
    """"NORTH BAY" → "North Bay", "ST. JOHN'S" → "St. John's", "RIO DE JANEIRO" → "Rio de
    Janeiro", "SAINT-JEAN-SUR-RICHELIEU" → "Saint-Jean-sur-Richelieu"; initials stay ("L.A.")."""
    words = []
    for i, word in enumerate(name.split(" ")):
        parts = []
        for j, part in enumerate(word.split("-")):
            if "." in part.rstrip("."):
                parts.append(part)
            elif (i or j) and part.casefold() in _LOWER_PARTICLES:
                parts.append(part.lower())
            else:
                parts.append(part[:1] + part[1:].lower())
        words.append("-".join(parts))
    return " ".join(words)


def bare_dateline_places(
    doc: Doc, named_places: Iterable[str], key: Callable[[str], str]
) -> list[tuple[int, int, str]]:
    """(start, end, name in the usual case) of each dateline place in capitals of ``doc``.
    ``named_places`` are the places the article names elsewhere, compared by ``key``."""
    text = text_of(doc)
    found: list[tuple[int, int, str]] = []
    places = {key(name) for name in named_places}
    labels = word_list("newsroom_labels", doc.lang_)
    for match in _BARE_DATELINE.finditer(text):
        start, end = match.span("place")
        written = match.group("place")
        name = usual_case(written)
        if sum(ch.isalpha() for ch in written) < 3 or name.casefold() in labels:
            continue
        if _labelled_place(doc, start, end) or key(name) in places or _in_a_place(doc, match) or \
                _place_in_usual_case(doc, match.start(), start, end, name):
            found.append((start, end, name))
    return found


def _labelled_place(doc: Doc, start: int, end: int) -> bool:
    """The recogniser labelled the words a place as written ("TORONTO", "NEW YORK")."""
    return any(ent.start_char == start and ent.end_char == end and ent.label_ in PLACE_LABELS
               for ent in doc.ents)


def _in_a_place(doc: Doc, match: re.Match[str]) -> bool:
    """"KYIV, Ukraine —": the words in capitals are followed by a region the recogniser
    labels a place as written, the newsroom's way of writing a city and its country."""
    if match.group("region") is None:
        return False
    return _labelled_place(doc, *match.span("region"))


def _place_in_usual_case(doc: Doc, line_start: int, start: int, end: int, name: str) -> bool:
    """The recogniser labels the words a place in the line rewritten in the usual case
    ("Sacramento — A lobby group…"): one more reading of one line, only for a dateline it
    did not label a place."""
    text = text_of(doc)
    line_end = text.find("\n", end)
    line_end = len(text) if line_end == -1 else line_end
    rewritten = text[line_start:start] + name + text[end:line_end]
    offset = start - line_start
    reading = load_model(doc.lang_)(rewritten)
    return any(ent.start_char == offset and ent.end_char == offset + len(name) and ent.label_ in PLACE_LABELS
               for ent in reading.ents)
