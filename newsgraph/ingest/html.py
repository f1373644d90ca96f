"""HTML pages to articles with trafilatura: body, title, author, outlet, URL, date.

The date comes only from explicit evidence (meta tags, JSON-LD, ``<time>``, the URL):
htmldate's *extensive search* is off, so a bare ``© 2023`` footer never becomes a
publication date.  No date is better than a wrong one.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass
from typing import Any

import trafilatura

from newsgraph.errors import ModelError
from newsgraph.ingest.decode import ReadProblem
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


def read_html(html: str) -> HtmlArticle:
    """Extract the article of an HTML page; :class:`ReadProblem` when it has none, or when
    it is beyond the parse bounds (:func:`check_parse_work`)."""
    check_parse_work(html)
    page = _extract(html)
    paragraphs = _paragraphs(page.text if page is not None else None)
    if page is None or not _has_article_text(paragraphs):
        raise ReadProblem("no article text found in HTML")
    title = _clean(page.title)
    return HtmlArticle(
        body="\n\n".join(drop_repeated_headline(paragraphs, title)),
        title=title,
        author=_clean(page.author),
        outlet=_clean(page.sitename),
        url=_clean(page.url),
        date=page_date(page.date),
    )


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
