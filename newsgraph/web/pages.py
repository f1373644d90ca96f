"""Server-rendered pages.  Untrusted text (articles, names, snippets) reaches the HTML only
through Jinja2 with autoescape on; highlighting is built from escaped pieces."""

from __future__ import annotations

from pathlib import Path as FilePath
from typing import Annotated, Any, Literal
from urllib.parse import quote, urlencode, urlsplit

from fastapi import APIRouter, FastAPI, Path, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader

from newsgraph.analysis.keys import Node
from newsgraph.api import queries
from newsgraph.api.auth import settings_of
from newsgraph.api.database import Database, corpus_candidates
from newsgraph.api.errors import ApiError
from newsgraph.api.routes_read import DATE_EXPRESSION, SEARCH_MAX_OFFSET, Copies
from newsgraph.api.search import SNIPPET_MARKERS, count_matches, snippet_segments
from newsgraph.store.search import MAX_QUERY_CHARACTERS
from newsgraph.web.corrections import (
    corrections_available,
    corrections_message,
    quote_corrections_available,
    quote_corrections_message,
)
from newsgraph.web.highlight import article_pieces

HERE = FilePath(__file__).resolve().parent
PAGE_SIZE = 20
MAX_PAGE_NUMBER = 5_000
VENDOR_FILES = ("cytoscape.min.js", "chart.umd.min.js")
DOCS_VENDOR_FILES = ("swagger-ui-bundle.js", "swagger-ui.css")
# the entity page's neighbours table has a column per kind but co-quotation
NEIGHBOUR_KINDS: tuple[queries.EdgeKind, ...] = ("cooccurrence", "about", "event")

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

PageNumber = Annotated[int, Query(ge=1, le=MAX_PAGE_NUMBER)]
OptionalText = Annotated[str | None, Query(max_length=500)]  # a form's empty field arrives as ""
SearchField = Annotated[str | None, Query(max_length=MAX_QUERY_CHARACTERS)]  # a search query, or ""
FormDate = Annotated[str | None, Query(pattern=rf"^{DATE_EXPRESSION}?$")]  # a date, or "" (empty field)
EntityType = Literal["PER", "ORG", "LOC", "MISC"]


def entity_url(entity_type: str, name: str) -> str:
    return f"/entities/{quote(entity_type, safe='')}/{quote(name, safe='')}"


def safe_link(url: str | None) -> str | None:
    """Only http(s) URLs become links: ``javascript:`` and the like stay text."""
    if not url:
        return None
    return url if urlsplit(url.strip()).scheme.lower() in ("http", "https") else None


def _environment() -> Environment:
    environment = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True)
    environment.globals.update(entity_url=entity_url, safe_link=safe_link, urlencode=urlencode)
    return environment


templates = Jinja2Templates(env=_environment())


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> Response:
    context.setdefault("vendor_ready", vendor_ready())
    return templates.TemplateResponse(request, template, context, status_code=status_code)


def vendor_ready(names: tuple[str, ...] = VENDOR_FILES) -> bool:
    return all((HERE / "static" / "vendor" / name).is_file() for name in names)


def database_of(request: Request) -> Database:
    found = request.app.state.database
    assert isinstance(found, Database)
    return found


def _pages(total: int, page: int) -> dict[str, int]:
    last = max(1, -(-total // PAGE_SIZE))
    return {"page": page, "last": last, "total": total}


@router.get("/")
def search_page(request: Request, q: SearchField = None, page: PageNumber = 1) -> Response:
    db = database_of(request)
    query = (q or "").strip()
    if not query:
        with db.read() as connection:
            recent, total = queries.list_articles(connection, limit=PAGE_SIZE)
            top = queries.list_entities(connection, limit=24).rows
        return render(request, "search.html", q="", recent=recent, articles_total=total, top_entities=top)
    offset = min((page - 1) * PAGE_SIZE, SEARCH_MAX_OFFSET)
    hits = db.store.search(query, limit=offset + PAGE_SIZE, markers=SNIPPET_MARKERS)[offset:]
    with db.read() as connection:
        total = count_matches(connection, db.dialect, query, fallback=offset + len(hits))
    results = [(hit, snippet_segments(hit.snippet)) for hit in hits]
    return render(request, "search.html", q=query, results=results, pages=_pages(total, page))


@router.get("/articles")
def articles_page(
    request: Request,
    since: FormDate = None,
    until: FormDate = None,
    outlet: OptionalText = None,
    lang: Annotated[str | None, Query(max_length=16)] = None,
    page: PageNumber = 1,
    date_from: FormDate = None,  # deprecated names of since/until (links made before 0.1.0)
    date_to: FormDate = None,
) -> Response:
    filters = {"since": since or date_from or None, "until": until or date_to or None,
               "outlet": outlet or None, "lang": lang or None}
    with database_of(request).read() as connection:
        rows, total = queries.list_articles(
            connection, date_from=filters["since"], date_to=filters["until"], outlet=filters["outlet"],
            lang=filters["lang"], limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE,
        )
        outlets, langs = queries.outlets_and_languages(connection)
    kept = {key: value for key, value in filters.items() if value}
    return render(
        request, "articles.html", rows=rows, pages=_pages(total, page), filters=kept,
        outlets=outlets, langs=langs,
    )


@router.get("/articles/{article_id}")
def article_page(request: Request, article_id: Annotated[str, Path(max_length=64)]) -> Response:
    article = database_of(request).store.get_article(article_id)
    if article is None:
        raise ApiError(404, "not_found", "no such article")
    entities = sorted(article.entities, key=lambda e: (-len(e.mentions), e.name))
    pieces = article_pieces(article)
    with database_of(request).read() as connection:
        tables = quote_corrections_available(connection)
    message = quote_corrections_message(tables=tables, writes=settings_of(request).token is not None)
    speakers = sorted({e.name for e in article.entities if e.type in ("PER", "ORG")})
    return render(request, "article.html", article=article, pieces=pieces, entities=entities,
                  speaker_names=speakers, quote_corrections_available=tables,
                  corrections_message=message)


@router.get("/entities")
def entities_page(
    request: Request, type: EntityType | None = None, q: OptionalText = None, page: PageNumber = 1
) -> Response:
    with database_of(request).read() as connection:
        listing = queries.list_entities(
            connection, type=type, name_contains=q or None, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE
        )
    filters = {key: value for key, value in {"type": type, "q": q}.items() if value}
    return render(
        request, "entities.html", rows=listing.rows, unresolved=listing.unresolved,
        pages=_pages(listing.total, page), filters=filters,
    )


@router.get("/entities/{type}/{name:path}")
def entity_page(
    request: Request, type: EntityType, name: Annotated[str, Path(max_length=500)],
    copies: Copies = "distinct",
) -> Response:
    """The entity's page; a name of the entity no article spells so (another language's,
    the gazetteer's, without accents) redirects to the page of its in-article name.  A
    quote or event near-duplicate articles repeat counts once unless ``copies=all``."""
    every = copies == "all"
    with database_of(request).read() as connection:
        key = queries.entity_key_for(connection, queries.EntityKey(type, name))
        if key is not None and key != queries.EntityKey(type, name):
            url = entity_url(key.type, key.name) + ("?copies=all" if every else "")
            return RedirectResponse(url, status_code=302)
        detail = queries.entity_detail(connection, key, all_copies=every) if key else None
        if key is None or detail is None:
            raise ApiError(404, "not_found", "no such entity")
        said, _ = queries.entity_quotes(connection, key, role="by", limit=PAGE_SIZE, all_copies=every)
        about, _ = queries.entity_quotes(connection, key, role="about", limit=PAGE_SIZE, all_copies=every)
        events, _ = queries.list_events(connection, entity=key, limit=PAGE_SIZE, all_copies=every)
        recent = queries.entity_articles(connection, key, limit=10)
        nodes, edges = queries.neighbourhood(
            connection, key, limit=15, all_copies=every, kinds=NEIGHBOUR_KINDS
        )
        available = corrections_available(connection)
    candidates = corpus_candidates(database_of(request).store, type, key.name) if available else []
    return render(
        request, "entity.html", detail=detail, key=key, said=said, about=about, events=events,
        recent=recent, neighbours=_neighbour_rows(nodes[0].node, edges), every_copy=every,
        resolved=candidates[0] if candidates else None,
        corrections_available=available, corrections_message=corrections_message(available),
    )


def _neighbour_rows(center: Node, edges: list[queries.GraphEdge]) -> list[dict[str, Any]]:
    """One row per neighbour (a node of /api/graph: its corpus entity once resolved): its
    weight per link kind, strongest first."""
    rows: dict[str, dict[str, Any]] = {}
    for edge in edges:
        other = edge.target if edge.source.key == center.key else edge.source
        row = rows.setdefault(other.key, {"key": other, "cooccurrence": 0, "about": 0, "event": 0})
        row[edge.kind] += edge.weight
    return sorted(rows.values(), key=_strongest_first)


def _strongest_first(row: dict[str, Any]) -> tuple[int, str]:
    return (-(row["cooccurrence"] + row["about"] + row["event"]), row["key"].name)


@router.get("/api/docs")
def api_docs_page(request: Request) -> Response:
    """The REST API's reference, browsable: Swagger UI from the npm registry, served by
    this server (FastAPI's own docs page loads it from a CDN, so it is switched off)."""
    return render(request, "api_docs.html", docs_ready=vendor_ready(DOCS_VENDOR_FILES))


@router.get("/timeline")
def timeline_page(request: Request, q: SearchField = None) -> Response:
    query = (q or "").strip()
    hits = database_of(request).store.search(query, limit=PAGE_SIZE) if query else []
    return render(request, "timeline.html", q=query, hits=hits)


@router.get("/graph")
def graph_page(
    request: Request,
    entity_type: EntityType | Literal[""] | None = None,  # "": the form's "any"
    entity_name: OptionalText = None,
    limit: Annotated[int, Query(ge=1, le=queries.MAX_GRAPH_NODES)] = 40,
) -> Response:
    entity_type = entity_type or None
    entity_name = (entity_name or "").strip() or None
    params: dict[str, str | int] = {"limit": limit}
    if entity_type and entity_name:
        params["entity"] = queries.EntityKey(entity_type, entity_name).node_id
    elif entity_type:
        params["type"] = entity_type  # the overview of one type
    return render(
        request, "graph.html", api_url="/api/graph?" + urlencode(params),
        entity_type=entity_type, entity_name=entity_name, limit=limit,
        centre=params.get("entity"), untyped_centre=bool(entity_name and not entity_type),
    )


def favicon() -> Response:
    """The icon browsers ask for on any URL (the pages name /static/favicon.svg)."""
    return FileResponse(HERE / "static" / "favicon.svg", media_type="image/svg+xml")


def html_error_page(request: Request, status: int, message: str) -> Response:
    return render(request, "error.html", status_code=status, status=status, message=message)


def install_web(app: FastAPI) -> None:
    from newsgraph.web.stats_page import router as stats_router

    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.add_api_route("/favicon.ico", favicon, methods=["GET"], include_in_schema=False)
    app.include_router(router)
    app.include_router(stats_router)
    app.state.html_error_page = html_error_page
