"""ASGI middlewares in front of every route, API and web pages alike.

* :class:`RejectNul`: a NUL character in the path or in a query parameter (name or value)
  is refused with 422 before any route runs.  PostgreSQL text cannot hold NUL, so such a
  filter would otherwise reach the database and fail there; one check here covers every
  string parameter, present and future.
* :class:`HeadAsGet`: ``HEAD`` is answered on every ``GET`` route (FastAPI's routes only
  answer the methods they declare): the ``GET`` runs and its body is dropped, its headers
  (``Content-Length`` included) kept.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from newsgraph.api.errors import respond


def nul_problem(request: Request) -> str | None:
    """What carries a NUL character, if anything does."""
    if "\x00" in request.scope.get("path", ""):
        return "the path contains a NUL character"
    for name, value in request.query_params.multi_items():
        if "\x00" in name or "\x00" in value:
            shown = name.replace("\x00", "\\x00")[:50]
            return f"query parameter {shown!r} contains a NUL character"
    return None


class RejectNul:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            request = Request(scope)
            problem = nul_problem(request)
            if problem is not None:
                response = respond(request, 422, "invalid_request", problem)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


class HeadAsGet:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def without_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, without_body)
