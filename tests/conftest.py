"""Shared fixtures.  Tests that read ../shared/eval skip with a reason when it is absent."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_EVAL = REPO.parent / "shared" / "eval"
EXAMPLES = REPO / "examples"


@pytest.fixture(scope="session")
def dev_dir() -> Path:
    directory = SHARED_EVAL / "dev"
    if not directory.is_dir():
        pytest.skip(f"the dev gold set is absent ({directory}); it lives in ../shared/eval/dev")
    return directory


@pytest.fixture(scope="session")
def seed_text() -> str:
    return (EXAMPLES / "seed_fr.txt").read_text(encoding="utf-8")
