"""HTML metadata a reader expects (issue #19): canonical URL, byline without the outlet,
a title for every page, no closing promotion lines in the body.  Pages written here; the
real pages of ../shared/eval/html are read at run time when present."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsgraph.ingest import SourceDocument, read_path
from newsgraph.ingest.html import read_html, split_byline
from newsgraph.ingest.web import page_document

EVAL = Path(__file__).parents[1].parent / "shared" / "eval"
TEXT = (
    "<p>Le conseil régional a voté jeudi un budget en hausse pour les transports scolaires, "
    "après trois séances de débats. Les élus de l'opposition ont dénoncé un calendrier trop serré.</p>"
    "<p>La présidente a promis un bilan au printemps, devant les représentants des communes.</p>"
)


def html(head: str = "", body: str = TEXT, title: str = "<title>Budget voté</title>") -> str:
    return (
        f"<!DOCTYPE html><html lang='fr'><head><meta charset='utf-8'>{title}{head}</head>"
        f"<body><article>{body}</article></body></html>"
    )


def test_relative_canonical_link_resolved_against_og_url() -> None:
    page = html(
        '<link rel="canonical" href="/region/2031/budget-transports">'
        '<meta value="https://www.exemple-info.ca/region/2031/budget-transports?utm=x" name="og:url">'
    )
    assert read_html(page).url == "https://www.exemple-info.ca/region/2031/budget-transports"


def test_og_url_when_there_is_no_canonical_link() -> None:
    page = html('<meta property="og:url" content="https://journal.example.org/a/42">')
    assert read_html(page).url == "https://journal.example.org/a/42"


def test_relative_canonical_link_resolved_against_the_fetched_address() -> None:
    page = html('<link rel="canonical" href="/a/42-budget">')
    document = page_document(
        page.encode(), source="https://journal.example.org/a/42?ref=feed",
        url="https://journal.example.org/a/42?ref=feed", content_type="text/html",
        charset="utf-8", date=None, lang=None,
    )
    assert document.url == "https://journal.example.org/a/42-budget"


def test_a_canonical_link_that_is_no_web_address_is_ignored() -> None:
    page = html('<link rel="canonical" href="javascript:alert(1)">')
    assert read_html(page).url is None


@pytest.mark.parametrize(
    ("byline", "site", "author", "outlet"),
    [
        ("Pete Evans · CBC News", "cbc.ca", "Pete Evans", "CBC News"),
        ("Lise Caron | La Tribune", None, "Lise Caron", "La Tribune"),
        ("Marc Dion — Daily Courier", "Courier", "Marc Dion", "Daily Courier"),
        ("Anne Roy", "Le Journal", "Anne Roy", None),
        ("Paul Nadeau · Sophie Tremblay", None, "Paul Nadeau, Sophie Tremblay", None),
    ],
)
def test_byline_split_from_the_outlet(byline: str, site: str | None, author: str, outlet: str | None) -> None:
    assert split_byline(byline, site=site) == (author, outlet)


def test_page_byline_and_outlet() -> None:
    page = html(
        '<meta name="author" content="Lise Caron · Le Quotidien régional">'
        '<meta property="og:site_name" content="Quotidien">'
    )
    article = read_html(page)
    assert (article.author, article.outlet) == ("Lise Caron", "Le Quotidien régional")


def test_untitled_page_gets_its_headline_or_first_sentence(tmp_path: Path) -> None:
    with_heading = html(body=f"<h1>Transports scolaires : le budget augmente</h1>{TEXT}", title="")
    assert read_html(with_heading).title == "Transports scolaires : le budget augmente"
    path = tmp_path / "sans-titre.html"
    path.write_text(html(title=""), encoding="utf-8")
    [document] = list(read_path(path))
    assert isinstance(document, SourceDocument)
    assert document.title == (
        "Le conseil régional a voté jeudi un budget en hausse pour les transports scolaires, "
        "après trois séances de débats."
    )
    assert str(tmp_path) not in (document.title or "")


def test_closing_promotion_lines_are_not_body() -> None:
    body = TEXT + (
        "<p>Cet article est paru dans notre lettre « Région ». Abonnez-vous au Quotidien "
        "pour la recevoir.</p>"
        "<p>Voir les contributions</p>"
    )
    article = read_html(html(body=body))
    assert "Cet article est paru" not in article.body and "Voir les contributions" not in article.body
    assert article.body.endswith("représentants des communes.")


@pytest.mark.skipif(not (EVAL / "html").is_dir(), reason=f"evaluation pages absent: {EVAL}/html")
def test_real_pages_metadata() -> None:
    radio_canada = read_html((EVAL / "html" / "ici.radio-canada.ca.html").read_text(encoding="utf-8"))
    assert radio_canada.url is not None and radio_canada.url.startswith("https://ici.radio-canada.ca/nouvelle/")
    cbc = read_html((EVAL / "html" / "www.cbc.ca.html").read_text(encoding="utf-8"))
    assert (cbc.author, cbc.outlet) == ("Pete Evans", "CBC News")
    le_monde = read_html((EVAL / "html" / "www.lemonde.fr.html").read_text(encoding="utf-8"))
    assert "newsletter" not in le_monde.body.rsplit("\n\n", 1)[-1]
