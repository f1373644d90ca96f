"""Settings of the REST API and web UI, read from ``NEWSGRAPH_API_*`` environment variables."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from newsgraph.errors import ConfigError

DEFAULT_MAX_INGEST_BYTES = 1024 * 1024
_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off", ""})


def _token_from_env() -> str | None:
    token = os.environ.get("NEWSGRAPH_API_TOKEN", "").strip()
    return token or None


def _flag_from_env(name: str, default: bool) -> bool:
    raw = os.environ.get(f"NEWSGRAPH_API_{name}")
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ConfigError(f"NEWSGRAPH_API_{name} must be true or false, got {raw!r}")


def _int_from_env(name: str, default: int) -> int:
    raw = os.environ.get(f"NEWSGRAPH_API_{name}")
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise ConfigError(f"NEWSGRAPH_API_{name} must be an integer, got {raw!r}") from exc
    if value < 1:
        raise ConfigError(f"NEWSGRAPH_API_{name} must be positive, got {value}")
    return value


@dataclass(frozen=True, slots=True)
class ApiSettings:
    """``token``: bearer token for writes (ingest, corrections); None disables writes.
    ``protect_reads``: read endpoints require the token too (and the web UI is off).
    ``max_ingest_bytes``: largest request body accepted by the ingest endpoint."""

    token: str | None = field(default_factory=_token_from_env)
    protect_reads: bool = field(default_factory=lambda: _flag_from_env("PROTECT_READS", False))
    max_ingest_bytes: int = field(
        default_factory=lambda: _int_from_env("MAX_INGEST_BYTES", DEFAULT_MAX_INGEST_BYTES)
    )
    web: bool = field(default_factory=lambda: _flag_from_env("WEB", True))

    def __post_init__(self) -> None:
        if self.protect_reads and self.token is None:
            raise ConfigError("NEWSGRAPH_API_PROTECT_READS needs NEWSGRAPH_API_TOKEN to be set")

    @property
    def serves_web(self) -> bool:
        """The web UI reads without a token, so it is off when reads are protected."""
        return self.web and not self.protect_reads
