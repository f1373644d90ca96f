"""What the words of a name say about its type (issue #19), from word lists of the language.

* names of events, diseases, feasts and programmes (``misc_names``: "Brexit", "Covid-19",
  "Medicare") are MISC, never organisations or places;
* names of peoples and nationalities (``demonyms``: "Français", "Nord-Coréens",
  "Canadians") are MISC: they name people, not a place.  The lists hold the base form; the
  other forms follow the language's agreement (:func:`inflections`);
* a name headed by an organisation noun (``org_heads``: "Université Laval", "Cour de
  cassation", "Laval University", "CBC News") or closed by a legal form (``org_suffixes``:
  "Dupuis Ltée", "Acme Inc.") is an organisation;
* a capitalised common noun alone (``lone_common_nouns``: "État" of "chef d'État", "Union",
  "the Crown") is no entity (:func:`is_lone_common_noun`);
* a dateline abbreviation ("Brampton, Ont.") names its province or state
  (``place_abbreviations``);
* a news organisation (``media_names``: "CBC", "Le Monde", also "du Monde") is an
  organisation (:func:`media_title`).

The lists are data (``newsgraph/nlp/data``), each with a comment saying what it holds.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from newsgraph.model import EntityType
from newsgraph.nlp.lexicon import word_list

# Words before a demonym that make a compound one: "Nord-Coréens", "South Koreans",
# "Franco-Algériens", "Afro-Americans".
_COMPASS = {
    "fr": frozenset({"nord", "sud", "est", "ouest"}),
    "en": frozenset({"north", "south", "east", "west", "northern", "southern", "eastern", "western"}),
}
_COMBINING_MIN = 4  # "franco-", "italo-", "afro-": a combining form ends in -o
# Adjectives that may come before a French head noun: "Haute Cour", "Grande École".
_LEADING_ADJECTIVES = frozenset(
    {"haute", "haut", "grande", "grand", "nouvelle", "nouveau", "première", "premier"}
)
# Suffixes closing a company name are read in every language ("Carbon Engineering Inc.").
_SUFFIX_LANGS = ("fr",)
_ENGLISH_AFTER_NAMES = ("news", "times", "press", "inc", "corp", "ltd", "llc", "plc", "group")


def inflections(base: str, lang: str) -> set[str]:
    """The forms of a demonym from its base (masculine singular in French, singular in English).

    French: feminine -en/-on → -enne/-onne, else +e (none after e); plurals +s (none after s
    or x).  English: plural +s, none after -ese, -ish, -ch, -sh, -ss (Chinese, Irish, French,
    Swiss).  A line "a|b|c" of a list gives its forms itself.
    """
    if "|" in base:
        return {form.strip() for form in base.split("|") if form.strip()}
    if lang == "fr":
        feminine = base + "ne" if base.endswith(("en", "on")) else base if base.endswith("e") else base + "e"
        forms = {base, feminine}
        return forms | {f if f.endswith(("s", "x")) else f + "s" for f in forms}
    if base.endswith(("ese", "ish", "ch", "sh", "ss")):
        return {base}
    return {base, base + "s"}


@cache
def demonyms(lang: str) -> frozenset[str]:
    """Every form of every demonym of ``lang`` (casefolded)."""
    forms: set[str] = set()
    for base in _raw_lines("demonyms", lang):
        forms |= inflections(base.casefold(), lang)
    return frozenset(forms)


def is_demonym(name: str, lang: str) -> bool:
    """"Français", "Nord-Coréens", "North Koreans", "Franco-Algériens": a people's name."""
    forms = demonyms(lang)
    key = " ".join(name.casefold().split())
    if key in forms:
        return True
    for separator in ("-", " "):
        prefix, found, last = key.rpartition(separator)
        if not found or last not in forms or separator in prefix:
            continue
        if prefix in _COMPASS.get(lang, frozenset()) or (
            separator == "-" and len(prefix) >= _COMBINING_MIN and prefix.endswith("o")
        ):
            return True
    return False


@cache
def org_heads(lang: str) -> tuple[frozenset[str], frozenset[str]]:
    """(first words, last words) that head an organisation name in ``lang``."""
    first: set[str] = set()
    last: set[str] = set()
    for entry in word_list("org_heads", lang):
        where, _, word = entry.rpartition(":")
        if where in {"", "first"}:
            first.add(word)
        if where in {"", "last"} and lang != "fr":
            last.add(word)
    return frozenset(first), frozenset(last)


def has_org_head(name: str, lang: str, *, person: bool = False) -> bool:
    """The name is headed by an organisation noun or closed by a legal form.  A name typed
    PER is only judged by its first word and its legal form (an English last word such as
    "Post" or "Times" is also a surname)."""
    words = [w.strip(".,").casefold() for w in name.split()]
    if len(words) < 2 and "-" not in name:
        return False
    first_heads, _ = org_heads(lang)
    _, last_heads = org_heads("en")
    first_words = words[1:2] if words[0] in _LEADING_ADJECTIVES and len(words) > 2 else words[:1]
    if first_words and (first_words[0] in first_heads or first_words[0].split("-")[0] in first_heads):
        return True
    if len(words) < 2:
        return False
    if words[-1] in _legal_forms():
        return True
    if person:
        return False
    if lang == "en":
        return words[-1] in last_heads
    return words[-1] in _ENGLISH_AFTER_NAMES and words[-1] in last_heads


@cache
def _legal_forms() -> frozenset[str]:
    forms: set[str] = set()
    for lang in _SUFFIX_LANGS:
        forms |= {w.strip(".") for w in word_list("org_suffixes", lang)}
    return frozenset(forms)


def type_from_name(name: str, current: EntityType, lang: str) -> EntityType | None:
    """The type the words of ``name`` show, when it differs from ``current`` (else None)."""
    key = " ".join(name.casefold().split())
    if key in word_list("misc_names", lang):
        return None if current == "MISC" else "MISC"
    if is_demonym(name, lang) and (current != "PER" or key.endswith("s")):
        return None if current == "MISC" else "MISC"
    if current != "ORG" and has_org_head(name, lang, person=current == "PER"):
        return "ORG"
    return None


_ARTICLES_BEFORE = {"du": "Le", "au": "Le", "le": "Le", "la": "La", "les": "Les", "des": "Les",
                    "aux": "Les", "l'": "L'", "l’": "L'"}
_MEDIA_LANGS = ("fr", "en")


@cache
def _media_names() -> frozenset[str]:
    return frozenset(" ".join(n.replace("’", "'").split()) for lang in _MEDIA_LANGS
                     for n in word_list("media_names", lang))


def is_news_organisation(name: str) -> bool:
    """Whether ``name`` is a news organisation of ``media_names`` (either language), as written."""
    return " ".join(name.casefold().replace("’", "'").split()) in _media_names()


def media_title(name: str, before: str) -> str | None:
    """The news organisation ``name`` names (``media_names``), in full: "CBC" -> "CBC";
    "Monde" after "du"/"au"/"le" (the recogniser leaves the article out) -> "Le Monde".
    ``before`` is the text right before the name.  None when it names no listed medium."""
    if is_news_organisation(name):
        return name
    words = before.casefold().replace("’", "'").split()
    article = _ARTICLES_BEFORE.get(words[-1] if words else "")
    if article is None:
        return None
    joined = f"{article}{name}" if article.endswith("'") else f"{article} {name}"
    return joined if " ".join(joined.casefold().split()) in _media_names() else None


def is_lone_common_noun(name: str, lang: str) -> bool:
    """"État", "Union", "Premier ministre": a common noun capitalised by convention, alone."""
    return " ".join(name.casefold().split()) in word_list("lone_common_nouns", lang)


@cache
def place_abbreviations(lang: str) -> dict[str, str]:
    """``data/place_abbreviations.LANG.txt``: abbreviation (with its period) → full name."""
    table: dict[str, str] = {}
    for line in _raw_lines("place_abbreviations", lang):
        abbreviation, _, full = line.partition("\t")
        if full.strip():
            table[abbreviation.strip()] = full.strip()
    return table


@cache
def _raw_lines(name: str, lang: str) -> tuple[str, ...]:
    """The entries of ``data/NAME.LANG.txt`` as written (case kept, comments dropped)."""
    resource = resources.files("newsgraph.nlp").joinpath("data", f"{name}.{lang}.txt")
    if not resource.is_file():
        return ()
    lines = (line.split("#", 1)[0].rstrip() for line in resource.read_text(encoding="utf-8").splitlines())
    return tuple(line for line in lines if line.strip())
