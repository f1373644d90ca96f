"""The newsgraph web UI: server-rendered pages (Jinja2, autoescaped) and a little JS."""

from newsgraph.web.pages import install_web

__all__ = ["install_web"]
