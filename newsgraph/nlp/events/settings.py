"""The setting, the medium and the companions of an act, named in an oblique: the platform or
channel it was told on ("thanked them on Twitter", « a critiqué sur Twitter »), the occasion of
speaking in public it took place at, whose named organiser or host takes part (« lors d'un débat de la
Fondation Norvex », "at a hearing of the Senate committee"), and those named as accompanying its
doer (« accompagné de Marie Leroy », "accompanied by Ana Ruiz").  Media and hosts are ``medium``,
companions ``oblique`` (``ActorRef.via``): rule 3 counts neither, the salience model reads them
as complements."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.tokens import Token

from newsgraph.model import ActorRef
from newsgraph.nlp.entities_types import is_news_organisation
from newsgraph.nlp.event_lexicon import Trigger
from newsgraph.nlp.events.actors import Actors, found_as, unique_refs
from newsgraph.nlp.events.syntax import OBLIQUES, OF_PREPS, SETTING_PREPS, SUBJECTS, children, preposition
from newsgraph.nlp.lexicon import word_list
from newsgraph.nlp.models import feature, lemma, per_word

MEDIUM_TYPES = frozenset({"ORG", "MISC"})  # a platform is often left untyped by the recogniser
_HOST_TYPES = frozenset({"ORG", "MISC", "PER"})
# Verbs of broadcasting or publishing that ``speech_verbs`` lacks ("spoke on Norvex Radio").
_BROADCASTING_VERBS = frozenset({
    "speak", "broadcast", "publish", "post", "appear",
    "parler", "publier", "diffuser", "intervenir", "exprimer",
})
# Adverbs that carry their noun the way a preposition does (« lors du congrès »: the French
# parser hangs the noun on "lors", not on the verb).
_CARRYING_ADVERBS = frozenset({"lors"})
# Complements that name an occasion's organiser, host or guest ("de la Fondation Norvex", "of the
# committee", "with Reuters", "sur Arte"); not time, comparison or source.
_HOST_PREPS = OF_PREPS | frozenset({
    "with", "avec", "by", "par", "to", "à", "au", "on", "sur", "before", "devant",
})


def named_medium(token: Token, prep: str, actors: Actors, trigger: Trigger) -> list[ActorRef]:
    """The platform or channel an act is told on, after a medium preposition ("on Twitter",
    « sur Sky News »): a known channel (``is_channel``) the recogniser left untyped (MISC, which
    otherwise acts only as a subject), or typed an organisation for an open-domain act.  A topic
    ("criticized the government on Brexit", "commented on Norvex Corp's results") or an
    organisation after "on"/"sur" of a typed act ("sanctions on Norvex Corp") is not."""
    if prep not in word_list("media_prepositions", actors.lang):
        return []
    entity = actors.entity_at(token)
    types = MEDIUM_TYPES if trigger.open else {"MISC"}
    if entity is None or token.pos_ == "ADJ" or entity.type not in types \
            or not is_channel(entity.name, trigger.lemma, actors.lang):
        return []
    return [ActorRef(entity.id, entity.name, via="medium")]


def is_channel(name: str, act: str, lang: str) -> bool:
    """A known channel (``data/media_names.LANG.txt``, ``data/media_platforms.LANG.txt``:
    "CNN", "Twitter"), or a name with a word of broadcasting (``data/channel_words.LANG.txt``:
    "Norvex Radio") told on by a verb of speaking, publishing or broadcasting."""
    key = " ".join(name.casefold().replace("’", "'").split())
    if key in word_list("media_names", lang) or key in word_list("media_platforms", lang):
        return True
    speaking = act in word_list("speech_verbs", lang) or act in _BROADCASTING_VERBS
    words = word_list("channel_words", lang)
    return speaking and any(word in words for word in key.replace("-", " ").split())


def media_told_on(verb: Token, actors: Actors, trigger: Trigger) -> list[ActorRef]:
    """The channel named under a verb with a medium preposition, whatever label the parser gave
    it (« a critiqué sur Twitter la fermeture »: "Twitter" read as a complement clause)."""
    return [medium for child in children(verb) if child.dep_ not in SUBJECTS
            and actors.entity_at(child) is not None  # only a name is a medium: no preposition read else
            for medium in named_medium(child, preposition(child), actors, trigger)]


def is_speaking_occasion(token: Token, lang: str) -> bool:
    """Whether a noun names an occasion of speaking in public (``data/speech_settings.LANG.txt``:
    "news conference", « point de presse », « congrès »); an entry of two words is a head and
    its complement."""
    if token.pos_ not in ("NOUN", "PROPN"):
        return False
    settings = word_list("speech_settings", lang)
    head = lemma(token)
    if head in settings or token.lower_ in settings:
        return True
    with_complement = any(f"{head} {lemma(c)}" in settings for c in children(token))
    return with_complement or _hyphen_compound(token) in settings


def _hyphen_compound(token: Token) -> str:
    """« point-presse », which the parser splits into "point", "-", "presse"."""
    doc = token.doc
    if token.i + 2 < len(doc) and doc[token.i + 1].text == "-":
        return f"{token.lower_}-{doc[token.i + 2].lower_}"
    return ""


def occasions(verb: Token, lang: str) -> Iterator[Token]:
    """The occasions of speaking in public an act is told at: obliques of the verb, also those
    a carrying adverb holds (« lors d'un point de presse »)."""
    for child in children(verb):
        if child.dep_ in SUBJECTS:
            continue
        for noun in _oblique_nouns(child):
            if is_speaking_occasion(noun, lang):
                yield noun


def _oblique_nouns(child: Token) -> list[Token]:
    """The nouns under a setting preposition ("at", « lors de »); not a topic ("said of the
    interview", "about the speech") nor a time ("after the debate")."""
    if child.dep_ == "prep":
        return [c for c in children(child) if c.dep_ == "pobj"] if child.lower_ in SETTING_PREPS else []
    if child.dep_ == "advmod" and child.lower_ in _CARRYING_ADVERBS:
        return [c for c in children(child) if c.dep_ in OBLIQUES]
    return [child] if child.dep_ in OBLIQUES and preposition(child) in SETTING_PREPS else []


def occasion_hosts(verb: Token, actors: Actors) -> list[ActorRef]:
    """The named organiser, host or guest of an occasion an act is told at (« lors d'un débat de la
    Fondation Norvex », "at a hearing of the Senate committee"): they take part, as its medium."""
    return hosts_of(occasions(verb, actors.lang), actors)


def hosts_of(told_at: Iterable[Token], actors: Actors) -> list[ActorRef]:
    """The named organisers, hosts or guests of these occasions, each once, as medium."""
    entities = [actors.entity_at(host) for occasion in told_at for host in _hosts(occasion)]
    return unique_refs([ActorRef(e.id, e.name, via="medium") for e in entities
                        if e is not None and e.type in _HOST_TYPES])


def _hosts(occasion: Token) -> Iterator[Token]:
    for child in children(occasion):
        if child.dep_ == "prep" and child.lower_ in _HOST_PREPS:
            yield from (c for c in children(child) if c.dep_ == "pobj")
        elif child.dep_ in ("nmod", "compound", "appos") and (
                child.dep_ != "nmod" or preposition(child) in _HOST_PREPS):
            yield child


# The labels a participle set off beside the doer gets: on the subject (« Paul Grant, accompagné
# de … , a salué »), or on the verb when it opens the sentence ("Accompanied by X, Paul Grant…").
_DOER_PARTICIPLES = frozenset({"acl"})
_FRONTED_PARTICIPLES = frozenset({"advcl", "obl:mod", "acl"})
_COMPANION_PREPS = frozenset({"de", "d'", "d’", "par", "by"})
_AGENT_PREPS = frozenset({"par", "by"})  # « interrogé par franceinfo »; « de » is no questioner


def companions(verb: Token, actors: Actors) -> list[ActorRef]:
    """Those a participle of accompanying names beside the doer of an act (« Paul Grant,
    accompagné de Marie Leroy, a visité l'usine », "Accompanied by Ana Ruiz, Paul Grant
    visited"): they do it with the doer, as "avec/with" says."""
    found: list[ActorRef] = []
    for participle in _doer_participles(verb, word_list("comitative_participles", actors.lang)):
        for agent in _companion_phrases(participle, _COMPANION_PREPS):
            found += found_as(actors.of_phrase(agent, agentive=True), "oblique")
    return found


def questioners(verb: Token, actors: Actors) -> list[ActorRef]:
    """The named newspaper, channel or journalist a participle of questioning names beside the
    doer of an act (« Interrogé par Le Monde, Paul Grant a dénoncé… », "Questioned by Reuters
    on the merger, Paul Grant declined to comment"): who the words were told to, as its medium.
    Only the participle's own agent — not a "by X" hung on a noun ("asked about the book by
    Lina Okafor": its author) — nor one who asks to do something ("asked by Norvex to lead the
    project": a request)."""
    found: list[ActorRef] = []
    for participle in _doer_participles(verb, word_list("questioning_participles", actors.lang)):
        if _asks_to_do(participle):
            continue
        for agent in _companion_phrases(participle, _AGENT_PREPS):
            found += [a for a in actors.of_phrase(agent) if _is_questioner(a, agent, actors)]
    return [ActorRef(a.entity_id, a.name, via="medium") for a in unique_refs(found)]


def _asks_to_do(participle: Token) -> bool:
    """A participle of asking with an infinitive: a request ("asked by Norvex to lead it",
    « sollicité par Norvex pour diriger le projet »), not a question."""
    return any(c.pos_ in ("VERB", "AUX") and c.dep_ in _INFINITIVE_DEPS
               and "Inf" in feature(c, "VerbForm") for c in children(participle))


_INFINITIVE_DEPS = frozenset({"xcomp", "ccomp", "advcl"})


def _is_questioner(ref: ActorRef, agent: Token, actors: Actors) -> bool:
    """A news organisation (``media_names``), or one the text calls a newspaper, a channel or a
    journalist (``press_nouns``: in the agent's phrase, "by reporter Lina Okafor", "by the
    newspaper Oslo Posten", or in how the article describes them) — not the police or a firm."""
    entity = actors.entities.get(ref.entity_id or "")
    if entity is None:
        return False
    if entity.type in ("ORG", "MISC") and is_news_organisation(entity.name):
        return True
    described = {w.casefold() for text in entity.descriptors for w in text.split()}
    in_phrase = {lemma(t) for t in agent.subtree} | {t.lower_ for t in agent.subtree}
    return entity.type != "LOC" and bool(word_list("press_nouns", actors.lang) & (described | in_phrase))


def _doer_participles(verb: Token, words: frozenset[str]) -> list[Token]:
    """The participles of these verbs set off beside the doer: on the subject, or opening the
    sentence."""
    return [p for p in _participles_beside_doer(verb) if lemma(p) in words or p.lower_ in words]


@per_word
def _participles_beside_doer(verb: Token) -> tuple[Token, ...]:
    """The words a participle set off beside the doer may be, of any verb (read once per verb:
    companions and questioners both ask)."""
    participles = [c for subject in children(verb) if subject.dep_ in SUBJECTS
                   for c in children(subject) if c.dep_ in _DOER_PARTICIPLES]
    participles += [c for c in children(verb) if c.dep_ in _FRONTED_PARTICIPLES and c.i < verb.i]
    return tuple(participles)


def _companion_phrases(participle: Token, preps: frozenset[str]) -> Iterator[Token]:
    for child in children(participle):
        if child.dep_ in ("agent", "prep") and child.lower_ in preps:
            yield from (c for c in children(child) if c.dep_ == "pobj")
        elif child.dep_ in OBLIQUES and preposition(child) in preps:
            yield child
