"""Error bodies: every error the API returns is ``{"error": {"code", "message"}}``."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import SQLAlchemyError
from starlette.exceptions import HTTPException as StarletteHTTPException

from newsgraph.errors import ModelError, StoreError
from newsgraph.store.search import SearchQueryError, SearchTimeout

logger = logging.getLogger("newsgraph.api")

_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "invalid_request",
    500: "internal_error",
    501: "not_implemented",
    503: "unavailable",
}


class ApiError(Exception):
    """An error with its HTTP status, a stable code and a message for people."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers


def error_body(code: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message}}


def error_response(
    status: int, code: str, message: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    return JSONResponse(error_body(code, message), status_code=status, headers=headers)


def _validation_message(exc: RequestValidationError) -> str:
    problems = []
    for error in exc.errors()[:5]:
        where = ".".join(str(part) for part in error.get("loc", ()))
        problems.append(f"{where}: {error.get('msg', 'invalid')}")
    return "; ".join(problems) or "invalid request"


HtmlErrorPage = Callable[[Request, int, str], Response]


def respond(
    request: Request, status: int, code: str, message: str, headers: dict[str, str] | None = None
) -> Response:
    """JSON under /api; elsewhere the web UI's error page when one is installed."""
    html_page: HtmlErrorPage | None = getattr(request.app.state, "html_error_page", None)
    if html_page is not None and not request.url.path.startswith("/api"):
        return html_page(request, status, message)
    return error_response(status, code, message, headers)


async def _on_api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return respond(request, exc.status, exc.code, exc.message, exc.headers)


async def _on_http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    code = _CODES.get(exc.status_code, "error")
    message = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ")
    return respond(request, exc.status_code, code, message, getattr(exc, "headers", None))


async def _on_validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    return respond(request, 422, "invalid_request", _validation_message(exc))


async def _on_model_error(request: Request, exc: Exception) -> Response:
    return respond(request, 400, "bad_request", str(exc))


def reason(exc: SQLAlchemyError) -> str:
    """Why a database call failed, as the driver says it, without the statement."""
    original = getattr(exc, "orig", None)
    return loggable(str(original)) if original is not None else type(exc).__name__


def loggable(message: str) -> str:
    """A store error's message fit for the error log: its first line, without the SQL
    statement and parameters SQLAlchemy appends (``[SQL: …]``), which carry user input."""
    first = message.split("\n", 1)[0]
    return first.split("[SQL:", 1)[0].strip()


async def _on_store_error(request: Request, exc: Exception) -> Response:
    message = str(exc)
    if "not implemented" in message:
        return respond(request, 501, "not_implemented", message)
    logger.error("store error on %s %s: %s", request.method, request.url.path, loggable(message))
    logger.debug("store error details", exc_info=exc)
    return respond(request, 503, "unavailable", "the store cannot answer this request now")


async def _on_search_query(request: Request, exc: Exception) -> Response:
    return respond(request, 422, "invalid_request", str(exc))


async def _on_search_timeout(request: Request, exc: Exception) -> Response:
    logger.warning("search stopped at its time limit on %s %s", request.method, request.url.path)
    return respond(request, 503, "search_timeout", str(exc))


async def _on_database_error(request: Request, exc: Exception) -> Response:
    """A database error not wrapped in a StoreError: answered and logged as one."""
    assert isinstance(exc, SQLAlchemyError)
    return await _on_store_error(request, StoreError(reason(exc)))


async def _on_unexpected(request: Request, exc: Exception) -> Response:
    logger.exception("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
    return respond(request, 500, "internal_error", "internal error")


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ApiError, _on_api_error)
    app.add_exception_handler(StarletteHTTPException, _on_http_error)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(ModelError, _on_model_error)
    app.add_exception_handler(StoreError, _on_store_error)
    app.add_exception_handler(SQLAlchemyError, _on_database_error)
    app.add_exception_handler(SearchQueryError, _on_search_query)
    app.add_exception_handler(SearchTimeout, _on_search_timeout)
    app.add_exception_handler(Exception, _on_unexpected)
