"""The FastAPI application: REST API under /api, web UI at /, OpenAPI at /api/openapi.json."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI, Request, Response

from newsgraph.api import routes_read, routes_stats, routes_write
from newsgraph.api.auth import require_token
from newsgraph.api.database import Database
from newsgraph.api.errors import install_error_handlers
from newsgraph.api.guards import HeadAsGet, RejectNul
from newsgraph.api.settings import ApiSettings
from newsgraph.api.strict_params import STRICT_QUERY

# Scripts and styles only from this server: nothing inline, nothing remote.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


_frozen = False


def _freeze_startup_objects() -> None:
    """Leave the objects alive at the first start-up (modules, routes, schemas, the store's
    engine: ~170,000) out of Python's full garbage collections (``gc.freeze``): each request
    of a statistic allocates tens of thousands of rows, so a full collection came every few
    requests and walked them all, adding 80-90 ms to one request in seven
    (benchmarks/README-stats.md).  Once per process: an app created again (tests) would
    otherwise freeze its predecessors' garbage for good."""
    global _frozen
    if not _frozen:
        gc.collect()
        gc.freeze()
        _frozen = True


def create_app(*, db: str, settings: ApiSettings | None = None) -> FastAPI:
    """The app over the store at ``db`` (path or SQLAlchemy URL; opened, and migrated if
    needed, at once).  ``settings`` default to the ``NEWSGRAPH_API_*`` environment."""
    settings = settings or ApiSettings()
    database = Database(db)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        _freeze_startup_objects()
        yield
        database.close()

    app = FastAPI(
        title="newsgraph",
        version="1.0",
        summary="Who said what, who did what to whom, where and when: articles, entities, quotes, events.",
        openapi_url="/api/openapi.json",
        docs_url=None,  # FastAPI's Swagger UI loads from a CDN; the UI must work offline
        redoc_url=None,
        lifespan=lifespan,
        dependencies=[STRICT_QUERY],  # 422 for a query parameter an API read does not declare
    )
    app.state.settings = settings
    app.state.database = database
    install_error_handlers(app)
    read_checks = [Depends(require_token)] if settings.protect_reads else []
    app.include_router(routes_read.router, dependencies=read_checks)
    app.include_router(routes_stats.router, dependencies=read_checks)
    app.include_router(routes_write.router)
    if settings.serves_web:
        from newsgraph.web import install_web

        install_web(app)
    app.add_middleware(RejectNul)  # 422 for a NUL in the path or a query parameter
    app.add_middleware(HeadAsGet)  # HEAD on every GET route
    app.middleware("http")(_security_headers)  # outermost: every answer carries the headers
    return app


NextHandler = Callable[[Request], Awaitable[Response]]


async def _security_headers(request: Request, call_next: NextHandler) -> Response:
    response = await call_next(request)
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    return response
