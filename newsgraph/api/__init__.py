"""The newsgraph REST API (FastAPI).  ``create_app(db=...)`` builds it; see docs/api.md."""

from newsgraph.api.app import create_app
from newsgraph.api.settings import ApiSettings

__all__ = ["ApiSettings", "create_app"]
