"""One event, many mentions (in-article event coreference, docs/events.md): mentions of one type
whose modes, modalities and dates agree and whose named actors nest are one event; the most
informative mention leads and the others lend it what it lacks."""

from __future__ import annotations

from dataclasses import dataclass

from newsgraph.dates import comparable
from newsgraph.model import PRECISIONS, Event
from newsgraph.nlp.event_lexicon import OTHER, general_types, modes_agree

_FACTUAL = frozenset({"asserted", "reported", "planned"})


@dataclass(slots=True)
class _Mention:
    """An event with what every comparison reads, computed once (and again when a merge gives
    it more actors): its named actors, its groups, their first words, the roles the article
    gives its named people, its theme."""

    event: Event
    named: frozenset[str]
    groups: frozenset[str]
    heads: frozenset[str]  # the first word of each group ("juge" of "juge de la Cour")
    described: frozenset[str]  # the roles the article describes its named actors with
    theme: str
    by_lemma: bool  # an open-domain OTHER mention: one event only with the same predicate
    counts_many: bool  # a noun counting its own people ("la mort de deux sœurs")

    @classmethod
    def of(cls, event: Event, themes: dict[str, str], roles: dict[str, frozenset[str]],
           counted: set[str]) -> _Mention:
        named, groups = named_actors(event), _groups(event)
        described = frozenset().union(*(roles.get(entity_id, frozenset()) for entity_id in named))
        return cls(event, named, groups, frozenset(g.split()[0] for g in groups if g.split()), described,
                   themes.get(event.id, ""), _by_lemma(event), event.id in counted)


def merge_mentions(
    events: list[Event], *, themes: dict[str, str] | None = None, anaphoric: set[str] | None = None,
    roles: dict[str, frozenset[str]] | None = None, retellings: set[str] | None = None,
    counted: set[str] | None = None,
) -> list[Event]:
    """In-article event coreference: mentions of one type whose named actors nest and whose
    dates agree are one event ("Poutine a accueilli Kim" … "la rencontre" … "leur rencontre").
    The most informative mention leads; the others lend it what it lacks (a date told in the
    text, a place, actors) and are dropped.  Compared within a type only.  ``counted``: nouns
    counting their own people ("la mort de deux sœurs"), never one named person's event."""
    themes, anaphoric, roles, retellings = themes or {}, anaphoric or set(), roles or {}, retellings or set()
    counted = counted or set()
    by_type: dict[str, list[tuple[_Mention, int]]] = {}  # each kept mention with its place in ``kept``
    kept: list[Event] = []
    for event in events:
        group = by_type.setdefault(event.type, [])
        mention = _Mention.of(event, themes, roles, counted)
        place = next((i for i, (told, _) in enumerate(group)
                      if _corefer(told, mention, anaphoric, bool(roles))), None)
        if event.id in retellings:
            if place is not None:  # the event told before takes its date; nobody acts in this one
                told, position = group[place]
                kept[position] = _retold(told.event, event)
            continue
        if place is None:
            group.append((mention, len(kept)))
            kept.append(event)
            continue
        told, position = group[place]
        merged = _merged(told.event, event)
        group[place] = (_Mention.of(merged, themes, roles, counted), position)
        kept[position] = merged
    return kept


def _corefer(earlier: _Mention, later: _Mention, anaphoric: set[str], any_roles: bool) -> bool:
    """Whether ``later`` tells the event ``earlier`` told (same type already)."""
    if not _themes_agree(earlier, later) or _counts_disagree(earlier, later):
        return False
    other_predicates = earlier.by_lemma and later.by_lemma and earlier.event.lemma != later.event.lemma
    return (not other_predicates and _same(earlier, later)) or _refers_back(later, earlier, anaphoric) \
        or (any_roles and not other_predicates and _role_names_person(earlier, later))


def _refers_back(later: _Mention, earlier: _Mention, anaphoric: set[str]) -> bool:
    """A definite noun naming only a group ("la rencontre des deux dirigeants") after an event of
    its type whose actors are named: the same event, told again."""
    a, b = later.event, earlier.event
    return (
        a.id in anaphoric and bool(earlier.named) and modes_agree(a.type, a.mode, b.mode)
        and _dates_agree(a, b) and a.modality in _FACTUAL and b.modality in _FACTUAL
    )


def _role_names_person(first: _Mention, second: _Mention) -> bool:
    """"Un juge de la Cour se récuse" … "le juge Bocock s'est récusé": a mention whose only actor is
    a role noun, and one naming a person the article describes with that role, are one event."""
    if bool(first.named) == bool(second.named):
        return False
    unnamed, named = (first, second) if second.named else (second, first)
    if not unnamed.heads or not unnamed.heads <= named.described:
        return False
    a, b = first.event, second.event
    return a.modality in _FACTUAL and b.modality in _FACTUAL and modes_agree(a.type, a.mode, b.mode) \
        and _dates_agree(a, b)


def _counts_disagree(a: _Mention, b: _Mention) -> bool:
    """"La mort de Lina Okafor" … "la mort de deux sœurs": a nameless mention counting several
    people tells another event than one naming a single person."""
    return (a.counts_many and not a.named and len(b.named) == 1) or (
        b.counts_many and not b.named and len(a.named) == 1)


def _themes_agree(a: _Mention, b: _Mention) -> bool:
    """Launching missiles and launching a satellite are two acts, whoever does them."""
    return not a.theme or not b.theme or a.theme == b.theme


def _same(first: _Mention, second: _Mention) -> bool:
    """Whether two mentions of one type tell one event (modes, predicates, modalities, dates
    and actors agree)."""
    a, b = first.event, second.event
    if a.type != b.type or not modes_agree(a.type, a.mode, b.mode):
        return False
    if not _predicates_agree(a, b):
        return False
    if a.modality != b.modality and not (a.modality in _FACTUAL and b.modality in _FACTUAL):
        return False
    if not _dates_agree(a, b):
        return False
    named_a, named_b = first.named, second.named
    if named_a and named_b:
        return (named_a <= named_b or named_b <= named_a) and not _roles_swapped(a, b)
    # a mention naming only a group ("les deux dirigeants") joins an event dated the same in the text
    if not (named_a or named_b):
        return bool(first.groups & second.groups)
    return a.date_from == "text" and b.date_from == "text"


def _predicates_agree(a: Event, b: Event) -> bool:
    """Open-domain mentions (no PLOVER mode) tell one event when their predicates are one family:
    the same lemma, or one general type other than OTHER ("collapsed" … "the collapse")."""
    if a.mode is not None or b.mode is not None or a.type not in general_types():
        return True
    return a.lemma == b.lemma or a.type != OTHER


def _by_lemma(event: Event) -> bool:
    """Whether the event's predicate must be the other's (:func:`_predicates_agree`) for one of
    its type: an open-domain OTHER mention."""
    return event.mode is None and event.type == OTHER and OTHER in general_types()


def _roles_swapped(a: Event, b: Event) -> bool:
    """"La Russie a soutenu ces mesures" and "la Corée du Nord soutient la Russie": the doer of one
    is only undergoing the other, so they are two acts.  A meeting is mutual: who received whom
    does not tell two meetings apart."""
    if a.type == "CONSULT":
        return False

    def doers(event: Event) -> frozenset[str]:
        return frozenset(r.entity_id for r in event.source if r.entity_id)

    def undergoers(event: Event) -> frozenset[str]:
        return frozenset(r.entity_id for r in event.target if r.entity_id) - doers(event)

    return bool(doers(a) & undergoers(b) or doers(b) & undergoers(a))


def named_actors(event: Event) -> frozenset[str]:
    """The entity ids among the event's source and target."""
    return frozenset(r.entity_id or r.name for r in (*event.source, *event.target) if r.entity_id)


def _groups(event: Event) -> frozenset[str]:
    return frozenset(r.name.casefold() for r in (*event.source, *event.target) if not r.entity_id)


def _dates_agree(a: Event, b: Event) -> bool:
    if a.date_from != "text" or b.date_from != "text" or a.date is None or b.date is None:
        return True  # an undated mention (article date) agrees with any date
    coarse = max(a.date.precision, b.date.precision, key=PRECISIONS.index)
    return comparable(a.date.value, a.date.precision, coarse) == comparable(
        b.date.value, b.date.precision, coarse)




def _information(event: Event) -> tuple[int, int, int, int, int]:
    return (
        int(event.date_from == "text") * (5 - PRECISIONS.index(event.date.precision) if event.date else 0),
        len(named_actors(event)),
        len(event.source) + len(event.target),
        int(event.place is not None),
        int(event.modality == "asserted"),
    )


def _retold(event: Event, retelling: Event) -> Event:
    """``event`` told again by a definite noun naming nobody but dated ("Her appointment was
    announced in December 2019"): the date, and the mention, are the event's."""
    if event.date_from != "text":
        event.date, event.date_from = retelling.date, retelling.date_from
    event.mentions = sorted([*event.mentions, retelling.trigger], key=lambda m: m.start)
    event.left_to_model = event.left_to_model or retelling.left_to_model
    return event


def _merged(a: Event, b: Event) -> Event:
    lead, other = (a, b) if _information(a) >= _information(b) else (b, a)
    if named_actors(lead) and not named_actors(other):  # "les deux dirigeants" adds nobody to Poutine and Kim
        other.source, other.target = [], []
    names = {r.name for r in (*lead.source, *lead.target)}
    lead.source = lead.source + [r for r in other.source if r.name not in names]
    names |= {r.name for r in lead.source}
    lead.target = lead.target + [r for r in other.target if r.name not in names]
    lead.place = lead.place or other.place
    if lead.date_from != "text" and other.date_from == "text":
        lead.date, lead.date_from = other.date, other.date_from
    lead.mentions = sorted([*lead.mentions, other.trigger, *other.mentions], key=lambda m: m.start)
    lead.confidence = min(0.95, max(lead.confidence, other.confidence) + 0.05)
    lead.salient = lead.salient or other.salient
    lead.left_to_model = lead.left_to_model or other.left_to_model
    return lead

