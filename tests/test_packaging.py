"""Packaging (issue #18): every third-party module newsgraph imports is declared in
pyproject.toml, as a dependency or in an extra; a feature whose extra is missing says
which one to install."""

from __future__ import annotations

import ast
import importlib
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from newsgraph.errors import ConfigError
from newsgraph.extras import EXTRAS, require
from newsgraph.store.engine import make_engine, resolve_url

ROOT = Path(__file__).resolve().parents[1]


def imported_modules() -> set[str]:
    found: set[str] = set()
    for path in (ROOT / "newsgraph").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    return found - set(sys.stdlib_module_names) - {"newsgraph", "__future__"}


def declared() -> tuple[set[str], dict[str, set[str]]]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    def names(requirements: list[str]) -> set[str]:
        return {Requirement(r).name.lower().replace("_", "-") for r in requirements}
    extras = {extra: names(reqs) for extra, reqs in project["optional-dependencies"].items()}
    return names(project["dependencies"]), extras


def test_every_imported_package_is_declared() -> None:
    core, extras = declared()
    everything = core.union(*extras.values())
    distributions = packages_distributions()
    undeclared = {
        module: distributions.get(module)
        for module in imported_modules()
        if not {d.lower().replace("_", "-") for d in distributions.get(module, [module])} & everything
    }
    assert undeclared == {}


def test_the_extras_of_the_errors_are_those_of_pyproject() -> None:
    _core, extras = declared()
    assert set(EXTRAS) <= set(extras)
    for extra, (_purpose, packages) in EXTRAS.items():
        assert {Requirement(p).name for p in packages} <= extras[extra]


def test_a_missing_extra_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)
    with pytest.raises(ConfigError, match=r"PostgreSQL stores need psycopg\[binary\].*newsgraph\[postgres\]"):
        make_engine(resolve_url("postgresql://someone@localhost/db"))
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    monkeypatch.delitem(sys.modules, "newsgraph.analysis.plots", raising=False)
    with pytest.raises(ConfigError, match=r"pip install 'newsgraph\[plots\]'"):
        importlib.import_module("newsgraph.analysis.plots")
    assert require("json", extra="plots").dumps([]) == "[]"
