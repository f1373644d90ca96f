"""Unknown query parameters of the REST API's reads are refused (422), not ignored.

A misspelt filter (``/api/events?sinse=2023``, ``?date_form=2023``) would otherwise be
dropped silently and the answer look like a filtered one.  :func:`reject_unknown_query`, a
dependency of every route (``FastAPI(dependencies=[STRICT_QUERY])``), answers a
``GET``/``HEAD`` under ``/api`` with ``422 invalid_request`` naming the first unknown
parameter and the known ones, before the route runs.  The known names are the route's own
query parameters, those of its dependencies included.  Other methods
(writes, whose query parameters may be read from the request itself) and the web UI's
pages (links may carry anything) are left alone.
"""

from __future__ import annotations

from fastapi import Depends, Request
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from newsgraph.api.errors import ApiError

CHECKED_METHODS = frozenset({"GET", "HEAD"})
API_PREFIX = "/api/"


def known_query_parameters(route: APIRoute) -> frozenset[str]:
    """The query parameter names ``route`` declares (aliases as sent), dependencies included
    (a walk over a few dependants: cheap beside the query the route runs)."""
    names: set[str] = set()
    pending: list[Dependant] = [route.dependant]
    while pending:
        dependant = pending.pop()
        names.update(param.alias for param in dependant.query_params)
        pending.extend(dependant.dependencies)
    return frozenset(names)


def reject_unknown_query(request: Request) -> None:
    """422 for a query parameter the API route reading it does not declare."""
    if request.method not in CHECKED_METHODS or not request.url.path.startswith(API_PREFIX):
        return
    route = request.scope.get("route")
    if not isinstance(route, APIRoute) or not request.query_params:
        return
    known = known_query_parameters(route)
    for name in request.query_params:
        if name not in known:
            listed = ", ".join(sorted(known)) or "none"
            raise ApiError(422, "invalid_request", f"unknown query parameter {name[:50]!r} (known: {listed})")


STRICT_QUERY = Depends(reject_unknown_query)
