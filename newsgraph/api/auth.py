"""Bearer-token checks: writes always need the token; reads only when configured so."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from newsgraph.api.errors import ApiError
from newsgraph.api.settings import ApiSettings

bearer_scheme = HTTPBearer(auto_error=False, description="NEWSGRAPH_API_TOKEN")
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)]


def settings_of(request: Request) -> ApiSettings:
    settings = request.app.state.settings
    assert isinstance(settings, ApiSettings)
    return settings


def check_token(settings: ApiSettings, credentials: HTTPAuthorizationCredentials | None) -> None:
    """401 without a bearer token, 403 with a wrong one or when no token is configured."""
    if settings.token is None:
        raise ApiError(403, "writes_disabled", "writes are disabled: the server has no NEWSGRAPH_API_TOKEN")
    if credentials is None or not credentials.credentials:
        raise ApiError(
            401, "unauthorized", "a bearer token is required", headers={"WWW-Authenticate": "Bearer"}
        )
    given = credentials.credentials.encode("utf-8")
    if not hmac.compare_digest(given, settings.token.encode("utf-8")):
        raise ApiError(403, "forbidden", "wrong token")


def require_token(request: Request, credentials: Credentials) -> None:
    check_token(settings_of(request), credentials)
