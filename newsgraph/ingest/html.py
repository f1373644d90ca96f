"""HTML pages to articles with trafilatura: body, title, author, outlet, URL, date.

The date comes only from explicit evidence (meta tags, JSON-LD, ``<time>``, the URL):
htmldate's *extensive search* is off, so a bare ``© 2023`` footer never becomes a
publication date.  No date is better than a wrong one.

The page's own metadata completes what trafilatura finds (:func:`page_metadata`): the
canonical URL (``<link rel=canonical>``, resolved against ``og:url`` or the page's address
when relative, else ``og:url``); the headline (``og:title``, else the first ``<h1>``, else
the body's first sentence) when the page has no title; a byline split from the outlet
glued to it ("Pete Evans · CBC News" → author "Pete Evans", outlet "CBC News").  Promotion
lines closing the body ("Cet article est paru dans notre newsletter…", "Voir les
contributions", "Sign up for…") are dropped (``PROMO_OPENERS``).
"""

from __future__ import annotations

import datetime as dt
import html as html_entities
import logging
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

import trafilatura

from newsgraph.errors import ModelError
from newsgraph.ingest.decode import ReadProblem
from newsgraph.ingest.document import first_sentence
from newsgraph.model import DateValue

# trafilatura and htmldate log page problems; they are reported as Failures instead.
for _name in ("trafilatura", "htmldate"):
    logging.getLogger(_name).addHandler(logging.NullHandler())

_HTML_START = re.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.I | re.S
)
_HTML_TAGS = re.compile(r"<(?:head|body|article|div|p|meta|title)\b[^>]*>", re.I)
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")
# Invisible characters pages use for layout (zero-width space, BOM, word joiner, soft hyphen).
_INVISIBLE = re.compile("[\u200b\u2060\ufeff\u00ad]")
# Text meant for screen readers only ("(Nouvelle fenêtre)", "opens in a new window").
SCREEN_READER_CLASSES: tuple[str, ...] = (
    "sr-only",
    "visually-hidden",
    "visuallyhidden",
    "screen-reader-text",
    "screen-reader-only",
    "hidden-tag",
)
HIDDEN_XPATHS: list[str] = [
    f"//*[contains(concat(' ', normalize-space(@class), ' '), ' {name} ')]"
    for name in SCREEN_READER_CLASSES
] + ["//*[@hidden]"]
MAX_KICKER_WORDS = 5  # section labels ("Business·Updated") that may precede the headline
HEADLINE_SEARCH = 3  # how many leading paragraphs may be the headline repeated
MIN_ARTICLE_WORDS = 3  # fewer words (a menu item, stray markup) is no article
# Parse work is bounded before lxml sees a page: libxml2 checks each attribute of an
# element against the ones before it (quadratic: 100,000 attributes on one element took
# minutes), and every tag costs trafilatura's passes over the tree (about 4 s per 100,000).
MAX_ATTRIBUTES = 1_000  # on one element (real pages: a few dozen at most)
MAX_TAGS = 100_000  # in one page (a long news page: a few thousand)
_TAG = re.compile(r"<[A-Za-z][^\s/>]*([^>]*)")  # group 1: what follows the tag name
_ATTRIBUTE = re.compile(r"""[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]*))?""")


@dataclass(frozen=True, slots=True)
class HtmlArticle:
    body: str  # paragraphs separated by a blank line
    title: str | None = None
    author: str | None = None
    outlet: str | None = None
    url: str | None = None
    date: DateValue | None = None


def looks_like_html(text: str) -> bool:
    """A doctype or ``<html>`` first, or text that starts with a tag and has page tags."""
    head = text[:2048].lstrip("\ufeff")
    if _HTML_START.match(head):
        return True
    return head.lstrip().startswith("<") and len(_HTML_TAGS.findall(head)) >= 2


def read_html(html: str, *, base_url: str | None = None) -> HtmlArticle:
    """Extract the article of an HTML page; :class:`ReadProblem` when it has none, or when
    it is beyond the parse bounds (:func:`check_parse_work`).  ``base_url`` is the address
    the page came from (a relative canonical link is resolved against it)."""
    check_parse_work(html)
    page = _extract(html)
    paragraphs = _paragraphs(page.text if page is not None else None)
    if page is None or not _has_article_text(paragraphs):
        raise ReadProblem("no article text found in HTML")
    meta = page_metadata(html)
    title = _clean(page.title) or meta.title
    paragraphs = drop_closing_promotions(drop_repeated_headline(paragraphs, title))
    site = _site_name(_clean(page.sitename), meta.site_name)
    author, byline_outlet = split_byline(_clean(page.author), site=site)
    return HtmlArticle(
        body="\n\n".join(paragraphs),
        title=title or first_sentence(paragraphs),
        author=author,
        outlet=_outlet(site, byline_outlet),
        url=canonical_url(meta, base_url) or _web_url(_clean(page.url)),
        date=page_date(page.date),
    )


@dataclass(frozen=True, slots=True)
class PageMetadata:
    """What the page declares about itself in ``<link>``, ``<meta>`` and ``<h1>``."""

    canonical: str | None = None  # as written: may be relative
    og_url: str | None = None
    title: str | None = None  # og:title, else the first <h1>
    site_name: str | None = None


_HEAD_LIMIT = 500_000  # characters searched for <link>/<meta>/<h1> (a page's head is far smaller)
_META_TAG = re.compile(r"<(link|meta)\b([^>]*)>", re.I)
_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1\s*>", re.I | re.S)
_TAG_TEXT = re.compile(r"<[^>]*>")
_ATTR = re.compile(r"""([^\s"'>/=]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")


def page_metadata(html: str) -> PageMetadata:
    """The canonical link, ``og:url``, ``og:title`` (else the first ``<h1>``) and
    ``og:site_name`` of a page.  Meta values are read from ``content`` (or ``value``, which
    some archived copies use), names from ``property`` or ``name``."""
    head = html[:_HEAD_LIMIT]
    found: dict[str, str] = {}
    for tag, attributes in _META_TAG.findall(head):
        attrs = _attributes(attributes)
        if tag.lower() == "link":
            if "canonical" in attrs.get("rel", "").lower().split() and attrs.get("href"):
                found.setdefault("canonical", attrs["href"])
            continue
        key = (attrs.get("property") or attrs.get("name") or "").lower()
        value = attrs.get("content") or attrs.get("value")
        if key in {"og:url", "og:title", "og:site_name"} and value:
            found.setdefault(key, value)
    title = _clean(found.get("og:title"))
    if title is None:
        heading = _H1.search(head)
        title = _clean(html_entities.unescape(_TAG_TEXT.sub(" ", heading.group(1)))) if heading else None
    return PageMetadata(
        canonical=_clean(found.get("canonical")), og_url=_clean(found.get("og:url")),
        title=title, site_name=_clean(found.get("og:site_name")),
    )


def _attributes(text: str) -> dict[str, str]:
    return {
        name.lower(): html_entities.unescape(next(v for v in values if v is not None) or "")
        for name, *values in _ATTR.findall(text)
    }


def canonical_url(meta: PageMetadata, base_url: str | None = None) -> str | None:
    """The page's canonical address: its canonical link (a relative one resolved against
    ``og:url``, else ``base_url``), else ``og:url``; only http(s) addresses."""
    base = _web_url(meta.og_url) or _web_url(base_url)
    if meta.canonical:
        absolute = _web_url(meta.canonical)
        if absolute is None and base is not None:
            absolute = _web_url(urljoin(base, meta.canonical))
        if absolute is not None:
            return absolute
    return _web_url(meta.og_url)


def _web_url(url: str | None) -> str | None:
    if not url:
        return None
    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme in {"http", "https"} and parts.netloc else None


# Separators between a byline's name and the outlet glued to it: "Pete Evans · CBC News".
_BYLINE_SEPARATORS = re.compile(r"\s*(?:[·•|]|\s[-–—]\s)\s*")
# Words that make a byline part an outlet, not a person.
MEDIA_WORDS = frozenset({
    "news", "press", "presse", "times", "post", "journal", "radio", "tv", "télévision", "television",
    "media", "médias", "agency", "agence", "afp", "reuters", "ap", "magazine", "tribune", "herald",
    "gazette", "guardian", "daily", "info", "newsletter", "staff", "rédaction", "wire",
})


def split_byline(author: str | None, *, site: str | None = None) -> tuple[str | None, str | None]:
    """(author, outlet) from a byline: parts naming the outlet — the site's name, a word of
    its domain, or a media word ("CBC News", "Le Monde avec AFP") — are the outlet, the rest
    the author."""
    if not author:
        return None, None
    parts = [p for p in _BYLINE_SEPARATORS.split(author) if p]
    if len(parts) < 2:
        return author, None
    site_words = _site_words(site)
    people = [p for p in parts if not _is_outlet(p, site_words)]
    outlets = [p for p in parts if _is_outlet(p, site_words)]
    if not people:
        return author, None
    return ", ".join(people), (outlets[0] if outlets else None)


def _site_words(site: str | None) -> set[str]:
    if not site:
        return set()
    name = site.casefold()
    if " " not in name and "." in name:  # a domain: cbc.ca, lemonde.fr
        name = name.removeprefix("www.").rsplit(".", 1)[0]
    return {w for w in re.split(r"[\s.\-]+", name) if len(w) >= 2}


def _is_outlet(part: str, site_words: set[str]) -> bool:
    words = {w for w in re.split(r"[\s.\-/]+", part.casefold()) if w}
    return bool(words & site_words or words & MEDIA_WORDS)


def _site_name(extracted: str | None, declared: str | None) -> str | None:
    """trafilatura's site name, or the page's ``og:site_name`` when trafilatura found only
    a domain (``lemonde.fr``) or nothing."""
    if extracted is None or (declared is not None and _is_domain(extracted)):
        return declared or extracted
    return extracted


def _is_domain(name: str) -> bool:
    return " " not in name and "." in name and not name[:1].isupper()


def _outlet(site: str | None, byline_outlet: str | None) -> str | None:
    """The site's name, unless it is only a domain (``cbc.ca``) or a part of the outlet the
    byline names ("CBC" of "CBC News"): then the byline's outlet."""
    if byline_outlet is None:
        return site
    if site is None or _is_domain(site) or site.casefold() in byline_outlet.casefold():
        return byline_outlet
    return site


# How promotion lines closing an article begin (newsletters, comments, subscriptions).
PROMO_OPENERS: tuple[str, ...] = (
    "cet article est paru dans", "cet article est extrait de", "voir les contributions",
    "inscrivez-vous", "abonnez-vous", "recevez notre newsletter", "lire aussi",
    "this article appeared in", "this story appeared in", "sign up for", "subscribe to",
    "read more:", "see the comments", "view comments",
)
PROMO_SEARCH = 3  # closing paragraphs examined


def drop_closing_promotions(paragraphs: list[str]) -> list[str]:
    """Drop promotion paragraphs at the end of the body ("Cet article est paru dans notre
    newsletter…", "Voir les contributions"); never the whole body."""
    kept = list(paragraphs)
    for _ in range(PROMO_SEARCH):
        if len(kept) > 1 and kept[-1].casefold().startswith(PROMO_OPENERS):
            kept.pop()
    return kept


def check_parse_work(html: str) -> None:
    """:class:`ReadProblem` for a page whose parsing would take too long: more than
    ``MAX_TAGS`` tags, or an element with more than ``MAX_ATTRIBUTES`` attributes.

    One linear scan of the text; attributes are counted only in tags long enough to hold
    that many (each takes at least two characters), so an ordinary page costs a regular
    expression pass and nothing more."""
    for tags, match in enumerate(_TAG.finditer(html), start=1):
        if tags > MAX_TAGS:
            raise ReadProblem(f"page too complex to parse: more than {MAX_TAGS:,} tags")
        start, end = match.span(1)
        if end - start > 2 * MAX_ATTRIBUTES:
            count = sum(1 for _ in _ATTRIBUTE.finditer(html, start, end))
            if count > MAX_ATTRIBUTES:
                raise ReadProblem(
                    f"page too complex to parse: an element with {count:,} attributes "
                    f"(at most {MAX_ATTRIBUTES:,}), at character {match.start():,}"
                )


def page_date(value: str | None) -> DateValue | None:
    """htmldate's ``YYYY-MM-DD`` as a day-precision date; anything else is no date."""
    if not value or not _DAY.match(value):
        return None
    try:
        date = DateValue.parse(value[:10])
    except ModelError:
        return None
    return date if dt.date.fromisoformat(date.value) <= dt.date.today() else None


def drop_repeated_headline(paragraphs: list[str], title: str | None) -> list[str]:
    """Drop the headline when the body repeats it at the top (with short kickers before it)."""
    if not title:
        return paragraphs
    wanted = _comparable(title)
    for index, paragraph in enumerate(paragraphs[:HEADLINE_SEARCH]):
        if _comparable(paragraph) == wanted:
            return paragraphs[index + 1 :] or paragraphs
        if len(paragraph.split()) > MAX_KICKER_WORDS:
            break
    return paragraphs


def _extract(html: str) -> Any:
    try:
        return trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            date_extraction_params=_date_params(),
            prune_xpath=HIDDEN_XPATHS,
        )
    except Exception as exc:  # trafilatura/lxml raise many kinds on broken pages
        raise ReadProblem(f"could not parse HTML ({type(exc).__name__}: {exc})") from exc


def _date_params() -> dict[str, Any]:
    return {
        "extensive_search": False,  # no guessing from footers, copyright lines, free text
        "original_date": True,  # the publication date, not the last update
        "max_date": dt.date.today().isoformat(),
    }


def _paragraphs(text: str | None) -> list[str]:
    """trafilatura puts one block per line; HTML whitespace inside a block is insignificant."""
    if not text:
        return []
    lines = (" ".join(_INVISIBLE.sub("", line).split()) for line in text.splitlines())
    return [line for line in lines if line]


def _has_article_text(paragraphs: list[str]) -> bool:
    words = [w for p in paragraphs for w in p.split() if any(c.isalpha() for c in w)]
    return len(words) >= MIN_ARTICLE_WORDS


def _clean(value: str | None) -> str | None:
    value = " ".join(value.split()) if value else None
    return value or None


def _comparable(text: str) -> str:
    return " ".join(text.casefold().split())
