"""The newsgraph REST API (FastAPI).  ``create_app(db=...)`` builds it; see docs/api.md.

``create_app`` and ``ApiSettings`` are loaded on first use, so that importing a module of
this package (the CLI reads :mod:`newsgraph.api.queries`) does not load FastAPI.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from newsgraph.api.app import create_app
    from newsgraph.api.settings import ApiSettings

__all__ = ["ApiSettings", "create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from newsgraph.api.app import create_app

        return create_app
    if name == "ApiSettings":
        from newsgraph.api.settings import ApiSettings

        return ApiSettings
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
