"""Optional parts of newsgraph and the packages they need (pyproject's extras).

A feature that needs an optional package imports it through :func:`require`, so a missing
package is one clear message naming the extra to install, not a traceback.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from newsgraph.errors import ConfigError

# extra -> (what it enables, the packages it installs)
EXTRAS: dict[str, tuple[str, tuple[str, ...]]] = {
    "postgres": ("PostgreSQL stores", ("psycopg[binary]",)),
    "batch": ("newsgraph batch (Dask)", ("dask", "distributed")),
    "ftm": ("FollowTheMoney exports", ("followthemoney",)),
    "plots": ("plots (--plot)", ("matplotlib",)),
    "pandas": ("Article.to_pandas and newsgraph.data_frames", ("pandas",)),
}


def missing(extra: str) -> ConfigError:
    """The error for a feature whose extra is not installed (raise it from the ImportError)."""
    purpose, packages = EXTRAS[extra]
    return ConfigError(
        f"{purpose} need {', '.join(packages)}, which is not installed: pip install 'newsgraph[{extra}]'"
    )


def require(module: str, *, extra: str) -> ModuleType:
    """``module`` imported, or a :class:`~newsgraph.errors.ConfigError` saying which extra
    provides it: ``pip install 'newsgraph[plots]'``."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise missing(extra) from exc
